/** Why the grant ledger refuses a request (each code's HTTP status: routes.ts). */

export const GRANT_ERRORS = [
  'UNKNOWN_GRANT',
  'NOT_YOUR_GRANT',
  'MALFORMED_REPORT',
  'FORGED_REQUEST',
  'MALFORMED_RECEIPT',
  'BAD_DELIVERY_SIGNATURE',
  'RECEIPT_REPLAYED',
  'OVER_QUANTITY',
  'MALFORMED_FAILURE',
  'ALREADY_REPORTED',
  'NOTHING_OWED',
  'MALFORMED_EVIDENCE',
  'NOT_RECEIPTED',
  'RECORDS_NOT_AS_SIGNED',
  'CONFORMANCE_CHECKED',
  'NO_LISTING',
  // Claims (POST /v1/grants/{id}/claims): ClaimRefusal.
  'ALREADY_DELIVERED',
  'CLAIM_EXISTS',
  'DISPUTE_WINDOW_CLOSED',
  'NO_ESCROW',
  'ESCROW_CLOSED',
  // Rules 5: evidence, claims and disputes.
  'MALFORMED_CLAIM',
  'EVIDENCE_OF_DELIVERY',
  'NO_EVIDENCE',
  'FORGED_PUSH',
  'MALFORMED_DECISION',
  'NO_OPEN_DISPUTE',
  'INVALID_DECISION',
  // Usage grants (issue 81): a claim on one is refused, its unused units are refunded at its end.
  'USAGE_GRANT',
  // A list of grants paged by offset past MAX_GRANTS_OFFSET (grant-pages.ts): page after a cursor instead.
  'OFFSET_TOO_DEEP',
  // A write stored on this node that the catalog stream did not take (a replicated group's leader deposed or stopping).
  'NOT_REPLICATED',
] as const;
export type GrantErrorCode = (typeof GRANT_ERRORS)[number];

/** Why a claim is refused (POST /v1/grants/{id}/claims), besides UNKNOWN_GRANT and NOT_YOUR_GRANT. */
export type ClaimRefusal = 'ALREADY_DELIVERED' | 'CLAIM_EXISTS' | 'DISPUTE_WINDOW_CLOSED' | 'NO_ESCROW' | 'ESCROW_CLOSED' | 'EVIDENCE_OF_DELIVERY' | 'NO_EVIDENCE' | 'USAGE_GRANT';

export class GrantError extends Error {
  override readonly name = 'GrantError';
  constructor(
    readonly code: GrantErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The refusal of a grant id that names no grant, or one the signer has no part in: the same code, status and message
 * for both, so the answer says nothing about which ids exist (as the engine's subscriptions and invitations do).
 */
export function unknownGrant(grantId: number): GrantError {
  return new GrantError('UNKNOWN_GRANT', `no grant ${grantId}`);
}
