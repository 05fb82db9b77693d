/**
 * Black-76: European options on a forward or index level, for PATX's phase-4 CALL and
 * PUT series, which are cash-settled on a window's settlement index.
 *
 *   call = D·(F·N(d1) − K·N(d2)),  put = D·(K·N(−d2) − F·N(−d1))
 *   d1 = (ln(F/K) + σ²T/2)/(σ√T),  d2 = d1 − σ√T
 *
 * F the index level, K the strike (same unit, µPAT in PATX), σ the annual volatility
 * (0.28 = 28%), T the years to expiry (ACT/365, `YEAR_MS`), D the discount factor. D
 * defaults to 1 because nothing here earns interest: the buyer pays the premium in PAT
 * up front and the settlement is cash in PAT at expiry, so today's PAT and the PAT paid
 * at expiry are the same money. An operator who wants a rate passes D = e^(−rT).
 *
 * Floats throughout: this is the quoter's and the margin scanner's arithmetic, outside
 * the state machine; what reaches the engine is rounded to integer µPAT by the caller.
 * No imports, and below both of its users: the quoter (src/quoting/) and the margin scanner
 * (src/risk/scenario-margin.ts) price with it, and the risk imports nothing of the quoter.
 * Formulas, units and examples: docs/options.md.
 */

export const OptionRight = { CALL: 'CALL', PUT: 'PUT' } as const;
export type OptionRight = (typeof OptionRight)[keyof typeof OptionRight];

/** One year in ms (ACT/365): T = (expiryMs − nowMs) / YEAR_MS. */
export const YEAR_MS = 365 * 24 * 3_600_000;

export interface Black76Inputs {
  /** F: the index (forward) level, > 0; any unit, the price comes out in the same one. */
  forward: number;
  /** K: the strike, > 0, in F's unit. */
  strike: number;
  /** σ: annual volatility as a fraction (0.28 = 28%), ≥ 0. */
  vol: number;
  /** T: years to expiry, ≥ 0. */
  timeYears: number;
  /** D: discount factor, > 0; default 1 (premium and cash settlement both in PAT). */
  discount?: number;
}

/**
 * Price and Greeks, each a plain partial derivative so that finite differences check
 * them and Newton can use vega as it is:
 * - delta = ∂V/∂F (a call's is D·N(d1), in [0, D]);
 * - gamma = ∂²V/∂F² (per unit of F, so tiny when F is in µPAT);
 * - vega = ∂V/∂σ per 1.00 of σ; per vol point (σ + 0.01) it is vega / 100;
 * - theta = −∂V/∂T per year as time passes with D held fixed (exact for D = 1); per
 *   day it is theta / 365. With D = e^(−rT), the full time decay adds r·V.
 */
export interface Black76Greeks {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
}

export const Black76ErrorReason = {
  /** An input is not finite or out of its domain (F, K, D ≤ 0, σ or T < 0, ...). */
  BAD_INPUT: 'BAD_INPUT',
  /** Implied vol: the price is below the discounted intrinsic value. */
  BELOW_INTRINSIC: 'BELOW_INTRINSIC',
  /** Implied vol: the price is at or above the no-arbitrage bound, or needs σ above maxVol. */
  ABOVE_MAXIMUM: 'ABOVE_MAXIMUM',
  /** Implied vol: T = 0 and the price differs from intrinsic, so no σ gives it. */
  NO_TIME_VALUE: 'NO_TIME_VALUE',
  /** Implied vol: no solution within maxIterations (should not happen: bisection is the fallback). */
  NO_CONVERGENCE: 'NO_CONVERGENCE',
} as const;
export type Black76ErrorReason = (typeof Black76ErrorReason)[keyof typeof Black76ErrorReason];

export class Black76Error extends Error {
  override readonly name = 'Black76Error';
  constructor(
    readonly reason: Black76ErrorReason,
    message: string,
    readonly details: Record<string, number | string> = {},
  ) {
    super(`${reason}: ${message}`);
  }
}

// ------------------------------------------------------------------ normal distribution

const SQRT_32 = 5.656854249492380195206754896838;
const INV_SQRT_2PI = 0.398942280401432677939946059934;

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23
// (1969) 631–637, as packaged in ACM TOMS Algorithm 715 (SPECFUN, 1993) and run by R's
// pnorm: three rational approximations with relative error near 1e-16 over each range,
// so the tails (deep out-of-the-money options) keep their digits where 1 − N(x) would not.
const CODY_A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const CODY_B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const CODY_C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const CODY_D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const CODY_P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const CODY_Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

/**
 * exp(−y²/2) for y ≥ 0, with y split at a multiple of 1/16 so the large part of y² is
 * exact (Cody's device): exp(−y²/2) computed directly loses the low bits of y² in the tail.
 */
function expHalfSquare(y: number): number {
  const ys = Math.trunc(y * 16) / 16;
  return Math.exp(-ys * ys * 0.5) * Math.exp(-(y - ys) * (y + ys) * 0.5);
}

/** Upper tail P(Z > y) for y > 0.67448975 (Cody's second and third ranges). */
function upperTail(y: number): number {
  if (y <= SQRT_32) {
    let num = CODY_C[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + CODY_C[i]!) * y;
      den = (den + CODY_D[i]!) * y;
    }
    return expHalfSquare(y) * ((num + CODY_C[7]!) / (den + CODY_D[7]!));
  }
  // Below 1e-308 past here: the tail underflows to 0 (Cody's own cutoff).
  if (y >= 37.5193) return 0;
  const z = 1 / (y * y);
  let num = CODY_P[5]! * z;
  let den = z;
  for (let i = 0; i < 4; i++) {
    num = (num + CODY_P[i]!) * z;
    den = (den + CODY_Q[i]!) * z;
  }
  const r = (z * (num + CODY_P[4]!)) / (den + CODY_Q[4]!);
  return (expHalfSquare(y) * (INV_SQRT_2PI - r)) / y;
}

/** Standard normal CDF N(x) (Cody's algorithm, see above); N(±∞) = 1 / 0. */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    const xsq = x * x;
    let num = CODY_A[4]! * xsq;
    let den = xsq;
    for (let i = 0; i < 3; i++) {
      num = (num + CODY_A[i]!) * xsq;
      den = (den + CODY_B[i]!) * xsq;
    }
    return 0.5 + (x * (num + CODY_A[3]!)) / (den + CODY_B[3]!);
  }
  const tail = upperTail(y);
  return x > 0 ? 1 - tail : tail;
}

/** Standard normal density φ(x). */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * expHalfSquare(Math.abs(x));
}

// ------------------------------------------------------------------ prices and Greeks

interface Checked {
  F: number;
  K: number;
  vol: number;
  T: number;
  D: number;
}

function bad(field: string, value: number): Black76Error {
  return new Black76Error(Black76ErrorReason.BAD_INPUT, `${field} is ${value}`, { field, value });
}

function check(inputs: Black76Inputs): Checked {
  const { forward: F, strike: K, vol, timeYears: T } = inputs;
  const D = inputs.discount ?? 1;
  if (!(Number.isFinite(F) && F > 0)) throw bad('forward', F);
  if (!(Number.isFinite(K) && K > 0)) throw bad('strike', K);
  if (!(Number.isFinite(vol) && vol >= 0)) throw bad('vol', vol);
  if (!(Number.isFinite(T) && T >= 0)) throw bad('timeYears', T);
  if (!(Number.isFinite(D) && D > 0)) throw bad('discount', D);
  return { F, K, vol, T, D };
}

function checkRight(right: OptionRight): void {
  if (right !== OptionRight.CALL && right !== OptionRight.PUT) {
    throw new Black76Error(Black76ErrorReason.BAD_INPUT, `right is ${String(right)}`, { field: 'right', value: String(right) });
  }
}

/** D·max(F − K, 0) for a call, D·max(K − F, 0) for a put. */
function intrinsic(right: OptionRight, c: Checked): number {
  return c.D * Math.max(right === OptionRight.CALL ? c.F - c.K : c.K - c.F, 0);
}

/**
 * The price for σ√T > 0. The out-of-the-money side is computed from its own formula
 * (two small terms, so its digits survive), the in-the-money side by put-call parity,
 * C − P = D·(F − K), so parity holds to one rounding and neither side cancels against
 * its intrinsic value.
 */
function priceAt(right: OptionRight, c: Checked, sigmaRootT: number): number {
  const d1 = Math.log(c.F / c.K) / sigmaRootT + sigmaRootT / 2;
  const d2 = d1 - sigmaRootT;
  const forwardMinusStrike = c.D * (c.F - c.K);
  if (c.F < c.K) {
    const call = Math.max(0, c.D * (c.F * normCdf(d1) - c.K * normCdf(d2)));
    return right === OptionRight.CALL ? call : call - forwardMinusStrike;
  }
  const put = Math.max(0, c.D * (c.K * normCdf(-d2) - c.F * normCdf(-d1)));
  return right === OptionRight.PUT ? put : put + forwardMinusStrike;
}

/** The option's value; σ = 0 or T = 0 give the discounted intrinsic value. */
export function black76Price(right: OptionRight, inputs: Black76Inputs): number {
  checkRight(right);
  const c = check(inputs);
  const sigmaRootT = c.vol * Math.sqrt(c.T);
  return sigmaRootT === 0 ? intrinsic(right, c) : priceAt(right, c, sigmaRootT);
}

/**
 * Price and Greeks (units on `Black76Greeks`). At σ√T = 0 the Greeks are the limits as
 * σ√T → 0: a call's delta D (in the money), 0 (out) or D/2 (at the money, as N(0)), a
 * put's that minus D; gamma 0
 * (at the money it is a point mass, not a number); vega D·F·√T·φ(0) at the money and 0
 * elsewhere; theta 0.
 */
export function black76Greeks(right: OptionRight, inputs: Black76Inputs): Black76Greeks {
  checkRight(right);
  const c = check(inputs);
  const isCall = right === OptionRight.CALL;
  const rootT = Math.sqrt(c.T);
  const sigmaRootT = c.vol * rootT;
  if (sigmaRootT === 0) {
    const atTheMoney = c.F === c.K;
    const callDelta = atTheMoney ? c.D / 2 : c.F > c.K ? c.D : 0;
    return {
      price: intrinsic(right, c),
      delta: isCall ? callDelta : callDelta - c.D,
      gamma: 0,
      vega: atTheMoney ? c.D * c.F * rootT * INV_SQRT_2PI : 0,
      theta: 0,
    };
  }
  const d1 = Math.log(c.F / c.K) / sigmaRootT + sigmaRootT / 2;
  const pdf = normPdf(d1);
  return {
    price: priceAt(right, c, sigmaRootT),
    delta: isCall ? c.D * normCdf(d1) : -c.D * normCdf(-d1),
    gamma: (c.D * pdf) / (c.F * sigmaRootT),
    vega: c.D * c.F * pdf * rootT,
    // 0 − x, not −x: far from the money the density underflows to 0, and −0 is a value JSON cannot carry (the
    // HTTP view would say 0 where the protobuf feed says −0).
    theta: 0 - (c.D * c.F * pdf * c.vol) / (2 * rootT),
  };
}

// ------------------------------------------------------------------ implied volatility

export interface ImpliedVolOptions {
  /** Upper end of the search, annual σ; default 10 (1,000%). */
  maxVol?: number;
  /** Bound on Newton/bisection steps; default 100, at most 1,000. */
  maxIterations?: number;
  /** Stop when |price(σ) − price| is at most this; default 1e-12 × D·max(F, K). */
  priceTolerance?: number;
}

const MAX_ITERATIONS_CAP = 1_000;

/**
 * The σ whose Black-76 price is `price`: Newton's method on σ from the
 * Manaster–Koehler start √(2|ln(F/K)|/T) (or Brenner–Subrahmanyam √(2π/T)·price/(D·F)
 * at the money), kept inside a bracket [lo, hi] that every evaluation narrows (the
 * price increases with σ); a Newton step that leaves the bracket or meets a zero vega
 * (far out of the money) is replaced by bisection, so it converges in at most
 * ~log2(maxVol/1e-15) steps even where Newton alone would diverge. A price equal to
 * intrinsic (within tolerance) gives 0. Throws Black76Error when no σ in [0, maxVol]
 * gives the price.
 */
export function impliedVol(
  right: OptionRight,
  price: number,
  inputs: Omit<Black76Inputs, 'vol'>,
  options: ImpliedVolOptions = {},
): number {
  checkRight(right);
  const c = check({ ...inputs, vol: 0 });
  const maxVol = options.maxVol ?? 10;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.priceTolerance ?? 1e-12 * c.D * Math.max(c.F, c.K);
  if (!(Number.isFinite(price) && price >= 0)) throw bad('price', price);
  if (!(Number.isFinite(maxVol) && maxVol > 0)) throw bad('maxVol', maxVol);
  if (!(Number.isSafeInteger(maxIterations) && maxIterations > 0 && maxIterations <= MAX_ITERATIONS_CAP)) throw bad('maxIterations', maxIterations);
  if (!(Number.isFinite(tolerance) && tolerance > 0)) throw bad('priceTolerance', tolerance);

  const floor = intrinsic(right, c);
  const ceiling = c.D * (right === OptionRight.CALL ? c.F : c.K);
  const details = { price, intrinsic: floor, ceiling };
  if (price < floor - tolerance) throw new Black76Error(Black76ErrorReason.BELOW_INTRINSIC, `price ${price} below intrinsic ${floor}`, details);
  if (price >= ceiling) throw new Black76Error(Black76ErrorReason.ABOVE_MAXIMUM, `price ${price} at or above the bound ${ceiling}`, details);
  if (price <= floor + tolerance) return 0;
  if (c.T === 0) throw new Black76Error(Black76ErrorReason.NO_TIME_VALUE, `T = 0 and price ${price} is not intrinsic ${floor}`, details);

  const rootT = Math.sqrt(c.T);
  const valueAt = (vol: number): number => priceAt(right, c, vol * rootT);
  if (valueAt(maxVol) < price - tolerance) {
    throw new Black76Error(Black76ErrorReason.ABOVE_MAXIMUM, `price ${price} needs σ above ${maxVol}`, { ...details, maxVol });
  }

  const moneyness = Math.abs(Math.log(c.F / c.K));
  let vol = moneyness > 1e-8 ? Math.sqrt((2 * moneyness) / c.T) : (Math.sqrt((2 * Math.PI) / c.T) * price) / (c.D * c.F);
  let lo = 0;
  let hi = maxVol;
  if (!(vol > lo && vol < hi)) vol = hi / 2;
  for (let i = 0; i < maxIterations; i++) {
    const diff = valueAt(vol) - price;
    if (Math.abs(diff) <= tolerance) return vol;
    if (diff > 0) hi = vol;
    else lo = vol;
    if (hi - lo <= 1e-15 * hi) return vol;
    const d1 = Math.log(c.F / c.K) / (vol * rootT) + (vol * rootT) / 2;
    const vega = c.D * c.F * normPdf(d1) * rootT;
    const newton = vol - diff / vega;
    vol = vega > 0 && newton > lo && newton < hi ? newton : (lo + hi) / 2;
  }
  throw new Black76Error(Black76ErrorReason.NO_CONVERGENCE, `no σ within ${maxIterations} iterations`, { ...details, lo, hi });
}

// ------------------------------------------------------------------ strike grid

export interface StrikeGridParams {
  /** Wanted distance between strikes as a share of the index, bps (500 = 5%); 1..10,000. */
  stepBps: number;
  /** Strikes listed each side of the central one; 0..MAX_STRIKES_EACH_SIDE. */
  strikesEachSide: number;
}

export const DEFAULT_STRIKE_GRID: StrikeGridParams = { stepBps: 500, strikesEachSide: 4 };
/** A limit like every other list: at most 2·50 + 1 strikes per expiry. */
export const MAX_STRIKES_EACH_SIDE = 50;

function checkPositiveInt(field: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value > 0)) throw bad(field, value);
}

/**
 * The strike step in µPAT: `stepBps` of the index, rounded down to a "nice" number of
 * ticks (1, 2 or 5 × 10^k ticks, at least one tick), so strikes read as round numbers
 * and the step is between 40% (2 of just under 5) and 100% of the share asked for.
 */
export function strikeStepMicros(indexMicros: number, tickMicros: number, stepBps: number): number {
  checkPositiveInt('indexMicros', indexMicros);
  checkPositiveInt('tickMicros', tickMicros);
  if (!(Number.isSafeInteger(stepBps) && stepBps >= 1 && stepBps <= 10_000)) throw bad('stepBps', stepBps);
  if (!Number.isSafeInteger(indexMicros * stepBps)) throw bad('indexMicros', indexMicros);
  const rawTicks = Math.floor(Math.floor((indexMicros * stepBps) / 10_000) / tickMicros);
  let decade = 1;
  while (decade * 10 <= rawTicks) decade *= 10;
  const ticks = 5 * decade <= rawTicks ? 5 * decade : 2 * decade <= rawTicks ? 2 * decade : decade;
  return ticks * tickMicros;
}

/**
 * Strikes for one expiry, ascending, integer µPAT: the grid point nearest the index
 * (ties up) and `strikesEachSide` steps either side, every strike a multiple of the step
 * (so of the tick); strikes at or below zero are left out.
 * Example: index 1,234,567, tick 1,000, 5% and 4 a side: step 61,728 → 61 ticks → 50
 * ticks = 50,000; centre 1,250,000; strikes 1,050,000 … 1,450,000.
 */
export function strikeGrid(indexMicros: number, tickMicros: number, params: StrikeGridParams = DEFAULT_STRIKE_GRID): number[] {
  const each = params.strikesEachSide;
  if (!(Number.isSafeInteger(each) && each >= 0 && each <= MAX_STRIKES_EACH_SIDE)) throw bad('strikesEachSide', each);
  const step = strikeStepMicros(indexMicros, tickMicros, params.stepBps);
  const remainder = indexMicros % step;
  const centre = indexMicros - remainder + (2 * remainder >= step ? step : 0);
  const strikes: number[] = [];
  for (let i = -each; i <= each; i++) {
    const strike = centre + i * step;
    if (strike > 0) strikes.push(strike);
  }
  return strikes;
}

/** A limit like every other list: the most strikes one expiry may have listed (a CALL and a PUT each). */
export const MAX_STRIKES_PER_EXPIRY = 2 * MAX_STRIKES_EACH_SIDE + 1;

/**
 * The strikes to list on one expiry under a cap on how many it may have in all: `grid`'s
 * strikes already listed, then its new ones nearest the grid's centre (the index) while the
 * expiry has fewer than `maxStrikes`. The grid re-centres as the index moves and listed
 * strikes stay to their expiry, so without a cap a fast-moving index (the sandbox's windows
 * of minutes) lists strike after strike on one expiry. Never fewer than the listed ones:
 * a cap lowered later lists nothing more, it delists nothing.
 */
export function strikesWithinCap(grid: readonly number[], listedStrikes: Iterable<number>, maxStrikes: number): number[] {
  if (!(Number.isSafeInteger(maxStrikes) && maxStrikes >= 1 && maxStrikes <= MAX_STRIKES_PER_EXPIRY)) throw bad('maxStrikes', maxStrikes);
  const listed = new Set(listedStrikes);
  const centre = grid[Math.floor(grid.length / 2)] ?? 0;
  const fresh = grid.filter((k) => !listed.has(k)).sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre) || a - b);
  const room = Math.max(0, maxStrikes - listed.size);
  return [...grid.filter((k) => listed.has(k)), ...fresh.slice(0, room)].sort((a, b) => a - b);
}
