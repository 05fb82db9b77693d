/**
 * Phase 4 options (docs/options.md): European CALL and PUT series on one contract
 * window's settlement index, cash-settled at the window's close, on one OPEN book.
 *
 * - Buying pays the premium at the fill (the price, per unit, as a spot buy pays for
 *   rights) and needs no margin; anyone who may buy spot may buy options (retail too).
 * - Selling what one holds long closes it. Selling beyond that **writes** options (the
 *   position goes short, like a forward short): for institutions and the broker only,
 *   unless `risk.optionWritingOpen` is 1, and the whole order then holds writing margin per
 *   unit, Deribit's standard margin in integers: max(`optionWriteMarginBps` × index −
 *   out-of-the-money amount, `optionWriteMinMarginBps` × index) + the premium, from rules 4
 *   at least the maintenance at the same index (a put's never more than its strike, its
 *   largest possible loss). A fill locks the margin of the units written; buying back
 *   releases it pro rata.
 * - MARK_SYNTHETICS marks options too: a written position whose lock is below maintenance
 *   (`optionMaintenanceMarginBps` × index + its value at the index, per unit) is topped up
 *   from free PAT to initial margin, else the broker takes the short over, paid its value
 *   at the index and the penalty from the writer's lock (then free PAT; what the writer
 *   cannot pay the broker absorbs).
 * - At expiry each unit is worth max(index − strike, 0) for a call, max(strike − index, 0)
 *   for a put: longs are paid it, writers pay it (src/engine/products/synthetics.ts `settle`, with
 *   its loss rule). Exercise is automatic: an in-the-money long is paid, no command needed.
 *
 * Black-76 prices and Greeks (floats) stay outside the state machine, in the quoter
 * (src/option-pricing/black76.ts): the engine's margin uses only the index, the strike and the
 * premium, all integers. A module of the engine's state machine, within `Engine.apply`.
 */
import type { Account, Position } from '../core/account.js';
import { Role, SeriesKind, Side, type ListSeries } from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import type { OptionOrders, OrderEntry } from '../core/order-entry.js';
import { CancelReason, EventType } from '../core/events.js';
import { bpsCeil, isPositiveSafeInt } from '../core/integers.js';
import type { RestingOrder } from '../core/order.js';
import { RejectReason } from '../core/reject-reason.js';
import { emitTopUp } from './margin-top-up.js';
import { MARKET_INDEX_RULES } from './rules.js';
import type { Series } from '../core/series.js';

/**
 * Rules version 21 (products/rules.ts): once an account's resting sales in an option exceed its long, every one of them
 * holds writing margin (`checkSale`, `holdOtherSales`), so whichever fills first, a fill that writes units has their margin.
 * Under 0–20 a sale's margin was decided by the long left unoffered when it was placed: a closing sale resting beside a
 * writing one that filled first wrote its units with none (an outside audit: short 5 calls, nothing locked).
 */
export const WRITER_SALES_MARGIN_RULES = 21;

/** The engine as options sees it: the state it reads and writes, and the other concerns it calls. */
export type OptionsEngine = Pick<EngineState, 'series' | 'seq' | 'rulesVersion' | 'risk' | 'out' | 'brokerId' | 'accounts'> & {
  readonly orderEntry: Pick<OrderEntry, 'cancelAccountOrders'>;
};

export class Options implements OptionOrders {
  constructor(private readonly e: OptionsEngine) {}

  /** Why an option cannot be listed with this strike (the window's own checks are the synthetics'), or NONE. */
  checkStrike(cmd: ListSeries, spot: Series): RejectReason {
    const strike = cmd.strikeMicros ?? 0;
    if (!isPositiveSafeInt(strike) || strike % spot.spec.tickMicros !== 0 || strike > spot.spec.maxPriceMicros) return RejectReason.INVALID_SERIES_SPEC;
    return RejectReason.NONE;
  }

  /** What one unit pays at this index level. */
  intrinsicMicros(series: Series, indexMicros: number): number {
    const strike = series.spec.strikeMicros;
    const value = series.spec.kind === SeriesKind.CALL ? indexMicros - strike : strike - indexMicros;
    return value > 0 ? value : 0;
  }

  /** The index level margin is computed at: the latest mark, else the spot's reference price or last trade, else the strike. */
  private indexLevelMicros(series: Series): number {
    const st = series.cashSettled!;
    if (st.markMicros > 0) return st.markMicros;
    const spot = this.e.series[st.spotSeriesId]!;
    return spot.referencePriceMicros || spot.lastTradeMicros || series.spec.strikeMicros;
  }

  /**
   * Writing margin per unit at the current index level, for a premium of `premiumMicros`: the
   * standard margin, and from rules 4 never below the maintenance at the same level
   * (`optionMaintenanceMarginBps` × index + the value at the index). The premium is the
   * quoter's price of the index at the close, the maintenance the option's value at the mark;
   * where they disagree (a premium below the value at the mark) the writer posts the difference
   * at once instead of being under maintenance at the next mark.
   */
  writeMarginPerUnitMicros(series: Series, premiumMicros: number): number {
    const risk = this.e.risk;
    const index = this.indexLevelMicros(series);
    const strike = series.spec.strikeMicros;
    const otm = Math.max(series.spec.kind === SeriesKind.CALL ? strike - index : index - strike, 0);
    let margin = Math.max(bpsCeil(index, risk.optionWriteMarginBps) - otm, bpsCeil(index, risk.optionWriteMinMarginBps)) + premiumMicros;
    if (this.e.rulesVersion >= MARKET_INDEX_RULES) margin = Math.max(margin, this.maintenancePerUnitMicros(series, index));
    return series.spec.kind === SeriesKind.PUT ? Math.min(margin, strike) : margin;
  }

  /** Maintenance per unit written at an index level: `optionMaintenanceMarginBps` of it plus the option's value there. */
  private maintenancePerUnitMicros(series: Series, indexMicros: number): number {
    return bpsCeil(indexMicros, this.e.risk.optionMaintenanceMarginBps) + this.intrinsicMicros(series, indexMicros);
  }

  /** Who may trade an option on this side at all (writing is checked with the sale). */
  mayTrade(role: Role): boolean {
    return role === Role.CONSUMER || role === Role.INSTITUTION || role === Role.BROKER;
  }

  /**
   * `risk.optionMaxPositionQty` for a non-broker account: the position it would reach on this
   * side if all its resting orders there filled, with `qty` more and `replacedQty` of them
   * taken away (an amend's old leaves). Long: net + resting bids; written: what is not offered
   * (available, which resting sales already reduced). An order that leaves the worst case on its
   * side no larger than now always passes, so a position above a lowered limit can be reduced.
   */
  checkPositionLimit(account: Account, series: Series, side: Side, qty: number, replacedQty: number): RejectReason {
    const limit = this.e.risk.optionMaxPositionQty;
    if (limit === 0 || account.role === Role.BROKER) return RejectReason.NONE;
    const p = account.positions.get(series.id);
    const before = p === undefined ? 0 : side === Side.BUY ? p.rightsWithBids : -p.available;
    const after = before - replacedQty + qty;
    return after > limit && after > before ? RejectReason.POSITION_LIMIT : RejectReason.NONE;
  }

  /**
   * A sale of `qty` by an account with `units` long not already offered: closing (no
   * margin) when it holds them, else writing (the role, then the margin the whole order
   * holds, against free PAT plus `heldMicros` the order holds already).
   */
  checkSale(account: Account, series: Series, units: number, qty: number, priceMicros: number, heldMicros: number, replaced?: RestingOrder): RejectReason {
    if (qty <= units) return RejectReason.NONE;
    if (account.role !== Role.INSTITUTION && account.role !== Role.BROKER && this.e.risk.optionWritingOpen === 0) return RejectReason.INSTITUTION_REQUIRED;
    const needMicros = this.writeMarginPerUnitMicros(series, priceMicros) * qty + this.otherSalesMarginMicros(account, series, replaced);
    if (needMicros > account.availableMicros + heldMicros) return RejectReason.INSUFFICIENT_MARGIN;
    return RejectReason.NONE;
  }

  /**
   * Rules 21 (WRITER_SALES_MARGIN_RULES): what a writing sale makes the account's other resting sales in the series hold,
   * those that hold no margin (placed to close a long its sales now exceed): each its writing margin at its price, at the
   * index level now, as a new sale would. `replaced`: an amended order, counted by its caller. 0 for the broker (its
   * margin goes as far as its PAT, docs/options.md) and under 0–20. A query: it changes nothing.
   */
  private otherSalesMarginMicros(account: Account, series: Series, replaced: RestingOrder | undefined): number {
    if (!this.appliesToSalesOf(account, series)) return 0;
    let micros = 0;
    for (let o = account.firstOrder; o !== null; o = o.accountNext) {
      if (o !== replaced && this.isUnmarginedSale(o, series)) micros += this.writeMarginPerUnitMicros(series, o.priceMicros) * o.leavesQty;
    }
    return micros;
  }

  /** Rules 21: the account's resting sales in the series that hold no margin now hold their writing margin (checked by `checkSale`). */
  holdOtherSales(account: Account, series: Series): void {
    if (!this.appliesToSalesOf(account, series)) return;
    for (let o = account.firstOrder; o !== null; o = o.accountNext) {
      if (!this.isUnmarginedSale(o, series)) continue;
      o.collateralPerUnitMicros = this.writeMarginPerUnitMicros(series, o.priceMicros);
      const micros = o.collateralPerUnitMicros * o.leavesQty;
      account.availableMicros -= micros;
      account.heldMicros += micros;
    }
  }

  /** Whether rules 21 holds this account's resting sales in the series to it: not the broker, and some sale rests. */
  private appliesToSalesOf(account: Account, series: Series): boolean {
    if (this.e.rulesVersion < WRITER_SALES_MARGIN_RULES || account.role === Role.BROKER) return false;
    return (account.positions.get(series.id)?.held ?? 0) > 0;
  }

  private isUnmarginedSale(o: RestingOrder, series: Series): boolean {
    return o.seriesId === series.id && o.side === Side.SELL && o.collateralPerUnitMicros === 0 && o.leavesQty > 0;
  }

  /**
   * A new option order: its owner among the holders, and a writing sale's margin per unit; from rules 21 a writing sale
   * makes the owner's other resting sales in the series hold theirs (`holdOtherSales`; the order is not among them yet).
   */
  prepareOrder(order: RestingOrder, owner: Account, series: Series, side: Side, priceMicros: number, qty: number): void {
    if (!owner.positions.has(series.id)) series.cashSettled!.holders.push(owner.position(series.id));
    if (side !== Side.SELL) return;
    order.collateralPerUnitMicros = this.writingCollateral(series, owner.position(series.id), priceMicros, qty);
    if (order.collateralPerUnitMicros !== 0) this.holdOtherSales(owner, series);
  }

  /** A sale's margin per unit: the writing margin when it writes (more than the units it holds unoffered), else 0. */
  writingCollateral(series: Series, p: Position, priceMicros: number, qty: number): number {
    return qty > p.available ? this.writeMarginPerUnitMicros(series, priceMicros) : 0;
  }

  /**
   * After a fill (premium and units already moved as for spot): the seller's order margin
   * for the units it wrote becomes the position's lock, the rest is freed; a buyer that was
   * short frees its lock pro rata to what it bought back.
   */
  afterFill(buy: RestingOrder, sell: RestingOrder, qty: number): void {
    const sp = sell.position;
    if (sell.collateralPerUnitMicros !== 0) {
      const netAfter = sp.available + sp.held;
      const written = Math.max(-netAfter, 0) - Math.max(-(netAfter + qty), 0);
      const heldMicros = sell.collateralPerUnitMicros * qty;
      const lockMicros = sell.collateralPerUnitMicros * written;
      sell.owner.heldMicros -= heldMicros;
      sell.owner.availableMicros += heldMicros - lockMicros;
      sell.owner.lockedMicros += lockMicros;
      sp.collateralMicros += lockMicros;
    }
    const bp = buy.position;
    const shortBefore = -(bp.available + bp.held - qty);
    if (shortBefore > 0 && bp.collateralMicros > 0) {
      const covered = Math.min(qty, shortBefore);
      const free = covered === shortBefore ? bp.collateralMicros : Math.floor((bp.collateralMicros * covered) / shortBefore);
      this.unlock(bp, free);
    }
  }

  private unlock(p: Position, micros: number): void {
    p.collateralMicros -= micros;
    p.owner.lockedMicros -= micros;
    p.owner.availableMicros += micros;
  }

  /** Marks the written positions of an option series at `indexMicros`; returns how many were liquidated. */
  margin(series: Series, indexMicros: number): number {
    const value = this.intrinsicMicros(series, indexMicros);
    const maintenancePerUnit = this.maintenancePerUnitMicros(series, indexMicros);
    let liquidations = 0;
    for (const p of series.cashSettled!.holders) {
      const short = -(p.available + p.held);
      if (short <= 0 || p.collateralMicros >= short * maintenancePerUnit) continue;
      const topUp = Math.min(short * this.writeMarginPerUnitMicros(series, value) - p.collateralMicros, p.owner.availableMicros);
      if (topUp > 0) {
        this.unlock(p, -topUp);
        emitTopUp(this.e, series.id, p, -short, indexMicros, topUp);
      }
      if (p.collateralMicros >= short * maintenancePerUnit) continue;
      if (this.liquidate(series, p, indexMicros, value)) liquidations++;
    }
    return liquidations;
  }

  /**
   * The broker takes a written position over at its value at the index: the writer's
   * resting orders in the series are cancelled, it pays the broker value × units plus the
   * penalty from its lock, then its free PAT; what it cannot pay, the broker absorbs.
   */
  private liquidate(series: Series, p: Position, indexMicros: number, valueMicros: number): boolean {
    const broker = this.e.accounts[this.e.brokerId];
    if (broker === undefined || p.owner === broker) return false;
    this.e.orderEntry.cancelAccountOrders(p.owner, series.id, CancelReason.LIQUIDATION);
    const short = -p.available; // no resting sells left: held is 0
    if (!broker.positions.has(series.id)) series.cashSettled!.holders.push(broker.position(series.id));
    const bp = broker.position(series.id);
    p.available = 0;
    bp.available -= short;
    const owed = short * valueMicros + bpsCeil(short * indexMicros, this.e.risk.syntheticLiquidationPenaltyBps);
    this.unlock(p, p.collateralMicros);
    const paid = Math.min(owed, p.owner.availableMicros);
    p.owner.availableMicros -= paid;
    broker.availableMicros += paid;
    // The broker locks margin for what it is now short (it may have held the option long), as far as its free PAT goes.
    const brokerShort = Math.max(-(bp.available + bp.held), 0);
    const delta = brokerShort * this.writeMarginPerUnitMicros(series, valueMicros) - bp.collateralMicros;
    this.unlock(bp, delta > 0 ? -Math.min(delta, broker.availableMicros) : brokerShort === 0 ? bp.collateralMicros : 0);
    this.e.out.push({
      type: EventType.SYNTHETIC_LIQUIDATED,
      seq: this.e.seq,
      seriesId: series.id,
      accountId: p.owner.id,
      brokerId: broker.id,
      positionQty: -short,
      markMicros: indexMicros,
      penaltyMicros: paid, // an option's value at the index and the penalty, paid at once
      owedMicros: owed - paid, // what the writer could not pay: the broker absorbs it
      lockedMicros: 0,
    });
    return true;
  }
}
