/**
 * Which spot window a test trades in: the one open at a time, by contract or segment. Tests run on the wall
 * clock, where a weekly window may be about to close and a 30-day one outlasts it, so each support module's
 * finder (flagshipSpotAt, openSpot, longestOpenSpot, openAutoIntentSeries) is this one filter.
 */
import { SeriesKind, SeriesStatus, type Engine, type Series } from '../../src/engine/index.js';

export interface SpotWhere {
  contract?: string;
  segment?: string;
  /** Trading only (the default); false takes a halted or closing window too. */
  trading?: boolean;
}

/** The spot windows open at `atMs` that match, the one with the most time left first. */
export function openSpots(engine: Pick<Engine, 'series'>, atMs: number, where: SpotWhere = {}): Series[] {
  return engine.series
    .filter(
      (s): s is Series =>
        s !== undefined &&
        s.spec.kind === SeriesKind.SPOT &&
        (where.trading === false || s.status === SeriesStatus.TRADING) &&
        (where.contract === undefined || s.spec.contract === where.contract) &&
        (where.segment === undefined || s.segment === where.segment) &&
        s.spec.openAtMs <= atMs &&
        atMs < s.spec.closeAtMs,
    )
    .sort((a, b) => b.spec.closeAtMs - a.spec.closeAtMs);
}
