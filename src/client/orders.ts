/**
 * The account's orders over HTTP, live or ended, wallet-signed (docs/http-api.md, "Orders"): what became of an order
 * after a disconnect, a cancel-on-disconnect, a kill switch or an expiry. Over the order-entry socket the same is
 * TradingClient.orderStatus. A refusal throws PatxHttpError; an order the account does not have is 404 UNKNOWN_ORDER.
 *
 *   const http = { url: 'http://127.0.0.1:8480', wallet };
 *   const { order } = await getOrderByClientId(http, 42);        // the newest order sent with client id 42
 *   const { orders, next } = await listOrders(http, { status: 'closed', limit: 50 });
 */
import { idText, queryOf, signedCall, type ExchangeHttp } from './http.js';
import type { SeriesTerms } from './market.js';

/** One order (GET /v1/orders/{id}): integers, µPAT for …Micros, ms for …Ms. orderQty = cumQty + leavesQty. */
export interface OrderView {
  /** 0: a new order the engine refused (status REJECTED, found by its client id). */
  orderId: number;
  clientOrderId: number;
  seriesId: number;
  contract: string;
  kind: SeriesTerms['kind'] | 'UNKNOWN';
  side: 'BUY' | 'SELL';
  orderType: 'LIMIT' | 'MARKET' | 'UNKNOWN';
  timeInForce: 'GTC' | 'GTD' | 'IOC' | 'FOK' | 'UNKNOWN';
  postOnly: boolean;
  /** Its limit (a market order's protection limit). */
  priceMicros: number;
  orderQty: number;
  cumQty: number;
  leavesQty: number;
  /** Σ qty × price of its fills. */
  filledNotionalMicros: number;
  /** filledNotionalMicros / cumQty (two decimals); null before a fill. */
  avgPriceMicros: number | null;
  feeMicros: number;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';
  /** CANCELED: the engine's reason (USER, IOC_REMAINDER, SELF_TRADE, MASS_CANCEL, KILL_SWITCH, CANCEL_ON_DISCONNECT, ...). */
  cancelReason: string | null;
  /** REJECTED: why (INSUFFICIENT_BALANCE, ...). */
  rejectReason: string | null;
  expireAtMs: number;
  createdSeq: number;
  createdAtMs: number;
  updatedSeq: number;
  updatedAtMs: number;
}

export interface OrderAnswer {
  order: OrderView;
  /** The state includes every command up to this seq. */
  asOfSeq: number;
}

export interface OrderPage {
  /** Newest (highest order id) first. */
  orders: OrderView[];
  /** The `before` of the following page; null on the last. */
  next: number | null;
  asOfSeq: number;
}

export interface OrderListQuery {
  seriesId?: number;
  /** open: live orders only; closed: ended ones only. */
  status?: 'open' | 'closed';
  /** 1 to 1000, default 100. */
  limit?: number;
  /** Orders below this id (the previous page's `next`). */
  before?: number;
  /** The signer's organisation's orders (any member). */
  organisation?: boolean;
}

const org = (organisation: boolean | undefined): string => queryOf({ organisation: organisation === true ? 'true' : undefined });

/** One of the account's orders by the engine's id, live or ended (getOrder). */
export async function getOrder(http: ExchangeHttp, orderId: number, options: { organisation?: boolean } = {}): Promise<OrderAnswer> {
  return signedCall<OrderAnswer>(http, 'GET', `/v1/orders/${idText('order', orderId)}${org(options.organisation)}`);
}

/** The account's newest order sent with this client id, or its refusal (listOrders with clientOrderId). */
export async function getOrderByClientId(http: ExchangeHttp, clientOrderId: number, options: { organisation?: boolean } = {}): Promise<OrderAnswer> {
  const query = queryOf({ clientOrderId: idText('client order', clientOrderId), organisation: options.organisation === true ? 'true' : undefined });
  return signedCall<OrderAnswer>(http, 'GET', `/v1/orders${query}`);
}

/** The account's orders, live and ended, newest first, paged by order id (listOrders). */
export async function listOrders(http: ExchangeHttp, query: OrderListQuery = {}): Promise<OrderPage> {
  const q = queryOf({
    seriesId: query.seriesId === undefined ? undefined : idText('series', query.seriesId),
    status: query.status,
    limit: query.limit,
    before: query.before,
    organisation: query.organisation === true ? 'true' : undefined,
  });
  return signedCall<OrderPage>(http, 'GET', `/v1/orders${q}`);
}
