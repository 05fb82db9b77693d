/**
 * Engine events to the wire's execution reports, and to the accounts that must
 * hear of them. A command's sender gets the reports on its own orders in the
 * CommandAck; every other session of an account concerned (the maker of a fill,
 * the owner of an order the operator cancelled or that expired) gets them as
 * unsolicited ExecutionReport frames (both encoded in ack-frames.ts). A forward's
 * delivery (FORWARD_DELIVERED, one event per account, sent by the system at the
 * window's open) goes to every session of its account as a ForwardDelivery; a
 * cash-settled position's liquidation (SYNTHETIC_LIQUIDATED, at a mark: a synthetic or
 * a written option), its lock topped up from free PAT at a mark (MARGIN_TOPPED_UP) and
 * settlement (SYNTHETIC_SETTLED, at expiry: a synthetic, or an option's cash exercise), all
 * from system commands, likewise as a SyntheticLiquidation, a MarginTopUp and a
 * SyntheticSettlement. What a subscription does (SUBSCRIPTION_*
 * events: made, a window bought, skipped or exercised, its status changed) goes to every
 * session of the subscriber's account as a SubscriptionUpdate. A grant an exercise issued on a
 * provider's sold rights (GRANT_ESCROWED) goes to every session of that provider's account as a
 * GrantIssued, once per command: its account view does not move, so an open page would not know.
 */
import { EventType, ExecType, OrdStatus, type EngineEvent, type ForwardDelivered, type GrantEscrowed, type MarginToppedUp, type SyntheticLiquidated, type SyntheticSettled } from '../engine/index.js';
import type { SignedGrant } from '../grants/grant.js';
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

/** A MARGIN_TOPPED_UP event as the wire's MarginTopUp (PAT in µPAT). */
export function marginTopUpReport(e: MarginToppedUp, timeMs: number): patx.v1.IMarginTopUp {
  return {
    seq: e.seq,
    timeMs,
    seriesId: e.seriesId,
    accountId: e.accountId,
    positionQty: e.positionQty,
    markMicros: e.markMicros,
    topUpMicros: e.topUpMicros,
    lockedMicros: e.lockedMicros,
  };
}

/** A GRANT_ESCROWED event as the wire's GrantIssued, for the provider's sessions (the consumer's is its exercise's ack). */
export function grantIssuedReport(e: GrantEscrowed, timeMs: number): patx.v1.IGrantIssued {
  return { seq: e.seq, timeMs, seriesId: e.seriesId, grantId: e.grantId };
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

/** The engine's events about a subscription, each a SubscriptionUpdate to its subscriber. */
export type SubscriptionEvent = Extract<
  EngineEvent,
  { type: typeof EventType.SUBSCRIPTION_CREATED | typeof EventType.SUBSCRIPTION_FILLED | typeof EventType.SUBSCRIPTION_SKIPPED | typeof EventType.SUBSCRIPTION_EXERCISED | typeof EventType.SUBSCRIPTION_STATUS_CHANGED }
>;

export function isSubscriptionEvent(e: EngineEvent): e is SubscriptionEvent {
  switch (e.type) {
    case EventType.SUBSCRIPTION_CREATED:
    case EventType.SUBSCRIPTION_FILLED:
    case EventType.SUBSCRIPTION_SKIPPED:
    case EventType.SUBSCRIPTION_EXERCISED:
    case EventType.SUBSCRIPTION_STATUS_CHANGED:
      return true;
    default:
      return false;
  }
}

/** A signed access grant as the wire's AccessGrant (the same fields ack-frames.ts writes by hand). */
export function accessGrantMessage(g: SignedGrant): patx.v1.IAccessGrant {
  const a = g.grant;
  return {
    grantId: a.grantId,
    consumer: a.consumer,
    provider: a.provider,
    listingId: a.listingId,
    listingVersion: a.listingVersion,
    seriesId: a.seriesId,
    windowOpenMs: a.windowOpenMs,
    windowCloseMs: a.windowCloseMs,
    quantity: a.quantity,
    expiresAtMs: a.expiresAtMs,
    nonce: a.nonce,
    signature: Buffer.from(g.signature.slice(2), 'hex'),
  };
}

/**
 * A subscription event as the wire's SubscriptionUpdate. Enum values are the engine's codes
 * (proto/patx.proto keeps them equal). `grants`: an exercise's signed grants, when the
 * exchange issues them.
 */
export function subscriptionUpdate(e: SubscriptionEvent, timeMs: number, grants: readonly SignedGrant[] = []): patx.v1.ISubscriptionUpdate {
  const head = { seq: e.seq, timeMs, subscriptionId: e.subscriptionId, accountId: e.accountId };
  switch (e.type) {
    case EventType.SUBSCRIPTION_CREATED:
      return {
        ...head,
        created: {
          contract: e.contract,
          qtyPerWindow: e.qtyPerWindow,
          capPriceMicros: e.capPriceMicros,
          budgetMicros: e.budgetMicros,
          trigger: e.trigger,
          autoExercise: e.autoExercise,
          maxSkips: e.maxSkips,
          delivery: e.delivery,
          webhookUrl: e.webhookUrl, // the push authorisation stays out: the subscriber signed it, and gates are who need it
          includeCurrent: e.afterOpenAtMs === -1,
        },
      };
    case EventType.SUBSCRIPTION_FILLED:
      return { ...head, filled: { seriesId: e.seriesId, requestedQty: e.requestedQty, qty: e.qty, costMicros: e.costMicros, spentMicros: e.spentMicros } };
    case EventType.SUBSCRIPTION_SKIPPED:
      return { ...head, skipped: { seriesId: e.seriesId, reason: e.reason, askMicros: e.askMicros, rejectReason: e.rejectReason, skipsInRow: e.skipsInRow } };
    case EventType.SUBSCRIPTION_EXERCISED:
      return { ...head, exercised: { seriesId: e.seriesId, exerciseId: e.exerciseId, qty: e.qty, grants: grants.map(accessGrantMessage) } };
    case EventType.SUBSCRIPTION_STATUS_CHANGED:
      return { ...head, statusChanged: { status: e.status, change: e.change } };
  }
}
