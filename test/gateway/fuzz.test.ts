/**
 * Malformed input from many connections at once, while a normal client keeps
 * trading: random bytes, truncated and oversized frames, text frames, unknown
 * fields and bodies, out-of-range enums and 64-bit values. Every bad frame gets
 * an error frame or a close with a reason; nothing crashes; nothing a bad frame
 * says reaches the engine; the normal client's orders all complete correctly.
 * Then well-formed frames of every request a client may send, their fields filled
 * from the schema (proto/patx.proto, read by protobufjs' reflection) with edge values,
 * from signed-in consumers and providers and a market-data client: each answered (an ack, a reply, or a typed
 * error), no session closed, the journal replaying to the live state.
 * Seeded, so a failure replays (PATX_WS_FUZZ_SEED, PATX_WS_FUZZ_CASES for the second part).
 */
import path from 'node:path';
import protobuf from 'protobufjs';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../bench/workload.js';
import { PatxRequestError, rejectName, wire, type patx } from '../../src/client/index.js';
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
    // Bad frames are answered, not fatal; but an order-entry connection that never logs in is cut once its requests pass
    // MAX_REQUESTS_BEFORE_LOGIN (RATE_LIMITED), as a stranger's flood of them was (an attacker's review). Market data: never.
    conns.forEach((c, i) => expect(c.closeCode).toBe(i % 2 === 0 && c.closeCode !== undefined ? closeCode(ErrorCode.RATE_LIMITED) : undefined));
    expect(conns.filter((c, i) => i % 2 === 0 && c.closeCode !== undefined).length).toBeGreaterThan(0);
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

  it('answers well-formed requests of every kind with edge values in every field, from signed-in consumers and providers and a market-data client', async () => {
    const rand = prng(Number(process.env.PATX_WS_FUZZ_SEED ?? 20_261_130));
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const root = protobuf.loadSync(path.resolve(import.meta.dirname, '../../proto/patx.proto'));
    const frame = root.lookupType('patx.v1.ClientFrame');
    // Every request but a heartbeat (request id 0, never answered) and a login (the session is signed in).
    const bodies = frame.oneofs['body']!.fieldsArray.filter((f) => f.name !== 'heartbeat' && f.name !== 'login');
    // The order path's requests three times as often as the rest.
    const weighted = bodies.flatMap((f) => (/order/i.test(f.name) ? [f, f, f] : [f]));
    const known = { seriesId: fx.seriesId, orderIds: [] as number[] };
    const INTS = [0, 1, 2, 3, 7, 100, 1_000_000, 2 ** 31 - 1, 2 ** 32 - 1, Number.MAX_SAFE_INTEGER];
    const SIGNED = [-1, -(2 ** 31), -Number.MAX_SAFE_INTEGER];
    const SANE: Record<string, readonly unknown[]> = {
      side: [wire.Side.BUY, wire.Side.SELL],
      qty: [1, 2, 5],
      priceMicros: [1_800_000, 1_900_000, 2_000_000],
      orderType: [wire.OrderType.LIMIT, wire.OrderType.MARKET],
      timeInForce: [wire.TimeInForce.GTC, wire.TimeInForce.IOC],
      clientOrderId: Array.from({ length: 50 }, (_, k) => k + 1),
      expireAtMs: [0],
      postOnly: [false],
      channels: [wire.Channel.BOOK, wire.Channel.TRADES, wire.Channel.QUOTES],
      contract: [''],
    };
    const STRINGS = ['', 'a', 'AUTO_INTENT|7D|0.70-0.85', 'AUTO_INTENT|0m|9-1', '0x' + 'f'.repeat(40), 'ünï\u0000cödé', 'x'.repeat(600)];
    const valueOf = (f: protobuf.Field, depth: number): unknown => {
      f.resolve();
      if (f.resolvedType instanceof protobuf.Type) return depth > 3 ? {} : messageOf(f.resolvedType, depth + 1);
      if (f.resolvedType instanceof protobuf.Enum) return pick([...Object.values(f.resolvedType.values), 0, 99]);
      // Ids the server knows, often: a series that trades, an order this session placed; and often a sane order's value, so that some get past the gateway to the engine's checks.
      if (/series_?id/i.test(f.name) && rand() < 0.6) return known.seriesId;
      const sane = SANE[f.name];
      if (sane !== undefined && rand() < 0.8) return pick(sane);
      if (/^order_?id$/i.test(f.name) && known.orderIds.length > 0 && rand() < 0.6) return pick(known.orderIds);
      switch (f.type) {
        case 'bool':
          return rand() < 0.5;
        case 'string':
          return pick(STRINGS);
        case 'bytes':
          return Uint8Array.from({ length: pick([0, 1, 20, 32, 65, 300]) }, () => Math.floor(rand() * 256));
        case 'double':
        case 'float':
          return pick([0, -1, 0.5, 1e308, Number.NaN, Number.POSITIVE_INFINITY]);
        case 'int32':
        case 'sint32':
        case 'int64':
        case 'sint64':
        case 'sfixed32':
        case 'sfixed64':
          return pick([...INTS, ...SIGNED].filter((n) => !f.type.endsWith('32') || Math.abs(n) < 2 ** 31));
        default:
          return pick(INTS.filter((n) => !f.type.endsWith('32') || n < 2 ** 32));
      }
    };
    const messageOf = (t: protobuf.Type, depth: number): Record<string, unknown> => {
      const m: Record<string, unknown> = {};
      for (const f of t.fieldsArray) {
        if (f.partOf !== null || rand() < 0.05) continue; // a oneof's members below; some fields left out
        m[f.name] = f.repeated ? Array.from({ length: pick([0, 1, 2, 5]) }, () => valueOf(f, depth)) : valueOf(f, depth);
      }
      for (const o of t.oneofsArray) {
        if (rand() < 0.3) continue;
        const f = pick(o.fieldsArray);
        m[f.name] = valueOf(f, depth);
      }
      return m;
    };

    const consumer = await fx.connect(testWallet(902));
    await fx.fund(consumer.accountId, 100_000);
    const provider = await fx.connect(testWallet(903), { role: wire.Role.PROVIDER });
    const market = await fx.market();
    const sessions = [consumer, provider, market];
    const outcomes = new Map<string, number>();
    const count = (key: string): void => void outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    let unanswered = 0;
    for (let i = 0; i < Number(process.env.PATX_WS_FUZZ_CASES ?? 600); i++) {
      const body = pick(weighted);
      const session = pick(sessions);
      body.resolve();
      const request = { [body.name]: messageOf(body.resolvedType as protobuf.Type, 0) };
      try {
        const reply = await session.socket.request(request as Parameters<typeof session.socket.request>[0]);
        const ack = reply.commandAck;
        for (const r of ack?.reports ?? []) if (r.ordStatus === wire.OrdStatus.ORDER_NEW) known.orderIds.push(Number(r.orderId));
        // An order's refusal is in its report (the ack says NONE); other commands' in the ack.
        const report = ack?.reports?.at(-1);
        const what = ack === undefined || ack === null ? reply.body ?? 'none' : report !== undefined && (report.rejectReason ?? 0) !== 0 ? wire.RejectReason[report.rejectReason!] : rejectName(ack);
        count(`${body.name} ${what}`);
      } catch (error) {
        if (!(error instanceof PatxRequestError)) unanswered++; // a timeout, or the connection closed
        count(`${body.name} ${error instanceof PatxRequestError ? error.code : (error as Error).name}`);
      }
    }
    expect(unanswered, JSON.stringify([...outcomes])).toBe(0);
    // Every kind of request was sent, and some reached the engine's own checks (a reject reason, not only the gateway's).
    expect(new Set([...outcomes.keys()].map((k) => k.split(' ')[0])).size).toBe(bodies.length);
    const engineChecked = [...outcomes].filter(([k]) => k.startsWith('newOrder ') && !k.endsWith(' INVALID_FIELD')).reduce((n, [, count]) => n + count, 0);
    expect(engineChecked, JSON.stringify([...outcomes])).toBeGreaterThanOrEqual(10);
    expect(fx.service.sequencer.stopped).toBe(false);
    // Every session still serves, and the journal replays to the live state.
    expect((await consumer.account()).accountId).toBe(consumer.accountId);
    expect((await provider.account()).accountId).toBe(provider.accountId);
    expect((await market.series()).length).toBeGreaterThan(0);
    await Promise.all(sessions.map((s) => s.close()));
    await fx.service.sequencer.drain();
    expect(recover(fx.service.journal).stateHash).toBe(fx.service.sequencer.stateHash());
  }, 120_000);
});
