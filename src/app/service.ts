/**
 * The running exchange: recovers the engine from the journal under the data
 * directory, starts the sequencer, keeps the demo contracts listed on their
 * schedule and GTD orders expiring on time, and stops cleanly.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CommandKind,
  CURRENT_RULES,
  DeliveryPhase,
  EventType,
  Journal,
  recover,
  rejectReasonName,
  Role,
  scheduleCommands,
  Sequencer,
  SeriesKind,
  SeriesStatus,
  enumName,
  SYSTEM_ACTOR,
  type Command,
  type DeliverForwards,
  type Engine,
  type ListedSeriesView,
} from '../engine/index.js';
import { modelFeedBurnInMs, type Config } from './config.js';
import { DEFAULT_SETTLEMENT_INDEX_PARAMS } from '../settlement-index/index.js';
import { DataDirLock } from './data-dir-lock.js';
import { secureDataDir } from './data-dir-mode.js';
import { refuseDevKeysOffLocalChain } from './dev-keys.js';
import { WebhookAllowance } from '../gate/index.js';
import { Gateway, gatewayTransport, MarketDataThread, PublishedIndexes, TradeHistory, tradeRoutes, type MountedRoute, type SpawnedMarketData } from '../gateway/index.js';
import { mcpRoute, queryText } from '../mcp/index.js';
import { Participants, payoutsHandler, readRuntime, reconciliationHandler, SETTLEMENT_OPERATIONS, settlementMetricsText, startSettlement, statusHandler, type Settlement, type StatementRedemption } from '../settlement/index.js';
import type { Logger } from '../runtime/log.js';
import type { ComponentHealth, ComponentName, HealthProbe } from '../runtime/health.js';
import { REALTIME_BY_LOAD_LIMITS, RealtimePriorityByLoad } from '../runtime/realtime-priority.js';
import { AlarmBoard, AlarmHistory, ALARM_LIMITS, AlarmWatch, AuditTrail, createOperatorApi, OperatorCredentials, OPERATOR_OPERATIONS, weakTokenReason, WeakOperatorTokenError, withRequiredRole, type OperatorApi } from '../operator/index.js';
import { optionRoutes, QuoterEstimatesModel, startQuotingService, windowStrikes, type QuotingService } from '../quoting/index.js';
import { DEFAULT_QUOTING_PARAMS } from '../quoting/params.js';
import { JournalModels } from '../read-models/journal-following.js';
import {
  claimFiler,
  confirmDelivery,
  decideDispute,
  DISPUTE_OPERATIONS,
  disputeOperatorRoute,
  type DisputeDesk,
  recordEvidence,
  ESCROW_SWEEP_INTERVAL_MS,
  EscrowSweeper,
  escrowView,
  GRANT_DOMAIN_NAME,
  GRANT_DOMAIN_VERSION,
  GRANT_PROGRESS_SAVE_MS,
  GRANT_SWEEP_MS,
  GrantLedger,
  GrantSigner,
  grantRoutes,
  ZERO_ADDRESS,
  type ConfirmOutcome,
  type GrantDomain,
} from '../grants/index.js';
import { ReplicationNode, StandbyServer, StandbyWatch, startOptionModelRelay } from '../replication/index.js';
import { DataDirSpace } from './data-dir-space.js';
import { checkPushAuthorisation, COURIER_INTERVAL_MS, subscribeBody, SubscriptionCourier, SUBSCRIPTION_RUN_INTERVAL_MS, SubscriptionLedger, SubscriptionRunner, subscriptionRoutes } from '../subscriptions/index.js';
import { Catalog, CatalogStore, CATALOG_OPERATOR_OPERATIONS, FEED_SWEEP_INTERVAL_MS, catalogOperatorRoute, catalogRoutes, PURCHASE_PROGRESS_SAVE_MS, PurchaseLedger, rightsReceived, UPLOAD_BODY_BYTES, type SampleWork } from '../catalog/index.js';
import { DEFAULT_INTAKE_LIMITS, IntakePool, type Intake } from '../intake/index.js';
import { startWashing, washFlagsRoute, WASHING_OPERATIONS, type Washing } from '../washing/index.js';
import { IdentityStore, PROVIDER_IDENTITY_OPERATIONS, providerIdentityRoute, syncVerification } from '../providers/index.js';

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

const CATALOG_TRUST_INTERVAL_MS = 600_000;

export interface ServiceExtras {
  /** HTTP routes other modules mount on the gateway (operator API, statements). */
  routes?: readonly MountedRoute[];
  /** Aborts a start that is still waiting (a standby waiting to lead): startService then throws ReplicationAbortedError. */
  signal?: AbortSignal;
}

export async function startService(config: Config, logger: Logger, clock: () => number = Date.now, extras: ServiceExtras = {}): Promise<Service> {
  const log = logger.child({ module: 'service' });
  // Before anything is opened: a refusal here changes nothing (docs/security.md, "Secrets and deployment").
  refuseDevKeysOffLocalChain(config);
  const modes = secureDataDir(config.dataDir);
  if (modes.changed.length > 0) log.warn({ dataDir: config.dataDir, changed: modes.changed.slice(0, 50), count: modes.changed.length }, 'data dir permissions tightened: directories 700, files 600');
  if (!modes.umaskSet) log.warn('not the main thread: the umask cannot be set, new files under the data dir may be readable by others');
  const lock = DataDirLock.take(config.dataDir);
  let journal: Journal;
  try {
    journal = Journal.open(config.dataDir, { durability: config.durability });
  } catch (error) {
    lock.release();
    throw error;
  }
  const realtime = config.engineRealtimePriority > 0 ? holdRealtimePriority(config, log) : undefined;
  let recovered;
  try {
    if (config.replication.enabled) await ReplicationNode.dropUnreplicatedTail(config.replication, journal, logger.child({ module: 'replication' }));
    recovered = recover(journal);
  } catch (error) {
    realtime?.stop();
    await journal.close();
    lock.release();
    throw error;
  }
  const { engine } = recovered;
  // Opened before replication: a standby applies the catalog stream to them while it waits to lead.
  const credentials = OperatorCredentials.open(config.dataDir, operatorToken(config, log), () => bootstrapOperatorAccount(engine));
  const catalogStore = CatalogStore.open(config.dataDir);
  // Providers' identities: the operator's private record; the engine holds only the verified flag (docs/providers.md).
  const identities = IdentityStore.open(config.dataDir);
  log.info(
    { dataDir: config.dataDir, seq: engine.lastSeq, snapshotSeq: recovered.snapshotSeq, replayed: recovered.replayedCommands, stateHash: recovered.stateHash },
    'recovered',
  );
  // The read models derived from the journal, opened before replication: a standby feeds them every
  // record it applies, so they are current when it leads and a takeover replays nothing (docs/replication.md).
  // One replay here brings them all up to the journal's end, each from its own saved progress.
  const grantDomain = grantDomainAhead(config);
  let audit: AuditTrail | undefined;
  let publishedIndexes: PublishedIndexes | undefined;
  let tradeHistory: TradeHistory | undefined;
  let estimates: QuoterEstimatesModel | undefined;
  let grantsAhead: GrantLedger | undefined;
  let subscriptionLedger: SubscriptionLedger | undefined;
  const purchases = new PurchaseLedger({ store: catalogStore, engine });
  const readModels = new JournalModels(journal, engine.limits);
  // The ledgers save their progress on a timer (the others on their own), a standby's too: its restart then replays little.
  const saveLedgers = setInterval(() => {
    void purchases.saveProgress().catch((error: unknown) => log.warn({ err: error }, 'purchase ledger progress not saved'));
    void grantsAhead?.saveProgress().catch((error: unknown) => log.warn({ err: error }, 'grant ledger progress not saved'));
  }, Math.min(PURCHASE_PROGRESS_SAVE_MS, GRANT_PROGRESS_SAVE_MS));
  const closeReadModels = async (): Promise<void> => {
    clearInterval(saveLedgers);
    await purchases.saveProgress();
    await publishedIndexes?.close();
    await tradeHistory?.close();
    await estimates?.close();
    await grantsAhead?.close();
    await subscriptionLedger?.close();
    await audit?.close();
  };
  try {
    audit = AuditTrail.create(config.dataDir);
    publishedIndexes = PublishedIndexes.create(config.dataDir);
    tradeHistory = TradeHistory.create(config.dataDir);
    subscriptionLedger = SubscriptionLedger.create(config.dataDir);
    if (config.quoting.enabled) estimates = QuoterEstimatesModel.open(config.dataDir, journal, DEFAULT_QUOTING_PARAMS, engine.brokerId, logger.child({ module: 'quoting' }));
    // Signed while following only where the domain is known before leading (settlement off, or its contracts configured).
    if (grantDomain !== undefined) grantsAhead = openGrantLedger(config, engine, clock, grantDomain, log);
    const startedMs = performance.now();
    const replayed = readModels.open({
      audit,
      purchases,
      publishedIndexes: publishedIndexes.model,
      trades: tradeHistory.model,
      subscriptions: subscriptionLedger.model,
      ...(estimates === undefined ? {} : { quoterEstimates: estimates }),
      ...(grantsAhead === undefined ? {} : { grants: grantsAhead }),
    });
    log.info({ seq: engine.lastSeq, replayed, elapsedMs: Math.round(performance.now() - startedMs) }, 'read models caught up with the journal');
  } catch (error) {
    await closeReadModels().catch(() => undefined);
    realtime?.stop();
    await catalogStore.close();
    await identities.close();
    await journal.close();
    lock.release();
    throw error;
  }
  // What a stranger sends is read here, off the engine's thread: HTTP bodies, signatures, samples (src/intake/).
  const intake = new IntakePool({ ...DEFAULT_INTAKE_LIMITS, workers: config.gateway.intakeWorkers }, logger.child({ module: 'intake' }));
  // Replicated: wait as a standby until this node leads, then write through the replicated journal.
  let replication: ReplicationNode | undefined;
  let marketDataSpawned: SpawnedMarketData | undefined;
  let gatewayConfig = config.gateway;
  let standby: StandbyServer | undefined;
  if (config.replication.enabled) {
    const watch = new StandbyWatch(config.replication.node, engine);
    try {
      // Until this node leads, its gateway's port answers health and NOT_LEADER (clients move on to the leader).
      standby = await StandbyServer.start({ host: config.gateway.host, port: config.gateway.port, security: gatewayTransport(config.gateway), status: () => watch.status(), log: logger.child({ module: 'replication' }) });
      // Port 0: the gateway takes the port the standby had, so the node keeps one address.
      if (gatewayConfig.port === 0) gatewayConfig = { ...gatewayConfig, port: standby.port };
      // The market-data thread and the intake's workers (every login's signature is checked there) load while
      // this node waits: a failover does not wait for them (booting the workers took 3.4 s of one under load).
      marketDataSpawned = MarketDataThread.spawn(gatewayConfig, logger);
      void intake.ready();
      replication = await ReplicationNode.lead(config.replication, engine, journal, logger.child({ module: 'replication' }), {
        signal: extras.signal,
        watch,
        catalog: { store: catalogStore, credentials, identities },
        // Every record applied, with its events, to the read models: current when this node leads.
        onApplied: (batch) => readModels.take(batch),
      });
    } catch (error) {
      await standby?.close();
      await marketDataSpawned?.discard();
      await intake.close();
      realtime?.stop();
      await closeReadModels().catch(() => undefined);
      await catalogStore.close();
      await identities.close();
      await journal.close();
      lock.release();
      throw error;
    }
    // What the read models would replay now: nothing, each having taken every record this standby applied.
    const behind = Object.fromEntries(Object.entries(readModels.seqs()).map(([name, seq]) => [name, Math.max(0, engine.lastSeq - seq)]));
    log.info({ node: config.replication.node, epoch: replication.epoch, ack: config.replication.ack, seq: engine.lastSeq, readModelsBehind: behind }, 'leading the replicated group');
  }
  let fatal: unknown;
  const sequencer = new Sequencer(engine, replication?.journal ?? journal, clock, config.sequencer, (error) => {
    fatal = error;
    log.fatal({ err: error }, 'sequencer stopped: the state is no longer journaled; restart to recover');
  });
  // Before the first submit: the read models hear every released turn from here (bootstrap included).
  readModels.follow(sequencer);
  const space = new DataDirSpace({ dir: config.dataDir, ...config.disk, onRefusal: (refusal) => sequencer.setDiskRefusal(refusal), log: logger.child({ module: 'disk' }) });
  space.start();
  let markDeposed: (reason: string) => void = () => undefined;
  let deposedReason: string | undefined;
  const deposed = new Promise<string>((resolve) => (markDeposed = resolve));
  replication?.onDeposed((reason) => {
    log.fatal({ alarm: 'deposed', reason }, 'this node no longer leads: no command is journaled or acknowledged here any more');
    sequencer.halt(new Error(`deposed: ${reason}`));
    deposedReason = reason;
    markDeposed(reason);
  });
  const auditTrail = audit!;
  const seqLog = logger.child({ module: 'sequencer' });
  sequencer.onRelease((batch) => seqLog.debug({ firstSeq: batch.firstSeq, commands: batch.commands.length, events: batch.events.length }, 'released'));

  await adoptCurrentRules(sequencer, engine, log);
  await submitAll(sequencer, bootstrapCommands(engine));
  let scheduling = false;
  // The quoter starts after the first schedule pass; until then no strike grid has a centre.
  let expectedIndex: (spotSeriesId: number) => number | undefined = () => undefined;
  const runSchedule = async (): Promise<void> => {
    if (scheduling) return; // a forward delivery can outlast the timer's period
    scheduling = true;
    try {
      const listed = listedSeries(engine);
      const cmds = scheduleCommands(config.contracts, listed, clock(), undefined, engine.governancePhase, (spot) => optionStrikes(engine, spot, expectedIndex(spot.seriesId), listed, config.maxStrikesPerExpiry));
      const deliveries = cmds.filter((c): c is DeliverForwards => c.kind === CommandKind.DELIVER_FORWARDS);
      await submitAll(sequencer, cmds.filter((c) => c.kind !== CommandKind.DELIVER_FORWARDS));
      for (const d of deliveries) await deliverForward(sequencer, d, log);
    } finally {
      scheduling = false;
    }
  };
  await runSchedule();
  logSeries(engine, log);
  // With settlement on, the broker's float is a real deposit into the vault (made on a fresh local
  // chain, credited by the chain watcher), never an off-chain credit the vault would not match.
  const quotingConfig = config.settlement.enabled ? { ...config.quoting, brokerFloatPat: 0 } : config.quoting;
  const quoting = await startQuotingService(quotingConfig, engine, sequencer, clock, logger.child({ module: 'quoting' }), {
    journal,
    dataDir: config.dataDir,
    ...(estimates === undefined ? {} : { estimates, replayedCommands: readModels.replayed.get('quoterEstimates') ?? 0 }),
  });
  expectedIndex = (spotSeriesId) => quoting?.expectedIndexMicros(spotSeriesId);

  const catalog = new Catalog({
    store: catalogStore,
    engine,
    sequencer,
    clock,
    diskLow: () => space.lowReason(),
    sampleWork: sampleWorkOn(intake),
    quotas: config.catalog,
    disk: { freeBytes: () => space.freeBytes(), lowFreeBytes: config.disk.lowFreeBytes },
    // Model feeds' outcomes and the price of a right come from the exchange's own trades.
    trades: tradeHistory!,
    modelFeedBurnInMs: modelFeedBurnInMs(config),
  });
  // A listing change stored just before a crash may not have reached the engine: repair it now.
  const repaired = await catalog.syncProviderListings();
  if (repaired > 0) log.info({ changes: repaired }, 'provider listings brought in line with the catalog');
  // Model feeds' signals whose deadline passed while the service was down are settled now, not at the first hourly sweep.
  try {
    catalog.feeds.sweep();
  } catch (error) {
    log.warn({ err: error }, 'model feed sweep failed');
  }
  // The purchases taken before the catalog existed (replayed, or a standby's) name their listings now.
  purchases.resolveListings((segment, atMs) => catalog.liveVersionsAt(segment, atMs));
  // Settlement indexes with their computation (GET /v1/series/{id}/settlement) and every trade (GET /v1/trades), derived from the journal.
  const indexes = publishedIndexes!;
  const trades = tradeHistory!;
  // Alarms by the wall clock: when an operator saw them, not the engine's stamped time. The board and its
  // history are kept in <dataDir>/alarms across restarts (docs/alarms.md).
  const alarmHistory = AlarmHistory.open(config.dataDir);
  const alarms = new AlarmBoard(Date.now, ALARM_LIMITS.maxAlarms, alarmHistory);
  const identitySync = await syncVerification({ store: identities, engine, sequencer });
  if (identitySync.sent > 0) log.info({ changes: identitySync.sent }, 'provider verifications brought in line with the identity store');
  if (identitySync.unrecorded.length > 0) log.warn({ accounts: identitySync.unrecorded }, 'providers verified in the engine have no identity record on this node');
  // Disputes of evidenced deliveries (rules 5): the engine knows which are open; the operator decides them.
  const disputeDesk: DisputeDesk = {
    open: () => [...engine.escrow.grants.values()].filter((g) => g.disputed).map((g) => g.grantId),
    decide: async (actor, grantId, refundQty, charge) => {
      const r = await decideDispute(sequencer, actor, grantId, refundQty, charge);
      return 'refused' in r ? r : { resolved: r.resolved, upheldQty: r.decided.upheldQty };
    },
  };
  const operatorApi = createOperatorApi({
    engine,
    sequencer,
    quoting,
    audit: auditTrail,
    credentials,
    clock,
    alarms,
    alarmHistory,
    catalogRoute: (req) => catalogOperatorRoute(catalog, req),
    providersRoute: (req) => providerIdentityRoute({ store: identities, engine, sequencer, clock }, req),
    disputesRoute: (req) => disputeOperatorRoute(grants, disputeDesk, req),
    washingRoute: (req) => washFlagsRoute(() => washing?.guard, req),
  });
  const operatorRoute: MountedRoute = {
    // The operator API's rows, the catalog's moderation, the providers' identities, disputes and wash flags: one handler, one role table (requiredRole).
    operations: [...OPERATOR_OPERATIONS, ...CATALOG_OPERATOR_OPERATIONS, ...PROVIDER_IDENTITY_OPERATIONS, ...DISPUTE_OPERATIONS, ...WASHING_OPERATIONS].map(withRequiredRole),
    maxBodyBytes: UPLOAD_BODY_BYTES, // a reference sample (POST /operator/listings/{id}/reference) is as large as a sample
    handle: (req) => operatorApi.handle({ method: req.method, path: req.path, body: req.body, query: req.query, operator: req.principal, operatorAccountId: req.accountId }),
  };
  // Settlement starts after the gateway (it may wait for a chain); its routes look it up when asked.
  let settlement: Settlement | undefined;
  // Starts with the grant ledger (below); the operator's wash flags look it up when asked.
  let washing: Washing | undefined;
  let settlementError: unknown;
  let settlementStarting = config.settlement.enabled;
  // Grants are issued once the chain's domain is known (after settlement starts); their routes and acks look them up.
  let grants: GrantLedger | undefined;
  const healthProbes = serviceHealthProbes({ fatal: () => fatal, journal, space, durability: config.durability, quoting, settlementEnabled: config.settlement.enabled, settlement: () => settlement, settlementError: () => (settlementStarting ? STARTING : settlementError) });
  /** Whether the exchange lists this spot contract: a subscription to any other is refused (HTTP and WebSocket). */
  const listsContract = (contract: string): boolean => config.contracts.some((c) => c.contract === contract);
  let gateway: Gateway;
  try {
    // The standby's server lets go of the port (and of every connection) just before the gateway binds it.
    await standby?.close();
    gateway = await Gateway.start({
      config: gatewayConfig,
      intake,
      operatorAuth: (token) => credentials.authenticate(token),
      sequencer,
      logger,
      clock,
      listingSegment: (id) => {
        const listing = catalog.find(id);
        return listing !== undefined && catalog.isPublic(listing) ? listing.segment : undefined;
      },
      routes: [operatorRoute, optionRoutes(() => quoting), ...tradeRoutes(trades, (id) => engine.seriesById(id) !== undefined), ...catalogRoutes(catalog, purchases), ...grantRoutes(() => grants, (seq) => settledBatchOf(settlement, seq), claimFiler(sequencer), clock, (grant, records) => catalog.checkConformance(grant.signed.grant.listingId, grant.signed.grant.listingVersion, records, grant.signed.grant.grantId)), ...subscriptionRoutes({
        engine,
        sequencer,
        ledger: () => subscriptionLedger,
        listsContract,
        checkAuthorisation: (accountId, url, delivery) => checkPushAuthorisation(engine, grants?.signer.domain, accountId, url, delivery.authorisation, clock()),
        webhookAllowance: new WebhookAllowance(config.subscriptions.webhookAllow),
      }), ...settlementRoutes(() => settlement, engine, config.settlement.publicRpcUrl, config.settlement.confirmations, () => grants, (name) => credentials.rolesOf(name).includes('risk'), (accountId) => identities.verifiedAt(accountId)), mcpRoute(() => (path, query) => gateway.http.publicGet(path, new URLSearchParams(queryText(query).slice(1)))), ...(extras.routes ?? [])],
      grantsOf: () => (grants === undefined ? undefined : (e, timeMs) => grants!.signedGrantsOf(e, timeMs)),
      // CreateSubscription over WebSocket is held to POST /v1/subscriptions' terms.
      subscriptions: { terms: subscribeBody, listsContract },
      // Public: market figures and the service's health. The broker's book, its risk limits and the alarms are the operator's (GET /operator/metrics).
      metricsLines: () => [catalog.metrics(), readModels.metricsText(), space.metricsText(), intake.metricsText(), gateway.http.metricsText(), settlementMetricsText({ enabled: config.settlement.enabled, starting: settlementStarting, settlement, engine }), replication?.metricsText() ?? ''],
      healthProbes: () => healthProbes,
      role: () => replication?.status().role ?? 'standalone',
      marketDataSpawned,
      optionModels: quoting, // the OPTION market-data channel: the quoter's option models
      publishedIndexes: indexes,
    });
  } catch (error) {
    realtime?.stop();
    await intake.close();
    await quoting?.close();
    await sequencer.stop();
    await closeReadModels();
    await catalogStore.close();
    await identities.close();
    await alarmHistory.close();
    await journal.close();
    lock.release();
    throw error;
  }

  // The OPTION channel's models go to the group's market-data edges beside the journal stream (they are not journaled).
  const optionRelay = config.replication.enabled ? startOptionModelRelay(config.replication, gateway.marketData, logger) : undefined;

  // A revoked operator keeps no open session: its order-entry sessions close at once.
  credentials.onRevoked((op) => {
    const closed = gateway.closeSessionsOf(op.accountId, `operator '${op.name}' was revoked`);
    log.info({ operator: op.name, closedSessions: closed }, 'operator revoked');
  });
  const markSynthetics = new SyntheticMarking(log);
  const escrowSweeper = new EscrowSweeper(log.child({ part: 'escrow' }));
  const sweepEscrow = (): Promise<void> => escrowSweeper.due(engine, sequencer, clock());
  const subscriptionRunner = new SubscriptionRunner(engine, sequencer, clock, log.child({ part: 'subscriptions' }));
  const courier = new SubscriptionCourier({
    ledger: subscriptionLedger!,
    grants: () => grants,
    endpointOf: (listingId, version) => catalog.find(listingId)?.versions.find((v) => v.version === version)?.deliveryEndpoint,
    clock,
    log: log.child({ part: 'subscription-courier' }),
  });
  const timers = [
    // Escrow's time-based steps (rules 3): releases after the dispute window, refunds after a claim's grace.
    setInterval(() => void sweepEscrow(), ESCROW_SWEEP_INTERVAL_MS),
    // Subscriptions buy each new window within about a second of its listing or open (docs/subscriptions.md).
    setInterval(() => void subscriptionRunner.tick(), SUBSCRIPTION_RUN_INTERVAL_MS),
    // Webhook subscriptions: each exercise's grants handed to their providers' gates, which push the records.
    setInterval(() => void courier.sweep(), COURIER_INTERVAL_MS),
    setInterval(() => void runSchedule().catch((error: unknown) => log.error({ err: error }, 'listing schedule failed')), config.scheduleIntervalMs),
    setInterval(() => expireDueOrders(engine, sequencer, clock()), config.expiryIntervalMs),
    // Synthetics are marked once a minute, just after each sample instant (docs/synthetics.md).
    setInterval(() => markSynthetics.due(engine, sequencer, clock()), MARK_CHECK_INTERVAL_MS),
    // Reliability moves with time: the segments' trust is re-journaled when it moved.
    setInterval(() => void catalog.publishSegmentTrust().catch((error: unknown) => log.warn({ err: error }, 'segment trust not journaled')), CATALOG_TRUST_INTERVAL_MS),
    // Model feeds: signals past their deadline settled, old ones folded, performance and drift recomputed (docs/catalog.md, "Model feeds").
    setInterval(() => {
      try {
        catalog.feeds.sweep();
      } catch (error) {
        log.warn({ err: error }, 'model feed sweep failed');
      }
    }, FEED_SWEEP_INTERVAL_MS),
  ];
  // Settlement: a failure to reach the chain is logged as an alarm; the exchange keeps trading without it.
  if (config.settlement.enabled) {
    try {
      // Settlement times its batches and retries by the wall clock, not by the engine's stamped time.
      settlement = await startSettlement({ config: config.settlement, dataDir: config.dataDir, engine, sequencer, journal, logger, alarms, brokerFloatPat: config.quoting.brokerFloatPat });
    } catch (error) {
      settlementError = error;
      log.error({ alarm: 'settlement-unavailable', err: error }, 'settlement did not start; trading continues, deposits and batches wait');
      alarms.raise('settlement-unavailable', { summary: `settlement did not start: ${describeError(error)}; trading continues, deposits and batches wait for a restart`, details: { error } });
    }
    settlementStarting = false;
  }
  const settlementStartedAtMs = Date.now();
  // The alarms derived from released events and from state (halts, kill switches, MMP, health, lags).
  const alarmWatch = new AlarmWatch({
    board: alarms,
    engine,
    sequencer,
    clock: Date.now,
    probes: () => gateway.probes(), // what /readyz reports: the gateway's own probes and the service's
    quoter: quoting,
    settlementBacklog: () => {
      if (settlement === undefined) return undefined;
      return { pendingFills: settlement.settler.pending.fills, lastCutAtMs: settlement.store.lastOutbox()?.cutAtMs ?? settlementStartedAtMs };
    },
  });
  alarmWatch.start();
  // The domain names the chain and its access-rights registry; without settlement, the configured chain id and no contract.
  // Known before leading where it does not wait for settlement's deployment: the ledger has followed the journal since.
  const domain: GrantDomain = grantDomain ?? {
    name: GRANT_DOMAIN_NAME,
    version: GRANT_DOMAIN_VERSION,
    chainId: config.settlement.chainId,
    verifyingContract: settlement?.deployment.registry ?? ZERO_ADDRESS,
  };
  if (grantsAhead !== undefined) grants = grantsAhead;
  else {
    // Opened only now (its domain came with settlement's deployment): it replays the journal after its own progress.
    grants = openGrantLedger(config, engine, clock, domain, log);
    grantsAhead = grants; // closed with the other read models
    const replayed = readModels.open({ grants });
    log.info({ seq: engine.lastSeq, replayed }, 'grant ledger caught up with the journal');
  }
  const ledger = grants;
  catalog.setDeliverySource((listingId) => ledger.deliveryOf(listingId));
  catalog.setRightsReceivedSource((consumer, listingId) => rightsReceived(ledger, consumer, listingId));
  // A delivery that counts (the consumer's receipt, or the provider's report undisputed past its dispute time)
  // releases the sale proceeds held behind it (rules 3, docs/delivery.md "Escrow, claims and refunds"). The
  // count is cumulative, so a repeat confirms nothing; what a crash lost between the two is confirmed at start.
  // Evidence of delivery from both sides (rules 5) is recorded in the engine too, where it keeps a claim from refunding
  // what was delivered. Both are cumulative (a repeat submits nothing); ESCROW_CLOSED means the grant settled first.
  const submitted = (grantId: number, what: string, run: Promise<ConfirmOutcome>): void =>
    void run.then(
      (r) => (r.outcome === 'refused' && r.reason !== 'ESCROW_CLOSED' ? log.warn({ grantId, reason: r.reason }, what) : undefined),
      (error: unknown) => log.warn({ err: error, grantId }, what),
    );
  const confirmCounted = (grantId: number, counted: number): void => submitted(grantId, 'a counted delivery was not confirmed', confirmDelivery(engine, sequencer, grantId, counted));
  const recordEvidenceOf = (grantId: number, evidenced: number): void => submitted(grantId, 'delivery evidence was not recorded', recordEvidence(engine, sequencer, grantId, evidenced));
  ledger.onDeliveryCounted((e) => confirmCounted(e.grantId, e.total));
  ledger.onEvidence((e) => recordEvidenceOf(e.grantId, e.evidenced));
  // At start: what the ledger holds and a crash kept from the engine.
  for (const g of [...engine.escrow.grants.values()]) {
    void ledger.get(g.grantId).then((r) => {
      if (r === undefined) return;
      if (r.counted > g.qty - g.undeliveredQty) confirmCounted(g.grantId, r.counted);
      if ((r.evidenced ?? 0) > g.evidencedQty) recordEvidenceOf(g.grantId, r.evidenced!);
    });
  }
  // A claim is the consumer's dispute: the provider's unreceipted reports on that grant never count.
  ledger.setDisputeSource(async (grantId) => (await ledger.get(grantId))?.escrow?.claim !== undefined);
  // Dispute times and due times pass with the clock: undisputed reports start to count, unreceipted grants count undelivered.
  const sweepGrants = () => void ledger.sweep().catch((error: unknown) => log.warn({ err: error }, 'grant delivery sweep failed'));
  sweepGrants();
  timers.push(setInterval(sweepGrants, GRANT_SWEEP_MS));
  log.info({ signer: grants.signer.address, chainId: domain.chainId, verifyingContract: domain.verifyingContract }, 'access grants issued');
  // Washing (issue 73): a consumer related on-chain to a provider (PAT moved between their wallets) does not raise its trust.
  const d = settlement?.deployment;
  washing = startWashing({
    dataDir: config.dataDir,
    accounts: new Participants(engine, readRuntime(config.dataDir)?.brokerAddress),
    ledger,
    catalog,
    alarms,
    clock: Date.now,
    log,
    commonAddresses: [d?.vault, d?.token, d?.registry, d?.governance, readRuntime(config.dataDir)?.brokerAddress, engine.accounts[engine.brokerId]?.address].filter((a): a is string => a !== undefined && a !== ''),
    ...(settlement === undefined || d === undefined
      ? {}
      : { chain: { provider: settlement.provider, token: settlement.contracts.token, startBlock: d.deployBlock, confirmations: config.settlement.confirmations, pollIntervalMs: config.settlement.pollIntervalMs, maxBlockRange: config.settlement.maxBlockRange } }),
  });
  return {
    engine,
    sequencer,
    gateway,
    journal,
    quoting,
    settlement,
    operatorApi,
    identities,
    credentials,
    alarms,
    catalog,
    intake,
    replication,
    deposed,
    deposedReason: () => deposedReason,
    grants: () => grants,
    readModels,
    runSchedule,
    confirmDelivery: (grantId, deliveredQty) => confirmDelivery(engine, sequencer, grantId, deliveredQty),
    sweepEscrow,
    runSubscriptions: () => subscriptionRunner.tick(),
    deliverSubscriptions: () => courier.sweep(),
    subscriptions: () => subscriptionLedger,
    washing: () => washing,
    async stop() {
      realtime?.stop();
      for (const t of timers) clearInterval(t);
      space.stop();
      alarmWatch.stop();
      await quoting?.close();
      await optionRelay?.stop();
      await gateway.close();
      await intake.close();
      await settlement?.stop();
      if (fatal === undefined) {
        await sequencer.stop();
        await sequencer.snapshot();
      }
      // Ships what is left and hands the lease to a standby at once.
      await replication?.stop();
      await closeReadModels();
      // After the grant ledger: its last updates may still ask the guard.
      await washing?.close();
      await catalogStore.close();
      await identities.close();
      await alarmHistory.close();
      await journal.close();
      lock.release();
      log.info({ seq: engine.lastSeq, stateHash: fatal === undefined ? sequencer.stateHash() : 'unknown' }, 'stopped');
    },
  };
}

/** Marks settlement as still starting (the chain may take a while), distinct from any error. */
const STARTING = Symbol('starting');

interface ServiceHealthSources {
  fatal: () => unknown;
  journal: Journal;
  space: DataDirSpace;
  durability: string;
  quoting: QuotingService | undefined;
  settlementEnabled: boolean;
  settlement: () => Settlement | undefined;
  settlementError: () => unknown;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The journal, the quoter, the chain watcher and the settler, as /healthz and /readyz report them (src/runtime/health.ts). */
function serviceHealthProbes(h: ServiceHealthSources): Partial<Record<ComponentName, HealthProbe>> {
  const unavailable = (): ComponentHealth | undefined => {
    if (!h.settlementEnabled) return { state: 'disabled', detail: 'settlement.enabled is false' };
    const error = h.settlementError();
    if (error === STARTING) return { state: 'starting', detail: 'connecting to the chain' };
    if (h.settlement() === undefined) return { state: 'failed', detail: `settlement did not start: ${describeError(error)}` };
    return undefined;
  };
  return {
    journal: () => {
      const fatal = h.fatal();
      if (fatal !== undefined) return { state: 'failed', detail: `the last append failed: ${describeError(fatal)}` };
      return { state: 'ok', detail: `seq ${h.journal.lastSeq()}, durability ${h.durability}` };
    },
    disk: () => h.space.health(),
    ...(h.quoting === undefined ? {} : { quoter: () => h.quoting!.health() }),
    chainWatcher: () => {
      const off = unavailable();
      if (off !== undefined) return off;
      const { watcher } = h.settlement()!.status();
      if (watcher.lastError !== undefined && watcher.failures > 0) return { state: 'degraded', detail: `${watcher.failures} failed polls; last: ${watcher.lastError}` };
      return { state: 'ok' };
    },
    settler: () => {
      const off = unavailable();
      if (off !== undefined) return off;
      const { settler, lastBatch } = h.settlement()!.status();
      const last = lastBatch === undefined ? 'no batch yet' : `last batch ${lastBatch.batchId} ${lastBatch.state}`;
      if (settler.status === 'running') return { state: 'ok', detail: `${last}, ${settler.pendingFills} fills pending` };
      if (settler.status === 'waiting') return { state: 'degraded', detail: `waiting: ${settler.waitingFor ?? 'unknown'} (${last})` };
      return { state: 'failed', detail: `${settler.status}: ${settler.error ?? 'unknown'} (${last})` };
    },
  };
}

/**
 * Settlement over HTTP: the operator reads reconciliation, status and any
 * provider's payouts under /settlement/; anyone reads the chain and contract
 * addresses to deposit to (/v1/chain/contracts); a provider reads its own
 * payout statement at /v1/payouts/statement with a wallet-signed request.
 */
function settlementRoutes(
  settlement: () => Settlement | undefined,
  engine: Engine,
  publicRpcUrl: string | undefined,
  confirmations: number,
  grants: () => GrantLedger | undefined,
  mayRisk: (operator: string) => boolean,
  verifiedAt: (accountId: number) => (atMs: number) => boolean,
): MountedRoute[] {
  const reconciliation = reconciliationHandler(settlement);
  const status = statusHandler(settlement);
  const payouts = payoutsHandler(settlement, engine, { redemptionsOf: (accountId, limit) => redemptionsOf(accountId, settlement(), grants(), limit), verifiedAt });
  const query = (q: URLSearchParams): Record<string, string> => Object.fromEntries(q.entries());
  return [
    {
      operations: [SETTLEMENT_OPERATIONS.reconciliation, SETTLEMENT_OPERATIONS.status, SETTLEMENT_OPERATIONS.payouts, SETTLEMENT_OPERATIONS.settle],
      handle: async (req) => {
        if (req.method === 'POST' && req.path === '/settlement/settle') {
          // Cutting a batch now is the risk role's (as the operator API's changes are; src/operator/api.ts).
          if (!mayRisk(req.principal)) return { status: 403, body: { error: 'FORBIDDEN_ROLE', message: `POST /settlement/settle needs the risk role; operator '${req.principal}' lacks it` } };
          const s = settlement();
          if (s === undefined) return { status: 503, body: { error: 'SETTLEMENT_UNAVAILABLE', message: 'settlement is not running' } };
          return { status: 200, body: await s.settleNow() };
        }
        if (req.method !== 'GET') return { status: 405, body: { error: 'METHOD_NOT_ALLOWED', message: 'settlement routes are read-only except POST /settlement/settle' } };
        if (req.path === '/settlement/reconciliation') return reconciliation(query(req.query));
        if (req.path === '/settlement/status') return status(query(req.query));
        if (req.path === '/settlement/payouts') return payouts(query(req.query));
        return Promise.resolve({ status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.path}` } });
      },
    },
    {
      // What a depositor needs: the chain, the PAT token and the vault (public information), and the
      // confirmations a deposit waits for before it is credited (so a wallet can show how far it is).
      operations: [SETTLEMENT_OPERATIONS.contracts],
      handle: (req) => {
        const s = settlement();
        if (req.method !== 'GET' || req.path !== '/v1/chain/contracts') return Promise.resolve({ status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.method} ${req.path}` } });
        if (s === undefined) return Promise.resolve({ status: 503, body: { error: 'SETTLEMENT_UNAVAILABLE', message: 'settlement is not running' } });
        const { chainId, token, vault, registry, governance } = s.deployment;
        // The RPC URL: the one configured for depositors, else the embedded chain's own (on this machine; its RPC filter when it has one).
        const local = /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(s.depositorRpcUrl);
        const rpcUrl = publicRpcUrl ?? (local ? s.depositorRpcUrl : undefined);
        return Promise.resolve({ status: 200, body: { chainId, token, vault, registry, governance, confirmations, ...(rpcUrl !== undefined ? { rpcUrl } : {}) } });
      },
    },
    {
      operations: [SETTLEMENT_OPERATIONS.statement],
      handle: (req) => {
        if (req.method !== 'GET' || req.path !== '/v1/payouts/statement') return Promise.resolve({ status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.method} ${req.path}` } });
        return payouts({ ...query(req.query), accountId: String(req.accountId) });
      },
    },
  ];
}

/** The settled batch whose seq range holds `seq`, from the settlement store. */
function settledBatchOf(settlement: Settlement | undefined, seq: number): { batchId: number; afterSeq: number; throughSeq: number } | undefined {
  if (settlement === undefined) return undefined;
  let afterSeq = 0;
  for (const r of settlement.store.outboxFrom(1)) {
    if (r.batch.throughSeq >= seq) return r.state === 'recorded' ? { batchId: r.batchId, afterSeq, throughSeq: r.batch.throughSeq } : undefined;
    afterSeq = r.batch.throughSeq;
  }
  return undefined;
}

/**
 * A provider's newest redemptions for its payout statement: each exercised right traced to its
 * supply (FIFO by mint), under its grant, with the batch that committed the grant on-chain (the
 * first whose throughSeq reaches the exercise; null while unsettled) and what its gate reported.
 */
async function redemptionsOf(accountId: number, settlement: Settlement | undefined, grants: GrantLedger | undefined, limit: number): Promise<StatementRedemption[]> {
  if (grants === undefined) return [];
  const batches = settlement === undefined ? [] : [...settlement.store.outboxFrom(1)].filter((r) => r.state === 'recorded').map((r) => ({ batchId: r.batchId, throughSeq: r.batch.throughSeq }));
  const { grants: owed } = await grants.grantsOf('provider', accountId, 0, limit);
  return owed.map((r) => {
    const g = r.signed.grant;
    return {
      grantId: g.grantId,
      exerciseId: r.exerciseId,
      seriesId: g.seriesId,
      listingId: g.listingId,
      listingVersion: g.listingVersion,
      consumer: g.consumer,
      qty: g.quantity,
      exercisedAtMs: r.issuedAtMs,
      settledInBatch: batches.find((b) => b.throughSeq >= r.seq)?.batchId ?? null,
      delivered: r.delivered,
      reportedByProvider: r.reportedByProvider,
      counted: r.counted,
      refusals: r.refusals,
      // Rules 3: the sale proceeds behind the grant, held until delivered or the dispute window passes (null before escrow).
      escrow: escrowView(r),
    };
  });
}

/**
 * The grant domain when it is known before this node leads: without settlement (the configured
 * chain and no contract), or with the registry configured (settlement uses configured contracts
 * as they are). Otherwise it comes with settlement's deployment, and the ledger opens then.
 */
function grantDomainAhead(config: Config): GrantDomain | undefined {
  const base = { name: GRANT_DOMAIN_NAME, version: GRANT_DOMAIN_VERSION, chainId: config.settlement.chainId };
  if (!config.settlement.enabled) return { ...base, verifyingContract: ZERO_ADDRESS };
  if (config.settlement.contracts !== undefined) return { ...base, verifyingContract: config.settlement.contracts.registry };
  return undefined;
}

function openGrantLedger(config: Config, engine: Engine, clock: () => number, domain: GrantDomain, log: Logger): GrantLedger {
  return GrantLedger.open({ dataDir: config.dataDir, engine, signer: new GrantSigner(grantSignerKey(config, log), domain), clock });
}

/** The operator account opened at first start: the bootstrap operator's. */
function bootstrapOperatorAccount(engine: Engine): number | undefined {
  return engine.accounts.find((a) => a?.role === Role.OPERATOR)?.id;
}

/**
 * Puts the engine under this code's rules (src/engine/products/rules.ts) when its journal is under
 * older ones: a new journal starts with them; an old one adopts them if its state already
 * keeps them, and otherwise goes on under its own (the operator is told why).
 */
async function adoptCurrentRules(sequencer: Sequencer, engine: Engine, log: Logger): Promise<void> {
  if (engine.rulesVersion >= CURRENT_RULES) return;
  const from = engine.rulesVersion;
  // Asked first, so that a state that cannot adopt them does not journal a refusal at every start.
  if (!engine.rules.keptBy(CURRENT_RULES)) {
    log.warn({ rules: from, current: CURRENT_RULES }, 'the state breaks the current engine rules (a position past their bound); it stays under its own');
    return;
  }
  const result = await sequencer.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: CURRENT_RULES });
  const refused = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
  if (refused === undefined) log.info({ from, to: CURRENT_RULES }, 'engine rules adopted');
  else log.warn({ rules: from, current: CURRENT_RULES, reason: rejectReasonName(refused.reason) }, 'engine rules not adopted');
}

/** First start only: the broker (the platform operator's market-making account) and an operator account. */
function bootstrapCommands(engine: Engine): Command[] {
  if (engine.brokerId !== 0) return [];
  return [
    { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.BROKER, address: '' },
    { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.OPERATOR, address: '' },
  ];
}

async function submitAll(sequencer: Sequencer, cmds: readonly Command[]): Promise<void> {
  await Promise.all(cmds.map((cmd) => sequencer.submit(cmd)));
}

/**
 * Strikes for a spot window's options (phase 4): the grid of docs/options.md around the
 * settlement index the quoter expects at the window's close (what the options settle at:
 * below today's spot price, as rights lose freshness), on the spot's tick, within the
 * window's cap of `maxStrikes` strikes listed in all; none before the quoter has priced the window.
 */
function optionStrikes(engine: Engine, spot: ListedSeriesView, expectedIndexMicros: number | undefined, listed: readonly ListedSeriesView[], maxStrikes: number): number[] {
  const s = engine.series[spot.seriesId];
  if (s === undefined) return [];
  return windowStrikes(spot, s.spec, expectedIndexMicros, listed, maxStrikes);
}

function listedSeries(engine: Engine): ListedSeriesView[] {
  const views: ListedSeriesView[] = [];
  for (const s of engine.series) {
    if (s === undefined) continue;
    const deliveryPending = s.forward !== undefined && s.forward.phase !== DeliveryPhase.DONE;
    views.push({ seriesId: s.id, contract: s.spec.contract, openAtMs: s.spec.openAtMs, closeAtMs: s.spec.closeAtMs, expired: s.status === SeriesStatus.EXPIRED, kind: s.spec.kind, deliveryPending, ...(s.spec.strikeMicros > 0 ? { strikeMicros: s.spec.strikeMicros } : {}) });
  }
  return views;
}

/**
 * Delivers one forward at its open: the same bounded command again, one turn at a time
 * (each waits for its journal commit, so order entry runs between them), until the
 * engine reports the delivery complete or refuses to go on.
 */
async function deliverForward(sequencer: Sequencer, cmd: DeliverForwards, log: Logger): Promise<void> {
  const startedMs = Date.now();
  let positions = 0;
  for (;;) {
    const result = await sequencer.submit(cmd);
    const refused = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
    if (refused !== undefined) {
      log.warn({ seriesId: cmd.seriesId, reason: rejectReasonName(refused.reason) }, 'forward delivery refused');
      return;
    }
    positions += result.events.filter((e) => e.type === EventType.FORWARD_DELIVERED).length;
    const done = result.events.find((e) => e.type === EventType.FORWARD_DELIVERY_COMPLETED);
    if (done !== undefined) {
      log.info({ ...done, positions, elapsedMs: Date.now() - startedMs }, 'forward delivered at its window open');
      return;
    }
  }
}

/** Issues an expiry command only when some GTD order is due, so idle time journals nothing. */
function expireDueOrders(engine: Engine, sequencer: Sequencer, nowMs: number): void {
  if (engine.expiries.peekTime() > nowMs || sequencer.stopped) return;
  sequencer.enqueue({ kind: CommandKind.EXPIRE_ORDERS, actor: SYSTEM_ACTOR, cutoffMs: nowMs }, undefined, () => undefined);
}

/** How often the service looks whether a mark of the synthetics is due (a minute's first second marks it). */
const MARK_CHECK_INTERVAL_MS = 1_000;
/** The settlement index's sample spacing: the engine marks at the latest such instant. */
const INDEX_SAMPLE_EVERY_MS = DEFAULT_SETTLEMENT_INDEX_PARAMS.sampleEveryMs;

/**
 * MARK_SYNTHETICS once a minute: when some live cash-settled series (synthetic, call, put) has not been marked at
 * the latest sample instant (the start of the current minute), one command marks them all.
 * Nothing is journaled while no synthetic is live, and at most one command is in flight.
 * The engine's own `markAtMs` says what was marked, so a restart does not mark a minute twice.
 */
export class SyntheticMarking {
  private inFlight = false;

  constructor(private readonly log: Logger) {}

  due(engine: Engine, sequencer: Sequencer, nowMs: number): void {
    if (this.inFlight || sequencer.stopped) return;
    const minuteMs = Math.floor(nowMs / INDEX_SAMPLE_EVERY_MS) * INDEX_SAMPLE_EVERY_MS;
    // After its close a series' mark stays at the close (the engine marks no later), so it is not due again.
    if (!engine.cashSettledSeries.some((s) => s.status !== SeriesStatus.EXPIRED && s.cashSettled!.markAtMs < Math.min(minuteMs, s.spec.closeAtMs))) return;
    this.inFlight = true;
    sequencer.enqueue(
      { kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: 0 },
      (result) => {
        this.inFlight = false;
        const refused = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
        if (refused !== undefined) this.log.warn({ reason: rejectReasonName(refused.reason) }, 'marking the synthetics refused');
        const liquidated = result.events.filter((e) => e.type === EventType.SYNTHETIC_LIQUIDATED).length;
        if (liquidated > 0) this.log.warn({ liquidated }, 'synthetic positions liquidated to the broker at the mark');
      },
      () => {
        this.inFlight = false;
      },
    );
  }
}

function logSeries(engine: Engine, log: Logger): void {
  for (const s of engine.series) {
    if (s === undefined || s.status === SeriesStatus.EXPIRED) continue;
    log.info({ seriesId: s.id, series: s.name, kind: enumName(SeriesKind, s.spec.kind), closeAt: new Date(s.spec.closeAtMs).toISOString(), status: enumName(SeriesStatus, s.status) }, 'series listed');
  }
}

/**
 * The engine's thread under SCHED_FIFO while its load is low (src/runtime/realtime-priority.ts);
 * undefined, with a warning, when the machine refuses it.
 */
function holdRealtimePriority(config: Config, log: Logger): RealtimePriorityByLoad | undefined {
  const priority = config.engineRealtimePriority;
  const realtime = new RealtimePriorityByLoad({
    priority,
    onSwitch: (isRealtime, busy, outcome) => {
      const fields = { priority: isRealtime ? priority : 0, threadBusy: round2(busy.thread), machineBusy: round2(busy.machine) };
      if (!outcome.ok) log.warn({ ...fields, reason: outcome.reason }, 'engine thread could not change its scheduling');
      else log.info(fields, isRealtime ? 'engine thread back at real-time priority: the load leaves room' : 'engine thread at normal priority: the load is high');
    },
  });
  const outcome = realtime.start();
  if (!outcome.ok) {
    log.warn({ priority, reason: outcome.reason }, 'engine thread left at normal priority');
    return undefined;
  }
  log.info({ priority, limits: REALTIME_BY_LOAD_LIMITS }, 'engine thread at real-time priority (SCHED_FIFO) while the load leaves room');
  return realtime;
}

function round2(share: number): number {
  return Math.round(share * 100) / 100;
}

/**
 * The key access grants are signed with: from config (or PATX_GRANT_SIGNER_KEY), else
 * the one kept under the data directory, else a new random one written there (mode 600).
 */
function grantSignerKey(config: Config, log: Logger): string {
  if (config.grants.signerKey !== '') return config.grants.signerKey;
  const file = path.join(config.dataDir, 'grant-signer.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = `0x${randomBytes(32).toString('hex')}`;
  writeFileSync(file, key + '\n', { mode: 0o600 });
  log.info({ file }, 'generated the access-grant signing key');
  return key;
}

/**
 * The operator credential: from config (or PATX_OPERATOR_TOKEN), else the one
 * kept under the data directory, else a new random one written there (mode 600).
 */
function operatorToken(config: Config, log: Logger): string {
  if (config.gateway.operatorToken !== '') return strongToken(config.gateway.operatorToken, 'gateway.operatorToken (PATX_OPERATOR_TOKEN)');
  const file = path.join(config.dataDir, 'operator-token');
  if (existsSync(file)) return strongToken(readFileSync(file, 'utf8').trim(), file);
  const token = randomBytes(24).toString('base64url'); // 192 bits
  writeFileSync(file, token + '\n', { mode: 0o600 });
  log.info({ file }, 'generated an operator token');
  return token;
}

/** The catalog's sample work on the intake's workers. */
function sampleWorkOn(intake: Intake): SampleWork {
  return {
    listing: (t) => intake.run('listingParsed', t),
    // Evidence's records as bytes move to the worker (intake/evidence.ts made them their own buffer).
    conformance: (t) => intake.run('conformance', t, t.records instanceof Uint8Array && t.records.byteOffset === 0 && t.records.byteLength === t.records.buffer.byteLength ? { transfer: [t.records.buffer as ArrayBuffer] } : {}),
    reference: (t) => intake.run('reference', t),
    accuracy: (t) => intake.run('accuracy', t),
    preview: (t) => intake.run('preview', t),
  };
}

/** The token, unless it is under 128 bits (src/operator/token-strength.ts): then the start is refused. */
function strongToken(token: string, source: string): string {
  const weak = weakTokenReason(token);
  if (weak !== undefined) throw new WeakOperatorTokenError(source, weak);
  return token;
}
