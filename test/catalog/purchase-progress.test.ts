/**
 * The purchase ledger's progress save (its 5 s timer: PurchaseLedger.saveProgress) in a service that has sold
 * nothing since its start puts the seq it reached without starting the purchase writer's thread, which starts
 * with the first purchase to write (src/catalog/store.ts). Real engine, real LMDB store, the real thread once a
 * purchase comes; the seq stored never moves back, whoever wrote it last.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CatalogStore, PurchaseLedger } from '../../src/catalog/index.js';
import { TimeInForce } from '../../src/engine/index.js';
import { createFixture, T0 } from '../support/engine-fixture.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('saves the progress of a ledger that saw no purchase without the writer thread, which starts with the first purchase', async () => {
  const fx = createFixture({ consumers: 1 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-purchase-progress-'));
  dirs.push(dir);
  let store = CatalogStore.open(dir);
  try {
    const ledger = new PurchaseLedger({ store, engine: fx.engine, liveVersionsAt: () => [] });
    // Turns without a buy (the broker's offers): the seq moves, nothing is bought.
    ledger.record({ firstSeq: 1, lastSeq: 7, timeMs: T0, events: fx.sell(fx.broker, 900_000, 5) });
    await ledger.saveProgress(); // what the timer does
    expect(store.purchaseThreadStarted).toBe(false);
    expect(store.purchasesThroughSeq()).toBe(7);

    // A buy: the thread starts and commits it with its seq; a later progress save goes through it, never moving the seq back.
    ledger.record({ firstSeq: 8, lastSeq: 9, timeMs: T0, events: fx.buy(fx.consumers[0]!, 900_000, 2, { tif: TimeInForce.IOC }) });
    expect(store.purchaseThreadStarted).toBe(true);
    await ledger.purchasesOf(fx.consumers[0]!, 0, 10);
    expect(store.purchasesThroughSeq()).toBe(9);
    ledger.record({ firstSeq: 10, lastSeq: 12, timeMs: T0, events: [] });
    await ledger.saveProgress();
    expect(store.purchasesThroughSeq()).toBe(12);
    await store.close();
    store = CatalogStore.open(dir);
    expect(store.purchasesThroughSeq()).toBe(12);
    expect(store.purchasesOf(fx.consumers[0]!, 0, 10).total).toBe(1);
  } finally {
    await store.close();
  }
});

it('keeps the progress a ledger with no purchase saved across a close and a reopen', async () => {
  const fx = createFixture({ consumers: 1 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-purchase-progress-'));
  dirs.push(dir);
  let store = CatalogStore.open(dir);
  const ledger = new PurchaseLedger({ store, engine: fx.engine, liveVersionsAt: () => [] });
  ledger.record({ firstSeq: 1, lastSeq: 5, timeMs: T0, events: fx.sell(fx.broker, 900_000, 5) });
  void ledger.saveProgress(); // the timer's save, not awaited: the close finds it under way
  await store.close();
  expect(store.purchaseThreadStarted).toBe(false);
  store = CatalogStore.open(dir);
  try {
    expect(store.purchasesThroughSeq()).toBe(5);
  } finally {
    await store.close();
  }
});
