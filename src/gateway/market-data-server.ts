/**
 * Public market data (`/v1/market`) on its own uWS app and port, run on the
 * market-data thread (market-data-worker.ts): subscriptions, snapshots and the
 * fan-out of the feed's messages by uWS pub/sub. It learns what happened from
 * released turns read off the feed ring, so the engine's thread spends nothing
 * on subscribers: not the feed's bookkeeping, not one socket write.
 */
import uWS from 'uWebSockets.js';
import type { Logger } from '../log.js';
import type { patx } from '../proto/index.js';
import type { GatewayConfig } from './config.js';
import type { Connection } from './connection.js';
import type { FeedRingVisitor } from './feed-ring.js';
import { listenExclusive } from './listen.js';
import type { MarketDataCounters } from './market-data-counters.js';
import { ALL_CHANNELS, Channel, MarketFeed, type FeedEvent, type FeedSeed } from './market-feed.js';
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

export class MarketDataServer implements FeedRingVisitor {
  private feed: MarketFeed;
  private readonly app = uWS.App();
  private readonly endpoint: SocketEndpoint;
  private listenSocket: uWS.us_listen_socket | undefined;
  private readonly counters: MarketDataCounters;
  private readonly config: GatewayConfig;
  private readonly log: Logger;
  private readonly seriesList: () => Promise<patx.v1.ISeriesInfo[]>;
  private sweepTimer: NodeJS.Timeout | undefined;
  /**
   * Subscribers per topic, kept here: the feed asks for every message it might
   * build, and uWS's numSubscribers is a native call costing microseconds.
   */
  private readonly subscribersByTopic = new Map<string, number>();
  /** Topic names by series and channel, built once (publishing asks for them per message). */
  private readonly topics = new Map<number, string[]>();

  constructor(options: MarketDataServerOptions) {
    this.config = options.config;
    this.counters = options.counters;
    this.log = options.logger.child({ module: 'market-data' });
    this.seriesList = options.seriesList;
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
        frame: (c, frame, requestId) => this.onFrame(c, frame, requestId),
      },
    });
  }

  private newFeed(): MarketFeed {
    return new MarketFeed(
      {
        hasSubscribers: (seriesId, channel) => (this.subscribersByTopic.get(this.topicOf(seriesId, channel)) ?? 0) > 0,
        publish: (seriesId, channel, frame) => {
          this.app.publish(this.topicOf(seriesId, channel), frame, true);
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

  private seed(seed: FeedSeed): void {
    this.feed.seed(seed);
    this.counters.series = this.feed.seriesCount;
    this.counters.appliedSeq = seed.lastSeq;
  }

  /** Seeds the feed and starts listening on `port` (0: any free port); resolves with the port bound. */
  async listen(seed: FeedSeed, host: string, port: number): Promise<number> {
    this.seed(seed);
    const bound = await listenExclusive(this.app, host, port, 'market data');
    this.listenSocket = bound.socket;
    this.sweepTimer = setInterval(() => this.sweep(), this.endpoint.sweepIntervalMs);
    return bound.port;
  }

  /** Stops listening and closes every connection with `code` and `reason`. */
  close(code: number, reason: string): void {
    if (this.sweepTimer !== undefined) clearInterval(this.sweepTimer);
    this.feed.stop();
    if (this.listenSocket !== undefined) uWS.us_listen_socket_close(this.listenSocket);
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

  private onFrame(c: Connection, frame: ClientFrame, requestId: number): void {
    switch (frame.body) {
      case 'subscribe':
        return this.subscribe(c, frame.subscribe!, requestId);
      case 'unsubscribe':
        return this.unsubscribe(c, frame.unsubscribe!, requestId);
      case 'seriesQuery':
        return this.answerSeriesQuery(c, requestId);
      default:
        throw new WireError(ErrorCode.WRONG_ENDPOINT, 'market data takes subscribe, unsubscribe and series queries; log in and trade on /v1/trade');
    }
  }

  private answerSeriesQuery(c: Connection, requestId: number): void {
    this.seriesList().then(
      (series) => this.endpoint.send(c, { requestId, seriesList: { series } }),
      () => this.endpoint.sendError(c, requestId, ErrorCode.SERVICE_UNAVAILABLE, 'the engine is stopped; nothing was done'),
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
    }
    this.endpoint.send(c, { requestId, subscribed: { seriesId, streams: channels.map((channel) => ({ channel, seq: this.feed.streamSeq(seriesId, channel) })) } });
    for (const ch of channels) {
      const snapshot = this.feed.snapshot(seriesId, ch);
      if (snapshot !== undefined) this.endpoint.send(c, snapshot);
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
    else this.subscribersByTopic.delete(topicName);
  }

  private topicOf(seriesId: number, channel: Channel): string {
    let names = this.topics.get(seriesId);
    if (names === undefined) {
      names = [0, ...ALL_CHANNELS].map((ch) => topic(seriesId, ch as Channel));
      this.topics.set(seriesId, names);
    }
    return names[channel]!;
  }
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
