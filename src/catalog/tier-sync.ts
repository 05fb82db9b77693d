/**
 * The catalog's side of tiers and bundles (tiers.ts): which tiers the engine must hold
 * (SET_LISTING_TIERS for each published listing whose live version's tiers differ from the
 * engine's), and the check that a bundle's legs are the provider's own listings of their
 * contracts' segments.
 */
import { CommandKind, EventType, SYSTEM_ACTOR, type Engine, type Sequencer, type TierTerms } from '../engine/index.js';
import { CatalogError } from './catalog-error.js';
import type { Listing } from './listing.js';
import type { ListingTerms } from './terms.js';
import { tierTermsOf } from './tiers.js';

/** The tiers each published listing's live version defines, by listing id (none: not in the map). */
export function wantedTiers(listings: Iterable<Listing>): Map<number, { segment: string; tiers: TierTerms[] }> {
  const wanted = new Map<number, { segment: string; tiers: TierTerms[] }>();
  for (const l of listings) {
    if (l.status !== 'published') continue;
    const tiers = l.versions[l.versions.length - 1]!.terms?.tiers ?? [];
    if (tiers.length > 0) wanted.set(l.id, { segment: l.segment, tiers: tiers.map(tierTermsOf) });
  }
  return wanted;
}

/** SET_LISTING_TIERS for each listing whose tiers differ from the engine's (none: withdrawn). Resolves with the commands sent. */
export async function sendTierChanges(listings: Iterable<Listing>, engine: Engine, sequencer: Pick<Sequencer, 'submit'>): Promise<number> {
  const wanted = wantedTiers(listings);
  const ids = [...new Set([...wanted.keys(), ...engine.tiers.byListing.keys()])].sort((a, b) => a - b);
  let sent = 0;
  for (const listingId of ids) {
    const want = wanted.get(listingId);
    const has = engine.tiers.byListing.get(listingId);
    const hasTiers = has === undefined ? [] : [...has.tiers.values()];
    if (JSON.stringify(want?.tiers ?? []) === JSON.stringify(hasTiers)) continue;
    const segment = want?.segment ?? has!.segment;
    const result = await sequencer.submit({ kind: CommandKind.SET_LISTING_TIERS, actor: SYSTEM_ACTOR, listingId, segment, tiers: want?.tiers ?? [] });
    if (result.events[0]?.type === EventType.COMMAND_REJECTED) throw new Error(`the engine refused listing ${listingId}'s tiers: ${JSON.stringify(result.events[0])}`);
    sent++;
  }
  return sent;
}

/** Refuses a version whose bundle names a listing that is not the provider's, or a contract outside that listing's segment. */
export function checkBundleLegs(terms: ListingTerms | undefined, providerAccountId: number, listingOf: (id: number) => Listing | undefined): void {
  (terms?.bundles ?? []).forEach((b, i) => {
    b.legs.forEach((leg, j) => {
      if (leg.listingId === undefined) return;
      const other = listingOf(leg.listingId);
      const path = ['terms', 'bundles', i, 'legs', j];
      if (other === undefined || other.providerAccountId !== providerAccountId) {
        throw new CatalogError('MALFORMED_LISTING', `bundle ${b.name}: listing ${leg.listingId} is not one of yours (a bundle is made of its provider's own listings)`, [{ path: [...path, 'listingId'] }]);
      }
      if (!leg.contract.startsWith(`${other.segment}|`)) {
        throw new CatalogError('MALFORMED_LISTING', `bundle ${b.name}: ${leg.contract} is not a contract of listing ${leg.listingId}'s segment ${other.segment}`, [{ path: [...path, 'contract'] }]);
      }
    });
  });
}
