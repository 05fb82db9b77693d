/**
 * The grants carry checksummed addresses; checksumAddress (keccak, no ethers) must give
 * exactly what ethers' getAddress gives, and refuse what it refuses.
 */
import { getAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import { checksumAddress } from '../../src/grants/address-checksum.js';

/** A seeded stream of addresses, so a failure repeats. */
function* addresses(n: number, seed: number): Generator<string> {
  let x = seed;
  const next = (): number => ((x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0), x);
  for (let i = 0; i < n; i++) {
    let hex = '';
    for (let j = 0; j < 5; j++) hex += next().toString(16).padStart(8, '0');
    yield `0x${hex}`;
  }
}

describe('checksumAddress', () => {
  it('equals ethers getAddress on 2,000 addresses given lowercase, uppercase and checksummed', () => {
    for (const a of addresses(2_000, 7)) {
      const expected = getAddress(a);
      expect(checksumAddress(a)).toBe(expected);
      expect(checksumAddress(`0x${a.slice(2).toUpperCase()}`)).toBe(expected);
      expect(checksumAddress(expected)).toBe(expected);
    }
    expect(checksumAddress('0x0000000000000000000000000000000000000000')).toBe(getAddress('0x0000000000000000000000000000000000000000'));
  });

  it('refuses a mixed-case address with a wrong checksum, and what is no address, as getAddress does', () => {
    const good = getAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed');
    const bad = `0x${good.slice(2, 41)}${good[41] === good[41]!.toUpperCase() ? good[41]!.toLowerCase() : good[41]!.toUpperCase()}`;
    expect(bad).not.toBe(good);
    expect(() => getAddress(bad)).toThrow();
    expect(() => checksumAddress(bad)).toThrow(/bad address checksum/);
    for (const junk of ['', '0x', '0x123', `0x${'g'.repeat(40)}`, `${'a'.repeat(42)}`]) expect(() => checksumAddress(junk)).toThrow(/not an address/);
  });
});
