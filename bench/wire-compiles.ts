/**
 * What V8 compiles, and sends back to the interpreter, in the PATX bench server while it takes orders (issue 79).
 * Optimising compiles run on V8's helper thread, beside the engine's thread on a 2-core host: one compile of a large
 * function held it 50–90 ms, and a function deoptimised under load is compiled again. The server runs with
 * `--trace-opt --trace-deopt`; its trace lines are sorted by phase (the start, the warm-up, the timed load) as they
 * arrive, and for each phase this prints the optimising compiles (count, ms in all, those of ≥ 20 ms by name) and the
 * deoptimisations by function and reason. The load is bench:wire's generator at one rate, as in wire-cpu.ts.
 *
 *   RATE=50000 WARM_SECS=6 SECS=18 npx tsx bench/wire-compiles.ts
 *
 * A trace is one run's: which functions V8 picks, and when, moves between runs. Compare two versions of the code by
 * the sums over several runs each.
 */
import { openSessions, runFixedRate, spawnBenchServer } from './support/load.js';

const rate = Number(process.env.RATE ?? 50_000);
const warmSeconds = Number(process.env.WARM_SECS ?? 6);
const seconds = Number(process.env.SECS ?? 18);
const BIG_COMPILE_MS = 20;
const SERIES = 10;

type Phase = 'start' | 'warm-up' | 'load';
interface PhaseTrace {
  compiles: number;
  compileMs: number;
  big: string[];
  deopts: Map<string, number>;
}
const phases = new Map<Phase, PhaseTrace>((['start', 'warm-up', 'load'] as const).map((p) => [p, { compiles: 0, compileMs: 0, big: [], deopts: new Map() }]));
let phase: Phase = 'start';

/** A function's name as the trace prints it ("(sfi = …)" for one without). */
function nameOf(printed: string | undefined): string {
  return printed === undefined || printed === '' || printed.startsWith('(') ? '(anonymous)' : printed;
}

/** One line of V8's trace: `[completed compiling … <JSFunction name …> … took a, b, c ms]` or `[bailout (kind: …, reason: r): … <JSFunction name …>`. */
function heard(line: string): void {
  const t = phases.get(phase)!;
  const compiled = /completed compiling .*?<JSFunction ([^ >]*).*?(OSR )?- took ([\d.]+), ([\d.]+), ([\d.]+) ms/.exec(line);
  if (compiled !== null) {
    const ms = Number(compiled[3]) + Number(compiled[4]) + Number(compiled[5]);
    t.compiles++;
    t.compileMs += ms;
    if (ms >= BIG_COMPILE_MS) t.big.push(`${nameOf(compiled[1])}${compiled[2] === undefined ? '' : ' OSR'} ${ms.toFixed(0)}`);
    return;
  }
  const deopt = /\[bailout \(kind: [^,]*, reason: ([^)]*)\): begin\. deoptimizing .*?<JSFunction ([^ >]*)/.exec(line);
  if (deopt !== null) {
    const key = `${nameOf(deopt[2])}: ${deopt[1]}`;
    t.deopts.set(key, (t.deopts.get(key) ?? 0) + 1);
  }
}

process.env.BENCH_NODE_FLAGS = `${process.env.BENCH_NODE_FLAGS ?? ''} --trace-opt --trace-deopt`;
const server = await spawnBenchServer(SERIES, undefined, {}, heard);
const sessions = await openSessions(server.port, 50, server.seriesIds);
await new Promise((resolve) => setTimeout(resolve, 1_500));
phase = 'warm-up';
await runFixedRate(sessions, rate, warmSeconds);
phase = 'load';
const r = await runFixedRate(sessions, rate, seconds);
await new Promise((resolve) => setTimeout(resolve, 200)); // the last trace lines
for (const s of sessions) await s.close();
await server.stop();

console.log(`wire-compiles at ${rate}/s (warm-up ${warmSeconds} s, load ${seconds} s): the load's p50 ${r.p50Ms.toFixed(2)} p99 ${r.p99Ms.toFixed(2)} ms`);
for (const [name, t] of phases) {
  const deopts = [...t.deopts].sort((a, b) => b[1] - a[1]);
  const deoptCount = deopts.reduce((sum, [, n]) => sum + n, 0);
  console.log(`${name}: ${t.compiles} compiles, ${t.compileMs.toFixed(0)} ms; ≥ ${BIG_COMPILE_MS} ms: ${t.big.length === 0 ? 'none' : t.big.join(', ')}`);
  console.log(`  ${deoptCount} deoptimisations${deopts.length === 0 ? '' : `: ${deopts.slice(0, 12).map(([k, n]) => `${k} ×${n}`).join('; ')}`}`);
}
