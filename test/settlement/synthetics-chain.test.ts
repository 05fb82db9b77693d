/**
 * Synthetics settled on a real hardhat node from a real journaled exchange (its
 * sequencer on a clock the test moves): the council votes phase 3 on the PhaseGovernance
 * contract and the watcher reports it; the operator lists a SYNTHETIC on the spot
 * series' window (the batch registers it as kind 3, which the registry allows only
 * because the vote passed); two qualified institutions trade it — no PAT moves, their
 * margin is held and locked inside their own vault balances; the spot's reference price
 * moves, a mark liquidates the thin short to the broker (the penalty is the only PAT that
 * moves); the synthetic expires at its close and every holder is paid. After each batch
 * the vault balances equal the engine's ledger, no synthetic rights exist on-chain, and
 * reconciliation is clean, online and offline (`patx reconcile`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Contract } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, Journal, recover, Role, Sequencer, SeriesKind, Side, SYSTEM_ACTOR, type EngineEvent } from '../../src/engine/index.js';
import { createLogger } from '../../src/log.js';
import { accountLedgerWei, contractAt, HARDHAT_KEYS, settlementConfigSchema, startSettlement, type Deployment, type Settlement } from '../../src/settlement/index.js';
import { startChainFixture, type ChainFixture } from '../support/chain-fixture.js';
import { CONTRACT, limitOrder, NOW, openCast, PAT_MICROS, PAT_WEI, removeDir, T0, until, type Cast, type Exchange } from '../support/exchange-fixture.js';

const logger = createLogger(process.env.PATX_TEST_LOG ?? 'silent');
const CLOSE = T0 + 7 * 86_400_000;
const RICH = 4;
const PROVIDER = 5;
const THIN = 6;
const BROKER = 8;
const SETTLER = 9;
const MICRO_WEI = 10n ** 12n;

let fx: ChainFixture;
let d: Deployment;
let x: Exchange;
/** The sequencer's clock. */
let clockMs = NOW;
let cast: Cast;
let thin: number;
let synthetic = 0;
let settlement: Settlement;
let vault: Contract;
let token: Contract;
let registry: Contract;

/** The exchange of exchange-fixture.ts, but on a clock the test moves (expiry needs the close on the sequencer clock). */
function openExchangeWithClock(): Exchange {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-synth-'));
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

/** Vault balances equal the ledger (margin held and locked included), no synthetic rights on-chain, reconciliation clean. */
async function expectChainEqualsLedger(): Promise<void> {
  const accounts: Array<[number, string]> = [[cast.broker, fx.addresses[BROKER]!], [cast.consumer, fx.addresses[RICH]!], [thin, fx.addresses[THIN]!]];
  for (const [id, address] of accounts) {
    expect(await vault.getFunction('balanceOf')(address), `PAT of account ${id}`).toBe(accountLedgerWei(x.engine, id));
    expect(await registry.getFunction('rightsOf')(synthetic, address), `synthetic rights of account ${id}`).toBe(0n);
  }
  expect(await registry.getFunction('supplyOf')(synthetic)).toBe(0n);
  const report = await settlement.reconcile();
  expect(report.mismatches).toEqual([]);
  expect(report.ok).toBe(true);
}

function setReference(priceMicros: number): Promise<EngineEvent[]> {
  return x.submit({ kind: CommandKind.SET_REFERENCE_PRICE, actor: cast.operator, seriesId: cast.seriesId, priceMicros });
}

beforeAll(async () => {
  fx = await startChainFixture();
  d = await fx.deploy({ settler: fx.addresses[SETTLER] });
  vault = contractAt('PATXVault', d.vault, fx.provider);
  token = contractAt('PATToken', d.token, fx.provider);
  registry = contractAt('AccessRightsRegistry', d.registry, fx.provider);
  x = openExchangeWithClock();
  cast = await openCast(x, fx.addresses[RICH]!, fx.addresses[PROVIDER]!);
  const [opened] = await x.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: fx.addresses[THIN]!.toLowerCase() });
  thin = (opened as { accountId: number }).accountId;
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
  await depositOnChain(RICH, 100n * PAT_WEI);
  await depositOnChain(THIN, 2_500_000n * MICRO_WEI); // 2 PAT of margin for a 10-unit short at 1 PAT, 0.5 spare
  await until(() => [cast.broker, cast.consumer, thin].every((id) => x.engine.accounts[id]!.availableMicros > 0), 'deposits credited');
}, 120_000);

afterAll(async () => {
  await settlement?.stop();
  await x?.close();
  if (x !== undefined) removeDir(x.dir);
  await fx?.stop();
});

describe('synthetics on-chain', () => {
  it('phase 3 voted on-chain reaches the engine; a SYNTHETIC listed on the spot window is registered as kind 3', async () => {
    const governance = contractAt('PhaseGovernance', d.governance, fx.provider);
    for (const member of [1, 2]) await (await (governance.connect(fx.wallets[member]!) as Contract).getFunction('vote')(3)).wait();
    await until(() => x.engine.governancePhase === 3, 'phase 3 reported to the engine');
    const [listed] = await x.submit({
      kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: CONTRACT, seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0, closeAtMs: CLOSE,
      tickMicros: 1000, lotSize: 1, minPriceMicros: 1000, maxPriceMicros: 10_000_000, maxOrderQty: 100_000, bandBps: 500,
    });
    expect(listed?.type, JSON.stringify(listed)).toBe(EventType.SERIES_LISTED);
    synthetic = (listed as { seriesId: number }).seriesId;
    for (const id of [cast.consumer, thin]) await ok(x.submit({ kind: CommandKind.SET_INSTITUTION, actor: cast.operator, accountId: id, qualified: true }), EventType.INSTITUTION_SET);
    await ok(setReference(PAT_MICROS), EventType.REFERENCE_PRICE_SET);
    await settle();
    expect(await registry.getFunction('seriesKind')(synthetic)).toBe(BigInt(SeriesKind.SYNTHETIC));
    await expectChainEqualsLedger();
  });

  it('institutions trade it: no PAT moves on-chain, their margin stays locked in their own vault balances', async () => {
    const before = await Promise.all([RICH, THIN].map((i) => vault.getFunction('balanceOf')(fx.addresses[i]) as Promise<bigint>));
    await ok(x.submit(limitOrder(thin, synthetic, Side.SELL, PAT_MICROS, 10)), EventType.ORDER_ACCEPTED);
    await ok(x.submit(limitOrder(cast.consumer, synthetic, Side.BUY, PAT_MICROS, 10)), EventType.FILL);
    expect(x.engine.accounts[thin]!.lockedMicros).toBe(2 * PAT_MICROS);
    expect(x.engine.accounts[cast.consumer]!.lockedMicros).toBe(2 * PAT_MICROS);
    // The fill alone leaves nothing to settle.
    expect(settlement.settler.pending.isEmpty).toBe(true);
    expect((await settlement.settleNow()).batchId).toBeNull();
    expect(await Promise.all([RICH, THIN].map((i) => vault.getFunction('balanceOf')(fx.addresses[i]) as Promise<bigint>))).toEqual(before);
    await expectChainEqualsLedger();
  });

  it('a mark liquidates the thin short to the broker: the penalty settles on-chain', async () => {
    await ok(setReference(1_200_000), EventType.REFERENCE_PRICE_SET);
    clockMs += 60_000;
    const ev = await ok(x.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: cast.operator, seriesId: synthetic }), EventType.SYNTHETIC_LIQUIDATED);
    const liq = ev.find((e) => e.type === EventType.SYNTHETIC_LIQUIDATED)!;
    expect(liq).toMatchObject({ accountId: thin, brokerId: cast.broker, positionQty: -10 });
    const brokerBefore = (await vault.getFunction('balanceOf')(fx.addresses[BROKER])) as bigint;
    // Clean while the penalty is still in flight too: the open netting accounts for it.
    expect(settlement.settler.pending.isEmpty).toBe(false);
    expect((await settlement.reconcile()).mismatches).toEqual([]);
    await settle();
    const penalty = BigInt((liq as { penaltyMicros: number }).penaltyMicros) * MICRO_WEI;
    expect(penalty).toBeGreaterThan(0n);
    expect(await vault.getFunction('balanceOf')(fx.addresses[BROKER])).toBe(brokerBefore + penalty);
    await expectChainEqualsLedger();
  });

  it('expires at its close on the sequencer clock; every holder is paid, zero-sum, and the chain equals the ledger', async () => {
    clockMs = CLOSE;
    const ev = await ok(x.submit({ kind: CommandKind.EXPIRE_SERIES, actor: cast.operator, seriesId: synthetic, cutoffMs: CLOSE }), EventType.SYNTHETIC_SETTLEMENT_COMPLETED);
    const paid = ev.filter((e) => e.type === EventType.SYNTHETIC_SETTLED) as Array<{ accountId: number; payoutMicros: number }>;
    const cover = (ev.find((e) => e.type === EventType.SYNTHETIC_SETTLEMENT_COMPLETED) as { brokerCoverMicros: number }).brokerCoverMicros;
    expect(paid.reduce((s, e) => s + e.payoutMicros, 0) - cover).toBe(0);
    expect(ev.find((e) => e.type === EventType.SETTLEMENT_INDEX_PUBLISHED)).toMatchObject({ indexMicros: 1_200_000 });
    const rich = paid.find((e) => e.accountId === cast.consumer)!.payoutMicros;
    expect(rich).toBe(2 * PAT_MICROS);
    const richBefore = (await vault.getFunction('balanceOf')(fx.addresses[RICH])) as bigint;
    expect((await settlement.reconcile()).mismatches).toEqual([]);
    await settle();
    expect(await vault.getFunction('balanceOf')(fx.addresses[RICH])).toBe(richBefore + BigInt(rich) * MICRO_WEI);
    expect(x.engine.accounts[cast.consumer]!.lockedMicros).toBe(0);
    await expectChainEqualsLedger();
  });

  it('patx reconcile agrees offline (the engine replayed from the journal), beside the running service', () => {
    const rec = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--json', 'reconcile', '--data', x.dir], { encoding: 'utf8' });
    expect(rec.status, rec.stderr).toBe(0);
    expect(JSON.parse(rec.stdout.trim())).toMatchObject({ ok: true, mismatches: [] });
  });
});
