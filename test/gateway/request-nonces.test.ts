/**
 * The signed requests' nonces (src/gateway/request-nonces.ts): each taken once while its signature's time is in the
 * window. The finding this answers (an outside review, 2026-12-04): the route checked the time, waited for the signer's
 * recovery on an intake thread, then took the nonce at a later clock; a request replayed just inside the window found
 * its nonce swept by then, and ran twice.
 */
import { describe, expect, it } from 'vitest';
import { RequestNonces } from '../../src/gateway/request-nonces.js';

const SKEW = 30_000;
const T = 1_800_000_000_000;

describe('request nonces', () => {
  it('refuse a replay at every instant the signature is still good, the last one included', () => {
    for (const firstUseAt of [T - SKEW, T, T + SKEW]) {
      for (const replayAt of [firstUseAt, T + SKEW - 1, T + SKEW]) {
        if (replayAt < firstUseAt) continue;
        const nonces = new RequestNonces(SKEW);
        expect(nonces.use('0xa', 'n-1', T, firstUseAt)).toBe('fresh');
        expect(nonces.use('0xa', 'n-1', T, replayAt), `first ${firstUseAt - T}, again ${replayAt - T}`).toBe('replayed');
      }
    }
  });

  it('refuse a signature whose time passed the window while its signer was recovered, and remember nothing of it', () => {
    const nonces = new RequestNonces(SKEW);
    expect(nonces.use('0xa', 'n-1', T, T)).toBe('fresh');
    // The replay passed the route's time check at T + SKEW − 1, then waited 5 ms on the intake.
    expect(nonces.use('0xa', 'n-1', T, T + SKEW + 4)).toBe('stale');
    expect(nonces.use('0xb', 'n-2', T, T + SKEW + 1)).toBe('stale');
    expect(nonces.size).toBe(1); // the stale never kept
  });

  it('forget a nonce once its signature can no longer be good, and another account may use the same nonce', () => {
    const nonces = new RequestNonces(SKEW);
    expect(nonces.use('0xa', 'n-1', T, T)).toBe('fresh');
    expect(nonces.use('0xb', 'n-1', T, T)).toBe('fresh');
    expect(nonces.size).toBe(2);
    expect(nonces.use('0xc', 'n-3', T + SKEW + 1, T + SKEW + 1)).toBe('fresh');
    expect(nonces.size).toBe(1);
  });

  it('are bounded: past the limit a new nonce is refused until old ones expire', () => {
    const nonces = new RequestNonces(SKEW, 2);
    expect(nonces.use('0xa', 'n-1', T, T)).toBe('fresh');
    expect(nonces.use('0xa', 'n-2', T, T)).toBe('fresh');
    expect(nonces.use('0xa', 'n-3', T, T)).toBe('full');
    expect(nonces.use('0xa', 'n-3', T + SKEW + 1, T + SKEW + 1)).toBe('fresh');
  });

  it("keep a quarter for accounts: keys with no account are refused past 3/4 of the limit, an account's request is not", () => {
    const nonces = new RequestNonces(SKEW, 8);
    expect(nonces.strangersRoom).toBe(6);
    for (let i = 0; i < 6; i++) expect(nonces.use(`0xs${i}`, 'n-1', T, T, false)).toBe('fresh');
    expect(nonces.use('0xs6', 'n-1', T, T, false)).toBe('full');
    expect(nonces.use('0xa', 'n-1', T, T, true)).toBe('fresh');
    expect(nonces.use('0xa', 'n-2', T, T)).toBe('fresh');
    expect(nonces.use('0xa', 'n-3', T, T)).toBe('full');
  });
});
