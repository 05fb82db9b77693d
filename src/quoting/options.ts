/**
 * The broker's quote in a CALL or PUT series (phase 4; docs/pricing.md, "Options"). Pure:
 * the service (src/quoting/service.ts, `computeOption`) gathers the inputs from the
 * estimates and the engine.
 *
 * - F: the expected settlement index of the option's window (the index forecast's mean,
 *   src/quoting/index-forecast.ts, the synthetic's fair value), unrounded, µPAT.
 * - σ_market: annual, from the spot series' σ per √hour and its jump variance λ·E[J²] per hour
 *   (the jumps σ's bounds set aside, src/quoting/estimators.ts `jumpEstimate`): the effective
 *   variance σ_hour² + λE[J²] (a jump-diffusion's variance; Black-76 on it matches Merton's
 *   model in its second moment), σ² = (1 − w)·(σ_eff·√8760)² + w·σ₀²
 *   (w = `optionVolPriorShare`, σ₀ = `optionVolPrior`). The index forecast's paths walk with the
 *   diffusion's σ (blended the same way); the jumps join Black-76's variance beside its
 *   Var(ln index): (1 − w)·λE[J²]·(hours to the close) (`optionJumpLogVariance`; compensated
 *   jumps move the index's spread, not its mean). With the forecast's Var(ln index),
 *   Black-76 takes σ = √(Var / T), which near the close covers the index's own uncertainty.
 * - T: years (ACT/365) to the window's close; Black-76 with D = 1.
 * - Half-spread: vega × `optionVolSpread` × σ / σ_market, at least `optionMinHalfSpreadTicks` ticks,
 *   plus |delta| × the forecast's own error in F, plus the jump gap (`optionJumpGapMicros`).
 * - Skew: by the broker's delta-equivalent position in the option, qΔ = position × delta
 *   (index units): the index's Avellaneda–Stoikov skew of qΔ (γ·σ_day²·τ·F per fill-size
 *   unit, capped at `maxSkewBps` of F), passed back through delta, so the option's
 *   reservation is V − delta × skew(qΔ) (long: lower, short: higher, for calls and puts).
 * - Sizes: the usual ladder, cut so the bids' premium and the asks' writing margin (the
 *   engine's rule, `optionWriteMarginPerUnitMicros`) fit the budget; asks that close a
 *   long need no margin, as the engine counts them.
 */
import { black76Greeks, OptionRight, YEAR_MS } from '../option-pricing/black76.js';
import type { QuotingParams } from './params.js';
import type { ReferencePrice } from './pricing.js';
import { roundFloatToTick } from './pricing.js';
import { ladder, QuoteReason, withinBudget, type Quote, type QuoteTerms } from './quote.js';
import { bandEdgesMicros } from '../risk/checks.js';
import { bpsCeil } from '../engine/index.js';

/** Hours in a year (ACT/365): σ_annual = σ_hour × √8760. */
export const HOURS_PER_YEAR = 8_760;

/**
 * The option's σ: the spot's σ per √hour with its jump variance per hour added (σ² + λE[J²]: what a jump-diffusion
 * moves in variance; a diffusion estimate alone reads low on a market that jumps), annualised and blended in
 * variance with the prior σ₀. `realized` is the measured part (diffusion and jumps) annualised.
 */
export function optionSigmaAnnual(params: QuotingParams, sigmaRelPerSqrtHour: number, jumpVariancePerHour = 0): { sigma: number; realized: number } {
  const realized = Math.sqrt((Math.max(0, sigmaRelPerSqrtHour) ** 2 + Math.max(0, jumpVariancePerHour)) * HOURS_PER_YEAR);
  const w = Math.min(1, Math.max(0, params.optionVolPriorShare));
  const sigma = Math.sqrt((1 - w) * realized * realized + w * params.optionVolPrior * params.optionVolPrior);
  return { sigma, realized };
}

/**
 * The jumps' share of Var(ln index) over `hours`: λE[J²] per hour × hours, weighted as the measured part of σ_market
 * is (1 − optionVolPriorShare), so √((diffusion's variance + this)/T) is σ_market when the forecast adds nothing.
 */
export function optionJumpLogVariance(params: QuotingParams, jumpVariancePerHour: number, hours: number): number {
  const w = Math.min(1, Math.max(0, params.optionVolPriorShare));
  return (1 - w) * Math.max(0, jumpVariancePerHour) * Math.max(0, hours);
}

/**
 * The jump gap, µPAT: |delta| × F × P(at least one jump within the horizon) × the jump's size, ×
 * optionJumpGapMultiplier; the horizon is optionJumpGapHorizonMs or the `hoursToClose`, the shorter. Black-76 carries
 * the jumps' variance (`optionJumpLogVariance`), which prices a jump of either sign at its cost to a trader who does
 * not know the sign; one who knows a coming jump's sign (an announcement, a leak) takes about this off a quote on its
 * first-order move, so the half-spread charges it; it fades over the last horizon before the close (a quote a minute
 * out carries almost none).
 */
export function optionJumpGapMicros(params: QuotingParams, delta: number, forwardMicros: number, jumpsPerHour: number, jumpSizeRel: number, hoursToClose: number): number {
  const hours = Math.min(params.optionJumpGapHorizonMs / 3_600_000, Math.max(0, hoursToClose));
  const chance = 1 - Math.exp(-Math.max(0, jumpsPerHour) * hours);
  return params.optionJumpGapMultiplier * Math.abs(delta) * forwardMicros * chance * Math.max(0, jumpSizeRel);
}

/** The engine's writing margin bps (risk.optionWriteMarginBps, risk.optionWriteMinMarginBps) and, from rules 4, the maintenance floor. */
export interface OptionMarginRates {
  optionWriteMarginBps: number;
  optionWriteMinMarginBps: number;
  /** risk.optionMaintenanceMarginBps, when the engine's rules floor the margin at maintenance (rules 4); absent: no floor. */
  optionMaintenanceFloorBps?: number;
}

/**
 * Writing margin per unit, as the engine holds it (src/engine/products/options.ts
 * `writeMarginPerUnitMicros`): max(⌈index × writeBps⌉ − out-of-the-money amount,
 * ⌈index × minBps⌉) + the premium, at least ⌈index × maintenanceBps⌉ + the value at the
 * index when the floor applies; a put's at most its strike. Integers.
 */
export function optionWriteMarginPerUnitMicros(right: OptionRight, strikeMicros: number, indexMicros: number, premiumMicros: number, rates: OptionMarginRates): number {
  const otm = Math.max(right === OptionRight.CALL ? strikeMicros - indexMicros : indexMicros - strikeMicros, 0);
  let margin = Math.max(bpsCeil(indexMicros, rates.optionWriteMarginBps) - otm, bpsCeil(indexMicros, rates.optionWriteMinMarginBps)) + premiumMicros;
  if (rates.optionMaintenanceFloorBps !== undefined) {
    const itm = Math.max(right === OptionRight.CALL ? indexMicros - strikeMicros : strikeMicros - indexMicros, 0);
    margin = Math.max(margin, bpsCeil(indexMicros, rates.optionMaintenanceFloorBps) + itm);
  }
  return right === OptionRight.PUT ? Math.min(margin, strikeMicros) : margin;
}

export interface OptionMarket {
  right: OptionRight;
  strikeMicros: number;
  /** F: the expected settlement index, µPAT (unrounded). */
  forwardMicros: number;
  closeAtMs: number;
  /** The spot series' σ, relative per √hour (the quoter's estimate). */
  sigmaRelPerSqrtHour: number;
  /** The spot series' jump variance λ·E[J²] per hour (absent: 0): added to σ² (`optionSigmaAnnual`). */
  jumpVariancePerHour?: number;
  /**
   * Var(ln index at the close) as the index forecast gives it (src/quoting/index-forecast.ts):
   * the option is priced on σ = √(this / T), so Black-76 spreads the index as the forecast
   * does (the average still to sample, its rung, the trades). Absent: σ²T with the blended σ.
   */
  indexLogVariance?: number;
  /** The forecast's own error in F (its paths are finite), µPAT: the half-spread adds |delta| × it. Absent: 0. */
  forwardStdErrorMicros?: number;
  /** The spot's jumps per hour λ and their size √E[J²] (relative), for the jump gap; absent: no gap. */
  jumpsPerHour?: number;
  jumpSizeRel?: number;
  /** The broker's fill size in the option (units); the prior `inventoryUnit` before any fill. */
  inventoryUnit: number;
  /** The engine's latest mark of the index (0 or absent before the first): not used by the model, published with it. */
  markMicros?: number;
}

export interface OptionBroker {
  /** The broker's signed position in the option (units): + long, − written. */
  position: number;
  /** Units its asks may sell without writing: its long not offered elsewhere, plus what its current quote asks offer. */
  closableUnits: number;
  /** Premium of the bids plus writing margin of the asks the new quote may use, µPAT. */
  budgetMicros: number;
  /** The engine's writing margin per unit at a premium (at the current index level). */
  writeMarginPerUnitMicros: (premiumMicros: number) => number;
  /**
   * The broker's delta on the same index from its other cash-settled series (its synthetics one
   * for one, its other options by their last delta), index units: the skew is on the net. 0 if absent.
   */
  indexDeltaOther?: number;
}

/** What an option quote was computed from, published in the operator's view. */
export interface OptionQuoteDetail {
  right: OptionRight;
  strikeMicros: number;
  forwardMicros: number;
  /** The engine's mark of the index when the option was priced (OptionMarket.markMicros), µPAT. */
  markMicros: number;
  /**
   * σ given to Black-76 (annual): √((indexLogVariance + jumpLogVariance) / T) with a forecast, else sigmaMarketAnnual.
   * sigmaMarketAnnual: the spot's σ annualised and blended with the prior; its realized part
   * (the spot's σ per √hour × √8760) and the spot's σ per √hour.
   */
  sigmaAnnual: number;
  sigmaMarketAnnual: number;
  sigmaRealizedAnnual: number;
  sigmaSpotRelPerSqrtHour: number;
  /** The spot's jump variance λ·E[J²] per hour that σ_market includes (docs/pricing.md, "Jumps"), and its share of Black-76's variance to the close. */
  jumpVarianceSpotPerHour: number;
  jumpLogVariance: number;
  timeYears: number;
  /** The forecast's Var(ln index) the σ comes from (absent: σ²T of the market σ), and its own error in F, µPAT (0 without). */
  indexLogVariance?: number;
  forwardStdErrorMicros: number;
  /** The jump gap in the half-spread, µPAT (`optionJumpGapMicros`): optionJumpGapMultiplier × |delta| × F × (1 − e^(−λh)) × √E[J²]. */
  jumpGapMicros: number;
  /** Black-76 value and Greeks (delta per unit of F, gamma per µPAT, vega per 1.00 of σ, theta per year; µPAT). */
  valueMicros: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  /** position × delta: the index units the position is worth, to first order. */
  deltaEquivalent: number;
  /** The broker's net delta on the index the skew is computed on: deltaEquivalent + its other series' (index units). */
  indexDelta: number;
  /** V − reservation, µPAT (positive when long). */
  skewMicros: number;
  halfSpreadMicros: number;
}

/** An option's quote: a `Quote` (reference = the model value) with what it was computed from in `option`. */
export type OptionQuote = Quote & { option: OptionQuoteDetail };

const TICK_GUARD = 1e-9;

/** A ladder's prices and sizes, best first (quote.ts, ladder). */
type LadderLevels = { priceMicros: number[]; qty: number[] };

export function computeOptionQuote(params: QuotingParams, market: OptionMarket, terms: QuoteTerms, broker: OptionBroker, nowMs: number): OptionQuote {
  const reasons: QuoteReason[] = [];
  const F = market.forwardMicros;
  const K = market.strikeMicros;
  if (!(F > 0) || !Number.isFinite(F)) throw new RangeError(`no expected index for the option (F = ${F})`);
  const { sigma: sigmaMarket, realized } = optionSigmaAnnual(params, market.sigmaRelPerSqrtHour, market.jumpVariancePerHour ?? 0);
  const timeYears = Math.max(0, market.closeAtMs - nowMs) / YEAR_MS;
  const v = market.indexLogVariance;
  if (v !== undefined && !(v >= 0 && Number.isFinite(v))) throw new RangeError(`the index's log-variance must be finite and non-negative (${v})`);
  const jumpLogVariance = optionJumpLogVariance(params, market.jumpVariancePerHour ?? 0, (timeYears * YEAR_MS) / 3_600_000);
  const sigma = v !== undefined && timeYears > 0 ? Math.sqrt((v + jumpLogVariance) / timeYears) : sigmaMarket;
  const g = black76Greeks(market.right, { forward: F, strike: K, vol: sigma, timeYears });
  const tick = terms.tickMicros;
  const V = g.price;

  const { deltaEquivalent, indexDelta, skew } = optionSkew(params, market, broker, g.delta, sigma, nowMs, reasons);
  const reservation = V - skew;

  // Half-spread: vega × the vol spread, at least the tick floor. The vol spread is in points of the
  // market σ; near the close the index's σ is mostly its own (the average, the rung), so the
  // same share of it: an uncertainty in σ of optionVolSpread / σ_market, relative.
  const volSpread = sigmaMarket > 0 ? (params.optionVolSpread * sigma) / sigmaMarket : params.optionVolSpread;
  const forwardError = Math.max(0, market.forwardStdErrorMicros ?? 0);
  const jumpGap = optionJumpGapMicros(params, g.delta, F, market.jumpsPerHour ?? 0, market.jumpSizeRel ?? 0, (timeYears * YEAR_MS) / 3_600_000);
  const half = Math.max(g.vega * volSpread, params.optionMinHalfSpreadTicks * tick) + Math.abs(g.delta) * forwardError + jumpGap;
  const referenceMicros = roundFloatToTick(V, terms);
  const { bids, asks } = optionLadders(params, market, terms, reservation, half, referenceMicros, reasons);
  if (withinOptionBudget(bids, asks, broker.budgetMicros, broker.closableUnits, broker.writeMarginPerUnitMicros, terms.lotSize)) reasons.push(QuoteReason.MARGIN_LIMITED);

  const reference: ReferencePrice = {
    exactMicros: V,
    priceMicros: referenceMicros,
    modelMicros: V,
    segmentValueMicros: 0,
    freshness: 1,
    contract: 1,
    flow: 1,
    seats: 1,
    anchorMicros: 0,
    anchorWeight: 0,
  };
  return {
    reference,
    target: 0,
    model: { skew: skew / 1e6, spread: (2 * half) / 1e6 },
    reservation: reservation / 1e6,
    halfSpread: half / 1e6,
    carry: 0,
    widening: { baseFraction: 0, volatilityFraction: 0, thinFraction: 0, jumpFraction: 0 },
    sigmaRelPerSqrtHour: sigma / Math.sqrt(HOURS_PER_YEAR),
    expectedSales: Infinity,
    reasons,
    bids,
    asks,
    option: {
      right: market.right,
      strikeMicros: K,
      forwardMicros: F,
      markMicros: market.markMicros ?? 0,
      sigmaAnnual: sigma,
      sigmaMarketAnnual: sigmaMarket,
      sigmaRealizedAnnual: realized,
      sigmaSpotRelPerSqrtHour: market.sigmaRelPerSqrtHour,
      jumpVarianceSpotPerHour: market.jumpVariancePerHour ?? 0,
      jumpLogVariance,
      timeYears,
      ...(v === undefined ? {} : { indexLogVariance: v }),
      forwardStdErrorMicros: forwardError,
      jumpGapMicros: jumpGap,
      valueMicros: V,
      delta: g.delta,
      gamma: g.gamma,
      vega: g.vega,
      theta: g.theta,
      deltaEquivalent,
      indexDelta,
      skewMicros: skew,
      halfSpreadMicros: half,
    },
  };
}

/**
 * Skew: the index's A–S skew of the delta-equivalent position, passed back through delta. The risk is the index's: a
 * written call hedged by synthetics held is flat, so the skew is on the broker's net delta there.
 */
function optionSkew(params: QuotingParams, market: OptionMarket, broker: OptionBroker, delta: number, sigma: number, nowMs: number, reasons: QuoteReason[]): { deltaEquivalent: number; indexDelta: number; skew: number } {
  const F = market.forwardMicros;
  const unit = market.inventoryUnit > 0 ? market.inventoryUnit : params.inventoryUnit;
  const deltaEquivalent = broker.position * delta;
  const indexDelta = deltaEquivalent + (broker.indexDeltaOther ?? 0);
  const sigmaPerUnitTime2 = (sigma * sigma * params.modelTimeUnitMs) / YEAR_MS; // σ² per model time unit
  const tau = Math.max(0, market.closeAtMs - nowMs) / params.modelTimeUnitMs;
  let indexSkew = (indexDelta / unit) * params.gamma * sigmaPerUnitTime2 * tau * F;
  const maxIndexSkew = (F * params.maxSkewBps) / 10_000;
  if (Math.abs(indexSkew) > maxIndexSkew) {
    reasons.push(QuoteReason.SKEW_CAPPED);
    indexSkew = Math.sign(indexSkew) * maxIndexSkew;
  }
  const skew = indexSkew === 0 ? 0 : delta * indexSkew; // flat: 0, not −0 for a put
  return { deltaEquivalent, indexDelta, skew };
}

/**
 * An option's two ladders around `reservation` ± `half`: bid floored, ask ceiled to ticks; the ask never below intrinsic
 * at F (nor the bid above the option's bound); inside the engine's price band around the reference, where customers can
 * trade them.
 */
function optionLadders(params: QuotingParams, market: OptionMarket, terms: QuoteTerms, reservation: number, half: number, referenceMicros: number, reasons: QuoteReason[]): { bids: LadderLevels; asks: LadderLevels } {
  const F = market.forwardMicros;
  const K = market.strikeMicros;
  const tick = terms.tickMicros;
  const intrinsic = Math.max(market.right === OptionRight.CALL ? F - K : K - F, 0);
  const upper = market.right === OptionRight.CALL ? F : K;
  let ask = Math.ceil(Math.max(reservation + half, intrinsic) / tick - TICK_GUARD) * tick;
  let bid = Math.floor(Math.min(reservation - half, upper) / tick + TICK_GUARD) * tick;
  ask = Math.max(ask, terms.minPriceMicros);
  if (bid >= ask) bid = ask - tick;
  const band = terms.priceBandBps ?? 0;
  if (band > 0) {
    const { maxBuyMicros, minSellMicros } = bandEdgesMicros(band, referenceMicros, tick, terms.priceBandMinMicros);
    if (ask > maxBuyMicros && maxBuyMicros > bid) {
      ask = maxBuyMicros;
      reasons.push(QuoteReason.BAND_CAPPED);
    }
    if (bid >= terms.minPriceMicros && bid < minSellMicros && minSellMicros < ask) {
      bid = minSellMicros;
      reasons.push(QuoteReason.BAND_CAPPED);
    }
  }
  let bids = bid >= terms.minPriceMicros ? ladder(params, terms, bid, -1, Number.MAX_SAFE_INTEGER) : { priceMicros: [], qty: [] };
  let asks = ask <= terms.maxPriceMicros ? ladder(params, terms, ask, +1, Number.MAX_SAFE_INTEGER) : { priceMicros: [], qty: [] };
  if (band > 0) {
    // The deeper levels too: a level beyond the band is one no customer's order may reach, so it rests at the edge.
    const { maxBuyMicros, minSellMicros } = bandEdgesMicros(band, referenceMicros, tick, terms.priceBandMinMicros);
    bids = withinEdge(bids, (p) => Math.max(p, Math.min(minSellMicros, bid)), terms.maxLevelQty);
    asks = withinEdge(asks, (p) => Math.min(p, Math.max(maxBuyMicros, ask)), terms.maxLevelQty);
  }
  return { bids, asks };
}

/**
 * Cuts an option's two ladders (in place) to what `budgetMicros` can pay: a bid level its
 * premium (price × qty), an ask level nothing when it only sells units held long
 * (`closableUnits`, used up level by level, as the engine counts them), else its writing
 * margin (`writeMarginPerUnitMicros(price)` × qty, the whole level, as the engine holds it).
 * Best first, bid then ask at each depth; the first level that does not fit whole is cut to
 * whole lots (or to what it can close) and ends its side. Returns whether anything was cut.
 */
export function withinOptionBudget(
  bids: { priceMicros: number[]; qty: number[] },
  asks: { priceMicros: number[]; qty: number[] },
  budgetMicros: number,
  closableUnits: number,
  writeMarginPerUnitMicros: (premiumMicros: number) => number,
  lotSize: number,
): boolean {
  return withinBudget(bids, asks, budgetMicros, (side, priceMicros) => (side === 0 ? priceMicros : writeMarginPerUnitMicros(priceMicros)), closableUnits, lotSize);
}

/** A ladder with each price moved by `edge`, levels that land on the same price merged up to `maxQty` (best first, as it came). */
function withinEdge(l: LadderLevels, edge: (priceMicros: number) => number, maxQty: number): LadderLevels {
  const out: { priceMicros: number[]; qty: number[] } = { priceMicros: [], qty: [] };
  for (let i = 0; i < l.priceMicros.length; i++) {
    const price = edge(l.priceMicros[i]!);
    if (out.priceMicros.at(-1) === price) out.qty[out.qty.length - 1] = Math.min(maxQty, out.qty.at(-1)! + l.qty[i]!);
    else {
      out.priceMicros.push(price);
      out.qty.push(l.qty[i]!);
    }
  }
  return out;
}
