/**
 * The reference provider server, fuzzed from outside over HTTP as a stranger reaches it: its
 * three gate routes (/records, /records/stream, /records/push) sent a consumer's real signed gate
 * request, the same request with fields dropped, retyped or out of range (and keys such as
 * __proto__ added), bodies that are not JSON, unknown formats and other methods. Every request is
 * answered, none with a 5xx, every refusal as `{error, message}`; the grant is never served past
 * its rights; the server still answers after. Real service, provider server, LMDB and signatures
 * on 127.0.0.1. Seeded (PATX_GATE_FUZZ_SEED, PATX_GATE_FUZZ_CASES).
 */
import { request } from 'node:http';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../bench/workload.js';
import type { TradingClient } from '../../src/client/index.js';
import { signGateRequest } from '../../src/gate/index.js';
import type { SignedGrant } from '../../src/grants/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { grantAtAsk } from '../support/broker-rights.js';
import { fundedConsumer, startDemoGateService, type DemoGateService } from '../support/demo-gate.js';

const SEED = Number(process.env.PATX_GATE_FUZZ_SEED ?? 20261130);
const CASES = Number(process.env.PATX_GATE_FUZZ_CASES ?? 1000);
const RIGHTS = 3;
let x: DemoGateService;
let client: TradingClient;
let signed: SignedGrant;
const consumer = new Wallet(Wallet.createRandom().privateKey);

beforeAll(async () => {
  x = await startDemoGateService('gate-fuzz', { logger: createLogger('silent'), stock: { mint: 30, sell: 20 } });
  client = await fundedConsumer(x.service, x.wsUrl, consumer, 'gate-fuzz');
  signed = await grantAtAsk(x.service, client, x.seriesId, RIGHTS);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await x?.close();
});

/** One request with node's HTTP client (any method may carry a body here), on a fresh connection. */
function send(port: number, method: string, target: string, body: string): Promise<{ status: number; body: string; delivery: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: target, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      // A file's statement rides in its patx-delivery header; a JSON answer's in its body.
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), delivery: res.headers['patx-delivery'] as string | undefined }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${target}`)));
    req.on('error', reject);
    req.end(body);
  });
}

describe('the reference provider server, fuzzed', () => {
  it(`answers ${CASES} mutated gate requests with typed refusals, never a 5xx, and never serves past the grant's rights (seed ${SEED})`, async () => {
    const port = Number(new URL(x.endpoint).port);
    const domain = x.service.grants()!.signer.domain;
    const r = prng(SEED);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const odd = (v: unknown): unknown => pick([v, -1, 0, 1e20, 2 ** 53, 'x', '', null, [], {}, true, 'ü'.repeat(100)]);
    const mutate = (o: unknown): unknown => {
      if (o === null || typeof o !== 'object') return odd(o);
      if (Array.isArray(o)) return o.map(mutate);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) {
        if (r() < 0.1) continue;
        out[k] = typeof v === 'object' && v !== null ? mutate(v) : r() < 0.15 ? odd(v) : v;
      }
      if (r() < 0.1) out[pick(['__proto__', 'constructor', 'extra'])] = { polluted: true };
      return out;
    };
    let served = 0;
    for (let i = 0; i < CASES; i++) {
      const route = pick(['/records', '/records/stream', '/records/push']);
      const request = await signGateRequest(consumer, signed, pick([1, 1, 2, 3, 0, -1, 100]), { domain, endpoint: `http://127.0.0.1:${port}${route}` });
      const body = r() < 0.2 ? pick(['', '{', '[]', 'null', '{"grant":1}', '['.repeat(5000)]) : JSON.stringify(r() < 0.3 ? request : mutate(request));
      const target = route + pick(['', '', '?format=csv', '?format=ndjson', '?format=parquet', '?format=xml', '?%zz']);
      const method = pick(['POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE']);
      const what = `case ${i} (seed ${SEED}): ${method} ${target} ${body.slice(0, 80)}`;
      const reply = await send(port, method, target, body);
      expect(reply.status, what).toBeGreaterThanOrEqual(200);
      expect(reply.status, `${what} -> ${reply.status} ${reply.body.slice(0, 200)}`).toBeLessThan(500);
      if (reply.status >= 400) {
        const refusal = JSON.parse(reply.body) as { error?: unknown; message?: unknown };
        expect(refusal.error, `${what} -> ${reply.body.slice(0, 200)}`).toMatch(/^[A-Z][A-Z_]+$/);
        expect(typeof refusal.message, what).toBe('string');
      } else if (route === '/records') {
        const delivery = reply.delivery === undefined ? (JSON.parse(reply.body) as { delivery?: { use?: number } }).delivery : (JSON.parse(reply.delivery) as { use?: number });
        served += delivery?.use ?? 0;
      }
    }
    // The real request was served (so the refusals above were the mutations'), and never past the grant's rights.
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThanOrEqual(RIGHTS);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 300_000);
});
