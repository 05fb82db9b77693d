import { describe, expect, it } from 'vitest';
import {
  Black76Error,
  Black76ErrorReason,
  DEFAULT_STRIKE_GRID,
  OptionRight,
  black76Greeks,
  black76Price,
  impliedVol,
  normCdf,
  normPdf,
  strikeGrid,
  strikesWithinCap,
  strikeStepMicros,
  type Black76Inputs,
} from '../../src/quoting/index.js';

const { CALL, PUT } = OptionRight;

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

function reason(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof Black76Error) return e.reason;
    throw e;
  }
  return undefined;
}

describe('normCdf (Cody)', () => {
  // Reference values from mpmath.ncdf at 40 digits.
  const REF: [number, number][] = [
    [-37, 5.7255712225245768e-300],
    [-30, 4.9067139271481871e-198],
    [-20, 2.7536241186062337e-89],
    [-10, 7.6198530241605261e-24],
    [-8, 6.2209605742717841e-16],
    [-6, 9.8658764503769814e-10],
    [-5, 2.8665157187919391e-7],
    [-3, 0.0013498980316300945],
    [-1.96, 0.024997895148220436],
    [-1, 0.15865525393145705],
    [-0.5, 0.3085375387259869],
    [0.5, 0.6914624612740131],
    [1, 0.84134474606854295],
    [2, 0.97724986805182079],
    [3, 0.99865010196836991],
    [5, 0.99999971334842812],
  ];

  it('matches 40-digit references to about one ulp, tails included', () => {
    for (const [x, ref] of REF) expect(relErr(normCdf(x), ref), `x = ${x}`).toBeLessThan(2e-15);
    expect(normCdf(0)).toBe(0.5);
  });

  it('is symmetric, bounded and monotone; the limits are exact', () => {
    let previous = 0;
    for (let x = -40; x <= 40; x += 0.01) {
      const p = normCdf(x);
      expect(p).toBeGreaterThanOrEqual(previous);
      expect(p).toBeLessThanOrEqual(1);
      if (Math.abs(x) < 8) expect(Math.abs(p + normCdf(-x) - 1)).toBeLessThan(1e-15);
      previous = p;
    }
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(Infinity)).toBe(1);
    expect(normCdf(-40)).toBe(0);
    expect(Number.isNaN(normCdf(NaN))).toBe(true);
  });

  it('normPdf is the density', () => {
    expect(normPdf(0)).toBeCloseTo(0.3989422804014327, 15);
    expect(relErr(normPdf(-3), Math.exp(-4.5) / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-15);
  });
});

describe('Black-76 prices', () => {
  it("Haug's example: F = K = 19, T = 0.75, r = 10%, σ = 28% gives 1.7011 for the call and the put", () => {
    const inputs: Black76Inputs = { forward: 19, strike: 19, vol: 0.28, timeYears: 0.75, discount: Math.exp(-0.1 * 0.75) };
    const call = black76Price(CALL, inputs);
    const put = black76Price(PUT, inputs);
    expect(call).toBeCloseTo(1.7011, 4);
    expect(put).toBeCloseTo(1.7011, 4);
    // and to double precision against a 40-digit evaluation (mpmath): 1.7010507252362673
    expect(relErr(call, 1.7010507252362673)).toBeLessThan(1e-14);
    expect(relErr(put, 1.7010507252362673)).toBeLessThan(1e-14);
  });

  it('matches 40-digit references off the money, in µPAT and with a discount', () => {
    const cases: [OptionRight, Black76Inputs, number][] = [
      [CALL, { forward: 1e6, strike: 1e6, vol: 0.8, timeYears: 0.1 }, 100656.81143863376],
      [CALL, { forward: 1e6, strike: 3e6, vol: 0.8, timeYears: 0.1 }, 0.64478834113079314],
      [PUT, { forward: 1e6, strike: 2e5, vol: 0.8, timeYears: 0.1 }, 1.6810405230676988e-6],
      [CALL, { forward: 100, strike: 150, vol: 0.3, timeYears: 0.5, discount: 0.97 }, 0.26927583415044725],
      [PUT, { forward: 100, strike: 150, vol: 0.3, timeYears: 0.5, discount: 0.97 }, 48.769275834150446],
    ];
    for (const [right, inputs, ref] of cases) expect(relErr(black76Price(right, inputs), ref), `${right} ${inputs.strike}`).toBeLessThan(1e-12);
  });

  it('put-call parity C − P = D·(F − K) across strikes, vols, expiries and discounts', () => {
    for (const F of [0.5, 19, 1_000_000])
      for (const k of [0.2, 0.7, 1, 1.3, 5])
        for (const vol of [0.05, 0.3, 1.5])
          for (const T of [0.001, 0.25, 3])
            for (const D of [1, 0.9]) {
              const inputs = { forward: F, strike: F * k, vol, timeYears: T, discount: D };
              const gap = black76Price(CALL, inputs) - black76Price(PUT, inputs) - D * (F - F * k);
              expect(Math.abs(gap)).toBeLessThanOrEqual(1e-14 * F * Math.max(1, k));
            }
  });

  it('T → 0 and σ → 0 give the (discounted) intrinsic value', () => {
    const base = { forward: 110, strike: 100, vol: 0.4, timeYears: 0.5, discount: 0.95 };
    expect(black76Price(CALL, { ...base, timeYears: 0 })).toBe(0.95 * 10);
    expect(black76Price(PUT, { ...base, timeYears: 0 })).toBe(0);
    expect(black76Price(CALL, { ...base, vol: 0 })).toBe(0.95 * 10);
    expect(black76Price(PUT, { ...base, forward: 90, vol: 0 })).toBe(0.95 * 10);
    expect(black76Price(CALL, { ...base, forward: 100, vol: 0 })).toBe(0);
    expect(black76Price(CALL, { ...base, timeYears: 1e-14 })).toBeCloseTo(9.5, 12);
    expect(black76Price(PUT, { ...base, vol: 1e-9 })).toBeLessThan(1e-300);
    // at the money the time value shrinks like √T
    expect(black76Price(CALL, { ...base, forward: 100, timeYears: 1e-10 })).toBeCloseTo(0.95 * 100 * 0.4 * 1e-5 * 0.3989422804, 9);
  });

  it('stays finite, within its bounds and monotone in F from 1/1000 to 1000 times the strike', () => {
    const K = 1_000_000;
    for (const vol of [0.01, 0.8, 5]) {
      let call = -1;
      let put = Infinity;
      for (let i = 0; i <= 3000; i++) {
        const F = K * 10 ** (-3 + i / 500);
        const inputs = { forward: F, strike: K, vol, timeYears: 0.1 };
        const c = black76Price(CALL, inputs);
        const p = black76Price(PUT, inputs);
        expect(Number.isFinite(c) && Number.isFinite(p)).toBe(true);
        expect(c).toBeGreaterThanOrEqual(Math.max(F - K, 0));
        expect(c).toBeLessThanOrEqual(F);
        expect(p).toBeGreaterThanOrEqual(Math.max(K - F, 0));
        expect(p).toBeLessThanOrEqual(K);
        expect(c, `call at F = ${F}, σ = ${vol}`).toBeGreaterThanOrEqual(call);
        expect(p, `put at F = ${F}, σ = ${vol}`).toBeLessThanOrEqual(put);
        call = c;
        put = p;
      }
    }
  });

  it('refuses malformed inputs with a typed error', () => {
    const ok = { forward: 100, strike: 100, vol: 0.3, timeYears: 1 };
    expect(reason(() => black76Price(CALL, { ...ok, forward: 0 }))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => black76Price(CALL, { ...ok, strike: -1 }))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => black76Price(CALL, { ...ok, vol: NaN }))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => black76Price(CALL, { ...ok, timeYears: -0.1 }))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => black76Price(CALL, { ...ok, discount: 0 }))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => black76Greeks('STRADDLE' as OptionRight, ok))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => black76Price(CALL, ok))).toBeUndefined();
  });
});

describe('Black-76 Greeks', () => {
  it("Haug's delta example: F = 105, K = 100, T = 0.5, r = 10%, σ = 36% gives 0.5946 and −0.3566", () => {
    const inputs = { forward: 105, strike: 100, vol: 0.36, timeYears: 0.5, discount: Math.exp(-0.1 * 0.5) };
    expect(black76Greeks(CALL, inputs).delta).toBeCloseTo(0.5946, 4);
    expect(black76Greeks(PUT, inputs).delta).toBeCloseTo(-0.3566, 4);
  });

  it('agree with central finite differences of the price (vega per 1.00 of σ, theta per year)', () => {
    const cases: Black76Inputs[] = [
      { forward: 19, strike: 19, vol: 0.28, timeYears: 0.75, discount: Math.exp(-0.075) },
      { forward: 1_000_000, strike: 1_200_000, vol: 0.8, timeYears: 0.1 },
      { forward: 1_000_000, strike: 700_000, vol: 0.5, timeYears: 2 },
      { forward: 50, strike: 40, vol: 1.2, timeYears: 0.02, discount: 0.99 },
    ];
    for (const inputs of cases)
      for (const right of [CALL, PUT]) {
        const g = black76Greeks(right, inputs);
        const at = (over: Partial<Black76Inputs>): number => black76Price(right, { ...inputs, ...over });
        const F = inputs.forward;
        const hF = F * 1e-4;
        const hV = inputs.vol * 1e-5;
        const hT = inputs.timeYears * 1e-5;
        const label = `${right} K=${inputs.strike}`;
        expect(g.price).toBe(at({}));
        expect(g.delta, label).toBeCloseTo((at({ forward: F + hF }) - at({ forward: F - hF })) / (2 * hF), 7);
        const gammaFd = (at({ forward: F + hF }) - 2 * at({}) + at({ forward: F - hF })) / (hF * hF);
        expect(relErr(g.gamma, gammaFd), label).toBeLessThan(1e-4);
        const vegaFd = (at({ vol: inputs.vol + hV }) - at({ vol: inputs.vol - hV })) / (2 * hV);
        expect(relErr(g.vega, vegaFd), label).toBeLessThan(1e-7);
        const thetaFd = -(at({ timeYears: inputs.timeYears + hT }) - at({ timeYears: inputs.timeYears - hT })) / (2 * hT);
        expect(relErr(g.theta, thetaFd), label).toBeLessThan(1e-7);
      }
  });

  it('call and put share gamma, vega and theta (D fixed); deltas differ by D', () => {
    const inputs = { forward: 80, strike: 100, vol: 0.6, timeYears: 0.3, discount: 0.98 };
    const c = black76Greeks(CALL, inputs);
    const p = black76Greeks(PUT, inputs);
    expect(c.delta - p.delta).toBeCloseTo(0.98, 15);
    expect(c.gamma).toBe(p.gamma);
    expect(c.vega).toBe(p.vega);
    expect(c.theta).toBe(p.theta);
    expect(c.theta).toBeLessThan(0);
  });

  it('at σ√T = 0 take their limits', () => {
    const base = { strike: 100, vol: 0.5, timeYears: 0, discount: 0.9 };
    expect(black76Greeks(CALL, { ...base, forward: 120 })).toEqual({ price: 0.9 * 20, delta: 0.9, gamma: 0, vega: 0, theta: 0 });
    expect(black76Greeks(PUT, { ...base, forward: 120 })).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0, theta: 0 });
    expect(black76Greeks(CALL, { ...base, forward: 100 }).delta).toBe(0.45);
    expect(black76Greeks(PUT, { ...base, forward: 100 }).delta).toBe(-0.45);
    // σ = 0, T > 0 at the money: vega is the limit D·F·√T·φ(0), which the price's slope confirms
    const atm = { forward: 100, strike: 100, vol: 0, timeYears: 0.25, discount: 0.9 };
    expect(black76Greeks(CALL, atm).vega).toBeCloseTo(black76Price(CALL, { ...atm, vol: 1e-8 }) / 1e-8, 6);
  });
});

describe('implied volatility', () => {
  it('round-trips across moneyness, expiries and vols, calls and puts', () => {
    for (const right of [CALL, PUT])
      for (const k of [0.5, 0.8, 1, 1.25, 2])
        for (const T of [0.01, 0.25, 2])
          for (const vol of [0.05, 0.3, 0.8, 2.5]) {
            const inputs = { forward: 1_000_000, strike: 1_000_000 * k, timeYears: T, discount: 0.99 };
            const price = black76Price(right, { ...inputs, vol });
            const label = `${right} k=${k} T=${T} σ=${vol}`;
            const iv = impliedVol(right, price, inputs);
            // where the price carries σ (vega not lost in rounding) σ comes back; everywhere the price does
            if (black76Greeks(right, { ...inputs, vol }).vega * vol > 1e-3) expect(relErr(iv, vol), label).toBeLessThan(1e-8);
            expect(Math.abs(black76Price(right, { ...inputs, vol: iv }) - price), label).toBeLessThanOrEqual(1e-12 * 1_000_000 * Math.max(1, k) + 1e-9);
          }
  });

  it("recovers Haug's 28% from 1.7011 (to the price's 4 decimals)", () => {
    const inputs = { forward: 19, strike: 19, timeYears: 0.75, discount: Math.exp(-0.075) };
    expect(impliedVol(CALL, 1.7011, inputs)).toBeCloseTo(0.28, 4);
    expect(impliedVol(PUT, 1.7010507252362673, inputs)).toBeCloseTo(0.28, 13);
  });

  it('finds deep out-of-the-money vols where Newton alone would overshoot (bisection fallback)', () => {
    const inputs = { forward: 1_000_000, strike: 3_000_000, timeYears: 0.1 };
    const price = black76Price(CALL, { ...inputs, vol: 0.8 });
    expect(price).toBeLessThan(1);
    expect(impliedVol(CALL, price, inputs)).toBeCloseTo(0.8, 8);
    expect(impliedVol(CALL, price, inputs, { maxIterations: 200 })).toBeCloseTo(0.8, 8);
  });

  it('gives 0 at intrinsic and typed errors where no σ exists', () => {
    const inputs = { forward: 120, strike: 100, timeYears: 0.5, discount: 0.9 };
    expect(impliedVol(CALL, 18, inputs)).toBe(0);
    expect(reason(() => impliedVol(CALL, 17.9, inputs))).toBe(Black76ErrorReason.BELOW_INTRINSIC);
    expect(reason(() => impliedVol(PUT, 90, inputs))).toBe(Black76ErrorReason.ABOVE_MAXIMUM); // D·K: σ = ∞
    expect(reason(() => impliedVol(CALL, 108, inputs))).toBe(Black76ErrorReason.ABOVE_MAXIMUM); // D·F
    expect(reason(() => impliedVol(CALL, 100, inputs, { maxVol: 2 }))).toBe(Black76ErrorReason.ABOVE_MAXIMUM);
    expect(reason(() => impliedVol(CALL, 19, { ...inputs, timeYears: 0 }))).toBe(Black76ErrorReason.NO_TIME_VALUE);
    expect(impliedVol(CALL, 18, { ...inputs, timeYears: 0 })).toBe(0);
    expect(reason(() => impliedVol(CALL, -1, inputs))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => impliedVol(CALL, 20, inputs, { maxIterations: 0 }))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => impliedVol(CALL, 20, inputs, { maxIterations: 5_000 }))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => impliedVol(CALL, 20, { ...inputs, forward: NaN }))).toBe(Black76ErrorReason.BAD_INPUT);
  });

  it('stops at maxIterations with NO_CONVERGENCE', () => {
    const inputs = { forward: 1_000_000, strike: 3_000_000, timeYears: 0.1 };
    const price = black76Price(CALL, { ...inputs, vol: 0.8 });
    const e = (() => {
      try {
        impliedVol(CALL, price, inputs, { maxIterations: 2, priceTolerance: 1e-15 });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(Black76Error);
    expect((e as Black76Error).reason).toBe(Black76ErrorReason.NO_CONVERGENCE);
    expect((e as Black76Error).details.hi).toBeGreaterThan(0.8);
  });
});

describe('strike grid', () => {
  it('the documented example: index 1,234,567, tick 1,000, 5%, 4 a side', () => {
    expect(strikeStepMicros(1_234_567, 1_000, 500)).toBe(50_000);
    expect(strikeGrid(1_234_567, 1_000, DEFAULT_STRIKE_GRID)).toEqual([
      1_050_000, 1_100_000, 1_150_000, 1_200_000, 1_250_000, 1_300_000, 1_350_000, 1_400_000, 1_450_000,
    ]);
  });

  it('rounds the step down to 1, 2 or 5 × 10^k ticks, at least one tick', () => {
    // raw steps (in ticks of 1,000): 100 → 100, 99 → 50, 49 → 20, 19 → 10, 9 → 5, 4 → 2, 1 → 1, 0 → 1
    const step = (indexMicros: number): number => strikeStepMicros(indexMicros, 1_000, 1_000);
    expect(step(1_000_000)).toBe(100_000);
    expect(step(999_999)).toBe(50_000);
    expect(step(499_999)).toBe(20_000);
    expect(step(199_999)).toBe(10_000);
    expect(step(99_999)).toBe(5_000);
    expect(step(49_999)).toBe(2_000);
    expect(step(10_000)).toBe(1_000);
    expect(step(1)).toBe(1_000);
  });

  it('centres on the nearest grid point (ties up), keeps strikes positive, tick multiples and integer', () => {
    expect(strikeGrid(1_025_000, 1_000, { stepBps: 500, strikesEachSide: 1 })).toEqual([1_000_000, 1_050_000, 1_100_000]);
    expect(strikeGrid(1_024_999, 1_000, { stepBps: 500, strikesEachSide: 1 })).toEqual([950_000, 1_000_000, 1_050_000]);
    expect(strikeGrid(1_000_000, 1_000, { stepBps: 2_000, strikesEachSide: 0 })).toEqual([1_000_000]);
    // a 20% grid, 6 a side: the five strikes at or below zero are left out
    const low = strikeGrid(1_000_000, 1_000, { stepBps: 2_000, strikesEachSide: 6 });
    expect(low).toEqual([200_000, 400_000, 600_000, 800_000, 1_000_000, 1_200_000, 1_400_000, 1_600_000, 1_800_000, 2_000_000, 2_200_000]);
    for (const index of [7, 12_345, 987_654, 55_555_555])
      for (const strike of strikeGrid(index, 250, { stepBps: 300, strikesEachSide: 5 })) {
        expect(Number.isSafeInteger(strike) && strike > 0).toBe(true);
        expect(strike % 250).toBe(0);
      }
  });

  it('refuses malformed inputs', () => {
    expect(reason(() => strikeGrid(0, 1_000))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => strikeGrid(1_000_000, 1.5))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => strikeGrid(1_000_000, 1_000, { stepBps: 0, strikesEachSide: 4 }))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => strikeGrid(1_000_000, 1_000, { stepBps: 500, strikesEachSide: 51 }))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => strikeGrid(Number.MAX_SAFE_INTEGER, 1_000))).toBe(Black76ErrorReason.BAD_INPUT);
  });

  it('within a cap per expiry: the listed strikes the grid still names, then its new ones nearest its centre, never past the cap', () => {
    const grid = [800, 850, 900, 950, 1_000, 1_050, 1_100, 1_150, 1_200];
    expect(strikesWithinCap(grid, [], 13)).toEqual(grid);
    expect(strikesWithinCap(grid, [], 3)).toEqual([950, 1_000, 1_050]);
    // Re-centred up by two steps with 11 listed (the old grid and two more): room for 2, nearest the centre first.
    const moved = grid.map((k) => k + 100);
    const listed = [...grid, 1_250, 700];
    expect(strikesWithinCap(moved, listed, 13)).toEqual([900, 950, 1_000, 1_050, 1_100, 1_150, 1_200, 1_250, 1_300]);
    // Full: only what is listed already (the schedule skips those); a cap lowered later delists nothing.
    expect(strikesWithinCap(moved, [...listed, 1_300, 600], 13)).toEqual([900, 950, 1_000, 1_050, 1_100, 1_150, 1_200, 1_250, 1_300]);
    expect(strikesWithinCap([2_000, 2_050], listed, 5)).toEqual([]);
    expect(reason(() => strikesWithinCap(grid, [], 0))).toBe(Black76ErrorReason.BAD_INPUT);
    expect(reason(() => strikesWithinCap(grid, [], 102))).toBe(Black76ErrorReason.BAD_INPUT);
  });
});
