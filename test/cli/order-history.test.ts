/**
 * `patx order` and `patx orders --history` (src/cli/order-history.ts) against one running service (real LMDB, uWS,
 * signatures, the wallet-signed GET /v1/orders): a resting bid cancelled, found by id and by client order id with
 * its reason; an IOC buy filled at the broker's ask, with its average price; the history newest first, by state,
 * paged by --before; an order of another wallet or none answers UNKNOWN_ORDER in one line; options that need
 * --history are refused without it.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/log.js';
import type { OrderPage, OrderView } from '../../src/client/orders.js';
import { startQuietDemoMarket, type QuietDemoMarket } from '../support/demo-gate.js';
import { oneLine, patxInProcess } from '../support/patx-cli.js';
import { credit, openAccount } from '../support/subscription-market.js';
import { Role, type Series } from '../../src/engine/index.js';

let market: QuietDemoMarket;
let series: Series;
const consumer = Wallet.createRandom();

function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  return patxInProcess(args, { PATX_WALLET_KEY: consumer.privateKey, PATX_URL: market.base, PATX_CONFIRM_ABOVE: undefined, ...env });
}

async function json<T>(args: string[], env: Record<string, string | undefined> = {}): Promise<T> {
  const r = await cli(['--json', ...args], env);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

beforeAll(async () => {
  // The broker asks 50 at 0.8 PAT; the consumer has 1,000 PAT.
  market = await startQuietDemoMarket('cli-orders', createLogger('silent'), consumer.address);
  series = market.series;
}, 120_000);

afterAll(async () => {
  await market?.close();
});

describe('patx order, patx orders --history', () => {
  it('one order by id or client order id: a cancelled bid with its reason, a filled IOC with its average price; the history newest first, by state, paged', async () => {
    const resting = await json<{ orderId: number; status: string }>(['buy', String(series.id), '1', '--limit', '0.7', '--client-order-id', '4242']);
    expect(resting.status).toBe('NEW');
    expect(await json<OrderView>(['order', String(resting.orderId)])).toMatchObject({ orderId: resting.orderId, status: 'NEW', clientOrderId: 4242 });
    expect((await cli(['cancel', String(resting.orderId)])).code).toBe(0);
    const cancelled = await json<OrderView>(['order', '--client-order-id', '4242']);
    expect(cancelled).toMatchObject({ orderId: resting.orderId, status: 'CANCELED', cancelReason: 'USER', leavesQty: 0 });
    const text = await cli(['order', String(resting.orderId)]);
    expect(text.out).toMatch(/^state +cancelled \(USER\)$/m);
    expect(text.out).toMatch(/^client order id +4242$/m);

    const bought = await json<{ orderId: number }>(['buy', String(series.id), '2', '--limit', '0.8', '--ioc']);
    const filled = await json<OrderView>(['order', String(bought.orderId)]);
    expect(filled).toMatchObject({ status: 'FILLED', cumQty: 2, avgPriceMicros: 800_000, timeInForce: 'IOC' });
    expect((await cli(['order', String(bought.orderId)])).out).toMatch(/^filled at +0\.8000 PAT on average/m);

    const history = await json<OrderPage>(['orders', '--history']);
    expect(history.orders.map((o) => o.orderId)).toEqual([bought.orderId, resting.orderId]);
    expect((await json<OrderPage>(['orders', '--history', '--status', 'open'])).orders).toEqual([]);
    const first = await json<OrderPage>(['orders', '--history', '--limit', '1']);
    expect(first.next).toBe(bought.orderId);
    expect((await json<OrderPage>(['orders', '--history', '--before', String(first.next)])).orders.map((o) => o.orderId)).toEqual([resting.orderId]);
    const table = await cli(['orders', '--history', String(series.id)]);
    expect(table.out).toContain('cancelled (USER)');
    expect(table.out).toMatch(/2 order\(s\)$/);
  });

  it('an order sent without --client-order-id is found by the client order id patx buy gave it (16 digits: ms × 1000 + a random part); past 2^53 - 1 is a usage error', async () => {
    // `patx order --client-order-id` took 15 digits at most, so every id the CLI made itself (shown by `patx order`) was refused, exit 2.
    const sent = await json<{ orderId: number }>(['buy', String(series.id), '1', '--limit', '0.6']);
    const view = await json<OrderView>(['order', String(sent.orderId)]);
    expect(String(view.clientOrderId)).toMatch(/^\d{16}$/);
    expect(await json<OrderView>(['order', '--client-order-id', String(view.clientOrderId)])).toMatchObject({ orderId: sent.orderId, clientOrderId: view.clientOrderId });
    expect((await cli(['cancel', String(sent.orderId)])).code).toBe(0);
    const tooLarge = await cli(['order', '--client-order-id', '9007199254740992']);
    expect(tooLarge.code).toBe(2);
    expect(oneLine(tooLarge)).toMatch(/expected a client order id \(a whole number from 1 to 2\^53 - 1\)$/);
  });

  it("another wallet's order, or none: UNKNOWN_ORDER in one line; history options without --history are refused", async () => {
    const other = Wallet.createRandom();
    await credit(market.service, await openAccount(market.service, Role.CONSUMER, other.address.toLowerCase()), 10n ** 20n);
    const theirs = await json<{ orderId: number }>(['buy', String(series.id), '1', '--limit', '0.5'], { PATX_WALLET_KEY: other.privateKey });
    const r = await cli(['order', String(theirs.orderId)]);
    expect(r.code).toBe(1);
    expect(oneLine(r)).toMatch(new RegExp(`^patx: UNKNOWN_ORDER: order ${theirs.orderId} is not one of yours`));
    expect(oneLine(await cli(['order', '99999999']))).toMatch(/^patx: UNKNOWN_ORDER: order 99999999 is not one of yours/);
    expect((await cli(['order'])).code).toBe(2);
    expect((await cli(['orders', '--status', 'closed'])).code).toBe(2);
    expect((await cli(['cancel', '--all'], { PATX_WALLET_KEY: other.privateKey })).code).toBe(0);
  });
});
