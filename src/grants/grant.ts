/**
 * Access grants: what the exchange signs when a consumer exercises rights, so a
 * provider's gate can serve the data without asking the exchange. An EIP-712
 * typed-data signature (what ethers' `signTypedData` makes and `verifyTypedData`
 * checks) over the grant's fields, under the domain
 * {name 'PATX', version '1', chainId, verifyingContract: the access-rights registry}.
 *
 * The digest is encoded by hand (every field is a static type: one 32-byte word
 * each) and hashed with the native keccak; signatures are made and checked with
 * libsecp256k1 (the `secp256k1` package). The gate verifies thousands a second, and
 * ethers' per-call type parsing and JavaScript curve arithmetic measured 170
 * verifications a second here (bench/HISTORY.md, "Access grants"). The digests and
 * signatures are the same bytes ethers makes: tests check one against the other.
 */
import { Signature, TypedDataEncoder, computeAddress, getBytes, keccak256 } from 'ethers';
import secp256k1 from 'secp256k1';
import { GRANT_TYPES } from './grant-types.js';
import { keccak256Bytes } from './keccak.js';
import { addressOfKey, parseSignature, recoverKey } from './signer-keys.js';

export interface AccessGrant {
  grantId: number;
  /** The consumer's wallet address (checksummed); only its key may use the grant. */
  consumer: string;
  /** The provider's wallet address (checksummed): whose gate serves it. */
  provider: string;
  /** The provider's catalog listing and version the rights were minted under (0: none was published). */
  listingId: number;
  listingVersion: number;
  seriesId: number;
  /** The contract window the data is for, ms since the epoch. */
  windowOpenMs: number;
  windowCloseMs: number;
  /** Rights: each is one download of the listing's records (docs/delivery.md). */
  quantity: number;
  /** After this the gate refuses the grant. */
  expiresAtMs: number;
  /** The journal seq of the exercise: with the grant id, unique across restarts and replays. */
  nonce: number;
}

export interface GrantDomain {
  name: string;
  version: string;
  chainId: number;
  /** The access-rights registry (the zero address when the exchange runs without settlement). */
  verifyingContract: string;
}

export interface SignedGrant {
  grant: AccessGrant;
  /** 0x-prefixed 65-byte signature (r, s, v), as ethers makes it. */
  signature: string;
}

export { GRANT_TYPES, ZERO_ADDRESS } from './grant-types.js';

export const GRANT_DOMAIN_NAME = 'PATX';
export const GRANT_DOMAIN_VERSION = '1';

const GRANT_FIELDS = GRANT_TYPES.AccessGrant!;
/** keccak256 of "AccessGrant(uint64 grantId,address consumer,…)", EIP-712's typeHash. */
const TYPE_HASH = getBytes(keccak256(Buffer.from(TypedDataEncoder.from(GRANT_TYPES).encodeType('AccessGrant'))));

/**
 * The EIP-712 digest of grants under one domain: keccak256(0x1901 ‖ domainSeparator ‖
 * keccak256(typeHash ‖ one 32-byte word per field)). The caller checked the fields
 * (checkGrantFields): integers are safe and non-negative, addresses are 20 bytes.
 */
export class GrantDigester {
  private readonly struct = Buffer.alloc(32 * (1 + GRANT_FIELDS.length));
  private readonly outer = Buffer.alloc(2 + 32 + 32);

  constructor(readonly domain: GrantDomain) {
    this.struct.set(TYPE_HASH, 0);
    this.outer[0] = 0x19;
    this.outer[1] = 0x01;
    this.outer.set(getBytes(TypedDataEncoder.hashDomain(domain)), 2);
  }

  digest(grant: AccessGrant): Uint8Array {
    const b = this.struct;
    b.fill(0, 32);
    for (let i = 0; i < GRANT_FIELDS.length; i++) {
      const f = GRANT_FIELDS[i]!;
      const at = 32 * (i + 1);
      const value = (grant as unknown as Record<string, unknown>)[f.name];
      if (f.type === 'address') b.write((value as string).slice(2), at + 12, 20, 'hex');
      else b.writeBigUInt64BE(BigInt(value as number), at + 24);
    }
    this.outer.set(keccak256Bytes(b), 34);
    return keccak256Bytes(this.outer);
  }
}

/** Why a grant's fields cannot be a grant (undefined when they can): checked before anything is hashed. */
export function checkGrantFields(grant: unknown): string | undefined {
  if (typeof grant !== 'object' || grant === null || Array.isArray(grant)) return 'not an object';
  const g = grant as Record<string, unknown>;
  for (const f of GRANT_FIELDS) {
    const v = g[f.name];
    if (f.type === 'address') {
      if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) return `${f.name}: an address`;
    } else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || (f.type === 'uint32' && v > 0xffffffff)) {
      return `${f.name}: a non-negative integer`;
    }
  }
  if (Object.keys(g).length !== GRANT_FIELDS.length) return `exactly the fields ${GRANT_FIELDS.map((f) => f.name).join(', ')}`;
  return undefined;
}

/** EIP-191's personal-message digest (what `wallet.signMessage` signs), with the native keccak. */
export function personalMessageDigest(text: string): Uint8Array {
  const message = Buffer.from(text, 'utf8');
  return keccak256Bytes(Buffer.concat([Buffer.from(`\x19Ethereum Signed Message:\n${message.length}`, 'utf8'), message]));
}

/** Signs grants with the exchange's grant key (a 32-byte secp256k1 private key). */
export class GrantSigner {
  private readonly key: Uint8Array;
  private readonly digester: GrantDigester;
  readonly address: string;

  constructor(privateKeyHex: string, domain: GrantDomain) {
    this.key = getBytes(privateKeyHex);
    if (this.key.length !== 32 || !secp256k1.privateKeyVerify(this.key)) throw new RangeError('the grant signer key is not a secp256k1 private key');
    this.address = computeAddress(privateKeyHex);
    this.digester = new GrantDigester(domain);
  }

  get domain(): GrantDomain {
    return this.digester.domain;
  }

  sign(grant: AccessGrant): SignedGrant {
    return { grant, signature: signDigest(this.key, this.digester.digest(grant)) };
  }

  /** Signs another EIP-712 digest under the grants' domain with the same key (membership.ts). */
  signDigest(digest: Uint8Array): string {
    return signDigest(this.key, digest);
  }
}

/** A 65-byte (r, s, v) signature of a digest, as ethers serializes it; libsecp256k1 (RFC 6979: deterministic). */
export function signDigest(key: Uint8Array, digest: Uint8Array): string {
  const { signature, recid } = secp256k1.ecdsaSign(digest, key);
  return Signature.from({ r: bytesHex(signature.subarray(0, 32)), s: bytesHex(signature.subarray(32, 64)), v: 27 + recid }).serialized;
}

/**
 * Signs EIP-191 personal messages with a key (the same bytes `wallet.signMessage` makes) on
 * libsecp256k1: a provider server signs a delivery statement with every answer, and ethers'
 * JavaScript curve would cost more than the gate's own checks.
 */
export class MessageKeySigner {
  private readonly key: Uint8Array;
  readonly address: string;

  constructor(privateKeyHex: string) {
    this.key = getBytes(privateKeyHex);
    if (this.key.length !== 32 || !secp256k1.privateKeyVerify(this.key)) throw new RangeError('not a secp256k1 private key');
    this.address = computeAddress(privateKeyHex);
  }

  signMessage(text: string): string {
    return signDigest(this.key, personalMessageDigest(text));
  }
}

/**
 * The address (lower case, 0x-prefixed) that signed a digest (65-byte r‖s‖v signature),
 * or undefined if it is not a valid signature.
 */
export function recoverSigner(digest: Uint8Array, signatureHex: string): string | undefined {
  const signature = parseSignature(signatureHex);
  const key = signature === undefined ? undefined : recoverKey(digest, signature.rs, signature.recid);
  return key === undefined ? undefined : addressOfKey(key);
}

/** The address (lower case) that signed an EIP-191 text (what `wallet.signMessage` signs), or undefined if it is not a valid signature. */
export function messageSigner(text: string, signatureHex: string): string | undefined {
  return recoverSigner(personalMessageDigest(text), signatureHex);
}

/**
 * Whether `address` (lower case) signed the EIP-191 text with `signatureHex`, in any of the four ways a gate takes it:
 * once a gate knows a signer's key it verifies against it and ignores v, and takes a high-s signature as its low-s
 * twin (signer-keys.ts). Recovery alone takes two of the four (`messageSigner`), so evidence the exchange judges on it
 * (a consumer's signed request a gate served, a delivery statement) was refused for the very bytes a gate had served
 * on: a consumer who flipped v downloaded everything, the provider's report was FORGED_REQUEST, and its claim was
 * refunded (an audit, 2026-12-05). Recovering with both recovery ids covers all four: (r, n-s, v) recovers the key
 * (r, s, 1-v) does.
 */
export function messageSignedBy(text: string, signatureHex: string, address: string): boolean {
  const signature = parseSignature(signatureHex);
  if (signature === undefined) return false;
  const digest = personalMessageDigest(text);
  for (const recid of [signature.recid, 1 - signature.recid]) {
    const key = recoverKey(digest, signature.rs, recid);
    if (key !== undefined && addressOfKey(key) === address) return true;
  }
  return false;
}

/**
 * Whether two 65-byte signatures are one signature as a gate sees it: the same r and the same s once both are low-s,
 * whatever their v. A gate takes the exchange's grant signature written any of those ways (signer-keys.ts), so a
 * forwarded grant is the exchange's when its signature is the same as the one the exchange made, not byte for byte.
 */
export function sameSignature(a: string, b: string): boolean {
  const x = parseSignature(a);
  const y = parseSignature(b);
  if (x === undefined || y === undefined) return false;
  try {
    // parseSignature's rs are copies of their own, so normalizing them in place changes nothing of the caller's.
    return Buffer.from(secp256k1.signatureNormalize(x.rs)).equals(Buffer.from(secp256k1.signatureNormalize(y.rs)));
  } catch {
    return false; // r or s not below the curve's order: no signature at all
  }
}

function bytesHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}
