/**
 * A connection over its message rate is answered RATE_LIMITED frame by frame, but those answers have a budget too
 * (RATE_REFUSALS_SECONDS of the rate): a client that sends on regardless is cut RATE_LIMITED (4009), on both
 * endpoints. Before, a flood ignoring the refusals got one answer a frame for as long as it kept sending (an audit:
 * 60,000 error frames a second from one market-data connection, 20,000 from a connection on order entry, whose answers
 * are built on the engine's thread). Real gateway, real protobuf frames; order entry on a clock that stands still, so
 * the budgets refill only when the test moves it.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatxConnectionClosedError, wire, type patx } from '../../src/client/index.js';
import { closeCode, ErrorCode } from '../../src/gateway/index.js';
import { RATE_REFUSALS_SECONDS } from '../../src/gateway/connection.js';
import { until } from '../support/exchange-fixture.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';
import { rawMarketClient, serverFrames, wsFrame } from '../support/raw-market-client.js';

const RATE = 20;
const REFUSALS = RATE * RATE_REFUSALS_SECONDS;

let nowMs = Date.now();
let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture({ maxMessagesPerSecond: RATE }, {}, [], () => nowMs);
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

const heartbeat = wire.ClientFrame.encode({ heartbeat: {} }).finish();

describe('order entry, past the message rate', () => {
  it('answers each frame over the rate RATE_LIMITED while the refusals have budget, keeping the session', async () => {
    const c = await fx.connect(testWallet(610), { heartbeat: false });
    const errors: patx.v1.IError[] = [];
    c.onFrame((f) => f.body === 'error' && errors.push(f.error!));
    // The login spent one token: RATE - 1 heartbeats pass unanswered, then every refusal the budget holds is answered.
    for (let i = 0; i < RATE - 1 + REFUSALS; i++) c.socket.sendRaw(heartbeat);
    await until(() => errors.length === REFUSALS, 'a refusal for each frame over the rate');
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set([wire.ErrorCode.RATE_LIMITED]));
    expect(errors[0]!.message).toBe(`over ${RATE} messages per second; nothing was done, retry after 50 ms`);
    nowMs += 1_100; // both budgets refill
    expect((await c.account()).accountId).toBe(c.accountId);
    expect(c.socket.closed).toBeUndefined();
    await c.close();
  });

  it('cuts a session that sends on past its refusals budget: RATE_LIMITED, close 4009, nothing done', async () => {
    const c = await fx.connect(testWallet(611), { heartbeat: false });
    const errors: patx.v1.IError[] = [];
    c.onFrame((f) => f.body === 'error' && errors.push(f.error!));
    const seq = fx.service.engine.lastSeq;
    const closed = new Promise<PatxConnectionClosedError>((resolve) => (c.socket.onClose = resolve));
    for (let i = 0; i < RATE - 1 + REFUSALS; i++) c.socket.sendRaw(heartbeat);
    // One more over the rate, an order: refused with the cut, never reaching the engine.
    c.socket.sendRaw(wire.ClientFrame.encode({ requestId: 7, newOrder: { seriesId: fx.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 1_000_000, qty: 1 } }).finish());
    const close = await closed;
    expect(close.code).toBe(closeCode(ErrorCode.RATE_LIMITED));
    expect(errors).toHaveLength(REFUSALS + 1);
    expect(errors.at(-1)!.message).toBe(`kept sending over ${RATE} messages per second after RATE_LIMITED`);
    expect(fx.service.engine.lastSeq).toBe(seq);
  });
});

describe('market data, past the message rate', () => {
  /** What a raw socket was sent: its binary frames decoded, and its close code if it was closed. */
  function inbox(socket: Socket): { frames(): patx.v1.ServerFrame[]; closeCode(): number | undefined; ended: Promise<void> } {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const all = (): ReturnType<typeof serverFrames> => serverFrames(Buffer.concat(chunks));
    return {
      frames: () => all().filter((f) => f.opcode === 2).map((f) => wire.ServerFrame.decode(f.payload)),
      closeCode: () => all().find((f) => f.opcode === 8)?.payload.readUInt16BE(0),
      ended,
    };
  }
  const unreadable = wsFrame(Uint8Array.from([0xff, 0xff]));

  it('answers a burst of twice the rate frame by frame and keeps the connection', async () => {
    const socket = await rawMarketClient(fx.marketUrl);
    const got = inbox(socket);
    socket.write(Buffer.concat(Array.from({ length: 2 * RATE }, () => unreadable)));
    await until(() => got.frames().length === 2 * RATE, 'an answer for every frame');
    const codes = got.frames().map((f) => f.error!.code);
    expect(codes.filter((code) => code === wire.ErrorCode.MALFORMED_FRAME).length).toBeGreaterThanOrEqual(RATE);
    expect(codes.every((code) => code === wire.ErrorCode.MALFORMED_FRAME || code === wire.ErrorCode.RATE_LIMITED)).toBe(true);
    // Still served: a series query is answered.
    socket.write(wsFrame(wire.ClientFrame.encode({ requestId: 9, seriesQuery: {} }).finish()));
    await until(() => got.frames().some((f) => f.requestId === 9), 'the series query answered');
    expect(got.closeCode()).toBeUndefined();
    socket.destroy();
  });

  it('cuts a connection whose flood of frames ignores RATE_LIMITED: close 4009, far fewer answers than frames', async () => {
    const socket = await rawMarketClient(fx.marketUrl);
    const got = inbox(socket);
    const sent = 20 * (RATE + REFUSALS);
    socket.write(Buffer.concat(Array.from({ length: sent }, () => unreadable)));
    await got.ended;
    expect(got.closeCode()).toBe(closeCode(ErrorCode.RATE_LIMITED));
    const errors = got.frames().map((f) => f.error!);
    expect(errors.at(-1)!.message).toBe(`kept sending over ${RATE} messages per second after RATE_LIMITED`);
    expect(errors.length).toBeLessThan(sent / 2);
  });
});
