/**
 * The account page's statement (GET /v1/statement, wallet-signed; web/src/account-statement.tsx) in Debian's Chromium
 * against services started here (temp data dirs, ports 0, settlement off): read only when asked; a deposit credited
 * and a withdrawal asked for show as rows, newest first, with their signed amounts and the balance after; "reload"
 * reads it again. On an exchange that keeps no statement the read is refused by name (STATEMENT_UNAVAILABLE), never an
 * empty statement. Saves a screenshot to /tmp/console-statement.png.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';

const KEY_INDEX = 7;
const PAT_WEI = 10n ** 18n;
let kept: ConsoleHarness | undefined;
let none: ConsoleHarness | undefined;

afterAll(async () => {
  await stopConsole(kept);
  await stopConsole(none);
});

describe('web console: your statement', () => {
  it('read when asked: a deposit and a withdrawal, newest first, signed, with the balance after; reload reads again', async () => {
    kept = await startConsole('account-statement', { statement: { enabled: true }, quoting: { enabled: false } });
    const h = kept;
    const { page, errors } = await openPage(h, '#/account');
    try {
      const accountId = await signInWithDevKey(page, h.service, KEY_INDEX, HARDHAT_KEYS[KEY_INDEX]!);
      await page.waitForSelector('[data-testid=statement-read]', { timeout: 10_000 });
      expect(await page.locator('[data-testid=statement] tr[data-seq]').count()).toBe(0); // not read until asked

      await h.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 10n * PAT_WEI, ref: 'statement-deposit' });
      await page.waitForSelector('[data-testid=available]:has-text("10.0000 PAT")', { timeout: 10_000 });
      await page.click('[data-testid=statement-read]');
      const rows = page.locator('[data-testid=statement] tr[data-seq]');
      await rows.first().waitFor({ timeout: 10_000 });
      expect(await rows.count()).toBe(1);
      expect(await rows.first().locator('.kind').innerText()).toBe('deposit');
      expect(await rows.first().locator('[data-testid=statement-ref]').innerText()).toBe('statement-deposit');
      expect(await rows.first().locator('[data-testid=statement-amount]').innerText()).toBe('+10.0000');
      expect(await rows.first().locator('[data-testid=statement-balance]').innerText()).toBe('10.0000');

      await h.service.sequencer.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: accountId, amountWei: PAT_WEI });
      await page.click('[data-testid=statement-reload]');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=statement] tr[data-seq]').length === 2, undefined, { timeout: 10_000 });
      expect(await rows.first().locator('.kind').innerText()).toBe('withdrawal');
      expect(await rows.first().locator('[data-testid=statement-amount]').innerText()).toBe('−1.0000');
      expect(await rows.first().locator('[data-testid=statement-balance]').innerText()).toBe('9.0000');
      expect(await rows.first().locator('[data-testid=statement-available]').innerText()).toBe('9.0000');
      expect(Number(await rows.first().getAttribute('data-seq'))).toBeGreaterThan(Number(await rows.nth(1).getAttribute('data-seq')));
      await page.locator('[data-testid=statement-panel]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: '/tmp/console-statement.png', fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('an exchange that keeps none refuses the read by name', async () => {
    none = await startConsole('account-no-statement', { statement: { enabled: false }, quoting: { enabled: false } });
    const { page, errors } = await openPage(none, '#/account');
    try {
      await signInWithDevKey(page, none.service, KEY_INDEX, HARDHAT_KEYS[KEY_INDEX]!);
      await page.click('[data-testid=statement-read]');
      await page.waitForSelector('[data-testid=statement-reason]', { timeout: 10_000 });
      expect(await page.locator('[data-testid=statement-reason]').innerText()).toBe('STATEMENT_UNAVAILABLE');
      expect(await page.locator('[data-testid=statement] tr[data-seq]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
