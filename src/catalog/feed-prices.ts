/**
 * What the exchange knows of prices, for model feeds (docs/catalog.md, "Model feeds"), read
 * from its own trade history (src/gateway/trade-history.ts) and books, never from a provider:
 *
 * - a series' mark at or before a time: the geometric mean of its last buyer-initiated and last
 *   seller-initiated trade prices (below); a patx-series signal's outcome is the log return
 *   between the mark at the signal and the mark at its horizon;
 * - the price of one right of a segment: the VWAP of its spot rights traded over the trailing
 *   day, else the broker's lowest ask of an open spot series; with the window the right covers.
 */
import { parseContractKey, SeriesStatus, Side, type Engine } from '../engine/index.js';

/** The part of the trade history read here: a series' trades, newest first, below a trade id. */
export interface TradeReader {
  recent(seriesId: number, limit: number, beforeTradeId?: number): readonly { tradeId: number; timeMs: number; priceMicros: number; qty: number; takerSide: Side }[];
}

/** The most trades read back from a time for its mark: a side not seen among them leaves the mark undefined. */
export const MARK_LOOKBACK_TRADES = 1_000;

const DAY_MS = 86_400_000;
/** The most trades read for one segment's VWAP (then the VWAP is over the newest this many). */
export const VWAP_MAX_TRADES = 20_000;

/**
 * The id of the series' last trade at or before `timeMs`, or undefined when it had none.
 * Trade ids grow with time, so the newest trade below a trade id moves forward in time with
 * the id: a binary search over ids reads O(log trades) single trades, however many came after.
 */
export function lastTradeIdAtOrBefore(trades: TradeReader, seriesId: number, timeMs: number): number | undefined {
  const newest = trades.recent(seriesId, 1)[0];
  if (newest === undefined) return undefined;
  if (newest.timeMs <= timeMs) return newest.tradeId;
  let lo = 1; // the newest trade below id 1 is none: "at or before" holds vacuously
  let hi = newest.tradeId + 1; // the newest below it is after timeMs
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const t = trades.recent(seriesId, 1, mid)[0];
    if (t === undefined || t.timeMs <= timeMs) lo = mid;
    else hi = mid;
  }
  return trades.recent(seriesId, 1, lo)[0]?.tradeId;
}

/**
 * The series' mark at or before `timeMs`: the geometric mean of its last trade a buyer took and
 * its last trade a seller took (each at or before `timeMs`, within the last MARK_LOOKBACK_TRADES),
 * or undefined without both. Not the last trade: a series trades at the broker's ask when a
 * consumer buys and at its bid when a provider sells, so the last trade alone jumps by the
 * spread (hundreds of bps) with whoever came last, and anyone could choose an outcome by
 * buying or selling one right just before a horizon. The mark moves only when both sides'
 * prices move: the bounce cancels, and one trade on one side moves it by half its step.
 */
export function markAtOrBefore(trades: TradeReader, seriesId: number, timeMs: number): number | undefined {
  const last = lastTradeIdAtOrBefore(trades, seriesId, timeMs);
  if (last === undefined) return undefined;
  let bought: number | undefined;
  let sold: number | undefined;
  let before = last + 1;
  for (let read = 0; read < MARK_LOOKBACK_TRADES && (bought === undefined || sold === undefined); ) {
    const page = trades.recent(seriesId, Math.min(200, MARK_LOOKBACK_TRADES - read), before);
    if (page.length === 0) break;
    for (const t of page) {
      if (t.takerSide === Side.BUY) bought ??= t.priceMicros;
      else sold ??= t.priceMicros;
    }
    read += page.length;
    before = page[page.length - 1]!.tradeId;
  }
  return bought === undefined || sold === undefined ? undefined : Math.sqrt(bought * sold);
}

/**
 * Marks already read in one request or sweep, by `seriesId@timeMs`: the signals of one request share
 * their stamp (and so their horizon's end), so a batch of 1,000 on one series reads two marks, not 2,000.
 */
export type MarkMemo = Map<string, number | undefined>;

function memoMark(trades: TradeReader, seriesId: number, timeMs: number, marks: MarkMemo): number | undefined {
  const key = `${seriesId}@${timeMs}`;
  if (!marks.has(key)) marks.set(key, markAtOrBefore(trades, seriesId, timeMs));
  return marks.get(key);
}

/** The log return from `fromMicros` to `toMicros`, in bps. */
export function logReturnBps(fromMicros: number, toMicros: number): number {
  return Math.log(toMicros / fromMicros) * 10_000;
}

/**
 * The exchange's own outcome of a patx-series signal: the log return (bps) of the series' mark
 * at `atMs + horizonMs` over its mark at `atMs` (markAtOrBefore); undefined (void) without a
 * mark at either time, or when the instrument is not a series id.
 */
export function seriesOutcomeBps(trades: TradeReader, instrument: string, atMs: number, horizonMs: number, marks: MarkMemo = new Map()): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(instrument)) return undefined;
  const seriesId = Number(instrument);
  const from = memoMark(trades, seriesId, atMs, marks);
  const to = memoMark(trades, seriesId, atMs + horizonMs, marks);
  if (from === undefined || to === undefined || from <= 0 || to <= 0) return undefined;
  return logReturnBps(from, to);
}

export interface RightPrice {
  /** µPAT per right. */
  priceMicros: number;
  /** The window one right covers (weighted by volume over the VWAP's trades). */
  windowMs: number;
  source: 'vwap' | 'ask';
}

/** The price of one right of `segment` as the exchange verified it, or undefined when nothing traded and nothing is asked. */
export function segmentRightPrice(engine: Pick<Engine, 'series'>, trades: TradeReader | undefined, segment: string, nowMs: number): RightPrice | undefined {
  const spot = engine.series.filter((s) => s !== undefined && s.isSpot && s.segment === segment);
  if (trades !== undefined) {
    let value = 0;
    let qty = 0;
    let windowWeighted = 0;
    let read = 0;
    for (const s of spot) {
      const windowMs = parseContractKey(s!.spec.contract).windowMs;
      let before: number | undefined;
      for (;;) {
        const page = trades.recent(s!.id, 1_000, before);
        let done = page.length === 0;
        for (const t of page) {
          if (t.timeMs <= nowMs - DAY_MS || read >= VWAP_MAX_TRADES) {
            done = true;
            break;
          }
          if (t.timeMs > nowMs) continue;
          value += t.priceMicros * t.qty;
          qty += t.qty;
          windowWeighted += windowMs * t.qty;
          read++;
        }
        if (done) break;
        before = page[page.length - 1]!.tradeId;
      }
    }
    if (qty > 0) return { priceMicros: value / qty, windowMs: windowWeighted / qty, source: 'vwap' };
  }
  let best: RightPrice | undefined;
  for (const s of spot) {
    if (s!.status !== SeriesStatus.TRADING || s!.spec.closeAtMs <= nowMs) continue;
    const ask = s!.brokerSells.bestAskMicros();
    if (ask > 0 && (best === undefined || ask < best.priceMicros)) best = { priceMicros: ask, windowMs: parseContractKey(s!.spec.contract).windowMs, source: 'ask' };
  }
  return best;
}

/**
 * The price paid per signal, bps of the declared notional: one right's price spread over the
 * signals its window carries (the feed's signals over the trailing day, scaled to the window;
 * at least one).
 */
export function costPerSignalBps(price: RightPrice | undefined, signalsLastDay: number, notionalPat: string): number {
  if (price === undefined) return 0;
  const perWindow = Math.max(1, (signalsLastDay * price.windowMs) / DAY_MS);
  return ((price.priceMicros / 1_000_000 / perWindow) / Number(notionalPat)) * 10_000;
}
