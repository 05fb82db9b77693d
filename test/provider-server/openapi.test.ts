/**
 * The reference provider server's own OpenAPI document (src/provider-server/operations.ts),
 * against a real server on loopback: /openapi.json is the document its rows make; every
 * operation it names reaches the server's handler (not the rows' 404 or 405); another method on
 * a named path is 405 with `Allow`; a path it does not name is 404, so a route the server
 * serves is a route the document names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/log.js';
import { PROVIDER_SERVER_ROUTES } from '../../src/provider-server/operations.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { startBareProviderServer } from '../support/bare-provider-server.js';

let server: ProviderServer;
let base: string;

beforeAll(async () => {
  server = await startBareProviderServer({ log: createLogger('silent') });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
});

type Doc = { openapi: string; info: { title: string }; paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>> };
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'] as const;

describe("the reference provider server's routes, all in its own OpenAPI document", () => {
  it('serves the document its route rows make', async () => {
    const r = await fetch(`${base}/openapi.json`);
    expect(r.status).toBe(200);
    const doc = (await r.json()) as Doc;
    expect(doc).toEqual(PROVIDER_SERVER_ROUTES.document());
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('PATX reference provider server');
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/openapi.json', '/records', '/records/push', '/records/stream']);
  });

  it('each documented operation reaches its handler; other methods on its path are 405 with Allow; other paths 404', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as Doc;
    for (const [p, item] of Object.entries(doc.paths)) {
      const documented = Object.keys(item).map((m) => m.toUpperCase());
      for (const method of METHODS) {
        const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? '{}' : undefined;
        const r = await fetch(`${base}${p}`, { method, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) });
        const text = method === 'HEAD' ? '' : await r.text();
        const what = `${method} ${p} -> ${r.status} ${text.slice(0, 120)}`;
        if (documented.includes(method)) {
          // The handler answered: a gate refusal of an empty request is the gate's own 400, not the rows' 404/405.
          expect(r.status === 404 || r.status === 405, what).toBe(false);
        } else {
          expect(r.status, what).toBe(405);
          expect(r.headers.get('allow'), what).toBe([...documented.filter((m) => m === 'GET'), ...documented.filter((m) => m !== 'GET'), 'OPTIONS'].join(', '));
        }
      }
    }
    expect((await fetch(`${base}/records`, { method: 'POST', body: '{}' })).status).toBe(400);
    for (const p of ['/', '/push', '/records/1', '/metrics', '/v1/series']) {
      const r = await fetch(`${base}${p}`);
      expect(r.status, p).toBe(404);
      expect(((await r.json()) as { error: string }).error).toBe('NOT_FOUND');
    }
  });

  it('keeps the CORS preflight on /records, and answers OPTIONS with Allow elsewhere', async () => {
    const pre = await fetch(`${base}/records`, { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toBe('POST');
    const health = await fetch(`${base}/healthz`, { method: 'OPTIONS' });
    expect([health.status, health.headers.get('allow')]).toEqual([204, 'GET, OPTIONS']);
  });
});
