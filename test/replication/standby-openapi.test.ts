/**
 * The standby's own OpenAPI document (src/replication/standby-operations.ts), against a real
 * StandbyServer on loopback: /openapi.json is the document its rows make; every operation it
 * names is answered as documented; another method on a named path is 405 with `Allow`; and
 * every other request is NOT_LEADER (503), which the document says: no route is served that the
 * document does not name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/log.js';
import { StandbyServer } from '../../src/replication/index.js';
import type { StandbyStatus } from '../../src/replication/node.js';
import { STANDBY_ROUTES } from '../../src/replication/standby-operations.js';

const status: StandbyStatus = { node: 'b', phase: 'following', leader: undefined, appliedSeq: 42, streamSeq: 42, lagSeqs: 0, failure: undefined };
let standby: StandbyServer;
let base: string;

beforeAll(async () => {
  standby = await StandbyServer.start({ host: '127.0.0.1', port: 0, status: () => status, log: createLogger('silent'), security: { allowPlaintext: false } });
  base = `http://127.0.0.1:${standby.port}`;
});
afterAll(async () => {
  await standby.close();
});

type Doc = { openapi: string; info: { title: string; description: string }; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

describe("the standby's routes, all in its own OpenAPI document", () => {
  it('serves the document its route rows make', async () => {
    const r = await fetch(`${base}/openapi.json`);
    expect(r.status).toBe(200);
    const doc = (await r.json()) as Doc;
    expect(doc).toEqual(STANDBY_ROUTES.document());
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/openapi.json', '/readyz']);
    expect(doc.info.description).toContain('NOT_LEADER');
  });

  it('answers each documented operation with a status it documents; other methods on its paths 405 with Allow', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as Doc;
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method === 'HEAD' ? 'get' : method.toLowerCase()];
        const r = await fetch(`${base}${p}`, { method });
        const what = `${method} ${p} -> ${r.status}`;
        if (op !== undefined) expect(Object.keys(op.responses), what).toContain(String(r.status));
        else {
          expect(r.status, what).toBe(405);
          expect(r.headers.get('allow'), what).toBe('GET, HEAD, OPTIONS');
        }
      }
    }
    const health = (await (await fetch(`${base}/healthz`)).json()) as { role: string; seq: number };
    expect(health).toMatchObject({ role: 'standby', seq: 42 });
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ error: 'NOT_LEADER', role: 'standby' });
  });

  it('refuses everything else NOT_LEADER, as the document says, so clients move on', async () => {
    for (const [method, p] of [['GET', '/v1/series'], ['POST', '/v1/deliveries'], ['GET', '/docs'], ['DELETE', '/anything']] as const) {
      const r = await fetch(`${base}${p}`, { method });
      expect([r.status, r.headers.get('retry-after')], `${method} ${p}`).toEqual([503, '1']);
      expect(((await r.json()) as { error: string }).error).toBe('NOT_LEADER');
    }
  });
});
