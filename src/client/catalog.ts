/**
 * The catalog from a program (docs/catalog.md): search published listings, read one with its
 * sample preview and reviews, its disclosures, a model feed's live performance and the trust
 * scores (public); rate a listing and read the account's purchases (wallet-signed). Each
 * function is one operation of the route registry (its operationId in the comment); a refusal
 * throws PatxHttpError (http.ts). Shapes are the server's (src/catalog/routes.ts).
 *
 *   const http = { url: 'http://127.0.0.1:8480', wallet };
 *   const { listings } = await searchListings(http, { q: 'intent', minTrust: 0.5 });
 *   const listing = await getListing(http, listings[0]!.id);
 */
import type { ListingSummary } from '../catalog/catalog.js';
import type { DataSchema, ListingVersion, QualitySummary, SampleRef } from '../catalog/listing.js';
import type { SamplePreview } from '../catalog/measure.js';
import type { ModelFeedDisclosures } from '../catalog/model-feed.js';
import type { PerformanceReport } from '../catalog/model-feeds.js';
import type { CapacityEstimate } from '../catalog/feed-capacity.js';
import type { TrustScore } from '../catalog/trust.js';
import type { DiscoveryView, RiskBand } from '../catalog/discovery.js';
import { idText, publicGet, queryOf, signedCall, type ExchangeHttp } from './http.js';

export type { ListingSummary, DiscoveryView, RiskBand, TrustScore, QualitySummary, PerformanceReport, CapacityEstimate, ModelFeedDisclosures };

export const QUALITY_METRICS = ['completeness', 'validity', 'uniqueness', 'timeliness', 'consistency', 'accuracy'] as const;
export type QualityMetric = (typeof QUALITY_METRICS)[number];

/** What to search for (GET /v1/listings); every field optional, all given must hold. */
export interface ListingSearch {
  /** Words in the title, description or segment. */
  q?: string;
  segment?: string;
  /** Listings whose segment has a live contract of this window, e.g. '7D'. */
  window?: string;
  /** ... of this confidence band, e.g. '0.70-0.85'. */
  band?: string;
  /** One provider's listings (its account id). */
  provider?: number;
  /** A permitted use the licence must grant ('analytics', 'model-training', ...). */
  use?: string;
  kind?: 'dataset' | 'model-feed';
  /** A minimum trust score in [0, 1]. */
  minTrust?: number;
  /** Minimum quality metrics in [0, 1]. */
  min?: Partial<Record<QualityMetric, number>>;
  /** Discovery filters (docs/catalog.md, "Discovery filters"): a minimum capacity in rights. */
  minCapacity?: number;
  /** ... listings in one of these risk bands (none named: any band). */
  riskBands?: readonly RiskBand[];
  /** ... a minimum disclosure completeness in [0, 1]. */
  minDisclosure?: number;
  /** ... a minimum stability in [0, 1]. */
  minStability?: number;
  /** Order (default trust). */
  sort?: 'trust' | 'updated' | 'title';
  offset?: number;
  /** At most this many (1 to 200, default 50). */
  limit?: number;
}

export interface ListingPage {
  total: number;
  /** Each with its discovery facts, as the filters read them. */
  listings: (ListingSummary & { discovery: DiscoveryView })[];
}

/** A visible rating on a listing, newest first (the rater is not named). `counted`: false when washing left it out of the rating. */
export interface Review {
  version: number;
  stars: number;
  review: string;
  atMs: number;
  counted: boolean;
}

/** Seats: subscribers at once the data can serve (null: no limit), and how many are taken. */
export interface Seats {
  offered: number | null;
  segmentOffered: number | null;
  taken: number;
}

/** GET /v1/listings/{id}: one published listing. */
export interface ListingDetail extends ListingSummary {
  description: string;
  schema: DataSchema;
  sample: SampleRef;
  seats: Seats;
  /** The sample's first rows and column stats (absent while it cannot be read). */
  preview?: SamplePreview;
  score: TrustScore;
  /** The newest 20 visible reviews; `reviewCount` of them in all (listListingReviews pages through them). */
  reviews: Review[];
  reviewCount: number;
  /** A model feed's capacity and slippage from its signals' traded sizes (null until computed). */
  capacityEstimate?: CapacityEstimate | null;
}

/** GET /v1/listings/{id}/disclosures. */
export interface Disclosures {
  id: number;
  provenance: ListingVersion['provenance'];
  licence: ListingVersion['licence'];
  lineage: ListingVersion['lineage'];
  /** Where a grant's rights are used (the provider's gate). */
  deliveryEndpoint: string;
  seats: Seats;
  kind: 'dataset' | 'model-feed';
  versions: { version: number; createdAtMs: number; changeLog: string; seats: number | null; lineage: ListingVersion['lineage']; quality: QualitySummary; kind?: 'model-feed'; modelFeed?: ModelFeedDisclosures }[];
}

/** GET /v1/scores: a published listing's trust score and its components. */
export type ListingScore = TrustScore & { listingId: number; segment: string };

/** One right bought (GET /v1/purchases): the fill and the listing versions of its segment live then. */
export interface Purchase {
  tradeId: number;
  atMs: number;
  seriesId: number;
  contract: string;
  qty: number;
  priceMicros: number;
  /** The fee this buy paid (docs/fees.md); absent when none. */
  feeMicros?: number;
  listings: { listingId: number; version: number; title: string; licence: ListingVersion['licence']; cadence: string; deliveryEndpoint: string; lineage: ListingVersion['lineage'] }[];
}

export interface PurchasePage {
  total: number;
  purchases: Purchase[];
}

/** Published listings matching `search` (searchListings; public). */
export async function searchListings(http: Pick<ExchangeHttp, 'url' | 'timeoutMs'>, search: ListingSearch = {}): Promise<ListingPage> {
  const min = Object.fromEntries(QUALITY_METRICS.map((m) => [`min_${m}`, search.min?.[m]]));
  const q = queryOf({ q: search.q, segment: search.segment, window: search.window, band: search.band, provider: search.provider, use: search.use, kind: search.kind, min_trust: search.minTrust, ...min, min_capacity: search.minCapacity, risk_band: search.riskBands === undefined || search.riskBands.length === 0 ? undefined : search.riskBands.join(','), min_disclosure: search.minDisclosure, min_stability: search.minStability, sort: search.sort, offset: search.offset, limit: search.limit });
  return publicGet<ListingPage>(http, `/v1/listings${q}`);
}

/** One published listing with its schema, seats, sample preview, score and reviews (getListing; public). UNKNOWN_LISTING when none is published under `listingId`. */
export async function getListing(http: Pick<ExchangeHttp, 'url' | 'timeoutMs'>, listingId: number): Promise<ListingDetail> {
  return publicGet<ListingDetail>(http, `/v1/listings/${idText('listing', listingId)}`);
}

/** A listing's visible reviews, newest first, a page at a time (listListingReviews; public): `next` is the following page's offset, null on the last. */
export async function listListingReviews(http: Pick<ExchangeHttp, 'url' | 'timeoutMs'>, listingId: number, page: { offset?: number; limit?: number } = {}): Promise<{ total: number; offset: number; next: number | null; reviews: Review[] }> {
  return publicGet(http, `/v1/listings/${idText('listing', listingId)}/reviews${queryOf(page)}`);
}

/** Provenance, licence, lineage, delivery endpoint, seats and version history (getListingDisclosures; public). */
export async function getListingDisclosures(http: Pick<ExchangeHttp, 'url' | 'timeoutMs'>, listingId: number): Promise<Disclosures> {
  return publicGet<Disclosures>(http, `/v1/listings/${idText('listing', listingId)}/disclosures`);
}

/** A model feed's live performance against its backtest: drift, burn-in, capacity (getListingPerformance; public). NOT_A_MODEL_FEED for a dataset. */
export async function getListingPerformance(http: Pick<ExchangeHttp, 'url' | 'timeoutMs'>, listingId: number): Promise<PerformanceReport> {
  return publicGet<PerformanceReport>(http, `/v1/listings/${idText('listing', listingId)}/performance`);
}

/**
 * Published listings' trust scores with their components, by listing id (listTrustScores; public): at most `limit`
 * (1,000, the most a page holds) from `offset`; a full page means more may follow.
 */
export async function listTrustScores(http: Pick<ExchangeHttp, 'url' | 'timeoutMs'>, page: { offset?: number; limit?: number } = {}): Promise<ListingScore[]> {
  return publicGet<ListingScore[]>(http, `/v1/scores${queryOf(page)}`);
}

/**
 * Rates a listing 1 to 5 stars with an optional review (rateListing; wallet-signed): only a
 * consumer whose exercised rights were granted under it may (NOT_ELIGIBLE_TO_RATE); rating again
 * replaces the account's rating. The listing's summary as it stands after.
 */
export async function rateListing(http: ExchangeHttp, listingId: number, rating: { stars: number; review?: string }): Promise<ListingSummary> {
  return signedCall<ListingSummary>(http, 'POST', `/v1/ratings/${idText('listing', listingId)}`, rating);
}

/** The account's purchases, newest first (listPurchases; wallet-signed); `series` narrows to one series. */
export async function listPurchases(http: ExchangeHttp, page: { offset?: number; limit?: number; series?: number } = {}): Promise<PurchasePage> {
  return signedCall<PurchasePage>(http, 'GET', `/v1/purchases${queryOf({ series: page.series, offset: page.offset, limit: page.limit })}`);
}
