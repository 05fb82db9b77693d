/**
 * What a spot series' settlement index is computed from (docs/settlement-index.md), kept
 * as engine state while a cash-settled series (a SYNTHETIC, CALL or PUT) stands on the
 * window: the broker's best bid and ask at each minute instant of the last hour, the hour's
 * fills summed by price per minute, and the spot's reference price at each instant of the
 * last hour and the one before it (so the reference as it stood at any period's start is
 * known). Bounded: one slot per instant of the period (one more for the reference).
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
  REFERENCE_BAND_DEFINITION,
  type IndexTrade,
  type QuoteSample,
  type SettlementIndex,
  type SettlementIndexInputs,
} from '../../settlement-index/index.js';
import type { OrderBook } from './order-book.js';

/**
 * The spot series as its track reads it (a Series, series.ts, which holds its track in turn: so the
 * track names only what it reads, and the import runs one way, from the series to its track).
 */
export interface TrackedSpot {
  readonly id: number;
  readonly spec: { readonly closeAtMs: number };
  readonly brokerBuys: Pick<OrderBook, 'bestBidMicros'>;
  readonly brokerSells: Pick<OrderBook, 'bestAskMicros'>;
  readonly referencePriceMicros: number;
  indexTrack: IndexTrack | undefined;
}

export const INDEX_PERIOD_MS = DEFAULT_SETTLEMENT_INDEX_PARAMS.periodMs;
export const INDEX_SAMPLE_EVERY_MS = DEFAULT_SETTLEMENT_INDEX_PARAMS.sampleEveryMs;
/** Instants per period: the ring's length. */
export const INDEX_SLOTS = INDEX_PERIOD_MS / INDEX_SAMPLE_EVERY_MS;
/** The reference ring holds one instant more: a period's start is the instant an hour before its cutoff. */
export const REFERENCE_SLOTS = INDEX_SLOTS + 1;

/** The first sample instant at or after `timeMs`. */
export function sampleInstantAtOrAfter(timeMs: number): number {
  return Math.ceil(timeMs / INDEX_SAMPLE_EVERY_MS) * INDEX_SAMPLE_EVERY_MS;
}

function slotOf(instantMs: number): number {
  return (instantMs / INDEX_SAMPLE_EVERY_MS) % INDEX_SLOTS;
}

function referenceSlotOf(instantMs: number): number {
  return (instantMs / INDEX_SAMPLE_EVERY_MS) % REFERENCE_SLOTS;
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
  /**
   * The spot's reference price (0: none yet) at each instant of the last REFERENCE_SLOTS, and
   * the instant each slot holds (0: none): the reference as it stood at a period's start.
   */
  readonly referenceAtMs = new Array<number>(REFERENCE_SLOTS).fill(0);
  readonly referenceMicros = new Array<number>(REFERENCE_SLOTS).fill(0);
  /** Cash-settled series standing on this window (the track is dropped when none is left). */
  users = 0;

  constructor(readonly spot: TrackedSpot) {}

  /** Records the book as it stands for the sample instant `instantMs`. */
  sample(instantMs: number): void {
    // Every synthetic on the window settles at its close, the spot series' close too: later instants would only overwrite the last hour.
    if (instantMs > this.spot.spec.closeAtMs) return;
    const slot = slotOf(instantMs);
    this.sampleAtMs[slot] = instantMs;
    this.bidMicros[slot] = this.spot.brokerBuys.bestBidMicros(); // the broker's bids rest in the book it buys in
    this.askMicros[slot] = this.spot.brokerSells.bestAskMicros();
    this.sampleReference(instantMs);
  }

  /** Records the spot's reference price as it stands for the instant `instantMs` (also sampled alone for the instant an hour before a jump's last). */
  sampleReference(instantMs: number): void {
    if (instantMs > this.spot.spec.closeAtMs) return;
    const ref = referenceSlotOf(instantMs);
    this.referenceAtMs[ref] = instantMs;
    this.referenceMicros[ref] = this.spot.referencePriceMicros;
  }

  /**
   * The spot's reference as it stood at the start of the period ending at `cutoffAtMs` (an
   * instant), or, when the track began inside that period, at the first instant it sampled
   * there; 0 when it holds neither.
   */
  referenceAtPeriodStart(cutoffAtMs: number): number {
    const startMs = cutoffAtMs - INDEX_PERIOD_MS;
    for (let instant = startMs; instant <= cutoffAtMs; instant += INDEX_SAMPLE_EVERY_MS) {
      const slot = referenceSlotOf(instant);
      if (this.referenceAtMs[slot] === instant && this.referenceMicros[slot]! > 0) return this.referenceMicros[slot]!;
    }
    return 0;
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
   * see the same prices and quantities either way. `definition` 2 (engine rules 4) takes
   * the reference as it stood at the period's start, `fallbackReferenceMicros` only when the
   * track holds none there; definition 1 takes `fallbackReferenceMicros` (the reference now).
   */
  compute(cutoffAtMs: number, fallbackReferenceMicros: number, definition: number): { inputs: SettlementIndexInputs; index: SettlementIndex } {
    const inputs = this.inputsFor(cutoffAtMs, fallbackReferenceMicros, definition);
    return { inputs, index: computeSettlementIndex(inputs, { definition }) };
  }

  /**
   * The inputs of the period ending at `cutoffAtMs` as the track holds them: the instants
   * sampled (an instant not sampled yet is left out), the trades of its minutes, the last
   * trade before it, and the reference (see `compute`). The quoter projects the rest of a
   * period from these (src/quoting/index-forecast.ts).
   */
  inputsFor(cutoffAtMs: number, fallbackReferenceMicros: number, definition: number): SettlementIndexInputs {
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
    const atStart = definition === REFERENCE_BAND_DEFINITION ? 0 : this.referenceAtPeriodStart(cutoffAtMs);
    return {
      cutoffAtMs,
      quoteSamples,
      trades,
      ...(lastBefore === undefined ? {} : { lastTradeBeforePeriod: lastBefore }),
      referencePriceMicros: atStart > 0 ? atStart : fallbackReferenceMicros,
    };
  }
}
