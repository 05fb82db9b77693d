/**
 * The console's model-feed pages in Debian's Chromium (playwright-core), against the service
 * started here (settlement off) with the demo listings and the demo model feed published:
 *
 * - the demo feed (target `patx-series`) with live signals and outcomes its reference model
 *   posted (the exchange agrees with each: its own figure from the same trades);
 * - a second feed, of an external target (provider-reported outcomes), whose backtest promised
 *   far more than its 30 live outcomes deliver: the exchange downgrades it.
 *
 * The catalog filters kind=model-feed; a feed's row and page carry its badges (model feed,
 * outcomes verified by the exchange or provider-reported, downgraded); the page shows the model
 * card, target, horizon, the four lineage hashes, the backtest's figures, the model's versions
 * and the live-against-backtest chart from /performance, and fits 1280 px and 390 px; the
 * operator's moderation queue holds the downgraded feed with its reason until a reviewer keeps
 * it live with a reason. Its screenshots go to the temporary folder: docs/console-model-feed.png
 * is a running sandbox's page (`npm run sandbox`, ten minutes in), whose live record and
 * backtest are the demo's own, not this test's hour-long period and 2-second horizon.
 */
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedRequest } from '../../src/client/index.js';
import { DEMO_CONTRACTS } from '../../src/app/demo-contracts.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { feedDisclosures, feedListingInput, FEED_SEGMENT, FEED_TARGET_SEGMENT, publishDemoModelFeed, type FeedPace } from '../../src/demo/demo-model-feed.js';
import { feedLineage } from '../../src/demo/feed-model.js';
import { FeedSignalStore } from '../../src/demo/feed-signals.js';
import { startReferenceModel } from '../../src/demo/reference-model.js';
import { CommandKind, EventType, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { tradeBothSides } from '../support/broker-rights.js';
import { logger, openPage, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { overflows } from '../support/page-fit.js';

let h: ConsoleHarness;
let demoFeed: number;
let driftingFeed: number;
const PACE: FeedPace = { periodMs: 3_600_000, horizonMs: 2_000 };
const TOKEN = 'model-feed-operator-token-0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A provider of its own publishes a feed of an external target whose backtest claims +40 bps a signal; its 30 live outcomes lose 60 each. */
async function publishDriftingFeed(): Promise<number> {
  const { service } = h;
  const wallet = Wallet.createRandom();
  const opened = await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: wallet.address.toLowerCase() });
  const provider = opened.events.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
  const now = Date.now();
  const { modelFeed } = feedDisclosures({ periodMs: 300_000, horizonMs: 900_000 }, now);
  const claimed = { ...(modelFeed as Record<string, unknown>), target: { kind: 'external', description: '1-hour forward return of a basket of car-maker equities, close to close' }, horizonMs: 1_000, backtest: { ...((modelFeed as { backtest: object }).backtest), meanNetBps: 40, stdevNetBps: 10 } };
  const input = { ...(feedListingInput(PACE, now, 'http://127.0.0.1:9/records', 'first version', '1', claimed) as Record<string, unknown>), segment: 'MACRO_SIGNAL', title: 'Car-maker equities: a feed whose live record drifted' };
  const listing = await service.catalog.create(provider, input);
  service.catalog.submit(listing.id, provider);
  service.catalog.publish(listing.id, 'test');
  const base = `http://127.0.0.1:${service.gateway.port}`;
  const signals = Array.from({ length: 32 }, (_, i) => ({ signalId: `eq-${i}`, instrument: 'CARS-BASKET', position: 1 }));
  const posted = await signedRequest(base, wallet, 'POST', `/v1/provider/listings/${listing.id}/signals`, { signals });
  expect(posted.status, JSON.stringify(posted.body)).toBe(200);
  await sleep(1_200);
  const outcomes = await signedRequest(base, wallet, 'POST', `/v1/provider/listings/${listing.id}/outcomes`, { outcomes: signals.map((s) => ({ signalId: s.signalId, outcomeBps: -60 })) });
  expect(outcomes.status, JSON.stringify(outcomes.body)).toBe(200);
  return listing.id;
}

beforeAll(async () => {
  const contracts = DEMO_CONTRACTS.filter((c) => c.contract === 'AUTO_INTENT|7D|0.70-0.85' || c.contract.startsWith(`${FEED_SEGMENT}|`));
  h = await startConsole('model-feed', { gateway: { operatorToken: TOKEN }, contracts, scheduleIntervalMs: 60_000, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, modelFeeds: { burnInDays: 0 } });
  const { service } = h;
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger);
  const store = new FeedSignalStore(path.join(h.dir, 'model-feed'), feedLineage().modelConfigSha);
  demoFeed = (await publishDemoModelFeed(service.catalog, service.engine, service.sequencer, PACE, Date.now, logger, 'http://127.0.0.1:9/records', true))!;
  // Trades on both sides of the target series (a mark), then the reference model's signals, then (past the horizon, traded again) their outcomes.
  const target = service.engine.series.filter((s) => s !== undefined && s.isSpot && s.segment === FEED_TARGET_SEGMENT && s.status === 1).map((s) => s!.id);
  const buyer = (await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: Wallet.createRandom().address.toLowerCase() })).events.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: buyer, amountWei: 10n ** 20n, ref: 'model-feed-web-buyer' });
  const bothSides = (id: number, mint: number, sell: number) => tradeBothSides(service, new Wallet(DEMO_PROVIDER_KEY).address, buyer, id, { mint, sell });
  for (const id of target) await bothSides(id, 20, 3);
  const model = await startReferenceModel({ httpUrl: h.base, tradeUrl: `${h.base.replace('http', 'ws')}/v1/trade`, listingId: demoFeed, pace: PACE, store, turnMs: 3_600_000, log: logger, minHistoryMinutes: 0, positionOf: () => 0.8 });
  try {
    await model.turn();
    await sleep(PACE.horizonMs + 200);
    for (const id of target) await bothSides(id, 5, 2);
    await model.turn();
  } finally {
    await model.stop();
  }
  expect(store.committed().length).toBeGreaterThan(0);
  expect(store.pendingOutcomes()).toEqual([]);
  driftingFeed = await publishDriftingFeed();
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console: model feeds', () => {
  it('the catalog filters kind=model-feed; each row carries its badges', async () => {
    const { page, errors } = await openPage(h, '#/catalog');
    await page.waitForSelector('[data-testid=catalog-count]:text-is("5 listings")');
    await page.selectOption('[data-testid=filter-kind]', 'model-feed');
    await page.waitForSelector('[data-testid=catalog-count]:text-is("2 listings")');
    expect(page.url()).toContain('kind=model-feed');
    const rows = page.locator('[data-testid=catalog-results] tbody tr');
    expect(await rows.evaluateAll((r) => r.map((x) => [x.getAttribute('data-listing-id'), x.getAttribute('data-kind')]))).toEqual(
      expect.arrayContaining([[String(demoFeed), 'model-feed'], [String(driftingFeed), 'model-feed']]),
    );
    const demo = page.locator(`tr[data-listing-id="${demoFeed}"]`);
    const drifting = page.locator(`tr[data-listing-id="${driftingFeed}"]`);
    expect(await demo.locator('[data-testid=outcomes-verified]').count()).toBe(1);
    expect(await demo.locator('[data-testid=downgraded]').count()).toBe(0);
    expect(await drifting.locator('[data-testid=outcomes-reported]').count()).toBe(1);
    expect(await drifting.locator('[data-testid=downgraded]').count()).toBe(1);
    await page.selectOption('[data-testid=filter-kind]', 'dataset');
    await page.waitForSelector('[data-testid=catalog-count]:text-is("3 listings")');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("a feed's page: badges, model card, target, horizon, lineage, backtest, versions and the live-against-backtest chart; fits 1280 px and 390 px", async () => {
    const listing = h.service.catalog.find(demoFeed)!;
    const block = (listing.versions[0] as unknown as { modelFeed: { backtest: { signals: number; meanNetBps: number } } }).modelFeed;
    const perf = (await (await fetch(`${h.base}/v1/listings/${demoFeed}/performance`)).json()) as { outcomes: number; live: { meanNetBps: number } };
    expect(perf.outcomes).toBeGreaterThan(0);
    const { page, errors } = await openPage(h, `#/catalog/${demoFeed}`);
    await page.waitForSelector('[data-testid=model-feed] [data-testid=performance]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=model-feed] [data-testid=outcomes-verified]').textContent()).toBe('outcomes verified by the exchange');
    expect(await page.locator('[data-testid=model-feed] [data-testid=downgraded]').count()).toBe(0);
    expect(await page.locator('[data-testid=model-card]').textContent()).toContain('auto-intent-momentum');
    expect(await page.locator('[data-testid=risk-statement]').textContent()).toContain('Past and simulated performance');
    expect(await page.locator('[data-testid=target]').textContent()).toContain('PATX series');
    expect(await page.locator('[data-testid=horizon]').textContent()).toBe('2 s');
    const lineage = feedLineage();
    for (const k of ['packSha', 'indicatorSetSha', 'modelConfigSha', 'policySha'] as const) expect(await page.locator(`[data-testid=lineage-${k}]`).textContent()).toBe(lineage[k]);
    expect(await page.locator('[data-testid=backtest-signals]').textContent()).toBe(block.backtest.signals.toLocaleString('en-US'));
    expect(await page.locator('[data-testid=backtest-mean]').textContent()).toBe(`${block.backtest.meanNetBps.toFixed(1)} bps`);
    expect(await page.locator('[data-testid=live-mean]').textContent()).toBe(`${perf.live.meanNetBps.toFixed(1)} bps`);
    expect(await page.locator('[data-testid=score-performance]').textContent()).toMatch(/^0\.\d{3}$/);
    expect(await page.locator('[data-testid=score]').textContent()).toContain('Performance ×0.30');
    expect(await page.locator('[data-testid=feed-history] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid=feed-history] tbody tr').first().textContent()).toContain('first version');
    // The chart: the backtest's curve and the live line, drawn (lightweight-charts paints canvases).
    const chart = page.locator('[data-testid=feed-chart]');
    expect(Number(await chart.getAttribute('data-backtest-points'))).toBeGreaterThan(100);
    expect(Number(await chart.getAttribute('data-live-points'))).toBeGreaterThanOrEqual(2);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    expect(await overflows(page)).toEqual([]);
    await page.locator('[data-testid=model-feed]').screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-model-feed.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await overflows(page)).toEqual([]);
    await page.locator('[data-testid=model-feed]').screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-model-feed-390.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a downgraded feed says so, with the reason; a dataset shows no model-feed part', async () => {
    const { page, errors } = await openPage(h, `#/catalog/${driftingFeed}`);
    await page.waitForSelector('[data-testid=model-feed] [data-testid=performance]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=model-feed] [data-testid=downgraded]').textContent()).toBe('downgraded');
    expect(await page.locator('[data-testid=model-feed] [data-testid=outcomes-reported]').count()).toBe(1);
    expect(await page.locator('[data-testid=drift]').textContent()).toMatch(/^Downgraded .*queued for moderation/);
    expect(await page.locator('[data-testid=target]').textContent()).toContain('external: 1-hour forward return');
    const dataset = h.service.catalog.all().find((l) => l.segment === FEED_TARGET_SEGMENT)!;
    await page.evaluate((id) => (location.hash = `#/catalog/${id}`), dataset.id);
    await page.waitForSelector('[data-testid=schema]');
    expect(await page.locator('[data-testid=model-feed]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("the operator's queue holds the downgraded feed with its reason; keeping it live with a reason takes it off", async () => {
    const { page, errors } = await openPage(h, '#/operator');
    await page.fill('[data-testid=operator-token]', TOKEN);
    await page.click('[data-testid=operator-signin]');
    const review = page.locator(`[data-testid=moderation-queue] [data-testid=listing-review][data-listing-id="${driftingFeed}"]`);
    await review.locator('[data-testid=listing-drift]').waitFor({ timeout: 15_000 });
    expect(await review.locator('[data-testid=drift-reason]').textContent()).not.toBe('');
    expect(await page.locator(`[data-testid=moderation-queue] [data-testid=listing-review][data-listing-id="${demoFeed}"]`).count()).toBe(0);
    await review.locator('[data-testid=listing-reason-input]').fill('looked into it with the provider: a data outage, now fixed');
    await review.locator('[data-testid=listing-dismiss-drift]').click();
    await review.waitFor({ state: 'detached' });
    const row = (await (await fetch(`${h.base}/v1/listings/${driftingFeed}`)).json()) as { modelFeed: { status: string } };
    expect(row.modelFeed.status).toBe('live');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
