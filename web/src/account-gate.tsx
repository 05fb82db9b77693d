/**
 * The consumer session's sign-in, one for every page that shows it (the account page, its dashboard,
 * the organisation page, a series page's trade ticket, a listing's tiers): a sign-in on any of them
 * is remembered for a reload (account-remember.ts: the dev key's index or the wallet's address, never
 * a key), a reload of any of them signs in again (a dev key at once; a browser wallet still listing the
 * address offers "Continue as 0x…", one signature; a failure shows the form with its reason), and a
 * sign out on any of them forgets it.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AccountSession, browserWallet } from './account-session.js';
import { ACCOUNT_SIGN_IN, accountSlot } from './account-slot.js';
import { forget, remember, remembered, shortAddress } from './account-remember.js';
import { SessionPage, SignIn, type SignInText } from './session-ui.js';

/** After a reload: nothing to do, a browser wallet to continue with (one signature), or why the automatic sign-in failed. */
type Restore = { state: 'idle' } | { state: 'continue'; address: string } | { state: 'failed'; reason: string };

function reasonOf(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code}: ` : ''}${e instanceof Error ? e.message : String(e)}`;
}

/** The sign-in this tab remembers, tried once per page load: a dev key signs in again; a browser wallet still listing the address (eth_accounts, no prompt) waits for "Continue". */
async function runRestore(): Promise<Restore> {
  const r = remembered();
  if (r === undefined || accountSlot.current !== undefined) return { state: 'idle' };
  if (r.kind === 'dev') {
    try {
      const s = await AccountSession.signIn({ devKey: r.index });
      if (accountSlot.current !== undefined) void s.signOut(); // signed in another way meanwhile
      else accountSlot.current = s;
      return { state: 'idle' };
    } catch (e) {
      forget();
      return { state: 'failed', reason: `dev key ${r.index}: ${reasonOf(e)}` };
    }
  }
  const eth = browserWallet();
  let accounts: string[] = [];
  try {
    if (eth === undefined) throw new Error('no browser wallet (window.ethereum) on this page');
    accounts = (await eth.request({ method: 'eth_accounts' })) as string[];
  } catch (e) {
    forget();
    return { state: 'failed', reason: reasonOf(e) };
  }
  if (accounts.some((a) => a.toLowerCase() === r.address.toLowerCase())) return { state: 'continue', address: r.address };
  forget();
  return { state: 'failed', reason: `the browser wallet no longer lists ${r.address}` };
}

let restoreRun: Promise<Restore> | undefined;
/** What the run came to, for a later visit to a page: a "Continue" still offered; a failure shows once. */
let restoreDone: Restore | undefined;

function ContinueAs({ text, compact, address, onDone }: { text: SignInText; compact: boolean; address: string; onDone: (r: Restore) => void }) {
  const Title = compact ? 'h2' : 'h1';
  const [busy, setBusy] = useState(false);
  const go = async (): Promise<void> => {
    setBusy(true);
    try {
      const s = await AccountSession.signIn({ browser: true, address });
      accountSlot.current = s;
      remember(s);
      onDone({ state: 'idle' });
    } catch (e) {
      forget();
      onDone({ state: 'failed', reason: reasonOf(e) });
    }
  };
  return (
    <section class={compact ? 'acct acct-compact' : 'acct'}>
      <Title>{text.title}</Title>
      <p class="hint">This tab was signed in with a browser wallet: it signs one challenge to continue.</p>
      <div class="panel">
        <button type="button" data-testid="signin-continue" title={address} disabled={busy} onClick={() => void go()}>
          Continue as {shortAddress(address)}
        </button>{' '}
        <button
          type="button"
          class="linkish"
          data-testid="signin-other"
          disabled={busy}
          onClick={() => {
            forget();
            onDone({ state: 'idle' });
          }}
        >
          sign in another way
        </button>
      </div>
    </section>
  );
}

/**
 * The consumer session's page part: "signing in again…" while a remembered sign-in runs, "Continue as 0x…", the
 * sign-in form (`compact` inside another page's panel; `signInTestId` wraps it), or `signed` with a sign-out that forgets.
 */
export function AccountGate({ text = ACCOUNT_SIGN_IN, compact = false, signInTestId, signed }: { text?: SignInText; compact?: boolean; signInTestId?: string; signed: (s: AccountSession, onSignOut: () => void) => JSX.Element }) {
  const [restore, setRestore] = useState<Restore | undefined>(() => {
    if (accountSlot.current !== undefined) return { state: 'idle' };
    // Nothing remembered: the sign-in form at once, no "checking" in between.
    if (restoreDone === undefined && restoreRun === undefined && remembered() === undefined) restoreDone = { state: 'idle' };
    return restoreDone;
  });
  const done = (r: Restore): void => {
    restoreDone = { state: 'idle' };
    setRestore(r);
  };
  useEffect(() => {
    if (restore !== undefined) return;
    let current = true;
    restoreRun ??= runRestore();
    void restoreRun.then((r) => {
      restoreDone = r.state === 'continue' ? r : { state: 'idle' };
      if (current) setRestore(r);
    });
    return () => {
      current = false;
    };
  }, []);
  if (restore === undefined) {
    const r = remembered();
    const Title = compact ? 'h2' : 'h1';
    return (
      <section class={compact ? 'acct acct-compact' : 'acct'}>
        <Title>{text.title}</Title>
        <p class="hint" data-testid="signin-restoring">
          {r?.kind === 'dev' ? `Signing in again with dev key ${r.index}…` : 'Checking the browser wallet…'}
        </p>
      </section>
    );
  }
  if (restore.state === 'continue') return <ContinueAs text={text} compact={compact} address={restore.address} onDone={done} />;
  return (
    <SessionPage
      slot={accountSlot}
      signIn={(onSession) => {
        const form = (
          <SignIn
            text={text}
            compact={compact}
            failed={restore.state === 'failed' ? restore.reason : undefined}
            signIn={(how) => AccountSession.signIn(how)}
            onSession={(s) => {
              remember(s);
              onSession(s);
            }}
          />
        );
        return signInTestId === undefined ? form : <div data-testid={signInTestId}>{form}</div>;
      }}
      signed={(s, onSignOut) =>
        signed(s, () => {
          forget();
          if (restore.state !== 'idle') done({ state: 'idle' });
          onSignOut();
        })
      }
    />
  );
}
