/**
 * The settlement index's parameters, their defaults and their bounds. The reasons for
 * each default are in docs/settlement-index.md; the bounds keep every step an integer
 * computation with a meaning (a band cannot reach below zero, a period holds a whole
 * number of samples, and at most a week of minutes).
 */
import { SettlementIndexError } from './errors.js';

export interface SettlementIndexParams {
  /** Length of the averaging period that ends at the cutoff. */
  readonly periodMs: number;
  /** Time between two quote samples; the period holds periodMs / sampleEveryMs of them. */
  readonly sampleEveryMs: number;
  /** A sample whose spread, (ask − bid) / mid, is wider than this is not a price. */
  readonly maxSpreadBps: number;
  /** Share of the period's sample instants that must be two-sided for the mid to be used. */
  readonly minTwoSidedShareBps: number;
  /** Each trade price is clamped into anchor × (1 ± tradeBandBps / 10⁴) before the VWAP. */
  readonly tradeBandBps: number;
  /** Trade quantity at which trades take all the weight from the mid (linear below it). */
  readonly fullWeightQty: number;
  /**
   * Which ladder: 3 (the default) bands the fallback rungs around prices the market made and
   * uses the reference price as it stood at the period's start, only when nothing else is
   * there, and lets a thin mid anchor the band over the period's trades only from a fifth of
   * `minTwoSided` samples on; 2 is the same with a thin mid of any count (engine rules 4–15);
   * 1 is the ladder before issue 54 (band around the reference price at the cutoff), which
   * journals written under engine rules 0–3 replay on.
   */
  readonly definition: number;
}

/** The ladder before issue 54: the fallback rungs banded around the reference price at the cutoff. */
export const REFERENCE_BAND_DEFINITION = 1;
/** The ladder of issue 54 (engine rules 4–15): the band around the first price the market made, a thin mid of any count first. */
export const MARKET_BAND_DEFINITION = 2;
/** The ladder from engine rules 16: a thin mid anchors the band over trades only from a floor of samples. */
export const THIN_MID_DEFINITION = 3;
/** Definition 3's floor: a thin mid anchors the band over trades only from minTwoSided / THIN_MID_FLOOR_DIVISOR samples (6 of 60). */
export const THIN_MID_FLOOR_DIVISOR = 5;

export const DEFAULT_SETTLEMENT_INDEX_PARAMS: SettlementIndexParams = Object.freeze({
  periodMs: 3_600_000,
  sampleEveryMs: 60_000,
  maxSpreadBps: 2_000,
  minTwoSidedShareBps: 5_000,
  tradeBandBps: 1_000,
  fullWeightQty: 100,
  definition: THIN_MID_DEFINITION,
});

/** A week of one-minute samples: the most samples one period may hold. */
export const MAX_SAMPLES_PER_PERIOD = 10_080;

const BOUNDS: Readonly<Record<keyof SettlementIndexParams, readonly [min: number, max: number]>> = {
  periodMs: [1, Number.MAX_SAFE_INTEGER],
  sampleEveryMs: [1, Number.MAX_SAFE_INTEGER],
  // A spread can reach 20,000 bps of the mid (bid near 0); 0 accepts only locked quotes.
  maxSpreadBps: [0, 20_000],
  minTwoSidedShareBps: [1, 10_000],
  // Above 10,000 bps the band's lower edge would be negative.
  tradeBandBps: [0, 10_000],
  fullWeightQty: [1, Number.MAX_SAFE_INTEGER],
  definition: [REFERENCE_BAND_DEFINITION, THIN_MID_DEFINITION],
};

/** The defaults overlaid with `overrides`, checked; throws INVALID_PARAM. */
export function resolveSettlementIndexParams(overrides: Partial<SettlementIndexParams> = {}): SettlementIndexParams {
  for (const name of Object.keys(overrides)) {
    // A misspelt name would otherwise leave its default in force without a word.
    if (!(name in BOUNDS)) throw new SettlementIndexError('INVALID_PARAM', `unknown parameter ${name}`, { param: name });
  }
  const params: SettlementIndexParams = { ...DEFAULT_SETTLEMENT_INDEX_PARAMS, ...overrides };
  for (const name of Object.keys(BOUNDS) as (keyof SettlementIndexParams)[]) {
    const value = params[name];
    const [min, max] = BOUNDS[name];
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new SettlementIndexError('INVALID_PARAM', `${name} must be an integer in ${min}..${max}`, { param: name, value });
    }
  }
  if (params.periodMs % params.sampleEveryMs !== 0) {
    throw new SettlementIndexError('INVALID_PARAM', 'periodMs must be a whole number of sampleEveryMs', {
      param: 'periodMs',
      value: params.periodMs,
      sampleEveryMs: params.sampleEveryMs,
    });
  }
  const samples = params.periodMs / params.sampleEveryMs;
  if (samples > MAX_SAMPLES_PER_PERIOD) {
    throw new SettlementIndexError('INVALID_PARAM', `a period may hold at most ${MAX_SAMPLES_PER_PERIOD} samples`, {
      param: 'sampleEveryMs',
      value: params.sampleEveryMs,
      samples,
    });
  }
  return Object.freeze(params);
}

/** How many sample instants the period holds. */
export function samplesPerPeriod(params: SettlementIndexParams): number {
  return params.periodMs / params.sampleEveryMs;
}
