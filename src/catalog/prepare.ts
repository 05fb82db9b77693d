/**
 * The costly half of taking a sample, as plain functions of what was sent: validate a
 * listing's body, decode its sample, parse, check and measure it, preview it, measure
 * accuracy against a reference. They touch no store and no engine, so the gateway runs
 * them on an intake worker (src/intake/) and the catalog only stores what they return.
 */
import { createHash } from 'node:crypto';
import { measureAccuracy, type AccuracyResult } from './accuracy.js';
import { CatalogError, listingInputSchema, referenceInputSchema, type DataSchema, type ListingInput, type QualitySummary, type SampleFormat } from './listing.js';
import { checkAgainstSchema, measureSample, parseSample, type SamplePreview } from './measure.js';

/** The window the timeliness of a sample is judged against when its segment lists none. */
export const DEFAULT_TIMELINESS_WINDOW_MS = 7 * 86_400_000;

/** A listing's body as sent (create, or a new version), measured when `nowMs`. */
export interface ListingTask {
  body: unknown;
  nowMs: number;
  maxSampleBytes: number;
}

/** A listing's input, its sample decoded and measured: what the catalog stores. */
export interface PreparedListing {
  kind: 'prepared-listing';
  input: Omit<ListingInput, 'sample'> & { sample: { format: SampleFormat } };
  sampleBytes: Uint8Array;
  sampleSha256: string;
  schemaSha256: string;
  quality: QualitySummary;
  preview: SamplePreview;
}

export function isPreparedListing(x: unknown): x is PreparedListing {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'prepared-listing';
}

export async function prepareListingVersion(t: ListingTask): Promise<PreparedListing> {
  const parsed = listingInputSchema.safeParse(t.body);
  if (!parsed.success) {
    throw new CatalogError('MALFORMED_LISTING', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), parsed.error.issues);
  }
  const { sample, ...rest } = parsed.data;
  const bytes = decodeBase64(sample.base64, 'sample', t.maxSampleBytes);
  const measured = await measureSample(bytes, sample.format, rest.schema, t.nowMs, DEFAULT_TIMELINESS_WINDOW_MS, t.maxSampleBytes);
  return {
    kind: 'prepared-listing',
    input: { ...rest, sample: { format: sample.format } },
    sampleBytes: bytes,
    sampleSha256: sha256(bytes),
    schemaSha256: sha256(Buffer.from(JSON.stringify(rest.schema))),
    quality: measured.summary,
    preview: measured.preview,
  };
}

/** A reference the operator attaches to a listing's current version (its schema and sample). */
export interface ReferenceTask {
  body: unknown;
  schema: DataSchema;
  sampleBytes: Uint8Array;
  sampleFormat: SampleFormat;
  maxSampleBytes: number;
}

export async function prepareReference(t: ReferenceTask): Promise<{ format: SampleFormat; bytes: Uint8Array; sha256: string; accuracy: AccuracyResult }> {
  const parsedBody = referenceInputSchema.safeParse(t.body);
  if (!parsedBody.success) throw new CatalogError('MALFORMED_REFERENCE', parsedBody.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  if ((t.schema.keyColumns ?? []).length === 0) throw new CatalogError('MALFORMED_REFERENCE', "accuracy matches records by key: the listing's schema declares no keyColumns");
  const bytes = decodeBase64(parsedBody.data.base64, 'reference', t.maxSampleBytes);
  const reference = await parseSample(bytes, parsedBody.data.format, t.maxSampleBytes);
  checkAgainstSchema(reference, t.schema);
  const sample = await parseSample(t.sampleBytes, t.sampleFormat, t.maxSampleBytes);
  return { format: parsedBody.data.format, bytes, sha256: sha256(bytes), accuracy: measureAccuracy(sample, reference, t.schema) };
}

/** A new version's sample against the reference attached before. */
export interface AccuracyTask {
  sampleBytes: Uint8Array;
  sampleFormat: SampleFormat;
  referenceBytes: Uint8Array;
  referenceFormat: SampleFormat;
  schema: DataSchema;
  maxSampleBytes: number;
}

/** Accuracy and coverage; unverified (null) when the reference no longer fits the schema. */
export async function accuracyOfVersion(t: AccuracyTask): Promise<Pick<QualitySummary, 'accuracy' | 'accuracyCoverage'>> {
  if ((t.schema.keyColumns ?? []).length === 0) return { accuracy: null };
  const sample = await parseSample(t.sampleBytes, t.sampleFormat, t.maxSampleBytes);
  const reference = await parseSample(t.referenceBytes, t.referenceFormat, t.maxSampleBytes);
  try {
    checkAgainstSchema(reference, t.schema);
  } catch {
    return { accuracy: null }; // the schema changed since the reference was attached: the operator attaches a new one
  }
  const result = measureAccuracy(sample, reference, t.schema);
  return { accuracy: result.accuracy, accuracyCoverage: result.coverage };
}

export interface PreviewTask {
  bytes: Uint8Array;
  format: SampleFormat;
  schema: DataSchema;
  nowMs: number;
  maxSampleBytes: number;
}

export async function previewOf(t: PreviewTask): Promise<SamplePreview> {
  return (await measureSample(t.bytes, t.format, t.schema, t.nowMs, DEFAULT_TIMELINESS_WINDOW_MS, t.maxSampleBytes)).preview;
}

/** Decodes base64 strictly (Buffer.from silently drops what is not base64) within the size cap. */
function decodeBase64(base64: string, what: 'sample' | 'reference', maxBytes: number): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) throw new CatalogError(what === 'sample' ? 'MALFORMED_SAMPLE' : 'MALFORMED_REFERENCE', `${what}.base64 is not base64`);
  if ((base64.length / 4) * 3 > maxBytes + 2) throw new CatalogError('SAMPLE_TOO_LARGE', `samples are limited to ${maxBytes} bytes`);
  const buf = Buffer.from(base64, 'base64');
  // A buffer of its own, exactly as long as the bytes: it moves back from an intake worker without a copy on the engine's thread.
  if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength) return new Uint8Array(buf.buffer, 0, buf.byteLength);
  const own = new Uint8Array(buf.byteLength);
  own.set(buf);
  return own;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
