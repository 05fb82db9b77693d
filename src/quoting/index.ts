/** Pricing, spread and skew models, and the quoting service: the folder's public surface. */
export * from './params.js';
export { D } from './decimal.js';
export {
  baseValue,
  elapsedShare,
  freshnessMultiplier,
  demandPressure,
  scarcityFactor,
  referencePrice,
  roundToTick,
  type PricingInputs,
  type ReferencePrice,
  type SeriesTerms,
} from './pricing.js';
export { avellanedaStoikov, gueantLehalleFernandezTapia, skewed, skewTerms, avellanedaStoikovTerms, gueantLehalleFernandezTapiaTerms, widening, wideningFractions, type SkewInputs, type Skewed, type SkewTerms, type Widening } from './spread.js';
export { EwmaRate, EwmaVolatility } from './estimators.js';
export { computeQuote, bestPrices, ladder, effectiveSigma, type BrokerState, type MarketState, type Quote, type QuoteTerms } from './quote.js';
export { startQuoting, type QuotingService, type QuotingDeps, type QuotingStats, type SeriesQuoting, type QuotingLogger, type SeriesView } from './service.js';
export { startQuotingService, BROKER_FLOAT_REF, type QuotingConfig } from './boot.js';
