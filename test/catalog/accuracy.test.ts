/** Accuracy against a reference sample (src/catalog/accuracy.ts): matching by key, comparing under each column's type. */
import { describe, expect, it } from 'vitest';
import { measureAccuracy } from '../../src/catalog/accuracy.js';
import { CatalogError, type DataSchema } from '../../src/catalog/index.js';

const schema: DataSchema = {
  columns: [
    { name: 'id', type: 'integer', nullable: true },
    { name: 'seen', type: 'timestamp', nullable: true },
    { name: 'score', type: 'number', nullable: true },
    { name: 'active', type: 'boolean', nullable: true },
    { name: 'city', type: 'string', nullable: true },
  ],
  keyColumns: ['id'],
};
const columns = ['id', 'seen', 'score', 'active', 'city'];

describe('accuracy', () => {
  it('matches records by key and compares each column under its type', () => {
    const sample = { columns, rows: [
      ['1', '2026-11-22T10:00:00Z', '0.1', 'true', 'oslo'],
      ['2', '2026-11-22T11:00:00Z', '0.30000000000000004', '0', 'lima'],
      ['3', '2026-11-22T12:00:00Z', '0.5', '1', 'kyiv'],
      ['4', '', '', 'false', ''],
    ] };
    // The same facts written differently (JSON Lines types, epoch ms, trailing spaces), one wrong city, one record the sample lacks.
    const reference = { columns: ['city', 'id', 'seen', 'score', 'active'], rows: [
      ['oslo ', 1, Date.parse('2026-11-22T10:00:00Z'), 0.1, true],
      ['lima', 2, '2026-11-22T11:00:00.000Z', 0.3, false],
      ['tokyo', 3, '2026-11-22T12:00:00Z', 0.5, true],
      [null, 4, null, null, 0],
      ['rome', 99, '2026-11-22T12:00:00Z', 0.5, true],
    ] };
    expect(measureAccuracy(sample, reference, schema)).toEqual({ accuracy: 3 / 4, coverage: 4 / 5, matched: 3, compared: 4, referenceRows: 5 });
  });

  it('is unverified (null) when no reference key is in the sample, and needs key columns', () => {
    const sample = { columns, rows: [['1', '2026-11-22T10:00:00Z', '0.1', 'true', 'oslo']] };
    const reference = { columns, rows: [['2', '2026-11-22T10:00:00Z', '0.1', 'true', 'oslo']] };
    expect(measureAccuracy(sample, reference, schema)).toMatchObject({ accuracy: null, coverage: 0, compared: 0 });
    expect(() => measureAccuracy(sample, reference, { ...schema, keyColumns: [] })).toThrow(CatalogError);
  });
});
