/**
 * The Organisation page's activity (web/src/organisation-activity.tsx) and the account page's exercise from a listing
 * (web/src/account-exercise.ts) in Debian's Chromium against a service started here (temp data dir, ports 0, settlement
 * off), the demo listings and the demo provider's real server and gate. An admin (dev wallet 8) founds an organisation
 * with a reader (dev wallet 9), funds it, buys and exercises for it and, in a session for it, subscribes it to the
 * stocked contract. The reader sees the organisation's subscription with a Cancel it cannot use (and why) and the
 * organisation's fills; the admin cancels it from the page and the row shows it cancelled. On the account page the
 * admin's exercise from a listing of another segment is refused LISTING_NOT_IN_SERIES, with its line of explanation,
 * and one from the series' own listing is done, its grant under that listing.
 * Saves /tmp/console-org.png (the admin's organisation page, the subscription cancelled).
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFills, listSubscriptions, TradingClient, wire } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { openDemoGate } from '../support/demo-gate.js';
import { organisationGrant, organisationWithMembers } from '../support/organisation-members.js';
import { overflows } from '../support/page-fit.js';

const ADMIN = 8;
const READER = 9;
let h: ConsoleHarness;
let server: ProviderServer;
let seriesId: number;
let subscriptionId: number;
let orgTradeIds: number[];
const admin = new Wallet(HARDHAT_KEYS[ADMIN]!);
const reader = new Wallet(HARDHAT_KEYS[READER]!);

const wsUrl = (): string => `${h.base.replace('http', 'ws')}/v1/trade`;

async function until<T>(what: string, read: () => Promise<T>, done: (x: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const x = await read();
    if (done(x)) return x;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  h = await startConsole('organisation-activity', { scheduleIntervalMs: 60_000, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000 }, demo: { enabled: false } });
  ({ server, seriesId } = await openDemoGate(h.service, h.dir, h.base, { logger, stock: { mint: 30, sell: 20 } }));
  for (const w of [admin, reader]) await (await TradingClient.connect(wsUrl(), { wallet: w })).close();
  const adminId = h.service.engine.accountIdByAddress.get(admin.address.toLowerCase())!;
  await h.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: adminId, amountWei: 10n ** 20n, ref: 'org-activity' });
  const organisationId = await organisationWithMembers(h.base, admin, 'Acme Analytics', [[reader, 'reader']], 20_000_000);
  // The organisation buys 2 at the ask and exercises them (its fills), then subscribes in a session for it.
  await organisationGrant(h.service, wsUrl(), admin, organisationId, seriesId, 2);
  const contract = h.service.engine.seriesById(seriesId)!.spec.contract;
  const session = await TradingClient.connect(wsUrl(), { wallet: admin, organisationId });
  try {
    const made = await session.subscribe({ contract, qtyPerWindow: 1, capPriceMicros: 2_000_000, budgetMicros: 10_000_000 });
    expect(made.rejectReason ?? 0).toBe(0);
    subscriptionId = Number(made.subscriptionId);
  } finally {
    await session.close();
  }
  const http = { url: h.base, wallet: admin };
  const sub = await until('the subscription listed to the organisation', () => listSubscriptions(http), (p) => (p.organisationSubscriptions?.subscriptions ?? []).some((x) => x.subscriptionId === subscriptionId));
  expect(sub.subscriptions).toEqual([]); // the admin's own: none; it is the organisation's
  const fills = await until("the organisation's fills", () => listFills(http, { organisation: true }), (p) => p.fills.length > 0);
  orgTradeIds = [...new Set(fills.fills.map((f) => f.tradeId))];
  // The admin's own account holds one right of the series, to exercise from the account page.
  const own = await TradingClient.connect(wsUrl(), { wallet: admin });
  try {
    const ask = h.service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
    const ack = await own.newOrder({ seriesId, clientOrderId: 1, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: 1 });
    expect((ack.reports ?? []).some((r) => r.execType === wire.ExecType.EXEC_TRADE)).toBe(true);
  } finally {
    await own.close();
  }
}, 120_000);

afterAll(() => stopConsole(h, server));

describe("web console: the organisation's subscriptions and fills; an exercise from a listing", () => {
  it("a reader sees the organisation's subscription with a Cancel it cannot use, and why, and the organisation's fills", async () => {
    const { page, errors } = await openPage(h, '#/account');
    await signInWithDevKey(page, h.service, READER, HARDHAT_KEYS[READER]!);
    await page.click('nav a[href="#/organisation"]');
    await page.waitForSelector('[data-testid=org-role]:text-is("reader")', { timeout: 15_000 });
    const row = page.locator(`[data-testid=org-subscriptions] tr[data-subscription-id="${subscriptionId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('[data-testid=org-sub-status]').textContent()).toBe('active');
    expect(await row.locator('td').first().textContent()).toContain(h.service.engine.seriesById(seriesId)!.spec.contract);
    expect(await row.locator('[data-testid=org-sub-spent]').textContent()).toMatch(/^\d+\.\d{4} \/ 10\.0000$/);
    const cancel = row.locator('[data-testid=org-sub-cancel]');
    expect(await cancel.isDisabled()).toBe(true);
    expect(await cancel.getAttribute('title')).toContain('ROLE_FORBIDDEN');
    expect(await page.locator('[data-testid=org-sub-reader-note]').textContent()).toContain("a reader may not cancel the organisation's subscriptions");
    // The organisation's fills, every trade the exchange lists for it.
    for (const id of orgTradeIds) await page.locator(`[data-testid=org-fills] tr[data-trade-id="${id}"]`).first().waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=org-fills] tbody tr[data-trade-id] [data-testid=fill-side]').allTextContents()).toContain('BUY');
    expect(await page.locator('[data-testid=org-fills-refused]').count()).toBe(0);
    expect(h.service.engine.subscriptions.live.has(subscriptionId)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an admin cancels the subscription from the page: the row shows it cancelled; the page fits 1280 and 390 px', async () => {
    const { page, errors } = await openPage(h, '#/account');
    await signInWithDevKey(page, h.service, ADMIN, HARDHAT_KEYS[ADMIN]!);
    await page.click('nav a[href="#/organisation"]');
    await page.waitForSelector('[data-testid=org-role]:text-is("admin")', { timeout: 15_000 });
    const row = page.locator(`[data-testid=org-subscriptions] tr[data-subscription-id="${subscriptionId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=org-sub-reader-note]').count()).toBe(0);
    await row.locator('[data-testid=org-sub-cancel]').click();
    await page.waitForSelector(`[data-testid=org-subscriptions] tr[data-subscription-id="${subscriptionId}"][data-status=cancelled]`, { timeout: 15_000 });
    expect(await row.locator('[data-testid=org-sub-status]').textContent()).toBe('cancelled');
    expect(await row.locator('[data-testid=org-sub-cancel]').count()).toBe(0);
    expect(await page.locator('[data-testid=org-sub-outcome]').textContent()).toContain(`subscription #${subscriptionId}`);
    expect(h.service.engine.subscriptions.live.has(subscriptionId)).toBe(false);
    await page.locator(`[data-testid=org-fills] tr[data-trade-id="${orgTradeIds[0]}"]`).first().waitFor({ timeout: 15_000 });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await overflows(page), `${width} px`).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('[data-testid=org-page]').screenshot({ path: '/tmp/console-org.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("an exercise from a listing of another segment is refused LISTING_NOT_IN_SERIES, said in a line; one from the series' own listing is done", async () => {
    const series = h.service.engine.seriesById(seriesId)!;
    const providerId = h.service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase())!;
    const ownListing = h.service.engine.accounts[providerId]!.grantListing(series.segment)!.listingId;
    const otherListing = h.service.catalog.all().find((l) => l.segment !== series.segment)?.id ?? 999_999;
    const adminId = h.service.engine.accountIdByAddress.get(admin.address.toLowerCase())!;
    const { page, errors } = await openPage(h, '#/account');
    await signInWithDevKey(page, h.service, ADMIN, HARDHAT_KEYS[ADMIN]!);
    const rights = page.locator(`[data-testid=rights] tr[data-series-id="${seriesId}"]`);
    await rights.locator('[data-testid=rights-available]:text-is("1")').waitFor({ timeout: 15_000 });
    await rights.locator('[data-testid=exercise-qty]').fill('1');
    // Not a listing id: nothing is sent.
    await rights.locator('[data-testid=exercise-listing]').fill('abc');
    expect(await rights.locator('[data-testid=exercise]').isDisabled()).toBe(true);
    expect(await rights.locator('[data-testid=exercise-listing-error]').count()).toBe(1);
    await rights.locator('[data-testid=exercise-listing]').fill(String(otherListing));
    await rights.locator('[data-testid=exercise]').click();
    await page.waitForSelector('[data-testid=reject-reason]:text-is("LISTING_NOT_IN_SERIES")', { timeout: 15_000 });
    expect(await page.locator('[data-testid=outcome]').textContent()).toContain(`from listing ${otherListing}`);
    expect(await page.locator('[data-testid=outcome]').textContent()).toContain("no provider's listing of this series' segment");
    expect(await rights.locator('[data-testid=exercise-refusal-reason]').textContent()).toBe('LISTING_NOT_IN_SERIES');
    expect(h.service.engine.accounts[adminId]!.position(seriesId).available).toBe(1); // nothing exercised
    await rights.locator('[data-testid=exercise-listing]').fill(String(ownListing));
    await rights.locator('[data-testid=exercise]').click();
    await page.waitForSelector(`[data-testid=outcome]:has-text("from listing ${ownListing}'s provider")`, { timeout: 15_000 });
    const grant = page.locator('[data-testid=grants] tbody tr[data-grant-id]').first();
    await grant.waitFor({ timeout: 15_000 });
    expect(await grant.locator('td').nth(2).textContent()).toMatch(new RegExp(`^${ownListing} v\\d+`));
    expect(await rights.locator('[data-testid=exercise-refusal]').count()).toBe(0);
    expect(h.service.engine.accounts[adminId]!.position(seriesId).available).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
