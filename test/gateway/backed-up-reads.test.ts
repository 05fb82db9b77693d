/**
 * A socket's reads are never starved by its writes (issue 75). The case reported from
 * outside: a subscriber that never reads (its receive buffer full, then the server's queue
 * for it growing) but sends a heartbeat every second was closed for HEARTBEAT_TIMEOUT (4016)
 * although it kept sending. What must hold instead, tested here with raw TCP clients that
 * really stop reading (`socket.pause()`: the kernel's buffers fill, then the server queues)
 * and keep writing heartbeats while the feed keeps publishing to them:
 * - below the backpressure limit, a backed-up subscriber's heartbeats are still read: it is
 *   not closed, however long its sends stay backed up;
 * - past the limit it is cut as a slow consumer (SLOW_CONSUMER, 4017), counted in
 *   patx_slow_consumers_cut_total, and never as silent.
 * That the subscribers really are backed up is read from the server's own gauge of bytes it
 * queues for them (patx_websocket_queued_bytes), not assumed. All heartbeats leave from this
 * test's thread: a run where that thread itself went silent for the timeout is reported
 * skipped (void), as in heartbeat-arrival.test.ts.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wire } from '../../src/client/index.js';
import { CommandKind } from '../../src/engine/index.js';
import { until } from '../support/exchange-fixture.js';
import { restDeepBook, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { rawMarketClient, serverFrames, wsFrame } from '../support/raw-market-client.js';

/** The server's silence timeout, and how often the subscribers send a heartbeat (the report's 1 s of 15 s, scaled). */
const TIMEOUT_MS = 1_500;
const BEAT_MS = 100;
const SUBSCRIBERS = 4;
const LEVELS = 1_500;

const heartbeat = wsFrame(wire.ClientFrame.encode({ heartbeat: {} }).finish());

/** The budgets that would refuse a subscriber's snapshots lifted: here only the backpressure limit decides. */
function limits(maxBackpressureBytes: number): Record<string, unknown> {
  return {
    heartbeatIntervalMs: 200,
    heartbeatTimeoutMs: TIMEOUT_MS,
    maxBackpressureBytes,
    maxQueuedBytesPerAddress: 2 ** 40, // one address's subscribers together: not what is under test
    maxSnapshotLevelsPerSecond: 100_000_000,
    subscribeRateLimitPerAddress: { burst: 1_000_000, perSecond: 1_000_000 },
    maxMessagesPerSecond: 100_000,
  };
}

/** A subscribe to the deep book's BOOK: answered with a snapshot of LEVELS levels, tens of KB. */
function deepSubscribe(fx: GatewayFixture): Buffer {
  return wsFrame(wire.ClientFrame.encode({ requestId: 1_000, subscribe: { seriesId: fx.seriesId, channels: [wire.Channel.BOOK] } }).finish());
}

/** A subscriber that never reads, subscribed to every stream of every live series (the report's: 25 series). */
async function stalledSubscriber(fx: GatewayFixture): Promise<Socket> {
  const socket = await rawMarketClient(fx.marketUrl);
  socket.pause();
  const live = fx.service.engine.series.filter((s) => s !== undefined && s.status === 1).map((s) => s!.id);
  socket.write(Buffer.concat(live.map((seriesId, i) => wsFrame(wire.ClientFrame.encode({ requestId: i + 1, subscribe: { seriesId } }).finish()))));
  return socket;
}

/** The broker re-quotes every live series, over and over: every subscriber's streams keep publishing. */
function keepPublishing(fx: GatewayFixture): { stop(): Promise<void> } {
  let running = true;
  const brokerId = fx.service.engine.brokerId;
  const live = fx.service.engine.series.filter((s) => s !== undefined && s.status === 1).map((s) => s!);
  const loop = (async (): Promise<void> => {
    for (let k = 0; running; k++) {
      await Promise.all(
        live.map((s) => {
          const { minPriceMicros, tickMicros } = s.spec;
          const priceMicros = minPriceMicros + (10 + (k % 40)) * tickMicros;
          return fx.submit({ kind: CommandKind.MASS_QUOTE, actor: brokerId, seriesId: s.id, bids: { priceMicros: [priceMicros, priceMicros - tickMicros], qty: [1 + (k % 5), 2] }, asks: { priceMicros: [], qty: [] }, referencePriceMicros: 0 });
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Writes a heartbeat (or `frame`) on every socket every BEAT_MS, and measures this thread's longest gap between two rounds. */
function beating(sockets: readonly Socket[], frame: () => Buffer = () => heartbeat): { stop(): void; longestGapMs(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    for (const socket of sockets) if (!socket.destroyed && socket.writable) socket.write(frame());
  }, BEAT_MS);
  return { stop: () => clearInterval(timer), longestGapMs: () => longest };
}

describe('a subscriber whose sends are backed up, below the backpressure limit', () => {
  let fx: GatewayFixture;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    fx = await startGatewayFixture(limits(512 * 1024 * 1024));
    await fx.fund(fx.service.engine.brokerId, 1_000_000);
    await restDeepBook(fx, LEVELS);
  }, 60_000);
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await fx.stop();
  });

  it('is still read: its heartbeats arrive while its queue stays backed up, and it is not closed', async (ctx) => {
    const counters = fx.service.gateway.marketData.counters;
    const beats = beating(sockets);
    const feed = keepPublishing(fx);
    try {
      // One at a time, each asking for snapshots of the deep book until the server queues for it (past what the kernel's buffers hold).
      const burst = Buffer.concat(Array.from({ length: 20 }, () => deepSubscribe(fx)));
      for (let i = 0; i < SUBSCRIBERS; i++) {
        const queuedBefore = counters.queuedBytes;
        const socket = await stalledSubscriber(fx);
        sockets.push(socket);
        await until(
          () => {
            if (counters.queuedBytes > queuedBefore + 256 * 1024) return true;
            socket.write(burst);
            return false;
          },
          `the server to queue for subscriber ${i + 1}`,
          60_000,
        );
      }
      const framesBefore = counters.framesIn;
      const startMs = performance.now();
      // Several timeouts long: a subscriber whose heartbeats were left unread would be closed within one.
      await new Promise((resolve) => setTimeout(resolve, 4 * TIMEOUT_MS));
      const elapsedMs = performance.now() - startMs;
      const heartbeatCuts = counters.errors().get('HEARTBEAT_TIMEOUT') ?? 0;
      if (beats.longestGapMs() + BEAT_MS >= TIMEOUT_MS) ctx.skip(`void run: this test's thread went ${Math.round(beats.longestGapMs())} ms between two heartbeats (the timeout is ${TIMEOUT_MS} ms); HEARTBEAT_TIMEOUT cuts: ${heartbeatCuts}`);
      expect(heartbeatCuts, 'connections closed for HEARTBEAT_TIMEOUT').toBe(0);
      expect(counters.slowConsumersCut).toBe(0);
      expect(counters.connections).toBe(SUBSCRIBERS);
      // Still backed up at the end: what was read was read from sockets whose sends were queued.
      expect(counters.queuedBytes).toBeGreaterThan(SUBSCRIBERS * 256 * 1024);
      // Their heartbeats were read as they came (at least half of those sent in the window: a loaded machine delays timers).
      expect(counters.framesIn - framesBefore).toBeGreaterThan((SUBSCRIBERS * elapsedMs) / BEAT_MS / 2);
    } finally {
      beats.stop();
      await feed.stop();
    }
  }, 120_000);
});

describe('a subscriber whose sends are backed up past the limit', () => {
  const LIMIT_BYTES = 512 * 1024;
  let fx: GatewayFixture;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    fx = await startGatewayFixture(limits(LIMIT_BYTES));
    await fx.fund(fx.service.engine.brokerId, 1_000_000);
    await restDeepBook(fx, LEVELS);
  }, 60_000);
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await fx.stop();
  });

  it('is cut as a slow consumer (SLOW_CONSUMER), counted, while it keeps sending heartbeats: never as silent', async (ctx) => {
    const counters = fx.service.gateway.marketData.counters;
    const beats = beating(sockets);
    const feed = keepPublishing(fx);
    try {
      for (let i = 0; i < SUBSCRIBERS; i++) sockets.push(await stalledSubscriber(fx));
      // The feed alone fills the kernel's buffers slowly: snapshots do it at once, a burst at every look, until each is cut.
      const burst = Buffer.concat(Array.from({ length: 20 }, () => deepSubscribe(fx)));
      await until(
        () => {
          if (counters.slowConsumersCut >= SUBSCRIBERS) return true;
          for (const socket of sockets) if (!socket.destroyed && socket.writable) socket.write(burst);
          return false;
        },
        'every backed-up subscriber cut as a slow consumer',
        60_000,
      );
      const heartbeatCuts = counters.errors().get('HEARTBEAT_TIMEOUT') ?? 0;
      if (beats.longestGapMs() + BEAT_MS >= TIMEOUT_MS) ctx.skip(`void run: this test's thread went ${Math.round(beats.longestGapMs())} ms between two heartbeats (the timeout is ${TIMEOUT_MS} ms); HEARTBEAT_TIMEOUT cuts: ${heartbeatCuts}`);
      expect(counters.slowConsumersCut).toBe(SUBSCRIBERS);
      expect(heartbeatCuts, 'connections closed for HEARTBEAT_TIMEOUT').toBe(0);
      const metrics = await (await fetch(`${fx.httpUrl}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`patx_slow_consumers_cut_total\\S* ${SUBSCRIBERS}\\n`));
      expect(metrics).toMatch(/patx_websocket_queued_bytes \d+\n/);
    } finally {
      beats.stop();
      await feed.stop();
    }
  }, 120_000);
});

/** A masked WebSocket ping (opcode 9), as a client library's keep-alive sends it. */
function wsPing(): Buffer {
  return Buffer.from([0x89, 0x84, 0, 0, 0, 0, 0x6b, 0x65, 0x65, 0x70]); // a zero mask: the payload "keep" as it is
}

describe('a subscriber kept alive by WebSocket pings alone', () => {
  let fx: GatewayFixture;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    fx = await startGatewayFixture(limits(512 * 1024 * 1024));
  }, 60_000);
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await fx.stop();
  });

  it('is not silent: pings count as something arriving, while a socket that sends nothing is closed for HEARTBEAT_TIMEOUT', async (ctx) => {
    const counters = fx.service.gateway.marketData.counters;
    const pinging = await stalledSubscriber(fx);
    const mute = await stalledSubscriber(fx);
    sockets.push(pinging, mute);
    const pings = beating([pinging], wsPing);
    try {
      await until(() => (counters.errors().get('HEARTBEAT_TIMEOUT') ?? 0) >= 1, 'the mute socket closed for silence', 30_000);
      await new Promise((resolve) => setTimeout(resolve, 2 * TIMEOUT_MS));
      const heartbeatCuts = counters.errors().get('HEARTBEAT_TIMEOUT') ?? 0;
      if (pings.longestGapMs() + BEAT_MS >= TIMEOUT_MS) ctx.skip(`void run: this test's thread went ${Math.round(pings.longestGapMs())} ms between two pings (the timeout is ${TIMEOUT_MS} ms); HEARTBEAT_TIMEOUT cuts: ${heartbeatCuts}`);
      expect(heartbeatCuts, 'only the mute socket closed for HEARTBEAT_TIMEOUT').toBe(1);
      expect(counters.connections).toBe(1);
    } finally {
      pings.stop();
    }
  }, 60_000);
});

describe('a flood of WebSocket pings', () => {
  let fx: GatewayFixture;
  beforeAll(async () => {
    fx = await startGatewayFixture({ ...limits(512 * 1024 * 1024), maxMessagesPerSecond: 50 });
  }, 60_000);
  afterAll(async () => {
    await fx.stop();
  });

  it('spends the message budget like frames: past it the connection is cut RATE_LIMITED (4009), not answered ping by ping', async () => {
    const counters = fx.service.gateway.marketData.counters;
    const socket = await rawMarketClient(fx.marketUrl);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(Buffer.concat(Array.from({ length: 500 }, () => wsPing())));
    await closed;
    const close = serverFrames(Buffer.concat(received)).find((f) => f.opcode === 8);
    expect(close?.payload.readUInt16BE(0)).toBe(4000 + wire.ErrorCode.RATE_LIMITED);
    expect(counters.errors().get('RATE_LIMITED')).toBe(1);
  }, 60_000);
});
