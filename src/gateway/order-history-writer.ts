/**
 * The order history's writes, on a thread of their own (order-history-worker.ts), as the purchase
 * ledger's are (src/catalog/purchase-writer.ts). The engine's thread writes each flush into a slot of
 * a ring of shared memory allocated once (order-history-flush.ts) and goes on; the thread copies it
 * out, commits flushes in order, one transaction each, and says so twice: in a shared counter the
 * engine's thread reads without waiting for a message (what is committed may leave its memory, and
 * its slot is free), and in a message that wakes whoever awaits a commit (a page read from the store).
 *
 * Why a ring and not buffers transferred back and forth: a buffer given back was a few rows too small
 * for the next flush about every time (a flush takes the rows of the turn that crossed its threshold),
 * so nearly every flush allocated a new one, external memory V8 counts towards its next full GC; the
 * ring allocates nothing after the start (bench/RESULTS.md, 2026-12-02 15:00–15:40). A flush larger than
 * a slot (a turn that changes thousands of orders) goes over as a buffer of its own, transferred once.
 *
 * At most MAX_FLUSHES_IN_FLIGHT flushes are handed over and not committed (one a slot): the next waits
 * (Atomics.wait, on the engine's thread) for the thread to catch up, so a replay at start, which
 * flushes faster than a disk may commit, holds a bounded memory. A live exchange flushes every
 * 16,384 changed rows, some hundreds of ms apart at 50k orders/s, and never waits.
 *
 * A commit that fails stops the writer: nothing later is committed, and the history answers
 * ORDER_HISTORY_UNAVAILABLE until a restart derives what is missing from the journal (its saved
 * progress never passes a commit, order-history.ts).
 */
import type { Worker } from 'node:worker_threads';
import type { OrderRetention } from './order-history-store.js';
import type { DerivedStoreFlags } from '../read-models/derived-store.js';
import { backgroundThreads } from '../runtime/background-threads.js';
import { closeThread, startThread } from '../runtime/worker-thread.js';

/** The thread's module, spelled as the build and test/app/compiled-service find worker entries. */
const ORDER_HISTORY_THREAD = { entry: new URL('./order-history-worker.ts', import.meta.url).href };

/** Flushes handed over and not yet committed before the next waits. */
export const MAX_FLUSHES_IN_FLIGHT = 4;
/** How long a flush waits for room before the writer is taken as failed (a thread that died cannot say so while the engine's thread waits). */
const ROOM_TIMEOUT_MS = 10_000;

/** Where the shared counters are: the last flush committed, whether a commit failed, the last flush handed over. */
export const COMMITTED = 0;
export const FAILED = 1;
export const HANDED_OVER = 2;

export interface OrderHistoryWriterData {
  /** The worker's module (worker-boot.mjs loads it). */
  entry: string;
  /** The order history's LMDB directory and how the engine's thread opened it (lmdb-js shares one environment per path: the flags must agree). */
  dir: string;
  maxDbs: number;
  flags: DerivedStoreFlags;
  retention: OrderRetention;
  /** Int32Array over it: [committed flush no, failed, handed-over flush no]. */
  shared: SharedArrayBuffer;
  /** MAX_FLUSHES_IN_FLIGHT slots of `slotFloats` float64s: flush `no` is written in slot `no % MAX_FLUSHES_IN_FLIGHT`. */
  ring: SharedArrayBuffer;
  slotFloats: number;
}

/** A flush is in its ring slot, or (`flush`) one larger than a slot, in a buffer of its own. */
export type ToOrderHistoryWriter = { type: 'flush'; no: number; flush?: Float64Array } | { type: 'close' };
export type FromOrderHistoryWriter = { type: 'ready' } | { type: 'written'; no: number } | { type: 'failed'; no: number; message: string } | { type: 'closed' };

/** The ring's slots as views, on either thread: slot `i` holds flush numbers `i` modulo MAX_FLUSHES_IN_FLIGHT. */
export function ringSlots(ring: SharedArrayBuffer, slotFloats: number): Float64Array[] {
  return Array.from({ length: MAX_FLUSHES_IN_FLIGHT }, (_, i) => new Float64Array(ring, i * slotFloats * 8, slotFloats));
}

export class OrderHistoryUnavailable extends Error {
  override readonly name = 'OrderHistoryUnavailable';
}

export interface OrderHistoryWriterOptions {
  /** The thread's module (a test gives one that fails a chosen flush). */
  entry?: string;
  /** How long a flush waits for room before the writer is taken as failed (ROOM_TIMEOUT_MS; a test's is short). */
  roomTimeoutMs?: number;
}

export class OrderHistoryWriter {
  private worker: Worker | undefined;
  private readonly shared = new SharedArrayBuffer(12);
  private readonly counters = new Int32Array(this.shared);
  private handedOver = 0;
  /** The ring's slots, as views (made once). */
  private readonly slots: Float64Array[];
  private readonly ring: SharedArrayBuffer;
  private readonly waiting: Array<{ no: number; resolve: () => void; reject: (error: Error) => void }> = [];
  private failure: OrderHistoryUnavailable | undefined;
  private closing: Promise<void> | undefined;
  /** Ms the engine's thread spent waiting for room (bench/order-history.bench.ts: its own cost is the rest). */
  waitedMs = 0;
  private readonly isReady: Promise<void>;
  private heardReady: () => void = () => undefined;

  constructor(
    private readonly data: Omit<OrderHistoryWriterData, 'entry' | 'shared' | 'ring'>,
    /** Called on the engine's thread when the thread says it committed (the history lets go of what it kept for reads). */
    private readonly committed: () => void,
    private readonly options: OrderHistoryWriterOptions = {},
  ) {
    this.isReady = new Promise((resolve) => (this.heardReady = resolve));
    this.ring = new SharedArrayBuffer(MAX_FLUSHES_IN_FLIGHT * data.slotFloats * 8);
    this.slots = ringSlots(this.ring, data.slotFloats);
  }

  /** Starts the thread now (its start takes a while: a replay at open should not wait for it); resolves once it has opened the store. */
  start(): Promise<void> {
    this.thread();
    return this.isReady;
  }

  /** The last flush committed (read without waiting for the thread's message). */
  get committedNo(): number {
    return Atomics.load(this.counters, COMMITTED);
  }

  /** Flushes handed over since the start. */
  get handedOverCount(): number {
    return this.handedOver;
  }

  /** Flushes handed over and not yet committed. */
  get uncommitted(): number {
    return this.handedOver - this.committedNo;
  }

  /** Why the writer stopped, if it did: in the thread's words once its message is heard, before that (the shared counter says so first) in general ones. */
  get failed(): OrderHistoryUnavailable | undefined {
    if (this.failure === undefined && Atomics.load(this.counters, FAILED) !== 0) return new OrderHistoryUnavailable('the order history could not write; it is derived again from the journal at the next start');
    return this.failure;
  }

  /**
   * Where the next flush is written: its ring slot, or a buffer of its own when `floats` is more than a slot holds.
   * Waits first while MAX_FLUSHES_IN_FLIGHT are uncommitted (the slot is the oldest's). handOver sends it.
   */
  buffer(floats: number): Float64Array {
    this.awaitRoom();
    return floats <= this.data.slotFloats ? this.slots[(this.handedOver + 1) % MAX_FLUSHES_IN_FLIGHT]! : new Float64Array(floats);
  }

  /** Hands the flush written into `buffer()` over; returns its number. */
  handOver(flush: Float64Array): number {
    const worker = this.thread();
    const no = ++this.handedOver;
    Atomics.store(this.counters, HANDED_OVER, no); // the writer works without naps while a flush waits behind the one it writes
    if (flush.buffer === this.ring) worker.postMessage({ type: 'flush', no } satisfies ToOrderHistoryWriter);
    else worker.postMessage({ type: 'flush', no, flush } satisfies ToOrderHistoryWriter, [flush.buffer as ArrayBuffer]);
    return no;
  }

  /** Resolves once flush `no` is committed (rejects if the writer stopped first). */
  whenCommitted(no: number): Promise<void> {
    if (this.committedNo >= no) return Promise.resolve();
    const failed = this.failed;
    if (failed !== undefined) return Promise.reject(failed);
    return new Promise((resolve, reject) => this.waiting.push({ no, resolve, reject }));
  }

  /** Everything handed over is committed, then the thread ends. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    await this.whenCommitted(this.handedOver).catch(() => undefined);
    await closeThread(worker, { type: 'close' } satisfies ToOrderHistoryWriter, (m: FromOrderHistoryWriter) => m.type === 'closed');
  }

  private awaitRoom(): void {
    const timeoutMs = this.options.roomTimeoutMs ?? ROOM_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const committed = this.committedNo;
      if (this.handedOver - committed < MAX_FLUSHES_IN_FLIGHT || this.failed !== undefined) return;
      if (Date.now() > deadline) {
        this.stop(new OrderHistoryUnavailable(`the order history's writer committed nothing for ${timeoutMs / 1000} s`));
        return;
      }
      if (this.worker !== undefined) backgroundThreads.behind(this.worker); // every slot taken: not keeping up in the background
      const waitFrom = performance.now();
      Atomics.wait(this.counters, COMMITTED, committed, 1_000);
      this.waitedMs += performance.now() - waitFrom;
    }
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const data: OrderHistoryWriterData = { ...this.data, entry: this.options.entry ?? ORDER_HISTORY_THREAD.entry, shared: this.shared, ring: this.ring };
    this.worker = startThread('patx-order-history', data, (m: FromOrderHistoryWriter) => this.heard(m), (error) =>
      this.stop(new OrderHistoryUnavailable(error === undefined ? "the order history's writer ended" : `the order history's writer failed: ${error.message}`)),
    );
    return this.worker;
  }

  private heard(m: FromOrderHistoryWriter): void {
    if (m.type === 'closed') return;
    if (m.type === 'ready') return this.heardReady();
    if (m.type === 'failed') {
      this.stop(new OrderHistoryUnavailable(`the order history could not write flush ${m.no} (${m.message}); it is derived again from the journal at the next start`));
      return;
    }
    this.committed();
    const committed = this.committedNo;
    let i = 0;
    while (i < this.waiting.length) {
      if (this.waiting[i]!.no <= committed) this.waiting.splice(i, 1)[0]!.resolve();
      else i++;
    }
  }

  /** Nothing more will be committed: every wait is refused. An ended thread after a close is no failure. */
  private stop(error: OrderHistoryUnavailable): void {
    if (this.closing !== undefined && this.committedNo >= this.handedOver) return;
    Atomics.store(this.counters, FAILED, 1);
    this.failure ??= error;
    const committed = this.committedNo; // a flush the counter says is committed is, whatever came after
    for (const w of this.waiting.splice(0)) {
      if (w.no <= committed) w.resolve();
      else w.reject(this.failure);
    }
    this.heardReady();
    this.committed();
  }
}
