/**
 * One client's sample measurements do not hold the intake against everyone (an outside audit,
 * 2026-12: 8 Parquet samples of one fresh provider key, seconds each, held both workers of the
 * one FIFO queue, and every other wallet's signed request waited 12-17 s behind them). A
 * signature recovery goes ahead of every job waiting, measurements run on all workers but one,
 * and one client may have at most `maxMeasurementsPerClient` measurements waiting or running.
 * The real pool and its worker threads, as the service runs them; order is asserted, not time.
 */
import { Wallet } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_INTAKE_LIMITS, IntakeError, IntakePool } from '../../src/intake/index.js';
import type { DataSchema } from '../../src/catalog/data-schema.js';
import { createLogger } from '../../src/runtime/log.js';

let pool: IntakePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const SCHEMA: DataSchema = {
  columns: [
    { name: 'user_id', type: 'string' },
    { name: 'score', type: 'number' },
    { name: 'event_time', type: 'timestamp' },
  ],
  timestampColumn: 'event_time',
} as DataSchema;

/** A valid CSV sample of 60,000 distinct rows (~2.5 MB): a few hundred ms of a worker to measure. */
function sample(): Uint8Array {
  const lines = ['user_id,score,event_time'];
  for (let i = 0; i < 60_000; i++) lines.push(`user-${i},${(i % 1000) / 1000},2026-11-22T10:${String(i % 60).padStart(2, '0')}:00Z`);
  return Buffer.from(lines.join('\n'));
}

/** A pool of two workers, as the service runs one on this machine, warmed. */
async function twoWorkers(): Promise<IntakePool> {
  pool = new IntakePool({ ...DEFAULT_INTAKE_LIMITS, workers: 2 }, createLogger('silent'));
  await pool.ready();
  return pool;
}

/** One client's measurement of `bytes` (a preview of the sample, as a listing's page asks for). */
function preview(p: IntakePool, client: string, bytes: Uint8Array, nowMs = 0) {
  return p.run('preview', { bytes, format: 'csv', schema: SCHEMA, nowMs, maxSampleBytes: 10 * 1024 * 1024 }, { client, bytes: bytes.length });
}

describe('the intake: measurements beside signatures', () => {
  it("a signed request's recovery is answered before the measurements queued ahead of it, and a client's fifth measurement in flight is refused", async () => {
    const p = await twoWorkers();
    const bytes = sample();
    const order: string[] = [];
    const measure = (client: string, name: string) =>
      preview(p, client, bytes, Date.parse('2026-11-23T00:00:00Z')).then((measured) => {
        order.push(name);
        return measured;
      });
    // Two clients' measurements, all queued before the signature arrives (client A: the provider sending samples).
    const measurements = [measure('10.0.0.1', 'a1'), measure('10.0.0.1', 'a2'), measure('10.0.0.1', 'a3'), measure('10.0.0.1', 'a4'), measure('10.0.0.2', 'b1')];
    // A's fifth in flight is refused at once: 429, typed.
    const fifth = await preview(p, '10.0.0.1', bytes).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(fifth).toBeInstanceOf(IntakeError);
    expect(fifth).toMatchObject({ code: 'TOO_MANY_MEASUREMENTS', status: 429 });
    // Another wallet's signed request, sent after all five.
    const wallet = Wallet.createRandom();
    const text = 'GET /v1/organisations/mine';
    const signature = await wallet.signMessage(text);
    const recovered = p.run('recover', { text, signature }, { client: '10.0.0.3' }).then((signer) => {
      order.push('recover');
      return signer;
    });
    expect(await recovered).toBe(wallet.address.toLowerCase());
    const previews = await Promise.all(measurements);
    expect(previews.every((p) => p.rows.length === 10)).toBe(true);
    // The signature was answered first: not behind the samples queued before it (it was behind at least two of them).
    expect(order[0]).toBe('recover');
    expect([...order].sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'recover']);
    // Measurements answered, A may send again; nothing left counted.
    await expect(measure('10.0.0.1', 'a5')).resolves.toMatchObject({ rows: expect.any(Array) });
    expect(p.counters).toMatchObject({ queuedJobs: 0, runningJobs: 0, bytes: 0 });
  }, 120_000);

  it('with one measurement running on a worker, the other worker keeps taking signatures while more measurements wait', async () => {
    const p = await twoWorkers();
    const bytes = sample();
    const order: string[] = [];
    const measurements = ['10.0.0.1', '10.0.0.2', '10.0.0.4'].map((client, i) =>
      preview(p, client, bytes).then(() => void order.push(`m${i}`)),
    );
    expect(p.counters.runningJobs).toBe(1); // all workers but one may measure
    const wallet = Wallet.createRandom();
    const recoveries: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) {
      const text = `login ${i}`;
      const signature = await wallet.signMessage(text);
      recoveries.push(p.run('recover', { text, signature }, { client: `10.0.1.${i}` }).then(() => void order.push(`r${i}`)));
    }
    await Promise.all([...recoveries, ...measurements]);
    expect(order.slice(0, 5)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  }, 120_000);

  it("a provider's measurement waits behind no more than the one of another's that is running", async () => {
    const p = await twoWorkers();
    const bytes = sample();
    const order: string[] = [];
    const measure = (client: string, name: string) =>
      preview(p, client, bytes).then(() => void order.push(name));
    // Provider A sends four samples in a row, then provider B one: B's goes next after A's first (it was fifth in line).
    const all = [measure('10.0.0.1', 'a1'), measure('10.0.0.1', 'a2'), measure('10.0.0.1', 'a3'), measure('10.0.0.1', 'a4'), measure('10.0.0.2', 'b1')];
    await Promise.all(all);
    expect(order).toEqual(['a1', 'b1', 'a2', 'a3', 'a4']);
  }, 120_000);
});
