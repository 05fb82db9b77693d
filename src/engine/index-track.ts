/**
 * What a spot series' settlement index is computed from (docs/settlement-index.md), kept
 * as engine state while a cash-settled series (a SYNTHETIC) stands on the window: the
 * broker's best bid and ask at each minute instant of the last hour, and the hour's
 * fills summed by price per minute. Bounded: one slot per instant of the period.
 *
 * Sampling is exact without a timer. The books change only when a command is applied,
 * so the book "as held at instant X" is the book before the first command stamped at or
 * after X; `Engine.apply` calls `sampleThrough(t)` before such a command and every
 * instant up to t gets the book as it stands. Replay stamps the same times, so it takes
 * the same samples.
 */
import {
  computeSettlementIndex,
  DEFAULT_SETTLEMENT_INDEX_PARAMS,
  type IndexTrade,
  type QuoteSample,
  type SettlementIndex,
  type SettlementIndexInputs,
} from '../settlement-index/index.js';
import type { Series } from './series.js';

export const INDEX_PERIOD_MS = DEFAULT_SETTLEMENT_INDEX_PARAMS.periodMs;
export const INDEX_SAMPLE_EVERY_MS = DEFAULT_SETTLEMENT_INDEX_PARAMS.sampleEveryMs;
/** Instants per period: the ring's length. */
export const INDEX_SLOTS = INDEX_PERIOD_MS / INDEX_SAMPLE_EVERY_MS;

/** The first sample instant at or after `timeMs`. */
export function sampleInstantAtOrAfter(timeMs: number): number {
  return Math.ceil(timeMs / INDEX_SAMPLE_EVERY_MS) * INDEX_SAMPLE_EVERY_MS;
}

function slotOf(instantMs: number): number {
  return (instantMs / INDEX_SAMPLE_EVERY_MS) % INDEX_SLOTS;
}

/** One spot series' samples and trades over the last period. */
export class IndexTrack {
  /** Sample instant held by each slot (0: none yet), and the broker's best bid and ask then (0: none). */
  readonly sampleAtMs = new Array<number>(INDEX_SLOTS).fill(0);
  readonly bidMicros = new Array<number>(INDEX_SLOTS).fill(0);
  readonly askMicros = new Array<number>(INDEX_SLOTS).fill(0);
  /** The instant each slot's trades lead up to ((instant − 1 min, instant]), and their quantity by price. */
  readonly tradesAtMs = new Array<number>(INDEX_SLOTS).fill(0);
  readonly tradeQtyByPrice: Array<Map<number, number>> = Array.from({ length: INDEX_SLOTS }, () => new Map());
  /**
   * The instants of the latest minutes that had fills, oldest first, with each minute's
   * last price: at most one more than a period holds, so the last trade before any
   * period this track can still compute is among them (the index's third rung).
   */
  readonly tradedMinutesAtMs: number[] = [];
  readonly tradedMinutesLastMicros: number[] = [];
  /** Cash-settled series standing on this window (the track is dropped when none is left). */
  users = 0;

  constructor(readonly spot: Series) {}

  /** Records the book as it stands for the sample instant `instantMs`. */
  sample(instantMs: number): void {
    // Every synthetic on the window settles at its close, the spot series' close too: later instants would only overwrite the last hour.
    if (instantMs > this.spot.spec.closeAtMs) return;
    const slot = slotOf(instantMs);
    this.sampleAtMs[slot] = instantMs;
    this.bidMicros[slot] = this.spot.brokerBuys.bestBidMicros(); // the broker's bids rest in the book it buys in
    this.askMicros[slot] = this.spot.brokerSells.bestAskMicros();
  }

  /** Records a fill in the spot series at `timeMs`. */
  recordTrade(timeMs: number, priceMicros: number, qty: number): void {
    const instant = sampleInstantAtOrAfter(timeMs);
    const slot = slotOf(instant);
    const trades = this.tradeQtyByPrice[slot]!;
    if (this.tradesAtMs[slot] !== instant) {
      this.tradesAtMs[slot] = instant;
      trades.clear();
    }
    trades.set(priceMicros, (trades.get(priceMicros) ?? 0) + qty);
    const minutes = this.tradedMinutesAtMs;
    if (minutes.length === 0 || minutes[minutes.length - 1]! < instant) {
      minutes.push(instant);
      this.tradedMinutesLastMicros.push(priceMicros);
      if (minutes.length > INDEX_SLOTS + 1) {
        minutes.shift();
        this.tradedMinutesLastMicros.shift();
      }
    } else {
      this.tradedMinutesLastMicros[minutes.length - 1] = priceMicros;
    }
  }

  /**
   * The index over the period ending at `cutoffAtMs` (a sample instant already sampled):
   * the settlement index at a contract's cutoff, the mark price before it. Trades in one
   * minute enter as one trade per price at the minute's instant: the VWAP and the band
   * see the same prices and quantities either way.
   */
  compute(cutoffAtMs: number, referencePriceMicros: number): { inputs: SettlementIndexInputs; index: SettlementIndex } {
    const startMs = cutoffAtMs - INDEX_PERIOD_MS;
    const quoteSamples: QuoteSample[] = [];
    const trades: IndexTrade[] = [];
    let lastBefore: { atMs: number; priceMicros: number } | undefined;
    for (let instant = startMs + INDEX_SAMPLE_EVERY_MS; instant <= cutoffAtMs; instant += INDEX_SAMPLE_EVERY_MS) {
      const slot = slotOf(instant);
      if (this.sampleAtMs[slot] === instant) {
        quoteSamples.push({ atMs: instant, bidMicros: this.bidMicros[slot]!, askMicros: this.askMicros[slot]! });
      }
      if (this.tradesAtMs[slot] === instant) {
        const byPrice = [...this.tradeQtyByPrice[slot]!].sort((a, b) => a[0] - b[0]);
        for (const [priceMicros, qty] of byPrice) trades.push({ atMs: instant, priceMicros, qty });
      }
    }
    for (let i = this.tradedMinutesAtMs.length - 1; i >= 0; i--) {
      if (this.tradedMinutesAtMs[i]! <= startMs) {
        lastBefore = { atMs: this.tradedMinutesAtMs[i]!, priceMicros: this.tradedMinutesLastMicros[i]! };
        break;
      }
    }
    const inputs: SettlementIndexInputs = {
      cutoffAtMs,
      quoteSamples,
      trades,
      ...(lastBefore === undefined ? {} : { lastTradeBeforePeriod: lastBefore }),
      referencePriceMicros,
    };
    return { inputs, index: computeSettlementIndex(inputs) };
  }
}
