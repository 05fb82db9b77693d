/**
 * Listings: what a provider says its data is, versioned. The exchange holds
 * this metadata, the sample and the measured quality, never the raw data.
 * Everything a provider sends is validated here (zod) before anything is
 * stored; text is stored as text and escaped by whoever renders it.
 */
import { z } from 'zod';
import { MAX_SEGMENT_SEATS, SEGMENT_MAX_LENGTH } from '../engine/public-values.js';
import type { Divergence } from './conformance.js';
import { plainText as text, SAMPLE_FORMATS, schemaSchema, type DataSchema, type QualitySummary, type SampleFormat } from './data-schema.js';
import { termsSchema, type ListingTerms } from './terms.js';
import { hasInvisibleCharacter, INVISIBLE_CHARACTER_MESSAGE } from './invisible-characters.js';
import { termsProblems } from './tiers.js';
import { LISTING_KINDS, modelFeedMaterialChanges, modelFeedSchema, signalSchemaProblems, type DailyAggregate, type ListingKind, type ModelFeedDisclosures, type ModelFeedMaterialField } from './model-feed.js';

// The schema, sample formats and quality (data-schema.ts) and the refusals (catalog-error.ts) are
// a listing's vocabulary too: named from here as well, for the console, the client and the index.
export { COLUMN_TYPES, SAMPLE_FORMATS, schemaSchema, type DataSchema, type QualitySummary, type SampleFormat } from './data-schema.js';
export { CatalogError, type CatalogErrorCode } from './catalog-error.js';

/** Where a listing is in its life. */
export const LISTING_STATUSES = ['draft', 'submitted', 'published', 'rejected', 'unpublished', 'taken_down'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/** Licence terms a listing may grant: a closed list, so a consumer can filter on them. */
export const PERMITTED_USES = ['analytics', 'model-training', 'advertising', 'personalization', 'research', 'resale'] as const;
export const CADENCES = ['realtime', 'hourly', 'daily', 'weekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];
export const LEGAL_BASES = ['consent', 'contract', 'legitimate-interest', 'public-data', 'anonymized'] as const;

/** A segment's name: a capital letter, then capitals, digits and _, at most SEGMENT_MAX_LENGTH characters in all (a contract key's rule). */
const SEGMENT = new RegExp(`^[A-Z][A-Z0-9_]{0,${SEGMENT_MAX_LENGTH - 1}}$`);
export const provenanceSchema = z
  .object({
    source: text(500).min(1),
    collectionMethod: text(500).min(1),
    legalBasis: z.enum(LEGAL_BASES),
    personalData: z.boolean(),
    /** Special categories (health, biometrics, …) named when personal data is included. */
    sensitiveCategories: z.array(text(64)).max(20).default([]),
  })
  .strict();

export const licenceSchema = z
  .object({
    permittedUses: z.array(z.enum(PERMITTED_USES)).min(1).max(PERMITTED_USES.length),
    retentionDays: z.number().int().min(0).max(3650),
    redistribution: z.boolean(),
  })
  .strict();

/** What a provider sends to create or update a listing (the sample travels separately or inline, base64). */
/**
 * Where a provider's gate may be: an https URL on any host, or plain http only to this
 * machine's loopback (a reference server beside the exchange). Decided on the parsed URL
 * (WHATWG: `127.1` and `0x7f.0.0.1` are normalized to 127.0.0.1), never on the text:
 * `http://127.0.0.1.attacker.example/` is a host under attacker.example, and in
 * `http://127.0.0.1@evil.example/` 127.0.0.1 is a user name. Loopback means the parsed host
 * is `localhost`, an IPv4 address in 127.0.0.0/8 or `[::1]`. A URL with a user name or
 * password is refused everywhere (it only serves to mislead a reader). Returns the problem,
 * or undefined for an endpoint that may be listed.
 */
export function deliveryEndpointProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.username !== '' || url.password !== '') return 'a delivery endpoint has no user name or password (userinfo@host)';
  if (url.protocol === 'https:') return url.hostname === '' ? 'an https URL names a host' : undefined;
  if (url.protocol === 'http:') return isLoopbackHost(url.hostname) ? undefined : `plain http only to this machine (localhost, 127.0.0.0/8, [::1]); ${url.hostname} is not: use https`;
  return `https, or http on this machine; not ${url.protocol.replace(/:$/, '')}`;
}

/** A parsed URL host naming this machine's loopback. */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return v4 !== null && v4.slice(1).every((o) => Number(o) <= 255) && v4[1] === '127';
}

export const listingInputSchema = z
  .object({
    segment: z.string().regex(SEGMENT, `a segment: A-Z, 0-9 and _, starting with a letter, at most ${SEGMENT_MAX_LENGTH} characters`),
    // Shown beside the provider's verified mark: what people read is what it is (invisible-characters.ts).
    title: text(200).min(1).refine((t) => !hasInvisibleCharacter(t), `a title ${INVISIBLE_CHARACTER_MESSAGE}`),
    description: text(10_000),
    schema: schemaSchema,
    provenance: provenanceSchema,
    licence: licenceSchema,
    cadence: z.enum(CADENCES),
    deliveryEndpoint: z
      .string()
      .max(2048)
      .superRefine((u, ctx) => {
        const problem = deliveryEndpointProblem(u);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      }),
    changeLog: text(2_000).default(''),
    seats: z
      .number()
      .int()
      .min(1)
      .max(MAX_SEGMENT_SEATS)
      .optional()
      .meta({ description: 'how many subscribers at once the data can serve (seats; docs/catalog.md, "Seats"); absent: no limit' }),
    sample: z.object({ format: z.enum(SAMPLE_FORMATS), base64: z.string().min(1) }).strict(),
    kind: z.enum(LISTING_KINDS).optional().meta({ description: "'dataset' (absent) or 'model-feed' (docs/catalog.md, \"Model feeds\"); it cannot change between versions" }),
    modelFeed: modelFeedSchema.optional(),
    terms: termsSchema.optional().meta({ description: 'licence terms: one-time purchase (absent: only that), usage-based access, subscription tiers and bundles (docs/catalog.md, "Terms", "Tiers", "Bundles")' }),
  })
  .strict()
  .superRefine((l, ctx) => {
    for (const p of termsProblems(l.terms, l.segment)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
    if (l.kind === 'model-feed') {
      if (l.modelFeed === undefined) ctx.addIssue({ code: 'custom', path: ['modelFeed'], message: 'a model feed discloses its model: modelFeed is required' });
      for (const message of signalSchemaProblems(l.schema)) ctx.addIssue({ code: 'custom', path: ['schema'], message });
    } else if (l.modelFeed !== undefined) ctx.addIssue({ code: 'custom', path: ['modelFeed'], message: "only a listing of kind 'model-feed' carries modelFeed" });
  })
  .meta({ id: 'ListingInput', description: 'A listing version as a provider sends it: its metadata and its sample (base64), measured on arrival' });
export type ListingInput = z.infer<typeof listingInputSchema>;

/** A reference sample the operator attaches (POST /operator/listings/{id}/reference). */
export const referenceInputSchema = z.object({ format: z.enum(SAMPLE_FORMATS), base64: z.string().min(1) }).strict().meta({ id: 'ReferenceSample', description: 'Records known to be true, in the listing\'s schema (base64 of a csv, jsonl or parquet file)' });

export interface SampleRef {
  /** SHA-256 of the bytes, hex: the sample's address in the store. */
  sha256: string;
  format: SampleFormat;
  bytes: number;
}

export interface ListingVersion {
  version: number;
  createdAtMs: number;
  title: string;
  description: string;
  schema: DataSchema;
  provenance: z.infer<typeof provenanceSchema>;
  licence: z.infer<typeof licenceSchema>;
  cadence: Cadence;
  deliveryEndpoint: string;
  changeLog: string;
  /**
   * Subscribers at once this version's data can serve (docs/catalog.md, "Seats"); absent: no limit.
   * Not material: it only limits how many may subscribe, never what data flows or on which terms.
   */
  seats?: number;
  sample: SampleRef;
  quality: QualitySummary;
  /** 'model-feed' only (absent: a dataset, hashed as before kinds existed). */
  kind?: 'model-feed';
  /** A model feed's disclosures as posted. */
  modelFeed?: ModelFeedDisclosures;
  /** Licence terms (terms.ts): absent = one-time purchase only, hashed as before terms existed. Material. */
  terms?: ListingTerms;
  /** Content hashes: schema, sample, and the version as a whole. */
  lineage: { schemaSha256: string; sampleSha256: string; versionSha256: string };
}

export interface Listing {
  id: number;
  segment: string;
  /** The provider's engine account and wallet address. */
  providerAccountId: number;
  providerAddress: string;
  status: ListingStatus;
  /** Why the operator rejected or took it down. */
  reason?: string;
  createdAtMs: number;
  updatedAtMs: number;
  /** Every version, oldest first; the last is the current one. */
  versions: ListingVersion[];
  /** Version that was current when it was last published (0: never). */
  publishedVersion: number;
  ratings: Rating[];
  /** Times the provider refreshed the sample (cadence adherence). */
  refreshes: number[];
  /** Records known to be true, attached by the operator: every version's accuracy is measured against them. */
  reference?: ReferenceSample;
  /**
   * A new version of this published listing that changes something material (MATERIAL_FIELDS),
   * waiting for the operator: not in `versions` (so nothing reads it as live) until approved.
   */
  pending?: PendingVersion;
  /** The operator's last refusal of a pending version, shown to the provider. */
  rejectedVersion?: { version: number; reason: string; atMs: number };
  /** What consumers' delivered records showed against the listing (docs/catalog.md, "Conformance"). */
  conformance?: ConformanceRecord;
  /** A model feed's live state: signals counted, drift, performance (src/catalog/model-feeds.ts). */
  feed?: ModelFeedState;
}

/** What the exchange keeps of a model feed beside its signals (docs/catalog.md, "Model feeds"). */
export interface ModelFeedState {
  status: 'live' | 'downgraded';
  /** The next signal's seq (from 1). */
  nextSeq: number;
  /** Signals received in the current UTC day (the daily cap). */
  day: { dayStartMs: number; signals: number };
  /** Signals older than the retention, folded by day and lineage, oldest first. */
  aggregates: DailyAggregate[];
  /** The oldest seq still kept as a record. */
  keptFromSeq: number;
  /** The last drift found: the listing waits in the operator's queue until dismissed (or taken down). */
  driftReview?: DriftReview;
  /** The operator's last dismissal: drift is judged again after DRIFT_MIN_OUTCOMES more outcomes of that lineage. */
  driftDismissed?: { atMs: number; lineage: string; outcomes: number };
  /** The last performance computed (src/catalog/performance.ts). */
  performance?: unknown;
}

export interface DriftReview {
  atMs: number;
  lineage: string;
  reason: string;
}

export function listingKind(v: Pick<ListingVersion, 'kind'>): ListingKind {
  return v.kind ?? 'dataset';
}

/** Checks of delivered records against the listing (src/catalog/conformance.ts), and the divergence awaiting the operator. */
export interface ConformanceRecord {
  checks: number;
  divergent: number;
  /** The latest divergence: in the operator's moderation queue until dismissed (or the listing taken down). */
  review?: ConformanceReview;
}

export interface ConformanceReview {
  atMs: number;
  grantId: number;
  /** The version the records were sold under. */
  version: number;
  rows: number;
  divergences: Divergence[];
}

/** What the owner's and the operator's listing rows add: the version awaiting review, and the last one refused. */
export interface ReviewState {
  pendingReview?: { version: number; submittedAtMs: number; changes: MaterialField[]; modelFeedChanges?: ModelFeedMaterialField[] };
  rejectedVersion?: Listing['rejectedVersion'];
  conformanceReview?: ConformanceReview;
  driftReview?: DriftReview;
}

export interface PendingVersion {
  version: ListingVersion;
  submittedAtMs: number;
  /** What it changes that needs review. */
  changes: MaterialField[];
  /** A model feed's: which of its lineage, target and horizon (when `changes` has `modelFeed`). */
  modelFeedChanges?: ModelFeedMaterialField[];
}

/**
 * What a new version of a PUBLISHED listing may not change without the operator's review
 * (docs/catalog.md, "Material changes"): where consumers' data comes from and what they may do
 * with it, and on which terms a right is sold (terms.ts: what a consumer's rights buy). Everything else (title, description, change log, cadence, a refreshed sample) goes
 * live at once: the sample is the routine refresh, measured on upload.
 */
export const MATERIAL_FIELDS = ['deliveryEndpoint', 'schema', 'licence', 'provenance', 'terms'] as const;
/** A material field; `modelFeed` when a model feed's lineage, target or horizon changed (which: `modelFeedChanges`). */
export type MaterialField = (typeof MATERIAL_FIELDS)[number] | 'modelFeed';

/** The material fields `next` changes from `live`, compared by value (key order aside); for a model feed also its lineage, target and horizon (as `modelFeed`). */
export function materialChanges(live: Pick<ListingVersion, MaterialField>, next: Pick<ListingVersion, MaterialField>): MaterialField[] {
  const changes: MaterialField[] = MATERIAL_FIELDS.filter((f) => canonicalJson(live[f]) !== canonicalJson(next[f]));
  if (modelFeedMaterialChanges(live.modelFeed, next.modelFeed).length > 0) changes.push('modelFeed');
  return changes;
}

/** Which of a model feed's material disclosures `next` changes: the detail of a `modelFeed` material change. */
export function modelFeedChangesOf(live: Pick<ListingVersion, 'modelFeed'>, next: Pick<ListingVersion, 'modelFeed'>): ModelFeedMaterialField[] {
  return modelFeedMaterialChanges(live.modelFeed, next.modelFeed);
}

/** JSON with object keys sorted and undefined members left out: equal values, equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface ReferenceSample extends SampleRef {
  attachedAtMs: number;
  /** 'operator:<name>'. */
  attachedBy: string;
}

/** A consumer's one rating of a listing (rating again replaces it). */
export interface Rating {
  consumerAccountId: number;
  /** The version live when it rated. */
  version: number;
  stars: number;
  review: string;
  atMs: number;
  status: 'visible' | 'hidden';
  /**
   * Rights the consumer had received from the listing when it rated (src/catalog/rating-eligibility.ts):
   * its weight in the listing's mean. Absent on ratings stored before weights: 1.
   */
  weight?: number;
  /** Shown, but left out of the listing's rating, and why (washing: the rater is related on-chain to the provider, src/washing/). */
  notCounted?: { reason: string; why: string; atMs: number };
}
