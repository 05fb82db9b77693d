/**
 * PRICE_OUTSIDE_BAND's words (src/cli/trading.ts `bandEdge`): where the risk band lets an order go now, and how wide the
 * band is. At a price of a few ticks the band's floor (5 ticks, engine rules 11) is wider than its share, and the words
 * say the floor: an outside review read "±20%" beside an edge 38% from the reference.
 */
import { describe, expect, it } from 'vitest';
import { bandEdge, type RefusedIn } from '../../src/cli/trading.js';

const terms = (referencePriceMicros: number): RefusedIn => ({ kind: 'CALL', tickMicros: 1_000, minPriceMicros: 1_000, maxPriceMicros: 1_000_000, referencePriceMicros, priceBandBps: 2_000, priceBandMinMicros: 5_000 });

describe('the risk band in words', () => {
  it('its share where the share is wider than the floor; the floor in ticks where it is not', () => {
    expect(bandEdge(terms(600_000), 'BUY')).toBe(', so a buy is taken up to 0.7200 PAT now (±20%)');
    expect(bandEdge(terms(13_000), 'BUY')).toBe(', so a buy is taken up to 0.0180 PAT now (±5 ticks: 20% of the reference is less)');
    expect(bandEdge(terms(13_000), 'SELL')).toBe(', so a sale down to 0.0080 PAT now (±5 ticks: 20% of the reference is less)');
    expect(bandEdge({ ...terms(13_000), priceBandBps: 0 }, 'BUY')).toBe('');
  });
});
