import { SelfTradePrevention, Side } from './commands.js';
import { LevelBitset } from './level-bitset.js';
import { Level, type RestingOrder } from './order.js';

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

/** Least number of levels a side's window grows by (so a book filling up grows it a few times, not once per level). */
const MIN_WINDOW_GROWTH = 64;

/**
 * One side of a book: levels indexed by price, with the best one tracked. The levels live
 * in a dense window over the price indices orders have used, `levels[i - base]`, grown
 * (never shrunk) to cover a new price: finding a level stays one array read, while a
 * quiet series holds no level array at all (a series' full price range is 10,000 levels
 * for the demo terms, up to 1M; most series in a venue with thousands listed are quiet).
 */
class BookSide {
  /** Levels of indices base .. base + levels.length − 1; undefined where no order rests. */
  levels: (Level | undefined)[] = [];
  /**
   * Emptied levels, for reuse: a side holds as many Level objects as it once had occupied
   * levels at the same time, not one per price it ever used (over 1,000 busy series,
   * 273k objects, 15 MB, before; bench:series), and the level it reuses is the one it freed
   * last, most likely still in cache.
   */
  private readonly spare: Level[] = [];
  base = 0;
  /**
   * Which levels hold orders; made with the side's first order, like the window: a side
   * that never had one (most sides of a venue's quiet series) holds no bitset, which is
   * 1.25 KB a side for 10,000 levels, 5 KB of an idle series' 8 (bench:series).
   */
  private occupied: LevelBitset | undefined = undefined;
  /** Best level index, or -1 when the side is empty. */
  best = -1;

  constructor(
    private readonly size: number,
    readonly isBid: boolean,
  ) {}

  /** The level at an occupied index. */
  levelAt(i: number): Level {
    return this.levels[i - this.base]!;
  }

  /** Grows the window to cover index `i` (with slack on that side, within the price range); returns i's slot. */
  private cover(i: number): number {
    const length = this.levels.length;
    if (length === 0) {
      this.base = Math.max(0, i - (MIN_WINDOW_GROWTH >>> 1));
      this.levels = new Array<Level | undefined>(Math.min(MIN_WINDOW_GROWTH, this.size - this.base));
      return i - this.base;
    }
    const growth = Math.max(length, MIN_WINDOW_GROWTH);
    const lo = i < this.base ? Math.max(0, Math.min(i, this.base - growth)) : this.base;
    const hi = i >= this.base + length ? Math.min(this.size, Math.max(i + 1, this.base + length + growth)) : this.base + length;
    const levels = new Array<Level | undefined>(hi - lo);
    for (let k = 0; k < length; k++) levels[this.base - lo + k] = this.levels[k];
    this.levels = levels;
    this.base = lo;
    return i - lo;
  }

  /** Adds `order` at the back of the level at index `i`. */
  append(order: RestingOrder, i: number): void {
    let slot = i - this.base;
    if (slot < 0 || slot >= this.levels.length) slot = this.cover(i);
    let level = this.levels[slot];
    if (level === undefined) {
      level = this.spare.pop() ?? new Level();
      this.levels[slot] = level;
    }
    if (level.orderCount === 0) {
      (this.occupied ??= new LevelBitset(this.size)).set(i);
      if (this.best < 0 || (this.isBid ? i > this.best : i < this.best)) this.best = i;
    }
    order.prev = level.tail;
    order.next = null;
    if (level.tail) level.tail.next = order;
    else level.head = order;
    level.tail = order;
    level.totalQty += order.leavesQty;
    level.orderCount++;
  }

  /** Takes `order` out of its level, at index `i`. */
  unlink(order: RestingOrder, i: number): void {
    const level = this.levelAt(i);
    if (order.prev) order.prev.next = order.next;
    else level.head = order.next;
    if (order.next) order.next.prev = order.prev;
    else level.tail = order.prev;
    level.totalQty -= order.leavesQty;
    level.orderCount--;
    order.prev = null;
    order.next = null;
    if (level.orderCount === 0) this.levelEmptied(i, level);
  }

  private levelEmptied(i: number, level: Level): void {
    this.levels[i - this.base] = undefined;
    this.spare.push(level);
    // A level emptied was filled first, so the bitset exists.
    const occupied = this.occupied!;
    occupied.clear(i);
    if (i !== this.best) return;
    this.best = this.isBid ? occupied.prevAtOrBefore(i) : occupied.nextAtOrAfter(i);
  }

  /** Next occupied level beyond `i` away from the best. */
  nextWorse(i: number): number {
    // Only ever asked from an occupied level, so the bitset exists.
    return this.isBid ? this.occupied!.prevAtOrBefore(i - 1) : this.occupied!.nextAtOrAfter(i + 1);
  }
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

  constructor(
    readonly tickMicros: number,
    minPriceMicros: number,
    maxPriceMicros: number,
  ) {
    this.minTicks = minPriceMicros / tickMicros;
    this.levelCount = maxPriceMicros / tickMicros - this.minTicks + 1;
    this.bids = new BookSide(this.levelCount, true);
    this.asks = new BookSide(this.levelCount, false);
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
    (order.side === Side.BUY ? this.bids : this.asks).append(order, this.indexOf(order.priceMicros));
    order.resting = true;
  }

  /** Takes a resting order out of the book. */
  remove(order: RestingOrder): void {
    (order.side === Side.BUY ? this.bids : this.asks).unlink(order, this.indexOf(order.priceMicros));
    order.resting = false;
  }

  /** Reduces a resting order's leaves in place; it keeps its time priority. */
  reduce(order: RestingOrder, qty: number): void {
    order.leavesQty -= qty;
    (order.side === Side.BUY ? this.bids : this.asks).levelAt(this.indexOf(order.priceMicros)).totalQty -= qty;
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
      for (let o = opposite.levelAt(i).head; o !== null; o = o.next) {
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
      const level = opposite.levelAt(best);
      let maker = level.head;
      while (maker !== null && taker.leavesQty > 0) {
        const next = maker.next;
        if (maker.owner === taker.owner) {
          if (this.preventSelfTrade(opposite, best, level, maker, taker, listener)) return MatchStop.SELF_TRADE;
        } else {
          this.trade(opposite, best, level, maker, taker, listener);
        }
        maker = next;
      }
    }
    return MatchStop.DONE;
  }

  /** `maker` rests on `level`, at index `i` of `opposite`. */
  private trade(opposite: BookSide, i: number, level: Level, maker: RestingOrder, taker: RestingOrder, listener: MatchListener): void {
    const qty = maker.leavesQty < taker.leavesQty ? maker.leavesQty : taker.leavesQty;
    taker.leavesQty -= qty;
    taker.cumQty += qty;
    maker.cumQty += qty;
    if (maker.leavesQty === qty) {
      opposite.unlink(maker, i); // subtracts the maker's leaves from the level
      maker.leavesQty = 0;
      maker.resting = false;
    } else {
      maker.leavesQty -= qty;
      level.totalQty -= qty;
    }
    listener.onTrade(maker, taker, qty);
  }

  /** Applies the taker's self-trade prevention mode; true when the taker must stop. */
  private preventSelfTrade(opposite: BookSide, i: number, level: Level, maker: RestingOrder, taker: RestingOrder, listener: MatchListener): boolean {
    switch (taker.stp) {
      case SelfTradePrevention.CANCEL_OLDEST:
        this.cancelMaker(opposite, i, maker, listener);
        return false;
      case SelfTradePrevention.CANCEL_BOTH:
        this.cancelMaker(opposite, i, maker, listener);
        return true;
      case SelfTradePrevention.DECREMENT:
        return this.decrement(opposite, i, level, maker, taker, listener);
      default:
        return true; // CANCEL_NEWEST
    }
  }

  private cancelMaker(opposite: BookSide, i: number, maker: RestingOrder, listener: MatchListener): void {
    opposite.unlink(maker, i);
    maker.resting = false;
    listener.onSelfTradeCancel(maker);
  }

  /** The smaller order is cancelled, the larger is reduced by the smaller's size. */
  private decrement(opposite: BookSide, i: number, level: Level, maker: RestingOrder, taker: RestingOrder, listener: MatchListener): boolean {
    const qty = maker.leavesQty < taker.leavesQty ? maker.leavesQty : taker.leavesQty;
    if (maker.leavesQty === qty) {
      this.cancelMaker(opposite, i, maker, listener);
    } else {
      maker.leavesQty -= qty; // and so its orderQty
      level.totalQty -= qty;
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
      for (let o = bookSide.levelAt(i).head; o !== null; o = o.next) yield o;
    }
  }

  /** Aggregated levels of one side, best first: [priceMicros, qty, orderCount]. */
  depth(side: Side, maxLevels: number): Array<[number, number, number]> {
    const bookSide = side === Side.BUY ? this.bids : this.asks;
    const out: Array<[number, number, number]> = [];
    for (let i = bookSide.best; i >= 0 && out.length < maxLevels; i = bookSide.nextWorse(i)) {
      const level = bookSide.levelAt(i);
      out.push([this.priceAt(i), level.totalQty, level.orderCount]);
    }
    return out;
  }
}
