/** PAT as people see it (exactly 4 decimals, cut toward zero) and as they type it (exact µPAT). */
import { describe, expect, it } from 'vitest';
import { patExact, patOfMicros, patShown, patToMicros } from '../../src/client/index.js';
import { patOfMicros as enginePatOfMicros } from '../../src/engine/index.js';

describe('patShown', () => {
  it('shows exactly 4 decimals, cut toward zero, never rounded up', () => {
    expect(patShown(894_000)).toBe('0.8940');
    expect(patShown(0)).toBe('0.0000');
    expect(patShown(1_000_000)).toBe('1.0000');
    expect(patShown(7_618_661_829)).toBe('7618.6618'); // the operator page's 7618.661829
    expect(patShown(99)).toBe('0.0000');
    expect(patShown(-46_000)).toBe('-0.0460');
    expect(patShown(-46_099)).toBe('-0.0460');
    expect(patShown(12_345_678n)).toBe('12.3456');
  });
});

describe('patToMicros and patOfMicros', () => {
  it('round-trip what a person types, exactly', () => {
    expect(patToMicros('0.85')).toBe(850_000);
    expect(patToMicros('0.8500001')).toBeUndefined();
    expect(patToMicros('-1')).toBeUndefined();
    expect(patOfMicros(850_000)).toBe('0.85');
  });

  it("says µPAT as PAT in the same words as the engine's copy (the service's refusals)", () => {
    for (const micros of [0, 1, 850_000, 1_000_000, 100_000_000, 1_234_567, 7_618_661_829, -46_000, -1]) expect(patOfMicros(micros)).toBe(enginePatOfMicros(micros));
    expect([patOfMicros(0), patOfMicros(1), patOfMicros(100_000_000), patOfMicros(-46_000)]).toEqual(['0', '0.000001', '100', '-0.046']);
  });
});

describe('patExact', () => {
  it('shows at least 4 decimals, as people see PAT, and every µPAT beyond them: never cut', () => {
    expect(patExact(706_000)).toBe('0.7060');
    expect(patExact(12_500_000)).toBe('12.5000');
    expect(patExact(12_000_000)).toBe('12.0000');
    expect(patExact(20_000_001)).toBe('20.000001');
    expect(patExact(894_150)).toBe('0.89415');
    expect(patExact(0)).toBe('0.0000');
    expect(patExact(-1_500_000)).toBe('-1.5000');
  });
});
