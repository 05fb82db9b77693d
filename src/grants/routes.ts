/**
 * Access grants over HTTP (docs/delivery.md):
 *
 *   public    GET  /v1/grants/signer             the domain and the signer's address (what a gate trusts)
 *   consumer  (wallet-signed) GET /v1/grants/mine?exercise=&offset=&limit=   its grants, newest first
 *             GET /v1/grants/mine/{id}           one grant (its consumer's or its provider's)
 *             GET /v1/grants/mine/{id}/proof     once its batch settled: the batch, the leaf and the
 *                                                Merkle proof to check on-chain (registry.isGrantCommitted)
 *             GET /v1/grants/mine/{id}/receipts  the receipts accepted on it
 *             POST /v1/grants/{id}/receipts {use, nonce, records, sha256, deliverySignature}
 *                                                its receipt for a download: the provider's signed delivery statement
 *             POST /v1/grants/{id}/delivery-failures {reason: unreachable | timeout | server-error}
 *                                                its client could not get the records (once per grant)
 *             POST /v1/grants/{id}/conformance {nonce, records}
 *                                                a receipted request's records, measured against the
 *                                                listing (docs/catalog.md, "Conformance"; once per receipt)
 *             POST /v1/grants/{id}/claims        it was not served: a claim against the grant's held
 *                                                proceeds (docs/delivery.md, "Escrow, claims and refunds")
 *   provider  (wallet-signed) GET /v1/provider/grants?offset=&limit=   the grants it owes delivery on
 *             POST /v1/deliveries {grantId, rights, outcome, request}  its gate's report, with the
 *                                                gate request the grant's consumer signed
 *
 * Errors are the house shape `{error: CODE, message}`; nothing changes on one. A grant id that is not the
 * signer's to see is answered exactly as one that names no grant (`unknownGrant`: UNKNOWN_GRANT, 404, the same
 * message), so a stranger cannot enumerate ids; NOT_YOUR_GRANT is left for the parties that know the grant exists
 * (its provider doing a consumer's step, its consumer reporting as a provider).
 *
 * One module a route: mine-route.ts, receipt-route.ts, provider-routes.ts, claim-route.ts; how they refuse is
 * grant-replies.ts, what a grant looks like grant-view.ts. This module composes them and serves the operator's disputes.
 */
import type { HttpReply, MountedRoute } from '../http-registry/index.js';
import { parseDecision } from './bodies.js';
import { claimRoute, type FileClaim } from './claim-route.js';
import type { OrganisationOf } from './grant-parties.js';
import type { BatchOfSeq } from './grant-proof.js';
import type { GrantRecord } from './grant-record.js';
import { fail, grantIdOf, grantsUnavailable, statusOfCode } from './grant-replies.js';
import { grantView } from './grant-view.js';
import type { GrantLedger } from './ledger.js';
import { mineRoute } from './mine-route.js';
import { GRANT_OPERATIONS as OPS } from './operations.js';
import { deliveriesRoute, owedRoute, revocationsRoute, type RoleOf } from './provider-routes.js';
import { receiptRoute, type ConformanceCheck } from './receipt-route.js';

/**
 * The routes, one module each; `ledger()` is undefined until grants are issued (the service starts them after
 * settlement). `fileClaim` submits a claim (absent: claims answer 503); `clock` is the service's; `checkConformance`
 * measures conformance evidence (absent: that route is not served); `organisationOf` lets members act on their
 * organisation's grants (absent: only a grant's consumer); `roleOf` keeps the owed grants to providers.
 */
export function grantRoutes(ledger: () => GrantLedger | undefined, batchOf: BatchOfSeq = () => undefined, fileClaim?: FileClaim, clock: () => number = Date.now, checkConformance?: ConformanceCheck, organisationOf?: OrganisationOf, roleOf?: RoleOf): MountedRoute[] {
  return [
    mineRoute(ledger, batchOf, organisationOf),
    receiptRoute(ledger, checkConformance, organisationOf),
    owedRoute(ledger, roleOf),
    revocationsRoute(ledger),
    deliveriesRoute(ledger),
    claimRoute(ledger, fileClaim, clock, organisationOf),
  ];
}

/** The operator's side of disputes (rules 5): the grants with one open (the engine's), and the decision. */
export interface DisputeDesk {
  open(): number[];
  decide(actor: number, grantId: number, refundQty: number, chargeProviderMicros: number): Promise<{ refused: string } | { resolved: { undeliveredQty: number; refundMicros: number; fromHeldMicros: number; fromProviderMicros: number; shortfallMicros: number; releasedMicros: number }; upheldQty: number }>;
}

/** The most disputes one page lists. */
const DISPUTES_PAGE = 200;

/**
 * A dispute as the operator weighs it: the grant, its escrow, the evidence from both sides, and the consumer's receipts (with
 * their conformance), the first DETAIL_PAGE of each by nonce (a grant holds one a request; the grant's `receipts` counts them all).
 */
function disputeView(l: GrantLedger, r: GrantRecord): object {
  const grantId = r.signed.grant.grantId;
  return { ...grantView(r), consumerAccountId: r.consumerAccountId, providerAccountId: r.providerAccountId, evidence: l.evidenceOf(grantId), receiptsDetail: l.receiptsOf(grantId) };
}

/** The operator's dispute rows (GET /operator/disputes, POST /operator/disputes/{id}/decision), served through the operator API (its role table: moderator decides). */
export const DISPUTE_OPERATIONS = [OPS.disputes, OPS.decideDispute];

/**
 * The operator API's dispute routes (`/operator/disputes…`); undefined for paths that are not theirs.
 * `actor` is the deciding operator's engine account.
 */
export async function disputeOperatorRoute(ledger: GrantLedger | undefined, disputes: DisputeDesk, req: { method: string; path: string; body: unknown; actor: () => number; operator: string; nowMs: number }): Promise<HttpReply | undefined> {
  const match = /^\/operator\/disputes(?:\/([^/]+)\/decision)?\/?$/.exec(req.path);
  if (match === null) return undefined;
  if (ledger === undefined) return grantsUnavailable();
  try {
    if (req.method === 'GET' && match[1] === undefined) {
      const ids = disputes.open().slice(0, DISPUTES_PAGE);
      const records = await Promise.all(ids.map((id) => ledger.get(id)));
      return { status: 200, body: { disputes: records.filter((r): r is GrantRecord => r !== undefined).map((r) => disputeView(ledger, r)) } };
    }
    if (req.method !== 'POST' || match[1] === undefined) return undefined;
    const id = grantIdOf(match[1]);
    const b = parseDecision(req.body);
    const result = await disputes.decide(req.actor(), id, b.refundQty, b.chargeProviderMicros);
    if ('refused' in result) {
      const code = DECISION_REFUSALS.has(result.refused) ? result.refused : 'INVALID_DECISION';
      const why = code === 'INVALID_DECISION' ? `: ${DECISION_BOUNDS}` : '';
      return { status: statusOfCode(code), body: { error: code, message: `the decision on grant ${id} was refused: ${result.refused}${why}` } };
    }
    const r = result.resolved;
    // The reason, for both parties and the record: kept beside the journaled decision.
    if (b.note !== undefined && b.note.trim() !== '') await ledger.noteDecision(id, { text: b.note.trim(), operator: req.operator, atMs: req.nowMs });
    return { status: 200, body: { grantId: id, refundQty: r.undeliveredQty, upheldQty: result.upheldQty, refundMicros: r.refundMicros, fromHeldMicros: r.fromHeldMicros, fromProviderMicros: r.fromProviderMicros, shortfallMicros: r.shortfallMicros, releasedMicros: r.releasedMicros, note: b.note ?? null } };
  } catch (error) {
    return fail(error);
  }
}

const DECISION_REFUSALS: ReadonlySet<string> = new Set(['UNKNOWN_GRANT', 'ESCROW_CLOSED', 'NO_OPEN_DISPUTE', 'INVALID_DECISION']);

/** What a decision may do (src/engine/products/escrow.ts, checkDecision): said with its refusal, which names no figure. */
const DECISION_BOUNDS =
  "the rights refunded are at most the undelivered ones, and a charge to the provider at most what the consumer paid for the refunded rights above their held proceeds (so none when no right is refunded) and at most the provider's free PAT";
