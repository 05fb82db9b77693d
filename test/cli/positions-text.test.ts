/**
 * `patx positions` for cash-settled series (src/cli/trading-format.ts): a synthetic's or an option's
 * row says what is locked for it and what it is worth at the series' latest mark (a synthetic's P&L
 * there too); a flat synthetic that lost is still a position (its loss stays locked until the close:
 * the command listed "no positions" beside a lock); spot rows leave those columns blank, and a page
 * of spot alone has none of them.
 */
import { describe, expect, it } from 'vitest';
import { cashView, positionsText, type PositionRow } from '../../src/cli/trading-format.js';

const row = (over: Partial<PositionRow>): PositionRow => ({ seriesId: 9, contract: 'AUTO_INTENT|1D|0.70-0.85', kind: 'SPOT', closeAtMs: 0, qty: 0, held: 0, exercised: 0, state: '', ...over });
const cells = (line: string): string[] => line.split(/\s{2,}/);

describe('patx positions: the money of cash-settled positions', () => {
  it('values a synthetic at the mark with its P&L, an option at its value at the mark, a flat synthetic by its locked loss', () => {
    // Long 3 synthetics bought for 2.4 PAT, marked at 0.85: worth 2.55, up 0.15.
    expect(cashView('SYNTHETIC', 3, 510_000, 2_400_000, { markMicros: 850_000 })).toEqual({ lockedMicros: 510_000, costMicros: 2_400_000, markMicros: 850_000, valueAtMarkMicros: 2_550_000, pnlAtMarkMicros: 150_000 });
    // Short 2 calls at strike 0.80 marked at 0.85: each worth 0.05 to the holder, −0.10 to the writer; no P&L (its premium moved at the fill).
    expect(cashView('CALL', -2, 300_000, 0, { markMicros: 850_000, valueMicros: 50_000 })).toEqual({ lockedMicros: 300_000, costMicros: null, markMicros: 850_000, valueAtMarkMicros: -100_000, pnlAtMarkMicros: null });
    // Bought 4 and sold 4 lower: flat, 0.2 PAT lost and locked until the close.
    expect(cashView('SYNTHETIC', 0, 200_000, 200_000, { markMicros: 850_000 })).toEqual({ lockedMicros: 200_000, costMicros: 200_000, markMicros: 850_000, valueAtMarkMicros: 0, pnlAtMarkMicros: -200_000 });
    expect(cashView('PUT', 1, 0, 0, null)).toEqual({ lockedMicros: 0, costMicros: null, markMicros: null, valueAtMarkMicros: null, pnlAtMarkMicros: null });

    const lines = positionsText([
      row({ seriesId: 9, qty: 5, state: 'exercisable now' }),
      row({ seriesId: 31, kind: 'SYNTHETIC', state: 'cash-settled in PAT at expiry', cash: cashView('SYNTHETIC', 0, 200_000, 200_000, { markMicros: 850_000 }) }),
      row({ seriesId: 44, kind: 'CALL', qty: -2, state: 'cash-settled in PAT at expiry', cash: cashView('CALL', -2, 300_000, 0, { markMicros: 850_000, valueMicros: 50_000 }) }),
    ]).split('\n');
    expect(lines[0]).toMatch(/^SERIES\s+CONTRACT\s+KIND\s+WINDOW CLOSES\s+QTY\s+IN ORDERS\s+EXERCISED\s+LOCKED PAT\s+COST PAT\s+MARK\s+VALUE AT MARK PAT\s+P&L AT MARK PAT\s+STATE$/);
    expect(cells(lines[2]!.trim())).toEqual(['31', 'AUTO_INTENT|1D|0.70-0.85', 'SYNTHETIC', '0', '0', '0', '0.2000', '0.2000', '0.8500', '0.0000', '-0.2000', 'cash-settled in PAT at expiry']);
    expect(cells(lines[3]!.trim())).toEqual(['44', 'AUTO_INTENT|1D|0.70-0.85', 'CALL', '-2', '0', '0', '0.3000', '0.8500', '-0.1000', 'cash-settled in PAT at expiry']);
    expect(positionsText([row({ qty: 5, state: 'exercisable now' })]).split('\n')[0]).not.toContain('MARK');
  });
});
