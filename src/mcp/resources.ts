/**
 * Resources an agent can read (and list) by URI: a published listing, `patx://listings/{id}`
 * (GET /v1/listings/{id} with its disclosures), and a series with its quote,
 * `patx://series/{id}` (GET /v1/series/{id}). Public reads: served over stdio and HTTP.
 */
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { seriesView, type PublicReads } from './exchange-reads.js';
import { quoteOf } from './read-tools.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { okBody } from './refusal.js';

/** MCP's JSON-RPC code for a resource that does not exist (the spec's "Resource not found"; the SDK names none). */
export const RESOURCE_NOT_FOUND = -32002;

/**
 * A failed resource read as the JSON-RPC error it is answered with: its `code` (-32002 not found,
 * -32602 invalid params, -32603 internal), a message that starts with the exchange's code
 * (`UNKNOWN_SERIES: no series 99999`) and `data: {error}`. Not the SDK's McpError, whose message
 * would carry "MCP error -32602: " in front on the wire.
 */
export class ResourceReadError extends Error {
  override readonly name = 'ResourceReadError';
  readonly data: { error: string };
  constructor(
    readonly code: number,
    errorCode: string,
    message: string,
  ) {
    super(`${errorCode}: ${message}`);
    this.data = { error: errorCode };
  }
}

/** At most this many of each are listed (the catalog's and the series list's pages). */
const MAX_LISTED = 200;

export function registerResources(server: McpServer, reads: PublicReads): void {
  server.registerResource(
    'listing',
    new ResourceTemplate('patx://listings/{id}', {
      list: async () => {
        const page = okBody<{ listings: { id: number; title: string; segment: string; trust: number }[] }>(await reads('/v1/listings', { limit: MAX_LISTED }));
        return { resources: page.listings.map((l) => ({ uri: `patx://listings/${l.id}`, name: `listing ${l.id}: ${l.title}`, description: `${l.segment}, trust ${l.trust}`, mimeType: 'application/json' })) };
      },
    }),
    { title: 'A data listing', description: 'A published listing: schema, sample preview, quality, trust, reviews, and its disclosures (provenance, licence, delivery endpoint, versions)', mimeType: 'application/json' },
    async (uri, variables) => {
      const id = idOf(variables.id, 'listing');
      const listing = okBody<Record<string, unknown>>(await reads(`/v1/listings/${id}`));
      const disclosures = okBody<Record<string, unknown>>(await reads(`/v1/listings/${id}/disclosures`));
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ listing, disclosures }) }] };
    },
  );
  server.registerResource(
    'series',
    new ResourceTemplate('patx://series/{id}', {
      list: async () => {
        const page = okBody<{ series: { seriesId: number; contract: string; kind: string; status: string }[] }>(await reads('/v1/series', { limit: MAX_LISTED, status: 'TRADING' }));
        return { resources: page.series.map((s) => ({ uri: `patx://series/${s.seriesId}`, name: `series ${s.seriesId}: ${s.contract} ${s.kind}`, description: s.status, mimeType: 'application/json' })) };
      },
    }),
    { title: 'A series and its quote', description: 'One series (a contract for one window): its terms, status, best bid and ask in PAT, reference and last price, top of book', mimeType: 'application/json' },
    async (uri, variables) => {
      const id = idOf(variables.id, 'series');
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(quoteOf(await seriesView(reads, id))) }] };
    },
  );
}

/** The `{id}` of a resource URI, or a JSON-RPC error (a read of a malformed URI is the client's error). */
function idOf(value: string | string[] | undefined, what: string): number {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^[1-9][0-9]{0,15}$/.test(text) || !Number.isSafeInteger(Number(text))) throw new ResourceReadError(ErrorCode.InvalidParams, 'INVALID_FIELD', `not a ${what} id: ${String(text)}`);
  return Number(text);
}
