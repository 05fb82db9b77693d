/**
 * Conformance: do the records a provider's gate delivered match the listing they were sold
 * under? The sample's measured quality is the provider's promise; delivered records are
 * measured the same way (src/catalog/measure.ts) and compared with it. A record set that
 * misses declared columns, carries undeclared ones, or falls more than CONFORMANCE_TOLERANCE
 * below the sample on validity, completeness, uniqueness or consistency diverges.
 *
 * Timeliness is not compared with the sample (its age says nothing of a window's records), but
 * the records are held to the window they were sold for: more than CONFORMANCE_TOLERANCE of them
 * stamped more than the window's own length (at least a day) before its open, or after its close (or now), diverge
 * (`window`; an example provider's records were dated 1973 and conformed). Accuracy needs a
 * reference sample. Pure: the caller checks where the records come from (a provider-signed
 * delivery statement) before they may move trust.
 */
import { CatalogError } from './catalog-error.js';
import type { DataSchema, QualitySummary } from './data-schema.js';
import { checkAgainstSchema, measureQuality, timestampMs, type ParsedSample } from './measure.js';

/** How far below the sample a delivered metric may fall before it diverges (absolute, metrics in [0, 1]). */
export const CONFORMANCE_TOLERANCE = 0.1;

/** The metrics compared, in the order a divergence lists them. */
export const CONFORMANCE_METRICS = ['validity', 'completeness', 'uniqueness', 'consistency'] as const;
export type ConformanceMetric = (typeof CONFORMANCE_METRICS)[number];

export interface Divergence {
  /** 'signals': a model feed's delivered signal that was never committed, or committed otherwise (src/catalog/model-feeds.ts). */
  /** 'window': records stamped outside the window the rights were sold for. */
  metric: ConformanceMetric | 'schema' | 'empty' | 'signals' | 'window';
  /** What the sample measured (the promise); absent for schema and empty. */
  promised?: number;
  delivered?: number;
  message: string;
}

export interface ConformanceVerdict {
  conforms: boolean;
  rows: number;
  /** The delivered records' quality (null when the columns did not match, so nothing could be measured). */
  measured: QualitySummary | null;
  divergences: Divergence[];
}

/** A schema declares at most 1,000 columns: records naming more diverge whatever the rest, so reading stops there. */
const MAX_COLUMNS = 1_001;

/** Delivered records (JSON objects) as a parsed sample: columns in first-seen order. */
export function recordsAsSample(records: readonly Record<string, unknown>[]): ParsedSample {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      if (columns.length === MAX_COLUMNS) break;
      seen.add(k);
      columns.push(k);
    }
  }
  return { columns, rows: records.map((r) => columns.map((c) => r[c])) };
}

/** The contract window delivered records were sold for (the grant's), ms since the epoch. */
export interface SoldWindow {
  openMs: number;
  closeMs: number;
}

/** How far after the window's close (or now) a record may be stamped: clocks differ. */
const STAMP_SLACK_MS = 5 * 60_000;
/** How far before its open a window's records may have been observed, at least: a day, so an hour's window may carry the day's signals. */
const LOOKBACK_FLOOR_MS = 86_400_000;

/**
 * The share of records stamped where the window they were sold for could hold them: from one window length
 * before its open, and at least a day (the data a window sells may have been observed before it began: an hour's
 * window carries the day's signals), to its close or now, whichever is first. Undefined when the schema names no timestamp column. Records whose stamp does not read are the
 * validity metric's.
 */
function shareInWindow(records: readonly Record<string, unknown>[], column: string | undefined, sold: SoldWindow, nowMs: number): number | undefined {
  if (column === undefined) return undefined;
  const from = sold.openMs - Math.max(sold.closeMs - sold.openMs, LOOKBACK_FLOOR_MS);
  const to = Math.min(sold.closeMs, nowMs) + STAMP_SLACK_MS;
  let stamped = 0;
  let inside = 0;
  for (const r of records) {
    const t = timestampMs(r[column]);
    if (t === undefined) continue;
    stamped++;
    if (t >= from && t <= to) inside++;
  }
  return stamped === 0 ? undefined : inside / stamped;
}

/** Measures delivered records against the listing version's schema and the sample's quality, and, given `sold`, the window they were sold for. */
export function conformanceOf(records: readonly Record<string, unknown>[], schema: DataSchema, promised: QualitySummary, nowMs: number, windowMs: number, sold?: SoldWindow): ConformanceVerdict {
  if (records.length === 0) return { conforms: false, rows: 0, measured: null, divergences: [{ metric: 'empty', message: 'no records were delivered' }] };
  const sample = recordsAsSample(records);
  try {
    checkAgainstSchema(sample, schema);
  } catch (e) {
    if (!(e instanceof CatalogError)) throw e;
    return { conforms: false, rows: records.length, measured: null, divergences: [{ metric: 'schema', message: e.message }] };
  }
  const measured = measureQuality(sample, schema, nowMs, windowMs).summary;
  const divergences: Divergence[] = [];
  for (const metric of CONFORMANCE_METRICS) {
    const p = promised[metric];
    const d = measured[metric];
    if (d < p - CONFORMANCE_TOLERANCE) {
      divergences.push({ metric, promised: p, delivered: d, message: `${metric} ${d.toFixed(3)} delivered, ${p.toFixed(3)} in the sample` });
    }
  }
  const inWindow = sold === undefined ? undefined : shareInWindow(records, schema.timestampColumn, sold, nowMs);
  if (inWindow !== undefined && inWindow < 1 - CONFORMANCE_TOLERANCE) {
    const when = (ms: number): string => new Date(ms).toISOString();
    divergences.push({ metric: 'window', promised: 1, delivered: inWindow, message: `${((1 - inWindow) * 100).toFixed(0)}% of the records are stamped outside the window sold (${when(sold!.openMs)} to ${when(sold!.closeMs)}, observed from one window length, at least a day, before its open)` });
  }
  return { conforms: divergences.length === 0, rows: records.length, measured, divergences };
}

/** The intake's task (src/intake/tasks.ts): measuring is done off the engine's thread. */
export interface ConformanceTask {
  /** The records, or their canonical bytes (UTF-8 JSON of the array: conformance evidence as the intake read it), parsed where the task runs. */
  records: readonly Record<string, unknown>[] | Uint8Array;
  schema: DataSchema;
  promised: QualitySummary;
  nowMs: number;
  windowMs: number;
  /** The window the records were sold for (the grant's); absent: not checked. */
  sold?: SoldWindow;
}

export function conformanceOfTask(t: ConformanceTask): ConformanceVerdict {
  return conformanceOf(recordsOf(t.records), t.schema, t.promised, t.nowMs, t.windowMs, t.sold);
}

/** Records given as an array, or as the canonical bytes of one (checked an array of objects when read: src/intake/evidence.ts). */
export function recordsOf(records: readonly Record<string, unknown>[] | Uint8Array): readonly Record<string, unknown>[] {
  if (!(records instanceof Uint8Array)) return records;
  return JSON.parse(new TextDecoder().decode(records)) as Record<string, unknown>[];
}
