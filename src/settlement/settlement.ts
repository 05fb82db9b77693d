/**
 * Settlement as the service runs it: the chain (a local hardhat node unless an
 * RPC URL is configured), the deployment (configured, remembered under
 * <dataDir>/settlement/deployment.json, or deployed on first start), the
 * settlement store, the chain watcher and the batch settler; reconciliation and
 * the payout ledger on top, as plain handlers the gateway can mount.
 */
import type { JsonRpcProvider } from 'ethers';
import { NO_ALARMS } from '../runtime/health.js';
import { connectChain, verifyDeployment, type ChainContracts } from './chain.js';
import { contractChainView } from './chain-view.js';
import { writeRuntime } from './data-files.js';
import type { Deployment } from './deploy.js';
import type { SettlementDeps } from './settlement-deps.js';
import { Opened } from './opened.js';
import { Participants } from './participants.js';
import { ledgerViewOf, type LedgerView, type ReconciliationReport } from './reconcile.js';
import { openChain, settlerSigner } from './settlement-chain.js';
import { checkVaultHoldsOutbox, resolveDeployment } from './settlement-deployment.js';
import { batchSettler, chainWatcher, type SettlementGround } from './settlement-loops.js';
import type { BatchSettler, SettleNowResult } from './settler.js';
import { StandingReconciliation } from './standing-reconciliation.js';
import { SettlementStore, storeDir, type AggregatedDeposits, type PayoutEntry } from './store.js';
import type { ChainWatcher } from './watcher.js';

export type { SettlementDeps } from './settlement-deps.js';

export interface SettlementStatus {
  rpcUrl: string;
  chainId: number;
  deployment: Deployment;
  settler: { status: string; waitingFor: string | undefined; error: string | undefined; pendingFills: number; pendingThroughSeq: number };
  watcher: { failures: number; lastError: string | undefined };
  /** Deposits from addresses no account has: kept one by one, and aggregated (store.ts; JSON: wei as strings). */
  unmatchedDeposits: { kept: AggregatedDeposits; aggregated: AggregatedDeposits };
  engineSettledBatchId: number;
  lastBatch: { batchId: number; state: string; txHash: string | undefined } | undefined;
}

/** Where the vault credits fee revenue and which account owns it there (docs/fees.md, "Sweeping the fee account"). */
export interface Treasury {
  /** The vault's fee recipient, read now, lower case. */
  feeRecipient: string;
  /** The account at that address (the broker's when it is the broker's on-chain address); undefined: none. */
  accountId: number | undefined;
}

export interface Settlement {
  readonly rpcUrl: string;
  /** The chain's URL for depositors on this machine: the embedded chain's RPC filter when it has one, else rpcUrl. */
  readonly depositorRpcUrl: string;
  readonly deployment: Deployment;
  readonly provider: JsonRpcProvider;
  readonly contracts: ChainContracts;
  readonly store: SettlementStore;
  readonly watcher: ChainWatcher;
  readonly settler: BatchSettler;
  /** Mismatches found by reconciliations so far (the alarm metric). */
  readonly mismatchCount: number;
  reconcile(): Promise<ReconciliationReport>;
  /** The ledger as a reconciliation compares it, given the vault's batch id at the block read; undefined while the settler folds in events. */
  ledgerView(vaultBatchId: number): LedgerView | undefined;
  /** Cuts and settles a batch now (see BatchSettler.settleNow). */
  settleNow(): Promise<SettleNowResult>;
  /** The vault's fee recipient and the treasury account at it (a chain read: rejects when the chain does not answer). */
  treasury(): Promise<Treasury>;
  payouts(accountId: number, fromBatchId?: number, limit?: number): PayoutEntry[];
  status(): SettlementStatus;
  stop(): Promise<void>;
}

/**
 * What it sets up, in order: the chain (the embedded one unless an RPC URL is configured), the
 * settler's key, the deployment and the store (checked against the vault), the watcher and the
 * settler (started), the standing reconciliation. stop() ends them in reverse; a failed start
 * releases what it opened.
 */
export async function startSettlement(deps: SettlementDeps): Promise<Settlement> {
  const { config } = deps;
  const env = deps.env ?? process.env;
  const log = deps.logger.child({ module: 'settlement' });
  const alarms = deps.alarms ?? NO_ALARMS;
  const { rpcUrl, localChain } = await openChain(config, deps.dataDir, env, log, alarms);
  const opened = new Opened(localChain);
  try {
    const provider = await connectChain(rpcUrl, config.chainId, Math.min(config.pollIntervalMs, 1000), config.rpcTimeoutMs);
    opened.add(async () => provider.destroy());
    const signer = settlerSigner(env, localChain !== undefined, provider);
    const deployment = await resolveDeployment(deps, rpcUrl, provider, signer, localChain !== undefined, log);
    const contracts = await verifyDeployment(provider, deployment);
    const store = SettlementStore.open(storeDir(deps.dataDir, deployment));
    opened.add(() => store.close());
    await checkVaultHoldsOutbox(store, contracts, rpcUrl);
    const brokerAddress = config.brokerAddress ?? (await signer.getAddress());
    // For offline tools (`patx reconcile`): where the chain is and who the broker is on it.
    writeRuntime(deps.dataDir, { rpcUrl, chainId: config.chainId, brokerAddress });
    const ground: SettlementGround = { provider, deployment, store, participants: new Participants(deps.engine, brokerAddress), alarms };
    const watcher = chainWatcher(deps, ground, contracts);
    const settler = batchSettler(deps, ground, signer, env);
    settler.start();
    watcher.start();
    log.info({ rpcUrl, ...deployment, settler: await signer.getAddress() }, 'settlement running');
    const ledgerView = (vaultBatchId: number): LedgerView | undefined => {
      if (!settler.consistent) return undefined;
      return ledgerViewOf(deps.engine, settler.pending, [...store.outboxFrom(1)], (id) => ground.participants.addressOf(id), vaultBatchId);
    };
    const reconciliation = new StandingReconciliation(() => contractChainView(contracts.vault, contracts.registry, deployment.deployBlock), ledgerView, log, alarms);
    const treasury = async (): Promise<Treasury> => {
      // Read from the vault each time: its admin may move the fee recipient (setFeeRecipient).
      const feeRecipient = String(await contracts.vault.getFunction('feeRecipient')()).toLowerCase();
      return { feeRecipient, accountId: ground.participants.accountOf(feeRecipient) };
    };
    const running: Running = { rpcUrl, depositorRpcUrl: localChain?.depositorRpcUrl ?? rpcUrl, deployment, provider, contracts, store, watcher, settler, ledgerView, treasury };
    // The shutdown, in one place and in reverse order of start: reconciliation, the two loops, then what start opened.
    const handle = settlementHandle(deps, running, reconciliation, async () => {
      await reconciliation.stop();
      await watcher.stop();
      await settler.stop();
      await opened.closeAll();
      log.info('settlement stopped');
    });
    if (config.reconcileIntervalMs > 0) reconciliation.every(config.reconcileIntervalMs);
    return handle;
  } catch (error) {
    await opened.closeAll();
    throw error;
  }
}

/** What a started settlement is made of. */
type Running = Pick<Settlement, 'rpcUrl' | 'depositorRpcUrl' | 'deployment' | 'provider' | 'contracts' | 'store' | 'watcher' | 'settler' | 'ledgerView' | 'treasury'>;

function settlementHandle(deps: SettlementDeps, r: Running, reconciliation: StandingReconciliation, stop: () => Promise<void>): Settlement {
  return {
    ...r,
    get mismatchCount() {
      return reconciliation.mismatchCount;
    },
    reconcile: () => reconciliation.run(),
    settleNow() {
      return r.settler.settleNow();
    },
    payouts(accountId, fromBatchId = 1, limit = 100) {
      return r.store.payouts(accountId, fromBatchId, limit);
    },
    status: () => statusOf(deps, r),
    stop,
  };
}

function statusOf(deps: SettlementDeps, r: Running): SettlementStatus {
  const last = r.store.lastOutbox();
  const describe = (e: unknown): string | undefined => (e === undefined ? undefined : e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  return {
    rpcUrl: r.rpcUrl,
    chainId: deps.config.chainId,
    deployment: r.deployment,
    settler: {
      status: r.settler.status,
      waitingFor: r.settler.waitingFor,
      error: describe(r.settler.lastError),
      pendingFills: r.settler.pending.fills,
      pendingThroughSeq: r.settler.pending.lastSeq,
    },
    watcher: { failures: r.watcher.failures, lastError: describe(r.watcher.lastError) },
    unmatchedDeposits: { kept: r.store.keptUnmatched(), aggregated: r.store.aggregatedDeposits() },
    engineSettledBatchId: deps.engine.settledBatchId,
    lastBatch: last === undefined ? undefined : { batchId: last.batchId, state: last.state, txHash: last.txHash },
  };
}
