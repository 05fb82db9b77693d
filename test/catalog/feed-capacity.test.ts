/**
 * A model feed's capacity and slippage estimate (src/catalog/feed-capacity.ts) against figures
 * computed by hand: the sizes its signals trade, the market in their instruments, the capacity at
 * 10% participation and the square-root slippage.
 */
import { describe, expect, it } from 'vitest';
import { capacityOf, CAPACITY_WINDOW_MS, type CapacitySignal } from '../../src/catalog/feed-capacity.js';
import type { TradeReader } from '../../src/catalog/feed-prices.js';
import { Side } from '../../src/engine/index.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 20, 12);
const NOTIONAL = 100_000_000; // 100 PAT

/** Trades of one series, ids in time order; `recent` answers newest first below a trade id, as the trade history does. */
function reader(trades: { timeMs: number; priceMicros: number; qty: number; takerSide: Side }[]): TradeReader {
  const rows = trades.map((t, i) => ({ ...t, tradeId: i + 1 }));
  return {
    recent(seriesId, limit, before) {
      if (seriesId !== 7) return [];
      return rows.filter((t) => before === undefined || t.tradeId < before).reverse().slice(0, limit);
    },
  };
}

const signals: CapacitySignal[] = [
  { atMs: NOW - 3 * HOUR, instrument: '7', position: 0.5, outcomeBps: 10 },
  { atMs: NOW - 2 * HOUR, instrument: '7', position: -0.5, outcomeBps: -30 },
  { atMs: NOW - HOUR, instrument: '7', position: 0.5, outcomeBps: 20 },
  // Older than the window: not counted.
  { atMs: NOW - CAPACITY_WINDOW_MS - 1, instrument: '7', position: -1, outcomeBps: 500 },
];

describe('capacity and slippage from the signals’ own traded sizes', () => {
  it('a patx-series feed: trade sizes, the market, capacity at 10% participation, slippage by the square-root law', () => {
    const trades = reader([
      { timeMs: NOW - 4 * HOUR, priceMicros: 5_000_000, qty: 1_000, takerSide: Side.BUY }, // before the window's first signal
      { timeMs: NOW - 150 * 60_000, priceMicros: 1_100_000, qty: 10, takerSide: Side.BUY },
      { timeMs: NOW - 90 * 60_000, priceMicros: 900_000, qty: 10, takerSide: Side.SELL },
      { timeMs: NOW + 1, priceMicros: 5_000_000, qty: 1_000, takerSide: Side.SELL }, // after now
    ]);
    const e = capacityOf({ signals, nowMs: NOW, notionalMicros: NOTIONAL, seats: 20, trades });
    // |0.5 − 0| + |−0.5 − 0.5| + |0.5 − (−0.5)| = 2.5 of the notional over 3 signals and 3 hours.
    expect(e).toMatchObject({ fromMs: NOW - 3 * HOUR, toMs: NOW, signals: 3, meanTradeMicros: 83_333_333, maxTradeMicros: 100_000_000, turnoverMicrosPerDay: 2_000_000_000 });
    // M = 10 × 1.1 + 10 × 0.9 PAT = 20 PAT in 3 hours; half-spread 5,000 × ln(1.1/0.9); σ_h the outcomes' stdev (√700).
    const half = 5_000 * Math.log(1.1 / 0.9);
    expect(e.market).toMatchObject({ tradedMicrosPerDay: 160_000_000 });
    expect(e.market!.halfSpreadBps).toBeCloseTo(half, 9);
    expect(e.market!.horizonVolBps).toBeCloseTo(Math.sqrt(700), 9);
    // capacity = 0.1 × 20 PAT / 2.5 = 0.8 PAT: less than one right's 100 PAT notional.
    expect(e.capacityPat).toBe('0.8');
    expect(e.capacityRights).toBe(0);
    const slip = (notional: number) => half + Math.sqrt(700) * Math.sqrt((notional * 2.5) / 20_000_000);
    expect(e.slippageBps!.oneRight).toBeCloseTo(slip(NOTIONAL), 9);
    expect(e.slippageBps!.atSeats).toBeCloseTo(slip(20 * NOTIONAL), 9);
    expect(e.slippageBps!.atCapacity).toBeCloseTo(half + Math.sqrt(700) * Math.sqrt(0.1), 9);
  });

  it('an external target: the trade sizes only (the exchange does not see that market); no signals: zeros', () => {
    const e = capacityOf({ signals, nowMs: NOW, notionalMicros: NOTIONAL, seats: undefined, trades: undefined });
    expect(e).toMatchObject({ signals: 3, meanTradeMicros: 83_333_333, market: null, capacityPat: null, capacityRights: null, slippageBps: null });
    const none = capacityOf({ signals: [], nowMs: NOW, notionalMicros: NOTIONAL, seats: 5, trades: reader([]) });
    expect(none).toMatchObject({ signals: 0, meanTradeMicros: 0, maxTradeMicros: 0, turnoverMicrosPerDay: 0, capacityPat: null, slippageBps: null });
  });
});
