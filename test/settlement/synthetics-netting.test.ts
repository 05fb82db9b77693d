/**
 * Synthetics in the netting (no chain needed): a synthetic fill moves neither PAT nor
 * rights (margin moves inside each side's own balance), a liquidation nets to the
 * penalty from the liquidated account to the broker, and expiry nets to zero-sum
 * transfers (Σ payouts − the broker's cover = 0). Then a real engine run (the engine
 * fixture, its accounting invariants checked after every command): every command's events
 * are netted and applied to a mirror of the vault and the registry — which, like the
 * contracts, refuses to go below zero and must balance — and after every command the
 * mirror equals what reconciliation expects from the engine's ledger, synthetic margin
 * held and locked included and synthetic positions absent from the registry.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  EventType,
  SeriesKind,
  SYSTEM_ACTOR,
  type EngineEvent,
  type SyntheticLiquidated,
  type SyntheticSettled,
  type SyntheticSettlementCompleted,
} from '../../src/engine/index.js';
import { Netting, NO_FORWARDS, type ForwardRules } from '../../src/settlement/index.js';
import { createFixture, ofType, PAT, T0, WINDOW_MS, type EngineFixture } from '../support/engine-fixture.js';
import { addr, balancesOf, ChainMirror, fill, MICRO_WEI, sumWei } from '../support/netting-mirror.js';

// Hand-built events: account 1 the broker, 3 and 4 institutions; series 6 a spot series, 9 a synthetic on its window.
const BROKER = 1;
const rules: ForwardRules = { isForward: () => false, isCustomer: (id) => id === 3 || id === 4, isCashSettled: (s) => s === 9 };

function liquidated(seq: number, accountId: number, penaltyMicros: number): SyntheticLiquidated {
  return { type: EventType.SYNTHETIC_LIQUIDATED, seq, seriesId: 9, accountId, brokerId: BROKER, positionQty: -10, markMicros: 1_200_000, penaltyMicros, owedMicros: 2_000_000, lockedMicros: 2_000_000 };
}

function settled(seq: number, accountId: number, payoutMicros: number): SyntheticSettled {
  return { type: EventType.SYNTHETIC_SETTLED, seq, seriesId: 9, accountId, positionQty: 0, costMicros: 0, indexMicros: 1_000_000, valueMicros: 1_000_000, payoutMicros, shortfallMicros: 0, haircutMicros: 0 };
}

function completed(seq: number, brokerCoverMicros: number): SyntheticSettlementCompleted {
  return { type: EventType.SYNTHETIC_SETTLEMENT_COMPLETED, seq, seriesId: 9, indexMicros: 1_000_000, holders: 3, shortfallMicros: brokerCoverMicros, brokerId: BROKER, brokerCoverMicros, haircutMicros: 0 };
}

describe('synthetic events in the netting', () => {
  it('a synthetic fill nets to nothing: no PAT, no rights, no fill counted; a spot fill beside it moves as ever', () => {
    const n = new Netting(0, () => false, () => [], rules);
    n.add([fill(1, 3, 4, 1_000_000, 10, 9), fill(2, 4, 3, 1_100_000, 4, 9)], 2);
    expect(n.isEmpty).toBe(true);
    expect(n.entries).toBe(0);
    expect(n.fills).toBe(0);
    n.add([fill(3, 3, BROKER, 500_000, 2, 6)], 3);
    expect(balancesOf(n)).toEqual([[BROKER, 1_000_000n], [3, -1_000_000n]]);
    expect(n.cut(1, addr).cut.batch.rights.map((r) => [r.seriesId, Number(BigInt(r.holder)), r.delta])).toEqual([[6, BROKER, -2n], [6, 3, 2n]]);
    expect(n.fills).toBe(1);
  });

  it('rules written before synthetics (no isCashSettled) treat every fill as a spot fill', () => {
    const n = new Netting(0, () => false, () => [], { isForward: () => false, isCustomer: () => false });
    n.add([fill(1, 3, 4, 1_000_000, 1, 9)], 1);
    expect(balancesOf(n)).toEqual([[3, -1_000_000n], [4, 1_000_000n]]);
    expect(NO_FORWARDS.isCashSettled?.(9)).toBe(false);
  });

  it('a liquidation nets to the penalty, from the liquidated account to the broker', () => {
    const n = new Netting(0, () => false, () => [], rules);
    n.add([liquidated(1, 4, 240_000)], 1);
    expect(balancesOf(n)).toEqual([[BROKER, 240_000n], [4, -240_000n]]);
    expect(n.cut(1, addr).cut.batch.rights).toEqual([]);
    expect(sumWei(n)).toBe(0n);
  });

  it('a liquidation that found nothing spare to take moves nothing', () => {
    const n = new Netting(0, () => false, () => [], rules);
    n.add([liquidated(1, 4, 0)], 1);
    expect(n.isEmpty).toBe(true);
  });

  it('expiry nets to zero-sum transfers: winners paid, losers pay, the broker covers a shortfall', () => {
    const n = new Netting(0, () => false, () => [], rules);
    // 3 won 3 PAT; 4 lost 3 PAT but paid only 2.5; the broker covered the 0.5 it could not pay.
    n.add([settled(1, 3, 3_000_000), settled(1, 4, -2_500_000), settled(1, BROKER, 0), completed(1, 500_000)], 1);
    expect(balancesOf(n)).toEqual([[BROKER, -500_000n], [3, 3_000_000n], [4, -2_500_000n]]);
    expect(sumWei(n)).toBe(0n);
    expect(n.cut(1, addr).cut.batch.rights).toEqual([]);
  });

  it('a SYNTHETIC listing is registered (kind 3): the registry then refuses it unless the governance enabled phase 3', () => {
    const n = new Netting(0, () => false, () => [], rules);
    n.add([{ type: EventType.SERIES_LISTED, seq: 1, seriesId: 9, contract: 'AUTO_INTENT|7D|0.70-0.85', seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0, closeAtMs: T0 + WINDOW_MS } as EngineEvent], 1);
    expect(n.cut(1, addr).cut.batch.listings).toEqual([{ seriesId: 9, kind: SeriesKind.SYNTHETIC, contractKey: `AUTO_INTENT|7D|0.70-0.85@${new Date(T0).toISOString()}` }]);
  });
});

// ---------------------------------------------------------------- engine runs

interface World {
  fx: EngineFixture;
  m: ChainMirror;
  synthetic: number;
  /** A well-funded institution and one with just enough for its margin. */
  rich: number;
  thin: number;
  run(cmd: () => EngineEvent[]): EngineEvent[];
  mark(): EngineEvent[];
}

/** Phase 3 on; a SYNTHETIC on the default spot series' window; two institutions; the spot's reference at 1 PAT. */
function world(): World {
  const fx = createFixture({ consumers: 2, providers: 1, brokerRights: 0, consumerMicros: 0 });
  const m = new ChainMirror(fx);
  const run = (cmd: () => EngineEvent[]): EngineEvent[] => m.apply(cmd());
  const [rich, thin] = fx.consumers as [number, number];
  // The thin institution has 2.5 PAT: 2 PAT of margin for a 10-unit short at 1 PAT, 0.5 spare.
  run(() => fx.deposit(rich, 1_000 * PAT));
  run(() => fx.deposit(thin, 2_500_000));
  run(() => fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 }));
  const listed = run(() => fx.listSeries({ seriesKind: SeriesKind.SYNTHETIC }));
  const synthetic = ofType(listed, EventType.SERIES_LISTED)[0]!.seriesId;
  expect(m.listings.get(synthetic)).toBe(SeriesKind.SYNTHETIC);
  for (const id of [rich, thin]) run(() => fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: id, qualified: true }));
  run(() => fx.setReference(PAT));
  return {
    fx, m, synthetic, rich, thin, run,
    mark: () => run(() => fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: fx.operator, seriesId: synthetic })),
  };
}

function sumOf(events: EngineEvent[]): { payouts: number; cover: number } {
  const payouts = ofType(events, EventType.SYNTHETIC_SETTLED).reduce((s, e) => s + e.payoutMicros, 0);
  const cover = ofType(events, EventType.SYNTHETIC_SETTLEMENT_COMPLETED).reduce((s, e) => s + e.brokerCoverMicros, 0);
  return { payouts, cover };
}

describe('netting a real synthetic run: the chain never goes below zero, every batch balances, it always equals the ledger', () => {
  it('fills net to nothing while margin is held and locked; expiry nets to zero-sum transfers', () => {
    const w = world();
    const { fx } = w;
    const before = new Map([...w.m.pat]);
    w.run(() => fx.sell(w.thin, PAT, 10, { seriesId: w.synthetic }));
    expect(fx.held(w.thin)).toBe(2 * PAT);
    const ev = w.run(() => fx.buy(w.rich, PAT, 10, { seriesId: w.synthetic }));
    expect(ofType(ev, EventType.FILL)).toHaveLength(1);
    // Margin is locked in both accounts, and the vault balances did not move.
    expect(fx.acct(w.rich).lockedMicros).toBe(2 * PAT);
    expect(fx.acct(w.thin).lockedMicros).toBe(2 * PAT);
    expect(w.m.pat).toEqual(before);
    expect([...w.m.rights.keys()].filter((k) => k.startsWith(`${w.synthetic}:`))).toEqual([]);
    // The index at the close falls back to the reference (no broker quotes, no trades): 1.1 PAT. The short loses 1 PAT.
    w.run(() => fx.setReference(1_100_000));
    fx.nowMs = T0 + WINDOW_MS;
    const end = w.run(() => fx.expireSeries(T0 + WINDOW_MS, w.synthetic));
    const paid = ofType(end, EventType.SYNTHETIC_SETTLED);
    expect(paid.map((e) => [e.accountId, e.payoutMicros])).toEqual([[w.thin, -PAT], [w.rich, PAT]]);
    expect(sumOf(end)).toEqual({ payouts: 0, cover: 0 });
    expect(w.m.pat.get(w.rich)! - before.get(w.rich)!).toBe(BigInt(PAT) * MICRO_WEI);
    expect(w.m.pat.get(w.thin)).toBe(1_500_000n * MICRO_WEI);
  });

  it('a liquidation nets to the penalty to the broker; the liquidated account still pays its loss at expiry, the broker its side', () => {
    const w = world();
    const { fx } = w;
    w.run(() => fx.sell(w.thin, PAT, 10, { seriesId: w.synthetic }));
    w.run(() => fx.buy(w.rich, PAT, 10, { seriesId: w.synthetic }));
    const brokerBefore = w.m.pat.get(fx.broker)!;
    // The spot's reference moves to 1.2 PAT; a mark a minute later sees it and the thin short falls below maintenance.
    w.run(() => fx.setReference(1_200_000));
    fx.nowMs += 60_000;
    const marked = w.mark();
    const [liq] = ofType(marked, EventType.SYNTHETIC_LIQUIDATED);
    expect(liq).toMatchObject({ accountId: w.thin, brokerId: fx.broker, positionQty: -10, markMicros: 1_200_000 });
    expect(liq!.penaltyMicros).toBeGreaterThan(0);
    expect(w.m.pat.get(fx.broker)! - brokerBefore).toBe(BigInt(liq!.penaltyMicros) * MICRO_WEI);
    // Expiry at 1.2 PAT: the long wins 2 PAT, the liquidated short owes 2 PAT, the broker (short at the mark) breaks even.
    fx.nowMs = T0 + WINDOW_MS;
    const end = w.run(() => fx.expireSeries(T0 + WINDOW_MS, w.synthetic));
    expect(ofType(end, EventType.SYNTHETIC_SETTLED).map((e) => [e.accountId, e.payoutMicros])).toEqual([[w.thin, -2 * PAT], [w.rich, 2 * PAT], [fx.broker, 0]]);
    expect(sumOf(end)).toEqual({ payouts: 0, cover: 0 });
    expect(w.m.pat.get(w.thin)).toBe(BigInt(2_500_000 - 2 * PAT - liq!.penaltyMicros) * MICRO_WEI);
  });

  it('a loss the loser cannot pay is covered by the broker: Σ payouts = the cover, the batch still balances', () => {
    const w = world();
    const { fx } = w;
    w.run(() => fx.sell(w.thin, PAT, 10, { seriesId: w.synthetic }));
    w.run(() => fx.buy(w.rich, PAT, 10, { seriesId: w.synthetic }));
    // No mark before the close: at 1.5 PAT the short owes 5 PAT and has 2.5.
    w.run(() => fx.setReference(1_500_000));
    fx.nowMs = T0 + WINDOW_MS;
    const brokerBefore = w.m.pat.get(fx.broker)!;
    const end = w.run(() => fx.expireSeries(T0 + WINDOW_MS, w.synthetic));
    const { payouts, cover } = sumOf(end);
    expect(cover).toBe(2_500_000);
    expect(payouts - cover).toBe(0);
    expect(w.m.pat.get(w.thin)).toBeUndefined(); // all of it paid
    expect(w.m.pat.get(fx.broker)!).toBe(brokerBefore - 2_500_000n * MICRO_WEI);
  });
});
