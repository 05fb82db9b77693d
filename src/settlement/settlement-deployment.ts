/**
 * The contracts settlement runs against (configured, remembered under
 * <dataDir>/settlement/deployment.json, or deployed on first start), and the check at start
 * that the chain still holds what the outbox saw confirmed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonRpcProvider, Wallet } from 'ethers';
import type { Logger } from '../runtime/log.js';
import type { ChainContracts } from './chain.js';
import { DEPLOYMENT_FILE } from './data-files.js';
import { deployContracts, type Deployment } from './deploy.js';
import { ChainReplacedError, SettlementConfigError } from './errors.js';
import { fundLocalDemo } from './local-demo.js';
import type { SettlementDeps } from './settlement-deps.js';
import { localCouncil } from './settlement-chain.js';
import type { SettlementStore } from './store.js';

/** Configured contracts, else the remembered deployment, else a new one (remembered). */
export async function resolveDeployment(deps: SettlementDeps, rpcUrl: string, provider: JsonRpcProvider, signer: Wallet, isLocal: boolean, log: Logger): Promise<Deployment> {
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
    // A treasury wallet of its own keeps fee revenue apart from the broker's float (by default both are the settler's address).
    feeRecipient: config.feeRecipient ?? settlerAddress,
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
export async function checkVaultHoldsOutbox(store: SettlementStore, contracts: ChainContracts, rpcUrl: string): Promise<void> {
  const vaultBatchId = Number(await contracts.vault.getFunction('lastBatchId')());
  const last = store.lastOutbox();
  const confirmedThrough = last === undefined ? 0 : last.state === 'confirmed' || last.state === 'recorded' ? last.batchId : last.batchId - 1;
  if (vaultBatchId < confirmedThrough) throw new ChainReplacedError(rpcUrl, `the vault is at batch ${vaultBatchId} but batch ${confirmedThrough} was confirmed on it: the chain lost its latest state`);
}
