/** Builders for settlement-index tests: a cutoff, its sample grid, quotes and trades. */
import type { IndexTrade, QuoteSample, SettlementIndexInputs } from '../../src/settlement-index/index.js';

export const MINUTE_MS = 60_000;
/** 2026-12-07 00:00 UTC, a weekly window's cutoff. */
export const CUTOFF_MS = Date.UTC(2026, 11, 7);
/** The default period's first sample instant: minute 1 of 60. */
export const FIRST_SAMPLE_MS = CUTOFF_MS - 59 * MINUTE_MS;

/** The sample instant of minute `m` (1 … 60) of the default period; minute 60 is the cutoff. */
export function minute(m: number): number {
  return CUTOFF_MS - (60 - m) * MINUTE_MS;
}

/** One sample per minute of the default period, each from `quoteAt(minute)`. */
export function samples(quoteAt: (m: number) => readonly [bidMicros: number, askMicros: number]): QuoteSample[] {
  const out: QuoteSample[] = [];
  for (let m = 1; m <= 60; m++) {
    const [bidMicros, askMicros] = quoteAt(m);
    out.push({ atMs: minute(m), bidMicros, askMicros });
  }
  return out;
}

/** The same quote all hour. */
export function steady(bidMicros: number, askMicros: number): QuoteSample[] {
  return samples(() => [bidMicros, askMicros]);
}

export function trade(atMs: number, priceMicros: number, qty: number): IndexTrade {
  return { atMs, priceMicros, qty };
}

/** A steady 1.18/1.22 PAT quote (mid 1.2 PAT), no trades, reference 1.2 PAT: override what a test is about. */
export function window(overrides: Partial<SettlementIndexInputs> = {}): SettlementIndexInputs {
  return {
    cutoffAtMs: CUTOFF_MS,
    quoteSamples: steady(1_180_000, 1_220_000),
    trades: [],
    referencePriceMicros: 1_200_000,
    ...overrides,
  };
}

