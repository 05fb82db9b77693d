/**
 * The take rate on providers' forward sales (issue 81; docs/fees.md, "A forward"): the schedule's
 * `fee.takeRateBps:FORWARD`, charged at delivery on the proceeds a provider is paid for the rights
 * it delivered, into the exchange's fee account (FORWARD_TAKE_RATE_CHARGED); under rules 3 the
 * escrow holds the proceeds net of it; the settlement netting moves it from the provider to the
 * batch's fee and shows it in the provider's statement; replay and snapshots agree; a zero
 * schedule (or a spot take rate alone) changes nothing in a delivery.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  EventType,
  Role,
  SeriesKind,
  SYSTEM_ACTOR,
  TimeInForce,
  type EngineEvent,
} from '../../src/engine/index.js';
import { feeMicros } from '../../src/risk/index.js';
import { forwardRulesOf, Netting } from '../../src/settlement/index.js';
import { createFixture, EngineFixture, expectEvent, ofType, PAT, T0, WINDOW_MS } from '../support/engine-fixture.js';
import { journaledFixture, expectReplaysAgree, type RecordedJournal } from '../support/journaled-engine.js';
import { addr } from '../support/netting-mirror.js';

const OPEN = T0 + WINDOW_MS;

function setFee(fx: EngineFixture, name: string, value: number): void {
  expectEvent(fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name, value }), EventType.PARAM_CHANGED);
}

/** Phase 2: the next window's spot series and its forward; a provider with 100 PAT that pledged `capacity` rights to it. */
function forwardWorld(o: { rules3?: boolean; capacity?: number } = {}) {
  const fx = createFixture({ consumers: 1, providers: 1, brokerRights: 0, providerMint: 0 });
  if (o.rules3 === true) expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 }), EventType.RULES_ADOPTED);
  const spot = fx.newSeries({ openAtMs: OPEN });
  const forward = fx.newSeries({ openAtMs: OPEN, seriesKind: SeriesKind.FORWARD });
  const provider = fx.providers[0]!;
  fx.deposit(provider, 100 * PAT);
  fx.declareCapacity(provider, o.capacity ?? 100, forward);
  return { fx, spot, forward, provider };
}

/** The provider sells `qty` forward to the broker at `priceMicros` (the broker takes it). */
function sellForward(fx: EngineFixture, provider: number, forward: number, priceMicros: number, qty: number): void {
  fx.sell(provider, priceMicros, qty, { seriesId: forward });
  expect(ofType(fx.buy(fx.broker, priceMicros, qty, { seriesId: forward, tif: TimeInForce.IOC }), EventType.FILL)).toHaveLength(1);
}

function deliver(fx: EngineFixture, forward: number): EngineEvent[] {
  return fx.submit({ kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: forward, cutoffMs: OPEN, maxPositions: 100 }, Math.max(fx.nowMs, OPEN));
}

const totalOf = (fx: EngineFixture, id: number): number => fx.available(id) + fx.held(id) + fx.acct(id).lockedMicros;

describe('the take rate on a provider\'s forward sale', () => {
  it('is charged at delivery on the proceeds paid, into the fee account; the delivery itself is as without it', () => {
    const { fx, forward, provider } = forwardWorld();
    setFee(fx, 'fee.takeRateBps:FORWARD', 500);
    sellForward(fx, provider, forward, 500_000, 10);
    // Nothing at the fill: the proceeds are escrowed until the provider delivers.
    expect(fx.engine.feeAccountMicros).toBe(0);
    const before = totalOf(fx, provider);
    const freeBefore = fx.available(provider);
    const ev = deliver(fx, forward);
    const fee = feeMicros(5 * PAT, 500); // 0.25 PAT
    const delivered = ofType(ev, EventType.FORWARD_DELIVERED).find((d) => d.accountId === provider)!;
    expect(delivered).toMatchObject({ deliveredQty: 10, proceedsMicros: 5 * PAT, collateralReturnedMicros: PAT });
    expect(ofType(ev, EventType.FORWARD_TAKE_RATE_CHARGED)).toEqual([
      { type: EventType.FORWARD_TAKE_RATE_CHARGED, seq: delivered.seq, seriesId: forward, spotSeriesId: delivered.spotSeriesId, accountId: provider, proceedsMicros: 5 * PAT, takeRateBps: 500, feeMicros: fee },
    ]);
    expect(fx.available(provider) - freeBefore).toBe(5 * PAT - fee + PAT);
    expect(before - totalOf(fx, provider)).toBe(fee);
    expect(fx.engine.feeAccountMicros).toBe(fee);
  });

  it('falls only on what was delivered: a provider short of its sale pays it on the delivered part', () => {
    const { fx, forward, provider } = forwardWorld({ capacity: 10 });
    setFee(fx, 'fee.takeRateBps:FORWARD', 1_000);
    sellForward(fx, provider, forward, 700_000, 10);
    // Its pledge drops to 4 before the open: 4 delivered, 6 short.
    fx.declareCapacity(provider, 4, forward);
    const ev = deliver(fx, forward);
    const delivered = ofType(ev, EventType.FORWARD_DELIVERED).find((d) => d.accountId === provider)!;
    expect(delivered).toMatchObject({ deliveredQty: 4, shortfallQty: 6, proceedsMicros: 4 * 700_000 });
    expect(ofType(ev, EventType.FORWARD_TAKE_RATE_CHARGED)[0]).toMatchObject({ proceedsMicros: 2_800_000, feeMicros: 280_000 });
    expect(fx.engine.feeAccountMicros).toBe(280_000);
  });

  it('is the rate in force at delivery (a rate set after the sale applies; the FORWARD row, not SPOT\'s)', () => {
    const { fx, forward, provider } = forwardWorld();
    setFee(fx, 'fee.takeRateBps:SPOT', 2_000);
    sellForward(fx, provider, forward, 330_000, 3);
    setFee(fx, 'fee.takeRateBps:FORWARD', 7);
    const ev = deliver(fx, forward);
    expect(ofType(ev, EventType.FORWARD_TAKE_RATE_CHARGED)[0]).toMatchObject({ proceedsMicros: 990_000, takeRateBps: 7, feeMicros: 693 });
    expect(fx.engine.feeAccountMicros).toBe(693);
  });

  it('under rules 3 the escrow holds the proceeds net of the take rate', () => {
    const { fx, spot, forward, provider } = forwardWorld({ rules3: true });
    setFee(fx, 'fee.takeRateBps:FORWARD', 250);
    sellForward(fx, provider, forward, 1_190_000, 8);
    const ev = deliver(fx, forward);
    const proceeds = 8 * 1_190_000;
    const fee = feeMicros(proceeds, 250);
    expect(ofType(ev, EventType.FORWARD_TAKE_RATE_CHARGED)[0]).toMatchObject({ proceedsMicros: proceeds, feeMicros: fee });
    expect(ofType(ev, EventType.SALE_PROCEEDS_HELD)[0]).toMatchObject({ accountId: provider, seriesId: spot, qty: 8, heldMicros: proceeds - fee });
    expect(fx.acct(provider)).toMatchObject({ lockedMicros: proceeds - fee, proceedsHeldMicros: proceeds - fee });
    expect(fx.series(spot).supply.live()).toEqual([{ providerAccountId: provider, qty: 8, heldMicros: proceeds - fee }]);
    expect(fx.engine.feeAccountMicros).toBe(fee);
  });

  it('a zero schedule, or a spot take rate alone, delivers exactly as before: the same events and balances', () => {
    const run = (fees: Array<[string, number]>) => {
      const { fx, forward, provider } = forwardWorld();
      for (const [name, value] of fees) setFee(fx, name, value);
      sellForward(fx, provider, forward, 500_000, 10);
      const ev = deliver(fx, forward);
      return { ev: ev.map((e) => ({ ...e, seq: 0 })), provider: totalOf(fx, provider), fee: fx.engine.feeAccountMicros };
    };
    const zero = run([]);
    expect(zero.ev.some((e) => e.type === EventType.FORWARD_TAKE_RATE_CHARGED)).toBe(false);
    expect(zero.fee).toBe(0);
    expect(run([['fee.takeRateBps:SPOT', 3_000]])).toEqual(zero);
  });

  it('is charged to providers only: the broker delivering to a consumer pays none', () => {
    const { fx, forward, provider } = forwardWorld();
    setFee(fx, 'fee.takeRateBps:FORWARD', 500);
    sellForward(fx, provider, forward, 500_000, 10);
    fx.sell(fx.broker, 600_000, 6, { seriesId: forward });
    fx.buy(fx.consumers[0]!, 600_000, 6, { seriesId: forward, tif: TimeInForce.IOC });
    const ev = deliver(fx, forward);
    expect(ofType(ev, EventType.FORWARD_TAKE_RATE_CHARGED).map((e) => e.accountId)).toEqual([provider]);
    expect(fx.engine.feeAccountMicros).toBe(feeMicros(5 * PAT, 500));
  });
});

describe('the forward take rate in replay, snapshots and settlement', () => {
  /** A provider with 100 PAT that pledged 50 rights to the next window's forward, every command recorded as a journal holds it. */
  function recorded(): { fx: EngineFixture; journal: RecordedJournal; forward: number; provider: number } {
    const { fx, journal } = journaledFixture({ providers: 1 });
    const provider = fx.providers[0]!;
    fx.deposit(provider, 100 * PAT);
    fx.newSeries({ openAtMs: OPEN });
    const forward = fx.newSeries({ openAtMs: OPEN, seriesKind: SeriesKind.FORWARD });
    fx.declareCapacity(provider, 50, forward);
    return { fx, journal, forward, provider };
  }

  it('a journal replayed (with and without events) and a snapshot decoded give the same fee account and state hash', () => {
    const { fx, journal, forward, provider } = recorded();
    setFee(fx, 'fee.takeRateBps:FORWARD', 450);
    sellForward(fx, provider, forward, 640_000, 20);
    deliver(fx, forward);
    expect(fx.engine.feeAccountMicros).toBe(feeMicros(20 * 640_000, 450));
    const { replayed, snapshot } = expectReplaysAgree(fx, journal);
    expect(replayed.feeAccountMicros).toBe(fx.engine.feeAccountMicros);
    expect(snapshot.feeAccountMicros).toBe(fx.engine.feeAccountMicros);
  });

  it('the netting moves the take rate from the provider to the batch\'s fee and shows it in its statement', () => {
    const { fx, forward, provider } = forwardWorld();
    setFee(fx, 'fee.takeRateBps:FORWARD', 500);
    const events: EngineEvent[] = [];
    fx.sell(provider, 500_000, 10, { seriesId: forward });
    events.push(...fx.buy(fx.broker, 500_000, 10, { seriesId: forward, tif: TimeInForce.IOC }));
    events.push(...deliver(fx, forward));
    const n = new Netting(0, (id) => fx.acct(id).role === Role.PROVIDER, () => [], forwardRulesOf(fx.engine));
    n.add(events, fx.engine.lastSeq);
    const fee = feeMicros(5 * PAT, 500);
    const { cut } = n.cut(1, addr);
    expect(cut.batch.feeWei).toBe(BigInt(fee) * 10n ** 12n);
    const i = cut.balanceAccounts.indexOf(provider);
    expect(cut.batch.balances[i]!.deltaWei).toBe(BigInt(5 * PAT - fee) * 10n ** 12n);
    // The batch balances: every account's delta and the fee sum to zero.
    expect(cut.batch.balances.reduce((s, b) => s + b.deltaWei, 0n) + cut.batch.feeWei).toBe(0n);
    const statement = cut.statements.find((s) => s.accountId === provider)!;
    expect(statement.feesMicros).toBe(fee);
    expect(statement.forward).toMatchObject({ fills: 1, qty: 10, grossMicros: 5 * PAT, deliveredQty: 10, proceedsMicros: 5 * PAT, takeRateMicros: fee });
  });
});
