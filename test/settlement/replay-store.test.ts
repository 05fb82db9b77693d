/**
 * The settler's memory after a restart: events re-derived from the journal
 * (from a snapshot or from the start) equal the events released live; the
 * settlement store keeps batches and payouts exactly (bigints included) and
 * names a damaged record.
 */
import { NO_GRANTS_ROOT } from '../../src/grants/index.js';
import { describe, expect, it } from 'vitest';
import { open } from 'lmdb';
import { CommandKind, Side, TimeInForce, type EngineEvent } from '../../src/engine/index.js';
import { OutboxCorruptError, SettlementStore, type OutboxRecord } from '../../src/settlement/index.js';
import { replayEventsAfter } from '../../src/read-models/replay.js';
import { limitOrder, openCast, openExchange, removeDir, PAT_MICROS, PAT_WEI } from '../support/exchange-fixture.js';

const addr = (n: number): string => '0x' + n.toString(16).padStart(40, '0');

describe('replaying events from the journal', () => {
  it('gives exactly the released events after any seq, with or without a snapshot before it', async () => {
    const x = await openExchange();
    try {
      const released: EngineEvent[] = [];
      x.sequencer.onRelease((b) => released.push(...b.events));
      const cast = await openCast(x, addr(1), addr(2));
      await x.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: 0, accountId: cast.broker, amountWei: 1000n * PAT_WEI, ref: 'r1' });
      await x.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: 0, accountId: cast.consumer, amountWei: 100n * PAT_WEI, ref: 'r2' });
      await x.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: cast.provider, seriesId: cast.seriesId, capacity: 50 });
      await x.submit({ kind: CommandKind.MINT, actor: cast.provider, seriesId: cast.seriesId, qty: 20 });
      await x.sequencer.snapshot();
      const snapshotSeq = x.engine.lastSeq;
      for (let i = 0; i < 5; i++) {
        await x.submit(limitOrder(cast.provider, cast.seriesId, Side.SELL, (2 + i) * PAT_MICROS, 2));
        await x.submit(limitOrder(cast.broker, cast.seriesId, Side.BUY, (2 + i) * PAT_MICROS, 2, TimeInForce.IOC));
      }
      await x.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: cast.consumer, amountWei: PAT_WEI });
      await x.sequencer.drain();
      for (const after of [0, 3, snapshotSeq - 1, snapshotSeq, snapshotSeq + 3, x.engine.lastSeq]) {
        const replayed: EngineEvent[] = [];
        let last = after;
        for (const turn of replayEventsAfter(x.journal, after)) {
          replayed.push(...turn.events.filter((e) => e.seq > after));
          last = turn.lastSeq;
        }
        expect(last, `after ${after}`).toBe(x.engine.lastSeq);
        expect(replayed, `after ${after}`).toEqual(released.filter((e) => e.seq > after));
      }
    } finally {
      await x.close();
      removeDir(x.dir);
    }
  });
});

describe('settlement store', () => {
  it('keeps outbox records and payouts exactly, newest first on request, and names a damaged record', async () => {
    const x = await openExchange();
    const dir = `${x.dir}/store`;
    try {
      const store = SettlementStore.open(dir);
      const record = (batchId: number): OutboxRecord => ({
        batchId,
        contentHash: '0x' + 'ab'.repeat(32),
        state: 'cut',
        batch: { batchId, throughSeq: batchId * 10, balances: [{ participant: addr(1), deltaWei: -(2n ** 200n) }, { participant: addr(2), deltaWei: 2n ** 200n }], feeWei: 0n, withdrawals: [{ withdrawalId: 3, to: addr(1), amountWei: 7n }], listings: [], rights: [{ seriesId: 1, holder: addr(2), delta: -5n }], grantsRoot: NO_GRANTS_ROOT, grantCount: 0 },
        balanceAccounts: [1, 2],
        statements: [{ accountId: 2, fills: 1, qty: 5, grossMicros: 10 }],
        fills: 1,
        unpayableWithdrawalIds: [],
        cutAtMs: 1,
      });
      expect(store.lastOutbox()).toBeUndefined();
      for (const id of [1, 2, 10]) await store.putOutbox(record(id));
      expect(store.lastOutbox()).toEqual(record(10));
      expect([...store.outboxFrom(2)].map((r) => r.batchId)).toEqual([2, 10]);
      const recorded = { ...record(10), state: 'recorded' as const, txHash: '0x' + '12'.repeat(32), blockNumber: 5 };
      await store.recordBatch(recorded, [{ accountId: 2, fills: 1, qty: 5, grossMicros: 10, batchId: 10, txHash: recorded.txHash, blockNumber: 5, netWei: 2n ** 200n, settledAtMs: 9 }]);
      expect(store.outbox(10)).toEqual(recorded);
      expect(store.payouts(2)).toMatchObject([{ batchId: 10, netWei: 2n ** 200n }]);
      expect(store.payouts(3)).toEqual([]);
      await store.close();

      const env = open({ path: dir, maxDbs: 2 });
      const raw = env.openDB<string, string>({ name: 'settlement', encoding: 'string' });
      await raw.put('outbox/0000000000000011', '{"batchId": 11, broken');
      await env.close();
      const reopened = SettlementStore.open(dir);
      expect(() => reopened.lastOutbox()).toThrow(OutboxCorruptError);
      await reopened.close();
    } finally {
      await x.close();
      removeDir(x.dir);
    }
  });
});
