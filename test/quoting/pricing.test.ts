import { describe, expect, it } from 'vitest';
import {
  D,
  DEFAULT_QUOTING_PARAMS,
  FreshnessCurve,
  SkewModel,
  avellanedaStoikov,
  baseValue,
  computeQuote,
  demandPressure,
  elapsedShare,
  EwmaRate,
  EwmaVolatility,
  freshnessMultiplier,
  gueantLehalleFernandezTapia,
  ladder,
  referencePrice,
  scarcityFactor,
  widening,
  type BrokerState,
  type MarketState,
  type QuoteTerms,
  type QuotingParams,
} from '../../src/quoting/index.js';

const P: QuotingParams = { ...DEFAULT_QUOTING_PARAMS, baseValueMicros: { AUTO_INTENT: 2_000_000 }, quality: { AUTO_INTENT: 1 } };
const HOUR = 3_600_000;
const OPEN = Date.UTC(2026, 10, 16);
const CLOSE = OPEN + 7 * 24 * HOUR;
const TERMS: QuoteTerms = { tickMicros: 1_000, minPriceMicros: 1_000, maxPriceMicros: 10_000_000, lotSize: 1, maxLevelQty: 100_000 };

function market(over: Partial<MarketState> = {}): MarketState {
  return {
    segment: 'AUTO_INTENT',
    openAtMs: OPEN,
    closeAtMs: CLOSE,
    burnVelocity: 0,
    mintVelocity: 0,
    brokerSaleVelocity: 0,
    brokerPurchaseVelocity: 0,
    substituteInventory: 0,
    trades: 100,
    sigmaRelPerSqrtHour: 0,
    volObservations: 100,
    ...over,
  };
}

function broker(over: Partial<BrokerState> = {}): BrokerState {
  return { ownedRights: 0, sellableRights: 1_000, spendableMicros: 1e12, longHeadroom: Infinity, ...over };
}

describe('BaseValue', () => {
  it('is the operator value scaled by quality between the floor and 1', () => {
    expect(baseValue(P, 'AUTO_INTENT').toNumber()).toBe(2_000_000);
    expect(baseValue({ ...P, quality: { AUTO_INTENT: 0 } }, 'AUTO_INTENT').toNumber()).toBe(1_000_000); // floor 0.5
    expect(baseValue({ ...P, quality: { AUTO_INTENT: 0.5 } }, 'AUTO_INTENT').toNumber()).toBe(1_500_000);
    // unknown segment: defaults (1 PAT, quality 0.8 -> 0.9)
    expect(baseValue(P, 'HOME_INTENT').toNumber()).toBe(900_000);
  });
});

describe('FreshnessMultiplier', () => {
  it('exponential: premium at open, discount at close, decreasing', () => {
    expect(freshnessMultiplier(P, 0).toNumber()).toBeCloseTo(1.2, 12);
    expect(freshnessMultiplier(P, 1).toNumber()).toBeCloseTo(0.6, 12);
    let prev = 10;
    for (let u = 0; u <= 1; u += 0.05) {
      const f = freshnessMultiplier(P, u).toNumber();
      expect(f).toBeLessThan(prev);
      prev = f;
    }
    // exact value at u = 0.5: 0.6 + 0.6·(e^-1 − e^-2)/(1 − e^-2)
    expect(freshnessMultiplier(P, 0.5).toNumber()).toBeCloseTo(0.6 + (0.6 * (Math.exp(-1) - Math.exp(-2))) / (1 - Math.exp(-2)), 12);
  });

  it('piecewise-linear: through (0, open), (mid, value), (1, close)', () => {
    const pw = { ...P, freshnessCurve: FreshnessCurve.PIECEWISE_LINEAR, freshnessMidPoint: 0.5, freshnessMidValue: 1 };
    expect(freshnessMultiplier(pw, 0).toNumber()).toBe(1.2);
    expect(freshnessMultiplier(pw, 0.25).toNumber()).toBe(1.1);
    expect(freshnessMultiplier(pw, 0.5).toNumber()).toBe(1);
    expect(freshnessMultiplier(pw, 0.75).toNumber()).toBe(0.8);
    expect(freshnessMultiplier(pw, 1).toNumber()).toBe(0.6);
    expect(freshnessMultiplier(pw, 7).toNumber()).toBe(0.6); // clamped
  });

  it('elapsed share is clamped to the window', () => {
    expect(elapsedShare(OPEN, CLOSE, OPEN - 1)).toBe(0);
    expect(elapsedShare(OPEN, CLOSE, CLOSE + 1)).toBe(1);
    expect(elapsedShare(OPEN, CLOSE, OPEN + 84 * HOUR)).toBe(0.5);
  });
});

describe('DemandPressure', () => {
  it('is 1 when consumption matches supply, above when it outruns it, bounded', () => {
    expect(demandPressure(P, 10, 10).toNumber()).toBe(1);
    expect(demandPressure(P, 0, 0).toNumber()).toBe(1);
    expect(demandPressure(P, 3, 1).toNumber()).toBeCloseTo(Math.pow(4 / 2, 0.25), 12);
    expect(demandPressure(P, 1e9, 0).toNumber()).toBe(1.5);
    expect(demandPressure(P, 0, 1e9).toNumber()).toBe(0.7);
    expect(demandPressure(P, 1, 20).toNumber()).toBeLessThan(1);
  });
});

describe('ScarcityFactor', () => {
  it('rises when burns outrun mints, and substitutes damp it towards 1', () => {
    const alone = scarcityFactor(P, 3, 1, 0).toNumber();
    expect(alone).toBeCloseTo(Math.pow(4 / 2, 0.2), 12);
    const damped = scarcityFactor(P, 3, 1, 100).toNumber(); // κ = 100: exponent halved
    expect(damped).toBeCloseTo(Math.pow(4 / 2, 0.1), 12);
    expect(damped).toBeLessThan(alone);
    expect(scarcityFactor(P, 30, 1, 1e9).toNumber()).toBeCloseTo(1, 6);
    expect(scarcityFactor(P, 0, 1e6, 0).toNumber()).toBe(0.8);
    expect(scarcityFactor(P, 1e9, 0, 0).toNumber()).toBe(1.25);
  });
});

describe('reference price', () => {
  it('is the product of the four factors, rounded to a tick at the end, deterministic', () => {
    const m = market({ burnVelocity: 12, mintVelocity: 3, substituteInventory: 40 });
    const now = OPEN + 24 * HOUR;
    const a = referencePrice(P, m, TERMS, now);
    const b = referencePrice(P, m, TERMS, now);
    expect(a.priceMicros).toBe(b.priceMicros);
    expect(a.exactMicros.toString()).toBe(b.exactMicros.toString());
    expect(a.exactMicros.equals(a.baseValueMicros.times(new D(a.freshness * a.demand * a.scarcity)))).toBe(true);
    const factors = [freshnessMultiplier(P, elapsedShare(OPEN, CLOSE, now)), demandPressure(P, 12, 3), scarcityFactor(P, 12, 3, 40)];
    expect([a.freshness, a.demand, a.scarcity]).toEqual(factors.map((f) => f.toNumber()));
    expect(a.exactMicros.toNumber()).toBeCloseTo(a.baseValueMicros.times(factors[0]!).times(factors[1]!).times(factors[2]!).toNumber(), 6);
    expect(a.priceMicros % TERMS.tickMicros).toBe(0);
    expect(Math.abs(a.priceMicros - a.exactMicros.toNumber())).toBeLessThanOrEqual(TERMS.tickMicros / 2);
  });

  it('is clamped to the series price limits', () => {
    const tiny = { ...TERMS, maxPriceMicros: 500_000 };
    expect(referencePrice(P, market(), tiny, OPEN).priceMicros).toBe(500_000);
  });
});

describe('Avellaneda–Stoikov skew', () => {
  const base = { s: new D(100), gamma: 0.1, sigma: 2, tau: 1, k: 1.5, arrivalA: 140 };

  it('reservation r = s − qγσ²τ and spread γσ²τ + (2/γ)ln(1+γ/k)', () => {
    const x = avellanedaStoikov({ ...base, q: 3 });
    expect(x.reservation.toNumber()).toBeCloseTo(100 - 3 * 0.1 * 4 * 1, 12);
    expect(x.spread.toNumber()).toBeCloseTo(0.1 * 4 + (2 / 0.1) * Math.log(1 + 0.1 / 1.5), 12);
  });

  it('skews down when long, up when short, not at all when flat, and less as the window ends', () => {
    expect(avellanedaStoikov({ ...base, q: 5 }).reservation.lessThan(100)).toBe(true);
    expect(avellanedaStoikov({ ...base, q: -5 }).reservation.greaterThan(100)).toBe(true);
    expect(avellanedaStoikov({ ...base, q: 0 }).reservation.toNumber()).toBe(100);
    const early = avellanedaStoikov({ ...base, q: 5, tau: 1 }).reservation.toNumber();
    const late = avellanedaStoikov({ ...base, q: 5, tau: 0.1 }).reservation.toNumber();
    expect(100 - late).toBeLessThan(100 - early);
    expect(avellanedaStoikov({ ...base, q: 5, tau: 0 }).reservation.toNumber()).toBe(100);
  });

  it('GLFT asymptotic: skew q·ω independent of τ, spread (2/γ)ln(1+γ/k) + ω', () => {
    const { gamma, k, sigma, arrivalA } = base;
    const omega = Math.sqrt(((sigma * sigma * gamma) / (2 * k * arrivalA)) * Math.pow(1 + gamma / k, 1 + k / gamma));
    const x = gueantLehalleFernandezTapia({ ...base, q: 2 });
    expect(x.reservation.toNumber()).toBeCloseTo(100 - 2 * omega, 12);
    expect(x.spread.toNumber()).toBeCloseTo((2 / gamma) * Math.log(1 + gamma / k) + omega, 12);
    expect(gueantLehalleFernandezTapia({ ...base, q: 2, tau: 0.01 }).reservation.toNumber()).toBe(x.reservation.toNumber());
  });
});

describe('spread widening', () => {
  const w = { s: new D(2), baseHalfSpreadBps: 50, sigmaRelPerSqrtHour: 0.01, volMultiplier: 1, volHorizonHours: 4, trades: 5, thinTrades: 20, thinHalfSpreadBps: 100 };
  it('adds base, volatility and thin-series parts', () => {
    const x = widening(w);
    expect(x.baseFraction * 2).toBeCloseTo(0.01, 12);
    expect(x.volatilityFraction * 2).toBeCloseTo(2 * 0.01 * 2, 12);
    expect(x.thinFraction * 2).toBeCloseTo(2 * 0.01 * 0.75, 12);
    expect(x.total.toNumber()).toBeCloseTo(0.01 + 0.04 + 0.015, 12);
  });
  it('thin widening vanishes once the series has enough trades; volatility widens with σ', () => {
    expect(widening({ ...w, trades: 20 }).thinFraction).toBe(0);
    expect(widening({ ...w, sigmaRelPerSqrtHour: 0.02 }).total.greaterThan(widening(w).total)).toBe(true);
  });
});

describe('quote and ladder', () => {
  const now = OPEN + 24 * HOUR;

  it('bids below asks, tick multiples, strictly ordered, within limits', () => {
    const q = computeQuote(P, market(), TERMS, broker(), now);
    expect(q.bids.priceMicros.length).toBe(P.levels);
    expect(q.asks.priceMicros.length).toBe(P.levels);
    expect(q.bids.priceMicros[0]!).toBeLessThan(q.asks.priceMicros[0]!);
    for (const side of [q.bids, q.asks]) for (const p of side.priceMicros) expect(p % TERMS.tickMicros).toBe(0);
    for (let i = 1; i < P.levels; i++) {
      expect(q.bids.priceMicros[i]!).toBeLessThan(q.bids.priceMicros[i - 1]!);
      expect(q.asks.priceMicros[i]!).toBeGreaterThan(q.asks.priceMicros[i - 1]!);
    }
    expect(q.bids.qty).toEqual([10, 20, 40]);
    expect(q.bids.priceMicros[0]!).toBeLessThanOrEqual(q.reference.priceMicros);
    expect(q.asks.priceMicros[0]!).toBeGreaterThanOrEqual(q.reference.priceMicros);
  });

  it('the skew lowers both sides when the broker is long', () => {
    const m = market({ sigmaRelPerSqrtHour: 0.002 });
    const flat = computeQuote(P, m, TERMS, broker({ ownedRights: 0 }), now);
    const long = computeQuote(P, m, TERMS, broker({ ownedRights: 100 }), now);
    expect(long.reservation.lessThan(flat.reservation)).toBe(true);
    expect(long.bids.priceMicros[0]!).toBeLessThan(flat.bids.priceMicros[0]!);
    expect(long.asks.priceMicros[0]!).toBeLessThan(flat.asks.priceMicros[0]!);
    // size: q·γ·σ²·τ with q = 100/100, below the cap here
    const tau = (CLOSE - now) / P.modelTimeUnitMs;
    const sigma = long.sigmaRelPerSqrtHour * (long.reference.priceMicros / 1e6) * Math.sqrt(24);
    const expected = 1 * P.gamma * sigma * sigma * tau;
    expect(flat.model.skew).toBe(0);
    expect(long.model.skew).toBeCloseTo(expected, 12);
    expect(flat.reservation.minus(long.reservation).toNumber()).toBeCloseTo(expected, 12);
    // a short inventory would skew up by the same amount (the model is symmetric in q)
    expect(computeQuote(P, m, TERMS, broker({ ownedRights: -100 }), now).reservation.minus(flat.reservation).toNumber()).toBeCloseTo(expected, 12);
  });

  it('asks never exceed what the broker can sell; bids shrink to zero at the long limit and with no PAT', () => {
    const q = computeQuote(P, market(), TERMS, broker({ sellableRights: 25, longHeadroom: 15 }), now);
    expect(q.asks.qty.reduce((a, b) => a + b, 0)).toBe(25);
    expect(q.asks.qty).toEqual([10, 15]);
    expect(q.bids.qty).toEqual([10, 5]);
    const none = computeQuote(P, market(), TERMS, broker({ sellableRights: 0, longHeadroom: 0 }), now);
    expect(none.asks.qty).toEqual([]);
    expect(none.bids.qty).toEqual([]);
    const broke = computeQuote(P, market(), TERMS, broker({ spendableMicros: 0 }), now);
    expect(broke.bids.qty).toEqual([]);
  });

  it('ladder respects lot size, level cap and the price floor', () => {
    const terms = { ...TERMS, lotSize: 3, maxLevelQty: 30 };
    const l = ladder(P, terms, 8_000, -1, 1_000);
    expect(l.qty).toEqual([9, 18]); // 10 -> 9 and 20 -> 18 in lots of 3; a third level would be below the 1_000 floor
    expect(l.priceMicros).toEqual([8_000, 3_000]);
    expect(ladder(P, terms, 20_000, -1, 1_000).qty).toEqual([9, 18, 30]); // 40 capped at 30
    for (const q of l.qty) expect(q % 3).toBe(0);
  });

  it('a thin series quotes wider than a busy one', () => {
    const busy = computeQuote(P, market({ trades: 1_000, sigmaRelPerSqrtHour: 0.001, volObservations: 1_000 }), TERMS, broker(), now);
    const thin = computeQuote(P, market({ trades: 0, sigmaRelPerSqrtHour: 0, volObservations: 0 }), TERMS, broker(), now);
    const width = (q: typeof busy) => q.asks.priceMicros[0]! - q.bids.priceMicros[0]!;
    expect(width(thin)).toBeGreaterThan(width(busy));
    expect(thin.sigmaRelPerSqrtHour).toBe(P.volFloorBps / 1e4);
  });

  it('skew and half-spread stay within their caps however large σ and the inventory get', () => {
    const wild = computeQuote(P, market({ sigmaRelPerSqrtHour: 5 }), TERMS, broker({ ownedRights: 100_000 }), now);
    const s = wild.reference.priceMicros / 1e6;
    expect(wild.model.skew).toBeGreaterThan(s * 0.05); // the model alone runs away
    expect(wild.reservation.toNumber()).toBeCloseTo(s * (1 - P.maxSkewBps / 1e4), 9);
    expect(wild.halfSpread.toNumber()).toBeCloseTo(s * (P.maxHalfSpreadBps / 1e4), 9);
    expect(wild.bids.priceMicros[0]!).toBeGreaterThan(0);
    expect(wild.bids.priceMicros[0]!).toBeLessThan(wild.asks.priceMicros[0]!);
  });

  it('the GLFT option quotes too', () => {
    const q = computeQuote({ ...P, skewModel: SkewModel.GUEANT_LEHALLE_FT }, market(), TERMS, broker({ ownedRights: 300 }), now);
    expect(q.bids.priceMicros[0]!).toBeLessThan(q.asks.priceMicros[0]!);
  });
});

describe('estimators', () => {
  it('EWMA rate converges to a steady flow and decays by half each half-life', () => {
    const r = new EwmaRate(HOUR, 0);
    for (let t = 1; t <= 20 * 60; t++) r.add(1, t * 60_000); // one per minute = 60 per hour
    expect(r.rateAt(20 * HOUR)).toBeGreaterThan(55);
    expect(r.rateAt(20 * HOUR)).toBeLessThan(65);
    const v = r.rateAt(20 * HOUR);
    expect(r.rateAt(21 * HOUR)).toBeCloseTo(v / 2, 9);
  });

  it('EWMA volatility sees no move as zero and a move as positive', () => {
    const v = new EwmaVolatility(HOUR);
    v.observe(100, 0);
    v.observe(100, HOUR);
    expect(v.sigmaPerSqrtHour()).toBe(0);
    v.observe(110, 2 * HOUR);
    expect(v.sigmaPerSqrtHour()).toBeGreaterThan(0);
    expect(v.observations).toBe(2);
  });
});
