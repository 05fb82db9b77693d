/**
 * Golden replays: fixed command streams (the property tests' seeded streams and the
 * benchmark workload) applied to the engine must give the recorded state hash and the
 * recorded events, byte for byte (the SHA-256 of their JSON). Recorded before the
 * engine is split by concern (issue 20): the split must change nothing here.
 *
 * Regenerate only when behaviour changes on purpose, and say why in the commit:
 *   PATX_GOLDEN_WRITE=1 npx vitest run test/engine/golden-replay.test.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWorkload, WORKLOAD_START_MS } from '../../bench/workload.js';
import { EmbeddedEngine } from '../../src/engine/embedded.js';
import { Engine, stateHash, type Command, type EngineEvent, type EngineLimits } from '../../src/engine/index.js';
import { commandStream, engineLimits, scenarioFor, START_MS } from '../support/property-stream.js';
import { ReferenceExchange } from '../support/reference-exchange.js';
import { escrowSetup, escrowStream } from '../support/escrow-stream.js';

const FILE = path.join(import.meta.dirname, 'golden', 'engine-replay.json');
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const COMMANDS = 3_000;
const WORKLOAD_OPS = 100_000;

interface Golden {
  name: string;
  commands: number;
  stateHash: string;
  eventsSha256: string;
}

/** Hashes events as JSON, one line each (bigints as strings): what a byte-for-byte comparison needs. */
class EventDigest {
  private readonly hash = createHash('sha256');
  add(events: readonly EngineEvent[]): void {
    for (const e of events) this.hash.update(JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) + '\n');
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/** A stream as journaled: each command with its time. */
type Timed = Array<{ cmd: Command; timeMs: number }>;

/**
 * The stream applied within `Engine.withoutEvents` (recovery's path, which skips making the
 * order path's events): the state, and the trade ids handed out, must be what it was with them.
 */
function replayedWithoutEvents(stream: Timed, limits: Partial<EngineLimits>): { stateHash: string; nextTradeId: number } {
  const engine = new Engine(limits);
  const dropped: EngineEvent[] = [];
  engine.withoutEvents(() => {
    for (const { cmd, timeMs } of stream) engine.apply(cmd, engine.lastSeq + 1, timeMs, dropped);
  });
  return { stateHash: stateHash(engine), nextTradeId: engine.nextTradeId };
}

interface Replayed {
  golden: Golden;
  stream: Timed;
  limits: Partial<EngineLimits>;
  nextTradeId: number;
}

function replaySeed(seed: number): Replayed {
  const scenario = scenarioFor(seed);
  const limits = engineLimits(scenario);
  const engine = new EmbeddedEngine(limits, START_MS);
  const ref = new ReferenceExchange(scenario.limits);
  const digest = new EventDigest();
  const stream: Timed = [];
  for (const step of commandStream(seed, ref, COMMANDS)) {
    ref.apply(step.cmd, step.timeMs);
    digest.add(engine.submit(step.cmd, step.timeMs));
    stream.push({ cmd: step.cmd, timeMs: step.timeMs });
  }
  const golden = { name: `property seed ${seed}`, commands: stream.length, stateHash: stateHash(engine.engine), eventsSha256: digest.digest() };
  return { golden, stream, limits, nextTradeId: engine.engine.nextTradeId };
}

/** The workload under `rules` (0: the stream as recorded before rules existed, 10^12 declared; 1: under the bound). */
function replayWorkload(rules: number): Replayed {
  const w = generateWorkload(WORKLOAD_OPS, 42, rules);
  const engine = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const digest = new EventDigest();
  const events: EngineEvent[] = [];
  const stream: Timed = [];
  for (const cmd of [...w.setup, ...w.ops]) {
    events.length = 0;
    engine.submitInto(cmd, events);
    digest.add(events);
    stream.push({ cmd, timeMs: WORKLOAD_START_MS });
  }
  const golden = { name: `workload ${WORKLOAD_OPS} ops seed 42${rules > 0 ? `, rules ${rules}` : ''}`, commands: stream.length, stateHash: stateHash(engine.engine), eventsSha256: digest.digest() };
  return { golden, stream, limits: {}, nextTradeId: engine.engine.nextTradeId };
}

/** Rights by sale, escrow and claims (rules 3): the escrow property test's stream (test/support/escrow-stream.ts). */
function replayEscrow(seed: number): Replayed {
  const engine = new EmbeddedEngine({}, 0);
  const digest = new EventDigest();
  const stream: Timed = [];
  const apply = (t: { cmd: Command; timeMs: number }): void => {
    digest.add(engine.submit(t.cmd, t.timeMs));
    stream.push(t);
  };
  for (const t of escrowSetup()) apply(t);
  for (const t of escrowStream(seed, engine.engine, 1_500)) apply(t);
  const golden = { name: `escrow seed ${seed}, rules 3`, commands: stream.length, stateHash: stateHash(engine.engine), eventsSha256: digest.digest() };
  return { golden, stream, limits: {}, nextTradeId: engine.engine.nextTradeId };
}

describe('golden replays (recorded before the engine split)', () => {
  const replayed = [...SEEDS.map(replaySeed), replayWorkload(0), replayWorkload(1), replayEscrow(1), replayEscrow(2)];

  it('give the recorded state hashes and events', () => {
    const got = replayed.map((r) => r.golden);
    if (process.env.PATX_GOLDEN_WRITE === '1') writeFileSync(FILE, JSON.stringify(got, null, 2) + '\n');
    const want = JSON.parse(readFileSync(FILE, 'utf8')) as Golden[];
    expect(got).toEqual(want);
  });

  it('replayed with their events dropped (Engine.withoutEvents) reach the same state and trade ids', () => {
    for (const r of replayed) {
      expect(r.nextTradeId, r.golden.name).toBeGreaterThan(1);
      expect(replayedWithoutEvents(r.stream, r.limits), r.golden.name).toEqual({ stateHash: r.golden.stateHash, nextTradeId: r.nextTradeId });
    }
  });
});
