/**
 * Providers' identities and payouts held (docs/providers.md): the operator's private
 * record of each verified provider, its audit, and the operator routes that verify,
 * update, revoke and screen, journaling the engine's `verified` flag; the records replicate
 * with the catalog stream (src/replication/).
 */
export {
  IdentityStore,
  IDENTITY_FIELDS,
  PAYEE_FIELDS,
  PAYEE_TYPES,
  SCREENING_STATUSES,
  payable,
  screeningHolds,
  type IdentityAuditEntry,
  type IdentityAuditField,
  type IdentityFields,
  type IdentityReplication,
  type IdentityWrite,
  type Payee,
  type PayeeType,
  type ProviderIdentity,
  type IdentityAction,
  type Screening,
  type ScreeningStatus,
} from './identity-store.js';
export { providerIdentityRoute, payoutsHeld, syncVerification, type ProviderIdentityDeps, type ProviderIdentityRequest, type ProviderIdentityResponse } from './routes.js';
export { PROVIDER_IDENTITY_OPERATIONS } from './operations.js';
