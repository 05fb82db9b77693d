/**
 * The grants an exercise gives: one per provider share of it (the engine's
 * RIGHTS_EXERCISED.redemptions, FIFO by mint), each naming the consumer, the
 * provider, the provider's listing and version, the series' window, the quantity
 * and an expiry. A pure function of the journaled event and the engine's accounts
 * and series, so a grant is the same whenever it is derived (the ack, the ledger,
 * a replay after a crash) and so is its signature (RFC 6979 signatures are
 * deterministic).
 */
import type { Engine, RightsExercised } from '../engine/index.js';
import { checksumAddress } from './address-checksum.js';
import type { AccessGrant } from './grant.js';
import { ZERO_ADDRESS } from './grant-types.js';

/** How long after the window closes (or the exercise, if later) the gate still honours a grant. */
export const GRANT_GRACE_MS = 24 * 3_600_000;

/** An account's address as a grant carries it: checksummed; the zero address for an account without one. */
function addressOf(engine: Engine, accountId: number): string {
  const address = engine.account(accountId)?.address ?? '';
  return /^0x[0-9a-fA-F]{40}$/.test(address) ? checksumAddress(address) : ZERO_ADDRESS;
}

export function grantsOfExercise(engine: Engine, e: RightsExercised, timeMs: number): AccessGrant[] {
  const series = engine.seriesById(e.seriesId);
  if (series === undefined) return [];
  const consumer = addressOf(engine, e.accountId);
  return e.redemptions.map((r) => ({
    grantId: r.grantId,
    consumer,
    provider: addressOf(engine, r.providerAccountId),
    listingId: r.listingId,
    listingVersion: r.listingVersion,
    seriesId: e.seriesId,
    windowOpenMs: series.spec.openAtMs,
    windowCloseMs: series.spec.closeAtMs,
    quantity: r.qty,
    expiresAtMs: Math.max(series.spec.closeAtMs, timeMs) + GRANT_GRACE_MS,
    nonce: e.seq,
  }));
}
