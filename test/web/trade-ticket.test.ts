/**
 * The series page's trade ticket (web/src/trade-ticket.tsx) end to end in Debian's Chromium
 * (playwright-core), against the service started here (temp data dir, ports 0, settlement
 * off) with the demo listings; the demo provider sells to the broker's bid so the broker
 * quotes an ask (then the quoter stops, so the ask stays where the test read it).
 * Signed out, the ticket offers the account page's sign-in; signed in with a dev key and
 * credited PAT: a quantity of 0 and a price with 5 decimals are refused in the ticket with no
 * order sent (the trading socket's frames are read); a buy at the ask, IOC, shows its fill and
 * the rights held rise; a GTC limit below the bid above the confirmation threshold asks
 * "confirm" first (nothing sent until then), then rests and is listed under the ticket, and its
 * cancel removes it; an order past the balance is refused in plain words; the Account page is
 * signed in with the same session. At 390 px the page, signed out and signed in with an order
 * listed, scrolls nowhere sideways. A price nobody typed follows the ask when the broker quotes
 * again; an error before sending takes the last order's refusal away (never both at once).
 * Saves docs/console-trade-ticket.png (PATX_SCREENSHOTS=1).
 */
import { Wallet } from 'ethers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, EventType, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { wire } from '../../src/proto/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, longestOpenSpot, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { providerSellsToBroker } from '../support/broker-rights.js';
import { overflows } from '../support/page-fit.js';
import { screenshotPath } from '../support/screenshots.js';
import { pat } from '../../web/src/format.js';
import { CONFIRM_ABOVE_MICROS } from '../../web/src/trade-ticket-logic.js';

const DEV_KEY_INDEX = 7;
const PHONE_KEY_INDEX = 9;
const MOVING_KEY_INDEX = 8;
const NO_ASK_KEY_INDEX = 2;
const PHONE = { width: 390, height: 844 };
let h: ConsoleHarness;
let series: Series;

const credit = (accountId: number, pat: bigint, ref: string) => h.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: pat * 10n ** 18n, ref });

/** Counts the orders the page sends on its trading socket (/v1/trade): decoded from the frames themselves. */
function countOrdersSent(page: Page): { newOrders: number } {
  const sent = { newOrders: 0 };
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/v1/trade')) return;
    ws.on('framesent', (f) => {
      if (typeof f.payload === 'string') return;
      if (wire.ClientFrame.decode(f.payload).newOrder != null) sent.newOrders++;
    });
  });
  return sent;
}

const ticket = (page: Page, testid: string) => page.locator(`[data-testid=ticket] [data-testid=${testid}]`);
const text = async (page: Page, testid: string): Promise<string> => (await ticket(page, testid).textContent()) ?? '';

beforeAll(async () => {
  h = await startConsole('ticket', { quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} } });
  await publishDemoListings(h.service.catalog, h.service.engine, h.service.sequencer, Date.now, logger);
  series = longestOpenSpot(h.service, 'AUTO_INTENT');
  await providerSellsToBroker(h.service, new Wallet(DEMO_PROVIDER_KEY).address, series.id, { mint: 20, sell: 10 });
  // The broker's quotes stay as they are now: the ask the test reads is the ask its order meets.
  h.service.quoting!.stop();
  const s = h.service.engine.seriesById(series.id)!;
  expect(s.brokerSells.bestAskMicros()).toBeGreaterThan(0);
  expect(s.brokerBuys.bestBidMicros()).toBeGreaterThan(100_000);
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console: the trade ticket on a series page', () => {
  it('signed out, offers the sign-in; at 390 px the page does not scroll sideways', async () => {
    const { page, errors } = await openPage(h, `#/series/${series.id}`, PHONE);
    await page.waitForSelector('[data-testid=ticket] [data-testid=ticket-signin] [data-testid=signin-dev]');
    expect(await ticket(page, 'ticket-signin').textContent()).toContain('same sign-in and the same session as the Account page');
    expect(await ticket(page, 'ticket-submit').count()).toBe(0);
    await page.waitForSelector('[data-testid=book]');
    expect(await overflows(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a bad order before sending it, buys at the ask (IOC), rests a GTC limit after a confirmation and cancels it, and names a refusal in plain words', async () => {
    const { page, errors } = await openPage(h, `#/series/${series.id}`);
    const sent = countOrdersSent(page);
    await page.waitForSelector('[data-testid=ticket] [data-testid=signin-dev]');
    const accountId = await signInWithDevKey(page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
    await credit(accountId, 25n, 'ticket-test');
    await page.waitForSelector('[data-testid=ticket-available]:text-is("25.0000 PAT")', { timeout: 10_000 });
    expect(await text(page, 'ticket-rights')).toBe('0');
    await page.waitForSelector('[data-testid=ticket-fee]:has-text("no trading fee")', { timeout: 10_000 }); // once GET /v1/fees is read
    const engineSeries = h.service.engine.seriesById(series.id)!;
    const ask = engineSeries.brokerSells.bestAskMicros();
    const bid = engineSeries.brokerBuys.bestBidMicros();
    // The price starts from the best ask (a buy's opposite price), with exactly 4 decimals.
    await page.waitForFunction((p) => (document.querySelector('[data-testid=ticket-price]') as HTMLInputElement | null)?.value === p, pat(ask), { timeout: 15_000 });
    expect(await ticket(page, 'ticket-sell').isDisabled()).toBe(true); // a consumer buys spot rights, never resells them

    // A quantity of 0, then a price with 5 decimals: refused in the ticket, and no order leaves the page.
    await ticket(page, 'ticket-qty').fill('0');
    await ticket(page, 'ticket-submit').click();
    await page.waitForSelector('[data-testid=ticket-error]');
    expect(await text(page, 'ticket-error')).toBe('Quantity: a whole number of rights, 1 or more. Nothing was sent.');
    await ticket(page, 'ticket-qty').fill('2');
    await ticket(page, 'ticket-price').fill('0.12345');
    await ticket(page, 'ticket-submit').click();
    await page.waitForSelector('[data-testid=ticket-error]');
    expect(await text(page, 'ticket-error')).toBe('Price: at most 4 decimals (0.0001 PAT is the finest price step). Nothing was sent.');
    expect(sent.newOrders).toBe(0);
    expect(await ticket(page, 'ticket-outcome').count()).toBe(0);
    expect(h.service.engine.accounts[accountId]!.openOrders).toBe(0);

    // Buy 2 at the ask, IOC: clicking a price in the book (the best ask) fills the price in.
    await page.locator('[data-testid=book] tbody tr').first().locator('td.ask button').click();
    expect(await ticket(page, 'ticket-price').inputValue()).toBe(pat(ask));
    await ticket(page, 'ticket-tif').selectOption('ioc');
    expect(await text(page, 'ticket-notional')).toBe(`${pat(2 * ask)} PAT`);
    expect(await text(page, 'ticket-submit')).toBe(`Buy 2 @ ${pat(ask)} PAT`);
    await ticket(page, 'ticket-submit').click();
    await page.waitForSelector('[data-testid=ticket-outcome]', { timeout: 10_000 });
    expect(await text(page, 'ticket-outcome')).toBe(`Bought 2 @ ${pat(ask)} PAT (${pat(2 * ask)} PAT).`);
    await page.waitForSelector('[data-testid=ticket-rights]:text-is("2")', { timeout: 10_000 });
    expect(h.service.engine.accounts[accountId]!.positions.get(series.id)?.available).toBe(2);
    expect(sent.newOrders).toBe(1);

    // A GTC limit below the bid: 150 at 0.1000 is 15 PAT, above the threshold: "confirm" first, nothing sent until then.
    const below = 100_000;
    expect(below).toBeLessThan(bid);
    await ticket(page, 'ticket-tif').selectOption('gtc');
    await ticket(page, 'ticket-qty').fill('150');
    await ticket(page, 'ticket-price').fill('0.1000');
    expect(150 * below).toBeGreaterThan(CONFIRM_ABOVE_MICROS);
    await ticket(page, 'ticket-submit').click();
    await page.waitForSelector('[data-testid=ticket-confirm]');
    expect(await text(page, 'ticket-confirm')).toContain(`Buy 150 @ 0.1000 PAT (GTC) for 15.0000 PAT: more than ${pat(CONFIRM_ABOVE_MICROS)} PAT. Send it?`);
    expect(sent.newOrders).toBe(1);
    // Back out of it, then confirm it.
    await ticket(page, 'ticket-confirm-no').click();
    expect(await ticket(page, 'ticket-confirm').count()).toBe(0);
    expect(sent.newOrders).toBe(1);
    await ticket(page, 'ticket-submit').click();
    await ticket(page, 'ticket-confirm-yes').click();
    await page.waitForSelector('[data-testid=ticket-outcome]:has-text("Resting")', { timeout: 10_000 });
    expect(await text(page, 'ticket-outcome')).toBe('Resting: buy 150 @ 0.1000 PAT in the book.');
    const row = ticket(page, 'ticket-orders').locator('tbody tr[data-order-id]');
    await row.first().waitFor({ timeout: 10_000 });
    expect(await row.count()).toBe(1);
    expect(await row.locator('td').allTextContents()).toEqual(['Buy', '0.1000', '150', '0', 'Cancel']);
    expect(h.service.engine.accounts[accountId]!.openOrders).toBe(1);
    await page.screenshot({ path: screenshotPath('console-trade-ticket.png'), fullPage: true, clip: await shotClip(page) });

    // Cancel it from the list under the ticket.
    await row.locator('[data-testid=ticket-cancel]').click();
    await page.waitForSelector('[data-testid=ticket-outcome]:has-text("Cancelled order")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=ticket-no-orders]', { timeout: 10_000 });
    expect(h.service.engine.accounts[accountId]!.openOrders).toBe(0);

    // More than the balance pays for: refused, in plain words, with the reason's name beside them.
    await ticket(page, 'ticket-ask').click();
    await ticket(page, 'ticket-qty').fill('400');
    await ticket(page, 'ticket-tif').selectOption('ioc');
    await ticket(page, 'ticket-submit').click();
    await ticket(page, 'ticket-confirm-yes').click();
    await page.waitForSelector('[data-testid=ticket-outcome][data-ok=false]', { timeout: 10_000 });
    expect(await text(page, 'ticket-outcome')).toBe('Refused: more than your available PAT. INSUFFICIENT_BALANCE');
    expect(await text(page, 'ticket-reason')).toBe('INSUFFICIENT_BALANCE');
    expect(await page.locator('main').textContent()).not.toMatch(/Micros|µPAT|wei/i);

    // One session: the Account page is signed in as the ticket is, and shows the rights bought here.
    await page.click('nav a[href="#/account"]');
    await page.waitForSelector(`[data-testid=rights] tr[data-series-id="${series.id}"] [data-testid=rights-available]:text-is("2")`, { timeout: 10_000 });
    expect(await page.locator('[data-testid=account-id]').textContent()).toBe(`#${accountId}`);
    expect(await page.locator('[data-testid=signin-dev]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signed in at 390 px, with an order listed under the ticket, the page does not scroll sideways', async () => {
    const { page, errors } = await openPage(h, `#/series/${series.id}`, PHONE);
    await page.waitForSelector('[data-testid=ticket] [data-testid=signin-dev]');
    const accountId = await signInWithDevKey(page, h.service, PHONE_KEY_INDEX, HARDHAT_KEYS[PHONE_KEY_INDEX]!);
    await credit(accountId, 5n, 'ticket-phone');
    await page.waitForSelector('[data-testid=ticket-available]:text-is("5.0000 PAT")', { timeout: 10_000 });
    await ticket(page, 'ticket-qty').fill('3');
    await ticket(page, 'ticket-price').fill('0.1000');
    await ticket(page, 'ticket-submit').click();
    await ticket(page, 'ticket-orders').locator('tbody tr[data-order-id]').first().waitFor({ timeout: 10_000 });
    expect(await overflows(page)).toEqual([]);
    await ticket(page, 'ticket-cancel').click();
    await page.waitForSelector('[data-testid=ticket-no-orders]', { timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an error before sending takes the last refusal away; the untouched price follows the ask as it moves', async () => {
    const { page, errors } = await openPage(h, `#/series/${series.id}`);
    await page.waitForSelector('[data-testid=ticket] [data-testid=signin-dev]');
    await signInWithDevKey(page, h.service, MOVING_KEY_INDEX, HARDHAT_KEYS[MOVING_KEY_INDEX]!);
    const ask = h.service.engine.seriesById(series.id)!.brokerSells.bestAskMicros();
    const priceIs = (p: string) => page.waitForFunction((v) => (document.querySelector('[data-testid=ticket-price]') as HTMLInputElement | null)?.value === v, p, { timeout: 15_000 });
    await priceIs(pat(ask));

    // No PAT: refused; then a bad quantity: its error alone, not beside the old refusal.
    await ticket(page, 'ticket-tif').selectOption('ioc');
    await ticket(page, 'ticket-submit').click();
    await page.waitForSelector('[data-testid=ticket-outcome][data-ok=false]', { timeout: 10_000 });
    expect(await text(page, 'ticket-reason')).toBe('INSUFFICIENT_BALANCE');
    await ticket(page, 'ticket-qty').fill('0');
    await ticket(page, 'ticket-submit').click();
    await page.waitForSelector('[data-testid=ticket-error]');
    expect(await ticket(page, 'ticket-outcome').count()).toBe(0);
    await ticket(page, 'ticket-qty').fill('1');

    // The broker quotes again (its quote sent by hand: the quoter's timer is stopped so that asks stay where the tests read
    // them), its ask 0.0050 PAT higher: the price nobody typed follows it.
    const s0 = h.service.engine.seriesById(series.id)!;
    const [bidLevel] = s0.brokerBuys.depth(Side.BUY, 1);
    const [askLevel] = s0.brokerSells.depth(Side.SELL, 1);
    const requote = await h.service.sequencer.submit({ kind: CommandKind.MASS_QUOTE, actor: h.service.engine.brokerId, seriesId: series.id, bids: { priceMicros: [bidLevel![0]], qty: [bidLevel![1]] }, asks: { priceMicros: [ask + 5_000], qty: [askLevel![1]] }, referencePriceMicros: 0 });
    expect(requote.events.some((e) => e.type === EventType.COMMAND_REJECTED)).toBe(false);
    const moved = s0.brokerSells.bestAskMicros();
    expect(moved).toBe(ask + 5_000);
    expect(moved).toBeGreaterThan(0);
    expect(moved).not.toBe(ask);
    await page.waitForSelector(`[data-testid=ticket-ask]:text-is("Ask ${pat(moved)}")`, { timeout: 15_000 });
    await priceIs(pat(moved));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a series no one is selling in: Buy with no price says so; the dev key list is labelled', async () => {
    const now = Date.now();
    const empty = h.service.engine.series.find((x): x is Series => x !== undefined && x.id !== series.id && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING && x.spec.openAtMs <= now && now < x.spec.closeAtMs && x.brokerSells.bestAskMicros() === 0)!;
    expect(empty).toBeDefined();
    const { page, errors } = await openPage(h, `#/series/${empty.id}`);
    await page.waitForSelector('[data-testid=ticket] [data-testid=signin-dev]');
    expect(await page.getByLabel('Local chain dev key').count()).toBe(1);
    await signInWithDevKey(page, h.service, NO_ASK_KEY_INDEX, HARDHAT_KEYS[NO_ASK_KEY_INDEX]!);
    expect(await ticket(page, 'ticket-price').inputValue()).toBe('');
    await ticket(page, 'ticket-submit').click();
    await page.waitForSelector('[data-testid=ticket-error]');
    expect(await text(page, 'ticket-error')).toBe('Price: no one is selling right now (the broker sells only what providers sold it): type the most you would pay to rest a bid, or wait for an ask. Nothing was sent.');
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** The shot: the stats, the book and the ticket beside the chart (the page's top, down to the ticket's end). */
async function shotClip(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = (await page.locator('[data-testid=ticket]').boundingBox())!;
  const scroll = await page.evaluate(() => window.scrollY);
  return { x: 0, y: 0, width: 1280, height: Math.ceil(box.y + scroll + box.height + 16) };
}
