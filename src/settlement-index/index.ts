/**
 * The settlement index (issue 22): the price a cash-settled contract on one contract
 * window settles at, computed from the broker's sampled quotes and the trades of the hour
 * before the cutoff. Pure and integer-deterministic; the definition is in
 * docs/settlement-index.md.
 */
export {
  BAND_ANCHOR_SOURCES,
  computeSettlementIndex,
  SETTLEMENT_INDEX_METHODS,
  type BandAnchorSource,
  type SettlementIndex,
  type SettlementIndexMethod,
} from './compute.js';
export { sampleInstantsMs, type IndexTrade, type QuoteSample, type SettlementIndexInputs } from './inputs.js';
export {
  DEFAULT_SETTLEMENT_INDEX_PARAMS,
  MARKET_BAND_DEFINITION,
  MAX_SAMPLES_PER_PERIOD,
  REFERENCE_BAND_DEFINITION,
  THIN_MID_DEFINITION,
  resolveSettlementIndexParams,
  type SettlementIndexParams,
} from './params.js';
export { SettlementIndexError, type SettlementIndexErrorCode } from './errors.js';
export type { PriceBand } from './trades.js';
export { classifySample, type SampleClass, type SampleCounts } from './quote-samples.js';
