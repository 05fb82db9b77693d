/**
 * POST /v1/listings/{id}/bundles/{name}/buy {maxCostMicros} (wallet-signed): every leg at the asks or nothing.
 * The service checks what the engine cannot (each leg's listing still the bundle provider's, a window open now);
 * the engine decides the purchase (BUY_BUNDLE) and its refusal names the leg that could not fill.
 */
import { z } from 'zod';
import { CommandKind, EventType, type Engine, type EngineEvent, type Sequencer } from '../engine/index.js';
import type { BundleInput, Listing } from '../catalog/index.js';
import type { HttpReply, MountedRoute } from '../http-registry/index.js';
import { bundlesOf } from './listing-terms-route.js';
import { buyBundleBody, TIER_OPERATIONS as OPS } from './tier-operations.js';
import { refusalOf, tierError, unknownBundle, unknownListing } from './tier-replies.js';
import { bundleLegs, currentWindow } from './tier-views.js';

/** What a bundle's purchase reads and submits through. */
export interface BundleBuyOptions {
  engine: Engine;
  sequencer: Pick<Sequencer, 'submit'>;
  publishedListing: (id: number) => Listing | undefined;
  clock: () => number;
}

type BundleLeg = ReturnType<typeof bundleLegs>[number];

export function bundleBuyRoute(o: BundleBuyOptions): MountedRoute {
  return {
    operations: [OPS.buyBundle],
    maxBodyBytes: 1024,
    async handle(req) {
      const parsed = buyBundleBody.safeParse(req.body);
      if (!parsed.success) return tierError(400, 'MALFORMED_BUNDLE_BUY', z.prettifyError(parsed.error));
      const listing = o.publishedListing(Number(req.params.id));
      if (listing === undefined) return unknownListing(req.params.id);
      const bundle = bundlesOf(listing).find((b) => b.name === req.params.name);
      if (bundle === undefined) return unknownBundle(listing.id, req.params.name);
      const nowMs = o.clock();
      const legs = bundleLegs(listing, bundle);
      const seriesIds = legSeries(o, listing, legs, nowMs);
      if (!Array.isArray(seriesIds)) return seriesIds;
      const result = await o.sequencer.submit({
        kind: CommandKind.BUY_BUNDLE, actor: req.accountId, bundleId: listing.id, maxCostMicros: parsed.data.maxCostMicros,
        legs: legs.map((l, i) => ({ seriesId: seriesIds[i]!, qty: l.qty })),
      });
      return refusalOf(result.events) ?? boughtReply(result.events, listing, bundle, legs);
    },
  };
}

/**
 * Each leg's series: its contract's window open now. The first leg whose listing is withdrawn (or no longer the
 * bundle provider's) or that has no window open answers 409 with its index, and nothing is submitted.
 */
function legSeries(o: BundleBuyOptions, listing: Listing, legs: readonly BundleLeg[], nowMs: number): number[] | HttpReply {
  const seriesIds: number[] = [];
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i]!;
    const legListing = o.publishedListing(leg.listingId);
    // A leg's listing withdrawn since the bundle was defined, or no longer the same provider's: the bundle does not sell.
    if (legListing === undefined || legListing.providerAccountId !== listing.providerAccountId) {
      return tierError(409, 'LEG_NOT_PUBLISHED', `leg ${i}: listing ${leg.listingId} is not published: the bundle cannot be bought now`, { leg: i });
    }
    const window = currentWindow(o.engine, leg.contract, nowMs);
    if (window === undefined) return tierError(409, 'NO_OPEN_WINDOW', `leg ${i}: ${leg.contract} has no window open now`, { leg: i });
    seriesIds.push(window.seriesId);
  }
  return seriesIds;
}

/** The bundle bought: each leg's fill beside its listing and contract, and the total cost. */
function boughtReply(events: EngineEvent[], listing: Listing, bundle: BundleInput, legs: readonly BundleLeg[]): HttpReply {
  const bought = events.find((e) => e.type === EventType.BUNDLE_BOUGHT);
  if (bought?.type !== EventType.BUNDLE_BOUGHT) return tierError(500, 'NO_EVENT', 'the bundle was neither bought nor refused');
  return {
    status: 200,
    body: {
      bundle: { listingId: listing.id, name: bundle.name },
      legs: bought.legs.map((l, i) => ({ listingId: legs[i]!.listingId, contract: legs[i]!.contract, ...l })),
      costMicros: bought.costMicros,
    },
  };
}
