/**
 * Records files (src/gate/record-file.ts, record-file-read.ts, typed-records.ts): records typed
 * by a listing's schema, written as NDJSON, CSV and Parquet, read back to exactly the typed
 * records (so the statement's SHA-256 of them can be checked from the file), by our reader, by
 * independent readers (hyparquet and csv-parse as they are), and by pandas (Debian's
 * python3-pandas: CSV and NDJSON; Debian has no pyarrow, which pandas needs for Parquet).
 * Tricky values on purpose: quotes, commas and newlines, an empty string beside null, numbers
 * that were strings, -0, 1e21, lone surrogates, timestamps in three spellings; and 1,300 seeded
 * random records.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import {
  csvChunks,
  GateError,
  ndjsonChunks,
  PARQUET_DELIVERY_KEY,
  PARQUET_SIGNATURE_KEY,
  PARQUET_TEXT_KEY,
  parquetFile,
  readRecordFile,
  RecordFileError,
  recordsSha256,
  requestedFormat,
  ROWS_PER_CHUNK,
  typedRecords,
  type FileColumn,
  type FileFormat,
  type TypedRecord,
} from '../../src/gate/index.js';
import { removeDir } from '../support/exchange-fixture.js';

const COLUMNS: FileColumn[] = [
  { name: 'event_time', type: 'timestamp' },
  { name: 'household_hash', type: 'string' },
  { name: 'depart_week', type: 'integer' },
  { name: 'intent_score', type: 'number' },
  { name: 'opted_in', type: 'boolean' },
];

const RAW: unknown[] = [
  { event_time: '2026-11-28T07:00:00Z', household_hash: 'a,"b"\nc', depart_week: '12', intent_score: '0.853', opted_in: true, extra: 'left out' },
  { event_time: 1_764_313_200_123, household_hash: '', depart_week: 3.5, intent_score: -0, opted_in: 'false' },
  { household_hash: null },
  { event_time: 'Sat, 28 Nov 2026 07:00:00 GMT', household_hash: 'caf\u00e9 \ud83d\ude00 lone \ud800', depart_week: -7, intent_score: 1e21, opted_in: 'yes' },
  { event_time: 'not a time', household_hash: 42, depart_week: 'abc', intent_score: 'NaN', opted_in: false },
];

const STATEMENT = { delivery: { grantId: 7, use: 1, nonce: 'n-1', records: 5, sha256: 'ab'.repeat(32) }, deliverySignature: '0x1234', text: 'PATX delivery v1\n…' };

function fileOf(format: FileFormat, records: TypedRecord[], columns = COLUMNS): Uint8Array {
  if (format === 'parquet') return parquetFile(columns, records, STATEMENT);
  const text = [...(format === 'csv' ? csvChunks(columns, records) : ndjsonChunks(records))].join('');
  return new TextEncoder().encode(text);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-record-files-'));
afterAll(() => removeDir(dir));

describe('typed records', () => {
  it('take the schema columns in order, each value of its type, null when it is not', () => {
    const typed = typedRecords(RAW, COLUMNS);
    expect(typed[0]).toEqual({ event_time: '2026-11-28T07:00:00.000Z', household_hash: 'a,"b"\nc', depart_week: 12, intent_score: 0.853, opted_in: true });
    expect(Object.keys(typed[0]!)).toEqual(COLUMNS.map((c) => c.name));
    expect(typed[1]).toEqual({ event_time: '2025-11-28T07:00:00.123Z', household_hash: '', depart_week: null, intent_score: 0, opted_in: false });
    expect(Object.is(typed[1]!.intent_score, 0)).toBe(true);
    expect(typed[2]).toEqual({ event_time: null, household_hash: null, depart_week: null, intent_score: null, opted_in: null });
    expect(typed[3]).toEqual({ event_time: '2026-11-28T07:00:00.000Z', household_hash: 'caf\u00e9 \ud83d\ude00 lone \ufffd', depart_week: -7, intent_score: 1e21, opted_in: null });
    expect(typed[4]).toEqual({ event_time: null, household_hash: '42', depart_week: null, intent_score: null, opted_in: false });
  });
});

describe('a records file reads back to exactly its typed records', () => {
  const typed = typedRecords(RAW, COLUMNS);
  for (const format of ['ndjson', 'csv', 'parquet'] as const) {
    it(`${format}: the same records, so the same SHA-256`, async () => {
      const read = await readRecordFile(format, fileOf(format, typed), COLUMNS);
      expect(read.records).toEqual(typed);
      expect(recordsSha256(read.records)).toBe(recordsSha256(typed));
      expect(read.embedded).toEqual(format === 'parquet' ? STATEMENT : undefined);
    });
  }

  it('1,300 seeded random records round-trip in every format, across chunks', async () => {
    let x = 20261128;
    const random = (): number => {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      return x / 4294967296;
    };
    const alphabet = ['a', 'Z', ',', '"', '\n', '\r\n', ' ', '', 'é', '😀', '=', '\t', '0', '-'];
    const raw = Array.from({ length: ROWS_PER_CHUNK + 300 }, () => ({
      event_time: random() < 0.1 ? null : Math.floor(random() * 4e12),
      household_hash: random() < 0.1 ? null : Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
      depart_week: random() < 0.1 ? null : Math.floor((random() - 0.5) * 2 ** 53),
      intent_score: random() < 0.1 ? null : (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20),
      opted_in: random() < 0.1 ? null : random() < 0.5,
    }));
    const typed = typedRecords(raw, COLUMNS);
    for (const format of ['ndjson', 'csv', 'parquet'] as const) {
      const read = await readRecordFile(format, fileOf(format, typed), COLUMNS);
      expect(recordsSha256(read.records), format).toBe(recordsSha256(typed));
    }
  });

  it('an empty delivery is a file too: a header line, an empty NDJSON, a Parquet file of no rows', async () => {
    for (const format of ['ndjson', 'csv', 'parquet'] as const) expect((await readRecordFile(format, fileOf(format, []), COLUMNS)).records).toEqual([]);
    expect(new TextDecoder().decode(fileOf('csv', []))).toBe('event_time,household_hash,depart_week,intent_score,opted_in\n');
  });
});

describe('independent readers see the same typed columns', () => {
  const typed = typedRecords(RAW, COLUMNS);

  it('hyparquet: INT64, DOUBLE, BOOLEAN, STRING and TIMESTAMP_MILLIS columns; the statement in the key-value metadata', async () => {
    const bytes = fileOf('parquet', typed);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const metadata = parquetMetadata(file);
    const types = Object.fromEntries(metadata.schema.slice(1).map((e) => [e.name, [e.type, e.converted_type ?? null]]));
    expect(types).toEqual({ event_time: ['INT64', 'TIMESTAMP_MILLIS'], household_hash: ['BYTE_ARRAY', 'UTF8'], depart_week: ['INT64', null], intent_score: ['DOUBLE', null], opted_in: ['BOOLEAN', null] });
    const kv = Object.fromEntries((metadata.key_value_metadata ?? []).map((e) => [e.key, e.value]));
    expect(JSON.parse(kv[PARQUET_DELIVERY_KEY]!)).toEqual(STATEMENT.delivery);
    expect(kv[PARQUET_SIGNATURE_KEY]).toBe(STATEMENT.deliverySignature);
    expect(kv[PARQUET_TEXT_KEY]).toBe(STATEMENT.text);
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    expect(rows[0]).toEqual({ event_time: new Date('2026-11-28T07:00:00.000Z'), household_hash: 'a,"b"\nc', depart_week: 12n, intent_score: 0.853, opted_in: true });
  });

  it('csv-parse: a header of the column names, `""` apart from an empty cell', () => {
    const text = new TextDecoder().decode(fileOf('csv', typed));
    const rows = parseCsv(text) as string[][];
    expect(rows[0]).toEqual(COLUMNS.map((c) => c.name));
    expect(rows[1]).toEqual(['2026-11-28T07:00:00.000Z', 'a,"b"\nc', '12', '0.853', 'true']);
    expect(text.split('\n')[3]).toBe('2025-11-28T07:00:00.123Z,"",,0,false');
  });

  it("pandas (Debian's python3-pandas) reads the CSV and the NDJSON with the columns typed", () => {
    const python = '/usr/bin/python3';
    if (spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore' }).status !== 0) throw new Error(`pandas reads the files here: apt-get install python3-pandas (.ci/run installs it)`);
    const csvPath = path.join(dir, 'records.csv');
    const ndjsonPath = path.join(dir, 'records.ndjson');
    writeFileSync(csvPath, fileOf('csv', typed));
    writeFileSync(ndjsonPath, fileOf('ndjson', typed));
    // The snippet docs/delivery.md shows, on both files.
    const script = `
import json, sys, pandas as pd
types = {"household_hash": "string", "depart_week": "Int64", "opted_in": "boolean"}
csv = pd.read_csv(sys.argv[1], parse_dates=["event_time"], dtype=types)
nd = pd.read_json(sys.argv[2], lines=True, dtype=types, convert_dates=["event_time"])
out = {}
for name, df in (("csv", csv), ("ndjson", nd)):
    out[name] = {"rows": len(df), "dtypes": {c: str(t) for c, t in df.dtypes.items()}, "first": [str(v) for v in df.iloc[0].tolist()], "score_sum": float(df["intent_score"].sum()), "weeks": [None if pd.isna(v) else int(v) for v in df["depart_week"].tolist()]}
print(json.dumps(out))
`;
    const run = spawnSync(python, ['-c', script, csvPath, ndjsonPath], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, { rows: number; dtypes: Record<string, string>; first: string[]; score_sum: number; weeks: (number | null)[] }>;
    for (const name of ['csv', 'ndjson']) {
      const r = out[name]!;
      expect(r.rows, name).toBe(5);
      expect(r.dtypes.depart_week, name).toBe('Int64');
      expect(r.dtypes.intent_score, name).toBe('float64');
      expect(r.dtypes.opted_in, name).toBe('boolean');
      expect(r.dtypes.event_time, name).toMatch(/^datetime64\[ns(, UTC)?\]$/);
      expect(r.first.slice(1), name).toEqual(['a,"b"\nc', '12', '0.853', 'True']);
      expect(r.weeks, name).toEqual([12, null, null, -7, null]);
      expect(r.score_sum, name).toBeCloseTo(0.853 + 1e21);
    }
  });
});

describe('refusals', () => {
  it('the format is one of json, ndjson, csv, parquet, asked once; anything else is UNKNOWN_FORMAT (400)', () => {
    expect(requestedFormat('')).toBe('json');
    expect(requestedFormat('format=parquet')).toBe('parquet');
    expect(requestedFormat('other=1&format=csv')).toBe('csv');
    for (const q of ['format=xlsx', 'format=CSV', 'format=', 'format=csv&format=json']) {
      const e = (() => {
        try {
          requestedFormat(q);
        } catch (error) {
          return error as GateError;
        }
        return undefined;
      })();
      expect(e, q).toBeInstanceOf(GateError);
      expect([e!.code, e!.status], q).toEqual(['UNKNOWN_FORMAT', 400]);
    }
  });

  it('a file that does not read is a RecordFileError naming what is wrong', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    await expect(readRecordFile('csv', enc('a,b\n1,2\n'), COLUMNS)).rejects.toThrow(RecordFileError);
    await expect(readRecordFile('csv', enc('event_time,household_hash,depart_week,intent_score,opted_in\n2026-01-01T00:00:00.000Z,x,1.5,1,true\n'), COLUMNS)).rejects.toThrow(/column 'depart_week': "1.5" is not a integer/);
    await expect(readRecordFile('ndjson', enc('{"a":1}\nnot json\n'), COLUMNS)).rejects.toThrow(/NDJSON line 2 is not JSON/);
    await expect(readRecordFile('ndjson', new Uint8Array([0xff, 0xfe]), COLUMNS)).rejects.toThrow(/not UTF-8/);
    await expect(readRecordFile('parquet', enc('PAR1 not really'), COLUMNS)).rejects.toThrow(RecordFileError);
  });
});
