/**
 * What one right serves at the reference provider server, and what the provider signs of it:
 * the records (generated for the listing's segment, their scores in the band of the contract the right
 * was bought in, or the model feed's window records) and the
 * delivery statement over their canonical bytes (src/grants/delivery-statement.ts).
 */
import { deliveryStatementText, pushNonce, recordsSha256, type AccessGrant, type DeliveryStatement, type PushBatchMaker, type PushPayload } from '../gate/index.js';
import { MessageKeySigner } from '../grants/grant.js';
import type { ProviderServerOptions } from './options.js';

/** Records served per right: one right is one download of this many. */
export const RECORDS_PER_RIGHT = 25;

export type Records = Record<string, string | number>[];

export interface Deliveries {
  /** The records of `count` from index `first` of the grant's (none for a listing this server has no records for). */
  recordsOf(grant: AccessGrant, first: number, count: number): Records;
  /** The provider's signature of a delivery statement, which the consumer's receipt to the exchange carries. */
  sign(grant: AccessGrant, delivery: DeliveryStatement): string;
  /** The text a statement's signature is over (a Parquet file embeds it). */
  statementText(grant: AccessGrant, delivery: DeliveryStatement): string;
  /** One pushed right: its records and its signed statement. */
  batch: PushBatchMaker;
}

export function deliveries(o: Pick<ProviderServerOptions, 'providerKey' | 'domain' | 'clock' | 'segmentOf' | 'records' | 'windowRecords' | 'bandOf'>): Deliveries {
  const statementSigner = new MessageKeySigner(o.providerKey);
  const clock = o.clock ?? Date.now;
  const recordsOf = (grant: AccessGrant, first: number, count: number): Records => {
    const segment = o.segmentOf(grant.listingId);
    if (segment === undefined) return [];
    const atMs = Math.min(clock(), grant.windowCloseMs);
    return (o.windowRecords !== undefined ? o.windowRecords(grant, first, count, atMs) : o.records(segment, grant.grantId * 1_000_000 + first, count, atMs, o.bandOf?.(grant.seriesId))) ?? [];
  };
  const statementText = (grant: AccessGrant, delivery: DeliveryStatement): string => deliveryStatementText(o.domain, grant, delivery);
  const sign = (grant: AccessGrant, delivery: DeliveryStatement): string => statementSigner.signMessage(statementText(grant, delivery));
  // One pushed right: its records (the same ones POST /records serves for that right) and the signed statement (use 1, nonce push-<seq>).
  const batch: PushBatchMaker = (grant, seq, remaining): PushPayload => {
    const records = recordsOf(grant, (seq - 1) * RECORDS_PER_RIGHT, RECORDS_PER_RIGHT);
    const delivery: DeliveryStatement = { grantId: grant.grantId, use: 1, nonce: pushNonce(seq), records: records.length, sha256: recordsSha256(records) };
    return { grantId: grant.grantId, seq, remaining, records, delivery, deliverySignature: sign(grant, delivery) };
  };
  return { recordsOf, sign, statementText, batch };
}
