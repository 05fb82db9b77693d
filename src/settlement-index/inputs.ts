/**
 * What the index is computed from, and the checks it passes first. Everything is an
 * integer: times in ms, prices in µPAT, quantities in rights. Nothing is computed from
 * an input that has not been checked, and a malformed input throws instead of being
 * skipped: a sampler or journal that hands over garbage has a bug to find.
 */
import { SettlementIndexError } from './errors.js';
import { resolveSettlementIndexParams, samplesPerPeriod, type SettlementIndexParams } from './params.js';

/** The broker's best bid and ask in the spot series, as held at one sample instant. */
export interface QuoteSample {
  readonly atMs: number;
  /** 0 when the broker had no bid. */
  readonly bidMicros: number;
  /** 0 when the broker had no ask. */
  readonly askMicros: number;
}

/** One fill in the spot series. */
export interface IndexTrade {
  readonly atMs: number;
  readonly priceMicros: number;
  readonly qty: number;
}

export interface SettlementIndexInputs {
  /** The end of the averaging period, inclusive: the contract window's cutoff. */
  readonly cutoffAtMs: number;
  /**
   * Samples at instants of the period's grid (cutoff − k·sampleEveryMs, k = 0 … n − 1),
   * strictly increasing. An instant without a sample counts as no quote.
   */
  readonly quoteSamples: readonly QuoteSample[];
  /** The period's trades, (cutoff − periodMs, cutoffAtMs], in time order. */
  readonly trades: readonly IndexTrade[];
  /** The last trade at or before the period's start, if the series ever traded. */
  readonly lastTradeBeforePeriod?: { readonly atMs: number; readonly priceMicros: number };
  /**
   * The series' reference price (the broker's model price). Definition 2: as it stood at the
   * period's start, so that a parameter changed during the period cannot reach the fixing;
   * used only when the period has nothing the market made. Definition 1: at the cutoff.
   */
  readonly referencePriceMicros: number;
}

/** The period's start, exclusive: a sample or trade at exactly this instant belongs to the period before. */
export function periodStartMs(cutoffAtMs: number, params: SettlementIndexParams): number {
  return cutoffAtMs - params.periodMs;
}

/** The instants the spot series is sampled at for one cutoff, oldest first (the last is the cutoff). */
export function sampleInstantsMs(cutoffAtMs: number, overrides: Partial<SettlementIndexParams> = {}): number[] {
  const params = resolveSettlementIndexParams(overrides);
  checkCutoff(cutoffAtMs, params);
  const n = samplesPerPeriod(params);
  const instants: number[] = [];
  for (let k = n - 1; k >= 0; k--) instants.push(cutoffAtMs - k * params.sampleEveryMs);
  return instants;
}

/** Throws a SettlementIndexError on the first malformed input. */
export function checkInputs(inputs: SettlementIndexInputs, params: SettlementIndexParams): void {
  checkCutoff(inputs.cutoffAtMs, params);
  checkSamples(inputs, params);
  checkTrades(inputs, params);
  const last = inputs.lastTradeBeforePeriod;
  if (last !== undefined) {
    checkTime(last.atMs, 'lastTradeBeforePeriod.atMs');
    if (last.atMs > periodStartMs(inputs.cutoffAtMs, params)) {
      throw new SettlementIndexError('OUTSIDE_PERIOD', 'the last trade before the period lies inside it', {
        field: 'lastTradeBeforePeriod.atMs',
        value: last.atMs,
        periodStartMs: periodStartMs(inputs.cutoffAtMs, params),
      });
    }
    checkPrice(last.priceMicros, 'lastTradeBeforePeriod.priceMicros', 1);
  }
  checkPrice(inputs.referencePriceMicros, 'referencePriceMicros', 1);
}

function checkCutoff(cutoffAtMs: number, params: SettlementIndexParams): void {
  if (!Number.isSafeInteger(cutoffAtMs) || cutoffAtMs - params.periodMs < 0) {
    throw new SettlementIndexError('INVALID_CUTOFF', 'cutoffAtMs must be a safe integer at least periodMs after time 0', {
      field: 'cutoffAtMs',
      value: cutoffAtMs,
    });
  }
}

function checkSamples(inputs: SettlementIndexInputs, params: SettlementIndexParams): void {
  const start = periodStartMs(inputs.cutoffAtMs, params);
  let previousAtMs = start;
  inputs.quoteSamples.forEach((sample, index) => {
    const where = `quoteSamples[${index}]`;
    checkInPeriod(sample.atMs, 'a quote sample', where, index, start, inputs.cutoffAtMs);
    if ((inputs.cutoffAtMs - sample.atMs) % params.sampleEveryMs !== 0) {
      throw new SettlementIndexError('OFF_GRID', 'a quote sample is not at a sample instant', {
        field: `${where}.atMs`,
        index,
        value: sample.atMs,
        sampleEveryMs: params.sampleEveryMs,
      });
    }
    if (sample.atMs <= previousAtMs) {
      throw new SettlementIndexError('OUT_OF_ORDER', 'quote samples must be strictly increasing in time', {
        field: `${where}.atMs`,
        index,
        value: sample.atMs,
        previousAtMs,
      });
    }
    previousAtMs = sample.atMs;
    // 0 is a missing side, so a side is any non-negative integer.
    checkPrice(sample.bidMicros, `${where}.bidMicros`, 0, index);
    checkPrice(sample.askMicros, `${where}.askMicros`, 0, index);
  });
}

function checkTrades(inputs: SettlementIndexInputs, params: SettlementIndexParams): void {
  const start = periodStartMs(inputs.cutoffAtMs, params);
  let previousAtMs = start;
  let totalQty = 0;
  inputs.trades.forEach((trade, index) => {
    const where = `trades[${index}]`;
    checkInPeriod(trade.atMs, 'a trade', where, index, start, inputs.cutoffAtMs);
    // Trades of one instant may come in any order among themselves; time never goes back.
    if (trade.atMs < previousAtMs) {
      throw new SettlementIndexError('OUT_OF_ORDER', 'trades must be in time order', {
        field: `${where}.atMs`,
        index,
        value: trade.atMs,
        previousAtMs,
      });
    }
    previousAtMs = trade.atMs;
    checkPrice(trade.priceMicros, `${where}.priceMicros`, 1, index);
    if (!Number.isSafeInteger(trade.qty) || trade.qty <= 0) {
      throw new SettlementIndexError('INVALID_QTY', 'a trade quantity must be a positive integer', { field: `${where}.qty`, index, value: trade.qty });
    }
    totalQty += trade.qty;
    if (!Number.isSafeInteger(totalQty)) {
      throw new SettlementIndexError('INVALID_QTY', "the period's total trade quantity is beyond a safe integer", { field: `${where}.qty`, index, value: trade.qty });
    }
  });
}

/** `atMs` is a time in (start, cutoff]: the averaging period. */
function checkInPeriod(atMs: number, what: string, where: string, index: number, start: number, cutoffAtMs: number): void {
  checkTime(atMs, `${where}.atMs`, index);
  if (atMs <= start || atMs > cutoffAtMs) {
    throw new SettlementIndexError('OUTSIDE_PERIOD', `${what} lies outside the averaging period`, {
      field: `${where}.atMs`,
      index,
      value: atMs,
      periodStartMs: start,
      cutoffAtMs,
    });
  }
}

function checkTime(atMs: number, field: string, index?: number): void {
  if (!Number.isSafeInteger(atMs)) {
    throw new SettlementIndexError('INVALID_TIME', 'a time must be a safe integer in ms', { field, ...at(index), value: atMs });
  }
}

function checkPrice(priceMicros: number, field: string, min: 0 | 1, index?: number): void {
  if (!Number.isSafeInteger(priceMicros) || priceMicros < min) {
    const what = min === 0 ? 'a non-negative integer (0 = no quote)' : 'a positive integer';
    throw new SettlementIndexError('INVALID_PRICE', `a price in µPAT must be ${what}`, { field, ...at(index), value: priceMicros });
  }
}

/** A list position for an error's details, when the value came from a list. */
function at(index: number | undefined): { index?: number } {
  return index === undefined ? {} : { index };
}
