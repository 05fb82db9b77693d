/**
 * An account's own orders over HTTP, live or ended, wallet-signed (docs/http-api.md, "Orders"):
 *
 *   GET /v1/orders/{id}[?organisation=true]                       one order by the engine's id
 *   GET /v1/orders?clientOrderId=N[&organisation=true]             the newest order with that client id
 *   GET /v1/orders[?seriesId=N][&status=open|closed][&limit=100][&before=ORDER_ID][&organisation=true]
 *
 * The first two answer `{order, asOfSeq}`, the list `{orders, next, asOfSeq}`, newest (highest id) first. Read from
 * order-history.ts, which takes a turn when it is released, before the next request is read: an order's state is the
 * engine's as of `asOfSeq`, the last released turn (a cancel's ack is sent in the same release, so a GET after it
 * finds the order CANCELED). Another account's order, a pruned one and one never made answer alike: 404
 * UNKNOWN_ORDER with one message, so ids cannot be probed.
 */
import { z } from 'zod';
import { enumName, OrderType, RejectReason, SeriesKind, Side, TimeInForce } from '../engine/index.js';
import { field, ONE_ROW_READ_COST, pageReadCost, type HttpReply, type HttpRequestInfo, type MountedRoute, type Operation } from '../http-registry/index.js';
import type { OrganisationAccountOf, SeriesNaming } from './account-fill-routes.js';
import { MAX_ORDERS_PER_PAGE, MAX_ORDERS_SCANNED, type OrderHistory } from './order-history.js';
import { OrderHistoryUnavailable } from './order-history-writer.js';
import { CANCEL_REASON_NAMES, OrderStatus, type OrderKey, type OrderRecord } from './order-rows.js';

const DEFAULT_LIMIT = 100;
const UNAVAILABLE_ROW = 'ORDER_HISTORY_UNAVAILABLE: its store could not be written (a full disk); a restart derives it again from the journal';
const organisation = field.oneOf(['true', 'false'], "true: the signer's organisation's orders, not its own (any member)").optional();
const ORDER_FIELDS =
  '{orderId, clientOrderId, seriesId, contract, kind, side, orderType, timeInForce, postOnly, priceMicros, orderQty, cumQty, leavesQty, filledNotionalMicros, avgPriceMicros, feeMicros, status, cancelReason, rejectReason, expireAtMs, createdSeq, createdAtMs, updatedSeq, updatedAtMs}';

export const ORDER_HISTORY_OPERATIONS = {
  order: {
    method: 'GET',
    path: '/v1/orders/{id}',
    operationId: 'getOrder',
    readCost: ONE_ROW_READ_COST,
    summary: "One of the account's orders by the engine's id, live or ended: its state now or its final state, and why it ended",
    description:
      "FIX's OrderStatusRequest, Binance's GET /api/v3/order. `status` NEW, PARTIALLY_FILLED (live), FILLED, CANCELED (with the engine's `cancelReason`: USER, IOC_REMAINDER, MARKET_PROTECTION, SELF_TRADE, MASS_CANCEL, NO_LIQUIDITY, KILL_SWITCH, MARKET_MAKER_PROTECTION, LIQUIDATION, CANCEL_ON_DISCONNECT, ...), EXPIRED (a GTD order's lapse). orderQty = cumQty + leavesQty. Ended orders are kept `orderHistory.retentionDays` (30) and each account's newest `orderHistory.maxClosedPerAccount` (10,000). As of `asOfSeq`, the last released turn.",
    tags: ['account'],
    security: 'wallet',
    params: z.object({ id: field.id("the engine's order id (CommandAck's ExecutionReport order_id)") }),
    query: z.object({ organisation }),
    responses: { 200: { description: `{order: ${ORDER_FIELDS}, asOfSeq}` } },
    errors: { 400: 'INVALID_FIELD', 404: "UNKNOWN_ORDER: none of this account's (another account's, pruned, or never made); NOT_IN_ORGANISATION (organisation=true)", 503: UNAVAILABLE_ROW },
  },
  orders: {
    method: 'GET',
    path: '/v1/orders',
    operationId: 'listOrders',
    summary: "The account's orders, live and ended, newest first, paged by order id; or with clientOrderId the newest order with that client id",
    description:
      "Without `clientOrderId`: `{orders: [...], next, asOfSeq}`, newest (highest order id) first; `status=open` only live orders, `closed` only ended ones; `next` is the `before` of the following page (null on the last); a read looks at no more than 20,000 orders, so with a filter a page may hold fewer than `limit` with `next` set: read on. With `clientOrderId` (no other field but `organisation`): `{order, asOfSeq}` as GET /v1/orders/{id}, the account's newest order with that client id, or, if the engine refused it, the refusal (`orderId` 0, `status` REJECTED, `rejectReason`; a refusal for DUPLICATE_CLIENT_ORDER_ID is not kept: the order it repeated answers). This is how a client learns what became of an order it sent before a disconnect (docs/protocol.md, \"After a disconnect\").",
    tags: ['account'],
    security: 'wallet',
    readCost: pageReadCost(DEFAULT_LIMIT, ['seriesId', 'status'], MAX_ORDERS_SCANNED),
    query: z.object({
      clientOrderId: field.id("the client's order id: its newest order with it").optional(),
      seriesId: field.id('one series only').optional(),
      status: field.oneOf(['open', 'closed'], 'open: live orders only; closed: ended ones only').optional(),
      limit: field.int(1, MAX_ORDERS_PER_PAGE, 'at most this many', DEFAULT_LIMIT).optional(),
      before: field.id("orders below this order id (the previous page's next)").optional(),
      organisation,
    }),
    responses: { 200: { description: `{orders: [${ORDER_FIELDS}], next, asOfSeq}; with clientOrderId {order, asOfSeq}` } },
    errors: { 400: 'INVALID_FIELD (clientOrderId with a paging field)', 404: 'UNKNOWN_ORDER (clientOrderId: none of this account has it); UNKNOWN_SERIES: never listed; NOT_IN_ORGANISATION (organisation=true)', 503: UNAVAILABLE_ROW },
  },
} as const satisfies Record<string, Operation>;

type History = Pick<OrderHistory, 'orderOf' | 'pageOf' | 'seq'>;

const UNKNOWN_ORDER: HttpReply = { status: 404, body: { error: 'UNKNOWN_ORDER', message: 'this account has no such order (or it ended longer ago than the order history keeps)' } };

export function orderHistoryRoutes(history: () => History, naming: SeriesNaming, organisationOf: OrganisationAccountOf): MountedRoute[] {
  const owner = (req: HttpRequestInfo): number | HttpReply => {
    if (req.query.get('organisation') !== 'true') return req.accountId;
    return organisationOf(req.accountId) ?? { status: 404, body: { error: 'NOT_IN_ORGANISATION', message: 'this wallet belongs to no organisation' } };
  };
  const one = (accountId: number, key: OrderKey): HttpReply => {
    const h = history();
    const order = h.orderOf(accountId, key);
    return order === undefined ? UNKNOWN_ORDER : { status: 200, body: { order: orderView(order, naming), asOfSeq: h.seq } };
  };
  const answered = async (reply: () => HttpReply | Promise<HttpReply>): Promise<HttpReply> => {
    try {
      return await reply();
    } catch (error) {
      if (error instanceof OrderHistoryUnavailable) return { status: 503, body: { error: 'ORDER_HISTORY_UNAVAILABLE', message: error.message } };
      throw error;
    }
  };
  return [
    {
      operations: [ORDER_HISTORY_OPERATIONS.order],
      handle: (req) =>
        answered(() => {
          const accountId = owner(req);
          return typeof accountId === 'number' ? one(accountId, { orderId: Number(req.params.id), clientOrderId: 0 }) : accountId;
        }),
    },
    {
      operations: [ORDER_HISTORY_OPERATIONS.orders],
      handle: (req) =>
        answered(() => {
          const accountId = owner(req);
          if (typeof accountId !== 'number') return accountId;
          const clientOrderId = req.query.get('clientOrderId');
          if (clientOrderId !== null) {
            const paging = ['seriesId', 'status', 'limit', 'before'].filter((name) => req.query.has(name));
            if (paging.length > 0) return invalid(`clientOrderId names one order: ${paging.join(', ')} cannot go with it`);
            return one(accountId, { orderId: 0, clientOrderId: Number(clientOrderId) });
          }
          return listing(history(), accountId, req, naming);
        }),
    },
  ];
}

async function listing(h: History, accountId: number, req: HttpRequestInfo, naming: SeriesNaming): Promise<HttpReply> {
  const num = (name: string): number | undefined => {
    const text = req.query.get(name);
    return text === null ? undefined : Number(text); // the registry checked it against the row's schema
  };
  const seriesId = num('seriesId');
  if (seriesId !== undefined && naming(seriesId) === undefined) return { status: 404, body: { error: 'UNKNOWN_SERIES', message: `no series ${seriesId}` } };
  const status = req.query.get('status');
  const page = await h.pageOf(accountId, { limit: num('limit') ?? DEFAULT_LIMIT, beforeOrderId: num('before'), seriesId, open: status === null ? undefined : status === 'open' });
  return { status: 200, body: { orders: page.orders.map((o) => orderView(o, naming)), next: page.next, asOfSeq: page.asOfSeq } };
}

function invalid(message: string): HttpReply {
  return { status: 400, body: { error: 'INVALID_FIELD', message } };
}

const STATUS_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(OrderStatus).map(([name, code]) => [code, name]));

/** An order as JSON: names for enums, µPAT integers, the average fill price (null before a fill). */
export function orderView(o: OrderRecord, naming: SeriesNaming): Record<string, unknown> {
  const series = naming(o.seriesId);
  return {
    orderId: o.orderId,
    clientOrderId: o.clientOrderId,
    seriesId: o.seriesId,
    contract: series?.contract ?? '',
    kind: series === undefined ? 'UNKNOWN' : enumName(SeriesKind, series.kind),
    side: o.side === Side.SELL ? 'SELL' : 'BUY',
    orderType: o.orderType === 0 ? 'UNKNOWN' : enumName(OrderType, o.orderType),
    timeInForce: o.timeInForce === 0 ? 'UNKNOWN' : enumName(TimeInForce, o.timeInForce),
    postOnly: o.postOnly,
    priceMicros: o.priceMicros,
    orderQty: o.orderQty,
    cumQty: o.cumQty,
    leavesQty: o.leavesQty,
    filledNotionalMicros: o.filledNotionalMicros,
    avgPriceMicros: o.cumQty > 0 ? Math.round((o.filledNotionalMicros / o.cumQty) * 100) / 100 : null,
    feeMicros: o.feeMicros,
    status: STATUS_NAMES[o.status] ?? 'UNKNOWN',
    cancelReason: o.status === OrderStatus.CANCELED ? (CANCEL_REASON_NAMES[o.reason] ?? `REASON_${o.reason}`) : null,
    rejectReason: o.status === OrderStatus.REJECTED ? enumName(RejectReason, o.reason) : null,
    expireAtMs: o.expireAtMs,
    createdSeq: o.createdSeq,
    createdAtMs: o.createdAtMs,
    updatedSeq: o.updatedSeq,
    updatedAtMs: o.updatedAtMs,
  };
}
