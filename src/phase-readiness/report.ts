/**
 * The phase-readiness report as the service serves it (GET /operator/phase/readiness): the
 * figures gathered from the engine's books and state (read between turns, as every operator
 * read is), the market history (market-history.ts), the grant ledger's delivery evidence (through
 * the catalog) and the reconciliation alarm, then judged by readiness.ts against the `phase.*`
 * parameters as the journal holds them.
 *
 * Its cost: per contract with a live spot series, one range read of hours per spot series that
 * traded or quoted in the lookback, one for its first trade, one (reverse, usually short) for its
 * last settled trade; the report is kept for REPORT_TTL_MS so a console polling it costs one.
 */
import { SeriesKind, SeriesStatus, Side, type Engine } from '../engine/index.js';
import type { MarketHistory } from './market-history.js';
import { phaseReadiness, THRESHOLD_PARAMS, type ContractInput, type PhaseReadinessReport, type ReadinessThresholds } from './readiness.js';

/** How long a computed report is served again (operators and the console poll it). */
export const REPORT_TTL_MS = 5_000;

export interface ReadinessSources {
  engine: Pick<Engine, 'series' | 'governancePhase' | 'settledThroughSeq' | 'paramValue'>;
  history: Pick<MarketHistory, 'hoursOf' | 'firstTradeAtMs' | 'lastSettledTradeAtMs'>;
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

/** Every contract with a live spot series, with its figures. */
export function gatherContracts(s: ReadinessSources, lookbackMs: number, nowMs: number): ContractInput[] {
  const spotByContract = new Map<string, NonNullable<Engine['series'][number]>[]>();
  for (const series of s.engine.series) {
    if (series === undefined || series.spec.kind !== SeriesKind.SPOT) continue;
    const list = spotByContract.get(series.spec.contract) ?? [];
    list.push(series);
    spotByContract.set(series.spec.contract, list);
  }
  const out: ContractInput[] = [];
  const fromMs = nowMs - lookbackMs;
  for (const contract of [...spotByContract.keys()].sort()) {
    const all = spotByContract.get(contract)!;
    const live = all.filter((x) => x.status !== SeriesStatus.EXPIRED);
    if (live.length === 0) continue;
    let bid = 0;
    let ask = 0;
    for (const x of live) {
      bid += touchRights(x, Side.BUY);
      ask += touchRights(x, Side.SELL);
    }
    let first: number | undefined;
    let settled: number | undefined;
    const hours = [];
    for (const x of all) {
      // A series closed before the lookback has no hours in it.
      if (x.spec.closeAtMs >= fromMs) hours.push(...s.history.hoursOf(x.id, fromMs).filter((h) => h.hourStartMs + 3_600_000 > fromMs && h.hourStartMs <= nowMs));
      const f = s.history.firstTradeAtMs(x.id);
      if (f !== undefined && (first === undefined || f < first)) first = f;
      const l = s.history.lastSettledTradeAtMs(x.id, s.engine.settledThroughSeq);
      if (l !== undefined && (settled === undefined || l > settled)) settled = l;
    }
    const segment = contract.slice(0, contract.indexOf('|'));
    out.push({ contract, segment, bidTouchRights: bid, askTouchRights: ask, hours, firstTradeAtMs: first, lastSettledTradeAtMs: settled, delivery: s.segmentDelivery(segment) });
  }
  return out;
}

/** The report now, computed at most once per REPORT_TTL_MS while the thresholds stay (a threshold set is shown at once). */
export function phaseReadinessReporter(s: ReadinessSources): () => PhaseReadinessReport {
  let kept: { atMs: number; thresholds: string; report: PhaseReadinessReport } | undefined;
  return () => {
    const nowMs = s.clock();
    const t = readinessThresholds(s.engine);
    const thresholds = JSON.stringify(t);
    if (kept !== undefined && kept.thresholds === thresholds && nowMs >= kept.atMs && nowMs - kept.atMs < REPORT_TTL_MS) return kept.report;
    const report = phaseReadiness({ contracts: gatherContracts(s, t.lookbackMs, nowMs), governancePhase: s.engine.governancePhase, reconciliationClean: s.reconciliationClean() }, t, nowMs);
    kept = { atMs: nowMs, thresholds, report };
    return report;
  };
}
