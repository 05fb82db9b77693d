/**
 * The provider server's delivery reports to the exchange, sent one at a time in the background.
 * A report carries a delivery's evidence (the consumer's signed request, stream request or push
 * authorisation and the provider's signed statement: docs/delivery.md, "Evidence, claims and disputes"), which
 * is what keeps a consumer's claim from refunding what it received; so with a store (LMDB, beside
 * the gate's) a report is kept until the exchange answered it, across a restart, and one the
 * exchange could not take (no connection, a 5xx, 429) is sent again after a back-off. Bounded:
 * at most `maxQueued` deliveries wait, and beside them at most a tenth as many refusals; a report
 * beyond its bound is dropped and counted (with a warning), never queued without end. Refusals
 * have a bound of their own because a consumer makes them at will (a request sent again is
 * REPLAYED, one past its grant EXHAUSTED): sharing one bound, a flood of them dropped the
 * evidence of other consumers' deliveries, and a claim then refunded records that were received.
 * The records were already served: the consumer never waits on the exchange for them.
 */
import type { Database } from 'lmdb';
import type { DeliveryStatement } from '../grants/delivery-statement.js';
import type { PushAuthorisation, StreamRequest } from '../grants/push-request.js';
import type { GateRequest } from '../grants/gate-request.js';
import type { Logger } from '../runtime/log.js';

export interface DeliveryReport {
  grantId: number;
  rights: number;
  outcome: string;
  /** The consumer-signed gate request the outcome answered (the exchange counts nothing without it); absent for a push. */
  request?: GateRequest;
  /** What was served, as the provider signed it for the consumer: with the request (or a push's authorisation), a delivery's evidence. */
  delivery?: DeliveryStatement;
  deliverySignature?: string;
  /** A push the consumer's webhook took: its authorisation and what answered. */
  push?: { seq: number; authorisation: PushAuthorisation; answer: { status: number; atMs: number } };
  /** A batch a stream sent: its right's number and the stream request the consumer signed. */
  stream?: { seq: number; request: StreamRequest };
}

/** What became of one attempt: the exchange answered it (taken or refused for good), or it should be sent again later. */
export type SendOutcome = 'answered' | 'retry';

/** The back-off between attempts when the exchange could not take a report: doubling from the first, at most the last. */
export const REPORT_RETRY = { firstDelayMs: 1_000, maxDelayMs: 60_000 } as const;

/** A delivery's evidence (records served, a push the webhook took, a batch a stream sent), not a refusal (whose outcome is the gate's code). */
export const isDelivery = (r: DeliveryReport): boolean => r.outcome === 'delivered' || r.outcome === 'pushed' || r.outcome === 'streamed';

export class ReportQueue {
  private readonly waiting: Array<{ key: number; report: DeliveryReport }> = [];
  /** Refusals among `waiting`: bounded apart (maxQueuedRefusals) so they never take a delivery's place. */
  private refusalsWaiting = 0;
  /** Refusals that may wait at most: a tenth of maxQueued, at least one. */
  readonly maxQueuedRefusals: number;
  private sending: Promise<void> | undefined;
  private nextKey = 1;
  private closed = false;
  private wake: (() => void) | undefined;
  /** Writes of added reports not yet committed: close() waits for them, so a report added just before is on disk. */
  private readonly writing = new Set<Promise<unknown>>();
  /** Reports dropped because the queue was full, since start. */
  dropped = 0;
  /** Reports the exchange answered, since start. */
  sent = 0;
  /** Attempts that will be made again (no connection, a 5xx, 429), since start. */
  retried = 0;

  constructor(
    private readonly send: (report: DeliveryReport) => Promise<SendOutcome | void>,
    readonly maxQueued: number,
    private readonly log: Logger,
    /** Where waiting reports are kept across a restart (absent: memory only). */
    private readonly store?: Database<DeliveryReport, number>,
    private readonly retry: { firstDelayMs: number; maxDelayMs: number } = REPORT_RETRY,
  ) {
    this.maxQueuedRefusals = Math.max(1, Math.floor(maxQueued / 10));
    if (store === undefined) return;
    // What a previous run left unsent goes first, in the order it was reported.
    for (const { key, value } of store.getRange({})) {
      this.waiting.push({ key, report: value });
      if (!isDelivery(value)) this.refusalsWaiting++;
      this.nextKey = key + 1;
    }
    if (this.waiting.length > 0) {
      this.log.info({ reports: this.waiting.length }, 'delivery reports kept from the last run: sending');
      this.sending = this.drain();
    }
  }

  /** Reports waiting, the one being sent counted until it is answered. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Queues a report (kept on disk when there is a store); false (and counted) when its kind's bound is reached. */
  add(report: DeliveryReport): boolean {
    const delivery = isDelivery(report);
    const full = delivery ? this.waiting.length - this.refusalsWaiting >= this.maxQueued : this.refusalsWaiting >= this.maxQueuedRefusals;
    if (full || this.closed) {
      this.dropped++;
      // Warned at the first drop and every 100th after, so a long outage does not flood the log.
      if (this.dropped === 1 || this.dropped % 100 === 0) this.log.warn({ grantId: report.grantId, dropped: this.dropped, maxQueued: delivery ? this.maxQueued : this.maxQueuedRefusals, delivery }, 'delivery report queue full: report dropped');
      return false;
    }
    const key = this.nextKey++;
    if (this.store !== undefined) {
      const write: Promise<unknown> = this.store
        .put(key, report)
        .catch((error: unknown) => this.log.error({ err: error, grantId: report.grantId }, 'delivery report not kept on disk: it is sent from memory only'))
        .finally(() => this.writing.delete(write));
      this.writing.add(write);
    }
    this.waiting.push({ key, report });
    if (!delivery) this.refusalsWaiting++;
    this.sending ??= this.drain();
    return true;
  }

  /** Resolves once every queued report has been answered (or, closing, handed to the store for the next run). */
  async settled(): Promise<void> {
    while (this.sending !== undefined) await this.sending;
  }

  /** Stops sending: what waits stays in the store for the next run (on disk once this resolves). */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.settled();
    await Promise.all(this.writing);
  }

  private async drain(): Promise<void> {
    let failures = 0;
    try {
      while (!this.closed && this.waiting.length > 0) {
        const next = this.waiting[0]!;
        let outcome: SendOutcome;
        try {
          outcome = (await this.send(next.report)) ?? 'answered';
        } catch (error) {
          this.log.warn({ err: error, grantId: next.report.grantId }, 'delivery report not sent');
          outcome = this.store === undefined ? 'answered' : 'retry'; // without a store nothing would keep it
        }
        if (outcome === 'retry' && this.store !== undefined) {
          this.retried++;
          failures++;
          await this.pause(Math.min(this.retry.maxDelayMs, this.retry.firstDelayMs * 2 ** Math.min(20, failures - 1)));
          continue;
        }
        failures = 0;
        this.waiting.shift();
        if (!isDelivery(next.report)) this.refusalsWaiting--;
        this.sent++;
        await this.store?.remove(next.key);
      }
    } finally {
      this.sending = undefined;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}
