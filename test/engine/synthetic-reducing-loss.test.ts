/**
 * Rules 23 (docs/synthetics.md, "Closing needs no free PAT"; src/engine/products/synthetics.ts, REDUCING_LOSS_RULES): an
 * immediate order that only reduces a synthetic position (rules 13: it holds no margin) still holds the part of the loss
 * its limit carries at the mark that the margin it frees does not cover.
 *
 * An outside audit found rules 13's margin-free close beside rules 14's mark: an account whose PAT is all in its long's
 * lock (20% of the mark) sold it IOC far below the mark into a bid of a second account of its own. The loss fixed at the
 * fill (0.60 a unit at a mark of 1.30) was more than the lock (0.26 a unit); at settlement the broker covered the rest
 * and the second account collected it. A resting sale at the same price holds 0.26 + 0.60 a unit (rules 14) and was
 * refused; the immediate one held nothing. From rules 23 it holds 0.60 − 0.26 = 0.34 a unit (refused without it); a
 * close at or near the mark still needs no free PAT.
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_RULES, REDUCING_LOSS_RULES, type EngineEvent } from '../../src/engine/index.js';
import { CommandKind, conservationProblems, createFixture, EventType, fills, HOUR_MS, ofType, PAT, rejectionName, SeriesKind, Side, SYSTEM_ACTOR, T0, TimeInForce, WINDOW_MS, type EngineFixture } from '../support/engine-fixture.js';

const CLOSE = T0 + WINDOW_MS;

interface World {
  fx: EngineFixture;
  synth: number;
  /** Long 10 at 1.30 with every PAT it has (2.6) in the position's lock. */
  long: number;
  /** Its accomplice, bidding for the 10 at `bidMicros`. */
  bidder: number;
}

/** Phase 3, the spot quoted 1.28/1.32 through the last hour (mark and index 1.30); under `rules`. */
function world(rules: number, bidMicros: number): World {
  const fx = createFixture({ consumers: 3 });
  fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
  fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 3 });
  const synth = fx.newSeries({ seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0 });
  const [long, bidder, seller] = fx.consumers as [number, number, number];
  for (const id of [long, bidder, seller]) fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: id, qualified: true });
  fx.nowMs = CLOSE - 2 * HOUR_MS;
  fx.place(fx.broker, Side.BUY, 1_280_000, 10);
  fx.place(fx.broker, Side.SELL, 1_320_000, 10);
  fx.nowMs = CLOSE - HOUR_MS;
  fx.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: 0 });
  expect(fx.engine.series[synth]!.cashSettled!.markMicros).toBe(1_300_000);
  fx.requestWithdrawal(long, BigInt(fx.available(long) - 2_600_000) * 10n ** 12n); // 20% of 10 at 1.30
  fx.place(seller, Side.SELL, 1_300_000, 10, { seriesId: synth });
  expect(fills(fx.buy(long, 1_300_000, 10, { seriesId: synth })).map((f) => f.qty)).toEqual([10]);
  expect([fx.available(long), fx.acct(long).positions.get(synth)!.collateralMicros]).toEqual([0, 2_600_000]);
  fx.place(bidder, Side.BUY, bidMicros, 10, { seriesId: synth });
  return { fx, synth, long, bidder };
}

const sellIoc = (w: World, priceMicros: number, qty = 10): EngineEvent[] =>
  w.fx.submit({ kind: CommandKind.NEW_ORDER, actor: w.long, seriesId: w.synth, clientOrderId: 0, side: Side.SELL, orderType: 1, tif: TimeInForce.IOC, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: 1 });

function settle(fx: EngineFixture, synth: number): EngineEvent[] {
  fx.nowMs = CLOSE;
  return fx.submit({ kind: CommandKind.EXPIRE_SERIES, actor: 0, seriesId: synth, cutoffMs: CLOSE });
}

describe('rules 23: a margin-free close holds the loss at the mark its freed margin does not cover', () => {
  it('a close far below the mark into an accomplice\'s bid is refused without the PAT for its loss, and holds it when there', () => {
    expect(CURRENT_RULES).toBeGreaterThanOrEqual(REDUCING_LOSS_RULES);
    const w = world(REDUCING_LOSS_RULES, 700_000);
    expect(rejectionName(sellIoc(w, 700_000))).toBe('INSUFFICIENT_MARGIN');
    expect(w.fx.acct(w.long).positions.get(w.synth)!.available).toBe(10);
    // With 3.4 PAT (0.60 lost at the mark less the 0.26 freed, a unit) the close fills, and its loss is paid in full.
    w.fx.deposit(w.long, 3_400_000);
    expect(fills(sellIoc(w, 700_000)).map((f) => f.qty)).toEqual([10]);
    expect(w.fx.acct(w.long).positions.get(w.synth)).toMatchObject({ available: 0, costMicros: 6 * PAT, collateralMicros: 6 * PAT });
    expect(w.fx.available(w.long)).toBe(0);
    expect(conservationProblems(w.fx)).toEqual([]);
    const done = ofType(settle(w.fx, w.synth), EventType.SYNTHETIC_SETTLEMENT_COMPLETED)[0]!;
    expect([done.indexMicros, done.shortfallMicros, done.brokerCoverMicros]).toEqual([1_300_000, 0, 0]);
  });

  it('a close whose loss at the mark its freed margin covers needs no free PAT, as under rules 13', () => {
    const w = world(REDUCING_LOSS_RULES, 1_050_000); // 0.25 a unit below the mark: within the 0.26 it frees
    expect(fills(sellIoc(w, 1_050_000)).map((f) => f.qty)).toEqual([10]);
    expect(w.fx.acct(w.long).positions.get(w.synth)).toMatchObject({ available: 0, costMicros: 2_500_000, collateralMicros: 2_500_000 });
    expect(w.fx.held(w.long)).toBe(0);
    const done = ofType(settle(w.fx, w.synth), EventType.SYNTHETIC_SETTLEMENT_COMPLETED)[0]!;
    expect(done.shortfallMicros).toBe(0);
  });

  it('a partial close holds it per unit too', () => {
    const w = world(REDUCING_LOSS_RULES, 700_000);
    expect(rejectionName(sellIoc(w, 700_000, 5))).toBe('INSUFFICIENT_MARGIN');
    w.fx.deposit(w.long, 1_700_000); // 5 × 0.34
    expect(fills(sellIoc(w, 700_000, 5)).map((f) => f.qty)).toEqual([5]);
    expect(conservationProblems(w.fx)).toEqual([]);
    const done = ofType(settle(w.fx, w.synth), EventType.SYNTHETIC_SETTLEMENT_COMPLETED)[0]!;
    expect(done.shortfallMicros).toBe(0);
  });

  it('under rules 13–22 the journal replays as it ran: the close fills with nothing held and the broker covers the loss at settlement', () => {
    const w = world(REDUCING_LOSS_RULES - 1, 700_000);
    expect(fills(sellIoc(w, 700_000)).map((f) => f.qty)).toEqual([10]);
    expect(w.fx.acct(w.long).positions.get(w.synth)).toMatchObject({ available: 0, costMicros: 6 * PAT, collateralMicros: 2_600_000 });
    const settled = settle(w.fx, w.synth);
    const done = ofType(settled, EventType.SYNTHETIC_SETTLEMENT_COMPLETED)[0]!;
    expect([done.shortfallMicros, done.brokerCoverMicros]).toEqual([3_400_000, 3_400_000]);
    // The accomplice collects the 6 PAT the long could pay 2.6 of.
    const paid = ofType(settled, EventType.SYNTHETIC_SETTLED).find((e) => e.accountId === w.bidder)!;
    expect(paid.payoutMicros).toBe(6 * PAT);
  });
});
