/**
 * Real-time scheduling for the engine's thread (Linux SCHED_FIFO, set with util-linux's
 * `chrt`: Node has no call for it). On two shared cores most of an order's tail latency
 * is time the engine's thread spends runnable but not running, behind V8's helper
 * threads, the market-data thread and other processes; a FIFO thread runs as soon as it
 * wakes. Only the process's main thread is changed, with reset-on-fork, so the threads
 * it starts later (libuv's pool, workers) stay at normal priority. The engine's thread
 * blocks between turns, so it holds no core while idle; flat out it can take a whole
 * core, less the share the kernel keeps for everything else (`sched_rt_runtime_us`,
 * 5% by default).
 */
import { execFileSync } from 'node:child_process';
import { isMainThread } from 'node:worker_threads';

export type RealtimePriorityOutcome = { ok: true } | { ok: false; reason: string };

/** Puts the calling process's main thread under SCHED_FIFO at `priority` (1-99). Never throws: says why not. */
export function takeRealtimePriority(priority: number): RealtimePriorityOutcome {
  if (!Number.isInteger(priority) || priority < 1 || priority > 99) return { ok: false, reason: `a real-time priority is 1-99, not ${priority}` };
  if (process.platform !== 'linux') return { ok: false, reason: 'real-time priority is set only on Linux' };
  // chrt -p changes the thread whose id it is given; the main thread's id is the process id.
  if (!isMainThread) return { ok: false, reason: 'only the main thread takes real-time priority' };
  try {
    execFileSync('chrt', ['--reset-on-fork', '--fifo', '--pid', String(priority), String(process.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { ok: true };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { ok: false, reason: stderr || (error as Error).message };
  }
}
