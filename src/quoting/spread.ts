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
import { D, ZERO, fromFloat } from './decimal.js';
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

/** (2/γ)·ln(1 + γ/k): the spread's arrival-rate part, common to both models. */
function arrivalSpread(gamma: number, k: number): D {
  return fromFloat((2 / gamma) * Math.log1p(gamma / k));
}

export function avellanedaStoikov(x: SkewInputs): Skewed {
  const risk = x.gamma * x.sigma * x.sigma * Math.max(0, x.tau); // γσ²τ, a float64 input like σ itself
  return {
    reservation: x.q === 0 ? x.s : x.s.minus(fromFloat(x.q * risk)),
    spread: fromFloat(risk + (2 / x.gamma) * Math.log1p(x.gamma / x.k)),
  };
}

export function gueantLehalleFernandezTapia(x: SkewInputs): Skewed {
  const { gamma, k, sigma, arrivalA } = x;
  const omega = fromFloat(Math.sqrt(((sigma * sigma * gamma) / (2 * k * arrivalA)) * Math.pow(1 + gamma / k, 1 + k / gamma)));
  return {
    reservation: x.q === 0 ? x.s : x.s.minus(omega.times(x.q)),
    spread: arrivalSpread(gamma, k).plus(omega),
  };
}

export function skewed(model: SkewModel, x: SkewInputs): Skewed {
  return model === SkewModel.GUEANT_LEHALLE_FT ? gueantLehalleFernandezTapia(x) : avellanedaStoikov(x);
}

export interface WideningInputs {
  /** Reference price, price units. */
  s: D;
  baseHalfSpreadBps: number;
  /** σ of s, relative, per √hour. */
  sigmaRelPerSqrtHour: number;
  volMultiplier: number;
  volHorizonHours: number;
  trades: number;
  thinTrades: number;
  thinHalfSpreadBps: number;
}

/** Each part as a fraction of the price (float64), and their sum in price units (decimal). */
export interface Widening {
  baseFraction: number;
  volatilityFraction: number;
  thinFraction: number;
  total: D;
}

/**
 * Half-spread added on each side on top of the model: a fixed part, a
 * volatility part (σ over the horizon), and a thin-series part that falls
 * linearly from `thinHalfSpreadBps` at no trades to 0 at `thinTrades`.
 */
export function widening(x: WideningInputs): Widening {
  const baseFraction = x.baseHalfSpreadBps / 10_000;
  const volatilityFraction = x.volMultiplier * x.sigmaRelPerSqrtHour * Math.sqrt(Math.max(0, x.volHorizonHours));
  const thinShare = x.thinTrades <= 0 ? 0 : Math.max(0, 1 - x.trades / x.thinTrades);
  const thinFraction = (x.thinHalfSpreadBps / 10_000) * thinShare;
  const fraction = baseFraction + volatilityFraction + thinFraction;
  return { baseFraction, volatilityFraction, thinFraction, total: fraction === 0 ? ZERO : x.s.times(fromFloat(fraction)) };
}
