/**
 * The standby's own OpenAPI document (src/replication/standby-operations.ts), against a real
 * StandbyServer on loopback: /openapi.json is the document its rows make; every operation it
 * names is answered as documented; another method on a named path is 405 with `Allow`; and
 * every other request is NOT_LEADER (503), which the document says: no route is served that the
 * document does not name. Its /metrics is the standby's own text and the process's; its
 * /operator/metrics answers an operator's token with no families and anyone else 401. Its port is
 * public: one address's slow connections beyond its cap are closed as they arrive, its requests
 * beyond its rate answered 429.
 */
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/log.js';
import { StandbyServer } from '../../src/replication/index.js';
import type { StandbyStatus } from '../../src/replication/standby-watch.js';
import { STANDBY_ROUTES } from '../../src/replication/standby-operations.js';
import { StandbyCounters, standbyMetricsText } from '../../src/replication/standby-metrics.js';
import { expectDocumentedOperations, type StatusPortDoc } from '../support/documented-operations.js';

const status: StandbyStatus = { node: 'b', phase: 'following', leader: undefined, appliedSeq: 42, streamSeq: 45, lagSeqs: 3, failure: undefined };
const counters = new StandbyCounters();
const TOKEN = 'standby-openapi-operator-token';
let standby: StandbyServer;
let base: string;

beforeAll(async () => {
  standby = await StandbyServer.start({
    host: '127.0.0.1',
    port: 0,
    status: () => status,
    metricsText: () => standbyMetricsText(status, counters),
    isOperator: (token) => token === TOKEN,
    log: createLogger('silent'),
    security: { allowPlaintext: false },
    // These tests send many requests from one address; the default rate has a test of its own (below).
    ratePerAddress: { burst: 10_000, perSecond: 10_000 },
  });
  base = `http://127.0.0.1:${standby.port}`;
});
afterAll(async () => {
  await standby.close();
});


describe("the standby's routes, all in its own OpenAPI document", () => {
  it('serves the document its route rows make', async () => {
    const r = await fetch(`${base}/openapi.json`);
    expect(r.status).toBe(200);
    const doc = (await r.json()) as StatusPortDoc;
    expect(doc).toEqual(STANDBY_ROUTES.document());
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/metrics', '/openapi.json', '/operator/metrics', '/readyz']);
    expect(doc.info.description).toContain('NOT_LEADER');
  });

  it('answers each documented operation with a status it documents; other methods on its paths 405 with Allow', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as StatusPortDoc;
    await expectDocumentedOperations(base, doc);
    const health = (await (await fetch(`${base}/healthz`)).json()) as { role: string; seq: number };
    expect(health).toMatchObject({ role: 'standby', seq: 42 });
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ error: 'NOT_LEADER', role: 'standby' });
  });

  it("serves its own metrics, and the operator's scrape with no families, behind the token", async () => {
    counters.snapshotPause.observe(3.2);
    counters.checkpointsMatched = 7;
    const r = await fetch(`${base}/metrics`);
    expect([r.status, r.headers.get('content-type')]).toEqual([200, 'text/plain; version=0.0.4']);
    const text = await r.text();
    for (const line of ['patx_replication_leader 0', 'patx_engine_seq 42', 'patx_replication_standby_stream_seq 45', 'patx_replication_standby_lag_seqs 3', 'patx_replication_standby_following 1', 'patx_replication_standby_checkpoints_matched_total 7', 'patx_snapshot_pause_seconds_count 1', 'patx_snapshot_pause_seconds_bucket{le="0.005"} 1', 'patx_snapshot_pause_seconds_bucket{le="0.002"} 0']) {
      expect(text.split('\n'), line).toContain(line);
    }
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    // Stopped following: it says so, and the lag is not made up before the stream's end was read.
    const stopped = standbyMetricsText({ ...status, streamSeq: undefined, lagSeqs: undefined, failure: 'diverged' }, new StandbyCounters());
    expect(stopped).toContain('patx_replication_standby_following 0');
    expect(stopped).not.toContain('patx_replication_standby_lag_seqs');

    const anonymous = await fetch(`${base}/operator/metrics`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: 'AUTH_FAILED', message: expect.stringContaining('none was given') });
    const wrong = await fetch(`${base}/operator/metrics`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    const operator = await fetch(`${base}/operator/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([operator.status, operator.headers.get('content-type')]).toEqual([200, 'text/plain; version=0.0.4']);
    // No sample: the broker's book, risk and alarms are the leader's.
    expect((await operator.text()).split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual([]);
  });

  it('refuses everything else NOT_LEADER, as the document says, so clients move on', async () => {
    for (const [method, p] of [['GET', '/v1/series'], ['POST', '/v1/deliveries'], ['GET', '/docs'], ['DELETE', '/anything']] as const) {
      const r = await fetch(`${base}${p}`, { method });
      expect([r.status, r.headers.get('retry-after')], `${method} ${p}`).toEqual([503, '1']);
      expect(((await r.json()) as { error: string }).error).toBe('NOT_LEADER');
    }
  });

  it("closes one address's connections beyond 32 as they arrive; another address's health check is answered", async () => {
    const sockets: Socket[] = [];
    let closed = 0;
    try {
      for (let i = 0; i < 40; i++) {
        const socket = connect({ port: standby.port, host: '127.0.0.1', localAddress: '127.0.0.1' });
        sockets.push(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => closed++);
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('error', reject);
        });
        socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // and never the blank line
      }
      for (let i = 0; i < 100 && closed < 8; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(closed).toBe(8);
      // A load balancer's check from another address.
      expect((await get(standby.port, '/healthz', '127.0.0.2')).status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('answers one address past 40 requests at once 429 RATE_LIMITED, as the gateway does; another address is served', async () => {
    const limited = await StandbyServer.start({ host: '127.0.0.1', port: 0, status: () => status, metricsText: () => '', isOperator: () => false, log: createLogger('silent'), security: { allowPlaintext: false } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 45; i++) statuses.push((await get(limited.port, '/healthz', '127.0.0.4')).status);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(40);
      const refused = await get(limited.port, '/healthz', '127.0.0.4');
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body)).toMatchObject({ error: 'RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.headers['ratelimit-policy']).toBe('"address";q=40;w=4');
      expect((await get(limited.port, '/healthz', '127.0.0.5')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

/** One GET from `localAddress` on a connection of its own. */
function get(port: number, path: string, localAddress: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, localAddress, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
