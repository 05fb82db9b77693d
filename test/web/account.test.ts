/**
 * The console's consumer account page (#/account) end to end in Debian's Chromium
 * (playwright-core), against the service started here (temp data dir, ports 0,
 * settlement off) with the demo listings and the reference provider server behind its
 * gate (port 0; the listing's delivery endpoint is pointed at it). The demo provider
 * mints and sells to the broker's bid so the broker quotes an ask. In the page: sign in
 * with a dev key, see why the deposit form is unavailable (no chain) and a credit shown,
 * buy at the ask, rate before exercising (refused), exercise, download the records at the
 * provider's gate, rate the listing and find the review on the catalog's listing page,
 * page through every purchase (not only this session's), see each grant's escrow (held,
 * then delivered after the download's receipt), file a claim on a grant not delivered (its
 * due time shown; a second claim refused CLAIM_EXISTS; the provider's page shows the same
 * escrows), and refused actions show their reasons by name. The on-chain deposit and browser wallet: test/web/wallet.test.ts.
 * Then a dispute (issue 73): a consumer downloads a grant without receipting it; its claim that
 * nothing arrived is refused EVIDENCE_OF_DELIVERY and the page offers the disputes instead; it
 * disputes (records missing), the operator decides it on the operator page's disputes panel (a
 * refusal by name first), and the consumer's and the provider's pages show the decision.
 * Saves docs/console-account.png for the README and docs/console-operator-disputes.png for docs/delivery.md.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant } from '../../src/client/index.js';
import { signedRequest } from '../../src/client/signed-http.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, EventType, OrderType, SelfTradePrevention, Side, SYSTEM_ACTOR, TimeInForce, type ClaimResolved, type Command, type Series } from '../../src/engine/index.js';
import { startDemoProviderServer, type DemoProviderServer } from '../../src/demo/provider-servers.js';
import { RECORDS_PER_RIGHT } from '../../src/provider-server/server.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, longestOpenSpot, newListingVersion, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { until } from '../support/exchange-fixture.js';
import { screenshotPath } from '../support/screenshots.js';
import { date, pat } from '../../web/src/format.js';

const DEV_KEY_INDEX = 7;
/** The consumer who disputes a delivery (a second test, its own account). */
const DISPUTE_KEY_INDEX = 8;
const OPERATOR_TOKEN = 'account-page-test-operator-token-0123456789';
let h: ConsoleHarness;
let server: DemoProviderServer;
let series: Series;
/** The demo provider's AUTO_INTENT listing: what the consumer rates. */
let listingId: number;

const send = (command: Command) => h.service.sequencer.submit(command);

/** The demo provider mints 20 and sells them to the broker's bid (the bid takes 10 at a time); the broker then quotes an ask. */
async function brokerHoldsRights(seriesId: number): Promise<void> {
  const provider = h.service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase())!;
  await send({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: 100 });
  await send({ kind: CommandKind.MINT, actor: provider, seriesId, qty: 20 });
  for (let sold = 0, tries = 0; sold < 20 && tries < 10; tries++) {
    h.service.quoting!.tick();
    await h.service.sequencer.drain();
    const bid = h.service.engine.seriesById(seriesId)!.brokerBuys.bestBidMicros();
    const result = await send({ kind: CommandKind.NEW_ORDER, actor: provider, seriesId, clientOrderId: 0, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros: bid, qty: 20 - sold, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
    for (const e of result.events) if (e.type === EventType.FILL) sold += e.qty;
    await new Promise((r) => setTimeout(r, 150));
  }
  h.service.quoting!.tick();
  await h.service.sequencer.drain();
}

/** One right bought at the broker's ask outside the page (as another session of the consumer would): whether it filled. */
async function buyOneAtAsk(accountId: number): Promise<boolean> {
  h.service.quoting!.tick();
  await h.service.sequencer.drain();
  const ask = h.service.engine.seriesById(series.id)!.brokerSells.bestAskMicros();
  const result = await send({ kind: CommandKind.NEW_ORDER, actor: accountId, seriesId: series.id, clientOrderId: 0, side: Side.BUY, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros: ask, qty: 1, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
  return result.events.some((e) => e.type === EventType.FILL);
}

beforeAll(async () => {
  h = await startConsole('account', { gateway: { operatorToken: OPERATOR_TOKEN }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 500, params: {} } });
  const { service, base, dir } = h;
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger);
  server = await startDemoProviderServer({ dataDir: dir, host: '127.0.0.1', port: 0, exchangeUrl: base, log: logger });
  // Points the demo provider's listing at the provider server this test started (the demo's listings name port 8490).
  listingId = await newListingVersion(service, 'AUTO_INTENT', { deliveryEndpoint: `http://127.0.0.1:${server.port}/records`, changeLog: 'delivery endpoint of this test' });
  // The server reads its listings over the exchange's API: told of the new version, as `npm start` tells it (src/demo/run.ts).
  await server.listingsChanged();
  series = longestOpenSpot(service, 'AUTO_INTENT');
  await brokerHoldsRights(series.id);
  expect(service.engine.seriesById(series.id)!.brokerSells.bestAskMicros()).toBeGreaterThan(0);
}, 120_000);

afterAll(() => stopConsole(h, server));

describe('web console: the consumer account page', () => {
  it("signs in with a dev key, buys at the ask, exercises, downloads at the gate, sees the escrow, rates the listing, pages through every purchase, files a claim, sees an earlier session's grants and a refund as paid, and names refusals", async () => {
    const { page, errors } = await openPage(h, '#/account');
    const accountId = await signInWithDevKey(page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
    expect(accountId).toBeGreaterThan(0);

    // No chain in this test: the deposit form says why it cannot be used.
    await page.waitForSelector('[data-testid=deposit-unavailable]:has-text("SETTLEMENT_UNAVAILABLE")', { timeout: 10_000 });
    expect(await page.locator('[data-testid=deposit-form]').textContent()).toContain('without on-chain settlement');

    // PAT arrives as a deposit (on-chain with settlement, test/web/wallet.test.ts; credited here directly): the page shows it with decimals.
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 25n * 10n ** 18n + 5n * 10n ** 17n, ref: 'account-test' });
    await page.waitForSelector('[data-testid=available]:has-text("25.5000 PAT")', { timeout: 10_000 });

    // Buy 3 at the broker's ask (the price left empty: the ask shown is used).
    await page.selectOption('[data-testid=buy-series]', String(series.id));
    // Each window named by its dates (this week's and next week's were both "AUTO_INTENT|7D|0.70-0.85 #N").
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(await page.locator(`[data-testid=buy-series] option[value="${series.id}"]`).textContent()).toBe(`${series.spec.contract} #${series.id} · ${day(series.spec.openAtMs)} → ${day(series.spec.closeAtMs)}`);
    // A window shorter than a day by its hours too: two hourly windows of one day each read "2026-12-06 → 2026-12-06".
    const options = await page.locator('[data-testid=buy-series] option').evaluateAll((os) => os.map((o) => ({ id: Number((o as HTMLOptionElement).value), text: o.textContent ?? '' })));
    const hourly = options.filter((o) => h.service.engine.seriesById(o.id)!.spec.closeAtMs - h.service.engine.seriesById(o.id)!.spec.openAtMs < 24 * 3_600_000);
    expect(hourly.length).toBeGreaterThan(0);
    for (const o of hourly) expect(o.text).toContain(`#${o.id} · ${date(h.service.engine.seriesById(o.id)!.spec.openAtMs)} → `);
    // Every window named apart from the others of its contract, the id aside.
    const names = options.map((o) => o.text.replace(/ #\d+ /, ' '));
    expect(new Set(names).size).toBe(names.length);
    await page.waitForFunction(() => /^\d+\.\d{3,6}$/.test(document.querySelector('[data-testid=buy-ask]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await page.fill('[data-testid=buy-qty]', '3');
    await page.click('[data-testid=buy-submit]');
    await page.waitForSelector('[data-testid=outcome]:has-text("bought 3 of 3")', { timeout: 10_000 });
    await page.waitForSelector(`[data-testid=rights] tr[data-series-id="${series.id}"] [data-testid=rights-available]:has-text("3")`);
    // The purchase history (GET /v1/purchases, signed by the wallet) lists it with the listing version bought.
    await page.waitForSelector('[data-testid=purchases] tbody tr[data-trade-id]', { timeout: 10_000 });
    expect(await page.locator('[data-testid=purchases]').textContent()).toContain(series.spec.contract);
    expect(await page.locator('[data-testid=purchases-range]').textContent()).toBe('1–1 of 1');

    // Rating before exercising anything in the segment: refused by name.
    const rate = page.locator(`[data-testid=rate][data-listing-id="${listingId}"]`);
    await rate.locator('[data-testid=rate-submit]').click();
    await page.waitForSelector('[data-testid=reject-reason]:has-text("NOT_ELIGIBLE_TO_RATE")', { timeout: 10_000 });
    expect(await rate.locator('[data-testid=rate-reason]').textContent()).toBe('NOT_ELIGIBLE_TO_RATE');

    // Exercise them: one signed grant from the demo provider; download its records at the provider's gate.
    const row = page.locator(`[data-testid=rights] tr[data-series-id="${series.id}"]`);
    await row.locator('[data-testid=exercise-qty]').fill('3');
    await row.locator('[data-testid=exercise]').click();
    await page.waitForSelector('[data-testid=outcome]:has-text("1 access grant(s)")', { timeout: 10_000 });
    // Its escrow (the grant view): the provider's sale proceeds held behind it, claimable until the dispute window ends.
    const grantId = Number(await page.locator('[data-testid=grants] tbody tr[data-grant-id]').getAttribute('data-grant-id'));
    const escrowed = h.service.engine.escrow.grants.get(grantId)!;
    const heldMicros = escrowed.heldMicros;
    expect(heldMicros).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid=grants] [data-testid=escrow-state][data-state=held]', { timeout: 10_000 });
    expect(await page.locator('[data-testid=grants] [data-testid=escrow-amount]').textContent()).toBe(`${pat(heldMicros)} PAT`);
    expect(await page.locator('[data-testid=grants] [data-testid=escrow-window]').textContent()).toBe(`claims until ${date(escrowed.disputeEndsAtMs)} UTC`);
    expect(await page.locator('[data-testid=grants] [data-testid=file-claim]').count()).toBe(1);
    // The records are saved as a file at once (a reload lost records left in the page until a second click, after the receipt).
    const saved = page.waitForEvent('download', { timeout: 20_000 });
    await page.click('[data-testid=grants] [data-testid=download]');
    await page.waitForSelector('[data-testid=records]', { timeout: 15_000 });
    const atOnce = await saved;
    expect(atOnce.suggestedFilename()).toMatch(/^patx-grant-\d+\.json$/);
    expect(JSON.parse(readFileSync((await atOnce.path())!, 'utf8'))).toHaveLength(3 * RECORDS_PER_RIGHT);
    expect(Number(await page.locator('[data-testid=records]').textContent())).toBe(3 * RECORDS_PER_RIGHT);
    // The console receipted what the provider's signed statement says it delivered: delivered on the consumer's word.
    await page.waitForSelector('[data-testid=grants] [data-testid=receipt-state][data-state=accepted]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=grants] [data-testid=receipt-state]').textContent()).toBe('receipted: 3 right(s) delivered, 3 counted');
    // The receipt confirmed the delivery in the escrow: the proceeds are released to the provider, and there is nothing to claim.
    await page.waitForSelector('[data-testid=grants] [data-testid=escrow-state][data-state=delivered]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=grants] [data-testid=escrow-amount]').textContent()).toBe(`${pat(heldMicros)} PAT released to the provider`);
    expect(await page.locator('[data-testid=grants] [data-testid=file-claim]').count()).toBe(0);
    expect(h.service.engine.escrow.grants.has(grantId)).toBe(false);
    const json = await page.locator('[data-testid=save-json]').getAttribute('href');
    expect(json).toMatch(/^blob:/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=save-json]')]); // saved again
    expect(download.suggestedFilename()).toMatch(/^patx-grant-\d+\.json$/);
    const records = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Record<string, unknown>[];
    expect(records).toHaveLength(3 * RECORDS_PER_RIGHT);
    expect(Object.keys(records[0]!)).toEqual(['event_time', 'household_hash', 'make', 'region', 'intent_score']);

    // Now it may rate the listing: 4 stars and a review.
    await rate.locator('[data-testid=rate-stars]').selectOption('4');
    await rate.locator('[data-testid=rate-review]').fill('Fresh intent signals, every field filled.');
    await rate.locator('[data-testid=rate-submit]').click();
    await page.waitForSelector('[data-testid=outcome]:has-text("4 star(s) given")', { timeout: 10_000 });
    expect(await rate.locator('[data-testid=rated]').textContent()).toContain('★★★★☆');

    // A resting order below the ask shows in the open orders; cancel it.
    await page.fill('[data-testid=buy-price]', '0.1');
    await page.fill('[data-testid=buy-qty]', '2');
    await page.selectOption('[data-testid=buy-tif]', String(TimeInForce.GTC));
    await page.click('[data-testid=buy-submit]');
    await page.waitForSelector('[data-testid=orders] tbody tr[data-order-id]', { timeout: 10_000 });
    await expect(page.locator('[data-testid=held]').textContent()).resolves.toBe('0.2000 PAT');
    await page.click('[data-testid=orders] [data-testid=cancel]');
    await page.waitForSelector('[data-testid=outcome]:has-text("cancelled")');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=orders] tbody tr[data-order-id]').length === 0);

    // Nothing left to exercise here: the button is off (a refusal it drew showed far above the row on a phone).
    expect(await row.locator('[data-testid=rights-available]').textContent()).toBe('0');
    expect(await row.locator('[data-testid=exercise]').isDisabled()).toBe(true);
    // Bad actions show their reason by name: more than the balance pays for (more rights than held: below).
    await page.fill('[data-testid=buy-price]', '1000');
    expect(await page.locator('[data-testid=buy-total]').textContent()).toBe('2000.0000');
    // Above 10 PAT the order waits for a second click (it was sent at once); Back sends nothing.
    await page.click('[data-testid=buy-submit]');
    expect(await page.locator('[data-testid=buy-confirm]').textContent()).toContain('Buy 2 @ 1000.0000 PAT for 2000.0000 PAT: more than 10.0000 PAT. Send it?');
    await page.click('[data-testid=buy-confirm-back]');
    expect(await page.locator('[data-testid=buy-confirm]').count()).toBe(0);
    expect(await page.locator('[data-testid=reject-reason]').count()).toBe(0);
    await page.click('[data-testid=buy-submit]');
    await page.click('[data-testid=buy-confirm-send]');
    await page.waitForSelector('[data-testid=reject-reason]:has-text("PRICE_OUT_OF_LIMITS")', { timeout: 10_000 });
    // 400 at the ask (about 0.6 PAT) costs far more than the 23.8 PAT left, wherever the quoter
    // has moved the ask (40 did not: at an ask of 0.593 it cost 23.72 and was accepted).
    await page.fill('[data-testid=buy-price]', '');
    await page.fill('[data-testid=buy-qty]', '400');
    await page.click('[data-testid=buy-submit]');
    await page.click('[data-testid=buy-confirm-send]');
    await page.waitForSelector('[data-testid=reject-reason]:has-text("INSUFFICIENT_BALANCE")', { timeout: 10_000 });
    // In words, with what to do (it was the bare code).
    expect(await page.locator('[data-testid=outcome]').textContent()).toBe('buy 400: INSUFFICIENT_BALANCE — more than your available PAT: deposit PAT first (Deposit PAT), or ask for less');
    const text = await page.locator('main').textContent();
    expect(text).not.toMatch(/Micros|µPAT|wei/i);
    await page.fill('[data-testid=buy-qty]', '1');

    // Purchases made outside this page (another session) are in the history too, ten to a page.
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 100n * 10n ** 18n, ref: 'account-test-2' });
    let bought = 0;
    for (let tries = 0; bought < 10 && tries < 40; tries++) if (await buyOneAtAsk(accountId)) bought++;
    expect(bought).toBe(10);
    await page.waitForTimeout(300); // the purchase ledger follows the journal's released turns
    await page.click('[data-testid=purchases-reload]');
    await page.waitForSelector('[data-testid=purchases-range]:text-is("1–10 of 11")', { timeout: 10_000 });
    expect(await page.locator('[data-testid=purchases] tbody tr[data-trade-id]').count()).toBe(10);
    await page.click('[data-testid=purchases-older]');
    await page.waitForSelector('[data-testid=purchases-range]:text-is("11–11 of 11")', { timeout: 10_000 });
    expect(await page.locator('[data-testid=purchases] [data-trade-id] td:nth-child(5)').textContent()).toBe('3');
    await page.click('[data-testid=purchases-newer]');
    await page.waitForSelector('[data-testid=purchases-range]:text-is("1–10 of 11")', { timeout: 10_000 });
    await page.screenshot({ path: screenshotPath('console-account.png'), fullPage: true });

    // The review shows on the public catalog's listing page, with its stars.
    await page.goto(`${h.base}/#/catalog/${listingId}`);
    await page.waitForSelector('[data-testid=reviews] [data-testid=review]', { timeout: 10_000 });
    const review = page.locator('[data-testid=reviews] [data-testid=review]').first();
    expect(await review.locator('.cat-stars').textContent()).toBe('★★★★☆');
    expect(await review.textContent()).toContain('Fresh intent signals, every field filled.');

    // Back on the account page, signed in again (a new session): rating again replaces the account's one rating.
    await page.goto(`${h.base}/#/account`);
    await page.click('[data-testid=signout]');
    await signInWithDevKey(page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
    const again = page.locator(`[data-testid=rate][data-listing-id="${listingId}"]`);
    await again.locator('[data-testid=rate-stars]').selectOption('2');
    await again.locator('[data-testid=rate-submit]').click();
    await page.waitForSelector('[data-testid=outcome]:has-text("2 star(s) given")', { timeout: 10_000 });
    expect(h.service.catalog.get(listingId).ratings.map((r) => [r.stars, r.weight])).toEqual([[2, 3]]); // one rating, weighing the 3 rights received

    // A grant not delivered: a claim on it is filed, due an hour later (risk.claimGraceMs) unless the provider delivers.
    const exerciseOne = async (): Promise<number> => {
      const rights = page.locator(`[data-testid=rights] tr[data-series-id="${series.id}"]`);
      await rights.locator('[data-testid=exercise-qty]').fill('1');
      // This session lists the first session's grant once its read of the account's grants (GET /v1/grants/mine) has
      // answered, and that read adds every earlier grant at once: counted before it answers, the count would jump past + 1.
      await page.waitForSelector(`[data-testid=grants] tbody tr[data-grant-id="${grantId}"]`, { state: 'attached', timeout: 10_000 });
      const before = await page.locator('[data-testid=grants] tbody tr[data-grant-id]').count();
      await rights.locator('[data-testid=exercise]').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=grants] tbody tr[data-grant-id]').length === n + 1, before, { timeout: 10_000 });
      const id = Number(await page.locator('[data-testid=grants] tbody tr[data-grant-id]').first().getAttribute('data-grant-id'));
      await page.waitForSelector(`[data-testid=grants] tr[data-grant-id="${id}"] [data-testid=escrow-state][data-state=held]`, { timeout: 10_000 });
      return id;
    };
    await page.waitForSelector(`[data-testid=rights] tr[data-series-id="${series.id}"] [data-testid=rights-available]:text-is("10")`, { timeout: 10_000 });
    const held = page.locator(`[data-testid=rights] tr[data-series-id="${series.id}"]`);
    await held.locator('[data-testid=exercise-qty]').fill('50');
    await held.locator('[data-testid=exercise]').click();
    await page.waitForSelector('[data-testid=reject-reason]:has-text("INSUFFICIENT_RIGHTS")', { timeout: 10_000 });
    const unserved = await exerciseOne();
    const unservedRow = page.locator(`[data-testid=grants] tr[data-grant-id="${unserved}"]`);
    await unservedRow.locator('[data-testid=file-claim]').click();
    await unservedRow.locator('[data-testid=claim-state][data-state=filed]').waitFor({ timeout: 10_000 });
    const due = h.service.engine.escrow.grants.get(unserved)!.claimDueAtMs;
    expect(due).toBeGreaterThan(Date.now());
    expect(await unservedRow.locator('[data-testid=claim-state]').textContent()).toBe(`claim filed, refund due ${date(due)} UTC unless delivered`);
    await page.waitForSelector('[data-testid=outcome]:has-text("claim filed")');
    // Still held (claimed, said once); no second claim offered.
    expect(await unservedRow.locator('[data-testid=escrow-state]').getAttribute('data-state')).toBe('held');
    expect(await unservedRow.locator('[data-testid=escrow-claim]').count()).toBe(0);
    expect(await unservedRow.locator('[data-testid=file-claim]').count()).toBe(0);

    // A second claim on a grant (the first filed by another session of this consumer, the page not knowing yet): refused by name.
    const another = await exerciseOne();
    const first = await signedRequest<{ dueAtMs?: number }>(h.base, new Wallet(HARDHAT_KEYS[DEV_KEY_INDEX]!), 'POST', `/v1/grants/${another}/claims`, {});
    expect(first.status).toBe(201);
    const anotherRow = page.locator(`[data-testid=grants] tr[data-grant-id="${another}"]`);
    await anotherRow.locator('[data-testid=file-claim]').click();
    await anotherRow.locator('[data-testid=claim-reason]:text-is("CLAIM_EXISTS")').waitFor({ timeout: 10_000 });
    await page.waitForSelector('[data-testid=reject-reason]:has-text("CLAIM_EXISTS")');
    // The page read the escrow again: the claim is shown, and no button.
    await anotherRow.locator('[data-testid=escrow-claim]').waitFor({ timeout: 10_000 });
    expect(await anotherRow.locator('[data-testid=escrow-claim]').textContent()).toBe(`claimed 1 right(s): refund due ${date(h.service.engine.escrow.grants.get(another)!.claimDueAtMs)} UTC unless delivered`);
    expect(await anotherRow.locator('[data-testid=file-claim]').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toMatch(/Micros|µPAT|wei/i);
    await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-account-escrow.png'), fullPage: true });

    // A claim refunded (no grace): a later session of the same wallet lists the earlier session's grants with their escrow,
    // the refund as it reached the consumer: what the provider was paid, not the ask (the rest is the refund's shortfall).
    // The service's escrow sweep (every 5 s) may resolve the claim, due at once, before the command below does: either
    // way one CLAIM_RESOLVED for the grant is released, and it is the one read.
    const resolutions: ClaimResolved[] = [];
    h.service.sequencer.onRelease((batch) => {
      for (const e of batch.events) if (e.type === EventType.CLAIM_RESOLVED) resolutions.push(e);
    });
    await send({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'risk.claimGraceMs', value: 0 });
    const quick = await exerciseOne();
    const quickRow = page.locator(`[data-testid=grants] tr[data-grant-id="${quick}"]`);
    await quickRow.locator('[data-testid=file-claim]').click();
    await quickRow.locator('[data-testid=claim-state][data-state=filed]').waitFor({ timeout: 10_000 });
    if (h.service.engine.escrow.grants.has(quick)) await send({ kind: CommandKind.RESOLVE_CLAIM, actor: SYSTEM_ACTOR, grantId: quick });
    await send({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'risk.claimGraceMs', value: 3_600_000 });
    const resolved = resolutions.find((e) => e.grantId === quick);
    if (resolved === undefined) throw new Error('the claim was not resolved');
    expect(resolved.shortfallMicros).toBeGreaterThan(0); // bought at the broker's ask, above what the provider was paid
    const later = await openPage(h, '#/account');
    await signInWithDevKey(later.page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
    const earlier = (id: number) => later.page.locator(`[data-testid=grants] tr[data-grant-id="${id}"]`);
    await earlier(quick).locator('[data-testid=escrow-state][data-state=refunded]').waitFor({ timeout: 10_000 });
    expect(await earlier(quick).locator('[data-testid=escrow-amount]').textContent()).toBe(`${pat(resolved.fromHeldMicros + resolved.fromProviderMicros)} PAT to the consumer`);
    expect(await earlier(quick).locator('[data-testid=escrow-refund]').textContent()).toBe(
      `for 1 undelivered right(s) of ${pat(resolved.refundMicros)} PAT due at the price paid: ${pat(resolved.shortfallMicros)} PAT not refunded, above what the provider was paid · 1 right(s) withdrawn from the provider's gate`,
    );
    expect(await earlier(unserved).locator('[data-testid=escrow-claim]').textContent()).toBe(`claimed 1 right(s): refund due ${date(due)} UTC unless delivered`);
    // The grant downloaded in the first session has nothing left to download; the one not served can still be downloaded.
    expect(await earlier(grantId).locator('[data-testid=all-delivered]').textContent()).toMatch(/^all \d+ right\(s\) delivered$/);
    expect(await earlier(grantId).locator('[data-testid=download]').count()).toBe(0);
    expect(await earlier(unserved).locator('[data-testid=download]').isEnabled()).toBe(true);
    // The refunded grant's right is the consumer's PAT again: nothing to download.
    expect(await earlier(quick).locator('[data-testid=all-delivered]').textContent()).toBe('nothing left: 0 served, 1 refunded');
    expect(await earlier(quick).locator('[data-testid=download]').count()).toBe(0);
    expect(later.errors).toEqual([]);
    await later.page.close();

    // The provider's page shows the same escrows on the grants it owes delivery on.
    const provider = await openPage(h, '#/provider');
    await signInWithDevKey(provider.page, h.service, 5, DEMO_PROVIDER_KEY);
    const owed = (id: number) => provider.page.locator(`[data-testid=deliveries] tr[data-grant-id="${id}"]`);
    await owed(grantId).locator('[data-testid=escrow-state][data-state=delivered]').waitFor({ timeout: 10_000 });
    expect(await owed(unserved).locator('[data-testid=escrow-state]').getAttribute('data-state')).toBe('held');
    expect(await owed(unserved).locator('[data-testid=escrow-claim]').textContent()).toBe(`claimed 1 right(s): refund due ${date(due)} UTC unless delivered`);
    expect(provider.errors).toEqual([]);
    await provider.page.close();

    // A phone's width: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-account-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a claim against an evidenced delivery becomes a dispute; the operator decides it on its page; both sides see the decision', async () => {
    const { page, errors } = await openPage(h, '#/account');
    const accountId = await signInWithDevKey(page, h.service, DISPUTE_KEY_INDEX, HARDHAT_KEYS[DISPUTE_KEY_INDEX]!);
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 10n ** 19n, ref: 'account-dispute-test' });
    let bought = 0;
    for (let tries = 0; bought < 2 && tries < 20; tries++) if (await buyOneAtAsk(accountId)) bought++;
    expect(bought).toBe(2);
    const rights = page.locator(`[data-testid=rights] tr[data-series-id="${series.id}"]`);
    await rights.locator('[data-testid=rights-available]:text-is("2")').waitFor({ timeout: 10_000 });
    await rights.locator('[data-testid=exercise-qty]').fill('2');
    await rights.locator('[data-testid=exercise]').click();
    await page.waitForSelector('[data-testid=grants] tbody tr[data-grant-id]', { timeout: 10_000 });
    const grantId = Number(await page.locator('[data-testid=grants] tbody tr[data-grant-id]').first().getAttribute('data-grant-id'));
    const row = page.locator(`[data-testid=grants] tr[data-grant-id="${grantId}"]`);
    await row.locator('[data-testid=escrow-state][data-state=held]').waitFor({ timeout: 10_000 });

    // Downloaded elsewhere with the same wallet (a script), never receipted: the gate reported it with its signed statement.
    const signed = (await h.service.grants()!.get(grantId))!.signed;
    expect(await downloadWithGrant(h.base, new Wallet(HARDHAT_KEYS[DISPUTE_KEY_INDEX]!), signed, 2, { report: false })).toMatchObject({ outcome: 'received' });
    await until(() => h.service.engine.escrow.grants.get(grantId)?.evidencedQty === 2, 'both rights evidenced');

    // A claim that nothing arrived: refused by name; the page reads the escrow again and offers the two disputes instead.
    await row.locator('[data-testid=file-claim]').click();
    await row.locator('[data-testid=claim-reason]:text-is("EVIDENCE_OF_DELIVERY")').waitFor({ timeout: 10_000 });
    await page.waitForSelector('[data-testid=reject-reason]:has-text("EVIDENCE_OF_DELIVERY")');
    await row.locator('[data-testid=escrow-evidence]').waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-testid=escrow-evidence]').textContent()).toBe('2 right(s) evidenced as delivered');
    expect(await row.locator('[data-testid=file-claim]').count()).toBe(0);
    expect(await row.locator('[data-testid=file-dispute]').allTextContents()).toEqual(['Dispute: records missing', 'Dispute: records do not conform']);
    await page.locator('[data-testid=grants]').screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-account-dispute-offered.png') });
    await row.locator('[data-testid=file-dispute][data-reason=missing-records]').click();
    await page.waitForSelector('[data-testid=outcome]:has-text("dispute filed (records missing): the provider holds evidence of delivering 2 right(s); the operator decides")', { timeout: 10_000 });
    // The escrow read again shows the dispute (and the session's own line gives way to it).
    await row.locator('[data-testid=escrow-dispute][data-state=open]').waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-testid=escrow-dispute]').textContent()).toMatch(/: records missing \(2 right\(s\) evidenced\): the operator decides, nothing is refunded or released before$/);
    expect(await row.locator('[data-testid=claim-state]').count()).toBe(0);
    expect(await row.locator('[data-testid=file-dispute]').count()).toBe(0);
    expect(h.service.engine.escrow.grants.get(grantId)?.disputed).toBe(true);

    // The operator's page: the dispute with the provider's evidence and the consumer's (no) receipts.
    const op = await openPage(h, '#/operator');
    await op.page.fill('[data-testid=operator-token]', OPERATOR_TOKEN);
    await op.page.click('[data-testid=operator-signin]');
    const card = op.page.locator(`[data-testid=dispute][data-grant-id="${grantId}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('[data-testid=dispute-reason]').textContent()).toBe('records missing');
    expect(await card.locator('[data-testid=dispute-evidenced]').textContent()).toBe('2');
    const evidence = h.service.grants()!.evidenceOf(grantId);
    expect(evidence).toHaveLength(1);
    expect(await card.locator('[data-testid=evidence-kind]').allTextContents()).toEqual(['download']);
    expect(await card.locator('[data-testid=evidence-records]').allTextContents()).toEqual([String(2 * RECORDS_PER_RIGHT)]);
    expect(await card.locator('[data-testid=evidence-sha256]').textContent()).toBe(`${evidence[0]!.sha256.slice(0, 12)}…`);
    expect(await card.locator('[data-testid=receipts-none]').count()).toBe(1);
    // More rights than are undelivered: refused by name, nothing moves.
    await card.locator('[data-testid=decide-refund]').fill('3');
    await card.locator('[data-testid=decide-submit]').click();
    await op.page.waitForSelector('[data-testid=dispute-result][role=alert]:has-text("INVALID_DECISION")', { timeout: 10_000 });
    expect(h.service.engine.escrow.grants.get(grantId)?.disputed).toBe(true);
    // One right refunded, the other upheld.
    await card.locator('[data-testid=decide-refund]').fill('1');
    await card.locator('[data-testid=decide-note]').fill('one of the two downloads came back short');
    await op.page.locator('#op-disputes').screenshot({ path: screenshotPath('console-operator-disputes.png') });
    // At a phone's width the panel fits too (its tables scroll inside their frames).
    await op.page.setViewportSize({ width: 390, height: 844 });
    expect(await op.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await op.page.locator('#op-disputes').screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-operator-disputes-phone.png') });
    await op.page.setViewportSize({ width: 1280, height: 900 });
    await card.locator('[data-testid=decide-submit]').click();
    await op.page.waitForSelector(`[data-testid=dispute-result][role=status]:has-text("grant #${grantId} decided: 1 right(s) refunded")`, { timeout: 10_000 });
    expect(await op.page.locator('[data-testid=dispute-result]').textContent()).toContain('1 upheld as delivered');
    expect(h.service.engine.escrow.grants.has(grantId)).toBe(false);
    await op.page.waitForSelector('[data-testid=disputes-empty]', { timeout: 10_000 });
    expect(op.errors).toEqual([]);
    await op.page.close();

    // The consumer asks again and sees the decision; the provider's page shows it on the grant it owes.
    await row.locator('[data-testid=escrow-reload]').click();
    await row.locator('[data-testid=escrow-dispute][data-state=decided]').waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-testid=escrow-dispute]').textContent()).toMatch(/^disputed .* UTC: records missing \(2 right\(s\) evidenced\); decided .* UTC: 1 right\(s\) refunded, 1 upheld as delivered\. The operator's reason: one of the two downloads came back short$/);
    expect(await row.locator('[data-testid=escrow-reload]').count()).toBe(0);
    // The account's disputes from any session: read when asked.
    await page.click('[data-testid=my-disputes-load]');
    const listed = page.locator(`[data-testid=my-disputes-table] tr[data-grant-id="${grantId}"]`);
    await listed.locator('[data-testid=escrow-dispute][data-state=decided]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid=my-disputes-table] tbody tr[data-grant-id]').count()).toBe(1);
    await page.locator('[data-testid=grants]').screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-account-dispute-decided.png') });
    await page.locator('[data-testid=my-disputes]').screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-account-my-disputes.png') });
    const provider = await openPage(h, '#/provider');
    await signInWithDevKey(provider.page, h.service, 5, DEMO_PROVIDER_KEY);
    const owed = provider.page.locator(`[data-testid=deliveries] tr[data-grant-id="${grantId}"]`);
    await owed.locator('[data-testid=escrow-dispute][data-state=decided]').waitFor({ timeout: 10_000 });
    expect(await owed.locator('[data-testid=escrow-evidence]').textContent()).toBe('2 right(s) evidenced as delivered');
    expect(provider.errors).toEqual([]);
    await provider.page.close();
    expect(await page.locator('main').textContent()).not.toMatch(/Micros|µPAT|wei/i);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
