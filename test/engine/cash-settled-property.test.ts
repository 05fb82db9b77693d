/**
 * Property tests for cash-settled series (docs/synthetics.md, docs/options.md): seeded
 * random streams over one spot window with a SYNTHETIC, a CALL and a PUT on it, traded by
 * institutions, consumers and the broker (limit and IOC orders, cancels, amends, broker spot
 * quotes that move the index, reference price moves, marks at random minutes), then expiry.
 *
 *   1. After every command the fixture's invariants hold (balances never negative; held
 *      = Σ live orders' holds; locked = Σ positions' margin; Σ PAT conserved; in every
 *      cash-settled series positions (and synthetic costs) sum to zero; holders complete),
 *      and a refused command changes nothing.
 *   2. Expiry pays out exactly: Σ payouts = the broker's cover, nothing stays locked, every
 *      position is flat, and no balance is negative.
 *   3. Replaying the stream on a fresh engine, and continuing from a snapshot taken half
 *      way, give the same events and state hash.
 *   4. Streams of their own run under a fee schedule moved at random (docs/fees.md): the same
 *      properties hold, and the fee account holds exactly what the fills charged.
 *   5. Streams of their own run under the current engine rules (adopted at the start; the others
 *      run under rules 0, as the oldest journals do): the same properties hold.
 *
 * A failure names the seed and step; one seed only: PATX_CASH_SEED=7 npx vitest run test/engine/cash-settled-property.test.ts
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_RULES, decodeState, EmbeddedEngine, encodeState, EventType, stateHash, type EngineEvent } from '../../src/engine/index.js';
import { conservationProblems, stateSummary } from '../support/engine-fixture.js';
import { CASH, START, stream } from '../support/cash-settled-stream.js';

const SEEDS = process.env.PATX_CASH_SEED !== undefined ? process.env.PATX_CASH_SEED.split(",").map(Number) : [1, 2, 3, 4, 5, 6];
/** Streams under a moving fee schedule (seeds of their own: the fee-free streams above keep their commands). */
const FEE_SEEDS = process.env.PATX_CASH_SEED !== undefined ? [] : [101, 102, 103];
/** Streams under the current rules, with a fee schedule on one of them. */
const CURRENT_SEEDS = process.env.PATX_CASH_SEED !== undefined ? [] : [201, 202, 203];

describe('cash-settled series under random streams', () => {
  const cases = [
    ...SEEDS.map((seed) => [seed, false, 0] as const),
    ...FEE_SEEDS.map((seed) => [seed, true, 0] as const),
    ...CURRENT_SEEDS.map((seed) => [seed, seed === 203, CURRENT_RULES] as const),
  ];
  it.each(cases)('seed %i (fees: %s, rules %i): invariants after every command, refusals change nothing, expiry pays out exactly, replay and snapshots agree', (seed, withFees, rules) => {
    const cmds = stream(seed, withFees, rules);
    const ee = new EmbeddedEngine({}, START);
    const events: EngineEvent[][] = [];
    let refused = 0;
    let fills = 0;
    let liquidations = 0;
    const half = Math.floor(cmds.length / 2);
    let snapshot: Uint8Array | undefined;
    for (const [i, [cmd, t]] of cmds.entries()) {
      const before = stateSummary(ee.engine);
      const ev = ee.submit(cmd, t);
      events.push(ev);
      const problems = conservationProblems(ee.engine);
      if (problems.length > 0) throw new Error(`seed ${seed} step ${i} (${JSON.stringify(cmd)}):\n  ${problems.join('\n  ')}`);
      if (ev.length === 1 && (ev[0]!.type === EventType.COMMAND_REJECTED || ev[0]!.type === EventType.ORDER_REJECTED)) {
        refused++;
        expect(stateSummary(ee.engine), `seed ${seed} step ${i}: a refusal changed the state`).toEqual(before);
      }
      fills += ev.filter((e) => e.type === EventType.FILL).length;
      liquidations += ev.filter((e) => e.type === EventType.SYNTHETIC_LIQUIDATED).length;
      if (i === half) snapshot = encodeState(ee.engine);
    }
    expect(fills, `seed ${seed}: the stream should trade`).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(0);
    // Fees: what the fills say they charged is what the fee account holds (0 without a schedule).
    const charged = events.flat().reduce((n, e) => n + (e.type === EventType.FILL ? (e.makerFeeMicros ?? 0) + (e.takerFeeMicros ?? 0) : 0), 0);
    expect(ee.engine.feeAccountMicros).toBe(charged);
    if (withFees) expect(charged, `seed ${seed}: fees charged`).toBeGreaterThan(0);
    // 2. Expiry: payouts add up to the broker's cover, nothing locked, every position flat.
    const all = events.flat();
    for (const seriesId of CASH) {
      const settled = all.filter((e) => e.type === EventType.SYNTHETIC_SETTLED && e.seriesId === seriesId);
      const done = all.find((e) => e.type === EventType.SYNTHETIC_SETTLEMENT_COMPLETED && e.seriesId === seriesId);
      expect(done, `seed ${seed}: series ${seriesId} settled`).toBeDefined();
      const sum = settled.reduce((n, e) => n + (e.type === EventType.SYNTHETIC_SETTLED ? e.payoutMicros : 0), 0);
      expect(sum).toBe(done!.type === EventType.SYNTHETIC_SETTLEMENT_COMPLETED ? done.brokerCoverMicros : NaN);
    }
    for (const a of ee.engine.accounts) {
      if (a === undefined) continue;
      expect(a.lockedMicros).toBe(0);
      expect(a.heldMicros).toBe(0);
      expect(a.availableMicros).toBeGreaterThanOrEqual(0);
      for (const id of CASH) expect(a.positions.get(id)?.available ?? 0).toBe(0);
    }
    // 3. Replay from scratch and from the half-way snapshot.
    const replay = new EmbeddedEngine({}, START);
    for (const [i, [cmd, t]] of cmds.entries()) expect(replay.submit(cmd, t), `seed ${seed} step ${i}: replay`).toEqual(events[i]);
    expect(stateHash(replay.engine)).toBe(stateHash(ee.engine));
    const resumed = new EmbeddedEngine({}, START, decodeState(snapshot!));
    for (let i = half + 1; i < cmds.length; i++) expect(resumed.submit(cmds[i]![0], cmds[i]![1]), `seed ${seed} step ${i}: from the snapshot`).toEqual(events[i]);
    expect(stateHash(resumed.engine)).toBe(stateHash(ee.engine));
    if (process.env.PATX_CASH_STATS === "1") console.log(`seed ${seed}: ${cmds.length} commands, ${fills} fills, ${refused} refused, ${liquidations} liquidations`);
  });
});
