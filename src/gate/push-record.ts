/** A webhook registration as the gate keeps it (gate.ts, LMDB) and the pusher works it (pusher.ts). */
import type { AccessGrant } from '../grants/grant.js';
import type { PushAuthorisation } from '../grants/push-request.js';

/** A right counted for a webhook and not yet taken by it (2xx). */
export interface PendingPush {
  seq: number;
  remaining: number;
  /** The payload's JSON, made once and sent as is on every attempt (null until made: a crash between the count and the making makes it again, for the same seq). */
  body: string | null;
  deliverySignature: string | null;
  /** Attempts made so far. */
  attempts: number;
  nextAttemptAtMs: number;
}

/** A webhook registration as the gate keeps it (LMDB, by grant and URL). */
export interface PushRecord {
  grantId: number;
  url: string;
  grant: AccessGrant;
  /** The exchange's signature of the grant (checked at registration). */
  signature: string;
  authorisation: PushAuthorisation;
  registeredAtMs: number;
  /** When the next right's batch is due (one per period). */
  nextBatchAtMs: number;
  pending: PendingPush | null;
  /** Batches the URL took (2xx). */
  delivered: number;
}
