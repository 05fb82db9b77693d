/**
 * Stalled market-data sockets are cut off on every send path, as the protocol
 * says (close 4017 SLOW_CONSUMER, counted, logged), and hold a bounded amount of
 * the server's memory meanwhile. The case found from outside: a deep book (~1,500
 * levels, so every snapshot is tens of KB) and clients that re-subscribe in a loop
 * and never read. Each subscribe sends a snapshot, and one flush can hold hundreds of
 * them: the limit is checked before every frame, so a socket holds at most the limit
 * plus one frame, and is cut (counted, logged) and released although it never reads.
 * Raw TCP WebSocket clients, so reading can really stop. (The report's 4 KiB receive
 * buffers cannot be set from Node; loopback's larger buffers only delay the cut.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wire } from '../../src/client/index.js';
import { restDeepBook, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { until } from '../support/exchange-fixture.js';
import { rawMarketClient, wsFrame } from '../support/raw-market-client.js';

const LIMIT_BYTES = Number(process.env.XL ?? 256 * 1024);
const LEVELS = 1_500;
const CLIENTS = Number(process.env.XC ?? 12);
let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture({ maxBackpressureBytes: LIMIT_BYTES, maxSnapshotLevelsPerSecond: 100_000_000, subscribeRateLimitPerAddress: { burst: 1_000_000, perSecond: 1_000_000 }, maxMessagesPerSecond: Number(process.env.XR ?? 100_000) });
  await restDeepBook(fx, LEVELS);
}, 60_000);

afterAll(() => fx.stop());

describe('slow consumers', () => {
  it('clients that re-subscribe to a deep book and never read are all cut (SLOW_CONSUMER), counted, and released by the server although they never read', async () => {
    const counters = fx.service.gateway.marketData.counters;
    const cutBefore = counters.slowConsumersCut;
    const subscribe = wsFrame(wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId: fx.seriesId, channels: [wire.Channel.BOOK] } }).finish());
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => rawMarketClient(fx.marketUrl)));
    clients.forEach((socket) => {
      socket.pause(); // never read: the kernel buffers fill, then the server's queue grows
    });
    const burst = Buffer.concat(Array.from({ length: 50 }, () => subscribe));
    // One client at a time: it re-subscribes until it is cut, then goes quiet (still not reading).
    for (const [i, socket] of clients.entries()) {
      const deadline = Date.now() + 30_000;
      while (counters.slowConsumersCut - cutBefore <= i && Date.now() < deadline) {
        if (!socket.destroyed && socket.writable) socket.write(burst);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    expect(counters.slowConsumersCut - cutBefore).toBe(CLIENTS);
    // They stop writing and still never read: a close frame queued behind a backlog nobody
    // reads would never leave, so the server must let go of them itself, with their buffers.
    await until(() => counters.connections === 0, 'the server to release every cut connection', 15_000);
    const metrics = await (await fetch(`${fx.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`patx_slow_consumers_cut_total\\S* ${cutBefore + CLIENTS}`));
    for (const socket of clients) socket.destroy();
  }, 90_000);
});
