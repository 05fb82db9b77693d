/**
 * The broker's quote over the period: which samples are a price, and their time-weighted
 * mid. Samples are equally spaced, so each stands for the same length of time and the
 * time-weighted mid is the plain mean of the usable samples' mids.
 */
import type { QuoteSample } from './inputs.js';
import { BPS, divRoundHalfUp } from './rounding.js';

export interface SampleCounts {
  /** Both sides quoted, not crossed, spread within maxSpreadBps: these make the mid. */
  readonly twoSided: number;
  /** A side (or both) missing. */
  readonly oneSided: number;
  /** Both sides, but the spread wider than maxSpreadBps. */
  readonly wide: number;
  /** Bid above ask: the broker's two books never meet, so this can be held, but it is no price. */
  readonly crossed: number;
}

export interface QuoteMid extends SampleCounts {
  /** round(Σ(bid + ask) / (2 × twoSided)) over two-sided samples; null without any. */
  readonly twapMidMicros: number | null;
}

export type SampleClass = keyof SampleCounts;

/**
 * Whether a sample is a price. The spread test is (ask − bid) / ((ask + bid) / 2) ≤
 * maxSpreadBps / 10⁴, multiplied out so that it stays in integers.
 */
export function classifySample(sample: QuoteSample, maxSpreadBps: number): SampleClass {
  const bid = BigInt(sample.bidMicros);
  const ask = BigInt(sample.askMicros);
  if (bid === 0n || ask === 0n) return 'oneSided';
  if (bid > ask) return 'crossed';
  if ((ask - bid) * 2n * BPS > BigInt(maxSpreadBps) * (ask + bid)) return 'wide';
  return 'twoSided';
}

export function timeWeightedMid(samples: readonly QuoteSample[], maxSpreadBps: number): QuoteMid {
  const counts = { twoSided: 0, oneSided: 0, wide: 0, crossed: 0 };
  let sumBidPlusAsk = 0n;
  for (const sample of samples) {
    const kind = classifySample(sample, maxSpreadBps);
    counts[kind]++;
    if (kind === 'twoSided') sumBidPlusAsk += BigInt(sample.bidMicros) + BigInt(sample.askMicros);
  }
  // Halving the sum once at the end, not each mid, keeps half-µPAT mids exact.
  const twapMidMicros = counts.twoSided === 0 ? null : Number(divRoundHalfUp(sumBidPlusAsk, 2n * BigInt(counts.twoSided)));
  return { ...counts, twapMidMicros };
}
