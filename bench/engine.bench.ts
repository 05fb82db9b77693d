/**
 * Engine benchmarks (issue 2). Prints figures; bench/RESULTS.md records them.
 *
 *   npx tsx bench/engine.bench.ts [--ops 1000000] [--runs 5] [--seed 42]
 *
 * 1. In-process: the mixed workload (bench/workload.ts) applied to a fresh
 *    engine, events produced and pre-trade checks on; median ops/s of --runs.
 * 2. Latency: the same stream timed per operation (hrtime), percentiles.
 * 3. Journaled: the same stream through the Sequencer into a real LMDB journal
 *    (durability 'commit'), acknowledged after commit; commands/s from the first
 *    submit to the last ack.
 * 4. Replay: recovery of that journal from scratch (read, decode, apply).
 * 5. Mass quote (tinybench): the broker replacing a 10-level ladder per side.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import {
  CommandKind,
  EmbeddedEngine,
  encodeState,
  Journal,
  recover,
  Sequencer,
  type Command,
  type EngineEvent,
  type MassQuote,
} from '../src/engine/index.js';
import { generateWorkload, TICK_MICROS, WORKLOAD_START_MS } from './workload.js';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '42' },
  },
});
const OPS = Number(values.ops);
const RUNS = Number(values.runs);
const SEED = Number(values.seed);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0);
}

function freshEngine(setup: readonly Command[]): EmbeddedEngine {
  const e = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const out: EngineEvent[] = [];
  for (const c of setup) e.submitInto(c, out);
  return e;
}

/** Time to encode the state a run leaves behind (the synchronous part of a snapshot). */
function snapshotEncode(setup: readonly Command[], ops: readonly Command[]): { ms: number; bytes: number; orders: number } {
  const engine = freshEngine(setup);
  const out: EngineEvent[] = [];
  for (const cmd of ops) {
    engine.submitInto(cmd, out);
    out.length = 0;
  }
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    bytes = encodeState(engine.engine).length;
    times.push(performance.now() - t0);
  }
  return { ms: median(times), bytes, orders: engine.engine.orders.size };
}

function inProcess(setup: readonly Command[], ops: readonly Command[]): { opsPerSec: number; events: number } {
  const engine = freshEngine(setup);
  const out: EngineEvent[] = [];
  let events = 0;
  const t0 = performance.now();
  for (let i = 0; i < ops.length; i++) {
    engine.submitInto(ops[i]!, out);
    events += out.length;
    out.length = 0;
  }
  const ms = performance.now() - t0;
  return { opsPerSec: (ops.length / ms) * 1000, events };
}

function latency(setup: readonly Command[], ops: readonly Command[]): Record<string, number> {
  const engine = freshEngine(setup);
  const out: EngineEvent[] = [];
  const ns = new Float64Array(ops.length);
  for (let i = 0; i < ops.length; i++) {
    const t0 = process.hrtime.bigint();
    engine.submitInto(ops[i]!, out);
    ns[i] = Number(process.hrtime.bigint() - t0);
    out.length = 0;
  }
  ns.sort();
  const p = (q: number): number => ns[Math.min(ns.length - 1, Math.floor(q * ns.length))]!;
  return { p50: p(0.5), p90: p(0.9), p99: p(0.99), p999: p(0.999), max: ns[ns.length - 1]! };
}

async function journaled(all: readonly Command[], dir: string): Promise<number> {
  const journal = Journal.open(dir, { durability: 'commit' });
  const { engine } = recover(journal);
  const sequencer = new Sequencer(engine, journal, () => WORKLOAD_START_MS, { snapshotEveryCommands: 0, snapshotEveryMs: 0, maxQueuedCommands: all.length + 1 });
  let acked = 0;
  const t0 = performance.now();
  const done = new Promise<void>((resolve) => {
    const ack = (): void => {
      if (++acked === all.length) resolve();
    };
    for (const cmd of all) sequencer.enqueue(cmd, ack);
  });
  await done;
  const ms = performance.now() - t0;
  await sequencer.stop();
  await journal.close();
  return (all.length / ms) * 1000;
}

function replay(dir: string): { commandsPerSec: number; commands: number } {
  const journal = Journal.open(dir, { durability: 'commit', readOnly: true });
  const t0 = performance.now();
  const r = recover(journal, {}, true);
  const ms = performance.now() - t0;
  void journal.close();
  return { commandsPerSec: (r.replayedCommands / ms) * 1000, commands: r.replayedCommands };
}

async function massQuote(setup: readonly Command[]): Promise<void> {
  const engine = freshEngine(setup);
  const out: EngineEvent[] = [];
  let shift = 0;
  const ladder = (base: number, dir: number): { priceMicros: number[]; qty: number[] } => ({
    priceMicros: Array.from({ length: 10 }, (_, i) => (base + dir * i) * TICK_MICROS),
    qty: Array.from({ length: 10 }, () => 100),
  });
  const bench = new Bench({ time: 1000 });
  bench.add('mass quote: replace 10+10 levels (all prices move)', () => {
    shift = (shift + 1) % 5;
    const cmd: MassQuote = {
      kind: CommandKind.MASS_QUOTE,
      actor: 1,
      seriesId: 1,
      bids: ladder(4_900 - shift, -1),
      asks: ladder(5_100 + shift, 1),
      referencePriceMicros: 0,
    };
    engine.submitInto(cmd, out);
    out.length = 0;
  });
  bench.add('mass quote: refresh 10+10 levels (same prices, keeps priority)', () => {
    const cmd: MassQuote = { kind: CommandKind.MASS_QUOTE, actor: 1, seriesId: 1, bids: ladder(4_890, -1), asks: ladder(5_110, 1), referencePriceMicros: 0 };
    engine.submitInto(cmd, out);
    out.length = 0;
  });
  await bench.run();
  for (const task of bench.tasks) {
    const r = task.result;
    if (r === undefined || r.state !== 'completed') continue;
    console.log(`${task.name}: ${fmt(r.throughput.mean)} per s, mean ${(r.latency.mean * 1000).toFixed(2)} µs`);
  }
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ops=${OPS}, seed=${SEED}`);
  const t0 = performance.now();
  const { setup, ops } = generateWorkload(OPS, SEED);
  console.log(`workload generated in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${ops.length} ops`);

  const rates: number[] = [];
  let events = 0;
  for (let r = 0; r < RUNS; r++) {
    const res = inProcess(setup, ops);
    rates.push(res.opsPerSec);
    events = res.events;
  }
  console.log(`in-process: median ${fmt(median(rates))} ops/s (runs: ${rates.map(fmt).join(', ')}); ${fmt(events)} events per run`);

  const lat = latency(setup, ops);
  console.log(`latency per op (ns): p50 ${lat.p50} p90 ${lat.p90} p99 ${lat.p99} p99.9 ${lat.p999} max ${lat.max}`);

  const snap = snapshotEncode(setup, ops);
  console.log(`snapshot encode after the run: ${snap.ms.toFixed(2)} ms for ${fmt(snap.bytes)} bytes (${snap.orders} resting orders, 201 accounts)`);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-bench-'));
  try {
    const all = [...setup, ...ops];
    const rate = await journaled(all, dir);
    console.log(`journaled (acks after LMDB commit): ${fmt(rate)} commands/s`);
    const rep = replay(dir);
    console.log(`replay from journal: ${fmt(rep.commandsPerSec)} commands/s (${fmt(rep.commands)} commands)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await massQuote(setup);
}

await main();
