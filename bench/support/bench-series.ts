/** The series bench:series and bench:ab list: distinct spot contracts on the workload's terms. */
import { CommandKind, SeriesKind, SYSTEM_ACTOR, type Command, type ListSeries } from '../../src/engine/index.js';
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

/**
 * The workload's setup for N series: the one series' listing becomes N listings, and every
 * command about series 1 (capacity, mints, the broker buying its inventory) is repeated for each
 * series `seriesOf` names (0-based; all N unless bench:series' --confine). The broker gets PAT
 * for N inventories (one extra deposit, given for every N so the runs differ only in the series).
 */
export function spreadSetupOver(base: readonly Command[], n: number, seriesOf: (cmd: Command) => readonly number[]): Command[] {
  const out: Command[] = [];
  // 100 providers × 10,000 rights × 5 PAT per series; the workload funds the broker for one.
  const inventoryWei = BigInt(n) * 100n * 10_000n * 5n * 10n ** 18n;
  for (const cmd of base) {
    if (cmd.kind === CommandKind.CREDIT_DEPOSIT && cmd.accountId === 1 && cmd.ref === 'setup:1') {
      out.push(cmd, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: 1, amountWei: inventoryWei, ref: 'bench:inventory' });
    } else if (cmd.kind === CommandKind.LIST_SERIES) {
      out.push(cmd);
      for (let i = 1; i < n; i++) out.push(listSeries(i, WORKLOAD_TERMS));
    } else if ('seriesId' in cmd && cmd.seriesId === 1) {
      for (const s of seriesOf(cmd)) out.push({ ...cmd, seriesId: s + 1 });
    } else {
      out.push(cmd);
    }
  }
  return out;
}
