/**
 * The hand-encoded market-data frames (src/gateway/market-frames.ts) against
 * protobufjs encoding the same messages from proto/patx.proto: random ladders
 * and turns, lengths past 127 bytes, ids and seqs past 2^32, prev_seq set (and 0: a stream's first).
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
  if (f.bookUpdate) { const u = f.bookUpdate; return { book: [n(u.seriesId), n(u.seq), levels(u.bids), levels(u.asks), n(u.checksum), n(u.engineSeq), n(u.prevSeq)] }; }
  if (f.trades) return { trades: (f.trades.trades ?? []).map((t) => [n(t.seriesId), n(t.seq), n(t.tradeId), n(t.priceMicros), n(t.qty), n(t.takerSide), n(t.timeMs), n(t.prevSeq)]) };
  if (f.quoteLadder) { const q = f.quoteLadder; return { quotes: [n(q.seriesId), n(q.seq), levels(q.bids), levels(q.asks), n(q.timeMs), n(q.prevSeq)] }; }
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
      // Journal seqs skip: the previous message's seq is any smaller one (0 before a stream's first).
      const prevSeq = round % 10 === 0 ? 0 : Math.floor(random() * seq);
      const book = { seriesId: 1 + round, seq, bids, bidsBefore, asks, asksBefore, checksum: Math.floor(random() * 2 ** 32), engineSeq: seq * 3, prevSeq };
      const reference = wire.ServerFrame.encode({
        bookUpdate: { seriesId: book.seriesId, seq, bids: changed(bids, bidsBefore), asks: changed(asks, asksBefore), checksum: book.checksum, engineSeq: book.engineSeq, prevSeq },
      }).finish();
      expect(decoded(encodeBookUpdateFrame(book))).toEqual(decoded(reference));
      const ladder = encodeQuoteLadderFrame(7, seq, bids, asks, 2 ** 42, prevSeq);
      const ladderReference = wire.ServerFrame.encode({ quoteLadder: { seriesId: 7, seq, bids: bids.top(1_000), asks: asks.top(1_000), timeMs: 2 ** 42, prevSeq } }).finish();
      expect(decoded(ladder)).toEqual(decoded(ladderReference));
      if (bids.size + asks.size > 20) expect(ladder.length).toBeGreaterThan(128);
    }
  });

  it("decode exactly as protobufjs encodes the same trades, any range of the fills: each trade's seq its id, its prev_seq the id before", () => {
    const random = prng(9);
    const fills: Fill[] = [];
    const timesMs: number[] = [];
    for (let i = 0; i < 300; i++) {
      // Increasing as the engine gives them, skipping (another series' trades), past 2^32 from the 8th on.
      const tradeId = (i >= 7 ? 2 ** 45 : 0) + 1_000 + 3 * i;
      fills.push({ type: EventType.FILL, seriesId: 12, tradeId, priceMicros: 1_000 * (1 + Math.floor(random() * 3_000)), qty: 1 + Math.floor(random() * 2 ** 20), takerSide: random() < 0.5 ? Side.BUY : Side.SELL } as unknown as Fill);
      timesMs.push(1_763_000_000_000 + i * 3);
    }
    for (const [from, to] of [[0, 1], [0, 300], [7, 8], [5, 200], [299, 300]] as const) {
      // The stream's last seq before this frame: the trade before `from` (or, for the first, 0 or an earlier series' trade).
      const before = from > 0 ? fills[from - 1]!.tradeId : to === 1 ? 0 : 500;
      const trades = fills.slice(from, to).map((f, i) => ({
        seriesId: 12,
        seq: f.tradeId,
        tradeId: f.tradeId,
        priceMicros: f.priceMicros,
        qty: f.qty,
        takerSide: f.takerSide,
        timeMs: timesMs[from + i],
        prevSeq: i === 0 ? before : fills[from + i - 1]!.tradeId,
      }));
      const reference = wire.ServerFrame.encode({ trades: { trades } }).finish();
      expect(decoded(encodeTradesFrame(fills, timesMs, from, to, before))).toEqual(decoded(reference));
    }
  });
});
