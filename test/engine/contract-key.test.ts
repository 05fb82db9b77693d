import { describe, expect, it } from 'vitest';

import {
  ContractKeyError,
  areSubstitutes,
  canonicalContractKey,
  formatContractKey,
  isContractKey,
  parseContractKey,
  type ContractKey,
  type ContractKeyPart,
} from '../../src/engine/core/contract-key.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Parses `text` expecting a ContractKeyError; returns it so a test can check part and message. */
function keyErrorOf(text: string): ContractKeyError {
  try {
    parseContractKey(text);
  } catch (error) {
    if (error instanceof ContractKeyError) return error;
    throw error;
  }
  throw new Error(`expected '${text}' to be rejected`);
}

describe('parseContractKey', () => {
  it('parses the domain example', () => {
    expect(parseContractKey('AUTO_INTENT|7D|0.70-0.85')).toEqual({
      segment: 'AUTO_INTENT',
      window: '7D',
      windowMs: 7 * DAY_MS,
      confidenceLoBps: 7000,
      confidenceHiBps: 8500,
    });
  });

  it.each([
    ['X|1h|0-1', 'X', HOUR_MS, 0, 10_000],
    ['X|5m|0-1', 'X', 5 * 60_000, 0, 10_000],
    ['X|90m|0-1', 'X', 90 * 60_000, 0, 10_000],
    ['A|527040m|0.1-0.2', 'A', 366 * DAY_MS, 1000, 2000],
    ['X|12h|0.5-0.6', 'X', 12 * HOUR_MS, 5000, 6000],
    ['SEG_2|30D|0.7025-0.8500', 'SEG_2', 30 * DAY_MS, 7025, 8500],
    ['A|2W|0.0001-0.0002', 'A', 14 * DAY_MS, 1, 2],
    ['A|366D|0.9999-1.0000', 'A', 366 * DAY_MS, 9999, 10_000],
    ['A|8784h|0.1-0.2', 'A', 366 * DAY_MS, 1000, 2000],
    ['A|52W|0.1-0.2', 'A', 364 * DAY_MS, 1000, 2000],
    [`${'A'.repeat(48)}|1D|0.1-0.2`, 'A'.repeat(48), DAY_MS, 1000, 2000],
  ])('parses %s', (text, segment, windowMs, loBps, hiBps) => {
    expect(parseContractKey(text)).toMatchObject({
      segment,
      windowMs,
      confidenceLoBps: loBps,
      confidenceHiBps: hiBps,
    });
  });

  // [key text, part, a fragment the message must contain]
  const malformed: Array<[string, ContractKeyPart, string]> = [
    ['', 'key', "expected 3 parts 'SEGMENT|WINDOW|LO-HI', found 1"],
    ['AUTO_INTENT', 'key', 'found 1'],
    ['AUTO_INTENT|7D', 'key', 'found 2'],
    ['AUTO_INTENT|7D|0.70-0.85|X', 'key', 'found 4'],
    ['AUTO_INTENT 7D 0.70-0.85', 'key', 'found 1'],

    ['|7D|0.70-0.85', 'segment', "segment '': must not be empty"],
    ['auto_intent|7D|0.70-0.85', 'segment', 'only upper-case letters A-Z, digits and underscores'],
    ['AUTO-INTENT|7D|0.70-0.85', 'segment', "segment 'AUTO-INTENT': may contain only upper-case"],
    [' AUTO|7D|0.70-0.85', 'segment', 'may contain only upper-case'],
    ['AUTÖ|7D|0.70-0.85', 'segment', 'may contain only upper-case'],
    ['1AUTO|7D|0.70-0.85', 'segment', "segment '1AUTO': must start with an upper-case letter"],
    ['_AUTO|7D|0.70-0.85', 'segment', 'must start with an upper-case letter'],
    [`${'A'.repeat(49)}|7D|0.70-0.85`, 'segment', 'must be at most 48 characters, found 49'],

    ['A|0D|0.70-0.85', 'window', "window '0D': length must be a positive integer"],
    ['A|00h|0.70-0.85', 'window', "window '00h': length must be a positive integer"],
    ['A|07D|0.70-0.85', 'window', "window '07D': length must not have leading zeros: write '7D'"],
    ['A||0.70-0.85', 'window', "window '': must be a positive integer followed by a unit"],
    ['A|D|0.70-0.85', 'window', 'must be a positive integer followed by a unit'],
    ['A|-1D|0.70-0.85', 'window', 'must be a positive integer followed by a unit'],
    ['A|1.5D|0.70-0.85', 'window', 'must be a positive integer followed by a unit'],
    ['A| 7D|0.70-0.85', 'window', 'must be a positive integer followed by a unit'],
    ['A|7D |0.70-0.85', 'window', 'must be a positive integer followed by a unit'],
    ['A|7|0.70-0.85', 'window', "window '7': missing unit"],
    ['A|7d|0.70-0.85', 'window', "unknown unit 'd': use 'm' (minutes), 'h' (hours), 'D' (days) or 'W' (weeks)"],
    ['A|05m|0.70-0.85', 'window', "window '05m': length must not have leading zeros: write '5m'"],
    ['A|527041m|0.70-0.85', 'window', 'must be at most 366 days (527040m)'],
    ['A|7H|0.70-0.85', 'window', "unknown unit 'H'"],
    ['A|1M|0.70-0.85', 'window', "unknown unit 'M'"],
    ['A|7Dh|0.70-0.85', 'window', "unknown unit 'Dh'"],
    ['A|367D|0.70-0.85', 'window', 'must be at most 366 days (366D)'],
    ['A|8785h|0.70-0.85', 'window', 'must be at most 366 days (8784h)'],
    ['A|53W|0.70-0.85', 'window', 'must be at most 366 days (52W)'],
    ['A|99999999999999999999D|0.70-0.85', 'window', 'must be at most 366 days'],

    ['A|7D|', 'confidence', "confidence '': must be two bounds 'LO-HI'"],
    ['A|7D|0.70', 'confidence', "must be two bounds 'LO-HI', e.g. '0.70-0.85'"],
    ['A|7D|0.70-0.85-0.90', 'confidence', 'must be two bounds'],
    ['A|7D|-0.5-0.85', 'confidence', 'must be two bounds'],
    ['A|7D|0.70-', 'confidence', "upper bound '' must be a decimal in [0, 1] with at most 4 decimal places"],
    ['A|7D|-0.85', 'confidence', "lower bound '' must be a decimal"],
    ['A|7D|.70-0.85', 'confidence', "lower bound '.70' must be a decimal"],
    ['A|7D|0.-0.85', 'confidence', "lower bound '0.' must be a decimal"],
    ['A|7D|0,70-0.85', 'confidence', "lower bound '0,70' must be a decimal"],
    ['A|7D|0.70 -0.85', 'confidence', "lower bound '0.70 ' must be a decimal"],
    ['A|7D|+0.70-0.85', 'confidence', "lower bound '+0.70' must be a decimal"],
    ['A|7D|0.12345-0.2', 'confidence', "lower bound '0.12345' must be a decimal in [0, 1] with at most 4"],
    ['A|7D|0.70-2', 'confidence', "upper bound '2' must be a decimal"],
    ['A|7D|0.70-1.0001', 'confidence', "upper bound '1.0001' must be at most 1"],
    ['A|7D|0.70-1e-1', 'confidence', 'must be two bounds'],
    ['A|7D|0.85-0.70', 'confidence', "confidence '0.85-0.70': lower bound must be below the upper bound"],
    ['A|7D|0.70-0.7000', 'confidence', 'lower bound must be below the upper bound'],
  ];

  it.each(malformed)('rejects %j as a bad %s', (text, part, fragment) => {
    const error = keyErrorOf(text);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ContractKeyError');
    expect(error.part).toBe(part);
    expect(error.message).toContain(fragment);
  });

  it('names the first bad part when several are bad', () => {
    expect(keyErrorOf('a|0D|9-8').part).toBe('segment');
    expect(keyErrorOf('A|0D|9-8').part).toBe('window');
  });

  it('keeps messages short for huge inputs', () => {
    const error = keyErrorOf(`${'a'.repeat(10_000)}|7D|0.70-0.85`);
    expect(error.part).toBe('segment');
    expect(error.message.length).toBeLessThan(200);
  });

  it('rejects non-strings from untyped callers', () => {
    expect(() => parseContractKey(42 as unknown as string)).toThrow(ContractKeyError);
  });
});

describe('formatContractKey', () => {
  it.each([
    ['AUTO_INTENT|7D|0.70-0.85', 'AUTO_INTENT|7D|0.70-0.85'],
    ['AUTO_INTENT|7D|0.7-0.85', 'AUTO_INTENT|7D|0.70-0.85'],
    ['AUTO_INTENT|7D|0.8500-1', 'AUTO_INTENT|7D|0.85-1.00'],
    ['A|1D|0-0.1230', 'A|1D|0.00-0.123'],
    ['A|1D|0.7025-0.75', 'A|1D|0.7025-0.75'],
    ['A|1D|0.0001-1.0', 'A|1D|0.0001-1.00'],
    ['A|24h|0.1-0.2', 'A|1D|0.10-0.20'],
    ['A|48h|0.1-0.2', 'A|2D|0.10-0.20'],
    ['A|36h|0.1-0.2', 'A|36h|0.10-0.20'],
    ['A|5m|0.1-0.2', 'A|5m|0.10-0.20'],
    ['A|60m|0.1-0.2', 'A|1h|0.10-0.20'],
    ['A|90m|0.1-0.2', 'A|90m|0.10-0.20'],
    ['A|1440m|0.1-0.2', 'A|1D|0.10-0.20'],
    ['A|2W|0.1-0.2', 'A|2W|0.10-0.20'],
    ['A|14D|0.1-0.2', 'A|14D|0.10-0.20'],
  ])('writes %s canonically as %s', (text, canonical) => {
    expect(formatContractKey(parseContractKey(text))).toBe(canonical);
    expect(canonicalContractKey(text)).toBe(canonical);
    expect(canonicalContractKey(canonical)).toBe(canonical);
  });

  const valid: ContractKey = {
    segment: 'A',
    window: '7D',
    windowMs: 7 * DAY_MS,
    confidenceLoBps: 7000,
    confidenceHiBps: 8500,
  };

  it.each<[string, Partial<ContractKey>, ContractKeyPart, string]>([
    ['a bad segment', { segment: 'a' }, 'segment', "segment 'a'"],
    ['a bad window', { window: '7X' }, 'window', "unknown unit 'X'"],
    ['a window that disagrees with windowMs', { windowMs: DAY_MS }, 'window', 'is 604800000 ms, not windowMs 86400000'],
    ['fractional basis points', { confidenceLoBps: 7000.5 }, 'confidence', 'bounds must be integers in 0..10000'],
    ['basis points above 10000', { confidenceHiBps: 10_001 }, 'confidence', 'bounds must be integers'],
    ['negative basis points', { confidenceLoBps: -1 }, 'confidence', 'bounds must be integers'],
    ['an inverted band', { confidenceLoBps: 9000 }, 'confidence', 'lower bound must be below the upper bound'],
  ])('refuses a hand-built key with %s', (_what, change, part, fragment) => {
    let caught: unknown;
    try {
      formatContractKey({ ...valid, ...change });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContractKeyError);
    expect((caught as ContractKeyError).part).toBe(part);
    expect((caught as ContractKeyError).message).toContain(fragment);
  });

  it('round-trips random keys: parse(format(k)) equals k', () => {
    const random = seededRandom(7);
    const units = [
      { unit: 'm', ms: 60_000, max: 527_040 },
      { unit: 'h', ms: HOUR_MS, max: 8784 },
      { unit: 'D', ms: DAY_MS, max: 366 },
      { unit: 'W', ms: 7 * DAY_MS, max: 52 },
    ] as const;
    const segmentChars = 'ABCXYZ0189_';
    for (let i = 0; i < 2000; i += 1) {
      const { unit, ms, max } = units[random(units.length)]!;
      let length = 1 + random(max);
      if (unit === 'h' && length % 24 === 0) length += 1; // whole days are written in D, tested above
      if (unit === 'm' && length % 60 === 0) length += 1; // whole hours are written in h, tested above
      let segment = 'QWERTY'[random(6)]!;
      const segmentLength = random(48);
      for (let c = 0; c < segmentLength; c += 1) segment += segmentChars[random(segmentChars.length)]!;
      const loBps = random(10_000);
      const hiBps = loBps + 1 + random(10_000 - loBps);
      const key: ContractKey = {
        segment,
        window: `${length}${unit}`,
        windowMs: length * ms,
        confidenceLoBps: loBps,
        confidenceHiBps: hiBps,
      };
      const text = formatContractKey(key);
      expect(parseContractKey(text)).toEqual(key);
      expect(formatContractKey(parseContractKey(text))).toBe(text);
    }
  });
});

describe('isContractKey', () => {
  it('says whether text parses', () => {
    expect(isContractKey('AUTO_INTENT|7D|0.70-0.85')).toBe(true);
    expect(isContractKey('AUTO_INTENT|7D|0.7-0.85')).toBe(true);
    expect(isContractKey('AUTO_INTENT|0D|0.70-0.85')).toBe(false);
    expect(isContractKey('')).toBe(false);
    expect(isContractKey(undefined)).toBe(false);
    expect(isContractKey(7)).toBe(false);
  });
});

describe('areSubstitutes', () => {
  it('pairs contracts of one segment that differ in window or band', () => {
    expect(areSubstitutes('AUTO_INTENT|7D|0.70-0.85', 'AUTO_INTENT|1D|0.70-0.85')).toBe(true);
    expect(areSubstitutes('AUTO_INTENT|7D|0.70-0.85', 'AUTO_INTENT|7D|0.85-1.00')).toBe(true);
    expect(areSubstitutes('AUTO_INTENT|7D|0.70-0.85', 'AUTO_INTENT|30D|0.60-0.80')).toBe(true);
  });

  it('accepts parsed keys as well as text', () => {
    const a = parseContractKey('AUTO_INTENT|7D|0.70-0.85');
    expect(areSubstitutes(a, 'AUTO_INTENT|1D|0.70-0.85')).toBe(true);
    expect(areSubstitutes(a, parseContractKey('AUTO_INTENT|1D|0.70-0.85'))).toBe(true);
  });

  it('never pairs a contract with itself, however it is spelt', () => {
    expect(areSubstitutes('AUTO_INTENT|7D|0.70-0.85', 'AUTO_INTENT|7D|0.70-0.85')).toBe(false);
    expect(areSubstitutes('AUTO_INTENT|7D|0.70-0.85', 'AUTO_INTENT|7D|0.7-0.850')).toBe(false);
    expect(areSubstitutes('AUTO_INTENT|1D|0.70-0.85', 'AUTO_INTENT|24h|0.70-0.85')).toBe(false);
    expect(areSubstitutes('AUTO_INTENT|14D|0.70-0.85', 'AUTO_INTENT|2W|0.70-0.85')).toBe(false);
  });

  it('never pairs different segments', () => {
    expect(areSubstitutes('AUTO_INTENT|7D|0.70-0.85', 'HOME_INTENT|7D|0.70-0.85')).toBe(false);
  });

  it('throws on malformed text', () => {
    expect(() => areSubstitutes('AUTO_INTENT|7D|0.70-0.85', 'AUTO_INTENT|7X|0.70-0.85')).toThrow(ContractKeyError);
  });
});

/** Small deterministic generator (LCG) so a failing round trip replays exactly. Returns ints in [0, n). */
function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}
