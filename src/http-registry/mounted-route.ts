/**
 * What a module that serves HTTP hands the gateway: its routes (the registry rows they serve
 * and one handler), the request each handler is given and the reply it answers with. Plain
 * data, no uWebSockets.js: the catalog, grants, subscriptions, quoting and the operator API
 * mount routes without importing the gateway (src/gateway/http-api.ts serves them).
 */
import type { Operation } from './operations.js';

export interface HttpRequestInfo {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when there is none). */
  body: unknown;
  /** Who is calling: 'operator', 'public', or 'account' for a wallet-signed request. */
  principal: string;
  /** The signing wallet's account, for 'wallet' routes (0 otherwise). */
  accountId: number;
  /** The registry row this request matched (operations.ts). */
  operationId: string;
  /** Its path parameters, decoded and checked against the row's schema (as text: `{ id: '7' }`). */
  params: Record<string, string>;
  /** The request headers the route asked for (`MountedRoute.headers`), lower-case names; absent ones are not here. */
  headers?: Record<string, string>;
  /** Aborts when the client goes away before its answer (a long poll lets go of what it holds). */
  gone?: AbortSignal;
  /** The client address the request came from (client-address.ts): what its in-process reads are charged to (POST /mcp). */
  client?: string;
}

export interface HttpReply {
  status: number;
  /** JSON, unless `contentType` is set: then a string sent as it is. */
  body: unknown;
  contentType?: string;
  /** More response headers (Retry-After, the RateLimit fields). */
  headers?: Record<string, string>;
  /** A body that never changes: its compressed forms, kept once made (http-reply.ts). */
  compressed?: Map<'br' | 'gzip', Buffer>;
}

/**
 * A route another module provides: the registry rows it serves (operations.ts; each row's
 * `security` says who may call it) and one handler for them all. The gateway hands it only
 * requests that match one of its rows, with path and query already checked.
 */
export interface MountedRoute {
  operations: readonly Operation[];
  /** Largest request body this route accepts, bytes (default 64 KiB; the catalog's sample uploads need more). */
  maxBodyBytes?: number;
  /**
   * How this request's body is read, on an intake worker (default: JSON, depth-bounded):
   * the catalog's uploads are read as a listing, so the sample is decoded and measured
   * there too and the handler gets the prepared listing as `body`.
   */
  bodyReading?(method: string, path: string, nowMs: number): BodyReading;
  /** Request headers the handler reads (lower-case; read before anything async, since uWS's request is gone after). */
  headers?: readonly string[];
  handle(req: HttpRequestInfo): Promise<HttpReply>;
}

/**
 * `json`: parsed, at most `maxValues` values (default DEFAULT_MAX_JSON_VALUES) crossing to this thread;
 * `listing`: a catalog upload, prepared; `evidence`: conformance evidence, hashed, its records kept as bytes.
 */
export type BodyReading = { task: 'json'; maxValues?: number } | { task: 'listing'; nowMs: number; maxSampleBytes: number } | { task: 'evidence' };
