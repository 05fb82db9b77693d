/**
 * What the phase-readiness report reads of the past, per series and UTC hour, derived from the
 * journal and kept in LMDB under <dataDir>/market-history (src/read-models/journal-read-model.ts),
 * so it says the same after a restart:
 *
 * - the broker's quoted spread: each accepted MASS_QUOTE (a QUOTES_REPLACED event at its seq)
 *   with both sides is one sample, (ask − bid) / mid in bps of its best levels; one-sided quotes
 *   are counted apart. Samples are per quote, not time-weighted: the quoter requotes on its timer
 *   (quoting.intervalMs) as well as on events, so an hour's samples are spread over it;
 * - the trades (FILL events): volume in rights, count, the first and last trade's time, and the
 *   highest trade seq (to tell what a settlement batch, which covers seqs, has settled).
 *
 * One record per (series, hour), changed in memory by the turns that touch it and written in one
 * go (before a read, before the model saves its progress, at close: `flush`), as the trade
 * history's candles; a record remembers the last seq it took, so a turn replayed after a crash
 * adds nothing twice.
 */
import type { Database } from 'lmdb';
import { CommandKind, EventType } from '../engine/index.js';
import { JournalReadModel, type DerivedStoreOptions } from '../read-models/journal-read-model.js';
import type { ReplayedTurn } from '../read-models/replay.js';

export const HOUR_MS = 3_600_000;
/** 2: an hour's first trade seq (minTradeSeq); a store of version 1 is rebuilt from the journal at open. */
const VERSION = 2;
/** The most changed hours kept before they are written anyway (a bound on the memory between flushes). */
const MAX_UNWRITTEN = 4_096;

/** One series' hour. */
export interface HourFigures {
  hourStartMs: number;
  /** Two-sided quotes, and the sum and sum of squares of their spreads (bps). */
  quotes: number;
  spreadSumBps: number;
  spreadSumSqBps: number;
  /** Quotes with a side missing. */
  oneSided: number;
  volume: number;
  trades: number;
  /** 0 without trades. */
  firstTradeAtMs: number;
  lastTradeAtMs: number;
  /** The first trade's seq (0 without trades): an hour settled in part has its first trade settled when this is. */
  minTradeSeq: number;
  maxTradeSeq: number;
  /** The last journal seq this record took. */
  lastSeq: number;
}

const FIELDS = ['quotes', 'spreadSumBps', 'spreadSumSqBps', 'oneSided', 'volume', 'trades', 'firstTradeAtMs', 'lastTradeAtMs', 'maxTradeSeq', 'lastSeq', 'minTradeSeq'] as const;

type HourKey = [seriesId: number, hourStartMs: number];

function pack(h: HourFigures): Buffer {
  return Buffer.from(Float64Array.from(FIELDS, (f) => h[f]).buffer);
}

function unpack(hourStartMs: number, b: Buffer): HourFigures {
  const h = { hourStartMs } as HourFigures;
  FIELDS.forEach((f, i) => (h[f] = b.readDoubleLE(i * 8)));
  return h;
}

function emptyHour(hourStartMs: number): HourFigures {
  return { hourStartMs, quotes: 0, spreadSumBps: 0, spreadSumSqBps: 0, oneSided: 0, volume: 0, trades: 0, firstTradeAtMs: 0, lastTradeAtMs: 0, minTradeSeq: 0, maxTradeSeq: 0, lastSeq: 0 };
}

/** The spread of a two-sided quote, bps of its mid; undefined with a side missing (or crossed: no price). */
export function quotedSpreadBps(bidMicros: number | undefined, askMicros: number | undefined): number | undefined {
  if (bidMicros === undefined || askMicros === undefined || bidMicros <= 0 || askMicros <= 0 || bidMicros > askMicros) return undefined;
  return ((askMicros - bidMicros) / ((askMicros + bidMicros) / 2)) * 10_000;
}

export class MarketHistory {
  private constructor(
    readonly model: JournalReadModel,
    private readonly hours: Database<Buffer, HourKey>,
  ) {}

  /** Opens the store under the data directory; it takes turns through `model.take` (the service's JournalModels feed it). */
  static create(dataDir: string, options: DerivedStoreOptions = {}): MarketHistory {
    const model = new JournalReadModel(dataDir, 'market-history', 1, VERSION, options);
    const hours = model.env.openDB<Buffer, HourKey>({ name: 'hours', encoding: 'binary' });
    const history = new MarketHistory(model, hours);
    model.recordWith((turn) => history.record(turn));
    // What is gathered is written before the model saves how far it has read.
    model.flushWith(() => history.flush());
    return history;
  }

  /**
   * The hour each series last changed, as taken: the reads below take a series' current hour
   * from here, and say what the history has taken (`seq`). Hours older than the one before the
   * turn's are dropped here (`unwritten` keeps a changed one until it is written).
   */
  private readonly current = new Map<number, HourFigures>();
  private currentHourMs = 0;
  /** Hours changed since the last flush, with their series: written together, not once per turn. */
  private readonly unwritten = new Map<HourFigures, number>();

  /** The last journal seq the history has taken (its reads include it). */
  get seq(): number {
    return this.model.seq;
  }

  private record(turn: ReplayedTurn): void {
    const current = this.current;
    const hourStartMs = Math.floor(turn.timeMs / HOUR_MS) * HOUR_MS;
    if (hourStartMs > this.currentHourMs) {
      this.currentHourMs = hourStartMs;
      for (const [seriesId, h] of current) if (h.hourStartMs < hourStartMs - HOUR_MS) current.delete(seriesId);
    }
    let touched: Map<number, HourFigures> | undefined;
    const hour = (seriesId: number): HourFigures | undefined => {
      let h = touched?.get(seriesId);
      if (h !== undefined) return h;
      h = current.get(seriesId);
      if (h?.hourStartMs !== hourStartMs) {
        const stored = this.hours.get([seriesId, hourStartMs]);
        h = stored === undefined ? emptyHour(hourStartMs) : unpack(hourStartMs, stored);
      }
      // Taken already (a turn replayed after a crash): nothing twice.
      if (h.lastSeq >= turn.lastSeq) return undefined;
      touched ??= new Map();
      touched.set(seriesId, h);
      return h;
    };
    let quoted: Set<number> | undefined;
    // Indexed, not for-of: unoptimized, for-of allocates an iterator result per event (issue 79).
    for (let k = 0; k < turn.events.length; k++) {
      const e = turn.events[k]!;
      if (e.type === EventType.QUOTES_REPLACED) (quoted ??= new Set()).add(e.seq);
      else if (e.type === EventType.FILL) {
        const h = hour(e.seriesId);
        if (h === undefined) continue;
        h.volume += e.qty;
        h.trades++;
        if (h.firstTradeAtMs === 0) {
          h.firstTradeAtMs = turn.timeMs;
          h.minTradeSeq = e.seq;
        }
        h.lastTradeAtMs = turn.timeMs;
        h.maxTradeSeq = Math.max(h.maxTradeSeq, e.seq);
      }
    }
    if (quoted !== undefined) {
      turn.commands.forEach((c, i) => {
        if (c.kind !== CommandKind.MASS_QUOTE || !quoted.has(turn.firstSeq + i)) return;
        const h = hour(c.seriesId);
        if (h === undefined) return;
        const spread = quotedSpreadBps(c.bids.priceMicros[0], c.asks.priceMicros[0]);
        if (spread === undefined) {
          h.oneSided++;
          return;
        }
        h.quotes++;
        h.spreadSumBps += spread;
        h.spreadSumSqBps += spread * spread;
      });
    }
    if (touched === undefined) return;
    for (const [seriesId, h] of touched) {
      h.lastSeq = turn.lastSeq;
      current.set(seriesId, h);
      this.unwritten.set(h, seriesId);
    }
    if (this.unwritten.size >= MAX_UNWRITTEN) this.flush();
  }

  /**
   * Writes the hours changed since the last flush in one synchronous transaction (a read right
   * after sees them): before a read, before the model saves its progress, at close, or once
   * MAX_UNWRITTEN wait. A put per series per turn, with lmdb-js's transaction per turn, cost the
   * engine's thread 2% at 20k orders/s (issue 79).
   */
  private flush(): void {
    if (this.unwritten.size === 0) return;
    this.model.env.transactionSync(() => {
      for (const [h, seriesId] of this.unwritten) this.hours.putSync([seriesId, h.hourStartMs], pack(h));
    });
    this.unwritten.clear();
  }

  /** A series' hours from `fromMs` (the hour holding it) on, oldest first, as taken (its current hour from memory). */
  hoursOf(seriesId: number, fromMs: number): HourFigures[] {
    this.flush();
    const fromHourMs = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
    const out: HourFigures[] = [];
    for (const { key, value } of this.hours.getRange({ start: [seriesId, fromHourMs], end: [seriesId, Number.MAX_SAFE_INTEGER] })) out.push(unpack(key[1], value));
    const now = this.current.get(seriesId);
    if (now === undefined || now.hourStartMs < fromHourMs) return out;
    const at = out.findIndex((h) => h.hourStartMs >= now.hourStartMs);
    if (at === -1) out.push({ ...now });
    else out.splice(at, out[at]!.hourStartMs === now.hourStartMs ? 1 : 0, { ...now });
    return out;
  }

  /** A series' first trade's time, or undefined without trades (its oldest hours with a trade). */
  firstTradeAtMs(seriesId: number): number | undefined {
    for (const h of this.hoursOf(seriesId, 0)) if (h.trades > 0) return h.firstTradeAtMs;
    return undefined;
  }

  /**
   * The time of a series' last trade settled on chain (its seq at or below `settledThroughSeq`),
   * to the hour: an hour all settled gives its last trade's time, an hour settled in part its
   * first trade's (the hour's trades are not kept one by one), so this errs early, never late.
   * Undefined when none is settled.
   */
  lastSettledTradeAtMs(seriesId: number, settledThroughSeq: number): number | undefined {
    if (settledThroughSeq <= 0) return undefined;
    return lastSettledOf(this.hoursOf(seriesId, 0), settledThroughSeq);
  }

  close(): Promise<void> {
    return this.model.close();
  }
}

/**
 * The latest settled trade's time, to the hour (seq ≤ `settledThroughSeq`), hours oldest first: the latest hour with a
 * settled trade gives its last trade's time when all its trades are settled, else its first's (seqs grow with time,
 * so the first trade is the one settled; the others' times are not kept). Undefined: none. Before the first trade's
 * seq was kept, an hour settled in part was passed over, and a market whose trades were all in one hour had no
 * settled history at all until that hour's last trade settled.
 */
export function lastSettledOf(hours: readonly HourFigures[], settledThroughSeq: number): number | undefined {
  for (let i = hours.length - 1; i >= 0; i--) {
    const h = hours[i]!;
    if (h.trades === 0) continue;
    if (h.maxTradeSeq <= settledThroughSeq) return h.lastTradeAtMs;
    if (h.minTradeSeq > 0 && h.minTradeSeq <= settledThroughSeq) return h.firstTradeAtMs;
  }
  return undefined;
}
