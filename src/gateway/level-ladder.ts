/**
 * One side of an L2 book as market data shows it: total resting quantity per
 * price, prices kept sorted best first (bids high to low, asks low to high) so
 * the top levels and the checksum need no sort. Books have tens of levels, so a
 * sorted array with binary search beats a tree here.
 */
export class LevelLadder {
  /** Prices with quantity > 0, best first. */
  readonly prices: number[] = [];
  /** The quantity at each of `prices`, same index. Arrays, not a Map: see IntMap on Map churn and GC. */
  private readonly qtys: number[] = [];

  constructor(readonly isBid: boolean) {}

  qty(priceMicros: number): number {
    const i = this.position(priceMicros);
    return this.prices[i] === priceMicros ? this.qtys[i]! : 0;
  }

  /** The quantity at the level `index` places from the best. */
  qtyAtIndex(index: number): number {
    return this.qtys[index] ?? 0;
  }

  get size(): number {
    return this.prices.length;
  }

  /** Adds (or with a negative delta removes) quantity at a price. */
  add(priceMicros: number, delta: number): void {
    const i = this.position(priceMicros);
    const exists = this.prices[i] === priceMicros;
    const before = exists ? this.qtys[i]! : 0;
    const after = before + delta;
    if (after < 0) throw new Error(`level ${priceMicros} would go negative (${before} + ${delta})`);
    if (after === 0) {
      if (!exists) return;
      this.prices.splice(i, 1);
      this.qtys.splice(i, 1);
    } else if (exists) {
      this.qtys[i] = after;
    } else {
      this.prices.splice(i, 0, priceMicros);
      this.qtys.splice(i, 0, after);
    }
  }

  /** Where a price is, or would be inserted, in best-first order. */
  private position(priceMicros: number): number {
    let lo = 0;
    let hi = this.prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = this.prices[mid]!;
      if (this.isBid ? p > priceMicros : p < priceMicros) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The best `maxLevels` levels as [price, qty] pairs. */
  top(maxLevels: number): Array<{ priceMicros: number; qty: number }> {
    const n = Math.min(maxLevels, this.prices.length);
    const out = new Array<{ priceMicros: number; qty: number }>(n);
    for (let i = 0; i < n; i++) out[i] = { priceMicros: this.prices[i]!, qty: this.qtys[i]! };
    return out;
  }
}

/**
 * The levels of one side a turn touched, with their quantity before it, in the
 * order first touched. A turn touches a few levels, so a linear scan beats a
 * Map here, and reused arrays leave nothing for the garbage collector per turn.
 */
export class LevelsBefore {
  readonly prices: number[] = [];
  readonly qtys: number[] = [];

  remember(priceMicros: number, ladder: LevelLadder): void {
    if (this.prices.includes(priceMicros)) return;
    this.prices.push(priceMicros);
    this.qtys.push(ladder.qty(priceMicros));
  }

  clear(): void {
    this.prices.length = 0;
    this.qtys.length = 0;
  }
}
