/**
 * Two builds of the engine in one process, timed in alternation on the same flow: the
 * alternated pairs issue 58 asks every engine change to be proven with.
 *
 *   npm run bench:ab -- --base ../wt-base [--head .] [--series 1,1000] [--rounds 8] [--ops 1000000] [--seed 42] [--unchecked]
 *                       [--stream project|broker] [--objects] [--rules N]
 *
 * Separate processes run a minute apart met the machine in different moods (this VM's speed
 * drifts by 10–20% over minutes: bench/RESULTS.md, Many series), so a 5% change took many
 * process pairs to see. Here both engines (each checkout's src/engine, imported side by side:
 * separate modules, separate compiled code) run in the same process, one timed run each in
 * turn, a fresh engine per run, so each pair meets the same moment. The flow is bench:series'
 * (bench/many-series.bench.ts): the engine bench's workload (or, --stream broker, the broker-shaped
 * one of bench/broker-workload.ts, issue 79; with --series 1) with its new orders dealt
 * round-robin over N series, each series given the workload's setup, each cancel pointed at
 * the order the same op created. Both builds must produce the same events for it (checked on
 * the first run of each N: same count, same state hash), so they are timed on the same work
 * (--unchecked times them anyway: an ablation that leaves work out on purpose).
 * The flow adopts this checkout's engine rules (CURRENT_RULES) unless --rules names a version: a base older
 * than them refuses the adoption and runs under rules 0, a different flow (refused as not the same work), so
 * against such a base pass the newest version both know.
 * Prints, per N, each pair's ops/s and head ÷ base, and their median. Each N runs in two
 * processes of its own (the script runs itself), half the rounds each: one imports and first runs
 * the base, the other the head, so that the order of import cannot favour either; the median over
 * both is the figure. Run an A/A (the same commit as both) beside a comparison: at 1,000 series on
 * this VM a median of 20 pairs has ranged from 1.02 to 1.11 for identical code in a noisy hour.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CancelOrder, Command } from '../src/engine/index.js';
import { CommandKind } from '../src/engine/index.js';
import { keepCompiledCode } from './support/compiled-code.js';
import { fmt, gc, loadavg, median } from './support/figures.js';
import { generateWorkload, newOrderLiteral, runOpsAsObjects, runOpsIntoLog, WORKLOAD_START_MS } from './workload.js';
import { spreadSetupOver } from './support/bench-series.js';
import { generateBrokerWorkload } from './broker-workload.js';
import { argsWithout, reportToParent, runInOwnProcess } from './support/own-process.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    head: { type: 'string', default: '.' },
    series: { type: 'string', default: '1,1000' },
    rounds: { type: 'string', default: '8' },
    ops: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    stream: { type: 'string', default: 'project' },
    /** The engine rules the flow adopts (default: this checkout's CURRENT_RULES); a base older than them needs the newest version both know. */
    rules: { type: 'string', default: '' },
    /** Time the event objects' path (Engine.apply, as the sequencer runs it) instead of the records'. */
    objects: { type: 'boolean', default: false },
    /** Time the builds even where their events or state differ (an ablation that drops work on purpose). */
    unchecked: { type: 'boolean', default: false },
    /** Internal: the process of one N and one order of import (base or head first; see below). */
    first: { type: 'string', default: '' },
  },
});
if (values.base === undefined) throw new Error('--base DIR: the checkout to compare against (e.g. a git worktree of the commit before)');

/** What the bench uses of a checkout's engine: built and fed by the same public API in every version since the EventLog. */
interface EngineModule {
  EmbeddedEngine: new (limits: object, startMs: number) => {
    submitToLog(cmd: Command, log: unknown): void;
    submitInto(cmd: Command, out: Array<{ type: number; orderId?: number }>): void;
    engine: { lastSeq: number };
  };
  EventLog: new () => { count: number; clear(): void };
  EventType: { ORDER_ACCEPTED: number };
  stateHash(engine: unknown): string;
}

async function load(dir: string): Promise<EngineModule> {
  return (await import(pathToFileURL(path.resolve(dir, 'src/engine/index.ts')).href)) as EngineModule;
}

/** The ops dealt over N series: new order k to series (k mod N) + 1, each cancel pointed at the order its target op created there. */
function dealOps(mod: EngineModule, setup: readonly Command[], oneSeriesSetup: readonly Command[], ops: readonly Command[], n: number): Command[] {
  // Which op created the order each cancel names, from the one-series flow as generated.
  const first = new mod.EmbeddedEngine({}, WORKLOAD_START_MS);
  const out: Array<{ type: number; orderId?: number }> = [];
  for (const cmd of oneSeriesSetup) first.submitInto(cmd, out);
  out.length = 0;
  const opOfOrder = new Map<number, number>();
  const targets: number[] = [];
  for (let i = 0; i < ops.length; i++) {
    const cmd = ops[i]!;
    if (cmd.kind === CommandKind.CANCEL_ORDER) targets.push(opOfOrder.get(cmd.orderId) ?? -1);
    first.submitInto(cmd, out);
    for (const e of out) if (e.type === mod.EventType.ORDER_ACCEPTED) opOfOrder.set(e.orderId!, i);
    out.length = 0;
  }
  const engine = new mod.EmbeddedEngine({}, WORKLOAD_START_MS);
  for (const cmd of setup) engine.submitInto(cmd, out);
  out.length = 0;
  const dealt: Command[] = [];
  const idOfOp = new Int32Array(ops.length).fill(2_000_000_000);
  let k = 0;
  let c = 0;
  for (let i = 0; i < ops.length; i++) {
    let cmd = ops[i]!;
    if (cmd.kind === CommandKind.NEW_ORDER) cmd = newOrderLiteral({ ...cmd, seriesId: (k++ % n) + 1 });
    else if (cmd.kind === CommandKind.CANCEL_ORDER) {
      const target = targets[c++]!;
      cmd = { kind: CommandKind.CANCEL_ORDER, actor: cmd.actor, orderId: target < 0 ? 2_000_000_000 : idOfOp[target]!, clientOrderId: cmd.clientOrderId } satisfies CancelOrder;
    }
    dealt.push(cmd);
    engine.submitInto(cmd, out);
    for (const e of out) if (e.type === mod.EventType.ORDER_ACCEPTED) idOfOp[i] = e.orderId!;
    out.length = 0;
  }
  return dealt;
}

/** One timed run on a fresh engine of `mod`: ops/s, events, and the state hash after it. */
function timedRun(mod: EngineModule, setup: readonly Command[], ops: readonly Command[]): { opsPerSec: number; cpuOpsPerSec: number; events: number; hash: () => string } {
  const engine = new mod.EmbeddedEngine({}, WORKLOAD_START_MS);
  const out: Array<{ type: number }> = [];
  for (const cmd of setup) {
    engine.submitInto(cmd, out);
    out.length = 0;
  }
  gc(); // swept before it returns, with the npm script's --no-concurrent-sweeping (bench/many-series.bench.ts, timedRun)
  keepCompiledCode(engine);
  const { opsPerSec, cpuOpsPerSec, events } = values.objects ? runOpsAsObjects(engine as Parameters<typeof runOpsAsObjects>[0], ops) : runOpsIntoLog(engine, ops, new mod.EventLog());
  return { opsPerSec, cpuOpsPerSec, events, hash: () => mod.stateHash(engine.engine) };
}

const SERIES = values.series.split(',').map(Number);
const ROUNDS = Number(values.rounds);

/** What one process of one N reports to the parent: its pairs, base and head ops/s (of wall time, and of CPU time: workload.ts, TimedOps). */
interface Pairs {
  rates: Array<[number, number]>;
  cpuRates: Array<[number, number]>;
}

if (values.first === '') {
  // Each N in processes of its own: timed after the 1,000-series runs, the one-series pairs once all
  // fell below 1 (median 0.951) for code that gave 1.001 in a process of its own (bench/RESULTS.md,
  // Many series, "Issue 58, 2026-11-27"): what a process ran before is not what is compared. And
  // each N in two processes, one importing (and first running) the base, the other the head, half
  // the rounds each: with the base always first, an A/A run (the same commit as both) gave 1.030 at
  // 1,000 series over 16 pairs, the size of the steps it was measuring; whether the order of import
  // or the hour's noise, running both orders takes the first out (RESULTS.md, Many series, "Issue
  // 58, 2026-11-27 03:58").
  const args = argsWithout(['--series', '--rounds']);
  for (const n of SERIES) {
    const all: Pairs = { rates: [], cpuRates: [] };
    const medians: string[] = [];
    for (const first of ['base', 'head'] as const) {
      const rounds = first === 'base' ? Math.ceil(ROUNDS / 2) : Math.floor(ROUNDS / 2);
      if (rounds === 0) continue;
      const pairs = runInOwnProcess<Pairs>([...args, '--series', String(n), '--rounds', String(rounds), '--first', first], 'AB_PAIRS', true);
      all.rates.push(...pairs.rates);
      all.cpuRates.push(...pairs.cpuRates);
      medians.push(`${first} first ${median(pairs.rates.map(([b, h]) => h / b)).toFixed(3)}`);
    }
    const ratios = all.rates.map(([b, h]) => h / b);
    console.log(
      `N=${n}, both orders: head ÷ base median ${median(ratios).toFixed(3)} over ${ratios.length} pairs, ${ratios.filter((x) => x > 1).length} above 1 (${medians.join(', ')}); ` +
        `base median ${fmt(median(all.rates.map((x) => x[0])))}, head ${fmt(median(all.rates.map((x) => x[1])))}`,
    );
    // By CPU time: on a loaded machine the wall time of a run includes its waits for a core, which need not hit both builds alike.
    const cpu = all.cpuRates.map(([b, h]) => h / b);
    console.log(`       by CPU time: head ÷ base median ${median(cpu).toFixed(3)}, ${cpu.filter((x) => x > 1).length} of ${cpu.length} above 1\n`);
  }
  process.exit(0);
}

const headFirst = values.first === 'head';
const first = await load(headFirst ? values.head : values.base);
const second = await load(headFirst ? values.base : values.head);
const base = headFirst ? second : first;
const head = headFirst ? first : second;
if (values.stream !== 'project' && values.stream !== 'broker') throw new Error(`--stream ${values.stream}: project or broker`);
const workload = (values.stream === 'broker' ? generateBrokerWorkload : generateWorkload)(Number(values.ops), Number(values.seed), values.rules === '' ? undefined : Number(values.rules));
const n = SERIES[0]!;
console.log(`node ${process.version}, load average at start ${loadavg()}; base ${path.resolve(values.base)}, head ${path.resolve(values.head)}; ${fmt(workload.ops.length)} ops of the ${values.stream} stream (${values.objects ? 'event objects' : 'records'}), ${ROUNDS} rounds, N = ${n}, ${values.first} imported and run first`);

const every = Array.from({ length: n }, (_, s) => s);
const setup = spreadSetupOver(workload.setup, n, () => every);
const ops = dealOps(first, setup, workload.setup, workload.ops, n);
const f0 = timedRun(first, setup, ops);
const s0 = timedRun(second, setup, ops);
if (!values.unchecked && (f0.events !== s0.events || f0.hash() !== s0.hash())) throw new Error(`N=${n}: the builds differ on this flow (events ${f0.events} against ${s0.events}): not the same work`);
const rates: Array<[number, number]> = [];
const cpuRates: Array<[number, number]> = [];
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which goes first within the pair too, so neither always follows the other's garbage.
  let b, h;
  if ((r % 2 === 0) !== headFirst) {
    b = timedRun(base, setup, ops);
    h = timedRun(head, setup, ops);
  } else {
    h = timedRun(head, setup, ops);
    b = timedRun(base, setup, ops);
  }
  rates.push([b.opsPerSec, h.opsPerSec]);
  cpuRates.push([b.cpuOpsPerSec, h.cpuOpsPerSec]);
}
const ratios = rates.map(([b, h]) => h / b);
console.log(`N=${n}: same events and state (${fmt(f0.events)} events); pairs base → head, ops/s:`);
console.log('  ' + rates.map(([b, h]) => `${fmt(b)} → ${fmt(h)}`).join(', '));
console.log(`  head ÷ base per pair: ${ratios.map((x) => x.toFixed(3)).join(', ')}; median ${median(ratios).toFixed(3)}`);
const cpuRatios = cpuRates.map(([b, h]) => h / b);
console.log(`  by CPU time: ${cpuRatios.map((x) => x.toFixed(3)).join(', ')}; median ${median(cpuRatios).toFixed(3)}`);
console.log(`load average at the end ${loadavg()}`);
reportToParent('AB_PAIRS', { rates, cpuRates } satisfies Pairs);
