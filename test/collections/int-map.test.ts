/**
 * IntMap: open addressing with linear probing and backward-shift deletion. Checked
 * against a JS Map under random insert/delete/get sequences, heavy deletion,
 * growth from the smallest table, very large keys, and hand-built probe clusters
 * that wrap around the end of the table (where backward shift is easiest to get wrong).
 */
import { describe, expect, it } from 'vitest';

import { IntMap } from '../../src/collections/index.js';
import { prng } from '../support/engine-fixture.js';

/** The table's home slot for a key at its current size (private; read for building collisions). */
function homeOf(map: IntMap<unknown>, key: number): number {
  return (map as unknown as { home(k: number): number }).home(key);
}

function slotsOf(map: IntMap<unknown>): number {
  return (map as unknown as { keys: Float64Array }).keys.length;
}

/** Every key of the model is found with its value, and `absent` keys are not. */
function expectAgrees<V>(map: IntMap<V>, model: Map<number, V>, absent: Iterable<number> = []): void {
  if (map.size !== model.size) throw new Error(`size ${map.size}, model ${model.size}`);
  for (const [k, v] of model) {
    if (map.get(k) !== v || !map.has(k)) throw new Error(`key ${k}: expected ${String(v)}, got ${String(map.get(k))} (has=${map.has(k)})`);
  }
  for (const k of absent) {
    if (model.has(k)) continue;
    if (map.has(k) || map.get(k) !== undefined) throw new Error(`key ${k} should be absent`);
  }
}

describe('IntMap basics', () => {
  it('set, replace, get, has, delete', () => {
    const m = new IntMap<string>();
    expect(m.size).toBe(0);
    expect(m.get(1)).toBeUndefined();
    expect(m.has(1)).toBe(false);
    expect(m.delete(1)).toBe(false);
    m.set(1, 'a');
    m.set(2, 'b');
    expect(m.get(1)).toBe('a');
    expect(m.size).toBe(2);
    m.set(1, 'c');
    expect(m.get(1)).toBe('c');
    expect(m.size).toBe(2);
    expect(m.delete(1)).toBe(true);
    expect(m.delete(1)).toBe(false);
    expect(m.has(1)).toBe(false);
    expect(m.get(2)).toBe('b');
    expect(m.size).toBe(1);
  });

  it('stores falsy values distinctly from absence', () => {
    const m = new IntMap<number | null | boolean>();
    m.set(5, 0);
    m.set(6, null);
    m.set(7, false);
    expect(m.has(5) && m.has(6) && m.has(7)).toBe(true);
    expect(m.get(5)).toBe(0);
    expect(m.get(6)).toBeNull();
    expect(m.get(7)).toBe(false);
  });

  it('get of key 0 (never stored: 0 marks an empty slot) finds nothing', () => {
    // Keys must be positive; the engine looks up 0 only through get() (cancel by
    // client order id 0), which must stay undefined. (has(0) is not meaningful.)
    const m = new IntMap<string>(4);
    for (let k = 1; k <= 50; k++) m.set(k, `v${k}`);
    for (let k = 1; k <= 50; k += 2) m.delete(k);
    expect(m.get(0)).toBeUndefined();
  });

  it('handles keys up to 2^53 − 1, including keys that differ only above bit 32', () => {
    const m = new IntMap<number>(2);
    const model = new Map<number, number>();
    const keys: number[] = [];
    for (let i = 1; i <= 200; i++) {
      keys.push(i * 2 ** 32 + 7); // same low 32 bits
      keys.push(Number.MAX_SAFE_INTEGER - i);
      keys.push(2 ** 32 - i);
      keys.push(2 ** 32 + i);
    }
    keys.forEach((k, i) => {
      m.set(k, i);
      model.set(k, i);
    });
    expectAgrees(m, model);
    for (let i = 0; i < keys.length; i += 3) {
      m.delete(keys[i]!);
      model.delete(keys[i]!);
    }
    expectAgrees(m, model, keys);
  });
});

describe('IntMap against a Map model', () => {
  it('random insert/delete/get over a small key space (many collisions)', () => {
    const rnd = prng(1);
    const m = new IntMap<number>(4);
    const model = new Map<number, number>();
    const universe = Array.from({ length: 3_000 }, (_, i) => i + 1);
    for (let step = 0; step < 120_000; step++) {
      const k = 1 + Math.floor(rnd() * universe.length);
      const r = rnd();
      if (r < 0.45) {
        m.set(k, step);
        model.set(k, step);
      } else if (r < 0.85) {
        if (m.delete(k) !== model.delete(k)) throw new Error(`step ${step}: delete ${k} disagrees`);
      } else if (m.get(k) !== model.get(k) || m.has(k) !== model.has(k)) {
        throw new Error(`step ${step}: key ${k} disagrees`);
      }
      if (step % 20_000 === 0) expectAgrees(m, model, universe);
    }
    expectAgrees(m, model, universe);
  });

  it('random sparse keys across the safe-integer range', () => {
    const rnd = prng(2);
    const m = new IntMap<number>();
    const model = new Map<number, number>();
    const seen: number[] = [];
    for (let step = 0; step < 50_000; step++) {
      if (rnd() < 0.6 || seen.length === 0) {
        const k = 1 + Math.floor(rnd() * (Number.MAX_SAFE_INTEGER - 1));
        seen.push(k);
        m.set(k, step);
        model.set(k, step);
      } else {
        const k = seen[Math.floor(rnd() * seen.length)]!;
        if (m.delete(k) !== model.delete(k)) throw new Error(`step ${step}: delete ${k} disagrees`);
      }
    }
    expectAgrees(m, model, seen);
  });

  it('grows from the smallest table to 100 000 entries, then deletes them all in random order', () => {
    const rnd = prng(3);
    const m = new IntMap<number>(1);
    expect(slotsOf(m)).toBe(4);
    const model = new Map<number, number>();
    const n = 100_000;
    for (let k = 1; k <= n; k++) {
      m.set(k * 7919, k);
      model.set(k * 7919, k);
    }
    expect(slotsOf(m)).toBeGreaterThanOrEqual(4 * n);
    expectAgrees(m, model);
    const order = [...model.keys()];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const deleted: number[] = [];
    for (let i = 0; i < order.length; i++) {
      const k = order[i]!;
      if (!m.delete(k)) throw new Error(`key ${k} not deleted`);
      model.delete(k);
      deleted.push(k);
      if (i % 10_000 === 0) expectAgrees(m, model, deleted.slice(-2_000));
    }
    expect(m.size).toBe(0);
    expectAgrees(m, model, order);
    // Reusable after being emptied.
    for (let k = 1; k <= 1_000; k++) m.set(k, -k);
    for (let k = 1; k <= 1_000; k++) if (m.get(k) !== -k) throw new Error(`key ${k} lost after reuse`);
  });

  it('sliding window churn like an order index: insert id n, delete id n − W', () => {
    const m = new IntMap<number>(8);
    const W = 1_000;
    for (let id = 1; id <= 200_000; id++) {
      m.set(id, id);
      if (id > W && !m.delete(id - W)) throw new Error(`id ${id - W} not deleted`);
      if (id % 25_000 === 0) {
        expect(m.size).toBe(W);
        for (let k = id - W + 1; k <= id; k++) if (m.get(k) !== k) throw new Error(`live id ${k} lost at ${id}`);
        for (let k = id - 2 * W; k <= id - W; k++) if (m.has(k)) throw new Error(`dead id ${k} found at ${id}`);
      }
    }
    // The table did not grow without bound under churn.
    expect(slotsOf(m)).toBeLessThanOrEqual(8 * W);
  });

  it('random deletions out of a full cluster keep every remaining key reachable', () => {
    const rnd = prng(4);
    for (let trial = 0; trial < 100; trial++) {
      const m = new IntMap<number>(4096);
      const model = new Map<number, number>();
      // Just under a quarter full, so the table never grows while keys leave it.
      const keys: number[] = [];
      const base = 1 + Math.floor(rnd() * 1_000_000);
      for (let k = base; keys.length < 1_000; k++) if (rnd() < 0.5) keys.push(k);
      for (const k of keys) {
        m.set(k, k);
        model.set(k, k);
      }
      for (let i = 0; i < 600; i++) {
        const k = keys[Math.floor(rnd() * keys.length)]!;
        if (m.delete(k) !== model.delete(k)) throw new Error(`trial ${trial}: delete ${k} disagrees`);
      }
      expectAgrees(m, model, keys);
    }
  });
});

describe('IntMap backward shift around the end of the table', () => {
  /** Keys, found by search, whose home slots in a 64-slot table are the given slots. */
  function keysWithHomes(homes: number[]): number[] {
    const probe = new IntMap<number>(64);
    expect(slotsOf(probe)).toBe(64);
    const want = new Map<number, number>();
    for (const h of homes) want.set(h, (want.get(h) ?? 0) + 1);
    const out: number[] = [];
    for (let k = 1; out.length < homes.length; k++) {
      const h = homeOf(probe, k);
      const n = want.get(h) ?? 0;
      if (n > 0) {
        want.set(h, n - 1);
        out.push(k);
      }
    }
    return out;
  }

  it('every insertion and deletion order of a wrapping cluster agrees with the model', () => {
    // Homes 61, 62, 62, 63, 63, 0, 0, 1 (a run that wraps from slot 63 to slot 0),
    // plus two keys elsewhere; 10 keys stay below a quarter of 64 slots.
    const cluster = keysWithHomes([61, 62, 62, 63, 63, 0, 0, 1, 30, 31]);
    const rnd = prng(5);
    for (let trial = 0; trial < 3_000; trial++) {
      const ins = [...cluster].sort(() => rnd() - 0.5);
      const del = [...cluster].sort(() => rnd() - 0.5);
      const m = new IntMap<number>(64);
      const model = new Map<number, number>();
      for (const k of ins) {
        m.set(k, k * 3);
        model.set(k, k * 3);
      }
      expect(slotsOf(m)).toBe(64);
      for (let i = 0; i < del.length; i++) {
        const k = del[i]!;
        if (!m.delete(k)) throw new Error(`trial ${trial}: ${k} not deleted`);
        model.delete(k);
        expectAgrees(m, model, cluster);
        // Re-insert now and then: a hole must be reusable.
        if (rnd() < 0.2) {
          m.set(k, -k);
          if (m.get(k) !== -k) throw new Error(`trial ${trial}: re-inserted ${k} lost`);
          m.delete(k);
        }
      }
      if (m.size !== 0) throw new Error(`trial ${trial}: size ${m.size}`);
    }
  });
});
