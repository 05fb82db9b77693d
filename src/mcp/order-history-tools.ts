/**
 * What became of the wallet's orders (get_order; list_orders' history): live or ended, filled, cancelled and why
 * (CANCEL_ON_DISCONNECT, SELF_TRADE, ...), expired, refused. Wallet-signed GET /v1/orders (docs/http-api.md,
 * "Orders"): an agent whose place_order timed out asks get_order by the client_order_id the error gave, and learns
 * whether the order exists and how it stands before it retries. Looking opens no account.
 */
import { z } from 'zod';
import type { OrderAnswer, OrderPage, OrderView } from '../client/orders.js';
import { patOfMicros } from './pat.js';
import { ToolRefusal } from './refusal.js';
import type { WalletSession } from './wallet-session.js';
import { id, type WalletTools } from './wallet-tool.js';

/** An order as the tools show it: prices in PAT, names in lower case, times as ISO text. */
export function orderHistoryView(o: OrderView): Record<string, unknown> {
  return {
    orderId: o.orderId,
    clientOrderId: o.clientOrderId,
    seriesId: o.seriesId,
    contract: o.contract,
    side: o.side.toLowerCase(),
    type: o.orderType.toLowerCase(),
    timeInForce: o.timeInForce.toLowerCase(),
    postOnly: o.postOnly,
    limitPrice: patOfMicros(o.priceMicros),
    qty: o.orderQty,
    filledQty: o.cumQty,
    leavesQty: o.leavesQty,
    averagePrice: o.avgPriceMicros === null ? null : patOfMicros(Math.round(o.avgPriceMicros)),
    fees: patOfMicros(o.feeMicros),
    status: o.status.toLowerCase(),
    ...(o.cancelReason === null ? {} : { cancelReason: o.cancelReason }),
    ...(o.rejectReason === null ? {} : { rejectReason: o.rejectReason }),
    ...(o.expireAtMs > 0 ? { expiresAt: new Date(o.expireAtMs).toISOString() } : {}),
    enteredAt: new Date(o.createdAtMs).toISOString(),
    lastChangeAt: new Date(o.updatedAtMs).toISOString(),
  };
}

export function registerOrderHistoryTool({ server, withWallet }: WalletTools): void {
  server.registerTool(
    'get_order',
    {
      title: 'Get one order, live or ended',
      description:
        "One of the wallet's orders by its order id or the client_order_id it was sent with (the newest with it), whether it still rests or has ended: status (new, partially_filled, filled, canceled, expired, rejected), filled and leaves quantities, average fill price and fees in PAT, and why it was cancelled (cancelReason: USER, IOC_REMAINDER, SELF_TRADE, MASS_CANCEL, KILL_SWITCH, CANCEL_ON_DISCONNECT, ...) or refused. After a place_order that timed out or was disconnected, ask by its client_order_id: UNKNOWN_ORDER means the exchange never received it (retry place_order with that client_order_id). Ended orders are kept 30 days (the newest 10,000 by default).",
      inputSchema: { order_id: id('the order id').optional(), client_order_id: id('the client order id it was sent with (instead of order_id)').optional() },
      annotations: { title: 'Get one order', readOnlyHint: true, openWorldHint: false },
    },
    withWallet(async (s, a: { order_id?: number; client_order_id?: number }) => {
      if ((a.order_id === undefined) === (a.client_order_id === undefined)) throw new ToolRefusal('INVALID_FIELD', 'give order_id or client_order_id (one of them)');
      const path = a.order_id !== undefined ? `/v1/orders/${a.order_id}` : `/v1/orders?clientOrderId=${a.client_order_id}`;
      const { order, asOfSeq } = await s.look<OrderAnswer>(path);
      return { order: orderHistoryView(order), asOfSeq };
    }),
  );
}

/** list_orders with history: every order, live and ended, newest first, paged by order id (GET /v1/orders). */
export async function orderHistoryPage(s: WalletSession, a: { series_id?: number; status?: 'open' | 'closed'; before_order_id?: number; limit?: number }): Promise<Record<string, unknown>> {
  const query = new URLSearchParams({ limit: String(a.limit ?? 100) });
  if (a.series_id !== undefined) query.set('seriesId', String(a.series_id));
  if (a.status !== undefined) query.set('status', a.status);
  if (a.before_order_id !== undefined) query.set('before', String(a.before_order_id));
  const page = await s.look<OrderPage>(`/v1/orders?${query.toString()}`);
  return { orders: page.orders.map(orderHistoryView), nextBeforeOrderId: page.next, asOfSeq: page.asOfSeq };
}

export const HISTORY_ARGS = {
  history: z.boolean().optional().describe('true: every order of the wallet, live and ended, newest first (with status, average price, cancelReason), paged by before_order_id; default: the open orders only'),
  status: z.enum(['open', 'closed']).optional().describe('with history: open or ended orders only'),
  before_order_id: id("with history: the page of orders below this id (the previous page's nextBeforeOrderId)").optional(),
};
