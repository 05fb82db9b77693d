/** LevelLadder (sorted parallel arrays) against an obviously correct model: a Map and a sort. */
import { describe, expect, it } from 'vitest';
import { prng } from '../../bench/workload.js';
import { LevelLadder } from '../../src/gateway/level-ladder.js';

function modelTop(model: Map<number, number>, isBid: boolean): Array<{ priceMicros: number; qty: number }> {
  return [...model]
    .filter(([, qty]) => qty > 0)
    .sort(([a], [b]) => (isBid ? b - a : a - b))
    .map(([priceMicros, qty]) => ({ priceMicros, qty }));
}

describe('LevelLadder', () => {
  for (const isBid of [true, false]) {
    it(`keeps ${isBid ? 'bid' : 'ask'} levels best first with their quantities over random adds and removes`, () => {
      const random = prng(isBid ? 7 : 11);
      const ladder = new LevelLadder(isBid);
      const model = new Map<number, number>();
      for (let step = 0; step < 5_000; step++) {
        const priceMicros = 1_000 * (1 + Math.floor(random() * 40));
        const have = model.get(priceMicros) ?? 0;
        // Remove some or all of a level half the time it exists; otherwise add.
        const delta = have > 0 && random() < 0.5 ? -(1 + Math.floor(random() * have)) : 1 + Math.floor(random() * 10);
        ladder.add(priceMicros, delta);
        model.set(priceMicros, have + delta);
        expect(ladder.qty(priceMicros)).toBe(have + delta);
      }
      const expected = modelTop(model, isBid);
      expect(ladder.top(1_000)).toEqual(expected);
      expect(ladder.size).toBe(expected.length);
      expect(ladder.top(3)).toEqual(expected.slice(0, 3));
      expected.forEach((level, i) => expect(ladder.qtyAtIndex(i)).toBe(level.qty));
    });
  }

  it('refuses to take a level below zero and changes nothing', () => {
    const ladder = new LevelLadder(true);
    ladder.add(5_000, 3);
    expect(() => ladder.add(5_000, -4)).toThrow(/negative/);
    expect(() => ladder.add(6_000, -1)).toThrow(/negative/);
    expect(ladder.top(10)).toEqual([{ priceMicros: 5_000, qty: 3 }]);
  });

  it('a zero change at an empty price adds no level', () => {
    const ladder = new LevelLadder(false);
    ladder.add(5_000, 0);
    expect(ladder.size).toBe(0);
    expect(ladder.qty(5_000)).toBe(0);
  });
});
