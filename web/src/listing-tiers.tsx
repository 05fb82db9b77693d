/**
 * A listing's subscription tiers and bundles on its page (#/catalog/ID; docs/subscriptions.md,
 * "Tiers"; docs/catalog.md, "Bundles"). Public: each tier's contracts, cadence, price rule, what
 * one window costs at the broker's asks now and its seats taken; each bundle's quote (its legs
 * at the asks, the sum, or the leg that cannot fill). Signed in (the account's session, as the
 * trade ticket's): subscribe to a tier with a budget, buy a bundle at its quote (every leg or
 * none). Every call is the client's (src/client/tiers.ts); a refusal shows by name, a bundle's
 * with its leg. Read when the panel opens, after each action and by its reload link.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { PatxHttpError } from '../../src/client/http.js';
import { buyBundle, getBundleQuote, getListingTiers, subscribeTier, type BundleQuote, type ListingTiers, type TierView } from '../../src/client/tiers.js';
import { parsePat, type AccountSession } from './account-session.js';
import { ACCOUNT_SIGN_IN } from './account-slot.js';
import { pat } from './format.js';
import { AccountGate } from './account-gate.js';

type Result = { ok: boolean; text: string } | undefined;

function refusalText(error: unknown): string {
  if (error instanceof PatxHttpError) return `${error.code}: ${error.detail}`;
  return error instanceof Error ? error.message : String(error);
}

function ruleText(t: TierView): string {
  if (t.price.rule === 'ask') return "the broker's ask";
  if (t.price.rule === 'ask-capped') return `the ask, at most +${t.price.capBps} bps`;
  return `the ask, at most ${pat(t.price.windowBudgetMicros)} PAT a window`;
}

export function ListingTiersPanel({ id }: { id: number }) {
  const [tiers, setTiers] = useState<ListingTiers | { error: string } | undefined>(undefined);
  const [quotes, setQuotes] = useState<Record<string, BundleQuote>>({});
  const [result, setResult] = useState<Result>(undefined);
  const latest = useRef(0);
  const http = { url: location.origin };
  // Tiers and quotes are shown together and only from the newest read: a read started before an
  // action can answer after the one started by it, and half of each would show a cost the other denies.
  const load = async (): Promise<void> => {
    const mine = ++latest.current;
    try {
      const t = await getListingTiers(http, id);
      const qs = await Promise.all(t.bundles.map((b) => getBundleQuote(http, id, b.name)));
      if (mine !== latest.current) return;
      setTiers(t);
      setQuotes(Object.fromEntries(qs.map((q) => [q.name, q])));
    } catch (error) {
      if (mine === latest.current) setTiers({ error: refusalText(error) });
    }
  };
  useEffect(() => {
    void load();
  }, [id]);

  if (tiers === undefined) return null;
  if ('error' in tiers) return <p class="hint" data-testid="tiers-error">Tiers: {tiers.error}</p>;
  if (tiers.tiers.length === 0 && tiers.bundles.length === 0) return null;
  return (
    // `acct`: the account page's controls (its inputs, buttons and links), so the signed-in form looks and works as they do.
    <div class="panel acct" data-testid="tiers">
      <h2>
        Subscription tiers and bundles <span class="muted">(priced at the broker's asks now)</span>{' '}
        {/* A button, not a javascript: link, which the console's Content-Security-Policy (script-src 'self') refuses to run. */}
        <button type="button" class="linkish" data-testid="tiers-reload" onClick={() => void load()}>
          reload
        </button>
      </h2>
      {result !== undefined && (
        <div class={result.ok ? 'acct-ok' : 'banner'} role={result.ok ? 'status' : 'alert'} data-testid="tiers-outcome">
          {result.text}
        </div>
      )}
      {tiers.tiers.length > 0 && (
        <div class="table-wrap">
          <table data-testid="tiers-table">
            <thead>
              <tr>
                <th>Tier</th>
                <th>Contracts</th>
                <th>Every</th>
                <th>Price</th>
                <th class="num">A window now, PAT</th>
                <th class="num">Seats</th>
              </tr>
            </thead>
            <tbody>
              {tiers.tiers.map((t) => (
                <tr key={t.name} data-tier={t.name}>
                  <td><b>{t.name}</b></td>
                  <td class="cat-text">{t.contracts.map((c) => `${t.qtyPerContract} × ${c}`).join(', ')}</td>
                  <td>{t.everyWindows === 1 ? 'window' : `${t.everyWindows} windows`}</td>
                  <td>{ruleText(t)}</td>
                  <td class="num" data-testid="tier-window-cost">{t.windowCostMicros === null ? '—' : pat(t.windowCostMicros)}</td>
                  <td class="num" data-testid="tier-seats">{t.seatsTaken}/{t.seats}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {tiers.bundles.map((b) => {
        const q = quotes[b.name];
        return (
          <p key={b.name} data-testid="bundle" data-bundle={b.name}>
            Bundle <b>{b.name}</b>: {b.legs.map((l) => `${l.qty} × ${l.contract}`).join(' + ')} —{' '}
            <span data-testid="bundle-quote">{q === undefined ? '…' : q.costMicros === null ? `leg ${q.unfillableLeg} cannot fill at the asks now` : `${pat(q.costMicros)} PAT at the asks`}</span>
          </p>
        );
      })}
      <AccountGate compact text={{ ...ACCOUNT_SIGN_IN, title: 'Sign in to subscribe or buy' }} signInTestId="tiers-signin" signed={(s) => <Actions s={s} id={id} tiers={tiers} quotes={quotes} onDone={(r) => { setResult(r); void load(); }} />} />
    </div>
  );
}

function Actions({ s, id, tiers, quotes, onDone }: { s: AccountSession; id: number; tiers: ListingTiers; quotes: Record<string, BundleQuote>; onDone: (r: Result) => void }) {
  const [tier, setTier] = useState(tiers.tiers[0]?.name ?? '');
  const [budget, setBudget] = useState('10');
  const http = { url: location.origin, wallet: s.signer, chainId: s.chainId };
  const subscribe = async (): Promise<void> => {
    const budgetMicros = parsePat(budget);
    if (budgetMicros === undefined || budgetMicros <= 0) return onDone({ ok: false, text: 'BAD_BUDGET: a budget in PAT, e.g. 10' });
    try {
      const t = await subscribeTier(http, { listingId: id, tier, budgetMicros });
      onDone({ ok: true, text: `Subscribed to ${t.tier}: tier subscription ${t.tierSubscriptionId} (subscriptions ${t.subscriptionIds.join(', ')}; seat ${t.seatsTaken} of ${t.seats}). Its purchases show on the Account page.` });
    } catch (error) {
      onDone({ ok: false, text: refusalText(error) });
    }
  };
  const buy = async (name: string): Promise<void> => {
    const q = quotes[name];
    if (q === undefined || q.costMicros === null) return onDone({ ok: false, text: `BUNDLE_LEG_UNFILLABLE: leg ${q?.unfillableLeg ?? '?'} cannot fill at the asks now` });
    try {
      const b = await buyBundle(http, id, name, q.costMicros);
      onDone({ ok: true, text: `Bought bundle ${name} for ${pat(b.costMicros)} PAT: ${b.legs.map((l) => `${l.qty} × ${l.contract}`).join(', ')}` });
    } catch (error) {
      onDone({ ok: false, text: refusalText(error) });
    }
  };
  return (
    <div class="tiers-actions" data-testid="tiers-actions">
      {tiers.tiers.length > 0 && (
        <form
          class="acct-form tiers-form"
          onSubmit={(e) => {
            e.preventDefault();
            void subscribe();
          }}
        >
          <label>
            Tier{' '}
            <select data-testid="tier-pick" value={tier} onChange={(e) => setTier((e.target as HTMLSelectElement).value)}>
              {tiers.tiers.map((t) => (
                <option key={t.name} value={t.name}>{t.name}</option>
              ))}
            </select>
          </label>{' '}
          <label>
            Budget PAT <input data-testid="tier-budget" size={8} value={budget} onInput={(e) => setBudget((e.target as HTMLInputElement).value)} />
          </label>{' '}
          <button type="submit" data-testid="tier-subscribe">Subscribe</button>
        </form>
      )}
      {tiers.bundles.map((b) => (
        <button key={b.name} type="button" data-testid="bundle-buy" data-bundle={b.name} onClick={() => void buy(b.name)}>
          {/* The price it is bought at, on the button that spends it (it sends at once, at most this). */}
          Buy bundle {b.name}
          {quotes[b.name]?.costMicros != null ? ` for at most ${pat(quotes[b.name]!.costMicros!)} PAT` : ''}
        </button>
      ))}
    </div>
  );
}
