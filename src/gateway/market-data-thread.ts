/**
 * The engine's side of the market-data thread: starts it (a worker thread
 * with its own uWS app and port, market-data-worker.ts), seeds it with the
 * engine's journaled state, writes every later released turn to the feed
 * ring, answers its series queries and reads its counters for /metrics.
 *
 * The engine's thread never waits for it. If a turn does not fit in the ring
 * (market data fell a ring's worth behind) or the thread reports a failure,
 * market data is reset: a fresh seed and ring go over, subscribers are
 * disconnected with SERVICE_UNAVAILABLE and reconnect and resubscribe, as
 * they do after any gap.
 *
 * A replicated standby prepares its thread while it waits (`prepare`): seeded once, fed
 * every record it applies, listening on nothing; leading, it moves the thread to its
 * sequencer (`follow`) and binds the port (`listen`), so a takeover copies no book.
 */
import type { Worker } from 'node:worker_threads';
import { backgroundThreads } from '../runtime/background-threads.js';
import { bootThread } from '../runtime/worker-thread.js';
import type { Logger } from '../runtime/log.js';
import type { ComponentHealth } from '../runtime/health.js';
import type { ReleasedBatch, Sequencer } from '../engine/index.js';
import type { GatewayConfig } from './config.js';
import { gatewayTransport } from './transport.js';
import { checkTransport } from '../runtime/transport-security.js';
import { createFeedRing, FeedRingWriter } from './feed-ring.js';
import { createMarketDataCounters, MarketDataCounters } from './market-data-counters.js';
import type { FromMarketData, MarketDataWorkerData, ToMarketData } from './market-data-messages.js';
import { feedSeed, seededOrderCount } from './market-feed.js';
import { OptionModelBoard, type OptionModelFields, type OptionPricingLike } from './option-models.js';
import { liveSeries } from './views.js';

/**
 * Where market data comes from: the sequencer's released turns and reads placed in its
 * queue, or a market-data edge's follower of the replicated journal (src/replication/edge.ts).
 */
export type MarketDataSource = Pick<Sequencer, 'onRelease' | 'read'>;

export interface MarketDataThreadOptions {
  config: GatewayConfig;
  /** Where its turns come from first (`follow` moves it to another: a standby's applied records, then its sequencer's). */
  sequencer: MarketDataSource;
  logger: Logger;
  /** A thread spawned earlier (`MarketDataThread.spawn`), its modules loaded while it waited. */
  spawned?: SpawnedMarketData;
}

/**
 * A market-data thread started before its gateway: it loads its modules (about a second
 * under tsx, most of it the wire schema) and waits, listening on nothing, for its first
 * seed. A replicated standby spawns one while it waits to lead, so its gateway starts that
 * much sooner at a failover.
 */
export interface SpawnedMarketData {
  readonly worker: Worker;
  readonly counters: ReturnType<typeof createMarketDataCounters>;
  readonly config: GatewayConfig;
  /** The worker ended before a gateway took it (its error was logged). */
  readonly ended: boolean;
  /** Ends the thread if no gateway took it (a standby stopped while waiting). */
  discard(): Promise<void>;
}

/** How long the closing market-data thread may take to end by itself before it is stopped. */
const CLOSE_LIMIT_MS = 10_000;

export class MarketDataThread {
  readonly counters: MarketDataCounters;
  private readonly config: GatewayConfig;
  /** Where turns and reads come from now (see `follow`). */
  private sequencer: MarketDataSource;
  private readonly log: Logger;
  private readonly worker: Worker;
  /** Set once a seed is taken: turns released from then on go to its ring. */
  private writer: FeedRingWriter | undefined;
  /** A reset is under way (its seed not yet taken). */
  private resetting = false;
  /** `close` was called: no more seeds. */
  private closing = false;
  private exited = false;
  /** `close` had to stop the thread (it did not end by itself within CLOSE_LIMIT_MS). */
  private stopped = false;
  private boundPort = 0;
  /** Market data started over from a fresh seed (for /metrics). */
  resets = 0;
  /** Seeds taken, and the resting orders they carried in all: a takeover takes none (its standby kept the books current). */
  seeds = 0;
  seededOrders = 0;
  /** The latest model of each option the quoter prices: changes go over as they come, all of them after a seed. */
  private readonly optionModels = new OptionModelBoard();

  /** For /readyz: the thread running, resetting (subscribers reconnecting), or gone. */
  health(): ComponentHealth {
    if (this.exited) {
      if (!this.closing) return { state: 'failed', detail: 'the market-data thread ended' };
      return { state: 'disabled', detail: this.stopped ? `stopped: it did not end within ${CLOSE_LIMIT_MS} ms of the close` : 'closed' };
    }
    if (this.resetting) return { state: 'degraded', detail: `restarting from a fresh seed (resets so far: ${this.resets})` };
    return { state: 'ok', detail: `port ${this.boundPort}, resets ${this.resets}` };
  }

  /** Starts the thread's worker, which loads its modules and waits for a seed (see SpawnedMarketData). */
  static spawn(config: GatewayConfig, logger: Logger): SpawnedMarketData {
    // Here, not in the thread, so a bad certificate or plaintext off loopback fails the caller's start with its own error.
    checkTransport('market data', config.host, gatewayTransport(config));
    const counters = createMarketDataCounters();
    const data: MarketDataWorkerData & { entry: string } = {
      entry: new URL('./market-data-worker.ts', import.meta.url).href,
      config,
      port: config.marketDataPort,
      counters,
      logLevel: logger.level,
    };
    const worker = bootThread('patx-market-data', data, { keepsAlive: true, background: true });
    const spawned = { worker, counters, config, ended: false, discard: () => worker.terminate().then(() => undefined) };
    worker.once('error', (error) => logger.error({ err: error, module: 'market-data' }, 'market-data thread failed'));
    worker.once('exit', () => (spawned.ended = true));
    return spawned;
  }

  private constructor(options: MarketDataThreadOptions) {
    this.config = options.config;
    this.sequencer = options.sequencer;
    this.log = options.logger.child({ module: 'market-data' });
    if (options.spawned !== undefined && (options.spawned.config !== options.config || options.spawned.ended)) {
      throw new Error('the spawned market-data thread ended, or was made for another gateway config');
    }
    const spawned = options.spawned ?? MarketDataThread.spawn(options.config, options.logger);
    this.counters = new MarketDataCounters(spawned.counters);
    this.worker = spawned.worker;
    this.worker.on('message', (message: FromMarketData) => this.onMessage(message));
    this.worker.on('error', (error) => this.log.error({ err: error }, 'market-data thread failed'));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.writer = undefined;
      if (code !== 0) this.log.error({ code }, 'market-data thread ended');
    });
    this.follow(options.sequencer);
  }

  /**
   * Takes its turns and reads from `source` from now on, and none from the one before:
   * a standby's thread moves from the records its follower applies to the sequencer's
   * released turns when the node leads. The caller makes them continue each other (no
   * turn is released between the last applied record and the sequencer's first turn), so
   * the books go on from where they are: no seed, whatever their size.
   */
  follow(source: MarketDataSource): void {
    this.sequencer = source;
    source.onRelease((batch) => {
      if (this.sequencer === source) this.onRelease(batch);
    });
  }

  /** Starts the thread; resolves once it listens. */
  static start(options: MarketDataThreadOptions): Promise<MarketDataThread> {
    const thread = new MarketDataThread(options);
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromMarketData): void => {
        if (message.type === 'listening') {
          thread.boundPort = message.port;
          resolve(thread);
        } else if (message.type === 'listenFailed') {
          reject(new Error(message.reason));
        } else return;
        thread.worker.off('message', onMessage);
      };
      thread.worker.on('message', onMessage);
      thread.worker.once('exit', (code) => reject(new Error(`the market-data thread ended (exit code ${code}) before it listened`)));
      thread.seed('', reject, true);
    });
  }

  /**
   * A standby's thread: seeded now from `options.sequencer` (the standby's engine as it
   * stands) and kept current from its turns, listening on nothing until `listen`. Its
   * node, once leading, moves it to its sequencer (`follow`) before the first turn.
   */
  static prepare(options: MarketDataThreadOptions): MarketDataThread {
    const thread = new MarketDataThread(options);
    thread.seed('', (error) => thread.log.error({ err: error }, 'market data could not be seeded'), false);
    return thread;
  }

  /** A prepared thread starts listening; resolves once it does (its books are current: it takes no seed). */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.exited) {
        reject(new Error('the market-data thread ended before it listened'));
        return;
      }
      const onExit = (code: number): void => reject(new Error(`the market-data thread ended (exit code ${code}) before it listened`));
      const onMessage = (message: FromMarketData): void => {
        if (message.type === 'listening') {
          this.boundPort = message.port;
          resolve();
        } else if (message.type === 'listenFailed') {
          reject(new Error(message.reason));
        } else return;
        this.worker.off('message', onMessage);
        this.worker.off('exit', onExit);
      };
      this.worker.on('message', onMessage);
      this.worker.once('exit', onExit);
      this.tell({ type: 'listen' });
    });
  }

  /** The port market data listens on. */
  get port(): number {
    return this.boundPort;
  }

  /** Disconnects every subscriber (1001 going away) and waits for the thread to end. */
  async close(): Promise<void> {
    this.writer = undefined;
    this.closing = true;
    if (this.exited) return;
    const ended = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), CLOSE_LIMIT_MS);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    // Seen by the thread at once, even mid-way through a flood of requests (the message is not).
    this.counters.shuttingDown = true;
    this.tell({ type: 'close', code: 1001, reason: 'server shutting down' });
    if (!(await ended)) {
      // Stopping it with sockets open aborts the process (market-data-worker.ts says why): only a hung thread gets here.
      this.log.error({ limitMs: CLOSE_LIMIT_MS }, 'the market-data thread did not end; stopping it');
      this.stopped = true;
      await this.worker.terminate();
    }
  }

  private tell(message: ToMarketData): void {
    this.worker.postMessage(message);
  }

  /**
   * The quoter repriced: the options whose public model changed go to the OPTION channel. Not
   * through the ring (the quoter is no journaled state); while a seed is pending they wait in
   * the board and go over with it.
   */
  publishOptionModels(pricing: readonly OptionPricingLike[], pricedAtMs: number): void {
    const changed = this.optionModels.update(pricing, pricedAtMs);
    if (changed.length === 0) return;
    this.postOptionModels(changed);
    for (const listener of this.optionModelListeners) listener(changed);
  }

  /** A market-data edge: the leader's models as relayed, with the seqs the leader gave them (`whole`: its whole board). */
  relayOptionModels(models: readonly OptionModelFields[], whole: boolean): void {
    const changed = this.optionModels.adopt(models, whole);
    if (changed.length > 0) this.postOptionModels(changed);
  }

  /** Every option model kept, with its seq (what an edge asks the leader for when it starts). */
  optionModelsNow(): OptionModelFields[] {
    return this.optionModels.all();
  }

  private readonly optionModelListeners: Array<(changed: readonly OptionModelFields[]) => void> = [];

  /** Called with the models of each repricing that changed, numbered (the leader relays them to its edges). */
  onOptionModels(listener: (changed: readonly OptionModelFields[]) => void): void {
    this.optionModelListeners.push(listener);
  }

  private postOptionModels(changed: OptionModelFields[]): void {
    if (this.writer !== undefined && !this.exited) this.tell({ type: 'optionModels', models: changed });
  }

  private onRelease(batch: ReleasedBatch): void {
    const writer = this.writer;
    if (writer === undefined) return;
    if (writer.writeTurn(batch)) {
      // An eighth of the ring unread: the thread is not keeping up in the background (a burst takes both cores).
      if (writer.unread > writer.capacity >> 3) backgroundThreads.behind(this.worker);
      return;
    }
    this.reset(`market data fell ${writer.capacity} events behind the engine`);
  }

  private onMessage(message: FromMarketData): void {
    if (message.type === 'seriesQuery') {
      this.sequencer.read(
        (engine) => liveSeries(engine),
        (series) => this.tell({ type: 'seriesList', queryId: message.queryId, series }),
        () => this.tell({ type: 'seriesList', queryId: message.queryId, series: undefined }),
      );
    } else if (message.type === 'failed') {
      this.reset(`it failed: ${message.reason}`);
    }
  }

  /** Starts market data over from a fresh seed; its subscribers are told to come back. */
  private reset(reason: string): void {
    if (this.resetting || this.closing || this.exited) return;
    this.resets++;
    this.log.error({ reason }, 'resetting market data');
    this.writer = undefined;
    this.seed(`market data restarting (${reason}); reconnect and resubscribe`, (error) => this.log.error({ err: error }, 'market data could not be reseeded'));
  }

  /**
   * Takes a seed at the next turn and sends it with a new ring; every turn
   * released after the seed's place in the queue (and none before) goes to that ring.
   */
  private seed(reason: string, fail: (error: Error) => void, listen = false): void {
    this.resetting = true;
    const ring = createFeedRing(this.config.marketDataRingRecords);
    this.sequencer.read(
      (engine) => feedSeed(engine),
      (seed) => {
        this.resetting = false;
        if (this.closing || this.exited) return;
        this.seeds++;
        this.seededOrders += seededOrderCount(seed);
        this.tell({ type: 'seed', seed, ring, reason, listen });
        this.writer = new FeedRingWriter(ring);
        // After the seed (the worker reads its messages in order), so every option it lists is known.
        const models = this.optionModels.all();
        if (models.length > 0) this.tell({ type: 'optionModels', models });
      },
      fail,
    );
  }
}
