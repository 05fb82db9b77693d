/**
 * Pricing and quoting parameters, as one typed object. Every field has a flat
 * operator name (`quoting.gamma`, `quoting.baseValueMicros:AUTO_INTENT`) in the
 * parameter registry (src/risk/params.ts), which bounds it; operator changes
 * are journaled SET_PARAM commands and `quotingParamsFrom` rebuilds this object
 * from the journaled values over the configured defaults.
 */

/** Freshness curve over the window: exponential decay, or piecewise-linear through three points. */
export const FreshnessCurve = { EXPONENTIAL: 0, PIECEWISE_LINEAR: 1 } as const;
export type FreshnessCurve = (typeof FreshnessCurve)[keyof typeof FreshnessCurve];

/** Which inventory-skew model sets the reservation price and the model spread. */
export const SkewModel = { AVELLANEDA_STOIKOV: 0, GUEANT_LEHALLE_FT: 1 } as const;
export type SkewModel = (typeof SkewModel)[keyof typeof SkewModel];

export interface QuotingParams {
  // ---- Segment value (docs/pricing.md, "Segment value")
  /** Operator base value per segment, µPAT; `defaultBaseValueMicros` for segments not listed. An override resets the segment's learned value. */
  baseValueMicros: Record<string, number>;
  defaultBaseValueMicros: number;
  /** Operator's quality score per segment in [0, 1]: overrides the catalog's trust score. */
  quality: Record<string, number>;
  /** The catalog's trust score per segment in [0, 1] (journaled by the catalog, src/catalog/). */
  trust: Record<string, number>;
  defaultQuality: number;
  /** Prior = base × (qualityFloor + (1 − qualityFloor) × quality): a zero-quality segment keeps this share. */
  qualityFloor: number;
  /** Weight of the prior against the segment's traded rights (rights): value = (prior·Q₀ + Σq·obs)/(Q₀ + Σq). */
  segmentPriorQty: number;
  /** Half-life of the traded rights in the segment value, ms. */
  segmentHalfLifeMs: number;
  // ---- Contract terms: a wider window or a higher confidence band is worth more
  /** Window the segment value is quoted for, ms (7 days). */
  refWindowMs: number;
  /** WindowFactor = (window / refWindow)^windowExponent. */
  windowExponent: number;
  /** Confidence band midpoint the segment value is quoted for, bps (0.775). */
  refConfidenceBps: number;
  /** BandFactor = (band midpoint / refConfidence)^confidenceExponent. */
  confidenceExponent: number;
  // ---- FreshnessMultiplier, u = elapsed share of the window in [0, 1]
  freshnessCurve: FreshnessCurve;
  /** Multiplier at the window's open (premium) and at its close (discount). */
  freshnessOpen: number;
  freshnessClose: number;
  /** Exponential curve: decay rate λ over the window. */
  freshnessDecay: number;
  /** Piecewise-linear curve: the middle point (u, value) between (0, open) and (1, close). */
  freshnessMidPoint: number;
  freshnessMidValue: number;
  // ---- Trade anchor
  /** Half-life of the series' traded rights in its VWAP anchor, ms. */
  anchorHalfLifeMs: number;
  /** Half-life of the anchor's weight (its traded rights) against the model, ms: a series that stops trading keeps its trade-anchored level this long. */
  anchorHoldMs: number;
  /** One account's recent rights at which its trades count half in the anchor and segment value (0 = no cap). */
  anchorAccountQty: number;
  /** A side of the broker's quote standing this long without a fill starts the stale-side drift, ms. */
  staleSideMs: number;
  /** The drift's pace, bps of the anchor an hour, and how far from the last trade's level it may take it, bps. */
  staleDriftBpsPerHour: number;
  staleDriftMaxBps: number;
  /** Share of the standing quote's offset from the reference (its skew and carry) taken out of a trade before it joins the anchor (1 = all). */
  anchorSkewShare: number;
  /** Share of the same offset whose move leaves the returns σ counts whole (0 = the price as traded); the bounds and the jumps read the price as traded. */
  volSkewShare: number;
  /** Share of the offset's move taken off what the bounds set aside as a jump (0 = none): the broker's own skew is no jump. */
  jumpHoldShare: number;
  /** Traded rights at which the anchor and the model weigh the same (rights). */
  anchorQty: number;
  /** A trade's price counts at most this far from the reference (bps): bounds what one trade can do. */
  tradeClampBps: number;
  // ---- Flow: consumption (burns) against supply (mints), counted once
  /** Half-life of the mint and burn rates (rights per hour), ms. */
  velocityHalfLifeMs: number;
  /** Rate added to the imbalance's denominator (rights/h): a small flow moves the price a little. */
  velocityEpsilon: number;
  /** FlowFactor = exp(flowSensitivity × damping × (B − M)/(B + M + ε)): its bound, as a log. */
  flowSensitivity: number;
  /** Substitute inventory at which the flow's effect is halved (rights). */
  substituteScale: number;
  // ---- Seats: subscribers' use of a segment's seats (docs/pricing.md, "SeatFactor")
  /** SeatFactor = exp(seatSensitivity × max(0, (use − seatKnee)/(1 − seatKnee))): its bound, as a log (0 = off). */
  seatSensitivity: number;
  /** Seat use (taken / seats) from which the seat factor rises. */
  seatKnee: number;
  // ---- Spread
  /** Fixed half-spread, bps of the reference price. */
  baseHalfSpreadBps: number;
  /** Volatility widening: half-spread += volMultiplier × σ × √(volHorizonMs in hours). */
  volMultiplier: number;
  volHorizonMs: number;
  /** Half-life of the realized variance, ms. */
  volHalfLifeMs: number;
  /** Length of one σ sample: the VWAP of trades in each such interval is one mark, ms. */
  volSampleMs: number;
  /** σ for a series with no samples (bps per √hour), unless its segment has some. */
  volPriorBps: number;
  /** Returns the prior σ weighs as against a series' own (it takes over again as they decay). */
  volPriorWeight: number;
  /** λ₀: jumps per hour of a series with no evidence of its own (the jumps its σ's bounds set aside; docs/pricing.md, "Jumps"). */
  jumpPriorPerHour: number;
  /** √E[J²] of the prior's jumps, bps of the price. */
  jumpPriorSizeBps: number;
  /** Hours of returns the jump prior weighs as against a series' own. */
  jumpPriorHours: number;
  /** Jump widening: half-spread += jumpMultiplier × √(λ·E[J²] × volHorizonMs in hours), at most maxJumpHalfSpreadBps. */
  jumpMultiplier: number;
  maxJumpHalfSpreadBps: number;
  /**
   * The spot widening's own decay of a series' jump evidence: ΣJ² weighs 2^(−age/this) in the spread, age = time since
   * the last jump step, on top of σ's half-life; the options keep it whole (docs/pricing.md, "Jumps"). 0: no extra decay.
   */
  jumpSpreadHalfLifeMs: number;
  /** Half-life of the recent trade count (trades per hour), ms. */
  activityHalfLifeMs: number;
  /** Trades per hour below which a series is thin. */
  thinTradesPerHour: number;
  /** Thin-series widening at no recent trades, bps of the price, falling linearly to 0 at `thinTradesPerHour`. */
  thinHalfSpreadBps: number;
  // ---- Skew and the model spread, per unit of the reference price
  skewModel: SkewModel;
  /** Risk aversion γ, per unit of the reference price (γ per PAT = gamma / s). */
  gamma: number;
  /** Prior of the order-arrival decay k, per unit of the reference price (k per PAT = k / s); fills calibrate it. */
  k: number;
  /** Prior of the arrival intensity A at δ = 0, fills per model time unit (GLFT); fills calibrate it. */
  arrivalA: number;
  /** Model time unit in ms: T − t is the window's remaining time in this unit. */
  modelTimeUnitMs: number;
  /** Share of the model's markup (2/γ)·ln(1 + γ/k) the broker charges: 1 = the monopolist's spread for the measured demand. */
  markupShare: number;
  /** The skew aims at this many hours of the broker's sales as inventory (not at zero: it cannot sell short). */
  inventoryTargetHours: number;
  /** Prior of the rights per model unit of q; the broker's observed fill size replaces it. */
  inventoryUnit: number;
  /** Half-life of the fill-intensity observations, ms. */
  intensityHalfLifeMs: number;
  /** Width of one quote-distance bucket of the intensity fit, bps. */
  intensityBucketBps: number;
  /** Floor of the calibrated k (per unit of s): when fills stop the fit flattens, and the markup (2/γ)ln(1 + γ/k) is bounded by this. */
  kMin: number;
  /** Fills the prior k weighs as against the fit: k = (n·k̂ + n₀·k₀)/(n + n₀). */
  intensityPriorFills: number;
  /** Bounds that hold whatever σ does: |r − s| ≤ s·maxSkewBps, half-spread ≤ s·maxHalfSpreadBps. */
  maxSkewBps: number;
  maxHalfSpreadBps: number;
  // ---- Expiring inventory and cost
  /** 1: the expiry rule (sell down what cannot be sold in time; buy no more than can be); 0: off. */
  expiryRule: number;
  /** Prior of the broker's sale and purchase rates per quoted hour (rights/h) in a segment with no history; a series' prior is its segment's pooled rate. */
  saleRatePriorPerHour: number;
  /** Half-life of the sales, purchases and quoted hours behind the rates, ms. */
  rateHalfLifeMs: number;
  /** Quoted hours the prior rate weighs as against a series' own: rate = (sold + r₀·h₀)/(quoted hours + h₀). */
  ratePriorHours: number;
  /**
   * Share of what live subscriptions are still to buy in a spot window (what they can pay for at the ask,
   * within their caps) that the sale rate counts on (docs/pricing.md, "Subscribed demand"); 0 = off.
   */
  subscribedDemandShare: number;
  /** Bids stop once inventory reaches this share of the rights it expects to sell before the close. */
  expirySellThrough: number;
  /** Largest expiry discount of the ask below the reference, bps. */
  maxExpiryDiscountBps: number;
  /**
   * The model skew's horizon on a spot series is at least this share of its window (A–S's τ, the time to the close,
   * otherwise vanishes on the window's last day; docs/pricing.md, "The skew's horizon"); 0 = A–S's τ.
   */
  skewHorizonShare: number;
  /** The least share of its window's long limit (risk.brokerMaxLongWindow) a spot series gets; the rest goes by sale rate. */
  windowShareFloor: number;
  /** 1: never ask below the inventory's average cost unless the expiry rule says so; 0: off. */
  costFloor: number;
  /** The cost floor holds only while the cost is at most this far above the reference, bps: beyond, the market has moved on. */
  costFloorMaxBps: number;
  // ---- Synthetics (docs/pricing.md, "Synthetics")
  /** Extra half-spread of a synthetic for the index's uncertainty: this share of its forecast's log sd at the close (σ × √(hours left) without one), as a fraction of the price. */
  syntheticVolShare: number;
  /** Share of the broker's free PAT (plus what its quotes in the series hold) one synthetic's two ladders may hold as initial margin. */
  syntheticMarginShare: number;
  // ---- Options (docs/pricing.md, "Options")
  /** σ₀: the prior annual volatility of a settlement index (0.8 = 80%), blended with the spot's annualised σ. */
  optionVolPrior: number;
  /** Weight of σ₀ in the option σ's variance blend: σ² = (1 − w)·(σ_hour·√8760)² + w·σ₀². */
  optionVolPriorShare: number;
  /** Half-spread of an option in volatility: vega × this (0.05 = 5 vol points), floored at optionMinHalfSpreadTicks. */
  optionVolSpread: number;
  /** The half-spread's floor, in ticks of the option series. */
  optionMinHalfSpreadTicks: number;
  /**
   * Jump gap: an option's half-spread adds this × |delta| × F × P(a jump within the horizon) × the jump's size
   * (1 − e^(−λh), h = min(optionJumpGapHorizonMs, time to the close); √E[J²]; the spot's jump estimate): what a
   * trader who knows a coming jump's sign takes off a quote that priced its variance only (docs/pricing.md, "The jump gap").
   */
  optionJumpGapMultiplier: number;
  /** How far ahead a jump's sign may be known (an hour: the informed flow's horizon the hard day models). */
  optionJumpGapHorizonMs: number;
  /** Share of the broker's free PAT (plus what its quotes in the series hold) one option's two ladders may use: premium of the bids, writing margin of the asks. */
  optionBudgetShare: number;
  // ---- Ladder
  levels: number;
  levelStepTicks: number;
  /** Size of the first level (rights); level i has levelQty × levelGrowth^i. */
  levelQty: number;
  levelGrowth: number;
  // ---- Service
  /** Timer: every series is requoted at least this often. */
  intervalMs: number;
  /** At most this many mass quotes are submitted per timer turn (the rest wait: order flow first). */
  maxQuotesPerTurn: number;
  /** A series is requoted on events no more often than this. */
  minRequoteMs: number;
}

export const DEFAULT_QUOTING_PARAMS: QuotingParams = {
  baseValueMicros: {},
  defaultBaseValueMicros: 1_000_000,
  quality: {},
  trust: {},
  defaultQuality: 0.8,
  qualityFloor: 0.5,
  segmentPriorQty: 100,
  segmentHalfLifeMs: 86_400_000,
  refWindowMs: 604_800_000,
  windowExponent: 0.5,
  refConfidenceBps: 7_750,
  confidenceExponent: 1.5,
  freshnessCurve: FreshnessCurve.EXPONENTIAL,
  freshnessOpen: 1.2,
  freshnessClose: 0.6,
  freshnessDecay: 2,
  freshnessMidPoint: 0.5,
  freshnessMidValue: 1,
  anchorHalfLifeMs: 300_000,
  anchorHoldMs: 21_600_000,
  anchorAccountQty: 20,
  staleSideMs: 900_000,
  staleDriftBpsPerHour: 2_000,
  staleDriftMaxBps: 2_500,
  anchorSkewShare: 0.75,
  volSkewShare: 0.4,
  jumpHoldShare: 1,
  anchorQty: 20,
  tradeClampBps: 1_000,
  velocityHalfLifeMs: 3_600_000,
  velocityEpsilon: 50,
  flowSensitivity: 0.04,
  substituteScale: 100,
  seatSensitivity: 0.05,
  seatKnee: 0.5,
  baseHalfSpreadBps: 25,
  volMultiplier: 1,
  volHorizonMs: 900_000,
  volHalfLifeMs: 43_200_000,
  volSampleMs: 1_200_000,
  volPriorBps: 150,
  volPriorWeight: 6,
  jumpPriorPerHour: 0.04,
  jumpPriorSizeBps: 300,
  jumpPriorHours: 6,
  jumpMultiplier: 1,
  maxJumpHalfSpreadBps: 500,
  jumpSpreadHalfLifeMs: 21_600_000,
  activityHalfLifeMs: 21_600_000,
  thinTradesPerHour: 6,
  thinHalfSpreadBps: 100,
  skewModel: SkewModel.AVELLANEDA_STOIKOV,
  gamma: 0.15,
  k: 40,
  arrivalA: 140,
  modelTimeUnitMs: 86_400_000,
  markupShare: 0.5,
  inventoryTargetHours: 0.5,
  inventoryUnit: 5,
  intensityHalfLifeMs: 86_400_000,
  intensityBucketBps: 50,
  kMin: 20,
  intensityPriorFills: 30,
  maxSkewBps: 500,
  maxHalfSpreadBps: 2_000,
  expiryRule: 1,
  saleRatePriorPerHour: 30,
  rateHalfLifeMs: 21_600_000,
  ratePriorHours: 1,
  subscribedDemandShare: 1,
  expirySellThrough: 0.8,
  maxExpiryDiscountBps: 5_000,
  windowShareFloor: 0.1,
  skewHorizonShare: 0.5,
  costFloor: 1,
  costFloorMaxBps: 500,
  syntheticVolShare: 0.25,
  syntheticMarginShare: 0.25,
  optionVolPrior: 1.4,
  optionVolPriorShare: 0.25,
  optionVolSpread: 0.05,
  optionMinHalfSpreadTicks: 1,
  optionJumpGapMultiplier: 1,
  optionJumpGapHorizonMs: 3_600_000,
  optionBudgetShare: 0.05,
  levels: 3,
  levelStepTicks: 5,
  levelQty: 10,
  levelGrowth: 2,
  intervalMs: 1_000,
  maxQuotesPerTurn: 256,
  minRequoteMs: 100,
};

/** The segment-keyed fields: a flat name `quoting.<field>:<SEGMENT>` sets one segment. */
export const SEGMENT_FIELDS = ['baseValueMicros', 'quality', 'trust'] as const;
export type SegmentField = (typeof SEGMENT_FIELDS)[number];

export type ScalarField = Exclude<keyof QuotingParams, SegmentField>;

/**
 * Applies one flat parameter (`quoting.<field>` or `quoting.<field>:<SEGMENT>`)
 * to a copy of `params`. Names that are not quoting parameters are ignored
 * (returns `params` unchanged); bounds are the registry's job.
 */
export function withQuotingParam(params: QuotingParams, name: string, value: number): QuotingParams {
  if (!name.startsWith('quoting.')) return params;
  const rest = name.slice('quoting.'.length);
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const field = rest.slice(0, colon) as SegmentField;
    if (!(SEGMENT_FIELDS as readonly string[]).includes(field)) return params;
    return { ...params, [field]: { ...params[field], [rest.slice(colon + 1)]: value } };
  }
  if (!(rest in params) || (SEGMENT_FIELDS as readonly string[]).includes(rest)) return params;
  return { ...params, [rest]: value };
}

/** `base` with every quoting entry of `values` applied, in order. */
export function quotingParamsFrom(base: QuotingParams, values: Iterable<[string, number]>): QuotingParams {
  let p = base;
  for (const [name, value] of values) p = withQuotingParam(p, name, value);
  return p;
}

/** Flat view of the params: every scalar as `quoting.<field>`, every segment entry as `quoting.<field>:<SEG>`. */
export function flattenQuotingParams(params: QuotingParams): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [field, value] of Object.entries(params)) {
    if (typeof value === 'number') out[`quoting.${field}`] = value;
    else for (const [segment, v] of Object.entries(value as Record<string, number>)) out[`quoting.${field}:${segment}`] = v;
  }
  return out;
}
