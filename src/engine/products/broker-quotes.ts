/**
 * The broker's quotes: a mass quote replaces its ladder in a series in one command
 * (checked whole first: tradable, not killed or frozen, levels on the tick and within
 * limits, not crossed, covered by PAT and rights, within the exposure limits), levels
 * kept in place where price and size allow so they keep their priority; and
 * market-maker protection, which counts quote fills and, past its limit within its
 * interval, pulls the quotes after the command. A module of the engine's state machine,
 * within `Engine.apply`.
 */
import type { Account } from '../core/account.js';
import { Role, Side, type MassQuote, type QuoteLadder } from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import type { Forwards } from './forwards.js';
import type { Options } from './options.js';
import type { OrderEntry, QuoteFills } from '../core/order-entry.js';
import type { Synthetics } from './synthetics.js';
import type { PreTradeRisk } from '../core/pre-trade-risk.js';
import { CancelReason, EventType } from '../core/events.js';
import type { RestingOrder } from '../core/order.js';
import type { OrderBook } from '../core/order-book.js';
import { RejectReason } from '../core/reject-reason.js';
import { CounterpartyRule, type Series } from '../core/series.js';
import { mmpAfterFill, mmpFrozenUntil } from '../../risk/index.js';

/** Best price on one side of a book among orders that are not broker quotes; 0 if none. */
function bestNonQuoteMicros(book: OrderBook, side: Side): number {
  for (const o of book.orders(side)) if (!o.isQuote) return o.priceMicros;
  return 0;
}

/** The engine as broker quotes sees it: the state it reads and writes, and the other concerns it calls. */
export type BrokerQuotesEngine = Pick<EngineState, 'orders' | 'nowMs' | 'series' | 'seq' | 'risk' | 'out' | 'accounts' | 'rejectCommand' | 'pool' | 'limits' | 'killAll' | 'brokerId'> & {
  readonly synthetics: Pick<Synthetics, 'marginPerUnitMicros'>;
  readonly options: Pick<Options, 'writeMarginPerUnitMicros'>;
  readonly forwards: Pick<Forwards, 'collateralPerUnitMicros' | 'checkQuoteSale'>;
  readonly orderEntry: Pick<OrderEntry, 'checkPrice' | 'cancelResting' | 'setReference' | 'release' | 'enter' | 'emitAmended' | 'checkTradable' | 'checkQty' | 'acquireOrder'>;
  readonly preTrade: Pick<PreTradeRisk, 'checkLadder'>;
};

export class BrokerQuotes implements QuoteFills {
  /** A series whose market-maker protection tripped during this command: its quotes are pulled after it. */
  mmpTripped: Series | undefined;

  constructor(private readonly e: BrokerQuotesEngine) {}

  massQuote(cmd: MassQuote): void {
    const series = this.e.series[cmd.seriesId];
    const reason = this.checkMassQuote(cmd, series);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const s = series!;
    if (cmd.referencePriceMicros > 0 && cmd.referencePriceMicros !== s.referencePriceMicros) {
      this.e.orderEntry.setReference(s, cmd.referencePriceMicros);
    }
    s.quoteBidIds = this.requote(s, Side.BUY, s.quoteBidIds, cmd.bids);
    s.quoteAskIds = this.requote(s, Side.SELL, s.quoteAskIds, cmd.asks);
    this.e.out.push({
      type: EventType.QUOTES_REPLACED,
      seq: this.e.seq,
      seriesId: s.id,
      bidLevels: cmd.bids.priceMicros.length,
      askLevels: cmd.asks.priceMicros.length,
    });
  }

  private checkMassQuote(cmd: MassQuote, series: Series | undefined): RejectReason {
    const broker = this.e.accounts[cmd.actor];
    if (broker === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    if (broker.role !== Role.BROKER) return RejectReason.ROLE_NOT_ALLOWED;
    if (series === undefined) return RejectReason.UNKNOWN_SERIES;
    const tradable = this.e.orderEntry.checkTradable(series);
    if (tradable !== RejectReason.NONE) return tradable;
    if (this.e.killAll || broker.killed || series.killed) return RejectReason.KILL_SWITCH_ENGAGED;
    if (series.mmpFrozenUntilMs > this.e.nowMs) return RejectReason.MMP_TRIGGERED;
    const bids = this.checkLadder(series, cmd.bids, Side.BUY);
    if (bids !== RejectReason.NONE) return bids;
    const asks = this.checkLadder(series, cmd.asks, Side.SELL);
    if (asks !== RejectReason.NONE) return asks;
    const bestBid = cmd.bids.priceMicros[0];
    const bestAsk = cmd.asks.priceMicros[0];
    if (bestBid !== undefined && bestAsk !== undefined && bestBid >= bestAsk) return RejectReason.QUOTE_CROSSED;
    if (this.ladderCrossesOwnOrders(series, bestBid, bestAsk)) return RejectReason.WOULD_CROSS_OWN_QUOTES;
    if (cmd.referencePriceMicros !== 0) {
      const ref = this.e.orderEntry.checkPrice(series, cmd.referencePriceMicros);
      if (ref !== RejectReason.NONE) return ref;
    }
    if (this.e.pool.liveCount + cmd.bids.qty.length + cmd.asks.qty.length > this.e.pool.capacity) return RejectReason.BOOK_FULL;
    const cover = this.checkQuoteCover(broker, series, cmd);
    if (cover !== RejectReason.NONE) return cover;
    return this.checkQuoteExposure(broker, series, cmd);
  }

  /**
   * The broker's long after the new bid ladder replaces its quote bids
   * (`PreTradeRisk.checkLadder`): only a ladder bidding for more than the quote bids
   * it replaces adds anything.
   */
  private checkQuoteExposure(broker: Account, series: Series, cmd: MassQuote): RejectReason {
    let newBids = 0;
    for (const q of cmd.bids.qty) newBids += q;
    if (newBids === 0) return RejectReason.NONE;
    let quotedBids = 0;
    for (const id of series.quoteBidIds) quotedBids += this.e.orders.get(id)?.leavesQty ?? 0;
    return this.e.preTrade.checkLadder(broker, series, newBids - quotedBids);
  }

  /** Counts a broker quote fill for market-maker protection; trips it once past the limit. */
  countQuoteFill(series: Series, qty: number): void {
    if (this.e.risk.mmpQty === 0) return;
    const r = mmpAfterFill(this.e.risk, series.mmpWindowStartMs, series.mmpFilledQty, qty, this.e.nowMs);
    series.mmpWindowStartMs = r.startMs;
    series.mmpFilledQty = r.filled;
    if (!r.trips || series.mmpFrozenUntilMs > this.e.nowMs) return;
    series.mmpFrozenUntilMs = mmpFrozenUntil(this.e.risk, this.e.nowMs);
    this.mmpTripped = series;
    this.e.out.push({
      type: EventType.MMP_TRIGGERED,
      seq: this.e.seq,
      timeMs: this.e.nowMs,
      seriesId: series.id,
      filledQty: r.filled,
      frozenUntilMs: series.mmpFrozenUntilMs,
    });
  }

  /** After the command whose fills tripped MMP: cancels the broker's remaining quotes in that series. */
  pullQuotesAfterMmp(): void {
    const series = this.mmpTripped!;
    this.mmpTripped = undefined;
    for (const id of [...series.quoteBidIds, ...series.quoteAskIds]) {
      const order = this.e.orders.get(id);
      if (order !== undefined) this.e.orderEntry.cancelResting(order, CancelReason.MARKET_MAKER_PROTECTION);
    }
    series.quoteBidIds = [];
    series.quoteAskIds = [];
  }

  /**
   * Whether the new ladder would cross the broker's own orders that are not
   * quotes (the ladder replaces the quotes; the other orders stay), which would
   * leave its bids at or above its asks just as a crossing new order would.
   */
  private ladderCrossesOwnOrders(series: Series, bestBid: number | undefined, bestAsk: number | undefined): boolean {
    if (series.counterparty !== CounterpartyRule.BROKER) return false;
    if (bestBid !== undefined) {
      const ask = bestNonQuoteMicros(series.brokerSells, Side.SELL);
      if (ask !== 0 && bestBid >= ask) return true;
    }
    if (bestAsk !== undefined) {
      const bid = bestNonQuoteMicros(series.brokerBuys, Side.BUY);
      if (bid !== 0 && bestAsk <= bid) return true;
    }
    return false;
  }

  /** Levels are valid prices and sizes, strictly best first, within the level limit. */
  private checkLadder(series: Series, ladder: QuoteLadder, side: Side): RejectReason {
    const n = ladder.priceMicros.length;
    if (n !== ladder.qty.length) return RejectReason.INVALID_QUANTITY;
    if (n > this.e.limits.maxQuoteLevels) return RejectReason.TOO_MANY_QUOTE_LEVELS;
    for (let i = 0; i < n; i++) {
      const price = ladder.priceMicros[i]!;
      const priceReason = this.e.orderEntry.checkPrice(series, price);
      if (priceReason !== RejectReason.NONE) return priceReason;
      const qtyReason = this.e.orderEntry.checkQty(series, ladder.qty[i]!);
      if (qtyReason !== RejectReason.NONE) return qtyReason;
      if (i > 0) {
        const prev = ladder.priceMicros[i - 1]!;
        if (side === Side.BUY ? price >= prev : price <= prev) return RejectReason.INVALID_PRICE;
      }
    }
    return RejectReason.NONE;
  }

  /** The broker can cover the whole new ladder with what it has plus what its current quotes hold. */
  private checkQuoteCover(broker: Account, series: Series, cmd: MassQuote): RejectReason {
    if (series.synthetic !== undefined) return this.checkSyntheticQuoteMargin(broker, series, cmd);
    let bidMicros = 0;
    for (let i = 0; i < cmd.bids.qty.length; i++) bidMicros += cmd.bids.priceMicros[i]! * cmd.bids.qty[i]!;
    let freedMicros = 0;
    for (const id of series.quoteBidIds) {
      const o = this.e.orders.get(id);
      if (o !== undefined) freedMicros += o.priceMicros * o.leavesQty;
    }
    if (bidMicros > broker.availableMicros + freedMicros) return RejectReason.INSUFFICIENT_BALANCE;
    let askQty = 0;
    for (const q of cmd.asks.qty) askQty += q;
    let freedQty = 0;
    let freedCollateralMicros = 0;
    for (const id of series.quoteAskIds) {
      const o = this.e.orders.get(id);
      if (o === undefined) continue;
      freedQty += o.leavesQty;
      freedCollateralMicros += o.collateralPerUnitMicros * o.leavesQty;
    }
    const available = broker.positions.get(series.id)?.available ?? 0;
    if (series.option !== undefined) {
      const freeMicros = broker.availableMicros + freedMicros - bidMicros + freedCollateralMicros;
      return this.checkOptionAsks(series, cmd.asks, available + freedQty, freeMicros);
    }
    if (series.forward !== undefined) {
      const freeMicros = broker.availableMicros + freedMicros - bidMicros + freedCollateralMicros;
      return this.e.forwards.checkQuoteSale(broker, series, cmd.asks, available + freedQty, freeMicros);
    }
    if (askQty > available + freedQty) return RejectReason.INSUFFICIENT_RIGHTS;
    return RejectReason.NONE;
  }

  /** A synthetic's ladder holds initial margin on both sides: the new ladder's against free PAT plus what the current quotes hold. */
  private checkSyntheticQuoteMargin(broker: Account, series: Series, cmd: MassQuote): RejectReason {
    let needMicros = 0;
    for (const ladder of [cmd.bids, cmd.asks]) {
      for (let i = 0; i < ladder.qty.length; i++) needMicros += this.e.synthetics.marginPerUnitMicros(ladder.priceMicros[i]!) * ladder.qty[i]!;
    }
    let freedMicros = 0;
    for (const id of [...series.quoteBidIds, ...series.quoteAskIds]) {
      const o = this.e.orders.get(id);
      if (o !== undefined) freedMicros += o.collateralPerUnitMicros * o.leavesQty;
    }
    return needMicros > broker.availableMicros + freedMicros ? RejectReason.INSUFFICIENT_MARGIN : RejectReason.NONE;
  }

  /**
   * An option ask ladder: each level, entered in order, closes what the broker holds long
   * unoffered or else writes (the whole level holding writing margin, as an order would).
   */
  private checkOptionAsks(series: Series, asks: MassQuote['asks'], units: number, freeMicros: number): RejectReason {
    let needMicros = 0;
    for (let i = 0; i < asks.qty.length; i++) {
      const qty = asks.qty[i]!;
      if (qty <= units) units -= qty;
      else needMicros += this.e.options.writeMarginPerUnitMicros(series, asks.priceMicros[i]!) * qty;
    }
    return needMicros > freeMicros ? RejectReason.INSUFFICIENT_MARGIN : RejectReason.NONE;
  }

  /** What an order at this price holds per unit besides its price or rights: a synthetic's margin, a writing option's, a forward sale's collateral. */
  private perUnitHoldMicros(order: RestingOrder): number {
    if (order.cashSettled) return this.e.synthetics.marginPerUnitMicros(order.priceMicros);
    const series = this.e.series[order.seriesId]!;
    if (series.option !== undefined) return order.collateralPerUnitMicros === 0 ? 0 : this.e.options.writeMarginPerUnitMicros(series, order.priceMicros);
    return order.side === Side.SELL && series.forward !== undefined ? this.e.forwards.collateralPerUnitMicros(order.priceMicros) : 0;
  }

  /**
   * Replaces one side of the broker's ladder. A level whose price is unchanged
   * and whose size is the same or smaller keeps its time priority; everything
   * else is cancelled and entered anew (and may trade on entry).
   */
  private requote(series: Series, side: Side, currentIds: number[], ladder: QuoteLadder): number[] {
    const book = series.bookFor(side, true);
    const kept = new Map<number, RestingOrder>();
    for (const id of currentIds) {
      const order = this.e.orders.get(id);
      if (order === undefined) continue;
      const i = ladder.priceMicros.indexOf(order.priceMicros);
      const newQty = i < 0 ? 0 : ladder.qty[i]!;
      // One order per level: an amend can leave two quotes at one price, and
      // keeping both would orphan one (resting, no longer replaced, its hold
      // counted as freed by the cover check).
      // A forward ask or synthetic quote posted at another rate is entered anew, so it holds what the cover check charged.
      const staleCollateral = order.collateralPerUnitMicros !== this.perUnitHoldMicros(order);
      if (newQty === 0 || newQty > order.leavesQty || kept.has(order.priceMicros) || staleCollateral) {
        this.e.orderEntry.cancelResting(order, CancelReason.QUOTE_REPLACED);
      } else {
        if (newQty < order.leavesQty) this.shrinkQuote(order, book, order.leavesQty - newQty);
        kept.set(order.priceMicros, order);
      }
    }
    const ids: number[] = [];
    for (let i = 0; i < ladder.priceMicros.length; i++) {
      const price = ladder.priceMicros[i]!;
      const existing = kept.get(price);
      if (existing !== undefined) {
        ids.push(existing.orderId);
        continue;
      }
      const order = this.enterQuote(series, book, side, price, ladder.qty[i]!);
      if (order !== undefined) ids.push(order.orderId);
    }
    return ids;
  }

  private shrinkQuote(order: RestingOrder, book: OrderBook, qty: number): void {
    book.reduce(order, qty); // and so its orderQty
    this.e.orderEntry.release(order, qty);
    this.e.orderEntry.emitAmended(order, true);
  }

  /** Enters one quote level; returns the order if it rests. */
  private enterQuote(series: Series, book: OrderBook, side: Side, priceMicros: number, qty: number): RestingOrder | undefined {
    const order = this.e.orderEntry.acquireOrder(this.e.accounts[this.e.brokerId]!, series, side, priceMicros, qty);
    order.isQuote = true;
    const orderId = order.orderId;
    this.e.orderEntry.enter(order, book, false);
    return this.e.orders.get(orderId);
  }
}
