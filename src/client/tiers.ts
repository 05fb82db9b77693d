/**
 * Subscription tiers and bundles from the client (issue 81; docs/subscriptions.md, "Tiers";
 * docs/catalog.md, "Bundles"). A listing's tiers and a bundle's quote are public reads; a tier
 * subscription and a bundle purchase are wallet-signed. A refusal throws PatxHttpError with the
 * server's code (`TIER_SEATS_FULL`, `BUNDLE_LEG_UNFILLABLE`, ...); a bundle's names its leg in
 * `details.leg`. Money is µPAT (integers). No Node imports: the web console uses it too.
 *
 *   const { tiers } = await getListingTiers(http, 7);
 *   const t = await subscribeTier(http, { listingId: 7, tier: 'pro', budgetMicros: 20_000_000 });
 *   const quote = await getBundleQuote(http, 7, 'both');
 *   if (quote.costMicros !== null) await buyBundle(http, 7, 'both', quote.costMicros);
 */
import { idText, publicGet, signedCall, type ExchangeHttp } from './http.js';
import type { Subscription, SubscriptionDelivery } from './subscriptions.js';

type Public = Pick<ExchangeHttp, 'url' | 'timeoutMs'>;

/** How a tier's price follows the broker's quote. */
export type TierPriceRule = { rule: 'ask' } | { rule: 'ask-capped'; capBps: number } | { rule: 'window-budget'; windowBudgetMicros: number };

/** One contract (or bundle leg) at the broker's asks in its window open now. */
export interface LegQuote {
  contract: string;
  qty: number;
  /** The window open now (null: none). */
  seriesId: number | null;
  askMicros: number | null;
  /** `qty` rights up the asks (null: too few asks, or no window). */
  costMicros: number | null;
}

export interface TierView {
  name: string;
  contracts: string[];
  qtyPerContract: number;
  everyWindows: number;
  price: TierPriceRule;
  seats: number;
  seatsTaken: number;
  /** One window of the tier at the asks now (null: a contract has no window open or too few asks, or a window-budget tier would exceed its budget). */
  windowCostMicros: number | null;
  overWindowBudget: boolean;
  now: LegQuote[];
}

export interface ListingTiers {
  listingId: number;
  segment: string;
  version: number;
  tiers: TierView[];
  bundles: { name: string; legs: { listingId: number; contract: string; qty: number }[] }[];
}

export interface BundleQuote {
  listingId: number;
  name: string;
  legs: (LegQuote & { listingId: number })[];
  /** The sum of the legs at the asks (null: `unfillableLeg` cannot fill now). */
  costMicros: number | null;
  unfillableLeg: number | null;
  quotedAtMs: number;
}

export interface BundlePurchase {
  bundle: { listingId: number; name: string };
  legs: { listingId: number; contract: string; seriesId: number; qty: number; costMicros: number }[];
  costMicros: number;
}

export interface TierSubscribeTerms {
  listingId: number;
  tier: string;
  /** The most to spend in all, µPAT, shared evenly by the tier's contracts. */
  budgetMicros: number;
  trigger?: 'list' | 'open';
  maxSkips?: number;
  includeCurrent?: boolean;
  /** For the signer's organisation (its admins and traders): its account pays, and it takes a seat per member (docs/organisations.md, "Seats"). */
  organisation?: boolean;
  /** pull (default), or every contract's grants pushed to a webhook, as a subscription's (docs/subscriptions.md, "Delivery"). */
  delivery?: SubscriptionDelivery;
}

/** A tier subscription as made (TIER_SUBSCRIBED) or listed. */
export interface TierSubscription {
  tierSubscriptionId: number;
  listingId: number;
  tier: string;
  budgetMicros: number;
  status: 'active' | 'cancelled';
  subscriptionIds: number[];
  /** Listed: the sum its contracts spent. */
  spentMicros?: number;
  /** Made: the cap per right each contract was given, derived from the price rule and the quote. */
  capPriceMicros?: number[];
  seatsTaken?: number;
  seats?: number;
  subscriptions: Subscription[];
}

/** A published listing's tiers (each with its price at the asks now and seats taken) and bundles (getListingTiers; public). */
export async function getListingTiers(http: Public, listingId: number): Promise<ListingTiers> {
  return publicGet(http, `/v1/listings/${idText('listing', listingId)}/tiers`);
}

/** A bundle's quote: each leg at the broker's asks now, and the sum (getBundleQuote; public). */
export async function getBundleQuote(http: Public, listingId: number, name: string): Promise<BundleQuote> {
  return publicGet(http, `/v1/listings/${idText('listing', listingId)}/bundles/${encodeURIComponent(name)}`);
}

/** Buys every leg at the asks, or nothing; refused BUNDLE_PRICE_MOVED above `maxCostMicros` (buyBundle; signed). */
export async function buyBundle(http: ExchangeHttp, listingId: number, name: string, maxCostMicros: number): Promise<BundlePurchase> {
  return signedCall(http, 'POST', `/v1/listings/${idText('listing', listingId)}/bundles/${encodeURIComponent(name)}/buy`, { maxCostMicros });
}

/** Subscribes to a listing's tier: one subscription per contract, made at once, holding a seat (subscribeTier; signed). */
export async function subscribeTier(http: ExchangeHttp, terms: TierSubscribeTerms): Promise<TierSubscription> {
  return signedCall(http, 'POST', '/v1/tier-subscriptions', terms);
}

/** The account's live tier subscriptions, and a member's organisation's (listTierSubscriptions; signed). */
export async function listTierSubscriptions(http: ExchangeHttp): Promise<{ tierSubscriptions: TierSubscription[]; organisationTierSubscriptions?: TierSubscription[] }> {
  return signedCall(http, 'GET', '/v1/tier-subscriptions');
}

/** Cancels a tier subscription: its contracts together, its seat freed (cancelTierSubscription; signed). */
export async function cancelTierSubscription(http: ExchangeHttp, tierSubscriptionId: number): Promise<{ tierSubscriptionId: number; status: 'cancelled'; subscriptionIds: number[]; spentMicros: number }> {
  return signedCall(http, 'POST', `/v1/tier-subscriptions/${idText('tier subscription', tierSubscriptionId)}/cancel`);
}
