/**
 * Records as a file carries them: each one the listing's columns in the schema's order, each
 * value of its column's type (src/catalog/data-schema.ts), so a CSV, NDJSON or Parquet file
 * of them reads back to exactly these records, and the delivery statement's SHA-256 of
 * `JSON.stringify(typedRecords)` can be checked from the file alone (docs/delivery.md,
 * "Downloads as files"). A provider's records are often looser than its schema (the demo's
 * scores are the strings "0.853"): typing makes them what the schema says.
 *
 * A value that is not of its column's type (an integer column's "abc", a timestamp that does
 * not parse) is null in the file: what the consumer receives, and the provider signs, is what
 * the file holds. Keys the schema does not name are left out. No Node imports: the console
 * and the client read files with it too.
 */
import type { DataSchema } from '../catalog/data-schema.js';

export type ColumnType = DataSchema['columns'][number]['type'];

/** A column of a records file: its name and type, in the schema's order. */
export interface FileColumn {
  name: string;
  type: ColumnType;
}

export type TypedValue = string | number | boolean | null;
export type TypedRecord = Record<string, TypedValue>;

/** The file's columns: the schema's, in its order. */
export function fileColumns(schema: Pick<DataSchema, 'columns'>): FileColumn[] {
  return schema.columns.map((c) => ({ name: c.name, type: c.type }));
}

/** Each record as the file holds it: the columns in order, each value typed (or null). */
export function typedRecords(records: readonly unknown[], columns: readonly FileColumn[]): TypedRecord[] {
  return records.map((r) => {
    const source = typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : {};
    const out: TypedRecord = {};
    for (const c of columns) out[c.name] = typedValue(source[c.name], c.type);
    return out;
  });
}

const INTEGER_TEXT = /^[+-]?\d{1,16}$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// A lone surrogate cannot be written as UTF-8: it is what the file would read back as (U+FFFD).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One value of a column's type; null when it is absent or not of that type. */
export function typedValue(v: unknown, type: ColumnType): TypedValue {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'string':
      return (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)).replace(LONE_SURROGATE, '\uFFFD');
    case 'integer': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && INTEGER_TEXT.test(v.trim()) ? Number(v.trim()) : Number.NaN;
      return Number.isSafeInteger(n) ? n + 0 : null; // + 0: -0 is 0, as JSON and an INT64 write it
    }
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && NUMBER_TEXT.test(v.trim()) ? Number(v.trim()) : Number.NaN;
      return Number.isFinite(n) ? n + 0 : null;
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      return null;
    case 'timestamp':
      return timestampText(v);
  }
}

/** A timestamp as the file holds it: ISO 8601 in UTC to the millisecond (what Parquet's TIMESTAMP_MILLIS reads back as). */
export function timestampText(v: unknown): string | null {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) return null;
  const d = new Date(Math.floor(ms));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
