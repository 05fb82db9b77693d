/**
 * A market-data subscriber that reads too slowly, in a thread of its own (slow-market-reader-thread.ts):
 * for the slow-consumer test, whose main thread is busy quoting.
 */
import { Worker } from 'node:worker_threads';
import type { SlowReaderData } from './slow-market-reader-thread.js';

export interface SlowReader {
  /** Every byte the subscriber read, once its socket closed. */
  read: Promise<Buffer>;
  /** Ends the thread (and its socket), if it is still running. */
  stop(): Promise<void>;
}

/** Starts the reader; resolves once it is connected and has sent `send`. */
export async function startSlowReader(data: SlowReaderData): Promise<SlowReader> {
  // Its entry is the tests' own, in no build of the service: without PATX_SERVICE_DIST (test/support/build-service.ts) worker-boot.mjs runs it through tsx.
  const { PATX_SERVICE_DIST: _, ...env } = process.env;
  const worker = new Worker(new URL('../../src/gateway/worker-boot.mjs', import.meta.url), {
    workerData: { ...data, entry: new URL('./slow-market-reader-thread.ts', import.meta.url).href },
    env,
  });
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the slow reader's thread exited (${code})`)));
  });
  failed.catch(() => undefined);
  const message = (key: 'connected' | 'read'): Promise<unknown> =>
    Promise.race([new Promise((resolve) => worker.on('message', (m: Record<string, unknown>) => key in m && resolve(m[key]))), failed]);
  const read = message('read').then((bytes) => Buffer.from(bytes as Uint8Array));
  read.catch(() => undefined);
  await message('connected');
  return { read, stop: () => worker.terminate().then(() => undefined) };
}
