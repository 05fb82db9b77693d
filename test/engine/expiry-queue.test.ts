/**
 * The expiry queue answers for one order (ExpiryQueue.expiryOf, a sorted pair of arrays beside its heap): a live GTD order's lapse, which the account's order
 * view (`patx orders`' UNTIL) and the snapshot read, from the moment the order rests until its entry leaves the heap,
 * also when it leaves the book early (the heap keeps the entry until its time). Through the engine, with a snapshot.
 */
import { describe, expect, it } from 'vitest';
import { ExpiryQueue } from '../../src/engine/core/expiry-queue.js';
import { decodeState, encodeState } from '../../src/engine/index.js';
import { CommandKind, createFixture, Side, TimeInForce } from '../support/engine-fixture.js';

describe('the expiry queue by order id', () => {
  it('pops in time order, ties by order id, and answers for each entry until it pops', () => {
    const q = new ExpiryQueue();
    q.push(300, 7);
    q.push(100, 9);
    q.push(100, 8);
    expect([q.expiryOf(7), q.expiryOf(8), q.expiryOf(9), q.expiryOf(10)]).toEqual([300, 100, 100, undefined]);
    expect(q.pop()).toBe(8);
    expect(q.expiryOf(8)).toBeUndefined();
    expect([q.pop(), q.pop()]).toEqual([9, 7]);
    expect([q.size, q.expiryOf(7)]).toEqual([0, undefined]);
    q.push(5, 1);
    q.clear();
    expect(q.expiryOf(1)).toBeUndefined();
  });

  it('answers for thousands of entries joined out of id order (a decoded snapshot), as they pop and the rest are compacted', () => {
    const q = new ExpiryQueue();
    const expiry = (id: number): number => 1_000_000 + ((id * 7_919) % 5_000);
    const ids = Array.from({ length: 5_000 }, (_, i) => ((i * 3_001) % 5_000) + 1); // 1..5000, shuffled
    for (const id of ids) q.push(expiry(id), id);
    for (const id of [1, 2_500, 5_000]) expect(q.expiryOf(id)).toBe(expiry(id));
    const popped = new Set<number>();
    for (let k = 0; k < 4_000; k++) popped.add(q.pop()); // past half gone: compacted on the way
    for (let id = 1; id <= 5_000; id++) expect(q.expiryOf(id)).toBe(popped.has(id) ? undefined : expiry(id));
    q.push(2_000_000, 5_001); // appended after, in id order
    expect([q.expiryOf(5_001), q.size]).toEqual([2_000_000, 1_001]);
  });

  it("an engine's GTD order: its lapse while it rests, after a snapshot too; none after it lapses", () => {
    const fx = createFixture({ consumers: 1 });
    const consumer = fx.consumers[0]!;
    const lapse = fx.nowMs + 60_000;
    const id = fx.place(consumer, Side.BUY, 500_000, 2, { tif: TimeInForce.GTD, expireAtMs: lapse });
    const gtc = fx.place(consumer, Side.BUY, 490_000, 1);
    expect([fx.engine.expiries.expiryOf(id), fx.engine.expiries.expiryOf(gtc)]).toEqual([lapse, undefined]);
    const restored = decodeState(encodeState(fx.engine));
    expect(restored.expiries.expiryOf(id)).toBe(lapse);
    fx.submit({ kind: CommandKind.EXPIRE_ORDERS, actor: 0, cutoffMs: lapse });
    expect([fx.engine.orders.get(id), fx.engine.expiries.expiryOf(id)]).toEqual([undefined, undefined]);
  });
});
