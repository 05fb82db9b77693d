/**
 * A price-time book pair per series whose orders, levels and book sides are records in
 * typed arrays (bench/book-alone.ts): what the same JavaScript gets when its storage is
 * laid out as a C++ book's is, for issue 21's question of what a rewrite of the engine's
 * storage could win over many series. A yardstick, not part of the exchange: GTC limit
 * orders, IOC market remainders, cancels; no checks, no events.
 *
 * Layout. An order is 8 int32 (32 bytes, half a cache line): its record index, leaves,
 * price (ticks), the previous and next order of its level (or -1), its book (series × 2 +
 * which book) and side. A level is 4 int32: head, tail, order count, total quantity. The
 * book sides are the engine's own (`BookSide` on a `BookStore`, src/engine/core/order-book.ts):
 * each side's occupied-level bitset and window of level numbers one region of the int32
 * chunks shared by all sides (a single arena until 2026-11-25), found by offset; only the
 * store's regions are used here, the levels and orders being this book's records. Emptied levels and retired orders
 * go to free lists. Orders are found by record index in one int32 array.
 *
 * Measured (bench/HISTORY.md, "The book alone"): with each side's region in an int32 array
 * of its own instead of the shared arena, 1,000 series added 370-405 ns an op instead of
 * 170-223 (alternated in the same rounds); with the bitset as an object beside a window
 * array, more again.
 */

import { BookSide, BookStore } from '../src/engine/core/order-book.js';
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
  private readonly bids: BookSide[] = [];
  private readonly asks: BookSide[] = [];
  resting = 0;

  constructor(
    seriesCount: number,
    private readonly minTicks: number,
    maxTicks: number,
    records: number,
    private readonly fills: FillSummary,
  ) {
    const size = maxTicks - minTicks + 1;
    const store = new BookStore(); // its regions only: levels and orders are this book's own records
    for (let b = 0; b < seriesCount * 2; b++) {
      this.bids.push(new BookSide(store, size, true));
      this.asks.push(new BookSide(store, size, false));
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

  private append(side: BookSide, i: number, o: number): void {
    let level = side.levelOrCover(i);
    if (level < 0) {
      level = this.acquireLevel();
      side.occupy(i, level);
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
  private unlink(side: BookSide, i: number, level: number, o: number): void {
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
    side.vacate(i);
    this.releaseLevel(level);
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
