/**
 * SETTLEMENT is a cash-settled series' stream (SYNTHETIC, CALL, PUT: its marks, then its settlement
 * index; docs/protocol.md, "Market data"). On a SPOT or FORWARD series nothing is ever published on
 * it, yet a subscribe was answered Subscribed, counted against the connection's streams and left the
 * client waiting for marks that never come, where OPTION on a series that is no option is refused.
 * Now it is refused the same way: INVALID_FIELD, field `channels`, and nothing is subscribed (the
 * series' other channels in the same request neither).
 *
 * A MarketDataServer on a real uWS socket in this process, seeded with a SPOT and a SYNTHETIC series.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MarketDataClient, PatxRequestError, wire } from '../../src/client/index.js';
import { SeriesKind, SeriesStatus } from '../../src/engine/index.js';
import { DEFAULT_GATEWAY_CONFIG } from '../../src/gateway/config.js';
import { createMarketDataCounters, MarketDataCounters } from '../../src/gateway/market-data-counters.js';
import { MarketDataServer } from '../../src/gateway/market-data-server.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';

const SPOT = 1;
const FORWARD = 2;
const SYNTHETIC = 3;

let server: MarketDataServer | undefined;
let client: MarketDataClient | undefined;
afterEach(async () => {
  await client?.close();
  server?.close(1001, 'test over');
  client = undefined;
  server = undefined;
});

async function start(): Promise<{ url: string; counters: MarketDataCounters }> {
  const config = { ...DEFAULT_GATEWAY_CONFIG, host: '127.0.0.1' };
  const counters = new MarketDataCounters(createMarketDataCounters());
  const s = new MarketDataServer({ config, counters, logger: createLogger('silent'), seriesList: () => Promise.resolve([]) });
  const now = Date.now();
  const day = 86_400_000;
  s.seed({
    lastSeq: 10,
    lastTradeId: 0,
    timeMs: now,
    // id, reference price, status, kind, open, close, contract index
    series: Float64Array.from([
      ...[SPOT, 0, SeriesStatus.TRADING, SeriesKind.SPOT, now - 1_000, now + day, 0],
      ...[FORWARD, 0, SeriesStatus.TRADING, SeriesKind.FORWARD, now + day, now + 2 * day, 0],
      ...[SYNTHETIC, 0, SeriesStatus.TRADING, SeriesKind.SYNTHETIC, now - 1_000, now + day, 0],
    ]),
    contracts: ['AUTO_INTENT|1D|0.70-0.85'],
    orders: new Float64Array(0),
  });
  const port = await s.listen('127.0.0.1', await freePort());
  server = s;
  return { url: `ws://127.0.0.1:${port}/v1/market`, counters };
}

async function refusal(p: Promise<unknown>): Promise<PatxRequestError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PatxRequestError);
  return error as PatxRequestError;
}

describe('market data: SETTLEMENT only on a cash-settled series', () => {
  it('refuses SETTLEMENT on a SPOT or FORWARD series with INVALID_FIELD (channels), subscribing nothing; a SYNTHETIC takes it', async () => {
    const { url, counters } = await start();
    const md = (client = await MarketDataClient.connect(url));
    for (const id of [SPOT, FORWARD]) {
      const error = await refusal(md.subscribe(id, [wire.Channel.STATUS, wire.Channel.SETTLEMENT]));
      expect(error.code).toBe('INVALID_FIELD');
      expect(error.field).toBe('channels');
      expect(error.message).toContain(`series ${id}`);
    }
    expect(counters.subscriptions).toBe(0);
    const subscribed = await md.subscribe(SYNTHETIC, [wire.Channel.SETTLEMENT]);
    expect(subscribed.streams).toEqual([expect.objectContaining({ channel: wire.Channel.SETTLEMENT })]);
    expect(counters.subscriptions).toBe(1);
  });
});
