import { describe, expect, it } from 'vitest';
import {
  D,
  DEFAULT_QUOTING_PARAMS,
  FreshnessCurve,
  QuoteReason,
  SkewModel,
  avellanedaStoikov,
  bandFactor,
  computeQuote,
  elapsedShare,
  flowFactor,
  freshnessMultiplier,
  gueantLehalleFernandezTapia,
  bestPrices,
  ladder,
  referencePrice,
  segmentPrior,
  wideningFractions,
  windowFactor,
  type BrokerState,
  type PricingInputs,
  type QuoteMarket,
  type QuoteTerms,
  type QuotingParams,
} from '../../src/quoting/index.js';

const P: QuotingParams = { ...DEFAULT_QUOTING_PARAMS, baseValueMicros: { AUTO_INTENT: 2_000_000 }, quality: { AUTO_INTENT: 1 } };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPEN = Date.UTC(2026, 10, 16);
const CLOSE = OPEN + 7 * DAY;
const TERMS: QuoteTerms = { tickMicros: 1_000, minPriceMicros: 1_000, maxPriceMicros: 10_000_000, lotSize: 1, maxLevelQty: 100_000 };

function inputs(over: Partial<PricingInputs> = {}): PricingInputs {
  return {
    segment: 'AUTO_INTENT',
    openAtMs: OPEN,
    closeAtMs: CLOSE,
    windowMs: 7 * DAY,
    confidenceLoBps: 7_000,
    confidenceHiBps: 8_500,
    segmentValueMicros: 1_000_000,
    anchorMicros: 0,
    anchorQty: 0,
    burnRate: 0,
    mintRate: 0,
    substituteInventory: 0,
    ...over,
  };
}

function market(over: Partial<QuoteMarket> = {}): QuoteMarket {
  return { openAtMs: OPEN, closeAtMs: CLOSE, sigmaRelPerSqrtHour: 0.01, tradesPerHour: 100, k: 40, arrivalAPerHour: 100, inventoryUnit: 5, saleRatePerHour: 50, ...over };
}

function broker(over: Partial<BrokerState> = {}): BrokerState {
  return { ownedRights: 0, sellableRights: 1_000, spendableMicros: 1e12, longHeadroom: Infinity, avgCostMicros: 0, ...over };
}

/** A quote at `now` for a series whose reference is 1 PAT (flat freshness, no flow): only the quote's own rules move it. */
const FLAT: QuotingParams = { ...P, freshnessOpen: 1, freshnessClose: 1 };
const FLAT_ALL = FLAT;
function quote(params: QuotingParams, m: QuoteMarket, b: BrokerState, now: number) {
  return computeQuote(params, referencePrice(params, inputs(), TERMS, now), m, TERMS, b, now);
}

describe('the segment value prior', () => {
  it('is the operator value scaled by quality between the floor and 1', () => {
    expect(segmentPrior(P, 'AUTO_INTENT')).toBe(2_000_000);
    expect(segmentPrior({ ...P, quality: { AUTO_INTENT: 0 } }, 'AUTO_INTENT')).toBe(1_000_000); // floor 0.5
    expect(segmentPrior({ ...P, quality: { AUTO_INTENT: 0.5 } }, 'AUTO_INTENT')).toBe(1_500_000);
    // unknown segment: defaults (1 PAT, quality 0.8 -> 0.9)
    expect(segmentPrior(P, 'HOME_INTENT')).toBe(900_000);
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
    expect(freshnessMultiplier(P, 0.5).toNumber()).toBeCloseTo(0.6 + (0.6 * (Math.exp(-1) - Math.exp(-2))) / (1 - Math.exp(-2)), 12);
  });

  it('piecewise-linear: through (0, open), (mid, value), (1, close)', () => {
    const pw = { ...P, freshnessCurve: FreshnessCurve.PIECEWISE_LINEAR, freshnessMidPoint: 0.5, freshnessMidValue: 1 };
    expect(freshnessMultiplier(pw, 0).toNumber()).toBe(1.2);
    expect(freshnessMultiplier(pw, 0.25).toNumber()).toBe(1.1);
    expect(freshnessMultiplier(pw, 0.5).toNumber()).toBe(1);
    expect(freshnessMultiplier(pw, 1).toNumber()).toBeCloseTo(0.6, 12);
  });

  it('elapsed share is clamped to the window', () => {
    expect(elapsedShare(OPEN, CLOSE, OPEN - 1)).toBe(0);
    expect(elapsedShare(OPEN, CLOSE, CLOSE + 1)).toBe(1);
    expect(elapsedShare(OPEN, CLOSE, OPEN + 3.5 * DAY)).toBe(0.5);
  });
});

describe('contract terms: window and confidence band', () => {
  it('a wider window is worth more, less than proportionally (exponent 0.5)', () => {
    expect(windowFactor(P, 7 * DAY)).toBe(1);
    expect(windowFactor(P, 28 * DAY)).toBeCloseTo(2, 12);
    expect(windowFactor(P, DAY)).toBeCloseTo(Math.sqrt(1 / 7), 12);
    expect(windowFactor(P, 30 * DAY)).toBeGreaterThan(windowFactor(P, 7 * DAY));
  });

  it('a higher confidence band is worth more (exponent 1.5 on the band midpoint)', () => {
    expect(bandFactor(P, 7_000, 8_500)).toBeCloseTo(1, 12);
    expect(bandFactor(P, 8_500, 10_000)).toBeCloseTo(Math.pow(9_250 / 7_750, 1.5), 12);
    expect(bandFactor(P, 6_000, 8_000)).toBeLessThan(1);
  });

  it('enter the model price of a series without trades', () => {
    const now = OPEN + DAY;
    const ref = referencePrice(FLAT, inputs(), TERMS, now);
    const wide = referencePrice(FLAT, inputs({ windowMs: 28 * DAY, closeAtMs: OPEN + 28 * DAY }), TERMS, now);
    const high = referencePrice(FLAT, inputs({ confidenceLoBps: 8_500, confidenceHiBps: 10_000 }), TERMS, now);
    expect(ref.priceMicros).toBe(1_000_000);
    expect(wide.priceMicros).toBe(2_000_000);
    expect(high.priceMicros).toBe(Math.round(Math.pow(9_250 / 7_750, 1.5) * 1_000) * 1_000);
  });
});

describe('FlowFactor: burns against mints, counted once, bounded', () => {
  it('is 1 with no flow or a balanced one, above 1 when consumption leads, below when supply leads', () => {
    expect(flowFactor(P, 0, 0, 0)).toBe(1);
    expect(flowFactor(P, 30, 30, 0)).toBe(1);
    expect(flowFactor(P, 100, 0, 0)).toBeGreaterThan(1);
    expect(flowFactor(P, 0, 100, 0)).toBeLessThan(1);
  });

  it('stays within e^(±flowSensitivity) whatever the flow, and substitutes damp it', () => {
    expect(flowFactor(P, 1e12, 0, 0)).toBeLessThanOrEqual(Math.exp(P.flowSensitivity));
    expect(flowFactor(P, 0, 1e12, 0)).toBeGreaterThanOrEqual(Math.exp(-P.flowSensitivity));
    const alone = Math.log(flowFactor(P, 100, 0, 0));
    expect(Math.log(flowFactor(P, 100, 0, P.substituteScale))).toBeCloseTo(alone / 2, 12);
  });
});

describe('reference price: the trade anchor and the model', () => {
  const now = OPEN + DAY;

  it('is the model without trades, moves toward the trades as they accumulate, with weight Q/(Q + anchorQty)', () => {
    const model = referencePrice(FLAT, inputs(), TERMS, now);
    expect(model.anchorWeight).toBe(0);
    const some = referencePrice(FLAT, inputs({ anchorMicros: 1_200_000, anchorQty: FLAT.anchorQty }), TERMS, now);
    expect(some.anchorWeight).toBe(0.5);
    expect(some.priceMicros).toBe(1_100_000);
    const many = referencePrice(FLAT, inputs({ anchorMicros: 1_200_000, anchorQty: 1_000 * FLAT.anchorQty }), TERMS, now);
    expect(many.priceMicros).toBeGreaterThan(1_199_000);
  });

  it('the anchor follows the freshness curve from where the trades were (they are stored normalized)', () => {
    const r = referencePrice(P, inputs({ anchorMicros: 1_000_000, anchorQty: 1e9 }), TERMS, now);
    expect(r.priceMicros).toBe(Math.round(r.freshness * 1_000) * 1_000);
  });

  it('is deterministic and rounds to the tick only at the end, within the price limits', () => {
    const a = referencePrice(P, inputs({ burnRate: 12, mintRate: 3, substituteInventory: 40 }), TERMS, now);
    const b = referencePrice(P, inputs({ burnRate: 12, mintRate: 3, substituteInventory: 40 }), TERMS, now);
    expect(a).toEqual(b);
    expect(a.priceMicros % 1_000).toBe(0);
    const tiny = { tickMicros: 1_000, minPriceMicros: 500_000, maxPriceMicros: 600_000 };
    expect(referencePrice(P, inputs({ segmentValueMicros: 1 }), tiny, now).priceMicros).toBe(500_000);
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
  const w = { baseHalfSpreadBps: 50, sigmaRelPerSqrtHour: 0.01, volMultiplier: 1, volHorizonHours: 4, tradesPerHour: 1.5, thinTradesPerHour: 6, thinHalfSpreadBps: 100 };
  it('adds base, volatility and thin-series parts', () => {
    const x = wideningFractions(w);
    expect(x.baseFraction).toBeCloseTo(0.005, 12);
    expect(x.volatilityFraction).toBeCloseTo(0.01 * 2, 12);
    expect(x.thinFraction).toBeCloseTo(0.01 * 0.75, 12);
  });
  it('thin widening follows recent activity: none at thinTradesPerHour, all of it with no recent trades', () => {
    expect(wideningFractions({ ...w, tradesPerHour: 6 }).thinFraction).toBe(0);
    expect(wideningFractions({ ...w, tradesPerHour: 0 }).thinFraction).toBeCloseTo(0.01, 12);
    expect(wideningFractions({ ...w, sigmaRelPerSqrtHour: 0.02 }).volatilityFraction).toBeGreaterThan(wideningFractions(w).volatilityFraction);
  });
});

describe('quote and ladder', () => {
  const now = OPEN + DAY;

  it('bids below asks, tick multiples, strictly ordered, within limits', () => {
    const q = quote(FLAT, market(), broker({ ownedRights: 25 }), now); // at its target: no skew
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
    expect(q.reasons).toEqual([]);
  });

  it('the skew lowers both sides when the broker is long, by q·γσ²τ with q from the target inventory and γ, σ per unit of the price', () => {
    // No long limit (no limits' skew) and no expiry rule (no carry): the model's skew alone.
    const NO_EXPIRY = { ...FLAT, expiryRule: 0 };
    const flat = quote(NO_EXPIRY, market(), broker({ ownedRights: 30, sellableRights: 30 }), now);
    const long = quote(NO_EXPIRY, market(), broker({ ownedRights: 50, sellableRights: 50 }), now);
    expect(long.bids.priceMicros[0]!).toBeLessThan(flat.bids.priceMicros[0]!);
    expect(long.asks.priceMicros[0]!).toBeLessThan(flat.asks.priceMicros[0]!);
    const tau = (CLOSE - now) / P.modelTimeUnitMs;
    const sigmaRelPerUnit = 0.01 * Math.sqrt(24);
    // q is measured from the target inventory: half an hour of the 50 rights/h the broker sells
    expect(long.target).toBe(25);
    expect(long.model.skew).toBeCloseTo(((50 - 25) / 5) * P.gamma * sigmaRelPerUnit ** 2 * tau, 12); // s = 1 PAT
    expect(flat.model.skew).toBeCloseTo(((30 - 25) / 5) * P.gamma * sigmaRelPerUnit ** 2 * tau, 12);
    const below = quote(NO_EXPIRY, market(), broker({ ownedRights: 20, sellableRights: 20 }), now);
    expect(below.model.skew).toBeLessThan(0); // below target: skewed up
    const expected = (20 / 5) * P.gamma * sigmaRelPerUnit ** 2 * tau;
    expect(flat.reservation - long.reservation).toBeCloseTo(expected, 12);
  });

  it("the limits' skew: toward the long limit or zero it leans with the square of the way gone, to the cap at the end", () => {
    const NO_EXPIRY = { ...FLAT, expiryRule: 0, gamma: 1e-9 }; // the model's skew out of the way
    const cap = P.maxSkewBps / 10_000;
    // target 25 (0.5 h × 50/h); may hold 200 (owned + headroom)
    const at = (owned: number) => quote(NO_EXPIRY, market(), broker({ ownedRights: owned, sellableRights: owned, longHeadroom: 200 - owned }), now);
    expect(at(25).reservation).toBeCloseTo(1, 6);
    expect(1 - at(112.5).reservation).toBeCloseTo(cap * 0.25, 6); // half way to the limit: a quarter of the cap
    expect(1 - at(200).reservation).toBeCloseTo(cap, 6);
    expect(at(200).reasons).toContain(QuoteReason.SKEW_CAPPED);
    expect(at(0).reservation - 1).toBeCloseTo(cap, 6); // nothing to sell: bids up by the cap
    expect(at(12.5).reservation - 1).toBeCloseTo(cap * 0.25, 6);
  });

  it('the same parameters give the same relative quote for a cheap and a dear series', () => {
    const cheap = computeQuote(FLAT, referencePrice(FLAT, inputs({ segmentValueMicros: 100_000 }), { ...TERMS, tickMicros: 1 }, now), market(), { ...TERMS, tickMicros: 1 }, broker({ ownedRights: 30 }), now);
    const dear = computeQuote(FLAT, referencePrice(FLAT, inputs({ segmentValueMicros: 5_000_000 }), { ...TERMS, tickMicros: 1 }, now), market(), { ...TERMS, tickMicros: 1 }, broker({ ownedRights: 30 }), now);
    const rel = (q: typeof cheap) => q.halfSpread / (q.reference.priceMicros / 1e6);
    expect(rel(cheap)).toBeCloseTo(rel(dear), 9);
    expect(cheap.model.skew / 0.1).toBeCloseTo(dear.model.skew / 5, 9);
  });

  it('asks never exceed what the broker can sell; bids shrink to zero at the long limit and with no PAT', () => {
    const q = quote(FLAT, market(), broker({ sellableRights: 25, longHeadroom: 15 }), now);
    expect(q.asks.qty.reduce((a, b) => a + b, 0)).toBe(25);
    expect(q.asks.qty).toEqual([10, 15]);
    expect(q.bids.qty).toEqual([10, 5]);
    const none = quote(FLAT, market(), broker({ sellableRights: 0, longHeadroom: 0 }), now);
    expect(none.asks.qty).toEqual([]);
    expect(none.bids.qty).toEqual([]);
    expect(quote(FLAT, market(), broker({ spendableMicros: 0 }), now).bids.qty).toEqual([]);
  });

  it('float noise at a tick boundary does not move a price by a tick; anything more does', () => {
    expect(bestPrices(979_000 - 1e-7, 980_000 + 1e-7, TERMS)).toEqual([979_000, 980_000]);
    expect(bestPrices((0.1 + 0.2) * 1e6 * 3.26, 1_000_000, TERMS)[0]).toBe(978_000); // 978,000.0000000001 µPAT
    expect(bestPrices(978_999.9, 980_000.1, TERMS)).toEqual([978_000, 981_000]);
    expect(bestPrices(1_000_000, 1_000_000, TERMS)).toEqual([1_000_000, 1_001_000]); // never crossed
  });

  it('ladder respects lot size, level cap and the price floor', () => {
    const terms = { ...TERMS, lotSize: 3, maxLevelQty: 30 };
    const l = ladder(P, terms, 8_000, -1, 1_000);
    expect(l.qty).toEqual([9, 18]);
    expect(l.priceMicros).toEqual([8_000, 3_000]);
    expect(ladder(P, terms, 20_000, -1, 1_000).qty).toEqual([9, 18, 30]);
    for (const q of l.qty) expect(q % 3).toBe(0);
  });

  it('a series with no recent trades quotes wider than a busy one', () => {
    const busy = quote(FLAT, market({ tradesPerHour: 100 }), broker(), now);
    const dead = quote(FLAT, market({ tradesPerHour: 0 }), broker(), now);
    const width = (q: typeof busy) => q.asks.priceMicros[0]! - q.bids.priceMicros[0]!;
    expect(width(dead)).toBeGreaterThan(width(busy));
    expect(dead.widening.thinFraction).toBeCloseTo(P.thinHalfSpreadBps / 1e4, 12);
  });

  it('skew and half-spread stay within their caps however large σ and the inventory get, and say so', () => {
    const wild = quote({ ...FLAT, expiryRule: 0 }, market({ sigmaRelPerSqrtHour: 5 }), broker({ ownedRights: 100_000, sellableRights: 100_000 }), now);
    const s = wild.reference.priceMicros / 1e6;
    expect(wild.model.skew).toBeGreaterThan(s * 0.05);
    expect(wild.reservation).toBeCloseTo(s * (1 - P.maxSkewBps / 1e4), 9);
    expect(wild.halfSpread).toBeCloseTo(s * (P.maxHalfSpreadBps / 1e4), 9);
    expect(wild.reasons).toEqual(expect.arrayContaining([QuoteReason.SKEW_CAPPED, QuoteReason.SPREAD_CAPPED]));
    expect(wild.bids.priceMicros[0]!).toBeLessThan(wild.asks.priceMicros[0]!);
  });

  it('the GLFT option quotes too', () => {
    const q = quote({ ...FLAT, skewModel: SkewModel.GUEANT_LEHALLE_FT }, market(), broker({ ownedRights: 300, sellableRights: 300 }), now);
    expect(q.bids.priceMicros[0]!).toBeLessThan(q.asks.priceMicros[0]!);
  });
});

describe('the price band', () => {
  it('keeps the best quotes where customers may still trade them, however wide the spread is', () => {
    const now = OPEN + HOUR;
    const wild = { ...FLAT, maxHalfSpreadBps: 4_000 };
    const free = quote(wild, market({ sigmaRelPerSqrtHour: 5 }), broker(), now);
    const ref = free.reference.priceMicros;
    expect(free.asks.priceMicros[0]!).toBeGreaterThan(ref * 1.2);
    const terms = { ...TERMS, priceBandBps: 2_000 };
    const banded = computeQuote(wild, referencePrice(wild, inputs(), terms, now), market({ sigmaRelPerSqrtHour: 5 }), terms, broker(), now);
    expect(banded.asks.priceMicros[0]!).toBeLessThanOrEqual(ref * 1.2);
    expect(banded.bids.priceMicros[0]!).toBeGreaterThanOrEqual(ref * 0.8);
    expect(banded.reasons).toContain(QuoteReason.BAND_CAPPED);
    // Inside the band nothing moves.
    const calm = computeQuote(FLAT, referencePrice(FLAT, inputs(), terms, now), market(), terms, broker(), now);
    expect(calm.reasons).not.toContain(QuoteReason.BAND_CAPPED);
  });
});

describe('forwards', () => {
  // A forward of the window [OPEN, CLOSE): it trades until OPEN, then the broker's holding is delivered to it as spot rights.
  const now = OPEN - HOUR;
  it('nothing expires: no clearance and no bid limit, however much is held', () => {
    const fwd = quote(FLAT, market({ forward: true, saleRatePerHour: 1 }), broker({ ownedRights: 150, sellableRights: 150 }), now);
    expect(fwd.reasons).not.toContain(QuoteReason.EXPIRY_CLEARANCE);
    expect(fwd.reasons).not.toContain(QuoteReason.BIDS_LIMITED_BY_EXPIRY);
    expect(fwd.bids.qty.length).toBeGreaterThan(0);
  });

  it('the skew aims at a flat book: short raises both prices, long lowers them, flat is centred', () => {
    const m = market({ forward: true });
    const flat = quote(FLAT, m, broker({ ownedRights: 0 }), now);
    expect(flat.target).toBe(0);
    const short = quote(FLAT, m, broker({ ownedRights: -40, sellableRights: 100 }), now);
    const long = quote(FLAT, m, broker({ ownedRights: 40, sellableRights: 100 }), now);
    expect(short.asks.priceMicros[0]!).toBeGreaterThan(flat.asks.priceMicros[0]!);
    expect(long.bids.priceMicros[0]!).toBeLessThan(flat.bids.priceMicros[0]!);
    // A spot series in the same state skews toward a positive target instead: it cannot sell short.
    expect(quote(FLAT, market(), broker({ ownedRights: 0 }), now).target).toBeGreaterThan(0);
  });

  it('asks up to the short headroom the broker state gives, with no rights held', () => {
    const fwd = quote(FLAT, market({ forward: true }), broker({ ownedRights: 0, sellableRights: 25 }), now);
    expect(fwd.asks.qty.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(fwd.asks.qty.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(25);
  });
});

describe("a synthetic's widening for its index", () => {
  it("is syntheticVolShare of the index forecast's log sd at the close, else of σ√(hours left)", () => {
    const now = CLOSE - 2 * HOUR;
    const m = market({ synthetic: true });
    const b = broker({ marginBudgetMicros: 1e12, marginBps: 1_000 });
    const plain = quote(FLAT, m, b, now);
    expect(plain.widening.indexFraction).toBeCloseTo(P.syntheticVolShare * 0.01 * Math.sqrt(2), 12);
    // Near the close the forecast knows more than σ: a rung still open (a fallback to the trades) is wider.
    const forecast = quote(FLAT, { ...m, indexLogSd: 0.08 }, b, now);
    expect(forecast.widening.indexFraction).toBeCloseTo(P.syntheticVolShare * 0.08, 12);
    expect(forecast.halfSpread).toBeGreaterThan(plain.halfSpread);
  });

  it('narrows as the index becomes known: a minute before the close, with the index known to ±0.02%, about the base half-spread', () => {
    const b = broker({ marginBudgetMicros: 1e12, marginBps: 1_000 });
    const m = market({ synthetic: true, tradesPerHour: 0 }); // nobody trades the synthetic: its thin widening at its fullest
    const hourBefore = quote(FLAT, { ...m, indexLogSd: 0.02 }, b, CLOSE - HOUR);
    const minuteBefore = quote(FLAT, { ...m, indexLogSd: 0.0002 }, b, CLOSE - 60_000);
    const s = minuteBefore.reference.priceMicros / 1e6;
    expect(minuteBefore.halfSpread).toBeLessThan(hourBefore.halfSpread / 3);
    // The base and the index's own part, and a few hundredths of the price risk's, thin market's and markup's.
    expect(minuteBefore.halfSpread / s).toBeLessThan((FLAT.baseHalfSpreadBps + 15) / 10_000);
    expect(minuteBefore.halfSpread / s).toBeGreaterThanOrEqual(FLAT.baseHalfSpreadBps / 10_000);
    // A spot series keeps its widening whatever the clock.
    const spot = quote(FLAT, market({ tradesPerHour: 0 }), broker(), CLOSE - 60_000);
    expect(spot.widening.thinFraction).toBeGreaterThan(0);
  });
});

describe('expiring inventory and cost', () => {
  const FLAT = FLAT_ALL;
  it('one sale rate decides the target, the clearance and the bid limit: 150 rights on day 2 at 30/h are no clearance', () => {
    // The case: a series with no sales history of its own, whose rate is its segment's (here 30/h), 150 rights
    // on day 2 of a 7-day window. The old rule assumed 1 sale an hour for the clearance (120 expected, so "clear 150")
    // and 30 an hour for the bid limit.
    const now = OPEN + DAY;
    const q = quote(FLAT, market({ saleRatePerHour: 30 }), broker({ ownedRights: 150, sellableRights: 150 }), now);
    expect(q.reasons).not.toContain(QuoteReason.EXPIRY_CLEARANCE);
    expect(q.expectedSales).toBeCloseTo(30 * 144, 6);
    expect(q.target).toBeCloseTo(15, 9); // 0.5 h of the same rate
    expect(q.asks.priceMicros[0]!).toBeGreaterThan(q.bids.priceMicros[0]!);
  });

  it('never bids at or above its own ask: holding more than it expects to sell, it buys nothing', () => {
    for (const hoursLeft of [0.5, 1, 3, 6]) {
      const now = CLOSE - hoursLeft * HOUR;
      for (const owned of [5, 20, 60, 150]) {
        const q = quote(FLAT, market({ saleRatePerHour: 10 }), broker({ ownedRights: owned, sellableRights: owned }), now);
        if (q.bids.priceMicros.length > 0 && q.asks.priceMicros.length > 0) expect(q.bids.priceMicros[0]!).toBeLessThan(q.asks.priceMicros[0]!);
        if (owned > 10 * hoursLeft) expect(q.bids.qty, `${owned} held, ${hoursLeft} h left`).toEqual([]);
      }
    }
  });

  it('aims the skew at no more than the middle of what it may hold, so both sides keep room', () => {
    const q = quote(FLAT, market({ saleRatePerHour: 1_000 }), broker({ ownedRights: 40, sellableRights: 40, longHeadroom: 160 }), OPEN + DAY);
    expect(q.target).toBe(100); // not 500 (0.5 h × 1,000/h): the long limit is 200
  });

  it('an hour before the close, more rights than sell in time are cleared below the model ask, and bids stop', () => {
    const now = CLOSE - HOUR;
    const m = market({ saleRatePerHour: 20 });
    const calm = quote(FLAT, m, broker({ ownedRights: 10, sellableRights: 10 }), now);
    expect(calm.reasons).not.toContain(QuoteReason.EXPIRY_CLEARANCE);
    expect(calm.expectedSales).toBeCloseTo(20, 9);
    expect(calm.bids.qty.reduce((a, b) => a + b, 0)).toBe(Math.floor(0.8 * 20 - 10)); // buys only what it can sell in time
    const stuck = quote(FLAT, m, broker({ ownedRights: 150, sellableRights: 150 }), now);
    expect(stuck.reasons).toContain(QuoteReason.EXPIRY_CLEARANCE);
    expect(stuck.reasons).toContain(QuoteReason.BIDS_LIMITED_BY_EXPIRY);
    expect(stuck.bids.qty).toEqual([]);
    // the ask is lowered by ln(q/E)/k of the price
    const noRule = quote({ ...FLAT, expiryRule: 0 }, m, broker({ ownedRights: 150, sellableRights: 150 }), now);
    const drop = (noRule.asks.priceMicros[0]! - stuck.asks.priceMicros[0]!) / 1e6;
    expect(drop).toBeGreaterThan(Math.log(150 / 20) / 40 - 0.002);
    expect(drop).toBeLessThan(Math.log(150 / 20) / 40 + 0.002);
  });

  it('the old A–S terminal condition alone would barely skew 150 rights held 1.7 h before expiry; the expiry rule does', () => {
    const now = CLOSE - 1.7 * HOUR;
    const m = market({ saleRatePerHour: 10 });
    const b = broker({ ownedRights: 150, sellableRights: 150 });
    // The old A–S alone: no expiry rule, and the skew's horizon the time to the close.
    const off = quote({ ...FLAT, expiryRule: 0, skewHorizonShare: 0 }, m, b, now);
    const on = quote(FLAT, m, b, now);
    expect(off.model.skew).toBeLessThan(0.001); // under 10 bps of 1 PAT
    expect(1 - on.asks.priceMicros[0]! / 1e6).toBeGreaterThan(0.02); // the ask sits more than 2% below the reference
  });

  it("the skew's horizon on a spot series is at least half its window: on its last day the skew is what it was at the midpoint", () => {
    const m = market({ saleRatePerHour: 10 });
    const b = broker({ ownedRights: 60, sellableRights: 60 });
    const skewAt = (params: QuotingParams, now: number) => quote(params, m, b, now).model.skew;
    const mid = OPEN + 3.5 * DAY;
    // Before the window's midpoint A–S's τ (the time to the close) is longer than the floor: nothing changes.
    expect(skewAt(FLAT, OPEN + DAY)).toBe(skewAt({ ...FLAT, skewHorizonShare: 0 }, OPEN + DAY));
    // After it the skew holds at the midpoint's instead of vanishing at the close (the inventory, target and σ are the same).
    for (const hoursLeft of [20, 6, 1]) {
      const now = CLOSE - hoursLeft * HOUR;
      expect(skewAt(FLAT, now)).toBeCloseTo(skewAt(FLAT, mid), 12);
      expect(skewAt({ ...FLAT, skewHorizonShare: 0 }, now)).toBeCloseTo(skewAt(FLAT, mid) * (hoursLeft / 84), 12);
    }
    // A forward's horizon is still its open, a synthetic's its close.
    const fwd = market({ saleRatePerHour: 10, forward: true, openAtMs: CLOSE - 2 * HOUR });
    expect(quote(FLAT, fwd, b, CLOSE - 3 * HOUR).model.skew).toBe(quote({ ...FLAT, skewHorizonShare: 0 }, fwd, b, CLOSE - 3 * HOUR).model.skew);
  });

  it('never offers inventory below its average cost, unless the expiry rule clears it', () => {
    const now = OPEN + DAY;
    const q = quote(FLAT, market(), broker({ ownedRights: 50, sellableRights: 50, avgCostMicros: 1_040_000 }), now);
    expect(q.asks.priceMicros[0]).toBe(1_040_000);
    expect(q.reasons).toContain(QuoteReason.ASK_AT_COST);
    // A cost more than costFloorMaxBps (5%) above the reference: the market has moved on, the floor gives way.
    const far = quote(FLAT, market(), broker({ ownedRights: 50, sellableRights: 50, avgCostMicros: 1_100_000 }), now);
    expect(far.asks.priceMicros[0]!).toBeLessThan(1_100_000);
    expect(far.reasons).toContain(QuoteReason.COST_FLOOR_LIFTED);
    const off = quote({ ...FLAT, costFloor: 0 }, market(), broker({ ownedRights: 50, sellableRights: 50, avgCostMicros: 1_100_000 }), now);
    expect(off.asks.priceMicros[0]!).toBeLessThan(1_100_000);
    const late = quote(FLAT, market({ saleRatePerHour: 5 }), broker({ ownedRights: 50, sellableRights: 50, avgCostMicros: 1_100_000 }), CLOSE - HOUR);
    expect(late.asks.priceMicros[0]!).toBeLessThan(1_100_000);
    expect(late.reasons).toContain(QuoteReason.EXPIRY_CLEARANCE);
  });

  it('the freshness carry lowers the reservation of inventory that takes time to sell', () => {
    const now = OPEN + DAY;
    const q = quote(P, market({ saleRatePerHour: 2 }), broker({ ownedRights: 100, sellableRights: 100 }), now);
    // 100 rights at 2/h: sold over 50 h; the freshness lost to the middle of that (25 h) is the carry
    const u0 = elapsedShare(OPEN, CLOSE, now);
    const u1 = elapsedShare(OPEN, CLOSE, now + 25 * HOUR);
    const s = q.reference.priceMicros / 1e6;
    expect(q.carry).toBeCloseTo(s * (1 - freshnessMultiplier(P, u1).toNumber() / freshnessMultiplier(P, u0).toNumber()), 9);
    expect(q.carry).toBeGreaterThan(0);
  });
});
