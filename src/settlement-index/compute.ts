/**
 * computeSettlementIndex: the price a cash-settled contract on one contract window settles
 * at, with every intermediate, so anyone can recompute it from the published inputs.
 * The definition, defaults and a worked example are in docs/settlement-index.md.
 */
import { SettlementIndexError } from './errors.js';
import { checkInputs, periodStartMs, type SettlementIndexInputs } from './inputs.js';
import { MARKET_BAND_DEFINITION, REFERENCE_BAND_DEFINITION, resolveSettlementIndexParams, samplesPerPeriod, THIN_MID_FLOOR_DIVISOR, type SettlementIndexParams } from './params.js';
import { timeWeightedMid, type SampleCounts } from './quote-samples.js';
import { BPS, divRoundHalfUp } from './rounding.js';
import { clampedVwap, clampIntoBand, priceBand, volumeWeightedMedian, type PriceBand } from './trades.js';

/** The rung of the fallback ladder the index came from, best first. */
export const SETTLEMENT_INDEX_METHODS = ['MID_TRADE_BLEND', 'TRADE_VWAP', 'LAST_TRADE', 'REFERENCE_PRICE'] as const;
export type SettlementIndexMethod = (typeof SETTLEMENT_INDEX_METHODS)[number];

/**
 * What the band is centred on, first that exists (definitions 2 and 3): the usable mid; the mid
 * of the two-sided samples there are, below the minimum count (`THIN_MID`; under definition 3,
 * ahead of the trades only from `minThinTwoSided` samples on); the trades' own volume-weighted
 * median; the last trade before the period; the reference price as it stood at the period's
 * start. Definition 1: the usable mid, else the reference price.
 */
export const BAND_ANCHOR_SOURCES = ['MID', 'THIN_MID', 'TRADE_MEDIAN', 'LAST_TRADE', 'REFERENCE_PRICE'] as const;
export type BandAnchorSource = (typeof BAND_ANCHOR_SOURCES)[number];

export interface SettlementIndex {
  /** The settlement price, integer µPAT; always within `band`. */
  readonly indexMicros: number;
  readonly method: SettlementIndexMethod;
  readonly cutoffAtMs: number;
  /** Exclusive: the period is (periodStartMs, cutoffAtMs]. */
  readonly periodStartMs: number;
  /** The parameters in force, defaults filled in. */
  readonly params: SettlementIndexParams;
  readonly samples: SampleCounts & {
    /** Sample instants in the period (periodMs / sampleEveryMs). */
    readonly instants: number;
    /** Samples handed in; the instants without one count as no quote. */
    readonly given: number;
    /** Two-sided samples the mid needs: ⌈instants × minTwoSidedShareBps / 10⁴⌉. */
    readonly minTwoSided: number;
    /**
     * Definition 3 only: two-sided samples a thin mid needs to anchor the band in a period with
     * trades, ⌈minTwoSided / 5⌉ (6 of 60: six minutes of the hour). Fewer, the trades' median anchors it.
     */
    readonly minThinTwoSided?: number;
  };
  /** Mean mid of the two-sided samples (null without any); used only when there are minTwoSided of them. */
  readonly twapMidMicros: number | null;
  /** The band trade prices (and the last trade, and the reference price) are clamped into, around `anchorSource`'s price. */
  readonly band: PriceBand;
  readonly anchorSource: BandAnchorSource;
  /** The volume-weighted median of the period's trade prices, unclamped; null without trades. */
  readonly tradeMedianMicros: number | null;
  /** Volume-weighted average of the clamped trade prices in the period; null without trades. */
  readonly tradeVwapMicros: number | null;
  readonly tradeCount: number;
  readonly tradeQty: number;
  /** Trades whose price the band moved. */
  readonly clampedTrades: number;
  /** MID_TRADE_BLEND only: index = round((mid × midWeightQty + vwap × tradeWeightQty) / fullWeightQty). */
  readonly tradeWeightQty: number | null;
  readonly midWeightQty: number | null;
  /** LAST_TRADE only: the last trade before the period, clamped into the band. */
  readonly lastTradeClampedMicros: number | null;
  /** The reference price handed in (definition 2: as it stood at the period's start); REFERENCE_PRICE settles at it clamped into the band. */
  readonly referencePriceMicros: number;
}

/**
 * The ladder: enough two-sided samples → the mid blended with the trades by volume;
 * else trades in the period → their VWAP; else the last trade before the period; else
 * the reference price; every rung within the band around the anchor (`BandAnchorSource`).
 * Throws SettlementIndexError on a malformed input or parameter.
 */
export function computeSettlementIndex(inputs: SettlementIndexInputs, overrides: Partial<SettlementIndexParams> = {}): SettlementIndex {
  const params = resolveSettlementIndexParams(overrides);
  checkInputs(inputs, params);

  const instants = samplesPerPeriod(params);
  const minTwoSided = ceilDiv(instants * params.minTwoSidedShareBps, Number(BPS));
  const mid = timeWeightedMid(inputs.quoteSamples, params.maxSpreadBps);
  // The mid is a price only over enough of the period; below that it is not used at all.
  const usableMidMicros = mid.twoSided >= minTwoSided ? mid.twapMidMicros : null;
  const tradeMedianMicros = volumeWeightedMedian(inputs.trades);
  const minThinTwoSided = params.definition > MARKET_BAND_DEFINITION ? ceilDiv(minTwoSided, THIN_MID_FLOOR_DIVISOR) : undefined;
  // Definition 3: one sampled minute is no price against an hour's trades (a 5-minute window settled 24% above its trades' median so).
  const thinMidMicros = minThinTwoSided !== undefined && mid.twoSided < minThinTwoSided && tradeMedianMicros !== null ? null : mid.twapMidMicros;
  const anchor = bandAnchor(params, usableMidMicros, thinMidMicros, tradeMedianMicros, inputs);
  const band = priceBand(anchor.micros, params.tradeBandBps);
  const vwap = clampedVwap(inputs.trades, band);

  let method: SettlementIndexMethod;
  let indexMicros: number;
  let tradeWeightQty: number | null = null;
  let midWeightQty: number | null = null;
  let lastTradeClampedMicros: number | null = null;
  if (usableMidMicros !== null) {
    method = 'MID_TRADE_BLEND';
    // Trades earn weight linearly with their volume up to fullWeightQty; a thin period leans on the mid.
    tradeWeightQty = Math.min(vwap.qty, params.fullWeightQty);
    midWeightQty = params.fullWeightQty - tradeWeightQty;
    const weighted = BigInt(usableMidMicros) * BigInt(midWeightQty) + BigInt(vwap.vwapMicros ?? 0) * BigInt(tradeWeightQty);
    indexMicros = Number(divRoundHalfUp(weighted, BigInt(params.fullWeightQty)));
  } else if (vwap.vwapMicros !== null) {
    method = 'TRADE_VWAP';
    indexMicros = vwap.vwapMicros;
  } else if (inputs.lastTradeBeforePeriod !== undefined) {
    method = 'LAST_TRADE';
    lastTradeClampedMicros = clampIntoBand(inputs.lastTradeBeforePeriod.priceMicros, band);
    indexMicros = lastTradeClampedMicros;
  } else {
    method = 'REFERENCE_PRICE';
    // Definition 2: within a band around the few two-sided samples there were, if any (else the band is the reference's own).
    indexMicros = clampIntoBand(inputs.referencePriceMicros, band);
  }

  // Every rung averages prices that lie in the band, so the index does too.
  if (!Number.isSafeInteger(indexMicros) || indexMicros < 1 || indexMicros < band.lowMicros || indexMicros > band.highMicros) {
    throw new SettlementIndexError('INVARIANT_BROKEN', 'the index left its band', { indexMicros, method, band });
  }

  return {
    indexMicros,
    method,
    cutoffAtMs: inputs.cutoffAtMs,
    periodStartMs: periodStartMs(inputs.cutoffAtMs, params),
    params,
    samples: {
      instants,
      given: inputs.quoteSamples.length,
      minTwoSided,
      ...(minThinTwoSided === undefined ? {} : { minThinTwoSided }),
      twoSided: mid.twoSided,
      oneSided: mid.oneSided,
      wide: mid.wide,
      crossed: mid.crossed,
    },
    twapMidMicros: mid.twapMidMicros,
    band,
    anchorSource: anchor.source,
    tradeMedianMicros,
    tradeVwapMicros: vwap.vwapMicros,
    tradeCount: inputs.trades.length,
    tradeQty: vwap.qty,
    clampedTrades: vwap.clampedTrades,
    tradeWeightQty,
    midWeightQty,
    lastTradeClampedMicros,
    referencePriceMicros: inputs.referencePriceMicros,
  };
}

/**
 * The band's centre. Definition 2 takes the first price the market made, so that no rung moves
 * with a number the operator sets during the period: the reference price (the quoter's model,
 * which parameters move) only when there is nothing else, and then as it stood at the period's
 * start. Definition 1 (journals under engine rules 0–3): the usable mid, else the reference.
 */
function bandAnchor(
  params: SettlementIndexParams,
  usableMidMicros: number | null,
  thinMidMicros: number | null,
  tradeMedianMicros: number | null,
  inputs: SettlementIndexInputs,
): { micros: number; source: BandAnchorSource } {
  if (usableMidMicros !== null) return { micros: usableMidMicros, source: 'MID' };
  if (params.definition === REFERENCE_BAND_DEFINITION) return { micros: inputs.referencePriceMicros, source: 'REFERENCE_PRICE' };
  if (thinMidMicros !== null) return { micros: thinMidMicros, source: 'THIN_MID' };
  if (tradeMedianMicros !== null) return { micros: tradeMedianMicros, source: 'TRADE_MEDIAN' };
  if (inputs.lastTradeBeforePeriod !== undefined) return { micros: inputs.lastTradeBeforePeriod.priceMicros, source: 'LAST_TRADE' };
  return { micros: inputs.referencePriceMicros, source: 'REFERENCE_PRICE' };
}

function ceilDiv(numerator: number, denominator: number): number {
  return Math.floor((numerator + denominator - 1) / denominator);
}
