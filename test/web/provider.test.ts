/**
 * The console's provider page (#/provider) end to end in Debian's Chromium
 * (playwright-core), against the service started here (temp data dir, ports 0,
 * settlement off) with the demo listings. In the page: sign in with the demo provider's
 * dev key (src/demo's DEMO_PROVIDER_KEY, hardhat's #5, whose listings the demo publishes),
 * see its listings with quality and trust, declare capacity and mint in a spot series,
 * sell to the broker's bid and see the sale, see the payout statement's refusal
 * (SETTLEMENT_UNAVAILABLE, settlement being off), and a mint beyond capacity refused with
 * CAPACITY_EXCEEDED. The browser wallet and the payout statement with settlement on:
 * test/web/wallet.test.ts (which saves docs/console-provider.png).
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import type { Series } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, longestOpenSpot, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';

const DEV_KEY_INDEX = 5;
let h: ConsoleHarness;
let series: Series;

beforeAll(async () => {
  expect(HARDHAT_KEYS[DEV_KEY_INDEX]).toBe(DEMO_PROVIDER_KEY);
  h = await startConsole('provider', { quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 500, params: {} } });
  const { service } = h;
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger);
  series = longestOpenSpot(service, 'AUTO_INTENT');
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console: the provider page', () => {
  it('signs in with the demo provider’s dev key, declares capacity, mints, sells to the broker and names a refusal', async () => {
    const { page, errors } = await openPage(h, '#/provider');
    const accountId = await signInWithDevKey(page, h.service, DEV_KEY_INDEX, DEMO_PROVIDER_KEY);
    expect(await page.locator('[data-testid=role]').textContent()).toBe('PROVIDER');
    // Not verified by the operator: the page says its payouts are held (docs/providers.md).
    await page.waitForSelector('[data-testid=verification][data-verified=false]:has-text("payouts are held")', { timeout: 10_000 });

    // Its listings (the demo's, published) with quality metrics and the trust score.
    const own = h.service.catalog.listingsOf(accountId);
    expect(own.length).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid=listings] tbody tr[data-listing-id]', { timeout: 10_000 });
    expect(await page.locator('[data-testid=listings] tbody tr[data-listing-id]').count()).toBe(own.length);
    const auto = own.find((l) => l.segment === 'AUTO_INTENT')!;
    const row = page.locator(`[data-testid=listings] tr[data-listing-id="${auto.id}"]`);
    expect(await row.locator('[data-testid=listing-status]').textContent()).toBe('PUBLISHED');
    expect(await row.locator('[data-testid=trust]').textContent()).toBe(h.service.catalog.summary(auto).trust.toFixed(3));
    expect(await row.textContent()).toMatch(/\d+\.\d%/);

    // Settlement is off in this test: the payout statement shows the API's reason.
    await page.waitForSelector('[data-testid=statement-refused] :text("SETTLEMENT_UNAVAILABLE")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=deliveries]');

    // Declare capacity 100 and mint 20 in the series.
    await page.selectOption('[data-testid=supply-series]', String(series.id));
    await page.fill('[data-testid=capacity-qty]', '100');
    await page.click('[data-testid=declare-capacity]');
    await page.waitForSelector('[data-testid=outcome]:has-text("capacity 100 declared")', { timeout: 10_000 });
    await page.fill('[data-testid=mint-qty]', '20');
    await page.click('[data-testid=mint]');
    await page.waitForSelector('[data-testid=outcome]:has-text("20 right(s) minted")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=minted]:text-is("20")');
    expect(await page.locator('[data-testid=capacity]').textContent()).toBe('100');

    // Sell 10 to the broker's bid (shown from the market feed); a limit a few ticks under it, as the provider bot allows for the bid moving.
    h.service.quoting!.tick();
    await h.service.sequencer.drain();
    await page.waitForFunction(() => /^\d+\.\d{3,6}$/.test(document.querySelector('[data-testid=broker-bid]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    const bid = h.service.engine.seriesById(series.id)!.brokerBuys.bestBidMicros();
    expect(bid).toBeGreaterThan(0);
    const tick = series.spec.tickMicros;
    const limit = Math.max(tick, Math.floor((bid * 0.97) / tick) * tick);
    await page.fill('[data-testid=sell-price]', (limit / 1e6).toFixed(6));
    await page.fill('[data-testid=sell-qty]', '10');
    await page.click('[data-testid=sell]');
    await page.waitForSelector('[data-testid=outcome]:has-text("sold 10 of 10")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=sales] [data-testid=sale-qty]:text-is("10")');
    expect(await page.locator('[data-testid=sales]').textContent()).toContain(series.spec.contract);
    await page.waitForSelector('[data-testid=unsold]:text-is("10")');
    await page.waitForFunction(() => !/^0\.000 PAT$/.test(document.querySelector('[data-testid=sold-value]')?.textContent ?? ''));

    // A mint beyond the declared capacity (80 left) is refused by name.
    await page.fill('[data-testid=mint-qty]', '500');
    await page.click('[data-testid=mint]');
    await page.waitForSelector('[data-testid=reject-reason]:text-is("CAPACITY_EXCEEDED")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=minted]:text-is("20")');
    const text = await page.locator('main').textContent();
    expect(text).not.toMatch(/Micros|µPAT|wei/i);
    await page.fill('[data-testid=mint-qty]', '20');
    // docs/console-provider.png comes from test/web/wallet.test.ts (settlement on: a settled batch in the statement).
    await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-provider-no-settlement.png'), fullPage: true });

    // A phone's width: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
