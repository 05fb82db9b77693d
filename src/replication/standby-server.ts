/**
 * What a standby answers on its gateway's port while it waits to lead, so load balancers
 * and clients can tell it from the leader:
 *
 * - GET /healthz: 200 (503 once it stopped following), the gateway's report shape
 *   (src/runtime/health.ts) with role "standby", the leader it follows, the seq applied, its lag;
 * - GET /readyz: 503, the same with `error: "NOT_LEADER"`: it takes no orders;
 * - GET /metrics: its own Prometheus text (standby-metrics.ts, then the process's), so a
 *   scrape of every node of the group reads it as up; GET /operator/metrics: with an operator's
 *   token (the credentials follow the catalog stream), 200 and no families (the operator's are
 *   the leader's), else 401 as the leader answers;
 * - GET /openapi.json: these routes' own OpenAPI document (standby-operations.ts); another
 *   method on one of these paths is 405 with `Allow`;
 * - anything else, WebSocket upgrades included: 503 `{"error":"NOT_LEADER",...}`, so a
 *   client (FailoverTradingClient) moves on to the next gateway.
 *
 * The port is public, so it is bounded as the reference provider server's is
 * (src/gateway/http-listener.ts: header and request timeouts, at most 1,000 connections and 32
 * from one address): a stranger holding connections cannot take the node's file descriptors;
 * and at most 40 requests at once, 10 a second, from one address (429 RATE_LIMITED beyond, as
 * the gateway answers): a stranger's requests cannot take the thread that follows the stream.
 *
 * `close()` drops every connection and releases the port before the node's real gateway
 * binds it.
 *
 * node:http rather than uWebSockets.js: this server lives only until the node leads, and
 * must then close every connection it holds, idle keep-alive ones included, or a client
 * would keep asking a server that no longer exists; node's server does that
 * (closeAllConnections), the uWS build we use has no App.close(). Node binds without
 * SO_REUSEPORT, so a second process on the port fails as the gateway's exclusive bind does.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { ListenError } from '../gateway/index.js';
import { livenessReport, probeStatus, readinessReport, type ComponentName, type HealthProbe } from '../runtime/health.js';
import type { Logger } from '../runtime/log.js';
import { checkTransport, type TransportSecurity } from '../runtime/transport-security.js';
import { listen, type HttpListenerLimits } from '../gateway/http-listener.js';
import { addressKey } from '../gateway/client-address.js';
import { overLimit, RateBuckets, rateLimitedReply, type RateLimit } from '../gateway/request-limits.js';
import { bearerToken, operatorTokenRefused } from '../gateway/operator-bearer.js';
import { OPENAPI_PATH } from '../gateway/server-routes.js';
import { PROMETHEUS_TEXT } from '../gateway/metrics.js';
import { processMetricsText } from '../runtime/process-metrics.js';
import type { StandbyStatus } from './node.js';
import { STANDBY_ROUTES } from './standby-operations.js';

export interface StandbyServerOptions {
  host: string;
  /** The gateway's port (0: any free port; `port` then says which, for the gateway to take). */
  port: number;
  status: () => StandbyStatus;
  /** Its own Prometheus text (StandbyWatch.metricsText); the process's is appended. */
  metricsText: () => string;
  /** Whether a bearer token is an operator's (OperatorCredentials.authenticate). */
  isOperator: (token: string) => boolean;
  /** Requests per address (default: 40 at once, 10 a second). */
  ratePerAddress?: RateLimit;
  log: Logger;
  /** As the gateway that takes the port after it: https when it serves TLS; plaintext off loopback refused without allowPlaintext. */
  security?: TransportSecurity;
}

/**
 * What a stranger may hold of the standby's port, which is public (clients and load balancers are
 * given every gateway's URL): health checks and scrapes need a few connections, and the node's
 * file descriptors are its journal's, its snapshots' and NATS's.
 */
const STANDBY_LIMITS: HttpListenerLimits = { headersTimeoutMs: 5_000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_000, maxConnectionsPerAddress: 32 };
/** Requests one address may send: health checks every second and scrapes every few seconds fit many times over. */
const STANDBY_RATE: RateLimit = { burst: 40, perSecond: 10 };

export class StandbyServer {
  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    private readonly log: Logger,
  ) {}

  /** Listens; rejects with a ListenError saying why it could not. */
  static start(o: StandbyServerOptions): Promise<StandbyServer> {
    const security = o.security ?? { allowPlaintext: false };
    try {
      checkTransport('the standby', o.host, security);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const write = (res: http.ServerResponse, { status, body, allow, contentType, headers }: Reply): void => {
      res.writeHead(status, { 'content-type': contentType ?? 'application/json', 'cache-control': 'no-store', ...(status === 503 ? { 'retry-after': '1' } : {}), ...(allow === undefined ? {} : { allow }), ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const rates = new RateBuckets('address', o.ratePerAddress ?? STANDBY_RATE);
    const failed = (res: http.ServerResponse, error: unknown): void => {
      o.log.warn({ err: error }, 'standby: a request failed');
      write(res, { status: 500, body: { error: 'INTERNAL', message: 'the standby could not answer this request' } });
    };
    const handle: http.RequestListener = (req, res) => {
      // A failure here is the standby's, never the client's: answered 500, the node goes on following.
      try {
        // Every request is answered on the thread that applies the stream (a scrape renders for about a millisecond): a rate per address, as the gateway's.
        const verdict = rates.take(addressKey(req.socket.remoteAddress ?? ''), Date.now());
        if (!verdict.ok) return write(res, rateLimitedReply(rates, verdict, overLimit(rates, 'this address')));
        const reply = answer(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!, req.headers.authorization ?? '', o);
        if (reply instanceof Promise) reply.then((r) => write(res, r), (error: unknown) => failed(res, error));
        else write(res, reply);
      } catch (error) {
        failed(res, error);
      }
    };
    // A WebSocket upgrade (/v1/trade, /v1/market) is refused before it opens: the client sees a 503.
    const refuseUpgrades = (server: http.Server): void => {
      server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => refuseUpgrade(socket, notLeader(o.status(), `${req.url ?? '/'}`)));
    };
    return listen(handle, o.host, o.port, security, STANDBY_LIMITS, o.log, refuseUpgrades).then(
      ({ server, port }) => {
        o.log.info({ host: o.host, port }, 'standby: answering health and NOT_LEADER on the gateway port until this node leads');
        return new StandbyServer(server, port, o.log);
      },
      (error: NodeJS.ErrnoException) => Promise.reject(new ListenError('standby', o.host, o.port, error.code ?? error.message)),
    );
  }

  /** Stops listening and closes every connection; resolves once the port is free. */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Answers are written synchronously, so none is half sent: what is dropped here is idle, or a request still arriving (the client sees a reset and retries).
    this.server.closeAllConnections();
    return closed.then(() => this.log.info({ port: this.port }, 'standby: gateway port released'));
  }
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** JSON to write, or text written as it is (the document, the metrics). */
  body: unknown;
  allow?: string;
  /** application/json unless said. */
  contentType?: string;
}


/** On a standby the operator's families (the broker's book, risk, the alarms) are the leader's: an operator's scrape here is answered, with none. */
const NO_OPERATOR_FAMILIES = "# a standby: the operator's families (the broker's book, risk limits, alarms) are on the leader's /operator/metrics\n";

/** A standby's answer to one request: its routes (standby-operations.ts), else NOT_LEADER. */
function answer(method: string, path: string, authorization: string, o: Pick<StandbyServerOptions, 'status' | 'metricsText' | 'isOperator'>): Reply | Promise<Reply> {
  const s = o.status();
  const route = STANDBY_ROUTES.check(method, path);
  // Another method on a path of its own: 405 (a client of the group asks other paths, and gets NOT_LEADER below).
  if (!route.served && route.status === 405) return { status: 405, body: route.body, allow: route.allow! };
  const template = route.served && method !== 'OPTIONS' ? route.template : undefined;
  if (template === OPENAPI_PATH) return { status: 200, body: STANDBY_ROUTES.documentText() };
  if (template === '/metrics') return processMetricsText().then((text) => ({ status: 200, body: o.metricsText() + text, contentType: PROMETHEUS_TEXT }));
  if (template === '/operator/metrics') {
    const token = bearerToken(authorization);
    if (token === undefined || !o.isOperator(token)) return { status: 401, body: operatorTokenRefused(authorization) };
    return { status: 200, body: NO_OPERATOR_FAMILIES, contentType: PROMETHEUS_TEXT };
  }
  if (template === '/healthz' || template === '/readyz') {
    const probes = standbyProbes(s);
    const report = template === '/healthz' ? livenessReport(probes) : readinessReport(probes);
    const body = { ...report, role: 'standby', node: s.node, phase: s.phase, leader: s.leader ?? null, seq: s.appliedSeq, streamSeq: s.streamSeq ?? null, lagSeqs: s.lagSeqs ?? null };
    if (template === '/healthz') return { status: probeStatus(report), body };
    return { status: 503, body: { ...body, ...notLeader(s, 'orders') } };
  }
  return { status: 503, body: { ...notLeader(s, `${method} ${path}`), role: 'standby', leader: s.leader ?? null } };
}

function notLeader(s: StandbyStatus, what: string): { error: 'NOT_LEADER'; message: string } {
  const leader = s.phase === 'taking-over' ? 'it is taking over as the leader' : s.leader === undefined ? 'no leader is known yet' : `the leader is node ${s.leader.node}`;
  return { error: 'NOT_LEADER', message: `node ${s.node} is a standby and does not serve ${what}; ${leader}: use another gateway of the group` };
}

/**
 * The components as a standby has them: its journal follows the stream (liveness: 200
 * while it does); the sequencer is off until it leads; the gateway and market data wait,
 * which makes readiness 503.
 */
function standbyProbes(s: StandbyStatus): Partial<Record<ComponentName, HealthProbe>> {
  const lag = s.lagSeqs === undefined ? '' : `, ${s.lagSeqs} behind the stream`;
  return {
    sequencer: () => ({ state: 'disabled', detail: "standby: the leader's sequencer writes; this node's starts when it takes the lease" }),
    journal: () => (s.failure !== undefined ? { state: 'failed', detail: `stopped following the stream: ${s.failure}` } : { state: 'ok', detail: `seq ${s.appliedSeq} applied from the stream${lag}` }),
    gateway: () => ({ state: 'starting', detail: 'standby: takes no orders until this node leads' }),
    marketData: () => ({ state: 'starting', detail: 'standby: serves once this node leads' }),
  };
}

function refuseUpgrade(socket: Duplex, error: { error: string; message: string }): void {
  socket.on('error', () => undefined); // a client gone before the answer: nothing to tell it
  const body = JSON.stringify(error);
  socket.end(
    `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n${body}`,
  );
}
