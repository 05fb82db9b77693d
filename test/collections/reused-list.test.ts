import { describe, expect, it } from 'vitest';
import { ReusedList } from '../../src/collections/index.js';

describe('ReusedList', () => {
  it('holds what was pushed, in order, until cleared; refills from the start', () => {
    const list = new ReusedList<string>();
    expect(list.length).toBe(0);
    for (const round of [5, 2, 9]) {
      for (let i = 0; i < round; i++) list.push(`${round}:${i}`);
      expect(list.length).toBe(round);
      expect(Array.from({ length: list.length }, (_, i) => list.get(i))).toEqual(Array.from({ length: round }, (_, i) => `${round}:${i}`));
      list.clear();
      expect(list.length).toBe(0);
    }
  });

  it('keeps nothing alive once cleared', () => {
    const list = new ReusedList<object>();
    list.push({});
    list.push({});
    list.clear();
    // The storage is private; what it still references is what a heap snapshot would show.
    expect((list as unknown as { items: unknown[] }).items.every((x) => x === undefined)).toBe(true);
  });
});
