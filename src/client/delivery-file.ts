/**
 * A grant's records landed as a file a notebook or a warehouse loads: CSV, NDJSON or Parquet
 * from the provider's gate (`POST <endpoint>?format=…`, docs/delivery.md, "Downloads as
 * files"), checked against the provider's signed delivery statement as a JSON download is
 * (the file read back, by the listing's column types, to the typed records the statement's
 * SHA-256 covers), the receipt sent, the records sent as conformance evidence; then written.
 * The statement goes with the file: in a Parquet file's key-value metadata (the gate embeds
 * it), beside a CSV or NDJSON file as `<file>.statement.json` (a header or trailer line would
 * break pandas.read_csv). `checkRecordFile` checks a file and its statement again later,
 * offline. Node only (it writes files); src/client/delivery.ts does the download.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { getAddress, verifyMessage } from 'ethers';
import {
  DELIVERY_HEADER,
  DELIVERY_SIGNATURE_HEADER,
  fileColumns,
  readRecordFile,
  RecordFileError,
  REMAINING_HEADER,
  type FileColumn,
  type FileFormat,
} from '../gate/index.js';
import { checkDeliveryStatement, deliveryStatementText, recordsSha256, type DeliveryStatement } from '../grants/delivery-statement.js';
import type { GrantDomain, SignedGrant } from '../grants/grant.js';
import type { DataSchema } from '../catalog/data-schema.js';
import { deliverWithGrant, type Download, type DownloadOptions, type GateAnswer } from './delivery.js';
import type { MessageSigner } from './trading-client.js';

export interface FileDownloadOptions extends DownloadOptions {
  format: FileFormat;
  /** Where the file is written; its statement beside it (`<path>.statement.json`) unless Parquet. */
  path: string;
}

/** The sidecar beside a CSV or NDJSON file: everything needed to check it offline. */
export interface FileStatement {
  format: FileFormat;
  file: string;
  /** The file's columns, as the listing's schema gave them: how a CSV's cells are typed. */
  columns: FileColumn[];
  grant: SignedGrant['grant'];
  grantSignature: string;
  domain: GrantDomain;
  delivery: DeliveryStatement;
  deliverySignature: string;
  /** The exact text the provider signed (deliveryStatementText). */
  statementText: string;
}

/** A file download: the download as downloadWithGrant says it, and what was written where (nothing unless received). */
export type FileDownload = Download & { written?: { path: string; bytes: number; statementPath?: string } };

/**
 * Uses `use` rights of a grant at its provider's gate as a file, checks it against the
 * provider's statement, sends the receipt, and writes the file (and its statement).
 *
 * @example
 *   const d = await downloadRecordFile(http.url, wallet, grant, 3, { format: 'parquet', path: 'grant-12.parquet' });
 *   if (d.outcome === 'received') console.log(d.records.length, d.receipt.state, d.written?.path);
 */
export async function downloadRecordFile(exchangeHttpUrl: string, wallet: MessageSigner, signed: SignedGrant, use: number, o: FileDownloadOptions): Promise<FileDownload> {
  // The listing's columns: how a CSV reads back typed (the gate types the file by the same schema).
  const listing = await fetch(`${exchangeHttpUrl}/v1/listings/${signed.grant.listingId}`);
  if (!listing.ok) return { outcome: 'no-listing', status: listing.status };
  const { schema } = (await listing.json()) as { schema?: Pick<DataSchema, 'columns'> };
  if (schema === undefined) return { outcome: 'no-listing', status: listing.status };
  const columns = fileColumns(schema);
  let bytes: Uint8Array | undefined;
  const read = async (res: Response): Promise<GateAnswer> => {
    bytes = new Uint8Array(await res.arrayBuffer());
    return fileAnswer(o.format, bytes, columns, res.headers);
  };
  const d = await deliverWithGrant(exchangeHttpUrl, wallet, signed, use, o, { query: `?format=${o.format}`, read });
  if (d.outcome !== 'received' || bytes === undefined) return d;
  await writeFile(o.path, bytes);
  if (o.format === 'parquet' || d.delivery === undefined || d.deliverySignature === undefined) return { ...d, written: { path: o.path, bytes: bytes.byteLength } };
  const domain = await grantDomain(exchangeHttpUrl);
  const statement: FileStatement = {
    format: o.format,
    file: basename(o.path),
    columns,
    grant: signed.grant,
    grantSignature: signed.signature,
    domain,
    delivery: d.delivery,
    deliverySignature: d.deliverySignature,
    statementText: deliveryStatementText(domain, signed.grant, d.delivery),
  };
  const statementPath = `${o.path}.statement.json`;
  await writeFile(statementPath, `${JSON.stringify(statement, null, 2)}\n`);
  return { ...d, written: { path: o.path, bytes: bytes.byteLength, statementPath } };
}

/** A file answer read: its records typed, the statement from the headers (or, in Parquet, the file's own, which must agree). */
async function fileAnswer(format: FileFormat, bytes: Uint8Array, columns: FileColumn[], headers: Headers): Promise<GateAnswer> {
  const remaining = Number(headers.get(REMAINING_HEADER) ?? 0);
  const headerStatement = headers.get(DELIVERY_HEADER);
  const headerSignature = headers.get(DELIVERY_SIGNATURE_HEADER) ?? undefined;
  let delivery: DeliveryStatement | undefined;
  try {
    delivery = headerStatement === null ? undefined : (JSON.parse(headerStatement) as DeliveryStatement);
  } catch {
    return { records: [], remaining, problem: `the ${DELIVERY_HEADER} header is not JSON` };
  }
  let file;
  try {
    file = await readRecordFile(format, bytes, columns);
  } catch (error) {
    if (!(error instanceof RecordFileError)) throw error;
    return { records: [], remaining, problem: `the ${format} file does not read: ${error.message}` };
  }
  const embedded = file.embedded;
  if (embedded !== undefined && delivery !== undefined && (JSON.stringify(embedded.delivery) !== JSON.stringify(delivery) || embedded.deliverySignature !== headerSignature)) {
    return { records: file.records, remaining, problem: "the Parquet file's embedded statement is not the answer's" };
  }
  const signature = headerSignature ?? embedded?.deliverySignature;
  const statement = delivery ?? embedded?.delivery;
  return { records: file.records, remaining, ...(statement === undefined ? {} : { delivery: statement }), ...(signature === undefined ? {} : { deliverySignature: signature }) };
}

async function grantDomain(exchangeHttpUrl: string): Promise<GrantDomain> {
  const res = await fetch(`${exchangeHttpUrl}/v1/grants/signer`);
  return ((await res.json()) as { domain: GrantDomain }).domain;
}

/** What a file's check found: who signed for how many records of which grant, or why it does not hold. */
export type FileCheck = { ok: true; format: FileFormat; grantId: number; records: number; provider: string; consumer: string } | { ok: false; problem: string };

/**
 * Checks a downloaded file against the provider's signed statement, offline: a Parquet file by
 * the statement in its metadata, a CSV or NDJSON file by `<path>.statement.json` beside it. The
 * file's records, read back typed, must hash to the statement's SHA-256 and count, and the
 * statement's text must be signed by the provider it names (and, with the sidecar, the grant's).
 */
export async function checkRecordFile(path: string): Promise<FileCheck> {
  const format = formatOfPath(path);
  if (format === undefined) {
    // A JSON-lines download was checked as it arrived and keeps no statement: a file download keeps one to check again.
    const lines = /\.jsonl$/i.test(path) ? ': a JSON-lines download is checked against the statement as it arrives and keeps none; download with --format ndjson (or csv, parquet) to keep one beside the file' : '';
    return { ok: false, problem: `${path}: not a .csv, .ndjson or .parquet file${lines}` };
  }
  const bytes = new Uint8Array(await readFile(path));
  let sidecar: FileStatement | undefined;
  if (format !== 'parquet') {
    try {
      sidecar = JSON.parse(await readFile(`${path}.statement.json`, 'utf8')) as FileStatement;
    } catch (error) {
      return { ok: false, problem: `${path}.statement.json: ${(error as Error).message}` };
    }
  }
  let file;
  try {
    file = await readRecordFile(format, bytes, sidecar?.columns ?? []);
  } catch (error) {
    return { ok: false, problem: `${path}: ${(error as Error).message}` };
  }
  const signed = sidecar === undefined ? file.embedded : { delivery: sidecar.delivery, deliverySignature: sidecar.deliverySignature, text: sidecar.statementText };
  if (signed === undefined) return { ok: false, problem: `${path} carries no signed delivery statement` };
  const shape = checkDeliveryStatement(signed.delivery);
  if (shape !== undefined) return { ok: false, problem: `the statement: ${shape}` };
  const named = statementFields(signed.text);
  if (named.sha256 !== signed.delivery.sha256 || named.records !== String(signed.delivery.records) || named.grant !== String(signed.delivery.grantId) || named.nonce !== signed.delivery.nonce) return { ok: false, problem: "the statement's text and fields differ" };
  if (sidecar !== undefined && signed.text !== deliveryStatementText(sidecar.domain, sidecar.grant, sidecar.delivery)) return { ok: false, problem: "the statement's text is not the grant's" };
  if (file.records.length !== signed.delivery.records || recordsSha256(file.records) !== signed.delivery.sha256) return { ok: false, problem: "the file's records are not the ones the statement covers" };
  let signer: string;
  try {
    signer = verifyMessage(signed.text, signed.deliverySignature);
  } catch {
    return { ok: false, problem: "the statement's signature is malformed" };
  }
  const provider = named.provider ?? '';
  if (provider === '' || getAddress(signer) !== getAddress(provider)) return { ok: false, problem: 'the statement is not signed by the provider it names' };
  return { ok: true, format, grantId: signed.delivery.grantId, records: file.records.length, provider, consumer: named.consumer ?? '' };
}

/** A statement text's `field: value` lines. */
function statementFields(text: string): Record<string, string | undefined> {
  return Object.fromEntries(
    text
      .split('\n')
      .slice(1)
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
  );
}

/** The format a file's extension names. */
export function formatOfPath(path: string): FileFormat | undefined {
  const ext = /\.(csv|ndjson|parquet)$/i.exec(path)?.[1]?.toLowerCase();
  return ext as FileFormat | undefined;
}
