/**
 * The market-data feed against a real sequencer and LMDB journal: a workload of
 * orders, cancels, market orders, amends and broker mass quotes runs through it;
 * a subscriber's LocalBook built only from the feed's snapshot and updates must
 * pass every seq and checksum check and end equal to the engine's own books. The
 * same turns carried through a feed ring (as to the market-data thread) make the
 * same messages.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateWorkload, prng, TICK_MICROS, WORKLOAD_START_MS } from '../../bench/workload.js';
import { LocalBook } from '../../src/client/local-book.js';
import { CommandKind, Engine, EventType, Journal, recover, replayJournal, Sequencer, SeriesStatus, Side, SYSTEM_ACTOR, type Command } from '../../src/engine/index.js';
import { createFeedRing, FeedRingReader, FeedRingWriter } from '../../src/gateway/feed-ring.js';
import { Channel, MarketFeed, type FeedSink } from '../../src/gateway/market-feed.js';
import { MAX_TRADES_PER_FRAME } from '../../src/gateway/market-frames.js';
import { takeableBook } from '../../src/gateway/views.js';
import { bookChecksum, wire, type patx } from '../../src/proto/index.js';

let dir: string;
let journal: Journal | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-feed-'));
});
afterEach(async () => {
  await journal?.close();
  journal = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Records what the feed publishes, per stream. */
class RecordingSink implements FeedSink {
  readonly frames: Array<{ seriesId: number; channel: Channel; frame: patx.v1.IServerFrame }> = [];
  subscribed = true;
  hasSubscribers(): boolean {
    return this.subscribed;
  }
  publish(seriesId: number, channel: Channel, frame: Uint8Array): void {
    this.frames.push({ seriesId, channel, frame: wire.ServerFrame.decode(frame) });
  }
}

/** The engine's resting quantity per price over all books of a series. */
function engineDepth(engine: Engine, seriesId: number, side: Side): Array<{ priceMicros: number; qty: number }> {
  const depth = takeableBook(engine, seriesId, 1_000_000);
  return side === Side.BUY ? depth.bids : depth.asks;
}

/** The sequencer's clock: 1 ms per turn (it reads the clock once per turn). */
let clockMs = WORKLOAD_START_MS;

function startSequencer(): Sequencer {
  journal = Journal.open(dir, { durability: 'commit' });
  const { engine } = recover(journal);
  clockMs = WORKLOAD_START_MS;
  return new Sequencer(engine, journal, () => (clockMs += 1), { snapshotEveryMs: 0, maxBatchCommands: 25 });
}

/** A series' book or quote ladder as one message left it, at the seq it carried. */
interface Published {
  seq: number;
  bids: Array<{ priceMicros: number; qty: number }>;
  asks: Array<{ priceMicros: number; qty: number }>;
}

/**
 * Applies what the sink recorded to a local book started from `snapshot`; counts what it saw, checks seqs and checksums,
 * and that trades come in order, at most MAX_TRADES_PER_FRAME a frame. Seqs are journal seqs (they skip): on every
 * stream each message's prev_seq is the seq before it (from the stream's seq at the snapshot, `start`) and its seq is
 * larger; a trade's seq is its trade id. Returns each book and quote ladder as published, for `checkAgainstJournal`.
 */
function replay(
  sink: RecordingSink,
  book: LocalBook,
  start: { trades: number; quotes: number },
): { updates: number; trades: number; tradeFrames: number; quoteLadders: number; books: Published[]; ladders: Published[] } {
  let updates = 0;
  let trades = 0;
  let tradeFrames = 0;
  let lastTradeSeq = start.trades;
  let lastLadderSeq = start.quotes;
  let quoteLadders = 0;
  const books: Published[] = [];
  const ladders: Published[] = [];
  for (const { seriesId, channel, frame } of sink.frames) {
    expect(seriesId).toBe(1);
    if (channel === Channel.BOOK) {
      const u = frame.bookUpdate!;
      const before = book.seq;
      // LocalBook checks prev_seq against the seq it holds, and the checksum.
      expect(book.applyUpdate(u), JSON.stringify(book.problem)).toBe(true);
      expect(Number(u.seq)).toBeGreaterThan(before);
      // The last command the update carries is at most the turn's last.
      expect(Number(u.seq)).toBeLessThanOrEqual(Number(u.engineSeq));
      books.push({ seq: Number(u.seq), bids: book.bids(), asks: book.asks() });
      updates++;
    } else if (channel === Channel.TRADES) {
      const inFrame = frame.trades!.trades!;
      expect(inFrame.length).toBeGreaterThan(0);
      expect(inFrame.length).toBeLessThanOrEqual(MAX_TRADES_PER_FRAME);
      for (const t of inFrame) {
        expect(Number(t.prevSeq)).toBe(lastTradeSeq);
        expect(Number(t.seq)).toBe(Number(t.tradeId));
        expect(Number(t.seq)).toBeGreaterThan(lastTradeSeq);
        lastTradeSeq = Number(t.seq);
        trades++;
      }
      tradeFrames++;
    } else if (channel === Channel.QUOTES) {
      const l = frame.quoteLadder!;
      expect(Number(l.prevSeq)).toBe(lastLadderSeq);
      expect(Number(l.seq)).toBeGreaterThan(lastLadderSeq);
      lastLadderSeq = Number(l.seq);
      ladders.push({ seq: lastLadderSeq, bids: levels(l.bids), asks: levels(l.asks) });
      quoteLadders++;
    }
  }
  return { updates, trades, tradeFrames, quoteLadders, books, ladders };
}

function levels(ls: patx.v1.ILevel[] | null | undefined): Array<{ priceMicros: number; qty: number }> {
  return (ls ?? []).map((l) => ({ priceMicros: Number(l.priceMicros), qty: Number(l.qty) }));
}

/** The broker's live quotes on one side of series 1 as the ladder lists them: quantity per price, best first. */
function liveQuotes(engine: Engine, side: Side): Array<{ priceMicros: number; qty: number }> {
  const s = engine.series[1]!;
  const qty = new Map<number, number>();
  for (const id of side === Side.BUY ? s.quoteBidIds : s.quoteAskIds) {
    // A filled quote's id may stay listed until the next requote.
    const o = engine.orders.get(id);
    if (o === undefined || o.leavesQty === 0) continue;
    qty.set(o.priceMicros, (qty.get(o.priceMicros) ?? 0) + o.leavesQty);
  }
  return [...qty].map(([priceMicros, q]) => ({ priceMicros, qty: q })).sort((a, b) => (side === Side.BUY ? b.priceMicros - a.priceMicros : a.priceMicros - b.priceMicros));
}

/**
 * The rule that makes seqs equal on every node: a message's seq is the journal seq of the last command whose change it
 * carries, so the journal replayed up to that seq (and no further) holds exactly the book and ladder the message shows.
 * One engine replays the journal forward, stopping at each published seq in order.
 */
function checkAgainstJournal(books: readonly Published[], ladders: readonly Published[]): void {
  const atSeq = [...books.map((p) => ({ p, what: 'book' as const })), ...ladders.map((p) => ({ p, what: 'quotes' as const }))].sort((a, b) => a.p.seq - b.p.seq);
  const engine = new Engine();
  for (const { p, what } of atSeq) {
    replayJournal(engine, journal!, p.seq);
    expect(engine.lastSeq).toBe(p.seq);
    const state =
      what === 'book'
        ? { bids: engineDepth(engine, 1, Side.BUY), asks: engineDepth(engine, 1, Side.SELL) }
        : { bids: liveQuotes(engine, Side.BUY), asks: liveQuotes(engine, Side.SELL) };
    expect(state, `${what} at seq ${p.seq}`).toEqual({ bids: p.bids, asks: p.asks });
  }
}

/**
 * A sequencer with a workload's setup done and a paced feed on it; a local book from the
 * feed's snapshot; turns and fills released so far. The feed's clock is the sequencer's
 * (1 ms per turn), so when an interval has passed is deterministic.
 */
async function pacedFeed(size: number, seed: number, intervalMs: number) {
  const sequencer = startSequencer();
  const workload = generateWorkload(size, seed);
  await Promise.all(workload.setup.map((cmd) => sequencer.submit(cmd)));
  const sink = new RecordingSink();
  const feed = MarketFeed.ofEngine(sequencer.engine, sink, { intervalMs, now: () => clockMs });
  const released = { turns: 0, fills: 0 };
  sequencer.onRelease((batch) => {
    released.turns++;
    released.fills += batch.events.filter((e) => e.type === EventType.FILL).length;
    feed.onBatch(batch);
  });
  const book = new LocalBook(1);
  book.applySnapshot(feed.snapshot(1, Channel.BOOK)!.bookSnapshot!);
  const start = seededAt(sequencer.engine, feed, book);
  return { sequencer, workload, sink, feed, book, released, start };
}

/** A feed seeded from the engine at rest: its streams stand at the journal's last seq, TRADES at the last trade id. */
function seededAt(engine: Engine, feed: MarketFeed, book: LocalBook): { trades: number; quotes: number } {
  expect(book.seq).toBe(engine.lastSeq);
  expect(feed.streamSeq(1, Channel.QUOTES)).toBe(engine.lastSeq);
  expect(feed.streamSeq(1, Channel.TRADES)).toBe(engine.nextTradeId - 1);
  return { trades: feed.streamSeq(1, Channel.TRADES), quotes: feed.streamSeq(1, Channel.QUOTES) };
}

/** Submits commands 500 at a time (many per turn) and waits until all are released. */
async function submitInChunks(sequencer: Sequencer, cmds: readonly Command[]): Promise<void> {
  for (let chunk = 0; chunk < cmds.length; chunk += 500) {
    await Promise.all(cmds.slice(chunk, chunk + 500).map((cmd) => sequencer.submit(cmd)));
  }
  await sequencer.drain();
}

/** Amends of live orders and broker mass quotes, chosen from the engine at rest. */
function extraCommands(engine: Engine, rand: () => number): Command[] {
  const out: Command[] = [];
  const live = [...engine.series[1]!.brokerSells.orders(Side.BUY), ...engine.series[1]!.brokerBuys.orders(Side.SELL)].filter((o) => !o.isQuote);
  for (let i = 0; i < 5 && live.length > 0; i++) {
    const o = live[Math.floor(rand() * live.length)]!;
    const smaller = rand() < 0.5;
    out.push({
      kind: CommandKind.AMEND_ORDER,
      actor: accountOf(engine, o.orderId),
      orderId: o.orderId,
      newQty: smaller ? Math.max(o.cumQty + 1, o.orderQty - 1) : o.orderQty + 3,
      newPriceMicros: smaller ? o.priceMicros : o.priceMicros + (o.side === Side.BUY ? -TICK_MICROS : TICK_MICROS),
    });
  }
  const mid = 5_000 * TICK_MICROS + Math.floor(rand() * 40 - 20) * TICK_MICROS;
  out.push({
    kind: CommandKind.MASS_QUOTE,
    actor: 1,
    seriesId: 1,
    bids: { priceMicros: [mid - 30 * TICK_MICROS, mid - 31 * TICK_MICROS, mid - 32 * TICK_MICROS], qty: [5, 7, 9] },
    asks: { priceMicros: [mid + 30 * TICK_MICROS, mid + 31 * TICK_MICROS], qty: [4, 6] },
    referencePriceMicros: mid,
  });
  return out;
}

function accountOf(engine: Engine, orderId: number): number {
  for (const a of engine.accounts) {
    if (a === undefined) continue;
    for (let o = a.firstOrder; o !== null; o = o.accountNext) if (o.orderId === orderId) return a.id;
  }
  return 0;
}

describe('MarketFeed', () => {
  it('keeps a subscriber book equal to the engine, with gapless seqs and matching checksums', async () => {
    const sequencer = startSequencer();
    const workload = generateWorkload(6_000, 11);
    await Promise.all(workload.setup.map((cmd) => sequencer.submit(cmd)));
    const sink = new RecordingSink();
    const feed = MarketFeed.ofEngine(sequencer.engine, sink);
    sequencer.onRelease((batch) => feed.onBatch(batch));
    // The same turns through a feed ring (as to the market-data thread), small enough to wrap many times.
    const viaRing = new RecordingSink();
    const ringFeed = MarketFeed.ofEngine(sequencer.engine, viaRing);
    const ring = createFeedRing(1_024);
    const writer = new FeedRingWriter(ring);
    const reader = new FeedRingReader(ring);
    let ringTurns = 0;
    sequencer.onRelease((batch) => {
      expect(writer.writeTurn(batch)).toBe(true);
      reader.drain(ringFeed);
      ringTurns++;
    });

    const book = new LocalBook(1);
    const snapshot = feed.snapshot(1, Channel.BOOK)!.bookSnapshot!;
    book.applySnapshot(snapshot);
    expect(book.problem).toBeUndefined();
    const start = seededAt(sequencer.engine, feed, book);

    const rand = prng(5);
    for (let chunk = 0; chunk < workload.ops.length; chunk += 500) {
      const cmds = [...workload.ops.slice(chunk, chunk + 500), ...extraCommands(sequencer.engine, rand)];
      await Promise.all(cmds.map((cmd) => sequencer.submit(cmd)));
    }
    await sequencer.drain();

    // Every message the ring-fed feed published is the one the directly fed feed did.
    expect(ringTurns).toBeGreaterThan(100);
    expect(viaRing.frames).toEqual(sink.frames);

    const { updates, trades, quoteLadders, books, ladders } = replay(sink, book, start);
    expect(updates).toBeGreaterThan(100);
    expect(trades).toBeGreaterThan(100);
    expect(quoteLadders).toBeGreaterThan(5);
    expect(book.bids()).toEqual(engineDepth(sequencer.engine, 1, Side.BUY));
    expect(book.asks()).toEqual(engineDepth(sequencer.engine, 1, Side.SELL));
    expect(feed.streamSeq(1, Channel.BOOK)).toBe(book.seq);
    expect(feed.streamSeq(1, Channel.TRADES)).toBe(sequencer.engine.nextTradeId - 1);
    checkAgainstJournal(books, ladders);

    // The broker's ladder as published equals its live quotes.
    const lastLadder = sink.frames.filter((f) => f.channel === Channel.QUOTES).at(-1)!.frame.quoteLadder!;
    const liveQuoteBids = sequencer.engine.series[1]!.quoteBidIds.map((id) => sequencer.engine.orders.get(id)!).map((o) => ({ priceMicros: o.priceMicros, qty: o.leavesQty }));
    expect(lastLadder.bids).toEqual(liveQuoteBids);

    // A feed seeded from the engine at rest starts from the same book.
    const reseeded = MarketFeed.ofEngine(sequencer.engine, new RecordingSink());
    expect(reseeded.depth(1, 1_000)).toEqual(feed.depth(1, 1_000));
    await sequencer.stop();
  });

  it("shows on the BOOK what an order can take: the broker's orders, not the customers' waiting for it; a broker opened after the seed followed, through the ring too", async () => {
    const sequencer = startSequencer(); // an empty engine: the broker's account opens in the workload's setup, after the seed
    const sink = new RecordingSink();
    const feed = MarketFeed.ofEngine(sequencer.engine, sink);
    const viaRing = new RecordingSink();
    const ringFeed = MarketFeed.ofEngine(sequencer.engine, viaRing);
    const ring = createFeedRing(1_024);
    const writer = new FeedRingWriter(ring);
    const reader = new FeedRingReader(ring);
    sequencer.onRelease((batch) => {
      feed.onBatch(batch);
      expect(writer.writeTurn(batch)).toBe(true);
      reader.drain(ringFeed);
    });
    const workload = generateWorkload(3_000, 13);
    await submitInChunks(sequencer, [...workload.setup, ...workload.ops]);
    const engine = sequencer.engine;
    const book = takeableBook(engine, 1, 1_000_000);
    // Customers' orders rest, waiting for the broker, at prices the broker's book does not have.
    expect(book.waiting!.bids.length + book.waiting!.asks.length).toBeGreaterThan(10);
    expect(feed.depth(1, 1_000_000)).toEqual({ bids: book.bids, asks: book.asks });
    expect(ringFeed.depth(1, 1_000_000)).toEqual({ bids: book.bids, asks: book.asks });
    expect(viaRing.frames).toEqual(sink.frames);
    expect(MarketFeed.ofEngine(engine, new RecordingSink()).depth(1, 1_000_000)).toEqual({ bids: book.bids, asks: book.asks });
    await sequencer.stop();
  });

  it('paces publications: the first change after a quiet interval goes out with its turn, later ones together, conflated, every trade kept', async () => {
    // A publication left waiting on the real timer is forced out by publish() below.
    const { sequencer, workload, sink, feed, book, released, start } = await pacedFeed(3_000, 12, 50);

    // Quiet for longer than the interval: the next turn publishes at once.
    clockMs += 1_000;
    const quote = extraCommands(sequencer.engine, prng(3)).at(-1)!;
    await sequencer.submit(quote);
    expect(feed.publications).toBe(1);
    expect(sink.frames.some((f) => f.channel === Channel.QUOTES)).toBe(true);

    await submitInChunks(sequencer, workload.ops);
    feed.publish();
    await sequencer.stop();

    const { turns, fills } = released;
    const { updates, trades, tradeFrames, books, ladders } = replay(sink, book, start);
    expect(fills).toBeGreaterThan(100);
    expect(trades).toBe(fills); // trades are never conflated
    expect(feed.streamSeq(1, Channel.TRADES)).toBe(sequencer.engine.nextTradeId - 1);
    // Conflated or not, a message's seq is the journal's place of the state it shows.
    checkAgainstJournal(books, ladders);
    // A publication's trades go out together: one frame, or more only past MAX_TRADES_PER_FRAME.
    expect(tradeFrames).toBeLessThanOrEqual(feed.publications + Math.floor(trades / MAX_TRADES_PER_FRAME));
    expect(tradeFrames).toBeLessThan(trades / 10);
    expect(feed.publications).toBeLessThan(turns / 2);
    expect(updates).toBeLessThanOrEqual(feed.publications);
    expect(book.bids()).toEqual(engineDepth(sequencer.engine, 1, Side.BUY));
    expect(book.asks()).toEqual(engineDepth(sequencer.engine, 1, Side.SELL));
    expect(feed.streamSeq(1, Channel.BOOK)).toBe(book.seq);
    // Nothing left waiting.
    const published = sink.frames.length;
    feed.publish();
    expect(sink.frames.length).toBe(published);
  });

  it('splits a publication of many trades into Trades frames of at most MAX_TRADES_PER_FRAME, seqs running on', async () => {
    const { sequencer, workload, sink, feed, book, released, start } = await pacedFeed(6_000, 14, 3_600_000);
    await submitInChunks(sequencer, workload.ops);
    feed.publish(); // the first change went out with its turn; everything since waited for this
    feed.stop();
    await sequencer.stop();

    const { fills } = released;
    const { trades, tradeFrames, books, ladders } = replay(sink, book, start);
    expect(feed.publications).toBe(2);
    expect(fills).toBeGreaterThan(2 * MAX_TRADES_PER_FRAME);
    expect(trades).toBe(fills);
    expect(tradeFrames).toBeLessThanOrEqual(1 + Math.ceil(fills / MAX_TRADES_PER_FRAME));
    expect(tradeFrames).toBeGreaterThanOrEqual(Math.ceil(fills / MAX_TRADES_PER_FRAME));
    expect(book.bids()).toEqual(engineDepth(sequencer.engine, 1, Side.BUY));
    checkAgainstJournal(books, ladders);
  });

  it("publishes a status change, and a new subscriber's series, at once whatever the pace", async () => {
    const sequencer = startSequencer();
    const workload = generateWorkload(200, 13);
    await Promise.all(workload.setup.map((cmd) => sequencer.submit(cmd)));
    const sink = new RecordingSink();
    const feed = MarketFeed.ofEngine(sequencer.engine, sink, { intervalMs: 3_600_000, now: () => clockMs });
    sequencer.onRelease((batch) => feed.onBatch(batch));
    const quotes = (): number => sink.frames.filter((f) => f.channel === Channel.QUOTES).length;
    const quote = (): Command => extraCommands(sequencer.engine, prng(clockMs)).at(-1)!;

    const ladders = (): patx.v1.IQuoteLadder[] => sink.frames.filter((f) => f.channel === Channel.QUOTES).map((f) => f.frame.quoteLadder!);
    const seeded = feed.streamSeq(1, Channel.QUOTES);
    const statusSeeded = feed.streamSeq(1, Channel.STATUS);

    const first = await sequencer.submit(quote()); // the first change publishes with its turn
    expect(quotes()).toBe(1);
    // Each message's seq is its command's journal seq; prev_seq, the stream's seq before (the seed's).
    expect([Number(ladders()[0]!.seq), Number(ladders()[0]!.prevSeq)]).toEqual([first.seq, seeded]);
    const second = await sequencer.submit(quote()); // within the interval: waits
    expect(quotes()).toBe(1);
    const halted = await sequencer.submit({ kind: CommandKind.SET_SERIES_STATUS, actor: SYSTEM_ACTOR, seriesId: 1, status: SeriesStatus.HALTED });
    expect(quotes()).toBe(2); // out with the status change, in the same publication
    expect([Number(ladders()[1]!.seq), Number(ladders()[1]!.prevSeq)]).toEqual([second.seq, first.seq]);
    const status = sink.frames.at(-1)!.frame.seriesStatus!;
    expect(status.status).toBe(SeriesStatus.HALTED);
    expect([Number(status.seq), Number(status.prevSeq)]).toEqual([halted.seq, statusSeeded]);
    await sequencer.submit({ kind: CommandKind.SET_SERIES_STATUS, actor: SYSTEM_ACTOR, seriesId: 1, status: SeriesStatus.TRADING });
    const third = await sequencer.submit(quote());
    expect(quotes()).toBe(2);
    feed.publish(1); // what a subscription does before its snapshot
    expect(quotes()).toBe(3);
    expect([Number(ladders()[2]!.seq), Number(ladders()[2]!.prevSeq)]).toEqual([third.seq, second.seq]);
    expect(Number(ladders()[2]!.seq)).toBe(feed.streamSeq(1, Channel.QUOTES));
    feed.stop();
    await sequencer.stop();
  });

  it('detects a bad checksum and a gap in the local book', () => {
    const bids = [{ priceMicros: 100, qty: 2 }];
    const bad = new LocalBook(1);
    bad.applySnapshot({ seriesId: 1, seq: 4, bids, asks: [], checksum: 0 });
    expect(bad.problem?.kind).toBe('checksum');
    expect(bad.ready).toBe(false);

    const good = new LocalBook(1);
    good.applySnapshot({ seriesId: 1, seq: 4, bids, asks: [], checksum: bookChecksum(bids, []) });
    expect(good.ready).toBe(true);
    // Seqs skip (journal seqs): an update follows on when its prev_seq is the seq held.
    const next = [{ priceMicros: 100, qty: 3 }];
    expect(good.applyUpdate({ seriesId: 1, seq: 9, prevSeq: 4, bids: next, asks: [], checksum: bookChecksum(next, []) })).toBe(true);
    expect(good.seq).toBe(9);
    // One whose prev_seq is another (the update at 12 was missed) is a gap, whatever its own seq.
    expect(good.applyUpdate({ seriesId: 1, seq: 15, prevSeq: 12, bids: [], asks: [], checksum: 0 })).toBe(false);
    expect(good.problem).toEqual({ kind: 'gap', expectedSeq: 9, gotSeq: 12 });
    expect(good.ready).toBe(false);
  });
});
