/**
 * Stopping the service while a subscriber is behind: data queued for it that it has not
 * read. Found from outside: market-data edges stopped with SIGTERM under 1,000 slow
 * subscribers each aborted (SIGABRT) in 2 of 3 cases. A graceful close queues its close
 * frame behind everything queued before it, and the subscriber's socket stays open until
 * that drains; the thread outlived the close limit and was stopped with sockets open,
 * which aborts the process (uWS in a worker thread). Now a subscriber with data still
 * queued is cut at once (no close frame: it would arrive after data the subscriber is not
 * reading), and one that is caught up gets the close frame, 1001.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { wire } from '../../src/client/index.js';
import { restDeepBook, startGatewayFixture } from '../support/gateway-fixture.js';
import { rawMarketClient, serverFrames, wsFrame } from '../support/raw-market-client.js';

const sockets: Socket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.destroy();
});

describe('market data shutdown with a subscriber behind', () => {
  it('cuts the subscriber with data queued at once, closes the caught-up one with 1001, and the thread ends by itself', async () => {
    const fx = await startGatewayFixture({ maxBackpressureBytes: 256 * 1024 * 1024, maxSnapshotLevelsPerSecond: 100_000_000, maxMessagesPerSecond: 100_000 });
    await restDeepBook(fx, 1_500);
    const subscribe = wsFrame(wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId: fx.seriesId, channels: [wire.Channel.BOOK] } }).finish());
    const behind = await rawMarketClient(fx.marketUrl);
    const caughtUp = await rawMarketClient(fx.marketUrl);
    sockets.push(behind, caughtUp);
    // Asks for 2,000 snapshots of the deep book (tens of MB), then reads a chunk every 20 ms: a
    // subscriber far behind that still reads, so its socket is never idle long enough to time out.
    behind.pause();
    behind.write(Buffer.concat(Array.from({ length: 2_000 }, () => subscribe)));
    const behindData: Buffer[] = [];
    let trickling = true;
    behind.on('data', (chunk: Buffer) => {
      behindData.push(chunk);
      if (trickling) behind.pause();
    });
    const trickle = setInterval(() => behind.resume(), 20);
    const caughtUpData: Buffer[] = [];
    caughtUp.on('data', (chunk: Buffer) => caughtUpData.push(chunk));
    const caughtUpEnded = new Promise<void>((resolve) => caughtUp.once('close', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const marketData = fx.service.gateway.marketData;
    expect(marketData.health().state).toBe('ok');
    await fx.stop();
    // Ended by itself: not stopped with sockets open after the close limit (that aborts the process).
    expect(marketData.health()).toEqual({ state: 'disabled', detail: 'closed' });
    await caughtUpEnded;
    const last = serverFrames(Buffer.concat(caughtUpData)).at(-1);
    expect(last?.opcode).toBe(0x8);
    expect(last?.payload.readUInt16BE(0)).toBe(1001);
    // The subscriber behind: what it reads to the end has no close frame.
    clearInterval(trickle);
    trickling = false;
    const behindEnded = new Promise<void>((resolve) => behind.once('close', () => resolve()));
    behind.resume();
    await behindEnded;
    const frames = serverFrames(Buffer.concat(behindData));
    expect(frames.some((f) => f.opcode === 0x8)).toBe(false);
  }, 60_000);
});
