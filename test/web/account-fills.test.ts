/**
 * The account page's fills and settlements (GET /v1/fills, GET /v1/settlements, wallet-signed) in
 * Debian's Chromium against the service started here (temp data dir, ports 0, settlement off, the
 * demo listings; the demo provider sells to the broker's bid so the broker asks): a funded consumer
 * signs in (both histories read: "No fills yet", and the settlements' empty state), buys at the ask
 * on the page, and the fills panel shows that buy without a reload (read again when the account view
 * changed): BUY, its quantity, the ask, no fee, TAKER; the settlements still none. A refused read of
 * the fills (the route answering 500, made with page.route) says so by name instead of "No fills yet",
 * and its "try again" reads them. Saves a screenshot of the page to /tmp/console-fills.png.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, longestOpenSpot, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { providerSellsToBroker } from '../support/broker-rights.js';
import { pat } from '../../web/src/format.js';

const BUYER_KEY_INDEX = 8;
const REFUSED_KEY_INDEX = 9;
const SETTLEMENTS_EMPTY = "No settlements yet — synthetics and options settle at their window's close";
let h: ConsoleHarness;
let series: Series;

beforeAll(async () => {
  h = await startConsole('account-fills', { quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} } });
  await publishDemoListings(h.service.catalog, h.service.engine, h.service.sequencer, Date.now, logger);
  series = longestOpenSpot(h.service, 'AUTO_INTENT');
  await providerSellsToBroker(h.service, new Wallet(DEMO_PROVIDER_KEY).address, series.id, { mint: 20, sell: 10 });
  h.service.quoting!.stop(); // the ask the page shows is the ask the buy meets
  expect(h.service.engine.seriesById(series.id)!.brokerSells.bestAskMicros()).toBeGreaterThan(0);
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console: your fills and settlements', () => {
  it('a buy at the ask shows in the fills as BUY, its quantity, TAKER; the settlements show their empty state', async () => {
    const { page, errors } = await openPage(h, '#/account');
    try {
      const accountId = await signInWithDevKey(page, h.service, BUYER_KEY_INDEX, HARDHAT_KEYS[BUYER_KEY_INDEX]!);
      await page.waitForSelector('[data-testid=fills] td:text-is("No fills yet")', { timeout: 10_000 });
      await page.waitForSelector(`[data-testid=settlements] td:text-is("${SETTLEMENTS_EMPTY}")`, { timeout: 10_000 });

      await h.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 10n * 10n ** 18n, ref: 'account-fills' });
      await page.waitForSelector('[data-testid=available]:has-text("10.0000 PAT")', { timeout: 10_000 });

      // Buy 2 at the broker's ask on the page (the price left empty: the ask shown is used).
      const ask = h.service.engine.seriesById(series.id)!.brokerSells.bestAskMicros();
      await page.selectOption('[data-testid=buy-series]', String(series.id));
      await page.waitForSelector(`[data-testid=buy-ask]:text-is("${pat(ask)}")`, { timeout: 15_000 });
      await page.fill('[data-testid=buy-qty]', '2');
      await page.click('[data-testid=buy-submit]');
      await page.waitForSelector('[data-testid=outcome]:has-text("bought 2 of 2")', { timeout: 10_000 });

      // No reload clicked: the account view changed, so the fills were read again.
      const row = page.locator('[data-testid=fills] tbody tr[data-trade-id]');
      await row.first().waitFor({ timeout: 10_000 });
      expect(await row.count()).toBe(1);
      expect(await row.getAttribute('data-side')).toBe('BUY');
      const cells = await row.locator('td').allTextContents();
      expect(cells.slice(2)).toEqual(['SPOT', 'BUY', '2', pat(ask), pat(0), 'TAKER']);
      expect(await row.locator('[data-testid=history-contract] a').textContent()).toBe(series.spec.contract);
      expect(await row.locator('[data-testid=history-contract] .sid').textContent()).toMatch(new RegExp(`^#${series.id} · order \\d+$`));
      expect(await page.locator('[data-testid=fills]').textContent()).not.toContain('No fills yet');
      expect(await page.locator('[data-testid=fills-more]').count()).toBe(0); // one fill: no older page
      expect(await page.locator('[data-testid=settlements] tbody').textContent()).toBe(SETTLEMENTS_EMPTY);

      // Every read answered: no refusal line anywhere on the page.
      expect(await page.locator('[data-testid$=-refused]').count()).toBe(0);
      await page.screenshot({ path: '/tmp/console-fills.png', fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a refused read of the fills says so by name, not "No fills yet", and "try again" reads them', async () => {
    const { page, errors } = await openPage(h, '#/account');
    try {
      let refuse = true;
      await page.route('**/v1/fills**', (route) => (refuse ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'INTERNAL', message: 'internal error' }) }) : route.continue()));
      await signInWithDevKey(page, h.service, REFUSED_KEY_INDEX, HARDHAT_KEYS[REFUSED_KEY_INDEX]!);
      await page.waitForSelector('[data-testid=fills-refused]', { timeout: 15_000 });
      expect(await page.locator('[data-testid=fills-reason]').textContent()).toBe('INTERNAL');
      expect(await page.locator('[data-testid=fills-refused]').textContent()).toContain('could not read your fills: INTERNAL internal error');
      expect(await page.locator('[data-testid=fills-panel]').textContent()).not.toContain('No fills yet');
      // The settlements' read is its own: unaffected.
      await page.waitForSelector(`[data-testid=settlements] td:text-is("${SETTLEMENTS_EMPTY}")`, { timeout: 10_000 });

      refuse = false;
      await page.click('[data-testid=fills-retry]');
      await page.waitForSelector('[data-testid=fills] td:text-is("No fills yet")', { timeout: 10_000 });
      expect(await page.locator('[data-testid=fills-refused]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
