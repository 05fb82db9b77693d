/**
 * One flush of the order history (order-history.ts) as the engine's thread hands it to the writer
 * thread (order-history-writer.ts), and what that thread does with it. The engine's thread only
 * copies each changed row, with where it goes, into a Float64Array; grouping, LMDB puts and
 * retention run on the writer thread, in one transaction a flush, as they ran on the engine's
 * thread before (a flush of 4,096 rows held it 3–12 ms: the wire's p99, bench/RESULTS.md).
 *
 * Layout: [flushSeq, timeMs, lastOrderId, rows], then `rows` times [disposition, ...ROW_FIELDS].
 */
import type { MessagePort } from 'node:worker_threads';
import { openStore } from '../runtime/lmdb-file.js';
import { GatheredRows } from '../read-models/gathered-rows.js';
import { ShortRuns, SIDE_THREAD_RUNS } from '../runtime/short-runs.js';
import { OrderHistoryStore } from './order-history-store.js';
import { F, isClosedStatus, ROW_FIELDS } from './order-rows.js';
import { COMMITTED, FAILED, HANDED_OVER, MAX_FLUSHES_IN_FLIGHT, ringSlots, type FromOrderHistoryWriter, type OrderHistoryWriterData, type ToOrderHistoryWriter } from './order-history-writer.js';

/** Where a changed row goes. */
export const Disposition = {
  /** Opened and closed since the flush before: into its account's batch. */
  BATCH: 0,
  /** Live, or ended after a flush saw it live: its own row; FIRST, its client id joins the index too. */
  SINGLE_FIRST: 1,
  SINGLE: 2,
} as const;
export type Disposition = (typeof Disposition)[keyof typeof Disposition];

export const FLUSH_HEADER = 4;
/** Floats a row takes in a flush: its disposition and its fields. */
export const FLUSH_ROW = ROW_FIELDS + 1;

/** Floats a flush of `rows` rows takes. */
export function flushFloats(rows: number): number {
  return FLUSH_HEADER + rows * FLUSH_ROW;
}

/** Rows written between two looks at the clock (ShortRuns): a row is a few hundred ns, a look tens. */
const ROWS_PER_LOOK = 32;

/**
 * Writes flushes into the store; keeps its gathering buffers from one flush to the next (the writer thread's). A flush
 * of 16,384 rows held the thread several ms in one run: it runs in short ones (ShortRuns), the transaction open between
 * (only this thread writes the store); its commit stays one run.
 */
export class FlushWrites {
  private readonly batchRows = new GatheredRows(ROW_FIELDS, 4);
  private readonly closedPairs = new GatheredRows(2, 4);
  private readonly accounts = new Set<number>();
  private readonly breathe = (): void => this.runs.breathe();

  constructor(
    private readonly store: OrderHistoryStore,
    private readonly runs = new ShortRuns(),
  ) {}

  /** One flush, in one synchronous transaction: each account's batch, every single, the flush log, retention, the seq written. */
  write(flush: Float64Array): void {
    const flushSeq = flush[0]!;
    const timeMs = flush[1]!;
    const lastOrderId = flush[2]!;
    const rows = flush[3]!;
    this.runs.begin();
    try {
      this.store.transaction(() => this.inTransaction(flush, rows, flushSeq, timeMs, lastOrderId));
    } finally {
      this.batchRows.written();
      this.closedPairs.written();
      this.accounts.clear();
    }
  }

  private inTransaction(flush: Float64Array, rows: number, flushSeq: number, timeMs: number, lastOrderId: number): void {
    this.rows(flush, rows);
    this.batchRows.forEachRecord((accountId, _first, bytes) => {
      this.store.putBatch(accountId, bytes, bytes.byteLength / (ROW_FIELDS * 8), flushSeq, timeMs);
      this.accounts.add(accountId);
      this.runs.breathe();
    });
    this.closedPairs.forEachRecord((accountId, _first, bytes) => {
      this.store.logClosedSingles(accountId, bytes, flushSeq);
      this.accounts.add(accountId);
      this.runs.breathe();
    });
    this.store.logFlush(flushSeq, timeMs, [...this.accounts]);
    this.store.prune(timeMs, this.breathe);
    this.store.setState(flushSeq, lastOrderId);
  }

  /**
   * A flush's rows, in a method of their own: V8 compiles a long loop while it runs (on-stack replacement), and a loop
   * in `inTransaction` was compiled with the rest of it before the code after the loop had ever run; each later flush
   * entered that code and left it at the code after the loop (34 deoptimisations in 18 s at 50k orders/s, then two more
   * compiles of 50–70 ms on V8's helper thread: bench/RESULTS.md, "2026-12-05 15:20").
   */
  private rows(flush: Float64Array, rows: number): void {
    for (let i = 0; i < rows; i++) {
      this.row(flush, FLUSH_HEADER + i * FLUSH_ROW);
      if (i % ROWS_PER_LOOK === ROWS_PER_LOOK - 1) this.runs.breathe();
    }
  }

  private row(flush: Float64Array, at: number): void {
    const disposition = flush[at]!;
    const r = at + 1;
    const accountId = flush[r + F.ACCOUNT_ID]!;
    if (disposition === Disposition.BATCH) {
      const into = this.batchRows.append(accountId);
      const to = this.batchRows.at;
      for (let i = 0; i < ROW_FIELDS; i++) into[to + i] = flush[r + i]!; // no view per row
      return;
    }
    this.store.putSingle(flush, r, disposition === Disposition.SINGLE_FIRST);
    if (isClosedStatus(flush[r + F.STATUS]!)) {
      const pair = this.closedPairs.append(accountId);
      pair[this.closedPairs.at] = flush[r + F.ORDER_ID]!;
      pair[this.closedPairs.at + 1] = flush[r + F.CLIENT_ORDER_ID]!;
    }
  }
}

/**
 * The writer thread's work (order-history-worker.ts starts it): opens the history's LMDB environment (lmdb-js shares one
 * environment between the threads of a process) and writes each flush handed over on `port`, in order, one transaction
 * each, first copied out of its ring slot (lmdb-js takes no view of shared memory: a put from one killed the process);
 * then stores its number in the shared counter, which frees the slot. A flush that throws is rolled back, the
 * thread says so and writes nothing more. `beforeWrite` runs before each (a test's fault: a throw fails that flush).
 */
export function serveOrderHistoryWrites(port: MessagePort, data: OrderHistoryWriterData, beforeWrite: (no: number) => void = () => undefined): void {
  const env = openStore({ path: data.dir, maxDbs: data.maxDbs, ...data.flags });
  const counters = new Int32Array(data.shared);
  let writing = 0;
  // A flush handed over behind the one being written: no naps (the engine's thread waits once every slot is taken).
  const runs = new ShortRuns({ ...SIDE_THREAD_RUNS, behind: () => Atomics.load(counters, HANDED_OVER) > writing });
  const writes = new FlushWrites(new OrderHistoryStore(env, data.retention), runs);
  const slots = ringSlots(data.ring, data.slotFloats);
  const copy = new Float64Array(data.slotFloats);
  let failed = false;
  const say = (m: FromOrderHistoryWriter): void => port.postMessage(m);
  say({ type: 'ready' });
  port.on('message', function onFlush(m: ToOrderHistoryWriter) {
    if (m.type === 'close') {
      void env.close().then(() => say({ type: 'closed' }));
      return;
    }
    if (failed) return;
    try {
      beforeWrite(m.no);
      writing = m.no;
      if (m.flush !== undefined) writes.write(m.flush);
      else {
        const slot = slots[m.no % MAX_FLUSHES_IN_FLIGHT]!;
        copy.set(slot.subarray(0, flushFloats(slot[3]!)));
        writes.write(copy);
      }
    } catch (error) {
      failed = true;
      Atomics.store(counters, FAILED, 1);
      Atomics.notify(counters, COMMITTED);
      say({ type: 'failed', no: m.no, message: (error as Error).message });
      return;
    }
    Atomics.store(counters, COMMITTED, m.no);
    Atomics.notify(counters, COMMITTED);
    say({ type: 'written', no: m.no });
  });
}
