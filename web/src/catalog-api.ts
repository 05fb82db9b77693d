/**
 * The public catalog over HTTP (docs/catalog.md, "HTTP"): search, one listing with its
 * sample preview, its disclosures. No credential. Shapes are those of src/catalog/routes.ts.
 */
import type { DataSchema, QualitySummary, SampleRef } from '../../src/catalog/listing.js';
import type { ColumnStats } from '../../src/catalog/measure.js';
import type { ListingSummary } from '../../src/catalog/catalog.js';
import type { TrustScore } from '../../src/catalog/trust.js';

export type Quality = QualitySummary;

export const QUALITY_METRICS = ['completeness', 'validity', 'uniqueness', 'timeliness', 'consistency', 'accuracy'] as const;
export type QualityMetric = (typeof QUALITY_METRICS)[number];

export const PERMITTED_USES = ['analytics', 'model-training', 'advertising', 'personalization', 'research', 'resale'] as const;

/** GET /v1/listings: a listing as the public sees it (the current version, scored). */
export type { ListingSummary };

export type { TrustScore };

export interface Review {
  version: number;
  stars: number;
  review: string;
  atMs: number;
}

/** GET /v1/listings/{id}. */
export interface ListingDetail extends ListingSummary {
  description: string;
  schema: DataSchema;
  sample: SampleRef;
  preview?: { rows: Record<string, string | null>[]; columns: ColumnStats[] };
  score: TrustScore;
  /** Visible ratings, newest first: the newest 20 (absent from a server older than the console). */
  reviews?: Review[];
  /** Visible ratings in all (GET /v1/listings/{id}/reviews pages through them; absent from an older server). */
  reviewCount?: number;
}

/** GET /v1/listings/{id}/disclosures. */
export interface Disclosures {
  id: number;
  provenance: { source: string; collectionMethod: string; legalBasis: string; personalData: boolean; sensitiveCategories: string[] };
  licence: { permittedUses: string[]; retentionDays: number; redistribution: boolean };
  /** What a right bought under the live version buys (docs/catalog.md, "Terms"); absent from exchanges before terms. */
  terms?: ListingTerms;
  lineage: Lineage;
  deliveryEndpoint: string;
  versions: { version: number; createdAtMs: number; changeLog: string; lineage: Lineage; quality: Quality }[];
}

/** Licence terms: one delivery a right, or usage (records or requests a right, the unused part refunded at the grant's end). */
export interface ListingTerms {
  oneTime: boolean;
  usage?: { unit: 'records' | 'requests'; perRight: number };
}

/** Terms in words, as the page shows them. */
export function termsWords(t: ListingTerms | undefined): string {
  if (t === undefined || t.usage === undefined) return 'one-time: one delivery of the window\'s records a right';
  return `usage: ${t.usage.perRight.toLocaleString('en-US')} ${t.usage.unit} a right, metered at the provider's gate; the unused part is refunded when the grant ends`;
}

export interface Lineage {
  schemaSha256: string;
  sampleSha256: string;
  versionSha256: string;
}

/** The API's error shape `{ error, message }` as a code and one line for a person. */
function reasonOf(status: number, body: unknown): { code: string; reason: string } {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const b = body as { error: unknown; message?: unknown };
    const code = String(b.error);
    return { code, reason: typeof b.message === 'string' && b.message !== '' ? `${code}: ${b.message}` : code };
  }
  return { code: `HTTP_${status}`, reason: `HTTP ${status}${typeof body === 'string' && body !== '' ? `: ${body.slice(0, 200)}` : ''}` };
}

export type Fetched<T> = { ok: true; body: T } | { ok: false; reason: string; code: string };

/** A public GET; never throws (a network failure is a result with its reason). */
export async function getJson<T>(path: string): Promise<Fetched<T>> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch (error) {
    return { ok: false, code: 'NETWORK', reason: `could not reach the service (${error instanceof Error ? error.message : String(error)})` };
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the reason.
  }
  if (response.ok) return { ok: true, body: parsed as T };
  return { ok: false, ...reasonOf(response.status, parsed) };
}

/** What the search form holds; empty strings are "any". */
export interface SearchForm {
  q: string;
  segment: string;
  use: string;
  minTrust: string;
  min: Record<QualityMetric, string>;
  sort: 'trust' | 'updated' | 'title';
  /** '' any, or one listing kind (docs/catalog.md, "Model feeds"). */
  kind: '' | 'dataset' | 'model-feed';
  /** Discovery filters (docs/catalog.md, "Discovery filters"): a minimum capacity in rights, the risk bands wanted (none: any), minimum disclosure and stability. */
  minCapacity: string;
  riskBands: RiskBand[];
  minDisclosure: string;
  minStability: string;
}

export const RISK_BANDS = ['low', 'medium', 'high', 'unrated'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** A search result's discovery facts, as the filters read them (null: the exchange has no evidence). */
export interface Discovery {
  capacityRights: number | null;
  riskBand: RiskBand;
  disclosure: number;
  stability: number | null;
}

export function emptyForm(): SearchForm {
  return { q: '', segment: '', use: '', minTrust: '', min: { completeness: '', validity: '', uniqueness: '', timeliness: '', consistency: '', accuracy: '' }, sort: 'trust', kind: '', minCapacity: '', riskBands: [], minDisclosure: '', minStability: '' };
}

/**
 * What is wrong with the form before it is sent, or undefined: each share (trust, quality metrics, disclosure,
 * stability) empty or a number from 0 to 1, a capacity empty or a whole number. A bad one was sent, answered with the
 * route's raw refusal above the results of the previous search, which looked filtered.
 */
export function formProblem(f: SearchForm): string | undefined {
  const share = (label: string, v: string): string | undefined => {
    const t = v.trim();
    return t === '' || (/^\d*\.?\d+$/.test(t) && Number(t) <= 1) ? undefined : `${label}: a number from 0 to 1 (or empty: any)`;
  };
  const shares: Array<[string, string]> = [['Min trust', f.minTrust], ...Object.entries(f.min).map(([m, v]): [string, string] => [`Min ${m}`, v]), ['Min disclosure', f.minDisclosure], ['Min stability', f.minStability]];
  for (const [label, v] of shares) {
    const problem = share(label, v);
    if (problem !== undefined) return problem;
  }
  if (f.minCapacity.trim() !== '' && !/^\d{1,12}$/.test(f.minCapacity.trim())) return 'Min capacity: a whole number of rights (or empty: any)';
  return undefined;
}

/** The form as the query of GET /v1/listings (also kept in the page's hash, so a search can be linked and survives "back"). */
export function queryOf(f: SearchForm): URLSearchParams {
  const q = new URLSearchParams();
  if (f.q.trim() !== '') q.set('q', f.q.trim());
  if (f.segment !== '') q.set('segment', f.segment);
  if (f.use !== '') q.set('use', f.use);
  if (f.kind !== '') q.set('kind', f.kind);
  if (f.minTrust.trim() !== '') q.set('min_trust', f.minTrust.trim());
  for (const m of QUALITY_METRICS) if (f.min[m].trim() !== '') q.set(`min_${m}`, f.min[m].trim());
  if (f.minCapacity.trim() !== '') q.set('min_capacity', f.minCapacity.trim());
  if (f.riskBands.length > 0) q.set('risk_band', RISK_BANDS.filter((b) => f.riskBands.includes(b)).join(','));
  if (f.minDisclosure.trim() !== '') q.set('min_disclosure', f.minDisclosure.trim());
  if (f.minStability.trim() !== '') q.set('min_stability', f.minStability.trim());
  if (f.sort !== 'trust') q.set('sort', f.sort);
  return q;
}

export function formOf(q: URLSearchParams): SearchForm {
  const f = emptyForm();
  f.q = q.get('q') ?? '';
  f.segment = q.get('segment') ?? '';
  f.use = q.get('use') ?? '';
  const kind = q.get('kind');
  if (kind === 'dataset' || kind === 'model-feed') f.kind = kind;
  f.minTrust = q.get('min_trust') ?? '';
  for (const m of QUALITY_METRICS) f.min[m] = q.get(`min_${m}`) ?? '';
  f.minCapacity = q.get('min_capacity') ?? '';
  f.riskBands = (q.get('risk_band') ?? '').split(',').filter((b): b is RiskBand => (RISK_BANDS as readonly string[]).includes(b));
  f.minDisclosure = q.get('min_disclosure') ?? '';
  f.minStability = q.get('min_stability') ?? '';
  const sort = q.get('sort');
  if (sort === 'updated' || sort === 'title') f.sort = sort;
  return f;
}

/** A score or metric in [0, 1]; a dash for unmeasured (null). */
export function ratio(v: number | null | undefined, decimals = 2): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(decimals);
}

/** The segment of a contract name (`AUTO_INTENT|7D|0.70-0.85` → `AUTO_INTENT`). */
export function segmentOf(contract: string): string {
  return contract.split('|')[0] ?? contract;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
