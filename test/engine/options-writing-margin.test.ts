/**
 * Rules 21 (docs/options.md, "Selling"; src/engine/products/options.ts, WRITER_SALES_MARGIN_RULES): an option writer's
 * sales hold their margin whichever of them fills first.
 *
 * An outside audit found a writer short with no margin locked: a sale's margin was decided when it was placed (the
 * writing margin when its qty passed the long left unoffered, else 0), the units it writes when it fills. A holder long 5
 * that rested a closing sale B of 5 (no margin) and then a writing sale C of 5 (margined) saw C fill first (the position
 * went to 0, writing nothing, C's margin freed) and B then take it to −5 with B's zero margin. From rules 21, once an
 * account's resting sales exceed its long every one of them holds writing margin: C's placement makes B hold its own.
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_RULES, RejectReason, WRITER_SALES_MARGIN_RULES } from '../../src/engine/index.js';
import { CommandKind, conservationProblems, createFixture, expectRefused, fills, PAT, SeriesKind, Side, stateSummary, EventType, ofType, SYSTEM_ACTOR, type EngineFixture } from '../support/engine-fixture.js';

/** Phase 4, a call struck at 1 PAT (spot reference 1 PAT), an institution long 5 calls bought from the broker at 0.1, a consumer to buy. */
function longFive(rules: number): { fx: EngineFixture; call: number; inst: number; consumer: number } {
  const fx = createFixture({ consumers: 2 });
  if (rules > 0) expect(ofType(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules }), EventType.RULES_ADOPTED)).toHaveLength(1);
  fx.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 4 });
  fx.setReference(PAT);
  const call = fx.newSeries({ seriesKind: SeriesKind.CALL, strikeMicros: PAT, maxPriceMicros: PAT });
  const [inst, consumer] = fx.consumers as [number, number];
  fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: inst, qualified: true });
  fx.place(fx.broker, Side.SELL, 100_000, 5, { seriesId: call });
  expect(fills(fx.buy(inst, 100_000, 5, { seriesId: call })).map((f) => f.qty)).toEqual([5]);
  return { fx, call, inst, consumer };
}

// At the money, index 1 PAT: the writing margin per unit is 15% of the index + the premium (docs/options.md).
const MARGIN_AT_0_15 = 150_000 + 150_000;
const MARGIN_AT_0_20 = 150_000 + 200_000;

describe('option writing margin, whichever sale fills first (rules 21)', () => {
  it('a closing sale that fills after a writing sale writes its units with their margin', () => {
    expect(CURRENT_RULES).toBeGreaterThanOrEqual(WRITER_SALES_MARGIN_RULES);
    const { fx, call, inst, consumer } = longFive(WRITER_SALES_MARGIN_RULES);
    const free = fx.available(inst);
    fx.place(inst, Side.SELL, 200_000, 5, { seriesId: call }); // B: closes the 5 long, holds no margin
    expect(fx.held(inst)).toBe(0);
    fx.place(inst, Side.SELL, 150_000, 5, { seriesId: call }); // C: writes; now B holds its writing margin too
    expect(fx.held(inst)).toBe(5 * MARGIN_AT_0_15 + 5 * MARGIN_AT_0_20);
    expect(fx.available(inst)).toBe(free - 5 * MARGIN_AT_0_15 - 5 * MARGIN_AT_0_20);
    expect(conservationProblems(fx)).toEqual([]);

    fx.buy(consumer, 150_000, 5, { seriesId: call }); // C fills first (better price): the position goes to 0, C's margin is freed
    expect(conservationProblems(fx)).toEqual([]);
    expect(fx.held(inst)).toBe(5 * MARGIN_AT_0_20); // B's stays
    fx.buy(consumer, 200_000, 5, { seriesId: call }); // then B, which writes 5
    expect(conservationProblems(fx)).toEqual([]);

    const p = fx.acct(inst).positions.get(call)!;
    expect(p.available + p.held).toBe(-5); // short 5 calls
    expect(p.collateralMicros).toBe(5 * MARGIN_AT_0_20);
    expect(fx.acct(inst).lockedMicros).toBe(5 * MARGIN_AT_0_20);
    expect(fx.held(inst)).toBe(0);
    // What is free can be withdrawn; the lock stays.
    expect(ofType(fx.requestWithdrawal(inst, BigInt(fx.available(inst)) * 10n ** 12n), EventType.WITHDRAWAL_REQUESTED)).toHaveLength(1);
    expect(p.collateralMicros).toBe(5 * MARGIN_AT_0_20);
  });

  it('a writing sale is refused whole when free PAT covers its own margin but not the closing sales it makes hold theirs', () => {
    const { fx, call, inst } = longFive(WRITER_SALES_MARGIN_RULES);
    fx.place(inst, Side.SELL, 200_000, 5, { seriesId: call }); // B: closing
    // Leave the institution enough for C's margin alone (1.5 PAT), not C's and B's (3.25 PAT).
    fx.requestWithdrawal(inst, BigInt(fx.available(inst) - 2 * PAT) * 10n ** 12n);
    expect(fx.available(inst)).toBe(2 * PAT);
    expectRefused(fx, RejectReason.INSUFFICIENT_MARGIN, () => fx.sell(inst, 150_000, 5, { seriesId: call }));
    expect(fx.held(inst)).toBe(0);
    expect(conservationProblems(fx)).toEqual([]);
  });

  it('an amend that makes a closing sale write makes the other closing sales hold their margin', () => {
    const { fx, call, inst, consumer } = longFive(WRITER_SALES_MARGIN_RULES);
    const b = fx.place(inst, Side.SELL, 200_000, 3, { seriesId: call }); // closes 3
    fx.place(inst, Side.SELL, 250_000, 2, { seriesId: call }); // D: closes the other 2
    expect(fx.held(inst)).toBe(0);
    const before = stateSummary(fx);
    // Refused while the free PAT cannot hold both: nothing changes.
    const free = fx.available(inst);
    fx.requestWithdrawal(inst, BigInt(free - 2 * PAT) * 10n ** 12n);
    const poorer = stateSummary(fx);
    expect(poorer).not.toEqual(before);
    const refused = fx.amend(inst, b, 5, 150_000); // B would write 3 (at 0.3 a unit, 1.5 PAT) and D hold 2 × 0.4 = 0.8 PAT
    expect(ofType(refused, EventType.COMMAND_REJECTED).map((e) => e.reason)).toEqual([RejectReason.INSUFFICIENT_MARGIN]);
    expect(stateSummary(fx)).toEqual(poorer);
    fx.deposit(inst, 10 * PAT);
    expect(ofType(fx.amend(inst, b, 5, 150_000), EventType.ORDER_AMENDED)).toHaveLength(1);
    expect(fx.held(inst)).toBe(5 * MARGIN_AT_0_15 + 2 * (150_000 + 250_000));
    expect(conservationProblems(fx)).toEqual([]);
    // Whichever fills first, the 2 written are margined.
    fx.buy(consumer, 150_000, 5, { seriesId: call });
    expect(conservationProblems(fx)).toEqual([]);
    fx.buy(consumer, 250_000, 2, { seriesId: call });
    expect(conservationProblems(fx)).toEqual([]);
    expect(fx.acct(inst).positions.get(call)!.collateralMicros).toBe(2 * (150_000 + 250_000));
  });

  it('under rules 0–20 the journal replays as it ran: the closing sale writes with no margin', () => {
    const { fx, call, inst, consumer } = longFive(WRITER_SALES_MARGIN_RULES - 1);
    fx.place(inst, Side.SELL, 200_000, 5, { seriesId: call });
    fx.place(inst, Side.SELL, 150_000, 5, { seriesId: call });
    expect(fx.held(inst)).toBe(5 * MARGIN_AT_0_15);
    fx.buy(consumer, 150_000, 5, { seriesId: call });
    fx.buy(consumer, 200_000, 5, { seriesId: call });
    const p = fx.acct(inst).positions.get(call)!;
    expect(p.available + p.held).toBe(-5);
    expect(p.collateralMicros).toBe(0);
    expect(conservationProblems(fx)).toEqual([]); // the checker holds rules 21's invariant to states under rules 21 only
  });
});

describe('the fixture checker flags what rules 21 rules out', () => {
  function marginedShort(): { fx: EngineFixture; call: number; inst: number; consumer: number } {
    const w = longFive(WRITER_SALES_MARGIN_RULES);
    w.fx.place(w.inst, Side.SELL, 200_000, 5, { seriesId: w.call });
    w.fx.place(w.inst, Side.SELL, 150_000, 5, { seriesId: w.call });
    return w;
  }

  it('a resting sale beyond the long that holds no margin', () => {
    const { fx, call, inst } = marginedShort();
    expect(conservationProblems(fx)).toEqual([]);
    const account = fx.acct(inst);
    let b = account.firstOrder;
    while (b !== null && !(b.seriesId === call && b.priceMicros === 200_000)) b = b.accountNext;
    const micros = b!.collateralPerUnitMicros * b!.leavesQty;
    b!.collateralPerUnitMicros = 0; // as under rules 0–20
    account.heldMicros -= micros;
    account.availableMicros += micros;
    expect(conservationProblems(fx).join('\n')).toMatch(/resting sales of 10 beyond its long 5, 5 of them without writing margin/);
  });

  it('a written position whose lock is below its writing margin', () => {
    const { fx, call, inst, consumer } = marginedShort();
    fx.buy(consumer, 150_000, 5, { seriesId: call });
    fx.buy(consumer, 200_000, 5, { seriesId: call });
    expect(conservationProblems(fx)).toEqual([]);
    const account = fx.acct(inst);
    const p = account.positions.get(call)!;
    const micros = p.collateralMicros;
    p.collateralMicros = 0; // the audit's short: nothing locked
    account.lockedMicros -= micros;
    account.availableMicros += micros;
    expect(conservationProblems(fx).join('\n')).toMatch(/written option position of 5 locks 0 µPAT, below its writing margin/);
  });
});
