/**
 * The gateway: one uWebSockets.js app serving order entry (`/v1/trade`, wallet
 * or operator login) and HTTP (see http-api.ts) on the engine's thread, and
 * public market data (`/v1/market`) on its own thread and port
 * (market-data-thread.ts). Data flows one way: frames become commands for the
 * sequencer; released turns become acks, execution reports and market data.
 * Nothing here waits on a socket: a socket that cannot keep up is cut off.
 */
import type { IdempotencyKeyStore } from './idempotency-key-store.js';
import type uWS from 'uWebSockets.js';
import { uws } from './uws.js';
import { ReusedList } from '../collections/index.js';
import {
  CommandKind,
  EventType,
  OrganisationRole,
  rejectReasonName,
  Role,
  DiskLowError,
  SequencerBusyError,
  UnwritableCommandError,
  SequencerStoppedError,
  takesRiskAway,
  SYSTEM_ACTOR,
  WEI_PER_MICRO,
  MAX_PENDING_WITHDRAWALS,
  executionReportsInto,
  type ExecutionReport,
  type Command,
  type EngineEvent,
  type ReleasedBatch,
  type RightsExercised,
  type Sequencer,
} from '../engine/index.js';
import type { Logger } from '../runtime/log.js';
import { checkTransport } from '../runtime/transport-security.js';
import type { SignedGrant } from '../grants/grant.js';
import type { ComponentName, HealthProbe } from '../runtime/health.js';
import { DEFAULT_INTAKE_LIMITS, IntakeError, IntakePool, type Intake } from '../intake/index.js';
import { wire, type patx } from '../proto/index.js';
import type { GatewayConfig } from './config.js';
import { gatewayTransport } from './transport.js';
import { MAX_REQUESTS_BEFORE_LOGIN, SessionState, type AccountOrderBudget, type Connection } from './connection.js';
import { MessageThrottle } from './throttle.js';
import { HttpApi } from './http-api.js';
import type { MountedRoute } from '../http-registry/index.js';
import { WebConsoleAssets } from './web-console.js';
import { createServerApp, listenExclusive } from './listen.js';
import { judgeWalletLogin, newChallenge, operatorTokenMatches, precheckWalletLogin, type LoginFailure } from './login.js';
import { defaultPublicUrl, publicOrigin, type PublicOrigin } from './siwe.js';
import { signedRequestHosts } from './signed-request.js';
import { MarketDataThread } from './market-data-thread.js';
import type { OptionModelSource } from './option-models.js';
import type { PublishedIndexes } from './published-indexes.js';
import { GatewayMetrics } from './metrics.js';
import { SocketEndpoint, type ClientFrame } from './socket-endpoint.js';
import { AccountOpenings } from './account-openings.js';
import { organisationRefusal, OrganisationSessions } from './organisation-sessions.js';
import { encodeExecutionReportFrame, NO_GRANTS, writeCommandAckFrame } from './ack-frames.js';
import { SessionCommand, type SessionReplies } from './session-command.js';
import { forwardDeliveryReport, grantIssuedReport, isSubscriptionEvent, marginTopUpReport, subscriptionUpdate, syntheticLiquidationReport, syntheticSettlementReport, type SubscriptionEvent } from './reports.js';
import { accountView, liveSeries, OPEN_ORDERS_PAGE_MAX, openOrdersView, SyntheticViews } from './views.js';
import { framed, seriesQueryRefusal, SeriesListReads } from './series-list-reads.js';
import { RateBuckets } from './request-limits.js';
import { AccountReadBudgets, accountViewCost, OPEN_ORDERS_PER_UNIT, OPEN_ORDERS_WALKED_PER_UNIT, openOrdersPageCost } from './read-budget.js';
import { orderStatusKey, orderStatusMessage, type OrderStatusSource } from './order-status.js';
import type { OrderKey, OrderRecord } from './order-rows.js';
import {
  amendCommand,
  cancelCommand,
  cancelSubscriptionCommand,
  declareCapacityCommand,
  ErrorCode,
  exerciseCommand,
  massCancelCommand,
  mintCommand,
  newOrderCommand,
  resumeSubscriptionCommand,
  subscribeCommand,
  WireError,
  wireInt,
  withdrawalCommand,
  type SubscriptionRules,
} from './wire-commands.js';

type ServerFrame = patx.v1.IServerFrame;

/** An authenticated operator: a named person on an engine account of its own. */
export interface AuthenticatedOperator {
  name: string;
  accountId: number;
  /** Its roles (src/operator/credentials.ts); an order-entry session needs 'risk' (it may mass-cancel any account). Absent: not checked. */
  roles?: readonly string[];
}
export type OperatorAuthenticator = (token: string) => AuthenticatedOperator | undefined;

export interface GatewayOptions {
  config: GatewayConfig;
  /**
   * Where HTTP bodies are parsed and signatures recovered, off the engine's thread (the
   * service shares one with the catalog). Default: the gateway starts its own, with
   * `config.intakeWorkers` workers, and stops it on close.
   */
  intake?: Intake;
  sequencer: Sequencer;
  logger: Logger;
  clock?: () => number;
  /** Extra HTTP routes (operator API, settlement statements...). */
  routes?: readonly MountedRoute[];
  /** A published listing's segment, for GET /v1/series?listing= (absent: that filter matches nothing). */
  listingSegment?: (listingId: number) => string | undefined;
  /** The web console's built assets (default: the repository's web/dist). */
  webRoot?: string;
  /** Extra Prometheus lines for /metrics. */
  metricsLines?: () => readonly string[];
  /**
   * Who a bearer token belongs to (operator name and engine account), or undefined.
   * Default: the single `config.operatorToken`, on the first OPERATOR account.
   */
  operatorAuth?: OperatorAuthenticator;
  /** Probes of the components the gateway does not own (journal, quoter, settlement), for /healthz and /readyz. */
  healthProbes?: () => Partial<Record<ComponentName, HealthProbe>>;
  /** What /healthz and /readyz say this node is: 'standalone' (the default), or a replicated group's 'leader'. */
  role?: () => string;
  /**
   * The signed access grants of an exercise, for its ack (src/grants/); undefined while
   * grants are not issued yet (the consumer then fetches them over HTTP).
   */
  grantsOf?: () => ((e: RightsExercised, timeMs: number) => SignedGrant[]) | undefined;
  /**
   * A standby's market-data thread (MarketDataThread.prepare with this same config), its books kept
   * current and following `sequencer` already: it only starts listening. Default: one started here, seeded from the engine.
   */
  marketData?: MarketDataThread;
  /** The quoter's option pricing, for the OPTION market-data channel (none: that channel stays empty). */
  optionModels?: OptionModelSource;
  /** Settlement indexes published before this process started, with their computation (GET /v1/series/{id}/settlement); none: only those released here. */
  publishedIndexes?: Pick<PublishedIndexes, 'get'>;
  /** POST /v1/subscriptions' rules, which CreateSubscription is held to (none: CreateSubscription is refused NOT_PERMITTED). */
  subscriptions?: SubscriptionRules;
  /** Every order's current or final state, for OrderStatusQuery (none: every order is unknown). */
  orderHistory?: OrderStatusSource;
  /** Where signed writes' idempotency keys are kept across a restart (none: in the gateway's memory only). */
  idempotencyKeyStore?: IdempotencyKeyStore;
  /**
   * Whether a deposit from this wallet (lower case) is waiting for an account (seen on-chain, no account to credit yet):
   * such a wallet may open one past the hourly limits and into the accounts kept for depositors. None: no wallet has.
   */
  depositWaiting?: (address: string) => boolean;
}

const ORDER_ENTRY_BODIES = new Set([
  'newOrder',
  'cancelOrder',
  'amendOrder',
  'massCancel',
  'declareCapacity',
  'mint',
  'exercise',
  'requestWithdrawal',
  'accountQuery',
  'openOrdersQuery',
  'orderStatusQuery',
  'createSubscription',
  'cancelSubscription',
  'resumeSubscription',
]);
const MARKET_BODIES = new Set(['subscribe', 'unsubscribe']);
/** How often request-body memory free since the last look is let go (src/gateway/body-blocks.ts, `trim`). */
const BODY_MEMORY_TRIM_MS = 60_000;
const LOGIN_FAILURE_CODE: Record<LoginFailure, ErrorCode> = { failed: ErrorCode.AUTH_FAILED, expired: ErrorCode.CHALLENGE_EXPIRED, outdated: ErrorCode.LOGIN_FORMAT_OUTDATED };

export class Gateway {
  readonly metrics = new GatewayMetrics();
  private readonly app: uWS.TemplatedApp;
  private readonly trade: SocketEndpoint;
  private listenSocket: uWS.us_listen_socket | undefined;
  private readonly clock: () => number;
  /** Series queries share one read of the engine at a time, each paid for by a token of its address's bucket. */
  private readonly seriesReads: SeriesListReads;
  private readonly seriesQueriesByAddress: RateBuckets;
  /** Wallet logins' signature recoveries per client address. */
  private readonly loginsByAddress: RateBuckets;
  private readonly log: Logger;
  private readonly config: GatewayConfig;
  private readonly sequencer: Sequencer;
  private readonly grantsOf: GatewayOptions['grantsOf'];
  private readonly subscriptionRules: SubscriptionRules | undefined;
  private readonly orderHistory: OrderStatusSource | undefined;
  private readonly depositWaiting: (address: string) => boolean;
  /** The probes of the components the gateway does not own. */
  private readonly serviceProbes: GatewayOptions['healthProbes'];
  /**
   * Logged-in sessions by account. Bounded by the live connections (`maxConnections`), at most
   * `maxSessionsPerAccount` in a list; a session leaves its list when it closes, an empty list its entry.
   */
  private readonly sessionsByAccount = new Map<number, Connection[]>();
  /** Each account's order-entry budget while it has a session (orderRateLimitPerAccount). */
  private readonly budgets = new Map<number, AccountOrderBudget>();
  /** Each account's budget of reads built on the engine's thread, its sessions' and its HTTP reads' (readRateLimitPerAccount). */
  private readonly reads: AccountReadBudgets;
  /**
   * Withdrawals this gateway admitted and queued that the engine has not applied yet, by account: the bound of pending
   * withdrawals counts them with the engine's, else a session sending many at once had every one admitted against the
   * same engine count (60 pipelined withdrawals of the minimum left 30 pending, not 20). An entry leaves once its count is 0.
   */
  private readonly withdrawalsInFlight = new Map<number, number>();
  /** Sessions acting for organisations, by organisation (cut or re-roled as membership changes are released). */
  private readonly organisationSessions = new OrganisationSessions();
  /** Cash-settled series' (SYNTHETIC, CALL, PUT) marks and settlement indexes from released turns (GET /v1/series/{id}/settlement). */
  private readonly synthetics: SyntheticViews;
  /**
   * Which session sent each command of the turn being released, so its own
   * reports go in its ack and not twice: the seqs acked, in order, and their
   * senders. The sequencer runs a turn's acks just before its release listeners,
   * so these fill in the acks and are read and emptied in onRelease. Reused
   * lists rather than a Map keyed by command: under that churn a Map's old
   * tables chain to its new ones and keep every command alive past young GCs
   * (and a WeakMap was worse: ephemerons made every GC pause tens of ms).
   */
  private readonly turnAckedSeqs = new ReusedList<number>();
  private readonly turnSenders = new ReusedList<Connection>();
  /** The last RIGHTS_EXERCISED of the turn being released (a subscription's exercise comes just after its own). */
  private lastExercise: RightsExercised | undefined;
  /** The command whose grants were last pushed to their providers, and the providers told of it: one GrantIssued per provider per command. */
  private grantPushSeq = -1;
  private readonly grantPushAccounts = new Set<number>();
  /** Reused by routeReports (executionReportsInto): no report objects per event. */
  private readonly routedReports: ExecutionReport[] = [];
  private sweepTimer: NodeJS.Timeout | undefined;
  /** Lets go of request-body memory that stayed free a whole period (BodyBlocks.trim). */
  private bodyMemoryTimer: NodeJS.Timeout | undefined;
  /** Seq of the last released command (for /metrics): at the start, what the engine recovered (journaled, so released). */
  private releasedSeq: number;
  private readonly operatorAuth: OperatorAuthenticator;
  /** The intake this gateway started (undefined: the service's, which the service stops). */
  private readonly ownIntake: IntakePool | undefined;
  /** Where login signatures are recovered (the service's intake, or this gateway's own). */
  private readonly intake: Intake;
  readonly http: HttpApi;
  /** The login message's domain and URI (gateway.publicUrl, else this gateway's bound address); set once listening. */
  private signInOrigin: PublicOrigin = { domain: '', uri: '' };
  /** The Host headers signed HTTP requests are answered under: empty (each refused WRONG_HOST) until listening. */
  private signedHosts: ReadonlySet<string> = new Set();
  /** Accounts opened by wallet logins, per client address, in the last hour. */
  private readonly accountOpenings: AccountOpenings;

  private constructor(
    options: GatewayOptions,
    /** Public market data, on its own thread and port. */
    readonly marketData: MarketDataThread,
  ) {
    this.config = options.config;
    this.sequencer = options.sequencer;
    this.releasedSeq = options.sequencer.engine.lastSeq;
    this.grantsOf = options.grantsOf;
    this.subscriptionRules = options.subscriptions;
    this.orderHistory = options.orderHistory;
    this.depositWaiting = options.depositWaiting ?? (() => false);
    this.serviceProbes = options.healthProbes;
    this.clock = options.clock ?? Date.now;
    this.log = options.logger.child({ module: 'gateway' });
    this.app = createServerApp('gateway', this.config.host, gatewayTransport(this.config));
    this.operatorAuth = options.operatorAuth ?? ((token) => this.singleTokenOperator(token));
    this.accountOpenings = new AccountOpenings(this.config.maxAccountsOpenedPerAddressPerHour, this.config.maxAccountsOpenedPerIpv6NetworkPerHour, this.config.maxAccountsOpenedPerHour);
    this.synthetics = new SyntheticViews(options.publishedIndexes);
    this.seriesReads = new SeriesListReads((deliver, fail) => this.sequencer.read(liveSeries, deliver, fail));
    this.seriesQueriesByAddress = new RateBuckets('address', this.config.seriesQueryRateLimitPerAddress);
    this.loginsByAddress = new RateBuckets('address', this.config.loginRateLimitPerAddress);
    this.reads = new AccountReadBudgets(this.config.readRateLimitPerAccount);
    // The turn's acks go out before its listeners run (the read models' writes, market data, reports to other sessions).
    this.sequencer.onSendersHeard(() => this.trade.flushQueued());
    this.sequencer.onRelease((batch) => this.onRelease(batch));
    this.sequencer.onSnapshotPause((ms) => this.metrics.snapshotPause.observe(ms));
    this.ownIntake = options.intake === undefined ? new IntakePool({ ...DEFAULT_INTAKE_LIMITS, workers: this.config.intakeWorkers }, this.log.child({ module: 'intake' })) : undefined;
    this.intake = options.intake ?? this.ownIntake!;
    this.http = new HttpApi({
      config: this.config,
      sequencer: this.sequencer,
      clock: this.clock,
      metricsText: () => this.metricsText(options.metricsLines?.() ?? []),
      healthProbes: () => this.probes(),
      role: options.role ?? (() => 'standalone'),
      operatorAuth: (token) => this.operatorAuth(token),
      routes: options.routes ?? [],
      ...(options.listingSegment === undefined ? {} : { listingSegment: options.listingSegment }),
      ...(options.idempotencyKeyStore === undefined ? {} : { idempotencyKeyStore: options.idempotencyKeyStore }),
      logger: this.log,
      synthetics: this.synthetics,
      ports: () => ({ trade: this.port, marketData: this.marketData.port }),
      web: new WebConsoleAssets(options.webRoot),
      intake: this.intake,
      rateLimits: { perAddress: this.config.httpRateLimitPerAddress, perAccount: this.config.httpRateLimitPerAccount },
      reads: this.reads,
      startedAtMs: this.clock(),
      signedHosts: () => this.signedHosts,
    });
    this.http.mount(this.app);
    this.trade = new SocketEndpoint({
      app: this.app,
      path: '/v1/trade',
      endpoint: 'trade',
      readsOrdersInPlace: true,
      awaitsLogin: true,
      config: this.config,
      counters: this.metrics,
      log: this.log,
      clock: this.clock,
      handler: {
        opened: (c, now) => this.sendChallenge(c, now),
        closed: (c, code) => this.onClose(c, code),
        frame: (c, frame, requestId, now) => this.dispatch(c, frame, requestId, now),
        overdue: (c, now) => {
          if (c.state !== SessionState.CHALLENGED || c.challenge === undefined || now <= c.challenge.expiresAtMs) return false;
          this.trade.cut(c, ErrorCode.CHALLENGE_EXPIRED, 'not logged in before the challenge expired');
          return true;
        },
      },
    });
  }

  /** Starts market data and listens; resolves with the gateway once both ports are bound. */
  static async start(options: GatewayOptions): Promise<Gateway> {
    // A bad certificate or plaintext off loopback stops the start before any thread or port is taken.
    checkTransport('gateway', options.config.host, gatewayTransport(options.config));
    const marketDataStartedMs = performance.now();
    let marketData: MarketDataThread;
    if (options.marketData === undefined) marketData = await MarketDataThread.start({ config: options.config, sequencer: options.sequencer, logger: options.logger });
    else {
      marketData = options.marketData;
      await marketData.listen();
    }
    const marketDataMs = Math.round(performance.now() - marketDataStartedMs);
    const gateway = new Gateway(options, marketData);
    options.optionModels?.onOptionsPriced((pricing, pricedAtMs) => marketData.publishOptionModels(pricing, pricedAtMs));
    const { host, port } = options.config;
    try {
      gateway.listenSocket = (await listenExclusive(gateway.app, host, port, 'gateway')).socket;
    } catch (error) {
      await marketData.close();
      throw error;
    }
    gateway.signInOrigin = publicOrigin(options.config.publicUrl ?? defaultPublicUrl(host, gateway.port));
    gateway.signedHosts = signedRequestHosts(gateway.signInOrigin.domain, gateway.port);
    gateway.sweepTimer = setInterval(() => gateway.trade.sweep(), gateway.trade.sweepIntervalMs);
    gateway.bodyMemoryTimer = setInterval(() => gateway.http.blocks.trim(), BODY_MEMORY_TRIM_MS);
    // marketDataMs: the wait for the market-data thread to take its seed and listen.
    gateway.log.info({ host, port: gateway.port, marketDataPort: marketData.port, signInDomain: gateway.signInOrigin.domain, marketDataMs }, 'gateway listening');
    return gateway;
  }

  /** The host[:port] a login's sign-in message names (gateway.publicUrl's, else the bound address's). */
  get signInDomain(): string {
    return this.signInOrigin.domain;
  }

  get port(): number {
    return this.listenSocket === undefined ? 0 : uws().us_socket_local_port(this.listenSocket as unknown as uWS.us_socket);
  }

  /** Every component's probe, as /healthz and /readyz report them (the alarm watch reads the same): this gateway's own and those the service passed in. */
  probes(): Partial<Record<ComponentName, HealthProbe>> {
    return { ...this.ownProbes(), ...this.serviceProbes?.() };
  }

  /** The sequencer, this gateway and its market-data thread. */
  private ownProbes(): Partial<Record<ComponentName, HealthProbe>> {
    return {
      sequencer: () =>
        this.sequencer.stopped
          ? { state: 'failed', detail: 'the sequencer stopped: commands are no longer journaled; restart to recover' }
          : { state: 'ok', detail: `seq ${this.sequencer.engine.lastSeq}, ${this.sequencer.queuedCommands} queued` },
      gateway: () =>
        this.listenSocket === undefined ? { state: 'failed', detail: 'not listening' } : { state: 'ok', detail: `port ${this.port}, ${this.sessionCount} trading sessions` },
      marketData: () => this.marketData.health(),
      // Every wallet login's signature is recovered there: ready once its workers are booted and warm.
      intake: () => this.intake.health(),
    };
  }

  /** The default authenticator: one shared token, the first operator account. */
  private singleTokenOperator(token: string): AuthenticatedOperator | undefined {
    if (!operatorTokenMatches(token, this.config.operatorToken)) return undefined;
    const account = this.sequencer.engine.accounts.find((a) => a?.role === Role.OPERATOR);
    return account === undefined ? undefined : { name: 'operator', accountId: account.id };
  }

  /**
   * Closes every order-entry session of an account at once (an operator's, on revocation):
   * an error frame with `reason`, then the close. Returns how many were closed.
   */
  closeSessionsOf(accountId: number, reason: string): number {
    const sessions = [...(this.sessionsByAccount.get(accountId) ?? [])];
    for (const c of sessions) this.trade.cut(c, ErrorCode.AUTH_FAILED, reason);
    return sessions.length;
  }

  get sessionCount(): number {
    let n = 0;
    for (const c of this.trade.connections) if (c.active) n++;
    return n;
  }

  /** Stops listening and closes every connection (cancel-on-disconnect still runs). */
  async close(): Promise<void> {
    if (this.sweepTimer !== undefined) clearInterval(this.sweepTimer);
    if (this.bodyMemoryTimer !== undefined) clearInterval(this.bodyMemoryTimer);
    if (this.listenSocket !== undefined) uws().us_listen_socket_close(this.listenSocket);
    this.listenSocket = undefined;
    this.trade.closeAll();
    await this.marketData.close();
    await this.ownIntake?.close();
    // Let close handlers run and their cancel-on-disconnect commands be queued.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private metricsText(extra: readonly string[]): string {
    return this.metrics.render(
      {
        tradingSessions: this.sessionCount,
        engineSeq: this.releasedSeq,
        queuedCommands: this.sequencer.queuedCommands,
        marketData: this.marketData.counters,
        marketDataResets: this.marketData.resets,
      },
      extra,
    );
  }

  private onClose(c: Connection, code: number): void {
    if (c.state !== SessionState.ACTIVE) return;
    this.metrics.sessionsClosed++;
    const list = this.sessionsByAccount.get(c.accountId);
    if (list !== undefined) {
      const i = list.indexOf(c);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.sessionsByAccount.delete(c.accountId);
    }
    if (c.organisationId !== 0) this.organisationSessions.remove(c);
    if (c.accountBudget !== undefined && --c.accountBudget.sessions === 0) this.budgets.delete(c.accountId);
    this.log.debug({ connection: c.id, accountId: c.accountId, code }, 'session closed');
    if (c.cancelOnDisconnect) this.endCancelOnDisconnect(c, true);
  }

  /**
   * Journals that a cancel-on-disconnect session begins (ARM_CANCEL_ON_DISCONNECT), queued before
   * the login is answered, so every order the session sends is journaled after it: a crash or a
   * failover then cannot leave those orders working (the service ends what is armed at its start,
   * src/app/components/first-turns.ts). Refused to queue (busy, disk low, stopped): the login is
   * refused with the reason and a fresh challenge, and false returned.
   */
  private armCancelOnDisconnect(c: Connection, requestId: number, accountId: number): boolean {
    let queued = true;
    this.sequencer.enqueue(
      { kind: CommandKind.ARM_CANCEL_ON_DISCONNECT, actor: accountId, accountId },
      (result) => {
        const refused = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
        if (refused === undefined || refused.type !== EventType.COMMAND_REJECTED) return;
        // Only past the engine's bound, far above the gateway's session limits: the session cannot have what it asked for.
        this.log.error({ accountId, reason: rejectReasonName(refused.reason) }, 'cancel-on-disconnect could not be armed; the session is closed');
        if (!c.closed) this.trade.cut(c, ErrorCode.SERVER_BUSY, 'cancel-on-disconnect could not be armed; nothing else was done');
      },
      (error) => {
        queued = false;
        this.log.warn({ err: error, accountId }, 'cancel-on-disconnect could not be armed; the login is refused');
        this.sendRefusal(c, requestId, error);
        if (!c.closed) this.sendChallenge(c, this.clock());
      },
    );
    return queued;
  }

  /**
   * Journals that a cancel-on-disconnect session ended (END_CANCEL_ON_DISCONNECT): `massCancel` when
   * it closed (the account's resting orders are cancelled in the same command), not when it only
   * lost the flag. One that cannot be queued leaves the session armed: the next start cancels then.
   */
  private endCancelOnDisconnect(c: Connection, massCancel: boolean): void {
    const cmd: Command = { kind: CommandKind.END_CANCEL_ON_DISCONNECT, actor: c.accountId, accountId: c.accountId, sessions: 1, massCancel };
    this.sequencer.enqueue(cmd, undefined, (error) => this.log.error({ err: error, accountId: c.accountId }, 'the end of a cancel-on-disconnect session could not be queued; the next start cancels its orders'));
  }

  private dispatch(c: Connection, frame: ClientFrame, requestId: number, now: number): void {
    const body = frame.body!;
    // Before a login a connection needs a login (3 tries) and a few series queries: a stranger's 2,000 frames a second,
    // each answered, cost the engine's thread the answers (an attacker's review). Past the allowance it is cut.
    if (c.state !== SessionState.ACTIVE && ++c.requestsBeforeLogin > MAX_REQUESTS_BEFORE_LOGIN) {
      return this.trade.cut(c, ErrorCode.RATE_LIMITED, `more than ${MAX_REQUESTS_BEFORE_LOGIN} requests before logging in`);
    }
    if (body === 'seriesQuery') return this.answerSeriesQuery(c, requestId);
    if (body === 'login') return this.login(c, frame.login!, requestId, now);
    if (MARKET_BODIES.has(body)) throw new WireError(ErrorCode.WRONG_ENDPOINT, `subscribe on /v1/market, port ${this.marketData.port}`);
    if (!ORDER_ENTRY_BODIES.has(body)) throw new WireError(ErrorCode.EMPTY_FRAME, `${body} is not a request`);
    if (c.state !== SessionState.ACTIVE) throw new WireError(ErrorCode.NOT_AUTHENTICATED, 'log in first');
    if (c.organisationId !== 0) {
      // A member acting for its organisation sends only what its role allows (organisation-sessions.ts).
      const refusal = organisationRefusal(c.organisationRole as OrganisationRole, body);
      if (refusal !== undefined) throw new WireError(ErrorCode.ROLE_FORBIDDEN, refusal);
    }
    const actor = c.accountId;
    switch (body) {
      case 'newOrder':
        this.metrics.ordersReceived++;
        return this.submit(c, requestId, newOrderCommand(frame.newOrder!, actor), now);
      case 'cancelOrder':
        return this.submit(c, requestId, cancelCommand(frame.cancelOrder!, actor), now);
      case 'amendOrder':
        return this.submit(c, requestId, amendCommand(frame.amendOrder!, actor), now);
      case 'massCancel':
        return this.submit(c, requestId, massCancelCommand(frame.massCancel!, actor, c.role === Role.OPERATOR), now);
      case 'declareCapacity':
        return this.submit(c, requestId, declareCapacityCommand(frame.declareCapacity!, actor), now);
      case 'mint':
        return this.submit(c, requestId, mintCommand(frame.mint!, actor), now);
      case 'exercise':
        return this.submit(c, requestId, exerciseCommand(frame.exercise!, actor), now);
      case 'requestWithdrawal': {
        const cmd = withdrawalCommand(frame.requestWithdrawal!, actor);
        this.admitWithdrawal(actor, cmd.amountWei);
        this.withdrawalsInFlight.set(actor, (this.withdrawalsInFlight.get(actor) ?? 0) + 1);
        try {
          return this.submit(c, requestId, cmd, now);
        } finally {
          this.withdrawalApplied(actor);
        }
      }
      case 'createSubscription':
        return this.submit(c, requestId, subscribeCommand(frame.createSubscription!, actor, this.subscriptionRules), now);
      case 'cancelSubscription':
        return this.submit(c, requestId, cancelSubscriptionCommand(frame.cancelSubscription!, actor), now);
      case 'resumeSubscription':
        return this.submit(c, requestId, resumeSubscriptionCommand(frame.resumeSubscription!, actor), now);
      case 'accountQuery':
      case 'openOrdersQuery':
        return this.query(c, frame, requestId, actor);
      case 'orderStatusQuery':
        return this.orderStatus(c, orderStatusKey(frame.orderStatusQuery!), requestId, actor);
      default:
        throw new WireError(ErrorCode.EMPTY_FRAME, `${body} is not a request`);
    }
  }

  /**
   * An account's own view, read in order with its commands. Apart from dispatch: a closure there,
   * even in a branch not taken, made V8 allocate a context on every call, every order's included.
   */
  private query(c: Connection, frame: ClientFrame, requestId: number, actor: number): void {
    if (frame.body === 'accountQuery') {
      this.takeReads(c, actor, accountViewCost(this.sequencer.engine.accounts[actor]?.positions.size ?? 0), 'this account view');
      return this.read(c, requestId, (engine) => ({ accountView: accountView(engine, engine.accounts[actor]!) }));
    }
    const query = frame.openOrdersQuery!;
    const seriesId = wireInt(query.seriesId, 'series_id', 0);
    const afterOrderId = wireInt(query.afterOrderId, 'after_order_id', 0);
    const limit = query.limit ?? 0;
    if (limit > OPEN_ORDERS_PAGE_MAX) throw new WireError(ErrorCode.VALUE_OUT_OF_RANGE, `limit is at most ${OPEN_ORDERS_PAGE_MAX} (page with after_order_id)`, 'limit');
    const pageLimit = limit || OPEN_ORDERS_PAGE_MAX;
    // A page is built and encoded on the engine's thread, a few µs an order: paid from the account's read budget at its
    // cost (read-budget.ts), or ten sessions of an account asked 5,000 pages a second (an audit, 2026-12-05).
    const cost = openOrdersPageCost(this.sequencer.engine.accounts[actor]?.openOrders ?? 0, pageLimit);
    this.takeReads(c, actor, cost, `this page of open orders (one, one per ${OPEN_ORDERS_PER_UNIT} orders it can hold and one per ${OPEN_ORDERS_WALKED_PER_UNIT} the account has open)`);
    this.read(c, requestId, (engine) => ({ openOrders: openOrdersView(engine, engine.accounts[actor]!, seriesId, pageLimit, afterOrderId) }));
  }

  /** Takes a read's units from its account's read budget (an operator's session has none to take from), or refuses it RATE_LIMITED. */
  private takeReads(c: Connection, actor: number, cost: number, what: string): void {
    if (c.accountBudget === undefined) return;
    const retryAfterMs = this.reads.take(actor, performance.now(), cost);
    if (retryAfterMs !== undefined) throw new WireError(ErrorCode.RATE_LIMITED, this.reads.refusal(cost, what, retryAfterMs), '', retryAfterMs);
  }

  /**
   * One of the account's orders, live or ended (order-status.ts), in order with the session's commands: captured at its
   * place in the queue (the seq it answers as of), answered when its turn is released, from the order history moved
   * through what the commands before it in the turn did.
   */
  private orderStatus(c: Connection, key: OrderKey, requestId: number, actor: number): void {
    this.takeReads(c, actor, 1, 'an order status');
    if (this.sequencer.queuedCommands >= this.config.busyAtQueuedCommands) return this.sendBusy(c, requestId);
    this.sequencer.readInTurn(
      (engine) => engine.lastSeq,
      (asOfSeq, turn, eventsBefore) => {
        let order: OrderRecord | undefined;
        try {
          order = this.orderHistory?.orderInTurn(actor, key, turn, eventsBefore);
        } catch (error) {
          // The history's writer stopped (order-history-writer.ts): said, not thrown into the turn's release.
          return this.sendError(c, requestId, ErrorCode.SERVICE_UNAVAILABLE, (error as Error).message);
        }
        this.send(c, { requestId, orderStatus: orderStatusMessage(key, order, asOfSeq) });
      },
      (error) => this.sendRefusal(c, requestId, error),
    );
  }

  // ------------------------------------------------------------ order entry

  /**
   * What the gateway asks of a withdrawal before the engine (which checks the balance): at least the minimum, or the
   * whole free balance (so an account can always be emptied, once it has no live subscription), room under the account's
   * pending withdrawals, and what it leaves free still covering its live subscriptions' next window. Read
   * from the engine's state now: a check of admission, the engine's own is the one that counts (the bound of pending
   * withdrawals is its rule from rules 24, MAX_PENDING_WITHDRAWALS: refused here first, cheaper, by the same number).
   */
  private admitWithdrawal(accountId: number, amountWei: bigint): void {
    const engine = this.sequencer.engine;
    const account = engine.accounts[accountId];
    const min = BigInt(this.config.minWithdrawalWei);
    if (amountWei < min && (account === undefined || amountWei !== account.freeWei(WEI_PER_MICRO))) {
      throw new WireError(ErrorCode.INVALID_FIELD, `amount_wei: a withdrawal is at least ${min} wei (${Number(min / 10n ** 12n) / 1e6} PAT), or the whole free balance`, 'amount_wei');
    }
    // The engine's pending ones and those queued behind it: each one queued will be pending when it is applied.
    const pending = (account?.pendingWithdrawals ?? 0) + (this.withdrawalsInFlight.get(accountId) ?? 0);
    if (pending >= MAX_PENDING_WITHDRAWALS) {
      throw new WireError(ErrorCode.RATE_LIMITED, `${pending} withdrawals of this account wait for a settlement batch (at most ${MAX_PENDING_WITHDRAWALS}): one more once a batch pays them`);
    }
    // Last: an admitted withdrawal is held against the cover until it is applied.
    const short = this.subscriptionRules?.admitWithdrawal?.(accountId, amountWei);
    if (short !== undefined) throw new WireError(ErrorCode.INSUFFICIENT_FREE_PAT, short, 'amount_wei');
  }

  /**
   * A withdrawal just queued (or refused before the queue) stops counting as in flight at its place in the queue: a read
   * queued behind it captures after the engine applied it (its pending count has it then, or it was refused), and a read
   * the sequencer refuses (stopped, queue full) drops it at once.
   */
  private withdrawalApplied(accountId: number): void {
    let counted = true;
    const done = (): void => {
      if (!counted) return;
      counted = false;
      const left = (this.withdrawalsInFlight.get(accountId) ?? 1) - 1;
      if (left > 0) this.withdrawalsInFlight.set(accountId, left);
      else this.withdrawalsInFlight.delete(accountId);
    };
    this.sequencer.read(done, () => undefined, done);
  }

  private submit(c: Connection, requestId: number, cmd: Command, now: number): void {
    if (c.accountBudget !== undefined && !c.accountBudget.throttle.take(now)) {
      const retryAfterMs = c.accountBudget.throttle.retryAfterMs();
      throw new WireError(ErrorCode.RATE_LIMITED, `this account's sessions sent more than ${this.config.orderRateLimitPerAccount.burst} commands at once or ${this.config.orderRateLimitPerAccount.perSecond} a second: nothing was done, retry after ${retryAfterMs} ms`, '', retryAfterMs);
    }
    this.metrics.commandsSubmitted++;
    const queued = this.sequencer.queuedCommands;
    // Past the bound only what takes risk away is taken: a market maker can still pull its quotes.
    // No error object: under overload every refused order would capture a stack (a profile of an overloaded run at 50k orders/s found 4% of the thread there).
    if (queued >= this.config.busyAtQueuedCommands && !takesRiskAway(cmd)) return this.sendBusy(c, requestId);
    // Timed from the frame's arrival, which onMessage has just read the clock for (a second read cost a boxed number per order).
    const sender = SessionCommand.from(this.replies, this.senders);
    sender.connection = c;
    sender.accountId = c.accountId;
    sender.requestId = requestId;
    sender.receivedAtMonoMs = c.lastReceivedMonoMs;
    this.sequencer.enqueueFrom(cmd, sender);
  }

  /** The account's budget, shared by its sessions (full for its first): this session holds it too. */
  private budgetOf(accountId: number): AccountOrderBudget {
    let b = this.budgets.get(accountId);
    const { perSecond, burst } = this.config.orderRateLimitPerAccount;
    if (b === undefined) this.budgets.set(accountId, (b = { throttle: new MessageThrottle(perSecond, this.clock(), burst), sessions: 0 }));
    b.sessions++;
    return b;
  }

  /** Senders heard and free for the next command (SessionCommand). */
  private readonly senders: SessionCommand[] = [];

  /** What a SessionCommand calls back into: made once, so an order costs one object, not two closures. */
  private readonly replies: SessionReplies = {
    acked: (command) => {
      const c = command.connection!;
      this.turnAckedSeqs.push(command.seq);
      this.turnSenders.push(c);
      this.trade.sendWritten(c, writeCommandAckFrame(command.requestId, command, command.accountId, this.ackGrants(command)));
      this.metrics.ackLatency.observe(performance.now() - command.receivedAtMonoMs);
    },
    refused: (command, error) => this.sendRefusal(command.connection!, command.requestId, error),
  };

  /** An exercise's signed grants, for its ack (none for any other command, or while grants are not issued). */
  private ackGrants(command: SessionCommand): readonly SignedGrant[] {
    for (let k = command.from; k < command.to; k++) {
      const e = command.events[k]!;
      if (e.type !== EventType.RIGHTS_EXERCISED) continue;
      // Asked only for an exercise: grantsOf makes a closure per call, garbage on every order's ack (issue 79).
      const sign = this.grantsOf?.();
      return sign === undefined ? NO_GRANTS : sign(e, command.timeMs);
    }
    return NO_GRANTS;
  }

  /** A query answered from journaled state, in order with the session's commands. */
  private read(c: Connection, requestId: number, view: (engine: Sequencer['engine']) => ServerFrame): void {
    // Busy as for an order that adds risk: a query waits behind every queued command, and takes its place in the queue.
    if (this.sequencer.queuedCommands >= this.config.busyAtQueuedCommands) return this.sendBusy(c, requestId);
    this.sequencer.read(
      view,
      (frame) => this.send(c, { ...frame, requestId }),
      (error) => this.sendRefusal(c, requestId, error),
    );
  }

  private sendBusy(c: Connection, requestId: number): void {
    this.sendError(c, requestId, ErrorCode.SERVER_BUSY, 'the engine is busy; nothing was done, retry later');
  }

  private sendRefusal(c: Connection, requestId: number, error: Error): void {
    if (error instanceof SequencerBusyError) this.sendBusy(c, requestId);
    else if (error instanceof DiskLowError) this.sendError(c, requestId, ErrorCode.SERVER_BUSY, error.message);
    else if (error instanceof SequencerStoppedError) this.sendError(c, requestId, ErrorCode.SERVICE_UNAVAILABLE, 'the engine is stopped; nothing was done');
    else if (error instanceof UnwritableCommandError) this.sendError(c, requestId, ErrorCode.INVALID_FIELD, `${error.message}; nothing was done`);
    // A query's own view failed (the sequencer fails that read alone): the engine runs on.
    else this.sendError(c, requestId, ErrorCode.SERVICE_UNAVAILABLE, 'the request could not be answered; nothing was done');
  }

  // ------------------------------------------------------------ login

  private sendChallenge(c: Connection, now: number): void {
    c.challenge = newChallenge(now, this.config.challengeTtlMs, this.config.chainId, this.signInOrigin);
    c.state = SessionState.CHALLENGED;
    const f = c.challenge.fields;
    this.send(c, {
      challenge: {
        nonce: c.challenge.nonce,
        expiresAtMs: c.challenge.expiresAtMs,
        serverTimeMs: now,
        domain: f.domain,
        uri: f.uri,
        chainId: f.chainId,
        statement: f.statement,
        siweNonce: f.nonce,
        issuedAt: f.issuedAt,
        expirationTime: f.expirationTime,
      },
    });
  }

  private login(c: Connection, m: patx.v1.ILogin, requestId: number, now: number): void {
    if (c.state === SessionState.ACTIVE) throw new WireError(ErrorCode.ALREADY_AUTHENTICATED, 'this session is already logged in');
    if (c.state === SessionState.LOGGING_IN) throw new WireError(ErrorCode.ALREADY_AUTHENTICATED, 'a login is in progress');
    const cancelOnDisconnect = m.cancelOnDisconnect === true;
    if ((m.operatorToken ?? '') !== '') {
      const operator = this.operatorAuth(m.operatorToken!);
      if (operator === undefined) return this.refuseLogin(c, requestId, now, ErrorCode.AUTH_FAILED, 'operator credential refused');
      if (operator.roles !== undefined && !operator.roles.includes('risk')) return this.refuseLogin(c, requestId, now, ErrorCode.NOT_PERMITTED, `operator '${operator.name}' lacks the risk role an operator session needs`);
      c.state = SessionState.LOGGING_IN;
      c.challenge = undefined;
      return this.activate(c, requestId, operator.accountId, Role.OPERATOR, '', cancelOnDisconnect, false);
    }
    const signature = m.signature ?? new Uint8Array(0);
    const pre = precheckWalletLogin(c.challenge, m.address ?? '', signature, now);
    if (!pre.ok) return this.refuseLogin(c, requestId, now, LOGIN_FAILURE_CODE[pre.failure], pre.reason);
    // A signature recovery a login, from the address's bucket: many addresses' floods cannot keep the intake full.
    const allowed = this.loginsByAddress.take(c.remoteAddress, now);
    if (!allowed.ok) {
      const l = this.config.loginRateLimitPerAddress;
      return this.sendError(c, requestId, ErrorCode.RATE_LIMITED, `logins from this address: at most ${l.burst} at once or ${l.perSecond} a second; not counted as a failed login: send it again in ${allowed.retryAfterS} s`, allowed.retryAfterS * 1000);
    }
    const newRole = m.role === undefined || m.role === 0 ? Role.CONSUMER : m.role;
    if (newRole !== Role.CONSUMER && newRole !== Role.PROVIDER) return this.refuseLogin(c, requestId, now, ErrorCode.INVALID_FIELD, 'a wallet opens a CONSUMER or PROVIDER account');
    const organisationId = Number(m.organisationId ?? 0);
    if (!Number.isSafeInteger(organisationId) || organisationId < 0) return this.refuseLogin(c, requestId, now, ErrorCode.INVALID_FIELD, 'organisation_id: an organisation id, or 0');
    c.state = SessionState.LOGGING_IN;
    // The signature is recovered on the intake, off the engine's thread: a stranger's logins cost a worker, not order entry.
    // An intake too busy to take it (its queue, or this address's jobs, full) says nothing of the signature: busy, not a failed login.
    const recover = (text: string): Promise<string | undefined> =>
      this.intake.run('recover', { text, signature: pre.signature }, { client: c.remoteAddress }).catch((error: unknown) => {
        if (error instanceof IntakeError && (error.code === 'SERVER_BUSY' || error.code === 'TOO_MANY_IN_FLIGHT')) throw error;
        return undefined;
      });
    void recover(pre.message)
      .then((signer) => judgeWalletLogin(pre, signer, () => recover(pre.legacy)))
      .then(undefined, (error: unknown) => {
        if (error instanceof IntakeError) return error; // only a busy intake rejects (recover): the login is answered busy
        throw error;
      })
      .then((check) => {
        if (check instanceof IntakeError) return this.loginBusy(c, requestId, check);
        if (c.closed) return;
        // The client waited on the server meanwhile (the sweep skips a login being checked): its silence counts from now.
        c.lastReceivedMonoMs = performance.now();
        if (!check.ok) {
          c.state = SessionState.CHALLENGED;
          return this.refuseLogin(c, requestId, this.clock(), LOGIN_FAILURE_CODE[check.failure], check.reason);
        }
        c.challenge = undefined; // single use, whatever happens next
        if (organisationId !== 0) return this.bindMember(c, requestId, check.address, organisationId, cancelOnDisconnect);
        this.bindWallet(c, requestId, check.address, newRole, cancelOnDisconnect, m.existingOnly === true ? 'refuse' : 'open');
      });
  }

  /**
   * Finds the address's account; with none, `ifNone` says what happens: `open` one (a first login), `refuse` the login
   * (existing_only: NO_ACCOUNT, nothing opened), or fail it (`raced`: another session's opening won and still none is found).
   */
  private bindWallet(c: Connection, requestId: number, address: string, newRole: Role, cancelOnDisconnect: boolean, ifNone: 'open' | 'refuse' | 'raced'): void {
    this.sequencer.read(
      (engine) => {
        const id = engine.accountIdByAddress.get(address);
        return { found: id === undefined ? undefined : { id, role: engine.accounts[id]!.role }, freeAccounts: engine.accountsLeft() };
      },
      ({ found, freeAccounts }) => {
        if (found !== undefined) return this.activate(c, requestId, found.id, found.role, address, cancelOnDisconnect, false);
        if (ifNone === 'refuse') return this.refuseLogin(c, requestId, this.clock(), ErrorCode.NO_ACCOUNT, `${address} has no account here (existing_only); nothing was opened`);
        if (ifNone === 'raced') return this.refuseLogin(c, requestId, this.clock(), ErrorCode.AUTH_FAILED, 'the account could not be opened');
        const refusal = this.openingRefusal(c.remoteAddress, address, freeAccounts);
        if (refusal !== undefined) return this.refuseLogin(c, requestId, this.clock(), refusal.code, refusal.reason);
        // Counted when asked, not when opened: logins racing from one address cannot all pass the check first.
        this.accountOpenings.record(c.remoteAddress, performance.now());
        const open: Command = { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: newRole, address };
        this.sequencer.enqueue(
          open,
          (result) => {
            const opened = result.events.find((e) => e.type === EventType.ACCOUNT_OPENED);
            if (opened !== undefined && opened.type === EventType.ACCOUNT_OPENED) return this.activate(c, requestId, opened.accountId, newRole, address, cancelOnDisconnect, true);
            // Another session opened it first (ADDRESS_IN_USE): bind to that one.
            this.bindWallet(c, requestId, address, newRole, cancelOnDisconnect, 'raced');
          },
          (error) => this.loginNotBound(c, requestId, error),
        );
      },
      (error) => this.loginNotBound(c, requestId, error),
    );
  }

  /**
   * Why a first login may not open its wallet's account now (undefined: it may). The engine's last
   * `accountsReservedForDepositors` accounts, and openings past the hourly limits, are for wallets with a deposit waiting.
   */
  private openingRefusal(clientAddress: string, wallet: string, freeAccounts: number): { code: ErrorCode; reason: string } | undefined {
    const wait = this.accountOpenings.wait(clientAddress, performance.now());
    const reserved = freeAccounts <= this.config.accountsReservedForDepositors;
    if ((wait === undefined && !reserved) || this.depositWaiting(wallet)) return undefined;
    if (reserved) return { code: ErrorCode.ACCOUNTS_FULL, reason: `the exchange's last ${this.config.accountsReservedForDepositors} accounts open only for a wallet with a deposit waiting: deposit at least 1 PAT from ${wallet}, then log in; nothing was opened` };
    const minutes = Math.max(1, Math.ceil(wait!.waitMs / 60_000));
    const limit = wait!.scope === 'exchange'
      ? `at most ${this.config.maxAccountsOpenedPerHour} accounts are opened an hour on this exchange; nothing was opened: one more can be opened in ${minutes} min`
      : `at most ${this.config.maxAccountsOpenedPerAddressPerHour} accounts opened from one address (${this.config.maxAccountsOpenedPerIpv6NetworkPerHour} from one IPv6 /48) per hour; nothing was opened: one more can be opened from it in ${minutes} min`;
    return { code: ErrorCode.RATE_LIMITED, reason: `${limit} (or deposit at least 1 PAT first: a wallet with a deposit waiting is not held to it)` };
  }

  /**
   * A member's wallet acting for its organisation: the session binds to the organisation's account
   * with the wallet's role there (docs/organisations.md). The wallet must have an account and be a
   * member now; a later removal cuts the session when it is released (onMembershipChange).
   */
  private bindMember(c: Connection, requestId: number, address: string, organisationId: number, cancelOnDisconnect: boolean): void {
    this.sequencer.read(
      (engine) => {
        const memberAccountId = engine.accountIdByAddress.get(address);
        const org = engine.organisations.byId.get(organisationId);
        const role = memberAccountId === undefined ? undefined : org?.members.get(memberAccountId);
        return role === undefined ? undefined : { memberAccountId: memberAccountId!, accountId: org!.accountId, role };
      },
      (found) => {
        if (found === undefined) return this.refuseLogin(c, requestId, this.clock(), ErrorCode.NOT_ORGANISATION_MEMBER, `${address} is not a member of organisation ${organisationId}`);
        c.organisationId = organisationId;
        c.organisationRole = found.role;
        c.memberAccountId = found.memberAccountId;
        // A reader's disconnect must not cancel the organisation's orders: that would be trading.
        this.activate(c, requestId, found.accountId, Role.CONSUMER, address, cancelOnDisconnect && found.role !== OrganisationRole.READER, false);
        if (c.active) this.organisationSessions.add(c);
        else c.organisationId = 0;
      },
      (error) => this.loginNotBound(c, requestId, error),
    );
  }

  /**
   * A checked login whose account the engine could not find or open now (its queue full, or it stopped): refused as
   * any command then is, not counted as a failed login, and given a fresh challenge (the one it signed is spent). Left
   * LOGGING_IN, the session took no login again ("a login is in progress") and the sweep, which skips a login being
   * checked, never cut it (an audit, 2026-12-05).
   */
  private loginNotBound(c: Connection, requestId: number, error: Error): void {
    if (c.closed) return;
    c.lastReceivedMonoMs = performance.now();
    this.sendRefusal(c, requestId, error);
    this.sendChallenge(c, this.clock());
  }

  /** A membership change released: the member's sessions for the organisation are cut (removed) or held to the new role. */
  private onMembershipChange(e: EngineEvent): void {
    if (e.type === EventType.ORGANISATION_MEMBER_REMOVED) {
      for (const c of this.organisationSessions.ofMember(e.organisationId, e.memberAccountId)) {
        this.trade.cut(c, ErrorCode.NOT_ORGANISATION_MEMBER, `removed from organisation ${e.organisationId}`);
      }
    } else if (e.type === EventType.ORGANISATION_MEMBER_SET) {
      for (const c of this.organisationSessions.ofMember(e.organisationId, e.memberAccountId)) {
        c.organisationRole = e.role;
        if (e.role === OrganisationRole.READER && c.cancelOnDisconnect) {
          // A reader's session must not cancel the organisation's orders when it closes (login refuses it the flag too).
          c.cancelOnDisconnect = false;
          this.endCancelOnDisconnect(c, false);
        }
      }
    }
  }

  private activate(c: Connection, requestId: number, accountId: number, role: Role, address: string, cancelOnDisconnect: boolean, opened: boolean): void {
    if (c.closed) return;
    // Members acting for an organisation share its account: each counts its own sessions there, so one member cannot hold every slot.
    const open = c.organisationId !== 0 ? this.organisationSessions.ofMember(c.organisationId, c.memberAccountId).length : (this.sessionsByAccount.get(accountId)?.length ?? 0);
    if (role !== Role.OPERATOR && open >= this.config.maxSessionsPerAccount) {
      // One wallet must not hold every slot; its other sessions go on. Operators are few and named.
      this.metrics.loginsFailed++;
      return this.trade.cut(c, ErrorCode.TOO_MANY_SESSIONS, `at most ${this.config.maxSessionsPerAccount} sessions per account; close one first`, requestId);
    }
    if (cancelOnDisconnect && !this.armCancelOnDisconnect(c, requestId, accountId)) return;
    c.state = SessionState.ACTIVE;
    this.trade.loggedIn(c);
    c.accountId = accountId;
    c.role = role;
    c.address = address;
    c.cancelOnDisconnect = cancelOnDisconnect;
    const list = this.sessionsByAccount.get(accountId);
    if (list === undefined) this.sessionsByAccount.set(accountId, [c]);
    else list.push(c);
    if (role !== Role.OPERATOR) c.accountBudget = this.budgetOf(accountId);
    this.metrics.sessionsOpened++;
    this.log.debug({ connection: c.id, accountId, role }, 'session logged in');
    this.send(c, {
      requestId,
      loginAccepted: {
        accountId,
        role,
        address,
        heartbeatIntervalMs: this.config.heartbeatIntervalMs,
        heartbeatTimeoutMs: this.config.heartbeatTimeoutMs,
        maxMessagesPerSecond: this.config.maxMessagesPerSecond,
        cancelOnDisconnect,
        accountOpened: opened,
        organisationId: c.organisationId,
        organisationRole: c.organisationRole,
      },
    });
  }

  /** The login's signature could not be checked now: not counted as a failed attempt, the challenge kept for the same login again. */
  private loginBusy(c: Connection, requestId: number, busy: IntakeError): void {
    if (c.closed) return;
    c.lastReceivedMonoMs = performance.now();
    c.state = SessionState.CHALLENGED;
    this.metrics.loginsBusy++;
    const code = busy.code === 'TOO_MANY_IN_FLIGHT' ? ErrorCode.RATE_LIMITED : ErrorCode.SERVER_BUSY;
    this.sendError(c, requestId, code, `the login's signature could not be checked now (${busy.message}); not counted as a failed login: send the same login again shortly`);
  }

  private refuseLogin(c: Connection, requestId: number, now: number, code: ErrorCode, message: string): void {
    this.metrics.loginsFailed++;
    c.failedLogins++;
    this.sendError(c, requestId, code, message);
    if (c.failedLogins >= this.config.maxLoginAttempts) return this.trade.cut(c, ErrorCode.AUTH_FAILED, 'too many failed logins');
    if (!c.closed) this.sendChallenge(c, now); // a fresh nonce: the old signature is good for nothing now
  }

  // ------------------------------------------------------------ market data

  /** Needs no login: a token from the address's bucket, then a share of the one read on its way (series-list-reads.ts). */
  private answerSeriesQuery(c: Connection, requestId: number): void {
    const verdict = this.seriesQueriesByAddress.take(c.remoteAddress, this.clock());
    if (!verdict.ok) return this.sendError(c, requestId, ErrorCode.RATE_LIMITED, `${seriesQueryRefusal(this.config)}${verdict.retryAfterS} s`, verdict.retryAfterS * 1000);
    const asked = this.seriesReads.ask((answer) => (answer instanceof Error ? this.sendRefusal(c, requestId, answer) : this.trade.sendBytes(c, framed(requestId, answer.encoded))));
    if (!asked) this.sendBusy(c, requestId);
  }

  // ------------------------------------------------------------ released turns

  private onRelease(batch: ReleasedBatch): void {
    this.metrics.commitLatency.observe(performance.now() - batch.appliedAtMonoMs);
    this.releasedSeq = batch.firstSeq + batch.commands.length - 1;
    let acked = 0; // cursor into turnAckedSeqs: events come in seq order
    // Indexed, not for-of: unoptimized, for-of allocates an iterator result per event (issue 79).
    for (let k = 0; k < batch.events.length; k++) {
      const e = batch.events[k]!;
      this.count(e);
      if (e.type === EventType.SYNTHETIC_MARKED || e.type === EventType.SETTLEMENT_INDEX_PUBLISHED) this.synthetics.record(e, batch.timeMs);
      // A subscription's exercise follows the RIGHTS_EXERCISED it made, in the same command: its grants come from that.
      if (e.type === EventType.RIGHTS_EXERCISED) this.lastExercise = e;
      if (e.type === EventType.ORGANISATION_MEMBER_REMOVED || e.type === EventType.ORGANISATION_MEMBER_SET) this.onMembershipChange(e);
      if (this.sessionsByAccount.size === 0) continue;
      while (acked < this.turnAckedSeqs.length && this.turnAckedSeqs.get(acked) < e.seq) acked++;
      this.routeReports(batch, e, acked < this.turnAckedSeqs.length && this.turnAckedSeqs.get(acked) === e.seq ? this.turnSenders.get(acked) : undefined);
    }
    this.lastExercise = undefined;
    this.turnAckedSeqs.clear();
    this.turnSenders.clear();
  }

  private count(e: EngineEvent): void {
    switch (e.type) {
      case EventType.ORDER_ACCEPTED:
        if (!e.isQuote) this.metrics.ordersAccepted++;
        return;
      case EventType.FILL:
        this.metrics.fills++;
        return;
      case EventType.ORDER_REJECTED:
      case EventType.COMMAND_REJECTED:
        this.metrics.reject(e.reason);
        return;
      default:
        return;
    }
  }

  /** Unsolicited execution reports to the sessions of accounts an event concerns, except the sender (its ack has them). */
  private routeReports(batch: ReleasedBatch, e: EngineEvent, sender: Connection | undefined): void {
    if (e.type === EventType.FORWARD_DELIVERED) return this.routeForwardDelivery(batch, e);
    if (e.type === EventType.GRANT_ESCROWED) return this.routeGrantIssued(batch, e);
    if (e.type === EventType.SYNTHETIC_LIQUIDATED || e.type === EventType.SYNTHETIC_SETTLED || e.type === EventType.MARGIN_TOPPED_UP || isSubscriptionEvent(e)) return this.routeSystemReport(batch, e);
    const n = executionReportsInto(e, this.routedReports);
    for (let i = 0; i < n; i++) {
      const r = this.routedReports[i]!;
      const sessions = this.sessionsByAccount.get(r.accountId);
      if (sessions === undefined || (sessions.length === 1 && sessions[0] === sender)) continue;
      // Encoded once; every other session of the account gets the same bytes.
      const frame = encodeExecutionReportFrame(r, e, batch.timeMs);
      for (const s of sessions) if (s !== sender) this.sendBytes(s, frame);
    }
  }

  /**
   * A synthetic's liquidation, top-up or settlement, or a subscription's update. Apart from routeReports: its
   * closures there made V8 allocate a context on every call, every fill's included (68 B an order).
   */
  private routeSystemReport(batch: ReleasedBatch, e: EngineEvent): void {
    if (e.type === EventType.SYNTHETIC_LIQUIDATED) return this.routeToAccount(e.accountId, () => ({ syntheticLiquidation: syntheticLiquidationReport(e, batch.timeMs) }));
    if (e.type === EventType.SYNTHETIC_SETTLED) return this.routeToAccount(e.accountId, () => ({ syntheticSettlement: syntheticSettlementReport(e, batch.timeMs) }));
    if (e.type === EventType.MARGIN_TOPPED_UP) return this.routeToAccount(e.accountId, () => ({ marginTopUp: marginTopUpReport(e, batch.timeMs) }));
    if (isSubscriptionEvent(e)) this.routeToAccount(e.accountId, () => ({ subscriptionUpdate: subscriptionUpdate(e, batch.timeMs, this.subscriptionGrants(e, batch.timeMs)) }));
  }

  /**
   * A forward delivery to every session of its account. The system sends DELIVER_FORWARDS,
   * so no session's ack carries it: each hears it here. Rare (once per position per
   * window), so protobufjs encodes it, once for all the account's sessions.
   */
  private routeForwardDelivery(batch: ReleasedBatch, e: Extract<EngineEvent, { type: typeof EventType.FORWARD_DELIVERED }>): void {
    const sessions = this.sessionsByAccount.get(e.accountId);
    if (sessions === undefined) return;
    const frame = wire.ServerFrame.encode({ forwardDelivery: forwardDeliveryReport(e, batch.timeMs) }).finish();
    for (const s of sessions) this.sendBytes(s, frame);
  }

  /**
   * A grant on a provider's sold rights to its own sessions (nobody else's), once per command: an exercise that
   * redeemed many of its lots is one frame, and the page reads GET /v1/provider/grants for them all.
   */
  private routeGrantIssued(batch: ReleasedBatch, e: Extract<EngineEvent, { type: typeof EventType.GRANT_ESCROWED }>): void {
    if (e.seq !== this.grantPushSeq) {
      this.grantPushSeq = e.seq;
      this.grantPushAccounts.clear();
    }
    if (this.grantPushAccounts.has(e.providerAccountId)) return;
    this.grantPushAccounts.add(e.providerAccountId);
    this.routeToAccount(e.providerAccountId, () => ({ grantIssued: grantIssuedReport(e, batch.timeMs) }));
  }

  /**
   * A subscription's exercise: the signed grants of the RIGHTS_EXERCISED before it (none for
   * other subscription events, or while grants are not issued). Signed only for an account
   * with a session (routeToAccount asks only then).
   */
  private subscriptionGrants(e: SubscriptionEvent, timeMs: number): SignedGrant[] {
    if (e.type !== EventType.SUBSCRIPTION_EXERCISED) return [];
    const exercised = this.lastExercise;
    if (exercised === undefined || exercised.exerciseId !== e.exerciseId) return [];
    return this.grantsOf?.()?.(exercised, timeMs) ?? [];
  }

  /**
   * A synthetic's liquidation or settlement, or a subscription's update, to every session of
   * its account: like a forward delivery, sent by a system command (MARK_SYNTHETICS,
   * EXPIRE_SERIES, RUN_SUBSCRIPTIONS; a subscriber's own commands too), rare, encoded once.
   */
  private routeToAccount(accountId: number, frame: () => ServerFrame): void {
    const sessions = this.sessionsByAccount.get(accountId);
    if (sessions === undefined) return;
    const bytes = wire.ServerFrame.encode(frame()).finish();
    for (const s of sessions) this.sendBytes(s, bytes);
  }

  // ------------------------------------------------------------ sending

  private send(c: Connection, frame: ServerFrame): void {
    this.trade.send(c, frame);
  }

  private sendBytes(c: Connection, bytes: Uint8Array): void {
    this.trade.sendBytes(c, bytes);
  }

  private sendError(c: Connection, requestId: number, code: ErrorCode, message: string, retryAfterMs = 0): void {
    this.trade.sendError(c, requestId, code, message, '', retryAfterMs);
  }
}

