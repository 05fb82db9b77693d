/**
 * Stopping the service while hundreds of market-data subscribers flood it with requests
 * and never read. Found from outside (an edge stopped under 10,000 backlogged
 * subscribers aborted): the market-data thread handles every frame already received
 * before it sees the close message, so 500 clients re-subscribing to a deep book (each
 * subscribe answered with a snapshot of tens of KB) kept it busy past the close limit;
 * it was then stopped with sockets open, which aborts the whole process (uWS in a
 * worker thread). Now the engine's thread raises a flag in shared memory that the
 * market-data thread checks per frame: the frames left are dropped, the close is
 * handled, and the thread ends by itself.
 *
 * The backpressure limit and throttle are raised so that no subscriber is cut first: the
 * flood is what keeps the thread busy. A regression shows as the test process aborting, or
 * as the health detail saying the thread had to be stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { wire } from '../../src/client/index.js';
import { restDeepBook, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { rawMarketClient, wsFrame } from '../support/raw-market-client.js';

const CLIENTS = 500;
const LEVELS = 1_500;
let fx: GatewayFixture;
let clients: Socket[] = [];

beforeAll(async () => {
  fx = await startGatewayFixture({ maxBackpressureBytes: 256 * 1024 * 1024, maxSnapshotLevelsPerSecond: 100_000_000, maxMessagesPerSecond: 100_000 });
  await restDeepBook(fx, LEVELS);
}, 60_000);

afterAll(() => {
  for (const socket of clients) socket.destroy();
});

describe('market data shutdown', () => {
  it('ends by itself while 500 subscribers that never read flood it with re-subscribes', async () => {
    const subscribe = wsFrame(wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId: fx.seriesId, channels: [wire.Channel.BOOK] } }).finish());
    clients = await Promise.all(Array.from({ length: CLIENTS }, () => rawMarketClient(fx.marketUrl)));
    for (const socket of clients) socket.pause(); // never read
    const burst = Buffer.concat(Array.from({ length: 20 }, () => subscribe));
    for (let round = 0; round < 6; round++) {
      for (const socket of clients) socket.write(burst);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const marketData = fx.service.gateway.marketData;
    expect(marketData.health().state).toBe('ok');
    await fx.stop();
    expect(marketData.health()).toEqual({ state: 'disabled', detail: 'closed' });
  }, 120_000);
});
