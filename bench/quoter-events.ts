/**
 * The quoter's event handling alone (issue 54: its own time ≤ 10% of a journaled run).
 * bench:quoting measures the quoter inside the journaled run, where the journal's and the
 * machine's noise are larger than the differences a change to the per-fill path makes. This
 * records the released turns of one journaled run of bench:quoting's workload with the quoter
 * as configured (its mass quotes, the broker's fills and all), then feeds them to fresh
 * estimates (`QuoterEstimates.apply`, what the service calls on each release) `--passes`
 * times in one process and prints the median pass over the turns after the setup (those the
 * live quoter's busyMs counts: it starts after the setup): a before/after figure for the
 * per-event work with nothing else in it. The setup's turns (listing 1,001 series) are timed
 * apart. The run's busy time is printed split into event handling
 * (`stats.eventsMs`) and timer turns.
 *
 * It also prints a digest of the estimates after the last pass (`toData()`, every number by its
 * bits): a change to the per-event path must leave it as it was. A recorded run's turns depend on
 * the machine's timing, so to compare two versions of the code, save one run's turns and feed
 * the same file to both (`--save`, then `--turns`; a loaded copy's events are decoded objects, so
 * its time per event is not the live one's, only its digest is the point).
 *
 *   npx tsx bench/quoter-events.ts [--ops 1000000 --series 1000 --passes 15]
 *   npx tsx bench/quoter-events.ts --ops 300000 --save .tmp/turns.bin    (--eager: the quoter never yields, so its
 *                                                                         mass quotes are in the turns; then, on each version:)
 *   npx tsx bench/quoter-events.ts --turns .tmp/turns.bin --passes 3      (the same digest = the same estimates)
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx bench/quoter-events.ts   (a profile)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { CommandKind, Journal, recover, Sequencer, SeriesKind, SYSTEM_ACTOR, type Command, type ReleasedBatch } from '../src/engine/index.js';
import { DEFAULT_QUOTING_PARAMS, QuoterEstimates, startQuoting } from '../src/quoting/index.js';
import { loadavg, median } from './support/figures.js';
import { sequenceAll } from './support/sequence-all.js';
import { generateWorkload, WORKLOAD_START_MS } from './workload.js';

const { values } = parseArgs({ options: { series: { type: 'string', default: '1000' }, ops: { type: 'string', default: '1000000' }, passes: { type: 'string', default: '15' }, save: { type: 'string' }, turns: { type: 'string' }, eager: { type: 'boolean', default: false } } });
const SERIES = Number(values.series);
const OPS = Number(values.ops);
const PASSES = Number(values.passes);
const DAY_MS = 86_400_000;

/** bench:quoting's extra series: N spot series in segments of four bands. */
function extraSeries(n: number): Command[] {
  const bands = ['0.50-0.60', '0.60-0.70', '0.70-0.85', '0.85-1.00'];
  return Array.from({ length: n }, (_, i) => ({
    kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: `BENCH_${Math.floor(i / 4)}|7D|${bands[i % 4]}`, seriesKind: SeriesKind.SPOT,
    openAtMs: WORKLOAD_START_MS, closeAtMs: WORKLOAD_START_MS + 7 * DAY_MS, tickMicros: 1_000, lotSize: 1,
    minPriceMicros: 1_000, maxPriceMicros: 10_000_000, maxOrderQty: 100_000, bandBps: 500,
  }));
}

/** One journaled run with the quoter as configured; every released turn kept (the events are new objects per turn). */
async function record(all: readonly Command[], setupCount: number): Promise<{ turns: ReleasedBatch[]; setupTurns: number; brokerId: number; runMs: number; busyMs: number; eventsMs: number; quotes: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-qevents-'));
  try {
    const journal = Journal.open(dir, { durability: 'commit' });
    const { engine } = recover(journal);
    const t0 = performance.now();
    const clock = (): number => WORKLOAD_START_MS + DAY_MS + Math.floor(performance.now() - t0);
    const sequencer = new Sequencer(engine, journal, clock, { snapshotEveryCommands: 0, snapshotEveryMs: 0, maxQueuedCommands: all.length + 1 });
    // From the setup on, so the fresh estimates see the series listed.
    const turns: ReleasedBatch[] = [];
    sequencer.onRelease((batch) => turns.push(batch));
    for (let i = 0; i < setupCount; i++) sequencer.enqueue(all[i]!);
    await sequencer.drain();
    const setupTurns = turns.length;
    // --eager: never yielding (bench:quoting's other variant), so the turns hold its mass quotes too.
    const quoter = startQuoting({ engine, sequencer, clock, maxQueueDepth: values.eager ? Infinity : 1_000 });
    const start = performance.now();
    await sequenceAll(sequencer, all, setupCount);
    const runMs = performance.now() - start;
    const { busyMs, eventsMs, quotesSent: quotes } = quoter.stats;
    quoter.stop();
    await sequencer.stop();
    await journal.close();
    return { turns, setupTurns, brokerId: engine.brokerId, runMs, busyMs, eventsMs, quotes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The estimates as data, every number by its bits (NaN and −0 included) and keys sorted: equal digests, the same
 * estimates bit for bit, whatever the order in which a class declares its fields.
 */
function digest(data: unknown): string {
  const f64 = new Float64Array(1);
  const bits = new BigUint64Array(f64.buffer);
  const canon = (v: unknown): unknown => {
    if (typeof v === 'number') {
      f64[0] = v;
      return `f${bits[0]!.toString(16)}`;
    }
    if (typeof v === 'bigint') return `n${v}`;
    if (Array.isArray(v)) return v.map(canon);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]));
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canon(data))).digest('hex').slice(0, 16);
}

console.log(`${new Date().toISOString()}; load average at start ${loadavg()}; node ${process.version}; series=${SERIES}, ops=${OPS}, passes=${PASSES}`);
let run: Awaited<ReturnType<typeof record>>;
if (values.turns !== undefined) {
  run = deserialize(readFileSync(values.turns)) as typeof run;
  console.log(`loaded ${values.turns} (decoded events: the time per event is not the live one's; the digest is the point)`);
} else {
  const { setup, ops } = generateWorkload(OPS, 42);
  const all = [...setup, ...extraSeries(SERIES), ...ops];
  run = await record(all, all.length - OPS);
}
if (values.save !== undefined) writeFileSync(values.save, serialize(run));
const runTurns = run.turns.slice(run.setupTurns);
const setupTurns = run.turns.slice(0, run.setupTurns);
const events = runTurns.reduce((n, t) => n + t.events.length, 0);
console.log(`recorded ${run.setupTurns} setup turns and ${runTurns.length} turns, ${events} events, with the quoter; the run ${run.runMs.toFixed(0)} ms, the quoter busy ${run.busyMs.toFixed(0)} ms (${((100 * run.busyMs) / run.runMs).toFixed(1)}%): events ${run.eventsMs.toFixed(0)} ms, timer turns ${(run.busyMs - run.eventsMs).toFixed(0)} ms (${run.quotes} mass quotes)`);

const times: number[] = [];
const setupTimes: number[] = [];
let also = 0;
const onOther = (): void => void also++;
let last: QuoterEstimates | undefined;
for (let p = 0; p < PASSES; p++) {
  // A fresh copy each pass, as the service starts: the listing events in the setup turns track the series. The
  // setup is timed apart: the live quoter starts after it (its series tracked at start), so busyMs has none of it.
  const estimates = new QuoterEstimates(DEFAULT_QUOTING_PARAMS, run.brokerId);
  const t0 = performance.now();
  for (const turn of setupTurns) estimates.apply(turn, onOther);
  const t1 = performance.now();
  for (const turn of runTurns) estimates.apply(turn, onOther);
  times.push(performance.now() - t1);
  setupTimes.push(t1 - t0);
  last = estimates;
}
const range = (xs: number[]): string => `median ${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
console.log(`estimates.apply over the run's turns: ${range(times)}, ${((1e6 * median(times)) / events).toFixed(0)} ns an event; as a share of that run: ${((100 * median(times)) / run.runMs).toFixed(1)}%`);
console.log(`(and over the setup's turns, not in busyMs: ${range(setupTimes)})`);
console.log(`the estimates after a pass: digest ${digest(last?.toData())}; ${also / PASSES} other events a pass handed on`);
console.log(`load average at the end ${loadavg()}`);
