/**
 * The account view lists positions in series id order, whatever order the account first held them in: the
 * engine's map keeps that order, a snapshot's decode does not, and `patx positions` listed the same rows in
 * another order after a restart (src/gateway/views.ts).
 */
import { describe, expect, it } from 'vitest';
import { accountView } from '../../src/gateway/views.js';
import { createFixture, PAT, Side, T0 } from '../support/engine-fixture.js';

describe('the account view', () => {
  it('lists positions by series id, not by when they were first held', () => {
    const fx = createFixture({ consumers: 1 });
    const later = fx.newSeries({ openAtMs: T0 + 7 * 86_400_000 });
    const consumer = fx.consumers[0]!;
    fx.deposit(consumer, 10 * PAT);
    fx.place(consumer, Side.BUY, 500_000, 1, { seriesId: later });
    fx.place(consumer, Side.BUY, 500_000, 1);
    const account = fx.acct(consumer);
    expect([...account.positions.values()].map((p) => p.seriesId)).toEqual([later, fx.seriesId]);
    expect(accountView(fx.engine, account).positions!.map((p) => Number(p.seriesId))).toEqual([fx.seriesId, later]);
  });
});
