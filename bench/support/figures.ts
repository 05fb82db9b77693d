/**
 * How the benchmarks report a figure: median and range over runs, the machine's load
 * average, settled memory, and a CPU profile's top costs. One copy, so every bench
 * prints its figures the same way (bench/RESULTS.md's rule: a figure is a dated median
 * and range with its command and load).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';
import { getHeapSnapshot } from 'node:v8';

/**
 * The middle value; of an even count, the mean of the two middle ones. Until 2026-11-27 it was the
 * upper of the two (always a measured run), which read every even count high for a figure where
 * higher is better: bench:ab's 16 pairs by half the step between its 8th and 9th (bench/RESULTS.md,
 * Many series, "Issue 58, 2026-11-27 08:13").
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Whether a larger value of a figure is better (throughput) or worse (latency, bytes). */
export type Better = 'higher' | 'lower';

/**
 * Hands one figure to `npm run bench:all` (bench/measure-all.ts), which collects these
 * lines from every bench into bench/FIGURES.md: one line `FIGURE {json}` on stdout with
 * the figure's name (stable across runs: it is the row's key), its unit, every run's value
 * (at least 5 for a timed figure, unless the bench is run 5 times), and which way is
 * better. `kind` says what the values are: 'runs' (the default: one value a run), 'exact'
 * (a figure that does not vary between runs: gas, a count, a simulation from a seed, so one
 * run is its measurement) or 'samples' (samples taken within one long run, such as a soak's
 * memory every 30 s). A bench still prints its own readable lines; this one is for the
 * collector.
 */
export type FigureKind = 'runs' | 'exact' | 'samples';

export function reportFigure(name: string, unit: string, values: readonly number[], better: Better, kind: FigureKind = 'runs'): void {
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) throw new Error(`figure ${name}: no values, or one not finite: ${values.join(', ')}`);
  console.log(`FIGURE ${JSON.stringify({ name, unit, values, better, exact: kind === 'exact', samples: kind === 'samples' })}`);
}

/** 1.23M, 456.7k, 89. */
export function fmt(n: number): string {
  const a = Math.abs(n);
  return a >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : a >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0);
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

export function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 2 : 0)} ms`;
}

/** "median (range lo–hi)" of a figure over runs, formatted by `f`. */
export function stat(xs: readonly number[], f: (n: number) => string = fmt): string {
  return `${f(median(xs))} (range ${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
}

/**
 * The machine a figure was measured on: cores, model, and on Linux the CPU's family/model and L2 (the VM's name says only
 * "AMD EPYC", and ratios between engines moved when the host under it changed generation: 2026-12-04 in RESULTS.md).
 */
export function machine(): string {
  const cpus = os.cpus();
  let detail = '';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (name: string): string | undefined => new RegExp(`^${name}\\s*: (.*)$`, 'm').exec(info)?.[1];
    const family = field('cpu family');
    if (family !== undefined) detail = `, family ${family} model ${field('model') ?? '?'}, cache ${field('cache size') ?? '?'}`;
  } catch {
    // not Linux: the model name alone
  }
  return `${cpus.length} cores (${cpus[0]?.model ?? '?'}${detail})`;
}

/** The 1, 5 and 15 minute load averages: a figure measured on a busy machine says so. */
export function loadavg(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

/** A full collection now; throws unless node runs with --expose-gc (the benches' npm scripts set it). */
export function gc(): void {
  if (globalThis.gc === undefined) throw new Error('run node with --expose-gc (the npm script does)');
  globalThis.gc();
}

/** Heap and array-buffer bytes after a full gc: typed arrays live outside `heapUsed`. */
export function settledMemory(): { heap: number; buffers: number; rss: number } {
  gc();
  // Freed array buffers are swept in the background and counted at the next gc's start.
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, rss: m.rss };
}

/** Runs `work` under V8's sampling profiler (~10k samples a second) and returns the profile. */
export async function profiled(work: () => void): Promise<Profiler.Profile> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 }); // µs
  await session.post('Profiler.start');
  work();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  return profile;
}

/** Prints the `top` functions by self time (share and ms). */
export function printTopSelf(profile: Profiler.Profile, top: number): void {
  // A function appears once per call path in the tree; its self time is the sum over them.
  const hits = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const h = node.hitCount ?? 0;
    if (h === 0) continue;
    const f = node.callFrame;
    // By name and file: tsx's output does not keep the source's line numbers.
    const where = f.url === '' ? '' : ` (${path.basename(f.url)})`;
    const key = `${f.functionName === '' ? '(anonymous)' : f.functionName}${where}`;
    hits.set(key, (hits.get(key) ?? 0) + h);
    total += h;
  }
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  console.log(`${fmt(total)} samples over ${wallMs.toFixed(0)} ms; self time, top ${top}:`);
  for (const [key, h] of [...hits].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${((h / total) * 100).toFixed(1).padStart(5)}%  ${((h / total) * wallMs).toFixed(0).padStart(6)} ms  ${key}`);
  }
}

/**
 * A heap snapshot of the whole process, self sizes summed by constructor (node's type and
 * name), the `top` largest printed with their share per `per` (orders, series...).
 */
export async function printHeapByConstructor(top: number, per: number): Promise<void> {
  const chunks: string[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(String(chunk));
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snapshot.snapshot.meta.node_types[0];
  const sizes = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    const named = type === 'object' || type === 'native' || type === 'array' || type === 'hidden';
    const key = named ? `${snapshot.strings[snapshot.nodes[i + nameAt]!]!} [${type}]` : `(${type})`;
    const entry = sizes.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += snapshot.nodes[i + sizeAt]!;
    entry.count++;
    sizes.set(key, entry);
  }
  for (const [key, { bytes, count }] of [...sizes].sort((x, y) => y[1].bytes - x[1].bytes).slice(0, top)) {
    console.log(`  ${(bytes / 2 ** 20).toFixed(1).padStart(7)} MiB  ${fmt(count).padStart(7)} objects  ${(bytes / per).toFixed(1).padStart(8)} B each  ${key}`);
  }
}
