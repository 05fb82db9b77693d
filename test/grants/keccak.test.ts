/**
 * keccak256 on the reused native state (src/grants/keccak.ts) gives the package's own hashes,
 * for every length around the sponge's 136-byte rate, and stays right call after call.
 */
import { randomBytes } from 'node:crypto';
import { keccak256 } from 'ethers';
import createKeccakHash from 'keccak';
import { describe, expect, it } from 'vitest';
import { keccak256Bytes, keccakNative } from '../../src/grants/keccak.js';

describe('keccak256Bytes', () => {
  it('runs on the native state here (the package ships a prebuilt add-on for linux-x64)', () => {
    expect(keccakNative).toBe(true);
  });

  it("equals the keccak package's and ethers' keccak256 for lengths 0 to 300 and a 10 KB input, over a reused state", () => {
    const inputs = [...Array.from({ length: 301 }, (_, n) => randomBytes(n)), randomBytes(10_240)];
    for (const input of inputs) {
      const hash = keccak256Bytes(input);
      expect(hash.toString('hex'), `${input.length} bytes`).toBe(createKeccakHash('keccak256').update(input).digest('hex'));
      expect(`0x${hash.toString('hex')}`).toBe(keccak256(input));
    }
  });

  it('hashes a view into a larger buffer as exactly its bytes', () => {
    const whole = randomBytes(200);
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 7, 65);
    expect(keccak256Bytes(view).equals(keccak256Bytes(Buffer.from(view)))).toBe(true);
    expect(keccak256Bytes(view).equals(createKeccakHash('keccak256').update(Buffer.from(view)).digest())).toBe(true);
  });
});
