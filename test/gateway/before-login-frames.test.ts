/**
 * Before a login, every frame order entry answers counts toward the connection's allowance
 * (MAX_REQUESTS_BEFORE_LOGIN), those the endpoint refuses itself too: unreadable bytes, text, an empty
 * frame. Before, only requests that decoded counted, so a stranger sending garbage was answered on the
 * engine's thread without end (a probe: 122,500 unreadable frames from one connection in 2 s, never cut).
 * Raw sockets on a real gateway; the order-entry budget made large, so only the allowance can cut.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wire, type patx } from '../../src/client/index.js';
import { closeCode, ErrorCode } from '../../src/gateway/index.js';
import { MAX_REQUESTS_BEFORE_LOGIN } from '../../src/gateway/connection.js';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { rawMarketClient, serverFrames, wsFrame } from '../support/raw-market-client.js';

let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture({ maxMessagesPerSecond: 100_000 });
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

/** A masked text WebSocket frame. */
function wsText(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload]);
}

/** Writes `frames` at once, then waits for the server to close the socket: the error frames it sent and its close code. */
async function sendUntilClosed(socket: Socket, frames: Buffer[]): Promise<{ errors: patx.v1.IError[]; code: number | undefined }> {
  const closed = new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
  socket.write(Buffer.concat(frames));
  const received = serverFrames(await closed);
  const errors = received.filter((f) => f.opcode === 2).map((f) => wire.ServerFrame.decode(f.payload)).filter((f) => f.body === 'error').map((f) => f.error!);
  return { errors, code: received.find((f) => f.opcode === 8)?.payload.readUInt16BE(0) };
}

const unreadable = (): Buffer => wsFrame(Uint8Array.from([0xff, 0xff, 0xff]));
const empty = (): Buffer => wsFrame(new Uint8Array(0));
const text = (): Buffer => wsText('{"login":{}}');

describe('order entry before a login', () => {
  it('cuts a connection past its allowance of frames it cannot read (unreadable, text, empty): RATE_LIMITED, close 4009', async () => {
    const socket = await rawMarketClient(fx.tradeUrl);
    const kinds = [unreadable, text, empty];
    const { errors, code } = await sendUntilClosed(socket, Array.from({ length: 10 * MAX_REQUESTS_BEFORE_LOGIN }, (_, i) => kinds[i % 3]!()));
    expect(code).toBe(closeCode(ErrorCode.RATE_LIMITED));
    // Each of the allowance answered with what was wrong with it, then the one past it cuts the connection.
    expect(errors).toHaveLength(MAX_REQUESTS_BEFORE_LOGIN + 1);
    expect(errors.slice(0, 3).map((e) => wire.ErrorCode[e.code!])).toEqual(['MALFORMED_FRAME', 'TEXT_FRAME', 'EMPTY_FRAME']);
    expect(errors.at(-1)!.message).toBe(`more than ${MAX_REQUESTS_BEFORE_LOGIN} requests before logging in`);
  });

  it('counts unreadable frames and requests in one allowance', async () => {
    const socket = await rawMarketClient(fx.tradeUrl);
    const half = MAX_REQUESTS_BEFORE_LOGIN / 2;
    const requests = Array.from({ length: MAX_REQUESTS_BEFORE_LOGIN }, (_, i) => wsFrame(wire.ClientFrame.encode({ requestId: i + 1, accountQuery: {} }).finish()));
    const { errors, code } = await sendUntilClosed(socket, [...Array.from({ length: half }, unreadable), ...requests]);
    expect(code).toBe(closeCode(ErrorCode.RATE_LIMITED));
    expect(errors).toHaveLength(MAX_REQUESTS_BEFORE_LOGIN + 1);
    expect(errors.slice(half, MAX_REQUESTS_BEFORE_LOGIN).every((e) => e.code === wire.ErrorCode.NOT_AUTHENTICATED)).toBe(true);
    expect(errors.at(-1)!.message).toBe(`more than ${MAX_REQUESTS_BEFORE_LOGIN} requests before logging in`);
  });

  it('leaves market data, which needs no login, answering unreadable frames', async () => {
    const socket = await rawMarketClient(fx.marketUrl);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.write(Buffer.concat(Array.from({ length: 2 * MAX_REQUESTS_BEFORE_LOGIN }, unreadable)));
    socket.write(wsFrame(wire.ClientFrame.encode({ requestId: 9, seriesQuery: {} }).finish()));
    const answered = (): patx.v1.ServerFrame[] => serverFrames(Buffer.concat(chunks)).filter((f) => f.opcode === 2).map((f) => wire.ServerFrame.decode(f.payload));
    await expect.poll(() => answered().some((f) => f.requestId === 9), { timeout: 20_000 }).toBe(true);
    expect(answered().filter((f) => f.error?.code === wire.ErrorCode.MALFORMED_FRAME)).toHaveLength(2 * MAX_REQUESTS_BEFORE_LOGIN);
    expect(serverFrames(Buffer.concat(chunks)).some((f) => f.opcode === 8)).toBe(false);
    socket.destroy();
  });
});
