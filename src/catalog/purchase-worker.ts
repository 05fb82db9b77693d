/**
 * The purchase ledger's writer thread (purchase-writer.ts): purchase-writes.ts reads the purchase
 * ring and writes what it holds in one transaction a read. The engine's thread no longer encodes
 * and puts every buy fill.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PurchaseWriterData } from './purchase-writer-messages.js';
import { serveWrites } from './purchase-writes.js';

serveWrites(parentPort!, workerData as PurchaseWriterData);
