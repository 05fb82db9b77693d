/**
 * The provider page's sales of any session (#/provider, "Your fills": GET /v1/fills), end to end in
 * Debian's Chromium against the service started here (temp data dir, ports 0, settlement off, the
 * broker quoting) with the demo listings. A provider that sold from another session (a bot, the CLI,
 * the page before a reload) saw "No sales this session" and 0 PAT sold, and was told the exchange had
 * no route for unsettled sales of an earlier session; GET /v1/fills is that route. Here the demo
 * provider sells to the broker's bid outside the page, signs in and finds that sale; a second sale
 * outside the page while it is open shows too, read again when the account's positions move.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import type { Series } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { providerSellsToBroker } from '../support/broker-rights.js';
import { logger, longestOpenSpot, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';

const DEV_KEY_INDEX = 5;
const PROVIDER = new Wallet(DEMO_PROVIDER_KEY).address;
let h: ConsoleHarness;
let series: Series;

beforeAll(async () => {
  expect(HARDHAT_KEYS[DEV_KEY_INDEX]).toBe(DEMO_PROVIDER_KEY);
  h = await startConsole('provider-fills', { quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 500, params: {} } });
  await publishDemoListings(h.service.catalog, h.service.engine, h.service.sequencer, Date.now, logger);
  series = longestOpenSpot(h.service, 'AUTO_INTENT');
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console: the provider page lists its sales of every session', () => {
  it('shows a sale made outside the page, before sign-in and while it is open', async () => {
    // A sale of another session (as a bot's or the CLI's): 4 rights to the broker's bid.
    await providerSellsToBroker(h.service, PROVIDER, series.id, { mint: 10, sell: 4 });
    const { page, errors } = await openPage(h, '#/provider');
    await signInWithDevKey(page, h.service, DEV_KEY_INDEX, DEMO_PROVIDER_KEY);
    const row = (qty: number) => `[data-testid=fills] tr[data-side=SELL]:has([data-testid=fill-qty]:text-is("${qty}"))`;
    await page.waitForSelector(row(4), { timeout: 15_000 });
    expect(await page.locator(row(4)).textContent()).toContain(series.spec.contract);
    // The page no longer says such sales have no route.
    expect(await page.locator('body').textContent()).not.toContain('no route for them');

    // Another sale outside the page while it is open: the account's positions move, the fills are read again.
    await providerSellsToBroker(h.service, PROVIDER, series.id, { mint: 3, sell: 3 });
    await page.waitForSelector(row(3), { timeout: 20_000 });
    expect(await page.locator('[data-testid=fills] tr[data-side=SELL]').count()).toBe(2);
    expect(errors).toEqual([]);
  });
});
