/**
 * `patx fills` and `patx settlements` (src/cli/fills.ts) against one running service (real LMDB, uWS,
 * signatures, HTTP: the wallet-signed GET /v1/fills and /v1/settlements): the consumer's buy at the
 * broker's ask (taker) and its resting bid the broker sells into (maker), each with its side, price,
 * fee and order; the demo provider's sale (a consumer never sells spot: every spot trade has the
 * broker on one side) from its side; paging by --before; --series by contract.
 * A wallet the exchange has no account for is refused NO_ACCOUNT in one line and none is opened.
 * A consumer holding spot only has no cash settlements (their rows: test/cli/fills-text.test.ts).
 * Fees are on (maker 50 bps, taker 100 bps on SPOT) so each fill's fee is one to check.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { CommandKind, Side, SYSTEM_ACTOR, TimeInForce, type Series } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { FillPage } from '../../src/client/market.js';
import { startQuietDemoMarket, type QuietDemoMarket } from '../support/demo-gate.js';
import { oneLine, patxInProcess } from '../support/patx-cli.js';
import { until } from '../support/exchange-fixture.js';
import { order, send } from '../support/subscription-market.js';
import { signedRequest } from '../../src/client/signed-http.js';

let market: QuietDemoMarket;
let series: Series;
const consumer = Wallet.createRandom();
const provider = new Wallet(DEMO_PROVIDER_KEY);

function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  return patxInProcess(args, { PATX_WALLET_KEY: consumer.privateKey, PATX_URL: market.base, PATX_CONFIRM_ABOVE: undefined, ...env });
}

async function json<T>(args: string[], env: Record<string, string | undefined> = {}): Promise<T> {
  const r = await cli(['--json', ...args], env);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

beforeAll(async () => {
  // The broker asks 50 at 0.8 PAT (bought from the demo provider at 0.5); the consumer has 1,000 PAT.
  market = await startQuietDemoMarket('cli-fills', createLogger('silent'), consumer.address);
  series = market.series;
  for (const [name, value] of [['fee.makerBps:SPOT', 50], ['fee.takerBps:SPOT', 100]] as const) await send(market.service, { kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name, value });
}, 120_000);

afterAll(async () => {
  await market?.close();
});

describe('patx fills, settlements', () => {
  it('before any trade: none yet, in words; a stranger wallet: NO_ACCOUNT in one line, and no account opened', async () => {
    expect(await cli(['fills'])).toEqual({ code: 0, out: 'no fills yet', err: '' });
    expect(await cli(['settlements'])).toEqual({ code: 0, out: "no settlements yet (cash-settled synthetics and options settle at their window's close)", err: '' });
    const stranger = Wallet.createRandom();
    for (const what of ['fills', 'settlements']) {
      const r = await cli([what], { PATX_WALLET_KEY: stranger.privateKey });
      expect(r.code, what).toBe(1);
      expect(oneLine(r)).toBe(`patx: NO_ACCOUNT: ${stranger.address} has no account at this exchange yet, so no ${what}, and this command opens none: patx account open opens a consumer's (so does a first deposit, buy or subscription), patx provider open a data provider's (an account keeps the role it opened with)`);
      const j = await cli(['--json', what], { PATX_WALLET_KEY: stranger.privateKey });
      expect(JSON.parse(j.err)).toMatchObject({ error: 'NO_ACCOUNT' });
    }
    expect(market.service.engine.accountIdByAddress.get(stranger.address.toLowerCase())).toBeUndefined();
  });

  it("a buy at the broker's ask (taker) and a resting bid the broker sells into (maker): each fill with its side, price, fee, liquidity and order, newest first; the provider's sale from its side", async () => {
    const taker = await json<{ orderId: number; feeMicros: number }>(['buy', String(series.id), '2', '--limit', '0.8', '--ioc']);
    expect(taker.feeMicros).toBe(16_000); // 1.6 PAT × 100 bps
    const resting = await json<{ orderId: number; status: string }>(['buy', String(series.id), '1', '--limit', '0.7']);
    expect(resting.status).toBe('NEW');
    // Spot is broker-intermediated (a consumer never resells, nor meets another customer): the provider sells a new right
    // to the broker's bid (its order rests, the broker takes), and the broker sells it into the consumer's bid.
    const providerId = market.service.engine.accountIdByAddress.get(provider.address.toLowerCase())!;
    const broker = market.service.engine.brokerId;
    await send(market.service, { kind: CommandKind.MINT, actor: providerId, seriesId: series.id, qty: 1 });
    const sale = await json<{ orderId: number; status: string }>(['sell', String(series.id), '1', '--limit', '0.5'], { PATX_WALLET_KEY: DEMO_PROVIDER_KEY });
    expect(sale.status).toBe('NEW');
    await send(market.service, order(broker, series.id, Side.BUY, 500_000, 1, TimeInForce.IOC));
    await send(market.service, order(broker, series.id, Side.SELL, 700_000, 1, TimeInForce.IOC));

    // The fills are derived from the journal as each turn is released: wait for the last one (as the purchases test does).
    let page = await json<FillPage>(['fills']);
    await until(async () => (page = await json<FillPage>(['fills'])).fills.length === 2, "the broker's sale among the consumer's fills", 10_000);
    expect(page.next).toBeNull();
    expect(page.fills).toEqual([
      expect.objectContaining({ seriesId: series.id, contract: series.spec.contract, kind: 'SPOT', side: 'BUY', priceMicros: 700_000, qty: 1, notionalMicros: 700_000, feeMicros: 3_500, liquidity: 'MAKER', orderId: resting.orderId, leavesQty: 0 }),
      expect.objectContaining({ seriesId: series.id, contract: series.spec.contract, kind: 'SPOT', side: 'BUY', priceMicros: 800_000, qty: 2, notionalMicros: 1_600_000, feeMicros: 16_000, liquidity: 'TAKER', orderId: taker.orderId, leavesQty: 0 }),
    ]);
    const [newer, older] = page.fills;
    expect(newer!.tradeId).toBeGreaterThan(older!.tradeId);

    const text = await cli(['fills']);
    expect(text.err).toBe('');
    const lines = text.out.split('\n');
    expect(lines[0]).toMatch(/^TIME\s+TRADE\s+SERIES\s+CONTRACT\s+KIND\s+SIDE\s+QTY\s+PRICE PAT\s+FEE PAT\s+LIQ\s+ORDER$/);
    expect(lines[1]!.split(/\s{2,}/)).toEqual([expect.stringMatching(/ UTC$/), String(newer!.tradeId), String(series.id), series.spec.contract, 'SPOT', 'BUY', '1', '0.7000', '0.0035', 'maker', String(resting.orderId)]);
    expect(lines[2]!.split(/\s{2,}/)).toEqual([expect.stringMatching(/ UTC$/), String(older!.tradeId), String(series.id), series.spec.contract, 'SPOT', 'BUY', '2', '0.8000', '0.0160', 'taker', String(taker.orderId)]);
    expect(lines.at(-1)).toBe('2 fill(s)');

    // The provider's side: its sale through the CLI, maker (0.5 PAT × 50 bps), above its first sale to the broker (before fees).
    const sold = await json<FillPage>(['fills'], { PATX_WALLET_KEY: DEMO_PROVIDER_KEY });
    expect(sold.fills).toEqual([
      expect.objectContaining({ seriesId: series.id, kind: 'SPOT', side: 'SELL', priceMicros: 500_000, qty: 1, feeMicros: 2_500, liquidity: 'MAKER', orderId: sale.orderId, leavesQty: 0 }),
      expect.objectContaining({ seriesId: series.id, kind: 'SPOT', side: 'SELL', priceMicros: 500_000, qty: 50, feeMicros: 0, liquidity: 'MAKER' }),
    ]);
    const soldText = (await cli(['fills'], { PATX_WALLET_KEY: DEMO_PROVIDER_KEY })).out.split('\n');
    expect(soldText[1]!.split(/\s{2,}/).slice(5)).toEqual(['SELL', '1', '0.5000', '0.0025', 'maker', String(sale.orderId)]);

    // Spot only: nothing cash-settled.
    expect((await cli(['settlements'])).out).toBe("no settlements yet (cash-settled synthetics and options settle at their window's close)");
  });

  it('pages by --before (the footer names it); --series by contract; a bad --limit, --before or --series exits 2', async () => {
    const first = await cli(['fills', '--limit', '1']);
    const footer = first.out.split('\n').at(-1)!;
    const next = Number(/^1 fill\(s\); --before (\d+) for more$/.exec(footer)?.[1]);
    expect(next, footer).toBeGreaterThan(0);
    const rest = await json<FillPage>(['fills', '--limit', '1', '--before', String(next)]);
    expect(rest.fills).toHaveLength(1);
    expect(rest.fills[0]).toMatchObject({ side: 'BUY', qty: 2, liquidity: 'TAKER' });
    expect(rest.fills[0]!.tradeId).toBeLessThan(next + 1);
    expect((await cli(['fills', '--before', String(rest.fills[0]!.tradeId)])).out).toBe(`no fills before trade ${rest.fills[0]!.tradeId}`);

    const bySeries = await json<FillPage>(['fills', '--series', series.spec.contract]);
    expect(bySeries.fills.map((f) => f.seriesId)).toEqual([series.id, series.id]);

    for (const bad of [['--limit', '0'], ['--limit', '1001'], ['--before', 'abc'], ['--before', '0'], ['--series', 'x y']]) {
      for (const what of ['fills', 'settlements']) expect((await cli([what, ...bad])).code, `${what} ${bad.join(' ')}`).toBe(2);
    }
  });

  it('a signed GET with a query field the route does not take is INVALID_FIELD naming it, not every fill unfiltered', async () => {
    const misspelt = await signedRequest<{ error: string; message: string }>(market.base, consumer, 'GET', `/v1/fills?series=${series.id}`);
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error).toBe('INVALID_FIELD');
    expect(misspelt.body.message).toContain('"series" is not a field of this route');
    expect((await signedRequest(market.base, consumer, 'GET', `/v1/fills?seriesId=${series.id}`)).status).toBe(200);
  });
});
