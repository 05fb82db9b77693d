/**
 * Wallet-signed HTTP requests: the provider's and consumer's routes (the catalog, ratings,
 * purchases, delivery reports) take the x-patx-* headers of a signature over the method,
 * host, path with query, chain, time, a fresh nonce and the body's SHA-256
 * (src/request-signing/request-signature.ts; docs/protocol.md, "Signed HTTP requests").
 */
import { signRequestHeaders } from '../request-signing/index.js';
import type { MessageSigner } from './trading-client.js';

export interface SignedReply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface SignedRequestOptions {
  /** The chain the exchange settles on (GET /v1/endpoints says; default 31337, the local chain). */
  chainId?: number;
  /** The time the signature states (default now); the exchange refuses one more than 30 s from its clock. A test on its own clock passes that clock's time. */
  timeMs?: number;
  /** Give up after this many ms (the call rejects with a TimeoutError); default: no limit of its own. */
  timeoutMs?: number;
  /** Give up when this aborts (with `timeoutMs`, whichever comes first). */
  signal?: AbortSignal;
  /**
   * A write's Idempotency-Key (docs/http-api.md, "Retrying a write"): the same request sent again
   * with the same key, after a timeout or a dropped connection, gets the first answer back instead
   * of running twice. Any 1–255 visible ASCII characters; a UUID per request is the usual.
   */
  idempotencyKey?: string;
}

/** Sends one signed request to `baseUrl` + `pathAndQuery` with a JSON body; the reply's JSON. */
export async function signedRequest<T = Record<string, unknown>>(baseUrl: string, wallet: MessageSigner, method: string, pathAndQuery: string, body?: unknown, options: SignedRequestOptions = {}): Promise<SignedReply<T>> {
  const bodyText = body === undefined ? undefined : JSON.stringify(body);
  const url = new URL(pathAndQuery, baseUrl);
  const headers = await signRequestHeaders(wallet, { method, host: url.host, pathAndQuery: url.pathname + url.search, chainId: options.chainId ?? 31_337, ...(options.timeMs === undefined ? {} : { timeMs: options.timeMs }), ...(bodyText === undefined ? {} : { bodyText }) });
  const keyed: Record<string, string> = options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey };
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers, ...keyed }, ...(bodyText === undefined ? {} : { body: bodyText }), ...signalOf(options) });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

/** The request's abort signal: its timeout, the caller's signal, or either. */
function signalOf(options: SignedRequestOptions): { signal?: AbortSignal } {
  const timeout = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  if (timeout === undefined) return options.signal === undefined ? {} : { signal: options.signal };
  return { signal: options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]) };
}
