/**
 * An OpenOrdersQuery is paid from its account's read budget (readRateLimitPerAccount; the command budget,
 * orderRateLimitPerAccount, until an audit found it let 98 full pages through at once), at its cost
 * (openOrdersPageCost). An audit of 2026-12-05 found it bounded only by each connection's frame rate: ten
 * sessions of one account with 200 resting orders asked 5,000 pages a second, 33,000 reads waited in the
 * engine's queue, the heap reached 1.5 GB, and another client's order took 12 s to be acked (1.5 ms idle).
 * Here a real service on 127.0.0.1: an account with 200 resting orders asks 100 pages at once from two
 * sessions; only what its budget pays for is read, the rest refused RATE_LIMITED, while another account
 * (its own budget) is answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatxRequestError } from '../../src/client/index.js';
import { Side } from '../../src/engine/index.js';
import { openOrdersPageCost } from '../../src/gateway/read-budget.js';
import { limitOrder } from '../support/exchange-fixture.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const BURST = 500;
let fx: GatewayFixture;

beforeAll(async () => {
  // A refill too slow to matter while the test runs: what passes is the burst.
  fx = await startGatewayFixture({ readRateLimitPerAccount: { burst: BURST, perSecond: 0.001 } });
}, 60_000);
afterAll(async () => {
  await fx?.stop();
});

describe('open orders from the account read budget', () => {
  it('costs one, one per 10 orders a page can hold, one per 1,000 open orders walked', () => {
    expect(openOrdersPageCost(0, 1_000)).toBe(1);
    expect(openOrdersPageCost(3, 1_000)).toBe(2);
    expect(openOrdersPageCost(200, 1_000)).toBe(21);
    expect(openOrdersPageCost(200, 10)).toBe(2);
    expect(openOrdersPageCost(1_000, 1_000)).toBe(102);
    expect(openOrdersPageCost(100_000, 1_000)).toBe(201);
  });

  it('pages past the budget are refused RATE_LIMITED, never read; another account is answered', async () => {
    const wallet = testWallet(7301);
    const [a, b] = await Promise.all([fx.connect(wallet), fx.connect(wallet)]);
    const other = await fx.connect(testWallet(7302));
    try {
      await fx.fund(a.accountId, 10);
      const { minPriceMicros } = fx.service.engine.series[fx.seriesId]!.spec;
      // Placed through the engine, not the sessions: the budget is all the pages'.
      for (let i = 0; i < 200; i++) await fx.submitOk(limitOrder(a.accountId, fx.seriesId, Side.BUY, minPriceMicros, 1));
      expect(fx.service.engine.accounts[a.accountId]!.openOrders).toBe(200);

      const asked = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).openOrdersPage()));
      const answered = asked.filter((r) => r.status === 'fulfilled');
      const refused = asked.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as unknown);
      // 500 / 21: 23 full pages, and a 24th from a nearly full bucket (a cost above what is left passes only from a full one).
      expect(answered.length).toBe(Math.floor(BURST / openOrdersPageCost(200, 1_000)));
      for (const page of answered) expect((page as PromiseFulfilledResult<{ orders?: unknown[] }>).value.orders).toHaveLength(200);
      expect(refused.length).toBe(100 - answered.length);
      for (const e of refused) {
        expect(e).toBeInstanceOf(PatxRequestError);
        expect((e as PatxRequestError).code).toBe('RATE_LIMITED');
        expect((e as PatxRequestError).message).toMatch(/this page of open orders .*counts as 21\)/);
      }
      // Another account has its own budget; the sessions stay open (a budget spent is not a fault).
      expect((await other.openOrdersPage()).orders ?? []).toHaveLength(0);
      expect(Number((await a.account()).accountId)).toBe(a.accountId);
    } finally {
      await Promise.all([a.close(), b.close(), other.close()]);
    }
  });
});
