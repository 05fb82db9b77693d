/**
 * The first seconds after a start: a fresh PATX server (bench/support/bench-server.ts, started
 * as `npm start` starts, warm-ups included) meets 50 sessions sending 50k orders/s at once, and
 * the acks of its first and second second are timed from the first order. Each round starts one
 * server per start mode, alternated, so the modes meet the same host:
 *
 *   warmed      the start's warm-ups as configured by default (src/app/rehearsal.ts, then
 *               src/app/order-path-warm-up.ts)
 *   last pass   only the scratch-engine pass before the gateway listens (no rehearsal)
 *   cold        neither
 *
 *   npm run bench:cold-start              # ROUNDS=4 RATE=50000
 *
 * The load generator's own code is warmed first on a bare server (bench/support/bare-order-server.ts),
 * so a cold generator does not read as a cold server. Prints each run and the medians; not judged
 * (a start's first second has no target in the issues; bench/RESULTS.md keeps the figures).
 */
import { openSessions, runFixedRate, spawnBenchServer } from './support/load.js';
import { loadavg, median, reportFigure } from './support/figures.js';

const ROUNDS = Number(process.env.ROUNDS ?? 4);
const RATE = Number(process.env.RATE ?? 50_000);
const SESSIONS = 50;
const SERIES = 10;

interface Mode {
  name: string;
  env: Record<string, string>;
  first: number[];
  second: number[];
}
const modes: Mode[] = [
  { name: 'warmed', env: {}, first: [], second: [] },
  { name: 'last pass', env: { BENCH_REHEARSAL_ORDERS: '0' }, first: [], second: [] },
  { name: 'cold', env: { BENCH_REHEARSAL_ORDERS: '0', BENCH_WARM_UP_ORDERS: '0' }, first: [], second: [] },
];

console.log(`bench:cold-start ${new Date().toISOString()}; ${ROUNDS} rounds; ${SESSIONS} sessions at ${RATE.toLocaleString('en-US')} orders/s from the first order; load average ${loadavg()}\n`);
const seriesIds = Array.from({ length: SERIES }, (_, i) => i + 1);
const bare = await spawnBenchServer(0, 'bench/support/bare-order-server.ts', { BENCH_SERIES_IDS: seriesIds.join(',') });
await runFixedRate(await openSessions(bare.port, SESSIONS, seriesIds), RATE, 4);
await bare.stop();

console.log('| round | start | first second p50 ms | first second p99 ms | second second p99 ms | generator late p99 ms |');
console.log('|---|---|---|---|---|---|');
for (let round = 1; round <= ROUNDS; round++) {
  for (const mode of round % 2 === 1 ? modes : [...modes].reverse()) {
    const server = await spawnBenchServer(SERIES, 'bench/support/bench-server.ts', mode.env);
    const sessions = await openSessions(server.port, SESSIONS, server.seriesIds);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const first = await runFixedRate(sessions, RATE, 1, 0);
    const second = await runFixedRate(sessions, RATE, 1, 0);
    await server.stop();
    mode.first.push(first.p99Ms);
    mode.second.push(second.p99Ms);
    console.log(`| ${round} | ${mode.name} | ${first.p50Ms.toFixed(1)} | ${first.p99Ms.toFixed(1)} | ${second.p99Ms.toFixed(1)} | ${first.sendLateP99Ms.toFixed(1)} |`);
  }
}

console.log(`\nMedians over ${ROUNDS} rounds (range); load average ${loadavg()}\n`);
console.log('| start | first second p99 ms | second second p99 ms |');
console.log('|---|---|---|');
const range = (xs: number[]): string => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
for (const mode of modes) {
  console.log(`| ${mode.name} | ${range(mode.first)} | ${range(mode.second)} |`);
  reportFigure(`cold start ${mode.name}: first second ack p99 at ${RATE / 1_000}k/s`, 'ms', mode.first, 'lower');
}
process.exit(0);
