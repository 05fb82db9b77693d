/**
 * The files settlement keeps under `<dataDir>/settlement/` beside its store: the deployment
 * it settles on and what the running service last used (its RPC URL, chain, broker), which
 * the offline tools read. A module of their own, without ethers or the chain: `patx payouts`
 * reads them and nothing else of settlement's start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SettlementConfig } from './config.js';
import type { Deployment } from './deploy.js';
import { SettlementConfigError } from './errors.js';

export const DEPLOYMENT_FILE = 'deployment.json';
const RUNTIME_FILE = 'runtime.json';

/** What the running service last used, for offline tools. */
export interface SettlementRuntime {
  rpcUrl: string;
  chainId: number;
  brokerAddress: string;
}

export function writeRuntime(dataDir: string, runtime: SettlementRuntime): void {
  const dir = join(dataDir, 'settlement');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, RUNTIME_FILE), JSON.stringify(runtime, null, 2) + '\n');
}

export function readRuntime(dataDir: string): SettlementRuntime | undefined {
  const file = join(dataDir, 'settlement', RUNTIME_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SettlementRuntime) : undefined;
}

export function readDeployment(dataDir: string): Deployment | undefined {
  const file = join(dataDir, 'settlement', DEPLOYMENT_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Deployment) : undefined;
}

/** The configured contracts, else the deployment the data directory remembers. */
export function deploymentOf(dataDir: string, config: SettlementConfig): Deployment {
  const d = config.contracts !== undefined ? { chainId: config.chainId, ...config.contracts } : readDeployment(dataDir);
  if (d === undefined) throw new SettlementConfigError(`no deployment configured or remembered under ${dataDir}/settlement`);
  return d;
}
