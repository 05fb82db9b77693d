/**
 * Accuracy: how many records of a reference sample (records known to be true,
 * attached to a listing by the operator) the provider's sample gets right.
 *
 * Records are matched by the schema's key columns. Of the reference records whose
 * key the sample holds, accuracy is the share whose every other declared column
 * equals the sample's, compared under the column's type: numbers within a relative
 * 1e-9, timestamps as instants ('2026-11-22T10:00:00Z' equals its epoch ms), booleans
 * by truth ('1', 'true', true), text after trimming; two nulls are equal. Coverage is
 * the share of reference records whose key the sample holds. Without any overlap,
 * accuracy stays null ("unverified"): nothing was compared.
 */
import { CatalogError } from './catalog-error.js';
import type { DataSchema } from './data-schema.js';
import { timestampMs, type ParsedSample } from './measure.js';

export interface AccuracyResult {
  /** Matched / compared; null when nothing could be compared. */
  accuracy: number | null;
  /** Share of reference records whose key the sample holds. */
  coverage: number;
  matched: number;
  compared: number;
  referenceRows: number;
}

type ColumnType = DataSchema['columns'][number]['type'];

/** A value in the form two equal values share under the column's type; null for null-like or unreadable values. */
function normalized(type: ColumnType, v: unknown): string | number | boolean | null {
  if (v === null || v === undefined || v === '') return null;
  switch (type) {
    case 'integer':
    case 'number': {
      const x = Number(v);
      return Number.isFinite(x) ? x : null;
    }
    case 'boolean':
      return v === true || v === 1 || v === '1' || v === 'true' ? true : v === false || v === 0 || v === '0' || v === 'false' ? false : null;
    case 'timestamp':
      return timestampMs(v) ?? null;
    case 'string':
      return (typeof v === 'object' ? JSON.stringify(v) : String(v)).trim();
  }
}

function same(a: string | number | boolean | null, b: string | number | boolean | null): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

/** Measures the sample against the reference; both must already match the schema (checkAgainstSchema). */
export function measureAccuracy(sample: ParsedSample, reference: ParsedSample, schema: DataSchema): AccuracyResult {
  const keyNames = schema.keyColumns ?? [];
  if (keyNames.length === 0) throw new CatalogError('MALFORMED_REFERENCE', 'accuracy matches records by key: the listing\'s schema must declare keyColumns');
  const types = new Map(schema.columns.map((c) => [c.name, c.type]));
  const keyOf = (row: unknown[], at: number[]): string => keyNames.map((k, i) => JSON.stringify(normalized(types.get(k)!, row[at[i]!]))).join('\u0000');
  const sampleKeyAt = keyNames.map((k) => sample.columns.indexOf(k));
  const referenceKeyAt = keyNames.map((k) => reference.columns.indexOf(k));
  const byKey = new Map<string, unknown[]>();
  for (const row of sample.rows) {
    const key = keyOf(row, sampleKeyAt);
    if (!byKey.has(key)) byKey.set(key, row);
  }
  const compared = schema.columns.filter((c) => !keyNames.includes(c.name));
  const sampleAt = compared.map((c) => sample.columns.indexOf(c.name));
  const referenceAt = compared.map((c) => reference.columns.indexOf(c.name));
  let matched = 0;
  let found = 0;
  for (const row of reference.rows) {
    const mine = byKey.get(keyOf(row, referenceKeyAt));
    if (mine === undefined) continue;
    found++;
    let equal = true;
    for (let c = 0; c < compared.length && equal; c++) {
      const type = compared[c]!.type;
      equal = same(normalized(type, mine[sampleAt[c]!]), normalized(type, row[referenceAt[c]!]));
    }
    if (equal) matched++;
  }
  const n = reference.rows.length;
  return { accuracy: found === 0 ? null : matched / found, coverage: n === 0 ? 0 : found / n, matched, compared: found, referenceRows: n };
}
