/**
 * A negative number in a 64-bit field, sent in a real frame to the order-entry gateway (uWS on 127.0.0.1). In a
 * uint64 field (qty, order_id) a client's -1 travels as its two's complement, 2^64 - 1: the gateway refuses it
 * VALUE_OUT_OF_RANGE naming the field and saying it is negative, not "above 2^53 - 1". In an int64 field
 * (price_micros) a value below -(2^53 - 1) is said negative too. A positive 2^63 - 1, which a double rounds up
 * to 2^63, is still "above" (src/proto/no-long.ts). Nothing reaches the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wire, type patx, type TradingClient } from '../../src/client/index.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';
import { until } from '../support/exchange-fixture.js';

let fx: GatewayFixture;
let c: TradingClient;
const errors = new Map<number, patx.v1.IError>();

beforeAll(async () => {
  fx = await startGatewayFixture();
  c = await fx.connect(testWallet(940));
  c.onFrame((f) => {
    if (f.body === 'error') errors.set(f.requestId ?? 0, f.error!);
  });
});
afterAll(async () => {
  await c.close();
  await fx.stop();
});

let nextRequestId = 7_000;

/** Sends the frame's bytes as they are (no client-side check) and waits for the gateway's error frame. */
async function refusal(bytes: (requestId: number) => Uint8Array): Promise<{ code: string; field: string; message: string }> {
  const requestId = nextRequestId++;
  c.socket.sendRaw(bytes(requestId));
  await until(() => errors.has(requestId), `the error frame for request ${requestId}`);
  const e = errors.get(requestId)!;
  return { code: wire.ErrorCode[e.code ?? 0] ?? '', field: e.field ?? '', message: e.message ?? '' };
}

function encoded(body: patx.v1.IClientFrame): (requestId: number) => Uint8Array {
  return (requestId) => wire.ClientFrame.encode({ ...body, requestId }).finish();
}

/** A NewOrder whose qty (field 7, tag 0x38) is the varint `qtyVarint`, written by hand (a double holds no such qty). */
function newOrderWithQtyVarint(qtyVarint: readonly number[]): (requestId: number) => Uint8Array {
  return (requestId) => {
    const { qty: _, ...rest } = order(fx.seriesId);
    const body = [...wire.NewOrder.encode(rest).finish(), 0x38, ...qtyVarint];
    const head = wire.ClientFrame.encode({ requestId }).finish();
    // ClientFrame field 20 (new_order), length-delimited: tag 0xa2 0x01, then a one-byte length.
    return Uint8Array.from([...head, 0xa2, 0x01, body.length, ...body]);
  };
}

const order = (seriesId: number): patx.v1.INewOrder => ({ seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 2_000_000, qty: 1 });

describe('a negative 64-bit value in a real frame', () => {
  it('in a uint64 field is VALUE_OUT_OF_RANGE saying it is negative; nothing reaches the engine', async () => {
    const seq = fx.service.engine.lastSeq;
    const minusOne = encoded({ newOrder: { ...order(fx.seriesId), qty: -1 } });
    // The wire carries -1 as ten bytes, 2^64 - 1: what a protobuf client writes for a negative in a uint64 field.
    expect([...minusOne(1)].slice(-11)).toEqual([0x38, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(await refusal(minusOne)).toEqual({ code: 'VALUE_OUT_OF_RANGE', field: 'qty', message: 'qty is negative (its 64-bit value has the sign bit set)' });
    expect(await refusal(encoded({ newOrder: { ...order(fx.seriesId), qty: -(2 ** 40) } }))).toEqual({
      code: 'VALUE_OUT_OF_RANGE',
      field: 'qty',
      message: 'qty is negative (its 64-bit value has the sign bit set)',
    });
    expect(await refusal(encoded({ cancelOrder: { orderId: -5 } }))).toEqual({
      code: 'VALUE_OUT_OF_RANGE',
      field: 'order_id',
      message: 'order_id is negative (its 64-bit value has the sign bit set)',
    });
    expect(await refusal(encoded({ orderStatusQuery: { clientOrderId: -3 } }))).toEqual({
      code: 'VALUE_OUT_OF_RANGE',
      field: 'client_order_id',
      message: 'client_order_id is negative (its 64-bit value has the sign bit set)',
    });
    expect(fx.service.engine.lastSeq).toBe(seq);
  });

  it('in an int64 field below -(2^53 - 1) is VALUE_OUT_OF_RANGE saying it is negative', async () => {
    const seq = fx.service.engine.lastSeq;
    expect(await refusal(encoded({ newOrder: { ...order(fx.seriesId), priceMicros: -(2 ** 60) } }))).toEqual({
      code: 'VALUE_OUT_OF_RANGE',
      field: 'price_micros',
      message: 'price_micros is negative, below -(2^53 - 1)',
    });
    expect(fx.service.engine.lastSeq).toBe(seq);
  });

  it('a positive value past 2^53 - 1 is still "above", up to 2^63 - 1 (which a double rounds to 2^63)', async () => {
    expect(await refusal(encoded({ newOrder: { ...order(fx.seriesId), qty: 2 ** 60 } }))).toEqual({ code: 'VALUE_OUT_OF_RANGE', field: 'qty', message: 'qty is above 2^53 - 1' });
    // 2^63 - 1: eight 0xff and a 0x7f.
    const top = newOrderWithQtyVarint([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
    expect(await refusal(top)).toEqual({ code: 'VALUE_OUT_OF_RANGE', field: 'qty', message: 'qty is above 2^53 - 1' });
    // 2^63 exactly: the sign bit alone (-2^63).
    const signBit = newOrderWithQtyVarint([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    expect(await refusal(signBit)).toEqual({ code: 'VALUE_OUT_OF_RANGE', field: 'qty', message: 'qty is negative (its 64-bit value has the sign bit set)' });
  });
});
