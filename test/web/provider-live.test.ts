/**
 * The provider page left open (#/provider) follows its deliveries, end to end in Debian's Chromium against the
 * service started here (temp data dir, ports 0, settlement off, the broker quoting) with the demo listings and
 * the demo provider's gate. The page read its grants and payout statement at sign-in and at a sale from the page
 * only: a consumer who bought, exercised and downloaded meanwhile moved the provider's PAT (its held proceeds
 * released by the receipt), the page's Available with it, and its Deliveries still said "No grants yet". Here
 * the demo provider signs in with its dev key; a consumer buys its rights, exercises and downloads at the gate
 * outside the page; the page lists that grant, delivered, without a reload. A grant alone (exercised, no download yet)
 * moved none of the provider's figures, so it showed only after a reload (an audit): the gateway now tells the
 * provider's sessions, and no one else's, with one GrantIssued frame per exercise.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, TradingClient, type GrantIssued } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { startDemoProviderServer, type DemoProviderServer } from '../../src/demo/provider-servers.js';
import { CommandKind, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { grantAtAsk, providerSellsToBroker } from '../support/broker-rights.js';
import { until } from '../support/exchange-fixture.js';
import { logger, longestOpenSpot, newListingVersion, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';

const DEV_KEY_INDEX = 5;
const consumer = new Wallet(HARDHAT_KEYS[7]!);
let h: ConsoleHarness;
let server: DemoProviderServer;
let trader: TradingClient;
let series: Series;

beforeAll(async () => {
  expect(HARDHAT_KEYS[DEV_KEY_INDEX]).toBe(DEMO_PROVIDER_KEY);
  h = await startConsole('provider-live', { quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 500, params: {} } });
  const { service, base, dir } = h;
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger);
  server = await startDemoProviderServer({ dataDir: dir, host: '127.0.0.1', port: 0, exchangeUrl: base, log: logger });
  await newListingVersion(service, 'AUTO_INTENT', { deliveryEndpoint: `http://127.0.0.1:${server.port}/records`, changeLog: 'delivery endpoint of this test' });
  await server.listingsChanged();
  series = longestOpenSpot(service, 'AUTO_INTENT');
  await providerSellsToBroker(service, new Wallet(DEMO_PROVIDER_KEY).address, series.id, { mint: 10, sell: 6 });
  trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: consumer });
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 20n, ref: 'provider-live' });
}, 120_000);

afterAll(async () => {
  await trader?.close();
  await stopConsole(h, server);
});

describe('web console: the provider page left open', () => {
  it('lists a grant on its rights, delivered, once the consumer’s receipt moves its PAT', async () => {
    const { page, errors } = await openPage(h, '#/provider');
    await signInWithDevKey(page, h.service, DEV_KEY_INDEX, DEMO_PROVIDER_KEY);
    await page.waitForSelector('[data-testid=deliveries]:has-text("No grants yet")', { timeout: 15_000 });

    // Outside the page: a consumer buys 2 at the ask, exercises them and downloads at the provider's gate (the receipt releases the proceeds).
    const grant = await grantAtAsk(h.service, trader, series.id, 2);
    let outcome = '';
    await until(async () => (outcome = (await downloadWithGrant(h.base, consumer, grant, 2)).outcome) === 'received', 'the records at the gate', 30_000, 500);
    expect(outcome).toBe('received');

    const row = page.locator(`[data-testid=deliveries] tr[data-grant-id="${grant.grant.grantId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await until(async () => /delivered|released/.test((await row.locator('[data-testid=escrow]').textContent()) ?? ''), 'the grant shown delivered', 20_000);
    expect(await page.locator('[data-testid=owed-stale]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('lists a new grant on its rights at once, with no receipt; the frame goes to the provider’s sessions only', async () => {
    const { page, errors } = await openPage(h, '#/provider');
    await signInWithDevKey(page, h.service, DEV_KEY_INDEX, DEMO_PROVIDER_KEY);
    await page.waitForSelector('[data-testid=deliveries]', { timeout: 15_000 });
    // Another session of the provider, the consumer's own and a stranger's, each listening for GrantIssued frames.
    const url = `ws://127.0.0.1:${h.service.gateway.port}/v1/trade`;
    const provider = await TradingClient.connect(url, { wallet: new Wallet(DEMO_PROVIDER_KEY) });
    const stranger = await TradingClient.connect(url, { wallet: new Wallet(HARDHAT_KEYS[8]!) });
    const heard = { provider: [] as GrantIssued[], consumer: [] as GrantIssued[], stranger: [] as GrantIssued[] };
    provider.onGrantIssued((g) => heard.provider.push(g));
    trader.onGrantIssued((g) => heard.consumer.push(g));
    stranger.onGrantIssued((g) => heard.stranger.push(g));
    try {
      // Outside the page: bought and exercised, nothing downloaded (no receipt: the provider's PAT does not move).
      const grant = await grantAtAsk(h.service, trader, series.id, 1);
      await page.locator(`[data-testid=deliveries] tr[data-grant-id="${grant.grant.grantId}"]`).waitFor({ timeout: 10_000 });
      await until(() => heard.provider.length > 0, 'the provider’s other session told of the grant', 5_000);
      expect(heard.provider.map((g) => [Number(g.grantId), Number(g.seriesId)])).toEqual([[grant.grant.grantId, series.id]]);
      expect(heard.consumer).toEqual([]);
      expect(heard.stranger).toEqual([]);
      expect(await page.locator('[data-testid=owed-stale]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await provider.close();
      await stranger.close();
    }
  });

  it('pages its deliveries past the first ten as the API pages a newest-first list: Older before the last grant shown, Newer back, never by offset', async () => {
    // Twelve grants in all (two above, ten more here, one right each): two pages of ten.
    await providerSellsToBroker(h.service, new Wallet(DEMO_PROVIDER_KEY).address, series.id, { mint: 10, sell: 10 });
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push((await grantAtAsk(h.service, trader, series.id, 1)).grant.grantId);
    const { page, errors } = await openPage(h, '#/provider');
    const asked: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/v1/provider/grants') asked.push(u.search);
    });
    await signInWithDevKey(page, h.service, DEV_KEY_INDEX, DEMO_PROVIDER_KEY);
    const range = page.locator('[data-testid=deliveries-range]');
    await page.waitForSelector('[data-testid=deliveries-range]:text-is("1–10 of 12")', { timeout: 15_000 });
    const shown = async (): Promise<number[]> => (await page.locator('[data-testid=deliveries] tr[data-grant-id]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-grant-id')))));
    const first = await shown();
    expect(first).toEqual([...ids].reverse());
    expect(await page.locator('[data-testid=deliveries-newer]').isDisabled()).toBe(true);

    await page.locator('[data-testid=deliveries-older]').click();
    await page.waitForSelector('[data-testid=deliveries-range]:text-is("11–12 of 12")', { timeout: 10_000 });
    const second = await shown();
    expect(second).toHaveLength(2);
    expect(Math.max(...second)).toBeLessThan(Math.min(...first));
    expect(asked.at(-1)).toBe(`?before=${first.at(-1)}&count=1&limit=10`);
    expect(await page.locator('[data-testid=deliveries-older]').isDisabled()).toBe(true);

    await page.locator('[data-testid=deliveries-newer]').click();
    await page.waitForSelector('[data-testid=deliveries-range]:text-is("1–10 of 12")', { timeout: 10_000 });
    expect(await shown()).toEqual(first);
    expect(asked.at(-1)).toBe('?limit=10');
    expect(asked.filter((q) => q.includes('offset'))).toEqual([]);
    expect(await range.textContent()).toBe('1–10 of 12');
    expect(errors).toEqual([]);
  });

  it('says the count current on a later page: a grant issued while the second page is shown moves its "of N" there (it kept the first page\'s until Newer)', async () => {
    const { page, errors } = await openPage(h, '#/provider');
    const asked: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/v1/provider/grants') asked.push(u.search);
    });
    await signInWithDevKey(page, h.service, DEV_KEY_INDEX, DEMO_PROVIDER_KEY);
    const shown = async (): Promise<number[]> => (await page.locator('[data-testid=deliveries] tr[data-grant-id]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-grant-id')))));
    await page.waitForSelector('[data-testid=deliveries-range]:text-is("1–10 of 12")', { timeout: 15_000 });
    const first = await shown();
    await page.locator('[data-testid=deliveries-older]').click();
    await page.waitForSelector('[data-testid=deliveries-range]:text-is("11–12 of 12")', { timeout: 10_000 });
    const second = await shown();

    // Outside the page: one more grant (its GrantIssued frame reads the page shown again: the page before the same grant).
    const read = asked.length;
    await grantAtAsk(h.service, trader, series.id, 1);
    await page.waitForSelector('[data-testid=deliveries-range]:text-is("11–12 of 13")', { timeout: 10_000 });
    expect(asked.slice(read).length).toBeGreaterThan(0);
    expect(new Set(asked.slice(read))).toEqual(new Set([`?before=${first.at(-1)}&count=1&limit=10`]));
    expect(await shown()).toEqual(second);
    expect(errors).toEqual([]);
  });
});
