/**
 * Where a download's records land: every record the grant's rights were used for, as JSON lines
 * in a file of its own on the user's machine (`patx mcp` runs there, over stdio), so nothing paid
 * for and receipted is ever cut from an answer. The tool's answer carries the file's path and a
 * small preview, not the records: an agent reads the file with its own tools, and the answer
 * stays small whatever the grant's size. The file is opened before the rights are used, so a
 * directory that cannot be written refuses the download with nothing used or receipted.
 */
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ToolRefusal } from './refusal.js';

/** Where downloads land without --download-dir / PATX_MCP_DOWNLOAD_DIR. */
export function defaultDownloadDir(): string {
  return path.join(os.homedir(), 'patx-downloads');
}

/** Records an answer previews (the rest are in the file). */
export const PREVIEW_RECORDS = 5;

/** A records file opened for one download, written once the records arrive. */
export interface RecordFile {
  path: string;
  handle: FileHandle;
}

/** Opens a new file for grant `grantId`'s records in `dir` (made if missing, the user's alone), or refuses DOWNLOAD_DIR with why. */
export async function openRecordFile(dir: string, grantId: number, nowMs = Date.now()): Promise<RecordFile> {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (let n = 0; ; n++) {
      const file = path.join(dir, `grant-${grantId}-${stamp}${n === 0 ? '' : `-${n}`}.jsonl`);
      try {
        // 'wx': a new file, never one written before (two downloads of a grant in the same second get -1, -2…).
        return { path: file, handle: await open(file, 'wx', 0o600) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw error;
      }
    }
  } catch (error) {
    throw new ToolRefusal('DOWNLOAD_DIR', `cannot write the records file in ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)}); nothing was downloaded or receipted. The user sets the directory with --download-dir DIR (or PATX_MCP_DOWNLOAD_DIR).`);
  }
}

/** Writes the records, one JSON object a line, and closes the file; the bytes written. */
export async function writeRecords(file: RecordFile, records: readonly unknown[]): Promise<number> {
  try {
    const text = records.map((r) => JSON.stringify(r)).join('\n') + (records.length > 0 ? '\n' : '');
    await file.handle.writeFile(text, 'utf8');
    return Buffer.byteLength(text);
  } finally {
    await file.handle.close();
  }
}

/** A download that did not deliver: its file is closed and removed (it holds nothing). */
export async function discardRecordFile(file: RecordFile): Promise<void> {
  await file.handle.close().catch(() => undefined);
  await rm(file.path, { force: true });
}
