/**
 * Silence is counted to when a client's frame arrives, not to when the server's thread gets
 * round to reading it (issue 52: an honest market-data client was closed for "heartbeat
 * timeout" although it kept sending, because the thread was busy with others' snapshots).
 * Here the market-data thread is kept busy for longer than the heartbeat timeout at a time
 * (non-reading clients ask for thousands of snapshots of a deep book in one go, with the
 * budgets lifted) while an honest client sends a heartbeat every 20 ms: it is never closed.
 * Before, the sweep that ran after such a stall found its last frame read longer than the
 * timeout ago and closed it. The same SocketEndpoint serves order entry (the engine's thread).
 * All clients here send from this test's thread: a run where that thread itself went silent for the
 * timeout is reported skipped (void), not passed or failed.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketDataClient, wire } from '../../src/client/index.js';
import { until } from '../support/exchange-fixture.js';
import { restDeepBook, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { rawMarketClient, wsFrame } from '../support/raw-market-client.js';

const LEVELS = 3_000;
/**
 * The server's heartbeat timeout. This test's own thread, which sends every client's heartbeats, was seen to go 60-230 ms
 * between two of them on a loaded 2-core machine: at 200 ms that starved run was a real silence (and one connection was cut
 * for it), so the timeout is twice that and the bursts grow until the market-data thread stalls past it. On a faster VM
 * (2026-11-27, AMD EPYC) 12,000 subscribes a client of a 1,500-level book stalled it only 100 ms, and the bursts grown past
 * that left the amplifiers, who had kept every round's snapshots, over the backpressure limit: cut, their round never
 * answered. So the book is 3,000 levels deep, each round has fresh amplifiers, and the limit holds one round (24,000
 * subscribes a client stalled that VM's thread about a second).
 */
const TIMEOUT_MS = 400;
/** How often every client here sends a heartbeat. */
const BEAT_MS = 20;
let fx: GatewayFixture;
const sockets: Socket[] = [];

beforeAll(async () => {
  fx = await startGatewayFixture({
    heartbeatIntervalMs: 50,
    heartbeatTimeoutMs: TIMEOUT_MS,
    // Nothing but the thread's own speed limits the amplifiers here: the point is a busy thread.
    maxSnapshotLevelsPerSecond: 100_000_000,
    subscribeRateLimitPerAddress: { burst: 1_000_000, perSecond: 1_000_000 },
    maxMessagesPerSecond: 100_000,
    // A round's amplifiers hold what they were sent until the next round replaces them: up to 24,000 snapshots of 3,000 levels.
    maxBackpressureBytes: 1536 * 1024 * 1024,
    maxQueuedBytesPerAddress: 2 ** 40,
  });
  await restDeepBook(fx, LEVELS);
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await fx.stop();
});

describe('heartbeats counted at arrival', () => {
  it('a client that keeps sending while the market-data thread is busy for longer than the timeout is not closed', async (ctx) => {
    const counters = fx.service.gateway.marketData.counters;
    // Its own patience far beyond a round's length: the server is under test, not the client (under the full suite a
    // round took over 60 s with the thread saying nothing to it, and a client timeout of 60 s closed it from this side).
    const honest = await MarketDataClient.connect(fx.marketUrl, { heartbeatIntervalMs: BEAT_MS, heartbeatTimeoutMs: 600_000 });
    // What a 'closed' listener gets is a WebSocket close code (FrameSocket, from the `ws` package): 4000 + the wire
    // ErrorCode when the server cuts (4016 HEARTBEAT_TIMEOUT), 1006 when the connection drops without a close frame
    // (the client's own heartbeat timeout terminates it), 1000 on our own close. It cannot be 1: ws treats a close frame
    // with a code outside 1000-1014 / 3000-4999 as a protocol error (1002). The only bare 1 this test could print was the
    // last assertion's count of HEARTBEAT_TIMEOUT cuts (`expected 1 to be undefined`, a connection closed for silence
    // while this thread starved): both assertions now say what they count, and a starved run is void (below).
    let closedWith: string | undefined;
    honest.on('closed', (code: number, reason: string) => (closedWith = `${code} ${reason}`));
    // Clients that ask and never read; fresh ones each round, so what the server holds for them is one round's snapshots.
    let amplifiers: Socket[] = [];
    const newAmplifiers = async (): Promise<void> => {
      for (const socket of amplifiers) socket.destroy();
      amplifiers = await Promise.all(Array.from({ length: 2 }, () => rawMarketClient(fx.marketUrl)));
      sockets.push(...amplifiers);
      for (const socket of amplifiers) socket.pause();
    };
    const subscribe = wsFrame(wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId: fx.seriesId, channels: [wire.Channel.BOOK] } }).finish());
    // The amplifiers keep sending too (heartbeats), or they would be the silent ones closed.
    const heartbeat = wsFrame(wire.ClientFrame.encode({ heartbeat: {} }).finish());
    // The clients' heartbeats all leave from this test's thread (the engine's too). If this thread itself goes longer
    // than the timeout between two of them (a full-suite run on 2 cores starves it), the clients really were silent and
    // the server is right to close them: what the test measures is then void, and it says so instead of blaming the server.
    let lastBeatMs = performance.now();
    let longestSenderGapMs = 0;
    const beating = setInterval(() => {
      const now = performance.now();
      longestSenderGapMs = Math.max(longestSenderGapMs, now - lastBeatMs);
      lastBeatMs = now;
      for (const socket of amplifiers) if (!socket.destroyed) socket.write(heartbeat);
    }, BEAT_MS);
    /** Rounds in which the thread went longer than the timeout without taking a frame in. */
    let stalledRounds = 0;
    try {
      // Bigger bursts until the thread has really stalled twice (a faster machine needs more work).
      for (let round = 0; round < 6 && stalledRounds < 2 && closedWith === undefined; round++) {
        await newAmplifiers();
        const subscribes = 1_500 * 2 ** Math.min(round, 4);
        const burst = Buffer.concat(Array.from({ length: subscribes }, () => subscribe));
        const framesBefore = counters.framesIn;
        for (const socket of amplifiers) socket.write(burst);
        // While the thread works through them, see how long it goes without reading (the
        // heartbeats, 150 a second, are frames in): a stall is a gap longer than the timeout.
        let last = counters.framesIn;
        let lastChangeMs = performance.now();
        let longestGapMs = 0;
        await until(() => {
          const now = performance.now();
          if (counters.framesIn !== last) {
            longestGapMs = Math.max(longestGapMs, now - lastChangeMs);
            last = counters.framesIn;
            lastChangeMs = now;
          }
          return counters.framesIn - framesBefore >= 2 * subscribes || closedWith !== undefined;
        }, 'the amplifiers answered', 150_000); // a wait, not a timing claim: under the full suite on 2 cores a round took over 60 s
        if (longestGapMs > TIMEOUT_MS) stalledRounds++;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      const heartbeatCuts = counters.errors().get('HEARTBEAT_TIMEOUT') ?? 0;
      // The honest client's own timer runs beside `beating` on this thread: its longest gap is at most this one plus an interval.
      const sendersKeptBeating = longestSenderGapMs + BEAT_MS < TIMEOUT_MS;
      const why = `this test's thread went ${Math.round(longestSenderGapMs)} ms between two heartbeats (the server's timeout is ${TIMEOUT_MS} ms)`;
      if (!sendersKeptBeating) {
        // Not the server's fault: the clients were silent. Reported as skipped (with why), not passed: no verdict either way.
        ctx.skip(`void run: ${why}; closed: ${closedWith ?? 'no'}, HEARTBEAT_TIMEOUT cuts: ${heartbeatCuts}`);
      }
      expect(closedWith, `the honest client was closed (a WebSocket close code and reason); ${why}`).toBeUndefined();
      // The stalls must be real for the run to say anything: a run in which no burst kept the thread busy past the timeout
      // (a quiet moment of a fast machine: it happened once in a full suite on 2026-11-27) tested nothing, and says so.
      if (stalledRounds === 0) ctx.skip(`void run: no burst kept the market-data thread from reading for over ${TIMEOUT_MS} ms; HEARTBEAT_TIMEOUT cuts: ${heartbeatCuts}`);
      expect((await honest.series()).length).toBeGreaterThan(0);
      // A count of connections (honest or amplifier) the server closed for silence, not a close code.
      expect(heartbeatCuts, `connections closed for HEARTBEAT_TIMEOUT; ${why}`).toBe(0);
    } finally {
      clearInterval(beating);
      await honest.close();
    }
  }, 360_000);
});
