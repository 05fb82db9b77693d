/**
 * The organisation page's activity (docs/organisations.md, "Everywhere"; docs/console.md, "Organisation"): the
 * organisation's subscriptions, made by any of its admins or traders over HTTP or in a session for it
 * (`organisationSubscriptions` of GET /v1/subscriptions), each with a Cancel for its admins and traders (a reader's is
 * disabled and says why: the exchange would refuse it ROLE_FORBIDDEN); and the organisation's fills (GET
 * /v1/fills?organisation=true) in the account page's fills table (account-fills.tsx). Read when the page opens, by the
 * page's Reload and by each panel's reload, never on a timer (a browser wallet asks its user to sign each read). A
 * refused read or cancel shows its reason by name.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { cancelSubscription, listSubscriptions, SubscriptionError, type Subscription, type SubscriptionsHttp } from '../../src/client/subscriptions.js';
import { listFills, type AccountFill } from '../../src/client/market.js';
import type { OrganisationRoleName } from '../../src/client/organisations.js';
import { AccountHistory, HISTORY_PER_PAGE } from './account-history.js';
import type { AccountSession } from './account-session.js';
import { Fills } from './account-fills.js';
import { date, pat } from './format.js';
import { num, Table } from './session-ui.js';

/** Subscriptions the panel asks for (the organisation's newest first, live ones before closed). */
const SHOWN = 50;

/** Why a reader's Cancel is disabled (the exchange's rule: docs/organisations.md, "Roles"). */
export const READER_CANNOT_CANCEL = "a reader may not cancel the organisation's subscriptions: its admins and traders do (ROLE_FORBIDDEN)";

function httpOf(s: AccountSession): SubscriptionsHttp {
  return { url: location.origin, wallet: s.signer, chainId: s.chainId };
}

type Read = { state: 'loading' } | { state: 'ok'; total: number; subscriptions: Subscription[] } | { state: 'refused'; reason: string; message: string };

function refusalOf(error: unknown): { reason: string; message: string } {
  if (error instanceof SubscriptionError) return { reason: error.code, message: error.detail };
  return { reason: 'ERROR', message: error instanceof Error ? error.message : String(error) };
}

/** The organisation's subscriptions: contract, status, windows bought, PAT spent of the budget, and Cancel for those who may. */
export function OrganisationSubscriptions({ s, role, reads }: { s: AccountSession; role: OrganisationRoleName | null; reads: number }) {
  const [read, setRead] = useState<Read>({ state: 'loading' });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; text: string } | { ok: false; reason: string; message: string } | undefined>();
  const load = async (): Promise<void> => {
    try {
      const page = await listSubscriptions(httpOf(s), { limit: SHOWN });
      const org = page.organisationSubscriptions ?? { total: 0, subscriptions: [] };
      setRead({ state: 'ok', total: org.total, subscriptions: org.subscriptions });
    } catch (error) {
      setRead({ state: 'refused', ...refusalOf(error) });
    }
  };
  useEffect(() => void load(), [s, reads]);
  const cancels = role === 'admin' || role === 'trader';
  const cancel = async (x: Subscription): Promise<void> => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const after = await cancelSubscription(httpOf(s), x.subscriptionId);
      setOutcome({ ok: true, text: `subscription #${x.subscriptionId} (${after.contract}): ${after.status}` });
    } catch (error) {
      setOutcome({ ok: false, ...refusalOf(error) });
    }
    await load();
    setBusy(false);
  };
  return (
    <div class="panel acct" data-testid="org-subscriptions-panel">
      <h2>
        Organisation subscriptions <span class="hint">made by any admin or trader for the organisation, which pays: each new window of the contract bought at the broker's ask up to the cap, within the budget</span>{' '}
        <button type="button" class="linkish" data-testid="org-subscriptions-reload" onClick={() => void load()}>
          reload
        </button>
      </h2>
      {read.state === 'loading' && <p class="muted">loading…</p>}
      {read.state === 'refused' && (
        <p class="acct-error" data-testid="org-subscriptions-refused">
          could not read the organisation's subscriptions: <b data-testid="org-subscriptions-reason">{read.reason}</b> {read.message}{' '}
          <button type="button" class="linkish" onClick={() => void load()}>
            try again
          </button>
        </p>
      )}
      {read.state === 'ok' && (
        <Table
          testid="org-subscriptions"
          columns={['Contract', 'Status', num('Windows bought'), num('Spent / budget (PAT)'), '']}
          empty="No subscriptions for the organisation yet: an admin or trader subscribes in a session for it (the CLI's --org)."
          rows={read.subscriptions.map((x) => {
            const live = x.status === 'active' || x.status === 'paused';
            return (
              <tr key={x.subscriptionId} data-subscription-id={x.subscriptionId} data-status={x.status}>
                <td class="acct-contract">
                  {x.contract}
                  <span class="sid">
                    #{x.subscriptionId} · {x.qtyPerWindow} a window at most {pat(x.capPriceMicros)} PAT · since {date(x.createdAtMs)}
                  </span>
                </td>
                <td>
                  <b class={`acct-sub-${x.status}`} data-testid="org-sub-status">
                    {x.status}
                  </b>
                  {x.status === 'paused' && <span class="sid">after {x.skipsInRow} skip(s) in a row</span>}
                </td>
                <td class="num" data-testid="org-sub-windows" title={`${x.windowsSkipped} window(s) skipped`}>
                  {x.windowsBought}
                  {x.windowsSkipped > 0 && <span class="sid">{x.windowsSkipped} skipped</span>}
                </td>
                <td class="num" data-testid="org-sub-spent">
                  {pat(x.spentMicros)} / {pat(x.budgetMicros)}
                </td>
                <td class="acct-actions">
                  {live && (
                    <button
                      type="button"
                      data-testid="org-sub-cancel"
                      disabled={busy || !cancels}
                      title={cancels ? 'No window is bought after this; rights bought stay the organisation\'s' : READER_CANNOT_CANCEL}
                      onClick={() => void cancel(x)}
                    >
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
          after={
            <>
              {read.total > read.subscriptions.length && <p class="hint">The newest {read.subscriptions.length} of {read.total}.</p>}
              {!cancels && read.subscriptions.some((x) => x.status === 'active' || x.status === 'paused') && (
                <p class="hint" data-testid="org-sub-reader-note">
                  Cancel is disabled: {READER_CANNOT_CANCEL}.
                </p>
              )}
            </>
          }
        />
      )}
      {outcome !== undefined &&
        (outcome.ok ? (
          <div class="acct-ok" role="status" data-testid="org-sub-outcome">
            cancel: {outcome.text}
          </div>
        ) : (
          <div class="banner" role="alert" data-testid="org-sub-outcome">
            cancel refused: <b data-testid="org-sub-reason">{outcome.reason}</b> {outcome.message}
          </div>
        ))}
    </div>
  );
}

/** The organisation's fills, any member's session or subscription, in the account page's table (newest 50, More). */
export function OrganisationFills({ s, reads }: { s: AccountSession; reads: number }) {
  const [, setTick] = useState(0);
  const history = useMemo(() => {
    const http = { url: location.origin, wallet: s.signer, chainId: s.chainId };
    return new AccountHistory<AccountFill>(
      async (before) => {
        const p = await listFills(http, { organisation: true, limit: HISTORY_PER_PAGE, ...(before === undefined ? {} : { before }) });
        return { rows: p.fills, next: p.next };
      },
      (f) => `${f.tradeId}:${f.side}`,
      (f) => f.tradeId,
      () => setTick((n) => n + 1),
    );
  }, [s]);
  useEffect(() => void history.reload(), [history, reads]);
  return (
    <div class="panel acct">
      <Fills s={s} organisation={history} />
    </div>
  );
}
