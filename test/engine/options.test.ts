/**
 * Phase 4 options in the engine (docs/options.md): CALL and PUT series on a window's
 * settlement index, listed only after the phase-4 vote; retail buys, institutions and the
 * broker write with margin; premium at the fill; marking and liquidation of writers;
 * automatic cash exercise at expiry; snapshots.
 */
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, MARKET_INDEX_RULES, RejectReason, stateHash, type EngineEvent } from '../../src/engine/index.js';
import { exposureReport } from '../../src/operator/exposure.js';
import { CommandKind, createFixture, expectRefused, EventType, fills, HOUR_MS, ofType, OrderType, PAT, SelfTradePrevention, SeriesKind, Side, SYSTEM_ACTOR, T0, TimeInForce, WINDOW_MS, type EngineFixture } from '../support/engine-fixture.js';

const CLOSE = T0 + WINDOW_MS;

interface World {
  fx: EngineFixture;
  call: number;
  put: number;
  inst: number;
  consumer: number;
}

/** Phase 4, a call and a put struck at 1 PAT on the fixture's window, the spot reference at 1 PAT; an institution and a consumer with `micros` each. */
function world(micros = 100 * PAT): World {
  const fx = createFixture({ consumers: 2 });
  fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 4 });
  fx.setReference(PAT);
  const call = fx.newSeries({ seriesKind: SeriesKind.CALL, strikeMicros: PAT, maxPriceMicros: PAT });
  const put = fx.newSeries({ seriesKind: SeriesKind.PUT, strikeMicros: PAT, maxPriceMicros: PAT });
  const [inst, consumer] = fx.consumers as [number, number];
  fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: inst, qualified: true });
  for (const id of [inst, consumer]) {
    const extra = micros - fx.available(id);
    if (extra > 0) fx.deposit(id, extra);
    else if (extra < 0) fx.requestWithdrawal(id, BigInt(-extra) * 10n ** 12n);
  }
  return { fx, call, put, inst, consumer };
}

function position(fx: EngineFixture, account: number, seriesId: number) {
  return fx.acct(account).positions.get(seriesId)!;
}

function settle(fx: EngineFixture, seriesId: number): EngineEvent[] {
  fx.nowMs = CLOSE;
  return fx.expireSeries(CLOSE, seriesId);
}

describe('listing options', () => {
  it('needs phase 4, a live spot window and a strike on its tick grid; one series per strike', () => {
    const fx = createFixture();
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 3 });
    expectRefused(fx, RejectReason.PHASE_NOT_ENABLED, () => fx.listSeries({ seriesKind: SeriesKind.CALL, strikeMicros: PAT }));
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 4 });
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ seriesKind: SeriesKind.CALL, strikeMicros: 1_000_500 }));
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ seriesKind: SeriesKind.CALL }));
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ seriesKind: SeriesKind.SYNTHETIC, strikeMicros: PAT }));
    expectRefused(fx, RejectReason.UNDERLYING_NOT_LISTED, () => fx.listSeries({ seriesKind: SeriesKind.PUT, strikeMicros: PAT, openAtMs: T0 + WINDOW_MS }));
    const a = fx.newSeries({ seriesKind: SeriesKind.CALL, strikeMicros: PAT });
    const b = fx.newSeries({ seriesKind: SeriesKind.CALL, strikeMicros: 1_100_000 });
    expect(fx.series(a)!.spec.strikeMicros).toBe(PAT);
    expect(fx.series(b)!.brokerBuys).toBe(fx.series(b)!.brokerSells); // one OPEN book
    expectRefused(fx, RejectReason.SERIES_ALREADY_LISTED, () => fx.listSeries({ seriesKind: SeriesKind.CALL, strikeMicros: PAT }));
  });
});

describe('trading options', () => {
  it('retail buys and pays the premium at the fill; writing is for institutions (INSTITUTION_REQUIRED) unless the operator opens it', () => {
    const { fx, call, inst, consumer } = world();
    expectRefused(fx, RejectReason.INSTITUTION_REQUIRED, () => fx.sell(consumer, 100_000, 1, { seriesId: call }));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.buy(fx.providers[0]!, 100_000, 1, { seriesId: call }));
    // Writing margin per unit: max(15% × 1 − 0 out of the money, 10% × 1) + the 0.1 premium = 0.25 PAT.
    fx.place(inst, Side.SELL, 100_000, 10, { seriesId: call });
    expect(fx.held(inst)).toBe(2_500_000);
    expect(fills(fx.buy(consumer, 100_000, 10, { seriesId: call }))).toMatchObject([{ qty: 10, priceMicros: 100_000 }]);
    expect(fx.available(consumer)).toBe(100 * PAT - PAT); // the premium
    expect(fx.available(inst)).toBe(100 * PAT + PAT - 2_500_000); // the premium in, the margin locked
    expect(position(fx, inst, call)).toMatchObject({ available: -10, held: 0, collateralMicros: 2_500_000 });
    expect(position(fx, consumer, call)).toMatchObject({ available: 10 });
    fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.optionWritingOpen', value: 1 });
    expect(ofType(fx.sell(consumer, 120_000, 15, { seriesId: call }), EventType.ORDER_ACCEPTED)).toHaveLength(1); // closes 10, writes 5: margined as writing
  });

  it('selling a long back closes it with no margin; a writer buying back frees its margin pro rata', () => {
    const { fx, call, inst, consumer } = world();
    fx.place(inst, Side.SELL, 100_000, 10, { seriesId: call });
    fx.buy(consumer, 100_000, 10, { seriesId: call });
    const held = fx.held(consumer);
    fx.place(consumer, Side.SELL, 150_000, 4, { seriesId: call });
    expect(fx.held(consumer)).toBe(held); // a closing sale holds units, not PAT
    fx.buy(inst, 150_000, 4, { seriesId: call });
    expect(position(fx, inst, call)).toMatchObject({ available: -6, collateralMicros: 1_500_000 });
    expect(position(fx, consumer, call)).toMatchObject({ available: 6, held: 0 });
  });
});

describe('rules 15: a writer buys back with what its lock frees', () => {
  /** inst wrote 10 calls at 0.1 (its lock 2.5 PAT) and kept 0.3 PAT free; the consumer, long 10, offers `offered` back at `ask`. */
  const written = (rules: number, offered = 10, ask = 150_000) => {
    const w = world();
    w.fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
    w.fx.place(w.inst, Side.SELL, 100_000, 10, { seriesId: w.call });
    w.fx.buy(w.consumer, 100_000, 10, { seriesId: w.call });
    w.fx.requestWithdrawal(w.inst, BigInt(w.fx.available(w.inst) - 300_000) * 10n ** 12n);
    expect([w.fx.available(w.inst), position(w.fx, w.inst, w.call).collateralMicros]).toEqual([300_000, 2_500_000]);
    w.fx.place(w.consumer, Side.SELL, ask, offered, { seriesId: w.call });
    return w;
  };
  const buyBack = (w: World, qty: number, tif: TimeInForce, priceMicros = 150_000) =>
    w.fx.submit({ kind: CommandKind.NEW_ORDER, actor: w.inst, seriesId: w.call, clientOrderId: 0, side: Side.BUY, orderType: OrderType.LIMIT, tif, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });

  it('an IOC or FOK buy of at most the written units pays its 1.5 PAT premium out of the 2.5 PAT its fills free; under rules 14 it was refused', () => {
    const w = written(15);
    expectRefused(w.fx, RejectReason.INSUFFICIENT_BALANCE, () => buyBack(w, 10, TimeInForce.GTC)); // it would rest: free PAT only
    expectRefused(w.fx, RejectReason.INSUFFICIENT_BALANCE, () => buyBack(w, 11, TimeInForce.IOC)); // past the written units
    expect(fills(buyBack(w, 10, TimeInForce.FOK)).map((f) => f.qty)).toEqual([10]);
    expect(position(w.fx, w.inst, w.call)).toMatchObject({ available: 0, held: 0, collateralMicros: 0 });
    expect([w.fx.available(w.inst), w.fx.held(w.inst), w.fx.acct(w.inst).lockedMicros]).toEqual([300_000 - 1_500_000 + 2_500_000, 0, 0]);

    // A premium past what is free and what the lock frees (2.8 PAT against 0.3 + 2.5, less a µPAT a unit) is still refused.
    const dear = written(15, 10, 280_000);
    expectRefused(dear.fx, RejectReason.INSUFFICIENT_BALANCE, () => buyBack(dear, 10, TimeInForce.IOC, 280_000));
    expect(fills(buyBack(dear, 10, TimeInForce.IOC, 279_000))).toEqual([]); // covered, and below the ask: nothing to take

    const before = written(14);
    expectRefused(before.fx, RejectReason.INSUFFICIENT_BALANCE, () => buyBack(before, 10, TimeInForce.IOC));
    expect(position(before.fx, before.inst, before.call).collateralMicros).toBe(2_500_000);
  });

  it('a partial fill pays for what it bought with what it freed, the rest released: free PAT never ends below zero', () => {
    const w = written(15, 3); // only 3 offered
    const ev = buyBack(w, 10, TimeInForce.IOC);
    expect(fills(ev).map((f) => f.qty)).toEqual([3]);
    // 3 of 10 bought back: 0.75 PAT of the lock freed, 0.45 paid; the 7 not filled hold nothing.
    expect(position(w.fx, w.inst, w.call)).toMatchObject({ available: -7, collateralMicros: 1_750_000 });
    expect([w.fx.available(w.inst), w.fx.held(w.inst)]).toEqual([300_000 + 750_000 - 450_000, 0]);
    // Four at a time, each fill's share of the lock rounded down: every command ends with free PAT at or above zero.
    w.fx.place(w.consumer, Side.SELL, 150_000, 7, { seriesId: w.call });
    for (const qty of [3, 3, 1]) {
      expect(fills(buyBack(w, qty, TimeInForce.IOC)).map((f) => f.qty)).toEqual([qty]);
      expect(w.fx.available(w.inst)).toBeGreaterThanOrEqual(0);
    }
    expect(position(w.fx, w.inst, w.call)).toMatchObject({ available: 0, collateralMicros: 0 });
    expect(w.fx.available(w.inst)).toBe(300_000 - 1_500_000 + 2_500_000);
  });
});

describe('the option position limit', () => {
  it('risk.optionMaxPositionQty bounds a long and a written position per option, resting orders on that side counted; amends too; the broker is exempt', () => {
    const { fx, call, inst, consumer } = world();
    fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.optionMaxPositionQty', value: 5 });
    // Long: 3 bid and resting; 3 more would make 6, as would the bid amended to 6.
    const bid = fx.place(consumer, Side.BUY, 50_000, 3, { seriesId: call });
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.buy(consumer, 50_000, 3, { seriesId: call }));
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.amend(consumer, bid, 6, 50_000));
    const bid2 = fx.place(consumer, Side.BUY, 40_000, 2, { seriesId: call });
    // Written: 6 at once is refused; 5 rest; growing them by amend or by another sale is refused.
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.sell(inst, 100_000, 6, { seriesId: call }));
    const ask = fx.place(inst, Side.SELL, 100_000, 5, { seriesId: call });
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.amend(inst, ask, 6, 100_000));
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.sell(inst, 110_000, 1, { seriesId: call }));
    // Repricing the bids (the same 5 units) is allowed: they fill against the writer's 5.
    expect(fills(fx.amend(consumer, bid, 3, 100_000))).toMatchObject([{ qty: 3 }]);
    expect(fills(fx.amend(consumer, bid2, 2, 100_000))).toMatchObject([{ qty: 2 }]);
    expect(position(fx, consumer, call).available).toBe(5);
    expect(position(fx, inst, call).available).toBe(-5);
    // A limit lowered below a position still lets it be reduced, on either side.
    fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.optionMaxPositionQty', value: 1 });
    fx.place(consumer, Side.SELL, 120_000, 2, { seriesId: call });
    expect(fills(fx.buy(inst, 120_000, 2, { seriesId: call }))).toMatchObject([{ qty: 2, priceMicros: 120_000 }]);
    expect(position(fx, inst, call).available).toBe(-3);
    expect(position(fx, consumer, call).available).toBe(3);
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.buy(consumer, 50_000, 1, { seriesId: call }));
    // The broker is not limited: it writes 4 against a limit of 1.
    fx.place(fx.broker, Side.SELL, 200_000, 4, { seriesId: call });
  });
});

describe('not rights', () => {
  it('exercise, capacity and mint are refused in options and synthetics (NOT_EXERCISABLE): they pay cash at expiry', () => {
    const { fx, call, inst, consumer } = world();
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 4 });
    const synth = fx.newSeries({ seriesKind: SeriesKind.SYNTHETIC });
    fx.place(inst, Side.SELL, 100_000, 10, { seriesId: call });
    fx.buy(consumer, 100_000, 10, { seriesId: call });
    for (const seriesId of [call, synth]) {
      expectRefused(fx, RejectReason.NOT_EXERCISABLE, () => fx.exercise(consumer, 1, seriesId));
      expectRefused(fx, RejectReason.NOT_EXERCISABLE, () => fx.declareCapacity(fx.providers[0]!, 10, seriesId));
      expectRefused(fx, RejectReason.NOT_EXERCISABLE, () => fx.mint(fx.providers[0]!, 1, seriesId));
    }
  });
});

describe('expiry', () => {
  it('pays each long max(index − strike, 0) for a call and max(strike − index, 0) for a put, from the writers, automatically', () => {
    const { fx, call, put, inst, consumer } = world();
    fx.place(inst, Side.SELL, 100_000, 10, { seriesId: call });
    fx.buy(consumer, 100_000, 10, { seriesId: call });
    fx.place(inst, Side.SELL, 50_000, 10, { seriesId: put });
    fx.buy(consumer, 50_000, 10, { seriesId: put });
    fx.nowMs = CLOSE - 2 * HOUR_MS;
    fx.setReference(1_300_000); // no broker quotes: the index falls back to the reference price
    const before = { inst: fx.available(inst), consumer: fx.available(consumer) };
    const callEvents = settle(fx, call);
    expect(ofType(callEvents, EventType.SETTLEMENT_INDEX_PUBLISHED)[0]).toMatchObject({ indexMicros: 1_300_000, method: 'REFERENCE_PRICE' });
    const paid = new Map(ofType(callEvents, EventType.SYNTHETIC_SETTLED).map((e) => [e.accountId, e]));
    expect(paid.get(consumer)).toMatchObject({ valueMicros: 300_000, payoutMicros: 3 * PAT, positionQty: 10 });
    expect(paid.get(inst)).toMatchObject({ valueMicros: 300_000, payoutMicros: -3 * PAT });
    expect(fx.available(consumer)).toBe(before.consumer + 3 * PAT);
    // The writer's 2.5 PAT lock pays first, then 0.5 from its free PAT; nothing stays locked.
    expect(fx.available(inst)).toBe(before.inst - 500_000);
    expect(fx.acct(inst).lockedMicros).toBe(position(fx, inst, put).collateralMicros);
    const putEvents = settle(fx, put);
    expect(ofType(putEvents, EventType.SYNTHETIC_SETTLED).map((e) => e.payoutMicros)).toEqual([0, 0]); // out of the money
    expect(fx.acct(inst).lockedMicros).toBe(0);
  });
});

describe('marking writers', () => {
  it('a writer below maintenance is topped up, else the broker takes the short over, paid its value at the index and the penalty', () => {
    const { fx, call, inst, consumer } = world(2_500_000); // exactly the writing margin for 10 at 0.1
    fx.place(inst, Side.SELL, 100_000, 10, { seriesId: call });
    fx.buy(consumer, 100_000, 10, { seriesId: call });
    expect(fx.available(inst)).toBe(PAT); // the premium, free
    fx.nowMs = CLOSE - 3 * HOUR_MS;
    fx.setReference(1_500_000);
    fx.nowMs = CLOSE - HOUR_MS;
    const ev = fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: call });
    // Maintenance per unit: 7.5% × 1.5 + 0.5 value = 0.6125; 10 units = 6.125 PAT > 2.5 locked + 1 free.
    const [liq] = ofType(ev, EventType.SYNTHETIC_LIQUIDATED);
    expect(liq).toMatchObject({ accountId: inst, positionQty: -10, markMicros: 1_500_000 });
    // Owed: 10 × 0.5 value + 2% × 15 PAT penalty = 5.3 PAT; it had 3.5: the broker absorbs 1.8.
    expect(liq).toMatchObject({ penaltyMicros: 3_500_000, owedMicros: 1_800_000, lockedMicros: 0 });
    expect(fx.available(inst)).toBe(0);
    expect(position(fx, inst, call)).toMatchObject({ available: 0, collateralMicros: 0 });
    expect(position(fx, fx.broker, call).available).toBe(-10);
    expect(exposureReport(fx.engine).series.find((r) => r.seriesId === call)).toMatchObject({
      kind: 'CALL', limit: 0, option: { right: 'CALL', strike: '1', position: -10, mark: '1.5', valueAtMark: '-5', locked: '7.25' }, // 10 × (15% × 1.5 + the 0.5 value)
    });
    // At expiry the broker pays the consumer.
    const paid = ofType(settle(fx, call), EventType.SYNTHETIC_SETTLED);
    expect(paid.find((e) => e.accountId === consumer)).toMatchObject({ payoutMicros: 5 * PAT });
  });
});

describe('rules 12: a writer topped up at a mark hears of it (MARGIN_TOPPED_UP)', () => {
  it('the top-up is the free PAT the lock took; under rules 11 the same PAT moves with no event', () => {
    const topUps = (rules: number) => {
      const { fx, call, inst, consumer } = world();
      fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
      fx.place(inst, Side.SELL, 100_000, 10, { seriesId: call });
      fx.buy(consumer, 100_000, 10, { seriesId: call });
      fx.nowMs = CLOSE - 3 * HOUR_MS;
      fx.setReference(1_300_000);
      fx.nowMs = CLOSE - HOUR_MS;
      const free = fx.available(inst);
      const ev = fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: call });
      return { events: ofType(ev, EventType.MARGIN_TOPPED_UP), moved: free - fx.available(inst), locked: position(fx, inst, call).collateralMicros, seq: fx.engine.lastSeq, call, inst };
    };
    const under12 = topUps(12);
    expect(under12.moved).toBeGreaterThan(0);
    expect(under12.events).toEqual([
      { type: EventType.MARGIN_TOPPED_UP, seq: under12.seq, seriesId: under12.call, accountId: under12.inst, positionQty: -10, markMicros: 1_300_000, topUpMicros: under12.moved, lockedMicros: under12.locked },
    ]);
    const under11 = topUps(11);
    expect(under11.events).toEqual([]);
    expect([under11.moved, under11.locked]).toEqual([under12.moved, under12.locked]);
  });
});

describe('the standard margin, worked (docs/options.md, "Worked example: the writing margin")', () => {
  it('index 1 PAT: calls at, out of and in the money, a put at its floor and one capped at its strike; a writer topped up at a mark', () => {
    const { fx, call, inst } = world();
    const list = (seriesKind: SeriesKind, strikeMicros: number): number => fx.newSeries({ seriesKind, strikeMicros, maxPriceMicros: PAT });
    const otmCall = list(SeriesKind.CALL, 1_200_000);
    const itmCall = list(SeriesKind.CALL, 800_000);
    const otmPut = list(SeriesKind.PUT, 800_000);
    const farPut = list(SeriesKind.PUT, 50_000);
    const perUnit = (seriesId: number, premiumMicros: number): number => fx.engine.options.writeMarginPerUnitMicros(fx.engine.seriesById(seriesId)!, premiumMicros);
    expect(perUnit(call, 100_000)).toBe(250_000); // max(150,000 − 0, 100,000) + 100,000
    expect(perUnit(otmCall, 20_000)).toBe(120_000); // max(150,000 − 200,000, 100,000) + 20,000: the floor
    expect(perUnit(itmCall, 210_000)).toBe(360_000); // max(150,000 − 0, 100,000) + 210,000
    expect(perUnit(otmPut, 10_000)).toBe(110_000); // max(150,000 − 200,000, 100,000) + 10,000
    expect(perUnit(farPut, 1_000)).toBe(50_000); // 101,000, capped at the strike: a put never pays more
    // A writing order holds it for every unit.
    fx.place(inst, Side.SELL, 20_000, 10, { seriesId: otmCall });
    expect(fx.held(inst)).toBe(1_200_000);

    // 10 ATM calls written at 0.1 lock 2.5 PAT; the index rises to 1.3 PAT.
    fx.place(inst, Side.SELL, 100_000, 10, { seriesId: call });
    fx.buy(fx.consumers[1]!, 100_000, 10, { seriesId: call });
    expect(position(fx, inst, call).collateralMicros).toBe(2_500_000);
    fx.nowMs = CLOSE - 3 * HOUR_MS;
    fx.setReference(1_300_000);
    fx.nowMs = CLOSE - HOUR_MS;
    const free = fx.available(inst);
    const ev = fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: call });
    // Maintenance: 10 × (⌈7.5% × 1,300,000⌉ + 300,000 value) = 3,975,000 > 2,500,000 locked: topped up from free PAT to
    // initial margin at the mark, 10 × (max(15% × 1,300,000 − 0, 10% × 1,300,000) + 300,000) = 4,950,000. No liquidation.
    expect(ofType(ev, EventType.SYNTHETIC_LIQUIDATED)).toEqual([]);
    expect(position(fx, inst, call)).toMatchObject({ available: -10, collateralMicros: 4_950_000 });
    expect(fx.available(inst)).toBe(free - 2_450_000);
 
    // A writer with only its 1 PAT premium free: the lock reaches 3,500,000, under maintenance; the broker takes
    // the calls over and the writer pays 10 × 300,000 + ⌈2% × 13,000,000⌉ = 3,260,000, keeping 240,000.
    const thin = world(2_500_000);
    thin.fx.place(thin.inst, Side.SELL, 100_000, 10, { seriesId: thin.call });
    thin.fx.buy(thin.consumer, 100_000, 10, { seriesId: thin.call });
    thin.fx.nowMs = CLOSE - 3 * HOUR_MS;
    thin.fx.setReference(1_300_000);
    thin.fx.nowMs = CLOSE - HOUR_MS;
    const [liq] = ofType(thin.fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: thin.call }), EventType.SYNTHETIC_LIQUIDATED);
    expect(liq).toMatchObject({ accountId: thin.inst, positionQty: -10, markMicros: 1_300_000, penaltyMicros: 3_260_000, owedMicros: 0 });
    expect(thin.fx.available(thin.inst)).toBe(240_000);
  });
});

describe('rules 4: a writer at any premium is not under maintenance at the next mark', () => {
  /**
   * The index marked at 1.3 PAT (the reference set before the hour: nothing else there), and a
   * writer of 10 calls struck at 1 PAT selling at 0.1 PAT: the premium a quoter with a lower
   * expected index would pay, far below the 0.3 the calls are worth at the mark.
   */
  function writeBelowTheMark(rules: number, micros: number): { fx: EngineFixture; call: number; inst: number; written: EngineEvent[] } {
    const { fx, call, inst, consumer } = world(micros);
    if (rules > 0) fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
    fx.nowMs = CLOSE - 3 * HOUR_MS;
    fx.setReference(1_300_000);
    fx.nowMs = CLOSE - HOUR_MS;
    fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: call });
    expect(fx.engine.seriesById(call)!.option!.markMicros).toBe(1_300_000);
    const written = fx.sell(inst, 100_000, 10, { seriesId: call });
    fx.buy(consumer, 100_000, 10, { seriesId: call });
    return { fx, call, inst, written };
  }

  it('the margin per unit is at least the maintenance at the same index level: 7.5% × 1.3 + the 0.3 value = 0.3975 PAT', () => {
    const { fx, call } = world();
    fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: MARKET_INDEX_RULES });
    fx.setReference(1_300_000);
    const perUnit = (premiumMicros: number) => fx.engine.options.writeMarginPerUnitMicros(fx.engine.seriesById(call)!, premiumMicros);
    expect(perUnit(100_000)).toBe(397_500); // standard: max(195,000, 130,000) + 100,000 = 295,000 < 97,500 + 300,000
    expect(perUnit(300_000)).toBe(495_000); // at its value the standard margin is above maintenance: unchanged
  });

  it('under rules 0–3 the writer is under maintenance at once and liquidated; under 4 the write holds the maintenance, or is refused', () => {
    // 2,950,000 free: exactly the standard margin of 10 at 0.1 (10 × 295,000).
    const before = writeBelowTheMark(0, 2_950_000);
    expect(ofType(before.written, EventType.ORDER_ACCEPTED)).toHaveLength(1);
    const [liq] = ofType(before.fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: before.call }), EventType.SYNTHETIC_LIQUIDATED);
    expect(liq).toMatchObject({ accountId: before.inst, positionQty: -10, markMicros: 1_300_000 });

    const refused = writeBelowTheMark(MARKET_INDEX_RULES, 2_950_000);
    expect(refused.written).toEqual(expect.arrayContaining([expect.objectContaining({ type: EventType.ORDER_REJECTED, reason: RejectReason.INSUFFICIENT_MARGIN })]));

    const held = writeBelowTheMark(MARKET_INDEX_RULES, 3_975_000);
    expect(position(held.fx, held.inst, held.call)).toMatchObject({ available: -10, collateralMicros: 3_975_000 });
    const free = held.fx.available(held.inst);
    const ev = held.fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: held.call });
    expect(ofType(ev, EventType.SYNTHETIC_LIQUIDATED)).toEqual([]);
    expect(held.fx.available(held.inst)).toBe(free); // no top-up either: the lock is the maintenance
  });
});

describe('snapshots', () => {
  it('keep strikes, writers, margins and holders: the decoded engine settles identically', () => {
    const { fx, call, inst, consumer } = world();
    fx.place(inst, Side.SELL, 100_000, 10, { seriesId: call });
    fx.buy(consumer, 100_000, 6, { seriesId: call });
    const copy = decodeState(encodeState(fx.engine));
    expect(stateHash(copy)).toBe(stateHash(fx.engine));
    expect(copy.seriesById(call)!.spec.strikeMicros).toBe(PAT);
    expect(copy.seriesById(call)!.option!.holders.map((p) => p.owner.id)).toEqual([inst, consumer]);
  });
});
