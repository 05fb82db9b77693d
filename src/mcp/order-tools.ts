/**
 * The wallet's orders (place_order, cancel_order, list_orders, get_order: order-history-tools.ts, cancel_all_orders). A buy counts
 * its worst case (price and the fee held at it) against the session's spending limit before it
 * is sent, and settles it against what the exchange reported (filled with its fees, resting,
 * refused). A buy or a sale that holds PAT left unanswered (TIMEOUT, DISCONNECTED) stays counted until
 * its outcome is known (wallet-session.ts asks its status by client order id before the next order);
 * the agent retries it with the same client_order_id, which the exchange never places twice.
 */
import { z } from 'zod';
import { PatxConnectionClosedError, PatxTimeoutError } from '../client/frame-socket.js';
import { rejectName } from '../client/trading-client.js';
import { protectedLimitMicros, type ProtectedSeries } from '../client/order-protection.js';
import { wire, type patx } from '../proto/index.js';
import { seriesView, type PublicReads } from './exchange-reads.js';
import { buyFeeHoldBps, saleWorstPerRightMicros, worstPerRightMicros } from './order-cost.js';
import { orderOutcome, refusalMessage, settledMicros } from './order-outcome.js';
import { microsOfPat, patAmount, patOfMicros } from './pat.js';
import { HISTORY_ARGS, orderHistoryPage, registerOrderHistoryTool } from './order-history-tools.js';
import { ToolRefusal } from './refusal.js';
import { highestIndexPriceMicros } from './resting-sales.js';
import type { UnsettledOrder } from './spending-limit.js';
import type { WalletSession } from './wallet-session.js';
import { ACTING, id, SPENDING, type WalletTools } from './wallet-tool.js';

interface PlaceOrderArgs {
  series_id: number;
  side: 'buy' | 'sell';
  qty: number;
  type?: 'limit' | 'market';
  limit_price?: string | number;
  time_in_force?: 'ioc' | 'gtc' | 'fok';
  client_order_id?: number;
}

/** Open orders a list_orders page shows at most (the exchange's page: 1,000). */
const MAX_ORDERS_LISTED = 1_000;

export function registerOrderTools({ server, reads, withWallet }: WalletTools): void {
  // Client order ids from the clock (ms), one apart: unique across this wallet's sessions unless two start in the same instant.
  let nextClientOrderId = Date.now();

  server.registerTool(
    'place_order',
    {
      title: 'Place an order',
      description:
        "Buy (or sell) access rights in a series. A buy counts its worst case against the session's spending limit before it is sent (qty × the limit price plus the exchange's fee at it, at the higher of the maker and taker rates; a market buy at its protection bound, the best ask plus the series' band) and is refused past it with what is committed and left; `paid` includes the fee. A sale that can hold the wallet's PAT counts too: a forward sale its price and fee (its collateral), a sale that writes an option or opens a synthetic short twice the highest price the series or its index can reach and the fee there (its margin and what it can lose), kept counted once filled; a spot sale, or one that only closes a long, counts nothing. Time in force: ioc (default: fill now what the ask allows, cancel the rest), gtc (rest in the book until filled or cancelled; it stays counted at its worst until then), fok (all or nothing). A market order is sent as an ioc limited at its protection bound. Prices in PAT. If the exchange does not answer (TIMEOUT, DISCONNECTED) the order may exist: the error gives its client_order_id; it stays counted until the session learns what became of it (it asks before the next order); retry with that client_order_id and the same terms (never placed twice), or get_order with it. Then exercise the rights bought to get access grants.",
      inputSchema: {
        series_id: id('the series (list_series, get_quote)'),
        side: z.enum(['buy', 'sell']),
        qty: z.number().int().min(1).max(1_000_000).describe('access rights (whole units)'),
        type: z.enum(['limit', 'market']).optional().describe('limit (default) or market'),
        limit_price: patAmount('the most to pay (buy) or least to take (sell) per right; required for a limit order').optional(),
        time_in_force: z.enum(['ioc', 'gtc', 'fok']).optional().describe('ioc (default), gtc or fok'),
        client_order_id: id('only to retry an order whose answer did not come (TIMEOUT, DISCONNECTED): the client_order_id its error gave; the exchange refuses a second order with it, so it is never placed twice').optional(),
      },
      annotations: { title: 'Place an order', ...SPENDING },
    },
    withWallet((s, a: PlaceOrderArgs) => placeOrder(s, a, reads, () => nextClientOrderId++)),
  );

  server.registerTool(
    'cancel_order',
    {
      title: 'Cancel an order',
      description: "Cancel one of the wallet's resting orders by its order id (place_order and list_orders give it) or by the client_order_id it was sent with. What was still resting of a buy is given back to the session's spending limit.",
      inputSchema: { order_id: id('the order id').optional(), client_order_id: id('the client order id it was sent with (instead of order_id)').optional() },
      annotations: { title: 'Cancel an order', ...ACTING, destructiveHint: true, idempotentHint: true },
    },
    withWallet(async (s, a: { order_id?: number; client_order_id?: number }) => {
      if ((a.order_id === undefined) === (a.client_order_id === undefined)) throw new ToolRefusal('INVALID_FIELD', 'give order_id or client_order_id (one of them): list_orders shows both');
      const named = a.order_id !== undefined ? `order ${a.order_id}` : `the order with client_order_id ${a.client_order_id}`;
      const ack = await (await s.trader('existing')).cancel(a.order_id !== undefined ? { orderId: a.order_id } : { clientOrderId: a.client_order_id! });
      const report = (ack.reports ?? []).find((r) => (a.order_id !== undefined ? Number(r.orderId) === a.order_id : Number(r.clientOrderId) === a.client_order_id) && r.execType === wire.ExecType.EXEC_CANCELED);
      if (report === undefined) {
        const reason = (ack.rejectReason ?? 0) !== 0 ? rejectName(ack) : 'UNKNOWN_ORDER';
        throw new ToolRefusal(reason, `${named} was not cancelled (${reason}): it is not one of the wallet's resting orders (filled, cancelled, or another account's); list_orders shows those that rest`);
      }
      const orderId = Number(report.orderId);
      s.limit.restingEnded(orderId, Number(report.canceledQty ?? 0));
      return { orderId, clientOrderId: Number(report.clientOrderId ?? 0), canceledQty: Number(report.canceledQty ?? 0), filledQty: Number(report.cumQty ?? 0), spending: s.limit.status() };
    }),
  );

  server.registerTool(
    'list_orders',
    {
      title: 'List open orders',
      description:
        "The wallet's open (resting) orders, ascending by order id, from any session or program: order id, client order id, series, side, limit price, quantity, filled and leaves, time in force. Also the orders of this session whose answer never came (unanswered: they stay counted against the spending limit until known) and the spending limit. cancel_order or cancel_all_orders cancels them. With history: true, every order instead, live and ended, newest first: its status, average fill price and why it ended (get_order shows one).",
      inputSchema: {
        series_id: id('one series only').optional(),
        after_order_id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('the page after this order id (the previous page\'s nextAfterOrderId)'),
        limit: z.number().int().min(1).max(MAX_ORDERS_LISTED).optional().describe(`at most this many (default 100, at most ${MAX_ORDERS_LISTED})`),
        ...HISTORY_ARGS,
      },
      annotations: { title: 'List open orders', readOnlyHint: true, openWorldHint: false },
    },
    withWallet(async (s, a: { series_id?: number; after_order_id?: number; limit?: number; history?: boolean; status?: 'open' | 'closed'; before_order_id?: number }) => {
      if (a.history === true) {
        if (a.after_order_id !== undefined) throw new ToolRefusal('INVALID_FIELD', 'with history the pages go by before_order_id (newest first), not after_order_id');
        return orderHistoryPage(s, a);
      }
      if (a.status !== undefined || a.before_order_id !== undefined) throw new ToolRefusal('INVALID_FIELD', 'status and before_order_id go with history: true');
      const trader = await s.trader('existing');
      await s.settleUnansweredOrders();
      const page = await trader.openOrdersPage({ seriesId: a.series_id ?? 0, afterOrderId: a.after_order_id ?? 0, limit: a.limit ?? 100 });
      const orders = (page.orders ?? []).map(orderSummary);
      const unanswered = s.limit.unsettledOrders().map((u) => ({ clientOrderId: u.clientOrderId, seriesId: u.seriesId, side: u.side, qty: u.qty, limitPrice: patOfMicros(u.priceMicros) }));
      return { orders, nextAfterOrderId: Number(page.nextAfterOrderId ?? 0) || null, ...(unanswered.length > 0 ? { unanswered } : {}), spending: s.limit.status() };
    }),
  );

  registerOrderHistoryTool({ server, reads, withWallet });

  server.registerTool(
    'cancel_all_orders',
    {
      title: 'Cancel all open orders',
      description: "Cancel every resting order of the wallet's (a mass cancel), or only those in one series: what rested of each buy is given back to the session's spending limit. Returns each order cancelled with the quantity cancelled.",
      inputSchema: { series_id: id('only this series').optional() },
      annotations: { title: 'Cancel all open orders', ...ACTING, destructiveHint: true, idempotentHint: true },
    },
    withWallet(async (s, a: { series_id?: number }) => {
      const ack = await (await s.trader('existing')).massCancel({ scope: wire.MassCancelScope.ACCOUNT, seriesId: a.series_id ?? 0 });
      if ((ack.rejectReason ?? 0) !== 0) {
        const reason = rejectName(ack);
        throw new ToolRefusal(reason, `the exchange refused the mass cancel (${reason}); nothing was cancelled`);
      }
      const cancelled = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_CANCELED);
      for (const r of cancelled) s.limit.restingEnded(Number(r.orderId), Number(r.canceledQty ?? 0));
      return {
        cancelled: cancelled.map((r) => ({ orderId: Number(r.orderId), clientOrderId: Number(r.clientOrderId ?? 0), seriesId: Number(r.seriesId), canceledQty: Number(r.canceledQty ?? 0) })),
        spending: s.limit.status(),
      };
    }),
  );
}

function orderSummary(o: patx.v1.IOrderView): Record<string, unknown> {
  return {
    orderId: Number(o.orderId),
    clientOrderId: Number(o.clientOrderId ?? 0),
    seriesId: Number(o.seriesId),
    side: o.side === wire.Side.BUY ? 'buy' : 'sell',
    limitPrice: patOfMicros(Number(o.priceMicros ?? 0)),
    qty: Number(o.orderQty ?? 0),
    filledQty: Number(o.cumQty ?? 0),
    leavesQty: Number(o.leavesQty ?? 0),
    timeInForce: Number(o.expireAtMs ?? 0) > 0 ? 'gtd' : 'gtc',
    ...(Number(o.expireAtMs ?? 0) > 0 ? { expiresAt: new Date(Number(o.expireAtMs)).toISOString() } : {}),
  };
}

/** A new order, a buy's worst case committed against the session's limit first and settled against what the exchange reported. */
async function placeOrder(s: WalletSession, a: PlaceOrderArgs, reads: PublicReads, nextClientOrderId: () => number): Promise<Record<string, unknown>> {
  const market = a.type === 'market';
  if (!market && a.limit_price === undefined) throw new ToolRefusal('INVALID_FIELD', 'a limit order needs limit_price (PAT per right); get_quote shows the ask');
  if (market && a.time_in_force === 'gtc') throw new ToolRefusal('INVALID_FIELD', 'a market order does not rest: time_in_force ioc or fok');
  const tif = { ioc: wire.TimeInForce.IOC, gtc: wire.TimeInForce.GTC, fok: wire.TimeInForce.FOK }[a.time_in_force ?? 'ioc'];
  const buy = a.side === 'buy';
  // An earlier unanswered order may be known by now (its worst case settled to what it committed): this one may be among them.
  await s.countRestingOrdersOnce();
  await s.settleUnansweredOrders();
  const retried = a.client_order_id === undefined ? undefined : s.limit.unsettledOrder(a.client_order_id);
  // A retry of an order whose late answer (or its status) showed it placed: not sent again.
  const placed = a.client_order_id === undefined || retried !== undefined ? undefined : s.limit.placedAfterAll(a.client_order_id);
  if (placed !== undefined) {
    checkSameOrder(placed, a, placed.priceMicros, a.type === 'market');
    return firstAttemptPlaced(s, placed, false);
  }
  const series = await seriesView(reads, a.series_id);
  // A market order goes out as a limit at its protection bound: its worst case is known before it is sent. A retry sends what was sent.
  const priceMicros = retried !== undefined ? retried.priceMicros : market ? protectionBound(series, a.side) : microsOfPat(a.limit_price!, 'limit_price');
  if (retried !== undefined) checkSameOrder(retried, a, priceMicros, market);
  const feeBps = retried === undefined && (buy || series.kind !== 'SPOT') ? await buyFeeHoldBps(reads, series.kind) : 0;
  // A sale that can hold the wallet's PAT (margin, collateral) counts the most it can hold or lose, as a buy counts its cost.
  const salePerUnitMicros = buy || retried !== undefined ? 0 : await saleWorstPerRight(s, reads, series, a, priceMicros, market, feeBps);
  // A retry is of a buy or of a sale that holds PAT (only those are held unanswered), counted once already.
  const margined = retried !== undefined ? !buy : salePerUnitMicros > 0;
  const perUnitMicros = retried !== undefined ? retried.perUnitMicros : buy ? worstPerRightMicros(priceMicros, feeBps) : salePerUnitMicros;
  const worstMicros = buy || margined ? perUnitMicros * a.qty : 0;
  // What this call commits now (and gives back if nothing is sent or the exchange refuses it at once).
  const commitsNow = retried === undefined && (buy || margined);
  if (commitsNow && buy) {
    const fee = perUnitMicros - priceMicros;
    s.limit.commit(worstMicros, `buying ${a.qty} right(s) of series ${a.series_id} at up to ${patOfMicros(priceMicros)} PAT each${fee > 0 ? ` and a fee of up to ${patOfMicros(fee)} PAT each` : ''}`);
  } else if (commitsNow) {
    s.limit.commit(worstMicros, `selling ${a.qty} right(s) of ${series.kind} series ${a.series_id} (a sale that holds margin or collateral from the wallet's PAT and can lose it: up to ${patOfMicros(perUnitMicros)} PAT each counted)`);
  }
  const clientOrderId = a.client_order_id ?? nextClientOrderId();
  const trader = await s.trader('open-if-none').catch((error: unknown) => {
    if (commitsNow) s.limit.giveBack(worstMicros); // nothing was sent
    throw error;
  });
  let ack: patx.v1.ICommandAck;
  try {
    ack = await trader.newOrder({ seriesId: a.series_id, clientOrderId, side: buy ? wire.Side.BUY : wire.Side.SELL, orderType: wire.OrderType.LIMIT, timeInForce: tif, priceMicros, qty: a.qty });
  } catch (error) {
    if (error instanceof PatxTimeoutError || error instanceof PatxConnectionClosedError) {
      // Sent, not answered: the order may rest, have filled (a sale: opened a position), or never have arrived.
      // Its worst case stays counted until that is known (a late answer, its status by client order id).
      if (buy || margined) s.limit.holdUnsettled({ clientOrderId, side: a.side, seriesId: a.series_id, qty: a.qty, priceMicros, perUnitMicros, worstMicros, sentOn: trader });
      throw unanswered(error, clientOrderId, a, buy || margined ? s.limit.status() : undefined);
    }
    // The exchange answered with an error frame (SERVER_BUSY, RATE_LIMITED…): nothing was done.
    if (commitsNow) s.limit.giveBack(worstMicros);
    throw error;
  }
  const o = orderOutcome(ack, clientOrderId);
  if (retried !== undefined && o.reason === 'DUPLICATE_CLIENT_ORDER_ID') return firstAttemptPlaced(s, retried);
  const costMicros = settledMicros(o, buy);
  if (retried !== undefined) {
    // Accepted: the first attempt never reached the book (it would have taken the id). Refused otherwise: still not known.
    if (o.reason === undefined) s.limit.settleUnsettled(clientOrderId, { orderId: o.orderId, filledQty: o.filledQty, paidMicros: costMicros, leavesQty: o.resting, asOfSeq: Number(ack.seq ?? 0) });
  } else if (buy) {
    s.limit.settleBuy(worstMicros, costMicros, o.orderId, o.resting, perUnitMicros, Number(ack.seq ?? 0));
  } else if (margined) {
    s.limit.settleSale(worstMicros, o.filledQty, o.orderId, o.resting, perUnitMicros, Number(ack.seq ?? 0));
  }
  if (o.reason !== undefined) {
    throw new ToolRefusal(o.reason, refusalMessage(o.reason, { side: a.side, qty: a.qty, priceMicros, series }), { seriesId: a.series_id, clientOrderId, ...(buy || margined ? { spending: s.limit.status() } : {}) });
  }
  return {
    orderId: o.orderId,
    clientOrderId,
    seriesId: a.series_id,
    side: a.side,
    status: wire.OrdStatus[o.last?.ordStatus ?? 0] ?? 'UNKNOWN',
    filledQty: o.filledQty,
    ...(o.filledQty > 0 ? { averagePrice: patOfMicros(Math.round(o.notionalMicros / o.filledQty)), fee: patOfMicros(o.feeMicros), [buy ? 'paid' : 'received']: patOfMicros(costMicros) } : {}),
    restingQty: o.resting,
    limitPrice: patOfMicros(priceMicros),
    ...(buy || margined ? { spending: s.limit.status() } : {}),
    next: o.filledQty > 0 && buy ? `exercise series ${a.series_id} (qty ${o.filledQty}) to get access grants, then download_records` : o.resting > 0 ? `it rests in the book; cancel_order ${o.orderId} cancels it` : 'nothing filled: get_quote shows the ask',
  };
}

/**
 * What one right of this sale can hold of the wallet's PAT at most (order-cost.ts `saleWorstPerRightMicros`):
 * 0 for a spot sale; for an option or a synthetic the wallet's position decides whether it only closes a long,
 * and the index's bound is the higher maximum price of the series and its spot series.
 */
async function saleWorstPerRight(s: WalletSession, reads: PublicReads, series: Awaited<ReturnType<typeof seriesView>>, a: PlaceOrderArgs, priceMicros: number, market: boolean, feeBps: number): Promise<number> {
  if (series.kind === 'SPOT') return 0;
  const maxPriceMicros = await highestIndexPriceMicros(reads, series);
  let heldAvailable = 0;
  if (series.kind !== 'FORWARD') {
    // No account yet: no position (the order that follows opens the account, or is refused).
    const account = await s.trader('existing').then((t) => t.account()).catch(() => undefined);
    heldAvailable = Number((account?.positions ?? []).find((p) => Number(p.seriesId) === a.series_id)?.available ?? 0);
  }
  const immediate = market || (a.time_in_force ?? 'ioc') !== 'gtc';
  return saleWorstPerRightMicros({ kind: series.kind, priceMicros, qty: a.qty, immediate, maxPriceMicros, heldAvailable, feeBps });
}

/** A retry must be the order it retries: the same series, side, quantity and (a limit order's) price. */
function checkSameOrder(first: UnsettledOrder, a: PlaceOrderArgs, priceMicros: number, market: boolean): void {
  const limitMicros = market || a.limit_price === undefined ? priceMicros : microsOfPat(a.limit_price, 'limit_price');
  if (a.side !== first.side || a.series_id !== first.seriesId || a.qty !== first.qty || limitMicros !== first.priceMicros) {
    throw new ToolRefusal(
      'INVALID_FIELD',
      `client_order_id ${first.clientOrderId} was sent as a ${first.side} of ${first.qty} right(s) of series ${first.seriesId} at ${patOfMicros(first.priceMicros)} PAT: a retry sends the same order (or leave client_order_id out for a new one). Nothing was sent.`,
    );
  }
}

/** A retry refused DUPLICATE_CLIENT_ORDER_ID: the first attempt was placed; what became of it is read and counted. */
async function firstAttemptPlaced(s: WalletSession, first: UnsettledOrder, settle = true): Promise<Record<string, unknown>> {
  // Still unsettled: its status (the order the retry repeated) says what became of it.
  if (settle) await s.settleUnansweredOrders();
  const open = (await (await s.trader('existing')).openOrders(first.seriesId)).find((o) => Number(o.clientOrderId) === first.clientOrderId);
  return {
    clientOrderId: first.clientOrderId,
    alreadyPlaced: true,
    message: `the order sent before with client_order_id ${first.clientOrderId} was placed, so this retry placed nothing (an order is never placed twice)${open === undefined ? '; it no longer rests (filled or ended: get_balances shows the rights held)' : `; it rests as order ${Number(open.orderId)}`}`,
    ...(open === undefined ? {} : { order: orderSummary(open) }),
    spending: s.limit.status(),
  };
}

/** A new order sent and not answered: it may exist. The error says so, gives its client order id and how to retry safely. */
function unanswered(error: PatxTimeoutError | PatxConnectionClosedError, clientOrderId: number, a: PlaceOrderArgs, spending: Record<string, string> | undefined): ToolRefusal {
  const timedOut = error instanceof PatxTimeoutError;
  const what = timedOut ? `the exchange did not answer in time (${error.message})` : `the exchange closed the trading session (${error.message}); the next call connects again`;
  return new ToolRefusal(
    timedOut ? 'TIMEOUT' : 'DISCONNECTED',
    `${what}. The order may have been placed: its client_order_id is ${clientOrderId}. get_order with client_order_id ${clientOrderId} says whether it was and how it stands (UNKNOWN_ORDER: it never arrived); to retry, call place_order with client_order_id ${clientOrderId} and the same terms: the exchange refuses a second order with that id (DUPLICATE_CLIENT_ORDER_ID), so it is never placed twice.` +
      (spending === undefined ? '' : ' Its worst case stays counted against the spending limit until its outcome is known.'),
    { clientOrderId, seriesId: a.series_id, side: a.side, qty: a.qty, ...(spending === undefined ? {} : { spending }) },
  );
}

/** A market order's limit: the best opposite price moved by the series' band (src/client/order-protection.ts). */
export function protectionBound(s: ProtectedSeries, side: 'buy' | 'sell'): number {
  const bound = protectedLimitMicros(s, side === 'buy' ? 'BUY' : 'SELL');
  if (bound === undefined) throw new ToolRefusal('NO_LIQUIDITY', `nothing is ${side === 'buy' ? 'offered' : 'bid'} in the series now to bound a market order by: try again shortly, or use a limit order (get_quote)`);
  return bound;
}

