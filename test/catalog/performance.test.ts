/**
 * A model feed's performance (src/catalog/performance.ts) and the exchange's own prices
 * (src/catalog/feed-prices.ts) against figures computed by hand.
 */
import { describe, expect, it } from 'vitest';
import { costPerSignalBps, lastTradeIdAtOrBefore, MARK_LOOKBACK_TRADES, markAtOrBefore, seriesOutcomeBps, type TradeReader } from '../../src/catalog/feed-prices.js';
import { Side } from '../../src/engine/index.js';
import type { DailyAggregate } from '../../src/catalog/model-feed.js';
import { driftOf, performanceOf, timesPat, type PerformanceInput } from '../../src/catalog/performance.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 10, 20);
const backtest = { meanNetBps: 4.2, stdevNetBps: 30, hitRate: 0.54, maxDrawdownBps: 350 };

function input(over: Partial<PerformanceInput> = {}): PerformanceInput {
  return {
    // Nets 10 and −20 on day 0, 30 on day 1.
    outcomes: [
      { atMs: D0 + 1_000, netBps: 10 },
      { atMs: D0 + 2_000, netBps: -20 },
      { atMs: D0 + DAY + 1_000, netBps: 30 },
    ],
    aggregates: [],
    signalsByDay: new Map([
      [D0, 2],
      [D0 + DAY, 1],
    ]),
    signals: 4,
    pending: 0,
    missing: 1,
    backtest,
    verified: true,
    downgraded: false,
    seats: 20,
    notionalPat: '100',
    ...over,
  };
}

describe('performance', () => {
  it('live figures, sim→live, stability, capacity and the score, by hand', () => {
    const p = performanceOf(input());
    const mean = 20 / 3;
    const stdev = Math.sqrt((100 + 400 + 900 - 3 * mean * mean) / 2); // 25.166…
    expect(p.live.meanNetBps).toBeCloseTo(mean, 10);
    expect(p.live.stdevNetBps).toBeCloseTo(stdev, 10);
    expect(p.live.hitRate).toBeCloseTo(2 / 3, 10);
    expect(p.live.cumulativeNetBps).toBe(20);
    expect(p.live.maxDrawdownBps).toBe(20); // 10 → −10 → 20: the peak of 10 fell by 20
    expect(p.simToLive!.deltaBps).toBeCloseTo(mean - 4.2, 10);
    expect(p.simToLive!.z).toBeCloseTo((mean - 4.2) / (stdev / Math.sqrt(3)), 10);
    // Day 0 lost 10 in all, day 1 gained 30: one positive day of two, over the prior (1.5 of 3).
    expect(p.stability).toBeCloseTo((1 + 1.5) / (2 + 3), 10);
    expect(p.capacity).toEqual({ seats: 20, notionalPat: '100', capacityPat: '2000' });
    expect(p.daily).toEqual([
      { dayStartMs: D0, signals: 2, outcomes: 2, meanNetBps: -5, cumulativeNetBps: -10 },
      { dayStartMs: D0 + DAY, signals: 1, outcomes: 1, meanNetBps: 30, cumulativeNetBps: 20 },
    ]);
    // riskAdjusted clamps to 1 (0.5 + 2.5·6.67/25.17 > 1); parity 1 (z ≥ 0); capacity log10(2001)/4.
    const raw = 0.4 * 1 + 0.3 * 1 + 0.2 * 0.5 + 0.1 * (Math.log10(2001) / 4);
    // 3 outcomes and 1 missing: raw × 3/4 over 4, shrunk toward 0.5 weighing 30.
    expect(p.performanceScore).toBeCloseTo((30 * 0.5 + 4 * ((raw * 3) / 4)) / 34, 10);
    expect(p).toMatchObject({ signals: 4, outcomes: 3, pending: 0, missing: 1 });
  });

  it('an unverified target never scores above the prior, but may below; a downgraded feed scores 0; missing outcomes alone lower it', () => {
    expect(performanceOf(input({ verified: false })).performanceScore).toBe(0.5);
    const losing = input({ verified: false, outcomes: [{ atMs: D0, netBps: -40 }, { atMs: D0 + 1, netBps: -20 }] });
    expect(performanceOf(losing).performanceScore).toBeLessThan(0.5);
    expect(performanceOf(input({ downgraded: true })).performanceScore).toBe(0);
    const nothingButMissing = performanceOf(input({ outcomes: [], missing: 10 }));
    expect(nothingButMissing.performanceScore).toBeCloseTo((30 * 0.5) / 40, 10);
    expect(performanceOf(input({ outcomes: [], missing: 0 })).performanceScore).toBe(0.5);
    expect(nothingButMissing.simToLive).toBeNull();
  });

  it('a day folded into an aggregate gives the same mean, stdev and cumulative', () => {
    const folded: DailyAggregate = { dayStartMs: D0, lineage: 'x', signals: 2, outcomes: 2, missing: 0, sumNetBps: -10, sumSqNetBps: 500, hits: 1, verified: 2 };
    const kept = performanceOf(input());
    const withAggregate = performanceOf(input({ aggregates: [folded], outcomes: [{ atMs: D0 + DAY + 1_000, netBps: 30 }], signalsByDay: new Map([[D0 + DAY, 1]]) }));
    expect(withAggregate.live.meanNetBps).toBeCloseTo(kept.live.meanNetBps, 10);
    expect(withAggregate.live.stdevNetBps).toBeCloseTo(kept.live.stdevNetBps, 10);
    expect(withAggregate.live.hitRate).toBeCloseTo(kept.live.hitRate, 10);
    expect(withAggregate.live.cumulativeNetBps).toBe(20);
    expect(withAggregate.daily).toEqual(kept.daily);
    // The folded day is one step of the path: its inner drawdown (10 → −10) is not seen.
    expect(withAggregate.live.maxDrawdownBps).toBe(10);
  });

  it('drift is judged both ways: live +957 bps against a 2.3 bps backtest, +4.2σ, is flagged as a fall of 4.2σ is (issue 73)', () => {
    // 30 outcomes alternating 957 ± d, d chosen so that z = (957 − 2.3) / (s/√30) = 4.2 (s = d·√(30/29)).
    const zOf = (z: number) => {
      const s = ((957 - 2.3) * Math.sqrt(30)) / z;
      const d = s * Math.sqrt(29 / 30);
      return Array.from({ length: 30 }, (_, i) => ({ atMs: D0 + i, netBps: 957 + (i % 2 === 0 ? d : -d) }));
    };
    // The finding named no drawdown: one wide enough that only the z rule can speak here.
    const finding = { ...backtest, meanNetBps: 2.3, maxDrawdownBps: 2_000 };
    const far = performanceOf(input({ outcomes: zOf(4.2), backtest: finding }));
    expect(far.live.meanNetBps).toBeCloseTo(957, 6);
    expect(far.simToLive!.z).toBeCloseTo(4.2, 6);
    expect(far.live.maxDrawdownBps).toBeLessThan(2 * finding.maxDrawdownBps); // the z rule flags it, not the drawdown
    expect(driftOf(far, finding)).toMatch(/live mean 957\.00 bps is 4\.20 standard errors above the backtest's 2\.3 bps \(threshold 3, either way\)/);
    // Just inside the band it is not; the same distance below is flagged as before.
    expect(driftOf(performanceOf(input({ outcomes: zOf(2.9), backtest: finding })), finding)).toBeUndefined();
    const mirrored = zOf(4.2).map((o) => ({ ...o, netBps: 2 * 2.3 - o.netBps }));
    expect(driftOf(performanceOf(input({ outcomes: mirrored, backtest: finding })), finding)).toMatch(/4\.20 standard errors below/);
  });

  it('drift: only with 30 outcomes; z ≤ −3, or a drawdown past twice the backtest', () => {
    const losers = (n: number, net: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ atMs: D0 + i, netBps: net(i) }));
    // Alternating −20 and −10: mean −15, stdev ≈ 5.08; z = (−15 − 4.2)/(5.08/√30) ≪ −3.
    expect(driftOf(performanceOf(input({ outcomes: losers(29, (i) => (i % 2 === 0 ? -20 : -10)) })), backtest)).toBeUndefined();
    expect(driftOf(performanceOf(input({ outcomes: losers(30, (i) => (i % 2 === 0 ? -20 : -10)) })), backtest)).toMatch(/standard errors below/);
    // Mean +5 (above the backtest) but one fall of 800 bps: past 2 × 350.
    const fall = losers(30, (i) => (i === 10 ? -800 : i === 11 ? 800 : 5 + (i === 12 ? 0 : 0)));
    const f = performanceOf(input({ outcomes: fall }));
    expect(f.simToLive!.z).toBeGreaterThan(-3);
    expect(driftOf(f, backtest)).toMatch(/drawdown 800\.0 bps passes 2× the backtest's 350/);
  });

  it('capacity in exact decimals; the cost of a signal from the price of a right', () => {
    expect(timesPat('2.5', 3)).toBe('7.5');
    expect(timesPat('0.000001', 7)).toBe('0.000007');
    // 2 PAT a right of 7 days; 10 signals a day → 70 a window: 2/70 PAT a signal of a 100 PAT notional.
    expect(costPerSignalBps({ priceMicros: 2_000_000, windowMs: 7 * DAY, source: 'vwap' }, 10, '100')).toBeCloseTo(((2 / 70) / 100) * 10_000, 10);
    // Fewer signals than one a window: the whole right on one.
    expect(costPerSignalBps({ priceMicros: 2_000_000, windowMs: 3_600_000, source: 'ask' }, 1, '100')).toBeCloseTo(200, 10);
    expect(costPerSignalBps(undefined, 10, '100')).toBe(0);
  });
});

describe("the exchange's own outcome", () => {
  const B = Side.BUY;
  const S = Side.SELL;
  /** Trades of series 7 at these (time, price, taker side) triples, ids from 1, read as the trade history reads them. */
  function history(trades: [number, number, Side][]): TradeReader {
    const all = trades.map(([timeMs, priceMicros, takerSide], i) => ({ tradeId: i + 1, timeMs, priceMicros, qty: 1, takerSide }));
    return {
      recent: (seriesId, limit, before = Number.MAX_SAFE_INTEGER) => (seriesId === 7 ? all.filter((t) => t.tradeId < before).reverse().slice(0, limit) : []),
    };
  }

  it('the last trade at or before a time, by a search over trade ids', () => {
    const h = history([
      [100, 1_000_000, B],
      [200, 1_100_000, B],
      [200, 1_200_000, B],
      [350, 900_000, S],
      [900, 1_000_000, B],
    ]);
    expect(lastTradeIdAtOrBefore(h, 7, 99)).toBeUndefined();
    expect(lastTradeIdAtOrBefore(h, 7, 100)).toBe(1);
    expect(lastTradeIdAtOrBefore(h, 7, 250)).toBe(3); // the later of two trades at 200
    expect(lastTradeIdAtOrBefore(h, 7, 899)).toBe(4);
    expect(lastTradeIdAtOrBefore(h, 7, 10_000)).toBe(5);
    expect(lastTradeIdAtOrBefore(h, 8, 10_000)).toBeUndefined();
  });

  it("the mark: the geometric mean of the last buyer's and the last seller's trade, so the bid-ask bounce is no outcome", () => {
    // The broker quotes 0.95 / 1.05 throughout: consumers buy at the ask, providers sell at the bid.
    const h = history([
      [100, 950_000, S],
      [200, 1_050_000, B],
      [300, 950_000, S], // the signal at 300: its last trade is at the bid
      [400, 1_050_000, B], // the horizon at 400: its last trade is at the ask
      [500, 1_100_000, B],
      [600, 1_000_000, S], // both sides up by 5 ticks of 0.01
    ]);
    expect(markAtOrBefore(h, 7, 150)).toBeUndefined(); // only a seller yet
    expect(markAtOrBefore(h, 7, 300)).toBeCloseTo(Math.sqrt(950_000 * 1_050_000), 6);
    // The last trade alone would read +953 bps between 300 and 400; the mark reads nothing happened.
    expect(seriesOutcomeBps(h, '7', 300, 100)).toBeCloseTo(0, 10);
    // Both sides moved: the mark moves by their mean log move.
    expect(seriesOutcomeBps(h, '7', 300, 300)).toBeCloseTo(10_000 * 0.5 * (Math.log(1_100_000 / 1_050_000) + Math.log(1_000_000 / 950_000)), 8);
    // One buyer paying more moves the mark by half its step, not the whole.
    expect(seriesOutcomeBps(h, '7', 400, 100)).toBeCloseTo(10_000 * 0.5 * Math.log(1_100_000 / 1_050_000), 8);
    expect(seriesOutcomeBps(h, '7', 150, 300)).toBeUndefined(); // no mark at the signal: void
    expect(seriesOutcomeBps(h, 'AUTO', 300, 100)).toBeUndefined();
  });

  it('a side not seen in the last MARK_LOOKBACK_TRADES trades leaves no mark', () => {
    const trades: [number, number, Side][] = [[1, 900_000, S]];
    for (let i = 0; i < MARK_LOOKBACK_TRADES; i++) trades.push([2 + i, 1_000_000, B]);
    expect(markAtOrBefore(history(trades), 7, 10_000_000)).toBeUndefined();
    expect(markAtOrBefore(history(trades.slice(0, -1)), 7, 10_000_000)).toBeCloseTo(Math.sqrt(900_000 * 1_000_000), 6);
  });
});
