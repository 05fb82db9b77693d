/**
 * One series' quote: reference price, skewed and widened best bid/ask, and a
 * ladder of levels per side whose sizes respect the broker's inventory (it can
 * only sell rights it holds), its PAT, and its exposure limits (bids shrink to
 * zero as the long limit is reached). Pure: same inputs, same quote.
 */
import { D, fromFloat } from './decimal.js';
import type { QuotingParams } from './params.js';
import { referencePrice, type PricingInputs, type ReferencePrice, type SeriesTerms } from './pricing.js';
import { skewTerms, wideningFractions, type SkewTerms, type Widening } from './spread.js';

const HOUR_MS = 3_600_000;
const PAT_PER_MICRO = new D('0.000001');

export interface QuoteTerms extends SeriesTerms {
  lotSize: number;
  /** Largest size per level: the series' and the risk limit's smaller. */
  maxLevelQty: number;
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
}

export interface MarketState extends PricingInputs {
  trades: number;
  /** σ estimate, relative per √hour, and how many returns it has seen. */
  sigmaRelPerSqrtHour: number;
  volObservations: number;
}

export interface Quote {
  reference: ReferencePrice;
  /** The model's skew (s − r) and total spread, PAT, before the caps. */
  model: SkewTerms;
  /** Reservation price and half-spread actually quoted around (after the caps), PAT. */
  reservation: D;
  halfSpread: D;
  /** The widening's parts, as fractions of the price. */
  widening: Omit<Widening, 'total'>;
  sigmaRelPerSqrtHour: number;
  /** Best first. */
  bids: { priceMicros: number[]; qty: number[] };
  asks: { priceMicros: number[]; qty: number[] };
}

/** σ used for quoting: the estimate, floored while the series is thin. */
export function effectiveSigma(params: QuotingParams, market: Pick<MarketState, 'sigmaRelPerSqrtHour' | 'volObservations' | 'trades'>): number {
  const thin = market.trades < params.thinTrades || market.volObservations < params.thinTrades;
  const floor = params.volFloorBps / 10_000;
  return thin ? Math.max(floor, market.sigmaRelPerSqrtHour) : market.sigmaRelPerSqrtHour;
}

/**
 * The quote. The model's terms and the widening are float64 (they come from σ,
 * ln and √) and are capped relative to the price: |skew| ≤ s·maxSkewBps and
 * half-spread ≤ s·maxHalfSpreadBps, whatever σ and q do. The price path (mid,
 * reservation, bid and ask, the division into ticks) is decimal.
 */
export function computeQuote(params: QuotingParams, market: MarketState, terms: QuoteTerms, broker: BrokerState, nowMs: number): Quote {
  const reference = referencePrice(params, market, terms, nowMs);
  const s = reference.priceMicros / 1e6;
  const sigmaRel = effectiveSigma(params, market);
  const model = skewTerms(params.skewModel, {
    q: broker.ownedRights / params.inventoryUnit,
    gamma: params.gamma,
    sigma: sigmaRel * s * Math.sqrt(params.modelTimeUnitMs / HOUR_MS), // PAT per √(model unit)
    tau: Math.max(0, market.closeAtMs - nowMs) / params.modelTimeUnitMs,
    k: params.k,
    arrivalA: params.arrivalA,
  });
  const wide = wideningFractions({
    baseHalfSpreadBps: params.baseHalfSpreadBps,
    sigmaRelPerSqrtHour: sigmaRel,
    volMultiplier: params.volMultiplier,
    volHorizonHours: params.volHorizonMs / HOUR_MS,
    trades: market.trades,
    thinTrades: params.thinTrades,
    thinHalfSpreadBps: params.thinHalfSpreadBps,
  });
  const maxSkew = (s * params.maxSkewBps) / 10_000;
  const skew = Math.min(maxSkew, Math.max(-maxSkew, model.skew));
  const half = Math.min(model.spread / 2 + s * (wide.baseFraction + wide.volatilityFraction + wide.thinFraction), (s * params.maxHalfSpreadBps) / 10_000);
  const sPat = new D(reference.priceMicros).times(PAT_PER_MICRO);
  const reservation = skew === 0 ? sPat : sPat.minus(fromFloat(skew));
  const halfSpread = fromFloat(half);
  // Straight to ticks: one division by the tick in PAT instead of ×10^6 then ÷tick.
  const tickPat = new D(terms.tickMicros).times(PAT_PER_MICRO);
  const [bestBid, bestAsk] = bestPricesFromTicks(reservation.minus(halfSpread).div(tickPat), reservation.plus(halfSpread).div(tickPat), terms);
  const bids = ladder(params, terms, bestBid, -1, bidCapacity(broker, bestBid));
  const asks = ladder(params, terms, bestAsk, +1, Math.max(0, broker.sellableRights));
  return { reference, model, reservation, halfSpread, widening: wide, sigmaRelPerSqrtHour: sigmaRel, bids, asks };
}

/** Bid floored, ask ceiled to ticks; at least one tick apart; inside the price limits. */
export function bestPrices(bidMicros: D, askMicros: D, terms: SeriesTerms): [number, number] {
  return bestPricesFromTicks(bidMicros.div(terms.tickMicros), askMicros.div(terms.tickMicros), terms);
}

function bestPricesFromTicks(bidTicks: D, askTicks: D, terms: SeriesTerms): [number, number] {
  const tick = terms.tickMicros;
  let bid = bidTicks.floor().toNumber() * tick;
  let ask = askTicks.ceil().toNumber() * tick;
  bid = Math.min(Math.max(bid, terms.minPriceMicros), terms.maxPriceMicros - tick);
  ask = Math.max(Math.min(ask, terms.maxPriceMicros), terms.minPriceMicros + tick);
  if (ask <= bid) ask = bid + tick;
  return [bid, ask];
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
