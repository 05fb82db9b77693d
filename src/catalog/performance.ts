/**
 * A model feed's live performance (docs/catalog.md, "Model feeds"): pure and deterministic,
 * the same signals and backtest give the same figures.
 *
 *   net per signal      = position × outcomeBps − costBps          (bps of the declared notional)
 *   live                = mean, stdev (n−1), hit rate (net > 0), cumulative, max drawdown of the
 *                         cumulative path (from 0), over the counted outcomes of the current lineage
 *   simToLive           = { deltaBps: live mean − backtest mean, z: deltaBps / (s/√n) }, s the live
 *                         stdev (the backtest's while the live one is 0 or n < 2)
 *   stability           = (days with a positive mean net + 1.5) / (days with outcomes + 3)
 *   capacity            = seats × notional (none without seats)
 *   performanceScore    = the trust component, below
 *
 * The score: raw = 0.4·riskAdjusted + 0.3·parity + 0.2·stability + 0.1·capacityScore, with
 * riskAdjusted = clamp(0.5 + 2.5·mean/s), parity = 1 for z ≥ 0 else clamp(1 + z/3),
 * capacityScore = clamp(log10(1 + capacityPat)/4) (0.5 without seats); missing outcomes count
 * as outcomes scoring 0 (raw × n/(n+missing) over n+missing), and the whole is shrunk toward a
 * neutral prior of 0.5 weighing 30 outcomes. An unverified (external) target never scores
 * above the prior; a downgraded feed scores 0.
 */
import type { DailyAggregate } from './model-feed.js';

export const PERFORMANCE_PRIOR = 0.5;
export const PERFORMANCE_PRIOR_OUTCOMES = 30;
/** Drift (docs/catalog.md, "Drift"): judged only with this many counted outcomes in the current lineage. */
export const DRIFT_MIN_OUTCOMES = 30;
/**
 * ... when the live mean is this many standard errors from the backtest's, either way: a live
 * record far better than its backtest is as suspicious as one far worse (a backtest sandbagged
 * to make live look good, a look-ahead leak, outcomes that are not what the model traded),
 */
export const DRIFT_ABS_Z = 3;
/** ... or the live drawdown passes this multiple of the backtest's. */
export const DRIFT_DRAWDOWN_MULTIPLE = 2;

const DAY_MS = 86_400_000;

/** One counted outcome: when its signal was stamped and its net return. */
export interface CountedOutcome {
  atMs: number;
  netBps: number;
}

export interface BacktestFigures {
  meanNetBps: number;
  stdevNetBps: number;
  hitRate: number;
  maxDrawdownBps: number;
}

export interface PerformanceInput {
  /** Counted outcomes of the current lineage still kept as records, in signal order. */
  outcomes: readonly CountedOutcome[];
  /** Older days of the current lineage, folded (pruned records), oldest first. */
  aggregates: readonly DailyAggregate[];
  /** Signals of the current lineage kept, per UTC day start (for the daily points' signal counts). */
  signalsByDay: ReadonlyMap<number, number>;
  signals: number;
  pending: number;
  missing: number;
  backtest: BacktestFigures;
  verified: boolean;
  downgraded: boolean;
  seats: number | undefined;
  notionalPat: string;
}

export interface LiveFigures {
  meanNetBps: number;
  stdevNetBps: number;
  hitRate: number;
  cumulativeNetBps: number;
  maxDrawdownBps: number;
}

export interface DailyPoint {
  dayStartMs: number;
  signals: number;
  outcomes: number;
  meanNetBps: number;
  cumulativeNetBps: number;
}

export interface PerformanceFigures {
  signals: number;
  outcomes: number;
  pending: number;
  missing: number;
  live: LiveFigures;
  simToLive: { deltaBps: number; z: number } | null;
  stability: number;
  capacity: { seats: number; notionalPat: string; capacityPat: string } | null;
  performanceScore: number;
  daily: DailyPoint[];
}

const clamp = (x: number, lo = 0, hi = 1): number => Math.min(hi, Math.max(lo, x));

/** A decimal PAT string times a whole number, as a decimal string (exact: µPAT integers). */
export function timesPat(pat: string, n: number): string {
  const [whole, frac = ''] = pat.split('.');
  const micros = BigInt(whole!) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
  const total = micros * BigInt(n);
  const w = total / 1_000_000n;
  const f = (total % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return f === '' ? w.toString() : `${w}.${f}`;
}

export function performanceOf(p: PerformanceInput): PerformanceFigures {
  // Sums over folded days and kept outcomes; the path steps a folded day as one.
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let hits = 0;
  let cumulative = 0;
  let peak = 0;
  let maxDrawdown = 0;
  const step = (net: number): void => {
    cumulative += net;
    peak = Math.max(peak, cumulative);
    maxDrawdown = Math.max(maxDrawdown, peak - cumulative);
  };
  const days = new Map<number, { signals: number; outcomes: number; sum: number }>();
  const day = (dayStartMs: number) => {
    let d = days.get(dayStartMs);
    if (d === undefined) days.set(dayStartMs, (d = { signals: 0, outcomes: 0, sum: 0 }));
    return d;
  };
  for (const a of p.aggregates) {
    n += a.outcomes;
    sum += a.sumNetBps;
    sumSq += a.sumSqNetBps;
    hits += a.hits;
    step(a.sumNetBps);
    const d = day(a.dayStartMs);
    d.signals += a.signals;
    d.outcomes += a.outcomes;
    d.sum += a.sumNetBps;
  }
  for (const o of p.outcomes) {
    n++;
    sum += o.netBps;
    sumSq += o.netBps * o.netBps;
    if (o.netBps > 0) hits++;
    step(o.netBps);
    const d = day(Math.floor(o.atMs / DAY_MS) * DAY_MS);
    d.outcomes++;
    d.sum += o.netBps;
  }
  for (const [dayStartMs, signals] of p.signalsByDay) day(dayStartMs).signals += signals;
  const mean = n === 0 ? 0 : sum / n;
  const variance = n < 2 ? 0 : Math.max(0, (sumSq - n * mean * mean) / (n - 1));
  const stdev = Math.sqrt(variance);
  const live: LiveFigures = { meanNetBps: mean, stdevNetBps: stdev, hitRate: n === 0 ? 0 : hits / n, cumulativeNetBps: sum, maxDrawdownBps: maxDrawdown };

  const s = stdev > 0 ? stdev : p.backtest.stdevNetBps;
  const simToLive = n === 0 ? null : { deltaBps: mean - p.backtest.meanNetBps, z: (mean - p.backtest.meanNetBps) / (s / Math.sqrt(n)) };

  let running = 0;
  let positiveDays = 0;
  let daysWithOutcomes = 0;
  const daily: DailyPoint[] = [...days.entries()]
    .sort(([a], [b]) => a - b)
    .map(([dayStartMs, d]) => {
      running += d.sum;
      if (d.outcomes > 0) {
        daysWithOutcomes++;
        if (d.sum > 0) positiveDays++;
      }
      return { dayStartMs, signals: d.signals, outcomes: d.outcomes, meanNetBps: d.outcomes === 0 ? 0 : d.sum / d.outcomes, cumulativeNetBps: running };
    });
  const stability = (positiveDays + 1.5) / (daysWithOutcomes + 3);
  const capacity = p.seats === undefined ? null : { seats: p.seats, notionalPat: p.notionalPat, capacityPat: timesPat(p.notionalPat, p.seats) };

  const riskAdjusted = clamp(0.5 + (2.5 * mean) / s);
  const parity = simToLive === null || simToLive.z >= 0 ? 1 : clamp(1 + simToLive.z / 3);
  const capacityScore = capacity === null ? 0.5 : clamp(Math.log10(1 + Number(capacity.capacityPat)) / 4);
  const raw = n === 0 ? 0 : 0.4 * riskAdjusted + 0.3 * parity + 0.2 * stability + 0.1 * capacityScore;
  const counted = n + p.missing;
  const covered = counted === 0 ? 0 : (raw * n) / counted;
  let score = (PERFORMANCE_PRIOR_OUTCOMES * PERFORMANCE_PRIOR + counted * covered) / (PERFORMANCE_PRIOR_OUTCOMES + counted);
  // A provider cannot post its way to trust: unverified outcomes may lower the component, never raise it.
  if (!p.verified) score = Math.min(score, PERFORMANCE_PRIOR);
  if (p.downgraded) score = 0;

  return { signals: p.signals, outcomes: n, pending: p.pending, missing: p.missing, live, simToLive, stability, capacity, performanceScore: score, daily };
}

export interface DriftThresholds {
  minOutcomes: number;
  /** Drift when |z| ≥ absZ: above the backtest as well as below it. */
  absZ: number;
  drawdownMultiple: number;
}

export const DRIFT_THRESHOLDS: DriftThresholds = { minOutcomes: DRIFT_MIN_OUTCOMES, absZ: DRIFT_ABS_Z, drawdownMultiple: DRIFT_DRAWDOWN_MULTIPLE };

/** Why the live record has drifted from the backtest past the thresholds, or undefined. */
export function driftOf(f: PerformanceFigures, backtest: BacktestFigures, t: DriftThresholds = DRIFT_THRESHOLDS): string | undefined {
  if (f.outcomes < t.minOutcomes) return undefined;
  if (f.simToLive !== null && Math.abs(f.simToLive.z) >= t.absZ) {
    const way = f.simToLive.z < 0 ? 'below' : 'above';
    return `live mean ${f.live.meanNetBps.toFixed(2)} bps is ${Math.abs(f.simToLive.z).toFixed(2)} standard errors ${way} the backtest's ${backtest.meanNetBps} bps (threshold ${t.absZ}, either way)`;
  }
  if (f.live.maxDrawdownBps > t.drawdownMultiple * backtest.maxDrawdownBps) return `live drawdown ${f.live.maxDrawdownBps.toFixed(1)} bps passes ${t.drawdownMultiple}× the backtest's ${backtest.maxDrawdownBps} bps`;
  return undefined;
}
