/**
 * Wallet login: Sign-In with Ethereum (EIP-4361, siwe.ts). The server issues a
 * single-use random nonce with the exchange's domain, URI, chain id, issue and expiry
 * times; the client signs the message those fields make with its address (EIP-191
 * personal_sign); the server builds the same message from the challenge it issued and
 * the address the login names, recovers the signer and binds the session to that
 * address's account. A signature is good for one connection's one nonce, on one chain
 * and one exchange's domain, before the challenge expires. A signature over the text
 * logins used before ("PATX login\nnonce: ..\nchain: ..", which named no domain: a
 * phishing site could relay it) is refused by name, `outdated`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { getAddress, hexlify } from 'ethers';
import { SIGN_IN_STATEMENT, signInMessage, type PublicOrigin, type SignInFields } from './siwe.js';

export interface LoginChallenge {
  nonce: Uint8Array;
  expiresAtMs: number;
  /** The message's fields but the address (sent in the Challenge frame). */
  fields: SignInFields;
  chainId: number;
}

export function newChallenge(nowMs: number, ttlMs: number, chainId: number, origin: PublicOrigin): LoginChallenge {
  const nonce = new Uint8Array(randomBytes(32));
  const expiresAtMs = nowMs + ttlMs;
  const fields: SignInFields = {
    domain: origin.domain,
    uri: origin.uri,
    statement: SIGN_IN_STATEMENT,
    chainId,
    nonce: hexlify(nonce).slice(2), // EIP-4361 nonces are alphanumeric: the hex without 0x
    issuedAt: new Date(nowMs).toISOString(),
    expirationTime: new Date(expiresAtMs).toISOString(),
  };
  return { nonce, expiresAtMs, fields, chainId };
}

/** Why a login was refused: `outdated` is a valid signature over the pre-SIWE login text. */
export type LoginFailure = 'failed' | 'expired' | 'outdated';

export type LoginCheck = { ok: true; address: string } | { ok: false; failure: LoginFailure; reason: string };

const ADDRESS_PATTERN = /^0x[0-9a-fA-F]{40}$/;

/** A login whose form and challenge hold, with the texts its signature may be over (recovered off the engine's thread). */
export type LoginPrecheck = { ok: true; expected: string; message: string; legacy: string; signature: string } | { ok: false; failure: LoginFailure; reason: string };

/** Checks a wallet login's form against the session's challenge, without recovering the signature (a worker does that: `judgeWalletLogin`). */
export function precheckWalletLogin(challenge: LoginChallenge | undefined, address: string, signature: Uint8Array, nowMs: number): LoginPrecheck {
  if (challenge === undefined) return { ok: false, failure: 'failed', reason: 'no challenge is outstanding on this connection' };
  if (nowMs > challenge.expiresAtMs) return { ok: false, failure: 'expired', reason: 'the challenge expired; reconnect for a new one' };
  if (!ADDRESS_PATTERN.test(address)) return { ok: false, failure: 'failed', reason: 'address must be 0x followed by 40 hex digits' };
  if (signature.length !== 65) return { ok: false, failure: 'failed', reason: 'signature must be 65 bytes (r, s, v)' };
  const expected = getAddress(address.toLowerCase());
  return { ok: true, expected, message: signInMessage(challenge.fields, expected), legacy: legacyLoginText(challenge.nonce, challenge.chainId), signature: hexlify(signature) };
}

/**
 * The verdict once the signer of the sign-in message is known (undefined: not a signature);
 * `legacySigner` asks, only on a failure, who signed the old text, so an honest login pays one recovery.
 */
export async function judgeWalletLogin(pre: Extract<LoginPrecheck, { ok: true }>, signer: string | undefined, legacySigner: () => Promise<string | undefined>): Promise<LoginCheck> {
  if (signer === undefined) return { ok: false, failure: 'failed', reason: 'signature is not a valid secp256k1 signature' };
  const expected = pre.expected.toLowerCase();
  if (signer !== expected) {
    if ((await legacySigner()) === expected) {
      return { ok: false, failure: 'outdated', reason: 'signed over the old "PATX login" text, which names no domain; sign the EIP-4361 message built from the challenge (docs/protocol.md)' };
    }
    return { ok: false, failure: 'failed', reason: "signature was not made by this address over this challenge's sign-in message" };
  }
  return { ok: true, address: expected };
}

/** The login text before EIP-4361 (refused by name, never accepted). */
function legacyLoginText(nonce: Uint8Array, chainId: number): string {
  return `PATX login\nnonce: ${hexlify(nonce)}\nchain: ${chainId}`;
}

/** Constant-time comparison of an operator credential. */
export function operatorTokenMatches(given: string, expected: string): boolean {
  if (expected.length === 0) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
