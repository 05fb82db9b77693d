/**
 * Reconciliation's chain reads (reconcile.ts, `ChainView`) over plain JSON-RPC, for
 * `patx reconcile`: five view functions and one event, encoded here, so a CLI call does not
 * load ethers (0.3–0.4 s of CPU to import, more than the reconciliation itself: bench/RESULTS.md,
 * "The CLI and the first start"). Requests issued together go as one JSON-RPC batch, as ethers'
 * provider batches them; over node:http(s) (src/runtime/cli-http.ts says why not fetch).
 * test/settlement/rpc-chain-view.test.ts checks every read against the ethers contracts on a real chain.
 */
import { cliFetch } from '../runtime/cli-http.js';
import type { Deployment } from './deploy.js';
import { ChainUnreachableError, readAtBlock, WrongChainError } from './errors.js';
import type { ChainView, DepositLog } from './reconcile.js';
import { DEPOSITED_TOPIC } from './vault-events.js';

/** 4-byte selectors: keccak256 of each signature (the test recomputes them with ethers). */
export const SELECTORS = {
  lastBatchId: '0x5b5eee88', // lastBatchId()
  grantsRoot: '0xcd14fbb2', // grantsRoot(uint64)
  grantCount: '0x129aefce', // grantCount(uint64)
  balanceOf: '0x70a08231', // balanceOf(address)
  rightsOf: '0x9018c771', // rightsOf(uint64,address)
} as const;
/** feeRecipient(): the vault's fee recipient (docs/fees.md; test/settlement/fees-chain.test.ts recomputes it). */
export const FEE_RECIPIENT_SELECTOR = '0x46904840';
export { DEPOSITED_TOPIC };

/** The most calls in one batch request. */
const MAX_BATCH = 100;

interface RpcLog {
  topics: string[];
  data: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

/** A 32-byte ABI word of an unsigned integer. */
function word(x: number | bigint): string {
  if (typeof x === 'number' && !Number.isSafeInteger(x)) throw new RangeError(`not an integer: ${x}`);
  const n = BigInt(x);
  if (n < 0n) throw new RangeError(`negative: ${x}`);
  return n.toString(16).padStart(64, '0');
}

/** A 32-byte ABI word of an address. */
function addressWord(address: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new TypeError(`not an address: ${address}`);
  return address.slice(2).toLowerCase().padStart(64, '0');
}

const hexBlock = (block: number | 'latest'): string => (block === 'latest' ? block : `0x${block.toString(16)}`);

/** One JSON-RPC endpoint; the calls made in one tick go out as one batch. */
class RpcBatcher {
  private nextId = 1;
  private queue: Array<{ id: number; method: string; params: unknown[]; resolve: (v: unknown) => void; reject: (e: Error) => void }> = [];

  constructor(readonly url: string) {}

  call(method: string, params: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ id: this.nextId++, method, params, resolve, reject });
    });
  }

  private flush(): void {
    const all = this.queue;
    this.queue = [];
    for (let i = 0; i < all.length; i += MAX_BATCH) void this.send(all.slice(i, i + MAX_BATCH));
  }

  private async send(calls: RpcBatcher['queue']): Promise<void> {
    try {
      const body = JSON.stringify(calls.map((c) => ({ jsonrpc: '2.0', id: c.id, method: c.method, params: c.params })));
      const res = await cliFetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await res.text();
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
      const answers = JSON.parse(text) as unknown;
      const byId = new Map<number, { result?: unknown; error?: { message?: string } }>();
      for (const a of Array.isArray(answers) ? answers : [answers]) byId.set((a as { id: number }).id, a as { result?: unknown; error?: { message?: string } });
      for (const c of calls) {
        const a = byId.get(c.id);
        if (a === undefined) c.reject(new Error(`${c.method}: no answer`));
        else if (a.error !== undefined) c.reject(new Error(`${c.method}: ${a.error.message ?? JSON.stringify(a.error)}`));
        else c.resolve(a.result);
      }
    } catch (error) {
      for (const c of calls) c.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** Connects to the chain at `rpcUrl` (its chain id must be the deployment's) and reads the deployment's contracts there. */
export async function rpcChainView(rpcUrl: string, d: Deployment): Promise<ChainView> {
  const rpc = new RpcBatcher(rpcUrl);
  let chainId: number;
  try {
    chainId = Number(BigInt(String(await rpc.call('eth_chainId', []))));
  } catch (error) {
    throw new ChainUnreachableError(rpcUrl, error);
  }
  if (chainId !== d.chainId) throw new WrongChainError(rpcUrl, d.chainId, chainId);
  const call = async (to: string, data: string, block: number): Promise<string> => {
    // The node's "no state for that block" as BlockStateUnavailableError: reconcile waits for the next block and reads again.
    const result = String(await readAtBlock(block, () => rpc.call('eth_call', [{ to, data }, hexBlock(block)])));
    if (!/^0x[0-9a-fA-F]{64}/.test(result)) throw new Error(`eth_call to ${to}: not a 32-byte answer (${result.slice(0, 80)}): no contract there?`);
    return result.slice(0, 66).toLowerCase();
  };
  const uint = async (to: string, data: string, block: number): Promise<bigint> => BigInt(await call(to, data, block));
  return {
    deployBlock: d.deployBlock,
    registryAddress: d.registry,
    blockNumber: async () => Number(BigInt(String(await rpc.call('eth_blockNumber', [])))),
    lastBatchId: async (block) => Number(await uint(d.vault, SELECTORS.lastBatchId, block)),
    deposits: async (fromBlock, toBlock) => {
      const logs = (await rpc.call('eth_getLogs', [{ address: d.vault, topics: [DEPOSITED_TOPIC], fromBlock: hexBlock(fromBlock), toBlock: hexBlock(toBlock) }])) as RpcLog[];
      return logs
        .filter((log) => log.removed !== true)
        .map((log): DepositLog => ({
          depositor: `0x${log.topics[1]!.slice(-40)}`.toLowerCase(),
          amountWei: BigInt(`0x${log.data.slice(2, 66)}`),
          txHash: log.transactionHash.toLowerCase(),
          logIndex: Number(BigInt(log.logIndex)),
        }));
    },
    grantsRoot: (batchId, block) => call(d.registry, SELECTORS.grantsRoot + word(batchId), block),
    grantCount: async (batchId, block) => Number(await uint(d.registry, SELECTORS.grantCount + word(batchId), block)),
    balanceOf: (address, block) => uint(d.vault, SELECTORS.balanceOf + addressWord(address), block),
    // The token's balanceOf(vault): ERC-20's selector is the vault's balanceOf(address)'s.
    vaultHoldings: (block) => uint(d.token, SELECTORS.balanceOf + addressWord(d.vault), block),
    // An address is the word's low 20 bytes.
    feeRecipient: async (block) => '0x' + (await uint(d.vault, FEE_RECIPIENT_SELECTOR, block)).toString(16).padStart(40, '0'),
    rightsOf: (seriesId, address, block) => uint(d.registry, SELECTORS.rightsOf + word(seriesId) + addressWord(address), block),
  };
}
