/**
 * Where the order history (order-history.ts) keeps its rows, in LMDB under <dataDir>/orders, and how
 * it forgets them. Written only by the writer thread, one synchronous transaction a flush
 * (order-history-flush.ts), read by the history's queries on the engine's thread. The layout keeps the order path's writes to about one put an account a flush:
 *
 * - `batches` [accountId, firstSortId] → a header (flush seq, flush time, rows) and the rows of the
 *   orders an account opened and closed between two flushes (an IOC, a market order, an order
 *   cancelled soon, a refusal): most orders. Packed, in sort-id order; batches of an account hold
 *   disjoint id ranges, since they hold only orders made since the flush before, so the batch that
 *   may hold an order is the last one keyed at or below its id. A small newest batch (under
 *   MERGE_BELOW rows) takes the next flush's rows too, so a slow account does not leave one batch
 *   an order (a client-id look-up reads every batch of the account).
 * - `singles` [accountId, orderId] → the row of an order that was live at a flush: rewritten at each
 *   flush it changed in, its last state kept after it ends; `client-ids` [accountId, clientOrderId,
 *   orderId] finds these by client id.
 * - `closed-singles` [accountId, flushSeq] → (orderId, clientOrderId) of the singles an account
 *   closed in a flush; `flush-log` flushSeq → [timeMs, ...accounts with batches or closed singles
 *   then]; `counts` accountId → its closed orders kept. Retention reads these oldest first (no scan):
 *   an account over its cap loses its oldest batch or flush's closed singles at a time, keeping at
 *   least the cap; a flush older than the retention loses what it wrote. At most PRUNE_BUDGET rows
 *   go a flush; the rest at the next.
 */
import type { Database, RootDatabase } from 'lmdb';
import { F, ROW_BYTES, ROW_FIELDS } from './order-rows.js';

/**
 * Rows under which an account's newest batch takes the next flush's rows too: a batch of 8 rows (1.4 kB) stays within
 * an LMDB page, so merging it rewrites one page; an account keeps at most one batch per 8 orders it ended (a client-id
 * look-up reads 1,250 batches at most at the default cap of 10,000).
 */
export const MERGE_BELOW = 8;
/** Accounts whose small newest batch is remembered (merged without a read); past it the memory starts again. */
const MAX_SMALL_NEWEST = 16_384;
/** Rows retention may remove in one flush (the rest at the next: never an unbounded pass on the engine's thread). */
export const PRUNE_BUDGET = 8_192;
/** Header of a batch: flush seq, flush time, rows. */
const HEADER = 3;
const TOP = Number.MAX_SAFE_INTEGER;

type AccountKey = [accountId: number, id: number];
type ClientKey = [accountId: number, clientOrderId: number, orderId: number];

export interface OrderRetention {
  /** A closed order is kept at least this long after the flush that wrote it (a row merged into a small batch written within a quarter of this since: that long after its batch's last write). */
  retentionMs: number;
  /** The closed orders an account keeps: at least this many of its newest, at most this plus one flush's worth. */
  maxClosedPerAccount: number;
}

/** A row found: its fields, copied. */
export type Row = Float64Array;

function rowsOf(value: Buffer, from: number): Float64Array {
  const bytes = new Uint8Array(value.byteLength - from * 8);
  bytes.set(value.subarray(from * 8));
  return new Float64Array(bytes.buffer);
}

/**
 * A copy in a buffer of its own. Not Buffer.from or Buffer.concat: under 4 kB they take Node's pool path, whose first use
 * deoptimized the writer thread's whole flush function, 85–380 ms of a V8 thread to compile again each time
 * (bench/RESULTS.md, 2026-12-02 15:00–15:40).
 */
function copied(value: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(value.byteLength);
  copy.set(value);
  return copy;
}

function firstOf<T>(range: Iterable<T>): T | undefined {
  for (const entry of range) return entry;
  return undefined;
}

export class OrderHistoryStore {
  private readonly batches: Database<Buffer, AccountKey>;
  private readonly singles: Database<Buffer, AccountKey>;
  private readonly clientIds: Database<number, ClientKey>;
  private readonly closedSingles: Database<Buffer, AccountKey>;
  private readonly flushLog: Database<number[], number>;
  private readonly counts: Database<number, number>;
  private readonly state: Database<number, string>;
  /** Closed orders kept per account, as read or changed since the open; `changed` those to write. */
  private readonly closedCounts = new Map<number, number>();
  private readonly changed = new Set<number>();
  /** What batchValue hands out. */
  private batchBuffer = Buffer.allocUnsafeSlow(64 * 1024);
  /** Per account, its newest batch while it holds under MERGE_BELOW rows (null: it has none such), as this process wrote it. */
  private readonly smallNewest = new Map<number, { key: AccountKey; value: Buffer } | null>();

  constructor(
    private readonly env: RootDatabase,
    private readonly retention: OrderRetention,
  ) {
    this.batches = env.openDB<Buffer, AccountKey>({ name: 'batches', encoding: 'binary' });
    this.singles = env.openDB<Buffer, AccountKey>({ name: 'singles', encoding: 'binary' });
    this.clientIds = env.openDB<number, ClientKey>({ name: 'client-ids' });
    this.closedSingles = env.openDB<Buffer, AccountKey>({ name: 'closed-singles', encoding: 'binary' });
    this.flushLog = env.openDB<number[], number>({ name: 'flush-log' });
    this.counts = env.openDB<number, number>({ name: 'counts' });
    this.state = env.openDB<number, string>({ name: 'state' });
  }

  /** The databases this store opens in its environment. */
  static readonly DBS = 7;

  stateOf(name: 'writtenThroughSeq' | 'lastOrderId'): number {
    return this.state.get(name) ?? 0;
  }

  transaction(write: () => void): void {
    this.env.transactionSync(write);
  }

  /** The next read sees the latest commit (another thread's: lmdb-js renews its read transaction only at a new event turn or after its own writes). */
  readAfresh(): void {
    this.env.resetReadTxn();
  }

  // ------------------------------------------------------------ writes (inside `transaction`)

  /** An order live at a flush, or its end after one: its row; with `first`, its client id joins the index. */
  putSingle(rows: Float64Array, at: number, first: boolean): void {
    const accountId = rows[at + F.ACCOUNT_ID]!;
    const orderId = rows[at + F.ORDER_ID]!;
    this.singles.putSync([accountId, orderId], Buffer.from(rows.buffer, rows.byteOffset + at * 8, ROW_BYTES));
    const clientOrderId = rows[at + F.CLIENT_ORDER_ID]!;
    if (first && clientOrderId > 0) this.clientIds.putSync([accountId, clientOrderId, orderId], 1);
  }

  /** An account's orders opened and closed since the last flush (`bytes`: rows in sort-id order), as a batch or onto its small newest one. */
  putBatch(accountId: number, bytes: Buffer, rows: number, flushSeq: number, timeMs: number): void {
    let key: AccountKey = [accountId, bytes.readDoubleLE(F.SORT_ID * 8)];
    const small = this.smallNewestOf(accountId);
    // Not onto one written long ago: its rows would stay past their retention (a slow account's few, at most).
    const onto = small !== undefined && timeMs - small.value.readDoubleLE(8) < this.retention.retentionMs / 4 ? small : undefined;
    const heldBytes = onto === undefined ? 0 : onto.value.byteLength - HEADER * 8;
    const value = this.batchValue(HEADER * 8 + heldBytes + bytes.byteLength);
    value.writeDoubleLE(flushSeq, 0);
    value.writeDoubleLE(timeMs, 8);
    value.writeDoubleLE(rows + (onto === undefined ? 0 : onto.value.readDoubleLE(16)), 16);
    if (onto !== undefined) {
      key = onto.key;
      value.set(onto.value.subarray(HEADER * 8), HEADER * 8);
    }
    value.set(bytes, HEADER * 8 + heldBytes);
    this.batches.putSync(key, value);
    if (this.smallNewest.size >= MAX_SMALL_NEWEST) this.smallNewest.clear(); // read again from the store when needed
    this.smallNewest.set(accountId, value.readDoubleLE(16) < MERGE_BELOW ? { key, value: copied(value) } : null);
    this.addClosed(accountId, rows);
  }

  /**
   * A view of `bytes` of the buffer batches are written from, grown as needed: putSync copies the value before it
   * returns. A buffer of its own a batch was ~2 MB of ArrayBuffers a flush at 50k orders/s, external memory V8
   * answered with a full collection of the writer thread's heap about once a second (bench/RESULTS.md, 2026-12-04
   * 19:20–19:55).
   */
  private batchValue(bytes: number): Buffer {
    if (this.batchBuffer.byteLength < bytes) this.batchBuffer = Buffer.allocUnsafeSlow(Math.max(bytes, this.batchBuffer.byteLength * 2));
    return this.batchBuffer.subarray(0, bytes);
  }

  /** The account's newest batch when it holds fewer than MERGE_BELOW rows: remembered as written, read from the store once after an open. */
  private smallNewestOf(accountId: number): { key: AccountKey; value: Buffer } | undefined {
    const known = this.smallNewest.get(accountId);
    if (known !== undefined) return known ?? undefined;
    const newest = firstOf(this.batches.getRange({ start: [accountId, TOP], end: [accountId, 0], reverse: true, limit: 1 }));
    return newest !== undefined && newest.value.readDoubleLE(16) < MERGE_BELOW ? { key: newest.key, value: newest.value } : undefined;
  }

  /** The singles an account closed in this flush: (orderId, clientOrderId) pairs. */
  logClosedSingles(accountId: number, pairs: Buffer, flushSeq: number): void {
    this.closedSingles.putSync([accountId, flushSeq], pairs);
    this.addClosed(accountId, pairs.byteLength / 16);
  }

  /** What this flush wrote that retention must find again: its time and the accounts it closed orders of. */
  logFlush(flushSeq: number, timeMs: number, accounts: readonly number[]): void {
    if (accounts.length > 0) this.flushLog.putSync(flushSeq, [timeMs, ...accounts]);
  }

  setState(writtenThroughSeq: number, lastOrderId: number): void {
    this.state.putSync('writtenThroughSeq', writtenThroughSeq);
    this.state.putSync('lastOrderId', lastOrderId);
  }

  /**
   * Retention, within PRUNE_BUDGET rows: flushes older than the retention, then accounts over their cap. Writes the counts
   * that moved. `between` runs between accounts (the writer thread's short runs).
   */
  prune(nowMs: number, between: () => void = () => undefined): void {
    let budget = PRUNE_BUDGET;
    const cutoffMs = nowMs - this.retention.retentionMs;
    // The flushes past the retention, oldest first, read before any is removed (no removal under an open cursor).
    const aged: Array<{ key: number; value: number[] }> = [];
    for (const entry of this.flushLog.getRange({ start: 0, limit: 256 })) {
      if (entry.value[0]! >= cutoffMs) break;
      aged.push(entry);
    }
    for (const { key: flushSeq, value } of aged) {
      if (budget <= 0) break;
      for (let i = 1; i < value.length; i++) {
        budget -= this.pruneAccountThrough(value[i]!, flushSeq);
        between();
      }
      this.flushLog.removeSync(flushSeq);
    }
    for (const accountId of this.changed) {
      if (budget > 0) budget -= this.pruneOverCap(accountId, budget);
      const n = this.closedCounts.get(accountId)!;
      if (n === 0) this.counts.removeSync(accountId);
      else this.counts.putSync(accountId, n);
      between();
    }
    this.changed.clear();
  }

  private closedOf(accountId: number): number {
    let n = this.closedCounts.get(accountId);
    if (n === undefined) this.closedCounts.set(accountId, (n = this.counts.get(accountId) ?? 0));
    return n;
  }

  private addClosed(accountId: number, rows: number): void {
    this.closedCounts.set(accountId, this.closedOf(accountId) + rows);
    this.changed.add(accountId);
  }

  /** Removes what an account's flushes up to `flushSeq` wrote (its batches last written then, its closed singles); returns the rows gone. */
  private pruneAccountThrough(accountId: number, flushSeq: number): number {
    let gone = 0;
    for (;;) {
      const oldest = firstOf(this.batches.getRange({ start: [accountId, 0], end: [accountId, TOP], limit: 1 }));
      if (oldest === undefined || oldest.value.readDoubleLE(0) > flushSeq) break; // batches are in flush order (a merged one is the newest)
      gone += this.removeBatch(oldest.key, oldest.value);
    }
    for (const { key, value } of [...this.closedSingles.getRange({ start: [accountId, 0], end: [accountId, flushSeq + 1] })]) gone += this.removeClosedSingles(key, value);
    return gone;
  }

  /** Removes an over-cap account's oldest batches and closed singles while at least the cap stays; returns the rows gone. */
  private pruneOverCap(accountId: number, budget: number): number {
    const cap = this.retention.maxClosedPerAccount;
    let gone = 0;
    while (gone < budget && this.closedOf(accountId) > cap) {
      const batch = firstOf(this.batches.getRange({ start: [accountId, 0], end: [accountId, TOP], limit: 1 }));
      const singles = firstOf(this.closedSingles.getRange({ start: [accountId, 0], end: [accountId, TOP], limit: 1 }));
      const batchFirst = batch !== undefined && (singles === undefined || batch.value.readDoubleLE(0) <= singles.key[1]);
      const rows = batchFirst ? batch.value.readDoubleLE(16) : singles === undefined ? 0 : singles.value.byteLength / 16;
      if (rows === 0 || this.closedOf(accountId) - rows < cap) break;
      gone += batchFirst ? this.removeBatch(batch.key, batch.value) : this.removeClosedSingles(singles!.key, singles!.value);
    }
    return gone;
  }

  private removeBatch(key: AccountKey, value: Buffer): number {
    const rows = value.readDoubleLE(16);
    this.batches.removeSync(key);
    if (this.smallNewest.get(key[0])?.key[1] === key[1]) this.smallNewest.delete(key[0]);
    this.addClosed(key[0], -rows);
    return rows;
  }

  private removeClosedSingles(key: AccountKey, pairs: Buffer): number {
    const accountId = key[0];
    let gone = 0;
    for (let i = 0; i < pairs.byteLength; i += 16) {
      const orderId = pairs.readDoubleLE(i);
      const clientOrderId = pairs.readDoubleLE(i + 8);
      if (this.singles.removeSync([accountId, orderId])) gone++;
      if (clientOrderId > 0) this.clientIds.removeSync([accountId, clientOrderId, orderId]);
    }
    this.closedSingles.removeSync(key);
    this.addClosed(accountId, -gone);
    return pairs.byteLength / 16;
  }

  // ------------------------------------------------------------ reads

  /** A single's row (an order live at a flush), copied into `into` at `at`; false when there is none. */
  singleInto(accountId: number, orderId: number, into: Float64Array, at: number): boolean {
    const value = this.singles.get([accountId, orderId]);
    if (value === undefined) return false;
    into.set(rowsOf(value, 0), at);
    return true;
  }

  /** The account's order with this id, single or in its batch. */
  rowById(accountId: number, orderId: number): Row | undefined {
    const single = this.singles.get([accountId, orderId]);
    if (single !== undefined) return rowsOf(single, 0);
    for (const { value } of this.batches.getRange({ start: [accountId, orderId], end: [accountId, 0], reverse: true, limit: 1 })) {
      const rows = value.readDoubleLE(16);
      for (let i = 0; i < rows; i++) {
        const at = (HEADER + i * ROW_FIELDS) * 8;
        if (value.readDoubleLE(at + F.ORDER_ID * 8) === orderId) return rowsOf(value.subarray(at, at + ROW_BYTES), 0);
      }
    }
    return undefined;
  }

  /** The account's newest order (or kept refusal) with this client id: the highest sort id among its singles' index and its batches. */
  newestByClientId(accountId: number, clientOrderId: number): Row | undefined {
    let best: Row | undefined;
    for (const { key } of this.clientIds.getRange({ start: [accountId, clientOrderId, TOP], end: [accountId, clientOrderId, 0], reverse: true, limit: 1 })) {
      best = this.rowById(accountId, key[2]);
    }
    const floor = best?.[F.SORT_ID] ?? 0;
    for (const { value } of this.batches.getRange({ start: [accountId, TOP], end: [accountId, 0], reverse: true })) {
      const rows = value.readDoubleLE(16);
      for (let i = rows - 1; i >= 0; i--) {
        const at = (HEADER + i * ROW_FIELDS) * 8;
        if (value.readDoubleLE(at) <= floor) return best; // batches are newest first and in sort order: nothing newer follows
        if (value.readDoubleLE(at + F.CLIENT_ORDER_ID * 8) === clientOrderId) return rowsOf(value.subarray(at, at + ROW_BYTES), 0);
      }
    }
    return best;
  }

  /**
   * The account's orders with order ids below `beforeOrderId`, newest first, as `accept` takes them (refusals, which name
   * no order, are not listed): singles and batch rows merged by id. Stops when `accept` returns false.
   */
  forEachBelow(accountId: number, beforeOrderId: number, accept: (row: Row) => boolean): void {
    const singles = this.singles.getRange({ start: [accountId, beforeOrderId - 1], end: [accountId, 0], reverse: true })[Symbol.iterator]();
    const batches = this.batches.getRange({ start: [accountId, beforeOrderId], end: [accountId, 0], reverse: true })[Symbol.iterator]();
    let single = singles.next();
    let batch: Float64Array | undefined;
    let i = -1;
    const nextBatchRow = (): Row | undefined => {
      for (;;) {
        while (batch !== undefined && i >= 0) {
          const at = i-- * ROW_FIELDS;
          if (batch[at + F.ORDER_ID]! > 0 && batch[at + F.ORDER_ID]! < beforeOrderId) return batch.subarray(at, at + ROW_FIELDS);
        }
        const next = batches.next();
        if (next.done === true) return undefined;
        batch = rowsOf(next.value.value, HEADER);
        i = batch.length / ROW_FIELDS - 1;
      }
    };
    let fromBatch = nextBatchRow();
    for (;;) {
      const fromSingle = single.done === true ? undefined : rowsOf(single.value.value, 0);
      if (fromSingle === undefined && fromBatch === undefined) return;
      const takeSingle = fromSingle !== undefined && (fromBatch === undefined || fromSingle[F.ORDER_ID]! > fromBatch[F.ORDER_ID]!);
      if (!accept(takeSingle ? fromSingle : fromBatch!)) return;
      if (takeSingle) single = singles.next();
      else fromBatch = nextBatchRow();
    }
  }

  /** Rows kept, for the tests and the metrics: batches' and singles', and the closed counts. */
  sizes(): { batchRows: number; singles: number; closed: number } {
    let batchRows = 0;
    for (const { value } of this.batches.getRange({})) batchRows += value.readDoubleLE(16);
    let closed = 0;
    for (const { value } of this.counts.getRange({})) closed += value;
    return { batchRows, singles: this.singles.getKeysCount(), closed };
  }
}
