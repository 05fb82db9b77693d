/**
 * The leader's side of the catalog stream: its catalog store and operator credentials
 * tell the shipper every write (they are already stored here), and the shipper publishes
 * them in that order, one message at a time, retrying a failed publish with the same
 * message id (the stream's duplicate window stores a retried message once).
 *
 * `replicated()` resolves once every write told so far is held by the stream (a quorum
 * of its replicas): the catalog's and the operator API's HTTP routes await it before
 * answering a write, so a write a client saw succeed survives a failover.
 *
 * Writes wait here in memory until the stream takes them. Writes come only from HTTP
 * requests, and each waits for its own, so what waits is bounded by the requests in
 * flight; a leader that dies loses only writes no client was told of.
 *
 * Unlike the journal, the catalog stream is not fenced by expected sequences: records are
 * applied by key (idempotent), and a leader stops shipping when it is deposed (`stop`).
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import type { CatalogReplication, CatalogWrite } from '../catalog/index.js';
import type { OperatorRecord, OperatorReplication } from '../operator/index.js';
import { encodeCatalogRecord, type CatalogChunk, type CatalogRecord } from './catalog-stream.js';

/** While seeding, the shipper waits for the stream after about this many bytes (bounds the memory a seed holds). */
const SEED_BATCH_BYTES = 32 * 2 ** 20;

export interface CatalogShipperOptions {
  subject: string;
  /** This leader's epoch (its lease revision): message ids are unique to it. */
  epoch: number;
  /** Waits this long after a failed publish before trying it again. */
  retryMs: number;
  /** A publish failed and will be retried (the stream is unreachable, has no quorum, or is full). */
  onRetry?: (error: unknown) => void;
}

export class CatalogShipperStoppedError extends Error {
  override readonly name = 'CatalogShipperStoppedError';
  constructor(reason: string) {
    super(`the catalog shipper stopped: ${reason}`);
  }
}

interface Waiter {
  /** Resolved once this many messages are acknowledged. */
  messages: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class CatalogShipper implements CatalogReplication, OperatorReplication {
  private readonly queue: Array<CatalogChunk & { id: string }> = [];
  /** Messages ever queued, and ever acknowledged by the stream. */
  private queued = 0;
  private acknowledged = 0;
  private readonly waiters: Waiter[] = [];
  private wake: (() => void) | undefined;
  private stopped: Error | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly o: CatalogShipperOptions,
  ) {}

  /** Messages queued and not yet acknowledged. */
  get lagMessages(): number {
    return this.queued - this.acknowledged;
  }

  start(): void {
    this.running ??= this.loop();
  }

  wrote(write: CatalogWrite): void {
    this.enqueue(write);
  }

  changed(records: readonly OperatorRecord[]): void {
    this.enqueue({ kind: 'operators', records });
  }

  replicated(): Promise<void> {
    const messages = this.queued;
    if (messages <= this.acknowledged) return Promise.resolve();
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => this.waiters.push({ messages, resolve, reject }));
  }

  /**
   * Ships every write given (a store's whole catalog and the operators), waiting for the
   * stream after every SEED_BATCH_BYTES so a large catalog is never all in memory. For the
   * first leader on an empty catalog stream; returns the records shipped.
   */
  async seed(writes: Iterable<CatalogWrite>, operators: readonly OperatorRecord[]): Promise<number> {
    let records = 0;
    let bytes = 0;
    for (const write of writes) {
      this.wrote(write);
      records++;
      bytes += write.kind === 'sample' ? write.bytes.length : 1_024;
      if (bytes >= SEED_BATCH_BYTES) {
        await this.replicated();
        bytes = 0;
      }
    }
    if (operators.length > 0) this.changed(operators);
    await this.replicated();
    return records + (operators.length > 0 ? 1 : 0);
  }

  /** Stops after the publish in flight; what was not acknowledged is not replicated (its writers were not told it was). */
  async stop(reason = 'stopped'): Promise<void> {
    if (this.stopped === undefined) {
      this.stopped = new CatalogShipperStoppedError(reason);
      for (const w of this.waiters.splice(0)) w.reject(this.stopped);
      this.wake?.();
    }
    await this.running;
  }

  /** Encoded at once: the store's listing objects change in place after they are stored. */
  private enqueue(record: CatalogRecord): void {
    if (this.stopped !== undefined) return;
    for (const chunk of encodeCatalogRecord(record)) {
      this.queue.push({ ...chunk, id: `${this.o.epoch}-c${this.queued}` });
      this.queued++;
    }
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (this.stopped === undefined) {
      const next = this.queue[0];
      if (next === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      try {
        await this.js.publish(this.o.subject, next.data, { msgID: next.id, headers: next.headers });
      } catch (error) {
        if (this.stopped !== undefined) return;
        this.o.onRetry?.(error);
        await new Promise((resolve) => setTimeout(resolve, this.o.retryMs));
        continue;
      }
      this.queue.shift();
      this.acknowledged++;
      while (this.waiters.length > 0 && this.waiters[0]!.messages <= this.acknowledged) this.waiters.shift()!.resolve();
    }
  }
}
