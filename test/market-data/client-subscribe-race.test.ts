/**
 * MarketDataClient's gap check when a stream's snapshot and its next update are read together with the
 * Subscribed they follow: `subscribe()` learns the stream's seq from Subscribed only when its promise
 * settles, after the frames read in the same socket read were handled (the `ws` package emits them all
 * in one go). It then set the stream's last seq back to the subscription's, so the update after the one
 * already taken was reported as a gap (`gap`), and a forward curve was forgotten (`curve()` undefined)
 * and its next one reported as a `curveGap`, though nothing was missed.
 *
 * A MarketDataServer on a real uWS socket in this process, fed by the test (`turn`), publishing every
 * turn (marketDataIntervalMs 0); the client stops reading while the server answers and publishes, so
 * what it reads next comes in one read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MarketDataClient, wire } from '../../src/client/index.js';
import { EventType, SeriesKind, SeriesStatus, Side } from '../../src/engine/index.js';
import { DEFAULT_GATEWAY_CONFIG } from '../../src/gateway/config.js';
import { createMarketDataCounters, MarketDataCounters } from '../../src/gateway/market-data-counters.js';
import { MarketDataServer } from '../../src/gateway/market-data-server.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';

const BROKER = 7;
const SERIES = 1;
const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
const SEED_SEQ = 10;

let server: MarketDataServer | undefined;
let client: MarketDataClient | undefined;
afterEach(async () => {
  await client?.close();
  server?.close(1001, 'test over');
  client = undefined;
  server = undefined;
});

interface Harness {
  url: string;
  counters: MarketDataCounters;
  /** One released turn: the broker quotes one more bid on the series (a book, quote ladder and curve change). */
  turn(): void;
}

async function startServer(): Promise<Harness> {
  const config = { ...DEFAULT_GATEWAY_CONFIG, host: '127.0.0.1', marketDataIntervalMs: 0 };
  const counters = new MarketDataCounters(createMarketDataCounters());
  const s = new MarketDataServer({ config, counters, logger: createLogger('silent'), seriesList: () => Promise.resolve([]) });
  const now = Date.now();
  s.seed({
    lastSeq: SEED_SEQ,
    lastTradeId: 0,
    timeMs: now,
    // id, reference price, status, kind, open, close, contract index
    series: Float64Array.from([SERIES, 0, SeriesStatus.TRADING, SeriesKind.SPOT, now - 1_000, now + 86_400_000, 0]),
    contracts: [CONTRACT],
    orders: new Float64Array(0),
    brokers: [BROKER],
  });
  let seq = SEED_SEQ;
  const turn = (): void => {
    seq++;
    s.beginTurn(seq, Date.now());
    s.apply({ type: EventType.ORDER_ACCEPTED, seq, orderId: seq, accountId: BROKER, seriesId: SERIES, side: Side.BUY, priceMicros: seq * 1_000, orderQty: 1, isQuote: true });
    s.endTurn();
  };
  const port = await s.listen('127.0.0.1', await freePort());
  server = s;
  return { url: `ws://127.0.0.1:${port}/v1/market`, counters, turn };
}

/** Lets the server's loop turn (it shares this thread): its queued frames are written to the socket. */
function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !condition(); i++) await tick();
  expect(condition()).toBe(true);
}

describe('MarketDataClient: a snapshot and the update after it read with their Subscribed', () => {
  it('a series stream: no gap is reported, the next update chains on', async () => {
    const h = await startServer();
    const md = (client = await MarketDataClient.connect(h.url));
    const gaps: string[] = [];
    md.on('gap', (id, channel, expected, got) => gaps.push(`${id}/${channel}: expected ${expected}, got ${got}`));
    const quotes: number[] = [];
    md.on('quotes', (q) => quotes.push(Number(q.seq)));
    md.socket.pauseReading();
    const subscribed = md.subscribe(SERIES, [wire.Channel.QUOTES]);
    await until(() => h.counters.subscriptions === 1);
    await tick(); // the Subscribed and the snapshot are written
    h.turn(); // the next ladder goes out behind them
    await tick();
    md.socket.resumeReading();
    await subscribed;
    await until(() => quotes.length === 2);
    h.turn();
    await until(() => quotes.length === 3);
    expect(quotes).toEqual([SEED_SEQ, SEED_SEQ + 1, SEED_SEQ + 2]);
    expect(gaps).toEqual([]);
  });

  it('a forward curve: the latest is kept and no curveGap is reported', async () => {
    const h = await startServer();
    const md = (client = await MarketDataClient.connect(h.url));
    const gaps: string[] = [];
    md.on('curveGap', (contract, expected, got) => gaps.push(`${contract}: expected ${expected}, got ${got}`));
    const curves: number[] = [];
    md.on('curve', (c) => curves.push(Number(c.seq)));
    md.socket.pauseReading();
    const subscribed = md.subscribeCurve(CONTRACT);
    await until(() => h.counters.subscriptions === 1);
    await tick();
    h.turn();
    await tick();
    md.socket.resumeReading();
    await subscribed;
    await until(() => curves.length === 2);
    expect(Number(md.curve(CONTRACT)?.seq)).toBe(SEED_SEQ + 1);
    h.turn();
    await until(() => curves.length === 3);
    expect(curves).toEqual([SEED_SEQ, SEED_SEQ + 1, SEED_SEQ + 2]);
    expect(gaps).toEqual([]);
  });
});
