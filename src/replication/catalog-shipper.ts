/**
 * The leader's side of the catalog stream: its catalog store, operator credentials,
 * provider identity store, grant ledger and the courier's delivery refusals tell the shipper every write (they are already stored here), and the shipper publishes
 * them in that order, one message at a time, retrying a failed publish with the same
 * message id (the stream's duplicate window stores a retried message once).
 *
 * `replicated()` resolves once every write told so far is held by the stream (a quorum
 * of its replicas): the catalog's and the operator API's HTTP routes await it before
 * answering a write, so a write a client saw succeed survives a failover. Once the shipper
 * stopped (deposed, or the node stopping) a write told to it is never shipped, and every
 * `replicated()` after it refuses (CatalogShipperStoppedError: the routes' 503 NOT_REPLICATED);
 * before 2026-12-06 it resolved when the writes before the stop were all acknowledged, so a
 * deposed leader answered a write it never shipped as replicated.
 *
 * Writes wait here in memory until the stream takes them. Writes come only from HTTP
 * requests, and each waits for its own, so what waits is bounded by the requests in
 * flight; a leader that dies loses only writes no client was told of.
 *
 * Fenced as the journal is (shipper.ts), by identity: a new leader writes a `leader` record
 * right after the last catalog message it applied (`takeTheCatalogPen`), and each publish
 * names the message id before it, a chain that starts at that record. An old leader's write
 * after it names another id and is refused: it can never replace a newer leader's listings
 * or operators on the standbys. A refusal whose stream ends with another leader's message
 * stops this shipper (`onFenced`); one that ends with this leader's own (the stream forgot
 * the last id after a server restart) takes the chain up again from there.
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { CatalogReplication, CatalogWrite } from '../catalog/index.js';
import type { OperatorRecord, OperatorReplication } from '../operator/index.js';
import type { IdentityReplication, IdentityWrite } from '../providers/index.js';
import type { GrantLedgerReplication, GrantLedgerWrite } from '../grants/index.js';
import type { GrantLedgerSeed } from '../grants/ledger-seed.js';
import { encodeCatalogRecord, type CatalogChunk, type CatalogRecord } from './catalog-stream.js';
import { leaderMsgId, StreamMovedError, TakeoverError } from './leader.js';
import { isChainRefusal } from './shipper.js';
import type { StreamNames } from './stream.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** While seeding, the shipper waits for the stream after about this many bytes (bounds the memory a seed holds). */
const SEED_BATCH_BYTES = 32 * 2 ** 20;
/** A grant ledger's seed waits for the stream after this many bytes: it is read from LMDB a page at a time, and held here no more. */
const GRANT_SEED_BATCH_BYTES = 4 * 2 ** 20;

export interface CatalogShipperOptions {
  names: StreamNames;
  /** Reads the stream's last message when a publish is refused. */
  jsm: JetStreamManager;
  /** This leader's epoch (its lease revision): message ids are unique to it, and start with it. */
  epoch: number;
  /** Another leader wrote to the catalog stream: this one must stop writing. */
  onFenced?: (error: Error) => void;
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

export class CatalogShipper implements CatalogReplication, OperatorReplication, IdentityReplication, GrantLedgerReplication {
  private readonly queue: Array<CatalogChunk & { id: string; stored?: (streamSeq: number) => void }> = [];
  /** Messages ever queued, and ever acknowledged by the stream. */
  private queued = 0;
  private acknowledged = 0;
  /** Writes told after this shipper stopped: never shipped, so no replicated() after them may resolve (whose write it waits for is not known here). */
  private toldAfterStop = 0;
  private readonly waiters: Waiter[] = [];
  private wake: (() => void) | undefined;
  private stopped: Error | undefined;
  private running: Promise<void> | undefined;
  /** The id of the last message this leader knows the stream holds: the next publish names it. Its LEADER record's at first. */
  private lastMsgId: string;
  /** Set when the stream forgot the last id: the next publish expects this stream seq instead. */
  private anchorSeq: number | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly o: CatalogShipperOptions,
  ) {
    this.lastMsgId = leaderMsgId(o.epoch);
  }

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

  identityChanged(write: IdentityWrite): void {
    this.enqueue({ kind: 'identity', write });
  }

  grantLedgerWrote(write: GrantLedgerWrite): void {
    this.enqueue({ kind: 'grant-ledger', write });
  }

  /** The courier's refusal of a listing's endpoint (src/subscriptions/delivery-refusals.ts): no client waits on it. */
  deliveryRefused(write: unknown): void {
    this.enqueue({ kind: 'delivery-refusal', write });
  }

  replicated(): Promise<void> {
    const messages = this.queued;
    if (this.stopped !== undefined && (this.toldAfterStop > 0 || messages > this.acknowledged)) return Promise.reject(this.stopped);
    if (messages <= this.acknowledged) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ messages, resolve, reject }));
  }

  /**
   * Ships every write given (a store's whole catalog, the operators and the provider identity
   * records), waiting for the
   * stream after every SEED_BATCH_BYTES so a large catalog is never all in memory. For the
   * first leader on an empty catalog stream; returns the records shipped.
   */
  async seed(writes: Iterable<CatalogWrite>, operators: readonly OperatorRecord[], identities: Iterable<IdentityWrite> = []): Promise<number> {
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
    let identityWrites = 0;
    for (const write of identities) {
      this.identityChanged(write);
      identityWrites++;
    }
    await this.replicated();
    return records + (operators.length > 0 ? 1 : 0) + identityWrites;
  }

  /**
   * Ships a grant ledger's seed records (its receipts, reports, evidence, notes and listing counts kept before, as
   * src/grants/ledger-seed.ts reads them a page at a time), waiting for the stream after every GRANT_SEED_BATCH_BYTES:
   * in the background of a new leader, before the ledger's own writes (grant-ledger-seeding.ts holds them meanwhile).
   * Returns the records shipped; throws once this shipper stopped or `cancelled()` (the seed is cut short).
   */
  async seedGrantLedger(seeds: AsyncIterable<GrantLedgerSeed>, cancelled: () => boolean = () => false): Promise<number> {
    let records = 0;
    let bytes = 0;
    for await (const seed of seeds) {
      if (this.stopped !== undefined) throw this.stopped;
      if (cancelled()) throw new CatalogShipperStoppedError("the grant ledger's seed was cut short");
      bytes += this.enqueue({ kind: 'grant-ledger', write: seed });
      records++;
      if (bytes >= GRANT_SEED_BATCH_BYTES) {
        await this.replicated();
        bytes = 0;
      }
    }
    await this.replicated();
    return records;
  }

  /**
   * The end of a grant ledger's seed (grant-ledger-seeding.ts): its mark, after the seed's records. Resolves with the
   * stream seq the stream stored it at (other writes may follow it by then).
   */
  async grantLedgerSeeded(node: string, records: number): Promise<number> {
    let streamSeq = 0;
    this.enqueue({ kind: 'grant-ledger-seeded', node, epoch: this.o.epoch, records }, (seq) => (streamSeq = seq));
    await this.replicated();
    if (streamSeq === 0) throw this.stopped ?? new CatalogShipperStoppedError("the grant ledger's seed mark was not stored");
    return streamSeq;
  }

  /** Why this shipper stopped (deposed, or the node stopping); undefined while it ships. */
  get stoppedBy(): Error | undefined {
    return this.stopped;
  }

  /** Stops after the publish in flight; what was not acknowledged is not replicated (its writers were not told it was). */
  async stop(reason = 'stopped'): Promise<void> {
    this.halt(new CatalogShipperStoppedError(reason));
    await this.running;
  }

  private halt(error: Error): void {
    if (this.stopped !== undefined) return;
    this.stopped = error;
    for (const w of this.waiters.splice(0)) w.reject(error);
    this.wake?.();
  }

  /**
   * A publish was refused for what it expected: true when the stream's last message is
   * another leader's (this one is fenced); false when it is this leader's own, and then the
   * chain is taken up from it (the stream forgot the last id).
   */
  private async refusedByAnother(): Promise<boolean> {
    const m = await this.o.jsm.streams.getMessage(this.o.names.stream, { last_by_subj: this.o.names.subject });
    if (m === null) return false;
    const id = m.header?.get('Nats-Msg-Id') ?? '';
    if (!id.startsWith(`${this.o.epoch}-`)) return true;
    this.lastMsgId = id;
    this.anchorSeq = m.seq;
    return false;
  }

  /**
   * Encoded at once: the store's listing objects change in place after they are stored. Returns the bytes queued.
   * `stored` is told the stream seq of the record's last chunk once the stream holds it.
   */
  private enqueue(record: CatalogRecord, stored?: (streamSeq: number) => void): number {
    if (this.stopped !== undefined) {
      this.toldAfterStop++;
      return 0;
    }
    let bytes = 0;
    const chunks = encodeCatalogRecord(record);
    for (const [i, chunk] of chunks.entries()) {
      this.queue.push({ ...chunk, id: `${this.o.epoch}-c${this.queued}`, ...(stored !== undefined && i === chunks.length - 1 ? { stored } : {}) });
      this.queued++;
      bytes += chunk.data.length;
    }
    this.wake?.();
    return bytes;
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
        const expect = this.anchorSeq === undefined ? { lastMsgID: this.lastMsgId } : { lastSequence: this.anchorSeq };
        const ack = await this.js.publish(this.o.names.subject, next.data, { msgID: next.id, headers: next.headers, expect });
        next.stored?.(ack.seq);
      } catch (error) {
        if (this.stopped !== undefined) return;
        if (isChainRefusal(error) && (await this.refusedByAnother().catch(() => false))) {
          const fenced = new CatalogShipperStoppedError(`another leader wrote to the catalog stream (this one's epoch ${this.o.epoch})`);
          this.halt(fenced);
          this.o.onFenced?.(fenced);
          return;
        }
        if (!isChainRefusal(error)) this.o.onRetry?.(error);
        await sleep(this.o.retryMs);
        continue;
      }
      this.lastMsgId = next.id;
      this.anchorSeq = undefined;
      this.queue.shift();
      this.acknowledged++;
      while (this.waiters.length > 0 && this.waiters[0]!.messages <= this.acknowledged) this.waiters.shift()!.resolve();
    }
  }
}

/**
 * A new leader's `leader` record on the catalog stream, right after the last message its
 * catalog follower applied: its shipper's chain starts here, and every write of an older
 * leader after it is refused. StreamMovedError when the stream moved on meanwhile (apply
 * the rest and try again).
 */
export async function takeTheCatalogPen(js: JetStreamClient, names: StreamNames, o: { node: string; epoch: number; appliedStreamSeq: number }): Promise<void> {
  const [chunk] = encodeCatalogRecord({ kind: 'leader', node: o.node, epoch: o.epoch });
  try {
    await js.publish(names.subject, chunk!.data, { msgID: leaderMsgId(o.epoch), headers: chunk!.headers, expect: { lastSequence: o.appliedStreamSeq } });
  } catch (error) {
    if (isChainRefusal(error)) throw new StreamMovedError(o.appliedStreamSeq, error);
    throw new TakeoverError(`could not write the catalog stream's leader record: ${(error as Error).message}`, { cause: error });
  }
}
