/**
 * The market-data frames published on every turn, encoded by hand from the
 * feed's ladders and the engine's fills (src/proto/frame-writer.ts says why): BookUpdate,
 * Trades and QuoteLadder. The layout is proto/patx.proto's;
 * test/gateway/market-frames.test.ts checks them against protobufjs, and the
 * market-feed test rebuilds books from them.
 */
import type { Side } from '../engine/index.js';
import { frameWriter, type FrameWriter } from '../proto/index.js';
import type { LevelLadder, LevelsBefore } from './level-ladder.js';

/** ServerFrame fields. */
const FRAME_BOOK_UPDATE = 51;
const FRAME_QUOTE_LADDER = 53;
const FRAME_TRADES = 56;
/** Trades fields. */
const TRADES_TRADE = 1;

/** Trades in one Trades frame at most: a bound on a frame's size (~40 bytes a trade). */
export const MAX_TRADES_PER_FRAME = 256;

function level(w: FrameWriter, field: number, priceMicros: number, qty: number): void {
  w.begin(field);
  w.field(1, priceMicros);
  w.field(2, qty);
  w.end();
}

/** The levels of `ladder` whose quantity differs from `before` (absolute quantities, 0 = gone), in the order first touched. */
function changedLevels(w: FrameWriter, field: number, ladder: LevelLadder, before: LevelsBefore): void {
  for (let i = 0; i < before.prices.length; i++) {
    const priceMicros = before.prices[i]!;
    const qty = ladder.qty(priceMicros);
    if (qty !== before.qtys[i]) level(w, field, priceMicros, qty);
  }
}

function allLevels(w: FrameWriter, field: number, ladder: LevelLadder): void {
  for (let i = 0; i < ladder.size; i++) level(w, field, ladder.prices[i]!, ladder.qtyAtIndex(i));
}

export interface BookUpdateSource {
  seriesId: number;
  seq: number;
  bids: LevelLadder;
  bidsBefore: LevelsBefore;
  asks: LevelLadder;
  asksBefore: LevelsBefore;
  checksum: number;
  engineSeq: number;
  /** The seq of the stream's previous message (update or seed): how a subscriber finds a gap. */
  prevSeq: number;
}

export function encodeBookUpdateFrame(u: BookUpdateSource): Uint8Array {
  const w = frameWriter;
  w.reset();
  w.begin(FRAME_BOOK_UPDATE);
  w.field(1, u.seriesId);
  w.field(2, u.seq);
  changedLevels(w, 3, u.bids, u.bidsBefore);
  changedLevels(w, 4, u.asks, u.asksBefore);
  w.field(5, u.checksum);
  w.field(6, u.engineSeq);
  w.field(7, u.prevSeq);
  w.end();
  return w.bytes();
}

/** What a Trade message says of a fill. */
export interface TradeFields {
  seriesId: number;
  tradeId: number;
  priceMicros: number;
  qty: number;
  takerSide: Side;
}

/**
 * One Trades frame: `fills[from..to)`, each trade's seq its trade id (the engine's, so the
 * same on every node) and its prev_seq the trade id before it (`prevSeq` for the one at
 * `from`), each stamped with its turn's time.
 */
export function encodeTradesFrame(fills: readonly TradeFields[], timesMs: readonly number[], from: number, to: number, prevSeq: number): Uint8Array {
  const w = frameWriter;
  w.reset();
  w.begin(FRAME_TRADES);
  for (let i = from; i < to; i++) {
    const fill = fills[i]!;
    w.begin(TRADES_TRADE);
    w.field(1, fill.seriesId);
    w.field(2, fill.tradeId);
    w.field(3, fill.tradeId);
    w.field(4, fill.priceMicros);
    w.field(5, fill.qty);
    w.field(6, fill.takerSide);
    w.field(7, timesMs[i]!);
    w.field(8, i === from ? prevSeq : fills[i - 1]!.tradeId);
    w.end();
  }
  w.end();
  return w.bytes();
}

/** The broker's whole quote ladder, best first on each side. */
export function encodeQuoteLadderFrame(seriesId: number, seq: number, bids: LevelLadder, asks: LevelLadder, timeMs: number, prevSeq: number, takerFeeBps = 0, takeRateBps = 0): Uint8Array {
  const w = frameWriter;
  w.reset();
  w.begin(FRAME_QUOTE_LADDER);
  w.field(1, seriesId);
  w.field(2, seq);
  allLevels(w, 3, bids);
  allLevels(w, 4, asks);
  w.field(5, timeMs);
  w.field(6, prevSeq);
  w.field(7, takerFeeBps); // the fees in force (docs/fees.md): absent when 0
  w.field(8, takeRateBps);
  w.end();
  return w.bytes();
}
