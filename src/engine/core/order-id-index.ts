import { OrderIndex, OrderKey } from './order-index.js';
import type { RestingOrder } from './order.js';

/** Order ids the window covers (a power of two: an id's slot is `id & (WINDOW - 1)`). */
const WINDOW = 1 << 16;
/** The window moves up by whole chunks, its oldest chunk's live orders moving to a page or the hash index. */
const CHUNK = 1 << 12;
/** A chunk the window leaves is kept whole as a page while more than one slot in this many is live (half)... */
const PAGE_DENSE_ONE_IN = 2;
/** ...and a page goes to the hash index once fewer than one in this many are (a quarter; apart from the first, so a page at the edge does not flip back and forth). */
const PAGE_SPARSE_ONE_IN = 4;

/** A chunk of older ids kept whole: its number, its orders by `id & (CHUNK − 1)`, and how many are live. */
class IdPage {
  constructor(
    readonly chunk: number,
    readonly slots: (RestingOrder | undefined)[],
    public live: number,
  ) {}
}

/** The order in a slot addressed by the id's low bits, if it is that id's (a key that is no integer, 1.5 from a careless caller, must not find order 1). */
function orderWithId(order: RestingOrder | undefined, orderId: number): RestingOrder | undefined {
  return order !== undefined && order.orderId === orderId ? order : undefined;
}

/**
 * Live orders by order id: the newest ids in a window addressed by the id itself, the rest
 * in an OrderIndex (a hash table).
 *
 * Why two parts, measured (bench:cpp's deep stream, 500k resting orders): the engine gives
 * order ids from a counter and most orders live briefly (a cancel or a fill soon after),
 * so nearly every index operation is on an id near the top. In a hash table alone each of
 * them reads a random slot of a table sized for every resting order (16 MB at 1M), a
 * cache miss, twice per order at least (add and delete). In the window they read a slot
 * beside the last one used. Orders that outlive the window (long-resting GTC orders) move
 * to the hash table when the window passes their chunk: one slot read per id issued,
 * sequential. Memory: the window is 512 KB whatever the book; the pages and the hash table
 * hold only the older orders.
 *
 * Why pages (2026-11-24): in a deep book most orders outlive the window, and in the hash
 * table each later fill or cancel of one reads a random slot of a large table and
 * backward-shifts a run (a third of the time of bench:cpp's variant with 500k orders at the
 * touch), and a deep book's orders all pass through it. So a chunk the window leaves while
 * more than half its slots are live is kept whole as a page, found by its chunk number in a
 * Map of pages and its orders by slot, as in the window; a page goes to the hash table once
 * fewer than a quarter are live. Half, not less: with pages from one live slot in eight, the
 * 1,000-series flow of bench:series (orders resting long in thin books, then cancelled) ran
 * 10–16% slower in two alternating pairs, with half it did not (two pairs). Measured: 1M resting
 * orders take 162 bytes each instead of 171 (bench:resting); the touch variant 1.31M, 1.45M
 * ops/s against 1.15M, 1.28M in 2 alternating pairs, the default stream unchanged. Memory: at
 * most 32 bytes of page per live order in it, 8 in a full one (the hash table takes 16–32).
 *
 * Ids in [base, base + WINDOW) are in the window (`recent[id & (WINDOW - 1)]`), ids below
 * `base` in their chunk's page if it has one, else in `older`. An id above the window (the
 * counter moving on; a snapshot restoring orders in book order) moves the window up first.
 * Iteration order is not defined.
 */
export class OrderIdIndex {
  private readonly recent: (RestingOrder | undefined)[] = new Array<RestingOrder | undefined>(WINDOW);
  private base = 0;
  /** Chunks below the window kept whole, by chunk number. */
  private readonly pages = new Map<number, IdPage>();
  private readonly older: OrderIndex<RestingOrder>;
  size = 0;

  constructor(initialOlderSlots = 1024) {
    this.older = new OrderIndex<RestingOrder>(OrderKey.ORDER_ID, initialOlderSlots);
  }

  get(orderId: number): RestingOrder | undefined {
    if (orderId >= this.base) {
      if (orderId - this.base >= WINDOW) return undefined;
      return orderWithId(this.recent[orderId & (WINDOW - 1)], orderId);
    }
    const page = this.pageOf(orderId);
    return page === undefined ? this.older.get(orderId) : orderWithId(page.slots[orderId & (CHUNK - 1)], orderId);
  }

  /** Adds an order whose id is not in the index (the engine never indexes an id twice). */
  add(order: RestingOrder): void {
    const id = order.orderId;
    if (id < this.base) {
      const page = this.pageOf(id);
      if (page === undefined) {
        this.older.add(order);
      } else {
        page.slots[id & (CHUNK - 1)] = order;
        page.live++;
      }
    } else {
      if (id - this.base >= WINDOW) this.moveUpTo(id);
      this.recent[id & (WINDOW - 1)] = order;
    }
    this.size++;
  }

  /**
   * Removes `order`, which the index holds (the engine retiring an order it indexed). In the
   * window that is a write alone, not a read of the slot first: a maker resting since long ago
   * has its id's slot out of cache over many series, and a fill need not wait for it (issue 58).
   */
  remove(order: RestingOrder): void {
    const id = order.orderId;
    if (id < this.base) {
      this.delete(id);
      return;
    }
    // An indexed id at or above the base is in the window: adding covered it, and the base only rises.
    this.recent[id & (WINDOW - 1)] = undefined;
    this.size--;
  }

  /** Removes the order with `orderId`; false when there is none. */
  delete(orderId: number): boolean {
    if (orderId < this.base) {
      const page = this.pageOf(orderId);
      if (page === undefined) {
        if (!this.older.delete(orderId)) return false;
      } else {
        const slot = orderId & (CHUNK - 1);
        if (page.slots[slot]?.orderId !== orderId) return false;
        page.slots[slot] = undefined;
        if (--page.live * PAGE_SPARSE_ONE_IN < CHUNK) this.unpage(page);
      }
    } else {
      const slot = orderId & (WINDOW - 1);
      if (orderId - this.base >= WINDOW || this.recent[slot]?.orderId !== orderId) return false;
      this.recent[slot] = undefined;
    }
    this.size--;
    return true;
  }

  /** Moves the window up until it covers `id`, the chunks it leaves going to pages or the hash index. */
  private moveUpTo(id: number): void {
    // The lowest chunk-aligned base whose window covers id.
    const target = Math.floor((id - WINDOW) / CHUNK) * CHUNK + CHUNK;
    // Past a whole window, every slot leaves: one sweep, then jump.
    const sweepTo = Math.min(target, this.base + WINDOW);
    for (let from = this.base; from < sweepTo; from += CHUNK) this.leave(from);
    this.base = target;
  }

  /** The window leaves the chunk of ids from `from`: kept whole as a page if dense, else its orders hashed. */
  private leave(from: number): void {
    const start = from & (WINDOW - 1);
    let live = 0;
    for (let k = start; k < start + CHUNK; k++) if (this.recent[k] !== undefined) live++;
    if (live * PAGE_DENSE_ONE_IN > CHUNK) {
      const chunk = Math.floor(from / CHUNK);
      this.pages.set(chunk, new IdPage(chunk, this.recent.slice(start, start + CHUNK), live));
    } else {
      for (let k = start; k < start + CHUNK; k++) {
        const order = this.recent[k];
        if (order !== undefined) this.older.add(order);
      }
    }
    if (live > 0) this.recent.fill(undefined, start, start + CHUNK);
  }

  /** The page of an id below the window, if its chunk is kept whole. */
  private pageOf(orderId: number): IdPage | undefined {
    return this.pages.get(Math.floor(orderId / CHUNK));
  }

  /** A page that has become sparse: its orders go to the hash index. */
  private unpage(page: IdPage): void {
    for (const order of page.slots) if (order !== undefined) this.older.add(order);
    this.pages.delete(page.chunk);
  }
}
