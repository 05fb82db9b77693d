/**
 * Wallet-signed HTTP requests (version 2): what a wallet signs, and the headers that carry
 * it. The signature binds everything the request authorises: the method, the host it was
 * sent to, the path with its query, the SHA-256 of the body, the chain, the time and a
 * nonce the exchange accepts once. A module that imports no Node module, so the web console
 * signs the very text the client (src/client/signed-http.ts) signs and the gateway checks.
 *
 *   PATX request v2
 *   method: POST
 *   host: 127.0.0.1:8480
 *   path: /v1/provider/listings?draft=1
 *   chain: 31337
 *   time: 1764111600000
 *   nonce: m3k2x9-4f1c2a
 *   content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
 *
 * Headers: x-patx-address, x-patx-time, x-patx-nonce, x-patx-content-sha256 (lower-case hex
 * of the body's SHA-256; of the empty body when there is none), x-patx-signature (EIP-191).
 */
import { sha256 } from 'ethers';

const UTF8 = new TextEncoder();

export interface SignedRequestFields {
  method: string;
  /** The Host the request is sent to (host[:port], as the Host header carries it). */
  host: string;
  /** Path and query, exactly as sent (`/v1/purchases?offset=0&limit=20`). */
  pathAndQuery: string;
  chainId: number;
  timeMs: number;
  nonce: string;
  /** Lower-case hex SHA-256 of the body bytes. */
  contentSha256: string;
}

export const REQUEST_SIGNATURE_VERSION_LINE = 'PATX request v2';
/** A nonce: 16 to 64 characters of [A-Za-z0-9_-] (a random 96 bits in base64url is 16). */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export function requestSignText(f: SignedRequestFields): string {
  return [
    REQUEST_SIGNATURE_VERSION_LINE,
    `method: ${f.method.toUpperCase()}`,
    `host: ${f.host}`,
    `path: ${f.pathAndQuery}`,
    `chain: ${f.chainId}`,
    `time: ${f.timeMs}`,
    `nonce: ${f.nonce}`,
    `content-sha256: ${f.contentSha256}`,
  ].join('\n');
}

/** Lower-case hex SHA-256 of a body (a string as UTF-8; undefined: the empty body). */
export function contentSha256(body: string | Uint8Array | undefined): string {
  // TextEncoder, not ethers' toUtf8Bytes: native, and a 14 MB body is hashed in milliseconds.
  const bytes = body === undefined ? new Uint8Array(0) : typeof body === 'string' ? UTF8.encode(body) : body;
  return sha256(bytes).slice(2);
}

/** A fresh nonce: 96 random bits as 16 base64url characters (Web Crypto: Node 20 and browsers). */
export function newRequestNonce(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}

/** Anything that signs EIP-191 messages (an ethers Wallet, a browser wallet through personal_sign). */
export interface RequestSigner {
  getAddress(): Promise<string>;
  signMessage(message: string): Promise<string>;
}

/**
 * The x-patx-* headers of one signed request. `bodyText` is exactly the body that will be
 * sent (the JSON text), so its hash matches what the exchange receives.
 */
export async function signRequestHeaders(
  wallet: RequestSigner,
  r: { method: string; host: string; pathAndQuery: string; chainId: number; bodyText?: string; timeMs?: number; nonce?: string },
): Promise<Record<string, string>> {
  const sha = contentSha256(r.bodyText);
  const timeMs = r.timeMs ?? Date.now(); // after hashing: the time is the signature's, as close to sending as it can be
  const nonce = r.nonce ?? newRequestNonce();
  const text = requestSignText({ method: r.method, host: r.host, pathAndQuery: r.pathAndQuery, chainId: r.chainId, timeMs, nonce, contentSha256: sha });
  return {
    'x-patx-address': await wallet.getAddress(),
    'x-patx-time': String(timeMs),
    'x-patx-nonce': nonce,
    'x-patx-content-sha256': sha,
    'x-patx-signature': await wallet.signMessage(text),
  };
}
