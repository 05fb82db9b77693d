/**
 * `patx mcp`: PATX's MCP server over stdio, run by an MCP client (Claude Desktop, an IDE, an
 * agent framework) as a child process on the user's machine. stdout is the protocol's
 * channel: nothing else is written there (a problem goes to stderr). It ends when the client
 * closes stdin, or on SIGINT/SIGTERM.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Wallet } from 'ethers';
import { httpReads } from './exchange-reads.js';
import { createPatxMcpServer } from './server.js';
import { SpendingLimit } from './spending-limit.js';
import { WalletSession } from './wallet-session.js';

export interface StdioOptions {
  /** The gateway's HTTP base URL. */
  gatewayUrl: string;
  /** The wallet's private key (0x + 64 hex), or none: read-only tools only. */
  privateKey: string | undefined;
  /** The session's spending limit, µPAT. */
  maxSpendMicros: number;
}

/** Serves until the client goes away; resolves with the exit code. */
export async function runStdioServer(o: StdioOptions): Promise<number> {
  const session = o.privateKey === undefined ? undefined : new WalletSession({ gatewayUrl: o.gatewayUrl, wallet: new Wallet(o.privateKey), limit: new SpendingLimit(o.maxSpendMicros) });
  const server = createPatxMcpServer({ reads: httpReads(o.gatewayUrl), mode: 'stdio', ...(session === undefined ? {} : { session }) });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.connect(transport);
  const who = session === undefined ? 'read-only (no wallet key)' : `wallet ${session.address}, spending limit ${session.limit.status().limit} PAT`;
  process.stderr.write(`patx mcp: serving ${o.gatewayUrl} over stdio, ${who}\n`);
  await closed;
  await session?.close();
  await server.close().catch(() => undefined);
  return 0;
}
