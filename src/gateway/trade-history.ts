/**
 * Every trade of every series, kept in LMDB under <dataDir>/trades and derived from the
 * journal (journal-read-model.ts), so `GET /v1/trades` answers the same after a restart.
 * The TRADES market-data channel has no snapshot: this is where a client that connects
 * late, or a chart that opens, reads what traded before (as Coinbase's and Binance's trades
 * routes do).
 *
 * Stored as one record per (turn, series): the turn's trades in that series, packed as float64
 * fields (FIELDS below) under the key [seriesId, first tradeId]. One series' trades are then
 * contiguous and in trade order, so the newest N are a reverse range read; and the release
 * path pays one queued put per series a turn traded in (lmdb-js batches asynchronous puts
 * into one transaction per event-loop turn), not an encoded record per fill: a put per fill
 * cost order entry 15% of its flat-out rate (3 alternating pairs of bench:gateway).
 */
import type { Database } from 'lmdb';
import { EventType, type EngineLimits, type Journal, type Sequencer, type Side } from '../engine/index.js';
import { JournalReadModel } from './journal-read-model.js';

export interface TradeRecord {
  tradeId: number;
  /** The seq of the command that made the trade. */
  seq: number;
  /** The sequencer's time of that command's turn. */
  timeMs: number;
  priceMicros: number;
  qty: number;
  takerSide: Side;
}

type ChunkKey = [seriesId: number, firstTradeId: number];

/** A trade's fields in a packed record, in this order. */
const FIELDS = 6;

/** The most trades one read returns. */
export const MAX_TRADES_PER_READ = 1_000;

export class TradeHistory {
  private constructor(
    private readonly model: JournalReadModel,
    private readonly chunks: Database<Buffer, ChunkKey>,
  ) {}

  /** Opens the store under the data directory, catches up with the journal, then follows every released turn. */
  static open(dataDir: string, journal: Journal, sequencer: Sequencer, limits: Partial<EngineLimits> = {}): TradeHistory {
    const model = new JournalReadModel(dataDir, 'trades', 1);
    const chunks = model.env.openDB<Buffer, ChunkKey>({ name: 'trades', encoding: 'binary' });
    model.follow(journal, sequencer, limits, (turn) => {
      let bySeries: Map<number, number[]> | undefined;
      for (const e of turn.events) {
        if (e.type !== EventType.FILL) continue;
        bySeries ??= new Map();
        let fields = bySeries.get(e.seriesId);
        if (fields === undefined) bySeries.set(e.seriesId, (fields = []));
        fields.push(e.tradeId, e.seq, turn.timeMs, e.priceMicros, e.qty, e.takerSide);
      }
      if (bySeries === undefined) return;
      for (const [seriesId, fields] of bySeries) {
        void chunks.put([seriesId, fields[0]!], Buffer.from(Float64Array.from(fields).buffer));
      }
    });
    return new TradeHistory(model, chunks);
  }

  /** The series' trades, newest first: at most `limit`, with trade ids below `beforeTradeId` when given (the next page). */
  recent(seriesId: number, limit: number, beforeTradeId = Number.MAX_SAFE_INTEGER): TradeRecord[] {
    const wanted = Math.min(limit, MAX_TRADES_PER_READ);
    const out: TradeRecord[] = [];
    // Chunks that begin below `beforeTradeId`, newest first (start inclusive, end exclusive; trade ids are from 1).
    // Strictly decreasing ids: a turn recorded again after a crash under other bounds overlaps, never repeats.
    let below = beforeTradeId;
    for (const { value } of this.chunks.getRange({ start: [seriesId, beforeTradeId - 1], end: [seriesId, 0], reverse: true })) {
      const field = (i: number): number => value.readDoubleLE(i * 8);
      for (let i = value.byteLength / 8 - FIELDS; i >= 0 && out.length < wanted; i -= FIELDS) {
        const tradeId = field(i);
        if (tradeId >= below) continue;
        below = tradeId;
        out.push({ tradeId, seq: field(i + 1), timeMs: field(i + 2), priceMicros: field(i + 3), qty: field(i + 4), takerSide: field(i + 5) as Side });
      }
      if (out.length === wanted) break;
    }
    return out;
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
