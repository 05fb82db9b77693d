/**
 * A bench server's event-loop delay and GC pauses, watched from now on and said in one line at
 * exit: the PATX bench server and the bare order server print the same, so their pauses compare.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** Starts watching; returns the line to print (`<who>: event-loop delay … GC pauses …`). */
export function watchPauses(who: string): () => string {
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const gcPauses: number[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcPauses.push(e.duration);
  }).observe({ entryTypes: ['gc'] });
  return () => {
    gcPauses.sort((a, b) => a - b);
    const ms = (ns: number): string => (ns / 1e6).toFixed(2);
    return (
      `${who}: event-loop delay p50 ${ms(loopDelay.percentile(50))} p99 ${ms(loopDelay.percentile(99))} max ${ms(loopDelay.max)} ms; ` +
      `GC pauses ${gcPauses.length}, p50 ${(gcPauses[Math.floor(gcPauses.length * 0.5)] ?? 0).toFixed(2)} p99 ${(gcPauses[Math.floor(gcPauses.length * 0.99)] ?? 0).toFixed(2)} max ${(gcPauses.at(-1) ?? 0).toFixed(2)} ms, ${gcPauses.reduce((a, b) => a + b, 0).toFixed(0)} ms in all\n`
    );
  };
}
