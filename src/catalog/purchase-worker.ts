/**
 * The purchase ledger's writer thread (purchase-writer.ts): purchase-writes.ts writes each batch
 * of purchases with the seq they reach in one transaction. The engine's thread no longer encodes
 * and puts every buy fill.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PurchaseWriterData } from './purchase-writer-messages.js';
import { serveWrites } from './purchase-writes.js';

serveWrites(parentPort!, (workerData as PurchaseWriterData).dir);
