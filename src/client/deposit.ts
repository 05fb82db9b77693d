/**
 * Deposits PAT into the vault from a wallet, on the chain the service names at
 * GET /v1/chain/contracts (what any depositor does; the service credits it after
 * the confirmations). Returns the deposit's transaction hash.
 *
 *   await depositPat('http://127.0.0.1:8480', wallet, 100n * 10n ** 18n);
 *
 * `rpcUrl` overrides the chain URL the service gives (required when it gives none: a
 * chain the service does not embed).
 */
import { Contract, JsonRpcProvider, Wallet } from 'ethers';

export async function depositPat(httpUrl: string, wallet: Wallet, amountWei: bigint, rpcUrl?: string): Promise<string> {
  const res = await fetch(`${httpUrl}/v1/chain/contracts`);
  if (!res.ok) throw new Error(`the service names no chain to deposit on (${res.status}): ${await res.text()}`);
  const chain = (await res.json()) as { rpcUrl?: string; token: string; vault: string; chainId: number };
  const url = rpcUrl ?? chain.rpcUrl;
  if (url === undefined) throw new Error('the service does not give a chain URL (not the embedded chain): pass the RPC URL of the chain it settles on');
  // No response cache: two sends in a row must each read the pending nonce afresh.
  const provider = new JsonRpcProvider(url, chain.chainId, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const signer = wallet.connect(provider);
    const token = new Contract(chain.token, ['function approve(address spender, uint256 amount) returns (bool)'], signer);
    const vault = new Contract(chain.vault, ['function deposit(uint256 amountWei)'], signer);
    await (await token.getFunction('approve')(chain.vault, amountWei)).wait();
    const tx = await vault.getFunction('deposit')(amountWei);
    await tx.wait();
    return tx.hash as string;
  } finally {
    provider.destroy();
  }
}
