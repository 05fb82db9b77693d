/**
 * decimal.js with 16 significant digits and round-half-even, for the reference
 * implementations of the A–S and GLFT formulas (spread.ts) and the freshness
 * multiplier's decimal form. The quote's price path is float64 ending in integer
 * ticks (docs/pricing.md, "Numbers": a decimal of a float64 is no more exact, and
 * cost most of a 1,000-series repricing). The matching engine never sees a Decimal.
 */
import { Decimal } from 'decimal.js';

export const D = Decimal.clone({ precision: 16, rounding: Decimal.ROUND_HALF_EVEN });
export type D = InstanceType<typeof D>;

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
