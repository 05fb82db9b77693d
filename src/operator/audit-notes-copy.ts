/**
 * A copy, beside the audit trail (<dataDir>/audit-notes-before-journaled.json), of the operators' notes the trail kept
 * beside the journal before they were journaled (2026-12-06). The journal does not hold them, so a trail derived again
 * from it (ahead of the journal, cut short, or removed by the operator after damage) would lose them; and a trail whose
 * data file is cut short cannot be read to carry them across. The notes are never written now, so the copy is written
 * once, while the trail is whole, and put back into a trail that lacks them (AuditTrail.create).
 *
 * JSON, written beside and renamed over with an fsync of each: a copy is either whole or absent, never half written.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry } from './audit-entry.js';

export const NOTES_COPY_FILE = 'audit-notes-before-journaled.json';

/** A note as the trail keys it: [seq, note number]. */
export interface NoteBeforeJournaled {
  key: [number, number];
  value: AuditEntry;
}

/** The copy in `dataDir`; undefined when there is none, or when it is not one this module wrote (then it is rewritten from a whole trail). */
export function readNotesCopy(dataDir: string): NoteBeforeJournaled[] | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, NOTES_COPY_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every(isNote) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the copy (replacing any): to a file beside first, fsynced, then renamed over, and the directory fsynced. */
export function writeNotesCopy(dataDir: string, notes: readonly NoteBeforeJournaled[]): void {
  const file = join(dataDir, NOTES_COPY_FILE);
  const next = `${file}.${process.pid}.next`;
  const fd = openSync(next, 'w');
  try {
    writeSync(fd, `${JSON.stringify(notes)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(next, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(next, file);
  const dir = openSync(dataDir, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

function isNote(x: unknown): x is NoteBeforeJournaled {
  if (typeof x !== 'object' || x === null) return false;
  const { key, value } = x as { key?: unknown; value?: unknown };
  return Array.isArray(key) && key.length === 2 && key.every(Number.isSafeInteger) && typeof value === 'object' && value !== null && Number.isSafeInteger((value as { seq?: unknown }).seq);
}
