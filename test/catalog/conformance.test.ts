/**
 * Conformance of delivered records with the listing: the demo provider's records for
 * AUTO_INTENT measured against the sample's quality conform; records that drop a column,
 * add one, null a required column, repeat themselves or come empty diverge, each named.
 */
import { describe, expect, it } from 'vitest';
import { conformanceOf, CONFORMANCE_TOLERANCE } from '../../src/catalog/conformance.js';
import type { DataSchema } from '../../src/catalog/listing.js';
import { measureQuality } from '../../src/catalog/measure.js';
import { recordsAsSample } from '../../src/catalog/conformance.js';
import { demoRecords } from '../../src/demo/index.js';

const NOW = Date.UTC(2026, 10, 26, 12);
const WEEK = 7 * 86_400_000;
const schema: DataSchema = {
  columns: [
    { name: 'event_time', type: 'timestamp', nullable: false },
    { name: 'household_hash', type: 'string', nullable: false },
    { name: 'make', type: 'string', nullable: true },
    { name: 'region', type: 'string', nullable: true },
    { name: 'intent_score', type: 'number', nullable: true },
  ],
  timestampColumn: 'event_time',
  keyColumns: ['household_hash'],
};
const records = (first: number, count: number) => demoRecords('AUTO_INTENT', first, count, NOW)!;
const promised = measureQuality(recordsAsSample(records(0, 200)), schema, NOW, WEEK).summary;

describe('conformance of delivered records', () => {
  it('records from the same generator as the sample conform', () => {
    const v = conformanceOf(records(1_000_000, 25), schema, promised, NOW, WEEK);
    expect(v).toMatchObject({ conforms: true, rows: 25, divergences: [] });
    expect(v.measured!.validity).toBe(1);
  });

  it("records stamped outside the window sold diverge by 'window' (an example provider's were dated 1973 and conformed); the demo's, within it, conform", () => {
    const sold = { openMs: NOW - 2 * 86_400_000, closeMs: NOW + 5 * 86_400_000 };
    expect(conformanceOf(records(1_000_000, 25), schema, promised, NOW, WEEK, sold)).toMatchObject({ conforms: true, divergences: [] });
    const stale = records(0, 25).map((r) => ({ ...r, event_time: new Date(Date.UTC(1973, 8, 5)).toISOString() }));
    const v = conformanceOf(stale, schema, promised, NOW, WEEK, sold);
    expect(v.conforms).toBe(false);
    expect(v.divergences.map((d) => d.metric)).toEqual(['window']);
    expect(v.divergences[0]).toMatchObject({ promised: 1, delivered: 0 });
    // From the future too (after now, within the window), and a tenth off is within the tolerance.
    const ahead = records(0, 25).map((r, i) => (i < 5 ? { ...r, event_time: new Date(NOW + 3_600_000).toISOString() } : r));
    expect(conformanceOf(ahead, schema, promised, NOW, WEEK, sold).divergences.map((d) => d.metric)).toEqual(['window']);
    const fewOff = records(0, 25).map((r, i) => (i < 2 ? { ...r, event_time: new Date(Date.UTC(1973, 8, 5)).toISOString() } : r));
    expect(conformanceOf(fewOff, schema, promised, NOW, WEEK, sold).divergences.map((d) => d.metric)).not.toContain('window');
    // An hour's window carries the day's signals: the demo's, stamped up to 6 hours back, conform (they were flagged).
    const hour = { openMs: NOW - 1_800_000, closeMs: NOW + 1_800_000 };
    expect(conformanceOf(records(2_000_000, 25), schema, promised, NOW, WEEK, hour).divergences.map((d) => d.metric)).not.toContain('window');
    // Without the window (or without a timestamp column) nothing is said of it.
    expect(conformanceOf(stale, schema, promised, NOW, WEEK).divergences.map((d) => d.metric)).not.toContain('window');
  });

  it('a dropped or an undeclared column is a schema divergence, and nothing is measured', () => {
    const dropped = records(0, 25).map(({ intent_score: _drop, ...rest }) => rest);
    const v = conformanceOf(dropped, schema, promised, NOW, WEEK);
    expect(v.conforms).toBe(false);
    expect(v.measured).toBeNull();
    expect(v.divergences).toEqual([expect.objectContaining({ metric: 'schema', message: expect.stringContaining('missing intent_score') })]);
    const extra = records(0, 25).map((r) => ({ ...r, email: 'someone@example.com' }));
    expect(conformanceOf(extra, schema, promised, NOW, WEEK).divergences[0]).toMatchObject({ metric: 'schema', message: expect.stringContaining('undeclared email') });
  });

  it('nulls in a required column and repeated records diverge on the metrics they move', () => {
    const nulled = records(0, 25).map((r, i) => (i % 2 === 0 ? { ...r, household_hash: '' } : r));
    const v = conformanceOf(nulled, schema, promised, NOW, WEEK);
    expect(v.conforms).toBe(false);
    expect(v.divergences.map((d) => d.metric)).toContain('validity');
    const one = records(0, 1)[0]!;
    const repeated = Array.from({ length: 25 }, () => ({ ...one }));
    const r = conformanceOf(repeated, schema, promised, NOW, WEEK);
    expect(r.divergences.find((d) => d.metric === 'uniqueness')).toMatchObject({ promised: promised.uniqueness, delivered: 1 - 24 / 25 });
  });

  it('within the tolerance is not a divergence; past it is', () => {
    // One bad row in 25 costs 0.04 of validity (within 0.1); three in 25 cost 0.12.
    const bad = (n: number) => records(0, 25).map((r, i) => (i < n ? { ...r, intent_score: 'high' } : r));
    expect(conformanceOf(bad(1), schema, promised, NOW, WEEK).conforms).toBe(true);
    expect(1 - 3 / 25).toBeLessThan(promised.validity - CONFORMANCE_TOLERANCE);
    expect(conformanceOf(bad(3), schema, promised, NOW, WEEK).divergences.map((d) => d.metric)).toContain('validity');
  });

  it('no records at all diverge', () => {
    expect(conformanceOf([], schema, promised, NOW, WEEK)).toMatchObject({ conforms: false, rows: 0, divergences: [{ metric: 'empty' }] });
  });
});
