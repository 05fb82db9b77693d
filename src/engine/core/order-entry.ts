/**
 * Order entry and matching, by series: a new order checked whole (shape, role and
 * side, series status, tick, lot and limits, price protection, cover; pre-trade risk
 * by account in core/pre-trade-risk.ts), its PAT or rights held, matched against the
 * book (the books report trades here: this module is their MatchListener), the rest
 * rested or cancelled; cancel, amend (priority kept when only the size falls), mass
 * cancel, GTD expiry and reference prices. The hot path: it allocates nothing per order
 * beyond the events (validation results are kept in fields). A module of the engine's
 * state machine, within `Engine.apply`.
 */
import type { Account, Position } from './account.js';
import {

  MassCancelScope,
  OrderType,
  Role,
  SelfTradePrevention,
  SeriesStatus,
  Side,
  TimeInForce,
  type AmendOrder,
  type CancelOrder,
  type ExpireOrders,
  type MassCancel,
  type NewOrder,
  type SetReferencePrice,
} from './commands.js';
import type { EngineState } from './engine-state.js';
import type { PreTradeRisk } from './pre-trade-risk.js';
import { SALE_FEE_AT_FILL_RULES, type TradeFees } from './trade-fees.js';
import { CancelReason, EventType } from './events.js';
import { feeFillEvent } from './event-log.js';
import { isPositiveSafeInt } from './integers.js';
import { mulDiv } from './supply.js';
import { MatchStop, type MatchListener, type OrderBook } from './order-book.js';
import type { RestingOrder } from './order.js';
import { RejectReason } from './reject-reason.js';
import { CounterpartyRule, type ForwardState, type Series } from './series.js';
import { collateralShort, feeMicros, orderTooLarge, outsideBand, PRICE_BAND_MIN_TICKS, protectionLimitMicros, throttled } from '../../risk/index.js';

/** A forward fill's fees under a zero schedule (shared: the fill path allocates nothing for it). */
const NO_FEES: Readonly<{ buyer: number; seller: number }> = Object.freeze({ buyer: 0, seller: 0 });

/** Rules 6 (products/rules.ts): a market order's protection is anchored at the best opposite price, not the reference. */
export const TOUCH_PROTECTION_RULES = 6;
/** Rules version 11: the risk band is at least PRICE_BAND_MIN_TICKS ticks either side of the reference (`priceBandFloorMicros`). */
export const PRICE_BAND_FLOOR_RULES = 11;
/** Rules version 13: an immediate synthetic order that only reduces the position holds no margin (`reducesNow`). */
export const REDUCING_IMMEDIATE_RULES = 13;
/**
 * Rules version 15: an immediate option buy that only buys back a written position counts the lock it frees
 * (`lockFreedByBuyBack`); a market order's protection reaches at least PRICE_BAND_MIN_TICKS ticks past the touch
 * (`protectionPriceMicros`).
 */
export const BUY_BACK_FROM_LOCK_RULES = 15;
export const PROTECTION_FLOOR_RULES = 15;

/** An order that fills what it can at once and rests nothing: market, IOC or FOK (rules 13's and 15's closing orders). */
function neverRests(cmd: NewOrder): boolean {
  return cmd.orderType === OrderType.MARKET || cmd.tif === TimeInForce.IOC || cmd.tif === TimeInForce.FOK;
}

/** The risk band's floor in a series of this tick under `rulesVersion` (none before PRICE_BAND_FLOOR_RULES). */
export function priceBandFloorMicros(rulesVersion: number, tickMicros: number): number {
  return rulesVersion >= PRICE_BAND_FLOOR_RULES ? PRICE_BAND_MIN_TICKS * tickMicros : 0;
}

/**
 * What order entry asks of the products whose orders carry more than a price and a size: each
 * product module (products/: synthetics.ts, options.ts, forwards.ts, escrow.ts) and the broker
 * quotes (broker-quotes.ts) implements its view. They are declared here, where they are called: the
 * products stand above order entry (most call it in turn, to cancel orders), so the calls up go
 * through these views and the imports point down.
 */
export interface SyntheticOrders {
  orderMarginPerUnitMicros(owner: Account, series: Series, side: Side, priceMicros: number): number;
  /** Rules 23: what a reducing immediate order (rules 13) holds per unit, the loss at the mark its position's equity does not cover. */
  reducingHoldPerUnitMicros(owner: Account, series: Series, side: Side, priceMicros: number): number;
  /** `marginFree`: a reducing immediate order (rules 13), which holds no margin. */
  checkOrder(account: Account, series: Series, side: Side, qty: number, priceMicros: number, heldMicros: number, replacedQty: number, marginFree?: boolean): RejectReason;
  prepareOrder(order: RestingOrder, owner: Account, series: Series, side: Side, priceMicros: number): void;
  /** `buyFeeMicros`, `sellFeeMicros`: each side's fee, within what its order held for it (trade-fees.ts), paid from the released hold before the position locks its margin. */
  settleFill(buy: RestingOrder, sell: RestingOrder, qty: number, priceMicros: number, buyFeeMicros: number, sellFeeMicros: number): void;
}

export interface OptionOrders {
  mayTrade(role: Role): boolean;
  checkPositionLimit(account: Account, series: Series, side: Side, qty: number, replacedQty: number): RejectReason;
  /** `replaced`: an amended sale, whose own hold the caller counts in `heldMicros`. */
  checkSale(account: Account, series: Series, units: number, qty: number, priceMicros: number, heldMicros: number, replaced?: RestingOrder): RejectReason;
  prepareOrder(order: RestingOrder, owner: Account, series: Series, side: Side, priceMicros: number, qty: number): void;
  writingCollateral(series: Series, p: Position, priceMicros: number, qty: number): number;
  /** Rules 21: the account's resting sales in the series that hold no margin hold their writing margin (a writing sale was placed or amended). */
  holdOtherSales(account: Account, series: Series): void;
  afterFill(buy: RestingOrder, sell: RestingOrder, qty: number): void;
}

export interface ForwardOrders {
  collateralPerUnitMicros(priceMicros: number): number;
  checkSale(account: Account, series: Series, available: number, qty: number, priceMicros: number, heldCollateralMicros: number): RejectReason;
  settleFill(
    f: ForwardState,
    buy: { owner: Account; position: Position },
    sell: { owner: Account; position: Position },
    qty: number,
    notionalMicros: number,
    collateralMicros: number,
  ): void;
}

/** Rules 3 (escrow.ts): a provider's own rights sold, and the proceeds held for its delivery. */
export interface SpotEscrow {
  /** `feeMicros`: the part of the seller's fee its free proceeds do not cover, taken from what is held. */
  sellOwn(series: Series, sell: Position, qty: number, priceMicros: number, feeMicros: number): number;
  emitHeld(seriesId: number, accountId: number, qty: number, heldMicros: number, tradeId: number): void;
}

export interface QuoteFills {
  countQuoteFill(series: Series, qty: number): void;
}

/** The engine as order entry sees it: the state it reads and writes, and the other concerns it calls. */
export type OrderEntryEngine = Pick<EngineState, 'seq' | 'rejectCommand' | 'risk' | 'rulesVersion' | 'isOperator' | 'out' | 'nowMs' | 'emitsEvents' | 'series' | 'pool' | 'orders' | 'nextTradeId' | 'nextOrderId' | 'limits' | 'killAll' | 'governancePhase' | 'expiries' | 'accounts'> & {
  readonly synthetics: SyntheticOrders;
  readonly options: OptionOrders;
  readonly forwards: ForwardOrders;
  readonly quotes: QuoteFills;
  readonly escrow: SpotEscrow;
  readonly preTrade: Pick<PreTradeRisk, 'countMessage' | 'checkOrderRisk' | 'checkEnlargedBid'>;
  readonly tradeFees: TradeFees;
};

export class OrderEntry implements MatchListener {
  // Results of order validation, kept in fields so the hot path allocates nothing.
  private checkedPriceMicros = 0;
  private checkedBook: OrderBook | undefined;
  /** The new order checked last is an immediate synthetic order that only reduces its position: it holds no margin (rules 13; newOrder passes it on). */
  private checkedMarginFree = false;

  // The engine's collections (never reassigned), held here too: the hot path reads them without going through the engine.
  private readonly accounts: EngineState['accounts'];
  private readonly series: EngineState['series'];
  private readonly orders: EngineState['orders'];
  private readonly pool: EngineState['pool'];
  private readonly expiries: EngineState['expiries'];

  constructor(private readonly e: OrderEntryEngine) {
    this.accounts = e.accounts;
    this.series = e.series;
    this.orders = e.orders;
    this.pool = e.pool;
    this.expiries = e.expiries;
  }

  private rejectOrder(cmd: NewOrder, reason: RejectReason): void {
    if (!this.e.emitsEvents) return;
    this.e.out.push({
      type: EventType.ORDER_REJECTED,
      seq: this.e.seq,
      accountId: cmd.actor,
      clientOrderId: cmd.clientOrderId,
      seriesId: cmd.seriesId,
      reason,
    });
  }

  /** Which sides each role may trade in the series kinds open now (phase 1: spot only). */
  private maySide(role: Role, side: Side): boolean {
    switch (role) {
      case Role.BROKER:
        return true;
      case Role.CONSUMER:
      case Role.INSTITUTION:
        return side === Side.BUY; // spot rights are delivered, never resold
      case Role.PROVIDER:
        return side === Side.SELL;
      default:
        return false;
    }
  }

  /** @internal Checks a price against the series' tick and limits. */
  checkPrice(series: Series, priceMicros: number): RejectReason {
    if (!isPositiveSafeInt(priceMicros)) return RejectReason.INVALID_PRICE;
    if (priceMicros % series.tickMicros !== 0) return RejectReason.INVALID_TICK;
    if (priceMicros < series.minPriceMicros || priceMicros > series.maxPriceMicros) {
      return RejectReason.PRICE_OUT_OF_LIMITS;
    }
    return RejectReason.NONE;
  }

  /** @internal Why a quantity is not a positive whole lot within the series' limit, or NONE. */
  checkQty(series: Series, qty: number): RejectReason {
    if (!isPositiveSafeInt(qty)) return RejectReason.INVALID_QUANTITY;
    if (qty % series.lotSize !== 0) return RejectReason.INVALID_LOT;
    if (qty > series.maxOrderQty) return RejectReason.QUANTITY_TOO_LARGE;
    return RejectReason.NONE;
  }

  /** @internal Why a series takes no orders now, or NONE. */
  checkTradable(series: Series): RejectReason {
    // The window's close (a forward: its open) decides, not only the expiry command: time is the sequencer's stamp, so replay agrees.
    if (series.status === SeriesStatus.EXPIRED || this.e.nowMs >= series.tradingEndsAtMs) return RejectReason.SERIES_EXPIRED;
    if (series.status === SeriesStatus.HALTED) return RejectReason.SERIES_HALTED;
    return RejectReason.NONE;
  }

  /**
   * A market order's protection limit (src/risk/protection.ts), 0 when there is nothing to anchor
   * it (refused NO_REFERENCE_PRICE). From rules 6 (TOUCH_PROTECTION_RULES), as CME's market orders
   * with protection and the clients' orders with no limit (src/client/order-protection.ts): the
   * best opposite price moved by the series' band, and never past the risk band around the
   * reference, which refuses a limit order there (PRICE_OUTSIDE_BAND). With nothing on the other
   * side it falls back to the reference: the order is then accepted and cancelled NO_LIQUIDITY,
   * as before. Under 0–5: the reference moved by the band, or the best opposite price before
   * there is a reference (a broker quoting above the lagging reference by more than the band was
   * out of every market order's reach).
   */
  private protectionPriceMicros(series: Series, book: OrderBook, side: Side): number {
    const isBuy = side === Side.BUY;
    const touch = isBuy ? book.bestAskMicros() : book.bestBidMicros();
    const reference = series.referencePriceMicros;
    const { tickMicros, minPriceMicros, maxPriceMicros, bandBps } = series;
    if (this.e.rulesVersion < TOUCH_PROTECTION_RULES) {
      return protectionLimitMicros(reference > 0 ? reference : touch, isBuy, bandBps, tickMicros, minPriceMicros, maxPriceMicros);
    }
    // From rules 15 at least PRICE_BAND_MIN_TICKS ticks past the touch: 5% of a premium of a few ticks rounds to the
    // touch itself, and a market buy of a cheap option met NOT_FILLED whenever the ask moved a tick (an outside review).
    const floor = this.e.rulesVersion >= PROTECTION_FLOOR_RULES ? PRICE_BAND_MIN_TICKS * tickMicros : 0;
    const limit = protectionLimitMicros(touch > 0 ? touch : reference, isBuy, bandBps, tickMicros, minPriceMicros, maxPriceMicros, floor);
    const riskBandBps = this.e.risk.priceBandBps;
    if (limit === 0 || reference === 0 || riskBandBps === 0) return limit;
    // The risk band's edge on the tick: the same formula around the reference (risk/checks.ts bandEdgesMicros).
    const edge = protectionLimitMicros(reference, isBuy, riskBandBps, tickMicros, minPriceMicros, maxPriceMicros, priceBandFloorMicros(this.e.rulesVersion, tickMicros));
    return isBuy ? Math.min(limit, edge) : Math.max(limit, edge);
  }

  /** The broker may not leave its own bids at or above its own asks (they live in different books). */
  private crossesOwnQuotes(series: Series, side: Side, priceMicros: number): boolean {
    if (series.counterparty !== CounterpartyRule.BROKER) return false;
    if (side === Side.BUY) {
      const ownBestAsk = series.brokerSells.bestAskMicros();
      return ownBestAsk !== 0 && priceMicros >= ownBestAsk;
    }
    const ownBestBid = series.brokerBuys.bestBidMicros();
    return ownBestBid !== 0 && priceMicros <= ownBestBid;
  }

  /** @internal Why a new order would be refused, or NONE (subscriptions ask before they buy). */
  checkNewOrder(cmd: NewOrder, account: Account | undefined, series: Series | undefined): RejectReason {
    this.checkedMarginFree = false;
    if (account === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    if (series === undefined) return RejectReason.UNKNOWN_SERIES;
    const tradable = this.checkTradable(series);
    if (tradable !== RejectReason.NONE) return tradable;
    if (cmd.side !== Side.BUY && cmd.side !== Side.SELL) return RejectReason.INVALID_ORDER_TYPE;
    if (series.isSpot || series.cashSettled === undefined) {
      if (!this.maySide(account.role, cmd.side)) return RejectReason.ROLE_NOT_ALLOWED;
    } else {
      const role = this.cashSettledRole(account.role, series);
      if (role !== RejectReason.NONE) return role;
    }
    const shape = this.checkOrderShape(cmd);
    if (shape !== RejectReason.NONE) return shape;
    const qtyReason = this.checkQty(series, cmd.qty);
    if (qtyReason !== RejectReason.NONE) return qtyReason;
    const riskReason = this.e.preTrade.checkOrderRisk(account, series, cmd.side, cmd.qty);
    if (riskReason !== RejectReason.NONE) return riskReason;
    if (cmd.clientOrderId > 0 && account.isClientOrderIdUsed(cmd.clientOrderId)) {
      return RejectReason.DUPLICATE_CLIENT_ORDER_ID;
    }
    if (account.openOrders >= this.e.limits.maxOpenOrdersPerAccount) return RejectReason.TOO_MANY_OPEN_ORDERS;
    if (this.pool.isFull()) return RejectReason.BOOK_FULL;
    const isBroker = account.role === Role.BROKER;
    const book = series.bookFor(cmd.side, isBroker);
    this.checkedBook = book;
    const priceReason = this.checkOrderPrice(cmd, series, book, isBroker);
    if (priceReason !== RejectReason.NONE) return priceReason;
    if (cmd.orderType === OrderType.LIMIT && outsideBand(this.e.risk, cmd.side === Side.BUY, cmd.priceMicros, series.referencePriceMicros, priceBandFloorMicros(this.e.rulesVersion, series.tickMicros))) {
      return RejectReason.PRICE_OUTSIDE_BAND;
    }
    return this.checkCover(cmd, account, series);
  }

  /** Who trades a cash-settled series: synthetics institutions and the broker (and consumers once opened in phase 4); options whoever may buy (writing is checked with the sale). */
  private cashSettledRole(role: Role, series: Series): RejectReason {
    if (series.synthetic !== undefined) {
      if (role === Role.INSTITUTION || role === Role.BROKER) return RejectReason.NONE;
      // Phase 4 opens the layer to all; synthetics stay for institutions unless the operator opens them to retail.
      const retailOpen = role === Role.CONSUMER && this.e.risk.syntheticsOpenToRetail === 1 && this.e.governancePhase >= 4;
      return retailOpen ? RejectReason.NONE : RejectReason.INSTITUTION_REQUIRED;
    }
    return this.e.options.mayTrade(role) ? RejectReason.NONE : RejectReason.ROLE_NOT_ALLOWED;
  }

  /** Order type, time in force, flags and client id make sense together. */
  private checkOrderShape(cmd: NewOrder): RejectReason {
    if (!Number.isSafeInteger(cmd.clientOrderId) || cmd.clientOrderId < 0) return RejectReason.INVALID_ORDER_TYPE;
    if (cmd.stp < SelfTradePrevention.CANCEL_NEWEST || cmd.stp > SelfTradePrevention.DECREMENT) {
      return RejectReason.INVALID_ORDER_TYPE;
    }
    if (cmd.tif < TimeInForce.GTC || cmd.tif > TimeInForce.FOK) return RejectReason.INVALID_ORDER_TYPE;
    const immediate = cmd.tif === TimeInForce.IOC || cmd.tif === TimeInForce.FOK;
    if (cmd.orderType === OrderType.MARKET) {
      if (!immediate || cmd.postOnly) return RejectReason.INVALID_ORDER_TYPE;
    } else if (cmd.orderType !== OrderType.LIMIT) {
      return RejectReason.INVALID_ORDER_TYPE;
    }
    if (cmd.postOnly && immediate) return RejectReason.INVALID_ORDER_TYPE;
    if (cmd.tif === TimeInForce.GTD) {
      if (!Number.isSafeInteger(cmd.expireAtMs) || cmd.expireAtMs <= this.e.nowMs) return RejectReason.INVALID_EXPIRY;
    } else if (cmd.expireAtMs !== 0) {
      return RejectReason.INVALID_EXPIRY;
    }
    return RejectReason.NONE;
  }

  /** Sets checkedPriceMicros. */
  private checkOrderPrice(cmd: NewOrder, series: Series, book: OrderBook, isBroker: boolean): RejectReason {
    let limitMicros: number;
    if (cmd.orderType === OrderType.MARKET) {
      limitMicros = this.protectionPriceMicros(series, book, cmd.side);
      if (limitMicros === 0) return RejectReason.NO_REFERENCE_PRICE;
    } else {
      const reason = this.checkPrice(series, cmd.priceMicros);
      if (reason !== RejectReason.NONE) return reason;
      limitMicros = cmd.priceMicros;
    }
    const limitIndex = book.indexOf(limitMicros);
    if (cmd.postOnly && book.crosses(cmd.side, limitIndex)) return RejectReason.POST_ONLY_WOULD_CROSS;
    if (isBroker && this.crossesOwnQuotes(series, cmd.side, limitMicros)) return RejectReason.WOULD_CROSS_OWN_QUOTES;
    if (cmd.tif === TimeInForce.FOK && book.fillableQty(cmd.side, cmd.actor, limitIndex, cmd.qty) < cmd.qty) {
      return RejectReason.FOK_NOT_FILLABLE;
    }
    this.checkedPriceMicros = limitMicros;
    return RejectReason.NONE;
  }

  /** The account can cover the order: PAT for a buy, rights for a sell. */
  private checkCover(cmd: NewOrder, account: Account, series: Series): RejectReason {
    if (!series.isSpot) return this.checkOtherCover(cmd, account, series);
    if (cmd.side === Side.BUY) return this.checkBuyCover(cmd, account, series);
    const available = account.positions.get(series.id)?.available ?? 0;
    return cmd.qty > available ? RejectReason.INSUFFICIENT_RIGHTS : RejectReason.NONE;
  }

  /** A buy's PAT (a spot or forward price, an option's premium); `fromLockMicros`: what its fills free of the account's lock (an option's buy-back). */
  private checkBuyCover(cmd: NewOrder, account: Account, series: Series, fromLockMicros = 0): RejectReason {
    // Notional fits a safe integer: listing bounds maxPrice × maxOrderQty.
    const notional = this.checkedPriceMicros * cmd.qty;
    // The fee a buy holds (trade-fees.ts) is covered with its notional: 0 under today's schedule.
    const feeHeld = this.e.tradeFees.holdPerUnitMicros(account, series, cmd.side, this.checkedPriceMicros) * cmd.qty;
    const cover = account.availableMicros + fromLockMicros;
    if (notional + feeHeld > cover) return RejectReason.INSUFFICIENT_BALANCE;
    if (account.role !== Role.BROKER && collateralShort(this.e.risk, series.tradeCount, notional, cover)) {
      return RejectReason.INSUFFICIENT_COLLATERAL;
    }
    return RejectReason.NONE;
  }

  /** Cover in a forward, synthetic or option: margin for a synthetic, a forward or option sale's own rules. */
  private checkOtherCover(cmd: NewOrder, account: Account, series: Series): RejectReason {
    const priceMicros = this.checkedPriceMicros;
    if (series.synthetic !== undefined) {
      this.checkedMarginFree = this.reducesNow(cmd, account, series);
      const margin = this.e.synthetics.checkOrder(account, series, cmd.side, cmd.qty, priceMicros, 0, 0, this.checkedMarginFree);
      if (margin !== RejectReason.NONE) return margin;
      const perUnit = this.checkedMarginFree ? this.e.synthetics.reducingHoldPerUnitMicros(account, series, cmd.side, priceMicros) : this.e.synthetics.orderMarginPerUnitMicros(account, series, cmd.side, priceMicros);
      return this.checkFeeHold(account, series, cmd.side, perUnit, priceMicros, cmd.qty, 0);
    }
    if (series.option !== undefined) {
      const limited = this.e.options.checkPositionLimit(account, series, cmd.side, cmd.qty, 0);
      if (limited !== RejectReason.NONE) return limited;
    }
    if (cmd.side === Side.BUY) return this.checkBuyCover(cmd, account, series, series.option !== undefined ? this.lockFreedByBuyBack(cmd, account) : 0);
    const available = account.positions.get(series.id)?.available ?? 0;
    if (series.option !== undefined) return this.e.options.checkSale(account, series, available, cmd.qty, priceMicros, 0);
    const sale = this.e.forwards.checkSale(account, series, available, cmd.qty, priceMicros, 0);
    if (sale !== RejectReason.NONE) return sale;
    return this.checkFeeHold(account, series, Side.SELL, this.e.forwards.collateralPerUnitMicros(priceMicros), priceMicros, cmd.qty, 0);
  }

  /**
   * Under rules 13 (REDUCING_IMMEDIATE_RULES): a synthetic order that never rests (IOC, FOK, market) and whose
   * quantity the position it closes covers (a sale of at most the long, a buy of at most the short) holds no margin:
   * each unit it fills frees the position's margin instead, so an account with no free PAT can still close. Resting
   * orders always hold theirs (they could outlive the position they would close). Under 0–12 it held the margin of
   * an opening order, so a fully margined position could not be closed before its settlement.
   */
  private reducesNow(cmd: NewOrder, account: Account, series: Series): boolean {
    if (this.e.rulesVersion < REDUCING_IMMEDIATE_RULES || !neverRests(cmd)) return false;
    const net = account.positions.get(series.id)?.available ?? 0;
    return cmd.side === Side.SELL ? cmd.qty <= net : cmd.qty <= -net;
  }

  /**
   * Under rules 15 (BUY_BACK_FROM_LOCK_RULES): what an option buy that never rests (IOC, FOK, market) and buys back at most
   * the account's written position frees of that position's lock, less a µPAT a unit (each partial fill frees its share
   * rounded down). Its premium may come from there: each fill pays, then frees the lock pro rata (options.ts `afterFill`),
   * so the account's free PAT, short within the command by at most this, ends it at or above zero (the check counts
   * the limit; a fill is at or below it). Under 0–14 free PAT alone counted: a writer whose PAT was in its lock could
   * not buy back (an outside review: a call written ITM locked 0.556 PAT, and a buy-back at 0.118 was refused
   * INSUFFICIENT_BALANCE until expiry). A resting buy holds its premium from free PAT, as before.
   */
  private lockFreedByBuyBack(cmd: NewOrder, account: Account): number {
    if (this.e.rulesVersion < BUY_BACK_FROM_LOCK_RULES || !neverRests(cmd)) return 0;
    const p = account.positions.get(cmd.seriesId);
    if (p === undefined || p.collateralMicros === 0) return 0;
    const written = -(p.available + p.held);
    if (written <= 0 || cmd.qty > written) return 0;
    const freed = cmd.qty === written ? p.collateralMicros : mulDiv(p.collateralMicros, cmd.qty, written);
    return Math.max(0, freed - cmd.qty);
  }

  /**
   * A synthetic order or a forward sale holds its fee beside its margin or collateral (`perUnitMicros`):
   * one whose margin fits the account's free PAT (with `heldMicros`, what it holds now) but whose fee
   * does not is refused INSUFFICIENT_BALANCE, as a buy is (docs/fees.md).
   */
  private checkFeeHold(account: Account, series: Series, side: Side, perUnitMicros: number, priceMicros: number, qty: number, heldMicros: number): RejectReason {
    if (this.e.tradeFees.off) return RejectReason.NONE;
    const fee = this.e.tradeFees.holdPerUnitMicros(account, series, side, priceMicros);
    if (fee === 0) return RejectReason.NONE;
    return (perUnitMicros + fee) * qty > account.availableMicros + heldMicros ? RejectReason.INSUFFICIENT_BALANCE : RejectReason.NONE;
  }

  newOrder(cmd: NewOrder): void {
    const account = this.accounts[cmd.actor];
    const series = this.series[cmd.seriesId];
    const reason = this.checkNewOrder(cmd, account, series);
    if (reason !== RejectReason.NONE) return this.rejectOrder(cmd, reason);
    this.e.preTrade.countMessage(account!);
    const order = this.createOrder(cmd, account!, series!);
    this.enter(order, this.checkedBook!, cmd.orderType === OrderType.MARKET, cmd.tif === TimeInForce.GTD ? cmd.expireAtMs : 0);
  }

  private createOrder(cmd: NewOrder, account: Account, series: Series): RestingOrder {
    const order = this.acquireOrder(account, series, cmd.side, this.checkedPriceMicros, cmd.qty, this.checkedMarginFree);
    order.clientOrderId = cmd.clientOrderId;
    order.tif = cmd.tif;
    order.stp = cmd.stp;
    order.postOnly = cmd.postOnly;
    if (cmd.clientOrderId > 0) account.useClientOrderId(cmd.clientOrderId);
    return order;
  }

  /**
   * A fresh order from the pool, with its hold taken: a plain GTC limit order
   * with no client id; callers set what differs. The one place order fields are
   * initialised, so a pooled object never keeps a previous order's values.
   */
  /** @internal A new resting order from the pool, its hold taken; `marginFree`: a reducing immediate synthetic order (reducesNow), which holds no margin. */
  acquireOrder(owner: Account, series: Series, side: Side, priceMicros: number, qty: number, marginFree = false): RestingOrder {
    const order = this.pool.acquire();
    order.orderId = this.e.nextOrderId++;
    order.clientOrderId = 0;
    order.resetBits(side);
    order.priceMicros = priceMicros;
    order.cumQty = 0;
    order.leavesQty = qty;
    order.collateralPerUnitMicros = 0;
    if (!series.isSpot) this.prepareOtherOrder(order, owner, series, side, priceMicros, qty, marginFree);
    else if (side === Side.BUY && !this.e.tradeFees.off) order.collateralPerUnitMicros = this.e.tradeFees.holdPerUnitMicros(owner, series, side, priceMicros);
    order.position = owner.position(series.id);
    this.hold(order, qty);
    return order;
  }

  /** A forward's, synthetic's or option's own part of a new order: its holders, a sale's collateral or margin. */
  private prepareOtherOrder(order: RestingOrder, owner: Account, series: Series, side: Side, priceMicros: number, qty: number, marginFree: boolean): void {
    if (series.synthetic !== undefined) {
      this.e.synthetics.prepareOrder(order, owner, series, side, priceMicros);
      // Rules 13: a reducing immediate order holds no margin; from rules 23 the loss at the mark its position's equity does not cover.
      if (marginFree) order.collateralPerUnitMicros = this.e.synthetics.reducingHoldPerUnitMicros(owner, series, side, priceMicros);
      this.addFeeHold(order, owner, series, priceMicros);
    } else if (series.option !== undefined) {
      this.e.options.prepareOrder(order, owner, series, side, priceMicros, qty);
      if (side === Side.BUY && !this.e.tradeFees.off) order.collateralPerUnitMicros = this.e.tradeFees.holdPerUnitMicros(owner, series, side, priceMicros);
    }
    else if (series.forward !== undefined) {
      if (!owner.positions.has(series.id)) series.forward.holders.push(owner.id);
      if (side === Side.SELL) {
        order.collateralPerUnitMicros = this.e.forwards.collateralPerUnitMicros(priceMicros);
        this.addFeeHold(order, owner, series, priceMicros);
      } else order.collateralPerUnitMicros = this.buyFeeHold(owner, series, priceMicros);
    }
  }

  /**
   * A synthetic order or a forward sale holds its fee with its margin or collateral (set just before):
   * the rate in `feeHoldBps`, the µPAT per unit added to `collateralPerUnitMicros` (0 under a zero schedule).
   */
  private addFeeHold(order: RestingOrder, owner: Account, series: Series, priceMicros: number): void {
    const bps = this.e.tradeFees.off ? 0 : this.e.tradeFees.holdBps(owner, series, order.side);
    order.feeHoldBps = bps;
    if (bps !== 0) order.collateralPerUnitMicros += feeMicros(priceMicros, bps);
  }

  /** µPAT `qty` units of a synthetic order or a forward sale hold for its fee (0 for every other order). */
  private heldFeeMicros(order: RestingOrder, qty: number): number {
    return order.feeHoldBps === 0 ? 0 : feeMicros(order.priceMicros, order.feeHoldBps) * qty;
  }

  /** @internal Accepts an order, matches it, and rests or cancels what is left (a GTD order's remainder until `expireAtMs`). */
  enter(order: RestingOrder, book: OrderBook, isMarket: boolean, expireAtMs = 0): void {
    this.emitAccepted(order);
    const limitIndex = book.indexOf(order.priceMicros);
    const stop = book.crosses(order.side, limitIndex) ? book.match(order, limitIndex, this) : MatchStop.DONE;
    if (order.leavesQty === 0) return this.retire(order);
    if (stop === MatchStop.SELF_TRADE) return this.cancelRemainder(order, CancelReason.SELF_TRADE);
    if (isMarket) {
      // Matching stopped with liquidity left only if the band stopped it.
      const reason = this.hasOpposite(book, order.side) ? CancelReason.MARKET_PROTECTION : CancelReason.NO_LIQUIDITY;
      return this.cancelRemainder(order, reason);
    }
    if (order.tif === TimeInForce.IOC || order.tif === TimeInForce.FOK) {
      return this.cancelRemainder(order, CancelReason.IOC_REMAINDER);
    }
    this.restOrder(order, book, expireAtMs);
  }

  private hasOpposite(book: OrderBook, side: Side): boolean {
    return side === Side.BUY ? book.asks.best >= 0 : book.bids.best >= 0;
  }

  private emitAccepted(order: RestingOrder): void {
    if (!this.e.emitsEvents) return;
    this.e.out.accepted(this.e.seq, order);
  }

  /** Rests an order; one resting for the first time joins the indexes (a GTD order the expiry queue: `expireAtMs`). */
  private restOrder(order: RestingOrder, book: OrderBook, expireAtMs = 0): void {
    book.rest(order);
    if (order.indexed) return;
    order.indexed = true;
    this.orders.add(order);
    const owner = order.owner;
    owner.indexClientOrderId(order);
    owner.linkOrder(order);
    if (expireAtMs > 0) this.expiries.push(expireAtMs, order.orderId);
  }

  /**
   * Puts an order read from a snapshot back into its book and indexes, in book
   * priority order. The snapshot decoder links account order lists afterwards.
   */
  restoreRestingOrder(order: RestingOrder, book: OrderBook, expireAtMs: number): void {
    book.rest(order);
    order.indexed = true;
    this.orders.add(order);
    order.owner.indexClientOrderId(order);
    if (expireAtMs > 0) this.expiries.push(expireAtMs, order.orderId);
  }

  /** Forgets an order that is done (filled, cancelled, expired) and recycles it. */
  private retire(order: RestingOrder): void {
    if (order.indexed) {
      this.orders.remove(order);
      const owner = order.owner;
      owner.forgetClientOrderId(order);
      owner.unlinkOrder(order);
    }
    this.pool.release(order);
  }

  /** Holds what `qty` more of the order needs: PAT for a buy, rights (and a forward sale's collateral) for a sell. */
  private hold(order: RestingOrder, qty: number): void {
    if (order.cashSettled) {
      const micros = order.collateralPerUnitMicros * qty;
      order.owner.availableMicros -= micros;
      order.owner.heldMicros += micros;
      if (order.side === Side.BUY) order.position.restingBuyUnits += qty;
      else order.position.restingSellUnits += qty;
      return;
    }
    if (order.side === Side.BUY) {
      // A buy's collateralPerUnitMicros is the fee it holds per unit (trade-fees.ts): 0 under a zero schedule.
      const micros = (order.priceMicros + order.collateralPerUnitMicros) * qty;
      order.owner.availableMicros -= micros;
      order.owner.heldMicros += micros;
      order.position.openBuyQty += qty;
    } else {
      // In a forward the seller's position may go below zero: a short, a promise to deliver.
      order.position.available -= qty;
      order.position.held += qty;
      if (order.collateralPerUnitMicros !== 0) {
        const micros = order.collateralPerUnitMicros * qty;
        order.owner.availableMicros -= micros;
        order.owner.heldMicros += micros;
      }
    }
  }

  /** @internal Releases what `qty` of the order held. */
  release(order: RestingOrder, qty: number): void {
    if (order.cashSettled) {
      const micros = order.collateralPerUnitMicros * qty;
      order.owner.heldMicros -= micros;
      order.owner.availableMicros += micros;
      if (order.side === Side.BUY) order.position.restingBuyUnits -= qty;
      else order.position.restingSellUnits -= qty;
      return;
    }
    if (order.side === Side.BUY) {
      const micros = (order.priceMicros + order.collateralPerUnitMicros) * qty;
      order.owner.heldMicros -= micros;
      order.owner.availableMicros += micros;
      order.position.openBuyQty -= qty;
    } else {
      order.position.held -= qty;
      order.position.available += qty;
      if (order.collateralPerUnitMicros !== 0) {
        const micros = order.collateralPerUnitMicros * qty;
        order.owner.heldMicros -= micros;
        order.owner.availableMicros += micros;
      }
    }
  }

  /** Cancels whatever the order has left (it is not in a book), releases its hold, retires it. */
  private cancelRemainder(order: RestingOrder, reason: CancelReason): void {
    const qty = order.leavesQty;
    this.release(order, qty);
    this.emitCanceled(order, qty, reason);
    order.leavesQty = 0;
    this.retire(order);
  }

  /** Takes a resting order out of its book and cancels it. */
  /** The book a live order belongs to. */
  bookOf(order: RestingOrder): OrderBook {
    return this.series[order.seriesId]!.bookFor(order.side, order.owner.role === Role.BROKER);
  }

  /** @internal Cancels a resting order (out of its book, hold released, CANCELED reported). */
  cancelResting(order: RestingOrder, reason: CancelReason): void {
    this.bookOf(order).remove(order);
    this.cancelRemainder(order, reason);
  }

  private emitCanceled(order: RestingOrder, canceledQty: number, reason: CancelReason): void {
    if (!this.e.emitsEvents) return;
    this.e.out.canceled(this.e.seq, order, canceledQty, reason);
  }

  onTrade(maker: RestingOrder, taker: RestingOrder, qty: number): void {
    const priceMicros = maker.priceMicros;
    const buy = taker.side === Side.BUY ? taker : maker;
    const sell = taker.side === Side.BUY ? maker : taker;
    const series = this.series[maker.seriesId]!;
    let soldOwn = 0;
    let soldOwnHeldMicros = 0;
    let buyerFee = 0;
    let sellerFee = 0;
    if (series.isSpot) {
      const notional = this.passUnits(buy, sell, qty, priceMicros);
      buy.position.addBought(qty, notional);
      if (!this.e.tradeFees.off) {
        buyerFee = this.chargeBuyer(series, buy, buy === maker, qty, notional, 0);
        sellerFee = this.e.tradeFees.sellerFeeMicros(sell.owner, series, sell === maker, notional);
      }
      // Rules 3: rights a provider sells from its own stock join the supply, their proceeds held (escrow.ts);
      // the seller's fee comes out of its free proceeds first, then out of what is held.
      const ownQty = sell.position.ownUnsold === 0 ? 0 : qty < sell.position.ownUnsold ? qty : sell.position.ownUnsold;
      const freeMicros = notional - ownQty * priceMicros;
      const feeFromHeld = sellerFee > freeMicros ? sellerFee - freeMicros : 0;
      if (ownQty !== 0) {
        soldOwn = this.e.escrow.sellOwn(series, sell.position, qty, priceMicros, feeFromHeld);
        soldOwnHeldMicros = soldOwn * priceMicros - feeFromHeld;
      }
      sell.owner.availableMicros += freeMicros - (sellerFee - feeFromHeld);
    } else if (series.synthetic !== undefined) {
      // Both sides pay from what their orders held for the fee (released with the margin, before the position locks).
      if (!this.e.tradeFees.off) {
        const notional = priceMicros * qty;
        const issuedMicros = this.brokerIssuedQty(sell, sell.position.available - qty, qty) * priceMicros;
        buyerFee = this.e.tradeFees.buyerFeeMicros(buy.owner, series, buy === maker, notional, issuedMicros, this.heldFeeMicros(buy, qty));
        sellerFee = this.e.tradeFees.sellerFeeMicros(sell.owner, series, sell === maker, notional, this.saleFeeCapMicros(sell, qty, priceMicros));
      }
      this.e.synthetics.settleFill(buy, sell, qty, priceMicros, buyerFee, sellerFee);
    } else {
      const notional = this.passUnits(buy, sell, qty, priceMicros);
      if (series.forward !== undefined) {
        const fees = this.settleForwardFill(series.forward, series, buy, sell, qty, priceMicros, buy === maker);
        buyerFee = fees.buyer;
        sellerFee = fees.seller;
      } else {
        sell.owner.availableMicros += notional;
        this.e.options.afterFill(buy, sell, qty);
        if (!this.e.tradeFees.off) {
          buyerFee = this.chargeBuyer(series, buy, buy === maker, qty, notional, this.brokerIssuedQty(sell, sell.position.available + sell.position.held, qty) * priceMicros);
          sellerFee = this.e.tradeFees.sellerFeeMicros(sell.owner, series, sell === maker, notional);
          sell.owner.availableMicros -= sellerFee; // out of the premium it was just paid
        }
      }
    }
    if (buyerFee + sellerFee !== 0) this.e.tradeFees.collect(buyerFee + sellerFee);
    if (series.indexTrack !== undefined) series.indexTrack.recordTrade(this.e.nowMs, priceMicros, qty);
    series.lastTradeMicros = priceMicros;
    series.tradeCount++;
    if (maker.isQuote) this.e.quotes.countQuoteFill(series, qty);
    const tradeId = this.e.nextTradeId++;
    if (this.e.emitsEvents) {
      if (buyerFee + sellerFee === 0) this.e.out.fill(this.e.seq, maker, taker, qty, priceMicros, tradeId);
      else {
        const makerFee = buy === maker ? buyerFee : sellerFee;
        this.e.out.push(feeFillEvent(this.e.seq, maker, taker, qty, priceMicros, tradeId, makerFee, buyerFee + sellerFee - makerFee));
      }
    }
    if (soldOwn !== 0) this.e.escrow.emitHeld(series.id, sell.owner.id, soldOwn, soldOwnHeldMicros, tradeId);
    if (maker.leavesQty === 0) this.retire(maker);
  }

  /**
   * The buyer's fee on a fill: out of what its order held for it (passUnits released the hold
   * to its free PAT, so this takes it back); returns it.
   */
  private chargeBuyer(series: Series, buy: RestingOrder, isMaker: boolean, qty: number, notionalMicros: number, issuedMicros: number): number {
    const fee = this.e.tradeFees.buyerFeeMicros(buy.owner, series, isMaker, notionalMicros, issuedMicros, buy.collateralPerUnitMicros * qty);
    buy.owner.availableMicros -= fee;
    return fee;
  }

  /**
   * A forward fill, after the units passed: the seller's proceeds escrowed and its collateral locked
   * (forwards.ts); the buyer pays its fee from its hold as in spot, the seller from what its sale held
   * beside the collateral, so the escrow stays the forward price and delivery is as without fees.
   */
  private settleForwardFill(f: ForwardState, series: Series, buy: RestingOrder, sell: RestingOrder, qty: number, priceMicros: number, buyIsMaker: boolean): Readonly<{ buyer: number; seller: number }> {
    const notionalMicros = priceMicros * qty;
    // Released even when the schedule has gone to zero since the sale rested: it held it.
    const sellFeeHeld = this.heldFeeMicros(sell, qty);
    this.e.forwards.settleFill(f, buy, sell, qty, notionalMicros, sell.collateralPerUnitMicros * qty - sellFeeHeld);
    if (this.e.tradeFees.off) {
      if (sellFeeHeld !== 0) this.unholdFee(sell.owner, sellFeeHeld, 0);
      return NO_FEES;
    }
    const buyer = this.chargeBuyer(series, buy, buyIsMaker, qty, notionalMicros, 0);
    const seller = this.e.tradeFees.sellerFeeMicros(sell.owner, series, !buyIsMaker, notionalMicros, this.saleFeeCapMicros(sell, qty, priceMicros));
    if (sellFeeHeld !== 0) this.unholdFee(sell.owner, sellFeeHeld, seller);
    return { buyer, seller };
  }

  /**
   * The most a synthetic or forward sale pays for its fee on a fill of `qty` at `priceMicros`: what its
   * order held for them. Under rules 8 (SALE_FEE_AT_FILL_RULES) a sale that fills above its limit (a
   * taker meeting a higher bid) owes its held rate on the fill's price: the part above the hold comes
   * from its free PAT, as far as that goes, so no balance goes below zero. Before, it paid the hold.
   */
  private saleFeeCapMicros(sell: RestingOrder, qty: number, priceMicros: number): number {
    const held = this.heldFeeMicros(sell, qty);
    if (priceMicros <= sell.priceMicros || held === 0 || this.e.rulesVersion < SALE_FEE_AT_FILL_RULES) return held;
    const extra = feeMicros(priceMicros, sell.feeHoldBps) * qty - held;
    const free = sell.owner.availableMicros;
    return held + (extra < free ? extra : free);
  }

  /** Releases a fee hold of `heldMicros`, keeping `feeMicros` of it for the fee account (more than held: the rest from free PAT). */
  private unholdFee(owner: Account, heldMicros: number, feeMicros: number): void {
    owner.heldMicros -= heldMicros;
    owner.availableMicros += heldMicros - feeMicros;
  }

  /**
   * Option or synthetic units the broker's sale of `qty` wrote: how far it took the broker's position
   * below zero, given the position `netAfter` the sale (0 for any other seller).
   */
  private brokerIssuedQty(sell: RestingOrder, netAfter: number, qty: number): number {
    if (sell.owner.role !== Role.BROKER) return 0;
    const shortAfter = netAfter < 0 ? -netAfter : 0;
    const shortBefore = netAfter + qty < 0 ? -(netAfter + qty) : 0;
    return shortAfter - shortBefore;
  }

  /** The units pass from seller to buyer, who pays the maker's price out of its hold; returns the notional, which the caller credits. */
  private passUnits(buy: RestingOrder, sell: RestingOrder, qty: number, priceMicros: number): number {
    const notional = priceMicros * qty;
    // With the fee the buy held per unit (trade-fees.ts; 0 under a zero schedule): the caller charges what is due.
    const heldMicros = (buy.priceMicros + buy.collateralPerUnitMicros) * qty;
    buy.owner.heldMicros -= heldMicros;
    buy.owner.availableMicros += heldMicros - notional; // a taker buying below its limit gets the difference back
    buy.position.available += qty;
    buy.position.openBuyQty -= qty;
    sell.position.held -= qty;
    return notional;
  }

  onSelfTradeCancel(maker: RestingOrder): void {
    this.cancelRemainder(maker, CancelReason.SELF_TRADE);
  }

  onSelfTradeDecrement(order: RestingOrder, qty: number): void {
    this.release(order, qty);
    this.emitAmended(order, true);
  }

  /** @internal Reports an amended order (ORDER_AMENDED). */
  emitAmended(order: RestingOrder, priorityKept: boolean): void {
    this.e.out.push({
      type: EventType.ORDER_AMENDED,
      seq: this.e.seq,
      orderId: order.orderId,
      accountId: order.owner.id,
      clientOrderId: order.clientOrderId,
      seriesId: order.seriesId,
      side: order.side,
      priceMicros: order.priceMicros,
      orderQty: order.orderQty,
      cumQty: order.cumQty,
      leavesQty: order.leavesQty,
      priorityKept,
    });
  }

  /** The live order a cancel or amend names, if the actor may touch it. */
  private findOwnOrder(actor: number, orderId: number, clientOrderId: number): RestingOrder | undefined {
    const order =
      orderId > 0 ? this.orders.get(orderId) : this.accounts[actor]?.byClientOrderId().get(clientOrderId);
    if (order === undefined) return undefined;
    // Someone else's order is reported unknown, so ids reveal nothing.
    if (order.owner.id !== actor && !this.e.isOperator(actor)) return undefined;
    return order;
  }

  cancelOrder(cmd: CancelOrder): void {
    const order = this.findOwnOrder(cmd.actor, cmd.orderId, cmd.clientOrderId);
    if (order === undefined) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.UNKNOWN_ORDER);
    this.cancelResting(order, CancelReason.USER);
  }

  amendOrder(cmd: AmendOrder): void {
    const order = this.findOwnOrder(cmd.actor, cmd.orderId, 0);
    if (order === undefined || order.owner.id !== cmd.actor) {
      return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.UNKNOWN_ORDER);
    }
    const series = this.series[order.seriesId]!;
    const book = this.bookOf(order);
    const reason = this.checkAmend(cmd, order, series, book);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.e.preTrade.countMessage(order.owner);
    if (cmd.newPriceMicros === order.priceMicros && cmd.newQty < order.orderQty) {
      const qty = order.orderQty - cmd.newQty;
      book.reduce(order, qty); // and so its orderQty
      this.release(order, qty);
      return this.emitAmended(order, true);
    }
    this.replace(order, cmd.newQty, cmd.newPriceMicros, book);
  }

  private checkAmend(cmd: AmendOrder, order: RestingOrder, series: Series, book: OrderBook): RejectReason {
    const tradable = this.checkTradable(series);
    if (tradable !== RejectReason.NONE) return tradable;
    const owner = order.owner;
    if (this.e.killAll || owner.killed || series.killed) return RejectReason.KILL_SWITCH_ENGAGED;
    if (orderTooLarge(this.e.risk, cmd.newQty)) return RejectReason.ORDER_SIZE_LIMIT;
    if (owner.role !== Role.BROKER && throttled(this.e.risk, owner.throttleWindowStartMs, owner.throttleCount, this.e.nowMs)) {
      return RejectReason.THROTTLED;
    }
    if (outsideBand(this.e.risk, order.side === Side.BUY, cmd.newPriceMicros, series.referencePriceMicros, priceBandFloorMicros(this.e.rulesVersion, series.tickMicros))) {
      return RejectReason.PRICE_OUTSIDE_BAND;
    }
    const priceReason = this.checkPrice(series, cmd.newPriceMicros);
    if (priceReason !== RejectReason.NONE) return priceReason;
    const qtyReason = this.checkQty(series, cmd.newQty);
    if (qtyReason !== RejectReason.NONE) return qtyReason;
    if (cmd.newQty <= order.cumQty) return RejectReason.INVALID_QUANTITY;
    if (cmd.newQty === order.orderQty && cmd.newPriceMicros === order.priceMicros) return RejectReason.AMEND_NO_CHANGE;
    if (cmd.newPriceMicros === order.priceMicros && cmd.newQty < order.orderQty) return RejectReason.NONE;
    const newIndex = book.indexOf(cmd.newPriceMicros);
    if (order.postOnly && book.crosses(order.side, newIndex)) return RejectReason.POST_ONLY_WOULD_CROSS;
    if (order.owner.role === Role.BROKER && this.crossesOwnQuotes(series, order.side, cmd.newPriceMicros)) {
      return RejectReason.WOULD_CROSS_OWN_QUOTES;
    }
    const newLeaves = cmd.newQty - order.cumQty;
    if (series.option !== undefined) {
      const limited = this.e.options.checkPositionLimit(order.owner, series, order.side, newLeaves, order.leavesQty);
      if (limited !== RejectReason.NONE) return limited;
    }
    if (order.cashSettled) {
      const held = order.collateralPerUnitMicros * order.leavesQty;
      const margin = this.e.synthetics.checkOrder(owner, series, order.side, newLeaves, cmd.newPriceMicros, held, order.leavesQty);
      if (margin !== RejectReason.NONE) return margin;
      return this.checkFeeHold(owner, series, order.side, this.e.synthetics.orderMarginPerUnitMicros(owner, series, order.side, cmd.newPriceMicros), cmd.newPriceMicros, newLeaves, held);
    }
    if (order.side === Side.BUY) {
      // A larger bid is held to the same limits on the long as a new buy of the difference.
      const longReason = this.e.preTrade.checkEnlargedBid(owner, series, order.position, newLeaves - order.leavesQty);
      if (longReason !== RejectReason.NONE) return longReason;
      // With the fee the buy holds per unit now and would hold at the new price (trade-fees.ts; 0 under a zero schedule).
      const newFee = this.buyFeeHold(order.owner, series, cmd.newPriceMicros);
      const extra = (cmd.newPriceMicros + newFee) * newLeaves - (order.priceMicros + order.collateralPerUnitMicros) * order.leavesQty;
      if (extra > order.owner.availableMicros) return RejectReason.INSUFFICIENT_BALANCE;
    } else if (series.option !== undefined) {
      // The remaining sale again, at the new price: the units it offers now count as unoffered.
      return this.e.options.checkSale(order.owner, series, order.position.available + order.leavesQty, newLeaves, cmd.newPriceMicros, order.collateralPerUnitMicros * order.leavesQty, order);
    } else if (series.forward !== undefined) {
      // The whole remaining sale is checked again at the new price, crediting what it holds now.
      const heldCollateral = order.collateralPerUnitMicros * order.leavesQty;
      const sale = this.e.forwards.checkSale(order.owner, series, order.position.available + order.leavesQty, newLeaves, cmd.newPriceMicros, heldCollateral);
      if (sale !== RejectReason.NONE) return sale;
      return this.checkFeeHold(owner, series, Side.SELL, this.e.forwards.collateralPerUnitMicros(cmd.newPriceMicros), cmd.newPriceMicros, newLeaves, heldCollateral);
    } else if (newLeaves - order.leavesQty > order.position.available) {
      return RejectReason.INSUFFICIENT_RIGHTS;
    }
    return RejectReason.NONE;
  }

  /** Cancel/replace that loses time priority: re-enters the book and may trade. */
  private replace(order: RestingOrder, newQty: number, newPriceMicros: number, book: OrderBook): void {
    book.remove(order);
    this.release(order, order.leavesQty);
    order.priceMicros = newPriceMicros;
    order.leavesQty = newQty - order.cumQty;
    const series = this.series[order.seriesId]!;
    if (order.cashSettled) {
      order.collateralPerUnitMicros = this.e.synthetics.orderMarginPerUnitMicros(order.owner, series, order.side, newPriceMicros);
      this.addFeeHold(order, order.owner, series, newPriceMicros); // at the rates in force now, as a buy's
    } else if (order.side === Side.SELL && series.option !== undefined) {
      order.collateralPerUnitMicros = this.e.options.writingCollateral(series, order.position, newPriceMicros, order.leavesQty);
      if (order.collateralPerUnitMicros !== 0) this.e.options.holdOtherSales(order.owner, series); // rules 21 (the order holds margin: not among them)
    } else if (order.side === Side.SELL && series.forward !== undefined) {
      order.collateralPerUnitMicros = this.e.forwards.collateralPerUnitMicros(newPriceMicros);
      this.addFeeHold(order, order.owner, series, newPriceMicros);
    } else if (order.side === Side.BUY) order.collateralPerUnitMicros = this.buyFeeHold(order.owner, series, newPriceMicros);
    this.hold(order, order.leavesQty);
    this.emitAmended(order, false);
    const limitIndex = book.indexOf(newPriceMicros);
    const stop = book.crosses(order.side, limitIndex) ? book.match(order, limitIndex, this) : MatchStop.DONE;
    if (order.leavesQty === 0) return this.retire(order);
    if (stop === MatchStop.SELF_TRADE) return this.cancelRemainder(order, CancelReason.SELF_TRADE);
    this.restOrder(order, book);
  }

  /** The fee a buy at `priceMicros` holds per unit (0 under a zero schedule). */
  private buyFeeHold(owner: Account, series: Series, priceMicros: number): number {
    return this.e.tradeFees.off ? 0 : this.e.tradeFees.holdPerUnitMicros(owner, series, Side.BUY, priceMicros);
  }

  massCancel(cmd: MassCancel): void {
    const reason = this.checkMassCancel(cmd);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    if (cmd.scope === MassCancelScope.ACCOUNT) {
      return this.cancelAccountOrders(this.accounts[cmd.accountId === 0 ? cmd.actor : cmd.accountId]!, cmd.seriesId, CancelReason.MASS_CANCEL);
    }
    const targets = cmd.scope === MassCancelScope.SERIES ? [this.series[cmd.seriesId]!] : this.series;
    for (const series of targets) if (series !== undefined) this.cancelAllInSeries(series, CancelReason.MASS_CANCEL);
  }

  /** @internal Cancels an account's resting orders in one series, or in all (seriesId 0), oldest first. */
  cancelAccountOrders(account: Account, seriesId: number, reason: CancelReason): void {
    for (let o = account.firstOrder; o !== null; ) {
      const next = o.accountNext;
      if (seriesId === 0 || o.seriesId === seriesId) this.cancelResting(o, reason);
      o = next;
    }
  }

  private checkMassCancel(cmd: MassCancel): RejectReason {
    if (cmd.scope === MassCancelScope.ACCOUNT) {
      const target = cmd.accountId === 0 ? cmd.actor : cmd.accountId;
      if (this.accounts[target] === undefined) return RejectReason.UNKNOWN_ACCOUNT;
      if (target !== cmd.actor && !this.e.isOperator(cmd.actor)) return RejectReason.ROLE_NOT_ALLOWED;
      if (cmd.seriesId !== 0 && this.series[cmd.seriesId] === undefined) return RejectReason.UNKNOWN_SERIES;
      return RejectReason.NONE;
    }
    if (!this.e.isOperator(cmd.actor)) return RejectReason.ROLE_NOT_ALLOWED;
    if (cmd.scope === MassCancelScope.SERIES) {
      return this.series[cmd.seriesId] === undefined ? RejectReason.UNKNOWN_SERIES : RejectReason.NONE;
    }
    return cmd.scope === MassCancelScope.ALL ? RejectReason.NONE : RejectReason.INVALID_ORDER_TYPE;
  }

  /** Every resting order of the series, in book priority order, bids then asks. */
  /** @internal The series' resting orders, both books. */
  restingOrdersOf(series: Series): RestingOrder[] {
    const list: RestingOrder[] = [];
    for (const book of series.books()) {
      for (const o of book.orders(Side.BUY)) list.push(o);
      for (const o of book.orders(Side.SELL)) list.push(o);
    }
    return list;
  }

  /** @internal Cancels every resting order of a series. */
  cancelAllInSeries(series: Series, reason: CancelReason): void {
    for (const o of this.restingOrdersOf(series)) this.cancelResting(o, reason);
  }

  setReferencePrice(cmd: SetReferencePrice): void {
    const series = this.series[cmd.seriesId];
    const actor = this.accounts[cmd.actor];
    let reason: RejectReason = RejectReason.NONE;
    if (!this.e.isOperator(cmd.actor) && actor?.role !== Role.BROKER) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (series === undefined) reason = RejectReason.UNKNOWN_SERIES;
    else if (series.status === SeriesStatus.EXPIRED) reason = RejectReason.SERIES_EXPIRED;
    else reason = this.checkPrice(series, cmd.priceMicros);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.setReference(series!, cmd.priceMicros);
  }

  /** @internal Sets a series' reference price (REFERENCE_PRICE_SET). */
  setReference(series: Series, priceMicros: number): void {
    series.referencePriceMicros = priceMicros;
    this.e.out.push({ type: EventType.REFERENCE_PRICE_SET, seq: this.e.seq, seriesId: series.id, priceMicros });
  }

  expireOrders(cmd: ExpireOrders): void {
    if (!this.e.isOperator(cmd.actor)) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.ROLE_NOT_ALLOWED);
    if (!Number.isSafeInteger(cmd.cutoffMs) || cmd.cutoffMs < 0) {
      return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.INVALID_EXPIRY);
    }
    while (this.expiries.peekTime() <= cmd.cutoffMs) {
      const order = this.orders.get(this.expiries.pop());
      // Skip entries of orders that already left. A live order's entry is its own: only a GTD order joins the queue, once, at its first rest, and keeps its expiry.
      if (order === undefined) continue;
      this.expireResting(order);
    }
  }

  /** @internal Takes an order out of its book as expired, releasing its hold. */
  expireResting(order: RestingOrder): void {
    this.bookOf(order).remove(order);
    const qty = order.leavesQty;
    this.release(order, qty);
    this.e.out.push({
      type: EventType.ORDER_EXPIRED,
      seq: this.e.seq,
      orderId: order.orderId,
      accountId: order.owner.id,
      clientOrderId: order.clientOrderId,
      seriesId: order.seriesId,
      side: order.side,
      priceMicros: order.priceMicros,
      orderQty: order.orderQty,
      cumQty: order.cumQty,
      expiredQty: qty,
    });
    order.leavesQty = 0;
    this.retire(order);
  }
}
