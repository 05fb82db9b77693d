import { IntMap } from '../../collections/index.js';

/**
 * GTD orders by expiry time: a binary min-heap of (expireAtMs, orderId), ties
 * broken by order id so expiry order is deterministic. Entries are not removed
 * when an order leaves early; the engine skips ids that are no longer live, which
 * keeps cancels O(1). An order joins once, at its first rest, and keeps its expiry:
 * the queue is where a live GTD order's expiry is kept (orders do not hold it), and
 * its entries by order id answer for one order (a snapshot, the account's order view).
 */
export class ExpiryQueue {
  private times: number[] = [];
  private ids: number[] = [];
  /** Each entry's expiry by its order id: set as it joins, gone as it leaves the heap. */
  private byOrderId = new IntMap<number>(16);

  get size(): number {
    return this.ids.length;
  }

  push(expireAtMs: number, orderId: number): void {
    this.times.push(expireAtMs);
    this.ids.push(orderId);
    this.byOrderId.set(orderId, expireAtMs);
    this.siftUp(this.ids.length - 1);
  }

  /** A queued order's expiry (every live GTD order is queued), or undefined. */
  expiryOf(orderId: number): number | undefined {
    return this.byOrderId.get(orderId);
  }

  /** Earliest expiry, or Infinity when empty. */
  peekTime(): number {
    return this.times.length === 0 ? Infinity : this.times[0]!;
  }

  /** Removes the earliest entry and returns its order id. */
  pop(): number {
    const id = this.ids[0]!;
    this.byOrderId.delete(id);
    const lastTime = this.times.pop()!;
    const lastId = this.ids.pop()!;
    if (this.ids.length > 0) {
      this.times[0] = lastTime;
      this.ids[0] = lastId;
      this.siftDown(0);
    }
    return id;
  }

  clear(): void {
    this.times = [];
    this.ids = [];
    this.byOrderId = new IntMap<number>(16);
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && this.ids[a]! < this.ids[b]!);
  }

  private swap(a: number, b: number): void {
    const t = this.times[a]!;
    this.times[a] = this.times[b]!;
    this.times[b] = t;
    const i = this.ids[a]!;
    this.ids[a] = this.ids[b]!;
    this.ids[b] = i;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.ids.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
