/**
 * A listing to fill in (docs/catalog.md, "Listings"): every field the exchange asks of a version but
 * its sample, with values a provider replaces. `patx provider listing template` prints it, and the
 * example providers (examples/provider-listing.ts) send it with their own title and endpoint.
 * Types only from listing.ts: the CLI loads this without zod.
 *
 * `sensitiveCategories: ['none']`: personal data with no category named fails the trust score's disclosure
 * check (trust.ts, sensitiveCategoriesNamed), so a listing sent as the template left it scored 5 of 6 with no
 * word why; `['none']` says there is none, and the provider names its own (`['health']`) instead. The
 * `deliveryEndpoint` is a placeholder: where the provider's gate serves (`patx provider listing template` says so on stderr).
 */
import type { ListingInput } from './listing.js';

export type ListingTemplate = Omit<ListingInput, 'sample' | 'kind' | 'modelFeed' | 'terms' | 'seats'>;

export function listingTemplate(segment: string): ListingTemplate {
  return {
    segment,
    title: `${segment} signals`,
    description: 'What one row is, where it comes from, how fresh it is.',
    schema: {
      columns: [
        { name: 'user_id', type: 'string', nullable: false, description: 'pseudonymous user id' },
        { name: 'score', type: 'number', nullable: false, description: 'intent confidence', unit: 'probability' },
        { name: 'event_time', type: 'timestamp', nullable: false, description: 'when the signal was observed' },
      ],
      timestampColumn: 'event_time',
      keyColumns: ['user_id', 'event_time'],
    },
    provenance: { source: 'first-party app events', collectionMethod: 'SDK events, scored hourly', legalBasis: 'consent', personalData: true, sensitiveCategories: ['none'] },
    licence: { permittedUses: ['analytics'], retentionDays: 30, redistribution: false },
    cadence: 'daily',
    deliveryEndpoint: 'https://data.example.com/records',
    changeLog: 'first version',
  };
}
