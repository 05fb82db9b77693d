/**
 * The exchange's public reads as the MCP tools use them: a GET of one of the gateway's
 * public routes, answered `{status, body}`. `patx mcp` reads over HTTP (`httpReads`); the
 * gateway's own /mcp endpoint reads in its process (HttpApi.publicGet), so both serve the
 * same rows with the same checks.
 */
import type { SeriesWithBook } from '../client/market.js';
import { okBody, ToolRefusal, type ExchangeReply } from './refusal.js';

/** A public GET: `path` (no query) and its query fields (undefined ones left out). */
export type PublicReads = (path: string, query?: Readonly<Record<string, string | number | undefined>>) => Promise<ExchangeReply>;

/** The query fields given, as the URL's search part ('' when none). */
export function queryText(query: Readonly<Record<string, string | number | undefined>> = {}): string {
  const given = Object.entries(query).filter((e): e is [string, string | number] => e[1] !== undefined);
  return given.length === 0 ? '' : `?${new URLSearchParams(given.map(([k, v]) => [k, String(v)])).toString()}`;
}

/** Public reads at a gateway's HTTP base URL (http://127.0.0.1:8480). */
export function httpReads(baseUrl: string, timeoutMs = 30_000): PublicReads {
  return async (path, query) => {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${path}${queryText(query)}`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw unreachable(baseUrl, error);
    }
    try {
      return { status: res.status, body: await res.json() };
    } catch {
      throw new ToolRefusal('BAD_REPLY', `the gateway at ${baseUrl} answered ${path} with something other than the API's JSON (status ${res.status})`);
    }
  };
}

/** No answer from the gateway, said with what to do. */
export function unreachable(baseUrl: string, error: unknown): ToolRefusal {
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  const why = typeof cause === 'string' ? cause : error instanceof Error ? error.message : String(error);
  return new ToolRefusal('UNREACHABLE', `no PATX gateway answered at ${baseUrl} (${why}): is the exchange running (npm start), and is PATX_URL / --gateway right?`);
}

/** A series as GET /v1/series/{id} answers it: the client's view of it (src/client/market.ts). */
export type SeriesView = SeriesWithBook;

/** One series with its book (GET /v1/series/{id}), or the exchange's refusal thrown. */
export async function seriesView(reads: PublicReads, seriesId: number): Promise<SeriesView> {
  return okBody<SeriesView>(await reads(`/v1/series/${seriesId}`));
}
