/**
 * Which strikes the listing schedule lists on a spot window's options (phase 4): the strike
 * grid (black76.ts `strikeGrid`) around the index the quoter expects at the window's close,
 * on the spot's tick and under its price cap, within the window's cap on strikes listed in
 * all (`strikesWithinCap`). The service's schedule asks this on every pass; the sandbox's
 * bound on listings an hour is checked against the same function (test/sandbox/).
 */
import { SeriesKind, type ListedSeriesView } from '../engine/index.js';
import { DEFAULT_STRIKE_GRID, strikeGrid, strikesWithinCap } from '../option-pricing/black76.js';

/** The strikes already listed on `spot`'s window: its CALLs' and PUTs', expired or not. */
export function listedStrikes(listed: readonly ListedSeriesView[], spot: ListedSeriesView): number[] {
  const strikes: number[] = [];
  for (const s of listed) {
    if ((s.kind === SeriesKind.CALL || s.kind === SeriesKind.PUT) && s.strikeMicros !== undefined && s.contract === spot.contract && s.openAtMs === spot.openAtMs && s.closeAtMs === spot.closeAtMs) strikes.push(s.strikeMicros);
  }
  return strikes;
}

/** The terms of the spot series a grid is laid on. */
export interface StrikeTerms {
  tickMicros: number;
  maxPriceMicros: number;
}

/** The strikes to list on `spot`'s window now (the schedule skips those listed); none before the quoter has an index for it. */
export function windowStrikes(spot: ListedSeriesView, terms: StrikeTerms, expectedIndexMicros: number | undefined, listed: readonly ListedSeriesView[], maxStrikes: number): number[] {
  if (expectedIndexMicros === undefined) return [];
  const grid = strikeGrid(expectedIndexMicros, terms.tickMicros, DEFAULT_STRIKE_GRID).filter((k) => k <= terms.maxPriceMicros);
  return strikesWithinCap(grid, listedStrikes(listed, spot), maxStrikes);
}
