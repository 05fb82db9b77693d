/**
 * POST /mcp charges each read its tool makes to the caller's address (src/mcp/http-route.ts, HttpApi.publicGet's
 * `chargeTo`), as the same GET over HTTP would be: a tool call reads the exchange in-process up to ~80 times
 * (get_option_chain), and a flat weight per request either let a stranger read 80 times for one token or charged a
 * one-read tool for ten (an outside review, 2026-12-04). The real gateway on 127.0.0.1, raw HTTP, each case from an
 * address of its own (X-Forwarded-For from the trusted loopback proxy), so its bucket starts full.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;

beforeAll(async () => {
  // A burst of 3 that barely refills: a request weighs 2, each read 1.
  fx = await startGatewayFixture({ httpRateLimitPerAddress: { burst: 3, perSecond: 0.001 }, trustedProxies: ['127.0.0.1'] });
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

/** One tools/call from `via`, as docs/mcp.md's curl sends it. */
async function toolCall(via: string, name: string, args: Record<string, unknown>): Promise<{ status: number; body: { result?: { isError?: boolean; content: { text: string }[] }; error?: unknown } }> {
  const r = await fetch(`${fx.httpUrl}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-forwarded-for': via },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  return { status: r.status, body: (await r.json()) as never };
}

describe('POST /mcp charges its reads to the caller', () => {
  it('a one-read tool costs the request (2) and its read (1): within a burst of 3 it answers; the address is then spent', async () => {
    const answered = await toolCall('198.51.100.81', 'list_series', { kind: ['SPOT'] });
    expect(answered.status).toBe(200);
    expect(answered.body.result?.isError).not.toBe(true);
    const next = await fetch(`${fx.httpUrl}/v1/series?limit=1`, { headers: { 'x-forwarded-for': '198.51.100.81' } });
    expect([next.status, ((await next.json()) as { error: string }).error]).toEqual([429, 'RATE_LIMITED']);
  });

  it("a tool whose read finds the address's rate spent answers a tool error RATE_LIMITED, and nothing else is read", async () => {
    // The first GET takes one token: the request's two leave none for the tool's read.
    expect((await fetch(`${fx.httpUrl}/v1/series?limit=1`, { headers: { 'x-forwarded-for': '198.51.100.82' } })).status).toBe(200);
    const refused = await toolCall('198.51.100.82', 'list_series', { kind: ['SPOT'] });
    expect(refused.status).toBe(200);
    expect(refused.body.result?.isError).toBe(true);
    expect(refused.body.result?.content[0]?.text).toMatch(/^RATE_LIMITED: /);
  });
});
