/**
 * Engine events to the wire's execution reports, and to the accounts that must
 * hear of them. A command's sender gets the reports on its own orders in the
 * CommandAck; every other session of an account concerned (the maker of a fill,
 * the owner of an order the operator cancelled or that expired) gets them as
 * unsolicited ExecutionReport frames (both encoded in ack-frames.ts). A forward's
 * delivery (FORWARD_DELIVERED, one event per account, sent by the system at the
 * window's open) goes to every session of its account as a ForwardDelivery; a
 * cash-settled position's liquidation (SYNTHETIC_LIQUIDATED, at a mark: a synthetic or
 * a written option) and settlement (SYNTHETIC_SETTLED, at expiry: a synthetic, or an
 * option's cash exercise), both from system commands, likewise as a
 * SyntheticLiquidation and a SyntheticSettlement.
 */
import { EventType, ExecType, OrdStatus, type EngineEvent, type ForwardDelivered, type SyntheticLiquidated, type SyntheticSettled } from '../engine/index.js';
import { wire, type patx } from '../proto/index.js';

export const EXEC_TYPE: Record<ExecType, patx.v1.ExecType> = {
  [ExecType.NEW]: wire.ExecType.EXEC_NEW,
  [ExecType.TRADE]: wire.ExecType.EXEC_TRADE,
  [ExecType.CANCELED]: wire.ExecType.EXEC_CANCELED,
  [ExecType.REPLACED]: wire.ExecType.EXEC_REPLACED,
  [ExecType.REJECTED]: wire.ExecType.EXEC_REJECTED,
  [ExecType.EXPIRED]: wire.ExecType.EXEC_EXPIRED,
};

export const ORD_STATUS: Record<OrdStatus, patx.v1.OrdStatus> = {
  [OrdStatus.NEW]: wire.OrdStatus.ORDER_NEW,
  [OrdStatus.PARTIALLY_FILLED]: wire.OrdStatus.ORDER_PARTIALLY_FILLED,
  [OrdStatus.FILLED]: wire.OrdStatus.ORDER_FILLED,
  [OrdStatus.CANCELED]: wire.OrdStatus.ORDER_CANCELED,
  [OrdStatus.REJECTED]: wire.OrdStatus.ORDER_REJECTED,
  [OrdStatus.EXPIRED]: wire.OrdStatus.ORDER_EXPIRED,
};

/** Whether an order event is about one of `accountId`'s orders (cheap pre-filter before building reports). */
export function concerns(e: EngineEvent, accountId: number): boolean {
  switch (e.type) {
    case EventType.FILL:
      return e.makerAccountId === accountId || e.takerAccountId === accountId;
    case EventType.ORDER_ACCEPTED:
    case EventType.ORDER_REJECTED:
    case EventType.ORDER_CANCELED:
    case EventType.ORDER_EXPIRED:
    case EventType.ORDER_AMENDED:
      return e.accountId === accountId;
    default:
      return false;
  }
}

/** A FORWARD_DELIVERED event as the wire's ForwardDelivery: every field, PAT in µPAT as fills' prices are. */
export function forwardDeliveryReport(e: ForwardDelivered, timeMs: number): patx.v1.IForwardDelivery {
  return {
    seq: e.seq,
    timeMs,
    seriesId: e.seriesId,
    spotSeriesId: e.spotSeriesId,
    accountId: e.accountId,
    counterpartyId: e.counterpartyId,
    positionQty: e.positionQty,
    deliveredQty: e.deliveredQty,
    shortfallQty: e.shortfallQty,
    proceedsMicros: e.proceedsMicros,
    collateralReturnedMicros: e.collateralReturnedMicros,
    refundMicros: e.refundMicros,
    compensationMicros: e.compensationMicros,
  };
}

/** A SYNTHETIC_LIQUIDATED event as the wire's SyntheticLiquidation (PAT in µPAT). */
export function syntheticLiquidationReport(e: SyntheticLiquidated, timeMs: number): patx.v1.ISyntheticLiquidation {
  return {
    seq: e.seq,
    timeMs,
    seriesId: e.seriesId,
    accountId: e.accountId,
    brokerId: e.brokerId,
    positionQty: e.positionQty,
    markMicros: e.markMicros,
    penaltyMicros: e.penaltyMicros,
    owedMicros: e.owedMicros,
    lockedMicros: e.lockedMicros,
  };
}

/** A SYNTHETIC_SETTLED event (a synthetic or an option) as the wire's SyntheticSettlement (PAT in µPAT). */
export function syntheticSettlementReport(e: SyntheticSettled, timeMs: number): patx.v1.ISyntheticSettlement {
  return {
    seq: e.seq,
    timeMs,
    seriesId: e.seriesId,
    accountId: e.accountId,
    positionQty: e.positionQty,
    costMicros: e.costMicros,
    indexMicros: e.indexMicros,
    payoutMicros: e.payoutMicros,
    shortfallMicros: e.shortfallMicros,
    haircutMicros: e.haircutMicros,
    valueMicros: e.valueMicros,
  };
}
