/**
 * Providers' identities and payouts held (docs/providers.md): the operator's private
 * record of each verified provider, its audit, and the operator routes that verify,
 * update and revoke, journaling the engine's `verified` flag.
 */
export { IdentityStore, IDENTITY_FIELDS, type IdentityAuditEntry, type IdentityFields, type ProviderIdentity, type IdentityAction } from './identity-store.js';
export { providerIdentityRoute, payoutsHeld, syncVerification, type ProviderIdentityDeps, type ProviderIdentityRequest, type ProviderIdentityResponse } from './routes.js';
export { PROVIDER_IDENTITY_OPERATIONS } from './operations.js';
