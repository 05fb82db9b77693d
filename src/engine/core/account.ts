import { fromParts, highPart, lowPart, SMALL_PART } from './integers.js';
import type { Role } from './commands.js';
import type { RestingOrder } from './order.js';
import { IntMap } from '../../collections/index.js';
import { OrderIndex, OrderKey } from './order-index.js';
import { PositionTable } from './position-table.js';

// An order reaches its owner through its Position: declared into order.ts (see OrderOwnership there),
// which so imports nothing of this module, while the account lists its RestingOrders.
declare module './order.js' {
  interface OrderOwnership {
    readonly position: Position;
  }
}

/** An account's rights in one series. */
export class Position {
  // seriesId and owner (the constructor's), then what orders and fills read and write, first: V8
  // lays the fields out in this order, so they share the object's first 96 bytes (bench/HISTORY.md,
  // Many series). The rules-3 numbers every spot fill writes were after the forwards' and
  // providers' until 2026-11-27: 1.05× at 1,000 series (20 alternated pairs), 1.01× at one
  // (bench/RESULTS.md, Many series).
  /** Rights the account may sell or exercise. */
  available = 0;
  /** Rights held by the account's resting sell orders. */
  held = 0;
  /** Rights the account's resting buy orders are bidding for (derived from its orders; rebuilt on decode). */
  openBuyQty = 0;
  // Spot, rules 3 (src/engine/products/escrow.ts): a provider's minted rights it has not sold (its own,
  // never redeemed by anyone's exercise; burned at the close), and what a holder paid for the
  // rights it bought here (its average price is a claim's refund). Fills write them.
  ownUnsold = 0;
  boughtQty = 0;
  /** What the rights bought cost, µPAT, in two parts (`boughtMicros`; src/engine/core/integers.ts, SMALL_PART). */
  private boughtLow = 0;
  private boughtHigh = 0;
  /** Providers: how many rights they may mint in this series in total. */
  capacity = 0;
  minted = 0;
  exercised = 0;
  // Forwards only (docs/forwards.md): a seller's sale proceeds and collateral, locked until
  // delivery; what a buyer paid (refunded pro rata for what is not delivered). µPAT.
  escrowMicros = 0;
  collateralMicros = 0;
  costMicros = 0;
  /** Rules 3: the unsold rights burned at the close. */
  burned = 0;
  /**
   * Synthetics: the units the account's resting buys and sales there would add to the position, long and short
   * (derived from its orders, rebuilt on decode): rules 11's position limit counts them (synthetics.ts).
   */
  restingBuyUnits = 0;
  restingSellUnits = 0;

  constructor(
    readonly seriesId: number,
    readonly owner: Account,
  ) {}

  /** What the rights bought here cost, µPAT (their average is a claim's refund). */
  get boughtMicros(): number {
    return fromParts(this.boughtHigh, this.boughtLow);
  }

  set boughtMicros(micros: number) {
    this.boughtHigh = highPart(micros);
    this.boughtLow = lowPart(micros, this.boughtHigh);
  }

  /**
   * `qty` rights bought for `micros`. A broker's cost in a busy series passes 2^31 µPAT (2,147
   * PAT): as one number it made the field of every position a boxed double, a second object each
   * buying fill read (12% of the fill's samples at 1,000 series in `perf annotate`).
   */
  addBought(qty: number, micros: number): void {
    this.boughtQty += qty;
    const low = this.boughtLow + micros;
    if (low < SMALL_PART) {
      this.boughtLow = low | 0; // a small integer even where the sum was computed as a double
      return;
    }
    const carry = highPart(low);
    this.boughtHigh = (this.boughtHigh + carry) | 0;
    this.boughtLow = lowPart(low, carry);
  }

  /** Rights held (available and on sale) plus those the resting buys bid for: the most the position holds if every bid fills. */
  get rightsWithBids(): number {
    return this.available + this.held + this.openBuyQty;
  }
}

/**
 * Client order ids an account used recently, so that a retried command carrying
 * the same id is refused rather than placed twice. Bounded: it remembers at
 * least the last `capacity` ids.
 *
 * Most clients number orders with a counter, so ids arrive increasing: those go
 * to a circular array that is sorted by construction (remembering costs one
 * write, a look-up is a binary search). An id below the highest seen goes to a
 * hash index with its own ring instead. Each part keeps `capacity` ids.
 */
export class RecentClientIds {
  /** Increasing ids, oldest at `sortedStart`. */
  private readonly sorted: Float64Array;
  private sortedStart = 0;
  private sortedCount = 0;
  /** Ids that arrived below the highest seen, with their insertion ring. */
  private readonly outOfOrder = new IntMap<true>(8);
  private outOfOrderRing: number[] = [];
  private outOfOrderCursor = 0;
  /** Highest id ever remembered: anything above it is certainly new. */
  maxId = 0;

  constructor(readonly capacity: number) {
    this.sorted = new Float64Array(Math.max(capacity, 1));
  }

  has(clientOrderId: number): boolean {
    if (clientOrderId > this.maxId) return false;
    return this.inSorted(clientOrderId) || this.outOfOrder.has(clientOrderId);
  }

  private inSorted(id: number): boolean {
    let lo = 0;
    let hi = this.sortedCount - 1;
    const cap = this.sorted.length;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.sorted[(this.sortedStart + mid) % cap]!;
      if (v === id) return true;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Remembers a positive id not remembered now, forgetting the oldest of its kind when full. */
  add(clientOrderId: number): void {
    if (this.capacity === 0) return;
    if (clientOrderId > this.maxId) {
      this.maxId = clientOrderId;
      const cap = this.sorted.length;
      if (this.sortedCount < cap) {
        this.sorted[(this.sortedStart + this.sortedCount++) % cap] = clientOrderId;
      } else {
        this.sorted[this.sortedStart] = clientOrderId;
        this.sortedStart = (this.sortedStart + 1) % cap;
      }
      return;
    }
    if (this.outOfOrderRing.length < this.capacity) {
      this.outOfOrderRing.push(clientOrderId);
    } else {
      this.outOfOrder.delete(this.outOfOrderRing[this.outOfOrderCursor]!);
      this.outOfOrderRing[this.outOfOrderCursor] = clientOrderId;
      this.outOfOrderCursor = (this.outOfOrderCursor + 1) % this.capacity;
    }
    this.outOfOrder.set(clientOrderId, true);
  }

  /**
   * What a snapshot records: replaying `add` over it in this order rebuilds an
   * equal memory. The increasing ids come first so that maxId is restored before
   * the out-of-order ids (all below it) are added.
   */
  *values(): IterableIterator<number> {
    for (let i = 0; i < this.sortedCount; i++) yield this.sorted[(this.sortedStart + i) % this.sorted.length]!;
    const n = this.outOfOrderRing.length;
    for (let i = 0; i < n; i++) yield this.outOfOrderRing[(this.outOfOrderCursor + i) % n]!;
  }

  /** How many ids `values` yields. */
  get size(): number {
    return this.sortedCount + this.outOfOrderRing.length;
  }

  /**
   * `values` as a plain loop, for the snapshot: it walks every account's ids while the engine's thread
   * waits, and a generator per id cost it about a tenth of a snapshot's time.
   */
  forEach(visit: (id: number) => void): void {
    const cap = this.sorted.length;
    for (let i = 0; i < this.sortedCount; i++) visit(this.sorted[(this.sortedStart + i) % cap]!);
    const n = this.outOfOrderRing.length;
    for (let i = 0; i < n; i++) visit(this.outOfOrderRing[(this.outOfOrderCursor + i) % n]!);
  }
}

/** A provider's published listing for a segment (SET_PROVIDER_LISTING), and the usage its version sells (SET_USAGE_LISTING; absent: none). */
export interface ProviderListing {
  listingId: number;
  listingVersion: number;
  usage?: { usageUnit: number; unitsPerRight: number };
}

export class Account {
  /** PAT free to trade or withdraw, in µPAT. */
  availableMicros = 0;
  /** PAT held by open orders (buys; a forward sale's collateral), in µPAT. */
  heldMicros = 0;
  /**
   * PAT locked until delivery: forward positions' escrowed proceeds and posted collateral,
   * cash-settled margin, and (rules 3) spot sale proceeds held in escrow (`proceedsHeldMicros`). Derived.
   */
  lockedMicros = 0;
  /** A provider's spot sale proceeds held in escrow (in supply lots and grants; part of lockedMicros). Derived. */
  proceedsHeldMicros = 0;
  /** The sub-µPAT part of the balance, in wei (deposits need not be whole µPAT). */
  remainderWei = 0n;
  /**
   * Rules 19 (account-funds.ts, OWN_DEPOSIT_RULES): a provider's deposits since the rules were adopted, less its
   * withdrawals (each taken from these first), in wei: what it may withdraw while its payouts are held.
   */
  ownDepositWei = 0n;
  /** Rules 19: a provider's payouts frozen whole by the operator (SET_PAYOUTS_FROZEN: a screening hit), its own deposits included. */
  payoutsFrozen = false;
  /** Withdrawals requested and not yet paid out on-chain, in wei. */
  pendingWithdrawalWei = 0n;
  /** How many those are (derived from the engine's withdrawals, never serialized): the gateway bounds them per account. */
  pendingWithdrawals = 0;
  /** Orders resting in books, oldest first, linked through the orders themselves. */
  openOrders = 0;
  firstOrder: RestingOrder | null = null;
  lastOrder: RestingOrder | null = null;
  readonly positions = new PositionTable<Position>();
  /**
   * Live orders by client order id (ids > 0 only), made at the first look-up by client id
   * (`byClientOrderId`) and kept from then on. Derived. Made on demand because keeping it costs
   * every order the account rests and retires a hash insert and delete, in a table of its own
   * that is cold over many series, while most accounts name their orders by the engine's order
   * id and never look one up by client id (bench/RESULTS.md, Many series, 2026-11-27).
   */
  private clientIndex: OrderIndex<RestingOrder> | undefined = undefined;
  readonly recentClientIds: RecentClientIds;
  /** Risk: the account's kill switch, and its message-throttle window (start on the sequencer clock, count). */
  killed = false;
  throttleWindowStartMs = 0;
  throttleCount = 0;
  /** An institution's qualification: the operator account that granted it and when (0: not qualified). */
  qualifiedBy = 0;
  qualifiedAtMs = 0;
  /** A provider whose identity the operator verified (SET_PROVIDER_VERIFIED): its withdrawals are not held. */
  verified = false;
  /** A provider's published catalog listing per segment: where it may mint (risk.mintRequiresListing), and what it delivers. */
  readonly providerListings = new Map<string, ProviderListing>();
  /**
   * Rules 9 (src/engine/products/rules.ts): the listing a provider had published for a segment until it
   * unpublished it, per segment: grants for the rights it sold are still issued under it (no new mint is).
   * Gone when it publishes one for the segment again.
   */
  readonly retiredListings = new Map<string, ProviderListing>();

  /** The listing a grant for this provider's rights in `segment` names: its published one, else (rules 9) the one it unpublished. */
  grantListing(segment: string): ProviderListing | undefined {
    return this.providerListings.get(segment) ?? this.retiredListings.get(segment);
  }

  constructor(
    readonly id: number,
    /** CONSUMER and INSTITUTION change into each other by qualification (SET_INSTITUTION); no other role changes. */
    public role: Role,
    readonly address: string,
    recentClientIdCapacity: number,
  ) {
    this.recentClientIds = new RecentClientIds(recentClientIdCapacity);
  }

  /** Rules 19: what of the free balance may leave while this provider's payouts are held: its own deposits, none while frozen. */
  ownDepositsFreeWei(weiPerMicro: bigint): bigint {
    if (this.payoutsFrozen) return 0n;
    const free = this.freeWei(weiPerMicro);
    return this.ownDepositWei < free ? this.ownDepositWei : free;
  }

  /** Free balance in wei: what a withdrawal may take. */
  freeWei(weiPerMicro: bigint): bigint {
    return BigInt(this.availableMicros) * weiPerMicro + this.remainderWei;
  }

  position(seriesId: number): Position {
    let p = this.positions.get(seriesId);
    if (p === undefined) {
      p = new Position(seriesId, this);
      this.positions.add(p);
    }
    return p;
  }

  /** Records that a new order took this (unused, positive) client order id. */
  useClientOrderId(clientOrderId: number): void {
    this.recentClientIds.add(clientOrderId);
  }

  // `!== null`, not a truth test: V8 tests an object's truth by reading its map (an object may
  // be "undetectable"), and over many series a neighbour in the account's list rests in another
  // book, out of cache; a comparison with null reads nothing, and the store into the neighbour
  // need not wait for it (issue 58: a third of the fill's samples in `perf annotate` were there).
  linkOrder(order: RestingOrder): void {
    order.accountPrev = this.lastOrder;
    order.accountNext = null;
    if (this.lastOrder !== null) this.lastOrder.accountNext = order;
    else this.firstOrder = order;
    this.lastOrder = order;
    this.openOrders++;
  }

  unlinkOrder(order: RestingOrder): void {
    if (order.accountPrev !== null) order.accountPrev.accountNext = order.accountNext;
    else this.firstOrder = order.accountNext;
    if (order.accountNext !== null) order.accountNext.accountPrev = order.accountPrev;
    else this.lastOrder = order.accountPrev;
    order.accountPrev = null;
    order.accountNext = null;
    this.openOrders--;
  }

  isClientOrderIdUsed(clientOrderId: number): boolean {
    // Fast path for clients that number orders with a counter: no lookup at all.
    if (clientOrderId > this.recentClientIds.maxId) return false;
    // Live ids are normally recent too; the live index covers ids the ring has already forgotten.
    return this.recentClientIds.has(clientOrderId) || this.byClientOrderId().has(clientOrderId);
  }

  /** The account's live orders by client order id: made from its order list at the first call (O(its live orders), once), kept up to date after. */
  byClientOrderId(): OrderIndex<RestingOrder> {
    if (this.clientIndex === undefined) {
      const index = new OrderIndex<RestingOrder>(OrderKey.CLIENT_ORDER_ID, 8);
      for (let o = this.firstOrder; o !== null; o = o.accountNext) if (o.clientOrderId > 0) index.add(o);
      this.clientIndex = index;
    }
    return this.clientIndex;
  }

  /** An order joins the account's live orders: into the client-id index, if there is one yet. Before `linkOrder`. */
  indexClientOrderId(order: RestingOrder): void {
    // The index first: most accounts never make one, and the order's client id is two parts to join.
    if (this.clientIndex !== undefined && order.clientOrderId > 0) this.clientIndex.add(order);
  }

  /** An order leaves the account's live orders: out of the client-id index, if there is one. */
  forgetClientOrderId(order: RestingOrder): void {
    if (this.clientIndex === undefined) return;
    const clientOrderId = order.clientOrderId;
    if (clientOrderId > 0) this.clientIndex.delete(clientOrderId);
  }
}
