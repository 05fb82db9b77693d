/**
 * Contract keys: the text name of a contract, `SEGMENT|WINDOW|LO-HI`, e.g.
 * `AUTO_INTENT|7D|0.70-0.85` (see docs/domain.md, "What is traded").
 *
 *   - SEGMENT: `[A-Z][A-Z0-9_]*`, 1..48 characters.
 *   - WINDOW: a positive integer (no leading zeros) and a unit, `m` (minutes),
 *     `h` (hours), `D` (days) or `W` (weeks), at most 366 days so every time
 *     computed from it stays a safe integer. `24h` is written `1D` canonically
 *     (a whole number of days is never spelt in hours) and `60m` is written `1h`
 *     (a whole number of hours never in minutes, nor of days); days and weeks are
 *     kept as written, because `7D` is the domain's own spelling and `2W` is also
 *     in use. Minute windows are for the sandbox (src/sandbox/), where a week's
 *     life of a contract passes in minutes.
 *   - LO-HI: confidence bounds, decimals in [0, 1] with at most 4 decimal
 *     places, LO < HI. Held as integer basis points (0..10000) so no float ever
 *     decides a comparison; written with at least 2 decimals (`0.7` -> `0.70`).
 *
 * Keys route everything (books, shards, market data), so parsing is strict and
 * every failure says which part is wrong and why.
 *
 * @example
 *   const k = parseContractKey('AUTO_INTENT|7D|0.7-0.85');
 *   // { segment: 'AUTO_INTENT', window: '7D', windowMs: 604800000, confidenceLoBps: 7000, confidenceHiBps: 8500 }
 *   formatContractKey(k); // 'AUTO_INTENT|7D|0.70-0.85'
 */

export interface ContractKey {
  segment: string;
  /** Length of one window of the contract. */
  windowMs: number;
  /** Canonical window text, e.g. '7D'. */
  window: string;
  /** Lower confidence bound in basis points, 0..10000 (0.70 -> 7000). */
  confidenceLoBps: number;
  /** Upper confidence bound in basis points, 0..10000, above the lower one. */
  confidenceHiBps: number;
}

export type ContractKeyPart = 'key' | 'segment' | 'window' | 'confidence';

/** A malformed contract key: `part` says which part, the message says what is wrong with it. */
export class ContractKeyError extends Error {
  override readonly name = 'ContractKeyError';
  readonly part: ContractKeyPart;

  constructor(part: ContractKeyPart, message: string) {
    super(message);
    this.part = part;
  }
}

export const SEGMENT_MAX_LENGTH = 48;
export const CONFIDENCE_SCALE_BPS = 10_000;
export const CONFIDENCE_MAX_DECIMALS = 4;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** Longest window, a leap year: keeps window arithmetic far inside safe integers. */
export const WINDOW_MAX_MS = 366 * DAY_MS;

type WindowUnit = 'm' | 'h' | 'D' | 'W';
const UNIT_MS: Readonly<Record<WindowUnit, number>> = { m: MINUTE_MS, h: HOUR_MS, D: DAY_MS, W: WEEK_MS };
const UNITS_TEXT = "'m' (minutes), 'h' (hours), 'D' (days) or 'W' (weeks)";

/** Error messages quote the offending text; cap it so a huge input cannot make a huge message. */
const QUOTE_MAX_LENGTH = 64;

function quote(text: string): string {
  const shown = text.length > QUOTE_MAX_LENGTH ? `${text.slice(0, QUOTE_MAX_LENGTH)}...` : text;
  return `'${shown}'`;
}

// ---------------------------------------------------------------- segment

const SEGMENT_PATTERN = /^[A-Z0-9_]+$/;

function parseSegment(text: string): string {
  const fail = (why: string): never => {
    throw new ContractKeyError('segment', `segment ${quote(text)}: ${why}`);
  };
  if (text.length === 0) fail('must not be empty');
  if (text.length > SEGMENT_MAX_LENGTH) fail(`must be at most ${SEGMENT_MAX_LENGTH} characters, found ${text.length}`);
  if (!SEGMENT_PATTERN.test(text)) fail('may contain only upper-case letters A-Z, digits and underscores');
  if (!/^[A-Z]/.test(text)) fail('must start with an upper-case letter');
  return text;
}

/** Whether `text` is a valid segment name (what a contract key starts with). */
export function isSegmentName(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    parseSegment(text);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- window

interface ParsedWindow {
  window: string;
  windowMs: number;
}

const WINDOW_PATTERN = /^([0-9]+)([A-Za-z]*)$/;

function parseWindow(text: string): ParsedWindow {
  const fail = (why: string): never => {
    throw new ContractKeyError('window', `window ${quote(text)}: ${why}`);
  };
  const match = WINDOW_PATTERN.exec(text);
  if (match === null) return fail("must be a positive integer followed by a unit 'm', 'h', 'D' or 'W', e.g. '7D'");
  const [, digits = '', unitText = ''] = match;
  if (unitText === '') fail(`missing unit: add ${UNITS_TEXT}`);
  if (!isWindowUnit(unitText)) return fail(`unknown unit '${unitText}': use ${UNITS_TEXT}`);
  const unit = unitText;
  if (/^0+$/.test(digits)) fail('length must be a positive integer');
  if (digits.startsWith('0')) fail(`length must not have leading zeros: write '${digits.replace(/^0+/, '')}${unit}'`);
  // Bound the digit count before converting, so the comparison below is on exact integers.
  const length = digits.length > 6 ? Number.POSITIVE_INFINITY : Number(digits);
  const windowMs = length * UNIT_MS[unit];
  if (windowMs > WINDOW_MAX_MS) fail(`must be at most 366 days (${maxLengthIn(unit)}${unit})`);
  return { window: canonicalWindow(length, unit), windowMs };
}

function isWindowUnit(text: string): text is WindowUnit {
  return text === 'm' || text === 'h' || text === 'D' || text === 'W';
}

function maxLengthIn(unit: WindowUnit): number {
  return Math.floor(WINDOW_MAX_MS / UNIT_MS[unit]);
}

/** Hours that make whole days are written in days, minutes that make whole hours in hours, so `24h` and `1D` (or `60m` and `1h`) are one contract, not two. */
function canonicalWindow(length: number, unit: WindowUnit): string {
  if (unit === 'm' && length % 60 === 0) return canonicalWindow(length / 60, 'h');
  if (unit === 'h' && length % 24 === 0) return `${length / 24}D`;
  return `${length}${unit}`;
}

// ---------------------------------------------------------------- confidence

/** `0`, `1`, `0.7`, `0.8500`, `1.0`: a leading 0 or 1, then up to 4 decimals. */
const BOUND_PATTERN = /^([01])(?:\.([0-9]{1,4}))?$/;

interface ParsedBand {
  confidenceLoBps: number;
  confidenceHiBps: number;
}

function parseBand(text: string): ParsedBand {
  const fail = (why: string): never => {
    throw new ContractKeyError('confidence', `confidence ${quote(text)}: ${why}`);
  };
  const bounds = text.split('-');
  if (bounds.length !== 2) return fail("must be two bounds 'LO-HI', e.g. '0.70-0.85'");
  const [loText = '', hiText = ''] = bounds;
  const confidenceLoBps = parseBoundBps(loText, 'lower', fail);
  const confidenceHiBps = parseBoundBps(hiText, 'upper', fail);
  if (confidenceLoBps >= confidenceHiBps) fail('lower bound must be below the upper bound');
  return { confidenceLoBps, confidenceHiBps };
}

/** Decimal text to basis points using integer arithmetic only: '0.7' -> 7000. */
function parseBoundBps(text: string, which: 'lower' | 'upper', fail: (why: string) => never): number {
  const match = BOUND_PATTERN.exec(text);
  if (match === null) {
    const rule = `a decimal in [0, 1] with at most ${CONFIDENCE_MAX_DECIMALS} decimal places`;
    return fail(`${which} bound ${quote(text)} must be ${rule}`);
  }
  const [, wholeText = '0', fractionText = ''] = match;
  const bps = Number(wholeText) * CONFIDENCE_SCALE_BPS + Number(fractionText.padEnd(CONFIDENCE_MAX_DECIMALS, '0'));
  if (bps > CONFIDENCE_SCALE_BPS) fail(`${which} bound ${quote(text)} must be at most 1`);
  return bps;
}

/** Basis points to decimal text with 2 to 4 decimals: 7000 -> '0.70', 7025 -> '0.7025', 10000 -> '1.00'. */
function formatBoundBps(bps: number): string {
  const whole = Math.floor(bps / CONFIDENCE_SCALE_BPS);
  const fraction = String(bps % CONFIDENCE_SCALE_BPS).padStart(CONFIDENCE_MAX_DECIMALS, '0');
  return `${whole}.${fraction.replace(/0{1,2}$/, '')}`;
}

// ---------------------------------------------------------------- public API

/** Parses a contract key; throws ContractKeyError naming the part that is wrong. */
export function parseContractKey(text: string): ContractKey {
  if (typeof text !== 'string') throw new ContractKeyError('key', 'contract key must be a string');
  const parts = text.split('|');
  if (parts.length !== 3) {
    throw new ContractKeyError(
      'key',
      `contract key ${quote(text)}: expected 3 parts 'SEGMENT|WINDOW|LO-HI', found ${parts.length}`,
    );
  }
  const [segmentText = '', windowText = '', bandText = ''] = parts;
  const segment = parseSegment(segmentText);
  const { window, windowMs } = parseWindow(windowText);
  const { confidenceLoBps, confidenceHiBps } = parseBand(bandText);
  return { segment, windowMs, window, confidenceLoBps, confidenceHiBps };
}

/**
 * Writes a key canonically. The key is checked first (it may have been built by
 * hand), so a key that formats is one that parses back to the same fields.
 */
export function formatContractKey(key: ContractKey): string {
  const segment = parseSegment(key.segment);
  const { window, windowMs } = parseWindow(key.window);
  if (windowMs !== key.windowMs) {
    const why = `is ${windowMs} ms, not windowMs ${key.windowMs}`;
    throw new ContractKeyError('window', `window ${quote(key.window)}: ${why}`);
  }
  checkBandBps(key.confidenceLoBps, key.confidenceHiBps);
  return `${segment}|${window}|${formatBoundBps(key.confidenceLoBps)}-${formatBoundBps(key.confidenceHiBps)}`;
}

function checkBandBps(loBps: number, hiBps: number): void {
  const fail = (why: string): never => {
    throw new ContractKeyError('confidence', `confidence ${loBps}-${hiBps} bps: ${why}`);
  };
  const inRange = (bps: number) => Number.isInteger(bps) && bps >= 0 && bps <= CONFIDENCE_SCALE_BPS;
  if (!inRange(loBps) || !inRange(hiBps)) fail(`bounds must be integers in 0..${CONFIDENCE_SCALE_BPS}`);
  if (loBps >= hiBps) fail('lower bound must be below the upper bound');
}

/** True if `text` is a well-formed contract key (canonical or not). */
export function isContractKey(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    parseContractKey(text);
    return true;
  } catch (error) {
    if (error instanceof ContractKeyError) return false;
    throw error;
  }
}

/** The canonical spelling of a key: `AUTO_INTENT|7D|0.7-0.85` -> `AUTO_INTENT|7D|0.70-0.85`. */
export function canonicalContractKey(text: string): string {
  return formatContractKey(parseContractKey(text));
}

/**
 * Same delivered terms: same segment, window length and band. Compared on the
 * parsed numbers, so `X|14D|...` and `X|2W|...` are the same contract.
 */
/** A string equal for two keys exactly when `sameContractTerms` holds: for maps keyed by contract. */
export function contractTermsKey(k: ContractKey): string {
  return `${k.segment}|${k.windowMs}|${k.confidenceLoBps}-${k.confidenceHiBps}`;
}

export function sameContractTerms(a: ContractKey, b: ContractKey): boolean {
  return (
    a.segment === b.segment &&
    a.windowMs === b.windowMs &&
    a.confidenceLoBps === b.confidenceLoBps &&
    a.confidenceHiBps === b.confidenceHiBps
  );
}

/**
 * Substitutes (docs/domain.md): contracts of the same segment that differ in window or
 * confidence band, so one can stand in for the other and damp scarcity. A contract
 * is not its own substitute. Strings are parsed (and may throw ContractKeyError).
 */
export function areSubstitutes(a: ContractKey | string, b: ContractKey | string): boolean {
  const keyA = typeof a === 'string' ? parseContractKey(a) : a;
  const keyB = typeof b === 'string' ? parseContractKey(b) : b;
  return keyA.segment === keyB.segment && !sameContractTerms(keyA, keyB);
}
