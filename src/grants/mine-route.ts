/**
 * GET /v1/grants/mine (a consumer's grants, newest first), /mine/{id} (one grant, its consumer's or its provider's),
 * /mine/{id}/receipts (the receipts accepted on it, a page at a time) and /mine/{id}/proof (grant-proof.ts).
 */
import type { HttpReply, HttpRequestInfo, MountedRoute } from '../http-registry/index.js';
import { unknownGrant } from './grant-error.js';
import { grantSeenBy, type OrganisationOf } from './grant-parties.js';
import { grantProofReply, RecentTrees, type BatchOfSeq } from './grant-proof.js';
import type { GrantRecord } from './grant-record.js';
import { grantList } from './grant-list.js';
import { grantIdOf, notFound, queryInteger, withLedger } from './grant-replies.js';
import { grantView } from './grant-view.js';
import { DETAIL_PAGE, type GrantLedger } from './ledger.js';
import { GRANT_OPERATIONS as OPS } from './operations.js';

/** Receipts a page lists at most (GET /v1/grants/mine/{id}/receipts?after=&limit=; by default DETAIL_PAGE). */
const MAX_RECEIPTS_PAGE = 1_000;

export function mineRoute(ledger: () => GrantLedger | undefined, batchOf: BatchOfSeq, organisationOf: OrganisationOf | undefined): MountedRoute {
  const batchTrees = new RecentTrees();
  return {
    operations: [OPS.mine, OPS.one, OPS.proof, OPS.grantReceipts],
    handle: withLedger(ledger, async (l, req) => {
      const [id, more, extra] = req.path.slice('/v1/grants/mine'.length).split('/').filter((p) => p !== '');
      if (req.method !== 'GET' || extra !== undefined || (more !== undefined && more !== 'proof' && more !== 'receipts')) return notFound(req);
      if (id === undefined) return consumerGrants(l, req);
      const grantId = grantIdOf(id);
      const r = await l.get(grantId);
      if (r === undefined || !grantSeenBy(r, req.accountId, organisationOf)) throw unknownGrant(grantId);
      if (more === undefined) return { status: 200, body: grantView(r) };
      if (more === 'receipts') return receiptsPage(l, r, req.query);
      return grantProofReply(l, r, id, batchOf, batchTrees);
    }),
  };
}

/** The consumer's grants, a page before a grant id or by offset (grant-list.ts), of one exercise when `exercise` names it. */
async function consumerGrants(l: GrantLedger, req: HttpRequestInfo): Promise<HttpReply> {
  const exercise = req.query.get('exercise') === null ? undefined : queryInteger(req.query, 'exercise', 1, Number.MAX_SAFE_INTEGER, 0);
  return grantList(l, 'consumer', req.accountId, req.query, exercise);
}

/** A grant's receipts by nonce after `after`; `next` is the last one's nonce when the page is full. */
function receiptsPage(l: GrantLedger, r: GrantRecord, query: URLSearchParams): HttpReply {
  const after = query.get('after') ?? ''; // a nonce: the route's query schema checked it
  const limit = queryInteger(query, 'limit', 1, MAX_RECEIPTS_PAGE, DETAIL_PAGE);
  const receipts = l.receiptsOf(r.signed.grant.grantId, after, limit);
  return { status: 200, body: { receipts, next: receipts.length === limit ? receipts.at(-1)!.nonce : null } };
}
