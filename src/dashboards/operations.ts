/**
 * The dashboards' HTTP operations: rows of the gateway's route registry (src/http-registry),
 * served by routes.ts and described in /openapi.json. Both are the signer's own: an `account`
 * that is not the signer's is refused (NOT_YOUR_ACCOUNT), a listing another provider's (NOT_OWNER).
 */
import { z } from 'zod';
import { field, ROWS_PER_READ_UNIT, type Operation, type ReadCostContext } from '../http-registry/index.js';
import { BUCKETS, bucketWindow, MAX_BUCKETS, WindowRefusal } from './buckets.js';
import { HOUR_MS } from './figures.js';

/** Milliseconds since the Unix epoch, as the query carries them (up to the year 275760). */
const instant = (what: string) => field.int(0, 8_640_000_000_000_000, what);

const windowQuery = {
  account: field.id("the signer's own account id (another account's is refused: NOT_YOUR_ACCOUNT)").optional(),
  bucket: field.oneOf(BUCKETS, `bucket size (default hour): at most ${MAX_BUCKETS.hour} hours or ${MAX_BUCKETS.day} days in one read`).optional(),
  from: instant("the window's start, ms since the epoch (floored to a bucket; default: 48 hours or 30 days before `to`)").optional(),
  to: instant("the window's end, ms since the epoch (ceiled to a bucket; default: now)").optional(),
};

export const providerDashboardQuery = z.object({ ...windowQuery, listing: field.id('one of your listings (default: all of them)').optional() });
export const consumerDashboardQuery = z.object(windowQuery);

/**
 * The hours a dashboard's window spans (its query checked already): each an hourly record read (LMDB, on the engine's
 * thread) of the figures, and of each listing's trust. 0 for a window the route refuses before it reads anything.
 */
export function dashboardHours(query: URLSearchParams, nowMs: number): number {
  const num = (name: string): number | undefined => (query.has(name) ? Number(query.get(name)) : undefined);
  try {
    const w = bucketWindow((query.get('bucket') ?? 'hour') as (typeof BUCKETS)[number], nowMs, num('from'), num('to'));
    return (w.toMs - w.fromMs) / HOUR_MS;
  } catch (e) {
    if (e instanceof WindowRefusal) return 0;
    throw e;
  }
}

/**
 * A dashboard's `readCost` (the account's read budget): one unit, and one per ROWS_PER_READ_UNIT hourly records it may
 * read: the figures' hours, and for a provider each listing's trust samples over them (`listings`: those it covers).
 * The default window (48 hours) costs 6 for a consumer, 11 for a provider with one listing; a year by day, 880 and 1,758.
 */
export function dashboardReadCost(query: URLSearchParams, at: ReadCostContext, listings = 0): number {
  return 1 + Math.ceil((dashboardHours(query, at.nowMs) * (1 + listings)) / ROWS_PER_READ_UNIT);
}

const WINDOW_ERRORS = 'TOO_MANY_BUCKETS (the window holds more buckets than one read answers: details say how many), EMPTY_WINDOW';

export const DASHBOARD_OPERATIONS: readonly Operation[] = [
  {
    method: 'GET',
    path: '/v1/dashboard/provider',
    operationId: 'getProviderDashboard',
    summary: "A provider's own figures over time, per listing or all: rights sold and their PAT, rights redeemed, delivered and evidenced, deliveries, PAT released and refunded, ratings, trust and its components",
    tags: ['provider'],
    security: 'wallet',
    query: providerDashboardQuery,
    // The listings' count is the catalog's: routes.ts gives the row its readCost (dashboardReadCost over them).
    responses: { 200: { description: '{accountId, listingId, bucket, bucketMs, fromMs, toMs, listings, buckets: [{startMs, figures…, ratings, meanStars, trust}], totals, trustNow} (docs/dashboards.md)' } },
    errors: { 400: WINDOW_ERRORS, 403: 'NOT_YOUR_ACCOUNT, NOT_A_PROVIDER, NOT_OWNER (the listing is another provider\'s)', 404: 'UNKNOWN_LISTING' },
  },
  {
    method: 'GET',
    path: '/v1/dashboard/consumer',
    operationId: 'getConsumerDashboard',
    summary: "An account's own figures as a buyer over time: rights bought and PAT spent, rights exercised and delivered against those bought, refunds, its subscriptions' fills, skips and exercises",
    tags: ['account'],
    security: 'wallet',
    query: consumerDashboardQuery,
    readCost: (query, at) => dashboardReadCost(query, at),
    responses: { 200: { description: '{accountId, bucket, bucketMs, fromMs, toMs, buckets: [{startMs, figures…}], totals, rightsHeldNow} (docs/dashboards.md)' } },
    errors: { 400: WINDOW_ERRORS, 403: 'NOT_YOUR_ACCOUNT' },
  },
];
