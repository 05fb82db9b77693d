/** Which of an order's fields an index is keyed by. */
export const OrderKey = { ORDER_ID: 0, CLIENT_ORDER_ID: 1 } as const;
export type OrderKey = (typeof OrderKey)[keyof typeof OrderKey];

/**
 * Live orders by a positive integer key that the order itself carries (its order id, or
 * its client order id): open addressing with linear probing over one array of orders,
 * backward-shift deletion (no tombstones), doubling when half full.
 *
 * Written here rather than using a Map (or the generic IntMap) for memory, measured
 * (bench/resting-memory.bench.ts): a slot is one 8-byte reference and the 32-bit hash of its
 * key (4 bytes in a typed array beside), instead of a reference and a float key, and the
 * table runs at up to half full instead of a quarter. Both indexes together cost about
 * 45–75 bytes per resting order instead of ~190 (issue 21's budget is 200 bytes for
 * everything). Allocates nothing once grown. Iteration order is not defined, so nothing
 * that must be deterministic iterates it.
 *
 * Why the hashes (2026-11-25): without them, a probe that passed other orders, deletion's
 * backward shift and growth read each passed order's key from the order itself, a first
 * touch of memory not in cache for orders resting long (a deep book, an account's orders
 * over 1,000 series). With them only the order sought is read. Every timed run on compiled
 * code, alternating pairs against the code before: 500k orders at the touch (bench:cpp)
 * 1.82M, 1.51M, 1.93M ops/s against 1.77M, 1.35M, 1.68M; 1,000 series (bench:series) faster in
 * 5 of 8 pairs, medians 1.02M against 0.83M, in a noisy hour (RESULTS.md, "Many series"); 1M
 * resting orders 175 bytes each instead of 162. Tried at 04:00 the same day with no gain, when every
 * run began by compiling the engine anew (RESULTS.md, "Compiled code between runs").
 */
/** What an index reads of an order: its keys (a RestingOrder, order.ts: the index names no more of it, and imports nothing). */
export interface KeyedOrder {
  readonly orderId: number;
  readonly clientOrderId: number;
}

export class OrderIndex<O extends KeyedOrder = KeyedOrder> {
  private slots: (O | undefined)[];
  /** Each used slot's key hash (`hashOf`), so probes, deletion's shifts and growth read no other order. */
  private hashes: Int32Array;
  private mask: number;
  size = 0;

  constructor(
    private readonly key: OrderKey,
    initialSlots = 16,
  ) {
    let n = 4;
    while (n < initialSlots) n *= 2;
    this.slots = new Array<O | undefined>(n);
    this.hashes = new Int32Array(n);
    this.mask = n - 1;
  }

  private keyOf(order: O): number {
    return this.key === OrderKey.ORDER_ID ? order.orderId : order.clientOrderId;
  }

  private hashOf(key: number): number {
    // Mixes both 32-bit halves of the key (client order ids may use all 53 bits). Even the
    // engine's sequential order ids are mixed: taken as they are, consecutive ids fill one
    // contiguous run of slots, and deletion's backward shift scans to the end of the run
    // (tried: the 500k-order deep-book bench went from seconds to over ten minutes).
    const h = Math.imul((key >>> 0) ^ ((key / 4294967296) >>> 0), 0x9e3779b1);
    return h ^ (h >>> 15);
  }

  get(key: number): O | undefined {
    const hash = this.hashOf(key);
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const order = this.slots[i];
      if (order === undefined || (this.hashes[i] === hash && this.keyOf(order) === key)) return order;
    }
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  /** Adds an order whose key is not in the index (the engine never indexes a key twice). */
  add(order: O): void {
    this.place(order, this.hashOf(this.keyOf(order)));
    if (++this.size * 2 > this.slots.length) this.grow();
  }

  /** Removes the order with `key`; false when there is none. */
  delete(key: number): boolean {
    const hash = this.hashOf(key);
    let i = hash & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const order = this.slots[i];
      if (order === undefined) return false;
      if (this.hashes[i] === hash && this.keyOf(order) === key) break;
    }
    // Backward shift: move later entries of the probe run into the hole when
    // their home slot does not lie (cyclically) between the hole and them.
    let hole = i;
    for (let j = (i + 1) & this.mask; this.slots[j] !== undefined; j = (j + 1) & this.mask) {
      const h = this.hashes[j]! & this.mask;
      const stays = hole <= j ? h > hole && h <= j : h > hole || h <= j;
      if (!stays) {
        this.slots[hole] = this.slots[j];
        this.hashes[hole] = this.hashes[j]!;
        hole = j;
      }
    }
    this.slots[hole] = undefined;
    this.size--;
    return true;
  }

  private place(order: O, hash: number): void {
    let i = hash & this.mask;
    while (this.slots[i] !== undefined) i = (i + 1) & this.mask;
    this.slots[i] = order;
    this.hashes[i] = hash;
  }

  private grow(): void {
    const slots = this.slots;
    const hashes = this.hashes;
    this.slots = new Array<O | undefined>(slots.length * 2);
    this.hashes = new Int32Array(slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== undefined) this.place(slots[i]!, hashes[i]!);
  }
}
