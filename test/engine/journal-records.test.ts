/**
 * The journal's raw records, as replication moves them between nodes (src/replication/):
 * read back byte for byte, checked when they arrive, appended to another journal as they
 * are, and the committed-record notice in both durability modes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandKind, type Command } from '../../src/engine/core/commands.js';
import { Journal, JournalCorruptError, JournalRefusedError, parseJournalRecord, type Durability } from '../../src/engine/durability/journal.js';

const dirs: string[] = [];
const opened: Journal[] = [];

afterEach(async () => {
  for (const j of opened.splice(0)) await j.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function journalIn(durability: Durability = 'commit'): Journal {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-journal-records-'));
  dirs.push(dir);
  const j = Journal.open(dir, { durability });
  opened.push(j);
  return j;
}

function deposit(i: number): Command {
  return { kind: CommandKind.CREDIT_DEPOSIT, actor: 0, accountId: 1 + (i % 3), amountWei: BigInt(i + 1) * 10n ** 15n, ref: `d${i}` } as Command;
}

async function fill(j: Journal, records: number[]): Promise<void> {
  let seq = 1;
  for (const n of records) {
    await j.append({ firstSeq: seq, timeMs: 1_000 + seq, commands: Array.from({ length: n }, (_, k) => deposit(seq + k)) });
    seq += n;
  }
}

describe('raw journal records', () => {
  it('reads records back from a seq, at most `limit`, and another journal appended with them reads the same batches', async () => {
    const a = journalIn();
    await fill(a, [3, 1, 4, 2]);
    expect([...a.rawRecords(1)].map((r) => [r.firstSeq, r.count])).toEqual([[1, 3], [4, 1], [5, 4], [9, 2]]);
    expect([...a.rawRecords(6, 1)].map((r) => r.firstSeq)).toEqual([5]); // the record holding seq 6
    expect([...a.rawRecords(11)]).toEqual([]);
    const b = journalIn();
    for (const r of a.rawRecords(1)) b.appendRecord(parseJournalRecord(r.bytes));
    expect(b.lastSeq()).toBe(10);
    expect([...b.read(1)]).toEqual([...a.read(1)]);
  });

  it('a damaged record is refused with its reason; a record that does not continue the journal changes nothing', async () => {
    const a = journalIn();
    await fill(a, [2, 2]);
    const [first, second] = [...a.rawRecords(1)];
    const bad = new Uint8Array(second!.bytes);
    bad[bad.length - 1]! ^= 0xff;
    expect(() => parseJournalRecord(bad)).toThrow(JournalCorruptError);
    expect(() => parseJournalRecord(bad.subarray(0, 10))).toThrow(/truncated/);
    const b = journalIn();
    expect(() => b.appendRecord(parseJournalRecord(second!.bytes))).toThrow(JournalRefusedError);
    expect(b.lastSeq()).toBe(0);
    b.appendRecord(parseJournalRecord(first!.bytes));
    expect(() => b.appendRecord(parseJournalRecord(first!.bytes))).toThrow(/overlap/);
    expect(b.lastSeq()).toBe(2);
  });

  it.each(['commit', 'flush'] as const)("tells its listeners each committed record's last seq (%s)", async (durability) => {
    const a = journalIn(durability);
    const told: number[] = [];
    a.onCommitted((seq) => told.push(seq));
    await fill(a, [2, 3]);
    await a.flushed();
    expect(told).toEqual([2, 5]);
  });

  it('truncates after a record boundary (records and later snapshots gone, appends continue there); refuses a seq inside a record', async () => {
    const a = journalIn();
    await fill(a, [3, 2, 4]);
    await a.saveSnapshot({ seq: 5, stateHash: 'x', bytes: new Uint8Array([1]) });
    await a.saveSnapshot({ seq: 9, stateHash: 'y', bytes: new Uint8Array([2]) });
    expect(() => a.truncateAfter(4)).toThrow(/does not end a record/);
    a.truncateAfter(5);
    expect(a.lastSeq()).toBe(5);
    expect(a.snapshotSeqs()).toEqual([5]);
    expect([...a.rawRecords(1)].map((r) => r.firstSeq)).toEqual([1, 4]);
    await a.append({ firstSeq: 6, timeMs: 2_000, commands: [deposit(99)] });
    expect(a.lastSeq()).toBe(6);
  });
});
