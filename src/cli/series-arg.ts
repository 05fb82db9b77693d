/**
 * A `<series>` argument as people type it: a series id ("3") or a contract name
 * ('AUTO_INTENT|1D|0.70-0.85', quoted: | is the shell's pipe), which means that contract's
 * current spot series: the TRADING one whose window is open now (or, between windows, the next
 * to open). Resolved by the public HTTP reads (src/client/market.ts); an id or contract the
 * exchange does not know is UNKNOWN_SERIES in one line, with the contracts trading now.
 */
import { InvalidArgumentError } from 'commander';
import type { SeriesTerms, SeriesWithBook } from '../client/market.js';
import { WalletCommandError } from './wallet-options.js';

/** What was typed: an id, or a contract. */
export type SeriesRef = { seriesId: number } | { contract: string };

/** commander's parser: a positive id, or a name of three parts, SEGMENT|WINDOW|LO-HI (the exchange says whether it lists it); anything else exits 2. */
export function seriesRef(text: string): SeriesRef {
  const t = text.trim();
  if (/^\d{1,15}$/.test(t) && Number(t) >= 1) return { seriesId: Number(t) };
  if (t.length <= 200 && /^[^|\s]+\|[^|\s]+\|[^|\s]+$/.test(t)) return { contract: t };
  throw new InvalidArgumentError("expected a series id (e.g. 3) or a contract, 'SEGMENT|WINDOW|LO-HI' (e.g. 'AUTO_INTENT|1D|0.70-0.85', quoted)");
}

/** The spot series of a contract that is current at `nowMs`: open now, else the next to open. */
export function currentSpot(series: readonly SeriesTerms[], nowMs: number): SeriesTerms | undefined {
  const spot = series.filter((s) => s.kind === 'SPOT' && s.status === 'TRADING' && nowMs < s.closeAtMs);
  const open = spot.filter((s) => s.openAtMs <= nowMs).sort((a, b) => b.closeAtMs - a.closeAtMs);
  return open[0] ?? spot.sort((a, b) => a.openAtMs - b.openAtMs)[0];
}

/** The series named, with its terms and book (GET /v1/series/{id}); UNKNOWN_SERIES when there is none. */
export async function resolveSeries(url: string, ref: SeriesRef): Promise<SeriesWithBook> {
  const market = await import('../client/market.js');
  const http = { url };
  let seriesId: number;
  if ('seriesId' in ref) {
    seriesId = ref.seriesId;
  } else {
    const found = currentSpot((await market.listSeries(http, { contract: ref.contract, status: 'TRADING' })).series, Date.now());
    if (found === undefined) {
      const trading = [...new Set((await market.listSeries(http, { kind: 'SPOT', status: 'TRADING' })).series.map((s) => s.contract))];
      const shown = trading.slice(0, 6).map((c) => `'${c}'`).join(', ');
      throw new WalletCommandError('UNKNOWN_SERIES', `no spot series of ${ref.contract} is trading${trading.length === 0 ? '' : `; trading now: ${shown}${trading.length > 6 ? ', …' : ''}`}`);
    }
    seriesId = found.seriesId;
  }
  try {
    return await market.getSeries(http, seriesId);
  } catch (error) {
    const e = error as { code?: unknown };
    if (e.code === 'UNKNOWN_SERIES' || e.code === 'NOT_FOUND' || e.code === 'HTTP_404') throw new WalletCommandError('UNKNOWN_SERIES', `the exchange lists no series ${seriesId}`);
    throw error;
  }
}
