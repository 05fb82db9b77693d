/**
 * One real hardhat node per test file, wallets for its well-known accounts,
 * contract deployment, and revert matching.
 */
import { Interface, JsonRpcProvider, Wallet, type InterfaceAbi } from 'ethers';
import { deployContracts, type Deployment } from '../../src/settlement/deploy.js';
import { HARDHAT_KEYS, startLocalChain, type LocalChain } from '../../src/settlement/local-chain.js';
import { artifact } from '../../src/settlement/contracts/artifacts.js';
import { CONTRACT_NAMES } from '../../src/settlement/contracts/compile.js';

export interface ChainFixture {
  chain: LocalChain;
  provider: JsonRpcProvider;
  /** Hardhat's accounts 0..9 (0 deploys and settles). Send from one wallet sequentially: each send reads the pending nonce. */
  wallets: Wallet[];
  addresses: string[];
  deploy(overrides?: { council?: string[]; threshold?: number; settler?: string }): Promise<Deployment>;
  mine(blocks?: number): Promise<void>;
  /** Mine a block every `ms` besides one per transaction (0: only on transactions). */
  intervalMining(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startChainFixture(): Promise<ChainFixture> {
  const chain = await startLocalChain();
  const provider = new JsonRpcProvider(chain.rpcUrl, chain.chainId, { staticNetwork: true, cacheTimeout: -1 });
  provider.pollingInterval = 20;
  const wallets = HARDHAT_KEYS.map((k) => new Wallet(k, provider));
  const addresses = await Promise.all(wallets.map((w) => w.getAddress()));
  return {
    chain,
    provider,
    wallets,
    addresses,
    deploy(overrides = {}) {
      return deployContracts(wallets[0]!, {
        council: overrides.council ?? addresses.slice(1, 4),
        threshold: overrides.threshold ?? 2,
        settler: overrides.settler ?? addresses[0]!,
        feeRecipient: addresses[0]!,
      });
    },
    async mine(blocks = 1) {
      await provider.send('hardhat_mine', ['0x' + blocks.toString(16)]);
    },
    async intervalMining(ms: number) {
      await provider.send('evm_setIntervalMining', [ms]);
    },
    async stop() {
      provider.destroy();
      await chain.stop();
    },
  };
}

const allErrors = new Interface(
  CONTRACT_NAMES.flatMap((n) => (artifact(n).abi as Array<{ type: string }>).filter((f) => f.type === 'error')) as InterfaceAbi,
);

/** The custom error a failed call or transaction reverted with, decoded against all our contracts' errors. */
export function revertOf(error: unknown): { name: string; args: unknown[] } | undefined {
  const data = findRevertData(error);
  if (data === undefined) return undefined;
  const parsed = allErrors.parseError(data);
  return parsed === null ? undefined : { name: parsed.name, args: [...parsed.args] };
}

function findRevertData(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 6; depth++) {
    const data = (e as { data?: unknown }).data;
    if (typeof data === 'string' && data.startsWith('0x') && data.length >= 10) return data;
    e = (e as { error?: unknown; info?: unknown }).error ?? (e as { info?: { error?: unknown } }).info?.error;
  }
  return undefined;
}

/** Awaits a call expected to revert with the named custom error; returns its arguments. */
export async function expectRevert(action: Promise<unknown> | (() => Promise<unknown>), name: string): Promise<unknown[]> {
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    const r = revertOf(error);
    if (r?.name === name) return r.args;
    throw new Error(`expected revert ${name}, got ${r?.name ?? String(error)}`);
  }
  throw new Error(`expected revert ${name}, but it succeeded`);
}
