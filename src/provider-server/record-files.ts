/**
 * `POST /records?format=ndjson|csv|parquet`: the records of the rights used as a file
 * (src/gate/record-file.ts), typed by the listing's schema, the provider's signed delivery
 * statement of those typed records in the answer's headers (and in a Parquet file's metadata).
 * What is decided before the gate counts a right (the listing's columns, the file's bound), and
 * how the file is written: NDJSON and CSV a chunk at a time as the socket takes them.
 */
import type { ServerResponse } from 'node:http';
import {
  csvChunks,
  DELIVERY_HEADER,
  DELIVERY_SIGNATURE_HEADER,
  fileColumns,
  FILE_EXTENSIONS,
  GateError,
  MEDIA_TYPES,
  ndjsonChunks,
  parquetFile,
  REMAINING_HEADER,
  type AccessGrant,
  type DeliveryStatement,
  type FileColumn,
  type FileFormat,
  type GateUsageTerms,
  type TypedRecord,
} from '../gate/index.js';
import type { ProviderServerOptions } from './options.js';

/** What a file request is served under: its format and the listing's columns. */
export interface FileTerms {
  format: FileFormat;
  columns: FileColumn[];
}

/** A file's records and the provider's signed statement of them. */
export interface ServedFile {
  grant: AccessGrant;
  remaining: number;
  records: TypedRecord[];
  delivery: DeliveryStatement;
  deliverySignature: string;
  /** The statement's text as signed (a Parquet file embeds it, so the file alone can be checked). */
  statementText: string;
}

/** Headers a browser's fetch may read beside the file (CORS). */
const EXPOSED = [DELIVERY_HEADER, DELIVERY_SIGNATURE_HEADER, REMAINING_HEADER, 'content-disposition'].join(', ');

/**
 * Before anything is checked or counted: the columns of the listing the request's grant names
 * (FORMAT_UNAVAILABLE without a schema for it) and the file's size (TOO_MANY_RECORDS past
 * `maxFileRecords`). A body that is not a gate request passes here: the gate refuses it next.
 * The grant's fields are read unverified; the gate verifies them before a right is counted, and
 * the file is typed by the verified listing's schema (routes.ts).
 */
export function fileTerms(format: FileFormat, body: unknown, o: Pick<ProviderServerOptions, 'schemaOf' | 'usageOf'>, recordsPerRight: number, maxFileRecords: number): FileTerms {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { grant?: { listingId?: unknown; listingVersion?: unknown }; use?: unknown };
  const use = typeof b.use === 'number' && Number.isSafeInteger(b.use) ? b.use : 0;
  const listingId = b.grant?.listingId;
  const version = b.grant?.listingVersion;
  const usage = typeof listingId === 'number' && typeof version === 'number' ? o.usageOf?.(listingId, version) : undefined;
  if (recordsAsked(usage, use, recordsPerRight) > maxFileRecords) {
    const most = usage === undefined ? `${maxFileRecords} records (${Math.floor(maxFileRecords / recordsPerRight)} rights)` : `${maxFileRecords} records`;
    throw new GateError('TOO_MANY_RECORDS', `a ${format} file carries at most ${most} a request; asked for ${use} ${usage?.unit ?? 'rights'}: ask in parts`);
  }
  if (typeof listingId !== 'number' || typeof version !== 'number') return { format, columns: [] }; // not a gate request: the gate refuses it
  const schema = o.schemaOf?.(listingId, version);
  if (schema === undefined) throw new GateError('FORMAT_UNAVAILABLE', `listing ${listingId} has no data schema at this server: its records come as JSON only (no format parameter)`);
  return { format, columns: fileColumns(schema) };
}

/** The records a request's `use` asks for: rights × records a right; a usage grant's records; one request's records a right's. */
export function recordsAsked(usage: GateUsageTerms | undefined, use: number, recordsPerRight: number): number {
  if (usage === undefined) return use * recordsPerRight;
  return usage.unit === 'records' ? use : recordsPerRight;
}

/** The file's name in its Content-Disposition: the grant, the request's nonce, the format's extension. */
export function fileName(grantId: number, nonce: string, format: FileFormat): string {
  return `grant-${grantId}-${nonce}.${FILE_EXTENSIONS[format]}`;
}

/** Answers 200 with the file: the statement in the headers, then the bytes (NDJSON and CSV a chunk at a time, waiting for the socket to drain). */
export async function sendRecordFile(res: ServerResponse, terms: FileTerms, served: ServedFile): Promise<void> {
  const headers = {
    'content-type': MEDIA_TYPES[terms.format],
    'content-disposition': `attachment; filename="${fileName(served.grant.grantId, served.delivery.nonce, terms.format)}"`,
    [DELIVERY_HEADER]: JSON.stringify(served.delivery), // a nonce of [A-Za-z0-9_-], integers and hex: a header's characters
    [DELIVERY_SIGNATURE_HEADER]: served.deliverySignature,
    [REMAINING_HEADER]: String(served.remaining),
    'access-control-allow-origin': '*',
    'access-control-expose-headers': EXPOSED,
    'cache-control': 'no-store',
  };
  if (terms.format === 'parquet') {
    // hyparquet-writer makes the file in one buffer: bounded by maxFileRecords (fileTerms).
    const bytes = parquetFile(terms.columns, served.records, { delivery: served.delivery, deliverySignature: served.deliverySignature, text: served.statementText });
    res.writeHead(200, { ...headers, 'content-length': String(bytes.byteLength) });
    return void res.end(bytes);
  }
  res.writeHead(200, headers);
  const chunks = terms.format === 'csv' ? csvChunks(terms.columns, served.records) : ndjsonChunks(served.records);
  for (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await drained(res);
  }
  res.end();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
