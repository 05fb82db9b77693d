/**
 * One node of a replicated group, from start to leadership: it connects to NATS, follows
 * the stream as a standby (its own journal and engine keep up with the leader's) until it
 * holds the lease, then applies the rest of the stream, writes its LEADER message and
 * returns the journal its sequencer must write to. From then on it renews the lease and
 * ships its journal; losing either (`onDeposed`) means it must stop writing at once.
 *
 * While it waits it fills in a StandbyWatch, which its gateway's port answers from
 * (standby-server.ts): health, and NOT_LEADER to everything else, so clients move on to
 * the leader (docs/replication.md).
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { Engine, Journal, ReleasedBatch, TurnJournal } from '../engine/index.js';
import type { Logger } from '../runtime/log.js';
import type { ReplicationConfig } from './config.js';
import { JournalFollower } from './follower.js';
import { StreamMovedError, takeThePen, type Leadership } from './leader.js';
import { answerPresence, type LeaseHolder } from './lease.js';
import { LeaseThread } from './lease-thread.js';
import { dropUnreplicatedTail } from './divergence.js';
import { setAsideUnreplicatedTail, type SetAsideTail } from './tail-set-aside.js';
import { ensureStream } from './stream.js';
import { journalKeptForSeed } from './journal-seed.js';
import { GrantLedgerShipping } from './grant-ledger-seeding.js';
import { CatalogFollower, type CatalogReplica, type GrantLedgerReplica } from './catalog-follower.js';
import { CatalogShipper, takeTheCatalogPen } from './catalog-shipper.js';
import { IdempotencyKeyFollower, openIdempotencyKeyBucket, takeOverIdempotencyKeys, type IdempotencyKeyShipper } from './idempotency-key-bucket.js';
import type { IdempotencyKeyStore } from '../gateway/index.js';
import { leaderLines } from './standby-metrics.js';
import type { StandbyWatch } from './standby-watch.js';
import { metricLines } from '../runtime/prometheus-text.js';
import { isUnavailable, whenAvailable } from './unavailable.js';
import { StreamRedundancy } from './stream-redundancy.js';
import { NO_ALARMS, type AlarmSink } from '../runtime/health.js';
import { setTimeout as sleep } from 'node:timers/promises';

export class ReplicationAbortedError extends Error {
  override readonly name = 'ReplicationAbortedError';
  constructor() {
    super('stopped while waiting to lead');
  }
}

export interface ReplicationStatus {
  node: string;
  role: 'standby' | 'leader' | 'deposed';
  epoch: number;
  ack: ReplicationConfig['ack'];
  /** Engine seq the stream holds (leader), or that this standby has applied. */
  replicatedSeq: number;
  /** Seqs journaled here and not yet in the stream (leader). */
  lagSeqs: number;
}

/** Times a takeover applies what an old leader's last publishes added before its LEADER message is taken. */
const TAKEOVER_ATTEMPTS = 10;
/** How long a JetStream API request (not a publish) of a node's is waited for: see lead(). */
const API_WAIT_MS = 2_000;

export class ReplicationNode {
  private role: ReplicationStatus['role'] = 'leader';
  private readonly deposedListeners: Array<(reason: string) => void> = [];
  /** The grant ledger's writes, after its seed (in the background); set once a ledger is open here. */
  private grantShipping: GrantLedgerShipping | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly lease: LeaseThread,
    private readonly leadership: Leadership,
    private readonly c: ReplicationConfig,
    /** Ships this leader's catalog writes and operator credentials (undefined when lead() was given no catalog). */
    private readonly catalogShipper: CatalogShipper | undefined,
    /** Starts a grant ledger's replication through catalogShipper (its seed unless the stream holds one). */
    private readonly shipGrants: ((ledger: GrantLedgerReplica, emptyStream: boolean) => GrantLedgerShipping) | undefined,
    /** Puts this leader's idempotency keys in the group's bucket (undefined when lead() was given no key store). */
    private readonly keyShipper: IdempotencyKeyShipper | undefined,
    /** The copies the group's streams keep, read while this node leads. */
    private readonly redundancy: StreamRedundancy,
  ) {
    lease.onLost((reason) => this.depose(`lost the lease: ${reason}`));
    redundancy.start();
  }

  /** The grant ledger's replication, once a ledger is open here (its seed's progress: `seeding`, `seeded`). */
  get grantLedgerShipping(): GrantLedgerShipping | undefined {
    return this.grantShipping;
  }

  /**
   * Before the engine is recovered: drops or sets aside the journal's tail that the stream
   * never received, so this node can follow a stream a newer leader wrote on. Under 'quorum'
   * acks it is dropped (a leader killed between its local commit and the stream's ack; no
   * client was told of it). Under 'local' acks it may have been acknowledged: it is written
   * out under the data dir for the operator first (tail-set-aside.ts), and returned, for the
   * alarm; a real divergence is left as it is, for the follower to refuse.
   */
  static async dropUnreplicatedTail(c: ReplicationConfig, journal: Journal, log: Logger, dataDir: string): Promise<SetAsideTail | undefined> {
    if (journal.lastSeq() === 0) return undefined;
    // Each attempt reads the stream before it changes anything here, so one cut short by NATS going away is simply made again.
    return whenAvailable("comparing the journal's tail with the stream", () => ReplicationNode.checkTail(c, journal, log, dataDir), { log });
  }

  private static async checkTail(c: ReplicationConfig, journal: Journal, log: Logger, dataDir: string): Promise<SetAsideTail | undefined> {
    const nc = await connect({ servers: c.servers, name: `patx-${c.node}-check` });
    try {
      const jsm = await jetstreamManager(nc);
      await ensureStream(jsm, { stream: c.stream, subject: c.subject, replicas: c.replicas, maxBytes: c.maxStreamBytes });
      const names = { stream: c.stream, subject: c.subject };
      const kept = await journalKeptForSeed(jsm, names, journal, c.node);
      if (kept !== undefined) {
        log.warn({ lastSeq: journal.lastSeq() }, `the journal's tail was kept: ${kept}`);
        return undefined;
      }
      if (c.ack === 'quorum') {
        const dropped = await dropUnreplicatedTail(jsm, names, journal);
        if (dropped !== undefined) log.warn(dropped, "dropped the journal's tail the stream never received (never acknowledged under quorum acks)");
        return undefined;
      }
      const tail = await setAsideUnreplicatedTail(jsm, names, journal, { node: c.node, dataDir });
      if (tail === undefined) return undefined;
      if ('diverged' in tail) {
        log.error({ commonSeq: tail.commonSeq, lastSeq: journal.lastSeq() }, `the journal's tail was kept: ${tail.reason}`);
        return undefined;
      }
      log.error(
        { alarm: 'replication-tail-set-aside', fromSeq: tail.fromSeq, toSeq: tail.toSeq, commands: tail.commands, file: tail.file, takenOverBy: tail.takenOverBy },
        "set aside the journal's tail the stream never received (acknowledged under local acks, lost from the group's state at the failover); following the stream",
      );
      return tail;
    } finally {
      await nc.close().catch(() => undefined);
    }
  }

  /**
   * Joins the group and returns once this node leads. `engine` and `journal` are this
   * node's, recovered from its data dir; the engine is brought up to the stream's end.
   * `catalog` (this node's catalog store, operator credentials and identity store) follows the catalog
   * stream while the node waits and is brought up to its end too; once leading, its
   * writes are shipped to that stream. `idempotencyKeys` (this node's store of signed writes' keys) follows the
   * group's key bucket the same way (idempotency-key-bucket.ts). `onApplied` is given every record the standby
   * applies, with its events (the service's read models: src/read-models/journal-following.ts), so
   * they are current when it leads; without it the standby makes no events.
   */
  static async lead(
    c: ReplicationConfig,
    engine: Engine,
    journal: Journal,
    log: Logger,
    options: { signal?: AbortSignal; watch?: StandbyWatch; catalog?: CatalogReplica; idempotencyKeys?: IdempotencyKeyStore; onApplied?: (batch: ReleasedBatch) => void; alarms?: AlarmSink } = {},
  ): Promise<ReplicationNode> {
    const { signal, watch, catalog, idempotencyKeys, onApplied } = options;
    const nc = await connect({ servers: c.servers, name: `patx-${c.node}`, maxReconnectAttempts: -1 });
    let lease: LeaseThread | undefined;
    let follower: JournalFollower | undefined;
    let catalogFollower: CatalogFollower | undefined;
    let keyFollower: IdempotencyKeyFollower | undefined;
    const abort = (): void => {
      void lease?.close();
      void follower?.stop();
      void catalogFollower?.stop();
      void keyFollower?.stop();
    };
    signal?.addEventListener('abort', abort, { once: true });
    const retry = { log, signal, pauseMs: Math.max(20, Math.floor(c.leaseRenewMs / 2)) };
    try {
      // On this connection too, so that the lease's connection moving to another server does not read as this node's death.
      await answerPresence(nc, c.leaseBucket, c.node);
      // JetStream's requests (stream info, creating a consumer, reading a message) are small: waited for API_WAIT_MS, not
      // the client's 5 s, so a node that joins or takes over while a stream elects its leader tries again soon after it
      // has one. Publishes (the shipper's, the LEADER message) keep the client's wait: a slow ack is resent as a duplicate.
      const js = jetstream(nc);
      const jsRead = jetstream(nc, { timeout: API_WAIT_MS });
      const jsm = await whenAvailable('reaching JetStream', () => jetstreamManager(nc, { timeout: API_WAIT_MS }), retry);
      const names = { stream: c.stream, subject: c.subject };
      await whenAvailable('opening the journal stream', () => ensureStream(jsm, { ...names, replicas: c.replicas, maxBytes: c.maxStreamBytes }), retry);
      // On a thread of its own: a renewal never waits behind the engine (a takeover's catch-up, a long turn).
      // Under quorum acks the stream's fence keeps a deposed leader from acknowledging, so a standby need not wait out the ttl of a holder that is gone.
      lease = await whenAvailable('opening the lease', () => LeaseThread.open(c.servers, { bucket: c.leaseBucket, node: c.node, ttlMs: c.leaseTtlMs, renewMs: c.leaseRenewMs, replicas: c.replicas, takeOnAbsence: c.ack === 'quorum' }), retry);
      const stopWaiting = (error: Error, what: string): void => {
        watch?.failed(error);
        log.fatal({ err: error, alarm: 'standby-diverged' }, `the standby stopped following ${what}`);
        void lease?.close();
      };
      follower = journalFollower(jsRead, jsm, names, engine, journal, { c, log, watch, onApplied, stopWaiting });
      await whenAvailable('following the journal stream', () => follower!.start(), retry);
      const catalogNames = { stream: c.catalogStream, subject: c.catalogSubject };
      if (catalog !== undefined) {
        await whenAvailable('opening the catalog stream', () => ensureStream(jsm, { ...catalogNames, replicas: c.replicas, maxBytes: c.catalogMaxStreamBytes, refuseWhenFull: true }), retry);
        catalogFollower = new CatalogFollower(jsRead, jsm, catalogNames, catalog, {
          onFailed: (error) => stopWaiting(error, 'the catalog stream'),
          onPullTrouble: (trouble) => log.warn({ trouble }, 'following the catalog stream: the pull was in trouble or mended'),
          onGrantWriteSkipped: (streamSeq, reason) => log.warn({ streamSeq, reason }, 'a grant ledger write on the catalog stream was not applied here'),
          onRefusalSkipped: (streamSeq, reason) => log.warn({ streamSeq, reason }, 'a delivery refusal on the catalog stream was not applied here'),
        });
        await whenAvailable('following the catalog stream', () => catalogFollower!.start(), retry);
      }
      if (idempotencyKeys !== undefined) {
        const kv = await whenAvailable('opening the idempotency keys bucket', () => openIdempotencyKeyBucket(nc, jsm, c), retry);
        keyFollower = await whenAvailable('watching the idempotency keys bucket', () => IdempotencyKeyFollower.start(kv, idempotencyKeys, log), retry);
      }
      watch?.following(jsm, names);
      log.info({ node: c.node, seq: engine.lastSeq }, 'following the replicated journal as a standby');
      let known: LeaseHolder | undefined;
      const epoch = await lease.acquire((holder) => {
        // Told at every renewal (each writes a new revision): logged when the leader changes.
        if (known?.node !== holder.node || known.epoch !== holder.epoch) log.info({ leader: holder.node, epoch: holder.epoch }, 'standby: another node leads');
        known = holder;
        watch?.leaderIs(holder);
      });
      if (follower.failed !== undefined) throw follower.failed;
      if (catalogFollower?.failed !== undefined) throw catalogFollower.failed;
      watch?.takingOver(epoch);
      let node: ReplicationNode | undefined;
      // While the lease is held, NATS away for a moment (a server gone, the stream electing its leader) is waited out.
      const penSteps = { log, signal, pauseMs: retry.pauseMs, holding: () => lease!.isLeader };
      // An old leader's last publishes may land after the follower stopped: the LEADER message is then refused, and the rest
      // is applied first; from the second time on, paced: a holder taken for absent that still writes (a route between
      // servers was cut, not its process) is fenced by its next renewal, within the ttl.
      const { written: leadership, streamSeq } = await takeJournalPen(follower, { js, jsm, names, journal, c, epoch, log, lease, penSteps, depose: (reason) => node?.depose(reason), lagSeqs: () => node?.status().lagSeqs });
      if (leadership.seedingThroughSeq !== undefined) await shipSeed(leadership, log);
      // Before the service builds its Catalog from the store: it must see every listing the old leader had.
      const catalogStreamSeq =
        catalogFollower === undefined
          ? undefined
          : (await takeStreamPen(catalogFollower, 'the catalog stream', { ...penSteps, paceMs: 0 }, (appliedStreamSeq) => takeTheCatalogPen(js, catalogNames, { node: c.node, epoch, appliedStreamSeq }))).streamSeq;
      log.info({ node: c.node, epoch, seq: engine.lastSeq, streamSeq, catalogStreamSeq, catalogRecordsApplied: catalogFollower?.applied }, 'took the lease; the stream is applied');
      const catalogShipper =
        catalog === undefined || catalogStreamSeq === undefined
          ? undefined
          : await shipCatalog(js, jsm, catalog, { names: catalogNames, epoch, c, log, streamSeq: catalogStreamSeq, depose: (reason) => node?.depose(reason) });
      const shipGrants =
        catalogShipper === undefined || catalogStreamSeq === undefined
          ? undefined
          : (ledger: GrantLedgerReplica, emptyStream: boolean) => new GrantLedgerShipping({ shipper: catalogShipper, jsm, names: catalogNames, store: catalog!.store, node: c.node, log }, ledger, emptyStream);
      // Before the service's gateway reads the keys: a retry of a write the old leader answered is answered alike here.
      const keyShipper = keyFollower === undefined ? undefined : await takeOverIdempotencyKeys(keyFollower, idempotencyKeys!, log);
      node = new ReplicationNode(nc, lease, leadership, c, catalogShipper, shipGrants, keyShipper, watchRedundancy(jsm, c, { catalog: catalog !== undefined, keys: keyShipper !== undefined }, log, options.alarms ?? NO_ALARMS));
      // The ledger that followed the journal here: its seed, where the stream holds none, in the background of taking orders.
      if (catalog?.grants !== undefined) node.replicateGrantLedger(catalog.grants, catalogStreamSeq === 0);
      return node;
    } catch (error) {
      await lease?.close();
      await follower?.stop().catch(() => undefined);
      await catalogFollower?.stop().catch(() => undefined);
      await keyFollower?.stop().catch(() => undefined);
      await nc.close().catch(() => undefined);
      // A follower that failed closed the lease to stop the wait: its error is the one to report.
      throw signal?.aborted === true ? new ReplicationAbortedError() : (follower?.failed ?? catalogFollower?.failed ?? error);
    } finally {
      watch?.stop();
      signal?.removeEventListener('abort', abort);
    }
  }

  /** The journal the leader's sequencer writes to. */
  get journal(): TurnJournal {
    return this.leadership.journal;
  }

  get epoch(): number {
    return this.lease.epoch;
  }

  /**
   * The grant ledger's writes go to the catalog stream, after its seed where the stream holds none (grant-ledger-seeding.ts):
   * the ledger that followed the journal here, at takeover; one opened after this node took the lease (its domain came
   * with settlement, which before 2026-12-06 never shipped its seed), when it opens.
   */
  replicateGrantLedger(ledger: GrantLedgerReplica, emptyStream = false): void {
    if (this.shipGrants === undefined || this.grantShipping !== undefined || this.role !== 'leader') return;
    this.grantShipping = this.shipGrants(ledger, emptyStream);
  }

  /** Called once if this node must stop writing (lease lost, or the stream fenced it). */
  onDeposed(listener: (reason: string) => void): void {
    this.deposedListeners.push(listener);
  }

  private depose(reason: string): void {
    if (this.role === 'deposed') return;
    this.role = 'deposed';
    // Nothing more leaves this node: its journal's waiting records and its catalog writes are never acknowledged (their requests fail).
    void this.grantShipping?.stop();
    void this.leadership.shipper.stop(`deposed: ${reason}`);
    void this.catalogShipper?.stop(`deposed: ${reason}`);
    this.keyShipper?.stop(`deposed: ${reason}`);
    void this.lease.close();
    this.redundancy.stop();
    for (const listener of this.deposedListeners.splice(0)) listener(reason);
  }

  status(): ReplicationStatus {
    const shipper = this.leadership.shipper;
    return { node: this.c.node, role: this.role, epoch: this.lease.epoch, ack: this.c.ack, replicatedSeq: shipper.shippedSeq, lagSeqs: shipper.lagSeqs };
  }

  metricsText(): string {
    const s = this.status();
    return [
      ...leaderLines(s.role === 'leader'),
      ...metricLines('gauge', 'patx_replication_epoch', 'The lease revision this node leads under.', s.epoch),
      ...metricLines('gauge', 'patx_replication_lag_seqs', 'Commands journaled here and not yet acknowledged by the stream.', s.lagSeqs),
      ...this.redundancy.metricLines(),
      ...metricLines('gauge', 'patx_replication_catalog_lag_messages', 'Catalog and operator-credential writes made here and not yet acknowledged by the catalog stream, messages.', this.catalogShipper?.lagMessages ?? 0),
      '',
    ].join('\n');
  }

  /**
   * After the sequencer has stopped: ships what is left (bounded by `drainMs`), then hands
   * the lease over (a standby takes it at once instead of after the ttl), and disconnects.
   */
  async stop(drainMs = 2_000): Promise<void> {
    const shipper = this.leadership.shipper;
    this.redundancy.stop();
    // A seed not yet shipped is cut short (the next leader ships it again); the writes it held are drained below. Its end is
    // awaited once the shipper stopped: a seed waiting for a stream that takes nothing lets go only then.
    const seedEnded = this.grantShipping?.stop();
    const deadline = Date.now() + drainMs;
    while (this.role === 'leader' && (shipper.lagSeqs > 0 || (this.catalogShipper?.lagMessages ?? 0) > 0) && Date.now() < deadline) await sleep(10);
    await shipper.stop();
    await this.catalogShipper?.stop();
    await seedEnded;
    this.keyShipper?.stop('stopped');
    if (this.role === 'leader') await this.lease.release();
    else await this.lease.close();
    await this.nc.close().catch(() => undefined);
  }
}

/**
 * The leader's watch on the copies the journal's stream, the catalog's (when it has one), the
 * lease bucket's and the idempotency keys' bucket's (when it has one) keep: a loss raises 'replication-redundancy-lost' (critical below a majority:
 * nothing is acknowledged) and logs it; every copy current again clears it.
 */
function watchRedundancy(jsm: JetStreamManager, c: ReplicationConfig, with_: { catalog: boolean; keys: boolean }, log: Logger, alarms: AlarmSink): StreamRedundancy {
  const streams = [c.stream, ...(with_.catalog ? [c.catalogStream] : []), `KV_${c.leaseBucket}`, ...(with_.keys ? [`KV_${c.idempotencyKeyBucket}`] : [])].map((stream) => ({ stream, expected: c.replicas }));
  return new StreamRedundancy(jsm, streams, {
    lost(copies) {
      const majority = copies.current > copies.expected / 2;
      const summary = `stream ${copies.stream} keeps ${copies.current} of ${copies.expected} copies current (${copies.missing.join('; ')}): ${majority ? 'writes go on; one more loss stops them' : 'fewer than a majority: nothing is acknowledged'}`;
      log.error({ alarm: 'replication-redundancy-lost', ...copies }, summary);
      alarms.raise('replication-redundancy-lost', { subject: copies.stream, severity: majority ? 'warning' : 'critical', summary, details: { ...copies, missing: copies.missing.join('; ') } });
    },
    whole(stream) {
      log.info({ stream }, `stream ${stream}: every copy current again`);
      alarms.clear('replication-redundancy-lost', stream);
    },
  });
}

/** A standby's follower of the journal stream: its snapshots, checkpoints and troubles reported to the log and the watch. */
function journalFollower(
  js: JetStreamClient,
  jsm: JetStreamManager,
  names: { stream: string; subject: string },
  engine: Engine,
  journal: Journal,
  o: { c: ReplicationConfig; log: Logger; watch: StandbyWatch | undefined; onApplied: ((batch: ReleasedBatch) => void) | undefined; stopWaiting: (error: Error, what: string) => void },
): JournalFollower {
  const { log, watch } = o;
  return new JournalFollower(js, jsm, names, engine, journal, {
    onApplied: o.onApplied,
    seeding: { node: o.c.node, fromJournal: o.c.seedFromJournal },
    snapshotEveryCommands: o.c.standbySnapshotEveryCommands,
    onSnapshotFailed: (error) => log.warn({ err: error }, 'standby snapshot not saved'),
    onSnapshot: (pauseMs) => watch?.counters.snapshotPause.observe(pauseMs),
    onCheckpoint: (seq) => {
      if (watch !== undefined) watch.counters.checkpointsMatched++;
      log.debug({ seq }, "state hash equal to the leader's");
    },
    onFailed: (error) => o.stopWaiting(error, 'the stream'),
    onPullTrouble: (trouble) => log.warn({ trouble }, 'following the journal stream: the pull was in trouble or mended'),
  });
}

/**
 * This node's journal seeds the stream (journal-seed.ts): waited for until the stream holds all of it, before the
 * catalog stream is seeded and the node takes orders, so the group's standbys can follow the whole exchange.
 */
async function shipSeed(leadership: Leadership, log: Logger): Promise<void> {
  const throughSeq = leadership.seedingThroughSeq!;
  log.info({ throughSeq, shippedSeq: leadership.shipper.shippedSeq }, "seeding the journal stream with this node's journal (replication.seedFromJournal)");
  await leadership.shipper.whenShipped(throughSeq);
  log.info({ throughSeq }, "the journal stream holds this node's journal: seeded");
}

/** `log` called once a second at most (a retry loop calls it every few tens of ms while a stream is away). */
function onceASecond<A extends unknown[]>(log: (...args: A) => void): (...args: A) => void {
  let lastMs = 0;
  return (...args) => {
    const now = Date.now();
    if (now - lastMs < 1_000) return;
    lastMs = now;
    log(...args);
  };
}

/**
 * A new leader's catalog shipper, started: its catalog store's, operator credentials',
 * identities' and the courier's delivery refusals' writes go to the catalog stream from now on (the grant ledger's: replicateGrantLedger); an empty stream
 * (the group's first leader with a catalog, or replication just turned on) is given the catalog this node has.
 */
async function shipCatalog(
  js: JetStreamClient,
  jsm: JetStreamManager,
  catalog: CatalogReplica,
  o: { names: { stream: string; subject: string }; epoch: number; c: ReplicationConfig; log: Logger; streamSeq: number; depose: (reason: string) => void },
): Promise<CatalogShipper> {
  const shipper: CatalogShipper = new CatalogShipper(js, {
    names: o.names,
    jsm,
    epoch: o.epoch,
    onFenced: (error) => o.depose(error.message),
    retryMs: Math.max(20, Math.floor(o.c.leaseRenewMs / 2)),
    onRetry: onceASecond((error) => o.log.warn({ err: error, lagMessages: shipper.lagMessages }, 'the catalog stream did not take a write; retrying')),
  });
  shipper.start();
  if (o.streamSeq === 0) {
    const seeded = await shipper.seed(catalog.store.allWrites(), catalog.credentials.allRecords(), catalog.identities.allWrites());
    if (seeded > 1) o.log.info({ records: seeded }, "the catalog stream was empty: shipped this node's catalog to it");
  }
  // The grant ledger's writes (and its seed) go through GrantLedgerShipping: ReplicationNode.replicateGrantLedger.
  catalog.store.replicateTo(shipper);
  catalog.credentials.replicateTo(shipper);
  catalog.identities.replicateTo(shipper);
  catalog.refusals?.replicateTo(shipper);
  return shipper;
}

/** The journal stream's pen for `epoch` (leader.ts, takeThePen), once the follower applied the stream to its end. */
function takeJournalPen(
  follower: JournalFollower,
  o: {
    js: JetStreamClient;
    jsm: JetStreamManager;
    names: { stream: string; subject: string };
    journal: Journal;
    c: ReplicationConfig;
    epoch: number;
    log: Logger;
    lease: LeaseThread;
    penSteps: { log: Logger; signal: AbortSignal | undefined; pauseMs: number; holding: () => boolean };
    /** Deposes the node, once made (a fence, the lease running out before a write). */
    depose: (reason: string) => void;
    lagSeqs: () => number | undefined;
  },
): Promise<{ written: Leadership; streamSeq: number }> {
  const { c, log, lease } = o;
  return takeStreamPen(follower, 'the journal stream', { ...o.penSteps, paceMs: c.leaseTtlMs / TAKEOVER_ATTEMPTS }, (appliedStreamSeq) =>
    takeThePen({
      js: o.js,
      jsm: o.jsm,
      names: o.names,
      journal: o.journal,
      node: c.node,
      epoch: o.epoch,
      ack: c.ack,
      window: c.shipWindow,
      retryMs: Math.max(20, Math.floor(c.leaseRenewMs / 2)),
      appliedStreamSeq,
      emptyStream: c.seedFromJournal ? 'seed' : 'refuse',
      fence: { validNow: () => lease.validNow(), expired: () => o.depose('the lease ran out before a write') },
      onFenced: (error) => o.depose(error.message),
      onRetry: onceASecond((error) => log.warn({ err: error, lagSeqs: o.lagSeqs() }, 'the stream did not take a record; retrying')),
    }),
  );
}

/**
 * Takes a stream's pen once this node holds the lease: catches `reader` up to the stream's end and writes (`write`,
 * given the stream seq it applied). While NATS is away for a moment and the lease is still held, the reader follows
 * the stream again and it tries again; when an old leader's last records moved the stream on (StreamMovedError),
 * they are applied first, up to TAKEOVER_ATTEMPTS times, `paceMs` apart from the second time on.
 */
async function takeStreamPen<T>(
  reader: JournalFollower | CatalogFollower,
  stream: string,
  o: { log: Logger; signal: AbortSignal | undefined; pauseMs: number; holding: () => boolean; paceMs: number },
  write: (appliedStreamSeq: number) => Promise<T>,
): Promise<{ written: T; streamSeq: number }> {
  let streamSeq = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      streamSeq = await reader.catchUp();
      return { written: await write(streamSeq), streamSeq };
    } catch (error) {
      if (isUnavailable(error) && o.holding() && o.signal?.aborted !== true) {
        o.log.warn({ err: error, streamSeq }, `taking over: ${stream} did not answer (a nats-server gone, the stream electing its leader); following it again`);
        attempt--; // not an attempt at the pen
        await sleep(o.pauseMs);
        await reader.stop().catch(() => undefined);
        await whenAvailable(`following ${stream} again`, () => reader.start(), { log: o.log, signal: o.signal, pauseMs: o.pauseMs, stillWanted: o.holding });
        continue;
      }
      if (!(error instanceof StreamMovedError) || attempt >= TAKEOVER_ATTEMPTS) throw error;
      o.log.info({ streamSeq, attempt }, `${stream} moved on while taking over (an old leader's last records): applying them first`);
      if (attempt > 1 && o.paceMs > 0) await sleep(o.paceMs);
      await reader.start();
    }
  }
}
