/**
 * The account and provider pages with settlement on, in Debian's Chromium: the service
 * starts its embedded local chain (anvil, port 0), deploys the contracts and funds the
 * dev wallets with PAT, as `npm start` does. Both pages sign in through the "wallet"
 * button with a browser wallet (EIP-1193).
 *
 * A real wallet extension cannot run in headless Chromium (no extensions, no one to
 * click its pop-ups), so the test injects the provider such an extension would inject,
 * `window.ethereum`, which forwards each JSON-RPC request to the real local chain, whose
 * dev accounts are unlocked: `personal_sign` (the login's challenge, signed HTTP
 * requests) and `eth_sendTransaction` (the deposit's approve and deposit) are signed by
 * the node (test/support/injected-wallet.ts).
 *
 * The consumer deposits PAT from its wallet into the vault and sees it pending, then
 * credited once the chain watcher counted its confirmations; a deposit beyond the
 * wallet's PAT is refused by name. Signed in with a dev key instead, the page signs the
 * deposit with the key and sends it to the embedded chain's URL. The provider mints and sells to the broker, a batch
 * settles on-chain (POST /settlement/settle with the operator credential), and its
 * payout statement shows the batch with its amount in PAT, and its sale proceeds held in escrow.
 * A consumer withdraws PAT from the console and from the CLI (`patx withdraw`): set aside at
 * once, paid on-chain by the next batch, the wallet's PAT on the chain up by the amount.
 */
import os from 'node:os';
import path from 'node:path';
import { Contract, JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import type { Series } from '../../src/engine/index.js';
import { accountLedgerWei, HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, longestOpenSpot, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { until } from '../support/exchange-fixture.js';
import { injectWallet } from '../support/injected-wallet.js';
import { screenshotPath } from '../support/screenshots.js';
import { pat, patOfWei } from '../../web/src/format.js';
import { patx } from '../support/patx-cli.js';

const CONSUMER_KEY = 8;
/** A consumer that signs in with its dev key (no browser wallet): the page signs the deposit with the key. */
const DEV_KEY_DEPOSITOR = 9;
const OPERATOR_TOKEN = 'wallet-test-operator-token';
const BROKER_FLOAT_PAT = 10_000;
let h: ConsoleHarness;
let rpcUrl: string;
let series: Series;

beforeAll(async () => {
  h = await startConsole('wallet', {
    gateway: { operatorToken: OPERATOR_TOKEN },
    quoting: { enabled: true, brokerFloatPat: BROKER_FLOAT_PAT, tickMs: 500, params: {} },
    // Batches only when asked (POST /settlement/settle), so the statement's batch is the one this test cut.
    settlement: { enabled: true, localChainPort: 0, confirmations: 2, pollIntervalMs: 100, localBlockIntervalMs: 100, batchIntervalMs: 3_600_000 },
  });
  const { service } = h;
  rpcUrl = service.settlement!.rpcUrl;
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger);
  // The broker's float is a real deposit on this chain: the quoter bids once the watcher credited it.
  await until(() => accountLedgerWei(service.engine, service.engine.brokerId) === BigInt(BROKER_FLOAT_PAT) * 10n ** 18n, 'broker float credited', 60_000);
  series = longestOpenSpot(service, 'AUTO_INTENT');
}, 120_000);

afterAll(() => stopConsole(h));

/** A wallet's own PAT on the chain (not deposited), as the token says. */
async function walletPat(address: string): Promise<bigint> {
  const chain = (await (await fetch(`${h.base}/v1/chain/contracts`)).json()) as { token: string; chainId: number };
  const provider = new JsonRpcProvider(rpcUrl, chain.chainId, { staticNetwork: true });
  try {
    return (await new Contract(chain.token, ['function balanceOf(address) view returns (uint256)'], provider).getFunction('balanceOf')(address)) as bigint;
  } finally {
    provider.destroy();
  }
}

/** Signs in through the "wallet" button; the page shows the wallet's address. */
async function signInWithBrowserWallet(page: import('playwright-core').Page, address: string): Promise<number> {
  await page.waitForSelector('[data-testid=signin-wallet]:has-text("Sign in with wallet")');
  await page.click('[data-testid=signin-wallet]');
  await expect(page.locator('[data-testid=account-address]').textContent({ timeout: 15_000 })).resolves.toBe(address);
  expect(await page.locator('main').textContent()).toContain('signed in with a browser wallet');
  return h.service.engine.accountIdByAddress.get(address.toLowerCase())!;
}

describe('web console with settlement on: browser wallet, deposit, payout statement', () => {
  it('a consumer signs in with a browser wallet and deposits PAT on-chain: pending, then credited', async () => {
    const address = new Wallet(HARDHAT_KEYS[CONSUMER_KEY]!).address;
    let wallet: Awaited<ReturnType<typeof injectWallet>> | undefined;
    const { page, errors } = await openPage(h, '#/account', undefined, async (p) => {
      wallet = await injectWallet(p, rpcUrl, address);
    });
    const accountId = await signInWithBrowserWallet(page, address);
    expect(accountId).toBeGreaterThan(0);
    // The login's challenge was signed by the wallet (personal_sign through window.ethereum): a Sign-In with Ethereum message for the page's host.
    expect(wallet!.calls).toContain('personal_sign');
    const host = new URL(page.url()).host;
    expect(wallet!.signed[0]).toMatch(new RegExp(`^${host.replace(/\./g, '\\.')} wants you to sign in with your Ethereum account:\n${address}\n\n.*\n\nURI: http://${host.replace(/\./g, '\\.')}\nVersion: 1\nChain ID: 31337\nNonce: [0-9a-f]{64}\nIssued At: .*Z\nExpiration Time: .*Z$`));

    // The deposit form names the chain and the wallet's PAT (the local chain funds each dev wallet with 100,000).
    await page.waitForSelector('[data-testid=wallet-pat]:text-is("100000.0000")', { timeout: 15_000 });
    expect(await page.locator('[data-testid=deposit-form]').textContent()).toContain('2 confirmation(s)');
    await expect(page.locator('[data-testid=available]').textContent()).resolves.toBe('0.0000 PAT');

    // More than the wallet holds: refused by name, nothing sent.
    await page.fill('[data-testid=deposit-amount]', '200000');
    await page.click('[data-testid=deposit-submit]');
    await page.waitForSelector('[data-testid=deposit-reason]:text-is("INSUFFICIENT_WALLET_PAT")', { timeout: 10_000 });
    expect(wallet!.calls).not.toContain('eth_sendTransaction');

    // 25.5 PAT: approve and deposit sent by the wallet; pending with its confirmations; then credited.
    await page.fill('[data-testid=deposit-amount]', '25.5');
    await page.click('[data-testid=deposit-submit]');
    // The pending line is read in the page the moment it shows: on a loaded machine the credit can
    // replace it before a second round trip from here would read it.
    const pending = await page.waitForFunction(
      () => {
        const amount = document.querySelector('[data-testid=deposit-pending]');
        return amount?.textContent === '25.5000 PAT pending' ? amount.parentElement?.textContent : undefined;
      },
      undefined,
      { timeout: 30_000, polling: 10 },
    );
    expect(await pending.jsonValue()).toMatch(/in block \d+, [12] of 2 confirmation\(s\)/);
    expect(wallet!.calls.filter((m) => m === 'eth_sendTransaction')).toHaveLength(2);
    await page.waitForSelector('[data-testid=deposit-credited]:text-is("25.5000 PAT credited")', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=available]:text-is("25.5000 PAT")');
    expect(accountLedgerWei(h.service.engine, accountId)).toBe(25n * 10n ** 18n + 5n * 10n ** 17n);
    await page.waitForSelector('[data-testid=wallet-pat]:text-is("99974.5000")');
    // The purchase history is read with the wallet's signature too.
    await page.waitForSelector('[data-testid=purchases]');
    expect(await page.locator('main').textContent()).not.toMatch(/Micros|µPAT|wei/i);
    await page.screenshot({ path: screenshotPath('console-account-deposit.png') });

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-account-deposit-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signed in with a dev key, the page signs the deposit itself and sends it to the embedded chain', async () => {
    const { page, errors } = await openPage(h, '#/account');
    const accountId = await signInWithDevKey(page, h.service, DEV_KEY_DEPOSITOR, HARDHAT_KEYS[DEV_KEY_DEPOSITOR]!);
    await page.waitForSelector('[data-testid=wallet-pat]:text-is("100000.0000")', { timeout: 15_000 });
    expect(await page.locator('[data-testid=deposit-form]').textContent()).toContain('From your dev key 9');
    await page.fill('[data-testid=deposit-amount]', '1.25');
    await page.click('[data-testid=deposit-submit]');
    await page.waitForSelector('[data-testid=deposit-credited]:text-is("1.2500 PAT credited")', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=available]:text-is("1.2500 PAT")');
    expect(accountLedgerWei(h.service.engine, accountId)).toBe(125n * 10n ** 16n);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a consumer withdraws PAT from the console: set aside at once, paid on-chain by the next batch, its wallet PAT up by the amount', async () => {
    const address = new Wallet(HARDHAT_KEYS[DEV_KEY_DEPOSITOR]!).address;
    const { page, errors } = await openPage(h, '#/account');
    const accountId = await signInWithDevKey(page, h.service, DEV_KEY_DEPOSITOR, HARDHAT_KEYS[DEV_KEY_DEPOSITOR]!);
    // The previous test deposited 1.25 PAT.
    await page.waitForSelector('[data-testid=withdraw-free]:text-is("1.2500")', { timeout: 15_000 });
    const before = await walletPat(address);
    await page.waitForSelector(`[data-testid=withdraw-wallet]:text-is("${patOfWei(before)}")`, { timeout: 15_000 });

    // More than is available: refused in the page, nothing sent.
    await page.fill('[data-testid=withdraw-amount]', '5');
    await page.click('[data-testid=withdraw-submit]');
    await page.waitForSelector('[data-testid=withdraw-form] .acct-error:has-text("at most your available 1.2500 PAT")');
    expect(h.service.engine.account(accountId)!.pendingWithdrawalWei).toBe(0n);

    // 0.75 PAT: the engine sets it aside at once (pending), the rest stays available.
    await page.fill('[data-testid=withdraw-amount]', '0.75');
    await page.click('[data-testid=withdraw-submit]');
    await page.waitForSelector('[data-testid=outcome]:has-text("withdraw 0.7500 PAT: requested")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=withdraw-pending]:text-is("0.7500")');
    await page.waitForSelector('[data-testid=withdraw-free]:text-is("0.5000")');
    expect(h.service.engine.account(accountId)!.pendingWithdrawalWei).toBe(75n * 10n ** 16n);
    expect(await walletPat(address)).toBe(before);
    await page.screenshot({ path: screenshotPath('console-account-withdraw.png'), fullPage: false });

    // The next batch pays it from the vault to the wallet.
    const settled = await fetch(`${h.base}/settlement/settle`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(settled.status).toBe(200);
    await page.waitForSelector('[data-testid=withdraw-paid]:has-text("0.7500 PAT paid to your wallet on-chain")', { timeout: 60_000 });
    expect(await walletPat(address)).toBe(before + 75n * 10n ** 16n);
    await page.waitForSelector(`[data-testid=withdraw-wallet]:text-is("${patOfWei(before + 75n * 10n ** 16n)}")`, { timeout: 15_000 });
    expect(h.service.engine.account(accountId)!.pendingWithdrawalWei).toBe(0n);
    expect(accountLedgerWei(h.service.engine, accountId)).toBe(5n * 10n ** 17n);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('`patx withdraw` logs in with the wallet, names a refusal, and with --wait follows the withdrawal until it is paid on-chain', async () => {
    const address = new Wallet(HARDHAT_KEYS[DEV_KEY_DEPOSITOR]!).address;
    const accountId = h.service.engine.accountIdByAddress.get(address.toLowerCase())!;
    const before = await walletPat(address);
    // More than the account's free PAT (0.5): refused by name, exit 1, nothing changes.
    const refused = await patx(['withdraw', '100', '--gateway', h.base, '--dev-key', String(DEV_KEY_DEPOSITOR)]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('INSUFFICIENT_BALANCE');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(h.service.engine.account(accountId)!.pendingWithdrawalWei).toBe(0n);
    // A bad amount is a usage error (exit 2).
    expect((await patx(['withdraw', '-1', '--gateway', h.base, '--dev-key', String(DEV_KEY_DEPOSITOR)])).status).toBe(2);

    const run = patx(['--json', 'withdraw', '0.25', '--gateway', h.base, '--dev-key', String(DEV_KEY_DEPOSITOR), '--wait', '--timeout', '90']);
    await until(() => h.service.engine.account(accountId)!.pendingWithdrawalWei === 25n * 10n ** 16n, "the CLI's withdrawal requested", 60_000);
    const settled = await fetch(`${h.base}/settlement/settle`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(settled.status).toBe(200);
    const done = await run;
    expect(done.status, done.stderr).toBe(0);
    const out = JSON.parse(done.stdout) as { paid: boolean; amountWei: string; walletWei: string; accountId: number; address: string };
    expect(out).toMatchObject({ paid: true, amountWei: String(25n * 10n ** 16n), accountId, address });
    expect(BigInt(out.walletWei)).toBe(before + 25n * 10n ** 16n);
    expect(await walletPat(address)).toBe(before + 25n * 10n ** 16n);
    expect(accountLedgerWei(h.service.engine, accountId)).toBe(25n * 10n ** 16n);
  }, 120_000);

  it('the provider signs in with a browser wallet, sells to the broker, and sees the settled batch in its payout statement', async () => {
    const address = new Wallet(DEMO_PROVIDER_KEY).address;
    const { page, errors } = await openPage(h, '#/provider', undefined, (p) => injectWallet(p, rpcUrl, address).then(() => undefined));
    const accountId = await signInWithBrowserWallet(page, address);
    expect(await page.locator('[data-testid=role]').textContent()).toBe('PROVIDER');
    await page.waitForSelector('[data-testid=listings] tbody tr[data-listing-id]', { timeout: 10_000 });
    // Settlement is on: the statement answers, with no batch yet.
    await page.waitForSelector('[data-testid=statement]', { timeout: 10_000 });
    expect(await page.locator('[data-testid=statement] tbody tr[data-batch-id]').count()).toBe(0);

    await page.selectOption('[data-testid=supply-series]', String(series.id));
    await page.fill('[data-testid=capacity-qty]', '100');
    await page.click('[data-testid=declare-capacity]');
    await page.waitForSelector('[data-testid=outcome]:has-text("capacity 100 declared")', { timeout: 10_000 });
    await page.fill('[data-testid=mint-qty]', '10');
    await page.click('[data-testid=mint]');
    await page.waitForSelector('[data-testid=outcome]:has-text("10 right(s) minted")', { timeout: 10_000 });

    // Sell 10 at the broker's bid (a limit a few ticks under it, as the provider page's own test does).
    h.service.quoting!.tick();
    await h.service.sequencer.drain();
    await page.waitForFunction(() => /^\d+\.\d{3,6}$/.test(document.querySelector('[data-testid=broker-bid]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    const bid = h.service.engine.seriesById(series.id)!.brokerBuys.bestBidMicros();
    const tick = series.spec.tickMicros;
    await page.fill('[data-testid=sell-price]', (Math.max(tick, Math.floor((bid * 0.97) / tick) * tick) / 1e6).toFixed(6));
    await page.fill('[data-testid=sell-qty]', '10');
    await page.click('[data-testid=sell]');
    await page.waitForSelector('[data-testid=outcome]:has-text("sold 10 of 10")', { timeout: 10_000 });

    // The operator settles a batch now (its credential; the settler's interval is an hour here).
    const settled = await fetch(`${h.base}/settlement/settle`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(settled.status).toBe(200);
    await until(() => h.service.settlement!.payouts(accountId).length > 0, 'the provider in a settled batch', 60_000);
    const [entry] = h.service.settlement!.payouts(accountId);
    expect(entry!.qty).toBe(10);

    await page.click('[data-testid=reload]');
    const row = page.locator(`[data-testid=statement] tr[data-batch-id="${entry!.batchId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('[data-testid=batch-id]').textContent()).toBe(String(entry!.batchId));
    const netPat = pat(Number(entry!.netWei / 10n ** 12n));
    expect(await row.locator('[data-testid=batch-net]').textContent()).toBe(netPat);
    expect(entry!.netWei).toBeGreaterThan(0n);
    // The batch held the sale's proceeds in escrow (rules 3): its row says so, beside what it released and refunded.
    expect(entry!.escrow?.heldMicros).toBeGreaterThan(0);
    expect(await row.locator('[data-testid=batch-held]').textContent()).toBe(pat(entry!.escrow!.heldMicros));
    expect(await row.locator('[data-testid=batch-released]').textContent()).toBe(pat(entry!.escrow!.releasedMicros));
    await page.waitForSelector(`[data-testid=payout-total]:text-is("${netPat} PAT")`);
    expect(await page.locator('[data-testid=settled-sales]').textContent()).toContain('10 right(s)');
    // Its sale proceeds are held in escrow until the rights are delivered (none exercised yet), against its free PAT.
    const account = h.service.engine.account(accountId)!;
    expect(account.proceedsHeldMicros).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=proceeds-held]').textContent()).toBe(`${pat(account.proceedsHeldMicros)} PAT`);
    expect(await page.locator('[data-testid=proceeds-free]').textContent()).toBe(`${pat(account.availableMicros)} PAT`);
    expect(await page.locator('main').textContent()).not.toMatch(/Micros|µPAT|wei/i);
    await page.screenshot({ path: screenshotPath('console-provider.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-provider-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
