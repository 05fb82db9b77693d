/**
 * The C++ price-time book (bench/cpp/book.cpp) as the benches use it: compiled once per
 * source version, run in a fresh process on a stream written by export-workload.ts, its
 * fills compared with the engine's. Shared by bench/cpp-compare.ts (one series, and the
 * deep book) and bench/many-series.bench.ts (the stream dealt over N series).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FillSummary } from './export-workload.js';

const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'book.cpp');
export const GXX_FLAGS: readonly string[] = ['-O2', '-std=c++17'];

/**
 * The compiled book, built once per source version into `$TMPDIR/patx-cpp-book/book-<hash>`
 * (the directory outlives the run on purpose). Throws if g++ fails or is missing.
 */
export function compileBook(): string {
  const src = readFileSync(SOURCE);
  const hash = createHash('sha256').update(src).update(GXX_FLAGS.join(' ')).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), 'patx-cpp-book');
  const bin = path.join(dir, `book-${hash}`);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.${process.pid}`;
  execFileSync('g++', [...GXX_FLAGS, '-o', tmp, SOURCE], { stdio: 'inherit' });
  renameSync(tmp, bin); // atomic: a concurrent run never sees half a binary
  return bin;
}

/** "g++ -O2 -std=c++17; 12.2.0": how the book was built, for the bench's header line. */
export function compilerDescription(): string {
  return `g++ ${GXX_FLAGS.join(' ')}; ${execFileSync('g++', ['-dumpfullversion'], { encoding: 'utf8' }).trim()}`;
}

/** One run of the binary: its JSON line. */
export interface CppRun extends FillSummary {
  /** Nanoseconds of the timed pass over the measured ops (steady_clock around the loop only). */
  ns: number;
  ops: number;
  /** Series the new orders were dealt over (1: the plain stream). */
  series: number;
  /** New orders dealt to one series before the next (1: round-robin). */
  block: number;
  rejects: number;
  resting: number;
}

export interface CppOptions {
  /** Untimed passes on a fresh book before the timed one. */
  warmup: number;
  /** Deal the new orders round-robin over this many series (book.cpp's header comment). */
  series?: number;
  /** ... in runs of this many new orders per series (default 1: one each). */
  block?: number;
}

/** Runs the book on a stream file in a fresh process; throws on a non-zero exit. */
export function runCpp(bin: string, file: string, opts: CppOptions): CppRun {
  const args = [file, '--warmup', String(opts.warmup), '--series', String(opts.series ?? 1), '--block', String(opts.block ?? 1)];
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`C++ book failed (${r.status ?? r.signal}): ${r.stderr}`);
  const run = JSON.parse(r.stdout) as CppRun;
  if (run.series !== (opts.series ?? 1) || run.block !== (opts.block ?? 1)) {
    throw new Error(`C++ book ran ${run.series} series in blocks of ${run.block}, asked for ${opts.series ?? 1} in blocks of ${opts.block ?? 1}`);
  }
  return run;
}

export function cppOpsPerSec(run: CppRun): number {
  return (run.ops / run.ns) * 1e9;
}

export function sameFills(a: FillSummary, b: FillSummary): boolean {
  return a.fills === b.fills && a.qty === b.qty && a.hashPriceQty === b.hashPriceQty && a.hashOrders === b.hashOrders;
}

/** Only the four fields of a FillSummary, for an error message. */
export function fillsText(f: FillSummary): string {
  return `${f.fills} fills, qty ${f.qty}, hashes ${f.hashPriceQty}/${f.hashOrders}`;
}
