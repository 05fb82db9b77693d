/**
 * bench/cpp/book.cpp's driver, book and positions, line for line in TypeScript (issue 58): the
 * same plain price-time book and the same dense positions, run by the same Node as PATX's engine.
 * It is a yardstick, not part of the exchange. It separates two questions the many-series
 * comparison mixes: how much of PATX's 1,000-series ratio against the C++ book with positions is
 * what the language and runtime charge for spreading the flow (objects, a garbage-collected
 * heap, no prefetch instruction), and how much is the engine's own design and bookkeeping.
 *
 * What differs from book.cpp, and why:
 *   - a side's levels are an array sorted worst first (the best at the end, popped in O(1)),
 *     found by binary search, where book.cpp has a std::map (a red-black tree): a JavaScript
 *     programmer's sorted structure, and cheaper than a tree for the few levels a side holds here;
 *   - the order index is a Map (book.cpp's std::unordered_map), the orders pooled objects
 *     (its free-list pool), a level an object (its map node);
 *   - positions (--lookup rows, the default) are one Float64Array of (available, held, open buy)
 *     rows per (series, account), found by arithmetic, as book.cpp keeps them (its "the way C++
 *     keeps it best"); the other two ways are below;
 *   - the process is given the flags PATX's bench runs with, and a gc() before the timed pass, so
 *     that no collection of the warm-up's garbage lands in it (PATX's timed runs get the same).
 *
 *   node --expose-gc --import tsx bench/js-book/book.ts <stream.bin> [--warmup N] [--series N]
 *        [--block K] [--deal FILE] [--positions 0|1] [--lookup rows|table|slots] [--slot-ints 4|8]
 *        [--slot-load 1..3]
 *
 * --lookup says how a position is found: `rows`, book.cpp's dense row per (series, account) by
 * arithmetic (accounts bounded and known: 256); `table`, each account's table of position
 * objects by series, the order holding its own (the engine's way); `slots`, one hashed table of
 * every position with its numbers inline in Int32 slots of --slot-ints (8, the default: 32 bytes,
 * with the fields a rules-3 fill moves, as the engine would need; 4: 16 bytes), grown past
 * --slot-load quarters full (accounts unbounded, one
 * read to find a position, as the first two are not both).
 *
 * Reads the PATXOPS1 stream of bench/cpp/export-workload.ts and prints book.cpp's JSON line
 * ("book": "patx-js"), so bench/cpp/book-binary.ts' runCpp reads it as it reads the C++ books'.
 */
import { readFileSync } from 'node:fs';
import { KIND_CANCEL, KIND_LIMIT, KIND_MARKET, readStreamHeader, STREAM_HEADER_BYTES, STREAM_RECORD_BYTES, type StreamHeader } from '../cpp/stream-header.js';

const SIDE_BUY = 0;
const ACCOUNTS = 256;

class Level {
  count = 0;
  totalQty = 0;
  head: Order | null = null;
  tail: Order | null = null;
  constructor(readonly price: number) {}
}

class Order {
  id = 0;
  leaves = 0;
  price = 0;
  side = 0;
  account = 0;
  series = 0;
  book = 0;
  prev: Order | null = null;
  next: Order | null = null;
  level: Level | null = null;
  /** --lookup table: the order's position, found once when it enters. */
  position: Position | null = null;
  /** --lookup slots: the order's position's slot, found once when it enters. */
  slot = 0;
}

/** Orders handed out from a free list (book.cpp's OrderPool), linked through `next`. */
class OrderPool {
  private free: Order | null = null;
  acquire(): Order {
    const o = this.free;
    if (o === null) return new Order();
    this.free = o.next;
    return o;
  }
  release(o: Order): void {
    o.next = this.free;
    this.free = o;
  }
}

/** What an exchange keeps per (account, series); the two ways below find it. */
interface Positions {
  /** Finds (or opens) the order's position before it holds: nothing to do where the row is arithmetic. Returns whether positions moved (the resting orders must attach again). */
  attach(o: Order): boolean;
  hold(o: Order, qty: number): void;
  release(o: Order, qty: number): void;
  pass(maker: Order, taker: Order, qty: number): void;
  totals(): { held: number; openBuy: number };
}

/** book.cpp's: one dense row per (series, account), found by arithmetic. */
class RowPositions implements Positions {
  /** (available, held, openBuy) per (series, account): row (series · 256 + account) · 3. */
  private readonly rows: Float64Array;
  constructor(seriesCount: number) {
    this.rows = new Float64Array(seriesCount * ACCOUNTS * 3);
  }
  attach(): boolean {
    return false;
  }
  hold(o: Order, qty: number): void {
    const p = (o.series * ACCOUNTS + o.account) * 3;
    if (o.side === SIDE_BUY) this.add(p + 2, qty);
    else {
      this.add(p, -qty);
      this.add(p + 1, qty);
    }
  }
  release(o: Order, qty: number): void {
    const p = (o.series * ACCOUNTS + o.account) * 3;
    if (o.side === SIDE_BUY) this.add(p + 2, -qty);
    else {
      this.add(p + 1, -qty);
      this.add(p, qty);
    }
  }
  pass(maker: Order, taker: Order, qty: number): void {
    const buy = taker.side === SIDE_BUY ? taker : maker;
    const sell = taker.side === SIDE_BUY ? maker : taker;
    const b = (buy.series * ACCOUNTS + buy.account) * 3;
    this.add(b, qty);
    this.add(b + 2, -qty);
    this.add((sell.series * ACCOUNTS + sell.account) * 3 + 1, -qty);
  }
  private add(i: number, delta: number): void {
    this.rows[i] = this.rows[i]! + delta;
  }
  totals(): { held: number; openBuy: number } {
    let held = 0;
    let openBuy = 0;
    for (let p = 0; p < this.rows.length; p += 3) {
      held += this.rows[p + 1]!;
      openBuy += this.rows[p + 2]!;
    }
    return { held, openBuy };
  }
}

class Position {
  available = 0;
  held = 0;
  openBuy = 0;
  constructor(readonly series: number) {}
}

/** An account's positions by series: open addressing on the series number, at most half full (src/engine/core/position-table.ts' way). */
class PositionTable {
  private slots: (Position | undefined)[] = new Array<Position | undefined>(8);
  private mask = 7;
  readonly opened: Position[] = [];
  get(series: number): Position {
    for (let i = series & this.mask; ; i = (i + 1) & this.mask) {
      const p = this.slots[i];
      if (p === undefined) return this.add(new Position(series));
      if (p.series === series) return p;
    }
  }
  private add(p: Position): Position {
    this.opened.push(p);
    if (this.opened.length * 2 > this.slots.length) {
      this.slots = new Array<Position | undefined>(this.slots.length * 2);
      this.mask = this.slots.length - 1;
      for (const q of this.opened) this.place(q);
    } else this.place(p);
    return p;
  }
  private place(p: Position): void {
    let i = p.series & this.mask;
    while (this.slots[i] !== undefined) i = (i + 1) & this.mask;
    this.slots[i] = p;
  }
}

/**
 * --lookup table: positions found as a venue must find them, with accounts not known in advance
 * and most of them in few series: each account's table of position objects by series (PATX's
 * engine's way), the order holding its own.
 */
class TablePositions implements Positions {
  private readonly accounts = Array.from({ length: ACCOUNTS }, () => new PositionTable());
  attach(o: Order): boolean {
    o.position = this.accounts[o.account]!.get(o.series);
    return false;
  }
  hold(o: Order, qty: number): void {
    const p = o.position!;
    if (o.side === SIDE_BUY) p.openBuy += qty;
    else {
      p.available -= qty;
      p.held += qty;
    }
  }
  release(o: Order, qty: number): void {
    const p = o.position!;
    if (o.side === SIDE_BUY) p.openBuy -= qty;
    else {
      p.held -= qty;
      p.available += qty;
    }
  }
  pass(maker: Order, taker: Order, qty: number): void {
    const buy = (taker.side === SIDE_BUY ? taker : maker).position!;
    const sell = (taker.side === SIDE_BUY ? maker : taker).position!;
    buy.available += qty;
    buy.openBuy -= qty;
    sell.held -= qty;
  }
  totals(): { held: number; openBuy: number } {
    let held = 0;
    let openBuy = 0;
    for (const t of this.accounts) {
      for (const p of t.opened) {
        held += p.held;
        openBuy += p.openBuy;
      }
    }
    return { held, openBuy };
  }
}

/**
 * --lookup slots: every position in one open-addressing table keyed by (series, account), its
 * numbers inline in the slot: (key + 1, available, held, openBuy[, bought, cost, unsold, spare]) as
 * int32s, 16 or 32 bytes (so four or two to a cache line).
 * Accounts need not be known in advance (the table grows), yet finding a position is one read of
 * a slot whose address is arithmetic on the order's own fields, and the order keeps its slot.
 */
class SlotPositions implements Positions {
  private slots: Int32Array;
  private mask = 1023;
  private used = 0;
  /**
   * `width`: int32s a slot, 4 (key, available, held, openBuy: 16 bytes) or 8 (a fill also moves a
   * bought quantity, its cost and a provider's unsold rights, as the engine's rules-3 positions do:
   * 32 bytes). `loadQuarters`: the table grows past this many quarters full.
   */
  constructor(
    private readonly width: number,
    private readonly loadQuarters: number,
  ) {
    this.slots = new Int32Array(width * 1024);
  }
  /** Set when the table grew: every slot moved. */
  private moved = false;
  attach(o: Order): boolean {
    o.slot = this.find(o.series * ACCOUNTS + o.account);
    const moved = this.moved;
    this.moved = false;
    return moved;
  }
  private find(key: number): number {
    for (let i = this.hash(key); ; i = (i + 1) & this.mask) {
      const k = this.slots[this.width * i]!;
      if (k === key + 1) return this.width * i;
      if (k === 0) {
        if (4 * (this.used + 1) > this.loadQuarters * (this.mask + 1)) {
          this.grow();
          this.moved = true;
          return this.find(key);
        }
        this.slots[this.width * i] = key + 1;
        this.used++;
        return this.width * i;
      }
    }
  }
  private hash(key: number): number {
    return (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
  }
  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length / this.width - 1;
    for (let j = 0; j < old.length; j += this.width) {
      if (old[j] === 0) continue;
      let i = this.hash(old[j]! - 1);
      while (this.slots[this.width * i] !== 0) i = (i + 1) & this.mask;
      this.slots.set(old.subarray(j, j + this.width), this.width * i);
    }
  }
  private add(i: number, delta: number): void {
    this.slots[i] = (this.slots[i]! + delta) | 0;
  }
  hold(o: Order, qty: number): void {
    if (o.side === SIDE_BUY) this.add(o.slot + 3, qty);
    else {
      this.add(o.slot + 1, -qty);
      this.add(o.slot + 2, qty);
    }
  }
  release(o: Order, qty: number): void {
    if (o.side === SIDE_BUY) this.add(o.slot + 3, -qty);
    else {
      this.add(o.slot + 2, -qty);
      this.add(o.slot + 1, qty);
    }
  }
  pass(maker: Order, taker: Order, qty: number): void {
    const buy = taker.side === SIDE_BUY ? taker : maker;
    const sell = taker.side === SIDE_BUY ? maker : taker;
    this.add(buy.slot + 1, qty);
    this.add(buy.slot + 3, -qty);
    this.add(sell.slot + 2, -qty);
    if (this.width === 8) {
      this.add(buy.slot + 4, qty);
      this.add(buy.slot + 5, maker.price * qty);
      this.add(sell.slot + 6, -qty);
    }
  }
  totals(): { held: number; openBuy: number } {
    let held = 0;
    let openBuy = 0;
    for (let j = 0; j < this.slots.length; j += this.width) {
      held += this.slots[j + 2]!;
      openBuy += this.slots[j + 3]!;
    }
    return { held, openBuy };
  }
}

const mix = (h: number, w: number): number => Math.imul(h ^ w, 16777619) >>> 0;

class FillSink {
  count = 0;
  qty = 0;
  hashPriceQty = 2166136261;
  hashOrders = 2166136261;
  constructor(private readonly positions: Positions | null) {}
  fill(maker: Order, taker: Order, q: number): void {
    if (this.positions !== null) this.positions.pass(maker, taker, q);
    this.count++;
    this.qty += q;
    this.hashPriceQty = mix(mix(this.hashPriceQty, maker.price), q);
    this.hashOrders = mix(mix(this.hashOrders, maker.id), taker.id);
  }
}

/** One side: levels sorted worst first, so the best is the last (popped in O(1)). */
class BookSide {
  private readonly levels: Level[] = [];
  constructor(private readonly isBid: boolean) {}

  empty(): boolean {
    return this.levels.length === 0;
  }
  bestPrice(): number {
    return this.levels[this.levels.length - 1]!.price;
  }
  bestLevel(): Level {
    return this.levels[this.levels.length - 1]!;
  }

  /** Where a level at `price` is, or would go: the first index whose level is at least as good. */
  private search(price: number): number {
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = this.levels[mid]!.price;
      if (this.isBid ? p < price : p > price) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  append(o: Order): void {
    const i = this.search(o.price);
    let l = this.levels[i];
    if (l === undefined || l.price !== o.price) {
      l = new Level(o.price);
      this.levels.splice(i, 0, l);
    }
    o.level = l;
    o.prev = l.tail;
    o.next = null;
    if (l.tail !== null) l.tail.next = o;
    else l.head = o;
    l.tail = o;
    l.totalQty += o.leaves;
    l.count++;
  }

  unlink(o: Order): void {
    const l = o.level!;
    if (o.prev !== null) o.prev.next = o.next;
    else l.head = o.next;
    if (o.next !== null) o.next.prev = o.prev;
    else l.tail = o.prev;
    l.totalQty -= o.leaves;
    if (--l.count === 0) this.levels.splice(this.search(l.price), 1);
  }

  popBest(): void {
    this.levels.pop();
  }
}

class Book {
  private readonly bids = new BookSide(true);
  private readonly asks = new BookSide(false);

  hasBids(): boolean {
    return !this.bids.empty();
  }
  hasAsks(): boolean {
    return !this.asks.empty();
  }
  bestBid(): number {
    return this.bids.bestPrice();
  }
  bestAsk(): number {
    return this.asks.bestPrice();
  }
  rest(o: Order): void {
    if (o.side === SIDE_BUY) this.bids.append(o);
    else this.asks.append(o);
  }
  remove(o: Order): void {
    if (o.side === SIDE_BUY) this.bids.unlink(o);
    else this.asks.unlink(o);
  }

  /** Trades `taker` against the opposite side up to `limit`; makers that fill leave the book and go to `retire`. */
  match(taker: Order, limit: number, sink: FillSink, retire: (maker: Order) => void): void {
    const buy = taker.side === SIDE_BUY;
    const opposite = buy ? this.asks : this.bids;
    while (taker.leaves > 0 && !opposite.empty() && (buy ? opposite.bestPrice() <= limit : opposite.bestPrice() >= limit)) {
      const l = opposite.bestLevel();
      while (taker.leaves > 0 && l.head !== null) {
        const maker = l.head;
        const q = maker.leaves < taker.leaves ? maker.leaves : taker.leaves;
        maker.leaves -= q;
        taker.leaves -= q;
        l.totalQty -= q;
        sink.fill(maker, taker, q);
        if (maker.leaves === 0) {
          l.head = maker.next;
          if (l.head !== null) l.head.prev = null;
          else l.tail = null;
          l.count--;
          retire(maker);
        }
      }
      if (l.head === null) opposite.popBest();
    }
  }
}

/** The two books of each broker-intermediated series, and the order index over all of them (book.cpp's Exchange). */
class Exchange {
  rejects = 0;
  sink: FillSink;
  private readonly books: Book[];
  private readonly byId = new Map<number, Order>();
  private readonly pool = new OrderPool();
  private readonly positions: Positions | null;
  private dealing = false;
  private dealtCount = 0;
  private readonly retire = (maker: Order): void => {
    this.byId.delete(maker.id);
    this.pool.release(maker);
  };

  constructor(
    private readonly h: StreamHeader,
    private readonly seriesCount: number,
    private readonly block: number,
    private readonly deal: Uint16Array | null,
    positions: Positions | null,
  ) {
    this.books = Array.from({ length: 2 * seriesCount }, () => new Book());
    this.positions = positions;
    this.sink = new FillSink(this.positions);
  }

  resetSink(): void {
    this.sink = new FillSink(this.positions);
  }
  startDealing(): void {
    this.dealing = true;
  }
  resting(): number {
    return this.byId.size;
  }

  positionsBalanced(): boolean {
    if (this.positions === null) return true;
    const { held, openBuy } = this.positions.totals();
    let sells = 0;
    let buys = 0;
    for (const o of this.byId.values()) {
      if (o.side === SIDE_BUY) buys += o.leaves;
      else sells += o.leaves;
    }
    return held === sells && openBuy === buys;
  }

  apply(recs: DataView, at: number, id: number): void {
    const kind = recs.getUint8(at);
    const side = recs.getUint8(at + 1);
    const broker = recs.getUint8(at + 2);
    const account = recs.getUint8(at + 3);
    const price = recs.getUint32(at + 4, true);
    const qty = recs.getUint32(at + 8, true);
    if (kind === KIND_LIMIT) return this.newOrder(side, broker, account, qty, id, price, false, this.dealt());
    if (kind === KIND_MARKET) {
      const s = this.dealt();
      const b = this.books[2 * s + bookOf(side, broker)]!;
      const { bandBps, minTicks, maxTicks } = this.h;
      if (side === SIDE_BUY) {
        if (!b.hasAsks()) return this.reject();
        const a = b.bestAsk();
        const p = a + Math.floor((a * bandBps) / 10000);
        return this.newOrder(side, broker, account, qty, id, p < maxTicks ? p : maxTicks, true, s);
      }
      if (!b.hasBids()) return this.reject();
      const a = b.bestBid();
      const band = Math.floor((a * bandBps) / 10000);
      const p = a > band ? a - band : 0;
      return this.newOrder(side, broker, account, qty, id, p > minTicks ? p : minTicks, true, s);
    }
    if (kind === KIND_CANCEL) {
      const target = recs.getUint32(at + 12, true);
      const o = this.byId.get(target);
      if (o === undefined) return this.reject();
      this.byId.delete(target);
      this.books[2 * o.series + o.book]!.remove(o);
      if (this.positions !== null) this.positions.release(o, o.leaves);
      this.pool.release(o);
      return;
    }
    throw new Error(`bad record kind ${kind}`);
  }

  private reject(): void {
    this.rejects++;
  }

  private dealt(): number {
    if (!this.dealing) return 0;
    if (this.deal !== null) {
      if (this.dealtCount >= this.deal.length) throw new Error(`--deal: the table has ${this.deal.length} entries, the stream more new orders`);
      return this.deal[this.dealtCount++]!;
    }
    const s = Math.floor(this.dealtCount / this.block) % this.seriesCount;
    this.dealtCount++;
    return s;
  }

  private newOrder(side: number, broker: number, account: number, qty: number, id: number, limit: number, immediate: boolean, s: number): void {
    const asksBook = this.books[2 * s]!;
    const bidsBook = this.books[2 * s + 1]!;
    // The broker's bids stay below its asks, which live in the other book of the same series.
    if (broker !== 0 && (side === SIDE_BUY ? asksBook.hasAsks() && limit >= asksBook.bestAsk() : bidsBook.hasBids() && limit <= bidsBook.bestBid())) {
      return this.reject();
    }
    const bi = bookOf(side, broker);
    const b = bi === 0 ? asksBook : bidsBook;
    const o = this.pool.acquire();
    o.id = id;
    o.leaves = qty;
    o.price = limit;
    o.side = side;
    o.account = account;
    o.book = bi;
    o.series = s;
    if (this.positions !== null) {
      if (this.positions.attach(o)) for (const r of this.byId.values()) this.positions.attach(r); // a rehash moved every slot: rare, as a venue's would be
      this.positions.hold(o, qty);
    }
    b.match(o, limit, this.sink, this.retire);
    if (o.leaves === 0 || immediate) {
      if (this.positions !== null && o.leaves > 0) this.positions.release(o, o.leaves);
      this.pool.release(o); // filled, or an IOC remainder: cancelled
      return;
    }
    b.rest(o);
    this.byId.set(id, o);
  }
}

/** 0 = the broker's asks and customers' bids, 1 = the broker's bids and customers' asks. */
function bookOf(side: number, broker: number): number {
  return (side === SIDE_BUY) === (broker !== 0) ? 1 : 0;
}

function runOnce(h: StreamHeader, recs: DataView, seriesCount: number, block: number, deal: Uint16Array | null, positions: () => Positions | null) {
  const ex = new Exchange(h, seriesCount, block, deal, positions());
  for (let i = 0; i < h.prefill; i++) ex.apply(recs, i * STREAM_RECORD_BYTES, i);
  ex.startDealing();
  ex.resetSink();
  ex.rejects = 0;
  const end = h.prefill + h.ops;
  gcIfExposed();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = h.prefill; i < end; i++) ex.apply(recs, i * STREAM_RECORD_BYTES, i);
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  return { ns, cpuNs: (cpu.user + cpu.system) * 1000, sink: ex.sink, rejects: ex.rejects, resting: ex.resting(), positionsBalanced: ex.positionsBalanced() };
}

function gcIfExposed(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function main(argv: readonly string[]): void {
  // The stream is the one argument that is neither an option nor an option's value.
  const file = argv.find((a, i) => !a.startsWith('--') && (i === 0 || !argv[i - 1]!.startsWith('--')));
  if (file === undefined) throw new Error('usage: book.ts <stream.bin> [--warmup N] [--series N] [--block K] [--deal FILE] [--positions 0|1] [--lookup rows|table|slots] [--slot-ints 4|8] [--slot-load 1..3]');
  const option = (name: string, fallback: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1]! : fallback;
  };
  const lookup = option('--lookup', 'rows');
  if (lookup !== 'rows' && lookup !== 'table' && lookup !== 'slots') throw new Error('--lookup rows|table|slots');
  const slotInts = Number(option('--slot-ints', '8'));
  const slotLoad = Number(option('--slot-load', '3'));
  if (slotInts !== 4 && slotInts !== 8) throw new Error('--slot-ints 4|8');
  if (!(slotLoad >= 1 && slotLoad <= 3)) throw new Error('--slot-load 1..3 (quarters full before the table grows)');
  const warmup = Number(option('--warmup', '1'));
  const seriesCount = Number(option('--series', '1'));
  const block = Number(option('--block', '1'));
  const positions = Number(option('--positions', '0')) !== 0;
  const dealFile = option('--deal', '');
  if (!(block >= 1)) throw new Error('--block must be at least 1');
  if (!(seriesCount >= 1 && seriesCount <= 32767)) throw new Error('--series must be 1..32767');
  const bytes = readFileSync(file);
  const h = readStreamHeader(bytes);
  const recordBytes = (h.prefill + h.ops) * STREAM_RECORD_BYTES;
  if (bytes.length < STREAM_HEADER_BYTES + recordBytes) throw new Error(`${file}: truncated`);
  // The records in an ArrayBuffer of their own (aligned, as book.cpp's vector of records).
  const recs = new DataView(bytes.buffer.slice(bytes.byteOffset + STREAM_HEADER_BYTES, bytes.byteOffset + STREAM_HEADER_BYTES + recordBytes));
  if (h.prefill > 0 && seriesCount > 1) throw new Error('--series > 1 with a prefilled stream: the deep variant is one series');
  let deal: Uint16Array | null = null;
  if (dealFile !== '') {
    const d = readFileSync(dealFile);
    deal = new Uint16Array(d.buffer.slice(d.byteOffset, d.byteOffset + (d.length & ~1)));
    for (let i = 0; i < deal.length; i++) if (deal[i]! >= seriesCount) throw new Error(`${dealFile}: series ${deal[i]} at entry ${i}, not under --series ${seriesCount}`);
  }
  const newPositions = (): Positions | null => {
    if (!positions) return null;
    if (lookup === 'table') return new TablePositions();
    if (lookup === 'slots') return new SlotPositions(slotInts, slotLoad);
    return new RowPositions(seriesCount);
  };
  for (let i = 0; i < warmup; i++) runOnce(h, recs, seriesCount, block, deal, newPositions);
  const r = runOnce(h, recs, seriesCount, block, deal, newPositions);
  console.log(
    JSON.stringify({
      book: lookup === 'rows' ? 'patx-js' : `patx-js-${lookup}`,
      ns: Math.round(r.ns),
      cpuNs: Math.round(r.cpuNs),
      ops: h.ops,
      series: seriesCount,
      block,
      dealt: deal?.length ?? 0,
      positions: positions ? 1 : 0,
      fills: r.sink.count,
      qty: r.sink.qty,
      hashPriceQty: r.sink.hashPriceQty,
      hashOrders: r.sink.hashOrders,
      rejects: r.rejects,
      resting: r.resting,
      positionsBalanced: r.positionsBalanced,
    }),
  );
}

main(process.argv.slice(2));
