/**
 * What the example providers share: the provider's published catalog listing for a
 * segment, created and submitted on the first run, then waited for until the operator
 * publishes it (`./patx listings publish <id>`). A provider mints, sells forward and
 * delivers only where it has one (docs/catalog.md, docs/forwards.md).
 */
import { signedRequest, type MessageSigner } from '../src/client/index.js';
import { listingTemplate } from '../src/catalog/listing-template.js';
import { stop } from './exit.js';

interface OwnListing {
  id: number;
  segment: string;
  status: string;
}

/**
 * Row `n` of the example provider's data, in its listing's schema (deterministic: a real provider reads its own store):
 * stamped within the hour before `atMs` (the gate's delivery time, within the window sold: rows of a grant are numbered
 * from grantId × 10^6, so stamping `n` minutes back dated them decades before it), its score within `band` when the
 * contract's confidence band is known (the gate passes it: docs/delivery.md, "The reference provider server").
 */
export function exampleRecord(n: number, atMs: number, band?: { loBps: number; hiBps: number }): { user_id: string; score: number; event_time: string } {
  const b = band ?? { loBps: 7_000, hiBps: 8_500 };
  return { user_id: `u${1000 + (n % 5000)}`, score: (b.loBps + (n * 37) % (b.hiBps - b.loBps)) / 10_000, event_time: new Date(atMs - (n % 60) * 60_000).toISOString() };
}

/** A small CSV sample of what the listing delivers (a real provider uploads an extract of its data). */
function sampleCsv(): string {
  const now = Date.now();
  const rows = Array.from({ length: 50 }, (_, i) => {
    const r = exampleRecord(i, now);
    return `${r.user_id},${r.score.toFixed(2)},${r.event_time}`;
  });
  return ['user_id,score,event_time', ...rows].join('\n') + '\n';
}

/**
 * Its published listing for `segment`: created and submitted if it has none, then waited
 * for until the operator publishes it. `deliveryEndpoint` is where the provider serves the
 * records (its gate); the default is the reference provider server `npm start` runs, which
 * serves the demo provider (dev wallet 5) only.
 */
export async function publishedListing(httpUrl: string, wallet: MessageSigner, segment: string, deliveryEndpoint = 'http://127.0.0.1:8490/records'): Promise<number> {
  const own = await signedRequest<OwnListing[]>(httpUrl, wallet, 'GET', '/v1/provider/listings');
  if (own.status !== 200) stop(`the exchange would not list this provider's listings (GET /v1/provider/listings: ${own.status} ${JSON.stringify(own.body)}): is PATX_URL this exchange, and its clock right (signed requests are timed)?`);
  let listing: OwnListing | undefined = own.body.find((l) => l.segment === segment && l.status === 'published') ?? own.body.find((l) => l.segment === segment && l.status !== 'taken_down');
  if (listing === undefined) {
    const created = await signedRequest<OwnListing>(httpUrl, wallet, 'POST', '/v1/provider/listings', {
      ...listingTemplate(segment),
      title: `${segment} signals from an example provider`,
      description: 'Scored intent events, one row per user and event, refreshed daily.',
      provenance: { ...listingTemplate(segment).provenance, sensitiveCategories: ['none'] },
      licence: { permittedUses: ['analytics', 'advertising'], retentionDays: 30, redistribution: false },
      deliveryEndpoint,
      sample: { format: 'csv', base64: Buffer.from(sampleCsv()).toString('base64') },
    });
    if (created.status !== 201) stop(`the exchange refused the new listing (${created.status}: ${JSON.stringify(created.body)}): nothing was minted; see docs/catalog.md for what a listing needs`);
    listing = created.body;
    console.log(`listing ${listing.id} created for ${segment}`);
  }
  if (listing.status === 'draft' || listing.status === 'rejected' || listing.status === 'unpublished') {
    const submitted = await signedRequest<OwnListing>(httpUrl, wallet, 'POST', `/v1/provider/listings/${listing.id}/submit`);
    if (submitted.status !== 200) stop(`the exchange refused to submit listing ${listing.id} (${submitted.status}: ${JSON.stringify(submitted.body)}): nothing was minted`);
    listing = submitted.body;
  }
  let current: OwnListing = listing;
  if (current.status !== 'published') console.log(`listing ${listing.id} is waiting for the operator to publish it: ./patx listings publish ${listing.id}`);
  while (current.status !== 'published') {
    await new Promise((r) => setTimeout(r, 500));
    current = (await signedRequest<OwnListing>(httpUrl, wallet, 'GET', `/v1/provider/listings/${current.id}`)).body;
    if (current.status === 'rejected' || current.status === 'taken_down') stop(`the operator ${current.status === 'rejected' ? 'rejected' : 'took down'} listing ${current.id}, so this provider may not mint: see why with GET /v1/provider/listings/${current.id}, fix it and run again`);
  }
  console.log(`listing ${current.id} for ${segment} is published: this account may mint in its series`);
  return current.id;
}
