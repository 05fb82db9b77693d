/**
 * Settlement end to end on a real hardhat node and a real journaled exchange:
 * deposit -> credited after its confirmations -> trade -> batch -> on-chain
 * balances and rights equal the ledger -> withdrawal paid; reconciliation and
 * payouts through the handlers; a paused vault makes settlement wait while the
 * exchange trades; a permanent revert stops the settler with an alarm.
 */
import { getAddress, id } from 'ethers';
import { grantProof, grantsOfExercise, NO_GRANTS_ROOT } from '../../src/grants/index.js';
import { replayEventsAfter } from '../../src/read-models/replay.js';
import type { RightsExercised } from '../../src/engine/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patxJson } from '../support/patx-cli.js';
import type { Contract } from 'ethers';
import type { ChainFixture } from '../support/chain-fixture.js';
import { limitOrder, until, PAT_WEI, PAT_MICROS, type Cast, type Exchange } from '../support/exchange-fixture.js';
import { BROKER, openSettledExchange, SETTLER, type SettledExchange } from '../support/settled-exchange.js';
import { createLogger } from '../../src/runtime/log.js';
import {
  accountLedgerWei,
  batchTuple,
  contractAt,
  payoutsHandler,
  contractChainView,
  rpcChainView,
  reconcile,
  reconciliationHandler,
  statusHandler,
  ChainWatcher,
  Participants,
  SettlementStore,
  type Deployment,
  type ChainView,
  type DepositLog,
  type Settlement,
} from '../../src/settlement/index.js';
import { DEPOSITED_TOPIC, SELECTORS } from '../../src/settlement/rpc-chain-view.js';
import { CommandKind, EventType, RejectReason, Role, SeriesKind, Side, TimeInForce } from '../../src/engine/index.js';

const logger = createLogger(process.env.PATX_TEST_LOG ?? 'silent');
let h: SettledExchange;
let fx: ChainFixture;
let d: Deployment;
let x: Exchange;
let cast: Cast;
let settlement: Settlement;
let vault: Contract;
let token: Contract;
let registry: Contract;
const CONSUMER = 4;
const PROVIDER = 5;

/** The account's whole PAT in the ledger (free, held, locked in forwards, sub-µPAT, pending withdrawals): its vault balance once settled. */
function ledgerWei(accountId: number): bigint {
  return accountLedgerWei(x.engine, accountId);
}

beforeAll(async () => {
  h = await openSettledExchange({ consumer: CONSUMER, provider: PROVIDER });
  ({ fx, d, x, cast, vault, token, registry } = h);
});

afterAll(async () => {
  await h?.stop();
});

describe('chain watcher', () => {
  it('credits a deposit only once it has its confirmations, exactly once', async () => {
    const store = SettlementStore.open(`${x.dir}/watcher-only`);
    const contracts = { vault: contractAt('PATXVault', d.vault, fx.provider), governance: contractAt('PhaseGovernance', d.governance, fx.provider) };
    const watcher = new ChainWatcher({
      provider: fx.provider,
      ...contracts,
      store,
      engine: x.engine,
      sequencer: x.sequencer,
      participants: new Participants(x.engine, fx.addresses[0]),
      deployBlock: d.deployBlock,
      log: logger,
      options: { confirmations: 3, pollIntervalMs: 20, maxBlockRange: 2 },
    });
    await h.depositOnChain(CONSUMER, 100n * PAT_WEI); // mined in its own block: 1 confirmation
    await watcher.pollOnce();
    expect(x.engine.accounts[cast.consumer]!.availableMicros).toBe(0);
    await fx.mine(1); // 2 confirmations
    await watcher.pollOnce();
    expect(x.engine.accounts[cast.consumer]!.availableMicros).toBe(0);
    await fx.mine(1); // 3 confirmations
    await watcher.pollOnce();
    expect(x.engine.accounts[cast.consumer]!.availableMicros).toBe(100 * PAT_MICROS);
    // A rescan from the start (a lost cursor) credits nothing twice.
    await store.setWatcherCursor(d.deployBlock - 1);
    await watcher.pollOnce();
    expect(x.engine.accounts[cast.consumer]!.availableMicros).toBe(100 * PAT_MICROS);
    expect(x.engine.depositRefs.size).toBe(1);

    // A deposit from an address no account has waits as unmatched, and is credited once such an account opens.
    await h.depositOnChain(6, 7n * PAT_WEI);
    await fx.mine(2);
    await watcher.pollOnce();
    expect(store.unmatchedDeposits()).toMatchObject([{ depositor: fx.addresses[6]!.toLowerCase(), amountWei: 7n * PAT_WEI }]);
    const [opened] = await x.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: 0, role: Role.CONSUMER, address: fx.addresses[6]!.toLowerCase() });
    const newcomer = (opened as { accountId: number }).accountId;
    await watcher.pollOnce();
    expect(x.engine.accounts[newcomer]!.availableMicros).toBe(7 * PAT_MICROS);
    expect(store.unmatchedDeposits()).toEqual([]);
    await store.close();
  });
});

describe('settlement end to end', () => {
  it('starts against the deployment and credits the broker deposit', async () => {
    // Batches on a timer here, and the periodic reconciliation at the schema's default.
    settlement = await h.startSettlement({ batchIntervalMs: 50, reconcileIntervalMs: undefined });
    await h.depositOnChain(BROKER, 1000n * PAT_WEI);
    await until(() => x.engine.accounts[cast.broker]!.availableMicros === 1000 * PAT_MICROS, 'broker deposit credited');
  });

  it('an insufficient deposit limits what can be bought or withdrawn: refused, nothing changes', async () => {
    const { broker, consumer, seriesId } = cast;
    await x.submit(limitOrder(broker, seriesId, Side.SELL, 9 * PAT_MICROS, 1000)); // no rights yet: refused too
    const tooBig = await x.submit(limitOrder(consumer, seriesId, Side.BUY, 9 * PAT_MICROS, 12)); // 108 PAT > 100 deposited
    expect(tooBig).toMatchObject([{ type: EventType.ORDER_REJECTED, reason: RejectReason.INSUFFICIENT_BALANCE }]);
    const overdraw = await x.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: consumer, amountWei: 101n * PAT_WEI });
    expect(overdraw).toMatchObject([{ type: EventType.COMMAND_REJECTED, reason: RejectReason.INSUFFICIENT_BALANCE }]);
    expect(ledgerWei(consumer)).toBe(100n * PAT_WEI);
  });

  it('trades, settles in a batch, pays the withdrawal, and the chain equals the ledger', async () => {
    const { broker, consumer, provider, seriesId } = cast;
    expect((await x.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: 100 }))[0]?.type).toBe(EventType.CAPACITY_DECLARED);
    expect((await x.submit({ kind: CommandKind.MINT, actor: provider, seriesId, qty: 10 }))[0]?.type).toBe(EventType.RIGHTS_MINTED);
    await x.submit(limitOrder(provider, seriesId, Side.SELL, 2 * PAT_MICROS, 5));
    const bought = await x.submit(limitOrder(broker, seriesId, Side.BUY, 2 * PAT_MICROS, 5, TimeInForce.IOC));
    expect(bought.filter((e) => e.type === EventType.FILL)).toHaveLength(1);
    await x.submit(limitOrder(broker, seriesId, Side.SELL, 3 * PAT_MICROS, 3));
    const sold = await x.submit(limitOrder(consumer, seriesId, Side.BUY, 3 * PAT_MICROS, 3));
    expect(sold.filter((e) => e.type === EventType.FILL)).toHaveLength(1);
    expect((await x.submit({ kind: CommandKind.EXERCISE, actor: consumer, seriesId, qty: 1 }))[0]?.type).toBe(EventType.RIGHTS_EXERCISED);
    const [requested] = await x.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: consumer, amountWei: 10n * PAT_WEI });
    expect(requested?.type).toBe(EventType.WITHDRAWAL_REQUESTED);
    const walletBefore = (await token.getFunction('balanceOf')(fx.addresses[CONSUMER])) as bigint;
    const through = x.engine.lastSeq;

    await until(() => x.engine.settledThroughSeq >= through && x.engine.withdrawals.size === 0, 'batch recorded with the withdrawal');

    expect(await token.getFunction('balanceOf')(fx.addresses[CONSUMER])).toBe(walletBefore + 10n * PAT_WEI);
    for (const [id, address] of [[consumer, fx.addresses[CONSUMER]!], [provider, fx.addresses[PROVIDER]!], [broker, fx.addresses[BROKER]!]] as const) {
      expect(await vault.getFunction('balanceOf')(address), `account ${id}`).toBe(ledgerWei(id));
      const p = x.engine.accounts[id]!.positions.get(seriesId);
      expect(await registry.getFunction('rightsOf')(seriesId, address), `rights of ${id}`).toBe(BigInt((p?.available ?? 0) + (p?.held ?? 0)));
    }
    expect(await registry.getFunction('rightsOf')(seriesId, fx.addresses[CONSUMER])).toBe(2n);
    expect(await registry.getFunction('supplyOf')(seriesId)).toBe(9n);
    expect(ledgerWei(consumer)).toBe(81n * PAT_WEI); // 100 - 9 - 10
    const report = await settlement.reconcile();
    expect(report.mismatches).toEqual([]);
    expect(report.ok).toBe(true);

    // The exercise's grant is committed on-chain by its batch: the registry holds the root, and a proof of the grant verifies there.
    const exercised = [...settlement.store.outboxFrom(1)].find((r) => r.batch.grantCount > 0)!;
    expect(exercised.batch.grantCount).toBe(1);
    expect(await registry.getFunction('grantsRoot')(exercised.batchId)).toBe(exercised.batch.grantsRoot);
    expect(report.grantCommitments).toContainEqual({ batchId: exercised.batchId, root: exercised.batch.grantsRoot, count: 1, onChain: true });
    const exercise = replayedExercise(x, seriesId);
    const grants = grantsOfExercise(x.engine, exercise.event, exercise.timeMs);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ consumer: getAddress(fx.addresses[CONSUMER]!), provider: getAddress(fx.addresses[PROVIDER]!), quantity: 1 });
    const { leaf, proof } = grantProof(grants, grants[0]!.grantId)!;
    expect(await registry.getFunction('isGrantCommitted')(exercised.batchId, leaf, proof)).toBe(true);
    const forged = grantProof([{ ...grants[0]!, quantity: 9 }], grants[0]!.grantId)!;
    expect(await registry.getFunction('isGrantCommitted')(exercised.batchId, forged.leaf, proof)).toBe(false);
  });

  it('serves reconciliation, status and the provider payout statement', async () => {
    const engine = x.engine;
    const rec = await reconciliationHandler(() => settlement)({});
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ ok: true, mismatches: [] });
    const status = await statusHandler(() => settlement)({});
    expect(status.body).toMatchObject({ settler: { status: 'running' }, lastBatch: { state: 'recorded' } });
    const payouts = payoutsHandler(() => settlement, engine);
    expect((await payouts({ accountId: 'x' })).status).toBe(400);
    expect((await payouts({ accountId: '1', bogus: '1' })).status).toBe(400);
    expect((await payouts({ accountId: '999' })).status).toBe(404);
    expect((await payouts({ accountId: String(cast.consumer) })).status).toBe(404);
    const res = await payouts({ accountId: String(cast.provider) });
    expect(res.status).toBe(200);
    const body = res.body as { entries: Array<{ batchId: number; txHash: string; qty: number; grossMicros: number; netWei: string }>; totalNetWei: string };
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({ qty: 5, grossMicros: 10 * PAT_MICROS, netWei: (10n * PAT_WEI).toString() });
    expect(body.entries[0]!.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(body.totalNetWei).toBe((10n * PAT_WEI).toString());
    expect(await vault.getFunction('batchHash')(body.entries[0]!.batchId)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('patx reconcile and patx payouts work offline over the data directory, beside the running service', async () => {
    const rec = await patxJson(x.dir, 'reconcile');
    expect(rec.status, rec.stderr).toBe(0);
    expect(JSON.parse(rec.stdout.trim())).toMatchObject({ ok: true, mismatches: [], unaccountedWei: '0' }); // the JSON-RPC view reads the vault's holdings too
    const pay = await patxJson(x.dir, 'payouts', '--account', String(cast.provider));
    expect(pay.status, pay.stderr).toBe(0);
    const lines = pay.stdout.trim().split('\n').map((l) => JSON.parse(l) as { accountId: number; qty: number });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ accountId: cast.provider, qty: 5 });
    expect((await patxJson(x.dir, 'payouts')).status).toBe(2);
  });

  it("the JSON-RPC chain view (patx reconcile's, no ethers) reads exactly what the ethers contracts read", async () => {
    // The encodings it carries, recomputed from the signatures.
    expect(SELECTORS).toEqual({
      lastBatchId: id('lastBatchId()').slice(0, 10),
      grantsRoot: id('grantsRoot(uint64)').slice(0, 10),
      grantCount: id('grantCount(uint64)').slice(0, 10),
      balanceOf: id('balanceOf(address)').slice(0, 10),
      rightsOf: id('rightsOf(uint64,address)').slice(0, 10),
    });
    expect(DEPOSITED_TOPIC).toBe(vault.interface.getEvent('Deposited')!.topicHash);
    const viaRpc = await rpcChainView(fx.chain.rpcUrl, d);
    const viaEthers = contractChainView(vault, registry, d.deployBlock);
    const block = (await viaEthers.blockNumber()) - 1;
    const batchId = await viaEthers.lastBatchId(block);
    expect(batchId).toBeGreaterThan(0); // batches were settled above: rights, balances and grant roots are not all zero
    const reads = async (c: ChainView): Promise<unknown[]> => [
      await c.blockNumber().then((n) => n >= block + 1),
      await c.lastBatchId(block),
      await c.deposits(d.deployBlock, block),
      await c.deposits(block + 1, 'latest'),
      await Promise.all(Array.from({ length: batchId }, (_, i) => Promise.all([c.grantsRoot(i + 1, block), c.grantCount(i + 1, block)]))),
      await Promise.all(fx.addresses.map((a) => c.balanceOf(a, block))),
      await Promise.all(fx.addresses.map((a) => c.rightsOf(cast.seriesId, a, block))),
      c.registryAddress,
    ];
    const [rpc, ethers] = await Promise.all([reads(viaRpc), reads(viaEthers)]);
    expect(rpc).toEqual(ethers);
    expect((rpc[2] as DepositLog[]).length).toBeGreaterThan(0);
    expect((rpc[5] as bigint[]).some((b) => b > 0n)).toBe(true);
    expect((rpc[6] as bigint[]).some((r) => r > 0n)).toBe(true);
    // A chain of another id is refused, and a chain that does not answer says so.
    await expect(rpcChainView(fx.chain.rpcUrl, { ...d, chainId: d.chainId + 1 })).rejects.toThrow(/chain/);
    await expect(rpcChainView('http://127.0.0.1:1', d)).rejects.toThrow(/does not answer/);
  });

  it('the watcher reports a phase the council enabled on-chain, and the engine then lets phase-3 kinds past the gate', async () => {
    const listSynthetic = () =>
      x.submit({
        kind: CommandKind.LIST_SERIES, actor: 0, contract: 'AUTO_INTENT|7D|0.85-1.00', seriesKind: SeriesKind.SYNTHETIC, openAtMs: Date.UTC(2026, 10, 16),
        closeAtMs: Date.UTC(2026, 10, 23), tickMicros: 1000, lotSize: 1, minPriceMicros: 1000, maxPriceMicros: 10_000_000, maxOrderQty: 1000, bandBps: 500,
      });
    expect(await listSynthetic()).toMatchObject([{ type: EventType.COMMAND_REJECTED, reason: RejectReason.PHASE_NOT_ENABLED }]);
    await h.councilVotes(3);
    // Past the phase gate: now refused only because this window has no spot series to take its index from.
    expect(await listSynthetic()).toMatchObject([{ type: EventType.COMMAND_REJECTED, reason: RejectReason.UNDERLYING_NOT_LISTED }]);
  });

  it('waits while the vault is paused, the exchange trading on, and settles once unpaused', async () => {
    const { broker, consumer, seriesId } = cast;
    const admin = vault.connect(fx.wallets[0]!) as Contract;
    await (await admin.getFunction('pause')()).wait();
    await x.submit(limitOrder(broker, seriesId, Side.SELL, 3 * PAT_MICROS, 1));
    const fill = await x.submit(limitOrder(consumer, seriesId, Side.BUY, 3 * PAT_MICROS, 1));
    expect(fill.filter((e) => e.type === EventType.FILL)).toHaveLength(1);
    await until(() => settlement.settler.status === 'waiting' && /paused/.test(settlement.settler.waitingFor ?? ''), 'settler waiting on the pause');
    // The operator's board says so: settlement waits, and why.
    const waiting = h.alarms.get('settlement-waiting');
    expect(waiting).toMatchObject({ active: true, severity: 'warning' });
    expect(waiting!.summary).toMatch(/^settlement waits: .*paused.*; retry \d+ in \d+ s$/);
    const through = x.engine.lastSeq;
    // Still trading while settlement waits.
    await x.submit(limitOrder(broker, seriesId, Side.SELL, 3 * PAT_MICROS, 1));
    expect((await x.submit(limitOrder(consumer, seriesId, Side.BUY, 3 * PAT_MICROS, 1))).some((e) => e.type === EventType.FILL)).toBe(true);
    await (await admin.getFunction('unpause')()).wait();
    await until(() => x.engine.settledThroughSeq >= through, 'batch settled after unpause');
    // Cleared when the settler's turn ends, just after the engine recorded the batch.
    await until(() => h.alarms.get('settlement-waiting')?.active === false, 'the settlement-waiting alarm cleared');
    await until(async () => (await settlement.reconcile()).ok, 'reconciliation clean after the pause');
  });

  it('a batch applied and recorded between reading the chain and reading the ledger is not counted twice', async () => {
    const { broker, consumer, provider, seriesId } = cast;
    const admin = vault.connect(fx.wallets[0]!) as Contract;
    await until(() => settlement.status().lastBatch?.state === 'recorded' && settlement.settler.pending.isEmpty, 'settler idle');
    await (await admin.getFunction('pause')()).wait();
    await x.submit(limitOrder(provider, seriesId, Side.SELL, 2 * PAT_MICROS, 1));
    expect((await x.submit(limitOrder(broker, seriesId, Side.BUY, 2 * PAT_MICROS, 1, TimeInForce.IOC))).some((e) => e.type === EventType.FILL)).toBe(true);
    expect((await x.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: consumer, amountWei: PAT_WEI }))[0]?.type).toBe(EventType.WITHDRAWAL_REQUESTED);
    await until(() => settlement.settler.status === 'waiting' && /paused/.test(settlement.settler.waitingFor ?? ''), 'settler waiting on the pause');
    const settledBefore = x.engine.settledBatchId;
    let unpaused: Promise<unknown> | undefined;
    const report = await reconcile(contractChainView(vault, registry, d.deployBlock), (vaultBatchId) => {
      // The chain has been read, the batch not applied at that block: let it be applied and recorded before the ledger is read.
      unpaused ??= (admin.getFunction('unpause')() as Promise<{ wait(): Promise<unknown> }>).then((tx) => tx.wait());
      return x.engine.settledBatchId > settledBefore && x.engine.withdrawals.size === 0 ? settlement.ledgerView(vaultBatchId) : undefined;
    }, { maxWaitTurns: 50_000_000 });
    await unpaused;
    expect(report.vaultBatchId).toBe(settledBefore);
    expect(report.engineSettledBatchId).toBeGreaterThan(settledBefore);
    expect(report.mismatches).toEqual([]);
    expect((await settlement.reconcile()).ok).toBe(true);
  });

  it('a deposit the engine credits after the block read is taken off what the vault held then: no mismatch', async () => {
    await until(() => settlement.status().lastBatch?.state === 'recorded' && settlement.settler.pending.isEmpty, 'settler idle');
    const credited = x.engine.depositRefs.size;
    let deposited: Promise<void> | undefined;
    const report = await reconcile(contractChainView(vault, registry, d.deployBlock), (vaultBatchId) => {
      // The chain has been read: a deposit lands after that block and the engine credits it before the ledger is read.
      deposited ??= h.depositOnChain(CONSUMER, 3n * PAT_WEI);
      return x.engine.depositRefs.size > credited ? settlement.ledgerView(vaultBatchId) : undefined;
    }, { maxWaitTurns: 50_000_000 });
    await deposited;
    expect(report.mismatches).toEqual([]);
    expect(report.ok).toBe(true);
    // The chain read is a block with a successor, and the deposit is after it.
    const logs = await vault.queryFilter(vault.getEvent('Deposited'), report.block + 1);
    expect(logs.length).toBeGreaterThan(0);
    expect((await settlement.reconcile()).ok).toBe(true);
  });

  it('stops with an alarm on a revert that will not go away (the settler lost its role)', async () => {
    const { broker, consumer, provider, seriesId } = cast;
    const admin = vault.connect(fx.wallets[0]!) as Contract;
    await x.submit(limitOrder(provider, seriesId, Side.SELL, 2 * PAT_MICROS, 3));
    expect((await x.submit(limitOrder(broker, seriesId, Side.BUY, 2 * PAT_MICROS, 3, TimeInForce.IOC))).some((e) => e.type === EventType.FILL)).toBe(true);
    await until(() => settlement.status().lastBatch?.state === 'recorded' && settlement.settler.pending.isEmpty, 'settler idle');
    const role = (await vault.getFunction('SETTLER_ROLE')()) as string;
    await (await admin.getFunction('revokeRole')(role, fx.addresses[SETTLER])).wait();
    await x.submit(limitOrder(broker, seriesId, Side.SELL, 3 * PAT_MICROS, 1));
    expect((await x.submit(limitOrder(consumer, seriesId, Side.BUY, 3 * PAT_MICROS, 1))).some((e) => e.type === EventType.FILL)).toBe(true);
    await until(() => settlement.settler.status === 'failed', 'settler stopped');
    expect(settlement.status().settler.error).toMatch(/BatchRevertedError.*AccessControlUnauthorizedAccount/);
    expect(h.alarms.get('settlement-stopped')).toMatchObject({ active: true, severity: 'critical' });
    // The exchange is unaffected.
    await x.submit(limitOrder(broker, seriesId, Side.SELL, 3 * PAT_MICROS, 1));
    expect((await x.submit(limitOrder(consumer, seriesId, Side.BUY, 3 * PAT_MICROS, 1))).some((e) => e.type === EventType.FILL)).toBe(true);
    await (await admin.getFunction('grantRole')(role, fx.addresses[SETTLER])).wait();
  });

  it('reconciliation raises the alarm when the chain moved without the ledger (another settler)', async () => {
    const before = settlement.mismatchCount;
    const rogue = vault.connect(fx.wallets[SETTLER]!) as Contract;
    const next = Number(await vault.getFunction('lastBatchId')()) + 1;
    const batch = { batchId: next, throughSeq: x.engine.lastSeq, balances: [
      { participant: fx.addresses[CONSUMER]!, deltaWei: -PAT_WEI },
      { participant: fx.addresses[PROVIDER]!, deltaWei: PAT_WEI },
    ], feeWei: 0n, withdrawals: [], listings: [], rights: [], grantsRoot: NO_GRANTS_ROOT, grantCount: 0 };
    await (await rogue.getFunction('settleBatch')(batchTuple(batch))).wait();
    // Reconciliation reads the newest block with a successor (src/settlement/reconcile.ts): the chain moves on (the
    // service's confirmation miner does this on the embedded chain), and the rogue batch's block is read.
    await fx.mine();
    const report = await settlement.reconcile();
    expect(report.ok).toBe(false);
    const moved = report.mismatches.filter((m) => m.kind === 'balance').map((m) => m.address);
    expect(moved).toEqual(expect.arrayContaining([fx.addresses[CONSUMER]!.toLowerCase(), fx.addresses[PROVIDER]!.toLowerCase()]));
    expect(settlement.mismatchCount).toBeGreaterThan(before);
    expect((await reconciliationHandler(() => settlement)({})).body).toMatchObject({ ok: false });
    // Offline too: the chain stays ahead of every reading of the data directory (a batch its ledger never cut), so after re-reading it reports the difference.
    const rec = await patxJson(x.dir, 'reconcile');
    expect(rec.status, rec.stderr).toBe(1);
    const offline = JSON.parse(rec.stdout.trim()) as { ok: boolean; mismatches: Array<{ kind: string; address: string }> };
    expect(offline.ok).toBe(false);
    expect(offline.mismatches.filter((m) => m.kind === 'balance').map((m) => m.address)).toEqual(expect.arrayContaining(moved));
  });
});

/** The series' exercise event and its turn's time, from the journal. */
function replayedExercise(x: { journal: Parameters<typeof replayEventsAfter>[0] }, seriesId: number): { event: RightsExercised; timeMs: number } {
  for (const turn of replayEventsAfter(x.journal, 0)) {
    const e = turn.events.find((ev) => ev.type === EventType.RIGHTS_EXERCISED && ev.seriesId === seriesId);
    if (e !== undefined) return { event: e as RightsExercised, timeMs: turn.timeMs };
  }
  throw new Error('no exercise in the journal');
}
