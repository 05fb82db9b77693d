/**
 * PAT for the examples that pay (consumers buying, providers posting forward collateral,
 * institutions posting margin): checked before anything is ordered. An account short of
 * free PAT deposits from its wallet on the chain the service names, after checking the
 * wallet holds enough; otherwise the example stops and says where PAT comes from.
 */
import { Contract, JsonRpcProvider, type Wallet } from 'ethers';
import { depositPat, patShown, type TradingClient } from '../src/client/index.js';
import { stop } from './exit.js';

const WEI_PER_PAT = 10n ** 18n;
const pat = (wei: bigint): string => patShown(wei / 10n ** 12n); // 4 decimals, as everywhere

/** The account's free PAT, in wei. */
export async function freeWei(client: TradingClient): Promise<bigint> {
  return BigInt((await client.account()).availableWei ?? '0');
}

/** The wallet's PAT on the chain the service settles on (RPC_URL overrides the URL it names). */
async function walletPatWei(httpUrl: string, address: string): Promise<bigint> {
  const res = await fetch(`${httpUrl}/v1/chain/contracts`);
  if (!res.ok) stop(`the service runs without a chain (GET /v1/chain/contracts: ${res.status}), so PAT cannot be deposited: start it with settlement on (the default \`npm start\`)`);
  const chain = (await res.json()) as { rpcUrl?: string; token: string; chainId: number };
  const url = process.env.RPC_URL ?? chain.rpcUrl;
  if (url === undefined) stop('the service names no chain URL (it settles on a configured chain): set RPC_URL to that chain to deposit');
  const provider = new JsonRpcProvider(url, chain.chainId, { staticNetwork: true });
  try {
    return (await new Contract(chain.token, ['function balanceOf(address) view returns (uint256)'], provider).getFunction('balanceOf')(address)) as bigint;
  } finally {
    provider.destroy();
  }
}

/**
 * Makes sure the account has at least `neededWei` free: deposits `depositPat` PAT (or what is
 * missing, if more) from the wallet and waits for the credit (its confirmations), or stops.
 */
export async function ensureFreePat(httpUrl: string, client: TradingClient, wallet: Wallet, who: string, neededWei: bigint, depositPatUnits: bigint): Promise<void> {
  const free = await freeWei(client);
  if (free >= neededWei) return;
  const amountWei = neededWei - free > depositPatUnits * WEI_PER_PAT ? neededWei - free : depositPatUnits * WEI_PER_PAT;
  const held = await walletPatWei(httpUrl, wallet.address);
  if (held < amountWei) {
    stop(`${who}: the account has ${pat(free)} PAT free and needs ${pat(neededWei)}, and its wallet ${wallet.address} holds only ${pat(held)} PAT on-chain to deposit ${pat(amountWei)}: send it PAT (on \`npm start\`'s chain dev wallets 1-9 hold some) or lower QTY`);
  }
  let tx: string;
  try {
    tx = await depositPat(httpUrl, wallet, amountWei, process.env.RPC_URL);
  } catch (error) {
    stop(`${who}: the deposit of ${pat(amountWei)} PAT from ${wallet.address} failed (${(error as { shortMessage?: string }).shortMessage ?? (error as Error).message}): the wallet needs ETH for gas too`);
  }
  console.log(`${who}: deposited ${pat(amountWei)} PAT to the vault (tx ${tx}); waiting for the confirmations...`);
  const deadline = Date.now() + 120_000;
  while ((await freeWei(client)) < neededWei) {
    if (Date.now() > deadline) stop(`${who}: the deposit (tx ${tx}) was not credited within 2 minutes: is the service's chain watcher running (GET ${httpUrl}/readyz)? Run the example again once it is credited`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
