/**
 * HTTP on the gateway's port: health, Prometheus metrics that count what
 * happened, the series list, the account view for a wallet-signed request or
 * the operator, and mounted routes with operator auth and JSON bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { wire } from '../../src/client/index.js';
import { signRequestHeaders, type MountedRoute } from '../../src/gateway/index.js';
import type { Operation } from '../../src/http-registry/index.js';
import { NO_TOKEN_HINT, runOperatorCli } from '../../src/operator/index.js';
import { until } from '../support/exchange-fixture.js';
import { OPERATOR_TOKEN, PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(async () => {
  await fx.stop();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(`${fx.httpUrl}${path}`, { headers });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

async function signedHeaders(i: number, pathAndQuery: string, timeMs = Date.now()): Promise<Record<string, string>> {
  return signRequestHeaders(testWallet(i), { method: 'GET', host: new URL(fx.httpUrl).host, pathAndQuery, chainId: 31_337, timeMs });
}

describe('HTTP', () => {
  it("reports the engine's seq from the start, before any turn of its own (a restart's recovered state)", async () => {
    const seq = Number(/^patx_engine_seq (\d+)$/m.exec((await get('/metrics')).text)?.[1]);
    expect(seq).toBeGreaterThan(0);
    expect(seq).toBe(fx.service.engine.lastSeq);
  });

  it('reports health and the series list', async () => {
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    const list = await get('/v1/series');
    const series = (list.body as { series: Array<{ seriesId: number; contract: string }> }).series;
    expect(series.map((s) => s.seriesId)).toContain(fx.seriesId);
    const one = await get(`/v1/series/${fx.seriesId}`);
    expect(one.body).toMatchObject({ seriesId: fx.seriesId, book: { bids: [], asks: [] } });
    expect((await get('/v1/series/99999')).status).toBe(404);
    expect((await get('/v1/series/abc')).status).toBe(400);
    expect((await get('/nothing/here')).status).toBe(404);
  });

  it('counts orders, fills, rejects by reason, sessions and subscribers in /metrics', async () => {
    await fx.stockBroker(100, 1_900_000);
    await fx.quote(undefined, { priceMicros: 2 * PAT_MICROS, qty: 100 });
    const c = await fx.connect(testWallet(1));
    await fx.fund(c.accountId, 1_000);
    await c.newOrder({ seriesId: fx.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 2 * PAT_MICROS, qty: 2 });
    await c.newOrder({ seriesId: fx.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 2 * PAT_MICROS, qty: 2 });
    const md = await fx.market();
    await md.subscribe(fx.seriesId);
    // /metrics is rendered at most once a second: a scrape within a second of the last may show what was then.
    let text = '';
    const value = (name: string): number => Number(new RegExp(`^${name.replace(/[{}"]/g, (m) => `\\${m}`)} (\\S+)$`, 'm').exec(text)?.[1]);
    // Every 250 ms: a scrape counts 10 of the address's 50 requests a second, so polling faster would drain the
    // bucket on a slow host and the next tests' requests would be refused RATE_LIMITED (CI, 2026-12-02).
    await until(async () => {
      text = (await get('/metrics')).text;
      return value('patx_orders_received_total') === 2 && value('patx_market_data_connections') === 1;
    }, 'a rendering after the orders and the subscription', 30_000, 250);
    expect(value('patx_orders_received_total')).toBe(2);
    expect(value('patx_orders_accepted_total')).toBeGreaterThanOrEqual(1);
    expect(value('patx_fills_total')).toBeGreaterThanOrEqual(2);
    expect(value('patx_rejects_total{reason="DUPLICATE_CLIENT_ORDER_ID"}')).toBe(1);
    expect(value('patx_sessions')).toBe(1);
    expect(value('patx_subscriptions')).toBe(5);
    expect(value('patx_market_data_connections')).toBe(1);
    expect(value('patx_journal_commit_seconds_count')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE patx_order_ack_seconds histogram');
    await c.close();
    await md.close();
  });

  it("renders /metrics at most once a second, however many ask (an attacker's review: 4–8 ms of the engine's thread each), and counts ten of the address's requests", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const first = await get('/metrics');
    const burst = await Promise.all(Array.from({ length: 5 }, () => get('/metrics')));
    // patx_http_signed_nonces and the process's figures change between renderings; within the second every answer is the same text.
    for (const r of burst) expect(r.text).toBe(first.text);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await get('/metrics')).text).not.toBe(first.text);
    const openapi = (await get('/openapi.json')).body as { paths: Record<string, { get: { responses: Record<string, { description: string }> } }> };
    expect(openapi.paths['/metrics']!.get.responses['429']!.description).toContain('this call counts as 10 requests');
  });

  it('shows an account to its wallet (signed request) or the operator, and to no one else', async () => {
    const c = await fx.connect(testWallet(2));
    await fx.fund(c.accountId, 12);
    const mine = await get('/v1/account', await signedHeaders(2, '/v1/account'));
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ accountId: c.accountId, availableWei: (12n * 10n ** 18n).toString(), available: '12' });
    // Signed for another path, stale, by another key, or not at all: refused.
    expect((await get('/v1/account', await signedHeaders(2, '/v1/series'))).status).toBe(401);
    expect((await get('/v1/account', await signedHeaders(2, '/v1/account', Date.now() - 120_000))).status).toBe(401);
    const forged = { ...(await signedHeaders(3, '/v1/account')), 'x-patx-address': testWallet(2).address };
    expect((await get('/v1/account', forged)).status).toBe(401);
    expect((await get('/v1/account')).status).toBe(401);
    // A wallet with no account yet.
    expect((await get('/v1/account', await signedHeaders(4, '/v1/account'))).status).toBe(404);
    // The operator names the account.
    const byOperator = await get(`/v1/account?account=${c.accountId}`, { authorization: `Bearer ${OPERATOR_TOKEN}` });
    expect(byOperator.body).toMatchObject({ accountId: c.accountId });
    expect((await get(`/v1/account?account=${c.accountId}`, { authorization: 'Bearer wrong' })).status).toBe(401);
    // A wallet naming another account is told ?account= is the operator's (it was answered with its own, as if the other's).
    const named = await get('/v1/account?account=1', await signedHeaders(2, '/v1/account?account=1'));
    expect([named.status, (named.body as { error?: string }).error]).toEqual([403, 'OPERATOR_ONLY']);
    await c.close();
  });
});

describe('operator API over HTTP', () => {
  it('changes a parameter behind the operator token (also through the CLI) and shows it in /operator/metrics', async () => {
    const url = `${fx.httpUrl}/operator`;
    const put = await fetch(`${url}/params/risk.maxOrderQty`, { method: 'PUT', headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ value: 40 }) });
    expect(put.status).toBe(200);
    expect(fx.service.engine.risk.maxOrderQty).toBe(40);
    expect((await fetch(`${url}/params/risk.maxOrderQty`, { method: 'PUT', body: JSON.stringify({ value: 1 }) })).status).toBe(401);
    const bad = await fetch(`${url}/params/risk.maxOrderQty`, { method: 'PUT', headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ value: -1 }) });
    expect(bad.status).toBe(400);
    // A body sent as text (fetch's default for a string) is refused for its type, nothing changed.
    const asText = await fetch(`${url}/params/risk.maxOrderQty`, { method: 'PUT', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` }, body: JSON.stringify({ value: 41 }) });
    expect([asText.status, ((await asText.json()) as { error: string }).error]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(fx.service.engine.risk.maxOrderQty).toBe(40);
    const lines: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.join(' '));
    try {
      expect(await runOperatorCli(['params', 'set', 'risk.maxOrderQty', '45'], { url, token: OPERATOR_TOKEN })).toBe(0);
    } finally {
      console.log = log;
    }
    expect(fx.service.engine.risk.maxOrderQty).toBe(45);
    // The series' view says the limit the exchange takes orders within: the lower of the series' own and this one.
    const seriesId = fx.service.engine.series.findIndex((s) => s !== undefined);
    expect(fx.service.engine.series[seriesId]!.spec.maxOrderQty).toBeGreaterThan(45);
    expect(JSON.parse((await get(`/v1/series/${seriesId}`)).text)).toMatchObject({ maxOrderQty: 45 });
    // The risk limits are the operator's: on /operator/metrics behind the token, not on the public /metrics.
    const operatorMetrics = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(await operatorMetrics.text()).toContain('patx_param{name="risk.maxOrderQty"} 45');
    expect((await get('/metrics')).text).not.toContain('patx_param');
    // Without a token (run from a directory with no ./data/operator-token): refused, and told why and where the CLI looks.
    const errors: string[] = [];
    expect(await runOperatorCli(['params', 'set', 'risk.maxOrderQty', '46'], { url, token: undefined, json: false, err: (line) => errors.push(line) })).toBe(1);
    expect(errors).toEqual(['refused (HTTP 401): AUTH_FAILED: this route needs Authorization: Bearer <operator token>; none was given', NO_TOKEN_HINT]);
    const wrong: string[] = [];
    expect(await runOperatorCli(['params', 'set', 'risk.maxOrderQty', '46'], { url, token: 'wrong', json: false, err: (line) => wrong.push(line) })).toBe(1);
    expect(wrong).toEqual(['refused (HTTP 401): AUTH_FAILED: this route needs Authorization: Bearer <operator token>; the one given is unknown or revoked']);
    expect(fx.service.engine.risk.maxOrderQty).toBe(45);
    // --json (the CLI's default here): each refusal one {"error", "message"} line (docs/cli.md), the service's own or UNREACHABLE.
    const json: string[] = [];
    expect(await runOperatorCli(['params', 'set', 'risk.maxOrderQty', '46'], { url, token: 'wrong', err: (line) => json.push(line) })).toBe(1);
    expect(JSON.parse(json[0]!)).toMatchObject({ status: 401, error: 'AUTH_FAILED', message: expect.stringContaining('unknown or revoked') });
    const unreachable: string[] = [];
    expect(await runOperatorCli(['series'], { url: 'http://127.0.0.1:9/operator', token: OPERATOR_TOKEN, err: (line) => unreachable.push(line) })).toBe(1);
    expect(JSON.parse(unreachable[0]!)).toMatchObject({ error: 'UNREACHABLE', message: expect.stringContaining('cannot reach the operator API') });
  });
});

describe('mounted routes', () => {
  it('pass method, path, query and JSON body to the handler, behind the operator credential', async () => {
    const calls: Array<{ method: string; path: string; body: unknown; q: string | null }> = [];
    const row = (method: 'GET' | 'POST', path: string, operationId: string): Operation => ({ method, path, operationId, summary: operationId, tags: ['operator'], security: 'operator', query: z.object({ x: z.string().optional() }), responses: { 200: { description: 'ok' } } });
    const route: MountedRoute = {
      operations: [row('GET', '/statements/params', 'getStatementParams'), row('POST', '/statements/params', 'postStatementParams'), row('GET', '/statements/fail', 'getStatementFail')],
      handle: async (req) => {
        calls.push({ method: req.method, path: req.path, body: req.body, q: req.query.get('x') });
        if (req.path === '/statements/fail') throw new Error('boom');
        return { status: 200, body: { ok: true } };
      },
    };
    const withRoutes = await startGatewayFixture({}, {}, [route]);
    try {
      const base = withRoutes.httpUrl;
      const auth = { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' };
      const post = await fetch(`${base}/statements/params?x=1`, { method: 'POST', headers: auth, body: JSON.stringify({ gamma: 0.1 }) });
      expect(post.status).toBe(200);
      expect(await post.json()).toEqual({ ok: true });
      expect(calls[0]).toEqual({ method: 'POST', path: '/statements/params', body: { gamma: 0.1 }, q: '1' });
      // A field the row does not take is refused, on an operator's route as on a public one, and never reaches the handler.
      const misspelt = await fetch(`${base}/statements/params?y=1`, { method: 'POST', headers: auth, body: JSON.stringify({ gamma: 0.1 }) });
      expect(misspelt.status).toBe(400);
      expect(((await misspelt.json()) as { details: { issues: Array<{ code: string }> } }).details.issues[0]!.code).toBe('unrecognized_keys');
      expect((await fetch(`${base}/statements/params`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).status).toBe(200);
      expect((await fetch(`${base}/statements/params`)).status).toBe(401);
      expect((await fetch(`${base}/statements/params`, { method: 'POST', headers: auth, body: '{not json' })).status).toBe(400);
      expect((await fetch(`${base}/statements/params`, { method: 'POST', headers: auth, body: 'x'.repeat(70 * 1024) })).status).toBe(413);
      expect((await fetch(`${base}/statements/fail`, { headers: auth })).status).toBe(500);
      expect(calls).toHaveLength(3);
    } finally {
      await withRoutes.stop();
    }
  });
});
