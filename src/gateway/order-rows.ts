/**
 * One order's state as the order history keeps it (src/gateway/order-history.ts): a packed row of
 * float64 fields, and how each order event moves it. The same functions run on the model's rows as
 * turns are released and on a scratch row when a WebSocket OrderStatusQuery folds the events its turn
 * made before it (`foldTurn`), so the two cannot disagree.
 *
 * Every field is a safe integer but SORT_ID (an order's id; a refused order's, the last order id seen
 * plus 0.5: it sorts between the orders around it and names no order). Money in µPAT, times in ms.
 */
import {
  CancelReason,
  CommandKind,
  EventType,
  OrderType,
  RejectReason,
  Side,
  TimeInForce,
  type Command,
  type EngineEvent,
  type Fill,
  type NewOrder,
  type OrderAccepted,
  type OrderAmended,
  type OrderCanceled,
  type OrderExpired,
  type OrderRejected,
} from '../engine/index.js';

/** Where each field sits in a row. */
export const F = {
  SORT_ID: 0,
  ORDER_ID: 1,
  ACCOUNT_ID: 2,
  CLIENT_ORDER_ID: 3,
  SERIES_ID: 4,
  SIDE: 5,
  ORDER_TYPE: 6,
  TIF: 7,
  POST_ONLY: 8,
  PRICE_MICROS: 9,
  ORDER_QTY: 10,
  CUM_QTY: 11,
  LEAVES_QTY: 12,
  /** Σ price × qty of its fills: the average fill price is this over CUM_QTY. */
  FILLED_NOTIONAL_MICROS: 13,
  FEE_MICROS: 14,
  STATUS: 15,
  /** The engine's CancelReason of a CANCELED order, the RejectReason of a REJECTED one, else 0. */
  REASON: 16,
  EXPIRE_AT_MS: 17,
  CREATED_SEQ: 18,
  CREATED_MS: 19,
  UPDATED_SEQ: 20,
  UPDATED_MS: 21,
} as const;
/** Fields a stored row has. */
export const ROW_FIELDS = 22;
export const ROW_BYTES = ROW_FIELDS * 8;

/** FIX OrdStatus (39), numbered as the wire's OrdStatus. */
export const OrderStatus = { NEW: 1, PARTIALLY_FILLED: 2, FILLED: 3, CANCELED: 4, REJECTED: 5, EXPIRED: 6 } as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export const isClosedStatus = (status: number): boolean => status >= OrderStatus.FILLED;

/** The new order a turn's command at `seq` was, when it is this account's with this client id (else the engine made the order: a subscription's or a bundle's buy). */
function newOrderAt(commands: readonly Command[], firstSeq: number, seq: number, accountId: number, clientOrderId: number): NewOrder | undefined {
  const cmd = commands[seq - firstSeq];
  return cmd !== undefined && cmd.kind === CommandKind.NEW_ORDER && cmd.actor === accountId && cmd.clientOrderId === clientOrderId ? cmd : undefined;
}

/** Starts a row for an order the engine accepted. An order the engine made itself (a subscription's, a bundle's leg) is a LIMIT IOC, as it sends them. */
export function openAccepted(r: Float64Array, at: number, e: OrderAccepted, commands: readonly Command[], firstSeq: number, timeMs: number): void {
  const cmd = newOrderAt(commands, firstSeq, e.seq, e.accountId, e.clientOrderId);
  r[at + F.SORT_ID] = e.orderId;
  r[at + F.ORDER_ID] = e.orderId;
  r[at + F.ACCOUNT_ID] = e.accountId;
  r[at + F.CLIENT_ORDER_ID] = e.clientOrderId;
  r[at + F.SERIES_ID] = e.seriesId;
  r[at + F.SIDE] = e.side;
  r[at + F.ORDER_TYPE] = cmd?.orderType ?? OrderType.LIMIT;
  r[at + F.TIF] = cmd?.tif ?? TimeInForce.IOC;
  r[at + F.POST_ONLY] = cmd?.postOnly === true ? 1 : 0;
  r[at + F.PRICE_MICROS] = e.priceMicros;
  r[at + F.ORDER_QTY] = e.orderQty;
  r[at + F.CUM_QTY] = 0;
  r[at + F.LEAVES_QTY] = e.orderQty;
  r[at + F.FILLED_NOTIONAL_MICROS] = 0;
  r[at + F.FEE_MICROS] = 0;
  r[at + F.STATUS] = OrderStatus.NEW;
  r[at + F.REASON] = 0;
  r[at + F.EXPIRE_AT_MS] = cmd !== undefined && cmd.tif === TimeInForce.GTD ? cmd.expireAtMs : 0;
  stamp(r, at, e.seq, timeMs, true);
}

/**
 * Whether a refused new order is kept: only with a client id (nothing else finds it), and never a
 * DUPLICATE_CLIENT_ORDER_ID (the resend of an order the account has: it would hide that order's outcome).
 */
export function keepsRejection(e: OrderRejected): boolean {
  return Number.isSafeInteger(e.clientOrderId) && e.clientOrderId > 0 && e.reason !== RejectReason.DUPLICATE_CLIENT_ORDER_ID;
}

/** Starts the row of a refused new order (`keepsRejection`), from the command that sent it; false when the turn's command is not it. */
export function openRejected(r: Float64Array, at: number, e: OrderRejected, sortId: number, commands: readonly Command[], firstSeq: number, timeMs: number): boolean {
  const cmd = newOrderAt(commands, firstSeq, e.seq, e.accountId, e.clientOrderId);
  if (cmd === undefined) return false;
  const num = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0); // the client's own input, unvalidated
  r[at + F.SORT_ID] = sortId;
  r[at + F.ORDER_ID] = 0;
  r[at + F.ACCOUNT_ID] = e.accountId;
  r[at + F.CLIENT_ORDER_ID] = e.clientOrderId;
  r[at + F.SERIES_ID] = num(cmd.seriesId);
  r[at + F.SIDE] = cmd.side === Side.SELL ? Side.SELL : cmd.side === Side.BUY ? Side.BUY : 0;
  r[at + F.ORDER_TYPE] = cmd.orderType === OrderType.MARKET || cmd.orderType === OrderType.LIMIT ? cmd.orderType : 0;
  r[at + F.TIF] = cmd.tif >= TimeInForce.GTC && cmd.tif <= TimeInForce.FOK ? cmd.tif : 0;
  r[at + F.POST_ONLY] = cmd.postOnly === true ? 1 : 0;
  r[at + F.PRICE_MICROS] = num(cmd.priceMicros);
  r[at + F.ORDER_QTY] = num(cmd.qty);
  r[at + F.CUM_QTY] = 0;
  r[at + F.LEAVES_QTY] = 0;
  r[at + F.FILLED_NOTIONAL_MICROS] = 0;
  r[at + F.FEE_MICROS] = 0;
  r[at + F.STATUS] = OrderStatus.REJECTED;
  r[at + F.REASON] = e.reason;
  r[at + F.EXPIRE_AT_MS] = cmd.tif === TimeInForce.GTD ? num(cmd.expireAtMs) : 0;
  stamp(r, at, e.seq, timeMs, true);
  return true;
}

/**
 * Starts the row of an order whose acceptance the history never saw (its store began after it: derived
 * after a snapshot), from what a later event of it says; unknown fields are 0 (created seq 0).
 */
export function openUnseen(r: Float64Array, at: number, orderId: number, accountId: number, clientOrderId: number, seriesId: number, side: Side, priceMicros: number, orderQty: number): void {
  r.fill(0, at, at + ROW_FIELDS);
  r[at + F.SORT_ID] = orderId;
  r[at + F.ORDER_ID] = orderId;
  r[at + F.ACCOUNT_ID] = accountId;
  r[at + F.CLIENT_ORDER_ID] = clientOrderId;
  r[at + F.SERIES_ID] = seriesId;
  r[at + F.SIDE] = side;
  r[at + F.ORDER_TYPE] = OrderType.LIMIT; // only a limit order rests, and only a resting order outlives its command
  r[at + F.PRICE_MICROS] = priceMicros;
  r[at + F.ORDER_QTY] = orderQty;
  r[at + F.LEAVES_QTY] = orderQty;
  r[at + F.STATUS] = OrderStatus.NEW;
}

/** One side of a fill: `maker` says which. */
export function applyFill(r: Float64Array, at: number, e: Fill, maker: boolean, timeMs: number): void {
  const orderQty = maker ? e.makerOrderQty : e.takerOrderQty;
  const cumQty = maker ? e.makerCumQty : e.takerCumQty;
  const leavesQty = maker ? e.makerLeavesQty : e.takerLeavesQty;
  r[at + F.ORDER_QTY] = orderQty;
  r[at + F.CUM_QTY] = cumQty;
  r[at + F.LEAVES_QTY] = leavesQty;
  r[at + F.FILLED_NOTIONAL_MICROS] = r[at + F.FILLED_NOTIONAL_MICROS]! + e.priceMicros * e.qty;
  r[at + F.FEE_MICROS] = r[at + F.FEE_MICROS]! + ((maker ? e.makerFeeMicros : e.takerFeeMicros) ?? 0);
  r[at + F.STATUS] = leavesQty === 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
  stamp(r, at, e.seq, timeMs, false);
}

export function applyCanceled(r: Float64Array, at: number, e: OrderCanceled, timeMs: number): void {
  r[at + F.PRICE_MICROS] = e.priceMicros;
  r[at + F.REASON] = e.reason;
  ended(r, at, e, OrderStatus.CANCELED, timeMs);
}

export function applyExpired(r: Float64Array, at: number, e: OrderExpired, timeMs: number): void {
  ended(r, at, e, OrderStatus.EXPIRED, timeMs);
}

/** An order's end by cancel or expiry: nothing left, its final quantities. */
function ended(r: Float64Array, at: number, e: OrderCanceled | OrderExpired, status: OrderStatus, timeMs: number): void {
  r[at + F.ORDER_QTY] = e.orderQty;
  r[at + F.CUM_QTY] = e.cumQty;
  r[at + F.LEAVES_QTY] = 0;
  r[at + F.STATUS] = status;
  stamp(r, at, e.seq, timeMs, false);
}

/** An amend (a size decrease, or a cancel/replace at a new price or size), or self-trade prevention's decrement. */
export function applyAmended(r: Float64Array, at: number, e: OrderAmended, timeMs: number): void {
  r[at + F.ORDER_QTY] = e.orderQty;
  r[at + F.CUM_QTY] = e.cumQty;
  r[at + F.LEAVES_QTY] = e.leavesQty;
  r[at + F.PRICE_MICROS] = e.priceMicros;
  r[at + F.STATUS] = e.cumQty > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.NEW;
  stamp(r, at, e.seq, timeMs, false);
}

function stamp(r: Float64Array, at: number, seq: number, timeMs: number, created: boolean): void {
  if (created) {
    r[at + F.CREATED_SEQ] = seq;
    r[at + F.CREATED_MS] = timeMs;
  }
  r[at + F.UPDATED_SEQ] = seq;
  r[at + F.UPDATED_MS] = timeMs;
}

/** An order as the history answers it. */
export interface OrderRecord {
  /** 0: a new order the engine refused (status REJECTED). */
  orderId: number;
  accountId: number;
  clientOrderId: number;
  seriesId: number;
  side: Side;
  /** 0: not known (an order from before the history's store began). */
  orderType: number;
  timeInForce: number;
  postOnly: boolean;
  /** Its limit (a market order's protection limit). */
  priceMicros: number;
  orderQty: number;
  cumQty: number;
  leavesQty: number;
  filledNotionalMicros: number;
  feeMicros: number;
  status: OrderStatus;
  /** CANCELED: the engine's CancelReason; REJECTED: its RejectReason; else 0. */
  reason: number;
  expireAtMs: number;
  createdSeq: number;
  createdAtMs: number;
  updatedSeq: number;
  updatedAtMs: number;
}

export function recordOf(r: Float64Array, at: number): OrderRecord {
  return {
    orderId: r[at + F.ORDER_ID]!,
    accountId: r[at + F.ACCOUNT_ID]!,
    clientOrderId: r[at + F.CLIENT_ORDER_ID]!,
    seriesId: r[at + F.SERIES_ID]!,
    side: r[at + F.SIDE]! as Side,
    orderType: r[at + F.ORDER_TYPE]!,
    timeInForce: r[at + F.TIF]!,
    postOnly: r[at + F.POST_ONLY] === 1,
    priceMicros: r[at + F.PRICE_MICROS]!,
    orderQty: r[at + F.ORDER_QTY]!,
    cumQty: r[at + F.CUM_QTY]!,
    leavesQty: r[at + F.LEAVES_QTY]!,
    filledNotionalMicros: r[at + F.FILLED_NOTIONAL_MICROS]!,
    feeMicros: r[at + F.FEE_MICROS]!,
    status: r[at + F.STATUS]! as OrderStatus,
    reason: r[at + F.REASON]!,
    expireAtMs: r[at + F.EXPIRE_AT_MS]!,
    createdSeq: r[at + F.CREATED_SEQ]!,
    createdAtMs: r[at + F.CREATED_MS]!,
    updatedSeq: r[at + F.UPDATED_SEQ]!,
    updatedAtMs: r[at + F.UPDATED_MS]!,
  };
}

/** What an OrderStatusQuery or a GET names: the engine's order id, or (order id 0) the newest order with this client id. */
export interface OrderKey {
  orderId: number;
  clientOrderId: number;
}

/**
 * Moves a scratch row (`base`, a copy of what the history holds, or undefined) through the events of a
 * turn before a read (`events[0..eventsBefore)`): the order a query names as of the read's place in its
 * turn. By client id, an order the turn made with that client id (or a refusal kept for it) becomes the
 * one named. Returns the row, or undefined when the account has no such order.
 */
export function foldTurn(
  base: Float64Array | undefined,
  accountId: number,
  key: OrderKey,
  turn: { firstSeq: number; timeMs: number; commands: readonly Command[]; events: readonly EngineEvent[] },
  eventsBefore: number,
): Float64Array | undefined {
  let row = base;
  let orderId = key.orderId > 0 ? key.orderId : (base?.[F.ORDER_ID] ?? -1);
  const byClient = key.orderId === 0;
  const scratch = (): Float64Array => row ?? (row = new Float64Array(ROW_FIELDS));
  for (let k = 0; k < eventsBefore; k++) {
    const e = turn.events[k]!;
    if (e.type === EventType.ORDER_ACCEPTED) {
      if (e.accountId !== accountId || (byClient ? e.clientOrderId !== key.clientOrderId : e.orderId !== orderId)) continue;
      openAccepted(scratch(), 0, e, turn.commands, turn.firstSeq, turn.timeMs);
      orderId = e.orderId;
    } else if (e.type === EventType.ORDER_REJECTED) {
      if (!byClient || e.accountId !== accountId || e.clientOrderId !== key.clientOrderId || !keepsRejection(e)) continue;
      const r = new Float64Array(ROW_FIELDS);
      if (!openRejected(r, 0, e, 0, turn.commands, turn.firstSeq, turn.timeMs)) continue;
      row = r;
      orderId = -1; // names no order: later events are not its
    } else if (e.type === EventType.FILL) {
      if (row === undefined) continue;
      if (e.makerOrderId === orderId && e.makerAccountId === accountId) applyFill(row, 0, e, true, turn.timeMs);
      if (e.takerOrderId === orderId && e.takerAccountId === accountId) applyFill(row, 0, e, false, turn.timeMs);
    } else if (e.type === EventType.ORDER_CANCELED || e.type === EventType.ORDER_EXPIRED || e.type === EventType.ORDER_AMENDED) {
      if (row === undefined || e.orderId !== orderId || e.accountId !== accountId) continue;
      if (e.type === EventType.ORDER_CANCELED) applyCanceled(row, 0, e, turn.timeMs);
      else if (e.type === EventType.ORDER_EXPIRED) applyExpired(row, 0, e, turn.timeMs);
      else applyAmended(row, 0, e, turn.timeMs);
    }
  }
  return row;
}

/** Names of the engine's cancel reasons, for the views (`CANCEL_ON_DISCONNECT`, `SELF_TRADE`, ...). */
export const CANCEL_REASON_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(CancelReason).map(([name, code]) => [code, name]));
