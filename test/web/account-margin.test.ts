/**
 * The account page's margin panel (GET /v1/margin-events, wallet-signed, read again on a MarginTopUp or
 * SyntheticLiquidation frame) in Debian's Chromium against the service started here (temp data dir, ports 0,
 * settlement and the quoter off). A signed-in institution short a synthetic sees no margin panel while the marks
 * leave it alone; the spot's price rises a fifth and the service's own marking timer, its clock (and the page's)
 * moved an hour on (the mark is the index over the hour before it), tops its lock up with the little free PAT it has and hands the
 * short to the broker: without a reload the panel shows both rows, the liquidation first, with the penalty, what is
 * owed and the lock after. Saves a screenshot to /tmp/console-margin.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, OrderType, Role, SelfTradePrevention, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce, WEI_PER_MICRO, type Command, type EngineEvent, type Series } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { longestOpenSpot } from '../support/subscription-market.js';

const SHORT_KEY_INDEX = 7;
const OPERATOR = 2;
let h: ConsoleHarness;
/** How far the service's clock runs ahead of the wall's: an hour, for the mark (the page's clock moves with it). */
let clockOffsetMs = 0;

const send = async (cmd: Command): Promise<EngineEvent[]> => (await h.service.sequencer.submit(cmd)).events;
const order = (actor: number, seriesId: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce): Command =>
  ({ kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });

beforeAll(async () => {
  h = await startConsole('account-margin', { quoting: { enabled: false } }, () => Date.now() + clockOffsetMs);
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console: your margin events', () => {
  it('a top-up and a liquidation at a mark show in the margin panel without a reload; none, no panel', async () => {
    // The page's clock (Playwright's) is moved with the service's, so its signed reads state the service's time.
    const { page, errors } = await openPage(h, '#/account', undefined, (p) => p.clock.install());
    try {
      // The spot window with the most time left, whatever its segment: the marks below are an hour ahead, and every
      // AUTO_INTENT window closes at midnight UTC (the weekly one on Thursdays: at 23:20 on a Wednesday it expired instead).
      const spot: Series = longestOpenSpot(h.service, Date.now());
      expect(spot.spec.closeAtMs - Date.now(), spot.spec.contract).toBeGreaterThan(2 * 3_600_000);
      const tick = spot.spec.tickMicros;
      const price = Math.round((spot.spec.minPriceMicros + spot.spec.maxPriceMicros) / 2 / tick) * tick;
      await send({ kind: CommandKind.SET_REFERENCE_PRICE, actor: OPERATOR, seriesId: spot.id, priceMicros: price });
      await send({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
      const listed = (await send({ ...spot.spec, kind: CommandKind.LIST_SERIES, actor: OPERATOR, seriesKind: SeriesKind.SYNTHETIC })).find((e) => e.type === EventType.SERIES_LISTED)!;
      const synth = listed.seriesId;

      const short = await signInWithDevKey(page, h.service, SHORT_KEY_INDEX, HARDHAT_KEYS[SHORT_KEY_INDEX]!);
      const long = (await send({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
      const margin = Math.ceil((10 * price * h.service.engine.risk.syntheticInitialMarginBps) / 10_000);
      for (const [id, micros] of [[short, margin + Math.floor(price / 2)], [long, 100 * margin]] as const) {
        await send({ kind: CommandKind.SET_INSTITUTION, actor: OPERATOR, accountId: id, qualified: true });
        await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: BigInt(micros) * WEI_PER_MICRO, ref: `margin:${id}` });
      }
      expect((await send(order(short, synth, Side.SELL, price, 10, TimeInForce.GTC))).some((e) => e.type === EventType.ORDER_ACCEPTED)).toBe(true);
      expect((await send(order(long, synth, Side.BUY, price, 10, TimeInForce.IOC))).some((e) => e.type === EventType.FILL)).toBe(true);
      await page.waitForSelector('[data-testid=settlements]', { timeout: 10_000 });
      expect(await page.locator('[data-testid=margin-events]').count()).toBe(0); // nothing yet: no panel

      const released: EngineEvent[] = [];
      h.service.sequencer.onRelease((batch) => {
        for (const e of batch.events) if (e.type === EventType.MARGIN_TOPPED_UP || e.type === EventType.SYNTHETIC_LIQUIDATED) released.push(e);
      });
      const risen = Math.round((price * 1.2) / tick) * tick;
      await send({ kind: CommandKind.SET_REFERENCE_PRICE, actor: OPERATOR, seriesId: spot.id, priceMicros: risen });
      await send(order(h.service.engine.brokerId, spot.id, Side.BUY, risen - tick, 10, TimeInForce.GTC));
      clockOffsetMs = 61 * 60_000; // the marking timer (once a second) marks the hour ahead
      await page.clock.setSystemTime(Date.now() + clockOffsetMs);
      for (let waited = 0; !released.some((e) => e.type === EventType.SYNTHETIC_LIQUIDATED); waited += 50) {
        if (waited > 10_000) throw new Error('no mark liquidated the short');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      const rows = page.locator('[data-testid=margin-events] tbody tr');
      await rows.nth(1).waitFor({ timeout: 15_000 }).catch(async (error: unknown) => {
        await page.screenshot({ path: '/tmp/console-margin-failed.png', fullPage: true });
        throw error;
      });
      expect(await rows.count()).toBe(2);
      const liquidation = released.find((e) => e.type === EventType.SYNTHETIC_LIQUIDATED)!;
      const topUp = released.find((e) => e.type === EventType.MARGIN_TOPPED_UP && e.accountId === short)!;
      expect(await rows.nth(0).getAttribute('data-event')).toBe('LIQUIDATION');
      expect(await rows.nth(0).locator('[data-testid=margin-event]').innerText()).toBe('liquidated');
      expect(await rows.nth(1).getAttribute('data-event')).toBe('TOP_UP');
      expect(Number(await rows.nth(1).getAttribute('data-seq'))).toBe(topUp.seq);
      const pat4 = (micros: number): string => (micros / 1e6).toFixed(4);
      if (topUp.type !== EventType.MARGIN_TOPPED_UP || liquidation.type !== EventType.SYNTHETIC_LIQUIDATED) throw new Error('margin events');
      expect(await rows.nth(1).locator('[data-testid=margin-amount]').innerText()).toBe(pat4(topUp.topUpMicros));
      expect(await rows.nth(0).locator('[data-testid=margin-amount]').innerText()).toContain(`−${pat4(liquidation.penaltyMicros)}`);
      expect(await rows.nth(0).locator('[data-testid=margin-amount]').innerText()).toContain(`${pat4(liquidation.owedMicros)} owed`);
      await page.locator('[data-testid=margin-events]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: '/tmp/console-margin.png' });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
