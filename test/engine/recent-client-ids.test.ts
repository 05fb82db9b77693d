import { describe, expect, it } from 'vitest';
import { RecentClientIds } from '../../src/engine/core/account.js';
import { prng } from '../../bench/workload.js';

/** Adds ids the way the engine does (only ids not remembered now) and returns the sequence added. */
function feed(recent: RecentClientIds, rand: () => number, count: number, outOfOrderShare: number): number[] {
  const added: number[] = [];
  let counter = 1_000;
  while (added.length < count) {
    const id = rand() < outOfOrderShare ? 1 + Math.floor(rand() * counter) : (counter += 1 + Math.floor(rand() * 3));
    if (recent.has(id)) continue;
    recent.add(id);
    added.push(id);
  }
  return added;
}

describe('RecentClientIds', () => {
  it.each([
    [1, 0],
    [16, 0],
    [16, 0.3],
    [64, 0.9],
    [1024, 0.05],
  ])('capacity %i, out-of-order share %f: remembers the last `capacity` ids, never invents one', (capacity, share) => {
    const rand = prng(capacity * 7 + Math.round(share * 100));
    const recent = new RecentClientIds(capacity);
    const added = feed(recent, rand, capacity * 20, share);
    for (const id of added.slice(-capacity)) expect(recent.has(id)).toBe(true);
    const ever = new Set(added);
    for (let id = 1; id < Math.max(...added) + 10; id++) if (!ever.has(id)) expect(recent.has(id)).toBe(false);
  });

  it('replaying values() into a fresh memory answers every query the same way (snapshot restore)', () => {
    const rand = prng(99);
    const recent = new RecentClientIds(32);
    const added = feed(recent, rand, 500, 0.4);
    const restored = new RecentClientIds(32);
    for (const id of recent.values()) restored.add(id);
    expect(restored.maxId).toBe(recent.maxId);
    for (let id = 1; id <= Math.max(...added) + 5; id++) expect(restored.has(id)).toBe(recent.has(id));
    expect([...restored.values()]).toEqual([...recent.values()]);
  });

  it('capacity 0 remembers nothing', () => {
    const recent = new RecentClientIds(0);
    recent.add(5);
    expect(recent.has(5)).toBe(false);
  });
});
