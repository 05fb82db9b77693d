/**
 * The demo model feed's model (docs/catalog.md, "The demo"): a momentum rule on the exchange's
 * own public prices. From a spot series' last minutes of trade prices it recommends a
 * position in [-1, 1] (+1 long, -1 short) over a fixed horizon. Pure and deterministic: the
 * reference model runs it live (reference-model.ts), and the backtest runs it over a generated
 * history (backtest below), so the listing's backtest is what this very code earns there.
 *
 * Its lineage hashes are SHA-256 of the canonical JSON of what defines it: the pack (model id,
 * version and the hashes below), the indicator set, the model's config and the sizing policy;
 * change any of them and the hash the listing carries changes.
 */
import { createHash } from 'node:crypto';
import type { ModelFeedDisclosures } from '../catalog/model-feed.js';
import { mulberry32 } from '../quoting/mulberry32.js';

export const FEED_MODEL_ID = 'auto-intent-momentum';
export const FEED_MODEL_VERSION = '1.0.0';

/** The features, named as the model card states them: log returns of the last trade price over a short and a long lookback, and the per-minute volatility. */
export const INDICATOR_SET = {
  price: 'last trade price at or before each minute (the previous minute carried when a minute did not trade)',
  indicators: [
    { name: 'ret_short', formula: 'ln(p[t] / p[t - shortMinutes])' },
    { name: 'ret_long', formula: 'ln(p[t] / p[t - longMinutes])' },
    { name: 'vol', formula: 'stdev of ln(p[i] / p[i - 1]) over the long lookback, at least volFloor' },
  ],
} as const;

export const MODEL_CONFIG = {
  shortMinutes: 3,
  longMinutes: 15,
  shortWeight: 0.6,
  longWeight: 0.4,
  /** Position = tanh(gain × score / vol): how hard it leans on a move of one volatility. */
  gain: 0.8,
  volFloor: 0.0005,
} as const;

/** The sizing policy: a position in [-1, 1], rounded to 2 decimals; below `minAbsPosition` it stays flat (no signal). */
export const POLICY = { maxAbsPosition: 1, decimals: 2, minAbsPosition: 0.05 } as const;

/** The fees the backtest assumes per signal, bps of notional (a round trip of the exchange's taker fee and a tick of slippage). */
export const BACKTEST_FEES_BPS = 1.5;

const sha256 = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');

/** JSON with object keys sorted: the same object always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface FeedLineage {
  packSha: string;
  indicatorSetSha: string;
  modelConfigSha: string;
  policySha: string;
}

/** The lineage hashes of the model as this code defines it. */
export function feedLineage(): FeedLineage {
  const indicatorSetSha = sha256(INDICATOR_SET);
  const modelConfigSha = sha256(MODEL_CONFIG);
  const policySha = sha256(POLICY);
  const packSha = sha256({ modelId: FEED_MODEL_ID, version: FEED_MODEL_VERSION, indicatorSetSha, modelConfigSha, policySha });
  return { packSha, indicatorSetSha, modelConfigSha, policySha };
}

/**
 * The position for the minute prices `prices` (oldest first, the last is now), or undefined
 * when there is not enough history (fewer than longMinutes + 1 prices) or the position is
 * below the policy's minimum (flat: no signal).
 */
export function positionOf(prices: readonly number[]): number | undefined {
  const c = MODEL_CONFIG;
  if (prices.length < c.longMinutes + 1 || prices.some((p) => !(p > 0))) return undefined;
  const n = prices.length - 1;
  const now = prices[n]!;
  const retShort = Math.log(now / prices[n - c.shortMinutes]!);
  const retLong = Math.log(now / prices[n - c.longMinutes]!);
  const steps: number[] = [];
  for (let i = n - c.longMinutes + 1; i <= n; i++) steps.push(Math.log(prices[i]! / prices[i - 1]!));
  const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
  const vol = Math.max(c.volFloor, Math.sqrt(steps.reduce((a, b) => a + (b - mean) ** 2, 0) / steps.length));
  const score = (c.shortWeight * retShort + c.longWeight * retLong) / vol;
  const scale = 10 ** POLICY.decimals;
  const position = Math.round(Math.max(-POLICY.maxAbsPosition, Math.min(POLICY.maxAbsPosition, Math.tanh(c.gain * score))) * scale) / scale;
  return Math.abs(position) < POLICY.minAbsPosition ? undefined : position === 0 ? 0 : position; // no -0 in JSON
}

/** The instrument's log return from `from` to `to` in bps: a patx-series outcome as the exchange figures it (docs/catalog.md, "Model feeds"). */
export function returnBps(from: number, to: number): number {
  return Math.log(to / from) * 10_000;
}

/** A signal's net return in bps of notional: the position's share of the move, less the fees on the exposure taken. */
export function netBps(position: number, outcomeBps: number, feesBps: number): number {
  return position * outcomeBps - feesBps * Math.abs(position);
}

/**
 * A generated price history of `minutes` minute prices: a random walk whose returns carry a
 * little momentum (an AR(1) drift), as the demo's right prices do while demand builds or fades.
 * Deterministic from the seed.
 */
export function generatedHistory(minutes: number, seed = 57): number[] {
  const rand = mulberry32(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const prices = [1.0];
  let drift = 0;
  for (let i = 1; i < minutes; i++) {
    drift = 0.85 * drift + 0.00025 * gauss();
    prices.push(prices[i - 1]! * Math.exp(drift + 0.0015 * gauss()));
  }
  return prices;
}

/** A backtest as a model feed discloses it (the catalog's own schema: the demo posts what any provider would). */
export type Backtest = ModelFeedDisclosures['backtest'];
type BacktestCurvePoint = Backtest['curve'][number];

/** The most points a backtest's curve carries (the contract's bound). */
const MAX_CURVE_POINTS = 500;

/**
 * Runs the model over `prices` (one a minute, the last at `endMs`) as it runs live: a signal
 * every `periodMinutes` from the prices up to then only (walk-forward: nothing after the
 * signal's minute is read), its outcome the return over `horizonMinutes`, net of `feesBps`.
 * The model has no fitted parameters: every signal is out of sample.
 */
export function backtest(prices: readonly number[], endMs: number, periodMinutes: number, horizonMinutes: number, feesBps = BACKTEST_FEES_BPS): Backtest {
  const minuteMs = 60_000;
  const atMs = (i: number): number => endMs - (prices.length - 1 - i) * minuteMs;
  const nets: { atMs: number; net: number }[] = [];
  for (let i = MODEL_CONFIG.longMinutes; i + horizonMinutes < prices.length; i += periodMinutes) {
    const position = positionOf(prices.slice(i - MODEL_CONFIG.longMinutes, i + 1));
    if (position === undefined) continue;
    // Known only horizonMinutes later: the curve steps when the outcome is.
    nets.push({ atMs: atMs(i + horizonMinutes), net: netBps(position, returnBps(prices[i]!, prices[i + horizonMinutes]!), feesBps) });
  }
  const n = nets.length;
  const mean = n === 0 ? 0 : nets.reduce((a, b) => a + b.net, 0) / n;
  const stdev = n < 2 ? 0 : Math.sqrt(nets.reduce((a, b) => a + (b.net - mean) ** 2, 0) / (n - 1));
  let cumulative = 0;
  let peak = 0;
  let maxDrawdown = 0;
  const full: BacktestCurvePoint[] = [];
  for (const s of nets) {
    cumulative += s.net;
    peak = Math.max(peak, cumulative);
    maxDrawdown = Math.max(maxDrawdown, peak - cumulative);
    full.push({ atMs: s.atMs, cumulativeNetBps: round2(cumulative) });
  }
  // Evenly thinned to the bound, the last point (the total) always kept.
  const curve = full.length <= MAX_CURVE_POINTS ? full : Array.from({ length: MAX_CURVE_POINTS }, (_, j) => full[Math.floor(((j + 1) * full.length) / MAX_CURVE_POINTS) - 1]!);
  return {
    fromMs: atMs(0),
    toMs: atMs(prices.length - 1),
    signals: n,
    meanNetBps: round2(mean),
    stdevNetBps: round2(stdev),
    hitRate: n === 0 ? 0 : round2(nets.filter((s) => s.net > 0).length / n),
    maxDrawdownBps: round2(maxDrawdown),
    feesBps,
    curve,
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
