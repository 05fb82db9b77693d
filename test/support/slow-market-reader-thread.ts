/**
 * The thread of a slow market-data subscriber (slow-market-reader.ts): it reads one chunk each time
 * market data has published `publicationsPerRead` more times, until market data counts a slow
 * consumer cut, then reads everything, and posts what it read when the socket closes. Its own
 * thread, so its switch to reading everything does not wait on a test's main thread, which a
 * quoting loop and a loaded machine can starve for seconds: uWS closes an ended socket at its next
 * 4-second tick, dropping the close frame still queued.
 *
 * Paced by what is published, not by the clock: read by the clock (a chunk every 100, 500, then
 * 1,000 ms), it kept up whenever a loaded machine slowed the publishing enough. And it sends a
 * heartbeat as any live client does: silent, it was cut for HEARTBEAT_TIMEOUT, not SLOW_CONSUMER,
 * when a loaded machine took longer than the silence timeout to fill the loopback buffers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MarketDataCounters } from '../../src/gateway/market-data-counters.js';
import { chunkReader, rawMarketClient } from './raw-market-client.js';

export interface SlowReaderData {
  url: string;
  /** The frames to send once connected (a subscribe). */
  send: Uint8Array;
  /** The market-data thread's counters (MarketDataCounters.buffer). */
  counters: SharedArrayBuffer;
  /** One chunk (at most 64 KiB) read per this many publications of market data. */
  publicationsPerRead: number;
  /** A heartbeat frame, sent every `heartbeatEveryMs` until the cut. */
  heartbeat: Uint8Array;
  heartbeatEveryMs: number;
}

const data = workerData as SlowReaderData;
const counters = new MarketDataCounters(data.counters);
const socket = await rawMarketClient(data.url);
socket.pause();
socket.write(data.send);
const reader = chunkReader(socket);
let readAtPublications = counters.publications;
const beat = setInterval(() => {
  if (!socket.destroyed && socket.writable) socket.write(data.heartbeat);
}, data.heartbeatEveryMs);
const watcher = setInterval(() => {
  if (counters.slowConsumersCut > 0) {
    clearInterval(watcher);
    clearInterval(beat);
    reader.readAll();
  } else if (counters.publications - readAtPublications >= data.publicationsPerRead) {
    readAtPublications = counters.publications;
    reader.readOne();
  }
}, 5);
parentPort!.postMessage({ connected: true });
await reader.ended;
clearInterval(watcher);
clearInterval(beat);
parentPort!.postMessage({ read: Buffer.concat(reader.data) });
