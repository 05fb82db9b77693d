/**
 * The fee schedule (issue 81 item 4; src/risk/fees.ts, src/engine/core/trade-fees.ts, docs/fees.md):
 * the operator's journaled rates per kind and phase, checked again by the engine; maker and taker
 * fees and the take rate charged on fills into the exchange's fee account, rounded up to the µPAT;
 * a buy holds its fee before it trades, so no fee makes a balance negative; replay and snapshots
 * give the same state; a zero schedule is the fill path as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/store.js';
import { PurchaseLedger } from '../../src/catalog/purchases.js';
import {
  CommandKind,
  decodeState,
  Engine,
  encodeState,
  EventType,
  RejectReason,
  Role,
  stateHash,
  SeriesKind,
  Side,
  SubscriptionDelivery,
  SubscriptionTrigger,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type EngineEvent,
} from '../../src/engine/index.js';
import { feeMicros, FeeSchedule, checkParam } from '../../src/risk/index.js';
import { CONTRACT, createFixture, EngineFixture, expectEvent, expectRefused, fills, HOUR_MS, ofType, PAT, T0, conservation } from '../support/engine-fixture.js';

function setFee(fx: EngineFixture, name: string, value: number, actor = fx.operator): EngineEvent[] {
  return fx.submit({ kind: CommandKind.SET_PARAM, actor, name, value });
}

describe('the fee schedule', () => {
  it('rounds a fee up to the µPAT, exactly, without leaving the safe integers', () => {
    expect(feeMicros(1_001_000, 3)).toBe(301); // 300.3 → 301: the exchange's favour
    expect(feeMicros(1_000_000, 10)).toBe(1_000);
    expect(feeMicros(1, 1)).toBe(1); // never rounded to nothing
    expect(feeMicros(0, 1_000)).toBe(0);
    expect(feeMicros(123_456, 0)).toBe(0);
    const big = Number.MAX_SAFE_INTEGER - 7;
    expect(feeMicros(big, 1_000)).toBe(Number((BigInt(big) * 1_000n + 9_999n) / 10_000n));
  });

  it('resolves a kind\'s rate per phase: the highest phase row not above the current one, else the unsuffixed row, else 0', () => {
    const s = new FeeSchedule();
    s.rebuild(new Map());
    expect(s.isZero).toBe(true);
    s.rebuild(new Map([['fee.takerBps:SPOT', 10], ['fee.takerBps:SPOT@3', 4], ['fee.makerBps:CALL@4', 2]]));
    expect([1, 2, 3, 4].map((p) => s.bps(1, p, 'takerBps'))).toEqual([10, 10, 4, 4]);
    expect([1, 2, 3, 4].map((p) => s.bps(4, p, 'makerBps'))).toEqual([0, 0, 0, 2]);
    expect(s.bps(1, 2, 'makerBps')).toBe(0);
    expect(s.rows().find((r) => r.kind === 'SPOT' && r.phase === 3)).toEqual({ kind: 'SPOT', phase: 3, makerBps: 0, takerBps: 4, issuanceBps: 0, takeRateBps: 0 });
  });

  it('bounds every rate: trade and issuance fees ≤ 1 000 bps, the take rate ≤ 5 000, kinds not charged yet only 0, phases 1–4', () => {
    expect(checkParam('fee.takerBps:SPOT', 1_000)).toBeUndefined();
    expect(checkParam('fee.takerBps:SPOT', 1_001)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.makerBps:PUT@4', 25)).toBeUndefined();
    expect(checkParam('fee.takerBps:SPOT', 2.5)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takerBps:SPOT', -1)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takeRateBps:SPOT', 5_000)).toBeUndefined();
    expect(checkParam('fee.takeRateBps:SPOT', 5_001)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takerBps:FORWARD', 1)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takerBps:SYNTHETIC', 0)).toBeUndefined();
    expect(checkParam('fee.issuanceBps:CALL', 1_000)).toBeUndefined();
    expect(checkParam('fee.issuanceBps:PUT', 1_001)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.issuanceBps:SYNTHETIC', 1)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.issuanceBps:SPOT', 1)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takerBps:SPOT@5', 1)).toBe('UNKNOWN_PARAM');
    expect(checkParam('fee.takerBps:SPOT@', 1)).toBe('UNKNOWN_PARAM');
    expect(checkParam('fee.takerBps:BOND', 1)).toBe('UNKNOWN_PARAM');
    expect(checkParam('fee.spreadBps:SPOT', 1)).toBe('UNKNOWN_PARAM');
  });

  it('is set by the operator only, journaled as PARAM_CHANGED; a refused change changes nothing', () => {
    const fx = createFixture();
    expectEvent(setFee(fx, 'fee.takerBps:SPOT', 10), EventType.PARAM_CHANGED);
    expect(fx.engine.fees.bps(1, fx.engine.governancePhase, 'takerBps')).toBe(10);
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => setFee(fx, 'fee.takerBps:SPOT', 20, fx.consumers[0]!));
    expectRefused(fx, RejectReason.PARAM_OUT_OF_RANGE, () => setFee(fx, 'fee.takerBps:SPOT', 1_001));
    expectRefused(fx, RejectReason.PARAM_OUT_OF_RANGE, () => setFee(fx, 'fee.takerBps:FORWARD', 5));
    expectRefused(fx, RejectReason.UNKNOWN_PARAM, () => setFee(fx, 'fee.takerBps:SPOT@9', 5));
    expect(fx.engine.fees.bps(1, fx.engine.governancePhase, 'takerBps')).toBe(10);
  });
});

describe('fees on fills', () => {
  it('a taker buying from the broker pays notional plus its fee, rounded up; the fee account holds it; the broker pays none', () => {
    const fx = createFixture();
    setFee(fx, 'fee.takerBps:SPOT', 3);
    setFee(fx, 'fee.makerBps:SPOT', 1);
    const c = fx.consumers[0]!;
    fx.sell(fx.broker, 1_001_000, 5);
    const before = fx.available(c);
    const brokerBefore = fx.available(fx.broker);
    const ev = fx.buy(c, 1_001_000, 5, { tif: TimeInForce.IOC });
    const [f] = fills(ev);
    const fee = feeMicros(5 * 1_001_000, 3); // 1 501.5 → 1 502
    expect(fee).toBe(1_502);
    expect(f).toMatchObject({ qty: 5, makerAccountId: fx.broker, takerAccountId: c, makerFeeMicros: 0, takerFeeMicros: fee });
    expect(before - fx.available(c)).toBe(5 * 1_001_000 + fee);
    expect(fx.available(fx.broker) - brokerBefore).toBe(5 * 1_001_000);
    expect(fx.engine.feeAccountMicros).toBe(fee);
    expect(fx.held(c)).toBe(0);
  });

  it("the purchase ledger keeps the buyer's fee (GET /v1/purchases); a fee-free fill's purchase has no fee key", async () => {
    const fx = createFixture();
    setFee(fx, 'fee.takerBps:SPOT', 3);
    const c = fx.consumers[0]!;
    fx.sell(fx.broker, 1_001_000, 5);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-fee-purchases-'));
    const store = CatalogStore.open(dir);
    try {
      const ledger = new PurchaseLedger({ store, engine: fx.engine });
      const [paid] = ledger.purchasesIn({ firstSeq: 1, timeMs: T0, events: fx.buy(c, 1_001_000, 2, { tif: TimeInForce.IOC }) });
      expect(paid).toMatchObject({ consumerAccountId: c, qty: 2, priceMicros: 1_001_000, feeMicros: feeMicros(2 * 1_001_000, 3) });
      setFee(fx, 'fee.takerBps:SPOT', 0);
      const [free] = ledger.purchasesIn({ firstSeq: 2, timeMs: T0, events: fx.buy(c, 1_001_000, 1, { tif: TimeInForce.IOC }) });
      expect(free).toBeDefined();
      expect(Object.keys(free!)).not.toContain('feeMicros');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a resting buy holds its fee at the higher of maker and taker rates and pays the maker rate when taken', () => {
    const fx = createFixture();
    setFee(fx, 'fee.takerBps:SPOT', 20);
    setFee(fx, 'fee.makerBps:SPOT', 5);
    const c = fx.consumers[0]!;
    const before = fx.available(c);
    fx.buy(c, 1_000_000, 10);
    const holdPerUnit = feeMicros(1_000_000, 20);
    expect(fx.held(c)).toBe(10 * (1_000_000 + holdPerUnit));
    const ev = fx.sell(fx.broker, 1_000_000, 4, { tif: TimeInForce.IOC });
    expect(fills(ev)[0]).toMatchObject({ makerAccountId: c, makerFeeMicros: feeMicros(4_000_000, 5), takerFeeMicros: 0 });
    expect(fx.held(c)).toBe(6 * (1_000_000 + holdPerUnit));
    expect(before - fx.available(c) - fx.held(c)).toBe(4_000_000 + feeMicros(4_000_000, 5));
  });

  it('refuses a buy whose notional fits but whose fee does not (checked pre-trade with the hold)', () => {
    const fx = createFixture({ consumerMicros: 10 * PAT });
    setFee(fx, 'fee.takerBps:SPOT', 100);
    const c = fx.consumers[0]!;
    fx.sell(fx.broker, 1_000_000, 10);
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.buy(c, 1_000_000, 10, { tif: TimeInForce.IOC }));
    const ev = fx.buy(c, 1_000_000, 9, { tif: TimeInForce.IOC });
    expect(fills(ev)[0]!.takerFeeMicros).toBe(90_000);
    expect(fx.available(c)).toBe(10 * PAT - 9_000_000 - 90_000);
  });

  it('never charges a resting buy more than it held when the rate rises while it rests', () => {
    const fx = createFixture({ consumerMicros: 10 * PAT + 10_000 });
    setFee(fx, 'fee.makerBps:SPOT', 10);
    const c = fx.consumers[0]!;
    fx.buy(c, 1_000_000, 10); // holds 10 PAT + 10 × 1 000 µPAT: everything
    expect(fx.available(c)).toBe(0);
    setFee(fx, 'fee.makerBps:SPOT', 1_000);
    const ev = fx.sell(fx.broker, 1_000_000, 10, { tif: TimeInForce.IOC });
    expect(fills(ev)[0]!.makerFeeMicros).toBe(10_000);
    expect(fx.available(c)).toBe(0);
    expect(fx.held(c)).toBe(0);
  });

  it('an amend to a higher price holds the fee at the new price, and is refused when that does not fit', () => {
    const fx = createFixture({ consumerMicros: 10 * PAT });
    setFee(fx, 'fee.takerBps:SPOT', 100);
    const c = fx.consumers[0]!;
    const id = fx.place(c, 1, 500_000, 10);
    expect(fx.held(c)).toBe(10 * 505_000);
    fx.amend(c, id, 10, 800_000);
    expect(fx.held(c)).toBe(10 * 808_000);
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.amend(c, id, 10, 1_000_000)); // 10.1 PAT
    fx.cancel(c, id);
    expect(fx.available(c)).toBe(10 * PAT);
  });

  it('a provider selling to the broker pays its maker fee and the take rate out of the proceeds', () => {
    const fx = createFixture({ brokerRights: 0 });
    setFee(fx, 'fee.makerBps:SPOT', 10);
    setFee(fx, 'fee.takeRateBps:SPOT', 500);
    const p = fx.providers[0]!;
    fx.sell(p, 500_000, 20);
    const ev = fx.buy(fx.broker, 500_000, 20, { tif: TimeInForce.IOC });
    const fee = feeMicros(10 * PAT, 10) + feeMicros(10 * PAT, 500);
    expect(fills(ev)[0]).toMatchObject({ makerAccountId: p, makerFeeMicros: fee, takerFeeMicros: 0 });
    expect(fx.available(p)).toBe(10 * PAT - fee);
    expect(fx.engine.feeAccountMicros).toBe(fee);
  });

  it('a provider\'s own stock sold under escrow (rules 3): the fee comes out of the held proceeds', () => {
    const fx = new EngineFixture({}, T0 + HOUR_MS);
    expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 }), EventType.RULES_ADOPTED);
    fx.operator = fx.newAccount(Role.OPERATOR);
    fx.broker = fx.newAccount(Role.BROKER);
    const p = fx.newAccount(Role.PROVIDER);
    fx.seriesId = fx.newSeries();
    fx.deposit(fx.broker, 1_000 * PAT);
    fx.declareCapacity(p, 100);
    fx.mint(p, 10);
    setFee(fx, 'fee.takeRateBps:SPOT', 1_000);
    fx.sell(p, 1_000_000, 10);
    const ev = fx.buy(fx.broker, 1_000_000, 10, { tif: TimeInForce.IOC });
    expect(fills(ev)[0]!.makerFeeMicros).toBe(PAT);
    const [held] = ofType(ev, EventType.SALE_PROCEEDS_HELD);
    expect(held!.heldMicros).toBe(9 * PAT);
    expect(fx.acct(p).lockedMicros).toBe(9 * PAT);
    expect(fx.available(p)).toBe(0);
    expect(fx.engine.feeAccountMicros).toBe(PAT);
  });

  it('never charges a seller more than its proceeds: maker fee and take rate each rounded up on a 1 µPAT sale', () => {
    // ceil(1 × 1 000 / 10 000) + ceil(1 × 5 000 / 10 000) = 2 µPAT on 1 µPAT of proceeds: capped at the proceeds.
    const fx = createFixture({ brokerRights: 0, series: { tickMicros: 1, minPriceMicros: 1, maxPriceMicros: 1_000 } });
    setFee(fx, 'fee.makerBps:SPOT', 1_000);
    setFee(fx, 'fee.takeRateBps:SPOT', 5_000);
    const p = fx.providers[0]!;
    const before = fx.available(p);
    fx.sell(p, 1, 1);
    const ev = fx.buy(fx.broker, 1, 1, { tif: TimeInForce.IOC });
    expect(fills(ev)[0]).toMatchObject({ qty: 1, makerAccountId: p, makerFeeMicros: 1 });
    expect(fx.available(p)).toBe(before);
    expect(fx.engine.feeAccountMicros).toBe(1);
  });

  it('a zero schedule charges nothing and adds no fee fields to fills (today\'s events, byte for byte)', () => {
    const fx = createFixture();
    setFee(fx, 'fee.takerBps:SPOT', 10);
    setFee(fx, 'fee.takerBps:SPOT', 0);
    expect(fx.engine.fees.isZero).toBe(true);
    fx.sell(fx.broker, 600_000, 2);
    const [f] = fills(fx.buy(fx.consumers[0]!, 600_000, 2, { tif: TimeInForce.IOC }));
    expect(Object.keys(f!)).not.toContain('takerFeeMicros');
    expect(Object.keys(f!)).not.toContain('makerFeeMicros');
    expect(fx.engine.feeAccountMicros).toBe(0);
  });
});

/** Phase 4: a call struck at 1 PAT, a qualified institution that writes it and a consumer. */
function phase4Call() {
  const fx = createFixture({ consumers: 2 });
  fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 4 });
  fx.setReference(PAT);
  const call = fx.newSeries({ seriesKind: SeriesKind.CALL, strikeMicros: PAT, maxPriceMicros: PAT });
  const [inst, consumer] = fx.consumers as [number, number];
  fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: inst, qualified: true });
  return { fx, call, inst, consumer };
}

describe('fees on option premiums (phase 4)', () => {
  it('a consumer buying a call pays the premium and its taker fee; the writer (maker) pays its fee out of the premium', () => {
    const { fx, call, inst, consumer } = phase4Call();
    setFee(fx, 'fee.takerBps:CALL', 40);
    setFee(fx, 'fee.makerBps:CALL@4', 10);
    setFee(fx, 'fee.makerBps:CALL@3', 999); // a row for an earlier phase: not the one in force
    fx.place(inst, Side.SELL, 100_000, 10, { seriesId: call }); // writes: margin 0.25 PAT a unit held
    const instBefore = fx.available(inst) + fx.held(inst);
    const consumerBefore = fx.available(consumer);
    const ev = fx.buy(consumer, 100_000, 10, { seriesId: call });
    const takerFee = feeMicros(PAT, 40);
    const makerFee = feeMicros(PAT, 10);
    expect(fills(ev)[0]).toMatchObject({ qty: 10, makerFeeMicros: makerFee, takerFeeMicros: takerFee });
    expect(consumerBefore - fx.available(consumer)).toBe(PAT + takerFee);
    expect(fx.available(inst) + fx.held(inst) + fx.acct(inst).lockedMicros - instBefore).toBe(PAT - makerFee);
    expect(fx.engine.feeAccountMicros).toBe(takerFee + makerFee);
  });
});

describe('issuance fees (options the broker writes)', () => {
  it('a buyer of calls the broker writes pays the issuance fee on the units written, held with its order; none on units the broker held', () => {
    const { fx, call, inst, consumer } = phase4Call();
    // The broker buys 4 calls an institution writes (no issuance: the broker is the buyer, and pays nothing).
    fx.place(inst, Side.SELL, 100_000, 4, { seriesId: call });
    fx.buy(fx.broker, 100_000, 4, { seriesId: call, tif: TimeInForce.IOC });
    setFee(fx, 'fee.takerBps:CALL', 20);
    setFee(fx, 'fee.issuanceBps:CALL', 300);
    // The broker offers 10: 4 it holds, 6 it writes.
    fx.place(fx.broker, Side.SELL, 100_000, 10, { seriesId: call });
    const before = fx.available(consumer);
    const id = fx.place(consumer, Side.BUY, 90_000, 10, { seriesId: call }); // rests below: holds price + taker + issuance per unit
    expect(fx.held(consumer)).toBe(10 * (90_000 + feeMicros(90_000, 320)));
    fx.cancel(consumer, id);
    const ev = fx.buy(consumer, 100_000, 10, { seriesId: call, tif: TimeInForce.IOC });
    const fee = feeMicros(PAT, 20) + feeMicros(6 * 100_000, 300);
    expect(fills(ev)[0]).toMatchObject({ qty: 10, takerAccountId: consumer, takerFeeMicros: fee, makerFeeMicros: 0 });
    expect(before - fx.available(consumer)).toBe(PAT + fee);
    expect(fx.engine.feeAccountMicros).toBe(fee);
  });
});

describe('fees and subscriptions', () => {
  it('a subscription\'s purchase pays its fee and counts it against the budget, never past it', () => {
    const fx = createFixture({ brokerRights: 50 });
    const c = fx.consumers[0]!;
    setFee(fx, 'fee.takerBps:SPOT', 100);
    fx.sell(fx.broker, 600_000, 10);
    const ev = fx.submit({
      kind: CommandKind.SUBSCRIBE, actor: c, contract: CONTRACT, qtyPerWindow: 5, capPriceMicros: 800_000, budgetMicros: 5 * 600_000,
      trigger: SubscriptionTrigger.ON_OPEN, autoExercise: false, maxSkips: 2, includeCurrent: true, delivery: SubscriptionDelivery.PULL, webhookUrl: '', pushAuthorisation: '',
    });
    expect(ofType(ev, EventType.SUBSCRIPTION_CREATED)).toHaveLength(1);
    const before = fx.available(c);
    const run = fx.submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions: 10 });
    const [filled] = ofType(run, EventType.SUBSCRIPTION_FILLED);
    // 5 at 0.6 PAT would be 3 PAT, the whole budget, and the fee on top: 4 fit (2.4 PAT + 0.024 PAT).
    expect(filled).toMatchObject({ qty: 4, costMicros: 4 * 600_000 + feeMicros(4 * 600_000, 100) });
    expect(filled!.spentMicros).toBeLessThanOrEqual(5 * 600_000);
    expect(before - fx.available(c)).toBe(filled!.costMicros);
  });
});

describe('fees in replay and snapshots', () => {
  /** A fixture whose every command is recorded with its time, as a journal would hold it. */
  function recordedWorld(): { fx: EngineFixture; journal: Array<{ cmd: Command; timeMs: number }> } {
    const fx = new EngineFixture({}, T0 + HOUR_MS);
    const journal: Array<{ cmd: Command; timeMs: number }> = [];
    const submit = fx.ee.submit.bind(fx.ee);
    fx.ee.submit = (cmd: Command, timeMs = fx.ee.nowMs): EngineEvent[] => {
      journal.push({ cmd, timeMs });
      return submit(cmd, timeMs);
    };
    fx.operator = fx.newAccount(Role.OPERATOR);
    fx.broker = fx.newAccount(Role.BROKER);
    fx.consumers = [fx.newAccount(Role.CONSUMER), fx.newAccount(Role.CONSUMER)];
    fx.providers = [fx.newAccount(Role.PROVIDER)];
    fx.seriesId = fx.newSeries();
    fx.deposit(fx.broker, 1_000 * PAT);
    for (const c of fx.consumers) fx.deposit(c, 100 * PAT);
    fx.declareCapacity(fx.providers[0]!, 100);
    fx.mint(fx.providers[0]!, 50);
    return { fx, journal };
  }

  it('a journal replayed (with and without events) and a snapshot decoded give the same fee account, holds and state hash', () => {
    const { fx, journal } = recordedWorld();
    setFee(fx, 'fee.takerBps:SPOT', 25);
    setFee(fx, 'fee.makerBps:SPOT', 7);
    setFee(fx, 'fee.takeRateBps:SPOT', 300);
    const [c1, c2] = fx.consumers as [number, number];
    const p = fx.providers[0]!;
    fx.sell(p, 650_000, 40);
    fx.buy(fx.broker, 650_000, 40, { tif: TimeInForce.IOC });
    fx.sell(fx.broker, 700_000, 30);
    fx.buy(c1, 700_000, 12, { tif: TimeInForce.IOC });
    fx.buy(c2, 650_000, 8); // rests, holding its fee
    fx.sell(c1, 650_000, 3); // takes part of c2's bid
    expect(fx.engine.feeAccountMicros).toBeGreaterThan(0);
    const hash = stateHash(fx.engine);

    const replayed = new Engine();
    for (const { cmd, timeMs } of journal) replayed.apply(cmd, replayed.lastSeq + 1, timeMs, []);
    expect(stateHash(replayed)).toBe(hash);
    expect(replayed.feeAccountMicros).toBe(fx.engine.feeAccountMicros);

    const recovered = new Engine();
    recovered.withoutEvents(() => {
      for (const { cmd, timeMs } of journal) recovered.apply(cmd, recovered.lastSeq + 1, timeMs, []);
    });
    expect(stateHash(recovered)).toBe(hash);

    const snapshot = decodeState(encodeState(fx.engine));
    expect(snapshot.feeAccountMicros).toBe(fx.engine.feeAccountMicros);
    expect(snapshot.fees.rows()).toEqual(fx.engine.fees.rows());
    expect(stateHash(snapshot)).toBe(hash);
    conservation(snapshot);
    // The snapshot carries on as the live engine does: the rest of c2's bid, its fee held since before.
    const rest = fx.orderCommand(c1, { side: Side.SELL, priceMicros: 650_000, qty: 5, tif: TimeInForce.IOC });
    const live = fx.submit(rest);
    const continued: EngineEvent[] = [];
    snapshot.apply(rest, snapshot.lastSeq + 1, fx.ee.nowMs, continued);
    expect(continued).toEqual(live);
    expect(stateHash(snapshot)).toBe(stateHash(fx.engine));
  });

  it('a state that never charged a fee encodes as before fees (no fee section)', () => {
    const fx = createFixture();
    fx.sell(fx.broker, 600_000, 2);
    fx.buy(fx.consumers[0]!, 600_000, 2, { tif: TimeInForce.IOC });
    const bytes = encodeState(fx.engine);
    setFee(fx, 'fee.takerBps:SPOT', 10);
    fx.sell(fx.broker, 600_000, 2);
    fx.buy(fx.consumers[0]!, 600_000, 2, { tif: TimeInForce.IOC });
    expect(encodeState(fx.engine).length).toBeGreaterThan(bytes.length);
    expect(decodeState(bytes).feeAccountMicros).toBe(0);
  });
});
