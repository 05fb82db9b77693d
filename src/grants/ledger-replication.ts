/**
 * What the grant ledger keeps beside what it derives from the journal (consumers' receipts and
 * failure reports, providers' gate reports with their evidence, conformance verdicts, the
 * operator's notes on decisions), as the writes a replicated group's leader ships on the catalog
 * stream and its standbys apply (docs/replication.md, "The catalog stream"). A write is the
 * update as it came in, with the time the leader made it: a standby's ledger runs the same update
 * at that time, so a failover keeps what a consumer or a provider was told was taken.
 */
import { parseDeliveryReport, parseFailure, parseReceipt, type DeliveryFailure, type DeliveryReportBody, type ReceiptBody } from './bodies.js';
import type { DecisionNote, NotCounted } from './grant-record.js';

/** How long a standby waits for the grant a write is about (its journal follower may be a moment behind the catalog stream). */
export const REPLICATED_GRANT_WAIT_MS = 5_000;

interface WriteBase {
  /** When the leader made it: the times the update stores. */
  atMs: number;
  grantId: number;
}

export type GrantLedgerWrite =
  /** `notCounted`: the grant's counted rights do not move its listing's delivery, as the leader's washing guard found. */
  | (WriteBase & { op: 'receipt'; accountId: number; receipt: ReceiptBody; notCounted?: NotCounted })
  | (WriteBase & { op: 'report'; accountId: number; report: DeliveryReportBody })
  /** A grant taken out of its listing's delivery (washing: src/washing/guard.ts). */
  | (WriteBase & { op: 'exclude'; notCounted: NotCounted })
  | (WriteBase & { op: 'failure'; accountId: number; reason: DeliveryFailure })
  | (WriteBase & { op: 'conformance'; nonce: string; conforms: boolean })
  | (WriteBase & { op: 'decision-note'; note: DecisionNote });

/** Where a leader's ledger tells its writes (the catalog shipper), and learns that the stream holds them. */
export interface GrantLedgerReplication {
  grantLedgerWrote(write: GrantLedgerWrite): void;
  replicated(): Promise<void>;
}

export class GrantLedgerWriteError extends Error {
  override readonly name = 'GrantLedgerWriteError';
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const isAccount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function notCountedOf(v: unknown): NotCounted | undefined {
  const n = v as Partial<NotCounted> | null;
  if (typeof n !== 'object' || n === null || typeof n.reason !== 'string' || typeof n.why !== 'string' || typeof n.atMs !== 'number') return undefined;
  return { reason: n.reason, why: n.why, atMs: n.atMs };
}

/** A write as it arrived on the stream, checked as its route checked the request; else GrantLedgerWriteError. */
export function parseGrantLedgerWrite(value: unknown): GrantLedgerWrite {
  if (typeof value !== 'object' || value === null) throw new GrantLedgerWriteError('a grant ledger write: not an object');
  const w = value as Record<string, unknown>;
  if (typeof w['atMs'] !== 'number' || !Number.isSafeInteger(w['atMs']) || !isId(w['grantId'])) throw new GrantLedgerWriteError('a grant ledger write: atMs and grantId');
  const base = { atMs: w['atMs'], grantId: w['grantId'] };
  try {
    switch (w['op']) {
      case 'receipt': {
        if (!isAccount(w['accountId'])) break;
        const notCounted = notCountedOf(w['notCounted']);
        if (w['notCounted'] !== undefined && notCounted === undefined) break;
        return { ...base, op: 'receipt', accountId: w['accountId'], receipt: parseReceipt(w['receipt']), ...(notCounted === undefined ? {} : { notCounted }) };
      }
      case 'exclude': {
        const notCounted = notCountedOf(w['notCounted']);
        if (notCounted === undefined) break;
        return { ...base, op: 'exclude', notCounted };
      }
      case 'report': {
        if (!isAccount(w['accountId'])) break;
        const report = parseDeliveryReport(w['report']);
        if (report.grantId !== base.grantId) break;
        return { ...base, op: 'report', accountId: w['accountId'], report };
      }
      case 'failure':
        if (!isAccount(w['accountId'])) break;
        return { ...base, op: 'failure', accountId: w['accountId'], reason: parseFailure({ reason: w['reason'] }) };
      case 'conformance':
        if (typeof w['nonce'] !== 'string' || typeof w['conforms'] !== 'boolean') break;
        return { ...base, op: 'conformance', nonce: w['nonce'], conforms: w['conforms'] };
      case 'decision-note': {
        const n = w['note'] as Partial<DecisionNote> | null;
        if (typeof n !== 'object' || n === null || typeof n.text !== 'string' || typeof n.operator !== 'string' || typeof n.atMs !== 'number') break;
        return { ...base, op: 'decision-note', note: { text: n.text, operator: n.operator, atMs: n.atMs } };
      }
    }
  } catch (error) {
    throw new GrantLedgerWriteError(`a grant ledger ${String(w['op'])} write: ${(error as Error).message}`);
  }
  throw new GrantLedgerWriteError(`a malformed grant ledger write (${JSON.stringify(w['op'])})`);
}
