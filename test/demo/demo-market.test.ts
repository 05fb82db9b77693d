/**
 * The first start shows a living market: with the demo participants trading
 * through the real gateway, the broker quotes both sides of every demo spot
 * series (the provider's rights give it asks), seen from a market-data client.
 * Settlement off here (the consumer then holds no PAT); the same participants
 * deposit on the embedded chain under `npm start`.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MarketDataClient, wire } from '../../src/client/index.js';
import { loadConfig } from '../../src/config.js';
import { startDemoMarket } from '../../src/demo/index.js';
import { createLogger } from '../../src/log.js';
import { startService } from '../../src/service.js';
import { removeDir, until } from '../support/exchange-fixture.js';

describe('demo market', () => {
  it('makes the demo spot books two-sided', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-demo-'));
    const logger = createLogger('silent');
    const service = await startService(loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false } }), logger);
    const base = `127.0.0.1:${service.gateway.port}`;
    const marketUrl = `ws://127.0.0.1:${service.gateway.marketData.port}/v1/market`;
    const demo = await startDemoMarket({ tradeUrl: `ws://${base}/v1/trade`, marketUrl, httpUrl: `http://${base}`, settlement: false, intervalMs: 20, log: logger });
    const md = await MarketDataClient.connect(marketUrl);
    try {
      const spot = (await md.series()).filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING).map((s) => Number(s.seriesId));
      expect(spot.length).toBeGreaterThan(0);
      const sides = new Map<number, { bid: boolean; ask: boolean }>();
      md.on('quotes', (q) => sides.set(Number(q.seriesId), { bid: (q.bids?.length ?? 0) > 0, ask: (q.asks?.length ?? 0) > 0 }));
      for (const id of spot) await md.subscribe(id, [wire.Channel.QUOTES]);
      await until(() => spot.every((id) => sides.get(id)?.bid === true && sides.get(id)?.ask === true), 'every demo spot series quoted on both sides');
    } finally {
      await md.close();
      await demo.stop();
      await service.stop();
      removeDir(dir);
    }
  });
});
