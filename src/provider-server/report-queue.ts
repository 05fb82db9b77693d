/**
 * The provider server's delivery reports to the exchange, sent one at a time in the
 * background. Bounded: when the exchange is slow or away, at most `maxQueued` reports wait;
 * a report beyond that is dropped and counted (with a warning), never queued without end.
 * Dropping is the choice because a report only feeds the provider's statement and
 * reliability: the records were already served, and the consumer must not wait on the
 * exchange for them. The exchange's own grant ledger still holds every exercise.
 */
import type { DeliveryStatement } from '../gate/delivery-statement.js';
import type { PushAuthorisation } from '../gate/push-request.js';
import type { GateRequest } from '../gate/request.js';
import type { Logger } from '../log.js';

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
}

export class ReportQueue {
  private readonly waiting: DeliveryReport[] = [];
  private sending: Promise<void> | undefined;
  /** Reports dropped because the queue was full, since start. */
  dropped = 0;
  /** Reports sent (whatever the exchange answered), since start. */
  sent = 0;

  constructor(
    private readonly send: (report: DeliveryReport) => Promise<void>,
    readonly maxQueued: number,
    private readonly log: Logger,
  ) {}

  /** Reports waiting, the one being sent not counted. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Queues a report; false (and counted) when the queue is full. */
  add(report: DeliveryReport): boolean {
    if (this.waiting.length >= this.maxQueued) {
      this.dropped++;
      // Warned at the first drop and every 100th after, so a long outage does not flood the log.
      if (this.dropped === 1 || this.dropped % 100 === 0) this.log.warn({ grantId: report.grantId, dropped: this.dropped, maxQueued: this.maxQueued }, 'delivery report queue full: report dropped');
      return false;
    }
    this.waiting.push(report);
    this.sending ??= this.drain();
    return true;
  }

  /** Resolves once every queued report has been sent (or failed). */
  async settled(): Promise<void> {
    while (this.sending !== undefined) await this.sending;
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.waiting.shift(); next !== undefined; next = this.waiting.shift()) {
        await this.send(next).catch((error: unknown) => this.log.warn({ err: error, grantId: next!.grantId }, 'delivery report not sent'));
        this.sent++;
      }
    } finally {
      this.sending = undefined;
    }
  }
}
