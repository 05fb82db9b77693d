/**
 * Market-data fan-out: 1,000 subscribers over 100 series (10 per series, every
 * channel) in their own process, while order flow runs against all 100 series.
 * Compares order throughput and latency without and with the subscribers, the
 * CPU the engine's thread (the server's main thread) spends per order, and
 * reports what the subscribers received. Three processes share the 2 cores:
 * server (engine thread, market-data thread, LMDB's writer), order load
 * generator, subscribers.
 *
 *   npm run bench:fanout             # SECONDS=5 RATE=10000 by default
 *
 * One invocation measures each figure once (one server, one run of each kind);
 * `npm run bench:all` runs it 5 times for a median and range. Each figure goes to the
 * collector as a FIGURE line (support/figures.ts).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { openSessions, processCpuMs, runFixedRate, runMax, spawnBenchServer, threadCpuMs, type RunResult } from './support/load.js';
import { benchScheduling, takeGeneratorPriority } from './support/bench-priority.js';
import { loadavg, reportFigure } from './support/figures.js';

const SECONDS = Number(process.env.SECONDS ?? 5);
const RATE = Number(process.env.RATE ?? 10_000);
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 1_000);

// Normal scheduling unless asked: with the engine's thread and this generator both real-time on two cores,
// the market-data thread can get no core at the start of a flat-out burst, before they give real-time up,
// and its ring overflows (a market-data reset; bench/RESULTS.md). The fan-out's cost is what is measured here.
process.env.BENCH_REALTIME_PRIORITY ??= '0';
console.log(`bench:fanout ${new Date().toISOString()}; node ${process.version}; load average at start ${loadavg()}`);
const server = await spawnBenchServer(100);
takeGeneratorPriority();
/** One of the server's metrics so far (from /metrics). */
async function metric(name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
}
/** Seconds the market-data thread has spent in the feed's code so far. */
const publishSeconds = (): Promise<number> => metric('patx_market_data_publish_seconds_total');
const runText = (r: RunResult): string => `${r.ackedPerSec.toLocaleString('en-US')} acked/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, p99.9 ${r.p999Ms.toFixed(2)} ms`;
interface Measured {
  r: RunResult;
  /** CPU per acked order (µs) of the engine's thread, and of the whole server process. */
  engineUsPerOrder: number;
  serverUsPerOrder: number;
  /** CPU (ms) over the run of each process in `pids`. */
  cpuMs: number[];
}
/** A run with what it cost the server per acked order, whoever else uses the cores. */
async function measured(run: () => Promise<RunResult>, pids: number[]): Promise<Measured> {
  const engineBefore = threadCpuMs(pids[0]!, pids[0]!);
  const before = pids.map(processCpuMs);
  const r = await run();
  const engineMs = threadCpuMs(pids[0]!, pids[0]!) - engineBefore;
  const cpuMs = pids.map((pid, i) => processCpuMs(pid) - before[i]!);
  // The run lasts 1 s of warm-up + SECONDS (+ a short drain); orders acked over all of it ~ ackedPerSec * (SECONDS + 1).
  const orders = r.ackedPerSec * (SECONDS + 1);
  return { r, engineUsPerOrder: (1_000 * engineMs) / orders, serverUsPerOrder: (1_000 * cpuMs[0]!) / orders, cpuMs };
}
try {
  const sessions = await openSessions(server.port, 50, server.seriesIds);
  console.log(`${server.seriesIds.length} series, 50 trading sessions, ${SECONDS} s per run; ${benchScheduling()}\n`);
  const pid = server.child.pid!;
  const fixedAlone = await measured(() => runFixedRate(sessions, RATE, SECONDS), [pid]);
  const maxAlone = await measured(() => runMax(sessions, 64, SECONDS), [pid]);

  const subs = spawn(process.execPath, ['--import', 'tsx', 'bench/support/subscribers.ts'], {
    env: { ...process.env, PORT: String(server.marketDataPort), SUBSCRIBERS: String(SUBSCRIBERS), SERIES_IDS: server.seriesIds.join(',') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: subs.stdout! });
  // Subscribers that go away early (a market-data reset closes them all, and the process then ends)
  // stop the bench, saying so, instead of leaving it waiting.
  let subsGone: Error | undefined;
  let stopping = false;
  const next = (): Promise<Record<string, number | boolean>> =>
    new Promise((resolve, reject) => {
      if (subsGone) return reject(subsGone);
      lines.once('line', (l) => resolve(JSON.parse(l) as Record<string, number | boolean>));
      subs.once('exit', () => reject(subsGone));
    });
  subs.once('exit', (code, signal) => {
    if (stopping) return;
    subsGone = new Error(`the subscriber process ended early (${signal ?? code})`);
    void metric('patx_market_data_resets_total').then((resets) => console.error(`${subsGone!.message}; market-data resets: ${resets}`));
  });
  await next(); // ready
  subs.kill('SIGUSR2');
  const before = await next();
  const t0 = performance.now();
  const p0 = await publishSeconds();
  const fixedWith = await measured(() => runFixedRate(sessions, RATE, SECONDS), [pid, subs.pid!]);
  const p1 = await publishSeconds();
  const maxWith = await measured(() => runMax(sessions, 64, SECONDS), [pid, subs.pid!]);
  const p2 = await publishSeconds();
  const elapsedS = (performance.now() - t0) / 1000;
  stopping = true;
  subs.kill('SIGTERM');
  const after = await next();
  const frames = Number(after.frames) - Number(before.frames);
  const mb = (Number(after.bytes) - Number(before.bytes)) / 1e6;

  const us = (m: Measured): string => `engine thread ${m.engineUsPerOrder.toFixed(2)} µs/order (server ${m.serverUsPerOrder.toFixed(2)})`;
  const withLabel = `with ${SUBSCRIBERS.toLocaleString('en-US')} subscribers`;
  console.log(`| run | without subscribers | ${withLabel} |`);
  console.log('|---|---|---|');
  console.log(`| fixed ${RATE.toLocaleString('en-US')} orders/s | ${runText(fixedAlone.r)}, ${us(fixedAlone)} | ${runText(fixedWith.r)}, ${us(fixedWith)} |`);
  console.log(`| flat out | ${runText(maxAlone.r)}, ${us(maxAlone)} | ${runText(maxWith.r)}, ${us(maxWith)} |`);
  const changePct = (alone: number, withSubs: number): number => (100 * withSubs) / alone - 100;
  const change = (alone: number, withSubs: number): string => `${(withSubs >= alone ? '+' : '') + changePct(alone, withSubs).toFixed(1)}%`;
  const throughputShare = (100 * maxWith.r.ackedPerSec) / maxAlone.r.ackedPerSec;
  const subsCoreFlat = (100 * maxWith.cpuMs[1]!) / ((SECONDS + 1) * 1_000);
  const subsCoreFixed = (100 * fixedWith.cpuMs[1]!) / ((SECONDS + 1) * 1_000);
  const feedShareFixed = (100_000 * (p1 - p0)) / fixedWith.cpuMs[0]!;
  const feedShareFlat = (100_000 * (p2 - p1)) / maxWith.cpuMs[0]!;
  const framesPerSec = frames / elapsedS;
  const mbPerSec = mb / elapsedS;
  const resets = await metric('patx_market_data_resets_total');
  console.log(`\nengine-thread CPU per order with subscribers: ${change(fixedAlone.engineUsPerOrder, fixedWith.engineUsPerOrder)} at the fixed rate, ${change(maxAlone.engineUsPerOrder, maxWith.engineUsPerOrder)} flat out`);
  console.log(`server-process CPU per order with subscribers (market-data thread included): ${change(fixedAlone.serverUsPerOrder, fixedWith.serverUsPerOrder)} at the fixed rate, ${change(maxAlone.serverUsPerOrder, maxWith.serverUsPerOrder)} flat out`);
  console.log(`flat-out throughput with subscribers: ${throughputShare.toFixed(1)}% of without; the subscriber process used ${subsCoreFlat.toFixed(0)}% of a core meanwhile (${subsCoreFixed.toFixed(0)}% at the fixed rate)`);
  console.log(`market-data thread time in the feed's code (of the server's CPU): ${feedShareFixed.toFixed(1)}% at the fixed rate, ${feedShareFlat.toFixed(1)}% flat out`);
  console.log(`subscribers received ${Math.round(framesPerSec).toLocaleString('en-US')} frames/s (${mbPerSec.toFixed(1)} MB/s); connections cut: ${after.closed}; market-data resets: ${resets}`);

  // For the collector: one value per figure per invocation (see the top). Names carry the fixed rate and the subscriber count.
  const at = `at ${RATE % 1_000 === 0 ? `${RATE / 1_000}k` : RATE.toLocaleString('en-US')}/s`;
  for (const [label, fixed, max] of [['no subscribers', fixedAlone, maxAlone], [withLabel, fixedWith, maxWith]] as const) {
    reportFigure(`fan-out ack latency p50 ${at}, ${label}`, 'ms', [fixed.r.p50Ms], 'lower');
    reportFigure(`fan-out ack latency p99 ${at}, ${label}`, 'ms', [fixed.r.p99Ms], 'lower');
    reportFigure(`fan-out engine-thread CPU per order ${at}, ${label}`, 'µs', [fixed.engineUsPerOrder], 'lower');
    reportFigure(`fan-out acked orders/s flat out, ${label}`, 'orders/s', [max.r.ackedPerSec], 'higher');
    reportFigure(`fan-out engine-thread CPU per order flat out, ${label}`, 'µs', [max.engineUsPerOrder], 'lower');
  }
  reportFigure(`fan-out flat-out throughput ${withLabel}, share of without`, '%', [throughputShare], 'higher');
  reportFigure(`fan-out engine-thread CPU per order ${withLabel}, change ${at}`, '%', [changePct(fixedAlone.engineUsPerOrder, fixedWith.engineUsPerOrder)], 'lower');
  reportFigure(`fan-out engine-thread CPU per order ${withLabel}, change flat out`, '%', [changePct(maxAlone.engineUsPerOrder, maxWith.engineUsPerOrder)], 'lower');
  reportFigure(`fan-out server CPU per order ${withLabel}, change ${at}`, '%', [changePct(fixedAlone.serverUsPerOrder, fixedWith.serverUsPerOrder)], 'lower');
  reportFigure(`fan-out server CPU per order ${withLabel}, change flat out`, '%', [changePct(maxAlone.serverUsPerOrder, maxWith.serverUsPerOrder)], 'lower');
  reportFigure(`fan-out subscriber process CPU ${at}, ${withLabel}`, '% of a core', [subsCoreFixed], 'lower');
  reportFigure(`fan-out subscriber process CPU flat out, ${withLabel}`, '% of a core', [subsCoreFlat], 'lower');
  reportFigure(`fan-out market-data thread in the feed's code ${at}, ${withLabel}`, '% of server CPU', [feedShareFixed], 'lower');
  reportFigure(`fan-out market-data thread in the feed's code flat out, ${withLabel}`, '% of server CPU', [feedShareFlat], 'lower');
  // Fewer frames for the same bytes is the better feed (trades batched in one frame); more bytes delivered means subscribers kept up with more trading.
  reportFigure(`fan-out frames/s to subscribers, ${withLabel}`, 'frames/s', [framesPerSec], 'lower');
  reportFigure(`fan-out MB/s to subscribers, ${withLabel}`, 'MB/s', [mbPerSec], 'higher');
  reportFigure(`fan-out subscriber connections cut, ${withLabel}`, 'connections', [Number(after.closed)], 'lower');
  reportFigure(`fan-out market-data resets, ${withLabel}`, 'resets', [resets], 'lower');
  await Promise.all(sessions.map((s) => s.close()));
} finally {
  await server.stop();
}
