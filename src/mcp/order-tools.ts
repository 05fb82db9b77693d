/**
 * The wallet's orders (place_order, cancel_order). A buy counts its worst case against the
 * session's spending limit before it is sent, and settles it against what the exchange
 * reported (filled, resting, refused).
 */
import { z } from 'zod';
import { rejectName } from '../client/trading-client.js';
import { protectedLimitMicros, type ProtectedSeries } from '../client/order-protection.js';
import { wire, type patx } from '../proto/index.js';
import type { PublicReads } from './exchange-reads.js';
import { microsOfPat, patAmount, patOfMicros } from './pat.js';
import { seriesView } from './read-tools.js';
import { ToolRefusal } from './refusal.js';
import type { WalletSession } from './wallet-session.js';
import { ACTING, id, type WalletTools } from './wallet-tool.js';

interface PlaceOrderArgs {
  series_id: number;
  side: 'buy' | 'sell';
  qty: number;
  type?: 'limit' | 'market';
  limit_price?: string | number;
  time_in_force?: 'ioc' | 'gtc' | 'fok';
}

export function registerOrderTools({ server, reads, withWallet }: WalletTools): void {
  let nextClientOrderId = Date.now();

  server.registerTool(
    'place_order',
    {
      title: 'Place an order',
      description:
        "Buy (or sell) access rights in a series. A buy counts its worst case against the session's spending limit before it is sent (limit price × qty; a market buy at its protection bound, the best ask plus the series' band) and is refused past it with what is committed and left. Time in force: ioc (default: fill now what the ask allows, cancel the rest), gtc (rest in the book until filled or cancelled; it stays counted at its limit until then), fok (all or nothing). A market order is sent as an ioc limited at its protection bound. Prices in PAT. Then exercise the rights bought to get access grants.",
      inputSchema: {
        series_id: id('the series (list_series, get_quote)'),
        side: z.enum(['buy', 'sell']),
        qty: z.number().int().min(1).max(1_000_000).describe('access rights (whole units)'),
        type: z.enum(['limit', 'market']).optional().describe('limit (default) or market'),
        limit_price: patAmount('the most to pay (buy) or least to take (sell) per right; required for a limit order').optional(),
        time_in_force: z.enum(['ioc', 'gtc', 'fok']).optional().describe('ioc (default), gtc or fok'),
      },
      annotations: { title: 'Place an order', ...ACTING, destructiveHint: false },
    },
    withWallet((s, a: PlaceOrderArgs) => placeOrder(s, a, reads, () => nextClientOrderId++)),
  );

  server.registerTool(
    'cancel_order',
    {
      title: 'Cancel an order',
      description: "Cancel one of the wallet's resting orders by its order id (place_order returned it). What was still resting of a buy is given back to the session's spending limit.",
      inputSchema: { order_id: id('the order id') },
      annotations: { title: 'Cancel an order', ...ACTING, destructiveHint: true, idempotentHint: true },
    },
    withWallet(async (s, a: { order_id: number }) => {
      const ack = await (await s.trader()).cancel({ orderId: a.order_id });
      const report = (ack.reports ?? []).find((r) => Number(r.orderId) === a.order_id && r.execType === wire.ExecType.EXEC_CANCELED);
      if (report === undefined) {
        const reason = (ack.rejectReason ?? 0) !== 0 ? rejectName(ack) : 'UNKNOWN_ORDER';
        throw new ToolRefusal(reason, `order ${a.order_id} was not cancelled (${reason}): it is not one of the wallet's resting orders (filled, cancelled, or another account's)`);
      }
      s.limit.restingEnded(a.order_id, Number(report.canceledQty ?? 0));
      return { orderId: a.order_id, canceledQty: Number(report.canceledQty ?? 0), filledQty: Number(report.cumQty ?? 0), spending: s.limit.status() };
    }),
  );
}

/** A new order, a buy's worst case committed against the session's limit first and settled against what the exchange reported. */
async function placeOrder(s: WalletSession, a: PlaceOrderArgs, reads: PublicReads, nextClientOrderId: () => number): Promise<Record<string, unknown>> {
  const market = a.type === 'market';
  if (!market && a.limit_price === undefined) throw new ToolRefusal('INVALID_FIELD', 'a limit order needs limit_price (PAT per right); get_quote shows the ask');
  if (market && a.time_in_force === 'gtc') throw new ToolRefusal('INVALID_FIELD', 'a market order does not rest: time_in_force ioc or fok');
  const tif = { ioc: wire.TimeInForce.IOC, gtc: wire.TimeInForce.GTC, fok: wire.TimeInForce.FOK }[a.time_in_force ?? 'ioc'];
  // A market order goes out as a limit at its protection bound: its worst case is known before it is sent.
  const priceMicros = market ? protectionBound(await seriesView(reads, a.series_id), a.side) : microsOfPat(a.limit_price!, 'limit_price');
  const buy = a.side === 'buy';
  const worstMicros = buy ? priceMicros * a.qty : 0;
  if (buy) s.limit.commit(worstMicros, `buying ${a.qty} right(s) of series ${a.series_id} at up to ${patOfMicros(priceMicros)} PAT each`);
  const clientOrderId = nextClientOrderId();
  let ack: patx.v1.ICommandAck;
  try {
    const trader = await s.trader();
    ack = await trader.newOrder({ seriesId: a.series_id, clientOrderId, side: buy ? wire.Side.BUY : wire.Side.SELL, orderType: wire.OrderType.LIMIT, timeInForce: tif, priceMicros, qty: a.qty });
  } catch (error) {
    if (buy) s.limit.giveBack(worstMicros);
    throw error;
  }
  const o = orderOutcome(ack, clientOrderId);
  if (buy) s.limit.settleBuy(worstMicros, o.costMicros, o.orderId, o.resting, priceMicros);
  if (o.reason !== undefined) {
    throw new ToolRefusal(o.reason, `the exchange refused the order (${o.reason}); nothing was bought`, { seriesId: a.series_id, ...(buy ? { spending: s.limit.status() } : {}) });
  }
  return {
    orderId: o.orderId,
    seriesId: a.series_id,
    side: a.side,
    status: wire.OrdStatus[o.last?.ordStatus ?? 0] ?? 'UNKNOWN',
    filledQty: o.filledQty,
    ...(o.filledQty > 0 ? { averagePrice: patOfMicros(Math.round(o.costMicros / o.filledQty)), [buy ? 'paid' : 'received']: patOfMicros(o.costMicros) } : {}),
    restingQty: o.resting,
    limitPrice: patOfMicros(priceMicros),
    ...(buy ? { spending: s.limit.status() } : {}),
    next: o.filledQty > 0 && buy ? `exercise series ${a.series_id} (qty ${o.filledQty}) to get access grants, then download_records` : o.resting > 0 ? `it rests in the book; cancel_order ${o.orderId} cancels it` : 'nothing filled: get_quote shows the ask',
  };
}

/** What the exchange's reports of one new order say: its id, what filled and at what cost, what rests, and why it was refused (if it was). */
function orderOutcome(ack: patx.v1.ICommandAck, clientOrderId: number): { orderId: number; filledQty: number; costMicros: number; resting: number; last: patx.v1.IExecutionReport | undefined; reason: string | undefined } {
  const mine = (ack.reports ?? []).filter((r) => Number(r.clientOrderId) === clientOrderId);
  const fills = mine.filter((r) => r.execType === wire.ExecType.EXEC_TRADE);
  const filledQty = fills.reduce((n, r) => n + Number(r.lastQty), 0);
  const costMicros = fills.reduce((n, r) => n + Number(r.lastQty) * Number(r.lastPriceMicros), 0);
  const last = mine[mine.length - 1];
  const rejected = mine.find((r) => r.execType === wire.ExecType.EXEC_REJECTED);
  const orderId = Number(last?.orderId ?? 0);
  const resting = rejected === undefined && last !== undefined && (last.ordStatus === wire.OrdStatus.ORDER_NEW || last.ordStatus === wire.OrdStatus.ORDER_PARTIALLY_FILLED) ? Number(last.leavesQty ?? 0) : 0;
  const reason = rejected !== undefined ? (wire.RejectReason[rejected.rejectReason ?? 0] ?? String(rejected.rejectReason)) : (ack.rejectReason ?? 0) !== 0 ? rejectName(ack) : undefined;
  return { orderId, filledQty, costMicros, resting, last, reason };
}

/** A market order's limit: the best opposite price moved by the series' band (src/client/order-protection.ts). */
export function protectionBound(s: ProtectedSeries, side: 'buy' | 'sell'): number {
  const bound = protectedLimitMicros(s, side === 'buy' ? 'BUY' : 'SELL');
  if (bound === undefined) throw new ToolRefusal('NO_LIQUIDITY', `nothing is ${side === 'buy' ? 'offered' : 'bid'} in the series now to bound a market order by: try again shortly, or use a limit order (get_quote)`);
  return bound;
}
