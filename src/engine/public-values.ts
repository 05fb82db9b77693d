/**
 * The engine's values that code without an engine needs: PAT's units, the bounds on
 * subscriptions and seats, basis-point rounding, the contract spec schema. The web app's
 * catalog forms, the MCP server's amounts and the configuration the CLI reads import them
 * from here, because index.ts also brings the journal (lmdb, Node only) and the whole engine.
 * Node-free: this module and every module it reaches import no package but zod and nothing
 * of Node (test/architecture/layers.test.ts checks). index.ts re-exports it; everything else
 * outside src/engine imports index.ts.
 */
export * from './core/money.js';
export { bpsCeil } from './core/integers.js';
export {
  MAX_SUBSCRIPTIONS_PER_ACCOUNT,
  MAX_SUBSCRIPTIONS,
  MAX_RUN_ACTIONS,
  MAX_SKIPS_LIMIT,
  MAX_WEBHOOK_URL_LENGTH,
  MAX_PUSH_AUTHORISATION_LENGTH,
  MAX_SEGMENT_SEATS,
} from './products/subscriptions.js';
export { TierPriceRule, type TierTerms } from './core/commands.js';
export { tierProblem, MAX_TIERS_PER_LISTING, MAX_TIER_CONTRACTS, MAX_TIER_EVERY_WINDOWS, MAX_TIER_CAP_BPS, MAX_TIER_QTY, TIER_NAME } from './products/tiers.js';
export { MAX_BUNDLE_LEGS } from './products/bundles.js';
export { contractSpecSchema, contractSpecListSchema, parseContractSpecs, type ContractSpec } from './core/listing-schedule.js';
export { UsageUnit, MAX_UNITS_PER_RIGHT } from './core/commands.js';
export { SEGMENT_MAX_LENGTH } from './core/contract-key.js';
