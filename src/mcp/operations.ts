/**
 * The gateway's MCP endpoint as a row of the route registry (docs/http-api.md): POST /mcp,
 * public, stateless. GET and DELETE (a server-sent stream, a session's end) are 405 with
 * `Allow`: a stateless server opens no stream and keeps no session (the MCP transport allows it).
 */
import { z } from 'zod';
import type { Operation } from '../http-registry/index.js';

const jsonRpcMessage = z
  .object({ jsonrpc: z.literal('2.0'), method: z.string().optional(), id: z.union([z.string(), z.number()]).optional(), params: z.record(z.string(), z.unknown()).optional() })
  .meta({ id: 'JsonRpcMessage', description: 'A JSON-RPC 2.0 message of the Model Context Protocol (initialize, tools/list, tools/call, resources/list, resources/read, ...)' });

export const MCP_OPERATION: Operation = {
  method: 'POST',
  path: '/mcp',
  operationId: 'postMcp',
  summary: 'Model Context Protocol (streamable HTTP, stateless): read-only tools and resources for AI agents',
  description:
    "Each request is one JSON-RPC message (a batch is refused) answered as JSON; it weighs two of the address's requests, and each read a tool makes counts as the GET it is (a tool past the address's rate answers RATE_LIMITED); no session is kept, so every request stands alone (initialize, then tools/list, tools/call, resources/list, resources/read). Only read-only tools (search_listings, get_listing, list_series, get_quote, get_option_chain, list_tiers, quote_bundle) and the resources patx://listings/{id} and patx://series/{id}: the exchange never holds a user's key, so trading runs in `./patx mcp` on the user's machine (docs/mcp.md). Send `Accept: application/json, text/event-stream` and `Content-Type: application/json`.",
  tags: ['agents'],
  security: 'public',
  // A new server each request: two of the address's requests; each read a tool call makes in-process (up to ~80:
  // get_option_chain) is charged to the address as its GET would be (an outside review, 2026-12-04: a flat ten before).
  weight: 2,
  body: z.union([jsonRpcMessage, z.array(jsonRpcMessage)]),
  responses: {
    200: { description: 'the JSON-RPC response (a tool error is a result with isError: true and the exchange\'s code)' },
    202: { description: 'a notification or response only: accepted, no body' },
  },
  errors: { 406: 'Not Acceptable: the Accept header must list application/json and text/event-stream', 415: 'Unsupported Media Type: Content-Type must be application/json' },
};
