/**
 * ShortRuns (src/runtime/short-runs.ts): a side thread's long piece of work sleeps once each run has lasted its
 * length, and only then; the next run is timed from the nap's end. On a test's clock and sleep, then once on the real
 * ones (the nap is a real futex wait: the thread is off the CPU while it lasts).
 */
import { describe, expect, it } from 'vitest';
import { ShortRuns } from '../../src/runtime/short-runs.js';

describe('short runs', () => {
  it('naps once a run has lasted runMs, times the next run from the nap end, and a new piece of work starts a new run', () => {
    let now = 100;
    const naps: number[] = [];
    const sleep = (ms: number): void => {
      naps.push(ms);
      now += ms;
    };
    const runs = new ShortRuns({ runMs: 2, napMs: 0.5, now: () => now, sleep });
    runs.begin();
    now += 1;
    runs.breathe(); // 1 ms into the run
    expect(naps).toEqual([]);
    now += 1;
    runs.breathe(); // 2 ms: a nap
    expect(naps).toEqual([0.5]);
    now += 1.5;
    runs.breathe(); // 1.5 ms since the nap ended
    expect(naps).toHaveLength(1);
    now += 0.5;
    runs.breathe();
    expect(naps).toHaveLength(2);
    now += 5; // idle between two pieces of work: the next begins a run of its own
    runs.begin();
    runs.breathe();
    expect(naps).toHaveLength(2);
    expect(runs.naps).toBe(2);
  });

  it('takes no nap while work waits behind, and times the next run from then', () => {
    let now = 0;
    let behind = true;
    const naps: number[] = [];
    const runs = new ShortRuns({ runMs: 2, napMs: 0.5, now: () => now, sleep: (ms) => void naps.push(ms), behind: () => behind });
    runs.begin();
    now += 3;
    runs.breathe();
    expect(naps).toEqual([]);
    behind = false;
    now += 1;
    runs.breathe(); // 1 ms since the run was timed again
    expect(naps).toEqual([]);
    now += 1;
    runs.breathe();
    expect(naps).toEqual([0.5]);
  });

  it('on the real clock, a run of work past runMs sleeps at least napMs between its runs', () => {
    const runs = new ShortRuns({ runMs: 0, napMs: 2 });
    runs.begin();
    const from = performance.now();
    for (let i = 0; i < 3; i++) runs.breathe();
    expect(runs.naps).toBe(3);
    expect(performance.now() - from).toBeGreaterThanOrEqual(5.9); // three naps of 2 ms, whatever else the machine does
  });
});
