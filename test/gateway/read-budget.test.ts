/**
 * An account's reads built on the engine's thread are paid from a budget of their own (gateway.readRateLimitPerAccount,
 * read-budget.ts), shared by its order-entry sessions and its wallet-signed HTTP reads. An audit (2026-12-05) found them
 * paid from the order budget (10,000 commands at once): an account with 1,000 resting orders had 98 full pages answered
 * at once, and account views and order statuses were not paid at all. Measured on this 2-core machine (build and encode
 * of a page of 1,000 orders: 2.6–4 ms): that burst held the engine's thread ~250–400 ms, another account's order acked
 * 360–680 ms later; at the default budget (200 units, a full page 102) one page passes at once, ~3 ms, and two a second.
 * The test asserts counts and refusals, not times: a real service on 127.0.0.1, real sessions, real signed HTTP.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatxRequestError, wire, type TradingClient } from '../../src/client/index.js';
import { Side } from '../../src/engine/index.js';
import { signRequestHeaders } from '../../src/gateway/index.js';
import { accountViewCost, openOrdersPageCost } from '../../src/gateway/read-budget.js';
import { limitOrder } from '../support/exchange-fixture.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const execFileAsync = promisify(execFile);
/** The default burst; a refill too slow to matter while the test runs, so what passes is the burst. */
const BURST = 200;
let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture({ readRateLimitPerAccount: { burst: BURST, perSecond: 0.001 }, httpRateLimitPerAccount: { burst: 10_000, perSecond: 10_000 } });
}, 60_000);
afterAll(async () => {
  await fx?.stop();
});

/** A wallet-signed GET as the console sends it. */
async function signedGet(walletIndex: number, pathAndQuery: string): Promise<{ status: number; retryAfter: string | null; body: { error?: string; message?: string } }> {
  const headers = await signRequestHeaders(testWallet(walletIndex), { method: 'GET', host: new URL(fx.httpUrl).host, pathAndQuery, chainId: 31_337 });
  const res = await fetch(`${fx.httpUrl}${pathAndQuery}`, { headers });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: string; message?: string } };
}

function refusals(results: PromiseSettledResult<unknown>[]): PatxRequestError[] {
  return results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as PatxRequestError);
}

describe("an account's reads", () => {
  it('a burst of full pages from ten sessions: one answered, the rest refused RATE_LIMITED; orders still pass', async () => {
    const wallet = testWallet(7401);
    const sessions: TradingClient[] = [];
    for (let i = 0; i < 10; i++) sessions.push(await fx.connect(wallet)); // one by one: logins have a rate of their own
    const accountId = sessions[0]!.accountId;
    await fx.fund(accountId, 10_000);
    const { minPriceMicros } = fx.service.engine.series[fx.seriesId]!.spec;
    for (let i = 0; i < 1_000; i++) await fx.submitOk(limitOrder(accountId, fx.seriesId, Side.BUY, minPriceMicros, 1));
    const cost = openOrdersPageCost(1_000, 1_000);
    // What the order budget let through at once: 98 pages of 1,000 orders.
    const asked = await Promise.allSettled(Array.from({ length: Math.floor(10_000 / cost) }, (_, i) => sessions[i % 10]!.openOrdersPage()));
    const answered = asked.filter((r) => r.status === 'fulfilled');
    expect(answered).toHaveLength(1); // 102 of 200, and 98 left is less than a page
    for (const page of answered) expect((page as PromiseFulfilledResult<{ orders?: unknown[] }>).value.orders).toHaveLength(1_000);
    const refused = refusals(asked);
    expect(refused).toHaveLength(97);
    for (const e of refused) {
      expect(e).toBeInstanceOf(PatxRequestError);
      expect(e.code).toBe('RATE_LIMITED');
      expect(e.message).toMatch(/budget of 200 read units at once .*this page of open orders .* counts as 102\): nothing was read, retry after \d+ ms/);
      // The wait is a typed field of the Error frame too (retry_after_ms), the one the message names.
      expect(e.retryAfterMs).toBe(Number(/retry after (\d+) ms/.exec(e.message)![1]));
      expect(e.retryAfterMs).toBeGreaterThan(0);
    }
    // The read budget is not the order budget: the account still trades.
    const ack = await sessions[0]!.newOrder({ seriesId: fx.seriesId, clientOrderId: 9_000_001, side: wire.Side.BUY, priceMicros: minPriceMicros, qty: 1, timeInForce: wire.TimeInForce.GTC });
    expect([ack.reports![0]!.execType, ack.reports![0]!.rejectReason ?? 0]).toEqual([wire.ExecType.EXEC_NEW, 0]);
    // An order status costs 1 (98 left), an account view 2 and one per ten positions: 49 more views at most, then refused.
    expect(Number((await sessions[0]!.orderStatus({ clientOrderId: 9_000_001 })).asOfSeq)).toBeGreaterThan(0);
    const viewCost = accountViewCost(fx.service.engine.accounts[accountId]!.positions.size);
    const views = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => sessions[i % 10]!.account()));
    expect(views.filter((r) => r.status === 'fulfilled')).toHaveLength(Math.floor(97 / viewCost));
    expect(refusals(views).every((e) => e.code === 'RATE_LIMITED' && /this account view/.test(e.message))).toBe(true);
    // Another account has its own budget.
    const other = await fx.connect(testWallet(7402));
    expect((await other.openOrdersPage()).orders ?? []).toHaveLength(0);
    await Promise.all([...sessions, other].map((s) => s.close()));
  }, 120_000);

  it('its wallet-signed HTTP reads share the budget: refused 429 RATE_LIMITED with Retry-After once sessions spent it, and the other way round', async () => {
    const session = await fx.connect(testWallet(7403));
    const accountId = session.accountId;
    await fx.fund(accountId, 10);
    // GET /v1/fills?limit=1000 costs 101: one passes, the second is refused.
    expect((await signedGet(7403, '/v1/fills?limit=1000')).status).toBe(200);
    const over = await signedGet(7403, '/v1/fills?limit=1000');
    expect([over.status, over.body.error]).toEqual([429, 'RATE_LIMITED']);
    expect(over.body.message).toMatch(/counts as 101\): nothing was read, retry after \d+ ms/);
    expect(Number(over.retryAfter)).toBeGreaterThan(0);
    // The 99 left: a session's 49 account views (2 each) pass, then HTTP's account view is refused too.
    const views = await Promise.allSettled(Array.from({ length: 60 }, () => session.account()));
    expect(views.filter((r) => r.status === 'fulfilled')).toHaveLength(49);
    const view = await signedGet(7403, '/v1/account');
    expect([view.status, view.body.error]).toEqual([429, 'RATE_LIMITED']);
    // A small page is within what is left (1 unit): its cost is by the rows it may hold.
    expect((await signedGet(7403, '/v1/transfers?limit=1')).status).toBe(429); // 1 + 1 = 2 > 1 left
    const metrics = await (await fetch(`${fx.httpUrl}/metrics`)).text();
    expect(Number(/^patx_http_rate_limited_total\{limit="account_reads"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3);
    await session.close();
  }, 60_000);

  it("its other wallet-signed pages pay by the rows they may hold: grants, purchases, the order history (a filter by what it may look past)", async () => {
    const session = await fx.connect(testWallet(7405));
    // GET /v1/grants/mine?limit=200 costs 1 + 20: nine pass (189), the tenth is refused with 11 left.
    for (let i = 0; i < 9; i++) expect((await signedGet(7405, '/v1/grants/mine?limit=200')).status).toBe(200);
    const grants = await signedGet(7405, '/v1/grants/mine?limit=200');
    expect([grants.status, grants.body.error]).toEqual([429, 'RATE_LIMITED']);
    expect(grants.body.message).toContain('counts as 21)');
    expect((await signedGet(7405, '/v1/purchases?limit=200')).status).toBe(429);
    // The order history: a page of one costs 2; filtered by status it may look past 20,000 orders, 20 more.
    expect((await signedGet(7405, '/v1/orders?limit=1')).status).toBe(200);
    const filtered = await signedGet(7405, '/v1/orders?limit=1&status=open');
    expect([filtered.status, filtered.body.message]).toEqual([429, expect.stringContaining('counts as 22)')]);
    await session.close();
  }, 60_000);

  it('the payout statement, the dashboards, one grant and one order pay too (they were free until 2026-12-06)', async () => {
    const session = await fx.connect(testWallet(7406));
    // The payout statement: its page (100 batches), its 200 redemptions and their batches, its months' rows: 88 (131 until 2026-12-08).
    for (let i = 0; i < 2; i++) expect((await signedGet(7406, '/v1/payouts/statement')).status).toBe(404); // paid, then answered: this account is no provider (NOT_A_PROVIDER)
    const again = await signedGet(7406, '/v1/payouts/statement');
    expect([again.status, again.body.error, again.body.message]).toEqual([429, 'RATE_LIMITED', expect.stringContaining('counts as 88)')]);
    expect(Number(again.retryAfter)).toBeGreaterThan(0);
    // 24 left. A dashboard pays by the hourly records its window may read: 48 hours, 6; a provider's, with its trust, 11.
    expect((await signedGet(7406, '/v1/dashboard/consumer')).status).toBe(200);
    expect((await signedGet(7406, '/v1/dashboard/provider')).status).toBe(403); // NOT_A_PROVIDER, after paying
    // 7 left: 30 days by day is 720 hours, 73.
    const month = await signedGet(7406, '/v1/dashboard/consumer?bucket=day');
    expect([month.status, month.body.message]).toEqual([429, expect.stringContaining('counts as 73)')]);
    // One grant, one order: 1 each (one after another: a wallet has 8 requests in flight at most). 7 pass, then refused.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signedGet(7406, i % 2 === 0 ? '/v1/grants/mine/1' : '/v1/orders/1')).status);
    expect(statuses.every((s) => s === 404)).toBe(true); // UNKNOWN_GRANT, UNKNOWN_ORDER: paid, then answered
    const over = await signedGet(7406, '/v1/grants/mine/1');
    expect([over.status, over.body.message]).toEqual([429, expect.stringContaining('counts as 1)')]);
    expect((await signedGet(7406, '/v1/orders/1')).status).toBe(429);
    await session.close();
  }, 60_000);

  it('every wallet-signed read of the registry pays from the budget, but the two that pay their own way', () => {
    const free = fx.service.gateway.http.routes
      .operations()
      .filter((op) => op.method === 'GET' && (op.security === 'wallet' || op.security === 'wallet-or-operator') && op.readCost === undefined)
      .map((op) => op.operationId);
    // GET /v1/account is paid in its own handler (by the positions it holds); the revocations feed is long-polled by every
    // gate of a provider, woken by each refund (d08e7c5f), and is paid from the account's request rate only.
    expect(free).toEqual(['getAccount', 'listRevocations']);
  });
});

describe('the clients reading every open order', () => {
  let paced: GatewayFixture;
  beforeAll(async () => {
    paced = await startGatewayFixture(); // the default budget: 200 units at once, 200 a second
  }, 60_000);
  afterAll(async () => {
    await paced?.stop();
  });

  it('waits between pages as the refusals say, and gets them all', async () => {
    const session = await paced.connect(testWallet(7404));
    await paced.fund(session.accountId, 10_000);
    const { minPriceMicros } = paced.service.engine.series[paced.seriesId]!.spec;
    for (let i = 0; i < 2_500; i++) await paced.submitOk(limitOrder(session.accountId, paced.seriesId, Side.BUY, minPriceMicros, 1));
    // Three pages of 103 units each: the second and third wait for the budget (a RATE_LIMITED each, waited out).
    const orders = await session.openOrders();
    expect(orders).toHaveLength(2_500);
    expect(new Set(orders.map((o) => Number(o.orderId))).size).toBe(2_500);
    await session.close();
    // The Python client (clients/python) the same, with Debian's python3.
    const script = 'import sys\nfrom patx.trading import TradingClient\nfrom patx.signing import Wallet\nwith TradingClient.connect(sys.argv[1], wallet=Wallet(sys.argv[2])) as c:\n    print(len({o.order_id for o in c.open_orders()}))\n';
    // Not spawnSync: the service answers on this very thread.
    const run = await execFileAsync('/usr/bin/python3', ['-c', script, paced.tradeUrl, testWallet(7404).privateKey], { env: { ...process.env, PYTHONPATH: path.join(import.meta.dirname, '../../clients/python'), PYTHONDONTWRITEBYTECODE: '1' }, timeout: 60_000 });
    expect(run.stdout.trim(), run.stderr).toBe('2500');
  }, 120_000);
});
