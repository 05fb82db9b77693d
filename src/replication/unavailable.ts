/**
 * NATS away for a moment, not wrong: a nats-server died and its clients moved to another, or a
 * stream (the journal's, the lease bucket's, the catalog's) is electing a leader, which takes
 * nats-server 2.9 4.5–8 s here after its leader's server is killed (docs/replication.md, "When a
 * nats-server dies"). Requests then time out or find no responders, and JetStream answers 503.
 * A node waits that out and tries again, as a restart policy would, without the restart;
 * anything else is an error and is thrown.
 */
import { NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
import { JetStreamApiError } from '@nats-io/jetstream';
import type { Logger } from '../runtime/log.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** JetStream's "temporarily unavailable" (HTTP-like 503): no leader for the stream or the account's metadata yet. */
const JS_UNAVAILABLE_STATUS = 503;
const JS_UNAVAILABLE_CODE = 10008;

/** A follower did not take the stream's last messages in time (its consumer was on a server that went away). */
export class CatchUpTimeoutError extends Error {
  override readonly name = 'CatchUpTimeoutError';
}

/** Whether `error` (or one of its causes) says NATS or a stream was unavailable for a moment. */
export function isUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 4; depth++, e = e.cause) {
    if (e instanceof TimeoutError || e instanceof NoRespondersError || e instanceof CatchUpTimeoutError) return true;
    if (e instanceof RequestError && e.isNoResponders()) return true;
    if (e instanceof JetStreamApiError && (e.status === JS_UNAVAILABLE_STATUS || e.code === JS_UNAVAILABLE_CODE)) return true;
  }
  return false;
}

export interface UnavailableRetry {
  log: Logger;
  /** Between attempts. */
  pauseMs?: number;
  signal?: AbortSignal;
  /** Checked after each unavailable attempt: false ends the retries with that attempt's error (e.g. the lease was lost meanwhile). */
  stillWanted?: () => boolean;
}

/** How often the wait is logged while NATS stays away. */
const LOG_EVERY_MS = 5_000;

/** Runs `attempt` until it succeeds or fails for something other than NATS being away for a moment. */
export async function whenAvailable<T>(what: string, attempt: () => Promise<T>, o: UnavailableRetry): Promise<T> {
  const since = Date.now();
  let loggedAt = 0;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isUnavailable(error) || o.signal?.aborted === true || o.stillWanted?.() === false) throw error;
      const now = Date.now();
      if (now - loggedAt >= LOG_EVERY_MS) {
        loggedAt = now;
        o.log.warn({ err: error, waitedMs: now - since }, `${what}: NATS did not answer (a server gone, a stream electing its leader); trying again`);
      }
      await sleep(o.pauseMs ?? 250);
    }
  }
}
