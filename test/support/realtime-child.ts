/**
 * Child for test/app/realtime-priority.test.ts, so the test runner keeps its own
 * scheduling. Prints one JSON line per step and waits to be killed.
 *
 *   realtime-child.ts take <priority>     takes real-time priority, starts a worker thread
 *   realtime-child.ts by-load <priority>  RealtimePriorityByLoad (thread limits only, 100 ms
 *                                         windows): spins until it gives real-time up, then
 *                                         idles until it takes it back
 */
import { Worker } from 'node:worker_threads';
import { RealtimePriorityByLoad, takeRealtimePriority } from '../../src/runtime/realtime-priority.js';
import { threadScheduling } from './thread-scheduling.js';

const [mode, priorityArg] = process.argv.slice(2);
const priority = Number(priorityArg);
const print = (line: object): void => void process.stdout.write(JSON.stringify({ ...line, scheduling: threadScheduling(process.pid, process.pid) }) + '\n');
setInterval(() => {}, 1_000);

if (mode === 'take') {
  const outcome = takeRealtimePriority(priority);
  const worker = new Worker('setInterval(() => {}, 1_000);', { eval: true });
  worker.once('online', () => print({ outcome }));
} else {
  let spinning = true;
  const realtime = new RealtimePriorityByLoad({
    priority,
    // The machine's load is the test runner's business: only the thread's own decides here.
    limits: { releaseAboveThreadBusy: 0.85, releaseAboveMachineBusy: 2, releaseAfterWindows: 2, retakeBelowThreadBusy: 0.5, retakeBelowMachineBusy: 2, retakeAfterWindows: 2, windowMs: 100 },
    onSwitch: (isRealtime, busy, outcome) => {
      if (!isRealtime) spinning = false;
      print({ switchedTo: isRealtime ? 'realtime' : 'normal', busy, outcome, switches: realtime.switchCount });
      if (isRealtime) realtime.stop();
    },
  });
  print({ outcome: realtime.start() });
  // Busy in 5-ms slices, so the window timer still runs between them (at most 5 s).
  const spinUntil = Date.now() + 5_000;
  const spin = (): void => {
    const sliceEnd = performance.now() + 5;
    while (performance.now() < sliceEnd);
    if (spinning && Date.now() < spinUntil) setImmediate(spin);
  };
  spin();
}
