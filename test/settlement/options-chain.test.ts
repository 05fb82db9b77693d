/**
 * Options settled on a real hardhat node from a real journaled exchange (its sequencer on
 * a clock the test moves): the council votes phase 3 and then phase 4 on the
 * PhaseGovernance contract and the watcher reports each vote; the operator lists a CALL
 * struck at 1 PAT on the spot series' window (the batch registers it as kind 4, which the
 * registry allows only because phase 4 was voted); a qualified institution writes it — its
 * writing margin is locked inside its own vault balance — and a retail consumer buys it:
 * the premium is the only PAT that moves on-chain, and no right. The spot's reference
 * price rises (no broker quotes: the index falls back to it), the call expires in the money
 * at its close and the long is paid by the writer. After each batch the vault balances
 * equal the engine's ledger, no option rights exist on-chain, and reconciliation is clean,
 * while PAT is in flight too, and offline (`patx reconcile`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Contract } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, Journal, recover, RejectReason, Role, Sequencer, SeriesKind, Side, SYSTEM_ACTOR, type EngineEvent } from '../../src/engine/index.js';
import { createLogger } from '../../src/log.js';
import { accountLedgerWei, contractAt, HARDHAT_KEYS, settlementConfigSchema, startSettlement, type Deployment, type Settlement } from '../../src/settlement/index.js';
import { startChainFixture, type ChainFixture } from '../support/chain-fixture.js';
import { CONTRACT, limitOrder, NOW, openCast, PAT_MICROS, PAT_WEI, removeDir, T0, until, type Cast, type Exchange } from '../support/exchange-fixture.js';

const logger = createLogger(process.env.PATX_TEST_LOG ?? 'silent');
const CLOSE = T0 + 7 * 86_400_000;
const HOUR_MS = 3_600_000;
const CONSUMER = 4;
const PROVIDER = 5;
const WRITER = 6;
const BROKER = 8;
const SETTLER = 9;
const MICRO_WEI = 10n ** 12n;
const STRIKE = PAT_MICROS;
const PREMIUM = 100_000; // 0.1 PAT a unit
const QTY = 10;

let fx: ChainFixture;
let d: Deployment;
let x: Exchange;
/** The sequencer's clock. */
let clockMs = NOW;
let cast: Cast;
let writer: number;
let call = 0;
let settlement: Settlement;
let vault: Contract;
let token: Contract;
let registry: Contract;
let governance: Contract;

/** The exchange of exchange-fixture.ts, but on a clock the test moves (expiry needs the close on the sequencer clock). */
function openExchangeWithClock(): Exchange {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-options-'));
  const journal = Journal.open(dir, { durability: 'commit' });
  const { engine } = recover(journal);
  const sequencer = new Sequencer(engine, journal, () => clockMs, { snapshotEveryCommands: 0, snapshotEveryMs: 0 });
  return {
    dir, engine, sequencer, journal,
    async submit(cmd) {
      return (await sequencer.submit(cmd)).events;
    },
    async close() {
      await sequencer.stop();
      await journal.close();
    },
  };
}

async function depositOnChain(walletIndex: number, amountWei: bigint): Promise<void> {
  const w = fx.wallets[walletIndex]!;
  await (await (token.connect(fx.wallets[0]!) as Contract).getFunction('transfer')(fx.addresses[walletIndex], amountWei)).wait();
  await (await (token.connect(w) as Contract).getFunction('approve')(d.vault, amountWei)).wait();
  await (await (vault.connect(w) as Contract).getFunction('deposit')(amountWei)).wait();
}

async function ok(events: Promise<EngineEvent[]>, type: EngineEvent['type']): Promise<EngineEvent[]> {
  const ev = await events;
  expect(ev.map((e) => e.type), JSON.stringify(ev, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toContain(type);
  return ev;
}

/** Cuts a batch of everything so far and waits until it is recorded. */
async function settle(): Promise<void> {
  const through = x.engine.lastSeq;
  const r = await settlement.settleNow();
  expect(r.reason ?? r.state).toBe('recorded');
  await until(() => x.engine.settledThroughSeq >= through, 'batch recorded');
}

function balanceOf(walletIndex: number): Promise<bigint> {
  return vault.getFunction('balanceOf')(fx.addresses[walletIndex]) as Promise<bigint>;
}

/** Vault balances equal the ledger (writing margin held and locked included), no option rights on-chain, reconciliation clean. */
async function expectChainEqualsLedger(): Promise<void> {
  const accounts: Array<[number, string]> = [[cast.broker, fx.addresses[BROKER]!], [cast.consumer, fx.addresses[CONSUMER]!], [writer, fx.addresses[WRITER]!]];
  for (const [id, address] of accounts) {
    expect(await vault.getFunction('balanceOf')(address), `PAT of account ${id}`).toBe(accountLedgerWei(x.engine, id));
    if (call !== 0) expect(await registry.getFunction('rightsOf')(call, address), `call rights of account ${id}`).toBe(0n);
  }
  if (call !== 0) expect(await registry.getFunction('supplyOf')(call)).toBe(0n);
  const report = await settlement.reconcile();
  expect(report.mismatches).toEqual([]);
  expect(report.ok).toBe(true);
}

function setReference(priceMicros: number): Promise<EngineEvent[]> {
  return x.submit({ kind: CommandKind.SET_REFERENCE_PRICE, actor: cast.operator, seriesId: cast.seriesId, priceMicros });
}

async function councilVotes(phase: number): Promise<void> {
  for (const member of [1, 2]) await (await (governance.connect(fx.wallets[member]!) as Contract).getFunction('vote')(phase)).wait();
  await until(() => x.engine.governancePhase === phase, `phase ${phase} reported to the engine`);
}

beforeAll(async () => {
  fx = await startChainFixture();
  d = await fx.deploy({ settler: fx.addresses[SETTLER] });
  vault = contractAt('PATXVault', d.vault, fx.provider);
  token = contractAt('PATToken', d.token, fx.provider);
  registry = contractAt('AccessRightsRegistry', d.registry, fx.provider);
  governance = contractAt('PhaseGovernance', d.governance, fx.provider);
  x = openExchangeWithClock();
  cast = await openCast(x, fx.addresses[CONSUMER]!, fx.addresses[PROVIDER]!);
  const [opened] = await x.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: fx.addresses[WRITER]!.toLowerCase() });
  writer = (opened as { accountId: number }).accountId;
  await fx.intervalMining(50);
  const config = settlementConfigSchema.parse({
    rpcUrl: fx.chain.rpcUrl,
    contracts: { token: d.token, governance: d.governance, registry: d.registry, vault: d.vault, deployBlock: d.deployBlock },
    confirmations: 2,
    pollIntervalMs: 20,
    batchIntervalMs: 3_600_000, // batches only when the test asks (settleNow)
    retryBaseMs: 20,
    retryMaxMs: 200,
    reconcileIntervalMs: 0,
    brokerAddress: fx.addresses[BROKER],
  });
  settlement = await startSettlement({ config, dataDir: x.dir, engine: x.engine, sequencer: x.sequencer, journal: x.journal, logger, env: { PATX_SETTLER_KEY: HARDHAT_KEYS[SETTLER] } });
  await depositOnChain(BROKER, 1000n * PAT_WEI);
  await depositOnChain(CONSUMER, 100n * PAT_WEI);
  await depositOnChain(WRITER, 10n * PAT_WEI);
  await until(() => [cast.broker, cast.consumer, writer].every((id) => x.engine.accounts[id]!.availableMicros > 0), 'deposits credited');
}, 120_000);

afterAll(async () => {
  await settlement?.stop();
  await x?.close();
  if (x !== undefined) removeDir(x.dir);
  await fx?.stop();
});

describe('options on-chain', () => {
  it('phases 3 and 4 voted on-chain reach the engine; a CALL listed on the spot window is registered as kind 4', async () => {
    await councilVotes(3);
    // Phase 3 alone: the engine refuses a CALL (the registry would too: requiredPhase(CALL) = 4).
    const callSpec = {
      kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: CONTRACT, seriesKind: SeriesKind.CALL, openAtMs: T0, closeAtMs: CLOSE,
      tickMicros: 1000, lotSize: 1, minPriceMicros: 1000, maxPriceMicros: PAT_MICROS, maxOrderQty: 100_000, bandBps: 500, strikeMicros: STRIKE,
    } as const;
    expect((await x.submit(callSpec))[0]).toMatchObject({ type: EventType.COMMAND_REJECTED, reason: RejectReason.PHASE_NOT_ENABLED });
    expect(await registry.getFunction('requiredPhase')(SeriesKind.CALL)).toBe(4n);
    expect(await governance.getFunction('isPhaseEnabled')(4)).toBe(false);
    await councilVotes(4);
    await ok(setReference(PAT_MICROS), EventType.REFERENCE_PRICE_SET);
    const [listed] = await x.submit(callSpec);
    expect(listed?.type, JSON.stringify(listed)).toBe(EventType.SERIES_LISTED);
    call = (listed as { seriesId: number }).seriesId;
    await ok(x.submit({ kind: CommandKind.SET_INSTITUTION, actor: cast.operator, accountId: writer, qualified: true }), EventType.INSTITUTION_SET);
    await settle();
    expect(await registry.getFunction('seriesKind')(call)).toBe(BigInt(SeriesKind.CALL));
    await expectChainEqualsLedger();
  });

  it('an institution writes, a consumer buys: the premium settles on-chain, the writing margin stays locked in the writer, no rights', async () => {
    const before = { consumer: await balanceOf(CONSUMER), writer: await balanceOf(WRITER) };
    await ok(x.submit(limitOrder(writer, call, Side.SELL, PREMIUM, QTY)), EventType.ORDER_ACCEPTED);
    // Writing margin per unit: max(15% × 1 PAT − 0 out of the money, 10% × 1 PAT) + the 0.1 premium = 0.25 PAT.
    expect(x.engine.accounts[writer]!.heldMicros).toBe(QTY * 250_000);
    // An order holding margin moves nothing on-chain.
    expect(settlement.settler.pending.isEmpty).toBe(true);
    await ok(x.submit(limitOrder(cast.consumer, call, Side.BUY, PREMIUM, QTY)), EventType.FILL);
    expect(x.engine.accounts[writer]!.lockedMicros).toBe(QTY * 250_000);
    expect(x.engine.accounts[writer]!.positions.get(call)!.available).toBe(-QTY);
    expect(x.engine.accounts[cast.consumer]!.positions.get(call)!.available).toBe(QTY);
    // Clean while the premium is still in the open netting, too.
    expect(settlement.settler.pending.isEmpty).toBe(false);
    expect((await settlement.reconcile()).mismatches).toEqual([]);
    await settle();
    const premium = BigInt(QTY * PREMIUM) * MICRO_WEI;
    expect(await balanceOf(CONSUMER)).toBe(before.consumer - premium);
    expect(await balanceOf(WRITER)).toBe(before.writer + premium);
    await expectChainEqualsLedger();
  });

  it('expires in the money at its close: the long is paid by the writer, zero-sum, and the chain equals the ledger', async () => {
    // No broker quotes in the spot series: the index falls back to the reference price, 1.3 PAT; the call is worth 0.3 a unit.
    clockMs = CLOSE - 2 * HOUR_MS;
    await ok(setReference(1_300_000), EventType.REFERENCE_PRICE_SET);
    clockMs = CLOSE;
    const ev = await ok(x.submit({ kind: CommandKind.EXPIRE_SERIES, actor: cast.operator, seriesId: call, cutoffMs: CLOSE }), EventType.SYNTHETIC_SETTLEMENT_COMPLETED);
    expect(ev.find((e) => e.type === EventType.SETTLEMENT_INDEX_PUBLISHED)).toMatchObject({ indexMicros: 1_300_000 });
    const paid = new Map(ev.filter((e) => e.type === EventType.SYNTHETIC_SETTLED).map((e) => [(e as { accountId: number }).accountId, e as { payoutMicros: number; valueMicros: number }]));
    const cover = (ev.find((e) => e.type === EventType.SYNTHETIC_SETTLEMENT_COMPLETED) as { brokerCoverMicros: number }).brokerCoverMicros;
    expect(paid.get(cast.consumer)).toMatchObject({ valueMicros: 300_000, payoutMicros: 3 * PAT_MICROS });
    expect(paid.get(writer)).toMatchObject({ valueMicros: 300_000, payoutMicros: -3 * PAT_MICROS });
    expect(cover).toBe(0);
    expect([...paid.values()].reduce((s, e) => s + e.payoutMicros, 0) - cover).toBe(0);
    const before = { consumer: await balanceOf(CONSUMER), writer: await balanceOf(WRITER) };
    expect(settlement.settler.pending.isEmpty).toBe(false);
    expect((await settlement.reconcile()).mismatches).toEqual([]);
    await settle();
    expect(await balanceOf(CONSUMER)).toBe(before.consumer + 3n * PAT_WEI);
    expect(await balanceOf(WRITER)).toBe(before.writer - 3n * PAT_WEI);
    expect(x.engine.accounts[writer]!.lockedMicros).toBe(0);
    await expectChainEqualsLedger();
  });

  it('patx reconcile agrees offline (the engine replayed from the journal), beside the running service', () => {
    const rec = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--json', 'reconcile', '--data', x.dir], { encoding: 'utf8' });
    expect(rec.status, rec.stderr).toBe(0);
    expect(JSON.parse(rec.stdout.trim())).toMatchObject({ ok: true, mismatches: [] });
  });
});
