/**
 * What `patx buy` says of a fill, by the series' kind: a spot right was paid and is exercised next; a forward
 * is paid at the fill as spot is (an outside review found "paid at delivery" while the balance had already
 * fallen) and delivered at its window's open, and a synthetic holds margin, so neither points to `exercise`
 * (which refuses them NOT_EXERCISABLE); an option's premium is paid, and it settles in PAT, never exercised. An
 * IOC that filled part says so in its header, not CANCELED alone.
 */
import { describe, expect, it } from 'vitest';
import { bookText, orderText, type OrderOutcome } from '../../src/cli/trading-format.js';
import { walletArgs } from '../../src/cli/wallet-options.js';

const filled = (kind: OrderOutcome['kind']): OrderOutcome => ({
  orderId: 7, seriesId: 14, contract: 'AUTO_INTENT|7D|0.70-0.85', kind, side: 'BUY', qty: 3, limitMicros: 900_000, timeInForce: 'IOC', protectedMarket: false,
  status: 'FILLED', fills: [{ qty: 3, priceMicros: 898_000, feeMicros: 0 }], filledQty: 3, notionalMicros: 2_694_000, feeMicros: 0, restingQty: 0,
});

describe("a buy's summary by the series' kind", () => {
  it('a spot right: paid, and exercised next', () => {
    const text = orderText(filled('SPOT')).split('\n');
    expect(text).toContain('paid 2.6940 PAT for 3 (average 0.8980 PAT)');
    expect(text.at(-1)).toBe('next: patx exercise 14 3');
  });

  it('a spot right bought before its window opens is exercised from the open; one bought in its last hour, before the close', () => {
    const at = Date.UTC(2026, 11, 1, 23, 29);
    const before = orderText({ ...filled('SPOT'), window: { openAtMs: Date.UTC(2026, 11, 2), closeAtMs: Date.UTC(2026, 11, 2, 1), atMs: at } });
    expect(before.split('\n').at(-1)).toBe('next: patx exercise 14 3 from 2026-12-02 00:00:00 UTC, when the window opens (refused SERIES_NOT_OPEN_YET before)');
    const closing = orderText({ ...filled('SPOT'), window: { openAtMs: Date.UTC(2026, 11, 1, 23), closeAtMs: Date.UTC(2026, 11, 2), atMs: at } });
    expect(closing.split('\n').at(-1)).toBe('next: patx exercise 14 3 before 2026-12-02 00:00:00 UTC, when the window closes: rights not exercised by then expire unused');
    const open = orderText({ ...filled('SPOT'), window: { openAtMs: Date.UTC(2026, 11, 1), closeAtMs: Date.UTC(2026, 11, 8), atMs: at } });
    expect(open.split('\n').at(-1)).toBe('next: patx exercise 14 3');
  });

  it("the next command carries the wallet's flags as given, a key file's path quoted where a shell would split it", () => {
    expect(orderText(filled('SPOT'), walletArgs({ devKey: 4 })).split('\n').at(-1)).toBe('next: patx exercise 14 3 --dev-key 4');
    expect(walletArgs({ org: true, keyFile: 'keys/me.key' })).toBe(' --org --key-file keys/me.key');
    expect(walletArgs({ keyFile: "my keys/it's.key" })).toBe(` --key-file 'my keys/it'\\''s.key'`);
    expect(walletArgs({})).toBe('');
  });

  it('a forward and a synthetic: bought, how it is paid, and no exercise', () => {
    const forward = orderText(filled('FORWARD'));
    expect(forward).toContain("bought 3 at an average of 0.8980 PAT (2.6940 PAT in all): paid now, as a spot buy is; the rights are delivered into the spot series at the window's open");
    const synthetic = orderText(filled('SYNTHETIC'));
    expect(synthetic).toContain('bought 3 at an average of 0.8980 PAT: margin held');
    // A fee paid is named, with what it adds up to (an auditor found a synthetic's 0.0118 fee in no line).
    expect(orderText({ ...filled('SYNTHETIC'), feeMicros: 11_777 })).toContain('bought 3 at an average of 0.8980 PAT (a fee of 0.0118 PAT paid now): margin held');
    expect(orderText({ ...filled('FORWARD'), feeMicros: 4_977 })).toContain('bought 3 at an average of 0.8980 PAT (2.6940 PAT and a fee of 0.0050 PAT: 2.6990 PAT in all): paid now');
    for (const t of [forward, synthetic]) {
      expect(t).not.toMatch(/^paid /m);
      expect(t).not.toContain('patx exercise');
    }
  });

  it('a sale that wrote an option says so, with the margin the account locks (sell read as closing a holding)', () => {
    const wrote = orderText({ ...filled('CALL'), side: 'SELL', short: { qty: 1, lockedWei: '535400000000000000' } }).split('\n');
    expect(wrote).toContain('your position in series 14 is now -1: a short (written), with 0.5354 PAT locked in your account as margin or collateral (patx balance; docs/options.md)');
    expect(orderText({ ...filled('CALL'), side: 'SELL' })).not.toContain('a short');
  });

  it('an option: its premium paid, and no exercise (it settles in PAT)', () => {
    const text = orderText(filled('CALL'));
    expect(text).toContain('paid 2.6940 PAT for 3');
    expect(text).not.toContain('patx exercise');
  });
});

describe("a partly filled IOC's header", () => {
  it('says how much filled and that the rest was cancelled', () => {
    const part = orderText({ ...filled('SPOT'), qty: 5, status: 'CANCELED' }).split('\n');
    expect(part[0]).toBe('order 7: BUY 5 of series 14 (AUTO_INTENT|7D|0.70-0.85), limit 0.9000 PAT, IOC: PARTIALLY FILLED (3 of 5), the rest cancelled');
    expect(part).toContain('2 not filled: cancelled (IOC)');
    expect(orderText({ ...filled('SPOT'), status: 'CANCELED', filledQty: 0, fills: [] }).split('\n')[0]).toMatch(/IOC: CANCELED$/);
  });
});

describe("an option's book names its strike", () => {
  it('beside its kind in the first line (CALL alone did not say which one)', () => {
    const base = { seriesId: 42, contract: 'AUTO_INTENT|5m|0.70-0.85', status: 'TRADING' as const, openAtMs: Date.UTC(2026, 10, 30, 22, 50), closeAtMs: Date.UTC(2026, 10, 30, 22, 55), tickMicros: 1_000, referencePriceMicros: 20_000, lastTradeMicros: 0, bids: [], asks: [] };
    expect(bookText({ ...base, kind: 'CALL', strikeMicros: 620_000 }).split('\n')[0]).toBe('series 42  AUTO_INTENT|5m|0.70-0.85  CALL 0.6200  TRADING  window 2026-11-30 22:50 UTC → 2026-11-30 22:55 UTC');
    expect(bookText({ ...base, kind: 'SPOT' }).split('\n')[0]).toMatch(/^series 42 {2}AUTO_INTENT\|5m\|0\.70-0\.85 {2}SPOT {2}TRADING/);
  });
});
