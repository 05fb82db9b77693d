/**
 * What a listing's tiers and bundles cost now (docs/subscriptions.md, "Tiers"; docs/catalog.md,
 * "Bundles"), read from the engine's books in-process: the broker's asks in each contract's
 * window open now. Nothing here is a price of its own: a tier's price in a window is what its
 * rights cost at the asks, a bundle's the sum of its legs' asks.
 */
import { parseContractKey, SeriesKind, SeriesStatus, Side, tierKey, walkAsks, type Engine } from '../engine/index.js';
import type { BundleInput, Listing, TierInput } from '../catalog/index.js';

/** A contract key parsed, or undefined for text that is not one (the catalog checked the keys; an old version's may not parse). */
function parseContractKeyOrUndefined(contract: string): ReturnType<typeof parseContractKey> | undefined {
  try {
    return parseContractKey(contract);
  } catch {
    return undefined;
  }
}

/** The contract's spot series whose window is open at `nowMs` and trading (undefined: none). */
export function currentWindow(engine: Engine, contract: string, nowMs: number): { seriesId: number; openAtMs: number; closeAtMs: number } | undefined {
  const key = parseContractKeyOrUndefined(contract);
  if (key === undefined) return undefined;
  const group = engine.windowGroups.get(`${key.segment}|${key.windowMs}|${SeriesKind.SPOT}`) ?? [];
  let best: { seriesId: number; openAtMs: number; closeAtMs: number } | undefined;
  for (const s of group) {
    if (s.spec.contract !== contract || s.status !== SeriesStatus.TRADING || nowMs < s.spec.openAtMs || nowMs >= s.spec.closeAtMs) continue;
    if (best === undefined || s.spec.openAtMs > best.openAtMs) best = { seriesId: s.id, openAtMs: s.spec.openAtMs, closeAtMs: s.spec.closeAtMs };
  }
  return best;
}

/** What `qty` rights of a contract cost at the broker's asks in its window open now. */
export interface LegQuote {
  contract: string;
  qty: number;
  /** The window open now (null: none open). */
  seriesId: number | null;
  /** The broker's best ask there, µPAT (null: no ask). */
  askMicros: number | null;
  /** `qty` bought up the asks, µPAT (null: the asks hold fewer, or no window). */
  costMicros: number | null;
}

export function legQuote(engine: Engine, contract: string, qty: number, nowMs: number): LegQuote {
  const window = currentWindow(engine, contract, nowMs);
  if (window === undefined) return { contract, qty, seriesId: null, askMicros: null, costMicros: null };
  const series = engine.seriesById(window.seriesId)!;
  const asks = series.brokerSells.depth(Side.SELL, engine.limits.maxQuoteLevels);
  const walked = walkAsks(asks, qty);
  return { contract, qty, seriesId: window.seriesId, askMicros: asks[0]?.[0] ?? null, costMicros: walked.filledQty === qty ? walked.costMicros : null };
}

/** A tier as the public sees it: its terms, its seats, and what a window of it costs at the asks now. */
export function tierView(engine: Engine, listing: Listing, tier: TierInput, nowMs: number): object {
  const legs = tier.contracts.map((c) => legQuote(engine, c, tier.qtyPerContract, nowMs));
  const priced = legs.every((l) => l.costMicros !== null);
  const windowCostMicros = priced ? legs.reduce((n, l) => n + l.costMicros!, 0) : null;
  return {
    name: tier.name,
    contracts: tier.contracts,
    qtyPerContract: tier.qtyPerContract,
    everyWindows: tier.everyWindows,
    price: tier.price,
    seats: tier.seats,
    seatsTaken: engine.tiers.seats.taken(tierKey(listing.id, tier.name)),
    // What one window of the tier costs at the broker's asks now (null: a contract has no window open or too few asks); the rule's cap bounds it.
    windowCostMicros: tier.price.rule === 'window-budget' && windowCostMicros !== null && windowCostMicros > tier.price.windowBudgetMicros ? null : windowCostMicros,
    overWindowBudget: tier.price.rule === 'window-budget' && windowCostMicros !== null && windowCostMicros > tier.price.windowBudgetMicros,
    now: legs,
  };
}

/** A bundle's legs resolved to listings (a leg without one is the bundle's own listing). */
export function bundleLegs(listing: Listing, bundle: BundleInput): Array<{ listingId: number; contract: string; qty: number }> {
  return bundle.legs.map((l) => ({ listingId: l.listingId ?? listing.id, contract: l.contract, qty: l.qty }));
}

/** A bundle's quote: each leg at the asks in its window open now, and the sum (null when a leg cannot fill: `unfillableLeg` names the first). */
export function bundleQuote(engine: Engine, listing: Listing, bundle: BundleInput, nowMs: number): {
  listingId: number;
  name: string;
  legs: Array<LegQuote & { listingId: number }>;
  costMicros: number | null;
  unfillableLeg: number | null;
  quotedAtMs: number;
} {
  const legs = bundleLegs(listing, bundle).map((l) => ({ listingId: l.listingId, ...legQuote(engine, l.contract, l.qty, nowMs) }));
  const unfillable = legs.findIndex((l) => l.costMicros === null);
  return {
    listingId: listing.id, name: bundle.name, legs,
    costMicros: unfillable === -1 ? legs.reduce((n, l) => n + l.costMicros!, 0) : null,
    unfillableLeg: unfillable === -1 ? null : unfillable,
    quotedAtMs: nowMs,
  };
}
