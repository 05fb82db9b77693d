/**
 * Phase 3 synthetics (docs/synthetics.md): cash-settled exposure to a contract window's
 * settlement index, for qualified institutions (and the broker), on one OPEN book.
 *
 * - No premium changes hands at a fill: both sides post initial margin. A resting order
 *   holds `risk.syntheticInitialMarginBps` of its limit price per unit; a fill releases
 *   that and locks the position's requirement: initial margin on |net| at the fill price
 *   plus any loss the position carries at that price.
 * - A position is its signed quantity (`available`) and cost (`costMicros`, Σ signed
 *   qty × price); nothing is realized before expiry, so PAT moves only at a liquidation
 *   (the penalty) and at settlement, and every movement is between two accounts.
 * - MARK_SYNTHETICS (the service's timer, every minute) marks each live synthetic at
 *   the index over the trailing hour and checks every position: equity (lock + net ×
 *   mark − cost) below maintenance is first topped up from the account's free PAT to
 *   initial margin, and if that is not enough the broker takes the position over at the
 *   mark, charging `risk.syntheticLiquidationPenaltyBps`.
 * - At expiry the index over the last hour before the close is published and every
 *   position is paid net × index − cost. A loser pays from its lock, then its free PAT;
 *   what it cannot pay is covered by the broker's free PAT, and what is left is taken
 *   from the winners pro rata (the loss rule). No balance goes below zero.
 *
 * A module of the engine's state machine, within `Engine.apply`.
 */
import type { Account, Position } from '../core/account.js';
import { Role, SeriesKind, SeriesStatus, Side, type ListSeries, type MarkSynthetics } from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import type { OrderEntry, SyntheticOrders } from '../core/order-entry.js';
import type { Options } from './options.js';
import { CancelReason, EventType, type IndexPublished } from '../core/events.js';
import { IndexTrack, INDEX_SAMPLE_EVERY_MS } from '../core/index-track.js';
import { MARKET_BAND_DEFINITION, REFERENCE_BAND_DEFINITION, THIN_MID_DEFINITION, type SettlementIndex } from '../../settlement-index/index.js';
import type { RestingOrder } from '../core/order.js';
import { bpsCeil, isPositiveSafeInt } from '../core/integers.js';

// The margin rounding lives in integers.ts (options use it too); src/quoting and the marking bench take it from here.
export { bpsCeil };
import { RejectReason } from '../core/reject-reason.js';
import { MARKET_INDEX_RULES, THIN_MID_RULES } from './rules.js';
import { emitTopUp } from './margin-top-up.js';

/** Rules version 11: a synthetic's position limit counts the account's resting orders on the order's side (`checkOrder`). */
export const SYNTHETIC_RESTING_LIMIT_RULES = 11;
/** Rules version 14: a non-broker's order margin and fill lock also cover initial margin at the mark and the loss the price carries there (`markLevelMicros`). */
export const MARGIN_AT_MARK_RULES = 14;
/**
 * Rules version 23: an immediate order that only reduces the position (rules 13, held no margin) holds, per unit, the loss
 * its limit carries at the mark beyond the position's equity per unit there (`reducingHoldPerUnitMicros`). Under 13–22 it
 * held nothing: a long whose PAT was all in its lock sold IOC far below the mark into an accomplice's bid, fixed a loss
 * above its lock, and the broker covered the rest at settlement (an outside audit).
 */
export const REDUCING_LOSS_RULES = 23;
import { seriesWindowKey, type Series, type CashSettledState } from '../core/series.js';


/** The engine as synthetics sees it: the state it reads and writes, and the other concerns it calls. */
export type SyntheticsEngine = Pick<EngineState, 'series' | 'seq' | 'out' | 'risk' | 'nowMs' | 'brokerId' | 'accounts' | 'seriesByWindow' | 'rulesVersion' | 'removeIndexTrack' | 'rejectCommand' | 'isOperator' | 'cashSettledSeries' | 'addIndexTrack'> & {
  readonly orderEntry: Pick<OrderEntry, 'cancelAccountOrders'>;
  readonly options: Pick<Options, 'margin' | 'intrinsicMicros' | 'checkStrike'>;
};

export class Synthetics implements SyntheticOrders {
  constructor(private readonly e: SyntheticsEngine) {}

  // ------------------------------------------------------------ listing

  /** Why a SYNTHETIC (or an option) cannot be listed on this window (its spot series must be live, its close on the sample grid), or NONE. */
  checkListing(cmd: ListSeries): RejectReason {
    if (cmd.closeAtMs % INDEX_SAMPLE_EVERY_MS !== 0) return RejectReason.INVALID_SERIES_SPEC;
    if (cmd.seriesKind !== SeriesKind.SYNTHETIC && !isPositiveSafeInt(cmd.strikeMicros ?? 0)) return RejectReason.INVALID_SERIES_SPEC;
    const spot = this.spotOf(cmd.contract, cmd.openAtMs);
    if (spot === undefined || spot.status === SeriesStatus.EXPIRED) return RejectReason.UNDERLYING_NOT_LISTED;
    return cmd.seriesKind === SeriesKind.SYNTHETIC ? RejectReason.NONE : this.e.options.checkStrike(cmd, spot);
  }

  private spotOf(contract: string, openAtMs: number): Series | undefined {
    const id = this.e.seriesByWindow.get(seriesWindowKey(contract, openAtMs, SeriesKind.SPOT));
    return id === undefined ? undefined : this.e.series[id];
  }

  /** A listed (or decoded) synthetic finds its spot series and, while it is live, tracks that series' index inputs. */
  attach(series: Series): void {
    const spot = this.spotOf(series.spec.contract, series.spec.openAtMs)!;
    series.cashSettled!.spotSeriesId = spot.id;
    if (series.status === SeriesStatus.EXPIRED) return;
    if (spot.indexTrack === undefined) this.e.addIndexTrack(new IndexTrack(spot));
    spot.indexTrack!.users++;
  }

  // ------------------------------------------------------------ orders

  /** Initial margin per unit at this price: what the broker's orders hold (its quote budget counts it so). */
  marginPerUnitMicros(priceMicros: number): number {
    return bpsCeil(priceMicros, this.e.risk.syntheticInitialMarginBps);
  }

  /**
   * The margin `owner`'s order holds per unit at this limit: initial margin at the price, and under rules 14
   * (MARGIN_AT_MARK_RULES) at least initial margin at the mark plus the loss the price carries there (a sale
   * below the mark, a buy above it), as venues count an order's open loss against the mark price. Under
   * 0–13 the price alone: a short sold at 0.77 against a mark of 1.17 locked 0.154 a unit and was under
   * maintenance at the next mark (a derivatives review lost a 20 PAT deposit in 22 s).
   */
  orderMarginPerUnitMicros(owner: Account, series: Series, side: Side, priceMicros: number): number {
    const margin = this.marginPerUnitMicros(priceMicros);
    const level = this.markLevelMicros(owner, series);
    if (level === 0) return margin;
    const loss = side === Side.BUY ? priceMicros - level : level - priceMicros;
    return Math.max(margin, this.marginPerUnitMicros(level) + (loss > 0 ? loss : 0));
  }

  /**
   * The index level rules 14 hold a non-broker's margin at as well as the price: the latest mark, else the spot
   * series' reference price or last trade (before the first mark); 0 for none, for the broker (never liquidated:
   * its quoter budgets initial margin at its prices) and under rules 0–13.
   */
  private markLevelMicros(owner: Account, series: Series): number {
    if (this.e.rulesVersion < MARGIN_AT_MARK_RULES || owner.role === Role.BROKER) return 0;
    const st = series.cashSettled!;
    if (st.markMicros > 0) return st.markMicros;
    const spot = this.e.series[st.spotSeriesId]!;
    return spot.referencePriceMicros || spot.lastTradeMicros;
  }

  /**
   * Rules 23 (REDUCING_LOSS_RULES): what an immediate order that only reduces the position (order-entry.ts `reducesNow`)
   * holds per unit: the loss its limit carries at the mark (a sale below it, a buy above it) less what the position holds
   * per unit at the mark, its equity there (lock + net × mark − cost) over |net|, rounded down. Each unit it closes takes
   * that equity with it, so the position left keeps its equity per unit and a full close leaves its loss paid into the
   * lock. 0 for the broker (never liquidated), at or on the right side of the mark, and under rules 0–22. A query.
   */
  reducingHoldPerUnitMicros(owner: Account, series: Series, side: Side, priceMicros: number): number {
    if (this.e.rulesVersion < REDUCING_LOSS_RULES) return 0;
    const level = this.markLevelMicros(owner, series);
    if (level === 0) return 0;
    const loss = side === Side.BUY ? priceMicros - level : level - priceMicros;
    if (loss <= 0) return 0;
    const p = owner.positions.get(series.id);
    const net = p?.available ?? 0;
    if (p === undefined || net === 0) return loss;
    const equity = p.collateralMicros + net * level - p.costMicros;
    const perUnit = equity > 0 ? Math.floor(equity / Math.abs(net)) : 0;
    return loss > perUnit ? loss - perUnit : 0;
  }

  /**
   * Whether `account` may send this order (or amend one to `qty` leaves, `replacedQty` before): the position limit and
   * the initial margin its leaves hold (`heldMicros` already held). Under rules 11 (SYNTHETIC_RESTING_LIMIT_RULES) the
   * limit is on the position the account would reach on this side if all its resting orders there filled, as options'
   * is: under 0–10 it counted the position alone, so two bids of 2 under a limit of 3 made a position of 4.
   * `marginFree`: an immediate order that only reduces the position (order-entry.ts `reducesNow`, rules 13) holds no
   * margin, from rules 23 the loss at the mark its position's equity does not cover (`reducingHoldPerUnitMicros`).
   */
  checkOrder(account: Account, series: Series, side: Side, qty: number, priceMicros: number, heldMicros: number, replacedQty: number, marginFree = false): RejectReason {
    const p = account.positions.get(series.id);
    const net = p?.available ?? 0;
    const limit = this.e.risk.syntheticMaxPositionQty;
    if (account.role !== Role.BROKER && limit !== 0) {
      if (this.e.rulesVersion >= SYNTHETIC_RESTING_LIMIT_RULES) {
        // The worst case on this side: long if every resting buy fills, short if every resting sale does.
        const before = side === Side.BUY ? net + (p?.restingBuyUnits ?? 0) : -net + (p?.restingSellUnits ?? 0);
        const after = before - replacedQty + qty;
        if (after > limit && after > before) return RejectReason.POSITION_LIMIT;
      } else {
        const after = Math.abs(net + (side === Side.BUY ? qty : -qty));
        if (after > limit && after > Math.abs(net)) return RejectReason.POSITION_LIMIT;
      }
    }
    // A position's value must stay a safe integer at any price the series allows.
    if ((Math.abs(net) + qty) * series.spec.maxPriceMicros > Number.MAX_SAFE_INTEGER) return RejectReason.POSITION_LIMIT;
    const perUnit = marginFree ? this.reducingHoldPerUnitMicros(account, series, side, priceMicros) : this.orderMarginPerUnitMicros(account, series, side, priceMicros);
    if (perUnit * qty > account.availableMicros + heldMicros) return RejectReason.INSUFFICIENT_MARGIN;
    return RejectReason.NONE;
  }

  /** A new synthetic order: its margin per unit, and its owner among the series' holders. */
  prepareOrder(order: RestingOrder, owner: Account, series: Series, side: Side, priceMicros: number): void {
    order.cashSettled = true;
    order.collateralPerUnitMicros = this.orderMarginPerUnitMicros(owner, series, side, priceMicros);
    if (!owner.positions.has(series.id)) series.synthetic!.holders.push(owner.position(series.id));
  }

  /**
   * A fill: each side's order hold for `qty` (margin, and the fee it held) is released, its fee
   * (order entry's, within that hold: docs/fees.md) paid from it, and its position takes the trade
   * and locks what it now needs.
   */
  settleFill(buy: RestingOrder, sell: RestingOrder, qty: number, priceMicros: number, buyFeeMicros: number, sellFeeMicros: number): void {
    this.fillSide(buy, qty, qty, priceMicros, buyFeeMicros);
    this.fillSide(sell, qty, -qty, priceMicros, sellFeeMicros);
  }

  private fillSide(order: RestingOrder, qty: number, signedQty: number, priceMicros: number, feeMicros: number): void {
    const owner = order.owner;
    const margin = order.collateralPerUnitMicros * qty;
    owner.heldMicros -= margin;
    owner.availableMicros += margin - feeMicros; // the fee is at most its hold plus the free PAT before (order-entry.ts), so never below zero
    const p = order.position;
    if (signedQty > 0) p.restingBuyUnits -= qty;
    else p.restingSellUnits -= qty;
    p.available += signedQty;
    p.costMicros += signedQty * priceMicros;
    // Initial margin at the fill price, and under rules 14 at the mark too (what its order held covers both).
    const level = this.markLevelMicros(owner, this.e.series[order.seriesId]!);
    const bps = this.e.risk.syntheticInitialMarginBps;
    this.relockTo(p, Math.max(this.requiredMicros(p, priceMicros, bps), level === 0 ? 0 : this.requiredMicros(p, level, bps)));
  }

  /** What a position needs locked at `priceMicros`: margin on |net| at `bps`, plus the loss it carries at that price. */
  private requiredMicros(p: Position, priceMicros: number, bps: number): number {
    const loss = p.costMicros - p.available * priceMicros;
    return bpsCeil(Math.abs(p.available) * priceMicros, bps) + (loss > 0 ? loss : 0);
  }

  /** Moves PAT between the owner's free balance and the position's lock so the lock is what it needs (as far as the free PAT goes). */
  private relock(p: Position, priceMicros: number, bps: number): void {
    this.relockTo(p, this.requiredMicros(p, priceMicros, bps));
  }

  private relockTo(p: Position, needMicros: number): void {
    const delta = needMicros - p.collateralMicros;
    this.moveToLock(p, delta > 0 ? Math.min(delta, p.owner.availableMicros) : delta);
  }

  private moveToLock(p: Position, micros: number): void {
    p.owner.availableMicros -= micros;
    p.owner.lockedMicros += micros;
    p.collateralMicros += micros;
  }

  // ------------------------------------------------------------ marking

  markSynthetics(cmd: MarkSynthetics): void {
    let reason: RejectReason = RejectReason.NONE;
    const target = cmd.seriesId === 0 ? undefined : this.e.series[cmd.seriesId];
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (cmd.seriesId !== 0 && target === undefined) reason = RejectReason.UNKNOWN_SERIES;
    else if (target !== undefined && target.cashSettled === undefined) reason = RejectReason.NOT_A_SYNTHETIC;
    else if (target !== undefined && target.status === SeriesStatus.EXPIRED) reason = RejectReason.SERIES_EXPIRED;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    // The latest sample instant: apply() has sampled every track through it.
    const atMs = Math.floor(this.e.nowMs / INDEX_SAMPLE_EVERY_MS) * INDEX_SAMPLE_EVERY_MS;
    // A window's synthetic and its options (a dozen strikes) share one index: computed once per command.
    const indices = new Map<string, SettlementIndex>();
    if (target !== undefined) return this.mark(target, atMs, indices);
    for (const s of this.e.cashSettledSeries) if (s.status !== SeriesStatus.EXPIRED) this.mark(s, atMs, indices);
  }

  private mark(series: Series, nowInstantMs: number, indices: Map<string, SettlementIndex>): void {
    // After the close (before the expiry command) the mark stays at the close's index: no later sample exists.
    this.markAt(series, Math.min(nowInstantMs, series.spec.closeAtMs), indices);
  }

  private markAt(series: Series, atMs: number, indices: Map<string, SettlementIndex>): void {
    const st = series.cashSettled!;
    const key = `${st.spotSeriesId}@${atMs}/${this.referenceOf(series)}`;
    let index = indices.get(key);
    if (index === undefined) {
      index = this.indexOf(series, atMs).index;
      indices.set(key, index);
    }
    st.markMicros = index.indexMicros;
    st.markAtMs = atMs;
    let liquidations = 0;
    if (series.option !== undefined) liquidations = this.e.options.margin(series, st.markMicros);
    else {
      for (const p of st.holders) {
        if (p.available !== 0 && this.underMaintenance(series, p, st.markMicros) && this.liquidate(series, p, st.markMicros)) liquidations++;
      }
    }
    this.e.out.push({
      type: EventType.SYNTHETIC_MARKED,
      seq: this.e.seq,
      seriesId: series.id,
      markAtMs: atMs,
      markMicros: st.markMicros,
      method: index.method,
      holders: st.holders.length,
      liquidations,
    });
  }

  /** Below maintenance even after a top-up from the owner's free PAT to initial margin? */
  private underMaintenance(series: Series, p: Position, markMicros: number): boolean {
    const risk = this.e.risk;
    const equity = p.collateralMicros + p.available * markMicros - p.costMicros;
    const absValue = Math.abs(p.available) * markMicros;
    if (equity >= bpsCeil(absValue, risk.syntheticMaintenanceMarginBps)) return false;
    const topUp = Math.min(bpsCeil(absValue, risk.syntheticInitialMarginBps) - equity, p.owner.availableMicros);
    if (topUp > 0) {
      this.moveToLock(p, topUp);
      emitTopUp(this.e, series.id, p, p.available, markMicros, topUp);
    }
    return equity + Math.max(topUp, 0) < bpsCeil(absValue, risk.syntheticMaintenanceMarginBps);
  }

  /**
   * The broker takes the position over at the mark (a trade between them at the mark),
   * after the account's resting orders in the series are cancelled. The account keeps its
   * realized loss locked until settlement and pays the penalty from what is left of its
   * lock. The broker's own positions are never liquidated (it is the counterparty of last
   * resort); false when there is no broker or the position is the broker's.
   */
  private liquidate(series: Series, p: Position, markMicros: number): boolean {
    const brokerAccount = this.e.accounts[this.e.brokerId];
    if (brokerAccount === undefined || p.owner === brokerAccount) return false;
    this.e.orderEntry.cancelAccountOrders(p.owner, series.id, CancelReason.LIQUIDATION);
    const qty = p.available;
    if (!brokerAccount.positions.has(series.id)) series.synthetic!.holders.push(brokerAccount.position(series.id));
    const bp = brokerAccount.position(series.id);
    p.available = 0;
    p.costMicros -= qty * markMicros;
    bp.available += qty;
    bp.costMicros += qty * markMicros;
    const owedMicros = Math.max(p.costMicros, 0); // a flat position pays its cost at settlement
    const spareMicros = Math.max(p.collateralMicros - owedMicros, 0);
    const penaltyMicros = Math.min(bpsCeil(Math.abs(qty) * markMicros, this.e.risk.syntheticLiquidationPenaltyBps), spareMicros);
    p.collateralMicros -= penaltyMicros;
    p.owner.lockedMicros -= penaltyMicros;
    brokerAccount.availableMicros += penaltyMicros;
    this.moveToLock(p, -(spareMicros - penaltyMicros)); // the rest of the lock is free again
    this.relock(bp, markMicros, this.e.risk.syntheticInitialMarginBps);
    this.e.out.push({
      type: EventType.SYNTHETIC_LIQUIDATED,
      seq: this.e.seq,
      seriesId: series.id,
      accountId: p.owner.id,
      brokerId: brokerAccount.id,
      positionQty: qty,
      markMicros,
      penaltyMicros,
      lockedMicros: p.collateralMicros,
      owedMicros,
    });
    return true;
  }

  // ------------------------------------------------------------ expiry

  /** Whether the series can settle now: its close has passed on the sequencer clock (so its last sample is taken). */
  canSettle(series: Series): boolean {
    return this.e.nowMs >= series.spec.closeAtMs;
  }

  /**
   * At expiry (the series is closed, its orders gone): publishes the index and pays every
   * position: a synthetic net × index − cost, an option (its premium paid at the fill) its
   * units × the value at the index (src/engine/products/options.ts).
   */
  settle(series: Series): void {
    const st = series.cashSettled!;
    const computed = this.indexOf(series, series.spec.closeAtMs);
    const indexMicros = computed.index.indexMicros;
    st.settledIndexMicros = indexMicros;
    this.e.out.push(this.published(series, computed));
    const holders = st.holders;
    const option = series.option !== undefined;
    const valueMicros = option ? this.e.options.intrinsicMicros(series, indexMicros) : indexMicros;
    // `+ 0` turns a short's −0 (−10 × 0) into 0: events carry plain integers.
    const payouts = holders.map((p) => (option ? (p.available + p.held) * valueMicros : p.available * valueMicros - p.costMicros) + 0);
    // Losers pay first, from their lock then their free PAT.
    let shortfallMicros = 0;
    let owedToWinners = 0;
    const shortfalls = holders.map((p, i) => {
      const payout = payouts[i]!;
      if (payout >= 0) {
        owedToWinners += payout;
        return 0;
      }
      const fromLock = Math.min(-payout, p.collateralMicros);
      p.collateralMicros -= fromLock;
      p.owner.lockedMicros -= fromLock;
      const fromFree = Math.min(-payout - fromLock, p.owner.availableMicros);
      p.owner.availableMicros -= fromFree;
      const short = -payout - fromLock - fromFree;
      shortfallMicros += short;
      return short;
    });
    const broker = this.e.accounts[this.e.brokerId];
    const brokerCoverMicros = broker === undefined ? 0 : Math.min(shortfallMicros, broker.availableMicros);
    if (broker !== undefined) broker.availableMicros -= brokerCoverMicros;
    const haircuts = this.haircuts(payouts, owedToWinners, shortfallMicros - brokerCoverMicros);
    holders.forEach((p, i) => {
      const paid = payouts[i]! >= 0 ? payouts[i]! - haircuts[i]! : payouts[i]! + shortfalls[i]!;
      if (paid > 0) p.owner.availableMicros += paid;
      this.moveToLock(p, -p.collateralMicros); // whatever is still locked is free
      this.e.out.push({
        type: EventType.SYNTHETIC_SETTLED,
        seq: this.e.seq,
        seriesId: series.id,
        accountId: p.owner.id,
        positionQty: p.available,
        costMicros: p.costMicros,
        indexMicros,
        valueMicros,
        payoutMicros: paid,
        shortfallMicros: shortfalls[i]!,
        haircutMicros: haircuts[i]!,
      });
      p.available = 0;
      p.costMicros = 0;
    });
    this.e.out.push({
      type: EventType.SYNTHETIC_SETTLEMENT_COMPLETED,
      seq: this.e.seq,
      seriesId: series.id,
      indexMicros,
      holders: holders.length,
      shortfallMicros,
      brokerId: broker?.id ?? 0,
      brokerCoverMicros,
      haircutMicros: shortfallMicros - brokerCoverMicros,
    });
    this.detach(series);
  }

  /**
   * The loss rule's haircuts: `lossMicros` taken from the winners in proportion to what
   * they are owed, ⌊owed × loss / total⌋ each, the rounding remainder one µPAT at a time
   * from the first winners in holder order, so they add up exactly.
   */
  private haircuts(payouts: readonly number[], owedToWinners: number, lossMicros: number): number[] {
    const cuts = payouts.map(() => 0);
    if (lossMicros <= 0) return cuts;
    let taken = 0;
    payouts.forEach((payout, i) => {
      if (payout <= 0) return;
      cuts[i] = Number((BigInt(payout) * BigInt(lossMicros)) / BigInt(owedToWinners));
      taken += cuts[i]!;
    });
    for (let i = 0; taken < lossMicros && i < payouts.length; i++) {
      if (payouts[i]! > cuts[i]!) {
        cuts[i]!++;
        taken++;
      }
    }
    return cuts;
  }

  private detach(series: Series): void {
    const spot = this.e.series[series.cashSettled!.spotSeriesId]!;
    const track = spot.indexTrack!;
    if (--track.users === 0) this.e.removeIndexTrack(spot);
  }

  /** The index of the synthetic's window over the hour ending at `atMs` (a sampled instant), under the definition of the engine's rules. */
  private indexOf(series: Series, atMs: number): ReturnType<IndexTrack['compute']> {
    const spot = this.e.series[series.cashSettled!.spotSeriesId]!;
    return spot.indexTrack!.compute(atMs, this.referenceOf(series), this.indexDefinition());
  }

  /** The settlement index's definition (docs/settlement-index.md) under the engine's rules: 3 from rules 16, 2 from rules 4, else 1. */
  indexDefinition(): number {
    if (this.e.rulesVersion >= THIN_MID_RULES) return THIN_MID_DEFINITION;
    return this.e.rulesVersion >= MARKET_INDEX_RULES ? MARKET_BAND_DEFINITION : REFERENCE_BAND_DEFINITION;
  }

  /**
   * The spot's reference price now: the index's reference under definition 1, and under 2 when
   * the track holds none from the period's start. Before the quoter sets one, the last trades or
   * the spot's floor stand in.
   */
  private referenceOf(series: Series): number {
    const spot = this.e.series[series.cashSettled!.spotSeriesId]!;
    return spot.referencePriceMicros || spot.lastTradeMicros || series.lastTradeMicros || spot.spec.minPriceMicros;
  }

  private published(series: Series, { inputs, index }: ReturnType<IndexTrack['compute']>): IndexPublished {
    const st: CashSettledState = series.cashSettled!;
    return {
      type: EventType.SETTLEMENT_INDEX_PUBLISHED,
      seq: this.e.seq,
      seriesId: series.id,
      spotSeriesId: st.spotSeriesId,
      cutoffAtMs: index.cutoffAtMs,
      indexMicros: index.indexMicros,
      method: index.method,
      index,
      inputs,
    };
  }
}
