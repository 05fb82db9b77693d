/**
 * The exchange core's public surface. Everything outside src/engine/ imports from
 * here, never from the files behind it.
 */
export * from './core/commands.js';
export * from './core/events.js';
export * from './core/reject-reason.js';
export * from './core/money.js';
export {
  Engine,
  EngineInvariantError,
  DEFAULT_LIMITS,
  UNGOVERNED_PHASE,
  MAX_PHASE,
  MAX_SETTLEMENT_WITHDRAWALS,
  requiredPhase,
  type EngineLimits,
} from './engine.js';
export { EmbeddedEngine } from './embedded.js';
export { CURRENT_RULES, MARKET_INDEX_RULES, MAX_POSITION_RIGHTS, THIN_MID_RULES } from './products/rules.js';
export { MAX_PENDING_WITHDRAWALS, OWN_DEPOSIT_RULES, PENDING_WITHDRAWALS_RULES, payoutsHeld } from './core/account-funds.js';
export { PRIVATE_GRANT_IDS_RULES } from './products/escrow.js';
export { WRITER_SALES_MARGIN_RULES } from './products/options.js';
export { REDUCING_LOSS_RULES } from './products/synthetics.js';
export { BUNDLE_MARGIN_RULES } from './products/bundles.js';
export { priceBandFloorMicros, PRICE_BAND_FLOOR_RULES } from './core/order-entry.js';
export { EventLog } from './core/event-log.js';
export { Account, Position } from './core/account.js';
export { Series, CounterpartyRule, counterpartyOf, DeliveryPhase, ForwardState, type SeriesSpec } from './core/series.js';
export { MAX_DELIVERY_POSITIONS } from './products/forwards.js';
export { BookStore, OrderBook } from './core/order-book.js';
export {
  parseContractKey,
  formatContractKey,
  isContractKey,
  areSubstitutes,
  contractTermsKey,
  ContractKeyError,
  type ContractKey,
} from './core/contract-key.js';
export { encodeState, decodeState, stateHash, hashStateBytes, StateCodecError } from './durability/state-codec.js';
export {
  Journal,
  JournalCorruptError,
  SnapshotCorruptError,
  JournalRefusedError,
  JournalDamagedError,
  JournalFormatError,
  parseJournalRecord,
  type JournalRecord,
  type Durability,
  type JournalBatch,
  type StoredSnapshot,
} from './durability/journal.js';
export {
  Sequencer,
  SequencerBusyError,
  SequencerStoppedError,
  DiskLowError,
  UnwritableCommandError,
  diskShortfall,
  takesRiskAway,
  DEFAULT_SEQUENCER_OPTIONS,
  type DiskRefusal,
  type SequencerOptions,
  type CommandResult,
  type CommandSender,
  type ReleasedBatch,
  type ReadTurn,
  type TurnJournal,
} from './durability/sequencer.js';
export { newerRulesAdopted, newestSoundSnapshot, recover, replayJournal, RecoveryError, type DamagedSnapshot, type DamagedSnapshotPolicy, type Recovered } from './durability/recovery.js';
export { encodeCommands, decodeCommands, CommandCodecError } from './durability/command-codec.js';
export {
  scheduleCommands,
  parseContractSpecs,
  contractSpecSchema,
  contractSpecListSchema,
  windowAt,
  type ContractSpec,
  type ListedSeriesView,
  type OptionStrikes,
} from './core/listing-schedule.js';
export { executionReports, executionReportsInto, ExecType, OrdStatus, type ExecutionReport } from './core/execution-report.js';
export type { Subscription } from './products/subscriptions.js';
export { tierKey, type TierSubscription, type ListingTiers } from './products/tiers.js';
export { walkAsks, BundleInvariantError } from './products/bundles.js';
export { Organisation, organisationAddress, MAX_ORGANISATION_MEMBERS, MAX_ORGANISATIONS, DISSOLVE_RULES } from './products/organisations.js';
export { OrganisationInvitation, MAX_PENDING_PER_ORGANISATION, MAX_PENDING_PER_INVITEE, INVITATION_TTL_MS } from './products/organisation-invitations.js';
// Last, so that the modules it names are already loaded in this order (the values outside code needs without an engine).
export * from './public-values.js';
