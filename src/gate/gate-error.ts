/** Why the gate refuses a request, the HTTP status of each refusal, and the error that carries it. */
import type { GateRequest } from '../grants/gate-request.js';

export const GATE_REFUSALS = [
  'MALFORMED_REQUEST',
  'FOREIGN_DOMAIN',
  'WRONG_PROVIDER',
  'FORGED_GRANT',
  'OUTDATED_REQUEST',
  'WRONG_ENDPOINT',
  'NOT_CONSUMER',
  'LISTING_NOT_SERVED',
  'NOT_YET_OPEN',
  'EXPIRED',
  'REPLAYED',
  'EXHAUSTED',
  'REVOKED',
  'NOT_READY',
  'WINDOW_CLOSED',
  'BAD_WEBHOOK_URL',
  'AUTHORISATION_EXPIRED',
  'TOO_MANY_STREAMS',
  'TOO_MANY_PUSHES',
  'UNKNOWN_FORMAT',
  'FORMAT_UNAVAILABLE',
  'TOO_MANY_RECORDS',
  'FORGED_MEMBERSHIP',
  'NOT_MEMBER',
  'MEMBERSHIP_EXPIRED',
  'USAGE_PULL_ONLY',
] as const;
export type GateRefusal = (typeof GATE_REFUSALS)[number];

/** HTTP status a refusal maps to, for a gate behind HTTP. */
export const GATE_STATUS: Record<GateRefusal, number> = {
  MALFORMED_REQUEST: 400,
  FOREIGN_DOMAIN: 403,
  WRONG_PROVIDER: 403,
  FORGED_GRANT: 403,
  LISTING_NOT_SERVED: 404,
  NOT_YET_OPEN: 403,
  EXPIRED: 410,
  OUTDATED_REQUEST: 400,
  WRONG_ENDPOINT: 403,
  NOT_CONSUMER: 401,
  REPLAYED: 409,
  EXHAUSTED: 429,
  REVOKED: 410,
  NOT_READY: 425,
  WINDOW_CLOSED: 410,
  BAD_WEBHOOK_URL: 400,
  AUTHORISATION_EXPIRED: 410,
  TOO_MANY_STREAMS: 429,
  TOO_MANY_PUSHES: 429,
  UNKNOWN_FORMAT: 400,
  FORMAT_UNAVAILABLE: 406,
  TOO_MANY_RECORDS: 413,
  FORGED_MEMBERSHIP: 403,
  NOT_MEMBER: 401,
  MEMBERSHIP_EXPIRED: 401,
  USAGE_PULL_ONLY: 409,
};

export class GateError extends Error {
  override readonly name = 'GateError';
  constructor(
    readonly code: GateRefusal,
    message: string,
    /** The grant, when its exchange signature held. */
    readonly grantId?: number,
    /**
     * The request's fields, when the grant's consumer signed it: only such a refusal can count
     * against the provider (its report carries this request; the exchange checks it again).
     * Never on NOT_READY: nothing failed, so there is nothing to report.
     */
    readonly signedRequest?: GateRequest,
  ) {
    super(message);
  }

  /** Whether the grant's consumer signed the refused request. */
  get consumerSigned(): boolean {
    return this.signedRequest !== undefined;
  }

  get status(): number {
    return GATE_STATUS[this.code];
  }
}
