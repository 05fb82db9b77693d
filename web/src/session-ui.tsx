/**
 * What the account page (#/account) and the provider page (#/provider) share: a signed-in
 * session kept across navigation, the sign-in panel (browser wallet or a local dev key),
 * the page that shows one or the other, an action's outcome banner, a stat tile and a
 * table with its empty row.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Wallet } from 'ethers';
import { browserWallet, DEV_KEYS, type AccountSession, type Outcome } from './account-session.js';
import { pageSteps, pageWindow } from './paging.js';
import { plainReason } from './trade-ticket-logic.js';

/** What to do about a refusal the account and provider pages meet most, after its plain words. */
const NEXT_STEP: Record<string, string> = {
  INSUFFICIENT_BALANCE: 'deposit PAT first (Deposit PAT), or ask for less',
  CAPACITY_EXCEEDED: 'declare (more) capacity for this series first (Capacity), then mint up to it',
  INVALID_TICK: "prices go in steps of the series' tick (0.0001 PAT at the finest)",
  INSUFFICIENT_RIGHTS: 'mint rights first, or sell fewer',
};

/** A refusal by name in words: its plain words and, for the common ones, what to do next. */
export function refusalWords(reason: string): string {
  const next = NEXT_STEP[reason];
  return `${plainReason(reason)}${next === undefined ? '' : `: ${next}`}`;
}

export type SignInHow = { devKey: number } | { browser: true };

interface Session {
  subscribe(listener: () => void): () => void;
  signOut(): Promise<void>;
}

/** Where a page keeps its session: it outlives the page (navigating to the market and back keeps it). */
export interface SessionSlot<S> {
  current: S | undefined;
}

function useSession<S extends Session>(slot: SessionSlot<S>): [S | undefined, (s: S | undefined) => void] {
  const [session, setSession] = useState(slot.current);
  const [, setTick] = useState(0);
  useEffect(() => session?.subscribe(() => setTick((t) => t + 1)), [session]);
  return [
    session,
    (s) => {
      slot.current = s;
      setSession(s);
    },
  ];
}

/** The sign-in panel until signed in, then `signed` with a sign-out that closes the session. */
export function SessionPage<S extends Session>({ slot, signIn, signed }: { slot: SessionSlot<S>; signIn: (onSession: (s: S) => void) => JSX.Element; signed: (s: S, onSignOut: () => void) => JSX.Element }) {
  const [session, setSession] = useSession(slot);
  if (session === undefined) return signIn(setSession);
  return signed(session, () => {
    void session.signOut();
    setSession(undefined);
  });
}

const DEV_ADDRESSES = DEV_KEYS.map((k) => new Wallet(k).address);

export interface SignInText {
  title: string;
  intro: string;
  walletHint: string;
  devHint: string;
  /** The dev key selected first. */
  devKey: number;
  /** What a dev key is in the demo (' (deployer)'), or ''. */
  devLabel: (index: number) => string;
}

/**
 * `compact`: inside another page's panel (the series page's trade ticket), its title an h2 and each way to sign in an h3.
 * `failed`: why a sign-in before this form failed (the account page's automatic one after a reload), shown as its own would be.
 */
export function SignIn<S>({ text, signIn, onSession, compact = false, failed }: { text: SignInText; signIn: (how: SignInHow) => Promise<S>; onSession: (s: S) => void; compact?: boolean; failed?: string }) {
  const Title = compact ? 'h2' : 'h1';
  const Way = compact ? 'h3' : 'h2';
  const [devKey, setDevKey] = useState(text.devKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(failed);
  const go = async (how: SignInHow): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      onSession(await signIn(how));
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      setError(`${typeof code === 'string' ? `${code}: ` : ''}${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class={compact ? 'acct acct-compact' : 'acct'}>
      <Title>{text.title}</Title>
      <p class="hint">{text.intro}</p>
      <div class="acct-signin">
        <div class="panel">
          <Way>Browser wallet</Way>
          <p class="hint">{text.walletHint}</p>
          <button type="button" data-testid="signin-wallet" disabled={busy || browserWallet() === undefined} onClick={() => void go({ browser: true })}>
            {browserWallet() === undefined ? 'No browser wallet found' : 'Sign in with wallet'}
          </button>
        </div>
        <div class="panel">
          <Way>Local chain dev key</Way>
          <p class="hint">{text.devHint}</p>
          <select data-testid="dev-key" aria-label="Local chain dev key" value={devKey} onChange={(e) => setDevKey(Number((e.target as HTMLSelectElement).value))}>
            {DEV_ADDRESSES.map((a, i) => (
              <option key={a} value={i}>
                #{i} {a.slice(0, 10)}…{a.slice(-4)}
                {text.devLabel(i)}
              </option>
            ))}
          </select>{' '}
          <button type="button" data-testid="signin-dev" disabled={busy} onClick={() => void go({ devKey })}>
            Sign in
          </button>
        </div>
      </div>
      {error !== undefined && (
        <div class="banner" role="alert" data-testid="signin-error">
          Sign-in failed: {error}
        </div>
      )}
    </section>
  );
}

/**
 * The trading session's connection when it is not simply live: reconnecting (the session logs in again by itself
 * with the wallet it holds; orders are refused meanwhile), given up (sign in again), or a read of the account that failed.
 */
export function ConnectionBanner({ s }: { s: Pick<AccountSession, 'connection' | 'readProblem'> }) {
  const c = s.connection;
  if (c.state === 'reconnecting') {
    return (
      <div class="banner" role="status" data-testid="session-connection" data-state="reconnecting">
        <b>Reconnecting…</b> The trading connection was lost: {c.why}. This page signs in again by itself as soon as the exchange is back; until then no order is sent.
        {c.last !== undefined && <span class="hint"> Attempt {c.attempts}: {c.last}</span>}
      </div>
    );
  }
  if (c.state === 'lost') {
    return (
      <div class="banner" role="alert" data-testid="session-connection" data-state="lost">
        <b>Disconnected.</b> Signing in again failed ({c.why}): sign out and sign in again. No order is sent until then.
      </div>
    );
  }
  if (s.readProblem !== undefined) {
    return (
      <div class="banner" role="status" data-testid="session-connection" data-state="read-failed">
        Could not read the account just now ({s.readProblem}); the figures below may be behind.
      </div>
    );
  }
  return null;
}

/** The last action's outcome: its text, or the reject reason by name. */
export function OutcomeBanner({ o }: { o: Outcome | undefined }) {
  if (o === undefined) return null;
  return (
    <div class={o.ok ? 'acct-ok' : 'banner'} role={o.ok ? 'status' : 'alert'} data-testid="outcome">
      {o.action}: {o.ok ? o.text : <b data-testid="reject-reason">{o.reason}</b>}
      {/* The engine's refusal (a bare code until now) in words; an error's own message as it came. */}
      {!o.ok && o.reason !== undefined ? ` — ${o.text === `refused: ${o.reason}` ? refusalWords(o.reason) : o.text}` : ''}
    </div>
  );
}

export function Stat({ label, testid, children }: { label: string; testid?: string; children: ComponentChildren }) {
  return (
    <div class="stat">
      <div class="label">{label}</div>
      <div class="value" data-testid={testid}>
        {children}
      </div>
    </div>
  );
}

/** A right-aligned (numeric) column's heading. */
export const num = (label: string) => ({ label, num: true });

/** A table in its scrolling frame: its headings, its rows, and `empty` in one row when there are none; `after` below it in the frame. */
/** A column: its heading, or a heading that is numeric (right-aligned) and/or wide (hidden on a phone: its cells carry class "wide" too). */
export type Column = string | { label: string; num: boolean; wide?: boolean };

export function Table({ testid, columns, rows, empty, after }: { testid: string; columns: Column[]; rows: JSX.Element[]; empty: ComponentChildren; after?: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table data-testid={testid}>
        <thead>
          <tr>
            {columns.map((c, i) => (typeof c === 'string' ? c === '' ? <th key={i} /> : <th key={i}>{c}</th> : <th key={i} class={`num${c.wide === true ? ' wide' : ''}`}>{c.label}</th>))}
          </tr>
        </thead>
        <tbody>
          {rows}
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} class="muted">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {after}
    </div>
  );
}

/** "11–20 of 57" with Newer / Older: a page of `shown` rows from `from` of `total` (testids `${testid}-range`, `-newer`, `-older`). */
export function Pager({ testid, from, shown, total, totalCapped, older, perPage, onPage }: { testid: string; from: number; shown: number; total: number; perPage: number; onPage: (from: number) => void; /** `total` is a count that stopped there: there are more. */ totalCapped?: boolean; /** Whether a page follows, when the list says so (a list paged by cursor); else told by `total`. */ older?: boolean }) {
  if (total <= perPage && from === 0 && older !== true) return null;
  const w = pageSteps(from, total, perPage);
  if (older !== undefined) w.older = older ? from + perPage : undefined;
  return (
    <p class="hint acct-pager" data-testid={`${testid}-pager`}>
      <span data-testid={`${testid}-range`}>
        {total === 0 ? 0 : from + 1}–{from + shown} of {total}
        {totalCapped === true ? '+' : ''}
      </span>{' '}
      <button type="button" data-testid={`${testid}-newer`} disabled={w.newer === undefined} onClick={() => onPage(w.newer ?? 0)}>
        Newer
      </button>{' '}
      <button type="button" data-testid={`${testid}-older`} disabled={w.older === undefined} onClick={() => onPage(w.older ?? from)}>
        Older
      </button>
    </p>
  );
}

/** A list shown a page at a time in the page (the rows are all here already): the page's rows and its Pager. */
export function usePaged<T>(rows: readonly T[], perPage: number, testid: string): { page: T[]; pager: JSX.Element | null } {
  const [from, setFrom] = useState(0);
  const { start, end } = pageWindow(rows.length, from, perPage);
  const page = rows.slice(start, end);
  return { page, pager: <Pager testid={testid} from={start} shown={page.length} total={rows.length} perPage={perPage} onPage={setFrom} /> };
}
