/**
 * Run with a large young generation (test/runtime/thread-heaps.test.ts): boots a thread as the service does and prints
 * the young generation's size of the main thread and of the thread.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { bootThread } from '../../src/runtime/worker-thread.js';

const entry = new URL('./young-generation-thread.ts', import.meta.url).href;
const worker = bootThread('young-generation', { entry }, { keepsAlive: true });
worker.once('message', (m: { newSpaceBytes: number }) => {
  const main = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;
  console.log(JSON.stringify({ main, thread: m.newSpaceBytes }));
  void worker.terminate();
});
