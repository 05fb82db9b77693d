/**
 * Stopping the service while market-data subscribers are behind. Both cases were found from
 * outside, as processes that aborted: the market-data thread must end by itself within its
 * close limit, because stopping it with sockets open aborts the whole process (uWS in a
 * worker thread). A regression shows as the test process aborting, or as the health detail
 * saying the thread had to be stopped.
 *
 * 1. Hundreds of subscribers that never read flood it with requests (an edge stopped under
 *    10,000 backlogged subscribers aborted). The thread handled every frame already
 *    received before it saw the close message, so 500 clients re-subscribing to a deep book
 *    (each subscribe answered with a snapshot of tens of KB) kept it busy past the close
 *    limit. Now the engine's thread raises a flag in shared memory that the market-data
 *    thread checks per frame: the frames left are dropped, the close is handled.
 * 2. A subscriber far behind that still reads, slowly (edges stopped with SIGTERM under 1,000
 *    slow subscribers each aborted in 2 of 3 cases). A graceful close queues its close frame
 *    behind everything queued before it, and the socket stays open while that drains. Now a
 *    subscriber with data still queued is cut at once (no close frame: it would arrive after
 *    data the subscriber is not reading), and one that is caught up gets the close frame, 1001.
 *
 * The backpressure limit and throttle are raised so that no subscriber is cut first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { wire } from '../../src/client/index.js';
import { restDeepBook, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { rawMarketClient, serverFrames, trickleReader, wsFrame } from '../support/raw-market-client.js';

const LEVELS = 1_500;
const sockets: Socket[] = [];

afterAll(() => {
  for (const socket of sockets) socket.destroy();
});

/** A service with a deep book and limits no subscriber here reaches. */
async function deepBookService(): Promise<GatewayFixture> {
  // Every subscriber here is 127.0.0.1: no per-address limit either. None sends heartbeats: silence closes only after
  // the test (a loaded host can take more than the fixture's 10 s before the subscriber behind has data queued).
  const fx = await startGatewayFixture({ heartbeatTimeoutMs: 120_000, maxBackpressureBytes: 256 * 1024 * 1024, maxSnapshotLevelsPerSecond: 100_000_000, subscribeRateLimitPerAddress: { burst: 1_000_000, perSecond: 1_000_000 }, maxMessagesPerSecond: 100_000, maxConnectionsPerAddress: 1_000, connectRateLimitPerAddress: { burst: 1_000_000, perSecond: 1_000_000 }, maxQueuedBytesPerAddress: 2 ** 40 });
  await restDeepBook(fx, LEVELS);
  return fx;
}

/** A subscribe to the book, each answered with a snapshot of the deep book. */
function bookSubscribe(fx: GatewayFixture): Buffer {
  return wsFrame(wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId: fx.seriesId, channels: [wire.Channel.BOOK] } }).finish());
}

async function subscribers(fx: GatewayFixture, count: number): Promise<Socket[]> {
  const opened = await Promise.all(Array.from({ length: count }, () => rawMarketClient(fx.marketUrl)));
  sockets.push(...opened);
  return opened;
}

describe('market data shutdown', () => {
  it('ends by itself while 500 subscribers that never read flood it with re-subscribes', async () => {
    const fx = await deepBookService();
    const clients = await subscribers(fx, 500);
    for (const socket of clients) socket.pause(); // never read
    const burst = Buffer.concat(Array.from({ length: 20 }, () => bookSubscribe(fx)));
    for (let round = 0; round < 6; round++) {
      for (const socket of clients) socket.write(burst);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const marketData = fx.service.gateway.marketData;
    expect(marketData.health().state).toBe('ok');
    await fx.stop();
    expect(marketData.health()).toEqual({ state: 'disabled', detail: 'closed' });
  }, 120_000);

  it('cuts the subscriber with data queued at once, closes the caught-up one with 1001, and the thread ends by itself', async () => {
    const fx = await deepBookService();
    const [behind, caughtUp] = (await subscribers(fx, 2)) as [Socket, Socket];
    // Asks for 2,000 snapshots of the deep book (tens of MB), then reads a chunk (at most 64 KiB) every 100 ms: a
    // subscriber far behind that still reads, so its socket is never idle long enough to time out. Read every 20 ms,
    // it kept up on a loaded host with a thread slowed as much as it was (nothing queued beyond the kernel's buffers).
    behind.pause();
    behind.write(Buffer.concat(Array.from({ length: 2_000 }, () => bookSubscribe(fx))));
    const behindReader = trickleReader(behind, 100);
    const caughtUpData: Buffer[] = [];
    caughtUp.on('data', (chunk: Buffer) => caughtUpData.push(chunk));
    const caughtUpEnded = new Promise<void>((resolve) => caughtUp.once('close', () => resolve()));
    const marketData = fx.service.gateway.marketData;
    // Behind for sure: the thread has begun sending the snapshots, and has bytes queued beyond the kernel's socket
    // buffers (its backpressure check says so). On a loaded host the thread can be so slow to answer that the kernel's
    // buffers still hold all it sent: then nothing is queued in uWS, the subscriber counts as caught up, and gets 1001.
    for (let waited = 0; (behindReader.data.length === 0 || marketData.counters.queuedBytes === 0) && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(behindReader.data.length).toBeGreaterThan(0);
    expect(marketData.counters.queuedBytes).toBeGreaterThan(0);
    expect(marketData.health().state).toBe('ok');
    await fx.stop();
    // Ended by itself: not stopped with sockets open after the close limit (that aborts the process).
    expect(marketData.health()).toEqual({ state: 'disabled', detail: 'closed' });
    await caughtUpEnded;
    const last = serverFrames(Buffer.concat(caughtUpData)).at(-1);
    expect(last?.opcode).toBe(0x8);
    expect(last?.payload.readUInt16BE(0)).toBe(1001);
    // The subscriber behind: what it reads to the end has no close frame.
    behindReader.readAll();
    await behindReader.ended;
    const frames = serverFrames(Buffer.concat(behindReader.data));
    expect(frames.some((f) => f.opcode === 0x8)).toBe(false);
  }, 60_000);
});
