/**
 * What the gate's streams (streams.ts) and webhooks (pusher.ts) share: how a provider makes
 * one right's signed batch, how often, and how a refusal to count the next right ends them.
 */
import type { AccessGrant } from '../grants/grant.js';
import type { GateRefusal } from './gate-error.js';
import type { PushEndReason, PushPayload } from '../grants/push-request.js';

/** Makes one right's batch: its records and the provider's signed delivery statement (use 1, nonce pushNonce(seq)). */
export type PushBatchMaker = (grant: AccessGrant, seq: number, remaining: number) => PushPayload | Promise<PushPayload>;

/** A pino-like logger (what the gate logs through, when given one). */
export interface PushLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export const SILENT_LOG: PushLog = { info: () => undefined, warn: () => undefined };

/** setTimeout's longest delay (about 24.8 days): longer waits are taken in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why pushing stops when the gate refuses to count the next right. */
export function endReasonOf(code: GateRefusal): PushEndReason {
  switch (code) {
    case 'EXHAUSTED':
      return 'exhausted';
    case 'REVOKED':
      return 'revoked';
    case 'WINDOW_CLOSED':
      return 'window-closed';
    case 'EXPIRED':
      return 'expired';
    default:
      return 'not-served'; // LISTING_NOT_SERVED (unpublished meanwhile); nothing else is refused once a push is under way (NOT_READY waits, it never ends one)
  }
}

/** When the next batch is due: one period after now, and no later than the window's close (where pushing ends). */
export function nextBatchAtMs(grant: AccessGrant, nowMs: number, periodMs: number): number {
  return Math.min(nowMs + Math.max(1, periodMs), grant.windowCloseMs);
}
