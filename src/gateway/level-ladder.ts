/**
 * One side of an L2 book as market data shows it: total resting quantity per
 * price, prices kept sorted best first (bids high to low, asks low to high) so
 * the top levels and the checksum need no sort. Books have tens of levels, so a
 * sorted array with binary search beats a tree here.
 */
export class LevelLadder {
  /** Prices with quantity > 0, best first. */
  readonly prices: number[] = [];
  private readonly qtyAt = new Map<number, number>();

  constructor(readonly isBid: boolean) {}

  qty(priceMicros: number): number {
    return this.qtyAt.get(priceMicros) ?? 0;
  }

  get size(): number {
    return this.prices.length;
  }

  /** Adds (or with a negative delta removes) quantity at a price. */
  add(priceMicros: number, delta: number): void {
    const before = this.qtyAt.get(priceMicros) ?? 0;
    const after = before + delta;
    if (after < 0) throw new Error(`level ${priceMicros} would go negative (${before} + ${delta})`);
    if (after === 0) {
      this.qtyAt.delete(priceMicros);
      this.prices.splice(this.position(priceMicros), 1);
    } else {
      this.qtyAt.set(priceMicros, after);
      if (before === 0) this.prices.splice(this.position(priceMicros), 0, priceMicros);
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
    for (let i = 0; i < n; i++) {
      const priceMicros = this.prices[i]!;
      out[i] = { priceMicros, qty: this.qtyAt.get(priceMicros)! };
    }
    return out;
  }

  clear(): void {
    this.prices.length = 0;
    this.qtyAt.clear();
  }
}
