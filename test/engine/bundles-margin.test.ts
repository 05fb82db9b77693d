/**
 * A bundle under a margin multiple above 1× (docs/catalog.md, "Bundles"; src/engine/products/bundles.ts,
 * BUNDLE_MARGIN_RULES, engine rules 21).
 *
 * An outside audit found any consumer could stop the sequencer with BUY_BUNDLE: each leg was checked alone against the
 * free PAT before any was bought, and all of them together at 1× only, while order entry asks a buy's free PAT to cover
 * its notional × `risk.marginBps` (`risk.thinMarginBps` in a thin series). With 2×, 100 PAT free and two legs of 40 at
 * 1 PAT, leg 2 was refused inside order entry after leg 1 spent 40, filled 0, and BUY_BUNDLE threw BundleInvariantError.
 * Now each leg's collateral is checked against what the legs before it may leave: the bundle is refused whole,
 * INSUFFICIENT_COLLATERAL naming the leg, and nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { BUNDLE_MARGIN_RULES, CURRENT_RULES, RejectReason, type EngineEvent } from '../../src/engine/index.js';
import { CommandKind, conservationProblems, EngineFixture, expectEvent, EventType, HOUR_MS, ofType, PAT, Role, stateSummary, SYSTEM_ACTOR, T0, TimeInForce } from '../support/engine-fixture.js';

const C1 = 'AUTO_INTENT|7D|0.70-0.85';
const C2 = 'AUTO_INTENT|7D|0.85-1.00';

/**
 * Two spot series whose broker asks are `asks[i]` ([price, qty] levels), a consumer with `freeMicros`, engine rules
 * `rules` (at least 3: the broker's stock is bought from a provider's sale) and `params` set by the operator.
 */
function world(rules: number, freeMicros: number, asks: Array<Array<[number, number]>>, params: Record<string, number>): { fx: EngineFixture; consumer: number; ids: number[] } {
  const fx = new EngineFixture({}, T0 + HOUR_MS);
  fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 });
  if (rules > 3) expect(ofType(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules }), EventType.RULES_ADOPTED)).toHaveLength(1);
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  const consumer = fx.newAccount(Role.CONSUMER);
  const provider = fx.newAccount(Role.PROVIDER);
  fx.deposit(fx.broker, 10_000 * PAT);
  fx.deposit(consumer, freeMicros);
  const ids: number[] = [];
  for (const [i, contract] of [C1, C2].entries()) {
    const s = fx.newSeries({ contract });
    ids.push(s);
    fx.declareCapacity(provider, 1_000, s);
    fx.mint(provider, 100, s);
    fx.sell(provider, 500_000, 100, { seriesId: s });
    expectEvent(fx.buy(fx.broker, 500_000, 100, { seriesId: s, tif: TimeInForce.IOC }), EventType.FILL);
    for (const [price, qty] of asks[i]!) fx.sell(fx.broker, price, qty, { seriesId: s });
  }
  for (const [name, value] of Object.entries(params)) {
    expectEvent(fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name, value }), EventType.PARAM_CHANGED);
  }
  return { fx, consumer, ids };
}

function buyBoth(fx: EngineFixture, consumer: number, ids: number[]): EngineEvent[] {
  return fx.submit({ kind: CommandKind.BUY_BUNDLE, actor: consumer, bundleId: 1, legs: [{ seriesId: ids[0]!, qty: 40 }, { seriesId: ids[1]!, qty: 40 }], maxCostMicros: 100 * PAT });
}

/** Refused whole: BUNDLE_REFUSED naming `legIndex`, COMMAND_REJECTED, and the state as it was. */
function expectRefusedWhole(fx: EngineFixture, run: () => EngineEvent[], legIndex: number, seriesId: number): void {
  const before = stateSummary(fx);
  let ev: EngineEvent[] = [];
  expect(() => (ev = run())).not.toThrow();
  const refused = ofType(ev, EventType.BUNDLE_REFUSED);
  expect(refused.map((e) => [e.legIndex, e.seriesId, e.reason])).toEqual([[legIndex, seriesId, RejectReason.INSUFFICIENT_COLLATERAL]]);
  expect(ofType(ev, EventType.COMMAND_REJECTED).map((e) => e.reason)).toEqual([RejectReason.INSUFFICIENT_COLLATERAL]);
  expect(ev).toHaveLength(2);
  expect(stateSummary(fx)).toEqual(before);
  expect(conservationProblems(fx)).toEqual([]);
}

const ONE_LEVEL: Array<Array<[number, number]>> = [[[PAT, 40]], [[PAT, 40]]];

describe('a bundle under a margin multiple above 1×', () => {
  it('is refused whole, not thrown mid-way (the audit: 2×, 100 PAT, two legs of 40 at 1 PAT)', () => {
    expect(CURRENT_RULES).toBeGreaterThanOrEqual(BUNDLE_MARGIN_RULES);
    const { fx, consumer, ids } = world(BUNDLE_MARGIN_RULES, 100 * PAT, ONE_LEVEL, { 'risk.marginBps': 20_000 });
    expectRefusedWhole(fx, () => buyBoth(fx, consumer, ids), 1, ids[1]!);
  });

  it('in a thin series, at risk.thinMarginBps', () => {
    const { fx, consumer, ids } = world(BUNDLE_MARGIN_RULES, 100 * PAT, ONE_LEVEL, { 'risk.thinTradeCount': 1_000, 'risk.thinMarginBps': 20_000 });
    expectRefusedWhole(fx, () => buyBoth(fx, consumer, ids), 1, ids[1]!);
  });

  it('is bought whole when the free PAT covers each leg at the multiple after the legs before it', () => {
    const { fx, consumer, ids } = world(BUNDLE_MARGIN_RULES, 120 * PAT, ONE_LEVEL, { 'risk.marginBps': 20_000 });
    const ev = buyBoth(fx, consumer, ids);
    expect(ofType(ev, EventType.BUNDLE_BOUGHT).map((e) => e.costMicros)).toEqual([80 * PAT]);
    expect(fx.available(consumer)).toBe(40 * PAT);
    expect(conservationProblems(fx)).toEqual([]);
  });

  it('counts the legs before at their limits and fee holds from rules 21, at their cost under 0–20 (replays unchanged)', () => {
    // Leg 1 walks two asks: 20 at 0.5 and 20 at 1 PAT, costing 30 PAT with its limit at 1 PAT (40 held). At 2× leg 2
    // (40 at 1 PAT) needs 80 PAT free after it: 115 − 30 = 85 once bought, 115 − 40 = 75 at what it holds.
    const asks: Array<Array<[number, number]>> = [[[500_000, 20], [PAT, 20]], [[PAT, 40]]];
    const now = world(BUNDLE_MARGIN_RULES, 115 * PAT, asks, { 'risk.marginBps': 20_000 });
    expectRefusedWhole(now.fx, () => buyBoth(now.fx, now.consumer, now.ids), 1, now.ids[1]!);
    // Under rules 20 order entry took it (it filled): a journal may hold it, so it replays as it ran.
    const before = world(BUNDLE_MARGIN_RULES - 1, 115 * PAT, asks, { 'risk.marginBps': 20_000 });
    const ev = buyBoth(before.fx, before.consumer, before.ids);
    expect(ofType(ev, EventType.BUNDLE_BOUGHT).map((e) => e.costMicros)).toEqual([70 * PAT]);
    expect(conservationProblems(before.fx)).toEqual([]);
  });

  it('under rules 0–20 a bundle that would certainly have thrown is refused whole too (such a command was never journaled)', () => {
    const { fx, consumer, ids } = world(BUNDLE_MARGIN_RULES - 1, 100 * PAT, ONE_LEVEL, { 'risk.marginBps': 20_000 });
    expectRefusedWhole(fx, () => buyBoth(fx, consumer, ids), 1, ids[1]!);
  });
});
