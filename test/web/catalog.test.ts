/**
 * The console's catalog pages (#/catalog, #/catalog/ID) end to end in Debian's Chromium
 * (playwright-core), against the service started here (temp data dir, ports 0, the demo
 * contracts listed; settlement off) with the demo listings published. Two listings get
 * a second version: AUTO_INTENT a refreshed sample (its history), TRAVEL_INTENT a sample
 * of one row repeated (uniqueness near 0, so a lower quality and trust). In the page:
 * the search narrows by segment, by a minimum quality metric and by a minimum trust; a
 * bad filter and an unknown listing show the API's reason; a listing page shows its
 * trust, schema, sample rows, disclosures, version history, reviews and the live series
 * of its segment. Saves docs/console-catalog.png for the README.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDemoListings } from '../../src/demo/index.js';
import { SeriesStatus } from '../../src/engine/index.js';
import { logger, newListingVersion, openPage, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { screenshotPath } from '../support/screenshots.js';

let h: ConsoleHarness;

function listingId(segment: string): number {
  return h.service.catalog.all().find((l) => l.segment === segment)!.id;
}

beforeAll(async () => {
  h = await startConsole('catalog');
  const { service } = h;
  expect(await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger)).toBe(3);
  await newListingVersion(service, 'AUTO_INTENT', { changeLog: 'refreshed sample: this hour', sample: { format: 'csv', body: (csv) => csv } });
  // The first record 200 times: every row a duplicate of another.
  await newListingVersion(service, 'TRAVEL_INTENT', {
    changeLog: 'a bad export: one record repeated',
    sample: {
      format: 'csv',
      body: (csv) => {
        const [header, first] = csv.toString('utf8').split('\n');
        return Buffer.from(`${header}\n${Array.from({ length: 200 }, () => first).join('\n')}\n`);
      },
    },
  });
}, 120_000);

afterAll(() => stopConsole(h));

/** The segments of the result rows, once the count reads `n listings`. */
async function resultSegments(page: Page, n: number): Promise<string[]> {
  await page.waitForSelector(`[data-testid=catalog-count]:text-is("${n} listing${n === 1 ? '' : 's'}")`, { timeout: 10_000 });
  await page.waitForFunction((k) => document.querySelectorAll('[data-testid=catalog-results] tbody tr').length === k, n);
  return page.locator('[data-testid=catalog-results] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-segment') ?? ''));
}

describe('web console: the catalog', () => {
  it('filters by disclosure completeness and risk band; each result shows its discovery facts', async () => {
    const { listings } = h.service.catalog.search({ sort: 'trust', offset: 0, limit: 50, minQuality: {} });
    const disclosures = listings.map((l) => l.discovery.disclosure);
    const { page, errors } = await openPage(h, '#/catalog');
    expect(await resultSegments(page, 3)).toHaveLength(3);
    // Nothing delivered yet: every listing unrated, shown so in its row.
    expect(await page.locator('[data-testid=risk-band]').allTextContents()).toEqual(['unrated', 'unrated', 'unrated']);
    await page.check('[data-testid=filter-risk-low]');
    await page.waitForSelector('[data-testid=catalog-count]:text-is("0 listings")');
    expect(page.url()).toContain('risk_band=low');
    await page.check('[data-testid=filter-risk-unrated]');
    expect(await resultSegments(page, 3)).toHaveLength(3);
    expect(page.url()).toContain('risk_band=low%2Cunrated');
    await page.uncheck('[data-testid=filter-risk-low]');
    await page.uncheck('[data-testid=filter-risk-unrated]');
    // A minimum disclosure: the listings at or above it (every check passed: 1), then at the lowest: all.
    await page.fill('[data-testid=filter-min-disclosure]', '1');
    expect(await resultSegments(page, disclosures.filter((d) => d >= 1).length)).toHaveLength(disclosures.filter((d) => d >= 1).length);
    await page.fill('[data-testid=filter-min-disclosure]', String(Math.min(...disclosures)));
    expect(await resultSegments(page, 3)).toHaveLength(3);
    await page.fill('[data-testid=filter-min-disclosure]', '');
    // A bad value: not sent, the field named in words.
    await page.fill('[data-testid=filter-min-capacity]', '-1');
    await page.waitForSelector('[data-testid=catalog-form-problem]', { timeout: 10_000 });
    expect(await page.locator('[data-testid=catalog-form-problem]').textContent()).toBe('Min capacity: a whole number of rights (or empty: any)');
    await page.fill('[data-testid=filter-min-capacity]', '');
    expect(await resultSegments(page, 3)).toHaveLength(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('searches by segment, a minimum quality metric and a minimum trust, and shows the API\'s reason for a bad filter', async () => {
    const { listings } = h.service.catalog.search({ sort: 'trust', offset: 0, limit: 50, minQuality: {} });
    expect(listings.map((l) => l.segment).sort()).toEqual(['AUTO_INTENT', 'HOME_INTENT', 'TRAVEL_INTENT']);
    const travel = listings.find((l) => l.segment === 'TRAVEL_INTENT')!;
    const others = listings.filter((l) => l !== travel);
    expect(travel.quality.uniqueness).toBeLessThan(0.1);
    const lowestOther = Math.min(...others.map((l) => l.trust));
    expect(lowestOther - travel.trust).toBeGreaterThan(0.02);
    const threshold = ((lowestOther + travel.trust) / 2).toFixed(3);

    const { page, errors } = await openPage(h, '#/catalog');
    expect((await resultSegments(page, 3)).sort()).toEqual(['AUTO_INTENT', 'HOME_INTENT', 'TRAVEL_INTENT']);
    // Sorted by trust, highest first: the repeated-record listing last, its trust and uniqueness shown.
    const travelRow = page.locator(`[data-testid=catalog-results] tr[data-listing-id="${travel.id}"]`);
    expect(await page.locator('[data-testid=catalog-results] tbody tr').last().getAttribute('data-segment')).toBe('TRAVEL_INTENT');
    expect(await travelRow.locator('[data-testid=trust]').textContent()).toBe(travel.trust.toFixed(3));
    expect(await travelRow.locator('[data-metric=uniqueness]').textContent()).toBe(travel.quality.uniqueness.toFixed(2));
    expect(await travelRow.locator('[data-metric=accuracy]').textContent()).toBe('—'); // no reference sample: unverified

    // By segment.
    await page.selectOption('[data-testid=filter-segment]', 'AUTO_INTENT');
    expect(await resultSegments(page, 1)).toEqual(['AUTO_INTENT']);
    expect(page.url()).toContain('#/catalog?segment=AUTO_INTENT');
    await page.selectOption('[data-testid=filter-segment]', '');
    expect(await resultSegments(page, 3)).toHaveLength(3);

    // By a minimum quality metric.
    await page.fill('[data-testid=filter-min-uniqueness]', '0.9');
    expect((await resultSegments(page, 2)).sort()).toEqual(['AUTO_INTENT', 'HOME_INTENT']);
    await page.fill('[data-testid=filter-min-uniqueness]', '');
    await resultSegments(page, 3);

    // By a minimum trust, between the repeated-record listing's and the others'.
    await page.fill('[data-testid=filter-min-trust]', threshold);
    expect((await resultSegments(page, 2)).sort()).toEqual(['AUTO_INTENT', 'HOME_INTENT']);
    // With a segment too: nothing left.
    await page.selectOption('[data-testid=filter-segment]', 'TRAVEL_INTENT');
    await resultSegments(page, 0);

    // A minimum out of [0, 1]: not sent; the page names the field in words, and shows no results as if filtered.
    await page.fill('[data-testid=filter-min-trust]', '2');
    await page.waitForSelector('[data-testid=catalog-form-problem]', { timeout: 10_000 });
    expect(await page.locator('[data-testid=catalog-form-problem]').textContent()).toBe('Min trust: a number from 0 to 1 (or empty: any)');
    expect(await page.locator('[data-testid=catalog-error]').count()).toBe(0);
    expect(await page.locator('[data-testid=catalog-results] tbody tr').count()).toBe(0);
    await page.fill('[data-testid=filter-min-trust]', '');
    await page.selectOption('[data-testid=filter-segment]', '');
    await resultSegments(page, 3);
    await page.waitForSelector('[data-testid=catalog-form-problem]', { state: 'detached' });

    // A phone's width: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);

    // A row opens its listing.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click(`[data-testid=catalog-results] tr[data-listing-id="${listingId('AUTO_INTENT')}"] a`);
    await page.waitForSelector(`[data-testid=listing][data-listing-id="${listingId('AUTO_INTENT')}"]`, { timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a listing page shows its trust, schema, sample rows, disclosures, version history, reviews and its segment\'s series', async () => {
    const id = listingId('AUTO_INTENT');
    const listing = h.service.catalog.get(id);
    const v = listing.versions.at(-1)!;
    const csv = h.service.catalog.sampleBytes(listing)!.toString('utf8').split('\n');
    const { page, errors } = await openPage(h, `#/catalog/${id}`);
    await page.waitForSelector('[data-testid=listing]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=listing-title]').textContent()).toBe(v.title);
    expect(await page.locator('[data-testid=score-trust]').textContent()).toBe(h.service.catalog.score(listing).trust.toFixed(3));

    // The schema: every column with its type; the key and timestamp columns marked.
    const columns = v.schema.columns.map((c) => c.name);
    expect(await page.locator('[data-testid=schema] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')))).toEqual(columns);
    for (const c of v.schema.columns) expect(await page.locator(`[data-testid=schema] tr[data-column="${c.name}"] td:nth-child(2)`).textContent()).toBe(c.type);
    expect(await page.locator(`[data-testid=schema] tr[data-column="${v.schema.timestampColumn!}"]`).textContent()).toContain('timestamp');

    // The sample preview: the first 10 rows of the CSV, as stored.
    expect(csv[0]).toBe(columns.join(','));
    expect(await page.locator('[data-testid=sample] thead th').allTextContents()).toEqual(columns);
    expect(await page.locator('[data-testid=sample] tbody tr').count()).toBe(10);
    for (const r of [0, 9]) {
      expect(await page.locator('[data-testid=sample] tbody tr').nth(r).locator('td').allTextContents()).toEqual(csv[r + 1]!.split(','));
    }

    // Disclosures and licence.
    expect(await page.locator('[data-testid=provenance]').textContent()).toContain(v.provenance.legalBasis);
    for (const use of v.licence.permittedUses) expect(await page.locator('[data-testid=licence]').textContent()).toContain(use);
    // Its licence terms (docs/catalog.md, "Terms"): a version without them sells one-time rights.
    expect(await page.locator('[data-testid=terms]').textContent()).toBe("one-time: one delivery of the window's records a right");

    // The version history, newest first, with the change log.
    expect(await page.locator('[data-testid=history] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version')))).toEqual(['2', '1']);
    expect(await page.locator('[data-testid=history] tr[data-version="2"]').textContent()).toContain('refreshed sample: this hour');
    expect(await page.locator('[data-testid=history] tr[data-version="2"]').textContent()).toContain(v.lineage.versionSha256.slice(0, 12));

    // Reviews: none yet, the rating's prior shown.
    expect(await page.locator('[data-testid=reviews]').textContent()).toContain('No reviews yet');

    // The live series of its segment, each a link to its page, prices in PAT.
    const segmentSeries = h.service.engine.series.filter((s) => s !== undefined && s.status !== SeriesStatus.EXPIRED && s.spec.contract.startsWith('AUTO_INTENT|')).map((s) => String(s!.id));
    expect(segmentSeries.length).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid=segment-series] tbody tr[data-series-id]', { timeout: 10_000 });
    const shown = await page.locator('[data-testid=segment-series] tbody tr[data-series-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-series-id') ?? ''));
    expect(shown.sort()).toEqual(segmentSeries.sort());
    expect(await page.locator('[data-testid=segment-series] tbody tr[data-series-id] a').first().getAttribute('href')).toMatch(/^#\/series\/\d+$/);
    // By contract, spot first in each (test/web/console-layout.test.ts: with options too).
    expect(await page.locator('[data-testid=segment-series] tbody tr[data-series-id]').first().getAttribute('data-kind')).toBe('SPOT');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=segment-series] td.bid')].some((td) => /^\d+\.\d{4}$/.test(td.textContent ?? '')), undefined, { timeout: 15_000 });
    expect(await page.locator('main').textContent()).not.toMatch(/Micros|µPAT|wei/i);
    await page.screenshot({ path: screenshotPath('console-catalog.png'), fullPage: true });

    // A phone's width.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);

    // An unknown listing: the API's reason by name.
    await page.goto(`${h.base}/#/catalog/9999`);
    await page.waitForSelector('[data-testid=listing-error]:has-text("UNKNOWN_LISTING")', { timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('marks the listings of a provider the operator verified: a badge in the results and on the listing page, none before', async () => {
    const id = listingId('HOME_INTENT');
    const providerId = h.service.catalog.get(id).providerAccountId;
    const first = await openPage(h, '#/catalog');
    await resultSegments(first.page, 3);
    expect(await first.page.locator('[data-testid=verified-provider]').count()).toBe(0);
    const verified = await h.service.operatorApi.handle({
      method: 'POST',
      path: `/operator/providers/${providerId}/verify`,
      operator: 'admin',
      body: { legalName: 'Demo Provider Ltd', jurisdiction: 'GB', payoutAddress: h.service.engine.account(providerId)!.address, kycReference: 'demo-case-1' },
    });
    expect(verified.status).toBe(200);
    const { page, errors } = await openPage(h, '#/catalog');
    await resultSegments(page, 3);
    // The demo provider lists all three segments: every row carries the badge.
    expect(await page.locator('[data-testid=catalog-results] tbody tr [data-testid=verified-provider]').count()).toBe(3);
    const listingPage = await openPage(h, `#/catalog/${id}`);
    await listingPage.page.waitForSelector('[data-testid=listing] [data-testid=verified-provider]', { timeout: 15_000 });
    expect(await listingPage.page.locator('[data-testid=listing]').textContent()).not.toContain('demo-case-1');
    expect([...first.errors, ...errors, ...listingPage.errors]).toEqual([]);
  });
});
