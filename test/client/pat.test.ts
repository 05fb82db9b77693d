/** PAT as people see it (exactly 4 decimals, cut toward zero) and as they type it (exact µPAT). */
import { describe, expect, it } from 'vitest';
import { patOfMicros, patShown, patToMicros } from '../../src/client/index.js';

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
});
