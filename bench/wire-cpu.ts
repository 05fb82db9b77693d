/**
 * CPU per order of one order-entry server's threads (issue 79): the PATX bench server (WHICH=patx, the
 * default) or the bare uWebSockets.js + LMDB server (WHICH=bare), driven by bench:wire's load generator
 * at one rate. Latency on a shared 2-core host swings with its load; CPU time per order (read from
 * /proc per thread, divided by the orders acked) swings less, so two versions of the code can be
 * compared in alternated invocations when p99s cannot. Prints, per run, p50/p99 and µs of CPU per order
 * for the process, its main thread and each other thread above 20 ms.
 *
 *   RATE=5000 SECS=5 RUNS=2 npx tsx bench/wire-cpu.ts      # PROF=1 adds a CPU profile per thread in .tmp/prof
 *
 * IDLE_SECS=5 first reads the CPU the server's threads take with the sessions open and no orders
 * (ms per second per thread): what an idle exchange costs the cores (the market-data thread's poll).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { openSessions, processCpuMs, runFixedRate, spawnBenchServer, threadCpuMs } from './support/load.js';

const which = process.env.WHICH ?? 'patx';
const rate = Number(process.env.RATE ?? 20_000);
const seconds = Number(process.env.SECS ?? 4);
const runs = Number(process.env.RUNS ?? 3);
const SERIES = 10;

const patx = which === 'patx' ? await spawnBenchServer(SERIES) : undefined;
const server = patx ?? (await spawnBenchServer(0, 'bench/support/bare-order-server.ts', { BENCH_SERIES_IDS: Array.from({ length: SERIES }, (_, i) => i + 1).join(',') }));
const pid = server.child.pid!;
const sessions = await openSessions(server.port, 50, server.seriesIds);
await new Promise((resolve) => setTimeout(resolve, 1_500));
await runFixedRate(sessions, rate, 2); // warm-up, not counted

/** CPU ms so far of each thread, by "tid:name". */
function threads(): Map<string, number> {
  return new Map(readdirSync(`/proc/${pid}/task`).map((t) => [`${t}:${readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim()}`, threadCpuMs(pid, Number(t))]));
}

const idleSeconds = Number(process.env.IDLE_SECS ?? 0);
if (idleSeconds > 0) {
  const before = threads();
  const process0 = processCpuMs(pid);
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1_000));
  const after = threads();
  const perSecond = (ms: number): string => (ms / idleSeconds).toFixed(1);
  const busy = [...after].filter(([k, ms]) => ms - (before.get(k) ?? 0) > 0).map(([k, ms]) => `${k.split(':')[1]}${k.startsWith(`${pid}:`) ? ' (main)' : ''} ${perSecond(ms - (before.get(k) ?? 0))}`);
  console.log(`${which} idle ${idleSeconds} s: CPU ms per second: process ${perSecond(processCpuMs(pid) - process0)}; threads: ${busy.join(', ')}`);
}

for (let i = 0; i < runs; i++) {
  const before = threads();
  const process0 = processCpuMs(pid);
  const main0 = threadCpuMs(pid, pid);
  const r = await runFixedRate(sessions, rate, seconds);
  const after = threads();
  const orders = r.ackedPerSec * (seconds + 1); // runFixedRate's second of warm-up is in the CPU read too
  // /proc counts CPU in 10 ms ticks: over a 5 s run at 50k orders/s a hundredth of a µs an order is 3 ticks.
  const perOrder = (ms: number, digits = 1): string => ((1_000 * ms) / orders).toFixed(digits);
  const others = [...after]
    .filter(([k, ms]) => !k.startsWith(`${pid}:`) && ms - (before.get(k) ?? 0) >= 20)
    .map(([k, ms]) => {
      const [tid, name] = k.split(':'); // the thread's id less the main thread's: V8's helper threads are the first few
      return `${name}+${Number(tid) - pid} ${perOrder(ms - (before.get(k) ?? 0), 2)}`;
    })
    .join(', ');
  console.log(
    `${which} ${rate}/s: p50 ${r.p50Ms.toFixed(2)} p99 ${r.p99Ms.toFixed(2)} ms; µs of CPU per order: process ${perOrder(processCpuMs(pid) - process0)}, main thread ${perOrder(threadCpuMs(pid, pid) - main0)}; other threads: ${others}`,
  );
}
for (const s of sessions) await s.close();
await server.stop();
