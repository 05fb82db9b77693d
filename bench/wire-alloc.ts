/**
 * Bytes allocated per order on PATX's order-entry path (issue 79): what makes its young GCs frequent,
 * and so the GC work on the main thread and V8's helper threads. Unlike CPU or latency it does not
 * depend on the host's load, so one invocation before and one after a change compare.
 *
 * Drives the bench server (bench/support/bench-server.ts) with bench:wire's load generator at one rate,
 * and samples every allocation (V8's sampling heap profiler, `BENCH_HEAP_SAMPLE_ALL=1`) over a window the
 * driver opens and closes by signal, counting the orders acked inside it. Prints bytes per order in all,
 * by source file and by allocating function; the .heapprofile (open it in Chrome DevTools) and the
 * heap sampler's own text summary (by stack) are written beside.
 *
 *   RATE=20000 SECS=3 npx tsx bench/wire-alloc.ts      # OUT=.tmp/alloc.heapprofile TOP=25
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openSessions, runFixedRate, spawnBenchServer } from './support/load.js';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const rate = Number(process.env.RATE ?? 20_000);
const seconds = Number(process.env.SECS ?? 3);
const top = Number(process.env.TOP ?? 25);
const out = path.resolve(process.env.OUT ?? '.tmp/alloc.heapprofile');
mkdirSync(path.dirname(out), { recursive: true });
rmSync(`${out}.txt`, { force: true });

const server = await spawnBenchServer(10, 'bench/support/bench-server.ts', {
  BENCH_HEAP_SAMPLE: out,
  BENCH_HEAP_SAMPLE_ALL: '1',
  BENCH_HEAP_SAMPLE_MS: 'signal',
  BENCH_NODE_FLAGS: `${process.env.BENCH_NODE_FLAGS ?? ''} --expose-gc`,
});
const sessions = await openSessions(server.port, 50, server.seriesIds);
await new Promise((resolve) => setTimeout(resolve, 1_000));
await runFixedRate(sessions, rate, 2); // warm-up: the engine compiled, the book at its working size

const acked = (): number => sessions.reduce((n, s) => n + s.acked, 0);
let ackedAtStart = 0;
let ackedAtStop = 0;
// The window lies inside the run (whose first second is its own warm-up), away from its start and its drain.
const window = new Promise<void>((resolve) => {
  setTimeout(() => {
    ackedAtStart = acked();
    server.child.kill('SIGUSR2');
  }, 1_200);
  setTimeout(() => {
    ackedAtStop = acked();
    server.child.kill('SIGUSR2');
    resolve();
  }, 1_200 + seconds * 1_000);
});
const run = await runFixedRate(sessions, rate, seconds + 1);
await window;
while (!existsSync(`${out}.txt`)) await new Promise((resolve) => setTimeout(resolve, 100));
for (const s of sessions) await s.close();
await server.stop();

const orders = ackedAtStop - ackedAtStart;
const profile = JSON.parse(readFileSync(out, 'utf8')) as { head: ProfileNode };
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const walk = (node: ProfileNode): void => {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url === '' ? '(native)' : url.replace(/^file:\/\//, '').replace(/^.*\/(src|bench|node_modules)\//, '$1/');
  if (node.selfSize > 0) {
    const fn = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + node.selfSize);
    byFile.set(file, (byFile.get(file) ?? 0) + node.selfSize);
  }
  for (const child of node.children) walk(child);
};
walk(profile.head);
const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
const perOrder = (bytes: number): string => (bytes / orders).toFixed(0).padStart(6);
const list = (m: Map<string, number>): string =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${perOrder(v)} B  ${k}`).join('\n');
console.log(`${rate}/s: ${orders} orders acked in the ${seconds} s window (p99 of the run ${run.p99Ms.toFixed(2)} ms); sampled ${(total / 1e6).toFixed(1)} MB`);
console.log(`bytes allocated per order: ${perOrder(total).trim()}\n\nby file\n${list(byFile)}\n\nby function\n${list(byFunction)}`);
console.log(`\n(profile ${out}; by stack in ${out}.txt)`);
