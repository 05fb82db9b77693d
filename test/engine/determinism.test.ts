import { describe, expect, it } from 'vitest';
import { generateWorkload, WORKLOAD_START_MS } from '../../bench/workload.js';
import { EmbeddedEngine, decodeState, encodeState, stateHash, type Command, type EngineEvent } from '../../src/engine/index.js';

function run(engine: EmbeddedEngine, cmds: readonly Command[], events?: EngineEvent[]): void {
  const out: EngineEvent[] = events ?? [];
  for (const c of cmds) {
    engine.submitInto(c, out);
    if (events === undefined) out.length = 0;
  }
}

describe('determinism', () => {
  const { setup, ops } = generateWorkload(20_000, 7);
  const all = [...setup, ...ops];

  it('the same commands give the same events and the same state hash', () => {
    const a = new EmbeddedEngine({}, WORKLOAD_START_MS);
    const b = new EmbeddedEngine({}, WORKLOAD_START_MS);
    const eventsA: EngineEvent[] = [];
    const eventsB: EngineEvent[] = [];
    run(a, all, eventsA);
    run(b, all, eventsB);
    expect(eventsA.length).toBeGreaterThan(all.length);
    expect(eventsB).toEqual(eventsA);
    expect(stateHash(b.engine)).toBe(stateHash(a.engine));
  });

  it('a different command stream gives a different hash', () => {
    const a = new EmbeddedEngine({}, WORKLOAD_START_MS);
    const b = new EmbeddedEngine({}, WORKLOAD_START_MS);
    run(a, all);
    run(b, all.slice(0, -1));
    expect(stateHash(b.engine)).not.toBe(stateHash(a.engine));
  });

  it('snapshot bytes round-trip exactly', () => {
    const a = new EmbeddedEngine({}, WORKLOAD_START_MS);
    run(a, all);
    const bytes = encodeState(a.engine);
    expect(encodeState(decodeState(bytes))).toEqual(bytes);
  });

  it.each([1, 250, 5_000, 13_337, all.length - 1])('snapshot after %i commands + tail = full replay', (cut) => {
    const full = new EmbeddedEngine({}, WORKLOAD_START_MS);
    const fullEvents: EngineEvent[] = [];
    run(full, all.slice(0, cut));
    run(full, all.slice(cut), fullEvents);

    const head = new EmbeddedEngine({}, WORKLOAD_START_MS);
    run(head, all.slice(0, cut));
    const restored = EmbeddedEngine.restore(encodeState(head.engine), {}, WORKLOAD_START_MS);
    const tailEvents: EngineEvent[] = [];
    run(restored, all.slice(cut), tailEvents);

    expect(tailEvents).toEqual(fullEvents);
    expect(stateHash(restored.engine)).toBe(stateHash(full.engine));
  });
});
