/**
 * Leadership through a JetStream key-value bucket: one key, written only by compare-and-set
 * on its revision. The leader rewrites it every `renewMs`; a standby that sees the same
 * revision for `ttlMs` (on its own monotonic clock, so machines' clocks need not agree)
 * takes the key over by a compare-and-set on the revision it saw, which fails if the leader
 * renewed in the meantime or another standby won. The revision at which a node took the
 * key is its epoch: the fencing token it writes into every stream message.
 *
 * The leader fences itself too: when no renewal has succeeded for `ttlMs` (the bucket was
 * unreachable, the process stalled) or a renewal finds the key moved, it calls `onLost`
 * and must stop writing; by then a standby may own the key.
 *
 * Validity runs from when a successful renewal was sent, not from its answer: the write
 * landed after it was sent, a standby first saw the new revision after it landed, and
 * waits the ttl from then, so the leader's validity always ends before a standby can take
 * the key (`validUntilMs`, checked before every write: replicated-journal.ts). In the
 * service this class runs on a thread of its own (lease-thread.ts), so the engine's work
 * on the main thread can never starve a renewal.
 *
 * A standby need not always wait out the ttl: every node answers on a presence subject of
 * its own for as long as its connections to NATS are open (`answerPresence`), and when the
 * server says nobody listens on the holder's (NATS's "no responders": its process died and
 * the kernel closed its sockets), twice in a row at the same revision, a standby with
 * `takeOnAbsence` takes the key at once. That is safe only where the stream's fence, not
 * the lease's validity, is what keeps a deposed leader from acknowledging: under quorum
 * acks (docs/replication.md).
 */
import { headers, RequestError, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LeaseOptions {
  bucket: string;
  /** This node's name (unique among the nodes). */
  node: string;
  ttlMs: number;
  renewMs: number;
  replicas: number;
  /** How often a standby looks at the key (and, with takeOnAbsence, asks whether its holder is present). */
  pollMs?: number;
  /** Take the key as soon as its holder's presence is gone (twice in a row), not after the ttl: only under quorum acks. */
  takeOnAbsence?: boolean;
  /** Told the end of this node's validity (monoMs) at every successful renewal, and 0 when it stops leading. */
  onValidity?: (validUntilMs: number) => void;
}

/**
 * Milliseconds on the process's monotonic clock: the same in every thread of the process
 * (performance.now() counts from each thread's own start), so the lease's thread and the
 * writing thread compare the same numbers.
 */
export function monoMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * How much earlier than a standby could take the key the leader's validity ends: the
 * machines' clocks may run at slightly different rates (parts per million in practice),
 * and a check comes a moment before its write.
 */
export function validityMarginMs(ttlMs: number): number {
  return Math.min(50, ttlMs / 20);
}

export interface LeaseHolder {
  node: string;
  epoch: number;
}

const KEY = 'leader';
/** The longest one renewal is waited for (renewal periods are shorter): see renew(). */
const RENEWAL_WAIT_MAX_MS = 1_000;
const utf8 = new TextEncoder();

/** Where a node answers presence probes (its name in hex: a name may hold characters a subject cannot). */
export function presenceSubject(bucket: string, node: string): string {
  return `patx.presence.${bucket}.${Buffer.from(node, 'utf8').toString('hex')}`;
}

/**
 * Answers presence probes on `nc` for as long as it is open. A node does it on each of its
 * connections (the lease's and the main one), so that one connection moving to another
 * server does not read as the node's death.
 */
export async function answerPresence(nc: NatsConnection, bucket: string, node: string): Promise<void> {
  nc.subscribe(presenceSubject(bucket, node), { callback: (_error, m) => void m.respond() });
  await nc.flush(); // the server knows of it before this node can take the lease
}

/**
 * Writes the lease key (a holder, or a delete marker) only if the bucket's stream is at
 * `revision` (0: never written); returns the write's revision. The condition is on the
 * stream's last sequence, not the key's (what `KV.update` sends): nats-server 2.9, Debian's,
 * checks the key's sequence on the stream leader before proposing the write, outside its Raft
 * log, so two writes that expect one revision and arrive together both land (nats-server#4320,
 * fixed in 2.10; measured here on a three-node cluster: both of a pair in 203 of 300 pairs),
 * and a standby's take and the holder's renewal could both succeed. The stream's last
 * sequence is checked against the writes already proposed: one of a pair is refused (0 of
 * 300). The bucket holds this one key, so its stream's last sequence is the key's revision.
 */
export async function writeLeaseKey(js: JetStreamClient, bucket: string, value: Uint8Array | 'delete', revision: number, timeoutMs?: number): Promise<number> {
  const h = value === 'delete' ? headers() : undefined;
  h?.set('KV-Operation', 'DEL');
  const ack = await js.publish(keySubject(bucket), value === 'delete' ? undefined : value, { expect: { lastSequence: revision }, headers: h, timeout: timeoutMs });
  return ack.seq;
}

function keySubject(bucket: string): string {
  return `$KV.${bucket}.${KEY}`;
}

/** The stream refused a write to the key: it was not at the revision the write expected. */
function refused(error: unknown): boolean {
  return /wrong last sequence/i.test(String((error as Error | undefined)?.message));
}

/** Successive "no responders" on the holder's presence subject, at one revision, before a standby takes the key. */
const ABSENCES_TO_TAKE = 2;

/** The holder a read of the key names: undefined when nobody holds it (never written, deleted). */
function holderIn(e: KvEntry | null): LeaseHolder | undefined {
  return e === null || e.operation !== 'PUT' ? undefined : e.json<LeaseHolder>();
}

/** The key as one read saw it: its revision (0: never written) and who it names (undefined: nobody). */
interface KeyState {
  revision: number;
  holder: LeaseHolder | undefined;
}

export class LeaderLease {
  private revision = 0;
  private held = false;
  private renewing = false;
  private renewer: NodeJS.Timeout | undefined;
  private lastRenewedMono = 0;
  private lostListeners: Array<(reason: string) => void> = [];
  private closed = false;
  /** The key names this node's epoch (a renewal since `take` landed): until then it says epoch 0. */
  private epochSaid = false;
  /**
   * The revision the first take whose answer never came expected (a timeout: during an
   * election, or a stalled connection), while this node waits for the lease: that write may
   * still land, naming this node with epoch 0 and nobody renewing it.
   */
  private unansweredTakeFrom: number | undefined;
  epoch = 0;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly kv: KV,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly o: LeaseOptions,
  ) {}

  static async open(nc: NatsConnection, o: LeaseOptions): Promise<LeaderLease> {
    const kv = await new Kvm(nc).create(o.bucket, { history: 1, replicas: o.replicas });
    // Its reads wait no longer than a renewal does (the connection's default is 20 s).
    return new LeaderLease(nc, kv, jetstream(nc), await jetstreamManager(nc, { timeout: o.renewMs, checkAPI: false }), o);
  }

  get isLeader(): boolean {
    return this.held;
  }

  /** Who holds the key, as it says (undefined when nobody does): read from any replica, so a moment behind the latest write at worst. */
  async holder(): Promise<LeaseHolder | undefined> {
    return holderIn(await this.kv.get(KEY));
  }

  /** Called once when this node stops being the leader. */
  onLost(listener: (reason: string) => void): void {
    this.lostListeners.push(listener);
  }

  /**
   * Resolves with this node's epoch once it holds the lease: at once if the key is free,
   * else when its holder has stopped renewing for ttlMs, or (takeOnAbsence) as soon as its
   * holder is gone. `waiting` is told who holds it.
   */
  async acquire(waiting?: (holder: LeaseHolder) => void): Promise<number> {
    let seen = { revision: -1, sinceMono: 0, absences: 0 };
    // Its own reads' times: the ttl runs from when this node first saw a revision, never earlier than it landed.
    const pollMs = this.o.pollMs ?? Math.max(20, Math.floor(this.o.renewMs / (this.o.takeOnAbsence === true ? 4 : 2)));
    while (!this.closed) {
      const e = await this.kv.get(KEY).catch(() => undefined);
      if (e !== undefined) {
        const now = monoMs();
        if (e === null || e.operation !== 'PUT') {
          if (await this.take(e === null ? 0 : e.revision)) return this.epoch;
        } else if (this.ownUnansweredTake(e.revision, e.json<LeaseHolder>())) {
          // Its own take landed after this node stopped waiting for it: nobody else may hold the key
          // (that take waited for it to be free), so take it again at once, a fresh compare-and-set whose
          // validity runs from now, rather than wait out a ttl nobody renews.
          if (await this.take(e.revision)) return this.epoch;
        } else {
          const holder = e.json<LeaseHolder>();
          if (e.revision !== seen.revision) {
            seen = { revision: e.revision, sinceMono: now, absences: 0 };
            waiting?.(holder);
          }
          if (now - seen.sinceMono >= this.o.ttlMs && (await this.take(e.revision))) return this.epoch;
          if (this.o.takeOnAbsence === true && holder.node !== this.o.node) {
            seen.absences = (await this.present(holder.node, pollMs)) === false ? seen.absences + 1 : 0;
            if (seen.absences >= ABSENCES_TO_TAKE && (await this.take(e.revision))) return this.epoch;
          }
        }
      }
      await sleep(pollMs);
    }
    throw new Error('the lease was closed while waiting for it');
  }

  /**
   * Whether `node` answers on its presence subject: false only when the servers say nobody
   * listens there (no responders), undefined when nobody answered in time (a busy node is
   * present: only the ttl decides then).
   */
  private async present(node: string, timeoutMs: number): Promise<boolean | undefined> {
    try {
      await this.nc.request(presenceSubject(this.o.bucket, node), undefined, { timeout: timeoutMs });
      return true;
    } catch (error) {
      return error instanceof RequestError && error.isNoResponders() ? false : undefined;
    }
  }

  /** A read of the key at `revision` names a take of this node's that was sent, never answered, and landed. */
  private ownUnansweredTake(revision: number, holder: LeaseHolder): boolean {
    return this.unansweredTakeFrom !== undefined && revision > this.unansweredTakeFrom && holder.node === this.o.node && holder.epoch === 0;
  }

  /**
   * Compare-and-set from `revision` (0 when there never was a key). Waited for a renewal period,
   * at least RENEWAL_WAIT_MAX_MS, not the client's 5 s (at the default periods): a take sent
   * while the bucket's stream has no leader gives way to the next poll soon after it has one, and
   * one that lands after all is found there (ownUnansweredTake).
   */
  private async take(revision: number): Promise<boolean> {
    const sentMono = monoMs();
    try {
      // The epoch is the revision this write gets, known only once it is done: the first renewal writes it into the value.
      const value = utf8.encode(JSON.stringify({ node: this.o.node, epoch: 0 } satisfies LeaseHolder));
      this.revision = await writeLeaseKey(this.js, this.o.bucket, value, revision, Math.max(this.o.renewMs, RENEWAL_WAIT_MAX_MS));
    } catch (error) {
      // Refused: someone else wrote first. Otherwise unanswered: it may land yet.
      if (!refused(error)) this.unansweredTakeFrom = Math.min(this.unansweredTakeFrom ?? revision, revision);
      return false;
    }
    this.unansweredTakeFrom = undefined;
    this.epoch = this.revision;
    this.held = true;
    this.epochSaid = false;
    this.renewedAt(sentMono);
    this.renewer = setInterval(() => void this.renew(), this.o.renewMs);
    // Say the epoch in the key before acquire resolves (the standbys read it, and so may the new
    // leader's caller). A first renewal can time out under load (its timeout is renewMs) and
    // leave the key saying epoch 0 until the next: so renew until one lands, or the ttl check
    // gives the lease up (then acquire goes on waiting).
    while (this.held && !this.epochSaid) {
      await this.renew();
      if (this.held && !this.epochSaid) await sleep(Math.max(10, Math.floor(this.o.renewMs / 4)));
    }
    return this.held;
  }

  private async renew(): Promise<void> {
    if (!this.held) return;
    const sentMono = monoMs();
    // Checked before anything else, so that a renewal or read still in flight cannot hold the fence off.
    if (sentMono - this.lastRenewedMono > this.o.ttlMs) return this.lose(`no renewal succeeded for ${this.o.ttlMs} ms`);
    // One renewal at a time: a second one would carry a revision the first is replacing.
    if (this.renewing) return;
    this.renewing = true;
    try {
      // Waited for as long as the lease stays valid (at least a renewal period, at most RENEWAL_WAIT_MAX_MS): a slow answer
      // that lands still renews, and a renewal sent while the bucket's stream had no leader (a nats-server died: nobody
      // answers it, ever) gives way to the next soon after the stream has one again, well before a long ttl runs out.
      const timeoutMs = Math.max(this.o.renewMs, Math.min(RENEWAL_WAIT_MAX_MS, Math.floor(this.lastRenewedMono + this.o.ttlMs - sentMono)));
      const value = utf8.encode(JSON.stringify({ node: this.o.node, epoch: this.epoch } satisfies LeaseHolder));
      this.revision = await writeLeaseKey(this.js, this.o.bucket, value, this.revision, timeoutMs);
      if (this.held) this.renewedAt(sentMono);
      this.epochSaid = true;
    } catch (error) {
      if (refused(error)) await this.afterRefusedRenewal();
      // Otherwise the bucket did not answer in time: the ttl check decides when to give up.
    } finally {
      this.renewing = false;
    }
  }

  /**
   * A renewal was refused: the key is at another revision than this node's last. Either
   * another node took it, or an earlier renewal of this node landed after the client had
   * given up waiting for it (its timeout is renewMs; seen under load), so the revision
   * this node knows is stale. The key's value at the stream's leader tells which: this
   * node's term, or not.
   */
  private async afterRefusedRenewal(): Promise<void> {
    const key = await this.readAtLeader();
    if (key === undefined) return; // the bucket did not answer: the ttl check decides
    if (this.namesThisTerm(key)) {
      // Not counted as renewed now: the standbys' ttl runs from when that write landed, earlier; the next renewal counts.
      this.revision = key.revision;
      this.epochSaid = true;
      return;
    }
    this.lose('another node holds the lease');
  }

  /**
   * The key as the bucket's stream leader has it (undefined when it did not answer). Not
   * `kv.get`: that is a direct get, answered by any replica, which can lag the latest write
   * for longer than a renewal period under load; a lagging read of this node's own earlier
   * write would be adopted as its revision and refused again at every renewal until the
   * ttl fenced a healthy leader. A message-get request is answered by the stream's leader,
   * the one that ordered the write that refused ours.
   */
  private async readAtLeader(): Promise<KeyState | undefined> {
    try {
      const m = await this.jsm.streams.getMessage(`KV_${this.o.bucket}`, { last_by_subj: keySubject(this.o.bucket) });
      if (m === null) return { revision: 0, holder: undefined };
      // A delete or purge is a message with a KV-Operation header and no value.
      const deleted = (m.header?.get('KV-Operation') ?? '') !== '';
      return { revision: m.seq, holder: deleted ? undefined : m.json<LeaseHolder>() };
    } catch {
      return undefined;
    }
  }

  /** A renewal sent at `sentMono` succeeded: this node may write until the ttl from then, less the margin. */
  private renewedAt(sentMono: number): void {
    this.lastRenewedMono = sentMono;
    this.o.onValidity?.(this.validUntilMs);
  }

  /** Until when (monoMs) this node may write as the leader; 0 when it does not lead. */
  get validUntilMs(): number {
    return this.held ? this.lastRenewedMono + this.o.ttlMs - validityMarginMs(this.o.ttlMs) : 0;
  }

  /** A read of the key names this node's term: its epoch, or the write that took the key (still saying epoch 0). */
  private namesThisTerm(key: KeyState): boolean {
    return key.holder?.node === this.o.node && (key.holder.epoch === this.epoch || key.revision === this.epoch);
  }

  private lose(reason: string): void {
    if (!this.held) return;
    this.held = false;
    this.o.onValidity?.(0);
    clearInterval(this.renewer);
    for (const listener of this.lostListeners.splice(0)) listener(reason);
  }

  /** A clean stop: the leader deletes the key so that a standby takes over without waiting out the ttl. */
  async release(): Promise<void> {
    this.closed = true;
    if (!this.held) return;
    this.held = false;
    this.o.onValidity?.(0);
    clearInterval(this.renewer);
    // A renewal in flight may land after this node's last known revision, and a delete at that
    // revision is then refused, leaving the key to run out its ttl. So on a refusal, read the
    // key and delete at its revision while it still names this node's term (best effort: the
    // ttl frees the key anyway).
    let revision = this.revision;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await writeLeaseKey(this.js, this.o.bucket, 'delete', revision);
        return;
      } catch {
        // Refused (the key moved) or unanswered: look at the key.
      }
      const key = await this.readAtLeader();
      if (key === undefined || !this.namesThisTerm(key)) return; // unanswered, gone, or another node's term
      revision = key.revision;
    }
  }

  close(): void {
    this.closed = true;
    if (this.held) this.o.onValidity?.(0);
    this.held = false;
    clearInterval(this.renewer);
  }
}
