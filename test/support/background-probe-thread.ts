/** A side thread with nothing to do (test/runtime/background-threads.test.ts): says its thread id, then idles until ended. */
import { readlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

parentPort!.postMessage({ tid: Number(readlinkSync('/proc/thread-self').split('/').pop()) });
setInterval(() => undefined, 1_000);
