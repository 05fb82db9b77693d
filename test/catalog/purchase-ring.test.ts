/**
 * The purchase ring (src/catalog/purchase-ring.ts) on its own, both ends in this thread: writes
 * read back whole and in order across the ring's wrap, a full ring refuses a write and publishes
 * nothing of it, and a write whose contract's name has not reached the reader waits for it.
 */
import { describe, expect, it } from 'vitest';
import type { Purchase } from '../../src/catalog/purchase.js';
import { createPurchaseRing, PurchaseRingReader, PurchaseRingWriter } from '../../src/catalog/purchase-ring.js';

function purchase(tradeId: number, contract = 'C|7D|0.70-0.85'): Purchase {
  return { tradeId, seq: 3 * tradeId, atMs: 1_764_300_000_000 + tradeId, consumerAccountId: 1 + (tradeId % 7), seriesId: 1 + (tradeId % 3), contract, qty: 1 + (tradeId % 4), priceMicros: 1_000 * tradeId, feeMicros: tradeId % 5 === 0 ? 3 * tradeId : undefined, listings: tradeId % 2 === 0 ? [{ listingId: tradeId, version: 2 }] : [] };
}

describe('the purchase ring', () => {
  it('reads back every write whole and in order, round the ring many times, with the last seq and record number', () => {
    const buffers = createPurchaseRing(100);
    const reader = new PurchaseRingReader(buffers);
    const writer = new PurchaseRingWriter(buffers, (id, contract) => reader.nameContract(id, contract));
    let tradeId = 1;
    for (let round = 1; round <= 50; round++) {
      const batch = [purchase(tradeId++), purchase(tradeId++, `D${round % 3}|1D|0.85-1.00`)];
      expect(writer.tryWrite(batch, 10 * round, round)).toBe(true);
      const read = reader.drain()!;
      expect(read).toEqual({ purchases: batch, throughSeq: 10 * round, recordNo: round });
      reader.release();
    }
    expect(reader.drain()).toBeUndefined();
  });

  it('refuses a write it has no room for and publishes nothing of it; room comes back once the reader releases', () => {
    const buffers = createPurchaseRing(38);
    const reader = new PurchaseRingReader(buffers);
    const writer = new PurchaseRingWriter(buffers, (id, contract) => reader.nameContract(id, contract));
    expect(writer.tryWrite([purchase(1), purchase(3)], 1, 1)).toBe(true); // 2 × 11 + 3 slots
    expect(writer.tryWrite([purchase(5)], 2, 2)).toBe(false); // 14 more do not fit in the 12 left
    expect(reader.drain()).toEqual({ purchases: [purchase(1), purchase(3)], throughSeq: 1, recordNo: 1 });
    expect(writer.tryWrite([purchase(5)], 2, 2)).toBe(false); // drained, not yet released
    reader.release();
    expect(writer.tryWrite([purchase(5)], 2, 2)).toBe(true);
    expect(reader.drain()).toEqual({ purchases: [purchase(5)], throughSeq: 2, recordNo: 2 });
  });

  it('says it is filling once more than half the ring waits past the last drain (the writer then takes no naps)', () => {
    const buffers = createPurchaseRing(100);
    const reader = new PurchaseRingReader(buffers);
    const writer = new PurchaseRingWriter(buffers, (id, contract) => reader.nameContract(id, contract));
    expect(reader.filling()).toBe(false);
    writer.tryWrite([purchase(1), purchase(3), purchase(5)], 1, 1); // 3 × 11 + 3 = 36 slots
    expect(reader.filling()).toBe(false);
    expect(reader.drain()?.recordNo).toBe(1); // being written: what comes after it is behind
    writer.tryWrite([purchase(7), purchase(9), purchase(11)], 2, 2); // 36 behind
    expect(reader.filling()).toBe(false);
    writer.tryWrite([purchase(13), purchase(15)], 3, 3); // 36 + 25 = 61 of 100 behind
    expect(reader.filling()).toBe(true);
    reader.release();
    expect(reader.drain()?.recordNo).toBe(3);
    expect(reader.filling()).toBe(false);
  });

  it("holds a write whose contract's name has not come, and what follows it, until it comes; names never run out", () => {
    const buffers = createPurchaseRing(200_000);
    const reader = new PurchaseRingReader(buffers);
    const names: Array<[number, string]> = [];
    const writer = new PurchaseRingWriter(buffers, (id, contract) => names.push([id, contract]));
    reader.nameContract(0, 'A|7D|0.70-0.85');
    names.length = 0;
    writer.tryWrite([purchase(1, 'A|7D|0.70-0.85')], 1, 1); // numbered 0 by the writer too
    writer.tryWrite([purchase(2, 'B|7D|0.70-0.85')], 2, 2);
    writer.tryWrite([purchase(3, 'A|7D|0.70-0.85')], 3, 3);
    expect(names).toEqual([[0, 'A|7D|0.70-0.85'], [1, 'B|7D|0.70-0.85']]);
    // B's name is on its way: only the first write is read.
    expect(reader.drain()).toEqual({ purchases: [purchase(1, 'A|7D|0.70-0.85')], throughSeq: 1, recordNo: 1 });
    reader.release();
    expect(reader.drain()).toBeUndefined();
    reader.nameContract(1, 'B|7D|0.70-0.85');
    expect(reader.drain()).toEqual({ purchases: [purchase(2, 'B|7D|0.70-0.85'), purchase(3, 'A|7D|0.70-0.85')], throughSeq: 3, recordNo: 3 });
    reader.release();
    // Ten thousand contracts (some 300 KiB of names): each named once, each read back.
    const many = Array.from({ length: 10_000 }, (_, i) => purchase(100 + i, `SEGMENT_${i}_INTENT|7D|0.70-0.85`));
    for (const [i, p] of many.entries()) expect(writer.tryWrite([p], 100 + i, 100 + i)).toBe(true);
    for (const [id, contract] of names) reader.nameContract(id, contract);
    const read = reader.drain()!;
    expect(read.purchases).toEqual(many);
    expect(read.recordNo).toBe(10_099);
  });
});
