/** Integer checks every engine module uses on what a command carries. */

/** A safe integer above zero (quantities, prices, ids). */
export function isPositiveSafeInt(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}
