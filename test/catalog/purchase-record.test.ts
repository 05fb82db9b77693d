/**
 * The purchase ledger's records (src/catalog/purchase-record.ts, PURCHASES_LAYOUT 3): what the writer
 * thread stores reads back as the purchase it was, through the real store and its thread (LMDB files in a
 * temp dir); a damaged record is refused in words, never read as another purchase; a store of layout 2
 * (msgpackr's records) is emptied at open, so the ledger derives it again from the journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open } from 'lmdb';
import { describe, expect, it } from 'vitest';
import { CatalogStore, PURCHASES_LAYOUT } from '../../src/catalog/index.js';
import type { Purchase } from '../../src/catalog/purchase.js';
import { decodePurchase, encodePurchases, purchasedSeries, PurchaseRecordError } from '../../src/catalog/purchase-record.js';
import { PURCHASE_DBS } from '../../src/catalog/purchase-writer-messages.js';

const purchase = (tradeId: number, over: Partial<Purchase> = {}): Purchase => ({
  tradeId,
  seq: 1_000 + tradeId,
  atMs: 1_790_000_000_000 + tradeId,
  consumerAccountId: 7,
  seriesId: 3,
  contract: 'AUTO_INTENT|7D|0.70-0.85',
  qty: 2,
  priceMicros: 900_000,
  listings: [{ listingId: 4, version: 2 }],
  ...over,
});

describe('purchase records', () => {
  it('read back as the purchase written: no fee, a fee, no listings, several, a name past ASCII, numbers up to 2^53 - 1', () => {
    const all = [
      purchase(1),
      purchase(2, { feeMicros: 1_350 }),
      purchase(3, { listings: [] }),
      purchase(4, { listings: [{ listingId: 1, version: 1 }, { listingId: 9, version: 12 }, { listingId: 2 ** 32 - 1, version: 2 ** 32 - 1 }] }),
      purchase(5, { contract: 'MÉTÉO_INTENT|1D|0.50-0.60' }),
      purchase(Number.MAX_SAFE_INTEGER, { seq: Number.MAX_SAFE_INTEGER, qty: Number.MAX_SAFE_INTEGER, priceMicros: Number.MAX_SAFE_INTEGER, seriesId: 2 ** 32 + 5 }),
    ];
    const records = encodePurchases(all);
    expect(records).toHaveLength(all.length);
    for (let i = 0; i < all.length; i++) {
      const back = decodePurchase(7, records[i]!);
      expect(back).toStrictEqual(all[i]);
      expect(purchasedSeries(records[i]!)).toBe(all[i]!.seriesId);
      // A copy of its own bytes (what a read out of LMDB gives) reads the same.
      expect(decodePurchase(7, Uint8Array.from(records[i]!))).toStrictEqual(all[i]);
    }
    expect(decodePurchase(7, records[1]!).feeMicros).toBe(1_350);
    expect('feeMicros' in decodePurchase(7, records[0]!)).toBe(false);
  });

  it('a damaged record is refused in words: cut short, with bytes past its end, of another format', () => {
    const [record] = encodePurchases([purchase(1)]);
    expect(() => decodePurchase(7, record!.subarray(0, record!.length - 1))).toThrow(PurchaseRecordError);
    expect(() => decodePurchase(7, record!.subarray(0, 20))).toThrow(/not a purchase record of format 1 \(20 bytes, format 1\)/);
    expect(() => decodePurchase(7, new Uint8Array([...record!, 0]))).toThrow(/says 1 listings and 24 bytes of contract/);
    const other = Uint8Array.from(record!);
    other[0] = 2;
    expect(() => decodePurchase(7, other)).toThrow(/format 2/);
    expect(() => decodePurchase(7, new Uint8Array(0))).toThrow(/0 bytes, format -/);
  });

  it('a listing id or version past 2^32 is refused before anything is written; hundreds of listings fit', () => {
    expect(() => encodePurchases([purchase(1), purchase(2, { listings: [{ listingId: 2 ** 32, version: 1 }] })])).toThrow(/purchase 2: listing 4294967296 version 1/);
    expect(() => encodePurchases([purchase(3, { listings: [{ listingId: 1, version: 2 ** 32 }] })])).toThrow(PurchaseRecordError);
    const many = Array.from({ length: 500 }, (_, k) => ({ listingId: k + 1, version: 1 + (k % 7) }));
    const [record] = encodePurchases([purchase(4, { listings: many })]);
    expect(record!.byteLength).toBe(1 + 56 + 8 + 500 * 8 + 24);
    expect(decodePurchase(7, record!).listings).toEqual(many);
  });

  it("a store of layout 2 is emptied at open and derived again; then the writer thread's records read back, newest first, by series too", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-purchase-record-'));
    try {
      // Layout 2 as it was written: msgpackr's records in the purchases database, its layout and seq in meta.
      const old = open({ path: path.join(dir, 'catalog'), maxDbs: PURCHASE_DBS.maxDbs });
      const oldPurchases = old.openDB<Purchase, [number, number]>({ name: PURCHASE_DBS.purchases });
      const meta = old.openDB<number, string>({ name: PURCHASE_DBS.meta });
      await oldPurchases.put([7, 1], purchase(1));
      await meta.put(PURCHASE_DBS.layoutKey, 2);
      await meta.put(PURCHASE_DBS.throughSeqKey, 1_001);
      await old.close();

      const store = CatalogStore.open(dir);
      try {
        expect(PURCHASES_LAYOUT).toBe(3);
        expect(store.purchasesOfLayout(PURCHASES_LAYOUT)).toBe(true);
        expect(store.purchasesThroughSeq()).toBe(0);
        expect(store.purchasesOf(7, 0, 10)).toEqual({ total: 0, purchases: [] });

        const bought = [purchase(10), purchase(11, { seriesId: 4, feeMicros: 90 }), purchase(12), purchase(13, { consumerAccountId: 8 })];
        await store.recordPurchases(bought, 1_013);
        expect(store.purchasesThroughSeq()).toBe(1_013);
        expect(store.purchasesOf(7, 0, 10)).toStrictEqual({ total: 3, purchases: [bought[2], bought[1], bought[0]] });
        expect(store.purchasesOf(7, 1, 1)).toStrictEqual({ total: 3, purchases: [bought[1]] });
        expect(store.purchasesOf(7, 0, 10, 3)).toStrictEqual({ total: 2, purchases: [bought[2], bought[0]] });
        expect(store.purchasesOf(7, 0, 10, 4)).toStrictEqual({ total: 1, purchases: [bought[1]] });
        expect(store.purchasesOf(8, 0, 10)).toStrictEqual({ total: 1, purchases: [bought[3]] });
        expect(store.purchasesOfLayout(PURCHASES_LAYOUT)).toBe(false);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
