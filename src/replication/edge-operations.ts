/**
 * A market-data edge's HTTP routes (edge-server.ts) as rows of the route registry: its own
 * OpenAPI document at /openapi.json. Market data itself is the WebSocket on the edge's
 * market-data port (docs/protocol.md); anything else here is 404 saying so.
 */
import { ServerRoutes } from '../gateway/server-routes.js';
import type { Operation } from '../http-registry/index.js';
import { STATUS_PORT_RATE_LIMITED } from './status-port.js';

const TAG = 'edge';

export const EDGE_OPERATIONS: readonly Operation[] = [
  {
    method: 'GET',
    path: '/healthz',
    operationId: 'getEdgeLiveness',
    summary: 'Liveness: the gateway\'s report shape with role edge, the seq applied from the stream, where the stream ends and the lag',
    tags: [TAG],
    security: 'public',
    responses: { 200: { description: 'following the stream: {status, components, role: "edge", node, seq, streamSeq, lagSeqs, maxLagSeqs, marketDataPort}' } },
    errors: { 429: STATUS_PORT_RATE_LIMITED, 503: 'stopped following the stream (its subscribers were closed and it is about to exit): the same report, journal failed' },
  },
  {
    method: 'GET',
    path: '/readyz',
    operationId: 'getEdgeReadiness',
    summary: 'Readiness: following the stream, market data serving, and at most replication.edgeReadyMaxLagSeqs behind the stream\'s end',
    tags: [TAG],
    security: 'public',
    responses: { 200: { description: 'send subscribers here: the liveness report, every component ok or disabled' } },
    errors: { 429: STATUS_PORT_RATE_LIMITED, 503: 'not following, market data not serving (starting, restarting from a seed), or further behind the stream than the bound, or where the stream ends not read yet: the report says which' },
  },
  {
    method: 'GET',
    path: '/metrics',
    operationId: 'getEdgeMetrics',
    summary: "Prometheus text: the gateway's families (market data's from its thread; order entry's at 0, an edge takes no orders), the edge's own (following, stream seq, lag), its snapshots' pauses, then the process's (docs/metrics.md)",
    tags: [TAG],
    security: 'public',
    responses: { 200: { description: 'Prometheus text exposition format 0.0.4', contentType: 'text/plain' } },
    errors: { 429: STATUS_PORT_RATE_LIMITED },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getEdgeOpenApi',
    summary: 'This document',
    tags: [TAG],
    security: 'public',
    responses: { 200: { description: 'the OpenAPI 3.1 document of the edge' } },
    errors: { 429: STATUS_PORT_RATE_LIMITED },
  },
];

export const EDGE_ROUTES = new ServerRoutes(EDGE_OPERATIONS, {
  version: '1.0.0',
  server: {
    title: 'PATX market-data edge',
    summary: "What a market-data edge answers on its status port (the gateway's port setting).",
    description:
      'A market-data edge (`PATX_ROLE=edge`, docs/replication.md) serves the public market-data WebSocket `/v1/market` on its market-data port from the replicated journal, ' +
      'and on its status port (`gateway.port`, `PATX_PORT`) health, readiness and metrics for load balancers and Prometheus. ' +
      'Any other path, a WebSocket upgrade included, is 404 `{"error": "NOT_FOUND", ...}` naming the market-data port; another method on a path named here is 405 with `Allow`; ' +
      "one address's requests past 40 at once or 10 a second are 429 `RATE_LIMITED`. It takes no orders: they go to the group's gateways.",
    servers: [{ url: 'http://127.0.0.1:8632', description: "an edge's status port" }],
    tags: [{ name: TAG, description: 'Health and metrics of a market-data edge' }],
  },
});
