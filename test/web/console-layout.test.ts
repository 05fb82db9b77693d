/**
 * The console's market and its layout in Debian's Chromium (playwright-core), against the
 * service started here (temp data dir, ports 0, settlement off, the demo contracts quoted,
 * phase 4 voted so the schedule lists a SYNTHETIC on each window of the flagship contract and a
 * CALL and a PUT at each strike of a grid):
 *
 * - the market page groups series by contract, spot first, and a window's options are one
 *   line (its chain), never a row per strike; the kind and contract filters narrow it;
 * - a window's option chain: one row per strike with the CALL's and the PUT's bid/ask from
 *   the feed's books, and the index mark from GET /v1/series/{id}/settlement;
 * - a listing's market panel starts with its spot series;
 * - every page (market, chain, series, catalog, a listing, account, provider, operator)
 *   fits 1280 px and 390 px: the page never scrolls sideways and no table is wider than its
 *   frame (test/support/page-fit.ts);
 * - one PAT precision rule: every price on the market page and the chain has 4 decimals.
 *
 * Saves docs/console-market.png, console-market-phone.png and console-chain.png (PATX_SCREENSHOTS=1).
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/demo/run.js';
import { loadConfig } from '../../src/app/config.js';
import { CommandKind, SeriesKind, SeriesStatus, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { Wallet } from 'ethers';
import { logger, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { until } from '../support/exchange-fixture.js';
import { overflows } from '../support/page-fit.js';
import { clippedCells, patDecimalProblems } from '../support/pat-decimals.js';
import { screenshotPath } from '../support/screenshots.js';
import { pat } from '../../web/src/format.js';

const TOKEN = 'layout-test-operator-token';
let h: ConsoleHarness;
let demo: RunningDemo | undefined;

const live = (): Series[] => h.service.engine.series.filter((s): s is Series => s !== undefined && s.status !== SeriesStatus.EXPIRED);
const isOption = (s: Series): boolean => s.spec.kind === SeriesKind.CALL || s.spec.kind === SeriesKind.PUT;

/**
 * Where each contract's table has its Ask column (the heading's left edge, px; one value when the groups line
 * up), once the layout has settled: measured in an animation frame, then a frame later until two measurements
 * agree (at most 120 frames). Measuring at once can catch a state never painted: after a resize the console
 * learns it is on a phone from the media query's change event, which the browser dispatches in its next
 * rendering update (before that frame's animation-frame callbacks); until then the chain line still spans the
 * 7 desktop columns, which adds 4 empty columns to its table and narrows its Bid column (at 390 px its Ask
 * column at 244 px, the others at 297: a CI failure, reproduced by holding the renderer's frames over the resize).
 */
async function settledAskColumns(page: import('playwright-core').Page): Promise<number[]> {
  return page.evaluate(async () => {
    const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const measure = (): number[] => [...document.querySelectorAll('[data-testid=series-table] thead th:nth-child(4)')].map((th) => Math.round(th.getBoundingClientRect().left));
    await frame();
    let last = measure();
    for (let i = 0; i < 120; i++) {
      await frame();
      const next = measure();
      if (next.join() === last.join()) return [...new Set(next)];
      last = next;
    }
    throw new Error(`the market's columns did not settle in 120 frames: ${last.join(', ')}`);
  });
}

beforeAll(async () => {
  h = await startConsole('layout', { gateway: { operatorToken: TOKEN }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 500, params: {} } });
  // The demo as `npm start` runs it (its listings, provider servers, participants trading, its model feed in review): the pages as a newcomer sees them.
  const config = loadConfig({}, { dataDir: h.dir, settlement: { enabled: false }, demo: { enabled: true }, providerServer: { port: 0 }, gateway: { port: 0, marketDataPort: 0 } });
  demo = await startDemo(h.service, config, logger, { products: true });
  // Phases 3 and 4 (the council's vote, as the chain watcher would report it), then the schedule lists the synthetics and options.
  await h.service.sequencer.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
  await until(async () => {
    await h.service.runSchedule();
    return live().filter(isOption).length >= 4;
  }, 'options listed', 30_000);
}, 120_000);

afterAll(() => stopConsole(h, demo === undefined ? undefined : { close: () => demo!.stop() }));

describe('web console: market groups, option chain, and every page fits', () => {
  it('groups series by contract with spot first, options as one chain line per window, and filters them', async () => {
    const { page, errors } = await openPage(h, '');
    await page.waitForSelector('[data-testid=feed-state]:has-text("live")');
    const series = live();
    const options = series.filter(isOption);
    const contracts = new Set(series.map((s) => s.spec.contract));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=contract-group]').length === n, contracts.size);
    // No option is a row of its own; every other live series is.
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=series-table] tbody tr[data-series-id]').length === n, series.length - options.length);
    expect(await page.locator('[data-testid=series-table] tr[data-kind=CALL], [data-testid=series-table] tr[data-kind=PUT]').count()).toBe(0);
    // One chain line per window with options.
    const windows = new Set(options.map((o) => o.cashSettled!.spotSeriesId));
    expect(await page.locator('tr[data-chain]').count()).toBe(windows.size);
    // In every group, the first row is a spot series.
    const firstKinds = await page.locator('[data-testid=contract-group]').evaluateAll((groups) => groups.map((g) => g.querySelector('tbody tr')?.getAttribute('data-kind')));
    expect(firstKinds.every((k) => k === 'SPOT')).toBe(true);
    // One precision rule: every bid and ask shown has 4 decimals.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=bid]')].some((td) => td.textContent !== '—'));
    const prices = await page.locator('[data-testid=bid], [data-testid=ask]').allTextContents();
    expect(prices.filter((p) => p !== '—').every((p) => /^\d+\.\d{4}$/.test(p))).toBe(true);
    // The groups line up: each contract's table has its Ask column at the same place.
    const askColumns = await settledAskColumns(page);
    expect(await overflows(page)).toEqual([]);
    expect(askColumns).toHaveLength(1);
    await page.screenshot({ path: screenshotPath('console-market.png'), fullPage: true });

    // Filters: options only (chain lines, in the one contract that has them); a contract only.
    await page.selectOption('[data-testid=filter-kind]', 'OPTIONS');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=series-table] tbody tr[data-series-id]').length === 0);
    expect(await page.locator('tr[data-chain]').count()).toBe(windows.size);
    expect(await page.locator('[data-testid=contract-group]').count()).toBe(new Set(options.map((o) => o.spec.contract)).size);
    await page.selectOption('[data-testid=filter-kind]', 'SPOT');
    const spots = series.filter((s) => s.spec.kind === SeriesKind.SPOT);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=series-table] tbody tr[data-series-id]').length === n, spots.length);
    const one = options[0]!.spec.contract;
    await page.selectOption('[data-testid=filter-kind]', 'all');
    await page.selectOption('[data-testid=filter-contract]', one);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=contract-group]').length === 1);
    expect(await page.locator('[data-testid=contract-group]').getAttribute('data-contract')).toBe(one);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.selectOption('[data-testid=filter-contract]', 'all');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=contract-group]').length === n, contracts.size);
    const phoneAskColumns = await settledAskColumns(page);
    expect(await overflows(page)).toEqual([]);
    expect(phoneAskColumns).toHaveLength(1);
    await page.screenshot({ path: screenshotPath('console-market-phone.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a window's option chain: strikes × calls and puts with their bid/ask, and the index mark", async () => {
    const spotId = live().filter(isOption)[0]!.cashSettled!.spotSeriesId;
    // The window's options now: the listing schedule adds strikes as the quoter's expected index moves (strike-schedule.ts).
    const chainOf = (): Series[] => live().filter((o) => isOption(o) && o.cashSettled!.spotSeriesId === spotId);
    const strikesOf = (): number[] => [...new Set(chainOf().map((o) => o.spec.strikeMicros))].sort((a, b) => a - b);
    // The broker quotes the options: wait for a two-sided call.
    await until(() => chainOf().some((o) => o.spec.kind === SeriesKind.CALL && o.quoteBidIds.length > 0 && o.quoteAskIds.length > 0), 'a quoted call', 60_000); // a loaded host's quoter can take half a minute to turn twice
    const before = strikesOf();
    const { page, errors } = await openPage(h, '');
    await page.waitForSelector(`tr[data-chain="${spotId}"] [data-testid=chain-link]`);
    await page.click(`tr[data-chain="${spotId}"] [data-testid=chain-link]`);
    await page.waitForSelector(`[data-testid=option-chain][data-spot-series-id="${spotId}"]`);
    // Every strike listed before the page opened, in order, and none that is not listed (one listed meanwhile may show; a
    // wait for a count taken before the page opened once never ended in a full suite).
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=option-chain] tbody tr').length >= n, before.length);
    const shown = await page.locator('[data-testid=option-chain] [data-testid=strike]').allTextContents();
    const listed = strikesOf();
    expect(shown).toEqual(listed.filter((k) => shown.includes(pat(k))).map((k) => pat(k)));
    expect(before.filter((k) => !shown.includes(pat(k)))).toEqual([]);
    const chain = chainOf().filter((o) => shown.includes(pat(o.spec.strikeMicros)));
    // Each row: the CALL and the PUT at that strike (each cell names its series).
    for (const o of chain) {
      const row = page.locator(`[data-testid=option-chain] tr[data-strike-micros="${o.spec.strikeMicros}"]`);
      const kind = o.spec.kind === SeriesKind.CALL ? 'call' : 'put';
      expect(await row.locator(`[data-testid=${kind}-bid]`).getAttribute('data-series-id')).toBe(String(o.id));
    }
    // The bid/ask of a quoted call, from its book (the feed), in PAT (one two-sided now: the quoter has turned since).
    await until(() => chain.some((o) => o.spec.kind === SeriesKind.CALL && o.quoteBidIds.length > 0 && o.quoteAskIds.length > 0), 'a quoted call', 60_000);
    const quoted = chain.find((o) => o.spec.kind === SeriesKind.CALL && o.quoteBidIds.length > 0 && o.quoteAskIds.length > 0)!;
    const bid = h.service.engine.orders.get(quoted.quoteBidIds[0]!)!.priceMicros;
    const ask = h.service.engine.orders.get(quoted.quoteAskIds[0]!)!.priceMicros;
    // Waited for and read together, in one evaluate once both cells show a price (one render: the feed may move either between two reads).
    const [bidText, askText] = (await (
      await page.waitForFunction(([id]) => {
        const text = (side: string): string => document.querySelector(`[data-testid=call-${side}][data-series-id="${id}"]`)?.textContent ?? '';
        const pair = [text('bid'), text('ask')];
        return pair.every((t) => /^\d+\.\d{4}$/.test(t)) ? pair : null;
      }, [quoted.id])
    ).jsonValue())!;
    const shownBid = Math.round(Number(bidText) * 1e6);
    const shownAsk = Math.round(Number(askText) * 1e6);
    expect(shownBid).toBeLessThanOrEqual(shownAsk);
    // The quoter may have requoted meanwhile: the shown prices are the book's best at some moment, within its band.
    expect(Math.abs(shownBid - bid) + Math.abs(shownAsk - ask)).toBeLessThan(ask);
    // The index mark: as the settlement view gives it (marks come each minute; until then, none yet).
    // Every 250 ms: a poll every 20 ms for up to a minute takes all of the address's 50 requests a second, and the open
    // page's requests from 127.0.0.1 are then refused RATE_LIMITED (and the poll's own 429, having no mark, would pass for one).
    // A mark, not a refusal (a 429's body has no mark either: `!== null` alone would pass it).
    await until(async () => ((await (await fetch(`${h.base}/v1/series/${quoted.id}/settlement`)).json()) as { mark?: unknown }).mark != null, 'a mark', 75_000, 250);
    const view = (await (await fetch(`${h.base}/v1/series/${quoted.id}/settlement`)).json()) as { mark: { markMicros: number } };
    await page.waitForSelector(`[data-testid=index-mark]:text-is("${pat(view.mark.markMicros)}")`, { timeout: 15_000 });
    expect(await overflows(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-chain.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflows(page)).toEqual([]);
    await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-chain-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("a listing's market panel starts with its spot series, and its options are chain lines", async () => {
    const auto = h.service.catalog.all().find((l) => l.segment === 'AUTO_INTENT')!;
    const { page, errors } = await openPage(h, `#/catalog/${auto.id}`);
    await page.waitForSelector('[data-testid=segment-series] tbody tr[data-series-id]');
    const kinds = await page.locator('[data-testid=segment-series] tbody tr[data-series-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds[0]).toBe('SPOT');
    expect(kinds).not.toContain('CALL');
    expect(kinds).not.toContain('PUT');
    expect(await page.locator('[data-testid=segment-series] tr[data-chain]').count()).toBeGreaterThan(0);
    // In each contract's rows, spot comes before any other kind.
    const order = await page.locator('[data-testid=segment-series] tbody').evaluateAll((bodies) => bodies.map((b) => [...b.querySelectorAll('tr[data-kind], tr[data-chain]')].map((r) => r.getAttribute('data-kind') ?? 'OPTIONS')));
    for (const kindsOfContract of order) expect(kindsOfContract.indexOf('SPOT') === 0 || !kindsOfContract.includes('SPOT')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every page fits 1280, 1400 and 390 px with the demo running: no sideways scroll, no table wider than its frame, no cell cut, PAT with 4 decimals, the provider page a few screens tall', async () => {
    // The state a newcomer's pages show after a minute of `npm start`: the broker has traded with the demo's
    // participants, the demo provider has sold and has listings, the model feed waits in the moderation queue,
    // an alarm is up (a halted series).
    const providerId = h.service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase());
    await until(() => h.service.catalog.all().some((l) => l.status === 'submitted'), 'the model feed in the moderation queue', 60_000);
    await until(() => h.service.engine.series.some((x) => x !== undefined && x.spec.kind === SeriesKind.SPOT && (h.service.engine.account(h.service.engine.brokerId)?.positions.get(x.id)?.available ?? 0) > 0), 'the broker bought from the demo provider', 60_000);
    expect(providerId).toBeDefined();
    const halted = live().filter((x) => x.spec.kind === SeriesKind.SPOT).at(-1)!;
    await h.service.sequencer.submit({ kind: CommandKind.SET_SERIES_STATUS, actor: SYSTEM_ACTOR, seriesId: halted.id, status: SeriesStatus.HALTED });
    const spot = live().find((s) => s.spec.kind === SeriesKind.SPOT && s.status === SeriesStatus.TRADING)!;
    const spotWithOptions = live().filter(isOption)[0]!.cashSettled!.spotSeriesId;
    const listing = h.service.catalog.all()[0]!;
    const pages: Array<{ hash: string; ready: string; signIn?: (p: import('playwright-core').Page) => Promise<unknown> }> = [
      { hash: '#/', ready: '[data-testid=series-table]' },
      { hash: `#/chain/${spotWithOptions}`, ready: '[data-testid=option-chain]' },
      { hash: `#/series/${spot.id}`, ready: '[data-testid=book], .hint' },
      { hash: '#/catalog', ready: '[data-testid=catalog-results] tbody tr' },
      { hash: `#/catalog/${listing.id}`, ready: '[data-testid=segment-series]' },
      { hash: '#/account', ready: '[data-testid=rights]', signIn: (p) => signInWithDevKey(p, h.service, 6, HARDHAT_KEYS[6]!) },
      { hash: '#/provider', ready: '[data-testid=listings] tbody tr[data-listing-id]', signIn: (p) => signInWithDevKey(p, h.service, 5, HARDHAT_KEYS[5]!) },
      {
        hash: '#/operator',
        ready: '[data-testid=operator-series] tr[data-series-id], [data-testid=alarms-active] tr[data-alarm]',
        signIn: async (p) => {
          await p.fill('[data-testid=operator-token]', TOKEN);
          await p.click('[data-testid=operator-signin]');
          await p.waitForSelector('[data-testid=operator-signout]', { timeout: 15_000 });
        },
      },
    ];
    const problems: string[] = [];
    const SCREEN = 844;
    // One page: the sign-ins (kept by the console across its routes) once, at 1280 px; then the same routes at 1400 and 390 px.
    const { page, errors } = await openPage(h, '');
    await page.waitForSelector('[data-testid=feed-state]:has-text("live")');
    for (const width of [1280, 1400, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? SCREEN : 900 });
      for (const target of pages) {
        await page.evaluate((hash) => (location.hash = hash), target.hash);
        if (width === 1280 && target.signIn !== undefined) await target.signIn(page);
        await page.waitForSelector(target.ready, { timeout: 15_000 });
        if (target.hash === '#/operator') await page.waitForSelector('[data-testid=broker-pat] .stat', { timeout: 15_000 });
        await page.waitForTimeout(300); // the feed's first books
        for (const p of await overflows(page)) problems.push(`${width} px ${target.hash}: ${p}`);
        if (width >= 1280) for (const p of await clippedCells(page)) problems.push(`${width} px ${target.hash}: ${p}`);
        if (['#/operator', '#/account', '#/provider'].includes(target.hash)) for (const p of await patDecimalProblems(page)) problems.push(`${width} px ${target.hash}: ${p}`);
        if (target.hash.startsWith('#/series/') && width === 390) {
          // The chart's price axis sits beside its panes, inside its 220 px (the phone's card-per-row table style once stacked it below).
          const chart = await page.evaluate(() => {
            const el = document.querySelector('[data-testid=price-chart]')!;
            return { content: el.scrollHeight, box: el.clientHeight, rows: [...el.querySelectorAll('tr')].map((tr) => new Set([...tr.children].map((td) => Math.round(td.getBoundingClientRect().top))).size) };
          });
          if (chart.content > chart.box + 1 || chart.rows.some((n) => n > 1)) problems.push(`390 px ${target.hash}: the price chart's cells are stacked (${JSON.stringify(chart)})`);
        }
        if (target.hash === '#/provider' && width === 390) {
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          if (height > 3 * SCREEN) problems.push(`390 px #/provider: ${height} px tall, more than 3 screens (${3 * SCREEN} px)`);
        }
        // 24 full-page shots for a person to look at (the checks above read the DOM): only when asked, as CI's
        // loaded Chromium once took over 30 s for one of them.
        if (process.env.PATX_SCREENSHOTS === '1') {
          await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', `layout-${target.hash.replace(/[^a-z0-9]/g, '') || 'market'}-${width}.png`), fullPage: true });
        }
      }
    }
    expect(errors).toEqual([]);
    await page.close();
    expect(problems).toEqual([]);
  }, 240_000);
});
