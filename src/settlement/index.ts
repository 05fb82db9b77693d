/**
 * On-chain settlement: the public surface. Everything outside src/settlement/
 * imports from here.
 */
export { settlementConfigSchema, SETTLEMENT_DEFAULTS, SETTLEMENT_ENV_FIELDS, type SettlementConfig } from './config.js';
export { startSettlement, type Settlement, type SettlementDeps, type SettlementStatus, type Treasury } from './settlement.js';
export { settlementMetricsText, type SettlementMetricsSource } from './metrics.js';
export { reconciliationHandler, payoutsHandler, statusHandler, jsonSafe, STATEMENT_MONTHS, type HttpHandler, type HttpQuery, type HttpResult, type MonthTotals, type RedemptionMonth, type StatementRedemption, type StatementSources, type VerifiedAt } from './handlers.js';
export { reconcile, accountLedgerWei, deliveryInTransit, LedgerMovingError, ChainMovingError, type ChainMovingReason, type ReconcileOptions, type ReconciliationReport, type Mismatch, type LedgerView, type ChainView, type DepositLog } from './reconcile.js';
export { contractChainView } from './chain-view.js';
export { rpcChainView } from './rpc-chain-view.js';
export { freePort } from '../runtime/free-port.js';
export { startLocalChain, probeChainId, HARDHAT_KEYS, LOCAL_CHAIN_ID, LocalChainError, type LocalChain } from './local-chain.js';
export { WELL_KNOWN_DEV_KEYS } from './hardhat-keys.js';
export { deployContracts, contractAt, type Deployment, type DeployOptions } from './deploy.js';
export { connectChain, verifyDeployment, bindContracts, type ChainContracts } from './chain.js';
export { batchContentHash, encodeSettleCall, batchTuple, type SettlementBatch, type BalanceChange, type RightsChange, type SeriesListing, type BatchWithdrawal } from './batch.js';
export { Netting, ledgerAddress, forwardRulesOf, NO_FORWARDS, type CutBatch, type ProviderStatement, type ForwardStatement, type ForwardRules } from './netting.js';
export { MONTH_TOTALS_VERSION, SettlementStore, storeDir, type AggregatedDeposits, type OutboxRecord, type PaidMonth, type PayoutEntry, type PayoutMonth, type RecordedThrough, type UnmatchedDeposit } from './store.js';
export { Participants } from './participants.js';
export { BatchSettler, type SettlerOptions, type CrashPoint } from './settler.js';
export { ChainWatcher, type AggregatedCredit, type WatcherOptions } from './watcher.js';
export { decodeRevert, type DecodedRevert } from './revert.js';
export {
  SettlementConfigError,
  ChainUnreachableError,
  ChainReplacedError,
  WrongChainError,
  BadContractAddressError,
  SettlementStateError,
  BatchRevertedError,
  OutboxCorruptError,
  SettlementWaitError,
  SettlementInputError,
  BlockStateUnavailableError,
  type SettlementWaitReason,
} from './errors.js';
export { loadArtifacts } from './contracts/artifacts.js';
export { reconcileDataDir, type OfflineOptions } from './offline.js';
export { readDeployment, readRuntime, type SettlementRuntime } from './data-files.js';
export { payoutStatement, utcMonth } from './payout-statement.js';
export { startPersistentChain, CHAIN_STATE_FILE, type PersistentChainOptions } from './anvil-chain.js';
export type { SettleNowResult } from './settler.js';
export { SETTLEMENT_OPERATIONS } from './operations.js';
