/**
 * `GET /v1/listings?q=` is public and runs on the engine's thread. An outside audit: the query's
 * words were not deduplicated, and textHits walked each word's prefix once per word, so a
 * stranger's `q` of 100 one-letter words ("a a … a", within the 200-character limit) repeated the
 * broadest walk 100 times (4,000 listings of 10,000 characters: 4–12 ms for `q=a`, 37–44 ms for
 * the repeated one). Words combine by AND (each must start a word of the listing), so a repeated
 * word, or one that starts another query word, is dropped (`queryWordsOf`): the hits are the same,
 * the work is the word's once.
 */
import { describe, expect, it } from 'vitest';
import type { Listing } from '../../src/catalog/listing.js';
import { queryWordsOf, SearchIndex } from '../../src/catalog/search-index.js';

const WORDS = ['alpha', 'amber', 'apple', 'arrow', 'atlas', 'audit', 'bravo', 'cargo', 'delta', 'ember'];

function listings(n: number): Listing[] {
  const out: unknown[] = [];
  for (let i = 1; i <= n; i++) {
    const description = Array.from({ length: 200 }, (_, k) => `${WORDS[(i + k) % WORDS.length]}${k}`).join(' ');
    out.push({
      id: i,
      status: 'published',
      segment: 'AUTO_INTENT',
      providerAccountId: 10,
      updatedAtMs: i,
      versions: [{ title: `listing ${i}`, description, licence: { permittedUses: ['analytics'] }, quality: { completeness: 1, validity: 1, uniqueness: 1, timeliness: 1, consistency: 1, accuracy: null } }],
    });
  }
  return out as Listing[];
}

/** Calls of String.prototype.startsWith during one search: the prefix walk's steps. */
function stepsOf(index: SearchIndex, text: string): number {
  const original = String.prototype.startsWith;
  let calls = 0;
  String.prototype.startsWith = function (this: string, ...args: Parameters<string['startsWith']>) {
    calls++;
    return original.apply(this, args);
  };
  try {
    index.search({ text, limit: 50 } as Parameters<SearchIndex['search']>[0]);
  } finally {
    String.prototype.startsWith = original;
  }
  return calls;
}

function indexOf(n: number): SearchIndex {
  return new SearchIndex(listings(n), () => ({ trust: 0.5, facts: { capacityRights: Number.NaN, riskBand: 'unrated', disclosure: Number.NaN, stability: Number.NaN } }) as never);
}

function idsOf(index: SearchIndex, text: string): number[] {
  const r = index.search({ text, limit: 1_000 } as Parameters<SearchIndex['search']>[0]) as unknown as { total: number; page: { listing: { id: number } }[] };
  return r.page.map((x) => x.listing.id);
}

describe('search cost of repeated query words', () => {
  it('a query word repeated 100 times costs no more than twice the word once', () => {
    const index = indexOf(300);
    const once = stepsOf(index, 'a');
    const repeated = stepsOf(index, Array.from({ length: 100 }, () => 'a').join(' '));
    expect(once).toBeGreaterThan(0);
    expect(repeated).toBeLessThanOrEqual(2 * once);
  });

  it('keeps each word once, drops a word that starts another, longest first', () => {
    expect(queryWordsOf('a a A  a')).toEqual(['a']);
    expect(queryWordsOf('app apple ap b')).toEqual(['apple', 'b']);
    expect(queryWordsOf('delta alpha del')).toEqual(['alpha', 'delta']);
    expect(queryWordsOf('')).toEqual([]);
  });

  it('answers the same listings as the words once: AND of prefixes, prefixes of one another, none in common', () => {
    const index = indexOf(60);
    const cases: [string, string][] = [
      ['a a a a a', 'a'],
      ['alpha alpha1 al', 'alpha1'],
      ['bravo1 bravo1 b', 'bravo1'],
      ['alpha3 amber4', 'amber4 alpha3'],
      ['cargo2 zzz cargo', 'cargo2 zzz'],
      ['listing listing 7', 'listing 7'],
    ];
    for (const [repeated, once] of cases) {
      const expected = idsOf(index, once);
      expect(idsOf(index, repeated), repeated).toEqual(expected);
    }
    expect(idsOf(index, 'alpha1 al').length).toBeGreaterThan(0);
    expect(idsOf(index, 'cargo2 zzz')).toEqual([]);
    // Each word must start a word of the listing: 'alpha3 amber4' is narrower than either alone.
    expect(idsOf(index, 'alpha3 amber4').length).toBeLessThanOrEqual(idsOf(index, 'alpha3').length);
  });
});
