/**
 * A series whose window has closed, in the console (Debian's Chromium, playwright-core, against the service started
 * here): the market store and a session's series list hold only live series, so a link to an expired series said "No
 * live series N." as if it had never existed, and the provider's and the account's rows of it named no contract
 * ("series N"). Here a one-hour spot series closing seconds after it is listed gets a provider's supply, a sale to the
 * broker and a consumer's purchase, and is expired; then its series page says it expired and when its window closed
 * (an id never listed says so apart), the provider's supply row and the consumer's purchase name its contract.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, EventType, Role, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce, type Command } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { limitOrder, until } from '../support/exchange-fixture.js';
import { date } from '../../web/src/format.js';

const CONTRACT = 'AUTO_INTENT|1h|0.70-0.85';
const CONSUMER_KEY_INDEX = 7;
let h: ConsoleHarness;
let seriesId = 0;
let closeAtMs = 0;

async function send(command: Command) {
  const events = (await h.service.sequencer.submit(command)).events;
  // Every step must take: a refusal here would leave the page nothing to show.
  expect(events.map((e) => e.type), JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(EventType.COMMAND_REJECTED);
  return events;
}

/** A provider's 4 rights minted, 2 sold to the broker, 2 bought by the consumer from it, all before the close. */
async function tradeInTheSeries(provider: number, consumer: number): Promise<void> {
  const broker = h.service.engine.brokerId;
  for (const accountId of [broker, consumer]) await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 10n ** 21n, ref: `closed-series-${accountId}` });
  await send({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: 10 });
  await send({ kind: CommandKind.MINT, actor: provider, seriesId, qty: 4 });
  // At the reference price (rounded to the tick): inside the risk band on either side.
  const reference = h.service.engine.seriesById(seriesId)!.referencePriceMicros;
  const priceMicros = reference > 0 ? Math.round(reference / 1000) * 1000 : 50_000;
  await send(limitOrder(broker, seriesId, Side.BUY, priceMicros, 2));
  const sold = await send(limitOrder(provider, seriesId, Side.SELL, priceMicros, 2, TimeInForce.IOC));
  expect(sold.some((e) => e.type === EventType.FILL)).toBe(true);
  await send(limitOrder(broker, seriesId, Side.SELL, priceMicros, 2));
  const bought = await send(limitOrder(consumer, seriesId, Side.BUY, priceMicros, 2, TimeInForce.IOC));
  expect(bought.some((e) => e.type === EventType.FILL)).toBe(true);
}

beforeAll(async () => {
  h = await startConsole('closed-series');
  await publishDemoListings(h.service.catalog, h.service.engine, h.service.sequencer, Date.now, logger);
  const provider = h.service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase())!;
  const opened = (await send({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: new Wallet(HARDHAT_KEYS[CONSUMER_KEY_INDEX]!).address.toLowerCase() })).find((e) => e.type === EventType.ACCOUNT_OPENED)!;
  // A one-hour window that closes 6 s from now: time enough to trade in it, then it expires.
  closeAtMs = Date.now() + 6_000;
  const [listed] = await send({ kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: CONTRACT, seriesKind: SeriesKind.SPOT, openAtMs: closeAtMs - 3_600_000, closeAtMs, tickMicros: 1000, lotSize: 1, minPriceMicros: 1000, maxPriceMicros: 10_000_000, maxOrderQty: 100_000, bandBps: 500 });
  seriesId = listed!.type === EventType.SERIES_LISTED ? listed!.seriesId : 0;
  await tradeInTheSeries(provider, opened.accountId);
  await until(() => Date.now() > closeAtMs, 'the close', 15_000, 100);
  const expired = await send({ kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId, cutoffMs: Date.now() });
  expect(expired.some((e) => e.type === EventType.SERIES_STATUS_CHANGED)).toBe(true);
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console: a series whose window has closed', () => {
  it('its series page says it expired and when its window closed; an id never listed says so apart', async () => {
    const { page, errors } = await openPage(h, `#/series/${seriesId}`);
    const said = page.locator('[data-testid=series-not-live]');
    await said.waitFor({ timeout: 15_000 });
    expect(await said.getAttribute('data-status')).toBe('EXPIRED');
    expect(await said.textContent()).toBe(
      `Series #${seriesId} has expired: its window closed at ${date(closeAtMs)} UTC, and it no longer trades. Rights still held in it can no longer be exercised; access grants already issued keep their own expiry (Account, Grants).`,
    );
    expect(await page.locator('h1.series-title').textContent()).toBe(`${CONTRACT} SPOT`);
    expect(await page.locator('main').textContent()).not.toContain('No live series');
    await page.screenshot({ path: '/tmp/patx-closed-series-page.png', fullPage: true });

    await page.goto(`${h.base}/#/series/99999`);
    await page.waitForSelector('[data-testid=series-not-live][data-status=UNKNOWN]', { timeout: 15_000 });
    expect(await said.textContent()).toBe('No series 99999: the exchange has never listed a series with this id.');

    // Its option chain's page says the window closed, not that it has no live options.
    await page.goto(`${h.base}/#/chain/${seriesId}`);
    const chain = page.locator('[data-testid=chain-none]:has-text("closed")');
    await chain.waitFor({ timeout: 15_000 });
    expect(await chain.textContent()).toBe(
      `The window of ${CONTRACT} (spot series ${seriesId}) closed at ${date(closeAtMs)} UTC: its options expired with it and no longer trade; each settled on the window's index (its series page says at what).`,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the provider's supply row and the consumer's purchase name its contract", async () => {
    const { page, errors } = await openPage(h, '#/provider');
    await signInWithDevKey(page, h.service, 5, DEMO_PROVIDER_KEY);
    const supply = page.locator(`[data-testid=positions] tr[data-series-id="${seriesId}"] td.acct-series`);
    await page.waitForFunction((id) => document.querySelector(`[data-testid=positions] tr[data-series-id="${id}"] td.acct-series a`)?.textContent !== `series ${id}`, seriesId, { timeout: 15_000 });
    expect(await supply.locator('a').textContent()).toBe(CONTRACT);
    expect(await supply.locator('.sid').textContent()).toBe(`#${seriesId} · EXPIRED · ${date(closeAtMs - 3_600_000)}`);
    await page.screenshot({ path: '/tmp/patx-closed-series-provider.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();

    const account = await openPage(h, '#/account');
    await signInWithDevKey(account.page, h.service, CONSUMER_KEY_INDEX, HARDHAT_KEYS[CONSUMER_KEY_INDEX]!);
    const purchase = account.page.locator('[data-testid=purchases] tbody tr td.acct-series').first();
    await account.page.waitForFunction(() => /\|/.test(document.querySelector('[data-testid=purchases] tbody tr td.acct-series a')?.textContent ?? ''), undefined, { timeout: 15_000 });
    expect(await purchase.locator('a').textContent()).toBe(CONTRACT);
    expect(await purchase.locator('.sid').textContent()).toBe(`#${seriesId} · SPOT · EXPIRED · ${date(closeAtMs - 3_600_000)}`);
    expect(account.errors).toEqual([]);
    await account.page.close();
  });
});
