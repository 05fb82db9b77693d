/**
 * The revocations feed's long polls (src/grants/revocation-waits.ts): a wait settles when its provider's
 * revocation is written, when its time is up, when cancelled, or when the waits close; a provider holds at
 * most WAITS_PER_PROVIDER at once and all providers WAITS_IN_ALL, a wait beyond either not taken (the route
 * then answers at once). Unverified providers together hold at most UNVERIFIED_WAITS_IN_ALL: the rest is kept
 * for verified providers' gates (an outside review: 256 self-declared providers held all 1,024).
 */
import { describe, expect, it } from 'vitest';
import { RevocationWaits, UNVERIFIED_WAITS_IN_ALL, WAITS_IN_ALL, WAITS_PER_PROVIDER, type RevocationWait, type RevocationWaitRefused } from '../../src/grants/revocation-waits.js';

/** Whether `wait` took the wait (written here, not imported: the test reads the same on the code before refusals were typed). */
const taken = (w: RevocationWait | RevocationWaitRefused | undefined): w is RevocationWait => w !== undefined && !('refused' in w);

const state = (p: Promise<void>): Promise<'settled' | 'pending'> => Promise.race([p.then(() => 'settled' as const), new Promise<'pending'>((r) => setTimeout(() => r('pending'), 20))]);

describe('revocation waits', () => {
  it('wake only their provider, and settle once', async () => {
    const waits = new RevocationWaits();
    const a = waits.wait(1, 60_000, true) as RevocationWait;
    const b = waits.wait(2, 60_000, true) as RevocationWait;
    expect(waits.size).toBe(2);
    waits.wake([1]);
    expect(await state(a.settled)).toBe('settled');
    expect(await state(b.settled)).toBe('pending');
    expect(waits.size).toBe(1);
    a.cancel(); // already settled: changes nothing
    expect(waits.size).toBe(1);
    b.cancel();
    expect(await state(b.settled)).toBe('settled');
    expect(waits.size).toBe(0);
  });

  it('end when their time is up', async () => {
    const waits = new RevocationWaits();
    const w = waits.wait(1, 10, true) as RevocationWait;
    await w.settled;
    expect(waits.size).toBe(0);
  });

  it('are bounded by provider and in all; closing settles every one and takes no more', async () => {
    const waits = new RevocationWaits(2, 3);
    const held = [waits.wait(1, 60_000, true), waits.wait(1, 60_000, true)];
    expect(waits.wait(1, 60_000, true)).toEqual({ refused: 'provider_full' }); // the provider's two are held
    held.push(waits.wait(2, 60_000, true));
    expect(waits.wait(3, 60_000, true)).toEqual({ refused: 'all_full' }); // three in all
    expect(waits.size).toBe(3);
    waits.close();
    for (const w of held) expect(await state((w as RevocationWait).settled)).toBe('settled');
    expect(waits.size).toBe(0);
    expect(waits.wait(4, 60_000, true)).toEqual({ refused: 'closed' });
  });

  it("unverified providers together hold a small share: however many fresh keys poll, verified providers' gates still wait", async () => {
    const waits = new RevocationWaits();
    const strangers: RevocationWait[] = [];
    // 256 self-declared providers, 4 polls each: once filled the whole pool.
    for (let p = 1_000; p < 1_000 + WAITS_IN_ALL / WAITS_PER_PROVIDER; p++) {
      for (let i = 0; i < WAITS_PER_PROVIDER; i++) {
        const w = waits.wait(p, 60_000, false);
        if (taken(w)) strangers.push(w);
        else expect(w).toEqual({ refused: 'unverified_full' });
      }
    }
    expect(strangers.length).toBeLessThanOrEqual(WAITS_IN_ALL / 8);
    expect(strangers).toHaveLength(UNVERIFIED_WAITS_IN_ALL);
    expect(waits.unverifiedSize).toBe(UNVERIFIED_WAITS_IN_ALL);
    // Every verified provider's gate still finds its places, up to the total.
    const verified: RevocationWait[] = [];
    for (let p = 1; verified.length < WAITS_IN_ALL - UNVERIFIED_WAITS_IN_ALL; p++) {
      for (let i = 0; i < WAITS_PER_PROVIDER; i++) {
        const w = waits.wait(p, 60_000, true);
        expect(taken(w)).toBe(true);
        verified.push(w as RevocationWait);
      }
    }
    expect(waits.size).toBe(WAITS_IN_ALL);
    expect(waits.wait(5_000, 60_000, true)).toEqual({ refused: 'all_full' });
    // A stranger's wait that ends gives its place to another stranger, never more than the share.
    strangers[0]!.cancel();
    expect(waits.unverifiedSize).toBe(UNVERIFIED_WAITS_IN_ALL - 1);
    verified[0]!.cancel();
    expect(taken(waits.wait(2_000, 60_000, false))).toBe(true);
    expect(waits.wait(2_001, 60_000, false)).toEqual({ refused: 'unverified_full' });
    waits.close();
    expect(waits.size).toBe(0);
    expect(waits.unverifiedSize).toBe(0);
  });
});
