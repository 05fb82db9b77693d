/**
 * Every trade of every series, kept in LMDB under <dataDir>/trades and derived from the
 * journal (journal-read-model.ts), so `GET /v1/trades` answers the same after a restart.
 * The TRADES market-data channel has no snapshot: this is where a client that connects
 * late, or a chart that opens, reads what traded before (as Coinbase's and Binance's trades
 * routes do).
 *
 * Stored as one record per series per flush: the trades gathered since the last in that series,
 * packed as float64 fields (FIELDS below) under the key [seriesId, first tradeId]. One series'
 * trades are then contiguous and in trade order, so the newest N are a reverse range read. The
 * release path only gathers (no LMDB write per turn): the records are written in one synchronous
 * transaction before a read (so a read sees every trade taken), before the model saves its
 * progress, at close, or once MAX_GATHERED_TRADES wait. A put per fill cost order entry 15% of its
 * flat-out rate (3 alternating pairs of bench:gateway); a put per series per turn, with lmdb-js's
 * transaction per turn, still 3% of the engine's thread at 20k orders/s (issue 79). A trade at or
 * below the last one stored for its series was taken before (a turn taken again after a crash) and
 * is skipped, so records never overlap.
 *
 * Beside them, one-minute candles per series (open, high, low, close, volume, trades), kept
 * as trades arrive, so `GET /v1/candles` reads at most one record per minute that traded
 * rather than every trade. A candle remembers the last trade id it took: a turn recorded
 * again after a crash adds nothing twice.
 */
import type { Database } from 'lmdb';
import { EventType, type EngineLimits, type Journal, type Sequencer, type Side } from '../engine/index.js';
import { JournalReadModel, type DerivedStoreOptions } from '../read-models/journal-read-model.js';
import type { ReplayedTurn } from '../read-models/replay.js';
import { GatheredRows } from '../read-models/gathered-rows.js';

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
type MinuteKey = [seriesId: number, startMs: number];

/** A series' trades over one interval; prices in µPAT, volume in rights. */
export interface Candle {
  startMs: number;
  openMicros: number;
  highMicros: number;
  lowMicros: number;
  closeMicros: number;
  volume: number;
  trades: number;
}

interface MinuteCandle extends Candle {
  lastTradeId: number;
}

export const MINUTE_MS = 60_000;
/** The store's layout: 2 since the minute candles (a store of version 1 is built again from the journal). */
const TRADES_VERSION = 2;
/** The most one-minute records a candle read goes through (30 days of minutes that all traded). */
export const MAX_MINUTES_PER_READ = 43_200;

/** A trade's fields in a packed record, in this order. */
const FIELDS = 6;


/** The most trades gathered in memory before they are written anyway (a bound on the memory between flushes). */
const MAX_GATHERED_TRADES = 4_096;

/** The most trades one read returns. */
export const MAX_TRADES_PER_READ = 1_000;

export class TradeHistory {
  private constructor(
    /** How far it has read the journal, and `take` for each turn (src/read-models/journal-following.ts). */
    readonly model: JournalReadModel,
    private readonly chunks: Database<Buffer, ChunkKey>,
    private readonly minutes: Database<Buffer, MinuteKey>,
  ) {}

  /** Opens the store under the data directory, catches up with the journal, then follows every released turn. */
  static open(dataDir: string, journal: Journal, sequencer: Sequencer, limits: Partial<EngineLimits> = {}): TradeHistory {
    const history = TradeHistory.create(dataDir);
    history.model.follow(journal, sequencer, limits);
    return history;
  }

  /** Opens the store under the data directory; it takes turns through `model.take` (a standby feeds it while it follows). */
  static create(dataDir: string, options: DerivedStoreOptions = {}): TradeHistory {
    const model = new JournalReadModel(dataDir, 'trades', 2, TRADES_VERSION, options);
    const chunks = model.env.openDB<Buffer, ChunkKey>({ name: 'trades', encoding: 'binary' });
    const minutes = model.env.openDB<Buffer, MinuteKey>({ name: 'minutes', encoding: 'binary' });
    const history = new TradeHistory(model, chunks, minutes);
    model.recordWith((turn) => history.record(turn));
    // What is gathered is written before the model saves how far it has read.
    model.flushWith(() => history.flush());
    return history;
  }

  /** Each series' latest minute candle, as gathered (written at the next flush, if `unwritten` holds it). */
  private readonly current = new Map<number, MinuteCandle>();
  /** Trades taken and not written yet, per series, in trade order (gathered-rows.ts: the buffers kept between flushes). */
  private readonly gathered = new GatheredRows(FIELDS, 16);
  /** Candles changed since the last flush, with their series. */
  private readonly unwritten = new Map<MinuteCandle, number>();
  /** Per series, the last trade id written or gathered: a trade at or below it was taken before (a turn taken again after a crash). */
  private readonly lastTradeIds = new Map<number, number>();

  private record(turn: ReplayedTurn): void {
    const startMs = Math.floor(turn.timeMs / MINUTE_MS) * MINUTE_MS;
    // Indexed, not for-of: unoptimized, for-of allocates an iterator result per event (issue 79).
    for (let k = 0; k < turn.events.length; k++) {
      const e = turn.events[k]!;
      if (e.type !== EventType.FILL) continue;
      const seriesId = e.seriesId;
      if (e.tradeId <= (this.lastTradeIds.get(seriesId) ?? this.lastStoredTradeId(seriesId))) continue;
      this.lastTradeIds.set(seriesId, e.tradeId);
      const f = this.gathered.append(seriesId);
      const at = this.gathered.at;
      f[at] = e.tradeId;
      f[at + 1] = e.seq;
      f[at + 2] = turn.timeMs;
      f[at + 3] = e.priceMicros;
      f[at + 4] = e.qty;
      f[at + 5] = e.takerSide;
      let candle = this.current.get(seriesId);
      if (candle?.startMs !== startMs) {
        const stored = this.minutes.get([seriesId, startMs]);
        candle = stored === undefined ? undefined : unpackMinute(startMs, stored);
      }
      candle = addTrade(candle, startMs, e.tradeId, e.priceMicros, e.qty);
      this.current.set(seriesId, candle);
      this.unwritten.set(candle, seriesId);
    }
    if (this.gathered.rows >= MAX_GATHERED_TRADES) this.flush();
  }

  /** The last trade id stored for a series (0: none), read once per series after an open. */
  private lastStoredTradeId(seriesId: number): number {
    for (const { value } of this.chunks.getRange({ start: [seriesId, Number.MAX_SAFE_INTEGER], end: [seriesId, 0], reverse: true, limit: 1 })) {
      return value.readDoubleLE((value.byteLength / 8 - FIELDS) * 8);
    }
    return 0;
  }

  /**
   * Writes what was gathered in one synchronous transaction, so a read right after sees it
   * (lmdb-js reads see committed writes only). Runs before every read, before the model
   * saves its progress, at close, and once MAX_GATHERED_TRADES wait.
   */
  private flush(): void {
    if (this.gathered.rows === 0 && this.unwritten.size === 0) return;
    this.model.env.transactionSync(() => {
      this.gathered.forEachRecord((seriesId, firstTradeId, bytes) => this.chunks.putSync([seriesId, firstTradeId], bytes));
      for (const [candle, seriesId] of this.unwritten) this.minutes.putSync([seriesId, candle.startMs], packMinute(candle));
    });
    this.gathered.written();
    this.unwritten.clear();
  }

  /** The series' trades, newest first: at most `limit`, with trade ids below `beforeTradeId` when given (the next page). */
  recent(seriesId: number, limit: number, beforeTradeId = Number.MAX_SAFE_INTEGER): TradeRecord[] {
    this.flush();
    const wanted = Math.min(limit, MAX_TRADES_PER_READ);
    const out: TradeRecord[] = [];
    // Chunks that begin below `beforeTradeId`, newest first (start inclusive, end exclusive; trade ids are from 1).
    // Chunks never overlap: a turn taken again after a crash skips the trades stored before it (lastStoredTradeId).
    for (const { value } of this.chunks.getRange({ start: [seriesId, beforeTradeId - 1], end: [seriesId, 0], reverse: true })) {
      const field = (i: number): number => value.readDoubleLE(i * 8);
      for (let i = value.byteLength / 8 - FIELDS; i >= 0 && out.length < wanted; i -= FIELDS) {
        const tradeId = field(i);
        if (tradeId >= beforeTradeId) continue; // the chunk holding `before` itself
        out.push({ tradeId, seq: field(i + 1), timeMs: field(i + 2), priceMicros: field(i + 3), qty: field(i + 4), takerSide: field(i + 5) as Side });
      }
      if (out.length === wanted) break;
    }
    return out;
  }

  /**
   * The series' candles of `intervalMs` (a whole number of minutes; buckets aligned to the Unix
   * epoch, so days start at 00:00 UTC) that began before `endMs`, oldest first: the newest
   * `limit` intervals that traded (an interval without trades has no candle).
   */
  candles(seriesId: number, intervalMs: number, limit: number, endMs = Number.MAX_SAFE_INTEGER): Candle[] {
    this.flush();
    const newestFirst: Candle[] = [];
    let read = 0;
    for (const { key, value } of this.minutes.getRange({ start: [seriesId, endMs - 1], end: [seriesId, -1], reverse: true })) {
      if (++read > MAX_MINUTES_PER_READ) break;
      const m = unpackMinute(key[1], value);
      const startMs = Math.floor(m.startMs / intervalMs) * intervalMs;
      const c = newestFirst.at(-1);
      if (c?.startMs === startMs) {
        // An earlier minute of the same interval: it opened it.
        c.openMicros = m.openMicros;
        c.highMicros = Math.max(c.highMicros, m.highMicros);
        c.lowMicros = Math.min(c.lowMicros, m.lowMicros);
        c.volume += m.volume;
        c.trades += m.trades;
        continue;
      }
      if (newestFirst.length === limit) break;
      newestFirst.push({ startMs, openMicros: m.openMicros, highMicros: m.highMicros, lowMicros: m.lowMicros, closeMicros: m.closeMicros, volume: m.volume, trades: m.trades });
    }
    return newestFirst.reverse();
  }

  close(): Promise<void> {
    return this.model.close();
  }
}

/** `candle` with one more trade, unless it has taken that trade already. */
function addTrade(candle: MinuteCandle | undefined, startMs: number, tradeId: number, priceMicros: number, qty: number): MinuteCandle {
  if (candle === undefined) return { startMs, openMicros: priceMicros, highMicros: priceMicros, lowMicros: priceMicros, closeMicros: priceMicros, volume: qty, trades: 1, lastTradeId: tradeId };
  if (tradeId <= candle.lastTradeId) return candle;
  candle.highMicros = Math.max(candle.highMicros, priceMicros);
  candle.lowMicros = Math.min(candle.lowMicros, priceMicros);
  candle.closeMicros = priceMicros;
  candle.volume += qty;
  candle.trades++;
  candle.lastTradeId = tradeId;
  return candle;
}

function packMinute(c: MinuteCandle): Buffer {
  return Buffer.from(Float64Array.of(c.openMicros, c.highMicros, c.lowMicros, c.closeMicros, c.volume, c.trades, c.lastTradeId).buffer);
}

function unpackMinute(startMs: number, b: Buffer): MinuteCandle {
  const f = (i: number): number => b.readDoubleLE(i * 8);
  return { startMs, openMicros: f(0), highMicros: f(1), lowMicros: f(2), closeMicros: f(3), volume: f(4), trades: f(5), lastTradeId: f(6) };
}
