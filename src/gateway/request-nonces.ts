/**
 * Nonces of signed HTTP requests, each accepted once. A signature is good only within
 * `maxSkewMs` of its time, so a nonce need be remembered only that long; and a request
 * signed before this process started is refused (its nonce may have been used with the
 * process before), so nothing need survive a restart. Bounded: past `maxEntries` live
 * nonces new requests are refused (503) until old ones expire; per-account request
 * rates (src/gateway/request-limits.ts) keep an honest load far below it.
 */
export type NonceVerdict = 'fresh' | 'replayed' | 'full';

export class RequestNonces {
  /** `address nonce` → expiry, in insertion order (≈ expiry order: expiry is the time signed + skew). */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly maxSkewMs: number,
    private readonly maxEntries = 500_000,
  ) {}

  use(address: string, nonce: string, signedAtMs: number, nowMs: number): NonceVerdict {
    this.sweep(nowMs);
    const key = `${address} ${nonce}`;
    if (this.seen.has(key)) return 'replayed';
    if (this.seen.size >= this.maxEntries) return 'full';
    this.seen.set(key, Math.max(signedAtMs, nowMs) + this.maxSkewMs);
    return 'fresh';
  }

  get size(): number {
    return this.seen.size;
  }

  /** Drops expired nonces from the oldest end (a later entry that expires sooner waits for the ones before it: harmless, it is only memory). */
  private sweep(nowMs: number): void {
    for (const [key, expiresAtMs] of this.seen) {
      if (expiresAtMs > nowMs) break;
      this.seen.delete(key);
    }
  }
}
