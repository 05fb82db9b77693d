/**
 * Engine benchmarks (issue 2). Prints figures; bench/RESULTS.md records them.
 *
 *   npx tsx bench/engine.bench.ts [--ops 1000000] [--runs 5] [--seed 42]
 *
 * Every timed figure is measured --runs times (5 snapshot encodes of one state) and
 * printed as a median with its runs; each is also handed to the collector
 * (bench/measure-all.ts) as a `FIGURE` line with every run's value.
 *
 * 1. In-process: the mixed workload (bench/workload.ts) applied to a fresh
 *    engine, events produced (written to an EventLog) and pre-trade checks on; median
 *    ops/s of --runs. Alternating with it, the same run with the events made objects by
 *    `Engine.apply`, as the sequencer has them made for its readers.
 * 2. Latency: the same stream timed per operation (hrtime), percentiles; --runs
 *    runs, each on a fresh engine.
 * 3. Journaled: the same stream through the Sequencer into a real LMDB journal
 *    (durability 'commit'), acknowledged after commit; commands/s from the first
 *    submit to the last ack. --runs runs, each into a fresh journal.
 * 4. Replay: recovery of each run's journal from scratch (read, decode, apply).
 * 5. Mass quote (tinybench, 1 s per task): the broker replacing a 10-level ladder
 *    per side; --runs runs, each on a fresh engine.
 *
 * 1, 3 and 4 each begin with one untimed run, and the first engine (and sequencer) timed is
 * kept alive, so every timed run measures compiled code (bench/support/compiled-code.ts).
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
import { fmt, loadavg, machine, median, reportFigure, stat } from './support/figures.js';
import { sequenceAll } from './support/sequence-all.js';
import { keepCompiledCode } from './support/compiled-code.js';
import { generateWorkload, runOps, TICK_MICROS, WORKLOAD_START_MS } from './workload.js';

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

function freshEngine(setup: readonly Command[]): EmbeddedEngine {
  const e = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const out: EngineEvent[] = [];
  for (const c of setup) e.submitInto(c, out);
  return e;
}

/** Time to encode the state a run leaves behind (the synchronous part of a snapshot). */
function snapshotEncode(setup: readonly Command[], ops: readonly Command[]): { times: number[]; bytes: number; orders: number } {
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
  return { times, bytes, orders: engine.engine.orders.size };
}

function inProcess(setup: readonly Command[], ops: readonly Command[], objects = false): { opsPerSec: number; events: number } {
  return runOps(freshEngine(setup), ops, objects);
}

interface Latency {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

function latency(setup: readonly Command[], ops: readonly Command[]): Latency {
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
  keepCompiledCode(sequencer);
  const t0 = performance.now();
  await sequenceAll(sequencer, all);
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

const MQ_MOVE = 'mass quote: replace 10+10 levels (all prices move)';
const MQ_SAME = 'mass quote: refresh 10+10 levels (same prices, keeps priority)';

/** One run of both mass-quote tasks on a fresh engine: each task's mean throughput (per s) and mean latency (µs) over its 1 s. */
async function massQuote(setup: readonly Command[]): Promise<Map<string, { perSecond: number; meanUs: number }>> {
  const engine = freshEngine(setup);
  const out: EngineEvent[] = [];
  let shift = 0;
  const ladder = (base: number, dir: number): { priceMicros: number[]; qty: number[] } => ({
    priceMicros: Array.from({ length: 10 }, (_, i) => (base + dir * i) * TICK_MICROS),
    qty: Array.from({ length: 10 }, () => 100),
  });
  const bench = new Bench({ time: 1000 });
  bench.add(MQ_MOVE, () => {
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
  bench.add(MQ_SAME, () => {
    const cmd: MassQuote = { kind: CommandKind.MASS_QUOTE, actor: 1, seriesId: 1, bids: ladder(4_890, -1), asks: ladder(5_110, 1), referencePriceMicros: 0 };
    engine.submitInto(cmd, out);
    out.length = 0;
  });
  await bench.run();
  const results = new Map<string, { perSecond: number; meanUs: number }>();
  for (const task of bench.tasks) {
    const r = task.result;
    if (r === undefined || r.state !== 'completed') throw new Error(`${task.name}: ${r?.state ?? 'no result'}`);
    results.set(task.name, { perSecond: r.throughput.mean, meanUs: r.latency.mean * 1000 });
  }
  return results;
}

async function main(): Promise<void> {
  console.log(`${new Date().toISOString()}; load average at start ${loadavg()}`);
  console.log(`node ${process.version}, ${machine()}, ops=${OPS}, runs=${RUNS}, seed=${SEED}`);
  const t0 = performance.now();
  const { setup, ops } = generateWorkload(OPS, SEED);
  console.log(`workload generated in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${ops.length} ops`);

  // Alternating: the events written as records (src/engine/core/event-log.ts), then the same run
  // with the events made objects by `Engine.apply` (the sequencer's path).
  const rates: number[] = [];
  const objectRates: number[] = [];
  let events = 0;
  // One untimed run of each first: with the first engine kept alive (support/compiled-code.ts),
  // every timed run measures compiled code.
  inProcess(setup, ops);
  inProcess(setup, ops, true);
  for (let r = 0; r < RUNS; r++) {
    const res = inProcess(setup, ops);
    rates.push(res.opsPerSec);
    events = res.events;
    objectRates.push(inProcess(setup, ops, true).opsPerSec);
  }
  console.log(`in-process: median ${fmt(median(rates))} ops/s (runs: ${rates.map(fmt).join(', ')}); ${fmt(events)} events per run`);
  console.log(`in-process, the events as objects (Engine.apply): median ${fmt(median(objectRates))} ops/s (runs: ${objectRates.map(fmt).join(', ')})`);
  reportFigure('in-process throughput', 'ops/s', rates, 'higher');
  reportFigure('in-process throughput, events as objects', 'ops/s', objectRates, 'higher');

  const lats: Latency[] = [];
  for (let r = 0; r < RUNS; r++) lats.push(latency(setup, ops));
  const lat = (k: keyof Latency): number[] => lats.map((l) => l[k]);
  const ns = (n: number): string => n.toFixed(0);
  console.log(
    `latency per op (ns), median (range) of ${RUNS} runs: p50 ${stat(lat('p50'), ns)}, p90 ${stat(lat('p90'), ns)}, p99 ${stat(lat('p99'), ns)}, p99.9 ${stat(lat('p999'), ns)}, max ${stat(lat('max'), ns)}`,
  );
  reportFigure('latency per op, p50', 'ns', lat('p50'), 'lower');
  reportFigure('latency per op, p90', 'ns', lat('p90'), 'lower');
  reportFigure('latency per op, p99', 'ns', lat('p99'), 'lower');
  reportFigure('latency per op, p99.9', 'ns', lat('p999'), 'lower');

  const snap = snapshotEncode(setup, ops);
  console.log(`snapshot encode after the run: ${median(snap.times).toFixed(2)} ms (runs ${snap.times.map((t) => t.toFixed(2)).join(', ')}) for ${fmt(snap.bytes)} bytes (${snap.orders} resting orders, 201 accounts)`);
  reportFigure('snapshot encode', 'ms', snap.times, 'lower');
  reportFigure('snapshot size', 'bytes', [snap.bytes], 'lower', 'exact');

  const all = [...setup, ...ops];
  const journaledRates: number[] = [];
  const replayRates: number[] = [];
  let replayed = 0;
  for (let r = -1; r < RUNS; r++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-bench-'));
    try {
      const commandsPerSec = await journaled(all, dir);
      const rep = replay(dir);
      if (r < 0) continue; // the untimed first round, as for the in-process runs
      journaledRates.push(commandsPerSec);
      replayRates.push(rep.commandsPerSec);
      replayed = rep.commands;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`journaled (acks after LMDB commit): median ${fmt(median(journaledRates))} commands/s (runs: ${journaledRates.map(fmt).join(', ')})`);
  console.log(`replay from journal: median ${fmt(median(replayRates))} commands/s (runs: ${replayRates.map(fmt).join(', ')}; ${fmt(replayed)} commands)`);
  reportFigure('journaled throughput', 'commands/s', journaledRates, 'higher');
  reportFigure('replay throughput', 'commands/s', replayRates, 'higher');

  const quotes = new Map<string, Array<{ perSecond: number; meanUs: number }>>([
    [MQ_MOVE, []],
    [MQ_SAME, []],
  ]);
  for (let r = 0; r < RUNS; r++) for (const [name, result] of await massQuote(setup)) quotes.get(name)!.push(result);
  for (const [name, xs] of quotes) {
    const perSecond = xs.map((x) => x.perSecond);
    console.log(`${name}: median ${fmt(median(perSecond))} per s, mean ${median(xs.map((x) => x.meanUs)).toFixed(2)} µs (runs: ${perSecond.map(fmt).join(', ')} per s)`);
  }
  reportFigure('mass quote, 10+10 levels, all prices move', 'quotes/s', quotes.get(MQ_MOVE)!.map((x) => x.perSecond), 'higher');
  reportFigure('mass quote, 10+10 levels, same prices', 'quotes/s', quotes.get(MQ_SAME)!.map((x) => x.perSecond), 'higher');
  console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s; load average at the end ${loadavg()})`);
}

await main();
