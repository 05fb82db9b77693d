/**
 * How this tab last signed in to the consumer session (any of its pages: account-gate.tsx), kept in sessionStorage (this tab only,
 * gone when it closes) so a reload keeps the user signed in: a local dev key by its index (the dev
 * keys are public), or a browser wallet by its address. Never a key or a signature.
 * On load (account-gate.tsx, on every page of the consumer session): a dev key signs in again at once; a browser wallet that still lists
 * the address (eth_accounts, no prompt) offers "Continue as 0x…", one signature. Sign out forgets it.
 */
import type { AccountSession } from './account-session.js';

export type Remembered = { kind: 'dev'; index: number } | { kind: 'browser'; address: string };

const KEY = 'patx.account.signedIn';

/** What this tab remembers, or undefined (nothing, storage unavailable, or not one of the two shapes). */
export function remembered(): Remembered | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw === null) return undefined;
    const r = JSON.parse(raw) as Partial<{ kind: string; index: unknown; address: unknown }>;
    if (r.kind === 'dev' && typeof r.index === 'number' && Number.isSafeInteger(r.index) && r.index >= 0) return { kind: 'dev', index: r.index };
    if (r.kind === 'browser' && typeof r.address === 'string' && /^0x[0-9a-fA-F]{40}$/.test(r.address)) return { kind: 'browser', address: r.address };
  } catch {
    // unreadable: as if nothing were remembered
  }
  forget();
  return undefined;
}

/** Remembers how a session signed in (its dev key's index, or its browser wallet's address). */
export function remember(s: AccountSession): void {
  const r: Remembered = s.wallet.kind === 'devKey' ? { kind: 'dev', index: s.wallet.index } : { kind: 'browser', address: s.address };
  try {
    sessionStorage.setItem(KEY, JSON.stringify(r));
  } catch {
    // no storage (a private mode): a reload signs out, as before
  }
}

export function forget(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}

/** An address as a button shows it: 0xabcd…1234. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
