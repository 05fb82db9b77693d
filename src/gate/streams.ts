/**
 * Streams of records pushed to the holder of a grant (docs/delivery.md, "Push delivery"):
 * a consumer opens one with a stream request it signed (push-request.ts); the gate counts
 * the first right at once and one more each period, each on disk before its batch is
 * written, until the stream's rights are sent, the grant is used up (pull and push share
 * its metering), or its window closes. A period whose window has no records yet (NOT_READY)
 * counts and sends nothing: the stream waits for the next one. Transport-agnostic: a StreamSink writes the events
 * (the reference provider server writes Server-Sent Events).
 *
 * Bounded: at most `maxStreams` open streams, `maxStreamsPerGrant` on one grant; a slot is
 * taken before the gate counts anything, so two racing opens cannot pass the bound.
 */
import type { AccessGrant } from '../grants/grant.js';
import { Gate, type StreamAdmission } from './gate.js';
import { GateError } from './gate-error.js';
import { endReasonOf, MAX_TIMER_MS, nextBatchAtMs, SILENT_LOG, type PushBatchMaker, type PushLog } from './push-common.js';
import type { PushEndReason, PushPayload, StreamRequest } from '../grants/push-request.js';

/** Where a stream's events go: a batch (its id the right's seq), then one end. */
export interface StreamSink {
  batch(payload: PushPayload): void;
  end(summary: StreamEnd): void;
  /** Keeps an idle connection open through proxies (an SSE comment). */
  heartbeat(): void;
}

/** The last event of a stream. */
export interface StreamEnd {
  grantId: number;
  reason: PushEndReason;
  /** Batches this stream sent. */
  delivered: number;
  /** Rights left on the grant. */
  remaining: number;
}

export interface StreamHubOptions {
  /** Makes each right's signed batch. */
  batch: PushBatchMaker;
  /** Time between two batches of a grant's stream (the listing's cadence; tests use ~100 ms). */
  periodMs: (grant: AccessGrant) => number;
  /** Open streams at most (default 1,000). */
  maxStreams?: number;
  /** Open streams on one grant at most (default 4). */
  maxStreamsPerGrant?: number;
  /** A heartbeat every this many ms (default 15 s). */
  heartbeatMs?: number;
  log?: PushLog;
  /** Told of each batch sent, with the stream request it went out under (the server logs it and reports it as evidence). */
  onBatch?: (payload: PushPayload, request: StreamRequest) => void;
}

export class StreamHub {
  private readonly streams = new Set<PushStream>();
  /** Slots taken per grant (open streams, and opens under way). */
  private readonly perGrant = new Map<number, number>();
  private taken = 0;
  readonly maxStreams: number;
  readonly maxStreamsPerGrant: number;

  constructor(
    private readonly gate: Gate,
    readonly options: StreamHubOptions,
  ) {
    this.maxStreams = options.maxStreams ?? 1_000;
    this.maxStreamsPerGrant = options.maxStreamsPerGrant ?? 4;
  }

  /** Streams open now. */
  get open(): number {
    return this.streams.size;
  }

  /**
   * Checks a stream request and counts its first right (on disk when this resolves); the
   * stream starts when given its sink. Throws GateError (nothing counted).
   */
  async openStream(body: unknown): Promise<PushStream> {
    const grantId = grantIdOf(body);
    if (this.taken >= this.maxStreams) throw new GateError('TOO_MANY_STREAMS', `${this.maxStreams} streams are open at this gate`, grantId);
    if (grantId !== undefined && (this.perGrant.get(grantId) ?? 0) >= this.maxStreamsPerGrant) throw new GateError('TOO_MANY_STREAMS', `${this.maxStreamsPerGrant} streams are open on grant ${grantId}`, grantId);
    this.take(grantId, 1);
    let admission: StreamAdmission;
    try {
      admission = await this.gate.openStream(body);
    } catch (error) {
      this.take(grantId, -1);
      throw error;
    }
    const stream = new PushStream(this.gate, admission, this.options, () => {
      this.streams.delete(stream);
      this.take(grantId, -1);
    });
    this.streams.add(stream);
    return stream;
  }

  /** Ends every open stream with `shutdown`. */
  endAll(): void {
    for (const s of [...this.streams]) s.finish('shutdown');
  }

  private take(grantId: number | undefined, n: 1 | -1): void {
    this.taken += n;
    if (grantId === undefined) return;
    const left = (this.perGrant.get(grantId) ?? 0) + n;
    if (left <= 0) this.perGrant.delete(grantId);
    else this.perGrant.set(grantId, left);
  }
}

/** One open stream: the first right counted at its opening, then one each period. */
export class PushStream {
  private sink: StreamSink | undefined;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private done = false;
  /** Batches sent. */
  delivered = 0;
  private readonly log: PushLog;

  constructor(
    private readonly gate: Gate,
    readonly admission: StreamAdmission,
    private readonly options: StreamHubOptions,
    private readonly onClosed: () => void,
  ) {
    this.log = options.log ?? SILENT_LOG;
  }

  get grantId(): number {
    return this.admission.grant.grantId;
  }

  /** Starts sending to the sink: the first batch now. */
  start(sink: StreamSink): void {
    this.sink = sink;
    const every = this.options.heartbeatMs ?? 15_000;
    this.heartbeat = setInterval(() => sink.heartbeat(), every);
    this.heartbeat.unref();
    void this.send(this.admission.first.seq, this.admission.first.remaining);
  }

  /** The consumer went away: no more rights are counted (those counted stay counted). */
  stop(): void {
    if (this.done) return;
    this.done = true;
    this.clearTimers();
    this.onClosed();
  }

  /** Ends the stream with its last event. */
  finish(reason: PushEndReason): void {
    if (this.done) return;
    const g = this.admission.grant;
    this.sink?.end({ grantId: g.grantId, reason, delivered: this.delivered, remaining: this.gate.rightsLeft(g) });
    this.log.info({ grantId: g.grantId, reason, delivered: this.delivered }, 'stream ended');
    this.stop();
  }

  private clearTimers(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
  }

  /** Sends a counted right's batch, then waits for the next period (or ends). */
  private async send(seq: number, remaining: number): Promise<void> {
    const g = this.admission.grant;
    let payload: PushPayload;
    try {
      payload = await this.options.batch(g, seq, remaining);
    } catch (error) {
      this.log.warn({ err: error, grantId: g.grantId, seq }, 'a stream batch could not be made');
      return this.finish('not-served');
    }
    if (this.done) return; // the consumer left while it was made: the right stays counted, as any right whose batch was lost on the way
    this.sink!.batch(payload);
    this.delivered++;
    this.options.onBatch?.(payload, this.admission.request);
    if (remaining === 0) return this.finish('exhausted');
    if (this.delivered >= this.admission.request.rights) return this.finish('complete');
    this.wait();
  }

  private wait(due?: number): void {
    const g = this.admission.grant;
    const now = this.gate.now();
    due ??= nextBatchAtMs(g, now, this.options.periodMs(g));
    this.timer = setTimeout(() => void this.next(due), Math.min(MAX_TIMER_MS, Math.max(0, due - now)));
  }

  /** Counts the next right (on disk before its batch goes) and sends it; NOT_READY waits a period; another refusal ends the stream with its reason. */
  private async next(due: number): Promise<void> {
    if (this.done) return;
    if (this.gate.now() < due) return this.wait(due); // a wait longer than a timer's longest, or a clock behind the timer
    let right;
    try {
      right = this.gate.takeRight(this.admission.grant);
    } catch (error) {
      if (error instanceof GateError && error.code === 'NOT_READY') return this.wait(); // nothing in the window yet: no right spent, asked again next period (the heartbeat keeps the connection)
      if (error instanceof GateError) return this.finish(endReasonOf(error.code));
      throw error;
    }
    await right.written;
    await this.send(right.seq, right.remaining);
  }
}

function grantIdOf(body: unknown): number | undefined {
  const g = typeof body === 'object' && body !== null ? (body as { grant?: { grantId?: unknown } }).grant : undefined;
  const id = typeof g === 'object' && g !== null ? g.grantId : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}
