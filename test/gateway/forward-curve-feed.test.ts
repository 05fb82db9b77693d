/**
 * Forward curves below the server: a listing crosses the feed ring with its contract
 * (through the names table beside the ring) and window; a contract name that does not
 * fit refuses its turn whole, as a full ring does; the feed publishes a contract's curve
 * only when a point changes, under the journal seq of the last command that changed it, with
 * the curve before's seq as prev_seq.
 */
import { describe, expect, it } from 'vitest';
import { EventType, SeriesKind, Side, type EngineEvent, type ReleasedBatch } from '../../src/engine/index.js';
import { createFeedRing, FeedRingReader, FeedRingWriter, type FeedRingVisitor } from '../../src/gateway/feed-ring.js';
import { Channel, MarketFeed, type FeedEvent, type FeedSink } from '../../src/gateway/market-feed.js';
import { wire, type patx } from '../../src/proto/index.js';

const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
const WEEK_MS = 7 * 86_400_000;
const OPEN = Date.UTC(2026, 10, 16);

function turn(firstSeq: number, events: object[], timeMs = OPEN): ReleasedBatch {
  return { firstSeq, timeMs, commands: new Array(events.length).fill(undefined), events: events as EngineEvent[], appliedAtMonoMs: 0 } as unknown as ReleasedBatch;
}

function listed(seq: number, seriesId: number, kind: SeriesKind, openAtMs: number, contract = CONTRACT): object {
  return { type: EventType.SERIES_LISTED, seq, seriesId, contract, seriesKind: kind, openAtMs, closeAtMs: openAtMs + WEEK_MS };
}

function quote(seq: number, orderId: number, seriesId: number, side: Side, priceMicros: number): object {
  return { type: EventType.ORDER_ACCEPTED, seq, orderId, accountId: 1, clientOrderId: 0, seriesId, side, priceMicros, orderQty: 10, isQuote: true };
}

class Recorder implements FeedRingVisitor {
  readonly events: FeedEvent[] = [];
  beginTurn(): void {}
  apply(e: FeedEvent): void {
    this.events.push({ ...e });
  }
  endTurn(): void {}
}

describe('forward curves', () => {
  it('carry a listing’s contract and window across the ring; a name that does not fit refuses its turn whole', () => {
    const ring = createFeedRing(16, 40); // room for one contract name of 24 bytes, not two
    const writer = new FeedRingWriter(ring);
    const reader = new FeedRingReader(ring);
    const seen = new Recorder();
    expect(writer.writeTurn(turn(1, [listed(1, 1, SeriesKind.SPOT, OPEN), listed(2, 2, SeriesKind.FORWARD, OPEN + WEEK_MS)]))).toBe(true);
    expect(writer.writeTurn(turn(3, [quote(3, 1, 1, Side.BUY, 500_000), listed(4, 3, SeriesKind.SPOT, OPEN, 'TRAVEL_INTENT|30D|0.60-0.80')]))).toBe(false);
    reader.drain(seen);
    expect(seen.events).toEqual([
      { type: EventType.SERIES_LISTED, seq: 1, seriesId: 1, contract: CONTRACT, seriesKind: SeriesKind.SPOT, openAtMs: OPEN, closeAtMs: OPEN + WEEK_MS },
      { type: EventType.SERIES_LISTED, seq: 2, seriesId: 2, contract: CONTRACT, seriesKind: SeriesKind.FORWARD, openAtMs: OPEN + WEEK_MS, closeAtMs: OPEN + 2 * WEEK_MS },
    ]);
    // The refused turn left nothing behind: the next one is read from where the last ended.
    expect(writer.writeTurn(turn(3, [quote(3, 1, 1, Side.BUY, 500_000)]))).toBe(true);
    reader.drain(seen);
    expect(seen.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('publish a contract’s curve whole, only when one of its points changes, under the seq of the command that changed it', () => {
    const curves: patx.v1.IForwardCurve[] = [];
    const sink: FeedSink = {
      hasSubscribers: () => false,
      publish: () => undefined,
      hasCurveSubscribers: () => true,
      publishCurve: (_id, frame) => curves.push(wire.ServerFrame.decode(frame).forwardCurve!),
    };
    const feed = new MarketFeed(sink);
    feed.seed({ lastSeq: 0, lastTradeId: 0, timeMs: OPEN, series: new Float64Array(0), contracts: [], orders: new Float64Array(0), brokers: [1] }); // account 1 the broker: its quotes are the BOOK
    feed.onBatch(turn(1, [listed(1, 1, SeriesKind.SPOT, OPEN), listed(2, 2, SeriesKind.FORWARD, OPEN + WEEK_MS), listed(3, 3, SeriesKind.SPOT, OPEN + WEEK_MS)]));
    // The next window's spot series is not open yet: the curve is this window's spot, then the forward.
    expect(curves.at(-1)!.points!.map((p) => [p.seriesId, p.kind])).toEqual([
      [1, SeriesKind.SPOT],
      [2, SeriesKind.FORWARD],
    ]);
    // One message for the turn, under the last listing's seq (3), chained on the seed's place (0, sent as absent).
    expect(curves.map((c) => [Number(c.seq), Number(c.prevSeq ?? 0)])).toEqual([[3, 0]]);
    feed.onBatch(turn(4, [quote(4, 10, 2, Side.BUY, 500_000), quote(5, 11, 2, Side.SELL, 600_000)]));
    const curve = feed.curveOf('AUTO_INTENT|1W|0.7-0.85')!; // any spelling of the key
    expect(curve.contract).toBe(CONTRACT);
    expect(curves.at(-1)).toMatchObject({ contract: CONTRACT, seq: feed.curveSeq(curve.curveId) });
    // The turn's two quotes changed it: the later's seq (5), after the listing's curve (3).
    expect([Number(curves.at(-1)!.seq), Number(curves.at(-1)!.prevSeq)]).toEqual([5, 3]);
    expect(curves.at(-1)!.points![1]).toMatchObject({ seriesId: 2, bidMicros: 500_000, askMicros: 600_000, midMicros: 550_000 });
    const published = curves.length;
    // A book change that leaves the broker's best prices where they were publishes no curve.
    feed.onBatch(turn(6, [quote(6, 12, 2, Side.SELL, 700_000)]));
    expect(curves).toHaveLength(published);
    expect(feed.curveSeq(curve.curveId)).toBe(5); // nor moves its seq
    expect(feed.streamSeq(2, Channel.QUOTES)).toBe(6); // the ladder did change, at 6
    // A better bid moves the curve: seq 7, chained on 5 (the unpublished change at 6 is no gap).
    feed.onBatch(turn(7, [quote(7, 13, 2, Side.BUY, 520_000)]));
    expect(curves).toHaveLength(published + 1);
    expect([Number(curves.at(-1)!.seq), Number(curves.at(-1)!.prevSeq)]).toEqual([7, 5]);
    expect(curves.at(-1)!.points![1]).toMatchObject({ seriesId: 2, bidMicros: 520_000, askMicros: 600_000 });
    expect(() => feed.curveOf('not a key')).toThrow();
    expect(feed.curveOf('OTHER|7D|0.70-0.85')).toBeUndefined();
  });
});
