/**
 * Nonces of signed HTTP requests, each accepted once. A signature is good only within
 * `maxSkewMs` of its time, so a nonce need be remembered only that long; and a request
 * signed before this process started is refused (its nonce may have been used with the
 * process before), so nothing need survive a restart. Bounded: past `maxEntries` live
 * nonces new requests are refused (503) until old ones expire; per-account request
 * rates (src/gateway/request-limits.ts) keep an honest load far below it. Keys that hold
 * no account (any stranger can make them, without limit) take at most `STRANGERS_SHARE`
 * of it: filling the table with them leaves the rest to accounts' requests, which are
 * not refused because strangers signed many (an outside audit, 2026-12-06).
 */

/** The part of the table keys without an account may fill: the rest is kept for accounts' requests. */
export const STRANGERS_SHARE = 3 / 4;
export type NonceVerdict = 'fresh' | 'replayed' | 'full' | 'stale';

export class RequestNonces {
  /** `address nonce` → expiry, in insertion order (≈ expiry order: expiry is the time signed + skew). */
  private readonly seen = new Map<string, number>();

  /** Live nonces past which a key without an account is refused ('full'). */
  readonly strangersRoom: number;

  constructor(
    private readonly maxSkewMs: number,
    private readonly maxEntries = 500_000,
  ) {
    this.strangersRoom = Math.floor(maxEntries * STRANGERS_SHARE);
  }

  /**
   * Takes the nonce at `nowMs`. The signature's time is checked again here, at the clock that sweeps: the caller checked
   * it before recovering the signer on another thread, and a replay sent just inside the window whose nonce was swept
   * while it waited would otherwise be fresh (an outside review, 2026-12-04). A nonce is kept until at least its
   * signature's time + skew, and taken only up to then, so one in the window is always still remembered.
   * `holdsAccount`: the signer has an account (false: taken only while fewer than `strangersRoom` are live).
   */
  use(address: string, nonce: string, signedAtMs: number, nowMs: number, holdsAccount = true): NonceVerdict {
    if (nowMs > signedAtMs + this.maxSkewMs) return 'stale';
    this.sweep(nowMs);
    const key = `${address} ${nonce}`;
    if (this.seen.has(key)) return 'replayed';
    if (this.seen.size >= (holdsAccount ? this.maxEntries : this.strangersRoom)) return 'full';
    this.seen.set(key, Math.max(signedAtMs, nowMs) + this.maxSkewMs);
    return 'fresh';
  }

  get size(): number {
    return this.seen.size;
  }

  /** Drops expired nonces from the oldest end (a later entry that expires sooner waits for the ones before it: harmless, it is only memory). */
  private sweep(nowMs: number): void {
    for (const [key, expiresAtMs] of this.seen) {
      if (expiresAtMs >= nowMs) break; // kept through its last instant: a replay at exactly signed time + skew is still refused
      this.seen.delete(key);
    }
  }
}
