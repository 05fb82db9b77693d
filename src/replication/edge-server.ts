/**
 * What a market-data edge answers on its status port (the gateway's port setting, which an
 * edge does not otherwise use), so a load balancer in front of several edges sends
 * subscribers only to those serving a current book, and Prometheus scrapes each:
 *
 * - GET /healthz: 200 while it follows the stream (503 once it stopped: it closed its
 *   subscribers and is about to exit), the gateway's report shape (src/runtime/health.ts) with
 *   role "edge", the seq applied, where the stream ends, its lag;
 * - GET /readyz: 200 when it follows, its market-data thread serves, and it is at most
 *   `replication.edgeReadyMaxLagSeqs` behind the stream's end; else 503 saying which;
 * - GET /metrics: the gateway's families (market data's from its thread, order entry's at 0),
 *   the edge's own, its snapshots' pauses, then the process's (docs/metrics.md);
 * - GET /openapi.json: these routes' own document (edge-operations.ts);
 * - anything else, WebSocket upgrades included: 404 naming the market-data port.
 *
 * Bounded as every status port is (status-port.ts).
 */
import { PROMETHEUS_TEXT } from '../gateway/metrics.js';
import { OPENAPI_PATH } from '../gateway/server-routes.js';
import type { RateLimit } from '../gateway/request-limits.js';
import { livenessReport, probeStatus, readinessReport, type ComponentHealth, type ComponentName, type HealthProbe } from '../runtime/health.js';
import type { Logger } from '../runtime/log.js';
import { processMetricsText } from '../runtime/process-metrics.js';
import { metricLines } from '../runtime/prometheus-text.js';
import type { TransportSecurity } from '../runtime/transport-security.js';
import { EDGE_ROUTES } from './edge-operations.js';
import { StatusPort, type StatusReply } from './status-port.js';

/** What an edge knows of itself; its health answers say it. */
export interface EdgeStatus {
  node: string;
  /** Last engine seq applied here from the stream. */
  appliedSeq: number;
  /** Last engine seq the stream held when last read (stream-end.ts); undefined until read. */
  streamSeq: number | undefined;
  /** streamSeq − appliedSeq, at least 0; undefined until read. */
  lagSeqs: number | undefined;
  /** Readiness needs the lag at most this (replication.edgeReadyMaxLagSeqs). */
  maxLagSeqs: number;
  /** Why it stopped following (it closed its subscribers and is about to exit); undefined while it follows. */
  failure: string | undefined;
  /** The market-data thread's own health (MarketDataThread.health). */
  marketData: ComponentHealth;
  /** Where subscribers connect (/v1/market). */
  marketDataPort: number;
}

export interface EdgeServerOptions {
  host: string;
  /** The status port (gateway.port; 0: any free port). */
  port: number;
  status: () => EdgeStatus;
  /** Its own Prometheus text; the process's is appended. */
  metricsText: () => string;
  /** Requests per address (default: 40 at once, 10 a second). */
  ratePerAddress?: RateLimit;
  log: Logger;
  /** As its market-data port: https when it serves TLS; plaintext off loopback refused without allowPlaintext. */
  security?: TransportSecurity;
}

export type EdgeServer = StatusPort;

export const EdgeServer = {
  /** Listens; rejects with a ListenError saying why it could not. */
  async start(o: EdgeServerOptions): Promise<EdgeServer> {
    const port = await StatusPort.start({
      ...o,
      name: 'edge',
      answer: (method, path) => answer(method, path, o),
      refuseUpgrade: (url) => ({ status: 404, body: notHere(o.status(), url) }),
    });
    o.log.info({ host: o.host, port: port.port }, 'edge: answering health and metrics on its status port');
    return port;
  },
};

function answer(method: string, path: string, o: Pick<EdgeServerOptions, 'status' | 'metricsText'>): StatusReply | Promise<StatusReply> {
  const route = EDGE_ROUTES.check(method, path);
  if (!route.served) {
    if (route.status === 405) return { status: 405, body: route.body, allow: route.allow! };
    return { status: 404, body: notHere(o.status(), `${method} ${path}`) };
  }
  if (method === 'OPTIONS') return { status: 204, body: '', allow: 'GET, HEAD, OPTIONS' };
  if (route.template === OPENAPI_PATH) return { status: 200, body: EDGE_ROUTES.documentText() };
  if (route.template === '/metrics') return processMetricsText().then((text) => ({ status: 200, body: o.metricsText() + text, contentType: PROMETHEUS_TEXT }));
  const s = o.status();
  const probes = edgeProbes(s);
  const report = route.template === '/healthz' ? livenessReport(probes) : readinessReport(probes);
  return {
    status: probeStatus(report),
    body: { ...report, role: 'edge', node: s.node, seq: s.appliedSeq, streamSeq: s.streamSeq ?? null, lagSeqs: s.lagSeqs ?? null, maxLagSeqs: s.maxLagSeqs, marketDataPort: s.marketDataPort },
  };
}

/** The edge's own families, after the gateway's (edge.ts renders those with its thread's counters). */
export function edgeMetricsLines(s: EdgeStatus): string[] {
  const lines: string[] = [];
  const gauge = (name: string, help: string, value: number): number => lines.push(...metricLines('gauge', name, help, value));
  gauge('patx_edge_following', '1 while this edge follows the stream; 0 once it stopped (it closed its subscribers and is about to exit).', s.failure === undefined ? 1 : 0);
  // Unknown until the edge first read where the stream ends: no sample rather than a made-up 0.
  if (s.streamSeq !== undefined) gauge('patx_edge_stream_seq', 'The last engine seq the stream held when this edge last read its end (every 0.5 s).', s.streamSeq);
  if (s.lagSeqs !== undefined) gauge('patx_edge_lag_seqs', "Commands on the stream this edge has not applied yet: its subscribers see the book that far behind the leader's.", s.lagSeqs);
  return lines;
}

function notHere(s: EdgeStatus, what: string): { error: 'NOT_FOUND'; message: string } {
  return { error: 'NOT_FOUND', message: `edge ${s.node} does not serve ${what}: it serves market data, the WebSocket /v1/market on port ${s.marketDataPort}; orders and the HTTP API are the group's gateways'` };
}

/**
 * The components as an edge has them: its journal follows the stream (liveness: 200 while it
 * does); market data is the thread's own state, degraded while the edge is further behind the
 * stream than its bound or has not read where the stream ends (readiness); it has no sequencer
 * or order entry.
 */
function edgeProbes(s: EdgeStatus): Partial<Record<ComponentName, HealthProbe>> {
  const lag = s.lagSeqs === undefined ? '' : `, ${s.lagSeqs} behind the stream`;
  return {
    sequencer: () => ({ state: 'disabled', detail: "an edge applies the leader's stream; it takes no orders" }),
    journal: () => (s.failure !== undefined ? { state: 'failed', detail: `stopped following the stream: ${s.failure}` } : { state: 'ok', detail: `seq ${s.appliedSeq} applied from the stream${lag}` }),
    gateway: () => ({ state: 'disabled', detail: "an edge takes no orders: they go to the group's gateways" }),
    marketData: () => {
      if (s.marketData.state !== 'ok') return s.marketData;
      if (s.lagSeqs === undefined) return { state: 'starting', detail: 'where the stream ends is not read yet' };
      if (s.lagSeqs > s.maxLagSeqs) return { state: 'degraded', detail: `${s.lagSeqs} behind the stream, more than ${s.maxLagSeqs} (replication.edgeReadyMaxLagSeqs)` };
      return s.marketData;
    },
  };
}
