/**
 * Model feeds (docs/catalog.md, "Model feeds"): a listing whose records are a model's signals,
 * proven by the outcomes that follow them. This module holds what a provider discloses about
 * the model (the `modelFeed` block of a listing version, validated with zod), the columns its
 * records must have, and what the exchange keeps of each signal.
 */
import { z } from 'zod';
import type { DataSchema } from './data-schema.js';

export const LISTING_KINDS = ['dataset', 'model-feed'] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const prose = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');
const sha = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256: 64 lowercase hex digits');

/** A decimal PAT amount: 1 to 12 integer digits, up to 6 decimals (µPAT), above zero. */
const pat = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,11})(\.[0-9]{1,6})?$/, 'a decimal PAT amount such as "100" or "2.5" (at most 6 decimals)')
  .refine((s) => Number(s) > 0, 'more than zero');

const DAY_MS = 86_400_000;
/** The longest horizon a signal's outcome may be over, and the longest grace after it. */
export const MAX_HORIZON_MS = 366 * DAY_MS;
export const MAX_OUTCOME_GRACE_MS = 30 * DAY_MS;
/** The fewest out-of-sample signals a backtest must have been measured over. */
export const MIN_BACKTEST_SIGNALS = 30;
export const MAX_BACKTEST_CURVE_POINTS = 500;

export const modelFeedSchema = z
  .object({
    modelCard: z
      .object({
        modelId: z.string().regex(/^[a-z0-9._-]{1,64}$/, 'a model id: 1 to 64 of a-z 0-9 . _ -'),
        summary: prose(50, 2_000).meta({ description: 'what it predicts, for whom' }),
        method: prose(1, 4_000).meta({ description: 'how: features, training, walk-forward' }),
        inputs: prose(1, 2_000).meta({ description: 'what data it reads (point-in-time)' }),
        limitations: prose(1, 2_000),
        riskStatement: prose(20, 2_000).meta({ description: 'the standardized risk statement' }),
      })
      .strict(),
    lineage: z.object({ packSha: sha, indicatorSetSha: sha, modelConfigSha: sha, policySha: sha }).strict(),
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('patx-series') }).strict().meta({ description: "outcomes verified by the exchange from its own trades (a signal's instrument is a series id)" }),
      z.object({ kind: z.literal('external'), description: prose(1, 500) }).strict().meta({ description: 'outcomes reported by the provider, unverified' }),
    ]),
    horizonMs: z.number().int().min(1_000).max(MAX_HORIZON_MS).meta({ description: "a signal's outcome is known horizonMs after the signal" }),
    outcomeGraceMs: z.number().int().min(0).max(MAX_OUTCOME_GRACE_MS).meta({ description: 'outcomes are accepted until signal time + horizon + grace' }),
    notionalPat: pat.meta({ description: "the capital one right's signals are sized for, PAT" }),
    backtest: z
      .object({
        fromMs: z.number().int().min(0),
        toMs: z.number().int().min(0),
        signals: z.number().int().min(MIN_BACKTEST_SIGNALS).max(100_000_000),
        meanNetBps: z.number().min(-10_000).max(10_000),
        stdevNetBps: z.number().gt(0).max(100_000),
        hitRate: z.number().min(0).max(1),
        maxDrawdownBps: z.number().min(0).max(10_000_000),
        feesBps: z.number().min(0).max(10_000),
        curve: z
          .array(z.object({ atMs: z.number().int().min(0), cumulativeNetBps: z.number().min(-1e9).max(1e9) }).strict())
          .max(MAX_BACKTEST_CURVE_POINTS)
          .refine((c) => c.every((p, i) => i === 0 || p.atMs > c[i - 1]!.atMs), 'curve points in ascending time'),
      })
      .strict()
      .refine((b) => b.fromMs < b.toMs, { message: 'fromMs before toMs', path: ['toMs'] })
      .meta({ description: 'walk-forward, out of sample, net of the fees stated' }),
  })
  .strict()
  .meta({ id: 'ModelFeedDisclosures', description: "A model feed's disclosures: model card, lineage, target, horizon, notional, backtest net of fees (docs/catalog.md, \"Model feeds\")" });
export type ModelFeedDisclosures = z.infer<typeof modelFeedSchema>;
export type ModelFeedLineage = ModelFeedDisclosures['lineage'];

/** The columns a model feed's records (and sample) must have, with their types; the key and time are declared too. */
export const SIGNAL_COLUMNS = { signal_id: 'string', signal_time: 'timestamp', instrument: 'string', position: 'number' } as const;

/** What is wrong with a model feed's schema, each a message (none: it may carry signals). */
export function signalSchemaProblems(schema: DataSchema): string[] {
  const out: string[] = [];
  for (const [name, type] of Object.entries(SIGNAL_COLUMNS)) {
    const column = schema.columns.find((c) => c.name === name);
    if (column === undefined) out.push(`a model feed's schema has a ${type} column ${name}`);
    else if (column.type !== type) out.push(`column ${name} of a model feed is a ${type}, not a ${column.type}`);
  }
  if (schema.timestampColumn !== 'signal_time') out.push("a model feed's timestampColumn is signal_time");
  if (!(schema.keyColumns ?? []).includes('signal_id')) out.push("a model feed's keyColumns include signal_id");
  return out;
}

/**
 * The lineage as one key: performance is kept per lineage (a new model starts its own record).
 * The first 12 hex digits of each hash (no crypto here: the console bundles this module).
 */
export function lineageKey(l: ModelFeedLineage): string {
  return [l.packSha, l.indicatorSetSha, l.modelConfigSha, l.policySha].map((h) => h.slice(0, 12)).join('.');
}

/** What a new version of a published model feed may not change without the operator's review. */
export const MODEL_FEED_MATERIAL = ['modelFeed.lineage', 'modelFeed.target', 'modelFeed.horizonMs'] as const;
export type ModelFeedMaterialField = (typeof MODEL_FEED_MATERIAL)[number];

export function modelFeedMaterialChanges(live: ModelFeedDisclosures | undefined, next: ModelFeedDisclosures | undefined): ModelFeedMaterialField[] {
  if (live === undefined || next === undefined) return [];
  const out: ModelFeedMaterialField[] = [];
  if (lineageKey(live.lineage) !== lineageKey(next.lineage)) out.push('modelFeed.lineage');
  const sameTarget = live.target.kind === next.target.kind && (live.target.kind === 'patx-series' || (next.target.kind === 'external' && live.target.description === next.target.description));
  if (!sameTarget) out.push('modelFeed.target');
  if (live.horizonMs !== next.horizonMs) out.push('modelFeed.horizonMs');
  return out;
}

/** Where an outcome came from: the exchange's own trades, or the provider (unverified). */
export type OutcomeSource = 'exchange' | 'provider';

/** One signal as the exchange keeps it: stamped when it arrived, immutable; its outcome once known. */
export interface SignalRecord {
  seq: number;
  signalId: string;
  instrument: string;
  position: number;
  /** The exchange's receive time. */
  atMs: number;
  /** lineageKey of the live version when it arrived: whose record it counts in. */
  lineage: string;
  /** The live version's horizon, grace and target when it arrived: its outcome's window and check (absent on none stored so far: the live version's). */
  horizonMs?: number;
  graceMs?: number;
  target?: 'patx-series' | 'external';
  outcome?: {
    bps: number;
    source: OutcomeSource;
    atMs: number;
    /** The price paid per signal when the outcome was recorded, bps of notional. */
    costBps: number;
  };
  /** A patx-series signal with no trade on one side of its horizon: not counted. */
  void?: true;
  /** Past its deadline with no outcome (an external target): counted against the feed. */
  missing?: true;
}

/** Signals of one UTC day and lineage, folded together once their records are pruned. */
export interface DailyAggregate {
  dayStartMs: number;
  lineage: string;
  signals: number;
  outcomes: number;
  missing: number;
  sumNetBps: number;
  sumSqNetBps: number;
  hits: number;
  /** Outcomes the exchange verified (its own figure, or the provider's matching it). */
  verified: number;
}

export const signalInputSchema = z
  .object({
    signalId: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'a signal id: 1 to 64 of A-Z a-z 0-9 . _ : -'),
    instrument: z.string().min(1).max(64).refine((s) => !CONTROL.test(s), 'must not contain control characters'),
    position: z.number().min(-1).max(1),
  })
  .strict();

/** The most signals or outcomes one request carries. */
export const MAX_SIGNALS_PER_REQUEST = 1_000;

export const signalsBody = z
  .object({ signals: z.array(signalInputSchema).min(1).max(MAX_SIGNALS_PER_REQUEST) })
  .strict()
  .meta({ id: 'ModelFeedSignals', description: "A model feed's new signals (1 to 1,000), each stamped with the exchange's receive time" });

export const outcomesBody = z
  .object({ outcomes: z.array(z.object({ signalId: signalInputSchema.shape.signalId, outcomeBps: z.number().min(-1_000_000).max(1_000_000) }).strict()).min(1).max(MAX_SIGNALS_PER_REQUEST) })
  .strict()
  .meta({ id: 'ModelFeedOutcomes', description: "Realised outcomes (1 to 1,000) of past signals: the instrument's return over the horizon, bps" });
