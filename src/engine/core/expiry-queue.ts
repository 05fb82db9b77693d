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
  private byOrderId = new ExpiriesById();

  get size(): number {
    return this.ids.length;
  }

  push(expireAtMs: number, orderId: number): void {
    this.times.push(expireAtMs);
    this.ids.push(orderId);
    this.byOrderId.add(orderId, expireAtMs);
    this.siftUp(this.ids.length - 1);
  }

  /** After a snapshot's orders are restored (in book order): the by-id arrays sorted now, while the engine starts, not at the first look-up (about a second for a million). */
  settle(): void {
    this.byOrderId.settle();
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
    this.byOrderId.remove(id);
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
    this.byOrderId = new ExpiriesById();
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

/**
 * The queued orders' expiries by order id, for a look-up of one (the account's order view, a snapshot): the ids
 * ascending in one array and their expiries in another, found by binary search. Orders rest in id order, so an entry
 * is appended; a snapshot's decode adds them in book order and sorts them once it is done (`settle`). An
 * entry that leaves the heap is marked gone (its time −1), and the arrays are compacted once the gone outnumber the
 * rest: 16 to 32 bytes an entry, where a hash map of boxed numbers took 67 (bench:resting, every order GTD).
 */
class ExpiriesById {
  private ids: number[] = [];
  private times: number[] = [];
  private gone = 0;
  private sorted = true;

  add(orderId: number, expireAtMs: number): void {
    const n = this.ids.length;
    if (n > 0 && this.ids[n - 1]! > orderId) this.sorted = false;
    this.ids.push(orderId);
    this.times.push(expireAtMs);
  }

  settle(): void {
    if (!this.sorted) this.sort();
  }

  get(orderId: number): number | undefined {
    const i = this.indexOf(orderId);
    return i < 0 ? undefined : this.times[i];
  }

  remove(orderId: number): void {
    const i = this.indexOf(orderId);
    if (i < 0) return;
    this.times[i] = -1;
    if (++this.gone * 2 > this.ids.length) this.compact();
  }

  /** The live entry's index, or −1. */
  private indexOf(orderId: number): number {
    if (!this.sorted) this.sort();
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const id = this.ids[mid]!;
      if (id === orderId) return this.times[mid]! < 0 ? -1 : mid;
      if (id < orderId) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private sort(): void {
    const order = this.ids.map((_, i) => i).sort((a, b) => this.ids[a]! - this.ids[b]!);
    this.ids = order.map((i) => this.ids[i]!);
    this.times = order.map((i) => this.times[i]!);
    this.sorted = true;
  }

  /** The live entries moved down over the gone ones, in place: no new arrays on the engine's thread (fresh memory is what paused it). */
  private compact(): void {
    let to = 0;
    for (let i = 0; i < this.ids.length; i++) {
      if (this.times[i]! < 0) continue;
      this.ids[to] = this.ids[i]!;
      this.times[to] = this.times[i]!;
      to++;
    }
    this.ids.length = to;
    this.times.length = to;
    this.gone = 0;
  }
}
