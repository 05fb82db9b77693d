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
import { checkHttpSignature } from './login.js';
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
}

export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4';

/** A route another module provides: `prefix` ending in '/' matches everything under it ('/operator/'); without one, the path itself and everything under it ('/v1/listings'). */
export interface MountedRoute {
  prefix: string;
  /**
   * 'operator': requires `Authorization: Bearer <operator token>`; 'wallet': a
   * wallet-signed request (x-patx-* headers) from an address with an account;
   * 'public': anyone.
   */
  auth: 'operator' | 'wallet' | 'public';
  /** Largest request body this route accepts, bytes (default 64 KiB; the catalog's sample uploads need more). */
  maxBodyBytes?: number;
  handle(req: HttpRequestInfo): Promise<HttpReply>;
}

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

export class HttpApi {
  constructor(private readonly deps: HttpApiDeps) {}

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
      const headers = {
        authorization: req.getHeader('authorization'),
        address: req.getHeader('x-patx-address'),
        time: req.getHeader('x-patx-time'),
        signature: req.getHeader('x-patx-signature'),
      };
      const query = new URLSearchParams(req.getQuery() ?? '');
      this.answer(res, () => this.accountView(headers, query));
    });
    // Where a browser (the web console) finds the WebSocket endpoints: paths and ports, on the host it already reached.
    app.get('/v1/endpoints', (res) =>
      reply(res, 200, { trade: { path: '/v1/trade', port: this.deps.ports().trade }, marketData: { path: '/v1/market', port: this.deps.ports().marketData } }),
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

  private accountView(h: { authorization: string; address: string; time: string; signature: string }, query: URLSearchParams): Promise<HttpReply> {
    let target: { accountId: number } | { address: string };
    if (h.authorization !== '') {
      if (!this.isOperator(h.authorization)) return Promise.resolve(error(401, 'AUTH_FAILED', 'operator credential refused'));
      const id = Number(query.get('account'));
      if (!Number.isSafeInteger(id) || id <= 0) return Promise.resolve(error(400, 'INVALID_FIELD', 'operator requests name ?account=<id>'));
      target = { accountId: id };
    } else {
      const check = checkHttpSignature('GET', '/v1/account', h.address, h.time, h.signature, this.deps.clock(), this.deps.config.httpSignatureMaxSkewMs);
      if (!check.ok) return Promise.resolve(error(401, 'AUTH_FAILED', check.reason));
      target = { address: check.address };
    }
    return this.read((engine) => {
      const id = 'accountId' in target ? target.accountId : engine.accountIdByAddress.get(target.address);
      const account = id === undefined ? undefined : engine.accounts[id];
      if (account === undefined) return error(404, 'UNKNOWN_ACCOUNT', 'no such account');
      return { status: 200, body: accountJson(accountView(engine, account)) };
    });
  }

  /** Who a mounted route's request comes from; undefined for a wallet without an account. */
  private principalOf(route: MountedRoute, wallet: string | undefined): Promise<{ principal: string; accountId: number } | undefined> {
    if (wallet === undefined) return Promise.resolve({ principal: route.auth, accountId: 0 });
    return new Promise((resolve, reject) =>
      this.deps.sequencer.read(
        (engine) => engine.accountIdByAddress.get(wallet),
        (id) => resolve(id === undefined ? undefined : { principal: 'account', accountId: id }),
        reject,
      ),
    );
  }

  private operatorOf(authorization: string): { name: string; accountId: number } | undefined {
    const match = /^Bearer (.+)$/.exec(authorization);
    return match === null ? undefined : this.deps.operatorAuth(match[1]!);
  }

  private isOperator(authorization: string): boolean {
    return this.operatorOf(authorization) !== undefined;
  }

  private mounted(route: MountedRoute, res: uWS.HttpResponse, req: uWS.HttpRequest): void {
    const method = req.getMethod().toUpperCase();
    const path = req.getUrl();
    // Routes decode path segments (names, ids): malformed percent-encoding is the client's error, refused here once.
    if (!decodes(path)) return reply(res, 400, { error: 'MALFORMED_PATH', message: 'the path has malformed percent-encoding' });
    const query = new URLSearchParams(req.getQuery() ?? '');
    const state = { aborted: false };
    res.onAborted(() => (state.aborted = true));
    let wallet: string | undefined;
    let operator: { name: string; accountId: number } | undefined;
    if (route.auth === 'operator') {
      const authorization = req.getHeader('authorization');
      operator = this.operatorOf(authorization);
      if (operator === undefined) {
        const why = authorization === '' ? 'none was given' : 'the one given is unknown or revoked';
        return reply(res, 401, { error: 'AUTH_FAILED', message: `this route needs Authorization: Bearer <operator token>; ${why}` });
      }
    }
    if (route.auth === 'wallet') {
      const check = checkHttpSignature(method, path, req.getHeader('x-patx-address'), req.getHeader('x-patx-time'), req.getHeader('x-patx-signature'), this.deps.clock(), this.deps.config.httpSignatureMaxSkewMs);
      if (!check.ok) return reply(res, 401, { error: 'AUTH_FAILED', message: check.reason });
      wallet = check.address;
    }
    const contentLength = req.getHeader('content-length');
    const maxBody = route.maxBodyBytes ?? MAX_BODY_BYTES;
    readBody(res, contentLength === '' || contentLength === '0', maxBody, (raw) => {
      if (raw === undefined) return finish(res, state, error(413, 'PAYLOAD_TOO_LARGE', `bodies are limited to ${maxBody} bytes here`));
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          return finish(res, state, error(400, 'MALFORMED_JSON', 'the body is not JSON'));
        }
      }
      const who = operator !== undefined ? Promise.resolve({ principal: operator.name, accountId: operator.accountId }) : this.principalOf(route, wallet);
      who
        .then((who) => (who === undefined ? error(404, 'UNKNOWN_ACCOUNT', 'no account has this address') : route.handle({ method, path, query, body, ...who })))
        .then(
          (r) => finish(res, state, r),
          (err: unknown) => {
            this.deps.logger.error({ err, path }, 'route failed');
            finish(res, state, error(500, 'INTERNAL', 'internal error'));
          },
        );
    });
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

function reply(res: uWS.HttpResponse, status: number, body: unknown): void {
  res
    .writeStatus(STATUS_TEXT[status] ?? `${status} Status`)
    .writeHeader('content-type', 'application/json')
    .end(JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

function finish(res: uWS.HttpResponse, state: { aborted: boolean }, r: HttpReply): void {
  if (state.aborted) return;
  if (r.contentType !== undefined && typeof r.body === 'string') {
    const text = r.body;
    res.cork(() => res.writeStatus(STATUS_TEXT[r.status] ?? `${r.status} Status`).writeHeader('content-type', r.contentType!).end(text));
    return;
  }
  res.cork(() => reply(res, r.status, r.body));
}

/** Collects a request body (copying uWS's transient chunks); undefined if it is over the limit. */
function readBody(res: uWS.HttpResponse, empty: boolean, maxBytes: number, done: (body: Buffer | undefined) => void): void {
  if (empty) return done(Buffer.alloc(0));
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  res.onData((chunk, isLast) => {
    if (!over) {
      size += chunk.byteLength;
      if (size > maxBytes) over = true;
      else chunks.push(Buffer.from(new Uint8Array(chunk)));
    }
    if (isLast) done(over ? undefined : Buffer.concat(chunks));
  });
}
