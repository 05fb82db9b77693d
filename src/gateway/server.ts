/**
 * The gateway: one uWebSockets.js app serving order entry (`/v1/trade`, wallet
 * or operator login), public market data (`/v1/market`) and HTTP
 * (see http-api.ts). Data flows one way: frames become commands for the
 * sequencer; released turns become acks, execution reports and market data.
 * Nothing here waits on a socket: a socket that cannot keep up is cut off.
 */
import uWS from 'uWebSockets.js';
import {
  CommandKind,
  EventType,
  MassCancelScope,
  Role,
  SequencerBusyError,
  SYSTEM_ACTOR,
  executionReports,
  type Command,
  type EngineEvent,
  type ReleasedBatch,
  type Sequencer,
} from '../engine/index.js';
import type { Logger } from '../log.js';
import { wire, type patx } from '../proto/index.js';
import type { GatewayConfig } from './config.js';
import { Connection, SessionState, type Endpoint, type SocketData } from './connection.js';
import { HttpApi, type MountedRoute } from './http-api.js';
import { checkWalletLogin, newChallenge, operatorTokenMatches } from './login.js';
import { ALL_CHANNELS, Channel, MarketFeed } from './market-feed.js';
import { GatewayMetrics } from './metrics.js';
import { encodeCommandAckFrame, encodeExecutionReportFrame } from './ack-frames.js';
import { forEachOrderOwner } from './reports.js';
import { accountView, liveSeries, openOrdersView } from './views.js';
import {
  amendCommand,
  cancelCommand,
  declareCapacityCommand,
  ErrorCode,
  exerciseCommand,
  massCancelCommand,
  mintCommand,
  newOrderCommand,
  WireError,
  wireInt,
  withdrawalCommand,
} from './wire-commands.js';

type ServerFrame = patx.v1.IServerFrame;
type ClientFrame = patx.v1.ClientFrame;

/** WebSocket close codes: 4000 + the wire ErrorCode that ended the connection. */
export function closeCode(code: ErrorCode): number {
  return 4000 + code;
}

export interface GatewayOptions {
  config: GatewayConfig;
  sequencer: Sequencer;
  logger: Logger;
  clock?: () => number;
  /** Extra HTTP routes (operator API, settlement statements...). */
  routes?: readonly MountedRoute[];
  /** Extra Prometheus lines for /metrics. */
  metricsLines?: () => readonly string[];
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
]);
const MARKET_BODIES = new Set(['subscribe', 'unsubscribe']);

export class Gateway {
  readonly metrics = new GatewayMetrics();
  readonly feed: MarketFeed;
  private readonly app: uWS.TemplatedApp;
  private listenSocket: uWS.us_listen_socket | undefined;
  private readonly clock: () => number;
  private readonly log: Logger;
  private readonly config: GatewayConfig;
  private readonly sequencer: Sequencer;
  private nextConnectionId = 1;
  private readonly connections = new Set<Connection>();
  private readonly sessionsByAccount = new Map<number, Connection[]>();
  /**
   * Which session sent each command of the turn being released, so its own
   * reports go in its ack and not twice: the seqs acked, in order, and their
   * senders. The sequencer runs a turn's acks just before its release listeners,
   * so these fill in the acks and are read and emptied in onRelease. Reused
   * arrays rather than a Map keyed by command: under that churn a Map's old
   * tables chain to its new ones and keep every command alive past young GCs
   * (and a WeakMap was worse: ephemerons made every GC pause tens of ms).
   */
  private readonly turnAckedSeqs: number[] = [];
  private readonly turnSenders: Connection[] = [];
  /** Connections with frames in their outbox, each once (`Connection.flushQueued`). */
  private readonly toFlush: Connection[] = [];
  private flushScheduled = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private subscriptions = 0;
  /**
   * Subscribers per topic, kept here: the feed asks for every message it might
   * build, and uWS's numSubscribers is a native call costing microseconds.
   */
  private readonly subscribersByTopic = new Map<string, number>();
  /** Seq of the last released command (for /metrics). */
  private releasedSeq = 0;

  private constructor(options: GatewayOptions) {
    this.config = options.config;
    this.sequencer = options.sequencer;
    this.clock = options.clock ?? Date.now;
    this.log = options.logger.child({ module: 'gateway' });
    this.app = uWS.App();
    this.feed = new MarketFeed(this.sequencer.engine, {
      hasSubscribers: (seriesId, channel) => (this.subscribersByTopic.get(this.topicOf(seriesId, channel)) ?? 0) > 0,
      publish: (seriesId, channel, frame) => {
        this.app.publish(this.topicOf(seriesId, channel), frame, true);
        this.metrics.framesOut++;
      },
    }, { intervalMs: this.config.marketDataIntervalMs });
    this.sequencer.onRelease((batch) => this.onRelease(batch));
    new HttpApi({
      config: this.config,
      sequencer: this.sequencer,
      feed: this.feed,
      clock: this.clock,
      metricsText: () => this.metricsText(options.metricsLines?.() ?? []),
      routes: options.routes ?? [],
      logger: this.log,
    }).mount(this.app);
    this.mountWebSocket('/v1/trade', 'trade');
    this.mountWebSocket('/v1/market', 'market');
  }

  /** Topic names by series and channel, built once (publishing asks for them per message). */
  private readonly topics = new Map<number, string[]>();

  private topicOf(seriesId: number, channel: Channel): string {
    let names = this.topics.get(seriesId);
    if (names === undefined) {
      names = [0, ...ALL_CHANNELS].map((ch) => topic(seriesId, ch as Channel));
      this.topics.set(seriesId, names);
    }
    return names[channel]!;
  }

  /** Starts listening; resolves with the gateway once the port is bound. */
  static start(options: GatewayOptions): Promise<Gateway> {
    const gateway = new Gateway(options);
    const { host, port } = options.config;
    return new Promise((resolve, reject) => {
      gateway.app.listen(host, port, (socket) => {
        if (!socket) return reject(new Error(`gateway cannot listen on ${host}:${port} (in use?)`));
        gateway.listenSocket = socket;
        const sweepMs = Math.max(10, Math.min(gateway.config.heartbeatIntervalMs, Math.floor(gateway.config.heartbeatTimeoutMs / 4), 250));
        gateway.timers.push(setInterval(() => gateway.sweep(), sweepMs));
        gateway.log.info({ host, port: gateway.port }, 'gateway listening');
        resolve(gateway);
      });
    });
  }

  get port(): number {
    return this.listenSocket === undefined ? 0 : uWS.us_socket_local_port(this.listenSocket as unknown as uWS.us_socket);
  }

  get sessionCount(): number {
    let n = 0;
    for (const c of this.connections) if (c.endpoint === 'trade' && c.active) n++;
    return n;
  }

  /** Stops listening and closes every connection (cancel-on-disconnect still runs). */
  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.feed.stop();
    if (this.listenSocket !== undefined) uWS.us_listen_socket_close(this.listenSocket);
    this.listenSocket = undefined;
    for (const c of [...this.connections]) if (!c.closed) c.ws.end(1001, 'server shutting down');
    // Let close handlers run and their cancel-on-disconnect commands be queued.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private metricsText(extra: readonly string[]): string {
    let market = 0;
    for (const c of this.connections) if (c.endpoint === 'market') market++;
    return this.metrics.render(
      {
        tradingSessions: this.sessionCount,
        marketConnections: market,
        subscriptions: this.subscriptions,
        engineSeq: this.releasedSeq,
        queuedCommands: this.sequencer.queuedCommands,
        seriesCount: this.feed.seriesCount,
        marketDataMs: this.feed.busyMs,
        marketDataPublications: this.feed.publications,
      },
      extra,
    );
  }

  // ------------------------------------------------------------ sockets

  private mountWebSocket(path: string, endpoint: Endpoint): void {
    this.app.ws<SocketData>(path, {
      compression: uWS.DISABLED,
      // Frames over our limit are refused with a reason (onMessage); uWS drops the
      // connection without one only past this hard cap, before buffering more.
      maxPayloadLength: Math.max(this.config.maxFrameBytes * 4, 64 * 1024),
      // A hard stop: past four times our own limit uWS closes the socket itself (no reason given);
      // checkBackpressure cuts it first, with a reason.
      maxBackpressure: this.config.maxBackpressureBytes * 4,
      closeOnBackpressureLimit: 1,
      idleTimeout: 0, // heartbeats are ours (sweep), with their own timeout
      upgrade: (res, req, context) => {
        if (this.connections.size >= this.config.maxConnections) {
          this.metrics.error('TOO_MANY_CONNECTIONS');
          res.writeStatus('503 Service Unavailable').end(`at most ${this.config.maxConnections} connections`);
          return;
        }
        res.upgrade<SocketData>({ connection: undefined }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
      },
      open: (ws) => this.onOpen(ws, endpoint),
      message: (ws, message, isBinary) => this.onMessage(ws, message, isBinary),
      close: (ws, code) => this.onClose(ws, code),
    });
  }

  private onOpen(ws: uWS.WebSocket<SocketData>, endpoint: Endpoint): void {
    const now = this.clock();
    const c = new Connection(this.nextConnectionId++, endpoint, ws, now, this.config.maxMessagesPerSecond);
    ws.getUserData().connection = c;
    this.connections.add(c);
    if (endpoint === 'trade') this.sendChallenge(c, now);
  }

  private onClose(ws: uWS.WebSocket<SocketData>, code: number): void {
    const c = ws.getUserData().connection;
    if (c === undefined) return;
    c.closed = true;
    this.connections.delete(c);
    this.subscriptions -= c.topics.size;
    for (const t of c.topics) this.countSubscriber(t, -1);
    if (c.state !== SessionState.ACTIVE) return;
    this.metrics.sessionsClosed++;
    const list = this.sessionsByAccount.get(c.accountId);
    if (list !== undefined) {
      const i = list.indexOf(c);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.sessionsByAccount.delete(c.accountId);
    }
    this.log.debug({ connection: c.id, accountId: c.accountId, code }, 'session closed');
    if (c.cancelOnDisconnect) {
      const cmd: Command = { kind: CommandKind.MASS_CANCEL, actor: c.accountId, scope: MassCancelScope.ACCOUNT, accountId: c.accountId, seriesId: 0 };
      this.sequencer.enqueue(cmd, undefined, (error) => this.log.error({ err: error, accountId: c.accountId }, 'cancel-on-disconnect could not be queued'));
    }
  }

  private onMessage(ws: uWS.WebSocket<SocketData>, message: ArrayBuffer, isBinary: boolean): void {
    const c = ws.getUserData().connection;
    if (c === undefined || c.closed) return;
    const now = this.clock();
    c.lastReceivedMs = now;
    this.metrics.framesIn++;
    if (message.byteLength > this.config.maxFrameBytes) {
      return this.cut(c, ErrorCode.FRAME_TOO_LARGE, `frames are limited to ${this.config.maxFrameBytes} bytes`);
    }
    // Every frame, good or bad, spends from the budget; decoding first lets the refusal name the request.
    const withinBudget = c.throttle.take(now);
    if (!isBinary) return this.sendError(c, 0, withinBudget ? ErrorCode.TEXT_FRAME : ErrorCode.RATE_LIMITED, 'frames are binary protobuf (patx.v1.ClientFrame); text is refused');
    let frame: ClientFrame;
    try {
      frame = wire.ClientFrame.decode(new Uint8Array(message));
    } catch (error) {
      return this.sendError(c, 0, withinBudget ? ErrorCode.MALFORMED_FRAME : ErrorCode.RATE_LIMITED, `not a ClientFrame: ${(error as Error).message}`);
    }
    const requestId = frame.requestId ?? 0;
    if (!withinBudget) return this.sendError(c, requestId, ErrorCode.RATE_LIMITED, `over ${this.config.maxMessagesPerSecond} messages per second; nothing was done`);
    try {
      this.dispatch(c, frame, requestId, now);
    } catch (error) {
      if (error instanceof WireError) return this.sendError(c, requestId, error.code, error.message, error.field);
      // A bug of ours must not take the process down or leave the client guessing.
      this.log.error({ err: error, connection: c.id }, 'request failed');
      this.sendError(c, requestId, ErrorCode.SERVICE_UNAVAILABLE, 'internal error; nothing was done');
    }
  }

  private dispatch(c: Connection, frame: ClientFrame, requestId: number, now: number): void {
    const body = frame.body;
    if (body === undefined) throw new WireError(ErrorCode.EMPTY_FRAME, 'the frame has no request in it (unknown to this server, or empty)');
    if (body === 'heartbeat') return;
    if (body === 'seriesQuery') return this.answerSeriesQuery(c, requestId);
    if (body === 'login') {
      if (c.endpoint !== 'trade') throw new WireError(ErrorCode.WRONG_ENDPOINT, 'log in on /v1/trade; market data needs no login');
      return this.login(c, frame.login!, requestId, now);
    }
    if (MARKET_BODIES.has(body)) {
      if (c.endpoint !== 'market') throw new WireError(ErrorCode.WRONG_ENDPOINT, 'subscribe on /v1/market');
      return body === 'subscribe' ? this.subscribe(c, frame.subscribe!, requestId) : this.unsubscribe(c, frame.unsubscribe!, requestId);
    }
    if (!ORDER_ENTRY_BODIES.has(body)) throw new WireError(ErrorCode.EMPTY_FRAME, `${body} is not a request`);
    if (c.endpoint !== 'trade') throw new WireError(ErrorCode.WRONG_ENDPOINT, 'order entry is on /v1/trade');
    if (c.state !== SessionState.ACTIVE) throw new WireError(ErrorCode.NOT_AUTHENTICATED, 'log in first');
    const actor = c.accountId;
    switch (body) {
      case 'newOrder':
        this.metrics.ordersReceived++;
        return this.submit(c, requestId, newOrderCommand(frame.newOrder!, actor));
      case 'cancelOrder':
        return this.submit(c, requestId, cancelCommand(frame.cancelOrder!, actor));
      case 'amendOrder':
        return this.submit(c, requestId, amendCommand(frame.amendOrder!, actor));
      case 'massCancel':
        return this.submit(c, requestId, massCancelCommand(frame.massCancel!, actor, c.role === Role.OPERATOR));
      case 'declareCapacity':
        return this.submit(c, requestId, declareCapacityCommand(frame.declareCapacity!, actor));
      case 'mint':
        return this.submit(c, requestId, mintCommand(frame.mint!, actor));
      case 'exercise':
        return this.submit(c, requestId, exerciseCommand(frame.exercise!, actor));
      case 'requestWithdrawal':
        return this.submit(c, requestId, withdrawalCommand(frame.requestWithdrawal!, actor));
      case 'accountQuery':
        return this.read(c, requestId, (engine) => ({ accountView: accountView(engine, engine.accounts[actor]!) }));
      case 'openOrdersQuery': {
        const seriesId = wireInt(frame.openOrdersQuery!.seriesId, 'series_id', 0);
        return this.read(c, requestId, (engine) => ({ openOrders: openOrdersView(engine, engine.accounts[actor]!, seriesId) }));
      }
      default:
        throw new WireError(ErrorCode.EMPTY_FRAME, `${body} is not a request`);
    }
  }

  // ------------------------------------------------------------ order entry

  private submit(c: Connection, requestId: number, cmd: Command): void {
    this.metrics.commandsSubmitted++;
    const receivedAt = performance.now();
    this.sequencer.enqueue(
      cmd,
      (result) => {
        this.turnAckedSeqs.push(result.seq);
        this.turnSenders.push(c);
        this.sendBytes(c, encodeCommandAckFrame(requestId, result, c.accountId));
        this.metrics.ackLatency.observe(performance.now() - receivedAt);
      },
      (error) => this.sendRefusal(c, requestId, error),
    );
  }

  /** A query answered from journaled state, in order with the session's commands. */
  private read(c: Connection, requestId: number, view: (engine: Sequencer['engine']) => ServerFrame): void {
    this.sequencer.read(
      view,
      (frame) => this.send(c, { ...frame, requestId }),
      (error) => this.sendRefusal(c, requestId, error),
    );
  }

  private sendRefusal(c: Connection, requestId: number, error: Error): void {
    if (error instanceof SequencerBusyError) this.sendError(c, requestId, ErrorCode.SERVER_BUSY, 'the engine is busy; nothing was done, retry later');
    else this.sendError(c, requestId, ErrorCode.SERVICE_UNAVAILABLE, 'the engine is stopped; nothing was done');
  }

  // ------------------------------------------------------------ login

  private sendChallenge(c: Connection, now: number): void {
    c.challenge = newChallenge(now, this.config.challengeTtlMs, this.config.chainId);
    c.state = SessionState.CHALLENGED;
    this.send(c, { challenge: { nonce: c.challenge.nonce, expiresAtMs: c.challenge.expiresAtMs, signText: c.challenge.signText, serverTimeMs: now } });
  }

  private login(c: Connection, m: patx.v1.ILogin, requestId: number, now: number): void {
    if (c.state === SessionState.ACTIVE) throw new WireError(ErrorCode.ALREADY_AUTHENTICATED, 'this session is already logged in');
    if (c.state === SessionState.LOGGING_IN) throw new WireError(ErrorCode.ALREADY_AUTHENTICATED, 'a login is in progress');
    const cancelOnDisconnect = m.cancelOnDisconnect === true;
    if ((m.operatorToken ?? '') !== '') {
      if (!operatorTokenMatches(m.operatorToken!, this.config.operatorToken)) return this.refuseLogin(c, requestId, now, ErrorCode.AUTH_FAILED, 'operator credential refused');
      c.state = SessionState.LOGGING_IN;
      c.challenge = undefined;
      return this.sequencer.read(
        (engine) => engine.accounts.find((a) => a?.role === Role.OPERATOR)?.id ?? 0,
        (accountId) => (accountId === 0 ? this.refuseLogin(c, requestId, now, ErrorCode.AUTH_FAILED, 'no operator account exists') : this.activate(c, requestId, accountId, Role.OPERATOR, '', cancelOnDisconnect, false)),
        (error) => this.sendRefusal(c, requestId, error),
      );
    }
    const signature = m.signature ?? new Uint8Array(0);
    const check = checkWalletLogin(c.challenge, m.address ?? '', signature, now);
    if (!check.ok) return this.refuseLogin(c, requestId, now, check.expired ? ErrorCode.CHALLENGE_EXPIRED : ErrorCode.AUTH_FAILED, check.reason);
    const newRole = m.role === undefined || m.role === 0 ? Role.CONSUMER : m.role;
    if (newRole !== Role.CONSUMER && newRole !== Role.PROVIDER) return this.refuseLogin(c, requestId, now, ErrorCode.INVALID_FIELD, 'a wallet opens a CONSUMER or PROVIDER account');
    c.state = SessionState.LOGGING_IN;
    c.challenge = undefined; // single use, whatever happens next
    this.bindWallet(c, requestId, check.address, newRole, cancelOnDisconnect, true);
  }

  /** Finds the address's account, opening one on first login. */
  private bindWallet(c: Connection, requestId: number, address: string, newRole: Role, cancelOnDisconnect: boolean, mayOpen: boolean): void {
    this.sequencer.read(
      (engine) => {
        const id = engine.accountIdByAddress.get(address);
        return id === undefined ? undefined : { id, role: engine.accounts[id]!.role };
      },
      (found) => {
        if (found !== undefined) return this.activate(c, requestId, found.id, found.role, address, cancelOnDisconnect, false);
        if (!mayOpen) return this.refuseLogin(c, requestId, this.clock(), ErrorCode.AUTH_FAILED, 'the account could not be opened');
        const open: Command = { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: newRole, address };
        this.sequencer.enqueue(
          open,
          (result) => {
            const opened = result.events.find((e) => e.type === EventType.ACCOUNT_OPENED);
            if (opened !== undefined && opened.type === EventType.ACCOUNT_OPENED) return this.activate(c, requestId, opened.accountId, newRole, address, cancelOnDisconnect, true);
            // Another session opened it first (ADDRESS_IN_USE): bind to that one.
            this.bindWallet(c, requestId, address, newRole, cancelOnDisconnect, false);
          },
          (error) => this.sendRefusal(c, requestId, error),
        );
      },
      (error) => this.sendRefusal(c, requestId, error),
    );
  }

  private activate(c: Connection, requestId: number, accountId: number, role: Role, address: string, cancelOnDisconnect: boolean, opened: boolean): void {
    if (c.closed) return;
    c.state = SessionState.ACTIVE;
    c.accountId = accountId;
    c.role = role;
    c.address = address;
    c.cancelOnDisconnect = cancelOnDisconnect;
    const list = this.sessionsByAccount.get(accountId);
    if (list === undefined) this.sessionsByAccount.set(accountId, [c]);
    else list.push(c);
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
      },
    });
  }

  private refuseLogin(c: Connection, requestId: number, now: number, code: ErrorCode, message: string): void {
    this.metrics.loginsFailed++;
    c.failedLogins++;
    this.sendError(c, requestId, code, message);
    if (c.failedLogins >= this.config.maxLoginAttempts) return this.cut(c, ErrorCode.AUTH_FAILED, 'too many failed logins');
    if (!c.closed) this.sendChallenge(c, now); // a fresh nonce: the old signature is good for nothing now
  }

  // ------------------------------------------------------------ market data

  private answerSeriesQuery(c: Connection, requestId: number): void {
    this.sequencer.read(
      (engine) => liveSeries(engine),
      (series) => this.send(c, { requestId, seriesList: { series } }),
      (error) => this.sendRefusal(c, requestId, error),
    );
  }

  private subscribe(c: Connection, m: patx.v1.ISubscribe, requestId: number): void {
    const seriesId = wireInt(m.seriesId, 'series_id', 1);
    const channels = channelsOf(m.channels);
    if (!this.feed.hasSeries(seriesId)) throw new WireError(ErrorCode.SERIES_NOT_FOUND, `no series ${seriesId}`, 'series_id');
    const added = channels.filter((ch) => !c.topics.has(topic(seriesId, ch)));
    if (c.topics.size + added.length > this.config.maxSubscriptionsPerConnection) {
      throw new WireError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `at most ${this.config.maxSubscriptionsPerConnection} streams per connection`);
    }
    // Publish what is pending first, then subscribe and snapshot in one synchronous step:
    // the snapshot is the state at the stream's seq, every later publish reaches this
    // socket after it, and none published before is missed.
    this.feed.publish(seriesId);
    for (const ch of added) {
      const t = topic(seriesId, ch);
      c.ws.subscribe(t);
      c.topics.add(t);
      this.countSubscriber(t, 1);
      this.subscriptions++;
    }
    this.send(c, { requestId, subscribed: { seriesId, streams: channels.map((channel) => ({ channel, seq: this.feed.streamSeq(seriesId, channel) })) } });
    for (const ch of channels) {
      const snapshot = this.feed.snapshot(seriesId, ch);
      if (snapshot !== undefined) this.send(c, snapshot);
    }
  }

  private unsubscribe(c: Connection, m: patx.v1.IUnsubscribe, requestId: number): void {
    const seriesId = wireInt(m.seriesId, 'series_id', 1);
    const channels = channelsOf(m.channels);
    for (const ch of channels) {
      const t = topic(seriesId, ch);
      if (!c.topics.delete(t)) continue;
      c.ws.unsubscribe(t);
      this.countSubscriber(t, -1);
      this.subscriptions--;
    }
    this.send(c, { requestId, unsubscribed: { seriesId, channels } });
  }

  // ------------------------------------------------------------ released turns

  private onRelease(batch: ReleasedBatch): void {
    this.metrics.commitLatency.observe(performance.now() - batch.appliedAtMonoMs);
    this.releasedSeq = batch.firstSeq + batch.commands.length - 1;
    let acked = 0; // cursor into turnAckedSeqs: events come in seq order
    for (const e of batch.events) {
      this.count(e);
      if (this.sessionsByAccount.size === 0) continue;
      while (acked < this.turnAckedSeqs.length && this.turnAckedSeqs[acked]! < e.seq) acked++;
      this.routeReports(batch, e, this.turnAckedSeqs[acked] === e.seq ? this.turnSenders[acked] : undefined);
    }
    this.turnAckedSeqs.length = 0;
    this.turnSenders.length = 0;
    this.feed.onBatch(batch);
    this.checkBackpressure();
  }

  private countSubscriber(topicName: string, delta: number): void {
    const n = (this.subscribersByTopic.get(topicName) ?? 0) + delta;
    if (n > 0) this.subscribersByTopic.set(topicName, n);
    else this.subscribersByTopic.delete(topicName);
  }

  private lastBackpressureCheckMs = 0;

  /**
   * Cuts connections over the backpressure limit. Publishing does not say which
   * sockets are behind, so look, but at most every 5 ms (a scan of 1,000
   * sockets costs a few microseconds each time).
   */
  private checkBackpressure(): void {
    const now = performance.now();
    if (now - this.lastBackpressureCheckMs < 5) return;
    this.lastBackpressureCheckMs = now;
    for (const c of this.connections) {
      if (!c.closed && c.ws.getBufferedAmount() > this.config.maxBackpressureBytes) this.cutSlow(c);
    }
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
    forEachOrderOwner(e, (accountId) => {
      const sessions = this.sessionsByAccount.get(accountId);
      if (sessions === undefined || (sessions.length === 1 && sessions[0] === sender)) return;
      // Built and encoded once per account; every other session of it gets the same bytes.
      for (const r of executionReports(e)) {
        if (r.accountId !== accountId) continue;
        const frame = encodeExecutionReportFrame(r, e, batch.timeMs);
        for (const s of sessions) if (s !== sender) this.sendBytes(s, frame);
      }
    });
  }

  // ------------------------------------------------------------ sending

  private send(c: Connection, frame: ServerFrame): void {
    if (!c.closed) this.sendBytes(c, encode(frame));
  }

  private sendBytes(c: Connection, bytes: Uint8Array): void {
    if (c.closed) return;
    c.outbox.push(bytes);
    if (!c.flushQueued) {
      c.flushQueued = true;
      this.toFlush.push(c);
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const now = this.clock();
    for (const c of this.toFlush) {
      c.flushQueued = false;
      if (c.closed) continue;
      c.ws.cork(() => {
        for (const bytes of c.outbox) c.ws.send(bytes, true);
      });
      this.metrics.framesOut += c.outbox.length;
      c.outbox.length = 0;
      c.lastSentMs = now;
      if (c.ws.getBufferedAmount() > this.config.maxBackpressureBytes) this.cutSlow(c);
    }
    this.toFlush.length = 0;
  }

  private sendError(c: Connection, requestId: number, code: ErrorCode, message: string, field = ''): void {
    this.metrics.error(wire.ErrorCode[code] ?? String(code));
    this.send(c, { requestId, error: { code, message, field } });
  }

  /** Closes a connection with an error frame and a close code naming the reason. */
  private cut(c: Connection, code: ErrorCode, message: string): void {
    if (c.closed) return;
    this.sendError(c, 0, code, message);
    this.flush();
    if (c.closed) return;
    c.closed = true; // nothing more is sent to it; onClose finishes the bookkeeping
    c.ws.end(closeCode(code), message);
  }

  private cutSlow(c: Connection): void {
    if (c.closed) return;
    c.closed = true; // nothing more is sent to it; onClose finishes the bookkeeping
    this.metrics.slowConsumersCut++;
    this.log.warn({ connection: c.id, bufferedBytes: c.ws.getBufferedAmount() }, 'slow consumer cut off');
    // Its queue is full: the reason goes in the close frame, not a data frame behind the backlog.
    c.ws.end(closeCode(ErrorCode.SLOW_CONSUMER), 'SLOW_CONSUMER: backpressure limit exceeded');
  }

  /** Heartbeats out, silent connections and expired challenges closed, slow consumers cut. */
  private sweep(): void {
    const now = this.clock();
    const { heartbeatIntervalMs, heartbeatTimeoutMs } = this.config;
    this.lastBackpressureCheckMs = 0;
    this.checkBackpressure();
    for (const c of this.connections) {
      if (c.closed) continue;
      if (c.endpoint === 'trade' && c.state === SessionState.CHALLENGED && c.challenge !== undefined && now > c.challenge.expiresAtMs) {
        this.cut(c, ErrorCode.CHALLENGE_EXPIRED, 'not logged in before the challenge expired');
        continue;
      }
      if (now - c.lastReceivedMs > heartbeatTimeoutMs) {
        this.cut(c, ErrorCode.HEARTBEAT_TIMEOUT, `nothing received for ${heartbeatTimeoutMs} ms`);
        continue;
      }
      if (now - c.lastSentMs >= heartbeatIntervalMs) this.send(c, { heartbeat: { timeMs: now } });
    }
  }
}

function encode(frame: ServerFrame): Uint8Array {
  return wire.ServerFrame.encode(frame).finish();
}

export function topic(seriesId: number, channel: Channel): string {
  return `md/${seriesId}/${channel}`;
}

function channelsOf(list: readonly patx.v1.Channel[] | null | undefined): Channel[] {
  if (list === null || list === undefined || list.length === 0) return [...ALL_CHANNELS];
  const out: Channel[] = [];
  for (const ch of list) {
    if (!ALL_CHANNELS.includes(ch)) throw new WireError(ErrorCode.INVALID_FIELD, `channel ${ch} does not exist`, 'channels');
    if (!out.includes(ch)) out.push(ch);
  }
  return out;
}

