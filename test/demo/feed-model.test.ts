/**
 * The demo model feed's parts that need no service: the model (positions in [-1, 1] from
 * prices only up to now), its lineage hashes (from its definition, stable, changed by a change
 * of config), the backtest (the model run over the generated history, net of fees, a curve
 * within the contract's bound), the disclosures block the listing posts, the pace from the
 * contract, the reference model's minute prices from candles, its signal store across a
 * restart, and the console's chart lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CONTRACTS } from '../../src/app/demo-contracts.js';
import { feedDisclosures, feedPace, FEED_PROVIDER_ADDRESS } from '../../src/demo/demo-model-feed.js';
import { backtest, canonicalJson, feedLineage, generatedHistory, MODEL_CONFIG, netBps, positionOf, returnBps } from '../../src/demo/feed-model.js';
import { FeedSignalStore } from '../../src/demo/feed-signals.js';
import { minutePrices } from '../../src/demo/reference-model.js';
import { SANDBOX_CONTRACTS } from '../../src/sandbox/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { Wallet } from 'ethers';
import { chartLines, TRUST_WEIGHTS } from '../../web/src/model-feed-api.js';
import { MODEL_FEED_WEIGHTS } from '../../src/catalog/trust.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-feed-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo model', () => {
  it('takes a position in [-1, 1] from the prices up to now: long on a rise, short on a fall, none without history', () => {
    const rising = Array.from({ length: 16 }, (_, i) => 1_000_000 * (1 + 0.002 * i + (i % 2) * 0.0005));
    const falling = rising.map((p) => 2_000_000 - p);
    expect(positionOf(rising)).toBeGreaterThan(0.5);
    expect(positionOf(falling)).toBeLessThan(-0.5);
    expect(positionOf(rising.slice(1))).toBeUndefined(); // 15 prices: one short of its long lookback
    expect(positionOf(Array.from({ length: 16 }, () => 1_000_000))).toBeUndefined(); // flat: no signal
    for (let seed = 1; seed < 20; seed++) {
      const h = generatedHistory(40, seed);
      const p = positionOf(h.slice(0, 16));
      if (p !== undefined) expect(Math.abs(p)).toBeLessThanOrEqual(1);
    }
  });

  it('has lineage hashes of its definition: stable, 64 hex, and another config hashes otherwise', () => {
    const a = feedLineage();
    expect(feedLineage()).toEqual(a);
    for (const h of Object.values(a)) expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(Object.values(a)).size).toBe(4);
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson({ ...MODEL_CONFIG, gain: 0.9 })).not.toBe(canonicalJson(MODEL_CONFIG));
  });

  it('backtests by running the model over the generated history: net of fees, walk-forward, its curve within 500 points', () => {
    const end = Date.UTC(2026, 10, 26);
    const prices = generatedHistory(3 * 1_440);
    const bt = backtest(prices, end, 5, 15, 1.5);
    const free = backtest(prices, end, 5, 15, 0);
    expect(bt.signals).toBeGreaterThanOrEqual(30);
    expect(bt.signals).toBe(free.signals);
    expect(bt.meanNetBps).toBeLessThan(free.meanNetBps); // the fees are taken
    expect(bt.stdevNetBps).toBeGreaterThan(0);
    expect(bt.hitRate).toBeGreaterThan(0);
    expect(bt.hitRate).toBeLessThan(1);
    expect(bt.toMs).toBe(end);
    expect(bt.fromMs).toBe(end - (prices.length - 1) * 60_000);
    expect(bt.curve.length).toBeLessThanOrEqual(500);
    for (let i = 1; i < bt.curve.length; i++) expect(bt.curve[i]!.atMs).toBeGreaterThan(bt.curve[i - 1]!.atMs);
    expect(bt.curve.at(-1)!.cumulativeNetBps).toBeCloseTo(bt.meanNetBps * bt.signals, -1);
    // Walk-forward: a change after a signal's horizon does not change that signal.
    const changed = [...prices];
    changed[changed.length - 1] = changed[changed.length - 1]! * 2;
    expect(backtest(changed, end, 5, 15, 1.5).curve[0]).toEqual(bt.curve[0]);
    expect(netBps(0.5, 100, 2)).toBe(49);
    expect(returnBps(100, 101)).toBeCloseTo(99.5, 1); // a log return
  });

  it('posts a full model-feed block at the pace of its contract: a day\'s window every 5 min, the sandbox\'s every minute', () => {
    expect(feedPace(DEMO_CONTRACTS)).toEqual({ periodMs: 300_000, horizonMs: 900_000 });
    expect(feedPace(SANDBOX_CONTRACTS)).toEqual({ periodMs: 60_000, horizonMs: 180_000 });
    expect(feedPace([])).toBeUndefined();
    const now = Date.UTC(2026, 10, 26, 12);
    const { modelFeed, backtest: bt } = feedDisclosures(feedPace(DEMO_CONTRACTS)!, now);
    const mf = modelFeed as { modelCard: Record<string, string>; lineage: unknown; target: unknown; horizonMs: number; backtest: typeof bt; notionalPat: string };
    expect(mf.modelCard.modelId).toMatch(/^[a-z0-9._-]{1,64}$/);
    expect(mf.modelCard.summary!.length).toBeGreaterThanOrEqual(50);
    expect(mf.modelCard.riskStatement!.length).toBeGreaterThanOrEqual(20);
    expect(mf.lineage).toEqual(feedLineage());
    expect(mf.target).toEqual({ kind: 'patx-series' });
    expect(mf.horizonMs).toBe(900_000);
    expect(mf.backtest.toMs).toBeLessThan(now);
    expect(mf.backtest.signals).toBeGreaterThan(1_000);
    // Its own provider: no other demo role's key.
    expect(HARDHAT_KEYS.map((k) => new Wallet(k).address.toLowerCase())).not.toContain(FEED_PROVIDER_ADDRESS);
  });
});

describe('the reference model', () => {
  it('reads minute prices from candles point-in-time, carrying a minute that did not trade', () => {
    const now = Date.UTC(2026, 10, 26, 12, 30, 20);
    const m0 = Date.UTC(2026, 10, 26, 12, 0);
    const candles = [0, 10, 20, 29, 30].map((k) => ({ startMs: m0 + k * 60_000, openMicros: 900 + k, closeMicros: 1_000 + k }));
    const prices = minutePrices(candles, now)!;
    expect(prices).toHaveLength(16);
    expect(prices[0]).toBe(1_010); // 12:15 carries 12:10's
    expect(prices.slice(-3)).toEqual([1_020, 1_029, 1_030]);
    // A series that began trading at 12:20: its first price over the minutes before, once it has traded 3 minutes.
    expect(minutePrices(candles.slice(2), now)!.slice(0, 6)).toEqual([920, 920, 920, 920, 920, 1_020]);
    expect(minutePrices(candles.slice(3), now)).toBeUndefined(); // first traded at 12:29: too new
    expect(minutePrices(candles.slice(3), now, 0)).toHaveLength(16);
    expect(minutePrices([], now, 0)).toBeUndefined();
  });

  it('keeps its signals across a restart: a meant signal is sent again as it was, committed ones are served by window, none twice', () => {
    const store = new FeedSignalStore(path.join(dir, 'store'), 'a'.repeat(64));
    store.intend({ signalId: '7-1000', instrument: '7', position: 0.5 });
    store.intend({ signalId: '7-2000', instrument: '7', position: -0.25 });
    expect(store.intend({ signalId: '7-1000', instrument: '7', position: 0.9 }).position).toBe(0.5); // never edited
    store.commit('7-1000', 1_500, 11);
    // A crash here: 7-2000 was meant, not committed.
    const again = new FeedSignalStore(path.join(dir, 'store'), 'a'.repeat(64));
    expect(again.uncommitted().map((s) => [s.signalId, s.position])).toEqual([['7-2000', -0.25]]);
    expect(again.pendingOutcomes().map((s) => s.signalId)).toEqual(['7-1000']);
    again.commit('7-2000', 2_500, 12);
    again.commit('7-2000', 9_999, 99); // a second answer changes nothing
    again.outcomePosted('7-1000', 12.5);
    expect(again.pendingOutcomes().map((s) => s.signalId)).toEqual(['7-2000']);
    const third = new FeedSignalStore(path.join(dir, 'store'), 'a'.repeat(64));
    expect(third.committed().map((s) => [s.signalId, s.atMs, s.seq])).toEqual([['7-1000', 1_500, 11], ['7-2000', 2_500, 12]]);
    expect(third.get('7-1000')!.outcome).toEqual({ outcomeBps: 12.5 });
    // A right's records: the window's committed signals up to the time asked, newest `count`.
    expect(third.records(0, 10_000, 25, 10_000).map((r) => r.signal_id)).toEqual(['7-1000', '7-2000']);
    expect(third.records(0, 10_000, 1, 10_000).map((r) => r.signal_id)).toEqual(['7-2000']);
    expect(third.records(0, 10_000, 25, 2_000)).toEqual([{ signal_id: '7-1000', signal_time: new Date(1_500).toISOString(), instrument: '7', position: 0.5, model_config_sha: 'a'.repeat(64) }]);
    expect(third.records(2_000, 3_000, 25, 10_000).map((r) => r.signal_id)).toEqual(['7-2000']);
  });
});

describe("the console's chart lines", () => {
  it('the backtest over its period, live continuing from its total, in whole seconds ascending', () => {
    const day = 86_400_000;
    const t0 = 100 * day;
    const lines = chartLines(
      {
        backtestCurve: [{ atMs: t0 - 2 * day, cumulativeNetBps: 10 }, { atMs: t0 - 2 * day + 200, cumulativeNetBps: 12 }, { atMs: t0 - day, cumulativeNetBps: 30 }],
        daily: [{ dayStartMs: t0 + day, signals: 5, outcomes: 5, meanNetBps: -1, cumulativeNetBps: -5 }, { dayStartMs: t0, signals: 5, outcomes: 5, meanNetBps: 2, cumulativeNetBps: 10 }],
        updatedAtMs: t0 + day + 3_600_000,
      },
      t0 - day + 60_000,
    );
    expect(lines.backtest).toEqual([{ time: (t0 - 2 * day) / 1000, value: 12 }, { time: (t0 - day) / 1000, value: 30 }]);
    expect(lines.live.map((p) => p.value)).toEqual([30, 40, 25]);
    expect(lines.live.at(-1)!.time).toBe((t0 + day + 3_600_000) / 1000);
    for (let i = 1; i < lines.live.length; i++) expect(lines.live[i]!.time).toBeGreaterThan(lines.live[i - 1]!.time);
    expect(chartLines({ backtestCurve: [], daily: [], updatedAtMs: t0 }, t0).live).toEqual([]);
  });

  it("labels a model feed's trust components with the weights the exchange uses", () => {
    expect(TRUST_WEIGHTS.modelFeed).toEqual(MODEL_FEED_WEIGHTS);
  });
});
