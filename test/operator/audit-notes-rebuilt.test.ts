/**
 * The audit trail's operator notes from before they were journaled (kept beside the journal in its `notes` table until
 * 2026-12-06) are the trail's alone: a trail found ahead of the journal at a start (a power cut under 'commit'
 * durability, a deposed leader's tail set aside) is emptied and derived again, and took them with it (the upgrade
 * audit's finding). They are now carried across to the fresh trail. A trail whose data file is cut short cannot be
 * read to carry them: a copy beside it (src/operator/audit-notes-copy.ts), written at an open while it was whole, puts
 * them back. Real LMDB.
 */
import { existsSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { AuditTrail, type AuditEntry } from '../../src/operator/audit-trail.js';
import { rebuiltIfAheadOrCut } from '../../src/read-models/rebuilt-if-ahead-or-cut.js';
import { NOTES_COPY_FILE } from '../../src/operator/audit-notes-copy.js';
import { dataFileShortfall, openStore, type DataFileShortfall } from '../../src/runtime/lmdb-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const note: AuditEntry = { seq: 7, timeMs: 1_700_000_000_000, actor: 0, event: 'OPERATOR_ADDED', detail: { name: 'carol', by: 'root' }, note: 1 };

/** A data dir with a trail as a version from before 2026-12-06 left it: a note beside the journal, progress at `lastSeq`. */
async function trailOfAnOlderVersion(lastSeq: number): Promise<string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'patx-audit-notes-'));
  dirs.push(dataDir);
  await AuditTrail.create(dataDir).close();
  // Written as that version did: no copy beside the trail (it had none).
  rmSync(path.join(dataDir, NOTES_COPY_FILE), { force: true });
  const env = openStore({ path: path.join(dataDir, 'audit'), maxDbs: 3 });
  await env.openDB<AuditEntry, [number, number]>({ name: 'notes' }).put([7, 1], note);
  await env.openDB<number, string>({ name: 'meta' }).put('lastSeq', lastSeq);
  await env.close();
  return dataDir;
}

it("a trail ahead of the journal is derived again with its pre-journal operator notes kept", async () => {
  const dataDir = await trailOfAnOlderVersion(40);

  const ahead: number[] = [];
  const trail = await rebuiltIfAheadOrCut(() => AuditTrail.create(dataDir), (a) => a.seq, path.join(dataDir, 'audit'), 12, { ahead: (s) => ahead.push(s), cutShort: () => undefined }, { take: (a) => a.notesBeforeJournaled(), put: (a, kept) => a.keepNotesBeforeJournaled(kept) });
  expect(ahead).toEqual([40]);
  expect(trail.seq).toBe(0); // derived again from the journal
  expect(trail.page(0, 10)).toEqual([note]);
  await trail.close();
});

it('a trail whose data file is cut short is derived again with its pre-journal operator notes kept (the copy beside it)', async () => {
  const dataDir = await trailOfAnOlderVersion(12);
  // A start on this version, the trail whole: it copies the notes beside it.
  const opened = AuditTrail.create(dataDir);
  expect(opened.page(0, 10)).toEqual([note]);
  await opened.close();
  expect(existsSync(path.join(dataDir, NOTES_COPY_FILE))).toBe(true);

  // Then the data file is cut short (a restore that stopped): past both meta pages, short of the pages they name.
  const file = path.join(dataDir, 'audit', 'data.mdb');
  truncateSync(file, 2 * 4096 + 1);
  expect(dataFileShortfall(path.join(dataDir, 'audit'))).toMatchObject({ size: statSync(file).size });

  const cutShort: DataFileShortfall[] = [];
  const trail = await rebuiltIfAheadOrCut(() => AuditTrail.create(dataDir), (a) => a.seq, path.join(dataDir, 'audit'), 12, { ahead: () => undefined, cutShort: (s) => cutShort.push(s) }, { take: (a) => a.notesBeforeJournaled(), put: (a, kept) => a.keepNotesBeforeJournaled(kept) });
  expect(cutShort).toHaveLength(1);
  expect(trail.seq).toBe(0); // derived again from the journal
  expect(trail.page(0, 10)).toEqual([note]);
  await trail.close();

  // And the next start finds them in the trail, the copy unchanged.
  const again = AuditTrail.create(dataDir);
  expect(again.page(0, 10)).toEqual([note]);
  await again.close();
});
