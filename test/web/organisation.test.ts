/**
 * The Organisation page (#/organisation; web/src/organisation-page.tsx) in Debian's Chromium
 * against a service started here (temp data dir, ports 0, settlement off), the demo listings and
 * the demo provider's real server and gate. An admin (dev wallet 8) founds an organisation, adds
 * a reader (dev wallet 9), funds it and buys and exercises for it. The reader, signed in on the
 * account page: the page shows the organisation, its members and roles, its purchase and its
 * grant; its Download receives the records at the gate with the membership statement; no trade
 * ticket is shown. The admin sees the ticket and buys for the organisation from it. The admin
 * invites dev wallet 7 from the page; wallet 7, in no organisation, sees the invitation there and
 * accepts it: the page then shows it the organisation with the invited role.
 * Saves docs/console-organisation.png (PATX_SCREENSHOTS=1).
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TradingClient } from '../../src/client/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { openDemoGate } from '../support/demo-gate.js';
import { organisationGrant, organisationWithMembers } from '../support/organisation-members.js';
import { overflows } from '../support/page-fit.js';
import { screenshotPath } from '../support/screenshots.js';

const ADMIN = 8;
const READER = 9;
const INVITEE = 7;
let h: ConsoleHarness;
let server: ProviderServer;
let seriesId: number;
let grantId: number;
const admin = new Wallet(HARDHAT_KEYS[ADMIN]!);
const reader = new Wallet(HARDHAT_KEYS[READER]!);

beforeAll(async () => {
  h = await startConsole('organisation', { scheduleIntervalMs: 60_000, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000 }, demo: { enabled: false } });
  ({ server, seriesId } = await openDemoGate(h.service, h.dir, h.base, { logger, stock: { mint: 30, sell: 20 } }));
  // Both wallets log in once (their accounts); the admin has PAT.
  for (const w of [admin, reader]) await (await TradingClient.connect(`${h.base.replace('http', 'ws')}/v1/trade`, { wallet: w })).close();
  await h.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: h.service.engine.accountIdByAddress.get(admin.address.toLowerCase())!, amountWei: 10n ** 20n, ref: 'org-page' });
  const organisationId = await organisationWithMembers(h.base, admin, 'Acme Analytics', [[reader, 'reader']], 20_000_000);
  grantId = (await organisationGrant(h.service, `${h.base.replace('http', 'ws')}/v1/trade`, admin, organisationId, seriesId, 2)).grant.grantId;
  await h.service.grants()!.get(grantId);
}, 120_000);

afterAll(() => stopConsole(h, server));

describe('web console: the Organisation page', () => {
  it("a reader sees the members, the purchase and the grant, downloads it at the gate, and gets no trade ticket; fits 1280 and 390 px", async () => {
    const { page, errors } = await openPage(h, '#/account');
    await signInWithDevKey(page, h.service, READER, HARDHAT_KEYS[READER]!);
    await page.click('nav a[href="#/organisation"]');
    await page.waitForSelector('[data-testid=org-name]:text-is("Acme Analytics")', { timeout: 15_000 });
    expect(await page.locator('[data-testid=org-role]').textContent()).toBe('reader');
    expect(await page.locator('[data-testid=org-members] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-role')))).toEqual(['admin', 'reader']);
    await page.waitForSelector('[data-testid=org-purchases] tbody tr td:has-text("#' + seriesId + '")', { timeout: 15_000 });
    // Rows name the series' contract, not its id alone.
    const contract = h.service.engine.series[seriesId]!.spec.contract;
    await page.waitForSelector(`[data-testid=org-purchases] tbody tr td a:text-is("${contract} #${seriesId}")`, { timeout: 15_000 });
    expect(await page.locator('[data-testid=org-ticket]').count()).toBe(0);
    expect(await page.locator('[data-testid=org-no-ticket]').textContent()).toContain('do not trade');
    const row = page.locator(`[data-testid=org-grants] tr[data-grant-id="${grantId}"]`);
    await row.locator('[data-testid=org-download]').click();
    await row.locator('[data-testid=org-download-state]:has-text("received")').waitFor({ timeout: 15_000 });
    expect(await row.locator('[data-testid=org-download-state]').textContent()).toMatch(/^received \d+ record\(s\)$/);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await overflows(page), `${width} px`).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('[data-testid=org-page]').screenshot({ path: screenshotPath('console-organisation.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an admin sees the ticket and buys for the organisation from it', async () => {
    const { page, errors } = await openPage(h, '#/account');
    await signInWithDevKey(page, h.service, ADMIN, HARDHAT_KEYS[ADMIN]!);
    await page.click('nav a[href="#/organisation"]');
    await page.waitForSelector('[data-testid=org-role]:text-is("admin")', { timeout: 15_000 });
    await page.selectOption('[data-testid=org-ticket-series]', String(seriesId));
    await page.click('[data-testid=org-ticket-buy]');
    await page.waitForSelector('[data-testid=org-ticket-state]:has-text("bought 1 at")', { timeout: 15_000 });
    const org = h.service.engine.organisations.byId.get(1)!;
    expect(h.service.engine.accounts[org.accountId]!.position(seriesId).available).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an admin invites a wallet from the page; the wallet sees the invitation, accepts it and is shown the organisation with its role', async () => {
    const invitee = new Wallet(HARDHAT_KEYS[INVITEE]!);
    await (await TradingClient.connect(`${h.base.replace('http', 'ws')}/v1/trade`, { wallet: invitee })).close();
    const org = h.service.engine.organisations.byId.get(1)!;
    const inviteeId = h.service.engine.accountIdByAddress.get(invitee.address.toLowerCase())!;
    const { page, errors } = await openPage(h, '#/account');
    await signInWithDevKey(page, h.service, ADMIN, HARDHAT_KEYS[ADMIN]!);
    await page.click('nav a[href="#/organisation"]');
    await page.waitForSelector('[data-testid=org-invite]', { timeout: 15_000 });
    await page.fill('[data-testid=org-invite-address]', invitee.address);
    await page.selectOption('[data-testid=org-invite-role]', 'trader');
    await page.click('[data-testid=org-invite-send]');
    await page.waitForSelector('[data-testid=org-invite-state]:has-text("invited")', { timeout: 15_000 });
    await page.waitForSelector(`[data-testid=org-invitations-sent] td:text-is("${invitee.address.toLowerCase()}")`, { timeout: 15_000 });
    // Invited is not joined: nothing about the wallet changed.
    expect(org.members.has(inviteeId)).toBe(false);
    await page.locator('[data-testid=org-invite]').screenshot({ path: screenshotPath('console-organisation-invite.png') });
    expect(errors).toEqual([]);
    await page.close();

    const other = await openPage(h, '#/account');
    await signInWithDevKey(other.page, h.service, INVITEE, HARDHAT_KEYS[INVITEE]!);
    await other.page.click('nav a[href="#/organisation"]');
    const row = other.page.locator('[data-testid=org-invitations-received] tbody tr');
    await row.first().waitFor({ timeout: 15_000 });
    expect(await row.locator('td').first().textContent()).toBe('Acme Analytics');
    await row.locator('[data-testid=org-accept]').click();
    await other.page.waitForSelector('[data-testid=org-role]:text-is("trader")', { timeout: 15_000 });
    expect(org.members.has(inviteeId)).toBe(true);
    expect(other.errors).toEqual([]);
    await other.page.close();
  });

  it('a wallet in no organisation is told so in words and founds one from the page, becoming its admin', async () => {
    const { page, errors } = await openPage(h, '#/account');
    const founder = 6; // the demo's consumer wallet: the demo does not run here
    const founderId = await signInWithDevKey(page, h.service, founder, HARDHAT_KEYS[founder]!);
    await page.click('nav a[href="#/organisation"]');
    await page.waitForSelector('[data-testid=org-none]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=org-none] h2').textContent()).toBe('No organisation yet');
    expect(await page.locator('[data-testid=org-create-send]').isDisabled()).toBe(true);
    await page.fill('[data-testid=org-create-name]', 'Beta Research');
    await page.click('[data-testid=org-create-send]');
    await page.waitForSelector('[data-testid=org-name]:text-is("Beta Research")', { timeout: 15_000 });
    expect(await page.locator('[data-testid=org-role]').textContent()).toBe('admin');
    const founded = [...h.service.engine.organisations.byId.values()].find((o) => o.name === 'Beta Research')!;
    expect(founded.members.get(founderId)).toBeDefined();
    expect(errors).toEqual([]);
    await page.close();
  });
});
