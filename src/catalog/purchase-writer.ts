/** The thread's module (worker-boot.mjs loads it, through startThread), spelled as the build and test/app/compiled-service find worker entries (`entry: new URL(...)`). */
const PURCHASE_THREAD = { entry: new URL('./purchase-worker.ts', import.meta.url).href };

/**
 * The purchase ledger's writes, done on a thread of their own (purchase-worker.ts). On the
 * engine's thread each buy fill's msgpack encoding and LMDB put, in one asynchronous
 * transaction a turn, took 7% of its time at 50k orders/s (bench/RESULTS.md, "The wire
 * against its limit"); here that thread only writes each turn's purchases into a shared ring
 * (purchase-ring.ts: a few stores a purchase, no message but a contract's name the first time).
 *
 * The thread reads the ring every `pollMs` (250 ms) and commits what it read in one
 * transaction, with the seq the last write gave: under load a commit covers many turns. Each
 * commit copies the B-tree pages it touches and fsyncs (the catalog's environment holds
 * listings too, so it syncs): at 50k orders/s a commit a turn took the thread 3.5–4.9 µs of
 * CPU an order, a commit every 10 ms 2.8–2.9, every 50 ms 1.2–1.4 (about 0.9 ms a commit,
 * 4.6 µs a purchase); every 250 ms, a fifth of the commits and fsyncs of 50 ms. `record`'s
 * promise resolves only once its purchases are committed: a consumer's read waits for it
 * (read your own fills, PurchaseLedger.purchasesOf), and asks the thread to read the ring at
 * once (`hurry`) rather than at its next poll. The thread starts at the first write.
 *
 * A write the ring has no room for (the thread a ring behind) waits here, in order, for the
 * thread to free it. A commit that fails stops the writer: everything not committed and every
 * later write are refused with the failure. Carrying on would commit a later seq past the
 * purchases that were lost, so a restart would not replay them; stopped, the stored seq stays at
 * the last commit and the next start writes the rest again from the journal.
 */
import type { Worker } from 'node:worker_threads';
import { backgroundThreads } from '../runtime/background-threads.js';
import { closeThread, startThread } from '../runtime/worker-thread.js';
import type { Purchase } from './purchase.js';
import { createPurchaseRing, PURCHASE_RING_SLOTS, PurchaseRingWriter, SEQ_UNCHANGED } from './purchase-ring.js';
import type { FromPurchaseWriter, PurchaseWriterData, ToPurchaseWriter } from './purchase-writer-messages.js';

/** How often the thread reads the ring by default (a read that waits hurries it). */
export const PURCHASE_POLL_MS = 250;
/**
 * The least time between two asks to read at once: reads at any rate (strangers' included) make the thread commit at
 * most as often as its old 50 ms poll did; a read in between waits for the ask this spacing puts off.
 */
const HURRY_SPACING_MS = 50;

/** Writes sharing one promise: every write from `record` until the thread next says what it committed. */
interface Group {
  lastRecordNo: number;
  done: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Overflow {
  purchases: readonly Purchase[];
  throughSeq: number;
  recordNo: number;
}

export class PurchaseWriteError extends Error {
  override readonly name = 'PurchaseWriteError';
}

export interface PurchaseWriterOptions {
  /** The thread's module (the tests give one that fails a chosen batch). */
  entry?: string;
  pollMs?: number;
  /** The ring's size in slots (a test makes it small to fill it). */
  ringSlots?: number;
}

export class PurchaseWriter {
  private worker: Worker | undefined;
  private ring: PurchaseRingWriter | undefined;
  private nextRecordNo = 1;
  /** Groups whose writes are in the ring or in `overflow`, oldest first; the last is still gathering. */
  private readonly groups: Group[] = [];
  /** Whether the last group still gathers writes (it closes when the thread next says what it committed). */
  private gathering = false;
  /** Writes the ring had no room for, in order. */
  private readonly overflow: Overflow[] = [];
  private ended: Error | undefined;
  private closing: Promise<void> | undefined;
  /** Called when the thread says it committed, or failed (close waits on it). */
  private heardFromThread: (() => void) | undefined;
  /** Whether the thread was asked to read the ring now and has not said it committed since. */
  private hurried = false;
  /** When the thread was last asked (performance.now()), and the ask the spacing put off. */
  private lastHurryAt = Number.NEGATIVE_INFINITY;
  private hurryLater: ReturnType<typeof setTimeout> | undefined;
  /** Commits the thread reported. */
  commits = 0;

  private readonly entry: string;
  private readonly pollMs: number;
  private readonly ringSlots: number;

  constructor(
    private readonly dir: string,
    options: PurchaseWriterOptions = {},
  ) {
    this.entry = options.entry ?? PURCHASE_THREAD.entry;
    this.pollMs = options.pollMs ?? PURCHASE_POLL_MS;
    this.ringSlots = options.ringSlots ?? PURCHASE_RING_SLOTS;
  }

  /** Queues purchases and the seq they reach; resolves once they are committed. */
  record(purchases: readonly Purchase[], throughSeq: number): Promise<void> {
    if (this.closing !== undefined) return Promise.reject(new PurchaseWriteError('the purchase writer is closed'));
    if (this.ended !== undefined) return Promise.reject(this.ended);
    const recordNo = this.nextRecordNo++;
    let group = this.gathering ? this.groups[this.groups.length - 1]! : undefined;
    if (group === undefined) {
      group = this.newGroup();
      this.groups.push(group);
      this.gathering = true;
    }
    group.lastRecordNo = recordNo;
    const ring = this.ringWriter();
    const chunks = ring.chunks(purchases);
    for (let i = 0; i < chunks.length; i++) {
      // The parts before the last are tagged with the write before this one: committed alone, they acknowledge nothing of it.
      const last = i === chunks.length - 1;
      this.writeOrWait(chunks[i]!, last ? throughSeq : SEQ_UNCHANGED, last ? recordNo : recordNo - 1);
    }
    return group.done;
  }

  private writeOrWait(purchases: readonly Purchase[], throughSeq: number, recordNo: number): void {
    // The ring's slots are reused: a write waiting in `overflow` keeps its own copy of the list.
    if (this.overflow.length > 0 || !this.ring!.tryWrite(purchases, throughSeq, recordNo)) {
      this.overflow.push({ purchases: purchases.slice(), throughSeq, recordNo });
      if (this.worker !== undefined) backgroundThreads.behind(this.worker); // a ring behind: not keeping up in the background
    }
  }

  /** Whether its thread runs (it starts at the first write). */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /** Asks the thread to commit what waits now rather than at its next poll (a read waits for it); one ask at a time, HURRY_SPACING_MS apart. */
  hurry(): void {
    if (this.worker === undefined || this.groups.length === 0 || this.hurried || this.hurryLater !== undefined || this.closing !== undefined || this.ended !== undefined) return;
    const wait = this.lastHurryAt + HURRY_SPACING_MS - performance.now();
    if (wait > 0) {
      this.hurryLater = setTimeout(() => {
        this.hurryLater = undefined;
        this.hurry();
      }, wait);
      return;
    }
    this.hurried = true;
    this.lastHurryAt = performance.now();
    this.worker.postMessage({ type: 'drain' } satisfies ToPurchaseWriter);
  }

  /** Writes what is queued, then ends the thread. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    clearTimeout(this.hurryLater); // the close reads the ring itself
    this.hurryLater = undefined;
    const worker = this.worker;
    if (worker === undefined) {
      this.ended ??= new PurchaseWriteError('the purchase writer is closed');
      return;
    }
    // What the ring had no room for goes as the thread frees it.
    while (this.overflow.length > 0 && this.ended === undefined) {
      await new Promise<void>((resolve) => {
        this.heardFromThread = resolve;
        worker.postMessage({ type: 'drain' } satisfies ToPurchaseWriter);
      });
    }
    await closeThread(worker, { type: 'close' } satisfies ToPurchaseWriter, (m: FromPurchaseWriter) => m.type === 'closed');
    this.ended ??= new PurchaseWriteError('the purchase writer is closed');
  }

  private newGroup(): Group {
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => undefined); // a caller that drops the promise is told nothing; the ledger's own callers are
    return { lastRecordNo: 0, done, resolve, reject };
  }

  private ringWriter(): PurchaseRingWriter {
    if (this.ring !== undefined) return this.ring;
    const ring = createPurchaseRing(this.ringSlots);
    const data: PurchaseWriterData = { entry: this.entry, dir: this.dir, ring, pollMs: this.pollMs };
    const worker = startThread('patx-purchases', data, (m: FromPurchaseWriter) => this.heard(m), (error) =>
      this.threadEnded(new PurchaseWriteError(error === undefined ? "the purchase writer's thread ended" : `the purchase writer's thread failed: ${error.message}`)),
    );
    this.worker = worker;
    this.ring = new PurchaseRingWriter(ring, (id, contract) => worker.postMessage({ type: 'name', id, contract } satisfies ToPurchaseWriter));
    return this.ring;
  }

  private heard(m: FromPurchaseWriter): void {
    if (m.type === 'closed') return;
    if (m.type === 'failed') {
      this.stop(new PurchaseWriteError(`purchases after seq ${m.committedThroughSeq} not written: ${m.message}`));
    } else {
      this.commits++;
      this.hurried = false;
      this.gathering = false; // what is recorded from now on waits for a later commit
      while (this.groups.length > 0 && this.groups[0]!.lastRecordNo <= m.recordNo) this.groups.shift()!.resolve();
      // Room freed: what waited for it goes, in order.
      while (this.overflow.length > 0) {
        const o = this.overflow[0]!;
        if (!this.ring!.tryWrite(o.purchases, o.throughSeq, o.recordNo)) break;
        this.overflow.shift();
      }
    }
    const heard = this.heardFromThread;
    this.heardFromThread = undefined;
    heard?.();
  }

  /** Nothing not yet committed will be: every waiting write and every later one is refused. */
  private stop(error: Error): void {
    this.ended ??= error;
    for (const group of this.groups.splice(0)) group.reject(this.ended);
    this.gathering = false;
    this.overflow.length = 0;
  }

  private threadEnded(error: Error): void {
    this.stop(error);
    const heard = this.heardFromThread;
    this.heardFromThread = undefined;
    heard?.();
  }
}
