/**
 * Wallet login: the server sends a single-use random nonce; the client signs a
 * fixed text holding it with the Ethereum key of its settlement address
 * (EIP-191 personal_sign); the server recovers the signer and binds the session
 * to that address's account. A signature is good for one connection's one
 * nonce, on one chain, before the challenge expires: a forged, expired or
 * replayed signature recovers another address or names another nonce.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { getAddress, hexlify, verifyMessage } from 'ethers';

export interface LoginChallenge {
  nonce: Uint8Array;
  expiresAtMs: number;
  signText: string;
}

/** The exact text a wallet signs; clients may rebuild it to check what they sign. */
export function loginSignText(nonce: Uint8Array, chainId: number): string {
  return `PATX login\nnonce: ${hexlify(nonce)}\nchain: ${chainId}`;
}

export function newChallenge(nowMs: number, ttlMs: number, chainId: number): LoginChallenge {
  const nonce = new Uint8Array(randomBytes(32));
  return { nonce, expiresAtMs: nowMs + ttlMs, signText: loginSignText(nonce, chainId) };
}

export type LoginCheck = { ok: true; address: string } | { ok: false; expired: boolean; reason: string };

const ADDRESS_PATTERN = /^0x[0-9a-fA-F]{40}$/;

/** Checks a wallet login against the session's challenge; returns the address in lower case. */
export function checkWalletLogin(challenge: LoginChallenge | undefined, address: string, signature: Uint8Array, nowMs: number): LoginCheck {
  if (challenge === undefined) return { ok: false, expired: false, reason: 'no challenge is outstanding on this connection' };
  if (nowMs > challenge.expiresAtMs) return { ok: false, expired: true, reason: 'the challenge expired; reconnect for a new one' };
  if (!ADDRESS_PATTERN.test(address)) return { ok: false, expired: false, reason: 'address must be 0x followed by 40 hex digits' };
  if (signature.length !== 65) return { ok: false, expired: false, reason: 'signature must be 65 bytes (r, s, v)' };
  let signer: string;
  try {
    signer = verifyMessage(challenge.signText, hexlify(signature));
  } catch {
    return { ok: false, expired: false, reason: 'signature is not a valid secp256k1 signature' };
  }
  if (signer !== getAddress(address.toLowerCase())) return { ok: false, expired: false, reason: 'signature was not made by this address over this challenge' };
  return { ok: true, address: address.toLowerCase() };
}

/** Constant-time comparison of an operator credential. */
export function operatorTokenMatches(given: string, expected: string): boolean {
  if (expected.length === 0) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
