/**
 * The console's consumer account page (#/account) end to end in Debian's Chromium
 * (playwright-core), against the service started here (temp data dir, ports 0,
 * settlement off) with the demo listings and the reference provider server behind its
 * gate (port 0; the listing's delivery endpoint is pointed at it). The demo provider
 * mints and sells to the broker's bid so the broker quotes an ask. In the page: sign in
 * with a dev key, see the deposit credited, buy at the ask, exercise, download the
 * records at the provider's gate, and a refused action shows its reason by name.
 * Saves docs/console-account.png for the README.
 */
import { readFileSync } from 'node:fs';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, OrderType, SelfTradePrevention, Side, SYSTEM_ACTOR, TimeInForce, type Command, type Series } from '../../src/engine/index.js';
import { startDemoProviderServer } from '../../src/provider-server/demo.js';
import { RECORDS_PER_RIGHT, type ProviderServer } from '../../src/provider-server/server.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, longestOpenSpot, newListingVersion, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { screenshotPath } from '../support/screenshots.js';

const DEV_KEY_INDEX = 7;
let h: ConsoleHarness;
let server: ProviderServer;
let series: Series;

const send = (command: Command) => h.service.sequencer.submit(command);

/** The demo provider mints and sells to the broker's bid; the broker then quotes an ask. */
async function brokerHoldsRights(seriesId: number): Promise<void> {
  const provider = h.service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase())!;
  await send({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: 100 });
  await send({ kind: CommandKind.MINT, actor: provider, seriesId, qty: 20 });
  h.service.quoting!.tick();
  await h.service.sequencer.drain();
  const bid = h.service.engine.seriesById(seriesId)!.brokerBuys.bestBidMicros();
  await send({ kind: CommandKind.NEW_ORDER, actor: provider, seriesId, clientOrderId: 0, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros: bid, qty: 10, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
  await new Promise((r) => setTimeout(r, 150));
  h.service.quoting!.tick();
  await h.service.sequencer.drain();
}

beforeAll(async () => {
  h = await startConsole('account', { quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 500, params: {} } });
  const { service, base, dir } = h;
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger);
  server = await startDemoProviderServer(service, { dataDir: dir, host: '127.0.0.1', port: 0, exchangeUrl: base, log: logger });
  // Points the demo provider's listing at the provider server this test started (the demo's listings name port 8490).
  await newListingVersion(service, 'AUTO_INTENT', { deliveryEndpoint: `http://127.0.0.1:${server.port}/records`, changeLog: 'delivery endpoint of this test' });
  series = longestOpenSpot(service, 'AUTO_INTENT');
  await brokerHoldsRights(series.id);
  expect(service.engine.seriesById(series.id)!.brokerSells.bestAskMicros()).toBeGreaterThan(0);
}, 120_000);

afterAll(() => stopConsole(h, server));

describe('web console: the consumer account page', () => {
  it('signs in with a dev key, buys at the ask, exercises, downloads at the gate, and names a refusal', async () => {
    const { page, errors } = await openPage(h, '#/account');
    const accountId = await signInWithDevKey(page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
    expect(accountId).toBeGreaterThan(0);

    // PAT arrives as a deposit (on-chain with settlement; credited here directly): the page shows it with decimals.
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 25n * 10n ** 18n + 5n * 10n ** 17n, ref: 'account-test' });
    await page.waitForSelector('[data-testid=available]:has-text("25.500 PAT")', { timeout: 10_000 });

    // Buy 3 at the broker's ask (the price left empty: the ask shown is used).
    await page.selectOption('[data-testid=buy-series]', String(series.id));
    await page.waitForFunction(() => /^\d+\.\d{3,6}$/.test(document.querySelector('[data-testid=buy-ask]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await page.fill('[data-testid=buy-qty]', '3');
    await page.click('[data-testid=buy-submit]');
    await page.waitForSelector('[data-testid=outcome]:has-text("bought 3 of 3")', { timeout: 10_000 });
    await page.waitForSelector(`[data-testid=rights] tr[data-series-id="${series.id}"] [data-testid=rights-available]:has-text("3")`);
    expect(await page.locator('[data-testid=fills] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=fills]').textContent()).toContain(series.spec.contract);

    // Exercise them: one signed grant from the demo provider; download its records at the provider's gate.
    const row = page.locator(`[data-testid=rights] tr[data-series-id="${series.id}"]`);
    await row.locator('[data-testid=exercise-qty]').fill('3');
    await row.locator('[data-testid=exercise]').click();
    await page.waitForSelector('[data-testid=outcome]:has-text("1 access grant(s)")', { timeout: 10_000 });
    await page.click('[data-testid=grants] [data-testid=download]');
    await page.waitForSelector('[data-testid=records]', { timeout: 15_000 });
    expect(Number(await page.locator('[data-testid=records]').textContent())).toBe(3 * RECORDS_PER_RIGHT);
    const json = await page.locator('[data-testid=save-json]').getAttribute('href');
    expect(json).toMatch(/^blob:/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=save-json]')]);
    expect(download.suggestedFilename()).toMatch(/^patx-grant-\d+\.json$/);
    const records = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Record<string, unknown>[];
    expect(records).toHaveLength(3 * RECORDS_PER_RIGHT);
    expect(Object.keys(records[0]!)).toEqual(['event_time', 'household_hash', 'make', 'region', 'intent_score']);

    // A resting order below the ask shows in the open orders; cancel it.
    await page.fill('[data-testid=buy-price]', '0.1');
    await page.fill('[data-testid=buy-qty]', '2');
    await page.selectOption('[data-testid=buy-tif]', String(TimeInForce.GTC));
    await page.click('[data-testid=buy-submit]');
    await page.waitForSelector('[data-testid=orders] tbody tr[data-order-id]', { timeout: 10_000 });
    await expect(page.locator('[data-testid=held]').textContent()).resolves.toBe('0.200 PAT');
    await page.click('[data-testid=orders] [data-testid=cancel]');
    await page.waitForSelector('[data-testid=outcome]:has-text("cancelled")');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=orders] tbody tr[data-order-id]').length === 0);

    // Bad actions show their reason by name: more rights than held, and more than the balance pays for.
    await row.locator('[data-testid=exercise-qty]').fill('50');
    await row.locator('[data-testid=exercise]').click();
    await page.waitForSelector('[data-testid=reject-reason]:has-text("INSUFFICIENT_RIGHTS")', { timeout: 10_000 });
    await page.fill('[data-testid=buy-price]', '1000');
    await page.click('[data-testid=buy-submit]');
    await page.waitForSelector('[data-testid=reject-reason]:has-text("PRICE_OUT_OF_LIMITS")', { timeout: 10_000 });
    // 40 at the ask costs more than the 23.5 PAT left.
    await page.fill('[data-testid=buy-price]', '');
    await page.fill('[data-testid=buy-qty]', '40');
    await page.click('[data-testid=buy-submit]');
    await page.waitForSelector('[data-testid=reject-reason]:has-text("INSUFFICIENT_BALANCE")', { timeout: 10_000 });
    const text = await page.locator('main').textContent();
    expect(text).not.toMatch(/Micros|µPAT|wei/i);
    await page.fill('[data-testid=buy-qty]', '1');
    await page.screenshot({ path: screenshotPath('console-account.png'), fullPage: true });

    // A phone's width: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
