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
  // ---- BaseValue
  /** Operator base value per segment, µPAT; `defaultBaseValueMicros` for segments not listed. */
  baseValueMicros: Record<string, number>;
  defaultBaseValueMicros: number;
  /** Quality score per segment in [0, 1] (the catalog fills it); `defaultQuality` otherwise. */
  quality: Record<string, number>;
  defaultQuality: number;
  /** BaseValue = base × (qualityFloor + (1 − qualityFloor) × quality): a zero-quality segment keeps this share. */
  qualityFloor: number;
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
  // ---- DemandPressure and ScarcityFactor
  /** Half-life of the EWMA velocities (rights per hour), ms. */
  velocityHalfLifeMs: number;
  /** Velocity added to both sides of each ratio so empty series price at 1. */
  velocityEpsilon: number;
  demandExponent: number;
  demandMin: number;
  demandMax: number;
  scarcityExponent: number;
  /** Substitute inventory at which scarcity's exponent is halved. */
  substituteScale: number;
  scarcityMin: number;
  scarcityMax: number;
  // ---- Spread
  /** Fixed half-spread, bps of the reference price. */
  baseHalfSpreadBps: number;
  /** Volatility widening: half-spread += volMultiplier × σ(price) × √(volHorizonMs in hours). */
  volMultiplier: number;
  volHorizonMs: number;
  /** Half-life of the EWMA variance of reference-price log returns, ms. */
  volHalfLifeMs: number;
  /** Floor of σ (relative, per √hour, bps) for series with few observations. */
  volFloorBps: number;
  /** Observations below which a series is "thin" for the σ floor and the thin widening. */
  thinTrades: number;
  /** Thin-series widening at zero trades, bps of the price, falling linearly to 0 at `thinTrades`. */
  thinHalfSpreadBps: number;
  // ---- Skew
  skewModel: SkewModel;
  /** Risk aversion γ (per PAT). */
  gamma: number;
  /** Order-arrival decay k (per PAT) and intensity A (per model time unit), Λ(δ) = A·e^(−kδ). */
  k: number;
  arrivalA: number;
  /** Model time unit in ms: T − t is the window's remaining time in this unit. */
  modelTimeUnitMs: number;
  /** Inventory (rights) per model unit of q. */
  inventoryUnit: number;
  /** Bounds that hold whatever σ does: |r − s| ≤ s·maxSkewBps, half-spread ≤ s·maxHalfSpreadBps. */
  maxSkewBps: number;
  maxHalfSpreadBps: number;
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
  defaultQuality: 0.8,
  qualityFloor: 0.5,
  freshnessCurve: FreshnessCurve.EXPONENTIAL,
  freshnessOpen: 1.2,
  freshnessClose: 0.6,
  freshnessDecay: 2,
  freshnessMidPoint: 0.5,
  freshnessMidValue: 1,
  velocityHalfLifeMs: 3_600_000,
  velocityEpsilon: 1,
  demandExponent: 0.25,
  demandMin: 0.7,
  demandMax: 1.5,
  scarcityExponent: 0.2,
  substituteScale: 100,
  scarcityMin: 0.8,
  scarcityMax: 1.25,
  baseHalfSpreadBps: 50,
  volMultiplier: 1,
  volHorizonMs: 3_600_000,
  volHalfLifeMs: 3_600_000,
  volFloorBps: 50,
  thinTrades: 20,
  thinHalfSpreadBps: 100,
  skewModel: SkewModel.AVELLANEDA_STOIKOV,
  gamma: 10,
  k: 200,
  arrivalA: 140,
  modelTimeUnitMs: 86_400_000,
  inventoryUnit: 100,
  maxSkewBps: 500,
  maxHalfSpreadBps: 2_000,
  levels: 3,
  levelStepTicks: 5,
  levelQty: 10,
  levelGrowth: 2,
  intervalMs: 1_000,
  maxQuotesPerTurn: 256,
  minRequoteMs: 100,
};

/** The segment-keyed fields: a flat name `quoting.<field>:<SEGMENT>` sets one segment. */
export const SEGMENT_FIELDS = ['baseValueMicros', 'quality'] as const;
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
