/**
 * The sandbox profile (`npm run sandbox`, issue 55): the demo exchange on the real wall
 * clock, with contract windows of minutes instead of days and weeks, so a new user sees
 * the whole life of every product within a quarter of an hour: spot windows close, forwards
 * are delivered at their window's open, synthetics and options are cash-settled at the
 * window's index and the batch carrying it is cleared on-chain. Phases 3 and 4 are voted on
 * the embedded chain at start (src/sandbox/phases.ts).
 *
 * A profile is a layer of configuration: laid over the embedded defaults and a config file,
 * under the environment (so PATX_PORT and friends still choose). Its own data directory and
 * ports keep it apart from `npm start`'s ./data and 8480/8481/8490/8545, so both can run side
 * by side and neither ever reads the other's journal or chain.
 */
import { parseContractKey, type ContractSpec } from '../engine/index.js';
import { COMMON_TERMS } from '../app/demo-contracts.js';
import { SANDBOX_DATA_DIR, SANDBOX_PORTS } from '../app/sandbox-places.js';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const PAT_MICROS = 1_000_000;

/**
 * The sandbox's contracts: the demo's segments on windows of minutes. The flagship's 5-minute
 * window stands for the demo's week (synthetics and options on each window, settled every 5
 * minutes), the 3-minute one for its hour (forwards delivered every 3 minutes), the 10-minute
 * one for a longer window beside them; the demo model feed's own 10-minute contract.
 */
export const SANDBOX_CONTRACTS: ContractSpec[] = [
  { ...COMMON_TERMS, contract: 'AUTO_INTENT|5m|0.70-0.85', maxPriceMicros: 10 * PAT_MICROS, listAheadMs: MINUTE_MS, forwardWindows: 2, synthetics: true, options: true },
  { ...COMMON_TERMS, contract: 'AUTO_INTENT|3m|0.85-1.00', maxPriceMicros: 20 * PAT_MICROS, listAheadMs: 45 * SECOND_MS, forwardWindows: 2 },
  { ...COMMON_TERMS, contract: 'HOME_INTENT|10m|0.75-0.90', maxPriceMicros: 25 * PAT_MICROS, listAheadMs: 2 * MINUTE_MS, forwardWindows: 1 },
  // The demo model feed's segment (src/demo/demo-model-feed.ts): a signal a minute, outcomes 3 minutes on.
  { ...COMMON_TERMS, contract: 'AUTO_SIGNAL|10m|0.55-1.00', maxPriceMicros: 5 * PAT_MICROS, listAheadMs: 2 * MINUTE_MS },
];

/**
 * The shortest sandbox, for tests: one contract of one-minute windows carrying every product
 * (spot, the next window forward, a synthetic, calls and puts). A minute is the least a
 * cash-settled window may be: its close must fall on one of the index's minute samples.
 */
export const SANDBOX_TEST_CONTRACTS: ContractSpec[] = [
  { ...COMMON_TERMS, contract: 'AUTO_INTENT|1m|0.70-0.85', maxPriceMicros: 10 * PAT_MICROS, listAheadMs: 30 * SECOND_MS, forwardWindows: 1, synthetics: true, options: true },
];

/**
 * The most strikes one sandbox expiry may list (a CALL and a PUT each): the 9-strike grid and
 * two more each side as it re-centres. The index a window of minutes expects moves fast (the
 * freshness curve runs from 1.2x to 0.6x in 5 minutes), and without a cap the grid listed
 * strike after strike on every window: about 900 series an hour.
 */
export const SANDBOX_MAX_STRIKES_PER_EXPIRY = 13;

/**
 * The most series `contracts` can list in any hour with at most `maxStrikesPerExpiry` strikes
 * an expiry. With W windows an hour, the windows whose spot can be listed within one hour are
 * at most W + 2 (the one open when the schedule first runs, the W that open in the hour, and
 * the next one listed ahead of the hour's end): each with its spot, its synthetic (if the
 * contract has them) and a CALL and a PUT per strike (if it has options). Forwards: the first
 * pass lists `forwardWindows` of them at once, then one per window, so at most
 * W + 1 + forwardWindows. 476 for the sandbox's contracts and cap (a running sandbox lists
 * about 400 an hour; ~900 before the cap).
 */
export function listingsPerHourBound(contracts: readonly ContractSpec[], maxStrikesPerExpiry: number): number {
  let bound = 0;
  for (const spec of contracts) {
    const windowsPerHour = Math.ceil((60 * MINUTE_MS) / parseContractKey(spec.contract).windowMs);
    const perWindow = 1 + (spec.synthetics === true ? 1 : 0) + (spec.options === true ? 2 * maxStrikesPerExpiry : 0);
    const forwardWindows = spec.forwardWindows ?? 0;
    bound += (windowsPerHour + 2) * perWindow + (forwardWindows > 0 ? windowsPerHour + 1 + forwardWindows : 0);
  }
  return bound;
}

/**
 * The quoter's parameters on windows of minutes (docs/sandbox.md, "The broker's pace on windows of minutes"):
 * - `quoting.windowExponent` 0: a 5-minute window is priced as the demo prices its week, not at
 *   1/45 of an hour's (the window factor, docs/pricing.md);
 * - the broker's sale-rate prior at the sandbox's pace. The expiry rule buys at most 0.8 × the
 *   sales it expects before the close, rate × hours left; at the shipped prior (30 sales a quoted
 *   hour, weighed as one quoted hour of the series' own) a fresh 3-minute window expects 1.5
 *   sales, so the broker bid for one right at a time and for none from a third of it on, had one
 *   right at most to ask for, and a subscription to it got one right or skipped the window NO_ASK
 *   until the measured pace grew (most of an hour). The 3-minute window stands for the
 *   demo's hour, so its prior is an hour's 30 sales per 3 minutes (600/h, about the pace the
 *   sandbox's demo traders buy at), and the prior weighs one such window (0.05 quoted hours),
 *   so each series' own pace takes over within minutes, as an hour-window's does within hours.
 */
export const SANDBOX_QUOTING_PARAMS: Record<string, number> = {
  'quoting.windowExponent': 0,
  'quoting.saleRatePriorPerHour': 600,
  'quoting.ratePriorHours': 0.05,
};

/**
 * The sandbox's escrow clocks, seeded as journaled parameters at its first start: the one dispute
 * window (risk.disputeWindowMs: how long after a window's close a consumer may claim or dispute,
 * and a provider's unreceipted report waits; docs/delivery.md, "One dispute window") of 2 minutes,
 * and a claim's grace (risk.claimGraceMs) of 1 minute, so held proceeds are released, and
 * unanswered claims refunded, within the sandbox's quarter hour, not after a day.
 */
export const SANDBOX_ESCROW_PARAMS: Record<string, number> = {
  'risk.disputeWindowMs': 2 * MINUTE_MS,
  'risk.claimGraceMs': MINUTE_MS,
};

/**
 * A model feed's burn-in in the sandbox: three of the demo feed's one-minute signal periods
 * (modelFeeds.burnInDays is in days: a week by default, where this stands for it).
 */
export const SANDBOX_FEED_BURN_IN_MS = 3 * MINUTE_MS;

export { SANDBOX_DATA_DIR, SANDBOX_PORTS } from '../app/sandbox-places.js';

export interface SandboxProfileOptions {
  /** The contracts listed (default SANDBOX_CONTRACTS). */
  contracts?: ContractSpec[];
  /** One action per demo participant this often (default 2 s). */
  demoIntervalMs?: number;
  /** The most strikes an expiry may list (default SANDBOX_MAX_STRIKES_PER_EXPIRY). */
  maxStrikesPerExpiry?: number;
}

/**
 * The sandbox's configuration layer (for `loadConfig(env, overrides, layer)`):
 * - its contracts, priced as the demo's are for their week and sold at the pace of its hour
 *   (SANDBOX_QUOTING_PARAMS);
 * - the demo participants on, whatever the chain setting says (they trade forwards,
 *   synthetics and options too here: src/demo/demo-products.ts);
 * - a dispute window of 2 minutes and a claim grace of 1 (SANDBOX_ESCROW_PARAMS, journaled
 *   parameters), so a provider's escrowed proceeds are released within the sandbox's quarter hour;
 * - a model feed's burn-in of 3 minutes (SANDBOX_FEED_BURN_IN_MS), not a week: the demo feed is
 *   published a few minutes in (docs/catalog.md, "Burn-in");
 * - at most SANDBOX_MAX_STRIKES_PER_EXPIRY strikes an expiry, so a sandbox left running lists
 *   at most `listingsPerHourBound` series an hour (476), not ~900;
 * - ./data-sandbox and ports 8580 (HTTP and order entry), 8581 (market data), 8590 (the
 *   reference provider server) and 8645 (the embedded chain).
 */
export function sandboxProfile(options: SandboxProfileOptions = {}): Record<string, unknown> {
  return {
    dataDir: SANDBOX_DATA_DIR,
    contracts: options.contracts ?? SANDBOX_CONTRACTS,
    maxStrikesPerExpiry: options.maxStrikesPerExpiry ?? SANDBOX_MAX_STRIKES_PER_EXPIRY,
    gateway: { port: SANDBOX_PORTS.gateway, marketDataPort: SANDBOX_PORTS.marketData },
    providerServer: { port: SANDBOX_PORTS.providerServer },
    settlement: { localChainPort: SANDBOX_PORTS.chain },
    demo: { enabled: true, intervalMs: options.demoIntervalMs ?? 2_000 },
    quoting: { params: { ...SANDBOX_QUOTING_PARAMS, ...SANDBOX_ESCROW_PARAMS } },
    modelFeeds: { burnInDays: SANDBOX_FEED_BURN_IN_MS / (24 * 60 * MINUTE_MS) },
  };
}

/** The profiles `PATX_PROFILE` names. */
export const PROFILES = ['default', 'sandbox'] as const;
export type ProfileName = (typeof PROFILES)[number];

/** A PATX_PROFILE value that is not a profile. */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
}

/** The profile `PATX_PROFILE` names (default: none); throws ProfileError on anything else. */
export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): ProfileName {
  const text = env.PATX_PROFILE?.trim() ?? '';
  if (text === '') return 'default';
  if (!(PROFILES as readonly string[]).includes(text)) throw new ProfileError(`PATX_PROFILE=${JSON.stringify(env.PATX_PROFILE)}: expected one of ${PROFILES.join('|')}`);
  return text as ProfileName;
}
