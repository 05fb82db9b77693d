/**
 * The account page's subscriptions (issue 56; docs/subscriptions.md): standing instructions
 * the exchange keeps for this account. A form subscribes to a spot contract the exchange lists
 * (quantity per window, a price cap and a budget in PAT, bought when a window opens or is
 * listed); a table shows each subscription's contract, terms, status, windows bought and
 * skipped, and its last activity (a skip with its reason's message), with Cancel and Resume.
 * Every call is the client's (src/client/subscriptions.ts), wallet-signed; a refusal shows by
 * name in the page's outcome banner.
 *
 * The list is read when the page opens, after each action, whenever the account's balance or
 * rights change (a subscription's purchase changes both), and by its reload button: never on a
 * timer, as a browser wallet asks its user to sign every read.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  cancelSubscription,
  getSubscription,
  listSubscriptions,
  patToMicros,
  resumeSubscription,
  subscribe,
  SubscriptionError,
  type Subscription,
  type SubscriptionActivity,
  type SubscriptionPage,
  type SubscriptionsHttp,
} from '../../src/client/subscriptions.js';
import { wire } from '../../src/proto/index.js';
import type { AccountSession, Loaded } from './account-session.js';
import { ContractName } from './contract-name.js';
import { market } from './market.js';
import { date, pat, price } from './format.js';
import { num, Table } from './session-ui.js';

/** Subscriptions one page shows (the account holds 64 live at most; closed ones follow, newest first). */
const SHOWN = 50;

function httpOf(s: AccountSession): SubscriptionsHttp {
  return { url: location.origin, wallet: s.signer, chainId: s.chainId };
}

/** The refusal of a client call, by name. */
function refusalOf(error: unknown): { reason: string; message: string } {
  if (error instanceof SubscriptionError) return { reason: error.code, message: error.detail };
  return { reason: 'ERROR', message: error instanceof Error ? error.message : String(error) };
}

/** The spot contracts the exchange lists now (a spot series of it trading), in the order the session lists them. */
function spotContracts(s: AccountSession): string[] {
  const out: string[] = [];
  for (const x of s.series) {
    if (x.kind !== wire.SeriesKind.SPOT || x.status !== wire.SeriesStatus.TRADING || x.contract === undefined || x.contract === null) continue;
    if (!out.includes(x.contract)) out.push(x.contract);
  }
  return out;
}

/** The broker's ask in the contract's open spot window, if it asks (what the cap is measured against). */
function askOf(s: AccountSession, contract: string): number {
  const now = Date.now();
  for (const x of s.series) {
    if (x.contract !== contract || x.kind !== wire.SeriesKind.SPOT || Number(x.openAtMs) > now || now >= Number(x.closeAtMs)) continue;
    const ask = market.series.get(Number(x.seriesId))?.askMicros ?? 0;
    if (ask > 0) return ask;
  }
  return 0;
}

/** What one activity entry says, for people. */
function Activity({ a }: { a: SubscriptionActivity }) {
  const at = <span class="sid">{date(a.atMs)} UTC</span>;
  switch (a.type) {
    case 'filled':
      return (
        <span data-testid="sub-last" data-type="filled">
          bought {a.qty} of {a.requestedQty} in <a href={`#/series/${a.seriesId}`}>series #{a.seriesId}</a> for {pat(a.costMicros)} PAT {at}
        </span>
      );
    case 'skipped':
      return (
        <span data-testid="sub-last" data-type="skipped" class="acct-skip">
          skipped <a href={`#/series/${a.seriesId}`}>series #{a.seriesId}</a>: <b data-testid="sub-skip-reason">{a.reason}</b>
          {a.rejectReason !== null ? ` (${a.rejectReason})` : ''}
          {a.askMicros > 0 ? ` at an ask of ${pat(a.askMicros)} PAT` : ''} — <span data-testid="sub-skip-message">{a.message}</span> {at}
        </span>
      );
    case 'exercised':
      return (
        <span data-testid="sub-last" data-type="exercised">
          exercised {a.qty} in <a href={`#/series/${a.seriesId}`}>series #{a.seriesId}</a>: access grants issued (exercise {a.exerciseId}) {at}
        </span>
      );
    case 'status':
      return (
        <span data-testid="sub-last" data-type="status">
          {a.change.toLowerCase().replace(/_/g, ' ')} {at}
        </span>
      );
  }
}

/** Activity entries one row's "Activity" shows, newest first. */
const ACTIVITY_SHOWN = 10;

function SubscriptionRow({ s, x, busy, act }: { s: AccountSession; x: Subscription; busy: boolean; act: (what: 'cancel' | 'resume', x: Subscription) => void }) {
  const live = x.status === 'active' || x.status === 'paused';
  // What it did, read on demand (one signed request: a browser wallet asks each time).
  const [activity, setActivity] = useState<Loaded<SubscriptionActivity[]> | undefined>(undefined);
  const toggle = (): void => {
    if (activity !== undefined) return setActivity(undefined);
    setActivity({ state: 'loading' });
    getSubscription(httpOf(s), x.subscriptionId, { limit: ACTIVITY_SHOWN }).then(
      (one) => setActivity({ state: 'ok', value: one.activity }),
      (error: unknown) => setActivity({ state: 'refused', ...refusalOf(error) }),
    );
  };
  return (
    <>
      <tr data-subscription-id={x.subscriptionId} data-status={x.status}>
        <td class="acct-sub-contract">
          <ContractName contract={x.contract} />
          <span class="sid">
            #{x.subscriptionId} · when a window {x.trigger === 'list' ? 'is listed' : 'opens'}
            {x.autoExercise ? ' · exercised' : ''}
          </span>
        </td>
        <td class="num" data-testid="sub-qty">
          {x.qtyPerWindow}
        </td>
        <td class="num" data-testid="sub-cap">
          {pat(x.capPriceMicros)}
        </td>
        <td class="num" data-testid="sub-budget">
          {pat(x.spentMicros)} / {pat(x.budgetMicros)}
        </td>
        <td>
          <b class={`acct-sub-${x.status}`} data-testid="sub-status">
            {x.status}
          </b>
          {x.status === 'paused' && <span class="sid">after {x.skipsInRow} skip(s) in a row</span>}
        </td>
        <td class="num" data-testid="sub-windows">
          {x.windowsBought} / {x.windowsSkipped}
        </td>
        <td class="acct-sub-last">{x.last === null ? <span class="muted">nothing yet</span> : <Activity a={x.last} />}</td>
        <td class="acct-actions">
          {x.status === 'paused' && (
            <button type="button" data-testid="sub-resume" disabled={busy} title="Buy again from the next window" onClick={() => act('resume', x)}>
              Resume
            </button>
          )}
          {live && (
            <button type="button" data-testid="sub-cancel" disabled={busy} title="No window is bought after this; rights bought stay yours" onClick={() => act('cancel', x)}>
              Cancel
            </button>
          )}
          <button type="button" class="linkish" data-testid="sub-activity-toggle" aria-expanded={activity !== undefined} onClick={toggle}>
            {activity === undefined ? 'activity' : 'hide'}
          </button>
        </td>
      </tr>
      {activity !== undefined && (
        <tr class="acct-sub-activity" data-testid="sub-activity" data-subscription-id={x.subscriptionId}>
          <td colSpan={8}>
            {activity.state === 'loading' && <span class="muted">loading…</span>}
            {activity.state === 'refused' && (
              <span class="acct-error">
                <b>{activity.reason}</b> {activity.message}
              </span>
            )}
            {activity.state === 'ok' && (
              <ol>
                {activity.value.map((a) => (
                  <li key={`${a.seq}-${a.type}`}>
                    <Activity a={a} />
                  </li>
                ))}
              </ol>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function SubscribeForm({ s, onSubscribed }: { s: AccountSession; onSubscribed: () => void }) {
  const contracts = spotContracts(s);
  const [contract, setContract] = useState(contracts[0] ?? '');
  const chosen = contracts.includes(contract) ? contract : (contracts[0] ?? '');
  const [qtyText, setQtyText] = useState('1');
  const [capText, setCapText] = useState('');
  const [budgetText, setBudgetText] = useState('');
  const [trigger, setTrigger] = useState<'open' | 'list'>('open');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const ask = askOf(s, chosen);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const qtyPerWindow = Number(qtyText);
    const capPriceMicros = patToMicros(capText);
    const budgetMicros = patToMicros(budgetText);
    if (!/^\d{1,7}$/.test(qtyText.trim()) || qtyPerWindow <= 0) return setError('quantity: a positive whole number of rights per window');
    if (capPriceMicros === undefined || capPriceMicros <= 0) return setError('cap: a positive number of PAT, at most 6 decimals');
    if (budgetMicros === undefined || budgetMicros <= 0) return setError('budget: a positive number of PAT, at most 6 decimals');
    setError(undefined);
    setBusy(true);
    try {
      const made = await subscribe(httpOf(s), { contract: chosen, qtyPerWindow, capPriceMicros, budgetMicros, trigger });
      s.outcome = { ok: true, action: `subscribe to ${chosen}`, text: `subscription #${made.subscriptionId}: ${qtyPerWindow} per window at most ${pat(capPriceMicros)} PAT each, budget ${pat(budgetMicros)} PAT` };
    } catch (err) {
      const r = refusalOf(err);
      s.outcome = { ok: false, action: `subscribe to ${chosen}`, reason: r.reason, text: r.message };
    }
    setBusy(false);
    s.changed();
    onSubscribed();
  };
  return (
    <form class="acct-form acct-sub-form" data-testid="subscribe-form" onSubmit={(e) => void submit(e)}>
      <label>
        Contract
        <select data-testid="sub-contract" value={chosen} onChange={(e) => setContract((e.target as HTMLSelectElement).value)}>
          {contracts.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        Rights per window
        <input data-testid="sub-qty-input" inputMode="numeric" value={qtyText} onInput={(e) => setQtyText((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Cap per right (PAT)
        <input data-testid="sub-cap-input" inputMode="decimal" placeholder={ask > 0 ? pat(ask) : '0.9'} value={capText} onInput={(e) => setCapText((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Budget (PAT)
        <input data-testid="sub-budget-input" inputMode="decimal" placeholder="20" value={budgetText} onInput={(e) => setBudgetText((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Buy each window
        <select data-testid="sub-trigger" value={trigger} onChange={(e) => setTrigger((e.target as HTMLSelectElement).value === 'list' ? 'list' : 'open')}>
          <option value="open">when it opens</option>
          <option value="list">when it is listed</option>
        </select>
      </label>
      <div class="acct-sub-submit">
        <button type="submit" data-testid="sub-submit" disabled={busy || contracts.length === 0}>
          Subscribe
        </button>
      </div>
      <p class="hint acct-sub-note">
        The window open now is bought too. Broker's ask in it now: <span data-testid="sub-ask">{price(ask)}</span> PAT; a window asked above your cap is skipped and says why, and 3 skips in a row pause the subscription.
      </p>
      {error !== undefined && <div class="acct-error acct-sub-note" data-testid="sub-error">{error}</div>}
    </form>
  );
}

export function Subscriptions({ s }: { s: AccountSession }) {
  const [page, setPage] = useState<Loaded<SubscriptionPage>>({ state: 'loading' });
  const [busy, setBusy] = useState(false);
  const load = async (): Promise<void> => {
    try {
      setPage({ state: 'ok', value: await listSubscriptions(httpOf(s), { limit: SHOWN }) });
    } catch (error) {
      setPage({ state: 'refused', ...refusalOf(error) });
    }
  };
  // A purchase by a subscription changes the balance and the rights held: read the list again then.
  const a = s.account;
  const rightsKey = (a?.positions ?? []).map((p) => `${String(p.seriesId)}:${String(p.available ?? 0)}:${String(p.exercised ?? 0)}`).join(',');
  useEffect(() => void load(), [a?.availableWei, rightsKey]);
  const act = (what: 'cancel' | 'resume', x: Subscription): void => {
    setBusy(true);
    void (what === 'cancel' ? cancelSubscription : resumeSubscription)(httpOf(s), x.subscriptionId)
      .then(
        (after) => {
          s.outcome = { ok: true, action: `${what} subscription #${x.subscriptionId}`, text: `${after.contract}: ${after.status}` };
        },
        (error: unknown) => {
          const r = refusalOf(error);
          s.outcome = { ok: false, action: `${what} subscription #${x.subscriptionId}`, reason: r.reason, text: r.message };
        },
      )
      .then(load)
      .finally(() => {
        setBusy(false);
        s.changed();
      });
  };
  return (
    <div class="panel acct-subs" data-testid="subscriptions-panel">
      <h2>
        Subscriptions{' '}
        <span class="hint">the exchange buys each new window of a contract for you at the broker's ask, up to your cap and within your budget, and exercises it</span>{' '}
        <button type="button" class="linkish" data-testid="subscriptions-reload" onClick={() => void load()}>
          reload
        </button>
      </h2>
      <SubscribeForm s={s} onSubscribed={() => void load()} />
      {page.state === 'loading' && <p class="muted">loading…</p>}
      {page.state === 'refused' && (
        <p class="acct-error" data-testid="subscriptions-refused">
          <b>{page.reason}</b> {page.message}
        </p>
      )}
      {page.state === 'ok' && (
        <Table
          testid="subscriptions"
          columns={['Contract', num('Per window'), num('Cap (PAT)'), num('Spent / budget (PAT)'), 'Status', num('Windows bought / skipped'), 'Last activity', '']}
          rows={page.value.subscriptions.map((x) => (
            <SubscriptionRow key={x.subscriptionId} s={s} x={x} busy={busy} act={act} />
          ))}
          empty="No subscriptions yet: subscribe above."
          after={page.value.total > page.value.subscriptions.length && <p class="hint">The newest {page.value.subscriptions.length} of {page.value.total}.</p>}
        />
      )}
    </div>
  );
}
