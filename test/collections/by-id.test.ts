/**
 * setById (src/collections/by-id.ts): an array indexed by ids that start high (series live after
 * a restart) keeps V8's fast elements, where a plain write far past the end makes it a dictionary.
 * The elements kind is read with V8's own %HasDictionaryElements, enabled for this file only.
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { setById } from '../../src/collections/index.js';

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set: a natives call is a syntax error otherwise.
const isDictionary = new Function('a', 'return %HasDictionaryElements(a)') as (a: unknown[]) => boolean;

describe('setById', () => {
  it('sets values at any id, reading undefined below them', () => {
    const a: (string | undefined)[] = [];
    setById(a, 5_000, 'x');
    setById(a, 3, 'y');
    setById(a, 5_000, undefined);
    setById(a, 7_000, 'z');
    expect(a.length).toBe(7_001);
    expect([a[3], a[4], a[5_000], a[7_000]]).toEqual(['y', undefined, undefined, 'z']);
  });

  it('keeps the array out of dictionary mode where a plain write far past the end does not', () => {
    const plain: number[] = [];
    plain[5_000] = 1.5;
    expect(isDictionary(plain)).toBe(true); // the trap: what the quoter's arrays met after a restart
    const filled: (number | undefined)[] = [];
    setById(filled, 5_000, 1.5);
    for (let id = 5_001; id < 5_100; id += 7) setById(filled, id, id);
    expect(isDictionary(filled)).toBe(false);
    expect(filled[5_000]).toBe(1.5);
  });
});
