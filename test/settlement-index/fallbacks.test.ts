/** The fallback ladder, rung by rung, and the sample rules that decide between rungs. */
import { describe, expect, it } from 'vitest';
import { computeSettlementIndex } from '../../src/settlement-index/index.js';
import { CUTOFF_MS, minute, samples, steady, trade, window } from './support.js';

/** Two-sided (1.18/1.22) for the first `n` minutes, no quote after. */
const twoSidedFor = (n: number) => samples((m) => (m <= n ? [1_180_000, 1_220_000] : [0, 0]));

describe('the fallback ladder', () => {
  it('1. enough two-sided samples and no trades: the time-weighted mid, with all the weight on it', () => {
    const r = computeSettlementIndex(window({ quoteSamples: samples((m) => (m <= 30 ? [1_180_000, 1_220_000] : [1_280_000, 1_320_000])) }));
    expect(r.method).toBe('MID_TRADE_BLEND');
    expect(r.twapMidMicros).toBe(1_250_000);
    expect(r.indexMicros).toBe(1_250_000);
    expect([r.tradeWeightQty, r.midWeightQty, r.tradeVwapMicros]).toEqual([0, 100, null]);
  });

  it('1. trades weigh by their quantity up to fullWeightQty, then take all the weight', () => {
    const at = minute(30);
    const partial = computeSettlementIndex(window({ trades: [trade(at, 1_260_000, 40)] }));
    expect([partial.tradeWeightQty, partial.midWeightQty]).toEqual([40, 60]);
    expect(partial.indexMicros).toBe(1_224_000); // (1,200,000 × 60 + 1,260,000 × 40) / 100
    const full = computeSettlementIndex(window({ trades: [trade(at, 1_260_000, 100), trade(at, 1_250_000, 150)] }));
    expect([full.tradeWeightQty, full.midWeightQty]).toEqual([100, 0]);
    expect(full.indexMicros).toBe(1_254_000); // the VWAP alone: (126,000,000 + 187,500,000) / 250
  });

  it('the mid needs half the period: 30 two-sided minutes of 60 are enough, 29 are not', () => {
    const trades = [trade(minute(45), 1_250_000, 5)];
    const enough = computeSettlementIndex(window({ quoteSamples: twoSidedFor(30), trades }));
    expect(enough.method).toBe('MID_TRADE_BLEND');
    expect(enough.samples).toMatchObject({ minTwoSided: 30, twoSided: 30, oneSided: 30 });
    expect(enough.indexMicros).toBe(1_202_500); // (1,200,000 × 95 + 1,250,000 × 5) / 100
    const thin = computeSettlementIndex(window({ quoteSamples: twoSidedFor(29), trades }));
    expect(thin.method).toBe('TRADE_VWAP');
    expect(thin.twapMidMicros).toBe(1_200_000); // published, but not used
    expect(thin.band.anchorMicros).toBe(1_200_000); // the reference price anchors the band now
    expect(thin.indexMicros).toBe(1_250_000);
  });

  it('instants without a sample count as no quote', () => {
    const everyOther = steady(1_180_000, 1_220_000).filter((_, i) => i % 2 === 1); // 30 of 60
    const r = computeSettlementIndex(window({ quoteSamples: everyOther }));
    expect(r.samples).toMatchObject({ instants: 60, given: 30, twoSided: 30 });
    expect(r.method).toBe('MID_TRADE_BLEND');
    expect(computeSettlementIndex(window({ quoteSamples: everyOther.slice(1) })).method).toBe('REFERENCE_PRICE');
  });

  it('2. too few samples but trades: the VWAP of the trades, clamped around their own median (definition 1: around the reference price)', () => {
    const hour = window({
      quoteSamples: [],
      trades: [trade(minute(10), 1_100_000, 3), trade(minute(20), 1_130_000, 2), trade(minute(59), 9_000_000, 1)],
      referencePriceMicros: 1_150_000,
    });
    const r = computeSettlementIndex(hour);
    expect(r.method).toBe('TRADE_VWAP');
    // 3 of 6 rights at 1,100,000 or below: the median. The reference does not enter.
    expect([r.anchorSource, r.tradeMedianMicros]).toEqual(['TRADE_MEDIAN', 1_100_000]);
    expect(r.band).toEqual({ anchorMicros: 1_100_000, lowMicros: 990_000, highMicros: 1_210_000 });
    expect(r.clampedTrades).toBe(1);
    expect(r.indexMicros).toBe(1_128_333); // (3,300,000 + 2,260,000 + 1,210,000) / 6 = 1,128,333.3
    expect([r.tradeWeightQty, r.midWeightQty]).toEqual([null, null]);
    expect(computeSettlementIndex({ ...hour, referencePriceMicros: 2_000_000 }).indexMicros).toBe(1_128_333);
    // With a few two-sided samples (fewer than half the hour) the band is around their mid.
    const thin = computeSettlementIndex({ ...hour, quoteSamples: twoSidedFor(10) });
    expect([thin.method, thin.anchorSource, thin.band.anchorMicros]).toEqual(['TRADE_VWAP', 'THIN_MID', 1_200_000]);
    expect(thin.indexMicros).toBe(1_146_667); // (3,300,000 + 2,260,000 + 1,320,000) / 6 = 1,146,666.7
    // Definition 1, the ladder journals under rules 0–3 settle on: around the reference price.
    const old = computeSettlementIndex(hour, { definition: 1 });
    expect([old.anchorSource, old.params.definition]).toEqual(['REFERENCE_PRICE', 1]);
    expect(old.band).toEqual({ anchorMicros: 1_150_000, lowMicros: 1_035_000, highMicros: 1_265_000 });
    expect(old.indexMicros).toBe(1_137_500); // (3,300,000 + 2,260,000 + 1,265,000) / 6
  });

  it('3. no usable quotes nor trades: the last trade before the period, clamped around the few two-sided samples\' mid', () => {
    const last = (priceMicros: number) =>
      computeSettlementIndex(window({ quoteSamples: twoSidedFor(10), lastTradeBeforePeriod: { atMs: CUTOFF_MS - 5 * 3_600_000, priceMicros } }));
    const inBand = last(1_170_000);
    expect(inBand.method).toBe('LAST_TRADE');
    expect([inBand.indexMicros, inBand.lastTradeClampedMicros]).toEqual([1_170_000, 1_170_000]);
    const stale = last(600_000); // from a day the price was half today's quote
    expect([stale.indexMicros, stale.lastTradeClampedMicros, stale.anchorSource]).toEqual([1_080_000, 1_080_000, 'THIN_MID']);
    // Without any two-sided sample the last trade is the only price there: its own band.
    const alone = computeSettlementIndex(window({ quoteSamples: [], lastTradeBeforePeriod: { atMs: CUTOFF_MS - 5 * 3_600_000, priceMicros: 600_000 } }));
    expect([alone.method, alone.indexMicros, alone.anchorSource]).toEqual(['LAST_TRADE', 600_000, 'LAST_TRADE']);
  });

  it('4. nothing at all: the reference price (as it stood at the period\'s start), within the band of a few two-sided samples if there are any', () => {
    const thin = computeSettlementIndex(window({ quoteSamples: twoSidedFor(5), referencePriceMicros: 2_000_000 }));
    expect([thin.method, thin.indexMicros, thin.anchorSource]).toEqual(['REFERENCE_PRICE', 1_320_000, 'THIN_MID']);
    const r = computeSettlementIndex(window({ quoteSamples: [], referencePriceMicros: 987_654 }));
    expect(r.anchorSource).toBe('REFERENCE_PRICE');
    expect(r.method).toBe('REFERENCE_PRICE');
    expect(r.indexMicros).toBe(987_654);
    expect([r.twapMidMicros, r.tradeVwapMicros, r.lastTradeClampedMicros]).toEqual([null, null, null]);
  });
});

describe('which samples are a price', () => {
  it('a spread of exactly maxSpreadBps (20% of the mid) counts; one µPAT wider does not', () => {
    const atLimit = computeSettlementIndex(window({ quoteSamples: steady(1_080_000, 1_320_000) }));
    expect(atLimit.samples).toMatchObject({ twoSided: 60, wide: 0 });
    const beyond = computeSettlementIndex(window({ quoteSamples: steady(1_080_000, 1_320_001) }));
    expect(beyond.samples).toMatchObject({ twoSided: 0, wide: 60 });
    expect(beyond.method).toBe('REFERENCE_PRICE');
  });

  it('a locked quote (bid = ask) is a price; a crossed one (bid > ask) is not', () => {
    const locked = computeSettlementIndex(window({ quoteSamples: steady(1_200_000, 1_200_000) }));
    expect(locked.samples.twoSided).toBe(60);
    const crossed = computeSettlementIndex(window({ quoteSamples: steady(1_200_001, 1_200_000) }));
    expect(crossed.samples).toMatchObject({ twoSided: 0, crossed: 60 });
  });

  it('a missing bid, a missing ask and no quote at all are one-sided', () => {
    const r = computeSettlementIndex(window({ quoteSamples: samples((m) => (m <= 20 ? [0, 1_220_000] : m <= 40 ? [1_180_000, 0] : [0, 0])) }));
    expect(r.samples).toMatchObject({ twoSided: 0, oneSided: 60, wide: 0, crossed: 0 });
  });
});

describe('rounding: exact integers, each step to the nearest µPAT, halves up', () => {
  it('a half-µPAT mid rounds up; below a half rounds down', () => {
    expect(computeSettlementIndex(window({ quoteSamples: steady(1_180_000, 1_220_001) })).twapMidMicros).toBe(1_200_001);
    const mixed = samples((m) => (m <= 59 ? [1_180_000, 1_220_000] : [1_180_000, 1_220_001])); // mean mid 1,200,000.0083
    expect(computeSettlementIndex(window({ quoteSamples: mixed })).twapMidMicros).toBe(1_200_000);
  });

  it('the VWAP and the blend round once each, from the published rounded values', () => {
    // VWAP (1,200,001 × 1 + 1,200,000 × 1) / 2 = 1,200,000.5 -> 1,200,001; blend (1,200,000 × 98 + 1,200,001 × 2) / 100 = 1,200,000.02 -> 1,200,000
    const r = computeSettlementIndex(window({ trades: [trade(minute(1), 1_200_001, 1), trade(minute(2), 1_200_000, 1)] }));
    expect(r.tradeVwapMicros).toBe(1_200_001);
    expect(r.indexMicros).toBe(1_200_000);
    // (1,200,000 × 50 + 1,200,001 × 50) / 100 = 1,200,000.5 -> 1,200,001
    const half = computeSettlementIndex(window({ trades: [trade(minute(1), 1_200_001, 50)] }));
    expect(half.indexMicros).toBe(1_200_001);
  });
});
