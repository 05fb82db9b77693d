/**
 * A listing's price in the catalog's results: "from X PAT", the lowest ask of the live spot series of its segment
 * (what a right costs now), else their lowest reference price when nobody asks. From the market store the catalog
 * page already holds: no request per row.
 */
import type { SeriesRow } from './market.js';

export interface FromPrice {
  micros: number;
  /** Whether it is an ask one can take now, or the broker's reference price (no ask in any window). */
  basis: 'ask' | 'reference';
}

/** The lowest ask (else reference) of `series`' live SPOT rows; undefined when none has either. */
export function fromPrice(series: Iterable<SeriesRow>): FromPrice | undefined {
  let ask = 0;
  let reference = 0;
  for (const s of series) {
    if (s.kind !== 'SPOT' || s.status === 'EXPIRED') continue;
    if (s.askMicros > 0 && (ask === 0 || s.askMicros < ask)) ask = s.askMicros;
    if (s.referenceMicros > 0 && (reference === 0 || s.referenceMicros < reference)) reference = s.referenceMicros;
  }
  if (ask > 0) return { micros: ask, basis: 'ask' };
  return reference > 0 ? { micros: reference, basis: 'reference' } : undefined;
}
