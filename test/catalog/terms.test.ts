/**
 * Licence terms on a listing version (issue 81, item 1; src/catalog/terms.ts, docs/catalog.md
 * "Terms"): validated with the listing (a bad unit, units per right out of bounds, both one-time and
 * usage, neither, an unknown key are refused by path), stored only when they differ from one-time
 * only (so such a version hashes as before terms existed), and material.
 */
import { describe, expect, it } from 'vitest';
import { listingInputSchema, materialChanges, storedTerms, termsOf, termsText, usageUnitCode, usageUnitOfCode, type ListingVersion } from '../../src/catalog/index.js';
import { UsageUnit } from '../../src/engine/index.js';
import { listingInput } from '../support/catalog-fixture.js';

const issues = (terms: unknown): string[] => {
  const r = listingInputSchema.safeParse(listingInput({ terms }));
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('terms in a listing version', () => {
  it('takes one-time, usage by records or requests, and refuses what is out of range by path', () => {
    expect(issues(undefined)).toEqual([]);
    expect(issues({ usage: { unit: 'records', perRight: 5_000 } })).toEqual([]);
    expect(issues({ oneTime: false, usage: { unit: 'requests', perRight: 20 } })).toEqual([]);
    expect(issues({ oneTime: true })).toEqual([]);
    expect(issues({ usage: { unit: 'rows', perRight: 5 } })[0]).toMatch(/^terms\.usage\.unit: /);
    expect(issues({ usage: { unit: 'records', perRight: 0 } })[0]).toMatch(/^terms\.usage\.perRight: /);
    expect(issues({ usage: { unit: 'records', perRight: 1_000_001 } })[0]).toMatch(/^terms\.usage\.perRight: /);
    expect(issues({ usage: { unit: 'records', perRight: 2.5 } })[0]).toMatch(/^terms\.usage\.perRight: /);
    expect(issues({ usage: { unit: 'records' } })[0]).toMatch(/^terms\.usage\.perRight: /);
    expect(issues({ oneTime: true, usage: { unit: 'records', perRight: 5 } })).toEqual([expect.stringMatching(/^terms\.oneTime: a right is either one delivery/)]);
    expect(issues({ oneTime: false })).toEqual([expect.stringMatching(/^terms\.oneTime: the version would sell nothing/)]);
    expect(issues({ usage: { unit: 'records', perRight: 5, price: 1 } })[0]).toMatch(/^terms\.usage: /);
    expect(issues({ price: 3 })[0]).toMatch(/^terms: /);
  });

  it('stores only what differs from one-time only, and says it in words', () => {
    expect(storedTerms(undefined)).toBeUndefined();
    expect(storedTerms({ oneTime: true })).toBeUndefined();
    expect(storedTerms({ usage: { unit: 'records', perRight: 100 } })).toEqual({ oneTime: false, usage: { unit: 'records', perRight: 100 } });
    expect(termsOf({})).toEqual({ oneTime: true });
    expect(termsText(termsOf({}))).toBe('one-time');
    expect(termsText({ oneTime: false, usage: { unit: 'requests', perRight: 20 } })).toBe('usage: 20 requests a right');
    expect([usageUnitCode('records'), usageUnitCode('requests')]).toEqual([UsageUnit.RECORDS, UsageUnit.REQUESTS]);
    expect([usageUnitOfCode(1), usageUnitOfCode(2), usageUnitOfCode(0), usageUnitOfCode(9)]).toEqual(['records', 'requests', undefined, undefined]);
  });

  it('are material: a version changing them waits for the operator', () => {
    const live = { deliveryEndpoint: 'https://p.example/r', schema: {}, licence: {}, provenance: {} } as unknown as Pick<ListingVersion, 'deliveryEndpoint' | 'schema' | 'licence' | 'provenance' | 'terms' | 'modelFeed'>;
    expect(materialChanges(live, { ...live })).toEqual([]);
    expect(materialChanges(live, { ...live, terms: { oneTime: false, usage: { unit: 'records', perRight: 100 } } })).toEqual(['terms']);
    expect(materialChanges({ ...live, terms: { oneTime: false, usage: { unit: 'records', perRight: 100 } } }, { ...live, terms: { oneTime: false, usage: { unit: 'records', perRight: 200 } } })).toEqual(['terms']);
  });
});
