/** The series bench:series and bench:ab list: distinct spot contracts on the workload's terms. */
import { CommandKind, SeriesKind, SYSTEM_ACTOR, type ListSeries } from '../../src/engine/index.js';
import { TICK_MICROS, WORKLOAD_START_MS } from '../workload.js';

const DAY_MS = 86_400_000;
const PAT_MICROS = 1_000_000;

/**
 * The i-th distinct spot contract of a venue's layout: segments × 4 window lengths ×
 * 4 confidence bands, one window each (the engine refuses a window listed twice).
 * i = 0 is the workload's own series.
 */
const WINDOWS: ReadonlyArray<readonly [string, number]> = [
  ['7D', 7 * DAY_MS],
  ['1D', DAY_MS],
  ['30D', 30 * DAY_MS],
  ['1h', DAY_MS / 24],
];
const BANDS = ['0.70-0.85', '0.85-1.00', '0.50-0.70', '0.60-0.80'] as const;

export interface Terms {
  tickMicros: number;
  minPriceMicros: number;
  maxPriceMicros: number;
}

/** The workload's terms, which are also the demo's AUTO_INTENT|7D terms: 0.001..10 PAT by 0.001 (10,000 levels). */
export const WORKLOAD_TERMS: Terms = { tickMicros: TICK_MICROS, minPriceMicros: TICK_MICROS, maxPriceMicros: 10 * PAT_MICROS };

export function listSeries(i: number, terms: Terms): ListSeries {
  const [window, windowMs] = WINDOWS[Math.floor(i / BANDS.length) % WINDOWS.length]!;
  const segment = i === 0 ? 'AUTO_INTENT' : `BENCH${Math.floor(i / (WINDOWS.length * BANDS.length))}`;
  return {
    kind: CommandKind.LIST_SERIES,
    actor: SYSTEM_ACTOR,
    contract: `${segment}|${window}|${BANDS[i % BANDS.length]!}`,
    seriesKind: SeriesKind.SPOT,
    openAtMs: WORKLOAD_START_MS,
    closeAtMs: WORKLOAD_START_MS + windowMs,
    ...terms,
    lotSize: 1,
    maxOrderQty: 100_000,
    bandBps: 500,
  };
}

