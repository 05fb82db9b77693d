/**
 * The hand-encoded market-data frames (src/gateway/market-frames.ts) against
 * protobufjs encoding the same messages from proto/patx.proto: random ladders
 * and turns, lengths past 127 bytes, ids past 2^32.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../../bench/workload.js';
import { EventType, Side, type Fill } from '../../src/engine/index.js';
import { LevelLadder, LevelsBefore } from '../../src/gateway/level-ladder.js';
import { encodeBookUpdateFrame, encodeQuoteLadderFrame, encodeTradesFrame } from '../../src/gateway/market-frames.js';
import { wire, type patx } from '../../src/proto/index.js';

type Level = { priceMicros: number; qty: number };

/** Every field decoded, defaults included, as plain numbers. */
function levels(list: patx.v1.ILevel[] | null | undefined): Level[] {
  return (list ?? []).map((l) => ({ priceMicros: Number(l.priceMicros ?? 0), qty: Number(l.qty ?? 0) }));
}
function decoded(bytes: Uint8Array): unknown {
  const f = wire.ServerFrame.decode(bytes);
  const n = (v: unknown): number => Number(v ?? 0);
  if (f.bookUpdate) { const u = f.bookUpdate; return { book: [n(u.seriesId), n(u.seq), levels(u.bids), levels(u.asks), n(u.checksum), n(u.engineSeq)] }; }
  if (f.trades) return { trades: (f.trades.trades ?? []).map((t) => [n(t.seriesId), n(t.seq), n(t.tradeId), n(t.priceMicros), n(t.qty), n(t.takerSide), n(t.timeMs)]) };
  if (f.quoteLadder) { const q = f.quoteLadder; return { quotes: [n(q.seriesId), n(q.seq), levels(q.bids), levels(q.asks), n(q.timeMs)] }; }
  return { other: f.body };
}

describe('hand-encoded market-data frames', () => {
  it('decode exactly as protobufjs encodes the same book updates and quote ladders', () => {
    const random = prng(5);
    for (let round = 0; round < 200; round++) {
      const bids = new LevelLadder(true);
      const asks = new LevelLadder(false);
      for (let i = 0; i < 1 + Math.floor(random() * 40); i++) bids.add(1_000 * (1 + Math.floor(random() * 60)), 1 + Math.floor(random() * 2 ** 20));
      for (let i = 0; i < Math.floor(random() * 40); i++) asks.add(1_000 * (61 + Math.floor(random() * 60)), 1 + Math.floor(random() * 50));
      // A turn: remember some levels, then change them (some to zero).
      const bidsBefore = new LevelsBefore();
      const asksBefore = new LevelsBefore();
      for (let i = 0; i < 8; i++) {
        const [ladder, before] = random() < 0.5 ? [bids, bidsBefore] : [asks, asksBefore];
        const priceMicros = ladder === bids ? 1_000 * (1 + Math.floor(random() * 60)) : 1_000 * (61 + Math.floor(random() * 60));
        before.remember(priceMicros, ladder);
        const have = ladder.qty(priceMicros);
        ladder.add(priceMicros, have > 0 && random() < 0.4 ? -have : 1 + Math.floor(random() * 9));
      }
      const changed = (ladder: LevelLadder, before: LevelsBefore): Level[] =>
        before.prices.map((p, i) => ({ priceMicros: p, qty: ladder.qty(p), was: before.qtys[i] })).filter((l) => l.qty !== l.was).map(({ priceMicros, qty }) => ({ priceMicros, qty }));
      const seq = 1 + Math.floor(random() * 2 ** 40);
      const book = { seriesId: 1 + round, seq, bids, bidsBefore, asks, asksBefore, checksum: Math.floor(random() * 2 ** 32), engineSeq: seq * 3, prevSeq: 0 };
      const reference = wire.ServerFrame.encode({
        bookUpdate: { seriesId: book.seriesId, seq, bids: changed(bids, bidsBefore), asks: changed(asks, asksBefore), checksum: book.checksum, engineSeq: book.engineSeq },
      }).finish();
      expect(decoded(encodeBookUpdateFrame(book))).toEqual(decoded(reference));
      const ladder = encodeQuoteLadderFrame(7, seq, bids, asks, 2 ** 42, 0);
      const ladderReference = wire.ServerFrame.encode({ quoteLadder: { seriesId: 7, seq, bids: bids.top(1_000), asks: asks.top(1_000), timeMs: 2 ** 42 } }).finish();
      expect(decoded(ladder)).toEqual(decoded(ladderReference));
      if (bids.size + asks.size > 20) expect(ladder.length).toBeGreaterThan(128);
    }
  });

  it('decode exactly as protobufjs encodes the same trades, any range of the fills, seqs consecutive from the first', () => {
    const random = prng(9);
    const fills: Fill[] = [];
    const timesMs: number[] = [];
    for (let i = 0; i < 300; i++) {
      const tradeId = i === 7 ? 2 ** 45 + 3 : 1 + i;
      fills.push({ type: EventType.FILL, seriesId: 12, tradeId, priceMicros: 1_000 * (1 + Math.floor(random() * 3_000)), qty: 1 + Math.floor(random() * 2 ** 20), takerSide: random() < 0.5 ? Side.BUY : Side.SELL } as unknown as Fill);
      timesMs.push(1_763_000_000_000 + i * 3);
    }
    for (const [from, to] of [[0, 1], [0, 300], [7, 8], [5, 200], [299, 300]] as const) {
      const firstSeq = 2 ** 40 + from;
      const trades = fills.slice(from, to).map((f, i) => ({ seriesId: 12, seq: firstSeq + i, tradeId: f.tradeId, priceMicros: f.priceMicros, qty: f.qty, takerSide: f.takerSide, timeMs: timesMs[from + i] }));
      const reference = wire.ServerFrame.encode({ trades: { trades } }).finish();
      expect(decoded(encodeTradesFrame(fills, timesMs, from, to, firstSeq))).toEqual(decoded(reference));
    }
  });
});
