/**
 * A data file cut short is refused before LMDB maps it (src/runtime/lmdb-file.ts, docs/journal.md "Damage").
 * Before, a journal whose data.mdb had lost its end opened: `patx verify` then died with "Bus error" at its first read
 * past the end (SIGBUS kills the test process too: run on the code before, this file does not finish), and a writable
 * open under 'commit' grew the file with zeros before LMDB refused it. Real LMDB files, both durability modes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandKind, Journal, Role, SYSTEM_ACTOR, type Durability } from '../../src/engine/index.js';
import { DataFileCutShortError, dataFileShortfall, openStore } from '../../src/runtime/lmdb-file.js';

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'patx-lmdb-file-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A journal of `records` one-command records in `dir`, closed. */
async function writeJournal(dir: string, durability: Durability, records: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const journal = Journal.open(dir, { durability });
  for (let i = 0; i < records; i++) {
    const address = `0x${i.toString(16).padStart(40, '0')}`;
    await journal.append({ firstSeq: journal.lastSeq() + 1, timeMs: 1_700_000_000_000 + i, commands: [{ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address }] });
  }
  await journal.close();
}

describe.each(['flush', 'commit'] as const)('a journal cut short (%s)', (durability) => {
  it('is refused, read-only and writable, with the sizes said, and the file is left as it was', async () => {
    const dir = join(root, 'journal');
    await writeJournal(dir, durability, 2_000);
    const file = join(dir, 'data.mdb');
    const whole = dataFileShortfall(dir);
    expect(whole).toBeUndefined();
    const reopened = Journal.open(dir, { durability, readOnly: true });
    expect(reopened.verify().lastSeq).toBe(2_000);
    await reopened.close();

    // Cut at half the pages in use, one byte short of them, and inside the second meta page.
    const needed = 4096 * (Number(readFileSync(file).readBigUInt64LE(0x90)) + 1); // the first meta's last page: a lower bound
    for (const size of [Math.floor(needed / 2), needed - 4096 - 1, 4096 + 100]) {
      truncateSync(file, size);
      const shortfall = dataFileShortfall(dir);
      expect(shortfall?.size).toBe(size);
      if (size > 8192) expect(shortfall?.needed).toBeGreaterThan(size);
      for (const readOnly of [true, false]) {
        let thrown: unknown;
        try {
          await (Journal.open(dir, { durability, readOnly })).close();
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(DataFileCutShortError);
        expect((thrown as DataFileCutShortError).code).toBe('DATA_FILE_CUT_SHORT');
        expect((thrown as Error).message).toContain(`${file} is cut short: ${size} bytes`);
        expect(statSync(file).size).toBe(size); // nothing grew it or wrote to it
      }
    }
  });
});

describe('openStore', () => {
  it('opens a data directory whose name has an extension as a directory (lmdb-js took it for a file)', async () => {
    const dir = join(root, 'patx.prod');
    await writeJournal(dir, 'commit', 3);
    expect(readdirSync(dir).sort()).toEqual(['data.mdb', 'lock.mdb']);
    const journal = Journal.open(dir, { durability: 'commit', readOnly: true });
    expect(journal.lastSeq()).toBe(3);
    await journal.close();
  });

  it('takes an empty data file as a new store, as LMDB does', async () => {
    const dir = join(root, 'store');
    const env = openStore<string, string>({ path: dir });
    await env.put('k', 'v');
    await env.close();
    truncateSync(join(dir, 'data.mdb'), 0);
    expect(dataFileShortfall(dir)).toBeUndefined();
    const again = openStore<string, string>({ path: dir });
    expect(again.get('k')).toBeUndefined();
    await again.close();
  });

  it('is the only way src/ opens an LMDB environment', () => {
    const src = join(import.meta.dirname, '../../src');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(src, f));
    const direct = files.filter((f) => /import\s*\{[^}]*\bopen\b[^}]*\}\s*from\s*'lmdb'/.test(readFileSync(f, 'utf8')));
    expect(direct.map((f) => relative(src, f))).toEqual(['runtime/lmdb-file.ts']);
  });
});
