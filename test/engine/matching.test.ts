/**
 * Matching rules: price-time priority, trade price, holds moving on fills, the
 * phase-1 rule that the broker is on every trade, the broker's mass quotes, and
 * self-trade prevention (driven on the OrderBook directly, since phase-1 routing
 * makes self-trades impossible through the engine).
 */
import { describe, expect, it } from 'vitest';

import {
  Account,
  BookStore,
  CancelReason,
  CounterpartyRule,
  Series,
  EventType,
  OrderBook,
  OrderType,
  RejectReason,
  MassCancelScope,
  Role,
  SelfTradePrevention,
  SeriesStatus,
  Side,
  TimeInForce,
  type EngineEvent,
} from '../../src/engine/index.js';
import { RestingOrder } from '../../src/engine/core/order.js';
import { MatchStop, type MatchListener } from '../../src/engine/core/order-book.js';
import {
  PAT,
  WINDOW_MS,
  accepted,
  canceled,
  conservationProblems,
  createFixture,
  fills,
  ofType,
  orderIdOf,
  prng,
  rejection,
  expectRefused,
} from '../support/engine-fixture.js';

const { BUY, SELL } = Side;


describe('price-time priority', () => {
  it('same price: first in, first filled', () => {
    const fx = createFixture();
    const [c1, c2] = fx.consumers as [number, number];
    const a = fx.place(c1, BUY, 1_000_000, 5);
    const b = fx.place(c2, BUY, 1_000_000, 5);
    const c = fx.place(c1, BUY, 1_000_000, 5);
    const ev = fx.sell(fx.broker, 1_000_000, 12, { tif: TimeInForce.IOC });
    expect(fills(ev).map((f) => [f.makerOrderId, f.qty, f.priceMicros])).toEqual([
      [a, 5, 1_000_000],
      [b, 5, 1_000_000],
      [c, 2, 1_000_000],
    ]);
    expect(fx.liveOrder(c)).toMatchObject({ orderQty: 5, cumQty: 2, leavesQty: 3 });
    expect(fx.bookOrders('brokerSells', BUY)).toEqual([c]);
  });

  it('better price first, whatever the time', () => {
    const fx = createFixture();
    const [c1, c2] = fx.consumers as [number, number];
    const low = fx.place(c1, BUY, 900_000, 5);
    const high = fx.place(c2, BUY, 1_000_000, 5);
    const ev = fx.sell(fx.broker, 900_000, 7, { tif: TimeInForce.IOC });
    expect(fills(ev).map((f) => [f.makerOrderId, f.priceMicros, f.qty])).toEqual([
      [high, 1_000_000, 5],
      [low, 900_000, 2],
    ]);
    // Asks: the lowest first.
    const a1 = fx.place(fx.broker, SELL, 1_200_000, 1);
    const a2 = fx.place(fx.broker, SELL, 1_100_000, 1);
    expect(fx.bookOrders('brokerSells', SELL)).toEqual([a2, a1]);
    expect(fills(fx.buy(c1, 1_200_000, 2)).map((f) => f.makerOrderId)).toEqual([a2, a1]);
  });

  it('trades at the maker price; a buy above the ask gets the difference of its hold back', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const ask = fx.place(fx.broker, SELL, 1_000_000, 3);
    const avail = fx.available(c);
    const brokerAvail = fx.available(fx.broker);
    const ev = fx.buy(c, 1_200_000, 5);
    const f = fills(ev);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      priceMicros: 1_000_000,
      qty: 3,
      takerSide: BUY,
      makerOrderId: ask,
      makerAccountId: fx.broker,
      makerOrderQty: 3,
      makerCumQty: 3,
      makerLeavesQty: 0,
      takerAccountId: c,
      takerOrderQty: 5,
      takerCumQty: 3,
      takerLeavesQty: 2,
    });
    // 3 bought at 1.000, 2 resting at 1.200.
    expect(fx.available(c)).toBe(avail - 3 * 1_000_000 - 2 * 1_200_000);
    expect(fx.held(c)).toBe(2 * 1_200_000);
    expect(fx.available(fx.broker)).toBe(brokerAvail + 3 * 1_000_000);
    expect(fx.rights(c)).toEqual([3, 0]);
    expect(fx.series().lastTradeMicros).toBe(1_000_000);
  });

  it('a sell below the bid trades at the bid', () => {
    const fx = createFixture();
    const p = fx.providers[1]!;
    fx.place(fx.broker, BUY, 1_000_000, 3);
    const avail = fx.available(p);
    const ev = fx.sell(p, 800_000, 3);
    expect(fills(ev).map((f) => [f.priceMicros, f.qty, f.takerSide])).toEqual([[1_000_000, 3, SELL]]);
    expect(fx.available(p)).toBe(avail + 3 * PAT);
    expect(fx.rights(p)).toEqual([497, 0]);
  });

  it('trade ids increase by one per fill', () => {
    const fx = createFixture();
    fx.place(fx.broker, SELL, 1_000_000, 1);
    fx.place(fx.broker, SELL, 1_001_000, 1);
    fx.place(fx.broker, SELL, 1_002_000, 1);
    const ids = fills(fx.buy(fx.consumers[0]!, 1_002_000, 3)).map((f) => f.tradeId);
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe(ids[0]! + 1);
    expect(ids[2]).toBe(ids[0]! + 2);
  });
});

describe('holds move exactly', () => {
  it('buy holds price × qty, fills pay the maker price, cancels release the rest', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const b = fx.broker;
    const c0 = fx.available(c);
    const b0 = fx.available(b);
    const [br0, bh0] = fx.rights(b);
    const id = fx.place(c, BUY, 800_000, 10);
    expect([fx.available(c), fx.held(c)]).toEqual([c0 - 8 * PAT, 8 * PAT]);
    fx.sell(b, 800_000, 4, { tif: TimeInForce.IOC });
    expect([fx.available(c), fx.held(c)]).toEqual([c0 - 8 * PAT, 6 * 800_000]);
    expect(fx.rights(c)).toEqual([4, 0]);
    expect(fx.available(b)).toBe(b0 + 4 * 800_000);
    expect(fx.rights(b)).toEqual([br0 - 4, bh0]);
    fx.cancel(c, id);
    expect([fx.available(c), fx.held(c)]).toEqual([c0 - 4 * 800_000, 0]);
  });

  it('sell holds rights; the buyer gets them on the fill', () => {
    const fx = createFixture();
    const b = fx.broker;
    const c = fx.consumers[1]!;
    const ask = fx.place(b, SELL, 1_500_000, 20);
    expect(fx.rights(b)).toEqual([180, 20]);
    fx.buy(c, 1_500_000, 5);
    expect(fx.rights(b)).toEqual([180, 15]);
    expect(fx.rights(c)).toEqual([5, 0]);
    expect(fx.series().rightsOutstanding).toBe(1_000);
    fx.cancel(b, ask);
    expect(fx.rights(b)).toEqual([195, 0]);
  });

  it('the broker buying from a provider pays it and takes its rights', () => {
    const fx = createFixture({ brokerRights: 0 });
    const p = fx.providers[0]!;
    const p0 = fx.available(p);
    const b0 = fx.available(fx.broker);
    fx.place(p, SELL, 400_000, 30);
    const ev = fx.buy(fx.broker, 450_000, 50);
    expect(fills(ev).map((f) => [f.priceMicros, f.qty])).toEqual([[400_000, 30]]);
    expect(fx.available(p)).toBe(p0 + 30 * 400_000);
    expect(fx.rights(p)).toEqual([470, 0]);
    expect(fx.rights(fx.broker)).toEqual([30, 0]);
    expect(fx.available(fx.broker)).toBe(b0 - 30 * 400_000 - 20 * 450_000);
    expect(fx.held(fx.broker)).toBe(20 * 450_000);
  });
});

describe('phase 1: the broker is on every trade', () => {
  it('a consumer buy never meets a provider sell, however far the prices cross', () => {
    const fx = createFixture({ brokerRights: 0 });
    const p = fx.providers[0]!;
    const c = fx.consumers[0]!;
    const sell = fx.place(p, SELL, 100_000, 10);
    const ev = fx.buy(c, 5_000_000, 10);
    expect(fills(ev)).toHaveLength(0);
    expect(fx.isLive(sell)).toBe(true);
    expect(fx.isLive(orderIdOf(ev))).toBe(true);
    // Market and IOC orders find no liquidity either.
    fx.setReference(200_000);
    const m = fx.order(c, { orderType: OrderType.MARKET, side: BUY, qty: 1 });
    expect(fills(m)).toHaveLength(0);
    expect(canceled(m)[0]!.reason).toBe(CancelReason.NO_LIQUIDITY);
    expectRefused(fx, RejectReason.FOK_NOT_FILLABLE, () => fx.buy(c, 5_000_000, 1, { tif: TimeInForce.FOK }));
  });

  it('consumers and institutions cannot sell, providers cannot buy, the operator cannot trade', () => {
    const fx = createFixture();
    const inst = fx.newAccount(Role.INSTITUTION);
    fx.deposit(inst, 100 * PAT);
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.sell(fx.consumers[0]!, 1_000_000, 1));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.sell(inst, 1_000_000, 1));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.buy(fx.providers[0]!, 1_000_000, 1));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.buy(fx.operator, 1_000_000, 1));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.sell(fx.operator, 1_000_000, 1));
    fx.place(fx.broker, SELL, 1_000_000, 1);
    expect(fills(fx.buy(inst, 1_000_000, 1))).toHaveLength(1);
  });

  it('the broker may not cross its own quotes (new order or amend)', () => {
    const fx = createFixture();
    const b = fx.broker;
    const ask = fx.place(b, SELL, 1_000_000, 5);
    expectRefused(fx, RejectReason.WOULD_CROSS_OWN_QUOTES, () => fx.buy(b, 1_000_000, 1));
    expectRefused(fx, RejectReason.WOULD_CROSS_OWN_QUOTES, () => fx.buy(b, 1_100_000, 1, { tif: TimeInForce.IOC }));
    const bid = fx.place(b, BUY, 999_000, 5);
    expectRefused(fx, RejectReason.WOULD_CROSS_OWN_QUOTES, () => fx.sell(b, 999_000, 1));
    expectRefused(fx, RejectReason.WOULD_CROSS_OWN_QUOTES, () => fx.sell(b, 500_000, 1));
    expectRefused(fx, RejectReason.WOULD_CROSS_OWN_QUOTES, () => fx.amend(b, bid, 5, 1_000_000));
    expectRefused(fx, RejectReason.WOULD_CROSS_OWN_QUOTES, () => fx.amend(b, ask, 5, 999_000));
    // Quotes count as its quotes too.
    fx.cancel(b, ask);
    fx.cancel(b, bid);
    fx.massQuote([[900_000, 1]], [[1_100_000, 1]]);
    expectRefused(fx, RejectReason.WOULD_CROSS_OWN_QUOTES, () => fx.buy(b, 1_100_000, 1));
    expectRefused(fx, RejectReason.WOULD_CROSS_OWN_QUOTES, () => fx.sell(b, 900_000, 1));
    expect(accepted(fx.buy(b, 1_099_000, 1))).toHaveLength(1);
  });

  it('random order flow: every fill has the broker on exactly one side, at the maker’s price, within the taker’s limit', () => {
    const fx = createFixture({ consumers: 3, providers: 3, consumerMicros: 5_000 * PAT, brokerMicros: 50_000 * PAT });
    fx.setReference(1_000_000);
    const rnd = prng(12345);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const price = () => 900_000 + Math.floor(rnd() * 200) * 1_000;
    const live: Array<{ id: number; owner: number }> = [];
    const priceOf = new Map<number, number>();
    let fillCount = 0;
    let rejected = 0;
    for (let step = 0; step < 1_500; step++) {
      const r = rnd();
      let ev: EngineEvent[];
      if (r < 0.3) {
        const tif = pick([TimeInForce.GTC, TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK]);
        ev = fx.buy(pick(fx.consumers), price(), 1 + Math.floor(rnd() * 8), { tif });
      } else if (r < 0.45) {
        ev = fx.sell(pick(fx.providers), price(), 1 + Math.floor(rnd() * 8), { tif: pick([TimeInForce.GTC, TimeInForce.IOC]) });
      } else if (r < 0.5) {
        const who = rnd() < 0.5 ? pick(fx.consumers) : pick(fx.providers);
        const side = fx.acct(who).role === Role.CONSUMER ? BUY : SELL;
        ev = fx.order(who, { orderType: OrderType.MARKET, side, qty: 1 + Math.floor(rnd() * 10) });
      } else if (r < 0.62) {
        const mid = price();
        const bids: Array<[number, number]> = [0, 1, 2].map((i) => [mid - 5_000 - i * 2_000, 1 + Math.floor(rnd() * 5)]);
        const asks: Array<[number, number]> = [0, 1, 2].map((i) => [mid + 5_000 + i * 2_000, 1 + Math.floor(rnd() * 5)]);
        ev = fx.massQuote(bids, asks, mid);
      } else if (r < 0.7) {
        ev = fx.order(fx.broker, { side: rnd() < 0.5 ? BUY : SELL, priceMicros: price(), qty: 1 + Math.floor(rnd() * 5), tif: pick([TimeInForce.GTC, TimeInForce.IOC]) });
      } else if (r < 0.82 && live.length > 0) {
        const o = live[Math.floor(rnd() * live.length)]!;
        ev = fx.cancel(o.owner, o.id);
      } else if (r < 0.95 && live.length > 0) {
        const o = live[Math.floor(rnd() * live.length)]!;
        const ro = fx.engine.orders.get(o.id);
        const qty = ro === undefined ? 3 : Math.max(1, ro.orderQty + Math.floor(rnd() * 5) - 2);
        ev = fx.amend(o.owner, o.id, qty, rnd() < 0.5 && ro !== undefined ? ro.priceMicros : price());
      } else if (r < 0.97) {
        ev = fx.massCancel(pick([...fx.consumers, ...fx.providers, fx.broker]), 1);
      } else {
        const p = pick(fx.providers);
        ev = fx.mint(p, 5);
        if (rejection(ev) !== 0) ev = fx.declareCapacity(p, fx.acct(p).positions.get(fx.seriesId)!.capacity + 100);
      }
      for (const e of ev) {
        if (e.type === EventType.ORDER_ACCEPTED) {
          priceOf.set(e.orderId, e.priceMicros);
          live.push({ id: e.orderId, owner: e.accountId });
        } else if (e.type === EventType.ORDER_AMENDED) {
          priceOf.set(e.orderId, e.priceMicros);
        } else if (e.type === EventType.FILL) {
          fillCount++;
          expect((e.makerAccountId === fx.broker) !== (e.takerAccountId === fx.broker)).toBe(true);
          expect(e.qty).toBeGreaterThan(0);
          expect(e.priceMicros).toBe(priceOf.get(e.makerOrderId));
          const takerLimit = priceOf.get(e.takerOrderId)!;
          if (e.takerSide === BUY) expect(e.priceMicros).toBeLessThanOrEqual(takerLimit);
          else expect(e.priceMicros).toBeGreaterThanOrEqual(takerLimit);
          expect(e.makerOrderQty).toBe(e.makerCumQty + e.makerLeavesQty);
          expect(e.takerOrderQty).toBe(e.takerCumQty + e.takerLeavesQty);
        } else if (e.type === EventType.ORDER_REJECTED || e.type === EventType.COMMAND_REJECTED) {
          rejected++;
        }
      }
      for (let i = live.length - 1; i >= 0; i--) if (!fx.isLive(live[i]!.id)) live.splice(i, 1);
    }
    expect(conservationProblems(fx)).toEqual([]);
    expect(fillCount).toBeGreaterThan(200);
    expect(rejected).toBeLessThan(1_500);
  });
});

describe('random commands of every kind', () => {
  it.each([7, 8, 9])('seed %i: invariants hold after every command', (seed) => {
    const fx = createFixture({ consumers: 3, providers: 2, consumerMicros: 2_000 * PAT, brokerMicros: 20_000 * PAT });
    const s2 = fx.newSeries({ contract: 'AUTO_INTENT|1D|0.70-0.85', tickMicros: 5_000, minPriceMicros: 5_000, lotSize: 2 });
    for (const p of fx.providers) {
      fx.declareCapacity(p, 1_000, s2);
      fx.mint(p, 400, s2);
    }
    const rnd = prng(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
    const seriesIds = [fx.seriesId, s2];
    const price = (sid: number) => (sid === s2 ? 5_000 * (150 + int(60)) : 1_000 * (900 + int(200)));
    const qty = (sid: number) => (sid === s2 ? 2 * (1 + int(5)) : 1 + int(9));
    const kinds = new Map<number, number>();
    for (let step = 0; step < 1_200; step++) {
      const sid = pick(seriesIds);
      const r = int(100);
      let ev: EngineEvent[];
      if (r < 25) {
        const tif = pick([TimeInForce.GTC, TimeInForce.GTD, TimeInForce.IOC, TimeInForce.FOK]);
        ev = fx.buy(pick(fx.consumers), price(sid), qty(sid), {
          seriesId: sid,
          tif,
          expireAtMs: tif === TimeInForce.GTD ? fx.nowMs + 1 + int(5_000) : 0,
          postOnly: tif !== TimeInForce.IOC && tif !== TimeInForce.FOK && rnd() < 0.2,
          clientOrderId: rnd() < 0.5 ? 1 + int(300) : 0,
        });
      } else if (r < 38) {
        ev = fx.sell(pick(fx.providers), price(sid), qty(sid), { seriesId: sid, tif: pick([TimeInForce.GTC, TimeInForce.IOC]) });
      } else if (r < 50) {
        const mid = price(sid);
        const step2 = sid === s2 ? 10_000 : 2_000;
        ev = fx.massQuote(
          [1, 2, 3].map((i) => [mid - i * step2, qty(sid)] as [number, number]),
          [1, 2].map((i) => [mid + i * step2, qty(sid)] as [number, number]),
          rnd() < 0.5 ? mid : 0,
          fx.broker,
          sid,
        );
      } else if (r < 56) {
        const who = rnd() < 0.5 ? pick(fx.consumers) : pick(fx.providers);
        ev = fx.order(who, { seriesId: sid, orderType: OrderType.MARKET, side: fx.acct(who).role === Role.CONSUMER ? BUY : SELL, qty: qty(sid) });
      } else if (r < 70) {
        const s = fx.series(sid);
        const live = [...s.brokerSells.orders(BUY), ...s.brokerSells.orders(SELL), ...s.brokerBuys.orders(BUY), ...s.brokerBuys.orders(SELL)];
        if (live.length === 0) continue;
        const o = pick(live);
        ev = rnd() < 0.5 ? fx.cancel(pick([o.owner.id, fx.operator]), o.orderId) : fx.amend(o.owner.id, o.orderId, Math.max(1, o.orderQty + int(7) - 3) * (sid === s2 ? 2 : 1), rnd() < 0.5 ? o.priceMicros : price(sid));
      } else if (r < 75) {
        fx.nowMs += int(2_000);
        ev = fx.expireOrders(fx.nowMs);
      } else if (r < 79) {
        ev = fx.setStatus(rnd() < 0.5 ? SeriesStatus.HALTED : SeriesStatus.TRADING, sid);
      } else if (r < 83) {
        ev = fx.exercise(pick(fx.consumers), 1 + int(3), sid);
      } else if (r < 87) {
        ev = fx.requestWithdrawal(pick([...fx.consumers, ...fx.providers]), BigInt(1 + int(5)) * 1_000_000_000_000_000n);
      } else if (r < 90) {
        ev = fx.depositWei(pick(fx.consumers), BigInt(1 + int(1_000)) * 999_999_999_999n);
      } else if (r < 93) {
        ev = fx.massCancel(fx.operator, pick([MassCancelScope.ACCOUNT, MassCancelScope.SERIES]), pick(fx.consumers), sid);
      } else {
        ev = fx.mint(pick(fx.providers), 2 * (1 + int(3)), sid);
      }
      for (const e of ev) kinds.set(e.type, (kinds.get(e.type) ?? 0) + 1);
    }
    expect(conservationProblems(fx)).toEqual([]);
    // The run exercised the interesting paths.
    for (const t of [EventType.FILL, EventType.ORDER_EXPIRED, EventType.ORDER_AMENDED, EventType.ORDER_CANCELED, EventType.RIGHTS_EXERCISED, EventType.WITHDRAWAL_REQUESTED]) {
      expect(kinds.get(t) ?? 0).toBeGreaterThan(0);
    }
  });
});

describe('mass quote', () => {
  it('enters a ladder, then replaces it: unchanged levels keep their ids, others are replaced', () => {
    const fx = createFixture();
    let ev = fx.massQuote(
      [[900_000, 5], [800_000, 5]],
      [[1_100_000, 5], [1_200_000, 5]],
    );
    const acc = accepted(ev);
    expect(acc.map((a) => [a.side, a.priceMicros, a.orderQty, a.isQuote])).toEqual([
      [BUY, 900_000, 5, true],
      [BUY, 800_000, 5, true],
      [SELL, 1_100_000, 5, true],
      [SELL, 1_200_000, 5, true],
    ]);
    expect(ofType(ev, EventType.QUOTES_REPLACED)[0]).toMatchObject({ bidLevels: 2, askLevels: 2 });
    const [b90, b80, a110, a120] = acc.map((a) => a.orderId) as [number, number, number, number];
    expect(fx.series().quoteBidIds).toEqual([b90, b80]);
    expect(fx.series().quoteAskIds).toEqual([a110, a120]);
    expect(fx.held(fx.broker)).toBe(5 * 900_000 + 5 * 800_000);
    expect(fx.rights(fx.broker)).toEqual([190, 10]);

    ev = fx.massQuote(
      [[900_000, 5], [850_000, 4]],
      [[1_100_000, 5], [1_150_000, 4]],
    );
    expect(canceled(ev).map((e) => [e.orderId, e.reason])).toEqual([
      [b80, CancelReason.QUOTE_REPLACED],
      [a120, CancelReason.QUOTE_REPLACED],
    ]);
    const fresh = accepted(ev);
    expect(fresh.map((a) => a.priceMicros)).toEqual([850_000, 1_150_000]);
    expect(fx.series().quoteBidIds).toEqual([b90, fresh[0]!.orderId]);
    expect(fx.series().quoteAskIds).toEqual([a110, fresh[1]!.orderId]);
    expect(fx.held(fx.broker)).toBe(5 * 900_000 + 4 * 850_000);
    expect(fx.rights(fx.broker)).toEqual([191, 9]);
    expect(fx.series().brokerSells.depth(SELL, 5)).toEqual([
      [1_100_000, 5, 1],
      [1_150_000, 4, 1],
    ]);

    // Empty ladders pull every quote.
    ev = fx.massQuote([], []);
    expect(canceled(ev)).toHaveLength(4);
    expect(fx.held(fx.broker)).toBe(0);
    expect(fx.rights(fx.broker)).toEqual([200, 0]);
    expect(fx.series().quoteBidIds).toEqual([]);
  });

  it('an unchanged level keeps its time priority; a grown one loses it', () => {
    const fx = createFixture();
    const p = fx.providers[1]!;
    let ev = fx.massQuote([[900_000, 5]], []);
    const q = orderIdOf(ev);
    const extra = fx.place(fx.broker, BUY, 900_000, 5); // behind the quote
    ev = fx.massQuote([[900_000, 5]], []);
    expect(accepted(ev)).toHaveLength(0);
    expect(canceled(ev)).toHaveLength(0);
    expect(fx.bookOrders('brokerBuys', BUY)).toEqual([q, extra]);
    expect(fills(fx.sell(p, 900_000, 1)).map((f) => f.makerOrderId)).toEqual([q]);
    // Leaves 4 now; quoting 5 again is a bigger size: replaced, to the back.
    ev = fx.massQuote([[900_000, 5]], []);
    expect(canceled(ev).map((e) => e.orderId)).toEqual([q]);
    const q2 = orderIdOf(ev);
    expect(fx.bookOrders('brokerBuys', BUY)).toEqual([extra, q2]);
    expect(fills(fx.sell(p, 900_000, 1)).map((f) => f.makerOrderId)).toEqual([extra]);
  });

  it('a smaller level shrinks in place (same id, priority kept)', () => {
    const fx = createFixture();
    let ev = fx.massQuote([[900_000, 5]], [[1_100_000, 6]]);
    const [bid, ask] = accepted(ev).map((a) => a.orderId) as [number, number];
    const extra = fx.place(fx.broker, SELL, 1_100_000, 1);
    ev = fx.massQuote([[900_000, 3]], [[1_100_000, 2]]);
    expect(accepted(ev)).toHaveLength(0);
    expect(ofType(ev, EventType.ORDER_AMENDED).map((e) => [e.orderId, e.orderQty, e.leavesQty, e.priorityKept])).toEqual([
      [bid, 3, 3, true],
      [ask, 2, 2, true],
    ]);
    expect(fx.held(fx.broker)).toBe(3 * 900_000);
    expect(fx.rights(fx.broker)).toEqual([197, 3]);
    expect(fx.bookOrders('brokerSells', SELL)).toEqual([ask, extra]);
  });

  it('refuses a crossed or locked ladder QUOTE_CROSSED, a badly ordered one INVALID_PRICE, previous quotes untouched', () => {
    const fx = createFixture();
    fx.massQuote([[900_000, 5]], [[1_100_000, 5]]);
    expectRefused(fx, RejectReason.QUOTE_CROSSED, () => fx.massQuote([[1_000_000, 1]], [[1_000_000, 1]]));
    expectRefused(fx, RejectReason.QUOTE_CROSSED, () => fx.massQuote([[1_050_000, 1]], [[1_000_000, 1]]));
    expectRefused(fx, RejectReason.INVALID_PRICE, () => fx.massQuote([[800_000, 1], [900_000, 1]], []));
    expectRefused(fx, RejectReason.INVALID_PRICE, () => fx.massQuote([], [[1_200_000, 1], [1_100_000, 1]]));
    expectRefused(fx, RejectReason.INVALID_PRICE, () => fx.massQuote([], [[1_200_000, 1], [1_200_000, 1]]));
    expectRefused(fx, RejectReason.INVALID_TICK, () => fx.massQuote([[900_500, 1]], []));
    expectRefused(fx, RejectReason.INVALID_QUANTITY, () => fx.massQuote([[900_000, 0]], []));
    expectRefused(fx, RejectReason.PRICE_OUT_OF_LIMITS, () => fx.massQuote([], [[20_000_000, 1]]));
    expectRefused(fx, RejectReason.PRICE_OUT_OF_LIMITS, () => fx.massQuote([[900_000, 1]], [], 20_000_000));
  });

  it('refuses more levels than allowed TOO_MANY_QUOTE_LEVELS', () => {
    const fx = createFixture({ limits: { maxQuoteLevels: 4 } });
    const ladder = (n: number): Array<[number, number]> => Array.from({ length: n }, (_, i) => [900_000 - i * 1_000, 1]);
    expectRefused(fx, RejectReason.TOO_MANY_QUOTE_LEVELS, () => fx.massQuote(ladder(5), []));
    expect(ofType(fx.massQuote(ladder(4), []), EventType.QUOTES_REPLACED)).toHaveLength(1);
    const fx32 = createFixture();
    expectRefused(fx32, RejectReason.TOO_MANY_QUOTE_LEVELS, () => fx32.massQuote([], Array.from({ length: 33 }, (_, i) => [1_000_000 + i * 1_000, 1] as [number, number])));
  });

  it('refuses a ladder the broker cannot cover, leaving the previous quotes untouched', () => {
    const fx = createFixture({ brokerMicros: 200 * PAT, seedPriceMicros: 500_000, brokerRights: 20 });
    // 190 PAT left after buying 20 rights at 0.5.
    expect(fx.available(fx.broker)).toBe(190 * PAT);
    fx.massQuote([[1_000_000, 100]], [[2_000_000, 10]]);
    expect(fx.available(fx.broker)).toBe(90 * PAT);
    // Requoting may reuse what the current quotes hold: 190 PAT is enough, 191 is not.
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.massQuote([[1_000_000, 191]], [[2_000_000, 10]]));
    expectRefused(fx, RejectReason.INSUFFICIENT_RIGHTS, () => fx.massQuote([[1_000_000, 100]], [[2_000_000, 21]]));
    expectRefused(fx, RejectReason.INSUFFICIENT_RIGHTS, () => fx.massQuote([], [[2_000_000, 11], [2_100_000, 10]]));
    const ev = fx.massQuote([[1_000_000, 190]], [[2_000_000, 12], [2_100_000, 8]]);
    expect(ofType(ev, EventType.QUOTES_REPLACED)).toHaveLength(1);
    expect(fx.available(fx.broker)).toBe(0);
    expect(fx.rights(fx.broker)).toEqual([0, 20]);
  });

  it('quotes trade against resting customer orders on entry, at the customer’s price', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const p = fx.providers[1]!;
    const bid = fx.place(c, BUY, 1_200_000, 3);
    const ask = fx.place(p, SELL, 800_000, 2);
    const b0 = fx.available(fx.broker);
    const ev = fx.massQuote([[900_000, 5]], [[1_100_000, 5]]);
    const f = fills(ev);
    expect(f.map((x) => [x.makerOrderId, x.priceMicros, x.qty, x.takerSide])).toEqual([
      [ask, 800_000, 2, BUY],
      [bid, 1_200_000, 3, SELL],
    ]);
    const [qb, qa] = fx.series().quoteBidIds.concat(fx.series().quoteAskIds);
    expect(fx.liveOrder(qb!)).toMatchObject({ orderQty: 5, cumQty: 2, leavesQty: 3 });
    expect(fx.liveOrder(qa!)).toMatchObject({ orderQty: 5, cumQty: 3, leavesQty: 2 });
    expect(fx.available(fx.broker)).toBe(b0 - 2 * 800_000 - 3 * 900_000 + 3 * 1_200_000);
    expect(fx.rights(c)).toEqual([3, 0]);
  });

  it('a quote level filled completely on entry is not listed as live', () => {
    const fx = createFixture();
    fx.place(fx.consumers[0]!, BUY, 1_200_000, 5);
    const ev = fx.massQuote([], [[1_100_000, 5], [1_150_000, 2]]);
    expect(fills(ev)).toHaveLength(1);
    expect(fx.series().quoteAskIds).toHaveLength(1);
    expect(fx.liveOrder(fx.series().quoteAskIds[0]!).priceMicros).toBe(1_150_000);
    // The next requote does not trip over the filled one.
    expect(ofType(fx.massQuote([], [[1_150_000, 2]]), EventType.QUOTES_REPLACED)).toHaveLength(1);
  });

  it('sets the reference price when given one', () => {
    const fx = createFixture();
    const ev = fx.massQuote([[900_000, 1]], [[1_100_000, 1]], 1_000_000);
    expect(ofType(ev, EventType.REFERENCE_PRICE_SET)[0]!.priceMicros).toBe(1_000_000);
    expect(fx.series().referencePriceMicros).toBe(1_000_000);
    expect(ofType(fx.massQuote([[900_000, 1]], [[1_100_000, 1]], 0), EventType.REFERENCE_PRICE_SET)).toHaveLength(0);
    expect(fx.series().referencePriceMicros).toBe(1_000_000);
  });

  it('refuses a ladder that would cross the broker’s own non-quote orders: WOULD_CROSS_OWN_QUOTES', () => {
    const fx = createFixture();
    const ask = fx.place(fx.broker, SELL, 1_000_000, 1);
    const bid = fx.place(fx.broker, BUY, 800_000, 1);
    fx.massQuote([[850_000, 1]], [[950_000, 1]]);
    expectRefused(fx, RejectReason.WOULD_CROSS_OWN_QUOTES, () => fx.massQuote([[1_000_000, 1]], [[1_100_000, 1]]));
    expectRefused(fx, RejectReason.WOULD_CROSS_OWN_QUOTES, () => fx.massQuote([[700_000, 1]], [[800_000, 1]]));
    // Its own current quotes do not count: they are being replaced.
    expect(ofType(fx.massQuote([[900_000, 1]], [[990_000, 1]]), EventType.QUOTES_REPLACED)).toHaveLength(1);
    fx.cancel(fx.broker, ask);
    fx.cancel(fx.broker, bid);
    expect(ofType(fx.massQuote([[1_000_000, 1]], [[1_100_000, 1]]), EventType.QUOTES_REPLACED)).toHaveLength(1);
  });

  it('a quote amended onto another quote’s level is not orphaned by the next requote', () => {
    const fx = createFixture();
    const ev = fx.massQuote([[900_000, 5], [800_000, 5]], []);
    const [q90, q80] = accepted(ev).map((a) => a.orderId) as [number, number];
    expect(ofType(fx.amend(fx.broker, q80, 5, 900_000), EventType.ORDER_AMENDED)).toHaveLength(1);
    expect(fx.series().brokerBuys.depth(BUY, 5)).toEqual([[900_000, 10, 2]]);
    fx.massQuote([[900_000, 5]], []);
    expect(fx.series().brokerBuys.depth(BUY, 5)).toEqual([[900_000, 5, 1]]);
    expect(fx.series().quoteBidIds).toEqual([q90]);
    expect(fx.held(fx.broker)).toBe(5 * 900_000);
    fx.massQuote([], []);
    expect(fx.engine.orders.size).toBe(0);
    expect(fx.held(fx.broker)).toBe(0);
  });

  it('only the broker may mass quote', () => {
    const fx = createFixture();
    for (const who of [fx.consumers[0]!, fx.providers[0]!, fx.operator]) {
      expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.massQuote([[900_000, 1]], [], 0, who));
    }
    expectRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => fx.massQuote([[900_000, 1]], [], 0, 999));
    expectRefused(fx, RejectReason.UNKNOWN_SERIES, () => fx.massQuote([[900_000, 1]], [], 0, fx.broker, 42));
  });
});

// ------------------------------------------------------------------------
// Self-trade prevention, on the book itself.

interface Recorded {
  trades: Array<[number, number, number]>;
  cancels: Array<[number, number]>;
  decrements: Array<[number, number, number, number]>;
}

function recorder(): MatchListener & Recorded {
  const r: Recorded = { trades: [], cancels: [], decrements: [] };
  return {
    ...r,
    onTrade(maker, taker, qty) {
      r.trades.push([maker.orderId, taker.orderId, qty]);
    },
    onSelfTradeCancel(maker) {
      r.cancels.push([maker.orderId, maker.leavesQty]);
    },
    onSelfTradeDecrement(order, qty) {
      r.decrements.push([order.orderId, qty, order.orderQty, order.leavesQty]);
    },
  };
}

let nextBookOrderId = 1;

/** An order built by hand for the book-level tests (no engine): `owner`'s position in series 1. */
function bookOrder(owner: Account, side: Side, priceMicros: number, qty: number, stp: SelfTradePrevention = SelfTradePrevention.CANCEL_NEWEST): RestingOrder {
  const o = new RestingOrder();
  o.orderId = nextBookOrderId++;
  o.position = owner.position(1);
  o.resetBits(side);
  o.stp = stp;
  o.priceMicros = priceMicros;
  o.leavesQty = qty;
  return o;
}

describe('OrderBook self-trade prevention', () => {
  const alice = new Account(1, Role.BROKER, '', 8);
  const bob = new Account(2, Role.BROKER, '', 8);

  function setup(asks: Array<[Account, number]>) {
    const book = new OrderBook(1_000, 1_000, 10_000_000);
    const makers = asks.map(([owner, qty]) => {
      const o = bookOrder(owner, SELL, 1_000_000, qty);
      book.rest(o);
      return o;
    });
    return { book, makers };
  }

  it('trades normally between different owners, FIFO', () => {
    const { book, makers } = setup([[bob, 2], [bob, 3]]);
    const taker = bookOrder(alice, BUY, 1_000_000, 4);
    const l = recorder();
    expect(book.match(taker, book.indexOf(taker.priceMicros), l)).toBe(MatchStop.DONE);
    expect(l.trades).toEqual([
      [makers[0]!.orderId, taker.orderId, 2],
      [makers[1]!.orderId, taker.orderId, 2],
    ]);
    expect(book.depth(SELL, 5)).toEqual([[1_000_000, 1, 1]]);
    expect(taker).toMatchObject({ cumQty: 4, leavesQty: 0 });
  });

  it('CANCEL_NEWEST: the taker stops, the resting order is untouched', () => {
    const { book, makers } = setup([[bob, 2], [alice, 5], [bob, 5]]);
    const taker = bookOrder(alice, BUY, 1_000_000, 4, SelfTradePrevention.CANCEL_NEWEST);
    const l = recorder();
    expect(book.match(taker, book.indexOf(taker.priceMicros), l)).toBe(MatchStop.SELF_TRADE);
    expect(l.trades).toEqual([[makers[0]!.orderId, taker.orderId, 2]]);
    expect(l.cancels).toEqual([]);
    expect(l.decrements).toEqual([]);
    expect(taker).toMatchObject({ orderQty: 4, cumQty: 2, leavesQty: 2 });
    expect(makers[1]).toMatchObject({ leavesQty: 5, resting: true });
    expect(book.depth(SELL, 5)).toEqual([[1_000_000, 10, 2]]);
  });

  it('CANCEL_OLDEST: the resting order is cancelled and matching goes on', () => {
    const { book, makers } = setup([[alice, 5], [bob, 5]]);
    const taker = bookOrder(alice, BUY, 1_000_000, 3, SelfTradePrevention.CANCEL_OLDEST);
    const l = recorder();
    expect(book.match(taker, book.indexOf(taker.priceMicros), l)).toBe(MatchStop.DONE);
    expect(l.cancels).toEqual([[makers[0]!.orderId, 5]]);
    expect(l.trades).toEqual([[makers[1]!.orderId, taker.orderId, 3]]);
    expect(makers[0]!.resting).toBe(false);
    expect([...book.orders(SELL)]).toEqual([makers[1]]);
    expect(book.depth(SELL, 5)).toEqual([[1_000_000, 2, 1]]);
  });

  it('CANCEL_OLDEST across levels empties a level and moves on to the next', () => {
    const book = new OrderBook(1_000, 1_000, 10_000_000);
    const own = bookOrder(alice, SELL, 1_000_000, 5);
    const other = bookOrder(bob, SELL, 1_001_000, 5);
    book.rest(own);
    book.rest(other);
    const taker = bookOrder(alice, BUY, 1_001_000, 3, SelfTradePrevention.CANCEL_OLDEST);
    const l = recorder();
    expect(book.match(taker, book.indexOf(taker.priceMicros), l)).toBe(MatchStop.DONE);
    expect(l.trades).toEqual([[other.orderId, taker.orderId, 3]]);
    expect(book.bestAskMicros()).toBe(1_001_000);
  });

  it('CANCEL_BOTH: the resting order is cancelled and the taker stops', () => {
    const { book, makers } = setup([[alice, 5], [bob, 5]]);
    const taker = bookOrder(alice, BUY, 1_000_000, 3, SelfTradePrevention.CANCEL_BOTH);
    const l = recorder();
    expect(book.match(taker, book.indexOf(taker.priceMicros), l)).toBe(MatchStop.SELF_TRADE);
    expect(l.cancels).toEqual([[makers[0]!.orderId, 5]]);
    expect(l.trades).toEqual([]);
    expect(taker).toMatchObject({ cumQty: 0, leavesQty: 3 });
    expect([...book.orders(SELL)]).toEqual([makers[1]]);
  });

  it('DECREMENT, resting larger: it is reduced by the taker’s size (OrderQty too), the taker stops', () => {
    const { book, makers } = setup([[alice, 5]]);
    const taker = bookOrder(alice, BUY, 1_000_000, 3, SelfTradePrevention.DECREMENT);
    const l = recorder();
    expect(book.match(taker, book.indexOf(taker.priceMicros), l)).toBe(MatchStop.SELF_TRADE);
    expect(l.decrements).toEqual([[makers[0]!.orderId, 3, 2, 2]]);
    expect(l.cancels).toEqual([]);
    expect(makers[0]).toMatchObject({ orderQty: 2, leavesQty: 2, cumQty: 0, resting: true });
    expect(book.depth(SELL, 5)).toEqual([[1_000_000, 2, 1]]);
  });

  it('DECREMENT, taker larger: the resting order is cancelled, the taker reduced (OrderQty too) and goes on', () => {
    const { book, makers } = setup([[alice, 3], [bob, 4]]);
    const taker = bookOrder(alice, BUY, 1_000_000, 5, SelfTradePrevention.DECREMENT);
    const l = recorder();
    expect(book.match(taker, book.indexOf(taker.priceMicros), l)).toBe(MatchStop.DONE);
    expect(l.cancels).toEqual([[makers[0]!.orderId, 3]]);
    expect(l.decrements).toEqual([[taker.orderId, 3, 2, 2]]);
    expect(l.trades).toEqual([[makers[1]!.orderId, taker.orderId, 2]]);
    expect(taker).toMatchObject({ orderQty: 2, cumQty: 2, leavesQty: 0 });
    expect(book.depth(SELL, 5)).toEqual([[1_000_000, 2, 1]]);
  });

  it('DECREMENT, equal sizes: both are cancelled', () => {
    const { book, makers } = setup([[alice, 4], [bob, 4]]);
    const taker = bookOrder(alice, BUY, 1_000_000, 4, SelfTradePrevention.DECREMENT);
    const l = recorder();
    expect(book.match(taker, book.indexOf(taker.priceMicros), l)).toBe(MatchStop.SELF_TRADE);
    expect(l.cancels).toEqual([[makers[0]!.orderId, 4]]);
    expect(l.decrements).toEqual([]);
    expect(l.trades).toEqual([]);
    expect(taker.leavesQty).toBe(4); // the owner cancels the taker's remainder
    expect(book.depth(SELL, 5)).toEqual([[1_000_000, 4, 1]]);
  });

  it('the taker’s mode decides, not the resting order’s', () => {
    const book = new OrderBook(1_000, 1_000, 10_000_000);
    const maker = bookOrder(alice, BUY, 1_000_000, 5, SelfTradePrevention.CANCEL_OLDEST);
    book.rest(maker);
    const taker = bookOrder(alice, SELL, 1_000_000, 2, SelfTradePrevention.CANCEL_NEWEST);
    const l = recorder();
    expect(book.match(taker, book.indexOf(taker.priceMicros), l)).toBe(MatchStop.SELF_TRADE);
    expect(l.cancels).toEqual([]);
    expect(maker.resting).toBe(true);
  });

  it('fill-or-kill counts only what trades before the first own order', () => {
    const { book } = setup([[bob, 2], [alice, 5], [bob, 5]]);
    expect(book.fillableQty(BUY, alice.id, book.indexOf(1_000_000), 10)).toBe(2);
    // It stops counting once `wanted` is reached.
    expect(book.fillableQty(BUY, bob.id + 100, book.indexOf(1_000_000), 10)).toBeGreaterThanOrEqual(10);
    expect(book.fillableQty(BUY, bob.id + 100, book.indexOf(1_000_000), 20)).toBe(12);
    expect(book.fillableQty(BUY, bob.id + 100, book.indexOf(999_000), 10)).toBe(0);
  });
});

describe('engine self-trade handling (an OPEN-rule series, as later phases will list)', () => {
  /** Injects an OPEN series (phase 1 cannot list one) where the broker holds 50 rights. */
  function openWorld() {
    const fx = createFixture();
    const spec = fx.series().spec;
    const sid = fx.engine.series.length;
    fx.engine.series.push(new Series(sid, { ...spec, openAtMs: spec.openAtMs + WINDOW_MS, closeAtMs: spec.closeAtMs + WINDOW_MS }, CounterpartyRule.OPEN, fx.engine.books));
    const p = fx.providers[1]!;
    fx.declareCapacity(p, 100, sid);
    fx.mint(p, 100, sid);
    fx.sell(p, 500_000, 50, { seriesId: sid });
    expect(fills(fx.buy(fx.broker, 500_000, 50, { seriesId: sid, tif: TimeInForce.IOC }))).toHaveLength(1);
    return { fx, sid, p, b: fx.broker };
  }

  it('CANCEL_NEWEST cancels the incoming order and leaves the resting one', () => {
    const { fx, sid, b } = openWorld();
    const a = fx.place(b, SELL, 1_000_000, 5, { seriesId: sid });
    const heldBefore = fx.held(b);
    const ev = fx.buy(b, 1_000_000, 3, { seriesId: sid, stp: SelfTradePrevention.CANCEL_NEWEST });
    expect(ev.map((e) => e.type)).toEqual([EventType.ORDER_ACCEPTED, EventType.ORDER_CANCELED]);
    expect(canceled(ev)[0]).toMatchObject({ reason: CancelReason.SELF_TRADE, canceledQty: 3, cumQty: 0 });
    expect(fx.liveOrder(a).leavesQty).toBe(5);
    expect(fx.held(b)).toBe(heldBefore);
  });

  it('CANCEL_OLDEST cancels the resting order and trades on with others', () => {
    const { fx, sid, p, b } = openWorld();
    const a = fx.place(b, SELL, 1_000_000, 5, { seriesId: sid });
    const other = fx.place(p, SELL, 1_000_000, 5, { seriesId: sid });
    const ev = fx.buy(b, 1_000_000, 3, { seriesId: sid, stp: SelfTradePrevention.CANCEL_OLDEST });
    expect(canceled(ev).map((e) => [e.orderId, e.reason, e.canceledQty])).toEqual([[a, CancelReason.SELF_TRADE, 5]]);
    expect(fills(ev).map((f) => [f.makerOrderId, f.qty])).toEqual([[other, 3]]);
    expect(fx.rights(b, sid)).toEqual([53, 0]);
  });

  it('CANCEL_BOTH cancels both', () => {
    const { fx, sid, p, b } = openWorld();
    const a = fx.place(b, SELL, 1_000_000, 5, { seriesId: sid });
    const other = fx.place(p, SELL, 1_000_000, 5, { seriesId: sid });
    const ev = fx.buy(b, 1_000_000, 3, { seriesId: sid, stp: SelfTradePrevention.CANCEL_BOTH });
    expect(canceled(ev).map((e) => [e.orderId === a ? 'maker' : 'taker', e.canceledQty])).toEqual([
      ['maker', 5],
      ['taker', 3],
    ]);
    expect(fills(ev)).toHaveLength(0);
    expect(fx.liveOrder(other).leavesQty).toBe(5);
    expect(fx.held(b)).toBe(0);
  });

  it('DECREMENT reduces the larger by the smaller and cancels the smaller, releasing exactly', () => {
    const { fx, sid, p, b } = openWorld();
    const a = fx.place(b, SELL, 1_000_000, 5, { seriesId: sid });
    let ev = fx.buy(b, 1_000_000, 3, { seriesId: sid, stp: SelfTradePrevention.DECREMENT });
    expect(ofType(ev, EventType.ORDER_AMENDED)[0]).toMatchObject({ orderId: a, orderQty: 2, leavesQty: 2, priorityKept: true });
    expect(canceled(ev)[0]).toMatchObject({ reason: CancelReason.SELF_TRADE, canceledQty: 3 });
    expect(fx.rights(b, sid)).toEqual([48, 2]);
    expect(fx.held(b)).toBe(0);

    const other = fx.place(p, SELL, 1_000_000, 4, { seriesId: sid });
    ev = fx.buy(b, 1_000_000, 5, { seriesId: sid, stp: SelfTradePrevention.DECREMENT });
    expect(canceled(ev).map((e) => [e.orderId, e.canceledQty])).toEqual([[a, 2]]);
    const taker = orderIdOf(ev);
    expect(ofType(ev, EventType.ORDER_AMENDED)[0]).toMatchObject({ orderId: taker, orderQty: 3, leavesQty: 3 });
    expect(fills(ev).map((f) => [f.makerOrderId, f.qty, f.takerOrderQty, f.takerLeavesQty])).toEqual([[other, 3, 3, 0]]);
    expect(fx.rights(b, sid)).toEqual([53, 0]);
    expect(fx.held(b)).toBe(0);
  });
});

describe('OrderBook level window', () => {
  const owner = new Account(1, Role.BROKER, '', 8);
  function rest(book: OrderBook, side: Side, priceMicros: number, qty: number): RestingOrder {
    const o = bookOrder(owner, side, priceMicros, qty);
    book.rest(o);
    return o;
  }

  it('holds no levels while idle, and grows to cover any price of the range, in both directions, keeping every order', () => {
    const book = new OrderBook(1_000, 1_000, 10_000_000); // 10,000 levels
    expect(book.bids.windowLength + book.asks.windowLength).toBe(0);
    expect(book.bids.regionInts + book.asks.regionInts).toBe(0);
    // Seeded prices over the whole range, ends included, in an order that makes the window grow down and up.
    let seed = 7;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const prices = [5_000_000, 1_000, 10_000_000, 4_999_000, 5_001_000, ...Array.from({ length: 300 }, () => (1 + (next() % 10_000)) * 1_000)];
    const placed = prices.map((p) => rest(book, Side.BUY, p, 1 + (p % 7)));
    expect(book.bids.windowLength).toBeLessThanOrEqual(book.levelCount);
    // Priority order: price descending, then time.
    const want = placed.map((o, at) => ({ o, at })).sort((a, b) => b.o.priceMicros - a.o.priceMicros || a.at - b.at).map((x) => x.o);
    expect([...book.orders(Side.BUY)]).toEqual(want);
    const depth = book.depth(Side.BUY, 10_000);
    expect(depth[0]![0]).toBe(10_000_000);
    expect(depth.at(-1)![0]).toBe(1_000);
    expect(depth.reduce((n, l) => n + l[1], 0)).toBe(placed.reduce((n, o) => n + o.leavesQty, 0));
    // A narrow book stays narrow.
    const narrow = new OrderBook(1_000, 1_000, 10_000_000);
    for (let k = 0; k < 20; k++) rest(narrow, Side.SELL, 2_000_000 + k * 1_000, 1);
    expect(narrow.asks.windowLength).toBeLessThanOrEqual(128);
    expect(narrow.bestAskMicros()).toBe(2_000_000);
  });

  it('keeps a level only while orders rest on it: a price used once holds nothing after, and an emptied level is reused', () => {
    const book = new OrderBook(1_000, 1_000, 10_000_000);
    const levelsHeld = (): Set<number> => new Set(book.bids.levelsHeld());
    // A mid that drifts: 1,000 prices used, never more than two levels at a time.
    for (let k = 0; k < 1_000; k++) {
      const a = rest(book, Side.BUY, 1_000_000 + k * 1_000, 2);
      const b = rest(book, Side.BUY, 1_000_000 + k * 1_000, 2);
      const c = rest(book, Side.BUY, 1_001_000 + k * 1_000, 1);
      book.remove(a);
      book.reduce(b, 1); // a level's quantity moved in place, then its last order leaves
      book.remove(b);
      book.remove(c);
    }
    expect(levelsHeld().size).toBe(0);
    const first = rest(book, Side.BUY, 7_000_000, 3);
    const [level] = levelsHeld();
    book.remove(first);
    rest(book, Side.BUY, 3_000_000, 4);
    expect(levelsHeld()).toEqual(new Set([level])); // the same record, at another price
    expect(book.depth(Side.BUY, 10)).toEqual([[3_000_000, 4, 1]]);
    expect(book.bestBidMicros()).toBe(3_000_000);
  });

  it('shares one store between books: windows grow into new regions, the regions they leave are reused, and every order stays where it was', () => {
    const store = new BookStore();
    const books = Array.from({ length: 40 }, () => new OrderBook(1_000, 1_000, 10_000_000, store));
    let seed = 11;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const placed = books.map((): RestingOrder[] => []);
    // Interleaved over the books, prices spreading outwards, so windows grow many times.
    for (let k = 0; k < 4_000; k++) {
      const b = k % books.length;
      const price = (1 + (next() % Math.min(10_000, 50 + k * 3))) * 1_000;
      placed[b]!.push(rest(books[b]!, Side.SELL, price, 1 + (k % 5)));
    }
    const regions = books.reduce((n, book) => n + book.bids.regionInts + book.asks.regionInts, 0);
    // A region is at most twice what its window uses, the regions a side left add up to less than its own, and the last chunk (up to 2^18 ints) may be mostly unused.
    expect(store.chunkInts).toBeLessThanOrEqual(4 * regions + (1 << 18));
    books.forEach((book, b) => {
      const want = placed[b]!.map((o, at) => ({ o, at })).sort((x, y) => x.o.priceMicros - y.o.priceMicros || x.at - y.at).map((x) => x.o);
      expect([...book.orders(Side.SELL)]).toEqual(want);
      expect(book.depth(Side.SELL, 10_000).reduce((n, l) => n + l[1], 0)).toBe(want.reduce((n, o) => n + o.leavesQty, 0));
    });
    const held = store.levelRecords;
    for (const [b, book] of books.entries()) for (const o of placed[b]!) book.remove(o);
    for (const book of books) expect(book.bestAskMicros()).toBe(0);
    // Emptied levels go back for reuse: placing again makes no new record.
    rest(books[0]!, Side.SELL, 9_000_000, 1);
    expect(store.levelRecords).toBe(held);
    // A new book's window grows through the regions the others left: no new chunk.
    const chunkInts = store.chunkInts;
    const fresh = new OrderBook(1_000, 1_000, 10_000_000, store);
    for (let k = 0; k < 40; k++) rest(fresh, Side.BUY, 1_000_000 + k * 100_000, 1);
    expect(fresh.bids.windowLength).toBeGreaterThan(3_000);
    expect(store.chunkInts).toBe(chunkInts);
    expect(fresh.depth(Side.BUY, 100).length).toBe(40);
  });

  it('keeps a side of few levels as a list and a side of many as a window, moving between them, with every order, price and priority as a plain model has them', () => {
    // Prices in a band of 40 ticks around each side, so a side's level count wanders from 0 to
    // about 30: across the list's limit (8) many times, and back down to the window's return (2).
    const store = new BookStore();
    const books = Array.from({ length: 3 }, () => new OrderBook(1_000, 1_000, 10_000_000, store));
    const bob = new Account(2, Role.BROKER, '', 8);
    const alice = new Account(1, Role.BROKER, '', 8);
    const rand = prng(58);
    const int = (n: number): number => Math.floor(rand() * n);
    // The model: each book side's resting orders in arrival order; priority is price, then arrival.
    const model = books.map(() => ({ [BUY]: [] as RestingOrder[], [SELL]: [] as RestingOrder[] }));
    const inPriority = (orders: RestingOrder[], side: Side): RestingOrder[] =>
      orders.map((o, at) => ({ o, at })).sort((x, y) => (side === BUY ? y.o.priceMicros - x.o.priceMicros : x.o.priceMicros - y.o.priceMicros) || x.at - y.at).map((x) => x.o);
    const depthOf = (orders: RestingOrder[], side: Side): Array<[number, number, number]> => {
      const levels: Array<[number, number, number]> = [];
      for (const o of inPriority(orders, side)) {
        const last = levels.at(-1);
        if (last !== undefined && last[0] === o.priceMicros) {
          last[1] += o.leavesQty;
          last[2]++;
        } else levels.push([o.priceMicros, o.leavesQty, 1]);
      }
      return levels;
    };
    let lists = 0;
    let windows = 0;
    let formChanges = 0;
    const formOf = (book: OrderBook, side: Side): 'none' | 'list' | 'window' => {
      const s = side === BUY ? book.bids : book.asks;
      return s.regionInts === 0 ? 'none' : s.windowLength === 0 ? 'list' : 'window';
    };
    const forms = books.map((b) => [formOf(b, BUY), formOf(b, SELL)]);
    for (let step = 0; step < 20_000; step++) {
      const b = int(books.length);
      const book = books[b]!;
      const side = int(2) === 0 ? BUY : SELL;
      const mine = model[b]![side];
      const roll = int(10);
      if (roll < 5) {
        // Rest: bids at 1,000–1,040 ticks, asks at 1,021–1,060, so some cross and trade.
        const price = (side === BUY ? 1_000 + int(41) : 1_021 + int(40)) * 1_000;
        const opposite = model[b]![side === BUY ? SELL : BUY];
        const crossing = inPriority(opposite, side === BUY ? SELL : BUY).filter((o) => (side === BUY ? o.priceMicros <= price : o.priceMicros >= price));
        if (crossing.length > 0) {
          // A taker of alice's (bob owns every resting order) sweeps what crosses, in priority order.
          const taker = bookOrder(alice, side, price, 1 + int(12));
          let left = taker.leavesQty;
          const want: Array<[number, number, number]> = [];
          for (const o of crossing) {
            if (left === 0) break;
            const q = Math.min(left, o.leavesQty);
            want.push([o.orderId, taker.orderId, q]);
            left -= q;
          }
          const l = recorder();
          expect(book.match(taker, book.indexOf(price), l)).toBe(MatchStop.DONE);
          expect(l.trades).toEqual(want);
          expect(taker.leavesQty).toBe(left);
          for (let k = opposite.length - 1; k >= 0; k--) if (opposite[k]!.leavesQty === 0) opposite.splice(k, 1);
        } else {
          const o = bookOrder(bob, side, price, 1 + int(5));
          book.rest(o);
          mine.push(o);
        }
      } else if (roll < 9 && mine.length > 0) {
        const [o] = mine.splice(int(mine.length), 1);
        book.remove(o!);
      } else if (mine.length > 0) {
        const o = mine[int(mine.length)]!;
        if (o.leavesQty > 1) book.reduce(o, 1);
      }
      for (const s of [BUY, SELL] as const) {
        const orders = model[b]![s];
        expect([...book.orders(s)]).toEqual(inPriority(orders, s));
        expect(book.depth(s, 1_000)).toEqual(depthOf(orders, s));
        const best = inPriority(orders, s)[0]?.priceMicros ?? 0;
        expect(s === BUY ? book.bestBidMicros() : book.bestAskMicros()).toBe(best);
        const form = formOf(book, s);
        if (form === 'list') lists++;
        if (form === 'window') windows++;
        const k = s === BUY ? 0 : 1;
        if (form !== forms[b]![k]) formChanges++;
        forms[b]![k] = form;
      }
    }
    expect(lists).toBeGreaterThan(1_000);
    expect(windows).toBeGreaterThan(1_000);
    expect(formChanges).toBeGreaterThan(20);
  });
});
