/**
 * PATX against a plain C++ price-time book on the same operation stream (issue 21:
 * "at least 0.6× a C++ price-time book measured on the same machine in the same run";
 * "500k resting orders within 0.6× of the 2k figure").
 *
 *   npm run bench:cpp -- [--ops 1000000] [--runs 5] [--seed 42] [--deep 500000] [--touch 500000]
 *                        [--streams default,broker,deep,touch] [--warmup 1] [--profile]
 *                        [--liquibook DIR]   (or LIQUIBOOK_DIR=DIR)
 *
 * 1. Compiles bench/cpp/book.cpp with `g++ -O2 -std=c++17` into a temp dir (kept, by
 *    source hash, so later runs reuse it; bench/cpp/book-binary.ts, shared with
 *    bench/many-series.bench.ts, which runs the same book over N series).
 * 2. Exports the engine benchmark's workload (bench/workload.ts) as the C++ book's binary
 *    stream (bench/cpp/export-workload.ts), running it through a real engine on the way
 *    to map engine order ids to records and to record the engine's fills.
 * 3. For the default workload (the project's own: a few hundred orders resting over many
 *    accounts), the broker-shaped one (bench/broker-workload.ts, issue 79: one account holds
 *    every bid, about 2,500 orders rest, random cancels; target PATX ÷ liquibook ≥ 0.6 on the
 *    production path: PATX's events made into objects as the sequencer makes them, timed in
 *    every round beside the records figure the other variants print) and the two deep-book variants (`--deep` orders resting behind
 *    the workload's prices before timing, `--touch` orders resting at them, in the queues the
 *    workload's own orders join and are cancelled from: export-workload.ts's deepPrefill; 0
 *    skips a variant), alternates --runs times: the C++ binary (a fresh
 *    process: reads the stream, one untimed warm-up pass, then a timed pass on a fresh
 *    book) and PATX's EmbeddedEngine in this process (fresh engine, every check on and
 *    events produced, as bench/engine.bench.ts's in-process figure; one untimed PATX run of
 *    the default stream first and, before each variant's rounds, one of that variant's stream on
 *    each path it times, as each C++ process's warm-up pass on the stream it times, unless
 *    --warmup 0). Every C++ run's
 *    fills (count, total qty, hash of (price, qty) in order, hash of (maker, taker)) must
 *    equal the engine's on the same stream, or the bench stops.
 *
 * 3a. --liquibook DIR (a checkout of github.com/enewhuis/liquibook; not kept in this project):
 *    the same driver on liquibook's OrderBook (bench/cpp/liquibook-book.h), the book issue 21
 *    measured PATX against, runs beside the C++ book in every round (C++ book, liquibook,
 *    PATX), its fills checked the same way. On the touch variant a liquibook pass takes
 *    minutes (its cancel scans the orders at the price), so it runs once, with no warm-up
 *    pass, in the first round only.
 *
 * 4. --profile: after a variant's runs, one more PATX run of it under the V8 sampling
 *    profiler, the 15 functions with the most self time (where PATX's time goes against
 *    the C++ book's, and what a deep book adds).
 *
 * Each figure is printed as a median with its runs and handed to the collector
 * (bench/measure-all.ts) as a `FIGURE` line with every run's value: ops/s of each side,
 * PATX / C++ of each pair (a C++ run and the PATX run after it), and deep ÷ default of
 * run i of the deep variant over run i of the default one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddedEngine, RejectReason, type EngineEvent } from '../src/engine/index.js';
import { compileBook, compilerDescription, cppOpsPerSec, runCpp, sameFills, type CppRun } from './cpp/book-binary.js';
import { baseWorkload, buildStream, withIdMap, type Stream } from './cpp/export-workload.js';
import { generateBrokerWorkload } from './broker-workload.js';
import { fmt, gc, loadavg, machine, median, printTopSelf, profiled, reportFigure } from './support/figures.js';
import { runOps, WORKLOAD_START_MS } from './workload.js';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '42' },
    deep: { type: 'string', default: '500000' },
    touch: { type: 'string', default: '500000' },
    warmup: { type: 'string', default: '1' },
    profile: { type: 'boolean', default: false },
    streams: { type: 'string', default: 'default,broker,deep,touch' },
    liquibook: { type: 'string', default: process.env.LIQUIBOOK_DIR ?? '' },
  },
});
const OPS = Number(values.ops);
const RUNS = Number(values.runs);
const SEED = Number(values.seed);
const DEEP = Number(values.deep);
const TOUCH = Number(values.touch);
const WARMUP = Number(values.warmup);
const STREAMS = new Set(values.streams.split(','));

function spread(xs: readonly number[], f: (n: number) => string = fmt): string {
  return `median ${f(median(xs))} (range ${f(Math.min(...xs))}–${f(Math.max(...xs))}; runs ${xs.map(f).join(', ')})`;
}

/**
 * PATX's in-process figure, as bench/engine.bench.ts measures it: setup (and prefill) untimed, then the ops,
 * their events written as records (event-log.ts); with `objects`, made into event objects by `Engine.apply`
 * as the sequencer has them made for the gateway, market data and read models (the production path).
 */
function runPatx(stream: Stream, objects = false): { opsPerSec: number; events: number } {
  const engine = preparedEngine(stream);
  // Each C++ run is a fresh process; PATX's share this one with the million commands of every stream (about 270 MB)
  // and the engines of the runs before it. Collected here, as bench:series does before each timed run, so that a
  // mark-compact of that garbage (87 ms inside a 550 ms run of the event objects' path, 2026-11-30) is not charged to
  // the run; a collection the run's own promotions bring on is still timed.
  gc();
  return runOps(engine, stream.ops, objects);
}

function preparedEngine(stream: Stream): EmbeddedEngine {
  const engine = new EmbeddedEngine(stream.limits, WORKLOAD_START_MS);
  const out: EngineEvent[] = [];
  for (const c of stream.setup) engine.submitInto(c, out);
  for (const c of stream.prefill) {
    engine.submitInto(c, out);
    out.length = 0;
  }
  return engine;
}

/**
 * --profile: one more PATX run of the stream under the sampling profiler (setup and prefill outside it); with
 * `objects`, of the production path (events made into objects), which the broker stream's target is on.
 */
async function profilePatx(name: string, stream: Stream, objects: boolean): Promise<void> {
  const engine = preparedEngine(stream);
  let opsPerSec = 0;
  const profile = await profiled(() => {
    opsPerSec = runOps(engine, stream.ops, objects).opsPerSec;
  });
  console.log(`  CPU profile of one PATX run of ${name}${objects ? ' with event objects' : ''} (${fmt(opsPerSec)} ops/s under the profiler):`);
  printTopSelf(profile, 15);
}

const REASON_NAMES = new Map<number, string>(Object.entries(RejectReason).map(([k, v]) => [v, k]));

interface VariantResult {
  name: string;
  /** The variant in figure names. */
  label: string;
  cpp: number[];
  patx: number[];
}

/** The compiled books: book.cpp's own, and liquibook's when --liquibook names a checkout. */
interface Books {
  cpp: string;
  liquibook?: string;
}

/** One run of a compiled book on the stream file; stops the bench unless its fills equal the engine's. */
function runChecked(bin: string, file: string, engine: Stream['engine'], warmup = WARMUP): CppRun {
  const run = runCpp(bin, file, { warmup });
  if (!sameFills(run, engine)) {
    throw new Error(`${run.book}'s fills differ from the engine's: ${JSON.stringify(run)}, engine ${JSON.stringify(engine)}`);
  }
  return run;
}

/** How liquibook runs on a variant: every round as the C++ book, or (`once`) in the first round only, without a warm-up pass. */
type LiquibookRuns = 'every' | 'once';

async function runVariant(
  name: string,
  label: string,
  stream: Stream,
  books: Books,
  dir: string,
  liquibookRuns: LiquibookRuns = 'every',
  /** PATX ÷ liquibook's target, on the production path (PATX's events as objects, timed as well in every round). */
  liquibookTarget?: number,
): Promise<VariantResult> {
  const production = liquibookTarget !== undefined;
  const file = path.join(dir, `${name}.bin`);
  writeFileSync(file, stream.bytes);
  const e = stream.engine;
  const rejects = Object.entries(e.rejects)
    .map(([k, n]) => `${REASON_NAMES.get(Number(k)) ?? k} ${n}`)
    .join(', ');
  console.log(`\n== ${name}: ${stream.ops.length} ops, ${stream.prefill.length} prefill commands (${e.restingAfterPrefill} resting before the ops)`);
  console.log(`  engine on the stream: resting during the ops ${e.restingMin}–${e.restingMax} (end ${e.restingEnd}); ${e.fills} fills, qty ${e.qty}, hashes ${e.hashPriceQty}/${e.hashOrders}; rejects: ${rejects || 'none'}`);
  const cpp: number[] = [];
  const liquibook: number[] = [];
  const patx: number[] = [];
  const patxObjects: number[] = [];
  // Each C++ process makes its untimed warm-up pass on the stream it then times; PATX makes one here on this
  // variant's stream, on each path it times, before the rounds.
  if (WARMUP > 0) {
    runPatx(stream);
    if (production) runPatx(stream, true);
  }
  for (let r = 0; r < RUNS; r++) {
    const c = runChecked(books.cpp, file, e);
    cpp.push(cppOpsPerSec(c));
    let lbText = '';
    if (books.liquibook !== undefined && (liquibookRuns === 'every' || r === 0)) {
      const lb = runChecked(books.liquibook, file, e, liquibookRuns === 'every' ? WARMUP : 0);
      liquibook.push(cppOpsPerSec(lb));
      lbText = `; liquibook ${fmt(liquibook[r]!)} ops/s (fills equal, resting ${lb.resting})`;
    }
    const p = runPatx(stream);
    patx.push(p.opsPerSec);
    let objectsText = '';
    if (production) {
      patxObjects.push(runPatx(stream, true).opsPerSec);
      objectsText = `; PATX with event objects ${fmt(patxObjects[r]!)} ops/s`;
    }
    console.log(`  run ${r + 1}: C++ ${fmt(cpp[r]!)} ops/s (fills equal: ${c.fills}, qty ${c.qty}, rejects ${c.rejects}, resting ${c.resting})${lbText}; PATX ${fmt(p.opsPerSec)} ops/s (${fmt(p.events)} events)${objectsText}`);
  }
  const ratios = patx.map((p, i) => p / cpp[i]!);
  console.log(`  C++ book:        ${spread(cpp)} ops/s`);
  if (liquibook.length > 0) console.log(`  liquibook:       ${spread(liquibook)} ops/s${liquibookRuns === 'once' ? ' (one run, no warm-up pass)' : ''}`);
  console.log(`  PATX (embedded): ${spread(patx)} ops/s`);
  if (production) console.log(`  PATX with event objects (the sequencer's path): ${spread(patxObjects)} ops/s`);
  console.log(`  PATX/C++: ${(median(patx) / median(cpp)).toFixed(2)}× (ratio of medians; per pair ${spread(ratios, (x) => x.toFixed(2))}); target ≥ 0.6×`);
  reportFigure(`C++ book, ${label}`, 'ops/s', cpp, 'higher');
  reportFigure(`PATX, ${label}`, 'ops/s', patx, 'higher');
  reportFigure(`PATX / C++ per pair, ${label}`, '×', ratios, 'higher');
  if (liquibook.length > 0) {
    const lbRatios = liquibook.map((l, i) => patx[i]! / l);
    console.log(`  PATX/liquibook: ${(median(patx) / median(liquibook)).toFixed(2)}× (ratio of medians; per pair ${spread(lbRatios, (x) => x.toFixed(2))})`);
    reportFigure(`liquibook, ${label}`, 'ops/s', liquibook, 'higher');
    reportFigure(`PATX / liquibook per pair, ${label}`, '×', lbRatios, 'higher');
    if (production) {
      // The target is judged on the path the service runs: the sequencer makes every event an object (sequencer.ts, applyBatch).
      const productionRatios = liquibook.map((l, i) => patxObjects[i]! / l);
      const verdict = median(productionRatios) >= liquibookTarget ? 'PASS' : 'FAIL';
      console.log(
        `  PATX with event objects/liquibook: ${(median(patxObjects) / median(liquibook)).toFixed(2)}× (ratio of medians; per pair ${spread(productionRatios, (x) => x.toFixed(2))}); target ≥ ${liquibookTarget}×: ${verdict}`,
      );
      reportFigure(`PATX with event objects, ${label}`, 'ops/s', patxObjects, 'higher');
      reportFigure(`PATX with event objects / liquibook per pair, ${label}`, '×', productionRatios, 'higher');
    }
  }
  if (values.profile) await profilePatx(name, stream, production);
  return { name, label, cpp, patx };
}

/** A deep variant's speed over the default one's, run by run (target ≥ 0.6× for PATX). */
function deepOverDefault(d: VariantResult, deep: VariantResult): void {
  console.log(`\n${deep.name} ÷ default, medians: PATX ${(median(deep.patx) / median(d.patx)).toFixed(2)}× (target ≥ 0.6×), C++ ${(median(deep.cpp) / median(d.cpp)).toFixed(2)}×`);
  // Run i of the deep variant over run i of the default one (the collector's median of these need not equal the ratio of medians above).
  const byRun = (a: number[], b: number[]): number[] => a.map((x, i) => x / b[i]!);
  console.log(`  per run: PATX ${byRun(deep.patx, d.patx).map((x) => x.toFixed(2)).join(', ')}; C++ ${byRun(deep.cpp, d.cpp).map((x) => x.toFixed(2)).join(', ')}`);
  reportFigure(`PATX, ${deep.label} ÷ ${d.label}`, '×', byRun(deep.patx, d.patx), 'higher');
  reportFigure(`C++ book, ${deep.label} ÷ ${d.label}`, '×', byRun(deep.cpp, d.cpp), 'higher');
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${machine()}, load average at start ${loadavg()}`);
  console.log(`ops=${OPS} runs=${RUNS} seed=${SEED} deep=${DEEP} touch=${TOUCH} C++ warm-up passes=${WARMUP}; ${new Date().toISOString()}`);
  const t0 = performance.now();
  const books: Books = { cpp: compileBook() };
  console.log(`C++ book: ${books.cpp} (${compilerDescription()})`);
  if (values.liquibook !== '') {
    books.liquibook = compileBook(values.liquibook);
    console.log(`liquibook: ${books.liquibook}, from ${values.liquibook}`);
  } else {
    console.log('liquibook: not run (--liquibook DIR or LIQUIBOOK_DIR names a checkout of github.com/enewhuis/liquibook)');
  }
  const base = baseWorkload(OPS, SEED);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cpp-'));
  try {
    const defaultStream = buildStream(OPS, SEED, 0, base);
    // As each C++ process makes an untimed warm-up pass: the exporter ran the stream through
    // `Engine.apply`, not the timed loop's `applyToLog`, whose first run would otherwise compile it.
    if (WARMUP > 0) runPatx(defaultStream);
    const d = STREAMS.has('default') ? await runVariant('default', 'default stream', defaultStream, books, dir) : undefined;
    if (STREAMS.has('broker')) {
      const broker = buildStream(OPS, SEED, 0, withIdMap(generateBrokerWorkload(OPS, SEED)));
      await runVariant('broker', 'broker-shaped stream', broker, books, dir, 'every', 0.6);
    }
    if (d === undefined) return;
    if (DEEP > 0 && STREAMS.has('deep')) deepOverDefault(d, await runVariant(`deep-${DEEP}`, `deep stream (${DEEP} resting)`, buildStream(OPS, SEED, DEEP, base), books, dir));
    if (TOUCH > 0 && STREAMS.has('touch')) {
      const stream = buildStream(OPS, SEED, TOUCH, base, 'touch');
      deepOverDefault(d, await runVariant(`touch-${TOUCH}`, `deep stream at the touch (${TOUCH} resting)`, stream, books, dir, 'once'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

await main();
