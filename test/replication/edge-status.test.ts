/**
 * A market-data edge's status port (src/replication/edge-server.ts) on loopback, given the
 * edge's status as a value (the real edge's answers are in edge.test.ts): /openapi.json is the
 * document its rows make, every operation it names answers a status it documents, another
 * method on a named path is 405; readiness follows the edge's state (following, market data
 * serving, the stream's end read, at most edgeReadyMaxLagSeqs behind); every other request, a
 * WebSocket upgrade included, is 404 naming the market-data port. The port's bounds
 * (connections, rate) are the standby's (status-port.ts; standby-openapi.test.ts).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../src/runtime/log.js';
import { edgeMetricsLines, EdgeServer, type EdgeStatus } from '../../src/replication/edge-server.js';
import { EDGE_ROUTES } from '../../src/replication/edge-operations.js';
import { expectDocumentedOperations, type StatusPortDoc } from '../support/documented-operations.js';

const READY: EdgeStatus = { node: 'edge-1', appliedSeq: 120, streamSeq: 125, lagSeqs: 5, maxLagSeqs: 100, failure: undefined, marketData: { state: 'ok', detail: 'port 9631, resets 0' }, marketDataPort: 9631 };
let status: EdgeStatus = READY;
let edge: EdgeServer;
let base: string;

beforeAll(async () => {
  edge = await EdgeServer.start({
    host: '127.0.0.1',
    port: 0,
    status: () => status,
    metricsText: () => edgeMetricsLines(status).join('\n') + '\n',
    log: createLogger('silent'),
    security: { allowPlaintext: false },
    // These tests send many requests from one address; the rate has its test with the standby's.
    ratePerAddress: { burst: 10_000, perSecond: 10_000 },
  });
  base = `http://127.0.0.1:${edge.port}`;
});
afterAll(async () => {
  await edge.close();
});

type Report = { status: string; components: Record<string, { state: string; detail?: string }>; role: string; seq: number; streamSeq: number | null; lagSeqs: number | null; marketDataPort: number };

async function probe(path: '/healthz' | '/readyz', s: EdgeStatus): Promise<{ status: number; body: Report }> {
  status = s;
  try {
    const r = await fetch(`${base}${path}`);
    return { status: r.status, body: (await r.json()) as Report };
  } finally {
    status = READY;
  }
}

describe("a market-data edge's status port", () => {
  it('serves the document its rows make, and each documented operation with a status it documents', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as StatusPortDoc;
    expect(doc).toEqual(EDGE_ROUTES.document());
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/metrics', '/openapi.json', '/readyz']);
    expect(doc.info.description).toContain('/v1/market');
    await expectDocumentedOperations(base, doc);
  });

  it('is live and ready while it follows, serves and keeps within its lag bound', async () => {
    const live = await probe('/healthz', READY);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok', role: 'edge', node: 'edge-1', seq: 120, streamSeq: 125, lagSeqs: 5, maxLagSeqs: 100, marketDataPort: 9631 });
    expect(live.body.components['journal']).toEqual({ state: 'ok', detail: 'seq 120 applied from the stream, 5 behind the stream' });
    expect(live.body.components['sequencer']!.state).toBe('disabled');
    expect(live.body.components['gateway']!.state).toBe('disabled');
    const ready = await probe('/readyz', READY);
    expect([ready.status, ready.body.status]).toEqual([200, 'ok']);
  });

  it('is not ready further behind the stream than its bound, before it read where the stream ends, or while market data restarts; still live', async () => {
    const cases: Array<[EdgeStatus, string, RegExp]> = [
      [{ ...READY, streamSeq: 1_120, lagSeqs: 1_000 }, 'degraded', /1000 behind the stream, more than 100 \(replication\.edgeReadyMaxLagSeqs\)/],
      [{ ...READY, streamSeq: undefined, lagSeqs: undefined }, 'starting', /where the stream ends is not read yet/],
      [{ ...READY, marketData: { state: 'degraded', detail: 'restarting from a fresh seed (resets so far: 1)' } }, 'degraded', /restarting from a fresh seed/],
    ];
    for (const [s, state, detail] of cases) {
      const ready = await probe('/readyz', s);
      expect(ready.status, detail.source).toBe(503);
      expect(ready.body.components['marketData'], detail.source).toEqual({ state, detail: expect.stringMatching(detail) });
      expect((await probe('/healthz', s)).status, detail.source).toBe(200);
    }
    // At the bound itself it is ready.
    expect((await probe('/readyz', { ...READY, streamSeq: 220, lagSeqs: 100 })).status).toBe(200);
  });

  it('is neither live nor ready once it stopped following', async () => {
    const stopped: EdgeStatus = { ...READY, failure: 'unknown kind of message at stream seq 9' };
    for (const path of ['/healthz', '/readyz'] as const) {
      const r = await probe(path, stopped);
      expect([r.status, r.body.status, r.body.components['journal']!.state], path).toEqual([503, 'failed', 'failed']);
      expect(r.body.components['journal']!.detail).toContain('stopped following the stream: unknown kind');
    }
  });

  it('serves its metrics: following, the stream seq and the lag, none made up before the stream end is read', async () => {
    const r = await fetch(`${base}/metrics`);
    expect([r.status, r.headers.get('content-type')]).toEqual([200, 'text/plain; version=0.0.4']);
    const text = (await r.text()).split('\n');
    for (const line of ['patx_edge_following 1', 'patx_edge_stream_seq 125', 'patx_edge_lag_seqs 5']) expect(text, line).toContain(line);
    expect(text.some((l) => /^process_resident_memory_bytes \d+/.test(l))).toBe(true);
    const unread = edgeMetricsLines({ ...READY, streamSeq: undefined, lagSeqs: undefined, failure: 'diverged' });
    expect(unread).toContain('patx_edge_following 0');
    expect(unread.join('\n')).not.toContain('patx_edge_lag_seqs');
  });

  it('answers every other request 404 naming its market-data port, WebSocket upgrades included', async () => {
    for (const [method, p] of [['GET', '/v1/series'], ['POST', '/v1/deliveries'], ['GET', '/operator/metrics'], ['DELETE', '/anything']] as const) {
      const r = await fetch(`${base}${p}`, { method });
      expect(r.status, `${method} ${p}`).toBe(404);
      expect(await r.json()).toMatchObject({ error: 'NOT_FOUND', message: expect.stringContaining('/v1/market on port 9631') });
    }
    const upgrade = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${edge.port}/v1/market`);
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.once('open', () => reject(new Error('the status port opened a WebSocket')));
      ws.once('error', () => undefined);
    });
    expect(upgrade.status).toBe(404);
    expect(JSON.parse(upgrade.body)).toMatchObject({ error: 'NOT_FOUND', message: expect.stringContaining('port 9631') });
  });

  it('answers a HEAD health check without a body, as a load balancer sends it', async () => {
    const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: edge.port, path: '/readyz', method: 'HEAD', agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(r).toEqual({ status: 200, body: '' });
  });
});
