/**
 * Pre-trade risk, decided by account before an order reaches a book (the split
 * exchange-core makes between its RiskEngine and its matching): kill switches, the
 * order size limit, the message throttle, a customer's position limit and the
 * broker's exposure limits per series and per window group. The rules themselves are
 * pure functions in src/risk/checks.ts; this module applies them to the engine's state,
 * within `Engine.apply`.
 */
import type { Account, Position } from './account.js';
import { Role, Side } from './commands.js';
import type { EngineState } from './engine-state.js';
import { RejectReason } from './reject-reason.js';
import type { Series } from './series.js';
import { exposureProblem, orderTooLarge, positionExceeded, throttleCount, throttled } from '../../risk/index.js';

/** The engine as pre-trade risk sees it: the state it reads and writes. */
export type PreTradeRiskEngine = Pick<EngineState, 'risk' | 'rulesVersion' | 'nowMs' | 'maxPositionRights' | 'killAll'>;

export class PreTradeRisk {
  constructor(private readonly e: PreTradeRiskEngine) {}

  /**
   * Risk checks that need no price (all O(1)): kill switches, the risk size
   * limit, the message throttle, then for a buy the limits on the account's long
   * (`checkAddedLong`).
   */
  checkOrderRisk(account: Account, series: Series, side: Side, qty: number): RejectReason {
    if (this.e.killAll || account.killed || series.killed) return RejectReason.KILL_SWITCH_ENGAGED;
    const risk = this.e.risk;
    if (orderTooLarge(risk, qty)) return RejectReason.ORDER_SIZE_LIMIT;
    if (account.role !== Role.BROKER && throttled(risk, account.throttleWindowStartMs, account.throttleCount, this.e.nowMs)) return RejectReason.THROTTLED;
    return side === Side.BUY ? this.checkAddedLong(account, series, qty) : RejectReason.NONE;
  }

  /**
   * The one check for every change that adds `addedQty` to an account's long in a
   * series (rights it owns plus its open bids): a new buy, an amend that raises a
   * bid's remaining quantity, a broker ladder bidding for more than the quote bids
   * it replaces. The long after the change is held against the rules' bound on one
   * position (every account, the broker's too: src/engine/products/rules.ts), a customer's
   * position limit, and the broker's exposure limits per series and per window
   * group. A change that adds nothing is never refused here, so an account over a
   * limit lowered since can still cut its bids. Cash-settled series have their own
   * limits (docs/synthetics.md, docs/options.md).
   */
  checkAddedLong(account: Account, series: Series, addedQty: number): RejectReason {
    if (addedQty <= 0 || series.cashSettled !== undefined) return RejectReason.NONE;
    const risk = this.e.risk;
    const isBroker = account.role === Role.BROKER;
    const bound = this.e.maxPositionRights;
    const limited = isBroker ? risk.brokerMaxLongSeries !== 0 || risk.brokerMaxLongWindow !== 0 : risk.maxPositionQty !== 0;
    // Skip the position look-up entirely when no limit applies (rules 0 with the risk limits off).
    if (!limited && bound === Number.POSITIVE_INFINITY) return RejectReason.NONE;
    const p = account.positions.get(series.id);
    const longAfter = (p === undefined ? 0 : p.rightsWithBids) + addedQty;
    if (longAfter > bound) return RejectReason.POSITION_LIMIT;
    if (!limited) return RejectReason.NONE;
    if (!isBroker) return positionExceeded(risk, longAfter) ? RejectReason.POSITION_LIMIT : RejectReason.NONE;
    return this.exposureReason(account, series, longAfter, addedQty);
  }

  /**
   * An amend that enlarges a resting bid by `addedQty`: from engine rules 2 held to every
   * limit on the long (`checkAddedLong`); under rules 0 and 1, whose journals replay as they
   * were written, it met the rules' bound only (src/engine/products/rules.ts).
   */
  checkEnlargedBid(owner: Account, series: Series, position: Position, addedQty: number): RejectReason {
    if (this.e.rulesVersion >= 2) return this.checkAddedLong(owner, series, addedQty);
    return addedQty > 0 && position.rightsWithBids + addedQty > this.e.maxPositionRights ? RejectReason.POSITION_LIMIT : RejectReason.NONE;
  }

  /**
   * A broker bid ladder bidding for `addedQty` more than the quote bids it replaces: from
   * engine rules 2 as any change to the long (`checkAddedLong`); under rules 0 and 1 a
   * ladder that added nothing was still held to the exposure limits on the long it left.
   */
  checkLadder(broker: Account, series: Series, addedQty: number): RejectReason {
    if (addedQty > 0 || this.e.rulesVersion >= 2) return this.checkAddedLong(broker, series, addedQty);
    const risk = this.e.risk;
    if (series.cashSettled !== undefined || (risk.brokerMaxLongSeries === 0 && risk.brokerMaxLongWindow === 0)) return RejectReason.NONE;
    const p = broker.positions.get(series.id);
    return this.exposureReason(broker, series, (p === undefined ? 0 : p.rightsWithBids) + addedQty, addedQty);
  }

  /** The broker's long in every live series of the window group, plus `extra`, against the limits. */
  private exposureReason(broker: Account, series: Series, seriesLongAfter: number, extra: number): RejectReason {
    let windowLong = extra;
    if (this.e.risk.brokerMaxLongWindow !== 0) {
      for (const s of series.windowGroup) {
        const p = broker.positions.get(s.id);
        if (p !== undefined) windowLong += p.rightsWithBids;
      }
    }
    const problem = exposureProblem(this.e.risk, seriesLongAfter, windowLong);
    if (problem === 'series') return RejectReason.EXPOSURE_LIMIT_SERIES;
    if (problem === 'window') return RejectReason.EXPOSURE_LIMIT_WINDOW;
    return RejectReason.NONE;
  }

  /** Counts an accepted new order or amend against the account's throttle window. */
  countMessage(account: Account): void {
    if (this.e.risk.throttleMessages === 0 || account.role === Role.BROKER) return;
    const [start, count] = throttleCount(this.e.risk, account.throttleWindowStartMs, account.throttleCount, this.e.nowMs);
    account.throttleWindowStartMs = start;
    account.throttleCount = count;
  }
}
