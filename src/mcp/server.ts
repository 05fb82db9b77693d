/**
 * PATX as a Model Context Protocol server (docs/mcp.md): the read-only tools and the
 * resources always; the wallet's tools only where a key can be, in `patx mcp` on the user's
 * machine (over stdio). The exchange's own /mcp endpoint builds it read-only.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { PublicReads } from './exchange-reads.js';
import { registerReadTools } from './read-tools.js';
import { ToolRefusal } from './refusal.js';
import { registerResources, RESOURCE_NOT_FOUND, ResourceReadError } from './resources.js';
import { refuseUnknownArguments } from './strict-arguments.js';
import { registerTradeTools } from './trade-tools.js';
import type { WalletSession } from './wallet-session.js';

export const SERVER_NAME = 'patx';
export const SERVER_VERSION = '0.1.0';

const INSTRUCTIONS =
  'PATX is an exchange for access rights to data, settled in PAT. Find data with search_listings and get_listing; each listing has a segment, traded as contracts SEGMENT|WINDOW|LO-HI in series (list_series, get_quote). ' +
  'To receive data: place_order (buy rights in a SPOT series at the ask), exercise them (signed access grants), then download_records with a grant id. subscribe buys every new window for you. Prices are PAT (1 PAT = 1,000,000 µPAT).';

export interface PatxMcpOptions {
  reads: PublicReads;
  /** 'stdio': every tool (those acting for the wallet answer NO_WALLET without one); 'http': read-only tools and resources only. */
  mode: 'stdio' | 'http';
  session?: WalletSession;
}

export function createPatxMcpServer(o: PatxMcpOptions): McpServer {
  const server = new McpServer({ name: SERVER_NAME, version: SERVER_VERSION }, { instructions: INSTRUCTIONS + (o.mode === 'http' ? ' This endpoint is read-only: trading runs in `./patx mcp` on the user\'s machine, where the wallet key stays.' : '') });
  refuseUnknownArguments(server);
  const reads: PublicReads = async (path, query) => {
    try {
      return await o.reads(path, query);
    } catch (error) {
      // A resource read answers a JSON-RPC error; a tool, its own error result (refusal.ts).
      throw error instanceof ToolRefusal ? error : new ToolRefusal('FAILED', error instanceof Error ? error.message : String(error));
    }
  };
  registerReadTools(server, reads);
  registerResources(server, resourceReads(reads));
  if (o.mode === 'stdio') registerTradeTools(server, reads, o.session);
  return server;
}

/**
 * Resource reads refuse with a JSON-RPC error whose message starts with the exchange's code
 * (UNKNOWN_LISTING: …), the code in its data too: -32002 (MCP's resource not found) for a 404,
 * -32602 for another refusal, -32603 when the exchange failed or was not reached.
 */
function resourceReads(reads: PublicReads): PublicReads {
  return async (path, query) => {
    const reply = await reads(path, query).catch((error: unknown) => {
      const r = error as ToolRefusal;
      throw new ResourceReadError(ErrorCode.InternalError, r.code, r.message);
    });
    if (reply.status >= 400) {
      const b = (reply.body ?? {}) as { error?: string; message?: string };
      const jsonRpcCode = reply.status === 404 ? RESOURCE_NOT_FOUND : reply.status < 500 ? ErrorCode.InvalidParams : ErrorCode.InternalError;
      throw new ResourceReadError(jsonRpcCode, b.error ?? `HTTP_${reply.status}`, b.message ?? path);
    }
    return reply;
  };
}
