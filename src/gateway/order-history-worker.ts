/**
 * The order history's writer thread (order-history-writer.ts): commits each flush the engine's thread hands over
 * (order-history-flush.ts, serveOrderHistoryWrites). The engine's thread no longer puts every changed order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveOrderHistoryWrites } from './order-history-flush.js';
import type { OrderHistoryWriterData } from './order-history-writer.js';

serveOrderHistoryWrites(parentPort!, workerData as OrderHistoryWriterData);
