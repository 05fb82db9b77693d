/**
 * OrderIndex: the engine's index of live orders by order id and by client order id,
 * keyed by the order's own field. Checked against a JS Map under random add/delete/get
 * sequences from the smallest table, with keys that use all 53 bits, and with probe
 * clusters that wrap around the end of the table (where backward shift is easiest to
 * get wrong), and with keys whose hashes are equal.
 */
import { describe, expect, it } from 'vitest';

import { OrderIdIndex } from '../../src/engine/core/order-id-index.js';
import { OrderIndex, OrderKey } from '../../src/engine/core/order-index.js';
import { RestingOrder } from '../../src/engine/core/order.js';
import { prng } from '../support/engine-fixture.js';

function order(orderId: number, clientOrderId: number): RestingOrder {
  const o = new RestingOrder();
  o.orderId = orderId;
  o.clientOrderId = clientOrderId;
  return o;
}

function homeOf(index: OrderIndex, key: number): number {
  return (index as unknown as { hashOf(k: number): number }).hashOf(key) & (slotCount(index) - 1);
}

function slotCount(index: OrderIndex): number {
  return (index as unknown as { slots: unknown[] }).slots.length;
}

function expectAgrees(index: OrderIndex | OrderIdIndex, model: Map<number, RestingOrder>, absent: Iterable<number>): void {
  expect(index.size).toBe(model.size);
  for (const [k, o] of model) if (index.get(k) !== o) throw new Error(`key ${k}: not found`);
  for (const k of absent) if (!model.has(k) && index.get(k) !== undefined) throw new Error(`key ${k} should be absent`);
}

describe('OrderIndex', () => {
  it('adds, finds and deletes by either key', () => {
    const byId = new OrderIndex(OrderKey.ORDER_ID);
    const byClient = new OrderIndex(OrderKey.CLIENT_ORDER_ID);
    const a = order(1, 900);
    const b = order(2, 2 ** 53 - 1);
    for (const o of [a, b]) {
      byId.add(o);
      byClient.add(o);
    }
    expect(byId.get(1)).toBe(a);
    expect(byId.get(900)).toBeUndefined();
    expect(byClient.get(900)).toBe(a);
    expect(byClient.get(2 ** 53 - 1)).toBe(b);
    expect(byClient.has(1)).toBe(false);
    expect(byId.delete(1)).toBe(true);
    expect(byId.delete(1)).toBe(false);
    expect(byId.get(1)).toBeUndefined();
    expect(byId.get(2)).toBe(b);
    expect(byId.size).toBe(1);
  });

  it('agrees with a Map under random churn, growing from the smallest table', () => {
    const rand = prng(7);
    for (const key of [OrderKey.ORDER_ID, OrderKey.CLIENT_ORDER_ID]) {
      const index = new OrderIndex(key, 4);
      const model = new Map<number, RestingOrder>();
      const probes: number[] = [];
      let nextId = 1;
      for (let step = 0; step < 20_000; step++) {
        const r = rand();
        if (r < 0.55 || model.size === 0) {
          // Client ids: random over 53 bits, or small; order ids: increasing, as the engine gives them.
          const clientId = rand() < 0.5 ? 1 + Math.floor(rand() * (2 ** 53 - 2)) : 1 + Math.floor(rand() * 5_000);
          const id = nextId++;
          const k = key === OrderKey.ORDER_ID ? id : clientId;
          if (model.has(k)) continue; // the engine never indexes a key twice
          const o = order(id, clientId);
          index.add(o);
          model.set(k, o);
          probes.push(k);
        } else {
          const keys = [...model.keys()];
          const k = keys[Math.floor(rand() * keys.length)]!;
          expect(index.delete(k)).toBe(true);
          model.delete(k);
        }
        if (step % 997 === 0) expectAgrees(index, model, probes.slice(-200));
      }
      expectAgrees(index, model, probes);
      expect(slotCount(index)).toBeGreaterThanOrEqual(model.size * 2);
    }
  });

  it('backward shift keeps a cluster that wraps around the end findable', () => {
    const index = new OrderIndex(OrderKey.ORDER_ID, 64);
    const slots = slotCount(index);
    // Keys whose home is one of the last two slots, so their run wraps to the start.
    const tail: number[] = [];
    for (let k = 1; tail.length < 6; k++) if (homeOf(index, k) >= slots - 2) tail.push(k);
    // And keys homed at slot 0 and 1, which the wrapped run pushes along.
    const head: number[] = [];
    for (let k = 1; head.length < 4; k++) if (homeOf(index, k) <= 1 && !tail.includes(k)) head.push(k);
    const model = new Map<number, RestingOrder>();
    for (const k of [...tail, ...head]) {
      const o = order(k, 0);
      index.add(o);
      model.set(k, o);
    }
    expect(slotCount(index)).toBe(slots); // no growth: the clusters are what is tested
    for (const k of [tail[0]!, head[0]!, tail[3]!, head[2]!]) {
      expect(index.delete(k)).toBe(true);
      model.delete(k);
      expectAgrees(index, model, [...tail, ...head]);
    }
  });

  it('tells apart keys whose hashes are equal, through probes, deletion and growth', () => {
    // The hash mixes the key's low and high 32-bit halves by XOR first: k and (k XOR m) + m·2^32 hash alike.
    const same = [1, 2 ** 32, 3 * 2 ** 32 + 2, 5 * 2 ** 32 + 4];
    expect(new Set(same.map((k) => homeOf(new OrderIndex(OrderKey.CLIENT_ORDER_ID, 1 << 20), k))).size).toBe(1);
    const index = new OrderIndex(OrderKey.CLIENT_ORDER_ID, 4);
    const model = new Map<number, RestingOrder>();
    same.forEach((k, i) => {
      const o = order(i + 1, k);
      index.add(o); // four keys in a 4-slot table: it grows twice on the way
      model.set(k, o);
      expectAgrees(index, model, same);
    });
    for (const k of [same[1]!, same[0]!, same[3]!]) {
      expect(index.delete(k)).toBe(true);
      model.delete(k);
      expectAgrees(index, model, same);
    }
    expect(index.get(same[2]!)).toBe(model.get(same[2]!));
  });
});

describe('OrderIdIndex (the newest ids by the id itself, older ones hashed)', () => {
  it('agrees with a Map as the window moves on: long-lived orders move to the hash part and stay findable', () => {
    const rand = prng(11);
    const index = new OrderIdIndex(4);
    const model = new Map<number, RestingOrder>();
    const live: number[] = [];
    for (let id = 1; id <= 300_000; id++) {
      const o = order(id, 0);
      index.add(o);
      model.set(id, o);
      live.push(id);
      // Most orders go soon; about one in fifty stays (a GTC order far from the price).
      if (rand() < 0.98) {
        const at = live.length - 1 - Math.floor(rand() * Math.min(live.length, 50));
        const gone = live[at]!;
        live[at] = live[live.length - 1]!;
        live.pop();
        // Half by id (delete), half as the engine retires an order it indexed (remove).
        if (gone % 2 === 0) {
          if (!index.delete(gone)) throw new Error(`id ${gone}: not deleted`);
        } else index.remove(model.get(gone)!);
        if (index.delete(gone)) throw new Error(`id ${gone}: deleted twice`);
        model.delete(gone);
      }
      if (id % 49_999 === 0) expectAgrees(index, model, [id - 70_000, id - 1, id + 1, id + 70_000]);
    }
    expectAgrees(index, model, []);
    // The oldest survivors are in the hash part by now, and go from there.
    const oldest = Math.min(...model.keys());
    expect(oldest).toBeLessThan(300_000 - (1 << 16));
    expect(index.delete(oldest)).toBe(true);
    model.delete(oldest);
    expectAgrees(index, model, [oldest]);
  });

  it('takes ids in any order (a snapshot restores orders in book order) and jumps of more than a window', () => {
    const rand = prng(5);
    const index = new OrderIdIndex(4);
    const model = new Map<number, RestingOrder>();
    const ids = new Set<number>();
    while (ids.size < 5_000) ids.add(1 + Math.floor(rand() * 2_000_000));
    ids.add(2 ** 40); // far above everything: the window jumps and sweeps once
    for (const id of ids) {
      const o = order(id, 0);
      index.add(o);
      model.set(id, o);
    }
    expectAgrees(index, model, [0, 3, 2 ** 40 + 1, 2 ** 53 - 1]);
    for (const id of [...ids].slice(0, 2_500)) {
      expect(index.delete(id)).toBe(true);
      model.delete(id);
    }
    expectAgrees(index, model, ids);
    // remove(order), the engine's way for an order it indexed: from the window, a page or the hash part alike.
    for (const id of [...ids].slice(2_500, 4_000)) {
      index.remove(model.get(id)!);
      model.delete(id);
    }
    expectAgrees(index, model, ids);
  });

  it('keeps a dense chunk the window leaves as a page: found by slot, and hashed once it thins out', () => {
    const pageCount = (index: OrderIdIndex): number => (index as unknown as { pages: Map<number, unknown> }).pages.size;
    const index = new OrderIdIndex(4);
    const model = new Map<number, RestingOrder>();
    // A deep book filling up: every order stays, so each chunk of 4,096 ids the 65,536-id window leaves is dense.
    for (let id = 1; id <= 150_000; id++) {
      const o = order(id, 0);
      index.add(o);
      model.set(id, o);
    }
    const pagesFull = pageCount(index);
    expect(pagesFull).toBeGreaterThanOrEqual(20);
    expectAgrees(index, model, [0, 1.5, 150_001]);
    // The oldest 80,000 go, at random: each page is found by slot until fewer than a quarter of
    // its slots are live, then its orders are in the hash part, and every order is still found.
    const rand = prng(3);
    const old = Array.from({ length: 80_000 }, (_, i) => i + 1);
    for (let n = 0; n < 78_000; n++) {
      const at = Math.floor(rand() * old.length);
      const id = old[at]!;
      old[at] = old[old.length - 1]!;
      old.pop();
      expect(index.delete(id)).toBe(true);
      expect(index.delete(id)).toBe(false);
      model.delete(id);
      if (n % 9_973 === 0) expectAgrees(index, model, [id]);
    }
    expect(pageCount(index)).toBeLessThan(pagesFull);
    expectAgrees(index, model, [1, 2, 3]);
    // Ids below the window added again out of order (as a snapshot restores orders in book
    // order) land in their page, or in the hash part when it has none.
    for (const id of [5, 70_000, 100_000].filter((k) => !model.has(k))) {
      const o = order(id, 0);
      index.add(o);
      model.set(id, o);
    }
    expectAgrees(index, model, []);
    for (const id of [...model.keys()]) {
      expect(index.delete(id)).toBe(true);
      model.delete(id);
    }
    expect(index.size).toBe(0);
    expect(pageCount(index)).toBe(0);
  });

  it('finds nothing for a key that is no order id: not an integer, zero, negative, above the window', () => {
    const index = new OrderIdIndex();
    const o = order(1, 0);
    index.add(o);
    expect(index.get(1)).toBe(o);
    for (const k of [1.5, 1 + 2 ** 16, 0, -1, Number.NaN, 2 ** 53]) {
      expect(index.get(k)).toBeUndefined();
      expect(index.delete(k)).toBe(false);
    }
    expect(index.size).toBe(1);
  });
});
