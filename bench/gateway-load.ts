/**
 * Order entry over WebSocket on loopback, the whole path: protobuf frames from
 * many wallet sessions, the gateway, the sequencer, the LMDB journal, acks after
 * commit. The server runs in its own process; this process is the load
 * generator (both share the machine's 2 cores). Prints acked orders/s and
 * order->ack latency at fixed offered rates, then flat out.
 *
 *   npm run bench:gateway            # SECONDS=5 SESSIONS=50 by default
 */
import { openSessions, runFixedRate, runMax, spawnBenchServer, type RunResult } from './support/load.js';

const SECONDS = Number(process.env.SECONDS ?? 5);
const SESSIONS = Number(process.env.SESSIONS ?? 50);
const RATES = (process.env.RATES ?? '5000,20000,50000,100000').split(',').map(Number);

function row(label: string, r: RunResult): string {
  const ms = (v: number): string => (Number.isNaN(v) ? '-' : v.toFixed(3));
  return `| ${label} | ${r.ackedPerSec.toLocaleString('en-US')} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${ms(r.p999Ms)} | ${ms(r.maxMs)} | ${r.errors} |`;
}

const server = await spawnBenchServer(10);
try {
  const sessions = await openSessions(server.port, SESSIONS, server.seriesIds);
  console.log(`${SESSIONS} sessions, ${server.seriesIds.length} series, ${SECONDS} s per run (after 1 s warm-up)\n`);
  console.log('| offered orders/s | acked orders/s | p50 ms | p99 ms | p99.9 ms | max ms | errors |');
  console.log('|---|---|---|---|---|---|---|');
  for (const rate of RATES) console.log(row(rate.toLocaleString('en-US'), await runFixedRate(sessions, rate, SECONDS)));
  console.log(row('flat out (window 64/session)', await runMax(sessions, 64, SECONDS)));
  await Promise.all(sessions.map((s) => s.client.close()));
} finally {
  await server.stop();
}
