import { describe, expect, it } from 'vitest';
import { duplicateKeyCount } from '../../src/catalog/duplicate-keys.js';
import { prng } from '../../bench/workload.js';

/** The obvious count: a Set of each row's key cells as text. */
function reference(rows: readonly (readonly unknown[])[], keys: readonly number[]): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const row of rows) {
    const key = JSON.stringify(keys.map((k) => String(row[k])));
    if (seen.has(key)) duplicates++;
    else seen.add(key);
  }
  return duplicates;
}

describe('duplicateKeyCount', () => {
  it('counts the rows that repeat an earlier key, exactly as a Set of the keys would, over random samples (seeded)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = prng(seed);
      const distinct = 1 + Math.floor(random() * 300);
      const rows = Array.from({ length: Math.floor(random() * 2_000) }, () => [
        `k${Math.floor(random() * distinct)}`,
        Math.floor(random() * 3), // a number cell: its text is the key
        random() < 0.1 ? '' : 'x',
      ]);
      for (const keys of [[0], [1], [0, 1], [0, 1, 2], [2, 0]]) expect(duplicateKeyCount(rows, keys), `seed ${seed}, keys ${keys.join(',')}`).toBe(reference(rows, keys));
    }
  });

  it('compares cells, not their joined text, and a number and its text are one key', () => {
    expect(duplicateKeyCount([['a\u0000', 'b'], ['a', '\u0000b']], [0, 1])).toBe(0);
    expect(duplicateKeyCount([[1], ['1'], [1.5], ['1.5'], [null], ['null']], [0])).toBe(3);
    expect(duplicateKeyCount([], [0])).toBe(0);
  });
});
