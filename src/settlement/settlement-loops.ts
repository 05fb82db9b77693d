/**
 * The two loops settlement runs, made from its config: the chain watcher (deposits, withdrawals
 * and governance, confirmed, into the engine) and the batch settler (the engine's fills, netted
 * into batches, onto the vault).
 */
import type { JsonRpcProvider, Wallet } from 'ethers';
import type { AlarmSink } from '../runtime/health.js';
import { bindContracts, type ChainContracts } from './chain.js';
import type { Deployment } from './deploy.js';
import type { Participants } from './participants.js';
import { BatchSettler, type CrashPoint } from './settler.js';
import type { SettlementDeps } from './settlement-deps.js';
import type { SettlementStore } from './store.js';
import { ChainWatcher } from './watcher.js';

/** What both loops work on. */
export interface SettlementGround {
  provider: JsonRpcProvider;
  deployment: Deployment;
  store: SettlementStore;
  participants: Participants;
  alarms: AlarmSink;
}

export function chainWatcher(deps: SettlementDeps, g: SettlementGround, contracts: ChainContracts): ChainWatcher {
  const { config } = deps;
  return new ChainWatcher({
    provider: g.provider,
    vault: contracts.vault,
    governance: contracts.governance,
    store: g.store,
    engine: deps.engine,
    sequencer: deps.sequencer,
    participants: g.participants,
    deployBlock: g.deployment.deployBlock,
    log: deps.logger.child({ module: 'chain-watcher' }),
    alarms: g.alarms,
    options: {
      confirmations: config.confirmations,
      pollIntervalMs: config.pollIntervalMs,
      maxBlockRange: config.maxBlockRange,
      unmatched: { minKeptWei: BigInt(config.unmatchedDeposits.minKeptWei), maxKept: config.unmatchedDeposits.maxKept },
    },
  });
}

/** The settler, sending its batches signed by `signer` (PATX_SETTLER_CRASH_AT: the crash tests' hook). */
export function batchSettler(deps: SettlementDeps, g: SettlementGround, signer: Wallet, env: NodeJS.ProcessEnv): BatchSettler {
  const { config } = deps;
  const crashAt = env.PATX_SETTLER_CRASH_AT as CrashPoint | undefined;
  return new BatchSettler({
    engine: deps.engine,
    sequencer: deps.sequencer,
    journal: deps.journal,
    store: g.store,
    provider: g.provider,
    signer,
    vault: bindContracts(g.deployment, signer).vault,
    deployBlock: g.deployment.deployBlock,
    participants: g.participants,
    log: deps.logger.child({ module: 'batch-settler' }),
    alarms: g.alarms,
    clock: deps.clock ?? Date.now,
    options: {
      confirmations: config.confirmations,
      pollIntervalMs: config.pollIntervalMs,
      batchIntervalMs: config.batchIntervalMs,
      batchMaxFills: config.batchMaxFills,
      batchMaxEntries: config.batchMaxEntries,
      retryBaseMs: config.retryBaseMs,
      retryMaxMs: config.retryMaxMs,
      receiptTimeoutMs: config.receiptTimeoutMs,
      crashAt,
    },
  });
}
