/**
 * Streaming estimators the quoter keeps, fed from released engine events in
 * journal order with each turn's sequencer time (so a quoter that replays the
 * same events reaches the same numbers, bit for bit). Their state is plain data
 * (JSON-safe) so it can be saved and restored (src/quoting/state-store.ts).
 * Plain float64: these are inputs to the pricing function, not money.
 *
 * Half-lives come from the parameters at each call, so an operator change
 * takes effect at once without rebuilding anything.
 */

export const HOUR_MS = 3_600_000;

/** A sum that halves every half-life: Σ x·2^(−(now − t_x)/h). */
export interface Decayed {
  value: number;
  atMs: number;
}

// The estimators' state changes at every fill, so it is made by classes, never kept as object
// literals or decoded copies: V8 updates a float field of a class instance in place, while each
// store to such a field of a literal (or of a decoded object) allocates a new heap number (measured
// 2026-11-25: the quoter's event handling over the 1M-op journaled workload; bench/RESULTS.md,
// "Repricing and the quoter's cost"). Saved state is rebuilt into them on load: `decayed(from)`,
// `volState(from)`, `intensityState(from)`.

class DecayedSum implements Decayed {
  value = 0;
  atMs = 0;
}

/** A new sum at zero, or a copy of `from` (saved state). */
export function decayed(from?: Decayed): Decayed {
  const d = new DecayedSum();
  if (from !== undefined) {
    d.value = from.value;
    d.atMs = from.atMs;
  }
  return d;
}

/** 2^(−Δt/h), as exp (cheaper than pow on the per-fill path). */
function factor(fromMs: number, toMs: number, halfLifeMs: number): number {
  return toMs <= fromMs ? 1 : Math.exp((-(toMs - fromMs) * Math.LN2) / halfLifeMs);
}

/** Adds x at `nowMs` (an earlier time than the last add counts as the last add's time). */
export function addDecayed(d: Decayed, x: number, nowMs: number, halfLifeMs: number): void {
  if (nowMs > d.atMs) {
    d.value *= factor(d.atMs, nowMs, halfLifeMs);
    d.atMs = nowMs;
  }
  d.value += x;
}

/** Adds x to `a` and y to `b`, two sums kept in step (same half-life, always added together): one decay factor for both. */
export function addDecayedPair(a: Decayed, b: Decayed, x: number, y: number, nowMs: number, halfLifeMs: number): void {
  if (a.atMs !== b.atMs) {
    // Not in step (never happens when only this function adds to them): each on its own.
    addDecayed(a, x, nowMs, halfLifeMs);
    addDecayed(b, y, nowMs, halfLifeMs);
    return;
  }
  if (nowMs > a.atMs) {
    const f = factor(a.atMs, nowMs, halfLifeMs);
    a.value *= f;
    b.value *= f;
    a.atMs = nowMs;
    b.atMs = nowMs;
  }
  a.value += x;
  b.value += y;
}

/** The sum as of `nowMs` (read-only). */
export function decayedAt(d: Decayed, nowMs: number, halfLifeMs: number): number {
  return d.value === 0 ? 0 : d.value * factor(d.atMs, nowMs, halfLifeMs);
}

/** A decayed sum of quantities as a rate per hour: a steady flow of r per hour reads r. */
export function ratePerHour(d: Decayed, nowMs: number, halfLifeMs: number): number {
  return (decayedAt(d, nowMs, halfLifeMs) * Math.LN2 * HOUR_MS) / halfLifeMs;
}

// ------------------------------------------------------------------ volatility

/**
 * Realized volatility from trade prices over clock time. Trades are grouped in
 * fixed intervals of `sampleMs`; each interval's mark is the VWAP of its trades
 * with each trade's bid/ask bounce taken out: a trade at relative distance δ
 * from the reference of its time (+δ at the ask, −δ at the bid) counts at
 * price/(1 + δ), the mid it traded around. Between consecutive marks m₁
 * (interval starting t₁) and m₂ (t₂), one sample of the variance per hour:
 *
 *   sample = ln(m₂/m₁)² / (t₂ − t₁ − sampleMs/3)
 *
 * (two interval averages of a random walk differ by less than their start
 * times do: variance (Δ − length/3)·σ²). The samples are sampled on the clock,
 * not on events, so a quiet hour is a small sample, not a frozen one. Their
 * decayed mean (half-life `halfLifeMs`, in clock time) is blended with a prior
 * variance weighing `priorWeight` samples, so the estimate moves back to the
 * prior as time passes without trades.
 */
export interface VolState {
  bucketStartMs: number;
  bucketQty: number;
  /** Σ q·price/(1 + δ): the bounce-free notional. */
  bucketNotional: number;
  lastMark: number;
  lastMarkAtMs: number;
  sum: Decayed;
  weight: Decayed;
}

class VolTrack implements VolState {
  bucketStartMs = -1;
  bucketQty = 0;
  bucketNotional = 0;
  lastMark = 0;
  lastMarkAtMs = 0;
  sum = decayed();
  weight = decayed();
}

/** A new state, or a copy of `from` (saved state). */
export function volState(from?: VolState): VolState {
  const v = new VolTrack();
  if (from !== undefined) {
    v.bucketStartMs = from.bucketStartMs;
    v.bucketQty = from.bucketQty;
    v.bucketNotional = from.bucketNotional;
    v.lastMark = from.lastMark;
    v.lastMarkAtMs = from.lastMarkAtMs;
    v.sum = decayed(from.sum);
    v.weight = decayed(from.weight);
  }
  return v;
}

export interface VolParams {
  volSampleMs: number;
  volHalfLifeMs: number;
}

/** One trade at `price` (freshness-normalized), `qty` rights, `bounce` = signed relative distance from the reference. */
export function observeTradeVol(v: VolState, price: number, qty: number, bounce: number, nowMs: number, p: VolParams): void {
  if (!(price > 0) || !(qty > 0) || !Number.isFinite(bounce) || bounce <= -1) return;
  closeVolBucket(v, nowMs, p);
  if (v.bucketStartMs < 0) v.bucketStartMs = nowMs - (nowMs % p.volSampleMs);
  v.bucketQty += qty;
  v.bucketNotional += (qty * price) / (1 + bounce);
}

/** Closes the open interval if `nowMs` is past its end, turning it into a mark (and a sample). */
export function closeVolBucket(v: VolState, nowMs: number, p: VolParams): void {
  if (v.bucketStartMs < 0 || nowMs < v.bucketStartMs + p.volSampleMs) return;
  const mark = v.bucketNotional / v.bucketQty;
  const markAt = v.bucketStartMs;
  if (v.lastMark > 0) {
    const r = Math.log(mark / v.lastMark);
    const hours = (markAt - v.lastMarkAtMs - p.volSampleMs / 3) / HOUR_MS;
    if (hours > 0) {
      const sample = (r * r) / hours;
      const at = markAt + p.volSampleMs;
      addDecayed(v.sum, sample, at, p.volHalfLifeMs);
      addDecayed(v.weight, 1, at, p.volHalfLifeMs);
    }
  }
  v.lastMark = mark;
  v.lastMarkAtMs = markAt;
  v.bucketStartMs = -1;
  v.bucketQty = 0;
  v.bucketNotional = 0;
}

/** The decayed sum of samples and their weight at `nowMs` (for pooling a segment). */
export function volSamplesAt(v: VolState, nowMs: number, p: VolParams): { sum: number; weight: number } {
  return { sum: decayedAt(v.sum, nowMs, p.volHalfLifeMs), weight: decayedAt(v.weight, nowMs, p.volHalfLifeMs) };
}

/**
 * σ, relative per √hour, blending the samples with a prior variance:
 * (Σ + w₀·σ₀²)/(W + w₀).
 */
export function blendedSigma(samples: { sum: number; weight: number }, priorVariance: number, priorWeight: number): number {
  const w = samples.weight + priorWeight;
  return w > 0 ? Math.sqrt((Math.max(0, samples.sum) + priorWeight * priorVariance) / w) : Math.sqrt(priorVariance);
}

// ------------------------------------------------------------------ fill intensity

/**
 * Fill intensity against quote distance, for calibrating Λ(δ) = A·e^(−kδ):
 * the time each side's best quote stood at a relative distance δ from the
 * reference (exposure, hours) and the rights filled there, in buckets of
 * `bucketBps`, both decaying with one half-life. The fit is a weighted least
 * squares of ln(fills/exposure) on δ over buckets with fills (weights: fills).
 */
export interface IntensityState {
  exposureHours: number[];
  fills: number[];
  atMs: number;
  /** Bumped by every fill, so a fit can be cached until the next one (exposure alone moves it slowly). */
  version: number;
}

export const INTENSITY_BUCKETS = 40;

class IntensityTrack implements IntensityState {
  exposureHours = new Array<number>(INTENSITY_BUCKETS).fill(0);
  fills = new Array<number>(INTENSITY_BUCKETS).fill(0);
  atMs = 0;
  version = 0;
}

/** A new state, or a copy of `from` (saved state). */
export function intensityState(from?: IntensityState): IntensityState {
  const s = new IntensityTrack();
  if (from !== undefined) {
    s.exposureHours = Array.from(from.exposureHours);
    s.fills = Array.from(from.fills);
    s.atMs = from.atMs;
    s.version = from.version;
  }
  return s;
}

function decayIntensity(s: IntensityState, nowMs: number, halfLifeMs: number): void {
  if (nowMs <= s.atMs) return;
  const f = factor(s.atMs, nowMs, halfLifeMs);
  for (let i = 0; i < INTENSITY_BUCKETS; i++) {
    s.exposureHours[i]! *= f;
    s.fills[i]! *= f;
  }
  s.atMs = nowMs;
}

export function intensityBucket(distance: number, bucketBps: number): number {
  if (!(distance > 0)) return 0;
  return Math.min(INTENSITY_BUCKETS - 1, Math.floor((distance * 10_000) / bucketBps));
}

export function addExposure(s: IntensityState, distance: number, hours: number, nowMs: number, halfLifeMs: number, bucketBps: number): void {
  if (!(hours > 0) || !Number.isFinite(distance)) return;
  decayIntensity(s, nowMs, halfLifeMs);
  s.exposureHours[intensityBucket(distance, bucketBps)]! += hours;
}

export function addFill(s: IntensityState, distance: number, qty: number, nowMs: number, halfLifeMs: number, bucketBps: number): void {
  if (!(qty > 0) || !Number.isFinite(distance)) return;
  decayIntensity(s, nowMs, halfLifeMs);
  s.fills[intensityBucket(distance, bucketBps)]! += qty;
  s.version++;
}

export interface IntensityFit {
  /** Decay per unit of relative distance (k in units of the reference price). */
  k: number;
  /** Rights per hour at δ = 0. */
  aPerHour: number;
  /** Fills (rights, decayed) behind the fit. */
  fills: number;
}

/**
 * Fits ln(rate) = ln A − k·δ over buckets with fills, then shrinks k toward the
 * prior: k = (n·k̂ + n₀·k₀)/(n + n₀). Fewer than two buckets with fills, or a
 * slope that is not a decay, leaves the prior. A is the fitted A when the fit
 * holds, else the overall rate at the mean distance extrapolated with k.
 * Several states (a segment's series) can be pooled by passing them all.
 */
export function fitIntensity(states: readonly IntensityState[], bucketBps: number, priorK: number, priorFills: number): IntensityFit {
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, buckets = 0, totalExposure = 0, totalFills = 0, sxe = 0;
  for (let i = 0; i < INTENSITY_BUCKETS; i++) {
    let e = 0, f = 0;
    for (const s of states) {
      e += s.exposureHours[i]!;
      f += s.fills[i]!;
    }
    const x = ((i + 0.5) * bucketBps) / 10_000;
    totalExposure += e;
    totalFills += f;
    sxe += x * e;
    if (e <= 0 || f <= 0) continue;
    const y = Math.log(f / e);
    sw += f;
    sx += f * x;
    sy += f * y;
    sxx += f * x * x;
    sxy += f * x * y;
    buckets++;
  }
  let k = priorK;
  let aPerHour = 0;
  const varX = sw > 0 ? sxx / sw - (sx / sw) ** 2 : 0;
  if (buckets >= 2 && varX > 1e-12) {
    const slope = (sxy / sw - (sx / sw) * (sy / sw)) / varX;
    if (slope < 0) {
      k = (totalFills * -slope + priorFills * priorK) / (totalFills + priorFills);
      aPerHour = Math.exp(sy / sw + k * (sx / sw)); // the line through the weighted mean with the shrunk slope, at δ = 0
    }
  }
  if (aPerHour === 0 && totalExposure > 0) aPerHour = (totalFills / totalExposure) * Math.exp(k * (sxe / totalExposure));
  return { k, aPerHour, fills: totalFills };
}
