/**
 * The quoting math's decimal type: decimal.js with 16 significant digits and
 * round-half-even. 16 digits hold every float64 input exactly enough (float64
 * carries 15.95) and keep at least 4 decimals below 1 µPAT for prices up to
 * 10^12 µPAT; more digits cost time (a 1,000-series repricing must fit in 10 ms).
 * Quoting only; the matching engine never sees a Decimal.
 */
import { Decimal } from 'decimal.js';

export const D = Decimal.clone({ precision: 16, rounding: Decimal.ROUND_HALF_EVEN });
export type D = InstanceType<typeof D>;

export const MICROS_PER_PAT = new D(1_000_000);
export const BPS = new D(10_000);
export const ONE = new D(1);
export const ZERO = new D(0);

/** Clamps `x` into [lo, hi]. */
export function clampD(x: D, lo: D, hi: D): D {
  return x.lessThan(lo) ? lo : x.greaterThan(hi) ? hi : x;
}

/**
 * A float64 from a transcendental function, as a Decimal. exp/ln/pow in
 * decimal.js cost ~30 µs each (a 1,000-series repricing would take 100 ms), so
 * the factors that need them are computed with Math (V8's fdlibm ports: the
 * same bits on every platform) and enter the decimal arithmetic here.
 */
export function fromFloat(x: number): D {
  if (!Number.isFinite(x)) throw new RangeError(`non-finite quoting input ${x}`);
  return new D(x);
}
