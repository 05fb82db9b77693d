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

  interface Flow {
    steps: number;
    providers: number;
    /** Shares of the steps that add, remove a provider's newest rights, and cut the queue (to a random part of its total); the rest redeem. */
    add: number;
    remove: number;
    cut: number;
    /** Of the redemptions, the share that may take up to everything (the rest take at most 120 rights). */
    bigRedeem: number;
    checkEvery: number;
  }

  /** A random flow on a queue and on the reference list, compared as it goes; returns the most lots the list held. */
  function matchesList(seed: number, f: Flow): number {
    const { steps, providers, add: addShare, checkEvery } = f;
    const rand = prng(seed);
    const q = new SupplyQueue();
    const ref = new ListSupply();
    let mostLots = 0;
    for (let step = 0; step < steps; step++) {
      const roll = rand();
      if (roll < addShare || ref.total === 0) {
        const provider = 1 + Math.floor(rand() * providers);
        const qty = 1 + Math.floor(rand() * 50);
        const held = Math.floor(rand() * 10_000);
        q.add(provider, qty, held);
        ref.add(provider, qty, held);
      } else if (roll < addShare + f.remove) {
        // Rules 3's adoption: a provider's newest rights leave (lots empty, neighbours merge, and the next add must see the new newest lot).
        const provider = 1 + Math.floor(rand() * providers);
        const qty = 1 + Math.floor(rand() * 60);
        expect(q.removeNewest(provider, qty)).toBe(ref.removeNewest(provider, qty));
      } else if (roll < addShare + f.remove + f.cut) {
        const total = Math.floor(rand() * ref.total);
        q.truncate(total);
        ref.truncate(total);
      } else {
        const most = rand() < f.bigRedeem ? ref.total : Math.min(ref.total, 120);
        const qty = 1 + Math.floor(rand() * most);
        expect(q.redeem(qty)).toEqual(ref.redeem(qty));
      }
      mostLots = Math.max(mostLots, ref.lots.length);
      if (step % checkEvery === 0) {
        expect(q.total).toBe(ref.total);
        expect(q.heldMicros).toBe(ref.lots.reduce((n, l) => n + l.heldMicros, 0));
        expect(q.lotCount).toBe(ref.lots.length);
      }
    }
    expect(q.live()).toEqual(ref.lots);
    return mostLots;
  }

  it('matches a plain list of lots over random adds, redemptions, removals and cuts (growth past 16, 32, … lots and compaction)', () => {
    for (let round = 0; round < 20; round++) matchesList(58 + round, { steps: 2_000, providers: 5, add: 0.6, remove: 0.05, cut: 0.03, bigRedeem: 0, checkEvery: 1 });
  });

  it('matches it past many chunks of lots: the tail chaining chunks, the head redeeming across them and dropping them', () => {
    // 100 providers, so lots seldom merge: thousands of lots, more than two chunks of 2,048.
    for (let round = 0; round < 3; round++) expect(matchesList(79 + round, { steps: 40_000, providers: 100, add: 0.8, remove: 0.05, cut: 0.00002, bigRedeem: 0.0005, checkEvery: 97 })).toBeGreaterThan(2 * 2_048);
  });

  it('a queue that drains and fills again keeps its array (it moves its lots to the front, not grows)', () => {
    const q = new SupplyQueue();
    // Each round fills the array to its end exactly, then drains them: the next lot finds the queue empty at the end.
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 16; i++) q.add(1 + (i % 2), 1, 10);
      q.redeem(16);
      expect(q.total).toBe(0);
    }
    expect([q['first'].length, q['rest']]).toEqual([16 * 3, null]); // one array of 16 lots of three numbers
  });

  it('a queue past its first chunk keeps it and one spare when it drains, and its memory follows its lots, not its history', () => {
    const q = new SupplyQueue();
    for (let round = 0; round < 5; round++) {
      // 10,000 lots of alternating providers: five chunks of 2,048.
      for (let i = 0; i < 10_000; i++) q.add(1 + (i % 2), 1, 10);
      expect(q['rest']?.length).toBe(4);
      q.redeem(9_000); // the head past four chunks: they go, the last kept as the spare
      expect([q['rest'], q['spare']?.length]).toEqual([null, 2_048 * 3]);
      expect([q.total, q.heldMicros, q.lotCount]).toEqual([1_000, 10_000, 1_000]);
      q.redeem(1_000);
      expect([q['rest'], q.lotCount]).toEqual([null, 0]);
    }
    expect(q['first'].length).toBe(2_048 * 3);
  });
});
