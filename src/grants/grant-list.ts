/**
 * A list of grants over HTTP (GET /v1/grants/mine, /v1/provider/grants, /v1/organisations/mine/grants), newest first
 * and paged as the API's other newest-first lists (fills, transfers, orders, trades): `before=<grant id>` (the page
 * before's `next`) asks the grants older than that one, or by offset for the clients written before it. Every page
 * says `next`: the last grant id of the page, to send as `before` for the next one (null on the last). Only a page by
 * offset (no `before`) carries `total`, the count of the grants it pages through up to MAX_GRANTS_COUNTED
 * (`totalCapped` past it): counting visits the grants it counts, and an offset skips as many, so offsets stop at
 * MAX_GRANTS_OFFSET (OFFSET_TOO_DEEP, which says to page with `before`). A page before a grant id counts them too
 * when asked (`count=1`: a pager that shows "of N", the console's deliveries): asked only, so a client walking a
 * million grants by cursor still reads each key about once.
 */
import { field, type HttpReply } from '../http-registry/index.js';
import { MAX_GRANTS_OFFSET } from './grant-pages.js';
import { fail, malformedQuery, queryInteger } from './grant-replies.js';
import { grantView } from './grant-view.js';
import type { GrantLedger } from './ledger.js';

/** A list's page size: 1 to 200, 50 when not asked. */
const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 50;

/** The query fields of a list of grants (the route registry checks them; grantList reads them). */
export const GRANT_LIST_QUERY = {
  before: field.id("grants before this grant id (the previous page's next): older ones; no total is counted unless count=1").optional(),
  count: field.int(0, 1, 'with before, 1 counts the grants listed as a page by offset does (total up to 10,000, totalCapped past it): a pager showing "of N" on every page', 0).optional(),
  offset: field.int(0, 1_000_000_000, `grants to skip, newest first (older clients; at most ${MAX_GRANTS_OFFSET}, deeper is OFFSET_TOO_DEEP: page with before); the answer counts all (total)`, 0).optional(),
  limit: field.int(1, MAX_LIMIT, 'at most this many', DEFAULT_LIMIT).optional(),
};

/** What a list of grants answers, as the route rows describe it. */
export const GRANT_LIST_ANSWER = '{grants, next, total}: newest first; next the `before` of the following page (null on the last); total (all the grants listed, counted up to 10,000: totalCapped true when there are more) on a page by offset, and before a grant id only with count=1';

/** A list's refusals of its query, as the route rows describe them. */
export const GRANT_LIST_REFUSALS = 'OFFSET_TOO_DEEP (an offset past 10,000: page with before), MALFORMED_QUERY (before with offset)';

/** The page `query` asks for of the account's grants (of one exercise with `exerciseId`), or the refusal of a bad query. */
export async function grantList(l: GrantLedger, who: 'consumer' | 'provider', accountId: number, query: URLSearchParams, exerciseId?: number): Promise<HttpReply> {
  try {
    const limit = queryInteger(query, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
    if (query.get('before') === null) {
      const page = await l.grantsOf(who, accountId, queryInteger(query, 'offset', 0, 1_000_000_000, 0), limit, exerciseId);
      const capped = page.totalCapped === true ? { totalCapped: true } : {};
      return { status: 200, body: { total: page.total, ...capped, grants: page.grants.map(grantView), next: page.next ?? null } };
    }
    if (query.get('offset') !== null) throw malformedQuery("before or offset, not both: before pages on from the previous page's next, offset from the newest");
    const page = await l.grantsBefore(who, accountId, queryInteger(query, 'before', 1, Number.MAX_SAFE_INTEGER, 0), limit, exerciseId);
    const counted = queryInteger(query, 'count', 0, 1, 0) === 1 ? await countOf(l, who, accountId, exerciseId) : {};
    return { status: 200, body: { ...counted, grants: page.grants.map(grantView), next: page.next ?? null } };
  } catch (error) {
    return fail(error);
  }
}

/** The grants a list pages through, counted as its first page by offset counts them (a page of one: its count, one grant read). */
async function countOf(l: GrantLedger, who: 'consumer' | 'provider', accountId: number, exerciseId: number | undefined): Promise<{ total: number; totalCapped?: true }> {
  const first = await l.grantsOf(who, accountId, 0, 1, exerciseId);
  return first.totalCapped === true ? { total: first.total, totalCapped: true } : { total: first.total };
}
