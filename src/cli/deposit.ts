/**
 * `patx deposit <amount>`: PAT from the wallet into the exchange's vault on-chain (approve, then
 * deposit: src/client/deposit.ts, what the console's deposit form does), then, unless
 * --no-wait, waits until the exchange credits it (its chain watcher, after the confirmations: asked by the
 * deposit's ref, GET /v1/chain/deposits/{ref}) and shows the account's available PAT. The chain is the one the service names at
 * GET /v1/chain/contracts (`npm start`'s embedded chain), or --rpc.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { acting } from './command-output.js';
import { addWalletOptions, connectTrading, connectWallet, gatewayUrl, WalletCommandError, type WalletOptions } from './wallet-options.js';
import { parsePatAmount, patText } from './withdraw.js';
import { DEPOSIT_TO_OPEN_MIN_WEI } from '../gateway/account-openings.js';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 500;

interface DepositOptions extends WalletOptions {
  wait: boolean;
  timeout: number;
  rpc?: string;
}

/** PAT in wei with 4 decimals, cut toward zero (the CLI's one precision for people; patText pads to 4). */
function pat4(wei: bigint): string {
  return patText(wei - (wei % 10n ** 14n));
}

/** Login refusals that say the wallet's account cannot be opened now but can once its deposit is seen (docs/security.md). */
const OPENS_AFTER_DEPOSIT = new Set(['ACCOUNTS_FULL', 'RATE_LIMITED']);

type Trading = Awaited<ReturnType<typeof connectTrading>>;

/**
 * Logs the wallet in, or, when the exchange opens its account only for a wallet with a deposit waiting, says so
 * (`deposit first`): the deposit is sent, then the login tried again until the exchange has seen it. A deposit below
 * the least that opens one is refused before anything is sent.
 */
async function loginOrDepositFirst(amountWei: bigint, o: DepositOptions): Promise<Trading | { depositFirst: Awaited<ReturnType<typeof connectWallet>> }> {
  try {
    return await connectTrading(o);
  } catch (error) {
    if (!(error instanceof WalletCommandError) || !OPENS_AFTER_DEPOSIT.has(error.code)) throw error;
    if (amountWei < DEPOSIT_TO_OPEN_MIN_WEI) throw new WalletCommandError(error.code, `${error.message}; a deposit opens the account past that only from ${patText(DEPOSIT_TO_OPEN_MIN_WEI)} PAT: nothing was sent`);
    process.stderr.write(`patx: ${error.message}; depositing first, then logging in once the exchange has seen the deposit\n`);
    return { depositFirst: await connectWallet(o) };
  }
}

/** Logs in again until the account opens (the exchange sees the deposit after its confirmations), or the timeout. */
async function loginAfterDeposit(o: DepositOptions, txHash: string): Promise<Trading> {
  const deadline = Date.now() + o.timeout * 1000;
  for (;;) {
    try {
      return await connectTrading(o);
    } catch (error) {
      if (!(error instanceof WalletCommandError) || !OPENS_AFTER_DEPOSIT.has(error.code)) throw error;
      if (Date.now() > deadline) throw new WalletCommandError('NOT_CREDITED_YET', `sent on-chain (tx ${txHash}); the exchange has not opened the wallet's account within ${o.timeout} s: log in again (patx balance) once it has seen the deposit. Do not send it again`);
      await sleep(POLL_MS);
    }
  }
}

/** --no-wait after a deposit sent first: the account opens, and the deposit is credited to it, once the exchange has seen it. */
function depositedFirst(address: string, amountWei: bigint, txHash: string): { value: object; text: () => string } {
  return {
    value: { address, amountWei: amountWei.toString(), txHash, credited: false, availableWei: null },
    text: () => `deposited ${patText(amountWei)} PAT from ${address} (tx ${txHash}): the exchange opens the wallet's account and credits it once it has seen the deposit (patx balance)`,
  };
}

async function deposit(amountWei: bigint, o: DepositOptions): Promise<{ value: object; text: () => string }> {
  const [{ sendDeposit, isDepositCredited }, first] = await Promise.all([import('../client/deposit.js'), loginOrDepositFirst(amountWei, o)]);
  const { wallet, url } = 'depositFirst' in first ? first.depositFirst : first;
  let client = 'depositFirst' in first ? undefined : first.client;
  try {
    let txHash: string;
    let ref: string;
    try {
      ({ txHash, ref } = await sendDeposit(gatewayUrl(o), wallet, amountWei, o.rpc));
    } catch (error) {
      const m = error instanceof Error ? error.message : String(error);
      throw new WalletCommandError('DEPOSIT_FAILED', /insufficient|exceeds balance/i.test(m) ? `the wallet ${wallet.address} holds less PAT than that on the chain` : m.split('\n')[0]!);
    }
    // Mined from here on: whatever fails next, the PAT is in the vault and the exchange credits it (its chain watcher reads it, after a restart too).
    const mined = (error: unknown): WalletCommandError => new WalletCommandError('NOT_CREDITED_YET', `sent on-chain (tx ${txHash}), and the exchange did not answer (${(error as Error).message}): it credits the deposit once it reads the chain again; patx balance shows it then. Do not send it again`);
    if (client === undefined && !o.wait) return depositedFirst(wallet.address, amountWei, txHash);
    client ??= (await loginAfterDeposit(o, txHash).catch((error: unknown) => Promise.reject(error instanceof WalletCommandError && error.code === 'NOT_CREDITED_YET' ? error : mined(error)))).client;
    if (o.wait) {
      // By the deposit's ref, not the balance: the account's own orders and subscriptions move that meanwhile.
      const deadline = Date.now() + o.timeout * 1000;
      while (!(await isDepositCredited({ url }, ref).catch((error: unknown) => Promise.reject(mined(error))))) {
        if (Date.now() > deadline) throw new WalletCommandError('NOT_CREDITED_YET', `sent on-chain (tx ${txHash}), not credited within ${o.timeout} s: the exchange credits it after its confirmations; patx balance shows it then`);
        await sleep(POLL_MS);
      }
    }
    const available = BigInt((await client.account().catch((error: unknown) => Promise.reject(mined(error)))).availableWei ?? '0');
    const value = { address: wallet.address, amountWei: amountWei.toString(), txHash, credited: o.wait, availableWei: available.toString() };
    return {
      value,
      text: () =>
        o.wait
          ? `deposited ${patText(amountWei)} PAT from ${wallet.address} (tx ${txHash}): credited; available ${pat4(available)} PAT`
          : `deposited ${patText(amountWei)} PAT from ${wallet.address} (tx ${txHash}): credited after its confirmations (patx balance)`,
    };
  } finally {
    await client?.close().catch(() => undefined);
  }
}

/** Adds `deposit` to the program. */
export function addDepositCommand(program: Command, run: (code: Promise<number> | number) => void, json: () => boolean): void {
  const act = acting(run, json);
  addWalletOptions(
    program
      .command('deposit')
      .argument('<amount>', 'PAT to deposit, e.g. 50', parsePatAmount)
      .description("deposit PAT from your wallet into the exchange's vault on-chain; waits until the exchange credits it")
      .option('--no-wait', 'return once the transaction is mined, before the exchange credits it')
      .addOption(
        new Option('--timeout <s>', 'how long to wait for the credit, seconds').default(120).argParser((t) => {
          if (!/^\d{1,5}$/.test(t) || Number(t) < 1) throw new InvalidArgumentError('expected whole seconds >= 1');
          return Number(t);
        }),
      )
      .option('--rpc <url>', 'the chain (default: the one the service names at /v1/chain/contracts)'),
  ).action((amountWei: bigint, o: DepositOptions) => act(() => deposit(amountWei, o)));
}
