/**
 * Phase 3 synthetics in the engine (docs/synthetics.md): listing behind the governance
 * phase and a live spot window, institutions only, initial margin held and locked, the
 * index sampled exactly on the sequencer clock, marking and liquidation with no negative
 * balance, settlement at the index with the loss rule, and snapshots that keep it all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeState, EmbeddedEngine, encodeState, Engine, hashStateBytes, Journal, MARKET_INDEX_RULES, recover, stateHash, THIN_MID_RULES, type EngineEvent } from '../../src/engine/index.js';
import { computeSettlementIndex } from '../../src/settlement-index/index.js';
import {
  CommandKind,
  CONTRACT,
  createFixture,
  expectRefused,
  EventType,
  fills,
  HOUR_MS,
  ofType,
  PAT,
  rejectionName,
  Role,
  SeriesKind,
  Side,
  SYSTEM_ACTOR,
  T0,
  TimeInForce,
  WINDOW_MS,
  type EngineFixture,
  type FixtureOptions,
} from '../support/engine-fixture.js';
import { RejectReason } from '../../src/engine/index.js';
import { exposureReport } from '../../src/operator/exposure.js';

const CLOSE = T0 + WINDOW_MS;
const MINUTE = 60_000;

interface World {
  fx: EngineFixture;
  synth: number;
  a: number;
  b: number;
}

/** Phase 3 voted, a SYNTHETIC on the fixture's spot window, two qualified institutions with `micros` each. */
function world(micros = 100 * PAT, opts: FixtureOptions = {}): World {
  const fx = createFixture({ consumers: 3, ...opts });
  fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 3 });
  const synth = fx.newSeries({ seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0 });
  const [a, b] = fx.consumers as [number, number];
  for (const id of [a, b]) {
    fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: id, qualified: true });
    const extra = micros - fx.available(id);
    if (extra > 0) fx.deposit(id, extra);
    else if (extra < 0) fx.requestWithdrawal(id, BigInt(-extra) * 10n ** 12n);
  }
  return { fx, synth, a, b };
}

function mark(fx: EngineFixture, timeMs: number, seriesId = 0): EngineEvent[] {
  fx.nowMs = timeMs;
  return fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId });
}

/** The broker's spot quote: a bid and an ask of 10 each, replacing none (the caller cancels). */
function quoteSpot(fx: EngineFixture, bid: number, ask: number): [number, number] {
  return [fx.place(fx.broker, Side.BUY, bid, 10), fx.place(fx.broker, Side.SELL, ask, 10)];
}

function position(fx: EngineFixture, account: number, seriesId: number) {
  return fx.acct(account).positions.get(seriesId);
}

describe('listing a synthetic', () => {
  it('needs phase 3 and a live spot series of the window, lists an OPEN book that samples the spot series', () => {
    const fx = createFixture();
    expectRefused(fx, RejectReason.PHASE_NOT_ENABLED, () => fx.listSeries({ seriesKind: SeriesKind.SYNTHETIC }));
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 3 });
    expectRefused(fx, RejectReason.UNDERLYING_NOT_LISTED, () => fx.listSeries({ seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0 + WINDOW_MS }));
    const synth = fx.newSeries({ seriesKind: SeriesKind.SYNTHETIC });
    const s = fx.series(synth)!;
    expect(s.brokerBuys).toBe(s.brokerSells); // one any-to-any book
    expect(s.synthetic!.spotSeriesId).toBe(fx.seriesId);
    expect(fx.series()!.indexTrack).toBeDefined();
    expect(fx.engine.nextSampleAtMs).toBe(Math.floor(fx.nowMs / MINUTE) * MINUTE + MINUTE);
    expectRefused(fx, RejectReason.SERIES_ALREADY_LISTED, () => fx.listSeries({ seriesKind: SeriesKind.SYNTHETIC }));
  });
});

describe('trading a synthetic', () => {
  it('is for institutions and the broker only: consumers and providers get INSTITUTION_REQUIRED', () => {
    const { fx, synth, a } = world();
    const consumer = fx.consumers[2]!;
    expectRefused(fx, RejectReason.INSTITUTION_REQUIRED, () => fx.buy(consumer, PAT, 1, { seriesId: synth }));
    expectRefused(fx, RejectReason.INSTITUTION_REQUIRED, () => fx.sell(fx.providers[0]!, PAT, 1, { seriesId: synth }));
    // Opened to retail only in phase 4 and by the operator's parameter.
    fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.syntheticsOpenToRetail', value: 1 });
    expectRefused(fx, RejectReason.INSTITUTION_REQUIRED, () => fx.buy(consumer, PAT, 1, { seriesId: synth }));
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 4 });
    expect(rejectionName(fx.buy(consumer, PAT, 1, { seriesId: synth, tif: TimeInForce.IOC }))).toBe('NONE');
    expectRefused(fx, RejectReason.INSTITUTION_REQUIRED, () => fx.sell(fx.providers[0]!, PAT, 1, { seriesId: synth }));
    // Institutions and the broker trade either side (no rights needed to sell: it is cash-settled).
    fx.place(a, Side.SELL, PAT, 1, { seriesId: synth });
    expect(fills(fx.buy(fx.broker, PAT, 1, { seriesId: synth }))).toHaveLength(1);
  });

  it('holds initial margin on either side, refuses what free PAT cannot cover, releases it on cancel', () => {
    const { fx, synth, a, b } = world(10 * PAT);
    // 20% of 1 PAT per unit: 50 units need 10 PAT.
    const id = fx.place(a, Side.BUY, PAT, 50, { seriesId: synth });
    expect(fx.held(a)).toBe(10 * PAT);
    expect(fx.available(a)).toBe(0);
    fx.cancel(a, id);
    expect(fx.available(a)).toBe(10 * PAT);
    expectRefused(fx, RejectReason.INSUFFICIENT_MARGIN, () => fx.sell(b, PAT, 51, { seriesId: synth }));
  });

  it('a fill moves no PAT between the two: each locks its margin; positions and costs are signed and sum to zero', () => {
    const { fx, synth, a, b } = world();
    fx.place(b, Side.SELL, 1_100_000, 10, { seriesId: synth });
    const ev = fx.buy(a, 1_200_000, 10, { seriesId: synth }); // fills at the maker's 1.1
    expect(fills(ev)).toMatchObject([{ priceMicros: 1_100_000, qty: 10 }]);
    for (const [id, qty] of [[a, 10], [b, -10]] as const) {
      const p = position(fx, id, synth)!;
      expect(p.available).toBe(qty);
      expect(p.costMicros).toBe(qty * 1_100_000);
      expect(p.collateralMicros).toBe(2_200_000); // 20% of 11 PAT
      expect(fx.acct(id).lockedMicros).toBe(2_200_000);
      expect(fx.available(id) + fx.held(id) + fx.acct(id).lockedMicros).toBe(100 * PAT);
    }
    expect(fx.series(synth)!.synthetic!.holders.map((p) => p.owner.id)).toEqual([b, a]);
  });

  it('the broker mass-quotes it like a participant: margin on both ladders, kept levels keep priority, fills make positions', () => {
    const { fx, synth, a } = world();
    const quote = (bid: number, ask: number, qty = 10) =>
      fx.submit({ kind: CommandKind.MASS_QUOTE, actor: fx.broker, seriesId: synth, bids: { priceMicros: [bid], qty: [qty] }, asks: { priceMicros: [ask], qty: [qty] }, referencePriceMicros: 0 });
    const freeBefore = fx.available(fx.broker);
    quote(950_000, 1_050_000);
    expect(fx.held(fx.broker)).toBe(10 * 190_000 + 10 * 210_000); // 20% of each level's price per unit
    const [bidId] = fx.series(synth)!.quoteBidIds;
    quote(950_000, 1_060_000); // the bid is unchanged: it keeps its order (and priority)
    expect(fx.series(synth)!.quoteBidIds[0]).toBe(bidId);
    expect(fills(fx.sell(a, 950_000, 4, { seriesId: synth }))).toMatchObject([{ qty: 4, makerAccountId: fx.broker }]);
    expect(position(fx, fx.broker, synth)).toMatchObject({ available: 4, costMicros: 3_800_000 });
    expect(position(fx, a, synth)).toMatchObject({ available: -4 });
    expect(fx.available(fx.broker) + fx.held(fx.broker) + fx.acct(fx.broker).lockedMicros).toBe(freeBefore);
    expectRefused(fx, RejectReason.INSUFFICIENT_MARGIN, () => quote(9_000_000, 9_900_000, 10_000));
  });

  it('self-trade prevention is live in the OPEN book', () => {
    const { fx, synth, a } = world();
    fx.place(a, Side.SELL, PAT, 5, { seriesId: synth });
    const ev = fx.buy(a, PAT, 5, { seriesId: synth });
    expect(rejectionName(ev)).toBe('NONE');
    expect(fills(ev)).toHaveLength(0);
    expect(ofType(ev, EventType.ORDER_CANCELED)[0]?.reason).toBeDefined();
  });
});

describe('the index', () => {
  it('samples the broker spot quote at every minute instant exactly, however sparse the commands, and settles at it', () => {
    const { fx, synth, a, b } = world();
    fx.place(b, Side.SELL, PAT, 10, { seriesId: synth });
    fx.buy(a, PAT, 10, { seriesId: synth });
    fx.nowMs = CLOSE - 3 * HOUR_MS;
    const first = quoteSpot(fx, 980_000, 1_020_000); // mid 1.00
    fx.nowMs = CLOSE - 30 * MINUTE; // a command exactly on an instant: that instant still sees the old quote
    for (const id of first) fx.cancel(fx.broker, id);
    quoteSpot(fx, 1_180_000, 1_220_000); // mid 1.20
    fx.nowMs = CLOSE + 5 * MINUTE;
    const ev = fx.expireSeries(CLOSE, synth);
    const [published] = ofType(ev, EventType.SETTLEMENT_INDEX_PUBLISHED);
    expect(published!.inputs.quoteSamples).toHaveLength(60);
    // 30 samples at mid 1.00 (C−59 … C−30 minutes: the quote moved at C−30 only after that instant) and 30 at 1.20.
    expect(published!.inputs.quoteSamples.filter((q) => q.bidMicros === 980_000)).toHaveLength(30);
    expect(published!.indexMicros).toBe(1_100_000);
    expect(published!.method).toBe('MID_TRADE_BLEND');
    expect(computeSettlementIndex(published!.inputs).indexMicros).toBe(published!.indexMicros);
    // A long 10 from 1.00 is paid 10 × (index − 1.00); the short pays it.
    const settled = ofType(ev, EventType.SYNTHETIC_SETTLED);
    const gain = 10 * (published!.indexMicros - PAT);
    expect(settled.map((s) => [s.accountId, s.payoutMicros])).toEqual([[b, -gain], [a, gain]]);
    expect(fx.available(a)).toBe(100 * PAT + gain);
    expect(fx.available(b)).toBe(100 * PAT - gain);
    expect(fx.acct(a).lockedMicros + fx.acct(b).lockedMicros).toBe(0);
    expect(fx.series()!.indexTrack).toBeUndefined(); // nothing stands on the window any more
    expect(fx.engine.nextSampleAtMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses to settle before the close on the sequencer clock, and marking by anyone but the system or a non-synthetic', () => {
    const { fx, synth, a } = world();
    fx.nowMs = CLOSE - 1;
    expectRefused(fx, RejectReason.EXPIRY_TOO_EARLY, () => fx.expireSeries(CLOSE, synth));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: a, seriesId: 0 }));
    expectRefused(fx, RejectReason.NOT_A_SYNTHETIC, () => fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: fx.seriesId }));
    expectRefused(fx, RejectReason.UNKNOWN_SERIES, () => fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: 999 }));
  });
});

describe('marking and liquidation', () => {
  it('a short under maintenance is topped up from free PAT first, then taken over by the broker at the mark; no balance goes negative', () => {
    const { fx, synth, a, b } = world(2_500_000); // b: 2.5 PAT, 2 of them the margin for 10 at 1.0
    fx.place(b, Side.SELL, PAT, 10, { seriesId: synth });
    fx.buy(a, PAT, 10, { seriesId: synth });
    expect(position(fx, b, synth)!.collateralMicros).toBe(2 * PAT);
    fx.nowMs = CLOSE - 2 * HOUR_MS;
    quoteSpot(fx, 1_280_000, 1_320_000); // the spot mid goes to 1.30
    const ev = mark(fx, CLOSE - HOUR_MS);
    const [marked] = ofType(ev, EventType.SYNTHETIC_MARKED);
    expect(marked).toMatchObject({ seriesId: synth, markMicros: 1_300_000, liquidations: 1, holders: 3 }); // the broker joined
    const [liq] = ofType(ev, EventType.SYNTHETIC_LIQUIDATED);
    // Equity 2 − 3 = −1 PAT < maintenance 1.3: the 0.5 free is added, still under: the broker takes −10 at 1.3.
    expect(liq).toMatchObject({ accountId: b, brokerId: fx.broker, positionQty: -10, markMicros: 1_300_000, owedMicros: 3 * PAT, penaltyMicros: 0, lockedMicros: 2_500_000 });
    expect(position(fx, fx.broker, synth)).toMatchObject({ available: -10, costMicros: -13 * PAT });
    expect(fx.available(b)).toBe(0);
    // The operator's exposure view shows the broker's new short, marked.
    const row = exposureReport(fx.engine).series.find((r) => r.seriesId === synth);
    expect(row).toMatchObject({ kind: 'SYNTHETIC', synthetic: { position: -10, cost: '-13', mark: '1.3', pnlAtMark: '0', maintenance: '1.3' } });
    expect(exposureReport(fx.engine).windows.map((w) => w.group)).toContain('AUTO_INTENT|7D synthetic');
    // At the close (index 1.30) b owes 3 PAT and has 2.5: the broker covers the 0.5.
    fx.nowMs = CLOSE;
    const settled = fx.expireSeries(CLOSE, synth, fx.operator);
    const done = ofType(settled, EventType.SYNTHETIC_SETTLEMENT_COMPLETED)[0];
    expect(done).toMatchObject({ shortfallMicros: 500_000, brokerCoverMicros: 500_000, haircutMicros: 0 });
    const pay = new Map(ofType(settled, EventType.SYNTHETIC_SETTLED).map((s) => [s.accountId, s.payoutMicros]));
    expect(pay.get(a)).toBe(3 * PAT);
    expect(pay.get(b)).toBe(-2_500_000);
    expect(pay.get(fx.broker)).toBe(0); // took −10 at 1.30, settled at 1.30
    for (const id of [a, b, fx.broker]) expect(fx.available(id)).toBeGreaterThanOrEqual(0);
  });

  it('a healthy position is left alone and the penalty is paid from spare margin', () => {
    const { fx, synth, a, b } = world(20 * PAT);
    fx.place(b, Side.SELL, PAT, 10, { seriesId: synth });
    fx.buy(a, PAT, 10, { seriesId: synth });
    fx.nowMs = CLOSE - 2 * HOUR_MS;
    quoteSpot(fx, 1_080_000, 1_120_000); // mid 1.10: b's equity 2 − 1 = 1 ≥ maintenance 1.1? no: topped up from its 18 free
    const ev = mark(fx, CLOSE - HOUR_MS, synth);
    expect(ofType(ev, EventType.SYNTHETIC_LIQUIDATED)).toHaveLength(0);
    // Topped up to initial margin at the mark: 20% of 11 PAT, so equity = 2.2 PAT.
    const p = position(fx, b, synth)!;
    expect(p.collateralMicros + p.available * 1_100_000 - p.costMicros).toBe(2_200_000);
    expect(fx.available(b)).toBe(20 * PAT - 2 * PAT - 1_200_000);
  });
});

describe('rules 12: a top-up at a mark is an event (MARGIN_TOPPED_UP)', () => {
  /** The two positions of the tests above, under `rules`: b short 10 at 1.0 with `micros`, marked at a mid of `mid`. */
  const marked = (rules: number, micros: number, mid: number) => {
    const w = world(micros);
    w.fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
    w.fx.place(w.b, Side.SELL, PAT, 10, { seriesId: w.synth });
    w.fx.buy(w.a, PAT, 10, { seriesId: w.synth });
    w.fx.nowMs = CLOSE - 2 * HOUR_MS;
    quoteSpot(w.fx, mid - 20_000, mid + 20_000);
    const free = w.fx.available(w.b);
    const ev = mark(w.fx, CLOSE - HOUR_MS, w.synth);
    return { ...w, ev, free };
  };

  it('says what moved from free PAT into the lock, before any liquidation; the state is the same as under rules 11', () => {
    const kept = marked(12, 20 * PAT, 1_100_000);
    const [topUp] = ofType(kept.ev, EventType.MARGIN_TOPPED_UP);
    const p = position(kept.fx, kept.b, kept.synth)!;
    expect(topUp).toEqual({ type: EventType.MARGIN_TOPPED_UP, seq: kept.fx.engine.lastSeq, seriesId: kept.synth, accountId: kept.b, positionQty: -10, markMicros: 1_100_000, topUpMicros: 1_200_000, lockedMicros: p.collateralMicros });
    expect(kept.free - kept.fx.available(kept.b)).toBe(topUp!.topUpMicros);
    expect(ofType(kept.ev, EventType.MARGIN_TOPPED_UP)).toHaveLength(1); // the long gained: nothing moved for a

    const taken = marked(12, 2_500_000, 1_300_000);
    const types = taken.ev.map((e) => e.type).filter((t) => t === EventType.MARGIN_TOPPED_UP || t === EventType.SYNTHETIC_LIQUIDATED);
    expect(types).toEqual([EventType.MARGIN_TOPPED_UP, EventType.SYNTHETIC_LIQUIDATED]);
    expect(ofType(taken.ev, EventType.MARGIN_TOPPED_UP)[0]).toMatchObject({ accountId: taken.b, topUpMicros: 500_000, lockedMicros: 2_500_000 });

    for (const [micros, mid] of [[20 * PAT, 1_100_000], [2_500_000, 1_300_000]] as const) {
      const before = marked(11, micros, mid);
      expect(ofType(before.ev, EventType.MARGIN_TOPPED_UP)).toEqual([]);
      const after = marked(12, micros, mid);
      expect(stateHashWithoutRules(after.fx)).toBe(stateHashWithoutRules(before.fx));
    }
  });
});

/** The state's hash with the rules version set aside (two engines under 11 and 12 that should hold the same state). */
function stateHashWithoutRules(fx: EngineFixture): string {
  const version = fx.engine.rulesVersion;
  fx.engine.rulesVersion = 0;
  try {
    return stateHash(fx.engine);
  } finally {
    fx.engine.rulesVersion = version;
  }
}

describe('rules 13: an immediate order that only reduces the position holds no margin', () => {
  /** b long 10 at 1.0 with every PAT it has in the position's lock (20% of 10), a bids 10 at 0.99 for b to sell into. */
  const allIn = (rules: number) => {
    const w = world(20 * PAT);
    w.fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
    w.fx.requestWithdrawal(w.b, BigInt(w.fx.available(w.b) - 2 * PAT) * 10n ** 12n); // b keeps 2 PAT: the margin of 10 at 1.0
    w.fx.place(w.a, Side.SELL, PAT, 10, { seriesId: w.synth });
    w.fx.buy(w.b, PAT, 10, { seriesId: w.synth });
    expect([w.fx.available(w.b), position(w.fx, w.b, w.synth)!.collateralMicros]).toEqual([0, 2 * PAT]);
    w.fx.place(w.a, Side.BUY, 990_000, 10, { seriesId: w.synth });
    return w;
  };
  const sell = (w: World, qty: number, tif: TimeInForce) => w.fx.submit({ kind: CommandKind.NEW_ORDER, actor: w.b, seriesId: w.synth, clientOrderId: 0, side: Side.SELL, orderType: 1, tif, priceMicros: 990_000, qty, expireAtMs: 0, postOnly: false, stp: 1 });

  it('a fully margined long closes with an IOC sale; a resting one, or one past the long, still needs margin; under rules 12 it could not close', () => {
    const w = allIn(13);
    expect(rejectionName(sell(w, 10, TimeInForce.GTC))).toBe('INSUFFICIENT_MARGIN'); // it would rest: it holds margin
    expect(rejectionName(sell(w, 11, TimeInForce.IOC))).toBe('INSUFFICIENT_MARGIN'); // one unit past the long opens a short
    const closed = sell(w, 10, TimeInForce.IOC);
    expect(fills(closed).map((f) => f.qty)).toEqual([10]);
    // Flat: the lock freed, less the 0.1 PAT it lost (bought at 1.0, sold at 0.99), kept until settlement.
    expect(position(w.fx, w.b, w.synth)).toMatchObject({ available: 0, costMicros: 100_000, collateralMicros: 100_000 });
    expect(w.fx.available(w.b)).toBe(2 * PAT - 100_000);
    expect(w.fx.held(w.b)).toBe(0);

    const before = allIn(12);
    expect(rejectionName(sell(before, 10, TimeInForce.IOC))).toBe('INSUFFICIENT_MARGIN');
  });

  it('a short closes with an IOC or FOK buy the same way; the margin it frees pays for nothing else', () => {
    const w = world(20 * PAT);
    w.fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 13 });
    w.fx.requestWithdrawal(w.b, BigInt(w.fx.available(w.b) - 2 * PAT) * 10n ** 12n);
    w.fx.place(w.a, Side.BUY, PAT, 10, { seriesId: w.synth });
    w.fx.submit({ kind: CommandKind.NEW_ORDER, actor: w.b, seriesId: w.synth, clientOrderId: 0, side: Side.SELL, orderType: 1, tif: TimeInForce.IOC, priceMicros: PAT, qty: 10, expireAtMs: 0, postOnly: false, stp: 1 });
    expect([w.fx.available(w.b), position(w.fx, w.b, w.synth)!.available]).toEqual([0, -10]);
    w.fx.place(w.a, Side.SELL, PAT, 10, { seriesId: w.synth });
    const closed = w.fx.submit({ kind: CommandKind.NEW_ORDER, actor: w.b, seriesId: w.synth, clientOrderId: 0, side: Side.BUY, orderType: 1, tif: TimeInForce.FOK, priceMicros: PAT, qty: 10, expireAtMs: 0, postOnly: false, stp: 1 });
    expect(fills(closed).map((f) => f.qty)).toEqual([10]);
    expect([w.fx.available(w.b), position(w.fx, w.b, w.synth)!.collateralMicros, w.fx.held(w.b)]).toEqual([2 * PAT, 0, 0]);
  });
});

describe('rules 14: a non-broker\'s margin counts the mark', () => {
  /** Marked at a spot mid of 1.30 (the index of the hour before), then b (with `micros`) sells 10 at 1.0 into a's bid, under `rules`. */
  const shortBelowMark = (rules: number, micros: number) => {
    const w = world(20 * PAT);
    w.fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
    w.fx.requestWithdrawal(w.b, BigInt(w.fx.available(w.b) - micros) * 10n ** 12n);
    w.fx.nowMs = CLOSE - 2 * HOUR_MS;
    quoteSpot(w.fx, 1_280_000, 1_320_000);
    mark(w.fx, CLOSE - HOUR_MS);
    expect(w.fx.engine.series[w.synth]!.cashSettled!.markMicros).toBe(1_300_000);
    w.fx.place(w.a, Side.BUY, PAT, 10, { seriesId: w.synth });
    const sold = w.fx.sell(w.b, PAT, 10, { seriesId: w.synth });
    return { ...w, sold };
  };

  it('a sale below the mark holds initial margin at the mark plus the loss there, so the next mark finds it healthy; under rules 13 it was taken over', () => {
    // 20% of 1.30 plus the 0.30 a unit the sale loses at the mark: 0.56 a unit, 5.6 PAT for 10 (rules 13: 20% of 1.0, 2 PAT).
    const refused = shortBelowMark(14, 5 * PAT);
    expect(rejectionName(refused.sold)).toBe('INSUFFICIENT_MARGIN');
    const ok = shortBelowMark(14, 6 * PAT);
    expect(fills(ok.sold).map((f) => f.qty)).toEqual([10]);
    expect(position(ok.fx, ok.b, ok.synth)).toMatchObject({ available: -10, collateralMicros: 5_600_000 });
    expect(ok.fx.available(ok.b)).toBe(400_000);
    const next = mark(ok.fx, CLOSE - HOUR_MS + MINUTE, ok.synth);
    expect(ofType(next, EventType.MARGIN_TOPPED_UP)).toEqual([]);
    expect(ofType(next, EventType.SYNTHETIC_LIQUIDATED)).toEqual([]);

    // Under rules 13, 4 PAT: the sale locks 2, the mark finds equity 2 − 3 = −1, the 2 free bring it to 1 < 1.3.
    const before = shortBelowMark(13, 4 * PAT);
    expect(fills(before.sold).map((f) => f.qty)).toEqual([10]);
    expect(position(before.fx, before.b, before.synth)!.collateralMicros).toBe(2 * PAT);
    const taken = mark(before.fx, CLOSE - HOUR_MS + MINUTE, before.synth);
    expect(ofType(taken, EventType.SYNTHETIC_LIQUIDATED)).toMatchObject([{ accountId: before.b, positionQty: -10 }]);
    expect(before.fx.available(before.b)).toBe(740_000); // 4 PAT less the 3 lost at the mark and the 0.26 penalty
  });

  it('a buy above the mark and an amend that lowers a sale pay the same; one on the right side of the mark, and the broker, hold the price\'s margin', () => {
    const w = shortBelowMark(14, 20 * PAT);
    expect(ofType(w.sold, EventType.FILL)).toHaveLength(1);
    const free = () => w.fx.available(w.a);
    // a bids 1.40 against the 1.30 mark: 0.26 + 0.10 = 0.36 a unit, against 0.28 at the price.
    let before = free();
    w.fx.place(w.a, Side.BUY, 1_400_000, 1, { seriesId: w.synth });
    expect(before - free()).toBe(360_000);
    // a bids 1.20, under the mark: 20% of the mark, 0.26, above 20% of the price.
    before = free();
    w.fx.place(w.a, Side.BUY, 1_200_000, 1, { seriesId: w.synth });
    expect(before - free()).toBe(260_000);
    // a offers at 1.50, above the mark: 20% of 1.50, 0.30. Amended down to 1.45, still no loss at the mark: 0.29.
    before = free();
    const ask = w.fx.place(w.a, Side.SELL, 1_500_000, 1, { seriesId: w.synth });
    expect(before - free()).toBe(300_000);
    w.fx.amend(w.a, ask, 1, 1_450_000);
    expect(before - free()).toBe(290_000);
    // The broker's bid at 1.44 holds 20% of 1.44 as under rules 13 (not 0.26 + 0.14): its quote budget counts its margin at its prices.
    const brokerFree = w.fx.available(w.fx.broker);
    w.fx.place(w.fx.broker, Side.BUY, 1_440_000, 1, { seriesId: w.synth });
    expect(brokerFree - w.fx.available(w.fx.broker)).toBe(288_000);
  });

  it('before the first mark the spot series\' reference price is the level', () => {
    const w = world(20 * PAT);
    w.fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 14 });
    w.fx.submit({ kind: CommandKind.SET_REFERENCE_PRICE, actor: w.fx.operator, seriesId: w.fx.seriesId, priceMicros: 1_200_000 });
    expect(w.fx.engine.series[w.synth]!.cashSettled!.markMicros).toBe(0);
    const free = w.fx.available(w.b);
    w.fx.place(w.b, Side.SELL, PAT, 1, { seriesId: w.synth });
    expect(free - w.fx.available(w.b)).toBe(240_000 + 200_000); // 20% of 1.20 plus the 0.20 the sale loses there
  });
});

describe('the loss rule', () => {
  it('what a loser cannot pay is covered by the broker free PAT, then taken from the winners pro rata; it adds up exactly', () => {
    const { fx, synth, a, b } = world(2 * PAT, { brokerMicros: PAT, brokerRights: 0 });
    const c = fx.consumers[2]!;
    fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: c, qualified: true });
    fx.place(b, Side.SELL, PAT, 10, { seriesId: synth }); // b's whole 2 PAT is margin
    fx.buy(a, PAT, 7, { seriesId: synth });
    fx.buy(c, PAT, 3, { seriesId: synth });
    fx.submit({ kind: CommandKind.SET_REFERENCE_PRICE, actor: fx.operator, seriesId: fx.seriesId, priceMicros: 1_500_000 });
    fx.nowMs = CLOSE;
    const ev = fx.expireSeries(CLOSE, synth);
    const [published] = ofType(ev, EventType.SETTLEMENT_INDEX_PUBLISHED);
    expect(published).toMatchObject({ indexMicros: 1_500_000, method: 'REFERENCE_PRICE' });
    const done = ofType(ev, EventType.SYNTHETIC_SETTLEMENT_COMPLETED)[0]!;
    // b owes 5 PAT, has 2: shortfall 3; the broker has 1 free; 2 PAT come off the winners' 3.5 and 1.5 pro rata.
    expect(done).toMatchObject({ shortfallMicros: 3 * PAT, brokerCoverMicros: PAT, haircutMicros: 2 * PAT });
    const settled = new Map(ofType(ev, EventType.SYNTHETIC_SETTLED).map((s) => [s.accountId, s]));
    expect(settled.get(a)).toMatchObject({ payoutMicros: 3_500_000 - 1_400_000, haircutMicros: 1_400_000 });
    expect(settled.get(c)).toMatchObject({ payoutMicros: 1_500_000 - 600_000, haircutMicros: 600_000 });
    expect(settled.get(b)).toMatchObject({ payoutMicros: -2 * PAT, shortfallMicros: 3 * PAT });
    expect(fx.available(b)).toBe(0);
    expect(fx.available(fx.broker)).toBe(0);
  });
});

describe('the synthetic position limit (rules 11: resting orders counted)', () => {
  const limited = (rules: number): World => {
    const w = world();
    if (rules > 0) w.fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
    w.fx.submit({ kind: CommandKind.SET_PARAM, actor: w.fx.operator, name: 'risk.syntheticMaxPositionQty', value: 3 });
    return w;
  };

  it('counts the resting orders on the order\'s side, new and amended, both sides; a reducing order passes; the broker is exempt', () => {
    const { fx, synth, a, b } = limited(11);
    const bid = fx.place(a, Side.BUY, 700_000, 2, { seriesId: synth });
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.buy(a, 700_000, 2, { seriesId: synth }));
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.amend(a, bid, 4, 700_000));
    fx.place(a, Side.BUY, 690_000, 1, { seriesId: synth }); // 3: at the limit
    expect(fx.acct(a).positions.get(synth)).toMatchObject({ restingBuyUnits: 3, restingSellUnits: 0 });
    // The bids fill: long 3; a further bid is refused, a sale (which reduces it) is not, and the short side has its own room.
    expect(fills(fx.sell(b, 690_000, 3, { seriesId: synth }))).toHaveLength(2);
    expect(position(fx, a, synth)).toMatchObject({ available: 3, restingBuyUnits: 0 });
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.buy(a, 500_000, 1, { seriesId: synth }));
    fx.place(a, Side.SELL, 900_000, 6, { seriesId: synth }); // would leave it short 3: at the limit
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.sell(a, 910_000, 1, { seriesId: synth }));
    expect(position(fx, b, synth)).toMatchObject({ available: -3 });
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.sell(b, 950_000, 1, { seriesId: synth }));
    // The broker is exempt.
    fx.place(fx.broker, Side.BUY, 600_000, 10, { seriesId: synth });
    // A snapshot rebuilds the counts from the orders: the decoded engine refuses and takes what this one does.
    const copy = new EmbeddedEngine({}, fx.nowMs, decodeState(encodeState(fx.engine)));
    expect(copy.engine.accounts[a]!.positions.get(synth)).toMatchObject({ restingBuyUnits: 0, restingSellUnits: 6 });
    const again = fx.orderCommand(a, { seriesId: synth, side: Side.SELL, priceMicros: 910_000, qty: 1 });
    expect(copy.submit(again, fx.nowMs)).toEqual(fx.ee.submit(again, fx.nowMs));
  });

  it('under rules 10 only the position was counted: bids of 2 and 2 under a limit of 3 rest and fill to 4', () => {
    const { fx, synth, a, b } = limited(10);
    fx.place(a, Side.BUY, 700_000, 2, { seriesId: synth });
    fx.place(a, Side.BUY, 700_000, 2, { seriesId: synth });
    expect(fills(fx.sell(b, 700_000, 2, { seriesId: synth }))).toHaveLength(1);
    expect(fills(fx.sell(fx.consumers[2]!, 700_000, 2, { seriesId: synth }))).toHaveLength(0); // not an institution: refused
    fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: fx.consumers[2]!, qualified: true });
    fx.deposit(fx.consumers[2]!, 10 * PAT);
    expect(fills(fx.sell(fx.consumers[2]!, 700_000, 2, { seriesId: synth }))).toHaveLength(1);
    expect(position(fx, a, synth)!.available).toBe(4);
  });
});

describe('snapshots and replay', () => {
  it('a snapshot mid-period keeps the samples, trades, positions and margins: both engines go on identically', () => {
    const { fx, synth, a, b } = world();
    fx.place(b, Side.SELL, PAT, 10, { seriesId: synth });
    fx.buy(a, PAT, 4, { seriesId: synth });
    fx.nowMs = CLOSE - 50 * MINUTE;
    quoteSpot(fx, 980_000, 1_020_000);
    fx.nowMs = CLOSE - 20 * MINUTE + 1;
    fx.buy(fx.consumers[2]!, 1_020_000, 2); // a spot trade inside the period
    fx.nowMs = CLOSE - 10 * MINUTE;
    mark(fx, fx.nowMs);
    const bytes = encodeState(fx.engine);
    const copy = decodeState(bytes);
    expect(stateHash(copy)).toBe(stateHash(fx.engine));
    const other = new EmbeddedEngine({}, fx.nowMs, copy);
    const tail = [
      { kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: 0 } as const,
      { kind: CommandKind.EXPIRE_SERIES, actor: fx.operator, seriesId: synth, cutoffMs: CLOSE } as const,
    ];
    for (const [i, cmd] of tail.entries()) {
      const t = CLOSE + i * MINUTE;
      expect(other.submit(cmd, t)).toEqual(fx.ee.submit(cmd, t));
    }
    expect(stateHash(other.engine)).toBe(stateHash(fx.engine));
    expect(fx.acct(a).role).toBe(Role.INSTITUTION);
    expect(CONTRACT).toContain('|');
  });
});

describe('rules 4: the index settles on what the market made (docs/settlement-index.md, definition 2)', () => {
  /** The world above, under rules `rules`, with the spot reference at 1 PAT set three hours before the close. */
  function worldUnder(rules: number): World {
    const w = world();
    if (rules > 0) w.fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
    w.fx.place(w.b, Side.SELL, PAT, 10, { seriesId: w.synth });
    w.fx.buy(w.a, PAT, 10, { seriesId: w.synth });
    w.fx.nowMs = CLOSE - 3 * HOUR_MS;
    w.fx.setReference(PAT);
    return w;
  }

  it("an operator's reference moved during the period moves no fixing: nothing else there, it settles at the reference as the period began", () => {
    const settled = (rules: number) => {
      const { fx, synth } = worldUnder(rules);
      fx.nowMs = CLOSE - 30 * MINUTE;
      fx.setReference(1_300_000); // what `params set quoting.baseValueMicros` does through the quoter
      const [marked] = ofType(mark(fx, CLOSE - 10 * MINUTE), EventType.SYNTHETIC_MARKED);
      fx.nowMs = CLOSE + MINUTE;
      const [published] = ofType(fx.expireSeries(CLOSE, synth), EventType.SETTLEMENT_INDEX_PUBLISHED);
      return { mark: marked!.markMicros, index: published!.index };
    };
    const before = settled(0);
    expect([before.mark, before.index.indexMicros, before.index.params.definition]).toEqual([1_300_000, 1_300_000, 1]);
    const now = settled(MARKET_INDEX_RULES);
    expect(now.index).toMatchObject({ indexMicros: PAT, method: 'REFERENCE_PRICE', anchorSource: 'REFERENCE_PRICE', referencePriceMicros: PAT });
    expect(now.index.params.definition).toBe(2);
    expect(now.mark).toBe(PAT);
  });

  it('trades without a two-sided quote are banded around their own median, not around the reference', () => {
    const settled = (rules: number) => {
      const { fx, synth } = worldUnder(rules);
      fx.nowMs = CLOSE - 40 * MINUTE;
      fx.place(fx.broker, Side.SELL, 1_150_000, 10); // the broker only sells: every sample one-sided
      fx.buy(fx.consumers[2]!, 1_150_000, 3);
      fx.nowMs = CLOSE + MINUTE;
      const [published] = ofType(fx.expireSeries(CLOSE, synth), EventType.SETTLEMENT_INDEX_PUBLISHED);
      return published!;
    };
    const before = settled(0);
    expect(before.index).toMatchObject({ method: 'TRADE_VWAP', indexMicros: 1_100_000, band: { anchorMicros: PAT } }); // clamped to 1.1
    const now = settled(MARKET_INDEX_RULES);
    expect(now.index).toMatchObject({ method: 'TRADE_VWAP', indexMicros: 1_150_000, anchorSource: 'TRADE_MEDIAN', tradeMedianMicros: 1_150_000 });
    // Anyone recomputes it from the published inputs and parameters.
    expect(computeSettlementIndex(now.inputs, now.index.params)).toEqual(now.index);
  });

  it('rules 16 (definition 3): one two-sided minute no longer holds the hour\'s trades in its band; six do', () => {
    /** Two-sided for the first `minutes` sample instants of the hour, then the bid pulled and the ask cut to 0.90, where a consumer buys. */
    const settled = (rules: number, minutes: number) => {
      const { fx, synth } = worldUnder(rules);
      fx.nowMs = CLOSE - 61 * MINUTE;
      const [bid, ask] = quoteSpot(fx, 1_180_000, 1_220_000); // mid 1.20
      fx.nowMs = CLOSE - (60 - minutes) * MINUTE; // a command on an instant: that instant still sees the old quote
      fx.cancel(fx.broker, bid);
      fx.cancel(fx.broker, ask);
      fx.place(fx.broker, Side.SELL, 900_000, 10);
      fx.buy(fx.consumers[2]!, 900_000, 3);
      fx.nowMs = CLOSE + MINUTE;
      const [published] = ofType(fx.expireSeries(CLOSE, synth), EventType.SETTLEMENT_INDEX_PUBLISHED);
      expect(published!.index.samples.twoSided).toBe(minutes);
      expect(computeSettlementIndex(published!.inputs, published!.index.params)).toEqual(published!.index);
      return published!.index;
    };
    expect(settled(THIN_MID_RULES - 1, 1)).toMatchObject({ indexMicros: 1_080_000, anchorSource: 'THIN_MID', params: { definition: 2 } }); // clamped up 20%
    expect(settled(THIN_MID_RULES, 1)).toMatchObject({ indexMicros: 900_000, anchorSource: 'TRADE_MEDIAN', params: { definition: 3 } });
    expect(settled(THIN_MID_RULES, 6)).toMatchObject({ indexMicros: 1_080_000, anchorSource: 'THIN_MID', samples: { minThinTwoSided: 6 } });
  });

  it('snapshots keep the reference ring; a format-7 snapshot decodes without it and still recovers from a journal', async () => {
    const { fx, synth } = worldUnder(MARKET_INDEX_RULES);
    fx.nowMs = CLOSE - 30 * MINUTE;
    fx.setReference(1_300_000);
    const copy = decodeState(encodeState(fx.engine));
    expect(stateHash(copy)).toBe(stateHash(fx.engine));
    expect(copy.seriesById(fx.seriesId)!.indexTrack!.referenceMicros).toEqual(fx.series()!.indexTrack!.referenceMicros);
    expect(fx.series()!.indexTrack!.referenceAtPeriodStart(CLOSE)).toBe(PAT);
    const seven = decodeState(encodeState(fx.engine, 7));
    expect(seven.seriesById(fx.seriesId)!.indexTrack!.referenceAtMs.every((at) => at === 0)).toBe(true);
    // Both go on to the same settlement while the copy has the ring; the format-7 one falls back to the reference now.
    const tail = { kind: CommandKind.EXPIRE_SERIES, actor: fx.operator, seriesId: synth, cutoffMs: CLOSE } as const;
    const index = (ee: EmbeddedEngine) => ofType(ee.submit(tail, CLOSE + MINUTE), EventType.SETTLEMENT_INDEX_PUBLISHED)[0]!.indexMicros;
    expect(index(new EmbeddedEngine({}, fx.nowMs, copy))).toBe(PAT);
    expect(index(new EmbeddedEngine({}, fx.nowMs, seven))).toBe(1_300_000);

    // A data directory whose latest snapshot is format 7 (written before this format) recovers: its bytes are checked against their own hash.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-format7-'));
    const journal = Journal.open(dir, { durability: 'commit' });
    try {
      const bytes = encodeState(new Engine(), 7);
      await journal.saveSnapshot({ seq: 0, stateHash: hashStateBytes(bytes), bytes });
      const recovered = recover(journal);
      expect(recovered.snapshotSeq).toBe(0);
      expect(recovered.stateHash).toBe(stateHash(new Engine()));
      await journal.saveSnapshot({ seq: 0, stateHash: 'not-the-hash', bytes });
      expect(() => recover(journal)).toThrow(/recorded not-the-hash/);
    } finally {
      await journal.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
