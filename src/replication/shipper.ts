/**
 * The leader's side of the replicated journal: ships every committed record of the local
 * LMDB journal to the JetStream stream, in order, and says how far the stream has
 * acknowledged (a quorum of the stream's replicas has stored it).
 *
 * The local journal is the queue: the shipper reads records back from LMDB from the first
 * one not yet acknowledged, so nothing is held in memory while the stream is slow or away,
 * and a leader that restarts ships what it journaled but had not shipped.
 *
 * Fencing is by identity: each publish names the message id it must follow
 * (`expect.lastMsgID`), a chain that starts at this leader's LEADER message. A new leader
 * writes its own LEADER message, whose id no message of the old one names, so every
 * publish of the old leader after it is refused, however many it had in flight. (Expected
 * stream sequences would not do: with a window of publishes in flight, the old leader's
 * publish that expected seq S+1 is stored right after the new leader's LEADER took S+1.)
 * A refusal is checked against the stream's last message: another epoch's means this
 * leader was fenced and stops (`onFenced`); its own means the stream forgot the last id
 * (a nats-server restarted after the duplicate window), and the chain is taken up again
 * from that message by one publish that expects its sequence.
 */
import type { JetStreamClient, JetStreamManager, PubAck } from '@nats-io/jetstream';
import type { Journal } from '../engine/index.js';
import { encodeJson, MessageKind, messageHeaders, metaOf, WRONG_LAST_MSG_ID, WRONG_LAST_SEQUENCE, type Checkpoint, type StreamNames } from './stream.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ShipperOptions {
  names: StreamNames;
  /** Reads the stream's last message when a publish is refused. */
  jsm: JetStreamManager;
  /** This leader's epoch (its lease revision): in every message's headers and id. */
  epoch: number;
  /** Records published before waiting for their acknowledgements. */
  window: number;
  /** Waits this long after a failed publish that was not a fence before trying again. */
  retryMs: number;
  /** Another leader wrote to the stream: this one must stop writing. */
  onFenced: (error: ShipperFencedError) => void;
  /** A publish failed and will be retried (the stream is unreachable or has no quorum). */
  onRetry?: (error: unknown) => void;
}

export class ShipperFencedError extends Error {
  override readonly name = 'ShipperFencedError';
  constructor(
    readonly epoch: number,
    readonly expectedStreamSeq: number,
    cause: unknown,
  ) {
    super(`the replicated journal moved on without this leader (epoch ${epoch}, expected stream seq ${expectedStreamSeq}): another leader took over`, { cause });
  }
}

export class ShipperStoppedError extends Error {
  override readonly name = 'ShipperStoppedError';
  constructor(reason: string) {
    super(`the journal shipper stopped: ${reason}`);
  }
}

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** At most this many checkpoints wait for their record; a dropped one only means one hash comparison fewer. */
const MAX_PENDING_CHECKPOINTS = 16;

export class JournalShipper {
  /** Last engine seq the stream has acknowledged. */
  private shipped: number;
  /** The stream seq of the last message this leader had acknowledged. */
  private streamSeq: number;
  /** The id of that message: the next publish names it (the fencing chain). */
  private lastMsgId: string;
  /** Set when the stream forgot the last id: the next publish, alone, expects this stream seq instead. */
  private anchorSeq: number | undefined;
  private committedSeq: number;
  private readonly waiters: Waiter[] = [];
  private readonly checkpoints: Checkpoint[] = [];
  private wake: (() => void) | undefined;
  private stopped: Error | undefined;
  private running: Promise<void> | undefined;
  published = 0;
  /** Times the chain was taken up again from this leader's own last message (the stream forgot its id). */
  reanchored = 0;

  constructor(
    private readonly js: JetStreamClient,
    private readonly journal: Journal,
    private readonly o: ShipperOptions,
    /** Engine seq, stream seq and message id where the stream ends now (this leader's LEADER message). */
    start: { shippedSeq: number; streamSeq: number; msgId: string },
  ) {
    this.shipped = start.shippedSeq;
    this.streamSeq = start.streamSeq;
    this.lastMsgId = start.msgId;
    this.committedSeq = journal.lastSeq();
    journal.onCommitted((lastSeq) => {
      this.committedSeq = lastSeq;
      this.wake?.();
    });
  }

  get shippedSeq(): number {
    return this.shipped;
  }

  /** Records committed locally and not yet acknowledged by the stream, in engine seqs. */
  get lagSeqs(): number {
    return this.committedSeq - this.shipped;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Resolves once the stream has acknowledged every seq up to `seq`; rejects if the shipper stops first. */
  whenShipped(seq: number): Promise<void> {
    if (seq <= this.shipped) return Promise.resolve();
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** Publishes the state hash at `seq` right after the record that ends at seq. */
  checkpoint(c: Checkpoint): void {
    if (this.checkpoints.length >= MAX_PENDING_CHECKPOINTS) this.checkpoints.shift();
    this.checkpoints.push(c);
    this.wake?.();
  }

  /** Stops after the publishes in flight; what is not acknowledged stays in the local journal. */
  async stop(reason = 'stopped'): Promise<void> {
    this.fail(new ShipperStoppedError(reason));
    await this.running;
  }

  private fail(error: Error): void {
    if (this.stopped !== undefined) return;
    this.stopped = error;
    for (const w of this.waiters.splice(0)) w.reject(error);
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (this.stopped === undefined) {
      if (this.committedSeq <= this.shipped && !this.hasDueCheckpoint()) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      try {
        await this.shipSome();
      } catch (error) {
        if (isChainRefusal(error)) {
          const fencedBy = await this.refusedBy().catch(() => undefined);
          if (fencedBy === 'another') {
            const fenced = new ShipperFencedError(this.o.epoch, this.streamSeq, error);
            this.fail(fenced);
            this.o.onFenced(fenced);
            return;
          }
        }
        // A refusal by this leader's own last message is not retried by itself: the chain is taken up from that message (refusedBy).
        if (!isChainRefusal(error)) this.o.onRetry?.(error);
        await sleep(this.o.retryMs);
      }
    }
  }

  private hasDueCheckpoint(): boolean {
    return this.checkpoints.length > 0 && this.checkpoints[0]!.seq <= this.shipped;
  }

  /**
   * A publish was refused for its expectation: by whom? 'another' when the stream's last
   * message is another epoch's (a newer leader wrote: this one is fenced); 'this' when it
   * is this leader's own (the stream forgot its last id): the chain is anchored on it
   * again, and what it covers counts as shipped. Undefined when the stream is empty.
   */
  private async refusedBy(): Promise<'another' | 'this' | undefined> {
    const m = await this.o.jsm.streams.getMessage(this.o.names.stream, { last_by_subj: this.o.names.subject });
    if (m === null) return undefined;
    const meta = metaOf(m.header, m.seq);
    if (meta.epoch !== this.o.epoch) return 'another';
    this.streamSeq = m.seq;
    this.lastMsgId = m.header.get('Nats-Msg-Id');
    this.anchorSeq = m.seq;
    this.reanchored++;
    if (meta.kind === MessageKind.RECORD && meta.lastSeq > this.shipped) this.acknowledge(meta.lastSeq);
    return 'this';
  }

  /**
   * Publishes up to `window` records (and the checkpoints that follow them) without waiting
   * between them, each naming the id of the message before it, then takes the
   * acknowledgements in order. A publish that times out may still have been stored: its
   * retry has the same message id, which the stream's duplicate window recognises (it
   * answers a duplicate before it checks expectations). After the stream forgot the last
   * id, one message goes alone, expecting the last message's seq (safe alone: nobody else's
   * message can sit between the read and it without failing it).
   */
  private async shipSome(): Promise<void> {
    const items: Array<{ lastSeq: number; msgId: string; ack: Promise<PubAck> }> = [];
    let previousId = this.lastMsgId;
    const anchorSeq = this.anchorSeq;
    const window = anchorSeq === undefined ? this.o.window : 1;
    const publish = (kind: MessageKind, lastSeq: number, id: string, data: Uint8Array): void => {
      if (anchorSeq !== undefined && items.length > 0) return; // one message alone (a checkpoint dropped here is one comparison fewer)
      const msgId = `${this.o.epoch}-${id}`;
      const ack = this.js.publish(this.o.names.subject, data, {
        msgID: msgId,
        expect: anchorSeq === undefined ? { lastMsgID: previousId } : { lastSequence: anchorSeq },
        headers: messageHeaders(kind, lastSeq, this.o.epoch),
      });
      ack.catch(() => undefined); // each is awaited below, in order
      items.push({ lastSeq, msgId, ack });
      previousId = msgId;
    };
    this.dropStaleCheckpoints(this.shipped);
    this.publishDueCheckpoints(this.shipped, publish);
    let last = this.shipped;
    for (const record of this.journal.rawRecords(this.shipped + 1, window)) {
      if (anchorSeq !== undefined && items.length > 0) break;
      const recordLast = record.firstSeq + record.count - 1;
      if (record.firstSeq !== last + 1) throw new Error(`unreachable: the journal record at ${record.firstSeq} does not follow seq ${last}`);
      publish(MessageKind.RECORD, recordLast, `r${record.firstSeq}`, record.bytes);
      last = recordLast;
      this.publishDueCheckpoints(last, publish);
    }
    for (const item of items) {
      const ack = await item.ack;
      this.streamSeq = ack.seq;
      this.lastMsgId = item.msgId;
      this.anchorSeq = undefined;
      this.published++;
      if (item.lastSeq > this.shipped) this.acknowledge(item.lastSeq);
    }
  }

  private publishDueCheckpoints(upToSeq: number, publish: (kind: MessageKind, lastSeq: number, id: string, data: Uint8Array) => void): void {
    while (this.checkpoints.length > 0 && this.checkpoints[0]!.seq <= upToSeq) {
      const c = this.checkpoints.shift()!;
      if (c.seq === upToSeq) publish(MessageKind.CHECKPOINT, c.seq, `c${c.seq}`, encodeJson(c));
    }
  }

  /** A checkpoint behind what is already shipped can no longer sit right after its record. */
  private dropStaleCheckpoints(shippedSeq: number): void {
    while (this.checkpoints.length > 0 && this.checkpoints[0]!.seq < shippedSeq) this.checkpoints.shift();
  }

  private acknowledge(seq: number): void {
    this.shipped = seq;
    while (this.waiters.length > 0 && this.waiters[0]!.seq <= seq) this.waiters.shift()!.resolve();
  }
}

/** A publish refused for what it expected (the last message id or sequence): another writer got there first, or the stream forgot. */
export function isChainRefusal(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    const apiCode = (e as { api_error?: { err_code?: number } }).api_error?.err_code;
    for (const refusal of [WRONG_LAST_SEQUENCE, WRONG_LAST_MSG_ID]) {
      if (code === refusal || apiCode === refusal || String(code) === String(refusal)) return true;
    }
    if (/wrong last (sequence|msg ?id)/i.test(String((e as Error).message))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
