/**
 * The account page's on-chain deposit: PAT from the signed-in wallet into the vault, as
 * src/client/deposit.ts does from Node (ERC-20 approve, then the vault's deposit), on the
 * chain GET /v1/chain/contracts names. A browser wallet sends both transactions itself
 * (eth_sendTransaction through EIP-1193); a dev key signs them here and sends them to the
 * embedded chain's RPC URL. The exchange's chain watcher credits the deposit after the
 * confirmations the route names; until then the deposit is pending.
 *
 * A deposit counts as credited when the exchange says it credited that deposit, by its ref
 * (GET /v1/chain/deposits/{ref}: the transaction and the vault's Deposited log): not when the
 * balance has risen by its amount, which the account's orders and subscriptions spending
 * meanwhile could put off for ever (before 2026-11-30).
 */
import { BrowserProvider, Contract, JsonRpcProvider, Wallet, type JsonRpcApiProvider, type Signer } from 'ethers';
import { depositRefOf, type DepositLog } from '../../src/client/deposit.js';
import type { SessionWallet } from './session-wallet.js';

/** GET /v1/chain/contracts: what a depositor needs. */
export interface ChainContracts {
  chainId: number;
  token: string;
  vault: string;
  confirmations: number;
  /** The embedded chain's URL; absent for a chain the service does not embed. */
  rpcUrl?: string;
}

export type ChainState = { state: 'loading' } | { state: 'ok'; chain: ChainContracts } | { state: 'unavailable'; reason: string; message: string };

export type DepositState =
  | { state: 'idle' }
  | { state: 'sending'; step: 'approve' | 'deposit'; amountWei: bigint }
  | { state: 'pending'; amountWei: bigint; txHash: string; blockNumber: number; confirmations: number }
  | { state: 'credited'; amountWei: bigint; txHash: string }
  | { state: 'failed'; reason: string; message: string };

const TOKEN_ABI = ['function approve(address spender, uint256 amount) returns (bool)', 'function balanceOf(address owner) view returns (uint256)'];
const VAULT_ABI = ['function deposit(uint256 amountWei)'];
/** How often a pending deposit's confirmations and the wallet's balance are read again. */
const POLL_MS = 500;
/** A transaction not mined after this long is reported, not waited on for ever. */
const RECEIPT_TIMEOUT_MS = 120_000;

export class DepositDesk {
  chain: ChainState = { state: 'loading' };
  /** The wallet's own PAT (not yet deposited), in wei; undefined until read. */
  walletWei: bigint | undefined;
  deposit: DepositState = { state: 'idle' };
  private provider: JsonRpcApiProvider | undefined;
  private signer: Signer | undefined;
  private stopped = false;

  constructor(
    private readonly wallet: SessionWallet,
    private readonly address: string,
    private readonly changed: () => void,
  ) {}

  /** Reads the chain the exchange settles on and the wallet's PAT there. */
  async load(): Promise<void> {
    try {
      const res = await fetch('/v1/chain/contracts');
      const body = (await res.json()) as ChainContracts & { error?: string; message?: string };
      if (!res.ok) {
        this.chain = { state: 'unavailable', reason: body.error ?? `HTTP_${res.status}`, message: body.message ?? '' };
        return;
      }
      this.chain = { state: 'ok', chain: body };
      await this.readWallet();
    } catch (error) {
      this.chain = { state: 'unavailable', reason: 'UNREACHABLE', message: error instanceof Error ? error.message : String(error) };
    } finally {
      this.changed();
    }
  }

  /** Approves the vault for `amountWei` and deposits it; then follows the deposit until the exchange credits it. */
  async send(amountWei: bigint): Promise<void> {
    if (this.chain.state !== 'ok') return;
    const { chain } = this.chain;
    const fail = (reason: string, message: string): void => {
      this.deposit = { state: 'failed', reason, message };
      this.changed();
    };
    try {
      const signer = await this.connect(chain);
      if (signer === undefined) return;
      const token = new Contract(chain.token, TOKEN_ABI, signer);
      const vault = new Contract(chain.vault, VAULT_ABI, signer);
      const held = (await token.getFunction('balanceOf')(this.address)) as bigint;
      this.walletWei = held;
      if (held < amountWei) return fail('INSUFFICIENT_WALLET_PAT', `the wallet holds less PAT than that on chain ${chain.chainId}`);
      this.deposit = { state: 'sending', step: 'approve', amountWei };
      this.changed();
      const approve = (await token.getFunction('approve')(chain.vault, amountWei)) as { hash: string };
      await this.receipt(approve.hash);
      this.deposit = { state: 'sending', step: 'deposit', amountWei };
      this.changed();
      const sent = (await vault.getFunction('deposit')(amountWei)) as { hash: string };
      const mined = await this.receipt(sent.hash);
      if (mined.status !== 1) return fail('DEPOSIT_REVERTED', `transaction ${sent.hash} reverted`);
      const ref = depositRefOf(sent.hash, mined.logs, chain.vault);
      if (ref === undefined) return fail('NO_DEPOSIT_LOG', `transaction ${sent.hash} deposited nothing into the vault ${chain.vault}`);
      this.deposit = { state: 'pending', amountWei, txHash: sent.hash, blockNumber: mined.blockNumber, confirmations: 1 };
      this.changed();
      await this.follow(ref);
    } catch (error) {
      // ethers' errors carry a code by name (ACTION_REJECTED when the wallet's user says no, CALL_EXCEPTION on a revert).
      const e = error as { code?: unknown; shortMessage?: unknown };
      fail(typeof e.code === 'string' ? e.code : 'ERROR', typeof e.shortMessage === 'string' ? e.shortMessage : error instanceof Error ? error.message : String(error));
    }
  }

  stop(): void {
    this.stopped = true;
    this.provider?.destroy();
  }

  /** A signer on the exchange's chain: the browser wallet (refused by name when it is on another chain) or the dev key on the embedded chain's URL. */
  private async connect(chain: ChainContracts): Promise<Signer | undefined> {
    if (this.signer !== undefined) return this.signer;
    if (this.wallet.kind === 'browser') {
      const walletChainId = Number(await this.wallet.eth.request({ method: 'eth_chainId' }));
      if (walletChainId !== chain.chainId) {
        this.deposit = { state: 'failed', reason: 'WRONG_CHAIN', message: `the wallet is on chain ${walletChainId}; the exchange settles on chain ${chain.chainId}: switch the wallet's network` };
        this.changed();
        return undefined;
      }
      const provider = new BrowserProvider(this.wallet.eth, chain.chainId, { pollingInterval: POLL_MS });
      this.provider = provider;
      this.signer = await provider.getSigner(this.address);
      return this.signer;
    }
    if (chain.rpcUrl === undefined) {
      this.deposit = { state: 'failed', reason: 'NO_CHAIN_URL', message: 'the exchange names no chain URL (not its embedded chain): sign in with a browser wallet on that chain' };
      this.changed();
      return undefined;
    }
    // No response cache: approve and deposit each read the pending nonce afresh (as src/client/deposit.ts).
    const provider = new JsonRpcProvider(chain.rpcUrl, chain.chainId, { staticNetwork: true, cacheTimeout: -1, pollingInterval: POLL_MS });
    this.provider = provider;
    this.signer = new Wallet(this.wallet.key, provider);
    return this.signer;
  }

  /** Reads the wallet's PAT again (after a withdrawal was paid into it). */
  async refreshWallet(): Promise<void> {
    await this.readWallet();
    this.changed();
  }

  private async readWallet(): Promise<void> {
    if (this.chain.state !== 'ok') return;
    try {
      const signer = await this.connect(this.chain.chain);
      if (signer === undefined) return;
      this.walletWei = (await new Contract(this.chain.chain.token, TOKEN_ABI, signer).getFunction('balanceOf')(this.address)) as bigint;
    } catch {
      this.walletWei = undefined; // shown as unknown; a deposit still says why it fails
    }
  }

  private async receipt(txHash: string): Promise<{ status: number; blockNumber: number; logs: readonly DepositLog[] }> {
    const deadline = Date.now() + RECEIPT_TIMEOUT_MS;
    while (Date.now() < deadline && !this.stopped) {
      const r = await this.provider!.getTransactionReceipt(txHash);
      if (r !== null) return { status: r.status ?? 0, blockNumber: r.blockNumber, logs: r.logs };
      await new Promise((ok) => setTimeout(ok, POLL_MS));
    }
    throw Object.assign(new Error(`transaction ${txHash} not mined in ${RECEIPT_TIMEOUT_MS / 1000} s`), { code: 'TIMEOUT' });
  }

  /** Counts the deposit's confirmations until the exchange says it credited the deposit. */
  private async follow(ref: string): Promise<void> {
    while (!this.stopped && this.deposit.state === 'pending') {
      const d = this.deposit;
      if (await credited(ref)) {
        this.deposit = { state: 'credited', amountWei: d.amountWei, txHash: d.txHash };
        await this.readWallet();
        this.changed();
        return;
      }
      // Asked of the node each time: ethers' getBlockNumber answers from its poller's last block, which may predate the receipt.
      const head = Number(await this.provider!.send('eth_blockNumber', []));
      this.deposit = { ...d, confirmations: Math.max(1, head - d.blockNumber + 1) };
      this.changed();
      await new Promise((ok) => setTimeout(ok, POLL_MS));
    }
  }
}

/** Whether the exchange credited the deposit (GET /v1/chain/deposits/{ref}); an answer it cannot give now is a no, asked again. */
async function credited(ref: string): Promise<boolean> {
  try {
    const res = await fetch(`/v1/chain/deposits/${encodeURIComponent(ref)}`);
    return res.ok && ((await res.json()) as { credited?: unknown }).credited === true;
  } catch {
    return false;
  }
}
