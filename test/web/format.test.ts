/**
 * The console's pure parts, without a browser: the one PAT precision rule (web/src/format.ts),
 * how series are arranged (web/src/series-groups.ts: by contract, spot first, a window's
 * options one chain line; a chain's rows by strike), the listing form's column parser, and
 * the CLI's PAT amounts (src/cli/withdraw.ts).
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from 'commander';
import { exactPat, pat, patOfDecimal, patOfWei, PAT_DECIMALS, windowSpan } from '../../web/src/format.js';
import { chainRows, expiriesOf, groupByContract, listLines } from '../../web/src/series-groups.js';
import type { SeriesRow } from '../../web/src/market.js';
import { parseColumns, sampleFormatOf } from '../../web/src/listing-form.js';
import { parsePatAmount, patText } from '../../src/cli/withdraw.js';

describe('one PAT precision rule', () => {
  it("shows the operator API's decimal PAT strings by the same rule (issue 77: 7618.661829 on the operator page)", () => {
    expect(patOfDecimal('7618.661829')).toBe('7618.6618');
    expect(patOfDecimal('0.000')).toBe('0.0000');
    expect(patOfDecimal('12')).toBe('12.0000');
    expect(patOfDecimal('-0.54899')).toBe('-0.5489');
    expect(patOfDecimal('-0.00001')).toBe('0.0000');
    expect(patOfDecimal('.5')).toBe('0.5000');
    expect(patOfDecimal('abc')).toBe('—');
    expect(patOfDecimal('')).toBe('—');
    // The same amount reads the same as from µPAT.
    for (const micros of [0, 1, 99, 100, 123_456, 1_000_000, 987_654_321, -1_234_567]) expect(patOfDecimal(exactPat(micros))).toBe(pat(micros));
  });

  it('shows every amount with exactly 4 decimals, cut toward zero, from µPAT and from wei alike', () => {
    expect(PAT_DECIMALS).toBe(4);
    expect(pat(1_059_000)).toBe('1.0590');
    expect(pat(100)).toBe('0.0001');
    expect(pat(25_500_000)).toBe('25.5000');
    expect(pat(593_750)).toBe('0.5937'); // 5 decimals on the wire: cut, never rounded up
    expect(pat(-1_234_567)).toBe('-1.2345');
    expect(pat(-50)).toBe('0.0000');
    expect(pat(null)).toBe('—');
    expect(patOfWei('25500000000000000000')).toBe('25.5000');
    expect(patOfWei(10n ** 18n - 1n)).toBe('0.9999');
    expect(patOfWei('-1500000000000000000')).toBe('-1.5000');
    expect(patOfWei('not a number')).toBe('—');
    // The same amount reads the same from either unit.
    for (const micros of [0, 1, 99, 100, 123_456, 1_000_000, 987_654_321]) expect(patOfWei(BigInt(micros) * 10n ** 12n)).toBe(pat(micros));
    expect(exactPat(593_750)).toBe('0.59375');
    expect(exactPat(2_000_000)).toBe('2');
  });
});

const row = (seriesId: number, contract: string, kind: string, openAtMs: number, extra: Partial<SeriesRow> = {}): SeriesRow => ({
  seriesId,
  contract,
  kind,
  status: 'TRADING',
  openAtMs,
  closeAtMs: openAtMs + 100,
  strikeMicros: 0,
  spotSeriesId: 0,
  referenceMicros: 0,
  lastMicros: 0,
  bidMicros: 0,
  askMicros: 0,
  bookSeq: -1,
  ...extra,
});

describe('a window named for people', () => {
  it('by its days when it opens and closes at midnight, else to the minute (two hourly windows of a day read apart)', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(windowSpan(at('2026-12-03T00:00Z'), at('2026-12-10T00:00Z'))).toBe('2026-12-03 → 2026-12-10');
    expect(windowSpan(at('2026-12-06T01:00Z'), at('2026-12-06T02:00Z'))).toBe('2026-12-06 01:00 → 02:00');
    expect(windowSpan(at('2026-12-06T02:00Z'), at('2026-12-06T03:00Z'))).not.toBe(windowSpan(at('2026-12-06T01:00Z'), at('2026-12-06T02:00Z')));
    expect(windowSpan(at('2026-12-06T23:00Z'), at('2026-12-07T00:00Z'))).toBe('2026-12-06 23:00 → 2026-12-07 00:00');
  });
});

describe('series arranged for people', () => {
  const A = 'AUTO|7D|0.70-0.85';
  const B = 'BOOK|1D|0.5-0.9';
  const rows = [
    row(9, A, 'CALL', 0, { strikeMicros: 600_000, spotSeriesId: 1 }),
    row(8, A, 'PUT', 0, { strikeMicros: 500_000, spotSeriesId: 1 }),
    row(7, A, 'CALL', 0, { strikeMicros: 500_000, spotSeriesId: 1 }),
    row(6, A, 'SYNTHETIC', 0, { spotSeriesId: 1 }),
    row(5, A, 'FORWARD', 200),
    row(4, A, 'CALL', 200, { strikeMicros: 500_000, spotSeriesId: 3 }),
    row(3, A, 'SPOT', 200),
    row(1, A, 'SPOT', 0),
    row(2, B, 'SPOT', 0),
  ];

  it('groups by contract; spot first, then forwards, synthetics, and one chain line per window of options', () => {
    const groups = groupByContract(rows);
    expect(groups.map((g) => g.contract)).toEqual([A, B]);
    expect(groups[0]!.seriesCount).toBe(8);
    const lines = groups[0]!.lines.map((l) => (l.line === 'series' ? `${l.row.kind}#${l.row.seriesId}` : `chain@${l.spotSeriesId}`));
    expect(lines).toEqual(['SPOT#1', 'SPOT#3', 'FORWARD#5', 'SYNTHETIC#6', 'chain@1', 'chain@3']);
    const chain = listLines(rows).find((l) => l.line === 'chain' && l.spotSeriesId === 1);
    expect(chain).toMatchObject({ strikesMicros: [500_000, 600_000] });
    expect(expiriesOf(rows, A)).toEqual([
      { spotSeriesId: 1, expiryMs: 100 },
      { spotSeriesId: 3, expiryMs: 300 },
    ]);
  });

  it("a chain: one row per strike, ascending, its CALL and PUT (either may be missing)", () => {
    const chain = chainRows(rows.filter((r) => r.spotSeriesId === 1));
    expect(chain.map((c) => [c.strikeMicros, c.call?.seriesId, c.put?.seriesId])).toEqual([
      [500_000, 7, 8],
      [600_000, 9, undefined],
    ]);
  });
});

describe('the listing form', () => {
  it('reads columns as `name: type`, ? for nullable, with the line each is on, and names every bad line', () => {
    expect(parseColumns('user_id: string\n\nscore: number?\n')).toEqual({ columns: [{ name: 'user_id', type: 'string', nullable: false }, { name: 'score', type: 'number', nullable: true }], lines: [1, 3], bad: [] });
    expect(parseColumns('a: string\nb: float\nc')).toMatchObject({ columns: [{ name: 'a' }], bad: [{ line: 2, text: 'b: float' }, { line: 3, text: 'c' }] });
    expect(parseColumns('  ')).toEqual({ columns: [], lines: [], bad: [] });
    expect(sampleFormatOf('x.CSV')).toBe('csv');
    expect(sampleFormatOf('x.ndjson')).toBe('jsonl');
    expect(sampleFormatOf('x.parquet')).toBe('parquet');
    expect(sampleFormatOf('x.xlsx')).toBeUndefined();
  });
});

describe('patx withdraw: amounts', () => {
  it('reads PAT exactly in wei and refuses what is not a positive amount', () => {
    expect(parsePatAmount('2.5')).toBe(25n * 10n ** 17n);
    expect(parsePatAmount('0.000000000000000001')).toBe(1n);
    for (const bad of ['0', '0.0', '-1', '1e3', 'abc', '1.0000000000000000001', '']) expect(() => parsePatAmount(bad), bad).toThrow(InvalidArgumentError);
    expect(patText(25n * 10n ** 17n)).toBe('2.5000');
    expect(patText(10n ** 18n)).toBe('1.0000');
  });
});
