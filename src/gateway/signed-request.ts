/**
 * The exchange's side of signed HTTP requests (src/request-signing/request-signature.ts has the
 * text): the x-patx-* headers checked for form, time and version on the engine's thread,
 * cheaply; the signature itself is recovered on an intake worker (src/intake/).
 */
import { NONCE_PATTERN, requestSignText } from '../request-signing/index.js';

export interface SignedHeaders {
  address: string;
  time: string;
  nonce: string;
  contentSha256: string;
  signature: string;
}

export interface RequestContext {
  method: string;
  /** The Host header the request came with. */
  host: string;
  pathAndQuery: string;
  chainId: number;
  nowMs: number;
  maxSkewMs: number;
  /** Requests signed before this are refused: their nonces may have been used with the process before. */
  notBeforeMs: number;
  /** The Host headers this exchange answers signed requests under (`signedRequestHosts`); another is WRONG_HOST. */
  hosts: ReadonlySet<string>;
}

/**
 * The Host headers a signed request may carry here: the public URL's host[:port] (gateway.publicUrl; unset, the bound
 * address's), and the loopback names at the bound port, for a client on the machine itself. The signature binds the
 * Host, but one checked against nothing bound nothing: a request signed for another exchange (a phishing relay, a
 * staging deployment on the same chain) was accepted here unchanged within its 30 s (an outside review).
 */
export function signedRequestHosts(publicDomain: string, port: number): Set<string> {
  return new Set([publicDomain.toLowerCase(), `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/**
 * Why a signed request was refused: AUTH_FAILED, SIGNATURE_FORMAT_OUTDATED for a request signed
 * the version-1 way, NONCE_REUSED, NON_CANONICAL_REQUEST for a route's other spelling, or WRONG_HOST
 * for one signed for another exchange.
 */
export type SignatureRefusalCode = 'AUTH_FAILED' | 'SIGNATURE_FORMAT_OUTDATED' | 'NONCE_REUSED' | 'NON_CANONICAL_REQUEST' | 'WRONG_HOST';

/**
 * A wallet-signed request as the gateway received it: its method, the path without the query,
 * and the query (undefined: no `?` at all; '': a bare `?`). (The method's case is uWS's to
 * police: its parser closes the connection of a request line whose method is not upper case.)
 */
export interface RequestSpelling {
  method: string;
  path: string;
  rawQuery: string | undefined;
}

export type SpellingCheck =
  | { ok: true; pathAndQuery: string }
  | { ok: false; code: 'NON_CANONICAL_REQUEST'; canonical: string; reason: string };

/**
 * A wallet-signed request has one spelling: a method other than HEAD, the path as
 * the route registry names it (no trailing slash) and the query as sent, without a bare `?`.
 * The router serves `/v1/account/`, `/v1/account?` and HEAD as `GET /v1/account`; were they
 * verified too, one signature would be valid for several requests, so they are refused before
 * the signature is looked at (no nonce is taken), naming the spelling to sign and send.
 */
export function checkSpelling(r: RequestSpelling): SpellingCheck {
  const upper = r.method.toUpperCase();
  const method = upper === 'HEAD' ? 'GET' : upper;
  const path = r.path.length > 1 && r.path.endsWith('/') ? r.path.slice(0, -1) : r.path;
  const pathAndQuery = r.rawQuery === undefined || r.rawQuery === '' ? path : `${path}?${r.rawQuery}`;
  const why: string[] = [];
  if (upper === 'HEAD') why.push('HEAD is not signed (send the GET)');
  if (path !== r.path) why.push('the path ends in "/"');
  if (r.rawQuery === '') why.push('the query is a bare "?"');
  if (why.length === 0) return { ok: true, pathAndQuery };
  const canonical = `${method} ${pathAndQuery}`;
  return { ok: false, code: 'NON_CANONICAL_REQUEST', canonical, reason: `a signed request has one spelling, ${canonical}: ${why.join(', ')}; sign and send that` };
}

export type HeaderCheck =
  | { ok: true; address: string; timeMs: number; nonce: string; contentSha256: string; signature: string; text: string }
  | { ok: false; code: SignatureRefusalCode; reason: string };

const ADDRESS_PATTERN = /^0x[0-9a-fA-F]{40}$/;

export function readSignedHeaders(header: (name: string) => string): SignedHeaders {
  return {
    address: header('x-patx-address'),
    time: header('x-patx-time'),
    nonce: header('x-patx-nonce'),
    contentSha256: header('x-patx-content-sha256'),
    signature: header('x-patx-signature'),
  };
}

export function checkSignedHeaders(h: SignedHeaders, c: RequestContext): HeaderCheck {
  const refuse = (reason: string, code: SignatureRefusalCode = 'AUTH_FAILED'): HeaderCheck => ({ ok: false, code, reason });
  if (h.address === '' && h.signature === '') return refuse('this route needs a wallet-signed request (x-patx-address, x-patx-time, x-patx-nonce, x-patx-content-sha256, x-patx-signature; docs/protocol.md)');
  if (h.nonce === '' && h.contentSha256 === '' && h.signature !== '') {
    return refuse('requests signed over "PATX <METHOD> <path>\\ntime: <ms>" are no longer accepted: sign the version-2 text (method, host, path with query, chain, time, nonce, body SHA-256; docs/protocol.md)', 'SIGNATURE_FORMAT_OUTDATED');
  }
  if (!ADDRESS_PATTERN.test(h.address)) return refuse('x-patx-address must be 0x followed by 40 hex digits');
  const timeMs = Number(h.time);
  if (!/^[0-9]{1,16}$/.test(h.time) || !Number.isSafeInteger(timeMs)) return refuse('x-patx-time must be milliseconds since the epoch');
  if (Math.abs(c.nowMs - timeMs) > c.maxSkewMs) return refuse(`x-patx-time is more than ${c.maxSkewMs} ms from the server's clock`);
  if (timeMs < c.notBeforeMs) return refuse('x-patx-time is before the exchange last started: sign the request again');
  if (!NONCE_PATTERN.test(h.nonce)) return refuse('x-patx-nonce must be 16 to 64 characters of A-Z, a-z, 0-9, "_" and "-"');
  if (!/^[0-9a-f]{64}$/.test(h.contentSha256)) return refuse("x-patx-content-sha256 must be the body's SHA-256 in lower-case hex (of the empty body when there is none)");
  if (!/^0x[0-9a-fA-F]{130}$/.test(h.signature)) return refuse('x-patx-signature must be 0x followed by 65 bytes in hex');
  if (c.host === '') return refuse('the request has no Host header: the signature binds it');
  if (!c.hosts.has(c.host.toLowerCase())) return refuse(`signed for ${JSON.stringify(c.host)}, not this exchange (${[...c.hosts][0]}): sign requests for the host you send them to`, 'WRONG_HOST');
  const text = requestSignText({ method: c.method, host: c.host, pathAndQuery: c.pathAndQuery, chainId: c.chainId, timeMs, nonce: h.nonce, contentSha256: h.contentSha256 });
  return { ok: true, address: h.address.toLowerCase(), timeMs, nonce: h.nonce, contentSha256: h.contentSha256, signature: h.signature, text };
}
