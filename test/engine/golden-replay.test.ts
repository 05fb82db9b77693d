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
import { stateHash, type EngineEvent } from '../../src/engine/index.js';
import { commandStream, engineLimits, scenarioFor, START_MS } from '../support/property-stream.js';
import { ReferenceExchange } from '../support/reference-exchange.js';

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

function replaySeed(seed: number): Golden {
  const scenario = scenarioFor(seed);
  const engine = new EmbeddedEngine(engineLimits(scenario), START_MS);
  const ref = new ReferenceExchange(scenario.limits);
  const digest = new EventDigest();
  let commands = 0;
  for (const step of commandStream(seed, ref, COMMANDS)) {
    ref.apply(step.cmd, step.timeMs);
    digest.add(engine.submit(step.cmd, step.timeMs));
    commands++;
  }
  return { name: `property seed ${seed}`, commands, stateHash: stateHash(engine.engine), eventsSha256: digest.digest() };
}

function replayWorkload(): Golden {
  const w = generateWorkload(WORKLOAD_OPS, 42);
  const engine = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const digest = new EventDigest();
  const events: EngineEvent[] = [];
  for (const cmd of [...w.setup, ...w.ops]) {
    events.length = 0;
    engine.submitInto(cmd, events);
    digest.add(events);
  }
  return { name: `workload ${WORKLOAD_OPS} ops seed 42`, commands: w.setup.length + w.ops.length, stateHash: stateHash(engine.engine), eventsSha256: digest.digest() };
}

describe('golden replays (recorded before the engine split)', () => {
  it('give the recorded state hashes and events', () => {
    const got = [...SEEDS.map(replaySeed), replayWorkload()];
    if (process.env.PATX_GOLDEN_WRITE === '1') writeFileSync(FILE, JSON.stringify(got, null, 2) + '\n');
    const want = JSON.parse(readFileSync(FILE, 'utf8')) as Golden[];
    expect(got).toEqual(want);
  });
});
