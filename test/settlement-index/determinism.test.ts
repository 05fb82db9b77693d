/** Same inputs, same integer output: no clock, no floats, no dependence on input objects' identity. */
import { describe, expect, it } from 'vitest';
import { computeSettlementIndex, sampleInstantsMs, type SettlementIndexInputs } from '../../src/settlement-index/index.js';
import { CUTOFF_MS, FIRST_SAMPLE_MS, MINUTE_MS, minute, samples, steady, trade, window } from './support.js';

const busyHour: SettlementIndexInputs = window({
  quoteSamples: samples((m) => (m % 7 === 0 ? [0, 1_230_000] : [1_180_000 + m * 100, 1_220_000 + m * 137])),
  trades: [trade(minute(3), 1_190_000, 4), trade(minute(3), 1_250_000, 9), trade(minute(3), 1_205_000, 1), trade(minute(44), 1_600_000, 13)],
  lastTradeBeforePeriod: { atMs: minute(-5), priceMicros: 1_111_000 },
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('determinism', () => {
  it('the same inputs give the same output, field for field, and an integer index', () => {
    const first = computeSettlementIndex(busyHour);
    const second = computeSettlementIndex(structuredClone(busyHour));
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(Number.isSafeInteger(first.indexMicros)).toBe(true);
    // Checked with exact fractions outside this code: mid 1,203,596 over 52 samples, the 1.6 PAT
    // print clamped to 1,323,956, VWAP 1,275,053 over 27 rights, blend (73 : 27) 1,222,888.99.
    expect([first.twapMidMicros, first.tradeVwapMicros, first.indexMicros]).toEqual([1_203_596, 1_275_053, 1_222_889]);
  });

  it('reads its inputs without changing them (deeply frozen inputs work)', () => {
    const frozen = deepFreeze(structuredClone(busyHour));
    expect(computeSettlementIndex(frozen)).toEqual(computeSettlementIndex(busyHour));
  });

  it('trades of one instant may come in any order', () => {
    const t = busyHour.trades; // three at minute 3, one at minute 44
    const reordered = computeSettlementIndex({ ...busyHour, trades: [t[2]!, t[0]!, t[1]!, t[3]!] });
    expect(reordered).toEqual(computeSettlementIndex(busyHour));
  });

  it('is exact where floating point is not: prices at the top of the safe range', () => {
    const top = Number.MAX_SAFE_INTEGER;
    // bid + ask = 2^54 − 3 is not a double; a float mean would give top − 1, the exact one top − 0.5 -> top.
    expect((top - 1 + top) / 2).toBe(top - 1);
    const r = computeSettlementIndex(window({ quoteSamples: steady(top - 1, top), referencePriceMicros: top }));
    expect(r.twapMidMicros).toBe(top);
    expect(r.band.highMicros).toBe(top); // capped at the largest safe integer
    const withTrades = computeSettlementIndex(
      window({ quoteSamples: steady(top - 1, top), trades: [trade(minute(5), top - 2, 3), trade(minute(6), top, 1)], referencePriceMicros: top }),
    );
    expect(withTrades.tradeVwapMicros).toBe(top - 1); // (3 × (top − 2) + top) / 4 = top − 1.5, halves up
  });

  it('the sample instants are the cutoff and each minute before it, oldest first', () => {
    const instants = sampleInstantsMs(CUTOFF_MS);
    expect(instants).toHaveLength(60);
    expect(instants[0]).toBe(FIRST_SAMPLE_MS);
    expect(instants[59]).toBe(CUTOFF_MS);
    expect(instants.every((t, i) => i === 0 || t - instants[i - 1]! === MINUTE_MS)).toBe(true);
    expect(sampleInstantsMs(CUTOFF_MS, { periodMs: 1_800_000, sampleEveryMs: 300_000 })).toEqual([5, 4, 3, 2, 1, 0].map((k) => CUTOFF_MS - k * 300_000));
  });
});
