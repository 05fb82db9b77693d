/**
 * Many series (issue 21): what listing thousands of series costs the engine.
 * Prints figures; bench/RESULTS.md records them.
 *
 *   npm run bench:series -- [--ops 1000000] [--runs 5] [--seed 42] [--series 1,10,100,1000]
 *                           [--idle 10000] [--listed 10000] [--sections 1,2,3] [--profile [--breakdown]]
 *                           [--cpp auto|on|off] [--block K | --zipf S] [--confine K] [--liquibook DIR]
 *                           [--flat-positions] [--hash-positions] [--js-book [--js-slot-ints 4|8] [--js-slot-load 1..3]]
 *
 * 1. Spread: the mixed workload (bench/workload.ts) with its new orders dealt
 *    round-robin over N spot series of the workload's terms; each series gets the
 *    workload's setup (providers' capacity and mints, the broker's inventory), and
 *    each cancel names the order the same op created in that engine. ops/s per N, its ratio to N = 1, and memory
 *    after each run (after gc). The N values alternate within each round, so a
 *    noisy spell of the machine hits every N alike. One untimed run of each N comes first,
 *    and the first engine timed is kept alive, so every timed run measures compiled code
 *    (bench/support/compiled-code.ts). Beside each PATX run, the C++
 *    price-time book of bench:cpp (bench/cpp/book.cpp) on the same stream dealt the
 *    same way over the same N (`--series N`), in a fresh process: its ops/s and its
 *    own N ÷ first-N ratio per round, i.e. what the hardware charges a lean book for
 *    spreading the flow; and the same book keeping a position per (account, series) as an
 *    exchange must (book.cpp's --positions), what the hardware charges for that part of
 *    the engine's bookkeeping too, three times: as dense rows found by arithmetic from
 *    the account's dense id, the ids given as accounts open (--positions 5, issue 79: as a venue
 *    numbers them; each series' rows grow as accounts open), and the same rows for the 256 ids the
 *    stream's one-byte account can name, made before the run (--positions 1, issue 21's peer); and
 *    keyed by (account, series) in one flat
 *    open-addressing table with each order keeping its position's slot (book.cpp built with
 *    -DPATX_POSITION_SLOT, --positions 4: 32-byte slots, linear probing, at most 3/4 full,
 *    sized from the warm-up pass so it never grows while timed; the order finds its slot once
 *    when placed, its fills, cancel and release use the index; accounts unbounded, as a venue's
 *    are); then issue 58's measure, PATX's ratio ÷ each compiled book's ratio, per round and
 *    its median, and at the largest N the TARGET line: ≥ 0.8 against the rows by ids given
 *    at open, PASS or FAIL, with the quotients against the flat table with the slot on the order
 *    and the rows for 256 known accounts printed beside it (no target); ≥ 0.5 against liquibook. --flat-positions adds issue 58's flat-table peer, the
 *    same table probed by key on every hold and release and twice on every fill (--positions 3).
 *    (At most half full, the slot-keeping table ran slower at 1,000 series: book.cpp says why.) Every C++ run's fills (count, qty, FNV-1a of (price, qty) and
 *    of (maker, taker) in order) must equal PATX's over the same N, or the bench stops.
 *    `--cpp auto` (the default) runs it when g++ compiles the book and says so when it
 *    cannot; `--cpp on` fails instead; `--cpp off` skips it. With `--liquibook DIR` (or
 *    LIQUIBOOK_DIR; a checkout of github.com/enewhuis/liquibook, as in bench:cpp), the same
 *    driver on liquibook's OrderBook runs beside it in every round, checked the same way.
 *    --hash-positions adds book.cpp with its positions in a std::unordered_map keyed by (account,
 *    series), as a C++ venue whose accounts are not known in advance would keep them first.
 *    --js-book adds book.cpp's driver, book and positions ported to TypeScript (bench/js-book/book.ts),
 *    run by this Node with this process's flags, in three forms that differ only in how a position
 *    is found: book.cpp's rows by arithmetic, the engine's per-account tables of position objects,
 *    and one hashed table of compact slots (--js-slot-ints, --js-slot-load): what the runtime
 *    charges the same algorithm, and what the way positions are kept charges it.
 *    --block K deals the new orders in runs of K to one series, then the next: the
 *    k-th to series (k / K) % N + 1, in both PATX and the C++ book (bench/cpp/book.cpp). The
 *    same orders meet the same books; only the order in which the series are visited
 *    changes. Against round-robin (K = 1) it separates what rotating over N series' state
 *    costs in cache and TLB misses from per-series work that would cost at any K.
 *    --zipf S deals each new order to a series drawn by a Zipf law instead (series r with
 *    weight 1 / r^S, from a generator seeded by --seed and N): a venue's flow, a few busy
 *    series and a long quiet tail, where round-robin makes every series equally busy. The
 *    C++ books get the same table (book.cpp's --deal), so their fills must still be equal.
 *    --confine K keeps each customer (consumer or provider) to K series of its own, as a venue's
 *    customers trade a few series each: consumer i and provider i trade series iK .. iK + K − 1
 *    (mod N), their orders dealt round-robin over those, and the setup gives providers capacity,
 *    mints and the broker's inventory purchase only there; the broker's orders are dealt
 *    round-robin as before. Where the workload makes 201 positions per series, this makes about
 *    1 + 2K·100/N (3 at K = 10 over 1,000 series).
 * 2. Idle: 10,000 series listed in a fresh engine, no orders: heap (and array
 *    buffer) bytes per series after gc (target ≤ 16 KB), for several price terms.
 * 3. 10,000 listed series, every 10th with three resting orders: time to list,
 *    encodeState size and time, decodeState time, and recovery of a real journal
 *    written through the Sequencer (from scratch, and from a snapshot plus a tail),
 *    each recovered state hash checked against the live one.
 * 4. --profile: a CPU profile (node:inspector) of one run of the largest N of
 *    section 1, top 15 functions by self time; with --breakdown, a heap snapshot after
 *    it, the 30 constructors with the most self size (what the engine's memory is made of;
 *    run it at N = 1 and at N and subtract: the workload's own commands are in both).
 *
 * Defaults take about 1.7 min on the project's 2-core VM with windowed level storage
 * (7221755), about 6 min with dense 10,000-slot level arrays (before it), which make
 * 10,000 series 3.2 GB: hence --max-old-space-size=8192 in the npm script.
 *
 * Uses only the engine's public API (src/engine/index.ts), so it measures any
 * implementation of the books behind it. Needs --expose-gc (the npm script sets it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CommandKind,
  decodeState,
  EmbeddedEngine,
  encodeState,
  EventType,
  Journal,
  OrderType,
  recover,
  rejectReasonName,
  Role,
  SelfTradePrevention,
  Sequencer,
  Side,
  stateHash,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type EngineEvent,
  type CancelOrder,
  type NewOrder,
} from '../src/engine/index.js';
import {
  compileBook,
  compilePositionSlotBook,
  compilerDescription,
  cppCpuOpsPerSec,
  cppOpsPerSec,
  fillsText,
  runCpp,
  sameFills,
  type CppRun,
  type PositionsKept,
} from './cpp/book-binary.js';
import { addFill, buildStream, emptyFillSummary, withIdMap, type FillSummary } from './cpp/export-workload.js';
import { listSeries, spreadSetupOver, WORKLOAD_TERMS, type Terms } from './support/bench-series.js';
import { fmt, gc, loadavg, machine, median, mib, ms, printHeapByConstructor, printTopSelf, profiled, reportFigure, settledMemory, stat } from './support/figures.js';
import { reportToParent, runInOwnProcess } from './support/own-process.js';
import { CONSUMERS, FIRST_CONSUMER, generateWorkload, prng, runOps, TICK_MICROS, WORKLOAD_START_MS } from './workload.js';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '42' },
    series: { type: 'string', default: '1,10,100,1000' },
    idle: { type: 'string', default: '10000' },
    listed: { type: 'string', default: '10000' },
    sections: { type: 'string', default: '1,2,3' },
    profile: { type: 'boolean', default: false },
    breakdown: { type: 'boolean', default: false },
    cpp: { type: 'string', default: 'auto' },
    block: { type: 'string', default: '1' },
    zipf: { type: 'string', default: '0' },
    confine: { type: 'string', default: '0' },
    liquibook: { type: 'string', default: process.env.LIQUIBOOK_DIR ?? '' },
    /** Also run book.cpp with its positions in a std::unordered_map by (account, series) (its --positions 2). */
    'hash-positions': { type: 'boolean', default: false },
    /** Also run book.cpp with its positions in a flat table found by key on every hold, fill and release (its --positions 3; issue 58's peer). */
    'flat-positions': { type: 'boolean', default: false },
    /** Also run bench/js-book/book.ts (book.cpp with positions, in TypeScript) beside the C++ books. */
    'js-book': { type: 'boolean', default: false },
    /**
     * The JS book's slots: int32s a slot (4 or 8) and how many quarters full before the table grows (bench/js-book/book.ts).
     * 8 by default: the 32 bytes the engine's positions would need under rules 3 (bought quantity and cost, unsold rights), the hard case.
     */
    'js-slot-ints': { type: 'string', default: '8' },
    'js-slot-load': { type: 'string', default: '3' },
    /** Section 1 times every PATX run in this one process, as before 2026-11-27 (see spread). */
    'in-process': { type: 'boolean', default: false },
    /** Internal: the process section 1 starts for one timed PATX run over N series (prints PATX_RUN and its figures). */
    'patx-run': { type: 'string', default: '' },
  },
});
if (!['auto', 'on', 'off'].includes(values.cpp)) throw new Error(`--cpp ${values.cpp}: expected auto, on or off`);
const OPS = Number(values.ops);
const RUNS = Number(values.runs);
const SEED = Number(values.seed);
const SERIES_COUNTS = values.series.split(',').map(Number);
const IDLE_SERIES = Number(values.idle);
const LISTED_SERIES = Number(values.listed);
const SECTIONS = new Set(values.sections.split(',').map(Number));
const BLOCK = Number(values.block);
if (!Number.isSafeInteger(BLOCK) || BLOCK < 1) throw new Error(`--block ${values.block}: expected a whole number ≥ 1`);
const ZIPF = Number(values.zipf);
if (!Number.isFinite(ZIPF) || ZIPF < 0) throw new Error(`--zipf ${values.zipf}: expected an exponent ≥ 0 (0: off)`);
if (ZIPF > 0 && BLOCK > 1) throw new Error('--zipf and --block are two ways of dealing: give one');
const CONFINE = Number(values.confine);
if (!Number.isSafeInteger(CONFINE) || CONFINE < 0) throw new Error(`--confine ${values.confine}: expected a whole number ≥ 0 (0: off)`);
if (CONFINE > 0 && BLOCK > 1) throw new Error('--confine deals the customers round-robin over their own series: not with --block');
// The broker's inventory in a series comes from the one provider there: with the broker's flow concentrated by
// --zipf it runs out in the busy series (INSUFFICIENT_RIGHTS), which the C++ books do not model, so fills differ.
if (CONFINE > 0 && ZIPF > 0) throw new Error('--confine and --zipf together run the broker out of rights in the busy series: give one');
/** The deal is a table (book.cpp's --deal), not --series and --block. */
const TABLE_DEAL = ZIPF > 0 || CONFINE > 0;
/** How the new orders are dealt, in titles and figure names (figures of round-robin keep their names). */
const DEALING =
  (ZIPF > 0 ? `by a Zipf law (s = ${ZIPF})` : BLOCK === 1 ? 'round-robin' : `in blocks of ${fmt(BLOCK)}`) +
  (CONFINE > 0 ? `, each customer in ${CONFINE} series of its own` : '');
const DEALT = (ZIPF > 0 ? `, Zipf s=${ZIPF}` : BLOCK === 1 ? '' : `, in blocks of ${fmt(BLOCK)}`) + (CONFINE > 0 ? `, customers in ${CONFINE} series` : '');

const PAT_MICROS = 1_000_000;

// ------------------------------------------------------------------ helpers

function kb(bytes: number): string {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes.toFixed(0)} B`;
}

// ------------------------------------------------------------------ series

/** Applies commands and throws on the first rejection: a setup that half-worked would measure something else. */
function applyAll(engine: EmbeddedEngine, cmds: readonly Command[], what: string): void {
  const out: EngineEvent[] = [];
  for (const cmd of cmds) {
    engine.submitInto(cmd, out);
    for (const e of out) {
      if (e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED) {
        throw new Error(`${what}: command ${JSON.stringify(cmd)} rejected: ${rejectReasonName(e.reason)}`);
      }
    }
    out.length = 0;
  }
}

// ------------------------------------------------------------------ 1. spread

/**
 * The workload's setup for N series: the one series' listing becomes N listings, and
 * every command about series 1 (capacity, mints, the broker buying its inventory) is
 * repeated for each series. The broker gets PAT for N inventories (one extra deposit,
 * given for every N so the runs differ only in the series).
 */
function spreadSetup(base: readonly Command[], n: number): Command[] {
  const every = Array.from({ length: n }, (_, s) => s);
  // --confine: a provider's capacity, mints and sale go to its own series, and so does the broker's buy that follows the sale.
  let lastProviderSeries = every;
  return spreadSetupOver(base, n, (cmd) => {
    if (CONFINE > 0 && cmd.actor >= 2) return (lastProviderSeries = customerSeries(cmd.actor, n));
    if (CONFINE > 0 && cmd.actor === 1 && cmd.kind === CommandKind.NEW_ORDER) return lastProviderSeries;
    return every;
  });
}

/**
 * The ops as dealt over N series: each new order's series (round-robin over the new
 * orders) and each cancel's order id. Cancels name engine order ids, which depend on
 * how many orders the setup made (200 per series), so each cancel is pointed at the
 * order the same op created in the N-series engine (an impossible id if that op was
 * not accepted there): the same orders are cancelled as on one series, when live.
 */
interface Dealt {
  n: number;
  /** Each new order's series, 0-based (dealTable). */
  table: Int32Array;
  /** With --zipf or --confine and the C++ books: the table in the file book.cpp's --deal reads. */
  dealFile?: string;
  /** How many positions (account, series) the accounts hold after the flow, in words. */
  positions: string;
  cancelIds: Int32Array;
  flow: string;
  /**
   * The fills of the flow, in order, as export-workload.ts defines them for the C++ book:
   * orders named by the index of the op that created them (the C++ book's record index).
   */
  fills: FillSummary;
  /** Commands rejected (any reason) and orders resting at the end: the C++ book must agree on these too. */
  rejects: number;
  resting: number;
}

/** Op index of the order each cancel names, from a pass over the one-series workload as generated. */
function cancelTargets(setup: readonly Command[], ops: readonly Command[]): Int32Array {
  const engine = new EmbeddedEngine({}, WORKLOAD_START_MS);
  applyAll(engine, setup, 'workload setup');
  const opOfOrder = new Map<number, number>();
  const targets: number[] = [];
  const out: EngineEvent[] = [];
  for (let i = 0; i < ops.length; i++) {
    const cmd = ops[i]!;
    if (cmd.kind === CommandKind.CANCEL_ORDER) targets.push(opOfOrder.get(cmd.orderId) ?? -1);
    engine.submitInto(cmd, out);
    for (const e of out) if (e.type === EventType.ORDER_ACCEPTED) opOfOrder.set(e.orderId, i);
    out.length = 0;
  }
  return Int32Array.from(targets);
}

/** An order id no run reaches; a small integer, so the commands' orderId fields keep V8's integer representation. */
const NO_SUCH_ORDER = 2_000_000_000;

/** --confine: the K series (0-based) of a customer account: consumer i and provider i trade series iK .. iK + K − 1, mod N. */
function customerSeries(accountId: number, n: number): number[] {
  const i = (accountId - FIRST_CONSUMER) % CONSUMERS; // consumer i and provider i (workload.ts)
  const series = new Set<number>();
  for (let j = 0; j < CONFINE; j++) series.add((i * CONFINE + j) % n);
  return [...series];
}

/**
 * The series (0-based) of each new order over N series: round-robin, in blocks of --block, or
 * drawn by a Zipf law (--zipf: series r, 0-based, with weight 1 / (r + 1)^S, by the inverse of
 * the cumulative weights) from a generator seeded by --seed and N, so a run is repeatable. With
 * --confine, a customer's orders go round-robin over its own series instead, and only the
 * broker's are dealt so.
 */
function dealTable(ops: readonly Command[], n: number): Int32Array {
  const newOrders = ops.filter((cmd): cmd is NewOrder => cmd.kind === CommandKind.NEW_ORDER);
  const table = new Int32Array(newOrders.length);
  const next = ZIPF > 0 ? zipfDraws(n) : roundRobin(n);
  const own = new Map<number, { series: number[]; dealt: number }>();
  for (let k = 0; k < newOrders.length; k++) {
    const actor = newOrders[k]!.actor;
    if (CONFINE === 0 || actor < 2) {
      table[k] = next();
      continue;
    }
    let mine = own.get(actor);
    if (mine === undefined) own.set(actor, (mine = { series: customerSeries(actor, n), dealt: 0 }));
    table[k] = mine.series[mine.dealt++ % mine.series.length]!;
  }
  return table;
}

/** The next series, round-robin in blocks of --block. */
function roundRobin(n: number): () => number {
  let k = 0;
  return () => Math.floor(k++ / BLOCK) % n;
}

/** The next series, drawn by the Zipf law of --zipf. */
function zipfDraws(n: number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cumulative[r] = total += 1 / (r + 1) ** ZIPF;
  const random = prng(SEED * 100_003 + n);
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** How a --zipf deal spreads the new orders: the busiest series' shares, and how many series got none. */
function dealingShares(table: Int32Array, n: number): string {
  const counts = new Array<number>(n).fill(0);
  for (const s of table) counts[s]!++;
  counts.sort((a, b) => b - a);
  const share = (k: number): string => `${((100 * counts.slice(0, k).reduce((a, b) => a + b, 0)) / table.length).toFixed(1)}%`;
  const tops = [1, 10, 100].filter((k) => k < n).map((k) => `the busiest ${k === 1 ? 'series' : fmt(k)} ${share(k)}`);
  const none = counts.filter((c) => c === 0).length;
  return `new orders dealt: ${tops.length === 0 ? 'all to one series' : tops.join(', ')} of ${fmt(table.length)}; the quietest series ${fmt(counts[n - 1]!)}, ${fmt(none)} series none`;
}

function dealSeries(ops: readonly Command[], table: Int32Array): void {
  let k = 0;
  for (const cmd of ops) {
    if (cmd.kind === CommandKind.NEW_ORDER) (cmd as NewOrder).seriesId = table[k++]! + 1;
  }
}

function applyDeal(ops: readonly Command[], dealt: Dealt): void {
  dealSeries(ops, dealt.table);
  let c = 0;
  for (const cmd of ops) {
    if (cmd.kind === CommandKind.CANCEL_ORDER) (cmd as CancelOrder).orderId = dealt.cancelIds[c++]!;
  }
}

/**
 * Deals the ops over N series through a fresh engine, re-pointing each cancel as it
 * goes, and summarises what the flow produced, so the N values can be seen to run
 * comparable flows.
 */
function deal(setup: readonly Command[], ops: readonly Command[], targets: Int32Array, n: number): Dealt {
  const table = dealTable(ops, n);
  dealSeries(ops, table);
  const engine = freshEngine(setup);
  const idOfOp = new Int32Array(ops.length).fill(NO_SUCH_ORDER);
  const cancelIds = new Int32Array(targets.length);
  const out: EngineEvent[] = [];
  const counts = new Map<number, number>();
  const reasons = new Map<string, number>();
  const opOfId = new Map<number, number>();
  const fills = emptyFillSummary();
  let c = 0;
  for (let i = 0; i < ops.length; i++) {
    const cmd = ops[i]!;
    if (cmd.kind === CommandKind.CANCEL_ORDER) {
      const target = targets[c]!;
      cancelIds[c++] = target < 0 ? NO_SUCH_ORDER : idOfOp[target]!;
      (cmd as CancelOrder).orderId = cancelIds[c - 1]!;
    }
    engine.submitInto(cmd, out);
    for (const e of out) {
      counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
      if (e.type === EventType.ORDER_ACCEPTED) {
        idOfOp[i] = e.orderId;
        opOfId.set(e.orderId, i);
      }
      if (e.type === EventType.FILL) {
        // The taker is this op's order; the maker rests from an earlier op (the setup leaves no order resting).
        const makerOp = opOfId.get(e.makerOrderId);
        if (makerOp === undefined) throw new Error(`N=${n}: op ${i} filled against order ${e.makerOrderId}, which no op created`);
        addFill(fills, e.priceMicros / TICK_MICROS, e.qty, makerOp, i);
      }
      if (e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED) {
        const name = rejectReasonName(e.reason);
        reasons.set(name, (reasons.get(name) ?? 0) + 1);
      }
    }
    out.length = 0;
  }
  const count = (t: EventType): string => fmt(counts.get(t) ?? 0);
  const rejected = [...reasons].sort((a, b) => b[1] - a[1]).map(([r, k]) => `${r} ${fmt(k)}`);
  const flow =
    `accepted ${count(EventType.ORDER_ACCEPTED)}, fills ${count(EventType.FILL)}, canceled ${count(EventType.ORDER_CANCELED)}, ` +
    `rejected ${rejected.length === 0 ? 0 : rejected.join(', ')}; ${fmt(engine.engine.orders.size)} resting at the end`;
  let rejects = 0;
  for (const k of reasons.values()) rejects += k;
  let positions = 0;
  for (let id = 1; engine.engine.account(id) !== undefined; id++) positions += engine.engine.account(id)!.positions.size;
  return { n, table, cancelIds, flow, fills, rejects, resting: engine.engine.orders.size, positions: `${fmt(positions)} positions (account, series)` };
}

function freshEngine(setup: readonly Command[]): EmbeddedEngine {
  const engine = new EmbeddedEngine({}, WORKLOAD_START_MS);
  applyAll(engine, setup, 'setup');
  return engine;
}

interface RunResult {
  opsPerSec: number;
  /** Ops per second of the process's CPU time over the same loop (workload.ts, TimedOps). */
  cpuOpsPerSec: number;
  /** Heap + array buffers the engine holds after the run (after gc), over what was there before it. */
  engineBytes: number;
  heap: number;
  rss: number;
}

function timedRun(setup: readonly Command[], ops: readonly Command[]): RunResult {
  const before = settledMemory();
  const engine = freshEngine(setup);
  // The setup's garbage is not the run's cost; and with the npm script's --no-concurrent-sweeping
  // this gc() also sweeps before it returns. Left to a background thread, the sweep of the heap
  // (the workload's million command objects most of it) ran into the timed run, on this core and
  // through the shared cache: 7.7% of a 1,000-series run, 5.0% of a one-series run (alternated
  // pairs; bench/RESULTS.md, Many series, "Issue 58, 2026-11-27 08:13").
  gc();
  const { opsPerSec, cpuOpsPerSec } = runOps(engine, ops);
  const after = settledMemory(); // with the engine still alive: its footprint after the run
  if (engine.engine.lastSeq === 0) throw new Error('unreachable: keeps the engine alive through the measurement');
  const engineBytes = after.heap + after.buffers - before.heap - before.buffers;
  return { opsPerSec, cpuOpsPerSec, engineBytes, heap: after.heap, rss: after.rss };
}

async function spread(base: { setup: Command[]; ops: Command[] }): Promise<void> {
  console.log(`\n== 1. The mixed workload dealt ${DEALING} over N series (${fmt(OPS)} ops, ${RUNS} runs, N alternating; ${values['in-process'] ? 'every PATX run in this process' : 'each PATX run in a process of its own'}) ==`);
  const targets = cancelTargets(base.setup, base.ops);
  // Before the deals below: the stream is built from the one-series commands.
  const cpp = cppReference(base);
  const setups = new Map<number, Command[]>();
  const deals = new Map<number, Dealt>();
  for (const n of SERIES_COUNTS) {
    const setup = spreadSetup(base.setup, n);
    setups.set(n, setup);
    const dealt = deal(setup, base.ops, targets, n);
    if (cpp !== undefined && TABLE_DEAL) {
      dealt.dealFile = path.join(path.dirname(cpp.file), `deal-${n}.bin`);
      writeFileSync(dealt.dealFile, Uint16Array.from(dealt.table)); // little-endian on x64, as book.cpp reads it
    }
    deals.set(n, dealt);
    console.log(`N=${n}: ${fmt(setup.length)} setup commands; flow: ${dealt.flow}`);
    if (TABLE_DEAL) console.log(`        ${dealingShares(dealt.table, n)}; ${dealt.positions}`);
  }
  if (cpp !== undefined && deals.has(1) && !sameFills(deals.get(1)!.fills, cpp.oneSeries)) {
    throw new Error(`the one-series deal's fills (${fillsText(deals.get(1)!.fills)}) differ from the C++ stream's engine run (${fillsText(cpp.oneSeries)})`);
  }
  const workloadMem = settledMemory();
  console.log(`heap with the commands of the workload and every setup (in each "heap" below): ${mib(workloadMem.heap)}, rss ${mib(workloadMem.rss)}`);
  const results = new Map<number, RunResult[]>(SERIES_COUNTS.map((n) => [n, []]));
  // Per compiled book (the C++ book, liquibook), per N: its ops/s in each round.
  const cppRates = new Map<string, Map<number, number[]>>((cpp?.books ?? []).map((b) => [b.name, new Map(SERIES_COUNTS.map((n) => [n, []]))]));
  // The same by CPU time (ops per second of the run's CPU time): beside the wall-time figures, what the machine's load leaves out.
  const cppCpuRates = new Map<string, Map<number, number[]>>((cpp?.books ?? []).map((b) => [b.name, new Map(SERIES_COUNTS.map((n) => [n, []]))]));
  // Each PATX run in a process of its own, as each C++ run is: timed in one process, the one-series
  // runs that followed 1,000-series runs went 5.4–5.8M ops/s where alone they went 6.5–6.7M, which
  // flattered PATX's ratio by about 1.2× (bench/RESULTS.md, Many series, 2026-11-27). --in-process
  // times them here as before: one untimed run of each N first, as each C++ run has its warm-up
  // pass, and with the first engine kept alive (support/compiled-code.ts) every timed run measures
  // compiled code; a run in its own process makes its own untimed run (patxRun).
  if (values['in-process']) {
    for (const n of SERIES_COUNTS) {
      applyDeal(base.ops, deals.get(n)!);
      runOps(freshEngine(setups.get(n)!), base.ops);
    }
  }
  for (let r = 0; r < RUNS; r++) {
    for (const n of SERIES_COUNTS) {
      for (const b of cpp?.books ?? []) {
        const rate = cppRun(b, cpp!.file, deals.get(n)!);
        cppRates.get(b.name)!.get(n)!.push(rate.wall);
        cppCpuRates.get(b.name)!.get(n)!.push(rate.cpu);
      }
      if (!values['in-process']) {
        results.get(n)!.push(patxRunInProcessOfItsOwn(n));
        continue;
      }
      applyDeal(base.ops, deals.get(n)!);
      results.get(n)!.push(timedRun(setups.get(n)!, base.ops));
    }
  }
  const first = SERIES_COUNTS[0]!;
  if (cpp !== undefined) {
    const each = SERIES_COUNTS.map((n) => {
      const d = deals.get(n)!;
      return `N=${n} ${fillsText(d.fills)}, rejects ${fmt(d.rejects)}, resting ${fmt(d.resting)}`;
    });
    console.log(`fills equal: the ${cpp.books.map((b) => b.name).join(' and ')}'s fills, rejects and resting orders equal PATX's over the same N on every run (${RUNS} per N): ${each.join('; ')}`);
  }
  const baseRates = results.get(first)!.map((x) => x.opsPerSec);
  const last = SERIES_COUNTS[SERIES_COUNTS.length - 1]!;
  // Per compiled book at the largest N: PATX's ratio ÷ the book's, per round (the target's figure).
  const lastQuotients = new Map<string, number[]>();
  for (const n of SERIES_COUNTS) {
    const rs = results.get(n)!;
    const rates = rs.map((x) => x.opsPerSec);
    // Per round, against the first N of the same round: the machine's drift cancels out.
    const ratios = rates.map((x, i) => x / baseRates[i]!);
    console.log(
      `N=${String(n).padStart(5)}: ${stat(rates, fmt)} ops/s; ×${(median(rates) / median(baseRates)).toFixed(2)} of N=${first} ` +
        `(per round ${ratios.map((x) => x.toFixed(2)).join(', ')})`,
    );
    reportFigure(`mixed workload over ${n} series${DEALT}`, 'ops/s', rates, 'higher');
    if (n !== first) reportFigure(`${n} series ÷ ${first} series${DEALT}, per round`, '×', ratios, 'higher');
    reportFigure(`engine memory after the run, ${n} series${DEALT}`, 'MiB', rs.map((x) => x.engineBytes / 2 ** 20), 'lower');
    for (const [name, byN] of cppRates) {
      const quotients = reportCpp(name, n, first, byN, rates, ratios);
      if (n === last && quotients !== undefined) lastQuotients.set(name, quotients);
    }
    console.log(
      `         after the run, after gc: the engine ${stat(rs.map((x) => x.engineBytes), mib)} (heap + array buffers), ` +
        `heap used ${stat(rs.map((x) => x.heap), mib)}, rss ${stat(rs.map((x) => x.rss), mib)}`,
    );
  }
  printTarget(last, first, lastQuotients, cpuQuotients(last, first, results, cppCpuRates));
  if (values.profile) {
    const n = SERIES_COUNTS[SERIES_COUNTS.length - 1]!;
    applyDeal(base.ops, deals.get(n)!);
    await profileRun(setups.get(n)!, base.ops, n);
  }
}

/**
 * Issue 58's measure by CPU time: PATX's ratio (largest N ÷ first N, each run's ops per second of its process's
 * CPU time) ÷ each compiled book's, per round. On a loaded machine a run's wall time includes its waits for a
 * core, which hit a short C++ run and a longer PATX run unequally; their CPU time does not (a co-runner's traffic
 * in the shared cache still counts). Printed, with the ratios, beside the wall-time figures.
 */
function cpuQuotients(n: number, first: number, results: ReadonlyMap<number, RunResult[]>, cppCpuRates: ReadonlyMap<string, Map<number, number[]>>): Map<string, number[]> {
  const quotients = new Map<string, number[]>();
  if (n === first) return quotients;
  const patx = results.get(n)!.map((x, i) => x.cpuOpsPerSec / results.get(first)![i]!.cpuOpsPerSec);
  console.log(
    `\nby CPU time (ops per second of each run's CPU time): PATX N=${n} ${stat(results.get(n)!.map((x) => x.cpuOpsPerSec), fmt)}, ` +
      `N=${first} ${stat(results.get(first)!.map((x) => x.cpuOpsPerSec), fmt)}; ratio per round ${patx.map((x) => x.toFixed(2)).join(', ')}`,
  );
  reportFigure(`${n} series ÷ ${first} series by CPU time${DEALT}, per round`, '×', patx, 'higher');
  for (const [name, byN] of cppCpuRates) {
    const ratios = byN.get(n)!.map((x, i) => x / byN.get(first)![i]!);
    const q = patx.map((x, i) => x / ratios[i]!);
    quotients.set(name, q);
    const short = name.replace(/^C\+\+ book/, 'C++');
    console.log(
      `  ${name}: N=${n} ${stat(byN.get(n)!, fmt)}, ratio per round ${ratios.map((x) => x.toFixed(2)).join(', ')}; ` +
        `PATX's ratio ÷ it per round ${q.map((x) => x.toFixed(2)).join(', ')}, median ${median(q).toFixed(2)}`,
    );
    reportFigure(`PATX's ratio ÷ the ratio of ${short} by CPU time, ${n} series${DEALT}, per round`, '×', q, 'higher');
  }
  return quotients;
}

// ------------------------------------------------------------------ 1b. the C++ book beside it

/** A compiled book: book.cpp's own ("C++ book"), with positions kept, or liquibook behind the same driver. */
interface CompiledBook {
  name: string;
  bin: string;
  /** book.cpp's --positions: a position per (account, series) moved by every order, fill and cancel ('hash': in a std::unordered_map, 'flat': in a flat table). */
  positions: PositionsKept;
  /** Arguments before the stream's path (the JS book: node's flags and its script). */
  prefix?: readonly string[];
}

/** The compiled books, and the workload's stream for them in a temp file (bench/cpp/export-workload.ts). */
interface CppReference {
  books: CompiledBook[];
  file: string;
  /** The engine's fills on the one-series stream, as export-workload.ts recorded them. */
  oneSeries: FillSummary;
}

/** Compiles the book and writes the stream, or (with `--cpp auto`) says why not and returns undefined. */
function cppReference(base: { setup: Command[]; ops: Command[] }): CppReference | undefined {
  if (values.cpp === 'off') {
    console.log('C++ reference: off (--cpp off)');
    return undefined;
  }
  const books: CompiledBook[] = [];
  let compiler: string;
  try {
    const bin = compileBook();
    books.push(
      { name: 'C++ book', bin, positions: false },
      { name: ROWS_BOOK, bin, positions: true },
      { name: ROWS_AT_OPEN_BOOK, bin, positions: 'rows-at-open' },
      { name: SLOT_BOOK, bin: compilePositionSlotBook(), positions: 'flat-slot' },
    );
    if (values['flat-positions']) books.push({ name: 'C++ book with positions in a flat table', bin, positions: 'flat' });
    if (values['hash-positions']) books.push({ name: 'C++ book with positions in a hash map', bin, positions: 'hash' });
    compiler = compilerDescription();
  } catch (err) {
    if (values.cpp === 'on') throw err;
    console.log(`C++ reference: skipped, the book did not compile (${(err as Error).message.split('\n')[0]}); --cpp on makes that an error`);
    return undefined;
  }
  const t0 = performance.now();
  const stream = buildStream(OPS, SEED, 0, withIdMap(base));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-series-cpp-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true })); // also when the bench stops on an error
  const file = path.join(dir, 'stream.bin');
  writeFileSync(file, stream.bytes);
  console.log(
    `C++ reference: ${books[0]!.bin} (${compiler}), the stream of bench:cpp (${fmt(stream.bytes.length)} bytes, built in ${ms(performance.now() - t0)}), ` +
      `dealt over N series by the binary's ${TABLE_DEAL ? '--series N --deal (the table PATX is dealt by)' : `--series N --block ${BLOCK}`}; a fresh process per run, ${CPP_WARMUP} untimed warm-up pass`,
  );
  console.log(
    `${ROWS_BOOK}: the same binary with --positions 1, keeping what an exchange must keep per (account, series) beside the book, ` +
      'as the engine\'s positions do: one dense 24-byte row (available, held, open buy) per (series, account), found by arithmetic from the account\'s ' +
      'dense id (the stream\'s ids, 1..201, rows for all 256 a byte names, made before the run), held by a new order, passed by a fill, ' +
      'released by a cancel or an IOC remainder; every run checks the rows add up to the resting orders',
  );
  console.log(
    `${ROWS_AT_OPEN_BOOK}: the same binary with --positions 5, the same rows by dense ids given as accounts open, as a venue numbers them: ` +
      'an account gets the next id at its first order and its orders carry it; each series keeps its rows in an array of its own, grown ' +
      'to every account opened so far when a newer one first trades there (capacity reserved for the accounts the warm-up pass opened, so no row moves while timed); ' +
      'a row is the series\' array, then the id: two loads, no hash (the target\'s peer, issue 79)',
  );
  console.log(
    `${SLOT_BOOK}: book.cpp built with -DPATX_POSITION_SLOT, --positions 4: the same rows keyed by (account, series), accounts unbounded, ` +
      'inline in one open-addressing table (32-byte slots, linear probing, Fibonacci hashing) at most 3/4 full, sized for the positions the warm-up pass opened, ' +
      'so it never grows while timed; an order finds its slot once when it is placed and keeps its index (the order 48 bytes instead of 40): ' +
      'its fills, cancel and IOC release go to the slot directly',
  );
  if (values['flat-positions']) {
    console.log(
      'C++ book with positions in a flat table: the plain binary with --positions 3, the same table, the key probed on every hold and ' +
        'release and twice on every fill (issue 58\'s peer)',
    );
  }
  if (values['hash-positions']) {
    console.log('C++ book with positions in a hash map: the same binary with --positions 2, the same rows in a std::unordered_map keyed by (account, series), sized likewise');
  }
  if (values.liquibook !== '') {
    const bin = compileBook(values.liquibook);
    books.push({ name: 'liquibook', bin, positions: false });
    console.log(`liquibook: ${bin}, from ${values.liquibook}, the same driver, stream and runs`);
  }
  if (values['js-book']) {
    // The same flags as this process, which are PATX's (the npm script's): the same Node, heap and GC settings.
    const script = fileURLToPath(new URL('./js-book/book.ts', import.meta.url));
    books.push(
      { name: 'JS book with positions', bin: process.execPath, prefix: [...process.execArgv, script], positions: true },
      { name: 'JS book with positions in tables', bin: process.execPath, prefix: [...process.execArgv, script, '--lookup', 'table'], positions: true },
      {
        name: 'JS book with positions in slots',
        bin: process.execPath,
        prefix: [...process.execArgv, script, '--lookup', 'slots', '--slot-ints', values['js-slot-ints'], '--slot-load', values['js-slot-load']],
        positions: true,
      },
    );
    console.log(
      `JS book with positions: ${path.relative(process.cwd(), script)}, book.cpp's driver, book and positions (rows found by arithmetic) in TypeScript, ` +
        "on this Node with this process's flags; the same stream and runs. In tables: each account's position objects in a table by series, as the engine finds them. " +
        `In slots: every position's numbers inline in one hashed table of ${values['js-slot-ints']}-int32 slots, grown past ${values['js-slot-load']} quarters full`,
    );
  }
  return { books, file, oneSeries: stream.engine };
}

/** Untimed passes of the C++ book before its timed one, as bench:cpp's default. */
const CPP_WARMUP = 1;

/**
 * One C++ run over N series: its ops/s, after checking its fills, its reject count and its
 * resting orders at the end are PATX's over the same N. The C++ driver counts as a reject
 * exactly what the engine rejects in this flow: a market order with nothing opposite in its
 * series (NO_REFERENCE_PRICE, frequent in thin books), the broker crossing its own quotes in
 * the series (WOULD_CROSS_OWN_QUOTES), and a cancel of an order that is gone or never rested
 * (UNKNOWN_ORDER: filled, or its op was rejected).
 */
function cppRun(book: CompiledBook, file: string, dealt: Dealt): { wall: number; cpu: number } {
  const deal = dealt.dealFile === undefined ? undefined : { file: dealt.dealFile, entries: dealt.table.length };
  const run: CppRun = runCpp(book.bin, file, { warmup: CPP_WARMUP, series: dealt.n, block: BLOCK, deal, positions: book.positions, ...(book.prefix === undefined ? {} : { prefix: book.prefix }) });
  if (!sameFills(run, dealt.fills) || run.rejects !== dealt.rejects || run.resting !== dealt.resting) {
    throw new Error(`N=${dealt.n}: the ${book.name}'s fills (${fillsText(run)}) or its rejects ${run.rejects} or resting orders ${run.resting} differ from PATX's (${fillsText(dealt.fills)}, rejects ${dealt.rejects}, resting ${dealt.resting}); the C++ run: ${JSON.stringify(run)}`);
  }
  return { wall: cppOpsPerSec(run), cpu: cppCpuOpsPerSec(run) };
}

/**
 * The two peers issue 79 names, and the target: PATX's ratio ÷ the rows' (by ids given as accounts open) ≥ 0.8;
 * beside them the rows for 256 accounts known in advance, which keep the name "C++ book with positions" under
 * which their figures have been recorded since issue 21.
 */
const ROWS_BOOK = 'C++ book with positions';
const ROWS_AT_OPEN_BOOK = 'C++ book with positions as rows by ids given at open';
const SLOT_BOOK = 'C++ book with positions in a flat table, the slot on the order';
const TARGET_QUOTIENT = 0.8;

/**
 * The target's line: PATX's ratio (largest N ÷ first N) ÷ the rows' (ids given at open), by the median of the
 * rounds' wall-time quotients, PASS or FAIL, with the same by CPU time beside it; then, with no target, the same
 * against the flat table with the slot on the order and the rows for 256 known accounts.
 */
function printTarget(n: number, first: number, quotients: ReadonlyMap<string, number[]>, byCpu: ReadonlyMap<string, number[]>): void {
  const line = (name: string): string => {
    const q = quotients.get(name)!;
    const c = byCpu.get(name);
    const cpu = c === undefined ? '' : `; by CPU time median ${median(c).toFixed(2)} (per round ${c.map((x) => x.toFixed(2)).join(', ')})`;
    return `median ${median(q).toFixed(2)} over ${q.length} rounds (per round ${q.map((x) => x.toFixed(2)).join(', ')})${cpu}`;
  };
  if (!quotients.has(ROWS_AT_OPEN_BOOK)) return; // one N only, or no C++ books
  const rows = median(quotients.get(ROWS_AT_OPEN_BOOK)!);
  console.log(
    `\nTARGET (issue 79): PATX's ${n}-series ratio (÷ ${first} series) ÷ that of the ${ROWS_AT_OPEN_BOOK} ≥ ${TARGET_QUOTIENT}: ` +
      `${line(ROWS_AT_OPEN_BOOK)}: ${rows >= TARGET_QUOTIENT ? 'PASS' : 'FAIL'}`,
  );
  console.log(`  beside it, no target: ÷ that of the ${SLOT_BOOK}: ${line(SLOT_BOOK)}`);
  console.log(`  beside it, no target: ÷ that of the ${ROWS_BOOK} (rows for 256 accounts known in advance): ${line(ROWS_BOOK)}`);
}

/**
 * A compiled book's figures over N (the figure names keep "C++ book" and "C++" for book.cpp's own, as earlier runs named them);
 * PATX's ratio ÷ the book's per round, except at the first N.
 */
function reportCpp(name: string, n: number, first: number, cppRates: Map<number, number[]>, patxRates: readonly number[], patxRatios: readonly number[]): number[] | undefined {
  const short = name.replace(/^C\+\+ book/, 'C++'); // "C++", "C++ with positions", "liquibook"
  const rates = cppRates.get(n)!;
  const baseRates = cppRates.get(first)!;
  const ratios = rates.map((x, i) => x / baseRates[i]!);
  const patxOverCpp = patxRates.map((x, i) => x / rates[i]!);
  console.log(
    `         ${name}: ${stat(rates, fmt)} ops/s; ×${(median(rates) / median(baseRates)).toFixed(2)} of N=${first} ` +
      `(per round ${ratios.map((x) => x.toFixed(2)).join(', ')}); PATX / ${short} per round ${patxOverCpp.map((x) => x.toFixed(2)).join(', ')}`,
  );
  reportFigure(`${name}, mixed workload over ${n} series${DEALT}`, 'ops/s', rates, 'higher');
  if (n !== first) reportFigure(`${name}, ${n} series ÷ ${first} series${DEALT}, per round`, '×', ratios, 'higher');
  reportFigure(`PATX / ${short} per round, ${n} series${DEALT}`, '×', patxOverCpp, 'higher');
  if (n === first) return undefined;
  // Issue 58's measure: PATX's N ÷ first-N ratio over this book's, each round's two from the same
  // round (a noisy spell hits both), and the quotient of the two medians as RESULTS.md reports it.
  const quotients = patxRatios.map((x, i) => x / ratios[i]!);
  console.log(
    `         PATX's ratio ÷ the ratio of ${short}: per round ${quotients.map((x) => x.toFixed(2)).join(', ')}; median ${median(quotients).toFixed(2)}; ` +
      `of the medians ${(median(patxRatios) / median(ratios)).toFixed(2)}`,
  );
  reportFigure(`PATX's ratio ÷ the ratio of ${short}, ${n} series${DEALT}, per round`, '×', quotients, 'higher');
  return quotients;
}

// ------------------------------------------------------------------ 4. profile

/** One run under the V8 sampling profiler; prints the 15 functions with the most self time. */
async function profileRun(setup: readonly Command[], ops: readonly Command[], n: number): Promise<void> {
  const engine = freshEngine(setup);
  gc();
  let opsPerSec = 0;
  const profile = await profiled(() => {
    opsPerSec = runOps(engine, ops).opsPerSec;
  });
  console.log(`\n== 4. CPU profile of one run over N=${n} series: ${fmt(opsPerSec)} ops/s under the profiler ==`);
  printTopSelf(profile, 15);
  if (values.breakdown) {
    console.log(`\nheap snapshot after that run, its engine alive (the whole process, the workload's commands too), self size by constructor (B each: ÷ ${n} series):`);
    await printHeapByConstructor(30, n);
  }
  if (engine.engine.lastSeq === 0) throw new Error('unreachable: keeps the engine alive through the snapshot');
}

// ------------------------------------------------------------------ 2. idle

const IDLE_TERMS: ReadonlyArray<readonly [string, Terms]> = [
  ['workload = demo AUTO_INTENT|7D terms (tick 1,000 µPAT, 0.001..10 PAT: 10,000 levels)', WORKLOAD_TERMS],
  ['wide (tick 100 µPAT, 0.0001..1 PAT: 10,000 levels, as the demo 1h contract)', { tickMicros: 100, minPriceMicros: 100, maxPriceMicros: PAT_MICROS }],
  ['narrow (tick 1,000 µPAT, 0.001..0.1 PAT: 100 levels; the fixed part)', { tickMicros: TICK_MICROS, minPriceMicros: TICK_MICROS, maxPriceMicros: PAT_MICROS / 10 }],
];

/**
 * Heap and array-buffer growth of listing `cmds` in a fresh engine, after gc. In a
 * function of its own so no frame of the caller still holds the last run's engine
 * when "before" is measured.
 */
function measureListing(cmds: readonly Command[]): { heap: number; buffers: number; ms: number } {
  const before = settledMemory();
  const engine = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const t0 = performance.now();
  applyAll(engine, cmds, 'idle listing');
  const elapsed = performance.now() - t0;
  const after = settledMemory();
  if (engine.engine.series.length !== cmds.length + 1) throw new Error('not every series was listed');
  return { heap: after.heap - before.heap, buffers: after.buffers - before.buffers, ms: elapsed };
}

function idle(): void {
  console.log(`\n== 2. Idle series: ${fmt(IDLE_SERIES)} listed in a fresh engine, no orders (${RUNS} runs; target ≤ 16 KB each) ==`);
  for (const [name, terms] of IDLE_TERMS) {
    const cmds = Array.from({ length: IDLE_SERIES }, (_, i) => listSeries(i, terms));
    const heap: number[] = [];
    const buffers: number[] = [];
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const m = measureListing(cmds);
      heap.push(m.heap / IDLE_SERIES);
      buffers.push(m.buffers / IDLE_SERIES);
      times.push(m.ms);
    }
    const total = heap.map((h, i) => h + buffers[i]!);
    console.log(`${name}:`);
    const label = name.split(' (')[0]!.replace(/ terms$/, '');
    reportFigure(`idle series memory, ${label} terms`, 'KB', total.map((b) => b / 1024), 'lower');
    reportFigure(`listing ${fmt(IDLE_SERIES)} idle series, ${label} terms`, 'ms', times, 'lower');
    console.log(
      `  per series: heap ${stat(heap, kb)} + array buffers ${stat(buffers, kb)} = ${stat(total, kb)}; ` +
        `listing ${fmt(IDLE_SERIES)} took ${stat(times, ms)}`,
    );
  }
}

// ------------------------------------------------------------------ 3. listed

/**
 * Accounts (broker 1, consumer 2, provider 3, funded), `count` series of the workload's
 * terms, and in every 10th series a provider's ask at 5.1 PAT (after capacity and a
 * mint), the broker's bid at 4.9 and a consumer's bid at 4.8.
 */
function listedCommands(count: number): { accounts: Command[]; listings: Command[]; orders: Command[] } {
  const accounts: Command[] = [];
  for (const role of [Role.BROKER, Role.CONSUMER, Role.PROVIDER]) accounts.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' });
  for (let id = 1; id <= 3; id++) accounts.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: 10n ** 25n, ref: `listed:${id}` });
  const listings = Array.from({ length: count }, (_, i) => listSeries(i, WORKLOAD_TERMS));
  const orders: Command[] = [];
  let clientOrderId = 1;
  const order = (actor: number, seriesId: number, side: Side, priceMicros: number): NewOrder => ({
    kind: CommandKind.NEW_ORDER,
    actor,
    seriesId,
    clientOrderId: clientOrderId++,
    side,
    orderType: OrderType.LIMIT,
    tif: TimeInForce.GTC,
    priceMicros,
    qty: 10,
    expireAtMs: 0,
    postOnly: false,
    stp: SelfTradePrevention.CANCEL_NEWEST,
  });
  for (let s = 1; s <= count; s += 10) {
    orders.push({ kind: CommandKind.DECLARE_CAPACITY, actor: 3, seriesId: s, capacity: 1_000 });
    orders.push({ kind: CommandKind.MINT, actor: 3, seriesId: s, qty: 100 });
    orders.push(order(3, s, Side.SELL, 5_100_000));
    orders.push(order(1, s, Side.BUY, 4_900_000));
    orders.push(order(2, s, Side.BUY, 4_800_000));
  }
  return { accounts, listings, orders };
}

// Each step below builds at most one engine and lets it go before returning: with dense
// level arrays 10,000 series take gigabytes, and a frame still holding the last engine
// would double that.

interface ListedCommands {
  accounts: Command[];
  listings: Command[];
  orders: Command[];
}

/** One listing run: times the listings and the orders; the last run also measures memory and encodes the state. */
function listRun(
  cmds: ListedCommands,
  last: boolean,
): { listMs: number; ordersMs: number; final?: { hash: string; bytes: Uint8Array; encodeMs: number[]; memory: string; resting: number } } {
  gc();
  const engine = new EmbeddedEngine({}, WORKLOAD_START_MS);
  applyAll(engine, cmds.accounts, 'accounts');
  let t0 = performance.now();
  applyAll(engine, cmds.listings, 'listing');
  const listMs = performance.now() - t0;
  t0 = performance.now();
  applyAll(engine, cmds.orders, 'orders');
  const ordersMs = performance.now() - t0;
  if (!last) return { listMs, ordersMs };
  const m = settledMemory();
  const memory = `heap ${mib(m.heap)}, array buffers ${mib(m.buffers)}, rss ${mib(m.rss)}`;
  const encodeMs: number[] = [];
  let bytes: Uint8Array = new Uint8Array(0);
  for (let r = 0; r < RUNS; r++) {
    t0 = performance.now();
    bytes = encodeState(engine.engine);
    encodeMs.push(performance.now() - t0);
  }
  return { listMs, ordersMs, final: { hash: stateHash(engine.engine), bytes, encodeMs, memory, resting: engine.engine.orders.size } };
}

function decodeRun(bytes: Uint8Array, expectHash: string | undefined): number {
  gc();
  const t0 = performance.now();
  const decoded = decodeState(bytes);
  const elapsed = performance.now() - t0;
  if (expectHash !== undefined && stateHash(decoded) !== expectHash) throw new Error('decoded state hash differs from the live one');
  return elapsed;
}

/** Everything through the Sequencer into LMDB, a snapshot, then `tail` after it. */
async function writeJournal(dir: string, all: readonly Command[], tail: readonly Command[], expectHash: string): Promise<{ journaledMs: number; snapshotMs: number; finalHash: string }> {
  const journal = Journal.open(dir, { durability: 'commit' });
  const sequencer = new Sequencer(recover(journal).engine, journal, () => WORKLOAD_START_MS, {
    snapshotEveryCommands: 0,
    snapshotEveryMs: 0,
    maxQueuedCommands: all.length + tail.length + 1,
  });
  let t0 = performance.now();
  for (const cmd of all) sequencer.enqueue(cmd);
  await sequencer.drain();
  const journaledMs = performance.now() - t0;
  if (sequencer.stateHash() !== expectHash) throw new Error('the journaled state differs from the in-process one');
  t0 = performance.now();
  await sequencer.snapshot();
  const snapshotMs = performance.now() - t0;
  for (const cmd of tail) sequencer.enqueue(cmd);
  await sequencer.stop();
  const finalHash = sequencer.stateHash();
  await journal.close();
  return { journaledMs, snapshotMs, finalHash };
}

function recoverRun(journal: Journal, fromScratch: boolean, expectHash: string): number {
  gc();
  const t0 = performance.now();
  const rec = recover(journal, {}, fromScratch);
  const elapsed = performance.now() - t0;
  if (rec.stateHash !== expectHash) throw new Error(`recovered state hash (fromScratch=${fromScratch}) differs from the live one`);
  return elapsed;
}

async function listed(): Promise<void> {
  const cmds = listedCommands(LISTED_SERIES);
  const all = [...cmds.accounts, ...cmds.listings, ...cmds.orders];
  const restingOrders = cmds.orders.filter((c) => c.kind === CommandKind.NEW_ORDER).length;
  console.log(`\n== 3. ${fmt(LISTED_SERIES)} listed series, ${fmt(restingOrders)} resting orders in every 10th (${RUNS} runs) ==`);

  const listMs: number[] = [];
  const ordersMs: number[] = [];
  let final: NonNullable<ReturnType<typeof listRun>['final']> | undefined;
  for (let r = 0; r < RUNS; r++) {
    const run = listRun(cmds, r === RUNS - 1);
    listMs.push(run.listMs);
    ordersMs.push(run.ordersMs);
    final = run.final ?? final;
  }
  const { hash: liveHash, bytes, encodeMs, memory, resting } = final!;
  if (resting !== restingOrders) throw new Error(`expected ${restingOrders} resting orders, found ${resting}`);
  console.log(`list ${fmt(LISTED_SERIES)} series: ${stat(listMs, ms)}; then the mints and orders: ${stat(ordersMs, ms)}`);
  reportFigure(`list ${fmt(LISTED_SERIES)} series`, 'ms', listMs, 'lower');
  reportFigure(`encodeState of ${fmt(LISTED_SERIES)} listed series`, 'ms', encodeMs, 'lower');
  reportFigure(`encodeState size, ${fmt(LISTED_SERIES)} listed series`, 'bytes', [bytes.length], 'lower', 'exact');
  console.log(`memory with that engine alive, after gc: ${memory}`);
  console.log(`encodeState: ${fmt(bytes.length)} bytes (${(bytes.length / LISTED_SERIES).toFixed(0)} per series) in ${stat(encodeMs, ms)}`);

  const decodeMs: number[] = [];
  for (let r = 0; r < RUNS; r++) decodeMs.push(decodeRun(bytes, r === 0 ? liveHash : undefined));
  console.log(`decodeState: ${stat(decodeMs, ms)}; state hash equal to the live one`);
  reportFigure(`decodeState of ${fmt(LISTED_SERIES)} listed series`, 'ms', decodeMs, 'lower');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-series-bench-'));
  try {
    const tail = listedTail(LISTED_SERIES, 1_000);
    const written = await writeJournal(dir, all, tail, liveHash);
    console.log(
      `journaled through the Sequencer (LMDB, 'commit'): ${fmt(all.length)} commands in ${ms(written.journaledMs)}, state hash equal to the in-process one; ` +
        `snapshot written in ${ms(written.snapshotMs)}; then ${fmt(tail.length)} more commands`,
    );
    const journal = Journal.open(dir, { durability: 'commit', readOnly: true });
    const scratchMs: number[] = [];
    const snapMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      scratchMs.push(recoverRun(journal, true, written.finalHash));
      snapMs.push(recoverRun(journal, false, written.finalHash));
    }
    await journal.close();
    console.log(`recover from scratch (replay ${fmt(all.length + tail.length)} commands): ${stat(scratchMs, ms)}`);
    console.log(`recover from the snapshot + ${fmt(tail.length)} commands: ${stat(snapMs, ms)}`);
    console.log('every recovered state hash equal to the live one');
    reportFigure(`recover ${fmt(LISTED_SERIES)} listed series from scratch`, 'ms', scratchMs, 'lower');
    reportFigure(`recover ${fmt(LISTED_SERIES)} listed series from the snapshot + ${fmt(tail.length)}`, 'ms', snapMs, 'lower');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Orders after the snapshot: the consumer bidding in the series that have orders. */
function listedTail(count: number, n: number): Command[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: CommandKind.NEW_ORDER,
    actor: 2,
    seriesId: ((i * 10) % count) + 1,
    clientOrderId: 1_000_000 + i,
    side: Side.BUY,
    orderType: OrderType.LIMIT,
    tif: TimeInForce.GTC,
    priceMicros: 4_700_000,
    qty: 1,
    expireAtMs: 0,
    postOnly: false,
    stp: SelfTradePrevention.CANCEL_NEWEST,
  }));
}

// ------------------------------------------------------------------ main

/**
 * One timed PATX run over N series in a process of its own, as each C++ run is (spread): the
 * workload, its deal over N and the setup made here as in the parent (the same seed and options
 * give the same commands), one untimed run for compiled code, then the timed run.
 */
function patxRun(n: number): void {
  const base = generateWorkload(OPS, SEED);
  const targets = cancelTargets(base.setup, base.ops);
  const setup = spreadSetup(base.setup, n);
  const dealt = deal(setup, base.ops, targets, n);
  applyDeal(base.ops, dealt);
  runOps(freshEngine(setup), base.ops);
  reportToParent('PATX_RUN', timedRun(setup, base.ops));
}

/** Section 1's PATX run over N series in a fresh process (patxRun). */
function patxRunInProcessOfItsOwn(n: number): RunResult {
  const args = ['--patx-run', String(n), '--ops', String(OPS), '--seed', String(SEED), '--block', String(BLOCK), '--zipf', String(ZIPF), '--confine', String(CONFINE), '--cpp', 'off'];
  return runInOwnProcess<RunResult>(args, 'PATX_RUN', false);
}

async function main(): Promise<void> {
  if (values['patx-run'] !== '') return patxRun(Number(values['patx-run']));
  console.log(
    `node ${process.version}, ${machine()}, load average at start ${loadavg()}; ` +
      `ops=${OPS} runs=${RUNS} seed=${SEED} series=${SERIES_COUNTS.join(',')} block=${BLOCK} zipf=${ZIPF} confine=${CONFINE} idle=${IDLE_SERIES} listed=${LISTED_SERIES}`,
  );
  const started = performance.now();
  if (SECTIONS.has(1) || values.profile) {
    const t0 = performance.now();
    const base = generateWorkload(OPS, SEED);
    console.log(`workload generated in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${fmt(base.ops.length)} ops`);
    await spread(base);
    console.log(`(section 1${values.profile ? ' and the profile' : ''}: ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const section = async (n: number, run: () => void | Promise<void>): Promise<void> => {
    if (!SECTIONS.has(n)) return;
    const t0 = performance.now();
    await run();
    console.log(`(section ${n}: ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  };
  await section(2, idle);
  await section(3, listed);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ${loadavg()}`);
}

await main();
