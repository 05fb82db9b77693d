/** bandEdgesMicros: the band's edges on the tick are exactly where outsideBand starts refusing. */
import { describe, expect, it } from 'vitest';
import { bandEdgesMicros, defaultRiskParams, outsideBand } from '../../src/risk/index.js';
import { prng } from '../support/engine-fixture.js';

describe('bandEdgesMicros', () => {
  it('gives the last limits outsideBand admits, a tick further is refused', () => {
    const rand = prng(5);
    for (let i = 0; i < 2_000; i++) {
      const tick = [1, 100, 1_000][i % 3]!;
      const reference = (1 + Math.floor(rand() * 10_000)) * tick;
      const p = { ...defaultRiskParams(), priceBandBps: 1 + Math.floor(rand() * 5_000) };
      const { maxBuyMicros, minSellMicros } = bandEdgesMicros(p.priceBandBps, reference, tick);
      expect(outsideBand(p, true, maxBuyMicros, reference)).toBe(false);
      expect(outsideBand(p, true, maxBuyMicros + tick, reference)).toBe(true);
      expect(outsideBand(p, false, minSellMicros, reference)).toBe(false);
      if (minSellMicros > tick) expect(outsideBand(p, false, minSellMicros - tick, reference)).toBe(true);
    }
  });
});
