/**
 * A model feed as the public API shows it (docs/catalog.md, "Model feeds"): the `modelFeed`
 * block each version's disclosures carry, the status on a listing's row, and
 * GET /v1/listings/{id}/performance. Written from the API's shapes, so the console reads a
 * server of any version: a field a server does not send is absent, never assumed.
 */

export interface ModelCard {
  modelId: string;
  summary: string;
  method: string;
  inputs: string;
  limitations: string;
  riskStatement: string;
}

export interface FeedLineage {
  packSha: string;
  indicatorSetSha: string;
  modelConfigSha: string;
  policySha: string;
}

export type FeedTarget = { kind: 'patx-series' } | { kind: 'external'; description: string };

export interface CurvePoint {
  atMs: number;
  cumulativeNetBps: number;
}

export interface FeedBacktest {
  fromMs: number;
  toMs: number;
  signals: number;
  meanNetBps: number;
  stdevNetBps: number;
  hitRate: number;
  maxDrawdownBps: number;
  feesBps: number;
  curve: CurvePoint[];
}

/** A version's model-feed block, as posted. */
export interface ModelFeedBlock {
  modelCard: ModelCard;
  lineage: FeedLineage;
  target: FeedTarget;
  horizonMs: number;
  outcomeGraceMs: number;
  notionalPat: string;
  backtest: FeedBacktest;
}

/** On a listing's row and detail: where the feed stands. */
export interface ModelFeedStatus {
  status: 'live' | 'downgraded';
  verifiedOutcomes: boolean;
}

/** The fields a model feed adds to a listing (absent on a dataset, and from a server older than model feeds). */
export interface FeedFields {
  kind?: 'dataset' | 'model-feed';
  modelFeed?: ModelFeedStatus;
}

export interface LiveFigures {
  meanNetBps: number;
  stdevNetBps: number;
  hitRate: number;
  cumulativeNetBps: number;
  maxDrawdownBps: number;
}

/** GET /v1/listings/{id}/performance. */
export interface Performance {
  listingId: number;
  updatedAtMs: number;
  lineage: FeedLineage;
  signals: number;
  outcomes: number;
  pending: number;
  missing: number;
  costPerSignalBps: number | null;
  live: LiveFigures | null;
  backtest: { meanNetBps: number; stdevNetBps: number; hitRate: number; maxDrawdownBps: number };
  simToLive: { deltaBps: number; z: number | null } | null;
  stability: number | null;
  capacity: { seats: number; notionalPat: string; capacityPat: string } | null;
  performanceScore: number | null;
  drift: { status: 'ok' | 'downgraded'; reason?: string; atMs?: number; thresholds?: Record<string, number> };
  daily: { dayStartMs: number; signals: number; outcomes: number; meanNetBps: number | null; cumulativeNetBps: number }[];
  backtestCurve: CurvePoint[];
}

/**
 * The trust score's weights (src/catalog/trust.ts; docs/catalog.md, "Trust score" and "Model
 * feeds"): a model feed's score has a performance component and weighs the others less.
 */
export const TRUST_WEIGHTS = {
  dataset: { quality: 0.4, rating: 0.2, reliability: 0.2, disclosure: 0.2, performance: 0 },
  modelFeed: { quality: 0.25, rating: 0.15, reliability: 0.15, disclosure: 0.15, performance: 0.3 },
} as const;

const DAY_MS = 86_400_000;

/** A number of bps for a person: one decimal, a sign on gains. */
export function bps(v: number | null | undefined, sign = false): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${sign && v > 0 ? '+' : ''}${v.toFixed(1)} bps`;
}

/** A duration such as 15 min, 2 h, 1 d. */
export function duration(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${(ms / 1000).toFixed(0)} s`;
}

/**
 * The chart's two lines, on one time axis: the backtest's cumulative net return over its own
 * period, and the live one continuing from where the backtest ended (live cumulative on top of
 * the backtest's total), a point at the end of each day (the current day: the last update).
 * Times in whole seconds, strictly ascending (the chart's rule): a later point in the same
 * second replaces the earlier.
 */
export function chartLines(p: Pick<Performance, 'daily' | 'backtestCurve' | 'updatedAtMs'>, backtestToMs: number): { backtest: { time: number; value: number }[]; live: { time: number; value: number }[] } {
  const seconds = (points: { atMs: number; value: number }[]): { time: number; value: number }[] => {
    const out: { time: number; value: number }[] = [];
    for (const pt of [...points].sort((a, b) => a.atMs - b.atMs)) {
      const time = Math.floor(pt.atMs / 1000);
      if (out.length > 0 && out[out.length - 1]!.time === time) out[out.length - 1]!.value = pt.value;
      else out.push({ time, value: pt.value });
    }
    return out;
  };
  const backtest = seconds(p.backtestCurve.map((c) => ({ atMs: c.atMs, value: c.cumulativeNetBps })));
  const base = p.backtestCurve.length === 0 ? 0 : p.backtestCurve[p.backtestCurve.length - 1]!.cumulativeNetBps;
  const start = Math.max(backtestToMs, p.backtestCurve.length === 0 ? 0 : p.backtestCurve[p.backtestCurve.length - 1]!.atMs);
  const daily = [...p.daily].sort((a, b) => a.dayStartMs - b.dayStartMs);
  const live = daily.length === 0 ? [] : seconds([{ atMs: start + 1000, value: base }, ...daily.map((d) => ({ atMs: Math.max(start + 2000, Math.min(d.dayStartMs + DAY_MS, p.updatedAtMs)), value: base + d.cumulativeNetBps }))]);
  return { backtest, live };
}
