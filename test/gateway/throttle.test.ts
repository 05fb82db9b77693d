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

  it('keeps refilling after the clock steps back', () => {
    const t = new MessageThrottle(10, 1_000);
    for (let i = 0; i < 10; i++) t.take(1_000);
    expect(t.take(500)).toBe(false); // stepped back: no time has passed
    expect(t.take(600)).toBe(true); // 100 ms later on the new clock: one token
  });
});
