/**
 * Deposits PAT into the vault from a wallet, on the chain the service names at
 * GET /v1/chain/contracts (what any depositor does; the service credits it after
 * the confirmations). `sendDeposit` returns the deposit's transaction hash and its ref (the
 * transaction and the vault's Deposited log, as the exchange credits it: `isDepositCredited`);
 * `depositPat` the hash alone.
 *
 *   const { ref } = await sendDeposit('http://127.0.0.1:8480', wallet, 100n * 10n ** 18n);
 *   await isDepositCredited({ url: 'http://127.0.0.1:8480' }, ref);   // true once the exchange credited it
 *
 * `rpcUrl` overrides the chain URL the service gives (required when it gives none: a
 * chain the service does not embed).
 */
import { Contract, FetchRequest, JsonRpcProvider, Wallet } from 'ethers';
import { DEPOSITED_TOPIC } from '../settlement/vault-events.js';
import { publicGet, type ExchangeHttp } from './http.js';

/** The longest one call to the chain may take in a deposit. */
export const RPC_CALL_TIMEOUT_MS = 30_000;

/** A log of a mined transaction, as ethers' receipts carry it (`index`: its index in the block). */
export interface DepositLog {
  address: string;
  topics: readonly string[];
  index: number;
}

/**
 * A deposit's ref from its transaction's logs: the hash and the vault's Deposited log's index, as the exchange's chain
 * watcher names it (src/settlement/watcher.ts); undefined when the transaction deposited nothing. The console uses it too.
 */
export function depositRefOf(txHash: string, logs: readonly DepositLog[], vault: string): string | undefined {
  const log = logs.find((l) => l.address.toLowerCase() === vault.toLowerCase() && l.topics[0] === DEPOSITED_TOPIC);
  return log === undefined ? undefined : `${txHash.toLowerCase()}:${log.index}`;
}

export async function sendDeposit(httpUrl: string, wallet: Wallet, amountWei: bigint, rpcUrl?: string): Promise<{ txHash: string; ref: string }> {
  const res = await fetch(`${httpUrl}/v1/chain/contracts`);
  if (!res.ok) throw new Error(`the service names no chain to deposit on (${res.status}): ${await res.text()}`);
  const chain = (await res.json()) as { rpcUrl?: string; token: string; vault: string; chainId: number };
  const url = rpcUrl ?? chain.rpcUrl;
  if (url === undefined) throw new Error('the service does not give a chain URL (not the embedded chain): pass the RPC URL of the chain it settles on');
  // No response cache: two sends in a row must each read the pending nonce afresh. Each call bounded: a chain that
  // hangs fails the deposit in RPC_CALL_TIMEOUT_MS, not ethers' five minutes.
  const request = new FetchRequest(url);
  request.timeout = RPC_CALL_TIMEOUT_MS;
  const provider = new JsonRpcProvider(request, chain.chainId, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const signer = wallet.connect(provider);
    const token = new Contract(chain.token, ['function approve(address spender, uint256 amount) returns (bool)'], signer);
    const vault = new Contract(chain.vault, ['function deposit(uint256 amountWei)'], signer);
    await (await token.getFunction('approve')(chain.vault, amountWei)).wait();
    const tx = await vault.getFunction('deposit')(amountWei);
    const receipt = (await tx.wait()) as { logs: readonly DepositLog[] } | null;
    const ref = depositRefOf(tx.hash as string, receipt?.logs ?? [], chain.vault);
    if (ref === undefined) throw new Error(`the deposit transaction ${tx.hash as string} has no Deposited log of the vault ${chain.vault}`);
    return { txHash: tx.hash as string, ref };
  } finally {
    provider.destroy();
  }
}

export async function depositPat(httpUrl: string, wallet: Wallet, amountWei: bigint, rpcUrl?: string): Promise<string> {
  return (await sendDeposit(httpUrl, wallet, amountWei, rpcUrl)).txHash;
}

/**
 * Whether the exchange credited a deposit, by its ref (`GET /v1/chain/deposits/{ref}`, public): unlike the balance,
 * which the account's own trading moves meanwhile, this says yes only for that deposit and never too early.
 */
export async function isDepositCredited(http: Pick<ExchangeHttp, 'url' | 'timeoutMs'>, ref: string): Promise<boolean> {
  const answer = await publicGet<{ ref: string; credited: boolean }>(http, `/v1/chain/deposits/${encodeURIComponent(ref)}`);
  return answer.credited;
}
