/**
 * A follower's applied records as a market-data thread's source (src/gateway/market-data-thread.ts):
 * released turns, and reads of the state between them. A market-data edge serves from it; a
 * standby keeps its gateway's market data current with it until it leads.
 */
import type { Engine, ReleasedBatch } from '../engine/index.js';
import type { MarketDataSource } from '../gateway/index.js';

export class FollowedFeed implements MarketDataSource {
  private readonly listeners: Array<(batch: ReleasedBatch) => void> = [];

  constructor(private readonly engine: Engine) {}

  onRelease(listener: (batch: ReleasedBatch) => void): void {
    this.listeners.push(listener);
  }

  /** A follower's state is all journaled by the leader already: read it now, between two records. */
  read<T>(capture: (engine: Engine) => T, deliver: (value: T) => void, fail?: (error: Error) => void): void {
    let value: T;
    try {
      value = capture(this.engine);
    } catch (error) {
      fail?.(error as Error);
      return;
    }
    deliver(value);
  }

  /** The follower applied `batch` (its onApplied). */
  applied(batch: ReleasedBatch): void {
    for (const listener of this.listeners) listener(batch);
  }
}
