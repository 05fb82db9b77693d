/** Access grants: signed by the exchange on exercise, checked by the provider's gate (docs/delivery.md). */
export * from './grant.js';
export { grantsOfExercise, GRANT_GRACE_MS } from './issue.js';
export { readProviderGrants } from './provider-grants.js';
export {
  GrantLedger,
  GRANT_PROGRESS_SAVE_MS,
  GRANT_SWEEP_MS,
  type DeliveryCountedListener,
  type DisputeSource,
  type ListingCountFilter,
  type ListingDelivery,
  type ProviderMonth,
  type Receipt,
  type StoredReceipt,
} from './ledger.js';
export { GrantLedgerWriteError, type GrantLedgerReplication, type GrantLedgerWrite } from './ledger-replication.js';
export { GrantError, GRANT_ERRORS, type GrantErrorCode } from './grant-error.js';
export type { GrantRecord, GrantEscrowRecord, NotCounted } from './grant-record.js';
export { DELIVERY_OUTCOMES, DELIVERY_FAILURES, type DeliveryFailure, type DeliveryOutcome } from './bodies.js';
export { confirmDelivery, claimFiler, decideDispute, dueEscrowCommands, EscrowSweeper, ESCROW_SWEEP_INTERVAL_MS, recordEvidence, type ConfirmOutcome } from './escrow.js';
export { grantRoutes, disputeOperatorRoute, DISPUTE_OPERATIONS, type DisputeDesk } from './routes.js';
export { grantList, GRANT_LIST_ANSWER, GRANT_LIST_QUERY, GRANT_LIST_REFUSALS } from './grant-list.js';
export { MAX_GRANTS_OFFSET } from './grant-pages.js';
export { grantView, disputeWindowOf, type DisputeWindowState, escrowView } from './grant-view.js';
export type { FileClaim } from './claim-route.js';
export { grantsCommitment, grantProof, NO_GRANTS_ROOT, type GrantCommitment } from './commitment.js';
export { MEMBERSHIP_TTL_MS, MEMBERSHIP_TYPES, membershipDigest, membershipProblem, membershipSigner, signMembership, type MembershipStatement, type SignedMembership } from './membership.js';
