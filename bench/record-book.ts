/**
 * A price-time book pair per series whose orders, levels and book sides are records in
 * typed arrays (bench/book-alone.ts): what the same JavaScript gets when its storage is
 * laid out as a C++ book's is, for issue 21's question of what a rewrite of the engine's
 * storage could win over many series. A yardstick, not part of the exchange: GTC limit
 * orders, IOC market remainders, cancels; no checks, no events.
 *
 * Layout. An order is 8 int32 (32 bytes, half a cache line): its record index, leaves,
 * price (ticks), the previous and next order of its level (or -1), its book (series × 2 +
 * which book) and side. A level is 4 int32: head, tail, order count, total quantity. Every
 * book side's occupied-level bitset and its window of level numbers over the prices it has
 * used (-1 where none rests, grown on demand as the engine's book does) are one region of
 * a single int32 arena shared by all sides, found by offset; a side that grows its window
 * moves its region to the arena's top. Emptied levels and retired orders go to free lists.
 * Orders are found by record index in one int32 array.
 *
 * Measured (bench/RESULTS.md, "The book alone"): with each side's region in an int32 array
 * of its own instead of the shared arena, 1,000 series added 370-405 ns an op instead of
 * 170-223 (alternated in the same rounds); with the bitset as an object beside a window
 * array, more again.
 */

import { addFill, type FillSummary } from './cpp/export-workload.js';

const ORDER_INTS = 8;
const O_ID = 0;
const O_LEAVES = 1;
const O_PRICE = 2;
const O_PREV = 3;
const O_NEXT = 4;
const O_BOOK = 5;
const O_SIDE = 6; // 0 buy, 1 sell

const LEVEL_INTS = 4;
const L_HEAD = 0;
const L_TAIL = 1;
const L_COUNT = 2;
const L_QTY = 3;

const MIN_WINDOW_GROWTH = 64;

/**
 * One book side in a single int32 array: the occupied-level bitset (words, then their
 * summary), then the window of level numbers over the prices used (-1: none rests).
 * One array, so a side costs its object and one buffer, not a bitset object, two arrays
 * and a window array.
 */
/** Every side's bitset and window, in one int32 array; a side's region moves to the top when its window grows. */
class Arena {
  data = new Int32Array(1 << 20);
  top = 0;

  allocate(ints: number): number {
    if (this.top + ints > this.data.length) {
      let length = this.data.length * 2;
      while (this.top + ints > length) length *= 2;
      const grown = new Int32Array(length);
      grown.set(this.data.subarray(0, this.top));
      this.data = grown;
    }
    const at = this.top;
    this.top += ints;
    return at;
  }
}

class Side {
  /** Where the side's region starts in the arena: bitset words, summary, then the window. */
  at: number;
  private readonly wordCount: number;
  private readonly summaryCount: number;
  private readonly windowAt: number;
  base = 0;
  windowLength = 0;
  best = -1;

  constructor(
    private readonly arena: Arena,
    readonly size: number,
    readonly isBid: boolean,
  ) {
    this.wordCount = ((size + 31) >>> 5) || 1;
    this.summaryCount = ((this.wordCount + 31) >>> 5) || 1;
    this.windowAt = this.wordCount + this.summaryCount;
    this.at = arena.allocate(this.windowAt);
  }

  levelAt(i: number): number {
    return this.arena.data[this.at + this.windowAt + i - this.base]!;
  }

  setLevel(i: number, level: number): void {
    this.arena.data[this.at + this.windowAt + i - this.base] = level;
  }

  /** Grows the window to cover level index `i` (the region moves to the arena's top). */
  cover(i: number): void {
    const length = this.windowLength;
    if (length > 0 && i >= this.base && i < this.base + length) return;
    let lo: number;
    let hi: number;
    if (length === 0) {
      lo = Math.max(0, i - (MIN_WINDOW_GROWTH >>> 1));
      hi = Math.min(this.size, lo + MIN_WINDOW_GROWTH);
    } else {
      const growth = Math.max(length, MIN_WINDOW_GROWTH);
      lo = i < this.base ? Math.max(0, Math.min(i, this.base - growth)) : this.base;
      hi = i >= this.base + length ? Math.min(this.size, Math.max(i + 1, this.base + length + growth)) : this.base + length;
    }
    const at = this.arena.allocate(this.windowAt + hi - lo);
    const data = this.arena.data;
    data.copyWithin(at, this.at, this.at + this.windowAt);
    data.fill(-1, at + this.windowAt, at + this.windowAt + hi - lo);
    if (length > 0) data.copyWithin(at + this.windowAt + this.base - lo, this.at + this.windowAt, this.at + this.windowAt + length);
    this.at = at;
    this.base = lo;
    this.windowLength = hi - lo;
  }

  set(i: number): void {
    const d = this.arena.data;
    const w = i >>> 5;
    d[this.at + w]! |= 1 << (i & 31);
    d[this.at + this.wordCount + (w >>> 5)]! |= 1 << (w & 31);
  }

  clear(i: number): void {
    const d = this.arena.data;
    const w = i >>> 5;
    const word = d[this.at + w]! & ~(1 << (i & 31));
    d[this.at + w] = word;
    if (word === 0) d[this.at + this.wordCount + (w >>> 5)]! &= ~(1 << (w & 31));
  }

  nextAtOrAfter(i: number): number {
    const d = this.arena.data;
    if (i >= this.size) return -1;
    let w = i >>> 5;
    const bits = d[this.at + w]! & (-1 << (i & 31));
    if (bits !== 0) return (w << 5) + lowestBit(bits);
    w = w + 1;
    if (w >= this.wordCount) return -1;
    let s = w >>> 5;
    let sb = d[this.at + this.wordCount + s]! & (-1 << (w & 31));
    while (sb === 0) {
      if (++s >= this.summaryCount) return -1;
      sb = d[this.at + this.wordCount + s]!;
    }
    w = (s << 5) + lowestBit(sb);
    return (w << 5) + lowestBit(d[this.at + w]!);
  }

  prevAtOrBefore(i: number): number {
    const d = this.arena.data;
    if (i < 0) return -1;
    let w = i >>> 5;
    const bits = d[this.at + w]! & (-1 >>> (31 - (i & 31)));
    if (bits !== 0) return (w << 5) + highestBit(bits);
    w = w - 1;
    if (w < 0) return -1;
    let s = w >>> 5;
    let sb = d[this.at + this.wordCount + s]! & (-1 >>> (31 - (w & 31)));
    while (sb === 0) {
      if (--s < 0) return -1;
      sb = d[this.at + this.wordCount + s]!;
    }
    w = (s << 5) + highestBit(sb);
    return (w << 5) + highestBit(d[this.at + w]!);
  }
}

function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function highestBit(x: number): number {
  return 31 - Math.clz32(x);
}

export class RecordBooks {
  private orders = new Int32Array(1 << 16);
  private freeOrder = -1;
  private orderTop = 0;
  private levels = new Int32Array(1 << 14);
  private freeLevel = -1;
  private levelTop = 0;
  /** Order slot by record index, -1 when none is live. */
  private readonly byRecord: Int32Array;
  /** Per book (series × 2 + which): its bid side and ask side. */
  private readonly bids: Side[] = [];
  private readonly asks: Side[] = [];
  resting = 0;

  constructor(
    seriesCount: number,
    private readonly minTicks: number,
    maxTicks: number,
    records: number,
    private readonly fills: FillSummary,
  ) {
    const size = maxTicks - minTicks + 1;
    const arena = new Arena();
    for (let b = 0; b < seriesCount * 2; b++) {
      this.bids.push(new Side(arena, size, true));
      this.asks.push(new Side(arena, size, false));
    }
    this.byRecord = new Int32Array(records).fill(-1);
  }

  bestBid(book: number): number {
    const s = this.bids[book]!;
    return s.best < 0 ? -1 : s.best + this.minTicks;
  }

  bestAsk(book: number): number {
    const s = this.asks[book]!;
    return s.best < 0 ? -1 : s.best + this.minTicks;
  }

  /** Matches a new order, then rests what is left unless `immediate`. */
  enter(book: number, record: number, isBuy: boolean, priceTicks: number, qty: number, immediate: boolean): void {
    let leaves = qty;
    const opposite = isBuy ? this.asks[book]! : this.bids[book]!;
    const limit = priceTicks - this.minTicks;
    const orders = this.orders;
    while (leaves > 0 && opposite.best >= 0 && (isBuy ? opposite.best <= limit : opposite.best >= limit)) {
      const i = opposite.best;
      const level = opposite.levelAt(i);
      const lv = level * LEVEL_INTS;
      while (leaves > 0) {
        const maker = this.levels[lv + L_HEAD]!;
        if (maker < 0) break;
        const m = maker * ORDER_INTS;
        const q = Math.min(orders[m + O_LEAVES]!, leaves);
        leaves -= q;
        orders[m + O_LEAVES] = orders[m + O_LEAVES]! - q;
        this.levels[lv + L_QTY] = this.levels[lv + L_QTY]! - q;
        addFill(this.fills, i + this.minTicks, q, orders[m + O_ID]!, record);
        if (orders[m + O_LEAVES] === 0) {
          this.byRecord[orders[m + O_ID]!] = -1;
          this.unlink(opposite, i, level, maker);
          this.releaseOrder(maker);
          if (this.levels[lv + L_COUNT] === 0) break; // the level went back to the free list
        }
      }
    }
    if (leaves === 0 || immediate) return;
    const o = this.acquireOrder();
    const at = o * ORDER_INTS;
    const grownOrders = this.orders; // acquireOrder may have grown the array
    grownOrders[at + O_ID] = record;
    grownOrders[at + O_LEAVES] = leaves;
    grownOrders[at + O_PRICE] = limit;
    grownOrders[at + O_BOOK] = book;
    grownOrders[at + O_SIDE] = isBuy ? 0 : 1;
    this.append(isBuy ? this.bids[book]! : this.asks[book]!, limit, o);
    this.byRecord[record] = o;
    this.resting++;
  }

  /** Cancels the live order created by `record`; false when there is none. */
  cancel(record: number): boolean {
    const o = this.byRecord[record]!;
    if (o < 0) return false;
    this.byRecord[record] = -1;
    const at = o * ORDER_INTS;
    const book = this.orders[at + O_BOOK]!;
    const side = this.orders[at + O_SIDE] === 0 ? this.bids[book]! : this.asks[book]!;
    const i = this.orders[at + O_PRICE]!;
    const level = side.levelAt(i);
    const lv = level * LEVEL_INTS;
    this.levels[lv + L_QTY] = this.levels[lv + L_QTY]! - this.orders[at + O_LEAVES]!;
    this.unlink(side, i, level, o);
    this.releaseOrder(o);
    return true;
  }

  private append(side: Side, i: number, o: number): void {
    side.cover(i);
    let level = side.levelAt(i);
    if (level < 0) {
      level = this.acquireLevel();
      side.setLevel(i, level);
      side.set(i);
      if (side.best < 0 || (side.isBid ? i > side.best : i < side.best)) side.best = i;
    }
    const lv = level * LEVEL_INTS;
    const at = o * ORDER_INTS;
    const tail = this.levels[lv + L_TAIL]!;
    this.orders[at + O_PREV] = tail;
    this.orders[at + O_NEXT] = -1;
    if (tail >= 0) this.orders[tail * ORDER_INTS + O_NEXT] = o;
    else this.levels[lv + L_HEAD] = o;
    this.levels[lv + L_TAIL] = o;
    this.levels[lv + L_COUNT] = this.levels[lv + L_COUNT]! + 1;
    this.levels[lv + L_QTY] = this.levels[lv + L_QTY]! + this.orders[at + O_LEAVES]!;
  }

  /** Takes order `o` out of `level` (at index `i` of `side`); the level's quantity is already updated. */
  private unlink(side: Side, i: number, level: number, o: number): void {
    const at = o * ORDER_INTS;
    const lv = level * LEVEL_INTS;
    const prev = this.orders[at + O_PREV]!;
    const next = this.orders[at + O_NEXT]!;
    if (prev >= 0) this.orders[prev * ORDER_INTS + O_NEXT] = next;
    else this.levels[lv + L_HEAD] = next;
    if (next >= 0) this.orders[next * ORDER_INTS + O_PREV] = prev;
    else this.levels[lv + L_TAIL] = prev;
    this.resting--;
    const count = this.levels[lv + L_COUNT]! - 1;
    this.levels[lv + L_COUNT] = count;
    if (count > 0) return;
    side.setLevel(i, -1);
    this.releaseLevel(level);
    side.clear(i);
    if (i === side.best) side.best = side.isBid ? side.prevAtOrBefore(i) : side.nextAtOrAfter(i);
  }

  private acquireOrder(): number {
    if (this.freeOrder >= 0) {
      const o = this.freeOrder;
      this.freeOrder = this.orders[o * ORDER_INTS + O_NEXT]!;
      return o;
    }
    if ((this.orderTop + 1) * ORDER_INTS > this.orders.length) {
      const grown = new Int32Array(this.orders.length * 2);
      grown.set(this.orders);
      this.orders = grown;
    }
    return this.orderTop++;
  }

  private releaseOrder(o: number): void {
    this.orders[o * ORDER_INTS + O_NEXT] = this.freeOrder;
    this.freeOrder = o;
  }

  private acquireLevel(): number {
    let level: number;
    if (this.freeLevel >= 0) {
      level = this.freeLevel;
      this.freeLevel = this.levels[level * LEVEL_INTS + L_HEAD]!;
    } else {
      if ((this.levelTop + 1) * LEVEL_INTS > this.levels.length) {
        const grown = new Int32Array(this.levels.length * 2);
        grown.set(this.levels);
        this.levels = grown;
      }
      level = this.levelTop++;
    }
    const lv = level * LEVEL_INTS;
    this.levels[lv + L_HEAD] = -1;
    this.levels[lv + L_TAIL] = -1;
    this.levels[lv + L_COUNT] = 0;
    this.levels[lv + L_QTY] = 0;
    return level;
  }

  private releaseLevel(level: number): void {
    this.levels[level * LEVEL_INTS + L_HEAD] = this.freeLevel;
    this.freeLevel = level;
  }
}
