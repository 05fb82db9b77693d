/**
 * The load generator's two order-entry frames, written with FrameWriter
 * (src/proto/frame-writer.ts) into a reused buffer that the socket copies
 * from; protobufjs allocates a writer and its ops per message. The layout follows proto/patx.proto; `checkOrderFrames` compares it with protobufjs's
 * decoding once at start, so a schema change cannot make the bench send
 * something else than it claims.
 */
import { FrameWriter, wire } from '../../src/proto/index.js';

const writer = new FrameWriter();

export interface OrderFields {
  seriesId: number;
  clientOrderId: number;
  side: number;
  priceMicros: number;
  qty: number;
  /** 0 = GTC (the default, not written) */
  timeInForce: number;
}

/** ClientFrame{request_id, new_order (field 20)}, in the shared writer: valid until the next call. */
export function encodeNewOrder(requestId: number, o: OrderFields): FrameWriter {
  writer.reset();
  writer.field(1, requestId);
  writer.begin(20);
  writer.field(1, o.seriesId);
  writer.field(2, o.clientOrderId);
  writer.field(3, o.side);
  writer.field(5, o.timeInForce);
  writer.field(6, o.priceMicros);
  writer.field(7, o.qty);
  writer.end();
  return writer;
}

/** ClientFrame{request_id, cancel_order (field 21)} by client order id, in the shared writer: valid until the next call. */
export function encodeCancelByClientId(requestId: number, clientOrderId: number): FrameWriter {
  writer.reset();
  writer.field(1, requestId);
  writer.begin(21);
  writer.field(2, clientOrderId);
  writer.end();
  return writer;
}

/** Throws unless protobufjs decodes the hand-made frames to what they are meant to say. */
export function checkOrderFrames(): void {
  const order: OrderFields = { seriesId: 300, clientOrderId: 2 ** 40 + 5, side: wire.Side.BUY, priceMicros: 1_999_000, qty: 3, timeInForce: wire.TimeInForce.IOC };
  const decoded = wire.ClientFrame.decode(encodeNewOrder(70_000, order).view());
  const n = decoded.newOrder;
  const same =
    decoded.requestId === 70_000 && n != null && Number(n.seriesId) === order.seriesId && Number(n.clientOrderId) === order.clientOrderId && n.side === order.side &&
    Number(n.priceMicros) === order.priceMicros && Number(n.qty) === order.qty && n.timeInForce === order.timeInForce;
  const cancel = wire.ClientFrame.decode(encodeCancelByClientId(9, 2 ** 35).view());
  if (!same || cancel.requestId !== 9 || Number(cancel.cancelOrder?.clientOrderId) !== 2 ** 35) {
    throw new Error(`hand-encoded order frames do not match proto/patx.proto: ${JSON.stringify(decoded)} ${JSON.stringify(cancel)}`);
  }
}
