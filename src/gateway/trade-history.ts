/**
 * Every trade of every series, kept in LMDB under <dataDir>/trades and derived from the
 * journal (journal-read-model.ts), so `GET /v1/trades` answers the same after a restart.
 * The TRADES market-data channel has no snapshot: this is where a client that connects
 * late, or a chart that opens, reads what traded before (as Coinbase's and Binance's trades
 * routes do).
 *
 * Keyed [seriesId, tradeId]: one series' trades are contiguous and in trade order, so the
 * newest N are a reverse range read. Written with asynchronous puts, which lmdb-js batches
 * into one transaction per event-loop turn: the release path pays a queued write per fill,
 * not a synchronous commit.
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

type TradeKey = [seriesId: number, tradeId: number];

/** The most trades one read returns. */
export const MAX_TRADES_PER_READ = 1_000;

export class TradeHistory {
  private constructor(
    private readonly model: JournalReadModel,
    private readonly trades: Database<TradeRecord, TradeKey>,
  ) {}

  /** Opens the store under the data directory, catches up with the journal, then follows every released turn. */
  static open(dataDir: string, journal: Journal, sequencer: Sequencer, limits: Partial<EngineLimits> = {}): TradeHistory {
    const model = new JournalReadModel(dataDir, 'trades', 1);
    const trades = model.env.openDB<TradeRecord, TradeKey>({ name: 'trades' });
    model.follow(journal, sequencer, limits, (turn) => {
      for (const e of turn.events) {
        if (e.type !== EventType.FILL) continue;
        void trades.put([e.seriesId, e.tradeId], { tradeId: e.tradeId, seq: e.seq, timeMs: turn.timeMs, priceMicros: e.priceMicros, qty: e.qty, takerSide: e.takerSide });
      }
    });
    return new TradeHistory(model, trades);
  }

  /** The series' trades, newest first: at most `limit`, with trade ids below `beforeTradeId` when given (the next page). */
  recent(seriesId: number, limit: number, beforeTradeId = Number.MAX_SAFE_INTEGER): TradeRecord[] {
    // Reverse from the start key (inclusive) down to the end key (exclusive); trade ids are from 1.
    const range = this.trades.getRange({ start: [seriesId, beforeTradeId - 1], end: [seriesId, 0], reverse: true, limit: Math.min(limit, MAX_TRADES_PER_READ) });
    const out: TradeRecord[] = [];
    for (const { value } of range) out.push(value);
    return out;
  }

  /** Waits until every trade recorded so far is committed (tests, and a clean stop). */
  get flushed(): Promise<unknown> {
    return this.model.env.flushed;
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
