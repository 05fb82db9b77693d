/**
 * SupplyQueue against a plain list of lots: a queue starts with no arrays (an idle series holds
 * none, issue 58) and must behave the same from its first lot on, through growth, compaction
 * after redemptions, and redemption across lots.
 */
import { describe, expect, it } from 'vitest';
import { SupplyQueue, type SupplyLot } from '../../src/engine/core/supply.js';
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
  /** Up to `qty` of one provider's rights, newest lots first (held pro rata, floored; a whole lot takes its all); emptied lots go and neighbours merge. */
  removeNewest(provider: number, qty: number): number {
    let left = qty;
    for (let i = this.lots.length - 1; i >= 0 && left > 0; i--) if (this.lots[i]!.providerAccountId === provider) left -= this.take(this.lots[i]!, left);
    this.compact();
    return qty - left;
  }
  truncate(total: number): void {
    let excess = this.total - total;
    for (let i = this.lots.length - 1; i >= 0 && excess > 0; i--) excess -= this.take(this.lots[i]!, excess);
    this.compact();
  }
  private take(lot: SupplyLot, most: number): number {
    const take = Math.min(most, lot.qty);
    lot.heldMicros -= take === lot.qty ? lot.heldMicros : Math.floor((lot.heldMicros * take) / lot.qty);
    lot.qty -= take;
    return take;
  }
  private compact(): void {
    const live = this.lots.filter((l) => l.qty > 0);
    this.lots = [];
    for (const l of live) this.add(l.providerAccountId, l.qty, l.heldMicros);
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

  it('matches a plain list of lots over random adds, redemptions, removals and cuts (growth past 16, 32, … lots and compaction)', () => {
    const rand = prng(58);
    for (let round = 0; round < 20; round++) {
      const q = new SupplyQueue();
      const ref = new ListSupply();
      for (let step = 0; step < 2_000; step++) {
        const roll = rand();
        if (roll < 0.6 || ref.total === 0) {
          const provider = 1 + Math.floor(rand() * 5);
          const qty = 1 + Math.floor(rand() * 50);
          const held = Math.floor(rand() * 10_000);
          q.add(provider, qty, held);
          ref.add(provider, qty, held);
        } else if (roll < 0.65) {
          // Rules 3's adoption: a provider's newest rights leave (lots empty, neighbours merge, and the next add must see the new newest lot).
          const provider = 1 + Math.floor(rand() * 5);
          const qty = 1 + Math.floor(rand() * 60);
          expect(q.removeNewest(provider, qty)).toBe(ref.removeNewest(provider, qty));
        } else if (roll < 0.68) {
          const total = Math.floor(rand() * ref.total);
          q.truncate(total);
          ref.truncate(total);
        } else {
          const qty = 1 + Math.floor(rand() * Math.min(ref.total, 120));
          expect(q.redeem(qty)).toEqual(ref.redeem(qty));
        }
        expect(q.total).toBe(ref.total);
        expect(q.heldMicros).toBe(ref.lots.reduce((n, l) => n + l.heldMicros, 0));
      }
      expect(q.live()).toEqual(ref.lots);
    }
  });

  it('a queue that drains and fills again keeps its array (it moves its lots to the front, not grows)', () => {
    const q = new SupplyQueue();
    // Each round fills the array to its end exactly, then drains them: the next lot finds the queue empty at the end.
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 16; i++) q.add(1 + (i % 2), 1, 10);
      q.redeem(16);
      expect(q.total).toBe(0);
    }
    expect(q['lots'].length).toBe(16 * 3); // 16 lots of three numbers
  });
});
