/**
 * Reading ahead (src/engine/durability/prefetch.ts) is pure: the same commands applied with and without it
 * give the same events and state, and nothing a client can put in a command makes it throw.
 */
import { describe, expect, it } from 'vitest';
import { generateWorkload, WORKLOAD_START_MS } from '../../bench/workload.js';
import { listSeries, WORKLOAD_TERMS } from '../../bench/support/bench-series.js';
import { CommandKind, decodeState, encodeState, SeriesStatus, stateHash, type Command, type EngineEvent } from '../../src/engine/index.js';
import { EmbeddedEngine } from '../../src/engine/embedded.js';
import { PREFETCH_GROUP, PREFETCH_MIN_SERIES, prefetchCommands } from '../../src/engine/durability/prefetch.js';

/** The workload's setup with idle series listed after it, enough for reading ahead to read. */
function setup(): Command[] {
  const { setup } = generateWorkload(1, 7);
  return [...setup, ...Array.from({ length: PREFETCH_MIN_SERIES }, (_, i) => listSeries(i + 1, WORKLOAD_TERMS))];
}

function run(cmds: readonly Command[], ops: readonly Command[], readAhead: boolean): { events: EngineEvent[]; hash: string } {
  const ee = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const out: EngineEvent[] = [];
  for (const cmd of cmds) ee.submitInto(cmd, out);
  out.length = 0;
  for (let i = 0; i < ops.length; i++) {
    if (readAhead && i % PREFETCH_GROUP === 0) ee.prefetch(ops, i, Math.min(ops.length, i + PREFETCH_GROUP));
    ee.submitInto(ops[i]!, out);
  }
  return { events: out, hash: stateHash(ee.engine) };
}

describe('reading ahead', () => {
  it('changes nothing: the same events and state with and without it', () => {
    const cmds = setup();
    const { ops } = generateWorkload(30_000, 7);
    const plain = run(cmds, ops, false);
    const ahead = run(cmds, ops, true);
    expect(ahead.hash).toBe(plain.hash);
    expect(ahead.events).toEqual(plain.events);
    expect(plain.events.length).toBeGreaterThan(30_000);
  });

  it('reads nothing below its series threshold, and survives any command', () => {
    const ee = new EmbeddedEngine({}, WORKLOAD_START_MS);
    expect(prefetchCommands(ee.engine, [{ kind: CommandKind.CANCEL_ORDER, actor: 1, orderId: 1, clientOrderId: 0 }], 0, 1)).toBe(0);
    const out: EngineEvent[] = [];
    for (const cmd of setup()) ee.submitInto(cmd, out);
    const odd = [
      undefined,
      { kind: CommandKind.NEW_ORDER, actor: -1, seriesId: 1e12, clientOrderId: 0, side: 9, orderType: 1, tif: 1, priceMicros: 1.5, qty: NaN, expireAtMs: 0, postOnly: false, stp: 1 },
      { kind: CommandKind.NEW_ORDER, actor: 1, seriesId: Number.NaN, clientOrderId: 0, side: 1, orderType: 1, tif: 1, priceMicros: 1, qty: 1, expireAtMs: 0, postOnly: false, stp: 1 },
      { kind: CommandKind.CANCEL_ORDER, actor: 1, orderId: 1.5, clientOrderId: 0 },
      { kind: CommandKind.CANCEL_ORDER, actor: 1, orderId: -3, clientOrderId: 0 },
      { kind: CommandKind.CANCEL_ORDER, actor: 1, orderId: 2 ** 60, clientOrderId: 7 },
    ] as Array<Command | undefined>;
    const before = stateHash(ee.engine);
    expect(Number.isFinite(prefetchCommands(ee.engine, odd, 0, odd.length))).toBe(true);
    expect(stateHash(ee.engine)).toBe(before);
  });

  it('counts live series: listed ones, less the expired, the same after a snapshot', () => {
    const ee = new EmbeddedEngine({}, WORKLOAD_START_MS);
    const out: EngineEvent[] = [];
    for (const cmd of setup()) ee.submitInto(cmd, out);
    const listed = ee.engine.series.length - 1;
    expect(ee.engine.liveSeries).toBe(listed);
    // The 1h windows (every fourth of the idle listings' layout) close first: expire those.
    const closeAt = Math.min(...ee.engine.series.filter((s) => s !== undefined).map((s) => s!.spec.closeAtMs));
    out.length = 0;
    for (const s of ee.engine.series) {
      if (s !== undefined && s.spec.closeAtMs === closeAt) ee.submitInto({ kind: CommandKind.EXPIRE_SERIES, actor: 0, seriesId: s.id, cutoffMs: closeAt }, out, closeAt);
    }
    const expired = ee.engine.series.filter((s) => s?.status === SeriesStatus.EXPIRED).length;
    expect(expired).toBeGreaterThan(0);
    expect(ee.engine.liveSeries).toBe(listed - expired);
    expect(new EmbeddedEngine({}, closeAt, decodeState(encodeState(ee.engine))).engine.liveSeries).toBe(listed - expired);
  });
});
