/**
 * The catalog's HTTP operations: rows of the gateway's route registry
 * (src/gateway/operations.ts), served by routes.ts. The query and body schemas here are the
 * ones the handlers validate with.
 */
import { z } from 'zod';
import { field, ONE_ROW_READ_COST, pageReadCost, rowsReadCost, type Operation } from '../http-registry/index.js';
import { listingInputSchema, PERMITTED_USES, referenceInputSchema } from './listing.js';
import { outcomesBody, signalsBody } from './model-feed.js';
import { RISK_BANDS } from './discovery.js';
import { DEFAULT_CATALOG_QUOTAS } from './quotas.js';

const QUALITY_METRICS = ['completeness', 'validity', 'uniqueness', 'timeliness', 'consistency', 'accuracy'] as const;

const listingId = z.object({ id: field.id('a listing id') });

/** Scores a page of GET /v1/scores holds at most (and by default): each is computed for the request. */
export const SCORES_PAGE = 1_000;
/** Reviews a listing's page shows (the newest); GET /v1/listings/{id}/reviews pages through the rest. */
export const REVIEWS_ON_PAGE = 20;

/** GET /v1/listings: search and filters. */
export const listingSearchQuery = z.object({
  q: field.text(200, 'words in the title, description or segment').optional(),
  segment: field.text(48, 'one segment').optional(),
  window: z.string().regex(/^[1-9][0-9]{0,3}[hDW]$/, "a contract window such as '7D', '1h' or '2W'").meta({ description: 'listings whose segment has a live contract of this window, e.g. 7D' }).optional(),
  band: z.string().regex(/^[01]\.[0-9]{2,4}-[01]\.[0-9]{2,4}$/, "a confidence band such as '0.70-0.85'").meta({ description: 'listings whose segment has a live contract of this confidence band, e.g. 0.70-0.85' }).optional(),
  provider: field.id("one provider's listings (its account id)").optional(),
  use: field.oneOf(PERMITTED_USES, 'a permitted use the licence must grant').optional(),
  kind: field.oneOf(['dataset', 'model-feed'], 'listings of one kind only').optional(),
  min_trust: field.number(0, 1, 'a minimum trust score').optional(),
  ...Object.fromEntries(QUALITY_METRICS.map((m) => [`min_${m}`, field.number(0, 1, `a minimum ${m}`).optional()])),
  min_capacity: field.number(0, 1e15, "a minimum capacity in rights: a dataset's rights delivered under it, a model feed's capacity estimate (docs/catalog.md, \"Discovery filters\")").optional(),
  risk_band: z
    .string()
    .regex(new RegExp(`^(${RISK_BANDS.join('|')})(,(${RISK_BANDS.join('|')})){0,3}$`), `one or more of ${RISK_BANDS.join(', ')}, comma-separated`)
    .meta({ description: 'listings in one of these risk bands (low, medium, high, unrated), e.g. low,medium' })
    .optional(),
  min_disclosure: field.number(0, 1, 'a minimum disclosure completeness: the share of disclosure checks passed').optional(),
  min_stability: field.number(0, 1, "a minimum stability: a dataset's cadence adherence, a model feed's share of positive days over exchange-checked outcomes").optional(),
  sort: field.oneOf(['trust', 'updated', 'title'], 'order (default trust)').optional(),
  offset: field.int(0, 1_000_000_000, 'matches to skip', 0).optional(),
  limit: field.int(1, 200, 'at most this many', 50).optional(),
});

/** An offset/limit page of a wallet's own rows. */
const page = {
  offset: field.int(0, 1_000_000_000, 'rows to skip', 0).optional(),
  limit: field.int(1, 200, 'at most this many', 50).optional(),
};

/** A reason the operator gives (reject, take down, hide, purge). */
export const reasonBody = z.object({ reason: z.string().trim().min(1).max(2_000) }).meta({ id: 'Reason', description: 'Why: text of 1 to 2,000 characters, kept in the audit' });

/** POST /v1/ratings/{id}. */
export const ratingBody = z.object({ stars: z.number().int().min(1).max(5), review: z.string().max(2_000).optional() }).meta({ id: 'Rating' });

const NOT_OWNER = 'NOT_OWNER, NOT_A_PROVIDER, PROVIDER_QUOTA_EXCEEDED';
const DISK = 'DISK_LOW, CATALOG_FULL: nothing stored, retry later';

export const CATALOG_OPERATIONS: readonly Operation[] = [
  {
    method: 'GET',
    path: '/v1/listings',
    operationId: 'searchListings',
    summary: 'Search published listings: words, segment, contract window or band, permitted use, minimum trust and quality; capacity, risk band, disclosure completeness and stability from what the exchange verified',
    tags: ['catalog'],
    security: 'public',
    query: listingSearchQuery,
    responses: { 200: { description: '{total, listings: [summary with quality, trust and discovery {capacityRights, riskBand, disclosure, stability}]}' } },
  },
  {
    method: 'GET',
    path: '/v1/listings/{id}',
    operationId: 'getListing',
    summary: "One published listing with its schema, licence terms (one-time, usage: docs/catalog.md \"Terms\"), seats (offered, taken), sample preview (first rows, column stats), score and reviews; a model feed's capacityEstimate (capacity and slippage from its signals' traded sizes)",
    tags: ['catalog'],
    security: 'public',
    params: listingId,
    responses: { 200: { description: 'the listing' } },
    errors: { 404: 'UNKNOWN_LISTING: no published listing has this id' },
  },
  {
    method: 'GET',
    path: '/v1/listings/{id}/reviews',
    operationId: 'listListingReviews',
    summary: "A published listing's visible reviews, newest first, a page at a time (its page, GET /v1/listings/{id}, shows the newest 20 and reviewCount)",
    tags: ['catalog'],
    security: 'public',
    params: listingId,
    query: z.object(page),
    responses: { 200: { description: '{total, offset, next, reviews: [{version, stars, review, atMs, counted}]}' } },
    errors: { 404: 'UNKNOWN_LISTING: no published listing has this id' },
  },
  {
    method: 'GET',
    path: '/v1/listings/{id}/disclosures',
    operationId: 'getListingDisclosures',
    summary: 'Status, provenance, licence, licence terms, lineage, delivery endpoint, seats and version history (each version with its terms) of a published listing, or of one its provider unpublished (its grants are still delivered)',
    tags: ['catalog'],
    security: 'public',
    params: listingId,
    responses: { 200: { description: 'the disclosures' } },
    errors: { 404: 'UNKNOWN_LISTING: never published, or taken down by the operator' },
  },
  {
    method: 'GET',
    path: '/v1/listings/{id}/performance',
    operationId: 'getListingPerformance',
    summary: "A published model feed's live performance net of the price paid, against its backtest: sim→live delta, stability, capacity, drift, daily points (docs/catalog.md, \"Model feeds\")",
    tags: ['catalog'],
    security: 'public',
    params: listingId,
    responses: { 200: { description: '{listingId, updatedAtMs, lineage, signals, outcomes, pending, missing, costPerSignalBps, live, backtest, simToLive, stability, capacity, capacityEstimate, burnIn, performanceScore, drift, daily, backtestCurve}' } },
    errors: { 404: 'UNKNOWN_LISTING, NOT_A_MODEL_FEED' },
  },
  {
    method: 'GET',
    path: '/v1/scores',
    operationId: 'listTrustScores',
    summary: 'The trust score of every published listing, with its components, by listing id: a page of at most `limit` (1,000) from `offset`; the X-Total-Count header says how many there are',
    tags: ['catalog'],
    security: 'public',
    query: z.object({ offset: field.int(0, 1_000_000_000, 'published listings to skip', 0).optional(), limit: field.int(1, SCORES_PAGE, 'at most this many', SCORES_PAGE).optional() }),
    responses: { 200: { description: '[{listingId, segment, trust, quality, rating, ratings, reliability, disclosure}]' } },
  },
  {
    method: 'GET',
    path: '/v1/provider/listings',
    operationId: 'listOwnListings',
    readCost: rowsReadCost(DEFAULT_CATALOG_QUOTAS.providerListings + DEFAULT_CATALOG_QUOTAS.providerDrafts),
    summary: "The provider's own listings, any status, with what awaits review and the exchange's last refusal to deliver at each one's endpoint",
    tags: ['provider'],
    security: 'wallet',
    responses: { 200: { description: 'listing summaries, each with `lastDeliveryRefusal`: `{code: ENDPOINT_NOT_ALLOWED, message, atMs, version, grantId}`, the last time the subscription courier sent nothing to the endpoint of the listing version `version` (an address the exchange does not POST to; kept across restarts), or null (docs/delivery.md, "Endpoints the exchange connects to")' } },
  },
  {
    method: 'POST',
    path: '/v1/provider/listings',
    operationId: 'createListing',
    summary: 'Create a listing (a draft) with its first version and sample; the sample is measured on arrival',
    tags: ['provider'],
    security: 'wallet',
    body: listingInputSchema,
    responses: { 201: { description: 'the listing, every version' } },
    errors: { 400: 'MALFORMED_LISTING (details name the field), MALFORMED_SAMPLE, ENDPOINT_NOT_ALLOWED (a delivery endpoint written as an address inside a network)', 403: NOT_OWNER, 413: 'SAMPLE_TOO_LARGE, PAYLOAD_TOO_LARGE', 507: DISK },
  },
  {
    method: 'GET',
    path: '/v1/provider/listings/usage',
    operationId: 'getListingUsage',
    readCost: ONE_ROW_READ_COST,
    summary: 'What the provider stores (sample bytes, drafts, listings) against its quotas',
    tags: ['provider'],
    security: 'wallet',
    responses: { 200: { description: '{usage, quotas}' } },
  },
  {
    method: 'GET',
    path: '/v1/provider/listings/{id}',
    operationId: 'getOwnListing',
    readCost: ONE_ROW_READ_COST,
    summary: "One of the provider's listings, every version",
    tags: ['provider'],
    security: 'wallet',
    params: listingId,
    responses: { 200: { description: 'the listing, every version, and `lastDeliveryRefusal` (`{code, message, atMs, version, grantId}` or null: the subscription courier\'s last refusal to POST to its endpoint, as in GET /v1/provider/listings)' } },
    errors: { 403: 'NOT_OWNER', 404: 'UNKNOWN_LISTING' },
  },
  {
    method: 'GET',
    path: '/v1/provider/listings/{id}/sample',
    operationId: 'getOwnListingSample',
    readCost: ONE_ROW_READ_COST, // its bytes are paid by `weight` from the address's rate
    summary: "The sample of the listing's newest version (the one awaiting review, if any) as it was sent: a new version resends it",
    tags: ['provider'],
    security: 'wallet',
    weight: 50, // up to a 10 MiB sample, base64: a second of its address's requests (50 a second)
    params: listingId,
    responses: { 200: { description: '{version, format, sha256, bytes, base64}' } },
    errors: { 403: 'NOT_OWNER', 404: 'UNKNOWN_LISTING' },
  },
  {
    method: 'PUT',
    path: '/v1/provider/listings/{id}',
    operationId: 'updateListing',
    summary: 'A new version: a published listing stays published; a change to its delivery endpoint, schema, licence or provenance awaits the operator',
    tags: ['provider'],
    security: 'wallet',
    params: listingId,
    body: listingInputSchema,
    responses: { 200: { description: 'the listing, every version (`pendingReview` when a material change awaits the operator), and `lastDeliveryRefusal` (as in GET /v1/provider/listings: its `version` says whether it is of the endpoint replaced)' } },
    errors: { 400: 'MALFORMED_LISTING, ENDPOINT_NOT_ALLOWED (a delivery endpoint written as an address inside a network)', 403: NOT_OWNER, 409: 'BAD_TRANSITION: taken down', 413: 'SAMPLE_TOO_LARGE', 507: DISK },
  },
  {
    method: 'DELETE',
    path: '/v1/provider/listings/{id}',
    operationId: 'deleteDraftListing',
    summary: 'Delete a draft (never published): its sample bytes are freed',
    tags: ['provider'],
    security: 'wallet',
    params: listingId,
    responses: { 200: { description: '{id, deleted, usage, quotas}' } },
    errors: { 403: 'NOT_OWNER', 409: 'BAD_TRANSITION: not a draft' },
  },
  {
    method: 'POST',
    path: '/v1/provider/listings/{id}/submit',
    operationId: 'submitListing',
    summary: "Submit a listing for the operator's review",
    tags: ['provider'],
    security: 'wallet',
    params: listingId,
    responses: { 200: { description: 'the listing' } },
    errors: { 403: 'NOT_OWNER', 409: 'BAD_TRANSITION: not a draft, rejected or unpublished' },
  },
  {
    method: 'POST',
    path: '/v1/provider/listings/{id}/unpublish',
    operationId: 'unpublishListing',
    summary: 'Withdraw a listing',
    tags: ['provider'],
    security: 'wallet',
    params: listingId,
    responses: { 200: { description: 'the listing' } },
    errors: { 403: 'NOT_OWNER', 409: 'BAD_TRANSITION: not published or submitted' },
  },
  {
    method: 'POST',
    path: '/v1/provider/listings/{id}/signals',
    operationId: 'postModelFeedSignals',
    summary: "A model feed's new signals (1 to 1,000), each stamped with the exchange's receive time; a signal never changes (the same id and content again: a no-op)",
    tags: ['provider'],
    security: 'wallet',
    params: listingId,
    body: signalsBody,
    responses: { 200: { description: '{signals: [{signalId, atMs, seq}]}' } },
    errors: { 400: 'MALFORMED_SIGNALS', 403: 'NOT_OWNER', 404: 'UNKNOWN_LISTING, NOT_A_MODEL_FEED', 409: 'SIGNAL_IMMUTABLE, BAD_TRANSITION: not submitted or published', 429: 'SIGNAL_CAP_REACHED: the daily cap' },
  },
  {
    method: 'POST',
    path: '/v1/provider/listings/{id}/outcomes',
    operationId: 'postModelFeedOutcomes',
    summary: "Realised outcomes of past signals, inside [signal time + horizon, + grace]; a patx-series feed's are checked against the exchange's own figure (within 1 bps)",
    tags: ['provider'],
    security: 'wallet',
    params: listingId,
    body: outcomesBody,
    responses: { 200: { description: "{outcomes: [{signalId, outcomeBps, source: 'exchange' | 'provider'}]}" } },
    errors: { 400: 'MALFORMED_SIGNALS', 403: 'NOT_OWNER', 404: 'UNKNOWN_LISTING, NOT_A_MODEL_FEED, UNKNOWN_SIGNAL', 409: 'OUTCOME_TOO_EARLY, OUTCOME_TOO_LATE, OUTCOME_POSTED, BAD_TRANSITION', 422: "OUTCOME_MISMATCH (details.exchangeBps: the exchange's figure)" },
  },
  {
    method: 'POST',
    path: '/v1/ratings/{id}',
    operationId: 'rateListing',
    summary: "Rate a listing (consumers whose exercised rights were granted under it); rating again replaces the account's rating",
    tags: ['account'],
    security: 'wallet',
    params: listingId,
    body: ratingBody,
    responses: { 201: { description: 'the listing summary' } },
    errors: { 400: 'MALFORMED_RATING', 403: 'NOT_A_CONSUMER, NOT_ELIGIBLE_TO_RATE', 409: 'BAD_TRANSITION (not published), ALREADY_RATED (hidden by the operator)' },
  },
  {
    method: 'GET',
    path: '/v1/purchases',
    operationId: 'listPurchases',
    summary: "The consumer's purchases, newest first, each with the listing versions of its segment live at that moment",
    tags: ['account'],
    security: 'wallet',
    readCost: pageReadCost(50),
    query: z.object({ series: field.id('one series only').optional(), ...page }),
    responses: { 200: { description: '{total, purchases}' } },
  },
];

/** Under the operator API's route (`/operator/...`): the catalog's moderation. */
export const CATALOG_OPERATOR_OPERATIONS: readonly Operation[] = [
  {
    method: 'GET',
    path: '/operator/catalog/audit',
    operationId: 'getCatalogAudit',
    summary: 'Who moved which listing where, and why',
    tags: ['moderation'],
    security: 'operator',
    query: z.object({ from: field.id('the first entry').optional(), limit: field.int(1, 1_000, 'at most this many', 100).optional(), listing: field.id('one listing only').optional() }),
    responses: { 200: { description: 'audit entries' } },
  },
  {
    method: 'GET',
    path: '/operator/listings',
    operationId: 'listAllListings',
    summary: 'Every listing, any status, with its moderation state',
    tags: ['moderation'],
    security: 'operator',
    responses: { 200: { description: 'listing summaries, each with `lastDeliveryRefusal` (the subscription courier\'s last refusal of its endpoint, or null: as its provider sees it)' } },
  },
  {
    method: 'GET',
    path: '/operator/listings/{id}',
    operationId: 'getAnyListing',
    summary: 'One listing, every version',
    tags: ['moderation'],
    security: 'operator',
    params: listingId,
    responses: { 200: { description: 'the listing, with `lastDeliveryRefusal` (as in GET /operator/listings)' } },
    errors: { 404: 'UNKNOWN_LISTING' },
  },
  ...(
    [
      ['publish', 'publishListing', 'Approve a submitted listing (the engine learns it: its provider may mint)', undefined],
      ['reject', 'rejectListing', 'Reject a submitted listing, with a reason', reasonBody],
      ['approve-version', 'approveListingVersion', "Make a published listing's pending version (a material change) live", undefined],
      ['reject-version', 'rejectListingVersion', "Refuse a published listing's pending version, with a reason; the live version stays", reasonBody],
      ['dismiss-conformance', 'dismissListingConformance', 'A divergence of delivered records from the listing, looked into: off the queue', reasonBody],
      ['dismiss-drift', 'dismissModelFeedDrift', "A model feed's drift, looked into: live again, off the queue (judged again after 30 more outcomes)", reasonBody],
      ['take-down', 'takeDownListing', 'Take a listing down, with a reason', reasonBody],
      ['purge', 'purgeDraftListing', "Purge a draft's stored sample, with a reason", reasonBody],
      ['reference', 'attachListingReference', 'Attach a reference sample (records known to be true): accuracy is measured now and on every later version', referenceInputSchema],
    ] as const
  ).map(
    ([action, operationId, summary, body]): Operation => ({
      method: 'POST',
      path: `/operator/listings/{id}/${action}`,
      operationId,
      summary,
      tags: ['moderation'],
      security: 'operator',
      role: 'moderator',
      params: listingId,
      ...(body === undefined ? {} : { body }),
      responses: { 200: { description: 'the listing' } },
      errors: { 404: 'UNKNOWN_LISTING', 409: action === 'publish' ? "BAD_TRANSITION: not submitted; BURN_IN_PENDING: a model feed whose live signals do not yet span the burn-in (details: requiredMs, spanMs, signals)" : 'BAD_TRANSITION: not in a state this applies to' },
    }),
  ),
  {
    method: 'POST',
    path: '/operator/listings/{id}/ratings/{consumerId}/hide',
    operationId: 'hideListingRating',
    summary: "Hide a consumer's rating of a listing, with a reason",
    tags: ['moderation'],
    security: 'operator',
    role: 'moderator',
    params: z.object({ id: field.id('a listing id'), consumerId: field.id("the rater's account id") }),
    body: reasonBody,
    responses: { 200: { description: 'the listing' } },
    errors: { 404: 'UNKNOWN_LISTING' },
  },
];
