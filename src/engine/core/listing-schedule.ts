/**
 * The listing schedule: which series of each configured contract should exist
 * at a given time, as the ListSeries and ExpireSeries commands that make it so.
 *
 * A contract's series are consecutive windows aligned to an epoch: window n
 * covers [epochMs + n*windowMs, epochMs + (n+1)*windowMs). The schedule keeps
 * the current window listed, lists the next one `listAheadMs` before the
 * current one closes (so makers can quote it before it opens), and expires
 * series whose window has closed. A contract with `forwardWindows` n > 0 also has a
 * FORWARD series listed for each of the n windows after the current one (phase 2), and
 * each forward is delivered (DELIVER_FORWARDS) once its window has opened. A contract with
 * `synthetics` has a SYNTHETIC series listed on each of its listed spot windows once the
 * on-chain governance has enabled phase 3 (docs/synthetics.md), and with `options` a CALL
 * and a PUT at each strike the caller names for the window (a grid around its index,
 * docs/options.md) once phase 4 is enabled.
 *
 * Pure and deterministic: time is a parameter, never read from a clock, so the
 * sequencer can call it on each tick and the same inputs always give the same
 * commands in the same order. Calling it again once its commands are applied
 * returns nothing (it only asks for what is missing).
 *
 * With the default epoch (0, the Unix epoch) hourly and daily windows close on
 * the hour and at midnight UTC. Weekly windows then close on Thursdays at
 * midnight UTC (1970-01-01 was a Thursday); pass epochMs = 4 * 86_400_000
 * (Monday 1970-01-05) for Monday-aligned weeks.
 *
 * @example
 *   const commands = scheduleCommands(DEMO_CONTRACTS, engineListedSeries, nowMs, 0);
 *   for (const command of commands) sequencer.submit(command);
 */
import { z } from 'zod';

import {
  CommandKind,
  SYSTEM_ACTOR,
  SeriesKind,
  type Command,
  type DeliverForwards,
  type ExpireSeries,
  type ListSeries,
} from './commands.js';
import {
  ContractKeyError,
  WINDOW_MAX_MS,
  canonicalContractKey,
  formatContractKey,
  parseContractKey,
  sameContractTerms,
} from './contract-key.js';

/** One contract's listing terms, from config. Every series of the contract is listed with these. */
export interface ContractSpec {
  /** Contract key, canonical, e.g. 'AUTO_INTENT|7D|0.70-0.85'. */
  contract: string;
  tickMicros: number;
  lotSize: number;
  minPriceMicros: number;
  maxPriceMicros: number;
  maxOrderQty: number;
  /** Market-order protection band around the reference price, in basis points. */
  bandBps: number;
  /** List the next window this long before the current one closes (0 <= listAheadMs < windowMs). */
  listAheadMs: number;
  /** Forwards: how many future windows (after the current one) have a FORWARD series listed; 0 or absent = none. */
  forwardWindows?: number;
  /** Phase 3: list a cash-settled SYNTHETIC on each spot window once the governance phase is 3 or more; absent = no. */
  synthetics?: boolean;
  /** Phase 4: list a CALL and a PUT at each strike `optionStrikes` names for each spot window, once the phase is 4; absent = no. */
  options?: boolean;
}

/** Most forward windows a contract may list ahead (a year of weekly windows). */
export const MAX_FORWARD_WINDOWS = 52;
/** Positions one DELIVER_FORWARDS delivers: bench/RESULTS.md "Forward delivery" measures it within one turn's budget. */
export const DELIVERY_POSITIONS_PER_COMMAND = 2_000;

/** What the schedule needs to know about a series the engine has listed. */
export interface ListedSeriesView {
  seriesId: number;
  contract: string;
  openAtMs: number;
  closeAtMs: number;
  expired: boolean;
  /** SPOT when absent. */
  kind?: SeriesKind;
  /** A forward whose delivery has not completed (it may already be closed to trading, `expired`). */
  deliveryPending?: boolean;
  /** CALL and PUT: the strike. */
  strikeMicros?: number;
}

/** The strikes to list options at on a spot window (the caller's grid around the window's index, e.g. the quoter's strikeGrid). */
export type OptionStrikes = (spot: ListedSeriesView) => readonly number[];

export interface SeriesWindow {
  openAtMs: number;
  closeAtMs: number;
}

/** The governance phases that open synthetics and options (the engine's requiredPhase). */
const SYNTHETIC_PHASE = 3;
const OPTION_PHASE = 4;

/** Unix epoch: daily windows close at midnight UTC. */
export const DEFAULT_EPOCH_MS = 0;
/** Latest time the schedule accepts, JavaScript's Date limit: differences of two such times stay safe integers. */
export const MAX_TIME_MS = 8_640_000_000_000_000;
/** Limit on configured contracts (an unbounded list is a bug waiting for load). */
export const MAX_CONTRACT_SPECS = 1024;
const MAX_BAND_BPS = 10_000;

/** Bad input to the schedule: invalid specs or times out of range. */
export class ListingScheduleError extends Error {
  override readonly name = 'ListingScheduleError';
}

// ---------------------------------------------------------------- spec validation

const safeInt = (field: string) =>
  z.number(`${field} must be a number`).int(`${field} must be a safe integer`);
const positiveInt = (field: string) => safeInt(field).positive(`${field} must be positive`);

const contractField = z.string('contract must be a string').superRefine((text, ctx) => {
  try {
    const canonical = canonicalContractKey(text);
    // Keys route books and market data by exact text: one spelling per contract.
    if (canonical !== text) {
      ctx.addIssue({ code: 'custom', message: `contract '${text}' is not canonical: write '${canonical}'` });
    }
  } catch (error) {
    if (!(error instanceof ContractKeyError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
  }
});

/** Each field on its own; strict, so a misspelt field in config is an error rather than ignored. */
const contractSpecFields = z.strictObject({
  contract: contractField,
  tickMicros: positiveInt('tickMicros'),
  lotSize: positiveInt('lotSize'),
  minPriceMicros: positiveInt('minPriceMicros'),
  maxPriceMicros: positiveInt('maxPriceMicros'),
  maxOrderQty: positiveInt('maxOrderQty'),
  bandBps: positiveInt('bandBps').max(MAX_BAND_BPS, `bandBps must be at most ${MAX_BAND_BPS} (100%)`),
  listAheadMs: safeInt('listAheadMs').nonnegative('listAheadMs must not be negative'),
  forwardWindows: safeInt('forwardWindows')
    .nonnegative('forwardWindows must not be negative')
    .max(MAX_FORWARD_WINDOWS, `forwardWindows must be at most ${MAX_FORWARD_WINDOWS}`)
    .optional(),
  synthetics: z.boolean().optional(),
  options: z.boolean().optional(),
});

interface SpecIssue {
  field: keyof ContractSpec;
  message: string;
}

/** Rules across fields, on a spec whose fields are each valid. */
function crossFieldIssues(spec: ContractSpec): SpecIssue[] {
  const { tickMicros, lotSize, minPriceMicros, maxPriceMicros, maxOrderQty, listAheadMs } = spec;
  const issues: SpecIssue[] = [];
  const add = (field: keyof ContractSpec, message: string) => issues.push({ field, message });
  if (minPriceMicros > maxPriceMicros) {
    add('minPriceMicros', `minPriceMicros ${minPriceMicros} exceeds maxPriceMicros ${maxPriceMicros}`);
  }
  if (minPriceMicros % tickMicros !== 0) {
    add('minPriceMicros', `minPriceMicros ${minPriceMicros} is not a multiple of tickMicros ${tickMicros}`);
  }
  if (maxPriceMicros % tickMicros !== 0) {
    add('maxPriceMicros', `maxPriceMicros ${maxPriceMicros} is not a multiple of tickMicros ${tickMicros}`);
  }
  // So that the largest order allowed is itself a valid order size.
  if (maxOrderQty % lotSize !== 0) {
    add('maxOrderQty', `maxOrderQty ${maxOrderQty} is not a multiple of lotSize ${lotSize}`);
  }
  // The engine keeps notionals (price * qty) as safe integers; compared in bigint so this check is exact.
  if (BigInt(maxPriceMicros) * BigInt(maxOrderQty) > BigInt(Number.MAX_SAFE_INTEGER)) {
    add('maxOrderQty', `maxPriceMicros * maxOrderQty (${maxPriceMicros} * ${maxOrderQty}) exceeds 2^53 - 1`);
  }
  const { windowMs } = parseContractKey(spec.contract);
  if (listAheadMs >= windowMs) {
    add('listAheadMs', `listAheadMs ${listAheadMs} must be below the window length ${windowMs} ms`);
  }
  return issues;
}

/**
 * Rules across fields assume every field is valid (zod would otherwise still run
 * them after a field failed), so they run only when nothing failed before them.
 */
const whenFieldsValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** Validates one contract spec (zod): each field, then the rules across fields. */
export const contractSpecSchema = contractSpecFields.superRefine((spec, ctx) => {
  for (const { field, message } of crossFieldIssues(spec)) ctx.addIssue({ code: 'custom', path: [field], message });
}, whenFieldsValid) satisfies z.ZodType<ContractSpec>;

/** Validates the whole configured list: each spec, a size limit, and no contract twice. */
export const contractSpecListSchema = z
  .array(contractSpecSchema)
  .max(MAX_CONTRACT_SPECS, `at most ${MAX_CONTRACT_SPECS} contracts`)
  .superRefine((specs, ctx) => {
    const keys = specs.map((spec) => parseContractKey(spec.contract));
    keys.forEach((key, index) => {
      // Same terms under two spellings (e.g. 14D and 2W) would list the same product twice.
      const earlier = keys.findIndex((other) => sameContractTerms(other, key));
      if (earlier < index) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'contract'],
          message: `contract '${formatContractKey(key)}' duplicates contract ${earlier} '${specs[earlier]?.contract}'`,
        });
      }
    });
  }, whenFieldsValid) satisfies z.ZodType<ContractSpec[]>;

/** Parses configured specs; throws ListingScheduleError listing every problem found. */
export function parseContractSpecs(input: unknown): ContractSpec[] {
  const result = contractSpecListSchema.safeParse(input);
  if (!result.success) throw new ListingScheduleError(`invalid contract specs:\n${z.prettifyError(result.error)}`);
  return result.data;
}

// ---------------------------------------------------------------- windows

function checkTimeMs(name: string, timeMs: number): void {
  if (!Number.isSafeInteger(timeMs) || timeMs < 0 || timeMs > MAX_TIME_MS) {
    throw new ListingScheduleError(`${name} ${timeMs} must be an integer in 0..${MAX_TIME_MS}`);
  }
}

/** The window of length `windowMs`, aligned to `epochMs`, that contains `timeMs` (open inclusive, close exclusive). */
export function windowAt(windowMs: number, epochMs: number, timeMs: number): SeriesWindow {
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0 || windowMs > WINDOW_MAX_MS) {
    throw new ListingScheduleError(`windowMs ${windowMs} must be an integer in 1..${WINDOW_MAX_MS}`);
  }
  checkTimeMs('epochMs', epochMs);
  checkTimeMs('timeMs', timeMs);
  // Floored remainder, so times before the epoch land in the window that contains them too.
  const sinceOpenMs = (((timeMs - epochMs) % windowMs) + windowMs) % windowMs;
  const openAtMs = timeMs - sinceOpenMs;
  return { openAtMs, closeAtMs: openAtMs + windowMs };
}

/** The windows of a spec that should be listed at `nowMs`: the current one, and the next once inside listAhead. */
function windowsDue(spec: ContractSpec, windowMs: number, nowMs: number, epochMs: number): SeriesWindow[] {
  const current = windowAt(windowMs, epochMs, nowMs);
  if (nowMs < current.closeAtMs - spec.listAheadMs) return [current];
  return [current, { openAtMs: current.closeAtMs, closeAtMs: current.closeAtMs + windowMs }];
}

// ---------------------------------------------------------------- commands

/** The next `forwardWindows` windows after the current one: each has a FORWARD series. */
function forwardWindowsDue(spec: ContractSpec, windowMs: number, nowMs: number, epochMs: number): SeriesWindow[] {
  const current = windowAt(windowMs, epochMs, nowMs);
  const windows: SeriesWindow[] = [];
  for (let k = 1; k <= (spec.forwardWindows ?? 0); k++) {
    const openAtMs = current.openAtMs + k * windowMs;
    windows.push({ openAtMs, closeAtMs: openAtMs + windowMs });
  }
  return windows;
}

/**
 * Open times of listed series still open at `nowMs`, by canonical contract key and kind
 * (so a series listed under a non-canonical spelling still counts). Series closed by now
 * are skipped: no due window has closed, and the engine's list of old series grows.
 */
function indexOpenSeries(listed: readonly ListedSeriesView[], nowMs: number): Map<string, Set<number>> {
  const openTimesByContract = new Map<string, Set<number>>();
  for (const series of listed) {
    if (series.closeAtMs <= nowMs) continue;
    const contract = `${canonicalOrSelf(series.contract)}/${series.kind ?? SeriesKind.SPOT}${series.strikeMicros ? `/${series.strikeMicros}` : ''}`;
    let openTimes = openTimesByContract.get(contract);
    if (openTimes === undefined) {
      openTimes = new Set<number>();
      openTimesByContract.set(contract, openTimes);
    }
    openTimes.add(series.openAtMs);
  }
  return openTimesByContract;
}

function canonicalOrSelf(contract: string): string {
  try {
    return canonicalContractKey(contract);
  } catch (error) {
    if (error instanceof ContractKeyError) return contract;
    throw error;
  }
}

function listSeriesCommand(spec: ContractSpec, window: SeriesWindow, seriesKind: SeriesKind = SeriesKind.SPOT): ListSeries {
  return {
    kind: CommandKind.LIST_SERIES,
    actor: SYSTEM_ACTOR,
    contract: spec.contract,
    seriesKind,
    openAtMs: window.openAtMs,
    closeAtMs: window.closeAtMs,
    tickMicros: spec.tickMicros,
    lotSize: spec.lotSize,
    minPriceMicros: spec.minPriceMicros,
    maxPriceMicros: spec.maxPriceMicros,
    maxOrderQty: spec.maxOrderQty,
    bandBps: spec.bandBps,
  };
}

function expireSeriesCommand(series: ListedSeriesView, nowMs: number): ExpireSeries {
  return { kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: series.seriesId, cutoffMs: nowMs };
}

function listingsDue(
  specs: readonly ContractSpec[],
  listed: readonly ListedSeriesView[],
  nowMs: number,
  epochMs: number,
  governancePhase: number,
  optionStrikes: OptionStrikes,
): ListSeries[] {
  const listedOpenTimes = indexOpenSeries(listed, nowMs);
  const commands: ListSeries[] = [];
  for (const spec of specs) {
    const { windowMs } = parseContractKey(spec.contract);
    const openTimes = listedOpenTimes.get(`${spec.contract}/${SeriesKind.SPOT}`);
    for (const window of windowsDue(spec, windowMs, nowMs, epochMs)) {
      if (openTimes?.has(window.openAtMs) !== true) commands.push(listSeriesCommand(spec, window));
    }
    const forwardOpenTimes = listedOpenTimes.get(`${spec.contract}/${SeriesKind.FORWARD}`);
    for (const window of forwardWindowsDue(spec, windowMs, nowMs, epochMs)) {
      if (forwardOpenTimes?.has(window.openAtMs) !== true) commands.push(listSeriesCommand(spec, window, SeriesKind.FORWARD));
    }
    if (spec.synthetics === true && governancePhase >= SYNTHETIC_PHASE) {
      // After the spot listings above, so a window listed in this same pass has its spot series first.
      const syntheticOpenTimes = listedOpenTimes.get(`${spec.contract}/${SeriesKind.SYNTHETIC}`);
      for (const window of windowsDue(spec, windowMs, nowMs, epochMs)) {
        if (syntheticOpenTimes?.has(window.openAtMs) !== true) commands.push(listSeriesCommand(spec, window, SeriesKind.SYNTHETIC));
      }
    }
    if (spec.options === true && governancePhase >= OPTION_PHASE) commands.push(...optionListingsDue(spec, listed, listedOpenTimes, nowMs, optionStrikes));
  }
  return commands;
}

/** A CALL and a PUT at each strike named for each live, listed spot window of the contract, where not listed yet. */
function optionListingsDue(
  spec: ContractSpec,
  listed: readonly ListedSeriesView[],
  listedOpenTimes: Map<string, Set<number>>,
  nowMs: number,
  optionStrikes: OptionStrikes,
): ListSeries[] {
  const commands: ListSeries[] = [];
  const contract = canonicalOrSelf(spec.contract);
  for (const spot of listed) {
    if (spot.expired || (spot.kind ?? SeriesKind.SPOT) !== SeriesKind.SPOT || spot.closeAtMs <= nowMs || canonicalOrSelf(spot.contract) !== contract) continue;
    const window = { openAtMs: spot.openAtMs, closeAtMs: spot.closeAtMs };
    for (const strike of optionStrikes(spot)) {
      for (const kind of [SeriesKind.CALL, SeriesKind.PUT]) {
        if (listedOpenTimes.get(`${contract}/${kind}/${strike}`)?.has(window.openAtMs) === true) continue;
        commands.push({ ...listSeriesCommand(spec, window, kind), minPriceMicros: spec.tickMicros, strikeMicros: strike });
      }
    }
  }
  return commands;
}

/** Forwards whose window has opened and whose delivery is not complete: one command each (the caller repeats it until done). */
function deliveriesDue(listed: readonly ListedSeriesView[], nowMs: number): DeliverForwards[] {
  return listed
    .filter((series) => series.kind === SeriesKind.FORWARD && series.deliveryPending === true && series.openAtMs <= nowMs)
    .sort((a, b) => a.openAtMs - b.openAtMs || a.seriesId - b.seriesId)
    .map((series) => ({ kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: series.seriesId, cutoffMs: nowMs, maxPositions: DELIVERY_POSITIONS_PER_COMMAND }));
}

/** Every live series whose window has closed, of any contract (one dropped from config must still expire); forwards end by delivery. */
function expiriesDue(listed: readonly ListedSeriesView[], nowMs: number): ExpireSeries[] {
  return listed
    .filter((series) => !series.expired && series.closeAtMs <= nowMs && series.kind !== SeriesKind.FORWARD)
    .sort((a, b) => a.closeAtMs - b.closeAtMs || a.seriesId - b.seriesId)
    .map((series) => expireSeriesCommand(series, nowMs));
}

/**
 * The commands that bring the listings up to date at `nowMs`: ListSeries for
 * due windows not yet listed (in specs order: spot, then forwards, then synthetics once
 * `governancePhase` is 3 or more, each by time),
 * then DeliverForwards for forwards whose window opened and is not yet delivered (by
 * open time; the caller repeats each until its FORWARD_DELIVERY_COMPLETED), then
 * ExpireSeries for live spot series whose window closed at or before `nowMs` (by close
 * time, then series id). Throws ListingScheduleError on invalid specs or times.
 */
export function scheduleCommands(
  specs: readonly ContractSpec[],
  listed: readonly ListedSeriesView[],
  nowMs: number,
  epochMs: number = DEFAULT_EPOCH_MS,
  /** The engine's governance phase: synthetics are listed only from phase 3, options from phase 4. */
  governancePhase = 2,
  /** Strikes for each spot window's options (contracts with `options`); none by default. */
  optionStrikes: OptionStrikes = () => [],
): Command[] {
  // Validate everything before producing anything: a bad spec must not list half a schedule.
  const validSpecs = parseContractSpecs(specs);
  checkTimeMs('nowMs', nowMs);
  checkTimeMs('epochMs', epochMs);
  return [...listingsDue(validSpecs, listed, nowMs, epochMs, governancePhase, optionStrikes), ...deliveriesDue(listed, nowMs), ...expiriesDue(listed, nowMs)];
}
