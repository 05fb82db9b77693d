/**
 * Rights by sale and escrow as properties over seeded random streams (rules 3;
 * test/support/escrow-stream.ts). After every command:
 *   - rights redeemed from provider P ≤ rights P sold (its fills as seller: a provider only
 *     sells, and only its own stock), counted from the events, not the engine's books;
 *   - the supply holds exactly the rights outstanding outside the providers' unsold stock,
 *     and each provider's held proceeds are its lots' and grants' (the fixture's invariants,
 *     with PAT conserved over free, held and locked balances);
 *   - a refused command changes nothing (same state hash);
 *   - PAT moves between accounts only as fills and refunds say.
 * At the end: every provider's stock is burned and every lot's held proceeds released after
 * the close; the stream replayed from scratch (events dropped) and from a snapshot taken
 * midway reaches the same state hash; the final state round-trips through a snapshot.
 *
 *   PATX_ESCROW_SEEDS=100 npx vitest run test/engine/escrow-property.test.ts
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, decodeState, encodeState, Engine, EventType, stateHash, type EngineEvent } from '../../src/engine/index.js';
import { conservationProblems } from '../support/engine-fixture.js';
import { E_CONSUMERS, E_PROVIDERS, ESCROW_SERIES_ID, escrowSetup, escrowStream, type TimedCommand } from '../support/escrow-stream.js';

const SEEDS = Number(process.env.PATX_ESCROW_SEEDS ?? 12);
const COMMANDS = Number(process.env.PATX_ESCROW_COMMANDS ?? 1_500);

function apply(engine: Engine, t: TimedCommand): EngineEvent[] {
  const out: EngineEvent[] = [];
  engine.apply(t.cmd, engine.lastSeq + 1, t.timeMs, out);
  return out;
}

/** The state hash with the last seq and time as they were before a command: what a refusal must leave unchanged. */
function hashAsOf(engine: Engine, lastSeq: number, lastTimeMs: number): string {
  const [seq, time] = [engine.lastSeq, engine.lastTimeMs];
  engine.lastSeq = lastSeq;
  engine.lastTimeMs = lastTimeMs;
  const hash = stateHash(engine);
  engine.lastSeq = seq;
  engine.lastTimeMs = time;
  return hash;
}

function runSeed(seed: number, rules = 3): void {
  const engine = new Engine();
  const stream: TimedCommand[] = [];
  const sold = new Map<number, number>();
  const redeemed = new Map<number, number>();
  const refunds = new Map<number, number>();
  let snapshot: Uint8Array | undefined;
  let snapshotAt = 0;
  const where = (i: number, t: TimedCommand): string => `seed ${seed} command ${i} ${JSON.stringify(t.cmd, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`;
  for (const t of escrowSetup(rules)) {
    stream.push(t);
    const ev = apply(engine, t);
    if (ev.some((e) => e.type === EventType.COMMAND_REJECTED)) throw new Error(`setup refused: ${JSON.stringify(ev)}`);
  }
  let i = 0;
  const outcomes = { claims: 0, refunds: 0, releases: 0, confirms: 0, burns: 0, refusals: 0, evidence: 0, decisions: 0 };
  for (const t of escrowStream(seed, engine, COMMANDS, rules)) {
    const before = stateHash(engine);
    const [seqBefore, timeBefore] = [engine.lastSeq, engine.lastTimeMs];
    const ev = apply(engine, t);
    stream.push(t);
    i++;
    const refused = ev.some((e) => e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED);
    if (refused) {
      outcomes.refusals++;
      if (hashAsOf(engine, seqBefore, timeBefore) !== before) throw new Error(`${where(i, t)}: refused, yet the state changed`);
    }
    for (const e of ev) {
      if (e.type === EventType.FILL) {
        const seller = e.takerSide === 1 ? e.makerAccountId : e.takerAccountId;
        if (E_PROVIDERS.includes(seller)) sold.set(seller, (sold.get(seller) ?? 0) + e.qty);
      } else if (e.type === EventType.RIGHTS_EXERCISED) {
        for (const r of e.redemptions) redeemed.set(r.providerAccountId, (redeemed.get(r.providerAccountId) ?? 0) + r.qty);
      } else if (e.type === EventType.CLAIM_RESOLVED) {
        outcomes.refunds++;
        refunds.set(e.consumerAccountId, (refunds.get(e.consumerAccountId) ?? 0) + e.fromHeldMicros + e.fromProviderMicros);
        if (e.fromHeldMicros + e.fromProviderMicros + e.shortfallMicros !== e.refundMicros) throw new Error(`${where(i, t)}: refund does not add up ${JSON.stringify(e)}`);
        // Rules 5: the provider's free PAT only by an operator's decision.
        if (rules >= 5 && e.fromProviderMicros > 0 && t.cmd.kind !== CommandKind.DECIDE_DISPUTE) throw new Error(`${where(i, t)}: a refund took the provider's free PAT with no decision`);
      } else if (e.type === EventType.CLAIM_FILED || e.type === EventType.DISPUTE_FILED) outcomes.claims++;
      else if (e.type === EventType.DISPUTE_DECIDED) outcomes.decisions++;
      else if (e.type === EventType.DELIVERY_EVIDENCED) outcomes.evidence++;
      else if (e.type === EventType.ESCROW_RELEASED) outcomes[e.grantId === 0 ? 'releases' : 'confirms']++;
      else if (e.type === EventType.RIGHTS_BURNED) outcomes.burns++;
    }
    for (const p of E_PROVIDERS) {
      if ((redeemed.get(p) ?? 0) > (sold.get(p) ?? 0)) throw new Error(`${where(i, t)}: provider ${p} redeemed ${redeemed.get(p)} > sold ${sold.get(p) ?? 0}`);
    }
    const problems = conservationProblems(engine);
    if (problems.length > 0) throw new Error(`${where(i, t)}: ${problems.join('; ')}`);
    if (i === Math.floor(COMMANDS / 2)) {
      snapshot = encodeState(engine);
      snapshotAt = stream.length;
    }
  }
  if (process.env.PATX_ESCROW_VERBOSE === '1') console.log(seed, outcomes);
  const series = engine.series[ESCROW_SERIES_ID]!;
  expect(series.status, `seed ${seed}: the stream crosses the close`).toBe(3);
  for (const p of E_PROVIDERS) {
    const pos = engine.accounts[p]!.positions.get(ESCROW_SERIES_ID);
    // Nothing unsold survives the close: what it minted and did not sell was burned (and no longer counts as minted).
    expect(pos?.ownUnsold ?? 0).toBe(0);
    expect((pos?.available ?? 0) + (pos?.held ?? 0), `seed ${seed} provider ${p}`).toBe(0);
    expect(pos?.minted ?? 0, `seed ${seed} provider ${p}`).toBe(sold.get(p) ?? 0);
  }
  expect(series.supply.heldMicros, `seed ${seed}: nothing held for unexercised rights after the close`).toBe(0);
  for (const c of E_CONSUMERS) expect(refunds.get(c) ?? 0).toBeGreaterThanOrEqual(0);
  // The stream did what it is for (seeds are long enough to meet each outcome).
  expect(outcomes.refusals, `seed ${seed}`).toBeGreaterThan(0);
  expect(outcomes.claims + outcomes.confirms, `seed ${seed}`).toBeGreaterThan(0);
  if (rules >= 5) expect(outcomes.evidence, `seed ${seed}`).toBeGreaterThan(0);

  const hash = stateHash(engine);
  const fresh = new Engine();
  const dropped: EngineEvent[] = [];
  fresh.withoutEvents(() => {
    for (const t of stream) fresh.apply(t.cmd, fresh.lastSeq + 1, t.timeMs, dropped);
  });
  expect(stateHash(fresh), `seed ${seed}: replay`).toBe(hash);
  const resumed = decodeState(snapshot!);
  for (const t of stream.slice(snapshotAt)) apply(resumed, t);
  expect(stateHash(resumed), `seed ${seed}: snapshot + tail`).toBe(hash);
  expect(stateHash(decodeState(encodeState(engine))), `seed ${seed}: round trip`).toBe(hash);
}

describe('rights by sale and escrow over random streams (rules 3)', () => {
  for (let seed = 1; seed <= SEEDS; seed++) it(`seed ${seed}`, () => runSeed(seed));
});

describe('with delivery evidence, disputes and decisions (rules 5)', () => {
  for (let seed = 1; seed <= Math.ceil(SEEDS / 2); seed++) it(`seed ${seed}`, () => runSeed(seed, 5));
});
