/**
 * Audit (outside review, helper C): `GET /v1/listings?q=` is public and runs on the engine's
 * thread (src/catalog/catalog.ts, search → SearchIndex.search). The query's words are not
 * deduplicated (src/catalog/search-index.ts, wordsOf, then textHits walks every word: for
 * each one a Uint8Array over every row and a walk of every indexed word with that prefix and
 * all their rows). A stranger's `q` of 100 one-letter words ("a a a … a", 199 characters,
 * within the 200 limit) repeats the broadest walk 100 times. Measured on an index of 4,000
 * published listings with 10,000-character descriptions: `q=a` 4–12 ms, `q=a a … a` 37–44 ms
 * per request (one address may send 50 a second); at 1,000 listings 1.5–2 ms against 7–20 ms.
 * On the demo's 5 listings it is ~2 ms either way: the cost grows with the published catalog.
 *
 * DEFECT: repeating a query word multiplies the search's work on the engine's thread. Marked
 * it.fails until a repeated word costs no more than the word once (deduplicated or bounded).
 */
import { describe, expect, it } from 'vitest';
import type { Listing } from '../../src/catalog/listing.js';
import { SearchIndex } from '../../src/catalog/search-index.js';

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

describe('search cost of repeated query words (audit)', () => {
  // DEFECT: "a a a … a" (100 words) walks the "a" prefix 100 times.
  it.fails('a query word repeated 100 times costs no more than twice the word once', () => {
    const index = new SearchIndex(listings(300), () => ({ trust: 0.5, facts: { capacityRights: Number.NaN, riskBand: 'unrated', disclosure: Number.NaN, stability: Number.NaN } }) as never);
    const once = stepsOf(index, 'a');
    const repeated = stepsOf(index, Array.from({ length: 100 }, () => 'a').join(' '));
    expect(once).toBeGreaterThan(0);
    expect(repeated).toBeLessThanOrEqual(2 * once);
  });
});
