/**
 * The life of a series: listed (on the schedule, by the operator or the system: a
 * canonical contract key, a window that matches it, terms within limits, the kind's
 * phase enabled), halted and resumed, and expired after its window closes (every
 * resting order expired, the broker's quotes forgotten). A module of the engine's
 * state machine, within `Engine.apply`.
 */
import { counterpartyOf, isOptionKind, Series, seriesWindowKey, type SeriesSpec } from '../core/series.js';
import { SeriesKind, SeriesStatus, type ExpireSeries, type ListSeries, type SetSeriesStatus } from '../core/commands.js';
import { formatContractKey, parseContractKey } from '../core/contract-key.js';
import type { EngineState } from '../core/engine-state.js';
import type { Escrow } from './escrow.js';
import type { OrderEntry } from '../core/order-entry.js';
import type { Synthetics } from './synthetics.js';
import { EventType } from '../core/events.js';
import { isPositiveSafeInt } from '../core/integers.js';
import { RejectReason } from '../core/reject-reason.js';

/** The phase the on-chain governance must have enabled before a series kind may be listed (0 = none). */
export function requiredPhase(kind: SeriesKind): number {
  if (kind === SeriesKind.FORWARD) return 2;
  if (kind === SeriesKind.SYNTHETIC) return 3;
  if (kind === SeriesKind.CALL || kind === SeriesKind.PUT) return 4;
  return 0;
}

/** The engine as the series lifecycle sees it: the state it reads and writes, and the other concerns it calls. */
export type SeriesLifecycleEngine = Pick<EngineState, 'rejectCommand' | 'isOperator' | 'series' | 'seq' | 'out' | 'liveSeries' | 'seriesByWindow' | 'limits' | 'indexWindowGroup' | 'indexCashSettled' | 'governancePhase' | 'books'> & {
  readonly synthetics: Pick<Synthetics, 'settle' | 'checkListing' | 'canSettle'>;
  readonly orderEntry: Pick<OrderEntry, 'restingOrdersOf' | 'expireResting'>;
  readonly escrow: Pick<Escrow, 'closeSpot'>;
};

export class SeriesLifecycle {
  constructor(private readonly e: SeriesLifecycleEngine) {}

  expireSeries(cmd: ExpireSeries): void {
    const series = this.e.series[cmd.seriesId];
    let reason: RejectReason = RejectReason.NONE;
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (series === undefined) reason = RejectReason.UNKNOWN_SERIES;
    else if (series.status === SeriesStatus.EXPIRED) reason = RejectReason.SERIES_EXPIRED;
    else if (series.forward !== undefined) reason = RejectReason.DELIVERY_REQUIRED;
    else if (!Number.isSafeInteger(cmd.cutoffMs) || cmd.cutoffMs < series.spec.closeAtMs) {
      reason = RejectReason.EXPIRY_TOO_EARLY;
    } else if (series.cashSettled !== undefined && !this.e.synthetics.canSettle(series)) {
      reason = RejectReason.EXPIRY_TOO_EARLY; // its index needs the close's sample, taken on the sequencer clock
    }
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.closeSeries(series!);
    if (series!.cashSettled !== undefined) this.e.synthetics.settle(series!);
    // Rules 3: unsold stock burned, held proceeds of rights nobody exercised released (escrow.ts).
    if (series!.isSpot) this.e.escrow.closeSpot(series!);
  }

  /** @internal Ends a series' trading for good: every resting order expired, quotes forgotten, EXPIRED. */
  closeSeries(s: Series): void {
    for (const o of this.e.orderEntry.restingOrdersOf(s)) this.e.orderEntry.expireResting(o);
    s.quoteBidIds = [];
    s.quoteAskIds = [];
    if (s.status !== SeriesStatus.EXPIRED) this.e.liveSeries--;
    this.changeStatus(s, SeriesStatus.EXPIRED);
    const i = s.windowGroup.indexOf(s);
    if (i >= 0) s.windowGroup.splice(i, 1);
  }

  listSeries(cmd: ListSeries): void {
    if (!this.e.isOperator(cmd.actor)) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.ROLE_NOT_ALLOWED);
    const reason = this.checkSeriesSpec(cmd);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const spec: SeriesSpec = {
      contract: cmd.contract,
      kind: cmd.seriesKind,
      openAtMs: cmd.openAtMs,
      closeAtMs: cmd.closeAtMs,
      tickMicros: cmd.tickMicros,
      lotSize: cmd.lotSize,
      minPriceMicros: cmd.minPriceMicros,
      maxPriceMicros: cmd.maxPriceMicros,
      maxOrderQty: cmd.maxOrderQty,
      bandBps: cmd.bandBps,
      strikeMicros: cmd.strikeMicros ?? 0,
    };
    const series = new Series(this.e.series.length, spec, counterpartyOf(cmd.seriesKind), this.e.books);
    this.e.series.push(series);
    this.e.liveSeries++;
    this.e.seriesByWindow.set(seriesWindowKey(cmd.contract, cmd.openAtMs, cmd.seriesKind, spec.strikeMicros), series.id);
    this.e.indexWindowGroup(series);
    this.e.indexCashSettled(series);
    this.e.out.push({
      type: EventType.SERIES_LISTED,
      seq: this.e.seq,
      seriesId: series.id,
      contract: cmd.contract,
      seriesKind: cmd.seriesKind,
      openAtMs: cmd.openAtMs,
      closeAtMs: cmd.closeAtMs,
      ...(spec.strikeMicros > 0 ? { strikeMicros: spec.strikeMicros } : {}),
    });
  }

  private checkSeriesSpec(cmd: ListSeries): RejectReason {
    let windowMs: number;
    try {
      const key = parseContractKey(cmd.contract);
      // One spelling per contract, so names in events and logs are canonical.
      if (formatContractKey(key) !== cmd.contract) return RejectReason.INVALID_CONTRACT_KEY;
      windowMs = key.windowMs;
    } catch {
      return RejectReason.INVALID_CONTRACT_KEY;
    }
    if (cmd.seriesKind < SeriesKind.SPOT || cmd.seriesKind > SeriesKind.PUT || !Number.isInteger(cmd.seriesKind)) return RejectReason.INVALID_SERIES_SPEC;
    const strike = cmd.strikeMicros ?? 0;
    if (!isOptionKind(cmd.seriesKind) && strike !== 0) return RejectReason.INVALID_SERIES_SPEC;
    if (requiredPhase(cmd.seriesKind) > this.e.governancePhase) return RejectReason.PHASE_NOT_ENABLED;
    if (this.e.series.length > this.e.limits.maxSeries) return RejectReason.INVALID_SERIES_SPEC;
    const ints = [cmd.openAtMs, cmd.tickMicros, cmd.lotSize, cmd.minPriceMicros, cmd.maxPriceMicros, cmd.maxOrderQty, cmd.bandBps];
    if (!Number.isSafeInteger(cmd.openAtMs) || cmd.openAtMs < 0 || !ints.slice(1).every(isPositiveSafeInt)) {
      return RejectReason.INVALID_SERIES_SPEC;
    }
    if (cmd.closeAtMs !== cmd.openAtMs + windowMs) return RejectReason.INVALID_SERIES_SPEC;
    if (cmd.minPriceMicros > cmd.maxPriceMicros || cmd.bandBps > 10_000) return RejectReason.INVALID_SERIES_SPEC;
    if (cmd.minPriceMicros % cmd.tickMicros !== 0 || cmd.maxPriceMicros % cmd.tickMicros !== 0) {
      return RejectReason.INVALID_SERIES_SPEC;
    }
    if ((cmd.maxPriceMicros - cmd.minPriceMicros) / cmd.tickMicros + 1 > this.e.limits.maxPriceLevels) {
      return RejectReason.INVALID_SERIES_SPEC;
    }
    // Every order's notional must stay a safe integer.
    if (cmd.maxPriceMicros * cmd.maxOrderQty > Number.MAX_SAFE_INTEGER) return RejectReason.INVALID_SERIES_SPEC;
    if (this.e.seriesByWindow.has(seriesWindowKey(cmd.contract, cmd.openAtMs, cmd.seriesKind, strike))) return RejectReason.SERIES_ALREADY_LISTED;
    if (cmd.seriesKind === SeriesKind.SYNTHETIC || isOptionKind(cmd.seriesKind)) return this.e.synthetics.checkListing(cmd);
    return RejectReason.NONE;
  }

  setSeriesStatus(cmd: SetSeriesStatus): void {
    const series = this.e.series[cmd.seriesId];
    let reason: RejectReason = RejectReason.NONE;
    if (!this.e.isOperator(cmd.actor)) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (series === undefined) reason = RejectReason.UNKNOWN_SERIES;
    else if (series.status === SeriesStatus.EXPIRED) reason = RejectReason.SERIES_EXPIRED;
    else if (cmd.status !== SeriesStatus.TRADING && cmd.status !== SeriesStatus.HALTED) {
      reason = RejectReason.INVALID_STATUS_CHANGE;
    } else if (cmd.status === series.status) reason = RejectReason.INVALID_STATUS_CHANGE;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.changeStatus(series!, cmd.status);
  }

  private changeStatus(series: Series, status: SeriesStatus): void {
    series.status = status;
    this.e.out.push({ type: EventType.SERIES_STATUS_CHANGED, seq: this.e.seq, seriesId: series.id, status });
  }
}
