/**
 * The CLI's output for people (issue 77): amounts in PAT with exactly 4 decimals (fields named
 * …Micros hold µPAT), a small record in a table cell as its pairs rather than JSON, cells clipped to
 * a readable width, nested records as indented sections. `--json` is not this module's.
 */
import { describe, expect, it } from 'vitest';
import { formatAlarms, formatAnswer, formatValue, patFromMicros, table } from '../../src/operator/cli-format.js';

describe('the CLI for people', () => {
  it('shows µPAT as PAT with exactly 4 decimals, rounded half away from zero, bigint strings too', () => {
    expect(patFromMicros(870_000)).toBe('0.8700');
    expect(patFromMicros(7_618_661_829)).toBe('7618.6618');
    expect(patFromMicros(7_618_661_850)).toBe('7618.6619');
    expect(patFromMicros(0)).toBe('0.0000');
    expect(patFromMicros(-1_250_050)).toBe('-1.2501');
    expect(patFromMicros(-49)).toBe('0.0000');
    expect(patFromMicros('123456789012345678901234')).toBe('123456789012345678.9012');
    expect(patFromMicros('not a number')).toBeUndefined();
  });

  it('names a µPAT column in PAT and shows a small record as its pairs, not JSON', () => {
    const out = table([
      { seriesId: 1, referencePriceMicros: 870_000, quoteLevels: { bids: 3, asks: 1 } },
      { seriesId: 2, referencePriceMicros: '1146000', quoteLevels: { bids: 3, asks: 3 } },
    ]);
    expect(out.split('\n')).toEqual([
      'seriesId  referencePrice (PAT)  quoteLevels',
      '1         0.8700                bids 3, asks 1',
      '2         1.1460                bids 3, asks 3',
    ]);
  });

  it('clips a long cell, and lays out a nested record as an indented section', () => {
    const out = table([{ id: 1, body: { text: 'x'.repeat(300) } }]);
    expect(Math.max(...out.split('\n').map((l) => l.length))).toBeLessThanOrEqual(124);
    expect(out).toContain('…');
    // A caller's own text is its own: shown whole.
    expect(table([{ id: 1, detail: 'y'.repeat(150) }])).toContain('y'.repeat(150));
    const text = formatValue({ id: 7, status: 'published', version: { number: 2, schema: { fields: [{ name: 'a' }] } }, feeMicros: 25_000 });
    expect(text.split('\n')).toEqual(['id: 7', 'status: published', 'version:', '  number: 2', '  schema:', '    fields:', '    name', '    a', 'fee (PAT): 0.0250']);
  });

  it('shows a moment (…AtMs, …UntilMs) as a UTC time and 0 as -, and leaves durations (…Ms) as numbers', () => {
    expect(table([{ seriesId: 1, closeAtMs: Date.UTC(2026, 11, 3), mmpFrozenUntilMs: 0, tickMs: 500 }]).split('\n')).toEqual([
      'seriesId  closeAt                  mmpFrozenUntil  tickMs',
      '1         2026-12-03 00:00:00 UTC  -               500',
    ]);
    expect(formatValue({ settledAtMs: Date.UTC(2026, 10, 27, 23, 41, 7, 450) })).toBe('settledAt: 2026-11-27 23:41:07 UTC');
  });

  it("names an operator answer's camelCase fields in words: capitals for a table's header, lower case in a record, PAT kept", () => {
    const series = formatAnswer(JSON.stringify([{ seriesId: 1, mmpFrozenUntilMs: 0, referencePriceMicros: 870_000, quoteLevels: { bidLevels: 3 } }]));
    expect(series.split('\n')).toEqual([
      'SERIES ID  MMP FROZEN UNTIL  REFERENCE PRICE (PAT)  QUOTE LEVELS',
      '1          -                 0.8700                 bid levels 3',
    ]);
    expect(formatAnswer(JSON.stringify({ inventoryCostMicros: 34_619_000, boughtQty: 164, series: [{ seriesId: 3 }] })).split('\n')).toEqual([
      'inventory cost (PAT): 34.6190',
      'bought qty: 164',
      'series:',
      'SERIES ID',
      '3',
    ]);
    expect(formatAnswer('not json')).toBe('not json');
  });

  it("alarms: times as the other commands print them (2026-12-05 22:21:01 UTC), not ISO 8601", () => {
    const at = Date.UTC(2026, 11, 5, 22, 21, 1, 897);
    const text = formatAlarms(JSON.stringify({ active: 1, critical: 1, alarms: [{ active: true, severity: 'critical', name: 'embedded-chain-exited', subject: '', firstAtMs: at, lastAtMs: at + 60_000, count: 1, summary: 'gone' }] }));
    expect(text).toContain('2026-12-05 22:21:01 UTC');
    expect(text).toContain('2026-12-05 22:22:01 UTC');
    expect(text).not.toMatch(/\dT\d/);
  });
});
