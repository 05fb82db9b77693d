/**
 * A two-level bitset over the price levels of one book side: which levels hold
 * orders. Finding the next non-empty level after the best one empties costs a few
 * word scans instead of a walk over every empty price.
 */
export class LevelBitset {
  private readonly words: Uint32Array;
  /** Bit j set <=> words[j] !== 0. */
  private readonly summary: Uint32Array;

  constructor(readonly size: number) {
    this.words = new Uint32Array(((size + 31) >>> 5) || 1);
    this.summary = new Uint32Array(((this.words.length + 31) >>> 5) || 1);
  }

  set(i: number): void {
    const w = i >>> 5;
    this.words[w]! |= 1 << (i & 31);
    this.summary[w >>> 5]! |= 1 << (w & 31);
  }

  clear(i: number): void {
    const w = i >>> 5;
    const word = this.words[w]! & ~(1 << (i & 31));
    this.words[w] = word;
    if (word === 0) this.summary[w >>> 5]! &= ~(1 << (w & 31));
  }

  /** Lowest set index >= i, or -1. */
  nextAtOrAfter(i: number): number {
    if (i >= this.size) return -1;
    let w = i >>> 5;
    const bits = this.words[w]! & (0xffffffff << (i & 31));
    if (bits !== 0) return (w << 5) + lowestBit(bits);
    w = this.nextWordAtOrAfter(w + 1);
    return w < 0 ? -1 : (w << 5) + lowestBit(this.words[w]!);
  }

  /** Highest set index <= i, or -1. */
  prevAtOrBefore(i: number): number {
    if (i < 0) return -1;
    let w = i >>> 5;
    const bits = this.words[w]! & (0xffffffff >>> (31 - (i & 31)));
    if (bits !== 0) return (w << 5) + highestBit(bits);
    w = this.prevWordAtOrBefore(w - 1);
    return w < 0 ? -1 : (w << 5) + highestBit(this.words[w]!);
  }

  private nextWordAtOrAfter(w: number): number {
    if (w >= this.words.length) return -1;
    let s = w >>> 5;
    let bits = this.summary[s]! & (0xffffffff << (w & 31));
    while (bits === 0) {
      if (++s >= this.summary.length) return -1;
      bits = this.summary[s]!;
    }
    return (s << 5) + lowestBit(bits);
  }

  private prevWordAtOrBefore(w: number): number {
    if (w < 0) return -1;
    let s = w >>> 5;
    let bits = this.summary[s]! & (0xffffffff >>> (31 - (w & 31)));
    while (bits === 0) {
      if (--s < 0) return -1;
      bits = this.summary[s]!;
    }
    return (s << 5) + highestBit(bits);
  }
}

function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function highestBit(x: number): number {
  return 31 - Math.clz32(x);
}
