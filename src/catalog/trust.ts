/**
 * The trust score of a listing, in [0, 1], and its components (docs/catalog.md, "Trust score"):
 *
 *   trust = 0.40·quality + 0.20·rating + 0.20·reliability + 0.20·disclosure
 *
 * - quality: the mean of the sample's measured metrics (completeness, validity,
 *   uniqueness, consistency, and timeliness and accuracy when they can be measured), times
 *   the share of conformance checks of delivered records that conformed (over a prior of one);
 * - rating: the Bayesian average of visible ratings (not those marked not counting: washing), (C·m + n·w̄)/(C + n) with a prior of
 *   m = 3.5 stars weighing C = 5 ratings, n raters (one rating each) and w̄ their mean stars
 *   weighted by the rights each received from the listing, mapped from 1..5 stars to 0..1;
 * - reliability: the mean of cadence adherence (the share of the cadence periods since the
 *   listing was first published in which the provider refreshed its sample, over a prior of
 *   0.8 weighing 3 periods) and the delivery rate: rights counted delivered (receipted by
 *   the consumer, or reported by the provider and undisputed past the dispute time) over
 *   those plus the rights of grants past their due time that were not, plus the provider's
 *   failures (consumer-signed refusals for its own reasons, unreachable reports), over a
 *   prior of 0.95 weighing 20 rights. A listing with no delivery history has the prior:
 *   below one that delivered, since no deliveries is not perfect delivery;
 * - disclosure: the share of disclosure checks a listing passes.
 *
 * A model feed (docs/catalog.md, "Model feeds") adds performance (src/catalog/performance.ts,
 * the component kept on the listing by the last recompute; the neutral prior before one) and
 * weighs its components otherwise:
 *
 *   trust = 0.25·quality + 0.15·rating + 0.15·reliability + 0.15·disclosure + 0.30·performance
 *
 * Pure: the same listing at the same time gives the same score.
 */
import type { Cadence, Listing, ListingVersion } from './listing.js';
import { PERFORMANCE_PRIOR } from './performance.js';
import { lineageKey } from './model-feed.js';

const WEIGHTS = { quality: 0.4, rating: 0.2, reliability: 0.2, disclosure: 0.2 } as const;
/** A model feed's weights: its outcomes weigh most. */
export const MODEL_FEED_WEIGHTS = { quality: 0.25, rating: 0.15, reliability: 0.15, disclosure: 0.15, performance: 0.3 } as const;
const RATING_PRIOR_STARS = 3.5;
const RATING_PRIOR_COUNT = 5;
const RELIABILITY_PRIOR = 0.8;
const RELIABILITY_PRIOR_PERIODS = 3;
const DELIVERY_PRIOR = 0.95;
const DELIVERY_PRIOR_RIGHTS = 20;

/** What a listing's grants came to (src/grants/ledger.ts, ListingDelivery). */
export interface DeliveryRecord {
  /** Rights counted delivered: receipted, or reported and undisputed past the dispute time. */
  delivered: number;
  /** Rights of grants past their due time that were not counted delivered. */
  undelivered: number;
  /** The provider's failures: consumer-signed refusals for its own reasons (LISTING_NOT_SERVED), unreachable reports. */
  failed: number;
}

export const NO_DELIVERY_RECORD: DeliveryRecord = { delivered: 0, undelivered: 0, failed: 0 };

/** Delivered over delivered, undelivered and failed, over the prior. */
export function deliveryRate(d: DeliveryRecord): number {
  return (d.delivered + DELIVERY_PRIOR * DELIVERY_PRIOR_RIGHTS) / (d.delivered + d.undelivered + d.failed + DELIVERY_PRIOR_RIGHTS);
}

const HOUR_MS = 3_600_000;
export const CADENCE_MS: Readonly<Record<Cadence, number>> = {
  realtime: HOUR_MS,
  hourly: HOUR_MS,
  daily: 24 * HOUR_MS,
  weekly: 7 * 24 * HOUR_MS,
  monthly: 30 * 24 * HOUR_MS,
};

export interface TrustScore {
  trust: number;
  quality: number;
  rating: number;
  /** Visible ratings behind `rating`. */
  ratings: number;
  reliability: number;
  disclosure: number;
  /** A model feed's performance component (absent on a dataset). */
  performance?: number;
}

export function qualityComponent(v: ListingVersion): number {
  const q = v.quality;
  const parts = [q.completeness, q.validity, q.uniqueness, q.consistency];
  if (q.timeliness !== null) parts.push(q.timeliness);
  if (q.accuracy !== null) parts.push(q.accuracy);
  return parts.reduce((a, b) => a + b, 0) / parts.length;
}

/**
 * The raters' mean, each rating weighted by the rights its consumer received from the listing,
 * shrunk toward the prior by the number of raters (not of rights: one large buyer moves the mean
 * among raters, not past the prior's weight). Counts each consumer's latest visible rating once
 * (listings stored before ratings were one per listing may hold one per version).
 */
export function ratingComponent(listing: Listing): { score: number; count: number } {
  const latest = new Map<number, { stars: number; weight?: number }>();
  // A rating marked not counting (washing) is shown and left out here.
  for (const r of listing.ratings) if (r.status === 'visible' && r.notCounted === undefined) latest.set(r.consumerAccountId, r);
  let weights = 0;
  let weighted = 0;
  for (const r of latest.values()) {
    const w = r.weight !== undefined && r.weight > 0 ? r.weight : 1;
    weights += w;
    weighted += w * r.stars;
  }
  const n = latest.size;
  const mean = n === 0 ? RATING_PRIOR_STARS : weighted / weights;
  const stars = (RATING_PRIOR_COUNT * RATING_PRIOR_STARS + n * mean) / (RATING_PRIOR_COUNT + n);
  return { score: (stars - 1) / 4, count: n };
}

/** Periods since first publication in which the sample was refreshed, over the periods that passed. */
export function reliabilityComponent(listing: Listing, nowMs: number): number {
  const { refreshed, periods } = cadenceRecord(listing, nowMs);
  return (refreshed + RELIABILITY_PRIOR * RELIABILITY_PRIOR_PERIODS) / (periods + RELIABILITY_PRIOR_PERIODS);
}

/** The whole cadence periods since the first version, and in how many of them the sample was refreshed (exchange-stamped uploads). */
export function cadenceRecord(listing: Listing, nowMs: number): { refreshed: number; periods: number } {
  const first = listing.versions[0];
  if (first === undefined) return { refreshed: 0, periods: 0 };
  const period = CADENCE_MS[listing.versions[listing.versions.length - 1]!.cadence];
  const start = first.createdAtMs;
  const periods = Math.max(0, Math.floor((nowMs - start) / period));
  const refreshed = new Set<number>();
  for (const t of listing.refreshes) {
    const i = Math.floor((t - start) / period);
    if (i >= 0 && i < periods) refreshed.add(i);
  }
  return { refreshed: refreshed.size, periods };
}

/** The disclosure checks, each passed or not. */
export function disclosureChecks(v: ListingVersion): Record<string, boolean> {
  return {
    descriptionOfSubstance: v.description.trim().length >= 50,
    columnsDescribed: v.schema.columns.every((c) => c.description !== undefined && c.description.trim().length > 0),
    timestampDeclared: v.schema.timestampColumn !== undefined,
    keyDeclared: (v.schema.keyColumns ?? []).length > 0,
    sensitiveCategoriesNamed: !v.provenance.personalData || v.provenance.sensitiveCategories.length > 0 || v.provenance.legalBasis === 'anonymized',
    changeLogKept: v.version === 1 || v.changeLog.trim().length > 0,
    ...(v.modelFeed === undefined
      ? {}
      : {
          // A model feed's own disclosures: a backtest of substance and a curve to compare live against.
          backtestCurveGiven: v.modelFeed.backtest.curve.length >= 2,
          backtestOfSubstance: v.modelFeed.backtest.signals >= 100,
        }),
  };
}

export function disclosureComponent(v: ListingVersion): number {
  const checks = Object.values(disclosureChecks(v));
  return checks.filter((c) => c).length / checks.length;
}

/** The share of conformance checks that conformed, over a prior of one that did: 1 with none, ½ after one divergent check. */
export function conformanceFactor(listing: Listing): number {
  const c = listing.conformance;
  return c === undefined ? 1 : (1 + c.checks - c.divergent) / (1 + c.checks);
}

export function trustScore(listing: Listing, nowMs: number, delivery?: DeliveryRecord): TrustScore {
  const current = listing.versions[listing.versions.length - 1]!;
  // The sample is the provider's promise; delivered records that diverged from it weigh it down (docs/catalog.md, "Conformance").
  const quality = qualityComponent(current) * conformanceFactor(listing);
  const rating = ratingComponent(listing);
  const cadence = reliabilityComponent(listing, nowMs);
  // Always with the delivery rate: without one a listing nobody could get data from would keep its cadence alone, above listings that deliver.
  const reliability = (cadence + deliveryRate(delivery ?? NO_DELIVERY_RECORD)) / 2;
  const disclosure = disclosureComponent(current);
  if (current.kind === 'model-feed') {
    const performance = performanceComponent(listing);
    const w = MODEL_FEED_WEIGHTS;
    const trust = w.quality * quality + w.rating * rating.score + w.reliability * reliability + w.disclosure * disclosure + w.performance * performance;
    return { trust, quality, rating: rating.score, ratings: rating.count, reliability, disclosure, performance };
  }
  const trust = WEIGHTS.quality * quality + WEIGHTS.rating * rating.score + WEIGHTS.reliability * reliability + WEIGHTS.disclosure * disclosure;
  return { trust, quality, rating: rating.score, ratings: rating.count, reliability, disclosure };
}

/** A model feed's performance component: as last computed (src/catalog/model-feeds.ts), 0 while downgraded, the prior before any. */
export function performanceComponent(listing: Listing): number {
  const feed = listing.feed;
  if (feed?.status === 'downgraded') return 0;
  const kept = feed?.performance as { performanceScore?: unknown; lineageKey?: unknown } | undefined;
  const live = listing.versions[listing.versions.length - 1]!.modelFeed;
  // Another lineage's record is not this model's: a new model starts from the prior.
  if (kept === undefined || live === undefined || kept.lineageKey !== lineageKey(live.lineage) || typeof kept.performanceScore !== 'number') return PERFORMANCE_PRIOR;
  return kept.performanceScore;
}
