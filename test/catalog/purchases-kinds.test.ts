/**
 * What the purchase ledger keeps (GET /v1/purchases; src/catalog/purchases.ts): buys of data rights,
 * spot and forward, each with the listing versions live then. A synthetic's or an option's buy is a
 * position in PAT, not a right bought under a listing: it is not a purchase (its TOTAL said price ×
 * qty left the account, though a synthetic moves only margin and fee; GET /v1/fills lists it). A
 * store written under the layout before (every kind) is derived again from the journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogStore, PurchaseLedger, PURCHASES_LAYOUT } from '../../src/catalog/index.js';
import { CommandKind, EventType, SeriesKind, TimeInForce } from '../../src/engine/index.js';
import { createFixture, T0 } from '../support/engine-fixture.js';

describe('the purchase ledger keeps data rights only', () => {
  it('a spot buy is a purchase; a synthetic buy is not; a store of the earlier layout is derived again', async () => {
    const fx = createFixture({ consumers: 2 });
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 3 });
    const synth = fx.newSeries({ seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0 });
    const [a, b] = fx.consumers as [number, number];
    for (const id of [a, b]) fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: id, qualified: true });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-purchase-kinds-'));
    let store = CatalogStore.open(dir);
    try {
      const ledger = new PurchaseLedger({ store, engine: fx.engine });
      fx.sell(fx.broker, 900_000, 5);
      const spot = ledger.purchasesIn({ firstSeq: 1, timeMs: T0, events: fx.buy(a, 900_000, 2, { tif: TimeInForce.IOC }) });
      expect(spot).toMatchObject([{ consumerAccountId: a, qty: 2, priceMicros: 900_000 }]);
      fx.sell(b, 800_000, 3, { seriesId: synth });
      const filled = fx.buy(a, 800_000, 3, { seriesId: synth, tif: TimeInForce.IOC });
      expect(filled.some((e) => e.type === EventType.FILL)).toBe(true); // it traded
      expect(ledger.purchasesIn({ firstSeq: 2, timeMs: T0, events: filled })).toEqual([]);

      // A store with purchases and no layout (written before layout 2): emptied, so the ledger derives it again.
      await store.recordPurchases(spot, 10);
      expect(store.purchasesThroughSeq()).toBe(10);
      await store.close();
      store = CatalogStore.open(dir);
      expect(store.purchasesOfLayout(PURCHASES_LAYOUT)).toBe(true);
      expect(store.purchasesThroughSeq()).toBe(0);
      expect(store.purchasesOf(a, 0, 10).total).toBe(0);
      expect(store.purchasesOfLayout(PURCHASES_LAYOUT)).toBe(false); // once
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
