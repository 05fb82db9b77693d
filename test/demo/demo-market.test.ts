/**
 * The first start shows a living market: with the demo participants trading
 * through the real gateway, the broker quotes both sides of every demo spot
 * series (the provider's rights give it asks), seen from a market-data client.
 * (The demo model feed's series excepted: its own provider sells there.)
 * Settlement off here (the consumer then holds no PAT, so nothing sells); the
 * same participants deposit on the embedded chain under `npm start`.
 *
 * The clock starts at a fixed time of day and runs at real speed: which windows
 * are listed, and how near their close, must not depend on when the suite runs.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MarketDataClient, wire, type patx } from '../../src/client/index.js';
import { loadConfig } from '../../src/app/config.js';
import { consumerPurchase, consumerSeries, CONSUMER_LEAVES, providerSale, publishDemoListings, restockNow, startDemoMarket } from '../../src/demo/index.js';
import { FEED_SEGMENT } from '../../src/demo/demo-model-feed.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService } from '../../src/app/service.js';
import { removeDir, until } from '../support/exchange-fixture.js';

interface Sides {
  bid: boolean;
  ask: boolean;
}

/** Runs the demo from `startMs` until `settled(series, sides)` holds, then stops everything. */
async function demoAt(startMs: number, settled: (series: patx.v1.ISeriesInfo[], sides: Map<number, Sides>, nowMs: number) => boolean, what: string): Promise<void> {
  const offset = startMs - Date.now();
  const clock = (): number => Date.now() + offset;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-demo-'));
  const logger = createLogger('silent');
  const service = await startService(loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false } }), logger, clock);
  // As `npm start` does: the demo provider mints only in segments it has published listings for.
  await publishDemoListings(service.catalog, service.engine, service.sequencer, clock, logger);
  const base = `127.0.0.1:${service.gateway.port}`;
  const marketUrl = `ws://127.0.0.1:${service.gateway.marketData.port}/v1/market`;
  const demo = await startDemoMarket({ tradeUrl: `ws://${base}/v1/trade`, marketUrl, httpUrl: `http://${base}`, settlement: false, intervalMs: 20, log: logger });
  const md = await MarketDataClient.connect(marketUrl);
  try {
    // The demo model feed's series are its own provider's to sell into (the reference model: test/demo/demo-model-feed.test.ts).
    const spot = (await md.series()).filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING && s.contract?.startsWith(`${FEED_SEGMENT}|`) !== true);
    expect(spot.length).toBeGreaterThan(0);
    const sides = new Map<number, Sides>();
    md.on('quotes', (q) => sides.set(Number(q.seriesId), { bid: (q.bids?.length ?? 0) > 0, ask: (q.asks?.length ?? 0) > 0 }));
    for (const s of spot) await md.subscribe(Number(s.seriesId), [wire.Channel.QUOTES]);
    await until(() => settled(spot, sides, clock()), what);
  } finally {
    await md.close();
    await demo.stop();
    await service.stop();
    removeDir(dir);
  }
}

const HOUR_MS = 3_600_000;
const twoSided = (sides: Map<number, Sides>, s: patx.v1.ISeriesInfo): boolean => sides.get(Number(s.seriesId))?.bid === true && sides.get(Number(s.seriesId))?.ask === true;

describe('demo market', () => {
  it('buys in every spot series in turn, not always in one (which it would empty)', () => {
    for (let count = 1; count <= 12; count++) {
      const spot = Array.from({ length: count }, (_, i) => 100 + i);
      for (const start of [0, 5, 1_000]) {
        const visited = Array.from({ length: count }, (_, k) => consumerSeries(spot, start + k));
        expect(new Set(visited).size).toBe(count);
      }
    }
  });

  it("never takes the broker's last rights, and restocks an empty ask past what it leaves (a new user's first buy finds an ask)", () => {
    const quote = (askQty: number, bidQty = 10) => ({ bidMicros: 600_000, bidQty, askMicros: 700_000, askQty });
    for (let turn = 0; turn < 12; turn++) {
      for (let askQty = 0; askQty <= 8; askQty++) {
        const bought = consumerPurchase(quote(askQty), turn);
        expect(bought).toBeGreaterThanOrEqual(0);
        expect(askQty - bought).toBeGreaterThanOrEqual(Math.min(askQty, CONSUMER_LEAVES));
      }
      expect(consumerPurchase(quote(CONSUMER_LEAVES + 3), turn)).toBe(1 + (turn % 3));
      expect(providerSale(quote(0), turn)).toBe(5); // more than the consumer leaves, so a user finds some
      expect(providerSale(quote(0, 3), turn)).toBe(3); // never more than the broker bids for
      expect(providerSale(quote(5), turn)).toBe(1 + (turn % 5));
    }
  });

  it('restocks at once every series whose broker bids and has nothing to sell, not only the turn\'s', () => {
    const quote = (bidQty: number, askQty: number) => ({ bidMicros: bidQty > 0 ? 600_000 : 0, bidQty, askMicros: askQty > 0 ? 700_000 : 0, askQty });
    const best = new Map([
      [1, quote(10, 0)], // the turn's own: sold into on its turn
      [2, quote(10, 0)], // empty ask, a bid: now
      [3, quote(0, 0)], // no bid (near its close, or at its limit): nothing to sell into
      [4, quote(10, 5)], // stocked
    ]);
    expect(restockNow([1, 2, 3, 4, 5], best, 1, new Set())).toEqual([2]); // 5: no quote seen yet
    expect(restockNow([1, 2, 3, 4, 5], best, 1, new Set([2]))).toEqual([]); // restocked, not quoted since
  });

  it('makes every demo spot book two-sided (Monday 12:05 UTC)', async () => {
    await demoAt(Date.UTC(2026, 10, 23, 12, 5), (spot, sides) => spot.every((s) => twoSided(sides, s)), 'every demo spot series quoted on both sides');
  });

  it('before midnight, quotes the windows listed ahead on both sides, and still offers what it holds in the closing ones (Monday 23:55 UTC)', async () => {
    await demoAt(
      Date.UTC(2026, 10, 23, 23, 55),
      (spot, sides, now) => {
        const ahead = spot.filter((s) => Number(s.openAtMs) > now);
        const closing = spot.filter((s) => Number(s.closeAtMs) - now < HOUR_MS);
        // Nothing sells here, so near the close the broker stops buying what it could not sell in time (docs/pricing.md).
        return ahead.length >= 2 && closing.length >= 2 && ahead.every((s) => twoSided(sides, s)) && closing.every((s) => sides.get(Number(s.seriesId))?.ask === true);
      },
      'the next windows quoted on both sides, the closing ones offered',
    );
  });
});
