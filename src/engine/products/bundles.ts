/**
 * Bundles (issue 81; docs/catalog.md, "Bundles"): several listings bought as one purchase. The
 * catalog resolves a bundle to its legs (a spot series in its window open now, and rights of
 * it); BUY_BUNDLE buys every leg at the broker's asks, or nothing: all-or-none, immediate.
 *
 * The price is the sum of the legs' asks (no discount: a discount would be a second price the
 * broker cannot hedge). Everything that could refuse a leg is checked for every leg before the
 * first is bought, so no leg is bought unless all are: the broker's asks cover each leg's
 * rights within the series' order limit, each leg passes order entry's checks, the account's
 * free PAT holds all the legs' orders together (each at the dearest level it reaches, with its
 * fee), its message throttle has room for all of them, and from rules 21 each leg's collateral
 * (order entry's margin multiple, `risk.marginBps` or `risk.thinMarginBps` in a thin series) fits
 * what the legs before it may leave of the free PAT (`checkLegCollateral`). The legs are then
 * ordinary IOC limit buys through order entry, in the order given; each fills in full (asserted).
 *
 * A module of the engine's state machine, within `Engine.apply`.
 */
import type { TradeFees } from '../core/trade-fees.js';
import {
  CommandKind,
  OrderType,
  Role,
  SelfTradePrevention,
  SeriesStatus,
  Side,
  TimeInForce,
  type BuyBundle,
  type NewOrder,
} from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import { EventType } from '../core/events.js';
import { isPositiveSafeInt } from '../core/integers.js';
import type { OrderEntry } from '../core/order-entry.js';
import { RejectReason } from '../core/reject-reason.js';
import type { Series } from '../core/series.js';
import { walkAsks } from './ask-walk.js';
import { collateralShort } from '../../risk/index.js';

export { walkAsks };

/**
 * Rules version 21 (products/rules.ts): a leg's collateral is checked against the free PAT the legs before it may leave,
 * each at its limit and fee hold (`checkLegCollateral`), so order entry never refuses a leg after others were bought.
 */
export const BUNDLE_MARGIN_RULES = 21;

/** Legs one bundle may have. */
export const MAX_BUNDLE_LEGS = 16;

/** The engine as bundles sees it. */
export type BundlesEngine = Pick<EngineState, 'seq' | 'rejectCommand' | 'out' | 'nowMs' | 'series' | 'accounts' | 'limits' | 'risk' | 'rulesVersion'> & {
  readonly orderEntry: Pick<OrderEntry, 'newOrder' | 'checkNewOrder'>;
  readonly tradeFees: Pick<TradeFees, 'holdPerUnitMicros'>;
};

/** Thrown when a leg checked to fill did not: the state can no longer be trusted (the engine stops). */
export class BundleInvariantError extends Error {
  override readonly name = 'BundleInvariantError';
}

interface PlannedLeg {
  series: Series;
  order: NewOrder;
  costMicros: number;
  /** What the leg's order holds of free PAT: its limit and fee hold per unit, × its rights. */
  holdMicros: number;
  /** The price the best ask was at, for a refusal naming the leg. */
  bestAskMicros: number;
}

export class Bundles {
  constructor(private readonly e: BundlesEngine) {}

  buyBundle(cmd: BuyBundle): void {
    const planned = this.plan(cmd);
    if (!Array.isArray(planned)) {
      this.e.out.push({
        type: EventType.BUNDLE_REFUSED, seq: this.e.seq, accountId: cmd.actor, bundleId: Number.isSafeInteger(cmd.bundleId) ? cmd.bundleId : 0,
        legIndex: planned.legIndex, seriesId: planned.seriesId, reason: planned.reason, askMicros: planned.askMicros,
      });
      return this.e.rejectCommand(cmd.kind, cmd.actor, planned.reason);
    }
    const account = this.e.accounts[cmd.actor]!;
    const legs: Array<{ seriesId: number; qty: number; costMicros: number }> = [];
    let costMicros = 0;
    for (const leg of planned) {
      const before = account.positions.get(leg.series.id)?.available ?? 0;
      this.e.orderEntry.newOrder(leg.order);
      const bought = (account.positions.get(leg.series.id)?.available ?? 0) - before;
      if (bought !== leg.order.qty) throw new BundleInvariantError(`bundle ${cmd.bundleId}: series ${leg.series.id} filled ${bought} of ${leg.order.qty} after every leg was checked to fill`);
      legs.push({ seriesId: leg.series.id, qty: bought, costMicros: leg.costMicros });
      costMicros += leg.costMicros;
    }
    this.e.out.push({ type: EventType.BUNDLE_BOUGHT, seq: this.e.seq, accountId: cmd.actor, bundleId: cmd.bundleId, legs, costMicros });
  }

  /** Every leg's order, checked to fill at the asks; or the first refusal, naming its leg. */
  private plan(cmd: BuyBundle): PlannedLeg[] | { legIndex: number; seriesId: number; reason: RejectReason; askMicros: number } {
    const whole = (reason: RejectReason) => ({ legIndex: -1, seriesId: 0, reason, askMicros: 0 });
    const account = this.e.accounts[cmd.actor];
    if (account === undefined) return whole(RejectReason.UNKNOWN_ACCOUNT);
    if (account.role !== Role.CONSUMER && account.role !== Role.INSTITUTION) return whole(RejectReason.ROLE_NOT_ALLOWED);
    if (!Number.isSafeInteger(cmd.bundleId) || cmd.bundleId < 0 || !isPositiveSafeInt(cmd.maxCostMicros)) return whole(RejectReason.INVALID_BUNDLE);
    if (!Array.isArray(cmd.legs) || cmd.legs.length < 1 || cmd.legs.length > MAX_BUNDLE_LEGS) return whole(RejectReason.INVALID_BUNDLE);
    const seen = new Set<number>();
    const planned: PlannedLeg[] = [];
    let costMicros = 0;
    let holdMicros = 0;
    for (let i = 0; i < cmd.legs.length; i++) {
      const { seriesId, qty } = cmd.legs[i]!;
      const refuse = (reason: RejectReason, askMicros = 0) => ({ legIndex: i, seriesId: Number.isSafeInteger(seriesId) ? seriesId : 0, reason, askMicros });
      const series = Number.isSafeInteger(seriesId) && seriesId > 0 ? this.e.series[seriesId] : undefined;
      if (series === undefined) return refuse(RejectReason.UNKNOWN_SERIES);
      if (seen.has(seriesId) || !series.isSpot || !isPositiveSafeInt(qty) || qty % series.lotSize !== 0) return refuse(RejectReason.INVALID_BUNDLE);
      if (series.status !== SeriesStatus.TRADING || this.e.nowMs < series.spec.openAtMs || this.e.nowMs >= series.spec.closeAtMs) return refuse(RejectReason.INVALID_BUNDLE);
      seen.add(seriesId);
      const asks = series.brokerSells.depth(Side.SELL, this.e.limits.maxQuoteLevels);
      const bestAsk = asks[0]?.[0] ?? 0;
      const walked = walkAsks(asks, qty);
      if (qty > series.maxOrderQty || walked.filledQty < qty) return refuse(RejectReason.BUNDLE_LEG_UNFILLABLE, bestAsk);
      const order: NewOrder = {
        kind: CommandKind.NEW_ORDER, actor: cmd.actor, seriesId, clientOrderId: 0, side: Side.BUY, orderType: OrderType.LIMIT,
        tif: TimeInForce.IOC, priceMicros: walked.limitMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST,
      };
      const refused = this.e.orderEntry.checkNewOrder(order, account, series);
      if (refused !== RejectReason.NONE) return refuse(refused, bestAsk);
      costMicros += walked.costMicros;
      const legHoldMicros = (walked.limitMicros + this.e.tradeFees.holdPerUnitMicros(account, series, Side.BUY, walked.limitMicros)) * qty;
      holdMicros += legHoldMicros;
      planned.push({ series, order, costMicros: walked.costMicros, holdMicros: legHoldMicros, bestAskMicros: bestAsk });
    }
    if (costMicros > cmd.maxCostMicros) return whole(RejectReason.BUNDLE_PRICE_MOVED);
    // Each leg was checked alone; together they must fit the free PAT and the throttle too.
    if (holdMicros > account.availableMicros) return whole(RejectReason.INSUFFICIENT_BALANCE);
    if (!this.throttleRoom(account.throttleWindowStartMs, account.throttleCount, planned.length)) return whole(RejectReason.THROTTLED);
    const short = this.checkLegCollateral(planned, account.availableMicros);
    if (short >= 0) return { legIndex: short, seriesId: planned[short]!.series.id, reason: RejectReason.INSUFFICIENT_COLLATERAL, askMicros: planned[short]!.bestAskMicros };
    return planned;
  }

  /**
   * The first leg whose collateral order entry would refuse when its turn comes, or -1. Order entry asks a buy's free PAT
   * to cover its notional (limit × rights) × the margin multiple of its series (`collateralShort`: `risk.marginBps`,
   * `risk.thinMarginBps` while the series is thin; above 1× a requirement, not a hold), and the legs before it have spent
   * by then. Each leg was checked alone against the free PAT before any leg, and all together at 1× only, so under a
   * multiple above 1× a later leg could be refused after the first were bought (BundleInvariantError, the sequencer
   * stopped: an outside audit, 2 legs of 40 PAT with 100 PAT free at 2×). The legs are distinct series, so a leg's
   * fills move neither another's book nor its trade count: only the free PAT differs.
   *
   * From rules 21 (BUNDLE_MARGIN_RULES) the legs before count at what their orders hold (limit and fee hold): they spend
   * at most that, so a bundle this passes fills whole. Under 0–20 they count at their cost (what they spend at least: the
   * asks walked, fees ≥ 0), so this refuses only a bundle whose leg order entry would certainly have refused: one that
   * threw, stopping the sequencer before its turn was journaled. No journal under 0–20 holds such a command, so refusing
   * it there changes no replay, while refusing on the holds could refuse a bundle that filled (legs walking several asks
   * spend less than their limits): that stays rules 21's. Under 0–20 a bundle between the two (fees charged past the
   * cost) can still throw, as before.
   */
  private checkLegCollateral(planned: readonly PlannedLeg[], freeMicros: number): number {
    const atHolds = this.e.rulesVersion >= BUNDLE_MARGIN_RULES;
    let spentBeforeMicros = 0;
    for (let i = 0; i < planned.length; i++) {
      const leg = planned[i]!;
      const notionalMicros = leg.order.priceMicros * leg.order.qty;
      if (collateralShort(this.e.risk, leg.series.tradeCount, notionalMicros, freeMicros - spentBeforeMicros)) return i;
      spentBeforeMicros += atHolds ? leg.holdMicros : leg.costMicros;
    }
    return -1;
  }

  /** Whether the account's message throttle takes `messages` more now (risk.throttleMessages per throttleWindowMs; 0: no throttle). */
  private throttleRoom(windowStartMs: number, count: number, messages: number): boolean {
    const risk = this.e.risk;
    if (risk.throttleMessages === 0) return true;
    const inWindow = this.e.nowMs - windowStartMs < risk.throttleWindowMs;
    return (inWindow ? count : 0) + messages <= risk.throttleMessages;
  }
}
