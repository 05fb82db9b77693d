/**
 * The thread of a slow market-data subscriber (slow-market-reader.ts): it reads one chunk every
 * `everyMs` until market data counts a slow consumer cut, then reads everything, and posts what it
 * read when the socket closes. Its own thread, so its switch to reading everything does not wait on
 * a test's main thread, which a quoting loop and a loaded machine can starve for seconds: uWS
 * closes an ended socket at its next 4-second tick, dropping the close frame still queued.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MarketDataCounters } from '../../src/gateway/market-data-counters.js';
import { rawMarketClient, trickleReader } from './raw-market-client.js';

export interface SlowReaderData {
  url: string;
  /** The frames to send once connected (a subscribe). */
  send: Uint8Array;
  /** The market-data thread's counters (MarketDataCounters.buffer). */
  counters: SharedArrayBuffer;
  everyMs: number;
}

const data = workerData as SlowReaderData;
const counters = new MarketDataCounters(data.counters);
const socket = await rawMarketClient(data.url);
socket.pause();
socket.write(data.send);
const reader = trickleReader(socket, data.everyMs);
const watcher = setInterval(() => {
  if (counters.slowConsumersCut === 0) return;
  clearInterval(watcher);
  reader.readAll();
}, 5);
parentPort!.postMessage({ connected: true });
await reader.ended;
clearInterval(watcher);
parentPort!.postMessage({ read: Buffer.concat(reader.data) });
