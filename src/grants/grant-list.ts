/**
 * A list of grants over HTTP (GET /v1/grants/mine, /v1/provider/grants, /v1/organisations/mine/grants): a page
 * after a cursor, as Stripe's `starting_after` and Coinbase's `after` page, or by offset for the clients written
 * before it. Every page says `nextCursor`: the last grant id of the page, to send as `after` for the next one (null
 * on the last). Only a page by offset (no `after`) carries `total`, the count of the grants it pages through up to
 * MAX_GRANTS_COUNTED (`totalCapped` past it): counting visits the grants it counts, and an offset skips as many, so
 * offsets stop at MAX_GRANTS_OFFSET (OFFSET_TOO_DEEP, which says to page with `after`).
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
  after: field.id("the page before's nextCursor (its last grant id): the grants older than it; no total is counted").optional(),
  offset: field.int(0, 1_000_000_000, `grants to skip, newest first (older clients; at most ${MAX_GRANTS_OFFSET}, deeper is OFFSET_TOO_DEEP: page with after); the answer counts all (total)`, 0).optional(),
  limit: field.int(1, MAX_LIMIT, 'at most this many', DEFAULT_LIMIT).optional(),
};

/** What a list of grants answers, as the route rows describe it. */
export const GRANT_LIST_ANSWER = '{grants, nextCursor, total}: newest first; nextCursor the `after` of the next page (null on the last); total (all the grants listed, counted up to 10,000: totalCapped true when there are more) only on a page by offset, not after a cursor';

/** The page `query` asks for of the account's grants (of one exercise with `exerciseId`), or the refusal of a bad query. */
export async function grantList(l: GrantLedger, who: 'consumer' | 'provider', accountId: number, query: URLSearchParams, exerciseId?: number): Promise<HttpReply> {
  try {
    const limit = queryInteger(query, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
    const after = query.get('after');
    if (after === null) {
      const page = await l.grantsOf(who, accountId, queryInteger(query, 'offset', 0, 1_000_000_000, 0), limit, exerciseId);
      const capped = page.totalCapped === true ? { totalCapped: true } : {};
      return { status: 200, body: { total: page.total, ...capped, grants: page.grants.map(grantView), nextCursor: page.next ?? null } };
    }
    if (query.get('offset') !== null) throw malformedQuery("after or offset, not both: after pages on from the page before's nextCursor, offset from the newest");
    const page = await l.grantsAfter(who, accountId, queryInteger(query, 'after', 1, Number.MAX_SAFE_INTEGER, 0), limit, exerciseId);
    return { status: 200, body: { grants: page.grants.map(grantView), nextCursor: page.next ?? null } };
  } catch (error) {
    return fail(error);
  }
}
