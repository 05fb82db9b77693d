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
 * The port is bounded as every status port is (status-port.ts: timeouts, connections per
 * address, 40 requests at once and 10 a second from one address, else 429 RATE_LIMITED).
 *
 * `close()` drops every connection and releases the port before the node's real gateway
 * binds it.
 */
import { livenessReport, probeStatus, readinessReport, type ComponentName, type HealthProbe } from '../runtime/health.js';
import type { Logger } from '../runtime/log.js';
import type { TransportSecurity } from '../runtime/transport-security.js';
import type { RateLimit } from '../gateway/request-limits.js';
import { bearerToken, operatorTokenRefused } from '../gateway/operator-bearer.js';
import { OPENAPI_PATH } from '../gateway/server-routes.js';
import { PROMETHEUS_TEXT } from '../gateway/metrics.js';
import { processMetricsText } from '../runtime/process-metrics.js';
import type { StandbyStatus } from './standby-watch.js';
import { STANDBY_ROUTES } from './standby-operations.js';
import { StatusPort, type StatusReply } from './status-port.js';

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

/** The standby's port: the node's gateway takes it once the node leads (close() first). */
export type StandbyServer = StatusPort;

export const StandbyServer = {
  /** Listens on the gateway's port; rejects with a ListenError saying why it could not. */
  async start(o: StandbyServerOptions): Promise<StandbyServer> {
    const port = await StatusPort.start({
      ...o,
      name: 'standby',
      answer: (method, path, authorization) => answer(method, path, authorization, o),
      // A WebSocket upgrade (/v1/trade, /v1/market) is refused before it opens: the client sees a 503 and moves on.
      refuseUpgrade: (url) => ({ status: 503, body: notLeader(o.status(), url) }),
    });
    o.log.info({ host: o.host, port: port.port }, 'standby: answering health and NOT_LEADER on the gateway port until this node leads');
    return port;
  },
};

/** On a standby the operator's families (the broker's book, risk, the alarms) are the leader's: an operator's scrape here is answered, with none. */
const NO_OPERATOR_FAMILIES = "# a standby: the operator's families (the broker's book, risk limits, alarms) are on the leader's /operator/metrics\n";

/** A standby's answer to one request: its routes (standby-operations.ts), else NOT_LEADER. */
function answer(method: string, path: string, authorization: string, o: Pick<StandbyServerOptions, 'status' | 'metricsText' | 'isOperator'>): StatusReply | Promise<StatusReply> {
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
