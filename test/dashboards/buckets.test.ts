/** The dashboards' window (src/dashboards/buckets.ts): aligned buckets, the limits, sums and carried samples. */
import { describe, expect, it } from 'vitest';
import { bucketWindow, carryForward, sumIntoBuckets, WindowRefusal } from '../../src/dashboards/buckets.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('bucketWindow', () => {
  it('floors from and ceils to a bucket edge (days at 00:00 UTC), and defaults to the last 48 hours or 30 days', () => {
    const now = Date.UTC(2026, 10, 28, 7, 30);
    expect(bucketWindow('hour', now, now - 90 * 60_000, now)).toMatchObject({ fromMs: Date.UTC(2026, 10, 28, 6), toMs: Date.UTC(2026, 10, 28, 8), starts: [Date.UTC(2026, 10, 28, 6), Date.UTC(2026, 10, 28, 7)] });
    expect(bucketWindow('hour', now).starts).toHaveLength(48);
    const days = bucketWindow('day', now);
    expect(days.starts).toHaveLength(30);
    expect(days.toMs).toBe(Date.UTC(2026, 10, 29));
  });

  it('refuses more than 744 hours or 366 days, and an empty window, by name', () => {
    expect(bucketWindow('hour', 0, 0, 744 * HOUR).starts).toHaveLength(744);
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof WindowRefusal ? [e.code, e.details.maxBuckets] : e;
      }
      return 'not refused';
    };
    expect(refusal(() => bucketWindow('hour', 0, 0, 745 * HOUR))).toEqual(['TOO_MANY_BUCKETS', 744]);
    expect(refusal(() => bucketWindow('day', 0, 0, 367 * DAY))).toEqual(['TOO_MANY_BUCKETS', 366]);
    expect(refusal(() => bucketWindow('hour', 0, 8_640_000_000_000_000 - HOUR, 8_640_000_000_000_000))).toBe('not refused');
    expect(refusal(() => bucketWindow('hour', 0, 0, 8_640_000_000_000_000))).toEqual(['TOO_MANY_BUCKETS', 744]);
    expect(refusal(() => bucketWindow('hour', 0, 5 * HOUR, 2 * HOUR))).toEqual(['EMPTY_WINDOW', undefined]);
  });
});

describe('sumIntoBuckets and carryForward', () => {
  it('sums hours into their day, every bucket present; a sample carries forward from before the window', () => {
    const w = bucketWindow('day', 0, 0, 3 * DAY);
    const hours = [
      { hourMs: 1 * HOUR, figures: { n: 2 } },
      { hourMs: 23 * HOUR, figures: { n: 3 } },
      { hourMs: DAY + 5 * HOUR, figures: { n: 7 } },
    ];
    expect(sumIntoBuckets(w, ['n'], hours)).toEqual([
      { startMs: 0, n: 5 },
      { startMs: DAY, n: 7 },
      { startMs: 2 * DAY, n: 0 },
    ]);
    expect(carryForward(w, 'a', [{ hourMs: DAY + HOUR, sample: 'b' }])).toEqual(['a', 'b', 'b']);
    expect(carryForward(w, undefined, [{ hourMs: DAY + HOUR, sample: 'b' }])).toEqual([undefined, 'b', 'b']);
  });
});
