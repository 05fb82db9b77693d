/**
 * A consumer dashboard's `rightsHeldNow` (src/app/components/dashboards.ts; docs/dashboards.md):
 * the rights an account holds and may still exercise, so spot rights only, not the call options
 * it bought in phase 4 (contracts, cash-settled). On a real engine.
 */
import { describe, expect, it } from 'vitest';
import { rightsHeldOf } from '../../src/app/components/dashboards.js';
import { CommandKind, SeriesKind, Side, TimeInForce } from '../../src/engine/index.js';
import { createFixture, PAT } from '../support/engine-fixture.js';

describe('rightsHeldNow', () => {
  it("counts an account's free spot rights, not its option contracts", () => {
    const fx = createFixture({ consumers: 2 });
    fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 4 });
    fx.setReference(PAT);
    const call = fx.newSeries({ seriesKind: SeriesKind.CALL, strikeMicros: PAT, maxPriceMicros: PAT });
    const [inst, consumer] = fx.consumers as [number, number];
    fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: inst, qualified: true });
    fx.sell(fx.broker, 600_000, 3);
    fx.buy(consumer, 600_000, 3, { tif: TimeInForce.IOC });
    fx.place(inst, Side.SELL, 100_000, 10, { seriesId: call });
    fx.buy(consumer, 100_000, 10, { seriesId: call, tif: TimeInForce.IOC });
    expect(fx.engine.account(consumer)!.positions.get(call)!.available).toBe(10);
    expect(rightsHeldOf(fx.engine, consumer)).toBe(3);
  });
});
