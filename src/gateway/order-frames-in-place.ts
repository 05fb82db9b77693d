/**
 * The order-entry frames sent most, ClientFrame{request_id, new_order} and
 * ClientFrame{request_id, cancel_order}, read without protobufjs's objects.
 * Decoding builds a Reader, a ClientFrame and a NewOrder per frame and deletes
 * the fields left at 0 (issue 79: about 240 B of the ~2.2 KB allocated per
 * order); here the values are read with protobufjs's own readers (the same
 * numbers, no-long.ts's 64-bit arithmetic included) from one reused Reader into
 * one reused frame per body.
 *
 * Only a frame in the plain shape is read here: a request id and one body, each
 * field known with its wire type. Anything else (an unknown or repeated body
 * field, another body, a bad length) answers undefined, and the caller decodes the
 * frame with protobufjs as before: so every frame means what it meant, and a
 * malformed one is refused with protobufjs's reason.
 *
 * The frame returned is valid until the next call: its reader must copy what it
 * keeps (wire-commands.ts builds a new Command from it).
 */
import protobuf from 'protobufjs/minimal.js';
import type { patx } from '../proto/index.js';

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const FRAME_REQUEST_ID = 1;
const FRAME_NEW_ORDER = 20;
const FRAME_CANCEL_ORDER = 21;

/** A NewOrder with every field present, 0 for absent (wire-commands.ts reads absent as 0: the same command). */
interface NewOrderFields {
  seriesId: number;
  clientOrderId: number;
  side: number;
  orderType: number;
  timeInForce: number;
  priceMicros: number;
  qty: number;
  expireAtMs: number;
  postOnly: boolean;
  selfTradePrevention: number;
}

interface CancelOrderFields {
  orderId: number;
  clientOrderId: number;
}

const reader = new protobuf.Reader(new Uint8Array(0));
const newOrder: NewOrderFields = { seriesId: 0, clientOrderId: 0, side: 0, orderType: 0, timeInForce: 0, priceMicros: 0, qty: 0, expireAtMs: 0, postOnly: false, selfTradePrevention: 0 };
const cancelOrder: CancelOrderFields = { orderId: 0, clientOrderId: 0 };
const newOrderFrame = { requestId: 0, body: 'newOrder' as const, newOrder };
const cancelOrderFrame = { requestId: 0, body: 'cancelOrder' as const, cancelOrder };

/** The frame's request id and body, or undefined when it is not in the plain shape (decode it with protobufjs then). */
export function readOrderFrameInPlace(bytes: Uint8Array): patx.v1.ClientFrame | undefined {
  const r = reader;
  r.buf = bytes;
  r.pos = 0;
  r.len = bytes.length;
  try {
    let requestId = 0;
    let body = 0;
    while (r.pos < r.len) {
      const tag = r.uint32();
      const field = tag >>> 3;
      const wireType = tag & 7;
      if (field === FRAME_REQUEST_ID && wireType === WIRE_VARINT) requestId = r.uint32();
      else if (body === 0 && wireType === WIRE_LENGTH_DELIMITED && field === FRAME_NEW_ORDER && readNewOrder(r)) body = FRAME_NEW_ORDER;
      else if (body === 0 && wireType === WIRE_LENGTH_DELIMITED && field === FRAME_CANCEL_ORDER && readCancelOrder(r)) body = FRAME_CANCEL_ORDER;
      else return undefined;
    }
    if (body === FRAME_NEW_ORDER) {
      newOrderFrame.requestId = requestId;
      // The same fields as a decoded ClientFrame's (the gateway reads body, request id and the body's message only).
      return newOrderFrame as unknown as patx.v1.ClientFrame;
    }
    if (body === FRAME_CANCEL_ORDER) {
      cancelOrderFrame.requestId = requestId;
      return cancelOrderFrame as unknown as patx.v1.ClientFrame;
    }
    return undefined;
  } catch {
    return undefined; // past the end: protobufjs says why
  } finally {
    r.buf = EMPTY; // the frame's bytes are not kept
  }
}

const EMPTY = new Uint8Array(0);

/** The end of the length-delimited body starting at the reader, or -1 past the frame. */
function bodyEnd(r: protobuf.Reader): number {
  const length = r.uint32();
  const end = r.pos + length;
  return end > r.len ? -1 : end;
}

/**
 * The next field of a body ending at `end`: its number, with the reader at its value; 0 at the end,
 * -1 for a field that is not a varint (such a frame goes to protobufjs).
 */
function nextVarintField(r: protobuf.Reader, end: number): number {
  if (r.pos >= end) return 0;
  const tag = r.uint32();
  return (tag & 7) === WIRE_VARINT ? tag >>> 3 : -1;
}

function readNewOrder(r: protobuf.Reader): boolean {
  const end = bodyEnd(r);
  if (end < 0) return false;
  const m = newOrder;
  m.seriesId = m.clientOrderId = m.side = m.orderType = m.timeInForce = m.priceMicros = m.qty = m.expireAtMs = m.selfTradePrevention = 0;
  m.postOnly = false;
  for (let field = nextVarintField(r, end); field !== 0; field = nextVarintField(r, end)) {
    switch (field) {
      case 1:
        m.seriesId = r.uint64() as unknown as number; // numbers, not Long (no-long.ts)
        break;
      case 2:
        m.clientOrderId = r.uint64() as unknown as number;
        break;
      case 3:
        m.side = r.int32();
        break;
      case 4:
        m.orderType = r.int32();
        break;
      case 5:
        m.timeInForce = r.int32();
        break;
      case 6:
        m.priceMicros = r.int64() as unknown as number;
        break;
      case 7:
        m.qty = r.uint64() as unknown as number;
        break;
      case 8:
        m.expireAtMs = r.int64() as unknown as number;
        break;
      case 9:
        m.postOnly = r.bool();
        break;
      case 10:
        m.selfTradePrevention = r.int32();
        break;
      default:
        return false; // unknown, or not a varint (-1)
    }
  }
  return r.pos === end;
}

function readCancelOrder(r: protobuf.Reader): boolean {
  const end = bodyEnd(r);
  if (end < 0) return false;
  const m = cancelOrder;
  m.orderId = m.clientOrderId = 0;
  for (let field = nextVarintField(r, end); field !== 0; field = nextVarintField(r, end)) {
    if (field === 1) m.orderId = r.uint64() as unknown as number;
    else if (field === 2) m.clientOrderId = r.uint64() as unknown as number;
    else return false; // unknown, or not a varint (-1)
  }
  return r.pos === end;
}
