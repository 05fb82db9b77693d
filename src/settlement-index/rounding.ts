/**
 * The one rounding rule of the index: exact bigint arithmetic, then a division rounded to
 * the nearest integer, halves up. Every operand is non-negative, so "up" is "away from 0".
 * Each published intermediate is rounded once, and later steps use the rounded value, so
 * a reader recomputes every step from the published numbers alone.
 */

export const BPS = 10_000n;

/** round(numerator / denominator), halves up; both non-negative, denominator above 0. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

