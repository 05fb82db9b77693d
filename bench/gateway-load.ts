/**
 * Order entry over WebSocket on loopback, the whole path: protobuf frames from
 * many wallet sessions, the gateway, the sequencer, the LMDB journal, acks after
 * commit. The server runs in its own process; this process is the load
 * generator (both share the machine's 2 cores). Prints acked orders/s and
 * order->ack latency at fixed offered rates, then flat out.
 *
 *   npm run bench:gateway            # SECONDS=5 SESSIONS=50 by default
 *
 * One invocation measures each figure once (one server process, one run per rate);
 * `npm run bench:all` runs it 5 times for a median and range. Each figure goes to the
 * collector as a FIGURE line (support/figures.ts).
 *
 * RATES=5000,20000 picks the fixed rates; FLAT_OUT=0 skips the flat-out run;
 * CPU=1 prints both processes' CPU per run (always reported as figures); SERVER_HISTOGRAMS=1 the server's
 * own latency histograms per run; BENCH_NODE_FLAGS passes V8 flags to the
 * server; BENCH_HEAP_SAMPLE / CLIENT_HEAP_SAMPLE profile allocations (see
 * support/heap-sample.ts); BENCH_MARKET_DATA_NICE sets the server's
 * gateway.marketDataNice.
 */
import { startHeapSampling, stopHeapSampling } from './support/heap-sample.js';
import { openSessions, processCpuMs, runFixedRate, runMax, spawnBenchServer, type RunResult } from './support/load.js';
import { benchScheduling, takeGeneratorPriority } from './support/bench-priority.js';
import { loadavg, reportFigure } from './support/figures.js';

const SECONDS = Number(process.env.SECONDS ?? 5);
const SESSIONS = Number(process.env.SESSIONS ?? 50);
const SETTLE_MS = 2_000;
const RATES = (process.env.RATES ?? '5000,20000,50000,100000').split(',').map(Number);

function row(label: string, r: RunResult): string {
  const ms3 = (v: number): string => (Number.isNaN(v) ? '-' : v.toFixed(3));
  return `| ${label} | ${r.ackedPerSec.toLocaleString('en-US')} | ${ms3(r.p50Ms)} | ${ms3(r.p99Ms)} | ${ms3(r.p999Ms)} | ${ms3(r.maxMs)} | ${ms3(r.sendLateP99Ms)} | ${ms3(r.fromSendP50Ms)} | ${ms3(r.fromSendP99Ms)} | ${r.errors} |`;
}

/** `at 20k/s`: a fixed rate as the figures' names carry it (the flat-out run's is `flat out`). */
function rateLabel(rate: number): string {
  return `at ${rate % 1_000 === 0 ? `${rate / 1_000}k` : rate.toLocaleString('en-US')}/s`;
}

/** Figures to hand the collector once the table is printed (FIGURE lines would break it). */
const figures: Array<() => void> = [];

/** One run's figures for the collector: one value each per invocation (see the top). */
function report(at: string, r: RunResult, cpu: { generator: number; server: number } | undefined): void {
  reportFigure(`acked orders/s ${at}`, 'orders/s', [r.ackedPerSec], 'higher');
  reportFigure(`ack latency p50 ${at}`, 'ms', [r.p50Ms], 'lower');
  reportFigure(`ack latency p99 ${at}`, 'ms', [r.p99Ms], 'lower');
  reportFigure(`ack latency p99.9 ${at}`, 'ms', [r.p999Ms], 'lower');
  reportFigure(`ack latency max ${at}`, 'ms', [r.maxMs], 'lower');
  if (!Number.isNaN(r.sendLateP99Ms)) {
    // Fixed rates only: flat out has no schedule to be late for, and its latency from send is the latency.
    reportFigure(`generator late p99 ${at}`, 'ms', [r.sendLateP99Ms], 'lower');
    reportFigure(`ack latency from send p50 ${at}`, 'ms', [r.fromSendP50Ms], 'lower');
    reportFigure(`ack latency from send p99 ${at}`, 'ms', [r.fromSendP99Ms], 'lower');
  }
  reportFigure(`gateway order errors ${at}`, 'errors', [r.errors], 'lower');
  if (cpu !== undefined) {
    reportFigure(`gateway load generator CPU ${at}`, '% of a core', [cpu.generator], 'lower');
    reportFigure(`gateway server CPU ${at}`, '% of a core', [cpu.server], 'lower');
  }
}

console.log(`bench:gateway ${new Date().toISOString()}; node ${process.version}; load average at start ${loadavg()}`);
const server = await spawnBenchServer(10);
takeGeneratorPriority();
try {
  const sessions = await openSessions(server.port, SESSIONS, server.seriesIds);
  // Start-up (listing, deposits, 50 logins) is a burst that also sends the real-time threads to normal
  // scheduling for a moment; measure from a settled state, as a venue's clients would trade.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  console.log(`${SESSIONS} sessions, ${server.seriesIds.length} series, ${SECONDS} s per run (after 1 s warm-up); ${benchScheduling()}\n`);
  console.log('| offered orders/s | acked orders/s | p50 ms | p99 ms | p99.9 ms | max ms | generator late p99 ms | from send p50 ms | from send p99 ms | errors |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  // CLIENT_HEAP_SAMPLE=<file>: what of this load generator's allocations outlives young GCs during the first run
  // (CLIENT_HEAP_SAMPLE_ALL=1: everything it allocates; see heap-sample.ts).
  const clientHeapSample = process.env.CLIENT_HEAP_SAMPLE;
  if (clientHeapSample) setTimeout(() => void startHeapSampling(process.env.CLIENT_HEAP_SAMPLE_ALL === '1' ? 'everything' : 'promoted'), 1_500).unref();
  if (clientHeapSample) setTimeout(() => void stopHeapSampling(clientHeapSample), 4_500).unref();
  for (const rate of RATES) {
    const before = await histograms(server.port);
    const cpu = cpuMeter(server.child.pid!);
    const r = await runFixedRate(sessions, rate, SECONDS);
    const used = cpu();
    console.log(row(rate.toLocaleString('en-US'), r));
    if (process.env.CPU) console.log(`cpu: generator ${used.generator.toFixed(0)}%, server ${used.server.toFixed(0)}%`);
    if (process.env.SERVER_HISTOGRAMS) console.log(diff(before, await histograms(server.port)));
    figures.push(() => report(rateLabel(rate), r, used));
  }
  if (process.env.FLAT_OUT !== '0') {
    const r = await runMax(sessions, 64, SECONDS);
    console.log(row('flat out (window 64/session)', r));
    figures.push(() => report('flat out', r, undefined));
  }
  await Promise.all(sessions.map((s) => s.close()));
  console.log('');
  for (const f of figures) f();
} finally {
  await server.stop();
}

async function histograms(port: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(patx_\w+_bucket\{le="[^"]+"\}) (\d+)/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}
function diff(a: Map<string, number>, b: Map<string, number>): string {
  return [...b].map(([k, v]) => `${k} ${v - (a.get(k) ?? 0)}`).join('\n');
}

/** Starts measuring; the returned function gives each process's share of one core (%) since. */
function cpuMeter(serverPid: number): () => { generator: number; server: number } {
  const generator0 = process.cpuUsage();
  const server0 = processCpuMs(serverPid);
  const start = performance.now();
  return () => {
    const elapsedMs = performance.now() - start;
    const generator = process.cpuUsage(generator0);
    const pct = (ms: number): number => (100 * ms) / elapsedMs;
    return { generator: pct((generator.user + generator.system) / 1_000), server: pct(processCpuMs(serverPid) - server0) };
  };
}
