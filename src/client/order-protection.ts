/**
 * The limit an order "with no limit" is sent at, as CME's market orders with protection: the
 * best opposite price now moved by the series' band (`bandBps`), rounded inward to a tick,
 * within the series' price limits. Sent as an IOC limit at this price, its worst case is known
 * (and can be confirmed, or counted against a spending limit) before anything is sent.
 *
 * Anchored at the touch, not at the reference price as the engine's own MARKET orders are: the
 * broker quotes around its forecast, so its ask may sit further above the lagging reference than
 * the series' band (8% against a 5% band in the demo), where a market order anchored at the
 * reference would never fill. Undefined when nothing is offered on the other side.
 */
export interface ProtectedSeries {
  bandBps: number;
  tickMicros: number;
  minPriceMicros: number;
  maxPriceMicros: number;
  book: { bids: readonly { priceMicros: number }[]; asks: readonly { priceMicros: number }[] };
}

export function protectedLimitMicros(s: ProtectedSeries, side: 'BUY' | 'SELL'): number | undefined {
  const touch = side === 'BUY' ? s.book.asks[0]?.priceMicros : s.book.bids[0]?.priceMicros;
  if (touch === undefined || touch <= 0) return undefined;
  const band = Math.floor((touch * s.bandBps) / 10_000);
  if (side === 'BUY') return Math.min(Math.floor((touch + band) / s.tickMicros) * s.tickMicros, s.maxPriceMicros);
  return Math.max(Math.ceil((touch - band) / s.tickMicros) * s.tickMicros, s.minPriceMicros);
}
