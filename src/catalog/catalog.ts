/**
 * The catalog: providers' listings through their life, their samples measured
 * on every upload, consumers' ratings, trust scores, search, and the segment
 * trust that feeds the broker's pricing (a journaled `quoting.trust:<SEGMENT>`).
 *
 *   draft ──submit──▶ submitted ──publish (operator)──▶ published ──unpublish──▶ unpublished
 *     ▲                  │ reject (operator)               │ update: a new version, still published
 *     └──── update ◀── rejected          take_down (operator, any but draft) ──▶ taken_down
 *
 * A new version of a published listing that changes something material (listing.ts,
 * MATERIAL_FIELDS) is held as the listing's pending version until the operator approves it
 * (then it is live) or rejects it; the previous version stays live meanwhile.
 *
 * Every transition is a row in the catalog's audit log (LMDB, survives restarts),
 * with who did it and why. Every request is validated before anything is stored.
 */
import { CommandKind, EventType, Role, SeriesStatus, SYSTEM_ACTOR, type Engine, type Sequencer, type UsageUnit } from '../engine/index.js';
import { CatalogError, listingKind, materialChanges, modelFeedChangesOf, type Listing, type ListingStatus, type ListingVersion, type PendingVersion, type QualitySummary, type Rating, type ReferenceSample } from './listing.js';
import type { SamplePreview } from './measure.js';
import { DEFAULT_MAX_SAMPLE_BYTES } from './data-schema.js';
import type { AccuracyResult } from './accuracy.js';
import { conformanceOfTask, recordsOf, type ConformanceTask, type ConformanceVerdict, type SoldWindow } from './conformance.js';
import { accuracyOfVersion, DEFAULT_TIMELINESS_WINDOW_MS, isPreparedListing, prepareListingVersion, prepareReference, previewOf, sha256, type AccuracyTask, type ListingTask, type PreparedListing, type PreviewTask, type ReferenceTask } from './prepare.js';
import type { CatalogAuditEntry, CatalogStore } from './store.js';
import { SearchIndex, type SearchFilters } from './search-index.js';
import { NO_DELIVERY_RECORD, trustScore, type DeliveryRecord, type TrustScore } from './trust.js';
import { discoveryFacts, discoveryView, type DiscoveryView } from './discovery.js';
import { DEFAULT_CATALOG_QUOTAS, type CatalogQuotas } from './quotas.js';
import { MAX_SEGMENT_SEATS } from '../engine/index.js';
import { ModelFeeds, type FeedHost } from './model-feeds.js';
import { checkBundleLegs, sendTierChanges } from './tier-sync.js';
import type { ListingKind } from './model-feed.js';
import { storedTerms, usageOf, usageUnitCode } from './terms.js';
import type { TradeReader } from './feed-prices.js';
import { labelledMetricLines, metricLines, type LabelledSample } from '../runtime/prometheus-text.js';

export interface CatalogDeps {
  store: CatalogStore;
  /** The in-process engine, read between turns: account roles and who exercised what. */
  engine: Engine;
  /** For the journaled segment trust the pricing reads. */
  sequencer: Sequencer;
  clock: () => number;
  /** Why no sample may be stored now (the disk under the data dir is low: src/app/data-dir-space.ts), if none may. */
  diskLow?: () => string | undefined;
  /** Largest sample, bytes (default 10 MiB). */
  maxSampleBytes?: number;
  /**
   * Where samples are decoded and measured (src/catalog/prepare.ts's functions). The service
   * runs them on an intake worker, off the engine's thread (src/intake/); default: in this
   * thread (tests, embedders).
   */
  sampleWork?: SampleWork;
  /** Bounds on what providers may store (defaults: DEFAULT_CATALOG_QUOTAS). */
  quotas?: Partial<CatalogQuotas>;
  /**
   * Free bytes under the data dir now, and the mark under which the journal takes only
   * cancels (src/app/data-dir-space.ts): a sample is stored only if the free space after it stays
   * `quotas.diskReserveBytes` above that mark. Undefined: not checked (tests).
   */
  disk?: { freeBytes: () => number; lowFreeBytes: number };
  /** The exchange's trades (src/gateway/trade-history.ts): model feeds' outcomes and the price of a right. */
  trades?: TradeReader;
  /**
   * How long a model feed's live signals must span before it may be published (docs/catalog.md,
   * "Burn-in"). The service passes the configured one (src/app/config.ts, modelFeedBurnInMs); default
   * 0, off, for embedders and tests that are not about it.
   */
  modelFeedBurnInMs?: number;
  /**
   * Why a delivery endpoint's address may not be listed, or undefined (the service's:
   * src/subscriptions/endpoint-address.ts, an address inside a network not allowed). Default: none refused.
   */
  endpointProblem?: (endpoint: string) => string | undefined;
}

export { DEFAULT_CATALOG_QUOTAS, type CatalogQuotas };

/** The costly sample work, wherever it runs. */
export interface SampleWork {
  listing(t: ListingTask): Promise<PreparedListing>;
  conformance(t: ConformanceTask): Promise<ConformanceVerdict>;
  reference(t: ReferenceTask): Promise<Awaited<ReturnType<typeof prepareReference>>>;
  accuracy(t: AccuracyTask): Promise<Awaited<ReturnType<typeof accuracyOfVersion>>>;
  preview(t: PreviewTask): Promise<SamplePreview>;
}

export const IN_THREAD_SAMPLE_WORK: SampleWork = { conformance: async (t) => conformanceOfTask(t), listing: prepareListingVersion, reference: prepareReference, accuracy: accuracyOfVersion, preview: previewOf };

const DAY_MS = 24 * 60 * 60 * 1000;
/** Previews kept, by sample hash: a listing's page is public, and measuring a 10 MiB sample for every read would let anyone keep a worker busy. */
const PREVIEW_CACHE_ENTRIES = 512;

/** The largest sample taken by default (data-schema.ts: the console checks a file against it too). */
export { DEFAULT_MAX_SAMPLE_BYTES };
/** A segment's trust is re-journaled when it moves by at least this much. */
const TRUST_STEP = 0.005;
/** The search index takes this many changes in its overlay (or 2% of the listings) before a rebuild. */
const INDEX_MIN_REBUILD_CHANGES = 256;
/** ... and is rebuilt at the first search after this age: trust scores move with time. */
const INDEX_MAX_AGE_MS = 10 * 60_000;

export type ListingFilters = SearchFilters;

/** Asked as a consumer rates a listing: why its rating must not count (washing), or undefined. */
export type RatingFilter = (r: { listingId: number; providerAccountId: number; consumerAccountId: number; stars: number }) => Rating['notCounted'];

/** A listing as the public sees it: the current version, scored. */
export interface ListingSummary {
  id: number;
  segment: string;
  title: string;
  status: ListingStatus;
  providerAccountId: number;
  version: number;
  cadence: string;
  permittedUses: string[];
  quality: ListingVersion['quality'];
  trust: number;
  updatedAtMs: number;
  /** The operator verified the provider's identity (docs/providers.md): the only part of it anyone else sees. */
  verifiedProvider: boolean;
  kind: ListingKind;
  /** A model feed's state: downgraded on drift; whether the exchange verifies its outcomes (a patx-series target). */
  modelFeed?: { status: 'live' | 'downgraded'; verifiedOutcomes: boolean };
}

export class Catalog {
  private readonly listings = new Map<number, Listing>();
  /** Listing ids by provider, in the order `listings` holds them: a provider's listings (its page, its quota at each upload) were found by copying and filtering every listing. */
  private readonly idsByProvider = new Map<number, Set<number>>();
  /** Published listings' search rows (search scans these, not LMDB); changes go to its overlay until a rebuild. */
  private index: SearchIndex | undefined;
  /** The segment trust last journaled, by segment. */
  private readonly journaledTrust = new Map<string, number>();
  /** Per listing, the version live after each audited transition (0: none), oldest first: what a purchase bought. */
  private readonly liveHistory = new Map<number, { atMs: number; version: number }[]>();
  private readonly listingIdsBySegment = new Map<string, number[]>();
  /** The published listings' ids, ascending, kept as listings change: a page of scores reads its page, not every listing. */
  private readonly publishedIds: number[] = [];
  /** What providers' gates reported per listing (the grant ledger, once grants are issued): it feeds reliability. */
  private deliveryOf: (listingId: number) => DeliveryRecord | undefined = () => undefined;
  /** Rights a consumer received from a listing (src/catalog/rating-eligibility.ts); none until the grant ledger is set. */
  private rightsReceived: (consumerAccountId: number, listingId: number) => Promise<number> = () => Promise.resolve(0);
  private ratingFilter: RatingFilter = () => undefined;
  /** Provider-listing syncs run one after another: each reads the engine as the previous left it. */
  private listingSync: Promise<number> = Promise.resolve(0);
  /** Largest sample, bytes. */
  readonly maxSampleBytes: number;
  /** Model feeds' signals, outcomes, performance and drift (model-feeds.ts). */
  readonly feeds: ModelFeeds;
  private readonly work: SampleWork;
  /** Previews by sample SHA-256, oldest first (a Map keeps insertion order: re-inserting on a hit makes it least-recently used). */
  private readonly previews = new Map<string, SamplePreview>();
  readonly quotas: CatalogQuotas;
  /** Every stored sample: its size and how many listing versions and references name it. */
  private readonly samples = new Map<string, { bytes: number; refs: number }>();
  private storedSampleBytes = 0;
  /** Per provider: the samples its listings name (with how many versions name each), and their bytes. */
  private readonly providerSamples = new Map<number, { bySha: Map<string, number>; bytes: number }>();
  /** Per provider, listings being created (measured, not yet stored): they count against its drafts. */
  private readonly creating = new Map<number, number>();

  constructor(private readonly deps: CatalogDeps) {
    this.maxSampleBytes = deps.maxSampleBytes ?? DEFAULT_MAX_SAMPLE_BYTES;
    this.work = deps.sampleWork ?? IN_THREAD_SAMPLE_WORK;
    this.quotas = { ...DEFAULT_CATALOG_QUOTAS, ...deps.quotas };
    const host: FeedHost = {
      get: (id) => this.get(id),
      ownedListing: (id, providerAccountId) => this.ownedListing(id, providerAccountId),
      all: () => this.all(),
      storeQuietly: (listing) => {
        this.deps.store.putListing(listing);
        this.keep(listing);
        this.notePublished(listing);
        this.index?.change(listing);
      },
      storeAudited: (listing, actor, action, reason) => this.save(listing, actor, action, listing.status, reason),
    };
    this.feeds = new ModelFeeds({ host, store: deps.store, engine: deps.engine, clock: deps.clock, burnInMs: deps.modelFeedBurnInMs ?? 0, ...(deps.trades === undefined ? {} : { trades: deps.trades }) });
    for (const l of deps.store.allListings()) this.keep(l);
    for (const l of [...this.listings.values()].sort((a, b) => a.id - b.id)) {
      this.indexSegment(l);
      if (this.isPublic(l)) this.publishedIds.push(l.id);
      for (const v of l.versions) this.countSample(l.providerAccountId, v.sample.sha256, v.sample.bytes, +1);
      if (l.pending !== undefined) this.countSample(l.providerAccountId, l.pending.version.sample.sha256, l.pending.version.sample.bytes, +1);
      if (l.reference !== undefined) this.countSample(undefined, l.reference.sha256, l.reference.bytes, +1);
    }
    for (const e of deps.store.allAudit()) this.noteLive(e.listingId, e.atMs, e.toStatus, e.version);
    for (const [name, value] of deps.engine.params) {
      if (name.startsWith('quoting.trust:')) this.journaledTrust.set(name.slice('quoting.trust:'.length), value);
    }
  }

  // ------------------------------------------------------------ provider

  /**
   * A new listing in draft, with its first version (sample measured). `body` is the
   * listing as sent, or already prepared off this thread (the gateway's intake does that).
   */
  async create(providerAccountId: number, body: unknown): Promise<Listing> {
    const provider = this.provider(providerAccountId);
    this.refuseWhileDiskLow();
    this.refuseNewListingOverQuota(providerAccountId);
    // Counted from now: uploads measured at the same time cannot all pass the same last free place.
    this.creating.set(providerAccountId, (this.creating.get(providerAccountId) ?? 0) + 1);
    let version: ListingVersion;
    const now = this.deps.clock();
    let input: PreparedListing['input'];
    try {
      const prepared = await this.prepared(body, now);
      input = prepared.input;
      this.refuseSampleOverQuota(providerAccountId, prepared);
      version = await this.version(prepared, 1, now, await this.accuracyOf(prepared, undefined), providerAccountId);
    } finally {
      this.creating.set(providerAccountId, this.creating.get(providerAccountId)! - 1);
    }
    const listing: Listing = {
      id: this.deps.store.nextListingId(),
      segment: input.segment,
      providerAccountId,
      providerAddress: provider.address,
      status: 'draft',
      createdAtMs: now,
      updatedAtMs: now,
      versions: [version],
      publishedVersion: 0,
      ratings: [],
      refreshes: [now],
    };
    this.save(listing, `provider:${providerAccountId}`, 'create', 'draft', undefined);
    return listing;
  }

  /** A sample is up to 10 MiB: none is stored while the disk is low (the journal needs the space). */
  private refuseWhileDiskLow(): void {
    const reason = this.deps.diskLow?.();
    if (reason !== undefined) throw new CatalogError('DISK_LOW', `${reason}: no listing is created or updated; nothing was stored, retry once space is freed`);
  }

  /**
   * A new version (a refreshed sample, new terms). A published listing stays published: the new
   * version is live at once, unless it changes something material (MATERIAL_FIELDS): then it waits
   * for the operator as the listing's pending version, and the live one stays live. A version is
   * whole, so the provider's latest update is what it wants: a material one replaces a pending
   * version, a non-material one goes live and withdraws it.
   */
  async update(id: number, providerAccountId: number, body: unknown): Promise<Listing> {
    const listing = this.ownedListing(id, providerAccountId);
    if (listing.status === 'taken_down') throw new CatalogError('BAD_TRANSITION', `listing ${id} was taken down by the operator: it cannot be updated`);
    this.refuseWhileDiskLow();
    const now = this.deps.clock();
    const prepared = await this.prepared(body, now);
    const input = prepared.input;
    if (input.segment !== listing.segment) throw new CatalogError('MALFORMED_LISTING', `a listing's segment cannot change (${listing.segment}); publish a new listing for ${input.segment}`);
    const kindWas = listingKind(listing.versions[0]!);
    if ((input.kind ?? 'dataset') !== kindWas) throw new CatalogError('MALFORMED_LISTING', `a listing's kind cannot change (${kindWas}); publish a new listing of kind ${input.kind ?? 'dataset'}`, [{ path: ['kind'] }]);
    const accuracy = await this.accuracyOf(prepared, listing.reference);
    // Measuring awaited: the operator may have taken it down meanwhile.
    if ((listing.status as ListingStatus) === 'taken_down') throw new CatalogError('BAD_TRANSITION', `listing ${id} was taken down by the operator: it cannot be updated`);
    this.refuseSampleOverQuota(providerAccountId, prepared);
    const version = await this.version(prepared, listing.versions.length + 1, now, accuracy, providerAccountId);
    // Decided after the last await: the status is the one this version meets.
    const from = listing.status;
    const actor = `provider:${providerAccountId}`;
    const replaced = listing.pending;
    const changes = from === 'published' ? materialChanges(listing.versions[listing.versions.length - 1]!, version) : [];
    if (changes.length > 0) {
      const feedChanges = changes.includes('modelFeed') ? modelFeedChangesOf(listing.versions[listing.versions.length - 1]!, version) : [];
      listing.pending = { version, submittedAtMs: now, changes, ...(feedChanges.length === 0 ? {} : { modelFeedChanges: feedChanges }) };
      listing.updatedAtMs = now;
      const why = `awaits review: ${[...changes.filter((c) => c !== 'modelFeed'), ...feedChanges].join(', ')} changed${replaced === undefined ? '' : `; replaces the pending version submitted at ${new Date(replaced.submittedAtMs).toISOString()}`}`;
      this.save(listing, actor, 'submit_version', from, why, version.version);
      if (replaced !== undefined) this.releasePending(listing.providerAccountId, replaced);
      return listing;
    }
    this.refuseVersionsOverQuota(listing, now);
    delete listing.pending;
    listing.versions.push(version);
    listing.refreshes.push(now);
    if (listing.status === 'published') listing.publishedVersion = listing.versions.length;
    if (listing.status === 'rejected') listing.status = 'draft';
    listing.updatedAtMs = now;
    this.save(listing, actor, 'update', from, replaced === undefined ? undefined : `live at once (no material change); withdraws the version that awaited review`);
    if (replaced !== undefined) this.releasePending(listing.providerAccountId, replaced);
    return listing;
  }

  /** A listing gains at most `listingVersionsPerDay` versions in any 24 hours (its refreshes are their times, oldest first). */
  private refuseVersionsOverQuota(listing: Listing, now: number): void {
    const limit = this.quotas.listingVersionsPerDay;
    let used = 0;
    for (let i = listing.refreshes.length - 1; i >= 0 && listing.refreshes[i]! > now - DAY_MS; i--) used++;
    if (used >= limit) {
      throw new CatalogError('PROVIDER_QUOTA_EXCEEDED', `a listing gains at most ${limit} versions a day (this one ${used} in the last 24 hours): send what changed together, later`, { quota: 'listingVersionsPerDay', limit, used });
    }
  }

  submit(id: number, providerAccountId: number): Listing {
    return this.move(this.ownedListing(id, providerAccountId), ['draft', 'rejected', 'unpublished'], 'submitted', `provider:${providerAccountId}`, 'submit');
  }

  unpublish(id: number, providerAccountId: number): Listing {
    return this.move(this.ownedListing(id, providerAccountId), ['published', 'submitted'], 'unpublished', `provider:${providerAccountId}`, 'unpublish');
  }

  /** A provider deletes its own draft (never published: no right was ever bought under it); its samples go unless another listing names them. */
  deleteDraft(id: number, providerAccountId: number): Promise<void> {
    return this.remove(this.ownedListing(id, providerAccountId), `provider:${providerAccountId}`, 'delete', undefined);
  }

  // ------------------------------------------------------------ operator

  /** The operator purges a draft (any provider's, never published), with its reason in the audit. */
  purgeDraft(id: number, operator: string, reason: string): Promise<void> {
    if (reason.trim() === '') throw new CatalogError('MALFORMED_LISTING', 'purge needs a reason');
    return this.remove(this.get(id), `operator:${operator}`, 'purge', reason);
  }

  publish(id: number, operator: string): Listing {
    const listing = this.get(id);
    // Checked before anything changes: a model feed without its burn-in stays submitted, as it was.
    if (listing.status === 'submitted') this.feeds.refuseBeforeBurnIn(listing);
    listing.publishedVersion = listing.versions.length;
    return this.move(listing, ['submitted'], 'published', `operator:${operator}`, 'publish');
  }

  /**
   * The operator approves a published listing's pending version: it becomes the live version
   * (search, disclosures, the engine's provider listing and so the grants all name it from now).
   */
  approveVersion(id: number, operator: string): Listing {
    const listing = this.get(id);
    const pending = this.pendingOf(listing);
    const now = this.deps.clock();
    delete listing.pending;
    delete listing.rejectedVersion;
    listing.versions.push(pending.version); // numbered versions.length + 1 when submitted: any version pushed since withdrew it
    listing.publishedVersion = listing.versions.length;
    // The provider refreshed its sample when it submitted: the review's wait does not cost it reliability.
    listing.refreshes.push(pending.submittedAtMs);
    listing.updatedAtMs = now;
    this.save(listing, `operator:${operator}`, 'approve_version', listing.status, `approved: ${pending.changes.join(', ')} changed`);
    return listing;
  }

  /** The operator refuses a pending version, with a reason the provider sees; the live version stays. */
  rejectVersion(id: number, operator: string, reason: string): Listing {
    const listing = this.get(id);
    const pending = this.pendingOf(listing);
    if (reason.trim() === '') throw new CatalogError('MALFORMED_LISTING', 'reject version needs a reason');
    const now = this.deps.clock();
    delete listing.pending;
    listing.rejectedVersion = { version: pending.version.version, reason, atMs: now };
    listing.updatedAtMs = now;
    this.save(listing, `operator:${operator}`, 'reject_version', listing.status, reason, pending.version.version);
    this.releasePending(listing.providerAccountId, pending);
    return listing;
  }

  /**
   * Records a consumer received under a grant (the caller checked they are the ones the provider
   * signed for: docs/delivery.md, "Conformance evidence"), measured on the intake against the
   * version they were sold under. A divergence lowers the listing's quality component (trust.ts)
   * and queues it for the operator; a conforming check only counts.
   */
  /**
   * `records` as an array, or as their canonical bytes (conformance evidence as the intake read it: measured on the
   * sample work, never parsed here, except a model feed's, whose committed signals are compared here; the receipt bounds
   * them to what the provider signed it delivered).
   */
  async checkConformance(listingId: number, version: number, records: readonly Record<string, unknown>[] | Uint8Array, grantId: number, sold?: SoldWindow): Promise<ConformanceVerdict> {
    const versionSold = this.get(listingId).versions[version - 1];
    if (versionSold === undefined) throw new CatalogError('UNKNOWN_LISTING', `listing ${listingId} has no version ${version}`);
    const now = this.deps.clock();
    // A model feed's records are its committed signals: one delivered otherwise diverges (read before the bytes move to the work).
    const delivered = versionSold.kind === 'model-feed' ? recordsOf(records) : [];
    const signals = delivered.length > 0 ? this.feeds.signalDivergences(listingId, delivered) : [];
    const measured = await this.work.conformance({ records, schema: versionSold.schema, promised: versionSold.quality, nowMs: now, windowMs: DEFAULT_TIMELINESS_WINDOW_MS, ...(sold === undefined ? {} : { sold }) });
    const verdict = signals.length === 0 ? measured : { ...measured, conforms: false, divergences: [...measured.divergences, ...signals] };
    const listing = this.get(listingId); // measuring awaited: read it again
    const c = listing.conformance ?? { checks: 0, divergent: 0 };
    if (verdict.conforms) {
      listing.conformance = { ...c, checks: c.checks + 1 };
      this.deps.store.putListing(listing);
      this.index?.change(listing);
      return verdict;
    }
    listing.conformance = { checks: c.checks + 1, divergent: c.divergent + 1, review: { atMs: now, grantId, version, rows: verdict.rows, divergences: verdict.divergences } };
    listing.updatedAtMs = now;
    this.save(listing, 'system', 'conformance_divergence', listing.status, `grant ${grantId} (version ${version}): ${verdict.divergences.map((d) => d.message).join('; ')}`);
    return verdict;
  }

  /** The operator looked into a divergence and leaves the listing live: off the queue (its count stays in trust). */
  dismissConformance(id: number, operator: string, reason: string): Listing {
    const listing = this.get(id);
    if (listing.conformance?.review === undefined) throw new CatalogError('BAD_TRANSITION', `listing ${id} has no divergence awaiting review`);
    if (reason.trim() === '') throw new CatalogError('MALFORMED_LISTING', 'dismissing a divergence needs a reason');
    const { review: _dismissed, ...rest } = listing.conformance;
    listing.conformance = rest;
    listing.updatedAtMs = this.deps.clock();
    this.save(listing, `operator:${operator}`, 'dismiss_conformance', listing.status, reason);
    return listing;
  }

  private pendingOf(listing: Listing): PendingVersion {
    if (listing.pending === undefined || listing.status !== 'published') throw new CatalogError('BAD_TRANSITION', `listing ${listing.id} has no version awaiting review`);
    return listing.pending;
  }

  /** A pending version that will never go live: its sample goes unless something else names it. */
  private releasePending(providerAccountId: number, pending: PendingVersion): void {
    void this.forgetSample(providerAccountId, pending.version.sample.sha256, pending.version.sample.bytes).catch(() => undefined);
  }

  reject(id: number, operator: string, reason: string): Listing {
    return this.move(this.get(id), ['submitted'], 'rejected', `operator:${operator}`, 'reject', reason);
  }

  takeDown(id: number, operator: string, reason: string): Listing {
    return this.move(this.get(id), ['submitted', 'published', 'unpublished', 'rejected'], 'taken_down', `operator:${operator}`, 'take_down', reason);
  }

  hideRating(id: number, consumerAccountId: number, operator: string, reason: string): Listing {
    const listing = this.get(id);
    const rating = listing.ratings.find((r) => r.consumerAccountId === consumerAccountId && r.status === 'visible');
    if (rating === undefined) throw new CatalogError('UNKNOWN_LISTING', `no visible rating by account ${consumerAccountId} on listing ${id}`);
    rating.status = 'hidden';
    this.save(listing, `operator:${operator}`, 'hide_rating', listing.status, reason);
    return listing;
  }

  /**
   * The operator attaches records known to be true (same schema, matched by its key
   * columns): the current version's accuracy is measured against them now, and every
   * later version's on upload. A new reference replaces the old one.
   */
  async attachReference(id: number, operator: string, body: unknown): Promise<{ listing: Listing; accuracy: AccuracyResult }> {
    const listing = this.get(id);
    const current = listing.versions[listing.versions.length - 1]!;
    const sampleBytes = this.deps.store.sample(current.sample.sha256);
    if (sampleBytes === undefined) throw new CatalogError('UNKNOWN_LISTING', `listing ${id}'s sample is missing from the store`);
    const reference = await this.work.reference({ body, schema: current.schema, sampleBytes, sampleFormat: current.sample.format, maxSampleBytes: this.maxSampleBytes });
    const accuracy = reference.accuracy;
    this.refuseStorageOverQuota(this.samples.has(reference.sha256) ? 0 : reference.bytes.length);
    this.countSample(undefined, reference.sha256, reference.bytes.length, +1);
    await this.deps.store.putSample(reference.sha256, reference.bytes);
    if (listing.reference !== undefined) await this.forgetSample(undefined, listing.reference.sha256, listing.reference.bytes);
    listing.reference = { sha256: reference.sha256, format: reference.format, bytes: reference.bytes.length, attachedAtMs: this.deps.clock(), attachedBy: `operator:${operator}` };
    current.quality = { ...current.quality, accuracy: accuracy.accuracy, accuracyCoverage: accuracy.coverage };
    this.save(listing, `operator:${operator}`, 'attach_reference', listing.status, `accuracy ${accuracy.accuracy === null ? 'unverified' : accuracy.accuracy.toFixed(4)} over ${accuracy.compared} of ${accuracy.referenceRows} reference records`);
    return { listing, accuracy };
  }

  // ------------------------------------------------------------ consumer

  /**
   * One rating per consumer per listing, only from a consumer that received data from this
   * listing through its grants (rating-eligibility.ts), weighted by the rights it received. Rating
   * again replaces its rating (as app stores and marketplaces let a reviewer revise), and a new
   * version does not open a second one; a rating the operator hid cannot be replaced.
   */
  async rate(id: number, consumerAccountId: number, stars: number, review: string): Promise<Listing> {
    const listing = this.get(id);
    if (listing.status !== 'published') throw new CatalogError('BAD_TRANSITION', `listing ${id} is not published`);
    const account = this.deps.engine.account(consumerAccountId);
    if (account === undefined || account.role !== Role.CONSUMER) throw new CatalogError('NOT_A_CONSUMER', 'only consumers rate listings');
    if (!Number.isInteger(stars) || stars < 1 || stars > 5) throw new CatalogError('MALFORMED_RATING', 'stars: an integer from 1 to 5');
    if (typeof review !== 'string' || review.length > 2_000) throw new CatalogError('MALFORMED_RATING', 'review: text of at most 2,000 characters');
    this.refuseHiddenRating(listing, consumerAccountId);
    const received = await this.rightsReceived(consumerAccountId, id);
    if (received <= 0) {
      throw new CatalogError('NOT_ELIGIBLE_TO_RATE', `account ${consumerAccountId} has received no data from listing ${id}: only consumers whose exercised rights were granted under it may rate it`);
    }
    // The ledger read awaited: the listing may have moved, or the operator hidden a rating.
    if (this.listings.get(id) !== listing || listing.status !== 'published') throw new CatalogError('BAD_TRANSITION', `listing ${id} is not published`);
    this.refuseHiddenRating(listing, consumerAccountId);
    const previous = listing.ratings.filter((r) => r.consumerAccountId === consumerAccountId);
    const notCounted = this.ratingFilter({ listingId: id, providerAccountId: listing.providerAccountId, consumerAccountId, stars });
    const rating: Rating = { consumerAccountId, version: listing.versions.length, stars, review, atMs: this.deps.clock(), status: 'visible', weight: received, ...(notCounted === undefined ? {} : { notCounted }) };
    listing.ratings = [...listing.ratings.filter((r) => r.consumerAccountId !== consumerAccountId), rating];
    const replaced = previous.at(-1);
    this.save(listing, `consumer:${consumerAccountId}`, 'rate', listing.status, replaced === undefined ? undefined : `replaces the rating of ${new Date(replaced.atMs).toISOString()} (${replaced.stars} stars)`);
    return listing;
  }

  /**
   * A rating found afterwards to come from an account related to the provider (washing): kept
   * and shown, left out of the listing's rating, audited. False when there is no such visible
   * rating still counting (nothing changed).
   */
  excludeRating(listingId: number, consumerAccountId: number, notCounted: NonNullable<Rating['notCounted']>): boolean {
    const listing = this.find(listingId);
    const rating = listing?.ratings.find((r) => r.consumerAccountId === consumerAccountId && r.status === 'visible' && r.notCounted === undefined);
    if (listing === undefined || rating === undefined) return false;
    rating.notCounted = notCounted;
    this.save(listing, 'system', 'rating_not_counted', listing.status, notCounted.why);
    return true;
  }

  private refuseHiddenRating(listing: Listing, consumerAccountId: number): void {
    if (listing.ratings.some((r) => r.consumerAccountId === consumerAccountId && r.status === 'hidden')) {
      throw new CatalogError('BAD_TRANSITION', `account ${consumerAccountId}'s rating of listing ${listing.id} was hidden by the operator: it cannot be replaced`);
    }
  }

  // ------------------------------------------------------------ reads

  get(id: number): Listing {
    const listing = this.find(id);
    if (listing === undefined) throw new CatalogError('UNKNOWN_LISTING', `no listing ${id}`);
    return listing;
  }

  /** A listing by id, any status; undefined if there is none. */
  find(id: number): Listing | undefined {
    return this.listings.get(id);
  }

  /** Prometheus text: listings by status, and each segment's trust. */
  metrics(): string {
    const byStatus = new Map<string, number>();
    for (const l of this.listings.values()) byStatus.set(l.status, (byStatus.get(l.status) ?? 0) + 1);
    const statuses = [...byStatus].sort().map(([status, n]) => [`status="${status}"`, n] as const);
    const trusts: LabelledSample[] = [];
    for (const segment of [...this.listingIdsBySegment.keys()].sort()) {
      const trust = this.segmentTrust(segment);
      if (trust !== undefined) trusts.push([`segment="${segment}"`, round(trust)]);
    }
    return `${[
      ...labelledMetricLines('gauge', 'patx_catalog_listings', 'Listings in the catalog, by status.', statuses),
      ...metricLines('gauge', 'patx_catalog_sample_bytes', 'Sample bytes the catalog stores (samples and references, each once): against catalog.totalSampleBytes.', this.storedSampleBytes),
      ...metricLines('gauge', 'patx_catalog_unverified_sample_bytes', "Sample bytes unverified providers' listings keep (each provider's counted): against catalog.unverifiedSampleShare of catalog.totalSampleBytes.", this.unverifiedSampleBytes()),
      ...labelledMetricLines('gauge', 'patx_catalog_segment_trust', "Mean trust score of a segment's published listings.", trusts),
    ].join('\n')}\n`;
  }

  /** Every listing, any status (the operator's view). */
  all(): Listing[] {
    return [...this.listings.values()];
  }

  /** A provider's listings, any status. */
  listingsOf(providerAccountId: number): Listing[] {
    return [...(this.idsByProvider.get(providerAccountId) ?? [])].map((id) => this.listings.get(id)!);
  }

  /** Holds `listing` in `listings` and its provider's ids (a listing's provider never changes). */
  private keep(listing: Listing): void {
    this.listings.set(listing.id, listing);
    let ids = this.idsByProvider.get(listing.providerAccountId);
    if (ids === undefined) this.idsByProvider.set(listing.providerAccountId, (ids = new Set()));
    ids.add(listing.id);
  }

  /** Whether the public may see a listing: published only (owners and the operator have their own routes). */
  isPublic(listing: Listing): boolean {
    return listing.status === 'published';
  }

  /**
   * Whether grants under a listing no longer published are still delivered: one its provider unpublished after
   * it was published (engine rules 9 issues grants for the rights sold under it), not one the operator took down.
   */
  deliversUnpublished(listing: Listing): boolean {
    return listing.status === 'unpublished' && listing.publishedVersion > 0;
  }

  score(listing: Listing): TrustScore {
    return trustScore(listing, this.deps.clock(), this.deliveryOf(listing.id));
  }

  summary(listing: Listing): ListingSummary {
    return this.summaryOf(listing, this.score(listing).trust);
  }

  private summaryOf(listing: Listing, trust: number): ListingSummary {
    const v = listing.versions[listing.versions.length - 1]!;
    return {
      id: listing.id,
      segment: listing.segment,
      title: v.title,
      status: listing.status,
      providerAccountId: listing.providerAccountId,
      version: v.version,
      cadence: v.cadence,
      permittedUses: v.licence.permittedUses,
      quality: v.quality,
      trust: round(trust),
      updatedAtMs: listing.updatedAtMs,
      verifiedProvider: this.deps.engine.account(listing.providerAccountId)?.verified === true,
      kind: listingKind(v),
      ...(v.modelFeed === undefined ? {} : { modelFeed: { status: listing.feed?.status ?? 'live', verifiedOutcomes: v.modelFeed.target.kind === 'patx-series' } }),
    };
  }

  /**
   * The segments with a listed contract of this window (e.g. '7D') and/or confidence band
   * (e.g. '0.70-0.85'): a listing stands behind every contract of its segment.
   */
  segmentsWithContracts(window: string | undefined, band: string | undefined): Set<string> {
    const out = new Set<string>();
    for (const s of this.deps.engine.series) {
      if (s === undefined || s.status === SeriesStatus.EXPIRED) continue;
      const [segment, w, b] = s.spec.contract.split('|');
      if ((window === undefined || w === window) && (band === undefined || b === band)) out.add(segment!);
    }
    return out;
  }

  /** Search published listings: every filter must hold; sorted; a page (src/catalog/search-index.ts), each with its discovery facts. */
  search(f: ListingFilters): { total: number; listings: (ListingSummary & { discovery: DiscoveryView })[] } {
    const { total, page } = this.searchIndex().search(f);
    return { total, listings: page.map((r) => ({ ...this.summaryOf(r.listing, r.trust), discovery: discoveryView(r.facts) })) };
  }

  /** The rights delivered, not delivered and failed under every listing of a segment, whatever its status now (the grant ledger's evidence): the phase-readiness report reads it. */
  segmentDelivery(segment: string): DeliveryRecord {
    const sum = { ...NO_DELIVERY_RECORD };
    for (const id of this.listingIdsBySegment.get(segment) ?? []) {
      const d = this.deliveryOf(id);
      if (d === undefined) continue;
      sum.delivered += d.delivered;
      sum.undelivered += d.undelivered;
      sum.failed += d.failed;
    }
    return sum;
  }

  /** Published listings' trust scores with their components, by listing id: `limit` from the `offset`-th (only theirs read and computed), and how many there are. */
  scores(offset = 0, limit = Number.MAX_SAFE_INTEGER): { total: number; scores: (TrustScore & { listingId: number; segment: string })[] } {
    const scores = this.publishedIds.slice(offset, offset + limit).map((id) => {
      const l = this.listings.get(id)!;
      return { listingId: l.id, segment: l.segment, ...roundScore(this.score(l)) };
    });
    return { total: this.publishedIds.length, scores };
  }

  /** Keeps `publishedIds` as the listing now is (published or not; only a published listing changes it). */
  private notePublished(listing: Listing): void {
    const ids = this.publishedIds;
    // The first index whose id is at least the listing's (binary search: the ids ascend).
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid]! < listing.id) lo = mid + 1;
      else hi = mid;
    }
    const present = ids[lo] === listing.id;
    if (this.isPublic(listing) && !present) ids.splice(lo, 0, listing.id);
    else if (!this.isPublic(listing) && present) ids.splice(lo, 1);
  }

  /** The mean trust of a segment's published listings; undefined when it has none. */
  segmentTrust(segment: string): number | undefined {
    const now = this.deps.clock();
    let sum = 0;
    let n = 0;
    for (const id of this.listingIdsBySegment.get(segment) ?? []) {
      const l = this.listings.get(id)!;
      if (!this.isPublic(l)) continue;
      sum += trustScore(l, now, this.deliveryOf(l.id)).trust;
      n++;
    }
    return n === 0 ? undefined : sum / n;
  }

  /** A version's sample bytes (a pending version's too), as stored. */
  sampleOfVersion(v: ListingVersion): Buffer | undefined {
    return this.deps.store.sample(v.sample.sha256);
  }

  sampleBytes(listing: Listing, version?: number): Buffer | undefined {
    const v = listing.versions[(version ?? listing.versions.length) - 1];
    return v === undefined ? undefined : this.sampleOfVersion(v);
  }

  async preview(listing: Listing): Promise<SamplePreview | undefined> {
    const v = listing.versions[listing.versions.length - 1]!;
    const cached = this.previews.get(v.sample.sha256);
    if (cached !== undefined) {
      this.previews.delete(v.sample.sha256);
      this.previews.set(v.sample.sha256, cached);
      return cached;
    }
    const bytes = this.deps.store.sample(v.sample.sha256);
    if (bytes === undefined) return undefined;
    const preview = await this.work.preview({ bytes, format: v.sample.format, schema: v.schema, nowMs: this.deps.clock(), maxSampleBytes: this.maxSampleBytes });
    this.keepPreview(v.sample.sha256, preview);
    return preview;
  }

  private keepPreview(sampleSha256: string, preview: SamplePreview): void {
    this.previews.delete(sampleSha256);
    this.previews.set(sampleSha256, preview);
    if (this.previews.size > PREVIEW_CACHE_ENTRIES) this.previews.delete(this.previews.keys().next().value!);
  }

  audit(fromSeq: number, limit: number, listingId?: number): CatalogAuditEntry[] {
    return this.deps.store.auditPage(fromSeq, limit, listingId);
  }

  /**
   * Journals each segment's trust when it moved by TRUST_STEP or more since it was
   * last journaled (the quoter reads `quoting.trust:<SEGMENT>`). Called after every
   * change and on a timer (reliability moves with time).
   */
  async publishSegmentTrust(): Promise<number> {
    const segments = new Set<string>([...this.listings.values()].map((l) => l.segment));
    let sent = 0;
    for (const segment of segments) {
      const trust = this.segmentTrust(segment);
      if (trust === undefined) continue;
      const last = this.journaledTrust.get(segment);
      if (last !== undefined && Math.abs(trust - last) < TRUST_STEP) continue;
      const value = round(trust);
      await this.deps.sequencer.submit({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: `quoting.trust:${segment}`, value });
      this.journaledTrust.set(segment, value); // only once journaled: a failed submit is retried by the next change or the timer
      sent++;
    }
    return sent;
  }

  /**
   * Tells the engine, through journaled SET_PROVIDER_LISTING commands, each provider's
   * published listing per segment at its live version (the lowest listing id when it
   * has several; none once it has none): where it may mint, and what the grants for
   * its exercised rights name. Then, through SET_SEGMENT_SEATS, each segment's seats
   * (`segmentSeats`), and through SET_LISTING_TIERS each published listing's tiers (tier-sync.ts). Sends only the differences from what the engine holds, so it is
   * cheap to call after every change and at start (where it repairs a change stored just
   * before a crash). Resolves with the number of commands sent.
   */
  syncProviderListings(): Promise<number> {
    this.listingSync = this.listingSync
      .catch(() => 0)
      .then(async () => (await this.sendListingChanges()) + (await this.sendSeatChanges()) + (await sendTierChanges(this.listings.values(), this.deps.engine, this.deps.sequencer)));
    return this.listingSync;
  }

  /**
   * A segment's seats (docs/catalog.md, "Seats"): the sum of the seats its published listings
   * declare at their live versions, or 0 (no limit) when it has none published or any of them
   * declares none: a listing without a limit serves whoever subscribes, so the segment's data
   * stays available past the others' seats. At most MAX_SEGMENT_SEATS.
   */
  segmentSeats(segment: string): number {
    let seats = 0;
    for (const id of this.listingIdsBySegment.get(segment) ?? []) {
      const l = this.listings.get(id)!;
      if (l.status !== 'published') continue;
      const declared = l.versions[l.versions.length - 1]!.seats;
      if (declared === undefined) return 0;
      seats += declared;
    }
    return Math.min(seats, MAX_SEGMENT_SEATS);
  }

  /** A published listing's seats as the public sees them: its own, its segment's (null: no limit) and those subscriptions take. */
  seatsOf(listing: Listing): { offered: number | null; segmentOffered: number | null; taken: number } {
    const subs = this.deps.engine.subscriptions;
    return {
      offered: listing.versions[listing.versions.length - 1]!.seats ?? null,
      segmentOffered: subs.seats.get(listing.segment) ?? null,
      taken: subs.seatsTaken.get(listing.segment) ?? 0,
    };
  }

  /** SET_SEGMENT_SEATS for each segment whose seats differ from the engine's (a segment the engine holds none for has 0: no limit). */
  private async sendSeatChanges(): Promise<number> {
    const engineSeats = this.deps.engine.subscriptions.seats;
    const segments = [...new Set([...this.listingIdsBySegment.keys(), ...engineSeats.keys()])].sort();
    const changes = segments.map((segment) => ({ segment, seats: this.segmentSeats(segment) })).filter((c) => c.seats !== (engineSeats.get(c.segment) ?? 0));
    const results = await Promise.all(changes.map((c) => this.deps.sequencer.submit({ kind: CommandKind.SET_SEGMENT_SEATS, actor: SYSTEM_ACTOR, ...c })));
    const refused = results.find((r) => r.events[0]?.type === EventType.COMMAND_REJECTED);
    if (refused !== undefined) throw new Error(`the engine refused a segment-seats change: ${JSON.stringify(refused.events[0])}`);
    return changes.length;
  }

  private async sendListingChanges(): Promise<number> {
    type Wanted = { listingId: number; listingVersion: number; usage?: { usageUnit: UsageUnit; unitsPerRight: number } };
    const wanted = new Map<number, Map<string, Wanted>>();
    for (const l of [...this.listings.values()].sort((a, b) => a.id - b.id)) {
      if (l.status !== 'published') continue;
      let segments = wanted.get(l.providerAccountId);
      if (segments === undefined) wanted.set(l.providerAccountId, (segments = new Map()));
      if (segments.has(l.segment)) continue;
      // The live version's usage terms travel with it (SET_USAGE_LISTING): grants under it are usage grants.
      const usage = usageOf(l.versions.find((v) => v.version === l.publishedVersion) ?? {});
      segments.set(l.segment, { listingId: l.id, listingVersion: l.publishedVersion, ...(usage === undefined ? {} : { usage: { usageUnit: usageUnitCode(usage.unit), unitsPerRight: usage.perRight } }) });
    }
    const changes: ({ accountId: number; segment: string } & Wanted)[] = [];
    for (const account of this.deps.engine.accounts) {
      if (account === undefined || account.role !== Role.PROVIDER) continue;
      const want = wanted.get(account.id) ?? new Map<string, Wanted>();
      for (const [segment, l] of want) {
        const has = account.providerListings.get(segment);
        const sameUsage = has?.usage?.usageUnit === l.usage?.usageUnit && has?.usage?.unitsPerRight === l.usage?.unitsPerRight;
        if (has?.listingId !== l.listingId || has.listingVersion !== l.listingVersion || !sameUsage) changes.push({ accountId: account.id, segment, ...l });
      }
      for (const segment of account.providerListings.keys()) if (!want.has(segment)) changes.push({ accountId: account.id, segment, listingId: 0, listingVersion: 0 });
    }
    const results = await Promise.all(
      changes.map(({ usage, ...c }) =>
        this.deps.sequencer.submit(usage === undefined ? { kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, ...c } : { kind: CommandKind.SET_USAGE_LISTING, actor: SYSTEM_ACTOR, ...c, ...usage }),
      ),
    );
    const refused = results.find((r) => r.events[0]?.type === EventType.COMMAND_REJECTED);
    if (refused !== undefined) throw new Error(`the engine refused a provider-listing change: ${JSON.stringify(refused.events[0])}`);
    return changes.length;
  }

  /** Resolves once the catalog writes made so far are replicated (at once without replication): write routes answer after it. */
  replicated(): Promise<void> {
    return this.deps.store.replicated();
  }

  /** Where the rights a consumer received from a listing come from (the grant ledger starts after the catalog): who may rate, and each rating's weight. */
  setRightsReceivedSource(source: (consumerAccountId: number, listingId: number) => Promise<number>): void {
    this.rightsReceived = source;
  }

  /** What decides that a new rating does not count (the washing guard, src/washing/). */
  setRatingFilter(filter: RatingFilter): void {
    this.ratingFilter = filter;
  }

  /** Where delivery outcomes come from (the grant ledger starts after the catalog). */
  setDeliverySource(source: (listingId: number) => DeliveryRecord | undefined): void {
    this.deliveryOf = source;
    this.index = undefined; // trust moved
  }

  /**
   * The segment's listings that were published at `atMs`, each with the version then
   * live: what a right bought at that moment stood for (src/catalog/purchases.ts).
   */
  liveVersionsAt(segment: string, atMs: number): { listingId: number; version: number }[] {
    const out: { listingId: number; version: number }[] = [];
    for (const id of this.listingIdsBySegment.get(segment) ?? []) {
      const history = this.liveHistory.get(id);
      if (history === undefined) continue;
      // The last transition at or before atMs (binary search: histories only grow at the end).
      let lo = 0;
      let hi = history.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (history[mid]!.atMs <= atMs) lo = mid + 1;
        else hi = mid;
      }
      const version = lo === 0 ? 0 : history[lo - 1]!.version;
      if (version > 0) out.push({ listingId: id, version });
    }
    return out;
  }

  // ------------------------------------------------------------ internals

  private indexSegment(listing: Listing): void {
    const ids = this.listingIdsBySegment.get(listing.segment);
    if (ids === undefined) this.listingIdsBySegment.set(listing.segment, [listing.id]);
    else ids.push(listing.id);
  }

  /** After a transition to `toStatus` at `version`: a published listing shows its latest version (publish and update make it so). */
  private noteLive(listingId: number, atMs: number, toStatus: string, version: number): void {
    let history = this.liveHistory.get(listingId);
    if (history === undefined) this.liveHistory.set(listingId, (history = []));
    history.push({ atMs, version: toStatus === 'published' ? version : 0 });
  }

  private provider(accountId: number): { address: string } {
    const account = this.deps.engine.account(accountId);
    if (account === undefined || account.role !== Role.PROVIDER) throw new CatalogError('NOT_A_PROVIDER', 'only providers publish listings');
    return { address: account.address };
  }

  /**
   * One of the provider's own listings, in any status. Another provider's published one is NOT_OWNER (the catalog
   * shows it); another's draft or any listing not public is answered as an id that names none, so a stranger cannot
   * count or probe other providers' drafts (an outside review).
   */
  ownedListing(id: number, providerAccountId: number): Listing {
    const listing = this.get(id);
    if (listing.providerAccountId === providerAccountId) return listing;
    if (this.isPublic(listing)) throw new CatalogError('NOT_OWNER', `listing ${id} belongs to another provider`);
    throw new CatalogError('UNKNOWN_LISTING', `no listing ${listing.id}`);
  }

  /** The body prepared: as it came from the intake, or prepared here (in this thread or the sample work's); its endpoint's address judged. */
  private async prepared(body: unknown, nowMs: number): Promise<PreparedListing> {
    const prepared = isPreparedListing(body) ? body : await this.work.listing({ body, nowMs, maxSampleBytes: this.maxSampleBytes });
    const problem = this.deps.endpointProblem?.(prepared.input.deliveryEndpoint);
    if (problem !== undefined) throw new CatalogError('ENDPOINT_NOT_ALLOWED', `deliveryEndpoint: ${problem}`, [{ path: ['deliveryEndpoint'], message: problem }]);
    return prepared;
  }

  /** A new version's accuracy against the listing's reference, when it has one. */
  private async accuracyOf(prepared: PreparedListing, reference: ReferenceSample | undefined): Promise<Partial<Pick<QualitySummary, 'accuracy' | 'accuracyCoverage'>>> {
    if (reference === undefined) return {};
    const referenceBytes = this.deps.store.sample(reference.sha256);
    if (referenceBytes === undefined) return { accuracy: null };
    return this.work.accuracy({ sampleBytes: prepared.sampleBytes, sampleFormat: prepared.input.sample.format, referenceBytes, referenceFormat: reference.format, schema: prepared.input.schema, maxSampleBytes: this.maxSampleBytes });
  }

  private async version(prepared: PreparedListing, version: number, now: number, accuracy: Partial<Pick<QualitySummary, 'accuracy' | 'accuracyCoverage'>>, providerAccountId: number): Promise<ListingVersion> {
    const input = prepared.input;
    // A backtest is out of sample only if it ended before the version claiming it.
    if (input.modelFeed !== undefined && input.modelFeed.backtest.toMs >= now) throw new CatalogError('MALFORMED_LISTING', `modelFeed.backtest.toMs (${input.modelFeed.backtest.toMs}) must be before now (${now})`, [{ path: ['modelFeed', 'backtest', 'toMs'] }]);
    const bytes = prepared.sampleBytes;
    const terms = storedTerms(input.terms);
    checkBundleLegs(terms, providerAccountId, (id) => this.listings.get(id));
    const v: Omit<ListingVersion, 'lineage'> = {
      version,
      createdAtMs: now,
      title: input.title,
      description: input.description,
      schema: input.schema,
      provenance: input.provenance,
      licence: input.licence,
      cadence: input.cadence,
      deliveryEndpoint: input.deliveryEndpoint,
      changeLog: input.changeLog,
      // Only when declared: a version without seats hashes (versionSha256) as it did before seats existed.
      ...(input.seats === undefined ? {} : { seats: input.seats }),
      // Only on a model feed: a dataset's version hashes as it did before kinds existed.
      ...(input.kind === 'model-feed' ? { kind: 'model-feed' as const, modelFeed: input.modelFeed! } : {}),
      // Only when they differ from one-time only: such a version hashes as it did before terms existed.
      ...(terms === undefined ? {} : { terms }),
      sample: { sha256: prepared.sampleSha256, format: input.sample.format, bytes: bytes.length },
      quality: { ...prepared.quality, ...accuracy },
    };
    const versionSha256 = sha256(Buffer.from(JSON.stringify({ ...v, createdAtMs: undefined })));
    // Counted before the write is awaited, so a concurrent upload meets the bytes already taken.
    this.countSample(providerAccountId, prepared.sampleSha256, bytes.length, +1);
    try {
      await this.deps.store.putSample(prepared.sampleSha256, bytes);
    } catch (error) {
      this.countSample(providerAccountId, prepared.sampleSha256, bytes.length, -1);
      throw error;
    }
    this.keepPreview(prepared.sampleSha256, prepared.preview);
    return { ...v, lineage: { schemaSha256: prepared.schemaSha256, sampleSha256: prepared.sampleSha256, versionSha256 } };
  }

  /** What a provider holds against its quotas. */
  usageOf(providerAccountId: number): { sampleBytes: number; drafts: number; listings: number } {
    const mine = this.listingsOf(providerAccountId);
    return { sampleBytes: this.providerSamples.get(providerAccountId)?.bytes ?? 0, drafts: mine.filter((l) => isDeletable(l)).length, listings: mine.length };
  }

  /** Whether the store holds a sample's bytes (a deleted draft's are gone unless another listing names them). */
  storesSample(sha256: string): boolean {
    return this.deps.store.sample(sha256) !== undefined;
  }

  /** The catalog's stored sample bytes (samples and references, each once). */
  get sampleBytesStored(): number {
    return this.storedSampleBytes;
  }

  private refuseNewListingOverQuota(providerAccountId: number): void {
    const usage = this.usageOf(providerAccountId);
    const creating = this.creating.get(providerAccountId) ?? 0;
    usage.drafts += creating;
    usage.listings += creating;
    if (usage.drafts >= this.quotas.providerDrafts) {
      throw new CatalogError('PROVIDER_QUOTA_EXCEEDED', `a provider holds at most ${this.quotas.providerDrafts} drafts (you have ${usage.drafts}): submit or delete one first`, { quota: 'providerDrafts', limit: this.quotas.providerDrafts, used: usage.drafts });
    }
    if (usage.listings >= this.quotas.providerListings) {
      throw new CatalogError('PROVIDER_QUOTA_EXCEEDED', `a provider has at most ${this.quotas.providerListings} listings (you have ${usage.listings})`, { quota: 'providerListings', limit: this.quotas.providerListings, used: usage.listings });
    }
  }

  /**
   * The sample bytes a provider may keep, and the quota that sets them: an unverified provider's are the smaller
   * (a fresh key declares itself a provider for free; the operator's verification, docs/providers.md, lifts them).
   */
  sampleQuotaOf(providerAccountId: number): { quota: 'providerSampleBytes' | 'unverifiedProviderSampleBytes'; limit: number; verified: boolean } {
    const verified = this.providerVerified(providerAccountId);
    const { providerSampleBytes, unverifiedProviderSampleBytes } = this.quotas;
    if (verified || unverifiedProviderSampleBytes >= providerSampleBytes) return { quota: 'providerSampleBytes', limit: providerSampleBytes, verified };
    return { quota: 'unverifiedProviderSampleBytes', limit: unverifiedProviderSampleBytes, verified };
  }

  /** The engine's flag, as the operator's verification (and screening) set it: the only trust a provider's key earns. */
  private providerVerified(providerAccountId: number): boolean {
    return this.deps.engine.account(providerAccountId)?.verified === true;
  }

  /** Sample bytes unverified providers' listings keep together (a sample two of them name counts for each): against `unverifiedSampleShare`. */
  unverifiedSampleBytes(): number {
    let bytes = 0;
    for (const [providerAccountId, mine] of this.providerSamples) if (!this.providerVerified(providerAccountId)) bytes += mine.bytes;
    return bytes;
  }

  /** Refuses a new version's sample that would pass the provider's bytes, unverified providers' share, the catalog's, or the disk's reserve. */
  private refuseSampleOverQuota(providerAccountId: number, prepared: PreparedListing): void {
    const bytes = prepared.sampleBytes.length;
    const mine = this.providerSamples.get(providerAccountId);
    const used = mine?.bytes ?? 0;
    const counted = mine?.bySha.has(prepared.sampleSha256) ?? false;
    const own = this.sampleQuotaOf(providerAccountId);
    if (!counted && used + bytes > own.limit) {
      const message =
        own.quota === 'providerSampleBytes'
          ? `a provider's listings keep at most ${own.limit} bytes of samples (yours: ${used}; this one: ${bytes}): delete a draft first`
          : `a provider the operator has not verified keeps at most ${own.limit} bytes of samples (yours: ${used}; this one: ${bytes}): delete a draft, or have the operator verify your identity (docs/providers.md, "The operator's routes"), which lifts it to ${this.quotas.providerSampleBytes}`;
      throw new CatalogError('PROVIDER_QUOTA_EXCEEDED', message, { quota: own.quota, limit: own.limit, used });
    }
    if (!counted && !own.verified) this.refuseUnverifiedShare(bytes);
    this.refuseStorageOverQuota(this.samples.has(prepared.sampleSha256) ? 0 : bytes);
  }

  /** Unverified providers together keep at most their share of the catalog's bytes: the rest stays for verified ones. */
  private refuseUnverifiedShare(newBytes: number): void {
    // All of it: the catalog's own bound decides (the sum below counts a sample shared by two providers twice).
    if (this.quotas.unverifiedSampleShare >= 1) return;
    const limit = Math.floor(this.quotas.totalSampleBytes * this.quotas.unverifiedSampleShare);
    const used = this.unverifiedSampleBytes();
    if (used + newBytes <= limit) return;
    const percent = Math.round(this.quotas.unverifiedSampleShare * 100);
    throw new CatalogError(
      'PROVIDER_QUOTA_EXCEEDED',
      `providers the operator has not verified keep at most ${limit} bytes of samples together (${percent}% of the catalog's; ${used} now, this one: ${newBytes}), the rest is kept for verified providers: have the operator verify your identity (docs/providers.md, "The operator's routes") to store it`,
      { quota: 'unverifiedSampleShare', limit, used },
    );
  }

  private refuseStorageOverQuota(newBytes: number): void {
    if (newBytes === 0) return;
    if (this.storedSampleBytes + newBytes > this.quotas.totalSampleBytes) {
      throw new CatalogError('CATALOG_FULL', `the catalog keeps at most ${this.quotas.totalSampleBytes} bytes of samples: nothing was stored`, { quota: 'totalSampleBytes', limit: this.quotas.totalSampleBytes, used: this.storedSampleBytes });
    }
    const disk = this.deps.disk;
    if (disk !== undefined) {
      const floor = disk.lowFreeBytes + this.quotas.diskReserveBytes;
      const free = disk.freeBytes();
      if (free - newBytes < floor) {
        throw new CatalogError('CATALOG_FULL', `storing ${newBytes} bytes would leave ${Math.max(0, free - newBytes)} free under the data dir, under the ${floor} kept for the journal: nothing was stored`, { quota: 'diskReserveBytes', limit: floor, used: free });
      }
    }
  }

  /** One more (+1) or one fewer (-1) listing version or reference naming a sample; `providerAccountId` undefined: a reference (the operator's). */
  private countSample(providerAccountId: number | undefined, sha: string, bytes: number, delta: 1 | -1): void {
    const stored = this.samples.get(sha) ?? { bytes, refs: 0 };
    if (stored.refs === 0 && delta > 0) this.storedSampleBytes += bytes;
    stored.refs += delta;
    if (stored.refs <= 0) {
      this.samples.delete(sha);
      this.storedSampleBytes -= stored.bytes;
    } else this.samples.set(sha, stored);
    if (providerAccountId === undefined) return;
    let mine = this.providerSamples.get(providerAccountId);
    if (mine === undefined) this.providerSamples.set(providerAccountId, (mine = { bySha: new Map(), bytes: 0 }));
    const n = (mine.bySha.get(sha) ?? 0) + delta;
    if (n > 0 && !mine.bySha.has(sha)) mine.bytes += bytes;
    if (n <= 0) {
      if (mine.bySha.delete(sha)) mine.bytes -= bytes;
    } else mine.bySha.set(sha, n);
  }

  /** Drops one reference to a sample; the bytes leave the store when nothing names them. */
  private async forgetSample(providerAccountId: number | undefined, sha: string, bytes: number): Promise<void> {
    this.countSample(providerAccountId, sha, bytes, -1);
    if (!this.samples.has(sha)) {
      this.previews.delete(sha);
      await this.deps.store.deleteSample(sha);
    }
  }

  private async remove(listing: Listing, actor: string, action: 'delete' | 'purge', reason: string | undefined): Promise<void> {
    if (!isDeletable(listing)) {
      throw new CatalogError('BAD_TRANSITION', `listing ${listing.id} is ${listing.status}${listing.publishedVersion > 0 ? ' and was published' : ''}: only a draft never published can be deleted (others are unpublished or taken down, and kept for the rights bought under them)`);
    }
    this.listings.delete(listing.id);
    this.idsByProvider.get(listing.providerAccountId)?.delete(listing.id);
    const ids = this.listingIdsBySegment.get(listing.segment);
    if (ids !== undefined) ids.splice(ids.indexOf(listing.id), 1);
    this.liveHistory.delete(listing.id);
    this.deps.store.deleteListing(listing.id);
    this.deps.store.appendAudit({ atMs: this.deps.clock(), listingId: listing.id, actor, action, fromStatus: listing.status, toStatus: 'deleted', version: listing.versions.length, ...(reason === undefined ? {} : { reason }) });
    for (const v of listing.versions) await this.forgetSample(listing.providerAccountId, v.sample.sha256, v.sample.bytes);
    if (listing.reference !== undefined) await this.forgetSample(undefined, listing.reference.sha256, listing.reference.bytes);
  }

  private move(listing: Listing, from: readonly ListingStatus[], to: ListingStatus, actor: string, action: CatalogAuditEntry['action'], reason?: string): Listing {
    if (!from.includes(listing.status)) {
      throw new CatalogError('BAD_TRANSITION', `listing ${listing.id} is ${listing.status}: ${action.replace('_', ' ')} needs ${from.join(' or ')}`);
    }
    if ((action === 'reject' || action === 'take_down') && (reason === undefined || reason.trim() === '')) {
      throw new CatalogError('MALFORMED_LISTING', `${action.replace('_', ' ')} needs a reason`);
    }
    const previous = listing.status;
    const pending = listing.pending;
    listing.status = to;
    listing.updatedAtMs = this.deps.clock();
    if (reason !== undefined) listing.reason = reason;
    // A pending version is a change to a published listing: it goes when the listing stops being published (a resubmission is reviewed whole).
    if (pending !== undefined && to !== 'published') delete listing.pending;
    this.save(listing, actor, action, previous, pending !== undefined && to !== 'published' ? `${reason === undefined ? '' : `${reason}; `}withdraws the version that awaited review` : reason);
    if (pending !== undefined && to !== 'published') this.releasePending(listing.providerAccountId, pending);
    return listing;
  }

  /** `pendingVersion`: the number of the version a submit_version or reject_version row is about (the row's `version` stays the live one). */
  private save(listing: Listing, actor: string, action: CatalogAuditEntry['action'], fromStatus: ListingStatus, reason: string | undefined, pendingVersion?: number): void {
    this.deps.store.putListing(listing);
    if (!this.listings.has(listing.id)) this.indexSegment(listing);
    this.keep(listing);
    this.notePublished(listing);
    this.index?.change(listing);
    const entry = this.deps.store.appendAudit({ atMs: this.deps.clock(), listingId: listing.id, actor, action, fromStatus, toStatus: listing.status, version: listing.versions.length, ...(reason === undefined ? {} : { reason }), ...(pendingVersion === undefined ? {} : { pendingVersion }) });
    this.noteLive(entry.listingId, entry.atMs, entry.toStatus, entry.version);
    // Not awaited: the change is stored; its trust and the provider listing it implies are journaled
    // right after (a failure is retried by the timer, and the provider listings repaired at the next start).
    void this.publishSegmentTrust().catch(() => undefined);
    void this.syncProviderListings().catch(() => undefined);
  }

  /** The index, rebuilt when its overlay of changes is large or it is old (trust moves with time). */
  private searchIndex(): SearchIndex {
    const now = this.deps.clock();
    const index = this.index;
    if (index === undefined || index.changes > Math.max(INDEX_MIN_REBUILD_CHANGES, this.listings.size / 50) || now - index.builtAtMs > INDEX_MAX_AGE_MS) {
      this.index = new SearchIndex(
        this.listings.values(),
        (l) => {
          const at = this.deps.clock();
          const delivery = this.deliveryOf(l.id);
          return { trust: trustScore(l, at, delivery).trust, facts: discoveryFacts(l, at, delivery ?? NO_DELIVERY_RECORD) };
        },
        now,
      );
    }
    return this.index!;
  }
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function roundScore(s: TrustScore): TrustScore {
  return { trust: round(s.trust), quality: round(s.quality), rating: round(s.rating), ratings: s.ratings, reliability: round(s.reliability), disclosure: round(s.disclosure), ...(s.performance === undefined ? {} : { performance: round(s.performance) }) };
}

/** A draft (or a rejected one) never published: no right was bought under it, so it may go. */
function isDeletable(listing: Listing): boolean {
  return (listing.status === 'draft' || listing.status === 'rejected') && listing.publishedVersion === 0;
}
