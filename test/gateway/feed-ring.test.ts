/**
 * The feed ring's edges: a turn that does not fit is refused whole (nothing
 * written, the reader sees nothing of it), and room comes back as the reader
 * reads. Its fidelity over a real workload is checked in market-feed.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { childJson, sourcePath } from '../support/child-script.js';
import { EventType, Side, type EngineEvent, type ReleasedBatch } from '../../src/engine/index.js';
import { createFeedRing, FeedRingReader, FeedRingWriter, feedPollMs, type FeedRingVisitor } from '../../src/gateway/feed-ring.js';
import type { FeedEvent } from '../../src/gateway/market-feed.js';

function acceptedTurn(firstSeq: number, orders: number): ReleasedBatch {
  const events = Array.from({ length: orders }, (_, i) => ({ type: EventType.ORDER_ACCEPTED, seq: firstSeq + i, orderId: 100 + firstSeq + i, seriesId: 3, side: Side.SELL, priceMicros: 2_000_000 + i, orderQty: 5, isQuote: i % 2 === 0 }) as unknown as EngineEvent);
  return { firstSeq, timeMs: 1_000 + firstSeq, commands: new Array(orders).fill(undefined), events, appliedAtMonoMs: 0 } as unknown as ReleasedBatch;
}

class Recorder implements FeedRingVisitor {
  readonly turns: Array<{ lastSeq: number; timeMs: number; events: FeedEvent[] }> = [];
  beginTurn(lastSeq: number, timeMs: number): void {
    this.turns.push({ lastSeq, timeMs, events: [] });
  }
  apply(e: FeedEvent): void {
    this.turns.at(-1)!.events.push({ ...e });
  }
  endTurn(): void {}
}

describe('feed ring', () => {
  it('the market-data thread looks every twentieth of the publication interval, 1 to 5 ms: every turn published looks every millisecond', () => {
    const polls = [0, 1, 19, 20, 39, 40, 60, 99, 100, 1_000, 10_000].map((intervalMs) => [intervalMs, feedPollMs(intervalMs)]);
    expect(polls).toEqual([[0, 1], [1, 1], [19, 1], [20, 1], [39, 1], [40, 2], [60, 3], [99, 4], [100, 5], [1_000, 5], [10_000, 5]]);
  });

  it('refuses a turn that does not fit, whole, and takes turns again once the reader has read', () => {
    const ring = createFeedRing(8); // 7 usable records: a turn takes one, plus one per event
    const writer = new FeedRingWriter(ring);
    const reader = new FeedRingReader(ring);
    const seen = new Recorder();
    expect(writer.unread).toBe(0);
    expect(writer.writeTurn(acceptedTurn(1, 4))).toBe(true); // 5 records
    expect(writer.unread).toBe(5); // how far the market-data thread is behind (its owner's cue to bring it out of the background)
    expect(writer.writeTurn(acceptedTurn(5, 2))).toBe(false); // 3 more do not fit
    reader.drain(seen);
    expect(writer.unread).toBe(0);
    expect(seen.turns).toHaveLength(1);
    expect(seen.turns[0]!.lastSeq).toBe(4);
    expect(seen.turns[0]!.timeMs).toBe(1_001);
    expect(seen.turns[0]!.events.map((e) => (e.type === EventType.ORDER_ACCEPTED ? [e.seq, e.orderId, e.priceMicros, e.isQuote] : []))).toEqual([
      [1, 101, 2_000_000, true],
      [2, 102, 2_000_001, false],
      [3, 103, 2_000_002, true],
      [4, 104, 2_000_003, false],
    ]);
    // Room again, and the records wrap past the end of the buffer.
    expect(writer.writeTurn(acceptedTurn(5, 2))).toBe(true);
    expect(writer.writeTurn(acceptedTurn(7, 3))).toBe(true);
    expect(writer.unread).toBe(7); // wrapped past the end
    expect(writer.writeTurn(acceptedTurn(10, 0))).toBe(false);
    reader.drain(seen);
    expect(seen.turns.map((t) => [t.lastSeq, t.events.length])).toEqual([
      [4, 4],
      [6, 2],
      [9, 3],
    ]);
    expect(() => createFeedRing(1)).toThrow(RangeError);
  });

  it('is resident from the start: making a ring writes every page, so the process does not grow as the writer first goes round it', () => {
    // A child process, so no other test's memory moves between the two readings.
    const feedRing = sourcePath('src/gateway/feed-ring.ts');
    const script = `import { readFileSync } from 'node:fs';
import { createFeedRing } from ${JSON.stringify(feedRing)};
const anonKiB = () => Number(/^RssAnon:\\s+(\\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
const before = anonKiB();
const ring = createFeedRing(1 << 18);
console.log(JSON.stringify({ grownKiB: anonKiB() - before, ringKiB: ring.records.byteLength / 1024 }));`;
    const { grownKiB, ringKiB } = childJson<{ grownKiB: number; ringKiB: number }>(script);
    expect(ringKiB).toBe(20 * 1024);
    // Untouched, the 20 MiB ring would add almost nothing here (its pages come on first write).
    expect(grownKiB).toBeGreaterThanOrEqual(0.95 * ringKiB);
  });
});
