/** The worked example of docs/settlement-index.md, number for number. */
import { describe, expect, it } from 'vitest';
import { computeSettlementIndex, DEFAULT_SETTLEMENT_INDEX_PARAMS } from '../../src/settlement-index/index.js';
import { CUTOFF_MS, MINUTE_MS, samples, trade } from './support.js';

const PERIOD_START_MS = CUTOFF_MS - 60 * MINUTE_MS; // 23:00:00, exclusive
const at = (hhmmss: string): number => {
  const [h, m, s] = hhmmss.split(':').map(Number) as [number, number, number];
  return PERIOD_START_MS + ((h - 23) * 3600 + m * 60 + s) * 1000;
};

/** Minutes 1–40 at 1.180/1.220, 41–45 ask pulled, 46–50 wide at 0.900/1.500, 51–60 at 1.190/1.250. */
const exampleSamples = samples((m) => {
  if (m <= 40) return [1_180_000, 1_220_000];
  if (m <= 45) return [1_180_000, 0];
  if (m <= 50) return [900_000, 1_500_000];
  return [1_190_000, 1_250_000];
});

const exampleTrades = [
  trade(at('23:12:30'), 1_220_000, 12), // a consumer buys at the ask
  trade(at('23:46:00'), 2_000_000, 7), // a bid left at 2.000 while the ask was pulled, filled when it came back
  trade(at('23:55:20'), 1_190_000, 8), // a provider sells into the bid
];

describe('the worked example of docs/settlement-index.md', () => {
  it('gives 1,213,228 µPAT by the mid/trade blend, with every intermediate as the doc shows', () => {
    const result = computeSettlementIndex({
      cutoffAtMs: CUTOFF_MS,
      quoteSamples: exampleSamples,
      trades: exampleTrades,
      lastTradeBeforePeriod: { atMs: at('22:58:00'), priceMicros: 1_150_000 }, // not used: the mid is usable
      referencePriceMicros: 1_210_000,
    });
    expect(result).toEqual({
      indexMicros: 1_213_228,
      method: 'MID_TRADE_BLEND',
      cutoffAtMs: CUTOFF_MS,
      periodStartMs: PERIOD_START_MS,
      params: DEFAULT_SETTLEMENT_INDEX_PARAMS,
      samples: { instants: 60, given: 60, minTwoSided: 30, minThinTwoSided: 6, twoSided: 50, oneSided: 5, wide: 5, crossed: 0 },
      // (40 × 2,400,000 + 10 × 2,440,000) / (2 × 50) = 120,400,000 / 100
      twapMidMicros: 1_204_000,
      band: { anchorMicros: 1_204_000, lowMicros: 1_083_600, highMicros: 1_324_400 },
      anchorSource: 'MID',
      // 8 at 1,190,000 then 12 at 1,220,000 reach half of 27
      tradeMedianMicros: 1_220_000,
      // (12 × 1,220,000 + 7 × 1,324,400 + 8 × 1,190,000) / 27 = 33,430,800 / 27 = 1,238,177.78
      tradeVwapMicros: 1_238_178,
      tradeCount: 3,
      tradeQty: 27,
      clampedTrades: 1,
      // (1,204,000 × 73 + 1,238,178 × 27) / 100 = 121,322,806 / 100 = 1,213,228.06
      tradeWeightQty: 27,
      midWeightQty: 73,
      lastTradeClampedMicros: null,
      referencePriceMicros: 1_210_000,
    });
  });

  it('without the band the 2.000 print would have lifted the index to 1,260,520 µPAT (the doc compares)', () => {
    const result = computeSettlementIndex(
      { cutoffAtMs: CUTOFF_MS, quoteSamples: exampleSamples, trades: exampleTrades, referencePriceMicros: 1_210_000 },
      { tradeBandBps: 10_000 }, // the widest band: nothing in the example reaches its edges
    );
    expect(result.clampedTrades).toBe(0);
    expect(result.tradeVwapMicros).toBe(1_413_333); // 38,160,000 / 27
    expect(result.indexMicros).toBe(1_260_520); // (1,204,000 × 73 + 1,413,333 × 27) / 100 = 1,260,519.91
  });
});
