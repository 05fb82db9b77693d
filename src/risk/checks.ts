/**
 * Pre-trade risk checks as pure O(1) functions of plain numbers. The engine
 * calls them with its state and the command's sequencer time, so they are
 * journaled and replay decides exactly as the live run did. No imports from the
 * engine: the engine imports this file.
 */
import type { RiskParams } from './params.js';

const BPS = 10_000;

/**
 * Per-account message throttle over fixed windows of the sequencer's time:
 * true if one more message would exceed `throttleMessages` in the window that
 * contains `nowMs`. `windowStartMs`/`count` describe the account's current window.
 */
export function throttled(p: RiskParams, windowStartMs: number, count: number, nowMs: number): boolean {
  if (p.throttleMessages === 0) return false;
  const inWindow = nowMs - windowStartMs < p.throttleWindowMs;
  return (inWindow ? count : 0) >= p.throttleMessages;
}

/** The window a message at `nowMs` counts in: [start, count after counting it]. */
export function throttleCount(p: RiskParams, windowStartMs: number, count: number, nowMs: number): [number, number] {
  return nowMs - windowStartMs < p.throttleWindowMs ? [windowStartMs, count + 1] : [nowMs, 1];
}

/**
 * The risk band is at least this many ticks either side of the reference (engine rules 11, the engine's
 * `priceBandFloorMicros`): a share of a price of a few ticks is less than one, so a cheap option's band admitted
 * no price but the reference itself (a call referenced at 0.001 refused a buy at 0.003 while 0.001 was offered),
 * as a CME option band has an absolute minimum.
 */
export const PRICE_BAND_MIN_TICKS = 5;

/**
 * Price band around the reference price, on the aggressive side only: a buy
 * above reference·(1 + band) or a sell below reference·(1 − band), and past
 * `minBandMicros` from it. Off without a reference or with band 0. (Passive
 * orders far from the price are allowed: they cannot trade at a silly price.)
 */
export function outsideBand(p: RiskParams, isBuy: boolean, priceMicros: number, referenceMicros: number, minBandMicros = 0): boolean {
  if (p.priceBandBps === 0 || referenceMicros === 0) return false;
  return isBuy
    ? priceMicros * BPS > referenceMicros * (BPS + p.priceBandBps) && priceMicros > referenceMicros + minBandMicros
    : priceMicros * BPS < referenceMicros * (BPS - p.priceBandBps) && priceMicros < referenceMicros - minBandMicros;
}

/**
 * The band's edges on the tick: the highest buy limit and the lowest sell limit that
 * `outsideBand` admits around `referenceMicros` (integer arithmetic, the same inequality).
 * The quoter keeps its best quotes inside them, where customers can still trade them.
 */
export function bandEdgesMicros(bandBps: number, referenceMicros: number, tickMicros: number, minBandMicros = 0): { maxBuyMicros: number; minSellMicros: number } {
  return {
    maxBuyMicros: Math.max(Math.floor((referenceMicros * (BPS + bandBps)) / (BPS * tickMicros)), Math.floor((referenceMicros + minBandMicros) / tickMicros)) * tickMicros,
    minSellMicros: Math.min(Math.ceil((referenceMicros * (BPS - bandBps)) / (BPS * tickMicros)), Math.ceil((referenceMicros - minBandMicros) / tickMicros)) * tickMicros,
  };
}

export function isThin(p: RiskParams, tradeCount: number): boolean {
  return tradeCount < p.thinTradeCount;
}

/** Collateral multiple for a buy, in bps of its notional: higher in thin series. */
export function marginBps(p: RiskParams, tradeCount: number): number {
  return isThin(p, tradeCount) ? p.thinMarginBps : p.marginBps;
}

/**
 * True if the account's free PAT does not cover the buy's notional times the
 * margin multiple. The engine holds the notional itself; the margin above 1×
 * is a requirement on free PAT, not an extra hold.
 */
export function collateralShort(p: RiskParams, tradeCount: number, notionalMicros: number, availableMicros: number): boolean {
  const m = marginBps(p, tradeCount);
  if (m === BPS) return false;
  return notionalMicros * m > availableMicros * BPS;
}

/** Position limit on a customer's long after a change: rights held (available + held by asks) plus open bids. */
export function positionExceeded(p: RiskParams, longAfterQty: number): boolean {
  return p.maxPositionQty !== 0 && longAfterQty > p.maxPositionQty;
}

export function orderTooLarge(p: RiskParams, qty: number): boolean {
  return p.maxOrderQty !== 0 && qty > p.maxOrderQty;
}

/** Broker long exposure after the change, against the per-series and per-window limits. */
export function exposureProblem(p: RiskParams, seriesLongAfter: number, windowLongAfter: number): 'series' | 'window' | undefined {
  if (p.brokerMaxLongSeries !== 0 && seriesLongAfter > p.brokerMaxLongSeries) return 'series';
  if (p.brokerMaxLongWindow !== 0 && windowLongAfter > p.brokerMaxLongWindow) return 'window';
  return undefined;
}

/**
 * Market-maker protection over fixed windows of `mmpIntervalMs`: returns the
 * window start and filled quantity after a broker quote fill of `qty`, and
 * whether that trips the protection.
 */
export function mmpAfterFill(p: RiskParams, windowStartMs: number, filledQty: number, qty: number, nowMs: number): { startMs: number; filled: number; trips: boolean } {
  const fresh = nowMs - windowStartMs >= p.mmpIntervalMs;
  const startMs = fresh ? nowMs : windowStartMs;
  const filled = (fresh ? 0 : filledQty) + qty;
  return { startMs, filled, trips: p.mmpQty !== 0 && filled > p.mmpQty };
}

/** When quotes may return after MMP trips at `nowMs`: MAX_SAFE_INTEGER = only by an operator reset. */
export function mmpFrozenUntil(p: RiskParams, nowMs: number): number {
  return p.mmpFreezeMs === 0 ? Number.MAX_SAFE_INTEGER : nowMs + p.mmpFreezeMs;
}
