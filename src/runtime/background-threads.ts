/**
 * The service's side threads (market data, the order history's and the purchase ledger's writers, the
 * statement's) under Linux SCHED_IDLE while they keep up: they then run only on a core no other thread
 * wants, never preempt the engine's thread or a co-located client, and a waking thread of normal
 * scheduling takes their core at once. On two cores their work, in bursts beside the engine's thread, was
 * most of the wire's tail at 50k orders/s; a lower nice value did not change it, nor SCHED_BATCH (which needs no
 * privilege but keeps a normal share), this does (bench/RESULTS.md,
 * "2026-12-04 23:50 – 2026-12-05 00:30 UTC — the side threads in the background").
 *
 * A SCHED_IDLE thread on a host whose cores other work keeps busy could wait without end, so each one's
 * wait for a core is watched (its run-queue wait, /proc/self/task/<tid>/schedstat): a thread that waited
 * most of 15 windows of 200 ms in a row (BACKGROUND_LIMITS) goes back to normal scheduling, as one whose owner
 * sees its work pile up does at once (`behind`), and tries the background again only after a calm spell that
 * doubles each time it had to come back. Leaving SCHED_IDLE needs
 * CAP_SYS_NICE (or RLIMIT_NICE of 20), so without it no thread is put there at all.
 *
 * A thread started with `bootThread(..., { background: true })` gets a cell in its workerData that
 * worker-boot.mjs fills with its thread id; the switches run chrt through a shell forked while the
 * process was small (scheduling-shell.ts). Nothing here runs unless a service holds it (config `backgroundThreads`,
 * off by default: on a host shared with other work the threads would wait for it).
 */
import { readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { threadSchedstat } from './process-stat.js';
import { SchedulingShell, type SchedulingOutcome } from './scheduling-shell.js';

export interface BackgroundLimits {
  windowMs: number;
  /** A window in which the thread waited for a core more than this share of it is a starved one... */
  starvedShare: number;
  /** ...and this many in a row send it back to normal scheduling. */
  starvedWindows: number;
  /** The first calm spell at normal scheduling before it tries the background again; doubled at each return, up to `mostCalmMs`. */
  firstCalmMs: number;
  mostCalmMs: number;
  /** A window in which it waited less than this share counts towards the calm spell. */
  calmShare: number;
}

export const BACKGROUND_LIMITS: BackgroundLimits = {
  windowMs: 200,
  starvedShare: 0.5,
  starvedWindows: 15,
  firstCalmMs: 10_000,
  mostCalmMs: 300_000,
  calmShare: 0.1,
};

/** One thread's way between the background and normal scheduling, from each window's run-queue wait (no I/O: tested alone). */
export class BackgroundPolicy {
  background = false;
  private starved = 0;
  private calmMs = 0;
  private calmNeededMs: number;

  constructor(private readonly limits: BackgroundLimits = BACKGROUND_LIMITS) {
    this.calmNeededMs = limits.firstCalmMs;
  }

  /** The switch a window asks for, if any: `waitedMs` of `windowMs` spent runnable without a core. */
  observe(waitedMs: number, windowMs: number): 'normal' | 'background' | undefined {
    const share = waitedMs / Math.max(windowMs, 1);
    if (this.background) {
      this.starved = share > this.limits.starvedShare ? this.starved + 1 : 0;
      return this.starved >= this.limits.starvedWindows ? 'normal' : undefined;
    }
    this.calmMs = share < this.limits.calmShare ? this.calmMs + windowMs : 0;
    return this.calmMs >= this.calmNeededMs ? 'background' : undefined;
  }

  /** The switch was made. */
  switched(to: 'normal' | 'background'): void {
    this.background = to === 'background';
    this.starved = 0;
    this.calmMs = 0;
    if (to === 'normal') this.calmNeededMs = Math.min(this.calmNeededMs * 2, this.limits.mostCalmMs);
  }
}

/** A thread kept in the background: its name (for the logs), the cell its boot writes its thread id into, and what was last read of it. */
interface Watched {
  name: string;
  cell: Int32Array;
  worker: Worker;
  tid: number;
  policy: BackgroundPolicy;
  waitedNs: number;
  switching: boolean;
}

export interface BackgroundSwitch {
  thread: string;
  to: 'normal' | 'background';
  /** The share of the last window the thread waited for a core; -1 when its owner said it was behind. */
  waitedShare: number;
  outcome: SchedulingOutcome;
}

/** Why this process cannot keep threads in the background, or undefined when it can. */
export function backgroundRefusal(): string | undefined {
  if (process.platform !== 'linux') return 'background scheduling (SCHED_IDLE) is set only on Linux';
  let status: string;
  let limits: string;
  try {
    status = readFileSync('/proc/self/status', 'latin1');
    limits = readFileSync('/proc/self/limits', 'latin1');
  } catch {
    return 'no /proc to read the threads from';
  }
  const CAP_SYS_NICE = 23n;
  const effective = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  if (effective !== undefined && (BigInt(`0x${effective}`) >> CAP_SYS_NICE) & 1n) return undefined;
  // RLIMIT_NICE of 20 lets a thread back to nice 0, and so out of SCHED_IDLE, without the capability.
  const niceLimit = Number(/^Max nice priority\s+(\d+)/m.exec(limits)?.[1] ?? 0);
  if (niceLimit >= 20) return undefined;
  return 'a thread put in the background could not come back without CAP_SYS_NICE (or RLIMIT_NICE 20)';
}

/** The threads of this process kept in the background; one per process, started by each service and shared by them. */
class BackgroundThreads {
  private readonly watched: Watched[] = [];
  private shell: SchedulingShell | undefined;
  private timer: NodeJS.Timeout | undefined;
  private holders = 0;
  private limits = BACKGROUND_LIMITS;
  /** Threads brought back to normal scheduling since the process started: their work piled up, or they waited for a core. */
  private readonly returned = { behind: 0, starved: 0 };
  private onSwitch: ((s: BackgroundSwitch) => void)[] = [];

  /** Starts keeping threads in the background (a holder more when already started); says why not when it cannot. */
  hold(onSwitch: (s: BackgroundSwitch) => void, limits: BackgroundLimits = BACKGROUND_LIMITS): SchedulingOutcome & { release(): void } {
    const reason = backgroundRefusal();
    if (reason !== undefined) return { ok: false, reason, release: () => undefined };
    this.holders += 1;
    this.onSwitch.push(onSwitch);
    if (this.shell === undefined) {
      this.limits = limits;
      this.shell = new SchedulingShell();
      this.timer = setInterval(() => this.watch(), limits.windowMs);
      this.timer.unref();
    }
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.onSwitch = this.onSwitch.filter((f) => f !== onSwitch);
        if (--this.holders === 0) this.stop();
      },
    };
  }

  /** A cell for a thread about to start to write its id into, or undefined when nothing holds the background (the thread then runs as any other). */
  cell(): Int32Array | undefined {
    return this.shell === undefined ? undefined : new Int32Array(new SharedArrayBuffer(4));
  }

  /** `worker`, named `name`, started on `cell`: kept in the background from its boot; forgotten when it ends, as its id may be given to another thread. */
  started(name: string, cell: Int32Array, worker: Worker): void {
    const w: Watched = { name, cell, worker, tid: 0, policy: new BackgroundPolicy(this.limits), waitedNs: 0, switching: false };
    this.watched.push(w);
    worker.once('exit', () => this.forget(w));
  }

  /** For /metrics: the threads now in the background, and those brought back to normal scheduling so far, by why. */
  counts(): { inBackground: number; returnedBehind: number; returnedStarved: number } {
    let inBackground = 0;
    for (const w of this.watched) if (w.policy.background) inBackground++;
    return { inBackground, returnedBehind: this.returned.behind, returnedStarved: this.returned.starved };
  }

  /**
   * The owner of `worker` sees its work pile up (a ring filling, a writer a flush behind): the thread goes back to
   * normal scheduling now rather than after windows of waiting. Cheap when it is not in the background.
   */
  behind(worker: Worker): void {
    for (const w of this.watched) {
      if (w.worker === worker && w.policy.background && !w.switching) this.switchTo(w, 'normal', -1);
    }
  }

  private forget(w: Watched): void {
    const i = this.watched.indexOf(w);
    if (i >= 0) this.watched.splice(i, 1);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.shell?.close();
    this.shell = undefined;
    this.watched.length = 0;
  }

  private watch(): void {
    const limits = this.limits;
    for (const w of this.watched) {
      if (w.tid === 0) {
        w.tid = Atomics.load(w.cell, 0);
        if (w.tid === 0) continue; // not booted yet
        w.waitedNs = threadSchedstat(w.tid)?.waitNs ?? 0;
        this.switchTo(w, 'background', 0); // a thread starts in the background
        continue;
      }
      const waitedNs = threadSchedstat(w.tid)?.waitNs;
      if (waitedNs === undefined) continue; // gone; the exit listener of `started` drops it
      const waitedMs = (waitedNs - w.waitedNs) / 1e6;
      w.waitedNs = waitedNs;
      if (w.switching) continue;
      const to = w.policy.observe(waitedMs, limits.windowMs);
      if (to !== undefined) this.switchTo(w, to, waitedMs / limits.windowMs);
    }
  }

  private switchTo(w: Watched, to: 'normal' | 'background', waitedShare: number): void {
    const shell = this.shell;
    if (shell === undefined) return;
    w.switching = true;
    shell.chrt([to === 'background' ? '--idle' : '--other', '--pid', '0', String(w.tid)], (outcome) => {
      w.switching = false;
      if (outcome.ok) {
        w.policy.switched(to);
        if (to === 'normal') this.returned[waitedShare < 0 ? 'behind' : 'starved'] += 1;
      } else this.forget(w); // said once; the thread stays as it is rather than be tried again every window
      for (const f of this.onSwitch) f({ thread: w.name, to, waitedShare, outcome });
    });
  }
}

export const backgroundThreads = new BackgroundThreads();
