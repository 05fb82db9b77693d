/**
 * SignerKeys (src/grants/signer-keys.ts): a signature passes only if it is by the address, before
 * and after the address's key is known; a key is learned only from a signature that proved it;
 * malformed signatures pass nothing and teach nothing. Real libsecp256k1 signatures.
 */
import { Wallet, keccak256, toUtf8Bytes } from 'ethers';
import secp256k1 from 'secp256k1';
import { describe, expect, it } from 'vitest';
import { signDigest } from '../../src/grants/grant.js';
import { SignerKeys, parseSignature } from '../../src/grants/signer-keys.js';

const N = BigInt('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');
const digestOf = (text: string): Uint8Array => Buffer.from(keccak256(toUtf8Bytes(text)).slice(2), 'hex');
/** A wallet's key and address (ethers' createRandom gives an HDNodeWallet). */
type Signer = { privateKey: string; address: string };
const alice = Wallet.createRandom();
const mallory = Wallet.createRandom();
const key = (w: Signer): Uint8Array => Buffer.from(w.privateKey.slice(2), 'hex');
const sign = (w: Signer, text: string): string => signDigest(key(w), digestOf(text));
const address = (w: Signer): string => w.address.toLowerCase();

/** The same signature with v flipped, or with s replaced by n − s (and v flipped, as its recovery needs). */
function flipV(sig: string): string {
  const v = parseInt(sig.slice(130), 16);
  return sig.slice(0, 130) + (v === 27 ? '1c' : '1b');
}
function highS(sig: string): string {
  const s = BigInt('0x' + sig.slice(66, 130));
  return flipV(sig.slice(0, 66) + (N - s).toString(16).padStart(64, '0') + sig.slice(130));
}

describe('SignerKeys', () => {
  it('passes a signature by the address by recovery, learns the key, and verifies the next ones against it', () => {
    const keys = new SignerKeys(10);
    expect(keys.signedBy(digestOf('one'), sign(alice, 'one'), address(alice))).toBe(true);
    expect(keys.size).toBe(1);
    expect(keys.signedBy(digestOf('two'), sign(alice, 'two'), address(alice))).toBe(true);
    expect(keys.size).toBe(1);
  });

  it("refuses another key's signature, another digest's and a tampered one, before and after the key is known, and learns nothing from them", () => {
    const keys = new SignerKeys(10);
    const refused = (): void => {
      expect(keys.signedBy(digestOf('one'), sign(mallory, 'one'), address(alice))).toBe(false);
      expect(keys.signedBy(digestOf('two'), sign(alice, 'one'), address(alice))).toBe(false);
      const sig = sign(alice, 'one');
      expect(keys.signedBy(digestOf('one'), sig.slice(0, 10) + (sig[10] === 'a' ? 'b' : 'a') + sig.slice(11), address(alice))).toBe(false);
    };
    refused();
    expect(keys.size).toBe(0);
    expect(keys.signedBy(digestOf('one'), sign(alice, 'one'), address(alice))).toBe(true);
    refused();
    expect(keys.size).toBe(1);
  });

  it('takes a high-s twin as recovery does; a flipped v only once the key is known (recovery finds another key), as the module says', () => {
    const keys = new SignerKeys(10);
    const sig = sign(alice, 'one');
    expect(keys.signedBy(digestOf('one'), flipV(sig), address(alice))).toBe(false);
    expect(keys.size).toBe(0);
    expect(keys.signedBy(digestOf('one'), highS(sig), address(alice))).toBe(true); // by recovery
    expect(keys.signedBy(digestOf('one'), highS(sig), address(alice))).toBe(true); // by verification
    expect(keys.signedBy(digestOf('one'), flipV(sig), address(alice))).toBe(true);
    expect(keys.signedBy(digestOf('one'), flipV(sign(mallory, 'one')), address(alice))).toBe(false);
  });

  it('refuses malformed signatures without throwing: not hex, short, v out of range, r or s not below the order, r = 0', () => {
    const keys = new SignerKeys(10);
    const sig = sign(alice, 'one');
    expect(keys.signedBy(digestOf('one'), sig, address(alice))).toBe(true);
    const order = N.toString(16);
    for (const bad of [
      'not a signature',
      sig.slice(0, 130),
      sig.slice(0, 130) + '1d',
      sig.slice(0, 130) + '02',
      '0x' + order + sig.slice(66),
      sig.slice(0, 66) + order + sig.slice(130),
      '0x' + '00'.repeat(32) + sig.slice(66),
      '0x' + 'zz'.repeat(65),
    ]) {
      expect(keys.signedBy(digestOf('one'), bad, address(alice)), bad).toBe(false);
      expect(new SignerKeys(10).signedBy(digestOf('one'), bad, address(alice)), `${bad}, key unknown`).toBe(false);
    }
    expect(parseSignature(sig.slice(0, 130) + '00')?.recid).toBe(0);
  });

  it('stays within its capacity, forgetting and learning again, and still checks correctly', () => {
    const keys = new SignerKeys(2);
    const wallets = [alice, mallory, Wallet.createRandom(), Wallet.createRandom()];
    for (let round = 0; round < 2; round++) {
      for (const w of wallets) {
        expect(keys.signedBy(digestOf('x'), sign(w, 'x'), address(w))).toBe(true);
        expect(keys.size).toBeLessThanOrEqual(2);
        expect(keys.signedBy(digestOf('x'), sign(w === alice ? mallory : alice, 'x'), address(w))).toBe(false);
      }
    }
  });

  it('agrees with libsecp256k1 on which key signed', () => {
    const digest = digestOf('agree');
    const sig = parseSignature(sign(alice, 'agree'))!;
    const pub = secp256k1.ecdsaRecover(sig.rs, sig.recid, digest, false);
    expect(secp256k1.publicKeyConvert(pub, true)).toEqual(secp256k1.publicKeyCreate(key(alice), true));
  });
});
