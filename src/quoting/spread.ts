/**
 * Spread and inventory skew.
 *
 * Avellaneda & Stoikov (2008): with mid s, inventory q, risk aversion γ,
 * volatility σ, time left τ = T − t and order-arrival decay k,
 *   reservation price  r = s − q·γ·σ²·τ
 *   total spread       δ = γ·σ²·τ + (2/γ)·ln(1 + γ/k)
 * quotes r ∓ δ/2.
 *
 * Guéant, Lehalle & Fernandez-Tapia (2013), asymptotic (long-horizon) form,
 * with arrival intensity Λ(δ) = A·e^(−kδ):
 *   ω = √( σ²γ/(2kA) · (1 + γ/k)^(1 + k/γ) )
 *   bid distance  (1/γ)·ln(1 + γ/k) + (2q + 1)·ω/2
 *   ask distance  (1/γ)·ln(1 + γ/k) − (2q − 1)·ω/2
 * i.e. r = s − q·ω and δ = (2/γ)·ln(1 + γ/k) + ω, independent of τ.
 *
 * Units are the caller's (the quoter uses PAT for prices and its model time
 * unit for τ and σ). The logarithm and the power are float64 (see decimal.ts);
 * everything else is decimal.
 */
import { type D, fromFloat } from './decimal.js';
import { SkewModel } from './params.js';

export interface SkewInputs {
  /** Mid (reference) price. */
  s: D;
  /** Inventory in model units (positive = long). */
  q: number;
  gamma: number;
  /** Volatility of s per √(time unit), in price units. */
  sigma: number;
  /** Time left, in time units. */
  tau: number;
  k: number;
  /** GLFT only: arrival intensity at δ = 0, per time unit. */
  arrivalA: number;
}

export interface Skewed {
  reservation: D;
  /** Total model spread (ask − bid before widening and rounding). */
  spread: D;
}

/** The model's two terms in price units (float64: they come from σ², ln and √). */
export interface SkewTerms {
  /** s − r: how far the reservation price sits below the mid (negative when short). */
  skew: number;
  /** Total model spread δ. */
  spread: number;
}

/** Avellaneda–Stoikov: skew q·γσ²τ, spread γσ²τ + (2/γ)ln(1+γ/k). */
export function avellanedaStoikovTerms(x: Omit<SkewInputs, 's'>): SkewTerms {
  const risk = x.gamma * x.sigma * x.sigma * Math.max(0, x.tau); // γσ²τ
  return { skew: x.q * risk, spread: risk + (2 / x.gamma) * Math.log1p(x.gamma / x.k) };
}

/** GLFT asymptotic: skew q·ω, spread (2/γ)ln(1+γ/k) + ω. */
export function gueantLehalleFernandezTapiaTerms(x: Omit<SkewInputs, 's'>): SkewTerms {
  const { gamma, k, sigma, arrivalA } = x;
  const omega = Math.sqrt(((sigma * sigma * gamma) / (2 * k * arrivalA)) * Math.pow(1 + gamma / k, 1 + k / gamma));
  return { skew: x.q * omega, spread: (2 / gamma) * Math.log1p(gamma / k) + omega };
}

export function skewTerms(model: SkewModel, x: Omit<SkewInputs, 's'>): SkewTerms {
  return model === SkewModel.GUEANT_LEHALLE_FT ? gueantLehalleFernandezTapiaTerms(x) : avellanedaStoikovTerms(x);
}

function toSkewed(s: D, t: SkewTerms): Skewed {
  return { reservation: t.skew === 0 ? s : s.minus(fromFloat(t.skew)), spread: fromFloat(t.spread) };
}

/** Reservation price r = s − q·γ·σ²·τ and total spread, as decimals around the mid `s`. */
export function avellanedaStoikov(x: SkewInputs): Skewed {
  return toSkewed(x.s, avellanedaStoikovTerms(x));
}

export function gueantLehalleFernandezTapia(x: SkewInputs): Skewed {
  return toSkewed(x.s, gueantLehalleFernandezTapiaTerms(x));
}

export function skewed(model: SkewModel, x: SkewInputs): Skewed {
  return toSkewed(x.s, skewTerms(model, x));
}

export interface WideningInputs {
  baseHalfSpreadBps: number;
  /** σ of s, relative, per √hour. */
  sigmaRelPerSqrtHour: number;
  volMultiplier: number;
  volHorizonHours: number;
  /** Recent trades per hour. */
  tradesPerHour: number;
  thinTradesPerHour: number;
  thinHalfSpreadBps: number;
  /** λ·E[J²]: the jump variance per hour (estimators.ts `jumpEstimate`); absent or 0: no jump part. */
  jumpVariancePerHour?: number;
  jumpMultiplier?: number;
  maxJumpHalfSpreadBps?: number;
}

/** Each part of the widening as a fraction of the price (float64). */
export interface Widening {
  baseFraction: number;
  volatilityFraction: number;
  thinFraction: number;
  /** The jump part: jumpMultiplier × √(λ·E[J²] × the horizon), at most maxJumpHalfSpreadBps (docs/pricing.md, "Jumps"). */
  jumpFraction: number;
  /** A synthetic only: the index's uncertainty until the close, syntheticVolShare × σ × √(hours left) (docs/pricing.md, "Synthetics"). */
  indexFraction?: number;
}

/**
 * Half-spread added on each side on top of the model, as fractions of the
 * price: a fixed part, a volatility part (σ over the horizon), and a
 * thin-series part that falls linearly from `thinHalfSpreadBps` at no recent
 * trades to 0 at `thinTradesPerHour` (thinness is recent activity, not a
 * lifetime count: a series that stops trading becomes thin again), and a jump
 * part: the jumps σ leaves out, as the standard deviation they add over the
 * same horizon, capped (a jump is not diffusion, but a quote standing when one
 * comes is filled at the old level all the same).
 */
export function wideningFractions(x: WideningInputs): Widening {
  const baseFraction = x.baseHalfSpreadBps / 10_000;
  const volatilityFraction = x.volMultiplier * x.sigmaRelPerSqrtHour * Math.sqrt(Math.max(0, x.volHorizonHours));
  const thinShare = x.thinTradesPerHour <= 0 ? 0 : Math.max(0, 1 - x.tradesPerHour / x.thinTradesPerHour);
  const jumpVariance = Math.max(0, x.jumpVariancePerHour ?? 0) * Math.max(0, x.volHorizonHours);
  const jumpFraction = Math.min((x.maxJumpHalfSpreadBps ?? Infinity) / 10_000, (x.jumpMultiplier ?? 1) * Math.sqrt(jumpVariance));
  return { baseFraction, volatilityFraction, thinFraction: (x.thinHalfSpreadBps / 10_000) * thinShare, jumpFraction };
}
