/** MessageThrottle: a token bucket on the service's clock, which may step back. */
import { describe, expect, it } from 'vitest';
import { MessageThrottle } from '../../src/gateway/throttle.js';

describe('MessageThrottle', () => {
  it('passes a second of burst, refuses beyond it, and refills with time', () => {
    const t = new MessageThrottle(10, 1_000);
    for (let i = 0; i < 10; i++) expect(t.take(1_000)).toBe(true);
    expect(t.take(1_000)).toBe(false);
    expect(t.take(1_099)).toBe(false); // 0.99 of a token
    expect(t.take(1_100)).toBe(true);
  });

  it('says how long a refused message must wait: until the bucket holds its cost (a cost over the size: a full bucket)', () => {
    const t = new MessageThrottle(2_000, 1_000);
    for (let i = 0; i < 2_000; i++) t.take(1_000);
    expect(t.take(1_000)).toBe(false);
    expect(t.retryAfterMs()).toBe(1); // half a millisecond's refill, in whole ms
    const slow = new MessageThrottle(20, 1_000);
    for (let i = 0; i < 20; i++) slow.take(1_000);
    expect(slow.take(1_010)).toBe(false); // 0.2 of a token
    expect(slow.retryAfterMs()).toBe(40);
    expect(slow.take(1_050)).toBe(true);
    expect(slow.take(1_050, 50)).toBe(false);
    expect(slow.retryAfterMs(50)).toBe(1_000); // empty, and it waits for all 20
  });

  it('keeps refilling after the clock steps back', () => {
    const t = new MessageThrottle(10, 1_000);
    for (let i = 0; i < 10; i++) t.take(1_000);
    expect(t.take(500)).toBe(false); // stepped back: no time has passed
    expect(t.take(600)).toBe(true); // 100 ms later on the new clock: one token
  });

  it('charges a request its cost, and lets one larger than the bucket pass only from full, into debt', () => {
    const t = new MessageThrottle(1_000, 1_000);
    expect(t.take(1_000, 600)).toBe(true);
    expect(t.take(1_000, 600)).toBe(false); // 400 left
    expect(t.take(1_000, 400)).toBe(true);
    expect(t.take(2_000, 5_000)).toBe(true); // full again: passes, 4,000 owed
    expect(t.take(5_000, 1)).toBe(false); // 3 s later: still 1,000 short
    expect(t.take(6_001, 1)).toBe(true);
  });
});
