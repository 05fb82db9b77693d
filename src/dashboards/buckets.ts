/**
 * The time window a dashboard asks for (pure): hour or day buckets aligned to the Unix epoch (a day
 * starts at 00:00 UTC), `from` floored and `to` ceiled to a bucket's edge, at most MAX_BUCKETS of
 * them. A stranger cannot ask for a million buckets: a wider window is refused by name before
 * anything is read.
 */
import { HOUR_MS } from './figures.js';

export const BUCKETS = ['hour', 'day'] as const;
export type BucketName = (typeof BUCKETS)[number];
export const BUCKET_MS: Readonly<Record<BucketName, number>> = { hour: HOUR_MS, day: 24 * HOUR_MS };
/** The most buckets one read answers: 31 days of hours, or 366 days. */
export const MAX_BUCKETS: Readonly<Record<BucketName, number>> = { hour: 744, day: 366 };
/** What a read covers when it names no `from`: the last two days of hours, the last 30 days. */
export const DEFAULT_BUCKETS: Readonly<Record<BucketName, number>> = { hour: 48, day: 30 };

export interface BucketWindow {
  bucket: BucketName;
  bucketMs: number;
  /** The first bucket's start. */
  fromMs: number;
  /** The end of the last bucket (exclusive). */
  toMs: number;
  /** Each bucket's start, oldest first. */
  starts: number[];
}

/** Why a window was refused: its code and the limits, for the caller. */
export class WindowRefusal extends Error {
  constructor(
    readonly code: 'TOO_MANY_BUCKETS' | 'EMPTY_WINDOW',
    message: string,
    readonly details: Record<string, number | string>,
  ) {
    super(message);
    this.name = 'WindowRefusal';
  }
}

/** The window of `bucket`s from `fromMs` to `toMs` (default: now, and DEFAULT_BUCKETS before it), or a refusal. */
export function bucketWindow(bucket: BucketName, nowMs: number, fromMs?: number, toMs?: number): BucketWindow {
  const size = BUCKET_MS[bucket];
  const end = Math.ceil((toMs ?? nowMs + 1) / size) * size;
  const start = Math.floor((fromMs ?? end - DEFAULT_BUCKETS[bucket] * size) / size) * size;
  if (end <= start) throw new WindowRefusal('EMPTY_WINDOW', '`to` must be after `from`', { fromMs: start, toMs: end });
  const count = (end - start) / size;
  if (count > MAX_BUCKETS[bucket]) {
    throw new WindowRefusal('TOO_MANY_BUCKETS', `at most ${MAX_BUCKETS[bucket]} ${bucket} buckets in one read (this window has ${count}): ask for a shorter window or a longer bucket`, { bucket, buckets: count, maxBuckets: MAX_BUCKETS[bucket] });
  }
  const starts: number[] = [];
  for (let t = start; t < end; t += size) starts.push(t);
  return { bucket, bucketMs: size, fromMs: start, toMs: end, starts };
}

/** Hourly records summed into the window's buckets (every bucket present, zero where nothing moved). */
export function sumIntoBuckets<F extends string>(w: BucketWindow, fields: readonly F[], hours: ReadonlyArray<{ hourMs: number; figures: Record<F, number> }>): Array<Record<F, number> & { startMs: number }> {
  const out = w.starts.map((startMs) => {
    const row = { startMs } as Record<F, number> & { startMs: number };
    for (const f of fields) (row as Record<F, number>)[f] = 0;
    return row;
  });
  for (const { hourMs, figures } of hours) {
    const row = out[Math.floor((hourMs - w.fromMs) / w.bucketMs)];
    if (row === undefined) continue;
    for (const f of fields) (row as Record<F, number>)[f] += figures[f];
  }
  return out;
}

/** A bucket's value of a sampled figure: the newest sample at or before the bucket's end, carried forward (undefined before the first). */
export function carryForward<T>(w: BucketWindow, before: T | undefined, samples: ReadonlyArray<{ hourMs: number; sample: T }>): Array<T | undefined> {
  const out: Array<T | undefined> = [];
  let last = before;
  let i = 0;
  for (const startMs of w.starts) {
    const endMs = startMs + w.bucketMs;
    while (i < samples.length && samples[i]!.hourMs < endMs) last = samples[i++]!.sample;
    out.push(last);
  }
  return out;
}
