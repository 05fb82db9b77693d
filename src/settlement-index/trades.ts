/**
 * The period's trades as one price: each trade price is first clamped into a band around
 * an anchor (the time-weighted mid, or without a usable one another price the market made:
 * docs/settlement-index.md, step 3), so a single off-market or wash trade can pull the index
 * at most the band's width, scaled by its share of the weight; then the clamped prices are
 * averaged by quantity.
 */
import type { IndexTrade } from './inputs.js';
import { BPS, divRoundHalfUp } from './rounding.js';

export interface PriceBand {
  readonly anchorMicros: number;
  /** round(anchor × (10⁴ − tradeBandBps) / 10⁴) */
  readonly lowMicros: number;
  /** round(anchor × (10⁴ + tradeBandBps) / 10⁴), at most the largest safe integer (no price is above it). */
  readonly highMicros: number;
}

export interface TradeVwap {
  /** round(Σ clamp(price) × qty / Σ qty); null without trades. */
  readonly vwapMicros: number | null;
  /** Σ qty over the period's trades. */
  readonly qty: number;
  /** Trades whose price the band moved. */
  readonly clampedTrades: number;
}

/** No price is above it, so the band's high edge stops there. */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function priceBand(anchorMicros: number, tradeBandBps: number): PriceBand {
  const anchor = BigInt(anchorMicros);
  const band = BigInt(tradeBandBps);
  return {
    anchorMicros,
    lowMicros: Number(divRoundHalfUp(anchor * (BPS - band), BPS)),
    highMicros: Number(min(divRoundHalfUp(anchor * (BPS + band), BPS), MAX_SAFE)),
  };
}

export function clampIntoBand(priceMicros: number, band: PriceBand): number {
  return Math.min(Math.max(priceMicros, band.lowMicros), band.highMicros);
}

export function clampedVwap(trades: readonly IndexTrade[], band: PriceBand): TradeVwap {
  let notional = 0n;
  let qty = 0;
  let clampedTrades = 0;
  for (const trade of trades) {
    const price = clampIntoBand(trade.priceMicros, band);
    if (price !== trade.priceMicros) clampedTrades++;
    notional += BigInt(price) * BigInt(trade.qty);
    qty += trade.qty; // checkInputs made sure the total is a safe integer
  }
  const vwapMicros = qty === 0 ? null : Number(divRoundHalfUp(notional, BigInt(qty)));
  return { vwapMicros, qty, clampedTrades };
}

/**
 * The volume-weighted median of the trades' prices (unclamped): the lowest price at which the
 * quantity traded at or below it reaches half the period's quantity; null without trades. A
 * price the market made, which a print of less than half the volume cannot move: the band's
 * anchor when the period has trades but no two-sided quote.
 */
export function volumeWeightedMedian(trades: readonly IndexTrade[]): number | null {
  if (trades.length === 0) return null;
  const byPrice = [...trades].sort((a, b) => a.priceMicros - b.priceMicros);
  let total = 0;
  for (const t of byPrice) total += t.qty; // checkInputs made sure the total is a safe integer
  let below = 0;
  for (const t of byPrice) {
    below += t.qty;
    if (2 * below >= total) return t.priceMicros;
  }
  return byPrice[byPrice.length - 1]!.priceMicros;
}
