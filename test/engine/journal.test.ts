import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import { open, type Database } from 'lmdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandKind, type Command } from '../../src/engine/core/commands.js';
import {
  Journal,
  JournalCorruptError,
  JournalDamagedError,
  JournalRefusedError,
  RECORD_HEADER_BYTES,
  SnapshotCorruptError,
  encodeJournalRecord,
  keySeq,
  seqKey,
  type Durability,
  type JournalBatch,
} from '../../src/engine/durability/journal.js';
import { refuseCommitWrites } from '../support/journal-faults.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let dir: string;
const opened: Journal[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-journal-test-'));
});

afterEach(async () => {
  for (const journal of opened.splice(0)) await journal.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function openJournal(durability: Durability = 'commit', readOnly = false, backgroundSyncMs?: number): Journal {
  const journal = Journal.open(dir, { durability, readOnly, backgroundSyncMs });
  opened.push(journal);
  return journal;
}

function order(seq: number): Command {
  return {
    kind: CommandKind.NEW_ORDER,
    actor: 1 + (seq % 7),
    seriesId: 3,
    clientOrderId: 1_700_000_000_000 + seq,
    side: seq % 2 === 0 ? 1 : 2,
    orderType: 1,
    tif: 1,
    priceMicros: 1_000_000 + seq,
    qty: 1 + (seq % 9),
    expireAtMs: 0,
    postOnly: false,
    stp: 1,
  };
}

function batch(firstSeq: number, count: number, timeMs = 1_750_000_000_000 + firstSeq): JournalBatch {
  return { firstSeq, timeMs, commands: Array.from({ length: count }, (_, i) => order(firstSeq + i)) };
}

/** Appends one record per entry of `sizes`, continuing from lastSeq(); returns the batches. */
async function appendAll(journal: Journal, sizes: number[]): Promise<JournalBatch[]> {
  const batches: JournalBatch[] = [];
  let seq = journal.lastSeq() + 1;
  for (const size of sizes) {
    batches.push(batch(seq, size));
    seq += size;
  }
  await Promise.all(batches.map((b) => journal.append(b)));
  return batches;
}

type RawDb = Database<Uint8Array, Uint8Array>;

/** Runs `edit` against the 'journal' db through a separate, raw lmdb handle (the journal must be closed). */
async function withRawJournalDb(edit: (db: RawDb) => void): Promise<void> {
  const env = open({ path: dir, maxDbs: 4 });
  try {
    edit(env.openDB<Uint8Array, Uint8Array>({ name: 'journal', encoding: 'binary', keyEncoding: 'binary' }));
  } finally {
    await env.close();
  }
}

async function withRawJournalDbAfterClose(journal: Journal, edit: (db: RawDb) => void): Promise<void> {
  await journal.close();
  await withRawJournalDb(edit);
}

/** CRC32 over a record minus its CRC field (bytes 32..35): the journal's rule, restated. */
function crc32Of(record: Uint8Array): number {
  return crc32(record.subarray(36), crc32(record.subarray(0, 32)));
}

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function readAll(journal: Journal, fromSeq = 1): JournalBatch[] {
  return [...journal.read(fromSeq)];
}

describe('journal: append and read', () => {
  it('round-trips batches and reports lastSeq including in-flight appends', async () => {
    const journal = openJournal();
    expect(journal.lastSeq()).toBe(0);
    const pending = journal.append(batch(1, 3));
    expect(journal.lastSeq()).toBe(3); // before the commit
    await pending;
    const more = await appendAll(journal, [2, 5]);
    expect(readAll(journal)).toEqual([batch(1, 3), ...more]);
    expect(journal.verify()).toEqual({ records: 3, commands: 10, firstSeq: 1, lastSeq: 10 });
  });

  it('reads from the middle, starting with the record holding fromSeq', async () => {
    const journal = openJournal();
    await appendAll(journal, [3, 3, 3, 3]); // records at 1, 4, 7, 10
    expect(readAll(journal, 5).map((b) => b.firstSeq)).toEqual([4, 7, 10]);
    expect(readAll(journal, 7).map((b) => b.firstSeq)).toEqual([7, 10]);
    expect(readAll(journal, 12).map((b) => b.firstSeq)).toEqual([10]);
    expect(readAll(journal, 13)).toEqual([]);
    expect(readAll(journal, 0).map((b) => b.firstSeq)).toEqual([1, 4, 7, 10]);
  });

  it('refuses gaps, overlaps and empty batches synchronously, writing nothing', async () => {
    const journal = openJournal();
    await journal.append(batch(1, 2));
    const gap = catchError(() => journal.append(batch(4, 1))) as JournalRefusedError;
    expect(gap).toBeInstanceOf(JournalRefusedError);
    expect(gap.reason).toBe('gap');
    expect(gap.details).toEqual({ expectedSeq: 3, firstSeq: 4 });
    expect(() => journal.append(batch(2, 1))).toThrow(/overlap/);
    expect(() => journal.append({ firstSeq: 3, timeMs: 1, commands: [] })).toThrow(/empty-batch/);
    expect(() => journal.append({ ...batch(3, 1), timeMs: -1 })).toThrow(/bad-time/);
    expect(() => journal.append({ ...batch(3, 1), firstSeq: Number.NaN })).toThrow(/overlap|gap/);
    expect(journal.lastSeq()).toBe(2);
    await journal.append(batch(3, 1));
    expect(journal.verify().lastSeq).toBe(3);
  });

  it("'commit' mode commits each append before it returns; a failed write rejects it and refuses every later one", async () => {
    const journal = openJournal('commit');
    void journal.append(batch(1, 2));
    expect(journal.verify().lastSeq).toBe(2); // committed already, nothing awaited
    const diskFull = new Error('MDB_MAP_FULL (simulated: LMDB refuses the write)');
    const restore = refuseCommitWrites(journal, diskFull);
    await expect(journal.append(batch(3, 1))).rejects.toBe(diskFull);
    restore();
    expect(() => journal.append(batch(4, 1))).toThrow();
    expect(journal.verify().lastSeq).toBe(2);
  });

  it("appendCommitted ('commit' only) commits before it returns, refuses as append does, and a failed write refuses every later one", () => {
    const journal = openJournal('commit');
    expect(journal.commitsOnAppend).toBe(true);
    journal.appendCommitted(batch(1, 2));
    expect(journal.verify().lastSeq).toBe(2);
    expect(() => journal.appendCommitted(batch(4, 1))).toThrow(/gap/);
    expect(() => journal.appendCommitted(batch(2, 1))).toThrow(/overlap/);
    const diskFull = new Error('MDB_MAP_FULL (simulated: LMDB refuses the write)');
    const restore = refuseCommitWrites(journal, diskFull);
    expect(() => journal.appendCommitted(batch(3, 1))).toThrow(diskFull);
    restore();
    expect(() => journal.appendCommitted(batch(4, 1))).toThrow(/failed/);
    expect(journal.verify().lastSeq).toBe(2);
  });

  it("appendCommitted is refused in 'flush' durability (its commit completes later)", () => {
    const journal = openJournal('flush');
    expect(journal.commitsOnAppend).toBe(false);
    expect(() => journal.appendCommitted(batch(1, 1))).toThrow(/'commit' durability/);
    expect(journal.lastSeq()).toBe(0);
  });

  it('commits many in-flight appends in order', async () => {
    const journal = openJournal();
    const pending: Promise<void>[] = [];
    for (let seq = 1; seq <= 200; seq += 2) pending.push(journal.append(batch(seq, 2)));
    await Promise.all(pending);
    expect(readAll(journal).map((b) => b.firstSeq)).toEqual(Array.from({ length: 100 }, (_, i) => 1 + 2 * i));
  });

  it('keeps everything across close and reopen, and continues from lastSeq', async () => {
    const first = openJournal();
    const batches = await appendAll(first, [4, 1, 7]);
    await first.saveSnapshot({ seq: 5, stateHash: 'h5', bytes: new Uint8Array([5]) });
    await first.close();
    expect(() => first.append(batch(13, 1))).toThrow(/closed/);

    const second = openJournal();
    expect(second.lastSeq()).toBe(12);
    expect(readAll(second)).toEqual(batches);
    expect(second.latestSnapshot()?.seq).toBe(5);
    await second.append(batch(13, 2));
    expect(second.verify()).toEqual({ records: 4, commands: 14, firstSeq: 1, lastSeq: 14 });
  });

  it.each<Durability>(['commit', 'flush'])('works in %s mode', async (durability) => {
    const journal = openJournal(durability, false, 2); // background fsync every 2 ms ('commit' only)
    await appendAll(journal, [10, 20]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await journal.saveSnapshot({ seq: 30, stateHash: 'h', bytes: new Uint8Array(100) });
    await journal.flushed();
    await journal.close();
    const reopened = openJournal(durability === 'commit' ? 'flush' : 'commit'); // the mode is not a property of the files
    expect(reopened.verify().lastSeq).toBe(30);
    expect(reopened.latestSnapshot()?.seq).toBe(30);
  });

  it('opens read-only for reading and refuses writes', async () => {
    const writer = openJournal();
    await appendAll(writer, [2, 2]);
    await writer.close();
    const reader = openJournal('commit', true);
    expect(reader.lastSeq()).toBe(4);
    expect(reader.verify().records).toBe(2);
    expect(() => reader.append(batch(5, 1))).toThrow(/read-only/);
  });

  it('uses 8-byte big-endian seq keys', () => {
    expect(Array.from(seqKey(2 ** 32 + 5))).toEqual([0, 0, 0, 1, 0, 0, 0, 5]);
    for (const seq of [1, 255, 2 ** 32, Number.MAX_SAFE_INTEGER]) expect(keySeq(seqKey(seq))).toBe(seq);
    expect(keySeq(new Uint8Array([0xff, 0, 0, 0, 0, 0, 0, 0]))).toBe(-1);
    expect(keySeq(new Uint8Array(7))).toBe(-1);
  });
});

describe('journal: corruption detection (bytes written through a raw lmdb handle)', () => {
  /** Three records (keys 1, 4, 7), journal closed. */
  async function threeRecords(): Promise<void> {
    const journal = openJournal();
    await appendAll(journal, [3, 3, 3]);
    await journal.close();
  }

  function expectCorrupt(f: () => unknown, key: number, seq: number, reason: RegExp): void {
    const error = catchError(f) as JournalCorruptError;
    expect(error).toBeInstanceOf(JournalCorruptError);
    expect(error.name).toBe('JournalCorruptError');
    expect(error.key).toBe(key);
    expect(error.seq).toBe(seq);
    expect(error.reason).toMatch(reason);
    expect(error.message).toContain(`key ${key}`);
  }

  it('detects a flipped payload byte by its checksum', async () => {
    await threeRecords();
    await withRawJournalDb((db) => {
      const value = Uint8Array.from(db.get(seqKey(4))!);
      value[RECORD_HEADER_BYTES + 5]! ^= 0x01;
      db.putSync(seqKey(4), value);
    });
    const journal = openJournal();
    expectCorrupt(() => journal.verify(), 4, 4, /checksum mismatch/);
    const reader = journal.read(1);
    expect(reader.next().value?.firstSeq).toBe(1); // the good record before it still reads
    expectCorrupt(() => reader.next(), 4, 4, /checksum mismatch/);
    expectCorrupt(() => readAll(journal, 5), 4, 4, /checksum mismatch/);
  });

  it('detects a truncated value', async () => {
    await threeRecords();
    await withRawJournalDb((db) => {
      const value = db.get(seqKey(4))!;
      db.putSync(seqKey(4), Uint8Array.from(value.subarray(0, value.length - 3)));
    });
    const journal = openJournal();
    expectCorrupt(() => journal.verify(), 4, 4, /truncated/);
    await withRawJournalDbAfterClose(journal, (db) => db.putSync(seqKey(4), new Uint8Array(10)));
    expectCorrupt(() => openJournal().verify(), 4, 4, /truncated: 10 bytes/);
  });

  it('detects a missing record as a gap, naming the record after it', async () => {
    await threeRecords();
    await withRawJournalDb((db) => db.removeSync(seqKey(4)));
    const journal = openJournal();
    expectCorrupt(() => journal.verify(), 7, 4, /gap: seqs 4\.\.6 are missing/);
    expectCorrupt(() => readAll(journal), 7, 4, /gap/);
  });

  it('detects a missing first record', async () => {
    await threeRecords();
    await withRawJournalDb((db) => db.removeSync(seqKey(1)));
    expectCorrupt(() => openJournal().verify(), 4, 1, /gap: seqs 1\.\.3/);
  });

  it('detects an overlapping record even when its checksum is valid', async () => {
    await threeRecords();
    // A well-formed record for seqs 5..6 stored at key 5: it overlaps the record at 4 (seqs 4..6).
    await withRawJournalDb((db) => db.putSync(seqKey(5), encodeJournalRecord(batch(5, 2))));
    expectCorrupt(() => openJournal().verify(), 5, 7, /overlap/);
  });

  it('detects a record stored under the wrong key', async () => {
    await threeRecords();
    await withRawJournalDb((db) => db.putSync(seqKey(4), encodeJournalRecord(batch(40, 3))));
    expectCorrupt(() => openJournal().verify(), 4, 4, /header firstSeq 40 differs from the key/);
  });

  it('detects a payload that does not decode behind a valid checksum', async () => {
    await threeRecords();
    await withRawJournalDb((db) => {
      const record = encodeJournalRecord(batch(4, 3));
      record[RECORD_HEADER_BYTES] = 250; // kind byte of the first command
      const view = new DataView(record.buffer);
      // Recompute the CRC the way the journal does, so only decoding can catch it.
      const crc = crc32Of(record);
      view.setUint32(32, crc, true);
      db.putSync(seqKey(4), record);
    });
    expectCorrupt(() => openJournal().verify(), 4, 4, /payload does not decode: unknown command kind 250/);
  });

  it('refuses to open when the newest record is damaged', async () => {
    await threeRecords();
    await withRawJournalDb((db) => {
      const value = Uint8Array.from(db.get(seqKey(7))!);
      value[value.length - 1]! ^= 0xff;
      db.putSync(seqKey(7), value);
    });
    expectCorrupt(() => openJournal(), 7, 7, /checksum mismatch/);
  });

  it('detects a byte flipped in the data.mdb file itself', async () => {
    const journal = openJournal();
    const marker = 'corrupt-me-7f3a9c';
    await appendAll(journal, [2]);
    await journal.append({
      firstSeq: 3,
      timeMs: 1,
      commands: [{ kind: CommandKind.CREDIT_DEPOSIT, actor: 0, accountId: 1, amountWei: 5n, ref: marker }],
    });
    await appendAll(journal, [2]);
    await journal.close();

    const file = path.join(dir, 'data.mdb');
    const contents = fs.readFileSync(file);
    let flipped = 0;
    for (let at = contents.indexOf(marker); at >= 0; at = contents.indexOf(marker, at + 1)) {
      contents[at] = 'C'.charCodeAt(0);
      flipped++;
    }
    expect(flipped).toBeGreaterThan(0);
    fs.writeFileSync(file, contents);

    const damaged = openJournal();
    expectCorrupt(() => damaged.verify(), 3, 3, /checksum mismatch/);
  });
});

describe('journal: a damaged data file is never opened as a new journal', () => {
  it('refuses a file that has been written but lost its format record (JournalDamagedError), read-only too; nothing is written', async () => {
    const journal = openJournal();
    await appendAll(journal, [3, 3, 3]);
    await journal.close();
    opened.splice(0);
    // What a damaged page that held the named databases' root leaves: the meta database gone, the file written.
    const env = open({ path: dir, maxDbs: 4 });
    await env.openDB({ name: 'meta', encoding: 'json' }).drop();
    await env.close();
    const size = fs.statSync(path.join(dir, 'data.mdb')).size;
    for (const readOnly of [false, true]) {
      const error = catchError(() => Journal.open(dir, { durability: 'commit', readOnly }));
      expect(error).toBeInstanceOf(JournalDamagedError);
      expect((error as Error).message).toMatch(/^the journal's data file has committed \d+ transactions but its format record is gone/);
    }
    expect(fs.statSync(path.join(dir, 'data.mdb')).size).toBe(size);
  });

  it("any one page's second half overwritten (the reviewer's damage, page by page): refused, or its last seq read whole; never a shorter journal", async () => {
    const journal = openJournal();
    await appendAll(journal, Array.from({ length: 60 }, () => 40));
    const lastSeq = journal.lastSeq();
    await journal.close();
    opened.splice(0);
    const pristine = fs.readFileSync(path.join(dir, 'data.mdb'));
    const noise = Buffer.alloc(2048);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const outcomes = { refused: 0, whole: 0 };
    // Pages 0 and 1 are LMDB's own meta pages (damage there is LMDB's to find); every other page in turn.
    for (let page = 2; page * 4096 < pristine.length; page++) {
      const damaged = Buffer.from(pristine);
      noise.copy(damaged, page * 4096 + 2048);
      fs.writeFileSync(path.join(dir, 'data.mdb'), damaged);
      let reopened: Journal | undefined;
      try {
        reopened = Journal.open(dir, { durability: 'commit' }); // writable, as the service opens it
      } catch {
        outcomes.refused++;
        continue;
      }
      try {
        expect([page, reopened.lastSeq()]).toEqual([page, lastSeq]);
        outcomes.whole++;
      } finally {
        await reopened.close();
      }
    }
    expect(outcomes.refused + outcomes.whole).toBeGreaterThan(10);
  });
});

describe('journal: snapshots', () => {
  it('keeps the newest three and returns the latest, verified', async () => {
    const journal = openJournal();
    await appendAll(journal, [10]);
    for (const seq of [2, 4, 6, 8, 10]) {
      await journal.saveSnapshot({ seq, stateHash: `hash-${seq}`, bytes: new Uint8Array([seq, seq + 1]) });
    }
    expect(journal.snapshotSeqs()).toEqual([6, 8, 10]);
    const latest = journal.latestSnapshot();
    expect(latest).toEqual({ seq: 10, stateHash: 'hash-10', bytes: new Uint8Array([10, 11]) });
    expect(journal.readSnapshot(6)?.stateHash).toBe('hash-6');
    expect(journal.readSnapshot(2)).toBeUndefined();
  });

  it('returns undefined when there is none, and refuses a seq the journal does not hold', async () => {
    const journal = openJournal();
    expect(journal.latestSnapshot()).toBeUndefined();
    await appendAll(journal, [3]);
    expect(() => journal.saveSnapshot({ seq: 4, stateHash: 'h', bytes: new Uint8Array() })).toThrow(/bad-snapshot/);
    await journal.saveSnapshot({ seq: 0, stateHash: '', bytes: new Uint8Array() });
    expect(journal.latestSnapshot()).toEqual({ seq: 0, stateHash: '', bytes: new Uint8Array() });
  });

  it('detects a damaged snapshot by its checksum', async () => {
    const journal = openJournal();
    await appendAll(journal, [3]);
    await journal.saveSnapshot({ seq: 3, stateHash: 'abc', bytes: new Uint8Array(64).fill(7) });
    await journal.close();
    const env = open({ path: dir, maxDbs: 4 });
    const snapshots = env.openDB<Uint8Array, Uint8Array>({ name: 'snapshots', encoding: 'binary', keyEncoding: 'binary' });
    const value = Uint8Array.from(snapshots.get(seqKey(3))!);
    value[value.length - 1]! ^= 0x10;
    snapshots.putSync(seqKey(3), value);
    await env.close();
    const error = catchError(() => openJournal().latestSnapshot()) as SnapshotCorruptError;
    expect(error).toBeInstanceOf(SnapshotCorruptError);
    expect(error.key).toBe(3);
    expect(error.reason).toMatch(/checksum mismatch/);
  });
});

describe('journal: crash safety', () => {
  it("keeps every acknowledged append in 'commit' mode when the process is killed with SIGKILL", async () => {
    const script = path.join(dir, 'writer.mts');
    const journalUrl = pathToFileURL(path.join(PROJECT_ROOT, 'src/engine/durability/journal.ts')).href;
    fs.writeFileSync(
      script,
      `import { Journal } from ${JSON.stringify(journalUrl)};
const journal = Journal.open(${JSON.stringify(path.join(dir, 'db'))}, { durability: 'commit' });
const cmds = Array.from({ length: 500 }, (_, i) => ({ kind: 10, actor: 1, seriesId: 1, qty: i }));
for (;;) {
  const pending = [];
  for (let i = 0; i < 4; i++) pending.push(journal.append({ firstSeq: journal.lastSeq() + 1, timeMs: 1, commands: cmds }));
  const acked = journal.lastSeq();
  await Promise.all(pending);
  process.stdout.write('acked ' + acked + '\\n');
}
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const lastAcked = await new Promise<number>((resolve, reject) => {
      let acks = 0;
      let last = 0;
      let buffered = '';
      child.on('error', reject);
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(last) : reject(new Error(`writer exited early: ${code}`))));
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          last = Number(line.split(' ')[1]);
          if (++acks === 20) child.kill('SIGKILL');
        }
      });
    });
    expect(lastAcked).toBeGreaterThanOrEqual(20 * 4 * 500);
    const recovered = Journal.open(path.join(dir, 'db'), { durability: 'commit' });
    opened.push(recovered);
    const stats = recovered.verify();
    expect(stats.lastSeq).toBeGreaterThanOrEqual(lastAcked);
    expect(recovered.lastSeq()).toBe(stats.lastSeq);
  }, 20_000);
});
