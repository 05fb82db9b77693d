import { SelfTradePrevention, Side, TimeInForce } from './commands.js';
import type { Account, Position } from './account.js';

/** The price level an order rests on: a FIFO list of orders at one price. */
export class Level {
  head: RestingOrder | null = null;
  tail: RestingOrder | null = null;
  totalQty = 0;
  orderCount = 0;
}

/**
 * A live order (resting, or being matched as the taker). Objects are pooled and
 * reused (see OrderPool), so nothing outside the engine may keep a reference to
 * one past the command that produced it: events copy the fields they need.
 */
export class RestingOrder {
  orderId = 0;
  clientOrderId = 0;
  seriesId = 0;
  side: Side = Side.BUY;
  tif: TimeInForce = TimeInForce.GTC;
  stp: SelfTradePrevention = SelfTradePrevention.CANCEL_NEWEST;
  isQuote = false;
  postOnly = false;
  /** Index of the price in its book's level arrays. */
  priceIndex = 0;
  priceMicros = 0;
  orderQty = 0;
  cumQty = 0;
  leavesQty = 0;
  /** For buys: µPAT held per unit of leavesQty (the limit, or a market order's protection price). */
  holdPriceMicros = 0;
  /** A forward sale's collateral, µPAT held per unit of leavesQty; 0 for every other order. */
  collateralPerUnitMicros = 0;
  /** GTD expiry; 0 when the order does not expire on time. */
  expireAtMs = 0;
  /** Whether the order rests in a book. */
  resting = false;
  /** Whether the engine indexes it (by id, client id and account); true from resting until retired. */
  indexed = false;
  // Owner and its position in the series: cached so fills need no lookups.
  owner!: Account;
  position!: Position;
  // Intrusive FIFO links within the level.
  prev: RestingOrder | null = null;
  next: RestingOrder | null = null;
  level: Level | null = null;
  // Intrusive links in the owner's list of live orders (for mass cancel).
  accountPrev: RestingOrder | null = null;
  accountNext: RestingOrder | null = null;
}

/** Free list of order objects: the hot path allocates no order after warm-up. */
export class OrderPool {
  private readonly free: RestingOrder[] = [];
  private live = 0;

  constructor(readonly capacity: number) {}

  get liveCount(): number {
    return this.live;
  }

  isFull(): boolean {
    return this.live >= this.capacity;
  }

  acquire(): RestingOrder {
    this.live++;
    return this.free.pop() ?? new RestingOrder();
  }

  release(order: RestingOrder): void {
    order.prev = null;
    order.next = null;
    order.level = null;
    order.resting = false;
    order.indexed = false;
    order.accountPrev = null;
    order.accountNext = null;
    this.live--;
    this.free.push(order);
  }
}
