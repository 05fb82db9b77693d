/** A side thread (test/runtime/background-threads.test.ts): says its thread id, then idles until ended, but for 300 ms of work when told 'work'. */
import { readlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

parentPort!.postMessage({ tid: Number(readlinkSync('/proc/thread-self').split('/').pop()) });
parentPort!.on('message', (m: string) => {
  if (m !== 'work') return;
  const until = performance.now() + 300;
  while (performance.now() < until); // the work: CPU time, as a writer's
});
