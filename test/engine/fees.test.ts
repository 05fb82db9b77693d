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
  CURRENT_RULES,
  decodeState,
  encodeState,
  EventType,
  executionReports,
  RejectReason,
  Role,
  stateHash,
  SeriesKind,
  Side,
  SubscriptionDelivery,
  SubscriptionTrigger,
  SYSTEM_ACTOR,
  TimeInForce,
  type EngineEvent,
} from '../../src/engine/index.js';
import { feeMicros, feeMicrosOfTwo, FeeSchedule, checkParam } from '../../src/risk/index.js';
import { expectReplaysAgree, journaledFixture, type RecordedJournal } from '../support/journaled-engine.js';
import { CONTRACT, createFixture, EngineFixture, expectEvent, expectRefused, fills, HOUR_MS, ofType, PAT, T0, WINDOW_MS } from '../support/engine-fixture.js';

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

  it('bounds every rate: trade and issuance fees ≤ 1 000 bps, the take rate ≤ 5 000 (spot and forward), kinds not charged yet only 0, phases 1–4', () => {
    expect(checkParam('fee.takerBps:SPOT', 1_000)).toBeUndefined();
    expect(checkParam('fee.takerBps:SPOT', 1_001)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.makerBps:PUT@4', 25)).toBeUndefined();
    expect(checkParam('fee.takerBps:SPOT', 2.5)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takerBps:SPOT', -1)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takeRateBps:SPOT', 5_000)).toBeUndefined();
    expect(checkParam('fee.takeRateBps:SPOT', 5_001)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takerBps:FORWARD', 1_000)).toBeUndefined();
    expect(checkParam('fee.makerBps:FORWARD@2', 1_001)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takerBps:SYNTHETIC', 1_000)).toBeUndefined();
    expect(checkParam('fee.makerBps:SYNTHETIC', 1_001)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.issuanceBps:CALL', 1_000)).toBeUndefined();
    expect(checkParam('fee.issuanceBps:PUT', 1_001)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.issuanceBps:SYNTHETIC', 1_000)).toBeUndefined();
    expect(checkParam('fee.issuanceBps:SYNTHETIC@3', 1_001)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.issuanceBps:SPOT', 1)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.issuanceBps:FORWARD', 1)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takeRateBps:FORWARD', 5_000)).toBeUndefined(); // at delivery (forward-take-rate.test.ts)
    expect(checkParam('fee.takeRateBps:FORWARD@2', 5_001)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takeRateBps:CALL', 1)).toBe('OUT_OF_RANGE');
    expect(checkParam('fee.takeRateBps:SYNTHETIC', 1)).toBe('OUT_OF_RANGE');
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
    expectRefused(fx, RejectReason.PARAM_OUT_OF_RANGE, () => setFee(fx, 'fee.takeRateBps:SYNTHETIC', 5));
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

  it("the purchase ledger keeps the buyer's fee (GET /v1/purchases); a fee-free fill's purchase has no fee (its JSON no fee key)", async () => {
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
      // The key is there, undefined (one object shape for every purchase: src/catalog/purchase.ts); JSON leaves it out.
      expect(free!.feeMicros).toBeUndefined();
      expect(Object.keys(JSON.parse(JSON.stringify(free)) as object)).not.toContain('feeMicros');
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
function phase4Call(tickMicros?: number) {
  const fx = createFixture({ consumers: 2 });
  fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 4 });
  fx.setReference(PAT);
  const call = fx.newSeries({ seriesKind: SeriesKind.CALL, strikeMicros: PAT, maxPriceMicros: PAT, ...(tickMicros === undefined ? {} : { tickMicros, minPriceMicros: tickMicros }) });
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

describe('a buy of written units: trade and issuance fees rounded up once (rules 18)', () => {
  /** The consumer's fee on one call the broker writes at `askMicros`, bought at `limitMicros`, under `rules`; and what its order held for it. */
  function writtenCallFee(rules: number, askMicros: number, limitMicros: number): { fee: number; held: number } {
    const { fx, call, consumer } = phase4Call(1); // a tick of 1 µPAT: prices whose fees have fractions
    if (rules > 0) expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules }), EventType.RULES_ADOPTED);
    setFee(fx, 'fee.takerBps:CALL', 10);
    setFee(fx, 'fee.issuanceBps:CALL', 150);
    fx.place(fx.broker, Side.SELL, askMicros, 1, { seriesId: call }); // the broker holds no call: it writes this one
    const f = fills(fx.buy(consumer, limitMicros, 1, { seriesId: call, tif: TimeInForce.IOC }))[0]!;
    return { fee: f.takerFeeMicros ?? 0, held: feeMicros(limitMicros, 160) };
  }

  it('is ⌈(notional × taker + written × issuance) / 10 000⌉ at the limit and below it, never more than the order held', () => {
    // 100,005 µPAT: 100.005 + 1,500.075 µPAT, 1,602 rounded each, 1,601 once; the hold at that limit is 1,601.
    expect(writtenCallFee(CURRENT_RULES, 100_005, 100_005)).toEqual({ fee: 1_601, held: 1_601 });
    expect(writtenCallFee(CURRENT_RULES, 100_005, 110_000)).toEqual({ fee: 1_601, held: 1_760 });
    for (let ask = 100_001; ask < 100_200; ask += 7) {
      for (const limit of [ask, ask + 1_000]) {
        const { fee, held } = writtenCallFee(CURRENT_RULES, ask, limit);
        expect(fee, `at ${ask}, limit ${limit}`).toBe(feeMicrosOfTwo(ask, 10, ask, 150));
        expect(fee).toBeLessThanOrEqual(held);
      }
    }
  });

  it('under rules 0–17: each rounded up, the hold capping the sum at the limit (1 µPAT under it there)', () => {
    expect(writtenCallFee(17, 100_005, 110_000).fee).toBe(feeMicros(100_005, 10) + feeMicros(100_005, 150)); // 1,602
    expect(writtenCallFee(17, 100_005, 100_005).fee).toBe(1_601); // the hold, one less than its two fees
  });
});

/** Phase 3: a SYNTHETIC on the fixture's spot window, two qualified institutions with `micros` each (docs/synthetics.md). */
function syntheticWorld(micros = 100 * PAT) {
  const fx = createFixture({ consumers: 3 });
  fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 3 });
  const synth = fx.newSeries({ seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0 });
  const [a, b] = fx.consumers as [number, number];
  for (const id of [a, b]) {
    fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: id, qualified: true });
    const extra = micros - fx.available(id);
    if (extra > 0) fx.deposit(id, extra);
    else if (extra < 0) fx.requestWithdrawal(id, BigInt(-extra) * 10n ** 12n);
  }
  return { fx, synth, a, b };
}

/** All the PAT an account has: free, held by orders, locked with positions. */
function totalOf(fx: EngineFixture, id: number): number {
  return fx.available(id) + fx.held(id) + fx.acct(id).lockedMicros;
}

/** Initial margin (`risk.syntheticInitialMarginBps`, 2,000 shipped) on a value: the same rounding up as a fee. */
const margin = (valueMicros: number): number => feeMicros(valueMicros, 2_000);

describe('fees on synthetics (phase 3)', () => {
  it('each side of a fill pays its fee from what its order held, rounded up; the positions lock what they would without fees', () => {
    const { fx, synth, a, b } = syntheticWorld();
    setFee(fx, 'fee.makerBps:SYNTHETIC', 10);
    setFee(fx, 'fee.takerBps:SYNTHETIC', 3);
    const [aBefore, bBefore] = [totalOf(fx, a), totalOf(fx, b)];
    fx.place(a, Side.SELL, 333_000, 3, { seriesId: synth }); // rests: the maker
    const ev = fx.buy(b, 333_000, 3, { seriesId: synth, tif: TimeInForce.IOC });
    const makerFee = feeMicros(999_000, 10); // 999
    const takerFee = feeMicros(999_000, 3); // 299.7 → 300
    expect(takerFee).toBe(300);
    expect(fills(ev)[0]).toMatchObject({ qty: 3, makerAccountId: a, takerAccountId: b, makerFeeMicros: makerFee, takerFeeMicros: takerFee });
    expect(aBefore - totalOf(fx, a)).toBe(makerFee);
    expect(bBefore - totalOf(fx, b)).toBe(takerFee);
    for (const id of [a, b]) {
      expect(fx.held(id)).toBe(0);
      expect(fx.acct(id).positions.get(synth)!.collateralMicros).toBe(margin(999_000));
    }
    expect(fx.engine.feeAccountMicros).toBe(makerFee + takerFee);
    // Each side's ExecutionReport carries what it paid (fee_micros on the wire).
    const f = fills(ev)[0]!;
    expect(executionReports(f).map((r) => [r.accountId, r.feeMicros])).toEqual([[a, makerFee], [b, takerFee]]);
  });

  it('an order holds its fee with its margin: the higher of maker and taker, and a buy issuance too; a cancel releases it all', () => {
    const { fx, synth, a, b } = syntheticWorld();
    setFee(fx, 'fee.makerBps:SYNTHETIC', 10);
    setFee(fx, 'fee.takerBps:SYNTHETIC', 30);
    setFee(fx, 'fee.issuanceBps:SYNTHETIC', 200);
    const buy = fx.place(a, Side.BUY, PAT, 10, { seriesId: synth });
    const sell = fx.place(b, Side.SELL, 1_100_000, 10, { seriesId: synth });
    expect(fx.held(a)).toBe(10 * (margin(PAT) + feeMicros(PAT, 30 + 200)));
    expect(fx.held(b)).toBe(10 * (margin(1_100_000) + feeMicros(1_100_000, 30)));
    expect(fx.engine.orders.get(buy)!.feeHoldBps).toBe(230);
    fx.cancel(a, buy);
    fx.cancel(b, sell);
    expect(fx.available(a)).toBe(100 * PAT);
    expect(fx.available(b)).toBe(100 * PAT);
  });

  it('refuses INSUFFICIENT_BALANCE when the margin fits free PAT and the fee does not, INSUFFICIENT_MARGIN when the margin does not; an amend likewise', () => {
    const { fx, synth, a, b } = syntheticWorld(10 * PAT);
    setFee(fx, 'fee.takerBps:SYNTHETIC', 100); // 0.01 PAT a unit at 1 PAT, beside 0.2 PAT of margin
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.buy(a, PAT, 50, { seriesId: synth })); // margin 10 PAT, with the fee 10.5
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.sell(b, PAT, 50, { seriesId: synth }));
    expectRefused(fx, RejectReason.INSUFFICIENT_MARGIN, () => fx.buy(a, PAT, 51, { seriesId: synth }));
    const id = fx.place(a, Side.BUY, PAT, 40, { seriesId: synth });
    expect(fx.held(a)).toBe(40 * 210_000);
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.amend(a, id, 40, 1_200_000)); // 40 × 0.252 = 10.08 PAT
    fx.amend(a, id, 40, 1_100_000);
    expect(fx.held(a)).toBe(40 * (margin(1_100_000) + feeMicros(1_100_000, 100)));
    expect(fills(fx.sell(b, 1_100_000, 40, { seriesId: synth, tif: TimeInForce.IOC }))[0]).toMatchObject({ makerFeeMicros: 0, takerFeeMicros: feeMicros(44 * PAT, 100) });
    expect(fx.available(a) + fx.acct(a).lockedMicros).toBe(10 * PAT); // the maker rate is 0: its fee hold came back
  });

  it('the issuance fee is paid only on the units the broker writes (its sale takes it below zero), by the buyer; the broker pays nothing', () => {
    const { fx, synth, a, b } = syntheticWorld();
    // The broker buys 4 from a: long 4.
    fx.place(a, Side.SELL, PAT, 4, { seriesId: synth });
    fx.buy(fx.broker, PAT, 4, { seriesId: synth, tif: TimeInForce.IOC });
    setFee(fx, 'fee.takerBps:SYNTHETIC', 20);
    setFee(fx, 'fee.makerBps:SYNTHETIC', 5);
    setFee(fx, 'fee.issuanceBps:SYNTHETIC', 300);
    const brokerBefore = totalOf(fx, fx.broker);
    fx.place(fx.broker, Side.SELL, PAT, 10, { seriesId: synth }); // sells its 4, writes 6
    const bBefore = totalOf(fx, b);
    const ev = fx.buy(b, PAT, 10, { seriesId: synth, tif: TimeInForce.IOC });
    const fee = feeMicros(10 * PAT, 20) + feeMicros(6 * PAT, 300);
    expect(fills(ev)[0]).toMatchObject({ qty: 10, makerAccountId: fx.broker, takerAccountId: b, makerFeeMicros: 0, takerFeeMicros: fee });
    expect(bBefore - totalOf(fx, b)).toBe(fee);
    expect(totalOf(fx, fx.broker)).toBe(brokerBefore);
    // From another institution: a trade fee on each side, no issuance.
    fx.place(a, Side.SELL, PAT, 2, { seriesId: synth });
    const [f] = fills(fx.buy(b, PAT, 2, { seriesId: synth, tif: TimeInForce.IOC }));
    expect(f).toMatchObject({ makerFeeMicros: feeMicros(2 * PAT, 5), takerFeeMicros: feeMicros(2 * PAT, 20) });
    expect(fx.engine.feeAccountMicros).toBe(fee + feeMicros(2 * PAT, 5) + feeMicros(2 * PAT, 20));
  });

  it('a sale filling above its limit pays its rate on the fill\'s price from rules 8, the part above its hold from free PAT as far as that goes; on its hold under 7', () => {
    for (const rules of [7, 8]) {
      const { fx, synth, a, b } = syntheticWorld();
      fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
      setFee(fx, 'fee.takerBps:SYNTHETIC', 20);
      fx.place(a, Side.BUY, 1_050_000, 20, { seriesId: synth }); // rests 5% above the sale's limit
      const bBefore = totalOf(fx, b);
      const [f] = fills(fx.sell(b, PAT, 10, { seriesId: synth, tif: TimeInForce.IOC }));
      const held = 10 * feeMicros(PAT, 20); // 20 000: held at the limit
      const due = feeMicros(10_500_000, 20); // 21 000: on the fill
      expect(f).toMatchObject({ priceMicros: 1_050_000, takerAccountId: b, takerFeeMicros: rules >= 8 ? due : held });
      expect(bBefore - totalOf(fx, b)).toBe(rules >= 8 ? due : held);
      expect(fx.engine.feeAccountMicros).toBe(rules >= 8 ? due : held);
    }
    // A seller with no free PAT beyond its sale's hold pays the hold: no balance goes below zero.
    const { fx, synth, a, b } = syntheticWorld(10 * (margin(PAT) + feeMicros(PAT, 20)));
    fx.deposit(a, 100 * PAT);
    fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 8 });
    setFee(fx, 'fee.takerBps:SYNTHETIC', 20);
    fx.place(a, Side.BUY, 1_050_000, 20, { seriesId: synth });
    const [f] = fills(fx.sell(b, PAT, 10, { seriesId: synth, tif: TimeInForce.IOC }));
    expect(f!.takerFeeMicros).toBe(10 * feeMicros(PAT, 20));
    expect(fx.available(b)).toBe(0);
    expect(totalOf(fx, b)).toBe(10 * margin(PAT));
  });

  it('never charges more than the order held when the rate rises while it rests; a schedule set to zero releases the hold and charges nothing', () => {
    const { fx, synth, a, b } = syntheticWorld();
    setFee(fx, 'fee.makerBps:SYNTHETIC', 10);
    fx.place(a, Side.BUY, PAT, 10, { seriesId: synth });
    const aBefore = totalOf(fx, a);
    setFee(fx, 'fee.makerBps:SYNTHETIC', 1_000);
    expect(fills(fx.sell(b, PAT, 4, { seriesId: synth, tif: TimeInForce.IOC }))[0]!.makerFeeMicros).toBe(4 * feeMicros(PAT, 10));
    expect(aBefore - totalOf(fx, a)).toBe(4 * feeMicros(PAT, 10));
    setFee(fx, 'fee.makerBps:SYNTHETIC', 0);
    expect(fx.engine.fees.isZero).toBe(true);
    const [f] = fills(fx.sell(b, PAT, 6, { seriesId: synth, tif: TimeInForce.IOC }));
    expect(Object.keys(f!)).not.toContain('makerFeeMicros');
    expect(fx.held(a)).toBe(0);
    expect(aBefore - totalOf(fx, a)).toBe(4 * feeMicros(PAT, 10));
  });
});

/** Phase 2: the next window's spot series and its forward; providers with 100 PAT more (docs/forwards.md). */
function forwardWorld() {
  const fx = createFixture({ consumers: 2, providers: 1, brokerRights: 0 });
  const spot = fx.newSeries({ openAtMs: T0 + WINDOW_MS });
  const forward = fx.newSeries({ openAtMs: T0 + WINDOW_MS, seriesKind: SeriesKind.FORWARD });
  const provider = fx.providers[0]!;
  fx.deposit(provider, 100 * PAT);
  fx.declareCapacity(provider, 100, forward);
  return { fx, spot, forward, provider };
}

function deliverForward(fx: EngineFixture, seriesId: number): EngineEvent[] {
  return fx.submit({ kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId, cutoffMs: T0 + WINDOW_MS, maxPositions: 100 }, Math.max(fx.nowMs, T0 + WINDOW_MS));
}

describe('fees on forwards (phase 2)', () => {
  it('the seller pays from what its sale held beside the collateral, the buyer from its hold; escrow, cost and delivery are the forward price as without fees', () => {
    const { fx, forward, provider } = forwardWorld();
    setFee(fx, 'fee.makerBps:FORWARD', 10);
    setFee(fx, 'fee.takerBps:FORWARD', 30);
    const c = fx.consumers[0]!;
    const providerBefore = totalOf(fx, provider);
    fx.sell(provider, 500_000, 10, { seriesId: forward });
    // 20% collateral and the fee at the higher rate, per right.
    expect(fx.held(provider)).toBe(10 * (100_000 + feeMicros(500_000, 30)));
    const sold = fx.buy(fx.broker, 500_000, 10, { seriesId: forward, tif: TimeInForce.IOC });
    const providerFee = feeMicros(5 * PAT, 10);
    expect(fills(sold)[0]).toMatchObject({ makerAccountId: provider, makerFeeMicros: providerFee, takerFeeMicros: 0 });
    const p = fx.acct(provider).positions.get(forward)!;
    expect([p.escrowMicros, p.collateralMicros, fx.held(provider)]).toEqual([5 * PAT, PAT, 0]);
    expect(providerBefore + 5 * PAT - totalOf(fx, provider)).toBe(providerFee); // the proceeds are its own, locked in escrow

    fx.sell(fx.broker, 600_000, 10, { seriesId: forward });
    const cBefore = fx.available(c);
    const bought = fx.buy(c, 601_000, 6, { seriesId: forward });
    const consumerFee = feeMicros(3_600_000, 30); // 10 800
    expect(fills(bought)[0]).toMatchObject({ takerAccountId: c, makerFeeMicros: 0, takerFeeMicros: consumerFee });
    expect(cBefore - fx.available(c)).toBe(3_600_000 + consumerFee);
    expect(fx.acct(c).positions.get(forward)!.costMicros).toBe(3_600_000);
    expect(fx.engine.feeAccountMicros).toBe(providerFee + consumerFee);

    const ev = deliverForward(fx, forward);
    expect(ofType(ev, EventType.FORWARD_DELIVERED).find((d) => d.accountId === provider)).toMatchObject({ deliveredQty: 10, proceedsMicros: 5 * PAT, collateralReturnedMicros: PAT });
    expect(ofType(ev, EventType.FORWARD_DELIVERED).find((d) => d.accountId === c)).toMatchObject({ deliveredQty: 6, refundMicros: 0 });
    expect(providerBefore + 5 * PAT - totalOf(fx, provider)).toBe(providerFee);
  });

  it('a sale filling above its limit pays its rate on the fill\'s price from rules 8 (on its hold under 7); the escrow is the fill\'s notional', () => {
    for (const rules of [7, 8]) {
      const { fx, forward, provider } = forwardWorld();
      fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
      setFee(fx, 'fee.takerBps:FORWARD', 30);
      fx.place(fx.broker, Side.BUY, 550_000, 10, { seriesId: forward });
      const before = totalOf(fx, provider);
      const [f] = fills(fx.sell(provider, 500_000, 10, { seriesId: forward, tif: TimeInForce.IOC }));
      const held = 10 * feeMicros(500_000, 30); // 15 000
      const due = feeMicros(5_500_000, 30); // 16 500
      expect(f).toMatchObject({ priceMicros: 550_000, takerAccountId: provider, takerFeeMicros: rules >= 8 ? due : held });
      expect(fx.acct(provider).positions.get(forward)!.escrowMicros).toBe(5_500_000);
      expect(fx.held(provider)).toBe(0);
      expect(before + 5_500_000 - totalOf(fx, provider)).toBe(rules >= 8 ? due : held);
    }
  });

  it('refuses INSUFFICIENT_BALANCE when the collateral fits and the fee does not; an amend holds the fee at its new price', () => {
    const { fx, forward } = forwardWorld();
    setFee(fx, 'fee.makerBps:FORWARD', 100);
    const poor = fx.newAccount(Role.PROVIDER);
    fx.deposit(poor, PAT);
    fx.declareCapacity(poor, 100, forward);
    expectRefused(fx, RejectReason.INSUFFICIENT_COLLATERAL, () => fx.sell(poor, 500_000, 11, { seriesId: forward }));
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.sell(poor, 500_000, 10, { seriesId: forward })); // 1 PAT + 0.05
    const id = fx.place(poor, Side.SELL, 500_000, 9, { seriesId: forward });
    expect(fx.held(poor)).toBe(9 * (100_000 + 5_000));
    expectRefused(fx, RejectReason.INSUFFICIENT_BALANCE, () => fx.amend(poor, id, 9, 550_000)); // 9 × 0.1155 = 1.0395 PAT
    fx.amend(poor, id, 9, 520_000);
    expect(fx.held(poor)).toBe(9 * (104_000 + 5_200));
    fx.cancel(poor, id);
    expect(fx.available(poor)).toBe(PAT);
  });

  it('a sale that rested under a fee and fills after the schedule went to zero gets its fee hold back and pays nothing', () => {
    const { fx, forward, provider } = forwardWorld();
    setFee(fx, 'fee.takerBps:FORWARD', 50);
    const before = totalOf(fx, provider);
    fx.sell(provider, 500_000, 10, { seriesId: forward });
    setFee(fx, 'fee.takerBps:FORWARD', 0);
    const [f] = fills(fx.buy(fx.broker, 500_000, 10, { seriesId: forward, tif: TimeInForce.IOC }));
    expect(Object.keys(f!)).not.toContain('makerFeeMicros');
    expect(fx.held(provider)).toBe(0);
    expect(fx.acct(provider).positions.get(forward)!.collateralMicros).toBe(PAT);
    expect(totalOf(fx, provider)).toBe(before + 5 * PAT); // the proceeds in escrow, the collateral locked: no fee paid
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
  /** Two consumers with 100 PAT each and a provider with 50 rights minted, every command recorded as a journal holds it. */
  function recordedWorld(): { fx: EngineFixture; journal: RecordedJournal } {
    const { fx, journal } = journaledFixture({ consumers: 2, providers: 1 });
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

    const { replayed, snapshot } = expectReplaysAgree(fx, journal);
    expect(replayed.feeAccountMicros).toBe(fx.engine.feeAccountMicros);
    expect(snapshot.feeAccountMicros).toBe(fx.engine.feeAccountMicros);
    expect(snapshot.fees.rows()).toEqual(fx.engine.fees.rows());
    // The snapshot carries on as the live engine does: the rest of c2's bid, its fee held since before.
    const rest = fx.orderCommand(c1, { side: Side.SELL, priceMicros: 650_000, qty: 5, tif: TimeInForce.IOC });
    const live = fx.submit(rest);
    const continued: EngineEvent[] = [];
    snapshot.apply(rest, snapshot.lastSeq + 1, fx.ee.nowMs, continued);
    expect(continued).toEqual(live);
    expect(stateHash(snapshot)).toBe(stateHash(fx.engine));
  });

  it('synthetic orders and forward sales holding fees: a journal replayed and a snapshot decoded give the same holds, rates and state hash, and fill alike', () => {
    const { fx, journal } = recordedWorld();
    const [c1, c2] = fx.consumers as [number, number];
    const p = fx.providers[0]!;
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
    const synth = fx.newSeries({ seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0 });
    const forward = fx.newSeries({ seriesKind: SeriesKind.FORWARD, openAtMs: T0 + WINDOW_MS });
    for (const id of [c1, c2]) fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: id, qualified: true });
    fx.deposit(p, 50 * PAT);
    fx.declareCapacity(p, 50, forward);
    setFee(fx, 'fee.makerBps:SYNTHETIC', 7);
    setFee(fx, 'fee.takerBps:SYNTHETIC', 25);
    setFee(fx, 'fee.issuanceBps:SYNTHETIC', 150);
    setFee(fx, 'fee.makerBps:FORWARD', 12);
    setFee(fx, 'fee.takerBps:FORWARD@2', 40);
    fx.place(c1, Side.SELL, 901_000, 6, { seriesId: synth });
    fx.buy(c2, 901_000, 2, { seriesId: synth, tif: TimeInForce.IOC }); // c1's sale rests with 4 left, its fee held
    fx.place(c2, Side.BUY, 850_000, 5, { seriesId: synth }); // rests, holding taker + issuance
    const sale = fx.place(p, Side.SELL, 700_000, 20, { seriesId: forward });
    fx.buy(fx.broker, 700_000, 8, { seriesId: forward, tif: TimeInForce.IOC }); // 12 rest, collateral and fee held
    fx.sell(fx.broker, 750_000, 10, { seriesId: forward });
    fx.place(c1, Side.BUY, 740_000, 3, { seriesId: forward }); // a forward buy rests, holding its fee
    fx.buy(c1, 750_000, 4, { seriesId: forward, tif: TimeInForce.IOC });
    expect(fx.engine.orders.get(sale)!.feeHoldBps).toBe(40);

    const { snapshot } = expectReplaysAgree(fx, journal);
    for (const o of [synth, forward].flatMap((id) => fx.engine.orderEntry.restingOrdersOf(fx.series(id)))) {
      expect([snapshot.orders.get(o.orderId)!.feeHoldBps, snapshot.orders.get(o.orderId)!.collateralPerUnitMicros]).toEqual([o.feeHoldBps, o.collateralPerUnitMicros]);
    }
    // The snapshot carries on as the live engine does: the resting synthetic sale and forward sale taken.
    for (const cmd of [
      fx.orderCommand(c2, { seriesId: synth, side: Side.BUY, priceMicros: 901_000, qty: 4, tif: TimeInForce.IOC }),
      fx.orderCommand(fx.broker, { seriesId: forward, side: Side.BUY, priceMicros: 700_000, qty: 12, tif: TimeInForce.IOC }),
    ]) {
      const live = fx.submit(cmd);
      expect(fills(live)[0]!.makerFeeMicros).toBeGreaterThan(0);
      const continued: EngineEvent[] = [];
      snapshot.apply(cmd, snapshot.lastSeq + 1, fx.ee.nowMs, continued);
      expect(continued).toEqual(live);
    }
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
