/**
 * HTTP on the gateway's port: health, Prometheus metrics, the series list, an
 * account view for its owner (a wallet-signed request) or the operator, and
 * routes other modules mount (the operator API, settlement statements) as
 * plain handlers, so they need not know uWebSockets.js.
 *
 * Every response is JSON (metrics: Prometheus text). Errors are
 * `{ "error": CODE, "message": "..." }` with a 4xx/5xx status.
 */
import type uWS from 'uWebSockets.js';
import type { Sequencer } from '../engine/index.js';
import type { Logger } from '../log.js';
import { processMetricsText } from '../process-metrics.js';
import { livenessReport, probeStatus, readinessReport, type ComponentName, type HealthProbe } from '../health.js';
import type { GatewayConfig } from './config.js';
import { IntakeError, type Intake } from '../intake/index.js';
import { clientAddress, TrustedProxies } from './client-address.js';
import { RateBuckets, type RateVerdict, type RequestRateLimits } from './request-limits.js';
import { RequestNonces } from './request-nonces.js';
import { checkSignedHeaders, readSignedHeaders, type SignedHeaders } from './signed-request.js';
import type { WebConsoleAssets } from './web-console.js';
import { accountJson, accountView, bookDepth, liveSeries, seriesJson, type SyntheticViews } from './views.js';

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
}

export interface HttpReply {
  status: number;
  /** JSON, unless `contentType` is set: then a string sent as it is. */
  body: unknown;
  contentType?: string;
  /** More response headers (Retry-After, the RateLimit fields). */
  headers?: Record<string, string>;
}

export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4';

/** A route another module provides: `prefix` ending in '/' matches everything under it ('/operator/'); without one, the path itself and everything under it ('/v1/listings'). */
export interface MountedRoute {
  prefix: string;
  /**
   * 'operator': requires `Authorization: Bearer <operator token>`; 'wallet': a
   * wallet-signed request (x-patx-* headers) from an address with an account;
   * 'public': anyone; 'wallet-writes': GET is public, any other method wallet-signed
   * (a resource read by anyone and written by accounts: /v1/grants/signer, /v1/grants/{id}/receipts).
   */
  auth: 'operator' | 'wallet' | 'public' | 'wallet-writes';
  /** Largest request body this route accepts, bytes (default 64 KiB; the catalog's sample uploads need more). */
  maxBodyBytes?: number;
  /**
   * How this request's body is read, on an intake worker (default: JSON, depth-bounded):
   * the catalog's uploads are read as a listing, so the sample is decoded and measured
   * there too and the handler gets the prepared listing as `body`.
   */
  bodyReading?(method: string, path: string, nowMs: number): BodyReading;
  handle(req: HttpRequestInfo): Promise<HttpReply>;
}

export type BodyReading = { task: 'json' } | { task: 'listing'; nowMs: number; maxSampleBytes: number };

const JSON_BODY: BodyReading = { task: 'json' };

interface HttpApiDeps {
  config: GatewayConfig;
  sequencer: Sequencer;
  clock: () => number;
  metricsText: () => string;
  healthProbes: () => Partial<Record<ComponentName, HealthProbe>>;
  /** 'standalone', or 'leader' of a replicated group (a standby answers from src/replication/standby-server.ts). */
  role: () => string;
  /** The operator a bearer token belongs to, if any. */
  operatorAuth: (token: string) => { name: string; accountId: number } | undefined;
  routes: readonly MountedRoute[];
  logger: Logger;
  /** Cash-settled series' (SYNTHETIC, CALL, PUT) marks and published settlement indexes, kept from released turns. */
  synthetics: SyntheticViews;
  /** The bound ports (order entry and HTTP; market data on its own thread), for GET /v1/endpoints. */
  ports: () => { trade: number; marketData: number };
  /** The web console's built assets, served at / (src/gateway/web-console.ts). */
  web: WebConsoleAssets;
  /** Where bodies are parsed and signatures recovered: off the engine's thread (src/intake/). */
  intake: Intake;
  /** Requests per client address and per account (429 beyond). */
  rateLimits: RequestRateLimits;
  /** When this process started: a request signed before it is refused (its nonce is not remembered across a restart). */
  startedAtMs: number;
}

const STATUS_TEXT: Record<number, string> = {
  200: '200 OK',
  201: '201 Created',
  202: '202 Accepted',
  400: '400 Bad Request',
  401: '401 Unauthorized',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  409: '409 Conflict',
  413: '413 Payload Too Large',
  422: '422 Unprocessable Entity',
  429: '429 Too Many Requests',
  500: '500 Internal Server Error',
  503: '503 Service Unavailable',
};

const MAX_BODY_BYTES = 64 * 1024;

/** A wallet-signed request whose signature was recovered and whose nonce was fresh. */
interface VerifiedWallet {
  address: string;
  contentSha256: string;
}

export class HttpApi {
  private readonly byAddress: RateBuckets;
  private readonly byAccount: RateBuckets;
  private readonly nonces: RequestNonces;
  private readonly trustedProxies: TrustedProxies;
  /** Requests refused for their rate, by limit (for /metrics). */
  readonly rateRefusals = { address: 0, account: 0 };

  constructor(private readonly deps: HttpApiDeps) {
    this.byAddress = new RateBuckets('address', deps.rateLimits.perAddress);
    this.byAccount = new RateBuckets('account', deps.rateLimits.perAccount);
    this.nonces = new RequestNonces(deps.config.httpSignatureMaxSkewMs);
    this.trustedProxies = new TrustedProxies(deps.config.trustedProxies);
  }

  /** Prometheus text (docs/metrics.md, "HTTP limits"). */
  metricsText(): string {
    return [
      '# HELP patx_http_rate_limited_total HTTP requests refused 429 for their rate, by the limit met.',
      '# TYPE patx_http_rate_limited_total counter',
      `patx_http_rate_limited_total{limit="address"} ${this.rateRefusals.address}`,
      `patx_http_rate_limited_total{limit="account"} ${this.rateRefusals.account}`,
      '# HELP patx_http_signed_nonces Nonces of signed HTTP requests remembered (within the signature time window).',
      '# TYPE patx_http_signed_nonces gauge',
      `patx_http_signed_nonces ${this.nonces.size}`,
      '',
    ].join('\n');
  }

  /** Who a request comes from, as the WebSocket endpoints count it (src/gateway/client-address.ts: X-Forwarded-For only from a trusted proxy). */
  private clientOf(res: uWS.HttpResponse, req: uWS.HttpRequest): string {
    return clientAddress(Buffer.from(res.getRemoteAddressAsText()).toString('latin1'), req.getHeader('x-forwarded-for'), this.trustedProxies);
  }

  mount(app: uWS.TemplatedApp): void {
    // Liveness and readiness (src/health.ts): every component with its state; 503 when not ok.
    app.get('/healthz', (res) => {
      const report = livenessReport(this.deps.healthProbes());
      reply(res, probeStatus(report), { ...report, role: this.deps.role(), seq: this.deps.sequencer.engine.lastSeq });
    });
    app.get('/readyz', (res) => {
      const report = readinessReport(this.deps.healthProbes());
      reply(res, probeStatus(report), { ...report, role: this.deps.role(), seq: this.deps.sequencer.engine.lastSeq });
    });
    app.get('/metrics', (res) => {
      // PATX's counters and histograms, then the process's own (prom-client: heap, GC, event-loop lag).
      this.answer(res, async () => ({ status: 200, body: this.deps.metricsText() + (await processMetricsText()), contentType: PROMETHEUS_TEXT }));
    });
    app.get('/v1/series', (res) => this.answer(res, () => this.read((engine) => ({ status: 200, body: { series: liveSeries(engine, false).map(seriesJson) } }))));
    app.get('/v1/series/:id', (res, req) => {
      const id = Number(req.getParameter(0));
      this.answer(res, () => {
        if (!Number.isSafeInteger(id) || id <= 0) return Promise.resolve(error(400, 'INVALID_FIELD', 'series id must be a positive integer'));
        return this.read((engine) => {
          const s = liveSeries(engine, true).find((x) => x.seriesId === id);
          if (s === undefined) return error(404, 'UNKNOWN_SERIES', `no series ${id}`);
          return { status: 200, body: { ...seriesJson(s), book: bookDepth(engine, id, 10) } };
        });
      });
    });
    // A cash-settled series' (SYNTHETIC, CALL, PUT) latest mark and its published settlement index with every input and intermediate.
    app.get('/v1/series/:id/settlement', (res, req) => {
      const id = Number(req.getParameter(0));
      this.answer(res, () => {
        if (!Number.isSafeInteger(id) || id <= 0) return Promise.resolve(error(400, 'INVALID_FIELD', 'series id must be a positive integer'));
        return this.read((engine) => {
          const v = this.deps.synthetics.view(engine, id);
          if (v.status === 200) return v;
          return error(404, v.code, v.code === 'UNKNOWN_SERIES' ? `no series ${id}` : `series ${id} is not cash-settled (SYNTHETIC, CALL or PUT)`);
        });
      });
    });
    app.get('/v1/account', (res, req) => {
      const authorization = req.getHeader('authorization');
      const signed = readSignedHeaders((name) => req.getHeader(name));
      const rawQuery = req.getQuery() ?? '';
      const host = req.getHeader('host');
      const client = this.clientOf(res, req);
      const limited = this.admitAddress(client);
      if (limited !== undefined) return reply(res, limited.status, limited.body, limited.headers);
      this.answer(res, () => this.accountView(authorization, signed, host, rawQuery, client));
    });
    // Where a browser (the web console) finds the WebSocket endpoints: paths and ports, on the host it already reached.
    app.get('/v1/endpoints', (res) =>
      reply(res, 200, { trade: { path: '/v1/trade', port: this.deps.ports().trade }, marketData: { path: '/v1/market', port: this.deps.ports().marketData }, chainId: this.deps.config.chainId }),
    );
    const notFound = (res: uWS.HttpResponse, req: uWS.HttpRequest): void => reply(res, 404, { error: 'NOT_FOUND', message: `no route ${req.getMethod().toUpperCase()} ${req.getUrl()}` });
    this.deps.web.mount(app, notFound);
    const prefixes = new Set<string>();
    for (const route of this.deps.routes) {
      // uWS cannot route two handlers on one pattern (it aborts the process on the first request).
      if (prefixes.has(route.prefix)) throw new Error(`two HTTP routes mounted at ${route.prefix}`);
      prefixes.add(route.prefix);
      if (route.prefix.endsWith('/')) app.any(`${route.prefix}*`, (res, req) => this.mounted(route, res, req));
      else {
        // A prefix without a trailing slash is a resource: the path itself and everything under it.
        app.any(route.prefix, (res, req) => this.mounted(route, res, req));
        app.any(`${route.prefix}/*`, (res, req) => this.mounted(route, res, req));
      }
    }
    app.any('/*', notFound);
  }

  private read(view: (engine: Sequencer['engine']) => HttpReply): Promise<HttpReply> {
    return new Promise((resolve) => this.deps.sequencer.read(view, resolve, () => resolve(error(503, 'SERVICE_UNAVAILABLE', 'the engine is stopped'))));
  }

  private async accountView(authorization: string, signed: SignedHeaders, host: string, rawQuery: string, client: string): Promise<HttpReply> {
    const query = new URLSearchParams(rawQuery);
    let target: { accountId: number } | { address: string };
    if (authorization !== '') {
      if (!this.isOperator(authorization)) return error(401, 'AUTH_FAILED', 'operator credential refused');
      const id = Number(query.get('account'));
      if (!Number.isSafeInteger(id) || id <= 0) return error(400, 'INVALID_FIELD', 'operator requests name ?account=<id>');
      target = { accountId: id };
    } else {
      const pathAndQuery = rawQuery === '' ? '/v1/account' : `/v1/account?${rawQuery}`;
      const wallet = await this.verifyWallet(signed, 'GET', host, pathAndQuery, client);
      if ('status' in wallet) return wallet;
      if (wallet.contentSha256 !== EMPTY_SHA256) return error(400, 'BODY_HASH_MISMATCH', 'a GET has no body: x-patx-content-sha256 must be that of the empty body');
      target = { address: wallet.address };
    }
    return this.read((engine) => {
      const id = 'accountId' in target ? target.accountId : engine.accountIdByAddress.get(target.address);
      const account = id === undefined ? undefined : engine.accounts[id];
      if (account === undefined) return error(404, 'UNKNOWN_ACCOUNT', 'no such account');
      return { status: 200, body: accountJson(accountView(engine, account)) };
    });
  }

  /**
   * A wallet-signed request's signer, or the refusal: the headers' form and time here, the
   * signature recovered on an intake worker, then its nonce taken (once).
   */
  private async verifyWallet(h: SignedHeaders, method: string, host: string, pathAndQuery: string, client: string): Promise<VerifiedWallet | HttpReply> {
    const now = this.deps.clock();
    const check = checkSignedHeaders(h, { method, host, pathAndQuery, chainId: this.deps.config.chainId, nowMs: now, maxSkewMs: this.deps.config.httpSignatureMaxSkewMs, notBeforeMs: this.deps.startedAtMs });
    if (!check.ok) return error(401, check.code, check.reason);
    let signer: string;
    try {
      signer = await this.deps.intake.run('recover', { text: check.text, signature: check.signature }, { client });
    } catch (e) {
      return intakeRefusal(e);
    }
    if (signer !== check.address) return error(401, 'AUTH_FAILED', 'signature was not made by this address over this request (method, host, path and query, chain, time, nonce, body hash)');
    const nonce = this.nonces.use(check.address, check.nonce, check.timeMs, this.deps.clock());
    if (nonce === 'replayed') return error(401, 'NONCE_REUSED', 'this x-patx-nonce was already used: each signed request carries a new one');
    if (nonce === 'full') return { status: 503, body: { error: 'SERVER_BUSY', message: 'too many signed requests in flight: try again shortly' }, headers: { 'retry-after': '1' } };
    return { address: check.address, contentSha256: check.contentSha256 };
  }

  /** The per-address rate: undefined when the request may go on, else the 429. */
  private admitAddress(client: string): HttpReply | undefined {
    const verdict = this.byAddress.take(client, this.deps.clock());
    if (verdict.ok) return undefined;
    this.rateRefusals.address++;
    return tooMany(this.byAddress, verdict, `this address sent more than ${this.byAddress.limit.burst} requests at once or ${this.byAddress.limit.perSecond} a second`);
  }

  private admitAccount(accountId: number): HttpReply | undefined {
    const verdict = this.byAccount.take(String(accountId), this.deps.clock());
    if (verdict.ok) return undefined;
    this.rateRefusals.account++;
    return tooMany(this.byAccount, verdict, `this account sent more than ${this.byAccount.limit.burst} requests at once or ${this.byAccount.limit.perSecond} a second`);
  }

  private operatorOf(authorization: string): { name: string; accountId: number } | undefined {
    const match = /^Bearer (.+)$/.exec(authorization);
    return match === null ? undefined : this.deps.operatorAuth(match[1]!);
  }

  private isOperator(authorization: string): boolean {
    return this.operatorOf(authorization) !== undefined;
  }

  /**
   * A mounted route's request. The engine's thread only checks headers and hands bytes
   * over: the rate, the declared size, the credential's form, all before any body is read;
   * a wallet's signature is recovered on an intake worker while the body waits (paused),
   * and the body is read only for a signer with an account, then parsed (its signed hash
   * checked, its depth bounded) on the intake too.
   */
  private mounted(route: MountedRoute, res: uWS.HttpResponse, req: uWS.HttpRequest): void {
    const method = req.getMethod().toUpperCase();
    const path = req.getUrl();
    const rawQuery = req.getQuery() ?? '';
    const client = this.clientOf(res, req);
    const state = { aborted: false };
    let body: BodyReader | undefined;
    res.onAborted(() => {
      state.aborted = true;
      body?.abort(); // a body that never came (the connection closed or timed out): nothing waits for it
    });
    const limited = this.admitAddress(client);
    if (limited !== undefined) return refuseEarly(res, state, limited);
    // Routes decode path segments (names, ids): malformed percent-encoding is the client's error, refused here once.
    if (!decodes(path)) return refuseEarly(res, state, error(400, 'MALFORMED_PATH', 'the path has malformed percent-encoding'));
    const maxBody = route.maxBodyBytes ?? MAX_BODY_BYTES;
    const contentLength = req.getHeader('content-length');
    if (contentLength !== '' && !(/^[0-9]{1,12}$/.test(contentLength) && Number(contentLength) <= maxBody)) {
      return refuseEarly(res, state, error(413, 'PAYLOAD_TOO_LARGE', `bodies are limited to ${maxBody} bytes here`));
    }
    let operator: { name: string; accountId: number } | undefined;
    if (route.auth === 'operator') {
      const authorization = req.getHeader('authorization');
      operator = this.operatorOf(authorization);
      if (operator === undefined) {
        const why = authorization === '' ? 'none was given' : 'the one given is unknown or revoked';
        return refuseEarly(res, state, error(401, 'AUTH_FAILED', `this route needs Authorization: Bearer <operator token>; ${why}`));
      }
    }
    const walletSigned = route.auth === 'wallet' || (route.auth === 'wallet-writes' && method !== 'GET');
    const signed = walletSigned ? readSignedHeaders((name) => req.getHeader(name)) : undefined;
    const host = req.getHeader('host');
    body = new BodyReader(res, contentLength === '' ? 0 : Number(contentLength));
    const query = new URLSearchParams(rawQuery);
    const pathAndQuery = rawQuery === '' ? path : `${path}?${rawQuery}`;
    const reader = body;
    void this.authorise(route, operator, signed, method, host, pathAndQuery, client, reader)
      .then(async (who) => {
        if ('status' in who) return refuseEarly(res, state, who);
        const raw = await reader.resume();
        if (raw === undefined) return refuseEarly(res, state, error(400, 'BODY_LENGTH_MISMATCH', 'the body is not as long as its content-length says'));
        if (state.aborted) return;
        let parsed: unknown;
        try {
          parsed = await this.readBody(route, method, path, raw, who.contentSha256, client);
        } catch (e) {
          return finish(res, state, intakeRefusal(e));
        }
        finish(res, state, await route.handle({ method, path, query, body: parsed, principal: who.principal, accountId: who.accountId }));
      })
      .catch((err: unknown) => {
        this.deps.logger.error({ err, path }, 'route failed');
        finish(res, state, error(500, 'INTERNAL', 'internal error'));
      });
  }

  /** Who a request is from, or why it is refused; for a wallet, the signature recovered and its account found before the body is read. */
  private async authorise(
    route: MountedRoute,
    operator: { name: string; accountId: number } | undefined,
    signed: SignedHeaders | undefined,
    method: string,
    host: string,
    pathAndQuery: string,
    client: string,
    body: BodyReader,
  ): Promise<{ principal: string; accountId: number; contentSha256?: string } | HttpReply> {
    if (operator !== undefined) return { principal: operator.name, accountId: operator.accountId };
    if (signed === undefined) return { principal: route.auth === 'wallet-writes' ? 'public' : route.auth, accountId: 0 };
    body.pause();
    const wallet = await this.verifyWallet(signed, method, host, pathAndQuery, client);
    if ('status' in wallet) return wallet;
    const accountId = await this.accountOf(wallet.address);
    if (accountId === undefined) return error(404, 'UNKNOWN_ACCOUNT', 'no account has this address');
    return this.admitAccount(accountId) ?? { principal: 'account', accountId, contentSha256: wallet.contentSha256 };
  }

  /** The body, read on an intake worker as the route asks (JSON by default). */
  private readBody(route: MountedRoute, method: string, path: string, raw: Buffer, contentSha256: string | undefined, client: string): Promise<unknown> {
    if (raw.length === 0) {
      if (contentSha256 !== undefined && contentSha256 !== EMPTY_SHA256) return Promise.reject(new IntakeError('BODY_HASH_MISMATCH', "the body is not the one signed: it is empty, x-patx-content-sha256 is not the empty body's"));
      return Promise.resolve(undefined);
    }
    const reading = route.bodyReading?.(method, path, this.deps.clock()) ?? JSON_BODY;
    // The body owns its buffer (BodyReader reads into one of the declared length): moved to the worker, not copied.
    const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    const owned = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength;
    const options = { client, bytes: raw.length, transfer: owned ? [raw.buffer as ArrayBuffer] : [] };
    const sha = contentSha256 === undefined ? {} : { contentSha256 };
    if (reading.task === 'listing') return this.deps.intake.run('listing', { bytes, ...sha, nowMs: reading.nowMs, maxSampleBytes: reading.maxSampleBytes }, options);
    return this.deps.intake.run('json', { bytes, ...sha }, options);
  }

  private accountOf(address: string): Promise<number | undefined> {
    return new Promise((resolve, reject) => this.deps.sequencer.read((engine) => engine.accountIdByAddress.get(address), resolve, reject));
  }

  /** Runs an async handler for a GET route and writes its reply unless the client went away. */
  private answer(res: uWS.HttpResponse, run: () => Promise<HttpReply>): void {
    const state = { aborted: false };
    res.onAborted(() => (state.aborted = true));
    run().then(
      (r) => finish(res, state, r),
      (err: unknown) => {
        this.deps.logger.error({ err }, 'http request failed');
        finish(res, state, error(500, 'INTERNAL', 'internal error'));
      },
    );
  }
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function error(status: number, code: string, message: string): HttpReply {
  return { status, body: { error: code, message } };
}

function reply(res: uWS.HttpResponse, status: number, body: unknown, headers?: Record<string, string>, closeConnection = false): void {
  res.writeStatus(STATUS_TEXT[status] ?? `${status} Status`).writeHeader('content-type', 'application/json');
  if (headers !== undefined) for (const [k, v] of Object.entries(headers)) res.writeHeader(k, v);
  res.end(
    JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
    closeConnection,
  );
}

function finish(res: uWS.HttpResponse, state: { aborted: boolean }, r: HttpReply, closeConnection = false): void {
  if (state.aborted) return;
  state.aborted = true; // answered: nothing else writes
  if (r.contentType !== undefined && typeof r.body === 'string') {
    const text = r.body;
    res.cork(() => {
      res.writeStatus(STATUS_TEXT[r.status] ?? `${r.status} Status`).writeHeader('content-type', r.contentType!);
      if (r.headers !== undefined) for (const [k, v] of Object.entries(r.headers)) res.writeHeader(k, v);
      res.end(text, closeConnection);
    });
    return;
  }
  res.cork(() => reply(res, r.status, r.body, r.headers, closeConnection));
}

/** A refusal before the body was read: the connection is closed after it, so an unread body costs nothing more. */
function refuseEarly(res: uWS.HttpResponse, state: { aborted: boolean }, r: HttpReply): void {
  finish(res, state, r, true);
}

function tooMany(buckets: RateBuckets, verdict: Extract<RateVerdict, { ok: false }>, message: string): HttpReply {
  return {
    status: 429,
    body: { error: 'RATE_LIMITED', message: `${message}: retry after ${verdict.retryAfterS} s` },
    headers: { 'retry-after': String(verdict.retryAfterS), 'ratelimit-policy': buckets.policy(), ratelimit: `"${buckets.name}";r=0;t=${verdict.retryAfterS}` },
  };
}

/** An intake refusal (a typed IntakeError or CatalogError from a worker) as a reply; anything else is the route's failure. */
function intakeRefusal(e: unknown): HttpReply {
  if (e instanceof IntakeError) return { status: e.status, body: { error: e.code, message: e.message }, ...(e.code === 'SERVER_BUSY' || e.code === 'TOO_MANY_IN_FLIGHT' ? { headers: { 'retry-after': '1' } } : {}) };
  if (e instanceof Error && e.name === 'CatalogError') {
    const c = e as Error & { code: string; details?: unknown };
    return { status: CATALOG_STATUS[c.code] ?? 400, body: { error: c.code, message: c.message, ...(c.details === undefined ? {} : { details: c.details }) } };
  }
  throw e;
}

/** The statuses of the catalog's refusals a body can meet while it is read (src/catalog/routes.ts has the rest). */
const CATALOG_STATUS: Record<string, number> = { SAMPLE_TOO_LARGE: 413 };

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Collects a request body as it arrives, into one buffer of its declared length (one copy
 * of uWS's transient chunks, no concatenation: a 14 MB body is one allocation, and the buffer
 * moves to an intake worker whole). A body longer than declared, or than the limit, is
 * refused. The handler is attached at once (uWS drops a body nobody listens to); `pause`
 * stops the socket's reads until `resume`, so a body waits in the kernel, not here, while its
 * sender's signature is checked.
 */
class BodyReader {
  /** Allocated with the first chunk: a declared length costs nothing until bytes come (and a paused body's do not). */
  private bytes: Uint8Array | undefined;
  private size = 0;
  private over = false;
  private ended: boolean;
  private paused = false;
  private waiting: ((body: Buffer | undefined) => void) | undefined;

  constructor(
    private readonly res: uWS.HttpResponse,
    /** The declared content-length (0: none; checked against the route's limit before). */
    private readonly declaredBytes: number,
  ) {
    this.ended = declaredBytes === 0;
    if (this.ended) return;
    res.onData((chunk, isLast) => {
      if (!this.over) {
        if (this.size + chunk.byteLength > declaredBytes) this.over = true;
        else {
          this.bytes ??= new Uint8Array(new ArrayBuffer(declaredBytes));
          this.bytes.set(new Uint8Array(chunk), this.size);
          this.size += chunk.byteLength;
        }
      }
      if (isLast) {
        this.ended = true;
        this.deliver();
      }
    });
  }

  pause(): void {
    if (this.ended || this.paused) return;
    this.paused = true;
    this.res.pause();
  }

  /**
   * The whole body once it has arrived; undefined when it is not what was declared. Resumes
   * the socket even when the body came in whole meanwhile: a paused socket stays paused for
   * the connection's next request too.
   */
  resume(): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      if (this.paused) {
        this.paused = false;
        this.res.resume();
      }
      if (this.ended) this.deliver();
    });
  }

  /** The connection went away: whoever waits for the body gets none. */
  abort(): void {
    this.over = true;
    this.ended = true;
    this.paused = false;
    this.deliver();
  }

  private deliver(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    if (this.over || this.size !== this.declaredBytes) return waiting(undefined);
    waiting(this.bytes === undefined ? Buffer.alloc(0) : Buffer.from(this.bytes.buffer, 0, this.size));
  }
}
