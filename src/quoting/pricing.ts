/**
 * The reference price of a series:
 *
 *   Price = BaseValue × FreshnessMultiplier × DemandPressure × ScarcityFactor
 *
 * Each factor is its own pure function (tested one by one); `referencePrice`
 * multiplies them in decimal.js and rounds to the series' tick only at the end.
 * Same inputs, same price. Formulas and parameters: docs/pricing.md.
 */
import { D, BPS, ONE, fromFloat } from './decimal.js';
import { FreshnessCurve, type QuotingParams } from './params.js';

/** What the pricing function needs to know about a series at one moment. */
export interface PricingInputs {
  segment: string;
  openAtMs: number;
  closeAtMs: number;
  /** EWMA velocities, rights per hour. */
  burnVelocity: number;
  mintVelocity: number;
  brokerSaleVelocity: number;
  brokerPurchaseVelocity: number;
  /** The broker's available rights in the segment's other live series (substitutes). */
  substituteInventory: number;
}

export interface SeriesTerms {
  tickMicros: number;
  minPriceMicros: number;
  maxPriceMicros: number;
}

/**
 * BaseValue in µPAT: the operator's value for the segment, scaled by its
 * quality score: base × (floor + (1 − floor) × quality). Cached per params
 * object and segment (params objects are never mutated: a change makes a new one).
 */
export function baseValue(params: QuotingParams, segment: string): D {
  let bySegment = baseValueCache.get(params);
  if (bySegment === undefined) {
    bySegment = new Map();
    baseValueCache.set(params, bySegment);
  }
  let value = bySegment.get(segment);
  if (value === undefined) {
    const base = params.baseValueMicros[segment] ?? params.defaultBaseValueMicros;
    const quality = params.quality[segment] ?? params.defaultQuality;
    const floor = new D(params.qualityFloor);
    value = new D(base).times(floor.plus(ONE.minus(floor).times(quality)));
    bySegment.set(segment, value);
  }
  return value;
}

const baseValueCache = new WeakMap<QuotingParams, Map<string, D>>();

/** Elapsed share of the window at `nowMs`, clamped into [0, 1]. */
export function elapsedShare(openAtMs: number, closeAtMs: number, nowMs: number): number {
  if (nowMs <= openAtMs) return 0;
  if (nowMs >= closeAtMs) return 1;
  return (nowMs - openAtMs) / (closeAtMs - openAtMs);
}

/**
 * FreshnessMultiplier at elapsed share u ∈ [0, 1]: `freshnessOpen` at u = 0
 * (premium), `freshnessClose` at u = 1 (discount).
 *   exponential:  F(u) = c + (o − c)·(e^(−λu) − e^(−λ)) / (1 − e^(−λ))
 *   piecewise:    linear through (0, o), (m, v), (1, c)
 */
export function freshnessMultiplier(params: QuotingParams, u: number): D {
  return fromFloat(freshnessValue(params, u));
}

/**
 * The three multipliers are dimensionless float64 values (exp and pow are
 * float64 anyway, see decimal.ts); `referencePrice` multiplies them and enters
 * the decimal price path once, as base value × factor.
 */
export function freshnessValue(params: QuotingParams, u: number): number {
  const share = Math.min(1, Math.max(0, u));
  const o = params.freshnessOpen;
  const c = params.freshnessClose;
  if (params.freshnessCurve === FreshnessCurve.PIECEWISE_LINEAR) {
    const m = params.freshnessMidPoint;
    const v = params.freshnessMidValue;
    return share <= m ? o + ((v - o) * share) / m : v + ((c - v) * (share - m)) / (1 - m);
  }
  const lambda = params.freshnessDecay;
  const tail = Math.exp(-lambda);
  return c + ((o - c) * (Math.exp(-lambda * share) - tail)) / (1 - tail);
}

/**
 * DemandPressure: consumption velocity (burns + broker sales) against supply
 * velocity (mints + broker purchases), ((C + ε)/(S + ε))^β, bounded to [min, max].
 * Faster clearing than supply raises the price; slower lowers it.
 */
export function demandPressure(params: QuotingParams, consumptionVelocity: number, supplyVelocity: number): D {
  return fromFloat(demandValue(params, consumptionVelocity, supplyVelocity));
}

export function demandValue(params: QuotingParams, consumptionVelocity: number, supplyVelocity: number): number {
  const eps = params.velocityEpsilon;
  const ratio = (Math.max(0, consumptionVelocity) + eps) / (Math.max(0, supplyVelocity) + eps);
  return Math.min(params.demandMax, Math.max(params.demandMin, Math.pow(ratio, params.demandExponent)));
}

/**
 * ScarcityFactor: burn rate against mint rate, ((B + ε)/(M + ε))^(η·w), with the
 * substitute damping w = κ/(κ + I_sub): the more rights the broker holds in
 * neighbouring series of the segment, the closer the factor is to 1. Bounded.
 */
export function scarcityFactor(params: QuotingParams, burnVelocity: number, mintVelocity: number, substituteInventory: number): D {
  return fromFloat(scarcityValue(params, burnVelocity, mintVelocity, substituteInventory));
}

export function scarcityValue(params: QuotingParams, burnVelocity: number, mintVelocity: number, substituteInventory: number): number {
  const eps = params.velocityEpsilon;
  const ratio = (Math.max(0, burnVelocity) + eps) / (Math.max(0, mintVelocity) + eps);
  const kappa = params.substituteScale;
  const damping = kappa / (kappa + Math.max(0, substituteInventory));
  return Math.min(params.scarcityMax, Math.max(params.scarcityMin, Math.pow(ratio, params.scarcityExponent * damping)));
}

export interface ReferencePrice {
  /** Unrounded, µPAT: baseValue × (freshness × demand × scarcity). */
  exactMicros: D;
  /** Rounded to the tick (half-even) and clamped to the series' price limits. */
  priceMicros: number;
  baseValueMicros: D;
  freshness: number;
  demand: number;
  scarcity: number;
}

export function referencePrice(params: QuotingParams, inputs: PricingInputs, terms: SeriesTerms, nowMs: number): ReferencePrice {
  const base = baseValue(params, inputs.segment);
  const freshness = freshnessValue(params, elapsedShare(inputs.openAtMs, inputs.closeAtMs, nowMs));
  const demand = demandValue(params, inputs.burnVelocity + inputs.brokerSaleVelocity, inputs.mintVelocity + inputs.brokerPurchaseVelocity);
  const scarcity = scarcityValue(params, inputs.burnVelocity, inputs.mintVelocity, inputs.substituteInventory);
  const exact = base.times(fromFloat(freshness * demand * scarcity));
  return { exactMicros: exact, priceMicros: roundToTick(exact, terms), baseValueMicros: base, freshness, demand, scarcity };
}

/** Nearest tick (half-even), clamped into the series' limits. */
export function roundToTick(micros: D, terms: SeriesTerms): number {
  const ticks = micros.div(terms.tickMicros).toDecimalPlaces(0, D.ROUND_HALF_EVEN).toNumber();
  return Math.min(terms.maxPriceMicros, Math.max(terms.minPriceMicros, ticks * terms.tickMicros));
}

/** bps as a Decimal fraction (50 → 0.005). */
export function bpsFraction(bps: number): D {
  return new D(bps).div(BPS);
}
