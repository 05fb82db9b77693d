/**
 * How the service's threads start (`bootThread`: every one, through src/gateway/worker-boot.mjs, which loads the
 * compiled entry when the service runs compiled; named for profiles), and how its writer and follower threads (the
 * purchase ledger's writer, the order history's, the account statement's) also end (`startThread`, `closeThread`): never
 * what keeps the process alive (what a thread has not written, the journal gives again at the next start), and ended by
 * a message the thread answers once it has written what it holds.
 */
import { setPriority } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { backgroundThreads } from './background-threads.js';

/** A thread's young generation at most, a semi-space in MB: V8's own default on 64-bit hosts. */
const THREAD_SEMI_SPACE_MB = 16;
let threadHeapsSized = false;

/**
 * The service runs with a 64 MB young generation fixed from the start for the engine's thread (package.json's
 * `--min-semi-space-size=64 --max-semi-space-size=64`: bench/RESULTS.md, the wire's cold start), and V8 gives every
 * isolate of the process what its flags say: each thread committed 128 MB of young generation, resident once its
 * collections had gone through it. A worker's `resourceLimits.maxYoungGenerationSizeMb` does
 * not override those flags; flags set after the main isolate is made do, for isolates made later (Node keeps V8's
 * flags writable after start for `v8.setFlagsFromString`). So before the first thread its isolates get V8's own sizes
 * back: starting at 1 MB, growing to THREAD_SEMI_SPACE_MB. At 50k orders/s on the wire bench the process's peak RSS
 * was 786–792 MB against 968–987, its CPU an order and p99 the same (bench/RESULTS.md, "2026-12-04 22:05–22:12").
 */
export function sizeThreadHeaps(): void {
  if (threadHeapsSized) return;
  threadHeapsSized = true;
  setFlagsFromString('--min-semi-space-size=0');
  setFlagsFromString(`--max-semi-space-size=${THREAD_SEMI_SPACE_MB}`);
}

/**
 * A thread on `data.entry` (its source's URL), booted through worker-boot.mjs and named `name`: every thread of the service
 * starts here. Never what keeps the process alive unless `keepsAlive`; `env` replaces the thread's copy of process.env.
 */
export function bootThread<Data extends { entry: string }>(name: string, data: Data, options: { keepsAlive?: boolean; env?: NodeJS.ProcessEnv; background?: boolean } = {}): Worker {
  sizeThreadHeaps();
  // A thread in the background (background-threads.ts) writes its thread id into this cell as it boots.
  const tidCell = options.background === true ? backgroundThreads.cell() : undefined;
  const workerData = tidCell === undefined ? data : { ...data, tidCell };
  const worker = new Worker(new URL('../gateway/worker-boot.mjs', import.meta.url), { workerData, name, ...(options.env === undefined ? {} : { env: options.env }) });
  if (tidCell !== undefined) backgroundThreads.started(name, tidCell, worker);
  if (options.keepsAlive !== true) worker.unref();
  return worker;
}

/**
 * Starts a writer or follower thread on `data.entry`, kept in the background while it keeps up (background-threads.ts). Its messages go to `heard`; `ended` is called when it fails (with its error) or exits
 * (without), a close's exit included: the caller tells the two apart.
 */
export function startThread<From>(name: string, data: { entry: string }, heard: (m: From) => void, ended: (error?: Error) => void): Worker {
  const worker = bootThread(name, data, { background: true });
  worker.on('message', heard);
  worker.on('error', (error) => ended(error));
  worker.on('exit', () => ended());
  return worker;
}

/** Posts `close` and resolves once the thread has answered with its last message (`isLast`: closed, or failed) and exited. */
export function closeThread<From>(worker: Worker, close: unknown, isLast: (m: From) => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.on('message', (m: From) => {
      if (isLast(m)) void worker.terminate();
    });
    worker.postMessage(close);
  });
}

/**
 * Lowers the calling thread's scheduling priority to `nice` (0–19; Linux: `setpriority` on pid 0 changes the calling
 * thread only, and raising a nice value needs no privilege): the statement's thread and market data's, which serve
 * readers, not the order path. Returns why not, or undefined when done.
 */
export function lowerThreadPriority(nice: number): string | undefined {
  try {
    setPriority(nice);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error); // a platform without per-thread priorities: it runs at the process's
  }
}
