/**
 * The rows a grant ledger seed carries (ledger-seed.ts), checked for their shape as they arrive on the catalog stream:
 * a stored receipt and a report's evidence of delivery, as the leader's ledger keeps them.
 */
import type { DeliveryEvidence, StoredReceipt } from './grant-record.js';
import { GrantLedgerWriteError } from './ledger-replication.js';

const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const text = (v: unknown): v is string => typeof v === 'string';
const object = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function refused(what: string): never {
  throw new GrantLedgerWriteError(`a grant ledger seed: ${what}`);
}

const CONFORMANCE: ReadonlySet<unknown> = new Set(['checking', 'conforms', 'diverges']);

/** A receipt as the ledger stores it. */
export function parseSeedReceipt(v: unknown): StoredReceipt {
  if (!object(v)) return refused('a receipt is not an object');
  const { use, nonce, records, sha256, deliverySignature, atMs, byMemberAccountId, conformance } = v;
  if (!count(use) || !text(nonce) || !count(records) || !text(sha256) || !text(deliverySignature) || !count(atMs)) return refused(`receipt ${String(nonce)}`);
  if (byMemberAccountId !== undefined && !count(byMemberAccountId)) return refused(`receipt ${nonce}: byMemberAccountId`);
  if (conformance !== undefined && !CONFORMANCE.has(conformance)) return refused(`receipt ${nonce}: conformance`);
  return {
    use,
    nonce,
    records,
    sha256,
    deliverySignature,
    atMs,
    ...(byMemberAccountId === undefined ? {} : { byMemberAccountId }),
    ...(conformance === undefined ? {} : { conformance: conformance as NonNullable<StoredReceipt['conformance']> }),
  };
}

const KINDS: ReadonlySet<unknown> = new Set(['download', 'push', 'stream']);

/** A request's evidence of delivery as the ledger stores it. */
export function parseSeedEvidence(v: unknown): DeliveryEvidence {
  if (!object(v)) return refused('evidence is not an object');
  const { kind, use, records, sha256, deliverySignature, atMs, push, stream } = v;
  if (!KINDS.has(kind) || !count(use) || !count(records) || !text(sha256) || !text(deliverySignature) || !count(atMs)) return refused('evidence');
  const evidence: DeliveryEvidence = { kind: kind as DeliveryEvidence['kind'], use, records, sha256, deliverySignature, atMs };
  if (push !== undefined) {
    if (!object(push) || !text(push['url']) || !count(push['seq']) || !count(push['status']) || !count(push['answeredAtMs']) || (push['address'] !== undefined && !text(push['address']))) return refused('evidence.push');
    evidence.push = { url: push['url'], seq: push['seq'], status: push['status'], answeredAtMs: push['answeredAtMs'], ...(push['address'] === undefined ? {} : { address: push['address'] }) };
  }
  if (stream !== undefined) {
    if (!object(stream) || !count(stream['seq']) || !text(stream['request'])) return refused('evidence.stream');
    evidence.stream = { seq: stream['seq'], request: stream['request'] };
  }
  return evidence;
}
