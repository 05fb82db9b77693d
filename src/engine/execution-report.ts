/**
 * FIX-style execution reports derived from engine events: what an order's owner
 * is told. Every report satisfies OrderQty = CumQty + LeavesQty (LeavesQty is 0
 * once the order is done). A fill yields two reports, one per side.
 */
import { EventType, type EngineEvent } from './events.js';
import type { RejectReason } from './reject-reason.js';

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
}

/** Live orders that have traded are PartiallyFilled; untraded ones are New. */
function liveStatus(cumQty: number): OrdStatus {
  return cumQty > 0 ? OrdStatus.PARTIALLY_FILLED : OrdStatus.NEW;
}

/** The execution reports an event means for order owners ([] for events that are not about an order). */
export function executionReports(e: EngineEvent): ExecutionReport[] {
  const base = { seq: e.seq, lastQty: 0, lastPriceMicros: 0, canceledQty: 0, rejectReason: 0 as const };
  switch (e.type) {
    case EventType.ORDER_ACCEPTED:
      return [{ ...base, execType: ExecType.NEW, ordStatus: OrdStatus.NEW, orderId: e.orderId, accountId: e.accountId, clientOrderId: e.clientOrderId, seriesId: e.seriesId, orderQty: e.orderQty, cumQty: 0, leavesQty: e.orderQty }];
    case EventType.ORDER_REJECTED:
      return [{ ...base, execType: ExecType.REJECTED, ordStatus: OrdStatus.REJECTED, orderId: 0, accountId: e.accountId, clientOrderId: e.clientOrderId, seriesId: e.seriesId, orderQty: 0, cumQty: 0, leavesQty: 0, rejectReason: e.reason }];
    case EventType.FILL: {
      const trade = { ...base, execType: ExecType.TRADE, seriesId: e.seriesId, lastQty: e.qty, lastPriceMicros: e.priceMicros };
      return [
        { ...trade, ordStatus: e.makerLeavesQty === 0 ? OrdStatus.FILLED : OrdStatus.PARTIALLY_FILLED, orderId: e.makerOrderId, accountId: e.makerAccountId, clientOrderId: e.makerClientOrderId, orderQty: e.makerOrderQty, cumQty: e.makerCumQty, leavesQty: e.makerLeavesQty },
        { ...trade, ordStatus: e.takerLeavesQty === 0 ? OrdStatus.FILLED : OrdStatus.PARTIALLY_FILLED, orderId: e.takerOrderId, accountId: e.takerAccountId, clientOrderId: e.takerClientOrderId, orderQty: e.takerOrderQty, cumQty: e.takerCumQty, leavesQty: e.takerLeavesQty },
      ];
    }
    case EventType.ORDER_CANCELED:
      // The cancelled quantity leaves the order: OrderQty becomes what it filled (FIX: LeavesQty 0 on a done order).
      return [{ ...base, execType: ExecType.CANCELED, ordStatus: OrdStatus.CANCELED, orderId: e.orderId, accountId: e.accountId, clientOrderId: e.clientOrderId, seriesId: e.seriesId, orderQty: e.cumQty, cumQty: e.cumQty, leavesQty: 0, canceledQty: e.canceledQty }];
    case EventType.ORDER_EXPIRED:
      return [{ ...base, execType: ExecType.EXPIRED, ordStatus: OrdStatus.EXPIRED, orderId: e.orderId, accountId: e.accountId, clientOrderId: e.clientOrderId, seriesId: e.seriesId, orderQty: e.cumQty, cumQty: e.cumQty, leavesQty: 0, canceledQty: e.expiredQty }];
    case EventType.ORDER_AMENDED:
      return [{ ...base, execType: ExecType.REPLACED, ordStatus: liveStatus(e.cumQty), orderId: e.orderId, accountId: e.accountId, clientOrderId: e.clientOrderId, seriesId: e.seriesId, orderQty: e.orderQty, cumQty: e.cumQty, leavesQty: e.leavesQty }];
    default:
      return [];
  }
}
