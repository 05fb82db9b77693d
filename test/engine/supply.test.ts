/**
 * SupplyQueue against a plain list of lots: a queue starts with no arrays (an idle series holds
 * none, issue 58) and must behave the same from its first lot on, through growth, compaction
 * after redemptions, and redemption across lots.
 */
import { describe, expect, it } from 'vitest';
import { SupplyQueue, type SupplyLot } from '../../src/engine/supply.js';
import { prng } from '../support/engine-fixture.js';

/** The reference: lots as objects, neighbours of one provider merged, oldest redeemed first (held pro rata, floored, the last right taking the rest). */
class ListSupply {
  lots: SupplyLot[] = [];
  add(provider: number, qty: number, held: number): void {
    const last = this.lots[this.lots.length - 1];
    if (last !== undefined && last.providerAccountId === provider) {
      last.qty += qty;
      last.heldMicros += held;
    } else this.lots.push({ providerAccountId: provider, qty, heldMicros: held });
  }
  redeem(qty: number): SupplyLot[] {
    const out: SupplyLot[] = [];
    while (qty > 0) {
      const lot = this.lots[0]!;
      const take = Math.min(qty, lot.qty);
      const held = take === lot.qty ? lot.heldMicros : Math.floor((lot.heldMicros * take) / lot.qty);
      const share = out.find((s) => s.providerAccountId === lot.providerAccountId);
      if (share === undefined) out.push({ providerAccountId: lot.providerAccountId, qty: take, heldMicros: held });
      else {
        share.qty += take;
        share.heldMicros += held;
      }
      lot.qty -= take;
      lot.heldMicros -= held;
      if (lot.qty === 0) this.lots.shift();
      qty -= take;
    }
    return out;
  }
  get total(): number {
    return this.lots.reduce((n, l) => n + l.qty, 0);
  }
}

describe('SupplyQueue', () => {
  it('an empty queue has nothing, and its first lot is kept', () => {
    const q = new SupplyQueue();
    expect([q.total, q.heldMicros, q.live()]).toEqual([0, 0, []]);
    q.add(7, 3, 300);
    expect(q.live()).toEqual([{ providerAccountId: 7, qty: 3, heldMicros: 300 }]);
  });

  it('matches a plain list of lots over random adds and redemptions (growth past 16, 32, … lots and compaction)', () => {
    const rand = prng(58);
    for (let round = 0; round < 20; round++) {
      const q = new SupplyQueue();
      const ref = new ListSupply();
      for (let step = 0; step < 2_000; step++) {
        if (rand() < 0.6 || ref.total === 0) {
          const provider = 1 + Math.floor(rand() * 5);
          const qty = 1 + Math.floor(rand() * 50);
          const held = Math.floor(rand() * 10_000);
          q.add(provider, qty, held);
          ref.add(provider, qty, held);
        } else {
          const qty = 1 + Math.floor(rand() * Math.min(ref.total, 120));
          expect(q.redeem(qty)).toEqual(ref.redeem(qty));
        }
        expect(q.total).toBe(ref.total);
      }
      expect(q.live()).toEqual(ref.lots);
    }
  });

  it('a queue that drains and fills again keeps its arrays (it moves its lots to the front, not grows)', () => {
    const q = new SupplyQueue();
    // Each round fills the arrays to their end exactly, then drains them: the next lot finds the queue empty at the end.
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 16; i++) q.add(1 + (i % 2), 1, 10);
      q.redeem(16);
      expect(q.total).toBe(0);
    }
    expect(q['providers'].length).toBe(16);
  });
});
