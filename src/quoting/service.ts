/**
 * The quoting service: runs beside the state machine, never inside it.
 *
 * It listens to released turns (journaled events, in order) for fills, mints,
 * burns, reference prices, listings, status changes, kill switches, market-
 * maker protection and parameter changes, keeps its market inputs per series
 * (EWMA velocities, σ, trade count), and on a timer recomputes each due
 * series' quote and submits a MASS_QUOTE through the sequencer as the broker,
 * like any other participant. Quotes are journaled commands, so replay
 * rebuilds the book without rerunning the quoter.
 *
 * Throttling, so quoting never starves order flow: at most one mass quote in
 * flight per series; a series is requoted on events no more often than
 * `minRequoteMs` and otherwise every `intervalMs`; at most `maxQuotesPerTurn`
 * per timer turn; nothing while the sequencer's queue is deeper than
 * `maxQueueDepth`; an unchanged quote is not resent.
 *
 * The broker's balances and positions, the series' terms and the risk limits
 * are read from the engine between turns (read-only, in-process): they decide
 * ladder sizes only, and the engine checks every quote again.
 */
import {
  CommandKind,
  EventType,
  KillScope,
  parseContractKey,
  SeriesStatus,
  Side,
  type Engine,
  type EngineEvent,
  type MassQuote,
  type ReleasedBatch,
  type Sequencer,
  type Series,
} from '../engine/index.js';
import { EwmaRate, EwmaVolatility } from './estimators.js';
import { DEFAULT_QUOTING_PARAMS, quotingParamsFrom, withQuotingParam, type QuotingParams } from './params.js';
import { computeQuote, type BrokerState, type MarketState, type Quote, type QuoteTerms } from './quote.js';

/** What the service needs from its logger (pino's Logger fits). */
export interface QuotingLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface QuotingDeps {
  engine: Engine;
  sequencer: Sequencer;
  /** Injected clock (ms since the epoch); the engine never reads one. */
  clock: () => number;
  /** Configured defaults; journaled operator changes (engine.params) are applied over them. */
  params?: Partial<QuotingParams>;
  logger?: QuotingLogger;
  /** Timer tick, ms; 0 = no timer (tests and benches call `tick()`). Default 50. */
  tickMs?: number;
  /** Skip a turn while more commands than this wait in the sequencer. Default 1000. */
  maxQueueDepth?: number;
}

/** The quoter's inputs for one series. */
export interface SeriesQuoting {
  seriesId: number;
  segment: string;
  windowMs: number;
  burns: EwmaRate;
  mints: EwmaRate;
  brokerSales: EwmaRate;
  brokerPurchases: EwmaRate;
  volatility: EwmaVolatility;
  trades: number;
  /** Quotes refused by MMP until then (from MMP_TRIGGERED); 0 = not frozen. */
  frozenUntilMs: number;
  killed: boolean;
  halted: boolean;
  dirty: boolean;
  inFlight: boolean;
  /** Bid quantity of the mass quote in flight (sent, not yet applied), counted in window exposure. */
  inFlightBidQty: number;
  lastQuotedAtMs: number;
  /** Key of the last quote sent, to skip resending an unchanged one. */
  lastKey: string;
  lastQuote: Quote | undefined;
}

export interface QuotingStats {
  quotesSent: number;
  quotesRejected: number;
  quotesSkippedUnchanged: number;
  turnsSkippedBusy: number;
  lastRepriceMs: number;
  /** Wall time spent in the quoter (timer turns and event handling) since start, ms. */
  busyMs: number;
}

/** What the broker quotes in one series and why, with its inventory, cost and P&L (operator API, metrics, benches). */
export interface SeriesView {
  seriesId: number;
  contract: string;
  /** The quoter's fair value (the reference price it sends), µPAT. */
  referenceMicros: number;
  /** Best bid and ask of its last quote, µPAT; 0 = that side empty. */
  bidMicros: number;
  askMicros: number;
  /** Quoted half-spread as a share of the reference, bps. */
  halfSpreadBps: number;
  /** σ the quote used, relative, bps per √hour. */
  sigmaBpsPerSqrtHour: number;
  /** Rights the broker owns in the series. */
  inventory: number;
  /** Average cost of that inventory, µPAT per right (0 when flat). */
  avgCostMicros: number;
  realizedPnlMicros: number;
  /** inventory × (reference − average cost), µPAT. */
  unrealizedPnlMicros: number;
  /** Why the quote is where it is (e.g. SKEW_CAPPED, ASK_AT_COST, EXPIRY_CLEARANCE). */
  reasons: string[];
}

export interface QuotingService {
  /** One timer turn: requotes the due series; returns how many mass quotes it submitted. */
  tick(): number;
  /** The broker's quote, inventory and P&L in one series, or undefined if the quoter does not track it. */
  view(seriesId: number): SeriesView | undefined;
  /** The parameters in force (defaults + config + journaled operator changes). */
  params(): QuotingParams;
  series(seriesId: number): SeriesQuoting | undefined;
  readonly stats: QuotingStats;
  /** Stops the timer; released turns are ignored afterwards. */
  stop(): void;
  /** For /readyz: quoting, stopped, or its turns failing. */
  health(): { state: 'ok' | 'degraded' | 'failed'; detail: string };
}

const noopLogger: QuotingLogger = { info: () => undefined, warn: () => undefined, debug: () => undefined };

export function startQuoting(deps: QuotingDeps): QuotingService {
  const q = new Quoter(deps);
  return q;
}

class Quoter implements QuotingService {
  private readonly engine: Engine;
  private readonly sequencer: Sequencer;
  private readonly clock: () => number;
  private readonly log: QuotingLogger;
  private readonly maxQueueDepth: number;
  private current: QuotingParams;
  private readonly bySeries = new Map<number, SeriesQuoting>();
  /** The same, indexed by series id: the per-fill look-up is an array read. */
  private readonly byId: (SeriesQuoting | undefined)[] = [];
  private killAll = false;
  private brokerKilled = false;
  private stopped = false;
  /** The error of the last timer turn, until a turn succeeds (for health). */
  private lastTurnError: unknown;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Broker's available rights per segment, for substitutes; computed once per turn. */
  private segmentInventory: Map<string, number> | undefined;
  readonly stats: QuotingStats = { quotesSent: 0, quotesRejected: 0, quotesSkippedUnchanged: 0, turnsSkippedBusy: 0, lastRepriceMs: 0, busyMs: 0 };

  constructor(deps: QuotingDeps) {
    this.engine = deps.engine;
    this.sequencer = deps.sequencer;
    this.clock = deps.clock;
    this.log = deps.logger ?? noopLogger;
    this.maxQueueDepth = deps.maxQueueDepth ?? 1_000;
    this.current = quotingParamsFrom({ ...DEFAULT_QUOTING_PARAMS, ...deps.params }, deps.engine.params.entries());
    this.adoptEngineState();
    this.sequencer.onRelease((batch) => this.onRelease(batch));
    const tickMs = deps.tickMs ?? 50;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.safeTick(), tickMs);
      this.timer.unref?.();
    }
  }

  params(): QuotingParams {
    return this.current;
  }

  series(seriesId: number): SeriesQuoting | undefined {
    return this.bySeries.get(seriesId);
  }

  view(seriesId: number): SeriesView | undefined {
    const sq = this.bySeries.get(seriesId);
    const series = this.engine.seriesById(seriesId);
    if (sq === undefined || series === undefined) return undefined;
    const quote = sq.lastQuote;
    const position = this.engine.account(this.engine.brokerId)?.positions.get(seriesId);
    const reference = quote?.reference.priceMicros ?? series.referencePriceMicros;
    return {
      seriesId,
      contract: series.spec.contract,
      referenceMicros: reference,
      bidMicros: quote?.bids.priceMicros[0] ?? 0,
      askMicros: quote?.asks.priceMicros[0] ?? 0,
      halfSpreadBps: quote === undefined || reference === 0 ? 0 : (quote.halfSpread.toNumber() * 1e6 * 10_000) / reference,
      sigmaBpsPerSqrtHour: (quote?.sigmaRelPerSqrtHour ?? 0) * 10_000,
      inventory: position === undefined ? 0 : position.available + position.held,
      avgCostMicros: 0,
      realizedPnlMicros: 0,
      unrealizedPnlMicros: 0,
      reasons: [],
    };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Series, kill switches and MMP state as the engine has them at start (after recovery). */
  private adoptEngineState(): void {
    const now = this.clock();
    this.killAll = this.engine.killAll;
    const broker = this.engine.account(this.engine.brokerId);
    this.brokerKilled = broker?.killed ?? false;
    for (const s of this.engine.series) {
      if (s === undefined || s.status === SeriesStatus.EXPIRED) continue;
      const sq = this.track(s.id, s.spec.contract, now);
      sq.trades = s.tradeCount;
      sq.killed = s.killed;
      sq.halted = s.status === SeriesStatus.HALTED;
      sq.frozenUntilMs = s.mmpFrozenUntilMs;
      if (s.referencePriceMicros > 0) sq.volatility.observe(s.referencePriceMicros, now);
    }
  }

  private track(seriesId: number, contract: string, nowMs: number): SeriesQuoting {
    const existing = this.bySeries.get(seriesId);
    if (existing !== undefined) return existing;
    const key = parseContractKey(contract);
    const p = this.current;
    const sq: SeriesQuoting = {
      seriesId,
      segment: key.segment,
      windowMs: key.windowMs,
      burns: new EwmaRate(p.velocityHalfLifeMs, nowMs),
      mints: new EwmaRate(p.velocityHalfLifeMs, nowMs),
      brokerSales: new EwmaRate(p.velocityHalfLifeMs, nowMs),
      brokerPurchases: new EwmaRate(p.velocityHalfLifeMs, nowMs),
      volatility: new EwmaVolatility(p.volHalfLifeMs),
      trades: 0,
      frozenUntilMs: 0,
      killed: false,
      halted: false,
      dirty: true,
      inFlight: false,
      inFlightBidQty: 0,
      lastQuotedAtMs: 0,
      lastKey: '',
      lastQuote: undefined,
    };
    this.bySeries.set(seriesId, sq);
    this.byId[seriesId] = sq;
    return sq;
  }

  // ----------------------------------------------------------- events

  private onRelease(batch: ReleasedBatch): void {
    if (this.stopped) return;
    const t0 = performance.now();
    const events = batch.events;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      // Order entry's most frequent events carry nothing the quoter needs: skip them without a call.
      if (e.type === EventType.ORDER_ACCEPTED || e.type === EventType.ORDER_CANCELED || e.type === EventType.ORDER_REJECTED) continue;
      this.onEvent(e, batch.timeMs);
    }
    this.stats.busyMs += performance.now() - t0;
  }

  private onEvent(e: EngineEvent, timeMs: number): void {
    switch (e.type) {
      case EventType.FILL: {
        const sq = this.byId[e.seriesId];
        if (sq === undefined) return;
        sq.trades++;
        const brokerId = this.engine.brokerId;
        const buyer = e.takerSide === Side.BUY ? e.takerAccountId : e.makerAccountId;
        const seller = e.takerSide === Side.BUY ? e.makerAccountId : e.takerAccountId;
        if (seller === brokerId) sq.brokerSales.add(e.qty, timeMs);
        if (buyer === brokerId) sq.brokerPurchases.add(e.qty, timeMs);
        sq.dirty = true;
        return;
      }
      case EventType.RIGHTS_MINTED:
        return this.mark(e.seriesId, (sq) => sq.mints.add(e.qty, timeMs));
      case EventType.RIGHTS_EXERCISED:
        return this.mark(e.seriesId, (sq) => sq.burns.add(e.qty, timeMs));
      case EventType.REFERENCE_PRICE_SET:
        return this.mark(e.seriesId, (sq) => sq.volatility.observe(e.priceMicros, timeMs));
      case EventType.SERIES_LISTED:
        this.track(e.seriesId, e.contract, timeMs);
        return;
      case EventType.SERIES_STATUS_CHANGED:
        if (e.status === SeriesStatus.EXPIRED) {
          this.bySeries.delete(e.seriesId);
          this.byId[e.seriesId] = undefined;
        }
        else this.mark(e.seriesId, (sq) => (sq.halted = e.status === SeriesStatus.HALTED));
        return;
      case EventType.MMP_TRIGGERED:
        this.log.warn({ seriesId: e.seriesId, filledQty: e.filledQty, frozenUntilMs: e.frozenUntilMs }, 'market-maker protection tripped: quotes pulled');
        return this.mark(e.seriesId, (sq) => {
          sq.frozenUntilMs = e.frozenUntilMs;
          sq.lastKey = '';
        });
      case EventType.MMP_RESET:
        return this.mark(e.seriesId, (sq) => (sq.frozenUntilMs = 0));
      case EventType.KILL_SWITCH_CHANGED:
        return this.onKillSwitch(e.scope, e.targetId, e.engaged);
      case EventType.PARAM_CHANGED:
        if (e.name.startsWith('quoting.')) this.setParam(e.name, e.newValue);
        return;
      case EventType.DEPOSIT_CREDITED:
        // The broker's PAT changed: every bid ladder's size may change.
        if (e.accountId === this.engine.brokerId) this.mark(0, () => undefined);
        return;
      default:
        return;
    }
  }

  private mark(seriesId: number, update: (sq: SeriesQuoting) => void): void {
    if (seriesId === 0) {
      for (const sq of this.bySeries.values()) sq.dirty = true;
      return;
    }
    const sq = this.byId[seriesId];
    if (sq === undefined) return;
    update(sq);
    sq.dirty = true;
  }

  private onKillSwitch(scope: KillScope, targetId: number, engaged: boolean): void {
    if (scope === KillScope.GLOBAL) this.killAll = engaged;
    else if (scope === KillScope.ACCOUNT && targetId === this.engine.brokerId) this.brokerKilled = engaged;
    else if (scope === KillScope.SERIES) this.mark(targetId, (sq) => (sq.killed = engaged));
    for (const sq of this.bySeries.values()) {
      sq.dirty = true;
      sq.lastKey = '';
    }
  }

  private setParam(name: string, value: number): void {
    this.current = withQuotingParam(this.current, name, value);
    for (const sq of this.bySeries.values()) {
      sq.dirty = true;
      for (const r of [sq.burns, sq.mints, sq.brokerSales, sq.brokerPurchases]) r.setHalfLife(this.current.velocityHalfLifeMs);
      sq.volatility.setHalfLife(this.current.volHalfLifeMs);
    }
  }

  // ----------------------------------------------------------- quoting

  private safeTick(): void {
    try {
      this.tick();
      this.lastTurnError = undefined;
    } catch (error) {
      this.lastTurnError = error;
      this.log.warn({ err: error }, 'quoting turn failed');
    }
  }

  health(): { state: 'ok' | 'degraded' | 'failed'; detail: string } {
    if (this.stopped) return { state: 'failed', detail: 'the quoter stopped' };
    if (this.lastTurnError !== undefined) return { state: 'degraded', detail: `its last turn failed: ${(this.lastTurnError as Error).message}` };
    const halted = this.killAll ? ', quotes pulled (global kill switch)' : this.brokerKilled ? ', quotes pulled (broker kill switch)' : '';
    return { state: 'ok', detail: `${this.bySeries.size} series, ${this.stats.quotesSent} quotes sent${halted}` };
  }

  tick(): number {
    if (this.stopped || this.sequencer.stopped) return 0;
    if (this.engine.brokerId === 0 || this.killAll || this.brokerKilled) return 0;
    if (this.sequencer.queuedCommands > this.maxQueueDepth) {
      this.stats.turnsSkippedBusy++;
      return 0;
    }
    const now = this.clock();
    const p = this.current;
    const t0 = performance.now();
    let sent = 0;
    this.segmentInventory = undefined; // recomputed once per turn, on first use
    for (const sq of this.bySeries.values()) {
      if (sent >= p.maxQuotesPerTurn) break;
      if (!this.isDue(sq, now)) continue;
      const cmd = this.quoteCommand(sq, now);
      sq.dirty = false;
      sq.lastQuotedAtMs = now;
      if (cmd === undefined) continue;
      this.submit(sq, cmd);
      sent++;
    }
    this.stats.lastRepriceMs = performance.now() - t0;
    this.stats.busyMs += this.stats.lastRepriceMs;
    return sent;
  }

  private isDue(sq: SeriesQuoting, now: number): boolean {
    if (sq.inFlight || sq.killed || sq.halted || sq.frozenUntilMs > now) return false;
    const since = now - sq.lastQuotedAtMs;
    return since >= this.current.intervalMs || (sq.dirty && since >= this.current.minRequoteMs);
  }

  /** The mass quote for a series now, or undefined if it cannot be quoted or nothing changed. */
  quoteCommand(sq: SeriesQuoting, now: number): MassQuote | undefined {
    const series = this.engine.seriesById(sq.seriesId);
    if (series === undefined || series.status !== SeriesStatus.TRADING) return undefined;
    if (now < series.spec.openAtMs || now >= series.spec.closeAtMs) return undefined;
    const quote = computeQuote(this.current, this.marketState(sq, series, now), this.terms(series), this.brokerState(series), now);
    sq.lastQuote = quote;
    const key = `${quote.reference.priceMicros}|${quote.bids.priceMicros.join(',')}|${quote.bids.qty.join(',')}|${quote.asks.priceMicros.join(',')}|${quote.asks.qty.join(',')}`;
    if (key === sq.lastKey) {
      this.stats.quotesSkippedUnchanged++;
      return undefined;
    }
    sq.lastKey = key;
    return {
      kind: CommandKind.MASS_QUOTE,
      actor: this.engine.brokerId,
      seriesId: sq.seriesId,
      bids: quote.bids,
      asks: quote.asks,
      referencePriceMicros: quote.reference.priceMicros,
    };
  }

  private submit(sq: SeriesQuoting, cmd: MassQuote): void {
    sq.inFlight = true;
    sq.inFlightBidQty = cmd.bids.qty.reduce((a, b) => a + b, 0);
    this.stats.quotesSent++;
    this.sequencer.enqueue(
      cmd,
      (result) => {
        sq.inFlight = false;
        sq.inFlightBidQty = 0;
        const rejected = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
        if (rejected !== undefined) {
          this.stats.quotesRejected++;
          sq.lastKey = ''; // try again next time
          this.log.debug({ seriesId: sq.seriesId, reason: rejected.reason }, 'mass quote refused');
        }
      },
      (error) => {
        sq.inFlight = false;
        sq.inFlightBidQty = 0;
        sq.lastKey = '';
        this.log.debug({ seriesId: sq.seriesId, err: error.message }, 'mass quote not submitted');
      },
    );
  }

  private marketState(sq: SeriesQuoting, series: Series, now: number): MarketState {
    return {
      segment: sq.segment,
      openAtMs: series.spec.openAtMs,
      closeAtMs: series.spec.closeAtMs,
      burnVelocity: sq.burns.rateAt(now),
      mintVelocity: sq.mints.rateAt(now),
      brokerSaleVelocity: sq.brokerSales.rateAt(now),
      brokerPurchaseVelocity: sq.brokerPurchases.rateAt(now),
      substituteInventory: this.substituteInventory(sq),
      trades: sq.trades,
      sigmaRelPerSqrtHour: sq.volatility.sigmaPerSqrtHour(),
      volObservations: sq.volatility.observations,
    };
  }

  /** The broker's available rights in the segment's other live series. */
  private substituteInventory(sq: SeriesQuoting): number {
    const broker = this.engine.account(this.engine.brokerId);
    if (broker === undefined) return 0;
    if (this.segmentInventory === undefined) {
      // One pass per turn over every series (not one per series): O(series), not O(series²).
      this.segmentInventory = new Map();
      for (const other of this.bySeries.values()) {
        const available = broker.positions.get(other.seriesId)?.available ?? 0;
        this.segmentInventory.set(other.segment, (this.segmentInventory.get(other.segment) ?? 0) + available);
      }
    }
    const own = broker.positions.get(sq.seriesId)?.available ?? 0;
    return (this.segmentInventory.get(sq.segment) ?? 0) - own;
  }

  private terms(series: Series): QuoteTerms {
    const riskMax = this.engine.risk.maxOrderQty;
    return {
      tickMicros: series.spec.tickMicros,
      minPriceMicros: series.spec.minPriceMicros,
      maxPriceMicros: series.spec.maxPriceMicros,
      lotSize: series.spec.lotSize,
      maxLevelQty: riskMax > 0 ? Math.min(riskMax, series.spec.maxOrderQty) : series.spec.maxOrderQty,
    };
  }

  private quotedBidQty(series: Series): number {
    let qty = 0;
    for (const id of series.quoteBidIds) qty += this.engine.orders.get(id)?.leavesQty ?? 0;
    return qty;
  }

  /** Inventory, PAT and exposure headroom as the new ladder would see them (its own quotes' holds count as free). */
  brokerState(series: Series): BrokerState {
    const engine = this.engine;
    const broker = engine.account(engine.brokerId);
    if (broker === undefined) return { ownedRights: 0, sellableRights: 0, spendableMicros: 0, longHeadroom: 0 };
    const p = broker.positions.get(series.id);
    let quotedBidQty = 0;
    let quotedBidMicros = 0;
    for (const id of series.quoteBidIds) {
      const o = engine.orders.get(id);
      if (o === undefined) continue;
      quotedBidQty += o.leavesQty;
      quotedBidMicros += o.holdPriceMicros * o.leavesQty;
    }
    // Ladders sent in this turn (or still in flight) for other series of the window replace
    // those series' quote bids when applied: count what they add.
    let quotedAskQty = 0;
    for (const id of series.quoteAskIds) quotedAskQty += engine.orders.get(id)?.leavesQty ?? 0;
    const owned = p === undefined ? 0 : p.available + p.held;
    const otherBids = (p?.openBuyQty ?? 0) - quotedBidQty;
    const risk = engine.risk;
    let headroom = Infinity;
    if (risk.brokerMaxLongSeries > 0) headroom = Math.min(headroom, risk.brokerMaxLongSeries - owned - otherBids);
    if (risk.brokerMaxLongWindow > 0) {
      let windowLong = -quotedBidQty;
      for (const s of series.windowGroup) {
        const q = broker.positions.get(s.id);
        if (q !== undefined) windowLong += q.available + q.held + q.openBuyQty;
        const other = this.byId[s.id];
        if (s !== series && other !== undefined && other.inFlight) windowLong += Math.max(0, other.inFlightBidQty - this.quotedBidQty(s));
      }
      headroom = Math.min(headroom, risk.brokerMaxLongWindow - windowLong);
    }
    return {
      ownedRights: owned,
      sellableRights: (p?.available ?? 0) + quotedAskQty,
      spendableMicros: broker.availableMicros + quotedBidMicros,
      longHeadroom: Math.max(0, headroom),
    };
  }
}
