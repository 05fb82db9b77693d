/**
 * A records file read back (record-file.ts writes them): NDJSON line by line, CSV by the
 * listing's column types (csv-parse), Parquet by its own types (hyparquet), each to the typed
 * records whose `JSON.stringify` the provider's delivery statement hashes; and a Parquet
 * file's embedded statement. A file that does not read is a RecordFileError, never a guess.
 * No Node imports: the client (and a browser) read downloads with it.
 */
import { parse as parseCsv, type CastingContext, type Options } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import type { DeliveryStatement } from '../grants/delivery-statement.js';
import { PARQUET_DELIVERY_KEY, PARQUET_SIGNATURE_KEY, PARQUET_TEXT_KEY, type FileFormat } from './record-format.js';
import type { SignedStatement } from './record-file.js';
import { timestampText, type FileColumn, type TypedRecord, type TypedValue } from './typed-records.js';

export class RecordFileError extends Error {
  override readonly name = 'RecordFileError';
}

export interface ReadFile {
  records: TypedRecord[];
  /** The provider's signed statement a Parquet file carries in its metadata (undefined for the other formats, or a Parquet file without one). */
  embedded?: SignedStatement;
}

/** Reads a downloaded file to its typed records; `columns` are the listing's (a CSV's types come from them). */
export async function readRecordFile(format: FileFormat, bytes: Uint8Array, columns: readonly FileColumn[]): Promise<ReadFile> {
  if (format === 'parquet') return readParquet(bytes);
  const text = utf8(bytes);
  return { records: format === 'csv' ? readCsv(text, columns) : readNdjson(text) };
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new RecordFileError('the file is not UTF-8');
  }
}

function readNdjson(text: string): TypedRecord[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new RecordFileError(`NDJSON line ${i + 1} is not JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RecordFileError(`NDJSON line ${i + 1} is not an object`);
    return value as TypedRecord;
  });
}

function readCsv(text: string, columns: readonly FileColumn[]): TypedRecord[] {
  let rows: TypedValue[][];
  try {
    // An empty cell unquoted is null, `""` an empty string (record-file.ts writes them so); each cell by its column's type, the header line (record 0) as text.
    const cast = (cell: string, context: CastingContext): TypedValue => {
      if (context.records === 0) return cell;
      const column = columns[context.index];
      if (column === undefined) throw new RecordFileError(`CSV line ${context.lines}: more cells than the ${columns.length} columns`);
      return csvValue(cell, context.quoting, column, context.lines);
    };
    rows = parseCsv(text, { relax_column_count: false, cast } as Options) as unknown as TypedValue[][];
  } catch (error) {
    throw error instanceof RecordFileError ? error : new RecordFileError(`CSV: ${(error as Error).message}`);
  }
  const names = rows.shift();
  if (names === undefined) throw new RecordFileError('the CSV file is empty (no header line)');
  if (names.length !== columns.length || names.some((n, i) => n !== columns[i]!.name)) {
    throw new RecordFileError(`the CSV header is ${names.join(',')}, not the listing's columns ${columns.map((c) => c.name).join(',')}`);
  }
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null])));
}

function csvValue(cell: string, quoted: boolean, column: FileColumn, line: number): TypedValue {
  if (column.type === 'string') return cell === '' && !quoted ? null : cell;
  if (cell === '') return null;
  const bad = (): never => {
    throw new RecordFileError(`CSV line ${line}, column '${column.name}': ${JSON.stringify(cell.slice(0, 40))} is not a ${column.type}`);
  };
  if (column.type === 'integer' || column.type === 'number') {
    const n = Number(cell);
    return Number.isFinite(n) && (column.type === 'number' || Number.isSafeInteger(n)) ? n : bad();
  }
  if (column.type === 'boolean') return cell === 'true' ? true : cell === 'false' ? false : bad();
  return timestampText(cell) === null ? bad() : cell;
}

async function readParquet(bytes: Uint8Array): Promise<ReadFile> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let rows: Record<string, unknown>[];
  let kv: Map<string, string | undefined>;
  try {
    const metadata = parquetMetadata(file);
    kv = new Map((metadata.key_value_metadata ?? []).map((e) => [e.key, e.value]));
    rows = (await parquetReadObjects({ file, metadata })) as Record<string, unknown>[];
  } catch (error) {
    throw new RecordFileError(`Parquet: ${(error as Error).message}`);
  }
  const records = rows.map((row) => {
    const out: TypedRecord = {};
    for (const [name, v] of Object.entries(row)) out[name] = parquetValue(v, name);
    return out;
  });
  return { records, ...embeddedStatement(kv) };
}

/** A Parquet cell as the typed record holds it: INT64 (bigint) a number, a TIMESTAMP (Date) its ISO text. */
function parquetValue(v: unknown, name: string): TypedValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new RecordFileError(`Parquet column '${name}': ${v} is beyond a safe integer`);
    return Number(v);
  }
  if (v instanceof Date) return timestampText(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new RecordFileError(`Parquet column '${name}': a ${typeof v} is not a column type the listing's schema has`);
}

function embeddedStatement(kv: Map<string, string | undefined>): { embedded?: SignedStatement } {
  const delivery = kv.get(PARQUET_DELIVERY_KEY);
  const deliverySignature = kv.get(PARQUET_SIGNATURE_KEY);
  const text = kv.get(PARQUET_TEXT_KEY);
  if (delivery === undefined || deliverySignature === undefined || text === undefined) return {};
  try {
    return { embedded: { delivery: JSON.parse(delivery) as DeliveryStatement, deliverySignature, text } };
  } catch {
    throw new RecordFileError(`Parquet metadata ${PARQUET_DELIVERY_KEY} is not JSON`);
  }
}
