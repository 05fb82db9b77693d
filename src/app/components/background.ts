/**
 * The side threads in the background while they keep up (src/runtime/background-threads.ts). Held before the
 * first of them starts: the threads started before it run at normal scheduling.
 */
import { backgroundThreads } from '../../runtime/background-threads.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';

/** Holds the background when `backgroundThreads` asks for it; an info line, and nothing held, when the machine refuses it. */
export function holdBackgroundThreads(config: Config, log: Logger): { close(): void } {
  if (!config.backgroundThreads) return { close: () => undefined };
  const held = backgroundThreads.hold(({ thread, to, waitedShare, outcome }) => {
    const fields = waitedShare < 0 ? { thread } : { thread, waitedShare: Math.round(waitedShare * 100) / 100 };
    if (!outcome.ok) log.warn({ ...fields, to, reason: outcome.reason }, 'a side thread could not change its scheduling');
    else if (to === 'normal') log.warn(fields, waitedShare < 0 ? 'side thread back at normal scheduling: its work piled up' : 'side thread back at normal scheduling: it waited for a core most of the time');
    else log.debug(fields, 'side thread in the background (SCHED_IDLE)');
  });
  if (!held.ok) log.info({ reason: held.reason }, 'side threads left at normal scheduling');
  else log.info('side threads in the background (SCHED_IDLE) while they keep up');
  return { close: () => held.release() };
}
