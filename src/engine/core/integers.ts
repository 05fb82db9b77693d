/** Integer checks every engine module uses on what a command carries. */

/** A safe integer above zero (quantities, prices, ids). */
export function isPositiveSafeInt(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}

/**
 * Numbers an engine object keeps that can pass 2^31 (a time in ms, a total in µPAT) are kept as
 * two parts below 2^30, `high × SMALL_PART + low`, both small integers V8 holds in the object
 * itself. One field holding a larger number makes V8 hold that field, in every object of the
 * class, as a pointer to a boxed double: another object, out of cache over many series, read
 * where the field is read (issue 58; bench/RESULTS.md, Many series). Below 2^30, so that the
 * parts stay small integers with pointer compression too.
 */
export const SMALL_PART = 2 ** 30;

/** The high part of a non-negative safe integer (`| 0`: a small integer even when computed as a double). */
export function highPart(n: number): number {
  return n < SMALL_PART && n >= 0 ? 0 : Math.floor(n / SMALL_PART) | 0;
}

/** The low part of a safe integer whose high part is `high`. */
export function lowPart(n: number, high: number): number {
  return (n - high * SMALL_PART) | 0;
}

/** The number whose parts are `high` and `low`. */
export function fromParts(high: number, low: number): number {
  return high * SMALL_PART + low;
}

const BPS = 10_000;

/** ⌈a × bps / 10 000⌉ for non-negative safe integers, without forming a product beyond 2⁵³ when a is large. */
export function bpsCeil(a: number, bps: number): number {
  const whole = Math.floor(a / BPS);
  return whole * bps + Math.ceil(((a - whole * BPS) * bps) / BPS);
}
