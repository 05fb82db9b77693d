/**
 * The purchase ledger's records (src/catalog/purchase-record.ts) in their consumers' blocks
 * (src/catalog/purchase-blocks.ts, PURCHASES_LAYOUT 4): what the writer thread stores reads back as the purchase it
 * was, through the real store and its thread (LMDB files in a temp dir), page by page across blocks; a damaged record
 * or block is refused in words, never read as another purchase; a store of layout 2 (msgpackr's records) or 3 (one
 * record a key) is emptied at open, so the ledger derives it again from the journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open } from 'lmdb';
import { describe, expect, it } from 'vitest';
import { CatalogStore, PURCHASES_LAYOUT } from '../../src/catalog/index.js';
import type { Purchase } from '../../src/catalog/purchase.js';
import { encodePurchaseBlock, purchasesIn, purchasesThrough, readPurchaseBlock } from '../../src/catalog/purchase-blocks.js';
import { decodePurchase, encodePurchases, purchasedSeries, purchasedTrade, PurchaseRecordError } from '../../src/catalog/purchase-record.js';
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
  feeMicros: undefined,
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
      expect(purchasedTrade(records[i]!)).toBe(all[i]!.tradeId);
      // A copy of its own bytes (what a read out of LMDB gives) reads the same.
      expect(decodePurchase(7, Uint8Array.from(records[i]!))).toStrictEqual(all[i]);
    }
    expect(decodePurchase(7, records[1]!).feeMicros).toBe(1_350);
    expect(decodePurchase(7, records[0]!).feeMicros).toBeUndefined();
    expect(JSON.stringify(decodePurchase(7, records[0]!))).not.toContain('feeMicros');
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

  it('a block reads back its records and counts; a damaged block is refused in words: cut short, with bytes past its end, of another format', () => {
    const records = encodePurchases([purchase(1), purchase(2, { listings: [] }), purchase(3, { contract: 'MÉTÉO_INTENT|1D|0.50-0.60' })]);
    const block = encodePurchaseBlock(records, 40);
    expect(purchasesIn(block)).toBe(3);
    expect(purchasesThrough(block)).toBe(43);
    const read = readPurchaseBlock(Uint8Array.from(block));
    expect(read.count).toBe(3);
    expect(read.before).toBe(40);
    expect(read.records.map((r) => decodePurchase(7, r))).toStrictEqual([purchase(1), purchase(2, { listings: [] }), purchase(3, { contract: 'MÉTÉO_INTENT|1D|0.50-0.60' })]);
    expect(() => readPurchaseBlock(block.subarray(0, block.length - 1))).toThrow(/a purchase block of \d+ bytes says 3 purchases; 2 read/);
    expect(() => readPurchaseBlock(new Uint8Array([...block, 0]))).toThrow(/says 3 purchases; 3 read/);
    const other = Uint8Array.from(block);
    other[0] = 1;
    expect(() => readPurchaseBlock(other)).toThrow(/not a purchase block of format 2 \(\d+ bytes, format 1\)/);
    expect(() => purchasesIn(new Uint8Array(0))).toThrow(/0 bytes, format -/);
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
        expect(PURCHASES_LAYOUT).toBe(4);
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

  it("one consumer's purchases over several commits are blocks the pages read across, newest first, by series too; a purchase stored already is not stored twice; a store of layout 3 is derived again", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-purchase-blocks-'));
    try {
      // Layout 3 as it was written: one record a key.
      const old = open({ path: path.join(dir, 'catalog'), maxDbs: PURCHASE_DBS.maxDbs });
      const oldPurchases = old.openDB<Uint8Array, [number, number]>({ name: PURCHASE_DBS.purchases, encoding: 'binary' });
      const meta = old.openDB<number, string>({ name: PURCHASE_DBS.meta });
      await oldPurchases.put([7, 1], encodePurchases([purchase(1)])[0]!);
      await meta.put(PURCHASE_DBS.layoutKey, 3);
      await meta.put(PURCHASE_DBS.throughSeqKey, 1_001);
      await old.close();

      const store = CatalogStore.open(dir);
      try {
        expect(store.purchasesOfLayout(PURCHASES_LAYOUT)).toBe(true);
        expect(store.purchasesOf(7, 0, 10)).toEqual({ total: 0, purchases: [] });
        // Three commits for consumer 7 (3, 1 and 4 purchases: three blocks), one for 8 between them.
        const commits = [
          [purchase(10), purchase(11, { seriesId: 4 }), purchase(12)],
          [purchase(13, { consumerAccountId: 8 }), purchase(14, { seriesId: 4 })],
          [purchase(15), purchase(16), purchase(17, { seriesId: 4 }), purchase(18)],
        ];
        for (const c of commits) await store.recordPurchases(c, c[c.length - 1]!.seq);
        // The last commit again, with one more: only the new one is stored (a ledger that took a turn twice).
        await store.recordPurchases([...commits[2]!, purchase(19)], 1_019);
        const mine = [...commits.flat().filter((p) => p.consumerAccountId === 7), purchase(19)].reverse(); // 19 .. 10, newest first
        expect(mine.map((p) => p.tradeId)).toEqual([19, 18, 17, 16, 15, 14, 12, 11, 10]);
        expect(store.purchasesOf(7, 0, 100)).toStrictEqual({ total: 9, purchases: mine });
        for (const [offset, limit] of [[0, 1], [1, 3], [4, 2], [5, 1], [6, 3], [8, 5], [9, 1], [20, 2], [3, 0]] as const) {
          expect(store.purchasesOf(7, offset, limit), `offset ${offset} limit ${limit}`).toStrictEqual({ total: 9, purchases: mine.slice(offset, offset + limit) });
        }
        const series4 = mine.filter((p) => p.seriesId === 4);
        expect(store.purchasesOf(7, 0, 10, 4)).toStrictEqual({ total: 3, purchases: series4 });
        expect(store.purchasesOf(7, 1, 1, 4)).toStrictEqual({ total: 3, purchases: [series4[1]] });
        expect(store.purchasesOf(8, 0, 10)).toStrictEqual({ total: 1, purchases: [purchase(13, { consumerAccountId: 8 })] });
        expect(store.purchasesOf(9, 0, 10)).toStrictEqual({ total: 0, purchases: [] });
        expect(store.purchasesThroughSeq()).toBe(1_019);
      } finally {
        await store.close();
      }
      // As stored: four blocks for consumer 7, their counts and what came before each.
      const env = open({ path: path.join(dir, 'catalog'), maxDbs: PURCHASE_DBS.maxDbs });
      const blocks = env.openDB<Uint8Array, [number, number]>({ name: PURCHASE_DBS.purchases, encoding: 'binary' });
      const seven = [...blocks.getRange({ start: [7, -1], end: [7, Number.MAX_SAFE_INTEGER] })].map(({ key, value }) => [key[1], purchasesIn(value), purchasesThrough(value)]);
      await env.close();
      expect(seven).toEqual([[10, 3, 3], [14, 1, 4], [15, 4, 8], [19, 1, 9]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
