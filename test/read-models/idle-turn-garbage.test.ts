/**
 * A read model that takes a turn with nothing for it (most turns, for most models: an order's turn for the
 * subscription ledger) leaves nothing in the old generation. The engine's thread feeds every model every
 * turn, thousands a second; what a take allocates in the old space stays there until a full collection. A
 * `Set.clear()` per turn did: V8 gives a cleared Set a new table, in the old space when the Set lives there,
 * ~120 B a turn, seven tenths of what the engine's thread added to its old space at 50k orders/s
 * (bench/RESULTS.md, 2026-12-04 19:20–19:55). Measured as the old space's growth over many idle turns (one turn object, no events).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { ReplayedTurn } from '../../src/read-models/replay.js';
import type { JournalFollowing } from '../../src/read-models/journal-following.js';
import { SubscriptionLedger } from '../../src/subscriptions/ledger.js';
import { TradeHistory } from '../../src/gateway/trade-history.js';
import { AccountFills } from '../../src/gateway/account-fills.js';
import { MarketHistory } from '../../src/phase-readiness/market-history.js';
import { DashboardFigures } from '../../src/dashboards/figures.js';
import { PublishedIndexes } from '../../src/gateway/published-indexes.js';
import { OrderHistory } from '../../src/gateway/order-history.js';
import { AuditTrail } from '../../src/operator/audit-trail.js';
import { CatalogStore, PurchaseLedger } from '../../src/catalog/index.js';
import { createFixture } from '../support/engine-fixture.js';
import { removeDir } from '../support/exchange-fixture.js';

const TURNS = 40_000;
const BROKER_ID = 1;

function oldSpaceUsed(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;
}

/** Young collections until what the model holds is in the old space, as on a service that has run a while (V8 allocates a cleared Set's table where the Set is). */
function promoteWhatLives(): void {
  let junk: unknown[] = [];
  for (let i = 0; i < 3_000_000; i++) {
    junk.push({ i });
    if (junk.length === 10_000) junk = [];
  }
}

/** Bytes the old space grew by over TURNS idle turns, after a warm-up (the take compiled): the least of three runs. */
function oldSpaceGrowth(model: JournalFollowing): number {
  const turn: { -readonly [K in keyof ReplayedTurn]: ReplayedTurn[K] } = { firstSeq: 1, lastSeq: 1, timeMs: 1_700_000_000_000, commands: [], events: [] };
  let seq = model.seq;
  const take = (n: number): void => {
    for (let i = 0; i < n; i++) {
      seq++;
      turn.firstSeq = seq;
      turn.lastSeq = seq;
      model.take(turn);
    }
  };
  take(2_000);
  promoteWhatLives();
  // The least of three: a young collection falling inside one promotes what the loop holds then; a take that
  // allocates in the old space grows it in every one.
  let least = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    const before = oldSpaceUsed();
    take(TURNS);
    least = Math.min(least, oldSpaceUsed() - before);
  }
  return least;
}

interface Opened {
  model: JournalFollowing;
  close(): Promise<void>;
}

/** A model kept in a store of its own: its JournalReadModel is what JournalModels feeds. */
const owned = (m: { model: JournalFollowing; close(): Promise<void> }): Opened => ({ model: m.model, close: () => m.close() });

const MODELS: Record<string, (dir: string) => Opened> = {
  subscriptions: (dir) => owned(SubscriptionLedger.create(dir)),
  trades: (dir) => owned(TradeHistory.create(dir)),
  accountFills: (dir) => owned(AccountFills.create(dir, () => false, () => BROKER_ID)),
  marketHistory: (dir) => owned(MarketHistory.create(dir)),
  dashboards: (dir) => owned(DashboardFigures.create(dir)),
  publishedIndexes: (dir) => owned(PublishedIndexes.create(dir)),
  orders: (dir) => owned(OrderHistory.create(dir, () => BROKER_ID)),
  audit: (dir) => {
    const a = AuditTrail.create(dir);
    return { model: a, close: () => a.close() };
  },
  purchases: (dir) => {
    const store = CatalogStore.open(dir);
    return { model: new PurchaseLedger({ store, engine: createFixture().engine }), close: () => store.close() };
  },
};

describe('a read model taking turns with nothing for it', () => {
  for (const [name, open] of Object.entries(MODELS)) {
    it(`${name}: leaves nothing in the old space (${TURNS.toLocaleString('en')} turns)`, async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `patx-idle-${name}-`));
      const opened = open(dir);
      try {
        // Under 10 B a turn: a per-turn allocation in the old space (the cleared Set's table was ~100 B) shows as MBs.
        expect(oldSpaceGrowth(opened.model)).toBeLessThan(TURNS * 10);
      } finally {
        await opened.close();
        removeDir(dir);
      }
    });
  }
});
