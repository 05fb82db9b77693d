/**
 * A model feed's capacity and slippage estimate (docs/catalog.md, "Capacity and slippage"),
 * from the sizes its own signals trade and, for a `patx-series` target, the exchange's own
 * trades in the instruments they name. Pure given a TradeReader; money in integer µPAT.
 *
 *   tradeFraction_i = |position_i − previous position on the same instrument|   (0 before the first)
 *   tradeMicros_i   = round(tradeFraction_i × notionalMicros)                   what one right trades
 *   M               = µPAT the market traded in those instruments over the window
 *   participation(N)= N × Σ tradeFraction_i / M                                  N: notional following
 *   capacity        = floor(MAX_PARTICIPATION × M / Σ tradeFraction_i)           µPAT of notional
 *   slippageBps(N)  = halfSpreadBps + σ_h × √participation(N)                    the square-root law
 *
 * halfSpreadBps: 5,000 × ln(p_buy / p_sell) of each instrument's newest buyer- and seller-initiated
 * trades (a follower crosses from the mark to the ask or the bid), weighted by what the signals
 * trade in it; σ_h: the sample standard deviation of the signals' outcomes (the instrument's
 * return over the horizon), 0 with fewer than two.
 */
import { patOfMicros, Side } from '../engine/index.js';
import type { TradeReader } from './feed-prices.js';

const DAY_MS = 86_400_000;
/** The signals (and market trades) an estimate is over: the trailing week. */
export const CAPACITY_WINDOW_MS = 7 * DAY_MS;
/** Followers together may be this share of what the market trades in the feed's instruments. */
export const MAX_PARTICIPATION = 0.1;
/** The most market trades read for one estimate (newest first per instrument): a longer history undercounts M, so capacity errs low. */
export const CAPACITY_MAX_TRADES = 20_000;
/** The shortest span an estimate divides by: a feed's first minute does not extrapolate to a day. */
const MIN_SPAN_MS = 60_000;

/** A kept signal as the estimate reads it. */
export interface CapacitySignal {
  atMs: number;
  instrument: string;
  position: number;
  /** The instrument's return over the horizon (bps), once known. */
  outcomeBps: number | undefined;
}

export interface CapacityEstimate {
  /** The window the figures are over: from the later of (now − 7 days) and the first signal, to now. */
  fromMs: number;
  toMs: number;
  signals: number;
  /** What one right's follower trades per signal (µPAT): the mean and the largest. */
  meanTradeMicros: number;
  maxTradeMicros: number;
  /** ... and per day (µPAT). */
  turnoverMicrosPerDay: number;
  /** The market in the signals' instruments (a patx-series target; null for an external one: the exchange does not see that market). */
  market: { tradedMicrosPerDay: number; trades: number; halfSpreadBps: number | null; horizonVolBps: number } | null;
  /** The notional all holders together may follow at MAX_PARTICIPATION (decimal PAT), and in rights of the declared notional; null without a market or without trades implied. */
  capacityPat: string | null;
  capacityRights: number | null;
  /** Estimated cost of a follower's trades, bps: at one right's notional, at the declared seats' (null without seats), at capacity. Null without a market or a spread. */
  slippageBps: { oneRight: number; atSeats: number | null; atCapacity: number } | null;
}

export interface CapacityInput {
  signals: readonly CapacitySignal[];
  nowMs: number;
  notionalMicros: number;
  seats: number | undefined;
  /** The exchange's trades, for a patx-series target (undefined: an external target). */
  trades: TradeReader | undefined;
}

export function capacityOf(input: CapacityInput): CapacityEstimate {
  const windowStart = input.nowMs - CAPACITY_WINDOW_MS;
  const signals = input.signals.filter((s) => s.atMs > windowStart && s.atMs <= input.nowMs).sort((a, b) => a.atMs - b.atMs);
  const fromMs = signals.length === 0 ? windowStart : Math.max(windowStart, signals[0]!.atMs);
  const spanMs = Math.max(MIN_SPAN_MS, input.nowMs - fromMs);

  // What each signal asks a follower to trade: the change of its position on that instrument.
  const last = new Map<string, number>();
  const tradedFractionByInstrument = new Map<string, number>();
  let sumFraction = 0;
  let maxFraction = 0;
  for (const s of signals) {
    const fraction = Math.abs(s.position - (last.get(s.instrument) ?? 0));
    last.set(s.instrument, s.position);
    tradedFractionByInstrument.set(s.instrument, (tradedFractionByInstrument.get(s.instrument) ?? 0) + fraction);
    sumFraction += fraction;
    maxFraction = Math.max(maxFraction, fraction);
  }
  const n = signals.length;
  const base = {
    fromMs,
    toMs: input.nowMs,
    signals: n,
    meanTradeMicros: n === 0 ? 0 : Math.round((sumFraction / n) * input.notionalMicros),
    maxTradeMicros: Math.round(maxFraction * input.notionalMicros),
    turnoverMicrosPerDay: Math.round((sumFraction * input.notionalMicros * DAY_MS) / spanMs),
  };
  if (input.trades === undefined) return { ...base, market: null, capacityPat: null, capacityRights: null, slippageBps: null };

  const market = marketOf(input.trades, [...tradedFractionByInstrument.keys()], fromMs, input.nowMs);
  let spreadWeighted = 0;
  let spreadWeight = 0;
  for (const [instrument, fraction] of tradedFractionByInstrument) {
    const half = market.halfSpreadBps.get(instrument);
    if (half === undefined) continue;
    spreadWeighted += half * fraction;
    spreadWeight += fraction;
  }
  const halfSpreadBps = spreadWeight > 0 ? spreadWeighted / spreadWeight : null;
  const horizonVolBps = stdev(signals.map((s) => s.outcomeBps).filter((b): b is number => b !== undefined));
  const marketView = { tradedMicrosPerDay: Math.round((market.tradedMicros * DAY_MS) / spanMs), trades: market.trades, halfSpreadBps, horizonVolBps };
  if (market.tradedMicros <= 0 || sumFraction <= 0) return { ...base, market: marketView, capacityPat: null, capacityRights: null, slippageBps: null };

  const capacityMicros = Math.floor((MAX_PARTICIPATION * market.tradedMicros) / sumFraction);
  const slippage = (notionalMicros: number): number => (halfSpreadBps ?? 0) + horizonVolBps * Math.sqrt((notionalMicros * sumFraction) / market.tradedMicros);
  return {
    ...base,
    market: marketView,
    capacityPat: patOfMicros(capacityMicros),
    capacityRights: Math.floor(capacityMicros / input.notionalMicros),
    slippageBps:
      halfSpreadBps === null
        ? null
        : { oneRight: slippage(input.notionalMicros), atSeats: input.seats === undefined ? null : slippage(input.seats * input.notionalMicros), atCapacity: slippage(capacityMicros) },
  };
}

/** µPAT traded in the instruments (series ids) in (fromMs, toMs], and each one's newest half-spread, bps. */
function marketOf(trades: TradeReader, instruments: readonly string[], fromMs: number, toMs: number): { tradedMicros: number; trades: number; halfSpreadBps: Map<string, number> } {
  let tradedMicros = 0;
  let read = 0;
  const halfSpreadBps = new Map<string, number>();
  for (const instrument of instruments) {
    if (!/^[1-9][0-9]{0,15}$/.test(instrument)) continue;
    const seriesId = Number(instrument);
    let bought: number | undefined;
    let sold: number | undefined;
    let before: number | undefined;
    for (let done = false; !done && read < CAPACITY_MAX_TRADES; ) {
      const page = trades.recent(seriesId, Math.min(1_000, CAPACITY_MAX_TRADES - read), before);
      done = page.length === 0;
      for (const t of page) {
        if (t.timeMs <= fromMs) {
          done = true;
          break;
        }
        read++;
        if (t.timeMs > toMs) continue;
        tradedMicros += t.priceMicros * t.qty;
        if (t.takerSide === Side.BUY) bought ??= t.priceMicros;
        else sold ??= t.priceMicros;
      }
      if (page.length > 0) before = page[page.length - 1]!.tradeId;
    }
    // A buyer pays the ask and a seller gets the bid: half their log distance is what crossing from the mark costs; crossed prints cost nothing.
    if (bought !== undefined && sold !== undefined && bought > 0 && sold > 0) halfSpreadBps.set(instrument, Math.max(0, 5_000 * Math.log(bought / sold)));
  }
  return { tradedMicros, trades: read, halfSpreadBps };
}

function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
}
