/**
 * A reload keeps the account page signed in (web/src/account-remember.ts), in Debian's Chromium
 * against the service started here (temp data dir, ports 0, settlement off). A dev key: sign in,
 * a credit shows, reload: signed in again at once (the same address, account and balance), and
 * sessionStorage holds the key's index, never the key; sign out, reload: the sign-in form. A
 * remembered dev key that fails (an index with no key) shows the sign-in form with the reason and
 * is forgotten. A browser wallet (a fake window.ethereum that signs in Node with a dev key): after
 * a reload nothing is signed until "Continue as 0x…", one personal_sign; a wallet that no longer
 * lists the address (eth_accounts) gets the sign-in form with the reason. The session is one for every page
 * (web/src/account-gate.tsx): signed in on a series page's ticket, the tab remembers it too, and a reload of the
 * series page, the account's dashboard or the organisation page signs in again; a sign out there forgets it.
 */
import { Wallet, getBytes } from 'ethers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { longestOpenSpot, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';

const DEV_KEY_INDEX = 7;
const WALLET_KEY_INDEX = 8;
const STORAGE_KEY = 'patx.account.signedIn';
let h: ConsoleHarness;

beforeAll(async () => {
  h = await startConsole('account-reload');
}, 120_000);

afterAll(() => stopConsole(h));

const stored = (page: Page) => page.evaluate((k) => sessionStorage.getItem(k), STORAGE_KEY);

/** A browser wallet the page sees as window.ethereum: one account, its personal_sign by a dev key in Node; `lists` is what eth_accounts answers. */
async function fakeWallet(page: Page, key: string) {
  const signer = new Wallet(key);
  const state = { lists: true, calls: [] as string[] };
  await page.exposeFunction('patxFakeWallet', async (method: string, params: unknown[]): Promise<unknown> => {
    state.calls.push(method);
    if (method === 'eth_accounts') return state.lists ? [signer.address] : [];
    if (method === 'eth_requestAccounts') return [signer.address];
    if (method === 'personal_sign') return signer.signMessage(getBytes(String(params[0])));
    if (method === 'eth_chainId') return '0x7a69';
    throw new Error(`unsupported: ${method}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { patxFakeWallet: (m: string, p: unknown[]) => Promise<unknown>; ethereum: unknown };
    w.ethereum = { request: ({ method, params }: { method: string; params?: unknown[] }) => w.patxFakeWallet(method, params ?? []), on() {}, removeListener() {} };
  });
  return { address: signer.address, state };
}

describe('web console: a reload keeps the account signed in', () => {
  it('a dev key signs in again after a reload (same address and balance); after sign out a reload shows the sign-in form', async () => {
    const { page, errors } = await openPage(h, '#/account');
    try {
      const address = new Wallet(HARDHAT_KEYS[DEV_KEY_INDEX]!).address;
      const accountId = await signInWithDevKey(page, h.service, DEV_KEY_INDEX, HARDHAT_KEYS[DEV_KEY_INDEX]!);
      await h.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 3n * 10n ** 18n, ref: 'account-reload' });
      await page.waitForSelector('[data-testid=available]:text-is("3.0000 PAT")', { timeout: 10_000 });
      expect(JSON.parse((await stored(page))!)).toEqual({ kind: 'dev', index: DEV_KEY_INDEX });
      expect(await stored(page)).not.toContain(HARDHAT_KEYS[DEV_KEY_INDEX]!.slice(2));

      await page.reload();
      await expect(page.locator('[data-testid=account-address]').textContent({ timeout: 15_000 })).resolves.toBe(address);
      expect(await page.locator('[data-testid=account-id]').textContent()).toBe(`#${accountId}`);
      await page.waitForSelector('[data-testid=available]:text-is("3.0000 PAT")', { timeout: 10_000 });
      expect(await page.locator('main').textContent()).toContain(`signed in with a dev key ${DEV_KEY_INDEX}`);

      await page.click('[data-testid=signout]');
      await page.waitForSelector('[data-testid=signin-dev]', { timeout: 10_000 });
      expect(await stored(page)).toBeNull();
      await page.reload();
      await page.waitForSelector('[data-testid=signin-dev]', { timeout: 15_000 });
      expect(await page.locator('[data-testid=account-address]').count()).toBe(0);
      expect(await page.locator('[data-testid=signin-error]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a remembered dev key that fails to sign in shows the sign-in form with the reason, and is forgotten', async () => {
    const { page, errors } = await openPage(h, '#/account');
    try {
      await page.waitForSelector('[data-testid=signin-dev]', { timeout: 15_000 });
      await page.evaluate((k) => sessionStorage.setItem(k, JSON.stringify({ kind: 'dev', index: 999 })), STORAGE_KEY);
      await page.reload();
      await page.waitForSelector('[data-testid=signin-error]', { timeout: 15_000 });
      expect(await page.locator('[data-testid=signin-error]').textContent()).toBe('Sign-in failed: dev key 999: no dev key 999');
      expect(await page.locator('[data-testid=signin-dev]').isVisible()).toBe(true);
      expect(await stored(page)).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a browser wallet: after a reload, "Continue as 0x…" signs in with one signature; a wallet no longer listing the address gets the form and the reason', async () => {
    let wallet: Awaited<ReturnType<typeof fakeWallet>> | undefined;
    const { page, errors } = await openPage(h, '#/account', undefined, async (p) => {
      wallet = await fakeWallet(p, HARDHAT_KEYS[WALLET_KEY_INDEX]!);
    });
    try {
      const { address, state } = wallet!;
      await page.waitForSelector('[data-testid=signin-wallet]:has-text("Sign in with wallet")', { timeout: 15_000 });
      await page.click('[data-testid=signin-wallet]');
      await expect(page.locator('[data-testid=account-address]').textContent({ timeout: 15_000 })).resolves.toBe(address);
      expect(JSON.parse((await stored(page))!)).toEqual({ kind: 'browser', address });

      // The signed-in page's own reads (each signed by the wallet) done first: under a busy suite one still signing when
      // the calls were cleared was counted as the reloaded page's.
      await page.waitForLoadState('networkidle');
      state.calls.length = 0;
      await page.reload();
      const button = page.locator('[data-testid=signin-continue]');
      await button.waitFor({ timeout: 15_000 });
      expect(await button.textContent()).toBe(`Continue as ${address.slice(0, 6)}…${address.slice(-4)}`);
      expect(state.calls).toEqual(['eth_accounts']); // checked without a prompt; nothing signed yet
      await button.click();
      await expect(page.locator('[data-testid=account-address]').textContent({ timeout: 15_000 })).resolves.toBe(address);
      expect(state.calls.filter((m) => m === 'personal_sign').length).toBeGreaterThanOrEqual(1);
      expect(state.calls.slice(0, 3)).toEqual(['eth_accounts', 'eth_requestAccounts', 'personal_sign']);

      // The wallet disconnected this site: the sign-in form, the reason, and nothing remembered.
      state.lists = false;
      await page.reload();
      await page.waitForSelector('[data-testid=signin-error]', { timeout: 15_000 });
      expect(await page.locator('[data-testid=signin-error]').textContent()).toBe(`Sign-in failed: the browser wallet no longer lists ${address}`);
      expect(await page.locator('[data-testid=signin-continue]').count()).toBe(0);
      expect(await stored(page)).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('signed in on the trade ticket, a reload of the series page, the dashboard or the organisation page keeps the tab signed in; sign out forgets it', async () => {
    const index = 3;
    const address = new Wallet(HARDHAT_KEYS[index]!).address;
    const series = longestOpenSpot(h.service, 'AUTO_INTENT');
    const { page, errors } = await openPage(h, `#/series/${series.id}`);
    try {
      await page.waitForSelector('[data-testid=ticket-signin] [data-testid=signin-dev]', { timeout: 15_000 });
      await signInWithDevKey(page, h.service, index, HARDHAT_KEYS[index]!);
      expect(JSON.parse((await stored(page))!)).toEqual({ kind: 'dev', index });

      await page.reload();
      await expect(page.locator('[data-testid=ticket] [data-testid=account-address]').textContent({ timeout: 15_000 })).resolves.toBe(address);
      for (const hash of ['#/account/dashboard', '#/organisation']) {
        await page.goto(`${h.base}/${hash}`);
        await page.reload();
        await page.waitForSelector(hash === '#/organisation' ? '[data-testid=org-create]' : '[data-testid=account-id]', { timeout: 15_000 });
        expect(await page.locator('[data-testid=signin-dev]').count()).toBe(0);
      }
      await page.goto(`${h.base}/#/account`);
      await expect(page.locator('[data-testid=account-address]').textContent({ timeout: 15_000 })).resolves.toBe(address);

      // Sign out on the ticket: forgotten, and a reload shows the sign-in.
      await page.goto(`${h.base}/#/series/${series.id}`);
      await page.click('[data-testid=ticket] [data-testid=signout]');
      await page.waitForSelector('[data-testid=ticket-signin] [data-testid=signin-dev]', { timeout: 10_000 });
      expect(await stored(page)).toBeNull();
      await page.reload();
      await page.waitForSelector('[data-testid=ticket-signin] [data-testid=signin-dev]', { timeout: 15_000 });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
