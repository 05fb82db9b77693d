/**
 * HTTP request rates per client address and per account: token buckets (a burst, refilled
 * at a steady rate). A request over either is answered 429 with `Retry-After` and the
 * IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers-10):
 *
 *   RateLimit-Policy: "address";q=100;w=10, "account";q=50;w=10
 *   RateLimit: "address";r=87;t=2
 *
 * q is the burst, w the seconds it takes to refill from empty, r what is left, t the
 * seconds until a request is taken again. The table of buckets is bounded: past its size the
 * longest-idle bucket is dropped (it comes back full, as it would have refilled).
 */

export interface RateLimit {
  /** Requests a client may send at once (the bucket's size). */
  burst: number;
  /** Requests per second it refills at. */
  perSecond: number;
}

export interface RequestRateLimits {
  perAddress: RateLimit;
  perAccount: RateLimit;
}

/** Buckets remembered per kind; past this the longest-idle are dropped (they refill as new). */
const MAX_BUCKETS = 100_000;

export type RateVerdict = { ok: true } | { ok: false; retryAfterS: number };

interface Bucket {
  tokens: number;
  atMs: number;
}

/** One kind of bucket (by address, or by account). */
export class RateBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly name: string,
    readonly limit: RateLimit,
  ) {}

  /** Takes `cost` tokens (a weighted call: Operation.weight) from `key`'s bucket, or refuses with nothing taken. */
  take(key: string, nowMs: number, cost = 1): RateVerdict {
    let b = this.buckets.get(key);
    if (b !== undefined) {
      this.buckets.delete(key); // re-inserted below: the Map's order is least recently used first
      b.tokens = Math.min(this.limit.burst, b.tokens + ((nowMs - b.atMs) / 1000) * this.limit.perSecond);
      b.atMs = nowMs;
    } else b = { tokens: this.limit.burst, atMs: nowMs };
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens < cost) return { ok: false, retryAfterS: Math.max(1, Math.ceil((cost - b.tokens) / this.limit.perSecond)) };
    b.tokens -= cost;
    return { ok: true };
  }

  /** `"name";q=<burst>;w=<seconds to refill>` */
  policy(): string {
    return `"${this.name}";q=${this.limit.burst};w=${Math.max(1, Math.ceil(this.limit.burst / this.limit.perSecond))}`;
  }
}

/** The 429 a bucket's refusal is answered with (the gateway's HTTP API and a standby's port): `message` says whose bucket, the retry time is added. */
export function rateLimitedReply(buckets: RateBuckets, verdict: Extract<RateVerdict, { ok: false }>, message: string): { status: 429; body: { error: 'RATE_LIMITED'; message: string }; headers: Record<string, string> } {
  return {
    status: 429,
    body: { error: 'RATE_LIMITED', message: `${message}: retry after ${verdict.retryAfterS} s` },
    headers: { 'retry-after': String(verdict.retryAfterS), 'ratelimit-policy': buckets.policy(), ratelimit: `"${buckets.name}";r=0;t=${verdict.retryAfterS}` },
  };
}

/** A bucket's limit in words, for that message. */
export function overLimit(buckets: RateBuckets, who: string): string {
  return `${who} sent more than ${buckets.limit.burst} requests at once or ${buckets.limit.perSecond} a second`;
}
