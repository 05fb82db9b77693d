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
 * One record per (series, hour), rewritten by each turn that touches it (one put per series per
 * turn, as the trade history's candles); a record remembers the last seq it took, so a turn
 * replayed after a crash adds nothing twice.
 */
import type { Database } from 'lmdb';
import { CommandKind, EventType } from '../engine/index.js';
import { JournalReadModel, type DerivedStoreOptions } from '../read-models/journal-read-model.js';
import type { ReplayedTurn } from '../read-models/replay.js';

export const HOUR_MS = 3_600_000;
const VERSION = 1;

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
  maxTradeSeq: number;
  /** The last journal seq this record took. */
  lastSeq: number;
}

const FIELDS = ['quotes', 'spreadSumBps', 'spreadSumSqBps', 'oneSided', 'volume', 'trades', 'firstTradeAtMs', 'lastTradeAtMs', 'maxTradeSeq', 'lastSeq'] as const;

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
  return { hourStartMs, quotes: 0, spreadSumBps: 0, spreadSumSqBps: 0, oneSided: 0, volume: 0, trades: 0, firstTradeAtMs: 0, lastTradeAtMs: 0, maxTradeSeq: 0, lastSeq: 0 };
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
    // The hour each series last wrote, as written (reads see only committed writes).
    const current = new Map<number, HourFigures>();
    model.recordWith((turn) => history.record(turn, current));
    return history;
  }

  private record(turn: ReplayedTurn, current: Map<number, HourFigures>): void {
    const hourStartMs = Math.floor(turn.timeMs / HOUR_MS) * HOUR_MS;
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
    for (const e of turn.events) {
      if (e.type === EventType.QUOTES_REPLACED) (quoted ??= new Set()).add(e.seq);
      else if (e.type === EventType.FILL) {
        const h = hour(e.seriesId);
        if (h === undefined) continue;
        h.volume += e.qty;
        h.trades++;
        if (h.firstTradeAtMs === 0) h.firstTradeAtMs = turn.timeMs;
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
      void this.hours.put([seriesId, h.hourStartMs], pack(h));
    }
  }

  /** A series' hours from `fromMs` (the hour holding it) on, oldest first. */
  hoursOf(seriesId: number, fromMs: number): HourFigures[] {
    const out: HourFigures[] = [];
    for (const { key, value } of this.hours.getRange({ start: [seriesId, Math.floor(fromMs / HOUR_MS) * HOUR_MS], end: [seriesId, Number.MAX_SAFE_INTEGER] })) out.push(unpack(key[1], value));
    return out;
  }

  /** A series' first trade's time, or undefined without trades (its oldest hours with a trade). */
  firstTradeAtMs(seriesId: number): number | undefined {
    for (const { key, value } of this.hours.getRange({ start: [seriesId, 0], end: [seriesId, Number.MAX_SAFE_INTEGER] })) {
      const h = unpack(key[1], value);
      if (h.trades > 0) return h.firstTradeAtMs;
    }
    return undefined;
  }

  /**
   * The time of a series' last trade settled on chain (its seq at or below `settledThroughSeq`),
   * to the hour's last trade: an hour with any unsettled trade is left out whole, so this errs
   * early, never late. Undefined when none is settled.
   */
  lastSettledTradeAtMs(seriesId: number, settledThroughSeq: number): number | undefined {
    if (settledThroughSeq <= 0) return undefined;
    for (const { key, value } of this.hours.getRange({ start: [seriesId, Number.MAX_SAFE_INTEGER], end: [seriesId, -1], reverse: true })) {
      const h = unpack(key[1], value);
      if (h.trades > 0 && h.maxTradeSeq <= settledThroughSeq) return h.lastTradeAtMs;
    }
    return undefined;
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
