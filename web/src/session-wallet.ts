/** The wallet a session signed in with (account-session.ts), kept for what it signs later: deposits on-chain (account-deposit.ts), signed HTTP requests. */

/** A browser wallet's provider (EIP-1193): one method, JSON-RPC requests. */
export interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** What signed a session in. */
export type SessionWallet = { kind: 'browser'; eth: Eip1193 } | { kind: 'devKey'; index: number; key: string };
