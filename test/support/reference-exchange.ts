/**
 * A deliberately naive model of the phase-1 spot exchange, for ONE series, used
 * as the reference the engine is checked against on random command streams (the
 * exchange-core `OrderBookNaiveImpl` idea: a simple model to test the fast one against).
 *
 * Nothing here is fast and nothing is clever: each book side is a plain array of
 * order objects kept in priority order (best price first, then arrival), found by
 * linear scans; balances and rights are plain numbers on plain objects. It
 * produces the same events the engine does, so a test can compare the two event
 * streams field for field after every command.
 *
 * The semantics it encodes (the engine's observable behaviour; the structure
 * here is deliberately unlike the engine's pooled, indexed books):
 *  - Phase-1 routing: the broker is on one side of every trade. The "broker
 *    sells" book holds the broker's asks and the customers' bids; the "broker
 *    buys" book holds the broker's bids and the customers' asks. Consumers (and
 *    institutions) only buy, providers only sell, the broker does both.
 *  - Pre-trade holds: a buy holds limit × leaves µPAT, a sell holds its leaves in
 *    rights. A fill moves PAT at the maker's price; a taker buying below its limit
 *    gets the difference back.
 *  - Market orders are IOC/FOK with a protection limit: an anchor moved by the
 *    band, rounded inward to a tick, clamped to the series' limits. Under rules 0–5
 *    the anchor is the reference price (or, with no reference, the best opposite
 *    price); from rules 6 the best opposite price (or, with nothing opposite, the
 *    reference). The risk band that also bounds it from rules 6 is off here, as it
 *    is for limit orders (no risk parameter is modelled).
 *  - Amend: a smaller quantity at the same price keeps priority; anything else is
 *    a cancel/replace that loses priority and may trade.
 *  - Mass quote: each side of the broker's ladder is replaced; a level whose price
 *    is unchanged and whose size is the same or smaller keeps its order (and its
 *    priority), at most one order per price; everything else is cancelled and the
 *    missing levels are entered anew (and may trade). A ladder that would cross
 *    the broker's other (non-quote) orders is refused, as a crossing order is:
 *    the broker's bids stay below its asks.
 *  - Rules 3 or 6 (ADOPT_RULES before any mint; 6 keeps everything of 3): a provider's mint is its own stock
 *    (`ownUnsold`) until sold; a fill taking rights from it counts them sold from that stock
 *    first, holds their proceeds (locked, not free) and appends a sale lot; an exercise
 *    redeems the sale lots oldest first, each share taking its lot's held proceeds pro rata
 *    to a grant (SALE_PROCEEDS_HELD after the fill, GRANT_ESCROWED after the exercise).
 *    Releases, claims and the close are checked by test/engine/escrow-property.test.ts.
 * Self-trade prevention is not modelled: phase-1 routing never puts an account
 * on both sides of a book, so meeting oneself throws. Commands outside the scope
 * (a second series, series expiry) throw too, so a test cannot silently rely on
 * something the model does not know.
 */
import {
  CommandKind,
  MassCancelScope,
  OrderType,
  Role,
  SelfTradePrevention,
  SeriesStatus,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  type AmendOrder,
  type CancelOrder,
  type Command,
  type ListSeries,
  type MassCancel,
  type MassQuote,
  type NewOrder,
  type QuoteLadder,
} from '../../src/engine/core/commands.js';
import { CancelReason, EventType, type EngineEvent } from '../../src/engine/core/events.js';
import { RejectReason } from '../../src/engine/core/reject-reason.js';

const WEI_PER_MICRO = 1_000_000_000_000n;
const ADDRESS_PATTERN = /^0x[0-9a-f]{40}$/;

export interface ReferenceLimits {
  maxOrders: number;
  maxOpenOrdersPerAccount: number;
  recentClientIdsPerAccount: number;
  maxQuoteLevels: number;
  maxRefLength: number;
}

/** The two books of a phase-1 series. */
export type BookName = 'brokerSells' | 'brokerBuys';

export interface RefRights {
  available: number;
  held: number;
  capacity: number;
  minted: number;
  exercised: number;
  /** Rules 3: minted and not yet sold. */
  ownUnsold: number;
}

export interface RefAccount {
  id: number;
  role: number;
  availableMicros: number;
  heldMicros: number;
  /** Rules 3: sale proceeds held until delivery. */
  lockedMicros: number;
  remainderWei: bigint;
  pendingWithdrawalWei: bigint;
  /** Rights in the one series. */
  rights: RefRights;
  /**
   * Client order ids of accepted orders, oldest first, in two bounded lists: ids
   * above every earlier id (a counter), and ids that came below the highest one.
   */
  recentClientIds: number[];
  recentOutOfOrderIds: number[];
  maxClientId: number;
}

export interface RefOrder {
  orderId: number;
  owner: RefAccount;
  clientOrderId: number;
  side: Side;
  book: BookName;
  tif: TimeInForce;
  isMarket: boolean;
  isQuote: boolean;
  postOnly: boolean;
  priceMicros: number;
  /** µPAT held per unit of leaves (buys): the limit, or a market order's protection price. */
  holdPriceMicros: number;
  orderQty: number;
  cumQty: number;
  leavesQty: number;
  expireAtMs: number;
  /** When the order first rested (orders the account's list for mass cancel); 0 before. */
  firstRestedAt: number;
}

export interface RefSeries {
  id: number;
  spec: ListSeries;
  status: SeriesStatus;
  referencePriceMicros: number;
  /** Each array in priority order: best price first, then oldest first. */
  books: Record<BookName, { bids: RefOrder[]; asks: RefOrder[] }>;
  /** The broker's quote orders per side, in ladder order (ids; some may have left). */
  quoteIds: { bids: number[]; asks: number[] };
}

const isPositiveSafeInt = (n: number): boolean => Number.isSafeInteger(n) && n > 0;

export class ReferenceExchange {
  readonly accounts = new Map<number, RefAccount>();
  series: RefSeries | undefined;
  brokerId = 0;
  /** µPAT in all accounts (available + held). */
  totalMicros = 0;
  depositedWei = 0n;
  withdrawnWei = 0n;
  private readonly depositRefs = new Set<string>();
  private readonly withdrawals = new Map<number, { accountId: number; amountWei: bigint }>();
  private nextOrderId = 1;
  private nextTradeId = 1;
  private nextWithdrawalId = 1;
  private nextExerciseId = 1;
  private nextGrantId = 1;
  /** Unexercised rights per series, oldest first: one entry per mint (rules 0), per sale with its held proceeds (rules 3). */
  private readonly mints = new Map<number, { provider: number; qty: number; held: number }[]>();
  /** The engine's rules version (0, 3 or 6 here). */
  rules = 0;
  private restCounter = 0;
  private seq = 0;
  private nowMs = 0;
  private out: EngineEvent[] = [];

  constructor(readonly limits: ReferenceLimits) {}

  // ------------------------------------------------------------------ queries

  /** Every resting order, in no particular order. */
  restingOrders(): RefOrder[] {
    const s = this.series;
    if (s === undefined) return [];
    return [...s.books.brokerSells.bids, ...s.books.brokerSells.asks, ...s.books.brokerBuys.bids, ...s.books.brokerBuys.asks];
  }

  order(orderId: number): RefOrder | undefined {
    return this.restingOrders().find((o) => o.orderId === orderId);
  }

  /** A book side in priority order. */
  bookSide(book: BookName, side: Side): readonly RefOrder[] {
    const s = this.series;
    if (s === undefined) return [];
    return side === Side.BUY ? s.books[book].bids : s.books[book].asks;
  }

  /** A market order's protection limit for this side and kind of account now; 0 if there is no anchor. */
  marketLimitFor(side: Side, isBroker: boolean): number {
    const s = this.series;
    return s === undefined ? 0 : this.protectionPrice(s, this.bookOf(side, isBroker), side);
  }

  /** What an order of this account, side and limit could fill on entry. */
  liquidityFor(accountId: number, side: Side, limitMicros: number): number {
    const s = this.series;
    const account = this.accounts.get(accountId);
    if (s === undefined || account === undefined) return 0;
    return this.fillable(s, this.bookOf(side, account.role === Role.BROKER), side, account, limitMicros);
  }

  /** The last order id issued (0 before any). */
  get lastOrderId(): number {
    return this.nextOrderId - 1;
  }

  pendingWithdrawalIds(): number[] {
    return [...this.withdrawals.keys()];
  }

  // -------------------------------------------------------------------- apply

  apply(cmd: Command, timeMs: number): EngineEvent[] {
    this.seq++;
    this.nowMs = timeMs;
    this.out = [];
    switch (cmd.kind) {
      case CommandKind.OPEN_ACCOUNT:
        this.openAccount(cmd.actor, cmd.role, cmd.address);
        break;
      case CommandKind.LIST_SERIES:
        this.listSeries(cmd);
        break;
      case CommandKind.SET_SERIES_STATUS:
        this.setStatus(cmd.actor, cmd.seriesId, cmd.status);
        break;
      case CommandKind.EXPIRE_ORDERS:
        this.expireOrders(cmd.actor, cmd.cutoffMs);
        break;
      case CommandKind.CREDIT_DEPOSIT:
        this.deposit(cmd.actor, cmd.accountId, cmd.amountWei, cmd.ref);
        break;
      case CommandKind.REQUEST_WITHDRAWAL:
        this.requestWithdrawal(cmd.actor, cmd.amountWei);
        break;
      case CommandKind.COMPLETE_WITHDRAWAL:
        this.completeWithdrawal(cmd.actor, cmd.withdrawalId);
        break;
      case CommandKind.DECLARE_CAPACITY:
        this.declareCapacity(cmd.actor, cmd.seriesId, cmd.capacity);
        break;
      case CommandKind.MINT:
        this.mint(cmd.actor, cmd.seriesId, cmd.qty);
        break;
      case CommandKind.EXERCISE:
        this.exercise(cmd.actor, cmd.seriesId, cmd.qty);
        break;
      case CommandKind.NEW_ORDER:
        this.newOrder(cmd);
        break;
      case CommandKind.CANCEL_ORDER:
        this.cancelOrder(cmd);
        break;
      case CommandKind.AMEND_ORDER:
        this.amendOrder(cmd);
        break;
      case CommandKind.MASS_CANCEL:
        this.massCancel(cmd);
        break;
      case CommandKind.MASS_QUOTE:
        this.massQuote(cmd);
        break;
      case CommandKind.SET_REFERENCE_PRICE:
        this.setReferencePrice(cmd.actor, cmd.seriesId, cmd.priceMicros);
        break;
      case CommandKind.ADOPT_RULES:
        // Only rules 3 or 6 before anything is minted: nothing to migrate, and no position near the bound of rules 1
        // (rules 2, 4 and 5 change nothing this model meets: no risk limit, no cash-settled series, no claim).
        if (cmd.actor !== SYSTEM_ACTOR || (cmd.version !== 3 && cmd.version !== 6) || this.rules !== 0 || this.mints.size > 0) {
          throw new Error('reference model: only ADOPT_RULES 3 or 6 by the system before any mint is modelled');
        }
        this.rules = cmd.version;
        this.out.push({ type: EventType.RULES_ADOPTED, seq: this.seq, version: cmd.version });
        break;
      default:
        throw new Error(`reference model: command kind ${cmd.kind} is not modelled`);
    }
    return this.out;
  }

  // ---------------------------------------------------------------- helpers

  private isOperator(actor: number): boolean {
    return actor === SYSTEM_ACTOR || this.accounts.get(actor)?.role === Role.OPERATOR;
  }

  private rejectCommand(kind: number, actor: number, reason: RejectReason): void {
    this.out.push({ type: EventType.COMMAND_REJECTED, seq: this.seq, commandKind: kind, actor, reason });
  }

  /** The series a command names, if it is the one modelled. */
  private seriesNamed(seriesId: number): RefSeries | undefined {
    return this.series !== undefined && this.series.id === seriesId ? this.series : undefined;
  }

  /** Trading needs a series that is neither expired nor past its window's close, nor halted. */
  private tradableReason(s: RefSeries): RejectReason {
    if (s.status === SeriesStatus.EXPIRED || this.nowMs >= s.spec.closeAtMs) return RejectReason.SERIES_EXPIRED;
    if (s.status === SeriesStatus.HALTED) return RejectReason.SERIES_HALTED;
    return RejectReason.NONE;
  }

  private priceReason(s: RefSeries, priceMicros: number): RejectReason {
    if (!isPositiveSafeInt(priceMicros)) return RejectReason.INVALID_PRICE;
    if (priceMicros % s.spec.tickMicros !== 0) return RejectReason.INVALID_TICK;
    if (priceMicros < s.spec.minPriceMicros || priceMicros > s.spec.maxPriceMicros) return RejectReason.PRICE_OUT_OF_LIMITS;
    return RejectReason.NONE;
  }

  private qtyReason(s: RefSeries, qty: number): RejectReason {
    if (!isPositiveSafeInt(qty)) return RejectReason.INVALID_QUANTITY;
    if (qty % s.spec.lotSize !== 0) return RejectReason.INVALID_LOT;
    if (qty > s.spec.maxOrderQty) return RejectReason.QUANTITY_TOO_LARGE;
    return RejectReason.NONE;
  }

  /** Phase 1: the broker's asks and customers' bids share a book; the broker's bids and customers' asks the other. */
  private bookOf(side: Side, isBroker: boolean): BookName {
    return (side === Side.SELL) === isBroker ? 'brokerSells' : 'brokerBuys';
  }

  private sideArray(s: RefSeries, book: BookName, side: Side): RefOrder[] {
    return side === Side.BUY ? s.books[book].bids : s.books[book].asks;
  }

  /** Whether `price` on `side` is at least as good as `other` (a bid higher, an ask lower). */
  private atLeastAsGood(side: Side, price: number, other: number): boolean {
    return side === Side.BUY ? price >= other : price <= other;
  }

  /** Whether a `side` order limited at `limit` may trade with a resting order at `restingPrice`. */
  private crossesPrice(side: Side, limit: number, restingPrice: number): boolean {
    return side === Side.BUY ? restingPrice <= limit : restingPrice >= limit;
  }

  private opposite(side: Side): Side {
    return side === Side.BUY ? Side.SELL : Side.BUY;
  }

  /** Appends an order behind every order at the same or a better price. */
  private insert(s: RefSeries, order: RefOrder): void {
    const arr = this.sideArray(s, order.book, order.side);
    let i = 0;
    while (i < arr.length && this.atLeastAsGood(order.side, arr[i]!.priceMicros, order.priceMicros)) i++;
    arr.splice(i, 0, order);
    if (order.firstRestedAt === 0) order.firstRestedAt = ++this.restCounter;
  }

  private removeFromBook(s: RefSeries, order: RefOrder): void {
    const arr = this.sideArray(s, order.book, order.side);
    const i = arr.indexOf(order);
    if (i < 0) throw new Error(`reference model: order ${order.orderId} is not in its book`);
    arr.splice(i, 1);
  }

  private bestPrice(s: RefSeries, book: BookName, side: Side): number {
    return this.sideArray(s, book, side)[0]?.priceMicros ?? 0;
  }

  private wouldTrade(s: RefSeries, book: BookName, side: Side, limit: number): boolean {
    const best = this.sideArray(s, book, this.opposite(side))[0];
    return best !== undefined && this.crossesPrice(side, limit, best.priceMicros);
  }

  private hold(order: RefOrder, qty: number): void {
    if (order.side === Side.BUY) {
      const micros = order.holdPriceMicros * qty;
      order.owner.availableMicros -= micros;
      order.owner.heldMicros += micros;
    } else {
      order.owner.rights.available -= qty;
      order.owner.rights.held += qty;
    }
  }

  private release(order: RefOrder, qty: number): void {
    if (order.side === Side.BUY) {
      const micros = order.holdPriceMicros * qty;
      order.owner.heldMicros -= micros;
      order.owner.availableMicros += micros;
    } else {
      order.owner.rights.held -= qty;
      order.owner.rights.available += qty;
    }
  }

  private orderRef(o: RefOrder) {
    return {
      seq: this.seq,
      orderId: o.orderId,
      accountId: o.owner.id,
      clientOrderId: o.clientOrderId,
      seriesId: this.series!.id,
      side: o.side,
      priceMicros: o.priceMicros,
    };
  }

  private emitCanceled(o: RefOrder, canceledQty: number, reason: CancelReason): void {
    this.out.push({ type: EventType.ORDER_CANCELED, ...this.orderRef(o), orderQty: o.orderQty, cumQty: o.cumQty, canceledQty, reason });
  }

  private emitAmended(o: RefOrder, priorityKept: boolean): void {
    this.out.push({
      type: EventType.ORDER_AMENDED,
      ...this.orderRef(o),
      orderQty: o.orderQty,
      cumQty: o.cumQty,
      leavesQty: o.leavesQty,
      priorityKept,
    });
  }

  /** Releases what is left of an order that is not (or no longer) in a book and reports it cancelled. */
  private cancelLeaves(o: RefOrder, reason: CancelReason): void {
    const qty = o.leavesQty;
    this.release(o, qty);
    o.leavesQty = 0;
    this.emitCanceled(o, qty, reason);
  }

  private cancelRestingOrder(s: RefSeries, o: RefOrder, reason: CancelReason): void {
    this.removeFromBook(s, o);
    this.cancelLeaves(o, reason);
  }

  // ------------------------------------------------------------- matching

  /**
   * Trades `taker` against the opposite side of its book while the best price
   * crosses its limit: best price first, oldest first. Phase-1 routing never puts
   * an account on both sides of a book, so meeting oneself is a model error.
   */
  private match(s: RefSeries, taker: RefOrder): void {
    const makers = this.sideArray(s, taker.book, this.opposite(taker.side));
    while (taker.leavesQty > 0) {
      const maker = makers[0];
      if (maker === undefined || !this.crossesPrice(taker.side, taker.priceMicros, maker.priceMicros)) return;
      if (maker.owner === taker.owner) throw new Error('reference model: self-trade is impossible under phase-1 routing');
      this.trade(s, maker, taker, Math.min(maker.leavesQty, taker.leavesQty));
      if (maker.leavesQty === 0) makers.shift();
    }
  }

  private trade(s: RefSeries, maker: RefOrder, taker: RefOrder, qty: number): void {
    const price = maker.priceMicros;
    maker.leavesQty -= qty;
    maker.cumQty += qty;
    taker.leavesQty -= qty;
    taker.cumQty += qty;
    const buy = taker.side === Side.BUY ? taker : maker;
    const sell = taker.side === Side.BUY ? maker : taker;
    const paid = price * qty;
    const released = buy.holdPriceMicros * qty;
    buy.owner.heldMicros -= released;
    buy.owner.availableMicros += released - paid;
    buy.owner.rights.available += qty;
    sell.owner.rights.held -= qty;
    // Rules 3: sold from the seller's own stock first; those proceeds are held and the rights become a sale lot.
    const sold = Math.min(qty, sell.owner.rights.ownUnsold);
    sell.owner.rights.ownUnsold -= sold;
    sell.owner.availableMicros += paid - price * sold;
    sell.owner.lockedMicros += price * sold;
    if (sold > 0) {
      const lots = this.mints.get(s.id) ?? [];
      const last = lots[lots.length - 1];
      if (last !== undefined && last.provider === sell.owner.id) {
        last.qty += sold;
        last.held += price * sold;
      } else lots.push({ provider: sell.owner.id, qty: sold, held: price * sold });
      this.mints.set(s.id, lots);
    }
    const tradeId = this.nextTradeId;
    this.out.push({
      type: EventType.FILL,
      seq: this.seq,
      seriesId: s.id,
      tradeId: this.nextTradeId++,
      priceMicros: price,
      qty,
      takerSide: taker.side,
      makerOrderId: maker.orderId,
      makerAccountId: maker.owner.id,
      makerClientOrderId: maker.clientOrderId,
      makerOrderQty: maker.orderQty,
      makerCumQty: maker.cumQty,
      makerLeavesQty: maker.leavesQty,
      takerOrderId: taker.orderId,
      takerAccountId: taker.owner.id,
      takerClientOrderId: taker.clientOrderId,
      takerOrderQty: taker.orderQty,
      takerCumQty: taker.cumQty,
      takerLeavesQty: taker.leavesQty,
    });
    if (sold > 0) this.out.push({ type: EventType.SALE_PROCEEDS_HELD, seq: this.seq, accountId: sell.owner.id, seriesId: s.id, qty: sold, heldMicros: price * sold, tradeId });
  }

  /** What an incoming order could fill up to its limit, stopping at an order of its own account. */
  private fillable(s: RefSeries, book: BookName, side: Side, owner: RefAccount, limit: number): number {
    let total = 0;
    for (const o of this.sideArray(s, book, this.opposite(side))) {
      if (!this.crossesPrice(side, limit, o.priceMicros) || o.owner === owner) break;
      total += o.leavesQty;
    }
    return total;
  }

  /**
   * A market order's limit: anchor ± band, rounded toward the anchor onto a tick, within the series' limits; 0 if no anchor.
   * The anchor: the reference first under rules 0–5, the best opposite price first from rules 6.
   */
  private protectionPrice(s: RefSeries, book: BookName, side: Side): number {
    const touch = this.bestPrice(s, book, this.opposite(side));
    const first = this.rules >= 6 ? touch : s.referencePriceMicros;
    const anchor = first > 0 ? first : this.rules >= 6 ? s.referencePriceMicros : touch;
    if (anchor === 0) return 0;
    const { tickMicros, bandBps, minPriceMicros, maxPriceMicros } = s.spec;
    const band = Math.floor((anchor * bandBps) / 10_000);
    if (side === Side.BUY) return Math.min(maxPriceMicros, Math.floor((anchor + band) / tickMicros) * tickMicros);
    return Math.max(minPriceMicros, Math.ceil((anchor - band) / tickMicros) * tickMicros);
  }

  /** The broker's bids must stay below its asks, across the two books. */
  private crossesBrokerQuotes(s: RefSeries, side: Side, price: number): boolean {
    const brokerAsks = s.books.brokerSells.asks;
    const brokerBids = s.books.brokerBuys.bids;
    if (side === Side.BUY) return brokerAsks.length > 0 && price >= brokerAsks[0]!.priceMicros;
    return brokerBids.length > 0 && price <= brokerBids[0]!.priceMicros;
  }

  private restingOf(account: RefAccount): RefOrder[] {
    return this.restingOrders().filter((o) => o.owner === account);
  }

  // ------------------------------------------------------------ new orders

  private newOrder(cmd: NewOrder): void {
    const checked = this.checkNewOrder(cmd);
    if (typeof checked === 'number') {
      this.out.push({
        type: EventType.ORDER_REJECTED,
        seq: this.seq,
        accountId: cmd.actor,
        clientOrderId: cmd.clientOrderId,
        seriesId: cmd.seriesId,
        reason: checked,
      });
      return;
    }
    const { s, account, book, limit } = checked;
    const order: RefOrder = {
      orderId: this.nextOrderId++,
      owner: account,
      clientOrderId: cmd.clientOrderId,
      side: cmd.side,
      book,
      tif: cmd.tif,
      isMarket: cmd.orderType === OrderType.MARKET,
      isQuote: false,
      postOnly: cmd.postOnly,
      priceMicros: limit,
      holdPriceMicros: limit,
      orderQty: cmd.qty,
      cumQty: 0,
      leavesQty: cmd.qty,
      expireAtMs: cmd.tif === TimeInForce.GTD ? cmd.expireAtMs : 0,
      firstRestedAt: 0,
    };
    this.hold(order, cmd.qty);
    if (cmd.clientOrderId > 0) this.rememberClientId(account, cmd.clientOrderId);
    this.enterOrder(s, order);
  }

  private rememberClientId(account: RefAccount, clientOrderId: number): void {
    if (this.limits.recentClientIdsPerAccount === 0) return;
    const increasing = clientOrderId > account.maxClientId;
    if (increasing) account.maxClientId = clientOrderId;
    const list = increasing ? account.recentClientIds : account.recentOutOfOrderIds;
    list.push(clientOrderId);
    if (list.length > this.limits.recentClientIdsPerAccount) list.shift();
  }

  /** Accepted: report it, trade what crosses, then rest, or cancel the remainder of an immediate order. */
  private enterOrder(s: RefSeries, order: RefOrder): void {
    this.out.push({ type: EventType.ORDER_ACCEPTED, ...this.orderRef(order), orderQty: order.orderQty, isQuote: order.isQuote });
    this.match(s, order);
    if (order.leavesQty === 0) return;
    if (order.isMarket) {
      const liquidityLeft = this.sideArray(s, order.book, this.opposite(order.side)).length > 0;
      return this.cancelLeaves(order, liquidityLeft ? CancelReason.MARKET_PROTECTION : CancelReason.NO_LIQUIDITY);
    }
    if (order.tif === TimeInForce.IOC || order.tif === TimeInForce.FOK) return this.cancelLeaves(order, CancelReason.IOC_REMAINDER);
    this.insert(s, order);
  }

  private checkNewOrder(
    cmd: NewOrder,
  ): RejectReason | { s: RefSeries; account: RefAccount; book: BookName; limit: number } {
    const account = this.accounts.get(cmd.actor);
    if (account === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    const s = this.seriesNamed(cmd.seriesId);
    if (s === undefined) return RejectReason.UNKNOWN_SERIES;
    const tradable = this.tradableReason(s);
    if (tradable !== RejectReason.NONE) return tradable;
    if (cmd.side !== Side.BUY && cmd.side !== Side.SELL) return RejectReason.INVALID_ORDER_TYPE;
    const isBroker = account.role === Role.BROKER;
    const buyer = account.role === Role.CONSUMER || account.role === Role.INSTITUTION;
    const allowed = isBroker || (buyer && cmd.side === Side.BUY) || (account.role === Role.PROVIDER && cmd.side === Side.SELL);
    if (!allowed) return RejectReason.ROLE_NOT_ALLOWED;
    const shape = this.shapeReason(cmd);
    if (shape !== RejectReason.NONE) return shape;
    const qty = this.qtyReason(s, cmd.qty);
    if (qty !== RejectReason.NONE) return qty;
    if (cmd.clientOrderId > 0 && this.clientIdInUse(account, cmd.clientOrderId)) return RejectReason.DUPLICATE_CLIENT_ORDER_ID;
    if (this.restingOf(account).length >= this.limits.maxOpenOrdersPerAccount) return RejectReason.TOO_MANY_OPEN_ORDERS;
    if (this.restingOrders().length >= this.limits.maxOrders) return RejectReason.BOOK_FULL;
    const book = this.bookOf(cmd.side, isBroker);
    let limit: number;
    if (cmd.orderType === OrderType.MARKET) {
      limit = this.protectionPrice(s, book, cmd.side);
      if (limit === 0) return RejectReason.NO_REFERENCE_PRICE;
    } else {
      const price = this.priceReason(s, cmd.priceMicros);
      if (price !== RejectReason.NONE) return price;
      limit = cmd.priceMicros;
    }
    if (cmd.postOnly && this.wouldTrade(s, book, cmd.side, limit)) return RejectReason.POST_ONLY_WOULD_CROSS;
    if (isBroker && this.crossesBrokerQuotes(s, cmd.side, limit)) return RejectReason.WOULD_CROSS_OWN_QUOTES;
    if (cmd.tif === TimeInForce.FOK && this.fillable(s, book, cmd.side, account, limit) < cmd.qty) return RejectReason.FOK_NOT_FILLABLE;
    if (cmd.side === Side.BUY) {
      if (limit * cmd.qty > account.availableMicros) return RejectReason.INSUFFICIENT_BALANCE;
    } else if (cmd.qty > account.rights.available) {
      return RejectReason.INSUFFICIENT_RIGHTS;
    }
    return { s, account, book, limit };
  }

  private shapeReason(cmd: NewOrder): RejectReason {
    if (!Number.isSafeInteger(cmd.clientOrderId) || cmd.clientOrderId < 0) return RejectReason.INVALID_ORDER_TYPE;
    const stpKnown = [
      SelfTradePrevention.CANCEL_NEWEST,
      SelfTradePrevention.CANCEL_OLDEST,
      SelfTradePrevention.CANCEL_BOTH,
      SelfTradePrevention.DECREMENT,
    ].includes(cmd.stp);
    if (!stpKnown) return RejectReason.INVALID_ORDER_TYPE;
    const tifKnown = [TimeInForce.GTC, TimeInForce.GTD, TimeInForce.IOC, TimeInForce.FOK].includes(cmd.tif);
    if (!tifKnown) return RejectReason.INVALID_ORDER_TYPE;
    const immediate = cmd.tif === TimeInForce.IOC || cmd.tif === TimeInForce.FOK;
    if (cmd.orderType === OrderType.MARKET && (!immediate || cmd.postOnly)) return RejectReason.INVALID_ORDER_TYPE;
    if (cmd.orderType !== OrderType.MARKET && cmd.orderType !== OrderType.LIMIT) return RejectReason.INVALID_ORDER_TYPE;
    if (cmd.postOnly && immediate) return RejectReason.INVALID_ORDER_TYPE;
    if (cmd.tif === TimeInForce.GTD) {
      if (!Number.isSafeInteger(cmd.expireAtMs) || cmd.expireAtMs <= this.nowMs) return RejectReason.INVALID_EXPIRY;
    } else if (cmd.expireAtMs !== 0) {
      return RejectReason.INVALID_EXPIRY;
    }
    return RejectReason.NONE;
  }

  private clientIdInUse(account: RefAccount, clientOrderId: number): boolean {
    if (account.recentClientIds.includes(clientOrderId) || account.recentOutOfOrderIds.includes(clientOrderId)) return true;
    return this.restingOf(account).some((o) => o.clientOrderId === clientOrderId);
  }

  // ------------------------------------------------------- cancel and amend

  private cancelOrder(cmd: CancelOrder): void {
    const s = this.series;
    const mayTouch = (o: RefOrder): boolean => o.owner.id === cmd.actor || this.isOperator(cmd.actor);
    const target =
      cmd.orderId > 0
        ? this.order(cmd.orderId)
        : this.restingOrders().find((o) => o.owner.id === cmd.actor && o.clientOrderId > 0 && o.clientOrderId === cmd.clientOrderId);
    if (s === undefined || target === undefined || !mayTouch(target)) {
      return this.rejectCommand(cmd.kind, cmd.actor, RejectReason.UNKNOWN_ORDER);
    }
    this.cancelRestingOrder(s, target, CancelReason.USER);
  }

  private amendOrder(cmd: AmendOrder): void {
    const order = cmd.orderId > 0 ? this.order(cmd.orderId) : undefined;
    const s = this.series;
    // Only the owner may amend (an operator may cancel, not amend).
    if (s === undefined || order === undefined || order.owner.id !== cmd.actor) {
      return this.rejectCommand(cmd.kind, cmd.actor, RejectReason.UNKNOWN_ORDER);
    }
    const reason = this.checkAmend(s, order, cmd);
    if (reason !== RejectReason.NONE) return this.rejectCommand(cmd.kind, cmd.actor, reason);
    if (cmd.newPriceMicros === order.priceMicros && cmd.newQty < order.orderQty) {
      const qty = order.orderQty - cmd.newQty;
      order.orderQty -= qty;
      order.leavesQty -= qty;
      this.release(order, qty);
      return this.emitAmended(order, true);
    }
    // Cancel/replace: out of the book, re-held at the new terms, back in at the end of its price (after trading).
    this.removeFromBook(s, order);
    this.release(order, order.leavesQty);
    order.priceMicros = cmd.newPriceMicros;
    order.holdPriceMicros = cmd.newPriceMicros;
    order.orderQty = cmd.newQty;
    order.leavesQty = cmd.newQty - order.cumQty;
    this.hold(order, order.leavesQty);
    this.emitAmended(order, false);
    this.match(s, order);
    if (order.leavesQty > 0) this.insert(s, order);
  }

  private checkAmend(s: RefSeries, order: RefOrder, cmd: AmendOrder): RejectReason {
    const tradable = this.tradableReason(s);
    if (tradable !== RejectReason.NONE) return tradable;
    const price = this.priceReason(s, cmd.newPriceMicros);
    if (price !== RejectReason.NONE) return price;
    const qty = this.qtyReason(s, cmd.newQty);
    if (qty !== RejectReason.NONE) return qty;
    if (cmd.newQty <= order.cumQty) return RejectReason.INVALID_QUANTITY;
    if (cmd.newQty === order.orderQty && cmd.newPriceMicros === order.priceMicros) return RejectReason.AMEND_NO_CHANGE;
    if (cmd.newPriceMicros === order.priceMicros && cmd.newQty < order.orderQty) return RejectReason.NONE;
    if (order.postOnly && this.wouldTrade(s, order.book, order.side, cmd.newPriceMicros)) return RejectReason.POST_ONLY_WOULD_CROSS;
    if (order.owner.role === Role.BROKER && this.crossesBrokerQuotes(s, order.side, cmd.newPriceMicros)) {
      return RejectReason.WOULD_CROSS_OWN_QUOTES;
    }
    const newLeaves = cmd.newQty - order.cumQty;
    if (order.side === Side.BUY) {
      const canSpend = order.owner.availableMicros + order.holdPriceMicros * order.leavesQty;
      if (cmd.newPriceMicros * newLeaves > canSpend) return RejectReason.INSUFFICIENT_BALANCE;
    } else if (newLeaves > order.owner.rights.available + order.leavesQty) {
      return RejectReason.INSUFFICIENT_RIGHTS;
    }
    return RejectReason.NONE;
  }

  private massCancel(cmd: MassCancel): void {
    const s = this.series;
    let reason: RejectReason = RejectReason.NONE;
    const seriesOk = cmd.seriesId === 0 || this.seriesNamed(cmd.seriesId) !== undefined;
    if (cmd.scope === MassCancelScope.ACCOUNT) {
      const target = cmd.accountId === 0 ? cmd.actor : cmd.accountId;
      if (!this.accounts.has(target)) reason = RejectReason.UNKNOWN_ACCOUNT;
      else if (target !== cmd.actor && !this.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
      else if (!seriesOk) reason = RejectReason.UNKNOWN_SERIES;
      if (reason !== RejectReason.NONE) return this.rejectCommand(cmd.kind, cmd.actor, reason);
      if (s === undefined) return;
      // The account's orders, in the order they first rested.
      const mine = this.restingOf(this.accounts.get(target)!).sort((a, b) => a.firstRestedAt - b.firstRestedAt);
      for (const o of mine) this.cancelRestingOrder(s, o, CancelReason.MASS_CANCEL);
      return;
    }
    if (!this.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (cmd.scope === MassCancelScope.SERIES) {
      if (this.seriesNamed(cmd.seriesId) === undefined) reason = RejectReason.UNKNOWN_SERIES;
    } else if (cmd.scope !== MassCancelScope.ALL) reason = RejectReason.INVALID_ORDER_TYPE;
    if (reason !== RejectReason.NONE) return this.rejectCommand(cmd.kind, cmd.actor, reason);
    if (s === undefined) return;
    // Book by book (broker sells, then broker buys), bids then asks, each in priority order.
    const all = [...s.books.brokerSells.bids, ...s.books.brokerSells.asks, ...s.books.brokerBuys.bids, ...s.books.brokerBuys.asks];
    for (const o of all) this.cancelRestingOrder(s, o, CancelReason.MASS_CANCEL);
  }

  // ------------------------------------------------------------ mass quote

  private massQuote(cmd: MassQuote): void {
    const s = this.seriesNamed(cmd.seriesId);
    const reason = this.checkMassQuote(cmd, s);
    if (reason !== RejectReason.NONE) return this.rejectCommand(cmd.kind, cmd.actor, reason);
    const series = s!;
    if (cmd.referencePriceMicros > 0 && cmd.referencePriceMicros !== series.referencePriceMicros) {
      this.setReference(series, cmd.referencePriceMicros);
    }
    series.quoteIds.bids = this.requoteSide(series, Side.BUY, series.quoteIds.bids, cmd.bids);
    series.quoteIds.asks = this.requoteSide(series, Side.SELL, series.quoteIds.asks, cmd.asks);
    this.out.push({
      type: EventType.QUOTES_REPLACED,
      seq: this.seq,
      seriesId: series.id,
      bidLevels: cmd.bids.priceMicros.length,
      askLevels: cmd.asks.priceMicros.length,
    });
  }

  /** The broker's live quotes on a side, in the order the ladder listed them. */
  private liveQuotes(ids: number[]): RefOrder[] {
    const live: RefOrder[] = [];
    for (const id of ids) {
      const o = this.order(id);
      if (o !== undefined) live.push(o);
    }
    return live;
  }

  private checkMassQuote(cmd: MassQuote, s: RefSeries | undefined): RejectReason {
    const broker = this.accounts.get(cmd.actor);
    if (broker === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    if (broker.role !== Role.BROKER) return RejectReason.ROLE_NOT_ALLOWED;
    if (s === undefined) return RejectReason.UNKNOWN_SERIES;
    const tradable = this.tradableReason(s);
    if (tradable !== RejectReason.NONE) return tradable;
    const bids = this.ladderReason(s, cmd.bids, Side.BUY);
    if (bids !== RejectReason.NONE) return bids;
    const asks = this.ladderReason(s, cmd.asks, Side.SELL);
    if (asks !== RejectReason.NONE) return asks;
    const bestBid = cmd.bids.priceMicros[0];
    const bestAsk = cmd.asks.priceMicros[0];
    if (bestBid !== undefined && bestAsk !== undefined && bestBid >= bestAsk) return RejectReason.QUOTE_CROSSED;
    // The ladder replaces the quotes, but the broker's other orders stay: it must not cross them either.
    const quotes = new Set([...s.quoteIds.bids, ...s.quoteIds.asks]);
    const others = this.restingOf(broker).filter((o) => !quotes.has(o.orderId));
    const otherAsks = others.filter((o) => o.side === Side.SELL).map((o) => o.priceMicros);
    const otherBids = others.filter((o) => o.side === Side.BUY).map((o) => o.priceMicros);
    if (bestBid !== undefined && otherAsks.length > 0 && bestBid >= Math.min(...otherAsks)) return RejectReason.WOULD_CROSS_OWN_QUOTES;
    if (bestAsk !== undefined && otherBids.length > 0 && bestAsk <= Math.max(...otherBids)) return RejectReason.WOULD_CROSS_OWN_QUOTES;
    if (cmd.referencePriceMicros !== 0) {
      const ref = this.priceReason(s, cmd.referencePriceMicros);
      if (ref !== RejectReason.NONE) return ref;
    }
    if (this.restingOrders().length + cmd.bids.qty.length + cmd.asks.qty.length > this.limits.maxOrders) return RejectReason.BOOK_FULL;
    // Cover: the new ladder against what is free plus what the current quotes hold.
    let needMicros = 0;
    cmd.bids.qty.forEach((q, i) => (needMicros += q * cmd.bids.priceMicros[i]!));
    let quotedMicros = 0;
    for (const o of this.liveQuotes(s.quoteIds.bids)) quotedMicros += o.holdPriceMicros * o.leavesQty;
    if (needMicros > broker.availableMicros + quotedMicros) return RejectReason.INSUFFICIENT_BALANCE;
    const needRights = cmd.asks.qty.reduce((a, q) => a + q, 0);
    let quotedRights = 0;
    for (const o of this.liveQuotes(s.quoteIds.asks)) quotedRights += o.leavesQty;
    if (needRights > broker.rights.available + quotedRights) return RejectReason.INSUFFICIENT_RIGHTS;
    return RejectReason.NONE;
  }

  private ladderReason(s: RefSeries, ladder: QuoteLadder, side: Side): RejectReason {
    const n = ladder.priceMicros.length;
    if (n !== ladder.qty.length) return RejectReason.INVALID_QUANTITY;
    if (n > this.limits.maxQuoteLevels) return RejectReason.TOO_MANY_QUOTE_LEVELS;
    for (let i = 0; i < n; i++) {
      const price = ladder.priceMicros[i]!;
      const p = this.priceReason(s, price);
      if (p !== RejectReason.NONE) return p;
      const q = this.qtyReason(s, ladder.qty[i]!);
      if (q !== RejectReason.NONE) return q;
      // Strictly best first.
      if (i > 0 && this.atLeastAsGood(side, price, ladder.priceMicros[i - 1]!)) return RejectReason.INVALID_PRICE;
    }
    return RejectReason.NONE;
  }

  private requoteSide(s: RefSeries, side: Side, currentIds: number[], ladder: QuoteLadder): number[] {
    const keptAt = new Map<number, RefOrder>();
    for (const o of this.liveQuotes(currentIds)) {
      const level = ladder.priceMicros.indexOf(o.priceMicros);
      const wanted = level < 0 ? 0 : ladder.qty[level]!;
      const keep = wanted > 0 && wanted <= o.leavesQty && !keptAt.has(o.priceMicros);
      if (!keep) {
        this.cancelRestingOrder(s, o, CancelReason.QUOTE_REPLACED);
        continue;
      }
      if (wanted < o.leavesQty) {
        const cut = o.leavesQty - wanted;
        o.orderQty -= cut;
        o.leavesQty -= cut;
        this.release(o, cut);
        this.emitAmended(o, true);
      }
      keptAt.set(o.priceMicros, o);
    }
    const broker = this.accounts.get(this.brokerId)!;
    const ids: number[] = [];
    ladder.priceMicros.forEach((price, i) => {
      const kept = keptAt.get(price);
      if (kept !== undefined) {
        ids.push(kept.orderId);
        return;
      }
      const qty = ladder.qty[i]!;
      const order: RefOrder = {
        orderId: this.nextOrderId++,
        owner: broker,
        clientOrderId: 0,
        side,
        book: this.bookOf(side, true),
        tif: TimeInForce.GTC,
        isMarket: false,
        isQuote: true,
        postOnly: false,
        priceMicros: price,
        holdPriceMicros: price,
        orderQty: qty,
        cumQty: 0,
        leavesQty: qty,
        expireAtMs: 0,
        firstRestedAt: 0,
      };
      this.hold(order, qty);
      this.enterOrder(s, order);
      if (order.leavesQty > 0) ids.push(order.orderId);
    });
    return ids;
  }

  private setReferencePrice(actor: number, seriesId: number, priceMicros: number): void {
    const s = this.seriesNamed(seriesId);
    let reason: RejectReason = RejectReason.NONE;
    if (!this.isOperator(actor) && this.accounts.get(actor)?.role !== Role.BROKER) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (s === undefined) reason = RejectReason.UNKNOWN_SERIES;
    else if (s.status === SeriesStatus.EXPIRED) reason = RejectReason.SERIES_EXPIRED;
    else reason = this.priceReason(s, priceMicros);
    if (reason !== RejectReason.NONE) return this.rejectCommand(CommandKind.SET_REFERENCE_PRICE, actor, reason);
    this.setReference(s!, priceMicros);
  }

  private setReference(s: RefSeries, priceMicros: number): void {
    s.referencePriceMicros = priceMicros;
    this.out.push({ type: EventType.REFERENCE_PRICE_SET, seq: this.seq, seriesId: s.id, priceMicros });
  }

  // ------------------------------------------------------- series and time

  private listSeries(cmd: ListSeries): void {
    if (this.series !== undefined) throw new Error('reference model: only one series is modelled');
    if (!this.isOperator(cmd.actor)) return this.rejectCommand(cmd.kind, cmd.actor, RejectReason.ROLE_NOT_ALLOWED);
    // The spec is trusted to be valid: listing validation is not what this model checks.
    this.series = {
      id: 1,
      spec: cmd,
      status: SeriesStatus.TRADING,
      referencePriceMicros: 0,
      books: { brokerSells: { bids: [], asks: [] }, brokerBuys: { bids: [], asks: [] } },
      quoteIds: { bids: [], asks: [] },
    };
    this.out.push({
      type: EventType.SERIES_LISTED,
      seq: this.seq,
      seriesId: 1,
      contract: cmd.contract,
      seriesKind: cmd.seriesKind,
      openAtMs: cmd.openAtMs,
      closeAtMs: cmd.closeAtMs,
    });
  }

  private setStatus(actor: number, seriesId: number, status: SeriesStatus): void {
    const s = this.seriesNamed(seriesId);
    let reason: RejectReason = RejectReason.NONE;
    if (!this.isOperator(actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (s === undefined) reason = RejectReason.UNKNOWN_SERIES;
    else if (s.status === SeriesStatus.EXPIRED) reason = RejectReason.SERIES_EXPIRED;
    else if ((status !== SeriesStatus.TRADING && status !== SeriesStatus.HALTED) || status === s.status) {
      reason = RejectReason.INVALID_STATUS_CHANGE;
    }
    if (reason !== RejectReason.NONE) return this.rejectCommand(CommandKind.SET_SERIES_STATUS, actor, reason);
    s!.status = status;
    this.out.push({ type: EventType.SERIES_STATUS_CHANGED, seq: this.seq, seriesId: s!.id, status });
  }

  /** GTD orders whose time has come leave, earliest expiry first (ties: older order first). */
  private expireOrders(actor: number, cutoffMs: number): void {
    if (!this.isOperator(actor)) return this.rejectCommand(CommandKind.EXPIRE_ORDERS, actor, RejectReason.ROLE_NOT_ALLOWED);
    if (!Number.isSafeInteger(cutoffMs) || cutoffMs < 0) {
      return this.rejectCommand(CommandKind.EXPIRE_ORDERS, actor, RejectReason.INVALID_EXPIRY);
    }
    const s = this.series;
    if (s === undefined) return;
    const due = this.restingOrders()
      .filter((o) => o.expireAtMs > 0 && o.expireAtMs <= cutoffMs)
      .sort((a, b) => a.expireAtMs - b.expireAtMs || a.orderId - b.orderId);
    for (const o of due) {
      this.removeFromBook(s, o);
      const qty = o.leavesQty;
      this.release(o, qty);
      o.leavesQty = 0;
      this.out.push({ type: EventType.ORDER_EXPIRED, ...this.orderRef(o), orderQty: o.orderQty, cumQty: o.cumQty, expiredQty: qty });
    }
  }

  // ------------------------------------------------------------- accounts

  private openAccount(actor: number, role: Role, address: string): void {
    let reason: RejectReason = RejectReason.NONE;
    if (!this.isOperator(actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (!(role >= Role.CONSUMER && role <= Role.OPERATOR)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (role === Role.BROKER && this.brokerId !== 0) reason = RejectReason.BROKER_ALREADY_EXISTS;
    else if (address !== '' && !ADDRESS_PATTERN.test(address)) reason = RejectReason.INVALID_ADDRESS;
    if (reason !== RejectReason.NONE) return this.rejectCommand(CommandKind.OPEN_ACCOUNT, actor, reason);
    const id = this.accounts.size + 1;
    this.accounts.set(id, {
      id,
      role,
      availableMicros: 0,
      heldMicros: 0,
      lockedMicros: 0,
      remainderWei: 0n,
      pendingWithdrawalWei: 0n,
      rights: { available: 0, held: 0, capacity: 0, minted: 0, exercised: 0, ownUnsold: 0 },
      recentClientIds: [],
      recentOutOfOrderIds: [],
      maxClientId: 0,
    });
    if (role === Role.BROKER) this.brokerId = id;
    this.out.push({ type: EventType.ACCOUNT_OPENED, seq: this.seq, accountId: id, role, address });
  }

  private deposit(actor: number, accountId: number, amountWei: bigint, ref: string): void {
    const account = this.accounts.get(accountId);
    let reason: RejectReason = RejectReason.NONE;
    if (!this.isOperator(actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (account === undefined) reason = RejectReason.UNKNOWN_ACCOUNT;
    else if (amountWei <= 0n) reason = RejectReason.INVALID_AMOUNT;
    else if (ref.length === 0 || ref.length > this.limits.maxRefLength) reason = RejectReason.INVALID_AMOUNT;
    else if (this.depositRefs.has(ref)) reason = RejectReason.DUPLICATE_DEPOSIT;
    else if ((account.remainderWei + amountWei) / WEI_PER_MICRO + BigInt(this.totalMicros) > BigInt(Number.MAX_SAFE_INTEGER)) {
      reason = RejectReason.BALANCE_LIMIT;
    }
    if (reason !== RejectReason.NONE) return this.rejectCommand(CommandKind.CREDIT_DEPOSIT, actor, reason);
    const a = account!;
    const wei = a.remainderWei + amountWei;
    const micros = Number(wei / WEI_PER_MICRO);
    a.remainderWei = wei % WEI_PER_MICRO;
    a.availableMicros += micros;
    this.totalMicros += micros;
    this.depositedWei += amountWei;
    this.depositRefs.add(ref);
    this.out.push({ type: EventType.DEPOSIT_CREDITED, seq: this.seq, accountId: a.id, amountWei, ref });
  }

  private requestWithdrawal(actor: number, amountWei: bigint): void {
    const account = this.accounts.get(actor);
    let reason: RejectReason = RejectReason.NONE;
    if (account === undefined) reason = RejectReason.UNKNOWN_ACCOUNT;
    else if (amountWei <= 0n) reason = RejectReason.INVALID_AMOUNT;
    else if (amountWei > BigInt(account.availableMicros) * WEI_PER_MICRO + account.remainderWei) {
      reason = RejectReason.INSUFFICIENT_BALANCE;
    }
    if (reason !== RejectReason.NONE) return this.rejectCommand(CommandKind.REQUEST_WITHDRAWAL, actor, reason);
    const a = account!;
    const freeAfter = BigInt(a.availableMicros) * WEI_PER_MICRO + a.remainderWei - amountWei;
    const micros = Number(freeAfter / WEI_PER_MICRO);
    this.totalMicros -= a.availableMicros - micros;
    a.availableMicros = micros;
    a.remainderWei = freeAfter % WEI_PER_MICRO;
    a.pendingWithdrawalWei += amountWei;
    this.withdrawnWei += amountWei;
    const withdrawalId = this.nextWithdrawalId++;
    this.withdrawals.set(withdrawalId, { accountId: a.id, amountWei });
    this.out.push({ type: EventType.WITHDRAWAL_REQUESTED, seq: this.seq, withdrawalId, accountId: a.id, amountWei });
  }

  private completeWithdrawal(actor: number, withdrawalId: number): void {
    const w = this.withdrawals.get(withdrawalId);
    let reason: RejectReason = RejectReason.NONE;
    if (!this.isOperator(actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (w === undefined) reason = RejectReason.UNKNOWN_WITHDRAWAL;
    if (reason !== RejectReason.NONE) return this.rejectCommand(CommandKind.COMPLETE_WITHDRAWAL, actor, reason);
    this.withdrawals.delete(withdrawalId);
    this.accounts.get(w!.accountId)!.pendingWithdrawalWei -= w!.amountWei;
    this.out.push({ type: EventType.WITHDRAWAL_COMPLETED, seq: this.seq, withdrawalId, accountId: w!.accountId, amountWei: w!.amountWei });
  }

  private providerReason(actor: number, seriesId: number): RejectReason {
    const account = this.accounts.get(actor);
    if (account === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    if (account.role !== Role.PROVIDER) return RejectReason.ROLE_NOT_ALLOWED;
    const s = this.seriesNamed(seriesId);
    if (s === undefined) return RejectReason.UNKNOWN_SERIES;
    if (s.status === SeriesStatus.EXPIRED) return RejectReason.SERIES_EXPIRED;
    return RejectReason.NONE;
  }

  private declareCapacity(actor: number, seriesId: number, capacity: number): void {
    let reason = this.providerReason(actor, seriesId);
    if (reason === RejectReason.NONE) {
      const rights = this.accounts.get(actor)!.rights;
      if (!Number.isSafeInteger(capacity) || capacity < rights.minted) reason = RejectReason.INVALID_QUANTITY;
    }
    if (reason !== RejectReason.NONE) return this.rejectCommand(CommandKind.DECLARE_CAPACITY, actor, reason);
    this.accounts.get(actor)!.rights.capacity = capacity;
    this.out.push({ type: EventType.CAPACITY_DECLARED, seq: this.seq, accountId: actor, seriesId, capacity });
  }

  private mint(actor: number, seriesId: number, qty: number): void {
    let reason = this.providerReason(actor, seriesId);
    if (reason === RejectReason.NONE) {
      const rights = this.accounts.get(actor)!.rights;
      if (!isPositiveSafeInt(qty)) reason = RejectReason.INVALID_QUANTITY;
      else if (rights.minted + qty > rights.capacity) reason = RejectReason.CAPACITY_EXCEEDED;
    }
    if (reason !== RejectReason.NONE) return this.rejectCommand(CommandKind.MINT, actor, reason);
    const rights = this.accounts.get(actor)!.rights;
    rights.minted += qty;
    rights.available += qty;
    if (this.rules >= 3) rights.ownUnsold += qty;
    else {
      const mints = this.mints.get(seriesId) ?? [];
      mints.push({ provider: actor, qty, held: 0 });
      this.mints.set(seriesId, mints);
    }
    this.out.push({ type: EventType.RIGHTS_MINTED, seq: this.seq, accountId: actor, seriesId, qty });
  }

  private exercise(actor: number, seriesId: number, qty: number): void {
    const account = this.accounts.get(actor);
    const s = this.seriesNamed(seriesId);
    let reason: RejectReason = RejectReason.NONE;
    if (account === undefined) reason = RejectReason.UNKNOWN_ACCOUNT;
    else if (account.role !== Role.CONSUMER && account.role !== Role.INSTITUTION) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (s === undefined) reason = RejectReason.UNKNOWN_SERIES;
    else if (s.status === SeriesStatus.EXPIRED || this.nowMs >= s.spec.closeAtMs) reason = RejectReason.SERIES_EXPIRED;
    else if (this.nowMs < s.spec.openAtMs) reason = RejectReason.SERIES_NOT_OPEN_YET;
    else if (!isPositiveSafeInt(qty)) reason = RejectReason.INVALID_QUANTITY;
    else if (account.rights.available < qty) reason = RejectReason.INSUFFICIENT_RIGHTS;
    if (reason !== RejectReason.NONE) return this.rejectCommand(CommandKind.EXERCISE, actor, reason);
    account!.rights.available -= qty;
    account!.rights.exercised += qty;
    // Oldest mints (rules 3: sales) first; one share per provider, in the order each first comes up.
    const mints = this.mints.get(seriesId)!;
    const shares: { provider: number; qty: number; held: number }[] = [];
    for (let left = qty; left > 0; ) {
      const oldest = mints[0]!;
      const take = Math.min(left, oldest.qty);
      const held = take === oldest.qty ? oldest.held : Number((BigInt(oldest.held) * BigInt(take)) / BigInt(oldest.qty));
      const share = shares.find((x) => x.provider === oldest.provider);
      if (share === undefined) shares.push({ provider: oldest.provider, qty: take, held });
      else {
        share.qty += take;
        share.held += held;
      }
      oldest.qty -= take;
      oldest.held -= held;
      left -= take;
      if (oldest.qty === 0) mints.shift();
    }
    const redemptions = shares.map((x) => ({ grantId: this.nextGrantId++, providerAccountId: x.provider, listingId: 0, listingVersion: 0, qty: x.qty }));
    this.out.push({ type: EventType.RIGHTS_EXERCISED, seq: this.seq, exerciseId: this.nextExerciseId++, accountId: actor, seriesId, qty, redemptions });
    if (this.rules < 3) return;
    const disputeEndsAtMs = Math.max(s!.spec.closeAtMs, this.nowMs) + 86_400_000; // risk.disputeWindowMs's default
    shares.forEach((x, i) => {
      this.out.push({ type: EventType.GRANT_ESCROWED, seq: this.seq, grantId: redemptions[i]!.grantId, seriesId, providerAccountId: x.provider, consumerAccountId: actor, qty: x.qty, heldMicros: x.held, disputeEndsAtMs });
    });
  }
}
