/**
 * A side thread's long piece of work (a writer's transaction of thousands of rows) cut into short runs on the CPU:
 * once a run has lasted `runMs`, the thread sleeps `napMs` before the next. On two cores shared with the engine's
 * thread and a client, a side thread's run of several ms holds a core the engine's thread or the client then waits
 * for (the scheduler lets a thread that has slept run on when another wakes); runs of 0.2 ms with naps between them
 * cost the wire's p99 at 50k orders/s a quarter of what one burst of the same work did (bench/RESULTS.md,
 * "2026-12-05 06:15–08:00"). The work's CPU is the same; its wall time grows by the naps.
 *
 * The sleep is Atomics.wait on a cell nobody notifies: a futex wait that times out, the thread off the CPU. For worker
 * threads (the main thread would stall its event loop too).
 */
export interface ShortRunsOptions {
  runMs: number;
  napMs: number;
  /** performance.now by default; a test's clock. */
  now?: () => number;
  /** Atomics.wait by default; a test's record of the naps. */
  sleep?: (ms: number) => void;
  /**
   * Asked when a nap is due: true when work waits behind this piece (a writer's next flush, a ring filling up), and the
   * thread then runs on. Naps then would only make the queue, and whoever waits for room in it, wait longer.
   */
  behind?: () => boolean;
}

export const SIDE_THREAD_RUNS: ShortRunsOptions = { runMs: 0.2, napMs: 0.05 };

const NAP_CELL = new Int32Array(new SharedArrayBuffer(4));

function napFor(ms: number): void {
  Atomics.wait(NAP_CELL, 0, 0, ms);
}

export class ShortRuns {
  private readonly runMs: number;
  private readonly napMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => void;
  private readonly behind: () => boolean;
  private since = 0;
  /** Naps taken so far (tests). */
  naps = 0;

  constructor(options: ShortRunsOptions = SIDE_THREAD_RUNS) {
    this.runMs = options.runMs;
    this.napMs = options.napMs;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? napFor;
    this.behind = options.behind ?? (() => false);
  }

  /** A piece of work begins: its first run starts now. */
  begin(): void {
    this.since = this.now();
  }

  /** Between two units of the work: sleeps when the run has lasted `runMs` (unless work waits behind), and the next run starts after the nap. */
  breathe(): void {
    if (this.now() - this.since < this.runMs) return;
    if (this.behind()) {
      this.since = this.now();
      return;
    }
    this.sleep(this.napMs);
    this.naps++;
    this.since = this.now();
  }
}
