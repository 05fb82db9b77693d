/**
 * The operator's page (#/operator) end to end in Debian's Chromium (playwright-core),
 * against a service started here (temp data dir, ports 0, the demo contracts listed
 * and quoted; settlement off; a known operator token in the config, as
 * PATX_OPERATOR_TOKEN would give). Signs in (a wrong token first: the API's reason),
 * changes a risk parameter and sees it in the list and the audit history, halts a
 * series and sees its status, and a value out of bounds shows the API's reason.
 * (docs/console-operator.png is saved by operator-moderation.test.ts, with alarms and
 * a moderation queue on the page.)
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeriesKind, SeriesStatus, type Series } from '../../src/engine/index.js';
import { openPage, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';

const TOKEN = 'operator-page-test-token-0123456789';
let h: ConsoleHarness;

beforeAll(async () => {
  h = await startConsole('operator-page', { gateway: { operatorToken: TOKEN } });
}, 120_000);

afterAll(() => stopConsole(h));

/** What the API itself answers, to check the page shows its reason word for word. */
async function apiError(method: string, route: string, body: unknown): Promise<{ error: string; message: string }> {
  const r = await fetch(`${h.base}${route}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.ok).toBe(false);
  return (await r.json()) as { error: string; message: string };
}

async function setParam(page: Page, name: string, value: string): Promise<void> {
  await page.selectOption('[data-testid=param-name]', name);
  await page.fill('[data-testid=param-value]', value);
  await page.click('[data-testid=param-set]');
}

describe('operator page', () => {
  it('signs in with the operator token, changes a parameter, halts a series, and shows refusals with their reasons', async () => {
    const { page, errors } = await openPage(h, '#/operator');

    // A wrong token: the API's reason, and no way in.
    await page.fill('[data-testid=operator-token]', 'not-the-token');
    expect(await page.getAttribute('[data-testid=operator-token]', 'type')).toBe('password');
    await page.click('[data-testid=operator-signin]');
    await page.waitForSelector('[data-testid=signin-error]');
    expect(await page.textContent('[data-testid=signin-error]')).toContain('AUTH_FAILED');

    // The right one: the console, and the token kept for the tab (a reload stays signed in).
    await page.fill('[data-testid=operator-token]', TOKEN);
    await page.click('[data-testid=operator-signin]');
    await page.waitForSelector('[data-testid=params-table] tr[data-param="risk.priceBandBps"]');
    expect(await page.evaluate(() => sessionStorage.getItem('patx.operatorToken'))).toBe(TOKEN);
    await page.reload();
    await page.waitForSelector('[data-testid=params-table] tr[data-param="risk.priceBandBps"]');

    // Exposure (PAT with decimals), health, and settlement's own reason for being off.
    await page.waitForSelector('[data-testid=exposure-series] tbody tr');
    expect(await page.textContent('[data-testid=broker-pat]')).toMatch(/PAT available.*\d+\.\d{3,}/);
    await page.waitForSelector('[data-testid=health-table] tbody tr');
    expect(await page.textContent('[data-testid=health-table]')).toContain('sequencer');
    // The governance phase the chain watcher reported (2 on a fresh exchange: spot and forwards open).
    await page.waitForSelector('[data-testid=governance-phase]');
    expect(await page.textContent('[data-testid=governance-phase]')).toBe('2');
    expect(await page.textContent('[data-testid=governance]')).toContain('SPOT, FORWARD');
    // Beside it, what the council sees before it votes phase 3: the guide's rule and a verdict per threshold (a fresh market: not ready).
    await page.waitForSelector('[data-testid=readiness-verdicts] tr[data-param="phase.minTouchDepthRights"]');
    expect(await page.textContent('[data-testid=phase-rule]')).toContain('deep liquidity, stable pricing and audited performance history');
    expect(await page.textContent('[data-testid=readiness-overall]')).toBe('NOT READY');
    expect(await page.getAttribute('[data-testid=readiness-verdicts] tr[data-param="phase.minHistoryMs"]', 'data-pass')).toBe('false');
    // A missing figure says why beside "no figure" (the report's `why`).
    expect(await page.locator('[data-testid=readiness-verdicts] tr[data-param="phase.minHistoryMs"] [data-testid=readiness-why]').first().textContent()).toBe('no trade in this contract yet');
    const settlementOff = await apiError('GET', '/settlement/status', undefined).catch(() => undefined);
    await page.waitForSelector('[data-testid=settlement-status] [role=alert]');
    expect(await page.textContent('[data-testid=settlement-status]')).toContain('SETTLEMENT_UNAVAILABLE');
    if (settlementOff !== undefined) expect(await page.textContent('[data-testid=settlement-status]')).toContain(settlementOff.message);

    // Change a risk parameter: the list shows it, the engine has it, the history shows who and old → new.
    const row = page.locator('[data-testid=params-table] tr[data-param="risk.priceBandBps"]');
    const before = h.service.engine.risk.priceBandBps; // the config's seed
    const after = before === 2500 ? 3000 : 2500;
    const change = `risk.priceBandBps: ${before} bps → ${after} bps`;
    expect(await row.locator('[data-testid=param-current]').textContent()).toBe(`${before} bps`);
    await setParam(page, 'risk.priceBandBps', String(after));
    await page.waitForSelector('[data-testid=action-result]:has-text("set risk.priceBandBps: done")');
    await page.waitForFunction((a) => document.querySelector('[data-testid=params-table] tr[data-param="risk.priceBandBps"] [data-testid=param-current]')?.textContent === `${a} bps`, after);
    expect(h.service.engine.risk.priceBandBps).toBe(after);
    await page.waitForSelector(`[data-testid=audit-table] td:has-text("${change}")`);
    const auditRow = page.locator('[data-testid=audit-table] tr', { hasText: change });
    expect(await auditRow.textContent()).toContain('admin');
    expect(await auditRow.textContent()).toContain('PARAM_CHANGED');

    // A value out of bounds: refused by the API, its reason on the page, nothing changed.
    const refusal = await apiError('PUT', '/operator/params/risk.priceBandBps', { value: 20_000 });
    await setParam(page, 'risk.priceBandBps', '20000');
    await page.waitForSelector('[data-testid=action-result][role=alert]');
    const shown = (await page.textContent('[data-testid=action-result]')) ?? '';
    expect(shown).toContain('set risk.priceBandBps: refused');
    expect(shown).toContain(refusal.error);
    expect(shown).toContain(refusal.message.split('\n')[0]!);
    expect(h.service.engine.risk.priceBandBps).toBe(after);
    // Not a number at all: the API's reason too.
    await setParam(page, 'risk.priceBandBps', 'lots');
    await page.waitForSelector('[data-testid=action-result][role=alert]:has-text("INVALID_REQUEST")');

    // Halt a trading spot series: its status in the table and the engine, and the history.
    const spot = h.service.engine.series.find((s): s is Series => s !== undefined && s.spec.kind === SeriesKind.SPOT && s.status === SeriesStatus.TRADING)!;
    const seriesRow = page.locator(`[data-testid=operator-series] tr[data-series-id="${spot.id}"]`);
    expect(await seriesRow.locator('[data-testid=series-status]').textContent()).toBe('TRADING');
    await seriesRow.locator('[data-testid=halt]').click();
    await page.waitForFunction((id) => document.querySelector(`[data-testid=operator-series] tr[data-series-id="${id}"] [data-testid=series-status]`)?.textContent === 'HALTED', spot.id);
    expect(h.service.engine.series[spot.id]!.status).toBe(SeriesStatus.HALTED);
    await page.waitForSelector(`[data-testid=audit-table] td:has-text("series #${spot.id} ${spot.name} → HALTED")`);
    // The halt is an alarm too, at the top of the page (src/operator/alarm-watch.ts).
    await page.waitForSelector(`[data-testid=alarms-active] tr[data-alarm="series-halted"][data-subject="series #${spot.id}"]`, { timeout: 15_000 });

    // Resume it again; the exposure table names the series' status.
    await seriesRow.locator('[data-testid=resume]').click();
    await page.waitForFunction((id) => document.querySelector(`[data-testid=operator-series] tr[data-series-id="${id}"] [data-testid=series-status]`)?.textContent === 'TRADING', spot.id);

    // A phone's width: the page fits (tables scroll inside their frames).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);

    // Signing out forgets the token.
    await page.click('[data-testid=operator-signout]');
    await page.waitForSelector('[data-testid=operator-token]');
    expect(await page.evaluate(() => sessionStorage.getItem('patx.operatorToken'))).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
