/**
 * What became of an order, on a real service (real LMDB journal and stores, uWS on loopback, wallet-signed HTTP,
 * protobuf over WebSocket): a cancelled order, one filled while its owner was away, an expired GTD order, a
 * cancel-on-disconnect, a partly filled then cancelled order and a refused one, each found by id and by client id
 * after the fact, over HTTP (GET /v1/orders) and the order-entry socket (OrderStatusQuery, answered in order with the
 * session's commands); the same after a restart on the same data; another account's order answers as an unknown
 * one; the per-account cap prunes the oldest ended orders; bad queries are typed 400s. The model alone:
 * test/gateway/order-history-model.test.ts.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wallet } from 'ethers';
import { getOrder, getOrderByClientId, listOrders, PatxHttpError, rejectName, wire, type OrderView, type TradingClient } from '../../src/client/index.js';
import { signedCall } from '../../src/client/http.js';
import { startService, type Service } from '../../src/app/service.js';
import { Side, TimeInForce, type NewOrder } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { limitOrder } from '../support/exchange-fixture.js';
import { PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const ASK = 500_000;
const CAP = 5;
let fx: GatewayFixture;
/** The service started again on the same data (the last test), and its HTTP base. */
let restarted: Service | undefined;
let httpUrl = '';
beforeAll(async () => {
  fx = await startGatewayFixture({}, { orderHistory: { retentionDays: 30, maxClosedPerAccount: CAP } });
  httpUrl = fx.httpUrl;
  await fx.stockBroker(200, 400_000);
});
afterAll(async () => {
  if (restarted === undefined) return fx.stop();
  await restarted.stop();
  rmSync(fx.dir, { recursive: true, force: true });
});

const http = (wallet: Wallet) => ({ url: httpUrl, wallet });
const byClient = async (wallet: Wallet, clientOrderId: number): Promise<OrderView> => (await getOrderByClientId(http(wallet), clientOrderId)).order;
const refusal = (p: Promise<unknown>): Promise<PatxHttpError> => p.then(() => { throw new Error('answered'); }, (error: unknown) => error as PatxHttpError);
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('never came');
}
const orderIdOf = (ack: { reports?: Array<{ orderId?: number | null }> | null }): number => Number(ack.reports![0]!.orderId);
async function session(wallet: Wallet, options: { cancelOnDisconnect?: boolean } = {}): Promise<TradingClient> {
  const c = await fx.connect(wallet, options);
  await fx.fund(Number(c.login!.accountId), 1_000);
  return c;
}
const bid = (clientOrderId: number, priceMicros: number, qty: number, timeInForce: number = wire.TimeInForce.GTC, expireAtMs = 0) =>
  ({ seriesId: fx.seriesId, clientOrderId, side: wire.Side.BUY, priceMicros, qty, timeInForce, expireAtMs });

describe('order history: what became of an order', () => {
  const alice = testWallet(700);
  const bob = testWallet(701);
  const carol = testWallet(702);
  const seen: Record<string, OrderView> = {};

  it('a cancelled order, by id and client id, over HTTP and the socket; the socket answers in order after the cancel', async () => {
    const c = await session(alice);
    const id = orderIdOf(await c.newOrder(bid(1, 300_000, 2)));
    expect(rejectName(await c.cancel({ orderId: id }))).toBe('NONE');
    const byId = (await getOrder(http(alice), id)).order;
    expect(byId).toMatchObject({ orderId: id, clientOrderId: 1, side: 'BUY', orderType: 'LIMIT', timeInForce: 'GTC', status: 'CANCELED', cancelReason: 'USER', orderQty: 2, cumQty: 0, leavesQty: 0, priceMicros: 300_000 });
    expect(await byClient(alice, 1)).toEqual(byId);
    seen.cancelled = byId;

    // Pipelined: the cancel and the query leave together; the query's answer says what the cancel did.
    const id2 = orderIdOf(await c.newOrder(bid(2, 300_000, 1)));
    const [cancelAck, status] = await Promise.all([c.cancel({ clientOrderId: 2 }), c.orderStatus({ clientOrderId: 2 })]);
    expect(rejectName(cancelAck)).toBe('NONE');
    expect(status).toMatchObject({ orderId: id2, ordStatus: wire.OrdStatus.ORDER_CANCELED, cancelReason: wire.CancelReason.USER, leavesQty: 0 });
    expect(Number(status.asOfSeq)).toBe(Number(cancelAck.seq));
    // An IOC and its query in one breath: filled at the broker's ask.
    await fx.quote(undefined, { priceMicros: ASK, qty: 3 });
    const [iocAck, filled] = await Promise.all([c.newOrder(bid(3, ASK, 3, wire.TimeInForce.IOC)), c.orderStatus({ clientOrderId: 3 })]);
    expect(filled).toMatchObject({ orderId: orderIdOf(iocAck), ordStatus: wire.OrdStatus.ORDER_FILLED, cumQty: 3, filledNotionalMicros: 3 * ASK, timeInForce: wire.TimeInForce.IOC });
    // A query before the order it names: unknown then.
    const [early] = await Promise.all([c.orderStatus({ clientOrderId: 4 }), c.newOrder(bid(4, 300_000, 1))]);
    expect(early).toMatchObject({ clientOrderId: 4, rejectReason: wire.RejectReason.UNKNOWN_ORDER });
    expect(early.ordStatus ?? 0).toBe(0);
    expect(rejectName(await c.cancel({ clientOrderId: 4 }))).toBe('NONE');
    await c.close();
  });

  it('filled while its owner was away; partly filled then cancelled; refused (found by its client id)', async () => {
    const b = await session(bob);
    const restingId = orderIdOf(await b.newOrder(bid(10, 450_000, 5)));
    const partId = orderIdOf(await b.newOrder(bid(11, 440_000, 10)));
    await b.close();
    // The broker sells 9 into both while Bob is away: 5 at 450k, then 4 of the 10 at 440k.
    await fx.submitOk(limitOrder(fx.service.engine.brokerId, fx.seriesId, Side.SELL, 440_000, 9, TimeInForce.IOC));
    const back = await fx.connect(bob);
    expect(await back.orderStatus({ clientOrderId: 10 })).toMatchObject({ orderId: restingId, ordStatus: wire.OrdStatus.ORDER_FILLED, cumQty: 5, leavesQty: 0 });
    expect(await byClient(bob, 10)).toMatchObject({ orderId: restingId, status: 'FILLED', cumQty: 5, avgPriceMicros: 450_000, filledNotionalMicros: 5 * 450_000 });
    expect((await getOrder(http(bob), partId)).order).toMatchObject({ status: 'PARTIALLY_FILLED', cumQty: 4, leavesQty: 6 });
    expect(rejectName(await back.cancel({ orderId: partId }))).toBe('NONE');
    const part = (await getOrder(http(bob), partId)).order;
    expect(part).toMatchObject({ status: 'CANCELED', cancelReason: 'USER', orderQty: 10, cumQty: 4, leavesQty: 0, avgPriceMicros: 440_000 });
    expect(await back.orderStatus({ orderId: partId })).toMatchObject({ ordStatus: wire.OrdStatus.ORDER_CANCELED, cumQty: 4, filledNotionalMicros: 4 * 440_000 });
    seen.filledAway = await byClient(bob, 10);
    seen.partly = part;
    // Refused: more than Bob's PAT. Kept by its client id with the reason; a duplicate client id is not kept over the order it repeats.
    const refused = await back.newOrder(bid(12, 9 * PAT_MICROS, 50_000));
    expect(rejectName(refused)).toBe('INSUFFICIENT_BALANCE');
    expect(await byClient(bob, 12)).toMatchObject({ orderId: 0, status: 'REJECTED', rejectReason: 'INSUFFICIENT_BALANCE', orderQty: 50_000 });
    expect(await back.orderStatus({ clientOrderId: 12 })).toMatchObject({ orderId: 0, ordStatus: wire.OrdStatus.ORDER_REJECTED, rejectReason: wire.RejectReason.INSUFFICIENT_BALANCE });
    await back.close();
  });

  it('an expired GTD order and a cancel-on-disconnect', async () => {
    const c = await session(carol, { cancelOnDisconnect: true });
    const gtdId = orderIdOf(await c.newOrder(bid(20, 300_000, 1, wire.TimeInForce.GTD, Date.now() + 300)));
    const codId = orderIdOf(await c.newOrder(bid(21, 310_000, 2)));
    const expired = await until(async () => (await getOrder(http(carol), gtdId)).order, (o) => o.status !== 'NEW');
    expect(expired).toMatchObject({ status: 'EXPIRED', timeInForce: 'GTD', leavesQty: 0, cancelReason: null });
    expect(expired.expireAtMs).toBeGreaterThan(0);
    await c.close();
    const cod = await until(() => byClient(carol, 21), (o) => o.status !== 'NEW');
    expect(cod).toMatchObject({ orderId: codId, status: 'CANCELED', cancelReason: 'CANCEL_ON_DISCONNECT', leavesQty: 0 });
    const back = await fx.connect(carol);
    expect(await back.orderStatus({ clientOrderId: 21 })).toMatchObject({ orderId: codId, ordStatus: wire.OrdStatus.ORDER_CANCELED, cancelReason: wire.CancelReason.CANCEL_ON_DISCONNECT });
    await back.close();
    seen.expired = expired;
    seen.cod = cod;
  });

  it("another account's order answers exactly as an unknown one, over HTTP and the socket", async () => {
    const unknown = await refusal(getOrder(http(bob), 99_999_999));
    const other = await refusal(getOrder(http(bob), seen.cancelled!.orderId));
    expect([other.status, other.code, other.message]).toEqual([unknown.status, unknown.code, unknown.message]);
    expect([other.status, other.code]).toEqual([404, 'UNKNOWN_ORDER']);
    expect((await refusal(getOrderByClientId(http(bob), 1))).code).toBe('UNKNOWN_ORDER'); // Alice's client id 1
    const b = await fx.connect(bob);
    const [a, u] = await Promise.all([b.orderStatus({ orderId: seen.cancelled!.orderId }), b.orderStatus({ orderId: 99_999_999 })]);
    expect({ ...a, orderId: 0 }).toEqual({ ...u, orderId: 0 });
    expect(a.rejectReason).toBe(wire.RejectReason.UNKNOWN_ORDER);
    // Alice's listing holds hers only.
    expect((await listOrders(http(bob))).orders.every((o) => [seen.filledAway!.orderId, seen.partly!.orderId].includes(o.orderId))).toBe(true);
    await b.close();
  });

  it('bad query fields are typed 400s', async () => {
    for (const q of ['/v1/orders?limit=0', '/v1/orders?limit=1001', '/v1/orders?status=done', '/v1/orders?before=x', '/v1/orders/abc', '/v1/orders/0', '/v1/orders?clientOrderId=0', '/v1/orders?clientOrderId=5&limit=3', '/v1/orders?bogus=1', '/v1/orders/5?seriesId=1']) {
      const refused = await refusal(signedCall(http(alice), 'GET', q));
      expect([refused.status, refused.code], q).toEqual([400, 'INVALID_FIELD']);
    }
    expect((await refusal(signedCall(http(alice), 'GET', '/v1/orders?seriesId=99999'))).code).toBe('UNKNOWN_SERIES');
    expect((await fetch(`${httpUrl}/v1/orders/1`)).status).toBe(401);
    const c = await fx.connect(alice);
    await expect(c.orderStatus({ orderId: 0 })).rejects.toMatchObject({ code: 'INVALID_FIELD' });
    await c.close();
  });

  it('the per-account cap prunes the oldest ended orders (a group at a time), live ones stay', async () => {
    const dave = testWallet(703);
    const c = await session(dave);
    const accountId = Number(c.login!.accountId);
    const liveId = orderIdOf(await c.newOrder(bid(1, 300_000, 1)));
    const ids: number[] = [];
    for (let i = 0; i < 80; i++) {
      const events = await fx.submitOk({ ...(limitOrder(accountId, fx.seriesId, Side.BUY, 300_000, 1, TimeInForce.IOC) as NewOrder), clientOrderId: 100 + i });
      ids.push((events[0] as { orderId: number }).orderId);
      if (i % 10 === 9) await listOrders(http(dave), { limit: 1 }); // a listing writes what changed: a group per ten
    }
    const closed = (await listOrders(http(dave), { status: 'closed', limit: 1000 })).orders.map((o) => o.orderId);
    expect(closed.length).toBeGreaterThanOrEqual(CAP);
    expect(closed.length).toBeLessThan(80);
    expect(closed).toEqual(ids.slice(-closed.length).reverse()); // the newest, none missing
    expect((await refusal(getOrder(http(dave), ids[0]!))).code).toBe('UNKNOWN_ORDER');
    expect((await refusal(getOrderByClientId(http(dave), 100))).code).toBe('UNKNOWN_ORDER');
    expect((await getOrder(http(dave), ids.at(-1)!)).order).toMatchObject({ status: 'CANCELED', cancelReason: 'IOC_REMAINDER' });
    expect((await listOrders(http(dave), { status: 'open' })).orders.map((o) => o.orderId)).toEqual([liveId]);
    await c.massCancel({});
    await c.close();
  });

  it('answers the same after a restart on the same data', async () => {
    const before = { ...seen };
    const lists = { alice: await listOrders(http(alice)), bob: await listOrders(http(bob)) };
    await fx.service.stop();
    restarted = await startService(fx.config, createLogger('silent'));
    httpUrl = `http://127.0.0.1:${restarted.gateway.port}`;
    expect((await getOrder(http(alice), before.cancelled!.orderId)).order).toEqual(before.cancelled);
    expect(await byClient(bob, 10)).toEqual(before.filledAway);
    expect((await getOrder(http(bob), before.partly!.orderId)).order).toEqual(before.partly);
    expect(await byClient(carol, 20)).toEqual(before.expired);
    expect(await byClient(carol, 21)).toEqual(before.cod);
    expect((await listOrders(http(alice))).orders).toEqual(lists.alice.orders);
    expect((await listOrders(http(bob))).orders).toEqual(lists.bob.orders);
    expect(await byClient(bob, 12)).toMatchObject({ status: 'REJECTED' });
  });
});
