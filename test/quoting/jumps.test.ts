/**
 * Jumps priced, not hidden (issue 80): the σ estimator's bounds keep the diffusion's σ, and what
 * they set aside is estimated as a jump intensity λ and size E[J²] that widen the spot quote and
 * join the options' variance (src/quoting/estimators.ts, spread.ts, options.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  bipowerSigma,
  blendedSigma,
  jumpEstimate,
  jumpSamplesAt,
  jumpSpreadSamplesAt,
  observeTradeVol,
  volSamplesAt,
  volState,
  VolSide,
  type VolState,
} from '../../src/quoting/estimators.js';
import { mulberry32 } from '../../src/quoting/mulberry32.js';
import { DEFAULT_QUOTING_PARAMS, type QuotingParams } from '../../src/quoting/params.js';
import { wideningFractions } from '../../src/quoting/spread.js';
import { computeQuote, type QuoteMarket } from '../../src/quoting/quote.js';
import { referencePrice } from '../../src/quoting/pricing.js';
import { computeOptionQuote, optionJumpLogVariance, optionSigmaAnnual, type OptionBroker, type OptionMarket } from '../../src/quoting/options.js';
import { OptionRight } from '../../src/option-pricing/black76.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const SIGMA = 0.015; // 150 bps per √hour
/** The evidence alone: no prior pulls λ or σ. */
const P: QuotingParams = { ...DEFAULT_QUOTING_PARAMS, volPriorWeight: 0, jumpPriorHours: 0 };

/** A standard normal from two uniforms (Box–Muller). */
function gaussian(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/**
 * `days` of one-minute steps of a log random walk (σ per √hour) with Poisson jumps (`jumpsPerHour`, each ±`jumpSize`
 * in log), a trade on each side every minute (asks 1% over the value, bids 1% under: the bounce the same-side marks
 * leave out). Returns the state at the end, the end time, and the jumps drawn.
 */
function tradedPath(seed: number, days: number, jumpsPerHour: number, jumpSize: number): { v: VolState; endMs: number; jumps: number } {
  const u = mulberry32(seed);
  const n = gaussian(u);
  const v = volState();
  let log = 0;
  let jumps = 0;
  const steps = days * 24 * 60;
  for (let m = 1; m <= steps; m++) {
    log += (SIGMA / Math.sqrt(60)) * n();
    if (u() < jumpsPerHour / 60) {
      log += (u() < 0.5 ? -1 : 1) * jumpSize;
      jumps++;
    }
    const t = m * MINUTE;
    observeTradeVol(v, Math.exp(log) * 1.01, 1, VolSide.ASK, t, P);
    observeTradeVol(v, Math.exp(log) * 0.99, 1, VolSide.BID, t, P);
  }
  return { v, endMs: steps * MINUTE, jumps };
}

describe('the jump part of σ (issue 80)', () => {
  it('a diffusion: σ reads the diffusion and the bounds set aside next to no jumps', () => {
    for (const seed of [1, 2, 3]) {
      const { v, endMs } = tradedPath(seed, 3, 0, 0);
      const sigma = blendedSigma(volSamplesAt(v, endMs, P), 0, 0);
      expect(sigma / SIGMA).toBeGreaterThan(0.8);
      expect(sigma / SIGMA).toBeLessThan(1.2);
      const jumps = jumpEstimate(jumpSamplesAt(v, endMs, P), P);
      // At most one diffusion tail taken for a jump in the decayed evidence of ~35 hours: λ ≤ 0.03 an hour (0.7 a day).
      expect(jumps.perHour).toBeLessThan(0.03);
      // And its variance a small share of the diffusion's.
      expect(jumps.variancePerHour).toBeLessThan(0.1 * SIGMA * SIGMA);
      // Bipower variation of the same returns (the check shown beside σ) reads the diffusion too.
      expect(bipowerSigma(v, endMs, P) / SIGMA).toBeGreaterThan(0.8);
      expect(bipowerSigma(v, endMs, P) / SIGMA).toBeLessThan(1.25);
    }
  });

  it('with jumps: σ still reads the diffusion, and λ and the size read the jumps', () => {
    const size = 0.08;
    let count = 0, hours = 0, squares = 0;
    for (const seed of [11, 12, 13, 14]) {
      const { v, endMs } = tradedPath(seed, 4, 0.25, size);
      const sigma = blendedSigma(volSamplesAt(v, endMs, P), 0, 0);
      // The diffusion's σ, not the 355 bps/√h the jumps would make it (√(σ² + λJ²)).
      expect(sigma / SIGMA).toBeGreaterThan(0.75);
      expect(sigma / SIGMA).toBeLessThan(1.3);
      const s = jumpSamplesAt(v, endMs, P);
      count += s.count;
      hours += s.hours;
      squares += s.squares;
    }
    // Pooled over the seeds (each holds only ~8 decayed jumps): λ near 0.25 an hour, √E[J²] near 8%.
    const pooled = jumpEstimate({ count, hours, squares }, P);
    expect(pooled.perHour / 0.25).toBeGreaterThan(0.7);
    expect(pooled.perHour / 0.25).toBeLessThan(1.4);
    expect(Math.sqrt(pooled.meanSquare) / size).toBeGreaterThan(0.75);
    // Jumps 4 hours apart on average: two of one sign within one walk of the marks are one jump to the estimator (the
    // count lower, the size higher), and a jump takes its walk's diffusion steps with it.
    expect(Math.sqrt(pooled.meanSquare) / size).toBeLessThan(1.5);
  });

  it('a jump the quotes walk to over 80 minutes is one jump of its whole size, and σ still reads the diffusion', () => {
    // The broker is the only maker: after a −15% jump its quotes reach the new level in steps (here an even walk over
    // 80 minutes, four of the estimator's 20-minute marks), each under or near the truncation bound. Before the walk was
    // the jump's, the steps the bounds let through counted as diffusion (σ up to 2.2× in these seeds) and the jump read
    // 0.4–0.9× its size.
    const jump = Math.log(0.85);
    const walk = 80;
    const ratios: number[] = [];
    let count = 0, hours = 0, squares = 0;
    for (const seed of [31, 32, 33, 34, 35, 36, 37, 38]) {
      const u = mulberry32(seed);
      const n = gaussian(u);
      const v = volState();
      let log = 0;
      const steps = 2 * 24 * 60;
      for (let m = 1; m <= steps; m++) {
        log += (SIGMA / Math.sqrt(60)) * n();
        // One walked jump each 12 hours, from hour 6.
        if (m % 720 > 360 && m % 720 <= 360 + walk) log += jump / walk;
        observeTradeVol(v, Math.exp(log) * 1.01, 1, VolSide.ASK, m * MINUTE, P);
        observeTradeVol(v, Math.exp(log) * 0.99, 1, VolSide.BID, m * MINUTE, P);
      }
      ratios.push(blendedSigma(volSamplesAt(v, steps * MINUTE, P), 0, 0) / SIGMA);
      const s = jumpSamplesAt(v, steps * MINUTE, P);
      count += s.count;
      hours += s.hours;
      squares += s.squares;
    }
    // Issue 80's range, in every seed (a diffusion alone reads 0.86–1.03 over two days of these seeds).
    for (const ratio of ratios) {
      expect(ratio).toBeGreaterThan(0.7);
      expect(ratio).toBeLessThan(1.3);
    }
    // Each side sees each jump: about 3 jumps a side in the decayed evidence, of nearly the whole 16.3% (log) each.
    const pooled = jumpEstimate({ count, hours, squares }, P);
    expect(Math.sqrt(pooled.meanSquare) / -jump).toBeGreaterThan(0.8);
    expect(Math.sqrt(pooled.meanSquare) / -jump).toBeLessThan(1.2);
  });

  it("the broker's lean (a share of its skew, observeTradeVol's lean) leaves σ's sums, not the jumps' reading", () => {
    // The broker is the only maker: its quotes are the value plus its inventory's lean, a mean-reverting swing (here
    // an Ornstein–Uhlenbeck of 2% sd, half-life 1 hour) that σ of the marks reads as variance of the market.
    const size = 0.08;
    for (const seed of [41, 42, 43]) {
      const run = (withLean: boolean): { sigma: number; count: number } => {
        const u = mulberry32(seed);
        const n = gaussian(u);
        const v = volState();
        let log = 0;
        let lean = 0;
        const rho = Math.pow(0.5, 1 / 60);
        const steps = 3 * 24 * 60;
        for (let m = 1; m <= steps; m++) {
          log += (SIGMA / Math.sqrt(60)) * n();
          if (m % 720 === 360) log += (u() < 0.5 ? -1 : 1) * size;
          lean = rho * lean + 0.02 * Math.sqrt(1 - rho * rho) * n();
          for (const [side, bounce] of [[VolSide.ASK, 1.01], [VolSide.BID, 0.99]] as const) {
            const price = Math.exp(log + lean) * bounce;
            observeTradeVol(v, price, 1, side, m * MINUTE, P, withLean ? price - Math.exp(log) * bounce : 0);
          }
        }
        return { sigma: blendedSigma(volSamplesAt(v, steps * MINUTE, P), 0, 0) / SIGMA, count: jumpSamplesAt(v, steps * MINUTE, P).count };
      };
      const marks = run(false);
      const leanFree = run(true);
      expect(marks.sigma).toBeGreaterThan(1.2); // the lean read as the market's variance (1.25–1.57 in these seeds)
      expect(marks.sigma).toBeGreaterThan(1.2 * leanFree.sigma);
      expect(leanFree.sigma).toBeGreaterThan(0.75);
      expect(leanFree.sigma).toBeLessThan(1.25);
      // The bounds and the jumps read the prices as traded: the six jumps of the three days (about 2.8 once decayed) read either way.
      expect(leanFree.count).toBeGreaterThan(2);
      expect(marks.count).toBeGreaterThan(2);
    }
  });

  it("jumpHoldShare: a swing of the broker's own skew (a dump pins it at its cap) is no jump when held off; a jump still is", () => {
    // The value walks; at hour 12 the broker's skew swings its quotes 7% down within 20 minutes and back over 3 hours
    // (a provider dumping into the bid, the value unchanged), and at hour 24 the value itself jumps −12%.
    const run = (hold: boolean, jump: boolean): number => {
      const u = mulberry32(51);
      const n = gaussian(u);
      const v = volState();
      let log = 0;
      const steps = 30 * 60;
      for (let m = 1; m <= steps; m++) {
        log += (SIGMA / Math.sqrt(60)) * n();
        if (jump && m === 24 * 60) log += Math.log(0.88);
        const since = m - 12 * 60;
        const skew = since < 0 ? 0 : since < 20 ? (-0.07 * since) / 20 : Math.min(0, -0.07 + (0.07 * (since - 20)) / 180);
        for (const [side, bounce] of [[VolSide.ASK, 1.01], [VolSide.BID, 0.99]] as const) {
          const price = Math.exp(log + skew) * bounce;
          observeTradeVol(v, price, 1, side, m * MINUTE, P, 0, hold ? price - Math.exp(log) * bounce : 0);
        }
      }
      return jumpSamplesAt(v, steps * MINUTE, P).count;
    };
    expect(run(false, false)).toBeGreaterThan(0.5); // the skew's swing read as a jump (each side)
    expect(run(true, false)).toBe(0);
    expect(run(true, true)).toBeGreaterThan(1); // the value's own jump, both sides
  });

  it('jumpHoldShare: a value jump the skew reprices at once, then gives back as the anchor walks to it, counts as one jump of its whole size', () => {
    // At hour 12 the value falls 20%. The broker's quotes fall with it at once, mostly by the skew (informed sellers
    // filled its bids): the anchor, the hold-free price, falls 4% and walks the other 16% over 3 hours while the skew
    // gives its 16% back, so the prices as traded stay at the new value. The held 16% is the value's jump after all.
    const run = (hold: boolean): { count: number; sizeLog: number } => {
      const u = mulberry32(52);
      const n = gaussian(u);
      const v = volState();
      let log = 0;
      const steps = 20 * 60;
      const jumpAt = 12 * 60;
      const skewPart = Math.log(0.84);
      for (let m = 1; m <= steps; m++) {
        log += (SIGMA / Math.sqrt(60)) * n();
        if (m === jumpAt) log += Math.log(0.8);
        const since = m - jumpAt;
        // The skew's share of the jump, given back linearly over 180 minutes; the anchor lags by as much.
        const skew = since < 0 ? 0 : skewPart * Math.max(0, 1 - since / 180);
        for (const [side, bounce] of [[VolSide.ASK, 1.01], [VolSide.BID, 0.99]] as const) {
          const price = Math.exp(log) * bounce;
          const anchorPrice = Math.exp(log - skew) * bounce;
          observeTradeVol(v, price, 1, side, m * MINUTE, P, 0, hold ? price - anchorPrice : 0);
        }
      }
      const j = jumpSamplesAt(v, steps * MINUTE, P);
      return { count: j.count, sizeLog: j.count > 0 ? Math.sqrt(j.squares / j.count) : 0 };
    };
    const plain = run(false);
    const held = run(true);
    expect(plain.count).toBeGreaterThan(1); // read as traded: the jump, on each side
    expect(held.count).toBeGreaterThan(1); // held off at first, then released once the anchor kept it
    expect(held.count).toBeLessThan(2.5); // one jump a side, not one per step
    expect(held.sizeLog).toBeGreaterThan(0.75 * Math.abs(Math.log(0.8)));
  });

  it('shrinks toward the prior: no evidence reads the prior, a long quiet history reads few jumps', () => {
    const prior = jumpEstimate({ count: 0, hours: 0, squares: 0 }, DEFAULT_QUOTING_PARAMS);
    expect(prior.perHour).toBe(DEFAULT_QUOTING_PARAMS.jumpPriorPerHour);
    expect(Math.sqrt(prior.meanSquare) * 10_000).toBeCloseTo(DEFAULT_QUOTING_PARAMS.jumpPriorSizeBps, 9);
    const quiet = jumpEstimate({ count: 0, hours: 10 * DEFAULT_QUOTING_PARAMS.jumpPriorHours, squares: 0 }, DEFAULT_QUOTING_PARAMS);
    expect(quiet.perHour).toBeCloseTo(DEFAULT_QUOTING_PARAMS.jumpPriorPerHour / 11, 12);
  });

  it('keeps the jump evidence through save and restore (JSON), and reads state saved before it as none', () => {
    const { v, endMs } = tradedPath(21, 2, 0.25, 0.08);
    const restored = volState(JSON.parse(JSON.stringify(v)) as VolState);
    expect(jumpSamplesAt(restored, endMs, P)).toEqual(jumpSamplesAt(v, endMs, P));
    const old = JSON.parse(JSON.stringify(v)) as Partial<VolState>;
    delete old.jumpSquares;
    delete old.jumps;
    expect(jumpSamplesAt(volState(old as VolState), endMs, P).count).toBe(0);
  });

  it('a walk saved one step in (JSON) and restored ends as the unsaved one does', () => {
    // The walk's state (its sign, move, decayed sums and the variance its bounds hold) is part of the saved estimator.
    const walked = (restoreAtMinute: number): VolState => {
      const u = mulberry32(41);
      const n = gaussian(u);
      let v = volState();
      let log = 0;
      for (let m = 1; m <= 24 * 60; m++) {
        log += (SIGMA / Math.sqrt(60)) * n();
        if (m > 600 && m <= 680) log += Math.log(0.85) / 80;
        if (m === restoreAtMinute) v = volState(JSON.parse(JSON.stringify(v)) as VolState);
        observeTradeVol(v, Math.exp(log) * 1.01, 1, VolSide.ASK, m * MINUTE, P);
        observeTradeVol(v, Math.exp(log) * 0.99, 1, VolSide.BID, m * MINUTE, P);
      }
      return v;
    };
    const whole = walked(0);
    const restored = walked(621); // one step into the walk, before it counts as a jump
    expect(volSamplesAt(restored, 24 * HOUR, P)).toEqual(volSamplesAt(whole, 24 * HOUR, P));
    expect(jumpSamplesAt(restored, 24 * HOUR, P)).toEqual(jumpSamplesAt(whole, 24 * HOUR, P));
    // The walk counted as a jump on both sides: 2 jumps decayed over the 13 hours since, 2 × 2^(−13/12) ≈ 0.9.
    expect(jumpSamplesAt(whole, 24 * HOUR, P).count).toBeGreaterThan(0.8);
  });

  it('the spot widening grows with the jump variance, to its cap', () => {
    const w = { baseHalfSpreadBps: 25, sigmaRelPerSqrtHour: SIGMA, volMultiplier: 1, volHorizonHours: 0.25, tradesPerHour: 100, thinTradesPerHour: 6, thinHalfSpreadBps: 100, jumpMultiplier: 1, maxJumpHalfSpreadBps: 500 };
    expect(wideningFractions({ ...w, jumpVariancePerHour: 0 }).jumpFraction).toBe(0);
    const some = wideningFractions({ ...w, jumpVariancePerHour: 1e-3 });
    expect(some.jumpFraction).toBeCloseTo(Math.sqrt(1e-3 * 0.25), 12);
    expect(some.volatilityFraction).toBe(wideningFractions(w).volatilityFraction); // the diffusion's part is σ's alone
    expect(wideningFractions({ ...w, jumpVariancePerHour: 4e-3 }).jumpFraction).toBeGreaterThan(some.jumpFraction);
    expect(wideningFractions({ ...w, jumpVariancePerHour: 1 }).jumpFraction).toBeCloseTo(0.05, 12);
    expect(wideningFractions({ ...w, jumpVariancePerHour: 1e-3, jumpMultiplier: 0 }).jumpFraction).toBe(0);
  });

  it('the spot widening weighs a jump for hours after it, the options for as long as σ: jumpSpreadHalfLifeMs', () => {
    // A −15% jump the quotes walk to over 80 minutes from hour 6, then a diffusion: the spot widening's evidence is the
    // whole ΣJ² while the walk goes on, halves every jumpSpreadHalfLifeMs (2 h here) after its last step, and is σ's
    // (12 h) decay alone with the half-life at 0; the options' evidence (jumpSamplesAt) never takes the extra decay.
    const P2 = { ...P, jumpSpreadHalfLifeMs: 2 * HOUR };
    const u = mulberry32(51);
    const n = gaussian(u);
    const v = volState();
    let log = 0;
    const at: Record<number, { spread: number; whole: number; off: number }> = {};
    for (let m = 1; m <= 24 * 60; m++) {
      log += (SIGMA / Math.sqrt(60)) * n();
      if (m > 360 && m <= 440) log += Math.log(0.85) / 80;
      observeTradeVol(v, Math.exp(log) * 1.01, 1, VolSide.ASK, m * MINUTE, P);
      observeTradeVol(v, Math.exp(log) * 0.99, 1, VolSide.BID, m * MINUTE, P);
      if (m % 120 === 0) {
        at[m / 60] = {
          spread: jumpSpreadSamplesAt(v, m * MINUTE, P2).squares,
          whole: jumpSamplesAt(v, m * MINUTE, P).squares,
          off: jumpSpreadSamplesAt(v, m * MINUTE, { ...P, jumpSpreadHalfLifeMs: 0 }).squares,
        };
      }
    }
    expect(at[4]!.whole).toBe(0); // no jump yet
    // Right after the walk: nearly the whole evidence (the last step was within the last 20-minute mark).
    expect(at[8]!.whole).toBeGreaterThan(0.8 * 0.15 ** 2);
    expect(at[8]!.spread / at[8]!.whole).toBeGreaterThan(0.5);
    // Six and twelve hours later: an eighth or less, then a 64th or less, of what the options still weigh.
    expect(at[14]!.spread / at[14]!.whole).toBeLessThan(0.14);
    expect(at[20]!.spread / at[20]!.whole).toBeLessThan(0.02);
    expect(at[20]!.whole).toBeGreaterThan(0.3 * 0.15 ** 2); // σ's 12-hour half-life alone
    for (const h of [8, 14, 20]) expect(at[h]!.off).toBe(at[h]!.whole);
  });

  it('the spot quote widens by the faded jump variance when the market has it, the whole one otherwise', () => {
    const p: QuotingParams = { ...DEFAULT_QUOTING_PARAMS, freshnessOpen: 1, freshnessClose: 1 };
    const terms = { tickMicros: 1, minPriceMicros: 1, maxPriceMicros: 100_000_000, lotSize: 1, maxLevelQty: 100_000 };
    const open = 0;
    const close = 7 * 24 * HOUR;
    const inputs = { segment: 'S', openAtMs: open, closeAtMs: close, windowMs: close, confidenceLoBps: 7_000, confidenceHiBps: 8_500, segmentValueMicros: 1_000_000, anchorMicros: 0, anchorQty: 0, burnRate: 0, mintRate: 0, substituteInventory: 0 };
    const market: QuoteMarket = { openAtMs: open, closeAtMs: close, sigmaRelPerSqrtHour: SIGMA, tradesPerHour: 100, k: 40, arrivalAPerHour: 100, inventoryUnit: 5, saleRatePerHour: 50, jumpVariancePerHour: 4e-3 };
    const broker = { ownedRights: 0, sellableRights: 1_000, spendableMicros: 1e12, longHeadroom: Infinity, avgCostMicros: 0 };
    const at = (m: QuoteMarket) => computeQuote(p, referencePrice(p, inputs, terms, HOUR), m, terms, broker, HOUR).widening.jumpFraction;
    expect(at(market)).toBeCloseTo(Math.sqrt(4e-3 * 0.25), 12);
    expect(at({ ...market, jumpWideningVariancePerHour: 1e-3 })).toBeCloseTo(Math.sqrt(1e-3 * 0.25), 12);
  });

  it('the options price the jump variance: σ_market and Black-76 take σ² + λE[J²]', () => {
    const p = DEFAULT_QUOTING_PARAMS;
    const none = optionSigmaAnnual(p, SIGMA);
    const withJumps = optionSigmaAnnual(p, SIGMA, 1e-3);
    expect(withJumps.realized).toBeCloseTo(Math.sqrt((SIGMA ** 2 + 1e-3) * 8_760), 12);
    expect(withJumps.sigma).toBeGreaterThan(none.sigma);
    const closeAtMs = 48 * HOUR;
    const market: OptionMarket = { right: OptionRight.CALL, strikeMicros: 1_000_000, forwardMicros: 1_000_000, closeAtMs, sigmaRelPerSqrtHour: SIGMA, indexLogVariance: 0.2, inventoryUnit: 5 };
    const terms = { tickMicros: 1, minPriceMicros: 1, maxPriceMicros: 100_000_000, lotSize: 1, maxLevelQty: 100 };
    const broker: OptionBroker = { position: 0, closableUnits: 0, budgetMicros: 1e15, writeMarginPerUnitMicros: (premium) => premium + 100_000 };
    const plain = computeOptionQuote(p, market, terms, broker, 0).option;
    const jumpy = computeOptionQuote(p, { ...market, jumpVariancePerHour: 1e-3 }, terms, broker, 0).option;
    expect(plain.jumpLogVariance).toBe(0);
    expect(jumpy.jumpLogVariance).toBeCloseTo(optionJumpLogVariance(p, 1e-3, 48), 15);
    expect(jumpy.sigmaAnnual).toBeCloseTo(Math.sqrt((0.2 + jumpy.jumpLogVariance) / jumpy.timeYears), 12);
    expect(jumpy.valueMicros).toBeGreaterThan(plain.valueMicros);
  });

  it('the jump gap: |delta| × F × P(a jump within the hour, or before the close) × its size joins the half-spread, and fades to the close', () => {
    const p = DEFAULT_QUOTING_PARAMS;
    const terms = { tickMicros: 1, minPriceMicros: 1, maxPriceMicros: 100_000_000, lotSize: 1, maxLevelQty: 100 };
    const broker: OptionBroker = { position: 0, closableUnits: 0, budgetMicros: 1e15, writeMarginPerUnitMicros: (premium) => premium + 100_000 };
    // 2.4 jumps of 20% a day, an hour to the close: P = 1 − e^(−0.1) ≈ 9.5%, the gap ≈ |delta| × 1.9% of F.
    const market: OptionMarket = { right: OptionRight.PUT, strikeMicros: 500_000, forwardMicros: 500_000, closeAtMs: HOUR, sigmaRelPerSqrtHour: SIGMA, jumpVariancePerHour: 0.1 * 0.04, inventoryUnit: 5 };
    const jumps = { jumpsPerHour: 0.1, jumpSizeRel: 0.2 };
    const quote = (m: OptionMarket, nowMs: number) => computeOptionQuote(p, m, terms, broker, nowMs);
    const plain = quote(market, 0);
    const gapped = quote({ ...market, ...jumps }, 0);
    expect(plain.option.jumpGapMicros).toBe(0);
    const expected = Math.abs(gapped.option.delta) * 500_000 * (1 - Math.exp(-0.1)) * 0.2;
    expect(gapped.option.jumpGapMicros).toBeCloseTo(expected, 6);
    expect(expected).toBeGreaterThan(4_000); // a put at the money: delta about −0.5
    // The same value, wider by the gap on each side (ticks of 1 µPAT).
    expect(gapped.option.valueMicros).toBe(plain.option.valueMicros);
    expect(gapped.option.halfSpreadMicros - plain.option.halfSpreadMicros).toBeCloseTo(expected, 6);
    expect(plain.bids.priceMicros[0]! - gapped.bids.priceMicros[0]!).toBeGreaterThanOrEqual(Math.floor(expected) - 1);
    expect(gapped.asks.priceMicros[0]! - plain.asks.priceMicros[0]!).toBeGreaterThanOrEqual(Math.floor(expected) - 1);
    // A minute before the close the chance of a jump is a sixtieth: the gap with it.
    const late = quote({ ...market, ...jumps }, HOUR - MINUTE).option;
    expect(late.jumpGapMicros).toBeCloseTo(Math.abs(late.delta) * 500_000 * (1 - Math.exp(-0.1 / 60)) * 0.2, 6);
    expect(late.jumpGapMicros).toBeLessThan(gapped.option.jumpGapMicros / 30);
    // Days out: the chance over the horizon (an hour), not over the days.
    const far = quote({ ...market, ...jumps, closeAtMs: 48 * HOUR }, 0).option;
    expect(far.jumpGapMicros).toBeCloseTo(Math.abs(far.delta) * 500_000 * (1 - Math.exp(-0.1)) * 0.2, 6);
    // Off by its multiplier.
    expect(computeOptionQuote({ ...p, optionJumpGapMultiplier: 0 }, { ...market, ...jumps }, terms, broker, 0).option.jumpGapMicros).toBe(0);
  });
});
