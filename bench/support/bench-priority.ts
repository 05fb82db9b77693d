/**
 * The benches run the server's engine thread (config `engineRealtimePriority`) and the
 * load generator's main thread under SCHED_FIFO, as a latency-bound deployment would:
 * on two shared cores, most of the order->ack tail otherwise is one of them waiting
 * for a core (bench/RESULTS.md). BENCH_REALTIME_PRIORITY sets the priority; 0 turns
 * it off for both.
 */
import { takeRealtimePriority } from '../../src/realtime-priority.js';

export const BENCH_REALTIME_PRIORITY = Number(process.env.BENCH_REALTIME_PRIORITY ?? 10);

/** The generator's own main thread; a bench whose generator cannot take it says so and runs on. */
export function takeGeneratorPriority(): void {
  if (BENCH_REALTIME_PRIORITY === 0) return;
  const outcome = takeRealtimePriority(BENCH_REALTIME_PRIORITY);
  if (!outcome.ok) console.error(`load generator left at normal priority: ${outcome.reason}`);
}
