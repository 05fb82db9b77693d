/**
 * Each listing's trust score and its components over time (issue 81, item 3): sampled, not derived
 * from the journal. Trust reads the catalog (quality, ratings, disclosures), the grant ledger's
 * delivery counts and the clock (cadence adherence), none of which the journal holds, and a score is
 * not kept when it moves; so the service samples every published listing's score on a timer and
 * keeps the newest sample of each hour, in LMDB under `<dataDir>/trust-history` (beside the journal,
 * so a restart keeps it; its hours before the first sample have no value). One record per
 * (listing, hour): a read of N hours reads at most N records per listing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import type { TrustScore } from '../catalog/index.js';
import { HOUR_MS } from './figures.js';

/** The components a sample keeps, in this order (performance: a model feed's; NaN on a dataset). */
export const TRUST_FIELDS = ['trust', 'quality', 'rating', 'ratings', 'reliability', 'disclosure', 'performance'] as const;
export type TrustSample = Record<(typeof TRUST_FIELDS)[number], number | null>;

/** How often the service samples every published listing's trust. */
export const TRUST_SAMPLE_MS = 10 * 60_000;

type SampleKey = [listingId: number, hourMs: number];

export class TrustHistory {
  private lastWrite: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly env: RootDatabase,
    private readonly samples: Database<Buffer, SampleKey>,
  ) {}

  static open(dataDir: string): TrustHistory {
    const dir = join(dataDir, 'trust-history');
    mkdirSync(dir, { recursive: true });
    const env = openStore({ path: dir, maxDbs: 1 });
    return new TrustHistory(env, env.openDB<Buffer, SampleKey>({ name: 'samples', encoding: 'binary' }));
  }

  /** Keeps `scores` as their listings' samples of the hour of `nowMs` (a later sample in the hour replaces it). */
  record(scores: ReadonlyArray<{ listingId: number; score: TrustScore }>, nowMs: number): Promise<unknown> {
    const hourMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
    for (const { listingId, score } of scores) {
      const values = TRUST_FIELDS.map((f) => score[f] ?? Number.NaN);
      this.lastWrite = this.samples.put([listingId, hourMs], Buffer.from(Float64Array.from(values).buffer));
    }
    return this.lastWrite;
  }

  /** A listing's hourly samples in [fromMs, toMs), oldest first, and the newest sample before `fromMs` (what the range starts from). */
  async samplesOf(listingId: number, fromMs: number, toMs: number): Promise<{ before: TrustSample | undefined; hours: Array<{ hourMs: number; sample: TrustSample }> }> {
    await this.lastWrite;
    let before: TrustSample | undefined;
    for (const { value } of this.samples.getRange({ start: [listingId, fromMs - 1], end: [listingId, -1], reverse: true, limit: 1 })) before = sampleOf(value);
    const hours = [...this.samples.getRange({ start: [listingId, fromMs], end: [listingId, toMs] })].map(({ key, value }) => ({ hourMs: key[1], sample: sampleOf(value) }));
    return { before, hours };
  }

  async close(): Promise<void> {
    await this.lastWrite;
    await this.env.close();
  }
}

function sampleOf(value: Buffer): TrustSample {
  const out = {} as TrustSample;
  TRUST_FIELDS.forEach((f, i) => {
    const v = value.readDoubleLE(i * 8);
    out[f] = Number.isNaN(v) ? null : v;
  });
  return out;
}
