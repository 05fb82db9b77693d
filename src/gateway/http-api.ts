/**
 * HTTP on the gateway's port: health, Prometheus metrics, the series list, an
 * account view for its owner (a wallet-signed request) or the operator, this API's
 * reference (/openapi.json, /docs), and routes other modules mount (the operator API,
 * the catalog, grants, settlement) as plain handlers, so they need not know uWebSockets.js.
 *
 * Every route is a row of the route registry (operations.ts): one dispatcher matches a
 * request to its operation (404 when no path matches, 405 with `Allow` for another method,
 * OPTIONS answered, HEAD served as GET without a body; a wallet-signed request only in its one
 * spelling: signed-request.ts, checkSpelling), checks its path parameters and
 * query with the row's schemas (400 INVALID_FIELD) and only then runs its handler. The
 * OpenAPI document is generated from the same rows (openapi.ts).
 *
 * Every response is JSON (metrics: Prometheus text; /docs: HTML). Errors are
 * `{ "error": CODE, "message": "...", "details"?: {...} }` with a 4xx/5xx status.
 */
import { feeScheduleReport } from '../risk/index.js';
import type uWS from 'uWebSockets.js';
import { priceBandFloorMicros, type Sequencer } from '../engine/index.js';
import type { Logger } from '../runtime/log.js';
import { processMetricsText } from '../runtime/process-metrics.js';
import { PROMETHEUS_TEXT } from './metrics.js';
import { livenessReport, probeStatus, readinessReport, type ComponentName, type HealthProbe } from '../runtime/health.js';
import type { GatewayConfig } from './config.js';
import { IntakeError, movableBuffer, type Intake } from '../intake/index.js';
import { clientAddress, TrustedProxies } from './client-address.js';
import { overLimit, RateBuckets, rateLimitedReply, type RequestRateLimits } from './request-limits.js';
import { accountViewCost, type AccountReadBudgets } from './read-budget.js';
import { bearerToken, operatorTokenRefused } from './operator-bearer.js';
import { RequestNonces } from './request-nonces.js';
import type { IdempotencyKeyStore } from './idempotency-key-store.js';
import { IdempotencyKeys, type KeyedRequest } from './idempotency-keys.js';
import { checkSignedHeaders, checkSpelling, readSignedHeaders, type SignedHeaders } from './signed-request.js';
import type { WebConsoleAssets } from './web-console.js';
import { accountJson, accountView, liveSeries, seriesInfo, takeableBook, seriesJson, type SyntheticViews } from './views.js';
import { allowedMethods, checkFields, notTakenReply, replyReleased, RouteTable, type BodyReading, type HttpReply, type MountedRoute, type Operation, type PathMatch } from '../http-registry/index.js';
import { GATEWAY_OPERATIONS, MAX_SERIES_PAGE, seriesQuery } from './gateway-operations.js';
import { openApiDocument } from './openapi.js';
import { apiReferencePage, API_REFERENCE_CSP } from './api-docs.js';
import { Responder, UnsentReplies } from './http-reply.js';
import { HeldBytes, SMALL_RESERVE_BYTES, type HeldLimit } from './held-bytes.js';
import { BodyBlocks } from './body-blocks.js';
import { BodyReader, FIRST_BODY_BYTES, type BodyBytes } from './body-reader.js';
import { labelledMetricLines, metricLines } from '../runtime/prometheus-text.js';

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
  /** Each account's budget of reads built on the engine's thread, shared with its order-entry sessions (read-budget.ts). */
  reads: AccountReadBudgets;
  /** When this process started: a request signed before it is refused (its nonce is not remembered across a restart). */
  startedAtMs: number;
  /** The Host headers signed requests are answered under (signed-request.ts `signedRequestHosts`); set once listening. */
  signedHosts: () => ReadonlySet<string>;
  /** A published listing's segment (GET /v1/series?listing=); undefined when unknown or not published. */
  listingSegment?: (listingId: number) => string | undefined;
  /** Where idempotency keys are kept across a restart (none: in memory only). */
  idempotencyKeyStore?: IdempotencyKeyStore;
}

/** The API's version in the OpenAPI document (its paths are /v1/...). */
const API_VERSION = '1.0.0';

/** What serves a registry row: one of the gateway's own handlers, or a mounted module route. */
type Target = { kind: 'own'; run: OwnHandler } | { kind: 'mounted'; route: MountedRoute };

/**
 * The gateway's own handlers: read the request synchronously (uWS's request is gone after), answer when ready.
 * `live` is the uWS request and its responder; absent when the gateway reads a public route itself (`publicGet`).
 */
type OwnHandler = (params: Record<string, string>, query: URLSearchParams, live?: { req: uWS.HttpRequest; x: Responder }) => Promise<HttpReply> | HttpReply;

const MAX_BODY_BYTES = 64 * 1024;

/** A wallet-signed request whose signature was recovered and whose nonce was fresh. */
interface VerifiedWallet {
  address: string;
  contentSha256: string;
  /** The request's idempotency key, held for it while it runs (a write that sent one). */
  keyed?: Extract<KeyedRequest, { kind: 'new' }>;
}

/** The methods whose wallet-signed requests may carry an Idempotency-Key. */
const KEYED_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** /openapi.json and /docs as sent, with their compressed forms. */
interface ApiDocuments {
  openapi: string;
  docs: string;
  openapiCompressed: Map<'br' | 'gzip', Buffer>;
  docsCompressed: Map<'br' | 'gzip', Buffer>;
}

export class HttpApi {
  private readonly byAddress: RateBuckets;
  private readonly byAccount: RateBuckets;
  /** The last /metrics rendering and when it began (performance.now()). */
  private renderedMetrics: { atMs: number; text: Promise<string> } | undefined = undefined;
  private readonly nonces: RequestNonces;
  private readonly idempotencyKeys: IdempotencyKeys;
  /** GET /v1/series' rows as of a released seq (seriesPage). */
  private seriesRows: { seq: number; rows: Record<string, unknown>[] } | undefined;
  private readonly trustedProxies: TrustedProxies;
  /** Requests refused for their rate, by limit (for /metrics). */
  readonly rateRefusals = { address: 0, account: 0, accountReads: 0 };
  /** Every route served: the gateway's own and the mounted ones (operations.ts). */
  readonly routes = new RouteTable<Target>();
  /** The API's documents, rendered once, with their compressed forms kept (a stranger may ask for 127 KB a request). */
  private documents: ApiDocuments | undefined;
  /** Request-body bytes held while requests are read and handled, in total and per client address. */
  readonly bodies: HeldBytes;
  /** The shared memory large bodies are read into (body-blocks.ts). */
  readonly blocks: BodyBlocks;
  /** Bodies refused for the bytes held, by the limit met (for /metrics). */
  readonly bodyRefusals = { total: 0, address: 0 };
  /** Reply bytes written and not yet taken by their clients' sockets, per client address. */
  readonly replies: UnsentReplies;

  constructor(private readonly deps: HttpApiDeps) {
    this.byAddress = new RateBuckets('address', deps.rateLimits.perAddress);
    this.byAccount = new RateBuckets('account', deps.rateLimits.perAccount);
    this.nonces = new RequestNonces(deps.config.httpSignatureMaxSkewMs, deps.config.maxLiveSignedNonces);
    this.idempotencyKeys = new IdempotencyKeys(undefined, undefined, undefined, deps.idempotencyKeyStore, deps.clock());
    this.trustedProxies = new TrustedProxies(deps.config.trustedProxies);
    this.bodies = new HeldBytes(deps.config.httpMaxBufferedBodyBytes, deps.config.httpMaxBufferedBodyBytesPerAddress);
    this.blocks = new BodyBlocks(deps.config.httpMaxBufferedBodyBytes + SMALL_RESERVE_BYTES, (memory) => deps.intake.run('touch', { memory }, { first: true }));
    this.replies = new UnsentReplies(deps.config.httpMaxUnsentReplyBytesPerAddress);
  }

  /** Prometheus text (docs/metrics.md, "HTTP limits"). */
  metricsText(): string {
    return [
      ...labelledMetricLines('counter', 'patx_http_rate_limited_total', 'HTTP requests refused 429 for their rate, by the limit met (account_reads: the account\'s read budget, gateway.readRateLimitPerAccount).', [
        ['limit="address"', this.rateRefusals.address],
        ['limit="account"', this.rateRefusals.account],
        ['limit="account_reads"', this.rateRefusals.accountReads],
      ]),
      ...metricLines('gauge', 'patx_http_signed_nonces', 'Nonces of signed HTTP requests remembered (within the signature time window).', this.nonces.size),
      ...metricLines('gauge', 'patx_http_idempotency_keys', "Idempotency keys of wallet-signed writes remembered (24 h each; src/gateway/idempotency-keys.ts).", this.idempotencyKeys.size),
      ...metricLines('gauge', 'patx_http_body_bytes_held', 'Request-body bytes held while HTTP requests are read and handled.', this.bodies.bytes),
      ...metricLines('gauge', 'patx_http_body_memory_bytes', 'Shared memory kept for large request bodies (64 KiB blocks, reused; at most the bytes held allow; free a whole minute, let go down to 16 MiB).', this.blocks.bytes),
      ...labelledMetricLines('counter', 'patx_http_body_refused_total', 'HTTP requests refused for the request-body bytes held, by the limit met (503 total, 429 address).', [
        ['limit="total"', this.bodyRefusals.total],
        ['limit="address"', this.bodyRefusals.address],
      ]),
      ...metricLines('gauge', 'patx_http_reply_bytes_unsent', "HTTP reply bytes written and not yet taken by their clients' sockets.", this.replies.bytes),
      ...metricLines('counter', 'patx_http_reply_connections_closed_total', 'HTTP connections closed because their address left more reply bytes unread than allowed.', this.replies.closed),
      '',
    ].join('\n');
  }

  /** Who a request comes from, as the WebSocket endpoints count it (src/gateway/client-address.ts: X-Forwarded-For only from a trusted proxy). */
  private clientOf(res: uWS.HttpResponse, req: uWS.HttpRequest): string {
    return clientAddress(Buffer.from(res.getRemoteAddressAsText()).toString('latin1'), req.getHeader('x-forwarded-for'), this.trustedProxies);
  }

  /** The OpenAPI document of every route served (generated once, from the registry). */
  openApi(): object {
    return JSON.parse(this.rendered().openapi) as object;
  }

  private rendered(): ApiDocuments {
    if (this.documents === undefined) {
      const doc = openApiDocument(this.routes.operations(), { version: API_VERSION });
      this.documents = { openapi: JSON.stringify(doc), docs: apiReferencePage(doc), openapiCompressed: new Map(), docsCompressed: new Map() };
    }
    return this.documents;
  }

  mount(app: uWS.TemplatedApp): void {
    const own = this.ownHandlers();
    for (const op of GATEWAY_OPERATIONS) {
      const run = own[op.operationId];
      if (run === undefined) throw new Error(`no handler for the gateway's HTTP operation ${op.operationId}`);
      this.routes.add(op, { kind: 'own', run });
    }
    for (const route of this.deps.routes) for (const op of route.operations) this.routes.add(op, { kind: 'mounted', route });
    const notFound = (res: uWS.HttpResponse, req: uWS.HttpRequest): void => this.responder(res, this.clientOf(res, req), false).send(error(404, 'NOT_FOUND', `no route ${req.getMethod().toUpperCase()} ${req.getUrl()}`));
    const admit = (res: uWS.HttpResponse, req: uWS.HttpRequest, weight: number): boolean => {
      const client = this.clientOf(res, req);
      const limited = this.admitAddress(client, weight);
      if (limited === undefined) return true;
      this.responder(res, client, false).send(limited);
      return false;
    };
    this.deps.web.mount(app, notFound, admit, (res, req, head) => this.responder(res, this.clientOf(res, req), head));
    app.any('/*', (res, req) => this.dispatch(res, req));
  }

  /** A request's responder, its reply's unread bytes counted against its client address. */
  private responder(res: uWS.HttpResponse, client: string, head: boolean, acceptEncoding = '', cors = false): Responder {
    return new Responder(res, head, acceptEncoding, cors, { replies: this.replies, address: client });
  }

  /** Every request but the console's files: matched to its registry row, checked, then handled. */
  private dispatch(res: uWS.HttpResponse, req: uWS.HttpRequest): void {
    const method = req.getMethod().toUpperCase();
    const path = req.getUrl();
    const client = this.clientOf(res, req);
    const match = this.routes.match(path);
    // A refusal before a body was read: the body is drained where its declared length is one the route would read.
    const contentLength = req.getHeader('content-length');
    const transferEncoding = req.getHeader('transfer-encoding');
    const unread = (contentLength !== '' || transferEncoding !== '') && closesUnread(contentLength, transferEncoding, bodyLimit(match));
    if (match === undefined) return this.responder(res, client, method === 'HEAD').send(error(404, 'NOT_FOUND', `no route ${method} ${path}`), unread);
    const allow = allowedMethods(match.byMethod);
    const get = match.byMethod.get('GET');
    const cors = get !== undefined && get.operation.security === 'public';
    if (method === 'OPTIONS') return this.options(res, allow, cors);
    const found = match.byMethod.get(method === 'HEAD' ? 'GET' : (method as Operation['method']));
    if (found === undefined) {
      return this.responder(res, client, method === 'HEAD').send({ ...error(405, 'METHOD_NOT_ALLOWED', `${method} is not served on ${match.template}: ${allow}`), headers: { allow } }, unread);
    }
    const { operation, target } = found;
    const x = this.responder(res, client, method === 'HEAD', req.getHeader('accept-encoding'), operation.security === 'public' && operation.method === 'GET');
    // A wallet-signed request is verified only in its one spelling (no trailing slash, no bare '?', no HEAD): refused before anything else.
    const walletSigned = operation.security === 'wallet' || (operation.security === 'wallet-or-operator' && req.getHeader('authorization') === '');
    if (walletSigned) {
      const spelling = checkSpelling({ method, path, rawQuery: req.getQuery() as string | undefined });
      if (!spelling.ok) return x.send({ status: 401, body: { error: spelling.code, message: spelling.reason, details: { canonical: spelling.canonical } } }, unread);
    }
    // Every route counts against its client address's rate, the public reads too (a flood of them slowed order entry for everyone).
    const limited = this.admitAddress(client, operation.weight ?? 1);
    if (limited !== undefined) return x.send(limited, unread);
    const params = decodedParams(match);
    // Routes decode path segments (names, ids): malformed percent-encoding is the client's error, refused here once.
    if (params === undefined || !decodes(path)) return x.send(error(400, 'MALFORMED_PATH', 'the path has malformed percent-encoding'), unread);
    const query = new URLSearchParams(req.getQuery() ?? '');
    const refused = checkFields(operation, params, query);
    if (refused !== undefined) return x.send({ status: 400, body: { error: 'INVALID_FIELD', message: refused.message, details: { in: refused.in, issues: refused.issues } } }, unread);
    if (target.kind === 'mounted') return this.mounted(target.route, operation, params, x, req);
    let answer: Promise<HttpReply> | HttpReply;
    try {
      answer = target.run(params, query, { req, x });
    } catch (err) {
      this.deps.logger.error({ err, path }, 'http request failed');
      return x.send(error(500, 'INTERNAL', 'internal error'));
    }
    Promise.resolve(answer).then(
      (r) => x.send(r),
      (err: unknown) => {
        this.deps.logger.error({ err, path }, 'http request failed');
        x.send(error(500, 'INTERNAL', 'internal error'));
      },
    );
  }

  /** OPTIONS: the methods a path serves; a CORS preflight's answer where its GET is public. */
  private options(res: uWS.HttpResponse, allow: string, cors: boolean): void {
    res.cork(() => {
      res.writeStatus('204 No Content').writeHeader('allow', allow);
      if (cors) {
        res
          .writeHeader('access-control-allow-origin', '*')
          .writeHeader('access-control-allow-methods', 'GET, HEAD, OPTIONS')
          .writeHeader('access-control-allow-headers', 'accept, content-type')
          .writeHeader('access-control-max-age', '86400');
      }
      res.endWithoutBody(); // no length: a 204 has no body (a reported length would leave a kept-alive connection waiting for it)
    });
  }

  /** The gateway's own rows' handlers, by operationId. */
  private ownHandlers(): Record<string, OwnHandler> {
    const withState = (report: ReturnType<typeof livenessReport>): HttpReply => ({ status: probeStatus(report), body: { ...report, role: this.deps.role(), seq: this.deps.sequencer.engine.lastSeq } });
    return {
      // Liveness and readiness (src/runtime/health.ts): every component with its state; 503 when not ok.
      getLiveness: () => withState(livenessReport(this.deps.healthProbes())),
      // Ready means a login would be served now: asking starts the intake's workers if nothing has (its probe says 'starting' until they are warm).
      getReadiness: () => {
        this.deps.intake.start();
        return withState(readinessReport(this.deps.healthProbes()));
      },
      // PATX's counters and histograms, then the process's own (prom-client: heap, GC, event-loop lag).
      // Rendered at most once a second, whoever asks (4–8 ms on the engine's thread each: an attacker's review); a scrape is seconds apart.
      getMetrics: async () => ({ status: 200, body: await this.metricsOfThisSecond(), contentType: PROMETHEUS_TEXT }),
      // Where a browser (the web console) finds the WebSocket endpoints: paths and ports, on the host it already reached.
      getEndpoints: () => ({ status: 200, body: { trade: { path: '/v1/trade', port: this.deps.ports().trade }, marketData: { path: '/v1/market', port: this.deps.ports().marketData }, chainId: this.deps.config.chainId } }),
      getOpenApi: () => ({ status: 200, body: this.rendered().openapi, contentType: 'application/json', compressed: this.rendered().openapiCompressed }),
      getApiReference: () => ({ status: 200, body: this.rendered().docs, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': API_REFERENCE_CSP, 'x-content-type-options': 'nosniff' }, compressed: this.rendered().docsCompressed }),
      listSeries: (_params, query) => this.seriesPage(query),
      // The fee schedule a taker reads before it trades (docs/fees.md).
      getFees: () => this.read((engine) => ({ status: 200, body: feeScheduleReport(engine.fees, engine.governancePhase) })),
      getSeries: (params) => {
        const id = Number(params.id);
        return this.read((engine) => {
          // This series alone: walking every series ever listed to find it cost each request the engine's whole history.
          const listed = Number.isSafeInteger(id) && id > 0 ? engine.series[id] : undefined;
          if (listed === undefined) return error(404, 'UNKNOWN_SERIES', `no series ${id}`);
          const s = seriesInfo(listed, engine.risk.maxOrderQty);
          // bandBps: how far past the best opposite price a market order may trade (its protection, engine rules 6), and priceBandBps:
          // the risk band around the reference a limit must keep to; with both a client bounds an order "with no limit" as the engine would.
          const priceBandMinMicros = priceBandFloorMicros(engine.rulesVersion, engine.series[id]?.tickMicros ?? 0);
          return { status: 200, body: { ...seriesJson(s), bandBps: engine.series[id]?.bandBps ?? 0, priceBandBps: engine.risk.priceBandBps, priceBandMinMicros, book: takeableBook(engine, id, 10) } };
        });
      },
      // A cash-settled series' (SYNTHETIC, CALL, PUT) latest mark and its published settlement index with every input and intermediate.
      getSeriesSettlement: (params) => {
        const id = Number(params.id);
        return this.deps.synthetics.read(this.deps.sequencer, id).then(
          (v) => (v.status === 200 ? v : error(404, v.code, v.code === 'UNKNOWN_SERIES' ? `no series ${id}` : `series ${id} is not cash-settled (SYNTHETIC, CALL or PUT)`)),
          () => error(503, 'SERVICE_UNAVAILABLE', 'the engine is stopped'),
        );
      },
      getAccount: (_params, _query, live) => {
        if (live === undefined) return error(401, 'AUTH_FAILED', 'the account view is its owner\'s (wallet-signed) or the operator\'s');
        const { req, x } = live;
        const authorization = req.getHeader('authorization');
        const signed = readSignedHeaders((name) => req.getHeader(name));
        const path = req.getUrl();
        const rawQuery = req.getQuery() ?? '';
        const host = req.getHeader('host');
        const client = this.clientOf(x.res, req); // its rate was taken when the request was dispatched
        return this.accountView(authorization, signed, host, path, rawQuery, client);
      },
    };
  }

  /**
   * A public GET answered in this process, as a stranger would get it over HTTP (the row matched,
   * its path and query checked, its handler run), without a connection: what the read-only MCP
   * endpoint (src/mcp/) reads. Only rows whose `security` is public; anything else is 404. `chargeTo`: the client
   * address the read counts against, as the same GET over HTTP would (429 RATE_LIMITED past its rate).
   */
  async publicGet(path: string, query: URLSearchParams = new URLSearchParams(), chargeTo?: string): Promise<HttpReply> {
    const match = this.routes.match(path);
    const found = match?.byMethod.get('GET');
    if (match === undefined || found === undefined || found.operation.security !== 'public') return error(404, 'NOT_FOUND', `no public route GET ${path}`);
    const limited = chargeTo === undefined ? undefined : this.admitAddress(chargeTo, found.operation.weight ?? 1);
    if (limited !== undefined) return limited;
    const params = decodedParams(match);
    if (params === undefined) return error(400, 'MALFORMED_PATH', 'the path has malformed percent-encoding');
    const refused = checkFields(found.operation, params, query);
    if (refused !== undefined) return { status: 400, body: { error: 'INVALID_FIELD', message: refused.message, details: { in: refused.in, issues: refused.issues } } };
    const { operation, target } = found;
    if (target.kind === 'own') return target.run(params, query);
    return target.route.handle({ method: 'GET', path, query, body: undefined, principal: 'public', accountId: 0, operationId: operation.operationId, params });
  }

  /** GET /v1/series: the live series that pass every filter, in id order, one page of them (every match without `limit`). */
  /** The metrics' text, rendered again only when the last rendering is a second old (concurrent askers share one). */
  private metricsOfThisSecond(): Promise<string> {
    const now = performance.now();
    if (this.renderedMetrics === undefined || now - this.renderedMetrics.atMs >= 1_000) {
      const text = Promise.resolve(this.deps.metricsText()).then(async (own) => own + (await processMetricsText()));
      this.renderedMetrics = { atMs: now, text };
      text.catch(() => (this.renderedMetrics = undefined)); // a failed rendering is not kept
    }
    return this.renderedMetrics.text;
  }

  private seriesPage(query: URLSearchParams): Promise<HttpReply> {
    const q = seriesQuery.parse(Object.fromEntries([...Object.keys(seriesQuery.shape)].flatMap((k) => (query.get(k) === null ? [] : [[k, query.get(k)!]]))));
    const kinds = q.kind === undefined ? undefined : new Set(q.kind.split(','));
    const listingSegment = q.listing === undefined ? undefined : (this.deps.listingSegment?.(q.listing) ?? null);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? MAX_SERIES_PAGE;
    // The live series as JSON once per released state, whoever asks, and filtered after the read, off the engine's turn
    // (an outside review: each public request built every series listed, on the engine's thread, and answered all of
    // them; now a page of at most MAX_SERIES_PAGE).
    const captured = this.deps.sequencer.released((engine) => {
      if (this.seriesRows?.seq !== engine.lastSeq) this.seriesRows = { seq: engine.lastSeq, rows: liveSeries(engine, false).map(seriesJson) };
      return this.seriesRows.rows;
    });
    return replyReleased(
      captured.then((all) => {
        const rows: Record<string, unknown>[] = [];
        for (const json of all) {
          const contract = String(json.contract);
          const [segment, window] = contract.split('|');
          if (q.contract !== undefined && contract !== q.contract) continue;
          if (q.segment !== undefined && segment !== q.segment) continue;
          if (listingSegment !== undefined && segment !== listingSegment) continue;
          if (q.window !== undefined && window !== q.window) continue;
          if (kinds !== undefined && !kinds.has(String(json.kind))) continue;
          if (q.status !== undefined && json.status !== q.status) continue;
          if (q.spotSeriesId !== undefined && Number(json.spotSeriesId ?? 0) !== q.spotSeriesId) continue;
          rows.push(json);
        }
        const page = rows.slice(offset, offset + limit);
        const next = offset + page.length < rows.length ? offset + page.length : null;
        return { status: 200, body: { series: page, total: rows.length, offset, next } };
      }),
    );
  }

  private read(view: (engine: Sequencer['engine']) => HttpReply): Promise<HttpReply> {
    return replyReleased(this.deps.sequencer.released(view));
  }

  private async accountView(authorization: string, signed: SignedHeaders, host: string, path: string, rawQuery: string, client: string): Promise<HttpReply> {
    const query = new URLSearchParams(rawQuery);
    let target: number;
    if (authorization !== '') {
      if (!this.isOperator(authorization)) return error(401, 'AUTH_FAILED', 'operator credential refused');
      const id = Number(query.get('account'));
      if (!Number.isSafeInteger(id) || id <= 0) return error(400, 'INVALID_FIELD', 'operator requests name ?account=<id>');
      target = id;
    } else {
      // The request as sent (dispatch refused every other spelling: a GET, no trailing slash, no bare '?').
      const pathAndQuery = rawQuery === '' ? path : `${path}?${rawQuery}`;
      const wallet = await this.verifyWallet(signed, 'GET', host, pathAndQuery, client);
      if ('status' in wallet) return wallet;
      if (wallet.contentSha256 !== EMPTY_SHA256) return error(400, 'BODY_HASH_MISMATCH', 'a GET has no body: x-patx-content-sha256 must be that of the empty body');
      // ?account= is the operator's: a wallet reads its own, and is told so rather than answered with its own as if it were the other.
      if (query.has('account')) return error(403, 'OPERATOR_ONLY', '?account= is for the operator: a wallet-signed request reads its own account (leave it out)');
      // The account's rate, as every other wallet-signed route takes it (this one answered 300 a second from five addresses).
      let accountId: number | undefined;
      try {
        accountId = await this.accountOf(wallet.address);
      } catch {
        return error(503, 'SERVICE_UNAVAILABLE', 'the engine is stopped'); // its account is looked up through the sequencer
      }
      if (accountId === undefined) return error(404, 'UNKNOWN_ACCOUNT', 'no such account');
      const limited = this.admitAccount(accountId) ?? this.admitReads(accountId, accountViewCost(this.deps.sequencer.engine.accounts[accountId]?.positions.size ?? 0), 'this account view');
      if (limited !== undefined) return limited;
      target = accountId;
    }
    return this.read((engine) => {
      const account = engine.accounts[target];
      if (account === undefined) return error(404, 'UNKNOWN_ACCOUNT', 'no such account');
      return { status: 200, body: accountJson(accountView(engine, account)) };
    });
  }

  /**
   * A wallet-signed request's signer, or the refusal: the headers' form and time here, the
   * signature recovered on an intake worker, then its nonce taken (once).
   */
  private async verifyWallet(h: SignedHeaders, method: string, host: string, pathAndQuery: string, client: string, idempotencyKey = ''): Promise<VerifiedWallet | HttpReply> {
    const now = this.deps.clock();
    const check = checkSignedHeaders(h, { method, host, pathAndQuery, chainId: this.deps.config.chainId, nowMs: now, maxSkewMs: this.deps.config.httpSignatureMaxSkewMs, notBeforeMs: this.deps.startedAtMs, hosts: this.deps.signedHosts() });
    if (!check.ok) return error(401, check.code, check.reason);
    let signer: string;
    try {
      signer = await this.deps.intake.run('recover', { text: check.text, signature: check.signature }, { client });
    } catch (e) {
      return intakeRefusal(e);
    }
    if (signer !== check.address) return error(401, 'AUTH_FAILED', 'signature was not made by this address over this request (method, host, path and query, chain, time, nonce, body hash)');
    // A key is written (and replicated) before its request runs: a wallet with no account, which no route serves, writes
    // none (an outside review, 2026-12-04: each such request cost two writes to the store and the group's bucket).
    if (idempotencyKey !== '' && (await this.accountOf(check.address)) === undefined) return unknownAccount();
    // The key before the nonce: the same signed bytes sent again (their nonce used) get the first answer back.
    const keyed = idempotencyKey === '' ? undefined : this.idempotencyKeys.begin(check.address, idempotencyKey, `${method} ${pathAndQuery} ${check.contentSha256}`, this.deps.clock());
    if (keyed !== undefined && keyed.kind !== 'new') return keyedRefusal(keyed);
    // Past the strangers' share of the nonces, a key with no account waits its turn (request-nonces.ts): looked up only then.
    const holdsAccount = this.nonces.size < this.nonces.strangersRoom || (await this.accountOf(check.address).catch(() => undefined)) !== undefined;
    const nonce = this.nonces.use(check.address, check.nonce, check.timeMs, this.deps.clock(), holdsAccount);
    if (nonce !== 'fresh') keyed?.abandon();
    if (nonce === 'replayed') return error(401, 'NONCE_REUSED', 'this x-patx-nonce was already used: each signed request carries a new one');
    if (nonce === 'stale') return error(401, 'AUTH_FAILED', `x-patx-time is more than ${this.deps.config.httpSignatureMaxSkewMs} ms from the server's clock`);
    if (nonce === 'full') return { status: 503, body: { error: 'SERVER_BUSY', message: 'too many signed requests in flight: try again shortly' }, headers: { 'retry-after': '1' } };
    // The key is on disk before the request runs: a stop while it runs leaves it interrupted, not free to run twice.
    if (keyed !== undefined && !(await keyed.recorded)) {
      keyed.abandon();
      return { status: 503, body: { error: 'SERVER_BUSY', message: 'the Idempotency-Key could not be kept: nothing was done, send the request again' }, headers: { 'retry-after': '1' } };
    }
    return { address: check.address, contentSha256: check.contentSha256, ...(keyed === undefined ? {} : { keyed }) };
  }

  /** The per-address rate: undefined when the request may go on, else the 429. */
  private admitAddress(client: string, weight = 1): HttpReply | undefined {
    // Rates run on the monotonic clock: the service's clock is the exchange's time (a test's may stand still), not a stopwatch.
    const verdict = this.byAddress.take(client, performance.now(), weight);
    if (verdict.ok) return undefined;
    this.rateRefusals.address++;
    return rateLimitedReply(this.byAddress, verdict, overLimit(this.byAddress, 'this address'));
  }

  private admitAccount(accountId: number): HttpReply | undefined {
    const verdict = this.byAccount.take(String(accountId), performance.now());
    if (verdict.ok) return undefined;
    this.rateRefusals.account++;
    return rateLimitedReply(this.byAccount, verdict, overLimit(this.byAccount, 'this account'));
  }

  /** A wallet's read built on the engine's thread, paid from its account's read budget (read-budget.ts), or its 429. */
  private admitReads(accountId: number, cost: number, what: string): HttpReply | undefined {
    const retryAfterMs = this.deps.reads.take(accountId, performance.now(), cost);
    if (retryAfterMs === undefined) return undefined;
    this.rateRefusals.accountReads++;
    return { ...error(429, 'RATE_LIMITED', this.deps.reads.refusal(cost, what, retryAfterMs)), headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } };
  }

  private operatorOf(authorization: string): { name: string; accountId: number } | undefined {
    const token = bearerToken(authorization);
    return token === undefined ? undefined : this.deps.operatorAuth(token);
  }

  private isOperator(authorization: string): boolean {
    return this.operatorOf(authorization) !== undefined;
  }

  /**
   * A mounted route's request (its row matched, path and query checked, the address's rate
   * taken). The engine's thread only checks headers and hands bytes over: the declared size,
   * the credential's form, all before any body is read; a wallet's signature is recovered on
   * an intake worker while the body waits (paused), and the body is read only for a signer
   * with an account, then parsed (its signed hash checked, its depth bounded) on the intake too.
   */
  private mounted(route: MountedRoute, operation: Operation, params: Record<string, string>, x: Responder, req: uWS.HttpRequest): void {
    const method = req.getMethod().toUpperCase();
    const path = req.getUrl();
    const rawQuery = req.getQuery() ?? '';
    const client = this.clientOf(x.res, req);
    let body: BodyReader | undefined;
    x.onAbort = () => body?.abort(); // a body that never came (the connection closed or timed out): nothing waits for it
    const { maxBody, tooLarge } = bodyLimitOf(route, method);
    const contentLength = req.getHeader('content-length');
    // No content-length and a transfer-encoding: a chunked body, read up to the route's limit as it comes.
    const chunked = contentLength === '' && req.getHeader('transfer-encoding') !== '';
    if (contentLength !== '' && !declaredWithin(contentLength, maxBody)) return x.send(tooLarge, true);
    const declared = contentLength === '' ? 0 : Number(contentLength);
    // A body is held in memory while it is read and handled: refused before a byte is read when the bytes held leave no room for it.
    const held = chunked || declared > 0 ? this.bodies.over(client, chunked ? 1 : declared, chunked || declared <= FIRST_BODY_BYTES) : undefined;
    if (held !== undefined) return x.send(this.bodyRefused(held), chunked);
    // Every body these routes read is JSON in UTF-8: one declared as something else is refused (after its sender is known), not read as JSON anyway.
    const hasBody = chunked || (contentLength !== '' && contentLength !== '0');
    const mediaRefusal = hasBody ? bodyMediaTypeRefusal(req.getHeader('content-type')) : undefined;
    let operator: { name: string; accountId: number } | undefined;
    const authorization = req.getHeader('authorization');
    const operatorMay = operation.security === 'operator' || (operation.security === 'wallet-or-operator' && authorization !== '');
    if (operatorMay) {
      operator = this.operatorOf(authorization);
      if (operator === undefined) return x.send({ status: 401, body: operatorTokenRefused(authorization) }, chunked);
    }
    const walletSigned = operator === undefined && operation.security !== 'public';
    const signed = walletSigned ? readSignedHeaders((name) => req.getHeader(name)) : undefined;
    const host = req.getHeader('host');
    const headers = routeHeaders(route, req);
    // Only a wallet's writes are keyed: a key is its signer's (src/gateway/idempotency-keys.ts). Checked before the body is
    // listened to: uWS drops the body of a request refused here, nothing of it held.
    const idempotencyKey = walletSigned && KEYED_METHODS.has(method) ? req.getHeader('idempotency-key') : '';
    if (idempotencyKey !== '' && !IdempotencyKeys.validKey(idempotencyKey)) {
      return x.send(error(400, 'INVALID_IDEMPOTENCY_KEY', 'an Idempotency-Key is 1 to 255 visible ASCII characters (a UUID, say)'), closesUnread(contentLength, req.getHeader('transfer-encoding'), maxBody));
    }
    body = new BodyReader(x.res, chunked ? { chunkedLimitBytes: maxBody } : { declaredBytes: declared }, { held: this.bodies, address: client, blocks: this.blocks });
    const query = new URLSearchParams(rawQuery);
    const pathAndQuery = rawQuery === '' ? path : `${path}?${rawQuery}`;
    const reader = body;
    // HEAD is the GET without its body: the handler answers the GET.
    const handledAs = method === 'HEAD' ? 'GET' : method;
    let keyed: VerifiedWallet['keyed'];
    void this.authorise(operator, signed, method, host, pathAndQuery, client, reader, idempotencyKey)
      .then(async (who) => {
        if ('status' in who) {
          // Refused before the body was read: a declared body (within the route's limit) is drained, a chunked one closes.
          reader.discard();
          return x.send(who, chunked);
        }
        keyed = who.keyed;
        // Refused before the route ran: the key is free again for the retry.
        const refuse = (reply: HttpReply, close?: boolean) => {
          keyed?.abandon();
          x.send(reply, close);
        };
        if (mediaRefusal !== undefined) {
          reader.discard();
          return refuse(error(415, 'UNSUPPORTED_MEDIA_TYPE', mediaRefusal), chunked);
        }
        // A read built on the engine's thread is paid from the account's read budget before it runs.
        const reads = operation.readCost === undefined || who.principal !== 'account' ? undefined : this.admitReads(who.accountId, operation.readCost(query, { nowMs: this.deps.clock(), accountId: who.accountId }), `this ${method} ${path}`);
        if (reads !== undefined) {
          reader.discard();
          return refuse(reads, chunked);
        }
        const read = await reader.resume();
        if (!read.ok) {
          if (read.code === 'PAYLOAD_TOO_LARGE') return refuse(tooLarge, true);
          if (read.code === 'BODY_LENGTH_MISMATCH') return refuse(error(400, 'BODY_LENGTH_MISMATCH', 'the body is not as long as its content-length says'), true);
          return refuse(this.bodyRefused(read.code), true);
        }
        if (x.aborted) return keyed?.abandon();
        let parsed: unknown;
        try {
          parsed = await this.readBody(route, handledAs, path, read.bytes, read.size, who.contentSha256, client);
        } catch (e) {
          return refuse(intakeRefusal(e));
        }
        const gone = new AbortController();
        const before = x.onAbort;
        x.onAbort = () => {
          before?.();
          gone.abort();
        };
        if (x.aborted) gone.abort();
        const reply = await route.handle({ method: handledAs, path, query, body: parsed, principal: who.principal, accountId: who.accountId, operationId: operation.operationId, params, headers, gone: gone.signal, client });
        // Kept whether or not the client is still there to read it (that is what its retry is for); in a group, sent once
        // the group holds it, so a retry to the next leader gets it back even if this one dies as it answers.
        await keyed?.settle(reply);
        x.send(reply);
      })
      .catch((err: unknown) => {
        keyed?.abandon();
        // A command or read the sequencer did not take (stopped, busy, disk low, not text) is the client's answer, not a failure of the route.
        const notTaken = notTakenReply(err);
        if (notTaken !== undefined) return x.send(notTaken);
        this.deps.logger.error({ err, path }, 'route failed');
        x.send(error(500, 'INTERNAL', 'internal error'));
      })
      .finally(() => reader.release()); // answered (or gone): its body's bytes are no longer held
  }

  /** The refusal of a body the request-body bytes held leave no room for (counted for /metrics); nothing was done. */
  private bodyRefused(limit: HeldLimit): HttpReply {
    this.bodyRefusals[limit]++;
    const retry = { 'retry-after': '1' };
    if (limit === 'total') return { ...error(503, 'BODY_BUFFER_UNAVAILABLE', `request bodies being read hold ${this.bodies.maxBytes} bytes already: send it again shortly`), headers: retry };
    return { ...error(429, 'TOO_MANY_BODY_BYTES_PER_ADDRESS', `this address's request bodies being read hold up to ${this.bodies.maxBytesPerAddress} bytes: send it once they are done`), headers: retry };
  }

  /** Who a request is from, or why it is refused; for a wallet, the signature recovered and its account found before the body is read. */
  private async authorise(
    operator: { name: string; accountId: number } | undefined,
    signed: SignedHeaders | undefined,
    method: string,
    host: string,
    pathAndQuery: string,
    client: string,
    body: BodyReader,
    idempotencyKey: string,
  ): Promise<{ principal: string; accountId: number; contentSha256?: string; keyed?: VerifiedWallet['keyed'] } | HttpReply> {
    if (operator !== undefined) return { principal: operator.name, accountId: operator.accountId };
    if (signed === undefined) return { principal: 'public', accountId: 0 };
    body.pause();
    const wallet = await this.verifyWallet(signed, method, host, pathAndQuery, client, idempotencyKey);
    if ('status' in wallet) return wallet;
    let accountId: number | undefined;
    try {
      accountId = await this.accountOf(wallet.address);
    } catch (e) {
      wallet.keyed?.abandon();
      throw e;
    }
    const refused = accountId === undefined ? unknownAccount() : this.admitAccount(accountId);
    if (refused !== undefined) {
      wallet.keyed?.abandon(); // the route did not run: the retry runs it
      return refused;
    }
    return { principal: 'account', accountId: accountId!, contentSha256: wallet.contentSha256, ...(wallet.keyed === undefined ? {} : { keyed: wallet.keyed }) };
  }

  /** The body, read on an intake worker as the route asks (JSON by default). */
  private readBody(route: MountedRoute, method: string, path: string, raw: BodyBytes, size: number, contentSha256: string | undefined, client: string): Promise<unknown> {
    if (size === 0) {
      if (contentSha256 !== undefined && contentSha256 !== EMPTY_SHA256) return Promise.reject(new IntakeError('BODY_HASH_MISMATCH', "the body is not the one signed: it is empty, x-patx-content-sha256 is not the empty body's"));
      return Promise.resolve(undefined);
    }
    const reading = route.bodyReading?.(method, path, this.deps.clock()) ?? JSON_BODY;
    // A small body owns its buffer (of the body's exact length): moved to the worker. A large one's blocks are shared
    // memory: the worker reads them where they are (BodyReader keeps them until the request is done).
    const bytes = raw instanceof Uint8Array ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : raw;
    const movable = raw instanceof Uint8Array ? movableBuffer(raw) : undefined;
    const options = { client, bytes: size, transfer: movable === undefined ? [] : [movable] };
    const sha = contentSha256 === undefined ? {} : { contentSha256 };
    if (reading.task === 'listing') return this.deps.intake.run('listing', { bytes, ...sha, nowMs: reading.nowMs, maxSampleBytes: reading.maxSampleBytes }, options);
    if (reading.task === 'evidence') return this.deps.intake.run('evidence', { bytes, ...sha }, options);
    return this.deps.intake.run('json', { bytes, ...sha, ...(reading.maxValues === undefined ? {} : { maxValues: reading.maxValues }) }, options);
  }

  private accountOf(address: string): Promise<number | undefined> {
    return new Promise((resolve, reject) => this.deps.sequencer.read((engine) => engine.accountIdByAddress.get(address), resolve, reject));
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

function unknownAccount(): HttpReply {
  return error(404, 'UNKNOWN_ACCOUNT', 'no account has this address: sign in once (the console, or the trading client over WebSocket) to open one');
}

/** A keyed request that does not run: the first answer again, or why not. */
function keyedRefusal(keyed: Exclude<KeyedRequest, { kind: 'new' }>): HttpReply {
  if (keyed.kind === 'replay') return keyed.reply;
  if (keyed.kind === 'interrupted') return error(409, 'IDEMPOTENCY_KEY_OUTCOME_UNKNOWN', 'the service stopped while the first request with this Idempotency-Key ran: whether it took effect is not known; read what it would have changed and, if it did not, send it with a new key');
  if (keyed.kind === 'in-flight') return { ...error(409, 'IDEMPOTENCY_KEY_IN_USE', 'a request with this Idempotency-Key is still running: ask again once it has answered'), headers: { 'retry-after': '1' } };
  return error(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with another request (method, path and query, or body): a key names one request');
}

/** A matched path's parameters, decoded; undefined when one is not valid percent-encoding. */
function decodedParams<T>(match: PathMatch<T>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  try {
    for (const [name, raw] of Object.entries(match.rawParams)) out[name] = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return out;
}

/** An intake refusal (a typed IntakeError or CatalogError from a worker) as a reply; anything else is the route's failure. */
function intakeRefusal(e: unknown): HttpReply {
  if (e instanceof IntakeError) return { status: e.status, body: { error: e.code, message: e.message }, ...(e.code === 'SERVER_BUSY' || e.code === 'TOO_MANY_IN_FLIGHT' || e.code === 'TOO_MANY_MEASUREMENTS' ? { headers: { 'retry-after': '1' } } : {}) };
  if (e instanceof Error && e.name === 'CatalogError') {
    const c = e as Error & { code: string; details?: unknown };
    return { status: CATALOG_STATUS[c.code] ?? 400, body: { error: c.code, message: c.message, ...(c.details === undefined ? {} : { details: c.details }) } };
  }
  throw e;
}

/** The statuses of the catalog's refusals a body can meet while it is read (src/catalog/routes.ts has the rest). */
const CATALOG_STATUS: Record<string, number> = { SAMPLE_TOO_LARGE: 413 };

/**
 * Whether a refusal sent before the body was read closes the connection. A body declared
 * within the route's limit is drained instead (uWS reads and drops it, never into
 * JavaScript): closing with it unread made the client's kernel answer the rest with a reset,
 * which could discard the refusal before the client read it. A chunked body (no end
 * declared) or one over the limit is not read: the connection closes.
 */
function closesUnread(contentLength: string, transferEncoding: string, limitBytes: number): boolean {
  if (contentLength === '') return transferEncoding !== '';
  return !declaredWithin(contentLength, limitBytes);
}

/** A content-length that is a plain decimal within `limitBytes`. */
function declaredWithin(contentLength: string, limitBytes: number): boolean {
  return /^[0-9]{1,12}$/.test(contentLength) && Number(contentLength) <= limitBytes;
}

/** The most a path's routes read of a body: its mounted route's limit, else the default. */
function bodyLimit(match: ReturnType<RouteTable<Target>['match']>): number {
  for (const found of match?.byMethod.values() ?? []) if (found.target.kind === 'mounted') return found.target.route.maxBodyBytes ?? MAX_BODY_BYTES;
  return MAX_BODY_BYTES;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * The most body a request to a mounted route may carry, and its refusal. A read carries none: a body sent with a GET (a
 * public one too: GET /v1/grants/signer shares its route's 8 MiB limit with the evidence upload) is refused, never read
 * (an outside review, 2026-12-04).
 */
function bodyLimitOf(route: MountedRoute, method: string): { maxBody: number; tooLarge: HttpReply } {
  const reads = method === 'GET' || method === 'HEAD';
  const maxBody = reads ? 0 : (route.maxBodyBytes ?? MAX_BODY_BYTES);
  return { maxBody, tooLarge: error(413, 'PAYLOAD_TOO_LARGE', reads ? `a ${method} carries no body` : `bodies are limited to ${maxBody} bytes here`) };
}

/** The request headers a mounted route asks for (those sent), read before anything async (uWS's request is gone after). */
function routeHeaders(route: MountedRoute, req: uWS.HttpRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of route.headers ?? []) {
    const value = req.getHeader(name);
    if (value !== '') headers[name] = value;
  }
  return headers;
}

/** The charset names (WHATWG encoding labels, compared in lower case) that are UTF-8. */
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

/**
 * Why a request body's content-type is not one these routes read, or undefined when it is: JSON (`application/json`,
 * `…+json`) with no charset or a UTF-8 one (any case, quoted or not), or no content-type (a client that names no type
 * sends what the route reads). Bodies are decoded as UTF-8 (RFC 8259 allows nothing else): one declared in another
 * charset (latin1, say) was read as other characters than its sender wrote, so it is refused, not guessed at.
 */
export function bodyMediaTypeRefusal(header: string): string | undefined {
  if (header === '') return undefined;
  const [type, ...params] = header.split(';');
  const name = type!.trim().toLowerCase();
  if (name !== 'application/json' && !(name.startsWith('application/') && name.endsWith('+json'))) {
    return `bodies here are JSON: send content-type: application/json (not ${header.slice(0, 80)})`;
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    let value = param.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!UTF8_CHARSETS.has(value.toLowerCase())) {
      return `bodies here are JSON in UTF-8: charset=${value.slice(0, 40)} is not read (send the body in UTF-8, with no charset or charset=utf-8)`;
    }
  }
  return undefined;
}
