/**
 * The HTTP route registry against a real service on loopback: every operation /openapi.json
 * names is served (its handler answers, not the dispatcher's 404 or 405), every method it does
 * not name on a documented path is 405 with `Allow`, and a path it does not name is 404; HEAD,
 * OPTIONS and CORS on public reads, compression of large JSON, /v1/series filters and paging,
 * malformed ids 400 and unknown ones 404, and the reference page at /docs.
 */
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, Role, SeriesKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { signRequestHeaders } from '../../src/gateway/index.js';
import { chooseEncoding } from '../../src/gateway/http-reply.js';
import { field, RouteTable, type Operation } from '../../src/http-registry/index.js';
import { z } from 'zod';
import { OPERATOR_TOKEN, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
let doc: { paths: Record<string, Record<string, { operationId: string; security: Array<Record<string, unknown>>; parameters?: Array<{ name: string; in: string }> }>> };

beforeAll(async () => {
  // Hundreds of requests from one address: a rate limit that does not get in the way.
  fx = await startGatewayFixture({ httpRateLimitPerAddress: { burst: 100_000, perSecond: 100_000 }, httpRateLimitPerAccount: { burst: 100_000, perSecond: 100_000 } });
  // Wallet 1 has an account (opened as a login would): its signed requests reach the handlers.
  await fx.submitOk({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: testWallet(1).address.toLowerCase() });
  doc = (await (await fetch(`${fx.httpUrl}/openapi.json`)).json()) as typeof doc;
});
afterAll(async () => {
  await fx.stop();
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request as written (node:http: no automatic decompression, HEAD and OPTIONS as they are). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const url = new URL(fx.httpUrl);
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function json(r: Raw): { error?: string; [k: string]: unknown } {
  return JSON.parse(r.body.toString('utf8')) as { error?: string };
}

/** A request path for a template: ids 1, a parameter's name a real one. */
function concrete(template: string): string {
  return template.replace('{name}', 'risk.maxOrderQty').replace(/\{[A-Za-z]+\}/g, '1');
}

async function credentials(method: string, path: string, security: Array<Record<string, unknown>>, body: string | undefined): Promise<Record<string, string>> {
  if (security.length === 0) return {};
  if ('operatorToken' in security[0]! && security.length === 1) return { authorization: `Bearer ${OPERATOR_TOKEN}` };
  return signRequestHeaders(testWallet(1), { method, host: new URL(fx.httpUrl).host, pathAndQuery: path, chainId: 31_337, ...(body === undefined ? {} : { bodyText: body }) });
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

describe('every route is documented, and every documented route is served', () => {
  it('each operation in /openapi.json reaches its handler; other methods on its path are 405 with Allow', async () => {
    const operations = Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).map(([m, op]) => ({ path: p, method: m.toUpperCase(), op })));
    expect(operations.length).toBeGreaterThan(70);
    for (const { path, method, op } of operations) {
      const target = concrete(path);
      const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
      const r = await raw(method, target, await credentials(method, target, op.security, body), body);
      const what = `${method} ${target} (${op.operationId}) -> ${r.status} ${r.body.toString('utf8').slice(0, 200)}`;
      // The dispatcher's refusals: NOT_FOUND (no row), METHOD_NOT_ALLOWED (another method). A handler's 404 names what is unknown.
      expect(r.status === 404 && json(r).error === 'NOT_FOUND', what).toBe(false);
      expect(r.status, what).not.toBe(405);
      expect(r.status === 401 && op.security.length > 0, `${what}: the credential was refused`).toBe(false);
      // A 5xx only for what is unavailable here, and a readiness probe's own 503 (a component degraded: a busy machine's quoter or market data).
      const notReady = op.operationId === 'getReadiness' && r.status === 503 && json(r).status !== undefined;
      expect(r.status, what).toBeLessThan(500 + (r.body.includes('UNAVAILABLE') || notReady ? 100 : 0));
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      const documented = Object.keys(item).map((m) => m.toUpperCase());
      const allow = [...(documented.includes('GET') ? ['GET', 'HEAD'] : []), ...ALL_METHODS.filter((m) => m !== 'GET' && documented.includes(m)), 'OPTIONS'];
      for (const method of ALL_METHODS.filter((m) => !documented.includes(m))) {
        const r = await raw(method, concrete(path), { authorization: `Bearer ${OPERATOR_TOKEN}` });
        expect([r.status, json(r).error], `${method} ${path}`).toEqual([405, 'METHOD_NOT_ALLOWED']);
        expect(String(r.headers.allow).split(', ').sort(), `${method} ${path}`).toEqual([...allow].sort());
      }
    }
  });

  it('a path the document does not name is 404 NOT_FOUND, whatever the method', async () => {
    for (const path of ['/v1/listings/1/nothing', '/operator/nothing', '/operator/listings/1/nothing', '/v1/grants', '/v1/series/1/book', '/settlement/nothing', '/v1', '/nothing']) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const r = await raw(method, path, { authorization: `Bearer ${OPERATOR_TOKEN}` });
        expect([r.status, json(r).error], `${method} ${path}`).toEqual([404, 'NOT_FOUND']);
      }
    }
  });

  it('every answer says nosniff: JSON that echoes what a client sent is never read as another type', async () => {
    for (const [method, path] of [['GET', '/v1/series'], ['GET', '/v1/listings?q=%3Cscript%3E'], ['GET', '/nothing'], ['POST', '/v1/orders'], ['GET', '/openapi.json']]) {
      const r = await raw(method!, path!);
      expect(r.headers['x-content-type-options'], `${method} ${path}: ${r.status}`).toBe('nosniff');
    }
  });

  it('every operation has a unique operationId, a summary, tags, security and an error response', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const o = op as unknown as { operationId: string; summary: string; tags: string[]; security: unknown; responses: Record<string, unknown> };
        expect(ids.has(o.operationId), `${method} ${path}`).toBe(false);
        ids.add(o.operationId);
        expect(o.summary.length, o.operationId).toBeGreaterThan(5);
        expect(o.tags.length, o.operationId).toBeGreaterThan(0);
        expect(Array.isArray(o.security), o.operationId).toBe(true);
        expect(Object.keys(o.responses).some((s) => s.startsWith('4')), o.operationId).toBe(true);
      }
    }
    const schemes = (doc as unknown as { components: { securitySchemes: Record<string, unknown> } }).components.securitySchemes;
    expect(Object.keys(schemes)).toEqual(expect.arrayContaining(['operatorToken', 'walletAddress', 'walletSignature']));
    // Wallet-signed and operator routes say so.
    expect(doc.paths['/v1/purchases']!.get!.security).toEqual([expect.objectContaining({ walletAddress: [], walletSignature: [] })]);
    expect(doc.paths['/operator/kill']!.post!.security).toEqual([{ operatorToken: [] }]);
    expect(doc.paths['/v1/series']!.get!.security).toEqual([]);
  });
});

describe('HTTP habits', () => {
  it('405 with Allow where a path is served with another method (DELETE /v1/series, DELETE /v1/trades)', async () => {
    for (const path of ['/v1/series', '/v1/trades?seriesId=1']) {
      const r = await raw('DELETE', path);
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD, OPTIONS');
      expect(json(r)).toMatchObject({ error: 'METHOD_NOT_ALLOWED' });
    }
  });

  it('HEAD is the GET without its body', async () => {
    const get = await raw('GET', '/v1/series');
    const head = await raw('HEAD', '/v1/series');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-type']).toBe('application/json');
    expect(Number(head.headers['content-length'])).toBe(get.body.length);
    expect((await raw('HEAD', `/v1/trades?seriesId=${fx.seriesId}`)).status).toBe(200);
    expect((await raw('HEAD', '/v1/series/99999')).status).toBe(404);
    expect((await raw('HEAD', '/nothing')).status).toBe(404);
  });

  it('HEAD answers exactly the headers GET sends for the same Accept-Encoding (Content-Encoding, and the length of the bytes GET sends)', async () => {
    // /openapi.json and /docs: kept compressed forms; /v1/series: compressed per request when over 1 KiB; /v1/endpoints: small.
    const paths = ['/openapi.json', '/docs', '/v1/series', '/v1/endpoints'];
    expect((await raw('GET', '/v1/series')).body.length, 'a /v1/series over 1 KiB, compressed per request').toBeGreaterThanOrEqual(1024);
    for (const path of paths) {
      for (const acceptEncoding of ['', 'gzip', 'br', 'gzip, deflate, br', 'br;q=0, gzip;q=0']) {
        const ask: Record<string, string> = acceptEncoding === '' ? {} : { 'accept-encoding': acceptEncoding };
        // HEAD first, then GET: HEAD must not lean on a compressed form a GET left behind.
        const head = await raw('HEAD', path, ask);
        const get = await raw('GET', path, ask);
        const what = `${path} with Accept-Encoding "${acceptEncoding}"`;
        expect(head.status, what).toBe(get.status);
        expect(head.body.length, what).toBe(0);
        expect(Number(head.headers['content-length']), what).toBe(get.body.length);
        const { date: _headDate, ...headHeaders } = head.headers;
        const { date: _getDate, ...getHeaders } = get.headers;
        expect(headHeaders, what).toEqual(getHeaders);
      }
    }
    // The case the issue named: br asked, br announced, and the compressed length.
    const head = await raw('HEAD', '/openapi.json', { 'accept-encoding': 'br' });
    const plain = await raw('GET', '/openapi.json');
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBeLessThan(plain.body.length / 3);
  });

  it('CORS on public reads and their preflight; none on wallet-signed or operator routes', async () => {
    const origin = { origin: 'https://elsewhere.example' };
    expect((await raw('GET', '/v1/series', origin)).headers['access-control-allow-origin']).toBe('*');
    expect((await raw('GET', `/v1/candles?seriesId=${fx.seriesId}&interval=1m`, origin)).headers['access-control-allow-origin']).toBe('*');
    const preflight = await raw('OPTIONS', '/v1/series', { ...origin, 'access-control-request-method': 'GET' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
    for (const path of ['/v1/account', '/v1/purchases', '/operator/params']) {
      const r = await raw('GET', path, origin);
      expect(r.headers['access-control-allow-origin'], path).toBeUndefined();
      const pre = await raw('OPTIONS', path, { ...origin, 'access-control-request-method': 'GET' });
      expect(pre.status, path).toBe(204);
      expect(pre.headers['access-control-allow-origin'], path).toBeUndefined();
      expect(pre.headers.allow, path).toContain('GET');
    }
  });

  it('compresses JSON over 1 KiB (br, else gzip) when Accept-Encoding allows, with Vary; never small bodies', async () => {
    const plain = await raw('GET', '/openapi.json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const br = await raw('GET', '/openapi.json', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    // Asked again: the kept compressed form, the same bytes (the document is compressed once, not per request).
    const again = await raw('GET', '/openapi.json', { 'accept-encoding': 'br' });
    expect(again.headers['content-encoding']).toBe('br');
    expect(again.body.equals(br.body)).toBe(true);
    const gz = await raw('GET', '/openapi.json', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect((await raw('GET', '/openapi.json', { 'accept-encoding': 'br;q=0, gzip;q=0' })).headers['content-encoding']).toBeUndefined();
    const small = await raw('GET', '/v1/endpoints', { 'accept-encoding': 'br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers.vary).toBeUndefined();
  });

  it('reads Accept-Encoding as RFC 9110 does', () => {
    expect(chooseEncoding('')).toBeUndefined();
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('gzip, br')).toBe('br');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.9')).toBe('gzip');
    expect(chooseEncoding('BR;Q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0')).toBeUndefined();
  });
});

describe('/v1/series: filters and paging', () => {
  type Page = { series: Array<{ seriesId: number; contract: string; kind: string; status: string }>; total: number; offset: number; next: number | null };
  const page = async (query: string): Promise<Page> => json(await raw('GET', `/v1/series${query}`)) as unknown as Page;

  it('without a limit, every live series (a page holds 1,000); with one, pages that add up to it', async () => {
    const all = await page('');
    expect(all.series.length).toBe(all.total);
    expect(all.total).toBeGreaterThan(2);
    expect(all.next).toBeNull();
    const seen: number[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const p: Page = await page(`?limit=2&offset=${offset}`);
      expect(p.series.length).toBeLessThanOrEqual(2);
      expect(p.total).toBe(all.total);
      seen.push(...p.series.map((s) => s.seriesId));
      offset = p.next;
    }
    expect(seen).toEqual(all.series.map((s) => s.seriesId));
  });

  it('filters by contract, segment, window, kind and status; a listing that is not published matches nothing', async () => {
    const all = await page('');
    const first = all.series[0]!;
    const [segment, window] = first.contract.split('|');
    const byContract = await page(`?contract=${encodeURIComponent(first.contract)}`);
    expect(byContract.series.length).toBeGreaterThan(0);
    expect(byContract.series.every((s) => s.contract === first.contract)).toBe(true);
    expect((await page(`?segment=${segment}`)).series.every((s) => s.contract.startsWith(`${segment}|`))).toBe(true);
    expect((await page(`?window=${window}`)).series.every((s) => s.contract.split('|')[1] === window)).toBe(true);
    const spot = await page('?kind=SPOT');
    expect(spot.series.length).toBe(all.series.filter((s) => s.kind === 'SPOT').length);
    expect((await page('?kind=SPOT,FORWARD')).total).toBe(all.series.filter((s) => s.kind === 'SPOT' || s.kind === 'FORWARD').length);
    expect((await page('?status=TRADING')).total).toBe(all.series.filter((s) => s.status === 'TRADING').length);
    expect((await page('?listing=99999')).total).toBe(0);
    expect((await page('?segment=NO_SUCH_SEGMENT')).total).toBe(0);
  });

  it('refuses a malformed filter or page, naming the field', async () => {
    for (const q of ['?kind=spot', '?kind=SPOT,', '?status=EXPIRED', '?limit=0', '?limit=1001', '?offset=-1', '?listing=abc', '?window=7days', '?segment=lower']) {
      const r = await raw('GET', `/v1/series${q}`);
      expect([r.status, json(r).error], q).toEqual([400, 'INVALID_FIELD']);
      expect(json(r).details, q).toMatchObject({ in: 'query' });
    }
  });

  it('refuses a query field a public route does not take, naming it and what the route takes (a misspelt filter answered as no filter)', async () => {
    const r = await raw('GET', '/v1/series?seris=5');
    expect([r.status, json(r).error]).toEqual([400, 'INVALID_FIELD']);
    expect(json(r).message).toMatch(/"seris" is not a field of this route \(it takes .*contract.*\)/);
    expect(json(r).details).toMatchObject({ in: 'query', issues: [{ code: 'unrecognized_keys', keys: ['seris'] }] });
    const none = await raw('GET', `/v1/series/${fx.seriesId}?verbose=1`);
    expect([none.status, json(none).message]).toEqual([400, 'query: "verbose" is not a field of this route (it takes no query fields)']);
    expect((await raw('GET', `/v1/trades?seriesId=${fx.seriesId}&limit=5`)).status).toBe(200);
  });

  it('refuses a query field given twice, naming it (only its first value was read: two series asked, one answered)', async () => {
    const r = await raw('GET', `/v1/trades?seriesId=${fx.seriesId}&seriesId=${fx.seriesId + 1}`);
    expect([r.status, json(r).error, json(r).message]).toEqual([400, 'INVALID_FIELD', 'query: "seriesId" is given 2 times; each field at most once']);
    expect(json(r).details).toMatchObject({ in: 'query' });
    const limits = await raw('GET', `/v1/series?${Array.from({ length: 3_000 }, () => 'limit=5').join('&')}`);
    expect([limits.status, json(limits).message]).toEqual([400, 'query: "limit" is given 3000 times; each field at most once']);
  });
});

describe('one rule for 400 and 404: a malformed id is 400 INVALID_FIELD, a well-formed one that names nothing 404', () => {
  it('on the public, wallet and operator routes alike', async () => {
    const operator = { authorization: `Bearer ${OPERATOR_TOKEN}` };
    const cases: Array<[string, Record<string, string>, string]> = [
      ['/v1/series/{}', {}, 'UNKNOWN_SERIES'],
      ['/v1/series/{}/settlement', {}, 'UNKNOWN_SERIES'],
      ['/v1/listings/{}', {}, 'UNKNOWN_LISTING'],
      ['/v1/listings/{}/disclosures', {}, 'UNKNOWN_LISTING'],
      ['/operator/listings/{}', operator, 'UNKNOWN_LISTING'],
      ['/operator/providers/{}', operator, 'UNKNOWN_ACCOUNT'],
    ];
    for (const [template, headers, unknown] of cases) {
      for (const bad of ['abc', '0', '-1', '1.5', '01', '99999999999999999999']) {
        const r = await raw('GET', template.replace('{}', bad), headers);
        expect([r.status, json(r).error], `${template} ${bad}`).toEqual([400, 'INVALID_FIELD']);
        expect(json(r).details, template).toMatchObject({ in: 'path' });
      }
      const r = await raw('GET', template.replace('{}', '99999'), headers);
      expect([r.status, json(r).error], template).toEqual([404, unknown]);
    }
    // A wallet's route: the same, once signed.
    const signed = async (path: string): Promise<Raw> => raw('GET', path, await signRequestHeaders(testWallet(1), { method: 'GET', host: new URL(fx.httpUrl).host, pathAndQuery: path, chainId: 31_337 }));
    expect(json(await signed('/v1/provider/listings/abc')).error).toBe('INVALID_FIELD');
    expect((await signed('/v1/provider/listings/99999')).status).toBe(404);
  });
});

describe('/docs', () => {
  it('renders every operation from the document, with no script and nothing from elsewhere', async () => {
    const r = await raw('GET', '/docs');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    const html = r.body.toString('utf8');
    for (const item of Object.values(doc.paths)) for (const op of Object.values(item)) expect(html).toContain(`id="${op.operationId}"`);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!127\.0\.0\.1|patx\.invalid)/);
  });
});

describe('RouteTable', () => {
  const op = (method: Operation['method'], path: string, operationId: string, params?: Operation['params']): Operation => ({ method, path, operationId, summary: operationId, tags: ['health'], security: 'public', responses: { 200: { description: 'ok' } }, ...(params === undefined ? {} : { params }) });
  it('prefers a literal segment to a parameter, and refuses two rows for one method and path', () => {
    const t = new RouteTable<string>();
    const id = z.object({ id: field.id('an id') });
    t.add(op('GET', '/v1/grants/{id}/receipts', 'a', id), 'a');
    t.add(op('GET', '/v1/grants/mine/{id}', 'b', id), 'b');
    t.add(op('GET', '/v1/grants/mine', 'c'), 'c');
    expect(t.match('/v1/grants/mine/7')?.template).toBe('/v1/grants/mine/{id}');
    expect(t.match('/v1/grants/7/receipts')?.rawParams).toEqual({ id: '7' });
    expect(t.match('/v1/grants/mine/')?.template).toBe('/v1/grants/mine');
    expect(t.match('/v1/grants//receipts')).toBeUndefined();
    expect(() => t.add(op('GET', '/v1/grants/mine', 'd'), 'd')).toThrow(/two HTTP operations serve GET/);
    expect(() => t.add(op('POST', '/v1/grants/mine', 'c'), 'c')).toThrow(/two HTTP operations are named c/);
    expect(() => t.add(op('GET', '/v1/x/{id}', 'e'), 'e')).toThrow(/path parameters/);
  });
});

describe('/v1/series past a page', () => {
  it('answers at most 1,000 series without a limit, with `next` to the rest; pages add up to every live series', async () => {
    // An outside review (2026-12-04): every series listed was built and answered for each public request.
    const spec = fx.service.engine.series[fx.seriesId]!.spec;
    const windowMs = spec.closeAtMs - spec.openAtMs;
    // The fixture's contract in the windows after its own.
    await Promise.all(
      Array.from({ length: 1_001 }, (_, i) => fx.listSeries({ contract: spec.contract, kind: SeriesKind.SPOT, openAtMs: spec.openAtMs + (i + 1) * windowMs, closeAtMs: spec.closeAtMs + (i + 1) * windowMs, bandBps: spec.bandBps })),
    );
    type Page = { series: Array<{ seriesId: number }>; total: number; offset: number; next: number | null };
    const first = json(await raw('GET', '/v1/series')) as unknown as Page;
    expect(first.total).toBeGreaterThan(1_001);
    expect([first.series.length, first.next]).toEqual([1_000, 1_000]);
    const rest = json(await raw('GET', `/v1/series?offset=${first.next}`)) as unknown as Page;
    expect(rest.series.length).toBe(first.total - 1_000);
    expect(rest.next).toBeNull();
    expect(new Set([...first.series, ...rest.series].map((s) => s.seriesId)).size).toBe(first.total);
  });
});
