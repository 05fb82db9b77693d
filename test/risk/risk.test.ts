/**
 * Risk inside the state machine: every risk reject, kill switches, market-maker
 * protection trigger and reset, operator parameter changes taking effect, and
 * all of it surviving snapshot + replay (state hash) and a real LMDB journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CancelReason,
  decodeState,
  encodeState,
  Journal,
  KillScope,
  recover,
  RejectReason,
  Sequencer,
  stateHash,
  type Command,
  type Engine,
  type EngineEvent,
} from '../../src/engine/index.js';
import {
  accepted,
  canceled,
  CommandKind,
  conservation,
  createFixture,
  EventType,
  expectRefused,
  fills,
  ofType,
  PAT,
  prng,
  rejectionName,
  TICK,
  Side,
  TimeInForce,
  versionOneSnapshot,
  type EngineFixture,
} from '../support/engine-fixture.js';

function setParam(fx: EngineFixture, name: string, value: number, actor = fx.operator): EngineEvent[] {
  return fx.submit({ kind: CommandKind.SET_PARAM, actor, name, value });
}

function kill(fx: EngineFixture, scope: KillScope, targetId: number, engaged: boolean, actor = fx.operator): EngineEvent[] {
  return fx.submit({ kind: CommandKind.SET_KILL_SWITCH, actor, scope, targetId, engaged });
}

function resetMmp(fx: EngineFixture, seriesId = fx.seriesId, actor = fx.operator): EngineEvent[] {
  return fx.submit({ kind: CommandKind.RESET_MMP, actor, seriesId });
}

function ok(events: EngineEvent[]): EngineEvent[] {
  expect(rejectionName(events)).toBe('NONE');
  return events;
}

describe('operator parameters', () => {
  it('a change is audited (who, when, old, new) and takes effect', () => {
    const fx = createFixture();
    const ev = ok(setParam(fx, 'risk.maxOrderQty', 50));
    expect(ev).toEqual([{ type: EventType.PARAM_CHANGED, seq: fx.engine.lastSeq, timeMs: fx.nowMs, actor: fx.operator, name: 'risk.maxOrderQty', oldValue: 0, newValue: 50 }]);
    expect(ofType(setParam(fx, 'risk.maxOrderQty', 40), EventType.PARAM_CHANGED)[0]).toMatchObject({ oldValue: 50, newValue: 40 });
    expect(fx.engine.risk.maxOrderQty).toBe(40);
    expect(fx.engine.paramValue('risk.maxOrderQty')).toBe(40);
    const q = ok(setParam(fx, 'quoting.quality:AUTO_INTENT', 0.9));
    expect(ofType(q, EventType.PARAM_CHANGED)[0]).toMatchObject({ oldValue: 0.8, newValue: 0.9 });
  });

  it('refuses unknown names, bad values and non-operators, changing nothing', () => {
    const fx = createFixture();
    expectRefused(fx, RejectReason.UNKNOWN_PARAM, () => setParam(fx, 'risk.nope', 1));
    expectRefused(fx, RejectReason.UNKNOWN_PARAM, () => setParam(fx, 'quoting.quality:bad segment', 0.5));
    expectRefused(fx, RejectReason.PARAM_OUT_OF_RANGE, () => setParam(fx, 'risk.maxOrderQty', -1));
    expectRefused(fx, RejectReason.PARAM_OUT_OF_RANGE, () => setParam(fx, 'risk.maxOrderQty', 1.5));
    expectRefused(fx, RejectReason.PARAM_OUT_OF_RANGE, () => setParam(fx, 'quoting.quality:AUTO_INTENT', 1.01));
    expectRefused(fx, RejectReason.PARAM_OUT_OF_RANGE, () => setParam(fx, 'risk.marginBps', Number.NaN));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => setParam(fx, 'risk.maxOrderQty', 5, fx.broker));
    expect(fx.engine.params.size).toBe(0);
  });
});

describe('pre-trade risk rejects', () => {
  it('ORDER_SIZE_LIMIT: orders, amends and quote levels above risk.maxOrderQty', () => {
    const fx = createFixture();
    ok(setParam(fx, 'risk.maxOrderQty', 10));
    expectRefused(fx, RejectReason.ORDER_SIZE_LIMIT, () => fx.buy(fx.consumers[0]!, PAT, 11));
    const id = fx.place(fx.consumers[0]!, Side.BUY, PAT, 10);
    expectRefused(fx, RejectReason.ORDER_SIZE_LIMIT, () => fx.amend(fx.consumers[0]!, id, 12, PAT));
    ok(fx.massQuote([[900_000, 10]], [[1_100_000, 10]]));
  });

  it('THROTTLED: the n+1-th order in a window, by sequencer time; the next window is fresh; the broker is exempt', () => {
    const fx = createFixture();
    ok(setParam(fx, 'risk.throttleMessages', 2));
    ok(setParam(fx, 'risk.throttleWindowMs', 1_000));
    const c = fx.consumers[0]!;
    ok(fx.buy(c, PAT, 1));
    ok(fx.buy(c, PAT, 1));
    expectRefused(fx, RejectReason.THROTTLED, () => fx.buy(c, PAT, 1));
    ok(fx.buy(fx.consumers[1]!, PAT, 1)); // per account
    for (let i = 0; i < 5; i++) ok(fx.buy(fx.broker, 100_000 + i * 1_000, 1));
    fx.nowMs += 1_000;
    ok(fx.buy(c, PAT, 1));
  });

  it('PRICE_OUTSIDE_BAND: aggressive limits beyond the band around the reference; passive ones pass', () => {
    const fx = createFixture();
    ok(fx.setReference(PAT));
    ok(setParam(fx, 'risk.priceBandBps', 1_000));
    expectRefused(fx, RejectReason.PRICE_OUTSIDE_BAND, () => fx.buy(fx.consumers[0]!, 1_101_000, 1));
    ok(fx.buy(fx.consumers[0]!, 1_100_000, 1));
    ok(fx.buy(fx.consumers[0]!, 500_000, 1));
    expectRefused(fx, RejectReason.PRICE_OUTSIDE_BAND, () => fx.sell(fx.providers[0]!, 899_000, 1));
    ok(fx.sell(fx.providers[0]!, 900_000, 1));
  });

  it('PRICE_OUTSIDE_BAND at a price of a few ticks: from rules 11 the band is at least 5 ticks either side (under 10 it admitted the reference alone)', () => {
    for (const rules of [10, 11]) {
      const fx = createFixture();
      fx.submit({ kind: CommandKind.ADOPT_RULES, actor: 0, version: rules });
      ok(fx.setReference(TICK)); // 0.001 PAT, a cheap option's price
      ok(setParam(fx, 'risk.priceBandBps', 2_000));
      const buyAt = (price: number): string => rejectionName(fx.buy(fx.consumers[0]!, price, 1));
      const sellAt = (price: number): string => rejectionName(fx.sell(fx.providers[0]!, price, 1));
      if (rules === 10) {
        expect([buyAt(2 * TICK), buyAt(TICK)]).toEqual(['PRICE_OUTSIDE_BAND', 'NONE']);
        continue;
      }
      expect([buyAt(3 * TICK), buyAt(6 * TICK), buyAt(7 * TICK)]).toEqual(['NONE', 'NONE', 'PRICE_OUTSIDE_BAND']);
      // On the sell side the floor reaches below the series' lowest price: every price the series allows passes.
      expect(sellAt(TICK)).toBe('NONE');
      // A reference of 1 PAT: 5 ticks is within the 20% band, which decides as before.
      ok(fx.setReference(PAT));
      expect([buyAt(1_200_000), buyAt(1_201_000)]).toEqual(['NONE', 'PRICE_OUTSIDE_BAND']);
    }
  });

  it('POSITION_LIMIT: rights held plus open bids plus the order', () => {
    const fx = createFixture();
    ok(setParam(fx, 'risk.maxPositionQty', 10));
    const c = fx.consumers[0]!;
    fx.place(c, Side.BUY, PAT, 8);
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.buy(c, PAT, 3));
    ok(fx.buy(c, PAT, 2));
  });

  it('INSUFFICIENT_COLLATERAL: a higher margin multiple while the series is thin', () => {
    const fx = createFixture({ consumerMicros: 1_000 * PAT });
    ok(setParam(fx, 'risk.thinTradeCount', 1_000));
    ok(setParam(fx, 'risk.thinMarginBps', 20_000));
    const c = fx.consumers[0]!;
    expectRefused(fx, RejectReason.INSUFFICIENT_COLLATERAL, () => fx.buy(c, PAT, 600)); // needs 1200 PAT free
    ok(fx.buy(c, PAT, 500));
    ok(setParam(fx, 'risk.thinTradeCount', 0)); // no longer thin: 1× margin
    ok(fx.buy(fx.consumers[1]!, PAT, 600));
  });

  it('EXPOSURE_LIMIT_SERIES: broker bids plus rights held, for quotes and orders', () => {
    const fx = createFixture(); // the broker holds 200 rights
    ok(setParam(fx, 'risk.brokerMaxLongSeries', 250));
    expectRefused(fx, RejectReason.EXPOSURE_LIMIT_SERIES, () => fx.massQuote([[400_000, 51]], [[900_000, 10]]));
    ok(fx.massQuote([[400_000, 50]], [[900_000, 10]]));
    // replacing the ladder frees its own bids: the same size again is fine
    ok(fx.massQuote([[410_000, 50]], [[900_000, 10]]));
    expectRefused(fx, RejectReason.EXPOSURE_LIMIT_SERIES, () => fx.buy(fx.broker, 300_000, 1));
    ok(fx.massQuote([], [[900_000, 10]])); // no bids never adds exposure
  });

  it('EXPOSURE_LIMIT_WINDOW: aggregated over the segment\'s series of the same window length', () => {
    const fx = createFixture();
    const other = fx.newSeries({ contract: 'AUTO_INTENT|7D|0.85-1.00' });
    fx.newSeries({ contract: 'AUTO_INTENT|1D|0.85-1.00' }); // another window length: not aggregated
    ok(setParam(fx, 'risk.brokerMaxLongWindow', 300));
    expectRefused(fx, RejectReason.EXPOSURE_LIMIT_WINDOW, () => fx.massQuote([[400_000, 101]], [], 0, fx.broker, other));
    ok(fx.massQuote([[400_000, 100]], [], 0, fx.broker, other));
    expectRefused(fx, RejectReason.EXPOSURE_LIMIT_WINDOW, () => fx.massQuote([[400_000, 1]], [[900_000, 1]]));
  });

  it('role and phase permissions still apply: consumers cannot sell, operators cannot trade', () => {
    const fx = createFixture();
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.sell(fx.consumers[0]!, PAT, 1));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.buy(fx.operator, PAT, 1));
  });
});

describe('kill switches', () => {
  it('account: cancels its resting orders, refuses new ones and amends, still allows cancels; release restores', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const id = fx.place(c, Side.BUY, PAT, 5);
    const other = fx.place(fx.consumers[1]!, Side.BUY, PAT, 5);
    const ev = ok(kill(fx, KillScope.ACCOUNT, c, true));
    expect(ofType(ev, EventType.KILL_SWITCH_CHANGED)[0]).toMatchObject({ actor: fx.operator, scope: KillScope.ACCOUNT, targetId: c, engaged: true });
    expect(canceled(ev).map((e) => [e.orderId, e.reason])).toEqual([[id, CancelReason.KILL_SWITCH]]);
    expect(fx.isLive(other)).toBe(true);
    expectRefused(fx, RejectReason.KILL_SWITCH_ENGAGED, () => fx.buy(c, PAT, 1));
    expectRefused(fx, RejectReason.KILL_SWITCH_UNCHANGED, () => kill(fx, KillScope.ACCOUNT, c, true));
    // cancels still go through (mass cancel of its own, now empty, book is not refused)
    expect(rejectionName(fx.massCancel(c, 1))).toBe('NONE');
    ok(kill(fx, KillScope.ACCOUNT, c, false));
    ok(fx.buy(c, PAT, 1));
  });

  it('series: cancels everything in the series (quotes too), refuses quotes; amends refused, cancels allowed', () => {
    const fx = createFixture();
    const keep = fx.newSeries({ contract: 'AUTO_INTENT|7D|0.85-1.00' });
    ok(fx.massQuote([[400_000, 10]], [[900_000, 10]]));
    const c = fx.consumers[0]!;
    fx.place(c, Side.BUY, 300_000, 5);
    const elsewhere = fx.place(c, Side.BUY, 300_000, 5, { seriesId: keep });
    const ev = ok(kill(fx, KillScope.SERIES, fx.seriesId, true));
    expect(canceled(ev)).toHaveLength(3);
    expect(fx.series().quoteBidIds).toEqual([]);
    expect(fx.isLive(elsewhere)).toBe(true);
    expectRefused(fx, RejectReason.KILL_SWITCH_ENGAGED, () => fx.massQuote([[400_000, 10]], []));
    expectRefused(fx, RejectReason.KILL_SWITCH_ENGAGED, () => fx.buy(c, PAT, 1));
    ok(kill(fx, KillScope.SERIES, fx.seriesId, false));
    ok(fx.massQuote([[400_000, 10]], []));
  });

  it('global: cancels every resting order everywhere and refuses all new ones until released', () => {
    const fx = createFixture();
    const keep = fx.newSeries({ contract: 'AUTO_INTENT|7D|0.85-1.00' });
    fx.place(fx.consumers[0]!, Side.BUY, 300_000, 5);
    const amendable = fx.place(fx.consumers[1]!, Side.BUY, 300_000, 5, { seriesId: keep });
    ok(kill(fx, KillScope.GLOBAL, 0, true));
    expect(fx.engine.orders.size).toBe(0);
    expectRefused(fx, RejectReason.KILL_SWITCH_ENGAGED, () => fx.buy(fx.consumers[1]!, PAT, 1, { seriesId: keep }));
    expect(fx.isLive(amendable)).toBe(false);
    ok(kill(fx, KillScope.GLOBAL, 0, false));
    const id = fx.place(fx.consumers[1]!, Side.BUY, 300_000, 5);
    ok(kill(fx, KillScope.GLOBAL, 0, true));
    expect(fx.isLive(id)).toBe(false);
  });

  it('refuses bad targets and non-operators', () => {
    const fx = createFixture();
    expectRefused(fx, RejectReason.UNKNOWN_ACCOUNT, () => kill(fx, KillScope.ACCOUNT, 999, true));
    expectRefused(fx, RejectReason.UNKNOWN_SERIES, () => kill(fx, KillScope.SERIES, 999, true));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => kill(fx, KillScope.GLOBAL, 0, true, fx.consumers[0]!));
    expectRefused(fx, RejectReason.KILL_SWITCH_UNCHANGED, () => kill(fx, KillScope.GLOBAL, 0, false));
  });

  it('after an account kill its orders are gone: cancelling one names an unknown order', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const id = fx.place(c, Side.BUY, PAT, 5);
    ok(kill(fx, KillScope.ACCOUNT, c, true));
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancel(c, id));
  });
});

describe('market-maker protection', () => {
  function tripped(freezeMs: number): EngineFixture {
    const fx = createFixture();
    ok(setParam(fx, 'risk.mmpQty', 5));
    ok(setParam(fx, 'risk.mmpIntervalMs', 1_000));
    ok(setParam(fx, 'risk.mmpFreezeMs', freezeMs));
    ok(fx.massQuote([[400_000, 10]], [[900_000, 4], [910_000, 10]]));
    const c = fx.consumers[0]!;
    expect(ofType(fx.buy(c, 900_000, 4, { tif: TimeInForce.IOC }), EventType.MMP_TRIGGERED)).toEqual([]); // 4 ≤ 5
    const ev = fx.buy(c, 910_000, 2, { tif: TimeInForce.IOC });
    expect(fills(ev).map((f) => f.qty)).toEqual([2]);
    const trig = ofType(ev, EventType.MMP_TRIGGERED);
    expect(trig).toHaveLength(1);
    expect(trig[0]).toMatchObject({ seriesId: fx.seriesId, filledQty: 6, frozenUntilMs: freezeMs === 0 ? Number.MAX_SAFE_INTEGER : fx.nowMs + freezeMs });
    expect(canceled(ev).every((e) => e.reason === CancelReason.MARKET_MAKER_PROTECTION)).toBe(true);
    expect(canceled(ev)).toHaveLength(2); // the bid and the rest of the second ask
    expect(fx.engine.series[fx.seriesId]!.quoteAskIds).toEqual([]);
    return fx;
  }

  it('trips past the quantity within the interval, pulls the quotes, refuses quotes until an operator reset', () => {
    const fx = tripped(0);
    expectRefused(fx, RejectReason.MMP_TRIGGERED, () => fx.massQuote([[400_000, 10]], []));
    fx.nowMs += 86_400_000;
    expectRefused(fx, RejectReason.MMP_TRIGGERED, () => fx.massQuote([[400_000, 10]], []));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => resetMmp(fx, fx.seriesId, fx.broker));
    const ev = ok(resetMmp(fx));
    expect(ev).toEqual([{ type: EventType.MMP_RESET, seq: fx.engine.lastSeq, timeMs: fx.nowMs, actor: fx.operator, seriesId: fx.seriesId }]);
    ok(fx.massQuote([[400_000, 10]], []));
    expectRefused(fx, RejectReason.MMP_NOT_TRIGGERED, () => resetMmp(fx));
  });

  it('with a freeze time, quotes return by themselves once it has passed', () => {
    const fx = tripped(5_000);
    expectRefused(fx, RejectReason.MMP_TRIGGERED, () => fx.massQuote([[400_000, 10]], []));
    fx.nowMs += 5_000;
    ok(fx.massQuote([[400_000, 10]], []));
  });

  it('fills in separate intervals do not add up', () => {
    const fx = createFixture();
    ok(setParam(fx, 'risk.mmpQty', 5));
    ok(setParam(fx, 'risk.mmpIntervalMs', 1_000));
    ok(fx.massQuote([], [[900_000, 20]]));
    ok(fx.buy(fx.consumers[0]!, 900_000, 4, { tif: TimeInForce.IOC }));
    fx.nowMs += 1_000;
    const ev = fx.buy(fx.consumers[0]!, 900_000, 4, { tif: TimeInForce.IOC });
    expect(ofType(ev, EventType.MMP_TRIGGERED)).toEqual([]);
    expect(accepted(ev)).toHaveLength(1);
  });
});

describe('risk state survives snapshot and replay', () => {
  function riskyFixture(): EngineFixture {
    const fx = createFixture();
    ok(setParam(fx, 'risk.maxOrderQty', 30));
    ok(setParam(fx, 'risk.throttleMessages', 3));
    ok(setParam(fx, 'risk.mmpQty', 5));
    ok(setParam(fx, 'quoting.gamma', 0.25));
    ok(kill(fx, KillScope.ACCOUNT, fx.consumers[1]!, true));
    ok(fx.massQuote([[400_000, 10]], [[900_000, 10]]));
    fx.buy(fx.consumers[0]!, 900_000, 6, { tif: TimeInForce.IOC }); // trips MMP, counts a throttle message
    return fx;
  }

  it('snapshot bytes restore the same state hash, and the restored engine decides the same', () => {
    const fx = riskyFixture();
    const hash = stateHash(fx.engine);
    const restored = decodeState(encodeState(fx.engine));
    expect(stateHash(restored)).toBe(hash);
    expect(restored.risk).toEqual(fx.engine.risk);
    expect(restored.accounts[fx.consumers[1]!]!.killed).toBe(true);
    expect(restored.series[fx.seriesId]!.mmpFrozenUntilMs).toBe(Number.MAX_SAFE_INTEGER);
    // the hash covers the risk state
    fx.engine.killAll = true;
    expect(stateHash(fx.engine)).not.toBe(hash);
    fx.engine.killAll = false;
    const out: EngineEvent[] = [];
    const cmd: Command = { kind: CommandKind.NEW_ORDER, actor: fx.consumers[0]!, seriesId: fx.seriesId, clientOrderId: 0, side: Side.BUY, orderType: 1, tif: 1, priceMicros: PAT, qty: 31, expireAtMs: 0, postOnly: false, stp: 1 };
    restored.apply(cmd, restored.lastSeq + 1, fx.nowMs, out);
    expect(rejectionName(out)).toBe('ORDER_SIZE_LIMIT');
  });

  it('a version-1 snapshot (before the risk section) still decodes, with default risk state', () => {
    const fx = createFixture({ brokerRights: 0 });
    const v1 = versionOneSnapshot(fx.engine);
    const restored = decodeState(v1);
    expect(restored.risk).toEqual(fx.engine.risk);
    expect(stateHash(restored)).toBe(stateHash(fx.engine));
  });

  describe('through the sequencer and a real LMDB journal', () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    });

    it('operator changes, kill switches and MMP are journaled; recovery reaches the same hash and enforces them', async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'patx-risk-'));
      const journal = Journal.open(dir, { durability: 'commit' });
      const { engine } = recover(journal);
      let now = 86_400_000; // one day into the history's series window
      const seq = new Sequencer(engine, journal, () => now);
      const results = [];
      for (const c of replayableHistory()) results.push(await seq.submit(c));
      expect(results.flatMap((r) => r.events).filter((e) => e.type === EventType.MMP_TRIGGERED)).toHaveLength(1);
      now += 1;
      const before = seq.stateHash();
      await seq.stop();
      await journal.close();

      const again = Journal.open(dir, { durability: 'commit' });
      const r = recover(again, {}, true);
      expect(r.stateHash).toBe(before);
      expect(r.engine.risk.maxOrderQty).toBe(30);
      expect(r.engine.params.get('quoting.gamma')).toBe(0.25);
      expect(r.engine.series[1]!.mmpFrozenUntilMs).toBe(Number.MAX_SAFE_INTEGER);
      expect(r.engine.accounts[4]!.killed).toBe(true);
      const out: EngineEvent[] = [];
      r.engine.apply({ kind: CommandKind.MASS_QUOTE, actor: 2, seriesId: 1, bids: { priceMicros: [400_000], qty: [1] }, asks: { priceMicros: [], qty: [] }, referencePriceMicros: 0 }, r.engine.lastSeq + 1, now, out);
      expect(rejectionName(out)).toBe('MMP_TRIGGERED');
      await again.close();
    });
  });
});

/** The commands of a small risky history, from an empty engine. */
function replayableHistory(): Command[] {
  const S = 0;
  const cmds: Command[] = [
    { kind: CommandKind.OPEN_ACCOUNT, actor: S, role: 5, address: '' }, // 1 operator
    { kind: CommandKind.OPEN_ACCOUNT, actor: S, role: 3, address: '' }, // 2 broker
    { kind: CommandKind.OPEN_ACCOUNT, actor: S, role: 1, address: '' }, // 3 consumer
    { kind: CommandKind.OPEN_ACCOUNT, actor: S, role: 2, address: '' }, // 4 provider
    {
      kind: CommandKind.LIST_SERIES, actor: S, contract: 'AUTO_INTENT|7D|0.70-0.85', seriesKind: 1, openAtMs: 0, closeAtMs: 7 * 86_400_000,
      tickMicros: 1_000, lotSize: 1, minPriceMicros: 1_000, maxPriceMicros: 10_000_000, maxOrderQty: 10_000, bandBps: 500,
    },
    { kind: CommandKind.CREDIT_DEPOSIT, actor: S, accountId: 2, amountWei: 10n ** 22n, ref: 'a' },
    { kind: CommandKind.CREDIT_DEPOSIT, actor: S, accountId: 3, amountWei: 10n ** 22n, ref: 'b' },
    { kind: CommandKind.DECLARE_CAPACITY, actor: 4, seriesId: 1, capacity: 1_000 },
    { kind: CommandKind.MINT, actor: 4, seriesId: 1, qty: 100 },
    { kind: CommandKind.NEW_ORDER, actor: 4, seriesId: 1, clientOrderId: 0, side: 2, orderType: 1, tif: 1, priceMicros: 500_000, qty: 50, expireAtMs: 0, postOnly: false, stp: 1 },
    { kind: CommandKind.NEW_ORDER, actor: 2, seriesId: 1, clientOrderId: 0, side: 1, orderType: 1, tif: 3, priceMicros: 500_000, qty: 50, expireAtMs: 0, postOnly: false, stp: 1 },
    { kind: CommandKind.SET_PARAM, actor: 1, name: 'risk.maxOrderQty', value: 30 },
    { kind: CommandKind.SET_PARAM, actor: 1, name: 'risk.mmpQty', value: 5 },
    { kind: CommandKind.SET_PARAM, actor: 1, name: 'quoting.gamma', value: 0.25 },
    { kind: CommandKind.SET_KILL_SWITCH, actor: 1, scope: KillScope.ACCOUNT, targetId: 4, engaged: true },
    { kind: CommandKind.MASS_QUOTE, actor: 2, seriesId: 1, bids: { priceMicros: [400_000], qty: [10] }, asks: { priceMicros: [900_000], qty: [10] }, referencePriceMicros: 0 },
    { kind: CommandKind.NEW_ORDER, actor: 3, seriesId: 1, clientOrderId: 0, side: 1, orderType: 1, tif: 3, priceMicros: 900_000, qty: 6, expireAtMs: 0, postOnly: false, stp: 1 },
  ];
  return cmds;
}

describe('random risk histories (seeded)', () => {
  /**
   * Random operator changes, kill switches, orders, quotes and MMP resets; at a random
   * point the state is snapshotted and restored; both engines then apply the same
   * remaining commands and must agree on every event and on the state hash.
   */
  it('snapshot + the rest of the history equals the whole history', () => {
    const seen = new Map<string, number>();
    const count = (key: string): void => void seen.set(key, (seen.get(key) ?? 0) + 1);
    for (let seed = 1; seed <= 20; seed++) {
      const rand = prng(seed);
      const fx = createFixture({ consumers: 3, providers: 2 });
      const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const cmds: Command[] = [];
      const paramChoices: Array<[string, () => number]> = [
        ['risk.maxOrderQty', () => pick([0, 20, 50])],
        ['risk.priceBandBps', () => pick([0, 500, 2_000])],
        ['risk.throttleMessages', () => pick([0, 3, 10])],
        ['risk.throttleWindowMs', () => pick([1, 1_000, 10_000])],
        ['risk.maxPositionQty', () => pick([0, 30, 100])],
        ['risk.thinTradeCount', () => pick([0, 5, 50])],
        ['risk.thinMarginBps', () => pick([10_000, 15_000])],
        ['risk.brokerMaxLongSeries', () => pick([0, 220, 400])],
        ['risk.mmpQty', () => pick([0, 5, 20])],
        ['risk.mmpFreezeMs', () => pick([0, 2_000])],
        ['quoting.gamma', () => pick([0.5, 10])],
      ];
      for (let i = 0; i < 300; i++) {
        const r = rand();
        const c = pick(fx.consumers);
        const price = 300_000 + Math.floor(rand() * 700) * 1_000;
        if (r < 0.1) {
          const [name, value] = pick(paramChoices);
          cmds.push({ kind: CommandKind.SET_PARAM, actor: fx.operator, name, value: value() });
        } else if (r < 0.14) {
          const scope = pick([KillScope.ACCOUNT, KillScope.SERIES, KillScope.GLOBAL]);
          const targetId = scope === KillScope.ACCOUNT ? c : scope === KillScope.SERIES ? fx.seriesId : 0;
          cmds.push({ kind: CommandKind.SET_KILL_SWITCH, actor: fx.operator, scope, targetId, engaged: rand() < 0.6 });
        } else if (r < 0.17) {
          cmds.push({ kind: CommandKind.RESET_MMP, actor: fx.operator, seriesId: fx.seriesId });
        } else if (r < 0.35) {
          const bid = price - 50_000;
          cmds.push({ kind: CommandKind.MASS_QUOTE, actor: fx.broker, seriesId: fx.seriesId, bids: { priceMicros: [bid, bid - 10_000], qty: [10, 20] }, asks: { priceMicros: [price + 50_000], qty: [15] }, referencePriceMicros: price });
        } else if (r < 0.75) {
          cmds.push({ kind: CommandKind.NEW_ORDER, actor: c, seriesId: fx.seriesId, clientOrderId: 0, side: Side.BUY, orderType: 1, tif: pick([1, 3]) as 1, priceMicros: price + 100_000, qty: 1 + Math.floor(rand() * 30), expireAtMs: 0, postOnly: false, stp: 1 });
        } else if (r < 0.9) {
          cmds.push({ kind: CommandKind.NEW_ORDER, actor: pick(fx.providers), seriesId: fx.seriesId, clientOrderId: 0, side: Side.SELL, orderType: 1, tif: 1, priceMicros: price - 100_000, qty: 1 + Math.floor(rand() * 10), expireAtMs: 0, postOnly: false, stp: 1 });
        } else {
          cmds.push({ kind: CommandKind.MASS_CANCEL, actor: c, scope: 1, accountId: 0, seriesId: 0 });
        }
      }
      const cut = Math.floor(rand() * cmds.length);
      let t = fx.nowMs;
      const times = cmds.map(() => (t += Math.floor(rand() * 1_500)));
      const apply = (engine: Engine, from: number, to: number): EngineEvent[] => {
        const out: EngineEvent[] = [];
        for (let i = from; i < to; i++) engine.apply(cmds[i]!, engine.lastSeq + 1, times[i]!, out);
        return out;
      };
      for (const e of apply(fx.engine, 0, cut)) {
        count(`type ${e.type}`);
        if ((e.type === EventType.ORDER_REJECTED || e.type === EventType.COMMAND_REJECTED) && e.reason >= 50) count(`reason ${e.reason}`);
      }
      const restored = decodeState(encodeState(fx.engine));
      expect(stateHash(restored), `seed ${seed}`).toBe(stateHash(fx.engine));
      const a = apply(fx.engine, cut, cmds.length);
      const b = apply(restored, cut, cmds.length);
      expect(b, `seed ${seed}`).toEqual(a);
      expect(stateHash(restored), `seed ${seed}`).toBe(stateHash(fx.engine));
      conservation(fx.engine);
    }
    // The histories exercise what they claim to: fills, parameter changes, kill switches, MMP and risk rejects.
    for (const key of ['type 3', 'type 20', 'type 21', 'type 22', 'type 23', 'reason 50', 'reason 51', 'reason 53', 'reason 54', 'reason 58']) {
      expect(seen.get(key) ?? 0, key).toBeGreaterThan(0);
    }
  });
});
