/**
 * The purchase ledger's writes on their own thread (src/catalog/purchase-writer.ts), against a
 * real LMDB store: what a write's promise covers is readable on the engine's thread once it
 * resolves, writes queued while one is in flight are gathered in order with the last seq
 * given, the thread commits once a poll, what the ring has no room for waits in order, close
 * writes what is queued, and a reopened store holds it all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/store.js';
import type { Purchase } from '../../src/catalog/purchase.js';
import { PurchaseWriter } from '../../src/catalog/purchase-writer.js';

/** test/support/purchase-worker-failing.ts fails (rolls back) a batch holding this trade. */
const FAILING_TRADE_ID = 13;
// A failing worker entry of this file's own (test/support/purchase-worker-failing.ts) is in no build of the service, and
// worker-boot.mjs refuses an entry the build named by PATX_SERVICE_DIST lacks (test/support/build-service.ts sets it):
// this file's threads boot on their sources through tsx, as before there was a build. Given back for the files that
// run after this one in the same process (vitest.config.ts: isolate false).
const serviceDist = process.env.PATX_SERVICE_DIST;
beforeAll(() => {
  delete process.env.PATX_SERVICE_DIST;
});
afterAll(() => {
  if (serviceDist !== undefined) process.env.PATX_SERVICE_DIST = serviceDist;
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-purchases-'));
  dirs.push(dir);
  return dir;
}

function purchase(tradeId: number, consumerAccountId: number): Purchase {
  return { tradeId, seq: tradeId * 2, atMs: 1_764_300_000_000 + tradeId, consumerAccountId, seriesId: 1 + (tradeId % 3), contract: 'C|7D|0.70-0.85', qty: 1 + (tradeId % 5), priceMicros: 1_000 * tradeId, feeMicros: tradeId % 5 === 0 ? 17 * tradeId : undefined, listings: tradeId % 4 === 0 ? [{ listingId: 7, version: 2 }] : [] };
}

describe('the purchase writer thread', () => {
  it("resolves a write once its purchases are readable here; writes queued back to back land in order, the last seq given kept", async () => {
    const dir = freshDir();
    const store = CatalogStore.open(dir);
    // 200 turns recorded back to back, as a busy leader releases them: each promise covers its own turn.
    const writes: Array<Promise<unknown>> = [];
    for (let turn = 1; turn <= 200; turn++) writes.push(store.recordPurchases([purchase(2 * turn - 1, 10), purchase(2 * turn, 11)], turn * 10));
    await writes[0];
    expect(store.purchasesOf(10, 0, 1_000).purchases.map((p) => p.tradeId)).toContain(1);
    await writes[199];
    const mine = store.purchasesOf(10, 0, 1_000);
    expect(mine.total).toBe(200);
    expect(mine.purchases.map((p) => p.tradeId)).toEqual(Array.from({ length: 200 }, (_, i) => 399 - 2 * i)); // newest first
    expect(store.purchasesOf(11, 0, 1_000).purchases[0]).toEqual(purchase(400, 11));
    expect(store.purchasesOf(10, 0, 1_000).purchases.find((p) => p.tradeId === 3)).toEqual(purchase(3, 10));
    // A page from an offset, with the whole total (counted, not read); one series' page counts its own.
    expect(store.purchasesOf(10, 7, 3)).toEqual({ total: 200, purchases: [385, 383, 381].map((id) => purchase(id, 10)) });
    expect(store.purchasesOf(10, 200, 3)).toEqual({ total: 200, purchases: [] });
    const ofSeries2 = mine.purchases.filter((p) => p.seriesId === 2);
    expect(store.purchasesOf(10, 2, 2, 2)).toEqual({ total: ofSeries2.length, purchases: ofSeries2.slice(2, 4) });
    expect(store.purchasesThroughSeq()).toBe(2_000);
    // A seq given later that is lower (a ledger holding back for purchases without listings) is the one kept.
    await store.recordPurchases([], 1_500);
    expect(store.purchasesThroughSeq()).toBe(1_500);
    await store.close();
  });

  it('writes what is queued at close; a reopened store holds every purchase and the seq', async () => {
    const dir = freshDir();
    const store = CatalogStore.open(dir);
    for (let turn = 1; turn <= 50; turn++) void store.recordPurchases([purchase(turn, 20)], turn);
    await store.close();
    const reopened = CatalogStore.open(dir);
    expect(reopened.purchasesThroughSeq()).toBe(50);
    expect(reopened.purchasesOf(20, 0, 100).total).toBe(50);
    // Cleared (the ledger derived again from the journal), then written again.
    reopened.clearPurchases();
    expect(reopened.purchasesOf(20, 0, 100).total).toBe(0);
    await reopened.recordPurchases([purchase(1, 20)], 1);
    expect(reopened.purchasesOf(20, 0, 100).purchases).toEqual([purchase(1, 20)]);
    await reopened.close();
    await expect(reopened.recordPurchases([purchase(2, 20)], 2)).rejects.toThrow(/closed/);
  });

  it('commits what the ring holds once a poll: what is recorded between polls is one commit, and each promise still waits for its own', async () => {
    const dir = freshDir();
    const store = CatalogStore.open(dir);
    // A poll no test run reaches: after the thread's first read, everything waits for the close.
    const writer = new PurchaseWriter(path.join(dir, 'catalog'), { pollMs: 60_000 });
    await writer.record([purchase(1, 40)], 1);
    expect(writer.commits).toBe(1);
    let written = 0;
    const later = Array.from({ length: 100 }, (_, i) => writer.record([purchase(2 + i, 40)], 2 + i).then(() => written++));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // In the ring, not committed: none is acknowledged as written, and the store does not hold them.
    expect(written).toBe(0);
    expect(store.purchasesOf(40, 0, 1_000).total).toBe(1);
    // The close reads the ring at once and waits for the commit.
    await writer.close();
    await Promise.all(later);
    expect(written).toBe(100);
    expect(writer.commits).toBe(2);
    expect(store.purchasesOf(40, 0, 1_000).total).toBe(101);
    expect(store.purchasesThroughSeq()).toBe(101);
    await store.close();
  });

  it('a read that waits hurries the thread: what is recorded since its last poll is committed at once, not at the next', async () => {
    const dir = freshDir();
    const store = CatalogStore.open(dir);
    // A poll no test run reaches: after the thread's first read, only a hurry (or the close) commits.
    const writer = new PurchaseWriter(path.join(dir, 'catalog'), { pollMs: 60_000 });
    await writer.record([purchase(1, 45)], 1);
    const later = [writer.record([purchase(2, 45)], 2), writer.record([purchase(3, 45)], 3)];
    writer.hurry();
    writer.hurry(); // one ask at a time
    await Promise.all(later);
    expect(writer.commits).toBe(2);
    expect(store.purchasesOf(45, 0, 10).total).toBe(3);
    expect(store.purchasesThroughSeq()).toBe(3);
    // Nothing waiting: no ask, no commit.
    writer.hurry();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(writer.commits).toBe(2);
    // Asks come at least 50 ms apart (reads at any rate make it commit no more often than its old poll): ten writes, each
    // hurried and awaited in turn, are ten commits, each on an ask the spacing put off (none left to the minute's poll).
    const started = writer.commits;
    const from = performance.now();
    for (let i = 0; i < 10; i++) {
      const write = writer.record([purchase(10 + i, 45)], 10 + i);
      writer.hurry();
      await write;
    }
    expect(writer.commits - started).toBe(10);
    expect(performance.now() - from).toBeGreaterThanOrEqual(9 * 45);
    await writer.close();
    await store.close();
  });

  it('keeps what the ring has no room for, in order, until the thread frees it; the close writes it all', async () => {
    const dir = freshDir();
    const store = CatalogStore.open(dir);
    // Room for a few purchases only, read once a minute: most writes wait beside the ring.
    const writer = new PurchaseWriter(path.join(dir, 'catalog'), { pollMs: 60_000, ringSlots: 64 });
    const writes = Array.from({ length: 40 }, (_, i) => writer.record([purchase(1 + i, 50)], 1 + i));
    await writer.close();
    await Promise.all(writes);
    expect(writer.commits).toBeGreaterThan(5); // many reads of a ring that held a few at a time
    expect(store.purchasesOf(50, 0, 100).purchases.map((p) => p.tradeId)).toEqual(Array.from({ length: 40 }, (_, i) => 40 - i));
    expect(store.purchasesOf(50, 0, 100).purchases.find((p) => p.tradeId === 20)).toEqual(purchase(20, 50));
    expect(store.purchasesThroughSeq()).toBe(40);
    await store.close();
  });

  it("splits a turn's purchases too many for the ring into parts, and stores the turn's seq only with its last", async () => {
    const dir = freshDir();
    const store = CatalogStore.open(dir);
    // 64 slots hold 5 purchases a write: a turn of 60 goes in 12 parts.
    const writer = new PurchaseWriter(path.join(dir, 'catalog'), { ringSlots: 64, pollMs: 5 });
    await writer.record([purchase(1, 60)], 10);
    await writer.record(Array.from({ length: 60 }, (_, i) => purchase(100 + i, 60)), 20);
    expect(store.purchasesOf(60, 0, 100).total).toBe(61);
    expect(store.purchasesThroughSeq()).toBe(20);
    await writer.close();
    // A part that fails: the parts before it may be stored, the seq is not moved past the last whole turn.
    const failing = new PurchaseWriter(path.join(dir, 'catalog'), { entry: new URL('../support/purchase-worker-failing.ts', import.meta.url).href, ringSlots: 64, pollMs: 5 });
    // 20 purchases, then the one the failing thread refuses: four parts commit, the fifth fails.
    const turn = failing.record([...Array.from({ length: 20 }, (_, i) => purchase(200 + i, 61)), purchase(FAILING_TRADE_ID, 61)], 30);
    await expect(turn).rejects.toThrow(/after seq 20 not written/);
    await failing.close();
    expect(store.purchasesOf(61, 0, 100).total).toBe(20);
    expect(store.purchasesThroughSeq()).toBe(20);
    await store.close();
  });

  it('stops at a batch that fails to commit: it and everything after are refused, and the stored seq stays at the last commit', async () => {
    const dir = freshDir();
    // The store makes the environment and its databases; its own writer is not used here.
    const store = CatalogStore.open(dir);
    const writer = new PurchaseWriter(path.join(dir, 'catalog'), { entry: new URL('../support/purchase-worker-failing.ts', import.meta.url).href });
    await writer.record([purchase(1, 30)], 10);
    // Back to back, in one turn of this thread: the thread reads the three in one commit, which fails.
    const failing = writer.record([purchase(FAILING_TRADE_ID, 30)], 20);
    const after = writer.record([purchase(14, 30)], 30);
    const later = writer.record([purchase(15, 30)], 40);
    await expect(failing).rejects.toThrow(/after seq 10 not written: MDB_MAP_FULL/);
    await expect(after).rejects.toThrow(/after seq 10 not written/);
    await expect(later).rejects.toThrow(/after seq 10 not written/);
    // Refused at once from then on: nothing is acknowledged that is not on disk.
    await expect(writer.record([purchase(16, 30)], 50)).rejects.toThrow(/after seq 10 not written/);
    await writer.close();
    // On disk: only what committed, and its seq; a restart replays the journal from seq 10.
    expect(store.purchasesThroughSeq()).toBe(10);
    expect(store.purchasesOf(30, 0, 100).purchases.map((p) => p.tradeId)).toEqual([1]);
    await store.close();
  });
});
