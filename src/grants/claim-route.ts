/**
 * POST /v1/grants/{id}/claims: a grant was not served, or not as listed: a claim against its held proceeds, or a
 * dispute the operator decides (docs/delivery.md, "Escrow, claims and refunds"). The ledger's record refuses what it
 * already knows; the engine decides the rest through the sequencer (`FileClaim`).
 */
import type { HttpReply, MountedRoute } from '../http-registry/index.js';
import { parseClaim, type ClaimReason } from './bodies.js';
import { GrantError, unknownGrant } from './grant-error.js';
import type { OrganisationOf } from './grant-parties.js';
import type { GrantRecord } from './grant-record.js';
import { grantIdOf, grantsUnavailable, notFound, statusOfCode, withLedger } from './grant-replies.js';
import type { GrantLedger } from './ledger.js';
import { GRANT_OPERATIONS as OPS } from './operations.js';

/**
 * Submits a consumer's claim through the sequencer: FILE_CLAIM when it says nothing arrived (the
 * claim's due time), FILE_DISPUTE when it says what was wrong with an evidenced delivery (a dispute
 * the operator decides), or the engine's refusal (its reason's name).
 */
export type FileClaim = (accountId: number, grantId: number, reason: ClaimReason) => Promise<FiledClaim>;

type FiledClaim = { dueAtMs: number } | { disputed: true; evidencedQty: number } | { refused: string };

/** The engine's refusals of FILE_CLAIM, as the route's codes (the ledger's checks come first and name most of them). */
const CLAIM_REFUSALS: Record<string, string> = {
  UNKNOWN_GRANT: 'UNKNOWN_GRANT',
  NOT_YOUR_GRANT: 'NOT_YOUR_GRANT',
  ROLE_NOT_ALLOWED: 'NOT_YOUR_GRANT',
  ALREADY_DELIVERED: 'ALREADY_DELIVERED',
  CLAIM_EXISTS: 'CLAIM_EXISTS',
  DISPUTE_WINDOW_CLOSED: 'DISPUTE_WINDOW_CLOSED',
  ESCROW_CLOSED: 'ESCROW_CLOSED',
  EVIDENCE_OF_DELIVERY: 'EVIDENCE_OF_DELIVERY',
  NO_EVIDENCE: 'NO_EVIDENCE',
  USAGE_GRANT: 'USAGE_GRANT',
};

/** What a refusal of a claim means for the consumer: what to do instead. */
const CLAIM_REFUSAL_TEXT: Record<string, string> = {
  EVIDENCE_OF_DELIVERY: 'the provider holds evidence of delivering every undelivered right (your signed request or stream request and its signed statement of what it served, or a push your webhook took): file a dispute saying what was wrong, {"reason": "missing-records"} or {"reason": "nonconforming"}',
  NO_EVIDENCE: 'nothing shows these rights were delivered: a claim that nothing arrived ({"reason": "not-received"}) is refunded without a dispute',
  USAGE_GRANT: "a usage grant's unused units are refunded when its dispute window ends, without a claim; what was delivered wrongly is disputed: {\"reason\": \"missing-records\"} or {\"reason\": \"nonconforming\"}",
};

/** `fileClaim` absent: claims answer 503. */
export function claimRoute(ledger: () => GrantLedger | undefined, fileClaim: FileClaim | undefined, clock: () => number, organisationOf: OrganisationOf | undefined): MountedRoute {
  return {
    operations: [OPS.claims],
    handle: withLedger(ledger, async (l, req) => {
      if (fileClaim === undefined) return grantsUnavailable();
      const match = /^\/v1\/grants\/([^/]+)\/claims\/?$/.exec(req.path);
      if (req.method !== 'POST' || match === null) return notFound(req);
      const id = grantIdOf(match[1]);
      const r = await l.get(id);
      if (r === undefined) throw unknownGrant(id);
      const forbidden = claimantRefusal(r, id, req.accountId, organisationOf);
      if (forbidden !== undefined) return forbidden;
      const reason = parseClaim(req.body);
      const known = claimRefusal(r, clock());
      if (known !== undefined) throw known;
      // A usage grant's unused units come back at its end without a claim; what was delivered wrongly is still disputed.
      if (reason === 'not-received' && r.escrow?.usage !== undefined) throw new GrantError('USAGE_GRANT', `grant ${id} is usage-based: its unused units are refunded when its dispute window ends (${new Date(r.escrow.disputeEndsAtMs).toISOString()}), without a claim`);
      return claimFiledReply(id, reason, await fileClaim(r.consumerAccountId, id, reason));
    }),
  };
}

/**
 * Only the consumer claims, or for an organisation's grant its admins and traders (a claim moves money: a reader
 * downloads, and reports a gate that fails it): ROLE_FORBIDDEN for a reader. Its provider knows the grant:
 * NOT_YOUR_GRANT (thrown); to anyone else it is not there (UNKNOWN_GRANT, thrown).
 */
function claimantRefusal(r: GrantRecord, id: number, accountId: number, organisationOf: OrganisationOf | undefined): HttpReply | undefined {
  if (r.consumerAccountId === accountId) return undefined;
  const org = organisationOf?.(accountId);
  if (org?.accountId !== r.consumerAccountId) throw r.providerAccountId === accountId ? new GrantError('NOT_YOUR_GRANT', `grant ${id} is yours to serve: its consumer claims on it`) : unknownGrant(id);
  if (org.reader) return { status: 403, body: { error: 'ROLE_FORBIDDEN', message: `grant ${id} is your organisation's: its admins and traders claim on it; a reader reports a failed download (POST /v1/grants/${id}/delivery-failures)` } };
  return undefined;
}

/** Why the ledger already knows a claim on this grant would be refused (the engine decides the rest). */
function claimRefusal(r: GrantRecord, nowMs: number): GrantError | undefined {
  const x = r.escrow;
  if (x === undefined) return new GrantError('NO_ESCROW', `grant ${r.signed.grant.grantId} was issued before escrow: nothing is held to claim against`);
  if (x.claim !== undefined) return new GrantError('CLAIM_EXISTS', `a claim on grant ${r.signed.grant.grantId} was filed already (due ${new Date(x.claim.dueAtMs).toISOString()})`);
  if (x.dispute !== undefined && x.dispute.decision === undefined) return new GrantError('CLAIM_EXISTS', `a dispute of grant ${r.signed.grant.grantId} was filed already: the operator decides it`);
  if (x.state === 'delivered' || x.confirmedQty >= r.signed.grant.quantity) return new GrantError('ALREADY_DELIVERED', `every right of grant ${r.signed.grant.grantId} was delivered`);
  if (x.state !== 'held' || nowMs >= x.disputeEndsAtMs) return new GrantError('DISPUTE_WINDOW_CLOSED', `the dispute window of grant ${r.signed.grant.grantId} ended ${new Date(x.disputeEndsAtMs).toISOString()}`);
  return undefined;
}

/** The engine's answer to a claim: refused (its code and what to do instead), a dispute filed (201), or a claim filed (201). */
function claimFiledReply(id: number, reason: ClaimReason, result: FiledClaim): HttpReply {
  if ('refused' in result) {
    const code = CLAIM_REFUSALS[result.refused] ?? result.refused;
    return { status: statusOfCode(code), body: { error: code, message: `the claim on grant ${id} was refused: ${CLAIM_REFUSAL_TEXT[code] ?? result.refused}` } };
  }
  if ('disputed' in result) {
    return { status: 201, body: { grantId: id, dispute: { reason, evidencedQty: result.evidencedQty }, message: 'dispute filed: the provider holds evidence of delivering; the operator decides, and nothing is refunded or released before' } };
  }
  return { status: 201, body: { grantId: id, dueAtMs: result.dueAtMs, message: 'claim filed: unless the provider delivers by dueAtMs, you are refunded, for the rights nothing shows were delivered, what the provider was paid for them' } };
}
