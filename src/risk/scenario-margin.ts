/**
 * Scenario margin for cash-settled SYNTHETIC, CALL and PUT positions, in the manner of
 * SPAN (and Deribit's standard margin): revalue each position under 16 moves of its
 * settlement index and its volatility, net the whole portfolio per index, and require
 * the worst loss.
 *
 * Split in two so money stays integer and deterministic:
 * - `riskArray` (outside the state machine, floats allowed) prices one instrument
 *   under every scenario with Black-76 and rounds the P&L per unit to integer µPAT,
 *   conservatively (down, so a loss is rounded up), once for a long unit and once for
 *   a short one, since one rounding cannot be conservative for both sides;
 * - `portfolioMarginMicros` (what the engine will run, integers only) sums
 *   quantity × risk array per index and takes the worst scenario, plus the floor of
 *   the short-option minimum, and derives initial from maintenance by a ratio.
 *
 * Method, parameters and worked examples: docs/options.md.
 */
import { black76Price, OptionRight } from '../option-pricing/black76.js';

export const InstrumentKind = { SYNTHETIC: 'SYNTHETIC', CALL: 'CALL', PUT: 'PUT' } as const;
export type InstrumentKind = (typeof InstrumentKind)[keyof typeof InstrumentKind];

/** What `riskArray` prices. `underlying` names the settlement index (one contract window). */
export type MarginInstrument =
  | { kind: typeof InstrumentKind.SYNTHETIC; underlying: string; indexMicros: number }
  | {
      kind: typeof InstrumentKind.CALL | typeof InstrumentKind.PUT;
      underlying: string;
      indexMicros: number;
      strikeMicros: number;
      /** Annual σ the options are marked at (the quoter's estimate). */
      vol: number;
      timeYears: number;
      /** Black-76 discount factor; default 1 (see src/option-pricing/black76.ts). */
      discount?: number;
    };

export interface ScenarioParams {
  /** The index move of the full scan, bps of the index (1,500 = ±15%); 1..10,000. */
  scanRangeBps: number;
  /** Volatility up and down, bps of σ itself (2,500: σ × 1.25 and σ × 0.75); 0..10,000. */
  volScanBps: number;
  /** Share of the two extreme scenarios' P&L that counts, bps (SPAN: 3,500 = 35%); 0..10,000. */
  extremeCoverBps: number;
  /** Short-option minimum per written option, bps of the index (200 = 2%); 0..10,000. */
  shortOptionMinBps: number;
}

export const DEFAULT_SCENARIO_PARAMS: ScenarioParams = {
  scanRangeBps: 1_500,
  volScanBps: 2_500,
  extremeCoverBps: 3_500,
  shortOptionMinBps: 200,
};

/** Initial margin = maintenance × this / 10,000, rounded up; 10,000..100,000. */
export const DEFAULT_INITIAL_TO_MAINTENANCE_BPS = 12_500;

/** One scenario: the index moves `moveThirds`/3 of the scan range, σ moves by `vol` × volScan. */
export interface Scenario {
  moveThirds: number;
  vol: 1 | 0 | -1;
  extreme: boolean;
}

/** SPAN's 16, in SPAN's order; the extremes move 2× the scan range with σ unchanged. */
export const SCENARIOS: readonly Scenario[] = [
  { moveThirds: 0, vol: 1, extreme: false },
  { moveThirds: 0, vol: -1, extreme: false },
  { moveThirds: 1, vol: 1, extreme: false },
  { moveThirds: 1, vol: -1, extreme: false },
  { moveThirds: -1, vol: 1, extreme: false },
  { moveThirds: -1, vol: -1, extreme: false },
  { moveThirds: 2, vol: 1, extreme: false },
  { moveThirds: 2, vol: -1, extreme: false },
  { moveThirds: -2, vol: 1, extreme: false },
  { moveThirds: -2, vol: -1, extreme: false },
  { moveThirds: 3, vol: 1, extreme: false },
  { moveThirds: 3, vol: -1, extreme: false },
  { moveThirds: -3, vol: 1, extreme: false },
  { moveThirds: -3, vol: -1, extreme: false },
  { moveThirds: 6, vol: 0, extreme: true },
  { moveThirds: -6, vol: 0, extreme: true },
];
export const SCENARIO_COUNT = 16;

/**
 * The P&L of one unit in each scenario, integer µPAT, rounded down (losses up):
 * `longPnlMicros[s]` = ⌊x_s⌋ for a unit held, `shortPnlMicros[s]` = ⌊−x_s⌋ for a unit
 * written, where x_s is the exact P&L of a long unit. Valid only against positions on
 * the same `underlying` computed at the same `indexMicros` and parameters.
 */
export interface RiskArray {
  underlying: string;
  indexMicros: number;
  longPnlMicros: readonly number[];
  shortPnlMicros: readonly number[];
  /** Charged per unit written (options only; 0 for a synthetic), µPAT. */
  shortOptionMinMicros: number;
}

export interface MarginPosition {
  /** Signed: > 0 held, < 0 written (sold short); 0 is allowed and counts for nothing. */
  qty: number;
  risk: RiskArray;
}

export interface UnderlyingMargin {
  underlying: string;
  /** Index of the worst scenario in SCENARIOS (the first on ties). */
  worstScenario: number;
  /** The portfolio's P&L on this index in each scenario, µPAT. */
  pnlMicros: number[];
  /** max(0, −worst P&L). */
  scanLossMicros: number;
  shortOptionMinimumMicros: number;
  /** max(scanLoss, shortOptionMinimum). */
  maintenanceMicros: number;
}

export interface PortfolioMargin {
  /** Σ over indices of max(scan loss, short-option minimum): what equity must stay above. */
  maintenanceMicros: number;
  /** ⌈maintenance × initialToMaintenanceBps / 10,000⌉: what equity must cover to open. */
  initialMicros: number;
  /** One entry per index, in order of first appearance; no credit between indices. */
  underlyings: UnderlyingMargin[];
}

export const MarginErrorReason = {
  BAD_PARAMS: 'BAD_PARAMS',
  BAD_INSTRUMENT: 'BAD_INSTRUMENT',
  BAD_POSITION: 'BAD_POSITION',
  BAD_RISK_ARRAY: 'BAD_RISK_ARRAY',
  /** Two risk arrays of one index computed at different index levels (one is stale). */
  MIXED_INDEX: 'MIXED_INDEX',
  TOO_MANY_POSITIONS: 'TOO_MANY_POSITIONS',
  /** A sum left the safe-integer range. */
  OVERFLOW: 'OVERFLOW',
} as const;
export type MarginErrorReason = (typeof MarginErrorReason)[keyof typeof MarginErrorReason];

export class MarginError extends Error {
  override readonly name = 'MarginError';
  constructor(
    readonly reason: MarginErrorReason,
    message: string,
    readonly details: Record<string, number | string> = {},
  ) {
    super(`${reason}: ${message}`);
  }
}

/** Positions one margin call takes (an account's whole book); more is refused, not slowed down. */
export const MAX_MARGIN_POSITIONS = 10_000;
const MAX_UNDERLYING_CHARS = 128;
/** Bounds on what is priced: σ up to 1,000%, expiry up to 10 years. */
const MAX_VOL = 10;
const MAX_TIME_YEARS = 10;
const BPS = 10_000;

// ------------------------------------------------------------------ risk arrays (floats)

function bps(name: string, value: number, min: number, max: number): void {
  if (!(Number.isSafeInteger(value) && value >= min && value <= max)) {
    throw new MarginError(MarginErrorReason.BAD_PARAMS, `${name} is ${value}, not an integer in [${min}, ${max}]`, { field: name, value });
  }
}

function checkParams(p: ScenarioParams): void {
  bps('scanRangeBps', p.scanRangeBps, 1, BPS);
  bps('volScanBps', p.volScanBps, 0, BPS);
  bps('extremeCoverBps', p.extremeCoverBps, 0, BPS);
  bps('shortOptionMinBps', p.shortOptionMinBps, 0, BPS);
}

function badInstrument(field: string, value: unknown): MarginError {
  return new MarginError(MarginErrorReason.BAD_INSTRUMENT, `${field} is ${String(value)}`, { field, value: String(value) });
}

function checkUnderlying(underlying: unknown, error: (field: string, value: unknown) => MarginError): void {
  if (typeof underlying !== 'string' || underlying.length === 0 || underlying.length > MAX_UNDERLYING_CHARS) throw error('underlying', underlying);
}

function checkInstrument(i: MarginInstrument): void {
  checkUnderlying(i.underlying, badInstrument);
  if (!(Number.isSafeInteger(i.indexMicros) && i.indexMicros > 0)) throw badInstrument('indexMicros', i.indexMicros);
  if (i.kind === InstrumentKind.SYNTHETIC) return;
  if (i.kind !== InstrumentKind.CALL && i.kind !== InstrumentKind.PUT) throw badInstrument('kind', (i as { kind: unknown }).kind);
  if (!(Number.isSafeInteger(i.strikeMicros) && i.strikeMicros > 0)) throw badInstrument('strikeMicros', i.strikeMicros);
  if (!(Number.isFinite(i.vol) && i.vol >= 0 && i.vol <= MAX_VOL)) throw badInstrument('vol', i.vol);
  if (!(Number.isFinite(i.timeYears) && i.timeYears >= 0 && i.timeYears <= MAX_TIME_YEARS)) throw badInstrument('timeYears', i.timeYears);
  const d = i.discount ?? 1;
  if (!(Number.isFinite(d) && d > 0 && d <= 1)) throw badInstrument('discount', d);
}

/**
 * The index after a move of `thirds`/3 of the scan range, floored at 0 (an index cannot
 * go negative; a put is then worth D·K). Multiplied before dividing once, so a move that
 * is a whole number of µPAT comes out exact.
 */
function movedIndex(indexMicros: number, scanRangeBps: number, thirds: number): number {
  return Math.max(0, indexMicros + (indexMicros * scanRangeBps * thirds) / (3 * BPS));
}

/** Value of one unit at index level `f` (≥ 0). A synthetic is worth the index itself. */
function unitValue(i: MarginInstrument, f: number, vol: number): number {
  if (i.kind === InstrumentKind.SYNTHETIC) return f;
  const discount = i.discount ?? 1;
  if (f === 0) return i.kind === InstrumentKind.CALL ? 0 : discount * i.strikeMicros;
  const right = i.kind === InstrumentKind.CALL ? OptionRight.CALL : OptionRight.PUT;
  return black76Price(right, { forward: f, strike: i.strikeMicros, vol, timeYears: i.timeYears, discount });
}

/** ⌊x⌋ as a safe integer, never −0 (so arrays compare equal to written ones). */
function floorMicros(x: number): number {
  const n = Math.floor(x) + 0;
  if (!Number.isSafeInteger(n)) throw new MarginError(MarginErrorReason.OVERFLOW, `P&L ${x} is not a safe integer µPAT`, { value: x });
  return n;
}

/**
 * Prices one instrument under the 16 scenarios: P&L of a unit = value after the move −
 * value now (both Black-76 for options at the same T; the synthetic's is the index move),
 * the extremes scaled by extremeCoverBps. Options are repriced at σ × (1 ± volScan);
 * the synthetic has no σ. The short-option minimum is ⌈index × shortOptionMinBps / 10,000⌉
 * per unit for options and 0 for a synthetic.
 */
export function riskArray(instrument: MarginInstrument, params: ScenarioParams = DEFAULT_SCENARIO_PARAMS): RiskArray {
  checkParams(params);
  checkInstrument(instrument);
  const f0 = instrument.indexMicros;
  const vol0 = instrument.kind === InstrumentKind.SYNTHETIC ? 0 : instrument.vol;
  const value0 = unitValue(instrument, f0, vol0);
  const longPnlMicros: number[] = [];
  const shortPnlMicros: number[] = [];
  for (const s of SCENARIOS) {
    const vol = vol0 * (1 + (s.vol * params.volScanBps) / BPS);
    const change = unitValue(instrument, movedIndex(f0, params.scanRangeBps, s.moveThirds), vol) - value0;
    const pnl = s.extreme ? (change * params.extremeCoverBps) / BPS : change;
    longPnlMicros.push(floorMicros(pnl));
    shortPnlMicros.push(floorMicros(-pnl));
  }
  const isOption = instrument.kind !== InstrumentKind.SYNTHETIC;
  if (!Number.isSafeInteger(f0 * params.shortOptionMinBps)) throw badInstrument('indexMicros', f0);
  const shortOptionMinMicros = isOption ? Math.ceil((f0 * params.shortOptionMinBps) / BPS) : 0;
  return { underlying: instrument.underlying, indexMicros: f0, longPnlMicros, shortPnlMicros, shortOptionMinMicros };
}

// ------------------------------------------------------------------ portfolio (integers)

function badArray(field: string, value: unknown): MarginError {
  return new MarginError(MarginErrorReason.BAD_RISK_ARRAY, `${field} is ${String(value)}`, { field, value: String(value) });
}

/**
 * A risk array must look like one `riskArray` made: 16 safe integers a side, and each
 * scenario's two sides ⌊x⌋ and ⌊−x⌋ of one x, i.e. summing to 0 or −1.
 */
function checkRiskArray(r: RiskArray): void {
  checkUnderlying(r.underlying, badArray);
  if (!(Number.isSafeInteger(r.indexMicros) && r.indexMicros > 0)) throw badArray('indexMicros', r.indexMicros);
  if (!(Number.isSafeInteger(r.shortOptionMinMicros) && r.shortOptionMinMicros >= 0)) throw badArray('shortOptionMinMicros', r.shortOptionMinMicros);
  const long = r.longPnlMicros;
  const short = r.shortPnlMicros;
  if (!Array.isArray(long) || long.length !== SCENARIO_COUNT) throw badArray('longPnlMicros.length', long?.length);
  if (!Array.isArray(short) || short.length !== SCENARIO_COUNT) throw badArray('shortPnlMicros.length', short?.length);
  for (let s = 0; s < SCENARIO_COUNT; s++) {
    const l = long[s]!;
    const sh = short[s]!;
    if (!Number.isSafeInteger(l)) throw badArray(`longPnlMicros[${s}]`, l);
    if (!Number.isSafeInteger(sh)) throw badArray(`shortPnlMicros[${s}]`, sh);
    if (l + sh !== 0 && l + sh !== -1) throw badArray(`longPnlMicros[${s}] + shortPnlMicros[${s}]`, l + sh);
  }
}

function safe(n: number, what: string): number {
  if (!Number.isSafeInteger(n)) throw new MarginError(MarginErrorReason.OVERFLOW, `${what} left the safe-integer range`, { what });
  return n;
}

/** ⌈a × b / 10,000⌉ for safe non-negative a and b ≤ 100,000, without forming a × b. */
function mulBpsCeil(a: number, b: number): number {
  const whole = Math.floor(a / BPS);
  const part = a - whole * BPS;
  return safe(safe(whole * b, 'initial margin') + Math.ceil((part * b) / BPS), 'initial margin');
}

interface Group {
  underlying: string;
  indexMicros: number;
  pnlMicros: number[];
  shortOptionMinimumMicros: number;
}

/**
 * The margin of a portfolio, integers only. Per index (underlying): P&L in scenario s =
 * Σ |qty| × (qty > 0 ? longPnlMicros[s] : shortPnlMicros[s]), so offsetting positions
 * net scenario by scenario; scan loss = max(0, −min_s P&L); short-option minimum =
 * Σ over written options |qty| × shortOptionMinMicros; the index's maintenance is the
 * larger of the two (the minimum is a floor, as in SPAN, not an add-on). Indices are
 * summed with no credit between them. Everything is validated before anything is summed.
 */
export function portfolioMarginMicros(
  positions: readonly MarginPosition[],
  initialToMaintenanceBps: number = DEFAULT_INITIAL_TO_MAINTENANCE_BPS,
): PortfolioMargin {
  if (!Array.isArray(positions)) throw new MarginError(MarginErrorReason.BAD_POSITION, 'positions is not an array');
  if (positions.length > MAX_MARGIN_POSITIONS) {
    throw new MarginError(MarginErrorReason.TOO_MANY_POSITIONS, `${positions.length} positions, at most ${MAX_MARGIN_POSITIONS}`, { count: positions.length });
  }
  bps('initialToMaintenanceBps', initialToMaintenanceBps, BPS, 10 * BPS);
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (!Number.isSafeInteger(p.qty)) throw new MarginError(MarginErrorReason.BAD_POSITION, `positions[${i}].qty is ${p.qty}`, { index: i, qty: p.qty });
    checkRiskArray(p.risk);
  }

  const groups = new Map<string, Group>();
  for (const { qty, risk } of positions) {
    let g = groups.get(risk.underlying);
    if (g === undefined) {
      g = { underlying: risk.underlying, indexMicros: risk.indexMicros, pnlMicros: new Array<number>(SCENARIO_COUNT).fill(0), shortOptionMinimumMicros: 0 };
      groups.set(risk.underlying, g);
    } else if (g.indexMicros !== risk.indexMicros) {
      throw new MarginError(MarginErrorReason.MIXED_INDEX, `${risk.underlying} at ${g.indexMicros} and ${risk.indexMicros}`, {
        underlying: risk.underlying,
        first: g.indexMicros,
        other: risk.indexMicros,
      });
    }
    if (qty === 0) continue;
    const units = Math.abs(qty);
    const side = qty > 0 ? risk.longPnlMicros : risk.shortPnlMicros;
    for (let s = 0; s < SCENARIO_COUNT; s++) {
      g.pnlMicros[s] = safe(g.pnlMicros[s]! + safe(units * side[s]!, 'position P&L'), 'portfolio P&L');
    }
    if (qty < 0) g.shortOptionMinimumMicros = safe(g.shortOptionMinimumMicros + safe(units * risk.shortOptionMinMicros, 'short-option minimum'), 'short-option minimum');
  }

  const underlyings: UnderlyingMargin[] = [];
  let maintenanceMicros = 0;
  for (const g of groups.values()) {
    let worstScenario = 0;
    for (let s = 1; s < SCENARIO_COUNT; s++) if (g.pnlMicros[s]! < g.pnlMicros[worstScenario]!) worstScenario = s;
    const scanLossMicros = Math.max(0, -g.pnlMicros[worstScenario]!);
    const maintenance = Math.max(scanLossMicros, g.shortOptionMinimumMicros);
    maintenanceMicros = safe(maintenanceMicros + maintenance, 'maintenance margin');
    underlyings.push({
      underlying: g.underlying,
      worstScenario,
      pnlMicros: g.pnlMicros,
      scanLossMicros,
      shortOptionMinimumMicros: g.shortOptionMinimumMicros,
      maintenanceMicros: maintenance,
    });
  }
  return { maintenanceMicros, initialMicros: mulBpsCeil(maintenanceMicros, initialToMaintenanceBps), underlyings };
}
