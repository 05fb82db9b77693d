/**
 * Fees in the console (docs/fees.md, "Where fees are shown"), in Debian's Chromium against the
 * service started here with a fee schedule set (a taker fee on SPOT): the trade ticket says the
 * fee before the order (GET /v1/fees) and its outcome names the fee the fill charged; the Account page's purchase
 * history shows a Fee column with what that buy paid, from the purchase ledger (GET /v1/purchases),
 * and the listing versions' licence in plain words. Under the default schedule the same pages
 * have no fee column (test/web/trade-ticket.test.ts and account.test.ts run them so).
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { feeMicros } from '../../src/risk/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, longestOpenSpot, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { providerSellsToBroker } from '../support/broker-rights.js';
import { pat } from '../../web/src/format.js';

const DEV_KEY_INDEX = 8;
const TAKER_BPS = 30;
const OPERATOR_TOKEN = 'fees-console-operator-token-0123456789';
let h: ConsoleHarness;
let series: Series;

beforeAll(async () => {
  h = await startConsole('fees', { gateway: { operatorToken: OPERATOR_TOKEN }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} } });
  await publishDemoListings(h.service.catalog, h.service.engine, h.service.sequencer, Date.now, logger);
  series = longestOpenSpot(h.service, 'AUTO_INTENT');
  await providerSellsToBroker(h.service, new Wallet(DEMO_PROVIDER_KEY).address, series.id, { mint: 20, sell: 10 });
  h.service.quoting!.stop(); // the ask the test reads is the ask its order meets
  await h.service.sequencer.submit({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'fee.takerBps:SPOT', value: TAKER_BPS });
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console: fees', () => {
  it('the ticket names the fee before and after a buy; the purchase history shows what the buy paid', async () => {
    const { page, errors } = await openPage(h, `#/series/${series.id}`);
    await page.waitForSelector('[data-testid=ticket] [data-testid=signin-dev]');
    const accountId = await signInWithDevKey(page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
    await h.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 10n * 10n ** 18n, ref: 'fees-console' });
    await page.waitForSelector('[data-testid=ticket-available]:text-is("10.0000 PAT")', { timeout: 10_000 });
    const ticket = (testid: string) => page.locator(`[data-testid=ticket] [data-testid=${testid}]`);
    await page.waitForSelector('[data-testid=ticket-fee]:has-text("taker 0.30%")', { timeout: 10_000 }); // GET /v1/fees read

    const ask = h.service.engine.seriesById(series.id)!.brokerSells.bestAskMicros();
    await ticket('ticket-ask').click();
    await ticket('ticket-qty').fill('2');
    await ticket('ticket-tif').selectOption('ioc');
    const fee = feeMicros(2 * ask, TAKER_BPS);
    expect(await ticket('ticket-fee').textContent()).toBe(`${pat(fee)} PAT (taker 0.30%, maker 0.00%)`);
    await ticket('ticket-submit').click();
    await page.waitForSelector('[data-testid=ticket-outcome]', { timeout: 10_000 });
    expect(await ticket('ticket-outcome').textContent()).toBe(`Bought 2 @ ${pat(ask)} PAT (${pat(2 * ask)} PAT, fee ${pat(fee)} PAT).`);

    await page.click('nav a[href="#/account"]');
    await page.click('[data-testid=purchases-reload]'); // the history was read at sign-in, before the buy
    const row = page.locator('[data-testid=purchases] tbody tr[data-trade-id]').first();
    await row.waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid=purchases] thead').textContent()).toContain('Fee');
    expect(await row.locator('[data-testid=purchase-fee]').textContent()).toBe(pat(fee));
    const title = await row.locator('a[href^="#/catalog/"]').first().getAttribute('title');
    expect(title).toMatch(/^licensed for [a-z-]+(, [a-z-]+)* · [a-z]+$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the operator page shows the fee account and offers its sweep; with settlement off the sweep is refused by name, nothing moved", async () => {
    const feesHeld = h.service.engine.feeAccountMicros;
    expect(feesHeld).toBeGreaterThan(0); // the buy above paid a taker fee
    const { page, errors } = await openPage(h, '#/operator');
    try {
      await page.fill('[data-testid=operator-token]', OPERATOR_TOKEN);
      await page.click('[data-testid=operator-signin]');
      await page.waitForSelector('[data-testid=fee-account]', { timeout: 10_000 });
      expect(await page.locator('[data-testid=fee-account]').innerText()).toBe(pat(feesHeld));
      await page.fill('[data-testid=fee-sweep-amount]', 'lots');
      await page.click('[data-testid=fee-sweep]');
      expect(await page.locator('[data-testid=fee-sweep-problem]').innerText()).toContain('an amount in PAT');
      await page.fill('[data-testid=fee-sweep-amount]', '');
      await page.click('[data-testid=fee-sweep]');
      await page.waitForSelector('[data-testid=action-result]:has-text("fee sweep (all): refused")', { timeout: 10_000 });
      expect(await page.locator('[data-testid=action-result]').innerText()).toContain('SETTLEMENT_UNAVAILABLE');
      expect(h.service.engine.feeAccountMicros).toBe(feesHeld);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
