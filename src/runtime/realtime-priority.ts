/**
 * Real-time scheduling for the engine's thread (Linux SCHED_FIFO, set with util-linux's
 * `chrt`: Node has no call for it). On two shared cores most of an order's tail latency
 * is time the engine's thread spends runnable but not running, behind V8's helper
 * threads, the market-data thread and other processes; a FIFO thread runs as soon as it
 * wakes. Only the process's main thread is changed, with reset-on-fork, so the threads
 * it starts later (libuv's pool, workers) stay at normal priority.
 *
 * A FIFO thread that is busy most of the time starves everything else on the core (V8's
 * GC helpers, the kernel's network work), and flat out the kernel's real-time throttling
 * (`sched_rt_runtime_us`) pauses it outright. So `RealtimePriorityByLoad` holds FIFO only
 * while the load leaves room (the latency-bound case it helps): it gives it back when the
 * thread's CPU time or the machine's climbs past a ceiling, and retakes it after the load
 * has stayed low for a while (hysteresis: switches stay rare). CPU time, not event-loop
 * utilization, because a blocking wait (Atomics.wait, a synchronous read) holds no core.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import { threadSchedstat } from './process-stat.js';
import { SchedulingShell, type SchedulingOutcome } from './scheduling-shell.js';

export type RealtimePriorityOutcome = SchedulingOutcome;

/** Why this thread cannot take real-time priority at all, or undefined when it can try. */
function refusal(priority: number): string | undefined {
  if (!Number.isInteger(priority) || priority < 1 || priority > 99) return `a real-time priority is 1-99, not ${priority}`;
  if (process.platform !== 'linux') return 'real-time priority is set only on Linux';
  // chrt --pid changes the thread whose id it is given; the main thread's id is the process id.
  if (!isMainThread) return 'only the main thread takes real-time priority';
  return undefined;
}

/** chrt's arguments: FIFO at `priority`, or back to normal scheduling (priority 0). */
function chrtArgs(priority: number): string[] {
  return priority > 0 ? ['--reset-on-fork', '--fifo', '--pid', String(priority), String(process.pid)] : ['--other', '--pid', '0', String(process.pid)];
}

/** Puts the calling process's main thread under SCHED_FIFO at `priority` (1-99). Never throws: says why not. */
export function takeRealtimePriority(priority: number): RealtimePriorityOutcome {
  const reason = refusal(priority);
  if (reason !== undefined) return { ok: false, reason };
  try {
    execFileSync('chrt', chrtArgs(priority), { stdio: ['ignore', 'ignore', 'pipe'] });
    return { ok: true };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { ok: false, reason: stderr || (error as Error).message };
  }
}

/** The CPU time this process's main thread has used, in ns (its id is the process's). */
function mainThreadCpuNs(): number {
  return threadSchedstat(process.pid)?.cpuNs ?? 0;
}

/** The machine's CPU time so far, busy and in all, summed over its cores (in clock ticks, from /proc/stat). */
function machineCpuTicks(): { busy: number; total: number } {
  // cpu  user nice system idle iowait irq softirq steal ...
  const fields = readFileSync('/proc/stat', 'latin1').slice(0, 200).split('\n', 1)[0]!.trim().split(/ +/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, ticks) => sum + ticks, 0);
  return { busy: total - fields[3]! - fields[4]!, total };
}

/** Busy shares over one window: the main thread's (of one core) and the machine's (of all its cores). */
export interface BusyShares {
  thread: number;
  machine: number;
}

/** When a FIFO main thread leaves too little for the rest, and when there is room again. */
export interface RealtimeByLoadLimits {
  /** Normal scheduling once, over `releaseAfterWindows` windows in a row, the thread is busier than this... */
  releaseAboveThreadBusy: number;
  /** ...or the machine is (a FIFO thread then delays the threads that need the rest). */
  releaseAboveMachineBusy: number;
  /** More than one, so a burst (start-up, a GC) does not cost a switch. */
  releaseAfterWindows: number;
  /** Real-time again after `retakeAfterWindows` windows in a row below both of these. */
  retakeBelowThreadBusy: number;
  retakeBelowMachineBusy: number;
  retakeAfterWindows: number;
  windowMs: number;
}

/**
 * Measured on two cores (bench/HISTORY.md, Gateway), in 200-ms windows: the engine's thread is
 * 40-70% busy at 20k orders/s and 80-100% from 100k on; the machine 40-55% at 20k,
 * 55-75% at 50k, 85-95% at 100k, and 70-80% flat out (the engine's thread, always busy,
 * is the bottleneck there).
 */
export const REALTIME_BY_LOAD_LIMITS: RealtimeByLoadLimits = {
  releaseAboveThreadBusy: 0.85,
  releaseAboveMachineBusy: 0.7,
  releaseAfterWindows: 2,
  retakeBelowThreadBusy: 0.7,
  retakeBelowMachineBusy: 0.55,
  retakeAfterWindows: 5,
  windowMs: 200,
};

export interface RealtimeByLoadOptions {
  /** SCHED_FIFO priority, 1-99. */
  priority: number;
  limits?: RealtimeByLoadLimits;
  /** Each switch after the first take, once chrt has made it (or failed to). */
  onSwitch?: (realtime: boolean, busy: BusyShares, outcome: RealtimePriorityOutcome) => void;
}

/**
 * Real-time priority for the main thread while the load leaves room for the rest (see
 * the file's comment). Switches run chrt asynchronously through the scheduling shell,
 * one at a time, so the thread never blocks on them.
 */
export class RealtimePriorityByLoad {
  private readonly limits: RealtimeByLoadLimits;
  private realtime = false;
  private switching = false;
  private busyWindows = 0;
  private calmWindows = 0;
  private shell: SchedulingShell | undefined;
  private lastThreadCpuNs = 0;
  private lastWallMs = 0;
  private lastMachine = { busy: 0, total: 0 };
  private timer: NodeJS.Timeout | undefined;
  private switches = 0;

  constructor(private readonly options: RealtimeByLoadOptions) {
    this.limits = options.limits ?? REALTIME_BY_LOAD_LIMITS;
  }

  /** Takes real-time priority now and starts watching the load; says why not when it cannot. */
  start(): RealtimePriorityOutcome {
    const outcome = takeRealtimePriority(this.options.priority);
    if (!outcome.ok) return outcome;
    this.realtime = true;
    this.shell = new SchedulingShell();
    this.measure();
    this.timer = setInterval(() => this.watch(), this.limits.windowMs);
    this.timer.unref();
    return outcome;
  }

  /** Stops watching; the thread keeps the scheduling it has. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.shell?.close();
    this.shell = undefined;
  }

  /** Switches made since start (both ways). */
  get switchCount(): number {
    return this.switches;
  }

  /** Busy shares since the previous call. */
  private measure(): BusyShares {
    const threadCpuNs = mainThreadCpuNs();
    const wallMs = performance.now();
    const machine = machineCpuTicks();
    const busy = {
      thread: (threadCpuNs - this.lastThreadCpuNs) / 1e6 / Math.max(wallMs - this.lastWallMs, 1),
      machine: (machine.busy - this.lastMachine.busy) / Math.max(machine.total - this.lastMachine.total, 1),
    };
    this.lastThreadCpuNs = threadCpuNs;
    this.lastWallMs = wallMs;
    this.lastMachine = machine;
    return busy;
  }

  private watch(): void {
    const busy = this.measure();
    if (this.switching) return;
    const limits = this.limits;
    if (this.realtime) {
      const busier = busy.thread > limits.releaseAboveThreadBusy || busy.machine > limits.releaseAboveMachineBusy;
      this.busyWindows = busier ? this.busyWindows + 1 : 0;
      if (this.busyWindows >= limits.releaseAfterWindows) this.switchTo(false, busy);
    } else {
      const calm = busy.thread < limits.retakeBelowThreadBusy && busy.machine < limits.retakeBelowMachineBusy;
      this.calmWindows = calm ? this.calmWindows + 1 : 0;
      if (this.calmWindows >= limits.retakeAfterWindows) this.switchTo(true, busy);
    }
  }

  private switchTo(realtime: boolean, busy: BusyShares): void {
    const shell = this.shell;
    if (shell === undefined) return;
    this.switching = true;
    this.busyWindows = 0;
    this.calmWindows = 0;
    shell.chrt(chrtArgs(realtime ? this.options.priority : 0), (outcome) => {
      this.switching = false;
      if (outcome.ok) {
        this.realtime = realtime;
        this.switches += 1;
      }
      this.options.onSwitch?.(realtime, busy, outcome);
    });
  }
}
