/**
 * Options in the netting (no chain needed). An option is cash-settled like a synthetic
 * (no access rights ever, positions signed: writers go short) but its fill pays a
 * premium: price × qty moves from buyer to seller as at a spot fill, while a synthetic
 * fill moves no PAT at all. A liquidation nets to what the writer paid the broker (the
 * option's value at the index and the penalty), expiry to zero-sum transfers, and the
 * CALL/PUT listing is registered as kind 4/5 (the registry's phase-4 gate). Then real
 * engine runs (the engine fixture, its accounting invariants checked after every
 * command): every command's events are netted and applied to a mirror of the vault and
 * the registry — which, like the contracts, refuses to go below zero and must balance —
 * and after every command the mirror equals what reconciliation expects from the engine's
 * ledger: writing margin held and locked included, option positions absent from the
 * registry.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  EventType,
  Role,
  SeriesKind,
  SYSTEM_ACTOR,
  type EngineEvent,
  type SyntheticLiquidated,
  type SyntheticSettled,
  type SyntheticSettlementCompleted,
} from '../../src/engine/index.js';
import { forwardRulesOf, Netting, NO_FORWARDS, type ForwardRules } from '../../src/settlement/index.js';
import { createFixture, HOUR_MS, ofType, PAT, T0, WINDOW_MS, type EngineFixture } from '../support/engine-fixture.js';
import { addr, balancesOf, ChainMirror, fill, sumWei } from '../support/netting-mirror.js';

const CLOSE = T0 + WINDOW_MS;

// Hand-built events: account 1 the broker, 3 a consumer, 4 an institution, 5 a provider;
// series 6 spot, 9 a synthetic, 11 a call and 12 a put on its window.
const BROKER = 1;
const SPOT = 6;
const SYNTH = 9;
const CALL = 11;
const PUT = 12;
const rules: ForwardRules = {
  isForward: () => false,
  isCustomer: (id) => id === 3 || id === 4,
  isCashSettled: (s) => s === SYNTH || s === CALL || s === PUT,
  paysPremium: (s) => s === CALL || s === PUT,
};

function liquidated(seq: number, accountId: number, penaltyMicros: number, owedMicros: number): SyntheticLiquidated {
  return { type: EventType.SYNTHETIC_LIQUIDATED, seq, seriesId: CALL, accountId, brokerId: BROKER, positionQty: -10, markMicros: 1_500_000, penaltyMicros, owedMicros, lockedMicros: 0 };
}

function settled(seq: number, accountId: number, positionQty: number, payoutMicros: number): SyntheticSettled {
  return { type: EventType.SYNTHETIC_SETTLED, seq, seriesId: CALL, accountId, positionQty, costMicros: 0, indexMicros: 1_300_000, valueMicros: 300_000, payoutMicros, shortfallMicros: 0, haircutMicros: 0 };
}

function completed(seq: number, brokerCoverMicros: number): SyntheticSettlementCompleted {
  return { type: EventType.SYNTHETIC_SETTLEMENT_COMPLETED, seq, seriesId: CALL, indexMicros: 1_300_000, holders: 3, shortfallMicros: brokerCoverMicros, brokerId: BROKER, brokerCoverMicros, haircutMicros: 0 };
}

describe('option events in the netting', () => {
  it('an option fill moves its premium from buyer to seller and no rights; a synthetic fill beside it moves nothing', () => {
    const n = new Netting(0, () => false, () => [], rules);
    // 3 buys 10 calls at 0.1 from the writer 4, then 2 puts at 0.05; a synthetic trade between them nets to nothing.
    n.add([fill(1, 3, 4, 100_000, 10, CALL), fill(2, 3, 4, 50_000, 2, PUT), fill(3, 4, 3, 1_000_000, 5, SYNTH)], 3);
    expect(balancesOf(n)).toEqual([[3, -1_100_000n], [4, 1_100_000n]]);
    expect(n.cut(1, addr).cut.batch.rights).toEqual([]);
    expect(n.rightsDeltas().size).toBe(0);
    expect(n.fills).toBe(2);
    expect(sumWei(n)).toBe(0n);
    // Selling the long back moves the premium back.
    n.add([fill(4, 4, 3, 100_000, 10, CALL)], 4);
    expect(balancesOf(n)).toEqual([[3, -100_000n], [4, 100_000n]]);
  });

  it('an option sale is no sale of rights: no provider statement, even for an account the payout ledger follows', () => {
    const n = new Netting(0, (id) => id === 4, () => [], rules);
    n.add([fill(1, 3, 4, 100_000, 10, CALL)], 1);
    expect(n.cut(1, addr).cut.statements).toEqual([]);
    n.add([fill(2, 3, 4, 500_000, 2, SPOT)], 2);
    expect(n.cut(1, addr).cut.statements).toEqual([{ accountId: 4, fills: 1, qty: 2, grossMicros: 1_000_000 }]);
  });

  it('rules written before options (isCashSettled without paysPremium) move no PAT at a cash-settled fill; NO_FORWARDS has no cash-settled series', () => {
    const n = new Netting(0, () => false, () => [], { isForward: () => false, isCustomer: () => false, isCashSettled: (s) => s === SYNTH });
    n.add([fill(1, 3, 4, 1_000_000, 1, SYNTH)], 1);
    expect(n.isEmpty).toBe(true);
    expect(NO_FORWARDS.isCashSettled?.(CALL)).toBe(false);
    expect(NO_FORWARDS.paysPremium?.(CALL)).toBe(false);
  });

  it('a writer liquidated nets to what it paid the broker (value at the index and the penalty); what it could not pay moves nothing', () => {
    const n = new Netting(0, () => false, () => [], rules);
    n.add([liquidated(1, 4, 3_500_000, 1_800_000)], 1);
    expect(balancesOf(n)).toEqual([[BROKER, 3_500_000n], [4, -3_500_000n]]);
    expect(n.cut(1, addr).cut.batch.rights).toEqual([]);
    expect(sumWei(n)).toBe(0n);
  });

  it('expiry nets to zero-sum transfers: the long paid, the writer pays, the broker covers what a writer could not', () => {
    const n = new Netting(0, () => false, () => [], rules);
    // 3 holds 10 calls worth 0.3 each: 3 PAT; the writer 4 paid 2.6, the broker covered 0.4.
    n.add([settled(1, 4, -10, -2_600_000), settled(1, 3, 10, 3_000_000), completed(1, 400_000)], 1);
    expect(balancesOf(n)).toEqual([[BROKER, -400_000n], [3, 3_000_000n], [4, -2_600_000n]]);
    expect(sumWei(n)).toBe(0n);
    expect(n.cut(1, addr).cut.batch.rights).toEqual([]);
  });

  it('CALL and PUT listings are registered (kinds 4 and 5): the registry then refuses them unless the governance enabled phase 4', () => {
    const n = new Netting(0, () => false, () => [], rules);
    const listed = (seq: number, seriesId: number, seriesKind: SeriesKind): EngineEvent =>
      ({ type: EventType.SERIES_LISTED, seq, seriesId, contract: 'AUTO_INTENT|7D|0.70-0.85', seriesKind, openAtMs: T0, closeAtMs: CLOSE }) as EngineEvent;
    n.add([listed(1, PUT, SeriesKind.PUT), listed(2, CALL, SeriesKind.CALL)], 2);
    const key = `AUTO_INTENT|7D|0.70-0.85@${new Date(T0).toISOString()}`;
    expect(n.cut(1, addr).cut.batch.listings).toEqual([{ seriesId: CALL, kind: SeriesKind.CALL, contractKey: key }, { seriesId: PUT, kind: SeriesKind.PUT, contractKey: key }]);
  });
});

describe("the engine's rules", () => {
  it('synthetics, calls and puts are cash-settled; only calls and puts pay a premium; spot and forwards are neither', () => {
    const fx = createFixture({ consumers: 0, providers: 0, brokerRights: 0 });
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
    fx.setReference(PAT);
    const synthetic = fx.newSeries({ seriesKind: SeriesKind.SYNTHETIC });
    const call = fx.newSeries({ seriesKind: SeriesKind.CALL, strikeMicros: PAT, maxPriceMicros: PAT });
    const put = fx.newSeries({ seriesKind: SeriesKind.PUT, strikeMicros: PAT, maxPriceMicros: PAT });
    const r = forwardRulesOf(fx.engine);
    const answers = (s: number) => [r.isForward(s), r.isCashSettled!(s), r.isCashSettled!(s) && r.paysPremium!(s)];
    expect(answers(fx.seriesId)).toEqual([false, false, false]);
    expect(answers(synthetic)).toEqual([false, true, false]);
    expect(answers(call)).toEqual([false, true, true]);
    expect(answers(put)).toEqual([false, true, true]);
    expect(answers(999)).toEqual([false, false, false]);
  });
});

// ---------------------------------------------------------------- engine runs

interface World {
  fx: EngineFixture;
  m: ChainMirror;
  call: number;
  put: number;
  /** The writer (a qualified institution) and the buyer (a retail consumer). */
  inst: number;
  consumer: number;
  run(cmd: () => EngineEvent[]): EngineEvent[];
}

/** Phases 3 then 4 voted; a CALL and a PUT struck at 1 PAT on the spot window (reference 1 PAT); the writer with `writerMicros`, the consumer with 100 PAT. */
function world(writerMicros = 100 * PAT): World {
  const fx = createFixture({ consumers: 2, providers: 1, brokerRights: 0, consumerMicros: 0 });
  const m = new ChainMirror(fx);
  const run = (cmd: () => EngineEvent[]): EngineEvent[] => m.apply(cmd());
  const [inst, consumer] = fx.consumers as [number, number];
  run(() => fx.deposit(inst, writerMicros));
  run(() => fx.deposit(consumer, 100 * PAT));
  run(() => fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 }));
  run(() => fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 }));
  run(() => fx.setReference(PAT));
  const list = (seriesKind: SeriesKind): number => {
    const id = ofType(run(() => fx.listSeries({ seriesKind, strikeMicros: PAT, maxPriceMicros: PAT })), EventType.SERIES_LISTED)[0]!.seriesId;
    expect(m.listings.get(id)).toBe(seriesKind);
    return id;
  };
  const call = list(SeriesKind.CALL);
  const put = list(SeriesKind.PUT);
  run(() => fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: inst, qualified: true }));
  return { fx, m, call, put, inst, consumer, run };
}

function expire(w: World, seriesId: number): EngineEvent[] {
  w.fx.nowMs = CLOSE;
  return w.run(() => w.fx.expireSeries(CLOSE, seriesId));
}

function payouts(events: EngineEvent[]): Array<[number, number]> {
  return ofType(events, EventType.SYNTHETIC_SETTLED).map((e) => [e.accountId, e.payoutMicros]);
}

function zeroSum(events: EngineEvent[]): number {
  const paid = ofType(events, EventType.SYNTHETIC_SETTLED).reduce((s, e) => s + e.payoutMicros, 0);
  const cover = ofType(events, EventType.SYNTHETIC_SETTLEMENT_COMPLETED).reduce((s, e) => s + e.brokerCoverMicros, 0);
  return paid - cover;
}

describe('netting a real option run: the chain never goes below zero, every batch balances, it always equals the ledger', () => {
  it('the premium settles at the fill and back at a closing sale, the writing margin stays in the writer; expiry pays the long', () => {
    const w = world();
    const { fx, m } = w;
    // Writing 10 calls at 0.1 holds 0.25 PAT a unit inside the writer's own balance: nothing moves on-chain.
    const before = { inst: m.micros(w.inst), consumer: m.micros(w.consumer) };
    w.run(() => fx.sell(w.inst, 100_000, 10, { seriesId: w.call }));
    expect(fx.held(w.inst)).toBe(2_500_000);
    expect(m.micros(w.inst)).toBe(before.inst);
    const ev = w.run(() => fx.buy(w.consumer, 100_000, 10, { seriesId: w.call }));
    expect(ofType(ev, EventType.FILL)).toHaveLength(1);
    // The premium moved on-chain; the margin is locked in the writer's balance; no rights in the call.
    expect(m.micros(w.consumer)).toBe(before.consumer - PAT);
    expect(m.micros(w.inst)).toBe(before.inst + PAT);
    expect(fx.acct(w.inst).lockedMicros).toBe(2_500_000);
    expect(m.rightsIn(w.call)).toEqual([]);
    // The consumer sells 4 back at 0.15 (closing, no margin); the writer buys them back and frees margin pro rata.
    w.run(() => fx.sell(w.consumer, 150_000, 4, { seriesId: w.call }));
    w.run(() => fx.buy(w.inst, 150_000, 4, { seriesId: w.call }));
    expect(m.micros(w.consumer)).toBe(before.consumer - PAT + 600_000);
    expect(fx.acct(w.inst).lockedMicros).toBe(1_500_000);
    expect(m.rightsIn(w.call)).toEqual([]);
    // The index at the close falls back to the reference (no broker quotes): 1.3 PAT, the call worth 0.3 a unit.
    fx.nowMs = CLOSE - 2 * HOUR_MS;
    w.run(() => fx.setReference(1_300_000));
    const end = expire(w, w.call);
    expect(payouts(end)).toEqual([[w.inst, -1_800_000], [w.consumer, 1_800_000]]);
    expect(zeroSum(end)).toBe(0);
    expect(m.micros(w.consumer)).toBe(before.consumer - PAT + 600_000 + 1_800_000);
    expect(m.micros(w.inst)).toBe(before.inst + PAT - 600_000 - 1_800_000);
    expect(fx.acct(w.inst).lockedMicros).toBe(0);
  });

  it('a put out of the money at expiry pays nothing; its premium stays with the writer', () => {
    const w = world();
    const { fx, m } = w;
    const inst = m.micros(w.inst);
    w.run(() => fx.sell(w.inst, 50_000, 10, { seriesId: w.put }));
    w.run(() => fx.buy(w.consumer, 50_000, 10, { seriesId: w.put }));
    expect(m.micros(w.inst)).toBe(inst + 500_000);
    fx.nowMs = CLOSE - 2 * HOUR_MS;
    w.run(() => fx.setReference(1_300_000));
    const end = expire(w, w.put);
    expect(payouts(end)).toEqual([[w.inst, 0], [w.consumer, 0]]);
    expect(m.micros(w.inst)).toBe(inst + 500_000);
    expect(m.rightsIn(w.put)).toEqual([]);
  });

  it('a thin writer liquidated pays the broker what it has; the broker, short in its place, pays the long at expiry', () => {
    const w = world(2_500_000); // exactly the writing margin for 10 at 0.1
    const { fx, m } = w;
    w.run(() => fx.sell(w.inst, 100_000, 10, { seriesId: w.call }));
    w.run(() => fx.buy(w.consumer, 100_000, 10, { seriesId: w.call }));
    expect(m.micros(w.inst)).toBe(3_500_000); // 2.5 locked + the 1 PAT premium, free
    const broker = m.micros(fx.broker);
    fx.nowMs = CLOSE - 3 * HOUR_MS;
    w.run(() => fx.setReference(1_500_000));
    fx.nowMs = CLOSE - HOUR_MS;
    const marked = w.run(() => fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: fx.operator, seriesId: w.call }));
    const [liq] = ofType(marked, EventType.SYNTHETIC_LIQUIDATED);
    // Owed 10 × 0.5 value + the 2% penalty on 15 PAT = 5.3 PAT; it had 3.5 and pays all of it, the broker absorbs 1.8.
    expect(liq).toMatchObject({ accountId: w.inst, brokerId: fx.broker, positionQty: -10, penaltyMicros: 3_500_000, owedMicros: 1_800_000 });
    expect(m.micros(w.inst)).toBe(0);
    expect(m.micros(fx.broker)).toBe(broker + 3_500_000);
    expect(m.rightsIn(w.call)).toEqual([]);
    const end = expire(w, w.call);
    const paid = new Map(payouts(end));
    expect(paid.get(w.consumer)).toBe(5 * PAT);
    expect(paid.get(fx.broker)).toBe(-5 * PAT);
    expect(zeroSum(end)).toBe(0);
    expect(m.micros(fx.broker)).toBe(broker + 3_500_000 - 5 * PAT);
  });

  it('a writer who cannot pay at expiry: the broker covers it, Σ payouts = the cover, the batch still balances', () => {
    const w = world(2_500_000);
    const { fx, m } = w;
    w.run(() => fx.sell(w.inst, 100_000, 10, { seriesId: w.call }));
    w.run(() => fx.buy(w.consumer, 100_000, 10, { seriesId: w.call }));
    // No mark before the close: at 2 PAT the call is worth 1 PAT a unit; the writer owes 10 PAT and has 3.5.
    fx.nowMs = CLOSE - 2 * HOUR_MS;
    w.run(() => fx.setReference(2 * PAT));
    const broker = m.micros(fx.broker);
    const end = expire(w, w.call);
    const cover = ofType(end, EventType.SYNTHETIC_SETTLEMENT_COMPLETED)[0]!.brokerCoverMicros;
    expect(cover).toBe(6_500_000);
    expect(zeroSum(end)).toBe(0);
    expect(new Map(payouts(end)).get(w.consumer)).toBe(10 * PAT);
    expect(m.micros(w.inst)).toBe(0);
    expect(m.micros(fx.broker)).toBe(broker - 6_500_000);
  });

  it('a consumer who buys a call and sells it on to another consumer: the premium moves each time, never a right', () => {
    const w = world();
    const { fx, m } = w;
    const other = fx.newAccount(Role.CONSUMER);
    w.run(() => fx.deposit(other, 10 * PAT));
    w.run(() => fx.sell(w.inst, 100_000, 5, { seriesId: w.call }));
    w.run(() => fx.buy(w.consumer, 100_000, 5, { seriesId: w.call }));
    w.run(() => fx.sell(w.consumer, 120_000, 5, { seriesId: w.call }));
    w.run(() => fx.buy(other, 120_000, 5, { seriesId: w.call }));
    expect(m.micros(other)).toBe(10 * PAT - 600_000);
    expect(fx.acct(other).positions.get(w.call)!.available).toBe(5);
    expect(m.rightsIn(w.call)).toEqual([]);
  });
});
