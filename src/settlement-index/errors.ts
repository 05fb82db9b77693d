/** The typed error of the settlement index: what was malformed, and where. */

export type SettlementIndexErrorCode =
  /** A parameter is not an integer, is out of its bounds, or does not fit the others. */
  | 'INVALID_PARAM'
  /** The cutoff is not a safe integer, or the period would start before time 0. */
  | 'INVALID_CUTOFF'
  /** A time is not a safe integer in ms. */
  | 'INVALID_TIME'
  /** A price is not a safe integer in µPAT, or is 0 (or below) where a price is required. */
  | 'INVALID_PRICE'
  /** A trade's quantity is not a positive safe integer, or the period's total is not safe. */
  | 'INVALID_QTY'
  /** A sample or trade lies outside the averaging period, or a last trade lies inside it. */
  | 'OUTSIDE_PERIOD'
  /** A sample's time is not one of the period's sample instants. */
  | 'OFF_GRID'
  /** Samples are not strictly increasing in time, or trades go back in time. */
  | 'OUT_OF_ORDER'
  /** The computation broke one of its own invariants: a bug, never an input problem. */
  | 'INVARIANT_BROKEN';

export class SettlementIndexError extends Error {
  override readonly name = 'SettlementIndexError';
  constructor(
    readonly code: SettlementIndexErrorCode,
    message: string,
    /** Where it was found (field, position in its list) and the offending value. */
    readonly details: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}
