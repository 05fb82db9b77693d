import { OrderIndex, OrderKey } from './order-index.js';
import type { RestingOrder } from './order.js';

/** Order ids the window covers (a power of two: an id's slot is `id & (WINDOW - 1)`). */
const WINDOW = 1 << 16;
/** The window moves up by whole chunks, its oldest chunk's live orders moving to the hash index. */
const CHUNK = 1 << 12;

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
 * sequential. Memory: the window is 512 KB whatever the book; the hash table holds only
 * the older orders.
 *
 * Ids in [base, base + WINDOW) are in the window (`recent[id & (WINDOW - 1)]`), ids below
 * `base` in `older`. An id above the window (the counter moving on; a snapshot restoring
 * orders in book order) moves the window up first. Iteration order is not defined.
 */
export class OrderIdIndex {
  private readonly recent: (RestingOrder | undefined)[] = new Array<RestingOrder | undefined>(WINDOW);
  private base = 0;
  private readonly older: OrderIndex;
  size = 0;

  constructor(initialOlderSlots = 1024) {
    this.older = new OrderIndex(OrderKey.ORDER_ID, initialOlderSlots);
  }

  get(orderId: number): RestingOrder | undefined {
    if (orderId >= this.base) {
      if (orderId - this.base >= WINDOW) return undefined;
      const order = this.recent[orderId & (WINDOW - 1)];
      // The slot is the id's low bits: a key that is no integer (1.5 from a careless caller) must not find order 1.
      return order !== undefined && order.orderId === orderId ? order : undefined;
    }
    return this.older.get(orderId);
  }

  /** Adds an order whose id is not in the index (the engine never indexes an id twice). */
  add(order: RestingOrder): void {
    const id = order.orderId;
    if (id < this.base) {
      this.older.add(order);
    } else {
      if (id - this.base >= WINDOW) this.moveUpTo(id);
      this.recent[id & (WINDOW - 1)] = order;
    }
    this.size++;
  }

  /** Removes the order with `orderId`; false when there is none. */
  delete(orderId: number): boolean {
    if (orderId < this.base) {
      if (!this.older.delete(orderId)) return false;
    } else {
      const slot = orderId & (WINDOW - 1);
      if (orderId - this.base >= WINDOW || this.recent[slot]?.orderId !== orderId) return false;
      this.recent[slot] = undefined;
    }
    this.size--;
    return true;
  }

  /** Moves the window up until it covers `id`, the chunks it leaves going to the hash index. */
  private moveUpTo(id: number): void {
    // The lowest chunk-aligned base whose window covers id.
    const target = Math.floor((id - WINDOW) / CHUNK) * CHUNK + CHUNK;
    // Past a whole window, every slot leaves: one sweep, then jump.
    const sweepTo = Math.min(target, this.base + WINDOW);
    for (let from = this.base; from < sweepTo; from += CHUNK) {
      for (let k = from; k < from + CHUNK; k++) {
        const slot = k & (WINDOW - 1);
        const order = this.recent[slot];
        if (order !== undefined) {
          this.older.add(order);
          this.recent[slot] = undefined;
        }
      }
    }
    this.base = target;
  }
}
