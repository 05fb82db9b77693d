/**
 * The C++ price-time book (bench/cpp/book.cpp) as the benches use it: compiled once per
 * source version, run in a fresh process on a stream written by export-workload.ts, its
 * fills compared with the engine's. Shared by bench/cpp-compare.ts (one series, and the
 * deep book) and bench/many-series.bench.ts (the stream dealt over N series).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FillSummary } from './export-workload.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SOURCE = path.join(HERE, 'book.cpp');
const LIQUIBOOK_ADAPTER = path.join(HERE, 'liquibook-book.h');
export const GXX_FLAGS: readonly string[] = ['-O2', '-std=c++17'];

/**
 * The compiled book, built once per source version into `$TMPDIR/patx-cpp-book/<name>-<hash>`
 * (the directory outlives the run on purpose). Throws if g++ fails or is missing.
 *
 * With `liquibookDir` (a checkout of github.com/enewhuis/liquibook, see liquibookSources), the
 * same driver on liquibook's OrderBook instead of book.cpp's own (bench/cpp/liquibook-book.h).
 */
export function compileBook(liquibookDir?: string): string {
  return build(liquibookDir === undefined ? 'book' : 'liquibook', [], liquibookDir);
}

/**
 * book.cpp built with -DPATX_POSITION_SLOT: the build that runs `positions: 'flat-slot'` (its
 * --positions 4; an order keeps its position's slot, which makes it 48 bytes), and only that.
 */
export function compilePositionSlotBook(): string {
  return build('book-slot', ['-DPATX_POSITION_SLOT']);
}

function build(name: string, defines: readonly string[], liquibookDir?: string): string {
  const hash = createHash('sha256').update(readFileSync(SOURCE)).update(readFileSync(LIQUIBOOK_ADAPTER)).update(GXX_FLAGS.join(' '));
  const flags = [...GXX_FLAGS];
  if (defines.length > 0) {
    // Hashed only when given, so the plain builds keep the names (and the cached binaries) they had.
    hash.update(defines.join(' '));
    flags.push(...defines);
  }
  if (liquibookDir !== undefined) {
    const include = liquibookSources(liquibookDir);
    for (const f of readdirSync(path.join(include, 'book')).sort()) hash.update(f).update(readFileSync(path.join(include, 'book', f)));
    flags.push('-DPATX_LIQUIBOOK', '-I', include);
  }
  const dir = path.join(os.tmpdir(), 'patx-cpp-book');
  const bin = path.join(dir, `${name}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.${process.pid}`;
  execFileSync('g++', [...flags, '-o', tmp, SOURCE], { stdio: 'inherit' });
  renameSync(tmp, bin); // atomic: a concurrent run never sees half a binary
  return bin;
}

/**
 * liquibook's include directory (`<dir>/src`, which holds book/order_book.h) in a checkout of
 * github.com/enewhuis/liquibook. Not kept in this project (no third-party code here): the
 * benches take it from `--liquibook DIR` or `LIQUIBOOK_DIR`. Throws when it is not there.
 */
export function liquibookSources(dir: string): string {
  const include = path.resolve(dir, 'src');
  if (!existsSync(path.join(include, 'book', 'order_book.h'))) {
    throw new Error(`${dir}: not a liquibook checkout (no src/book/order_book.h); clone github.com/enewhuis/liquibook there`);
  }
  return include;
}

/** "g++ -O2 -std=c++17; 12.2.0": how the book was built, for the bench's header line. */
export function compilerDescription(): string {
  return `g++ ${GXX_FLAGS.join(' ')}; ${execFileSync('g++', ['-dumpfullversion'], { encoding: 'utf8' }).trim()}`;
}

/** One run of the binary: its JSON line. */
export interface CppRun extends FillSummary {
  /** Which book ran: "patx-cpp" (book.cpp's own) or "liquibook". */
  book: string;
  /** Nanoseconds of the timed pass over the measured ops (steady_clock around the loop only). */
  ns: number;
  /** The process's CPU time over the same loop, ns (a loaded machine's waits for a core left out). */
  cpuNs: number;
  ops: number;
  /** Series the new orders were dealt over (1: the plain stream). */
  series: number;
  /** New orders dealt to one series before the next (1: round-robin). */
  block: number;
  /** Entries of the --deal table the new orders were dealt by (0: none, dealt by --series and --block). */
  dealt: number;
  rejects: number;
  resting: number;
  /** How the run kept a position per (account, series): book.cpp's --positions, 0 for none. */
  positions: number;
  /** With positions: Σ held and Σ openBuy equalled the resting sells' and buys' leaves at the end. */
  positionsBalanced: boolean;
}

export interface CppOptions {
  /** Untimed passes on a fresh book before the timed one. */
  warmup: number;
  /** Deal the new orders round-robin over this many series (book.cpp's header comment). */
  series?: number;
  /** ... in runs of this many new orders per series (default 1: one each). */
  block?: number;
  /** ... or by this table instead: a file of one little-endian uint16 series index per new order, and its entry count. */
  deal?: { file: string; entries: number };
  /**
   * Keep a position per (account, series) as an exchange must (book.cpp's Positions; default off): `true` as dense rows
   * for the 256 account ids the stream can name, `'rows-at-open'` as dense rows by ids given as accounts open (each
   * series' rows grown as they do), `'hash'` in a std::unordered_map, `'flat'` in a flat open-addressing table,
   * `'flat-slot'` in the same table with each order keeping its slot (only the binary of compilePositionSlotBook runs it).
   */
  positions?: PositionsKept;
  /** Arguments before the stream's path: `bin` is then a program that runs a book given them (bench/js-book/book.ts under node). */
  prefix?: readonly string[];
}

/**
 * How book.cpp keeps positions (its --positions 0–5): not at all, dense rows for 256 known accounts, a std::unordered_map,
 * a flat table, a flat table with the slot on the order, dense rows by ids given as accounts open.
 */
export type PositionsKept = boolean | 'hash' | 'flat' | 'flat-slot' | 'rows-at-open';

const POSITIONS_MODE: Record<string, number> = { false: 0, true: 1, hash: 2, flat: 3, 'flat-slot': 4, 'rows-at-open': 5 };

/** Runs the book on a stream file in a fresh process; throws on a non-zero exit. */
export function runCpp(bin: string, file: string, opts: CppOptions): CppRun {
  const positions = POSITIONS_MODE[String(opts.positions ?? false)]!;
  const args = [file, '--warmup', String(opts.warmup), '--series', String(opts.series ?? 1), '--block', String(opts.block ?? 1), '--positions', String(positions)];
  if (opts.deal !== undefined) args.push('--deal', opts.deal.file);
  const r = spawnSync(bin, [...(opts.prefix ?? []), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${[bin, ...(opts.prefix ?? [])].join(' ')}: the book failed (${r.status ?? r.signal}): ${r.stderr}`);
  const run = JSON.parse(r.stdout) as CppRun;
  const dealt = opts.deal?.entries ?? 0;
  if (run.series !== (opts.series ?? 1) || run.block !== (opts.block ?? 1) || run.dealt !== dealt || run.positions !== positions) {
    throw new Error(
      `${run.book} ran ${run.series} series in blocks of ${run.block}, a deal table of ${run.dealt}, positions ${run.positions}; ` +
        `asked for ${opts.series ?? 1} in blocks of ${opts.block ?? 1}, a deal table of ${dealt}, positions ${positions}`,
    );
  }
  if (!run.positionsBalanced) throw new Error(`${run.book}: its positions do not add up to its resting orders (${r.stdout.trim()})`);
  return run;
}

export function cppOpsPerSec(run: CppRun): number {
  return (run.ops / run.ns) * 1e9;
}

/** Ops per second of the run's CPU time. */
export function cppCpuOpsPerSec(run: CppRun): number {
  return (run.ops / run.cpuNs) * 1e9;
}

export function sameFills(a: FillSummary, b: FillSummary): boolean {
  return a.fills === b.fills && a.qty === b.qty && a.hashPriceQty === b.hashPriceQty && a.hashOrders === b.hashOrders;
}

/** Only the four fields of a FillSummary, for an error message. */
export function fillsText(f: FillSummary): string {
  return `${f.fills} fills, qty ${f.qty}, hashes ${f.hashPriceQty}/${f.hashOrders}`;
}
