/**
 * A purchase writer thread (src/catalog/purchase-writes.ts, real LMDB writes) whose transaction
 * throws, and so rolls back, for a batch holding trade 13: what a full disk or a broken store does
 * to one batch, on demand (test/catalog/purchase-writer.test.ts names the trade too; importing
 * this module would start a writer).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PurchaseWriterData } from '../../src/catalog/purchase-writer-messages.js';
import { serveWrites } from '../../src/catalog/purchase-writes.js';

const FAILING_TRADE_ID = 13;

serveWrites(parentPort!, workerData as PurchaseWriterData, (batch) => {
  if (batch.some((p) => p.tradeId === FAILING_TRADE_ID)) throw new Error('MDB_MAP_FULL: mdb_put: Environment mapsize limit reached (simulated)');
});
