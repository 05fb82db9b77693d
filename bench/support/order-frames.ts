/**
 * The load generator's two order-entry frames, encoded by hand into a reused
 * buffer (protobufjs allocates a writer and its ops per message). The layout
 * follows proto/patx.proto; `checkOrderFrames` compares it with protobufjs's
 * decoding once at start, so a schema change cannot make the bench send
 * something else than it claims.
 */
import { wire } from '../../src/proto/index.js';

const scratch = new Uint8Array(64);
const body = new Uint8Array(48);

function varint(buf: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    buf[at++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  buf[at++] = value;
  return at;
}

/** ClientFrame { request_id = 1; <field> = the body }: returns the frame's length in `scratch`. */
function frame(requestId: number, field: number, bodyBytes: number): number {
  let at = varint(scratch, 0, 0x08); // request_id, varint
  at = varint(scratch, at, requestId);
  at = varint(scratch, at, (field << 3) | 2);
  at = varint(scratch, at, bodyBytes);
  scratch.set(body.subarray(0, bodyBytes), at);
  return at + bodyBytes;
}

export interface OrderFields {
  seriesId: number;
  clientOrderId: number;
  side: number;
  priceMicros: number;
  qty: number;
  /** 0 = GTC (the default, not written) */
  timeInForce: number;
}

/** ClientFrame.new_order (field 20). The bytes are valid until the next call. */
export function encodeNewOrder(requestId: number, o: OrderFields): Uint8Array {
  let at = varint(body, 0, (1 << 3) | 0);
  at = varint(body, at, o.seriesId);
  at = varint(body, at, (2 << 3) | 0);
  at = varint(body, at, o.clientOrderId);
  at = varint(body, at, (3 << 3) | 0);
  at = varint(body, at, o.side);
  if (o.timeInForce !== 0) {
    at = varint(body, at, (5 << 3) | 0);
    at = varint(body, at, o.timeInForce);
  }
  at = varint(body, at, (6 << 3) | 0);
  at = varint(body, at, o.priceMicros);
  at = varint(body, at, (7 << 3) | 0);
  at = varint(body, at, o.qty);
  return scratch.subarray(0, frame(requestId, 20, at));
}

/** ClientFrame.cancel_order (field 21) by client order id. The bytes are valid until the next call. */
export function encodeCancelByClientId(requestId: number, clientOrderId: number): Uint8Array {
  let at = varint(body, 0, (2 << 3) | 0);
  at = varint(body, at, clientOrderId);
  return scratch.subarray(0, frame(requestId, 21, at));
}

/** Throws unless protobufjs decodes the hand-made frames to what they are meant to say. */
export function checkOrderFrames(): void {
  const order: OrderFields = { seriesId: 300, clientOrderId: 2 ** 40 + 5, side: wire.Side.BUY, priceMicros: 1_999_000, qty: 3, timeInForce: wire.TimeInForce.IOC };
  const decoded = wire.ClientFrame.decode(encodeNewOrder(70_000, order));
  const n = decoded.newOrder;
  const same =
    decoded.requestId === 70_000 && n != null && Number(n.seriesId) === order.seriesId && Number(n.clientOrderId) === order.clientOrderId && n.side === order.side &&
    Number(n.priceMicros) === order.priceMicros && Number(n.qty) === order.qty && n.timeInForce === order.timeInForce;
  const cancel = wire.ClientFrame.decode(encodeCancelByClientId(9, 2 ** 35));
  if (!same || cancel.requestId !== 9 || Number(cancel.cancelOrder?.clientOrderId) !== 2 ** 35) {
    throw new Error(`hand-encoded order frames do not match proto/patx.proto: ${JSON.stringify(decoded)} ${JSON.stringify(cancel)}`);
  }
}
