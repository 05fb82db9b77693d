/**
 * A provider's side of the exchange from a program (docs/providers.md, docs/catalog.md): its
 * listings (create a draft with its sample, a new version, submit for review, unpublish,
 * delete a draft, storage against quotas), a model feed's signals and outcomes, the grants it
 * owes delivery on, and its payout statement. All wallet-signed with the provider's wallet.
 * Each function is one operation of the route registry (its operationId in the comment); a
 * refusal throws PatxHttpError (http.ts).
 *
 *   const http = { url: 'http://127.0.0.1:8480', wallet: providerWallet };
 *   const draft = await createListing(http, { segment: 'AUTO_INTENT', title: 'Intent', ... sample: { format: 'csv', base64 } });
 *   await submitListing(http, draft.id);
 *   const { grants } = await listOwedGrants(http);
 */
import type { z } from 'zod';
import type { ListingSummary } from '../catalog/catalog.js';
import type { ListingVersion, PendingVersion, Rating, ReviewState, listingInputSchema } from '../catalog/listing.js';
import type { OutcomeSource } from '../catalog/model-feed.js';
import type { TrustScore } from '../catalog/trust.js';
import type { MonthTotals } from '../settlement/handlers.js';
import type { PayoutEntry } from '../settlement/store.js';
import { grantPagingQuery, type GrantCursorPage, type GrantPage, type GrantPaging } from './grants.js';
import { idText, queryOf, signedCall, type ExchangeHttp, type WireJson } from './http.js';

/** A listing version as the provider sends it: metadata and its sample (base64), measured on arrival (src/catalog/listing.ts's schema). */
export type ListingInput = z.input<typeof listingInputSchema>;

/** One of the provider's listings in its list: the current version, scored, with what awaits review. */
export type OwnListing = ListingSummary & ReviewState;

/** One of the provider's listings whole: every version's metadata (not the sample bytes), its ratings, and a version awaiting review. */
export interface OwnListingDetail extends OwnListing {
  /** Why the operator rejected or took it down. */
  reason?: string;
  versions: ListingVersion[];
  ratings: Rating[];
  score: TrustScore;
  pending?: PendingVersion;
}

/** What the provider stores against its quotas. */
export interface ListingUsage {
  usage: { sampleBytes: number; drafts: number; listings: number };
  quotas: { sampleBytes: number; drafts: number; listings: number };
}

/** One signal of a model feed: a position in [-1, 1] in an instrument. */
export interface SignalInput {
  signalId: string;
  instrument: string;
  position: number;
}

/** A provider's payout statement (GET /v1/payouts/statement; src/settlement/handlers.ts), wei as decimal strings. */
export interface PayoutStatement {
  accountId: number;
  /** Whether the operator verified this provider, and whether its payouts are held. */
  payouts: { verifiedProvider: boolean; held: boolean; heldWei: string };
  entries: WireJson<PayoutEntry>[];
  totalNetWei: string;
  /** The next page's first batch (fromBatch), null on the last page. */
  next: number | null;
  /**
   * Its sale proceeds held in escrow now against its free PAT, µPAT, and what the listed batches held, released and
   * refunded (of it from free PAT beyond the held proceeds: absent from an exchange before 2026-12-02).
   */
  escrow: { heldNowMicros: number; freeNowMicros: number; inEntries: { heldMicros: number; releasedMicros: number; refundedMicros: number; refundedFromFreeMicros?: number; shortfallMicros: number } };
  /** Its exercised rights, newest first, each with its grant, batch, what its gate reported and the grant's escrow. */
  redemptions: Array<{ exercisedAtMs: number; qty: number; [field: string]: unknown }>;
  months: WireJson<MonthTotals>[];
  month?: string;
  monthTotals?: WireJson<MonthTotals>;
}

/** The provider's own listings, any status, with what awaits review (listOwnListings). */
export async function listOwnListings(http: ExchangeHttp): Promise<OwnListing[]> {
  return signedCall<OwnListing[]>(http, 'GET', '/v1/provider/listings');
}

/** One of its listings with every version (getOwnListing); NOT_OWNER for another's. */
export async function getOwnListing(http: ExchangeHttp, listingId: number): Promise<OwnListingDetail> {
  return signedCall<OwnListingDetail>(http, 'GET', `/v1/provider/listings/${idText('listing', listingId)}`);
}

/** The sample of its listing's newest version (the one awaiting review, if any) as sent (getOwnListingSample): resent with a new version that changes only text. */
export async function getOwnListingSample(http: ExchangeHttp, listingId: number): Promise<{ version: number; format: 'csv' | 'jsonl' | 'parquet'; sha256: string; bytes: number; base64: string }> {
  return signedCall(http, 'GET', `/v1/provider/listings/${idText('listing', listingId)}/sample`);
}

/** Creates a listing (a draft) with its first version and sample, measured on arrival (createListing); MALFORMED_LISTING names the field. */
export async function createListing(http: ExchangeHttp, listing: ListingInput): Promise<OwnListingDetail> {
  return signedCall<OwnListingDetail>(http, 'POST', '/v1/provider/listings', listing);
}

/**
 * A new version of a listing (updateListing): a published listing stays published; a change
 * to its delivery endpoint, schema, licence or provenance waits for the operator (`pendingReview`).
 */
export async function updateListing(http: ExchangeHttp, listingId: number, listing: ListingInput): Promise<OwnListingDetail> {
  return signedCall<OwnListingDetail>(http, 'PUT', `/v1/provider/listings/${idText('listing', listingId)}`, listing);
}

/** Submits a draft (or a rejected or unpublished listing) for the operator's review (submitListing). */
export async function submitListing(http: ExchangeHttp, listingId: number): Promise<OwnListingDetail> {
  return signedCall<OwnListingDetail>(http, 'POST', `/v1/provider/listings/${idText('listing', listingId)}/submit`);
}

/** Withdraws a published or submitted listing (unpublishListing). */
export async function unpublishListing(http: ExchangeHttp, listingId: number): Promise<OwnListingDetail> {
  return signedCall<OwnListingDetail>(http, 'POST', `/v1/provider/listings/${idText('listing', listingId)}/unpublish`);
}

/** Deletes a draft never published, freeing its sample bytes (deleteDraftListing). */
export async function deleteDraftListing(http: ExchangeHttp, listingId: number): Promise<{ id: number; deleted: true } & ListingUsage> {
  return signedCall(http, 'DELETE', `/v1/provider/listings/${idText('listing', listingId)}`);
}

/** What the provider stores (sample bytes, drafts, listings) against its quotas (getListingUsage). */
export async function getListingUsage(http: ExchangeHttp): Promise<ListingUsage> {
  return signedCall<ListingUsage>(http, 'GET', '/v1/provider/listings/usage');
}

/** A model feed's new signals (1 to 1,000), each stamped with the exchange's receive time (postModelFeedSignals); a signal never changes. */
export async function postModelFeedSignals(http: ExchangeHttp, listingId: number, signals: SignalInput[]): Promise<{ signals: { signalId: string; atMs: number; seq: number }[] }> {
  return signedCall(http, 'POST', `/v1/provider/listings/${idText('listing', listingId)}/signals`, { signals });
}

/** Realised outcomes of past signals, bps, inside [signal time + horizon, + grace] (postModelFeedOutcomes). */
export async function postModelFeedOutcomes(http: ExchangeHttp, listingId: number, outcomes: { signalId: string; outcomeBps: number }[]): Promise<{ outcomes: { signalId: string; outcomeBps: number; source: OutcomeSource }[] }> {
  return signedCall(http, 'POST', `/v1/provider/listings/${idText('listing', listingId)}/outcomes`, { outcomes });
}

/**
 * The grants the provider owes delivery on, newest first, each with its delivery and escrow (listOwedGrants). With
 * `before` (the previous page's `next`) a page reads only itself and counts nothing; by offset it says the total.
 */
export function listOwedGrants(http: ExchangeHttp, page: { before: number; limit?: number }): Promise<GrantCursorPage>;
export function listOwedGrants(http: ExchangeHttp, page?: { offset?: number; limit?: number }): Promise<GrantPage>;
export async function listOwedGrants(http: ExchangeHttp, page: GrantPaging = {}): Promise<GrantPage | GrantCursorPage> {
  return signedCall<GrantPage>(http, 'GET', `/v1/provider/grants${queryOf(grantPagingQuery(page))}`);
}

/**
 * Rights refunded to consumers of the provider's grants, which its gate must no longer serve, after journal seq `after`
 * (listRevocations; docs/delivery.md, "Refunded rights leave the gate"): each grant's rights withdrawn in all. Hand a
 * page to `Gate.revoke(page.revocations, page.next)` and ask again with `after: page.next`. `waitMs` (at most 8,000)
 * makes it a long poll: with nothing after `after`, the answer waits that long for the provider's next refund.
 */
export async function listRevocations(http: ExchangeHttp, page: { after?: number; limit?: number; waitMs?: number } = {}): Promise<{ revocations: Array<{ seq: number; grantId: number; revokedQty: number }>; next: number }> {
  return signedCall(http, 'GET', `/v1/provider/revocations${queryOf({ after: page.after, limit: page.limit, waitMs: page.waitMs })}`);
}

/**
 * The provider's payout statement (getPayoutStatement): batch by batch, its escrow, redemptions,
 * totals per month, whether its payouts are held; `month` (YYYY-MM) narrows to one month.
 * SETTLEMENT_UNAVAILABLE (503) on an exchange running without settlement.
 */
export async function getPayoutStatement(http: ExchangeHttp, page: { fromBatch?: number; limit?: number; month?: string } = {}): Promise<PayoutStatement> {
  return signedCall<PayoutStatement>(http, 'GET', `/v1/payouts/statement${queryOf({ fromBatch: page.fromBatch, limit: page.limit, month: page.month })}`);
}

