/**
 * PATX's MCP server end to end with the SDK's own Client, against a running service (real
 * LMDB, uWS, signatures, a real reference provider server with its gate):
 *
 * - over stdio, spawning the CLI (`bin/patx.js mcp`) with a funded consumer's key and a
 *   spending limit of 3 PAT: search → quote → buy → exercise → download (records received);
 *   a buy and a subscription past the limit refused with what is committed and left, nothing
 *   sent; the exchange's refusals as tool errors with its codes; without a key, NO_WALLET;
 * - over streamable HTTP at the gateway's POST /mcp: only the read-only tools are listed, a
 *   search and a resource read answer, GET is 405, the route is in the OpenAPI document.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeriesKind, type Series } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { Service } from '../../src/app/service.js';
import { startQuietDemoMarket, type QuietDemoMarket } from '../support/demo-gate.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOWNLOADS = mkdtempSync(path.join(os.tmpdir(), 'patx-mcp-test-downloads-'));
const logger = createLogger('silent');
let service: Service;
let market: QuietDemoMarket;
let series: Series;
const consumer = Wallet.createRandom();
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

/** The SDK's client over stdio, running `patx mcp` (bin/patx.js, as `./patx mcp` does) with these variables. */
async function stdioClient(env: Record<string, string>, args: string[] = []): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [path.join(ROOT, 'bin', 'patx.js'), 'mcp', ...args], cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PATX_URL: base(), PATX_MCP_DOWNLOAD_DIR: DOWNLOADS, ...env }, stderr: 'pipe' });
  const client = new Client({ name: 'patx-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** A tool's success: its structured value. */
async function ok<T = Record<string, unknown>>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const r = await call(client, name, args);
  expect(r.isError, `${name}: ${JSON.stringify(r.content)}`).not.toBe(true);
  return r.structuredContent as T;
}

/** A tool's failure: its one text line (`CODE: message`), never a stack. */
async function refused(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const r = await call(client, name, args);
  expect(r.isError, `${name} should fail: ${JSON.stringify(r.content)}`).toBe(true);
  const text = (r.content[0] as { text: string }).text;
  expect(text).not.toMatch(/\n\s+at /);
  return text;
}

beforeAll(async () => {
  // The demo provider (its listing's gate, the provider server) sells to the broker, which asks 50 at 0.8 PAT; the consumer has 1,000 PAT.
  // An /mcp request weighs two of the address's requests and each read its tool makes one more: the address's rate ten
  // times the default's, so the hundreds of calls below do not wait on it (the flood below is still refused past its burst).
  market = await startQuietDemoMarket('mcp', logger, consumer.address, { httpRateLimitPerAddress: { burst: 1_000, perSecond: 500 } });
  ({ service, series } = market);
}, 120_000);

afterAll(async () => {
  await market?.close();
});

describe('patx mcp over stdio', () => {
  it('search → quote → buy → exercise → download, within the spending limit; past it refused with what is committed and left', { timeout: 120_000 }, async () => {
    const client = await stdioClient({ PATX_WALLET_KEY: consumer.privateKey, PATX_MCP_MAX_SPEND: '3' });
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(expect.arrayContaining(['search_listings', 'get_listing', 'list_series', 'get_quote', 'get_option_chain', 'place_order', 'cancel_order', 'exercise', 'download_records', 'claim_grant', 'subscribe', 'list_subscriptions', 'cancel_subscription', 'get_balances', 'list_purchases']));
      for (const t of (await client.listTools()).tools) expect(t.description!.length, t.name).toBeGreaterThan(60);

      const segment = series.spec.contract.split('|')[0]!;
      const found = await ok<{ listings: { id: number; segment: string }[] }>(client, 'search_listings', { segment, min_trust: 0 });
      const listingId = found.listings[0]!.id;
      expect(found.listings[0]!.segment).toBe(segment);
      const listing = await ok<{ listing: { preview?: unknown; schema: unknown }; disclosures: { deliveryEndpoint: string } }>(client, 'get_listing', { listing_id: listingId });
      expect(listing.disclosures.deliveryEndpoint).toBe(market.server.endpoint);
      expect(listing.listing.preview).toBeDefined();
      const listed = await ok<{ series: { seriesId: number }[] }>(client, 'list_series', { listing_id: listingId, kind: ['SPOT'] });
      expect(listed.series.map((s) => s.seriesId)).toContain(series.id);
      const quote = await ok<{ bestAsk: { price: string; qty: number } }>(client, 'get_quote', { series_id: series.id });
      expect(quote.bestAsk).toMatchObject({ price: '0.8', qty: 50 });

      // 5 × 0.8 = 4 PAT is past the 3 PAT limit: refused before anything is sent.
      expect(await refused(client, 'place_order', { series_id: series.id, side: 'buy', qty: 5, limit_price: '0.8' })).toBe(
        `SPENDING_LIMIT: buying 5 right(s) of series ${series.id} at up to 0.8 PAT each could cost up to 4 PAT, more than this session has left: 0 PAT of its 3 PAT limit is committed, 3 PAT left. Nothing was sent. Buy less, at a lower limit, or ask the user to restart \`patx mcp\` with a higher --max-spend.`,
      );
      const consumerId = service.engine.accountIdByAddress.get(consumer.address.toLowerCase())!;
      expect(service.engine.accounts[consumerId]!.openOrders ?? 0).toBe(0);

      // 2 at up to 0.9 (worst 1.8 PAT): fills at the ask, 0.8.
      const bought = await ok<{ filledQty: number; paid: string; spending: { committed: string; left: string } }>(client, 'place_order', { series_id: series.id, side: 'buy', qty: 2, limit_price: 0.9 });
      expect(bought).toMatchObject({ filledQty: 2, paid: '1.6', spending: { committed: '1.6', left: '1.4' } });
      expect(await refused(client, 'place_order', { series_id: series.id, side: 'buy', qty: 2, type: 'market' })).toMatch(/^SPENDING_LIMIT: buying 2 right\(s\) .* 1\.6 PAT of its 3 PAT limit is committed, 1\.4 PAT left\. Nothing was sent\./);
      expect(await refused(client, 'subscribe', { contract: series.spec.contract, qty_per_window: 1, cap_price: '1', budget: '5' })).toMatch(/^SPENDING_LIMIT: a subscription with a budget of 5 PAT could cost up to 5 PAT, .* 1\.6 PAT of its 3 PAT limit is committed, 1\.4 PAT left/);

      // A subscription within what is left counts its whole budget; cancelled (nothing spent), the budget is given back.
      const sub = await ok<{ subscription: { subscriptionId: number; budget: string }; spending: unknown }>(client, 'subscribe', { contract: series.spec.contract, qty_per_window: 1, cap_price: '0.9', budget: '1.2', from_next_window: true });
      expect(sub.spending).toEqual({ limit: '3', committed: '2.8', left: '0.2' });
      const subs = await ok<{ subscriptions: { subscriptionId: number; status: string }[] }>(client, 'list_subscriptions');
      expect(subs.subscriptions.map((x) => [x.subscriptionId, x.status])).toEqual([[sub.subscription.subscriptionId, 'active']]);
      const cancelled = await ok<{ subscription: { status: string }; spending: unknown }>(client, 'cancel_subscription', { subscription_id: sub.subscription.subscriptionId });
      expect(cancelled).toMatchObject({ subscription: { status: 'cancelled' }, spending: { limit: '3', committed: '1.6', left: '1.4' } });
      expect(await refused(client, 'cancel_subscription', { subscription_id: sub.subscription.subscriptionId })).toMatch(/^SUBSCRIPTION_CLOSED: /);

      // Refused by the exchange (not on the tick): by its code, and the limit is as it was.
      expect(await refused(client, 'place_order', { series_id: series.id, side: 'buy', qty: 1, limit_price: '0.8005' })).toMatch(/^[A-Z_]+: the exchange refused the buy order \([A-Z_]+\); nothing was bought/);
      const balances = await ok<{ positions: { seriesId: number; available: number }[] }>(client, 'get_balances');
      expect(balances.positions.find((p) => p.seriesId === series.id)?.available).toBe(2);
      expect((balances as { spending?: unknown }).spending).toEqual({ limit: '3', committed: '1.6', left: '1.4' });
      const exercised = await ok<{ grants: { grantId: number; quantity: number }[] }>(client, 'exercise', { series_id: series.id, qty: 2 });
      expect(exercised.grants).toHaveLength(1);
      const records = await ok<{ recordCount: number; file: string; receipt: string }>(client, 'download_records', { grant_id: exercised.grants[0]!.grantId });
      expect(records.recordCount).toBeGreaterThan(0);
      expect(readFileSync(records.file, 'utf8').trimEnd().split('\n')).toHaveLength(records.recordCount);
      expect(records.receipt).toBe('accepted');
      expect(await refused(client, 'download_records', { grant_id: exercised.grants[0]!.grantId })).toMatch(/^GRANT_USED: /);
      // A claim: refused on the delivered grant by name; filed on one not served (the exchange holds it), once.
      expect(await refused(client, 'claim_grant', { grant_id: exercised.grants[0]!.grantId })).toMatch(/^ALREADY_DELIVERED: /);
      expect((await ok<{ filledQty: number }>(client, 'place_order', { series_id: series.id, side: 'buy', qty: 1, limit_price: '0.8' })).filledQty).toBe(1);
      const unserved = (await ok<{ grants: { grantId: number }[] }>(client, 'exercise', { series_id: series.id, qty: 1 })).grants[0]!.grantId;
      expect(await refused(client, 'claim_grant', { grant_id: unserved, reason: 'nonconforming' })).toMatch(/^NO_EVIDENCE: /);
      const claim = await ok<{ grantId: number; dueAtMs: number }>(client, 'claim_grant', { grant_id: unserved });
      expect(claim.grantId).toBe(unserved);
      expect(claim.dueAtMs).toBe(service.engine.escrow.grants.get(unserved)!.claimDueAtMs);
      expect(await refused(client, 'claim_grant', { grant_id: unserved })).toMatch(/^CLAIM_EXISTS: /);

      const purchases = await ok<{ total: number }>(client, 'list_purchases');
      expect(purchases.total).toBeGreaterThan(0);

      // The exchange's refusals, by code; a malformed argument, by the SDK's validation: errors, never a crash.
      expect(await refused(client, 'get_quote', { series_id: 99_999 })).toBe('UNKNOWN_SERIES: no series 99999');
      expect(await refused(client, 'exercise', { series_id: series.id, qty: 5 })).toMatch(/^[A-Z_]+: the exchange refused the exercise/);
      expect(await refused(client, 'place_order', { series_id: series.id, side: 'buy', qty: 0, limit_price: '0.8' })).toMatch(/qty/);
      expect(await refused(client, 'place_order', { series_id: series.id, side: 'buy', qty: 1, limit_price: '0.0000001' })).toMatch(/^INVALID_AMOUNT: /);
      expect(await refused(client, 'get_listing', { listing_id: 99_999 })).toMatch(/^UNKNOWN_LISTING: /);
      // Still serving after all of that.
      expect((await ok<{ bestAsk: { qty: number } }>(client, 'get_quote', { series_id: series.id })).bestAsk.qty).toBe(47);
    } finally {
      await client.close();
    }
  });

  it('without a key: the read-only tools answer; a trading tool says how to give one', { timeout: 60_000 }, async () => {
    const client = await stdioClient({});
    try {
      expect((await ok<{ listings: unknown[] }>(client, 'search_listings', {})).listings.length).toBeGreaterThan(0);
      // The kind filter reaches the catalog: this exchange lists datasets only.
      expect((await ok<{ total: number }>(client, 'search_listings', { kind: 'model-feed' })).total).toBe(0);
      expect((await ok<{ total: number }>(client, 'search_listings', { kind: 'dataset' })).total).toBeGreaterThan(0);
      expect(await refused(client, 'place_order', { series_id: series.id, side: 'buy', qty: 1, limit_price: '1' })).toMatch(/^NO_WALLET: this tool acts for a wallet.*PATX_WALLET_KEY=0x….*--max-spend/);
      const listed = await client.listResources();
      expect(listed.resources.map((r) => r.uri)).toEqual(expect.arrayContaining(['patx://listings/1', `patx://series/${series.id}`]));
    } finally {
      await client.close();
    }
  });
});

describe('patx mcp fed by a pipe', () => {
  it('answers what was asked before stdin closed, then exits 0', { timeout: 60_000 }, async () => {
    const lines = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pipe', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_quote', arguments: { series_id: series.id } } },
    ];
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'patx.js'), 'mcp', '--gateway', base()], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const answers = out.trim().split('\n').map((l) => JSON.parse(l) as { id: number; result: { structuredContent?: { seriesId: number } } });
    expect(answers.map((a) => a.id)).toEqual([1, 2]);
    expect(answers[1]!.result.structuredContent?.seriesId).toBe(series.id);
  });
});

describe("the mcpServers entry users copy (docs/overview.md, the same in docs/mcp.md)", () => {
  it('starts as written (npx --prefix this repository), with the key and the gateway it names', { timeout: 90_000 }, async () => {
    const readme = readFileSync(path.join(ROOT, 'docs', 'overview.md'), 'utf8');
    const block = /```json\n(\{\n  "mcpServers"[\s\S]*?)```/.exec(readme);
    expect(block, 'a json block with mcpServers in docs/overview.md').not.toBeNull();
    const text = block![1]!.replaceAll('/path/to/patx', ROOT).replaceAll('http://127.0.0.1:8480', base()).replaceAll('0x…', consumer.privateKey);
    const entry = (JSON.parse(text) as { mcpServers: { patx: { command: string; args: string[]; env: Record<string, string> } } }).mcpServers.patx;
    expect(JSON.parse(readFileSync(path.join(ROOT, 'docs', 'mcp.md'), 'utf8').match(/```json\n([\s\S]*?)```/)![1]!)).toEqual(JSON.parse(block![1]!)); // the docs show the same entry
    const transport = new StdioClientTransport({ command: entry.command, args: entry.args, cwd: os.tmpdir(), env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...entry.env }, stderr: 'pipe' });
    const client = new Client({ name: 'patx-readme', version: '1.0.0' });
    await client.connect(transport);
    try {
      const balances = await ok<{ address: string; spending: { limit: string } }>(client, 'get_balances');
      expect(balances).toMatchObject({ address: consumer.address, spending: { limit: '25' } });
    } finally {
      await client.close();
    }
  });
});

describe('POST /mcp on the gateway', () => {
  it('lists only the read-only tools, searches listings and reads resources; GET is 405; documented in /openapi.json', { timeout: 60_000 }, async () => {
    const client = new Client({ name: 'patx-test-http', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base()}/mcp`)));
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['get_listing', 'get_option_chain', 'get_quote', 'list_series', 'list_tiers', 'quote_bundle', 'search_listings']);
      const found = (await client.callTool({ name: 'search_listings', arguments: { q: 'car' } })) as CallToolResult;
      expect(found.isError).not.toBe(true);
      expect((found.structuredContent as { listings: unknown[] }).listings.length).toBeGreaterThan(0);
      const missing = (await client.callTool({ name: 'get_quote', arguments: { series_id: 99_999 } })) as CallToolResult;
      expect([missing.isError, (missing.content[0] as { text: string }).text]).toEqual([true, 'UNKNOWN_SERIES: no series 99999']);
      // Options are on a spot window: another series has no chain (it was answered as one, with no strikes).
      const notSpot = [...market.service.engine.series].find((s) => s !== undefined && s.spec.kind !== SeriesKind.SPOT)!;
      const chain = (await client.callTool({ name: 'get_option_chain', arguments: { spot_series_id: notSpot.id } })) as CallToolResult;
      expect([chain.isError, (chain.content[0] as { text: string }).text]).toEqual([true, expect.stringMatching(new RegExp(`^NOT_A_SPOT_SERIES: series ${notSpot.id} is a [A-Z]+ series: `))]);
      // A key that is no contract is refused by name, not answered with no series.
      const badKey = (await client.callTool({ name: 'list_series', arguments: { contract: '|||' } })) as CallToolResult;
      expect([badKey.isError, (badKey.content[0] as { text: string }).text]).toEqual([true, expect.stringMatching(/^INVALID_FIELD: /)]);
      const resource = await client.readResource({ uri: 'patx://listings/1' });
      expect(JSON.parse((resource.contents[0] as { text: string }).text)).toMatchObject({ listing: { id: 1 }, disclosures: { deliveryEndpoint: market.server.endpoint } });
      const seriesResource = await client.readResource({ uri: `patx://series/${series.id}` });
      expect(JSON.parse((seriesResource.contents[0] as { text: string }).text)).toMatchObject({ seriesId: series.id, contract: series.spec.contract });
      await expect(client.readResource({ uri: 'patx://listings/99999' })).rejects.toMatchObject({ code: -32002, message: expect.stringMatching(/UNKNOWN_LISTING: /) });
      await expect(client.readResource({ uri: 'patx://series/0' })).rejects.toThrow(/INVALID_FIELD: not a series id/);
      expect((await client.listResources()).resources.length).toBeGreaterThan(1);
    } finally {
      await client.close();
    }
    // docs/mcp.md's curl: one request, no session.
    const byHand = await fetch(`${base()}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search_listings","arguments":{"q":"car"}}}' });
    expect(byHand.status).toBe(200);
    const answer = (await byHand.json()) as { id: number; result: { structuredContent: { listings: unknown[] } } };
    expect(answer.id).toBe(1);
    expect(answer.result.structuredContent.listings.length).toBeGreaterThan(0);
    const get = await fetch(`${base()}/mcp`, { headers: { accept: 'text/event-stream' } });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST, OPTIONS']);
    const doc = (await (await fetch(`${base()}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.paths['/mcp']?.post?.operationId).toBe('postMcp');
    // Not a JSON-RPC message: refused by the transport, the service goes on.
    const bad = await fetch(`${base()}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"hello":1}' });
    expect(bad.status).toBe(400);
    // A batch is refused: one message a request, each charged to the address's rate (a 100-call batch cost one token).
    const batch = await fetch(`${base()}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify([1, 2].map((id) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'list_series', arguments: {} } }))) });
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as { error: { code: number; message: string } }).error).toMatchObject({ code: -32600, message: expect.stringContaining('batches are not accepted') });
    const tooBig = await fetch(`${base()}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(70_000) } }) });
    expect(tooBig.status).toBe(413);
    // The limits of every public route: a flood from one address is refused 429 (its rate, a burst of 100; its bodies in flight).
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    const flood = await Promise.all(Array.from({ length: 140 }, () => fetch(`${base()}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: ping }).then(async (r) => ({ status: r.status, body: await r.text() }))));
    const limited = flood.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) expect(['RATE_LIMITED', 'TOO_MANY_IN_FLIGHT']).toContain((JSON.parse(r.body) as { error: string }).error);
    expect(flood.filter((r) => r.status === 200).every((r) => (JSON.parse(r.body) as { result?: unknown }).result !== undefined)).toBe(true);
  });

  it('answers every read-only tool called with edge arguments: a result, invalid params or a typed tool error, never an internal error', { timeout: 60_000 }, async () => {
    await sleep(1_100); // the flood above emptied the address's rate: a second refills 50 requests, enough to connect and list
    const client = new Client({ name: 'patx-test-fuzz', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base()}/mcp`)));
    const EDGES: unknown[] = [-1, 0, 1.5, 2 ** 53, 1e300, '', 'x', 'ü'.repeat(500), null, true, [], {}, [1, 'a'], { a: { b: 1 } }];
    const outcomes = new Map<string, number>();
    try {
      for (const tool of (await client.listTools()).tools) {
        const names = Object.keys(tool.inputSchema.properties ?? {});
        // No arguments; each argument alone at each edge; every argument at once at the same edge.
        const calls: Record<string, unknown>[] = [{}, ...names.flatMap((n) => EDGES.map((v) => ({ [n]: v }))), ...EDGES.map((v) => Object.fromEntries(names.map((n) => [n, v])))];
        for (let k = 0; k < calls.length; k++) {
          const args = calls[k]!;
          let outcome: string;
          try {
            const r = (await client.callTool({ name: tool.name, arguments: args })) as CallToolResult;
            outcome = r.isError === true ? `tool error ${(r.content[0] as { text: string }).text.split(':')[0]}` : 'result';
          } catch (error) {
            const code = (error as { code?: unknown }).code;
            if (code === 429) {
              // The address's rate (50 a second; the flood above emptied it): wait as Retry-After says, then the same call again.
              await sleep(1_100);
              k--;
              continue;
            }
            expect(code, `${tool.name} ${JSON.stringify(args).slice(0, 200)}: ${(error as Error).message}`).toBe(-32602); // invalid params: the schema refused them
            outcome = 'invalid params';
          }
          outcomes.set(`${tool.name}: ${outcome}`, (outcomes.get(`${tool.name}: ${outcome}`) ?? 0) + 1);
        }
      }
    } finally {
      await client.close();
    }
    // The schema's refusals (the SDK answers them as tool errors, -32602), the tools' own typed refusals (CODE: why), and results; no internal error.
    const kinds = [...outcomes.keys()].map((k) => k.split(': ')[1]!);
    for (const k of kinds) expect(k, JSON.stringify([...outcomes])).toMatch(/^(result|invalid params|tool error (MCP error -32602|[A-Z][A-Z_]+))$/);
    expect(kinds).toContain('tool error MCP error -32602');
    expect(kinds).toContain('result');
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  });
});
