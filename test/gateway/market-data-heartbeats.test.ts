/**
 * Market data's heartbeats go out only when a connection has been sent nothing else for the
 * heartbeat interval (docs/protocol.md, "Heartbeats"). Data reaches subscribers by uWS topics,
 * past the endpoint's outbox, and once did not count as sent: a client whose book updated every
 * 50 ms still got a heartbeat every interval. A real service on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameSocket, wire } from '../../src/client/index.js';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

const INTERVAL_MS = 300;
let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture({ heartbeatIntervalMs: INTERVAL_MS, heartbeatTimeoutMs: 30_000 });
  await fx.stockBroker(10, 1_000_000); // rights for its asks
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('market-data heartbeats', () => {
  it('go out only after an interval in which nothing was published to the connection, and resume when data stops', async () => {
    const socket = await FrameSocket.open(fx.marketUrl);
    const bookUpdates: number[] = [];
    /** Each heartbeat's time_ms: the service's clock when it was sent. */
    const heartbeatsAtMs: number[] = [];
    socket.onUnsolicited = (frame) => {
      if (frame.body === 'bookUpdate') bookUpdates.push(Number(frame.bookUpdate!.seq));
      if (frame.body === 'heartbeat') heartbeatsAtMs.push(Number(frame.heartbeat!.timeMs));
    };
    try {
      await socket.request({ subscribe: { seriesId: fx.seriesId, channels: [wire.Channel.BOOK] } });
      // A book update every 50 ms or so for six intervals, each reaching the client by the series' BOOK topic.
      /** Each quote's turn time on the same clock: its update was published after it. */
      const quotesAtMs: number[] = [];
      for (let i = 0; i < 36; i++) {
        const r = await fx.quote({ priceMicros: 900_000 + (i % 2) * 10_000, qty: 1 }, { priceMicros: 1_100_000, qty: 1 });
        quotesAtMs.push(r.timeMs);
        await sleep(50);
      }
      const flowEndMs = quotesAtMs.at(-1)!;
      await sleep(INTERVAL_MS * 5); // room for two, each up to a sweep (250 ms) late
      expect(bookUpdates.length).toBeGreaterThanOrEqual(30);
      // Each heartbeat came an interval (less the clocks' granularity) after the last update published before it. Judged on
      // the server's times, not on arrival here, where a stall of this thread (it runs the service too) could bunch frames.
      const gapsMs = heartbeatsAtMs.filter((t) => t >= quotesAtMs[0]!).map((t) => t - quotesAtMs.filter((q) => q <= t).at(-1)!);
      expect(gapsMs.filter((g) => g < INTERVAL_MS - 10), `heartbeats this long after an update, ms: ${gapsMs.join(', ')}`).toEqual([]);
      // Quiet: they resume.
      expect(heartbeatsAtMs.filter((t) => t > flowEndMs).length).toBeGreaterThanOrEqual(2);
    } finally {
      await socket.close();
    }
  }, 60_000);
});
