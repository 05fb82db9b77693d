/**
 * The WebSocket OrderStatusQuery (docs/protocol.md, "Order status"): one of the session's account's
 * orders, live or ended, answered in order with the session's commands by an `OrderStatus`. Read
 * with Sequencer.readInTurn: the query takes its place in the queue, and when its turn is released
 * the order history (which takes the turn only after) is moved through the events the commands
 * before it made (order-rows.ts, foldTurn): a CancelOrder then an OrderStatusQuery answer CANCELED.
 */
import { OrderStatus, type OrderKey, type OrderRecord } from './order-rows.js';
import type { OrderHistory } from './order-history.js';
import { wireInt, WireError, ErrorCode } from './wire-commands.js';
import type { patx } from '../proto/index.js';
import { RejectReason } from '../engine/index.js';

/** What the gateway asks of the order history. */
export type OrderStatusSource = Pick<OrderHistory, 'orderInTurn'>;

/** The order a query names: by id, else by client id (one of them, positive). */
export function orderStatusKey(query: patx.v1.IOrderStatusQuery): OrderKey {
  const orderId = wireInt(query.orderId, 'order_id', 0);
  const clientOrderId = wireInt(query.clientOrderId, 'client_order_id', 0);
  if (orderId === 0 && clientOrderId === 0) throw new WireError(ErrorCode.INVALID_FIELD, 'name the order: order_id, or client_order_id with order_id 0', 'order_id');
  return { orderId, clientOrderId: orderId > 0 ? 0 : clientOrderId };
}

/** The answer: the order's state, or (none) UNKNOWN_ORDER with the ids as asked. */
export function orderStatusMessage(key: OrderKey, order: OrderRecord | undefined, asOfSeq: number): patx.v1.IOrderStatus {
  if (order === undefined) return { orderId: key.orderId, clientOrderId: key.clientOrderId, rejectReason: RejectReason.UNKNOWN_ORDER, asOfSeq };
  const canceled = order.status === OrderStatus.CANCELED;
  const rejected = order.status === OrderStatus.REJECTED;
  return {
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    seriesId: order.seriesId,
    side: order.side,
    orderType: order.orderType,
    timeInForce: order.timeInForce,
    postOnly: order.postOnly,
    priceMicros: order.priceMicros,
    orderQty: order.orderQty,
    cumQty: order.cumQty,
    leavesQty: order.leavesQty,
    filledNotionalMicros: order.filledNotionalMicros,
    feeMicros: order.feeMicros,
    ordStatus: order.status,
    cancelReason: canceled ? order.reason : 0,
    rejectReason: rejected ? order.reason : 0,
    expireAtMs: order.expireAtMs,
    createdSeq: order.createdSeq,
    createdAtMs: order.createdAtMs,
    updatedSeq: order.updatedSeq,
    updatedAtMs: order.updatedAtMs,
    asOfSeq,
  };
}
