/**
 * Run as its own process (test/runtime/background-threads.test.ts: the threads' scheduling is the process's, and a
 * test file's process may hold services of other files). Holds the background with the limits named by argv[2]
 * ('default'; 'starving': every window counts as starved; 'behind': as 'default', and its owner says it is behind
 * once it is in the background), starts one side thread, and prints a JSON line for
 * each change of the thread's scheduling policy read from /proc (0 normal, 5 SCHED_IDLE) and each switch reported,
 * or the refusal, and at the end what /metrics would count; it exits after `argv[3]` ms.
 */
import { readFileSync } from 'node:fs';
import { BACKGROUND_LIMITS, backgroundThreads } from '../../src/runtime/background-threads.js';
import { bootThread } from '../../src/runtime/worker-thread.js';

const say = (line: object): void => void process.stdout.write(JSON.stringify(line) + '\n');
const limits = process.argv[2] === 'starving' ? { ...BACKGROUND_LIMITS, windowMs: 50, starvedShare: -1, firstCalmMs: 60_000 } : { ...BACKGROUND_LIMITS, windowMs: 50 };
const held = backgroundThreads.hold((s) => say({ switched: s.to, thread: s.thread, ok: s.outcome.ok }), limits);
if (!held.ok) say({ refused: held.reason });

const SCHED_IDLE = 5;

/** The thread's scheduling policy: field 41 of its stat line, counted from the last ')' (field 2 may hold spaces). */
function policy(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[41 - 3]);
}

const worker = bootThread('probe', { entry: new URL('./background-probe-thread.ts', import.meta.url).href }, { keepsAlive: true, background: true });
worker.once('message', ({ tid }: { tid: number }) => {
  let last = -1;
  const watch = setInterval(() => {
    const now = policy(tid);
    if (now !== last) say({ policy: now });
    if (now === SCHED_IDLE && process.argv[2] === 'behind') backgroundThreads.behind(worker);
    last = now;
  }, 10);
  setTimeout(() => {
    clearInterval(watch);
    say({ counts: backgroundThreads.counts() });
    held.release();
    void worker.terminate();
  }, Number(process.argv[3] ?? 1_000));
});
