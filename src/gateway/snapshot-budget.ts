/**
 * The market-data thread's snapshot budget: `levelsPerSecond` snapshot levels a second in
 * total, shared fairly among client addresses (client-address.ts), not per connection.
 * Per connection, 80 connections re-subscribing to a deep book had 80 budgets and kept the
 * thread building snapshots while an honest subscriber waited seconds for its own.
 *
 * Each address active in the last second (it asked for a snapshot, granted or refused) has
 * a token bucket of `levelsPerSecond / active addresses`, refilled at that rate: its
 * connections share it, however many it opens. An address that stops asking leaves the
 * active set a second after its bucket is full again, and its share goes back to the
 * others. A newcomer starts with a full share, so an honest subscriber is answered at once
 * however hard another address pushes; the buckets together never hold more than
 * `levelsPerSecond` (a new address shrinks the others' to its share).
 */

/** How long an address stays active after it last asked for a snapshot. */
const ACTIVE_MS = 1_000;
/** Idle addresses are looked for at most this often (the sweep is a walk over every bucket). */
const PRUNE_EVERY_MS = 100;

interface AddressBucket {
  tokens: number;
  lastRefillMs: number;
  lastAskedMs: number;
}

export class SnapshotBudget {
  private readonly buckets = new Map<string, AddressBucket>();
  private lastPruneMs = 0;

  constructor(private readonly levelsPerSecond: number) {}

  /** Addresses sharing the budget now. */
  get activeAddresses(): number {
    return this.buckets.size;
  }

  /** What each active address may spend per second now. */
  get share(): number {
    return this.levelsPerSecond / Math.max(1, this.buckets.size);
  }

  /**
   * Takes `levels` from `address`'s share if it has them. As in MessageThrottle, a
   * snapshot larger than the share passes when the bucket is full and leaves it in debt,
   * so a book deeper than a share can still be had, only not often.
   */
  take(address: string, levels: number, nowMs: number): boolean {
    this.prune(nowMs);
    let bucket = this.buckets.get(address);
    if (bucket === undefined) {
      bucket = { tokens: 0, lastRefillMs: nowMs, lastAskedMs: nowMs };
      this.buckets.set(address, bucket);
      bucket.tokens = this.share; // after joining: the share with this address counted
    }
    const share = this.share;
    this.refill(bucket, share, nowMs);
    bucket.lastAskedMs = nowMs;
    if (bucket.tokens < levels && bucket.tokens < share) return false;
    bucket.tokens -= levels;
    return true;
  }

  /** After a refusal by `take`: ms until `address`'s share holds `levels` (or is full), at the share of now. */
  waitMs(address: string, levels: number): number {
    const bucket = this.buckets.get(address);
    const share = this.share;
    if (bucket === undefined || share <= 0) return 0;
    const needed = Math.min(levels, share) - bucket.tokens;
    return needed <= 0 ? 0 : Math.ceil((needed * 1_000) / share);
  }

  private refill(bucket: AddressBucket, share: number, nowMs: number): void {
    if (nowMs > bucket.lastRefillMs) bucket.tokens += ((nowMs - bucket.lastRefillMs) * share) / 1_000;
    // A step back of the clock counts from here (MessageThrottle does the same).
    bucket.lastRefillMs = nowMs;
    // Also when more addresses joined since: no bucket holds more than today's share.
    if (bucket.tokens > share) bucket.tokens = share;
  }

  /** Drops addresses that have not asked for ACTIVE_MS and whose bucket is full again (a debt is not forgotten). */
  private prune(nowMs: number): void {
    if (nowMs - this.lastPruneMs < PRUNE_EVERY_MS && nowMs >= this.lastPruneMs) return;
    this.lastPruneMs = nowMs;
    const share = this.share;
    for (const [address, bucket] of this.buckets) {
      if (nowMs - bucket.lastAskedMs < ACTIVE_MS) continue;
      this.refill(bucket, share, nowMs);
      if (bucket.tokens >= share) this.buckets.delete(address);
    }
  }
}
