/**
 * Settlement as the service runs it: the chain (a local hardhat node unless an
 * RPC URL is configured), the deployment (configured, remembered under
 * <dataDir>/settlement/deployment.json, or deployed on first start), the
 * settlement store, the chain watcher and the batch settler; reconciliation and
 * the payout ledger on top, as plain handlers the gateway can mount.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Wallet, type JsonRpcProvider } from 'ethers';
import type { Engine, Journal, Sequencer } from '../engine/index.js';
import type { Logger } from '../runtime/log.js';
import { NO_ALARMS, type AlarmSink } from '../runtime/health.js';
import { bindContracts, connectChain, verifyDeployment, type ChainContracts } from './chain.js';
import type { SettlementConfig } from './config.js';
import { deployContracts, type Deployment } from './deploy.js';
import { ChainReplacedError, SettlementConfigError } from './errors.js';
import { fundLocalDemo } from './local-demo.js';
import { CHAIN_STATE_FILE, startPersistentChain } from './anvil-chain.js';
import { HARDHAT_KEYS, LOCAL_CHAIN_ID, type LocalChain } from './local-chain.js';
import { Participants } from './participants.js';
import { ledgerViewOf, reconcile, type LedgerView, type ReconciliationReport } from './reconcile.js';
import { BatchSettler, type CrashPoint, type SettleNowResult } from './settler.js';
import { SettlementStore, storeDir, type PayoutEntry } from './store.js';
import { DEPLOYMENT_FILE, writeRuntime } from './data-files.js';
import { contractChainView } from './chain-view.js';
import { ChainWatcher } from './watcher.js';

export interface SettlementDeps {
  config: SettlementConfig;
  dataDir: string;
  engine: Engine;
  sequencer: Sequencer;
  journal: Journal;
  logger: Logger;
  clock?: () => number;
  /** Where PATX_SETTLER_KEY (and the crash-test hook) are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where settlement raises and clears its alarms (the operator's alarm board); default: the log lines only. */
  alarms?: AlarmSink;
  /** On a fresh local chain, PAT the broker deposits into the vault at once (see local-demo.ts). */
  brokerFloatPat?: number;
}

export interface SettlementStatus {
  rpcUrl: string;
  chainId: number;
  deployment: Deployment;
  settler: { status: string; waitingFor: string | undefined; error: string | undefined; pendingFills: number; pendingThroughSeq: number };
  watcher: { failures: number; lastError: string | undefined };
  engineSettledBatchId: number;
  lastBatch: { batchId: number; state: string; txHash: string | undefined } | undefined;
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
  payouts(accountId: number, fromBatchId?: number, limit?: number): PayoutEntry[];
  status(): SettlementStatus;
  stop(): Promise<void>;
}

export async function startSettlement(deps: SettlementDeps): Promise<Settlement> {
  const { config, logger } = deps;
  const env = deps.env ?? process.env;
  const clock = deps.clock ?? Date.now;
  const log = logger.child({ module: 'settlement' });
  const alarms = deps.alarms ?? NO_ALARMS;
  let localChain: LocalChain | undefined;
  let rpcUrl = config.rpcUrl;
  if (rpcUrl === undefined) {
    if (config.chainId !== LOCAL_CHAIN_ID) throw new SettlementConfigError(`settlement.chainId ${config.chainId} needs settlement.rpcUrl (the local chain is ${LOCAL_CHAIN_ID})`);
    localChain = await startPersistentChain({
      stateDir: join(deps.dataDir, 'chain'),
      host: config.localChainHost,
      port: config.localChainPort,
      // Their keys are the well-known dev keys here: only the service acts as them, never a stranger through the public endpoint.
      refusedSenders: privilegedLocalAccounts(config, env),
      log,
      confirmations: config.confirmations,
      blockIntervalMs: config.localBlockIntervalMs,
    });
    rpcUrl = localChain.rpcUrl;
    log.info({ rpcUrl, pid: localChain.pid, state: join(deps.dataDir, 'chain', CHAIN_STATE_FILE) }, 'embedded chain (anvil) started');
  }
  const resources: Array<() => Promise<void>> = [];
  const cleanup = async (): Promise<void> => {
    for (const release of resources.reverse()) await release().catch(() => undefined);
    await localChain?.stop();
  };
  try {
    const provider = await connectChain(rpcUrl, config.chainId, Math.min(config.pollIntervalMs, 1000));
    resources.push(async () => provider.destroy());
    const key = env.PATX_SETTLER_KEY ?? (localChain !== undefined ? HARDHAT_KEYS[0] : undefined);
    if (key === undefined) throw new SettlementConfigError('PATX_SETTLER_KEY is not set: the settler needs a key to send batches');
    let signer: Wallet;
    try {
      signer = new Wallet(key, provider);
    } catch (error) {
      throw new SettlementConfigError(`PATX_SETTLER_KEY is not a valid private key: ${(error as Error).message}`);
    }
    const deployment = await resolveDeployment(deps, rpcUrl, provider, signer, localChain !== undefined, log);
    const contracts = await verifyDeployment(provider, deployment);
    const store = SettlementStore.open(storeDir(deps.dataDir, deployment));
    resources.push(() => store.close());
    await checkVaultHoldsOutbox(store, contracts, rpcUrl);
    const brokerAddress = config.brokerAddress ?? (await signer.getAddress());
    // For offline tools (`patx reconcile`): where the chain is and who the broker is on it.
    writeRuntime(deps.dataDir, { rpcUrl, chainId: config.chainId, brokerAddress });
    const participants = new Participants(deps.engine, brokerAddress);
    const signedContracts = bindContracts(deployment, signer);
    const watcher = new ChainWatcher({
      provider,
      vault: contracts.vault,
      governance: contracts.governance,
      store,
      engine: deps.engine,
      sequencer: deps.sequencer,
      participants,
      deployBlock: deployment.deployBlock,
      log: logger.child({ module: 'chain-watcher' }),
      alarms,
      options: { confirmations: config.confirmations, pollIntervalMs: config.pollIntervalMs, maxBlockRange: config.maxBlockRange },
    });
    const crashAt = env.PATX_SETTLER_CRASH_AT as CrashPoint | undefined;
    const settler = new BatchSettler({
      engine: deps.engine,
      sequencer: deps.sequencer,
      journal: deps.journal,
      store,
      provider,
      signer,
      vault: signedContracts.vault,
      deployBlock: deployment.deployBlock,
      participants,
      log: logger.child({ module: 'batch-settler' }),
      alarms,
      clock,
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
    settler.start();
    watcher.start();
    log.info({ rpcUrl, ...deployment, settler: await signer.getAddress() }, 'settlement running');
    let mismatchCount = 0;
    let reconcileTimer: NodeJS.Timeout | undefined;
    let reconciling: Promise<unknown> | undefined;
    // Ends a reconciliation's wait for a block with state (reconcile.ts) when the service stops.
    const stopping = new AbortController();
    const handle: Settlement = {
      rpcUrl,
      depositorRpcUrl: localChain?.depositorRpcUrl ?? rpcUrl,
      deployment,
      provider,
      contracts,
      store,
      watcher,
      settler,
      get mismatchCount() {
        return mismatchCount;
      },
      ledgerView(vaultBatchId) {
        if (!settler.consistent) return undefined;
        return ledgerViewOf(deps.engine, settler.pending, [...store.outboxFrom(1)], (id) => participants.addressOf(id), vaultBatchId);
      },
      async reconcile() {
        const report = await reconcile(contractChainView(contracts.vault, contracts.registry, deployment.deployBlock), (vaultBatchId) => handle.ledgerView(vaultBatchId), { signal: stopping.signal });
        if (!report.ok) {
          mismatchCount += report.mismatches.length;
          log.error({ alarm: 'reconciliation-mismatch', mismatches: report.mismatches.slice(0, 20), count: report.mismatches.length, block: report.block }, 'on-chain state differs from the ledger');
          alarms.raise('reconciliation-mismatch', {
            summary: `${report.mismatches.length} differences between the chain and the ledger at block ${report.block}`,
            details: { mismatches: report.mismatches.length, block: report.block, first: report.mismatches[0] },
          });
        } else {
          alarms.clear('reconciliation-mismatch');
        }
        return report;
      },
      settleNow() {
        return settler.settleNow();
      },
      payouts(accountId, fromBatchId = 1, limit = 100) {
        return store.payouts(accountId, fromBatchId, limit);
      },
      status() {
        const last = store.lastOutbox();
        const describe = (e: unknown): string | undefined => (e === undefined ? undefined : e instanceof Error ? `${e.name}: ${e.message}` : String(e));
        return {
          rpcUrl: rpcUrl!,
          chainId: config.chainId,
          deployment,
          settler: {
            status: settler.status,
            waitingFor: settler.waitingFor,
            error: describe(settler.lastError),
            pendingFills: settler.pending.fills,
            pendingThroughSeq: settler.pending.lastSeq,
          },
          watcher: { failures: watcher.failures, lastError: describe(watcher.lastError) },
          engineSettledBatchId: deps.engine.settledBatchId,
          lastBatch: last === undefined ? undefined : { batchId: last.batchId, state: last.state, txHash: last.txHash },
        };
      },
      async stop() {
        if (reconcileTimer !== undefined) clearInterval(reconcileTimer);
        stopping.abort();
        await reconciling;
        await watcher.stop();
        await settler.stop();
        await cleanup();
        log.info('settlement stopped');
      },
    };
    if (config.reconcileIntervalMs > 0) {
      // The standing alarm: a mismatch is logged and counted even if nobody asks.
      reconcileTimer = setInterval(() => {
        if (reconciling !== undefined) return;
        reconciling = handle
          .reconcile()
          .catch((error: unknown) => log.warn({ err: error }, 'scheduled reconciliation could not run'))
          .finally(() => {
            reconciling = undefined;
          });
      }, config.reconcileIntervalMs);
    }
    return handle;
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Configured contracts, else the remembered deployment, else a new one (remembered). */
async function resolveDeployment(deps: SettlementDeps, rpcUrl: string, provider: JsonRpcProvider, signer: Wallet, isLocal: boolean, log: Logger): Promise<Deployment> {
  const { config } = deps;
  const dir = join(deps.dataDir, 'settlement');
  const file = join(dir, DEPLOYMENT_FILE);
  if (config.contracts !== undefined) {
    // Configured addresses win; remembering them lets offline tools find the deployment too.
    const configured = { chainId: config.chainId, ...config.contracts };
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(configured, null, 2) + '\n');
    return configured;
  }
  if (existsSync(file)) {
    // What this data directory settled on must still be there: never deploy anew under a
    // journal that remembers deposits and batches on the old contracts.
    const remembered = JSON.parse(readFileSync(file, 'utf8')) as Deployment;
    if (remembered.chainId !== config.chainId) throw new ChainReplacedError(rpcUrl, `the deployment in ${file} is on chain ${remembered.chainId}, this chain is ${config.chainId}`);
    if ((await provider.getCode(remembered.vault)) === '0x') throw new ChainReplacedError(rpcUrl, `no PATX vault at ${remembered.vault}, remembered in ${file}`);
    return remembered;
  }
  const settlerAddress = await signer.getAddress();
  const council = config.council ?? (isLocal ? localCouncil() : undefined);
  if (council === undefined) throw new SettlementConfigError('settlement.council is needed to deploy PhaseGovernance on this chain');
  const deployment = await deployContracts(signer, {
    ...(config.tokenAddress !== undefined ? { tokenAddress: config.tokenAddress } : {}),
    council,
    threshold: config.threshold ?? Math.min(2, council.length),
    settler: settlerAddress,
    feeRecipient: settlerAddress,
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(deployment, null, 2) + '\n');
  log.info({ ...deployment }, 'contracts deployed');
  // The broker float is deposited from the settler's wallet, which is the broker's address unless one is configured.
  if (isLocal) await fundLocalDemo(signer, provider, deployment, config.brokerAddress === undefined ? (deps.brokerFloatPat ?? 0) : 0, log);
  return deployment;
}

/**
 * At start, not at the first batch: the vault must hold every batch the outbox saw
 * confirmed; behind one, the chain lost state (e.g. a state file from before). Ahead
 * of the outbox is no error here: another leader of a replicated group settled those
 * batches, and the settler takes them if this node's journal derives them (adopt.ts).
 */
async function checkVaultHoldsOutbox(store: SettlementStore, contracts: ChainContracts, rpcUrl: string): Promise<void> {
  const vaultBatchId = Number(await contracts.vault.getFunction('lastBatchId')());
  const last = store.lastOutbox();
  const confirmedThrough = last === undefined ? 0 : last.state === 'confirmed' || last.state === 'recorded' ? last.batchId : last.batchId - 1;
  if (vaultBatchId < confirmedThrough) throw new ChainReplacedError(rpcUrl, `the vault is at batch ${vaultBatchId} but batch ${confirmedThrough} was confirmed on it: the chain lost its latest state`);
}

/** Hardhat accounts 1-3. */
function localCouncil(): string[] {
  return HARDHAT_KEYS.slice(1, 4).map((k) => new Wallet(k).address);
}

/** The embedded chain's accounts that act for the exchange: the settler and the council (unless configured otherwise, dev keys). */
function privilegedLocalAccounts(config: SettlementConfig, env: NodeJS.ProcessEnv): string[] {
  let settler: string[] = [];
  try {
    settler = [new Wallet(env.PATX_SETTLER_KEY ?? HARDHAT_KEYS[0]!).address];
  } catch {
    // Not a key: the start stops on it just after the chain is up, with its own message.
  }
  return [...settler, ...(config.council ?? localCouncil())];
}
