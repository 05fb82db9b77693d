/**
 * Checks that 65-byte (r, s, v) signatures are by given addresses, remembering each
 * address's public key once a recovered signature has proved it (the address is the key's
 * keccak hash), and from then on verifying against that key instead of recovering one.
 *
 * Why (bench/RESULTS.md, Access grants): a gate checks every grant it has not seen against the
 * exchange's one address, and every request against its grant's consumer. Recovery costs
 * libsecp256k1 a square root more than verification (48 against 39 µs here), and each recovered
 * key is hashed to an address (4 µs more): with the signature's parsing, a quarter of a grant's
 * first sight (68 µs). A key is remembered
 * only after recovery showed it is the address's, so verification proves what recovery did.
 *
 * One difference, on purpose: once the key is known, v is not compared with the key (it only
 * chooses between the two keys recovery could find), and a high-s signature is checked as its
 * low-s twin, as recovery accepted it. So the same signature can be written in up to four ways
 * that all pass, where recovery took two. Nothing here uses a signature as an identity: grants
 * are counted by id and requests by nonce.
 */
import secp256k1 from 'secp256k1';
import { keccak256Bytes } from './keccak.js';

const SIGNATURE_HEX = /^0x[0-9a-fA-F]{130}$/;

/** The parts of a 65-byte signature in 0x hex, or undefined when it is not one (v 27, 28, 0 or 1). */
export function parseSignature(signatureHex: string): { rs: Uint8Array; recid: number } | undefined {
  if (typeof signatureHex !== 'string' || !SIGNATURE_HEX.test(signatureHex)) return undefined;
  const bytes = Buffer.from(signatureHex.slice(2), 'hex');
  const v = bytes[64]!;
  const recid = v >= 27 ? v - 27 : v;
  if (recid !== 0 && recid !== 1) return undefined;
  return { rs: bytes.subarray(0, 64), recid };
}

/** The uncompressed (65-byte) key that signed `digest`, or undefined (not a point on the curve, r or s out of range, …). */
export function recoverKey(digest: Uint8Array, rs: Uint8Array, recid: number): Uint8Array | undefined {
  try {
    return secp256k1.ecdsaRecover(rs, recid, digest, false);
  } catch {
    return undefined;
  }
}

/** The address (lower case, 0x-prefixed) of an uncompressed public key. */
export function addressOfKey(key: Uint8Array): string {
  return `0x${keccak256Bytes(key.subarray(1)).toString('hex', 12)}`;
}

export class SignerKeys {
  /** Uncompressed keys (verification parses them without a square root), by lower-case address. */
  private readonly keys = new Map<string, Uint8Array>();

  /** `capacity`: keys remembered at most; past it they are forgotten and learned again (memory stays bounded, correctness does not change). */
  constructor(private readonly capacity: number) {}

  /** Keys remembered now (tests). */
  get size(): number {
    return this.keys.size;
  }

  /** Whether `signatureHex` signs `digest` with the key of `address` (lower case). */
  signedBy(digest: Uint8Array, signatureHex: string, address: string): boolean {
    const signature = parseSignature(signatureHex);
    if (signature === undefined) return false;
    const known = this.keys.get(address);
    if (known !== undefined) return verify(signature.rs, digest, known);
    const key = recoverKey(digest, signature.rs, signature.recid);
    if (key === undefined || addressOfKey(key) !== address) return false;
    if (this.keys.size >= this.capacity) this.keys.clear();
    this.keys.set(address, key);
    return true;
  }
}

function verify(rs: Uint8Array, digest: Uint8Array, key: Uint8Array): boolean {
  try {
    // libsecp256k1 verifies only low-s signatures; recovery took either, so a high-s one is checked as its twin (in place: rs is parseSignature's own copy).
    return secp256k1.ecdsaVerify(secp256k1.signatureNormalize(rs), digest, key);
  } catch {
    return false; // r or s not below the curve's order
  }
}
