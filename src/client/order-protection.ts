/**
 * The limit an order "with no limit" is sent at, as CME's market orders with protection: the
 * best opposite price now moved by the series' band (`bandBps`), rounded inward to a tick,
 * within the series' price limits, and (as the engine keeps its own MARKET orders) within the
 * risk band around the reference (`priceBandBps`), past which a limit is refused
 * PRICE_OUTSIDE_BAND. Sent as an IOC limit at this price, its worst case is known (and can be
 * confirmed, or counted against a spending limit) before anything is sent.
 *
 * The engine's own MARKET orders are protected the same way from engine rules 6, with the same
 * formulas (src/risk/protection.ts; src/engine/products/rules.ts; `OrderEntry.protectionPriceMicros`); the touch's
 * band at least PRICE_BAND_MIN_TICKS ticks wide from rules 15 (here always).
 * Under rules 0–5 the engine anchored at the reference: the broker quotes around its forecast, so
 * its ask may sit further above the lagging reference than the series' band (8% against a 5% band
 * in the demo), where such a market order never filled. Undefined when nothing is offered on the
 * other side.
 */
import { PRICE_BAND_MIN_TICKS } from '../risk/checks.js';
import { protectionLimitMicros } from '../risk/protection.js';

export interface ProtectedSeries {
  bandBps: number;
  tickMicros: number;
  minPriceMicros: number;
  maxPriceMicros: number;
  /** The risk band around the reference and the reference (GET /v1/series/{id}); an exchange that names no band leaves the bound at the touch's. */
  priceBandBps?: number;
  /** The band's floor either side of the reference (0 or absent: none). */
  priceBandMinMicros?: number;
  referencePriceMicros?: number;
  book: { bids: readonly { priceMicros: number }[]; asks: readonly { priceMicros: number }[] };
}

export function protectedLimitMicros(s: ProtectedSeries, side: 'BUY' | 'SELL'): number | undefined {
  const touch = side === 'BUY' ? s.book.asks[0]?.priceMicros : s.book.bids[0]?.priceMicros;
  if (touch === undefined || touch <= 0) return undefined;
  const isBuy = side === 'BUY';
  // At least PRICE_BAND_MIN_TICKS ticks past the touch, as the engine's own market orders from rules 15: 5% of a premium of
  // a few ticks rounds to the touch itself, and such a buy met NOT_FILLED whenever the ask moved a tick.
  const limit = protectionLimitMicros(touch, isBuy, s.bandBps, s.tickMicros, s.minPriceMicros, s.maxPriceMicros, PRICE_BAND_MIN_TICKS * s.tickMicros);
  const reference = s.referencePriceMicros ?? 0;
  const riskBandBps = s.priceBandBps ?? 0;
  if (reference <= 0 || riskBandBps <= 0) return limit;
  // The risk band's edge on the tick, the engine's formula: a limit past it is refused whatever the book holds.
  const edge = protectionLimitMicros(reference, isBuy, riskBandBps, s.tickMicros, s.minPriceMicros, s.maxPriceMicros, s.priceBandMinMicros ?? 0);
  return isBuy ? Math.min(limit, edge) : Math.max(limit, edge);
}
