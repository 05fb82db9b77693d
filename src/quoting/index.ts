/** Pricing, spread and skew models, Black-76, the estimates, and the quoting service: the folder's public surface. */
export * from './params.js';
export { D } from './decimal.js';
export {
  segmentPrior,
  windowFactor,
  bandFactor,
  contractFactor,
  flowFactor,
  seatFactor,
  elapsedShare,
  freshnessMultiplier,
  freshnessValue,
  referencePrice,
  expectedIndexPrice,
  roundFloatToTick,
  type PricingInputs,
  type ReferencePrice,
  type SeriesTerms,
} from './pricing.js';
export { avellanedaStoikov, gueantLehalleFernandezTapia, skewed, skewTerms, avellanedaStoikovTerms, gueantLehalleFernandezTapiaTerms, wideningFractions, type SkewInputs, type Skewed, type SkewTerms, type Widening } from './spread.js';
export * from './estimators.js';
export { listedStrikes, windowStrikes, type StrikeTerms } from './strike-schedule.js';
export { QuoterEstimates, type EstimatesData, type SeriesEstimates, type SyntheticEstimates, type OptionEstimates, type Turn } from './estimates.js';
export { computeOptionQuote, optionSigmaAnnual, optionWriteMarginPerUnitMicros, withinOptionBudget, HOURS_PER_YEAR, type OptionMarket, type OptionBroker, type OptionQuote, type OptionQuoteDetail, type OptionMarginRates } from './options.js';
export {
  black76Price,
  black76Greeks,
  impliedVol,
  normCdf,
  normPdf,
  strikeGrid,
  strikesWithinCap,
  strikeStepMicros,
  Black76Error,
  Black76ErrorReason,
  OptionRight,
  YEAR_MS,
  DEFAULT_STRIKE_GRID,
  MAX_STRIKES_EACH_SIDE,
  MAX_STRIKES_PER_EXPIRY,
  type Black76Inputs,
  type Black76Greeks,
  type ImpliedVolOptions,
  type StrikeGridParams,
} from '../option-pricing/black76.js';
export { computeQuote, bestPrices, ladder, withinMargin, marginPerUnitMicros, QuoteReason, type BrokerState, type QuoteMarket, type Quote, type QuoteTerms } from './quote.js';
export { startQuoting, type QuotingService, type QuotingDeps, type QuotingStats, type SeriesQuoting, type QuotingLogger, type SeriesView, type SyntheticView, type OptionView, type BrokerPnl } from './service.js';
export { QuoterStore, QuoterEstimatesModel, catchUpFromJournal } from './state-store.js';
export { startQuotingService, BROKER_FLOAT_REF, type QuotingConfig } from './boot.js';
export { optionPricing, optionRoutes, type OptionPricing } from './option-routes.js';
export { syntheticPricing, syntheticRoutes, type SyntheticPricing } from './synthetic-routes.js';
export { brokerIndexRisk, type IndexRisk } from './index-risk.js';
export { forecastSettlementIndex, fitSidedness, IndexForecastError, type IndexForecast, type IndexForecastInputs, type SidednessChain } from './index-forecast.js';
