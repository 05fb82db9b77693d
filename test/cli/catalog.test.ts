/**
 * A new user's first commands (src/cli/catalog.ts, purchases.ts, wallet.ts) against one running
 * service with the demo listings published at their gate (real LMDB, uWS, signatures, HTTP): `patx
 * catalog` lists the data one can buy with the contracts trading now, `patx listing <id>` shows a
 * listing's schema and its contracts' best bid and ask, `patx wallet new` writes a 0600 key file
 * and never over one, `patx purchases` shows a buy. A bad input exits 2, a refusal is one line, exit 1.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMITTED_USES } from '../../src/catalog/listing.js';
import { SEARCH_USES } from '../../src/cli/catalog.js';
import type { Series } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startQuietDemoMarket, type QuietDemoMarket } from '../support/demo-gate.js';
import { until } from '../support/exchange-fixture.js';
import { oneLine, patxInProcess } from '../support/patx-cli.js';

let market: QuietDemoMarket;
let series: Series;
const consumer = Wallet.createRandom();
const keys = mkdtempSync(path.join(os.tmpdir(), 'patx-cli-wallet-'));

function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  return patxInProcess(args, { PATX_WALLET_KEY: consumer.privateKey, PATX_URL: market.base, PATX_CONFIRM_ABOVE: undefined, ...env });
}

/** The listing of the stocked series' segment, as `patx --json catalog` gives it. */
async function stockedListing(): Promise<{ id: number; segment: string; contracts: string[] }> {
  const r = await cli(['--json', 'catalog', '--segment', series.spec.contract.split('|')[0]!]);
  expect(r.code).toBe(0);
  const page = JSON.parse(r.out) as { total: number; listings: { id: number; segment: string; contracts: string[] }[] };
  expect(page.total).toBe(1);
  return page.listings[0]!;
}

beforeAll(async () => {
  market = await startQuietDemoMarket('cli-catalog', createLogger('silent'), consumer.address);
  series = market.series;
}, 120_000);

afterAll(async () => {
  await market?.close();
});

describe('patx catalog, listing', () => {
  it('catalog: every published demo listing, a row each with its trust, quality and the contracts trading now; --json the API\'s figures', async () => {
    const listings = market.service.catalog.search({}).listings;
    expect(listings.length).toBeGreaterThan(0);
    const r = await cli(['catalog']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEGMENT\s+TITLE\s+KIND\s+PROVIDER\s+TRUST\s+QUALITY\s+CONTRACTS\s+STATUS$/);
    for (const l of listings) expect(r.out).toContain(l.title);
    expect(lines.find((x) => x.includes(series.spec.contract))).toMatch(/^\d+\s+\S+\s+.*\s+dataset\s+\d+\s+[01]\.\d{4}\s+[01]\.\d{4}\s+.*published$/);
    expect(lines.at(-2)).toBe(`${listings.length} of ${listings.length} listing(s); ✓: the operator verified the provider`);
    expect(lines.at(-1)).toMatch(/^next: patx listing \d+$/);

    const json = JSON.parse((await cli(['--json', 'catalog'])).out) as { total: number; listings: { id: number; trust: number; contracts: string[] }[] };
    expect(json.total).toBe(listings.length);
    expect(json.listings.map((l) => l.trust)).toEqual(listings.map((l) => l.trust));
    expect((await stockedListing()).contracts).toContain(series.spec.contract);
  });

  it('catalog [query] and filters narrow it; no match says so; a bad filter exits 2 with nothing sent', async () => {
    const auto = await stockedListing();
    const title = market.service.catalog.search({}).listings.find((l) => l.id === auto.id)!.title;
    const word = title.split(/\W+/).find((w) => w.length > 3)!;
    const byWord = JSON.parse((await cli(['--json', 'catalog', word.toLowerCase()])).out) as { listings: { id: number }[] };
    expect(byWord.listings.map((l) => l.id)).toContain(auto.id);
    const none = await cli(['catalog', 'zzzqqq']);
    expect(none.code).toBe(0);
    expect(none.out).toBe('no published listing matches (patx catalog with no query lists them all)');
    for (const bad of [['--limit', '0'], ['--limit', '201'], ['--min-trust', '1.5'], ['--window', '7X'], ['--band', 'wide'], ['--use', 'gossip'], ['--kind', 'table'], ['--provider', '-1']]) {
      const r = await cli(['catalog', ...bad]);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.out).toBe('');
    }
    expect([...SEARCH_USES]).toEqual([...PERMITTED_USES]);
  });

  it("listing <id>: the schema's columns, the sample's rows, licence and delivery endpoint, the contract trading now with its ask, and what to run next", async () => {
    const auto = await stockedListing();
    const detail = market.service.catalog.search({}).listings.find((l) => l.id === auto.id)!;
    const r = await cli(['listing', String(auto.id), '--rows', '2']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`listing ${auto.id}  ${auto.segment}  ${detail.title}`);
    expect(r.out).toMatch(/^COLUMN\s+TYPE\s+UNIT\s+NULLABLE\s+DESCRIPTION$/m);
    expect(r.out).toMatch(/^intent_score\s+number\s+probability\s+no\s+probability of purchase within 90 days$/m);
    expect(r.out).toMatch(/^delivery endpoint: http:\/\/127\.0\.0\.1:\d+\/records$/m);
    expect(r.out).toMatch(/^its first 2 row\(s\):$/m);
    const row = lines.find((x) => x.startsWith(`${series.id} `) && x.includes(series.spec.contract));
    expect(row?.trim().split(/\s+/)).toEqual([String(series.id), series.spec.contract, expect.any(String), expect.any(String), 'UTC', expect.any(String), '0.8000', expect.any(String)]);
    expect(lines.at(-1)).toMatch(/^next: patx buy '[^']+' 1 /);
    const json = JSON.parse((await cli(['--json', 'listing', String(auto.id)])).out) as { listing: { id: number; schema: { columns: unknown[] } }; disclosures: { deliveryEndpoint: string }; contracts: { seriesId: number; askMicros: number | null }[] };
    expect(json.listing.id).toBe(auto.id);
    expect(json.listing.schema.columns.length).toBeGreaterThan(0);
    expect(json.contracts.find((c) => c.seriesId === series.id)?.askMicros).toBe(800_000);
  });

  it('listing: an unknown id is UNKNOWN_LISTING in one line, exit 1; a bad id exits 2', async () => {
    const unknown = await cli(['listing', '999']);
    expect(unknown.code).toBe(1);
    expect(oneLine(unknown)).toBe('patx: UNKNOWN_LISTING: no published listing 999 (patx catalog lists them)');
    for (const bad of ['abc', '0', '-3', '1.5']) {
      const r = await cli(['listing', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.out).toBe('');
    }
  });
});

describe('patx wallet', () => {
  it('wallet new: a 0600 file holding 0x + 64 hex and a newline, whose address is the one printed; never over an existing file', async () => {
    const file = path.join(keys, 'new.key');
    const r = await cli(['wallet', 'new', '--out', file], { PATX_WALLET_KEY: undefined });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^0x[0-9a-f]{64}\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const address = new Wallet(text.trim()).address;
    expect(r.out.split('\n')[0]).toBe(`new wallet ${address}`);
    expect(r.out).toContain(`patx provider open --key-file ${file}`);
    expect(r.out).not.toContain(text.trim());
    const shown = await cli(['wallet', 'address', '--key-file', file], { PATX_WALLET_KEY: undefined });
    expect(shown.out).toBe(address);

    const again = await cli(['wallet', 'new', '--out', file], { PATX_WALLET_KEY: undefined });
    expect(again.code).toBe(1);
    expect(oneLine(again)).toMatch(/^patx: FILE_EXISTS: /);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const other = path.join(keys, 'other.key');
    writeFileSync(other, 'mine\n');
    expect((await cli(['wallet', 'new', '--out', other])).code).toBe(1);
    expect(readFileSync(other, 'utf8')).toBe('mine\n');
    expect((await cli(['wallet', 'new'])).code).toBe(2);
  });

  it('wallet address: the wallet the usual options name, offline; --json; no wallet is NO_WALLET', async () => {
    expect((await cli(['wallet', 'address'])).out).toBe(consumer.address);
    expect(JSON.parse((await cli(['--json', 'wallet', 'address'])).out)).toEqual({ address: consumer.address });
    const none = await cli(['wallet', 'address'], { PATX_WALLET_KEY: undefined });
    expect(none.code).toBe(1);
    expect(oneLine(none)).toMatch(/^patx: NO_WALLET: /);
  });
});

describe('patx purchases', () => {
  it('after a buy: its time, series, contract, qty, price, fee and total; --series narrows; --json exact; a bad --limit exits 2', async () => {
    const empty = await cli(['purchases']);
    expect(empty.code).toBe(0);
    expect(empty.out).toBe('no purchases yet (patx catalog shows what you can buy)');
    const buy = await cli(['buy', String(series.id), '2', '--limit', '0.8', '--ioc']);
    expect(buy.code).toBe(0);
    let r = await cli(['purchases']);
    await until(async () => (r = await cli(['purchases'])).out.includes(series.spec.contract), 'the buy among the purchases', 10_000);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^TIME\s+TRADE\s+SERIES\s+CONTRACT\s+QTY\s+PRICE PAT\s+FEE PAT\s+TOTAL PAT\s+LISTINGS$/);
    expect(lines[1]!.split(/\s{2,}/)).toEqual([expect.stringMatching(/ UTC$/), expect.stringMatching(/^\d+$/), String(series.id), series.spec.contract, '2', '0.8000', '0.0000', '1.6000', expect.stringMatching(/^\d+ v\d+$/)]);
    expect(lines.at(-1)).toBe('1 of 1 purchase(s)');
    const json = JSON.parse((await cli(['--json', 'purchases', '--series', series.spec.contract])).out) as { total: number; purchases: { seriesId: number; qty: number; priceMicros: number }[] };
    expect(json).toMatchObject({ total: 1, purchases: [{ seriesId: series.id, qty: 2, priceMicros: 800_000 }] });
    expect(JSON.parse((await cli(['--json', 'purchases', '--series', '999999'])).out)).toMatchObject({ total: 0, purchases: [] });
    const stranger = Wallet.createRandom();
    const unknown = await cli(['purchases'], { PATX_WALLET_KEY: stranger.privateKey });
    expect(unknown.code).toBe(1);
    expect(oneLine(unknown)).toBe(`patx: UNKNOWN_ACCOUNT: the exchange has no account for ${stranger.address} yet, so no purchases (a deposit or a buy opens one: patx catalog shows what you can buy)`);
    expect((await cli(['purchases', '--limit', '0'])).code).toBe(2);
    expect((await cli(['purchases', '--series', 'x y'])).code).toBe(2);
  });
});

describe('patx rate', () => {
  it("refused until the wallet received the listing's data; then its stars and review, replaced by a second rating; bad stars or a long review exit 2 with nothing sent", { timeout: 60_000 }, async () => {
    const listing = await stockedListing();
    const early = await cli(['rate', String(listing.id), '4']);
    expect([early.code, oneLine(early)]).toEqual([1, `patx: NOT_ELIGIBLE_TO_RATE: you have received no data from listing ${listing.id}: exercise rights granted under it first (patx exercise SERIES N --listing ${listing.id}; patx download fetches the records), then rate it`]);
    const buy = await cli(['buy', String(series.id), '1', '--limit', '0.8', '--ioc']);
    expect(buy.code, buy.err).toBe(0);
    const ex = await cli(['exercise', String(series.id), '1']);
    expect(ex.code, ex.err).toBe(0);
    const rated = await cli(['rate', String(listing.id), '4', '--review', 'fresh and in band']);
    expect(rated.err).toBe('');
    expect(rated.code).toBe(0);
    const lines = rated.out.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^rated listing ${listing.id} \\(.+, version \\d+\\): 4 stars with your review; rating again replaces it$`));
    expect(lines[1]).toMatch(/^its trust is now [01]\.\d{4}$/);
    expect(lines[2]).toBe(`next: patx listing ${listing.id}`);
    const again = await cli(['--json', 'rate', String(listing.id), '2']);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ id: listing.id, trust: expect.any(Number) });
    const mine = market.service.catalog.find(listing.id)!.ratings.filter((r) => r.status === 'visible');
    expect(mine.map((r) => [r.stars, r.review])).toEqual([[2, '']]);
    for (const bad of [['rate', String(listing.id), '6'], ['rate', String(listing.id), '0'], ['rate', 'x', '3'], ['rate', String(listing.id), '3', '--review', 'x'.repeat(2_001)]]) {
      expect((await cli(bad)).code).toBe(2);
    }
    expect(market.service.catalog.find(listing.id)!.ratings.map((r) => r.stars)).toEqual([2]);
  });
});
