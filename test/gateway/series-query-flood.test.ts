/**
 * Series queries from a stranger never reach the engine one by one (an outside attacker's review: 100 connections
 * of one address sending `SeriesQuery` before any login, within every limit, queued 2 million reads in the
 * sequencer, stalled every order for minutes and grew the heap to 3 GB). Raw sockets that never log in flood
 * both endpoints; what must hold, on a real gateway and engine:
 * - an address gets its bucket's burst of answers (each the live series, under the request id it asked with), then
 *   RATE_LIMITED, nothing asked of the engine;
 * - the queries that are asked share reads: the engine is read fewer times than it answered;
 * - the sequencer's queue never holds more than a handful of reads; an order sent meanwhile is acknowledged.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wire } from '../../src/client/index.js';
import { Side } from '../../src/engine/index.js';
import { until } from '../support/exchange-fixture.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';
import { rawMarketClient, serverFrames, wsFrame } from '../support/raw-market-client.js';
import { MAX_REQUESTS_BEFORE_LOGIN } from '../../src/gateway/connection.js';
import { closeCode } from '../../src/gateway/index.js';

type Frame = ReturnType<typeof wire.ServerFrame.decode>;

const BURST = 20;
const SOCKETS = 8;
const QUERIES = 400;

let fx: GatewayFixture;

beforeAll(async () => {
  // 1 a second after the burst, so that refills during the flood stay few; the per-connection throttle out of the way.
  fx = await startGatewayFixture({ seriesQueryRateLimitPerAddress: { burst: BURST, perSecond: 1 }, maxMessagesPerSecond: 100_000 });
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

/** Everything a raw socket is sent, decoded. */
function received(socket: Socket): Frame[] {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const frames: Frame[] = [];
  Object.defineProperty(frames, 'refresh', {
    value: () => {
      frames.length = 0;
      for (const f of serverFrames(Buffer.concat(chunks))) if (f.opcode === 2) frames.push(wire.ServerFrame.decode(f.payload));
    },
  });
  return frames;
}

async function flood(url: string, queries: number): Promise<{ answers: Frame[]; limited: Frame[]; reads: number; peakQueued: number }> {
  const sequencer = fx.service.sequencer;
  let reads = 0;
  let peakQueued = 0;
  const read = sequencer.read.bind(sequencer);
  // Counted, not replaced: every read still goes to the real sequencer.
  sequencer.read = ((capture, deliver, fail) => {
    reads++;
    peakQueued = Math.max(peakQueued, sequencer.queuedCommands + 1);
    read(capture, deliver, fail);
  }) as typeof sequencer.read;
  try {
    const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => rawMarketClient(url)));
    const inboxes = sockets.map(received);
    for (const [k, socket] of sockets.entries()) {
      socket.write(Buffer.concat(Array.from({ length: queries }, (_, i) => wsFrame(wire.ClientFrame.encode({ requestId: k * queries + i + 1, seriesQuery: {} }).finish()))));
    }
    const all = (): Frame[] => inboxes.flatMap((frames) => {
      (frames as unknown as { refresh(): void }).refresh();
      return frames.filter((f) => f.body === 'seriesList' || f.body === 'error');
    });
    await until(() => all().length === SOCKETS * queries, 'every query answered or refused', 30_000);
    for (const socket of sockets) socket.destroy();
    const frames = all();
    return { answers: frames.filter((f) => f.body === 'seriesList'), limited: frames.filter((f) => f.body === 'error'), reads, peakQueued };
  } finally {
    sequencer.read = read;
  }
}

describe('series queries before any login', () => {
  for (const endpoint of ['trade', 'market'] as const) {
    // Order entry cuts a connection past MAX_REQUESTS_BEFORE_LOGIN requests before its login (the next test): its sockets send that many.
    const queries = endpoint === 'trade' ? MAX_REQUESTS_BEFORE_LOGIN : QUERIES;
    it(`on /v1/${endpoint}: the address's burst answered from shared reads, the rest RATE_LIMITED; the queue stays short; orders go on`, async () => {
      const client = await fx.connect(testWallet(3));
      await fx.fund(client.accountId, 100);
      const live = fx.service.engine.series.filter((s) => s !== undefined && s.status === 1).length;
      const [result, ack] = await Promise.all([
        flood(endpoint === 'trade' ? fx.tradeUrl : fx.marketUrl, queries),
        client.newOrder({ seriesId: fx.seriesId, side: Side.BUY, qty: 1, priceMicros: 1_000, clientOrderId: Date.now() }),
      ]);
      expect(ack.seq).toBeGreaterThan(0);
      await client.close();
      // The burst, and at most what the bucket refilled at 1 a second while the flood lasted.
      expect(result.answers.length).toBeGreaterThanOrEqual(BURST);
      expect(result.answers.length).toBeLessThanOrEqual(BURST + 30);
      expect(result.answers.length + result.limited.length).toBe(SOCKETS * queries);
      for (const f of result.limited) expect([f.error!.code, f.error!.message]).toEqual([wire.ErrorCode.RATE_LIMITED, expect.stringMatching(/^series queries from this address: at most 20 at once or 1 a second .*retry after \d+ s$/)]);
      for (const f of result.answers) {
        expect(f.requestId).toBeGreaterThan(0);
        expect(f.seriesList?.series?.length).toBe(live);
      }
      expect(new Set(result.answers.map((f) => f.requestId)).size).toBe(result.answers.length);
      // Shared reads: the engine was read fewer times than it answered, and never had a flood of them queued.
      expect(result.reads).toBeLessThan(result.answers.length);
      expect(result.peakQueued).toBeLessThan(10);
    }, 60_000);
  }

  it('order entry cuts a connection that sends more than its allowance of requests before logging in (RATE_LIMITED), heartbeats aside', async () => {
    const socket = await rawMarketClient(fx.tradeUrl);
    const closed = new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('close', () => resolve(Buffer.concat(chunks)));
    });
    const heartbeats = Array.from({ length: 100 }, () => wsFrame(wire.ClientFrame.encode({ heartbeat: {} }).finish()));
    const requests = Array.from({ length: MAX_REQUESTS_BEFORE_LOGIN + 1 }, (_, i) => wsFrame(wire.ClientFrame.encode({ requestId: i + 1, accountQuery: {} }).finish()));
    socket.write(Buffer.concat([...heartbeats, ...requests]));
    const frames = serverFrames(await closed);
    const errors = frames.filter((f) => f.opcode === 2).map((f) => wire.ServerFrame.decode(f.payload)).filter((f) => f.body === 'error');
    // Each of the allowance answered NOT_AUTHENTICATED, then the one past it cuts the connection.
    expect(errors.slice(0, MAX_REQUESTS_BEFORE_LOGIN).every((f) => f.error!.code === wire.ErrorCode.NOT_AUTHENTICATED)).toBe(true);
    expect(errors.at(-1)!.error!.message).toBe(`more than ${MAX_REQUESTS_BEFORE_LOGIN} requests before logging in`);
    const close = frames.find((f) => f.opcode === 8)!;
    expect(close.payload.readUInt16BE(0)).toBe(closeCode(wire.ErrorCode.RATE_LIMITED));
  });
});
