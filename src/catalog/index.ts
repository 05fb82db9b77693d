/** The catalog: listings, samples, quality, trust, and their HTTP routes. */
export { Catalog, DEFAULT_CATALOG_QUOTAS, DEFAULT_MAX_SAMPLE_BYTES, IN_THREAD_SAMPLE_WORK, type CatalogDeps, type CatalogQuotas, type ListingFilters, type ListingSummary, type RatingFilter, type SampleWork } from './catalog.js';
export { accuracyOfVersion, isPreparedListing, prepareListingVersion, prepareReference, previewOf, type AccuracyTask, type ListingTask, type PreparedListing, type PreviewTask, type ReferenceTask } from './prepare.js';
export { CatalogStore, type CatalogAuditEntry, type CatalogWrite, type CatalogReplication } from './store.js';
export { catalogRoutes, catalogOperatorRoute, UPLOAD_BODY_BYTES, type ListingDeliveryRefusal, type DeliveryRefusalOf } from './routes.js';
export { trustScore, type TrustScore } from './trust.js';
export { rightsReceived, type ConsumerGrants, type GrantOfListing } from './rating-eligibility.js';
export { CATALOG_OPERATIONS, CATALOG_OPERATOR_OPERATIONS, listingSearchQuery } from './operations.js';
export * from './listing.js';
export { PurchaseLedger, startPurchaseLedger, PURCHASE_PROGRESS_SAVE_MS, type LiveVersionsAt } from './purchases.js';
export { PURCHASES_LAYOUT } from './purchase-writer-messages.js';
export type { Purchase, PurchasedVersion } from './purchase.js';
export { LISTING_KINDS, SIGNAL_COLUMNS, MAX_SIGNALS_PER_REQUEST, lineageKey, modelFeedSchema, signalsBody, outcomesBody, type ListingKind, type ModelFeedDisclosures, type ModelFeedLineage, type SignalRecord, type DailyAggregate } from './model-feed.js';
export { ModelFeeds, DAILY_SIGNAL_CAP, KEEP_SIGNALS, KEEP_DAYS, FEED_SWEEP_INTERVAL_MS, OUTCOME_TOLERANCE_BPS, type PerformanceReport } from './model-feeds.js';
export { performanceOf, driftOf, DRIFT_THRESHOLDS, PERFORMANCE_PRIOR, type PerformanceFigures } from './performance.js';
export { seriesOutcomeBps, markAtOrBefore, segmentRightPrice, costPerSignalBps, type TradeReader, type RightPrice } from './feed-prices.js';
export { USAGE_UNITS, MAX_UNITS_PER_RIGHT, termsSchema, usageTermsSchema, storedTerms, termsOf, usageOf, termsText, usageUnitCode, usageUnitOfCode, type ListingTerms, type UsageTerms, type UsageUnit, type TermsInput } from './terms.js';
export { tierInputSchema, bundleInputSchema, tierTermsOf, type TierInput, type BundleInput, type BundleLegInput } from './tiers.js';
