/**
 * The search index: every filter, each sort order, pages and counts, word-prefix
 * text search, and an unmeasured metric never passing a minimum.
 */
import { describe, expect, it } from 'vitest';
import { schemaSchema, type Listing } from '../../src/catalog/index.js';
import { SearchIndex } from '../../src/catalog/search-index.js';
import type { DiscoveryFacts, RiskBand } from '../../src/catalog/discovery.js';
import { prng } from '../support/engine-fixture.js';

function listing(id: number, o: { segment?: string; title?: string; trust?: number; updated?: number; uses?: Listing['versions'][number]['licence']['permittedUses']; timeliness?: number | null; status?: Listing['status'] } = {}): Listing {
  return {
    id, segment: o.segment ?? 'AUTO_INTENT', providerAccountId: id % 2 === 0 ? 2 : 3, providerAddress: '0x', status: o.status ?? 'published',
    createdAtMs: 0, updatedAtMs: o.updated ?? id, publishedVersion: 1, ratings: [], refreshes: [],
    versions: [{
      version: 1, createdAtMs: 0, title: o.title ?? `Listing ${id}`, description: 'hashed households', schema: schemaSchema.parse({ columns: [{ name: 'id', type: 'integer' }] }),
      provenance: { source: 's', collectionMethod: 'm', legalBasis: 'consent', personalData: false, sensitiveCategories: [] },
      licence: { permittedUses: o.uses ?? ['analytics'], retentionDays: 1, redistribution: false }, cadence: 'daily', deliveryEndpoint: 'https://x', changeLog: '',
      sample: { sha256: '0', format: 'csv', bytes: 1 },
      quality: { completeness: 0.9, validity: 1, uniqueness: 1, timeliness: o.timeliness === undefined ? 1 : o.timeliness, consistency: 1, accuracy: null, rows: 1, columns: 1 },
      lineage: { schemaSha256: '', sampleSha256: '', versionSha256: '' },
    }],
  };
}

const trust = new Map<number, number>([[1, 0.9], [2, 0.5], [3, 0.7], [4, 0.95], [5, 0.6]]);
/** Discovery facts by listing id (NaN: unknown). */
const facts = new Map<number, DiscoveryFacts>([
  [1, { capacityRights: 500, riskBand: 'low', disclosure: 1, stability: 0.9 }],
  [2, { capacityRights: 40, riskBand: 'high', disclosure: 0.5, stability: 0.4 }],
  [3, { capacityRights: Number.NaN, riskBand: 'unrated', disclosure: 0.75, stability: Number.NaN }],
  [4, { capacityRights: 900, riskBand: 'low', disclosure: 1, stability: 1 }],
  [5, { capacityRights: 120, riskBand: 'medium', disclosure: 0.8, stability: 0.6 }],
]);
const index = new SearchIndex(
  [
    listing(1, { title: 'Car intent EU', updated: 50 }),
    listing(2, { title: 'Travel plans', segment: 'TRAVEL_INTENT', uses: ['analytics', 'model-training'], updated: 40 }),
    listing(3, { title: 'Auto buyers (US)', timeliness: null, updated: 30 }),
    listing(4, { title: 'Drafted', status: 'draft' }),
    listing(5, { title: 'Carpool commuters', updated: 60 }),
  ],
  (l) => ({ trust: trust.get(l.id)!, facts: facts.get(l.id)! }),
);
const ids = (r: { page: { listing: Listing }[] }) => r.page.map((x) => x.listing.id);

describe('search index', () => {
  it('holds published listings only, sorted by trust, last update or title', () => {
    expect(ids(index.search({}))).toEqual([1, 3, 5, 2]);
    expect(ids(index.search({ sort: 'updated' }))).toEqual([5, 1, 2, 3]);
    expect(ids(index.search({ sort: 'title' }))).toEqual([3, 1, 5, 2]);
  });

  it('filters by segment, provider, licence use and minimum trust; counts all matches and returns one page', () => {
    expect(ids(index.search({ segment: 'TRAVEL_INTENT' }))).toEqual([2]);
    expect(ids(index.search({ segment: 'NOPE' }))).toEqual([]);
    expect(ids(index.search({ segments: new Set(['TRAVEL_INTENT', 'NOPE']) }))).toEqual([2]);
    expect(ids(index.search({ provider: 3 }))).toEqual([1, 3, 5]);
    expect(ids(index.search({ permittedUse: 'model-training' }))).toEqual([2]);
    expect(ids(index.search({ minTrust: 0.65 }))).toEqual([1, 3]);
    const page = index.search({ offset: 1, limit: 2 });
    expect([page.total, ids(page)]).toEqual([4, [3, 5]]);
  });

  it('text: every query word starts a word of the listing', () => {
    expect(ids(index.search({ text: 'car' }))).toEqual([1, 5]); // "car" and "carpool"
    expect(ids(index.search({ text: 'car eu' }))).toEqual([1]);
    expect(ids(index.search({ text: 'ar' }))).toEqual([]); // not a word start
    expect(ids(index.search({ text: 'HASHED' })).length).toBe(4);
  });

  it('a minimum on a metric the sample could not measure excludes it; other metrics do not matter', () => {
    expect(ids(index.search({ minQuality: { timeliness: 0.5 } }))).toEqual([1, 5, 2]);
    expect(ids(index.search({ minQuality: { completeness: 0.9 } }))).toEqual([1, 3, 5, 2]);
    expect(ids(index.search({ minQuality: { completeness: 0.95 } }))).toEqual([]);
  });

  it('discovery filters: capacity, risk band, disclosure and stability; an unknown fact never passes a minimum', () => {
    expect(ids(index.search({ minCapacityRights: 100 }))).toEqual([1, 5]);
    expect(ids(index.search({ minCapacityRights: 0 }))).toEqual([1, 5, 2]); // 3's capacity is unknown
    expect(ids(index.search({ riskBands: new Set<RiskBand>(['low', 'medium']) }))).toEqual([1, 5]);
    expect(ids(index.search({ riskBands: new Set<RiskBand>(['unrated']) }))).toEqual([3]);
    expect(ids(index.search({ minDisclosure: 0.75 }))).toEqual([1, 3, 5]);
    expect(ids(index.search({ minStability: 0.5 }))).toEqual([1, 5]);
    expect(ids(index.search({ minStability: 0.5, riskBands: new Set<RiskBand>(['medium']), minCapacityRights: 100 }))).toEqual([5]);
    // Results carry the facts the filters read.
    expect(index.search({ segment: 'TRAVEL_INTENT' }).page[0]!.facts.riskBand).toBe('high');
  });

  it('after changes (new, updated, withdrawn listings), searches agree with an index built afresh, order and pages included', () => {
    const rand = prng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const segments = ['AUTO_INTENT', 'TRAVEL_INTENT', 'HOME_INTENT'];
    const titles = ['Car intent EU', 'Carpool commuters', 'Travel plans', 'Auto buyers', 'Home movers', 'Hashed households'];
    const scores = new Map<number, { trust: number; facts: DiscoveryFacts }>();
    const bands = ['low', 'medium', 'high', 'unrated'] as const;
    const make = (id: number): Listing => {
      // Ties in trust: the id decides. Unknown capacity and stability now and then.
      const known = (x: number): number => (rand() < 0.2 ? Number.NaN : x);
      scores.set(id, { trust: Math.round(rand() * 20) / 20, facts: { capacityRights: known(Math.floor(rand() * 1000)), riskBand: pick(bands), disclosure: Math.round(rand() * 8) / 8, stability: known(rand()) } });
      return listing(id, { segment: pick(segments), title: `${pick(titles)} ${id % 7}`, updated: Math.floor(rand() * 50), uses: rand() < 0.5 ? ['analytics'] : ['analytics', 'model-training'], timeliness: rand() < 0.2 ? null : rand(), status: rand() < 0.8 ? 'published' : 'draft' });
    };
    const all = new Map<number, Listing>();
    for (let id = 1; id <= 60; id++) all.set(id, make(id));
    const trustOf = (l: Listing) => scores.get(l.id)!;
    const live = new SearchIndex(all.values(), trustOf);
    for (let step = 0; step < 40; step++) {
      const id = rand() < 0.3 ? 61 + step : 1 + Math.floor(rand() * 60);
      const changed = make(id); // a new listing, or a new version / status of an old one
      all.set(id, changed);
      live.change(changed);
    }
    expect(live.changes).toBeGreaterThan(20); // distinct listings changed
    const fresh = new SearchIndex(all.values(), trustOf);
    for (let i = 0; i < 300; i++) {
      const f: Parameters<SearchIndex['search']>[0] = { sort: pick(['trust', 'updated', 'title'] as const), offset: Math.floor(rand() * 3) * 5, limit: 1 + Math.floor(rand() * 10) };
      if (rand() < 0.3) f.text = pick(['car', 'travel', 'hashed', 'auto', 'ho']);
      if (rand() < 0.3) f.segment = pick([...segments, 'NOPE']);
      if (rand() < 0.3) f.minTrust = rand();
      if (rand() < 0.2) f.permittedUse = 'model-training';
      if (rand() < 0.2) f.minQuality = { timeliness: rand() };
      if (rand() < 0.1) f.provider = pick([2, 3]);
      if (rand() < 0.2) f.minCapacityRights = Math.floor(rand() * 1000);
      if (rand() < 0.2) f.riskBands = new Set([pick(bands), pick(bands)]);
      if (rand() < 0.2) f.minDisclosure = rand();
      if (rand() < 0.2) f.minStability = rand();
      const a = live.search(f);
      const b = fresh.search(f);
      expect([a.total, ids(a)], JSON.stringify(f)).toEqual([b.total, ids(b)]);
    }
  });
});
