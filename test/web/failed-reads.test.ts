/**
 * The console when a read fails (a real browser; the failures made with page.route): one failed GET /v1/series at
 * page load left the market on "Loading…" for good with no error shown; a failed GET /v1/grants/mine showed the
 * access grants as "None yet" while the account held grants. Now the market says what failed, tries again and
 * loads; the grants table says it could not read them, with a way to try again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { openPage, signInWithDevKey, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';

let h: ConsoleHarness;

beforeAll(async () => {
  h = await startConsole('console-failed-reads');
  await h.service.runSchedule();
}, 120_000);

afterAll(async () => {
  await stopConsole(h);
});

describe('web console: reads that fail', () => {
  it('a failed first read of the series: the market says so, tries again, and loads', async () => {
    let failed = 0;
    const { page, errors } = await openPage(h, '#/', undefined, async (p) => {
      await p.route('**/v1/series', (route) => (failed++ === 0 ? route.abort() : route.continue()));
    });
    try {
      // The banner lasts only until the next try (1 s): its text is read in the wait that sees it, not after.
      const alerts = (await (
        await page.waitForFunction(() => {
          const texts = [...document.querySelectorAll('[role=alert]')].map((e) => e.textContent ?? '');
          return texts.some((t) => t.includes('could not load the market')) ? texts : null;
        }, undefined, { timeout: 10_000 })
      ).jsonValue())!;
      expect(alerts).toHaveLength(1); // one alert, as the strict locator read here before required
      expect(alerts[0]).toMatch(/trying again in 1 s$/);
      // Loaded at the next try: the live series listed, the banner gone.
      await page.waitForFunction(() => !document.body.textContent!.includes('Loading…') && !document.body.textContent!.includes('could not load the market'), undefined, { timeout: 15_000 });
      expect(failed).toBeGreaterThanOrEqual(2);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a refused read of the grants: the access grants say they could not be read, not "None yet", and try again', async () => {
    const { page } = await openPage(h, '#/account');
    try {
      let refuse = true;
      await page.route('**/v1/grants/mine**', (route) => (refuse ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'INTERNAL', message: 'internal error' }) }) : route.continue()));
      await signInWithDevKey(page, h.service, 9, HARDHAT_KEYS[9]!);
      await page.waitForSelector('[data-testid=grants-refused]', { timeout: 15_000 });
      expect(await page.locator('[data-testid=grants]').textContent()).not.toContain('None yet');
      refuse = false;
      await page.click('[data-testid=grants-refused] button');
      await page.waitForSelector('[data-testid=grants]:has-text("None yet")', { timeout: 15_000 });
    } finally {
      await page.close();
    }
  }, 60_000);
});
