/**
 * The fee schedule on the quote stream (docs/fees.md): every QuoteLadder carries the taker fee
 * and take rate in force for its series' kind (fields 7 and 8, added), in its subscription
 * snapshot and in its updates; a change of the schedule or of the phase republishes the
 * ladder of every quoted series it changes; the same turns carried through the feed ring (as
 * to the market-data thread) make the same messages, and a feed seeded from the engine knows
 * the schedule. Under the default schedule a ladder has neither field.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, SeriesKind, SYSTEM_ACTOR, type Command, type ReleasedBatch } from '../../src/engine/index.js';
import { createFeedRing, FeedRingReader, FeedRingWriter } from '../../src/gateway/feed-ring.js';
import { Channel, MarketFeed, type FeedSink } from '../../src/gateway/market-feed.js';
import { wire, type patx } from '../../src/proto/index.js';
import { createFixture, seriesSpec, T0, WINDOW_MS, type EngineFixture } from '../support/engine-fixture.js';

class Sink implements FeedSink {
  readonly ladders: patx.v1.IQuoteLadder[] = [];
  hasSubscribers(): boolean {
    return true;
  }
  publish(_seriesId: number, channel: Channel, frame: Uint8Array): void {
    if (channel === Channel.QUOTES) this.ladders.push(wire.ServerFrame.decode(frame).quoteLadder!);
  }
}

/** Two feeds of one engine: one given the turns in process, one through a feed ring. */
function feeds(fx: EngineFixture): { direct: Sink; ringed: Sink; run: (cmd: Command) => void; directFeed: MarketFeed } {
  const direct = new Sink();
  const ringed = new Sink();
  const directFeed = MarketFeed.ofEngine(fx.engine, direct);
  const ringFeed = MarketFeed.ofEngine(fx.engine, ringed);
  const ring = createFeedRing(1024);
  const writer = new FeedRingWriter(ring);
  const reader = new FeedRingReader(ring);
  const run = (cmd: Command): void => {
    const firstSeq = fx.engine.lastSeq + 1;
    const events = fx.submit(cmd);
    const batch: ReleasedBatch = { firstSeq, timeMs: fx.ee.nowMs, commands: [cmd], events, appliedAtMonoMs: 0 };
    directFeed.onBatch(batch);
    expect(writer.writeTurn(batch)).toBe(true);
    reader.drain(ringFeed);
  };
  return { direct, ringed, run, directFeed };
}

function quote(fx: EngineFixture, bid: number, ask: number, seriesId = fx.seriesId): Command {
  return { kind: CommandKind.MASS_QUOTE, actor: fx.broker, seriesId, bids: { priceMicros: [bid], qty: [5] }, asks: { priceMicros: [ask], qty: [5] }, referencePriceMicros: 0 };
}

const setFee = (fx: EngineFixture, name: string, value: number): Command => ({ kind: CommandKind.SET_PARAM, actor: fx.operator, name, value });

describe('fees on the quote stream', () => {
  it('a ladder carries the rates in force; a schedule or phase change republishes it; the ring makes the same messages', () => {
    const fx = createFixture();
    const { direct, ringed, run, directFeed } = feeds(fx);
    run(quote(fx, 400_000, 700_000));
    expect(direct.ladders.at(-1)!.takerFeeBps ?? 0).toBe(0); // the default schedule: absent (0)

    run(setFee(fx, 'fee.takerBps:SPOT', 12));
    expect(direct.ladders.at(-1)).toMatchObject({ seriesId: fx.seriesId, takerFeeBps: 12, seq: fx.engine.lastSeq });
    run(setFee(fx, 'fee.takeRateBps:SPOT', 300));
    expect(direct.ladders.at(-1)).toMatchObject({ takerFeeBps: 12, takeRateBps: 300 });
    const count = direct.ladders.length;
    run(setFee(fx, 'fee.takerBps:CALL', 50)); // no CALL series is quoted: nothing goes out
    expect(direct.ladders).toHaveLength(count);
    run(setFee(fx, 'fee.takerBps:SPOT@4', 3));
    expect(direct.ladders).toHaveLength(count); // not in force before phase 4
    run({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
    expect(direct.ladders.at(-1)).toMatchObject({ takerFeeBps: 3, takeRateBps: 300 });
    run(quote(fx, 450_000, 650_000));
    expect(direct.ladders.at(-1)).toMatchObject({ takerFeeBps: 3, takeRateBps: 300 });
    expect(directFeed.snapshot(fx.seriesId, Channel.QUOTES)!.quoteLadder).toMatchObject({ takerFeeBps: 3, takeRateBps: 300 });

    expect(ringed.ladders).toEqual(direct.ladders);
    // A feed seeded from the engine now (the market-data thread after a restart) shows the same rates.
    const seeded = MarketFeed.ofEngine(fx.engine, new Sink());
    expect(seeded.snapshot(fx.seriesId, Channel.QUOTES)!.quoteLadder).toMatchObject({ takerFeeBps: 3, takeRateBps: 300 });
  });

  it("a forward's and a synthetic's ladders carry their own kind's taker fee; a change to one kind republishes only its ladders", () => {
    const fx = createFixture();
    const { direct, ringed, run } = feeds(fx);
    run({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
    // Listed through the feeds, as the service's feed learns every series.
    run(seriesSpec({ seriesKind: SeriesKind.FORWARD, openAtMs: T0 + WINDOW_MS }));
    const forward = fx.engine.series.length - 1;
    run(seriesSpec({ seriesKind: SeriesKind.SYNTHETIC, openAtMs: T0 }));
    const synthetic = fx.engine.series.length - 1;
    expect([fx.series(forward).spec.kind, fx.series(synthetic).spec.kind]).toEqual([SeriesKind.FORWARD, SeriesKind.SYNTHETIC]);
    run(quote(fx, 400_000, 700_000, forward));
    run(quote(fx, 400_000, 700_000, synthetic));
    const last = (seriesId: number) => direct.ladders.filter((l) => l.seriesId === seriesId).at(-1)!;
    expect(last(forward).takerFeeBps ?? 0).toBe(0);
    const count = direct.ladders.length;
    run(setFee(fx, 'fee.takerBps:FORWARD', 25));
    expect(direct.ladders).toHaveLength(count + 1);
    expect(last(forward)).toMatchObject({ takerFeeBps: 25 });
    run(setFee(fx, 'fee.takerBps:SYNTHETIC@3', 8));
    expect(direct.ladders).toHaveLength(count + 2);
    expect(last(synthetic)).toMatchObject({ takerFeeBps: 8 });
    expect(last(forward)).toMatchObject({ takerFeeBps: 25 });
    run(setFee(fx, 'fee.issuanceBps:SYNTHETIC', 100)); // not on the ladder: nothing goes out
    expect(direct.ladders).toHaveLength(count + 2);
    expect(ringed.ladders).toEqual(direct.ladders);
  });
});
