/**
 * The account page's subscriptions (#/account; web/src/account-subscriptions.tsx) end to end in
 * Debian's Chromium against the service started here (temp data dir, ports 0, settlement and
 * quoting off; the broker asks 0.8 PAT in the open spot window with the most time left). In the
 * page: subscribe through the form (a contract the exchange lists, rights per window, a cap and
 * a budget in PAT); after `service.runSubscriptions()` the purchase and its exercise show; a cap
 * below the ask shows its skip's reason and message; a paused one resumes; cancel ends one;
 * a refusal (SEATS_FULL) shows by name; the page fits 1280 px and 390 px.
 * Saves docs/console-subscriptions.png (PATX_SCREENSHOTS=1).
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelSubscription, getSubscription, subscribe } from '../../src/client/subscriptions.js';
import { CommandKind, Role, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { overflows } from '../support/page-fit.js';
import { screenshotPath } from '../support/screenshots.js';
import { credit, longestOpenSpot, openAccount, send, stockBroker } from '../support/subscription-market.js';

const DEV_KEY_INDEX = 8;
let h: ConsoleHarness;
let series: Series;
const provider = Wallet.createRandom();

beforeAll(async () => {
  h = await startConsole('subscriptions', { quoting: { enabled: false, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, demo: { enabled: false } });
  await h.service.runSchedule();
  series = longestOpenSpot(h.service, Date.now());
  const providerId = await openAccount(h.service, Role.PROVIDER, provider.address.toLowerCase());
  await credit(h.service, h.service.engine.brokerId, 10n ** 21n);
  await stockBroker(h.service, providerId, series.id); // the broker asks 50 at 0.8 PAT
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console: subscriptions on the account page', () => {
  it('subscribes from the form, shows the purchase after a run, a skip with its reason, resume and cancel; refusals by name; fits 1280 and 390 px', async () => {
    const { page, errors } = await openPage(h, '#/account');
    const accountId = await signInWithDevKey(page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
    await credit(h.service, accountId, 50n * 10n ** 18n);
    await page.waitForSelector('[data-testid=available]:has-text("50.0000 PAT")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=subscriptions] td:has-text("No subscriptions yet")', { timeout: 10_000 });

    // The contract picker lists the spot contracts the exchange lists; the form's own checks come first.
    const contracts = await page.locator('[data-testid=sub-contract] option').allTextContents();
    expect(contracts).toContain(series.spec.contract);
    expect(new Set(contracts).size).toBe(contracts.length);
    await page.selectOption('[data-testid=sub-contract]', series.spec.contract);
    await page.waitForSelector('[data-testid=sub-ask]:text-is("0.8000")', { timeout: 15_000 });
    await page.fill('[data-testid=sub-qty-input]', '2');
    await page.fill('[data-testid=sub-cap-input]', '0.9');
    await page.fill('[data-testid=sub-budget-input]', '20.0000001');
    await page.click('[data-testid=sub-submit]');
    await page.waitForSelector('[data-testid=sub-error]:has-text("budget: a positive number of PAT, at most 6 decimals")');
    expect(h.service.engine.subscriptions.live.size).toBe(0);

    // Subscribe: 2 a window at most 0.9 PAT each, 20 PAT in all.
    await page.fill('[data-testid=sub-budget-input]', '20');
    await page.click('[data-testid=sub-submit]');
    await page.waitForSelector('[data-testid=outcome]:has-text("subscription #1: 2 per window at most 0.9000 PAT each, budget 20.0000 PAT")', { timeout: 10_000 });
    expect(h.service.engine.subscriptions.live.get(1)).toMatchObject({ accountId, contract: series.spec.contract, qtyPerWindow: 2, capPriceMicros: 900_000, budgetMicros: 20_000_000 });
    const first = page.locator('[data-testid=subscriptions] tr[data-subscription-id="1"]');
    await first.locator('[data-testid=sub-status]:text-is("active")').waitFor({ timeout: 10_000 });

    // The exchange buys the window open now at the ask and exercises it; the page reads the list again when the balance moves.
    await h.service.runSubscriptions();
    await first.locator('[data-testid=sub-windows]:text-is("1 / 0")').waitFor({ timeout: 15_000 });
    expect(await first.locator('[data-testid=sub-budget]').textContent()).toBe('1.6000 / 20.0000');
    expect(await first.locator('[data-testid=sub-cap]').textContent()).toBe('0.9000');
    expect(await first.locator('[data-testid=sub-qty]').textContent()).toBe('2');
    expect(await first.locator('[data-testid=sub-last]').getAttribute('data-type')).toBe('exercised');
    expect(await first.locator('[data-testid=sub-last]').textContent()).toContain(`exercised 2 in series #${series.id}`);
    await page.waitForSelector(`[data-testid=rights] tr[data-series-id="${series.id}"]`, { timeout: 10_000 });

    // A cap below the ask: the window is skipped, and the row says why.
    await page.fill('[data-testid=sub-qty-input]', '1');
    await page.fill('[data-testid=sub-cap-input]', '0.7');
    await page.fill('[data-testid=sub-budget-input]', '5');
    await page.selectOption('[data-testid=sub-trigger]', 'list');
    await page.click('[data-testid=sub-submit]');
    await page.waitForSelector('[data-testid=outcome]:has-text("subscription #2")', { timeout: 10_000 });
    await h.service.runSubscriptions();
    await page.click('[data-testid=subscriptions-reload]');
    const second = page.locator('[data-testid=subscriptions] tr[data-subscription-id="2"]');
    await second.locator('[data-testid=sub-skip-reason]:text-is("CAP_BELOW_ASK")').waitFor({ timeout: 10_000 });
    expect(await second.locator('[data-testid=sub-skip-message]').textContent()).toBe("the broker's ask was above your cap: raise the cap to buy at the ask");
    expect(await second.locator('[data-testid=sub-last]').textContent()).toContain('at an ask of 0.8000 PAT');
    expect(await second.locator('[data-testid=sub-windows]').textContent()).toBe('0 / 1');
    expect(await second.locator('td').first().textContent()).toContain('when a window is listed');

    // One paused after a skip (made by another session of the same wallet, with maxSkips 1): the page offers Resume.
    const http = { url: h.base, wallet: new Wallet(HARDHAT_KEYS[DEV_KEY_INDEX]!) };
    const paused = await subscribe(http, { contract: series.spec.contract, qtyPerWindow: 1, capPriceMicros: 700_000, budgetMicros: 5_000_000, maxSkips: 1 });
    await h.service.runSubscriptions();
    expect((await getSubscription(http, paused.subscriptionId)).subscription.status).toBe('paused');
    await page.click('[data-testid=subscriptions-reload]');
    const third = page.locator(`[data-testid=subscriptions] tr[data-subscription-id="${paused.subscriptionId}"]`);
    await third.locator('[data-testid=sub-status]:text-is("paused")').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid=sub-resume]').count()).toBe(1);
    // Its activity, on demand: why it paused (the skip and its message), newest first.
    await third.locator('[data-testid=sub-activity-toggle]').click();
    const log = page.locator(`[data-testid=sub-activity][data-subscription-id="${paused.subscriptionId}"]`);
    await log.locator('[data-testid=sub-skip-reason]:text-is("CAP_BELOW_ASK")').waitFor({ timeout: 10_000 });
    expect(await log.locator('[data-testid=sub-last]').evaluateAll((xs) => xs.map((x) => x.getAttribute('data-type')))).toEqual(['status', 'skipped', 'status']);
    expect(await log.locator('li').first().textContent()).toMatch(/^paused after skips/);
    expect(await log.locator('[data-testid=sub-skip-message]').textContent()).toBe("the broker's ask was above your cap: raise the cap to buy at the ask");

    // Both widths, with every kind of row on the page.
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await overflows(page), `${width} px`).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('[data-testid=subscriptions-panel]').scrollIntoViewIfNeeded();
    await page.locator('[data-testid=subscriptions-panel]').screenshot({ path: screenshotPath('console-subscriptions.png') });

    await third.locator('[data-testid=sub-activity-toggle]').click();
    expect(await log.count()).toBe(0);
    await third.locator('[data-testid=sub-resume]').click();
    await page.waitForSelector(`[data-testid=outcome]:has-text("resume subscription #${paused.subscriptionId}: ${series.spec.contract}: active")`, { timeout: 10_000 });
    await third.locator('[data-testid=sub-status]:text-is("active")').waitFor({ timeout: 10_000 });
    expect(await third.locator('[data-testid=sub-resume]').count()).toBe(0);

    // Cancel the first: it stays listed, cancelled, with nothing to press; the engine holds it no more.
    await first.locator('[data-testid=sub-cancel]').click();
    await page.waitForSelector('[data-testid=outcome]:has-text("cancel subscription #1")', { timeout: 10_000 });
    await first.locator('[data-testid=sub-status]:text-is("cancelled")').waitFor({ timeout: 10_000 });
    expect(await first.locator('[data-testid=sub-cancel], [data-testid=sub-resume]').count()).toBe(0);
    expect(h.service.engine.subscriptions.live.has(1)).toBe(false);
    expect(await first.locator('[data-testid=sub-windows]').textContent()).toBe('1 / 0');

    // A refusal by the exchange shows by name: the segment's one seat is another subscriber's (a seat is an account:
    // this wallet gives its own back by cancelling its other subscriptions there).
    for (const id of [2, paused.subscriptionId]) await cancelSubscription(http, id);
    const rival = new Wallet(HARDHAT_KEYS[DEV_KEY_INDEX + 1]!);
    const rivalId = await openAccount(h.service, Role.CONSUMER, rival.address.toLowerCase());
    await credit(h.service, rivalId, 10n ** 19n);
    await subscribe({ url: h.base, wallet: rival }, { contract: series.spec.contract, qtyPerWindow: 1, capPriceMicros: 700_000, budgetMicros: 5_000_000, includeCurrent: false });
    await send(h.service, { kind: CommandKind.SET_SEGMENT_SEATS, actor: SYSTEM_ACTOR, segment: series.segment, seats: 1 });
    await page.click('[data-testid=sub-submit]');
    await page.waitForSelector('[data-testid=outcome] [data-testid=reject-reason]:text-is("SEATS_FULL")', { timeout: 10_000 });
    expect(await page.locator('[data-testid=subscriptions] tbody tr[data-subscription-id]').count()).toBe(3);
    expect(errors).toEqual([]);
  }, 180_000);
});
