/**
 * The benches run the server's engine thread (config `engineRealtimePriority`) and the
 * load generator's main thread under SCHED_FIFO at priority 10 while the load leaves
 * room for the rest (src/runtime/realtime-priority.ts), as a latency-bound deployment on these
 * two cores would. BENCH_REALTIME_PRIORITY=N picks another priority, 0 normal
 * scheduling; BENCH_REALTIME_TRACE=1 prints the generator's switches. The fan-out bench
 * defaults to normal scheduling (see there). The bench server's side threads run in the background
 * (config `backgroundThreads`) unless BENCH_BACKGROUND_THREADS=0.
 */
import { RealtimePriorityByLoad } from '../../src/runtime/realtime-priority.js';

/** Read when called, so a bench can set its own default before it starts the server. */
export function benchRealtimePriority(): number {
  return Number(process.env.BENCH_REALTIME_PRIORITY ?? 10);
}

/** One line for a bench's header: how its two processes are scheduled. */
export function benchScheduling(): string {
  const priority = benchRealtimePriority();
  const main = priority === 0
    ? 'normal scheduling (BENCH_REALTIME_PRIORITY=0)'
    : `engine and generator threads SCHED_FIFO ${priority} while the load leaves room (BENCH_REALTIME_PRIORITY=0: normal scheduling)`;
  // The bench server's side threads (bench-server.ts, config `backgroundThreads`).
  const side = process.env.BENCH_BACKGROUND_THREADS === '0' ? 'side threads at normal scheduling' : 'side threads SCHED_IDLE while they keep up (BENCH_BACKGROUND_THREADS=0: normal)';
  return `${main}; ${side}`;
}

/** The generator's own main thread; a bench whose generator cannot take it says so and runs on. */
export function takeGeneratorPriority(): void {
  const priority = benchRealtimePriority();
  if (priority === 0) return;
  const realtime = new RealtimePriorityByLoad({
    priority,
    onSwitch: (isRealtime, busy, outcome) => {
      if (!outcome.ok) console.error(`load generator could not change its scheduling: ${outcome.reason}`);
      else if (process.env.BENCH_REALTIME_TRACE) console.error(`load generator ${isRealtime ? 'real-time' : 'normal'} (thread ${busy.thread.toFixed(2)}, machine ${busy.machine.toFixed(2)} busy)`);
    },
  });
  const outcome = realtime.start();
  if (!outcome.ok) console.error(`load generator left at normal priority: ${outcome.reason}`);
}
