/**
 * Forwards (phase 2): the right to a future window's access at a price fixed today,
 * settled by delivery at the window's open, never in cash (docs/forwards.md).
 *
 * - A provider pledges capacity for the future window (DECLARE_CAPACITY on the forward)
 *   and may sell forward up to it; the broker may sell forward short within its limits.
 *   A seller's position goes below zero: a short is a promise to deliver.
 * - Every forward sale holds collateral (`risk.forwardCollateralBps` of its limit price per
 *   right) while it rests; a fill locks it, and locks the sale's proceeds in escrow, until
 *   delivery. The buyer's payment (its cost) is the basis of any refund.
 * - DELIVER_FORWARDS, at the open, delivers in two passes over the series' holders (in the
 *   order they first had a position), spread over as many commands as the schedule needs:
 *   providers mint what they owe into the window's spot series, for the broker, and are
 *   paid their escrow pro rata to what they delivered, less the schedule's take rate on it
 *   (docs/fees.md; the rest, and the collateral for it, go to the broker); then each buyer receives its pro-rata share of what the broker can
 *   deliver (providers' deliveries plus its own spot inventory), and for the rest the
 *   forward price back and the broker's collateral for it. Shares use running sums, so
 *   they add up exactly and do not depend on where the commands split the pass.
 *
 * A module of the engine's state machine, within `Engine.apply`.
 */
import type { Account, Position } from '../core/account.js';
import { Role, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, type DeclareCapacity, type DeliverForwards, type QuoteLadder } from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import type { Escrow } from './escrow.js';
import type { TradeFees } from '../core/trade-fees.js';
import type { ForwardOrders, OrderEntry } from '../core/order-entry.js';
import type { SeriesLifecycle } from './series-lifecycle.js';
import { CancelReason, EventType } from '../core/events.js';
import { isPositiveSafeInt } from '../core/integers.js';
import { RejectReason } from '../core/reject-reason.js';
import { DeliveryPhase, seriesWindowKey, type ForwardState, type Series } from '../core/series.js';
import { mulDiv } from '../core/supply.js';

/** Positions one DELIVER_FORWARDS may deliver (the journal encodes any safe integer; this bounds a turn). */
export const MAX_DELIVERY_POSITIONS = 1_000_000;

const BPS = 10_000;

/** The engine as forwards sees it: the state it reads and writes, and the other concerns it calls. */
export type ForwardsEngine = Pick<EngineState, 'accounts' | 'series' | 'seq' | 'out' | 'brokerId' | 'risk' | 'rejectCommand' | 'seriesByWindow' | 'nowMs' | 'maxPositionRights' | 'forgetQuotes'> & {
  readonly orderEntry: Pick<OrderEntry, 'cancelResting'>;
  readonly lifecycle: Pick<SeriesLifecycle, 'closeSeries'>;
  readonly escrow: Pick<Escrow, 'deliveredForward' | 'bySale'>;
  readonly tradeFees: Pick<TradeFees, 'forwardTakeRate' | 'collect'>;
};

export class Forwards implements ForwardOrders {
  constructor(private readonly e: ForwardsEngine) {}

  /** Collateral per right of a forward sale at this price: ⌈price × bps / 10 000⌉ µPAT, computed without overflow. */
  collateralPerUnitMicros(priceMicros: number): number {
    const bps = this.e.risk.forwardCollateralBps;
    const whole = Math.floor(priceMicros / BPS);
    return whole * bps + Math.ceil(((priceMicros - whole * BPS) * bps) / BPS);
  }

  /**
   * Whether `account` may sell `qty` forward at `priceMicros`, given its position's
   * available rights (may be negative: already short) and the collateral the sale holds
   * now (an amend's). Providers: within the pledge, with a published listing to deliver
   * under. The broker: within its short limits. Both: collateral from free PAT.
   */
  checkSale(account: Account, series: Series, available: number, qty: number, priceMicros: number, heldCollateralMicros: number): RejectReason {
    if (account.role === Role.PROVIDER) {
      if (this.e.risk.mintRequiresListing === 1 && !account.providerListings.has(series.segment)) return RejectReason.NO_PUBLISHED_LISTING;
      const pledge = account.positions.get(series.id)?.capacity ?? 0;
      if (qty > available + pledge) return RejectReason.CAPACITY_EXCEEDED;
    } else if (account.role === Role.BROKER) {
      const short = this.brokerShortReason(account, series, qty - available);
      if (short !== RejectReason.NONE) return short;
    } else {
      return RejectReason.ROLE_NOT_ALLOWED;
    }
    const collateral = this.collateralPerUnitMicros(priceMicros) * qty - heldCollateralMicros;
    return collateral > account.availableMicros ? RejectReason.INSUFFICIENT_COLLATERAL : RejectReason.NONE;
  }

  /** The broker's short in this forward would be `shortAfter` (≤ 0: none): against the per-series and per-window limits. */
  private brokerShortReason(broker: Account, series: Series, shortAfter: number): RejectReason {
    if (shortAfter <= 0) return RejectReason.NONE;
    const risk = this.e.risk;
    if (risk.brokerMaxForwardShort !== 0 && shortAfter > risk.brokerMaxForwardShort) return RejectReason.EXPOSURE_LIMIT_SERIES;
    if (risk.brokerMaxForwardShortWindow === 0) return RejectReason.NONE;
    return shortAfter + this.otherShortsInWindow(broker, series) > risk.brokerMaxForwardShortWindow ? RejectReason.EXPOSURE_LIMIT_WINDOW : RejectReason.NONE;
  }

  /**
   * The most the broker may be short in this forward under its limits (what the quoter
   * sizes its asks by: the same rule as the check above); MAX_SAFE_INTEGER when both are off.
   */
  brokerShortHeadroom(broker: Account, series: Series): number {
    const risk = this.e.risk;
    let headroom = risk.brokerMaxForwardShort !== 0 ? risk.brokerMaxForwardShort : Number.MAX_SAFE_INTEGER;
    if (risk.brokerMaxForwardShortWindow !== 0) headroom = Math.min(headroom, risk.brokerMaxForwardShortWindow - this.otherShortsInWindow(broker, series));
    return Math.max(0, headroom);
  }

  /** Rights the broker is short in the other live forwards of the series' window group. */
  private otherShortsInWindow(broker: Account, series: Series): number {
    let short = 0;
    for (const s of series.windowGroup) {
      if (s === series) continue;
      const p = broker.positions.get(s.id);
      if (p !== undefined && p.available < 0) short -= p.available;
    }
    return short;
  }

  /**
   * The broker's ask ladder in a forward: its size within the short limits (crediting
   * what its current asks hold), its collateral within `freeMicros` (free PAT after the
   * bids, plus what the current asks' collateral frees).
   */
  checkQuoteSale(broker: Account, series: Series, asks: QuoteLadder, availableAfterFreeing: number, freeMicros: number): RejectReason {
    let qty = 0;
    let collateral = 0;
    for (let i = 0; i < asks.qty.length; i++) {
      qty += asks.qty[i]!;
      collateral += this.collateralPerUnitMicros(asks.priceMicros[i]!) * asks.qty[i]!;
    }
    if (qty === 0) return RejectReason.NONE;
    const short = this.brokerShortReason(broker, series, qty - availableAfterFreeing);
    if (short !== RejectReason.NONE) return short;
    return collateral > freeMicros ? RejectReason.INSUFFICIENT_COLLATERAL : RejectReason.NONE;
  }

  /**
   * A forward fill, after the rights moved: the seller's proceeds and `collateralMicros` (what its sale
   * held for these rights, without the fee it held: order entry charges that, docs/fees.md) locked,
   * the buyer's cost recorded (its forward price, the basis of a refund; a fee is not part of it).
   */
  settleFill(f: ForwardState, buy: { owner: Account; position: Position }, sell: { owner: Account; position: Position }, qty: number, notionalMicros: number, collateralMicros: number): void {
    // Buyers never sell, so their total long only grows: counted here, it is known when delivery begins.
    if (buy.owner.role === Role.CONSUMER || buy.owner.role === Role.INSTITUTION) f.buyerLongQty += qty;
    const collateral = collateralMicros;
    sell.owner.heldMicros -= collateral;
    sell.position.collateralMicros += collateral;
    sell.position.escrowMicros += notionalMicros;
    sell.owner.lockedMicros += collateral + notionalMicros;
    buy.position.costMicros += notionalMicros;
  }

  /** A provider's pledge for a forward's window (DECLARE_CAPACITY on a FORWARD series; the caller checked provider and series). */
  pledge(cmd: DeclareCapacity, series: Series): void {
    let reason: RejectReason = RejectReason.NONE;
    if (this.e.nowMs >= series.tradingEndsAtMs) reason = RejectReason.SERIES_EXPIRED;
    else if (!Number.isSafeInteger(cmd.capacity) || cmd.capacity < 0) reason = RejectReason.INVALID_QUANTITY;
    else if (cmd.capacity > this.e.maxPositionRights) reason = RejectReason.POSITION_LIMIT;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const account = this.e.accounts[cmd.actor]!;
    if (!account.positions.has(series.id)) series.forward!.holders.push(account.id);
    account.position(series.id).capacity = cmd.capacity;
    this.e.out.push({ type: EventType.CAPACITY_DECLARED, seq: this.e.seq, accountId: cmd.actor, seriesId: cmd.seriesId, capacity: cmd.capacity });
  }

  // ------------------------------------------------------------- delivery

  /** The live-or-expired spot series of a forward's window, if listed. */
  private spotSeriesOf(series: Series): Series | undefined {
    const id = this.e.seriesByWindow.get(seriesWindowKey(series.spec.contract, series.spec.openAtMs, SeriesKind.SPOT));
    return id === undefined ? undefined : this.e.series[id];
  }

  private checkDelivery(cmd: DeliverForwards, series: Series | undefined): RejectReason {
    if (cmd.actor !== SYSTEM_ACTOR) return RejectReason.ROLE_NOT_ALLOWED;
    if (series === undefined) return RejectReason.UNKNOWN_SERIES;
    if (series.forward === undefined) return RejectReason.NOT_A_FORWARD;
    if (!isPositiveSafeInt(cmd.maxPositions) || cmd.maxPositions > MAX_DELIVERY_POSITIONS) return RejectReason.INVALID_QUANTITY;
    if (series.forward.phase === DeliveryPhase.DONE) return RejectReason.SERIES_EXPIRED;
    if (series.forward.phase !== DeliveryPhase.NONE) return RejectReason.NONE;
    if (!Number.isSafeInteger(cmd.cutoffMs) || cmd.cutoffMs < series.spec.openAtMs) return RejectReason.EXPIRY_TOO_EARLY;
    if (this.e.accounts[this.e.brokerId] === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    // No spot series while the window is still open: the schedule lists it first. Once the window has closed it lapses.
    if (this.spotSeriesOf(series) === undefined && cmd.cutoffMs < series.spec.closeAtMs) return RejectReason.SPOT_SERIES_NOT_LISTED;
    return RejectReason.NONE;
  }

  deliverForwards(cmd: DeliverForwards): void {
    const series = this.e.series[cmd.seriesId];
    const reason = this.checkDelivery(cmd, series);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const s = series!;
    const f = s.forward!;
    if (f.phase === DeliveryPhase.NONE) this.begin(s, f, cmd.cutoffMs);
    let budget = cmd.maxPositions;
    if (f.phase === DeliveryPhase.PROVIDERS) budget = this.deliverProviders(s, f, budget);
    if (f.phase === DeliveryPhase.BUYERS) this.deliverBuyers(s, f, budget);
  }

  /**
   * Closes the forward to trading (resting orders expired, their holds released), sets
   * aside the broker's spot rights of the window for buyers (its spot asks are cancelled
   * if the rights they hold are needed: promises made forward come before spot quotes) and
   * starts with the providers. What delivery depends on is fixed here, as of the open,
   * except a provider's listing, read when the delivery reaches it (within the same
   * fraction of a second: docs/forwards.md).
   */
  private begin(series: Series, f: ForwardState, cutoffMs: number): void {
    const spot = this.spotSeriesOf(series);
    f.spotSeriesId = spot?.id ?? 0;
    // A window that closed before delivery could run (the service was down throughout) lapses: everyone is made whole, no one delivers.
    f.lapsed = spot === undefined || spot.status === SeriesStatus.EXPIRED || cutoffMs >= series.spec.closeAtMs;
    f.listingRequired = this.e.risk.mintRequiresListing === 1;
    this.e.lifecycle.closeSeries(series);
    if (!f.lapsed && f.buyerLongQty > 0) {
      const broker = this.broker;
      const bp = broker.position(spot!.id);
      if (f.buyerLongQty > bp.available && bp.held > 0) this.cancelBrokerSpotAsks(broker, spot!);
      f.brokerReservedQty = Math.min(f.buyerLongQty, Math.max(bp.available, 0));
      bp.available -= f.brokerReservedQty;
    }
    f.phase = DeliveryPhase.PROVIDERS;
    f.cursor = 0;
  }

  private get broker(): Account {
    return this.e.accounts[this.e.brokerId]!;
  }

  /** Providers' shorts, in holder order. Returns the budget left. */
  private deliverProviders(series: Series, f: ForwardState, budget: number): number {
    const spot = this.e.series[f.spotSeriesId]; // undefined only when lapsed: nothing is delivered into it
    while (budget > 0 && f.cursor < f.holders.length) {
      const account = this.e.accounts[f.holders[f.cursor++]!]!;
      budget--;
      const p = account.positions.get(series.id)!;
      if (account.role === Role.PROVIDER && p.available < 0) this.deliverProvider(series, spot, f, account, p);
    }
    if (f.cursor === f.holders.length) this.beginBuyers(series, spot, f);
    return budget;
  }

  /** One provider: mints what it can deliver into the spot series (for the broker), is paid pro rata, forfeits the rest. */
  private deliverProvider(series: Series, spot: Series | undefined, f: ForwardState, provider: Account, p: Position): void {
    const sold = -p.available;
    const listed = !f.listingRequired || provider.providerListings.has(series.segment);
    const delivered = f.lapsed || !listed ? 0 : Math.min(sold, Math.max(p.capacity, 0));
    // Rules 3: delivered rights are sold rights, their proceeds held until the consumers are served (escrow.ts).
    const held = delivered > 0 && spot !== undefined && this.e.escrow.bySale;
    if (delivered > 0 && spot !== undefined) {
      const sp = provider.position(spot.id);
      sp.capacity += delivered;
      sp.minted += delivered;
      if (!held) spot.supply.add(provider.id, delivered);
      spot.rightsOutstanding += delivered;
      f.providerDeliveredQty += delivered;
    }
    const proceeds = mulDiv(p.escrowMicros, delivered, sold);
    // The take rate on what it is paid (docs/fees.md), out of the proceeds before they are held or made free.
    const take = this.e.tradeFees.forwardTakeRate(provider, series, proceeds);
    const paid = proceeds - take.feeMicros;
    // A lapsed window is nobody's fault: collateral comes back whole.
    const collateralReturned = f.lapsed ? p.collateralMicros : mulDiv(p.collateralMicros, delivered, sold);
    const refund = p.escrowMicros - proceeds;
    const forfeit = p.collateralMicros - collateralReturned;
    provider.availableMicros += (held ? 0 : paid) + collateralReturned;
    provider.lockedMicros -= p.escrowMicros + p.collateralMicros;
    this.broker.availableMicros += refund + forfeit;
    f.brokerRefundMicros += refund;
    f.brokerCompensationMicros += forfeit;
    p.escrowMicros = 0;
    p.collateralMicros = 0;
    p.available = 0;
    this.emitDelivered(series, f, provider.id, -sold, delivered, sold - delivered, proceeds, collateralReturned, 0 - refund, 0 - forfeit); // 0 − x: never −0
    if (take.feeMicros !== 0) {
      this.e.tradeFees.collect(take.feeMicros);
      this.e.out.push({
        type: EventType.FORWARD_TAKE_RATE_CHARGED, seq: this.e.seq, seriesId: series.id, spotSeriesId: f.spotSeriesId, accountId: provider.id,
        proceedsMicros: proceeds, takeRateBps: take.bps, feeMicros: take.feeMicros,
      });
    }
    if (held) this.e.escrow.deliveredForward(spot!, provider, delivered, paid);
  }

  /**
   * What the broker can deliver to buyers: providers' deliveries first, then the spot rights
   * it set aside at the open. What providers delivered beyond the buyers' longs is the
   * broker's own long, delivered to it, with what it set aside and does not need.
   */
  private beginBuyers(series: Series, spot: Series | undefined, f: ForwardState): void {
    const broker = this.broker;
    if (!f.lapsed && spot !== undefined) {
      const long = f.buyerLongQty;
      const fromPool = Math.min(f.providerDeliveredQty, long);
      const fromReserve = Math.min(long - fromPool, f.brokerReservedQty);
      broker.position(spot.id).available += f.providerDeliveredQty - fromPool + f.brokerReservedQty - fromReserve;
      f.brokerReservedQty = 0;
      f.buyerDeliverableQty = fromPool + fromReserve;
    }
    const bf = broker.positions.get(series.id);
    f.brokerPositionQty = bf?.available ?? 0;
    f.brokerCollateralMicros = bf?.collateralMicros ?? 0;
    f.phase = DeliveryPhase.BUYERS;
    f.cursor = 0;
  }

  private cancelBrokerSpotAsks(broker: Account, spot: Series): void {
    for (let o = broker.firstOrder; o !== null; ) {
      const next = o.accountNext;
      if (o.seriesId === spot.id && o.side === Side.SELL) this.e.orderEntry.cancelResting(o, CancelReason.FORWARD_DELIVERY);
      o = next;
    }
    this.e.forgetQuotes(spot);
  }

  /** Buyers' longs, in holder order: each its running pro-rata share of what the broker can deliver. */
  private deliverBuyers(series: Series, f: ForwardState, budget: number): void {
    const spot = this.e.series[f.spotSeriesId]; // undefined only when lapsed
    const broker = this.broker;
    const bf = broker.positions.get(series.id);
    const long = f.buyerLongQty;
    const deliverable = f.buyerDeliverableQty;
    while (budget > 0 && f.cursor < f.holders.length) {
      const account = this.e.accounts[f.holders[f.cursor++]!]!;
      budget--;
      if (account.role !== Role.CONSUMER && account.role !== Role.INSTITUTION) continue;
      const p = account.positions.get(series.id)!;
      const qty = p.available;
      if (qty <= 0) continue;
      const before = f.buyerLongSoFar;
      f.buyerLongSoFar += qty;
      const delivered = mulDiv(f.buyerLongSoFar, deliverable, long) - mulDiv(before, deliverable, long);
      const shortfall = qty - delivered;
      const refund = mulDiv(p.costMicros, shortfall, qty);
      const shortBefore = f.buyerShortfallSoFar;
      f.buyerShortfallSoFar += shortfall;
      // The broker's collateral was posted on all it sold forward, which is every buyer's long.
      const compensation = f.lapsed ? 0 : mulDiv(f.buyerShortfallSoFar, f.brokerCollateralMicros, long) - mulDiv(shortBefore, f.brokerCollateralMicros, long);
      if (delivered > 0) {
        // What the buyer paid for the rights it received is their purchase price (a claim's refund: escrow.ts).
        const sp = account.position(spot!.id);
        sp.available += delivered;
        sp.addBought(delivered, p.costMicros - refund);
      }
      account.availableMicros += refund + compensation;
      // Every buyer bought from the broker, so its escrow and collateral pay (invariant: they cover it).
      bf!.escrowMicros -= refund;
      bf!.collateralMicros -= compensation;
      broker.lockedMicros -= refund + compensation;
      f.brokerRefundMicros -= refund;
      f.brokerCompensationMicros -= compensation;
      p.available = 0;
      p.costMicros = 0;
      this.emitDelivered(series, f, account.id, qty, delivered, shortfall, 0, 0, refund, compensation);
    }
    if (f.cursor === f.holders.length) this.finish(series, f);
  }

  /** The broker's own side: what is left of its escrow and collateral is released; the series' delivery is done. */
  private finish(series: Series, f: ForwardState): void {
    const broker = this.broker;
    const bf = broker.positions.get(series.id);
    let proceeds = 0;
    let collateral = 0;
    if (bf !== undefined) {
      proceeds = bf.escrowMicros;
      collateral = bf.collateralMicros;
      broker.availableMicros += proceeds + collateral;
      broker.lockedMicros -= proceeds + collateral;
      bf.escrowMicros = 0;
      bf.collateralMicros = 0;
      bf.available = 0;
      bf.costMicros = 0;
    }
    const buyerShortfall = f.buyerLongQty - f.buyerDeliverableQty;
    this.emitDelivered(series, f, broker.id, f.brokerPositionQty, f.buyerDeliverableQty, buyerShortfall, proceeds, collateral, f.brokerRefundMicros, f.brokerCompensationMicros);
    f.phase = DeliveryPhase.DONE;
    this.e.out.push({
      type: EventType.FORWARD_DELIVERY_COMPLETED,
      seq: this.e.seq,
      seriesId: series.id,
      spotSeriesId: f.spotSeriesId,
      providerDeliveredQty: f.providerDeliveredQty,
      buyerLongQty: f.buyerLongQty,
      buyerDeliveredQty: f.buyerDeliverableQty,
      buyerShortfallQty: buyerShortfall,
      positions: f.positions,
    });
  }

  private emitDelivered(
    series: Series,
    f: ForwardState,
    accountId: number,
    positionQty: number,
    deliveredQty: number,
    shortfallQty: number,
    proceedsMicros: number,
    collateralReturnedMicros: number,
    refundMicros: number,
    compensationMicros: number,
  ): void {
    f.positions++;
    this.e.out.push({
      type: EventType.FORWARD_DELIVERED,
      seq: this.e.seq,
      seriesId: series.id,
      spotSeriesId: f.spotSeriesId,
      accountId,
      counterpartyId: this.e.brokerId,
      positionQty,
      deliveredQty,
      shortfallQty,
      proceedsMicros,
      collateralReturnedMicros,
      refundMicros,
      compensationMicros,
    });
  }
}
