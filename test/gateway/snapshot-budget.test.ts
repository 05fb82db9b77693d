/**
 * Each subscribe is answered with a snapshot built on the market-data thread, a repeated
 * one too (a client that saw a gap resubscribes). Found from outside: a client
 * re-subscribing to a deep book in a loop had the thread build and send a full snapshot
 * per frame, within the 2,000-frame message budget, hundreds of MB a second for one
 * socket. The thread has a budget of snapshot levels per second, shared by client address
 * (snapshot-budget.ts; snapshot-fairness.test.ts has 80 connections against one honest
 * subscriber); a subscribe over its address's share is refused with RATE_LIMITED and
 * changes nothing, another connection of the same address shares the share, another
 * address has its own. Each test comes from addresses of its own (127.0.0.1 is a trusted
 * proxy here, X-Forwarded-For names the client). Real time (the market-data thread runs on
 * Date.now).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketDataClient, PatxRequestError, wire } from '../../src/client/index.js';
import { Side } from '../../src/engine/index.js';
import { takeableBook } from '../../src/gateway/views.js';
import { limitOrder, until } from '../support/exchange-fixture.js';
import { forwardedFor } from '../support/forwarded-for.js';
import { restDeepBook, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

const LEVELS = 1_500;
const BUDGET = 2_000;
let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture({ maxSnapshotLevelsPerSecond: BUDGET, trustedProxies: ['127.0.0.1'] });
  await restDeepBook(fx, LEVELS);
}, 60_000);

afterAll(() => fx.stop());

async function refusal(request: Promise<unknown>): Promise<string> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PatxRequestError);
  // Each says when the share will hold the snapshot: at most a second at the share of now.
  const wait = /subscribe again in (\d+) ms$/.exec((error as PatxRequestError).message);
  expect(wait).not.toBeNull();
  expect(Number(wait![1])).toBeGreaterThan(0);
  expect(Number(wait![1])).toBeLessThanOrEqual(1_000);
  return (error as PatxRequestError).code;
}

describe('snapshot budget', () => {
  it("refuses a subscribe whose snapshot is over its address's share, changes nothing, and refills; the address's other connections share it, another address has its own", async () => {
    const counters = fx.service.gateway.marketData.counters;
    const md = await MarketDataClient.connect(fx.marketUrl, { socketFactory: forwardedFor('198.51.100.1') });
    const sameAddress = await MarketDataClient.connect(fx.marketUrl, { socketFactory: forwardedFor('198.51.100.1') });
    const other = await MarketDataClient.connect(fx.marketUrl, { socketFactory: forwardedFor('198.51.100.2') });
    try {
      await md.subscribe(fx.seriesId, [wire.Channel.BOOK]); // 1,500 levels of 2,000
      const before = counters.subscriptions;
      // Again (a resync), and with a stream not yet subscribed: both over what is left.
      expect(await refusal(md.subscribe(fx.seriesId, [wire.Channel.BOOK]))).toBe('RATE_LIMITED');
      expect(await refusal(md.subscribe(fx.seriesId, [wire.Channel.BOOK, wire.Channel.TRADES]))).toBe('RATE_LIMITED');
      expect(counters.subscriptions).toBe(before); // the refused TRADES stream was not added
      // Another connection from the same address pays from the same share: refused too.
      expect(await refusal(sameAddress.subscribe(fx.seriesId, [wire.Channel.BOOK]))).toBe('RATE_LIMITED');
      // A snapshot of one message fits in what is left; another address has a share of its own.
      await md.subscribe(fx.seriesId, [wire.Channel.REFERENCE]);
      await other.subscribe(fx.seriesId, [wire.Channel.BOOK]);
      expect(counters.subscriptions).toBe(before + 2);
      // A second later the budget has refilled: the resync is answered with the book.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const snapshots: number[] = [];
      md.on('book', (b) => snapshots.push(b.bids().length));
      await new Promise((resolve) => setImmediate(resolve));
      snapshots.length = 0; // a new listener is handed the book already held: only the resync counts
      await md.subscribe(fx.seriesId, [wire.Channel.BOOK]);
      await until(() => snapshots.includes(LEVELS), 'the resync snapshot', 5_000);
    } finally {
      await md.close();
      await sameAddress.close();
      await other.close();
    }
  }, 30_000);

  it("a client's resync refused for the budget is asked again until the book is back", async () => {
    const brokerId = fx.service.engine.brokerId; // its bids are the BOOK (a customer's wait for the broker's asks)
    const { minPriceMicros, tickMicros } = fx.service.engine.series[fx.seriesId]!.spec;
    const md = await MarketDataClient.connect(fx.marketUrl, { socketFactory: forwardedFor('198.51.100.3') });
    try {
      await md.subscribe(fx.seriesId, [wire.Channel.BOOK]); // all of its share (more than half the 2,000 when another address is active)
      await until(() => md.book(fx.seriesId)?.ready === true, 'the book');
      // Drop the first update: the second shows a gap, and the client resyncs at once, over the budget.
      const deliver = md.socket.onUnsolicited;
      let updates = 0;
      md.socket.onUnsolicited = (frame) => {
        if (frame.body === 'bookUpdate' && ++updates === 1) return;
        deliver(frame);
      };
      for (let k = 0; k < 2; k++) {
        await fx.submitOk(limitOrder(brokerId, fx.seriesId, Side.BUY, minPriceMicros + (LEVELS + 10 + k) * tickMicros, 1));
        await until(() => updates > k, 'a book update');
      }
      await until(() => md.resyncs === 1, 'the resync');
      await until(() => md.book(fx.seriesId)?.ready === true, 'the book after the refused resync', 10_000);
      expect(md.book(fx.seriesId)!.bids()).toEqual(takeableBook(fx.service.engine, fx.seriesId, 10_000).bids);
    } finally {
      await md.close();
    }
  }, 30_000);
});
