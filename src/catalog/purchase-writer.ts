/** The thread's module, spelled as the build and test/app/compiled-service find worker entries (`entry: new URL(...)`). */
const PURCHASE_THREAD = { entry: new URL('./purchase-worker.ts', import.meta.url).href };

/**
 * The purchase ledger's writes, done on a thread of their own (purchase-worker.ts). On the
 * engine's thread each buy fill's msgpack encoding and LMDB put, in one asynchronous
 * transaction a turn, took 7% of its time at 50k orders/s (bench/RESULTS.md, "The wire
 * against its limit"); here that thread only hands each turn's purchases over.
 *
 * One batch is with the thread at a time, and batches go over at most one every
 * `handoverGapMs` (10 ms); what the ledger records meanwhile is gathered into the next one, in
 * order, its seq the last one given (as the in-order transactions before wrote it last). So
 * under load a commit covers many turns, and `record`'s promise still resolves only once its
 * purchases are committed: a consumer's read waits for it (read your own fills,
 * PurchaseLedger.purchasesOf), at most the gap longer. The thread starts at the first write.
 *
 * Why the gap: each commit copies the B-tree pages it touches and fsyncs (the catalog's
 * environment holds listings too, so it syncs); at 50k orders/s a batch a turn was about a
 * thousand commits a second, and the thread took 3.5–4.9 µs of CPU an order, more than the
 * market-data thread; with batches every 10 ms it took about 2 (bench/RESULTS.md, "The
 * purchase ledger's commits gathered").
 *
 * A batch that fails to commit stops the writer: that batch, the one gathering and every later
 * write are refused with the failure. Carrying on would commit a later batch's seq past the
 * purchases that were lost, so a restart would not replay them; stopped, the stored seq stays
 * at the last commit and the next start writes the rest again from the journal.
 */
import { Worker } from 'node:worker_threads';
import type { Purchase } from './purchase.js';
import { packPurchases, type FromPurchaseWriter, type PurchaseWriterData, type ToPurchaseWriter } from './purchase-writer-messages.js';

interface Batch {
  id: number;
  purchases: Purchase[];
  throughSeq: number;
  done: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** The shortest time between two batches handed to the thread. */
export const PURCHASE_HANDOVER_GAP_MS = 10;

export class PurchaseWriteError extends Error {
  override readonly name = 'PurchaseWriteError';
}

export class PurchaseWriter {
  private worker: Worker | undefined;
  private nextBatchId = 1;
  /** When the last batch went over (performance.now()). */
  private sentAt = Number.NEGATIVE_INFINITY;
  /** Set while the next batch waits out the gap. */
  private gapTimer: NodeJS.Timeout | undefined;
  /** Batches handed to the thread so far. */
  batches = 0;
  /** With the thread now. */
  private inFlight: Batch | undefined;
  /** Gathering what comes while one is in flight. */
  private next: Batch | undefined;
  private ended: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    /** The thread's module (the tests give one that fails a chosen batch). */
    private readonly entry: string = PURCHASE_THREAD.entry,
    private handoverGapMs: number = PURCHASE_HANDOVER_GAP_MS,
  ) {}

  /** Queues purchases and the seq they reach; resolves once they are committed. */
  record(purchases: readonly Purchase[], throughSeq: number): Promise<void> {
    if (this.ended !== undefined) return Promise.reject(this.ended);
    const batch = (this.next ??= this.newBatch());
    for (const p of purchases) batch.purchases.push(p);
    batch.throughSeq = throughSeq;
    this.sendWhenDue();
    return batch.done;
  }

  /** Writes what is queued, then ends the thread. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    // What waits out the gap goes now (or as soon as the batch in flight is written).
    clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    this.handoverGapMs = 0;
    this.sendWhenDue();
    const worker = this.worker;
    await Promise.allSettled([this.inFlight?.done, this.next?.done]);
    this.ended ??= new PurchaseWriteError('the purchase writer is closed');
    if (worker === undefined) return;
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.on('message', (m: FromPurchaseWriter) => {
        if (m.type === 'closed') void worker.terminate();
      });
      worker.postMessage({ type: 'close' } satisfies ToPurchaseWriter);
    });
  }

  private newBatch(): Batch {
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => undefined); // a caller that drops the promise is told nothing; the ledger's own callers are
    return { id: this.nextBatchId++, purchases: [], throughSeq: 0, done, resolve, reject };
  }

  /** Hands the gathered batch over if none is in flight and the gap has passed, else when it has. */
  private sendWhenDue(): void {
    if (this.next === undefined || this.inFlight !== undefined || this.gapTimer !== undefined) return;
    const wait = this.sentAt + this.handoverGapMs - performance.now();
    if (wait <= 0) return this.send();
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      this.sendWhenDue();
    }, wait);
    this.gapTimer.unref(); // as the thread: what is not written when the process ends, the journal replays
  }

  private send(): void {
    const batch = this.next;
    if (batch === undefined) return;
    this.next = undefined;
    this.inFlight = batch;
    this.sentAt = performance.now();
    this.batches++;
    const purchases = packPurchases(batch.purchases);
    const message: ToPurchaseWriter = { type: 'write', batch: batch.id, purchases, throughSeq: batch.throughSeq };
    this.thread().postMessage(message, [purchases.fields.buffer as ArrayBuffer]);
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const data: PurchaseWriterData = { entry: this.entry, dir: this.dir };
    const worker = new Worker(new URL('../gateway/worker-boot.mjs', import.meta.url), { workerData: data, name: 'patx-purchases' });
    worker.unref(); // never what keeps the process alive: what it has not written the journal replays at the next start
    worker.on('message', (m: FromPurchaseWriter) => this.heard(m));
    worker.on('error', (error) => this.threadEnded(new PurchaseWriteError(`the purchase writer's thread failed: ${error.message}`)));
    worker.on('exit', () => this.threadEnded(new PurchaseWriteError("the purchase writer's thread ended")));
    this.worker = worker;
    return worker;
  }

  private heard(m: FromPurchaseWriter): void {
    if (m.type === 'closed') return;
    const batch = this.inFlight;
    if (batch === undefined || batch.id !== m.batch) return;
    this.inFlight = undefined;
    if (m.type === 'failed') return this.stop(batch, new PurchaseWriteError(`purchases through seq ${batch.throughSeq} not written: ${m.message}`));
    batch.resolve();
    this.sendWhenDue();
  }

  /** `failed` was not committed: it and everything after it are refused, so no later seq is stored past it. */
  private stop(failed: Batch, error: Error): void {
    this.ended ??= error;
    failed.reject(error);
    this.next?.reject(error);
    this.next = undefined;
  }

  /** Every batch not written is refused; later writes are refused at once. */
  private threadEnded(error: Error): void {
    this.ended ??= error;
    for (const batch of [this.inFlight, this.next]) batch?.reject(this.ended);
    this.inFlight = undefined;
    this.next = undefined;
  }
}
