/**
 * Found from outside (issue 52): 80 anonymous market-data connections that re-subscribe to a
 * deep book and never read pushed an honest client's query from 14 ms to 9–27 s, then had it
 * closed for a heartbeat timeout: the snapshot budget was per connection, so 80 connections
 * had 80 budgets. It is now one total for the thread, shared fairly by client address: the
 * 80 connections of one address share one share and get RATE_LIMITED; the honest subscriber,
 * another address, is served from its own share at once and is never closed. (Its latency
 * under that load is a bench, not an assertion: bench/snapshot-fairness.ts.) 127.0.0.1 is a
 * trusted proxy here, so the honest client is "another address" by its X-Forwarded-For; the
 * amplifiers connect directly as 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { MarketDataClient, wire } from '../../src/client/index.js';
import { until } from '../support/exchange-fixture.js';
import { forwardedFor } from '../support/forwarded-for.js';
import { restDeepBook, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { rawMarketClient, wsFrame } from '../support/raw-market-client.js';

const LEVELS = 1_500;
const BUDGET = 20_000; // levels per second for the whole thread: 13 snapshots of the deep book
const AMPLIFIERS = 80;
const SUBSCRIBES_EACH = 10;
let fx: GatewayFixture;
const sockets: Socket[] = [];

beforeAll(async () => {
  fx = await startGatewayFixture({ maxSnapshotLevelsPerSecond: BUDGET, trustedProxies: ['127.0.0.1'], maxConnectionsPerAddress: AMPLIFIERS + 10 });
  await restDeepBook(fx, LEVELS);
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await fx.stop();
});

describe('snapshot budget: fair shares by address', () => {
  it('80 connections of one address re-subscribing to a deep book without reading share one share and get RATE_LIMITED; an honest subscriber from another address gets its snapshot and is never closed', async () => {
    const counters = fx.service.gateway.marketData.counters;
    const limitedBefore = counters.errors().get('RATE_LIMITED') ?? 0;
    const framesBefore = counters.framesIn;
    const amplifiers = await Promise.all(Array.from({ length: AMPLIFIERS }, () => rawMarketClient(fx.marketUrl)));
    sockets.push(...amplifiers);
    for (const socket of amplifiers) socket.pause(); // never read
    const honest = await MarketDataClient.connect(fx.marketUrl, { socketFactory: forwardedFor('203.0.113.50'), heartbeatIntervalMs: 200, heartbeatTimeoutMs: 60_000 });
    let honestClosed: number | undefined;
    honest.on('closed', (code: number) => (honestClosed = code));
    try {
      const subscribe = wsFrame(wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId: fx.seriesId, channels: [wire.Channel.BOOK] } }).finish());
      const burst = Buffer.concat(Array.from({ length: SUBSCRIBES_EACH }, () => subscribe));
      const startedMs = Date.now();
      for (const socket of amplifiers) socket.write(burst);
      // The honest subscriber asks while the amplifiers' subscribes are being answered or refused.
      const book = new Promise<number>((resolve) => honest.on('book', (b) => resolve(b.bids().length)));
      await honest.subscribe(fx.seriesId, [wire.Channel.BOOK]);
      expect(await book).toBe(LEVELS);
      await until(() => counters.framesIn - framesBefore >= AMPLIFIERS * SUBSCRIBES_EACH, 'every amplifier subscribe answered or refused', 30_000);
      const elapsedS = (Date.now() - startedMs) / 1_000;
      const refused = (counters.errors().get('RATE_LIMITED') ?? 0) - limitedBefore;
      const granted = AMPLIFIERS * SUBSCRIBES_EACH - refused;
      // Per connection (before), every one of the 800 fit its connection's own 20,000 levels. Now the
      // address's share bounds them: the budget's worth at the start plus its refill since.
      expect(refused).toBeGreaterThan(0);
      expect(granted).toBeLessThanOrEqual(Math.ceil((BUDGET * (1 + elapsedS)) / LEVELS) + 1);
      // The honest subscriber is still connected and answered (its heartbeats kept it alive meanwhile).
      expect((await honest.series()).length).toBeGreaterThan(0);
      expect(honestClosed).toBeUndefined();
    } finally {
      await honest.close();
    }
  }, 60_000);
});

describe('bytes queued per address', () => {
  it("an address's connections that never read are cut (SLOW_CONSUMER) once together they hold more than maxQueuedBytesPerAddress, though each is under its own limit", async () => {
    // Each connection may hold 256 MiB, the address 2 MiB: only the address's total can cut them.
    const queued = await startGatewayFixture({ maxSnapshotLevelsPerSecond: 100_000_000, subscribeRateLimitPerAddress: { burst: 1_000_000, perSecond: 1_000_000 }, maxMessagesPerSecond: 100_000, maxBackpressureBytes: 256 * 1024 * 1024, maxQueuedBytesPerAddress: 2 * 1024 * 1024 });
    try {
      await restDeepBook(queued, LEVELS);
      const counters = queued.service.gateway.marketData.counters;
      const clients = await Promise.all(Array.from({ length: 6 }, () => rawMarketClient(queued.marketUrl)));
      sockets.push(...clients);
      for (const socket of clients) socket.pause();
      // 600 snapshots of the deep book each (~15 MB): past what loopback's kernel buffers hold, far under 256 MiB.
      const subscribe = wsFrame(wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId: queued.seriesId, channels: [wire.Channel.BOOK] } }).finish());
      const burst = Buffer.concat(Array.from({ length: 600 }, () => subscribe));
      for (const socket of clients) socket.write(burst);
      await until(() => counters.slowConsumersCut > 0, 'a connection of the address cut', 30_000);
    } finally {
      await queued.stop();
    }
  }, 90_000);
});
