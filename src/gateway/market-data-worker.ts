/**
 * The market-data thread's entry point (started by market-data-thread.ts
 * through worker-boot.mjs): a MarketDataServer fed from the feed ring.
 *
 * The thread lives as long as the gateway. uWS (v20.30) aborts the whole
 * process if a worker ends with sockets open (uWebSockets.js#324), and a new
 * listener cannot take the port while connections of the old one linger, so
 * market data is never restarted by replacing the thread: a failure here is
 * caught, reported, and answered with a fresh seed (MarketDataServer.reset).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../runtime/log.js';
import { lowerThreadPriority } from '../runtime/worker-thread.js';
import type { patx } from '../proto/index.js';
import { FeedRingReader, feedPollMs } from './feed-ring.js';
import { MarketDataCounters } from './market-data-counters.js';
import type { FromMarketData, MarketDataWorkerData, ToMarketData } from './market-data-messages.js';
import { MarketDataServer } from './market-data-server.js';
import { closeCode } from './socket-endpoint.js';
import { ErrorCode } from './wire-commands.js';

const data = workerData as MarketDataWorkerData;
const port = parentPort!;
const say = (message: FromMarketData): void => port.postMessage(message);
const log = createLogger(data.logLevel).child({ module: 'market-data' });
const notLowered = lowerThreadPriority(data.config.marketDataNice);
if (notLowered !== undefined) log.warn({ reason: notLowered }, 'could not lower the market-data thread priority');

let nextQueryId = 1;
const queries = new Map<number, { resolve: (series: patx.v1.ISeriesInfo[]) => void; reject: (error: Error) => void }>();

const server = new MarketDataServer({
  config: data.config,
  counters: new MarketDataCounters(data.counters),
  logger: log,
  seriesList: () =>
    new Promise((resolve, reject) => {
      const queryId = nextQueryId++;
      queries.set(queryId, { resolve, reject });
      say({ type: 'seriesQuery', queryId });
    }),
});
let reader: FeedRingReader | undefined;
/** A seed was taken: a later one resets market data. */
let seeded = false;
/** Listening, or binding its port. */
let listening = false;
/** Told to listen before its first seed came (a reset's seed still on its way): it listens once seeded. */
let listenOnSeed = false;

function follow(ring: FeedRingReader): void {
  reader = ring;
  server.catchUp = () => {
    try {
      if (reader === ring) ring.drain(server);
    } catch (error) {
      fail(error);
    }
  };
  ring.follow(server, fail, feedPollMs(data.config.marketDataIntervalMs));
}

/** A bug here: stop reading (the feed may be inconsistent) and ask for a fresh seed. The thread goes on. */
function fail(error: unknown): void {
  log.error({ err: error }, 'market data failed; asking for a fresh seed');
  reader?.stop();
  reader = undefined;
  say({ type: 'failed', reason: error instanceof Error ? error.message : String(error) });
}

/** Binds the port; a failure ends the thread (nothing is open) and the gateway's start fails. */
function listen(): void {
  if (listening) return;
  listening = true;
  server.listen(data.config.host, data.port).then((bound) => say({ type: 'listening', port: bound }), (error: Error) => {
    say({ type: 'listenFailed', reason: error.message });
    reader?.stop();
    server.close(1001, 'market data could not listen');
    process.off('uncaughtException', fail);
    port.close();
  });
}

process.on('uncaughtException', fail);

port.on('message', (message: ToMarketData) => {
  switch (message.type) {
    case 'seed': {
      reader?.stop();
      const ring = new FeedRingReader(message.ring);
      // Turns reach the ring only after the seed was taken, so reading starts with it.
      if (seeded) server.reset(message.seed, closeCode(ErrorCode.SERVICE_UNAVAILABLE), message.reason);
      else server.seed(message.seed);
      seeded = true;
      follow(ring);
      if (message.listen || listenOnSeed) listen();
      return;
    }
    case 'listen':
      // Never with an empty feed: a subscriber's first snapshot must be the engine's.
      if (seeded) listen();
      else listenOnSeed = true;
      return;
    case 'seriesList': {
      const query = queries.get(message.queryId);
      queries.delete(message.queryId);
      if (message.series === undefined) query?.reject(new Error('the engine is stopped'));
      else query?.resolve(message.series);
      return;
    }
    case 'optionModels':
      // Before the first seed there is no feed to publish on; the engine's side sends every model again after a seed.
      if (seeded) server.optionModels(message.models);
      return;
    case 'close':
      // Everything opened is closed, so the loop empties and the thread ends.
      reader?.stop();
      server.close(message.code, message.reason);
      process.off('uncaughtException', fail);
      port.close();
      return;
  }
});
