/**
 * Prices that explain themselves (issue 77) in Debian's Chromium (playwright-core), against the
 * service started here as in console-layout.test.ts (temp data dir, ports 0, settlement off, the
 * demo contracts quoted, phase 4 voted so the schedule lists a SYNTHETIC and a grid of CALLs and
 * PUTs on each window of the flagship contract):
 *
 * - the option chain shows F, the index the broker expects at the close and prices on (GET
 *   /v1/options), beside the index mark, says in one line why they differ, and shades moneyness
 *   against F: a call is shaded exactly when its strike is below F, a put when above, whatever the
 *   mark (a strike between F and the mark is shaded by F);
 * - a synthetic's page shows its F (GET /v1/synthetics/{id}) and the mark, with the line;
 * - an option's page shows F, intrinsic at F and time value, which add up to the model value.
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, SeriesKind, SeriesStatus, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { logger, openPage, startConsole, stopConsole, type ConsoleHarness } from '../support/console-browser.js';
import { until } from '../support/exchange-fixture.js';
import { overflows } from '../support/page-fit.js';
import { pat } from '../../web/src/format.js';

let h: ConsoleHarness;

const live = (): Series[] => h.service.engine.series.filter((s): s is Series => s !== undefined && s.status !== SeriesStatus.EXPIRED);
const isOption = (s: Series): boolean => s.spec.kind === SeriesKind.CALL || s.spec.kind === SeriesKind.PUT;
const FOUR_DECIMALS = /^\d+\.\d{4}$/;

interface Pricing {
  seriesId: number;
  spotSeriesId: number;
  strikeMicros: number;
  forwardMicros: number;
  markMicros: number;
  valueMicros: number;
}

const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${h.base}${path}`)).json()) as T;
/** The window's F as GET /v1/options shows it; an option listed but not yet priced shows 0 and is left out, as the page does. */
const windowForwards = async (spotId: number): Promise<number[]> =>
  (await getJson<{ options: Pricing[] }>('/v1/options')).options.filter((o) => o.spotSeriesId === spotId && o.forwardMicros > 0).map((o) => o.forwardMicros);

/**
 * Every F the API showed while `during` ran, read every 100 ms: the quoter reprices every tick (500 ms here), and on a loaded
 * machine opening a page can take several ticks, so a read just before and just after can both miss the F the page drew.
 */
const forwardsWhile = async <T>(read: () => Promise<number[]>, during: () => Promise<T>): Promise<{ seen: Set<string>; result: T }> => {
  const seen = new Set<string>();
  let running = true;
  const sampler = (async () => {
    while (running) {
      for (const f of await read()) seen.add(pat(f));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const result = await during();
    for (const f of await read()) seen.add(pat(f));
    return { seen, result };
  } finally {
    running = false;
    await sampler;
  }
};

beforeAll(async () => {
  h = await startConsole('forward', { quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 500, params: {} } });
  await publishDemoListings(h.service.catalog, h.service.engine, h.service.sequencer, Date.now, logger);
  await h.service.sequencer.submit({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
  await until(async () => {
    await h.service.runSchedule();
    return live().filter(isOption).length >= 4 && live().some((s) => s.spec.kind === SeriesKind.SYNTHETIC);
  }, 'options and a synthetic listed', 30_000);
  // The first mark (the minute's MARK_SYNTHETICS) and the quoter's pricing of the options.
  const option = live().find(isOption)!;
  // Every 250 ms: polled every 20 ms for up to a minute, these reads take all of the address's 50 requests a second,
  // leaving nothing for the pages and reads after them (a RATE_LIMITED body has no mark: not null, and no options).
  // A mark, not a refusal (a 429's body has no mark either: `!== null` alone would pass it).
  await until(async () => (await getJson<{ mark?: unknown }>(`/v1/series/${option.id}/settlement`)).mark != null, 'a mark', 75_000, 250);
  await until(async () => (await windowForwards(option.cashSettled!.spotSeriesId)).length > 0, 'the options priced', 30_000, 250);
}, 150_000);

afterAll(() => stopConsole(h));

describe('prices explain themselves: F beside the mark', () => {
  it('the chain shows F and the mark, says why they differ, and shades moneyness against F', async () => {
    const spotId = live().find(isOption)!.cashSettled!.spotSeriesId;
    const { seen, result: { page, errors, shown } } = await forwardsWhile(() => windowForwards(spotId), async () => {
      const { page, errors } = await openPage(h, `#/chain/${spotId}`);
      await page.waitForSelector('[data-testid=option-chain]');
      // F and the mark come from two 10 s pollers: F, the mark, the line, the shading basis and the rows' shading are all
      // read in one evaluate, once both are shown, so they come from one render (and F while the API is sampled).
      const shown = await (
        await page.waitForFunction(() => {
          const forward = document.querySelector('[data-testid=forward]')?.textContent ?? '';
          const mark = document.querySelector('[data-testid=index-mark]')?.textContent ?? '';
          const reason = document.querySelector('[data-testid=forward-reason]')?.textContent;
          const table = document.querySelector('[data-testid=option-chain]');
          if (!/^\d+\.\d{4}$/.test(forward) || !/^\d+\.\d{4}$/.test(mark) || reason == null || table === null) return null;
          return {
            forward,
            mark,
            reason,
            basis: Number(table.getAttribute('data-moneyness-micros')),
            rows: [...table.querySelectorAll('tbody tr')].map((tr) => ({
              strike: Number(tr.getAttribute('data-strike-micros')),
              callItm: tr.querySelector('[data-testid=call-ask]')?.classList.contains('itm') ?? null,
              putItm: tr.querySelector('[data-testid=put-ask]')?.classList.contains('itm') ?? null,
            })),
          };
        })
      ).jsonValue();
      return { page, errors, shown: shown! };
    });
    const { forward: shownF, mark: shownMark, reason, basis, rows } = shown;
    // The F the broker priced on, as the API showed it while the page loaded.
    expect([...seen]).toContain(shownF);
    expect(shownMark).toMatch(FOUR_DECIMALS);
    // The one line: F, the mark, and why.
    expect(reason).toContain(`F = ${shownF}`);
    expect(reason).toContain(`the mark ${shownMark} is the index over the past hour`);
    expect(reason).toMatch(/they differ because|no move is expected/);
    expect(reason).toMatch(/intrinsic at F \d+\.\d{4} \+ time value \d+\.\d{4}/);
    // Shading: against the F the table was drawn with (data-moneyness-micros), which is the F shown.
    expect(pat(basis)).toBe(shownF);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      if (r.callItm !== null) expect(r.callItm, `call ${r.strike} against F ${basis}`).toBe(r.strike < basis);
      if (r.putItm !== null) expect(r.putItm, `put ${r.strike} against F ${basis}`).toBe(r.strike > basis);
    }
    // A strike between F and the mark (when the grid has one) is shaded by F, not by the mark.
    const markMicros = Math.round(Number(shownMark) * 1e6);
    const between = rows.filter((r) => (r.strike - basis) * (r.strike - markMicros) < 0);
    console.log(`chain: F ${pat(basis)}, mark ${shownMark}, strikes ${rows.map((r) => pat(r.strike)).join(' ')}; between: ${between.map((r) => pat(r.strike)).join(' ') || 'none'}`);
    // Days before the close the freshness still to decay keeps F well below the mark, more than a strike step
    // (5%) apart: the grid then has such a strike (in the window's last days the two converge, and it may not).
    const closeAtMs = h.service.engine.series[spotId]!.spec.closeAtMs;
    if (closeAtMs - Date.now() > 2 * 86_400_000) expect(between.length).toBeGreaterThan(0);
    for (const r of between) {
      if (r.callItm !== null) expect(r.callItm).toBe(basis > markMicros);
      if (r.putItm !== null) expect(r.putItm).toBe(basis < markMicros);
    }
    expect(await page.locator('.chain > p.hint').last().textContent()).toContain('in the money at the forward F');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("a synthetic's page shows its F (GET /v1/synthetics/{id}) beside the mark, and why they differ", async () => {
    const synthetic = live().find((s) => s.spec.kind === SeriesKind.SYNTHETIC)!;
    // Every 100 ms, leaving most of the address's 50 requests a second to the page opened next.
    await until(async () => (await fetch(`${h.base}/v1/synthetics/${synthetic.id}`)).ok, 'the synthetic priced', 30_000, 100);
    const listed = await getJson<{ synthetics: Array<{ seriesId: number }> }>('/v1/synthetics');
    expect(listed.synthetics.map((s) => s.seriesId)).toContain(synthetic.id);
    expect((await getJson<Pricing>(`/v1/synthetics/${synthetic.id}`)).forwardMicros).toBeGreaterThan(0);
    const syntheticForward = async (): Promise<number[]> => [(await getJson<Pricing>(`/v1/synthetics/${synthetic.id}`)).forwardMicros];
    const { seen, result: { page, errors, shownF, apiMark, shown } } = await forwardsWhile(syntheticForward, async () => {
      const { page, errors } = await openPage(h, `#/series/${synthetic.id}`);
      const shownF = await (
        await page.waitForFunction(() => {
          const f = document.querySelector('[data-testid=forward-note] [data-testid=forward]')?.textContent ?? '';
          return /^\d+\.\d{4}$/.test(f) ? f : null;
        })
      ).jsonValue();
      // F and the mark come from two 10 s pollers: once the note shows the API's mark, F, the mark and the line are read
      // in one evaluate (one render), still while the API's F is sampled.
      const view = await getJson<{ mark: { markMicros: number } | null }>(`/v1/series/${synthetic.id}/settlement`);
      const apiMark = view.mark === null ? null : pat(view.mark.markMicros);
      const shown = await (
        await page.waitForFunction(
          (want) => {
            const text = (id: string): string | null => document.querySelector(`[data-testid=forward-note] [data-testid=${id}]`)?.textContent ?? null;
            const forward = text('forward') ?? '';
            const mark = text('mark');
            const reason = text('forward-reason');
            if (!/^\d+\.\d{4}$/.test(forward) || reason === null || (want !== null && mark !== want)) return null;
            return { forward, mark, reason };
          },
          apiMark,
          { timeout: 15_000 },
        )
      ).jsonValue();
      return { page, errors, shownF: shownF!, apiMark, shown: shown! };
    });
    // The F the page first showed, and the F read with the mark and the line, were both the API's while the page was open.
    expect([...seen]).toContain(shownF);
    expect([...seen]).toContain(shown.forward);
    if (apiMark !== null) {
      expect(shown.mark).toBe(apiMark);
      expect(shown.reason).toContain(`the mark ${apiMark} is the index over the past hour`);
    }
    expect(shown.reason).toContain(`F = ${shown.forward}`);
    expect(await page.locator('[data-testid=forward-detail]').textContent()).toContain('pays index − its price at the close');
    expect(await overflows(page)).toEqual([]);
    await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-synthetic.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    // The price chart sizes itself to its frame by a ResizeObserver (lightweight-charts' autoSize), a frame or more
    // after the viewport changes: the page, the note and the chart must all fit once it has.
    await expect.poll(() => overflows(page), { timeout: 10_000 }).toEqual([]);
    await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-synthetic-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("an option's page shows F, intrinsic at F and time value, adding up to the model value", async () => {
    const spotId = live().find(isOption)!.cashSettled!.spotSeriesId;
    const priced = (await getJson<{ options: Pricing[] }>('/v1/options')).options.filter((o) => o.spotSeriesId === spotId && o.forwardMicros > 0);
    const call = priced.find((o) => h.service.engine.series[o.seriesId]!.spec.kind === SeriesKind.CALL && o.strikeMicros < o.forwardMicros) ?? priced[0]!;
    const { page, errors } = await openPage(h, `#/series/${call.seriesId}`);
    // The note is redrawn by a 10 s poller: F, intrinsic, time value and the detail line are read in one evaluate (one
    // render) once the time value is shown, and the screenshot is taken after.
    const shown = (await (
      await page.waitForFunction(() => {
        const text = (id: string): string | null => document.querySelector(`[data-testid=forward-note] [data-testid=${id}]`)?.textContent ?? null;
        const timeValue = text('time-value');
        if (timeValue === null || !/^\d+\.\d{4}$/.test(timeValue)) return null;
        return { forward: text('forward') ?? '', intrinsic: text('intrinsic') ?? '', timeValue, detail: text('forward-detail') ?? '' };
      })
    ).jsonValue())!;
    const F = Math.round(Number(shown.forward) * 1e6);
    const intrinsic = shown.intrinsic;
    const isCall = h.service.engine.series[call.seriesId]!.spec.kind === SeriesKind.CALL;
    expect(intrinsic).toBe(pat(Math.max(isCall ? F - call.strikeMicros : call.strikeMicros - F, 0)));
    expect(shown.timeValue).toMatch(FOUR_DECIMALS);
    await page.screenshot({ path: path.join(os.tmpdir(), 'patx-screenshots', 'console-option.png'), fullPage: true });
    expect(shown.detail).toMatch(new RegExp(`model value \\d+\\.\\d{4} = intrinsic at F ${intrinsic.replace('.', '\\.')} \\+ time value ${shown.timeValue.replace('.', '\\.')}`));
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
