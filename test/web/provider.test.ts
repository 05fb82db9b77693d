/**
 * The console's provider page (#/provider) end to end in Debian's Chromium
 * (playwright-core), against the service started here (temp data dir, ports 0,
 * settlement off) with the demo listings. In the page: sign in with the demo provider's
 * dev key (src/demo's DEMO_PROVIDER_KEY, hardhat's #5, whose listings the demo publishes),
 * see its listings with quality and trust, declare capacity and mint in a spot series,
 * sell to the broker's bid and see the sale, see the payout statement's refusal
 * (SETTLEMENT_UNAVAILABLE, settlement being off), and a mint beyond capacity refused with
 * CAPACITY_EXCEEDED. A new provider creates a listing from the page with a sample uploaded
 * from a file and submits it: the form first checks the draft by the exchange's rules (each
 * problem in words beside its field, the first focused, nothing sent, a mended field's problem
 * gone at once), the exchange refuses a sample without a declared column in words beside Sample
 * (nothing stored), two presses at once make one listing; then it edits it (a new version with a
 * new sample, measured; saved, the form takes no second press until something changes). Saves
 * docs/console-listing-editor.png (PATX_SCREENSHOTS=1). The browser wallet and the payout statement with settlement on:
 * test/web/wallet.test.ts (which saves docs/console-provider.png).
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { setDemoListingTerms } from '../../src/demo/demo-listings.js';
import type { Page } from 'playwright-core';
import type { Series } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, longestOpenSpot, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { screenshotPath } from '../support/screenshots.js';

const DEV_KEY_INDEX = 5;
let h: ConsoleHarness;
let series: Series;

beforeAll(async () => {
  expect(HARDHAT_KEYS[DEV_KEY_INDEX]).toBe(DEMO_PROVIDER_KEY);
  h = await startConsole('provider', { quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 500, params: {} } });
  const { service } = h;
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger);
  series = longestOpenSpot(service, 'AUTO_INTENT');
}, 120_000);

afterAll(() => stopConsole(h));

/**
 * Every change the page asks of the catalog (create, new version, submit), in order, and a wait for the form's outcome
 * to say something: if it never does, it fails with what the form shows and what the exchange answered, and when (it
 * failed once in CI, under load, with nothing to go on).
 */
function watchListingSaves(page: Page): { sent: string[]; savedAs: (text: string) => Promise<void> } {
  const sent: string[] = [];
  const answers: string[] = [];
  const t0 = Date.now();
  const mine = (method: string, url: string): string | undefined => {
    const at = new URL(url).pathname;
    return method !== 'GET' && at.startsWith('/v1/provider/listings') ? `${method} ${at}` : undefined;
  };
  page.on('request', (r) => {
    const what = mine(r.method(), r.url());
    if (what !== undefined) sent.push(what);
  });
  page.on('response', (r) => {
    const what = mine(r.request().method(), r.url());
    if (what !== undefined) answers.push(`${what} → ${r.status()} at ${Date.now() - t0} ms`);
  });
  page.on('requestfailed', (r) => {
    const what = mine(r.method(), r.url());
    if (what !== undefined) answers.push(`${what} failed (${r.failure()?.errorText ?? '?'}) at ${Date.now() - t0} ms`);
  });
  const savedAs = async (text: string): Promise<void> => {
    try {
      await page.waitForSelector(`[data-testid=listing-saved]:has-text(${JSON.stringify(text)})`, { timeout: 45_000 });
    } catch (error) {
      const shown = await page.locator('[data-testid=listing-editor]').innerText().catch(() => '(no form)');
      throw new Error(`the form never said “${text}” (at ${Date.now() - t0} ms). Sent: ${sent.join('; ') || 'nothing'}. Answered: ${answers.join('; ') || 'nothing'}. The form's end: ${shown.slice(-600)}`, { cause: error });
    }
  };
  return { sent, savedAs };
}

describe('web console: the provider page', () => {
  it('signs in with the demo provider’s dev key, declares capacity, mints, sells to the broker and names a refusal', async () => {
    const { page, errors } = await openPage(h, '#/provider');
    const accountId = await signInWithDevKey(page, h.service, DEV_KEY_INDEX, DEMO_PROVIDER_KEY);
    expect(await page.locator('[data-testid=role]').textContent()).toBe('PROVIDER');
    // Not verified by the operator: the page says its withdrawals are held, not its settled sales (docs/providers.md).
    await page.waitForSelector('[data-testid=verification][data-verified=false]:has-text("withdrawals are held")', { timeout: 10_000 });

    // Its listings (the demo's, published) with quality metrics and the trust score.
    const own = h.service.catalog.listingsOf(accountId);
    expect(own.length).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid=listings] tbody tr[data-listing-id]', { timeout: 10_000 });
    expect(await page.locator('[data-testid=listings] tbody tr[data-listing-id]').count()).toBe(own.length);
    const auto = own.find((l) => l.segment === 'AUTO_INTENT')!;
    const row = page.locator(`[data-testid=listings] tr[data-listing-id="${auto.id}"]`);
    expect(await row.locator('[data-testid=listing-status]').textContent()).toBe('PUBLISHED');
    expect(await row.locator('[data-testid=trust]').textContent()).toBe(h.service.catalog.summary(auto).trust.toFixed(3));
    expect(await row.textContent()).toMatch(/\d+\.\d%/);

    // Settlement is off in this test: the payout statement shows the API's reason.
    await page.waitForSelector('[data-testid=statement-refused] :text("SETTLEMENT_UNAVAILABLE")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=deliveries]');

    // Declare capacity 100 and mint 20 in the series.
    await page.selectOption('[data-testid=supply-series]', String(series.id));
    // Capacity and Mint are labelled on the page, not only for a screen reader.
    expect(await page.locator('label:has([data-testid=capacity-qty])').textContent()).toBe('Capacity (rights)');
    expect(await page.locator('label:has([data-testid=mint-qty])').textContent()).toBe('Mint (rights)');
    await page.fill('[data-testid=capacity-qty]', '100');
    await page.click('[data-testid=declare-capacity]');
    await page.waitForSelector('[data-testid=outcome]:has-text("capacity 100 declared")', { timeout: 10_000 });
    await page.fill('[data-testid=mint-qty]', '20');
    await page.click('[data-testid=mint]');
    await page.waitForSelector('[data-testid=outcome]:has-text("20 right(s) minted")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=minted]:text-is("20")');
    expect(await page.locator('[data-testid=capacity]').textContent()).toBe('100');

    // Sell 10 to the broker's bid (shown from the market feed); a limit a few ticks under it, as the provider bot allows for the bid moving.
    h.service.quoting!.tick();
    await h.service.sequencer.drain();
    await page.waitForFunction(() => /^\d+\.\d{3,6}$/.test(document.querySelector('[data-testid=broker-bid]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    const bid = h.service.engine.seriesById(series.id)!.brokerBuys.bestBidMicros();
    expect(bid).toBeGreaterThan(0);
    const tick = series.spec.tickMicros;
    const limit = Math.max(tick, Math.floor((bid * 0.97) / tick) * tick);
    await page.fill('[data-testid=sell-price]', (limit / 1e6).toFixed(4)); // a tick multiple: 4 decimals are exact
    await page.fill('[data-testid=sell-qty]', '10');
    await page.click('[data-testid=sell]');
    await page.waitForSelector('[data-testid=outcome]:has-text("sold 10 of 10")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=sales] [data-testid=sale-qty]:text-is("10")');
    expect(await page.locator('[data-testid=sales]').textContent()).toContain(series.spec.contract);
    // Date and time, as every other table (it said "01:59:34" alone: the console's shared formatter, format.ts's date).
    expect(await page.locator('[data-testid=sales] tbody tr td').first().textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await page.waitForSelector('[data-testid=unsold]:text-is("10")');
    await page.waitForFunction(() => !/^0\.0000 PAT$/.test(document.querySelector('[data-testid=sold-value]')?.textContent ?? ''));

    // A mint beyond the declared capacity (80 left) is refused by name.
    await page.fill('[data-testid=mint-qty]', '500');
    await page.click('[data-testid=mint]');
    await page.waitForSelector('[data-testid=reject-reason]:text-is("CAPACITY_EXCEEDED")', { timeout: 10_000 });
    expect(await page.locator('[data-testid=outcome]').textContent()).toBe('mint 500: CAPACITY_EXCEEDED — more than the capacity you declared for this series: declare (more) capacity for this series first (Capacity), then mint up to it');
    // A sell's price is checked by the exchange's rule (4 decimals, the series' tick) before it is sent.
    await page.fill('[data-testid=sell-price]', '0.12345');
    await page.click('[data-testid=sell]');
    expect(await page.locator('[data-testid=supply-error]').textContent()).toBe('Price: at most 4 decimals (0.0001 PAT is the finest price step).');
    await page.fill('[data-testid=sell-price]', '');
    await page.waitForSelector('[data-testid=minted]:text-is("20")');
    const text = await page.locator('main').textContent();
    expect(text).not.toMatch(/Micros|µPAT|wei/i);
    await page.fill('[data-testid=mint-qty]', '20');
    // docs/console-provider.png comes from test/web/wallet.test.ts (settlement on: a settled batch in the statement).
    await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-provider-no-settlement.png'), fullPage: true });

    // A phone's width: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a new provider creates a listing with a sample file: the form checks it first (in words, beside each field, the first focused, nothing sent), the exchange refuses a bad sample in words, one press makes one listing, and an edit one version', { timeout: 180_000 }, async () => {
    const key = 3;
    const { page, errors } = await openPage(h, '#/provider');
    const accountId = await signInWithDevKey(page, h.service, key, HARDHAT_KEYS[key]!);
    await page.waitForSelector('[data-testid=listings]');
    expect(h.service.catalog.listingsOf(accountId)).toHaveLength(0);
    // Every change the page asks of the catalog (create, new version, submit), in order.
    const { sent, savedAs } = watchListingSaves(page);
    const csv = (rows: number, header = 'user_id,score,event_time'): Buffer =>
      Buffer.from([header, ...Array.from({ length: rows }, (_, i) => [`u${i}`, ...(header.includes('score') ? [(0.7 + (i % 10) / 100).toFixed(2)] : []), new Date(Date.now() - i * 60_000).toISOString()].join(','))].join('\n') + '\n');
    const problem = (field: string) => page.locator(`[data-testid=listing-problem-${field}]`);
    const focused = (): Promise<string | undefined> => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name);

    // Sent as it opens, but with no columns, no permitted use and a retention past the exchange's limit: refused
    // by the form, each problem in words beside its field, the first field focused, and nothing sent.
    await page.click('[data-testid=listing-new]');
    await page.fill('[data-testid=listing-columns]', '');
    await page.uncheck('[data-testid=listing-use-analytics]');
    await page.fill('[data-testid=listing-retentionDays]', '4000');
    await page.click('[data-testid=listing-save]');
    await problem('segment').waitFor();
    expect(await problem('segment').textContent()).toBe('Segment is required: the segment whose rights your data backs, e.g. AUTO_INTENT.');
    expect(await problem('title').textContent()).toBe('Title is required: the name buyers see in the catalog.');
    expect(await problem('deliveryEndpoint').textContent()).toBe("Delivery endpoint is required: your gate's address, such as https://gate.example.com/records (plain http only on this machine).");
    expect(await problem('columns').textContent()).toBe('Add at least one column to Columns, one per line as name: type (e.g. user_id: string).');
    expect(await problem('timestampColumn').textContent()).toBe('Timestamp column: “event_time” is not one of the Columns: name one of them, or leave it empty.');
    expect(await problem('keyColumns').textContent()).toContain('Key columns: “user_id” is not one of the Columns: name one of them.');
    expect(await problem('source').textContent()).toBe('Source is required: where the data comes from, e.g. first-party app events.');
    expect(await problem('collectionMethod').textContent()).toBe('Collection method is required: how it is collected, e.g. SDK events, scored hourly.');
    expect(await problem('permittedUses').textContent()).toBe('Permitted uses: tick at least one.');
    expect(await problem('retentionDays').textContent()).toBe('Retention (days) must be a whole number of days from 0 to 3,650.');
    expect(await problem('sample').textContent()).toBe('Sample is required: choose a .csv, .jsonl or .parquet file: every version carries its sample, measured on upload.');
    expect(await page.locator('[data-testid=listing-invalid]').textContent()).toMatch(/^Nothing was sent: 1\d things to mend, marked beside the fields\.$/);
    expect(await focused()).toBe('segment');
    expect(await page.getAttribute('[data-testid=listing-title]', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('[data-testid=listing-title]', 'aria-describedby')).toBe('listing-problem-title');
    // No schema paths, no validator's English.
    expect(await page.locator('[data-testid=listing-editor]').textContent()).not.toMatch(/licence\.|schema\.|provenance\.|\/terms|Too small|Too big|expected (string|number|int|array)|>=/);
    expect(sent).toEqual([]);
    await page.locator('[data-testid=listing-editor]').screenshot({ path: screenshotPath('console-listing-editor.png') });
    // Its problems fit a phone's width too.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Each problem goes as its field is mended, before anything is sent; the rest stay.
    await page.fill('[data-testid=listing-segment]', 'WEATHER_INTENT');
    await problem('segment').waitFor({ state: 'detached' });
    // A segment no contract is listed for may be listed, and the form says what that means.
    expect(await page.locator('[data-testid=listing-segment-unlisted]').textContent()).toMatch(/^no contract of WEATHER_INTENT is listed: its rights cannot be minted or sold until the exchange lists one \(listed: .*AUTO_INTENT/);
    await page.fill('[data-testid=listing-title]', 'Weather-driven purchase intent');
    await problem('title').waitFor({ state: 'detached' });
    expect(await problem('source').count()).toBe(1);
    await page.fill('[data-testid=listing-columns]', 'user_id: string\nscore: float\nevent_time: timestamp');
    expect(await problem('columns').textContent()).toBe('Columns, line 2: “score: float” is not name: type; the type is one of string, integer, number, boolean, timestamp, with a ? after it for nullable.');
    await page.fill('[data-testid=listing-columns]', 'user_id: string\nscore: number\nevent_time: timestamp');
    for (const field of ['columns', 'timestampColumn', 'keyColumns']) expect(await problem(field).count(), field).toBe(0);
    await page.fill('[data-testid=listing-description]', 'Scored intent events by region, refreshed daily.');
    await page.fill('[data-testid=listing-source]', 'first-party app events');
    await page.fill('[data-testid=listing-collectionMethod]', 'SDK events, scored hourly');
    await page.check('[data-testid=listing-use-analytics]');
    await page.check('[data-testid=listing-use-research]');
    await page.fill('[data-testid=listing-retentionDays]', '30');
    // A gate on another host over plain http: the exchange's own rule, checked here.
    await page.fill('[data-testid=listing-deliveryEndpoint]', 'http://gate.example/records');
    expect(await problem('deliveryEndpoint').textContent()).toBe('Delivery endpoint: plain http only to this machine (localhost, 127.0.0.0/8, [::1]); gate.example is not: use https.');
    await page.fill('[data-testid=listing-deliveryEndpoint]', 'https://gate.example/records');
    await page.click('[data-testid=listing-save]');
    expect(await page.locator('[data-testid=listing-editor] .field-problem').count()).toBe(1); // the sample's alone
    expect(await focused()).toBe('sample');
    expect(sent).toEqual([]);

    // The provider's lists, read again after each send, answer slowly here (as on a busy host): the form must take the
    // mended file's press while they are on their way (it dropped it once in a full suite run, 2026-12-05).
    let slowReads = true;
    await page.route('**/v1/payouts/statement', async (route) => {
      if (slowReads) await new Promise((resolve) => setTimeout(resolve, 5_000));
      await route.continue().catch(() => undefined); // the page may have gone meanwhile
    });
    // A sample without the score column: only the exchange reads the file, and its refusal shows in words beside Sample.
    await page.setInputFiles('[data-testid=listing-sample]', { name: 'sample.csv', mimeType: 'text/csv', buffer: csv(20, 'user_id,event_time') });
    await problem('sample').waitFor({ state: 'detached' });
    await page.click('[data-testid=listing-save]');
    await page.waitForSelector('[data-testid=listing-reason]:text-is("SAMPLE_SCHEMA_MISMATCH")', { timeout: 45_000 });
    expect(await problem('sample').textContent()).toBe('Sample does not match Columns: “score” is in Columns but not in the file. Add the columns to Columns, or choose a file with the columns you declared.');
    expect(await page.locator('[data-testid=listing-refused]').textContent()).toContain('The exchange refused it: nothing was saved. Mend what is marked beside the fields and send it again.');
    expect(await focused()).toBe('sample');
    expect(sent).toEqual(['POST /v1/provider/listings']);
    expect(h.service.catalog.listingsOf(accountId)).toHaveLength(0);

    // The right file: the refusal goes as soon as the sample changes, before anything is sent.
    await page.setInputFiles('[data-testid=listing-sample]', { name: 'sample.csv', mimeType: 'text/csv', buffer: csv(20) });
    await problem('sample').waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid=listing-refused]').count()).toBe(0);

    // Two presses in one moment (before the page can draw the button pressed): one listing, created and submitted once.
    await page.locator('[data-testid=listing-editor]').evaluate((f) => {
      (f as HTMLFormElement).requestSubmit();
      (f as HTMLFormElement).requestSubmit();
    });
    await savedAs('v1: submitted');
    slowReads = false;
    // Created once: the button says so and takes no second press (it made a second listing).
    expect(await page.locator('[data-testid=listing-save]').textContent()).toMatch(/^Created: listing #\d+$/);
    expect(await page.locator('[data-testid=listing-save]').isDisabled()).toBe(true);
    await page.locator('[data-testid=listing-editor]').evaluate((f) => (f as HTMLFormElement).requestSubmit());
    await page.waitForTimeout(300);
    expect(h.service.catalog.listingsOf(accountId)).toHaveLength(1);
    const [created] = h.service.catalog.listingsOf(accountId);
    expect(sent).toEqual(['POST /v1/provider/listings', 'POST /v1/provider/listings', `POST /v1/provider/listings/${created!.id}/submit`]);
    expect(created).toMatchObject({ segment: 'WEATHER_INTENT', status: 'submitted' });
    const v1 = created!.versions.at(-1)!;
    expect(v1.title).toBe('Weather-driven purchase intent');
    expect(v1.quality.rows).toBe(20);
    expect(v1.sample.format).toBe('csv');
    expect(v1.licence).toMatchObject({ permittedUses: ['analytics', 'research'], retentionDays: 30 });
    expect(v1.schema.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['user_id:string', 'score:number', 'event_time:timestamp']);
    const row = page.locator(`[data-testid=listings] tr[data-listing-id="${created!.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid=listing-status]').textContent()).toBe('SUBMITTED');

    // Edit: the form opens with the version's fields; a new title and a new sample make version 2, measured.
    await page.click('[data-testid=listing-close]');
    await row.locator('[data-testid=listing-edit]').click();
    await page.waitForSelector('[data-testid=listing-editor]:has-text("New version of listing")');
    expect(await page.inputValue('[data-testid=listing-title]')).toBe('Weather-driven purchase intent');
    expect(await page.inputValue('[data-testid=listing-deliveryEndpoint]')).toBe('https://gate.example/records');
    await page.fill('[data-testid=listing-title]', 'Weather-driven purchase intent (EU)');
    await page.fill('[data-testid=listing-changeLog]', 'EU regions; a larger sample');
    await page.setInputFiles('[data-testid=listing-sample]', { name: 'sample-v2.csv', mimeType: 'text/csv', buffer: csv(35) });
    await page.click('[data-testid=listing-save]');
    await savedAs('v2');
    // Saved, with nothing changed since: another press would make an identical version 3, so the button takes none.
    expect(await page.locator('[data-testid=listing-save]').textContent()).toBe('Saved: version 2');
    expect(await page.locator('[data-testid=listing-save]').isDisabled()).toBe(true);
    await page.locator('[data-testid=listing-editor]').evaluate((f) => (f as HTMLFormElement).requestSubmit());
    await page.waitForTimeout(300);
    expect(sent.filter((x) => x.startsWith('PUT'))).toEqual([`PUT /v1/provider/listings/${created!.id}`]);
    const edited = h.service.catalog.listingsOf(accountId)[0]!;
    expect(edited.versions).toHaveLength(2);
    expect(edited.versions[1]!).toMatchObject({ title: 'Weather-driven purchase intent (EU)', changeLog: 'EU regions; a larger sample' });
    expect(edited.versions[1]!.quality.rows).toBe(35);
    await page.waitForSelector(`[data-testid=listings] tr[data-listing-id="${created!.id}"]:has-text("v2")`);
    // A change makes it a new version to save again.
    await page.fill('[data-testid=listing-changeLog]', 'EU regions; a larger sample; typo');
    expect(await page.locator('[data-testid=listing-save]').textContent()).toBe('Save new version');
    expect(await page.locator('[data-testid=listing-save]').isDisabled()).toBe(false);
    await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-provider-listing.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("an edit of the title alone keeps what the form does not show (column descriptions, sensitive categories, tiers) and goes live; a material one says it awaits review", { timeout: 120_000 }, async () => {
    const tiers = [{ name: 'retail', contracts: ['TRAVEL_INTENT|7D|0.60-0.80'], seats: 10, price: { rule: 'ask' } }];
    const listingId = await setDemoListingTerms(h.service.catalog, 'TRAVEL_INTENT', { tiers }, Date.now);
    const before = h.service.catalog.find(listingId)!;
    const live = before.versions[before.publishedVersion - 1]!;
    // Counted now: the catalog grows its listing in place, so `before` read after the save would count the save's version
    // too (a fast answer beat the click's return once in CI and the form was awaited as saying v4 for its v3).
    const versionsBefore = before.versions.length;
    expect(live.terms?.tiers?.map((t) => t.name)).toEqual(['retail']);
    expect(live.schema.columns.every((c) => c.description !== undefined)).toBe(true);

    const { page } = await openPage(h, '#/provider');
    await signInWithDevKey(page, h.service, DEV_KEY_INDEX, DEMO_PROVIDER_KEY);
    const { savedAs } = watchListingSaves(page);
    const row = page.locator(`[data-testid=listings] tr[data-listing-id="${listingId}"]`);
    await row.locator('[data-testid=listing-edit]').click();
    await page.waitForSelector('[data-testid=listing-editor]:has-text("New version of listing")');
    await page.fill('[data-testid=listing-title]', `${live.title} (edited)`);
    await page.fill('[data-testid=listing-changeLog]', 'a clearer title');
    // A sample of the listing's own columns (every version carries one, measured on upload).
    const sample = Buffer.from(
      [live.schema.columns.map((c) => c.name).join(','), ...Array.from({ length: 30 }, (_, i) => `${new Date(Date.now() - i * 60_000).toISOString()},t${i},lisbon,${1 + (i % 52)},${(0.6 + (i % 20) / 100).toFixed(2)}`)].join('\n') + '\n',
    );
    expect(live.schema.columns.map((c) => c.name)).toEqual(['event_time', 'traveller_hash', 'destination', 'depart_week', 'confidence']);
    await page.setInputFiles('[data-testid=listing-sample]', { name: 'sample.csv', mimeType: 'text/csv', buffer: sample });
    await page.click('[data-testid=listing-save]');
    // The save reads and measures the sample on the service's intake before it answers: 15 s ran out once in a full
    // suite on 2 cores (2026-12-02; alone it passed 3 of 3), so the bound is the suite's, not a quiet machine's.
    await savedAs(`v${versionsBefore + 1}: published`);
    const after = h.service.catalog.find(listingId)!;
    expect(after.pending).toBeUndefined(); // not material: live at once
    const next = after.versions[after.publishedVersion - 1]!;
    expect(next.title).toBe(`${live.title} (edited)`);
    expect(next.schema.columns).toEqual(live.schema.columns);
    expect(next.provenance.sensitiveCategories).toEqual(live.provenance.sensitiveCategories);
    expect(next.terms).toEqual(live.terms);

    // A material change (the delivery endpoint) waits for the operator, and the form says so: the live version stays.
    await row.locator('[data-testid=listing-edit]').click();
    await page.waitForSelector('[data-testid=listing-editor]:has-text("New version of listing")');
    await page.fill('[data-testid=listing-deliveryEndpoint]', 'https://gate.example/records');
    await page.setInputFiles('[data-testid=listing-sample]', { name: 'sample.csv', mimeType: 'text/csv', buffer: sample });
    // Copied before the click: `after` is the catalog's listing, changed in place by the save, and the form must name the
    // version published before it.
    const publishedBefore = after.publishedVersion;
    await page.click('[data-testid=listing-save]');
    await savedAs(`awaits the operator's review (deliveryEndpoint changed); v${publishedBefore} stays published`);
    expect(h.service.catalog.find(listingId)!.pending?.version.terms).toEqual(live.terms);
    await page.close();
  });
});
