/**
 * What the exchange's execution reports say about one new order (its id, what filled and what it
 * cost with its fees, what rests, why it was refused), and what a refusal tells an agent to do.
 */
import { rejectName } from '../client/trading-client.js';
import { wire, type patx } from '../proto/index.js';
import { patOfMicros } from './pat.js';
import type { SeriesWithBook } from '../client/market.js';

export interface OrderOutcome {
  orderId: number;
  filledQty: number;
  /** Price × quantity of each fill. µPAT. */
  notionalMicros: number;
  /** The fees the fills paid (a buy on top of the notional, a sale out of it). µPAT. */
  feeMicros: number;
  resting: number;
  last: patx.v1.IExecutionReport | undefined;
  reason: string | undefined;
}

/** The outcome of the order sent with `clientOrderId`, from the reports of its command's acknowledgement. */
export function orderOutcome(ack: patx.v1.ICommandAck, clientOrderId: number): OrderOutcome {
  const mine = (ack.reports ?? []).filter((r) => Number(r.clientOrderId) === clientOrderId);
  const fills = mine.filter((r) => r.execType === wire.ExecType.EXEC_TRADE);
  const filledQty = fills.reduce((n, r) => n + Number(r.lastQty), 0);
  const notionalMicros = fills.reduce((n, r) => n + Number(r.lastQty) * Number(r.lastPriceMicros), 0);
  const feeMicros = fills.reduce((n, r) => n + Number(r.feeMicros ?? 0), 0);
  const last = mine[mine.length - 1];
  const rejected = mine.find((r) => r.execType === wire.ExecType.EXEC_REJECTED);
  const orderId = Number(last?.orderId ?? 0);
  const resting = rejected === undefined && last !== undefined && (last.ordStatus === wire.OrdStatus.ORDER_NEW || last.ordStatus === wire.OrdStatus.ORDER_PARTIALLY_FILLED) ? Number(last.leavesQty ?? 0) : 0;
  const reason = rejected !== undefined ? (wire.RejectReason[rejected.rejectReason ?? 0] ?? String(rejected.rejectReason)) : (ack.rejectReason ?? 0) !== 0 ? rejectName(ack) : undefined;
  return { orderId, filledQty, notionalMicros, feeMicros, resting, last, reason };
}

/** What a buy paid (notional and fees) or a sale received (notional less its fees). µPAT. */
export function settledMicros(o: Pick<OrderOutcome, 'notionalMicros' | 'feeMicros'>, buy: boolean): number {
  return buy ? o.notionalMicros + o.feeMicros : o.notionalMicros - o.feeMicros;
}

export interface RefusedOrder {
  side: 'buy' | 'sell';
  qty: number;
  priceMicros: number;
  /** The series as GET /v1/series/{id} answered it, when it could be read. */
  series: SeriesWithBook | undefined;
}

/** A refused order's message: what was refused, that nothing changed hands, and the fact an agent acts on where the tool knows it. */
export function refusalMessage(reason: string, o: RefusedOrder): string {
  const nothing = o.side === 'buy' ? 'nothing was bought' : 'nothing was sold';
  const advice = refusalAdvice(reason, o);
  return `the exchange refused the ${o.side} order (${reason}); ${nothing}${advice === undefined ? '' : `: ${advice}`}`;
}

function refusalAdvice(reason: string, o: RefusedOrder): string | undefined {
  const s = o.series;
  switch (reason) {
    case 'INVALID_TICK': {
      if (s === undefined || s.tickMicros <= 0) return 'the price is not on the series\' tick (get_quote shows it)';
      const below = Math.floor(o.priceMicros / s.tickMicros) * s.tickMicros;
      return `prices in series ${s.seriesId} are multiples of its tick, ${patOfMicros(s.tickMicros)} PAT; ${patOfMicros(o.priceMicros)} is not (the nearest: ${patOfMicros(below)} or ${patOfMicros(below + s.tickMicros)})`;
    }
    case 'INVALID_LOT':
      return s === undefined ? 'the quantity is not a whole number of lots (get_quote shows the lot size)' : `quantities in series ${s.seriesId} are multiples of its lot size, ${s.lotSize}`;
    case 'QUANTITY_TOO_LARGE':
    case 'ORDER_SIZE_LIMIT':
      return s === undefined ? 'the quantity is more than one order may carry (get_quote shows the most)' : `one order in series ${s.seriesId} carries at most ${s.maxOrderQty} right(s); ${o.qty} asked`;
    case 'ROLE_NOT_ALLOWED':
      return o.side === 'sell' ? "this wallet's account may not sell in this series (a consumer's account buys; rights are sold by data providers and the broker)" : "this wallet's account may not buy in this series";
    case 'INSUFFICIENT_BALANCE':
      return 'the account has too little PAT available for this order with its fee (get_balances shows it; the user deposits more)';
    case 'INSUFFICIENT_RIGHTS':
      return 'the account holds fewer rights in the series than the order sells (get_balances shows them)';
    case 'PRICE_OUTSIDE_BAND':
    case 'PRICE_OUT_OF_LIMITS':
      return s === undefined || s.referencePriceMicros <= 0 ? 'the price is too far from the series\' reference price (get_quote shows it)' : `the price is too far from series ${s.seriesId}'s reference, ${patOfMicros(s.referencePriceMicros)} PAT (get_quote shows the book)`;
    case 'FOK_NOT_FILLABLE':
      return 'the book could not fill the whole quantity at that price at once (fok): get_quote shows what is offered';
    case 'SERIES_EXPIRED':
    case 'SERIES_HALTED':
    case 'SERIES_NOT_OPEN_YET':
      return 'the series does not trade now (list_series shows those that do)';
    case 'TOO_MANY_OPEN_ORDERS':
      return 'the account has as many open orders as it may: list_orders shows them, cancel_order or cancel_all_orders frees room';
    case 'DUPLICATE_CLIENT_ORDER_ID':
      return 'an order with this client_order_id was placed already (get_order with it shows how it stands); it is not placed twice';
    default:
      return undefined;
  }
}
