/**
 * What an order's status (OrderStatusQuery by its client order id: docs/protocol.md, "Order status")
 * says of an order the session sent and heard no answer to, for its spending count: placed (live or
 * ended) with what it filled, paid and still rests; refused; or not known.
 */
import { wire, type patx } from '../proto/index.js';
import { NOTHING_DONE, type KnownOutcome, type UnsettledOrder } from './spending-limit.js';

const LIVE: ReadonlySet<number> = new Set([wire.OrdStatus.ORDER_NEW, wire.OrdStatus.ORDER_PARTIALLY_FILLED]);

/**
 * The outcome the status shows, or undefined while it is not known. UNKNOWN_ORDER means the order never
 * arrived only when asked on the session it was sent on (`askedWhereSent`: the query is answered after it);
 * asked on another, it may still be on its way. An order of another series or side under the same client
 * order id is not this one: not known either.
 */
export function knownFromStatus(status: patx.v1.IOrderStatus, sent: Pick<UnsettledOrder, 'side' | 'seriesId'>, askedWhereSent: boolean): KnownOutcome | undefined {
  const ordStatus = status.ordStatus ?? wire.OrdStatus.ORD_STATUS_UNSPECIFIED;
  if (ordStatus === wire.OrdStatus.ORD_STATUS_UNSPECIFIED) {
    return askedWhereSent && status.rejectReason === wire.RejectReason.UNKNOWN_ORDER ? NOTHING_DONE : undefined;
  }
  const side = sent.side === 'buy' ? wire.Side.BUY : wire.Side.SELL;
  if (Number(status.seriesId ?? 0) !== sent.seriesId || status.side !== side) return undefined;
  if (ordStatus === wire.OrdStatus.ORDER_REJECTED) return NOTHING_DONE;
  return {
    orderId: Number(status.orderId ?? 0),
    filledQty: Number(status.cumQty ?? 0),
    paidMicros: sent.side === 'buy' ? Number(status.filledNotionalMicros ?? 0) + Number(status.feeMicros ?? 0) : 0,
    leavesQty: LIVE.has(ordStatus) ? Number(status.leavesQty ?? 0) : 0,
    // Captured at its place in the queue: a fill heard after it (even before it is read) is counted after it.
    asOfSeq: Number(status.asOfSeq ?? 0),
  };
}
