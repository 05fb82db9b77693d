/**
 * What the option and synthetic examples print to explain a price (issue 77, "prices explain
 * themselves"): the broker prices a cash-settled series on F, the settlement index it expects at
 * the close (docs/pricing.md, "The index the products settle on"), not on the index mark, the
 * index over the past hour. The spot quotes the index is made of decay with the data's freshness
 * until the close, so F sits below the mark days before it: a call struck under the mark can be
 * worth far less than its intrinsic value at the mark. Pure functions of the broker's public
 * pricing (GET /v1/options/{id}, GET /v1/synthetics/{id}), so test/examples tests the lines.
 */
import { patShown } from '../src/client/pat.js';

/** µPAT as PAT with 4 decimals, the precision people see everywhere. */
export const pat = (micros: number | bigint | null | undefined): string => patShown(micros ?? 0);

/** The line saying what F and the mark are, and why they differ. */
export function forwardLine(forwardMicros: number, markMicros: number, pays: string): string {
  const mark =
    markMicros > 0
      ? `index mark ${pat(markMicros)} PAT (the index over the past hour; the spot quotes it is made of decay with the data's freshness until the close, so F ${forwardMicros < markMicros ? 'sits below it' : forwardMicros > markMicros ? 'sits above it' : 'equals it'})`
      : 'no index mark yet';
  return `forward F ${pat(forwardMicros)} PAT (the settlement index the broker expects at the close, what ${pays} pays on); ${mark}`;
}

export interface OptionPricingParts {
  kind: 'CALL' | 'PUT';
  strikeMicros: number;
  forwardMicros: number;
  markMicros: number;
  /** The Black-76 value on F (unrounded µPAT). */
  valueMicros: number;
}

/** A call's or put's payoff per unit at index level `indexMicros`. */
export function intrinsicMicros(kind: 'CALL' | 'PUT', strikeMicros: number, indexMicros: number): number {
  return Math.max(kind === 'CALL' ? indexMicros - strikeMicros : strikeMicros - indexMicros, 0);
}

/** F, the mark and the premium's parts: model value = intrinsic at F + time value; `paidMicros`, when bought, against it. */
export function optionPremiumLines(p: OptionPricingParts, paidMicros?: number): string[] {
  const intrinsic = intrinsicMicros(p.kind, p.strikeMicros, p.forwardMicros);
  const value = Math.round(p.valueMicros);
  const lines = [
    forwardLine(p.forwardMicros, p.markMicros, `the ${p.kind}`),
    `premium's parts: model value ${pat(value)} = intrinsic at F ${pat(intrinsic)} (max(${p.kind === 'CALL' ? 'F − strike' : 'strike − F'}, 0), strike ${pat(p.strikeMicros)}) + time value ${pat(value - intrinsic)} (what the index may still move by the close)` +
      (p.markMicros > 0 ? `; intrinsic at the mark would be ${pat(intrinsicMicros(p.kind, p.strikeMicros, p.markMicros))}, but the ${p.kind} pays on the index at the close` : ''),
  ];
  if (paidMicros !== undefined && paidMicros > 0) {
    const over = paidMicros - value;
    lines.push(`paid ${pat(paidMicros)}, ${pat(Math.abs(over))} ${over >= 0 ? 'above' : 'below'} the model value ${pat(value)} (the broker's quote around it: half-spread, inventory skew, the tick)`);
  }
  return lines;
}

/** F, the mark, and what a unit traded at `priceMicros` makes if the index settles at F. */
export function syntheticLines(forwardMicros: number, markMicros: number, buy: boolean, priceMicros: number): string[] {
  const atF = buy ? forwardMicros - priceMicros : priceMicros - forwardMicros;
  return [
    forwardLine(forwardMicros, markMicros, 'the synthetic'),
    `${buy ? 'bought' : 'sold'} at ${pat(priceMicros)}, ${pat(Math.abs(priceMicros - forwardMicros))} ${priceMicros >= forwardMicros ? 'above' : 'below'} F: at the close a unit pays ${buy ? 'index − price' : 'price − index'}, ${pat(atF)} PAT if the index settles at F (the spread, widened for the index's uncertainty until the close); the mark only sets the margin each minute`,
  ];
}
