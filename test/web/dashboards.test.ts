/**
 * The dashboards (#/provider/dashboard, #/account/dashboard; web/src/dashboard-page.tsx) end to end
 * in Debian's Chromium against the service started here, on a clock the test moves through the last
 * day and a half (settlement off, the demo's listings and provider server, the broker quoting): at
 * each step the demo provider sells to the broker's bid, a consumer signed in on the page (dev key 7)
 * buys at the ask and exercises; at the last step it downloads at the gate with its receipt and rates. The pages show the
 * totals the exchange recorded, a chart per figure with its table beside it (the table's rows are
 * what was traded in each hour), the listing picker and day buckets; they fit 1280 px and 390 px.
 * Saves docs/console-dashboard-provider.png and docs/console-dashboard-consumer.png (PATX_SCREENSHOTS=1).
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, grantsOfAck, signedRequest, TradingClient, wire } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { startDemoProviderServer, type DemoProviderServer } from '../../src/demo/provider-servers.js';
import { CommandKind, EventType, OrderType, SelfTradePrevention, Side, SYSTEM_ACTOR, TimeInForce } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { flagshipSpotAt } from '../support/broker-rights.js';
import { until } from '../support/exchange-fixture.js';
import { overflows } from '../support/page-fit.js';
import { screenshotPath } from '../support/screenshots.js';

const HOUR_MS = 3_600_000;
const CONSUMER_KEY = 7;
const consumer = new Wallet(HARDHAT_KEYS[CONSUMER_KEY]!);
const provider = new Wallet(DEMO_PROVIDER_KEY);
/** Where the figures land: hours before now (the clock starts 36 hours back). */
const STEPS_H = [-30, -26, -21, -17, -12, -8, -5, -2, 0];
let offsetMs = -36 * HOUR_MS;
const clock = (): number => Date.now() + offsetMs;
let h: ConsoleHarness;
let server: DemoProviderServer;
/** What the test sold and bought, in all and by the hour it happened in. */
const sold = { qty: 0, micros: 0, hours: new Set<number>() };
const bought = { qty: 0, micros: 0, byHour: new Map<number, number>() };
let exercised = 0;
/** The rights downloaded and evidenced at the last step (all but one of its exercise), recorded then: the page's total delivered. */
let delivered = 0;
let listingId = 0;

beforeAll(async () => {
  const serverPort = await freePort();
  // The quoter's end-of-window rule off (quoting.expiryRule 0): in a window's last hours it buys no more than it expects to
  // sell before the close, so with the test's last steps there (the weekly window's last evening) the broker neither bid
  // nor asked. The dashboards show what traded, whatever the quoter's rules.
  h = await startConsole('dashboards', { quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: { 'quoting.expiryRule': 0 } }, demo: { enabled: false }, scheduleIntervalMs: 60_000 }, clock);
  const { service } = h;
  await publishDemoListings(service.catalog, service.engine, service.sequencer, clock, logger, `http://127.0.0.1:${serverPort}/records`);
  server = await startDemoProviderServer({ dataDir: h.dir, host: '127.0.0.1', port: serverPort, exchangeUrl: h.base, log: logger });
  const providerId = service.engine.accountIdByAddress.get(provider.address.toLowerCase())!;
  listingId = service.catalog.listingsOf(providerId).find((l) => l.segment === 'AUTO_INTENT')!.id;
  const send = (cmd: Parameters<typeof service.sequencer.submit>[0]) => service.sequencer.submit(cmd);
  const declared = new Set<number>();
  const trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: consumer });
  await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 21n, ref: 'dashboards-web' });
  let order = 0;
  try {
    for (const [i, stepH] of STEPS_H.entries()) {
      offsetMs = stepH * HOUR_MS;
      const hourMs = Math.floor(clock() / HOUR_MS) * HOUR_MS;
      // The flagship's window open at this step: the weekly window closes each Thursday 00:00 UTC, so the 30 hours the
      // steps span cross a close on Thursdays and Friday mornings; the schedule lists the next window on the test's clock.
      await service.runSchedule();
      const series = flagshipSpotAt(service, clock());
      if (!declared.has(series.id)) {
        await send({ kind: CommandKind.DECLARE_CAPACITY, actor: providerId, seriesId: series.id, capacity: 1_000 });
        declared.add(series.id);
      }
      // The provider mints and sells a few to the broker's bid: one more than the consumer buys below, so the
      // broker's stock stays small and it keeps bidding whatever the date (with 6-10 a step its stock passed
      // the sales it expected before the window's close on some days: BIDS_LIMITED_BY_EXPIRY, no bid, one hour short).
      await send({ kind: CommandKind.MINT, actor: providerId, seriesId: series.id, qty: 2 + (i % 3) });
      service.quoting!.tick();
      await service.sequencer.drain();
      const bid = service.engine.seriesById(series.id)!.brokerBuys.bestBidMicros();
      const sale = await send({ kind: CommandKind.NEW_ORDER, actor: providerId, seriesId: series.id, clientOrderId: 0, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros: bid, qty: 2 + (i % 3), expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
      for (const e of sale.events) if (e.type === EventType.FILL) (sold.qty += e.qty), (sold.micros += e.qty * e.priceMicros), sold.hours.add(hourMs);
      await new Promise((r) => setTimeout(r, 120));
      // The consumer buys 1 to 3 at the ask, one at a time, and exercises what it bought.
      const want = 1 + (i % 3);
      let got = 0;
      while (got < want) {
        service.quoting!.tick();
        await until(() => service.engine.seriesById(series.id)!.brokerSells.bestAskMicros() > 0, 'the broker asks');
        const ask = service.engine.seriesById(series.id)!.brokerSells.bestAskMicros();
        const ack = await trader.newOrder({ seriesId: series.id, clientOrderId: ++order, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: 1 });
        for (const r of ack.reports ?? []) if (r.execType === wire.ExecType.EXEC_TRADE) (got += Number(r.lastQty)), (bought.micros += Number(r.lastQty) * Number(r.lastPriceMicros));
      }
      bought.qty += got;
      bought.byHour.set(hourMs, (bought.byHour.get(hourMs) ?? 0) + got);
      const grant = grantsOfAck(await trader.exercise(series.id, got))[0]!;
      exercised += got;
      // Signed requests (the gate's reports, the receipt, the rating) carry the wall clock: only at the last step, when the service's is the same.
      if (stepH === 0) {
        // The provider server reads its listings wallet-signed, refused while the service's clock was behind: it reads them now.
        await server.listingsChanged();
        // All but one: a grant confirmed whole leaves escrow before its evidence is recorded (docs/dashboards.md, "Not yet").
        // A window the provider server has not read yet (listed during the test, on Thursdays) is NOT_READY, nothing
        // counted, until it has: the consumer asks again, as the refusal says.
        let dl: Awaited<ReturnType<typeof downloadWithGrant>> | undefined;
        await until(async () => (dl = await downloadWithGrant(h.base, consumer, grant, got - 1)).outcome !== 'refused' || !('error' in dl) || dl.error !== 'NOT_READY', 'the window readable at the gate');
        expect(dl).toMatchObject({ outcome: 'received' });
        await until(() => service.engine.escrow.grants.get(grant.grant.grantId)?.evidencedQty === got - 1, 'the download evidenced');
        delivered = got - 1;
        expect((await signedRequest(h.base, consumer, 'POST', `/v1/ratings/${listingId}`, { stars: 5, review: 'fresh segments' })).status).toBe(201);
      }
      await service.dashboards.sampleTrust();
    }
  } finally {
    await trader.close();
  }
}, 240_000);

afterAll(() => stopConsole(h, server));

describe('web console: dashboards', () => {
  it("the provider's: totals, a chart per figure with its table, per listing and by day; fits 1280 and 390 px", async () => {
    const { page, errors } = await openPage(h, '#/provider/dashboard', { width: 1280, height: 900 });
    await signInWithDevKey(page, h.service, 5, DEMO_PROVIDER_KEY);
    await page.waitForSelector('[data-testid=total-sold]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=total-sold]').textContent()).toBe(String(sold.qty));
    expect(await page.locator('[data-testid=total-delivered]').textContent()).toMatch(new RegExp(`/ ${exercised}$`));
    for (const chart of ['dash-sales', 'dash-money', 'dash-delivery', 'dash-ratings', 'dash-trust']) {
      expect(await page.locator(`[data-testid=${chart}-chart] canvas`).count()).toBeGreaterThan(0);
    }
    // The sales table beside the chart: one row per hour that sold, the rights of that hour.
    // (An hour whose step found no bid sold nothing: how many hours before the 7D window's close a step falls depends on
    // the day the test runs, and the quoter's BIDS_LIMITED_BY_EXPIRY withdraws the bid in some; most steps sell.)
    expect(sold.hours.size).toBeGreaterThanOrEqual(STEPS_H.length - 2);
    expect(await page.locator('[data-testid=dash-sales-table] tbody tr').count()).toBe(sold.hours.size);
    expect(await page.locator('[data-testid=dash-ratings-table] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid=dash-trust-table] tbody tr').count()).toBeGreaterThan(1);
    // One listing: the same sales (every sale was of AUTO_INTENT); another listing: none.
    await page.selectOption('[data-testid=dash-listing]', String(listingId));
    await page.waitForSelector('[data-testid=trust-now]', { timeout: 10_000 });
    expect(await page.locator('[data-testid=total-sold]').textContent()).toBe(String(sold.qty));
    await page.screenshot({ path: screenshotPath('console-dashboard-provider.png'), fullPage: true });
    await page.selectOption('[data-testid=dash-bucket]', 'day');
    await page.waitForSelector('[data-testid=dash-sales-table] th:text-is("Day (UTC)")', { timeout: 10_000 });
    expect(await page.locator('[data-testid=total-sold]').textContent()).toBe(String(sold.qty));
    expect(await overflows(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 900 });
    await page.waitForTimeout(200);
    expect(await overflows(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the account's: purchases, spend, usage against what was bought; the table's rows are each hour's buys; fits 390 px", async () => {
    const { page, errors } = await openPage(h, '#/account/dashboard', { width: 1280, height: 900 });
    await signInWithDevKey(page, h.service, CONSUMER_KEY, HARDHAT_KEYS[CONSUMER_KEY]!);
    await page.waitForSelector('[data-testid=total-bought]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=total-bought]').textContent()).toBe(String(bought.qty));
    expect(await page.locator('[data-testid=total-used]').textContent()).toBe(`${exercised} / ${bought.qty}`);
    // What the last step downloaded, recorded then (the wall clock's hour now may be past that step's).
    expect(delivered).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=total-delivered]').textContent()).toBe(String(delivered));
    const rows = page.locator('[data-testid=dash-purchases-table] tbody tr');
    expect(await rows.count()).toBe(bought.byHour.size);
    for (const [hourMs, qty] of bought.byHour) {
      expect(await page.locator(`[data-testid=dash-purchases-table] tr[data-start-ms="${hourMs}"] td`).nth(1).textContent()).toBe(String(qty));
    }
    expect(await page.locator('[data-testid=dash-usage-chart] canvas').count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('console-dashboard-consumer.png'), fullPage: true });
    expect(await overflows(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 900 });
    await page.waitForTimeout(200);
    expect(await overflows(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
