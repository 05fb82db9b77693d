/**
 * OpenOrdersQuery answers a page at a time (at most 1,000 orders), ascending by order id: an account may hold 100,000
 * open orders, and the answer is built on the engine's thread. Real gateway on loopback, real protobuf frames.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectName, wire, type patx } from '../../src/client/index.js';
import { PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  // Pages back to back, as fast as they answer: a read budget that does not get in the way (read-budget.test.ts tests it).
  fx = await startGatewayFixture({ readRateLimitPerAccount: { burst: 100_000, perSecond: 100_000 } });
});
afterAll(async () => {
  await fx.stop();
});

type Client = Awaited<ReturnType<GatewayFixture['connect']>>;
const ORDERS = 1_203;

async function restOrders(c: Client, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let from = 0; from < count; from += 100) {
    const acks = await Promise.all(
      Array.from({ length: Math.min(100, count - from) }, (_, k) =>
        c.newOrder({ seriesId: fx.seriesId, clientOrderId: from + k + 1, side: wire.Side.BUY, priceMicros: PAT_MICROS / 2 + ((from + k) % 7) * 10_000, qty: 1 }),
      ),
    );
    for (const ack of acks) {
      expect(rejectName(ack)).toBe('NONE');
      ids.push(Number(ack.reports![0]!.orderId));
    }
  }
  return ids;
}

const idsOf = (orders: patx.v1.IOrderView[] | null | undefined): number[] => (orders ?? []).map((o) => Number(o.orderId));

describe('open orders, a page at a time', () => {
  it('answers at most 1,000 per page, ascending, with the cursor of the next; the client reads every page', async () => {
    // Another account's order first, so its id is below all of this account's.
    const other = await fx.connect(testWallet(301));
    await fx.fund(other.accountId, 100);
    const [otherId] = await restOrders(other, 1);
    const c = await fx.connect(testWallet(300));
    await fx.fund(c.accountId, 2_000);
    const ids = await restOrders(c, ORDERS);
    const first = await c.openOrdersPage();
    expect(idsOf(first.orders)).toEqual(ids.slice(0, 1_000));
    expect(Number(first.nextAfterOrderId)).toBe(ids[999]);
    const last = await c.openOrdersPage({ afterOrderId: Number(first.nextAfterOrderId) });
    expect(idsOf(last.orders)).toEqual(ids.slice(1_000));
    expect(Number(last.nextAfterOrderId ?? 0)).toBe(0);
    expect(idsOf(await c.openOrders())).toEqual(ids);
    expect(idsOf(await c.openOrders(fx.seriesId))).toEqual(ids);
    expect(await c.openOrders(fx.seriesId + 1_000)).toEqual([]);

    // Small pages, the cursor's own order cancelled between two: the next page starts right after it all the same.
    const p1 = await c.openOrdersPage({ limit: 10 });
    expect(idsOf(p1.orders)).toEqual(ids.slice(0, 10));
    expect(rejectName(await c.cancel({ orderId: ids[9]! }))).toBe('NONE');
    const p2 = await c.openOrdersPage({ limit: 10, afterOrderId: Number(p1.nextAfterOrderId) });
    expect(idsOf(p2.orders)).toEqual(ids.slice(10, 20));

    // Another account's order id as the cursor: this account's orders after that id; and never the other's orders.
    const afterOther = await c.openOrdersPage({ limit: 5, afterOrderId: otherId! });
    expect(idsOf(afterOther.orders)).toEqual(ids.slice(0, 5));
    expect(idsOf((await other.openOrdersPage({ afterOrderId: ids[500]! })).orders)).toEqual([]);
    expect(idsOf(await other.openOrders())).toEqual([otherId]);

    // A page larger than the most is a typed error, and nothing is answered.
    await expect(c.openOrdersPage({ limit: 1_001 })).rejects.toMatchObject({ code: 'VALUE_OUT_OF_RANGE', field: 'limit' });
    await c.massCancel({});
    await other.massCancel({});
    await c.close();
    await other.close();
  });
});
