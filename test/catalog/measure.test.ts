/**
 * Samples: parsing (CSV, JSON Lines, Parquet), refusals with their codes, and
 * each quality metric on small hand-made samples with exact expected values.
 */
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { CatalogError, schemaSchema, type DataSchema } from '../../src/catalog/index.js';
import { isFormula, measureQuality, measureSample, parseSample } from '../../src/catalog/measure.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const DAY = 86_400_000;
const MB = 1024 * 1024;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const schema: DataSchema = schemaSchema.parse({
  columns: [
    { name: 'id', type: 'integer', nullable: false },
    { name: 'seen', type: 'timestamp' },
    { name: 'city', type: 'string' },
    { name: 'score', type: 'number' },
  ],
  timestampColumn: 'seen',
  keyColumns: ['id'],
});

async function refused(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return (error as CatalogError).code;
  }
  throw new Error('expected a CatalogError');
}

describe('parsing samples', () => {
  it('CSV with a header, JSON Lines and Parquet give the same rows', async () => {
    const csv = await parseSample(bytes('id,city\n1,oslo\n2,"lima, peru"\n'), 'csv', MB);
    expect(csv).toEqual({ columns: ['id', 'city'], rows: [['1', 'oslo'], ['2', 'lima, peru']] });
    const jsonl = await parseSample(bytes('{"id":1,"city":"oslo"}\n\n{"id":2,"city":"lima, peru"}\n'), 'jsonl', MB);
    expect(jsonl.columns).toEqual(['id', 'city']);
    expect(jsonl.rows[1]).toEqual([2, 'lima, peru']);
    const parquet = parquetWriteBuffer({ columnData: [{ name: 'id', data: [1, 2], type: 'INT32' }, { name: 'city', data: ['oslo', 'lima, peru'], type: 'STRING' }] });
    const pq = await parseSample(new Uint8Array(parquet), 'parquet', MB);
    expect(pq.columns).toEqual(['id', 'city']);
    expect(pq.rows).toEqual([[1, 'oslo'], [2, 'lima, peru']]);
  });

  it('reads UTF-8 text with or without a byte-order mark, in CSV and JSON Lines, and from a view into a larger buffer', async () => {
    const withBom = await parseSample(bytes('\ufeffid,city\n1,zürich\n2,"são paulo, br"\n'), 'csv', MB);
    expect(withBom.columns).toEqual(['id', 'city']);
    expect(withBom.rows).toEqual([['1', 'zürich'], ['2', 'são paulo, br']]);
    const jsonl = await parseSample(bytes('\ufeff{"id":1,"city":"zürich"}\n'), 'jsonl', MB);
    expect(jsonl.rows).toEqual([[1, 'zürich']]);
    const framed = bytes('xxid,city\n1,kraków\nyy');
    const view = await parseSample(framed.subarray(2, framed.length - 2), 'csv', MB);
    expect(view.rows).toEqual([['1', 'kraków']]);
  });

  it('refuses what is too large, not UTF-8, malformed or empty, each with its code', async () => {
    expect(await refused(() => parseSample(new Uint8Array(2 * MB), 'csv', MB))).toBe('SAMPLE_TOO_LARGE');
    expect(await refused(() => parseSample(new Uint8Array([0x69, 0x64, 0x0a, 0xff, 0xfe]), 'csv', MB))).toBe('NOT_UTF8');
    expect(await refused(() => parseSample(bytes('id,city\n1,oslo,extra\n'), 'csv', MB))).toBe('MALFORMED_SAMPLE');
    expect(await refused(() => parseSample(bytes('id,city\n1,"oslo\n'), 'csv', MB))).toBe('MALFORMED_SAMPLE');
    expect(await refused(() => parseSample(bytes('{"id":1}\nnot json\n'), 'jsonl', MB))).toBe('MALFORMED_SAMPLE');
    expect(await refused(() => parseSample(bytes('[1,2]\n'), 'jsonl', MB))).toBe('MALFORMED_SAMPLE');
    expect(await refused(() => parseSample(bytes('id,city\n'), 'csv', MB))).toBe('MALFORMED_SAMPLE');
    expect(await refused(() => parseSample(bytes('PAR1 not really'), 'parquet', MB))).toBe('MALFORMED_SAMPLE');
  });

  it('refuses CSV cells a spreadsheet would run as formulas, and accepts negative numbers', async () => {
    for (const cell of ['=1+1', '@SUM(A1)', '+cmd|calc', '-2+3', '\tx', '=HYPERLINK("http://x")']) {
      expect(isFormula(cell), cell).toBe(true);
      expect(await refused(() => parseSample(bytes(`id,city\n1,"${cell.replace(/"/g, '""')}"\n`), 'csv', MB))).toBe('FORMULA_INJECTION');
    }
    for (const cell of ['-3.5', '+7', 'plain', '-', 'a=b']) expect(isFormula(cell), cell).toBe(false);
    expect((await parseSample(bytes('id,score\n1,-3.5\n'), 'csv', MB)).rows[0]).toEqual(['1', '-3.5']);
  });

  it("refuses a sample whose columns are not its schema's", async () => {
    const code = await refused(() => measureSample(bytes('id,seen,town,score\n1,2026-11-22T00:00:00Z,oslo,1\n'), 'csv', schema, NOW, DAY, MB));
    expect(code).toBe('SAMPLE_SCHEMA_MISMATCH');
  });
});

describe('quality metrics', () => {
  const rows = [
    { id: '1', seen: '2026-11-22T06:00:00Z', city: 'oslo', score: '0.5' },
    { id: '2', seen: '2026-11-21T12:00:00Z', city: '', score: '0.25' }, // a null city
    { id: '2', seen: '2026-11-20T12:00:00Z', city: 'lima', score: '0.75' }, // a duplicate key
    { id: 'x', seen: 'yesterday', city: 'new-york', score: 'n/a' }, // invalid id, timestamp and score
  ];
  const m = measureQuality({ columns: ['id', 'seen', 'city', 'score'], rows: rows.map((r) => [r.id, r.seen, r.city, r.score]) }, schema, NOW, DAY);

  it('completeness: the non-null share per column, and their mean', () => {
    expect(m.perColumn.map((c) => c.completeness)).toEqual([1, 1, 0.75, 1]);
    expect(m.summary.completeness).toBeCloseTo(3.75 / 4, 12);
  });

  it('validity: rows whose every value has its declared type', () => {
    expect(m.summary.validity).toBe(0.75); // rows 1-3 valid (a null city is allowed), row 4 not
  });

  it('uniqueness: by the key columns', () => {
    expect(m.summary.uniqueness).toBe(0.75);
  });

  it('timeliness: the newest record 6 h old in a 1-day window', () => {
    expect(m.summary.timeliness).toBeCloseTo(1 - 6 / 24, 12);
    expect(measureQuality({ columns: ['id'], rows: [['1']] }, schemaSchema.parse({ columns: [{ name: 'id', type: 'integer' }] }), NOW, DAY).summary.timeliness).toBeNull();
  });

  it('consistency: the share of each column in its most common shape', () => {
    // seen: three ISO times and 'yesterday'; city: 'oslo', 'lima' (x) and 'new-york' (x-x); score: three decimals and 'n/a'
    expect(m.perColumn.map((c) => c.consistency)).toEqual([1, 0.75, 2 / 3, 0.75]);
  });

  it('accuracy is unverified without a reference sample; the preview has the first rows and column stats', () => {
    expect(m.summary.accuracy).toBeNull();
    expect(m.preview.rows[1]).toEqual({ id: '2', seen: '2026-11-21T12:00:00Z', city: null, score: '0.25' });
    expect(m.preview.columns[3]).toEqual({ name: 'score', nulls: 0, distinct: 4, min: 0.25, max: 0.75, mean: 0.5 });
  });

  it('a non-nullable column with a null makes its row invalid', () => {
    const strict = schemaSchema.parse({ columns: [{ name: 'id', type: 'integer', nullable: false }, { name: 'city', type: 'string' }] });
    const q = measureQuality({ columns: ['id', 'city'], rows: [['', 'a'], ['1', '']] }, strict, NOW, DAY);
    expect(q.summary.validity).toBe(0.5);
  });
});
