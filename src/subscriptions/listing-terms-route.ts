/**
 * The public listing terms: GET /v1/listings/{id}/tiers (a listing's tiers priced at the asks now, their seats,
 * and its bundles' legs) and GET /v1/listings/{id}/bundles/{name} (a bundle's quote: each leg at the asks, the sum).
 * Both read the engine at their place in the queue, never ahead of the journal.
 */
import type { Sequencer } from '../engine/index.js';
import type { BundleInput, Listing, TierInput } from '../catalog/index.js';
import { replyReleased, type HttpReply, type HttpRequestInfo, type MountedRoute } from '../http-registry/index.js';
import { TIER_OPERATIONS as OPS } from './tier-operations.js';
import { unknownBundle, unknownListing } from './tier-replies.js';
import { bundleLegs, bundleQuote, tierView } from './tier-views.js';

/** What the listing terms read: the published listings, the clock, and the engine at its place in the queue. */
export interface ListingTermsOptions {
  sequencer: Pick<Sequencer, 'released'>;
  publishedListing: (id: number) => Listing | undefined;
  clock: () => number;
}

/** The tiers a listing's live version offers. */
export function tiersOf(listing: Listing): TierInput[] {
  return listing.versions[listing.versions.length - 1]!.terms?.tiers ?? [];
}

/** The bundles a listing's live version offers. */
export function bundlesOf(listing: Listing): BundleInput[] {
  return listing.versions[listing.versions.length - 1]!.terms?.bundles ?? [];
}

export function listingTermsRoute(o: ListingTermsOptions): MountedRoute {
  return {
    operations: [OPS.listingTiers, OPS.bundleQuote],
    // Not async: a reply is a promise only where the engine is read.
    handle(req) {
      const listing = o.publishedListing(Number(req.params.id));
      if (listing === undefined) return Promise.resolve(unknownListing(req.params.id));
      const nowMs = o.clock();
      if (req.operationId === OPS.listingTiers.operationId) return listingTiers(o, listing, nowMs);
      return bundleQuoteReply(o, listing, req, nowMs);
    },
  };
}

/** The listing's tiers, each priced at the asks now with its seats, and its bundles' legs. */
function listingTiers(o: ListingTermsOptions, listing: Listing, nowMs: number): Promise<HttpReply> {
  return replyReleased(
    o.sequencer.released((engine) => ({
      status: 200,
      body: {
        listingId: listing.id, segment: listing.segment, version: listing.versions.length,
        tiers: tiersOf(listing).map((t) => tierView(engine, listing, t, nowMs)),
        bundles: bundlesOf(listing).map((b) => ({ name: b.name, legs: bundleLegs(listing, b) })),
      },
    })),
  );
}

/** The named bundle's quote: each leg at the asks now, and the sum. */
function bundleQuoteReply(o: ListingTermsOptions, listing: Listing, req: HttpRequestInfo, nowMs: number): Promise<HttpReply> {
  const bundle = bundlesOf(listing).find((b) => b.name === req.params.name);
  if (bundle === undefined) return Promise.resolve(unknownBundle(listing.id, req.params.name));
  return replyReleased(o.sequencer.released((engine) => ({ status: 200, body: bundleQuote(engine, listing, bundle, nowMs) })));
}
