import type { Role } from './commands.js';
import type { RestingOrder } from './order.js';
import { IntMap } from './int-map.js';

/** An account's rights in one series. */
export class Position {
  /** Rights the account may sell or exercise. */
  available = 0;
  /** Rights held by the account's resting sell orders. */
  held = 0;
  /** Providers: how many rights they may mint in this series in total. */
  capacity = 0;
  minted = 0;
  exercised = 0;

  constructor(readonly seriesId: number) {}
}

/**
 * Client order ids an account used recently, so that a retried command carrying
 * the same id is refused rather than placed twice. Bounded: the last `capacity`
 * ids, in a ring that grows on demand, indexed by an IntMap.
 */
export class RecentClientIds {
  private ring: number[] = [];
  private readonly index = new IntMap<true>(8);
  private cursor = 0;

  constructor(readonly capacity: number) {}

  has(clientOrderId: number): boolean {
    return this.index.has(clientOrderId);
  }

  /** Remembers a positive id not yet remembered, forgetting the oldest when full. */
  add(clientOrderId: number): void {
    if (this.capacity === 0) return;
    if (this.ring.length < this.capacity) {
      this.ring.push(clientOrderId);
    } else {
      this.index.delete(this.ring[this.cursor]!);
      this.ring[this.cursor] = clientOrderId;
      this.cursor = (this.cursor + 1) % this.capacity;
    }
    this.index.set(clientOrderId, true);
  }

  /** Oldest first: the order a snapshot records and a restore replays. */
  *values(): IterableIterator<number> {
    for (let i = 0; i < this.ring.length; i++) yield this.ring[(this.cursor + i) % this.ring.length]!;
  }
}

export class Account {
  /** PAT free to trade or withdraw, in µPAT. */
  availableMicros = 0;
  /** PAT held by open buy orders, in µPAT. */
  heldMicros = 0;
  /** The sub-µPAT part of the balance, in wei (deposits need not be whole µPAT). */
  remainderWei = 0n;
  /** Withdrawals requested and not yet paid out on-chain, in wei. */
  pendingWithdrawalWei = 0n;
  /** Orders resting in books, oldest first, linked through the orders themselves. */
  openOrders = 0;
  firstOrder: RestingOrder | null = null;
  lastOrder: RestingOrder | null = null;
  readonly positions = new Map<number, Position>();
  /** Live orders by client order id (ids > 0 only). */
  readonly liveByClientId = new IntMap<RestingOrder>(8);
  readonly recentClientIds: RecentClientIds;
  /** Highest client order id the account ever used: anything above it is certainly unused. */
  maxClientOrderId = 0;

  constructor(
    readonly id: number,
    readonly role: Role,
    readonly address: string,
    recentClientIdCapacity: number,
  ) {
    this.recentClientIds = new RecentClientIds(recentClientIdCapacity);
  }

  /** Free balance in wei: what a withdrawal may take. */
  freeWei(weiPerMicro: bigint): bigint {
    return BigInt(this.availableMicros) * weiPerMicro + this.remainderWei;
  }

  position(seriesId: number): Position {
    let p = this.positions.get(seriesId);
    if (p === undefined) {
      p = new Position(seriesId);
      this.positions.set(seriesId, p);
    }
    return p;
  }

  /** Records that a new order took this (unused, positive) client order id. */
  useClientOrderId(clientOrderId: number): void {
    this.recentClientIds.add(clientOrderId);
    if (clientOrderId > this.maxClientOrderId) this.maxClientOrderId = clientOrderId;
  }

  linkOrder(order: RestingOrder): void {
    order.accountPrev = this.lastOrder;
    order.accountNext = null;
    if (this.lastOrder) this.lastOrder.accountNext = order;
    else this.firstOrder = order;
    this.lastOrder = order;
    this.openOrders++;
  }

  unlinkOrder(order: RestingOrder): void {
    if (order.accountPrev) order.accountPrev.accountNext = order.accountNext;
    else this.firstOrder = order.accountNext;
    if (order.accountNext) order.accountNext.accountPrev = order.accountPrev;
    else this.lastOrder = order.accountPrev;
    order.accountPrev = null;
    order.accountNext = null;
    this.openOrders--;
  }

  isClientOrderIdUsed(clientOrderId: number): boolean {
    // Fast path for clients that number orders with a counter: no lookup at all.
    if (clientOrderId > this.maxClientOrderId) return false;
    // Live ids are normally recent too; the live map covers ids the ring has already forgotten.
    return this.recentClientIds.has(clientOrderId) || this.liveByClientId.has(clientOrderId);
  }
}
