/**
 * Public market data on a real uWS server: subscribe gives a snapshot and then
 * gapless updates whose checksums hold (seqs are journal seqs: each message's prev_seq
 * is the seq before it; a trade's seq is its id; a status or reference change carries
 * its command's seq); a local book ends equal to the engine's;
 * a missed or damaged update makes the client resubscribe and recover; trades,
 * the broker's quote ladder and status changes stream; a subscriber that stops
 * reading is cut off while trading carries on.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketDataClient, wire, type patx } from '../../src/client/index.js';
import { CommandKind, EventType, SeriesStatus, Side, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { closeCode, ErrorCode } from '../../src/gateway/index.js';
import { takeableBook } from '../../src/gateway/views.js';
import { PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';
import { until } from '../support/exchange-fixture.js';
import { serverFrames, wsFrame } from '../support/raw-market-client.js';
import { startSlowReader, type SlowReader } from '../support/slow-market-reader.js';

let fx: GatewayFixture;
const PRICE = 2 * PAT_MICROS;
const TICK = 1_000;

beforeAll(async () => {
  fx = await startGatewayFixture();
  await fx.stockBroker(5_000, PRICE - 100_000);
});
afterAll(async () => {
  await fx.stop();
});

function engineLevels(side: Side): Array<{ priceMicros: number; qty: number }> {
  const depth = takeableBook(fx.service.engine, fx.seriesId, 10_000);
  return side === Side.BUY ? depth.bids : depth.asks;
}

/** Market data has applied every released turn, and the client's book shows the engine's (of `fx`). */
function caughtUp(f: GatewayFixture, md: MarketDataClient): boolean {
  const book = md.book(f.seriesId);
  if (f.service.gateway.marketData.counters.appliedSeq < f.service.engine.lastSeq || book?.ready !== true) return false;
  return isDeepStrictEqual(book.bids(), engineLevels(Side.BUY)) && isDeepStrictEqual(book.asks(), engineLevels(Side.SELL));
}

/**
 * Consumers rest bids, the broker requotes and some bids trade: a book that keeps changing.
 * `more`: keep going past `rounds` (up to 10 times as many) while it says so, for a test
 * that needs updates until something has happened on the market-data side, whose thread
 * may lag behind order entry on a loaded machine.
 */
async function trade(rounds: number, clientBase: number, more: () => boolean = () => false): Promise<void> {
  const consumers = await Promise.all([0, 1, 2].map((i) => fx.connect(testWallet(clientBase + i))));
  for (const c of consumers) await fx.fund(c.accountId, 10_000);
  let id = 1;
  for (let r = 0; r < rounds || (more() && r < rounds * 10); r++) {
    await fx.quote({ priceMicros: PRICE - (20 + (r % 3)) * TICK * 10, qty: 5 + r }, { priceMicros: PRICE + (r % 4) * TICK, qty: 20 + r });
    await Promise.all(
      consumers.map((c, i) =>
        c.newOrder({ seriesId: fx.seriesId, clientOrderId: id++, side: wire.Side.BUY, priceMicros: PRICE - (i + 1 + (r % 5)) * TICK * 20, qty: 1 + i }),
      ),
    );
    await consumers[r % 3]!.newOrder({ seriesId: fx.seriesId, clientOrderId: id++, side: wire.Side.BUY, priceMicros: PRICE + 3 * TICK, qty: 2, timeInForce: wire.TimeInForce.IOC });
    if (r % 4 === 3) await consumers[r % 3]!.massCancel();
  }
  await Promise.all(consumers.map((c) => c.close()));
}

/** Each message's prev_seq is the seq of the one before it, and seqs increase (they skip: journal seqs). */
function chained(messages: ReadonlyArray<{ seq?: number | null; prevSeq?: number | null }>): void {
  for (let i = 1; i < messages.length; i++) {
    expect(Number(messages[i]!.prevSeq), `message ${i}`).toBe(Number(messages[i - 1]!.seq));
    expect(Number(messages[i]!.seq), `message ${i}`).toBeGreaterThan(Number(messages[i - 1]!.seq));
  }
}

describe('market data', () => {
  it('streams a snapshot, then gapless checksummed updates; the local book ends equal to the engine', async () => {
    const md = await MarketDataClient.connect(fx.marketUrl);
    const trades: patx.v1.ITrade[] = [];
    const ladders: patx.v1.IQuoteLadder[] = [];
    const gaps: unknown[] = [];
    md.on('trade', (t) => trades.push(t));
    md.on('quotes', (q) => ladders.push(q));
    md.on('gap', (...g) => gaps.push(g));
    const subscribed = await md.subscribe(fx.seriesId);
    expect(subscribed.streams!.map((s) => s.channel)).toEqual([1, 2, 3, 4, 5]);
    await until(() => md.book(fx.seriesId)?.ready === true, 'book snapshot');
    await trade(12, 400);
    await until(() => caughtUp(fx, md), 'book updates');
    const book = md.book(fx.seriesId)!;
    expect(book.problem).toBeUndefined();
    expect(md.resyncs).toBe(0);
    expect(gaps).toEqual([]);
    expect(book.bids()).toEqual(engineLevels(Side.BUY));
    expect(book.asks()).toEqual(engineLevels(Side.SELL));
    expect(trades.length).toBeGreaterThanOrEqual(12);
    expect(trades.every((t) => Number(t.priceMicros) > 0 && Number(t.qty) > 0)).toBe(true);
    // Gapless, explicitly: each message names the seq before it, and seqs grow; a trade's seq is its trade id.
    chained(trades);
    const tradesFrom = Number(subscribed.streams!.find((p) => p.channel === wire.Channel.TRADES)!.seq ?? 0);
    expect(Number(trades[0]!.prevSeq ?? 0)).toBe(tradesFrom); // the first chains on Subscribed's seq
    expect(trades.every((t) => Number(t.seq) === Number(t.tradeId))).toBe(true);
    expect(ladders.length).toBeGreaterThanOrEqual(12);
    chained(ladders.slice(1)); // the first is the snapshot: its prev_seq is not sent
    expect(Number(ladders[1]!.prevSeq)).toBe(Number(ladders[0]!.seq));
    expect(Number(ladders.at(-1)!.seq)).toBeLessThanOrEqual(fx.service.engine.lastSeq);
    expect(book.seq).toBeLessThanOrEqual(fx.service.engine.lastSeq);
    const lastLadder = ladders.at(-1)!;
    const broker = fx.service.engine.series[fx.seriesId]!;
    expect(lastLadder.asks!.map((l) => Number(l.priceMicros))).toEqual(broker.quoteAskIds.map((id) => fx.service.engine.orders.get(id)!.priceMicros));
    await md.close();
  });

  it('paced (gateway.marketDataIntervalMs): fewer publications than turns, every trade, and the same book', async () => {
    const paced = await startGatewayFixture({ marketDataIntervalMs: 40 });
    const saved = fx;
    fx = paced; // trade() and engineLevels() work on fx
    try {
      await paced.stockBroker(5_000, PRICE - 100_000);
      let turns = 0;
      let fills = 0;
      paced.service.sequencer.onRelease((batch) => {
        turns++;
        fills += batch.events.filter((e) => e.type === EventType.FILL && e.seriesId === paced.seriesId).length;
      });
      // Subscribe once market data has applied the setup, or a setup trade could reach the subscriber too.
      await until(() => paced.service.gateway.marketData.counters.appliedSeq >= paced.service.engine.lastSeq, 'market data to apply the setup');
      const md = await MarketDataClient.connect(paced.marketUrl);
      const trades: patx.v1.ITrade[] = [];
      md.on('trade', (t) => trades.push(t));
      const gaps: unknown[] = [];
      md.on('gap', (...g) => gaps.push(g));
      await md.subscribe(paced.seriesId);
      await until(() => md.book(paced.seriesId)?.ready === true, 'book snapshot');
      const publicationsBefore = paced.service.gateway.marketData.counters.publications;
      const turnsBefore = turns;
      await trade(10, 600);
      await until(() => trades.length === fills && caughtUp(paced, md), 'paced updates');
      expect(gaps).toEqual([]);
      chained(trades); // conflation never drops a trade: the chain is whole
      expect(trades.every((t) => Number(t.seq) === Number(t.tradeId))).toBe(true);
      expect(md.book(paced.seriesId)!.problem).toBeUndefined();
      expect(md.book(paced.seriesId)!.asks()).toEqual(engineLevels(Side.SELL));
      expect(paced.service.gateway.marketData.counters.publications - publicationsBefore).toBeLessThan(turns - turnsBefore);
      await md.close();
    } finally {
      fx = saved;
      await paced.stop();
    }
  });

  it('resubscribes after a missed update or a bad checksum, and recovers the book', async () => {
    const md = await MarketDataClient.connect(fx.marketUrl);
    await md.subscribe(fx.seriesId, [wire.Channel.BOOK]);
    await until(() => md.book(fx.seriesId)?.ready === true, 'book snapshot');
    // Tamper with what arrives: drop the 2nd update; once the book is back, corrupt a level of the next one it would apply.
    const problems: string[] = [];
    md.on('resync', (_id, problem) => problems.push(problem.kind));
    const deliver = md.socket.onUnsolicited;
    let updates = 0;
    let corrupted = false;
    md.socket.onUnsolicited = (frame) => {
      if (frame.body === 'bookUpdate') {
        updates++;
        if (updates === 2) return;
        const u = frame.bookUpdate!;
        const book = md.book(fx.seriesId)!;
        if (!corrupted && problems.length === 1 && book.ready && Number(u.prevSeq) === book.seq && (u.bids?.length ?? 0) + (u.asks?.length ?? 0) > 0) {
          const level = u.bids?.[0] ?? u.asks![0]!;
          level.qty = Number(level.qty) + 1;
          corrupted = true;
        }
      }
      deliver(frame);
    };
    // Trade on until both problems were seen: the corruption needs an update after the first resync.
    await trade(8, 500, () => problems.length < 2);
    await until(() => problems.length >= 2 && caughtUp(fx, md), 'resync');
    expect(problems.slice(0, 2)).toEqual(['gap', 'checksum']);
    expect(md.book(fx.seriesId)!.bids()).toEqual(engineLevels(Side.BUY));
    expect(md.book(fx.seriesId)!.asks()).toEqual(engineLevels(Side.SELL));
    await md.close();
  });

  it('streams reference price and status changes, and refuses unknown series and channels', async () => {
    const md = await MarketDataClient.connect(fx.marketUrl);
    const statuses: number[] = [];
    const references: number[] = [];
    const statusSeqs: Array<[seq: number, prevSeq: number]> = [];
    const referenceSeqs: Array<[seq: number, prevSeq: number]> = [];
    md.on('status', (s) => {
      statuses.push(Number(s.status));
      statusSeqs.push([Number(s.seq), Number(s.prevSeq ?? 0)]);
    });
    md.on('reference', (r) => {
      references.push(Number(r.priceMicros));
      referenceSeqs.push([Number(r.seq), Number(r.prevSeq ?? 0)]);
    });
    await md.subscribe(fx.seriesId, [wire.Channel.STATUS, wire.Channel.REFERENCE]);
    await until(() => statuses.length === 1 && references.length === 1, 'snapshots');
    expect(statuses[0]).toBe(SeriesStatus.TRADING);
    const halted = await fx.submit({ kind: CommandKind.SET_SERIES_STATUS, actor: SYSTEM_ACTOR, seriesId: fx.seriesId, status: SeriesStatus.HALTED });
    const priced = await fx.submit({ kind: CommandKind.SET_REFERENCE_PRICE, actor: SYSTEM_ACTOR, seriesId: fx.seriesId, priceMicros: PRICE + 7 * TICK });
    const resumed = await fx.submit({ kind: CommandKind.SET_SERIES_STATUS, actor: SYSTEM_ACTOR, seriesId: fx.seriesId, status: SeriesStatus.TRADING });
    await until(() => statuses.length === 3 && references.length === 2, 'updates');
    expect(statuses).toEqual([SeriesStatus.TRADING, SeriesStatus.HALTED, SeriesStatus.TRADING]);
    expect(references.at(-1)).toBe(PRICE + 7 * TICK);
    // Each update carries its command's journal seq and chains on the stream's last (the snapshot's).
    expect(statusSeqs.slice(1)).toEqual([
      [halted.seq, statusSeqs[0]![0]],
      [resumed.seq, halted.seq],
    ]);
    expect(referenceSeqs[1]).toEqual([priced.seq, referenceSeqs[0]![0]]);
    await expect(md.subscribe(999_999)).rejects.toMatchObject({ code: 'SERIES_NOT_FOUND' });
    await expect(md.subscribe(fx.seriesId, [9 as patx.v1.Channel])).rejects.toMatchObject({ code: 'INVALID_FIELD' });
    await expect(md.socket.request({ newOrder: { seriesId: 1 } })).rejects.toMatchObject({ code: 'WRONG_ENDPOINT' });
    const series = await md.series();
    expect(series.map((s) => Number(s.seriesId))).toContain(fx.seriesId);
    await md.close();
  });

  it('refuses connections beyond the limit at the upgrade', async () => {
    const small = await startGatewayFixture({ maxConnections: 2 });
    try {
      const a = await small.market();
      const b = await small.market();
      await expect(small.market()).rejects.toThrow(/503/);
      await a.close();
      await until(() => small.service.gateway.marketData.counters.errors().get('TOO_MANY_CONNECTIONS') === 1, 'count');
      const c = await small.market(); // room again
      await Promise.all([b.close(), c.close()]);
    } finally {
      await small.stop();
    }
  });

  it('cuts off a subscriber that reads too slowly, with SLOW_CONSUMER, while trading goes on', async () => {
    // The market-data thread at the engine's priority and with a larger ring: on a loaded machine
    // a thread niced and starved falls a ring behind and is reset (its subscribers told to come
    // back), which is another test's subject (market-data-thread.test.ts), not this one's.
    const slowFx = await startGatewayFixture({ maxBackpressureBytes: 64 * 1024, marketDataNice: 0, marketDataRingRecords: 1 << 20 });
    let slow: SlowReader | undefined;
    try {
      await slowFx.stockBroker(100_000, PRICE - 100_000);
      // A raw socket, so that it can read one chunk at a time. It reads a chunk (at most 64 KiB) per 200
      // publications of market data, each ~1.4 KB to it (a book update and a quote ladder of 60 levels), so
      // at most a quarter of what is sent to it, however fast or slow a loaded machine publishes (read by
      // the clock, every 100, 500, then 1,000 ms, it kept up whenever publishing slowed enough), and is
      // cut; from the cut on it reads everything. Reading is what keeps the cut socket open:
      // uWS closes an ended socket at its next 4-second tick, without the close frame still
      // queued, unless a drain comes first (a client that stopped reading altogether lost
      // the reason if it resumed a moment too late, which a loaded machine once made it do).
      // It runs in a thread of its own: its switch to reading everything, from a timer here, came
      // too late twice on loaded runs (2026-11-29), this thread being busy with the quoting loop.
      // It sends heartbeats, as the server asks: silent, it was cut for HEARTBEAT_TIMEOUT after 10 s
      // when a loaded machine took longer than that to fill the loopback buffers (2026-12-02).
      slow = await startSlowReader({
        url: slowFx.marketUrl,
        send: wsFrame(wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId: slowFx.seriesId } }).finish()),
        counters: slowFx.service.gateway.marketData.counters.buffer,
        publicationsPerRead: 200,
        heartbeat: wsFrame(wire.ClientFrame.encode({ heartbeat: {} }).finish()),
        heartbeatEveryMs: slowFx.config.gateway.heartbeatIntervalMs,
      });
      const fast = await MarketDataClient.connect(slowFx.marketUrl);
      await fast.subscribe(slowFx.seriesId, [wire.Channel.QUOTES]);
      let ladders = 0;
      fast.on('quotes', () => ladders++);
      // Big ladders make big book updates and quote messages.
      // (Loopback socket buffers take megabytes, ~4 MB here, before the server's own queue grows.) Quoting goes
      // on until the cut, for at most a number of ladders, not a time: 30,000 send ~40 MB to the slow
      // subscriber, of which it reads at most 10 MB (150 chunks), however long a loaded machine takes over them.
      for (let r = 0; r < 30_000 && slowFx.service.gateway.marketData.counters.slowConsumersCut === 0; r++) {
        // Alternate between two disjoint ladders, so every level changes every time.
        const bids = Array.from({ length: 30 }, (_, i) => PRICE - (200 + 2 * i + (r % 2)) * TICK);
        const asks = Array.from({ length: 30 }, (_, i) => PRICE + (10 + 2 * i + (r % 2)) * TICK);
        const quoted = await slowFx.submit({ kind: CommandKind.MASS_QUOTE, actor: slowFx.service.engine.brokerId, seriesId: slowFx.seriesId, bids: { priceMicros: bids, qty: bids.map(() => 1 + (r % 3)) }, asks: { priceMicros: asks, qty: asks.map(() => 1 + (r % 2)) }, referencePriceMicros: 0 });
        expect(quoted.events.at(-1)!.type).toBe(EventType.QUOTES_REPLACED);
      }
      expect(slowFx.service.gateway.marketData.resets, 'market data was reset while the test ran').toBe(0);
      // The market-data thread may still be behind the engine (a loaded machine): the cut comes when it catches up.
      await expect.poll(() => slowFx.service.gateway.marketData.counters.slowConsumersCut, { timeout: 30_000 }).toBe(1);
      // The last frame it read closes it with the reason: SLOW_CONSUMER.
      const last = serverFrames(await slow.read).at(-1);
      expect(last?.opcode).toBe(0x8);
      expect(last?.payload.readUInt16BE(0)).toBe(closeCode(ErrorCode.SLOW_CONSUMER));
      // The fast subscriber kept up and is still connected.
      expect(ladders).toBeGreaterThan(10);
      expect(fast.socket.closed).toBeUndefined();
      await fast.close();
    } finally {
      await slow?.stop();
      await slowFx.stop();
    }
  }, 120_000);
});
