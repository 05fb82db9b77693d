/** A thread that says how large its isolate's young generation may grow (test/runtime/thread-heaps.test.ts). */
import { getHeapSpaceStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';

const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!;
parentPort!.postMessage({ newSpaceBytes: newSpace.space_size });
