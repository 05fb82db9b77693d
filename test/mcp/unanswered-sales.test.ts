/**
 * `patx mcp`'s spending limit and sales that hold the wallet's PAT (a synthetic short), end to end: the SDK's
 * Client over stdio, the `patx mcp` child, a real service (LMDB, uWS on 127.0.0.1) in this process.
 *
 * - A sale whose answer never came (the service frozen past the request timeout) stays counted at its worst
 *   while unknown; once its answer or its status is known it counts what it committed: resting, its worst
 *   until cancel_all_orders gives it back (it used to stay counted for the session, the order long gone).
 * - A sale of the wallet's resting from before the session (an earlier session's, another program's) is
 *   counted at its worst, as a resting buy is: the session cannot commit the limit again beside it.
 * - WalletSession.settleUnansweredOrders asks an unanswered order's status by client order id: placed and
 *   resting, it counts as resting; refused, it is given back; UNKNOWN_ORDER asked on another session than
 *   the one it was sent on is not known (it may be on its way): it stays counted.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wire } from '../../src/client/index.js';
import { CommandKind, Role, SeriesKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { httpReads } from '../../src/mcp/exchange-reads.js';
import { SpendingLimit } from '../../src/mcp/spending-limit.js';
import { WalletSession } from '../../src/mcp/wallet-session.js';
import { PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONTRACT = 'MCPUNANSWERED|1h|0.70-0.85';
const MINUTE_MS = 60_000;
/** What one right of a synthetic sale that opens a short counts: twice the series' highest price (10 PAT), no fee. */
const SHORT_WORST_PAT = 20;
let fx: GatewayFixture;
let synth = 0;

beforeAll(async () => {
  fx = await startGatewayFixture();
  await fx.submitOk({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
  const openAtMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  const closeAtMs = openAtMs + 3_600_000;
  const spot = await fx.listSeries({ contract: CONTRACT, kind: SeriesKind.SPOT, openAtMs, closeAtMs, bandBps: 5_000 });
  synth = await fx.listSeries({ contract: CONTRACT, kind: SeriesKind.SYNTHETIC, openAtMs, closeAtMs, bandBps: 5_000 });
  await fx.fund(fx.service.engine.brokerId, 10_000);
  await fx.quoteReference(spot, PAT_MICROS);
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

/** A qualified institution's wallet with `pat` PAT: it may sell synthetics short. */
async function institution(i: number, pat: number): Promise<{ wallet: Wallet; accountId: number }> {
  const wallet = testWallet(i);
  const t = await fx.connect(wallet);
  const operator = fx.service.engine.accounts.find((a) => a?.role === Role.OPERATOR)!.id;
  await fx.submitOk({ kind: CommandKind.SET_INSTITUTION, actor: operator, accountId: t.accountId, qualified: true });
  await fx.fund(t.accountId, pat);
  await t.close();
  return { wallet, accountId: t.accountId };
}

async function mcp(wallet: Wallet, maxSpendPat: number): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(ROOT, 'bin', 'patx.js'), 'mcp'],
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PATX_URL: fx.httpUrl, PATX_WALLET_KEY: wallet.privateKey, PATX_MCP_MAX_SPEND: String(maxSpendPat) },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'mcp-unanswered-sales', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 })) as CallToolResult;
}

interface Spending {
  limit: string;
  committed: string;
  left: string;
}

/** Freezes this process (the service with it) for `ms`: what SIGSTOP does to a service in its own process. */
function freeze(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Freezes the service for `ms` as `actor`'s next new order reaches its sequencer; the order goes on as it resumes. */
function freezeAtNextOrder(actor: number, ms: number): void {
  const sequencer = fx.service.sequencer;
  const enqueueFrom = sequencer.enqueueFrom.bind(sequencer);
  sequencer.enqueueFrom = (cmd, sender) => {
    if (cmd.kind === CommandKind.NEW_ORDER && cmd.actor === actor) {
      sequencer.enqueueFrom = enqueueFrom;
      freeze(ms);
    }
    enqueueFrom(cmd, sender);
  };
}

const sale = (qty: number) => ({ series_id: synth, side: 'sell', type: 'limit', limit_price: '1', qty, time_in_force: 'gtc' });

describe('patx mcp: a sale that holds PAT left unanswered', () => {
  it('stays counted while unknown; once known to rest, a cancel gives it back (not counted for the session)', { timeout: 120_000 }, async () => {
    const { wallet, accountId } = await institution(960, 100);
    const client = await mcp(wallet, 30);
    try {
      expect((await call(client, 'get_balances')).isError).not.toBe(true); // the order-entry session is open before the freeze
      freezeAtNextOrder(accountId, 10_500); // past the client's 10 s request timeout
      const first = await call(client, 'place_order', sale(1));
      expect(first.isError).toBe(true);
      const details = (first.structuredContent as { error: string; details: { clientOrderId: number; spending: Spending } }).details;
      expect((first.structuredContent as { error: string }).error).toBe('TIMEOUT');
      expect(details.spending.committed).toBe(String(SHORT_WORST_PAT));
      for (let i = 0; i < 100 && (fx.service.engine.accounts[accountId]!.openOrders ?? 0) === 0; i++) await sleep(50);
      expect(fx.service.engine.accounts[accountId]!.openOrders).toBe(1);
      // While it rests it stays counted at its worst: a second sale does not fit beside it.
      const second = await call(client, 'place_order', sale(1));
      expect((second.structuredContent as { error?: string }).error).toBe('SPENDING_LIMIT');
      // Cancelled, its worst is given back: the session knows the order (its late answer), not a count kept blindly.
      const cancelled = (await call(client, 'cancel_all_orders')).structuredContent as { cancelled: { clientOrderId: number; canceledQty: number }[]; spending: Spending };
      expect(cancelled.cancelled).toEqual([expect.objectContaining({ clientOrderId: details.clientOrderId, canceledQty: 1 })]);
      expect(cancelled.spending).toEqual({ limit: '30', committed: '0', left: '30' });
      const again = (await call(client, 'place_order', sale(1))).structuredContent as { restingQty: number; spending: Spending };
      expect(again).toMatchObject({ restingQty: 1, spending: { committed: String(SHORT_WORST_PAT) } });
      await call(client, 'cancel_all_orders');
    } finally {
      await client.close();
    }
  });
});

describe('patx mcp: sales resting from before the session', () => {
  it('a sale that holds PAT, resting from an earlier session, is counted at its worst; a cancel gives it back', { timeout: 120_000 }, async () => {
    const { wallet, accountId } = await institution(961, 100);
    const earlier = await mcp(wallet, 30);
    try {
      expect(((await call(earlier, 'place_order', sale(1))).structuredContent as { restingQty: number }).restingQty).toBe(1);
    } finally {
      await earlier.close();
    }
    const client = await mcp(wallet, 30);
    try {
      const refused = await call(client, 'place_order', sale(1));
      expect((refused.structuredContent as { error?: string }).error).toBe('SPENDING_LIMIT');
      expect((refused.content[0] as { text: string }).text).toContain(`${SHORT_WORST_PAT} PAT of its 30 PAT limit is committed, 10 PAT left`);
      expect(fx.service.engine.accounts[accountId]!.openOrders).toBe(1);
      const cancelled = (await call(client, 'cancel_all_orders')).structuredContent as { cancelled: { canceledQty: number }[]; spending: Spending };
      expect(cancelled).toMatchObject({ cancelled: [{ canceledQty: 1 }], spending: { committed: '0', left: '30' } });
    } finally {
      await client.close();
    }
  });
});

describe('WalletSession: an unanswered order settled by its status', () => {
  it('placed and resting counts as resting; refused is given back; UNKNOWN_ORDER asked elsewhere stays counted', { timeout: 60_000 }, async () => {
    const { wallet } = await institution(962, 100);
    const limit = new SpendingLimit(100 * PAT_MICROS);
    const session = new WalletSession({ gatewayUrl: fx.httpUrl, wallet, limit, reads: httpReads(fx.httpUrl) });
    const other = await fx.connect(wallet); // the "dropped" session the orders went out on
    try {
      await session.countRestingOrdersOnce();
      const perUnitMicros = SHORT_WORST_PAT * PAT_MICROS;
      const unsettled = (clientOrderId: number, qty: number) => {
        limit.commit(qty * perUnitMicros, 'a sale');
        limit.holdUnsettled({ clientOrderId, side: 'sell', seriesId: synth, qty, priceMicros: PAT_MICROS, perUnitMicros, worstMicros: qty * perUnitMicros, sentOn: other });
      };
      // 71: it arrived and rests (sent on the other session). 72: refused (no such series: the engine says why). 73: never arrived.
      unsettled(71, 2);
      unsettled(72, 1);
      unsettled(73, 1);
      expect(limit.committedMicros).toBe(4 * perUnitMicros);
      const rests = await other.newOrder({ seriesId: synth, clientOrderId: 71, side: wire.Side.SELL, priceMicros: PAT_MICROS, qty: 2 });
      expect(rests.reports!.at(-1)!.ordStatus).toBe(wire.OrdStatus.ORDER_NEW);
      const refused = await other.newOrder({ seriesId: synth, clientOrderId: 72, side: wire.Side.SELL, priceMicros: PAT_MICROS + 1, qty: 1 });
      expect(refused.reports!.at(-1)!.ordStatus).toBe(wire.OrdStatus.ORDER_REJECTED);

      await session.settleUnansweredOrders();
      expect(limit.unsettledOrders().map((u) => u.clientOrderId)).toEqual([73]);
      expect(limit.placedAfterAll(71)?.clientOrderId).toBe(71);
      expect(limit.committedMicros).toBe(3 * perUnitMicros); // 71 resting at its worst, 73 still counted, 72 given back
      // 71 cancelled: the session hears it and gives its worst back.
      await other.cancel({ clientOrderId: 71 });
      for (let i = 0; i < 100 && limit.committedMicros !== perUnitMicros; i++) await sleep(20);
      expect(limit.committedMicros).toBe(perUnitMicros);
    } finally {
      await other.close();
      await session.close();
    }
  });
});
