/** Access grants: signed by the exchange on exercise, checked by the provider's gate (docs/delivery.md). */
export * from './grant.js';
export { grantsOfExercise, GRANT_GRACE_MS } from './issue.js';
export { GrantLedger, GrantError, readProviderGrants, DELIVERY_OUTCOMES, GRANT_PROGRESS_SAVE_MS, type GrantRecord, type GrantEscrowRecord, type DeliveryOutcome } from './ledger.js';
export { confirmDelivery, claimFiler, dueEscrowCommands, EscrowSweeper, ESCROW_SWEEP_INTERVAL_MS, type ConfirmOutcome } from './escrow.js';
export { grantRoutes, grantView, escrowView, type FileClaim } from './routes.js';
export { grantsCommitment, grantProof, NO_GRANTS_ROOT, type GrantCommitment } from './commitment.js';
