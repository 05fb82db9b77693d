/**
 * `patx mcp`: PATX's MCP server over stdio, run by an MCP client (Claude Desktop, an IDE, an
 * agent framework) as a child process on the user's machine. stdout is the protocol's
 * channel: nothing else is written there (a problem goes to stderr). It ends when the client
 * closes stdin, or on SIGINT/SIGTERM.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
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
  /** Where downloads write their records (default: ~/patx-downloads). */
  downloadDir?: string;
}

/** How long requests still in hand may take once stdin has ended. */
const DRAIN_MS = 30_000;

/**
 * Counts the requests the transport delivered and the answers it sent; the function returned
 * resolves once every request has its answer (or after DRAIN_MS).
 */
function answersOwed(transport: StdioServerTransport): () => Promise<void> {
  let owed = 0;
  let drained: (() => void) | undefined;
  const deliver = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if ('method' in message && 'id' in message) owed++;
    deliver?.(message);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    await send(message);
    if (('result' in message || 'error' in message) && --owed <= 0) drained?.();
  };
  return () =>
    owed <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, DRAIN_MS).unref();
        });
}

/** Serves until the client goes away; resolves with the exit code. */
export async function runStdioServer(o: StdioOptions): Promise<number> {
  const session = o.privateKey === undefined ? undefined : new WalletSession({ gatewayUrl: o.gatewayUrl, wallet: new Wallet(o.privateKey), limit: new SpendingLimit(o.maxSpendMicros), ...(o.downloadDir === undefined ? {} : { downloadDir: o.downloadDir }) });
  const server = createPatxMcpServer({ reads: httpReads(o.gatewayUrl), mode: 'stdio', ...(session === undefined ? {} : { session }) });
  const transport = new StdioServerTransport();
  await server.connect(transport);
  const answered = answersOwed(transport);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    // A client may write its requests and close stdin at once (a pipe): what it asked is answered first.
    process.stdin.once('end', () => void answered().then(resolve));
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const who = session === undefined ? 'read-only (no wallet key)' : `wallet ${session.address}, spending limit ${session.limit.status().limit} PAT, downloads into ${session.downloadDir}`;
  process.stderr.write(`patx mcp: serving ${o.gatewayUrl} over stdio, ${who}\n`);
  await closed;
  await session?.close();
  await server.close().catch(() => undefined);
  return 0;
}
