/**
 * Found from outside (issue 74): 80 market-data connections of one address re-subscribing
 * pushed another address's subscribe to 8,954 ms once. The snapshot budget prices a
 * subscribe by its snapshot's levels, so subscribes to cheap streams passed by the thousand,
 * each costing the market-data thread a publish, a topic subscription and its answers. Now
 * each address has a budget of subscribes (`subscribeRateLimitPerAddress`, a token bucket
 * shared by its connections): one address's churn beyond it is refused RATE_LIMITED, nothing
 * done, while another address's subscribes are all granted. Counts, not times: how long the
 * honest subscribe waits under load is a bench's question (bench/snapshot-fairness.ts).
 *
 * The churning connections are 127.0.0.1 (raw sockets that read, so every answer is counted);
 * the honest client's socket is bound to 127.0.0.2, another address to the server with no
 * proxy configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { MarketDataClient, wire } from '../../src/client/index.js';
import { until } from '../support/exchange-fixture.js';
import { fromLocalAddress } from '../support/forwarded-for.js';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { rawMarketClient, serverFrames, wsFrame } from '../support/raw-market-client.js';

const BURST = 40;
const PER_SECOND = 1;
const CHURNERS = 40;
/** Each churner subscribes to every stream of the series and unsubscribes, this many times. */
const ROUNDS = 25;
let fx: GatewayFixture;
const sockets: Socket[] = [];

beforeAll(async () => {
  fx = await startGatewayFixture({ subscribeRateLimitPerAddress: { burst: BURST, perSecond: PER_SECOND } });
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await fx.stop();
});

/** The answers (frames with a request id) a churner got: request id → the answer's kind, and the refusals' texts. */
function answers(received: Buffer[]): { kinds: Map<number, string>; refusals: string[] } {
  const kinds = new Map<number, string>();
  const refusals: string[] = [];
  for (const { opcode, payload } of serverFrames(Buffer.concat(received))) {
    if (opcode !== 2) continue;
    const frame = wire.ServerFrame.decode(payload);
    const requestId = Number(frame.requestId ?? 0);
    if (requestId === 0 || frame.body === undefined) continue;
    expect(kinds.has(requestId), `request ${requestId} answered once`).toBe(false);
    if (frame.body === 'error') {
      kinds.set(requestId, wire.ErrorCode[frame.error!.code!] ?? String(frame.error!.code));
      refusals.push(frame.error!.message ?? '');
    } else kinds.set(requestId, frame.body);
  }
  return { kinds, refusals };
}

describe('subscribes per address', () => {
  it("one address's connections churning subscribes are refused RATE_LIMITED beyond its budget, nothing done; another address's subscribes are all granted", async () => {
    const counters = fx.service.gateway.marketData.counters;
    const subscriptionsBefore = counters.subscriptions;
    const churners = await Promise.all(Array.from({ length: CHURNERS }, () => rawMarketClient(fx.marketUrl)));
    sockets.push(...churners);
    const received = churners.map((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      return chunks;
    });
    const honest = await MarketDataClient.connect(fx.marketUrl, { socketFactory: fromLocalAddress('127.0.0.2') });
    try {
      // Subscribe (odd request ids) and unsubscribe (even), every stream of the series, ROUNDS times on each connection at once.
      const startedMs = Date.now();
      for (const socket of churners) {
        const frames: Buffer[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          frames.push(wsFrame(wire.ClientFrame.encode({ requestId: 2 * round + 1, subscribe: { seriesId: fx.seriesId, channels: [] } }).finish()));
          frames.push(wsFrame(wire.ClientFrame.encode({ requestId: 2 * round + 2, unsubscribe: { seriesId: fx.seriesId, channels: [] } }).finish()));
        }
        socket.write(Buffer.concat(frames));
      }
      // The honest address subscribes while the churn is answered.
      const first = await honest.subscribe(fx.seriesId);
      expect(first.streams?.length).toBeGreaterThan(0);
      await until(() => received.every((chunks) => answers(chunks).kinds.size === 2 * ROUNDS), 'every churner request answered', 30_000);
      const elapsedS = (Date.now() - startedMs) / 1_000;

      let granted = 0;
      let refused = 0;
      for (const chunks of received) {
        const { kinds, refusals } = answers(chunks);
        for (let round = 0; round < ROUNDS; round++) {
          const subscribe = kinds.get(2 * round + 1);
          if (subscribe === 'subscribed') granted++;
          else {
            expect(subscribe).toBe('RATE_LIMITED');
            refused++;
          }
          expect(kinds.get(2 * round + 2)).toBe('unsubscribed'); // an unsubscribe is not a subscribe: always answered
        }
        for (const text of refusals) expect(text).toMatch(/^over this address's subscribes \(a burst of 40, then 1 a second, shared by its connections\); nothing was done, subscribe again in \d+ s$/);
      }
      // Its connections share one bucket: the burst and its refill, whatever the number of connections (before: all 1,000 granted).
      expect(granted + refused).toBe(CHURNERS * ROUNDS);
      expect(granted).toBeLessThanOrEqual(BURST + Math.ceil(PER_SECOND * elapsedS) + 1);
      expect(refused).toBeGreaterThanOrEqual(CHURNERS * ROUNDS - BURST - Math.ceil(PER_SECOND * elapsedS) - 1);
      // Refused subscribes added nothing: every churner unsubscribed after each granted one.
      expect(counters.subscriptions - subscriptionsBefore).toBe(first.streams!.length);

      // The churning address's bucket is empty; the honest one's is not: a resync, and its streams again, all granted.
      for (let i = 0; i < 5; i++) expect((await honest.subscribe(fx.seriesId)).streams?.length).toBe(first.streams!.length);
    } finally {
      await honest.close();
    }
  }, 60_000);
});
