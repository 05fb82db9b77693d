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
import { parquetMetadata, parquetReadObjects, type FileMetaData } from 'hyparquet';
// The page-header reader alone (exported by the package as `hyparquet/src/column.js`): a Parquet sample's pages are counted from their headers before any is decoded.
import { parquetHeader } from 'hyparquet/src/column.js';
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

/**
 * The most rows a sample may hold, whatever its format (docs/catalog.md, "Listings"). The 10 MiB
 * cap bounds the bytes sent, not what they expand to: 10 MiB of `1\n` is 5,000,000 CSV rows
 * (10 s and 1 GB to parse and measure), and a few KB of Parquet decode to millions of rows. A
 * 10 MiB CSV of six ordinary columns is about 180,000 rows (bench/catalog.bench.ts), of four
 * narrow ones about 250,000 (test/support/catalog-fixture.ts `csv(250_000)`, 9.6 MiB).
 */
export const MAX_SAMPLE_ROWS = 250_000;

/** The most values (rows × columns) a Parquet sample may hold: about what 10 MiB of CSV can (`a,` is 2 bytes a value). */
export const MAX_SAMPLE_VALUES = 5_000_000;

/**
 * A Parquet sample's pages, as their headers declare them before decompression, may hold at most
 * this many times the sample cap (plain INT64 is 8 bytes a value where CSV writes 2 or 3), and
 * what they decode to at most the sample cap as text (a Parquet sample holds no more than a CSV
 * one may): see `parseParquet`.
 */
export const MAX_PARQUET_EXPANSION = 4;

/** A refusal of a sample past a bound on what it decodes to (413, as a sample past the byte cap). */
function tooLarge(message: string, limit: number, declared?: number): CatalogError {
  return new CatalogError('SAMPLE_TOO_LARGE', message, { limit, ...(declared === undefined ? {} : { declared }) });
}

function tooManyRows(rows: number | string): CatalogError {
  return tooLarge(`samples are limited to ${MAX_SAMPLE_ROWS} rows, this one has ${rows}`, MAX_SAMPLE_ROWS, typeof rows === 'number' ? rows : undefined);
}
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
  const sample = format === 'parquet' ? await parseParquet(bytes, maxBytes) : format === 'csv' ? parseCsvSample(bytes) : parseJsonLines(utf8(bytes));
  if (sample.rows.length > MAX_SAMPLE_ROWS) throw tooManyRows(sample.rows.length);
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
    // `to`: parsing stops one record past the most a sample may hold (the header and MAX_SAMPLE_ROWS rows), refused below.
    records = parseCsv(buffer, { bom: true, skip_empty_lines: true, relax_column_count: false, max_record_size: 1_000_000, to: MAX_SAMPLE_ROWS + 2 }) as string[][];
  } catch (error) {
    throw new CatalogError('MALFORMED_SAMPLE', `CSV: ${(error as Error).message}`);
  }
  if (records.length > MAX_SAMPLE_ROWS + 1) throw tooManyRows(`more than ${MAX_SAMPLE_ROWS}`);
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
  // Line by line, not split whole: 10 MiB of `{}` lines is 3,500,000 of them; refused once past MAX_SAMPLE_ROWS.
  for (let start = 0, i = 0; start < text.length; i++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    if (objects.length === MAX_SAMPLE_ROWS) throw tooManyRows(`more than ${MAX_SAMPLE_ROWS}`);
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

/**
 * A Parquet sample, bounded before it is decoded: the footer's rows (at most MAX_SAMPLE_ROWS) and
 * its column chunks' total_uncompressed_size (at most MAX_PARQUET_EXPANSION × the sample cap),
 * then every page's header, read without decoding the page, since a footer can lie: the values
 * the data pages declare (at most MAX_SAMPLE_ROWS a column, MAX_SAMPLE_VALUES in all) and their
 * uncompressed sizes (the same bound). Only then is it decoded, rows 0 to the footer's count
 * (rowEnd), and what it decoded to is refused past the sample cap as text (the size of its
 * values written out, as a CSV sample's would be).
 */
async function parseParquet(bytes: Uint8Array, maxBytes: number): Promise<ParsedSample> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(file);
  } catch (error) {
    throw new CatalogError('MALFORMED_SAMPLE', `Parquet: ${(error as Error).message}`);
  }
  const rows = Number(metadata.num_rows);
  if (!Number.isSafeInteger(rows) || rows < 0) throw new CatalogError('MALFORMED_SAMPLE', 'Parquet: the footer does not state a number of rows');
  if (rows > MAX_SAMPLE_ROWS) throw tooManyRows(rows);
  const maxUncompressed = MAX_PARQUET_EXPANSION * maxBytes;
  let uncompressed = 0;
  let groupRows = 0;
  for (const group of metadata.row_groups) {
    groupRows += Number(group.num_rows);
    for (const chunk of group.columns) uncompressed += Number(chunk.meta_data?.total_uncompressed_size ?? 0);
  }
  if (groupRows > MAX_SAMPLE_ROWS) throw tooManyRows(groupRows);
  const overUncompressed = (declared: number): CatalogError =>
    tooLarge(`a Parquet sample's pages may hold at most ${maxUncompressed} bytes uncompressed (${MAX_PARQUET_EXPANSION} × the ${maxBytes}-byte sample cap), this one declares ${declared}`, maxUncompressed, declared);
  if (uncompressed > maxUncompressed) throw overUncompressed(uncompressed);
  checkParquetPages(bytes, metadata, maxUncompressed, overUncompressed);
  let objects: Record<string, unknown>[];
  try {
    objects = (await parquetReadObjects({ file, metadata, rowEnd: rows })) as Record<string, unknown>[];
  } catch (error) {
    throw new CatalogError('MALFORMED_SAMPLE', `Parquet: ${(error as Error).message}`);
  }
  if (objects.length > MAX_SAMPLE_ROWS) throw tooManyRows(objects.length);
  const columns = objects.length === 0 ? [] : Object.keys(objects[0]!);
  const out = objects.map((o) => columns.map((c) => o[c]));
  const asText = textBytesOver(out, maxBytes);
  if (asText !== undefined) throw tooLarge(`a Parquet sample may decode to at most ${maxBytes} bytes as text (the sample cap), this one decodes to more than ${asText}`, maxBytes);
  return { columns, rows: out };
}

/**
 * Every column chunk's page headers (the page bodies skipped, nothing decoded): the values its
 * data pages declare, at most MAX_SAMPLE_ROWS a column and MAX_SAMPLE_VALUES in all, and their
 * uncompressed sizes, at most `maxUncompressed` in all. A header that cannot be read, or a chunk
 * outside the file, is a malformed sample.
 */
function checkParquetPages(bytes: Uint8Array, metadata: FileMetaData, maxUncompressed: number, over: (declared: number) => CatalogError): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Map<string, number>();
  let allValues = 0;
  let uncompressed = 0;
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) throw new CatalogError('MALFORMED_SAMPLE', 'Parquet: a column chunk has no metadata');
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end > bytes.length) throw new CatalogError('MALFORMED_SAMPLE', 'Parquet: a column chunk lies outside the file');
      const name = meta.path_in_schema.join('.');
      const reader = { view, offset: start };
      while (reader.offset < end - 1) {
        let header: ReturnType<typeof parquetHeader>;
        try {
          header = parquetHeader(reader);
        } catch (error) {
          throw new CatalogError('MALFORMED_SAMPLE', `Parquet: a page header: ${(error as Error).message}`);
        }
        const size = header.compressed_page_size;
        if (!(size >= 0) || !(header.uncompressed_page_size >= 0)) throw new CatalogError('MALFORMED_SAMPLE', 'Parquet: a page header states a negative size');
        reader.offset += size;
        uncompressed += header.uncompressed_page_size;
        if (uncompressed > maxUncompressed) throw over(uncompressed);
        const pageValues = header.data_page_header?.num_values ?? header.data_page_header_v2?.num_values ?? 0;
        if (pageValues <= 0) continue;
        const column = (values.get(name) ?? 0) + pageValues;
        values.set(name, column);
        allValues += pageValues;
        if (column > MAX_SAMPLE_ROWS) throw tooManyRows(`at least ${column} in column '${name}'`);
        if (allValues > MAX_SAMPLE_VALUES) throw tooLarge(`a Parquet sample may hold at most ${MAX_SAMPLE_VALUES} values (rows × columns), this one has at least ${allValues}`, MAX_SAMPLE_VALUES, allValues);
      }
    }
  }
}

/** Undefined when the rows, written out as text, fit in `limit` bytes; else how many they had reached (counting stops there). */
function textBytesOver(rows: readonly (readonly unknown[])[], limit: number): number | undefined {
  let total = 0;
  for (const row of rows) {
    total += row.length; // a separator a value, a newline a row
    for (const v of row) {
      if (v === null || v === undefined) continue;
      total += typeof v === 'string' ? v.length : v instanceof Date ? 24 : typeof v === 'object' ? JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)).length : String(v).length;
    }
    if (total > limit) return total;
  }
  return undefined;
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
