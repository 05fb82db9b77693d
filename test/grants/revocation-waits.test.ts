/**
 * The revocations feed's long polls (src/grants/revocation-waits.ts): a wait settles when its provider's
 * revocation is written, when its time is up, when cancelled, or when the waits close; a provider holds at
 * most WAITS_PER_PROVIDER at once and all providers WAITS_IN_ALL, a wait beyond either not taken (the route
 * then answers at once).
 */
import { describe, expect, it } from 'vitest';
import { RevocationWaits } from '../../src/grants/revocation-waits.js';

const state = (p: Promise<void>): Promise<'settled' | 'pending'> => Promise.race([p.then(() => 'settled' as const), new Promise<'pending'>((r) => setTimeout(() => r('pending'), 20))]);

describe('revocation waits', () => {
  it('wake only their provider, and settle once', async () => {
    const waits = new RevocationWaits();
    const a = waits.wait(1, 60_000)!;
    const b = waits.wait(2, 60_000)!;
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
    const w = waits.wait(1, 10)!;
    await w.settled;
    expect(waits.size).toBe(0);
  });

  it('are bounded by provider and in all; closing settles every one and takes no more', async () => {
    const waits = new RevocationWaits(2, 3);
    const held = [waits.wait(1, 60_000), waits.wait(1, 60_000)];
    expect(waits.wait(1, 60_000)).toBeUndefined(); // the provider's two are held
    held.push(waits.wait(2, 60_000));
    expect(waits.wait(3, 60_000)).toBeUndefined(); // three in all
    expect(waits.size).toBe(3);
    waits.close();
    for (const w of held) expect(await state(w!.settled)).toBe('settled');
    expect(waits.size).toBe(0);
    expect(waits.wait(4, 60_000)).toBeUndefined();
  });
});
