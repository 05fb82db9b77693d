/**
 * The phase-readiness report as the service serves it (GET /operator/phase/readiness): the
 * figures gathered from the engine's books and state (read between turns, as every operator
 * read is), the market history (market-history.ts), the grant ledger's delivery evidence (through
 * the catalog) and the reconciliation alarm, then judged by readiness.ts against the `phase.*`
 * parameters as the journal holds them.
 *
 * Its cost: the history of a spot series is read while it can still change (live, or closed but
 * not yet all taken by the history); once it cannot, it is read one last time and folded into its
 * contract's running figures (first trade, last settled trade, hours in the lookback merged by
 * hour: ContractFigures), so a report reads only the live and just-closed series, never every
 * series a contract ever had. The report is also kept for REPORT_TTL_MS so a console polling it
 * costs one.
 */
import { SeriesKind, SeriesStatus, Side, type Engine } from '../engine/index.js';
import { HOUR_MS, lastSettledOf, type HourFigures, type MarketHistory } from './market-history.js';
import { phaseReadiness, THRESHOLD_PARAMS, type ContractInput, type PhaseReadinessReport, type ReadinessThresholds } from './readiness.js';

/** How long a computed report is served again (operators and the console poll it). */
export const REPORT_TTL_MS = 5_000;

export interface ReadinessSources {
  engine: Pick<Engine, 'series' | 'governancePhase' | 'settledThroughSeq' | 'paramValue' | 'lastSeq'>;
  history: Pick<MarketHistory, 'hoursOf' | 'firstTradeAtMs' | 'lastSettledTradeAtMs' | 'seq'>;
  /** Rights delivered, not delivered and failed under a segment's listings (the grant ledger's evidence). */
  segmentDelivery: (segment: string) => { delivered: number; undelivered: number; failed: number };
  /** Whether the last reconciliation found no difference between the chain and the ledger (false while its alarm is raised, or when settlement is off). */
  reconciliationClean: () => boolean;
  clock: () => number;
}

/** The thresholds as the journal holds them (an operator's SET_PARAM, else the registry's default). */
export function readinessThresholds(engine: Pick<Engine, 'paramValue'>): ReadinessThresholds {
  const out = {} as ReadinessThresholds;
  for (const [key, name] of Object.entries(THRESHOLD_PARAMS) as [keyof ReadinessThresholds, string][]) out[key] = engine.paramValue(name);
  return out;
}

/** Rights at the best price of one side, summed over a series' books (the broker's and the customers'). */
function touchRights(series: NonNullable<Engine['series'][number]>, side: Side): number {
  let best: number | undefined;
  let qty = 0;
  for (const book of series.books()) {
    const top = book.depth(side, 1)[0];
    if (top === undefined) continue;
    const [price, q] = top;
    const better = best === undefined || (side === Side.BUY ? price > best : price < best);
    if (better) {
      best = price;
      qty = q;
    } else if (price === best) qty += q;
  }
  return qty;
}

type SpotSeries = NonNullable<Engine['series'][number]>;

/** What a contract's series that can no longer change left: folded once, never read again. */
interface FoldedContract {
  firstTradeAtMs: number | undefined;
  lastSettledTradeAtMs: number | undefined;
  /**
   * Their traded hours with a trade not settled yet, merged by hour (the lowest and highest trade
   * seq, the first and last trade's time): settled in order as `settledThroughSeq` passes them.
   * Merged, an hour settled in part counts to its first trade, so the figure errs early, never
   * late, as per series.
   */
  unsettled: Map<number, Pick<HourFigures, 'minTradeSeq' | 'maxTradeSeq' | 'firstTradeAtMs' | 'lastTradeAtMs'>>;
  /** Their hours within the lookback, merged by hour (the report merges hours by hour anyway). */
  hours: Map<number, HourFigures>;
}

/**
 * Every contract with a live spot series, with its figures, kept between reports: a series is
 * read from the history while it can change, then folded into its contract (see the header).
 * A longer lookback than the one kept starts again from scratch (the folded hours are gone).
 */
export class ContractFigures {
  private nextSeriesId = 0;
  /** Spot series not folded: 0 while live, else the seq the history must have taken to have all of it. */
  private readonly open = new Map<number, number>();
  private readonly folded = new Map<string, FoldedContract>();
  private keptFromMs = Number.NEGATIVE_INFINITY;

  gather(s: ReadinessSources, lookbackMs: number, nowMs: number): ContractInput[] {
    const fromMs = nowMs - lookbackMs;
    if (fromMs < this.keptFromMs) this.reset();
    this.keptFromMs = fromMs;
    const series = s.engine.series;
    for (; this.nextSeriesId < series.length; this.nextSeriesId++) {
      if (series[this.nextSeriesId]?.spec.kind === SeriesKind.SPOT) this.open.set(this.nextSeriesId, 0);
    }
    const openByContract = new Map<string, SpotSeries[]>();
    for (const [id, untilSeq] of this.open) {
      const x = series[id]!;
      if (x.status === SeriesStatus.EXPIRED) {
        // Expired: nothing more happens to it once the history has taken the turn that expired it.
        const until = untilSeq === 0 ? s.engine.lastSeq : untilSeq;
        if (s.history.seq >= until) {
          this.fold(s, x, fromMs);
          this.open.delete(id);
          continue;
        }
        this.open.set(id, until);
      }
      const list = openByContract.get(x.spec.contract);
      if (list === undefined) openByContract.set(x.spec.contract, [x]);
      else list.push(x);
    }
    for (const f of this.folded.values()) this.settle(f, s.engine.settledThroughSeq, fromMs);
    const out: ContractInput[] = [];
    for (const contract of [...openByContract.keys()].sort()) {
      const all = openByContract.get(contract)!;
      const live = all.filter((x) => x.status !== SeriesStatus.EXPIRED);
      if (live.length === 0) continue;
      let bid = 0;
      let ask = 0;
      for (const x of live) {
        bid += touchRights(x, Side.BUY);
        ask += touchRights(x, Side.SELL);
      }
      const f = this.folded.get(contract);
      let first = f?.firstTradeAtMs;
      let settled = f?.lastSettledTradeAtMs;
      const hours = f === undefined ? [] : [...f.hours.values()].filter((h) => h.hourStartMs <= nowMs).map((h) => ({ ...h }));
      for (const x of all) {
        // A series closed before the lookback has no hours in it.
        if (x.spec.closeAtMs >= fromMs) hours.push(...s.history.hoursOf(x.id, fromMs).filter((h) => h.hourStartMs + HOUR_MS > fromMs && h.hourStartMs <= nowMs));
        const t = s.history.firstTradeAtMs(x.id);
        if (t !== undefined && (first === undefined || t < first)) first = t;
        const l = s.history.lastSettledTradeAtMs(x.id, s.engine.settledThroughSeq);
        if (l !== undefined && (settled === undefined || l > settled)) settled = l;
      }
      const segment = contract.slice(0, contract.indexOf('|'));
      out.push({ contract, segment, bidTouchRights: bid, askTouchRights: ask, hours, firstTradeAtMs: first, lastSettledTradeAtMs: settled, delivery: s.segmentDelivery(segment) });
    }
    return out;
  }

  /** A series that can no longer change, read one last time into its contract's figures. */
  private fold(s: ReadinessSources, x: SpotSeries, fromMs: number): void {
    let f = this.folded.get(x.spec.contract);
    if (f === undefined) this.folded.set(x.spec.contract, (f = { firstTradeAtMs: undefined, lastSettledTradeAtMs: undefined, unsettled: new Map(), hours: new Map() }));
    for (const h of s.history.hoursOf(x.id, 0)) {
      if (h.trades > 0) {
        if (f.firstTradeAtMs === undefined || h.firstTradeAtMs < f.firstTradeAtMs) f.firstTradeAtMs = h.firstTradeAtMs;
        const u = f.unsettled.get(h.hourStartMs);
        if (u === undefined) f.unsettled.set(h.hourStartMs, { minTradeSeq: h.minTradeSeq, maxTradeSeq: h.maxTradeSeq, firstTradeAtMs: h.firstTradeAtMs, lastTradeAtMs: h.lastTradeAtMs });
        else {
          u.minTradeSeq = Math.min(u.minTradeSeq, h.minTradeSeq);
          u.maxTradeSeq = Math.max(u.maxTradeSeq, h.maxTradeSeq);
          u.firstTradeAtMs = Math.min(u.firstTradeAtMs, h.firstTradeAtMs);
          u.lastTradeAtMs = Math.max(u.lastTradeAtMs, h.lastTradeAtMs);
        }
      }
      if (h.hourStartMs + HOUR_MS <= fromMs) continue;
      const kept = f.hours.get(h.hourStartMs);
      if (kept === undefined) f.hours.set(h.hourStartMs, { ...h });
      else mergeHour(kept, h);
    }
  }

  /** The folded hours settled through `settledThroughSeq` leave `unsettled` for good; hours before the lookback are dropped. */
  private settle(f: FoldedContract, settledThroughSeq: number, fromMs: number): void {
    if (settledThroughSeq > 0 && f.unsettled.size > 0) {
      const last = lastSettledOf(
        [...f.unsettled].map(([hourStartMs, u]) => ({ hourStartMs, trades: 1, ...u }) as HourFigures).sort((a, b) => a.hourStartMs - b.hourStartMs),
        settledThroughSeq,
      );
      if (last !== undefined && (f.lastSettledTradeAtMs === undefined || last > f.lastSettledTradeAtMs)) f.lastSettledTradeAtMs = last;
      // The journal's seqs grow with time: every hour up to the latest settled one is settled too.
      for (const [hourStartMs, u] of f.unsettled) if (u.maxTradeSeq <= settledThroughSeq) f.unsettled.delete(hourStartMs);
    }
    for (const hourStartMs of f.hours.keys()) if (hourStartMs + HOUR_MS <= fromMs) f.hours.delete(hourStartMs);
  }

  private reset(): void {
    this.nextSeriesId = 0;
    this.open.clear();
    this.folded.clear();
  }
}

/** Adds `h`'s figures into `into` (the same hour of another series). */
function mergeHour(into: HourFigures, h: HourFigures): void {
  into.quotes += h.quotes;
  into.spreadSumBps += h.spreadSumBps;
  into.spreadSumSqBps += h.spreadSumSqBps;
  into.oneSided += h.oneSided;
  into.volume += h.volume;
  into.trades += h.trades;
  if (h.trades > 0) {
    into.firstTradeAtMs = into.firstTradeAtMs === 0 ? h.firstTradeAtMs : Math.min(into.firstTradeAtMs, h.firstTradeAtMs);
    into.lastTradeAtMs = Math.max(into.lastTradeAtMs, h.lastTradeAtMs);
    into.minTradeSeq = into.minTradeSeq === 0 ? h.minTradeSeq : Math.min(into.minTradeSeq, h.minTradeSeq);
  }
  into.maxTradeSeq = Math.max(into.maxTradeSeq, h.maxTradeSeq);
  into.lastSeq = Math.max(into.lastSeq, h.lastSeq);
}

/** Every contract with a live spot series, with its figures, read afresh (a reporter keeps a ContractFigures instead). */
export function gatherContracts(s: ReadinessSources, lookbackMs: number, nowMs: number): ContractInput[] {
  return new ContractFigures().gather(s, lookbackMs, nowMs);
}

/** The report now, computed at most once per REPORT_TTL_MS while the thresholds stay (a threshold set is shown at once). */
export function phaseReadinessReporter(s: ReadinessSources): () => PhaseReadinessReport {
  let kept: { atMs: number; thresholds: string; report: PhaseReadinessReport } | undefined;
  const figures = new ContractFigures();
  return () => {
    const nowMs = s.clock();
    const t = readinessThresholds(s.engine);
    const thresholds = JSON.stringify(t);
    if (kept !== undefined && kept.thresholds === thresholds && nowMs >= kept.atMs && nowMs - kept.atMs < REPORT_TTL_MS) return kept.report;
    const report = phaseReadiness({ contracts: figures.gather(s, t.lookbackMs, nowMs), governancePhase: s.engine.governancePhase, reconciliationClean: s.reconciliationClean() }, t, nowMs);
    kept = { atMs: nowMs, thresholds, report };
    return report;
  };
}
