/**
 * The standby's HTTP routes (standby-server.ts) as rows of the route registry: its own OpenAPI
 * document at /openapi.json. Everything else it answers 503 NOT_LEADER (so a client moves on to
 * another gateway of the group): not a route, said in the document's description.
 */
import { ServerRoutes } from '../gateway/server-routes.js';
import type { Operation } from '../http-registry/index.js';
import { STATUS_PORT_RATE_LIMITED } from './status-port.js';

const TAG = 'standby';

export const STANDBY_OPERATIONS: readonly Operation[] = [
  {
    method: 'GET',
    path: '/healthz',
    operationId: 'getStandbyLiveness',
    summary: "Liveness: the gateway's report shape with role standby, the leader it follows, the seq applied and its lag",
    tags: [TAG],
    security: 'public',
    responses: { 200: { description: 'following the stream: {status, components, role: "standby", node, phase, leader, seq, streamSeq, lagSeqs}' } },
    errors: { 429: STATUS_PORT_RATE_LIMITED, 503: 'stopped following the stream (it is about to exit): the same report, journal failed' },
  },
  {
    method: 'GET',
    path: '/readyz',
    operationId: 'getStandbyReadiness',
    summary: 'Readiness: never ready, a standby takes no orders (a load balancer sends nothing here)',
    tags: [TAG],
    security: 'public',
    // A standby never answers 200 here: once the node leads, its gateway takes the port and answers ready.
    responses: { 200: { description: 'never from a standby: the gateway of this node once it leads (the PATX HTTP API\'s readiness)' } },
    errors: { 429: STATUS_PORT_RATE_LIMITED, 503: 'NOT_LEADER: always from a standby, with the liveness report and who leads' },
  },
  {
    method: 'GET',
    path: '/metrics',
    operationId: 'getStandbyMetrics',
    summary: "Prometheus text: the standby's own (applied and stream seq, lag, checkpoints matched, its snapshots' pauses), then the process's (docs/metrics.md)",
    tags: [TAG],
    security: 'public',
    responses: { 200: { description: 'Prometheus text exposition format 0.0.4', contentType: 'text/plain' } },
    errors: { 429: STATUS_PORT_RATE_LIMITED },
  },
  {
    method: 'GET',
    path: '/operator/metrics',
    operationId: 'getStandbyOperatorMetrics',
    summary: "The operator's scrape of a standby: answered, with no families (the broker's book, risk and alarms are the leader's)",
    tags: [TAG],
    security: 'operator',
    responses: { 200: { description: 'Prometheus text with no samples: the operator job reads this node as up', contentType: 'text/plain' } },
    errors: { 401: 'AUTH_FAILED: no operator token, or one unknown or revoked', 429: STATUS_PORT_RATE_LIMITED },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getStandbyOpenApi',
    summary: 'This document',
    tags: [TAG],
    security: 'public',
    responses: { 200: { description: 'the OpenAPI 3.1 document of the standby' } },
    errors: { 429: STATUS_PORT_RATE_LIMITED },
  },
];

export const STANDBY_ROUTES = new ServerRoutes(STANDBY_OPERATIONS, {
  version: '1.0.0',
  server: {
    title: 'PATX standby',
    summary: "What a standby node answers on its gateway's port while it waits to lead.",
    description:
      'A node of a replicated group that does not lead answers health on the gateway port (docs/replication.md). ' +
      'Any other request, a WebSocket upgrade included, is refused 503 `{"error": "NOT_LEADER", ...}` with `Retry-After: 1`, so a client moves on to another gateway of the group; ' +
      'another method on a path named here is 405 with `Allow`; one address\'s requests past 40 at once or 10 a second are 429 `RATE_LIMITED`. Once the node leads, its gateway takes the port and serves the PATX HTTP API instead.',
    servers: [{ url: 'http://127.0.0.1:8480', description: "a standby on the gateway's port" }],
    tags: [{ name: TAG, description: 'Health of a standby node' }],
  },
});
