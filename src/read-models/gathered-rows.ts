/**
 * Rows of float64 fields gathered per key (a series, an account) between flushes, for the read
 * models that write one packed record per key per flush rather than an LMDB put per turn
 * (src/gateway/trade-history.ts, src/gateway/account-fills.ts; issue 79). Each key's buffer is kept
 * from one flush to the next while its key gathers (a number[] per key per flush, grown push by push,
 * was nine tenths of what survived the engine thread's young GCs at 50k orders/s: 573 KB a
 * scavenge, 59 KB without), doubled as it fills, halved at a flush when it held under a quarter of
 * itself (a burst's buffer does not stay with a key that calmed down), and let go when its key
 * gathered nothing since the flush before: memory follows the trading.
 */
export class GatheredRows {
  private readonly byKey = new Map<number, { fields: Float64Array; length: number }>();
  /** Rows gathered since the last flush. */
  rows = 0;
  /** Where the row the last `append` made starts in the buffer it returned. */
  at = 0;

  constructor(
    /** Fields a row. */
    private readonly width: number,
    /** Rows a key's buffer holds to start with. */
    private readonly firstRows: number,
  ) {}

  /** Room for one more row under `key`: the buffer, the row starting at `at` (the caller writes its fields; nothing allocated once a key's buffer is big enough). */
  append(key: number): Float64Array {
    let g = this.byKey.get(key);
    if (g === undefined) this.byKey.set(key, (g = { fields: new Float64Array(this.width * this.firstRows), length: 0 }));
    if (g.length + this.width > g.fields.length) {
      const bigger = new Float64Array(g.fields.length * 2);
      bigger.set(g.fields);
      g.fields = bigger;
    }
    this.at = g.length;
    g.length += this.width;
    this.rows++;
    return g.fields;
  }

  /**
   * Each key's rows since the last flush, as one record: its first row's first field (the record's
   * key beside `key`) and the bytes, a view of the kept buffer (an LMDB putSync copies it before it
   * returns). Then `written()`.
   */
  forEachRecord(write: (key: number, firstField: number, bytes: Buffer) => void): void {
    for (const [key, g] of this.byKey) if (g.length > 0) write(key, g.fields[0]!, Buffer.from(g.fields.buffer, 0, g.length * 8));
  }

  /** The records are written: each key starts empty, its buffer kept (halved when mostly empty) or let go when idle since the last. */
  written(): void {
    const first = this.width * this.firstRows;
    for (const [key, g] of this.byKey) {
      if (g.length === 0) this.byKey.delete(key);
      else {
        if (g.length * 4 < g.fields.length && g.fields.length > first) g.fields = new Float64Array(g.fields.length / 2);
        g.length = 0;
      }
    }
    this.rows = 0;
  }
}
