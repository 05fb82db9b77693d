/**
 * Audit (products): DEFECT — with risk.marginBps above 1× (or risk.thinMarginBps in a thin series), any
 * consumer can make BUY_BUNDLE throw BundleInvariantError, which stops the sequencer (the exchange halts
 * until restarted: src/engine/durability/sequencer.ts applyBatch → fail).
 *
 * bundles.ts `plan` checks each leg with order entry's `checkNewOrder` against the account's free PAT
 * as it is *before* any leg is bought, and the legs' holds together only at 1× (`holdMicros`). Order
 * entry's `collateralShort` (src/risk/checks.ts) asks free PAT ≥ notional × marginBps, so after leg 1
 * spends its notional, leg 2 is refused INSUFFICIENT_COLLATERAL inside `newOrder`, fills 0, and
 * `buyBundle` throws (bundles.ts: "filled 0 of 40 after every leg was checked to fill"). Leg 1 was
 * already bought in memory when it throws.
 *
 * Reproduction: risk.marginBps = 20000; a consumer with 100 PAT; two legs of 40 rights at 1 PAT each
 * (each leg alone: 80 ≤ 100; both at 1×: 80 ≤ 100; after leg 1: 80 > 60).
 * Expected: the bundle is refused whole (BUNDLE_REFUSED, INSUFFICIENT_COLLATERAL), nothing bought, no throw.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EngineFixture, expectEvent, EventType, HOUR_MS, PAT, Role, SYSTEM_ACTOR, T0, TimeInForce } from '../support/engine-fixture.js';

const C1 = 'AUTO_INTENT|7D|0.70-0.85';
const C2 = 'AUTO_INTENT|7D|0.85-1.00';

describe('audit: a bundle under a margin multiple above 1×', () => {
  it.fails('is refused whole, not thrown mid-way (BundleInvariantError stops the sequencer)', () => {
    const fx = new EngineFixture({}, T0 + HOUR_MS);
    fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 });
    fx.operator = fx.newAccount(Role.OPERATOR);
    fx.broker = fx.newAccount(Role.BROKER);
    const consumer = fx.newAccount(Role.CONSUMER);
    const provider = fx.newAccount(Role.PROVIDER);
    fx.deposit(fx.broker, 10_000 * PAT);
    fx.deposit(consumer, 100 * PAT);
    const ids: number[] = [];
    for (const contract of [C1, C2]) {
      const s = fx.newSeries({ contract });
      ids.push(s);
      fx.declareCapacity(provider, 1_000, s);
      fx.mint(provider, 100, s);
      fx.sell(provider, 500_000, 100, { seriesId: s });
      expectEvent(fx.buy(fx.broker, 500_000, 100, { seriesId: s, tif: TimeInForce.IOC }), EventType.FILL);
      fx.sell(fx.broker, PAT, 40, { seriesId: s }); // the broker's ask: 40 at 1 PAT
    }
    expectEvent(fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.marginBps', value: 20_000 }), EventType.PARAM_CHANGED);

    const buy = () => fx.submit({ kind: CommandKind.BUY_BUNDLE, actor: consumer, bundleId: 1, legs: [{ seriesId: ids[0]!, qty: 40 }, { seriesId: ids[1]!, qty: 40 }], maxCostMicros: 100 * PAT });
    expect(buy).not.toThrow(); // today: BundleInvariantError: bundle 1: series 2 filled 0 of 40 after every leg was checked to fill
  });
});
