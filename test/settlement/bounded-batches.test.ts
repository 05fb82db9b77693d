/**
 * A batch never holds more than the settler's bound (`batchMaxEntries`), however many entries pile up before a cut, on
 * a real chain with real LMDB stores. An outside review sent 10,000 withdrawals of 1 wei at once: they were all netted
 * into one batch whose transaction no block could hold, resent byte for byte from the outbox for ever, and settlement
 * stopped for every user. Now a cut takes the commands from the last batch up to the bound, splitting a journal record
 * (a sequencer turn) where it must, and the next batch follows at once; a new leader derives such batches from its
 * journal as the one that cut them did. And PAT sent to the vault by a plain transfer is seen, not silently kept.
 *
 * Under the service's rules (CURRENT_RULES, which it adopts at start): from rules 24 an account has at most
 * MAX_PENDING_WITHDRAWALS (20) withdrawals waiting for a batch, so the flood comes from ten consumers, 13 each, as a
 * crowd of users would send it. A journal of rules 23 or older may hold more from one account (recovered as it ran:
 * test/engine/pending-withdrawals.test.ts); the cut does not look at accounts or rules, so it needs no case of its own.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Contract, Wallet } from 'ethers';
import { CommandKind, CURRENT_RULES, EventType, MAX_PENDING_WITHDRAWALS, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { WELL_KNOWN_DEV_KEYS } from '../../src/settlement/index.js';
import { replayEventsAfter } from '../../src/read-models/replay.js';
import { PAT_MICROS, PAT_WEI, until } from '../support/exchange-fixture.js';
import { ok, openSettledExchange, type SettledExchange } from '../support/settled-exchange.js';

const CONSUMER = 4;
const PROVIDER = 5;
const BOUND = 20;
/** Hardhat funds 20 well-known accounts with ETH; the fixture's wallets are the first ten, these ten withdraw. */
const WITHDRAWER_KEYS = WELL_KNOWN_DEV_KEYS.slice(10, 20);
const EACH = 13;
const WITHDRAWALS = WITHDRAWER_KEYS.length * EACH; // 130
let h: SettledExchange;
/** The consumers that send the flood: their wallets and engine accounts. */
let withdrawers: Array<{ wallet: Wallet; accountId: number }>;

/** Opens a consumer account at each withdrawer's address; wallet 0 sends each 1 PAT, which it deposits. */
async function openWithdrawers(): Promise<Array<{ wallet: Wallet; accountId: number }>> {
  const out: Array<{ wallet: Wallet; accountId: number }> = [];
  const token = h.token.connect(h.fx.wallets[0]!) as Contract;
  for (const key of WITHDRAWER_KEYS) {
    const wallet = new Wallet(key, h.fx.provider);
    const [opened] = await ok(h.x.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: wallet.address.toLowerCase() }), EventType.ACCOUNT_OPENED);
    out.push({ wallet, accountId: (opened as { accountId: number }).accountId });
    // One sender, one send at a time: each reads the pending nonce.
    await (await token.getFunction('transfer')(wallet.address, PAT_WEI)).wait();
  }
  await Promise.all(
    out.map(async ({ wallet }) => {
      await (await (h.token.connect(wallet) as Contract).getFunction('approve')(h.d.vault, PAT_WEI)).wait();
      await (await (h.vault.connect(wallet) as Contract).getFunction('deposit')(PAT_WEI)).wait();
    }),
  );
  await until(() => out.every(({ accountId }) => h.x.engine.accounts[accountId]!.availableMicros === PAT_MICROS), 'every withdrawer\'s deposit credited');
  return out;
}

function walletBalances(): Promise<bigint[]> {
  return Promise.all(withdrawers.map(({ wallet }) => h.token.getFunction('balanceOf')(wallet.address) as Promise<bigint>));
}

beforeAll(async () => {
  h = await openSettledExchange({ consumer: CONSUMER, provider: PROVIDER, dirPrefix: 'patx-bounded-batches-' });
  // The rules the service runs under (it adopts them at start), with their bound on an account's pending withdrawals.
  await ok(h.x.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: CURRENT_RULES }), EventType.RULES_ADOPTED);
  // No cut by time while the withdrawals arrive: only the bound and settleNow decide.
  await h.startSettlement({ batchMaxEntries: BOUND, batchIntervalMs: 3_600_000 }, { dataDir: path.join(h.x.dir, 'node-a') });
  await h.depositOnChain(CONSUMER, 10n * PAT_WEI);
  await until(() => h.x.engine.accounts[h.cast.consumer]!.availableMicros === 10 * PAT_MICROS, 'the deposit credited');
  withdrawers = await openWithdrawers();
  await h.settle();
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('bounded batches', () => {
  it('a flood of 1-wei withdrawals from many accounts, many in one journal record, settles in batches of at most the bound, every one paid, the chain equal to the ledger', async () => {
    expect(h.x.engine.rulesVersion).toBe(CURRENT_RULES);
    expect(EACH, 'each withdrawer within its bound on pending withdrawals').toBeLessThanOrEqual(MAX_PENDING_WITHDRAWALS);
    const before = await h.x.sequencer.released((engine) => engine.lastSeq);
    const walletsBefore = await walletBalances();
    // Sent at once: the sequencer journals them in few records, so a record holds more than a batch may.
    const acks = await Promise.all(
      Array.from({ length: WITHDRAWALS }, (_, i) => h.x.sequencer.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: withdrawers[i % withdrawers.length]!.accountId, amountWei: 1n })),
    );
    expect(acks.filter((a) => !a.events.some((e) => e.type === EventType.WITHDRAWAL_REQUESTED)).map((a) => a.events)).toEqual([]);
    let largestRecord = 0;
    for (const turn of replayEventsAfter(h.x.journal, before)) largestRecord = Math.max(largestRecord, turn.events.filter((e) => e.type === EventType.WITHDRAWAL_REQUESTED).length);
    expect(largestRecord, 'a journal record holding more withdrawals than a batch may (else no turn is split)').toBeGreaterThan(BOUND);

    // One batch at a time, each waiting for its confirmations: full batches follow one another without a request; what
    // is left below the bound waits for the interval, or (here) a settle now. No cut reads the journal: the batches
    // were parted as the events came (a cut past the bound used to decode a snapshot and replay, on the engine's thread).
    const reads = vi.spyOn(h.x.journal, 'read');
    const snapshotReads = vi.spyOn(h.x.journal, 'readSnapshot');
    const through = await h.x.sequencer.released((engine) => engine.lastSeq);
    const batchBefore = h.x.engine.settledBatchId;
    expect((await h.settlement.settleNow()).state).toBe('recorded');
    const full = Math.floor(WITHDRAWALS / BOUND);
    await until(() => h.x.engine.settledBatchId >= batchBefore + full, `${full} full batches settled one after another`, 100_000);
    await h.settle();
    expect(h.x.engine.settledThroughSeq).toBeGreaterThanOrEqual(through);
    expect([reads.mock.calls.length, snapshotReads.mock.calls.length]).toEqual([0, 0]);
    reads.mockRestore();
    snapshotReads.mockRestore();
    const first = h.settlement.store.lastOutbox()!.batchId;
    const settled: Array<{ batchId: number; withdrawals: number; state: string }> = [];
    for (let id = first; id >= 1; id--) {
      const r = h.settlement.store.outbox(id)!;
      if (r.batch.withdrawals.length > 0) settled.push({ batchId: id, withdrawals: r.batch.withdrawals.length, state: r.state });
    }
    expect(settled.reduce((n, b) => n + b.withdrawals, 0)).toBe(WITHDRAWALS);
    for (const b of settled) expect(b.withdrawals, `batch ${b.batchId}`).toBeLessThanOrEqual(BOUND);
    expect(settled.every((b) => b.state === 'recorded')).toBe(true);
    expect(h.x.engine.withdrawals.size).toBe(0);
    expect(await walletBalances()).toEqual(walletsBefore.map((b) => b + BigInt(EACH)));
    await h.expectReconciled();
  }, 120_000);

  it('a new leader derives those batches, ending within records, from its own journal and settles on after them', async () => {
    const lastOnChain = Number(await h.vault.getFunction('lastBatchId')());
    await h.settlement.stop();
    const b = await h.startSettlement({ batchMaxEntries: BOUND, batchIntervalMs: 3_600_000 }, { dataDir: path.join(h.x.dir, 'node-b') });
    await until(() => b.store.lastOutbox()?.batchId === lastOnChain && b.store.lastOutbox()?.state === 'recorded', 'node b holds every batch node a settled');
    expect(b.status().settler.status).not.toBe('failed');
    await h.x.sequencer.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: h.cast.consumer, amountWei: 1n });
    await h.settle();
    expect(Number(await h.vault.getFunction('lastBatchId')())).toBe(lastOnChain + 1);
    await h.expectReconciled();
  }, 120_000);

  it('PAT sent to the vault with a plain transfer (not deposit) is reported as held beyond every balance, with an alarm; the ledger still reconciles', async () => {
    // Every balance the vault keeps was read: their sum is what it holds.
    expect((await h.settlement.reconcile()).unaccountedWei).toBe('0');
    const sender = h.fx.wallets[0]!; // the token's deployer holds the supply
    await (await (h.token.connect(sender) as typeof h.token).getFunction('transfer')(h.d.vault, 3n * PAT_WEI)).wait();
    await until(async () => (await h.settlement.reconcile()).unaccountedWei === (3n * PAT_WEI).toString(), 'the surplus seen at a block after the transfer');
    const report = await h.settlement.reconcile();
    expect(report).toMatchObject({ ok: true, mismatches: [] });
    // reconcile() is the standing reconciliation's run (every minute): it raises the alarm.
    expect(h.alarms.get('vault-surplus')).toMatchObject({ active: true });
  }, 60_000);
});
