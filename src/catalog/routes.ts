/**
 * The catalog over HTTP (its rows of the route registry: operations.ts; described in /openapi.json):
 *
 *   public    GET  /v1/listings                  search and filter published listings
 *             GET  /v1/listings/{id}             one listing with its sample preview
 *             GET  /v1/listings/{id}/disclosures provenance, licence, lineage, version history
 *             GET  /v1/listings/{id}/performance a model feed's live performance against its backtest
 *             GET  /v1/scores                    trust score per listing with its components
 *   provider  (wallet-signed) /v1/provider/listings: POST create, GET own (every status),
 *             PUT /{id} new version (a material change to a published listing awaits review),
 *             POST /{id}/submit, POST /{id}/unpublish,
 *             POST /{id}/signals, POST /{id}/outcomes (a model feed's: docs/catalog.md, "Model feeds");
 *             its GETs and its writes' replies carry `lastDeliveryRefusal` (the courier's last refusal of the listing's endpoint:
 *             docs/delivery.md), as the operator's GETs do
 *   consumer  (wallet-signed) POST /v1/ratings/{listingId} {stars, review}
 *             GET /v1/purchases?series=&offset=&limit=  every right bought, with the listing versions behind it
 *   operator  /operator/listings (through the operator API): GET every listing,
 *             POST /{id}/publish | /{id}/reject | /{id}/take-down {reason},
 *             POST /{id}/approve-version | /{id}/reject-version {reason} (a pending version),
 *             POST /{id}/dismiss-conformance {reason} (a divergence of delivered records, looked into),
 *             POST /{id}/dismiss-drift {reason} (a model feed's drift, looked into),
 *             POST /{id}/ratings/{consumerId}/hide {reason}, POST /{id}/reference {format, base64}
 *             (records known to be true: accuracy); GET /operator/catalog/audit
 *
 * Errors are the house shape `{error: CODE, message, details?}`; nothing is stored on one.
 */
import type { HttpReply, HttpRequestInfo, MountedRoute, Operation } from '../http-registry/index.js';
import type { Catalog, ListingFilters } from './catalog.js';
import { CatalogError, listingKind, type Listing, type ReviewState } from './listing.js';
import { termsOf } from './terms.js';
import type { Purchase } from './purchase.js';
import type { PurchaseLedger } from './purchases.js';
import { CATALOG_OPERATIONS, ratingBody, reasonBody, REVIEWS_ON_PAGE, SCORES_PAGE } from './operations.js';
import { RISK_BANDS, type RiskBand } from './discovery.js';

/** Base64 of a 10 MiB sample plus the listing's text. */
export const UPLOAD_BODY_BYTES = 15 * 1024 * 1024;

const STATUS_OF: Record<string, number> = {
  UNKNOWN_LISTING: 404,
  NOT_OWNER: 403,
  NOT_A_PROVIDER: 403,
  NOT_A_CONSUMER: 403,
  NOT_ELIGIBLE_TO_RATE: 403,
  BAD_TRANSITION: 409,
  ALREADY_RATED: 409,
  SAMPLE_TOO_LARGE: 413,
  DISK_LOW: 507,
  PROVIDER_QUOTA_EXCEEDED: 403,
  CATALOG_FULL: 507,
  NOT_A_MODEL_FEED: 404,
  UNKNOWN_SIGNAL: 404,
  SIGNAL_IMMUTABLE: 409,
  OUTCOME_TOO_EARLY: 409,
  OUTCOME_TOO_LATE: 409,
  OUTCOME_POSTED: 409,
  OUTCOME_MISMATCH: 422,
  SIGNAL_CAP_REACHED: 429,
  BURN_IN_PENDING: 409,
  ENDPOINT_NOT_ALLOWED: 400,
};

function fail(error: unknown): HttpReply {
  if (error instanceof CatalogError) {
    return { status: STATUS_OF[error.code] ?? 400, body: { error: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
  }
  throw error;
}

/** What a provider may store (GET /v1/provider/listings/usage answers with them): an unverified one's sample bytes are the smaller. */
function providerQuotas(catalog: Catalog, providerAccountId: number): { sampleBytes: number; drafts: number; listings: number; verified: boolean } {
  const samples = catalog.sampleQuotaOf(providerAccountId);
  return { sampleBytes: samples.limit, drafts: catalog.quotas.providerDrafts, listings: catalog.quotas.providerListings, verified: samples.verified };
}

/** A visible review as the public routes show it. */
export interface ReviewView {
  version: number;
  stars: number;
  review: string;
  atMs: number;
  counted: boolean;
}

/** A whole-number query parameter, or `fallback` when absent: the registry checked it against the operation's schema before the handler ran. */
function queryNumber(query: URLSearchParams, name: string, fallback: number): number {
  const text = query.get(name);
  return text === null ? fallback : Number(text);
}

/**
 * A listing's visible reviews, newest first, `limit` from `offset` (hidden ones are the operator's moderation; the
 * rater is not named). `counted`: false when washing left it out of the rating. Paged: one per buyer, and a popular
 * listing's page carried every one of them.
 */
export function reviewsPage(listing: Pick<Listing, 'ratings'>, offset: number, limit: number): { total: number; reviews: ReviewView[] } {
  const reviews: ReviewView[] = [];
  let total = 0;
  for (let i = listing.ratings.length - 1; i >= 0; i--) {
    const r = listing.ratings[i]!;
    if (r.status !== 'visible') continue;
    if (total >= offset && reviews.length < limit) reviews.push({ version: r.version, stars: r.stars, review: r.review, atMs: r.atMs, counted: r.notCounted === undefined });
    total++;
  }
  return { total, reviews };
}

function ok(body: unknown, status = 200): HttpReply {
  return { status, body };
}

function notFound(req: HttpRequestInfo): HttpReply {
  return { status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.method} ${req.path}` } };
}

/** The path after `prefix`, split into decoded parts. */
function parts(path: string, prefix: string): string[] {
  return path.slice(prefix.length).split('/').filter((p) => p !== '').map(decodeURIComponent);
}

function listingId(text: string | undefined): number {
  const id = Number(text);
  if (text === undefined || !/^[1-9][0-9]{0,15}$/.test(text) || !Number.isSafeInteger(id)) throw new CatalogError('UNKNOWN_LISTING', `'${text ?? ''}' is not a listing id`);
  return id;
}

function reasonOf(body: unknown): string {
  const r = reasonBody.safeParse(body);
  if (!r.success) throw new CatalogError('MALFORMED_LISTING', 'a reason: text of 1 to 2,000 characters');
  return (body as { reason: string }).reason;
}

/** The rows a route serves: the catalog's, by operationId. */
function rows(...ids: string[]): Operation[] {
  return ids.map((id) => {
    const op = CATALOG_OPERATIONS.find((o) => o.operationId === id);
    if (op === undefined) throw new Error(`no catalog operation ${id}`);
    return op;
  });
}

function filtersOf(q: URLSearchParams, catalog: Catalog): ListingFilters {
  const num = (name: string, min: number, max: number): number | undefined => {
    const v = q.get(name);
    if (v === null) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new CatalogError('MALFORMED_LISTING', `query ${name}: a number in [${min}, ${max}]`);
    return n;
  };
  const minQuality: NonNullable<ListingFilters['minQuality']> = {};
  for (const m of ['completeness', 'validity', 'uniqueness', 'timeliness', 'consistency', 'accuracy'] as const) {
    const v = num(`min_${m}`, 0, 1);
    if (v !== undefined) minQuality[m] = v;
  }
  const sort = q.get('sort') ?? 'trust';
  if (sort !== 'trust' && sort !== 'updated' && sort !== 'title') throw new CatalogError('MALFORMED_LISTING', 'query sort: trust, updated or title');
  const text = q.get('q') ?? undefined;
  if (text !== undefined && text.length > 200) throw new CatalogError('MALFORMED_LISTING', 'query q: at most 200 characters');
  // Window and confidence band are the contracts': a listing matches through the contracts of its segment.
  const window = q.get('window') ?? undefined;
  const band = q.get('band') ?? undefined;
  if (window !== undefined && !/^[1-9][0-9]{0,3}[hDW]$/.test(window)) throw new CatalogError('MALFORMED_LISTING', "query window: a contract window such as '7D', '1h' or '2W'");
  if (band !== undefined && !/^[01]\.[0-9]{2,4}-[01]\.[0-9]{2,4}$/.test(band)) throw new CatalogError('MALFORMED_LISTING', "query band: a confidence band such as '0.70-0.85'");
  return {
    text,
    segments: window === undefined && band === undefined ? undefined : catalog.segmentsWithContracts(window, band),
    segment: q.get('segment') ?? undefined,
    provider: num('provider', 1, Number.MAX_SAFE_INTEGER),
    permittedUse: q.get('use') ?? undefined,
    kind: kindOf(q.get('kind')),
    minTrust: num('min_trust', 0, 1),
    minQuality,
    minCapacityRights: num('min_capacity', 0, 1e15),
    riskBands: riskBandsOf(q.get('risk_band')),
    minDisclosure: num('min_disclosure', 0, 1),
    minStability: num('min_stability', 0, 1),
    sort,
    offset: num('offset', 0, 1e9) ?? 0,
    limit: num('limit', 1, 200) ?? 50,
  };
}

/** `risk_band=low,medium`: the bands named (the registry's schema has checked the spelling; checked again for callers without it). */
function riskBandsOf(text: string | null): ListingFilters['riskBands'] {
  if (text === null) return undefined;
  const bands = text.split(',');
  if (!bands.every((b): b is RiskBand => (RISK_BANDS as readonly string[]).includes(b))) throw new CatalogError('MALFORMED_LISTING', `query risk_band: one or more of ${RISK_BANDS.join(', ')}, comma-separated`);
  return new Set(bands);
}

function kindOf(text: string | null): ListingFilters['kind'] {
  if (text === null) return undefined;
  if (text !== 'dataset' && text !== 'model-feed') throw new CatalogError('MALFORMED_LISTING', "query kind: 'dataset' or 'model-feed'");
  return text;
}

/** The owner's own sample of its newest version (the pending one, if any), to resend with a new version that changes only text. */
function ownSample(catalog: Catalog, listing: Listing): object {
  const v = listing.pending?.version ?? listing.versions[listing.versions.length - 1]!;
  const bytes = catalog.sampleOfVersion(v);
  if (bytes === undefined) throw new CatalogError('UNKNOWN_LISTING', `listing ${listing.id}'s sample is missing from the store`);
  return { version: v.version, format: v.sample.format, sha256: v.sample.sha256, bytes: v.sample.bytes, base64: bytes.toString('base64') };
}

/** A listing for its owner or the operator: every version's metadata (not the sample bytes), and the version awaiting review. */
function full(catalog: Catalog, listing: Listing): object {
  return { ...catalog.summary(listing), reason: listing.reason, versions: listing.versions, ratings: listing.ratings, score: catalog.score(listing), ...reviewState(listing), pending: listing.pending };
}

/** In the owner's and the operator's rows: the version awaiting review, and the last one refused. */
function reviewState(listing: Listing): ReviewState {
  const p = listing.pending;
  return {
    ...(p === undefined ? {} : { pendingReview: { version: p.version.version, submittedAtMs: p.submittedAtMs, changes: p.changes, ...(p.modelFeedChanges === undefined ? {} : { modelFeedChanges: p.modelFeedChanges }) } }),
    ...(listing.rejectedVersion === undefined ? {} : { rejectedVersion: listing.rejectedVersion }),
    ...(listing.conformance?.review === undefined ? {} : { conformanceReview: listing.conformance.review }),
    ...(listing.feed?.driftReview === undefined ? {} : { driftReview: listing.feed.driftReview }),
  };
}

/** The reply, once the provider listing and segment seats the change implies are journaled (a failure there is repaired at the next start). */
async function afterProviderListings(catalog: Catalog, body: object): Promise<HttpReply> {
  await catalog.syncProviderListings().catch(() => undefined);
  return ok(body);
}

/**
 * A route whose writes answer only once the catalog stream holds them (a replicated group;
 * at once otherwise), so a write a client saw succeed survives a failover.
 */
function writesReplicated(catalog: Catalog, route: MountedRoute): MountedRoute {
  return { ...route, handle: async (req) => (req.method === 'GET' ? route.handle(req) : whenReplicated(catalog, await route.handle(req))) };
}

async function whenReplicated(catalog: Catalog, reply: HttpReply): Promise<HttpReply> {
  try {
    await catalog.replicated();
  } catch (error) {
    return { status: 503, body: { error: 'NOT_REPLICATED', message: `stored on this node, not replicated (it no longer leads?): ${(error as Error).message}` } };
  }
  return reply;
}

/** A purchase with what each listing version behind it said (even if the listing was withdrawn since: the consumer bought it). */
function purchaseView(catalog: Catalog, p: Purchase): object {
  return {
    ...p,
    listings: p.listings.map(({ listingId: id, version }) => {
      const v = catalog.get(id).versions[version - 1]!;
      return { listingId: id, version, title: v.title, licence: v.licence, cadence: v.cadence, deliveryEndpoint: v.deliveryEndpoint, lineage: v.lineage };
    }),
  };
}

/**
 * The last time the exchange's subscription courier refused to POST to a listing's delivery
 * endpoint (ENDPOINT_NOT_ALLOWED: it names or resolved to an address the exchange does not
 * connect to), as its provider is shown it; kept beside the subscriptions (the catalog sits below
 * them: src/subscriptions/delivery-refusals.ts).
 */
export interface ListingDeliveryRefusal {
  code: string;
  message: string;
  atMs: number;
  /** The listing version whose endpoint was refused. */
  version: number;
  /** The grant given up. */
  grantId: number;
}

/** A listing's last delivery refusal, or undefined (none kept). */
export type DeliveryRefusalOf = (listingId: number) => ListingDeliveryRefusal | undefined;

/** `lastDeliveryRefusal` in a listing's views (its owner's, the operator's): null when none is kept. */
type DeliveryState = { lastDeliveryRefusal: ListingDeliveryRefusal | null };

function deliveryStateOf(deliveryRefusalOf: DeliveryRefusalOf, listing: Listing): DeliveryState {
  return { lastDeliveryRefusal: deliveryRefusalOf(listing.id) ?? null };
}

/** The catalog's public and wallet-signed routes, one per route group (the operator's: catalogOperatorRoute). */
export function catalogRoutes(catalog: Catalog, purchases: PurchaseLedger, deliveryRefusalOf: DeliveryRefusalOf = () => undefined): MountedRoute[] {
  return [
    publicListingsRoute(catalog),
    scoresRoute(catalog),
    writesReplicated(catalog, providerListingsRoute(catalog, deliveryRefusalOf)),
    writesReplicated(catalog, ratingsRoute(catalog)),
    purchasesRoute(catalog, purchases),
  ];
}

/** GET /v1/listings (search), /{id}, /{id}/reviews, /{id}/disclosures, /{id}/performance: published listings. */
function publicListingsRoute(catalog: Catalog): MountedRoute {
  return {
    operations: rows('searchListings', 'getListing', 'getListingDisclosures', 'listListingReviews', 'getListingPerformance'),
    async handle(req) {
      try {
        if (req.method !== 'GET') return notFound(req);
        const [id, sub, more] = parts(req.path, '/v1/listings');
        if (id === undefined) return ok(catalog.search(filtersOf(req.query, catalog)));
        const listing = catalog.get(listingId(id));
        // Not public: answered as an id that names no listing (catalog.get's words), so drafts cannot be counted.
        // A listing its provider unpublished still tells the holders of grants under it where to download
        // (engine rules 9: rights sold under it are still granted under it); it leaves search and its page.
        const owed = sub === 'disclosures' && catalog.deliversUnpublished(listing);
        if (!catalog.isPublic(listing) && !owed) throw new CatalogError('UNKNOWN_LISTING', `no listing ${listing.id}`);
        if (more !== undefined) return notFound(req);
        if (sub === undefined) return ok(await listingPage(catalog, listing));
        if (sub === 'reviews') return ok(reviewsReply(listing, req.query));
        if (sub === 'disclosures') return ok(disclosures(catalog, listing));
        if (sub === 'performance') return ok(catalog.feeds.performance(listing));
        return notFound(req);
      } catch (error) {
        return fail(error);
      }
    },
  };
}

/** A published listing's page: its live version, sample preview, score and first reviews. */
async function listingPage(catalog: Catalog, listing: Listing): Promise<object> {
  const v = listing.versions[listing.versions.length - 1]!;
  const { total: reviewCount, reviews } = reviewsPage(listing, 0, REVIEWS_ON_PAGE);
  // A model feed's capacity and slippage estimate, as its performance keeps it (docs/catalog.md, "Capacity and slippage").
  const capacity = listingKind(v) === 'model-feed' ? { capacityEstimate: catalog.feeds.performance(listing).capacityEstimate ?? null } : {};
  return { ...catalog.summary(listing), description: v.description, schema: v.schema, sample: v.sample, terms: termsOf(v), seats: catalog.seatsOf(listing), preview: await catalog.preview(listing), score: catalog.score(listing), reviews, reviewCount, ...capacity };
}

/** A page of a listing's visible reviews (`offset`, `limit`), with the offset of the next (null on the last). */
function reviewsReply(listing: Listing, query: URLSearchParams): object {
  const offset = queryNumber(query, 'offset', 0);
  const page = reviewsPage(listing, offset, queryNumber(query, 'limit', 50));
  return { total: page.total, offset, next: offset + page.reviews.length < page.total ? offset + page.reviews.length : null, reviews: page.reviews };
}

/** A listing's provenance, licence, terms, lineage and endpoint, live and per version. */
function disclosures(catalog: Catalog, listing: Listing): object {
  const v = listing.versions[listing.versions.length - 1]!;
  return {
    id: listing.id,
    status: listing.status,
    provenance: v.provenance,
    licence: v.licence,
    // What a right bought under the live version buys (docs/catalog.md, "Terms"); each version's below.
    terms: termsOf(v),
    lineage: v.lineage,
    deliveryEndpoint: v.deliveryEndpoint,
    seats: catalog.seatsOf(listing),
    kind: listingKind(v),
    versions: listing.versions.map((x) => ({ version: x.version, createdAtMs: x.createdAtMs, changeLog: x.changeLog, seats: x.seats ?? null, terms: termsOf(x), lineage: x.lineage, quality: x.quality, ...(x.modelFeed === undefined ? {} : { kind: x.kind, modelFeed: x.modelFeed }) })),
  };
}

/** GET /v1/scores: trust scores, a page at a time. */
function scoresRoute(catalog: Catalog): MountedRoute {
  return {
    operations: rows('listTrustScores'),
    async handle(req) {
      if (req.method !== 'GET' || parts(req.path, '/v1/scores').length > 0) return notFound(req);
      const { total, scores } = catalog.scores(queryNumber(req.query, 'offset', 0), queryNumber(req.query, 'limit', SCORES_PAGE));
      // An array, as before paging; how many there are in a header, so a client can tell a page from the whole list.
      return { status: 200, body: scores, headers: { 'x-total-count': String(total) } };
    },
  };
}

/** /v1/provider/listings: a provider's own listings, their versions, samples, model feeds' signals and outcomes. */
function providerListingsRoute(catalog: Catalog, deliveryRefusalOf: DeliveryRefusalOf): MountedRoute {
  return {
    operations: rows('listOwnListings', 'createListing', 'getListingUsage', 'getOwnListing', 'getOwnListingSample', 'updateListing', 'deleteDraftListing', 'submitListing', 'unpublishListing', 'postModelFeedSignals', 'postModelFeedOutcomes'),
    maxBodyBytes: UPLOAD_BODY_BYTES,
    // A listing's body carries its sample: read, decoded and measured on the intake, off the engine's thread.
    bodyReading: (method, path, nowMs) => {
      const [id, action] = parts(path, '/v1/provider/listings');
      const upload = (method === 'POST' && id === undefined) || (method === 'PUT' && id !== undefined && action === undefined);
      return upload ? { task: 'listing', nowMs, maxSampleBytes: catalog.maxSampleBytes } : { task: 'json' };
    },
    async handle(req) {
      try {
        const [id, action, more] = parts(req.path, '/v1/provider/listings');
        if (more !== undefined) return notFound(req);
        if (id === undefined || (id === 'usage' && action === undefined && req.method === 'GET')) return await ownListings(catalog, deliveryRefusalOf, req, id);
        return await ownListing(catalog, deliveryRefusalOf, req, listingId(id), action);
      } catch (error) {
        return fail(error);
      }
    },
  };
}

/** The owner's view of its listing, as its reads and its writes answer it: with the courier's last refusal of the listing's endpoint (null: none). */
function ownView(catalog: Catalog, deliveryRefusalOf: DeliveryRefusalOf, listing: Listing): object {
  return { ...full(catalog, listing), ...deliveryStateOf(deliveryRefusalOf, listing) };
}

/** /v1/provider/listings itself (POST create, GET its listings) and GET /usage. */
async function ownListings(catalog: Catalog, deliveryRefusalOf: DeliveryRefusalOf, req: HttpRequestInfo, id: string | undefined): Promise<HttpReply> {
  if (id === undefined && req.method === 'POST') return ok(ownView(catalog, deliveryRefusalOf, await catalog.create(req.accountId, req.body)), 201);
  if (id === 'usage') return ok({ usage: catalog.usageOf(req.accountId), quotas: providerQuotas(catalog, req.accountId) });
  if (req.method === 'GET') return ok(catalog.listingsOf(req.accountId).map((l) => ({ ...catalog.summary(l), ...reviewState(l), ...deliveryStateOf(deliveryRefusalOf, l) })));
  return notFound(req);
}

/** /v1/provider/listings/{id} and its actions, on the provider's own listing. */
async function ownListing(catalog: Catalog, deliveryRefusalOf: DeliveryRefusalOf, req: HttpRequestInfo, listing: number, action: string | undefined): Promise<HttpReply> {
  const own = (l: Listing): object => ownView(catalog, deliveryRefusalOf, l);
  if (action === undefined && req.method === 'GET') return ok(own(catalog.ownedListing(listing, req.accountId)));
  if (action === 'sample' && req.method === 'GET') return ok(ownSample(catalog, catalog.ownedListing(listing, req.accountId)));
  // A new live version may change the segment's seats: the reply waits until the engine holds them.
  // It carries the last refusal of the endpoint (its `version` says which one): a provider fixing its endpoint sees it.
  if (action === undefined && req.method === 'PUT') return afterProviderListings(catalog, own(await catalog.update(listing, req.accountId, req.body)));
  if (action === undefined && req.method === 'DELETE') {
    await catalog.deleteDraft(listing, req.accountId);
    return ok({ id: listing, deleted: true, usage: catalog.usageOf(req.accountId), quotas: providerQuotas(catalog, req.accountId) });
  }
  if (action === 'submit' && req.method === 'POST') return ok(own(catalog.submit(listing, req.accountId)));
  if (action === 'signals' && req.method === 'POST') return ok(catalog.feeds.postSignals(listing, req.accountId, req.body));
  if (action === 'outcomes' && req.method === 'POST') return ok(catalog.feeds.postOutcomes(listing, req.accountId, req.body));
  if (action === 'unpublish' && req.method === 'POST') return afterProviderListings(catalog, own(catalog.unpublish(listing, req.accountId)));
  return notFound(req);
}

/** POST /v1/ratings/{listingId}: a consumer's stars and review. */
function ratingsRoute(catalog: Catalog): MountedRoute {
  return {
    operations: rows('rateListing'),
    async handle(req) {
      try {
        const [id, more] = parts(req.path, '/v1/ratings');
        if (req.method !== 'POST' || id === undefined || more !== undefined) return notFound(req);
        const body = ratingBody.safeParse(req.body ?? {});
        if (!body.success) throw new CatalogError('MALFORMED_RATING', 'a JSON body {stars: an integer from 1 to 5, review?: text of at most 2,000 characters}');
        return ok(catalog.summary(await catalog.rate(listingId(id), req.accountId, body.data.stars, body.data.review ?? '')), 201);
      } catch (error) {
        return fail(error);
      }
    },
  };
}

/** GET /v1/purchases: every right the consumer bought, with the listing versions behind it. */
function purchasesRoute(catalog: Catalog, purchases: PurchaseLedger): MountedRoute {
  return {
    operations: rows('listPurchases'),
    async handle(req) {
      try {
        if (req.method !== 'GET' || parts(req.path, '/v1/purchases').length > 0) return notFound(req);
        const series = req.query.get('series') === null ? undefined : queryNumber(req.query, 'series', 0);
        const page = await purchases.purchasesOf(req.accountId, queryNumber(req.query, 'offset', 0), queryNumber(req.query, 'limit', 50), series);
        return ok({ total: page.total, purchases: page.purchases.map((p) => purchaseView(catalog, p)) });
      } catch (error) {
        return fail(error);
      }
    },
  };
}

/**
 * The operator's catalog routes, under the operator API (`/operator/listings…`,
 * `/operator/catalog/audit`): returns undefined for paths that are not the catalog's.
 */
export function catalogOperatorRoute(catalog: Catalog, req: OperatorCatalogRequest, deliveryRefusalOf: DeliveryRefusalOf = () => undefined): HttpReply | Promise<HttpReply> | undefined {
  const reply = operatorRoute(catalog, req, deliveryRefusalOf);
  if (reply === undefined || req.method.toUpperCase() === 'GET') return reply;
  return Promise.resolve(reply).then((r) => whenReplicated(catalog, r));
}

type OperatorCatalogRequest = { method: string; path: string; body: unknown; query: URLSearchParams; operator: string };

function operatorRoute(catalog: Catalog, req: OperatorCatalogRequest, deliveryRefusalOf: DeliveryRefusalOf): HttpReply | Promise<HttpReply> | undefined {
  const p = parts(req.path, '/operator');
  const method = req.method.toUpperCase();
  try {
    if (p[0] === 'catalog' && p[1] === 'audit' && p.length === 2 && method === 'GET') {
      const from = Number(req.query.get('from') ?? '1');
      const limit = Number(req.query.get('limit') ?? '100');
      const listing = req.query.get('listing');
      if (!Number.isSafeInteger(from) || from < 1 || !Number.isSafeInteger(limit) || limit < 1 || limit > 1_000) throw new CatalogError('MALFORMED_LISTING', 'from ≥ 1, limit 1..1000');
      return ok(catalog.audit(from, limit, listing === null ? undefined : listingId(listing)));
    }
    if (p[0] !== 'listings') return undefined;
    // Every listing's last delivery refusal, as its provider sees it (the operator's log has each in full).
    if (p.length === 1 && method === 'GET') return ok(catalog.all().map((l) => ({ ...catalog.summary(l), reason: l.reason, ...reviewState(l), ...deliveryStateOf(deliveryRefusalOf, l) })));
    const id = listingId(p[1]);
    if (p.length === 2 && method === 'GET') {
      const listing = catalog.get(id);
      return ok({ ...full(catalog, listing), ...deliveryStateOf(deliveryRefusalOf, listing) });
    }
    if (p.length === 3 && method === 'POST') {
      // Publish and take down answer once the engine knows the provider's listing (where it may mint).
      if (p[2] === 'publish') return afterProviderListings(catalog, full(catalog, catalog.publish(id, req.operator)));
      if (p[2] === 'reject') return ok(full(catalog, catalog.reject(id, req.operator, reasonOf(req.body))));
      // A published listing's pending version (a material change): approved, it is live and the engine learns it.
      if (p[2] === 'approve-version') return afterProviderListings(catalog, full(catalog, catalog.approveVersion(id, req.operator)));
      if (p[2] === 'reject-version') return ok(full(catalog, catalog.rejectVersion(id, req.operator, reasonOf(req.body))));
      // A divergence of delivered records from the listing, looked into: off the queue (taking the listing down is its own route).
      if (p[2] === 'dismiss-conformance') return ok(full(catalog, catalog.dismissConformance(id, req.operator, reasonOf(req.body))));
      // A model feed's drift, looked into: live again (taking it down is its own route).
      if (p[2] === 'dismiss-drift') return ok(full(catalog, catalog.feeds.dismissDrift(id, req.operator, reasonOf(req.body))));
      if (p[2] === 'take-down') return afterProviderListings(catalog, full(catalog, catalog.takeDown(id, req.operator, reasonOf(req.body))));
      if (p[2] === 'purge') {
        return catalog.purgeDraft(id, req.operator, reasonOf(req.body)).then(
          () => ok({ id, purged: true }),
          (error: unknown) => fail(error),
        );
      }
      if (p[2] === 'reference') {
        return catalog.attachReference(id, req.operator, req.body).then(
          ({ listing, accuracy }) => ok({ ...full(catalog, listing), accuracy }),
          (error: unknown) => fail(error),
        );
      }
    }
    if (p.length === 5 && p[2] === 'ratings' && p[4] === 'hide' && method === 'POST') {
      const consumer = Number(p[3]);
      if (!Number.isSafeInteger(consumer) || consumer < 1) throw new CatalogError('MALFORMED_LISTING', 'a consumer account id');
      return ok(full(catalog, catalog.hideRating(id, consumer, req.operator, reasonOf(req.body))));
    }
    return { status: 404, body: { error: 'NOT_FOUND', message: `no route ${method} ${req.path}` } };
  } catch (error) {
    return fail(error);
  }
}
