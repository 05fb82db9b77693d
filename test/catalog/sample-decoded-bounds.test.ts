/**
 * What a sample may decode to, not only what it weighs (an outside audit, 2026-12: a ~5 KB
 * Parquet sample decoded to 1,000,000 rows, 4.7 s and ~300 MB of an intake worker; 8 of them
 * from one fresh provider key held both workers, and every other wallet's signed request
 * waited 12-17 s). The 10 MiB cap bounds the bytes sent; these bound the rows and what a
 * Parquet sample expands to, checked from its footer and page headers before it is decoded
 * (docs/catalog.md, "Listings").
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { MAX_SAMPLE_ROWS, parseSample } from '../../src/catalog/measure.js';
import { CatalogError } from '../../src/catalog/catalog-error.js';

const MAX_BYTES = 10 * 1024 * 1024;
const USER = 'u'.repeat(60);

function parquet(rows: number, user = USER): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'user_id', data: new Array<string>(rows).fill(user), type: 'STRING' },
        { name: 'score', data: new Float64Array(rows).fill(0.5), type: 'DOUBLE' },
        { name: 'event_time', data: new Array<string>(rows).fill('2026-11-22T10:00:00Z'), type: 'STRING' },
      ],
    } as Parameters<typeof parquetWriteBuffer>[0]),
  );
}

async function refusal(bytes: Uint8Array, format: 'parquet' | 'csv' | 'jsonl'): Promise<CatalogError> {
  try {
    await parseSample(bytes, format, MAX_BYTES);
  } catch (error) {
    return error as CatalogError;
  }
  throw new Error('the sample was accepted');
}

describe('samples are bounded by what they decode to', () => {
  it('a ~5 KB Parquet file declaring 1,000,000 rows is refused from its footer, SAMPLE_TOO_LARGE naming the limit, without being decoded', async () => {
    const bytes = parquet(1_000_000);
    expect(bytes.length).toBeLessThan(64 * 1024);
    const started = process.cpuUsage();
    const e = await refusal(bytes, 'parquet');
    const cpuMs = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1000;
    expect(e).toBeInstanceOf(CatalogError);
    expect(e.code).toBe('SAMPLE_TOO_LARGE');
    expect(e.message).toContain(`${MAX_SAMPLE_ROWS} rows`);
    expect(e.details).toMatchObject({ limit: MAX_SAMPLE_ROWS, declared: 1_000_000 });
    // Decoding it whole took seconds; the footer and page headers are read in milliseconds (a generous bound for a busy machine).
    expect(cpuMs).toBeLessThan(1_000);
  }, 120_000);

  it('a ~1.5 KB Parquet file of 150,000 rows (within the rows, ~13 MB as CSV) is refused: it decodes to more than the 10 MiB cap as text', async () => {
    const rows = 150_000;
    const bytes = parquet(rows);
    expect(bytes.length).toBeLessThan(64 * 1024);
    expect(rows * `${USER},0.5,2026-11-22T10:00:00Z\n`.length).toBeGreaterThan(MAX_BYTES);
    const e = await refusal(bytes, 'parquet');
    expect(e.code).toBe('SAMPLE_TOO_LARGE');
    expect(e.message).toContain(`${MAX_BYTES} bytes as text`);
  }, 120_000);

  it('a Parquet sample within the bounds is decoded whole, as before', async () => {
    const sample = await parseSample(parquet(50_000, 'u1'), 'parquet', MAX_BYTES);
    expect(sample.columns).toEqual(['user_id', 'score', 'event_time']);
    expect(sample.rows.length).toBe(50_000);
    expect(sample.rows[49_999]).toEqual(['u1', 0.5, '2026-11-22T10:00:00Z']);
  }, 60_000);

  it(`a CSV sample of more than ${MAX_SAMPLE_ROWS} rows is refused (10 MiB of "1\\n" was 5,000,000 rows: 10 s and 1 GB)`, async () => {
    const e = await refusal(Buffer.from('a\n' + '1\n'.repeat(5_000_000)), 'csv');
    expect(e.code).toBe('SAMPLE_TOO_LARGE');
    expect(e.message).toContain(`${MAX_SAMPLE_ROWS} rows`);
    const atLimit = await parseSample(Buffer.from('a\n' + '1\n'.repeat(MAX_SAMPLE_ROWS)), 'csv', MAX_BYTES);
    expect(atLimit.rows.length).toBe(MAX_SAMPLE_ROWS);
  }, 60_000);

  it(`a JSON Lines sample of more than ${MAX_SAMPLE_ROWS} rows is refused`, async () => {
    const e = await refusal(Buffer.from('{"a":1}\n'.repeat(1_000_000)), 'jsonl');
    expect(e.code).toBe('SAMPLE_TOO_LARGE');
    expect(e.message).toContain(`${MAX_SAMPLE_ROWS} rows`);
    const atLimit = await parseSample(Buffer.from('{"a":1}\n'.repeat(MAX_SAMPLE_ROWS)), 'jsonl', MAX_BYTES);
    expect(atLimit.rows.length).toBe(MAX_SAMPLE_ROWS);
  }, 60_000);
});
