/**
 * A provider's sample: parsed (CSV with csv-parse, JSON Lines, Parquet with
 * hyparquet), checked against the declared schema, and measured. Every refusal
 * is a typed CatalogError and nothing is stored.
 *
 * Quality, each in [0, 1] (docs/catalog.md, "Quality"):
 * - completeness: the non-null share (null, undefined and '' are null), per column and overall (mean);
 * - validity: the share of rows whose every column has its declared type (and is non-null when not nullable);
 * - uniqueness: 1 − the share of duplicate rows (by the key columns when declared, else the whole row);
 * - timeliness: 1 when the newest record (the timestamp column) is as old as now, falling
 *   linearly to 0 at the window's length; null without a timestamp column;
 * - consistency: per column, the share of non-null values in the column's most common
 *   shape (a string's words and separators, e.g. "2026-11-22" → "x-x-x"; a number's
 *   count of decimals), over its first 20,000 non-null values, then the mean over columns;
 * - accuracy: null ("unverified") here; src/catalog/accuracy.ts measures it against a reference sample.
 */
import { isUtf8 } from 'node:buffer';
import { parse as parseCsv } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { duplicateKeyCount } from './duplicate-keys.js';
import { CatalogError } from './catalog-error.js';
import type { DataSchema, QualitySummary, SampleFormat } from './data-schema.js';

export interface ParsedSample {
  columns: string[];
  /** Each row's values in the order of `columns` (arrays, not objects: a 10 MB sample is ~200,000 rows). */
  rows: unknown[][];
}

export interface ColumnStats {
  name: string;
  nulls: number;
  /** Distinct non-null values, counted up to 1,000. */
  distinct: number;
  min?: number;
  max?: number;
  mean?: number;
}

export interface SamplePreview {
  /** The first rows, values as text. */
  rows: Record<string, string | null>[];
  columns: ColumnStats[];
}

export interface MeasuredSample {
  summary: QualitySummary;
  /** Per column: completeness and consistency. */
  perColumn: { name: string; completeness: number; consistency: number }[];
  preview: SamplePreview;
}

const MAX_COLUMNS = 1_000;
const PREVIEW_ROWS = 10;
const DISTINCT_CAP = 1_000;

/** Parses, checks against the schema, and measures. */
export async function measureSample(bytes: Uint8Array, format: SampleFormat, schema: DataSchema, nowMs: number, windowMs: number, maxBytes: number): Promise<MeasuredSample> {
  const sample = await parseSample(bytes, format, maxBytes);
  checkAgainstSchema(sample, schema);
  return measureQuality(sample, schema, nowMs, windowMs);
}

export async function parseSample(bytes: Uint8Array, format: SampleFormat, maxBytes: number): Promise<ParsedSample> {
  if (bytes.length > maxBytes) throw new CatalogError('SAMPLE_TOO_LARGE', `samples are limited to ${maxBytes} bytes, this one has ${bytes.length}`);
  if (bytes.length === 0) throw new CatalogError('MALFORMED_SAMPLE', 'the sample is empty');
  const sample = format === 'parquet' ? await parseParquet(bytes) : format === 'csv' ? parseCsvSample(bytes) : parseJsonLines(utf8(bytes));
  if (sample.rows.length === 0) throw new CatalogError('MALFORMED_SAMPLE', 'the sample has no rows');
  if (sample.columns.length > MAX_COLUMNS) throw new CatalogError('MALFORMED_SAMPLE', `at most ${MAX_COLUMNS} columns, found ${sample.columns.length}`);
  return sample;
}

/** The bytes as a Buffer over the same memory, once they are known to be UTF-8. */
function utf8Bytes(bytes: Uint8Array): Buffer {
  if (!isUtf8(bytes)) throw new CatalogError('NOT_UTF8', 'CSV and JSON Lines samples must be UTF-8');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function utf8(bytes: Uint8Array): string {
  const text = utf8Bytes(bytes).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A cell a spreadsheet would run as a formula: starting with =, @, a tab or a carriage
 * return, or with + or - when it is not a number ("-3.5" is data, "-2+3" or "+cmd|..." is not).
 */
export function isFormula(cell: string): boolean {
  const c = cell.charCodeAt(0);
  if (c === 61 /* = */ || c === 64 /* @ */ || c === 9 || c === 13) return true;
  if (c === 43 /* + */ || c === 45 /* - */) return cell.length > 1 && !Number.isFinite(Number(cell));
  return false;
}

/**
 * The bytes go to csv-parse as they are, checked for UTF-8 first: it parses bytes, so decoding
 * them to a string first only for it to encode that back was two passes over 10 MB (about a
 * tenth of a 10 MB sample's measurement; RESULTS.md, Catalog).
 */
function parseCsvSample(bytes: Uint8Array): ParsedSample {
  const buffer = utf8Bytes(bytes);
  let records: string[][];
  try {
    records = parseCsv(buffer, { bom: true, skip_empty_lines: true, relax_column_count: false, max_record_size: 1_000_000 }) as string[][];
  } catch (error) {
    throw new CatalogError('MALFORMED_SAMPLE', `CSV: ${(error as Error).message}`);
  }
  const header = records[0];
  if (header === undefined) throw new CatalogError('MALFORMED_SAMPLE', 'the CSV sample is empty');
  if (header.length > MAX_COLUMNS) throw new CatalogError('MALFORMED_SAMPLE', `at most ${MAX_COLUMNS} columns, found ${header.length}`);
  if (new Set(header).size !== header.length) throw new CatalogError('MALFORMED_SAMPLE', 'the CSV header repeats a column name');
  for (let r = 1; r < records.length; r++) {
    const record = records[r]!;
    for (let c = 0; c < header.length; c++) {
      const cell = record[c]!;
      if (cell.length > 0 && isFormula(cell)) {
        throw new CatalogError('FORMULA_INJECTION', `CSV row ${r + 1}, column '${header[c]}': a cell starting with ${JSON.stringify(cell[0])} would run as a spreadsheet formula`);
      }
    }
  }
  const rows: unknown[][] = records.slice(1);
  return { columns: header, rows };
}

function parseJsonLines(text: string): ParsedSample {
  const objects: Record<string, unknown>[] = [];
  const columns: string[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new CatalogError('MALFORMED_SAMPLE', `JSON Lines line ${i + 1} is not JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CatalogError('MALFORMED_SAMPLE', `JSON Lines line ${i + 1} is not an object`);
    for (const key of Object.keys(value)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
        if (columns.length > MAX_COLUMNS) throw new CatalogError('MALFORMED_SAMPLE', `at most ${MAX_COLUMNS} columns`);
      }
    }
    objects.push(value as Record<string, unknown>);
  }
  return { columns, rows: objects.map((o) => columns.map((c) => o[c])) };
}

async function parseParquet(bytes: Uint8Array): Promise<ParsedSample> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let rows: Record<string, unknown>[];
  try {
    rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
  } catch (error) {
    throw new CatalogError('MALFORMED_SAMPLE', `Parquet: ${(error as Error).message}`);
  }
  const columns = rows.length === 0 ? [] : Object.keys(rows[0]!);
  return { columns, rows: rows.map((o) => columns.map((c) => o[c])) };
}

/** The sample's columns must be the schema's: none missing, none undeclared. */
export function checkAgainstSchema(sample: ParsedSample, schema: DataSchema): void {
  const declared = new Set(schema.columns.map((c) => c.name));
  const present = new Set(sample.columns);
  const missing = [...declared].filter((c) => !present.has(c));
  const extra = [...present].filter((c) => !declared.has(c));
  if (missing.length > 0 || extra.length > 0) {
    throw new CatalogError('SAMPLE_SCHEMA_MISMATCH', `the sample does not match its schema:${missing.length > 0 ? ` missing ${missing.join(', ')};` : ''}${extra.length > 0 ? ` undeclared ${extra.join(', ')}` : ''}`, { missing, extra });
  }
}

const isNull = (v: unknown): boolean => v === null || v === undefined || v === '';

function validFor(type: DataSchema['columns'][number]['type'], v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' ? Number.isInteger(v) : typeof v === 'bigint' || (typeof v === 'string' && /^-?\d{1,15}$/.test(v));
    case 'number':
      return typeof v === 'number' ? Number.isFinite(v) : typeof v === 'bigint' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));
    case 'boolean':
      return typeof v === 'boolean' || v === 'true' || v === 'false' || v === '0' || v === '1' || v === 0 || v === 1;
    case 'timestamp':
      return timestampMs(v) !== undefined;
  }
}

/** A timestamp as ms since the epoch: a Date, epoch ms (number), or an ISO 8601 string. */
export function timestampMs(v: unknown): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/**
 * A value's shape for consistency: letters and digits as one class with runs
 * collapsed, separators kept ("2026-11-22T14:26:01Z" → "x-x-x:x:x", a hash → "x",
 * "new-york" → "x-x"); a number's count of decimals.
 */
function shapeOf(v: unknown): string {
  if (typeof v === 'number') {
    const s = String(v);
    const dot = s.indexOf('.');
    return dot < 0 ? 'n0' : `n${s.length - dot - 1}`;
  }
  if (typeof v !== 'string') return typeof v;
  let out = '';
  let inWord = false;
  for (let i = 0; i < v.length && out.length < 32; i++) {
    const c = v.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
    if (!word) {
      out += v[i];
      inWord = false;
    } else if (!inWord) {
      out += 'x';
      inWord = true;
    }
  }
  return out;
}

/** Consistency looks at this many non-null values per column at most (a 10 MB sample must be measured within a second). */
const SHAPE_SAMPLE = 20_000;

export function measureQuality(sample: ParsedSample, schema: DataSchema, nowMs: number, windowMs: number): MeasuredSample {
  const rows = sample.rows;
  const n = rows.length;
  const cols = schema.columns;
  // Where each declared column sits in the sample's rows (checkAgainstSchema made sure all are there).
  const at = cols.map((col) => sample.columns.indexOf(col.name));
  const nonNull = new Array<number>(cols.length).fill(0);
  const shapes = cols.map(() => new Map<string, number>());
  const shaped = new Array<number>(cols.length).fill(0);
  const distinct = cols.map(() => new Set<unknown>());
  const numeric = cols.map(() => ({ min: Infinity, max: -Infinity, sum: 0, count: 0 }));
  let validRows = 0;
  let newest = -Infinity;
  const timestampAt = schema.timestampColumn === undefined ? -1 : cols.findIndex((c) => c.name === schema.timestampColumn);
  const keyNames = schema.keyColumns !== undefined && schema.keyColumns.length > 0 ? schema.keyColumns : cols.map((c) => c.name);
  const keys = keyNames.map((k) => sample.columns.indexOf(k));
  for (let r = 0; r < n; r++) {
    const row = rows[r]!;
    let valid = true;
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c]!;
      const v = row[at[c]!];
      if (isNull(v)) {
        if (col.nullable === false) valid = false;
        continue;
      }
      nonNull[c]!++;
      if (col.type === 'timestamp') {
        const t = timestampMs(v);
        if (t === undefined) valid = false;
        else if (c === timestampAt && t > newest) newest = t;
      } else if (!validFor(col.type, v)) valid = false;
      if (shaped[c]! < SHAPE_SAMPLE) {
        shaped[c]!++;
        const shape = shapeOf(v);
        const m = shapes[c]!;
        m.set(shape, (m.get(shape) ?? 0) + 1);
      }
      const d = distinct[c]!;
      if (d.size < DISTINCT_CAP) d.add(typeof v === 'object' ? JSON.stringify(v) : v);
      if (col.type === 'integer' || col.type === 'number') {
        const x = Number(v);
        if (Number.isFinite(x)) {
          const s = numeric[c]!;
          if (x < s.min) s.min = x;
          if (x > s.max) s.max = x;
          s.sum += x;
          s.count++;
        }
      }
    }
    if (valid) validRows++;
  }
  const duplicates = duplicateKeyCount(rows, keys);
  const perColumn = cols.map((col, c) => {
    let dominant = 0;
    for (const count of shapes[c]!.values()) if (count > dominant) dominant = count;
    return { name: col.name, completeness: n === 0 ? 0 : nonNull[c]! / n, consistency: shaped[c] === 0 ? 1 : dominant / shaped[c]! };
  });
  const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const timeliness = schema.timestampColumn === undefined || newest === -Infinity ? null : Math.min(1, Math.max(0, 1 - (nowMs - newest) / windowMs));
  const summary: QualitySummary = {
    completeness: mean(perColumn.map((p) => p.completeness)),
    validity: n === 0 ? 0 : validRows / n,
    uniqueness: n === 0 ? 0 : 1 - duplicates / n,
    timeliness,
    consistency: mean(perColumn.map((p) => p.consistency)),
    accuracy: null,
    rows: n,
    columns: cols.length,
  };
  const text = (v: unknown): string | null => (isNull(v) ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const preview: SamplePreview = {
    rows: rows.slice(0, PREVIEW_ROWS).map((row) => Object.fromEntries(cols.map((col, c) => [col.name, text(row[at[c]!])]))),
    columns: cols.map((col, c) => {
      const s = numeric[c]!;
      return { name: col.name, nulls: n - nonNull[c]!, distinct: distinct[c]!.size, ...(s.count > 0 ? { min: s.min, max: s.max, mean: s.sum / s.count } : {}) };
    }),
  };
  return { summary, perColumn, preview };
}
