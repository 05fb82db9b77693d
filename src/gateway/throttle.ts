/**
 * A message budget (a session's; an account's over all its sessions): a token bucket holding up
 * to `burst` tokens (one second's worth unless told), refilled continuously at `ratePerSecond`.
 * Each message takes one; a message finding the bucket empty is refused (RATE_LIMITED) and does
 * nothing. A sustained rate above the limit is cut to the limit.
 */
export class MessageThrottle {
  private tokens: number;
  private lastRefillMs: number;

  constructor(
    private readonly ratePerSecond: number,
    nowMs: number,
    private readonly burst = ratePerSecond,
  ) {
    this.tokens = burst;
    this.lastRefillMs = nowMs;
  }

  /**
   * Takes `cost` tokens if there are that many. A cost above the bucket's size passes
   * when the bucket is full and leaves it in debt (refilled like any other deficit), so
   * one large request is possible, only not often.
   */
  take(nowMs: number, cost = 1): boolean {
    if (nowMs > this.lastRefillMs) {
      this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastRefillMs) * this.ratePerSecond) / 1000);
      this.lastRefillMs = nowMs;
    } else if (nowMs < this.lastRefillMs) {
      // The clock stepped back: count from here, or the bucket would not refill until it caught up.
      this.lastRefillMs = nowMs;
    }
    if (this.tokens < cost && this.tokens < this.burst) return false;
    this.tokens -= cost;
    return true;
  }

  /**
   * After a refused `take(nowMs, cost)`: how long until it would pass, in whole ms (at least 1),
   * the refusal's retry hint. A cost above the bucket's size waits for a full bucket, as `take` does.
   */
  retryAfterMs(cost = 1): number {
    const short = Math.min(cost, this.burst) - this.tokens;
    return Math.max(1, Math.ceil((short * 1000) / this.ratePerSecond));
  }
}
