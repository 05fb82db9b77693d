/**
 * Typed records (typed-records.ts) written as a file: NDJSON and CSV as text in chunks a
 * response streams (record-format.ts names them), Parquet as one buffer whose key-value
 * metadata carries the provider's signed delivery statement. Each reads back, by
 * record-file-read.ts (or pandas, DuckDB, pyarrow), to exactly the records the statement's
 * SHA-256 covers. CSV with csv-stringify, Parquet with hyparquet-writer: no hand-written writer.
 */
import { stringify } from 'csv-stringify/sync';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { BasicType, ColumnSource } from 'hyparquet-writer';
import type { DeliveryStatement } from '../grants/delivery-statement.js';
import { PARQUET_DELIVERY_KEY, PARQUET_SIGNATURE_KEY, PARQUET_TEXT_KEY } from './record-format.js';
import type { ColumnType, FileColumn, TypedRecord, TypedValue } from './typed-records.js';

/** Rows per chunk of text: a response writes a chunk at a time, never the whole file as one string. */
export const ROWS_PER_CHUNK = 1_000;

/** The provider's signed statement of a file's records, as a Parquet file embeds it. */
export interface SignedStatement {
  delivery: DeliveryStatement;
  deliverySignature: string;
  /** The exact text signed (deliveryStatementText). */
  text: string;
}

/**
 * CSV's cells: an empty string is quoted (`""`), null is an empty cell, so the two read back
 * apart; booleans `true`/`false` (pandas reads them as bool); numbers as JavaScript writes them
 * (the shortest text that reads back to the same double).
 */
const CSV_OPTIONS = {
  cast: {
    string: (v: string) => (v === '' ? { value: '', quoted_empty: true } : v),
    boolean: (v: boolean) => (v ? 'true' : 'false'),
    number: (v: number) => String(v),
  },
};

/** NDJSON: one record a line, each `JSON.stringify(record)`, in chunks of ROWS_PER_CHUNK lines. */
export function* ndjsonChunks(records: readonly TypedRecord[]): Generator<string> {
  for (let i = 0; i < records.length; i += ROWS_PER_CHUNK) {
    yield records
      .slice(i, i + ROWS_PER_CHUNK)
      .map((r) => `${JSON.stringify(r)}\n`)
      .join('');
  }
}

/** CSV: the header line (the columns' names), then a row a record, in chunks of ROWS_PER_CHUNK rows. */
export function* csvChunks(columns: readonly FileColumn[], records: readonly TypedRecord[]): Generator<string> {
  yield stringify([columns.map((c) => c.name)]);
  for (let i = 0; i < records.length; i += ROWS_PER_CHUNK) {
    const rows = records.slice(i, i + ROWS_PER_CHUNK).map((r) => columns.map((c) => r[c.name] ?? null));
    yield stringify(rows, CSV_OPTIONS);
  }
}

const PARQUET_TYPES: Readonly<Record<ColumnType, BasicType>> = { string: 'STRING', integer: 'INT64', number: 'DOUBLE', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP' };

/** A column's values as hyparquet-writer takes them: INT64 as bigint, TIMESTAMP as Date (milliseconds, UTC). */
function parquetValue(v: TypedValue, type: ColumnType): unknown {
  if (v === null) return null;
  if (type === 'integer') return BigInt(v as number);
  if (type === 'timestamp') return new Date(v as string);
  return v;
}

/** Parquet: one column per schema column (every one nullable: a value not of its type is null), the signed statement in the key-value metadata. */
export function parquetFile(columns: readonly FileColumn[], records: readonly TypedRecord[], signed: SignedStatement): Uint8Array {
  const columnData: ColumnSource[] = columns.map((c) => ({
    name: c.name,
    type: PARQUET_TYPES[c.type],
    nullable: true,
    data: records.map((r) => parquetValue(r[c.name] ?? null, c.type)),
  }));
  const buffer = parquetWriteBuffer({
    columnData,
    kvMetadata: [
      { key: PARQUET_DELIVERY_KEY, value: JSON.stringify(signed.delivery) },
      { key: PARQUET_SIGNATURE_KEY, value: signed.deliverySignature },
      { key: PARQUET_TEXT_KEY, value: signed.text },
    ],
    createdBy: 'PATX gate (hyparquet-writer)',
  });
  return new Uint8Array(buffer);
}
