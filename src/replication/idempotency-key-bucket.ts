/**
 * Signed writes' idempotency keys across a failover (docs/http-api.md, "Retrying a write"):
 * the leader's key store puts every write (a key taken before its request runs, its answer
 * after, a key forgotten) in a JetStream key-value bucket, `replication.idempotencyKeyBucket`,
 * and a key's first write waits for the bucket's acknowledgement (a majority of its replicas)
 * before the request runs. Each standby watches the bucket into its own store; a new leader
 * applies it to its end before its gateway reads the keys, so a retry sent to it after the
 * old leader died is answered as the first request was (or, if that request was still running,
 * as one whose outcome is unknown): never run a second time.
 *
 * A bucket rather than the catalog stream: keys live a day, and the bucket forgets them by its
 * ttl and keeps only a key's last write, where the catalog stream keeps everything. Not fenced:
 * a deposed leader's late write only marks a key on the standbys, and such a key's request
 * did not take effect (its journal was fenced), so at worst it reads as interrupted.
 */
import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import { DiscardPolicy, type JetStreamManager } from '@nats-io/jetstream';
import { IDEMPOTENCY_KEY_TTL_MS, type IdempotencyKeyReplication, type IdempotencyKeyStore, type IdempotencyKeyWrite } from '../gateway/index.js';
import type { Logger } from '../runtime/log.js';
import type { ReplicationConfig } from './config.js';

/** The bucket keeps a write this much longer than its key lives: an answer is written after the key's first use. */
const TTL_MARGIN_MS = 60 * 60 * 1000;

/**
 * How long a takeover waits for the watch to reach the bucket's end: a watch that works is there within a few ms
 * (it runs all along); one that does not must not hold up the first order for long.
 */
const CATCH_UP_MS = 3_000;
/** A seeding leader's puts in flight at once. */
const SEED_WINDOW = 64;

const utf8 = new TextDecoder();

/** A bucket key for a store id (`signer key`, which may hold characters a NATS subject may not). */
function bucketKey(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/**
 * The group's bucket, created if it is not there. Bounded as the leader's keys in memory are: beyond its bytes it
 * drops its oldest writes (a key's retry after a failover then runs again), never refuses a new key, so a flood of
 * keyed writes cannot make everyone's keyed writes fail (a key-value bucket refuses by default).
 */
export async function openIdempotencyKeyBucket(nc: NatsConnection, jsm: JetStreamManager, c: ReplicationConfig): Promise<KV> {
  const kv = await new Kvm(nc).create(c.idempotencyKeyBucket, { history: 1, replicas: c.replicas, ttl: IDEMPOTENCY_KEY_TTL_MS + TTL_MARGIN_MS, max_bytes: c.idempotencyKeyBucketMaxBytes });
  const stream = `KV_${c.idempotencyKeyBucket}`;
  const { config } = await jsm.streams.info(stream);
  if (config.discard !== DiscardPolicy.Old || config.max_bytes !== c.idempotencyKeyBucketMaxBytes) await jsm.streams.update(stream, { discard: DiscardPolicy.Old, max_bytes: c.idempotencyKeyBucketMaxBytes });
  return kv;
}

/** The leader's: every write of its key store into the bucket. */
export class IdempotencyKeyShipper implements IdempotencyKeyReplication {
  private stopped: Error | undefined;

  constructor(private readonly kv: KV) {}

  async keyWritten(write: IdempotencyKeyWrite): Promise<void> {
    if (this.stopped !== undefined) throw this.stopped;
    await this.kv.put(bucketKey(write.id), JSON.stringify(write));
  }

  /** Gives an empty bucket the keys this node kept (the group's first leader, or replication just turned on). */
  async seed(writes: Iterable<IdempotencyKeyWrite>): Promise<number> {
    // SEED_WINDOW puts in flight at once: one at a time, a store of a day's keys would hold the takeover for seconds.
    const inFlight = new Set<Promise<void>>();
    let n = 0;
    for (const write of writes) {
      const put = this.keyWritten(write).finally(() => inFlight.delete(put));
      inFlight.add(put);
      n++;
      if (inFlight.size >= SEED_WINDOW) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return n;
  }

  /** Deposed: no write of this node's reaches the group any more, and a key's request waiting on one is refused. */
  stop(reason: string): void {
    this.stopped ??= new Error(`the idempotency keys are not replicated: ${reason}`);
  }
}

/** A standby's: the bucket watched into its own key store, from the last write of each key on. */
export class IdempotencyKeyFollower {
  /** The bucket's stream seq of the last write applied. */
  private revision = 0;
  private loop: Promise<void> | undefined;
  /** The catch-up's wait: told when `revision` reaches its end or the watch ends. */
  private reached: { end: number; tell: () => void } | undefined;
  private ended = false;
  /** Writes refused as malformed (each skipped, so one bad write does not stop a standby). */
  refused = 0;

  private constructor(
    readonly kv: KV,
    private readonly store: IdempotencyKeyStore,
    private readonly watch: Awaited<ReturnType<KV['watch']>>,
    private readonly log: Logger,
  ) {}

  static async start(kv: KV, store: IdempotencyKeyStore, log: Logger): Promise<IdempotencyKeyFollower> {
    const follower = new IdempotencyKeyFollower(kv, store, await kv.watch(), log);
    follower.loop = follower.run();
    return follower;
  }

  private async run(): Promise<void> {
    try {
      for await (const entry of this.watch) {
        this.revision = Math.max(this.revision, entry.revision);
        if (entry.operation === 'PUT') this.apply(entry.value, entry.revision); // else the bucket's own expiry or a purge: the store expires its keys by their time
        if (this.reached !== undefined && this.revision >= this.reached.end) this.reached.tell();
      }
    } catch (error) {
      // The takeover's catch-up then finds the store short of the bucket's end, and says so.
      this.log.warn({ err: error }, 'the watch on the idempotency keys bucket ended');
    } finally {
      this.ended = true;
      this.reached?.tell();
    }
  }

  private apply(value: Uint8Array, revision: number): void {
    try {
      this.store.applyReplicated(JSON.parse(utf8.decode(value)));
    } catch (error) {
      this.refused++;
      this.log.warn({ err: error, revision }, 'an idempotency key from the bucket was malformed: skipped');
    }
  }

  /**
   * A new leader's, before its gateway reads the keys: applies the bucket to its end as it is now, stops
   * watching and waits for the store's commit. `whole` false when the end was not reached within `timeoutMs`;
   * `empty` when the bucket held nothing.
   */
  async catchUp(timeoutMs = CATCH_UP_MS): Promise<{ whole: boolean; empty: boolean }> {
    try {
      const state = (await this.kv.status()).streamInfo.state;
      // Expired writes leave no message: an empty bucket's last seq is one nobody will deliver.
      const end = state.messages === 0 ? 0 : state.last_seq;
      if (this.revision < end && !this.ended) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((tell) => {
          this.reached = { end, tell };
          timer = setTimeout(tell, timeoutMs);
        }).finally(() => clearTimeout(timer));
      }
      return { whole: this.revision >= end, empty: state.messages === 0 };
    } finally {
      // Stopped however it ends: a leader's watch would only echo its own writes back into its store.
      await this.stop();
      await this.store.flushed();
    }
  }

  async stop(): Promise<void> {
    this.watch.stop();
    await this.loop;
  }
}

/**
 * A new leader's keys: the bucket applied to its end, then this node's key store puts its writes
 * there. A bucket that could not be read to its end is logged, not a reason to refuse leading:
 * a retry of a write the old leader ran may then run again here, as without replication.
 */
export async function takeOverIdempotencyKeys(follower: IdempotencyKeyFollower, store: IdempotencyKeyStore, log: Logger): Promise<IdempotencyKeyShipper> {
  const { whole, empty } = await follower.catchUp().catch((error: unknown) => {
    log.warn({ err: error }, 'the idempotency keys bucket could not be read');
    return { whole: false, empty: false };
  });
  if (!whole) log.warn({}, "the idempotency keys bucket was not applied to its end: a retry of a write the old leader ran may run again");
  const shipper = new IdempotencyKeyShipper(follower.kv);
  if (empty) {
    const seeded = await shipper.seed(store.allWrites(Date.now())).catch(() => 0);
    if (seeded > 0) log.info({ keys: seeded }, "the idempotency keys bucket was empty: put this node's keys in it");
  }
  store.replicateTo(shipper);
  return shipper;
}
