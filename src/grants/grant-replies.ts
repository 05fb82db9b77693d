/**
 * How the grant routes answer what they refuse: a GrantError's code as its status, a query out of range as
 * MALFORMED_QUERY, a path no row serves as NOT_FOUND, and 503 before the ledger opens. Every grant route (and the
 * operator's dispute route) answers through these, so one code has one status everywhere.
 */
import type { HttpReply, HttpRequestInfo } from '../http-registry/index.js';
import { GrantError, type GrantErrorCode } from './grant-error.js';
import type { GrantLedger } from './ledger.js';

export const STATUS_OF: Record<GrantErrorCode, number> = {
  UNKNOWN_GRANT: 404,
  NOT_YOUR_GRANT: 403,
  MALFORMED_REPORT: 400,
  FORGED_REQUEST: 403,
  MALFORMED_RECEIPT: 400,
  BAD_DELIVERY_SIGNATURE: 403,
  RECEIPT_REPLAYED: 409,
  OVER_QUANTITY: 409,
  MALFORMED_FAILURE: 400,
  ALREADY_REPORTED: 409,
  NOTHING_OWED: 409,
  MALFORMED_EVIDENCE: 400,
  NOT_RECEIPTED: 409,
  RECORDS_NOT_AS_SIGNED: 422,
  CONFORMANCE_CHECKED: 409,
  NO_LISTING: 409,
  ALREADY_DELIVERED: 409,
  CLAIM_EXISTS: 409,
  DISPUTE_WINDOW_CLOSED: 409,
  NO_ESCROW: 409,
  ESCROW_CLOSED: 409,
  MALFORMED_CLAIM: 400,
  EVIDENCE_OF_DELIVERY: 409,
  NO_EVIDENCE: 409,
  FORGED_PUSH: 403,
  MALFORMED_DECISION: 400,
  NO_OPEN_DISPUTE: 409,
  INVALID_DECISION: 409,
  USAGE_GRANT: 409,
  OFFSET_TOO_DEEP: 400,
  NOT_REPLICATED: 503,
};

/** The status of a refusal named by the engine or the ledger (a code the table does not hold: 409). */
export function statusOfCode(code: string): number {
  return (STATUS_OF as Record<string, number>)[code] ?? 409;
}

class QueryError extends Error {}

/** A query the route's schema lets through but the route refuses (MALFORMED_QUERY, 400). */
export function malformedQuery(message: string): Error {
  return new QueryError(message);
}

export function fail(error: unknown): HttpReply {
  if (error instanceof GrantError) return { status: STATUS_OF[error.code], body: { error: error.code, message: error.message } };
  if (error instanceof QueryError) return { status: 400, body: { error: 'MALFORMED_QUERY', message: error.message } };
  throw error;
}

export function notFound(req: HttpRequestInfo): HttpReply {
  return { status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.method} ${req.path}` } };
}

/** Before the service issues grants (it starts them after settlement). */
export function grantsUnavailable(): HttpReply {
  return { status: 503, body: { error: 'GRANTS_UNAVAILABLE', message: 'access grants are not issued yet (the service is starting)' } };
}

/** A whole number in a query, within [min, max]; `fallback` when absent; MALFORMED_QUERY otherwise. */
export function queryInteger(q: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const text = q.get(name);
  if (text === null) return fallback;
  const n = Number(text);
  if (!/^[0-9]{1,16}$/.test(text) || n < min || n > max) throw new QueryError(`query ${name}: an integer in [${min}, ${max}]`);
  return n;
}

/** A grant id in a path, or UNKNOWN_GRANT. */
export function grantIdOf(text: string | undefined): number {
  if (text === undefined || !/^[1-9][0-9]{0,15}$/.test(text)) throw new GrantError('UNKNOWN_GRANT', `'${text ?? ''}' is not a grant id`);
  return Number(text);
}

/** A grant route's handler once the ledger is open: 503 until it is; a GrantError or a malformed query is its reply. */
export function withLedger(ledger: () => GrantLedger | undefined, answer: (l: GrantLedger, req: HttpRequestInfo) => Promise<HttpReply>): (req: HttpRequestInfo) => Promise<HttpReply> {
  return async (req) => {
    const l = ledger();
    if (l === undefined) return grantsUnavailable();
    try {
      return await answer(l, req);
    } catch (error) {
      return fail(error);
    }
  };
}
