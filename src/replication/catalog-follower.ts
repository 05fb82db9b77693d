/**
 * A standby's side of the catalog stream: applies the leader's catalog writes to this
 * node's catalog store, the named operators to its credentials, the provider identity
 * writes to its identity store and the grant ledger's writes to its grant ledger, from the stream seq
 * the store last applied (kept in the store, so a restart resumes there). On a takeover
 * it finishes the stream (`catchUp`) before the service builds its Catalog from the
 * store, so the new leader's catalog is the old one's.
 *
 * Applying is idempotent (listings by id, audit entries by seq, samples by content, the
 * next listing id as a maximum, the operators' whole list, identity records by account and
 * their audit rows by id), so a record applied twice,
 * or a node's own writes coming back after it led, change nothing.
 */
import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { CatalogStore } from '../catalog/index.js';
import type { OperatorCredentials } from '../operator/index.js';
import type { IdentityStore } from '../providers/index.js';
import type { GrantLedgerReplication } from '../grants/index.js';
import type { GrantLedgerSeed } from '../grants/ledger-seed.js';
import { CatalogChunkJoiner } from './catalog-stream.js';
import { catchUpStream, FOLLOW_PULL_EXPIRES_MS, streamBounds, watchPull, type PullTrouble, type StreamNames } from './stream.js';

/**
 * A node's grant ledger as the catalog stream's `grant-ledger` records reach it: the ledger applies a leader's write
 * (src/grants/ledger.ts, applyReplicated) and the leader's ledger tells the shipper its writes.
 */
export interface GrantLedgerReplica {
  applyReplicated(write: unknown, keepWaiting: () => boolean): Promise<{ applied: boolean; reason?: string }>;
  replicateTo(replication: GrantLedgerReplication): void;
  /** What it keeps beside the journal, as seed records: what the first leader on an empty catalog stream ships. */
  seeds(): AsyncIterable<GrantLedgerSeed>;
}

/**
 * The courier's delivery refusals as the catalog stream's `delivery-refusal` records reach them
 * (src/subscriptions/delivery-refusals.ts): a standby puts the leader's, a leader tells the shipper its own.
 */
export interface DeliveryRefusalReplica {
  /** Throws on a malformed record (the follower passes it over, logged). */
  applyReplicated(write: unknown): Promise<void>;
  replicateTo(replication: { deliveryRefused(write: unknown): void }): void;
}

/**
 * What a node's catalog replication writes to: its catalog store, its operator credentials, its provider identity
 * store, the courier's delivery refusals (when given), and its grant ledger where it follows the journal ahead of leading (with settlement on and its contracts not
 * configured the ledger opens only at takeover: its records are then passed over, and said).
 */
export interface CatalogReplica {
  store: CatalogStore;
  credentials: OperatorCredentials;
  identities: IdentityStore;
  grants?: GrantLedgerReplica | undefined;
  refusals?: DeliveryRefusalReplica | undefined;
}

export interface CatalogFollowerEvents {
  /** The follower stopped on a message it cannot apply. */
  onFailed?: (error: Error) => void;
  /** Its pull went wrong or was mended (the client's notice; a catch-up following it anew): for the logs. */
  onPullTrouble?: (trouble: PullTrouble) => void;
  /** A grant ledger write this node could not apply (its grant unknown here, or no ledger yet): for the logs. */
  onGrantWriteSkipped?: (streamSeq: number, reason: string) => void;
  /** A delivery refusal this node could not apply (malformed, or no refusals kept here): for the logs. */
  onRefusalSkipped?: (streamSeq: number, reason: string) => void;
}

/** Messages the consumer holds ahead of the follower: with 512 KiB chunks, at most 8 MiB. */
const PREFETCH_MESSAGES = 16;

export class CatalogFollower {
  /** Stream seq of the last message taken. */
  private streamSeq = 0;
  private readonly joiner = new CatalogChunkJoiner();
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private failure: Error | undefined;
  /** Records applied since start. */
  applied = 0;
  /** A takeover's catch-up: the journal is applied to its end, so a grant not in the ledger now never will be (no wait). */
  private catchingUp = false;
  /** Stopping: a grant ledger write waiting for its grant lets go (a seed's waits while the journal follower is short of it). */
  private stopping = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly names: StreamNames,
    private readonly replica: CatalogReplica,
    private readonly on: CatalogFollowerEvents = {},
  ) {}

  get lastStreamSeq(): number {
    return this.streamSeq;
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  /** Messages that never became a record (a leader died halfway through a sample). */
  get droppedChunks(): number {
    return this.joiner.droppedChunks;
  }

  /**
   * Starts after the stream seq the store applied last; from the stream's front when the
   * store's seq is not inside the stream (a new store, or a stream created anew: applying
   * everything again is harmless).
   */
  async start(): Promise<void> {
    this.stopping = false;
    const { first, last, messages } = await streamBounds(this.jsm, this.names.stream);
    const applied = this.replica.store.replicatedStreamSeq();
    const from = messages === 0 ? last + 1 : applied >= first && applied <= last ? applied + 1 : first;
    this.streamSeq = from - 1;
    const consumer = await this.js.consumers.get(this.names.stream, { filter_subjects: this.names.subject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from });
    this.messages = await consumer.consume({ max_messages: PREFETCH_MESSAGES, expires: FOLLOW_PULL_EXPIRES_MS });
    watchPull(this.messages, this.on.onPullTrouble);
    this.loop = this.run(this.messages);
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const m of messages) await this.take(m);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private async take(m: JsMsg): Promise<void> {
    // Stopping: nothing more is taken (a restart resumes after the last record applied).
    if (this.failure !== undefined || this.stopping) return;
    const record = this.joiner.take(m.headers, m.data, m.seq);
    if (record === undefined) {
      this.streamSeq = m.seq;
      return;
    }
    if (record.kind === 'grant-ledger') {
      // Taken (streamSeq) only once applied: a takeover's catch-up waits for it.
      const grants = this.replica.grants;
      const outcome = grants === undefined ? { applied: false, reason: 'no grant ledger follows the journal on this node' } : await grants.applyReplicated(record.write, () => !this.catchingUp && !this.stopping);
      // Let go of because this follower stops: not taken, so the next start applies it (its grant may come yet).
      if (!outcome.applied && this.stopping) return;
      if (!outcome.applied) this.on.onGrantWriteSkipped?.(m.seq, outcome.reason ?? '');
      this.replica.store.markReplicated(m.seq);
      this.streamSeq = m.seq;
      this.applied++;
      return;
    }
    this.streamSeq = m.seq;
    if (record.kind === 'operators') {
      this.replica.credentials.applyReplicated(record.records);
      this.replica.store.markReplicated(m.seq);
    } else if (record.kind === 'identity') {
      // Two stores, so not one transaction: applying an identity write again changes nothing.
      this.replica.identities.applyReplicated(record.write);
      this.replica.store.markReplicated(m.seq);
    } else if (record.kind === 'leader') {
      this.replica.store.markReplicated(m.seq); // a new leader's first message: nothing to apply
    } else if (record.kind === 'delivery-refusal') {
      const refusals = this.replica.refusals;
      if (refusals === undefined) this.on.onRefusalSkipped?.(m.seq, 'no delivery refusals are kept on this node');
      // A malformed refusal is a provider's notice lost, not a reason to stop following: passed over, said.
      else await refusals.applyReplicated(record.write).catch((error: unknown) => this.on.onRefusalSkipped?.(m.seq, (error as Error).message));
      this.replica.store.markReplicated(m.seq);
    } else if (record.kind === 'grant-ledger-seeded') {
      // Nothing to apply: where the stream holds a grant ledger's seed, for this node's turn to lead.
      this.replica.store.markGrantLedgerSeeded(m.seq);
      this.replica.store.markReplicated(m.seq);
    } else this.replica.store.applyReplicated(record, m.seq);
    this.applied++;
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    void this.messages?.close();
    this.on.onFailed?.(error);
  }

  /**
   * Takes every message up to the stream's end as it is now, then stops following: what a
   * new leader does before it writes. Returns the stream seq it ended at.
   */
  catchUp(timeoutMs = 30_000): Promise<number> {
    this.catchingUp = true;
    return catchUpStream(this.jsm, this.names, this, timeoutMs, this.on.onPullTrouble);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.loop;
  }
}
