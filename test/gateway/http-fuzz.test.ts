/**
 * Every HTTP route, fuzzed from outside over raw TCP (so paths reach the server
 * exactly as written: bad percent-encoding, dot segments, unicode, huge): the routes below and
 * every path the service's own OpenAPI document names (its parameters filled with 1), malformed
 * paths, queries, bodies and methods, with and without the operator's credential.
 * Nothing may answer 5xx (a 503 only where settlement is off, with its code), every
 * error is `{error: CODE, message}`, and the service still answers afterwards.
 * Seeded: a failure names its seed and case (PATX_HTTP_FUZZ_SEED=<seed> reruns it; PATX_HTTP_FUZZ_CASES=<n> runs more).
 */
import { prng } from '../../bench/workload.js';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir } from '../support/exchange-fixture.js';
import { credit, openAccount } from '../support/subscription-market.js';
import { Role } from '../../src/engine/index.js';
import { signRequestHeaders } from '../../src/request-signing/index.js';

const SEED = Number(process.env.PATX_HTTP_FUZZ_SEED ?? 20261122);
const CASES = Number(process.env.PATX_HTTP_FUZZ_CASES ?? 1500);
const TOKEN = 'fuzz-operator-token-0123456789';
let service: Service;
let dir: string;
/** Strangers with fresh keys and accounts holding PAT, taken in turn: their requests are signed, so they reach the handlers' own checks. */
const strangers = Array.from({ length: 4 }, () => new Wallet(Wallet.createRandom().privateKey));
let signedCount = 0;
let chainId = 0;

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
let doc: OpenApiDoc;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-http-fuzz-'));
  // Request rates raised past what this loop sends: the rate limits have their own tests, and a 429 would stop a case at the door.
  const unlimited = { burst: 1_000_000, perSecond: 1_000_000 };
  const gateway = { port: 0, marketDataPort: 0, operatorToken: TOKEN, httpRateLimitPerAddress: unlimited, httpRateLimitPerAccount: unlimited };
  const config = loadConfig({}, { dataDir: dir, gateway, scheduleIntervalMs: 60_000, settlement: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  // Every route the service documents, so a route added later is fuzzed without being listed here.
  doc = (await (await fetch(`http://127.0.0.1:${service.gateway.port}/openapi.json`)).json()) as OpenApiDoc;
  for (const [p, ops] of Object.entries(doc.paths)) {
    const route = p.replace(/\{[^}]+\}/g, '1');
    ROUTES.push(route);
    for (const m of Object.keys(ops)) if (METHODS.includes(m.toUpperCase())) OPERATIONS.push({ method: m.toUpperCase(), route });
  }
  chainId = ((await (await fetch(`http://127.0.0.1:${service.gateway.port}/v1/endpoints`)).json()) as { chainId: number }).chainId;
  for (const w of strangers) await credit(service, await openAccount(service, Role.CONSUMER, w.address.toLowerCase()), 100n * 10n ** 18n);
});

afterAll(async () => {
  await service.stop();
  removeDir(dir);
});

/** mulberry32 (the workload's PRNG): small, seeded, reproducible. */
const generator = prng;

const ROUTES: string[] = [
  '/healthz', '/readyz', '/metrics', '/v1/series', '/v1/series/1', '/v1/account', '/v1/chain/contracts', '/v1/payouts/statement',
  '/operator/params', '/operator/params/risk.maxOrderQty', '/operator/series', '/operator/series/1/halt', '/operator/series/1/resume',
  '/operator/kill', '/operator/mmp/1/reset', '/operator/audit', '/operator/metrics',
  '/settlement/reconciliation', '/settlement/status', '/settlement/payouts', '/settlement/settle',
  '/v1/listings', '/v1/listings/1', '/v1/listings/1/disclosures', '/v1/scores', '/openapi.json', '/v1/provider/listings', '/v1/provider/listings/1/submit',
  '/v1/ratings/1', '/v1/purchases', '/v1/purchases?limit=x', '/v1/grants/signer', '/v1/grants/mine', '/v1/grants/mine/1', '/v1/grants/mine/1/proof', '/v1/grants/mine/1/receipts', '/v1/grants/1/receipts', '/v1/grants/1/delivery-failures', '/v1/provider/grants', '/v1/deliveries', '/operator/listings', '/operator/listings/1/publish', '/operator/listings/1/take-down', '/operator/catalog/audit',
  '/v1/series/1/settlement', '/v1/options', '/v1/options/1', '/v1/trades', '/v1/trades?seriesId=1', '/v1/trades?seriesId=1&limit=1000&before=1', '/v1/trades/x', '/v1/candles?seriesId=1&interval=1m', '/v1/candles?seriesId=1&interval=1d&limit=30&endMs=1', '/v1/endpoints', '/operator/phase', '/operator/exposure', '/operator/broker', '/', '/index.html', '/assets/x.js',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
/** The documented operations: a method the route serves, on its path. */
const OPERATIONS: { method: string; route: string }[] = [];
const PATH_MUTATIONS: Array<(p: string, r: () => number) => string> = [
  (p) => p,
  (p) => `${p}/%`,
  (p) => `${p}%zz`,
  (p) => `${p}/%E0%A4%A`,
  (p) => `${p}/%C0%AF`,
  (p) => `${p}/../../etc/passwd`,
  (p) => p.replace('/', '//'),
  (p) => `${p}/${'a'.repeat(6000)}`,
  (p) => `${p}/ünïcödé`,
  (p) => `${p}/-1`,
  (p) => `${p.replace(/\d+/, '99999999999999999999')}`,
  (p) => `${p.replace(/\d+/, 'abc')}`,
  (p) => `${p.replace(/\d+/, '0')}`,
  (p, r) => `${p}/${Math.floor(r() * 1e6)}`,
];
const QUERIES = ['', '?', '?account=abc', '?account=-1', '?accountId=%zz', '?fromBatch=1e99&limit=-5', '?limit=99999999999', `?x=${'%'.repeat(300)}`, '?a=1&a=2&a[]=3'];
const BODIES: Array<() => string> = [
  () => '',
  () => '{',
  () => 'null',
  () => '[]',
  () => '"text"',
  () => '{"value":"not a number"}',
  () => '{"value":1e308}',
  () => '{"scope":"galaxy","targetId":-1,"engaged":"yes"}',
  () => '{"scope":"global","targetId":0,"engaged":true}',
  () => '{"value":5000}',
  () => '['.repeat(20_000) + ']'.repeat(20_000),
  () => JSON.stringify({ a: 'x'.repeat(70 * 1024) }),
  () => '\u0000\u0001\u00ff',
  // The fields routes read, each of the wrong type or out of range.
  () => '{"seriesId":1e20,"qty":-1,"priceMicros":"x","listingId":-1,"grantId":1.5,"contract":{},"units":NaN}',
  () => '{"seriesId":"1","qty":"1","limit":true,"contract":"AUTO_INTENT|7D|0.70-0.85","budgetMicros":-5,"capPriceMicros":1e400}',
  () => JSON.stringify({ segment: 'AUTO_INTENT', title: 'x'.repeat(5000), schema: { columns: new Array(500).fill({ name: '', type: 'nope' }) }, terms: { usage: { unit: 'bytes', perRight: -1 } } }),
  () => JSON.stringify({ records: new Array(2000).fill({ a: 1 }), nonce: 7, use: 'all', sha256: 'zz' }),
  () => JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: { x: 1 } }, toString: 1 }),
];
/** SIGNED: a stranger's valid signature over the request as sent. */
const SIGNED = 'SIGNED';
const AUTH = ['', SIGNED, SIGNED, `Authorization: Bearer ${TOKEN}\r\n`, 'Authorization: Bearer wrong\r\n', 'Authorization: Basic Zm9vOmJhcg==\r\n', 'x-patx-address: 0x12\r\nx-patx-time: abc\r\nx-patx-signature: 0x\r\n'];

interface RawReply {
  status: number;
  headers: string;
  body: string;
}

/** One HTTP/1.1 request over a fresh TCP connection, written byte for byte. */
function raw(method: string, target: string, headers: string, body: string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(service.gateway.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${method} ${target.slice(0, 100)}`)));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, headers: head, body: rest.join('\r\n\r\n') });
    });
    const bytes = Buffer.from(body, 'utf8');
    // write, not end: uWS takes a half-closed socket for a gone client and drops the answer of a route that answers later (a signed one).
    socket.write(`${method} ${target} HTTP/1.1\r\nHost: ${hostHeader()}\r\nConnection: close\r\n${headers}content-type: application/json\r\ncontent-length: ${bytes.length}\r\n\r\n${body}`);
  });
}

/** The Host `raw` sends: this gateway's (a signed request names the exchange it is for: WRONG_HOST otherwise). */
const hostHeader = (): string => `127.0.0.1:${service.gateway.port}`;

/** The next stranger's x-patx-* headers over the request as `raw` sends it (Host `hostHeader`). */
async function signedHeaders(method: string, target: string, body: string): Promise<string> {
  const h = await signRequestHeaders(strangers[signedCount++ % strangers.length]!, { method, host: hostHeader(), pathAndQuery: target, chainId, bodyText: body });
  return Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('');
}

describe('HTTP fuzz', () => {
  it(`${CASES} malformed requests over every route: no 5xx, one error shape, the service still answers (seed ${SEED})`, async () => {
    const r = generator(SEED);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    for (let i = 0; i < CASES; i++) {
      // Half the cases a documented operation as routed, so the bodies reach the handlers; the rest any method on a mutated path.
      const op = r() < 0.5 ? pick(OPERATIONS) : { method: pick(METHODS), route: pick(PATH_MUTATIONS)(pick(ROUTES), r) };
      const method = op.method;
      const target = op.route + pick(QUERIES);
      const auth = pick(AUTH);
      const body = method === 'GET' || method === 'HEAD' ? '' : pick(BODIES)();
      const what = `case ${i} (seed ${SEED}): ${method} ${target.slice(0, 120)} ${auth.split(':')[0]} body ${body.slice(0, 40)}`;
      const headers = auth === SIGNED ? await signedHeaders(method, target, body) : auth;
      const reply = await raw(method, target, headers, body);
      // Every request gets an answer (a silent close was the half-closed socket's, above); uWS itself may refuse what is not HTTP (a 400 or 431 without our body).
      expect(reply.status, what).not.toBe(0);
      if (reply.status >= 400 && !reply.headers.includes('application/json')) {
        expect(reply.status < 500, what).toBe(true);
        continue;
      }
      // A HEAD answer carries no body: its 503 is judged by the GET's.
      const said = method === 'HEAD' && reply.status === 503 ? await raw('GET', target, auth === SIGNED ? await signedHeaders('GET', target, '') : auth, '') : reply;
      // A part this exchange does not run (the registry's test allows a 5xx only for those): settlement, the statement.
      const settlementOff = reply.status === 503 && (said.body.includes('"SETTLEMENT_UNAVAILABLE"') || said.body.includes('"STATEMENT_UNAVAILABLE"'));
      const notReady = reply.status === 503 && target.startsWith('/readyz');
      expect(reply.status < 500 || settlementOff || notReady, `${what} -> ${reply.status} ${reply.body.slice(0, 200)}`).toBe(true);
      if (reply.status >= 400 && method !== 'HEAD' && !notReady && target.startsWith('/mcp') && reply.body.startsWith('{"jsonrpc"')) {
        // The MCP endpoint's own refusals are JSON-RPC's, whose errors have their own shape (docs/mcp.md); the gateway's, ours.
        expect(JSON.parse(reply.body), `${what} -> ${reply.body.slice(0, 200)}`).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number), message: expect.any(String) } });
      } else if (reply.status >= 400 && method !== 'HEAD' && !notReady) {
        const parsed = JSON.parse(reply.body) as { error?: unknown; message?: unknown };
        expect(typeof parsed.error, `${what} -> ${reply.body.slice(0, 200)}`).toBe('string');
        expect(parsed.error as string, what).toMatch(/^[A-Z][A-Z_]+$/);
        expect(typeof parsed.message, what).toBe('string');
      }
    }
    expect((await fetch(`http://127.0.0.1:${service.gateway.port}/healthz`)).status).toBe(200);
    expect(service.sequencer.stopped).toBe(false);
  });

  it('a string that is not text (a lone \\uD800) in every field of every documented body is refused 400 and stops nothing; the organisation name of the finding is INVALID_TEXT', async () => {
    const resolved = (schema: JsonSchema | undefined): JsonSchema | undefined =>
      schema?.$ref === undefined ? schema : doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
    /** The body's JSON text with every string it declares (nested objects' and arrays' too) a lone surrogate escape, numbers 1. */
    const unpaired = (schema: JsonSchema | undefined, depth = 0): string => {
      const s = resolved(schema);
      const type = Array.isArray(s?.type) ? s.type[0] : s?.type;
      if (depth > 4 || s === undefined) return '"\\ud800"';
      if (s.properties !== undefined) return `{${Object.entries(s.properties).map(([k, v]) => `${JSON.stringify(k)}:${unpaired(v, depth + 1)}`).join(',')}}`;
      if (type === 'array') return `[${unpaired(s.items, depth + 1)}]`;
      if (type === 'number' || type === 'integer') return '1';
      if (type === 'boolean') return 'true';
      return '"x\\udc00"';
    };
    let sent = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content['application/json']?.schema;
        if (schema === undefined) continue;
        const method = m.toUpperCase();
        const target = template.replace(/\{[^}]+\}/g, '1');
        const body = unpaired(schema);
        if (!body.includes('\\u')) continue; // a body that declares no string (POST /operator/fees/sweep's amount) has none to break
        for (const auth of [await signedHeaders(method, target, body), `Authorization: Bearer ${TOKEN}\r\n`]) {
          const reply = await raw(method, target, auth, body);
          sent++;
          expect(reply.status, `${method} ${target} ${body.slice(0, 120)} -> ${reply.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(reply.status, `${method} ${target} -> ${reply.body.slice(0, 200)}`).toBeLessThan(500);
        }
      }
    }
    expect(sent).toBeGreaterThan(40);
    const name = (text: string): Promise<RawReply> => signedHeaders('POST', '/v1/organisations', text).then((h) => raw('POST', '/v1/organisations', h, text));
    const lone = await name('{"name":"\\ud800"}');
    expect(lone.status).toBe(400);
    expect(JSON.parse(lone.body)).toMatchObject({ error: 'INVALID_TEXT' });
    // Direction controls reorder what an invitee reads ("Acme\u202Egnp.exe" shows as "Acmeexe.png").
    const reordered = await name('{"name":"Acme\\u202Egnp.exe"}');
    expect(reordered.status).toBe(400);
    expect(reordered.body).toContain('direction controls');
    // As do zero-width characters: "Acme\u200BAnalytics" reads as "AcmeAnalytics" (an outside review).
    const hidden = await name('{"name":"Acme\\u200BAnalytics"}');
    expect(hidden.status).toBe(400);
    expect(hidden.body).toContain('zero-width');
    // A surrogate pair is one character, and text.
    const paired = await name('{"name":"Acme \\ud83d\\ude00"}');
    expect(paired.status, paired.body).toBe(201);
    // A second organisation of the same name as read (case, spacing, compatibility forms aside) is refused, naming the first.
    const twin = await name('{"name":"ACME  \\ud83d\\ude00"}');
    expect([twin.status, JSON.parse(twin.body).error]).toEqual([409, 'ORGANISATION_NAME_TAKEN']);
    // Two at once of one name as read, from two wallets: one is made, the other refused (both were made when each was checked
    // before the other was journaled).
    const founder = async (text: string): Promise<RawReply> => {
      const wallet = Wallet.createRandom();
      await openAccount(service, Role.CONSUMER, wallet.address.toLowerCase());
      const h = await signRequestHeaders(wallet, { method: 'POST', host: hostHeader(), pathAndQuery: '/v1/organisations', chainId, bodyText: text });
      return raw('POST', '/v1/organisations', Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join(''), text);
    };
    for (let k = 0; k < 5; k++) {
      const pair = await Promise.all([founder(`{"name":"Twin ${k}"}`), founder(`{"name":"twin  ${k}"}`)]);
      const outcomes = pair.map((p) => (p.status === 201 ? 'made' : JSON.parse(p.body).error)).sort();
      expect(outcomes, `pair ${k}: ${pair.map((p) => p.body.slice(0, 120)).join(' | ')}`).toEqual(['ORGANISATION_NAME_TAKEN', 'made']);
    }
    expect((await fetch(`http://127.0.0.1:${service.gateway.port}/healthz`)).status).toBe(200);
    expect(service.sequencer.stopped).toBe(false);
  });

  it('a well-formed id of 16 digits that names nothing is 404 UNKNOWN_SERIES on the option and synthetic routes, as a shorter one is (it was NOT_FOUND "no route")', async () => {
    for (const route of ['/v1/options', '/v1/synthetics']) {
      for (const id of ['999999999999999', '1000000000000000']) {
        const reply = await raw('GET', `${route}/${id}`, '', '');
        expect(reply.status, `${route}/${id}`).toBe(404);
        expect(JSON.parse(reply.body), `${route}/${id}`).toMatchObject({ error: 'UNKNOWN_SERIES' });
      }
    }
  });

  it('bad percent-encoding in an operator path is 400 MALFORMED_PATH', async () => {
    const reply = await raw('GET', '/operator/params/%E0%A4%A', `Authorization: Bearer ${TOKEN}\r\n`, '');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({ error: 'MALFORMED_PATH', message: 'the path has malformed percent-encoding' });
  });
});

describe('once the engine has stopped', () => {
  it('a wallet-signed route answers 503 SERVICE_UNAVAILABLE (its account is looked up through the stopped sequencer), not 500', async () => {
    service.sequencer.halt(new Error('stopped by the test'));
    for (const target of ['/v1/organisations/invitations', '/v1/account']) {
      const reply = await raw('GET', target, await signedHeaders('GET', target, ''), '');
      expect(reply.status, `${target} -> ${reply.body}`).toBe(503);
      expect(JSON.parse(reply.body), target).toMatchObject({ error: 'SERVICE_UNAVAILABLE' });
    }
  });
});
