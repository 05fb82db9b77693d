/**
 * The delivery statement: what a provider signs with each answer it serves under a grant,
 * so the consumer can prove what it received (its receipt to the exchange carries it) and
 * the provider cannot later deny it (docs/delivery.md, "Receipts"). A module of its own
 * that imports no Node module: the web console checks and forwards it too.
 *
 * `sha256` is the SHA-256 of the delivered records' canonical bytes: the UTF-8 of
 * `JSON.stringify(records)`, the records array as the answer carries it (what a consumer
 * gets back by parsing the answer and stringifying its `records` again: JSON numbers and
 * strings round-trip exactly through JSON.parse and JSON.stringify).
 */
import { getAddress, sha256, toUtf8Bytes } from 'ethers';
import type { AccessGrant, GrantDomain } from './grant.js';

/** What the provider states it delivered for one gate request. */
export interface DeliveryStatement {
  grantId: number;
  /** Rights the request used. */
  use: number;
  /** The gate request's nonce: one statement per request. */
  nonce: string;
  /** Records delivered. */
  records: number;
  /** Lower-case hex SHA-256 of the records' canonical bytes (recordsSha256), no 0x. */
  sha256: string;
}

/** The first line of the text a provider signs (EIP-191) for a delivery. */
export const DELIVERY_STATEMENT_HEADING = 'PATX delivery v1';

const NONCE = /^[A-Za-z0-9_-]{1,64}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** The SHA-256 (lower-case hex, no 0x) of records' canonical bytes: UTF-8 of JSON.stringify(records). */
export function recordsSha256(records: readonly unknown[]): string {
  return sha256(toUtf8Bytes(JSON.stringify(records))).slice(2);
}

/** Why fields cannot be a delivery statement (undefined when they can). */
export function checkDeliveryStatement(s: unknown): string | undefined {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return 'not an object';
  const d = s as Record<string, unknown>;
  const positive = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
  if (!positive(d.grantId)) return 'grantId: a positive integer';
  if (!positive(d.use)) return 'use: a positive integer (rights)';
  if (typeof d.nonce !== 'string' || !NONCE.test(d.nonce)) return 'nonce: 1 to 64 of A-Z a-z 0-9 _ -';
  if (typeof d.records !== 'number' || !Number.isSafeInteger(d.records) || d.records < 0) return 'records: a non-negative integer';
  if (typeof d.sha256 !== 'string' || !HEX64.test(d.sha256)) return 'sha256: 64 lower-case hex digits';
  return undefined;
}

/**
 * The text the provider signs, one field a line: the exchange (the grants' EIP-712 domain),
 * the provider and the consumer of the grant, and the statement's fields.
 *
 *   PATX delivery v1
 *   exchange: PATX version 1
 *   chain id: 31337
 *   registry: 0x0000000000000000000000000000000000000000
 *   provider: 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc
 *   consumer: 0x976EA74026E726554dB657fA54763abd0C3a0aa9
 *   grant: 12
 *   use: 3
 *   nonce: mif3k2s0-8d1xk2q9zq
 *   records: 75
 *   sha256: 5f1c…
 */
export function deliveryStatementText(domain: GrantDomain, grant: Pick<AccessGrant, 'provider' | 'consumer'>, s: DeliveryStatement): string {
  const problem = checkDeliveryStatement(s);
  if (problem !== undefined) throw new Error(`delivery statement: ${problem}`);
  if (typeof domain.name !== 'string' || typeof domain.version !== 'string' || /[\r\n]/.test(domain.name + domain.version)) throw new Error('domain: name and version, one line each');
  return [
    DELIVERY_STATEMENT_HEADING,
    `exchange: ${domain.name} version ${domain.version}`,
    `chain id: ${Number(domain.chainId)}`,
    `registry: ${getAddress(String(domain.verifyingContract).toLowerCase())}`,
    `provider: ${getAddress(grant.provider.toLowerCase())}`,
    `consumer: ${getAddress(grant.consumer.toLowerCase())}`,
    `grant: ${s.grantId}`,
    `use: ${s.use}`,
    `nonce: ${s.nonce}`,
    `records: ${s.records}`,
    `sha256: ${s.sha256}`,
  ].join('\n');
}
