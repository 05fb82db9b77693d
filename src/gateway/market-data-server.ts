/**
 * Public market data (`/v1/market`) on its own uWS app and port, run on the
 * market-data thread (market-data-worker.ts): subscriptions, snapshots and the
 * fan-out of the feed's messages by uWS pub/sub. It learns what happened from
 * released turns read off the feed ring, so the engine's thread spends nothing
 * on subscribers: not the feed's bookkeeping, not one socket write.
 */
import type uWS from 'uWebSockets.js';
import { uws } from './uws.js';
import { ContractKeyError } from '../engine/index.js';
import type { Logger } from '../runtime/log.js';
import type { patx } from '../proto/index.js';
import type { GatewayConfig } from './config.js';
import { gatewayTransport } from './transport.js';
import type { Connection } from './connection.js';
import type { FeedRingVisitor } from './feed-ring.js';
import { createServerApp, listenExclusive } from './listen.js';
import type { MarketDataCounters } from './market-data-counters.js';
import { ALL_CHANNELS, Channel, MarketFeed, SERIES_CHANNELS, type FeedEvent, type FeedSeed } from './market-feed.js';
import type { OptionModelFields } from './option-models.js';
import { RateBuckets } from './request-limits.js';
import { framed, seriesQueryRefusal, SeriesListReads } from './series-list-reads.js';
import { SnapshotBudget } from './snapshot-budget.js';
import { SocketEndpoint, type ClientFrame } from './socket-endpoint.js';
import { ErrorCode, WireError, wireInt } from './wire-commands.js';

export interface MarketDataServerOptions {
  config: GatewayConfig;
  counters: MarketDataCounters;
  logger: Logger;
  /** The live series, from the engine's thread (a SeriesQuery's answer). */
  seriesList: () => Promise<patx.v1.ISeriesInfo[]>;
  clock?: () => number;
}

function topic(seriesId: number, channel: Channel): string {
  return `md/${seriesId}/${channel}`;
}

/** A contract's forward curve, by the feed's curve id (a feed's ids are its own; a reset closes every subscriber). */
function curveTopic(curveId: number): string {
  return `fc/${curveId}`;
}

export class MarketDataServer implements FeedRingVisitor {
  private feed: MarketFeed;
  private readonly app: uWS.TemplatedApp;
  private readonly endpoint: SocketEndpoint;
  private listenSocket: uWS.us_listen_socket | undefined;
  private readonly counters: MarketDataCounters;
  private readonly config: GatewayConfig;
  private readonly log: Logger;
  /** Series queries share one question to the engine's thread at a time, each paid for by a token of its address's bucket. */
  private readonly seriesReads: SeriesListReads;
  private readonly seriesQueriesByAddress: RateBuckets;
  private sweepTimer: NodeJS.Timeout | undefined;
  /**
   * Subscribers per topic, kept here: the feed asks for every message it might
   * build, and uWS's numSubscribers is a native call costing microseconds.
   */
  private readonly subscribersByTopic = new Map<string, number>();
  /** Topic names by series and channel, built once (publishing asks for them per message). */
  private readonly topics = new Map<number, string[]>();
  /**
   * When each subscribed topic was last published to (performance.now()): a connection's frames by
   * pub/sub bypass its outbox, so the heartbeat sweep looks here before sending one (lastPublishedTo).
   * One write per publish, whatever the subscribers; an entry goes with the topic's last subscriber.
   */
  private readonly publishedMonoMs = new Map<string, number>();
  /** Snapshot levels per second for the whole thread, shared fairly by client address. */
  private readonly snapshotBudget: SnapshotBudget;
  /**
   * Subscribes per client address (`subscribeRateLimitPerAddress`), whatever their snapshots
   * cost: a subscribe of a cheap stream costs the thread a publish, a topic subscription and
   * an answer all the same, so one address churning them from many connections could keep
   * the thread from another address's subscribe.
   */
  private readonly subscribesByAddress: RateBuckets;
  /** The refusal's text up to its retry time, built once: refusing must cost less than what it refuses. */
  private readonly subscribeRefusal: string;

  /** Applies the turns released and not yet looked at (the thread's ring reader sets it). */
  catchUp: () => void = () => undefined;

  constructor(options: MarketDataServerOptions) {
    this.config = options.config;
    this.app = createServerApp('market data', this.config.host, gatewayTransport(this.config));
    this.counters = options.counters;
    this.log = options.logger.child({ module: 'market-data' });
    this.seriesReads = new SeriesListReads((deliver, fail) => options.seriesList().then(deliver, fail));
    this.seriesQueriesByAddress = new RateBuckets('address', this.config.seriesQueryRateLimitPerAddress);
    this.snapshotBudget = new SnapshotBudget(this.config.maxSnapshotLevelsPerSecond);
    const { burst, perSecond } = this.config.subscribeRateLimitPerAddress;
    this.subscribesByAddress = new RateBuckets('subscribe', this.config.subscribeRateLimitPerAddress);
    this.subscribeRefusal = `over this address's subscribes (a burst of ${burst}, then ${perSecond} a second, shared by its connections); nothing was done, subscribe again in `;
    this.counters.connections = 0;
    this.counters.subscriptions = 0;
    this.feed = this.newFeed();
    this.endpoint = new SocketEndpoint({
      app: this.app,
      path: '/v1/market',
      endpoint: 'market',
      config: this.config,
      counters: this.counters,
      log: this.log,
      clock: options.clock ?? Date.now,
      handler: {
        opened: () => this.counters.connections++,
        closed: (c) => this.onClose(c),
        frame: (c, frame, requestId, nowMs) => this.onFrame(c, frame, requestId, nowMs),
        lastPublishedMonoMs: (c) => this.lastPublishedTo(c),
      },
      shuttingDown: () => this.counters.shuttingDown,
    });
  }

  private newFeed(): MarketFeed {
    return new MarketFeed(
      {
        hasSubscribers: (seriesId, channel) => (this.subscribersByTopic.get(this.topicOf(seriesId, channel)) ?? 0) > 0,
        publish: (seriesId, channel, frame) => {
          const t = this.topicOf(seriesId, channel);
          this.app.publish(t, frame, true);
          this.publishedMonoMs.set(t, performance.now());
          this.counters.framesOut++;
        },
        // Curves change at most once per publication of a quoted series: a topic name per call is fine.
        hasCurveSubscribers: (curveId) => (this.subscribersByTopic.get(curveTopic(curveId)) ?? 0) > 0,
        publishCurve: (curveId, frame) => {
          const t = curveTopic(curveId);
          this.app.publish(t, frame, true);
          this.publishedMonoMs.set(t, performance.now());
          this.counters.framesOut++;
        },
      },
      { intervalMs: this.config.marketDataIntervalMs },
    );
  }

  /**
   * Starts market data over from `seed`: every connection is closed with `code`
   * and `reason` (their streams' seqs start again), the listening socket stays.
   */
  reset(seed: FeedSeed, code: number, reason: string): void {
    this.endpoint.closeAll(code, reason);
    this.feed.stop();
    this.feed = this.newFeed();
    this.seed(seed);
  }

  /** The feed's first state, before it listens (a standby's thread keeps its books current from here, listening on nothing). */
  seed(seed: FeedSeed): void {
    this.feed.seed(seed);
    this.counters.series = this.feed.seriesCount;
    this.counters.appliedSeq = seed.lastSeq;
  }

  /** Starts listening on `port` (0: any free port), the feed seeded already; resolves with the port bound. */
  async listen(host: string, port: number): Promise<number> {
    const bound = await listenExclusive(this.app, host, port, 'market data');
    this.listenSocket = bound.socket;
    this.sweepTimer = setInterval(() => this.sweep(), this.endpoint.sweepIntervalMs);
    return bound.port;
  }

  /** Stops listening and closes every connection with `code` and `reason`. */
  close(code: number, reason: string): void {
    if (this.sweepTimer !== undefined) clearInterval(this.sweepTimer);
    this.feed.stop();
    if (this.listenSocket !== undefined) uws().us_listen_socket_close(this.listenSocket);
    this.listenSocket = undefined;
    this.endpoint.closeAll(code, reason);
  }

  // ------------------------------------------------------------ released turns (FeedRingVisitor)

  beginTurn(lastSeq: number, timeMs: number): void {
    this.feed.beginTurn(lastSeq, timeMs);
    this.counters.appliedSeq = lastSeq;
  }

  apply(e: FeedEvent): void {
    this.feed.apply(e);
  }

  endTurn(): void {
    this.feed.endTurn();
    this.updateFeedCounters();
    this.endpoint.checkBackpressure();
  }

  /** The quoter repriced options (from the engine's thread, not the ring: docs/protocol.md, "Options: the broker's model"). */
  optionModels(models: readonly OptionModelFields[]): void {
    for (const m of models) this.feed.optionModel(m);
    this.endpoint.checkBackpressure();
  }

  private updateFeedCounters(): void {
    this.counters.publications = this.feed.publications;
    this.counters.busyMs = this.feed.busyMs;
    this.counters.series = this.feed.seriesCount;
  }

  private sweep(): void {
    this.updateFeedCounters();
    this.endpoint.sweep();
  }

  // ------------------------------------------------------------ requests

  private onFrame(c: Connection, frame: ClientFrame, requestId: number, nowMs: number): void {
    switch (frame.body) {
      case 'subscribe':
        return this.subscribe(c, frame.subscribe!, requestId, nowMs);
      case 'unsubscribe':
        return this.unsubscribe(c, frame.unsubscribe!, requestId);
      case 'seriesQuery':
        return this.answerSeriesQuery(c, requestId, nowMs);
      default:
        throw new WireError(ErrorCode.WRONG_ENDPOINT, 'market data takes subscribe, unsubscribe and series queries; log in and trade on /v1/trade');
    }
  }

  /** As on /v1/trade: a token from the address's bucket, then a share of the one read on its way (series-list-reads.ts). */
  private answerSeriesQuery(c: Connection, requestId: number, nowMs: number): void {
    const verdict = this.seriesQueriesByAddress.take(c.remoteAddress, nowMs);
    if (!verdict.ok) return this.endpoint.sendError(c, requestId, ErrorCode.RATE_LIMITED, `${seriesQueryRefusal(this.config)}${verdict.retryAfterS} s`, '', verdict.retryAfterS * 1000);
    const asked = this.seriesReads.ask((answer) =>
      answer instanceof Error ? this.endpoint.sendError(c, requestId, ErrorCode.SERVICE_UNAVAILABLE, 'the engine is stopped or busy; nothing was done') : this.endpoint.sendBytes(c, framed(requestId, answer.encoded)),
    );
    if (!asked) this.endpoint.sendError(c, requestId, ErrorCode.SERVER_BUSY, 'too many series queries wait for the engine; nothing was done, retry later');
  }

  private subscribe(c: Connection, m: patx.v1.ISubscribe, requestId: number, nowMs: number): void {
    // First, before the request is looked at: a refused subscribe costs the thread its answer only.
    const verdict = this.subscribesByAddress.take(c.remoteAddress, nowMs);
    if (!verdict.ok) return this.endpoint.sendError(c, requestId, ErrorCode.RATE_LIMITED, `${this.subscribeRefusal}${verdict.retryAfterS} s`, '', verdict.retryAfterS * 1000);
    // What was released since the ring was last looked at (it is polled every ms), so a series or contract listed just
    // before is known, and the snapshot is as of now.
    this.catchUp();
    if (isContractRequest(m)) return this.subscribeCurve(c, m, requestId, nowMs);
    const seriesId = wireInt(m.seriesId, 'series_id', 1);
    const channels = channelsOf(m.channels);
    if (!this.feed.hasSeries(seriesId)) throw new WireError(ErrorCode.SERIES_NOT_FOUND, `no series ${seriesId}`, 'series_id');
    if (channels.includes(Channel.OPTION) && !this.feed.isOption(seriesId)) {
      throw new WireError(ErrorCode.INVALID_FIELD, `series ${seriesId} is not a CALL or PUT: it has no OPTION channel`, 'channels');
    }
    // Nothing is ever published on a spot's or forward's SETTLEMENT: refused as OPTION is, not a stream left silent.
    if (channels.includes(Channel.SETTLEMENT) && !this.feed.isCashSettled(seriesId)) {
      throw new WireError(ErrorCode.INVALID_FIELD, `series ${seriesId} is not cash-settled (SYNTHETIC, CALL or PUT): it has no SETTLEMENT channel`, 'channels');
    }
    const added = channels.filter((ch) => !c.topics.has(topic(seriesId, ch)));
    if (c.topics.size + added.length > this.config.maxSubscriptionsPerConnection) {
      throw new WireError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `at most ${this.config.maxSubscriptionsPerConnection} streams per connection`);
    }
    let snapshotLevels = 0;
    for (const ch of channels) snapshotLevels += this.feed.snapshotLevels(seriesId, ch);
    this.spendSnapshotBudget(c, snapshotLevels, nowMs);
    // Publish what is pending first, then subscribe and snapshot in one synchronous step:
    // the snapshot is the state at the stream's seq, every later publish reaches this
    // socket after it, and none published before is missed.
    this.feed.publish(seriesId);
    for (const ch of added) {
      const t = topic(seriesId, ch);
      c.ws.subscribe(t);
      c.topics.add(t);
      this.countSubscriber(t, 1);
    }
    this.endpoint.send(c, { requestId, subscribed: { seriesId, streams: channels.map((channel) => ({ channel, seq: this.feed.streamSeq(seriesId, channel) })) } });
    for (const ch of channels) {
      const snapshot = this.feed.snapshot(seriesId, ch);
      if (snapshot !== undefined) this.endpoint.send(c, snapshot);
    }
  }

  /** A contract's FORWARD_CURVE: Subscribed (with the curve's seq), then the curve as last published, then each new one. */
  private subscribeCurve(c: Connection, m: patx.v1.ISubscribe, requestId: number, nowMs: number): void {
    const curve = this.curveOf(m);
    const t = curveTopic(curve.curveId);
    const added = !c.topics.has(t);
    if (added && c.topics.size + 1 > this.config.maxSubscriptionsPerConnection) {
      throw new WireError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `at most ${this.config.maxSubscriptionsPerConnection} streams per connection`);
    }
    this.spendSnapshotBudget(c, 1, nowMs);
    if (added) {
      // As for a series: what is pending goes out first, so the snapshot is the curve at its seq.
      this.feed.publishCurve(curve.curveId);
      c.ws.subscribe(t);
      c.topics.add(t);
      this.countSubscriber(t, 1);
    }
    const streams = [{ channel: Channel.FORWARD_CURVE, seq: this.feed.curveSeq(curve.curveId) }];
    this.endpoint.send(c, { requestId, subscribed: { contract: curve.contract, streams } });
    const snapshot = this.feed.curveSnapshot(curve.curveId);
    if (snapshot !== undefined) this.endpoint.send(c, snapshot);
  }

  /** Refuses (RATE_LIMITED, nothing done) a subscribe whose snapshot its address's share of the budget cannot pay for now. */
  private spendSnapshotBudget(c: Connection, levels: number, nowMs: number): void {
    if (this.snapshotBudget.take(c.remoteAddress, levels, nowMs)) return;
    const share = Math.floor(this.snapshotBudget.share);
    const addresses = this.snapshotBudget.activeAddresses;
    const retryAfterMs = Math.max(1, this.snapshotBudget.waitMs(c.remoteAddress, levels));
    throw new WireError(
      ErrorCode.RATE_LIMITED,
      `over this address's share of the snapshot budget (${share} levels per second: ${this.config.maxSnapshotLevelsPerSecond} shared by ${addresses} address${addresses === 1 ? '' : 'es'}; this snapshot: ${levels}); nothing was done, subscribe again in ${retryAfterMs} ms`,
      '',
      retryAfterMs,
    );
  }

  private unsubscribeCurve(c: Connection, m: patx.v1.IUnsubscribe, requestId: number): void {
    const curve = this.curveOf(m);
    const t = curveTopic(curve.curveId);
    if (c.topics.delete(t)) {
      c.ws.unsubscribe(t);
      this.countSubscriber(t, -1);
    }
    this.endpoint.send(c, { requestId, unsubscribed: { contract: curve.contract, channels: [Channel.FORWARD_CURVE] } });
  }

  /** The curve a contract request names; typed errors for a malformed request, key or an unknown contract. */
  private curveOf(m: patx.v1.ISubscribe | patx.v1.IUnsubscribe): { curveId: number; contract: string } {
    if (wireInt(m.seriesId, 'series_id', 0) !== 0) {
      if ((m.contract ?? '') !== '') throw new WireError(ErrorCode.INVALID_FIELD, 'name a series_id or a contract, not both', 'contract');
      throw new WireError(ErrorCode.INVALID_FIELD, 'FORWARD_CURVE is per contract: name the contract, not a series', 'channels');
    }
    for (const ch of m.channels ?? []) {
      if (ch !== Channel.FORWARD_CURVE) throw new WireError(ErrorCode.INVALID_FIELD, `a contract has only the FORWARD_CURVE channel, not ${ch}`, 'channels');
    }
    let curve: { curveId: number; contract: string } | undefined;
    try {
      curve = this.feed.curveOf(m.contract!);
    } catch (error) {
      if (error instanceof ContractKeyError) throw new WireError(ErrorCode.INVALID_FIELD, `contract: ${error.message}`, 'contract');
      throw error;
    }
    if (curve === undefined) throw new WireError(ErrorCode.CONTRACT_NOT_FOUND, `no spot or forward series of ${m.contract} has been listed (a forward curve is of its spot and forward windows)`, 'contract');
    return curve;
  }

  private unsubscribe(c: Connection, m: patx.v1.IUnsubscribe, requestId: number): void {
    if (isContractRequest(m)) return this.unsubscribeCurve(c, m, requestId);
    const seriesId = wireInt(m.seriesId, 'series_id', 1);
    const channels = channelsOf(m.channels, SERIES_CHANNELS); // empty: every stream of the series, SETTLEMENT and OPTION too
    for (const ch of channels) {
      const t = topic(seriesId, ch);
      if (!c.topics.delete(t)) continue;
      c.ws.unsubscribe(t);
      this.countSubscriber(t, -1);
    }
    this.endpoint.send(c, { requestId, unsubscribed: { seriesId, channels } });
  }

  private onClose(c: Connection): void {
    this.counters.connections--;
    for (const t of c.topics) this.countSubscriber(t, -1);
  }

  private countSubscriber(topicName: string, delta: number): void {
    this.counters.subscriptions += delta;
    const n = (this.subscribersByTopic.get(topicName) ?? 0) + delta;
    if (n > 0) this.subscribersByTopic.set(topicName, n);
    else {
      this.subscribersByTopic.delete(topicName);
      this.publishedMonoMs.delete(topicName);
    }
  }

  /** The latest publish to any of the connection's topics (0: none): a scan of its topics, once per heartbeat due. */
  private lastPublishedTo(c: Connection): number {
    let latest = 0;
    for (const t of c.topics) {
      const at = this.publishedMonoMs.get(t);
      if (at !== undefined && at > latest) latest = at;
    }
    return latest;
  }

  private topicOf(seriesId: number, channel: Channel): string {
    let names = this.topics.get(seriesId);
    if (names === undefined) {
      // Indexed by channel number, 0 to OPTION (FORWARD_CURVE's slot is unused: curves have their own topics).
      names = Array.from({ length: Channel.OPTION + 1 }, (_, ch) => topic(seriesId, ch as Channel));
      this.topics.set(seriesId, names);
    }
    return names[channel]!;
  }
}

/** A request about a contract's curve: it names a contract, or asks for FORWARD_CURVE (which then needs one). */
function isContractRequest(m: patx.v1.ISubscribe | patx.v1.IUnsubscribe): boolean {
  return (m.contract ?? '') !== '' || (m.channels ?? []).includes(Channel.FORWARD_CURVE);
}

function channelsOf(list: readonly patx.v1.Channel[] | null | undefined, empty: readonly Channel[] = ALL_CHANNELS): Channel[] {
  if (list === null || list === undefined || list.length === 0) return [...empty];
  const out: Channel[] = [];
  for (const ch of list) {
    if (!SERIES_CHANNELS.includes(ch)) throw new WireError(ErrorCode.INVALID_FIELD, `channel ${ch} does not exist`, 'channels');
    if (!out.includes(ch)) out.push(ch);
  }
  return out;
}
