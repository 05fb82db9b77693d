/**
 * The broker's risk per settlement index (src/quoting/index-risk.ts), by hand: docs/options.md's
 * at-the-money call (F = K = 1 PAT, σ = 80%, T = 0.1) written 10 times against 10 synthetics
 * held on the same window, and a put on another window.
 */
import { describe, expect, it } from 'vitest';
import { brokerIndexRisk, OptionRight, type OptionView, type SyntheticView } from '../../src/quoting/index.js';

function option(o: Partial<OptionView> & Pick<OptionView, 'seriesId' | 'spotSeriesId' | 'position'>): OptionView {
  return {
    contract: 'AUTO_INTENT|7D|0.70-0.85', right: OptionRight.CALL, strikeMicros: 1_000_000, closeAtMs: 0, pricedAtMs: 0, forwardMicros: 1_000_000, forwardExactMicros: 1_000_000, markMicros: 0,
    sigmaAnnual: 0.8, sigmaMarketAnnual: 0.8, sigmaRealizedAnnual: 0.8, sigmaSpotBpsPerSqrtHour: 85, sigmaPriorAnnual: 1.4, sigmaPriorShare: 0.25, timeYears: 0.1,
    valueMicros: 100_656.8, referenceMicros: 101_000, delta: 0.5503, gamma: 1.564e-6, vega: 125_151.4, theta: -500_605.6,
    bidMicros: 0, askMicros: 0, halfSpreadMicros: 0, skewMicros: 0, deltaEquivalent: 0, indexDelta: 0, premiumMicros: 0, pnlAtModelMicros: 0,
    quoteHeldMicros: 0, lockedMicros: 0, refusals: 0, retryAtMs: 0, reasons: [], ...o,
  };
}

function synthetic(s: Pick<SyntheticView, 'seriesId' | 'spotSeriesId' | 'position' | 'unrealizedPnlMicros'>): SyntheticView {
  return {
    contract: 'AUTO_INTENT|7D|0.70-0.85', expectedIndexMicros: 1_000_000, markMicros: 0, bidMicros: 0, askMicros: 0, halfSpreadBps: 0,
    sigmaBpsPerSqrtHour: 85, costMicros: 0, quoteMarginMicros: 0, lockedMicros: 0, refusals: 0, retryAtMs: 0, reasons: [], ...s,
  };
}

describe('brokerIndexRisk', () => {
  it('sums deltas, Greeks and values per index: 10 calls written against 10 synthetics held', () => {
    const risk = brokerIndexRisk(
      [synthetic({ seriesId: 2, spotSeriesId: 1, position: 10, unrealizedPnlMicros: 5_000 }), synthetic({ seriesId: 9, spotSeriesId: 8, position: 0, unrealizedPnlMicros: 0 })],
      [
        option({ seriesId: 3, spotSeriesId: 1, position: -10 }),
        option({ seriesId: 4, spotSeriesId: 1, position: 0, right: OptionRight.PUT, delta: -0.4497 }),
        option({ seriesId: 10, spotSeriesId: 8, position: 3, right: OptionRight.PUT, delta: -0.25, forwardMicros: 2_000_000, valueMicros: 50_000 }),
      ],
    );
    expect(risk.map((r) => r.spotSeriesId)).toEqual([1, 8]);
    const [one, eight] = risk as [(typeof risk)[0], (typeof risk)[0]];
    // 10 − 10 × 0.5503 = 4.497 index units long; a 1% rise (10,000 µPAT) makes 44,970 µPAT.
    expect(one.deltaUnits).toBeCloseTo(4.497, 12);
    expect(one.deltaMicrosPerPct).toBeCloseTo(44_970, 6);
    expect(one.gamma).toBeCloseTo(-1.564e-5, 15);
    expect(one.vega).toBeCloseTo(-1_251_514, 6);
    expect(one.theta).toBeCloseTo(5_006_056, 6);
    expect(one.optionValueMicros).toBeCloseTo(-1_006_568, 6);
    expect(one).toMatchObject({ contract: 'AUTO_INTENT|7D|0.70-0.85', forwardMicros: 1_000_000, syntheticPnlMicros: 5_000, syntheticSeries: 1, optionSeries: 1 });
    // A window with only a flat synthetic and 3 puts held.
    expect(eight).toMatchObject({ forwardMicros: 2_000_000, deltaUnits: -0.75, deltaMicrosPerPct: -15_000, optionValueMicros: 150_000, syntheticSeries: 0, optionSeries: 1 });
  });

  it('is empty without products', () => {
    expect(brokerIndexRisk([], [])).toEqual([]);
  });
});
