/**
 * `./patx withdraw <amount>`: withdraw PAT from an account to its wallet, as the console's
 * withdrawal form does. The wallet logs in at the gateway's trading socket (its signature
 * over the exchange's challenge) and sends REQUEST_WITHDRAWAL; the engine sets the amount
 * aside from the free balance at once (or refuses by name: INSUFFICIENT_BALANCE,
 * PAYOUT_HELD_UNVERIFIED, INVALID_AMOUNT, TOO_MANY_PENDING_WITHDRAWALS), and the next settlement batch pays it on-chain
 * from the vault to the wallet's address (docs/settlement.md). `--wait` follows it until
 * paid and reads the wallet's PAT on the chain the service names.
 *
 * Self-contained (one `add` call in main.ts; the wallet and gateway options of wallet-options.ts);
 * the client, ethers and the protobuf code load inside the action, so `patx --help` never pays for them.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { addWalletOptions, connectTrading, gatewayUrl, WalletCommandError, type WalletOptions } from './wallet-options.js';
import { setTimeout as sleep } from 'node:timers/promises';

const WEI_PER_PAT = 10n ** 18n;
const POLL_MS = 500;

/** PAT as written by a person ("12.5": at most 12 digits before the point, 18 after) in wei, exactly; refused when not a positive amount. */
export function parsePatAmount(text: string): bigint {
  const m = /^(\d{1,12})(?:\.(\d{1,18}))?$/.exec(text.trim());
  if (m === null) throw new InvalidArgumentError('expected an amount of PAT such as 12.5 (at most 12 digits before the point and 18 after)');
  const wei = BigInt(m[1]!) * WEI_PER_PAT + BigInt((m[2] ?? '').padEnd(18, '0'));
  if (wei <= 0n) throw new InvalidArgumentError('expected a positive amount of PAT');
  return wei;
}

/** Wei as PAT with at least 4 decimals, as people see PAT, and every digit it has beyond them ("2.5000", "0.000000000000000001"). */
export function patText(wei: bigint): string {
  const sign = wei < 0n ? '-' : '';
  const abs = wei < 0n ? -wei : wei;
  const frac = (abs % WEI_PER_PAT).toString().padStart(18, '0').replace(/0+$/, '').padEnd(4, '0');
  return `${sign}${(abs / WEI_PER_PAT).toString()}.${frac}`;
}

export interface WithdrawOptions extends WalletOptions {
  wait: boolean;
  timeout: number;
}

export interface WithdrawResult {
  address: string;
  accountId: number;
  amountWei: bigint;
  /** What the account has on its way out now (this and earlier withdrawals not yet paid). */
  pendingWei: bigint;
  availableWei: bigint;
  /** With --wait: paid on-chain, and the wallet's PAT after (when the service names its chain URL). */
  paid?: boolean;
  walletWei?: bigint;
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** Requests the withdrawal; with `wait`, follows it until paid. Throws WalletCommandError on a refusal. */
export async function withdraw(amountWei: bigint, o: WithdrawOptions): Promise<WithdrawResult> {
  const [{ wire }, { Contract, JsonRpcProvider }] = await Promise.all([import('../proto/index.js'), import('ethers')]);
  const base = gatewayUrl(o);
  const { client, wallet } = await connectTrading(o);
  try {
    const before = await client.account();
    let ack: Awaited<ReturnType<typeof client.requestWithdrawal>>;
    try {
      ack = await client.requestWithdrawal(amountWei);
    } catch (error) {
      // The gateway's error frame is a definite refusal (a malformed or too small amount): nothing was taken.
      const refused = error as { name?: string; code?: unknown; message?: string };
      if (refused.name === 'PatxRequestError' && typeof refused.code === 'string') {
        throw new WalletCommandError(refused.code, `the exchange refused the withdrawal: ${String(refused.message).replace(`${refused.code}: `, '')}; nothing was taken`);
      }
      // Sent, and no answer (the exchange stopped or the connection broke): it may have been taken. A second request would be a second withdrawal.
      throw new WalletCommandError('OUTCOME_UNKNOWN', `the withdrawal was sent and the exchange did not answer (${(error as Error).message}): it may have been taken; patx balance shows a pending withdrawal if it was. Look before you send it again`);
    }
    const code = ack.rejectReason ?? 0;
    if (code !== 0) {
      const reason = wire.RejectReason[code] ?? String(code);
      const why: Record<string, string> = {
        INSUFFICIENT_BALANCE: `more than the account's free PAT (${patText(BigInt(before.availableWei ?? '0'))} available; PAT held by open orders or in escrow cannot leave)`,
        TOO_MANY_PENDING_WITHDRAWALS: `this account has as many withdrawals waiting for a settlement batch as it may (docs/settlement.md, "Withdrawing"); send it again once the next batch pays them (patx transfers lists them)`,
        PAYOUT_HELD_UNVERIFIED: `this provider's payouts are held until the exchange's operator verifies its identity, and only its own deposits may leave meanwhile (${patText(BigInt(before.ownDepositsWei || '0'))} PAT not yet withdrawn): there is no request to send; ask the operator, who records your legal name, jurisdiction, KYC case and this wallet as the payout address (the operator's patx providers verify ${Number(before.accountId)}; docs/providers.md, "Held payouts"). Your sales keep settling into your balance meanwhile`,
      };
      throw new WalletCommandError(reason, `the exchange refused the withdrawal: ${why[reason] ?? 'nothing was taken'}`);
    }
    // Taken from here on: whatever fails next, the withdrawal stands (it is paid with a settlement batch).
    const taken = (error: unknown): WalletCommandError => new WalletCommandError('REQUESTED_NOT_FOLLOWED', `the withdrawal was taken (it is paid with the next settlement batch), then the exchange stopped answering (${(error as Error).message}): patx balance shows it pending; do not send it again`);
    let view = await client.account().catch((error: unknown) => Promise.reject(taken(error)));
    const result: WithdrawResult = { address: wallet.address, accountId: Number(view.accountId), amountWei, pendingWei: BigInt(view.pendingWithdrawalWei ?? '0'), availableWei: BigInt(view.availableWei ?? '0') };
    if (!o.wait) return result;
    // Paid once the account's pending withdrawals fell by this one (the batch that paid it was recorded).
    const target = result.pendingWei - amountWei;
    const deadline = Date.now() + o.timeout * 1000;
    while (BigInt(view.pendingWithdrawalWei ?? '0') > target) {
      if (Date.now() > deadline) throw new WalletCommandError('NOT_PAID_YET', `requested, not paid within ${o.timeout} s: it is paid with the next settlement batch (operator: ./patx settle now)`);
      await sleep(POLL_MS);
      view = await client.account().catch((error: unknown) => Promise.reject(taken(error)));
    }
    result.paid = true;
    result.pendingWei = BigInt(view.pendingWithdrawalWei ?? '0');
    result.availableWei = BigInt(view.availableWei ?? '0');
    const chain = await getJson<{ rpcUrl?: string; token: string; chainId: number }>(`${base}/v1/chain/contracts`).catch(() => undefined);
    if (chain?.status === 200 && chain.body.rpcUrl !== undefined) {
      const provider = new JsonRpcProvider(chain.body.rpcUrl, chain.body.chainId, { staticNetwork: true });
      try {
        result.walletWei = (await new Contract(chain.body.token, ['function balanceOf(address) view returns (uint256)'], provider).getFunction('balanceOf')(wallet.address)) as bigint;
      } finally {
        provider.destroy();
      }
    }
    return result;
  } finally {
    await client.close().catch(() => undefined);
  }
}

function describe(r: WithdrawResult): string {
  const lines = [`withdrawal of ${patText(r.amountWei)} PAT from account #${r.accountId} to ${r.address}: ${r.paid === true ? 'paid on-chain' : 'requested; paid with the next settlement batch'}`];
  lines.push(`available ${patText(r.availableWei)} PAT · pending withdrawal ${patText(r.pendingWei)} PAT${r.walletWei === undefined ? '' : ` · in the wallet ${patText(r.walletWei)} PAT`}`);
  return lines.join('\n');
}

/** Adds `withdraw` to the program; `run` receives the exit code, `json` says whether --json was given. */
export function addWithdrawCommand(program: Command, run: (code: Promise<number> | number) => void, json: () => boolean): void {
  addWalletOptions(program
    .command('withdraw')
    .argument('<amount>', 'PAT to withdraw, e.g. 12.5', parsePatAmount)
    .description("withdraw PAT from your account to your wallet (paid on-chain with the next settlement batch)")
    .option('--wait', 'wait until it is paid on-chain, then show the wallet\'s PAT', false)
    .addOption(new Option('--timeout <s>', 'how long --wait waits, seconds').default(120).argParser((t) => {
      if (!/^\d{1,5}$/.test(t) || Number(t) < 1) throw new InvalidArgumentError('expected whole seconds >= 1');
      return Number(t);
    })))
    .action((amountWei: bigint, o: WithdrawOptions) => {
      run(
        withdraw(amountWei, o).then(
          (r) => {
            console.log(json() ? JSON.stringify({ ...r, amountWei: r.amountWei.toString(), pendingWei: r.pendingWei.toString(), availableWei: r.availableWei.toString(), ...(r.walletWei === undefined ? {} : { walletWei: r.walletWei.toString() }) }) : describe(r));
            return 0;
          },
          (error: unknown) => {
            if (!(error instanceof WalletCommandError)) throw error;
            console.error(json() ? JSON.stringify({ error: error.code, message: error.message }) : `patx: ${error.code}: ${error.message}`);
            return 1;
          },
        ),
      );
    });
}
