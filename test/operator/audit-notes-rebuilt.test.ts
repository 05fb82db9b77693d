/**
 * The audit trail's operator notes from before they were journaled (kept beside the journal in its `notes` table until
 * 2026-12-06) are the trail's alone: a trail found ahead of the journal at a start (a power cut under 'commit'
 * durability, a deposed leader's tail set aside) is emptied and derived again, and took them with it (the upgrade
 * audit's finding). They are now carried across to the fresh trail. Real LMDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { AuditTrail, type AuditEntry } from '../../src/operator/audit-trail.js';
import { rebuiltIfAheadOrCut } from '../../src/read-models/rebuilt-if-ahead-or-cut.js';
import { openStore } from '../../src/runtime/lmdb-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const note: AuditEntry = { seq: 7, timeMs: 1_700_000_000_000, actor: 0, event: 'OPERATOR_ADDED', detail: { name: 'carol', by: 'root' }, note: 1 };

it("a trail ahead of the journal is derived again with its pre-journal operator notes kept", async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'patx-audit-notes-'));
  dirs.push(dataDir);
  // As an older version left it: a note beside the journal, and the trail's progress at seq 40.
  await AuditTrail.create(dataDir).close();
  const env = openStore({ path: path.join(dataDir, 'audit'), maxDbs: 3 });
  await env.openDB<AuditEntry, [number, number]>({ name: 'notes' }).put([7, 1], note);
  await env.openDB<number, string>({ name: 'meta' }).put('lastSeq', 40);
  await env.close();

  const ahead: number[] = [];
  const trail = await rebuiltIfAheadOrCut(() => AuditTrail.create(dataDir), (a) => a.seq, path.join(dataDir, 'audit'), 12, { ahead: (s) => ahead.push(s), cutShort: () => undefined }, { take: (a) => a.notesBeforeJournaled(), put: (a, kept) => a.keepNotesBeforeJournaled(kept) });
  expect(ahead).toEqual([40]);
  expect(trail.seq).toBe(0); // derived again from the journal
  expect(trail.page(0, 10)).toEqual([note]);
  await trail.close();
});
