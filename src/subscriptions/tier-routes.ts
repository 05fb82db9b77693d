/**
 * Tiers and bundles over HTTP (docs/subscriptions.md, "Tiers"; docs/catalog.md, "Bundles"):
 *
 *   public
 *     GET  /v1/listings/{id}/tiers                      a listing's tiers (price at the asks now, seats) and bundles
 *     GET  /v1/listings/{id}/bundles/{name}             a bundle's quote: each leg at the asks, the sum
 *   subscriber (wallet-signed)
 *     POST /v1/listings/{id}/bundles/{name}/buy {maxCostMicros}        every leg or nothing
 *     POST /v1/tier-subscriptions {listingId, tier, budgetMicros, …, delivery?}   201 the tier subscription (pulled, or pushed to a webhook)
 *     GET  /v1/tier-subscriptions                                      the account's live ones
 *     POST /v1/tier-subscriptions/{id}/cancel                          all its contracts together
 *
 * The catalog says what a listing's live version offers; the engine holds the tiers and the
 * seats (SET_LISTING_TIERS from the catalog) and decides every purchase. Errors are the house
 * shape `{error: CODE, message}` (a bundle's refusal adds `leg`, the index of the leg that could
 * not fill); nothing changes on one.
 *
 * One module a route: listing-terms-route.ts, bundle-buy-route.ts, tier-subscription-routes.ts; how they
 * refuse is tier-replies.ts. This module composes them in the gateway's order.
 */
import type { Engine, Sequencer } from '../engine/index.js';
import type { Listing } from '../catalog/index.js';
import type { MountedRoute } from '../http-registry/index.js';
import type { SubscriptionLedger } from './ledger.js';
import type { PushChecks } from './push-terms.js';
import type { SubscriptionCover } from './cover.js';
import { bundleBuyRoute } from './bundle-buy-route.js';
import { listingTermsRoute } from './listing-terms-route.js';
import { tierSubscriptionRoute } from './tier-subscription-routes.js';

export interface TierRouteOptions extends PushChecks {
  engine: Engine;
  /** `released`: the tiers' prices and the live tier subscriptions are read at their place in the queue, never ahead of the journal. */
  sequencer: Pick<Sequencer, 'submit' | 'released'>;
  /** Undefined until the ledger is open. */
  ledger: () => SubscriptionLedger | undefined;
  /** A published listing (undefined: none, or not public). */
  publishedListing: (id: number) => Listing | undefined;
  clock: () => number;
  /** The free PAT new subscriptions need with the account's live ones (cover.ts). */
  cover: SubscriptionCover;
}

export function tierRoutes(o: TierRouteOptions): MountedRoute[] {
  return [listingTermsRoute(o), bundleBuyRoute(o), tierSubscriptionRoute(o)];
}
