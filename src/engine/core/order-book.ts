import { SelfTradePrevention, Side } from './commands.js';
import type { RestingOrder } from './order.js';

/** What the book tells its owner while matching; the owner moves money and emits events. */
export interface MatchListener {
  /** `qty` traded at the maker's price. Quantities are already updated; a maker with no leaves has left the book. */
  onTrade(maker: RestingOrder, taker: RestingOrder, qty: number): void;
  /** Self-trade prevention removed this maker from the book; its leavesQty is what was cancelled. */
  onSelfTradeCancel(maker: RestingOrder): void;
  /** Self-trade prevention (DECREMENT) reduced this order's quantity by `qty`; it stays live. */
  onSelfTradeDecrement(order: RestingOrder, qty: number): void;
}

export const MatchStop = {
  /** Filled, or nothing left that crosses the limit. */
  DONE: 0,
  /** Self-trade prevention says the taker's remainder must be cancelled. */
  SELF_TRADE: 1,
} as const;
export type MatchStop = (typeof MatchStop)[keyof typeof MatchStop];

// A level record's slots in BookStore.levels.
const HEAD = 0;
const TAIL = 1;
const COUNT = 2;
const QTY = 3;
const LEVEL_SLOTS = 4;

/** Least number of levels a side's window grows by (so a book filling up grows it a few times, not once per level). */
const MIN_WINDOW_GROWTH = 64;
/** The store's first chunk, in int32s (16 KB); each next one twice the last, up to MAX_CHUNK_LOG2. */
const FIRST_CHUNK_LOG2 = 12;
/** Chunks stop doubling at 2^18 ints (1 MB); a region larger than that is a chunk of its own. */
const MAX_CHUNK_LOG2 = 18;
/** The smallest region: 2^7 ints, a window of 123 levels with its bitset. */
const MIN_REGION_LOG2 = 7;
/** A side with at most this many levels keeps them as a short sorted list, not a window (see BookSide). */
const LIST_LEVELS = 8;
/** A side whose window holds this many levels or fewer goes back to a list (well below LIST_LEVELS, so a side near it does not flip back and forth). */
const LIST_AGAIN_AT = 2;
/** A list's region: LIST_LEVELS (index, level) pairs. */
const LIST_CLASS_LOG2 = 32 - Math.clz32(2 * LIST_LEVELS - 1);

/** Ints a window of `length` levels takes with its bitset: the window, a word per 32 slots, a summary bit per word. */
function regionIntsFor(length: number): number {
  const wordCount = (length + 31) >>> 5;
  return length + wordCount + ((wordCount + 31) >>> 5);
}

/** The size class of a region of `ints`: the log2 of the power of two that holds it. */
function sizeClassFor(ints: number): number {
  return Math.max(MIN_REGION_LOG2, 32 - Math.clz32(ints - 1));
}

/**
 * By size class, the longest window a region of that class holds with its bitset. Searched from the ratio
 * regionIntsFor tends to (1 + 1/32 + 1/1024 = 1057/1024 ints a level), a few steps each: from 32/33 it stepped
 * about two million times for the largest classes, 8–150 ms at every load of this module, in every thread.
 */
const WINDOW_ROOM: readonly number[] = Array.from({ length: 31 }, (_, sizeClass) => {
  const ints = 2 ** sizeClass;
  let length = Math.floor((ints * 1024) / 1057);
  while (regionIntsFor(length + 1) <= ints) length++;
  while (length > 0 && regionIntsFor(length) > ints) length--;
  return length;
});

/** A book side's stretch of one of the store's chunks: its window of level numbers, then its bitset. */
class Region {
  constructor(
    readonly chunk: Int32Array,
    readonly at: number,
    /** 2^sizeClass ints. */
    readonly sizeClass: number,
  ) {}
}

/**
 * Storage shared by every book of one engine (issue 21): the price levels as records in one
 * array, and every book side's window and bitset as a region of an int32 chunk. Over 1,000
 * busy series a level was a `Level` object reached through a window array of its side and a
 * bitset object with two typed arrays of their own: each a separate, cold object on every
 * touch. Here a side's bitset word and window slot are reads at an offset into its chunk, and
 * a level is one 32-byte stretch (bench/book-alone.ts and bench/record-book.ts measured the
 * layouts; HISTORY.md, "The book alone").
 *
 * Regions come in power-of-two size classes, carved from chunks that are never moved or
 * copied; a region a side's window grew out of goes to its class's free list for the next
 * side that grows into that class. Before (2026-11-25), the regions were in one arena, each
 * grown window took a new region at its top, and a full arena was repacked into a new one half
 * as large again: over 1,000 series dealt round-robin, 10,000 windows grew and the arena was
 * repacked 9 times in a run of 1M operations, the copies page faulted in at 10–15 µs a 4 KB
 * page on this machine, 86–114 ms of the run in all; now 6–7 ms (RESULTS.md, "Many series").
 */
export class BookStore {
  /**
   * Level records, LEVEL_SLOTS entries each: the head and tail orders of its FIFO, its
   * order count and total quantity. One array mixing references and numbers, so that a
   * level is one stretch of memory (two arrays would be two cache misses a touch); read
   * with casts, which the record layout above makes true.
   */
  readonly levels: Array<RestingOrder | number | null> = [];
  /** Level records no order rests on, for reuse. */
  private readonly freeLevels: number[] = [];
  /** Every chunk regions were carved from. */
  private readonly chunks: Int32Array[] = [];
  /** The chunk new regions are carved from, and how far. */
  private tail: Int32Array = new Int32Array(0);
  private tailTop = 0;
  /** By size class, the regions no side holds, for reuse. */
  private readonly freeRegions: Region[][] = [];
  /** A list's pairs while its side moves between list and window (one side at a time: the engine is one thread). */
  readonly listScratch = new Int32Array(2 * LIST_LEVELS);

  /** Level records ever made (the most that held orders at one time): for tests and benches. */
  get levelRecords(): number {
    return this.levels.length / LEVEL_SLOTS;
  }

  /** Ints in all chunks (tests and benches). */
  get chunkInts(): number {
    let ints = 0;
    for (const chunk of this.chunks) ints += chunk.length;
    return ints;
  }

  /** An empty level record: no orders, nothing queued. */
  takeLevel(): number {
    const free = this.freeLevels.pop();
    if (free !== undefined) return free;
    const level = this.levels.length / LEVEL_SLOTS;
    this.levels.push(null, null, 0, 0);
    return level;
  }

  /** A level with no orders left (its head and tail are null, its count and quantity 0) goes back for reuse. */
  giveLevel(level: number): void {
    this.freeLevels.push(level);
  }

  /** A region of 2^sizeClass ints: a freed one, or a new one. It holds what was there before: the caller writes what it uses. */
  allocate(sizeClass: number): Region {
    const free = this.freeRegions[sizeClass]?.pop();
    if (free !== undefined) return free;
    if (sizeClass > MAX_CHUNK_LOG2) return new Region(this.newChunk(sizeClass), 0, sizeClass);
    const ints = 1 << sizeClass;
    if (this.tailTop + ints > this.tail.length) {
      this.freeTail();
      this.tail = this.newChunk(Math.max(sizeClass, Math.min(MAX_CHUNK_LOG2, FIRST_CHUNK_LOG2 + this.chunks.length)));
      this.tailTop = 0;
    }
    const region = new Region(this.tail, this.tailTop, sizeClass);
    this.tailTop += ints;
    return region;
  }

  /** A side's window grew out of `region`. */
  release(region: Region): void {
    (this.freeRegions[region.sizeClass] ??= []).push(region);
  }

  private newChunk(sizeClass: number): Int32Array {
    const chunk = new Int32Array(1 << sizeClass);
    this.chunks.push(chunk);
    return chunk;
  }

  /** What is left of the tail chunk goes to the free lists, in the largest regions it makes. */
  private freeTail(): void {
    for (let left = this.tail.length - this.tailTop; left >= 1 << MIN_REGION_LOG2; left = this.tail.length - this.tailTop) {
      const sizeClass = 31 - Math.clz32(left);
      this.release(new Region(this.tail, this.tailTop, sizeClass));
      this.tailTop += 1 << sizeClass;
    }
  }
}

/** Copies `count` ints from `from` at `start` to `to` at `target`: within a chunk, or from one chunk to another (through a view: a window grows rarely). */
function copyInts(from: Int32Array, start: number, count: number, to: Int32Array, target: number): void {
  if (from === to) to.copyWithin(target, start, start + count);
  else to.set(from.subarray(start, start + count), target);
}

/** A side's chunk until its first order. */
const NO_CHUNK = new Int32Array(0);

/**
 * One side of a book: levels indexed by price, with the best one tracked, in a region of one of
 * the store's chunks, in one of two forms.
 *
 * A window, for a side with many levels: a dense `window[i - base]` = level record over the
 * price indices orders have used, grown (never shrunk) to cover a new price, then a two-level
 * bitset of the window's occupied levels (finding the next one after the best empties costs a
 * few word scans, not a walk over every empty price). Finding a level stays one read, while a
 * busy side's bitset is as wide as its window, not the whole range (a series' full price range
 * is 10,000 levels for the demo terms, up to 1M). The window starts at a multiple of 32, so
 * that growing it shifts the bitset by whole words.
 *
 * A list, for a side with at most LIST_LEVELS levels: (index, level) pairs sorted best first,
 * one 64-byte region. Why (issue 58): over 1,000 busy series a side holds a few levels spread
 * over a few hundred prices, so its window is 2 KB of mostly empty slots, and resting,
 * cancelling or matching read a slot, a bitset word and its summary: 4,000 windows, 9.4 MB
 * over bench:series' flow, where each of those reads was a cache miss (the order path's
 * costliest loads in `perf annotate`). A list is one line, and what the window read is in
 * it. A side starts as a list, becomes a window when a level more than LIST_LEVELS arrives,
 * and a list again once its window holds LIST_AGAIN_AT levels or fewer. Which form a side has
 * changes no order, price or priority: it is how levels are found, not what they are.
 *
 * A quiet side holds no region at all: most series in a venue with thousands listed are quiet.
 */
export class BookSide {
  /** The chunk of the side's region (read on every touch, so held here, not through the region). */
  private chunk: Int32Array = NO_CHUNK;
  /** Where the side's region starts in its chunk; -1 until its first order. */
  at = -1;
  private region: Region | undefined;
  /** The window covers indices base .. base + windowLength − 1; base is a multiple of 32. windowLength 0: the side is a list. */
  base = 0;
  windowLength = 0;
  /** Best level index, or -1 when the side is empty. */
  best = -1;
  /** Occupied levels: a list's pairs, a window's set bits. */
  private occupied = 0;
  /** The bitset's words (one bit a window slot) and their summary (one bit a word), after the window. */
  private wordCount = 0;
  private summaryCount = 0;

  constructor(
    private readonly store: BookStore,
    private readonly size: number,
    readonly isBid: boolean,
  ) {}

  /** Ints the window and its bitset use, or the list's region. */
  get regionInts(): number {
    if (this.at < 0) return 0;
    return this.windowLength === 0 ? 1 << LIST_CLASS_LOG2 : this.windowLength + this.wordCount + this.summaryCount;
  }

  /** The level record at an occupied index. */
  levelAt(i: number): number {
    if (this.windowLength === 0) return this.listLevelAt(i);
    return this.chunk[this.at + i - this.base]!;
  }

  /** The level records in use, best first (tests and benches). */
  levelsHeld(): number[] {
    const held: number[] = [];
    for (let i = this.best; i >= 0; i = this.nextWorse(i)) held.push(this.levelAt(i));
    return held;
  }

  /** The level record at index `i`, or -1 where no order rests; a window grows to cover `i` first. */
  levelOrCover(i: number): number {
    if (this.windowLength === 0) return this.listLevelAt(i);
    let slot = i - this.base;
    if (slot < 0 || slot >= this.windowLength) slot = this.cover(i);
    return this.chunk[this.at + slot]!;
  }

  /** Puts level record `level` at the empty index `i` (a window's covered). */
  occupy(i: number, level: number): void {
    if (this.windowLength === 0) {
      if (this.occupied < LIST_LEVELS) return this.listOccupy(i, level);
      this.toWindow(i);
    }
    this.windowOccupy(i, level);
  }

  /** Empties occupied index `i` (its last order left; the caller frees the record). */
  vacate(i: number): void {
    if (this.windowLength === 0) return this.listVacate(i);
    this.chunk[this.at + i - this.base] = -1;
    this.clear(i - this.base);
    if (i === this.best) this.best = this.isBid ? this.prevAtOrBefore(i) : this.nextAtOrAfter(i);
    if (--this.occupied <= LIST_AGAIN_AT) this.toList();
  }

  /** Next occupied level beyond `i` away from the best, or -1. */
  nextWorse(i: number): number {
    if (this.windowLength === 0) return this.listNextWorse(i);
    return this.isBid ? this.prevAtOrBefore(i - 1) : this.nextAtOrAfter(i + 1);
  }

  // The list: `occupied` (index, level) pairs from `at`, best first.

  /** The level at index `i` in the list, or -1. */
  private listLevelAt(i: number): number {
    const chunk = this.chunk;
    const end = this.at + 2 * this.occupied;
    for (let k = this.at; k < end; k += 2) if (chunk[k] === i) return chunk[k + 1]!;
    return -1;
  }

  private listNextWorse(i: number): number {
    const chunk = this.chunk;
    const end = this.at + 2 * this.occupied;
    for (let k = this.at; k < end; k += 2) {
      const j = chunk[k]!;
      if (this.isBid ? j < i : j > i) return j;
    }
    return -1;
  }

  /** Inserts (i, level) in price order, from the worst end (a new price is more often behind the best than at it). */
  private listOccupy(i: number, level: number): void {
    if (this.at < 0) this.takeRegion(this.store.allocate(LIST_CLASS_LOG2));
    const chunk = this.chunk;
    const at = this.at;
    let k = at + 2 * this.occupied;
    while (k > at && (this.isBid ? chunk[k - 2]! < i : chunk[k - 2]! > i)) {
      chunk[k] = chunk[k - 2]!;
      chunk[k + 1] = chunk[k - 1]!;
      k -= 2;
    }
    chunk[k] = i;
    chunk[k + 1] = level;
    this.occupied++;
    this.best = chunk[at]!;
  }

  private listVacate(i: number): void {
    const chunk = this.chunk;
    const end = this.at + 2 * --this.occupied;
    let k = this.at;
    while (chunk[k] !== i) k += 2;
    for (; k < end; k += 2) {
      chunk[k] = chunk[k + 2]!;
      chunk[k + 1] = chunk[k + 3]!;
    }
    this.best = this.occupied === 0 ? -1 : chunk[this.at]!;
  }

  /** The list becomes a window covering its levels and `i` (about to be occupied). */
  private toWindow(i: number): void {
    const pairs = this.store.listScratch;
    const n = this.occupied;
    let lo = i;
    let hi = i;
    for (let k = 0; k < n; k++) {
      const j = this.chunk[this.at + 2 * k]!;
      pairs[2 * k] = j;
      pairs[2 * k + 1] = this.chunk[this.at + 2 * k + 1]!;
      if (j < lo) lo = j;
      if (j > hi) hi = j;
    }
    this.store.release(this.region!);
    this.region = undefined;
    this.best = -1;
    this.occupied = 0;
    this.cover(lo);
    if (hi - this.base >= this.windowLength) this.cover(hi);
    for (let k = 0; k < n; k++) this.windowOccupy(pairs[2 * k]!, pairs[2 * k + 1]!);
  }

  /** The window becomes a list of its (at most LIST_AGAIN_AT) levels. */
  private toList(): void {
    const pairs = this.store.listScratch;
    let n = 0;
    for (let j = this.best; j >= 0; j = this.nextWorse(j)) {
      pairs[2 * n] = j;
      pairs[2 * n + 1] = this.chunk[this.at + j - this.base]!;
      n++;
    }
    this.store.release(this.region!);
    this.takeRegion(this.store.allocate(LIST_CLASS_LOG2));
    this.base = 0;
    this.windowLength = 0;
    this.wordCount = 0;
    this.summaryCount = 0;
    for (let k = 0; k < 2 * n; k++) this.chunk[this.at + k] = pairs[k]!;
  }

  private takeRegion(region: Region): void {
    this.region = region;
    this.chunk = region.chunk;
    this.at = region.at;
  }

  // The window.

  private windowOccupy(i: number, level: number): void {
    this.chunk[this.at + i - this.base] = level;
    this.set(i - this.base);
    this.occupied++;
    if (this.best < 0 || (this.isBid ? i > this.best : i < this.best)) this.best = i;
  }

  /**
   * Grows the window to cover index `i` (with slack on that side, within the price range)
   * in a region of the size class that holds it, the window as long as the region allows;
   * returns i's slot.
   */
  private cover(i: number): number {
    const length = this.windowLength;
    let lo: number;
    let hi: number;
    if (length === 0) {
      lo = Math.max(0, i - (MIN_WINDOW_GROWTH >>> 1));
      hi = lo + MIN_WINDOW_GROWTH;
    } else {
      const growth = Math.max(length, MIN_WINDOW_GROWTH);
      lo = i < this.base ? Math.max(0, Math.min(i, this.base - growth)) : this.base;
      hi = i >= this.base + length ? Math.max(i + 1, this.base + length + growth) : this.base + length;
    }
    lo &= ~31;
    hi = Math.min(this.size, hi);
    const sizeClass = sizeClassFor(regionIntsFor(hi - lo));
    // The rest of the region's room widens the window further: downwards if it grew down, else upwards (either way, at an end of the range).
    const room = WINDOW_ROOM[sizeClass]!;
    if (i < this.base) lo = (Math.max(0, hi - room) + 31) & ~31;
    hi = Math.min(this.size, lo + room);
    lo = Math.min(lo, (Math.max(0, hi - room) + 31) & ~31);
    const windowLength = hi - lo;
    const wordCount = (windowLength + 31) >>> 5;
    const summaryCount = (wordCount + 31) >>> 5;
    const region = this.store.allocate(sizeClass);
    const chunk = region.chunk;
    const at = region.at;
    const words = at + windowLength;
    chunk.fill(-1, at, words);
    chunk.fill(0, words, words + wordCount + summaryCount); // a reused region holds its last side's bits
    if (this.region !== undefined) {
      copyInts(this.chunk, this.at, length, chunk, at + this.base - lo);
      copyInts(this.chunk, this.at + length, this.wordCount, chunk, words + ((this.base - lo) >>> 5));
      const summary = words + wordCount;
      for (let w = 0; w < wordCount; w++) if (chunk[words + w] !== 0) chunk[summary + (w >>> 5)]! |= 1 << (w & 31);
      this.store.release(this.region);
    }
    this.region = region;
    this.chunk = chunk;
    this.at = at;
    this.base = lo;
    this.windowLength = windowLength;
    this.wordCount = wordCount;
    this.summaryCount = summaryCount;
    return i - lo;
  }

  // The bitset, by window slot (index − base): words after the window, then one summary bit per word (set <=> the word is not 0).

  private set(slot: number): void {
    const chunk = this.chunk;
    const words = this.at + this.windowLength;
    const w = slot >>> 5;
    chunk[words + w]! |= 1 << (slot & 31);
    chunk[words + this.wordCount + (w >>> 5)]! |= 1 << (w & 31);
  }

  private clear(slot: number): void {
    const chunk = this.chunk;
    const words = this.at + this.windowLength;
    const w = slot >>> 5;
    const word = chunk[words + w]! & ~(1 << (slot & 31));
    chunk[words + w] = word;
    if (word === 0) chunk[words + this.wordCount + (w >>> 5)]! &= ~(1 << (w & 31));
  }

  /** Lowest occupied index >= i, or -1. */
  private nextAtOrAfter(i: number): number {
    const slot = Math.max(0, i - this.base);
    if (slot >= this.windowLength) return -1; // a side with no region has a window of 0
    const chunk = this.chunk;
    const words = this.at + this.windowLength;
    const summary = words + this.wordCount;
    let w = slot >>> 5;
    const bits = chunk[words + w]! & (-1 << (slot & 31));
    if (bits !== 0) return this.base + (w << 5) + lowestBit(bits);
    if (++w >= this.wordCount) return -1;
    let s = w >>> 5;
    let sb = chunk[summary + s]! & (-1 << (w & 31));
    while (sb === 0) {
      if (++s >= this.summaryCount) return -1;
      sb = chunk[summary + s]!;
    }
    w = (s << 5) + lowestBit(sb);
    return this.base + (w << 5) + lowestBit(chunk[words + w]!);
  }

  /** Highest occupied index <= i, or -1. */
  private prevAtOrBefore(i: number): number {
    const slot = Math.min(this.windowLength - 1, i - this.base);
    if (slot < 0) return -1; // as well when the side has no region (a window of 0)
    const chunk = this.chunk;
    const words = this.at + this.windowLength;
    const summary = words + this.wordCount;
    let w = slot >>> 5;
    const bits = chunk[words + w]! & (-1 >>> (31 - (slot & 31)));
    if (bits !== 0) return this.base + (w << 5) + highestBit(bits);
    if (--w < 0) return -1;
    let s = w >>> 5;
    let sb = chunk[summary + s]! & (-1 >>> (31 - (w & 31)));
    while (sb === 0) {
      if (--s < 0) return -1;
      sb = chunk[summary + s]!;
    }
    w = (s << 5) + highestBit(sb);
    return this.base + (w << 5) + highestBit(chunk[words + w]!);
  }
}

function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function highestBit(x: number): number {
  return 31 - Math.clz32(x);
}

/**
 * One price-time priority book. Prices are indices (priceMicros / tickMicros - minTicks)
 * into each side's window of levels, so finding a level costs one array read.
 * The book knows nothing of accounts or money: it reports trades to a listener.
 */
export class OrderBook {
  readonly bids: BookSide;
  readonly asks: BookSide;
  readonly levelCount: number;
  private readonly minTicks: number;
  /** The store's level records (the array object never changes). */
  private readonly levels: BookStore['levels'];
  private readonly store: BookStore;

  constructor(
    readonly tickMicros: number,
    minPriceMicros: number,
    maxPriceMicros: number,
    /** The engine's; a book made alone (tests, benches) gets one of its own. */
    store: BookStore = new BookStore(),
  ) {
    this.minTicks = minPriceMicros / tickMicros;
    this.levelCount = maxPriceMicros / tickMicros - this.minTicks + 1;
    this.bids = new BookSide(store, this.levelCount, true);
    this.asks = new BookSide(store, this.levelCount, false);
    this.store = store;
    this.levels = store.levels;
  }

  indexOf(priceMicros: number): number {
    return priceMicros / this.tickMicros - this.minTicks;
  }

  priceAt(index: number): number {
    return (index + this.minTicks) * this.tickMicros;
  }

  /** Best bid price in µPAT, or 0 when there are no bids. */
  bestBidMicros(): number {
    return this.bids.best < 0 ? 0 : this.priceAt(this.bids.best);
  }

  /** Best ask price in µPAT, or 0 when there are no asks. */
  bestAskMicros(): number {
    return this.asks.best < 0 ? 0 : this.priceAt(this.asks.best);
  }

  /** Whether an order on `side` at `priceIndex` would trade against the opposite side. */
  crosses(side: Side, priceIndex: number): boolean {
    if (side === Side.BUY) return this.asks.best >= 0 && this.asks.best <= priceIndex;
    return this.bids.best >= 0 && this.bids.best >= priceIndex;
  }

  /** Adds an order at the back of its price level. */
  rest(order: RestingOrder): void {
    this.append(order.side === Side.BUY ? this.bids : this.asks, order, this.indexOf(order.priceMicros));
    order.resting = true;
  }

  /** Takes a resting order out of the book. */
  remove(order: RestingOrder): void {
    this.unlink(order.side === Side.BUY ? this.bids : this.asks, order, this.indexOf(order.priceMicros));
    order.resting = false;
  }

  /** Reduces a resting order's leaves in place; it keeps its time priority. */
  reduce(order: RestingOrder, qty: number): void {
    order.leavesQty -= qty;
    this.addQty(order.side === Side.BUY ? this.bids : this.asks, this.indexOf(order.priceMicros), -qty);
  }

  /** Adds `order` at the back of the level at index `i` of `side`. */
  private append(side: BookSide, order: RestingOrder, i: number): void {
    let level = side.levelOrCover(i);
    if (level < 0) {
      level = this.store.takeLevel();
      side.occupy(i, level);
    }
    const levels = this.levels;
    const b = level * LEVEL_SLOTS;
    const tail = levels[b + TAIL] as RestingOrder | null;
    order.prev = tail;
    order.next = null;
    if (tail !== null) tail.next = order;
    else levels[b + HEAD] = order;
    levels[b + TAIL] = order;
    levels[b + COUNT] = (levels[b + COUNT] as number) + 1;
    levels[b + QTY] = (levels[b + QTY] as number) + order.leavesQty;
  }

  /** Takes `order` out of its level, at index `i` of `side`. */
  private unlink(side: BookSide, order: RestingOrder, i: number): void {
    const level = side.levelAt(i);
    const levels = this.levels;
    const b = level * LEVEL_SLOTS;
    if (order.prev !== null) order.prev.next = order.next;
    else levels[b + HEAD] = order.next;
    if (order.next !== null) order.next.prev = order.prev;
    else levels[b + TAIL] = order.prev;
    order.prev = null;
    order.next = null;
    levels[b + QTY] = (levels[b + QTY] as number) - order.leavesQty;
    const count = (levels[b + COUNT] as number) - 1;
    levels[b + COUNT] = count;
    if (count !== 0) return;
    side.vacate(i);
    this.store.giveLevel(level);
  }

  /** Moves the quantity of the level at occupied index `i` of `side` by `delta`. */
  private addQty(side: BookSide, i: number, delta: number): void {
    const b = side.levelAt(i) * LEVEL_SLOTS;
    this.levels[b + QTY] = (this.levels[b + QTY] as number) + delta;
  }

  /** The oldest order at occupied index `i` of `side`. */
  private headAt(side: BookSide, i: number): RestingOrder | null {
    return this.levels[side.levelAt(i) * LEVEL_SLOTS + HEAD] as RestingOrder | null;
  }

  /**
   * Quantity a taker could fill up to `limitIndex` before it meets an order of
   * its own account (a fill-or-kill never trades into self-trade prevention).
   * Stops counting once `wanted` is reached.
   */
  fillableQty(side: Side, accountId: number, limitIndex: number, wanted: number): number {
    const opposite = side === Side.BUY ? this.asks : this.bids;
    let total = 0;
    for (let i = opposite.best; i >= 0 && (side === Side.BUY ? i <= limitIndex : i >= limitIndex); i = opposite.nextWorse(i)) {
      for (let o = this.headAt(opposite, i); o !== null; o = o.next) {
        if (o.owner.id === accountId) return total;
        total += o.leavesQty;
        if (total >= wanted) return total;
      }
    }
    return total;
  }

  /**
   * Matches `taker` against the opposite side while prices cross `limitIndex`,
   * best price first, oldest first within a price. Returns why it stopped.
   */
  match(taker: RestingOrder, limitIndex: number, listener: MatchListener): MatchStop {
    const isBuy = taker.side === Side.BUY;
    const opposite = isBuy ? this.asks : this.bids;
    while (taker.leavesQty > 0) {
      const best = opposite.best;
      if (best < 0 || (isBuy ? best > limitIndex : best < limitIndex)) return MatchStop.DONE;
      let maker = this.headAt(opposite, best);
      // A level's record stays while makers remain; the last one out ends this loop.
      while (maker !== null && taker.leavesQty > 0) {
        const next = maker.next;
        if (maker.owner === taker.owner) {
          if (this.preventSelfTrade(opposite, best, maker, taker, listener)) return MatchStop.SELF_TRADE;
        } else {
          this.trade(opposite, best, maker, taker, listener);
        }
        maker = next;
      }
    }
    return MatchStop.DONE;
  }

  /** `maker` rests at index `i` of `opposite`. */
  private trade(opposite: BookSide, i: number, maker: RestingOrder, taker: RestingOrder, listener: MatchListener): void {
    const qty = maker.leavesQty < taker.leavesQty ? maker.leavesQty : taker.leavesQty;
    taker.leavesQty -= qty;
    taker.cumQty += qty;
    maker.cumQty += qty;
    if (maker.leavesQty === qty) {
      this.unlink(opposite, maker, i); // subtracts the maker's leaves from the level
      maker.leavesQty = 0;
      maker.resting = false;
    } else {
      maker.leavesQty -= qty;
      this.addQty(opposite, i, -qty);
    }
    listener.onTrade(maker, taker, qty);
  }

  /** Applies the taker's self-trade prevention mode; true when the taker must stop. */
  private preventSelfTrade(opposite: BookSide, i: number, maker: RestingOrder, taker: RestingOrder, listener: MatchListener): boolean {
    switch (taker.stp) {
      case SelfTradePrevention.CANCEL_OLDEST:
        this.cancelMaker(opposite, i, maker, listener);
        return false;
      case SelfTradePrevention.CANCEL_BOTH:
        this.cancelMaker(opposite, i, maker, listener);
        return true;
      case SelfTradePrevention.DECREMENT:
        return this.decrement(opposite, i, maker, taker, listener);
      default:
        return true; // CANCEL_NEWEST
    }
  }

  private cancelMaker(opposite: BookSide, i: number, maker: RestingOrder, listener: MatchListener): void {
    this.unlink(opposite, maker, i);
    maker.resting = false;
    listener.onSelfTradeCancel(maker);
  }

  /** The smaller order is cancelled, the larger is reduced by the smaller's size. */
  private decrement(opposite: BookSide, i: number, maker: RestingOrder, taker: RestingOrder, listener: MatchListener): boolean {
    const qty = maker.leavesQty < taker.leavesQty ? maker.leavesQty : taker.leavesQty;
    if (maker.leavesQty === qty) {
      this.cancelMaker(opposite, i, maker, listener);
    } else {
      maker.leavesQty -= qty; // and so its orderQty
      this.addQty(opposite, i, -qty);
      listener.onSelfTradeDecrement(maker, qty);
    }
    if (taker.leavesQty === qty) return true;
    taker.leavesQty -= qty; // and so its orderQty
    listener.onSelfTradeDecrement(taker, qty);
    return false;
  }

  /** Orders of one side in priority order (best price first, then time). */
  *orders(side: Side): IterableIterator<RestingOrder> {
    const bookSide = side === Side.BUY ? this.bids : this.asks;
    for (let i = bookSide.best; i >= 0; i = bookSide.nextWorse(i)) {
      for (let o = this.headAt(bookSide, i); o !== null; o = o.next) yield o;
    }
  }

  /** Aggregated levels of one side, best first: [priceMicros, qty, orderCount]. */
  depth(side: Side, maxLevels: number): Array<[number, number, number]> {
    const bookSide = side === Side.BUY ? this.bids : this.asks;
    const out: Array<[number, number, number]> = [];
    for (let i = bookSide.best; i >= 0 && out.length < maxLevels; i = bookSide.nextWorse(i)) {
      const b = bookSide.levelAt(i) * LEVEL_SLOTS;
      out.push([this.priceAt(i), this.levels[b + QTY] as number, this.levels[b + COUNT] as number]);
    }
    return out;
  }
}
