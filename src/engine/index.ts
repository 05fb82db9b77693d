/**
 * The exchange core's public surface. Everything outside src/engine/ imports from
 * here, never from the files behind it.
 */
export * from './commands.js';
export * from './events.js';
export * from './reject-reason.js';
export * from './money.js';
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
export { CURRENT_RULES, MARKET_INDEX_RULES, MAX_POSITION_RIGHTS } from './rules.js';
export { EventLog } from './event-log.js';
export { Account, Position } from './account.js';
export { Series, CounterpartyRule, DeliveryPhase, ForwardState, type SeriesSpec } from './series.js';
export { MAX_DELIVERY_POSITIONS } from './forwards.js';
export { BookStore, OrderBook } from './order-book.js';
export {
  parseContractKey,
  formatContractKey,
  isContractKey,
  areSubstitutes,
  contractTermsKey,
  ContractKeyError,
  type ContractKey,
} from './contract-key.js';
export { encodeState, decodeState, stateHash, hashStateBytes, StateCodecError } from './state-codec.js';
export {
  Journal,
  JournalCorruptError,
  SnapshotCorruptError,
  JournalRefusedError,
  JournalFormatError,
  parseJournalRecord,
  type JournalRecord,
  type Durability,
  type JournalBatch,
  type StoredSnapshot,
} from './journal.js';
export {
  Sequencer,
  SequencerBusyError,
  SequencerStoppedError,
  DiskLowError,
  diskShortfall,
  takenWhileDiskLow,
  DEFAULT_SEQUENCER_OPTIONS,
  type DiskRefusal,
  type SequencerOptions,
  type CommandResult,
  type CommandSender,
  type ReleasedBatch,
  type TurnJournal,
} from './sequencer.js';
export { recover, replayJournal, RecoveryError, type Recovered } from './recovery.js';
export { encodeCommands, decodeCommands, CommandCodecError } from './command-codec.js';
export {
  scheduleCommands,
  parseContractSpecs,
  contractSpecSchema,
  contractSpecListSchema,
  windowAt,
  type ContractSpec,
  type ListedSeriesView,
  type OptionStrikes,
} from './listing-schedule.js';
export { executionReports, executionReportsInto, ExecType, OrdStatus, type ExecutionReport } from './execution-report.js';
