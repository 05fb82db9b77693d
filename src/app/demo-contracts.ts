/**
 * Contracts the demo exchange lists. Prices are in µPAT (1 µPAT = 10^-6 PAT);
 * an access right trades at roughly 0.01 to 5 PAT, so the limits below leave
 * room either side: from one tick up to a few times the expected price.
 *
 * Common terms: tick 1000 µPAT (0.001 PAT), lot 1 right, at most 100 000 rights
 * per order, market orders may trade up to 5% from the reference price, and
 * the next window is listed about 1/7 of a window before the current closes.
 * The hourly contract has a finer tick because its rights are cheap.
 */
import type { ContractSpec } from '../engine/index.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const PAT_MICROS = 1_000_000;
const TICK_MICROS = 1_000;

/** Terms every demo contract shares (the sandbox's too); each contract sets its key, price limits and list-ahead time. */
export const COMMON_TERMS = {
  tickMicros: TICK_MICROS,
  lotSize: 1,
  minPriceMicros: TICK_MICROS,
  maxOrderQty: 100_000,
  bandBps: 500,
} as const;

export const DEMO_CONTRACTS: ContractSpec[] = [
  // Car-purchase intent, the flagship: mid and high confidence, a week fresh.
  // Each weekly contract also trades forward on its next 4 windows (phase 2, docs/forwards.md); the
  // flagship also lists a SYNTHETIC on each window once the council votes phase 3 (docs/synthetics.md),
  // and calls and puts on a strike grid around its index once it votes phase 4 (docs/options.md).
  { ...COMMON_TERMS, contract: 'AUTO_INTENT|7D|0.70-0.85', maxPriceMicros: 10 * PAT_MICROS, listAheadMs: DAY_MS, forwardWindows: 4, synthetics: true, options: true },
  { ...COMMON_TERMS, contract: 'AUTO_INTENT|7D|0.85-1.00', maxPriceMicros: 20 * PAT_MICROS, listAheadMs: DAY_MS, forwardWindows: 4 },
  // The same signal for one day: cheaper, rolls nightly at midnight UTC; forward on the next 2 days.
  { ...COMMON_TERMS, contract: 'AUTO_INTENT|1D|0.70-0.85', maxPriceMicros: 5 * PAT_MICROS, listAheadMs: 3 * HOUR_MS, forwardWindows: 2 },
  // Travel plans are made weeks ahead: a long window, a lower confidence band.
  {
    ...COMMON_TERMS,
    contract: 'TRAVEL_INTENT|30D|0.60-0.80',
    maxPriceMicros: 15 * PAT_MICROS,
    listAheadMs: 4 * DAY_MS,
  },
  { ...COMMON_TERMS, contract: 'HOME_INTENT|7D|0.75-0.90', maxPriceMicros: 25 * PAT_MICROS, listAheadMs: DAY_MS, forwardWindows: 4 },
  // Hourly high-confidence intent for real-time bidding: cheap rights, a finer tick.
  {
    ...COMMON_TERMS,
    contract: 'AUTO_INTENT|1h|0.85-1.00',
    tickMicros: 100,
    minPriceMicros: 100,
    maxPriceMicros: 1 * PAT_MICROS,
    listAheadMs: 10 * MINUTE_MS,
    // The next 2 hours forward: the shortest wait to see a forward delivered (examples/forward-bot.ts).
    forwardWindows: 2,
  },
  // The demo model feed's own segment (src/demo/demo-model-feed.ts): a right is a day of its signals.
  // Not shared with a dataset: rights in one series are fungible, so a series sells one thing.
  { ...COMMON_TERMS, contract: 'AUTO_SIGNAL|1D|0.55-1.00', maxPriceMicros: 5 * PAT_MICROS, listAheadMs: 3 * HOUR_MS },
];
