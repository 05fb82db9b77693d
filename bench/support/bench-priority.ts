/**
 * BENCH_REALTIME_PRIORITY=N (1-99) runs the server's engine thread (config
 * `engineRealtimePriority`) and the load generator's main thread under SCHED_FIFO, as a
 * latency-bound deployment would. Off (0) by default, like the service: on two shared
 * cores it cuts the order->ack tail at 20k orders/s, but near saturation two real-time
 * threads leave too little for everything else (bench/RESULTS.md).
 */
import { takeRealtimePriority } from '../../src/realtime-priority.js';

export const BENCH_REALTIME_PRIORITY = Number(process.env.BENCH_REALTIME_PRIORITY ?? 0);

/** The generator's own main thread; a bench whose generator cannot take it says so and runs on. */
export function takeGeneratorPriority(): void {
  if (BENCH_REALTIME_PRIORITY === 0) return;
  const outcome = takeRealtimePriority(BENCH_REALTIME_PRIORITY);
  if (!outcome.ok) console.error(`load generator left at normal priority: ${outcome.reason}`);
}
