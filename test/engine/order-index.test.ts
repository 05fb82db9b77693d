/**
 * OrderIndex: the engine's index of live orders by order id and by client order id,
 * keyed by the order's own field. Checked against a JS Map under random add/delete/get
 * sequences from the smallest table, with keys that use all 53 bits, and with probe
 * clusters that wrap around the end of the table (where backward shift is easiest to
 * get wrong).
 */
import { describe, expect, it } from 'vitest';

import { OrderIndex, OrderKey } from '../../src/engine/order-index.js';
import { RestingOrder } from '../../src/engine/order.js';
import { prng } from '../support/engine-fixture.js';

function order(orderId: number, clientOrderId: number): RestingOrder {
  const o = new RestingOrder();
  o.orderId = orderId;
  o.clientOrderId = clientOrderId;
  return o;
}

function homeOf(index: OrderIndex, key: number): number {
  return (index as unknown as { home(k: number): number }).home(key);
}

function slotCount(index: OrderIndex): number {
  return (index as unknown as { slots: unknown[] }).slots.length;
}

function expectAgrees(index: OrderIndex, model: Map<number, RestingOrder>, absent: Iterable<number>): void {
  expect(index.size).toBe(model.size);
  for (const [k, o] of model) if (index.get(k) !== o) throw new Error(`key ${k}: not found`);
  for (const k of absent) if (!model.has(k) && index.has(k)) throw new Error(`key ${k} should be absent`);
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
});
