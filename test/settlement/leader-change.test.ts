/**
 * Settlement across a change of leader (issue 24), on a real chain with real LMDB stores.
 * The nodes of a replicated group apply the same journal records and settle on one vault
 * with one key, each keeping its settlement store in its own data dir. Here the nodes share
 * the exchange's journal itself (what replication gives each of them) and differ in their
 * data dirs, as two `npm start` nodes do. A new leader takes the batches another leader
 * settled (recorded or not), gives way when another leader's batch landed under the id of
 * its own unsent cut, and stops with an alarm on a batch its journal does not net to.
 */
import path from 'node:path';
import type { Contract } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, Role, Side, TimeInForce, type Sequencer } from '../../src/engine/index.js';
import { NO_GRANTS_ROOT } from '../../src/grants/index.js';
import { batchContentHash, batchTuple, Netting, Participants, SettlementStore, storeDir, type CutBatch, type PayoutEntry, type Settlement } from '../../src/settlement/index.js';
import { replayEventsAfter } from '../../src/read-models/replay.js';
import { limitOrder, PAT_MICROS, PAT_WEI, until } from '../support/exchange-fixture.js';
import { BROKER, openSettledExchange, SETTLER, type SettledExchange } from '../support/settled-exchange.js';

const CONSUMER = 4;
const PROVIDER = 5;
let h: SettledExchange;
let nodeA: string;
let nodeB: string;
/** Node b's sequencer: refuses RECORD_SETTLEMENT while `deposed` (a leader that lost the lease before recording). */
let nodeBSequencer: Sequencer;
let deposed = false;

beforeAll(async () => {
  h = await openSettledExchange({ consumer: CONSUMER, provider: PROVIDER, dirPrefix: 'patx-leader-change-' });
  nodeA = path.join(h.x.dir, 'node-a');
  nodeB = path.join(h.x.dir, 'node-b');
  const sequencer = h.x.sequencer;
  nodeBSequencer = new Proxy(sequencer, {
    get(target, prop) {
      if (prop === 'submit') {
        return (cmd: Parameters<Sequencer['submit']>[0]) => (deposed && cmd.kind === CommandKind.RECORD_SETTLEMENT ? Promise.reject(new Error('deposed: the lease moved')) : target.submit(cmd));
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  await h.startSettlement({}, { dataDir: nodeA });
  await h.depositOnChain(BROKER, 1000n * PAT_WEI);
  await h.depositOnChain(CONSUMER, 100n * PAT_WEI);
  const { broker, consumer, provider, seriesId } = h.cast;
  await until(() => h.x.engine.accounts[broker]!.availableMicros === 1000 * PAT_MICROS && h.x.engine.accounts[consumer]!.availableMicros === 100 * PAT_MICROS, 'deposits credited');
  expect((await h.x.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: 100 }))[0]?.type).toBe(EventType.CAPACITY_DECLARED);
  expect((await h.x.submit({ kind: CommandKind.MINT, actor: provider, seriesId, qty: 50 }))[0]?.type).toBe(EventType.RIGHTS_MINTED);
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

/** The provider sells a right to the broker, which sells one to the consumer. */
async function trade(): Promise<void> {
  const { broker, consumer, provider, seriesId } = h.cast;
  await h.x.submit(limitOrder(provider, seriesId, Side.SELL, 2 * PAT_MICROS, 1));
  expect((await h.x.submit(limitOrder(broker, seriesId, Side.BUY, 2 * PAT_MICROS, 1, TimeInForce.IOC))).some((e) => e.type === EventType.FILL)).toBe(true);
  await h.x.submit(limitOrder(broker, seriesId, Side.SELL, 3 * PAT_MICROS, 1));
  expect((await h.x.submit(limitOrder(consumer, seriesId, Side.BUY, 3 * PAT_MICROS, 1, TimeInForce.IOC))).some((e) => e.type === EventType.FILL)).toBe(true);
}

/** The provider's payout ledger on the running node, without the time each node recorded it at. */
function payouts(s: Settlement): Array<Omit<PayoutEntry, 'settledAtMs'>> {
  return s.payouts(h.cast.provider).map(({ settledAtMs: _, ...p }) => p);
}

/** The batch a leader cuts now: everything since the engine's last recorded batch (as the settler nets it). */
function cutSinceLastBatch(batchId: number): CutBatch {
  const engine = h.x.engine;
  const netting = new Netting(engine.settledThroughSeq, (id) => engine.accounts[id]?.role === Role.PROVIDER);
  for (const turn of replayEventsAfter(h.x.journal, engine.settledThroughSeq)) netting.add(turn.events, turn.lastSeq, turn.timeMs);
  const participants = new Participants(engine, h.fx.addresses[BROKER]);
  return netting.cut(batchId, (id) => participants.addressOf(id)).cut;
}

async function vaultBatchId(): Promise<number> {
  return Number(await h.vault.getFunction('lastBatchId')());
}

/** Starts node `dataDir`'s settlement and waits until its outbox holds the vault's last batch, recorded. */
async function lead(dataDir: string, sequencer?: Sequencer): Promise<Settlement> {
  const s = await h.startSettlement({}, { dataDir, ...(sequencer === undefined ? {} : { sequencer }) });
  const onChain = await vaultBatchId();
  await until(() => s.store.lastOutbox()?.batchId === onChain && s.store.lastOutbox()?.state === 'recorded', `node ${path.basename(dataDir)} to hold batch ${onChain}`);
  return s;
}

describe('settlement across a change of leader', () => {
  it('a new leader takes the batches its predecessor settled, with their payouts, and settles on after them', async () => {
    await trade();
    await h.settle();
    await trade();
    await h.settle();
    const fromA = payouts(h.settlement);
    expect(fromA.map((p) => p.batchId)).toEqual([1, 2]);
    await h.settlement.stop();

    const b = await lead(nodeB, nodeBSequencer);
    expect(payouts(b)).toEqual(fromA);
    expect(h.x.engine.settledBatchId).toBe(2);
    await trade();
    await h.settle();
    expect(await vaultBatchId()).toBe(3);
    expect(h.x.engine.settledBatchId).toBe(3);
    await h.expectReconciled();
  });

  it('a batch applied on-chain but not recorded by a deposed leader is recorded once, by the next', async () => {
    deposed = true;
    await trade();
    const through = h.x.engine.lastSeq;
    const result = await h.settlement.settleNow();
    expect(result).toMatchObject({ batchId: 4, state: 'confirmed' });
    expect(await vaultBatchId()).toBe(4);
    expect(h.x.engine.settledBatchId).toBe(3);
    await h.settlement.stop();
    deposed = false;

    const a = await lead(nodeA);
    expect(h.x.engine.settledBatchId).toBe(4);
    expect(h.x.engine.settledThroughSeq).toBe(through);
    expect(payouts(a).map((p) => p.batchId)).toEqual([1, 2, 3, 4]);
    // Recorded once: one SETTLEMENT_RECORDED per batch in the journal.
    const recorded: number[] = [];
    for (const turn of replayEventsAfter(h.x.journal, 0)) for (const e of turn.events) if (e.type === EventType.SETTLEMENT_RECORDED) recorded.push(e.batchId);
    expect(recorded).toEqual([1, 2, 3, 4]);
    await h.expectReconciled();
  });

  it("a leader's unsent cut gives way to another leader's batch under its id", async () => {
    await trade();
    await h.settlement.stop();
    // Node a cut batch 5 and lost the lease before sending it: its outbox keeps the cut.
    const cut = cutSinceLastBatch(5);
    const staleHash = batchContentHash(cut.batch);
    const storeA = SettlementStore.open(storeDir(nodeA, h.d));
    await storeA.putOutbox({ batchId: 5, contentHash: staleHash, state: 'cut', batch: cut.batch, balanceAccounts: cut.balanceAccounts, statements: cut.statements, fills: cut.fills, unpayableWithdrawalIds: [], cutAtMs: 0 });
    await storeA.close();

    // Node b leads (finishing its batch 4 as recorded), trades on, and settles batch 5 with more in it.
    const b = await lead(nodeB, nodeBSequencer);
    await trade();
    await h.settle();
    const batch5 = b.store.outbox(5)!;
    expect(batch5.contentHash).not.toBe(staleHash);
    const fromB = payouts(b);
    await b.stop();

    // Node a again: its cut is superseded by b's batch 5, which its journal nets to.
    const a = await lead(nodeA);
    expect(a.store.outbox(5)).toMatchObject({ state: 'recorded', contentHash: batch5.contentHash, txHash: batch5.txHash });
    expect(payouts(a)).toEqual(fromB);
    await trade();
    await h.settle();
    expect(await vaultBatchId()).toBe(6);
    expect(h.x.engine.settledBatchId).toBe(6);
    await h.expectReconciled();
  });

  it("a deposed leader's batch that lands after the new leader cut its own under the same id is taken, and the new cut goes on after it", async () => {
    await trade();
    // The deposed leader's transaction, still pending when it lost the lease, lands now.
    const late = cutSinceLastBatch(7);
    await trade();
    await (await (h.vault.connect(h.fx.wallets[SETTLER]!) as Contract).getFunction('settleBatch')(batchTuple(late.batch))).wait();
    // The leader's own batch 7 (both trades) meets batch 7 on-chain: it takes that one and cuts batch 8 after it.
    const through = h.x.engine.lastSeq;
    const first = await h.settlement.settleNow();
    expect(first).toMatchObject({ batchId: 7 });
    await h.settle();
    expect(h.x.engine.settledThroughSeq).toBeGreaterThanOrEqual(through);
    expect(h.settlement.store.outbox(7)).toMatchObject({ state: 'recorded', contentHash: batchContentHash(late.batch).toLowerCase(), batch: { throughSeq: late.batch.throughSeq } });
    expect(h.x.engine.settledBatchId).toBe(8);
    await h.expectReconciled();
  });

  it('a batch on-chain that this journal does not net to stops settlement with an alarm; trading goes on', async () => {
    await h.settlement.stop();
    const rogue = h.vault.connect(h.fx.wallets[SETTLER]!) as Contract;
    const batch = {
      batchId: 9,
      throughSeq: h.x.engine.lastSeq,
      balances: [
        { participant: h.fx.addresses[CONSUMER]!, deltaWei: -PAT_WEI },
        { participant: h.fx.addresses[PROVIDER]!, deltaWei: PAT_WEI },
      ],
      feeWei: 0n, withdrawals: [], listings: [], rights: [], grantsRoot: NO_GRANTS_ROOT, grantCount: 0,
    };
    await (await rogue.getFunction('settleBatch')(batchTuple(batch))).wait();
    // Node b has batches through 5: it takes a's batches 6 to 8, then refuses batch 9.
    const b = await h.startSettlement({}, { dataDir: nodeB, sequencer: nodeBSequencer });
    await until(() => b.settler.status === 'failed', 'the settler to stop');
    expect(b.status().settler.error).toMatch(/SettlementStateError: batch 9 on-chain .* is not what this node's journal nets to/);
    expect(b.store.outbox(8)?.state).toBe('recorded');
    expect(b.store.outbox(9)).toBeUndefined();
    expect(h.x.engine.settledBatchId).toBe(8);
    await trade();
  });
});
