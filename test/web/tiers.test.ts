/**
 * A listing's tiers and bundles on its page (#/catalog/ID; web/src/listing-tiers.tsx) in Debian's
 * Chromium against the service started here (temp data dir, ports 0, settlement and quoting
 * off). The panel shows each tier's price at the asks now and its seats; a bundle with a leg the
 * asks cannot fill says which, and buying it is refused by name; once both legs are asked the
 * quote is the sum and the purchase goes through; subscribing to a tier takes its seat; the page
 * fits 1280 px and 390 px.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedRequest } from '../../src/client/index.js';
import { Role, SeriesKind, SeriesStatus } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { listingInput } from '../support/catalog-fixture.js';
import { openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { overflows } from '../support/page-fit.js';
import { credit, openAccount, stockBroker } from '../support/subscription-market.js';

const C1 = 'AUTO_INTENT|7D|0.70-0.85';
const C2 = 'AUTO_INTENT|7D|0.85-1.00';
const DEV_KEY_INDEX = 9;
let h: ConsoleHarness;
let listingId = 0;
let providerId = 0;
const provider = Wallet.createRandom();

function openWindow(contract: string): number {
  const now = Date.now();
  const s = h.service.engine.series.find((x) => x !== undefined && x.spec.contract === contract && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING && x.spec.openAtMs <= now && now < x.spec.closeAtMs);
  if (s === undefined) throw new Error(`no open ${contract} window`);
  return s.id;
}

beforeAll(async () => {
  h = await startConsole('tiers', { quoting: { enabled: false, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, demo: { enabled: false } });
  providerId = await openAccount(h.service, Role.PROVIDER, provider.address.toLowerCase());
  await credit(h.service, h.service.engine.brokerId, 10n ** 21n);
  const terms = {
    tiers: [{ name: 'pro', contracts: [C1, C2], seats: 1, price: { rule: 'ask-capped', capBps: 1_000 } }],
    bundles: [{ name: 'both', legs: [{ contract: C1 }, { contract: C2 }] }],
  };
  const created = await signedRequest(h.base, provider, 'POST', '/v1/provider/listings', listingInput({ terms }));
  listingId = (created.body as { id: number }).id;
  await signedRequest(h.base, provider, 'POST', `/v1/provider/listings/${listingId}/submit`);
  await h.service.operatorApi.handle({ method: 'POST', path: `/operator/listings/${listingId}/publish`, body: undefined, query: new URLSearchParams(), operator: 'admin' });
  await stockBroker(h.service, providerId, openWindow(C1), 50, 800_000);
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console: a listing\'s tiers and bundles', () => {
  it('shows tiers priced at the asks and a bundle\'s quote; a bundle that cannot fill is refused by name; buys it and subscribes once asked', async () => {
    const { page, errors } = await openPage(h, '#/account');
    const accountId = await signInWithDevKey(page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
    await credit(h.service, accountId, 50n * 10n ** 18n);
    await page.goto(`${h.base}/#/catalog/${listingId}`);
    const panel = page.locator('[data-testid=tiers]');
    await panel.waitFor({ timeout: 15_000 });
    const pro = panel.locator('tr[data-tier=pro]');
    expect(await pro.locator('[data-testid=tier-seats]').textContent()).toBe('0/1');
    expect(await pro.locator('[data-testid=tier-window-cost]').textContent()).toBe('—');
    expect(await panel.locator('[data-testid=bundle-quote]').textContent()).toBe('leg 1 cannot fill at the asks now');

    await panel.locator('[data-testid=bundle-buy]').click();
    await panel.locator('[data-testid=tiers-outcome]:has-text("BUNDLE_LEG_UNFILLABLE")').waitFor({ timeout: 10_000 });
    expect(h.service.engine.account(accountId)!.positions.size).toBe(0);

    await stockBroker(h.service, providerId, openWindow(C2), 50, 900_000);
    await panel.locator('[data-testid=tiers-reload]').click();
    await panel.locator('[data-testid=bundle-quote]:text-is("1.7000 PAT at the asks")').waitFor({ timeout: 10_000 });
    // The read started by the refused buy may have seen the tiers before C2 was stocked and the quote after.
    await pro.locator('[data-testid=tier-window-cost]:text-is("1.7000")').waitFor({ timeout: 10_000 });
    await panel.locator('[data-testid=bundle-buy]').click();
    await panel.locator('[data-testid=tiers-outcome]:has-text("Bought bundle both for 1.7000 PAT")').waitFor({ timeout: 10_000 });
    expect(h.service.engine.account(accountId)!.positions.get(openWindow(C2))!.available).toBe(1);

    await panel.locator('[data-testid=tier-budget]').fill('10');
    await panel.locator('[data-testid=tier-subscribe]').click();
    await panel.locator('[data-testid=tiers-outcome]:has-text("Subscribed to pro")').waitFor({ timeout: 10_000 });
    await pro.locator('[data-testid=tier-seats]:text-is("1/1")').waitFor({ timeout: 10_000 });
    await panel.locator('[data-testid=tier-subscribe]').click();
    await panel.locator('[data-testid=tiers-outcome]:has-text("ALREADY_IN_TIER")').waitFor({ timeout: 10_000 });
    expect(h.service.engine.tiers.live.size).toBe(1);

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await overflows(page), `${width} px`).toEqual([]);
    }
    expect(errors).toEqual([]);
  });

  it('signed in, its subscribe form has the console\'s controls and its reload runs under the page\'s Content-Security-Policy', async () => {
    const { page, errors } = await openPage(h, '#/account');
    await signInWithDevKey(page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
    await page.goto(`${h.base}/#/catalog/${listingId}`);
    const panel = page.locator('[data-testid=tiers]');
    await panel.locator('[data-testid=tier-subscribe]').waitFor({ timeout: 15_000 });
    // The account page's controls (teal buttons, rounded fields), not the browser's bare ones it showed before.
    const style = (testid: string) => panel.locator(`[data-testid=${testid}]`).evaluate((e) => ({ background: getComputedStyle(e).backgroundColor, radius: getComputedStyle(e).borderTopLeftRadius }));
    const accountButton = await page.evaluate(() => {
      const b = document.createElement('button');
      const acct = document.createElement('section');
      acct.className = 'acct';
      acct.append(b);
      document.body.append(acct);
      const seen = getComputedStyle(b).backgroundColor;
      acct.remove();
      return seen;
    });
    expect(await style('tier-subscribe')).toEqual({ background: accountButton, radius: '6px' });
    expect((await style('tier-pick')).radius).toBe('6px');
    expect((await style('tier-budget')).radius).toBe('6px');
    // Reload reads the tiers again and breaks no rule of the page's policy (a javascript: link did: script-src 'self').
    await page.evaluate(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const read = page.waitForResponse((r) => r.url().endsWith(`/v1/listings/${listingId}/tiers`));
    await panel.locator('[data-testid=tiers-reload]').click();
    await read;
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
