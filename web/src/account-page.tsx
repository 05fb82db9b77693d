/**
 * The consumer's account (#/account): sign in with a browser wallet or a local dev key,
 * then balances, a deposit to the vault on-chain, a buy form, rights held per series with
 * exercise (from one listing's provider, or the oldest sale first: account-exercise.ts), the access grants an exercise returns with their download at the provider's
 * gate, their escrow (with the rights the provider holds evidence of delivering) and a claim
 * on one not delivered, or a dispute of an evidenced delivery and the operator's decision (and,
 * when asked, the account's disputes from any session), a rating of what was received, open
 * orders (cancel, amend), its own fills and its synthetics' and options' cash settlements (newest
 * first, "More" for older ones: account-fills.tsx), its statement when asked (account-statement.tsx), every purchase (paged), the account's subscriptions (subscribe,
 * cancel, resume: account-subscriptions.tsx) and its usage grants' units used and left
 * (account-usage.tsx; a usage grant by records downloads part of them at a time). Every refused action shows its reason by name.
 * A reload keeps the tab signed in, here and on every page of this session (account-gate.tsx).
 * See account-session.ts and account-panels.tsx.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Told } from '../../src/client/delivery.js';
import { DISPUTE_REASON_TEXT, type AccountSession, nothingLeftText, parsePat, patOfWei, rightsLeft, type DisputeReason, type GrantRow } from './account-session.js';
import { ConnectionBanner, num, OutcomeBanner, Stat, Table } from './session-ui.js';
import { AccountGate } from './account-gate.js';
import { DepositForm, EscrowSummary, MyDisputes, Purchases, Ratings } from './account-panels.js';
import { WithdrawForm } from './withdraw-form.js';
import { Subscriptions } from './account-subscriptions.js';
import { UsageGrants, usageText } from './account-usage.js';
import { Fills, MarginEvents, Settlements, Transfers } from './account-fills.js';
import { Statement } from './account-statement.js';
import { exerciseFrom, listingOf, LISTING_REFUSALS } from './account-exercise.js';
import { date, exactPat, pat, price, sideName, windowSpan } from './format.js';
import { checkOrder, CONFIRM_ABOVE_MICROS, rulesOf } from './trade-ticket-logic.js';
import { market } from './market.js';
import { useSeriesTerms } from './series-terms.js';
import { wire } from '../../src/proto/index.js';
import './account.css';

function SeriesLabel({ s, seriesId }: { s: AccountSession; seriesId: number }) {
  // A closed series is not in the session's list: its terms are looked up, so a purchase of one still names the contract.
  const t = useSeriesTerms(seriesId, s.seriesInfo(seriesId));
  return (
    <span>
      <a href={`#/series/${seriesId}`}>{t?.contract ?? `series ${seriesId}`}</a>
      <span class="sid">
        #{seriesId}
        {t !== undefined ? ` · ${t.kind}${t.status === 'EXPIRED' ? ' · EXPIRED' : ''} · ${date(t.openAtMs)}` : ''}
      </span>
    </span>
  );
}

function BuyForm({ s }: { s: AccountSession }) {
  const buyable = s.series.filter((x) => x.status === wire.SeriesStatus.TRADING && x.kind === wire.SeriesKind.SPOT);
  const [seriesId, setSeriesId] = useState(Number(buyable[0]?.seriesId ?? 0));
  const ask = market.series.get(seriesId)?.askMicros ?? 0;
  const [priceText, setPriceText] = useState('');
  const [qtyText, setQtyText] = useState('1');
  const [tif, setTif] = useState<number>(wire.TimeInForce.IOC);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // Above CONFIRM_ABOVE_MICROS the order waits for a second click, as the trade ticket's does (it was sent at once).
  const [confirming, setConfirming] = useState<{ priceMicros: number; qty: number } | undefined>();
  const shownPrice = parsePat(priceText === '' && ask > 0 ? exactPat(ask) : priceText);
  const shownQty = Number(qtyText);
  const totalMicros = shownPrice !== undefined && shownPrice > 0 && Number.isSafeInteger(shownQty) && shownQty > 0 ? shownPrice * shownQty : undefined;
  const send = async (priceMicros: number, qty: number): Promise<void> => {
    setConfirming(undefined);
    setBusy(true);
    await s.buy(seriesId, priceMicros, qty, tif);
    setBusy(false);
  };
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    // The ticket's check of the price's form (4 decimals, the series' tick); its limits are the exchange's to refuse by name.
    const checked = checkOrder({ side: 'buy', qtyText, priceText: priceText === '' && ask > 0 ? exactPat(ask) : priceText, tif: tif === wire.TimeInForce.GTC ? 'gtc' : 'ioc' }, { tickMicros: rulesOf(s.seriesInfo(seriesId)).tickMicros ?? 0 });
    if (!checked.ok) return setError(checked.error);
    const { priceMicros, qty } = checked.order;
    setError(undefined);
    if (priceMicros * qty > CONFIRM_ABOVE_MICROS) return setConfirming({ priceMicros, qty });
    await send(priceMicros, qty);
  };
  return (
    <form class="panel acct-form" data-testid="buy-form" onSubmit={(e) => void submit(e)}>
      <h2>Buy access rights</h2>
      <label>
        Series
        <select data-testid="buy-series" value={seriesId} onChange={(e) => setSeriesId(Number((e.target as HTMLSelectElement).value))}>
          {buyable.map((x) => (
            <option key={String(x.seriesId)} value={Number(x.seriesId)}>
              {x.contract} #{String(x.seriesId)} · {windowSpan(Number(x.openAtMs), Number(x.closeAtMs))}
            </option>
          ))}
        </select>
      </label>
      <label>
        Price (PAT)
        <input data-testid="buy-price" inputMode="decimal" placeholder={ask > 0 ? pat(ask) : 'price'} value={priceText} onInput={(e) => setPriceText((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Quantity
        <input data-testid="buy-qty" inputMode="numeric" value={qtyText} onInput={(e) => setQtyText((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Time in force
        <select data-testid="buy-tif" value={tif} onChange={(e) => setTif(Number((e.target as HTMLSelectElement).value))}>
          <option value={wire.TimeInForce.IOC}>IOC (fill now or cancel)</option>
          <option value={wire.TimeInForce.GTC}>GTC (rest in the book)</option>
        </select>
      </label>
      <p class="hint">
        Broker's ask: <span data-testid="buy-ask">{price(ask)}</span> PAT{ask > 0 && priceText === '' ? ' (used when the price is empty)' : ''}
        {totalMicros !== undefined && (
          <>
            {' · '}at most <b data-testid="buy-total">{pat(totalMicros)}</b> PAT
          </>
        )}
      </p>
      {confirming === undefined ? (
        <button type="submit" data-testid="buy-submit" disabled={busy || buyable.length === 0}>
          Buy
        </button>
      ) : (
        <div class="confirm" data-testid="buy-confirm">
          Buy {confirming.qty} @ {pat(confirming.priceMicros)} PAT for <b>{pat(confirming.priceMicros * confirming.qty)} PAT</b>: more than {pat(CONFIRM_ABOVE_MICROS)} PAT. Send it?{' '}
          <button type="button" data-testid="buy-confirm-send" onClick={() => void send(confirming.priceMicros, confirming.qty)}>
            Send
          </button>{' '}
          <button type="button" data-testid="buy-confirm-back" onClick={() => setConfirming(undefined)}>
            Back
          </button>
        </div>
      )}
      {error !== undefined && <div class="acct-error" data-testid="buy-error">{error}</div>}
    </form>
  );
}

function OrderRow({ s, o }: { s: AccountSession; o: import('../../src/proto/index.js').patx.v1.IOrderView }) {
  const [editing, setEditing] = useState(false);
  const [priceText, setPriceText] = useState(exactPat(Number(o.priceMicros)));
  const [qtyText, setQtyText] = useState(String(o.orderQty));
  const orderId = Number(o.orderId);
  return (
    <tr data-order-id={orderId}>
      <td>{orderId}</td>
      <td class="acct-series">
        <SeriesLabel s={s} seriesId={Number(o.seriesId)} />
      </td>
      <td>{sideName(o.side)}</td>
      <td class="num">{editing ? <input class="acct-small" data-testid="amend-price" value={priceText} onInput={(e) => setPriceText((e.target as HTMLInputElement).value)} /> : price(Number(o.priceMicros))}</td>
      <td class="num">{editing ? <input class="acct-small" data-testid="amend-qty" value={qtyText} onInput={(e) => setQtyText((e.target as HTMLInputElement).value)} /> : String(o.orderQty)}</td>
      <td class="num">{String(o.cumQty ?? 0)}</td>
      <td class="num">{String(o.leavesQty ?? 0)}</td>
      <td class="acct-actions">
        {editing ? (
          <>
            <button
              type="button"
              data-testid="amend-save"
              onClick={() => {
                const p = parsePat(priceText);
                const q = Number(qtyText);
                if (p === undefined || !Number.isSafeInteger(q)) return;
                setEditing(false);
                void s.amend(orderId, q, p);
              }}
            >
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              ×
            </button>
          </>
        ) : (
          <>
            <button type="button" data-testid="amend" onClick={() => setEditing(true)}>
              Amend
            </button>
            <button type="button" data-testid="cancel" onClick={() => void s.cancel(orderId)}>
              Cancel
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function RightsRow({ s, seriesId, available, held, exercised }: { s: AccountSession; seriesId: number; available: number; held: number; exercised: number }) {
  const [qtyText, setQtyText] = useState(String(Math.max(available, 1)));
  useEffect(() => setQtyText(String(Math.max(available, 1))), [available]);
  // From one listing's provider only (a listing id), or empty: the oldest sale first.
  const [listingText, setListingText] = useState('');
  const [note, setNote] = useState<{ reason: string; text: string } | undefined>();
  const listing = listingOf(listingText);
  const go = async (): Promise<void> => {
    if (listing === 'invalid') return;
    setNote(undefined);
    const o = await exerciseFrom(s, seriesId, Number(qtyText), listing);
    if (o !== undefined && !o.ok && o.reason !== undefined && LISTING_REFUSALS[o.reason] !== undefined) setNote({ reason: o.reason, text: o.text });
  };
  return (
    <tr data-series-id={seriesId}>
      <td class="acct-series">
        <SeriesLabel s={s} seriesId={seriesId} />
      </td>
      <td class="num" data-testid="rights-available">
        {available}
      </td>
      <td class="num">{held}</td>
      <td class="num">{exercised}</td>
      <td class="acct-actions">
        <input class="acct-small" data-testid="exercise-qty" aria-label="rights to exercise" inputMode="numeric" value={qtyText} onInput={(e) => setQtyText((e.target as HTMLInputElement).value)} />{' '}
        <input
          class="acct-small"
          data-testid="exercise-listing"
          aria-label="from listing (a listing id; empty: oldest sale first)"
          title="Only this listing's provider's rights (a listing id); empty: the oldest sale first, whichever provider sold it"
          placeholder="listing"
          inputMode="numeric"
          value={listingText}
          onInput={(e) => setListingText((e.target as HTMLInputElement).value)}
        />{' '}
        <button type="button" data-testid="exercise" disabled={available === 0 || listing === 'invalid'} title={available === 0 ? 'no rights free to exercise here' : undefined} onClick={() => void go()}>
          Exercise
        </button>
        {listing === 'invalid' && (
          <div class="acct-error" style={{ whiteSpace: 'normal' }} data-testid="exercise-listing-error">
            listing: a listing id (a whole number), or empty for the oldest sale first
          </div>
        )}
        {note !== undefined && (
          <div class="acct-error" style={{ whiteSpace: 'normal' }} data-testid="exercise-refusal">
            <b data-testid="exercise-refusal-reason">{note.reason}</b> {note.text}
          </div>
        )}
      </td>
    </tr>
  );
}

/** What the exchange made of this download: receipted (delivered and counted toward the provider's reliability and payout), or why not. */
function Receipt({ told, failure = false, unit = 'right(s)' }: { told: Told; failure?: boolean; unit?: string }) {
  return (
    <span class="sid" data-testid="receipt-state" data-state={told.state}>
      {told.state === 'accepted' && (failure ? 'reported to the exchange' : `receipted: ${told.delivered} ${unit} delivered, ${told.counted} counted`)}
      {told.state === 'refused' && `receipt refused: ${told.error} ${told.message}`}
      {told.state === 'skipped' && `not receipted: ${told.reason}`}
    </span>
  );
}

/** The two disputes a consumer may file against an evidenced delivery, by what was wrong. */
const DISPUTES: ReadonlyArray<{ reason: DisputeReason; label: string; title: string }> = [
  { reason: 'missing-records', label: 'Dispute: records missing', title: 'Fewer records arrived than the provider says it served (or none): the operator weighs its signed statement against your receipts and decides.' },
  { reason: 'nonconforming', label: 'Dispute: records do not conform', title: 'The records do not match the listing version you bought: the conformance check measures them, and the operator decides.' },
];

/**
 * A grant's escrow, and a claim on it while it is held, nothing claimed or disputed and its dispute
 * window open (never on a usage grant: its unused units are refunded at its end without one). Once the provider holds evidence of delivering (the escrow says so, or a claim was
 * refused EVIDENCE_OF_DELIVERY) a claim that nothing arrived is refused: the consumer disputes
 * instead, saying what was wrong, and the operator decides.
 */
function GrantEscrowCell({ s, row }: { s: AccountSession; row: GrantRow }) {
  const e = row.escrow;
  const c = row.claim;
  const x = e.state === 'ok' ? e.value : null;
  const open = x !== null && x.state === 'held' && x.claim === null && x.dispute === null && Date.now() < x.disputeEndsAtMs && c.state !== 'filed' && c.state !== 'disputed';
  const evidenced = (x !== null && x.evidencedQty > 0) || (c.state === 'refused' && c.reason === 'EVIDENCE_OF_DELIVERY');
  const busy = c.state === 'busy';
  return (
    <td class="acct-escrow" data-testid="escrow">
      <EscrowSummary e={e} claimShown={c.state === 'filed'} />
      {open && !evidenced && row.usage === null && (
        <button type="button" class="acct-claim" data-testid="file-claim" disabled={busy} title="Not served? Unless the provider delivers by the claim's due time, you are refunded what it was paid for the rights nothing shows were delivered." onClick={() => void s.fileClaim(row)}>
          File claim
        </button>
      )}
      {open && evidenced && (
        <span class="acct-disputes">
          {DISPUTES.map((d) => (
            <button key={d.reason} type="button" class="acct-claim" data-testid="file-dispute" data-reason={d.reason} disabled={busy} title={d.title} onClick={() => void s.fileClaim(row, d.reason)}>
              {d.label}
            </button>
          ))}
        </span>
      )}
      {c.state === 'filed' && (
        <span class="sid" data-testid="claim-state" data-state="filed">
          claim filed, refund due {date(c.dueAtMs)} UTC unless delivered
        </span>
      )}
      {c.state === 'disputed' && x?.dispute == null && (
        <span class="sid" data-testid="claim-state" data-state="disputed">
          dispute filed ({DISPUTE_REASON_TEXT[c.reason]}): the provider holds evidence of delivering {c.evidencedQty} right(s); the operator decides
        </span>
      )}
      {c.state === 'refused' && (
        <span class="acct-error sid" data-testid="claim-state" data-state="refused">
          {c.reason === 'EVIDENCE_OF_DELIVERY' ? (
            <>
              claim refused: <b data-testid="claim-reason">{c.reason}</b> the provider holds evidence of delivering (your signed request or stream request and its signed statement of what it served, or a push your webhook took): dispute it instead, saying what was wrong
            </>
          ) : (
            <>
              claim refused: <b data-testid="claim-reason">{c.reason}</b> {c.message}
            </>
          )}
        </span>
      )}
      {x !== null && x.dispute !== null && x.dispute.decision === undefined && (
        <button type="button" class="linkish" data-testid="escrow-reload" title="Read the grant again: the operator's decision shows once made" onClick={() => void s.loadEscrow(row)}>
          check for a decision
        </button>
      )}
    </td>
  );
}

/** A usage grant by records: how many to download now (the rest stays for later, refunded at the end if never used). */
function UsageDownload({ s, row }: { s: AccountSession; row: GrantRow }) {
  const left = row.usage?.leftUnits ?? 0;
  const [text, setText] = useState(String(left));
  useEffect(() => setText(String(left)), [left]);
  const n = Number(text);
  const ok = Number.isSafeInteger(n) && n >= 1 && n <= left;
  return (
    <span class="acct-usage-download">
      <input class="acct-small" data-testid="usage-qty" inputMode="numeric" aria-label="records to download" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />{' '}
      <button type="button" data-testid="download" disabled={!ok} title={ok ? '' : `1 to ${left} records`} onClick={() => void s.download(row, n)}>
        Download
      </button>
    </span>
  );
}

function GrantLine({ s, row }: { s: AccountSession; row: GrantRow }) {
  const g = row.signed.grant;
  const d = row.download;
  const u = row.usage;
  // Until the grant's view is read, whether it is a usage grant (and what to ask the gate for) is not known.
  const known = row.escrow.state !== 'loading';
  const byRecords = u !== null && u.unit === 'records' && u.leftUnits > 0;
  // A one-time grant with every right delivered or refunded: nothing to ask the gate for.
  const spent = u === null && known && rightsLeft(row) === 0;
  return (
    <tr data-grant-id={g.grantId}>
      <td>{g.grantId}</td>
      <td class="acct-series">
        <SeriesLabel s={s} seriesId={g.seriesId} />
      </td>
      <td>
        {g.listingId} v{g.listingVersion}
        <span class="sid">{g.provider.slice(0, 10)}…</span>
      </td>
      <td class="num">
        {g.quantity}
        {u !== null && (
          <span class="sid" data-testid="grant-terms">
            usage: {u.perRight} {u.unit} a right
          </span>
        )}
      </td>
      <td>{date(g.expiresAtMs)}</td>
      <td data-testid="download-state">
        {u !== null && (
          <span class="sid" data-testid="grant-usage" data-used={u.usedUnits} data-left={u.leftUnits}>
            {usageText(u)}
          </span>
        )}
        {d.state === 'idle' && byRecords && <UsageDownload s={s} row={row} />}
        {d.state === 'idle' && !byRecords && spent && (
          <span class="sid" data-testid="all-delivered">
            {nothingLeftText(row)}
          </span>
        )}
        {d.state === 'idle' && !byRecords && !spent && (
          <button type="button" data-testid="download" disabled={!known || (u !== null && u.leftUnits === 0)} onClick={() => void s.download(row)}>
            Download
          </button>
        )}
        {d.state === 'busy' && <span class="muted">downloading…</span>}
        {d.state === 'received' && (
          <span>
            <span data-testid="records">{d.records.length}</span> records, saved as patx-grant-{g.grantId}.json{' '}
            <SavedAtOnce d={d} name={`patx-grant-${g.grantId}.json`} />
            <span class="sid">
              {d.remaining} {d.usage?.unit ?? 'right(s)'} left at the gate · {d.endpoint}
            </span>
            <Receipt told={d.receipt} unit={d.usage?.unit} />
          </span>
        )}
        {d.state === 'failed' && (
          <span class="acct-error">
            <b data-testid="download-reason">{d.reason}</b> {d.message}
            {d.report !== undefined && <Receipt told={d.report} failure />}
          </span>
        )}
      </td>
      <GrantEscrowCell s={s} row={row} />
    </tr>
  );
}

/**
 * The downloaded records saved as a file at once, and a link to save them again. A download is receipted (the
 * provider is paid, the rights count as delivered), so records left in the page until a second click were lost to a
 * reload or a closed tab, with nothing left to fetch at the gate.
 */
function SavedAtOnce({ d, name }: { d: Extract<GrantRow['download'], { state: 'received' }>; name: string }) {
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (d.saved === true || link.current === null) return;
    d.saved = true;
    link.current.click();
  }, [d]);
  return (
    <a href={d.url} download={name} data-testid="save-json" ref={link}>
      save again
    </a>
  );
}

/** No grant rows: none yet, still reading, or the read refused (it said "none yet" while the account held grants). */
function GrantsEmpty({ s }: { s: AccountSession }) {
  const read = s.usageGrants; // GET /v1/grants/mine: the same read fills both tables
  if (read.state === 'loading') return <span class="muted">loading…</span>;
  if (read.state === 'refused') {
    return (
      <span class="acct-error" data-testid="grants-refused">
        could not read your grants: <b>{read.reason}</b> {read.message}{' '}
        <button type="button" class="linkish" onClick={() => void s.loadGrants()}>
          try again
        </button>
      </span>
    );
  }
  return <>None yet: an exercise returns one signed grant per provider.</>;
}

function Signed({ s, onSignOut }: { s: AccountSession; onSignOut: () => void }) {
  const a = s.account;
  const rights = (a?.positions ?? []).filter((p) => (p.kind ?? wire.SeriesKind.SPOT) === wire.SeriesKind.SPOT && (Number(p.available ?? 0) > 0 || Number(p.held ?? 0) > 0 || Number(p.exercised ?? 0) > 0));
  const others = (a?.positions ?? []).filter((p) => (p.kind ?? wire.SeriesKind.SPOT) !== wire.SeriesKind.SPOT && Number(p.available ?? 0) !== 0);
  return (
    <section class="acct">
      <h1>
        Account <span class="muted" data-testid="account-id">#{String(a?.accountId ?? s.client.accountId)}</span>
      </h1>
      <p class="hint">
        <span data-testid="account-address">{s.address}</span> · {wire.Role[s.client.role] ?? s.client.role} · signed in with a {s.via}{' '}
        <a href="#/account/dashboard" data-testid="dashboard-link">
          dashboard
        </a>{' '}
        <button type="button" class="linkish" data-testid="signout" onClick={onSignOut}>
          sign out
        </button>
      </p>
      <ConnectionBanner s={s} />
      <OutcomeBanner o={s.outcome} />
      <div class="stats acct-stats">
        <Stat label="Available" testid="available">
          {patOfWei(a?.availableWei)} PAT
        </Stat>
        <Stat label="Held (open orders)" testid="held">
          {patOfWei(a?.heldWei)} PAT
        </Stat>
        <Stat label="Locked (escrow, margin)">{patOfWei(a?.lockedWei)} PAT</Stat>
        <Stat label="Pending withdrawal">{patOfWei(a?.pendingWithdrawalWei)} PAT</Stat>
      </div>
      <div class="grid">
        <div class="stack">
          <DepositForm s={s} />
          <WithdrawForm s={s} />
        </div>
        <BuyForm s={s} />
      </div>
      <div class="panel acct-rights">
        <h2>
          Rights held <span class="hint">exercise one to get a signed access grant; name a listing to redeem only its provider's rights (empty: the oldest sale first)</span>
        </h2>
        <Table
          testid="rights"
          columns={['Series', num('Available'), num('Held'), num('Exercised'), 'Exercise (quantity, from listing)']}
          rows={rights.map((p) => (
            <RightsRow key={String(p.seriesId)} s={s} seriesId={Number(p.seriesId)} available={Number(p.available ?? 0)} held={Number(p.held ?? 0)} exercised={Number(p.exercised ?? 0)} />
          ))}
          empty="No rights yet: buy some."
        />
        {others.length > 0 && <p class="hint">Also {others.length} forward or cash-settled position(s): see the market pages.</p>}
      </div>
      <Subscriptions s={s} />
      <h2>
        Access grants <span class="hint">the provider's proceeds stay held in escrow until you receipt a download; not served, file a claim before the dispute window ends; when the provider holds evidence of delivering, dispute what was wrong and the operator decides</span>
      </h2>
      <Table
        testid="grants"
        columns={['Grant', 'Series', 'Listing', num('Rights'), 'Expires (UTC)', "Download at the provider's gate", 'Escrow']}
        rows={s.grants.map((g) => (
          <GrantLine key={g.signed.grant.grantId} s={s} row={g} />
        ))}
        empty={<GrantsEmpty s={s} />}
      />
      <UsageGrants s={s} />
      <MyDisputes s={s} />
      <Ratings s={s} />
      <h2>Open orders</h2>
      <Table
        testid="orders"
        columns={['Order', 'Series', 'Side', num('Price'), num('Qty'), num('Filled'), num('Open'), '']}
        rows={s.orders.map((x) => (
          <OrderRow key={String(x.orderId)} s={s} o={x} />
        ))}
        empty="No open orders."
      />
      <Fills s={s} />
      <Settlements s={s} />
      <MarginEvents s={s} />
      <Transfers s={s} />
      <Statement s={s} />
      <Purchases s={s} label={(seriesId) => <SeriesLabel s={s} seriesId={seriesId} />} />
    </section>
  );
}

export function AccountPage() {
  return <AccountGate signed={(s, onSignOut) => <Signed s={s} onSignOut={onSignOut} />} />;
}
