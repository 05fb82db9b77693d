/**
 * Child for test/service/realtime-priority.test.ts: takes real-time priority at
 * argv[2] (its main thread), then starts a worker thread, prints
 * {outcome, workerStarted} and waits to be killed, so the test can read every
 * thread's scheduling from /proc.
 */
import { Worker } from 'node:worker_threads';
import { takeRealtimePriority } from '../../src/realtime-priority.js';

const outcome = takeRealtimePriority(Number(process.argv[2]));
const worker = new Worker('setInterval(() => {}, 1_000);', { eval: true });
worker.once('online', () => process.stdout.write(JSON.stringify({ outcome }) + '\n'));
setInterval(() => {}, 1_000);
