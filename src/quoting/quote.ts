/**
 * One series' quote: skewed and widened best bid/ask around the reference
 * price, the expiry rule and the cost floor on the ask, and a ladder of levels
 * per side whose sizes respect the broker's inventory (it can only sell rights
 * it holds), its PAT, its exposure limits (bids shrink to zero as the long
 * limit is reached) and what it can still sell before the close. Pure: same
 * inputs, same quote. Formulas and a worked example: docs/pricing.md.
 */
import { HOUR_MS } from './estimators.js';
import type { QuotingParams } from './params.js';
import { elapsedShare, freshnessValue, type ReferencePrice, type SeriesTerms } from './pricing.js';
import { skewTerms, wideningFractions, type SkewTerms, type Widening } from './spread.js';
import { bandEdgesMicros } from '../risk/checks.js';
import { bpsCeil } from '../engine/index.js';

export interface QuoteTerms extends SeriesTerms {
  lotSize: number;
  /** Largest size per level: the series' and the risk limit's smaller. */
  maxLevelQty: number;
  /** risk.priceBandBps: customers' limits beyond the reference ± this are refused, so the best quotes stay inside it (0 = off). */
  priceBandBps?: number;
  /** The band's floor, µPAT either side of the reference (engine rules 11: `priceBandFloorMicros`; 0 = none). */
  priceBandMinMicros?: number;
}

/** The broker's book-keeping for one series, as the quoter sees it. */
export interface BrokerState {
  /** Rights the broker owns in the series (available + held by its asks): the q of the skew. */
  ownedRights: number;
  /** Of those, how many its new ask ladder may offer (available + held by its current quotes). */
  sellableRights: number;
  /** PAT the new bid ladder may use (available + held by its current quote bids), µPAT. */
  spendableMicros: number;
  /** Remaining long capacity: min(series limit − owned, window limit − window long); Infinity if unlimited. */
  longHeadroom: number;
  /** Average cost of the owned rights, µPAT per right; 0 when flat or unknown. */
  avgCostMicros: number;
  /**
   * A synthetic only: initial margin the two ladders together may hold (µPAT), and the
   * rate the engine holds per unit (⌈price × bps / 10⁴⌉, risk.syntheticInitialMarginBps).
   */
  marginBudgetMicros?: number;
  marginBps?: number;
}

/** What the quoter has measured about a series, beyond its reference price. */
export interface QuoteMarket {
  openAtMs: number;
  closeAtMs: number;
  /** σ, relative per √hour (already blended with its prior). */
  sigmaRelPerSqrtHour: number;
  /** λ·E[J²], the jump variance per hour σ leaves out (estimators.ts `jumpEstimate`); absent: none. */
  jumpVariancePerHour?: number;
  /** λ, jumps per hour, and their size √E[J²] (relative), of the same estimate: an option's jump gap (options.ts). Absent: none. */
  jumpsPerHour?: number;
  jumpSizeRel?: number;
  /** The part of it the spot quote widens by (`jumpSpreadSamplesAt`: faded since the last jump); absent: all of it. */
  jumpWideningVariancePerHour?: number;
  /** Recent trades per hour (decayed count). */
  tradesPerHour: number;
  /** Order-arrival decay k per unit of the reference price, and intensity at δ = 0 in rights per hour (calibrated). */
  k: number;
  arrivalAPerHour: number;
  /** Rights per model unit of q (the broker's observed fill size). */
  inventoryUnit: number;
  /** The broker's sale rate in the series, rights per quoted hour (its own sales shrunk toward its segment's rate). */
  saleRatePerHour: number;
  /** Its purchase rate the same way (shown in the views; the quote itself uses the sale rate). */
  purchaseRatePerHour?: number;
  /** Rights live subscriptions are still to buy in this window, already in the sale rate (shown in the views). */
  subscribedQty?: number;
  /**
   * A forward (phase 2): trading ends at the window's open, where what the broker holds is
   * delivered to it as spot rights, so nothing expires: no expiry rule, and the skew aims at
   * a flat book (it may be short: a promise the providers' pledges and its spot stock cover).
   */
  forward?: boolean;
  /**
   * A synthetic (phase 3): cash-settled on the window's settlement index, held to the close.
   * The skew aims at a flat book (ownedRights is the signed position), no expiry rule, carry or
   * cost floor, an extra widening for the index's uncertainty (syntheticVolShare × σ × √(hours
   * left)), and both ladders sized within `BrokerState.marginBudgetMicros`.
   */
  synthetic?: boolean;
  /** A synthetic: the log standard deviation of its index at the close as the quoter's forecast has it (else σ × √hours left). */
  indexLogSd?: number;
}

/** Why a quote is where it is; more than one may apply. */
export const QuoteReason = {
  /** The inventory skew hit `maxSkewBps`. */
  SKEW_CAPPED: 'SKEW_CAPPED',
  /** The half-spread hit `maxHalfSpreadBps`. */
  SPREAD_CAPPED: 'SPREAD_CAPPED',
  /** The ask was raised to the inventory's average cost. */
  ASK_AT_COST: 'ASK_AT_COST',
  /** The inventory's average cost is more than costFloorMaxBps above the reference: the cost floor gives way. */
  COST_FLOOR_LIFTED: 'COST_FLOOR_LIFTED',
  /** More rights held than can be sold before the close at the recent pace: the ask is lowered to clear them (possibly below cost). */
  EXPIRY_CLEARANCE: 'EXPIRY_CLEARANCE',
  /** Bids limited to what can still be sold before the close. */
  BIDS_LIMITED_BY_EXPIRY: 'BIDS_LIMITED_BY_EXPIRY',
  /** A best price was brought inside the price band, where customers can still trade it. */
  BAND_CAPPED: 'BAND_CAPPED',
  /** A synthetic's ladders were cut to the initial margin the broker's free PAT can hold. */
  MARGIN_LIMITED: 'MARGIN_LIMITED',
} as const;
export type QuoteReason = (typeof QuoteReason)[keyof typeof QuoteReason];

export interface Quote {
  reference: ReferencePrice;
  /** Inventory the skew aims at (rights): inventoryTargetHours of sales, within what can be sold before the close. */
  target: number;
  /** The model's skew (s − r) and total spread, PAT, before the caps. */
  model: SkewTerms;
  /** Reservation price and half-spread actually quoted around (after the caps, carry included), PAT. */
  reservation: number;
  halfSpread: number;
  /** Freshness carry: how far the reservation sits below the mid for the value the inventory loses while it is sold down, PAT. */
  carry: number;
  /** The widening's parts, as fractions of the price. */
  widening: Widening;
  sigmaRelPerSqrtHour: number;
  /** Rights the broker expects to sell before the close at its measured pace, at least 1 an hour (Infinity when the expiry rule is off). */
  expectedSales: number;
  reasons: QuoteReason[];
  /** Best first. */
  bids: { priceMicros: number[]; qty: number[] };
  asks: { priceMicros: number[]; qty: number[] };
}

function gammaPatFor(params: QuotingParams, s: number): number {
  return params.gamma / s;
}

/**
 * How far the broker's stock leans its quote below the reference, PAT (reservation = s − skew − carry): the model's skew
 * toward the target and the limits' skew, capped at s·maxSkewBps, and the freshness carry of the stock. computeQuote's own
 * terms, apart so that the index forecast's paths lean the quote as the stock they carry moves (index-forecast.ts,
 * BrokerRules.leanAt).
 */
export interface InventoryLean {
  /** Inventory the skew aims at (rights). */
  target: number;
  model: SkewTerms;
  /** s − r before the carry, capped at s·maxSkewBps; and whether the cap bit. */
  skew: number;
  capped: boolean;
  carry: number;
}


/** What the lean and the quote both read of the series' close and sales pace: computed in one place. */
function saleHorizon(params: QuotingParams, market: QuoteMarket, nowMs: number): { k: number; flatTarget: boolean; expiry: boolean; hoursLeft: number; saleRate: number; expectedSales: number } {
  // When fills stop the fitted k flattens toward 0 and the markup (2/γ)ln(1 + γ/k) toward the cap: kMin bounds it.
  const k = Math.max(params.kMin, market.k > 0 ? market.k : params.k);
  // Expiring inventory: what the broker can still sell before the close at its recent pace.
  const flatTarget = market.forward === true || market.synthetic === true;
  const expiry = params.expiryRule === 1 && !flatTarget;
  const hoursLeft = Math.max(0, market.closeAtMs - nowMs) / HOUR_MS;
  // One sale rate for everything that depends on it (target, carry, clearance, bid limit): the series' own
  // sales per quoted hour shrunk toward its segment's, so a new series has its siblings' pace, not 0 or a floor.
  const saleRate = Math.max(market.saleRatePerHour, 1e-6);
  return { k, flatTarget, expiry, hoursLeft, saleRate, expectedSales: expiry ? saleRate * hoursLeft : Infinity };
}
export function inventoryLean(params: QuotingParams, reference: ReferencePrice, market: QuoteMarket, broker: BrokerState, nowMs: number): InventoryLean {
  const s = reference.priceMicros / 1e6;
  const sigmaRel = market.sigmaRelPerSqrtHour;
  const unitHours = params.modelTimeUnitMs / HOUR_MS;
  const unit = market.inventoryUnit > 0 ? market.inventoryUnit : params.inventoryUnit;
  const { k, flatTarget, expiry, hoursLeft, saleRate, expectedSales } = saleHorizon(params, market, nowMs);
  // A spot broker cannot sell short: the skew pulls inventory toward a target it can sell from
  // (inventoryTargetHours of its sales), not toward zero, where it would have nothing to offer; and not
  // beyond the middle of what it may hold, so both sides keep room (at the long limit it cannot bid).
  const holdable = broker.ownedRights + Math.max(0, broker.longHeadroom);
  const target = flatTarget ? 0 : Math.min(saleRate * params.inventoryTargetHours, params.expirySellThrough * expectedSales, holdable / 2);
  const model = skewTerms(params.skewModel, {
    q: (broker.ownedRights - target) / unit,
    gamma: gammaPatFor(params, s),
    sigma: sigmaRel * s * Math.sqrt(unitHours), // PAT per √(model unit)
    tau: skewHorizonMs(params, market, nowMs) / params.modelTimeUnitMs,
    k: k / s,
    arrivalA: market.arrivalAPerHour > 0 ? (market.arrivalAPerHour * unitHours) / unit : params.arrivalA,
  });
  const maxSkew = (s * params.maxSkewBps) / 10_000;
  // The limits' skew: A–S's skew shrinks with the time left (γσ²τ), so near the close, or with a calm σ, it barely
  // leans while the inventory runs into its long limit (no bids) or to zero (no asks), and the quote goes one-sided.
  // Between the target and either end of what it may hold, the skew grows with the square of the way gone, to the cap
  // at the end, so both sides keep trading.
  let limitSkew = 0;
  if (!flatTarget) {
    const owned = broker.ownedRights;
    if (owned > target && holdable > target) limitSkew = maxSkew * ((owned - target) / (holdable - target)) ** 2;
    else if (owned < target && target > 0) limitSkew = -maxSkew * ((target - owned) / target) ** 2;
  }
  const skewed = model.skew + limitSkew;
  const skew = Math.min(maxSkew, Math.max(-maxSkew, skewed));
  let carry = 0;
  if (expiry && broker.ownedRights > 0) {
    // Freshness carry: the inventory is sold over H = q / rate hours; it loses the freshness drift to the middle of that time.
    const sellHours = Math.min(hoursLeft, broker.ownedRights / saleRate);
    const u = elapsedShare(market.openAtMs, market.closeAtMs, nowMs);
    const later = elapsedShare(market.openAtMs, market.closeAtMs, nowMs + (sellHours * HOUR_MS) / 2);
    const fNow = freshnessValue(params, u);
    if (fNow > 0) carry = Math.max(0, s * (1 - freshnessValue(params, later) / fNow));
  }
  return { target, model, skew, capped: Math.abs(skewed) > maxSkew, carry };
}

/**
 * The quote. The model's terms and the widening are float64 (they come from σ,
 * ln and √) and are capped relative to the price: |skew| ≤ s·maxSkewBps and
 * half-spread ≤ s·maxHalfSpreadBps, whatever σ and q do. γ and k are per unit
 * of s, so the same values serve a 0.05 PAT right and a 5 PAT one. Prices are
 * float64 µPAT until the ticks (docs/pricing.md, "Numbers"); integers leave.
 */
export function computeQuote(params: QuotingParams, reference: ReferencePrice, market: QuoteMarket, terms: QuoteTerms, broker: BrokerState, nowMs: number): Quote {
  const reasons: QuoteReason[] = [];
  const s = reference.priceMicros / 1e6;
  const sigmaRel = market.sigmaRelPerSqrtHour;
  const { k, expiry, hoursLeft, expectedSales } = saleHorizon(params, market, nowMs);
  const lean = inventoryLean(params, reference, market, broker, nowMs);
  const { target, model } = lean;
  const wide: Widening = wideningFractions({
    baseHalfSpreadBps: params.baseHalfSpreadBps,
    sigmaRelPerSqrtHour: sigmaRel,
    volMultiplier: params.volMultiplier,
    volHorizonHours: params.volHorizonMs / HOUR_MS,
    tradesPerHour: market.tradesPerHour,
    thinTradesPerHour: params.thinTradesPerHour,
    thinHalfSpreadBps: params.thinHalfSpreadBps,
    jumpVariancePerHour: market.jumpWideningVariancePerHour ?? market.jumpVariancePerHour ?? 0, jumpMultiplier: params.jumpMultiplier, maxJumpHalfSpreadBps: params.maxJumpHalfSpreadBps,
  });
  // A synthetic settles on the index at the close: what the index does until then is the fair value's uncertainty.
  // The share of the index still unknown against what the spot's widening prices (σ over the vol horizon): a synthetic's
  // price risk, its thin market's and the markup over a price nobody need pay shrink with it as the close comes.
  let unknown = 1;
  if (market.synthetic === true) {
    const indexLogSd = market.indexLogSd ?? sigmaRel * Math.sqrt(hoursLeft);
    wide.indexFraction = params.syntheticVolShare * indexLogSd;
    const horizonSd = sigmaRel * Math.sqrt(params.volHorizonMs / HOUR_MS);
    if (horizonSd > 0) unknown = Math.min(1, indexLogSd / horizonSd);
    wide.volatilityFraction *= unknown;
    wide.thinFraction *= unknown;
    wide.jumpFraction *= unknown;
  }
  if (lean.capped) reasons.push(QuoteReason.SKEW_CAPPED);
  const skew = lean.skew;
  // The model's markup term (2/γ)·ln(1 + γ/k) is the monopolist's profit-maximizing spread for the measured
  // demand; the broker charges markupShare of it (docs/pricing.md, "Markup").
  const gammaPat = gammaPatFor(params, s);
  const markup = (2 / gammaPat) * Math.log1p(gammaPat / (k / s));
  const uncapped = (unknown * (model.spread - (1 - params.markupShare) * markup)) / 2 + s * (wide.baseFraction + wide.volatilityFraction + wide.thinFraction + wide.jumpFraction + (wide.indexFraction ?? 0));
  const maxHalf = (s * params.maxHalfSpreadBps) / 10_000;
  if (uncapped > maxHalf) reasons.push(QuoteReason.SPREAD_CAPPED);
  const half = Math.min(uncapped, maxHalf);

  const carry = lean.carry;

  // The price path in µPAT: reference − skew − carry ∓ half-spread, the expiry discount and the cost floor, then ticks.
  const reservationMicros = reference.priceMicros - (skew + carry) * 1e6;
  const halfMicros = half * 1e6;
  let askMicros = reservationMicros + halfMicros;
  if (expiry && broker.ownedRights > expectedSales) {
    // Clearance: with Λ(δ) = A·e^(−kδ), lowering the ask by ln(q/E)/k raises the sale rate by q/E.
    const discount = Math.min(Math.log(broker.ownedRights / Math.max(expectedSales, 1e-9)) / k, params.maxExpiryDiscountBps / 10_000);
    askMicros = Math.max(askMicros - reference.priceMicros * discount, reference.priceMicros * (1 - params.maxExpiryDiscountBps / 10_000));
    reasons.push(QuoteReason.EXPIRY_CLEARANCE);
  } else if (params.costFloor === 1 && market.synthetic !== true && broker.avgCostMicros > 0 && broker.ownedRights > 0 && askMicros < broker.avgCostMicros) {
    // Not selling below cost is a wait for the market to come back within a spread or so; a market that fell further
    // (a jump, a mis-priced start) is not coming back soon, and stock held at a price nobody pays only loses freshness.
    if (broker.avgCostMicros > reference.priceMicros * (1 + params.costFloorMaxBps / 10_000)) reasons.push(QuoteReason.COST_FLOOR_LIFTED);
    else {
      askMicros = broker.avgCostMicros;
      reasons.push(QuoteReason.ASK_AT_COST);
    }
  }
  let bidMicros = reservationMicros - halfMicros;
  // A cleared ask may fall below the model's bid: the bid gives way (never buy above where it is selling off).
  if (bidMicros >= askMicros) bidMicros = askMicros - terms.tickMicros;
  if (!Number.isFinite(bidMicros) || !Number.isFinite(askMicros)) throw new RangeError(`non-finite quote (bid ${bidMicros}, ask ${askMicros} µPAT)`);
  const [bestBid, bestAsk] = withinBand(bestPrices(bidMicros, askMicros, terms), reference.priceMicros, terms, reasons);
  if (market.synthetic === true) {
    // Both ladders hold initial margin; neither needs rights or the price in PAT.
    const synthBids = ladder(params, terms, bestBid, -1, Math.max(0, broker.longHeadroom));
    const synthAsks = ladder(params, terms, bestAsk, +1, Math.max(0, broker.sellableRights));
    const fitted = withinMargin(synthBids, synthAsks, broker.marginBudgetMicros ?? 0, broker.marginBps ?? 10_000, terms.lotSize);
    if (fitted) reasons.push(QuoteReason.MARGIN_LIMITED);
    return { reference, target, model, reservation: s - skew, halfSpread: half, carry: 0, widening: wide, sigmaRelPerSqrtHour: sigmaRel, expectedSales, reasons, bids: synthBids, asks: synthAsks };
  }
  let bids = ladder(params, terms, bestBid, -1, bidCapacity(broker, bestBid));
  if (expiry) {
    // Buy no more than can be sold before the close (a share of the expected sales, less what is held): holding
    // more than it expects to sell (clearance), it buys nothing.
    const sellable = Math.max(0, Math.floor(params.expirySellThrough * expectedSales - broker.ownedRights));
    if (sellable < bids.qty.reduce((a, b) => a + b, 0)) {
      bids = ladder(params, terms, bestBid, -1, sellable);
      reasons.push(QuoteReason.BIDS_LIMITED_BY_EXPIRY);
    }
  }
  const asks = ladder(params, terms, bestAsk, +1, Math.max(0, broker.sellableRights));
  return { reference, target, model, reservation: s - skew - carry, halfSpread: half, carry, widening: wide, sigmaRelPerSqrtHour: sigmaRel, expectedSales, reasons, bids, asks };
}

/**
 * The model skew's horizon τ, ms. A–S's τ runs to a liquidation at the mid; a spot right is never liquidated there, it
 * expires (the expiry rule prices that), and a τ that vanishes at the close leaves the inventory, not the price, to
 * absorb the market's moves on a window's last day. So a spot series' τ is at least skewHorizonShare of its window.
 */
export function skewHorizonMs(params: QuotingParams, market: QuoteMarket, nowMs: number): number {
  if (market.forward === true) return Math.max(0, market.openAtMs - nowMs);
  const toClose = Math.max(0, market.closeAtMs - nowMs);
  if (market.synthetic === true) return toClose;
  return Math.max(toClose, params.skewHorizonShare * Math.max(0, market.closeAtMs - market.openAtMs));
}

/**
 * A price within this share of a tick of a tick boundary counts as on it: float64 noise
 * (0.979 computed as 978.9999999 ticks) must not move a quote by a tick.
 */
const TICK_GUARD = 1e-9;

/** Bid floored, ask ceiled to ticks (µPAT in, integer µPAT out); at least one tick apart; inside the price limits. */
export function bestPrices(bidMicros: number, askMicros: number, terms: SeriesTerms): [number, number] {
  const tick = terms.tickMicros;
  let bid = Math.floor(bidMicros / tick + TICK_GUARD) * tick;
  let ask = Math.ceil(askMicros / tick - TICK_GUARD) * tick;
  bid = Math.min(Math.max(bid, terms.minPriceMicros), terms.maxPriceMicros - tick);
  ask = Math.max(Math.min(ask, terms.maxPriceMicros), terms.minPriceMicros + tick);
  if (ask <= bid) ask = bid + tick;
  return [bid, ask];
}

/**
 * The best bid and ask brought inside the engine's price band around the reference
 * (risk.priceBandBps): a customer's buy limit above reference × (1 + band) or sell limit
 * below reference × (1 − band) is refused, so a best quote outside it could never trade.
 * With the shipped caps (half-spread 20% plus skew 5%) against a 20% band it otherwise can.
 */
function withinBand([bid, ask]: [number, number], referenceMicros: number, terms: QuoteTerms, reasons: QuoteReason[]): [number, number] {
  const band = terms.priceBandBps ?? 0;
  if (band === 0 || referenceMicros <= 0) return [bid, ask];
  const { maxBuyMicros: maxAsk, minSellMicros: minBid } = bandEdgesMicros(band, referenceMicros, terms.tickMicros, terms.priceBandMinMicros);
  let b = bid;
  let a = ask;
  if (a > maxAsk && maxAsk > minBid) a = maxAsk;
  if (b < minBid && minBid < a) b = minBid;
  if (a !== ask || b !== bid) reasons.push(QuoteReason.BAND_CAPPED);
  return [b, a];
}

/** ⌈price × bps / 10⁴⌉: the engine's initial margin per unit (src/engine/products/synthetics.ts bpsCeil). */
export function marginPerUnitMicros(priceMicros: number, bps: number): number {
  return bpsCeil(priceMicros, bps);
}

/**
 * Cuts a synthetic's two ladders (in place) to what `budgetMicros` of initial margin can
 * hold, the engine's ⌈price × bps / 10⁴⌉ per unit: levels are taken best first, bid then
 * ask at each depth, so the inside quote on both sides survives before any deeper level;
 * the first level that does not fit whole is cut to whole lots and ends its side.
 * Returns whether anything was cut.
 */
export function withinMargin(bids: { priceMicros: number[]; qty: number[] }, asks: { priceMicros: number[]; qty: number[] }, budgetMicros: number, bps: number, lotSize: number): boolean {
  return withinBudget(bids, asks, budgetMicros, (_side, priceMicros) => marginPerUnitMicros(priceMicros, bps), 0, lotSize);
}

/**
 * Cuts two ladders (in place) to what `budgetMicros` can hold at `perUnitMicros(side, price)` a
 * unit (side 0 the bids, 1 the asks), except that ask levels selling no more than
 * `closableUnits` (units held long, used up level by level, as the engine counts them) cost
 * nothing. Best first, bid then ask at each depth, so the inside quote on both sides survives
 * before any deeper level; the first level that does not fit whole is cut to whole lots (or to
 * what it can close) and ends its side. Returns whether anything was cut. The synthetics' and
 * the options' budgets (`withinMargin`, `withinOptionBudget`).
 */
export function withinBudget(
  bids: { priceMicros: number[]; qty: number[] },
  asks: { priceMicros: number[]; qty: number[] },
  budgetMicros: number,
  perUnitMicros: (side: number, priceMicros: number) => number,
  closableUnits: number,
  lotSize: number,
): boolean {
  let left = Math.max(0, budgetMicros);
  let units = Math.max(0, closableUnits);
  let cut = false;
  const open = [true, true];
  const sides = [bids, asks];
  const depth = Math.max(bids.qty.length, asks.qty.length);
  for (let i = 0; i < depth; i++) {
    for (let side = 0; side < 2; side++) {
      const l = sides[side]!;
      if (i >= l.qty.length) continue;
      if (!open[side]) {
        l.qty.length = i;
        l.priceMicros.length = i;
        continue;
      }
      const qty = l.qty[i]!;
      if (side === 1 && qty <= units) {
        units -= qty; // closes part of the long: no margin
        continue;
      }
      const perUnit = perUnitMicros(side, l.priceMicros[i]!);
      const fits = perUnit > 0 ? Math.floor(Math.floor(left / perUnit) / lotSize) * lotSize : qty;
      if (fits >= qty) {
        left -= perUnit * qty;
        continue;
      }
      cut = true;
      open[side] = false;
      let n = fits;
      if (side === 1) {
        const closing = Math.floor(units / lotSize) * lotSize;
        if (closing > n) n = closing;
        if (n <= units) units -= n;
        else left -= perUnit * n;
      } else left -= perUnit * n;
      if (n > 0) {
        l.qty[i] = n;
        l.qty.length = i + 1;
        l.priceMicros.length = i + 1;
      } else {
        l.qty.length = i;
        l.priceMicros.length = i;
      }
    }
  }
  return cut;
}

/** Rights the bid ladder may buy: exposure headroom and PAT at the best bid (a lower bound for deeper levels' cost). */
function bidCapacity(broker: BrokerState, bestBidMicros: number): number {
  const affordable = bestBidMicros > 0 ? Math.floor(Math.max(0, broker.spendableMicros) / bestBidMicros) : 0;
  return Math.max(0, Math.min(broker.longHeadroom, affordable));
}

/**
 * Levels from `bestMicros` moving away by `levelStepTicks` (direction −1 for
 * bids, +1 for asks), sizes levelQty·growth^i in whole lots capped at
 * `maxLevelQty`, until `capacity` rights are used or the price limit is hit.
 */
export function ladder(params: QuotingParams, terms: QuoteTerms, bestMicros: number, direction: -1 | 1, capacity: number): { priceMicros: number[]; qty: number[] } {
  const priceMicros: number[] = [];
  const qty: number[] = [];
  const lot = terms.lotSize;
  let left = Math.floor(capacity / lot) * lot;
  let size = params.levelQty;
  for (let i = 0; i < params.levels && left > 0; i++) {
    const price = bestMicros + direction * i * params.levelStepTicks * terms.tickMicros;
    if (price < terms.minPriceMicros || price > terms.maxPriceMicros) break;
    const want = Math.min(Math.floor(size / lot) * lot, Math.floor(terms.maxLevelQty / lot) * lot, left);
    if (want <= 0) break;
    priceMicros.push(price);
    qty.push(want);
    left -= want;
    size *= params.levelGrowth;
  }
  return { priceMicros, qty };
}
