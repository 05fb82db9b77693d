import { describe, expect, it } from 'vitest';
import { OptionRight, black76Price } from '../../src/quoting/index.js';
import { prng } from '../support/engine-fixture.js';
import {
  DEFAULT_SCENARIO_PARAMS,
  InstrumentKind,
  MAX_MARGIN_POSITIONS,
  MarginError,
  MarginErrorReason,
  SCENARIOS,
  SCENARIO_COUNT,
  portfolioMarginMicros,
  riskArray,
  type MarginInstrument,
  type MarginPosition,
  type RiskArray,
} from '../../src/risk/index.js';

// The worked example of docs/options.md.
const INDEX = { underlying: 'AUTO_INTENT|7D|0.70-0.85', indexMicros: 1_000_000 };
const OTHER = { underlying: 'AUTO_INTENT|7D|0.85-1.00', indexMicros: 1_000_000 };
const CALL = riskArray({ kind: InstrumentKind.CALL, ...INDEX, strikeMicros: 1_000_000, vol: 0.8, timeYears: 0.1 });
const SYNTHETIC = riskArray({ kind: InstrumentKind.SYNTHETIC, ...INDEX });
const PUT_600 = riskArray({ kind: InstrumentKind.PUT, ...INDEX, strikeMicros: 600_000, vol: 0.8, timeYears: 0.1 });

function reason(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof MarginError) return e.reason;
    throw e;
  }
  return undefined;
}


describe('risk arrays', () => {
  it("the doc's table: the ATM call, the synthetic and the 600,000 put, per unit held and written", () => {
    expect(CALL.longPnlMicros).toEqual([24976, -25077, 54633, 4352, -1571, -49298, 87149, 38471, -24804, -68106, 122244, 76584, -44594, -81697, 77563, -32588]);
    expect(CALL.shortPnlMicros).toEqual([-24977, 25076, -54634, -4353, 1570, 49297, -87150, -38472, 24803, 68105, -122245, -76585, 44593, 81696, -77564, 32587]);
    expect(SYNTHETIC.longPnlMicros).toEqual([0, 0, 50000, 50000, -50000, -50000, 100000, 100000, -100000, -100000, 150000, 150000, -150000, -150000, 105000, -105000]);
    expect(SYNTHETIC.shortPnlMicros).toEqual(SYNTHETIC.longPnlMicros.map((x) => -x + 0));
    expect(PUT_600.shortPnlMicros).toEqual([-3870, 1410, -2260, 1501, -6140, 1206, -1123, 1541, -9323, 759, -322, 1558, -13757, -191, 525, -8943]);
    expect(CALL.shortOptionMinMicros).toBe(20_000);
    expect(PUT_600.shortOptionMinMicros).toBe(20_000);
    expect(SYNTHETIC.shortOptionMinMicros).toBe(0);
  });

  it("redoes the doc's cells: scenario 10 and the extreme 14 of the call", () => {
    const now = black76Price(OptionRight.CALL, { forward: 1_000_000, strike: 1_000_000, vol: 0.8, timeYears: 0.1 });
    const up = black76Price(OptionRight.CALL, { forward: 1_150_000, strike: 1_000_000, vol: 1.0, timeYears: 0.1 });
    const extreme = black76Price(OptionRight.CALL, { forward: 1_300_000, strike: 1_000_000, vol: 0.8, timeYears: 0.1 });
    expect(CALL.longPnlMicros[10]).toBe(Math.floor(up - now));
    expect(CALL.shortPnlMicros[10]).toBe(Math.floor(now - up));
    expect(CALL.longPnlMicros[14]).toBe(Math.floor((extreme - now) * 0.35));
  });

  it('rounds conservatively: ⌊x⌋ held and ⌊−x⌋ written, never above the exact P&L', () => {
    const next = prng(22);
    for (let n = 0; n < 200; n++) {
      const kind = n % 2 === 0 ? InstrumentKind.CALL : InstrumentKind.PUT;
      const f = 1 + Math.floor(next() * 5_000_000);
      const instrument: MarginInstrument = {
        kind,
        underlying: 'X',
        indexMicros: f,
        strikeMicros: 1 + Math.floor(f * (0.3 + next() * 1.4)),
        vol: next() * 3,
        timeYears: next(),
      };
      const r = riskArray(instrument);
      const right = kind === InstrumentKind.CALL ? OptionRight.CALL : OptionRight.PUT;
      const v0 = black76Price(right, { forward: f, strike: instrument.strikeMicros, vol: instrument.vol, timeYears: instrument.timeYears });
      SCENARIOS.forEach((s, i) => {
        const moved = Math.max(0, f + (f * 1_500 * s.moveThirds) / 30_000);
        const vol = instrument.vol * (1 + s.vol * 0.25);
        const v = moved === 0 ? (right === OptionRight.CALL ? 0 : instrument.strikeMicros) : black76Price(right, { forward: moved, strike: instrument.strikeMicros, vol, timeYears: instrument.timeYears });
        const x = (v - v0) * (s.extreme ? 0.35 : 1);
        expect(r.longPnlMicros[i]!).toBeLessThanOrEqual(x);
        expect(r.longPnlMicros[i]! + 1).toBeGreaterThan(x);
        expect(r.shortPnlMicros[i]!).toBeLessThanOrEqual(-x);
        expect(r.shortPnlMicros[i]! + 1).toBeGreaterThan(-x);
      });
    }
  });

  it('a held option never loses more than its mark; the scan of a synthetic is the index move', () => {
    const mark = black76Price(OptionRight.PUT, { forward: 1_000_000, strike: 600_000, vol: 0.8, timeYears: 0.1 });
    expect(Math.min(...PUT_600.longPnlMicros)).toBeGreaterThanOrEqual(-Math.ceil(mark));
    const wide = riskArray({ kind: InstrumentKind.SYNTHETIC, ...INDEX }, { ...DEFAULT_SCENARIO_PARAMS, scanRangeBps: 10_000, extremeCoverBps: 10_000 });
    // −2× of a 100% scan would take the index below zero: it stops at 0, a loss of the whole index
    expect(wide.longPnlMicros[15]).toBe(-1_000_000);
    expect(wide.longPnlMicros[14]).toBe(2_000_000);
    const put = riskArray({ kind: InstrumentKind.PUT, ...INDEX, strikeMicros: 600_000, vol: 0.8, timeYears: 0.1 }, { ...DEFAULT_SCENARIO_PARAMS, scanRangeBps: 10_000, extremeCoverBps: 10_000 });
    expect(put.longPnlMicros[15]).toBe(Math.floor(600_000 - mark)); // at index 0 the put is worth K
  });

  it('with σ = 0 or T = 0 the vol scenarios coincide and options move by intrinsic', () => {
    const expiring = riskArray({ kind: InstrumentKind.CALL, ...INDEX, strikeMicros: 950_000, vol: 0.8, timeYears: 0 });
    expect(expiring.longPnlMicros).toEqual([0, 0, 50000, 50000, -50000, -50000, 100000, 100000, -50000, -50000, 150000, 150000, -50000, -50000, 105000, -17500]);
  });

  it('refuses malformed instruments and parameters with a typed error', () => {
    const call = { kind: InstrumentKind.CALL, ...INDEX, strikeMicros: 1_000_000, vol: 0.8, timeYears: 0.1 } as const;
    expect(reason(() => riskArray({ ...call, indexMicros: 0 }))).toBe(MarginErrorReason.BAD_INSTRUMENT);
    expect(reason(() => riskArray({ ...call, indexMicros: 1.5 }))).toBe(MarginErrorReason.BAD_INSTRUMENT);
    expect(reason(() => riskArray({ ...call, strikeMicros: -1 }))).toBe(MarginErrorReason.BAD_INSTRUMENT);
    expect(reason(() => riskArray({ ...call, vol: Infinity }))).toBe(MarginErrorReason.BAD_INSTRUMENT);
    expect(reason(() => riskArray({ ...call, timeYears: -1 }))).toBe(MarginErrorReason.BAD_INSTRUMENT);
    expect(reason(() => riskArray({ ...call, discount: 1.5 }))).toBe(MarginErrorReason.BAD_INSTRUMENT);
    expect(reason(() => riskArray({ ...call, underlying: '' }))).toBe(MarginErrorReason.BAD_INSTRUMENT);
    expect(reason(() => riskArray({ ...call, kind: 'STRADDLE' } as unknown as MarginInstrument))).toBe(MarginErrorReason.BAD_INSTRUMENT);
    expect(reason(() => riskArray(call, { ...DEFAULT_SCENARIO_PARAMS, scanRangeBps: 0 }))).toBe(MarginErrorReason.BAD_PARAMS);
    expect(reason(() => riskArray(call, { ...DEFAULT_SCENARIO_PARAMS, volScanBps: 10_001 }))).toBe(MarginErrorReason.BAD_PARAMS);
    expect(reason(() => riskArray(call, { ...DEFAULT_SCENARIO_PARAMS, extremeCoverBps: 35.5 }))).toBe(MarginErrorReason.BAD_PARAMS);
    expect(reason(() => riskArray(call, { ...DEFAULT_SCENARIO_PARAMS, shortOptionMinBps: -1 }))).toBe(MarginErrorReason.BAD_PARAMS);
  });
});

describe('portfolio margin', () => {
  const margin = (positions: MarginPosition[]) => portfolioMarginMicros(positions);

  it('1. a written call: 10 sold', () => {
    const m = margin([{ qty: -10, risk: CALL }]);
    expect(m.maintenanceMicros).toBe(1_222_450);
    expect(m.initialMicros).toBe(1_528_063);
    expect(m.underlyings).toHaveLength(1);
    expect(m.underlyings[0]).toMatchObject({ underlying: INDEX.underlying, worstScenario: 10, scanLossMicros: 1_222_450, shortOptionMinimumMicros: 200_000 });
  });

  it('2. a covered position nets below its legs', () => {
    const covered = margin([{ qty: -10, risk: CALL }, { qty: 10, risk: SYNTHETIC }]);
    expect(covered.maintenanceMicros).toBe(1_054_070);
    expect(covered.initialMicros).toBe(1_317_588);
    expect(covered.underlyings[0]!.worstScenario).toBe(12);
    expect(covered.underlyings[0]!.pnlMicros[10]).toBe(277_550);
    const legs = margin([{ qty: -10, risk: CALL }]).maintenanceMicros + margin([{ qty: 10, risk: SYNTHETIC }]).maintenanceMicros;
    expect(legs).toBe(2_722_450);
    expect(covered.maintenanceMicros).toBeLessThan(legs);
  });

  it('3. a synthetic long against a short offsets on one index, not across two', () => {
    const same = margin([{ qty: 10, risk: SYNTHETIC }, { qty: -4, risk: SYNTHETIC }]);
    expect(same.maintenanceMicros).toBe(900_000);
    expect(same.underlyings[0]!.pnlMicros[12]).toBe(-900_000);
    expect(margin([{ qty: 6, risk: SYNTHETIC }]).maintenanceMicros).toBe(900_000);
    const other = riskArray({ kind: InstrumentKind.SYNTHETIC, ...OTHER });
    const apart = margin([{ qty: 10, risk: SYNTHETIC }, { qty: -4, risk: other }]);
    expect(apart.maintenanceMicros).toBe(2_100_000);
    expect(apart.underlyings.map((u) => [u.underlying, u.maintenanceMicros])).toEqual([
      [INDEX.underlying, 1_500_000],
      [OTHER.underlying, 600_000],
    ]);
  });

  it('4. the short-option minimum floors a deep out-of-the-money written put', () => {
    const m = margin([{ qty: -10, risk: PUT_600 }]);
    expect(m.underlyings[0]).toMatchObject({ worstScenario: 12, scanLossMicros: 137_570, shortOptionMinimumMicros: 200_000, maintenanceMicros: 200_000 });
    expect(m.maintenanceMicros).toBe(200_000);
    expect(m.initialMicros).toBe(250_000);
    // held options and synthetics, held or written, carry no minimum
    expect(margin([{ qty: 10, risk: PUT_600 }]).underlyings[0]!.shortOptionMinimumMicros).toBe(0);
    expect(margin([{ qty: -10, risk: SYNTHETIC }]).underlyings[0]!.shortOptionMinimumMicros).toBe(0);
    // the minimum is a floor, not an add-on: the written ATM calls pay their scan loss only
    expect(margin([{ qty: -10, risk: CALL }]).maintenanceMicros).toBe(1_222_450);
  });

  it('a call spread needs less than its written leg; a held option needs no more than its mark', () => {
    const otm = riskArray({ kind: InstrumentKind.CALL, ...INDEX, strikeMicros: 1_100_000, vol: 0.8, timeYears: 0.1 });
    const spread = margin([{ qty: -10, risk: CALL }, { qty: 10, risk: otm }]).maintenanceMicros;
    expect(spread).toBe(272_980);
    expect(spread).toBeLessThan(margin([{ qty: -10, risk: CALL }]).maintenanceMicros);
    const mark = black76Price(OptionRight.CALL, { forward: 1_000_000, strike: 1_000_000, vol: 0.8, timeYears: 0.1 });
    expect(margin([{ qty: 10, risk: CALL }]).maintenanceMicros).toBeLessThanOrEqual(10 * Math.ceil(mark));
  });

  it('is an integer, never negative, and independent of the order of positions', () => {
    const next = prng(7);
    const arrays: RiskArray[] = [CALL, SYNTHETIC, PUT_600];
    for (const strike of [800_000, 900_000, 1_100_000, 1_250_000])
      for (const kind of [InstrumentKind.CALL, InstrumentKind.PUT]) arrays.push(riskArray({ kind, ...INDEX, strikeMicros: strike, vol: 0.8, timeYears: 0.1 }));
    for (let n = 0; n < 300; n++) {
      const positions = Array.from({ length: 1 + Math.floor(next() * 8) }, () => ({
        qty: Math.floor(next() * 2_001) - 1_000,
        risk: arrays[Math.floor(next() * arrays.length)]!,
      }));
      const m = margin(positions);
      for (const v of [m.maintenanceMicros, m.initialMicros, ...m.underlyings.flatMap((u) => [u.scanLossMicros, u.shortOptionMinimumMicros, ...u.pnlMicros])]) {
        expect(Number.isSafeInteger(v)).toBe(true);
      }
      expect(m.maintenanceMicros).toBeGreaterThanOrEqual(0);
      expect(m.initialMicros).toBeGreaterThanOrEqual(m.maintenanceMicros);
      expect(margin([...positions].reverse())).toEqual(m);
    }
    expect(margin([])).toEqual({ maintenanceMicros: 0, initialMicros: 0, underlyings: [] });
    expect(margin([{ qty: 0, risk: CALL }]).maintenanceMicros).toBe(0);
  });

  it('is 0 for a portfolio that gains in every scenario', () => {
    const gains: RiskArray = { ...INDEX, longPnlMicros: new Array(16).fill(5), shortPnlMicros: new Array(16).fill(-5), shortOptionMinMicros: 0 };
    expect(margin([{ qty: 3, risk: gains }])).toMatchObject({ maintenanceMicros: 0, initialMicros: 0 });
  });

  it('initial follows the ratio, rounded up, without overflowing', () => {
    expect(portfolioMarginMicros([{ qty: -10, risk: CALL }], 10_000).initialMicros).toBe(1_222_450);
    expect(portfolioMarginMicros([{ qty: -10, risk: CALL }], 15_001).initialMicros).toBe(Math.ceil((1_222_450 * 15_001) / 10_000));
    // maintenance near the safe-integer limit: maintenance × ratio would overflow, the split does not
    const big: RiskArray = { ...INDEX, longPnlMicros: new Array(16).fill(-1_000_000), shortPnlMicros: new Array(16).fill(1_000_000), shortOptionMinMicros: 0 };
    const m = portfolioMarginMicros([{ qty: 4_000_000_000, risk: big }], 20_000);
    expect(m.maintenanceMicros).toBe(4e15);
    expect(m.initialMicros).toBe(8e15);
    expect(reason(() => portfolioMarginMicros([{ qty: 4_000_000_000, risk: big }], 30_000))).toBe(MarginErrorReason.OVERFLOW);
    expect(reason(() => portfolioMarginMicros([{ qty: 10_000_000_000, risk: big }]))).toBe(MarginErrorReason.OVERFLOW);
    expect(reason(() => portfolioMarginMicros([], 9_999))).toBe(MarginErrorReason.BAD_PARAMS);
    expect(reason(() => portfolioMarginMicros([], 100_001))).toBe(MarginErrorReason.BAD_PARAMS);
  });

  it('refuses malformed positions and risk arrays before summing anything', () => {
    const ok: MarginPosition = { qty: 1, risk: CALL };
    const withArray = (over: Partial<RiskArray>): MarginPosition => ({ qty: 1, risk: { ...CALL, ...over } });
    expect(reason(() => margin([ok, { qty: 1.5, risk: CALL }]))).toBe(MarginErrorReason.BAD_POSITION);
    expect(reason(() => margin([{ qty: NaN, risk: CALL }]))).toBe(MarginErrorReason.BAD_POSITION);
    expect(reason(() => margin([withArray({ longPnlMicros: CALL.longPnlMicros.slice(1) })]))).toBe(MarginErrorReason.BAD_RISK_ARRAY);
    expect(reason(() => margin([withArray({ longPnlMicros: [...CALL.longPnlMicros.slice(1), 0.5] })]))).toBe(MarginErrorReason.BAD_RISK_ARRAY);
    // the two sides must be ⌊x⌋ and ⌊−x⌋ of one x
    expect(reason(() => margin([withArray({ shortPnlMicros: CALL.shortPnlMicros.map((x) => x - 1) })]))).toBe(MarginErrorReason.BAD_RISK_ARRAY);
    expect(reason(() => margin([withArray({ shortOptionMinMicros: -1 })]))).toBe(MarginErrorReason.BAD_RISK_ARRAY);
    expect(reason(() => margin([withArray({ indexMicros: 0 })]))).toBe(MarginErrorReason.BAD_RISK_ARRAY);
    expect(reason(() => margin([withArray({ underlying: '' })]))).toBe(MarginErrorReason.BAD_RISK_ARRAY);
    // an array computed at another index level on the same index is stale
    const stale = riskArray({ kind: InstrumentKind.SYNTHETIC, ...INDEX, indexMicros: 1_010_000 });
    expect(reason(() => margin([ok, { qty: 1, risk: stale }]))).toBe(MarginErrorReason.MIXED_INDEX);
    const many = new Array<MarginPosition>(MAX_MARGIN_POSITIONS + 1).fill(ok);
    expect(reason(() => margin(many))).toBe(MarginErrorReason.TOO_MANY_POSITIONS);
    expect(reason(() => margin(many.slice(1)))).toBeUndefined();
    expect(SCENARIO_COUNT).toBe(SCENARIOS.length);
  });
});
