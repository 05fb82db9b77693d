/**
 * The chain settlement runs on, as startSettlement opens it: the configured RPC URL, or the
 * embedded chain (anvil, its state under <dataDir>/chain) on the local chain id; and the
 * settler's key, which signs the batches.
 */
import { join } from 'node:path';
import { Wallet, type JsonRpcProvider } from 'ethers';
import type { AlarmSink } from '../runtime/health.js';
import type { Logger } from '../runtime/log.js';
import { CHAIN_STATE_FILE, startPersistentChain } from './anvil-chain.js';
import type { SettlementConfig } from './config.js';
import { SettlementConfigError } from './errors.js';
import { HARDHAT_KEYS, LOCAL_CHAIN_ID, type LocalChain } from './local-chain.js';

/** The chain's RPC URL, and the embedded chain when there is no configured one. */
export async function openChain(config: SettlementConfig, dataDir: string, env: NodeJS.ProcessEnv, log: Logger, alarms: AlarmSink): Promise<{ rpcUrl: string; localChain: LocalChain | undefined }> {
  if (config.rpcUrl !== undefined) return { rpcUrl: config.rpcUrl, localChain: undefined };
  if (config.chainId !== LOCAL_CHAIN_ID) throw new SettlementConfigError(`settlement.chainId ${config.chainId} needs settlement.rpcUrl (the local chain is ${LOCAL_CHAIN_ID})`);
  const localChain = await startPersistentChain({
    stateDir: join(dataDir, 'chain'),
    host: config.localChainHost,
    port: config.localChainPort,
    // Their keys are the well-known dev keys here: only the service acts as them, never a stranger through the public endpoint.
    refusedSenders: privilegedLocalAccounts(config, env),
    log,
    confirmations: config.confirmations,
    blockIntervalMs: config.localBlockIntervalMs,
    // Said at once, where the watcher and the settler only log a failed call each turn; nothing restarts it (anvil-chain.ts).
    onUnexpectedExit: (exit) => {
      const how = exit.signal ?? `code ${exit.code}`;
      log.error({ alarm: 'embedded-chain-exited', pid: exit.pid, code: exit.code, signal: exit.signal, output: exit.output }, 'the embedded chain (anvil) exited: deposits are not credited and withdrawals wait until the exchange restarts (Ctrl-C, then npm start)');
      alarms.raise('embedded-chain-exited', { summary: `the embedded chain (anvil, pid ${exit.pid}) exited (${how}) while the exchange runs: deposits are not credited and withdrawals wait; restart the exchange to start it again`, details: { pid: exit.pid, code: exit.code, signal: exit.signal } });
    },
  });
  log.info({ rpcUrl: localChain.rpcUrl, pid: localChain.pid, state: join(dataDir, 'chain', CHAIN_STATE_FILE) }, 'embedded chain (anvil) started');
  return { rpcUrl: localChain.rpcUrl, localChain };
}

/** The settler's wallet: PATX_SETTLER_KEY, or on the embedded chain its first dev key. */
export function settlerSigner(env: NodeJS.ProcessEnv, isLocal: boolean, provider: JsonRpcProvider): Wallet {
  const key = env.PATX_SETTLER_KEY ?? (isLocal ? HARDHAT_KEYS[0] : undefined);
  if (key === undefined) throw new SettlementConfigError('PATX_SETTLER_KEY is not set: the settler needs a key to send batches');
  try {
    return new Wallet(key, provider);
  } catch (error) {
    throw new SettlementConfigError(`PATX_SETTLER_KEY is not a valid private key: ${(error as Error).message}`);
  }
}

/** Hardhat accounts 1-3. */
export function localCouncil(): string[] {
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
