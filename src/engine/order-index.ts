import type { RestingOrder } from './order.js';

/** Which of an order's fields an index is keyed by. */
export const OrderKey = { ORDER_ID: 0, CLIENT_ORDER_ID: 1 } as const;
export type OrderKey = (typeof OrderKey)[keyof typeof OrderKey];

/**
 * Live orders by a positive integer key that the order itself carries (its order id, or
 * its client order id): open addressing with linear probing over one array of orders,
 * backward-shift deletion (no tombstones), doubling when half full.
 *
 * Written here rather than using a Map (or the generic IntMap) for memory, measured
 * (bench/resting-memory.bench.ts): the key is read from the order, so a slot is one
 * 8-byte reference instead of a reference and a float key, and the table runs at up to
 * half full instead of a quarter. Both indexes together cost 30–60 bytes per resting
 * order instead of ~190 (issue 21's budget is 200 bytes for everything). A probe that
 * passes other orders reads their key from them; with at most half the slots used the
 * runs stay short. Allocates nothing once grown. Iteration order is not defined, so
 * nothing that must be deterministic iterates it.
 */
export class OrderIndex {
  private slots: (RestingOrder | undefined)[];
  private mask: number;
  size = 0;

  constructor(
    private readonly key: OrderKey,
    initialSlots = 16,
  ) {
    let n = 4;
    while (n < initialSlots) n *= 2;
    this.slots = new Array<RestingOrder | undefined>(n);
    this.mask = n - 1;
  }

  private keyOf(order: RestingOrder): number {
    return this.key === OrderKey.ORDER_ID ? order.orderId : order.clientOrderId;
  }

  private home(key: number): number {
    // Mixes both 32-bit halves of the key (client order ids may use all 53 bits). Even the
    // engine's sequential order ids are mixed: taken as they are, consecutive ids fill one
    // contiguous run of slots, and deletion's backward shift scans to the end of the run
    // (tried: the 500k-order deep-book bench went from seconds to over ten minutes).
    const h = Math.imul((key >>> 0) ^ ((key / 4294967296) >>> 0), 0x9e3779b1);
    return (h ^ (h >>> 15)) & this.mask;
  }

  get(key: number): RestingOrder | undefined {
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      const order = this.slots[i];
      if (order === undefined || this.keyOf(order) === key) return order;
    }
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  /** Adds an order whose key is not in the index (the engine never indexes a key twice). */
  add(order: RestingOrder): void {
    let i = this.home(this.keyOf(order));
    while (this.slots[i] !== undefined) i = (i + 1) & this.mask;
    this.slots[i] = order;
    if (++this.size * 2 > this.slots.length) this.grow();
  }

  /** Removes the order with `key`; false when there is none. */
  delete(key: number): boolean {
    let i = this.home(key);
    for (; ; i = (i + 1) & this.mask) {
      const order = this.slots[i];
      if (order === undefined) return false;
      if (this.keyOf(order) === key) break;
    }
    // Backward shift: move later entries of the probe run into the hole when
    // their home slot does not lie (cyclically) between the hole and them.
    let hole = i;
    for (let j = (i + 1) & this.mask; this.slots[j] !== undefined; j = (j + 1) & this.mask) {
      const h = this.home(this.keyOf(this.slots[j]!));
      const stays = hole <= j ? h > hole && h <= j : h > hole || h <= j;
      if (!stays) {
        this.slots[hole] = this.slots[j];
        hole = j;
      }
    }
    this.slots[hole] = undefined;
    this.size--;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Array<RestingOrder | undefined>(old.length * 2);
    this.mask = this.slots.length - 1;
    this.size = 0;
    for (const order of old) if (order !== undefined) this.add(order);
  }
}
