/**
 * What every tool acting for the user's wallet shares (trade-tools.ts lists them): the server
 * to register on, the exchange's public reads, and `withWallet`, which runs a tool's work with
 * the session or answers NO_WALLET without a key.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { PublicReads } from './exchange-reads.js';
import { asTool, toolError } from './refusal.js';
import type { WalletSession } from './wallet-session.js';

export const NO_WALLET_MESSAGE =
  'this tool acts for a wallet, and `patx mcp` was started without one. The user gives it in the MCP client\'s configuration of `patx mcp`: the environment variable PATX_WALLET_KEY=0x… (or --key-file FILE), with --max-spend <PAT> (or PATX_MCP_MAX_SPEND) to let it buy. The key stays on the user\'s machine and only signs there. Read-only tools (search_listings, get_listing, list_series, get_quote, get_option_chain, list_tiers, quote_bundle) need no key.';

/** A tool's work with the session, wrapped as the tool's callback. */
export type WithWallet = <A>(work: (s: WalletSession, args: A) => Promise<Record<string, unknown>>) => (args: A) => Promise<CallToolResult>;

export interface WalletTools {
  server: McpServer;
  reads: PublicReads;
  withWallet: WithWallet;
}

export function walletTools(server: McpServer, reads: PublicReads, session: WalletSession | undefined): WalletTools {
  /** The tool's work with the session, or NO_WALLET. */
  const withWallet: WithWallet =
    <A>(work: (s: WalletSession, args: A) => Promise<Record<string, unknown>>) =>
    (args: A): Promise<CallToolResult> =>
      session === undefined ? Promise.resolve(toolError('NO_WALLET', NO_WALLET_MESSAGE)) : asTool(() => work(session, args));
  return { server, reads, withWallet };
}

/** The annotations of a tool that acts (it sends something for the wallet). */
export const ACTING = { readOnlyHint: false, openWorldHint: false } as const;

/** A tool that spends the user's PAT: a spend is not undone (MCP's destructiveHint: it may make destructive updates). */
export const SPENDING = { ...ACTING, destructiveHint: true } as const;

/**
 * A tool that uses a grant's rights at a provider's gate (another party's server: openWorldHint)
 * and receipts them (a receipt releases the provider's proceeds and ends disputes: destructive).
 */
export const AT_A_PROVIDER = { readOnlyHint: false, openWorldHint: true, destructiveHint: true } as const;

export const id = (what: string) => z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe(what);

/** A page's query string from the parameters given. */
export function query(params: Record<string, number | undefined>): string {
  const given = Object.entries(params).filter((e): e is [string, number] => e[1] !== undefined);
  return given.length === 0 ? '' : `?${given.map(([k, v]) => `${k}=${v}`).join('&')}`;
}
