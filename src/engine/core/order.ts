import { SelfTradePrevention, Side, TimeInForce } from './commands.js';
import { fromParts, highPart, lowPart } from './integers.js';

/**
 * Who an order belongs to, as account.ts declares it into this interface (declaration merging:
 * `declare module './order.js'` there, as abitype's `Register` does for viem): `position`, the
 * owner's Position in the order's series, which names the Account, whose list of live orders names
 * RestingOrder. The account imports this module; this module imports nothing of the account, so the
 * two make no circle. Types only.
 */
export interface OrderOwnership {}

/** The owner's position in the order's series (account.ts's Position, by OrderOwnership). */
export type OwnerPosition = OrderOwnership extends { readonly position: infer P } ? P : never;

// The packed small fields of an order (RestingOrder.bits): bit offsets and masks.
const SIDE_SHIFT = 0; // Side: 1..2
const TIF_SHIFT = 2; // TimeInForce: 1..4
const STP_SHIFT = 5; // SelfTradePrevention: 1..4
const FIELD_MASK = 0b11;
const WIDE_MASK = 0b111;
const IS_QUOTE = 1 << 8;
const POST_ONLY = 1 << 9;
const RESTING = 1 << 10;
const INDEXED = 1 << 11;
const CASH_SETTLED = 1 << 12;
const FEE_HOLD_SHIFT = 13; // the fee rate a synthetic order or a forward sale holds, bps: 0..4095 (trade-fees.ts)
const FEE_HOLD_MASK = 0xfff;
/** The highest rate `feeHoldBps` keeps (the schedule's bounds stay far below: 1,000 trade + 1,000 issuance). */
export const MAX_FEE_HOLD_BPS = FEE_HOLD_MASK;

/**
 * A live order (resting, or being matched as the taker). Objects are pooled and
 * reused (see OrderPool), so nothing outside the engine may keep a reference to
 * one past the command that produced it: events copy the fields they need.
 *
 * The engine's most numerous object (issue 21: at most 200 bytes per resting order at
 * 1M), so it stores only what it cannot derive: 13 fields of 8 bytes (Node's V8 has no
 * pointer compression) and a 24-byte header. The small fields share one integer, the
 * owner and series come through the position, the level through the book's price index,
 * and orderQty is cumQty + leavesQty (FIX's invariant, which the engine keeps anyway).
 * A buy holds `priceMicros` per unit of leaves (a market order's price is its protection
 * price). A GTD order's expiry is in the engine's expiry queue, not here. Every field holds
 * a small integer or a reference: a client id past 2^31 (a timestamp, as the demo market's
 * bots and many clients send) kept as one number made V8 give the field of every order a
 * boxed double, 16 bytes more an order (bench:resting 191 B instead of 175), and so did one
 * GTD order's expiry (issue 58).
 */
export class RestingOrder {
  orderId = 0;
  /** The client's id for it (`clientOrderId`) in two parts: clients send timestamps (src/engine/core/integers.ts, SMALL_PART). */
  private clientIdLow = 0;
  private clientIdHigh = 0;
  /** side, tif, stp and four flags, packed (see the accessors). */
  private bits = 0;
  /** The limit in µPAT; a market order's protection price, which its buy hold uses too. */
  priceMicros = 0;
  cumQty = 0;
  leavesQty = 0;
  /**
   * µPAT held per unit of leavesQty beyond a buy's price: a forward sale's collateral or a synthetic
   * order's initial margin (each with the fee it holds, `feeHoldBps`), an option sale's writing margin,
   * or the fee a spot, forward or option buy holds; 0 for every other order.
   */
  collateralPerUnitMicros = 0;
  /** The owner's position in the order's series: fills need no lookups, and it names the owner and series. */
  position!: OwnerPosition;
  // Intrusive FIFO links within the level.
  prev: RestingOrder | null = null;
  next: RestingOrder | null = null;
  // Intrusive links in the owner's list of live orders (for mass cancel).
  accountPrev: RestingOrder | null = null;
  accountNext: RestingOrder | null = null;

  /** The client's id for the order (0: none), any safe integer. */
  get clientOrderId(): number {
    return fromParts(this.clientIdHigh, this.clientIdLow);
  }

  set clientOrderId(id: number) {
    this.clientIdHigh = highPart(id);
    this.clientIdLow = lowPart(id, this.clientIdHigh);
  }

  get owner(): OwnerPosition['owner'] {
    return this.position.owner;
  }

  get seriesId(): number {
    return this.position.seriesId;
  }

  /** OrderQty = CumQty + LeavesQty. */
  get orderQty(): number {
    return this.cumQty + this.leavesQty;
  }

  get side(): Side {
    return ((this.bits >>> SIDE_SHIFT) & FIELD_MASK) as Side;
  }

  set side(side: Side) {
    this.bits = (this.bits & ~(FIELD_MASK << SIDE_SHIFT)) | (side << SIDE_SHIFT);
  }

  get tif(): TimeInForce {
    return ((this.bits >>> TIF_SHIFT) & WIDE_MASK) as TimeInForce;
  }

  set tif(tif: TimeInForce) {
    this.bits = (this.bits & ~(WIDE_MASK << TIF_SHIFT)) | (tif << TIF_SHIFT);
  }

  get stp(): SelfTradePrevention {
    return ((this.bits >>> STP_SHIFT) & WIDE_MASK) as SelfTradePrevention;
  }

  set stp(stp: SelfTradePrevention) {
    this.bits = (this.bits & ~(WIDE_MASK << STP_SHIFT)) | (stp << STP_SHIFT);
  }

  get isQuote(): boolean {
    return (this.bits & IS_QUOTE) !== 0;
  }

  set isQuote(on: boolean) {
    this.bits = on ? this.bits | IS_QUOTE : this.bits & ~IS_QUOTE;
  }

  get postOnly(): boolean {
    return (this.bits & POST_ONLY) !== 0;
  }

  set postOnly(on: boolean) {
    this.bits = on ? this.bits | POST_ONLY : this.bits & ~POST_ONLY;
  }

  /** Whether the order rests in a book. */
  get resting(): boolean {
    return (this.bits & RESTING) !== 0;
  }

  set resting(on: boolean) {
    this.bits = on ? this.bits | RESTING : this.bits & ~RESTING;
  }

  /** Whether the engine indexes it (by id, client id and account); true from resting until retired. */
  get indexed(): boolean {
    return (this.bits & INDEXED) !== 0;
  }

  set indexed(on: boolean) {
    this.bits = on ? this.bits | INDEXED : this.bits & ~INDEXED;
  }

  /** An order in a cash-settled series (a SYNTHETIC): it holds margin, `collateralPerUnitMicros` per unit, on either side, and no price or rights. */
  get cashSettled(): boolean {
    return (this.bits & CASH_SETTLED) !== 0;
  }

  set cashSettled(on: boolean) {
    this.bits = on ? this.bits | CASH_SETTLED : this.bits & ~CASH_SETTLED;
  }

  /**
   * The fee rate (bps, the higher of maker and taker, plus issuance on a synthetic buy) whose fee a
   * synthetic order or a forward sale holds per unit on top of its margin or collateral, inside
   * `collateralPerUnitMicros` (trade-fees.ts; docs/fees.md). Kept as a rate, not µPAT, so it fits the
   * packed integer and costs the order no field: the fee held per unit is `feeMicros(priceMicros, rate)`.
   * 0 for every other order, and under a zero schedule.
   */
  get feeHoldBps(): number {
    return (this.bits >>> FEE_HOLD_SHIFT) & FEE_HOLD_MASK;
  }

  set feeHoldBps(bps: number) {
    this.bits = (this.bits & ~(FEE_HOLD_MASK << FEE_HOLD_SHIFT)) | ((bps & FEE_HOLD_MASK) << FEE_HOLD_SHIFT);
  }

  /** A fresh order's small fields: GTC, CANCEL_NEWEST, no flags. */
  resetBits(side: Side): void {
    this.bits = (side << SIDE_SHIFT) | (TimeInForce.GTC << TIF_SHIFT) | (SelfTradePrevention.CANCEL_NEWEST << STP_SHIFT);
  }
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
    order.resting = false;
    order.indexed = false;
    order.accountPrev = null;
    order.accountNext = null;
    this.live--;
    this.free.push(order);
  }
}
