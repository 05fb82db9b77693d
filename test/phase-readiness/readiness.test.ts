/**
 * The phase-readiness report (docs/risk.md, "Phase readiness"): its figures on a known book (an
 * engine driven command by command, its turns fed to a real LMDB market history), each verdict
 * against the journaled phase.* thresholds, the history surviving a reopen; and the route, the
 * phase summary and the CLI against a real service over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CommandKind, EventType, Side, TimeInForce, type Command, type EngineEvent } from '../../src/engine/index.js';
import { gatherContracts, MarketHistory, phaseReadiness, phaseReadinessReporter, readinessThresholds, REPORT_TTL_MS, spreadFigures, type HourFigures, type PhaseReadinessReport, type ReadinessSources } from '../../src/phase-readiness/index.js';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { runCli } from '../../src/cli/main.js';
import { CONTRACT, createFixture, fills, HOUR_MS, T0, type EngineFixture } from '../support/engine-fixture.js';

const MIN = 60_000;

/** One command applied at `timeMs` and handed to the history as the sequencer would release its turn. */
function step(fx: EngineFixture, history: MarketHistory, cmd: Command, timeMs: number): EngineEvent[] {
  const events = fx.submit(cmd, timeMs);
  const seq = fx.engine.lastSeq;
  history.model.take({ firstSeq: seq, lastSeq: seq, timeMs, commands: [cmd], events });
  return events;
}

function quote(fx: EngineFixture, bids: [number, number][], asks: [number, number][]): Command {
  return { kind: CommandKind.MASS_QUOTE, actor: fx.broker, seriesId: fx.seriesId, bids: { priceMicros: bids.map((l) => l[0]), qty: bids.map((l) => l[1]) }, asks: { priceMicros: asks.map((l) => l[0]), qty: asks.map((l) => l[1]) }, referencePriceMicros: 0 };
}

function hour(o: Partial<HourFigures> & { hourStartMs: number }): HourFigures {
  return { quotes: 0, spreadSumBps: 0, spreadSumSqBps: 0, oneSided: 0, volume: 0, trades: 0, firstTradeAtMs: 0, lastTradeAtMs: 0, minTradeSeq: 0, maxTradeSeq: 0, lastSeq: 0, ...o };
}

describe('spread figures', () => {
  it("the hourly mean spreads of several series merge by hour; the dispersion is their sample standard deviation; one hour gives none", () => {
    const f = spreadFigures([hour({ hourStartMs: 0, quotes: 2, spreadSumBps: 1_000 }), hour({ hourStartMs: 0, quotes: 2, spreadSumBps: 1_400 }), hour({ hourStartMs: HOUR_MS, quotes: 1, spreadSumBps: 200, oneSided: 3 })]);
    // Hour 0: (1000 + 1400) / 4 = 600; hour 1: 200. sd of [600, 200] = √(2·200²) = 282.84...
    expect(f).toMatchObject({ quotedHours: 2, quotes: 5, oneSidedQuotes: 3, meanSpreadBps: 520 });
    expect(f.dispersionBps).toBeCloseTo(Math.sqrt(2) * 200, 9);
    expect(spreadFigures([hour({ hourStartMs: 0, quotes: 9, spreadSumBps: 900 })]).dispersionBps).toBeNull();
    // Every quote's spread from the sums of squares: 300, 300 | 500, 900 | 200 → sd about their mean 440.
    const quotes = [300, 300, 500, 900, 200];
    const mean = quotes.reduce((a, b) => a + b, 0) / quotes.length;
    const sd = Math.sqrt(quotes.reduce((a, x) => a + (x - mean) ** 2, 0) / (quotes.length - 1));
    const byQuote = spreadFigures([
      hour({ hourStartMs: 0, quotes: 2, spreadSumBps: 600, spreadSumSqBps: 2 * 300 ** 2 }),
      hour({ hourStartMs: 0, quotes: 2, spreadSumBps: 1_400, spreadSumSqBps: 500 ** 2 + 900 ** 2 }),
      hour({ hourStartMs: HOUR_MS, quotes: 1, spreadSumBps: 200, spreadSumSqBps: 200 ** 2 }),
    ]);
    expect(byQuote.quoteDispersionBps).toBeCloseTo(sd, 9);
    // Identical spreads: 0, never NaN; one quote: none.
    expect(spreadFigures([hour({ hourStartMs: 0, quotes: 3, spreadSumBps: 3 * 333.3, spreadSumSqBps: 3 * 333.3 ** 2 })]).quoteDispersionBps).toBeCloseTo(0, 6);
    expect(spreadFigures([hour({ hourStartMs: 0, quotes: 1, spreadSumBps: 10, spreadSumSqBps: 100 })]).quoteDispersionBps).toBeNull();
  });
});

describe('the report on a known book', () => {
  let dir: string;
  let history: MarketHistory;
  let fx: EngineFixture;
  const A = T0 + 2 * HOUR_MS;
  const B = T0 + 3 * HOUR_MS;
  const NOW = T0 + 4 * HOUR_MS;
  let firstTradeSeq = 0;
  let lastTradeAtMs = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-readiness-'));
    history = MarketHistory.create(dir);
    fx = createFixture(); // the broker holds 200 rights (a setup trade at T0 + 1h, before the history was fed)
    const [consumer] = fx.consumers;
    const [provider] = fx.providers;
    // Hour A: two two-sided quotes (800 and 400 bps), then a provider sells 20 to the broker's bid.
    step(fx, history, quote(fx, [[480_000, 100]], [[520_000, 100]]), A + MIN);
    step(fx, history, quote(fx, [[490_000, 100]], [[510_000, 100]]), A + 2 * MIN);
    const sold = step(fx, history, fx.orderCommand(provider!, { side: Side.SELL, priceMicros: 490_000, qty: 20, tif: TimeInForce.IOC }), A + 3 * MIN);
    expect(fills(sold).reduce((n, f) => n + f.qty, 0)).toBe(20);
    firstTradeSeq = fx.engine.lastSeq;
    // Hour B: a one-sided quote, then a 200 bps one, then a consumer buys 30 at the ask.
    step(fx, history, quote(fx, [[490_000, 100]], []), B + MIN);
    step(fx, history, quote(fx, [[495_000, 100]], [[505_000, 100]]), B + 2 * MIN);
    const bought = step(fx, history, fx.orderCommand(consumer!, { side: Side.BUY, priceMicros: 505_000, qty: 30, tif: TimeInForce.IOC }), B + 3 * MIN);
    expect(fills(bought).reduce((n, f) => n + f.qty, 0)).toBe(30);
    lastTradeAtMs = B + 3 * MIN;
    // Resting orders: a provider's ask at the broker's ask price (the touch adds them), a consumer's bid below the broker's (not the touch).
    step(fx, history, fx.orderCommand(provider!, { side: Side.SELL, priceMicros: 505_000, qty: 5 }), B + 4 * MIN);
    step(fx, history, fx.orderCommand(consumer!, { side: Side.BUY, priceMicros: 400_000, qty: 7 }), B + 5 * MIN);
    await history.model.env.flushed; // reads see committed writes (the service reads a turn later)
  });

  afterAll(async () => {
    await history.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sources = (delivery = { delivered: 120, undelivered: 2, failed: 3 }) => ({ engine: fx.engine, history, segmentDelivery: () => delivery, reconciliationClean: () => true, clock: () => NOW });
  const report = (): PhaseReadinessReport => {
    const t = readinessThresholds(fx.engine);
    return phaseReadiness({ contracts: gatherContracts(sources(), t.lookbackMs, NOW), governancePhase: fx.engine.governancePhase, reconciliationClean: true }, t, NOW);
  };
  const setParam = (name: string, value: number): void => {
    expect(fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name, value })[0]!.type).not.toBe(undefined);
    expect(fx.engine.paramValue(name)).toBe(value);
  };

  it('liquidity, spread, history and audited history, figure by figure', () => {
    fx.engine.settledThroughSeq = firstTradeSeq; // as a RECORD_SETTLEMENT through the first trade leaves it
    const r = report();
    expect(r.contracts.map((c) => c.contract)).toEqual([CONTRACT]);
    const c = r.contracts[0]!;
    // Bid: the broker's last quote, 100 at 0.495 (the consumer's 0.40 is not the touch); ask: the broker's 70 left and the provider's 5 at 0.505.
    expect(c.liquidity).toEqual({ touchDepthRights: 75, bidTouchRights: 100, askTouchRights: 75, volumeRights: 50, trades: 2 });
    expect(c.spread).toMatchObject({ quotedHours: 2, quotes: 3, oneSidedQuotes: 1 });
    expect(c.spread.meanSpreadBps).toBeCloseTo((800 + 400 + 200) / 3, 9);
    expect(c.spread.dispersionBps).toBeCloseTo(Math.sqrt(2) * 200, 9);
    // The quotes' own spreads, 800, 400 and 200 bps (the history's sums of squares): their sample sd.
    const spreads = [800, 400, 200];
    const meanSpread = (800 + 400 + 200) / 3;
    expect(c.spread.quoteDispersionBps).toBeCloseTo(Math.sqrt(spreads.reduce((a, x) => a + (x - meanSpread) ** 2, 0) / 2), 6);
    expect(c.history).toEqual({ firstTradeAtMs: A + 3 * MIN, historyMs: NOW - (A + 3 * MIN) });
    // Settled through the first trade: the history settled on chain is that one trade, 0 ms long.
    expect(c.audited).toEqual({ lastSettledTradeAtMs: A + 3 * MIN, settledHistoryMs: 0, deliveredRights: 120, deliveryRate: 120 / 125 });
    fx.engine.settledThroughSeq = fx.engine.lastSeq;
    expect(report().contracts[0]!.audited.settledHistoryMs).toBe(lastTradeAtMs - (A + 3 * MIN));
  });

  it('each verdict against its journaled threshold; the market is ready when every one passes', () => {
    fx.engine.settledThroughSeq = fx.engine.lastSeq;
    const byParam = (r: PhaseReadinessReport) => Object.fromEntries(r.contracts[0]!.verdicts.map((v) => [v.param, v.pass]));
    // The defaults (a week of 72 quoted hours, 30 days of history...) are far from a four-hour market.
    const before = report();
    expect(before.overall.ready).toBe(false);
    expect(byParam(before)).toEqual({
      'phase.minTouchDepthRights': true, // 75 ≥ 50
      'phase.minVolumeRights': false, // 50 < 1000
      'phase.minQuotedHours': false, // 2 < 72
      'phase.maxSpreadDispersionBps': false, // 282.8 > 25
      'phase.minHistoryMs': false,
      'phase.minSettledHistoryMs': false,
      'phase.minDeliveredRights': true, // 120 ≥ 100
      'phase.minDeliveryRate': true, // 0.96 ≥ 0.95
    });
    setParam('phase.minTouchDepthRights', 75); // at the threshold: passes
    setParam('phase.minVolumeRights', 50);
    setParam('phase.minQuotedHours', 2);
    setParam('phase.maxSpreadDispersionBps', 283);
    setParam('phase.minHistoryMs', HOUR_MS);
    setParam('phase.minSettledHistoryMs', HOUR_MS);
    const after = report();
    expect(after.contracts[0]!.verdicts.every((v) => v.pass)).toBe(true);
    expect(after.overall).toMatchObject({ contracts: 1, readyContracts: 1, ready: true });
    expect(after.thresholds).toMatchObject({ minVolumeRights: 50, maxSpreadDispersionBps: 283 });
    setParam('phase.minTouchDepthRights', 76);
    const thinner = report();
    expect(thinner.contracts[0]!.verdicts.find((v) => v.param === 'phase.minTouchDepthRights')).toMatchObject({ value: 75, op: '≥', threshold: 76, pass: false });
    expect(thinner.overall.ready).toBe(false);
    // A dirty reconciliation alone holds the market back.
    setParam('phase.minTouchDepthRights', 75);
    const t = readinessThresholds(fx.engine);
    expect(phaseReadiness({ contracts: gatherContracts(sources(), t.lookbackMs, NOW), governancePhase: 2, reconciliationClean: false }, t, NOW).overall.ready).toBe(false);
  });

  it('the history says the same after a reopen, and a turn taken again adds nothing', async () => {
    const seriesId = fx.seriesId;
    const hours = history.hoursOf(seriesId, T0);
    await history.close();
    history = MarketHistory.create(dir);
    expect(history.hoursOf(seriesId, T0)).toEqual(hours);
    expect(hours.map((h) => [h.hourStartMs, h.quotes, h.oneSided, h.volume, h.trades])).toEqual([[A, 2, 0, 20, 1], [B, 1, 1, 30, 1]]);
    // The journal's first turns offered again (a replay from an older saved seq): skipped.
    const again = quote(fx, [[100_000, 1]], [[900_000, 1]]);
    history.model.take({ firstSeq: 1, lastSeq: 1, timeMs: A + MIN, commands: [again], events: [{ type: EventType.QUOTES_REPLACED, seq: 1, seriesId, bidLevels: 1, askLevels: 1 }] });
    await history.model.env.flushed;
    expect(history.hoursOf(seriesId, T0)).toEqual(hours);
  });
});

describe('an hour settled in part', () => {
  // Two trades in one hour, a settlement batch through the first only: the hour is not all
  // settled, yet its first trade is, so the settled history is a figure (0 here), not none.
  const A = T0 + 2 * HOUR_MS;
  const NOW = T0 + 4 * HOUR_MS;
  let dir: string;
  let history: MarketHistory;
  let fx: EngineFixture;
  let firstTradeSeq = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-readiness-part-'));
    history = MarketHistory.create(dir);
    fx = createFixture();
    const [consumer] = fx.consumers;
    const [provider] = fx.providers;
    step(fx, history, quote(fx, [[490_000, 100]], [[510_000, 100]]), A + MIN);
    expect(fills(step(fx, history, fx.orderCommand(provider!, { side: Side.SELL, priceMicros: 490_000, qty: 20, tif: TimeInForce.IOC }), A + 3 * MIN)).length).toBeGreaterThan(0);
    firstTradeSeq = fx.engine.lastSeq;
    expect(fills(step(fx, history, fx.orderCommand(consumer!, { side: Side.BUY, priceMicros: 510_000, qty: 30, tif: TimeInForce.IOC }), A + 9 * MIN)).length).toBeGreaterThan(0);
    await history.model.env.flushed;
  });

  afterAll(async () => {
    await history.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the last settled trade is at least the hour's first when that one is settled (erring early), and the hour's last once all are", () => {
    const audited = (): PhaseReadinessReport['contracts'][number]['audited'] => {
      const t = readinessThresholds(fx.engine);
      const sources = { engine: fx.engine, history, segmentDelivery: () => ({ delivered: 0, undelivered: 0, failed: 0 }), reconciliationClean: () => true, clock: () => NOW };
      return phaseReadiness({ contracts: gatherContracts(sources, t.lookbackMs, NOW), governancePhase: fx.engine.governancePhase, reconciliationClean: true }, t, NOW).contracts[0]!.audited;
    };
    fx.engine.settledThroughSeq = firstTradeSeq - 1; // before the first trade: none settled
    expect(audited()).toMatchObject({ lastSettledTradeAtMs: null, settledHistoryMs: null });
    // Each figure missing says why; one present says nothing more.
    const t = readinessThresholds(fx.engine);
    const sources = { engine: fx.engine, history, segmentDelivery: () => ({ delivered: 0, undelivered: 0, failed: 0 }), reconciliationClean: () => true, clock: () => NOW };
    const verdicts = phaseReadiness({ contracts: gatherContracts(sources, t.lookbackMs, NOW), governancePhase: fx.engine.governancePhase, reconciliationClean: true }, t, NOW).contracts[0]!.verdicts;
    const why = Object.fromEntries(verdicts.filter((v) => v.value === null).map((v) => [v.param, v.why]));
    expect(why).toEqual({
      'phase.maxSpreadDispersionBps': 'the broker quoted both sides in one hour only of the lookback: a dispersion needs two such hours',
      'phase.minSettledHistoryMs': 'none of its trades is settled on chain yet (no settlement batch has covered its first trade)',
      'phase.minDeliveryRate': 'no right of the AUTO_INTENT segment delivered, not delivered or failed yet: a rate needs one outcome',
    });
    expect(verdicts.filter((v) => v.value !== null).every((v) => !('why' in v))).toBe(true);
    fx.engine.settledThroughSeq = firstTradeSeq;
    expect(audited()).toMatchObject({ lastSettledTradeAtMs: A + 3 * MIN, settledHistoryMs: 0 });
    fx.engine.settledThroughSeq = fx.engine.lastSeq;
    expect(audited()).toMatchObject({ lastSettledTradeAtMs: A + 9 * MIN, settledHistoryMs: 6 * MIN });
  });
});

describe('the market history gathered over turns', () => {
  it('a read right after a turn sees it, an hour left behind included; a turn taken again after the reopen adds nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-market-history-'));
    try {
      let history = MarketHistory.create(dir);
      const fill = (seq: number, qty: number): EngineEvent => ({ type: EventType.FILL, seq, seriesId: 7, qty } as EngineEvent); // the fields the history reads
      const turn = (seq: number, timeMs: number, qty: number) => ({ firstSeq: seq, lastSeq: seq, timeMs, commands: [], events: [fill(seq, qty)] });
      history.model.take(turn(1, T0 + MIN, 3));
      history.model.take(turn(2, T0 + HOUR_MS + MIN, 4)); // the next hour: the first is no longer the series' current one
      // Not waited for: what was gathered is written before the read.
      const hours = history.hoursOf(7, T0);
      expect(hours.map((h) => [h.hourStartMs, h.volume, h.trades, h.lastSeq])).toEqual([[T0, 3, 1, 1], [T0 + HOUR_MS, 4, 1, 2]]);
      await history.close();
      history = MarketHistory.create(dir);
      history.model.take(turn(2, T0 + HOUR_MS + MIN, 4));
      expect(history.hoursOf(7, T0)).toEqual(hours);
      await history.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a reporter reads only the series that can still change', () => {
  // Hour windows of one contract, one after another (as a sandbox's minute windows, slower): the
  // first three trade, are quoted and expire; the fourth is live.
  const HOURLY = 'AUTO_INTENT|1h|0.70-0.85';
  const W = (i: number): number => T0 + (2 + i) * HOUR_MS;
  const NOW = W(4) + 30 * MIN;
  let dir: string;
  let history: MarketHistory;
  let fx: EngineFixture;
  const hourly: number[] = [];
  const tradeSeqs: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-readiness-fold-'));
    history = MarketHistory.create(dir);
    fx = createFixture();
    const [consumer] = fx.consumers;
    const [provider] = fx.providers;
    for (let i = 0; i < 4; i++) {
      const id = fx.newSeries({ contract: HOURLY, openAtMs: W(i) });
      hourly.push(id);
      fx.declareCapacity(provider!, 1_000, id);
      fx.mint(provider!, 100, id);
      const at = W(i) + MIN;
      const quoteIn = (bid: number, ask: number): Command => ({ kind: CommandKind.MASS_QUOTE, actor: fx.broker, seriesId: id, bids: { priceMicros: [bid], qty: [50] }, asks: { priceMicros: [], qty: [] }, referencePriceMicros: 0, ...(ask > 0 ? { asks: { priceMicros: [ask], qty: [5] } } : {}) });
      step(fx, history, quoteIn(480_000 + i * 1_000, 0), at);
      step(fx, history, quoteIn(470_000 + i * 2_000, 0), at + MIN);
      const sold = step(fx, history, fx.orderCommand(provider!, { seriesId: id, side: Side.SELL, priceMicros: 470_000, qty: 10 + i, tif: TimeInForce.IOC }), at + 2 * MIN);
      expect(fills(sold).reduce((n, f) => n + f.qty, 0)).toBe(10 + i);
      tradeSeqs.push(fx.engine.lastSeq);
      step(fx, history, quoteIn(490_000, 510_000 + i * 3_000), at + 3 * MIN);
      const bought = step(fx, history, fx.orderCommand(consumer!, { seriesId: id, side: Side.BUY, priceMicros: 600_000, qty: 5, tif: TimeInForce.IOC }), at + 4 * MIN);
      expect(fills(bought).reduce((n, f) => n + f.qty, 0)).toBe(5);
      tradeSeqs.push(fx.engine.lastSeq);
    }
    for (let i = 0; i < 3; i++) step(fx, history, { kind: CommandKind.EXPIRE_SERIES, actor: fx.operator, seriesId: hourly[i]!, cutoffMs: W(i + 1) }, W(4) + 10 * MIN + i);
    await history.model.env.flushed;
  });

  afterAll(async () => {
    await history.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds expired series once, then reads only the live ones; its figures are what a full read says', () => {
    let nowMs = NOW;
    const reads: number[] = [];
    const counted: ReadinessSources['history'] = {
      hoursOf: (id, fromMs) => (reads.push(id), history.hoursOf(id, fromMs)),
      firstTradeAtMs: (id) => (reads.push(id), history.firstTradeAtMs(id)),
      lastSettledTradeAtMs: (id, seq) => (reads.push(id), history.lastSettledTradeAtMs(id, seq)),
      get seq() {
        return history.seq;
      },
    };
    const sources = (h: ReadinessSources['history']): ReadinessSources => ({ engine: fx.engine, history: h, segmentDelivery: () => ({ delivered: 1, undelivered: 0, failed: 0 }), reconciliationClean: () => true, clock: () => nowMs });
    const reporter = phaseReadinessReporter(sources(counted));
    const full = (): ReturnType<typeof gatherContracts> => gatherContracts(sources(history), readinessThresholds(fx.engine).lookbackMs, nowMs);
    const hourlyOf = (r: PhaseReadinessReport) => r.contracts.find((c) => c.contract === HOURLY)!;

    const first = reporter();
    expect(new Set(reads)).toEqual(new Set([fx.seriesId, ...hourly])); // every series once: the expired ones read one last time
    expect(hourlyOf(first).liquidity).toMatchObject({ volumeRights: 10 + 11 + 12 + 13 + 4 * 5, trades: 8 });
    expect(hourlyOf(first).history.firstTradeAtMs).toBe(W(0) + 3 * MIN);

    // Past the kept report: the expired series are not read again, and the figures are the same as read afresh.
    reads.length = 0;
    nowMs += REPORT_TTL_MS;
    fx.engine.settledThroughSeq = tradeSeqs[2]!; // through the second series' first trade: its hour settled in part
    const partly = reporter();
    expect(new Set(reads)).toEqual(new Set([fx.seriesId, hourly[3]!]));
    expect(partly.contracts).toEqual(phaseReadiness({ contracts: full(), governancePhase: fx.engine.governancePhase, reconciliationClean: true }, readinessThresholds(fx.engine), nowMs).contracts);
    expect(hourlyOf(partly).audited.lastSettledTradeAtMs).toBe(W(1) + 3 * MIN); // that hour's first trade, not the hour before's last

    reads.length = 0;
    nowMs += REPORT_TTL_MS;
    fx.engine.settledThroughSeq = tradeSeqs[3]!; // through the second series' trades
    const second = reporter();
    expect(new Set(reads)).toEqual(new Set([fx.seriesId, hourly[3]!]));
    const afresh = phaseReadiness({ contracts: full(), governancePhase: fx.engine.governancePhase, reconciliationClean: true }, readinessThresholds(fx.engine), nowMs);
    expect(second.contracts).toEqual(afresh.contracts);
    expect(hourlyOf(second).audited.lastSettledTradeAtMs).toBe(W(1) + 5 * MIN);

    // Settled further, into the live series: the folded hours settle in order, the live one is read.
    reads.length = 0;
    nowMs += REPORT_TTL_MS;
    fx.engine.settledThroughSeq = fx.engine.lastSeq;
    const third = reporter();
    expect(new Set(reads)).toEqual(new Set([fx.seriesId, hourly[3]!]));
    expect(third.contracts).toEqual(phaseReadiness({ contracts: full(), governancePhase: fx.engine.governancePhase, reconciliationClean: true }, readinessThresholds(fx.engine), nowMs).contracts);
    expect(hourlyOf(third).audited.lastSettledTradeAtMs).toBe(W(3) + 5 * MIN);
  });
});

describe('GET /operator/phase/readiness, /operator/phase and patx phase readiness, on a real service', () => {
  const TOKEN = 'readiness-test-admin-token-0123456789';
  let dir: string;
  let svc: Service;
  const base = (): string => `http://127.0.0.1:${svc.gateway.port}`;
  const asOperator = (p: string, init: RequestInit = {}) => fetch(base() + p, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-readiness-svc-'));
    svc = await startService(loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, quoting: { enabled: false }, settlement: { enabled: false } }), createLogger('silent'));
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers with every live contract and its verdicts; a threshold set is in the next answer; strangers are refused', async () => {
    expect((await fetch(`${base()}/operator/phase/readiness`)).status).toBe(401);
    const r = await asOperator('/operator/phase/readiness');
    expect(r.status).toBe(200);
    const report = (await r.json()) as PhaseReadinessReport;
    expect(report.rule).toMatch(/deep liquidity, stable pricing and audited performance history/);
    expect(report.nextPhase).toBe(3);
    expect(report.contracts.length).toBeGreaterThan(0); // the listing schedule's contracts
    // No trades, no settlement: nothing passes but what a threshold of 0 would.
    expect(report.overall.ready).toBe(false);
    expect(report.overall.reconciliationClean).toBe(false);
    expect(report.contracts.every((c) => !c.ready && c.verdicts.length === 8)).toBe(true);
    // No trade yet: the figures that need one say so rather than a bare null.
    expect(report.contracts[0]!.verdicts.find((v) => v.param === 'phase.minHistoryMs')).toMatchObject({ value: null, pass: false, why: 'no trade in this contract yet' });
    expect(report.contracts[0]!.verdicts.find((v) => v.param === 'phase.minSettledHistoryMs')?.why).toBe('no trade in this contract yet');
    // The summary beside the governance phase.
    const phase = (await (await asOperator('/operator/phase')).json()) as { phase: number; readiness: { nextPhase: number; overall: { ready: boolean } } };
    expect(phase.readiness).toMatchObject({ nextPhase: 3, overall: { ready: false } });
    // A threshold is a journaled parameter: set, then read by the next report at once; a bad one changes nothing.
    expect((await asOperator('/operator/params', { method: 'POST', body: JSON.stringify({ name: 'phase.minVolumeRights', value: 0 }) })).status).toBe(200);
    expect((await asOperator('/operator/params', { method: 'POST', body: JSON.stringify({ name: 'phase.minDeliveryRate', value: 2 }) })).status).toBe(400);
    const after = (await (await asOperator('/operator/phase/readiness')).json()) as PhaseReadinessReport;
    expect(after.thresholds.minVolumeRights).toBe(0);
    expect(after.thresholds.minDeliveryRate).toBe(0.95);
    expect(after.contracts[0]!.verdicts.find((v) => v.param === 'phase.minVolumeRights')?.pass).toBe(true);
  });

  it('patx phase readiness prints the rule, the overall verdict and one PASS/FAIL line per threshold', async () => {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    try {
      expect(await runCli(['--url', `${base()}/operator`, '--token', TOKEN, 'phase', 'readiness'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const text = out.join('\n');
    expect(text).toMatch(/^Phase 3 opens only after deep liquidity/);
    expect(text).toMatch(/next phase 3: NOT READY \(0 of \d+ contracts ready\)/);
    expect(text).toMatch(/FAIL\s+deep liquidity\s+rights at the touch/);
    expect(text).toMatch(/FAIL\s+history\s+time since the first trade \(ms\)\s+no figure: no trade in this contract yet\s+≥ \d+\s+phase\.minHistoryMs/);
    expect(text).toMatch(/PASS\s+deep liquidity\s+rights traded over the lookback\s+0\s+≥ 0\s+phase.minVolumeRights/);
  });
});
