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
import { patxJson } from '../support/patx-cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, Role, SeriesKind, Side, SYSTEM_ACTOR } from '../../src/engine/index.js';
import type { Settlement } from '../../src/settlement/index.js';
import { CONTRACT, limitOrder, NOW, PAT_MICROS, PAT_WEI, T0, until, type Cast, type Exchange } from '../support/exchange-fixture.js';
import { BROKER, MICRO_WEI, ok, openSettledExchange, type SettledExchange } from '../support/settled-exchange.js';

const CLOSE = T0 + 7 * 86_400_000;
const RICH = 4;
const PROVIDER = 5;
const THIN = 6;

let h: SettledExchange;
let x: Exchange;
/** The sequencer's clock. */
let clockMs = NOW;
let cast: Cast;
let thin: number;
let synthetic = 0;
let settlement: Settlement;

/** Vault balances equal the ledger (margin held and locked included), no synthetic rights on-chain, reconciliation clean. */
function expectChainEqualsLedger(): Promise<void> {
  return h.expectCashSettledChainEqualsLedger([[cast.broker, BROKER], [cast.consumer, RICH], [thin, THIN]], [synthetic], 'synthetic');
}

beforeAll(async () => {
  h = await openSettledExchange({ consumer: RICH, provider: PROVIDER, clock: () => clockMs, dirPrefix: 'patx-synth-' });
  ({ x, cast } = h);
  thin = await h.openAccount(Role.CONSUMER, THIN);
  settlement = await h.startSettlement();
  await h.depositOnChain(BROKER, 1000n * PAT_WEI);
  await h.depositOnChain(RICH, 100n * PAT_WEI);
  await h.depositOnChain(THIN, 2_500_000n * MICRO_WEI); // 2 PAT of margin for a 10-unit short at 1 PAT, 0.5 spare
  await until(() => [cast.broker, cast.consumer, thin].every((id) => x.engine.accounts[id]!.availableMicros > 0), 'deposits credited');
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('synthetics on-chain', () => {
  it('phase 3 voted on-chain reaches the engine; a SYNTHETIC listed on the spot window is registered as kind 3', async () => {
    await h.councilVotes(3);
    const [listed] = await x.submit({
      kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: CONTRACT, seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0, closeAtMs: CLOSE,
      tickMicros: 1000, lotSize: 1, minPriceMicros: 1000, maxPriceMicros: 10_000_000, maxOrderQty: 100_000, bandBps: 500,
    });
    expect(listed?.type, JSON.stringify(listed)).toBe(EventType.SERIES_LISTED);
    synthetic = (listed as { seriesId: number }).seriesId;
    for (const id of [cast.consumer, thin]) await ok(x.submit({ kind: CommandKind.SET_INSTITUTION, actor: cast.operator, accountId: id, qualified: true }), EventType.INSTITUTION_SET);
    await ok(h.setReference(PAT_MICROS), EventType.REFERENCE_PRICE_SET);
    await h.settle();
    expect(await h.registry.getFunction('seriesKind')(synthetic)).toBe(BigInt(SeriesKind.SYNTHETIC));
    await expectChainEqualsLedger();
  });

  it('institutions trade it: no PAT moves on-chain, their margin stays locked in their own vault balances', async () => {
    const before = await Promise.all([RICH, THIN].map((i) => h.balanceOf(i)));
    await ok(x.submit(limitOrder(thin, synthetic, Side.SELL, PAT_MICROS, 10)), EventType.ORDER_ACCEPTED);
    await ok(x.submit(limitOrder(cast.consumer, synthetic, Side.BUY, PAT_MICROS, 10)), EventType.FILL);
    expect(x.engine.accounts[thin]!.lockedMicros).toBe(2 * PAT_MICROS);
    expect(x.engine.accounts[cast.consumer]!.lockedMicros).toBe(2 * PAT_MICROS);
    // The fill alone leaves nothing to settle.
    expect(settlement.settler.pending.isEmpty).toBe(true);
    expect((await settlement.settleNow()).batchId).toBeNull();
    expect(await Promise.all([RICH, THIN].map((i) => h.balanceOf(i)))).toEqual(before);
    await expectChainEqualsLedger();
  });

  it('a mark liquidates the thin short to the broker: the penalty settles on-chain', async () => {
    await ok(h.setReference(1_200_000), EventType.REFERENCE_PRICE_SET);
    // With nothing quoted or traded in the spot series the mark falls to the reference as it stood at the start of its
    // trailing hour (rules 4: docs/settlement-index.md), so the mark an hour and a minute later is at 1.2 PAT.
    clockMs += 61 * 60_000;
    const ev = await ok(x.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: cast.operator, seriesId: synthetic }), EventType.SYNTHETIC_LIQUIDATED);
    const liq = ev.find((e) => e.type === EventType.SYNTHETIC_LIQUIDATED)!;
    expect(liq).toMatchObject({ accountId: thin, brokerId: cast.broker, positionQty: -10 });
    const brokerBefore = await h.balanceOf(BROKER);
    // Clean while the penalty is still in flight too: the open netting accounts for it.
    expect(settlement.settler.pending.isEmpty).toBe(false);
    expect((await settlement.reconcile()).mismatches).toEqual([]);
    await h.settle();
    const penalty = BigInt((liq as { penaltyMicros: number }).penaltyMicros) * MICRO_WEI;
    expect(penalty).toBeGreaterThan(0n);
    expect(await h.balanceOf(BROKER)).toBe(brokerBefore + penalty);
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
    const richBefore = await h.balanceOf(RICH);
    expect((await settlement.reconcile()).mismatches).toEqual([]);
    await h.settle();
    expect(await h.balanceOf(RICH)).toBe(richBefore + BigInt(rich) * MICRO_WEI);
    expect(x.engine.accounts[cast.consumer]!.lockedMicros).toBe(0);
    await expectChainEqualsLedger();
  });

  it('patx reconcile agrees offline (the engine replayed from the journal), beside the running service', async () => {
    const rec = await patxJson(x.dir, 'reconcile');
    expect(rec.status, rec.stderr).toBe(0);
    expect(JSON.parse(rec.stdout.trim())).toMatchObject({ ok: true, mismatches: [] });
  });
});
