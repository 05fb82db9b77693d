/**
 * An account's positions by series id, iterated in the order they were opened (as the Map
 * it replaces was, so snapshots and views do not change). Ps are never removed.
 *
 * Written here instead of a Map for the hot path of order entry over many series, measured
 * (bench/many-series.bench.ts): an account trading 1,000 series had a Map of 1,000 entries,
 * and looking one up (a cover check, then the order's position) read the Map's bucket and
 * its entry chain before the position itself, cache misses every time a book is cold. Here a
 * look-up reads one slot, then the position. Series ids are the engine's own small counter,
 * so a slot is the id itself (no mixing: with nothing ever deleted, consecutive ids cannot
 * form the long runs that deletion would have to scan); the table is at most half full. It
 * names only the positions' series id (P is account.ts's Position), so it imports nothing of the account.
 */
export class PositionTable<P extends { readonly seriesId: number }> {
  private slots: (P | undefined)[] = new Array<P | undefined>(8);
  private mask = 7;
  private readonly opened: P[] = [];

  get size(): number {
    return this.opened.length;
  }

  get(seriesId: number): P | undefined {
    for (let i = seriesId & this.mask; ; i = (i + 1) & this.mask) {
      const p = this.slots[i];
      if (p === undefined || p.seriesId === seriesId) return p;
    }
  }

  has(seriesId: number): boolean {
    return this.get(seriesId) !== undefined;
  }

  /** Adds a position for a series that has none. */
  add(position: P): void {
    this.opened.push(position);
    if (this.opened.length * 2 > this.slots.length) this.grow();
    else this.place(position);
  }

  /** In the order opened. */
  values(): IterableIterator<P> {
    return this.opened.values();
  }

  private place(position: P): void {
    let i = position.seriesId & this.mask;
    while (this.slots[i] !== undefined) i = (i + 1) & this.mask;
    this.slots[i] = position;
  }

  private grow(): void {
    this.slots = new Array<P | undefined>(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (const p of this.opened) this.place(p);
  }
}
