/**
 * The snapshot budget's arithmetic (snapshot-budget.ts) on a clock of the test's own: one
 * total per second, an equal share per address active in the last second, a quiet
 * address's share back to the others, a newcomer served at once, debts kept.
 */
import { describe, expect, it } from 'vitest';
import { SnapshotBudget } from '../../src/gateway/snapshot-budget.js';

/** Takes `levels` in steps of `step` until refused; returns what was granted. */
function drain(budget: SnapshotBudget, address: string, step: number, nowMs: number): number {
  let granted = 0;
  while (budget.take(address, step, nowMs)) granted += step;
  return granted;
}

describe('snapshot budget shared by address', () => {
  it('an address alone may use the whole budget, in any number of requests (its connections share it)', () => {
    const budget = new SnapshotBudget(10_000);
    expect(drain(budget, '198.51.100.1', 100, 0)).toBe(10_000);
    // A second later, a second's worth again, and no more.
    expect(drain(budget, '198.51.100.1', 100, 1_000)).toBe(10_000);
  });

  it('a newcomer is served at once from an equal share while another drains the budget; then each refills at half the total rate', () => {
    const budget = new SnapshotBudget(10_000);
    expect(drain(budget, 'amplifier', 100, 0)).toBe(10_000);
    // The honest address arrives with the amplifier's bucket empty: it has half, at once.
    expect(budget.take('honest', 1_500, 10)).toBe(true);
    expect(budget.activeAddresses).toBe(2);
    expect(budget.share).toBe(5_000);
    expect(drain(budget, 'honest', 100, 10)).toBe(3_500); // the rest of its share
    // From then on each refills at half the rate: 5 levels a ms, 1,000 ms from t=10 (the amplifier's since t=0).
    let amplifier = 0;
    let honest = 0;
    for (let t = 20; t <= 1_010; t += 10) {
      amplifier += drain(budget, 'amplifier', 50, t);
      honest += drain(budget, 'honest', 50, t);
    }
    expect(amplifier).toBe(5_050);
    expect(honest).toBe(5_000);
  });

  it("a quiet address's share goes back to the others a second after it is full again", () => {
    const budget = new SnapshotBudget(10_000);
    budget.take('a', 100, 0);
    budget.take('b', 100, 0);
    expect(budget.share).toBe(5_000);
    // b asks nothing more; a keeps asking. After a second b's bucket is full and b is dropped.
    drain(budget, 'a', 100, 500);
    drain(budget, 'a', 100, 1_200);
    expect(budget.activeAddresses).toBe(1);
    expect(budget.share).toBe(10_000);
    // a now refills at the whole rate: half a second later it has 5,000.
    expect(drain(budget, 'a', 100, 1_700)).toBe(5_000);
  });

  it('a snapshot larger than the share passes from a full bucket and leaves a debt, which going quiet does not forget', () => {
    const budget = new SnapshotBudget(1_000);
    expect(budget.take('deep', 5_000, 0)).toBe(true); // a book deeper than a second's budget, once
    expect(budget.take('deep', 1, 0)).toBe(false);
    // 1.5 s quiet: still 3,500 in debt, so not dropped, and still refused.
    expect(budget.take('other', 1, 1_500)).toBe(true);
    expect(budget.activeAddresses).toBe(2);
    expect(budget.take('deep', 1, 1_500)).toBe(false);
  });

  it('copes with the clock stepping back', () => {
    const budget = new SnapshotBudget(1_000);
    expect(drain(budget, 'a', 100, 10_000)).toBe(1_000);
    expect(budget.take('a', 100, 5_000)).toBe(false); // no refill from a step back
    expect(budget.take('a', 100, 5_200)).toBe(true); // counted from the step on
  });
});
