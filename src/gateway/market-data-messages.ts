/** What the engine's thread and the market-data thread say to each other (besides the feed ring). */
import type { patx } from '../proto/index.js';
import type { GatewayConfig } from './config.js';
import type { FeedRingBuffers } from './feed-ring.js';
import type { FeedSeed } from './market-feed.js';
import type { OptionModelFields } from './option-models.js';

export interface MarketDataWorkerData {
  config: GatewayConfig;
  /** The port to listen on (the configured one, or the one bound before a restart). */
  port: number;
  counters: SharedArrayBuffer;
  logLevel: string;
}

export type ToMarketData =
  /**
   * The feed's starting state, and the ring that carries every turn released after
   * it. A later seed resets market data: subscribers are closed with `reason`. The first
   * seed starts listening, unless `listen` is false (a standby's thread: it keeps its
   * books current and listens once told `listen`, when its node leads).
   */
  | { type: 'seed'; seed: FeedSeed; ring: FeedRingBuffers; reason: string; listen: boolean }
  /** Start listening now (the feed seeded and followed already). */
  | { type: 'listen' }
  | { type: 'seriesList'; queryId: number; series: patx.v1.ISeriesInfo[] | undefined }
  /** Options the quoter repriced (the OPTION channel): not journaled state, so not on the ring. After a seed, every model kept. */
  | { type: 'optionModels'; models: OptionModelFields[] }
  /** Close every connection with this code and reason, stop listening, and end. */
  | { type: 'close'; code: number; reason: string };

export type FromMarketData =
  | { type: 'listening'; port: number }
  | { type: 'listenFailed'; reason: string }
  | { type: 'seriesQuery'; queryId: number }
  /** Something broke in there: market data needs a fresh seed. */
  | { type: 'failed'; reason: string };
