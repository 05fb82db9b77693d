/**
 * POST /mcp on the gateway (the exchange's public port): the MCP server read-only, over the
 * SDK's web-standard streamable HTTP transport, stateless and answering JSON (no stream).
 *
 * The bridge to uWS is the gateway's own: a MountedRoute, so the request has the body limit
 * (64 KiB), the per-address rate and the off-thread JSON parsing of every public route, and
 * is answered through the same Responder (an aborted request is never written to; uWS
 * buffers the one JSON body, bounded by what the read-only tools return). The handler makes
 * a web `Request` of the method and the headers the transport checks, hands it the parsed
 * body, and turns its `Response` into the route's reply. A new server and transport serve
 * each request (the SDK's stateless mode) and are closed after it. A JSON-RPC batch is refused
 * (400, -32600): each message is charged to the address's rate as a request of its own.
 */
import type { HttpReply, HttpRequestInfo, MountedRoute } from '../http-registry/index.js';
import type { PublicReads } from './exchange-reads.js';
import { MCP_OPERATION } from './operations.js';

/** The headers the transport reads: content negotiation and the protocol version. */
const HEADERS = ['accept', 'content-type', 'mcp-protocol-version'] as const;

/**
 * The read-only MCP endpoint, reading the exchange through `reads` (in-process: HttpApi.publicGet), each read charged to
 * the calling client's address as the same GET over HTTP is (a tool call reads up to ~80 times: get_option_chain).
 */
export function mcpRoute(reads: (client: string | undefined) => PublicReads): MountedRoute {
  // The SDK loads with the first request, not with the service.
  let sdk: Promise<[typeof import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'), typeof import('./server.js')]> | undefined;
  return {
    operations: [MCP_OPERATION],
    headers: HEADERS,
    async handle(req: HttpRequestInfo): Promise<HttpReply> {
      // One message a request: a batch of 100 tool calls cost one token of the address's rate while each call
      // read the engine's thread (an outside review: a stranger took honest order acks from p99 2 ms to 212 ms).
      // MCP 2025-06-18 has no batching; its clients send one message a request.
      if (Array.isArray(req.body)) return { status: 400, body: { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: batches are not accepted at POST /mcp; send one JSON-RPC message a request' } } };
      sdk ??= Promise.all([import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'), import('./server.js')]);
      const [{ WebStandardStreamableHTTPServerTransport }, { createPatxMcpServer }] = await sdk;
      const server = createPatxMcpServer({ reads: reads(req.client), mode: 'http' });
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      try {
        await server.connect(transport);
        const request = new Request('http://gateway/mcp', { method: req.method, headers: { ...req.headers } });
        const response = await transport.handleRequest(request, { parsedBody: req.body ?? null });
        const text = await response.text();
        const contentType = response.headers.get('content-type') ?? 'application/json';
        return { status: response.status, body: text, contentType };
      } finally {
        await transport.close().catch(() => undefined);
        await server.close().catch(() => undefined);
      }
    },
  };
}
