/**
 * A market order's protection: the worst price an order "with no limit" may trade at, as CME's
 * market orders with protection. One formula for the engine (a MARKET order's limit, computed
 * inside `apply`: integers only, nothing allocated) and for the clients that send such an order
 * as an IOC limit (src/client/order-protection.ts), so both bound it the same way.
 */

const BPS = 10_000;

/**
 * `anchorMicros` moved by `bandBps` against the order (up for a buy, down for a sell), rounded
 * toward the anchor onto a tick and kept within the series' price limits. 0 when there is no
 * anchor (`anchorMicros` 0). Integer arithmetic: the band is floored to a µPAT first.
 */
export function protectionLimitMicros(
  anchorMicros: number,
  isBuy: boolean,
  bandBps: number,
  tickMicros: number,
  minPriceMicros: number,
  maxPriceMicros: number,
  /** The band is at least this wide (the risk band's floor, risk/checks.ts `PRICE_BAND_MIN_TICKS`). */
  minBandMicros = 0,
): number {
  if (anchorMicros === 0) return 0;
  const bps = Math.floor((anchorMicros * bandBps) / BPS);
  const bandMicros = bps > minBandMicros ? bps : minBandMicros;
  if (isBuy) return Math.min(Math.floor((anchorMicros + bandMicros) / tickMicros) * tickMicros, maxPriceMicros);
  return Math.max(Math.ceil((anchorMicros - bandMicros) / tickMicros) * tickMicros, minPriceMicros);
}
