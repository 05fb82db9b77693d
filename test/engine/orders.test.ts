/**
 * Order entry rules through the engine's public surface: order types and times in
 * force, cancel, amend, mass cancel, client order ids, and refusal of bad input
 * with the state left exactly as it was. Every command goes through the fixture,
 * which checks the engine's conservation invariants after it.
 */
import { describe, expect, it } from 'vitest';

import {
  CancelReason,
  CommandKind,
  EmbeddedEngine,
  encodeState,
  EventType,
  stateHash,
  MassCancelScope,
  OrderType,
  RejectReason,
  SelfTradePrevention,
  SeriesStatus,
  Side,
  TimeInForce,
  type Command,
} from '../../src/engine/index.js';
import {
  HOUR_MS,
  PAT,
  T0,
  accepted,
  canceled,
  createFixture,
  fills,
  ofType,
  orderIdOf,
  rejection,
  stateSummary,
  type EngineFixture,
  expectRefused,
} from '../support/engine-fixture.js';

const { BUY, SELL } = Side;


describe('limit orders', () => {
  it('a GTC limit that does not cross rests and holds price × qty', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const avail = fx.available(c);
    const ev = fx.buy(c, 600_000, 10, { clientOrderId: 7 });
    expect(ev.map((e) => e.type)).toEqual([EventType.ORDER_ACCEPTED]);
    const acc = accepted(ev)[0]!;
    expect(acc).toMatchObject({ accountId: c, clientOrderId: 7, side: BUY, priceMicros: 600_000, orderQty: 10, isQuote: false });
    expect(fx.bookOrders('brokerSells', BUY)).toEqual([acc.orderId]);
    expect(fx.series().brokerSells.depth(BUY, 5)).toEqual([[600_000, 10, 1]]);
    expect(fx.available(c)).toBe(avail - 6 * PAT);
    expect(fx.held(c)).toBe(6 * PAT);
    expect(fx.acct(c).openOrders).toBe(1);
  });

  it('a resting sell holds rights', () => {
    const fx = createFixture();
    const p = fx.providers[1]!;
    expect(fx.rights(p)).toEqual([500, 0]);
    const id = fx.place(p, SELL, 900_000, 40);
    expect(fx.rights(p)).toEqual([460, 40]);
    expect(fx.bookOrders('brokerBuys', SELL)).toEqual([id]);
    fx.cancel(p, id);
    expect(fx.rights(p)).toEqual([500, 0]);
  });
});

describe('GTD orders', () => {
  it('expire at the cutoff, not before, releasing what they hold', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const avail = fx.available(c);
    const exp = fx.nowMs + 60_000;
    const id = fx.place(c, BUY, 500_000, 4, { tif: TimeInForce.GTD, expireAtMs: exp, clientOrderId: 11 });
    expect(fx.held(c)).toBe(2 * PAT);

    expect(fx.expireOrders(exp - 1)).toEqual([]);
    expect(fx.isLive(id)).toBe(true);
    expect(fx.held(c)).toBe(2 * PAT);

    const ev = fx.expireOrders(exp);
    const expired = ofType(ev, EventType.ORDER_EXPIRED);
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ orderId: id, accountId: c, clientOrderId: 11, orderQty: 4, cumQty: 0, expiredQty: 4 });
    expect(fx.isLive(id)).toBe(false);
    expect(fx.held(c)).toBe(0);
    expect(fx.available(c)).toBe(avail);
    // Expired once only.
    expect(fx.expireOrders(exp + 10_000)).toEqual([]);
  });

  it('keep their expiry and a client id past 2^31 across a snapshot: expire there at the same cutoff, with the same ids', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const exp = fx.nowMs + 60_000;
    // Client ids as the demo market's bots send them (a time in ms, counted up), and the largest an order may carry.
    const bigId = fx.nowMs + 7;
    const gtd = fx.place(c, BUY, 500_000, 4, { tif: TimeInForce.GTD, expireAtMs: exp, clientOrderId: bigId });
    const later = fx.place(c, BUY, 600_000, 1, { tif: TimeInForce.GTD, expireAtMs: exp + 5_000, clientOrderId: Number.MAX_SAFE_INTEGER });
    const gtc = fx.place(c, BUY, 400_000, 2, { clientOrderId: 2 ** 31 + 1 });
    const restored = EmbeddedEngine.restore(encodeState(fx.engine), {}, fx.nowMs);
    expect(stateHash(restored.engine)).toBe(stateHash(fx.engine));
    const expire = (cutoffMs: number) => ofType(restored.submit({ kind: CommandKind.EXPIRE_ORDERS, actor: fx.operator, cutoffMs }), EventType.ORDER_EXPIRED);
    expect(expire(exp - 1)).toEqual([]);
    expect(expire(exp)).toMatchObject([{ orderId: gtd, clientOrderId: bigId, expiredQty: 4 }]);
    expect(expire(exp + 5_000)).toMatchObject([{ orderId: later, clientOrderId: Number.MAX_SAFE_INTEGER, expiredQty: 1 }]);
    // The GTC order stays, and is found by its client id.
    const ev = restored.submit({ kind: CommandKind.CANCEL_ORDER, actor: c, orderId: 0, clientOrderId: 2 ** 31 + 1 });
    expect(canceled(ev)).toMatchObject([{ orderId: gtc, clientOrderId: 2 ** 31 + 1, canceledQty: 2 }]);
  });

  it('a partly filled GTD order expires its leaves only', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const exp = fx.nowMs + 1_000;
    const id = fx.place(c, BUY, 500_000, 5, { tif: TimeInForce.GTD, expireAtMs: exp });
    fx.sell(fx.broker, 500_000, 2, { tif: TimeInForce.IOC });
    const ev = fx.expireOrders(exp + 5);
    expect(ofType(ev, EventType.ORDER_EXPIRED)[0]).toMatchObject({ orderId: id, orderQty: 5, cumQty: 2, expiredQty: 3 });
    expect(fx.held(c)).toBe(0);
    expect(fx.rights(c)).toEqual([2, 0]);
  });

  it('expires only the orders due, earliest first, and skips cancelled ones', () => {
    const fx = createFixture();
    const [c1, c2] = fx.consumers as [number, number];
    const now = fx.nowMs;
    const late = fx.place(c1, BUY, 500_000, 1, { tif: TimeInForce.GTD, expireAtMs: now + 3_000 });
    const early = fx.place(c2, BUY, 500_000, 1, { tif: TimeInForce.GTD, expireAtMs: now + 1_000 });
    const gone = fx.place(c1, BUY, 500_000, 1, { tif: TimeInForce.GTD, expireAtMs: now + 500 });
    const mid = fx.place(c2, BUY, 500_000, 1, { tif: TimeInForce.GTD, expireAtMs: now + 2_000 });
    const gtc = fx.place(c2, BUY, 500_000, 1);
    fx.cancel(c1, gone);
    const ev = fx.expireOrders(now + 2_000);
    expect(ofType(ev, EventType.ORDER_EXPIRED).map((e) => e.orderId)).toEqual([early, mid]);
    expect(fx.isLive(late)).toBe(true);
    expect(fx.isLive(gtc)).toBe(true);
    expect(ofType(fx.expireOrders(now + 1_000_000), EventType.ORDER_EXPIRED).map((e) => e.orderId)).toEqual([late]);
    expect(fx.isLive(gtc)).toBe(true);
  });

  it('an expiry at or before now is refused INVALID_EXPIRY; so is an expiry on a non-GTD order', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    expectRefused(fx, RejectReason.INVALID_EXPIRY, () => fx.buy(c, 500_000, 1, { tif: TimeInForce.GTD, expireAtMs: fx.nowMs }));
    expectRefused(fx, RejectReason.INVALID_EXPIRY, () => fx.buy(c, 500_000, 1, { tif: TimeInForce.GTD, expireAtMs: fx.nowMs - 1 }));
    expectRefused(fx, RejectReason.INVALID_EXPIRY, () => fx.buy(c, 500_000, 1, { tif: TimeInForce.GTD, expireAtMs: 0 }));
    expectRefused(fx, RejectReason.INVALID_EXPIRY, () => fx.buy(c, 500_000, 1, { tif: TimeInForce.GTC, expireAtMs: fx.nowMs + 1000 }));
    expect(accepted(fx.buy(c, 500_000, 1, { tif: TimeInForce.GTD, expireAtMs: fx.nowMs + 1 }))).toHaveLength(1);
  });

  it('only the operator (or the system) may expire orders', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const id = fx.place(c, BUY, 500_000, 1, { tif: TimeInForce.GTD, expireAtMs: fx.nowMs + 10 });
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.expireOrders(fx.nowMs + 100, c));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.expireOrders(fx.nowMs + 100, fx.broker));
    expect(fx.isLive(id)).toBe(true);
    expect(ofType(fx.expireOrders(fx.nowMs + 100, 0), EventType.ORDER_EXPIRED)).toHaveLength(1);
  });
});

describe('market orders', () => {
  /** Broker asks 1.000×2, 1.040×3, 1.050×1, 1.060×4 and reference 1.000 (band 5 %: buys up to 1.050). */
  function askLadder(fx: EngineFixture, withReference = true): void {
    fx.place(fx.broker, SELL, 1_000_000, 2);
    fx.place(fx.broker, SELL, 1_040_000, 3);
    fx.place(fx.broker, SELL, 1_050_000, 1);
    fx.place(fx.broker, SELL, 1_060_000, 4);
    if (withReference) expect(ofType(fx.setReference(1_000_000), EventType.REFERENCE_PRICE_SET)).toHaveLength(1);
  }

  it('a market buy trades inside the band around the reference; the rest is cancelled MARKET_PROTECTION', () => {
    const fx = createFixture();
    askLadder(fx);
    const c = fx.consumers[0]!;
    const avail = fx.available(c);
    const ev = fx.order(c, { orderType: OrderType.MARKET, side: BUY, qty: 20 });
    const acc = accepted(ev)[0]!;
    expect(acc.priceMicros).toBe(1_050_000); // the protection limit
    expect(fills(ev).map((f) => [f.priceMicros, f.qty])).toEqual([
      [1_000_000, 2],
      [1_040_000, 3],
      [1_050_000, 1],
    ]);
    const cx = canceled(ev);
    expect(cx).toHaveLength(1);
    expect(cx[0]).toMatchObject({ orderId: acc.orderId, reason: CancelReason.MARKET_PROTECTION, canceledQty: 14, cumQty: 6, orderQty: 20 });
    // Paid exactly the trade prices; the hold at the protection price came back.
    expect(fx.available(c)).toBe(avail - (2 * 1_000_000 + 3 * 1_040_000 + 1 * 1_050_000));
    expect(fx.held(c)).toBe(0);
    expect(fx.rights(c)).toEqual([6, 0]);
    expect(fx.isLive(acc.orderId)).toBe(false);
    expect(fx.series().brokerSells.depth(SELL, 5)).toEqual([[1_060_000, 4, 1]]);
  });

  it('a market sell trades down to reference − band', () => {
    const fx = createFixture();
    fx.place(fx.broker, BUY, 1_000_000, 2);
    fx.place(fx.broker, BUY, 960_000, 2);
    fx.place(fx.broker, BUY, 940_000, 5);
    fx.setReference(1_000_000);
    const p = fx.providers[1]!;
    const avail = fx.available(p);
    const ev = fx.order(p, { orderType: OrderType.MARKET, side: SELL, qty: 10 });
    expect(accepted(ev)[0]!.priceMicros).toBe(950_000);
    expect(fills(ev).map((f) => [f.priceMicros, f.qty])).toEqual([
      [1_000_000, 2],
      [960_000, 2],
    ]);
    expect(canceled(ev)[0]).toMatchObject({ reason: CancelReason.MARKET_PROTECTION, canceledQty: 6 });
    expect(fx.available(p)).toBe(avail + 2 * 1_000_000 + 2 * 960_000);
    expect(fx.rights(p)).toEqual([496, 0]);
  });

  it('without a reference the band is anchored on the best opposite price', () => {
    const fx = createFixture();
    askLadder(fx, false);
    const ev = fx.order(fx.consumers[0]!, { orderType: OrderType.MARKET, side: BUY, qty: 20 });
    expect(accepted(ev)[0]!.priceMicros).toBe(1_050_000);
    expect(fills(ev).reduce((n, f) => n + f.qty, 0)).toBe(6);
  });

  it('is refused NO_REFERENCE_PRICE when there is no reference and the book is empty', () => {
    const fx = createFixture();
    expectRefused(fx, RejectReason.NO_REFERENCE_PRICE, () => fx.order(fx.consumers[0]!, { orderType: OrderType.MARKET, side: BUY, qty: 1 }));
    expectRefused(fx, RejectReason.NO_REFERENCE_PRICE, () => fx.order(fx.providers[0]!, { orderType: OrderType.MARKET, side: SELL, qty: 1 }));
  });

  it('with a reference but no liquidity it is accepted and cancelled NO_LIQUIDITY', () => {
    const fx = createFixture();
    fx.setReference(1_000_000);
    const c = fx.consumers[0]!;
    const avail = fx.available(c);
    const ev = fx.order(c, { orderType: OrderType.MARKET, side: BUY, qty: 3 });
    expect(ev.map((e) => e.type)).toEqual([EventType.ORDER_ACCEPTED, EventType.ORDER_CANCELED]);
    expect(canceled(ev)[0]).toMatchObject({ reason: CancelReason.NO_LIQUIDITY, canceledQty: 3 });
    expect(fx.available(c)).toBe(avail);
  });

  it('market FOK fills fully inside the band or is refused', () => {
    const fx = createFixture();
    askLadder(fx);
    const c = fx.consumers[0]!;
    expectRefused(fx, RejectReason.FOK_NOT_FILLABLE, () => fx.order(c, { orderType: OrderType.MARKET, tif: TimeInForce.FOK, side: BUY, qty: 7 }));
    const ev = fx.order(c, { orderType: OrderType.MARKET, tif: TimeInForce.FOK, side: BUY, qty: 6 });
    expect(fills(ev).reduce((n, f) => n + f.qty, 0)).toBe(6);
    expect(canceled(ev)).toHaveLength(0);
  });

  it('must be IOC or FOK and never post-only', () => {
    const fx = createFixture();
    askLadder(fx);
    const c = fx.consumers[0]!;
    expectRefused(fx, RejectReason.INVALID_ORDER_TYPE, () => fx.order(c, { orderType: OrderType.MARKET, tif: TimeInForce.GTC, qty: 1 }));
    expectRefused(fx, RejectReason.INVALID_ORDER_TYPE, () =>
      fx.order(c, { orderType: OrderType.MARKET, tif: TimeInForce.GTD, qty: 1, expireAtMs: fx.nowMs + 10 }),
    );
    expectRefused(fx, RejectReason.INVALID_ORDER_TYPE, () => fx.order(c, { orderType: OrderType.MARKET, postOnly: true, qty: 1 }));
  });

  it('must be covered at its protection price', () => {
    const fx = createFixture({ consumerMicros: 10 * PAT });
    askLadder(fx);
    const c = fx.consumers[0]!;
    // 10 × 1.050 = 10.5 PAT > 10 PAT, although the first fills would cost less.
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.order(c, { orderType: OrderType.MARKET, side: BUY, qty: 10 }));
    expect(fills(fx.order(c, { orderType: OrderType.MARKET, side: BUY, qty: 9 })).length).toBeGreaterThan(0);
  });
});

describe('IOC, FOK and post-only', () => {
  it('IOC fills what it can and cancels the remainder IOC_REMAINDER', () => {
    const fx = createFixture();
    const ask = fx.place(fx.broker, SELL, 1_000_000, 3);
    const c = fx.consumers[0]!;
    const avail = fx.available(c);
    const ev = fx.buy(c, 1_000_000, 5, { tif: TimeInForce.IOC });
    expect(ev.map((e) => e.type)).toEqual([EventType.ORDER_ACCEPTED, EventType.FILL, EventType.ORDER_CANCELED]);
    expect(fills(ev)[0]).toMatchObject({ makerOrderId: ask, qty: 3, takerLeavesQty: 2, makerLeavesQty: 0 });
    expect(canceled(ev)[0]).toMatchObject({ reason: CancelReason.IOC_REMAINDER, canceledQty: 2, cumQty: 3 });
    expect(fx.available(c)).toBe(avail - 3 * PAT);
    expect(fx.held(c)).toBe(0);
    expect(fx.acct(c).openOrders).toBe(0);
    expect(fx.bookOrders('brokerSells', BUY)).toEqual([]);
  });

  it('IOC that does not cross is cancelled whole', () => {
    const fx = createFixture();
    fx.place(fx.broker, SELL, 1_000_000, 3);
    const ev = fx.buy(fx.consumers[0]!, 999_000, 5, { tif: TimeInForce.IOC });
    expect(fills(ev)).toHaveLength(0);
    expect(canceled(ev)[0]).toMatchObject({ reason: CancelReason.IOC_REMAINDER, canceledQty: 5, cumQty: 0 });
  });

  it('FOK fills completely across levels', () => {
    const fx = createFixture();
    fx.place(fx.broker, SELL, 1_000_000, 3);
    fx.place(fx.broker, SELL, 1_010_000, 3);
    const ev = fx.buy(fx.consumers[0]!, 1_010_000, 5, { tif: TimeInForce.FOK });
    expect(fills(ev).map((f) => [f.priceMicros, f.qty])).toEqual([
      [1_000_000, 3],
      [1_010_000, 2],
    ]);
    expect(canceled(ev)).toHaveLength(0);
    expect(fx.series().brokerSells.depth(SELL, 5)).toEqual([[1_010_000, 1, 1]]);
  });

  it('FOK that cannot fill completely is refused FOK_NOT_FILLABLE with nothing changed', () => {
    const fx = createFixture();
    fx.place(fx.broker, SELL, 1_000_000, 3);
    fx.place(fx.broker, SELL, 1_010_000, 3);
    const c = fx.consumers[0]!;
    expectRefused(fx, RejectReason.FOK_NOT_FILLABLE, () => fx.buy(c, 1_010_000, 7, { tif: TimeInForce.FOK }));
    expectRefused(fx, RejectReason.FOK_NOT_FILLABLE, () => fx.buy(c, 1_000_000, 4, { tif: TimeInForce.FOK }));
    expect(fills(fx.buy(c, 1_000_000, 3, { tif: TimeInForce.FOK }))).toHaveLength(1);
  });

  it('post-only rests when it does not cross and is refused POST_ONLY_WOULD_CROSS when it would', () => {
    const fx = createFixture();
    fx.place(fx.broker, SELL, 1_000_000, 3);
    fx.place(fx.broker, BUY, 800_000, 3);
    const c = fx.consumers[0]!;
    const p = fx.providers[0]!;
    const id = orderIdOf(fx.buy(c, 999_000, 2, { postOnly: true }));
    expect(fx.isLive(id)).toBe(true);
    expectRefused(fx, RejectReason.POST_ONLY_WOULD_CROSS, () => fx.buy(c, 1_000_000, 2, { postOnly: true }));
    expectRefused(fx, RejectReason.POST_ONLY_WOULD_CROSS, () => fx.buy(c, 1_200_000, 2, { postOnly: true }));
    expectRefused(fx, RejectReason.POST_ONLY_WOULD_CROSS, () => fx.sell(p, 800_000, 2, { postOnly: true }));
    expect(fx.isLive(orderIdOf(fx.sell(p, 801_000, 2, { postOnly: true })))).toBe(true);
    expectRefused(fx, RejectReason.INVALID_ORDER_TYPE, () => fx.buy(c, 900_000, 2, { postOnly: true, tif: TimeInForce.IOC }));
    expectRefused(fx, RejectReason.INVALID_ORDER_TYPE, () => fx.buy(c, 900_000, 2, { postOnly: true, tif: TimeInForce.FOK }));
  });
});

describe('cancel', () => {
  it('by order id releases the hold and reports USER', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const avail = fx.available(c);
    const id = fx.place(c, BUY, 700_000, 10, { clientOrderId: 5 });
    const ev = fx.cancel(c, id);
    expect(ev).toHaveLength(1);
    expect(canceled(ev)[0]).toMatchObject({ orderId: id, clientOrderId: 5, reason: CancelReason.USER, canceledQty: 10, cumQty: 0, orderQty: 10 });
    expect(fx.available(c)).toBe(avail);
    expect(fx.held(c)).toBe(0);
    expect(fx.isLive(id)).toBe(false);
    expect(fx.acct(c).openOrders).toBe(0);
  });

  it('by client order id', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const a = fx.place(c, BUY, 700_000, 1, { clientOrderId: 41 });
    const b = fx.place(c, BUY, 700_000, 1, { clientOrderId: 42 });
    const ev = fx.cancelByClientId(c, 42);
    expect(canceled(ev).map((e) => e.orderId)).toEqual([b]);
    expect(fx.isLive(a)).toBe(true);
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancelByClientId(c, 42));
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancelByClientId(c, 0));
  });

  it('by client order id, with ids out of order, and after a snapshot', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const ids = new Map<number, number>();
    for (const clientOrderId of [10, 20, 15, 30]) ids.set(clientOrderId, fx.place(c, BUY, 700_000, 1, { clientOrderId }));
    for (const clientOrderId of [20, 15]) {
      expect(canceled(fx.cancelByClientId(c, clientOrderId)).map((e) => e.orderId)).toEqual([ids.get(clientOrderId)]);
      expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancelByClientId(c, clientOrderId));
    }
    // After a snapshot (resting orders restored in book order), the orders are found by client id, and one placed after it too.
    const restored = EmbeddedEngine.restore(encodeState(fx.engine), {}, fx.nowMs);
    const placed = accepted(restored.submit(fx.orderCommand(c, { side: BUY, priceMicros: 700_000, qty: 1, clientOrderId: 40 })))[0]!;
    for (const [clientOrderId, orderId] of [[10, ids.get(10)], [30, ids.get(30)], [40, placed.orderId]] as const) {
      const ev = restored.submit({ kind: CommandKind.CANCEL_ORDER, actor: c, orderId: 0, clientOrderId });
      expect(canceled(ev).map((e) => e.orderId)).toEqual([orderId]);
    }
    expect(restored.engine.accounts[c]!.openOrders).toBe(0);
  });

  it('a partly filled order cancels its leaves', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const id = fx.place(c, BUY, 700_000, 10);
    fx.sell(fx.broker, 700_000, 4, { tif: TimeInForce.IOC });
    expect(fx.held(c)).toBe(6 * 700_000);
    const ev = fx.cancel(c, id);
    expect(canceled(ev)[0]).toMatchObject({ orderQty: 10, cumQty: 4, canceledQty: 6 });
    expect(fx.held(c)).toBe(0);
  });

  it('unknown, finished and other accounts’ orders are UNKNOWN_ORDER; the operator may cancel anyone’s', () => {
    const fx = createFixture();
    const [c1, c2] = fx.consumers as [number, number];
    const id = fx.place(c1, BUY, 700_000, 2, { clientOrderId: 9 });
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancel(c1, 999_999));
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancel(c2, id));
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancelByClientId(c2, 9));
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancel(fx.broker, id));
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancel(fx.providers[0]!, id));
    const ev = fx.cancel(fx.operator, id);
    expect(canceled(ev)[0]).toMatchObject({ orderId: id, accountId: c1, reason: CancelReason.USER });
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancel(c1, id));
    // Filled orders are gone too.
    const ask = fx.place(fx.broker, SELL, 1_000_000, 1);
    fx.buy(c2, 1_000_000, 1);
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancel(fx.broker, ask));
  });
});

describe('amend', () => {
  it('a quantity decrease keeps time priority', () => {
    const fx = createFixture();
    const [c1, c2] = fx.consumers as [number, number];
    const a = fx.place(c1, BUY, 1_000_000, 10);
    const b = fx.place(c2, BUY, 1_000_000, 10);
    const ev = fx.amend(c1, a, 6, 1_000_000);
    expect(ofType(ev, EventType.ORDER_AMENDED)[0]).toMatchObject({ orderId: a, orderQty: 6, leavesQty: 6, cumQty: 0, priorityKept: true });
    expect(fx.held(c1)).toBe(6 * PAT);
    expect(fx.bookOrders('brokerSells', BUY)).toEqual([a, b]);
    const f = fills(fx.sell(fx.broker, 1_000_000, 3, { tif: TimeInForce.IOC }));
    expect(f.map((x) => x.makerOrderId)).toEqual([a]);
    expect(fx.series().brokerSells.depth(BUY, 1)).toEqual([[1_000_000, 13, 2]]);
  });

  it('a quantity increase loses time priority', () => {
    const fx = createFixture();
    const [c1, c2] = fx.consumers as [number, number];
    const a = fx.place(c1, BUY, 1_000_000, 10);
    const b = fx.place(c2, BUY, 1_000_000, 10);
    const ev = fx.amend(c1, a, 11, 1_000_000);
    expect(ofType(ev, EventType.ORDER_AMENDED)[0]).toMatchObject({ orderId: a, orderQty: 11, leavesQty: 11, priorityKept: false });
    expect(fx.held(c1)).toBe(11 * PAT);
    expect(fx.bookOrders('brokerSells', BUY)).toEqual([b, a]);
    expect(fills(fx.sell(fx.broker, 1_000_000, 3, { tif: TimeInForce.IOC })).map((x) => x.makerOrderId)).toEqual([b]);
  });

  it('a price change loses time priority, even moving back to the old price', () => {
    const fx = createFixture();
    const [c1, c2] = fx.consumers as [number, number];
    const early = fx.place(c2, BUY, 990_000, 5); // older than `a`
    const a = fx.place(c1, BUY, 1_000_000, 5);
    const b = fx.place(c2, BUY, 1_000_000, 5);
    fx.amend(c2, early, 5, 1_000_000);
    expect(fx.bookOrders('brokerSells', BUY)).toEqual([a, b, early]);
    fx.amend(c1, a, 5, 990_000);
    fx.amend(c1, a, 5, 1_000_000);
    expect(fx.bookOrders('brokerSells', BUY)).toEqual([b, early, a]);
    expect(fills(fx.sell(fx.broker, 1_000_000, 7, { tif: TimeInForce.IOC })).map((x) => [x.makerOrderId, x.qty])).toEqual([
      [b, 5],
      [early, 2],
    ]);
  });

  it('a price change adjusts the hold', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const avail = fx.available(c);
    const id = fx.place(c, BUY, 1_000_000, 10);
    fx.amend(c, id, 10, 800_000);
    expect(fx.held(c)).toBe(8 * PAT);
    expect(fx.available(c)).toBe(avail - 8 * PAT);
    fx.amend(c, id, 12, 900_000);
    expect(fx.held(c)).toBe(12 * 900_000);
  });

  it('an amend that crosses trades at the maker price and rests the rest', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const ask = fx.place(fx.broker, SELL, 1_000_000, 5);
    const id = fx.place(c, BUY, 900_000, 3);
    const avail = fx.available(c) + fx.held(c);
    const ev = fx.amend(c, id, 8, 1_100_000);
    expect(ev.map((e) => e.type)).toEqual([EventType.ORDER_AMENDED, EventType.FILL]);
    expect(fills(ev)[0]).toMatchObject({ makerOrderId: ask, takerOrderId: id, priceMicros: 1_000_000, qty: 5, takerLeavesQty: 3 });
    expect(fx.liveOrder(id)).toMatchObject({ orderQty: 8, cumQty: 5, leavesQty: 3, priceMicros: 1_100_000 });
    expect(fx.held(c)).toBe(3 * 1_100_000);
    expect(fx.available(c)).toBe(avail - 5 * PAT - 3 * 1_100_000);
    expect(fx.rights(c)).toEqual([5, 0]);
  });

  it('an amend that crosses and fills completely retires the order', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    fx.place(fx.broker, SELL, 1_000_000, 5);
    const id = fx.place(c, BUY, 900_000, 3, { clientOrderId: 3 });
    const ev = fx.amend(c, id, 3, 1_000_000);
    expect(fills(ev)[0]).toMatchObject({ qty: 3, takerLeavesQty: 0 });
    expect(fx.isLive(id)).toBe(false);
    expect(fx.acct(c).openOrders).toBe(0);
    expect(fx.acct(c).byClientOrderId().has(3)).toBe(false);
  });

  it('refuses new quantity at or below CumQty, no change, and bad prices/quantities', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const id = fx.place(c, BUY, 1_000_000, 10);
    fx.sell(fx.broker, 1_000_000, 4, { tif: TimeInForce.IOC });
    expectRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.amend(c, id, 3, 1_000_000));
    expectRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.amend(c, id, 4, 1_000_000));
    expectRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.amend(c, id, 3, 900_000));
    expectRefused(fx, RejectReason.AMEND_NO_CHANGE, () => fx.amend(c, id, 10, 1_000_000));
    expectRefused(fx, RejectReason.INVALID_TICK, () => fx.amend(c, id, 10, 1_000_500));
    expectRefused(fx, RejectReason.PRICE_OUT_OF_LIMITS, () => fx.amend(c, id, 10, 20_000_000));
    expectRefused(fx, RejectReason.INVALID_PRICE, () => fx.amend(c, id, 10, 0));
    expectRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.amend(c, id, 0, 1_000_000));
    expectRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.amend(c, id, 5.5, 1_000_000));
    expectRefused(fx, RejectReason.QUANTITY_TOO_LARGE, () => fx.amend(c, id, 10_001, 1_000_000));
    const ev = fx.amend(c, id, 5, 1_000_000);
    expect(ofType(ev, EventType.ORDER_AMENDED)[0]).toMatchObject({ orderQty: 5, cumQty: 4, leavesQty: 1, priorityKept: true });
    expect(fx.held(c)).toBe(PAT);
  });

  it('refuses an amend needing more PAT than available, changing nothing', () => {
    const fx = createFixture({ consumerMicros: 1_000 * PAT });
    const c = fx.consumers[0]!;
    const id = fx.place(c, BUY, 1_000_000, 990);
    expect(fx.available(c)).toBe(10 * PAT);
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.amend(c, id, 990, 1_020_000));
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.amend(c, id, 1001, 1_000_000));
    // Exactly what is available is enough.
    expect(ofType(fx.amend(c, id, 1000, 1_000_000), EventType.ORDER_AMENDED)).toHaveLength(1);
    expect(fx.available(c)).toBe(0);
    expect(fx.held(c)).toBe(1_000 * PAT);
  });

  it('refuses a sell amend needing more rights than available', () => {
    const fx = createFixture({ providerMint: 100, brokerRights: 0 });
    const p = fx.providers[0]!;
    const id = fx.place(p, SELL, 1_000_000, 60);
    expectRefused(fx, RejectReason.INSUFFICIENT_RIGHTS, () => fx.amend(p, id, 101, 1_000_000));
    expect(ofType(fx.amend(p, id, 100, 1_000_000), EventType.ORDER_AMENDED)).toHaveLength(1);
    expect(fx.rights(p)).toEqual([0, 100]);
  });

  it('only the owner may amend (not another account, not the operator)', () => {
    const fx = createFixture();
    const [c1, c2] = fx.consumers as [number, number];
    const id = fx.place(c1, BUY, 1_000_000, 10);
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.amend(c2, id, 5, 1_000_000));
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.amend(fx.operator, id, 5, 1_000_000));
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.amend(c1, 424242, 5, 1_000_000));
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.amend(c1, 0, 5, 1_000_000));
  });

  it('a partly filled order keeps CumQty through a price change; a sell decrease releases rights', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const id = fx.place(c, BUY, 1_000_000, 10, { clientOrderId: 31 });
    fx.sell(fx.broker, 1_000_000, 4, { tif: TimeInForce.IOC });
    const ev = fx.amend(c, id, 10, 950_000);
    expect(ofType(ev, EventType.ORDER_AMENDED)[0]).toMatchObject({ orderQty: 10, cumQty: 4, leavesQty: 6, priceMicros: 950_000, priorityKept: false });
    expect(fx.held(c)).toBe(6 * 950_000);
    // Still reachable by its client order id.
    expect(canceled(fx.cancelByClientId(c, 31))[0]).toMatchObject({ orderId: id, canceledQty: 6, cumQty: 4 });

    const p = fx.providers[1]!;
    const sell = fx.place(p, SELL, 1_500_000, 30);
    expect(fx.rights(p)).toEqual([470, 30]);
    fx.amend(p, sell, 12, 1_500_000);
    expect(fx.rights(p)).toEqual([488, 12]);
    fx.amend(p, sell, 40, 1_400_000);
    expect(fx.rights(p)).toEqual([460, 40]);
  });

  it('an amended GTD order keeps its expiry', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const exp = fx.nowMs + 5_000;
    const id = fx.place(c, BUY, 500_000, 5, { tif: TimeInForce.GTD, expireAtMs: exp });
    fx.amend(c, id, 6, 510_000);
    fx.amend(c, id, 4, 510_000);
    expect(fx.expireOrders(exp - 1)).toEqual([]);
    const ev = fx.expireOrders(exp);
    expect(ofType(ev, EventType.ORDER_EXPIRED).map((e) => [e.orderId, e.expiredQty])).toEqual([[id, 4]]);
    expect(fx.held(c)).toBe(0);
  });

  it('a post-only order may not be amended into a cross', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    fx.place(fx.broker, SELL, 1_000_000, 5);
    const id = fx.place(c, BUY, 900_000, 3, { postOnly: true });
    expectRefused(fx, RejectReason.POST_ONLY_WOULD_CROSS, () => fx.amend(c, id, 3, 1_000_000));
  });
});

describe('mass cancel', () => {
  function world() {
    const fx = createFixture();
    const s2 = fx.newSeries({ contract: 'AUTO_INTENT|1D|0.70-0.85' });
    const [c1, c2] = fx.consumers as [number, number];
    const o = {
      c1s1: fx.place(c1, BUY, 500_000, 1),
      c1s2: fx.place(c1, BUY, 500_000, 1, { seriesId: s2 }),
      c1s1b: fx.place(c1, BUY, 510_000, 1),
      c2s1: fx.place(c2, BUY, 500_000, 1),
      c2s2: fx.place(c2, BUY, 500_000, 1, { seriesId: s2 }),
      bks1: fx.place(fx.broker, SELL, 900_000, 1),
    };
    return { fx, s2, c1, c2, o };
  }

  it('ACCOUNT scope cancels the account’s own orders, optionally in one series', () => {
    const { fx, s2, c1, o } = world();
    let ev = fx.massCancel(c1, MassCancelScope.ACCOUNT, 0, s2);
    expect(canceled(ev).map((e) => [e.orderId, e.reason])).toEqual([[o.c1s2, CancelReason.MASS_CANCEL]]);
    ev = fx.massCancel(c1, MassCancelScope.ACCOUNT, c1, 0);
    expect(canceled(ev).map((e) => e.orderId).sort()).toEqual([o.c1s1, o.c1s1b].sort());
    expect(fx.held(c1)).toBe(0);
    expect(fx.acct(c1).openOrders).toBe(0);
    for (const id of [o.c2s1, o.c2s2, o.bks1]) expect(fx.isLive(id)).toBe(true);
    // Nothing left: a no-op, not an error.
    expect(fx.massCancel(c1, MassCancelScope.ACCOUNT)).toEqual([]);
  });

  it('an account may not mass cancel another’s orders; the operator may', () => {
    const { fx, c1, c2, o } = world();
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.massCancel(c2, MassCancelScope.ACCOUNT, c1));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.massCancel(fx.broker, MassCancelScope.ACCOUNT, c1));
    expectRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => fx.massCancel(fx.operator, MassCancelScope.ACCOUNT, 999));
    expectRefused(fx, RejectReason.UNKNOWN_SERIES, () => fx.massCancel(c1, MassCancelScope.ACCOUNT, 0, 77));
    const ev = fx.massCancel(fx.operator, MassCancelScope.ACCOUNT, c1);
    expect(canceled(ev).map((e) => e.orderId).sort()).toEqual([o.c1s1, o.c1s2, o.c1s1b].sort());
  });

  it('SERIES scope (operator only) cancels every order of one series, the broker’s included', () => {
    const { fx, s2, c1, c2, o } = world();
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.massCancel(fx.broker, MassCancelScope.SERIES, 0, fx.seriesId));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.massCancel(c1, MassCancelScope.SERIES, 0, fx.seriesId));
    expectRefused(fx, RejectReason.UNKNOWN_SERIES, () => fx.massCancel(fx.operator, MassCancelScope.SERIES, 0, 0));
    const ev = fx.massCancel(fx.operator, MassCancelScope.SERIES, 0, fx.seriesId);
    expect(canceled(ev).map((e) => e.orderId).sort()).toEqual([o.c1s1, o.c1s1b, o.c2s1, o.bks1].sort());
    expect(canceled(ev).every((e) => e.reason === CancelReason.MASS_CANCEL)).toBe(true);
    expect(fx.isLive(o.c1s2)).toBe(true);
    expect(fx.isLive(o.c2s2)).toBe(true);
    expect(fx.held(c2)).toBe(500_000);
    expect(fx.rights(fx.broker)).toEqual([200, 0]);
    expect(fx.series(s2).brokerSells.depth(BUY, 5)).toEqual([[500_000, 2, 2]]);
  });

  it('ALL scope (operator only) cancels everything', () => {
    const { fx, c1 } = world();
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.massCancel(c1, MassCancelScope.ALL));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.massCancel(fx.broker, MassCancelScope.ALL));
    const ev = fx.massCancel(fx.operator, MassCancelScope.ALL);
    expect(canceled(ev)).toHaveLength(6);
    expect(fx.engine.orders.size).toBe(0);
    for (const c of fx.consumers) expect(fx.held(c)).toBe(0);
  });

  it('an unknown scope is refused', () => {
    const { fx } = world();
    expectRefused(fx, RejectReason.INVALID_ORDER_TYPE, () => fx.massCancel(fx.operator, 9 as MassCancelScope));
  });
});

describe('client order ids', () => {
  it('a duplicate among live orders is refused DUPLICATE_CLIENT_ORDER_ID', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    fx.place(c, BUY, 500_000, 1, { clientOrderId: 100 });
    expectRefused(fx, RejectReason.DUPLICATE_CLIENT_ORDER_ID, () => fx.buy(c, 600_000, 2, { clientOrderId: 100 }));
    // Another account may use the same id.
    expect(accepted(fx.buy(fx.consumers[1]!, 500_000, 1, { clientOrderId: 100 }))).toHaveLength(1);
  });

  it('a retry of a filled, cancelled, IOC-finished or expired order’s id is refused: never a second order', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    fx.place(fx.broker, SELL, 1_000_000, 50);
    fx.buy(c, 1_000_000, 1, { clientOrderId: 1 }); // filled
    const id2 = fx.place(c, BUY, 500_000, 1, { clientOrderId: 2 });
    fx.cancel(c, id2);
    fx.buy(c, 500_000, 1, { clientOrderId: 3, tif: TimeInForce.IOC }); // cancelled on entry
    fx.place(c, BUY, 500_000, 1, { clientOrderId: 4, tif: TimeInForce.GTD, expireAtMs: fx.nowMs + 5 });
    fx.expireOrders(fx.nowMs + 5);
    for (const id of [1, 2, 3, 4]) {
      expectRefused(fx, RejectReason.DUPLICATE_CLIENT_ORDER_ID, () => fx.buy(c, 1_000_000, 1, { clientOrderId: id }));
    }
  });

  it('a refused order does not use up its id', () => {
    const fx = createFixture({ consumerMicros: PAT });
    const c = fx.consumers[0]!;
    expect(rejection(fx.buy(c, 1_000_000, 2, { clientOrderId: 77 }))).toBe(RejectReason.INSUFFICIENT_BALANCE);
    expect(accepted(fx.buy(c, 1_000_000, 1, { clientOrderId: 77 }))).toHaveLength(1);
  });

  it('0 means none and may repeat; negative or fractional ids are refused', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    for (let i = 0; i < 5; i++) expect(accepted(fx.buy(c, 500_000, 1, { clientOrderId: 0 }))).toHaveLength(1);
    expect(fx.acct(c).openOrders).toBe(5);
    expectRefused(fx, RejectReason.INVALID_ORDER_TYPE, () => fx.buy(c, 500_000, 1, { clientOrderId: -1 }));
    expectRefused(fx, RejectReason.INVALID_ORDER_TYPE, () => fx.buy(c, 500_000, 1, { clientOrderId: 1.5 }));
  });

  it('the live index still refuses an id the recent ring has forgotten', () => {
    const fx = createFixture({ limits: { recentClientIdsPerAccount: 2 } });
    const c = fx.consumers[0]!;
    fx.place(c, BUY, 500_000, 1, { clientOrderId: 1 });
    for (const id of [2, 3, 4]) fx.cancel(c, fx.place(c, BUY, 500_000, 1, { clientOrderId: id }));
    expectRefused(fx, RejectReason.DUPLICATE_CLIENT_ORDER_ID, () => fx.buy(c, 500_000, 1, { clientOrderId: 1 }));
    expectRefused(fx, RejectReason.DUPLICATE_CLIENT_ORDER_ID, () => fx.buy(c, 500_000, 1, { clientOrderId: 4 }));
    // The ring remembers only the last two finished ids; 2 is forgotten (documented bound).
    expect(accepted(fx.buy(c, 500_000, 1, { clientOrderId: 2 }))).toHaveLength(1);
  });
});

describe('bad input is refused with a typed reason and the state unchanged', () => {
  /** A world with a few resting orders and extra series: lot 5 / min price 0.01, halted, expired. */
  function world() {
    const fx = createFixture({ brokerMicros: 2_000 * PAT });
    const lot5 = fx.newSeries({ contract: 'AUTO_INTENT|1D|0.70-0.85', lotSize: 5, minPriceMicros: 10_000 });
    const halted = fx.newSeries({ contract: 'AUTO_INTENT|1D|0.85-1.00' });
    const expired = fx.newSeries({ contract: 'AUTO_INTENT|1h|0.70-0.85', openAtMs: T0 - HOUR_MS });
    fx.setStatus(SeriesStatus.HALTED, halted);
    expect(ofType(fx.expireSeries(T0, expired), EventType.SERIES_STATUS_CHANGED)).toHaveLength(1);
    fx.place(fx.consumers[0]!, BUY, 500_000, 3, { clientOrderId: 5 });
    fx.place(fx.broker, SELL, 900_000, 3);
    fx.place(fx.providers[1]!, SELL, 990_000, 3);
    fx.place(fx.broker, BUY, 400_000, 3);
    return { fx, lot5, halted, expired };
  }

  type Case = [string, RejectReason, (w: ReturnType<typeof world>) => Command];
  const order = (w: ReturnType<typeof world>, o: Partial<Extract<Command, { kind: typeof CommandKind.NEW_ORDER }>>): Command => ({
    kind: CommandKind.NEW_ORDER,
    actor: w.fx.consumers[0]!,
    seriesId: w.fx.seriesId,
    clientOrderId: 0,
    side: BUY,
    orderType: OrderType.LIMIT,
    tif: TimeInForce.GTC,
    priceMicros: 500_000,
    qty: 1,
    expireAtMs: 0,
    postOnly: false,
    stp: SelfTradePrevention.CANCEL_NEWEST,
    ...o,
  });
  const cases: Case[] = [
    ['unknown series', RejectReason.UNKNOWN_SERIES, (w) => order(w, { seriesId: 99 })],
    ['series 0', RejectReason.UNKNOWN_SERIES, (w) => order(w, { seriesId: 0 })],
    ['unknown account', RejectReason.UNKNOWN_ACCOUNT, (w) => order(w, { actor: 999 })],
    ['price off the tick', RejectReason.INVALID_TICK, (w) => order(w, { priceMicros: 500_500 })],
    ['price 0', RejectReason.INVALID_PRICE, (w) => order(w, { priceMicros: 0 })],
    ['negative price', RejectReason.INVALID_PRICE, (w) => order(w, { priceMicros: -1_000 })],
    ['fractional price', RejectReason.INVALID_PRICE, (w) => order(w, { priceMicros: 1000.5 })],
    ['price above the limit', RejectReason.PRICE_OUT_OF_LIMITS, (w) => order(w, { priceMicros: 10_001_000 })],
    ['price below the limit', RejectReason.PRICE_OUT_OF_LIMITS, (w) => order(w, { seriesId: w.lot5, priceMicros: 5_000, qty: 5 })],
    ['zero quantity', RejectReason.INVALID_QUANTITY, (w) => order(w, { qty: 0 })],
    ['negative quantity', RejectReason.INVALID_QUANTITY, (w) => order(w, { qty: -3 })],
    ['fractional quantity', RejectReason.INVALID_QUANTITY, (w) => order(w, { qty: 1.5 })],
    ['NaN quantity', RejectReason.INVALID_QUANTITY, (w) => order(w, { qty: Number.NaN })],
    ['quantity not a multiple of the lot', RejectReason.INVALID_LOT, (w) => order(w, { seriesId: w.lot5, qty: 7 })],
    ['quantity above the maximum', RejectReason.QUANTITY_TOO_LARGE, (w) => order(w, { qty: 10_001, priceMicros: 1_000 })],
    ['insufficient balance', RejectReason.INSUFFICIENT_BALANCE, (w) => order(w, { qty: 1_001, priceMicros: 1_000_000 })],
    ['insufficient balance (broker)', RejectReason.INSUFFICIENT_BALANCE, (w) => order(w, { actor: w.fx.broker, qty: 10_000, priceMicros: 500_000 })],
    ['insufficient rights (provider)', RejectReason.INSUFFICIENT_RIGHTS, (w) => order(w, { actor: w.fx.providers[1]!, side: SELL, qty: 498, priceMicros: 990_000 })],
    ['insufficient rights (broker)', RejectReason.INSUFFICIENT_RIGHTS, (w) => order(w, { actor: w.fx.broker, side: SELL, qty: 198, priceMicros: 990_000 })],
    ['consumer sells', RejectReason.ROLE_NOT_ALLOWED, (w) => order(w, { side: SELL })],
    ['provider buys', RejectReason.ROLE_NOT_ALLOWED, (w) => order(w, { actor: w.fx.providers[0]! })],
    ['operator buys', RejectReason.ROLE_NOT_ALLOWED, (w) => order(w, { actor: w.fx.operator })],
    ['operator sells', RejectReason.ROLE_NOT_ALLOWED, (w) => order(w, { actor: w.fx.operator, side: SELL })],
    ['invalid side', RejectReason.INVALID_ORDER_TYPE, (w) => order(w, { side: 3 as Side })],
    ['invalid order type', RejectReason.INVALID_ORDER_TYPE, (w) => order(w, { orderType: 7 as OrderType })],
    ['invalid time in force', RejectReason.INVALID_ORDER_TYPE, (w) => order(w, { tif: 9 as TimeInForce })],
    ['invalid self-trade mode', RejectReason.INVALID_ORDER_TYPE, (w) => order(w, { stp: 0 as SelfTradePrevention })],
    ['halted series', RejectReason.SERIES_HALTED, (w) => order(w, { seriesId: w.halted })],
    ['expired series', RejectReason.SERIES_EXPIRED, (w) => order(w, { seriesId: w.expired })],
    ['duplicate client order id', RejectReason.DUPLICATE_CLIENT_ORDER_ID, (w) => order(w, { clientOrderId: 5 })],
    ['post-only crossing', RejectReason.POST_ONLY_WOULD_CROSS, (w) => order(w, { priceMicros: 900_000, postOnly: true })],
    ['FOK not fillable', RejectReason.FOK_NOT_FILLABLE, (w) => order(w, { priceMicros: 900_000, qty: 4, tif: TimeInForce.FOK })],
    ['broker crosses its own quotes', RejectReason.WOULD_CROSS_OWN_QUOTES, (w) => order(w, { actor: w.fx.broker, priceMicros: 900_000 })],
    ['GTD expiry in the past', RejectReason.INVALID_EXPIRY, (w) => order(w, { tif: TimeInForce.GTD, expireAtMs: 1 })],
  ];

  it.each(cases)('%s → %s', (_name, reason, build) => {
    const w = world();
    const before = stateSummary(w.fx);
    const cmd = build(w);
    const ev = w.fx.submit(cmd);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.type).toBe(EventType.ORDER_REJECTED);
    expect(rejection(ev)).toBe(reason);
    expect(ev[0]).toMatchObject({ accountId: (cmd as { actor: number }).actor });
    expect(stateSummary(w.fx)).toEqual(before);
  });

  it('cancel, amend and mass quote on a halted series: cancel works, the rest is refused', () => {
    const w = world();
    const { fx, halted } = w;
    // An order placed before the halt.
    fx.setStatus(SeriesStatus.TRADING, halted);
    const c = fx.consumers[0]!;
    const id = fx.place(c, BUY, 500_000, 2, { seriesId: halted });
    fx.setStatus(SeriesStatus.HALTED, halted);
    expectRefused(fx, RejectReason.SERIES_HALTED, () => fx.amend(c, id, 1, 500_000));
    expectRefused(fx, RejectReason.SERIES_HALTED, () => fx.massQuote([[400_000, 1]], [], 0, fx.broker, halted));
    expect(canceled(fx.cancel(c, id))).toHaveLength(1);
  });
});
