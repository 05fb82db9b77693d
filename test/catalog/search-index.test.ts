/**
 * The search index: every filter, each sort order, pages and counts, word-prefix
 * text search, and an unmeasured metric never passing a minimum.
 */
import { describe, expect, it } from 'vitest';
import { schemaSchema, type Listing } from '../../src/catalog/index.js';
import { SearchIndex } from '../../src/catalog/search-index.js';

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
const index = new SearchIndex(
  [
    listing(1, { title: 'Car intent EU', updated: 50 }),
    listing(2, { title: 'Travel plans', segment: 'TRAVEL_INTENT', uses: ['analytics', 'model-training'], updated: 40 }),
    listing(3, { title: 'Auto buyers (US)', timeliness: null, updated: 30 }),
    listing(4, { title: 'Drafted', status: 'draft' }),
    listing(5, { title: 'Carpool commuters', updated: 60 }),
  ],
  (l) => trust.get(l.id)!,
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
});
