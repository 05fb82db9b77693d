/**
 * An order history writer thread (src/gateway/order-history-flush.ts, real LMDB writes) that is slow or fails on
 * demand, as a slow or full disk would make it: the entry's URL says how (`?holdMs=N` holds each flush N ms before
 * writing it; `&failAt=K` throws instead of writing flush K, and so writes nothing from it on). For
 * test/gateway/order-history-writer.test.ts; importing this module would start a writer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveOrderHistoryWrites } from '../../src/gateway/order-history-flush.js';
import type { OrderHistoryWriterData } from '../../src/gateway/order-history-writer.js';

const asked = new URL(import.meta.url).searchParams;
const holdMs = Number(asked.get('holdMs') ?? 0);
const failAt = Number(asked.get('failAt') ?? 0);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

serveOrderHistoryWrites(parentPort!, workerData as OrderHistoryWriterData, (no) => {
  if (holdMs > 0) Atomics.wait(sleeper, 0, 0, holdMs);
  if (no === failAt) throw new Error('MDB_MAP_FULL: mdb_put: Environment mapsize limit reached (simulated)');
});
