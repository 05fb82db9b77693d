/**
 * `patx mcp`'s spending limit counts a sale that can hold the wallet's PAT (an outside audit: sells
 * were sent unchecked, `worstMicros = buy ? … : 0`, though a sale that opens a short synthetic
 * holds margin from free PAT and can lose it). A session with no spending allowed refuses it
 * SPENDING_LIMIT, as it refuses a buy, and sends nothing; a spot sale still counts nothing.
 * The bound itself: order-cost.ts `saleWorstPerRightMicros` (docs/mcp.md, "Spending limit").
 */
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, Role, SeriesKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONTRACT = 'MCPSELL|1h|0.70-0.85';
const MINUTE_MS = 60_000;
let fx: GatewayFixture;
let synth = 0;
let spot = 0;

beforeAll(async () => {
  fx = await startGatewayFixture();
  await fx.submitOk({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
  const openAtMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  const closeAtMs = openAtMs + 3_600_000;
  spot = await fx.listSeries({ contract: CONTRACT, kind: SeriesKind.SPOT, openAtMs, closeAtMs, bandBps: 5_000 });
  synth = await fx.listSeries({ contract: CONTRACT, kind: SeriesKind.SYNTHETIC, openAtMs, closeAtMs, bandBps: 5_000 });
  await fx.fund(fx.service.engine.brokerId, 10_000);
  await fx.quoteReference(spot, PAT_MICROS);
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

describe('patx mcp spending limit and sells', () => {
  it('a session with no spending allowed refuses a sale that opens a short (margin from free PAT)', async () => {
    const wallet = testWallet(950);
    const t = await fx.connect(wallet);
    const operator = fx.service.engine.accounts.find((a) => a?.role === Role.OPERATOR)!.id;
    await fx.submitOk({ kind: CommandKind.SET_INSTITUTION, actor: operator, accountId: t.accountId, qualified: true });
    await fx.fund(t.accountId, 50);
    await t.close();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.join(ROOT, 'bin', 'patx.js'), 'mcp'],
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PATX_URL: fx.httpUrl, PATX_WALLET_KEY: wallet.privateKey, PATX_MCP_MAX_SPEND: '0' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'audit-mcp-sell', version: '1.0.0' });
    await client.connect(transport);
    try {
      const r = (await client.callTool({ name: 'place_order', arguments: { series_id: synth, side: 'sell', type: 'limit', limit_price: '1', qty: 10, time_in_force: 'gtc' } }, undefined, { timeout: 60_000 })) as CallToolResult;
      const account = fx.service.engine.accounts[t.accountId]!;
      expect(r.isError).toBe(true);
      expect((r.structuredContent as { error?: string }).error).toBe('SPENDING_LIMIT');
      expect(JSON.stringify(r.content)).toContain('selling 10 right(s) of SYNTHETIC series');
      // Nothing was sent: no margin held, no order resting.
      expect(account.heldMicros).toBe(0);
      expect(account.firstOrder).toBeNull();
      // A spot sale holds no PAT: it is not counted, it is sent (the exchange answers it: a consumer's account does not sell spot).
      const spotSale = (await client.callTool({ name: 'place_order', arguments: { series_id: spot, side: 'sell', type: 'limit', limit_price: '1', qty: 1 } }, undefined, { timeout: 60_000 })) as CallToolResult;
      expect(spotSale.isError).toBe(true);
      expect((spotSale.structuredContent as { error?: string }).error).toBe('ROLE_NOT_ALLOWED');
    } finally {
      await client.close();
    }
  }, 120_000);
});
