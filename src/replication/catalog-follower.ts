/**
 * A standby's side of the catalog stream: applies the leader's catalog writes to this
 * node's catalog store, the named operators to its credentials and the provider identity
 * writes to its identity store, from the stream seq
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
import { CatalogChunkJoiner } from './catalog-stream.js';
import { catchUpStream, FOLLOW_PULL_EXPIRES_MS, streamBounds, watchPull, type PullTrouble, type StreamNames } from './stream.js';

/** What a node's catalog replication writes to: its catalog store, its operator credentials and its provider identity store. */
export interface CatalogReplica {
  store: CatalogStore;
  credentials: OperatorCredentials;
  identities: IdentityStore;
}

export interface CatalogFollowerEvents {
  /** The follower stopped on a message it cannot apply. */
  onFailed?: (error: Error) => void;
  /** Its pull went wrong or was mended (the client's notice; a catch-up following it anew): for the logs. */
  onPullTrouble?: (trouble: PullTrouble) => void;
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
      for await (const m of messages) this.take(m);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private take(m: JsMsg): void {
    if (this.failure !== undefined) return;
    this.streamSeq = m.seq;
    const record = this.joiner.take(m.headers, m.data, m.seq);
    if (record === undefined) return;
    if (record.kind === 'operators') {
      this.replica.credentials.applyReplicated(record.records);
      this.replica.store.markReplicated(m.seq);
    } else if (record.kind === 'identity') {
      // Two stores, so not one transaction: applying an identity write again changes nothing.
      this.replica.identities.applyReplicated(record.write);
      this.replica.store.markReplicated(m.seq);
    } else if (record.kind === 'leader') {
      this.replica.store.markReplicated(m.seq); // a new leader's first message: nothing to apply
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
    return catchUpStream(this.jsm, this.names.stream, this, timeoutMs, this.on.onPullTrouble);
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }
}
