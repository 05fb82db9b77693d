/**
 * Webhook delivery (docs/delivery.md, "Push delivery"): records of a grant POSTed to the URL
 * its consumer authorised, one right's batch each period, until the grant is used up, its
 * window closes, or the authorisation ends. A period whose window has no records yet
 * (NOT_READY) counts and sends nothing: the registration waits for the next one.
 *
 * Each right is counted in the gate's metering together with the registration's pending
 * batch, in one LMDB transaction, before anything is sent; the batch is then POSTed until
 * the URL answers 2xx, retried with exponential back-off (firstDelayMs doubling to
 * maxDelayMs, at most maxAttempts attempts) with the same body and the same seq: a retry
 * never counts another right. Registrations live in the gate's LMDB, so a restart resumes
 * every pending batch and schedule. After maxAttempts failures the registration ends
 * (`failed`): its counted right is not given back (the provider sent it; its signed
 * statement says what), and the consumer may register again.
 *
 * A POST carries the payload as JSON and the headers `patx-delivery-signature` (the
 * provider's signature of the batch's delivery statement, as in the body) and `patx-push-id`
 * (`<grantId>-<seq>`: a receiver that got it already answers 2xx and drops it). Redirects
 * are not followed. Each attempt resolves the URL's name again and goes only to an address
 * that is globally routable (or an exact address:port the gate allows), connecting to the
 * address it checked (webhook-post.ts): an attempt refused there sends nothing and counts as
 * failed, logged with the reason.
 */
import type { AccessGrant } from '../grants/grant.js';
import { Gate } from './gate.js';
import { GateError } from './gate-error.js';
import { endReasonOf, MAX_TIMER_MS, nextBatchAtMs, SILENT_LOG, type PushBatchMaker, type PushLog } from './push-common.js';
import { pushUntilMs, type PushEndReason, type PushPayload } from '../grants/push-request.js';
import type { PushRecord } from './push-record.js';
import { postWebhook, type WebhookLookup } from './webhook-post.js';


/** What a registration answers. */
export interface PushView {
  grantId: number;
  url: string;
  untilMs: number;
  registeredAtMs: number;
  delivered: number;
  /** The seq of a batch waiting to be taken, and its attempts so far. */
  pending: { seq: number; attempts: number; nextAttemptAtMs: number } | null;
}

export interface RetryPolicy {
  /** The wait after a first failed attempt (default 500 ms); doubled after each further one. */
  firstDelayMs: number;
  /** The longest wait between attempts (default 30 s). */
  maxDelayMs: number;
  /** Attempts of one batch at most, the first included (default 10); then the registration ends `failed`. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 500, maxDelayMs: 30_000, maxAttempts: 10 };

export interface PusherOptions {
  batch: PushBatchMaker;
  /** Time between two batches of a grant (the listing's cadence; tests use ~100 ms). */
  periodMs: (grant: AccessGrant) => number;
  retry?: Partial<RetryPolicy>;
  /** How long one POST may take before it counts as failed (default 10 s). */
  timeoutMs?: number;
  /** Registrations on one grant at most (default 4). */
  maxPerGrant?: number;
  /** Registrations in all at most (default 10,000). */
  maxTotal?: number;
  log?: PushLog;
  /** Resolves a webhook's name at each attempt (default: the system's, dns.lookup; tests inject a stub). */
  lookup?: WebhookLookup;
  /** Told when a URL took a batch, with what answered: the evidence of a push (docs/delivery.md, "Evidence, claims and disputes"). */
  onDelivered?: (record: PushRecord, payload: PushPayload, answer: PushAnswer) => void;
  /** Told when a registration ends. */
  onEnded?: (record: PushRecord, reason: PushEndReason) => void;
}

/** What answered a push the URL took: its 2xx status and when. */
export interface PushAnswer {
  status: number;
  atMs: number;
}

/** The wait after `attempts` failed attempts: firstDelayMs × 2^(attempts−1), at most maxDelayMs. */
export function retryDelayMs(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, Math.min(40, attempts - 1)));
}

const keyOf = (grantId: number, url: string): string => `${grantId} ${url}`;

export class Pusher {
  private readonly records = new Map<string, PushRecord>();
  private readonly perGrant = new Map<number, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly retry: RetryPolicy;
  private readonly log: PushLog;
  private closed = false;
  /** Aborts the POSTs under way when the pusher closes (their batches stay pending, resent after a restart). */
  private readonly closing = new AbortController();
  readonly maxPerGrant: number;
  readonly maxTotal: number;

  constructor(
    private readonly gate: Gate,
    private readonly options: PusherOptions,
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.log = options.log ?? SILENT_LOG;
    this.maxPerGrant = options.maxPerGrant ?? 4;
    this.maxTotal = options.maxTotal ?? 10_000;
  }

  /** Resumes the registrations kept in the gate's LMDB (their pending batches first). */
  start(): void {
    for (const r of this.gate.pushRecords()) {
      this.remember(r);
      this.schedule(r, 0);
    }
    if (this.records.size > 0) this.log.info({ registrations: this.records.size }, 'webhook pushes resumed');
  }

  /** Registrations kept now. */
  get registrations(): number {
    return this.records.size;
  }

  /** A registration's state, or undefined. */
  view(grantId: number, url: string): PushView | undefined {
    const r = this.records.get(keyOf(grantId, url));
    return r === undefined ? undefined : viewOf(r);
  }

  /**
   * Checks a registration (Gate.checkPushRegistration) and schedules its pushes (the first
   * at once, or when the window opens); the same grant and URL again answers the
   * registration there is (`created: false`), taking a later untilMs if the new
   * authorisation has one. Throws GateError (TOO_MANY_PUSHES past the bounds); counts nothing.
   */
  async register(body: unknown): Promise<{ registration: PushView; created: boolean }> {
    if (this.closed) throw new Error('the pusher is closed');
    const req = this.gate.checkPushRegistration(body);
    const g = req.grant;
    const key = keyOf(g.grantId, req.authorisation.url);
    const existing = this.records.get(key);
    if (existing !== undefined) {
      if (pushUntilMs(req.authorisation) > pushUntilMs(existing.authorisation)) {
        const longer = { ...existing, authorisation: req.authorisation };
        this.records.set(key, longer);
        await this.gate.putPushRecord(longer);
        return { registration: viewOf(longer), created: false };
      }
      return { registration: viewOf(existing), created: false };
    }
    if ((this.perGrant.get(g.grantId) ?? 0) >= this.maxPerGrant) throw new GateError('TOO_MANY_PUSHES', `grant ${g.grantId} has ${this.maxPerGrant} webhooks registered`, g.grantId);
    if (this.records.size >= this.maxTotal) throw new GateError('TOO_MANY_PUSHES', `${this.maxTotal} webhooks are registered at this gate`, g.grantId);
    const now = this.gate.now();
    const record: PushRecord = { grantId: g.grantId, url: req.authorisation.url, grant: { ...g }, signature: req.signature, authorisation: req.authorisation, registeredAtMs: now, nextBatchAtMs: Math.max(now, g.windowOpenMs), pending: null, delivered: 0 };
    this.remember(record); // before the write: a racing registration sees the bound taken
    await this.gate.putPushRecord(record);
    this.log.info({ grantId: g.grantId, url: record.url, untilMs: pushUntilMs(record.authorisation) }, 'webhook registered');
    this.schedule(record, record.nextBatchAtMs - now);
    return { registration: viewOf(record), created: true };
  }

  /** Stops every timer and waits for the POSTs under way (their outcome is written); registrations stay on disk for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.running.values()]);
  }

  /** Keeps and writes a registration's new state (with a later authorisation a registration brought meanwhile). */
  private async save(key: string, r: PushRecord): Promise<PushRecord> {
    const current = this.records.get(key);
    const merged = current !== undefined && pushUntilMs(current.authorisation) > pushUntilMs(r.authorisation) ? { ...r, authorisation: current.authorisation } : r;
    this.records.set(key, merged);
    await this.gate.putPushRecord(merged);
    return merged;
  }

  private remember(r: PushRecord): void {
    const key = keyOf(r.grantId, r.url);
    if (!this.records.has(key)) this.perGrant.set(r.grantId, (this.perGrant.get(r.grantId) ?? 0) + 1);
    this.records.set(key, r);
  }

  private schedule(r: PushRecord, delayMs: number): void {
    if (this.closed) return;
    const key = keyOf(r.grantId, r.url);
    const old = this.timers.get(key);
    if (old !== undefined) clearTimeout(old);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (this.running.has(key) || this.closed) return;
      const run = this.step(key)
        .catch((error: unknown) => {
          this.log.warn({ err: error, grantId: r.grantId, url: r.url }, 'webhook push step failed; retried');
          const now = this.records.get(key);
          if (now !== undefined) this.schedule(now, this.retry.maxDelayMs);
        })
        .finally(() => this.running.delete(key));
      this.running.set(key, run);
    }, Math.min(MAX_TIMER_MS, Math.max(0, delayMs)));
    this.timers.set(key, timer);
  }

  /** One step of a registration: count the next right when due, or (re)send its pending batch. */
  private async step(key: string): Promise<void> {
    let r = this.records.get(key);
    if (r === undefined || this.closed) return;
    let now = this.gate.now();
    if (r.pending === null) {
      if (now < r.nextBatchAtMs) return this.schedule(r, r.nextBatchAtMs - now);
      if (now >= pushUntilMs(r.authorisation)) return this.end(r, 'authorisation-expired');
      if (now < r.grant.windowOpenMs) return this.schedule(r, r.grant.windowOpenMs - now);
      const base = r;
      let counted: PushRecord | undefined;
      try {
        const right = this.gate.takeRight(r.grant, {
          record: (seq, remaining) => {
            counted = { ...base, nextBatchAtMs: nextBatchAtMs(base.grant, now, this.options.periodMs(base.grant)), pending: { seq, remaining, body: null, deliverySignature: null, attempts: 0, nextAttemptAtMs: now } };
            return counted;
          },
        });
        this.records.set(key, counted!);
        await right.written;
      } catch (error) {
        // Nothing in the window yet: no right spent, asked again next period (nextBatchAtMs stops at the window's close, where WINDOW_CLOSED ends it).
        if (error instanceof GateError && error.code === 'NOT_READY') return this.schedule(r, nextBatchAtMs(r.grant, now, this.options.periodMs(r.grant)) - now);
        if (error instanceof GateError) return this.end(r, endReasonOf(error.code));
        throw error;
      }
      r = counted!;
    }
    let pending = r.pending!;
    if (pending.body === null) {
      const payload = await this.options.batch(r.grant, pending.seq, pending.remaining);
      pending = { ...pending, body: JSON.stringify(payload), deliverySignature: payload.deliverySignature };
      r = await this.save(key, { ...r, pending });
    }
    now = this.gate.now();
    if (now < pending.nextAttemptAtMs) return this.schedule(r, pending.nextAttemptAtMs - now);
    const outcome = await this.post(r.url, pending.body!, pending.deliverySignature!, r.grantId, pending.seq);
    if (this.records.get(key) === undefined || this.closed) return; // closing: the attempt is not counted, the batch is sent again after a restart
    if (typeof outcome !== 'string') {
      const taken = await this.save(key, { ...r, pending: null, delivered: r.delivered + 1 });
      this.options.onDelivered?.(taken, JSON.parse(pending.body!) as PushPayload, outcome);
      if (pending.remaining === 0) return this.end(taken, 'exhausted'); // the grant's last right: nothing to wait a period for
      return this.schedule(taken, taken.nextBatchAtMs - this.gate.now());
    }
    const attempts = pending.attempts + 1;
    if (outcome.startsWith('refused')) this.log.warn({ grantId: r.grantId, url: r.url, seq: pending.seq, attempts, outcome }, 'webhook push not sent: its address is not globally routable');
    else this.log.info({ grantId: r.grantId, url: r.url, seq: pending.seq, attempts, outcome }, 'webhook push not taken');
    if (attempts >= this.retry.maxAttempts) return this.end(r, 'failed');
    const again = await this.save(key, { ...r, pending: { ...pending, attempts, nextAttemptAtMs: this.gate.now() + retryDelayMs(this.retry, attempts) } });
    this.schedule(again, again.pending!.nextAttemptAtMs - this.gate.now());
  }

  /** One POST of a batch: what answered, on a 2xx; else what went wrong (a status, a timeout, no connection, `refused: <why>` for an address not sent to). */
  private async post(url: string, body: string, deliverySignature: string, grantId: number, seq: number): Promise<PushAnswer | string> {
    try {
      const res = await postWebhook(url, body, {
        allowance: this.gate.webhookAllowance,
        headers: { 'content-type': 'application/json', 'patx-delivery-signature': deliverySignature, 'patx-push-id': `${grantId}-${seq}` },
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs ?? 10_000), this.closing.signal]),
        ...(this.options.lookup === undefined ? {} : { lookup: this.options.lookup }),
      });
      if ('refused' in res) return `refused: ${res.refused}`;
      return res.status >= 200 && res.status < 300 ? { status: res.status, atMs: this.gate.now() } : `status ${res.status}`;
    } catch (error) {
      return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? 'timeout' : 'unreachable';
    }
  }

  private async end(r: PushRecord, reason: PushEndReason): Promise<void> {
    const key = keyOf(r.grantId, r.url);
    if (!this.records.delete(key)) return;
    const left = (this.perGrant.get(r.grantId) ?? 1) - 1;
    if (left <= 0) this.perGrant.delete(r.grantId);
    else this.perGrant.set(r.grantId, left);
    const t = this.timers.get(key);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(key);
    await this.gate.removePushRecord(r.grantId, r.url);
    this.log.info({ grantId: r.grantId, url: r.url, reason, delivered: r.delivered }, 'webhook push ended');
    this.options.onEnded?.(r, reason);
  }
}

function viewOf(r: PushRecord): PushView {
  return {
    grantId: r.grantId,
    url: r.url,
    untilMs: pushUntilMs(r.authorisation),
    registeredAtMs: r.registeredAtMs,
    delivered: r.delivered,
    pending: r.pending === null ? null : { seq: r.pending.seq, attempts: r.pending.attempts, nextAttemptAtMs: r.pending.nextAttemptAtMs },
  };
}
