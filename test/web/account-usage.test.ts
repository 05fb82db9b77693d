/**
 * A usage grant on the console's Account page (issue 81; web/src/account-usage.tsx, docs/console.md)
 * in Debian's Chromium against a service started here (temp data dir, ports 0, settlement off),
 * the demo listings and the demo provider's real server and gate. The demo provider's AUTO_INTENT
 * listing sells usage (100 records a right). A consumer (dev wallet 7) signs in, buys a right at
 * the broker's ask and exercises it on the page: its grant says "usage: 100 records a right" and
 * 0 of 100 used. It downloads 30 of them at the gate: the exchange's count (the gate's signed
 * statement, recorded by the engine as RECORD_USAGE) reads 30 used, 70 left, in the grant's row
 * and in the Usage grants panel (read from GET /v1/grants/mine, the exchange's state). When the
 * dispute window ends the sweeper settles it and the panel says the unused 70's share was refunded.
 * Saves docs/console-account-usage.png (PATX_SCREENSHOTS=1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDemoListingTerms } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { logger, openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { openDemoGate } from '../support/demo-gate.js';
import { until } from '../support/exchange-fixture.js';
import { overflows } from '../support/page-fit.js';
import { screenshotPath } from '../support/screenshots.js';
import { pat } from '../../web/src/format.js';

const CONSUMER = 7;
let h: ConsoleHarness;
let server: ProviderServer;
let seriesId: number;
/** The service's clock: moved past the grant's dispute window to settle it, then back (the browser signs with its own). */
let offsetMs = 0;

beforeAll(async () => {
  h = await startConsole('account-usage', { scheduleIntervalMs: 60_000, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, demo: { enabled: false } }, () => Date.now() + offsetMs);
  ({ server, seriesId } = await openDemoGate(h.service, h.dir, h.base, {
    logger,
    beforeGate: (svc) => setDemoListingTerms(svc.catalog, 'AUTO_INTENT', { usage: { unit: 'records', perRight: 100 } }, Date.now),
    stock: { mint: 30, sell: 20 },
  }));
  h.service.quoting!.tick();
  await h.service.sequencer.drain();
}, 120_000);

afterAll(() => stopConsole(h, server));

describe('web console: usage grants on the Account page', () => {
  it('shows a usage grant\'s unit, units used and left as the exchange counts them, a part downloaded, and the refund of the rest at its end; fits 1280 and 390 px', async () => {
    const { page, errors } = await openPage(h, '#/account');
    const accountId = await signInWithDevKey(page, h.service, CONSUMER, HARDHAT_KEYS[CONSUMER]!);
    await h.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 20n * 10n ** 18n, ref: 'account-usage' });
    await page.waitForSelector('[data-testid=available]:has-text("20.0000 PAT")', { timeout: 10_000 });
    // No usage grant yet: the panel says how one is made.
    await page.waitForSelector('[data-testid=usage-grants]:has-text("No usage grants")', { timeout: 10_000 });

    // Buy one right at the broker's ask and exercise it: a usage grant of 100 records.
    await page.selectOption('[data-testid=buy-series]', String(seriesId));
    await page.waitForFunction(() => /^\d+\.\d{3,6}$/.test(document.querySelector('[data-testid=buy-ask]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await page.click('[data-testid=buy-submit]');
    await page.waitForSelector('[data-testid=outcome]:has-text("bought 1 of 1")', { timeout: 10_000 });
    const rights = page.locator(`[data-testid=rights] tr[data-series-id="${seriesId}"]`);
    await rights.locator('[data-testid=exercise-qty]').fill('1');
    await rights.locator('[data-testid=exercise]').click();
    await page.waitForSelector('[data-testid=outcome]:has-text("1 access grant(s)")', { timeout: 10_000 });
    const grantId = Number(await page.locator('[data-testid=grants] tbody tr[data-grant-id]').getAttribute('data-grant-id'));
    const row = page.locator(`[data-testid=grants] tr[data-grant-id="${grantId}"]`);
    await row.locator('[data-testid=grant-terms]:text-is("usage: 100 records a right")').waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-testid=grant-usage]').textContent()).toBe('0 of 100 records used · 100 left');
    // By records, the page asks how many to download now (all left by default).
    expect(await row.locator('[data-testid=usage-qty]').inputValue()).toBe('100');
    const panel = page.locator(`[data-testid=usage-grants] tr[data-grant-id="${grantId}"]`);
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.getAttribute('data-unit')).toBe('records');

    // A part: 30 records at the gate. The exchange's count follows the gate's signed statement.
    await row.locator('[data-testid=usage-qty]').fill('30');
    await row.locator('[data-testid=download]').click();
    await row.locator('[data-testid=download-state] [data-testid=records]:text-is("30")').waitFor({ timeout: 15_000 });
    await row.locator('[data-testid=grant-usage][data-used="30"]').waitFor({ timeout: 15_000 });
    expect(await row.locator('[data-testid=grant-usage]').textContent()).toBe('30 of 100 records used · 70 left');
    expect(await row.locator('[data-testid=download-state]').textContent()).toContain('70 records left at the gate');
    await panel.locator('[data-testid=usage-used]:text-is("30")').waitFor({ timeout: 15_000 });
    expect([await panel.locator('[data-testid=usage-left]').textContent(), await panel.locator('[data-testid=usage-units]').textContent()]).toEqual(['70', '100']);
    expect(await panel.locator('[data-testid=usage-settled]').getAttribute('data-state')).toBe('open');
    // The figures are the exchange's: the engine's count of the grant.
    expect(h.service.engine.escrow.grants.get(grantId)!.usedUnits).toBe(30);

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await overflows(page), `${width} px`).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    // A usage grant is not claimed: its unused units come back at its end.
    expect(await row.locator('[data-testid=file-claim]').count()).toBe(0);
    expect(await row.locator('[data-testid=receipt-state]').textContent()).toBe('receipted: 30 records delivered, 1 counted');
    // The picture: the session's grants and the usage panel, with their headings.
    await page.evaluate(() => window.scrollTo(0, 0)); // bounding boxes are the viewport's; the clip of a full page is the page's
    const top = (await page.locator('h2:has-text("Access grants")').boundingBox())!;
    const bottom = (await page.locator('[data-testid=usage-grants]').boundingBox())!;
    await page.screenshot({ path: screenshotPath('console-account-usage.png'), fullPage: true, clip: { x: 0, y: top.y - 8, width: 1280, height: bottom.y + bottom.height - top.y + 16 } });

    // The dispute window ends (the service's clock moved past it): the sweeper settles the grant, refunding the unused 70's share.
    const escrow = h.service.engine.escrow.grants.get(grantId)!;
    const held = escrow.heldMicros;
    offsetMs = escrow.disputeEndsAtMs - Date.now() + 1_000;
    await h.service.sweepEscrow();
    await until(async () => (await h.service.grants()!.get(grantId))?.escrow?.usage?.settled !== undefined, 'the grant ledger settled the grant');
    offsetMs = 0;
    await page.click('[data-testid=usage-reload]');
    await panel.locator('[data-testid=usage-settled][data-state=settled]').waitFor({ timeout: 10_000 });
    const settled = (await h.service.grants()!.get(grantId))!.escrow!.usage!.settled!;
    expect(settled.refundMicros).toBe(Math.floor((held * 70) / 100));
    expect(await panel.locator('[data-testid=usage-settled]').textContent()).toBe(`refunded ${pat(settled.refundMicros)} PAT for 70 unused`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
