/**
 * The web console end to end, in a real browser: Debian's Chromium driven by
 * playwright-core, against the service started here (temp data dir, ports 0, the
 * demo contracts listed and quoted; settlement off). The gateway serves the built
 * console (web/dist, built by vitest's globalSetup when stale) at `/`; the page
 * lists every live series from GET /v1/series and the market-data feed (port from
 * GET /v1/endpoints), grouped by contract, and a series' book updates live when an order
 * rests in it. Saves docs/console-series.png for the README (the market page's shots:
 * test/web/console-layout.test.ts).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, Role, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, TimeInForce, type Command, type Series } from '../../src/engine/index.js';
import { openPage, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { limitOrder, until } from '../support/exchange-fixture.js';
import { screenshotPath } from '../support/screenshots.js';
import { pat } from '../../web/src/format.js';

let h: ConsoleHarness;

async function send(command: Command) {
  const r = await h.service.sequencer.submit(command);
  return r.events;
}

/** A raw request line (fetch would normalize dot segments away). */
function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (c: Buffer) => (data += c.toString('latin1')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  h = await startConsole('console');
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console', () => {
  it('serves the built assets with their content types and cache headers, and nothing outside them', async () => {
    const index = await fetch(`${h.base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await index.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const js = await fetch(`${h.base}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${h.base}${style}`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${h.base}/favicon.svg`)).headers.get('content-type')).toBe('image/svg+xml');
    // HEAD: the GET's status, type and length, no body (it was the API's 404).
    for (const target of ['/', script!]) {
      const head = await fetch(`${h.base}${target}`, { method: 'HEAD' });
      const get = await fetch(`${h.base}${target}`);
      expect([head.status, head.headers.get('content-type'), head.headers.get('content-length')], target).toEqual([200, get.headers.get('content-type'), String((await get.arrayBuffer()).byteLength)]);
      expect((await head.arrayBuffer()).byteLength, target).toBe(0);
    }
    // Unknown assets and traversal attempts are the API's 404, never a file from elsewhere.
    for (const target of ['/assets/nope.js', '/assets/../../package.json', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets//etc/passwd', '/.build-stamp']) {
      const raw = await rawGet(h.service.gateway.port, target);
      expect(raw, target).toMatch(/^HTTP\/1\.1 404/);
      expect(raw, target).toContain('"error":"NOT_FOUND"');
      expect(raw, target).not.toContain('"name": "patx"');
    }
    // Existing routes are untouched; the endpoints a browser needs.
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
    const endpoints = (await (await fetch(`${h.base}/v1/endpoints`)).json()) as { trade: { path: string; port: number }; marketData: { path: string; port: number } };
    expect(endpoints).toEqual({ trade: { path: '/v1/trade', port: h.service.gateway.port }, marketData: { path: '/v1/market', port: h.service.gateway.marketData.port }, chainId: 31_337 });
  });

  it('the market page lists the demo series, live, and a series\' book updates as an order rests in it', async () => {
    const live = h.service.engine.series.filter((s): s is Series => s !== undefined && s.status !== SeriesStatus.EXPIRED);
    expect(live.length).toBeGreaterThan(0);
    const { page, errors } = await openPage(h, '', { width: 1280, height: 800 });
    await page.waitForSelector('[data-testid=feed-state]:has-text("live")');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=series-table] tbody tr[data-series-id]').length === n, live.length);
    // Each in its contract's group (no options here: phase 2).
    for (const s of live) {
      const group = page.locator(`[data-testid=contract-group]:has(tr[data-series-id="${s.id}"])`);
      expect(await group.getAttribute('data-contract')).toBe(s.spec.contract);
    }
    // Bids and asks come from the feed's books: at least one quoted series shows a two-sided price in PAT.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=series-table] tbody tr')].some((tr) => /^\d+\.\d{4}$/.test(tr.querySelector('[data-testid=bid]')?.textContent ?? '') && /^\d+\.\d{4}$/.test(tr.querySelector('[data-testid=ask]')?.textContent ?? '')));
    const text = await page.locator('main').textContent();
    expect(text).toContain('SPOT');
    expect(text).not.toMatch(/Micros|µPAT/);
    // docs/console-market.png: test/web/console-layout.test.ts (with the options of phase 4).

    // A spot series' page: its book from the feed; an order resting at a new price shows up live.
    const spot = live.find((s) => s.spec.kind === SeriesKind.SPOT && s.status === SeriesStatus.TRADING)!;
    await page.click(`tr[data-series-id="${spot.id}"] a`);
    await page.waitForSelector('[data-testid=book]');
    const seqText = async (): Promise<number> => Number(((await page.locator('[data-testid=book-seq]').textContent()) ?? '').replace(/\D/g, ''));
    const before = await seqText();
    // The broker's bid: the book is what an order can take, and a customer's bid waits for the broker apart from it.
    const broker = h.service.engine.brokerId;
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: broker, amountWei: 10n ** 21n, ref: 'console-test' });
    // One tick under the best bid of the book the order meets (a level of its own): the engine's, read in the same JS turn
    // as the order is queued and with no command queued before it, so nothing moves the book between the two. The quoter
    // requotes every 50 ms, and the page's copy follows the feed: its best bid, read once, could be one the book had left.
    const engineSpot = h.service.engine.seriesById(spot.id)!;
    const placeUnderBestBid = (): { bidMicros: number; placed: ReturnType<typeof send> } | undefined => {
      if (h.service.sequencer.queuedCommands > 0) return undefined;
      const bestBidMicros = engineSpot.brokerBuys.bestBidMicros();
      const bidMicros = bestBidMicros > 0 ? bestBidMicros - spot.spec.tickMicros : spot.spec.minPriceMicros;
      return { bidMicros, placed: send(limitOrder(broker, spot.id, Side.BUY, bidMicros, 7)) };
    };
    let placing = placeUnderBestBid();
    for (let tries = 0; placing === undefined && tries < 10_000; tries++) {
      await new Promise((r) => setImmediate(r));
      placing = placeUnderBestBid();
    }
    if (placing === undefined) throw new Error('the sequencer never idle to place the bid');
    const { bidMicros } = placing;
    const events = await placing.placed;
    expect(events.map((e) => e.type), JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toContain(EventType.ORDER_ACCEPTED);
    const shown = pat(bidMicros);
    // The book's seq read in the same evaluate as the row that shows the order (one render): a render at or after the
    // order's seq with its price at 7 or more (the quoter, requoting every 50 ms, may move a bid of its own onto that
    // price after the order: the level then holds both, and a wait for exactly 7 would never end).
    const seqWhenShown = Number(
      String(
        await (
          await page.waitForFunction(
            ([p, orderSeq]) => {
              const seq = Number((document.querySelector('[data-testid=book-seq]')?.textContent ?? '').replace(/\D/g, ''));
              const row = [...document.querySelectorAll('[data-testid=book] tbody tr')].find((tr) => tr.children[1]?.textContent === p);
              return seq >= orderSeq && row !== undefined && Number(row.children[0]?.textContent) >= 7 ? seq : null;
            },
            [shown, events[0]!.seq] as const,
          )
        ).jsonValue(),
      ),
    );
    expect(seqWhenShown).toBeGreaterThan(before);
    await page.screenshot({ path: screenshotPath('console-series.png'), fullPage: true });

    // A phone's width: the table still fits the page (it scrolls inside its frame).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${h.base}/#/`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=series-table] tbody tr[data-series-id]').length === n, live.length);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a series page opened after a trade shows it: its recent trades from GET /v1/trades, then the feed, and its candles from GET /v1/candles', async () => {
    // A provider sells to the broker at its bid (the quoter bids in every trading spot series).
    await until(() => h.service.engine.series.some((s) => s !== undefined && s.spec.kind === SeriesKind.SPOT && s.status === SeriesStatus.TRADING && s.quoteBidIds.length > 0), 'a broker bid');
    const spot = h.service.engine.series.find((s): s is Series => s !== undefined && s.spec.kind === SeriesKind.SPOT && s.status === SeriesStatus.TRADING && s.quoteBidIds.length > 0)!;
    const opened = (await send({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!;
    await send({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: opened.accountId, segment: spot.segment, listingId: 1, listingVersion: 1 });
    await send({ kind: CommandKind.DECLARE_CAPACITY, actor: opened.accountId, seriesId: spot.id, capacity: 10 });
    await send({ kind: CommandKind.MINT, actor: opened.accountId, seriesId: spot.id, qty: 10 });
    const bid = h.service.engine.orders.get(spot.quoteBidIds[0]!)!;
    const events = await send(limitOrder(opened.accountId, spot.id, Side.SELL, bid.priceMicros, 1, TimeInForce.IOC));
    const fill = events.find((e) => e.type === EventType.FILL);
    expect(fill).toBeDefined();
    // Every 100 ms, leaving most of the address's 50 requests a second to the page opened next (its files and reads).
    await until(async () => ((await (await fetch(`${h.base}/v1/trades?seriesId=${spot.id}&limit=1`)).json()) as { trades: Array<{ tradeId: number }> }).trades[0]?.tradeId === fill!.tradeId, 'the trade in the history', 30_000, 100);
    // No page was open when it traded: the feed never showed it to this one.
    const { page, errors } = await openPage(h, `#/series/${spot.id}`);
    const row = page.locator('[data-testid=trades] tbody tr').first();
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(Number(cells[1])).toBeCloseTo(fill!.priceMicros / 1e6, 6);
    expect(cells[2]).toBe('1');
    expect(cells[3]).toBe('SELL');
    // Its price chart: the one-minute candles from GET /v1/candles, the trade's minute among them.
    await page.waitForSelector('[data-testid=price-chart]:not([data-candles="0"])');
    const candles = ((await (await fetch(`${h.base}/v1/candles?seriesId=${spot.id}&interval=1m&limit=240`)).json()) as { candles: unknown[] }).candles;
    expect(Number(await page.locator('[data-testid=price-chart]').getAttribute('data-candles'))).toBe(candles.length);
    expect(errors).toEqual([]);
    await page.close();
  });
});
