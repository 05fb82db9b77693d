/**
 * The write-ahead journal and snapshot store, in one LMDB environment.
 *
 * The sequencer appends each turn's commands as one record (group commit) and
 * releases acknowledgements only when `append` resolves. Recovery loads the
 * latest snapshot and replays `read(snapshot.seq + 1)`. Every record and
 * snapshot carries a CRC32 so that damage is reported with its location instead
 * of being replayed. Layouts and guarantees: docs/journal.md.
 */

import { crc32 } from 'node:zlib';
import type { Database, RootDatabase } from 'lmdb';
import { openStore } from '../../runtime/lmdb-file.js';
import { BinaryReader, BinaryWriter } from './binary.js';
import { CommandCodecError, decodeCommands, encodeCommands } from './command-codec.js';
import type { Command } from '../core/commands.js';

export type Durability = 'commit' | 'flush';

/** Commands with seqs firstSeq .. firstSeq + commands.length - 1, stamped with one time. */
export interface JournalBatch {
  firstSeq: number;
  timeMs: number;
  commands: readonly Command[];
}

export interface StoredSnapshot {
  /** The last seq whose effects the state includes. */
  seq: number;
  stateHash: string;
  bytes: Uint8Array;
}

export interface JournalOptions {
  durability: Durability;
  readOnly?: boolean;
  /** How many snapshots `saveSnapshot` keeps (newest first); default 3. */
  snapshotsToKeep?: number;
  /**
   * 'commit' mode only: fsync in the background this often, bounding what a
   * power loss can take; 0 disables. Default 1000.
   */
  backgroundSyncMs?: number;
}

export interface JournalStats {
  records: number;
  commands: number;
  /** 0 when the journal is empty. */
  firstSeq: number;
  lastSeq: number;
}

export const JOURNAL_FORMAT_VERSION = 1;
export const SNAPSHOT_FORMAT_VERSION = 1;
export const RECORD_HEADER_BYTES = 36;
export const SNAPSHOT_HEADER_BYTES = 24;
const RECORD_MAGIC = 'PTXJ';
const SNAPSHOT_MAGIC = 'PTXS';
const RECORD_CRC_OFFSET = 32;
const SNAPSHOT_CRC_OFFSET = 20;
const DEFAULT_SNAPSHOTS_TO_KEEP = 3;
const DEFAULT_BACKGROUND_SYNC_MS = 1000;
const META_FORMAT_KEY = 'formatVersion';
/** Records hold at most 2^32-1 commands (u32 count) and payload bytes (u32 length). */
const U32_MAX = 0xffffffff;
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// ---------------------------------------------------------------- errors

/** A stored record or its sequence is damaged. Recovery must stop: replaying past it would build a wrong state. */
export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';
  constructor(
    /** The record's LMDB key (the firstSeq it was stored under); -1 if the key itself is malformed. */
    readonly key: number,
    /** The seq the journal expected this record to start at (its key when nothing precedes it in the scan). */
    readonly seq: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`journal record at key ${key} (expected seq ${seq}): ${reason}`, options);
  }
}

export class SnapshotCorruptError extends Error {
  override readonly name = 'SnapshotCorruptError';
  constructor(
    /** The snapshot's key: the seq it claims to cover; -1 if the key itself is malformed. */
    readonly key: number,
    readonly reason: string,
  ) {
    super(`snapshot at key ${key}: ${reason}`);
  }
}

export type JournalRefusal =
  | 'gap'
  | 'overlap'
  | 'empty-batch'
  | 'bad-time'
  | 'bad-snapshot'
  | 'closed'
  | 'read-only'
  | 'failed';

/** A write the journal refused before touching storage; nothing was written. */
export class JournalRefusedError extends Error {
  override readonly name = 'JournalRefusedError';
  constructor(
    readonly reason: JournalRefusal,
    message: string,
    /** For gap/overlap: the seq the journal expected next, and the one it was given. */
    readonly details: { expectedSeq?: number; firstSeq?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(`journal refused write (${reason}): ${message}`, options);
  }
}

/** The files were written by a different journal format version. */
/**
 * A data file that has committed transactions beyond a new journal's first two (creating its `meta`
 * database, then writing the format) but holds no format record: LMDB pages it needs are damaged
 * (a torn or overwritten page can drop the named databases' root). Opening it as a new journal would
 * start the exchange from seq 1 on top of a history it no longer reads, so it is refused instead.
 */
export class JournalDamagedError extends Error {
  override readonly name = 'JournalDamagedError';
  constructor(readonly lastTxnId: number) {
    super(`the journal's data file has committed ${lastTxnId} transactions but its format record is gone: its pages are damaged; nothing was opened or written (restore the data directory from a backup or a replica: docs/journal.md, "Damage")`);
  }
}

export class JournalFormatError extends Error {
  override readonly name = 'JournalFormatError';
  constructor(
    readonly foundVersion: unknown,
    readonly supportedVersion: number,
  ) {
    super(`journal format version ${String(foundVersion)} is not supported (this build reads ${supportedVersion})`);
  }
}

// ---------------------------------------------------------------- keys

/** Keys are seqs as 8-byte big-endian unsigned integers: byte order = numeric order, and any tool can read them. */
export function seqKey(seq: number): Buffer {
  const key = Buffer.alloc(8);
  const low = seq >>> 0;
  key.writeUInt32BE((seq - low) / 2 ** 32, 0);
  key.writeUInt32BE(low, 4);
  return key;
}

/** The seq a key holds, or -1 if it is not an 8-byte key holding a safe integer. */
export function keySeq(key: unknown): number {
  if (!(key instanceof Uint8Array) || key.length !== 8) return -1;
  const view = new DataView(key.buffer, key.byteOffset, 8);
  const high = view.getUint32(0);
  if (high > 0x1fffff) return -1;
  return high * 2 ** 32 + view.getUint32(4);
}

// ---------------------------------------------------------------- record layout

interface RecordHeader {
  firstSeq: number;
  count: number;
  timeMs: number;
  payload: Uint8Array;
}

/**
 * Writes a record value (header + payload) into `scratch` and returns a view of it, valid until
 * scratch's next write: for a synchronous put, which has copied the value when it returns.
 */
export function writeJournalRecord(batch: JournalBatch, scratch: BinaryWriter): Uint8Array {
  scratch.reset();
  scratch.skip(RECORD_HEADER_BYTES);
  encodeCommands(batch.commands, scratch);
  const payloadBytes = scratch.length - RECORD_HEADER_BYTES;
  if (batch.commands.length > U32_MAX || payloadBytes > U32_MAX) throw new RangeError('journal record too large for u32 fields');
  writeMagic(scratch, 0, RECORD_MAGIC);
  scratch.setU16At(4, JOURNAL_FORMAT_VERSION);
  scratch.setU16At(6, 0); // flags: none defined yet
  scratch.setU64At(8, batch.firstSeq);
  scratch.setU32At(16, batch.commands.length);
  scratch.setU64At(20, batch.timeMs);
  scratch.setU32At(28, payloadBytes);
  const record = scratch.view();
  scratch.setU32At(RECORD_CRC_OFFSET, checksum(record, RECORD_CRC_OFFSET));
  return record;
}

/**
 * The same record in a fresh buffer: lmdb-js keeps a pointer to an asynchronous put's value
 * until its transaction commits, so a reused scratch buffer must never be handed to one.
 */
export function encodeJournalRecord(batch: JournalBatch, scratch: BinaryWriter = new BinaryWriter()): Uint8Array {
  return writeJournalRecord(batch, scratch).slice();
}

function writeMagic(w: BinaryWriter, offset: number, magic: string): void {
  let word = 0;
  for (let i = 3; i >= 0; i--) word = word * 256 + magic.charCodeAt(i);
  w.setU32At(offset, word);
}

function hasMagic(bytes: Uint8Array, magic: string): boolean {
  for (let i = 0; i < 4; i++) if (bytes[i] !== magic.charCodeAt(i)) return false;
  return true;
}

/** CRC32 of everything except the 4 CRC bytes at `crcOffset`. */
function checksum(bytes: Uint8Array, crcOffset: number): number {
  const head = crc32(bytes.subarray(0, crcOffset));
  return crc32(bytes.subarray(crcOffset + 4), head);
}

/** Checks one record's framing and checksum (not its payload's decoding, nor continuity). */
function parseRecord(keyBytes: unknown, value: Uint8Array, expectedSeq: number | undefined): RecordHeader {
  const key = keySeq(keyBytes);
  const fail = (reason: string): never => {
    throw new JournalCorruptError(key, expectedSeq ?? key, reason);
  };
  if (key < 0) fail('malformed key (not an 8-byte big-endian safe integer)');
  if (value.length < RECORD_HEADER_BYTES) fail(`truncated: ${value.length} bytes, the header alone needs ${RECORD_HEADER_BYTES}`);
  if (!hasMagic(value, RECORD_MAGIC)) fail('bad magic (not a PTXJ record)');
  const r = new BinaryReader(value);
  r.offset = 4;
  const version = r.u16();
  if (version !== JOURNAL_FORMAT_VERSION) fail(`unsupported record format version ${version}`);
  r.offset = 28;
  const payloadBytes = r.u32();
  const expectedBytes = RECORD_HEADER_BYTES + payloadBytes;
  if (value.length < expectedBytes) fail(`truncated: header says ${expectedBytes} bytes, value has ${value.length}`);
  if (value.length > expectedBytes) fail(`${value.length - expectedBytes} trailing bytes after the payload`);
  const storedCrc = r.u32();
  const computedCrc = checksum(value, RECORD_CRC_OFFSET);
  if (storedCrc !== computedCrc) fail(`checksum mismatch (stored 0x${hex32(storedCrc)}, computed 0x${hex32(computedCrc)})`);
  r.offset = 8;
  let header: RecordHeader | undefined;
  try {
    header = { firstSeq: r.u64(), count: r.u32(), timeMs: r.u64(), payload: value.subarray(RECORD_HEADER_BYTES) };
  } catch (error) {
    fail(`bad header field: ${(error as Error).message}`);
  }
  const h = header!;
  if (h.firstSeq !== key) fail(`header firstSeq ${h.firstSeq} differs from the key`);
  if (h.count === 0) fail('record holds no commands');
  if (expectedSeq !== undefined && h.firstSeq !== expectedSeq) {
    fail(h.firstSeq > expectedSeq ? `gap: seqs ${expectedSeq}..${h.firstSeq - 1} are missing` : `overlap: record starts at seq ${h.firstSeq}, before the expected seq`);
  }
  return h;
}

function hex32(v: number): string {
  return v.toString(16).padStart(8, '0');
}

function decodeRecordCommands(key: number, expectedSeq: number, h: RecordHeader): Command[] {
  try {
    return decodeCommands(h.payload, h.count);
  } catch (error) {
    if (error instanceof CommandCodecError) {
      throw new JournalCorruptError(key, expectedSeq, `payload does not decode: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** A record as it travels between journals (replication): its bytes, checked, and what they hold. */
export interface JournalRecord {
  firstSeq: number;
  count: number;
  timeMs: number;
  /** The record exactly as stored (header, payload, CRC). */
  bytes: Uint8Array;
}

/**
 * Checks a record's framing and checksum and decodes its commands (a record that arrived
 * from another process, e.g. the replicated stream): JournalCorruptError if damaged.
 */
export function parseJournalRecord(bytes: Uint8Array): JournalRecord & { commands: Command[] } {
  if (bytes.length < RECORD_HEADER_BYTES) throw new JournalCorruptError(-1, -1, `truncated: ${bytes.length} bytes`);
  const firstSeq = Number(new DataView(bytes.buffer, bytes.byteOffset + 8, 8).getBigUint64(0, true));
  const h = parseRecord(seqKey(Number.isSafeInteger(firstSeq) ? firstSeq : 0), bytes, undefined);
  return { firstSeq: h.firstSeq, count: h.count, timeMs: h.timeMs, bytes, commands: decodeRecordCommands(h.firstSeq, h.firstSeq, h) };
}

// ---------------------------------------------------------------- snapshot layout

function encodeSnapshot(s: StoredSnapshot): Uint8Array {
  const hash = utf8.encode(s.stateHash);
  if (hash.length > 0xffff) throw new RangeError(`stateHash of ${hash.length} bytes exceeds 65535`);
  if (s.bytes.length > U32_MAX) throw new RangeError('snapshot too large for its u32 length field');
  const value = new Uint8Array(SNAPSHOT_HEADER_BYTES + hash.length + s.bytes.length);
  const view = new DataView(value.buffer);
  value.set(utf8.encode(SNAPSHOT_MAGIC), 0);
  view.setUint16(4, SNAPSHOT_FORMAT_VERSION, true);
  view.setUint16(6, hash.length, true);
  setU64(view, 8, s.seq);
  view.setUint32(16, s.bytes.length, true);
  value.set(hash, SNAPSHOT_HEADER_BYTES);
  value.set(s.bytes, SNAPSHOT_HEADER_BYTES + hash.length);
  view.setUint32(SNAPSHOT_CRC_OFFSET, checksum(value, SNAPSHOT_CRC_OFFSET), true);
  return value;
}

function setU64(view: DataView, offset: number, v: number): void {
  const low = v >>> 0;
  view.setUint32(offset, low, true);
  view.setUint32(offset + 4, (v - low) / 2 ** 32, true);
}

function decodeSnapshot(keyBytes: unknown, value: Uint8Array): StoredSnapshot {
  const key = keySeq(keyBytes);
  const fail = (reason: string): never => {
    throw new SnapshotCorruptError(key, reason);
  };
  if (key < 0) fail('malformed key');
  if (value.length < SNAPSHOT_HEADER_BYTES) fail(`truncated: ${value.length} bytes, the header alone needs ${SNAPSHOT_HEADER_BYTES}`);
  if (!hasMagic(value, SNAPSHOT_MAGIC)) fail('bad magic (not a PTXS snapshot)');
  const r = new BinaryReader(value);
  r.offset = 4;
  const version = r.u16();
  if (version !== SNAPSHOT_FORMAT_VERSION) fail(`unsupported snapshot format version ${version}`);
  const hashBytes = r.u16();
  r.offset = 16;
  const stateBytes = r.u32();
  const expectedBytes = SNAPSHOT_HEADER_BYTES + hashBytes + stateBytes;
  if (value.length !== expectedBytes) fail(`length mismatch: header says ${expectedBytes} bytes, value has ${value.length}`);
  const storedCrc = r.u32();
  const computedCrc = checksum(value, SNAPSHOT_CRC_OFFSET);
  if (storedCrc !== computedCrc) fail(`checksum mismatch (stored 0x${hex32(storedCrc)}, computed 0x${hex32(computedCrc)})`);
  r.offset = 8;
  let seq = -1;
  let stateHash = '';
  try {
    seq = r.u64();
    stateHash = utf8Strict.decode(value.subarray(SNAPSHOT_HEADER_BYTES, SNAPSHOT_HEADER_BYTES + hashBytes));
  } catch (error) {
    fail(`bad header field: ${(error as Error).message}`);
  }
  if (seq !== key) fail(`header seq ${seq} differs from the key`);
  // Copy: the caller keeps the bytes beyond the read transaction that produced `value`.
  return { seq, stateHash, bytes: new Uint8Array(value.subarray(SNAPSHOT_HEADER_BYTES + hashBytes)) };
}

// ---------------------------------------------------------------- journal

type BinaryDb = Database<Uint8Array, Uint8Array>;

export class Journal {
  /** The seq the next append must start at (lastSeq + 1), counting in-flight appends. */
  private nextSeq: number;
  /** Reused for every append's encoding; the record handed to LMDB is a copy. */
  private readonly scratch = new BinaryWriter(256 * 1024);
  private failure: unknown = undefined;
  private closed = false;
  private backgroundSync: NodeJS.Timeout | undefined;
  /** Told the last seq of each record once it is committed (the replication shipper's wake-up). */
  private readonly committedListeners: Array<(lastSeq: number) => void> = [];

  private constructor(
    private readonly env: RootDatabase,
    private readonly records: BinaryDb,
    private readonly snapshots: BinaryDb,
    private readonly durability: Durability,
    private readonly readOnly: boolean,
    private readonly snapshotsToKeep: number,
    backgroundSyncMs: number,
  ) {
    this.nextSeq = this.committedLastSeq() + 1;
    if (!readOnly && durability === 'commit' && backgroundSyncMs > 0) {
      this.backgroundSync = setInterval(() => this.syncInBackground(), backgroundSyncMs);
      this.backgroundSync.unref(); // never keeps the process alive on its own
    }
  }

  /**
   * Opens (creating if needed and writable) the journal in `dir`. Verifies the
   * newest record in full, since appends continue from it; throws
   * JournalCorruptError if it is damaged.
   */
  static open(dir: string, opts: JournalOptions): Journal {
    const readOnly = opts.readOnly ?? false;
    const snapshotsToKeep = opts.snapshotsToKeep ?? DEFAULT_SNAPSHOTS_TO_KEEP;
    if (!Number.isInteger(snapshotsToKeep) || snapshotsToKeep < 1) throw new RangeError(`snapshotsToKeep must be a positive integer, got ${snapshotsToKeep}`);
    const env = openStore({ path: dir, maxDbs: 4, readOnly, ...syncFlags(opts.durability, readOnly) });
    try {
      checkFormat(env, readOnly);
      const dbOptions = { encoding: 'binary', keyEncoding: 'binary' } as const;
      const records = env.openDB<Uint8Array, Uint8Array>({ name: 'journal', ...dbOptions });
      const snapshots = env.openDB<Uint8Array, Uint8Array>({ name: 'snapshots', ...dbOptions });
      const backgroundSyncMs = opts.backgroundSyncMs ?? DEFAULT_BACKGROUND_SYNC_MS;
      return new Journal(env, records, snapshots, opts.durability, readOnly, snapshotsToKeep, backgroundSyncMs);
    } catch (error) {
      void env.close();
      throw error;
    }
  }

  /** Highest seq appended, including appends not yet committed; 0 when empty. */
  lastSeq(): number {
    return this.nextSeq - 1;
  }

  /**
   * Appends one record. Throws JournalRefusedError synchronously (writing
   * nothing) unless `firstSeq === lastSeq() + 1`, and CommandCodecError for a
   * command the codec cannot hold. 'commit': the record is committed in its own
   * LMDB transaction before this returns (a resolved promise; a rejected one if
   * the write failed). 'flush': resolves once the transaction holding the record
   * has committed and been fsynced; appends made together share a transaction
   * and commit in order, but their promises can settle out of call order
   * (seen with lmdb-js 3.5.6 in about one run of ten of 40 appends a turn apart), so a
   * caller that releases in order chains them, as the sequencer does. A settled
   * append means every earlier one is on disk too. Why the two differ: docs/journal.md.
   */
  append(batch: JournalBatch): Promise<void> {
    const record = this.encodeNext(batch);
    const key = seqKey(batch.firstSeq);
    const lastSeq = batch.firstSeq + batch.commands.length - 1;
    if (this.durability === 'flush') {
      const flushed = this.commitFlushed(this.records.put(key, record));
      if (this.committedListeners.length > 0) void flushed.then(() => this.committed(lastSeq), () => undefined);
      return flushed;
    }
    const committed = this.commitNow(() => this.records.putSync(key, record));
    if (this.failure === undefined) this.committed(lastSeq);
    return committed;
  }

  /**
   * Appends a record that was journaled elsewhere (a standby storing what the primary
   * journaled), byte for byte, committed before this returns in either durability mode.
   * Refused like append unless it starts at lastSeq() + 1; the caller has checked it
   * (parseJournalRecord).
   */
  appendRecord(record: JournalRecord): void {
    this.assertWritable();
    if (record.firstSeq !== this.nextSeq) {
      const reason = record.firstSeq > this.nextSeq ? 'gap' : 'overlap';
      throw new JournalRefusedError(reason, `record starts at seq ${record.firstSeq}, expected ${this.nextSeq}`, { expectedSeq: this.nextSeq, firstSeq: record.firstSeq });
    }
    try {
      this.records.putSync(seqKey(record.firstSeq), record.bytes);
    } catch (error) {
      this.failure ??= error;
      throw error;
    }
    this.nextSeq = record.firstSeq + record.count;
    this.committed(this.nextSeq - 1);
  }

  /**
   * Drops every record after `seq` and every snapshot beyond it: a replicated node's tail
   * that the cluster never received (src/replication/divergence.ts). `seq` must end a
   * record (records are the unit journals share) or be 0. Committed before this returns.
   */
  truncateAfter(seq: number): void {
    this.assertWritable();
    if (seq < 0 || seq > this.lastSeq()) throw new JournalRefusedError('gap', `cannot truncate after seq ${seq}: the journal ends at ${this.lastSeq()}`);
    if (seq > 0) {
      const holding = [...this.rawRecords(seq, 1)][0];
      if (holding === undefined || holding.firstSeq + holding.count - 1 !== seq) throw new JournalRefusedError('overlap', `seq ${seq} does not end a record`);
    }
    this.env.transactionSync(() => {
      for (const key of this.records.getKeys({ start: seqKey(seq + 1) })) this.records.removeSync(key);
      for (const key of this.snapshots.getKeys({ start: seqKey(seq + 1) })) this.snapshots.removeSync(key);
    });
    this.nextSeq = seq + 1;
  }

  /** Calls `listener` with a record's last seq whenever one has committed (after the fsync in 'flush' mode). */
  onCommitted(listener: (lastSeq: number) => void): void {
    this.committedListeners.push(listener);
  }

  private committed(lastSeq: number): void {
    for (const listener of this.committedListeners) listener(lastSeq);
  }

  /** Committed records holding seqs >= fromSeq, raw and checked (checksum, continuity), at most `limit` of them. */
  *rawRecords(fromSeq: number, limit = Infinity): IterableIterator<JournalRecord> {
    this.assertOpen();
    const startKey = this.recordKeyAtOrBefore(fromSeq);
    let expectedSeq: number | undefined;
    let n = 0;
    for (const { key, value } of this.records.getRange(startKey === undefined ? {} : { start: startKey })) {
      const h = parseRecord(key, value, expectedSeq);
      expectedSeq = h.firstSeq + h.count;
      if (expectedSeq <= fromSeq) continue;
      // Copy: lmdb-js may reuse the buffer a range yields once the iteration moves on.
      yield { firstSeq: h.firstSeq, count: h.count, timeMs: h.timeMs, bytes: new Uint8Array(value) };
      if (++n >= limit) return;
    }
  }

  /** Whether a record is committed before append returns ('commit' durability), so appendCommitted can be used. */
  get commitsOnAppend(): boolean {
    return this.durability === 'commit';
  }

  /**
   * 'commit' durability only: append without the promise, for the sequencer's hot
   * path (a resolved promise and its reactions per turn were a fifth of the
   * gateway's garbage). The record is committed when this returns; a failed write
   * throws and refuses every later one, and the refusals are append's.
   */
  appendCommitted(batch: JournalBatch): void {
    if (this.durability !== 'commit') throw new Error("appendCommitted needs 'commit' durability");
    // The scratch buffer itself: putSync has committed (LMDB copied it) when it returns. A fresh
    // buffer per turn also cost lmdb-js a native call for its address, and its GC (issue 79).
    const record = this.encodeNext(batch, true);
    try {
      this.records.putSync(seqKey(batch.firstSeq), record);
    } catch (error) {
      this.failure ??= error;
      throw error;
    }
    if (this.committedListeners.length > 0) this.committed(batch.firstSeq + batch.commands.length - 1);
  }

  /** Checks a batch against the journal's end and encodes it (`inScratch`: a view of the scratch buffer, for a synchronous put); the journal then expects the seq after it. */
  private encodeNext(batch: JournalBatch, inScratch = false): Uint8Array {
    this.assertWritable();
    const expectedSeq = this.nextSeq;
    if (batch.commands.length === 0) throw new JournalRefusedError('empty-batch', 'a record needs at least one command');
    if (batch.firstSeq !== expectedSeq) {
      const reason = batch.firstSeq > expectedSeq ? 'gap' : 'overlap';
      throw new JournalRefusedError(reason, `batch starts at seq ${batch.firstSeq}, expected ${expectedSeq}`, { expectedSeq, firstSeq: batch.firstSeq });
    }
    if (!Number.isSafeInteger(batch.timeMs) || batch.timeMs < 0) {
      throw new JournalRefusedError('bad-time', `timeMs must be a non-negative safe integer, got ${batch.timeMs}`);
    }
    const record = inScratch ? writeJournalRecord(batch, this.scratch) : encodeJournalRecord(batch, this.scratch);
    this.nextSeq = expectedSeq + batch.commands.length;
    return record;
  }

  /**
   * 'commit' mode: runs a write as its own transaction on this thread before
   * returning. A noSync commit is a few pwrites into the page cache: cheaper
   * here than a hop to lmdb-js's writer thread and back, and it leaves no
   * per-write promise state behind. A failed write stops all further writes.
   */
  private commitNow(write: () => void): Promise<void> {
    try {
      write();
    } catch (error) {
      this.failure ??= error;
      return Promise.reject(error);
    }
    return Promise.resolve();
  }

  /**
   * 'flush' mode: resolves once lmdb-js's writer thread has committed the write and
   * the transaction just queued is fsynced (pinned now, in the same turn). A failed
   * write stops all further writes.
   */
  private commitFlushed(committed: Promise<unknown>): Promise<void> {
    const settled = committed.then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= error;
        throw error;
      },
    );
    return Promise.all([settled, this.lmdbFlushed()]).then(() => undefined);
  }

  /**
   * Batches whose commands include seqs >= fromSeq, in order; the first may
   * start before fromSeq (callers skip). Sees committed records only. Checks
   * each record's checksum and decoding and that seqs continue with no gap or
   * overlap; throws JournalCorruptError naming the record.
   */
  *read(fromSeq: number): IterableIterator<JournalBatch> {
    this.assertOpen();
    const startKey = this.recordKeyAtOrBefore(fromSeq);
    // From the start of the journal seq 1 is expected; from the middle, the first record is checked against its own key.
    let expectedSeq: number | undefined = startKey === undefined || keySeq(startKey) === 1 ? 1 : undefined;
    const range = this.records.getRange(startKey === undefined ? {} : { start: startKey });
    for (const { key, value } of range) {
      const header = parseRecord(key, value, expectedSeq);
      const endSeq = header.firstSeq + header.count;
      // Only the record found at or before fromSeq can end before it: it holds nothing asked for.
      if (endSeq <= fromSeq) {
        expectedSeq = endSeq;
        continue;
      }
      const commands = decodeRecordCommands(header.firstSeq, expectedSeq ?? header.firstSeq, header);
      expectedSeq = endSeq;
      yield { firstSeq: header.firstSeq, timeMs: header.timeMs, commands };
    }
  }

  /** Checks every committed record (checksum, decoding, seq continuity from seq 1) without building state. */
  verify(): JournalStats {
    this.assertOpen();
    const stats: JournalStats = { records: 0, commands: 0, firstSeq: 0, lastSeq: 0 };
    let expectedSeq = 1;
    for (const { key, value } of this.records.getRange({})) {
      const header = parseRecord(key, value, expectedSeq);
      decodeRecordCommands(header.firstSeq, expectedSeq, header);
      if (stats.records === 0) stats.firstSeq = header.firstSeq;
      stats.records++;
      stats.commands += header.count;
      expectedSeq = header.firstSeq + header.count;
    }
    stats.lastSeq = stats.records === 0 ? 0 : expectedSeq - 1;
    return stats;
  }

  /**
   * Stores a snapshot and, in the same transaction, deletes all but the newest
   * `snapshotsToKeep`. Its seq must be one the journal holds (<= lastSeq()).
   */
  saveSnapshot(s: StoredSnapshot): Promise<void> {
    this.assertWritable();
    if (!Number.isSafeInteger(s.seq) || s.seq < 0 || s.seq > this.lastSeq()) {
      throw new JournalRefusedError('bad-snapshot', `snapshot seq ${s.seq} is not within 0..${this.lastSeq()}`);
    }
    const value = encodeSnapshot(s);
    const key = seqKey(s.seq);
    const write = (): void => {
      void this.snapshots.put(key, value);
      this.pruneSnapshotsInTxn();
    };
    if (this.durability === 'flush') return this.commitFlushed(this.snapshots.transaction(write));
    // Synchronous like the appends: an asynchronous write would wait for the write lock
    // between the sequencer's own commits, and may not land for a long while.
    return this.commitNow(() => this.snapshots.transactionSync(write));
  }

  private pruneSnapshotsInTxn(): void {
    let kept = 0;
    for (const key of this.snapshots.getKeys({ reverse: true })) {
      if (kept++ < this.snapshotsToKeep) continue;
      void this.snapshots.remove(key);
    }
  }

  /** The newest committed snapshot, checksum verified; throws SnapshotCorruptError if it is damaged. */
  latestSnapshot(): StoredSnapshot | undefined {
    this.assertOpen();
    for (const { key, value } of this.snapshots.getRange({ reverse: true, limit: 1 })) return decodeSnapshot(key, value);
    return undefined;
  }

  /** Seqs of the stored snapshots, oldest first (to fall back to an older one when the newest is damaged). */
  snapshotSeqs(): number[] {
    this.assertOpen();
    return Array.from(this.snapshots.getKeys({}), (key) => keySeq(key));
  }

  /** The snapshot stored at `seq`, checksum verified, or undefined. */
  readSnapshot(seq: number): StoredSnapshot | undefined {
    this.assertOpen();
    const key = seqKey(seq);
    const value = this.snapshots.get(key);
    return value === undefined ? undefined : decodeSnapshot(key, value);
  }

  /** Resolves when everything written so far (appends and snapshots) is committed and fsynced. */
  flushed(): Promise<void> {
    if (this.readOnly || this.closed) return Promise.resolve();
    return this.everythingOnDisk();
  }

  /** Waits for pending writes to be committed and on disk, then closes. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.backgroundSync);
    if (!this.readOnly) await this.everythingOnDisk().catch(() => undefined); // a failed write was already reported to its caller
    await this.env.close();
  }

  private everythingOnDisk(): Promise<void> {
    if (this.durability === 'flush') return this.lmdbFlushed();
    return this.lmdbCommitted().then(() => this.fsync());
  }

  /**
   * lmdb-js's `flushed` and `committed` are thenables that pick the pending
   * transaction when `then` is called, so call them synchronously to pin the
   * transaction the latest write joined.
   */
  private lmdbFlushed(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.env.flushed.then(() => resolve(), reject);
    });
  }

  private lmdbCommitted(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.env.committed.then(() => resolve(), reject);
    });
  }

  /** fsyncs the data file on a worker thread ('commit' mode opens with noSync, so nothing else does). */
  private fsync(): Promise<void> {
    // lmdb-js has `sync(callback)` on the root database but leaves it out of its type declarations.
    const env = this.env as unknown as { sync(callback: (error: unknown) => void): void };
    return new Promise<void>((resolve, reject) => env.sync((error) => (error ? reject(error) : resolve())));
  }

  private syncInBackground(): void {
    if (this.closed || this.failure !== undefined) return;
    this.fsync().catch((error: unknown) => {
      // A failed fsync means acknowledged data may not reach the disk: stop accepting writes.
      this.failure ??= error;
    });
  }

  private committedLastSeq(): number {
    for (const { key, value } of this.records.getRange({ reverse: true, limit: 1 })) {
      const header = parseRecord(key, value, undefined);
      decodeRecordCommands(header.firstSeq, header.firstSeq, header);
      return header.firstSeq + header.count - 1;
    }
    return 0;
  }

  /** Key of the record holding `seq` (the last record starting at or before it), if any. */
  private recordKeyAtOrBefore(seq: number): Uint8Array | undefined {
    if (!Number.isSafeInteger(seq) || seq < 1) return undefined;
    for (const { key } of this.records.getRange({ start: seqKey(seq), reverse: true, limit: 1 })) return key;
    return undefined;
  }

  private assertOpen(): void {
    if (this.closed) throw new JournalRefusedError('closed', 'the journal is closed');
  }

  private assertWritable(): void {
    this.assertOpen();
    if (this.readOnly) throw new JournalRefusedError('read-only', 'the journal was opened read-only');
    if (this.failure !== undefined) {
      throw new JournalRefusedError('failed', `an earlier write failed: ${String(this.failure)}`, {}, { cause: this.failure });
    }
  }
}

/**
 * lmdb-js environment flags per durability mode (see docs/journal.md):
 * - 'flush': overlappingSync. A commit's put promise resolves only after that
 *   transaction's fsync (measured; lmdb-js 3.5.6 sets its committed flag after
 *   the sync), and the sync runs outside the write lock so the next transaction
 *   proceeds meanwhile. LMDB keeps every page the last synced meta page
 *   references, so a power loss rolls back to that transaction intact.
 * - 'commit': noSync with a writable map (MDB_WRITEMAP). A commit writes its pages
 *   into the shared file mapping, which is the OS page cache, with no fsync: it
 *   survives the process dying but not a power loss, as pwrites to the page cache
 *   did. Without the writable map each commit was 2-3 pwrite syscalls, on this VM
 *   15-35 µs a turn against 4 (bench/RESULTS.md, "2026-11-29 07:30-09:30"): the
 *   largest fixed cost of a turn on the engine's thread.
 * Read-only opens take lmdb-js's defaults.
 */
function syncFlags(durability: Durability, readOnly: boolean): { overlappingSync?: boolean; noSync?: boolean; useWritemap?: boolean } {
  if (readOnly) return {};
  return durability === 'flush' ? { overlappingSync: true } : { noSync: true, useWritemap: true };
}

/**
 * Records the format version in a new journal; refuses files of another version, and a file that has
 * been written to but has lost its format record (JournalDamagedError). A new journal commits two
 * transactions here (the meta database, then its format), so more than one committed with no format
 * found means damage, not a first start (one is a first start that stopped between the two).
 */
function checkFormat(env: RootDatabase, readOnly: boolean): void {
  // lmdb-js types getStats() as {}; it returns LMDB's mdb_env_info and mdb_stat fields (lastTxnId: me_last_txnid).
  const committed = (env.getStats() as { lastTxnId: number }).lastTxnId;
  const meta = env.openDB<number, string>({ name: 'meta', encoding: 'json' }) as ReturnType<typeof env.openDB<number, string>> | undefined;
  const found = meta?.get(META_FORMAT_KEY);
  if (found === undefined) {
    if (committed > 1) throw new JournalDamagedError(committed);
    if (!readOnly) meta!.putSync(META_FORMAT_KEY, JOURNAL_FORMAT_VERSION);
    return;
  }
  if (found !== JOURNAL_FORMAT_VERSION) throw new JournalFormatError(found, JOURNAL_FORMAT_VERSION);
}
