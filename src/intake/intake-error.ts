/** Why the intake refused what a client sent, or could not take it now; `status` is the HTTP status it answers with. */
export type IntakeErrorCode =
  | 'MALFORMED_JSON'
  /** A string of the body is not text (an unpaired UTF-16 surrogate). */
  | 'INVALID_TEXT'
  | 'JSON_TOO_DEEP'
  /** More values (object members, array elements) than the route's documents hold. */
  | 'JSON_TOO_WIDE'
  /** Conformance evidence that is not {nonce, records} (src/intake/evidence.ts). */
  | 'MALFORMED_EVIDENCE'
  | 'BODY_HASH_MISMATCH'
  | 'BAD_SIGNATURE'
  /** The intake's queue is full: try again shortly. */
  | 'SERVER_BUSY'
  /** This client has as many requests being read as it may: wait for one to finish. */
  | 'TOO_MANY_IN_FLIGHT'
  /** This client has as many samples being measured as it may (IntakeLimits.maxMeasurementsPerClient): send it again once one is answered. */
  | 'TOO_MANY_MEASUREMENTS'
  /** A request took its worker longer than the limit: the worker was replaced. */
  | 'TOO_COSTLY';

const STATUS: Record<IntakeErrorCode, number> = {
  MALFORMED_JSON: 400,
  INVALID_TEXT: 400,
  JSON_TOO_DEEP: 400,
  JSON_TOO_WIDE: 413,
  MALFORMED_EVIDENCE: 400,
  BODY_HASH_MISMATCH: 400,
  BAD_SIGNATURE: 401,
  SERVER_BUSY: 503,
  TOO_MANY_IN_FLIGHT: 429,
  TOO_MANY_MEASUREMENTS: 429,
  TOO_COSTLY: 413,
};

export class IntakeError extends Error {
  override readonly name = 'IntakeError';
  readonly status: number;
  constructor(
    readonly code: IntakeErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}
