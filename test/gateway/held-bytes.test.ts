/**
 * The bytes the HTTP port holds (src/gateway/held-bytes.ts), alone: the total and each address's share, and the reserve
 * past the total for small holdings (a body's first 64 KiB), at most 1 MiB of it an address. Without the reserve, four
 * addresses at their 64 MiB share filled the 256 MiB total and every POST after, a 1 KiB subscribe too, was refused 503
 * (an outside review, 2026-12-04).
 */
import { describe, expect, it } from 'vitest';
import { HeldBytes, SMALL_PER_ADDRESS, SMALL_RESERVE_BYTES } from '../../src/gateway/held-bytes.js';

const MIB = 1024 * 1024;

describe('bytes held', () => {
  it('a full total refuses a large holding, and a small one takes the reserve while its address holds little', () => {
    const held = new HeldBytes(10 * MIB, 8 * MIB);
    expect(held.take('a', 8 * MIB)).toBeUndefined();
    expect(held.take('a', 1)).toBe('address');
    expect(held.take('b', 2 * MIB)).toBeUndefined();
    expect(held.take('c', 100 * 1024)).toBe('total');
    expect(held.take('c', 64 * 1024, true)).toBeUndefined();
    // An address takes at most its 1 MiB of the reserve; one that holds much takes none of it.
    for (let i = 1; i < SMALL_PER_ADDRESS / (64 * 1024); i++) expect(held.take('c', 64 * 1024, true)).toBeUndefined();
    expect(held.take('c', 64 * 1024, true)).toBe('total');
    expect(held.take('b', 1024, true)).toBe('total');
    held.give('c', SMALL_PER_ADDRESS);
    expect(held.bytes).toBe(10 * MIB);
  });

  it('the reserve itself is bounded: 32 addresses fill it', () => {
    const held = new HeldBytes(0.5 * MIB, 64 * MIB);
    expect(held.take('big', 0.5 * MIB)).toBeUndefined();
    const addresses = SMALL_RESERVE_BYTES / SMALL_PER_ADDRESS;
    for (let a = 0; a < addresses; a++) expect(held.take(`s${a}`, SMALL_PER_ADDRESS, true)).toBeUndefined();
    expect(held.take('late', 1024, true)).toBe('total');
  });
});
