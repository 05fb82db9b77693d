/**
 * What the series page's trade ticket (trade-ticket.tsx) decides without a page: the order a
 * person typed, checked before anything is sent (a whole quantity, a price in PAT with at most
 * 4 decimals on the series' tick and within its limits); its notional and whether it asks for
 * a confirmation; what an order's ack came to in words (filled qty @ price, resting, or the
 * reject reason in plain words).
 */
import { wire, type patx } from '../../src/proto/index.js';
import { feeMicros, type FeeScheduleRow } from '../../src/risk/fees.js';
import { rejectOf } from './account-session.js';
import { pat, PAT_DECIMALS } from './format.js';

/** An order whose notional is above this (µPAT: 10 PAT) asks "confirm" in the ticket before it is sent. */
export const CONFIRM_ABOVE_MICROS = 10_000_000;

export type TicketSide = 'buy' | 'sell';
/** Limit GTC rests in the book until filled or cancelled; IOC fills what it can now and cancels the rest. */
export type TicketTif = 'gtc' | 'ioc';

/** The series' trading rules the ticket checks (the session's SeriesInfo, µPAT); absent ones are not checked. */
export interface SeriesRules {
  tickMicros?: number;
  lotSize?: number;
  minPriceMicros?: number;
  maxPriceMicros?: number;
  maxOrderQty?: number;
}

export interface TicketOrder {
  side: TicketSide;
  qty: number;
  priceMicros: number;
  tif: TicketTif;
  notionalMicros: number;
  /** Above CONFIRM_ABOVE_MICROS: shown for confirmation before it is sent. */
  confirm: boolean;
}

/** The ticket's order, or what is wrong with it (in words, naming the field). */
export type Checked = { ok: true; order: TicketOrder } | { ok: false; field: 'qty' | 'price'; error: string };

const PRICE = new RegExp(`^(\\d+)(?:\\.(\\d{1,${PAT_DECIMALS}}))?$`);

/** PAT typed by a person as µPAT: at most PAT_DECIMALS decimals (the console's precision, the finest tick); undefined otherwise. */
export function parsePrice(text: string): number | undefined {
  const m = PRICE.exec(text.trim());
  if (m === null) return undefined;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

export function checkOrder(input: { side: TicketSide; qtyText: string; priceText: string; tif: TicketTif }, rules: SeriesRules = {}): Checked {
  const qtyText = input.qtyText.trim();
  const qty = /^\d+$/.test(qtyText) ? Number(qtyText) : NaN;
  if (!Number.isSafeInteger(qty) || qty <= 0) return { ok: false, field: 'qty', error: 'Quantity: a whole number of rights, 1 or more.' };
  if (rules.maxOrderQty !== undefined && rules.maxOrderQty > 0 && qty > rules.maxOrderQty) return { ok: false, field: 'qty', error: `Quantity: at most ${rules.maxOrderQty} in one order in this series.` };
  if (rules.lotSize !== undefined && rules.lotSize > 1 && qty % rules.lotSize !== 0) return { ok: false, field: 'qty', error: `Quantity: a multiple of the lot size, ${rules.lotSize}.` };
  // Zeros past the last digit say nothing: 0.583000 (as a script or a paste writes it) is 0.583, on the finest step.
  const priceText = input.priceText.trim().replace(/^(\d*\.\d*?)0+$/, '$1').replace(/\.$/, '');
  if (/^\d*\.\d{5,}$/.test(priceText)) return { ok: false, field: 'price', error: `Price: at most ${PAT_DECIMALS} decimals (0.0001 PAT is the finest price step).` };
  const priceMicros = parsePrice(priceText);
  if (priceMicros === undefined || priceMicros <= 0) return { ok: false, field: 'price', error: 'Price: a positive number of PAT, such as 0.6000.' };
  if (rules.tickMicros !== undefined && rules.tickMicros > 0 && priceMicros % rules.tickMicros !== 0) return { ok: false, field: 'price', error: `Price: a multiple of this series' tick, ${pat(rules.tickMicros)} PAT.` };
  if (rules.minPriceMicros !== undefined && rules.minPriceMicros > 0 && priceMicros < rules.minPriceMicros) return { ok: false, field: 'price', error: `Price: at least ${pat(rules.minPriceMicros)} PAT in this series.` };
  if (rules.maxPriceMicros !== undefined && rules.maxPriceMicros > 0 && priceMicros > rules.maxPriceMicros) return { ok: false, field: 'price', error: `Price: at most ${pat(rules.maxPriceMicros)} PAT in this series.` };
  const notionalMicros = priceMicros * qty;
  if (!Number.isSafeInteger(notionalMicros)) return { ok: false, field: 'qty', error: 'Quantity: too large for this price.' };
  return { ok: true, order: { side: input.side, qty, priceMicros, tif: input.tif, notionalMicros, confirm: notionalMicros > CONFIRM_ABOVE_MICROS } };
}

/** A series' own order rules as its info carries them (GET series over the trading session). */
export function rulesOf(info: patx.v1.ISeriesInfo | undefined): SeriesRules {
  if (info === undefined) return {};
  return { tickMicros: Number(info.tickMicros ?? 0), lotSize: Number(info.lotSize ?? 0), minPriceMicros: Number(info.minPriceMicros ?? 0), maxPriceMicros: Number(info.maxPriceMicros ?? 0), maxOrderQty: Number(info.maxOrderQty ?? 0) };
}

/** The reasons an order or a cancel is refused, as a person would say them (by code name; the name shows beside them). */
const PLAIN: Record<string, string> = {
  INSUFFICIENT_BALANCE: 'more than your available PAT',
  INSUFFICIENT_RIGHTS: 'more rights than you have available in this series',
  INSUFFICIENT_COLLATERAL: 'more than your available PAT can secure as collateral',
  PRICE_OUT_OF_LIMITS: "the price is outside this series' price limits",
  PRICE_OUTSIDE_BAND: 'the price is too far from the reference price',
  INVALID_TICK: "the price is not on this series' price steps",
  INVALID_PRICE: 'the price is not valid',
  INVALID_QUANTITY: 'the quantity is not valid',
  INVALID_LOT: "the quantity is not a multiple of this series' lot size",
  QUANTITY_TOO_LARGE: 'more rights than one order may carry',
  ORDER_SIZE_LIMIT: 'more rights than one order may carry',
  ROLE_NOT_ALLOWED: "your account's role may not take this side in this series",
  SERIES_HALTED: 'trading in this series is halted',
  SERIES_EXPIRED: 'this series has expired',
  SERIES_NOT_OPEN_YET: 'this series is not open for trading yet',
  KILL_SWITCH_ENGAGED: 'the operator has stopped trading (kill switch)',
  THROTTLED: 'too many orders in a short time: try again in a moment',
  POSITION_LIMIT: 'this would take your position past its limit',
  EXPOSURE_LIMIT_SERIES: "the exchange's exposure limit for this series is reached",
  EXPOSURE_LIMIT_WINDOW: "the exchange's exposure limit for this window is reached",
  TOO_MANY_OPEN_ORDERS: 'you have too many open orders',
  BOOK_FULL: 'the book has no room for another order now',
  INSTITUTION_REQUIRED: 'only qualified institutions trade this series',
  NO_REFERENCE_PRICE: 'this series has no reference price yet',
  UNKNOWN_ORDER: 'the order is no longer open (filled or cancelled already)',
  NOT_ORDER_OWNER: 'the order is not yours',
  DISCONNECTED: 'the connection to the exchange was lost',
  CAPACITY_EXCEEDED: 'more than the capacity you declared for this series',
};

/** A reject reason's plain words (its name, lower-cased, when it has none of its own). */
export function plainReason(reason: string): string {
  return PLAIN[reason] ?? reason.toLowerCase().replaceAll('_', ' ');
}

/** What an order came to, for the ticket's outcome line. */
export type TicketOutcome =
  | { kind: 'refused'; reason: string; words: string }
  | { kind: 'done'; orderId: number; filledQty: number; filledMicros: number; restingQty: number; cancelledQty: number; feeMicros: number };

/** Reads an order's ack: its reject reason, or what filled (and at what total), what rests and what was cancelled (an IOC's rest). */
export function outcomeOfAck(ack: patx.v1.ICommandAck): TicketOutcome {
  const reason = rejectOf(ack);
  if (reason !== undefined) return { kind: 'refused', reason, words: plainReason(reason) };
  const reports = ack.reports ?? [];
  let filledQty = 0;
  let filledMicros = 0;
  let feeMicros = 0;
  for (const r of reports) {
    if (r.execType !== wire.ExecType.EXEC_TRADE) continue;
    filledQty += Number(r.lastQty ?? 0);
    filledMicros += Number(r.lastQty ?? 0) * Number(r.lastPriceMicros ?? 0);
    feeMicros += Number(r.feeMicros ?? 0); // docs/fees.md: 0 under the default schedule
  }
  const last = reports.at(-1);
  const open = last !== undefined && (last.ordStatus === wire.OrdStatus.ORDER_NEW || last.ordStatus === wire.OrdStatus.ORDER_PARTIALLY_FILLED);
  const restingQty = open ? Number(last.leavesQty ?? 0) : 0;
  const cancelledQty = reports.filter((r) => r.execType === wire.ExecType.EXEC_CANCELED || r.execType === wire.ExecType.EXEC_EXPIRED).reduce((n, r) => n + Number(r.canceledQty ?? 0), 0);
  return { kind: 'done', orderId: Number(last?.orderId ?? 0), filledQty, filledMicros, restingQty, cancelledQty, feeMicros };
}

/** The outcome in one sentence: "Bought 3 @ 0.6000 PAT (1.8000 PAT).", "Resting: buy 5 @ 0.1000 PAT in the book.", "Refused: more than your available PAT." */
export function outcomeText(o: TicketOutcome, order: TicketOrder): string {
  if (o.kind === 'refused') return `Refused: ${o.words}.`;
  const verb = order.side === 'buy' ? 'Bought' : 'Sold';
  const parts: string[] = [];
  if (o.filledQty > 0) {
    // Integer µPAT: an average cut toward zero, as every PAT figure shows (format.ts).
    const avg = Math.trunc(o.filledMicros / o.filledQty);
    const same = avg * o.filledQty === o.filledMicros;
    // The fee (docs/fees.md) only when one was charged: a fee-free outcome reads as it always did.
    const fee = o.feeMicros > 0 ? `, fee ${pat(o.feeMicros)} PAT` : '';
    parts.push(`${verb} ${o.filledQty} @ ${pat(avg)} PAT${same ? '' : ' on average'} (${pat(o.filledMicros)} PAT${fee})`);
  }
  if (o.restingQty > 0) parts.push(`${o.filledQty > 0 ? `the other ${o.restingQty} rest` : `Resting: ${order.side} ${o.restingQty}`} @ ${pat(order.priceMicros)} PAT in the book`);
  if (o.filledQty === 0 && o.restingQty === 0) {
    const better = order.side === 'buy' ? `no offer at ${pat(order.priceMicros)} PAT or less` : `no bid at ${pat(order.priceMicros)} PAT or more`;
    parts.push(`Nothing ${verb.toLowerCase()}: ${better}, so the order was cancelled (IOC)`);
  } else if (o.cancelledQty > 0) parts.push(`the other ${o.cancelledQty} cancelled (IOC)`);
  return `${parts.join('; ')}.`;
}

/** A kind's rates in force (GET /v1/fees's `current` row), as the ticket needs them. */
export type TicketFeeRates = Pick<FeeScheduleRow, 'makerBps' | 'takerBps' | 'issuanceBps'>;

const percent = (bps: number): string => `${(bps / 100).toFixed(2)}%`;

/**
 * The Fee line before an order is sent (docs/fees.md): what it pays if it takes (IOC), or at most
 * what it holds (GTC: the higher of the maker and taker rates, as the engine holds a resting buy's
 * fee); a buy of an option or a synthetic (`issued`) may also pay issuance when it meets the
 * broker writing. "none" under a schedule with no fee for this kind; "—" until the schedule is read.
 */
export function feeLine(rates: TicketFeeRates | undefined, order: { side: TicketSide; tif: TicketTif; notionalMicros: number } | undefined, issued: boolean): string {
  if (rates === undefined) return '—';
  const issuance = issued && order?.side === 'buy' ? rates.issuanceBps : 0;
  if (rates.makerBps === 0 && rates.takerBps === 0 && issuance === 0) return 'none (no trading fee)';
  const bps = (order?.tif === 'ioc' ? rates.takerBps : Math.max(rates.makerBps, rates.takerBps)) + issuance;
  const rateText = `taker ${percent(rates.takerBps)}, maker ${percent(rates.makerBps)}${issuance > 0 ? `, issuance up to ${percent(issuance)}` : ''}`;
  if (order === undefined) return rateText;
  return `${order.tif === 'ioc' ? '' : 'at most '}${pat(feeMicros(order.notionalMicros, bps))} PAT (${rateText})`;
}

/** The wire's side and time in force for the ticket's. */
export function wireSide(side: TicketSide): patx.v1.Side {
  return side === 'buy' ? wire.Side.BUY : wire.Side.SELL;
}

export function wireTif(tif: TicketTif): patx.v1.TimeInForce {
  return tif === 'gtc' ? wire.TimeInForce.GTC : wire.TimeInForce.IOC;
}
