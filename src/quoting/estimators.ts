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
// `volState(from)`, `intensityState(from)`. A number field is given a number where it is declared
// (`value = 0`), never only in the constructor: a field declared without a value is defined as
// undefined first (ES2022 class fields), which makes V8 keep it as a tagged field, and then every
// store of a non-integer to it allocates after all.

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

/**
 * Hours of a span of `spanMs` ending now, each instant decayed by its age: ∫ 2^(−age/h) over the span, in hours.
 * A quote that stood for days adds its last few half-lives, not its whole length at once.
 */
export function decayedSpanHours(spanMs: number, halfLifeMs: number): number {
  if (!(spanMs > 0)) return 0;
  return (halfLifeMs / Math.LN2 / HOUR_MS) * -Math.expm1((-spanMs * Math.LN2) / halfLifeMs);
}

/** A decayed sum of quantities as a rate per hour: a steady flow of r per hour reads r. */
export function ratePerHour(d: Decayed, nowMs: number, halfLifeMs: number): number {
  return (decayedAt(d, nowMs, halfLifeMs) * Math.LN2 * HOUR_MS) / halfLifeMs;
}

// ------------------------------------------------------------------ volatility

/**
 * Realized volatility from the market's own trade prices over clock time, with the
 * microstructure noise taken out statistically, never by dividing by the quoter's
 * output (an earlier version divided each trade by the reference of its time, so it
 * measured the quoter's own re-estimates: 3.1× the true σ on the hard day).
 *
 * - **Same side only.** Each side (the broker's asks, where buyers trade, and its bids,
 *   where sellers do) keeps its own marks: the VWAP of that side's trades in each clock
 *   interval of `volSampleMs` (freshness-normalized by the caller). Returns run from one
 *   mark of a side to the next of the same side, so the bid/ask bounce never enters a
 *   return (an ask after a bid is not a price move).
 * - **Noise correction.** What is left of the noise (a quote that jitters around the
 *   value as trades arrive, and reverts over minutes) is mean-reverting: it shows as a
 *   negative covariance between consecutive returns of a side. The estimator is realized
 *   variance with its first autocovariance added (Zhou 1996): Σ(rᵢ² + 2·rᵢ·rᵢ₋₁) over Σ of
 *   the time between marks. Unbiased for noise that forgets itself within one mark; a sum
 *   that comes out below `NOISE_FLOOR_SHARE` of Σrᵢ² is held there (a few samples can make
 *   it negative). A second lag (a flat kernel over two) was tried: on the hard day it read
 *   1.25–2.8× after a jump, its positive cross terms multiplying a repricing walk.
 * - **Clock time.** Each return covers the time between its two marks: two interval
 *   averages of a random walk differ by (Δ − L/3)·σ², and consecutive such returns covary
 *   by σ²·L/6, which the cross term adds back (a side's first return, without one, counts
 *   Δ − L/3). A quiet hour is one long return when trading resumes, not a frozen estimate.
 * - **Jumps left out** (Mancini's threshold): a return beyond `JUMP_DROP_SDS` σ√Δt is a jump and
 *   counts nothing; one between `JUMP_TRUNCATION_SDS` and that counts as `JUMP_TRUNCATION_SDS`
 *   σ (a diffusion's tail, or a jump's first step). A jump the market reprices to in several
 *   steps, each under the bound, is held by the run: the side's counted move since its
 *   cumulative return last crossed zero stays within `RUN_TRUNCATION_SDS` σ√(the run's span).
 *   The bounds use σ from before the run (a move under way must not widen its own bound) and
 *   never less than the prior's (an estimate that reads low must not cut the moves that
 *   would correct it). σ is the diffusion's; a jump is a move to price once, not a reason to
 *   widen every quote for half a day.
 * - Sums decay with clock time (half-life `volHalfLifeMs`); σ² = S/H shrunk toward a prior σ₀
 *   (the segment's pool, else `volPriorBps`) by the number of returns: `blendedVariance`.
 * - **Jumps priced, not hidden** (issue 80): what the bounds set aside is kept. Each side's run
 *   adds up the part of its returns the truncation did not count (a jump repriced in steps is one
 *   jump J, the sum over its run); once |J| reaches `JUMP_MIN_SDS` σ√(one interval) it counts as a
 *   jump, and J² joins a decayed sum over the same hours as σ's. λ = jumps / hours and
 *   λ·E[J²] = ΣJ² / hours, each shrunk toward a prior (`jumpEstimate`): the jump variance that
 *   widens the spot quote and adds to the options' variance (docs/pricing.md, "Jumps").
 * - **The walk is the jump's**: the consecutive returns of one sign of at least `WALK_MIN_SDS` σ each that lead to a
 *   jump, or follow it, leave σ's sums and join J once the jump counts (`absorbWalk`): the quotes walk to a jump in
 *   steps, and what the bounds let through of each step had counted as diffusion (σ 1.34× on the easy day with jumps).
 */
export interface VolSideState {
  bucketStartMs: number;
  bucketQty: number;
  bucketNotional: number;
  /** Σ qty × the part of each trade's price that was the broker's own lean (`observeTradeVol`'s `lean`), and the last mark without it. */
  bucketLean: number;
  lastLeanFreeMark: number;
  /** Σ qty × the part of each trade's price that the jumps hold off (`observeTradeVol`'s `hold`), and the last mark without it. */
  bucketHold: number;
  lastHoldFreeMark: number;
  /**
   * What the hold took off the jumps (signed log, one sign) and the side's jump run beside it then (whether counted),
   * and the held part's level (log mark ÷ hold-free mark) and the hold-free mark's log level when it last did, and
   * when: a held move the held part later gives back while the hold-free price keeps it was the value's jump after all.
   */
  heldJump: number;
  heldRun: number;
  heldRunCounted: number;
  heldOffset: number;
  heldFree: number;
  heldAtMs: number;
  lastMark: number;
  lastMarkAtMs: number;
  /** The side's previous return (NaN before it has one): its product with the next is the noise correction. */
  lastReturn: number;
  /** The counted move since the side's cumulative return last crossed zero, and the hours it spans: the run's bound. */
  runSum: number;
  runHours: number;
  /** The variance per hour when the run began: the run's bounds do not grow with the move they bound. */
  runVariance: number;
  /** The log move the bounds set aside in the current run (a jump in the making), and whether it counted as a jump yet (1) or not (0). */
  jumpRun: number;
  jumpCounted: number;
  /** The side's previous raw (untruncated) return, NaN before it has one: bipower variation's other factor. */
  lastRaw: number;
  /**
   * The walk: consecutive returns of one sign (`walkSign`), each at least `WALK_MIN_SDS` σ of its span, and what σ's sums
   * counted of it (Σ r², Σ rᵢ·rᵢ₋₁ decayed, Σ r). A jump the quotes walk to is such a walk; once the side's jump counts,
   * the walk is the jump's: its counted part leaves σ's sums and joins J.
   */
  walkSign: number;
  /** The variance per hour when the walk began: its bounds, like the run's, do not grow with the move they bound. */
  walkVariance: number;
  walkMove: number;
  walkSquares: Decayed;
  walkCross: Decayed;
  walkHours: Decayed;
  walkReturns: Decayed;
}

export interface VolState {
  /** Index 0: the broker's asks (buyers' trades); 1: its bids (sellers' trades). */
  sides: VolSideState[];
  /** Σ r², Σ rᵢ·rᵢ₋₁, Σ hours between marks and the count of returns, decayed. */
  squares: Decayed;
  cross: Decayed;
  hours: Decayed;
  returns: Decayed;
  /** Σ J² of the jumps set aside and their count, decayed like the sums above (absent in state saved before issue 80). */
  jumpSquares: Decayed;
  jumps: Decayed;
  /** Σ |rᵢ|·|rᵢ₋₁| of raw same-side returns, decayed: bipower variation, a jump-robust check on σ (shown, not quoted on). */
  bipower: Decayed;
}

/** A noise-corrected sum is held at least at this share of the plain Σr²: a few samples can make it negative. */
export const NOISE_FLOOR_SHARE = 0.1;

class VolSideTrack implements VolSideState {
  bucketStartMs = -1;
  bucketQty = 0;
  bucketNotional = 0;
  bucketLean = 0;
  lastLeanFreeMark = 0;
  bucketHold = 0;
  lastHoldFreeMark = 0;
  heldJump = 0;
  heldRun = 0;
  heldRunCounted = 0;
  heldOffset = 0;
  heldFree = 0;
  heldAtMs = 0;
  lastMark = 0;
  lastMarkAtMs = 0;
  lastReturn = NaN;
  runSum = 0;
  runHours = 0;
  runVariance = 0;
  jumpRun = 0;
  jumpCounted = 0;
  lastRaw = NaN;
  walkSign = 0;
  walkVariance = 0;
  walkMove = 0;
  walkSquares = decayed();
  walkCross = decayed();
  walkHours = decayed();
  walkReturns = decayed();
}

class VolTrack implements VolState {
  sides: VolSideState[] = [new VolSideTrack(), new VolSideTrack()];
  squares = decayed();
  cross = decayed();
  hours = decayed();
  returns = decayed();
  jumpSquares = decayed();
  jumps = decayed();
  bipower = decayed();
}

/** A new state, or a copy of `from` (saved state; a copy saved before the same-side marks starts again). */
export function volState(from?: VolState): VolState {
  const v = new VolTrack();
  if (from === undefined || !Array.isArray(from.sides)) return v;
  for (let i = 0; i < 2; i++) {
    const f = from.sides[i];
    if (f === undefined) continue;
    const side = v.sides[i]!;
    side.bucketStartMs = f.bucketStartMs;
    side.bucketQty = f.bucketQty;
    side.bucketNotional = f.bucketNotional;
    side.bucketLean = typeof f.bucketLean === 'number' ? f.bucketLean : 0;
    side.lastLeanFreeMark = typeof f.lastLeanFreeMark === 'number' ? f.lastLeanFreeMark : 0;
    side.bucketHold = typeof f.bucketHold === 'number' ? f.bucketHold : 0;
    side.lastHoldFreeMark = typeof f.lastHoldFreeMark === 'number' ? f.lastHoldFreeMark : 0;
    side.heldJump = typeof f.heldJump === 'number' ? f.heldJump : 0;
    side.heldRun = typeof f.heldRun === 'number' ? f.heldRun : 0;
    side.heldRunCounted = f.heldRunCounted === 1 ? 1 : 0;
    side.heldOffset = typeof f.heldOffset === 'number' ? f.heldOffset : 0;
    side.heldFree = typeof f.heldFree === 'number' ? f.heldFree : 0;
    side.heldAtMs = typeof f.heldAtMs === 'number' ? f.heldAtMs : 0;
    side.lastMark = f.lastMark;
    side.lastMarkAtMs = f.lastMarkAtMs;
    // JSON turns NaN into null.
    side.lastReturn = typeof f.lastReturn === 'number' ? f.lastReturn : NaN;
    side.runSum = typeof f.runSum === 'number' ? f.runSum : 0;
    side.runHours = typeof f.runHours === 'number' ? f.runHours : 0;
    side.runVariance = typeof f.runVariance === 'number' ? f.runVariance : 0;
    side.jumpRun = typeof f.jumpRun === 'number' ? f.jumpRun : 0;
    side.jumpCounted = f.jumpCounted === 1 ? 1 : 0;
    side.lastRaw = typeof f.lastRaw === 'number' ? f.lastRaw : NaN;
    side.walkSign = f.walkSign === 1 || f.walkSign === -1 ? f.walkSign : 0;
    side.walkVariance = typeof f.walkVariance === 'number' ? f.walkVariance : 0;
    side.walkMove = typeof f.walkMove === 'number' ? f.walkMove : 0;
    if (f.walkSquares !== undefined) side.walkSquares = decayed(f.walkSquares);
    if (f.walkCross !== undefined) side.walkCross = decayed(f.walkCross);
    if (f.walkHours !== undefined) side.walkHours = decayed(f.walkHours);
    if (f.walkReturns !== undefined) side.walkReturns = decayed(f.walkReturns);
  }
  v.squares = decayed(from.squares);
  v.cross = decayed(from.cross);
  v.hours = decayed(from.hours);
  v.returns = decayed(from.returns);
  if (from.jumpSquares !== undefined) v.jumpSquares = decayed(from.jumpSquares);
  if (from.jumps !== undefined) v.jumps = decayed(from.jumps);
  if (from.bipower !== undefined) v.bipower = decayed(from.bipower);
  return v;
}

export interface VolParams {
  volSampleMs: number;
  volHalfLifeMs: number;
  volPriorBps: number;
  volPriorWeight: number;
}

/** A return beyond this many σ of its span (by the estimate so far) counts as this many: a jump is not volatility. */
export const JUMP_TRUNCATION_SDS = 3;

/** A return beyond this many σ of its span is a jump: it counts nothing (a diffusion's return is past 4σ once in 16,000). */
export const JUMP_DROP_SDS = 4;

/** A run of same-signed moves beyond this many σ of its span counts as this far: a jump repriced in steps. */
export const RUN_TRUNCATION_SDS = 2.5;

/**
 * A run's set-aside move counts as a jump once it reaches this many σ of one interval (`volSampleMs`): below it,
 * what the bounds trimmed is a diffusion's tail (a 3.5σ return trimmed to 3σ sets aside 0.5σ), not a jump.
 */
export const JUMP_MIN_SDS = 3;

/** A return of at least this many σ of its span, the jump's way, walks on to it (or from it): see `absorbWalk`. */
export const WALK_MIN_SDS = 1;

/** Which side a trade took: 0 at the asks (a buyer took it), 1 at the bids (a seller did). */
export const VolSide = { ASK: 0, BID: 1 } as const;
export type VolSide = (typeof VolSide)[keyof typeof VolSide];

/**
 * One trade at `price` (freshness-normalized, as traded: no bounce taken out), `qty` rights, on `side`. `lean` (same
 * unit) is the part of the price that was the broker's own lean (a share of its quote's skew): the bounds, the jumps
 * and the walk read the price as traded, and a return they count whole counts in σ's sums without the lean's move.
 * `hold` likewise: what the bounds set aside counts as a jump only beyond the held part's own move the jump's way.
 * Both 0 by default (the quoting params' volSkewShare and jumpHoldShare; docs/pricing.md, "The broker's own lean").
 */
export function observeTradeVol(v: VolState, price: number, qty: number, side: VolSide, nowMs: number, p: VolParams, lean = 0, hold = 0): void {
  if (!(price > 0) || !(qty > 0)) return;
  const s = v.sides[side]!;
  closeVolSide(v, s, nowMs, p);
  if (s.bucketStartMs < 0) s.bucketStartMs = nowMs - (nowMs % p.volSampleMs);
  s.bucketQty += qty;
  s.bucketNotional += qty * price;
  s.bucketLean += qty * lean;
  s.bucketHold += qty * hold;
}

/** Closes each side's open interval that `nowMs` is past, turning it into a mark (and a return). */
export function closeVolBuckets(v: VolState, nowMs: number, p: VolParams): void {
  for (const s of v.sides) closeVolSide(v, s, nowMs, p);
}

function closeVolSide(v: VolState, s: VolSideState, nowMs: number, p: VolParams): void {
  if (s.bucketStartMs < 0 || nowMs < s.bucketStartMs + p.volSampleMs) return;
  const marks: BucketMarks = {
    mark: s.bucketNotional / s.bucketQty,
    leanFree: (s.bucketNotional - s.bucketLean) / s.bucketQty,
    holdFree: (s.bucketNotional - s.bucketHold) / s.bucketQty,
    markAt: s.bucketStartMs,
  };
  if (s.lastMark > 0) addSideReturn(v, s, marks, nowMs, p);
  s.lastMark = marks.mark;
  s.lastLeanFreeMark = marks.leanFree;
  s.lastHoldFreeMark = marks.holdFree;
  s.lastMarkAtMs = marks.markAt;
  s.bucketStartMs = -1;
  s.bucketQty = 0;
  s.bucketNotional = 0;
  s.bucketLean = 0;
  s.bucketHold = 0;
}

/** A closed bucket's volume-weighted price, without the broker's lean, without its jump hold, and when its bucket began. */
interface BucketMarks {
  mark: number;
  leanFree: number;
  holdFree: number;
  markAt: number;
}

/** The side's return from its last mark to this one: bounded, its jump part set aside, the rest counted into σ's sums. */
function addSideReturn(v: VolState, s: VolSideState, m: BucketMarks, nowMs: number, p: VolParams): void {
  // Jumps left out (Mancini): a jump moves the price once; counted as variance it would widen every quote for the
  // half-life after it, as if the market had become that wild.
  const raw = Math.log(m.mark / s.lastMark);
  const b = boundedReturn(v, s, raw, m.markAt, nowMs, p);
  const at = m.markAt + p.volSampleMs;
  if (!(b.big && Math.sign(raw) === s.walkSign)) restartWalk(s, b.big ? Math.sign(raw) : 0, b.estimate);
  // What the bounds set aside is a jump only beyond the move the held-off part (the broker's own skew) made its way.
  const skewMove = m.holdFree > 0 && s.lastHoldFreeMark > 0 ? raw - Math.log(m.holdFree / s.lastHoldFreeMark) : 0;
  const aside = Number.isFinite(skewMove) && Math.sign(skewMove) === Math.sign(raw - b.r) ? Math.sign(raw - b.r) * Math.max(0, Math.abs(raw - b.r) - Math.abs(skewMove)) : raw - b.r;
  const minJump = JUMP_MIN_SDS * Math.sqrt((b.variance * p.volSampleMs) / HOUR_MS);
  if (Number.isFinite(raw)) setAside(v, s, aside, !b.stays && !b.continues, at, minJump, p);
  if (Number.isFinite(raw) && m.holdFree > 0) heldMove(v, s, raw - b.r - aside, Math.log(m.mark / m.holdFree), Math.log(m.holdFree), at, minJump, p);
  countReturn(v, s, raw, b, m, at, p);
  if (s.jumpCounted === 1 && s.walkSign !== 0 && s.walkSign === Math.sign(s.jumpRun)) absorbWalk(v, s, at, p);
}

/** What the bounds make of a raw return (boundedReturn). */
interface BoundedReturn {
  /** σ² per hour as the sums stood, and the one the bounds used. */
  estimate: number;
  variance: number;
  /** The one-return bound, in ln. */
  bound: number;
  /** A step of WALK_MIN_SDS σ or more. */
  big: boolean;
  /** A step of the side's counted jump, whole. */
  continues: boolean;
  /** The return stays in the side's run. */
  stays: boolean;
  /** The part counted as diffusion. */
  r: number;
}

/**
 * The return bounded at JUMP_TRUNCATION_SDS σ√(its span) (beyond JUMP_DROP_SDS of it, dropped), and the side's run held
 * within RUN_TRUNCATION_SDS σ√(its span): moves the run past its bound.
 */
function boundedReturn(v: VolState, s: VolSideState, raw: number, markAt: number, nowMs: number, p: VolParams): BoundedReturn {
  // The bound's span is at most three intervals: after a silence the first price is as likely a jump as a walk.
  const spanHours = Math.min(Math.max(markAt - s.lastMarkAtMs, p.volSampleMs), 3 * p.volSampleMs) / HOUR_MS;
  const estimate = blendedVariance(volSamplesAt(v, nowMs, p), (p.volPriorBps / 10_000) ** 2, p.volPriorWeight);
  // The bounds use the variance from before the run (when lower): a move under way must not widen its own bound.
  // Never below the prior's: an estimate that reads low must not cut the moves that would correct it.
  // The same for a walk under way (a run can begin mid-walk, after the estimate has already taken a step of it).
  const held = s.runSum !== 0 && s.runVariance > 0 ? Math.min(estimate, s.runVariance) : estimate;
  const variance = Math.max((p.volPriorBps / 10_000) ** 2, s.walkSign !== 0 && s.walkVariance > 0 ? Math.min(held, s.walkVariance) : held);
  const bound = JUMP_TRUNCATION_SDS * Math.sqrt(variance * spanHours);
  const step = Math.abs(raw) > (JUMP_DROP_SDS / JUMP_TRUNCATION_SDS) * bound ? 0 : Math.min(bound, Math.max(-bound, raw));
  // A jump the market reprices to in steps (the broker's quotes walk to the new level over an hour or two) is
  // one move in several returns, each under the bound: the run since the side's cumulative return last crossed
  // zero is held within RUN_TRUNCATION_SDS σ√(its span) as well. A diffusion's run rarely reaches it.
  const elapsedHours = Math.max(markAt - s.lastMarkAtMs, p.volSampleMs) / HOUR_MS;
  // A step of the walk (WALK_MIN_SDS σ or more, the walk's sign) while the side's jump counts is the jump's, whole.
  const big = Number.isFinite(raw) && Math.abs(raw) >= WALK_MIN_SDS * Math.sqrt(variance * spanHours);
  const continues = s.jumpCounted === 1 && big && Math.sign(raw) === Math.sign(s.jumpRun);
  const bounded = continues ? 0 : step;
  const stays = s.runSum !== 0 && Math.sign(s.runSum + bounded) === Math.sign(s.runSum);
  const runHours = stays ? s.runHours + elapsedHours : elapsedHours;
  const runBound = RUN_TRUNCATION_SDS * Math.sqrt(variance * runHours);
  const r = continues ? 0 : stays ? Math.min(runBound, Math.max(-runBound, s.runSum + step)) - s.runSum : step;
  if (!stays) s.runVariance = estimate;
  s.runSum += r;
  s.runHours = runHours;
  return { estimate, variance, bound, big, continues, stays, r };
}

/** The side's walk begins again: `sign` of its first step (0: none under way), the variance before it. */
function restartWalk(s: VolSideState, sign: number, estimate: number): void {
  s.walkSign = sign;
  s.walkVariance = estimate;
  s.walkMove = 0;
  s.walkSquares.value = 0;
  s.walkCross.value = 0;
  s.walkHours.value = 0;
  s.walkReturns.value = 0;
}

/** The return's diffusion part into σ's sums (and the walk's, while one is under way), the raw return into bipower's. */
function countReturn(v: VolState, s: VolSideState, raw: number, b: BoundedReturn, m: BucketMarks, at: number, p: VolParams): void {
  // Two interval averages of a random walk differ by (Δ − L/3)·σ², and consecutive such returns covary by
  // σ²·L/6 (they share a mark): with the cross term counted, the sum covers Δ; without it (the first), Δ − L/3.
  const first = Number.isNaN(s.lastReturn);
  const hours = (m.markAt - s.lastMarkAtMs - (first ? p.volSampleMs / 3 : 0)) / HOUR_MS;
  // Bipower variation (the check shown beside σ) takes every raw return, the jump's included: it is its own estimator.
  if (hours > 0 && Number.isFinite(raw)) {
    if (Number.isFinite(s.lastRaw)) addDecayed(v.bipower, Math.abs(raw) * Math.abs(s.lastRaw), at, p.volHalfLifeMs);
    s.lastRaw = raw;
  }
  if (b.continues) {
    // The jump's step: nothing of it in σ's sums or hours, and the next return's cross term pairs with nothing.
    s.lastReturn = 0;
    return;
  }
  if (!(hours > 0 && Number.isFinite(b.r))) return;
  // A return the bounds counted whole counts without the broker's lean's move (bounded alike); one they cut stays as cut.
  const c = Math.abs(raw - b.r) <= 1e-12 && m.leanFree > 0 && s.lastLeanFreeMark > 0 ? Math.min(b.bound, Math.max(-b.bound, Math.log(m.leanFree / s.lastLeanFreeMark))) : b.r;
  const cross = first ? 0 : c * s.lastReturn;
  addDecayed(v.squares, c * c, at, p.volHalfLifeMs);
  addDecayed(v.cross, cross, at, p.volHalfLifeMs);
  addDecayed(v.hours, hours, at, p.volHalfLifeMs);
  addDecayed(v.returns, 1, at, p.volHalfLifeMs);
  s.lastReturn = c;
  if (s.walkSign !== 0) {
    s.walkMove += c;
    addDecayed(s.walkSquares, c * c, at, p.volHalfLifeMs);
    addDecayed(s.walkCross, cross, at, p.volHalfLifeMs);
    addDecayed(s.walkHours, hours, at, p.volHalfLifeMs);
    addDecayed(s.walkReturns, 1, at, p.volHalfLifeMs);
  }
}

/**
 * The side's walk is its live jump's: what σ's sums counted of it is taken back out of them (a decayed sum is linear, so
 * its decayed value comes off as it stands now) and joins J, so a jump the quotes walk to weighs its whole size once.
 */
function absorbWalk(v: VolState, s: VolSideState, atMs: number, p: VolParams): void {
  if (s.walkMove === 0 && s.walkSquares.value === 0) return;
  addDecayed(v.squares, -decayedAt(s.walkSquares, atMs, p.volHalfLifeMs), atMs, p.volHalfLifeMs);
  addDecayed(v.cross, -decayedAt(s.walkCross, atMs, p.volHalfLifeMs), atMs, p.volHalfLifeMs);
  addDecayed(v.hours, -decayedAt(s.walkHours, atMs, p.volHalfLifeMs), atMs, p.volHalfLifeMs);
  addDecayed(v.returns, -decayedAt(s.walkReturns, atMs, p.volHalfLifeMs), atMs, p.volHalfLifeMs);
  s.walkHours.value = 0;
  s.walkReturns.value = 0;
  const before = s.jumpRun;
  s.jumpRun += s.walkMove;
  addDecayed(v.jumpSquares, s.jumpRun * s.jumpRun - before * before, atMs, p.volHalfLifeMs);
  s.walkMove = 0;
  s.walkSquares.value = 0;
  s.walkCross.value = 0;
  // The next return's cross term would pair with a return σ no longer counts.
  s.lastReturn = 0;
}

/** A held move is forgotten this long after the hold last took a part of it: by then a skew swing has given it back. */
export const HELD_JUMP_MS = 6 * HOUR_MS;
/** A held move counts as a jump once its held part has given back this share of it … */
export const HELD_GIVEN_BACK_SHARE = 0.5;
/** … and the hold-free price has kept this share of it (a dump's skew swing gives it back and keeps nothing). */
export const HELD_KEPT_SHARE = 0.75;

function clearHeld(s: VolSideState): void {
  s.heldJump = 0;
  s.heldRun = 0;
  s.heldRunCounted = 0;
}

/**
 * The hold (`jumpHoldShare`) takes the broker's own skew's move off what counts as a jump, so that the skew swinging to
 * its cap and back (a seller dumping into the bid) is no jump. But a value jump moves the skew too: informed flow empties
 * one side of the book, and the skew reprices much of the jump at once. Later the skew gives that move back while the
 * anchor, and so the hold-free price, walks to the new level and keeps it. So what the hold took (`held`, this return's
 * part) is kept with the side's jump run beside it; once the held part has given back HELD_GIVEN_BACK_SHARE of it and
 * the hold-free price has kept HELD_KEPT_SHARE of it since, the held move and that run count as one jump of their
 * whole size (as `setAside` counts a run: J² once). A swing that returns leaves the hold-free price where it was: once
 * the held part has given it all back with less kept, it is dropped; after HELD_JUMP_MS it is forgotten.
 */
function heldMove(v: VolState, s: VolSideState, held: number, offset: number, free: number, atMs: number, minJump: number, p: VolParams): void {
  if (!Number.isFinite(offset) || !Number.isFinite(free)) return;
  if (s.heldJump !== 0 && atMs - s.heldAtMs > HELD_JUMP_MS) clearHeld(s);
  if (Math.abs(held) > 1e-12) {
    if (Math.sign(held) !== Math.sign(s.heldJump)) clearHeld(s);
    s.heldJump += held;
    // The bounds' part of the same move (the side's jump run, counted or not) joins the held part when it counts.
    if (Math.sign(s.jumpRun) === Math.sign(held) && Math.abs(s.jumpRun) >= Math.abs(s.heldRun)) {
      s.heldRun = s.jumpRun;
      s.heldRunCounted = s.jumpCounted;
    }
    s.heldOffset = offset;
    s.heldFree = free;
    s.heldAtMs = atMs;
    return;
  }
  if (s.heldJump === 0) return;
  const sign = Math.sign(s.heldJump);
  const size = Math.abs(s.heldJump);
  const givenBack = (s.heldOffset - offset) * sign;
  const kept = (free - s.heldFree) * sign;
  if (givenBack >= HELD_GIVEN_BACK_SHARE * size && kept >= HELD_KEPT_SHARE * size) {
    const whole = s.heldRun + s.heldJump;
    if (Math.abs(whole) >= minJump) {
      const before = s.heldRunCounted === 1 ? s.heldRun * s.heldRun : 0;
      addDecayedPair(v.jumpSquares, v.jumps, whole * whole - before, s.heldRunCounted === 1 ? 0 : 1, atMs, p.volHalfLifeMs);
      clearHeld(s);
    }
  } else if (givenBack >= size && kept < HELD_KEPT_SHARE * size) {
    clearHeld(s);
  }
}

/**
 * Adds what the bounds set aside from one return (`aside`, log) to the side's jump in the making: a new run, or a
 * move against the jump's sign, starts a new one. The jump counts once |J| reaches `minJump`; from then each step
 * adds J'² − J² to Σ J², so a jump repriced in steps weighs J² once, as one jump of its whole size.
 */
function setAside(v: VolState, s: VolSideState, aside: number, newRun: boolean, atMs: number, minJump: number, p: VolParams): void {
  if (newRun || aside === 0 || (s.jumpRun !== 0 && Math.sign(aside) !== Math.sign(s.jumpRun))) {
    s.jumpRun = 0;
    s.jumpCounted = 0;
  }
  if (aside === 0) return;
  const before = s.jumpRun;
  s.jumpRun += aside;
  if (s.jumpCounted === 1) {
    addDecayed(v.jumpSquares, s.jumpRun * s.jumpRun - before * before, atMs, p.volHalfLifeMs);
  } else if (Math.abs(s.jumpRun) >= minJump) {
    s.jumpCounted = 1;
    addDecayedPair(v.jumpSquares, v.jumps, s.jumpRun * s.jumpRun, 1, atMs, p.volHalfLifeMs);
  }
}

/** σ evidence: the noise-corrected variance sum, the hours it covers and how many returns it holds. */
export interface VolSamples {
  sum: number;
  hours: number;
  count: number;
}

/** The evidence decayed to `nowMs` (summed over series to pool a segment). */
export function volSamplesAt(v: VolState, nowMs: number, p: VolParams): VolSamples {
  const h = p.volHalfLifeMs;
  const squares = decayedAt(v.squares, nowMs, h);
  const corrected = squares + 2 * decayedAt(v.cross, nowMs, h);
  return { sum: Math.max(corrected, NOISE_FLOOR_SHARE * squares), hours: decayedAt(v.hours, nowMs, h), count: decayedAt(v.returns, nowMs, h) };
}

/**
 * A quantity observed over some exposure (σ² over hours, rights over quoted hours), shrunk toward a prior
 * that weighs `priorWeight` of the same exposure: (observed + prior × weight)/(exposure + weight).
 */
export function shrunk(observed: number, exposure: number, prior: number, priorWeight: number): number {
  const w = exposure + priorWeight;
  return w > 0 ? (Math.max(0, observed) + prior * priorWeight) / w : prior;
}

/**
 * The variance per hour the evidence says (S/H), shrunk toward a prior variance by the number of returns behind
 * it: (n·S/H + n₀·σ₀²)/(n + n₀). A thin series' few long returns say little, however many hours they cover.
 */
export function blendedVariance(samples: VolSamples, priorVariance: number, priorReturns: number): number {
  const n = samples.hours > 0 ? samples.count : 0;
  return shrunk(n > 0 ? n * (Math.max(0, samples.sum) / samples.hours) : 0, n, priorVariance, priorReturns);
}

/**
 * Bipower variation's σ (Barndorff-Nielsen & Shephard 2004): √((π/2)·Σ|rᵢ||rᵢ₋₁| / H) over the raw same-side returns,
 * per √hour, unshrunk (0 without evidence). Robust to a jump in one return, not to a walk of several: shown beside σ
 * in the views and the bench as a check on the threshold estimate, not quoted on (docs/pricing.md, "Jumps").
 */
export function bipowerSigma(v: VolState, nowMs: number, p: VolParams): number {
  const h = decayedAt(v.hours, nowMs, p.volHalfLifeMs);
  return h > 0 ? Math.sqrt((BIPOWER_MARK_SCALE * (Math.PI / 2) * decayedAt(v.bipower, nowMs, p.volHalfLifeMs)) / h) : 0;
}

/**
 * Marks are interval averages: consecutive returns of a walk over Δ = L each have variance (2/3)·σ²L and correlation
 * ρ = 1/4, so (π/2)·E|rᵢ||rᵢ₋₁| = (2/3)·σ²L·(√(1 − ρ²) + ρ·asin ρ). This puts it back to σ²L.
 */
const BIPOWER_MARK_SCALE = 1.5 / (Math.sqrt(1 - 1 / 16) + 0.25 * Math.asin(0.25));

/** Jump evidence: Σ J² of the jumps set aside, their count, and the hours of returns they came from (σ's hours). */
export interface JumpSamples {
  squares: number;
  count: number;
  hours: number;
}

export function jumpSamplesAt(v: VolState, nowMs: number, p: VolParams): JumpSamples {
  const h = p.volHalfLifeMs;
  return { squares: decayedAt(v.jumpSquares, nowMs, h), count: decayedAt(v.jumps, nowMs, h), hours: decayedAt(v.hours, nowMs, h) };
}

/**
 * The jump evidence the spot quote widens by: ΣJ² weighed 2^(−age/`jumpSpreadHalfLifeMs`) as well, age = the time since the
 * series' last jump step (when ΣJ² last grew). A jump is a move to price once: the hours after it (the quotes still walking,
 * the new level uncertain) are wider, a day later the spot is back near the prior's widening, while the options, whose
 * horizon is hours to days, keep the whole evidence (docs/pricing.md, "Jumps").
 */
export function jumpSpreadSamplesAt(v: VolState, nowMs: number, p: VolParams & { jumpSpreadHalfLifeMs: number }): JumpSamples {
  const s = jumpSamplesAt(v, nowMs, p);
  if (!(p.jumpSpreadHalfLifeMs > 0) || s.squares === 0) return s;
  return { ...s, squares: s.squares * factor(v.jumpSquares.atMs, nowMs, p.jumpSpreadHalfLifeMs) };
}

export interface JumpParams {
  /** λ₀: jumps per hour of a series with no evidence. */
  jumpPriorPerHour: number;
  /** √E[J²] of the prior's jumps, bps of the price. */
  jumpPriorSizeBps: number;
  /** Hours of returns the prior weighs as against a series' own. */
  jumpPriorHours: number;
}

/** The jump part of a series' moves: λ per hour, E[J²] (log², per jump) and their product, the jump variance per hour. */
export interface JumpEstimate {
  perHour: number;
  meanSquare: number;
  variancePerHour: number;
}

/**
 * λ = (n + λ₀·H₀)/(H + H₀) and λ·E[J²] = (ΣJ² + λ₀·J₀²·H₀)/(H + H₀): the evidence over the hours of returns it came
 * from, shrunk toward the prior by hours (a day without jumps takes λ toward 0; one jump is one jump in H + H₀ hours).
 */
export function jumpEstimate(samples: JumpSamples, p: JumpParams): JumpEstimate {
  const prior = (p.jumpPriorSizeBps / 10_000) ** 2;
  const perHour = shrunk(samples.count, samples.hours, p.jumpPriorPerHour, p.jumpPriorHours);
  const variancePerHour = shrunk(samples.squares, samples.hours, p.jumpPriorPerHour * prior, p.jumpPriorHours);
  return { perHour, meanSquare: perHour > 0 ? variancePerHour / perHour : prior, variancePerHour };
}

/** √ of `blendedVariance`: σ, relative per √hour. */
export function blendedSigma(samples: VolSamples, priorVariance: number, priorReturns: number): number {
  return Math.sqrt(blendedVariance(samples, priorVariance, priorReturns));
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
