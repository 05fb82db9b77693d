/** Every malformed input or parameter is refused with a typed error before anything is computed. */
import { describe, expect, it } from 'vitest';
import {
  computeSettlementIndex,
  resolveSettlementIndexParams,
  sampleInstantsMs,
  SettlementIndexError,
  type SettlementIndexErrorCode,
  type SettlementIndexInputs,
  type SettlementIndexParams,
} from '../../src/settlement-index/index.js';
import { CUTOFF_MS, MINUTE_MS, minute, steady, trade, window } from './support.js';

const PERIOD_START_MS = CUTOFF_MS - 60 * MINUTE_MS;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function refusal(run: () => unknown): SettlementIndexError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SettlementIndexError);
    return error as SettlementIndexError;
  }
  throw new Error('expected a SettlementIndexError, nothing was thrown');
}

function expectRefused(inputs: SettlementIndexInputs, code: SettlementIndexErrorCode, details: Record<string, unknown>, params: Partial<SettlementIndexParams> = {}): void {
  const error = refusal(() => computeSettlementIndex(inputs, params));
  expect(error.name).toBe('SettlementIndexError');
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  expect(error.details).toMatchObject(details);
}

/** The default hour's samples with one replaced. */
function withSample(index: number, sample: { atMs: number; bidMicros: number; askMicros: number }) {
  const s = steady(1_180_000, 1_220_000);
  s[index] = sample;
  return s;
}

describe('parameters', () => {
  it.each([
    [{ periodMs: 0 }, 'periodMs'],
    [{ periodMs: 3_600_000.5 }, 'periodMs'],
    [{ sampleEveryMs: Number.NaN }, 'sampleEveryMs'],
    [{ sampleEveryMs: 70_000 }, 'periodMs'], // 3,600,000 is not a whole number of 70,000
    [{ sampleEveryMs: 100 }, 'sampleEveryMs'], // 36,000 samples: more than a week of minutes
    [{ maxSpreadBps: -1 }, 'maxSpreadBps'],
    [{ maxSpreadBps: 20_001 }, 'maxSpreadBps'],
    [{ minTwoSidedShareBps: 0 }, 'minTwoSidedShareBps'],
    [{ minTwoSidedShareBps: 10_001 }, 'minTwoSidedShareBps'],
    [{ tradeBandBps: 10_001 }, 'tradeBandBps'],
    [{ fullWeightQty: 0 }, 'fullWeightQty'],
    [{ fullWeightQty: MAX_SAFE + 1 }, 'fullWeightQty'],
    [{ definition: 0 }, 'definition'],
    [{ definition: 4 }, 'definition'],
    [{ tradeBandBPS: 500 } as Partial<SettlementIndexParams>, 'tradeBandBPS'], // misspelt: refused, not ignored
  ])('%j is refused as INVALID_PARAM naming %s', (params, param) => {
    expectRefused(window(), 'INVALID_PARAM', { param }, params);
    expect(refusal(() => resolveSettlementIndexParams(params)).code).toBe('INVALID_PARAM');
  });

  it('the bounds themselves are accepted', () => {
    const edges = { maxSpreadBps: 0, minTwoSidedShareBps: 10_000, tradeBandBps: 10_000, fullWeightQty: 1, periodMs: 604_800_000, sampleEveryMs: 60_000 };
    expect(resolveSettlementIndexParams(edges)).toMatchObject(edges);
  });
});

describe('inputs', () => {
  it('the cutoff: a safe integer at least one period after time 0', () => {
    expectRefused(window({ cutoffAtMs: CUTOFF_MS + 0.5 }), 'INVALID_CUTOFF', { field: 'cutoffAtMs' });
    expectRefused(window({ cutoffAtMs: 3_599_999, quoteSamples: [] }), 'INVALID_CUTOFF', { value: 3_599_999 });
    expect(refusal(() => sampleInstantsMs(Number.POSITIVE_INFINITY)).code).toBe('INVALID_CUTOFF');
  });

  it('times: safe integers', () => {
    expectRefused(window({ quoteSamples: withSample(3, { atMs: Number.NaN, bidMicros: 1, askMicros: 1 }) }), 'INVALID_TIME', { field: 'quoteSamples[3].atMs', index: 3 });
    expectRefused(window({ trades: [trade(minute(4) + 0.5, 1_200_000, 1)] }), 'INVALID_TIME', { field: 'trades[0].atMs' });
    expectRefused(window({ lastTradeBeforePeriod: { atMs: Number.NEGATIVE_INFINITY, priceMicros: 1 } }), 'INVALID_TIME', { field: 'lastTradeBeforePeriod.atMs' });
  });

  it('samples: inside (periodStart, cutoff], on the grid, strictly increasing', () => {
    expectRefused(window({ quoteSamples: [{ atMs: PERIOD_START_MS, bidMicros: 1, askMicros: 2 }] }), 'OUTSIDE_PERIOD', {
      field: 'quoteSamples[0].atMs',
      periodStartMs: PERIOD_START_MS,
    });
    expectRefused(window({ quoteSamples: [{ atMs: CUTOFF_MS + MINUTE_MS, bidMicros: 1, askMicros: 2 }] }), 'OUTSIDE_PERIOD', { cutoffAtMs: CUTOFF_MS });
    expectRefused(window({ quoteSamples: withSample(10, { atMs: minute(11) - 30_000, bidMicros: 1, askMicros: 2 }) }), 'OFF_GRID', {
      index: 10,
      sampleEveryMs: MINUTE_MS,
    });
    expectRefused(window({ quoteSamples: withSample(10, { atMs: minute(10), bidMicros: 1, askMicros: 2 }) }), 'OUT_OF_ORDER', {
      index: 10,
      previousAtMs: minute(10),
    });
    const reversed = steady(1_180_000, 1_220_000).reverse();
    expectRefused(window({ quoteSamples: reversed }), 'OUT_OF_ORDER', { index: 1 });
  });

  it('sample sides: non-negative safe integers (0 is a missing side)', () => {
    expectRefused(window({ quoteSamples: withSample(0, { atMs: minute(1), bidMicros: -1, askMicros: 2 }) }), 'INVALID_PRICE', { field: 'quoteSamples[0].bidMicros' });
    expectRefused(window({ quoteSamples: withSample(5, { atMs: minute(6), bidMicros: 1, askMicros: 1.5 }) }), 'INVALID_PRICE', { field: 'quoteSamples[5].askMicros', value: 1.5 });
    expectRefused(window({ quoteSamples: withSample(5, { atMs: minute(6), bidMicros: 1, askMicros: MAX_SAFE + 2 }) }), 'INVALID_PRICE', { index: 5 });
  });

  it('trades: inside the period, in time order, positive integer prices and quantities', () => {
    expectRefused(window({ trades: [trade(PERIOD_START_MS, 1_200_000, 1)] }), 'OUTSIDE_PERIOD', { field: 'trades[0].atMs' });
    expectRefused(window({ trades: [trade(CUTOFF_MS + 1, 1_200_000, 1)] }), 'OUTSIDE_PERIOD', { value: CUTOFF_MS + 1 });
    expectRefused(window({ trades: [trade(minute(9), 1_200_000, 1), trade(minute(8), 1_200_000, 1)] }), 'OUT_OF_ORDER', {
      field: 'trades[1].atMs',
      previousAtMs: minute(9),
    });
    expectRefused(window({ trades: [trade(minute(9), 0, 1)] }), 'INVALID_PRICE', { field: 'trades[0].priceMicros', value: 0 });
    expectRefused(window({ trades: [trade(minute(9), 1_200_000.25, 1)] }), 'INVALID_PRICE', { field: 'trades[0].priceMicros' });
    expectRefused(window({ trades: [trade(minute(9), 1_200_000, -3)] }), 'INVALID_QTY', { field: 'trades[0].qty', value: -3 });
    expectRefused(window({ trades: [trade(minute(9), 1_200_000, 0)] }), 'INVALID_QTY', { value: 0 });
    expectRefused(window({ trades: [trade(minute(9), 1_200_000, 2.5)] }), 'INVALID_QTY', { value: 2.5 });
    expectRefused(window({ trades: [trade(minute(9), 1_200_000, MAX_SAFE), trade(minute(9), 1_200_000, 1)] }), 'INVALID_QTY', { field: 'trades[1].qty' });
  });

  it('the last trade before the period: at or before its start, a positive price', () => {
    expect(computeSettlementIndex(window({ lastTradeBeforePeriod: { atMs: PERIOD_START_MS, priceMicros: 1 } })).method).toBe('MID_TRADE_BLEND');
    expectRefused(window({ lastTradeBeforePeriod: { atMs: PERIOD_START_MS + 1, priceMicros: 1_200_000 } }), 'OUTSIDE_PERIOD', {
      field: 'lastTradeBeforePeriod.atMs',
    });
    expectRefused(window({ lastTradeBeforePeriod: { atMs: PERIOD_START_MS, priceMicros: -5 } }), 'INVALID_PRICE', { field: 'lastTradeBeforePeriod.priceMicros' });
  });

  it('the reference price: a positive safe integer, even when the mid makes it unnecessary', () => {
    expectRefused(window({ referencePriceMicros: 0 }), 'INVALID_PRICE', { field: 'referencePriceMicros', value: 0 });
    expectRefused(window({ referencePriceMicros: Number.NaN }), 'INVALID_PRICE', { field: 'referencePriceMicros' });
  });
});
