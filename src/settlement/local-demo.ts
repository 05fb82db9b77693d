/**
 * The embedded local chain as a demo world: when `npm start` deploys fresh
 * contracts on its own hardhat node, the broker's float is deposited into the
 * vault on-chain (so the ledger and the vault agree from the first batch, and
 * the quoter has PAT to bid with), and hardhat's well-known dev accounts 1-9 get
 * PAT in their wallets, so example clients can deposit and trade. Never on a
 * configured chain.
 */
import { Wallet, type JsonRpcProvider } from 'ethers';
import type { Logger } from '../runtime/log.js';
import { bindContracts } from './chain.js';
import type { Deployment } from './deploy.js';
import { HARDHAT_KEYS } from './local-chain.js';

/** PAT each dev wallet receives. */
const DEV_WALLET_PAT = 100_000n;
const WEI_PER_PAT = 10n ** 18n;

export async function fundLocalDemo(signer: Wallet, provider: JsonRpcProvider, deployment: Deployment, brokerFloatPat: number, log: Logger): Promise<void> {
  const { token, vault } = bindContracts(deployment, signer);
  for (const key of HARDHAT_KEYS.slice(1)) {
    await (await token.getFunction('transfer')(new Wallet(key).address, DEV_WALLET_PAT * WEI_PER_PAT)).wait();
  }
  if (brokerFloatPat > 0) {
    const amountWei = BigInt(brokerFloatPat) * WEI_PER_PAT;
    await (await token.getFunction('approve')(deployment.vault, amountWei)).wait();
    await (await vault.getFunction('deposit')(amountWei)).wait();
  }
  log.info({ devWallets: HARDHAT_KEYS.length - 1, devWalletPat: DEV_WALLET_PAT.toString(), brokerFloatPat, block: await provider.getBlockNumber() }, 'local demo funded: dev wallets hold PAT, the broker float is in the vault');
}
