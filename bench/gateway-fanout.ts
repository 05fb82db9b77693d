/**
 * Market-data fan-out: 1,000 subscribers over 100 series (10 per series, every
 * channel) in their own process, while order flow runs against all 100 series.
 * Compares order throughput and latency without and with the subscribers, and
 * reports what the subscribers received. Three processes share the 2 cores:
 * server, order load generator, subscribers.
 *
 *   npm run bench:fanout             # SECONDS=5 RATE=10000 by default
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { openSessions, runFixedRate, runMax, spawnBenchServer, type RunResult } from './support/load.js';

const SECONDS = Number(process.env.SECONDS ?? 5);
const RATE = Number(process.env.RATE ?? 10_000);
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 1_000);

const server = await spawnBenchServer(100);
/** Seconds the server's main thread has spent on market data so far (from /metrics). */
async function publishSeconds(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  return Number(/^patx_market_data_publish_seconds_total (\S+)$/m.exec(text)?.[1] ?? 0);
}
const fmt = (r: RunResult): string => `${r.ackedPerSec.toLocaleString('en-US')} acked/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, p99.9 ${r.p999Ms.toFixed(2)} ms`;
try {
  const sessions = await openSessions(server.port, 50, server.seriesIds);
  console.log(`${server.seriesIds.length} series, 50 trading sessions, ${SECONDS} s per run\n`);
  const fixedAlone = await runFixedRate(sessions, RATE, SECONDS);
  const maxAlone = await runMax(sessions, 64, SECONDS);

  const subs = spawn(process.execPath, ['--import', 'tsx', 'bench/support/subscribers.ts'], {
    env: { ...process.env, PORT: String(server.port), SUBSCRIBERS: String(SUBSCRIBERS), SERIES_IDS: server.seriesIds.join(',') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: subs.stdout! });
  const next = (): Promise<Record<string, number | boolean>> => new Promise((resolve) => lines.once('line', (l) => resolve(JSON.parse(l) as Record<string, number | boolean>)));
  await next(); // ready
  subs.kill('SIGUSR2');
  const before = await next();
  const t0 = performance.now();
  const p0 = await publishSeconds();
  const fixedWith = await runFixedRate(sessions, RATE, SECONDS);
  const p1 = await publishSeconds();
  const maxWith = await runMax(sessions, 64, SECONDS);
  const p2 = await publishSeconds();
  const elapsedS = (performance.now() - t0) / 1000;
  subs.kill('SIGTERM');
  const after = await next();
  const frames = Number(after.frames) - Number(before.frames);
  const mb = (Number(after.bytes) - Number(before.bytes)) / 1e6;

  console.log('| run | without subscribers | with 1,000 subscribers |');
  console.log('|---|---|---|');
  console.log(`| fixed ${RATE.toLocaleString('en-US')} orders/s | ${fmt(fixedAlone)} | ${fmt(fixedWith)} |`);
  console.log(`| flat out | ${fmt(maxAlone)} | ${fmt(maxWith)} |`);
  console.log(`\nflat-out throughput with subscribers: ${((100 * maxWith.ackedPerSec) / maxAlone.ackedPerSec).toFixed(1)}% of without`);
  // Runs last SECONDS + 1 s warm-up (+ a drain); the share is of the server's main thread over that wall time.
  const share = (sec: number): string => `${((100 * sec) / (SECONDS + 1)).toFixed(1)}%`;
  console.log(`server main thread on market data: ${share(p1 - p0)} of the fixed-rate run, ${share(p2 - p1)} of the flat-out run`);
  console.log(`subscribers received ${Math.round(frames / elapsedS).toLocaleString('en-US')} frames/s (${(mb / elapsedS).toFixed(1)} MB/s); connections cut: ${after.closed}`);
  await Promise.all(sessions.map((s) => s.close()));
} finally {
  await server.stop();
}
