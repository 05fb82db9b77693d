/**
 * The running exchange: recovers the engine from the journal under the data
 * directory, starts the sequencer, keeps the demo contracts listed on their
 * schedule and GTD orders expiring on time, and stops cleanly.
 *
 * Composed of the components under ./components/, each started with what it
 * depends on; they close in the reverse order of their start (Closers).
 */
import type { Engine, Journal, Sequencer } from '../engine/index.js';
import type { Config } from './config.js';
import type { Gateway, MountedRoute } from '../gateway/index.js';
import type { Settlement } from '../settlement/index.js';
import type { Logger } from '../runtime/log.js';
import type { AlarmBoard, OperatorApi, OperatorCredentials } from '../operator/index.js';
import type { QuotingService } from '../quoting/index.js';
import type { JournalModels } from '../read-models/journal-following.js';
import { confirmDelivery, type ConfirmOutcome, type GrantLedger } from '../grants/index.js';
import type { ReplicationNode } from '../replication/index.js';
import { DeliveryRefusals, type SubscriptionLedger } from '../subscriptions/index.js';
import type { Catalog } from '../catalog/index.js';
import { DEFAULT_INTAKE_LIMITS, IntakePool } from '../intake/index.js';
import { connectionsWithin, openFileLimit } from '../runtime/open-files.js';
import type { Washing } from '../washing/index.js';
import type { IdentityStore } from '../providers/index.js';
import { watchAlarms } from './components/alarm-watch.js';
import { startCatalog } from './components/catalog.js';
import { Closers } from './components/closers.js';
import { openDashboards, type Dashboards } from './components/dashboards.js';
import { openDataDir } from './components/data-dir.js';
import { watchDiskSpace } from './components/disk-space.js';
import { takeFirstTurns } from './components/first-turns.js';
import { openGateway } from './components/gateway.js';
import { grantDomainAhead } from './components/grant-ledger.js';
import { holdGrants } from './components/grants.js';
import { serviceHealthProbes } from './components/health.js';
import { syncIdentities } from './components/identities.js';
import { listingSchedule, logSeries } from './components/listing-schedule.js';
import { closeSessionsOnRevoke, startOperatorApi } from './components/operator.js';
import { startQuoter } from './components/quoting.js';
import { openReadModels } from './components/read-models.js';
import { holdBackgroundThreads } from './components/background.js';
import { holdRealtimePriority } from './components/realtime.js';
import { raiseTailSetAside, recoverEngine } from './components/recovery.js';
import { awaitLeading, relayOptionModels } from './components/replication.js';
import { startSequencer } from './components/sequencer.js';
import { holdSettlement } from './components/settlement.js';
import { openStores } from './components/stores.js';
import { startClockwork } from './components/timers.js';
import { StartSteps } from './components/start-steps.js';

export { SyntheticMarking } from './components/synthetic-marking.js';
import { warmOrderPath } from './order-path-warm-up.js';

export interface Service {
  readonly engine: Engine;
  readonly sequencer: Sequencer;
  readonly gateway: Gateway;
  /** Where what strangers send is read (src/intake/): its workers start with the first request, the first /readyz, or `intake.ready()`; /readyz is 503 until each is warm. */
  readonly intake: IntakePool;
  readonly journal: Journal;
  /** The broker's quoter (undefined when `quoting.enabled` is false). */
  readonly quoting: QuotingService | undefined;
  /** On-chain settlement; undefined when disabled or when it could not start (the exchange trades on; see the log). */
  readonly settlement: Settlement | undefined;
  /** The operator API (also mounted at /operator/ on the gateway). */
  readonly operatorApi: OperatorApi;
  /** Named operators and their credentials. */
  readonly credentials: OperatorCredentials;
  /** The alarms raised since start (GET /operator/alarms): settlement's, and those derived from events and health. */
  readonly alarms: AlarmBoard;
  /** Listings, samples, quality and trust (src/catalog/). */
  readonly catalog: Catalog;
  /** Providers' and consumers' figures over time, and each listing's sampled trust (src/dashboards/). */
  readonly dashboards: Dashboards;
  /** Providers' identity records and their audit (src/providers/; the engine holds only the verified flag). */
  readonly identities: IdentityStore;
  /** The access-grant ledger, once grants are issued (after settlement starts). */
  grants(): GrantLedger | undefined;
  /** The read models derived from the journal, fed as one set (src/read-models/journal-following.ts): their seqs and what they replayed. */
  readonly readModels: JournalModels;
  /** This node of a replicated group (config.replication); undefined when replication is off. */
  readonly replication: ReplicationNode | undefined;
  /**
   * Resolves with the reason if this node stops leading its replicated group (lease lost,
   * fenced by a newer leader): the sequencer has halted, the process must stop and come back
   * as a standby. Never resolves without replication.
   */
  readonly deposed: Promise<string>;
  /** Why this node stopped leading, once it has (read at once, where `deposed` would answer a turn later). */
  readonly deposedReason: () => string | undefined;
  /** Brings listings, forward deliveries and expiries up to date now (a timer does it every `scheduleIntervalMs`). */
  runSchedule(): Promise<void>;
  /**
   * A consumer's verified delivery receipt says `deliveredQty` rights of grant `grantId` were
   * delivered in all: confirms the rest (CONFIRM_DELIVERY), releasing its held proceeds to the
   * provider (src/grants/escrow.ts). Cumulative, so a repeated receipt confirms nothing more.
   */
  confirmDelivery(grantId: number, deliveredQty: number): Promise<ConfirmOutcome>;
  /** Submits the escrow releases and claim resolutions due now (a timer does it every ESCROW_SWEEP_INTERVAL_MS). */
  sweepEscrow(): Promise<void>;
  /** Submits RUN_SUBSCRIPTIONS while subscriptions are due (the timer's step; tests call it with their clock). */
  runSubscriptions(): Promise<void>;
  /** Hands webhook subscriptions' new grants to their providers' gates (the courier's timer step). */
  deliverSubscriptions(): Promise<void>;
  /** The subscription ledger (docs/subscriptions.md). */
  subscriptions(): SubscriptionLedger | undefined;
  /** Washing (src/washing/): wallet links, the guard and its flags, the PAT transfer watcher; with the grant ledger. */
  washing(): Washing | undefined;
  /** Stops timers, journals what is queued, takes a snapshot, closes the journal. */
  stop(): Promise<void>;
}

export interface ServiceExtras {
  /** HTTP routes other modules mount on the gateway (operator API, statements). */
  routes?: readonly MountedRoute[];
  /** Aborts a start that is still waiting (a standby waiting to lead): startService then throws ReplicationAbortedError. */
  signal?: AbortSignal;
  /**
   * Run `config.warmUpOrders` orders through scratch copies of the order path before opening
   * (src/app/order-path-warm-up.ts): `npm start` asks for it; tests and embedders choose. Right
   * before the gateway listens, after everything else has started (code warmed earlier is
   * deoptimised again by what starting does); a replicated node warms while a standby, before
   * it waits to lead, so a takeover pays nothing for it.
   */
  warmUp?: boolean;
}

export async function startService(configured: Config, logger: Logger, clock: () => number = Date.now, extras: ServiceExtras = {}): Promise<Service> {
  const log = logger.child({ module: 'service' });
  const config = withinOpenFiles(configured, log);
  const closers = new Closers(log);
  try {
    const { journal } = closers.add('data dir', openDataDir(config, log));
    closers.add('real-time priority', holdRealtimePriority(config, log));
    closers.add('background threads', holdBackgroundThreads(config, log));
    const { engine, setAside } = await recoverEngine(config, journal, logger, log);
    const stores = closers.add('stores', await openStores(config, engine, log));
    raiseTailSetAside(stores.alarms, setAside);
    // Before the read models: washing closes after the grant ledger, which closes with them.
    const grants = closers.add('grants', holdGrants());
    const readModels = closers.add('read models', await openReadModels({ config, logger, log, journal, engine, catalogStore: stores.catalogStore, clock, grantDomain: grantDomainAhead(config) }));
    const models = readModels.models;
    // What a stranger sends is read here, off the engine's thread: HTTP bodies, signatures, samples (src/intake/).
    const intake = closers.add('intake', new IntakePool({ ...DEFAULT_INTAKE_LIMITS, workers: config.gateway.intakeWorkers }, logger.child({ module: 'intake' })));
    if (extras.warmUp === true && config.replication.enabled) await warmOrderPath(config, log);
    // The courier's refusals of listings' endpoints, kept for their providers and the operator in the subscriptions' store (a restart shows them again):
    // the clockwork's courier notes them, the catalog's routes (the provider's and the operator's) show them; a standby keeps the leader's (replication).
    const deliveryRefusals = DeliveryRefusals.openIn(readModels.subscriptions.model.env);
    const replication = closers.add('replication', await awaitLeading({ config, logger, log, engine, journal, intake, stores, readModels: models, grants: readModels.grantsAhead, deliveryRefusals, signal: extras.signal }));
    // From here to the gateway's listening, each step is timed: a takeover's work before its first order.
    const steps = new StartSteps();
    const running = closers.add('sequencer', startSequencer({ config, logger, log, engine, journal, replication: replication.node, readModels: models, clock }));
    const { sequencer } = running;
    // Before the first submit: the market data the standby kept current goes on from the sequencer's first turn.
    replication.followSequencer(sequencer);
    steps.done('sequencer');
    const { space } = closers.add('disk space', watchDiskSpace(config, sequencer, logger));
    await takeFirstTurns(sequencer, engine, log);
    steps.done('firstTurns');
    const schedule = listingSchedule(config, engine, sequencer, clock, log);
    await schedule.run();
    logSeries(engine, log);
    steps.done('schedule');
    const { quoting } = closers.add('quoting', await startQuoter(config, engine, sequencer, journal, readModels, clock, logger));
    schedule.centreStrikesOn(quoting);
    steps.done('quoter');
    const catalog = await startCatalog({ config, log, store: stores.catalogStore, engine, sequencer, clock, space, intake, trades: readModels.trades, purchases: readModels.purchases });
    await syncIdentities(stores.identities, engine, sequencer, log);
    steps.done('catalog');
    const dashboards = closers.add('dashboards', openDashboards({ config, log, engine, catalog, figures: readModels.dashboards, clock }));
    // Before the gateway and the operator API: its routes, metrics, health and the fee sweep look settlement up; it stops once the gateway has closed.
    const settlement = closers.add('settlement', holdSettlement(config));
    const operator = startOperatorApi({ engine, sequencer, quoting, audit: readModels.audit, stores, clock, catalog, grants: grants.ledger, washing: grants.washing, marketHistory: readModels.marketHistory, treasury: () => settlement.current()?.treasury() ?? Promise.resolve(undefined), deliveryRefusalOf: (listingId) => deliveryRefusals.lastOf(listingId) });
    steps.done('operatorApi');
    if (extras.warmUp === true && !config.replication.enabled) {
      await warmOrderPath(config, log);
      steps.done('warmUp');
    }
    const healthProbes = serviceHealthProbes({ fatal: running.fatal, journal, space, durability: config.durability, quoting, settlementEnabled: config.settlement.enabled, settlement });
    const gateway = await openGateway({ config, logger, clock, engine, sequencer, intake, stores, replication, readModels: models, space, quoting, catalog, purchases: readModels.purchases, trades: readModels.trades, accountFills: readModels.accountFills, orders: readModels.orders, statement: readModels.statement, publishedIndexes: readModels.publishedIndexes, subscriptions: readModels.subscriptions, deliveryRefusals, grants: grants.ledger, settlement, operatorRoute: operator.route, healthProbes, extraRoutes: [...dashboards.routes, ...(extras.routes ?? [])] });
    // The intake closes right behind the gateway, before the sequencer stops: no request's job is left (its own closer then finds it closed).
    closers.add('gateway', { close: () => gateway.close().then(() => intake.close()) });
    steps.done('gateway');
    steps.logAccepting(log, replication.node !== undefined);
    closers.add('option relay', relayOptionModels(config, gateway, logger));
    closeSessionsOnRevoke(stores.credentials, gateway, log);
    const clockwork = closers.add('timers', startClockwork({ config, log, engine, sequencer, clock, catalog, schedule, subscriptions: readModels.subscriptions, grants: grants.ledger, deliveryRefusals }));
    await settlement.start({ config, logger, log, engine, sequencer, journal, alarms: stores.alarms });
    closers.add('alarm watch', watchAlarms(stores.alarms, engine, sequencer, gateway, quoting, settlement));
    closers.add('grant sweep', grants.issue({ config, engine, sequencer, clock, log, readModels, catalog, alarms: stores.alarms, settlement: settlement.current(), replication: replication.node }));
    return {
      engine,
      sequencer,
      gateway,
      journal,
      quoting,
      settlement: settlement.current(),
      operatorApi: operator.api,
      identities: stores.identities,
      credentials: stores.credentials,
      alarms: stores.alarms,
      catalog,
      dashboards,
      intake,
      replication: replication.node,
      deposed: running.deposed,
      deposedReason: running.deposedReason,
      grants: grants.ledger,
      readModels: models,
      runSchedule: () => schedule.run(),
      confirmDelivery: (grantId, deliveredQty) => confirmDelivery(engine, sequencer, grantId, deliveredQty),
      sweepEscrow: clockwork.sweepEscrow,
      runSubscriptions: clockwork.runSubscriptions,
      deliverSubscriptions: clockwork.deliverSubscriptions,
      subscriptions: () => readModels.subscriptions,
      washing: grants.washing,
      async stop() {
        await closers.close();
        log.info({ seq: engine.lastSeq, stateHash: running.fatal() === undefined ? sequencer.stateHash() : 'unknown' }, 'stopped');
      },
    };
  } catch (error) {
    // What was started is closed; the start's own error is the one thrown.
    await closers.closeAfterFailedStart();
    throw error;
  }
}

/** The config with each endpoint's connection cap lowered to what the process's open files allow (src/runtime/open-files.ts), said in the log. */
function withinOpenFiles(config: Config, log: Logger): Config {
  const limit = openFileLimit();
  const maxConnections = connectionsWithin(config.gateway.maxConnections, limit);
  if (maxConnections === config.gateway.maxConnections) return config;
  log.info(
    { openFileLimit: limit, configured: config.gateway.maxConnections, maxConnections },
    `the process may open ${limit} files (ulimit -n): each WebSocket endpoint takes at most ${maxConnections} connections, not ${config.gateway.maxConnections}, so that clients cannot take the files the journal, the stores and the chain's RPC need; raise the limit (ulimit -n, docker run --ulimit nofile=…) to allow more`,
  );
  return { ...config, gateway: { ...config.gateway, maxConnections } };
}
