/**
 * What an agent wired to `patx mcp` could lose or overspend, end to end (an outside review's
 * findings): the SDK's Client over stdio against a service started here (real LMDB, uWS,
 * signatures, the demo provider's gate).
 *
 * - a buy the exchange answers too late (the service frozen past the request timeout, as a
 *   SIGSTOP): its worst case stays counted, the error gives its client order id, a retry with
 *   it places nothing twice; list_orders shows it, cancel_all_orders cancels it;
 * - a later session counts the wallet's resting buys against its limit;
 * - fees count in a buy's worst case and in what it paid;
 * - download_records writes every record to a file and answers a preview;
 * - what became of an order after the fact (get_order by its client order id, list_orders' history);
 * - looking (get_balances, list_orders, get_order) never opens an account;
 * - the tier and bundle tools keep the exchange's codes; unknown arguments are refused;
 *   refusals name the side and the tick; a missing resource is -32002; spending tools are
 *   annotated destructive, downloads open-world.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, type Series } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { Service } from '../../src/app/service.js';
import { startQuietDemoMarket, type QuietDemoMarket } from '../support/demo-gate.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OPERATOR = 2;
const logger = createLogger('silent');
let service: Service;
let market: QuietDemoMarket;
let series: Series;
const consumer = Wallet.createRandom();
const downloads = mkdtempSync(path.join(os.tmpdir(), 'patx-mcp-downloads-'));
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

async function stdioClient(env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [path.join(ROOT, 'bin', 'patx.js'), 'mcp'], cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PATX_URL: base(), PATX_MCP_DOWNLOAD_DIR: downloads, ...env }, stderr: 'pipe' });
  const client = new Client({ name: 'patx-agent-safety', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 })) as CallToolResult;
}

async function ok<T = Record<string, unknown>>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const r = await call(client, name, args);
  expect(r.isError, `${name}: ${JSON.stringify(r.content)}`).not.toBe(true);
  return r.structuredContent as T;
}

async function refused(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ text: string; structured: { error?: string; details?: Record<string, unknown> } }> {
  const r = await call(client, name, args);
  expect(r.isError, `${name} should fail: ${JSON.stringify(r.content)}`).toBe(true);
  return { text: (r.content[0] as { text: string }).text, structured: (r.structuredContent ?? {}) as { error?: string; details?: Record<string, unknown> } };
}

const consumerAccount = () => service.engine.accounts[market.consumerId]!;


/** Freezes this process (the service and its gate with it) for `ms`: what SIGSTOP does to a service in its own process. */
function freeze(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Freezes the service for `ms` the moment the consumer's next new order reaches its sequencer (the
 * service stopped between taking the order and journaling it); the order goes on as it resumes.
 * The `patx mcp` child runs on: its request times out meanwhile.
 */
function freezeAtNextOrder(ms: number): void {
  const sequencer = service.sequencer;
  const enqueueFrom = sequencer.enqueueFrom.bind(sequencer);
  sequencer.enqueueFrom = (cmd, sender) => {
    if (cmd.kind === CommandKind.NEW_ORDER && cmd.actor === market.consumerId) {
      sequencer.enqueueFrom = enqueueFrom;
      freeze(ms);
    }
    enqueueFrom(cmd, sender);
  };
}

beforeAll(async () => {
  market = await startQuietDemoMarket('mcp-safety', logger, consumer.address);
  ({ service, series } = market);
}, 120_000);

afterAll(async () => {
  await market?.close();
});

describe('patx mcp: a buy left unanswered', () => {
  it('keeps its worst case counted, names its client order id, and a retry with it places nothing twice; list_orders and cancel_all_orders see it', { timeout: 120_000 }, async () => {
    const client = await stdioClient({ PATX_WALLET_KEY: consumer.privateKey, PATX_MCP_MAX_SPEND: '5' });
    try {
      await ok(client, 'get_balances'); // the order-entry session is open before the freeze
      const order = { series_id: series.id, side: 'buy', qty: 9, limit_price: '0.5', time_in_force: 'gtc' };
      freezeAtNextOrder(10_500); // past the client's 10 s request timeout
      const first = await call(client, 'place_order', order);
      expect(first.isError).toBe(true);
      const text = (first.content[0] as { text: string }).text;
      expect(text).toMatch(/^TIMEOUT: the exchange did not answer in time .*The order may have been placed: its client_order_id is \d+\..*place_order with client_order_id \d+ and the same terms/);
      const details = (first.structuredContent as { details: { clientOrderId: number; spending: { committed: string } } }).details;
      expect(details.spending.committed).toBe('4.5');
      // The frozen service took the order once it ran again.
      for (let i = 0; i < 100 && (consumerAccount().openOrders ?? 0) === 0; i++) await sleep(50);
      expect(consumerAccount().openOrders).toBe(1);

      // The agent's natural retry, with the id the error gave: nothing placed twice, nothing given back.
      const retry = await ok<{ alreadyPlaced: boolean; spending: { committed: string; left: string } }>(client, 'place_order', { ...order, client_order_id: details.clientOrderId });
      expect(retry).toMatchObject({ alreadyPlaced: true, spending: { committed: '4.5', left: '0.5' } });
      expect(consumerAccount().openOrders).toBe(1);
      expect((await refused(client, 'place_order', order)).text).toMatch(/^SPENDING_LIMIT: .* 4\.5 PAT of its 5 PAT limit is committed/);
      expect(consumerAccount().openOrders).toBe(1);

      const listed = await ok<{ orders: { orderId: number; clientOrderId: number; seriesId: number; side: string; limitPrice: string; leavesQty: number }[] }>(client, 'list_orders');
      expect(listed.orders).toEqual([expect.objectContaining({ clientOrderId: details.clientOrderId, seriesId: series.id, side: 'buy', limitPrice: '0.5', leavesQty: 9 })]);
      const cancelled = await ok<{ cancelled: { orderId: number; canceledQty: number }[]; spending: { committed: string } }>(client, 'cancel_all_orders', { series_id: series.id });
      expect(cancelled).toMatchObject({ cancelled: [{ orderId: listed.orders[0]!.orderId, canceledQty: 9 }], spending: { committed: '0' } });
      expect(consumerAccount().openOrders ?? 0).toBe(0);
      // What became of it, after the fact: by the client order id the error gave, by id, and in the history.
      const got = await ok<{ order: Record<string, unknown> }>(client, 'get_order', { client_order_id: details.clientOrderId });
      expect(got.order).toMatchObject({ orderId: listed.orders[0]!.orderId, status: 'canceled', cancelReason: 'MASS_CANCEL', qty: 9, filledQty: 0, leavesQty: 0, limitPrice: '0.5', timeInForce: 'gtc' });
      expect((await ok<{ order: Record<string, unknown> }>(client, 'get_order', { order_id: listed.orders[0]!.orderId })).order).toEqual(got.order);
      const history = await ok<{ orders: { orderId: number; status: string }[] }>(client, 'list_orders', { history: true, status: 'closed', limit: 5 });
      expect(history.orders[0]).toMatchObject({ orderId: listed.orders[0]!.orderId, status: 'canceled' });
      expect((await refused(client, 'get_order', { order_id: 99_999_999 })).structured.error).toBe('UNKNOWN_ORDER');
      expect((await refused(client, 'get_order', {})).structured.error).toBe('INVALID_FIELD');
      expect((await refused(client, 'list_orders', { status: 'closed' })).structured.error).toBe('INVALID_FIELD');
    } finally {
      await client.close();
    }
  });

  it("a new session counts the wallet's resting buys against its limit", { timeout: 60_000 }, async () => {
    const before = await stdioClient({ PATX_WALLET_KEY: consumer.privateKey, PATX_MCP_MAX_SPEND: '5' });
    try {
      expect(await ok(before, 'place_order', { series_id: series.id, side: 'buy', qty: 4, limit_price: '0.5', time_in_force: 'gtc' })).toMatchObject({ restingQty: 4 });
    } finally {
      await before.close();
    }
    const client = await stdioClient({ PATX_WALLET_KEY: consumer.privateKey, PATX_MCP_MAX_SPEND: '3' });
    try {
      expect((await refused(client, 'place_order', { series_id: series.id, side: 'buy', qty: 3, limit_price: '0.5' })).text).toMatch(/^SPENDING_LIMIT: .* 2 PAT of its 3 PAT limit is committed, 1 PAT left/);
      expect(await ok(client, 'cancel_all_orders')).toMatchObject({ cancelled: [{ canceledQty: 4 }], spending: { committed: '0', left: '3' } });
    } finally {
      await client.close();
    }
  });
});

describe('patx mcp: looking opens no account', () => {
  it('get_balances and list_orders of a wallet with no account answer NO_ACCOUNT and open none', { timeout: 60_000 }, async () => {
    const fresh = Wallet.createRandom();
    const client = await stdioClient({ PATX_WALLET_KEY: fresh.privateKey });
    try {
      expect((await refused(client, 'get_balances')).text).toMatch(/^NO_ACCOUNT: 0x[0-9a-fA-F]{40} has no account at this exchange yet.*opens none/);
      expect((await refused(client, 'list_orders')).structured.error).toBe('NO_ACCOUNT');
      expect((await refused(client, 'list_orders', { history: true })).structured.error).toBe('NO_ACCOUNT');
      expect((await refused(client, 'get_order', { client_order_id: 1 })).structured.error).toBe('NO_ACCOUNT');
      expect(service.engine.accountIdByAddress.get(fresh.address.toLowerCase())).toBeUndefined();
    } finally {
      await client.close();
    }
  });
});

describe('patx mcp: downloads', () => {
  it('writes every record received to a file and answers its path and a preview, not the records', { timeout: 60_000 }, async () => {
    const client = await stdioClient({ PATX_WALLET_KEY: consumer.privateKey, PATX_MCP_MAX_SPEND: '5' });
    try {
      expect(await ok(client, 'place_order', { series_id: series.id, side: 'buy', qty: 2, limit_price: '0.8' })).toMatchObject({ filledQty: 2 });
      const grant = (await ok<{ grants: { grantId: number }[] }>(client, 'exercise', { series_id: series.id, qty: 2 })).grants[0]!.grantId;
      const r = await call(client, 'download_records', { grant_id: grant });
      const d = r.structuredContent as { recordCount: number; file: string; preview: unknown[]; records?: unknown; receipt: string };
      expect(r.isError).not.toBe(true);
      expect(d.receipt).toBe('accepted');
      expect(d.recordCount).toBeGreaterThan(0);
      expect(d.records).toBeUndefined();
      expect(path.dirname(d.file)).toBe(downloads);
      const lines = readFileSync(d.file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
      expect(lines).toHaveLength(d.recordCount);
      expect(d.preview).toEqual(lines.slice(0, d.preview.length));
      expect(d.preview.length).toBeLessThanOrEqual(5);
      expect((await refused(client, 'download_records', { grant_id: grant })).text).toMatch(/^GRANT_USED: /);
      expect(existsSync(d.file)).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe('patx mcp: what an agent is told', () => {
  it('tier and bundle refusals keep their codes; unknown arguments are refused; refusals name the side and the tick; hints say what spends', { timeout: 60_000 }, async () => {
    const client = await stdioClient({ PATX_WALLET_KEY: consumer.privateKey, PATX_MCP_MAX_SPEND: '5' });
    try {
      const bundle = await refused(client, 'buy_bundle', { listing_id: 1, name: 'nope', max_cost: '1' });
      expect([bundle.text.split(':')[0], bundle.structured.error]).toEqual(['UNKNOWN_BUNDLE', 'UNKNOWN_BUNDLE']);
      expect((await refused(client, 'cancel_tier_subscription', { tier_subscription_id: 1 })).structured.error).toBe('UNKNOWN_TIER_SUBSCRIPTION');
      expect((await refused(client, 'subscribe_tier', { listing_id: 1, tier: 'nope', budget: '1' })).text).toMatch(/^[A-Z_]+: /);
      expect((await ok<{ spending: { committed: string } }>(client, 'get_balances')).spending.committed).toBe('0');

      // A misspelt argument is refused by the schema, nothing sent.
      const openBefore = consumerAccount().openOrders ?? 0;
      expect((await refused(client, 'place_order', { series_id: series.id, side: 'buy', qty: 1, limit_price: '0.5', time_in_forc: 'gtc' })).text).toMatch(/^MCP error -32602: .*time_in_forc/);
      expect(consumerAccount().openOrders ?? 0).toBe(openBefore);
      const tools = (await client.listTools()).tools;
      const tool = (name: string) => tools.find((t) => t.name === name)!;
      for (const t of tools) expect((t.inputSchema as { additionalProperties?: unknown }).additionalProperties, t.name).toBe(false);
      for (const name of ['place_order', 'subscribe', 'subscribe_tier', 'buy_bundle']) expect(tool(name).annotations, name).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      for (const name of ['download_records', 'download_organisation_records']) expect(tool(name).annotations, name).toMatchObject({ openWorldHint: true });
      expect(tool('list_orders').annotations).toMatchObject({ readOnlyHint: true });
      expect(tool('get_order').annotations).toMatchObject({ readOnlyHint: true });

      const tick = (await refused(client, 'place_order', { series_id: series.id, side: 'buy', qty: 1, limit_price: '0.8005' })).text;
      expect(tick).toMatch(/^INVALID_TICK: the exchange refused the buy order \(INVALID_TICK\); nothing was bought: prices in series \d+ are multiples of its tick, [0-9.]+ PAT; 0\.8005 is not \(the nearest: 0\.8 or [0-9.]+\)$/);
      expect((await refused(client, 'place_order', { series_id: series.id, side: 'sell', qty: 1, limit_price: '0.9' })).text).toMatch(/^[A-Z_]+: the exchange refused the sell order \([A-Z_]+\); nothing was sold/);
    } finally {
      await client.close();
    }
  });

  it('a resource that does not exist is JSON-RPC -32002 whose message starts with the code', async () => {
    const res = await fetch(`${base()}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'patx://series/99999' } }) });
    expect(((await res.json()) as { error: unknown }).error).toEqual({ code: -32002, message: 'UNKNOWN_SERIES: no series 99999', data: { error: 'UNKNOWN_SERIES' } });
  });
});

describe('patx mcp: fees', () => {
  it("count in a buy's worst case at the higher of the maker and taker rates, and in what it paid", { timeout: 60_000 }, async () => {
    const set = async (value: number) => expect((await service.sequencer.submit({ kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'fee.takerBps:SPOT', value })).events.some((e) => e.type === EventType.PARAM_CHANGED)).toBe(true);
    await set(1_000);
    const client = await stdioClient({ PATX_WALLET_KEY: consumer.privateKey, PATX_MCP_MAX_SPEND: '2.1' });
    try {
      // 3 × 0.7 = 2.1 fits, with the 10% fee (2.31) it does not.
      expect((await refused(client, 'place_order', { series_id: series.id, side: 'buy', qty: 3, limit_price: '0.7' })).text).toMatch(/^SPENDING_LIMIT: buying 3 right\(s\) of series \d+ at up to 0\.7 PAT each and a fee of up to 0\.07 PAT each could cost up to 2\.31 PAT/);
      const availableBefore = consumerAccount().availableMicros;
      const bought = await ok<{ filledQty: number; fee: string; paid: string; spending: { committed: string; left: string } }>(client, 'place_order', { series_id: series.id, side: 'buy', qty: 2, limit_price: '0.8' });
      expect(bought).toMatchObject({ filledQty: 2, fee: '0.16', paid: '1.76', spending: { committed: '1.76', left: '0.34' } });
      expect(availableBefore - consumerAccount().availableMicros).toBe(1_760_000);
    } finally {
      await client.close();
      await set(0);
    }
  });
});
