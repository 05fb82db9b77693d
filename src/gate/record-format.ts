/**
 * The formats a gate serves records in (`POST /records?format=…`, docs/delivery.md, "Downloads
 * as files"): `json`, the answer as ever (records in a JSON object), and three files an analyst
 * loads as they are: `ndjson` (one record a line), `csv` (a header line, then a row a record)
 * and `parquet` (typed columns, the provider's signed statement in its key-value metadata).
 * What each is called, its media type, and the headers that carry the statement beside a file.
 * No Node imports.
 */
import { GateError } from './gate-error.js';

export const RECORD_FORMATS = ['json', 'ndjson', 'csv', 'parquet'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];
/** The formats that are a file (everything but the JSON answer). */
export type FileFormat = Exclude<RecordFormat, 'json'>;

export const FILE_FORMATS: readonly FileFormat[] = ['ndjson', 'csv', 'parquet'];

export const MEDIA_TYPES: Readonly<Record<FileFormat, string>> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8; header=present',
  parquet: 'application/vnd.apache.parquet',
};

export const FILE_EXTENSIONS: Readonly<Record<FileFormat, string>> = { ndjson: 'ndjson', csv: 'csv', parquet: 'parquet' };

/** The answer's headers beside a file: the delivery statement (JSON), its signature, the rights left. Exposed to a browser's fetch (CORS). */
export const DELIVERY_HEADER = 'patx-delivery';
export const DELIVERY_SIGNATURE_HEADER = 'patx-delivery-signature';
export const REMAINING_HEADER = 'patx-remaining';

/** Parquet key-value metadata: the statement (JSON), its signature, and the exact text signed. */
export const PARQUET_DELIVERY_KEY = 'patx.delivery';
export const PARQUET_SIGNATURE_KEY = 'patx.delivery.signature';
export const PARQUET_TEXT_KEY = 'patx.delivery.text';

/** Whether a format name is one the gate serves. */
export function isRecordFormat(text: string): text is RecordFormat {
  return (RECORD_FORMATS as readonly string[]).includes(text);
}

/**
 * The format a request's query asks for (`format=csv`; none is `json`). Anything else, or the
 * parameter twice, is refused UNKNOWN_FORMAT before anything is checked or counted.
 */
export function requestedFormat(query: string): RecordFormat {
  const asked = new URLSearchParams(query).getAll('format');
  if (asked.length === 0) return 'json';
  const name = asked[0]!;
  if (asked.length > 1 || !isRecordFormat(name)) {
    throw new GateError('UNKNOWN_FORMAT', `format must be one of ${RECORD_FORMATS.join(', ')} (once); got ${JSON.stringify(asked.join(',').slice(0, 40))}`);
  }
  return name;
}
