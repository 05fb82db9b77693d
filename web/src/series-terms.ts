/**
 * A series' terms by id, closed ones too. The market store (market.ts) and a session's series list hold only the
 * live series (GET /v1/series and the SeriesQuery leave expired ones out), so a link or a row naming a series whose
 * window has closed (a purchase, a sale, a grant) had nothing to show for it but its id. GET /v1/series/{id} answers
 * expired series too: read once per id, kept for the page's life (a series' contract, kind and window never change;
 * a status read as EXPIRED stays so, a live one is read again after a minute). A cash-settled series' settlement index is read beside it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SeriesInfo } from '../../src/client/trading-client.js';
import type { SeriesRow } from './market.js';
import { wire } from '../../src/proto/index.js';

/** What GET /v1/series/{id} says of a series that this page uses (strings as the API names them). */
export interface SeriesTerms extends Pick<SeriesRow, 'seriesId' | 'contract' | 'kind' | 'status' | 'openAtMs' | 'closeAtMs'> {
  /** A forward's delivery state (DELIVERY_PENDING … DELIVERED), when the API gives one. */
  delivery?: string;
  /** A cash-settled series once expired: the index it settled on, µPAT, and when that was published (when known). */
  settlement?: { indexMicros: number; publishedAtMs?: number };
}

/** What a page says of an id the exchange never listed (GET /v1/series/{id} answered 404). */
export function neverListed(seriesId: number): string {
  return `No series ${seriesId}: the exchange has never listed a series with this id.`;
}

/** Where a lookup stands: read, never listed (404), or failed with the reason (tried again after a while). */
export type SeriesLookup = { state: 'loading' } | { state: 'found'; terms: SeriesTerms } | { state: 'unknown' } | { state: 'failed'; reason: string };

/** A failed read is tried again once this long has passed (a 429 or a restart is brief). */
const RETRY_AFTER_MS = 10_000;
/** A series read as live is read again after this long: it may have expired since. */
const LIVE_FOR_MS = 60_000;
/** Reads at once: a provider's page of grants may name dozens of closed series, within the gateway's per-address limit. */
const MAX_IN_FLIGHT = 4;
const CASH_SETTLED = new Set(['SYNTHETIC', 'CALL', 'PUT']);

const lookups = new Map<number, SeriesLookup & { atMs: number }>();
const queue: number[] = [];
const listeners = new Set<() => void>();
let inFlight = 0;

const notify = (): void => {
  for (const l of listeners) l();
};

function settle(seriesId: number, lookup: SeriesLookup): void {
  lookups.set(seriesId, { ...lookup, atMs: Date.now() });
  notify();
  // The pages showing it render again then, and that render reads it again.
  if (lookup.state === 'failed') setTimeout(notify, RETRY_AFTER_MS);
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The settlement index of an expired cash-settled series, when published (GET /v1/series/{id}/settlement). */
async function settlementOf(seriesId: number): Promise<SeriesTerms['settlement']> {
  const r = await fetch(`/v1/series/${seriesId}/settlement`);
  if (!r.ok) return undefined;
  const index = ((await r.json()) as { settlementIndex?: { indexMicros?: unknown; timeMs?: unknown } | null }).settlementIndex;
  if (index === null || index === undefined || num(index.indexMicros) <= 0) return undefined;
  return { indexMicros: num(index.indexMicros), ...(num(index.timeMs) > 0 ? { publishedAtMs: num(index.timeMs) } : {}) };
}

async function read(seriesId: number): Promise<SeriesLookup> {
  const r = await fetch(`/v1/series/${seriesId}`);
  if (r.status === 404) return { state: 'unknown' };
  if (!r.ok) {
    const body = (await r.json().catch(() => ({}))) as { error?: unknown };
    return { state: 'failed', reason: typeof body.error === 'string' ? body.error : `HTTP ${r.status}` };
  }
  const s = (await r.json()) as Record<string, unknown>;
  const terms: SeriesTerms = {
    seriesId,
    contract: String(s.contract ?? ''),
    kind: String(s.kind ?? ''),
    status: String(s.status ?? ''),
    openAtMs: num(s.openAtMs),
    closeAtMs: num(s.closeAtMs),
    ...(typeof s.delivery === 'string' ? { delivery: s.delivery } : {}),
  };
  if (terms.status === 'EXPIRED' && CASH_SETTLED.has(terms.kind)) {
    const settlement = await settlementOf(seriesId).catch(() => undefined);
    if (settlement !== undefined) terms.settlement = settlement;
  }
  return { state: 'found', terms };
}

function pump(): void {
  while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
    const seriesId = queue.shift()!;
    inFlight++;
    void read(seriesId)
      .catch((error: unknown): SeriesLookup => ({ state: 'failed', reason: error instanceof Error ? error.message : String(error) }))
      .then((lookup) => {
        inFlight--;
        settle(seriesId, lookup);
        pump();
      });
  }
}

function stale(known: SeriesLookup & { atMs: number }): boolean {
  const age = Date.now() - known.atMs;
  if (known.state === 'failed') return age >= RETRY_AFTER_MS;
  return known.state === 'found' && known.terms.status !== 'EXPIRED' && age >= LIVE_FOR_MS;
}

/** The lookup of one series, starting its read when there is none yet (or the last one failed a while ago). */
export function lookUpSeries(seriesId: number): SeriesLookup {
  const known = lookups.get(seriesId);
  if (known !== undefined && !stale(known)) return known;
  // A live series read again keeps showing what was read meanwhile; anything else shows it is being read.
  const shown: SeriesLookup = known?.state === 'found' ? known : { state: 'loading' };
  lookups.set(seriesId, { ...shown, atMs: Date.now() });
  queue.push(seriesId);
  pump();
  return shown;
}

/** `lookUpSeries` for a component: re-renders it when a read ends. Undefined `seriesId`: nothing is read (the caller knows the series). */
export function useSeriesLookup(seriesId: number | undefined): SeriesLookup | undefined {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (seriesId === undefined) return;
    const changed = (): void => setVersion((v) => v + 1);
    listeners.add(changed);
    return () => void listeners.delete(changed);
  }, [seriesId]);
  return seriesId === undefined ? undefined : lookUpSeries(seriesId);
}

/**
 * A series' contract, kind, status and open as a row's label shows them: from the session's list (`info`, the live
 * series) when it has the series, else looked up (a closed one); undefined while that read is on its way or failed.
 */
export function useSeriesTerms(seriesId: number, info: SeriesInfo | undefined): Pick<SeriesTerms, 'contract' | 'kind' | 'status' | 'openAtMs'> | undefined {
  const looked = useSeriesLookup(info === undefined ? seriesId : undefined);
  if (info !== undefined) return { contract: info.contract ?? '', kind: wire.SeriesKind[info.kind ?? 0] ?? '', status: wire.SeriesStatus[info.status ?? 0] ?? '', openAtMs: Number(info.openAtMs ?? 0) };
  return looked?.state === 'found' ? looked.terms : undefined;
}
