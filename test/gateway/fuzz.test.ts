/**
 * Malformed input from many connections at once, while a normal client keeps
 * trading: random bytes, truncated and oversized frames, text frames, unknown
 * fields and bodies, out-of-range enums and 64-bit values. Every bad frame gets
 * an error frame or a close with a reason; nothing crashes; nothing a bad frame
 * says reaches the engine; the normal client's orders all complete correctly.
 * Seeded, so a failure replays.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../bench/workload.js';
import { rejectName, wire, type patx } from '../../src/client/index.js';
import { recover } from '../../src/engine/index.js';
import { closeCode, ErrorCode } from '../../src/gateway/index.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';
import { until } from '../support/exchange-fixture.js';

let fx: GatewayFixture;
const MAX_FRAME = 4096;

beforeAll(async () => {
  fx = await startGatewayFixture({ maxFrameBytes: MAX_FRAME, maxMessagesPerSecond: 1_000_000 });
  await fx.stockBroker(10_000, 1_900_000);
  await fx.quote({ priceMicros: 1_800_000, qty: 10 }, { priceMicros: 2_000_000, qty: 5_000 });
});
afterAll(async () => {
  await fx.stop();
});

/** A NewOrder (field 20) whose series_id is 2^64 - 1. */
const BIG_SERIES_ID = Uint8Array.from([0x08, 0x01, 0xa2, 0x01, 0x0b, 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);

/** A bad frame of one of several kinds, from the seeded generator. */
function badFrame(rand: () => number): { data: Uint8Array | string; kind: string } {
  const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
  const valid = wire.ClientFrame.encode({ requestId: 1 + Math.floor(rand() * 1000), newOrder: { seriesId: 1, clientOrderId: 5, side: 1, priceMicros: 1_000_000, qty: 3 } }).finish();
  switch (Math.floor(rand() * 9)) {
    case 0:
      return { kind: 'random', data: bytes(1 + Math.floor(rand() * 200)) };
    case 1:
      return { kind: 'truncated', data: valid.subarray(0, 1 + Math.floor(rand() * (valid.length - 2))) };
    case 2:
      return { kind: 'text', data: '{"newOrder":{"seriesId":1}}' };
    case 3:
      return { kind: 'empty', data: new Uint8Array(0) };
    case 4: // a field number this server does not know, in the body oneof
      return { kind: 'unknown-body', data: Uint8Array.from([0x08, 0x07, 0xfa, 0x06, 0x02, 0x08, 0x01]) };
    case 5: // wrong enum value in a valid frame (login with role 77)
      return { kind: 'bad-enum', data: wire.ClientFrame.encode({ requestId: 9, subscribe: { seriesId: 1, channels: [77 as patx.v1.Channel] } }).finish() };
    case 6: // uint64 beyond 2^53
      return { kind: 'big-int', data: BIG_SERIES_ID };
    case 7: // a length prefix far beyond the frame
      return { kind: 'bad-length', data: Uint8Array.from([0x08, 0x01, 0xa2, 0x01, 0xff, 0xff, 0xff, 0x0f, 0x01]) };
    default: // deep nesting of unknown groups
      return { kind: 'nested', data: Uint8Array.from([...Array(300).fill(0x0b), ...Array(300).fill(0x0c)]) };
  }
}

interface FuzzConn {
  ws: WebSocket;
  errors: number;
  closeCode: number | undefined;
}

function fuzzConnection(url: string): Promise<FuzzConn> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const conn: FuzzConn = { ws, errors: 0, closeCode: undefined };
    ws.on('message', (data: Buffer) => {
      const frame = wire.ServerFrame.decode(data);
      if (frame.body === 'error') conn.errors++;
    });
    ws.on('close', (code) => (conn.closeCode = code));
    ws.on('error', () => undefined);
    ws.once('open', () => resolve(conn));
    ws.once('error', reject);
  });
}

describe('fuzzing the gateway', () => {
  it('answers every bad frame with an error or a close, changes nothing, and keeps serving a normal client', async () => {
    const rand = prng(20_261_121);
    const trader = await fx.connect(testWallet(900));
    await fx.fund(trader.accountId, 100_000);
    const seqBefore = fx.service.engine.lastSeq;

    const conns = await Promise.all(Array.from({ length: 8 }, (_, i) => fuzzConnection(i % 2 === 0 ? fx.tradeUrl : fx.marketUrl)));
    const sent = conns.map(() => 0);
    const kinds = new Map<string, number>();
    const orders: Array<Promise<patx.v1.ICommandAck>> = [];
    for (let round = 0; round < 250; round++) {
      conns.forEach((c, i) => {
        if (c.closeCode !== undefined) return;
        const f = badFrame(rand);
        kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
        c.ws.send(f.data, { binary: typeof f.data !== 'string' });
        sent[i]!++;
      });
      orders.push(trader.newOrder({ seriesId: fx.seriesId, clientOrderId: round + 1, side: wire.Side.BUY, priceMicros: 2_000_000, qty: 1, timeInForce: wire.TimeInForce.IOC }));
      if (round % 25 === 0) await new Promise((r) => setImmediate(r));
    }
    // One oversized frame: the connection is closed with FRAME_TOO_LARGE.
    const big = await fuzzConnection(fx.marketUrl);
    big.ws.send(new Uint8Array(MAX_FRAME + 1));
    const acks = await Promise.all(orders);
    await until(() => conns.every((c, i) => c.errors >= sent[i]! || c.closeCode !== undefined) && big.closeCode !== undefined, 'errors for every bad frame');

    expect([...kinds.keys()].sort()).toEqual(['bad-enum', 'bad-length', 'big-int', 'empty', 'nested', 'random', 'text', 'truncated', 'unknown-body']);
    expect(big.closeCode).toBe(closeCode(ErrorCode.FRAME_TOO_LARGE));
    expect(big.errors).toBe(1);
    for (const c of conns) expect(c.closeCode).toBeUndefined(); // bad frames are answered, not fatal
    // The normal client: every order bought one right from the broker.
    expect(acks.map((a) => rejectName(a))).toEqual(acks.map(() => 'NONE'));
    expect(acks.every((a) => a.reports!.at(-1)!.ordStatus === wire.OrdStatus.ORDER_FILLED)).toBe(true);
    // Nothing but the normal client's 250 orders reached the engine.
    expect(fx.service.engine.lastSeq).toBe(seqBefore + 250);
    const account = await trader.account();
    expect(account.positions!.find((p) => Number(p.seriesId) === fx.seriesId)!.available).toBe(250);
    for (const c of conns) c.ws.close();

    // The journal replays to the live state.
    await fx.service.sequencer.drain();
    expect(recover(fx.service.journal).stateHash).toBe(fx.service.sequencer.stateHash());
  });

  it('names what is wrong with a logged-in session’s bad frames', async () => {
    const c = await fx.connect(testWallet(901));
    const errors: patx.v1.IError[] = [];
    c.onFrame((f) => f.body === 'error' && errors.push(f.error!));
    const seq = fx.service.engine.lastSeq;
    const send = (data: Uint8Array | string): void => c.socket.sendRaw(data);
    send(BIG_SERIES_ID);
    send('hello');
    send(new Uint8Array([0xff, 0xff, 0xff]));
    send(new Uint8Array(0));
    const requests = [
      c.command({ newOrder: { seriesId: fx.seriesId, clientOrderId: 1, side: 7 as patx.v1.Side, priceMicros: 1_000_000, qty: 1 } }),
      c.command({ newOrder: { seriesId: fx.seriesId, clientOrderId: 0, side: 1, priceMicros: 1_000_000, qty: 1 } }),
      c.command({ newOrder: { seriesId: fx.seriesId, clientOrderId: 2, side: 1, priceMicros: -5, qty: 1 } }),
      c.command({ cancelOrder: {} }),
      c.command({ subscribe: { seriesId: 1 } }),
      c.command({ login: {} }),
    ];
    const outcomes = await Promise.allSettled(requests);
    expect(outcomes.map((o) => (o.status === 'rejected' ? `${(o.reason as { code: string }).code}:${(o.reason as { field: string }).field}` : 'ok'))).toEqual([
      'INVALID_FIELD:side',
      'INVALID_FIELD:client_order_id',
      'INVALID_FIELD:price_micros',
      'INVALID_FIELD:order_id',
      'WRONG_ENDPOINT:',
      'ALREADY_AUTHENTICATED:',
    ]);
    await until(() => errors.length === 4, 'errors for raw frames');
    expect(errors.map((e) => wire.ErrorCode[e.code!])).toEqual(['VALUE_OUT_OF_RANGE', 'TEXT_FRAME', 'MALFORMED_FRAME', 'EMPTY_FRAME']);
    expect(errors[0]!.field).toBe('series_id');
    expect(fx.service.engine.lastSeq).toBe(seq);
    await c.close();
  });
});
