/**
 * The account page's fills, settlements and transfers (GET /v1/fills, /v1/settlements, /v1/transfers, wallet-signed) in
 * Debian's Chromium against the service started here (temp data dir, ports 0, settlement off, the
 * demo listings; the demo provider sells to the broker's bid so the broker asks): a funded consumer
 * signs in (the histories read: "No fills yet", the settlements' and transfers' empty states), is credited a
 * deposit and asks for a withdrawal elsewhere (both show in the transfers without a reload), buys at the ask
 * on the page (the broker's, though the provider rests a lower ask only the broker can take), and the fills panel shows that buy without a reload (read again when the account view
 * changed): BUY, its quantity, the ask, TAKER, and no Fee column (every fee 0); the settlements still none. At 390 px the page
 * fits and the contract's parts stay whole. A refused read of
 * the fills (the route answering 500, made with page.route) says so by name instead of "No fills yet",
 * and its "try again" reads them. Saves a screenshot of the page to /tmp/console-fills.png.
 * Without a browser: the panels' paging (web/src/account-history.ts) against a fake history of 120
 * fills: "More" from each page's `next`, a read again that keeps the older pages read (or drops them
 * past a gap), refusals by name, and reading again until a trade the session saw is there.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, EventType, OrderType, SelfTradePrevention, Side, SYSTEM_ACTOR, TimeInForce, type Series } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, longestOpenSpot, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { providerSellsToBroker } from '../support/broker-rights.js';
import { overflows } from '../support/page-fit.js';
import { pat } from '../../web/src/format.js';
import { PatxHttpError } from '../../src/client/http.js';
import { AccountHistory, HISTORY_PER_PAGE, type HistoryPage } from '../../web/src/account-history.js';

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
      await page.waitForSelector('[data-testid=transfers] td:text-is("No deposits or withdrawals yet")', { timeout: 10_000 });

      await h.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 10n * 10n ** 18n, ref: 'account-fills' });
      await page.waitForSelector('[data-testid=available]:has-text("10.0000 PAT")', { timeout: 10_000 });
      // The transfers panel reads again when the balance moves without a fill: the deposit, credited, with its reference.
      const deposit = page.locator('[data-testid=transfers] tr[data-kind=deposit]');
      await deposit.waitFor({ timeout: 10_000 });
      expect(await deposit.locator('[data-testid=transfer-amount]').innerText()).toBe('+10.0000');
      expect(await deposit.locator('[data-testid=transfer-state]').innerText()).toBe('credited');
      expect(await deposit.locator('[data-testid=transfer-reference]').innerText()).toBe('account-fills');
      // A withdrawal asked for (here by another session): pending, read when the pending amount moves.
      await h.service.sequencer.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: accountId, amountWei: 10n ** 18n });
      const withdrawal = page.locator('[data-testid=transfers] tr[data-kind=withdrawal]');
      await withdrawal.waitFor({ timeout: 10_000 });
      expect(await withdrawal.locator('[data-testid=transfer-amount]').innerText()).toBe('−1.0000');
      expect(await withdrawal.locator('[data-testid=transfer-state]').innerText()).toMatch(/^pending/);
      expect(await withdrawal.locator('[data-testid=transfer-kind]').innerText()).toMatch(/^withdrawal #\d+$/);
      await page.waitForSelector('[data-testid=available]:has-text("9.0000 PAT")', { timeout: 10_000 });

      // Buy 2 at the broker's ask on the page (the price left empty: the ask shown is used).
      const ask = h.service.engine.seriesById(series.id)!.brokerSells.bestAskMicros();
      // The provider rests an ask between the broker's bid and ask: only the broker can take it, so the page's ask stays the
      // broker's (the feed's book holds only what an order can take; merged, the provider's ask was the page's, and the buy
      // sent there was refused NOT_FILLED: an outside review).
      const bid = h.service.engine.seriesById(series.id)!.brokerBuys.bestBidMicros();
      const tick = series.spec.tickMicros;
      const between = Math.ceil((bid + ask) / 2 / tick) * tick;
      expect(bid < between && between < ask).toBe(true);
      const providerId = h.service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase())!;
      const rested = await h.service.sequencer.submit({ kind: CommandKind.NEW_ORDER, actor: providerId, seriesId: series.id, clientOrderId: 0, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros: between, qty: 2, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
      expect(rested.events.some((e) => e.type === EventType.ORDER_ACCEPTED)).toBe(true);
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
      // No fee on any fill shown (the default schedule): no Fee column, as the purchases'.
      expect(cells.slice(2)).toEqual(['SPOT', 'BUY', '2', pat(ask), 'TAKER']);
      expect(await page.locator('[data-testid=fills] th').allTextContents()).not.toContain('Fee');
      expect(await row.locator('[data-testid=history-contract] a').textContent()).toBe(series.spec.contract);
      expect(await row.locator('[data-testid=history-contract] .sid').textContent()).toMatch(new RegExp(`^#${series.id} · order \\d+$`));
      expect(await page.locator('[data-testid=fills]').textContent()).not.toContain('No fills yet');
      expect(await page.locator('[data-testid=fills-more]').count()).toBe(0); // one fill: no older page
      expect(await page.locator('[data-testid=settlements] tbody').textContent()).toBe(SETTLEMENTS_EMPTY);

      // Every read answered: no refusal line anywhere on the page.
      expect(await page.locator('[data-testid$=-refused]').count()).toBe(0);
      await page.waitForSelector('[data-testid=purchases] tbody tr[data-trade-id]', { timeout: 10_000 }); // for the screenshot
      await page.screenshot({ path: '/tmp/console-fills.png', fullPage: true });

      // On a phone (a card per row): the page fits, and the contract wraps between its parts, never inside one.
      await page.setViewportSize({ width: 390, height: 900 });
      await page.waitForFunction(() => document.querySelector('[data-testid=fills] td[data-label="Contract"]') !== null);
      expect(await overflows(page)).toEqual([]);
      const parts = await row.locator('.acct-contract-part').evaluateAll((spans) => spans.map((x) => ({ text: x.textContent, lines: x.getClientRects().length })));
      expect(parts.map((x) => x.text).join('|')).toBe(series.spec.contract);
      expect(parts.filter((x) => x.lines !== 1)).toEqual([]);
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

describe('account page: the fills\' paging (account-history.ts)', () => {
  /** Trade ids 1..n, newest first, a page at a time before a trade id, as GET /v1/fills pages them. */
  function fakeFills(n: number) {
    const store = { ids: Array.from({ length: n }, (_, i) => n - i), refuse: false, reads: 0 };
    const read = async (before?: number): Promise<HistoryPage<{ tradeId: number }>> => {
      store.reads++;
      if (store.refuse) throw new PatxHttpError('INTERNAL', 'internal error', 500);
      const rows = store.ids.filter((id) => before === undefined || id < before).slice(0, HISTORY_PER_PAGE).map((tradeId) => ({ tradeId }));
      const last = rows.at(-1);
      return { rows, next: last !== undefined && store.ids.some((id) => id < last.tradeId) ? last.tradeId : null };
    };
    const h = new AccountHistory(read, (r) => String(r.tradeId), (r) => r.tradeId, () => undefined);
    const add = (k: number) => store.ids.unshift(...Array.from({ length: k }, (_, i) => store.ids[0]! + k - i));
    return { store, h, add, ids: () => h.rows.map((r) => r.tradeId) };
  }
  const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

  it('"More" reads on from each page\'s next; a read again keeps the older pages, or drops them past a gap', async () => {
    const { h, add, ids } = fakeFills(120);
    await h.reload();
    expect([h.state, ids(), h.next]).toEqual(['ok', range(120, 71), 71]);
    await h.more();
    expect([ids(), h.next]).toEqual([range(120, 21), 21]);
    add(3); // three new fills: the newest page and the older rows read before, no gap
    await h.reload();
    expect([ids(), h.next]).toEqual([range(123, 21), 21]);
    add(60); // more new fills than a page: the older rows go, "More" reads on from the page
    await h.reload();
    expect([ids(), h.next]).toEqual([range(183, 134), 134]);
    await h.more();
    await h.more();
    await h.more();
    await h.more();
    expect([ids(), h.next]).toEqual([range(183, 1), null]);
  });

  it('a refused first read is a refusal, not an empty history; a refused "More" keeps the rows; reads again until a trade seen is there', async () => {
    const { store, h, add, ids } = fakeFills(60);
    store.refuse = true;
    await h.reload();
    expect([h.state, h.error, ids()]).toEqual(['refused', { reason: 'INTERNAL', message: 'internal error' }, []]);
    store.refuse = false;
    await h.reload();
    expect([h.state, h.error, ids().length]).toEqual(['ok', undefined, 50]);
    store.refuse = true;
    await h.more();
    expect([h.state, h.error?.reason, ids().length, h.next]).toEqual(['ok', 'INTERNAL', 50, 11]);
    store.refuse = false;
    // The session saw trade 61 before the history has it: read again (300 ms later) until it is there.
    const reads = store.reads;
    setTimeout(() => add(1), 100);
    await h.reload((newest) => newest >= 61);
    expect([ids()[0], h.error, store.reads - reads]).toEqual([61, undefined, 2]);
  });
});
