/**
 * The wire against its limit (issue 79): order entry through the real PATX gateway
 * (protobuf over WebSocket, sequenced, journaled to LMDB, acknowledged after the commit)
 * beside a bare uWebSockets.js server that does only what such an ack cannot do without:
 * decode the same frame with the same protobuf decoder, append it to LMDB with the journal's
 * durability, ack after the commit with the same frame shape (support/bare-order-server.ts).
 * That server is the limit this machine allows for this wire; PATX's distance from it is
 * what the exchange itself costs.
 *
 * Both servers run in their own processes, both alive through the whole run; this process is
 * the load generator (the three share the machine's 2 cores). The same client, the same
 * frames (load.ts's mix: resting bids, cancels, IOC buys), the same number of sessions and
 * the same rates go to both, alternated: each round runs every rate on both servers, the
 * server that goes first swapped every round. Latency is open loop, from each order's
 * scheduled send time to its ack. Then, for each server, a search for the highest rate held
 * with p99 ≤ 10 ms (and at least 95% of the offered rate acked, no error): bisection between
 * the highest rate held and the lowest not held, alternating servers, one run per probe and a
 * second when the first does not hold (held if either does).
 *
 *   npm run bench:wire                    # ROUNDS=3 SECONDS=5 SESSIONS=50 RATES=10000,50000,100000
 *   ROUNDS=1 SECONDS=2 SEARCH_SECONDS=2 npm run bench:wire   # a quick try
 *
 * SEARCH=0 skips the search; SEARCH_SECONDS sets its runs' length (default 3); WARMUP_SECONDS the
 * unrecorded run at each rate on each server before the rounds (default 5, plus 1 s: PATX's optimizing
 * compiler is busy for its first ~15 s under load, the bare server's few functions compile in one;
 * the judged rounds measure both warm). Before the warm-up, each fresh server's first SECONDS at
 * 50k orders/s, from the first order, are recorded and printed as the cold start (what orders meet
 * right after a restart or a failover; PATX's server has run its start's warm-ups of the order path,
 * src/app/rehearsal.ts and src/app/order-path-warm-up.ts, as `npm start` does;
 * BENCH_REHEARSAL_ORDERS=0 BENCH_WARM_UP_ORDERS=0 starts it without: npm run bench:cold-start
 * compares), not judged; COLD=0 skips it. Prints per run
 * each server's CPU (% of a core; the whole process and its main thread) and, for PATX, its own order->ack histogram (frame in to
 * ack queued, /metrics) as a mean and a bucket bound for p99; at the end each server prints
 * its event-loop delay and GC pauses over the whole run (stderr). Target: PATX's p99 at 50k
 * orders/s within 1.5× the bare server's, printed PASS/FAIL; the process exits 1 when it prints
 * RESULT: FAIL. Judged per round (PATX's p99 ÷ the bare server's in the same round, the median
 * over the rounds), counting only rounds whose bare run had the generator on time (its lateness
 * p99 ≤ GENERATOR_LATE_LIMIT_MS): a bare run the host delayed does not show the machine's limit,
 * and a ratio of medians let a busy host's bare p99s print PASS (2026-11-28 20:53: 0.30× by the
 * medians, 2.88× in the one round the host left alone). PATX's own runs are never left out: its
 * threads' CPU is part of what delays the generator. No round counted: NOT JUDGED.
 *
 * Scheduled as the service runs by default, as `npm start` runs it (since 2026-12-05): every thread of both servers
 * and the generator at normal scheduling. A bench that printed PASS for a deployment that owns its cores (the
 * engine and generator under SCHED_FIFO, the side threads under SCHED_IDLE) while the service as users start it
 * failed was the easy case; that deployment is measured with BENCH_REALTIME_PRIORITY=10 BENCH_BACKGROUND_THREADS=1.
 */
import { openSessions, processCpuMs, processMinorFaults, runFixedRate, spawnBenchServer, threadCpuMs, threadIsRealtime, type BenchServer, type LoadSession, type RunResult } from './support/load.js';
import { benchScheduling, takeGeneratorPriority } from './support/bench-priority.js';
import { loadavg, machine, median, reportFigure } from './support/figures.js';

// Read when each server starts (bench-priority.ts, bench-server.ts): the service's defaults unless set.
process.env.BENCH_REALTIME_PRIORITY ??= '0';
process.env.BENCH_BACKGROUND_THREADS ??= '0';

const SECONDS = Number(process.env.SECONDS ?? 5);
const SEARCH_SECONDS = Number(process.env.SEARCH_SECONDS ?? 3);
const SESSIONS = Number(process.env.SESSIONS ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const RATES = (process.env.RATES ?? '10000,50000,100000').split(',').map(Number);
const SEARCH = process.env.SEARCH !== '0';
/** Unrecorded seconds at each rate on each server before the rounds (plus runFixedRate's own 1 s). */
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 5);
/** Record each fresh server's first run at TARGET_RATE before the warm-up (printed, not judged). */
const COLD = process.env.COLD !== '0';
const SERIES = 10;
const SETTLE_MS = 2_000;
/** Between runs: the previous run's last acks and GC settle, for both servers alike. */
const PAUSE_MS = 500;
const P99_LIMIT_MS = 10;
/** A run holds its rate when at least this share of it is acked (a server falling behind cannot hold). */
const HELD_SHARE = 0.95;
const TARGET_RATE = 50_000;
const TARGET_RATIO = 1.5;
/** A bare run whose generator sent its orders later than this (p99, ms) measured the host, not the limit. */
const GENERATOR_LATE_LIMIT_MS = 5;
/** The search stops when the bracket is this narrow (orders/s), or a tenth of its top. */
const SEARCH_STEP = 2_500;
const SEARCH_CEILING = 800_000;

interface Side {
  name: 'PATX' | 'bare';
  server: BenchServer;
  sessions: LoadSession[];
  /** Each rate's runs over the rounds. */
  runs: Map<number, Array<RunResult & { serverCpu: number; mainCpu: number }>>;
}

const ms = (v: number): string => (Number.isNaN(v) ? '-' : v.toFixed(2));
const k = (rate: number): string => (rate % 1_000 === 0 ? `${rate / 1_000}k` : rate.toLocaleString('en-US'));
const held = (r: RunResult): boolean => r.p99Ms <= P99_LIMIT_MS && r.ackedPerSec >= HELD_SHARE * r.offeredPerSec && r.errors === 0;
const pause = (): Promise<void> => new Promise((r) => setTimeout(r, PAUSE_MS));

/** One run: its latencies, each side's CPU, (PATX) its own order->ack histogram, and the main threads' time at SCHED_FIFO. */
interface Measured {
  r: RunResult;
  serverCpu: number;
  /** Minor page faults a second in the server's process. */
  faultsPerSec: number;
  mainCpu: number;
  generatorCpu: number;
  inside: string;
  fifo: string;
}

/** One run of one server at one rate, with its CPU and (PATX) its own histogram of order->ack time. */
async function measure(side: Side, rate: number, seconds: number, unrecordedMs?: number): Promise<Measured> {
  const before = side.name === 'PATX' ? await histogram(side.server.port) : undefined;
  const pid = side.server.child.pid!;
  const server0 = processCpuMs(pid);
  const faults0 = processMinorFaults(pid);
  const main0 = threadCpuMs(pid, pid); // the main thread: PATX's engine and gateway, the bare server's all
  const generator0 = process.cpuUsage();
  const start = performance.now();
  // How much of the run each main thread held SCHED_FIFO: RealtimePriorityByLoad gives it back while the machine is busy.
  const fifo = { server: 0, generator: 0, samples: 0 };
  const sampler = setInterval(() => {
    fifo.samples++;
    if (threadIsRealtime(pid)) fifo.server++;
    if (threadIsRealtime(process.pid)) fifo.generator++;
  }, 50);
  const r = await runFixedRate(side.sessions, rate, seconds, unrecordedMs);
  clearInterval(sampler);
  const elapsed = performance.now() - start;
  const share = (n: number): string => (fifo.samples === 0 ? '-' : `${((100 * n) / fifo.samples).toFixed(0)}%`);
  const serverCpu = (100 * (processCpuMs(pid) - server0)) / elapsed;
  const faultsPerSec = ((processMinorFaults(pid) - faults0) * 1_000) / elapsed;
  const mainCpu = (100 * (threadCpuMs(pid, pid) - main0)) / elapsed;
  const g = process.cpuUsage(generator0);
  const generatorCpu = (100 * (g.user + g.system)) / 1_000 / elapsed;
  let inside = '-';
  if (before !== undefined) {
    const after = await histogram(side.server.port);
    inside = insideSummary(before, after);
  }
  await pause();
  return { r, serverCpu, faultsPerSec, mainCpu, generatorCpu, inside, fifo: `${share(fifo.server)} / ${share(fifo.generator)}` };
}

function row(label: string, side: Side, m: Measured): string {
  const r = m.r;
  return `| ${label} | ${side.name} | ${r.ackedPerSec.toLocaleString('en-US')} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${ms(r.p999Ms)} | ${ms(r.maxMs)} | ${ms(r.sendLateP99Ms)} | ${ms(r.fromSendP99Ms)} | ${r.errors} | ${m.serverCpu.toFixed(0)}% | ${m.faultsPerSec.toFixed(0)} | ${m.mainCpu.toFixed(0)}% | ${m.generatorCpu.toFixed(0)}% | ${m.fifo} | ${m.inside} | ${held(r) ? 'yes' : 'no'} |`;
}

const HEADER =
  '| run | server | acked orders/s | p50 ms | p99 ms | p99.9 ms | max ms | generator late p99 ms | from send p99 ms | errors | server CPU | server page faults/s | its main thread | generator CPU | at SCHED_FIFO: server / generator | PATX inside: mean, p99 ≤ | held |\n' +
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|';

console.log(`bench:wire ${new Date().toISOString()}; node ${process.version}, ${machine()}; load average at start ${loadavg()}`);
const patxServer = await spawnBenchServer(SERIES);
const bareServer = await spawnBenchServer(0, 'bench/support/bare-order-server.ts', { BENCH_SERIES_IDS: patxServer.seriesIds.join(',') });
takeGeneratorPriority();
let failed = false;
/** Each server's cold-start run (COLD). */
const cold = new Map<Side, RunResult>();
try {
  const patx: Side = { name: 'PATX', server: patxServer, sessions: await openSessions(patxServer.port, SESSIONS, patxServer.seriesIds), runs: new Map() };
  const bare: Side = { name: 'bare', server: bareServer, sessions: await openSessions(bareServer.port, SESSIONS, patxServer.seriesIds), runs: new Map() };
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  console.log(
    `${SESSIONS} sessions on each server, ${SERIES} series, the same frames to both; ${ROUNDS} rounds of ${RATES.map(k).join(', ')} orders/s, ` +
      `${SECONDS} s per run (after 1 s warm-up), the server first swapped each round; ${benchScheduling()}\n`,
  );
  if (COLD) {
    // The bare server first, so the generator's own code is warm when PATX's cold run starts.
    console.log(`Cold start: each fresh server's first ${SECONDS} s at ${k(TARGET_RATE)} orders/s, from the first order (PATX after its start's warm-up of the order path), not judged\n`);
    console.log(HEADER);
    for (const side of [bare, patx]) {
      // From the first order: the first second is the cold start's worst.
      const m = await measure(side, TARGET_RATE, SECONDS, 0);
      cold.set(side, m.r);
      console.log(row(`cold, ${k(TARGET_RATE)}/s`, side, m));
    }
    const [p, b] = [cold.get(patx)!, cold.get(bare)!];
    console.log(`\ncold: PATX p99 ${ms(p.p99Ms)} ms, bare ${ms(b.p99Ms)} ms: ${(p.p99Ms / b.p99Ms).toFixed(2)}×`);
    console.log('');
  }
  // Both servers' code is compiled and their caches warm before anything is recorded: the first run
  // at 50k orders/s on a fresh PATX server queued for a second while its engine was still interpreted,
  // and its optimizing compiler thread stays busy (10-30% of a core) for ~15 s of load; in quick runs
  // with 3 s of warm-up PATX's first round was its worst in 7 of 7 (2026-11-29, bench/RESULTS.md).
  for (const rate of RATES) {
    for (const side of [patx, bare]) await runFixedRate(side.sessions, rate, WARMUP_SECONDS);
  }
  console.log(`warm-up: each server ${WARMUP_SECONDS + 1} s at each rate, not recorded; load average ${loadavg()}\n`);
  console.log(HEADER);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const rate of RATES) {
      for (const side of round % 2 === 1 ? [patx, bare] : [bare, patx]) {
        const m = await measure(side, rate, SECONDS);
        console.log(row(`round ${round}, ${k(rate)}/s`, side, m));
        const runs = side.runs.get(rate) ?? [];
        runs.push({ ...m.r, serverCpu: m.serverCpu, mainCpu: m.mainCpu });
        side.runs.set(rate, runs);
      }
    }
  }

  console.log(`\nMedians over ${ROUNDS} rounds (p99's range in brackets); load average ${loadavg()}\n`);
  console.log('| offered orders/s | server | acked orders/s | p50 ms | p99 ms | p99.9 ms | server CPU | its main thread | PATX p99 ÷ bare p99 |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const rate of RATES) {
    for (const side of [patx, bare]) {
      const runs = side.runs.get(rate)!;
      const p99s = runs.map((r) => r.p99Ms);
      const ratio = side === patx ? (medianOf(patx, rate, 'p99Ms') / medianOf(bare, rate, 'p99Ms')).toFixed(2) : '';
      console.log(
        `| ${k(rate)} | ${side.name} | ${median(runs.map((r) => r.ackedPerSec)).toLocaleString('en-US')} | ${ms(medianOf(side, rate, 'p50Ms'))} | ${ms(median(p99s))} (${ms(Math.min(...p99s))}–${ms(Math.max(...p99s))}) | ${ms(medianOf(side, rate, 'p999Ms'))} | ${median(runs.map((r) => r.serverCpu)).toFixed(0)}% | ${median(runs.map((r) => r.mainCpu)).toFixed(0)}% | ${ratio} |`,
      );
    }
  }

  const highest = new Map<Side, number>();
  if (SEARCH) {
    console.log(`\nThe highest rate held with p99 ≤ ${P99_LIMIT_MS} ms (≥ ${HELD_SHARE * 100}% acked, no error), one ${SEARCH_SECONDS} s run per probe (a second if it does not hold), servers alternated:\n`);
    console.log(HEADER);
    highest.set(patx, 0);
    highest.set(bare, 0);
    const bracket = new Map<Side, { lo: number; hi: number | undefined }>();
    for (const side of [patx, bare]) {
      // From the rounds: the highest rate whose medians held, the lowest above it that did not.
      const byRate = [...RATES].sort((a, b) => a - b).map((rate) => ({ rate, ok: medianHeld(side, rate) }));
      const lo = Math.max(0, ...byRate.filter((x) => x.ok).map((x) => x.rate));
      const hi = byRate.find((x) => !x.ok && x.rate > lo)?.rate;
      bracket.set(side, { lo, hi });
    }
    const done = (b: { lo: number; hi: number | undefined }): boolean => b.hi !== undefined && (b.hi - b.lo <= SEARCH_STEP || b.hi - b.lo <= b.hi / 10);
    let probe = 0;
    while ([patx, bare].some((s) => !done(bracket.get(s)!))) {
      const sides = probe++ % 2 === 0 ? [patx, bare] : [bare, patx];
      for (const side of sides) {
        const b = bracket.get(side)!;
        if (done(b)) continue;
        const rate = b.hi === undefined ? Math.min(SEARCH_CEILING, Math.max(2 * b.lo, 10_000)) : Math.round((b.lo + b.hi) / 2 / 1_000) * 1_000;
        let m = await measure(side, rate, SEARCH_SECONDS);
        console.log(row(`search, ${k(rate)}/s`, side, m));
        // One more try before a rate counts as not held: a moment of the shared machine's load
        // (other processes) should not end either server's search. Both servers get it alike.
        if (!held(m.r)) {
          m = await measure(side, rate, SEARCH_SECONDS);
          console.log(row(`search, ${k(rate)}/s again`, side, m));
        }
        if (held(m.r)) {
          b.lo = rate;
          if (rate >= SEARCH_CEILING) b.hi = rate; // held at the ceiling: stop there
        } else {
          b.hi = rate;
        }
      }
    }
    for (const side of [patx, bare]) highest.set(side, bracket.get(side)!.lo);
    console.log(`\nhighest rate held with p99 ≤ ${P99_LIMIT_MS} ms: PATX ${highest.get(patx)!.toLocaleString('en-US')} orders/s (not held at ${bracket.get(patx)!.hi!.toLocaleString('en-US')}); bare server ${highest.get(bare)!.toLocaleString('en-US')} orders/s (not held at ${bracket.get(bare)!.hi!.toLocaleString('en-US')})`);
  }

  for (const s of [...patx.sessions, ...bare.sessions]) await s.close();

  console.log('');
  let verdict: string;
  let judged = false;
  if (patx.runs.has(TARGET_RATE)) {
    const patxRuns = patx.runs.get(TARGET_RATE)!;
    const bareRuns = bare.runs.get(TARGET_RATE)!;
    const counted: number[] = [];
    const perRound = patxRuns.map((r, i) => {
      const b = bareRuns[i]!;
      const ratio = r.p99Ms / b.p99Ms;
      const onTime = b.sendLateP99Ms <= GENERATOR_LATE_LIMIT_MS;
      if (onTime) counted.push(ratio);
      return `round ${i + 1} ${ms(r.p99Ms)} ÷ ${ms(b.p99Ms)} = ${ratio.toFixed(2)}×${onTime ? '' : ` (not counted: the bare run's generator ${ms(b.sendLateP99Ms)} ms late at p99)`}`;
    });
    console.log(`at ${k(TARGET_RATE)} orders/s, PATX p99 ÷ bare p99 per round: ${perRound.join('; ')}`);
    if (counted.length > 0) {
      judged = true;
      const ratio = median(counted);
      failed = !(ratio <= TARGET_RATIO);
      verdict = `target: PATX p99 at ${k(TARGET_RATE)} orders/s within ${TARGET_RATIO}× the bare server's, by the median of ${counted.length} round(s) counted: ${ratio.toFixed(2)}× (${failed ? 'FAIL' : 'PASS'})`;
    } else {
      verdict = `target: not judged (every bare run at ${k(TARGET_RATE)} orders/s had its generator more than ${GENERATOR_LATE_LIMIT_MS} ms late at p99: the host, not the limit)`;
    }
  } else {
    verdict = `target: not judged (${k(TARGET_RATE)} orders/s is not among RATES)`;
  }
  console.log(verdict);
  console.log(`load average at the end ${loadavg()}`);
  // A run that judged nothing proves nothing: it says so rather than PASS.
  // The scheduling is part of the verdict: a deployment that owns its cores (BENCH_REALTIME_PRIORITY=10 BENCH_BACKGROUND_THREADS=1) differs (bench/RESULTS.md).
  console.log(judged ? `RESULT: ${failed ? 'FAIL' : 'PASS'} against issue 79's wire target, with ${benchScheduling()}` : 'RESULT: NOT JUDGED against issue 79\'s wire target');

  for (const side of [patx, bare]) {
    for (const rate of RATES) {
      const runs = side.runs.get(rate)!;
      reportFigure(`wire ${side.name} ack latency p50 at ${k(rate)}/s`, 'ms', runs.map((r) => r.p50Ms), 'lower');
      reportFigure(`wire ${side.name} ack latency p99 at ${k(rate)}/s`, 'ms', runs.map((r) => r.p99Ms), 'lower');
      reportFigure(`wire ${side.name} ack latency p99.9 at ${k(rate)}/s`, 'ms', runs.map((r) => r.p999Ms), 'lower');
    }
    const c = cold.get(side);
    if (c !== undefined) reportFigure(`wire ${side.name} cold-start ack latency p99 at ${k(TARGET_RATE)}/s`, 'ms', [c.p99Ms], 'lower');
    if (highest.has(side)) reportFigure(`wire ${side.name} highest rate with p99 ≤ ${P99_LIMIT_MS} ms`, 'orders/s', [highest.get(side)!], 'higher');
  }
  if (patx.runs.has(TARGET_RATE)) {
    const quotients = patx.runs.get(TARGET_RATE)!.map((r, i) => r.p99Ms / bare.runs.get(TARGET_RATE)![i]!.p99Ms);
    reportFigure(`wire PATX p99 ÷ bare p99 at ${k(TARGET_RATE)}/s`, '×', quotients, 'lower');
  }
} finally {
  await Promise.all([patxServer.stop(), bareServer.stop()]);
}
// A script or CI step running the bench sees the verdict (as bench/failover.ts does).
if (failed) process.exitCode = 1;

function medianOf(side: Side, rate: number, key: 'p50Ms' | 'p99Ms' | 'p999Ms'): number {
  return median(side.runs.get(rate)!.map((r) => r[key]));
}

function medianHeld(side: Side, rate: number): boolean {
  const runs = side.runs.get(rate)!;
  return medianOf(side, rate, 'p99Ms') <= P99_LIMIT_MS && median(runs.map((r) => r.ackedPerSec)) >= HELD_SHARE * rate && runs.every((r) => r.errors === 0);
}

/** PATX's own order->ack histogram (patx_order_ack_seconds: frame in to ack queued) as counts per bucket bound (ms). */
async function histogram(port: number): Promise<{ bounds: number[]; cumulative: number[]; sumMs: number; count: number; historyWaitMs: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const bounds: number[] = [];
  const cumulative: number[] = [];
  let sumMs = 0;
  let count = 0;
  let historyWaitMs = 0;
  for (const line of text.split('\n')) {
    const wait = /^patx_order_history_writer_wait_seconds_total (\S+)/.exec(line);
    if (wait) historyWaitMs = Number(wait[1]) * 1_000;
    const bucket = /^patx_order_ack_seconds_bucket\{le="([^"]+)"\} (\d+)/.exec(line);
    if (bucket) {
      bounds.push(bucket[1] === '+Inf' ? Infinity : Number(bucket[1]) * 1_000);
      cumulative.push(Number(bucket[2]));
    }
    const sum = /^patx_order_ack_seconds_sum (\S+)/.exec(line);
    if (sum) sumMs = Number(sum[1]) * 1_000;
    const n = /^patx_order_ack_seconds_count (\d+)/.exec(line);
    if (n) count = Number(n[1]);
  }
  return { bounds, cumulative, sumMs, count, historyWaitMs };
}

/** "mean, p99 ≤ bound" of the orders between two scrapes. */
function insideSummary(a: Awaited<ReturnType<typeof histogram>>, b: Awaited<ReturnType<typeof histogram>>): string {
  const count = b.count - a.count;
  if (count === 0) return '-';
  const mean = (b.sumMs - a.sumMs) / count;
  const i = b.cumulative.findIndex((c, j) => c - a.cumulative[j]! >= 0.99 * count);
  const bound = b.bounds[i]!;
  const waited = b.historyWaitMs - a.historyWaitMs; // the engine's thread waiting for the order history's writer thread
  return `${mean.toFixed(2)}, ${Number.isFinite(bound) ? bound : '>1000'} ms${waited > 0 ? `; waited for the history's writer ${waited.toFixed(0)} ms` : ''}`;
}
