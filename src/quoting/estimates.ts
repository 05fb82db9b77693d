/**
 * What the quoter has learned from the market, as a deterministic function of
 * the released turns (journaled commands and their events, with the turn's
 * sequencer time): per series its trade anchor, flows, σ samples, fill
 * intensity, fill sizes, and the broker's inventory cost and P&L; per segment
 * its value learned from trades; the parameters in force. No clock, no I/O:
 * the same turns give the same estimates, so a restarted quoter that loads a
 * saved copy and replays the journal after it (src/quoting/state-store.ts)
 * quotes where it left off.
 */
import {
  CommandKind,
  EventType,
  parseContractKey,
  Role,
  SeriesKind,
  SeriesStatus,
  Side,
  type Command,
  type EngineEvent,
  type Fill,
} from '../engine/index.js';
import {
  addDecayed,
  addDecayedPair,
  addExposure,
  addFill,
  decayed,
  decayedAt,
  decayedSpanHours,
  HOUR_MS,
  intensityState,
  observeTradeVol,
  ratePerHour,
  VolSide,
  volState,
  type Decayed,
  type IntensityState,
  type VolState,
} from './estimators.js';
import { setById } from '../collections/index.js';
import { withQuotingParam, type QuotingParams } from './params.js';
import { contractFactor, elapsedShare, freshnessValue, segmentPrior } from './pricing.js';

/** One released turn, live (a ReleasedBatch) or replayed from the journal. */
export interface Turn {
  firstSeq: number;
  timeMs: number;
  commands: readonly Command[];
  events: readonly EngineEvent[];
}

/** The broker's inventory at cost in one series (average-cost method), as data (saved state, views). */
export type CostBasis = { [K in keyof CostState]: CostState[K] };

/** A series' estimates as data (saved state, views); the estimates keep them in `SeriesState`. */
export type SeriesEstimates = { [K in keyof SeriesState]: SeriesState[K] };

/**
 * A series' estimates, in a class (estimators.ts says why: a float field of a class instance is
 * updated in place), its parts new or copied from saved state. Its number fields start at a number
 * where they are declared, as in every class of the estimates: one declared without a value is
 * defined as undefined first (ES2022 class fields), and V8 then boxes every number stored in it in
 * a new heap object (four a fill here, 24 MB of garbage per pass of quoter-events.ts).
 */
class SeriesState {
  seriesId = 0;
  contract: string;
  segment: string;
  windowMs = 0;
  confidenceLoBps = 0;
  confidenceHiBps = 0;
  openAtMs = 0;
  closeAtMs = 0;
  /** The last reference price the engine recorded (from the broker's mass quotes), µPAT. */
  refMicros = 0;
  /** Trade anchor: decayed rights and rights × freshness-normalized price (half-life anchorHalfLifeMs). */
  anchorQty: Decayed;
  anchorNotional: Decayed;
  /** Their ratio, µPAT (freshness-normalized): the anchor's level, which holds when trades stop (but for the stale-side drift). */
  anchorLevel = 0;
  /** The level right after the last trade: the stale-side drift stays within staleDriftMaxBps of it. */
  anchorTradeLevel = 0;
  /** Since when each side of the broker's quote has stood without a fill (0: the side is not quoted). */
  bidUnfilledSinceMs = 0;
  askUnfilledSinceMs = 0;
  /** Traded rights decayed with anchorHoldMs: the anchor's weight against the model, which fades only slowly when trades stop. */
  anchorHeld: Decayed;
  /**
   * The series' heaviest recent counterparty and its rights (decayed with anchorHalfLifeMs): its weight in the anchor
   * is capped (`counterpartyWeight`). */
  heavyAccountId = 0;
  heavyQty: Decayed;
  burns: Decayed;
  mints: Decayed;
  /** The broker's sales and purchases (rights) and the hours its ask and bid stood, decayed with rateHalfLifeMs: rates per quoted hour. */
  brokerSales: Decayed;
  brokerBuys: Decayed;
  askHours: Decayed;
  bidHours: Decayed;
  /** Decayed trade count (activity) and the lifetime count. */
  trades: Decayed;
  tradeCount = 0;
  /** The broker's fills: decayed rights and count (its typical fill size). */
  fillQty: Decayed;
  fillCount: Decayed;
  vol: VolState;
  intensity: IntensityState;
  /** The broker's standing best quote: relative distances from the reference (NaN: no such side) and since when. */
  bidDistance = NaN;
  askDistance = NaN;
  quotedAtMs = 0;
  cost: CostBasis;

  constructor(s: SeriesEstimates) {
    this.seriesId = s.seriesId;
    this.contract = s.contract;
    this.segment = s.segment;
    this.windowMs = s.windowMs;
    this.confidenceLoBps = s.confidenceLoBps;
    this.confidenceHiBps = s.confidenceHiBps;
    this.openAtMs = s.openAtMs;
    this.closeAtMs = s.closeAtMs;
    this.refMicros = s.refMicros;
    this.anchorQty = decayed(s.anchorQty);
    this.anchorNotional = decayed(s.anchorNotional);
    // Copies saved before the anchor held its level: the ratio of the sums is that level.
    this.anchorLevel = s.anchorLevel ?? (s.anchorQty.value > 0 ? s.anchorNotional.value / s.anchorQty.value : 0);
    this.anchorHeld = decayed(s.anchorHeld ?? s.anchorQty);
    this.anchorTradeLevel = s.anchorTradeLevel ?? this.anchorLevel;
    this.bidUnfilledSinceMs = s.bidUnfilledSinceMs ?? 0;
    this.askUnfilledSinceMs = s.askUnfilledSinceMs ?? 0;
    this.heavyAccountId = s.heavyAccountId ?? 0;
    this.heavyQty = decayed(s.heavyQty);
    this.burns = decayed(s.burns);
    this.mints = decayed(s.mints);
    this.brokerSales = decayed(s.brokerSales);
    this.brokerBuys = decayed(s.brokerBuys);
    this.askHours = decayed(s.askHours);
    this.bidHours = decayed(s.bidHours);
    this.trades = decayed(s.trades);
    this.tradeCount = s.tradeCount;
    this.fillQty = decayed(s.fillQty);
    this.fillCount = decayed(s.fillCount);
    this.vol = volState(s.vol);
    this.intensity = intensityState(s.intensity);
    // JSON turns NaN into null: a restored standing quote without a side reads NaN again.
    this.bidDistance = s.bidDistance ?? NaN;
    this.askDistance = s.askDistance ?? NaN;
    this.quotedAtMs = s.quotedAtMs;
    this.cost = new CostState(s.cost);
  }
}

class CostState {
  qty = 0;
  /** Cost of the rights held, µPAT (fractional: an average times a quantity). */
  costMicros = 0;
  realizedMicros = 0;

  constructor(c: CostBasis) {
    this.qty = c.qty;
    this.costMicros = c.costMicros;
    this.realizedMicros = c.realizedMicros;
  }
}

/**
 * A SYNTHETIC series (phase 3), kept apart from the spot estimates: its fills move no
 * rights and no PAT, so they are no trade anchor, segment value, σ mark, fill intensity,
 * inventory or cost. What the quoter keeps of it is its own activity (thinness) and the
 * broker's fill size there (the unit of its position in the skew).
 */
export interface SyntheticEstimates {
  seriesId: number;
  contract: string;
  openAtMs: number;
  closeAtMs: number;
  trades: Decayed;
  tradeCount: number;
  fillQty: Decayed;
  fillCount: Decayed;
}

/**
 * A CALL or PUT series (phase 4), kept apart from the spot estimates like a synthetic: its
 * fills move premium, not rights of data, so they are no trade anchor, segment value, σ
 * mark, fill intensity, inventory or cost of rights. Kept: its activity, the broker's fill
 * size there (the unit of its position in the skew), and the net premium the broker has
 * received there (sales and takeovers less purchases, µPAT), for its P&L at the model.
 */
export interface OptionEstimates extends SyntheticEstimates {
  premiumMicros: number;
}

/**
 * The weight a trade of `qty` rights by `accountId` carries in the anchor and the segment value. The series keeps one
 * heavy hitter: the account with the most recent rights (decayed with `halfLifeMs`; a newcomer takes the place only
 * with a trade larger than what the holder has left). The heavy hitter's trades count qty·cap/(cap + R + qty/2), R its
 * recent rights, so its weight over a half-life grows like cap·ln(1 + its rights/cap) instead of its rights; anyone
 * else's count in full. One compare and one exp on every fill: a list of eight recent counterparties cost the quoter
 * about a point and a half of bench:quoting's journaled run (10.0% without it against 11.4%).
 */
export function counterpartyWeight(s: SeriesEstimates, accountId: number, qty: number, nowMs: number, halfLifeMs: number, capQty: number): number {
  const recent = decayedAt(s.heavyQty, nowMs, halfLifeMs);
  if (accountId === s.heavyAccountId) {
    s.heavyQty.value = recent + qty;
    s.heavyQty.atMs = nowMs;
    return capQty > 0 ? (qty * capQty) / (capQty + recent + qty / 2) : qty;
  }
  if (qty > recent) {
    s.heavyAccountId = accountId;
    s.heavyQty.value = qty;
    s.heavyQty.atMs = nowMs;
  }
  return qty;
}

/** Hours of (from, t] a side unfilled since `since` (0: not quoted) spent past its grace of `graceMs`. */
function staleHoursIn(since: number, from: number, t: number, graceMs: number): number {
  return since > 0 ? Math.max(0, t - Math.max(from, since + graceMs)) / HOUR_MS : 0;
}

/** What the broker's sale and purchase rates in a series are estimated from (decayed rights and quoted hours). */
export interface RateEvidence {
  sold: number;
  bought: number;
  askHours: number;
  bidHours: number;
}

export interface SegmentEstimates {
  qty: Decayed;
  notional: Decayed;
}

/** The broker's totals over every series, live and expired, as data (saved state, views). */
export type BrokerTotals = { [K in keyof BrokerTotalsState]: BrokerTotalsState[K] };
/** The totals as a state saved by an earlier version may hold them. */
type SavedBrokerTotals = Omit<BrokerTotals, 'derivativesSettledMicros'> & Partial<Pick<BrokerTotals, 'derivativesSettledMicros'>>;

/** The broker's totals, in a class (estimators.ts says why). */
class BrokerTotalsState {
  realizedMicros = 0;
  /** Cost of rights that expired unsold (included in realized). */
  expiredMicros = 0;
  boughtQty = 0;
  boughtMicros = 0;
  soldQty = 0;
  soldMicros = 0;
  /**
   * What the broker's calls, puts and synthetics moved in PAT once settled: each close's payout, an option's net premium
   * (at its expiry), a liquidated synthetic's penalty, less the losers' shortfall it covered. Rights are not in it.
   */
  derivativesSettledMicros = 0;

  constructor(b: SavedBrokerTotals) {
    this.realizedMicros = b.realizedMicros;
    this.expiredMicros = b.expiredMicros;
    // A copy saved before the field existed has none: it counts from the closes after its seq.
    this.derivativesSettledMicros = b.derivativesSettledMicros ?? 0;
    this.boughtQty = b.boughtQty;
    this.boughtMicros = b.boughtMicros;
    this.soldQty = b.soldQty;
    this.soldMicros = b.soldMicros;
  }
}

/** A saved synthetic's or option's estimates with their sums made anew (estimators.ts says why). */
function cashSettledState<T extends SyntheticEstimates>(s: T): T {
  return { ...s, trades: decayed(s.trades), fillQty: decayed(s.fillQty), fillCount: decayed(s.fillCount) };
}

/** Everything the estimates hold, as JSON-safe data. */
export interface EstimatesData {
  version: 1;
  /** The last seq applied. */
  lastSeq: number;
  timeMs: number;
  brokerId: number;
  params: QuotingParams;
  series: SeriesEstimates[];
  /** Absent in copies saved before synthetics were quoted. */
  synthetics?: SyntheticEstimates[];
  /** Absent in copies saved before options were quoted. */
  options?: OptionEstimates[];
  segments: Record<string, SegmentEstimates>;
  broker: SavedBrokerTotals;
}

export class QuoterEstimates {
  lastSeq = 0;
  timeMs = 0;
  brokerId = 0;
  params: QuotingParams;
  readonly series = new Map<number, SeriesEstimates>();
  /** The same, indexed by series id: the per-fill look-up is an array read. */
  private readonly byId: (SeriesEstimates | undefined)[] = [];
  readonly segments = new Map<string, SegmentEstimates>();
  /** Live SYNTHETIC series, by id: never in `series` (docs/pricing.md, "Synthetics"). */
  readonly synthetics = new Map<number, SyntheticEstimates>();
  /** Live CALL and PUT series, by id: never in `series` (docs/pricing.md, "Options"). */
  readonly options = new Map<number, OptionEstimates>();
  /** Each series' segment entry, by series id (the per-fill look-up is an array read); cleared when a segment is reset. */
  private segOf: (SegmentEstimates | undefined)[] = [];
  readonly broker: BrokerTotals;
  /** Called after each event that concerns one series (0: all of them), for the service's requote marks. */
  onSeriesChanged: (seriesId: number) => void = () => undefined;

  constructor(params: QuotingParams, brokerId: number, data?: EstimatesData) {
    // A copy saved before a parameter existed lacks it: it takes `params`' value (saved values win where both have one).
    this.params = data === undefined ? params : { ...params, ...data.params };
    this.brokerId = data?.brokerId || brokerId;
    this.lastSeq = data?.lastSeq ?? 0;
    this.timeMs = data?.timeMs ?? 0;
    // Saved state is copied into the classes the per-fill updates need (estimators.ts says why).
    this.broker = new BrokerTotalsState(data?.broker ?? { realizedMicros: 0, expiredMicros: 0, boughtQty: 0, boughtMicros: 0, soldQty: 0, soldMicros: 0 });
    for (const s of data?.series ?? []) this.add(new SeriesState(s));
    for (const s of data?.synthetics ?? []) this.synthetics.set(s.seriesId, cashSettledState(s));
    for (const s of data?.options ?? []) this.options.set(s.seriesId, cashSettledState(s));
    for (const [name, seg] of Object.entries(data?.segments ?? {})) this.segments.set(name, { qty: decayed(seg.qty), notional: decayed(seg.notional) });
  }

  toData(): EstimatesData {
    return {
      version: 1,
      lastSeq: this.lastSeq,
      timeMs: this.timeMs,
      brokerId: this.brokerId,
      params: this.params,
      series: [...this.series.values()],
      synthetics: [...this.synthetics.values()],
      options: [...this.options.values()],
      segments: Object.fromEntries(this.segments),
      broker: this.broker,
    };
  }

  get(seriesId: number): SeriesEstimates | undefined {
    return this.byId[seriesId];
  }

  /**
   * Applies one turn; events at or before `lastSeq` (already applied) are skipped.
   * `also` sees every other event too (the service's own reactions), so a turn is walked once.
   */
  apply(turn: Turn, also?: (e: EngineEvent) => void): void {
    if (turn.timeMs > this.timeMs) this.timeMs = turn.timeMs;
    this.turnTimeMs = turn.timeMs;
    const t = this.turnTimeMs; // boxed once a turn, not at each handler's call (`turnTimeMs` says why)
    const events = turn.events;
    // Only a turn that overlaps what was already applied (a replay's first) needs each event's
    // seq read: an event of any type is another object shape, and each such read is a slow one.
    const seen = turn.firstSeq <= this.lastSeq ? this.lastSeq : 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (seen !== 0 && e.seq <= seen) continue;
      // The type is read once: events of every type come through here, so each read of it is a slow (megamorphic) one.
      const type = e.type;
      if (type === EventType.FILL) {
        this.onAnyFill(e as Fill, t); // `type` says what e is (TypeScript narrows on e.type, not on a copy of it)
        continue;
      }
      // Order entry's most frequent events carry nothing the estimates need: skip them without a call.
      if (type === EventType.ORDER_ACCEPTED || type === EventType.ORDER_CANCELED || type === EventType.ORDER_REJECTED) continue;
      this.onEvent(e, t, turn);
      if (also !== undefined) also(e);
    }
    const last = turn.firstSeq + turn.commands.length - 1;
    if (last > this.lastSeq) this.lastSeq = last;
  }

  /**
   * The time of the turn being applied, handed to each event's handler. A field that starts undefined, so V8 keeps it
   * tagged: the handlers are passed the one boxed number stored here each turn. The time read from the turn itself is
   * an unboxed float64 (a millisecond timestamp is beyond V8's small integers), boxed anew at every call it was
   * passed to: a heap number per event, a third of the estimates' garbage on bench:quoting's workload (2026-11-26).
   */
  private turnTimeMs: number | undefined = undefined;

  /** Registers a series listed before the estimates started (no journal to replay). */
  track(seriesId: number, contract: string, openAtMs: number, closeAtMs: number, refMicros = 0): SeriesEstimates {
    const existing = this.byId[seriesId];
    if (existing !== undefined) return existing;
    const key = parseContractKey(contract);
    const s = new SeriesState({
      seriesId,
      contract,
      segment: key.segment,
      windowMs: key.windowMs,
      confidenceLoBps: key.confidenceLoBps,
      confidenceHiBps: key.confidenceHiBps,
      openAtMs,
      closeAtMs,
      refMicros,
      anchorQty: decayed(),
      anchorNotional: decayed(),
      anchorLevel: 0,
      anchorTradeLevel: 0,
      bidUnfilledSinceMs: 0,
      askUnfilledSinceMs: 0,
      anchorHeld: decayed(),
      heavyAccountId: 0,
      heavyQty: decayed(),
      burns: decayed(),
      mints: decayed(),
      brokerSales: decayed(),
      brokerBuys: decayed(),
      askHours: decayed(),
      bidHours: decayed(),
      trades: decayed(),
      tradeCount: 0,
      fillQty: decayed(),
      fillCount: decayed(),
      vol: volState(),
      intensity: intensityState(),
      bidDistance: NaN,
      askDistance: NaN,
      quotedAtMs: 0,
      cost: { qty: 0, costMicros: 0, realizedMicros: 0 },
    });
    this.add(s);
    return s;
  }

  /** Registers a SYNTHETIC series (listed before the estimates started, or on its listing). */
  trackSynthetic(seriesId: number, contract: string, openAtMs: number, closeAtMs: number): SyntheticEstimates {
    let s = this.synthetics.get(seriesId);
    if (s === undefined) {
      s = { seriesId, contract, openAtMs, closeAtMs, trades: decayed(), tradeCount: 0, fillQty: decayed(), fillCount: decayed() };
      this.synthetics.set(seriesId, s);
    }
    return s;
  }

  /** Registers a CALL or PUT series (listed before the estimates started, or on its listing). */
  trackOption(seriesId: number, contract: string, openAtMs: number, closeAtMs: number): OptionEstimates {
    let s = this.options.get(seriesId);
    if (s === undefined) {
      s = { seriesId, contract, openAtMs, closeAtMs, trades: decayed(), tradeCount: 0, fillQty: decayed(), fillCount: decayed(), premiumMicros: 0 };
      this.options.set(seriesId, s);
    }
    return s;
  }

  /**
   * Drops spot estimates held for a series that is in fact a SYNTHETIC (a copy saved before
   * synthetics were kept apart tracked them as spot series): its cost is no inventory.
   */
  forgetAsSpot(seriesId: number): void {
    if (this.byId[seriesId] === undefined) return;
    this.series.delete(seriesId);
    setById(this.byId, seriesId, undefined);
  }

  private add(s: SeriesState): void {
    this.series.set(s.seriesId, s);
    setById(this.byId, s.seriesId, s);
  }

  private segment(name: string): SegmentEstimates {
    let seg = this.segments.get(name);
    if (seg === undefined) {
      seg = { qty: decayed(), notional: decayed() };
      this.segments.set(name, seg);
    }
    return seg;
  }

  /** A fill in any series: spot and forward series have the full estimates; synthetics and options their own. */
  private onAnyFill(e: Fill, t: number): void {
    if (this.byId[e.seriesId] === undefined) return this.options.has(e.seriesId) ? this.onOptionFill(e, t) : this.onSyntheticFill(e, t);
    return this.onFill(e, t);
  }

  /**
   * Every event but fills and order entry's. No closures in here: one that captures the event would make V8 allocate
   * a context on every call, whatever the event's type.
   */
  private onEvent(e: EngineEvent, t: number, turn: Turn): void {
    switch (e.type) {
      case EventType.FILL:
        return this.onAnyFill(e, t);
      case EventType.RIGHTS_MINTED: {
        const s = this.byId[e.seriesId];
        if (s === undefined) return;
        addDecayed(s.mints, e.qty, t, this.params.velocityHalfLifeMs);
        return this.onSeriesChanged(e.seriesId);
      }
      case EventType.RIGHTS_EXERCISED: {
        const s = this.byId[e.seriesId];
        if (s === undefined) return;
        addDecayed(s.burns, e.qty, t, this.params.velocityHalfLifeMs);
        return this.onSeriesChanged(e.seriesId);
      }
      case EventType.REFERENCE_PRICE_SET: {
        const s = this.byId[e.seriesId];
        if (s === undefined) return;
        s.refMicros = e.priceMicros;
        return this.onSeriesChanged(e.seriesId);
      }
      case EventType.QUOTES_REPLACED: {
        const cmd = turn.commands[e.seq - turn.firstSeq];
        if (cmd?.kind !== CommandKind.MASS_QUOTE) return;
        const s = this.byId[e.seriesId];
        if (s === undefined) return;
        this.accrueExposure(s, t);
        const ref = cmd.referencePriceMicros > 0 ? cmd.referencePriceMicros : s.refMicros;
        const bid = cmd.bids.priceMicros[0];
        const ask = cmd.asks.priceMicros[0];
        s.bidDistance = ref > 0 && bid !== undefined ? 1 - bid / ref : NaN;
        s.askDistance = ref > 0 && ask !== undefined ? ask / ref - 1 : NaN;
        // A side that appears starts its unfilled time now; one that stays keeps it.
        s.bidUnfilledSinceMs = Number.isNaN(s.bidDistance) ? 0 : s.bidUnfilledSinceMs || t;
        s.askUnfilledSinceMs = Number.isNaN(s.askDistance) ? 0 : s.askUnfilledSinceMs || t;
        return this.onSeriesChanged(e.seriesId);
      }
      case EventType.MMP_TRIGGERED: {
        const s = this.byId[e.seriesId];
        if (s === undefined) return;
        this.pullQuotes(s, t);
        return this.onSeriesChanged(e.seriesId);
      }
      case EventType.SERIES_LISTED:
        // Synthetics are kept apart: their fills are not rights (no anchor, σ, intensity, inventory or cost).
        // Only spot and forward series are rights; other kinds are not the quoter's (yet).
        if (e.seriesKind === SeriesKind.SYNTHETIC) this.trackSynthetic(e.seriesId, e.contract, e.openAtMs, e.closeAtMs);
        else if (e.seriesKind === SeriesKind.CALL || e.seriesKind === SeriesKind.PUT) this.trackOption(e.seriesId, e.contract, e.openAtMs, e.closeAtMs);
        else if (e.seriesKind === SeriesKind.SPOT || e.seriesKind === SeriesKind.FORWARD) this.track(e.seriesId, e.contract, e.openAtMs, e.closeAtMs);
        return this.onSeriesChanged(e.seriesId);
      case EventType.SERIES_STATUS_CHANGED: {
        const s = this.byId[e.seriesId];
        if (s === undefined) {
          // A synthetic settles in cash (SYNTHETIC_SETTLED): nothing expires unsold.
          // So does an option (exercise is automatic): its premium and payout are PAT, no stock is lost.
          if (e.status !== SeriesStatus.EXPIRED) return;
          const option = this.options.get(e.seriesId);
          // An option's premium is the broker's for good at its expiry (its payout came with SYNTHETIC_SETTLED, just before).
          if (option !== undefined) this.broker.derivativesSettledMicros += option.premiumMicros;
          if (this.synthetics.delete(e.seriesId) || this.options.delete(e.seriesId)) this.onSeriesChanged(e.seriesId);
          return;
        }
        if (e.status === SeriesStatus.EXPIRED) {
          // Rights expire worthless: what the broker still held is a realized loss at cost.
          this.broker.expiredMicros += s.cost.costMicros;
          this.broker.realizedMicros -= s.cost.costMicros;
          this.series.delete(e.seriesId);
          setById(this.byId, e.seriesId, undefined);
        } else if (e.status !== SeriesStatus.TRADING) this.pullQuotes(s, t);
        return this.onSeriesChanged(e.seriesId);
      }
      case EventType.SYNTHETIC_LIQUIDATED: {
        // An option writer's short taken over by the broker: paid its value at the index and the penalty, less what the writer could not pay.
        const o = this.options.get(e.seriesId);
        if (e.brokerId !== this.brokerId) return;
        if (o !== undefined) o.premiumMicros += e.penaltyMicros - e.owedMicros;
        else if (this.synthetics.has(e.seriesId)) this.broker.derivativesSettledMicros += e.penaltyMicros; // paid from the account's lock now; its owed loss comes at the close
        return;
      }
      case EventType.SYNTHETIC_SETTLED:
        if (e.accountId === this.brokerId) this.broker.derivativesSettledMicros += e.payoutMicros;
        return;
      case EventType.SYNTHETIC_SETTLEMENT_COMPLETED:
        if (e.brokerId === this.brokerId) this.broker.derivativesSettledMicros -= e.brokerCoverMicros;
        return;
      case EventType.KILL_SWITCH_CHANGED:
        if (e.engaged) for (const s of this.series.values()) this.pullQuotes(s, t);
        return this.onSeriesChanged(0);
      case EventType.ACCOUNT_OPENED:
        if (e.role === Role.BROKER && this.brokerId === 0) this.brokerId = e.accountId;
        return;
      case EventType.PARAM_CHANGED:
        if (e.name.startsWith('quoting.')) this.setParam(e.name, e.newValue);
        return;
      default:
        return;
    }
  }

  private setParam(name: string, value: number): void {
    this.params = withQuotingParam(this.params, name, value);
    // An operator's base value for a segment overrides what trades taught: the learned part starts again.
    const prefix = 'quoting.baseValueMicros:';
    if (name.startsWith(prefix)) {
      this.segments.delete(name.slice(prefix.length));
      this.segOf = [];
    }
    this.onSeriesChanged(0);
  }

  /** Where the standing quote's mid sat from the reference, µPAT (its skew and carry), at most maxSkewBps of it either way. */
  private quoteOffset(s: SeriesEstimates, ref: number): number {
    const cap = this.params.maxSkewBps / 10_000;
    return ref * Math.min(cap, Math.max(-cap, (s.askDistance - s.bidDistance) / 2));
  }

  /** Exposure of the standing best quote from its time to `t`, counted at its distance. */
  private accrueExposure(s: SeriesEstimates, t: number): void {
    const hours = (t - s.quotedAtMs) / 3_600_000;
    const p = this.params;
    if (s.quotedAtMs > 0 && hours > 0) {
      // The quoted hours behind the rates, as decayed at t: a quote that stood for days counts its recent part.
      const quoted = decayedSpanHours(t - s.quotedAtMs, p.rateHalfLifeMs);
      if (!Number.isNaN(s.bidDistance)) {
        addExposure(s.intensity, s.bidDistance, hours, t, p.intensityHalfLifeMs, p.intensityBucketBps);
        addDecayed(s.bidHours, quoted, t, p.rateHalfLifeMs);
      }
      if (!Number.isNaN(s.askDistance)) {
        addExposure(s.intensity, s.askDistance, hours, t, p.intensityHalfLifeMs, p.intensityBucketBps);
        addDecayed(s.askHours, quoted, t, p.rateHalfLifeMs);
      }
    }
    this.driftAnchor(s, s.quotedAtMs, t);
    s.quotedAtMs = t;
  }

  private pullQuotes(s: SeriesEstimates, t: number): void {
    this.accrueExposure(s, t);
    s.bidDistance = NaN;
    s.askDistance = NaN;
    s.bidUnfilledSinceMs = 0;
    s.askUnfilledSinceMs = 0;
  }

  /**
   * The stale-side drift (docs/pricing.md, "When fills stop"): over (from, t], a side quoted without a fill for longer
   * than staleSideMs says the value is beyond it (nobody lifts an ask above the value, nobody hits a bid below it).
   * While one side is stale and the other is not (or is not quoted), the anchor's level moves toward the stale side's
   * far side at staleDriftBpsPerHour, at most staleDriftMaxBps from the last trade's level; both stale (a quiet market)
   * is no evidence either way. The next trade blends in from the moved level.
   */
  private driftAnchor(s: SeriesEstimates, from: number, t: number): void {
    const p = this.params;
    if (!(s.anchorLevel > 0) || p.staleDriftBpsPerHour <= 0 || t <= from) return;
    const net = staleHoursIn(s.bidUnfilledSinceMs, from, t, p.staleSideMs) - staleHoursIn(s.askUnfilledSinceMs, from, t, p.staleSideMs); // > 0: bids stale, the value is above
    if (net === 0) return;
    const max = p.staleDriftMaxBps / 10_000;
    const level = Math.min(s.anchorTradeLevel * (1 + max), Math.max(s.anchorTradeLevel * (1 - max), s.anchorLevel * Math.exp((net * p.staleDriftBpsPerHour) / 10_000)));
    if (s.anchorQty.value > 0) s.anchorNotional.value *= level / s.anchorLevel;
    s.anchorLevel = level;
  }

  private onFill(e: Fill, t: number): void {
    const s = this.byId[e.seriesId];
    if (s === undefined) return;
    const p = this.params;
    s.tradeCount++;
    addDecayed(s.trades, 1, t, p.activityHalfLifeMs);
    const ref = s.refMicros;
    // The broker's quote was centred on its reservation (reference − skew − carry), not the reference: a trade at it
    // tells the value around the reference only with that offset taken back out. Otherwise a broker long enough to
    // skew down sells lower, reads its own lower prices as the market, and lowers the reference it skews from.
    const offset = ref > 0 && !Number.isNaN(s.bidDistance) && !Number.isNaN(s.askDistance) ? this.quoteOffset(s, ref) : 0;
    // A trade's price counts at most tradeClampBps from the reference: one trade far off cannot move the anchor far.
    const clamp = p.tradeClampBps / 10_000;
    // anchorSkewShare (1 by default) of it: below 1 the rest of the skew's move reaches the anchor ("The broker's own lean").
    const unskewed = e.priceMicros - p.anchorSkewShare * offset;
    const price = ref > 0 ? Math.min(ref * (1 + clamp), Math.max(ref * (1 - clamp), unskewed)) : unskewed;
    const fresh = this.freshnessAt(s, t);
    const normalized = price / fresh;
    const broker = this.brokerId;
    const buyer = e.takerSide === Side.BUY ? e.takerAccountId : e.makerAccountId;
    const seller = e.takerSide === Side.BUY ? e.makerAccountId : e.takerAccountId;
    // What the trade teaches the anchor and the segment value weighs less the more its counterparty traded lately:
    // one account dumping (or sweeping) ten times the market's volume is one opinion, not ten.
    const counterparty = buyer === broker ? seller : seller === broker ? buyer : e.takerAccountId;
    const weight = counterpartyWeight(s, counterparty, e.qty, t, p.anchorHalfLifeMs, p.anchorAccountQty);
    addDecayedPair(s.anchorQty, s.anchorNotional, weight, weight * normalized, t, p.anchorHalfLifeMs);
    if (s.anchorQty.value > 0) s.anchorLevel = s.anchorTradeLevel = s.anchorNotional.value / s.anchorQty.value;
    addDecayed(s.anchorHeld, weight, t, p.anchorHoldMs);
    let seg = this.segOf[e.seriesId];
    if (seg === undefined) setById(this.segOf, e.seriesId, (seg = this.segment(s.segment)));
    addDecayedPair(seg.qty, seg.notional, weight, (weight * normalized) / this.contractFactorOf(s), t, p.segmentHalfLifeMs);

    // σ from the trade as traded (unclamped, freshness-normalized), on the side it took: the broker's ask when it sold
    // (or, between others, when the taker bought), its bid when it bought.
    const atAsk = broker !== 0 && (buyer === broker || seller === broker) ? seller === broker : e.takerSide === Side.BUY;
    // The shares of the quote's offset σ's sums and the jumps leave out (both 0 by default: docs/pricing.md, "The broker's own lean").
    observeTradeVol(s.vol, e.priceMicros / fresh, e.qty, atAsk ? VolSide.ASK : VolSide.BID, t, p, (p.volSkewShare * offset) / fresh, (p.jumpHoldShare * offset) / fresh);
    if (broker === 0 || (buyer !== broker && seller !== broker) || buyer === seller) {
      this.onSeriesChanged(e.seriesId);
      return;
    }
    addDecayedPair(s.fillQty, s.fillCount, e.qty, 1, t, p.intensityHalfLifeMs);
    if (e.makerAccountId === broker && ref > 0) {
      // A fill of the broker's standing quote: how far from the reference it was hit.
      this.accrueExposure(s, t);
      const distance = buyer === broker ? 1 - e.priceMicros / ref : e.priceMicros / ref - 1;
      addFill(s.intensity, distance, e.qty, t, p.intensityHalfLifeMs, p.intensityBucketBps);
      if (buyer === broker) s.bidUnfilledSinceMs = t;
      else s.askUnfilledSinceMs = t;
    }
    const c = s.cost;
    const notional = e.qty * e.priceMicros;
    if (buyer === broker) {
      c.qty += e.qty;
      c.costMicros += notional;
      addDecayed(s.brokerBuys, e.qty, t, p.rateHalfLifeMs);
      this.broker.boughtQty += e.qty;
      this.broker.boughtMicros += notional;
    } else {
      const avg = c.qty > 0 ? c.costMicros / c.qty : 0;
      const sold = Math.min(e.qty, c.qty);
      c.realizedMicros += e.qty * e.priceMicros - sold * avg;
      this.broker.realizedMicros += e.qty * e.priceMicros - sold * avg;
      c.costMicros = c.qty - sold > 0 ? c.costMicros - sold * avg : 0;
      c.qty -= sold;
      addDecayed(s.brokerSales, e.qty, t, p.rateHalfLifeMs);
      this.broker.soldQty += e.qty;
      this.broker.soldMicros += notional;
    }
    this.onSeriesChanged(e.seriesId);
  }

  /** A fill in a synthetic: its activity and the broker's fill size there, nothing else. */
  private onSyntheticFill(e: Fill, t: number): void {
    const s = this.synthetics.get(e.seriesId);
    if (s === undefined) return;
    this.countCashSettledFill(s, e, t);
    this.onSeriesChanged(e.seriesId);
  }

  /** A fill in an option: its activity, the broker's fill size and net premium there, nothing else. */
  private onOptionFill(e: Fill, t: number): void {
    const s = this.options.get(e.seriesId)!;
    const brokerSide = this.countCashSettledFill(s, e, t);
    if (brokerSide !== 0) s.premiumMicros += brokerSide * e.qty * e.priceMicros;
    this.onSeriesChanged(e.seriesId);
  }

  /**
   * A fill in a synthetic or an option: counts it in the series' activity and, when the broker
   * is one side of it (not both), its size in the broker's fills. Returns the broker's side:
   * 1 it sold, -1 it bought, 0 neither (or both).
   */
  private countCashSettledFill(s: SyntheticEstimates, e: Fill, t: number): number {
    const p = this.params;
    s.tradeCount++;
    addDecayed(s.trades, 1, t, p.activityHalfLifeMs);
    const broker = this.brokerId;
    const buyer = e.takerSide === Side.BUY ? e.takerAccountId : e.makerAccountId;
    const seller = e.takerSide === Side.BUY ? e.makerAccountId : e.takerAccountId;
    if (broker === 0 || (buyer !== broker && seller !== broker) || buyer === seller) return 0;
    addDecayedPair(s.fillQty, s.fillCount, e.qty, 1, t, p.intensityHalfLifeMs);
    return seller === broker ? 1 : -1;
  }

  /** Freshness of a series at t: fills of one series in one turn share it (one exp per series and turn, not per fill). */
  private freshnessAt(s: SeriesEstimates, t: number): number {
    if (this.freshParams !== this.params) {
      this.freshAtMs = [];
      this.freshValue = [];
      this.freshParams = this.params;
    }
    const id = s.seriesId;
    if (this.freshAtMs[id] !== t) {
      setById(this.freshAtMs, id, t);
      setById(this.freshValue, id, freshnessValue(this.params, elapsedShare(s.openAtMs, s.closeAtMs, t)));
    }
    return this.freshValue[id]!;
  }

  private freshAtMs: (number | undefined)[] = [];
  private freshValue: (number | undefined)[] = [];
  private freshParams: QuotingParams | undefined;

  /** WindowFactor × BandFactor of a series under the parameters in force (cached: two pow per series, not per fill). */
  contractFactorOf(s: SeriesEstimates): number {
    if (this.contractParams !== this.params) {
      this.contractFactors = [];
      this.contractParams = this.params;
    }
    let f = this.contractFactors[s.seriesId];
    if (f === undefined) {
      f = contractFactor(this.params, s.windowMs, s.confidenceLoBps, s.confidenceHiBps);
      setById(this.contractFactors, s.seriesId, f);
    }
    return f;
  }

  /** By series id, as `byId`: read on every fill, where a Map look-up was 5% of the estimates' time (2026-11-24 profile). */
  private contractFactors: (number | undefined)[] = [];
  private contractParams: QuotingParams | undefined;

  // ------------------------------------------------------------ reads at a time

  /** The segment's value for the reference window and band at freshness 1, µPAT: the prior blended with trades. */
  segmentValue(segment: string, nowMs: number): number {
    const p = this.params;
    const prior = segmentPrior(p, segment);
    const seg = this.segments.get(segment);
    if (seg === undefined) return prior;
    const q = decayedAt(seg.qty, nowMs, p.segmentHalfLifeMs);
    const n = decayedAt(seg.notional, nowMs, p.segmentHalfLifeMs);
    return (prior * p.segmentPriorQty + n) / (p.segmentPriorQty + q);
  }

  /**
   * The series' trade anchor: the freshness-normalized VWAP of its recent trades (µPAT, 0 without trades; the
   * VWAP's own half-life is anchorHalfLifeMs, and it holds its level when trades stop) and its weight in rights,
   * decayed with anchorHoldMs: a series that stops trading keeps its trade-anchored level for hours instead of
   * sliding to the model within minutes.
   */
  anchor(s: SeriesEstimates, nowMs: number): { micros: number; qty: number } {
    const qty = decayedAt(s.anchorHeld, nowMs, this.params.anchorHoldMs);
    return qty > 0 && s.anchorLevel > 0 ? { micros: s.anchorLevel, qty } : { micros: 0, qty: 0 };
  }

  burnRate(s: SeriesEstimates, nowMs: number): number {
    return ratePerHour(s.burns, nowMs, this.params.velocityHalfLifeMs);
  }

  mintRate(s: SeriesEstimates, nowMs: number): number {
    return ratePerHour(s.mints, nowMs, this.params.velocityHalfLifeMs);
  }

  /** The broker's decayed sales and purchases (rights) and the hours its ask and bid stood (rateHalfLifeMs): the rates' evidence. */
  tradeRates(s: SeriesEstimates, nowMs: number): RateEvidence {
    const h = this.params.rateHalfLifeMs;
    return { sold: decayedAt(s.brokerSales, nowMs, h), bought: decayedAt(s.brokerBuys, nowMs, h), askHours: decayedAt(s.askHours, nowMs, h), bidHours: decayedAt(s.bidHours, nowMs, h) };
  }

  tradesPerHour(s: SeriesEstimates | SyntheticEstimates | OptionEstimates, nowMs: number): number {
    return ratePerHour(s.trades, nowMs, this.params.activityHalfLifeMs);
  }

  /** The broker's typical fill size in the series (rights, or a synthetic's units), 0 before any fill. */
  fillSize(s: SeriesEstimates | SyntheticEstimates, nowMs: number): number {
    const h = this.params.intensityHalfLifeMs;
    const n = decayedAt(s.fillCount, nowMs, h);
    return n > 0 ? decayedAt(s.fillQty, nowMs, h) / n : 0;
  }
}
