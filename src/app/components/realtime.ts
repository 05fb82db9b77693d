/**
 * The engine's thread under SCHED_FIFO while its load is low (src/runtime/realtime-priority.ts).
 * Taken right after the journal opens, before the recovery: its scheduling shell is forked while
 * the process is still small.
 */
import type { Logger } from '../../runtime/log.js';
import { REALTIME_BY_LOAD_LIMITS, RealtimePriorityByLoad } from '../../runtime/realtime-priority.js';
import type { Config } from '../config.js';

/** Holds the priority when `engineRealtimePriority` asks for it; a warning, and nothing held, when the machine refuses it. */
export function holdRealtimePriority(config: Config, log: Logger): { close(): void } {
  const realtime = config.engineRealtimePriority > 0 ? takeRealtime(config.engineRealtimePriority, log) : undefined;
  return { close: () => realtime?.stop() };
}

function takeRealtime(priority: number, log: Logger): RealtimePriorityByLoad | undefined {
  const realtime = new RealtimePriorityByLoad({
    priority,
    onSwitch: (isRealtime, busy, outcome) => {
      const fields = { priority: isRealtime ? priority : 0, threadBusy: round2(busy.thread), machineBusy: round2(busy.machine) };
      if (!outcome.ok) log.warn({ ...fields, reason: outcome.reason }, 'engine thread could not change its scheduling');
      else log.info(fields, isRealtime ? 'engine thread back at real-time priority: the load leaves room' : 'engine thread at normal priority: the load is high');
    },
  });
  const outcome = realtime.start();
  if (!outcome.ok) {
    log.warn({ priority, reason: outcome.reason }, 'engine thread left at normal priority');
    return undefined;
  }
  log.info({ priority, limits: REALTIME_BY_LOAD_LIMITS }, 'engine thread at real-time priority (SCHED_FIFO) while the load leaves room');
  return realtime;
}

function round2(share: number): number {
  return Math.round(share * 100) / 100;
}
