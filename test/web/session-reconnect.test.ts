/**
 * A tab left open across a service restart trades again (web/src/account-session.ts), in Debian's
 * Chromium against the service started here (temp data dir, fixed free ports so the restarted
 * service answers at the same address, settlement off). Signed in with a dev key on #/account and
 * on a series page's ticket; the service stops: both pages say "Reconnecting…", the ticket sends
 * nothing and the account page's buy is refused "not connected" with no order frame sent; the
 * service starts again on the same data: both sessions log in again by themselves (the banner goes),
 * and an order from each is taken. An action's outcome is never replaced by a later read's failure.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startService } from '../../src/app/service.js';
import { CommandKind, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { wire } from '../../src/proto/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, longestOpenSpot, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';

const DEV_KEY_INDEX = 4;
let h: ConsoleHarness;
let series: Series;
let ports: { port: number; marketDataPort: number };

/** Counts the orders a page sends on its trading socket (/v1/trade), from the frames themselves. */
function countOrdersSent(page: Page): { newOrders: number } {
  const sent = { newOrders: 0 };
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/v1/trade')) return;
    ws.on('framesent', (f) => {
      if (typeof f.payload !== 'string' && wire.ClientFrame.decode(f.payload).newOrder != null) sent.newOrders++;
    });
  });
  return sent;
}

beforeAll(async () => {
  ports = { port: await freePort(), marketDataPort: await freePort() };
  h = await startConsole('reconnect', { gateway: ports });
  series = longestOpenSpot(h.service, 'AUTO_INTENT');
}, 120_000);

afterAll(() => stopConsole(h));

describe('web console: a signed-in tab across a service restart', () => {
  it('says "Reconnecting…" and sends nothing while the service is down, then signs in again by itself and trades', async () => {
    const acct = await openPage(h, '#/account');
    const ser = await openPage(h, `#/series/${series.id}`);
    const sentAcct = countOrdersSent(acct.page);
    const sentSer = countOrdersSent(ser.page);
    try {
      const accountId = await signInWithDevKey(acct.page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
      await h.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 5n * 10n ** 18n, ref: 'reconnect' });
      await ser.page.waitForSelector('[data-testid=ticket] [data-testid=signin-dev]', { timeout: 15_000 });
      await signInWithDevKey(ser.page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
      await ser.page.waitForSelector('[data-testid=ticket-available]:text-is("5.0000 PAT")', { timeout: 10_000 });

      // The service stops (its gateway closes every session, 1001): both pages say so.
      await h.service.stop();
      for (const p of [acct.page, ser.page]) await p.waitForSelector('[data-testid=session-connection][data-state=reconnecting]', { timeout: 15_000 });
      expect(await acct.page.locator('[data-testid=session-connection]').textContent()).toContain('Reconnecting… The trading connection was lost: connection closed (1001: server shutting down). This page signs in again by itself');

      // Nothing is sent meanwhile: the ticket's button says why; the account page's buy is refused by name, in the page.
      const submit = ser.page.locator('[data-testid=ticket-submit]');
      expect(await submit.isDisabled()).toBe(true);
      expect(await submit.textContent()).toBe('Not connected: nothing is sent');
      await acct.page.fill('[data-testid=buy-price]', '0.1000');
      await acct.page.selectOption('[data-testid=buy-tif]', String(wire.TimeInForce.GTC));
      await acct.page.click('[data-testid=buy-submit]');
      await acct.page.waitForSelector('[data-testid=outcome]:has-text("buy 1")', { timeout: 10_000 });
      expect(await acct.page.locator('[data-testid=outcome]').textContent()).toBe('buy 1: DISCONNECTED — not connected to the exchange: reconnecting…; nothing was sent, try again once it is back');

      // The service starts again on the same data and ports: both sessions log in again by themselves.
      const config = loadConfig({}, { dataDir: h.dir, settlement: { enabled: false }, gateway: ports });
      h.service = await startService(config, logger);
      for (const p of [acct.page, ser.page]) await p.waitForSelector('[data-testid=session-connection]', { state: 'detached', timeout: 30_000 });
      expect(await acct.page.locator('[data-testid=account-id]').textContent()).toBe(`#${accountId}`);

      // An order from each is taken: a GTC buy below the book rests.
      await ser.page.fill('[data-testid=ticket-qty]', '1');
      await ser.page.fill('[data-testid=ticket-price]', '0.1000');
      await ser.page.selectOption('[data-testid=ticket-tif]', 'gtc');
      await submit.click();
      await ser.page.waitForSelector('[data-testid=ticket-outcome]', { timeout: 10_000 });
      expect(await ser.page.locator('[data-testid=ticket-outcome]').textContent()).toBe('Resting: buy 1 @ 0.1000 PAT in the book.');
      await acct.page.click('[data-testid=buy-submit]');
      await acct.page.waitForSelector('[data-testid=outcome]:has-text("bought 0 of 1")', { timeout: 10_000 });
      expect(await acct.page.locator('[data-testid=outcome]').textContent()).toBe('buy 1: bought 0 of 1; the rest rests in the book');
      await acct.page.waitForFunction(() => document.querySelectorAll('[data-testid=orders] tr[data-order-id]').length === 2, undefined, { timeout: 10_000 });
      expect(h.service.engine.accounts[accountId]!.openOrders).toBe(2);
      expect(sentAcct.newOrders).toBe(1);
      expect(sentSer.newOrders).toBe(1);
      expect(acct.errors).toEqual([]);
      expect(ser.errors).toEqual([]);
    } finally {
      await acct.page.close();
      await ser.page.close();
    }
  }, 120_000);
});
