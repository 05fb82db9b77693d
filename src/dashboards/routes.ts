/**
 * The dashboards over HTTP (operations.ts; docs/dashboards.md), wallet-signed, the signer's own:
 *
 *   GET /v1/dashboard/provider?listing=&bucket=hour|day&from=&to=   a provider's figures over time
 *   GET /v1/dashboard/consumer?bucket=hour|day&from=&to=            an account's figures as a buyer
 *
 * The figures are the journal's (figures.ts), ratings the catalog's (each rating at its time),
 * trust the sampled history (trust-history.ts). Every read is bounded: at most MAX_BUCKETS buckets,
 * each a sum of at most 24 hourly records per listing asked. Errors are the house shape; nothing changes.
 */
import { CatalogError, type Catalog, type Listing, type TrustScore } from '../catalog/index.js';
import { Role } from '../engine/index.js';
import type { HttpReply, HttpRequestInfo, MountedRoute, ReadCostContext } from '../http-registry/index.js';
import { bucketWindow, carryForward, sumIntoBuckets, WindowRefusal, type BucketWindow } from './buckets.js';
import { ALL_LISTINGS, CONSUMER_FIELDS, PROVIDER_FIELDS, type DashboardFigures } from './figures.js';
import { consumerDashboardQuery, DASHBOARD_OPERATIONS, dashboardReadCost, providerDashboardQuery } from './operations.js';
import { TRUST_FIELDS, type TrustHistory, type TrustSample } from './trust-history.js';

export interface DashboardRouteDeps {
  figures: DashboardFigures;
  trust: TrustHistory;
  catalog: Catalog;
  /** An account's role (undefined: no such account). */
  roleOf: (accountId: number) => Role | undefined;
  /** The rights an account holds now and may exercise, over every series. */
  rightsHeldOf: (accountId: number) => number;
  clock: () => number;
}

class DashboardRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function refusal(error: unknown): HttpReply {
  if (error instanceof WindowRefusal) return { status: 400, body: { error: error.code, message: error.message, details: error.details } };
  if (error instanceof DashboardRefusal) return { status: error.status, body: { error: error.code, message: error.message } };
  if (error instanceof CatalogError) return { status: error.code === 'UNKNOWN_LISTING' ? 404 : 403, body: { error: error.code, message: error.message } };
  throw error;
}

/** The query as its row's schema reads it (the gateway checked it already), with the signer's own account. */
function windowOf<Q extends { account?: number | undefined; bucket?: 'hour' | 'day' | undefined; from?: number | undefined; to?: number | undefined }>(req: HttpRequestInfo, q: Q, nowMs: number): BucketWindow {
  if (q.account !== undefined && q.account !== req.accountId) throw new DashboardRefusal(403, 'NOT_YOUR_ACCOUNT', `account ${q.account} is not the signer's (${req.accountId}): a dashboard is its owner's only`);
  return bucketWindow(q.bucket ?? 'hour', nowMs, q.from, q.to);
}

function totalsOf<F extends string>(fields: readonly F[], rows: ReadonlyArray<Record<F, number>>): Record<F, number> {
  const out = {} as Record<F, number>;
  for (const f of fields) out[f] = rows.reduce((n: number, r) => n + r[f], 0);
  return out;
}

/** Visible ratings given in each bucket: how many, and their mean stars (a rating given again counts at its newest time). */
function ratingsIn(w: BucketWindow, listings: readonly Listing[]): Array<{ ratings: number; meanStars: number | null }> {
  const stars = w.starts.map(() => ({ n: 0, sum: 0 }));
  for (const l of listings) {
    for (const r of l.ratings) {
      if (r.status !== 'visible' || r.atMs < w.fromMs || r.atMs >= w.toMs) continue;
      const b = stars[Math.floor((r.atMs - w.fromMs) / w.bucketMs)]!;
      b.n++;
      b.sum += r.stars;
    }
  }
  return stars.map(({ n, sum }) => ({ ratings: n, meanStars: n === 0 ? null : sum / n }));
}

/** Trust per bucket: the listing's newest sample by the bucket's end; over several listings, each component's mean among those sampled. */
async function trustIn(trust: TrustHistory, w: BucketWindow, listingIds: readonly number[]): Promise<Array<TrustSample | null>> {
  const perListing = await Promise.all(
    listingIds.map(async (id) => {
      const { before, hours } = await trust.samplesOf(id, w.fromMs, w.toMs);
      return carryForward(w, before, hours);
    }),
  );
  return w.starts.map((_, i) => {
    const sampled = perListing.map((s) => s[i]).filter((s): s is TrustSample => s !== undefined);
    if (sampled.length === 0) return null;
    const mean = {} as TrustSample;
    for (const f of TRUST_FIELDS) {
      const values = sampled.map((s) => s[f]).filter((v): v is number => v !== null);
      mean[f] = values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
    }
    return mean;
  });
}

export function dashboardRoutes(d: DashboardRouteDeps): MountedRoute[] {
  const provider: MountedRoute = {
    // Paid by the trust samples of every listing it covers: one named, else all the provider's (up to its quota, 100).
    operations: DASHBOARD_OPERATIONS.filter((o) => o.operationId === 'getProviderDashboard').map((o) => ({
      ...o,
      readCost: (query: URLSearchParams, at: ReadCostContext) => dashboardReadCost(query, at, query.has('listing') ? 1 : Math.max(1, d.catalog.listingsOf(at.accountId).length)),
    })),
    async handle(req) {
      try {
        const q = providerDashboardQuery.parse(Object.fromEntries(req.query));
        const w = windowOf(req, q, d.clock());
        if (d.roleOf(req.accountId) !== Role.PROVIDER) throw new DashboardRefusal(403, 'NOT_A_PROVIDER', `account ${req.accountId} is not a provider: its dashboard is GET /v1/dashboard/consumer`);
        const own = d.catalog.listingsOf(req.accountId);
        const listings = q.listing === undefined ? own : [d.catalog.ownedListing(q.listing, req.accountId)];
        const hours = await d.figures.providerHours(req.accountId, q.listing ?? ALL_LISTINGS, w.fromMs, w.toMs);
        const sums = sumIntoBuckets(w, PROVIDER_FIELDS, hours);
        const ratings = ratingsIn(w, listings);
        const trust = await trustIn(
          d.trust,
          w,
          listings.map((l) => l.id),
        );
        const buckets = sums.map((s, i) => ({ ...s, ...ratings[i]!, trust: trust[i]! }));
        const trustNow: TrustScore | null = q.listing === undefined ? null : d.catalog.score(listings[0]!);
        return {
          status: 200,
          body: {
            accountId: req.accountId,
            listingId: q.listing ?? null,
            bucket: w.bucket,
            bucketMs: w.bucketMs,
            fromMs: w.fromMs,
            toMs: w.toMs,
            listings: own.map((l) => ({ id: l.id, title: l.versions.at(-1)!.title, segment: l.segment, status: l.status })),
            buckets,
            totals: { ...totalsOf(PROVIDER_FIELDS, sums), ratings: ratings.reduce((n, r) => n + r.ratings, 0) },
            trustNow,
          },
        };
      } catch (error) {
        return refusal(error);
      }
    },
  };
  const consumer: MountedRoute = {
    operations: DASHBOARD_OPERATIONS.filter((o) => o.operationId === 'getConsumerDashboard'),
    async handle(req) {
      try {
        const q = consumerDashboardQuery.parse(Object.fromEntries(req.query));
        const w = windowOf(req, q, d.clock());
        const buckets = sumIntoBuckets(w, CONSUMER_FIELDS, await d.figures.consumerHours(req.accountId, w.fromMs, w.toMs));
        return {
          status: 200,
          body: { accountId: req.accountId, bucket: w.bucket, bucketMs: w.bucketMs, fromMs: w.fromMs, toMs: w.toMs, buckets, totals: totalsOf(CONSUMER_FIELDS, buckets), rightsHeldNow: d.rightsHeldOf(req.accountId) },
        };
      } catch (error) {
        return refusal(error);
      }
    },
  };
  return [provider, consumer];
}
