/**
 * The reference price of a series: the quoter's fair value, anchored to
 * trades when there are any and to a model when there are none.
 *
 *   model  = SegmentValue × Freshness × WindowFactor × BandFactor × FlowFactor × SeatFactor
 *   anchor = (freshness-normalized VWAP of the series' recent trades) × Freshness
 *   price  = w·anchor + (1 − w)·model,   w = Q/(Q + anchorQty), Q = recent traded rights
 *
 * Each factor is its own pure function (tested one by one). Same inputs, same
 * price; rounded to the series' tick only at the end. Formulas, units and a
 * worked example: docs/pricing.md.
 */
import { type D, fromFloat } from './decimal.js';
import { FreshnessCurve, type QuotingParams } from './params.js';

/** What the pricing function needs to know about a series at one moment. */
export interface PricingInputs {
  segment: string;
  openAtMs: number;
  closeAtMs: number;
  windowMs: number;
  confidenceLoBps: number;
  confidenceHiBps: number;
  /** WindowFactor × BandFactor when the caller has it cached; computed from the three fields above otherwise. */
  contractFactor?: number;
  /** The quoter's value of the segment for the reference window and band at freshness 1, µPAT. */
  segmentValueMicros: number;
  /** The series' trade anchor: freshness-normalized VWAP of recent trades (µPAT) and their decayed quantity (rights). */
  anchorMicros: number;
  anchorQty: number;
  /** External flow, rights per hour: consumers' exercises (burns) and providers' mints. */
  burnRate: number;
  mintRate: number;
  /** The broker's available rights in the segment's other live series (substitutes). */
  substituteInventory: number;
  /** Seats of the segment taken by subscriptions, as a share of those its listings offer (0..1); absent or 0: no limit or none taken. */
  seatUse?: number;
}

export interface SeriesTerms {
  tickMicros: number;
  minPriceMicros: number;
  maxPriceMicros: number;
}

/**
 * The operator's value of a segment in µPAT, scaled by its quality score:
 * base × (floor + (1 − floor) × quality). The prior of the segment value. The
 * quality score is the operator's override when set, else the catalog's trust
 * score of the segment's published listings, else the default.
 */
export function segmentPrior(params: QuotingParams, segment: string): number {
  const base = params.baseValueMicros[segment] ?? params.defaultBaseValueMicros;
  const quality = params.quality[segment] ?? params.trust[segment] ?? params.defaultQuality;
  return base * (params.qualityFloor + (1 - params.qualityFloor) * quality);
}

/** WindowFactor = (window / refWindow)^windowExponent: a longer window is worth more, less than proportionally. */
export function windowFactor(params: QuotingParams, windowMs: number): number {
  return Math.pow(windowMs / params.refWindowMs, params.windowExponent);
}

/** BandFactor = (band midpoint / refConfidence)^confidenceExponent: a higher-confidence band is worth more. */
export function bandFactor(params: QuotingParams, loBps: number, hiBps: number): number {
  return Math.pow((loBps + hiBps) / 2 / params.refConfidenceBps, params.confidenceExponent);
}

/** WindowFactor × BandFactor: what turns the segment value into this contract's value. */
export function contractFactor(params: QuotingParams, windowMs: number, loBps: number, hiBps: number): number {
  return windowFactor(params, windowMs) * bandFactor(params, loBps, hiBps);
}

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

/** The same as a float64 (the factors are dimensionless float64 values: exp and pow are float64 anyway, see decimal.ts). */
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
 * FlowFactor = exp(S × w × (B − M)/(B + M + ε)), B = burn rate, M = mint rate
 * (rights/h), w = κ/(κ + substitute inventory). Consumption faster than supply
 * raises the price, slower lowers it; the factor stays within e^(±S) whatever
 * the flow, and one event of q rights moves the log by at most
 * S·x/(x + ε) with x = q·ln2/h (its jump in the rate). Each flow counts once;
 * the broker's own fills are not flow.
 */
export function flowFactor(params: QuotingParams, burnRate: number, mintRate: number, substituteInventory: number): number {
  const b = Math.max(0, burnRate);
  const m = Math.max(0, mintRate);
  const imbalance = (b - m) / (b + m + params.velocityEpsilon);
  const damping = params.substituteScale / (params.substituteScale + Math.max(0, substituteInventory));
  return Math.exp(params.flowSensitivity * damping * imbalance);
}

/**
 * SeatFactor = exp(seatSensitivity × max(0, (use − knee)/(1 − knee))), use = seats taken / seats
 * offered (docs/pricing.md, "SeatFactor"): a segment whose listings can serve few more subscribers
 * is scarce, so its price rises as its seats fill, from the knee (half of them taken) to at most
 * e^seatSensitivity (+5%) with every seat taken. Exactly 1 below the knee and without a seat limit.
 */
export function seatFactor(params: QuotingParams, seatUse: number): number {
  const use = Math.min(1, Math.max(0, seatUse));
  if (!(use > params.seatKnee)) return 1;
  return Math.exp((params.seatSensitivity * (use - params.seatKnee)) / (1 - params.seatKnee));
}

export interface ReferencePrice {
  /** Unrounded, µPAT (a float64 product of float64 factors). */
  exactMicros: number;
  /** Rounded to the tick (half-even) and clamped to the series' price limits. */
  priceMicros: number;
  /** The model part, µPAT, and its factors. */
  modelMicros: number;
  segmentValueMicros: number;
  freshness: number;
  contract: number;
  flow: number;
  /** SeatFactor (1: no seat limit, or its seats less than seatKnee taken). */
  seats: number;
  /** The anchor part (µPAT, 0 without trades) and its weight w. */
  anchorMicros: number;
  anchorWeight: number;
}

export function referencePrice(params: QuotingParams, inputs: PricingInputs, terms: SeriesTerms, nowMs: number): ReferencePrice {
  const freshness = freshnessValue(params, elapsedShare(inputs.openAtMs, inputs.closeAtMs, nowMs));
  const contract = inputs.contractFactor ?? contractFactor(params, inputs.windowMs, inputs.confidenceLoBps, inputs.confidenceHiBps);
  const flow = flowFactor(params, inputs.burnRate, inputs.mintRate, inputs.substituteInventory);
  const seats = seatFactor(params, inputs.seatUse ?? 0);
  // × 1 without a seat limit: the same bits as before seats existed.
  const model = inputs.segmentValueMicros * freshness * contract * flow * seats;
  const q = inputs.anchorMicros > 0 ? Math.max(0, inputs.anchorQty) : 0;
  const weight = q / (q + params.anchorQty);
  const anchor = inputs.anchorMicros * freshness;
  const exact = weight * anchor + (1 - weight) * model;
  if (!Number.isFinite(exact)) throw new RangeError(`non-finite reference price ${exact} (segment ${inputs.segment})`);
  return {
    exactMicros: exact,
    priceMicros: roundFloatToTick(exact, terms),
    modelMicros: model,
    segmentValueMicros: inputs.segmentValueMicros,
    freshness,
    contract,
    flow,
    seats,
    anchorMicros: weight > 0 ? anchor : 0,
    anchorWeight: weight,
  };
}

/**
 * The model's expectation of a window's settlement index, before anything of its hour is
 * known (docs/pricing.md, "Synthetics"): the parts the views publish. The quoter's fair value
 * is the index forecast's mean (src/quoting/index-forecast.ts), which starts from the broker's
 * book and the engine's samples. The index is the time-weighted mid of the broker's spot quotes at the
 * sample instants close − k·sampleEveryMs (k = 0 … n − 1, n = periodMs / sampleEveryMs),
 * and the broker quotes around its spot reference, so the expected index is the spot
 * series' reference price evaluated at those instants and averaged (the spot's pricing
 * inputs as they stand now: segment value, anchor, flow). The price is linear in the
 * freshness (model and anchor both carry it as a factor), so this is the spot reference
 * at the close scaled by the mean freshness over the instants over the freshness at the
 * close: one `referencePrice` and n freshness values. For a window much longer than the
 * period this is the reference at the close (7D: within 0.1%); for an hourly window the
 * period is the whole window, and the mean sits far above the close's value.
 */
export function expectedIndexPrice(params: QuotingParams, spot: PricingInputs, terms: SeriesTerms, periodMs: number, sampleEveryMs: number): ReferencePrice {
  const atClose = referencePrice(params, spot, terms, spot.closeAtMs);
  const n = Math.max(1, Math.floor(periodMs / sampleEveryMs));
  let sum = 0;
  for (let k = 0; k < n; k++) sum += freshnessValue(params, elapsedShare(spot.openAtMs, spot.closeAtMs, spot.closeAtMs - k * sampleEveryMs));
  const freshness = sum / n;
  const scale = atClose.freshness > 0 ? freshness / atClose.freshness : 1;
  const exact = atClose.exactMicros * scale;
  if (!Number.isFinite(exact)) throw new RangeError(`non-finite expected index ${exact} (segment ${spot.segment})`);
  return {
    ...atClose,
    exactMicros: exact,
    priceMicros: roundFloatToTick(exact, terms),
    modelMicros: atClose.modelMicros * scale,
    anchorMicros: atClose.anchorMicros * scale,
    freshness,
  };
}

/**
 * Nearest tick (half-even), clamped into the series' limits, of a float64 price. The
 * reference is a product of float64 factors, so a decimal division would add cost,
 * not exactness (a 1,000-series repricing must fit in 10 ms); ties are decided the same way.
 */
export function roundFloatToTick(micros: number, terms: SeriesTerms): number {
  const x = micros / terms.tickMicros;
  const lower = Math.floor(x);
  const diff = x - lower;
  const ticks = diff > 0.5 || (diff === 0.5 && lower % 2 !== 0) ? lower + 1 : lower;
  return Math.min(terms.maxPriceMicros, Math.max(terms.minPriceMicros, ticks * terms.tickMicros));
}
