/**
 * The OPTION market-data channel (issue 22: "market data (index, mark prices, Greeks for
 * options)"), over the running service on a real journal and real uWS servers on loopback,
 * the quoter on with its timer off (the test calls `tick()` and moves the clock): a CALL and a
 * PUT listed on the open spot window in phase 4. A subscriber gets each option's model (F, σ,
 * T, Black-76 value, Greeks, the broker's bid and ask) when the quoter prices it, equal to
 * GET /v1/options; after the clock moves and the index is marked, the next repricing sends
 * the new model, its seq its pricing time and its prev_seq the first's; a late subscriber starts
 * from it as its snapshot, also after market data starts over (the gateway sends the models again
 * with the fresh seed, under the seqs they were given). A spot series has no OPTION channel
 * (INVALID_FIELD). OptionModelBoard: only what changed goes out, each change under a larger seq.
 * MarketFeed: a model that comes before its option's listing waits for it; a spot's is dropped.
 */
import { describe, expect, it } from 'vitest';
import { MarketDataClient, PatxRequestError, wire } from '../../src/client/index.js';
import { CommandKind, EventType, SeriesKind, SeriesStatus, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { closeCode, ErrorCode } from '../../src/gateway/index.js';
import { Channel, MarketFeed, type FeedSink } from '../../src/gateway/market-feed.js';
import { OptionModelBoard } from '../../src/gateway/option-models.js';
import { wire as protoWire, type patx } from '../../src/proto/index.js';
import { black76Price, OptionRight, strikeGrid } from '../../src/quoting/index.js';
import type { Service } from '../../src/app/service.js';
import { until } from '../support/exchange-fixture.js';
import { listOnWindow, openSpot, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-option-feed-');

/** The public fields GET /v1/options/{id} and the OPTION channel share. */
const SHARED = ['strikeMicros', 'forwardMicros', 'forwardExactMicros', 'markMicros', 'sigmaAnnual', 'sigmaMarketAnnual', 'timeYears', 'valueMicros', 'delta', 'gamma', 'vega', 'theta', 'bidMicros', 'askMicros'] as const;

/** Black-76 of a published model's inputs, as any client computes it (D = 1): equal to its value_micros, bit for bit. */
function recomputed(m: patx.v1.IOptionModel, right: OptionRight): number {
  return black76Price(right, { forward: Number(m.forwardExactMicros), strike: Number(m.strikeMicros), vol: Number(m.sigmaAnnual), timeYears: Number(m.timeYears) });
}

async function httpPricing(svc: Service, seriesId: number): Promise<Record<string, number>> {
  const res = await fetch(`http://127.0.0.1:${svc.gateway.port}/v1/options/${seriesId}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, number>;
}

/** The model's shared fields as plain numbers (int64 fields decode to numbers already: src/proto/no-long.ts). */
function shared(m: patx.v1.IOptionModel | Record<string, number>): Record<string, number> {
  const values = m as Record<string, number | null | undefined>;
  return Object.fromEntries(SHARED.map((k) => [k, Number(values[k] ?? 0)]));
}

/** Subscribed's streams as plain pairs (proto3 leaves a 0 seq out). */
function streams(s: patx.v1.ISubscribed): Array<{ channel: number; seq: number }> {
  return (s.streams ?? []).map((p) => ({ channel: Number(p.channel), seq: Number(p.seq ?? 0) }));
}

/** Subscribes to a series' OPTION stream on a new connection until its snapshot comes (a connection made while market data restarts is closed). */
async function snapshotAfterReset(url: string, seriesId: number): Promise<patx.v1.IOptionModel> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const md = await MarketDataClient.connect(url).catch(() => undefined);
    if (md === undefined) continue;
    try {
      const got = new Promise<patx.v1.IOptionModel>((resolve) => md.on('optionModel', resolve));
      await md.subscribe(seriesId, [wire.Channel.OPTION]);
      const model = await Promise.race([got, new Promise<undefined>((resolve) => setTimeout(resolve, 500))]);
      if (model !== undefined) return model;
    } catch {
      // closed by the restart: try again
    } finally {
      await md.close();
    }
  }
  throw new Error('no OPTION snapshot after market data started over');
}

function latest(models: patx.v1.IOptionModel[], seriesId: number): patx.v1.IOptionModel | undefined {
  return models.filter((m) => Number(m.seriesId) === seriesId).at(-1);
}

describe('the OPTION channel', () => {
  it('publishes each option model the quoter prices, equal to GET /v1/options, and the next one after a repricing', async () => {
    const svc = await qs.start();
    const mdUrl = `ws://127.0.0.1:${svc.gateway.marketData.port}/v1/market`;
    const md = await MarketDataClient.connect(mdUrl);
    let late: MarketDataClient | undefined;
    try {
      const spot = openSpot(svc, qs.now);
      await quoteTurn(svc);
      expect(spot.referencePriceMicros).toBeGreaterThan(0);
      await send(svc, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
      const grid = strikeGrid(spot.referencePriceMicros, spot.spec.tickMicros);
      const strikeMicros = grid[Math.floor(grid.length / 2)]!;
      const call = await listOnWindow(svc, spot, SeriesKind.CALL, { strikeMicros, minPriceMicros: spot.spec.tickMicros });
      const put = await listOnWindow(svc, spot, SeriesKind.PUT, { strikeMicros, minPriceMicros: spot.spec.tickMicros });

      // A spot series has no OPTION stream: a typed refusal, nothing subscribed.
      const refused = await md.subscribe(spot.id, [wire.Channel.OPTION]).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PatxRequestError);
      expect(refused).toMatchObject({ code: 'INVALID_FIELD', field: 'channels' });

      const models: patx.v1.IOptionModel[] = [];
      md.on('optionModel', (m) => models.push(m));
      const gaps: unknown[] = [];
      md.on('gap', (...g) => gaps.push(g));
      // Subscribed before the quoter priced them: seq 0, no snapshot yet.
      for (const s of [call, put]) {
        const subscribed = await md.subscribe(s.id, [wire.Channel.OPTION]);
        expect(streams(subscribed)).toEqual([{ channel: wire.Channel.OPTION, seq: 0 }]);
      }

      qs.now += 1_000;
      await quoteTurn(svc);
      await until(() => latest(models, call.id) !== undefined && latest(models, put.id) !== undefined, 'both models');
      for (const s of [call, put]) {
        const m = latest(models, s.id)!;
        // A model's seq is its pricing time (set once, by the leader: src/gateway/option-models.ts); the stream's first.
        expect(Number(m.seq)).toBe(qs.now);
        expect(Number(m.prevSeq ?? 0)).toBe(0);
        expect(Number(m.pricedAtMs)).toBe(qs.now);
        expect(shared(m)).toEqual(shared(await httpPricing(svc, s.id)));
        expect(Number(m.valueMicros)).toBeGreaterThan(0);
        expect(Number(m.forwardMicros)).toBeGreaterThan(0);
        expect(Number(m.sigmaAnnual)).toBeGreaterThan(0);
        expect(Number(m.vega)).toBeGreaterThan(0);
        expect(Number(m.theta)).toBeLessThan(0);
        expect(Number(m.gamma)).toBeGreaterThan(0);
        expect(Number(m.forwardMicros)).toBe(Math.round(Number(m.forwardExactMicros)));
        expect(Number(m.strikeMicros)).toBe(strikeMicros);
        expect(recomputed(m, s === call ? OptionRight.CALL : OptionRight.PUT)).toBe(Number(m.valueMicros));
      }
      expect(Number(latest(models, call.id)!.delta)).toBeGreaterThan(0);
      expect(Number(latest(models, put.id)!.delta)).toBeLessThan(0);

      // The index marked between two repricings (the service's marking timer can do this at any
      // moment): GET /v1/options still says the model as priced, as the feed does, until the next.
      await send(svc, { kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: call.id });
      expect(call.option!.markMicros).toBeGreaterThan(0);
      expect(Number(latest(models, call.id)!.markMicros)).toBe(0);
      expect(shared(await httpPricing(svc, call.id))).toEqual(shared(latest(models, call.id)!));

      // A day passes and the index is marked: the next repricing has a shorter T and the mark.
      const first = latest(models, call.id)!;
      qs.now += 86_400_000;
      await send(svc, { kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: call.id });
      expect(call.option!.markMicros).toBeGreaterThan(0);
      await quoteTurn(svc);
      await until(() => Number(latest(models, call.id)!.seq) === qs.now, 'the repriced call');
      const second = latest(models, call.id)!;
      expect(Number(second.prevSeq)).toBe(Number(first.seq));
      expect(shared(second)).toEqual(shared(await httpPricing(svc, call.id)));
      expect(Number(second.pricedAtMs)).toBe(qs.now);
      expect(Number(second.timeYears)).toBeLessThan(Number(first.timeYears));
      expect(Number(second.markMicros)).toBe(call.option!.markMicros);
      expect(Number(second.valueMicros)).not.toBe(Number(first.valueMicros));
      expect(recomputed(second, OptionRight.CALL)).toBe(Number(second.valueMicros));
      expect(gaps).toEqual([]);

      // A late subscriber starts from the latest model, with the stream's seq.
      late = await MarketDataClient.connect(mdUrl);
      const snapshots: patx.v1.IOptionModel[] = [];
      late.on('optionModel', (m) => snapshots.push(m));
      const subscribed = await late.subscribe(call.id, [wire.Channel.OPTION]);
      expect(streams(subscribed)).toEqual([{ channel: wire.Channel.OPTION, seq: Number(second.seq) }]);
      await until(() => snapshots.length === 1, 'the snapshot');
      expect(snapshots[0]).toEqual(second);

      // An empty Unsubscribe ends the OPTION stream too.
      const unsubscribed = await md.socket.request({ unsubscribe: { seriesId: call.id, channels: [] } });
      expect(unsubscribed.unsubscribed!.channels).toContain(wire.Channel.OPTION);

      // Market data starts over (a record the thread cannot read, written into the ring on purpose, as
      // test/gateway/market-data-thread.test.ts does): the models go over again with the fresh seed.
      const closed = new Promise<number>((resolve) => late!.on('closed', (code) => resolve(code)));
      const writer = (svc.gateway.marketData as unknown as { writer: { records: Float64Array; control: Int32Array; write: number; capacity: number } }).writer;
      writer.records[writer.write * 10] = 99;
      writer.write = (writer.write + 1) % writer.capacity;
      Atomics.store(writer.control, 0, writer.write);
      expect(await closed).toBe(closeCode(ErrorCode.SERVICE_UNAVAILABLE));
      const again = await snapshotAfterReset(mdUrl, call.id);
      // The model keeps the seq it was given; the fresh stream has nothing before it.
      expect(Number(again.seq)).toBe(Number(second.seq));
      expect(Number(again.prevSeq ?? 0)).toBe(0);
      expect({ ...shared(again), pricedAtMs: Number(again.pricedAtMs) }).toEqual({ ...shared(second), pricedAtMs: Number(second.pricedAtMs) });
    } finally {
      await Promise.all([md.close(), late?.close()]);
      await svc.stop();
    }
  }, 60_000);

  it('four minutes before the close its inputs are published as priced: Black-76 of them is the published value, and σ carries the index still to sample', async () => {
    const svc = await qs.start();
    const mdUrl = `ws://127.0.0.1:${svc.gateway.marketData.port}/v1/market`;
    const md = await MarketDataClient.connect(mdUrl);
    try {
      const spot = openSpot(svc, qs.now);
      await quoteTurn(svc);
      await send(svc, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
      const strikeMicros = strikeGrid(spot.referencePriceMicros, spot.spec.tickMicros)[4]!;
      const call = await listOnWindow(svc, spot, SeriesKind.CALL, { strikeMicros, minPriceMicros: spot.spec.tickMicros });
      // The hour before the close, the spot quoted and the index sampled minute by minute (each command samples the instants up to it).
      for (const minutesLeft of [70, 40, 20, 4]) {
        qs.now = spot.spec.closeAtMs - minutesLeft * 60_000;
        await send(svc, { kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: call.id });
        await quoteTurn(svc);
      }
      // Subscribed now: the snapshot is the latest model.
      const models: patx.v1.IOptionModel[] = [];
      md.on('optionModel', (m) => models.push(m));
      await md.subscribe(call.id, [wire.Channel.OPTION]);
      await until(() => Number(latest(models, call.id)?.pricedAtMs ?? 0) === qs.now, 'the model four minutes before the close');
      const m = latest(models, call.id)!;
      expect(Number(m.timeYears) * 365 * 24 * 60).toBeCloseTo(4, 9);
      expect(recomputed(m, OptionRight.CALL)).toBe(Number(m.valueMicros));
      expect(shared(m)).toEqual(shared(await httpPricing(svc, call.id)));
      // Near the close the index's σ over T is its own (the samples left, the rung): not the market σ.
      expect(Number(m.sigmaAnnual)).not.toBe(Number(m.sigmaMarketAnnual));
    } finally {
      await md.close();
      await svc.stop();
    }
  }, 60_000);
});

describe('OptionModelBoard', () => {
  const pricing = { seriesId: 7, strikeMicros: 1_000_000, forwardMicros: 1_000_000, forwardExactMicros: 1_000_000.25, markMicros: 0, sigmaAnnual: 0.8, sigmaMarketAnnual: 0.8, timeYears: 0.1, valueMicros: 100_656.8, delta: 0.5503, gamma: 1.564e-6, vega: 125_151.4, theta: -500_605.6, bidMicros: 95_000, askMicros: 106_000 };

  it('passes on what is new or changed, keeps only the public fields, and drops an option no longer priced', () => {
    const board = new OptionModelBoard();
    const withPrivate = { ...pricing, position: -3, lockedMicros: 5 };
    // A change's seq is its pricing time.
    expect(board.update([withPrivate], 1_000)).toEqual([{ ...pricing, seq: 1_000, pricedAtMs: 1_000 }]);
    expect(board.update([withPrivate], 2_000)).toEqual([]); // nothing public changed: not news
    expect(board.update([{ ...withPrivate, delta: 0.55 }], 3_000)).toEqual([{ ...pricing, delta: 0.55, seq: 3_000, pricedAtMs: 3_000 }]);
    expect(board.all()).toEqual([{ ...pricing, delta: 0.55, seq: 3_000, pricedAtMs: 3_000 }]);
    expect(board.update([], 4_000)).toEqual([]);
    expect(board.all()).toEqual([]);
  });

  it('gives each change a larger seq than the last, also when the clock did not move, stepped back, or the option was dropped', () => {
    const board = new OptionModelBoard();
    expect(board.update([pricing], 1_000).map((m) => m.seq)).toEqual([1_000]);
    expect(board.update([{ ...pricing, delta: 0.56 }], 1_000).map((m) => m.seq)).toEqual([1_001]); // same ms
    expect(board.update([{ ...pricing, delta: 0.57 }], 900).map((m) => m.seq)).toEqual([1_002]); // the clock stepped back
    expect(board.update([], 5_000)).toEqual([]);
    expect(board.update([{ ...pricing, delta: 0.58 }], 950).map((m) => m.seq)).toEqual([1_003]); // priced again: goes on from its last
  });

  it("adopts another node's models under their seqs, the whole board or changes, and never goes back to an older one", () => {
    const board = new OptionModelBoard();
    const a = { ...pricing, seq: 5_000, pricedAtMs: 5_000 };
    const b = { ...pricing, seriesId: 8, seq: 4_000, pricedAtMs: 4_000 };
    expect(board.adopt([a, b], true)).toEqual([a, b]);
    const newer = { ...a, delta: 0.6, seq: 6_000, pricedAtMs: 6_000 };
    expect(board.adopt([newer], false)).toEqual([newer]);
    // A whole board answered before that change landed: 7's stays the newer; 8, not on it, is gone.
    expect(board.adopt([a], true)).toEqual([]);
    expect(board.all()).toEqual([newer]);
    expect(board.adopt([newer], false)).toEqual([]); // the same again: not news
  });
});

describe('MarketFeed.optionModel', () => {
  const model = { seriesId: 2, seq: 5, pricedAtMs: 5, strikeMicros: 1_000_000, forwardMicros: 1_000_000, forwardExactMicros: 1_000_000.25, markMicros: 0, sigmaAnnual: 0.8, sigmaMarketAnnual: 0.8, timeYears: 0.1, valueMicros: 100_656.8, delta: 0.5503, gamma: 1.564e-6, vega: 125_151.4, theta: -500_605.6, bidMicros: 95_000, askMicros: 106_000 };

  it("publishes a CALL's model under its seq with the stream's last as prev_seq, holds one that comes before the listing, drops a spot's", () => {
    const published: Array<{ seriesId: number; channel: Channel; frame: patx.v1.IServerFrame }> = [];
    const sink: FeedSink = { hasSubscribers: () => true, publish: (seriesId, channel, frame) => published.push({ seriesId, channel, frame: protoWire.ServerFrame.decode(frame) }) };
    const feed = new MarketFeed(sink);
    // Seeded with a spot series (1) and a call (2): id, reference, status, kind, open, close, contract index.
    feed.seed({ lastSeq: 10, lastTradeId: 0, timeMs: 0, contracts: ['C|1D|0.70-0.85'], orders: new Float64Array(), series: Float64Array.from([1, 0, SeriesStatus.TRADING, SeriesKind.SPOT, 0, 86_400_000, 0, 2, 0, SeriesStatus.TRADING, SeriesKind.CALL, 0, 86_400_000, 0]) });

    feed.optionModel({ ...model, seriesId: 1 }); // a spot series: no OPTION stream
    // OPTION seqs are the leader's (not the journal's): a seeded stream stands at 0.
    expect(feed.streamSeq(2, Channel.OPTION)).toBe(0);
    feed.optionModel(model);
    feed.optionModel({ ...model, delta: 0.56, seq: 9 });
    const option = (p: (typeof published)[number]): number[] => [p.seriesId, p.channel, Number(p.frame.optionModel!.seq), Number(p.frame.optionModel!.prevSeq ?? 0), Number(p.frame.optionModel!.delta)];
    expect(published.map(option)).toEqual([[2, Channel.OPTION, 5, 0, 0.5503], [2, Channel.OPTION, 9, 5, 0.56]]);
    expect(feed.streamSeq(2, Channel.OPTION)).toBe(9);
    // The snapshot is the last message as sent, its seqs included.
    expect(feed.snapshot(2, Channel.OPTION)!.optionModel).toMatchObject({ seq: 9, prevSeq: 5, delta: 0.56 });
    expect(feed.snapshot(1, Channel.OPTION)).toBeUndefined();

    // A put the quoter priced before its listing reached this feed: out with the listing's turn.
    feed.optionModel({ ...model, seriesId: 3, delta: -0.45, seq: 7 });
    expect(published).toHaveLength(2);
    feed.beginTurn(11, 1);
    feed.apply({ type: EventType.SERIES_LISTED, seq: 11, seriesId: 3, contract: 'C|1D|0.70-0.85', seriesKind: SeriesKind.PUT, openAtMs: 0, closeAtMs: 86_400_000 });
    feed.endTurn();
    const put = published.filter((p) => p.channel === Channel.OPTION && p.seriesId === 3);
    expect(put.map((p) => [Number(p.frame.optionModel!.seq), Number(p.frame.optionModel!.prevSeq ?? 0), Number(p.frame.optionModel!.delta)])).toEqual([[7, 0, -0.45]]);
    expect(feed.isOption(3)).toBe(true);
    expect(feed.isOption(1)).toBe(false);
    feed.stop();
  });
});
