/**
 * The exchange's HTTP API from a program: where it is and as whom (`ExchangeHttp`), the one
 * error every call throws (`PatxHttpError`), and the two ways a call is sent: a public GET,
 * or a wallet-signed request (signed-http.ts). catalog.ts, grants.ts, provider.ts and
 * market.ts are the calls, one function per operation of the route registry (its
 * operationId in each function's comment; /openapi.json). No Node imports: the web console
 * can use it too.
 */
import type { MessageSigner } from './trading-client.js';

/** Where and as whom: the gateway's HTTP base URL, and the wallet that signs (needed by wallet-signed calls only). */
export interface ExchangeHttp {
  /** The gateway's HTTP base, e.g. http://127.0.0.1:8480 (in a browser: location.origin). */
  url: string;
  /** The account's wallet: an ethers Wallet, or anything that signs EIP-191 messages. */
  wallet?: MessageSigner;
  /** The chain the exchange settles on; default: what GET /v1/endpoints says (read once per URL). */
  chainId?: number;
  /** The time each request's signature states (default: now). Only a test running the exchange on its own clock sets it. */
  clock?: () => number;
  /** How long to wait for an answer, ms (default 30 s): past it, the call throws TIMEOUT. */
  timeoutMs?: number;
}

/** A signed call's `http`: a wallet is required. */
export type SignedHttp = ExchangeHttp & { wallet: MessageSigner };

/**
 * A refusal by the exchange (its `{error, message, details?}` and HTTP status), or a request
 * that got no answer (`UNREACHABLE` or `TIMEOUT`, status 0), or an answer that was not the
 * API's JSON (`BAD_REPLY`). Branch on `code`: every route's codes are in /openapi.json.
 */
export class PatxHttpError extends Error {
  override readonly name: string = 'PatxHttpError';
  constructor(
    /** The server's error code, e.g. UNKNOWN_LISTING, NOT_YOUR_GRANT, EVIDENCE_OF_DELIVERY. */
    readonly code: string,
    /** The server's explanation (its `message`), for people. */
    readonly detail: string,
    /** The HTTP status (0: no answer). */
    readonly status: number,
    /** What the server added for a caller to act on (the field, limits, zod issues), when it did. */
    readonly details?: Record<string, unknown>,
    /**
     * The ms the server asks to wait before sending it again (a 429's or 503's wait: its message's `retry after N ms`,
     * else its Retry-After header's seconds); undefined when it named none.
     */
    readonly retryAfterMs?: number,
  ) {
    super(detail === '' ? code : `${code}: ${detail}`);
  }
}

/** The wait a refusal names: its message's `retry after N ms` (the read budget's, exact), else Retry-After in seconds. */
export function retryAfterMsOf(message: string, retryAfter: string | null | undefined): number | undefined {
  const ms = /retry after (\d+) ms/.exec(message)?.[1];
  if (ms !== undefined) return Number(ms);
  const seconds = retryAfter === null || retryAfter === undefined || !/^\d+$/.test(retryAfter.trim()) ? NaN : Number(retryAfter);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** A server type as JSON carries it: its bigints (wei) as decimal strings. */
export type WireJson<T> = T extends bigint ? string : T extends readonly (infer U)[] ? WireJson<U>[] : T extends object ? { [K in keyof T]: WireJson<T[K]> } : T;

const DEFAULT_TIMEOUT_MS = 30_000;

/** A query string from the values given (undefined ones left out), '' when none is. */
export function queryOf(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const text = q.toString();
  return text === '' ? '' : `?${text}`;
}

/** A positive integer id for a path, or INVALID_ID before anything is sent. */
export function idText(what: string, id: number): string {
  if (!Number.isSafeInteger(id) || id < 1) throw new PatxHttpError('INVALID_ID', `not a ${what} id: ${String(id)}`, 0);
  return String(id);
}

/** The longest Retry-After a public GET waits out once before it says RATE_LIMITED (every route has a rate per address). */
const RATE_RETRY_MAX_S = 2;

/** A public GET: the answer's JSON, or PatxHttpError. A 429 asking to wait at most RATE_RETRY_MAX_S is asked again once after it (a GET changes nothing). */
export async function publicGet<T>(http: Pick<ExchangeHttp, 'url' | 'timeoutMs'>, pathAndQuery: string): Promise<T> {
  const url = new URL(pathAndQuery, http.url);
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(http.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
    const wait = res.status === 429 ? Number(res.headers.get('retry-after') ?? NaN) : NaN;
    if (wait >= 0 && wait <= RATE_RETRY_MAX_S) {
      await res.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(http.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
    }
  } catch (error) {
    throw noAnswer(http.url, error);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (error) {
    throw badReply(http.url, res.status, error);
  }
  return answerOf<T>(res.status, body, res.headers);
}

/** A wallet-signed request (x-patx-* headers over method, host, path, chain, time, nonce and body): the answer's JSON, or PatxHttpError. */
export async function signedCall<T>(http: ExchangeHttp, method: 'GET' | 'POST' | 'PUT' | 'DELETE', pathAndQuery: string, body?: unknown): Promise<T> {
  if (http.wallet === undefined) throw new PatxHttpError('NO_WALLET', `${method} ${pathAndQuery.split('?')[0]} is wallet-signed: give http.wallet`, 0);
  const chainId = http.chainId ?? (await chainIdOf(http));
  // Loaded here, not at the top: signing loads ethers (0.25 s of CPU), which a public read (`patx book`) never needs.
  const { signedRequest } = await import('./signed-http.js');
  // A write carries a key of its own, so that its one retry below cannot run it twice.
  const idempotencyKey = method === 'GET' ? undefined : newIdempotencyKey();
  const send = () =>
    signedRequest<unknown>(http.url, http.wallet!, method, pathAndQuery, body, {
      chainId,
      ...(http.clock === undefined ? {} : { timeMs: http.clock() }),
      timeoutMs: http.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
  let reply: { status: number; body: unknown; headers: Headers };
  try {
    reply = await send();
  } catch (error) {
    if (error instanceof SyntaxError) throw badReply(http.url, 0, error);
    const failed = noAnswer(http.url, error);
    // The connection failed before an answer (reset, refused): sent again once, signed anew with the same key, it
    // runs if the first never arrived and answers as the first did if it had. A timeout is the caller's budget: not retried.
    if (failed.code !== 'UNREACHABLE') throw failed;
    try {
      reply = await send();
    } catch (again) {
      if (again instanceof SyntaxError) throw badReply(http.url, 0, again);
      throw noAnswer(http.url, again);
    }
  }
  // Still running from the first send: its answer is the one to have, so wait for it once.
  if (reply.status === 409 && (reply.body as { error?: unknown } | null)?.error === 'IDEMPOTENCY_KEY_IN_USE') {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    reply = await send();
  }
  // A read over the account's read budget (or the address's rate) changes nothing: wait out a short wait once, as a public GET does,
  // so that a paging helper reading on pays the budget rather than failing between pages.
  const wait = method === 'GET' && reply.status === 429 ? refusalOf(reply.status, reply.body, reply.headers).retryAfterMs : undefined;
  if (wait !== undefined && wait <= RATE_RETRY_MAX_S * 1000) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    reply = await send();
  }
  return answerOf<T>(reply.status, reply.body, reply.headers);
}

/** 128 random bits as hex: `crypto.getRandomValues` is in Node and in every browser page (randomUUID only in secure ones). */
function newIdempotencyKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function answerOf<T>(status: number, body: unknown, headers?: Headers): T {
  if (status >= 200 && status < 300) return body as T;
  throw refusalOf(status, body, headers);
}

/** The PatxHttpError a refusal's status, `{error, message, details}` and headers (its Retry-After) make. */
function refusalOf(status: number, body: unknown, headers?: Headers): PatxHttpError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { error?: unknown; message?: unknown; details?: unknown };
  const details = typeof b.details === 'object' && b.details !== null ? (b.details as Record<string, unknown>) : undefined;
  const message = typeof b.message === 'string' ? b.message : '';
  return new PatxHttpError(typeof b.error === 'string' ? b.error : `HTTP_${status}`, message, status, details, retryAfterMsOf(message, headers?.get('retry-after')));
}

const chainIds = new Map<string, number>();

/** The chain the exchange's signed requests name (GET /v1/endpoints), read once per exchange URL. */
async function chainIdOf(http: ExchangeHttp): Promise<number> {
  let id = chainIds.get(http.url);
  if (id === undefined) {
    id = (await publicGet<{ chainId?: number }>(http, '/v1/endpoints')).chainId ?? 31_337;
    chainIds.set(http.url, id);
  }
  return id;
}

function noAnswer(url: string, error: unknown): PatxHttpError {
  const e = error as { name?: unknown; message?: unknown } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return new PatxHttpError('TIMEOUT', `the gateway at ${url} did not answer in time`, 0);
  return new PatxHttpError('UNREACHABLE', `no PATX gateway answered at ${url} (${causeOf(error) ?? String(e?.message ?? error)})`, 0);
}

function badReply(url: string, status: number, error: unknown): PatxHttpError {
  return new PatxHttpError('BAD_REPLY', `the gateway at ${url} answered something other than the API's JSON (${error instanceof Error ? error.message : String(error)})`, status);
}

/** fetch's "fetch failed" hides why: its cause says (ECONNREFUSED ...). */
function causeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof cause?.message === 'string' ? cause.message : undefined;
}
