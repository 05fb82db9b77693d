/**
 * FIX-style execution reports derived from engine events: what an order's owner
 * is told. Every report satisfies OrderQty = CumQty + LeavesQty (LeavesQty is 0
 * once the order is done). A fill yields two reports, one per side.
 */
import { EventType, type EngineEvent } from './events.js';
import type { RejectReason } from './reject-reason.js';
import { Side } from './commands.js';

export const ExecType = { NEW: 'New', TRADE: 'Trade', CANCELED: 'Canceled', REPLACED: 'Replaced', REJECTED: 'Rejected', EXPIRED: 'Expired' } as const;
export type ExecType = (typeof ExecType)[keyof typeof ExecType];

export const OrdStatus = {
  NEW: 'New',
  PARTIALLY_FILLED: 'PartiallyFilled',
  FILLED: 'Filled',
  CANCELED: 'Canceled',
  REJECTED: 'Rejected',
  EXPIRED: 'Expired',
} as const;
export type OrdStatus = (typeof OrdStatus)[keyof typeof OrdStatus];

export interface ExecutionReport {
  seq: number;
  execType: ExecType;
  ordStatus: OrdStatus;
  /** 0 for a rejected order (it never got an id). */
  orderId: number;
  accountId: number;
  clientOrderId: number;
  seriesId: number;
  orderQty: number;
  cumQty: number;
  leavesQty: number;
  /** This trade's quantity and price (Trade reports only; else 0). */
  lastQty: number;
  lastPriceMicros: number;
  /** Quantity taken off the order without trading (Canceled and Expired reports; else 0): the original OrderQty was orderQty + canceledQty. */
  canceledQty: number;
  /** Why it was rejected (Rejected reports only; else 0). */
  rejectReason: RejectReason | 0;
  /** What this side paid the fee account for the trade, µPAT (Trade reports only; else 0; docs/fees.md). */
  feeMicros: number;
  /** The order's side (0 on a rejected new order: no order was made). */
  side: Side | 0;
  /**
   * The order's limit price (a market order's protection price): on New, Replaced (the new price), Canceled, Expired
   * and a maker's Trade (its limit is the trade's price); 0 on a taker's Trade (the fill names the maker's price only)
   * and on Rejected.
   */
  priceMicros: number;
}

/** Live orders that have traded are PartiallyFilled; untraded ones are New. */
function liveStatus(cumQty: number): OrdStatus {
  return cumQty > 0 ? OrdStatus.PARTIALLY_FILLED : OrdStatus.NEW;
}

/**
 * Writes one report into `out[i]`, reusing the object there (a new one the first
 * time): reports are built per order on the gateway's hot path, where one object
 * per report was a tenth of the gateway's garbage. Every field in one order, so
 * every report has one shape.
 */
function put(
  out: ExecutionReport[],
  i: number,
  seq: number,
  execType: ExecType,
  ordStatus: OrdStatus,
  orderId: number,
  accountId: number,
  clientOrderId: number,
  seriesId: number,
  orderQty: number,
  cumQty: number,
  leavesQty: number,
  lastQty: number,
  lastPriceMicros: number,
  canceledQty: number,
  rejectReason: RejectReason | 0,
  side: Side | 0,
  priceMicros: number,
  feeMicros = 0,
): void {
  const r = out[i];
  if (r === undefined) {
    out[i] = { seq, execType, ordStatus, orderId, accountId, clientOrderId, seriesId, orderQty, cumQty, leavesQty, lastQty, lastPriceMicros, canceledQty, rejectReason, feeMicros, side, priceMicros };
    return;
  }
  r.seq = seq;
  r.execType = execType;
  r.ordStatus = ordStatus;
  r.orderId = orderId;
  r.accountId = accountId;
  r.clientOrderId = clientOrderId;
  r.seriesId = seriesId;
  r.orderQty = orderQty;
  r.cumQty = cumQty;
  r.leavesQty = leavesQty;
  r.lastQty = lastQty;
  r.lastPriceMicros = lastPriceMicros;
  r.canceledQty = canceledQty;
  r.rejectReason = rejectReason;
  r.feeMicros = feeMicros;
  r.side = side;
  r.priceMicros = priceMicros;
}

const filledOr = (leavesQty: number): OrdStatus => (leavesQty === 0 ? OrdStatus.FILLED : OrdStatus.PARTIALLY_FILLED);

/** The execution reports an event means for order owners ([] for events that are not about an order). */
export function executionReports(e: EngineEvent): ExecutionReport[] {
  const out: ExecutionReport[] = [];
  executionReportsInto(e, out);
  return out;
}

/**
 * The same reports written into `out[0..n)`, reusing the objects already there;
 * returns n (at most 2). For hot paths: the reports are valid until the next call
 * with the same `out`.
 */
export function executionReportsInto(e: EngineEvent, out: ExecutionReport[]): number {
  switch (e.type) {
    case EventType.ORDER_ACCEPTED:
      put(out, 0, e.seq, ExecType.NEW, OrdStatus.NEW, e.orderId, e.accountId, e.clientOrderId, e.seriesId, e.orderQty, 0, e.orderQty, 0, 0, 0, 0, e.side, e.priceMicros);
      return 1;
    case EventType.ORDER_REJECTED:
      put(out, 0, e.seq, ExecType.REJECTED, OrdStatus.REJECTED, 0, e.accountId, e.clientOrderId, e.seriesId, 0, 0, 0, 0, 0, 0, e.reason, 0, 0);
      return 1;
    case EventType.FILL: {
      const makerSide = e.takerSide === Side.BUY ? Side.SELL : Side.BUY;
      put(out, 0, e.seq, ExecType.TRADE, filledOr(e.makerLeavesQty), e.makerOrderId, e.makerAccountId, e.makerClientOrderId, e.seriesId, e.makerOrderQty, e.makerCumQty, e.makerLeavesQty, e.qty, e.priceMicros, 0, 0, makerSide, e.priceMicros, e.makerFeeMicros ?? 0);
      put(out, 1, e.seq, ExecType.TRADE, filledOr(e.takerLeavesQty), e.takerOrderId, e.takerAccountId, e.takerClientOrderId, e.seriesId, e.takerOrderQty, e.takerCumQty, e.takerLeavesQty, e.qty, e.priceMicros, 0, 0, e.takerSide, 0, e.takerFeeMicros ?? 0);
      return 2;
    }
    case EventType.ORDER_CANCELED:
      // The cancelled quantity leaves the order: OrderQty becomes what it filled (FIX: LeavesQty 0 on a done order).
      put(out, 0, e.seq, ExecType.CANCELED, OrdStatus.CANCELED, e.orderId, e.accountId, e.clientOrderId, e.seriesId, e.cumQty, e.cumQty, 0, 0, 0, e.canceledQty, 0, e.side, e.priceMicros);
      return 1;
    case EventType.ORDER_EXPIRED:
      put(out, 0, e.seq, ExecType.EXPIRED, OrdStatus.EXPIRED, e.orderId, e.accountId, e.clientOrderId, e.seriesId, e.cumQty, e.cumQty, 0, 0, 0, e.expiredQty, 0, e.side, e.priceMicros);
      return 1;
    case EventType.ORDER_AMENDED:
      put(out, 0, e.seq, ExecType.REPLACED, liveStatus(e.cumQty), e.orderId, e.accountId, e.clientOrderId, e.seriesId, e.orderQty, e.cumQty, e.leavesQty, 0, 0, 0, 0, e.side, e.priceMicros);
      return 1;
    default:
      return 0;
  }
}
