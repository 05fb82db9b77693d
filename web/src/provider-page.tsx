/**
 * The provider's page (#/provider): sign in with a browser wallet or a local dev key (a
 * first login opens a PROVIDER account), then its listings with their quality metrics and
 * trust score, capacity and minting per spot series, a sell form at the broker's bid, its
 * open sells, its sales, the grants it owes delivery on (what its gate reported, the
 * proceeds held behind each, the rights its evidence covers, and any dispute with the
 * operator's decision) and its payout statement with the proceeds held in escrow now. Every refused action or route shows its reason by name. See
 * provider-session.ts.
 */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { patOfWei } from './account-session.js';
import { checkOrder, rulesOf } from './trade-ticket-logic.js';
import { EscrowSummary } from './account-panels.js';
import { Fills, Time } from './account-fills.js';
import { DELIVERIES_PER_PAGE, ProviderSession, type Loaded, type OwnListing, type Statement } from './provider-session.js';
import { ConnectionBanner, num, OutcomeBanner, Pager, SessionPage, SignIn, Stat, Table, usePaged } from './session-ui.js';
import { PROVIDER_SIGN_IN, providerSlot } from './provider-slot.js';
import { ListingEditor, type EditorTarget } from './listing-editor.js';
import { draftOf } from './listing-form.js';
import { WithdrawForm } from './withdraw-form.js';
import { date, exactPat, pat, price } from './format.js';
import { market } from './market.js';
import { useSeriesTerms } from './series-terms.js';
import { usePhoneWidth } from './phone-width.js';
import { wire } from '../../src/proto/index.js';
import './account.css';
import './provider.css';

const slot = providerSlot;

/** Rows per page of the sales, the payout statement's batches and its months. */
const ROWS_PER_PAGE = 10;

const percent = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

const SIGN_IN = PROVIDER_SIGN_IN;

/**
 * A long section of the page: open on a wide screen, folded to its heading (with its count) on a phone, where
 * its rows become a card each and the page would otherwise run to a dozen screens (issue 77: 8,400 px at 390 px).
 */
function Section({ title, hint, count, testid, children }: { title: string; hint?: string; count?: number | undefined; testid: string; children: ComponentChildren }) {
  const phone = usePhoneWidth();
  return (
    <details class="prov-section" open={!phone} data-testid={`${testid}-section`}>
      <summary>
        <h2>
          {title}
          {count !== undefined && <span class="prov-count"> ({count})</span>} {hint !== undefined && <span class="hint">{hint}</span>}
        </h2>
      </summary>
      {children}
    </details>
  );
}

function Refused({ what, l }: { what: string; l: Loaded<unknown> }) {
  if (l.state === 'loading') return <p class="muted">loading…</p>;
  if (l.state === 'ok') return null;
  return (
    <p class="acct-error" data-testid={`${what}-refused`}>
      <b data-testid="route-reason">{l.reason}</b> {l.message}
    </p>
  );
}

function SeriesLabel({ s, seriesId }: { s: ProviderSession; seriesId: number }) {
  // A closed series is not in the session's list: its terms are looked up, so its row still names the contract.
  const t = useSeriesTerms(seriesId, s.account.seriesInfo(seriesId));
  return (
    <span>
      <a href={`#/series/${seriesId}`}>{t?.contract ?? `series ${seriesId}`}</a>
      <span class="sid">
        #{seriesId}
        {t !== undefined ? ` · ${t.status} · ${date(t.openAtMs)}` : ''}
      </span>
    </span>
  );
}

function Listings({ s }: { s: ProviderSession }) {
  const l = s.listings;
  const [editor, setEditor] = useState<EditorTarget | undefined>();
  /** The listing whose versions are being read for the form (its Edit waits), or why they could not be. */
  const [opening, setOpening] = useState<{ id: number } | { refused: string } | undefined>();
  /** Read before any await: a second press of Edit while its read is on its way reads nothing more. */
  const reading = useRef(false);
  const segments = [...new Set([...market.series.values()].map((r) => r.contract.split('|')[0]!))].sort();
  const edit = async (x: OwnListing): Promise<void> => {
    if (reading.current) return;
    reading.current = true;
    setOpening({ id: x.id });
    try {
      const full = await s.listing(x.id);
      if (full.state === 'refused') return setOpening({ refused: `${full.reason}: could not read listing #${x.id} to edit it (${full.message})` });
      setOpening(undefined);
      if (full.state !== 'ok') return;
      // The newest version the provider wrote: the one awaiting review, else the live one.
      const latest = full.value.pending?.version ?? full.value.versions.at(-1)!;
      setEditor({ mode: 'edit', listing: x, draft: draftOf(x.segment, latest), base: latest });
    } finally {
      reading.current = false;
    }
  };
  // A refusal to open one listing is no longer the news once another form opens or this one closes.
  const openEditor = (target: EditorTarget | undefined): void => {
    setOpening(undefined);
    setEditor(target);
  };
  return (
    <div class="panel">
      <h2>
        Listings <span class="hint">quality measured on each sample; trust 0–1 (docs/catalog.md)</span>{' '}
        <button type="button" class="linkish" data-testid="listing-new" onClick={() => openEditor({ mode: 'create' })}>
          new listing
        </button>
      </h2>
      {editor !== undefined && <ListingEditor key={editor.mode === 'edit' ? editor.listing.id : 'new'} s={s} target={editor} segments={segments} onDone={() => openEditor(undefined)} />}
      {opening !== undefined && 'refused' in opening && (
        <p class="acct-error" data-testid="listing-open-refused">
          {opening.refused}
        </p>
      )}
      <Refused what="listings" l={l} />
      {l.state === 'ok' && (
        <Table
          testid="listings"
          columns={['Listing', 'Status', num('Trust'), { label: 'Complete', num: true, wide: true }, { label: 'Valid', num: true, wide: true }, { label: 'Unique', num: true, wide: true }, { label: 'Timely', num: true, wide: true }, { label: 'Consistent', num: true, wide: true }, { label: 'Accurate', num: true, wide: true }, num('Sample rows'), '']}
          rows={l.value.map((x) => (
              <tr key={x.id} data-listing-id={x.id}>
                <td class="acct-series">
                  {x.title}
                  <span class="sid">
                    #{x.id} v{x.version} · {x.segment} · {x.cadence}
                  </span>
                </td>
                <td data-testid="listing-status">
                  {x.status.toUpperCase()}
                  {/* A material change waits for the operator; the live version (above) stays live meanwhile. */}
                  {x.pendingReview !== undefined && (
                    <span class="sid" data-testid="listing-pending" title={`changes ${x.pendingReview.changes.join(', ')}`}>
                      v{x.pendingReview.version} pending review
                    </span>
                  )}
                  {x.pendingReview === undefined && x.rejectedVersion !== undefined && (
                    <span class="sid" data-testid="listing-version-rejected">
                      v{x.rejectedVersion.version} rejected: {x.rejectedVersion.reason}
                    </span>
                  )}
                </td>
                <td class="num" data-testid="trust">
                  {x.trust.toFixed(3)}
                </td>
                <td class="num wide">{percent(x.quality.completeness)}</td>
                <td class="num wide">{percent(x.quality.validity)}</td>
                <td class="num wide">{percent(x.quality.uniqueness)}</td>
                <td class="num wide">{percent(x.quality.timeliness)}</td>
                <td class="num wide">{percent(x.quality.consistency)}</td>
                <td class="num wide">{percent(x.quality.accuracy)}</td>
                <td class="num">{x.quality.rows}</td>
                <td class="acct-actions">
                  {x.status !== 'taken_down' && (
                    <button type="button" data-testid="listing-edit" disabled={opening !== undefined && 'id' in opening} onClick={() => void edit(x)}>
                      {opening !== undefined && 'id' in opening && opening.id === x.id ? 'Opening…' : 'Edit'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          empty="No listings: create one (new listing, above; or POST /v1/provider/listings) and have it published; minting needs a published listing of the series' segment."
        />
      )}
    </div>
  );
}

/** A number of rights and the action it is for (declare capacity, mint): one input, one button. */
function QtyAction({ what, testid, button, buttonTestid, initial, whole, run }: { what: string; testid: string; button: string; buttonTestid: string; initial: string; whole: (text: string, what: string) => number | undefined; run: (n: number) => Promise<void> }) {
  const [text, setText] = useState(initial);
  return (
    <div class="prov-row">
      {/* A visible label, not only aria-label: a sighted user saw two bare number fields. */}
      <label class="prov-qty-label">
        {what === 'capacity' ? 'Capacity' : 'Mint'} (rights)
        <input data-testid={testid} inputMode="numeric" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
      </label>
      <button
        type="button"
        class="prov-qty-action"
        data-testid={buttonTestid}
        onClick={() => {
          const n = whole(text, what);
          if (n !== undefined) void run(n);
        }}
      >
        {button}
      </button>
    </div>
  );
}

/** Capacity, mint and sell in one spot series: the provider bot's steps, by hand. */
function Supply({ s }: { s: ProviderSession }) {
  const segments = new Set(s.listings.state === 'ok' ? s.listings.value.filter((x) => x.status === 'published').map((x) => x.segment) : []);
  const spot = s.account.series.filter((x) => x.status === wire.SeriesStatus.TRADING && x.kind === wire.SeriesKind.SPOT);
  const mine = spot.filter((x) => segments.has((x.contract ?? '').split('|')[0]!));
  const choices = mine.length > 0 ? mine : spot;
  const [seriesId, setSeriesId] = useState(Number(choices[0]?.seriesId ?? 0));
  const [priceText, setPriceText] = useState('');
  const [sellText, setSellText] = useState('10');
  const [tif, setTif] = useState<number>(wire.TimeInForce.IOC);
  const [error, setError] = useState<string | undefined>();
  const position = s.account.account?.positions?.find((p) => Number(p.seriesId) === seriesId);
  const bid = market.series.get(seriesId)?.bidMicros ?? 0;
  const whole = (text: string, what: string): number | undefined => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n <= 0) {
      setError(`${what}: a positive whole number of rights`);
      return undefined;
    }
    setError(undefined);
    return n;
  };
  return (
    <div class="panel acct-form prov-supply" data-testid="supply">
      <h2>Capacity, minting and sales</h2>
      <label>
        Spot series{mine.length > 0 ? ' (your listings’ segments)' : ''}
        <select data-testid="supply-series" value={seriesId} onChange={(e) => setSeriesId(Number((e.target as HTMLSelectElement).value))}>
          {choices.map((x) => (
            <option key={String(x.seriesId)} value={Number(x.seriesId)}>
              {x.contract} #{String(x.seriesId)} · {date(Number(x.openAtMs))}
            </option>
          ))}
        </select>
      </label>
      <p class="hint" data-testid="supply-position">
        Capacity <b data-testid="capacity">{String(position?.capacity ?? 0)}</b> · minted <b data-testid="minted">{String(position?.minted ?? 0)}</b> · unsold <b data-testid="unsold">{String(position?.available ?? 0)}</b> · on offer {String(position?.held ?? 0)}
      </p>
      <QtyAction what="capacity" testid="capacity-qty" button="Declare capacity" buttonTestid="declare-capacity" initial="100" whole={whole} run={(n) => s.declareCapacity(seriesId, n)} />
      <QtyAction what="mint" testid="mint-qty" button="Mint" buttonTestid="mint" initial="20" whole={whole} run={(n) => s.mint(seriesId, n)} />
      <label>
        Sell price (PAT)
        <input data-testid="sell-price" inputMode="decimal" placeholder={bid > 0 ? pat(bid) : 'price'} value={priceText} onInput={(e) => setPriceText((e.target as HTMLInputElement).value)} />
      </label>
      <div class="prov-row">
        <input data-testid="sell-qty" inputMode="numeric" value={sellText} onInput={(e) => setSellText((e.target as HTMLInputElement).value)} />
        <select data-testid="sell-tif" value={tif} onChange={(e) => setTif(Number((e.target as HTMLSelectElement).value))}>
          <option value={wire.TimeInForce.IOC}>IOC</option>
          <option value={wire.TimeInForce.GTC}>GTC</option>
        </select>
        <button
          type="button"
          data-testid="sell"
          onClick={() => {
            const n = whole(sellText, 'sell');
            if (n === undefined) return;
            // The ticket's check and the series' own rules (4 decimals, its tick and limits), not a looser one of its own.
            const checked = checkOrder({ side: 'sell', qtyText: String(n), priceText: priceText === '' && bid > 0 ? exactPat(bid) : priceText, tif: tif === wire.TimeInForce.GTC ? 'gtc' : 'ioc' }, rulesOf(s.account.seriesInfo(seriesId)));
            if (!checked.ok) return setError(checked.error);
            setError(undefined);
            void s.sell(seriesId, checked.order.priceMicros, n, tif);
          }}
        >
          Sell
        </button>
      </div>
      <p class="hint">
        Broker's bid: <span data-testid="broker-bid">{price(bid)}</span> PAT{bid > 0 && priceText === '' ? ' (used when the price is empty)' : ''}
      </p>
      {error !== undefined && <div class="acct-error" data-testid="supply-error">{error}</div>}
    </div>
  );
}

/**
 * The provider's settled sales of every session: the payout statement's settled batches (fills,
 * rights, gross). Each sale of any session, settled or not, is in Your fills (GET /v1/fills).
 */
function SettledSales({ st }: { st: Loaded<Statement> }) {
  if (st.state !== 'ok') return <p class="hint">Earlier sales: the payout statement is not available (below).</p>;
  const e = st.value.entries;
  const fills = e.reduce((n, x) => n + x.fills, 0);
  const rights = e.reduce((n, x) => n + x.qty, 0);
  const gross = e.reduce((n, x) => n + x.grossMicros, 0);
  return (
    <p class="hint" data-testid="settled-sales">
      All settled sales (every session): <b>{fills}</b> fill(s), <b>{rights}</b> right(s), <b>{pat(gross)} PAT</b> gross in {e.length} batch(es). Every sale of any session, settled or not, is in Your fills below.
    </p>
  );
}

function Positions({ s }: { s: ProviderSession }) {
  const rows = (s.account.account?.positions ?? []).filter((p) => (p.kind ?? wire.SeriesKind.SPOT) === wire.SeriesKind.SPOT && Number(p.capacity ?? 0) + Number(p.minted ?? 0) > 0);
  return (
    <div class="panel">
      <Section title="Supply per series" count={rows.length} testid="positions">
      <Table
        testid="positions"
        columns={['Series', num('Capacity'), num('Minted'), num('Unsold'), num('On offer')]}
        rows={rows.map((p) => (
            <tr key={String(p.seriesId)} data-series-id={String(p.seriesId)}>
              <td class="acct-series">
                <SeriesLabel s={s} seriesId={Number(p.seriesId)} />
              </td>
              <td class="num">{String(p.capacity ?? 0)}</td>
              <td class="num">{String(p.minted ?? 0)}</td>
              <td class="num">{String(p.available ?? 0)}</td>
              <td class="num">{String(p.held ?? 0)}</td>
            </tr>
          ))}
        empty="No capacity declared yet."
      />
      </Section>
    </div>
  );
}

/** The provider's identity as the exchange sees it: verified or not; unverified, its withdrawals are held. */
function Verification({ verified, held }: { verified: boolean; held: boolean }) {
  if (verified) {
    return (
      <p class="hint" data-testid="verification" data-verified="true">
        Identity verified by the exchange: your listings show “verified provider”, and your withdrawals are paid.
      </p>
    );
  }
  // Which payouts are held, and why: the sales still settle into the balance (Settled payouts); only the withdrawal to the wallet waits.
  return (
    <div class={held ? 'prov-held' : 'hint'} role="status" data-testid="verification" data-verified="false">
      Identity not verified.{' '}
      {held
        ? 'Your withdrawals are held: your sales settle and are paid into your balance here (Settled payouts, below), but withdrawing PAT to your wallet is refused (PAYOUT_HELD_UNVERIFIED) until the exchange verifies your identity (KYC). You may list and sell meanwhile.'
        : 'The exchange does not require verification for withdrawals now.'}
    </div>
  );
}

/** Sale proceeds held in escrow now (locked in the balance until the rights are delivered or their dispute window passes) against the free PAT. */
function HeldProceeds({ e }: { e: NonNullable<Statement['escrow']> }) {
  return (
    <p class="hint prov-escrow" data-testid="proceeds">
      Sale proceeds held in escrow: <b data-testid="proceeds-held">{pat(e.heldNowMicros)} PAT</b>, against <b data-testid="proceeds-free">{pat(e.freeNowMicros)} PAT</b> free. Held proceeds are released to your free PAT as the consumers receipt your deliveries, or once a grant's dispute window ends with no claim (rights never exercised: at the window's close); a claim not delivered on is refunded from them.
    </p>
  );
}

function Signed({ s, onSignOut }: { s: ProviderSession; onSignOut: () => void }) {
  const a = s.account.account;
  const sales = s.sales;
  const st = s.statement;
  const g = s.grants;
  const salesPage = usePaged(sales, ROWS_PER_PAGE, 'sales');
  const batchesPage = usePaged(st.state === 'ok' ? st.value.entries : [], ROWS_PER_PAGE, 'statement');
  // Fee columns only once a fee was paid: under the default schedule (no fees) the tables are as they were.
  const salesFees = sales.some((f) => f.feeMicros > 0);
  const statementFees = st.state === 'ok' && st.value.entries.some((e) => (e.feesMicros ?? 0) > 0);
  // Proceeds held, released and refunded by a batch: a batch that only released showed a row of zeros.
  const statementEscrow = st.state === 'ok' && st.value.entries.some((e) => e.escrow !== undefined);
  // The refunds' split only once a batch refunded: of what it repaid, the part from free PAT beyond the held proceeds, and the shortfall nobody paid.
  const statementRefunds = st.state === 'ok' && st.value.entries.some((e) => (e.escrow?.refundedMicros ?? 0) > 0 || (e.escrow?.shortfallMicros ?? 0) > 0);
  const monthsRefunds = st.state === 'ok' && (st.value.months ?? []).some((m) => m.refunds !== undefined);
  const monthsPage = usePaged(st.state === 'ok' ? (st.value.months ?? []) : [], ROWS_PER_PAGE, 'months');
  return (
    <section class="acct prov">
      <h1>
        Provider <span class="muted" data-testid="account-id">#{String(a?.accountId ?? s.account.client.accountId)}</span>
      </h1>
      <p class="hint">
        <span data-testid="account-address">{s.account.address}</span> · <span data-testid="role">{wire.Role[s.account.client.role] ?? s.account.client.role}</span> · signed in with a {s.account.via}{' '}
        <button type="button" class="linkish" data-testid="reload" onClick={() => void s.load()}>
          reload
        </button>{' '}
        <a href="#/provider/dashboard" data-testid="dashboard-link">
          dashboard
        </a>{' '}
        <button type="button" class="linkish" data-testid="signout" onClick={onSignOut}>
          sign out
        </button>
      </p>
      {!s.isProvider && (
        <div class="banner" role="alert">
          This wallet's account is a {wire.Role[s.account.client.role]} account, not a provider's: it cannot declare capacity or mint.
        </div>
      )}
      <ConnectionBanner s={s.account} />
      <OutcomeBanner o={s.account.outcome} />
      {s.isProvider && <Verification verified={a?.verifiedProvider === true} held={a?.payoutsHeld === true} />}
      <div class="stats acct-stats">
        <Stat label="Available" testid="available">
          {patOfWei(a?.availableWei)} PAT
        </Stat>
        <Stat label="Sold from this page (since sign-in)" testid="sold-value">
          {pat(sales.reduce((n, f) => n + f.priceMicros * f.qty, 0))} PAT
        </Stat>
        <Stat label="Rights delivered (grants listed below)" testid="delivered-shown">{g.state === 'ok' ? g.value.grants.reduce((n, x) => n + x.delivered, 0) : '—'}</Stat>
        <Stat label="Settled payouts (sales, net, into your balance)" testid="payout-total">
          {st.state === 'ok' ? `${patOfWei(st.value.totalNetWei)} PAT` : '—'}
        </Stat>
      </div>
      {st.state === 'ok' && st.value.escrow !== undefined && <HeldProceeds e={st.value.escrow} />}
      {s.owedStale && (
        <p class="hint" role="status" data-testid="owed-stale">
          Your PAT moved or a grant was issued on your rights since your deliveries and payout statement were read (a receipt, a sale, a batch, an exercise):{' '}
          <button type="button" class="linkish" onClick={() => void s.load()}>
            read them again
          </button>{' '}
          (your wallet signs each read).
        </p>
      )}
      <Listings s={s} />
      <div class="grid">
        <Supply s={s} />
        <div class="stack">
          <Positions s={s} />
          <WithdrawForm s={s.account} />
        </div>
      </div>
      <Section title="Open sells" count={s.account.orders.length} testid="orders">
      <Table
        testid="orders"
        columns={['Order', 'Series', num('Price'), num('Qty'), num('Sold'), num('Open'), '']}
        rows={s.account.orders.map((x) => (
            <tr key={String(x.orderId)} data-order-id={String(x.orderId)}>
              <td>{String(x.orderId)}</td>
              <td class="acct-series">
                <SeriesLabel s={s} seriesId={Number(x.seriesId)} />
              </td>
              <td class="num">{price(Number(x.priceMicros))}</td>
              <td class="num">{String(x.orderQty)}</td>
              <td class="num">{String(x.cumQty ?? 0)}</td>
              <td class="num">{String(x.leavesQty ?? 0)}</td>
              <td class="acct-actions">
                <button type="button" data-testid="cancel" onClick={() => void s.account.cancel(Number(x.orderId))}>
                  Cancel
                </button>
              </td>
            </tr>
          ))}
        empty="No open orders."
      />
      </Section>
      <Section title="Sales" count={sales.length} hint="fills you sold from this page since you signed in; those of your other sessions (a bot's, the CLI's, an earlier visit's) are in Your fills below" testid="sales">
      <Table
        testid="sales"
        columns={['Time (UTC)', 'Trade', 'Series', num('Qty'), num('Price'), num('Value'), ...(salesFees ? [num('Fee')] : [])]}
        rows={salesPage.page.map((f) => (
            <tr key={`${f.tradeId}-${f.orderId}`}>
              <Time ms={f.timeMs} />
              <td>{f.tradeId}</td>
              <td class="acct-series">
                <SeriesLabel s={s} seriesId={f.seriesId} />
              </td>
              <td class="num" data-testid="sale-qty">
                {f.qty}
              </td>
              <td class="num">{price(f.priceMicros)}</td>
              <td class="num">{pat(f.priceMicros * f.qty)}</td>
              {salesFees && <td class="num" data-testid="sale-fee">{pat(f.feeMicros)}</td>}
            </tr>
          ))}
        empty="No sales this session."
        after={
          <>
            {salesPage.pager}
            <SettledSales st={st} />
          </>
        }
      />
      {/* Inside Sales: folded with it on a phone, where the page would run to more than 3 screens. */}
      <Fills s={s.account} />
      </Section>
      <Section title="Deliveries" count={g.state === 'ok' ? g.value.total : undefined} hint="grants issued on your rights, what your gate reported, and your proceeds held behind each until the consumer receipts; the rights your evidence covers (your signed statements with the consumer's requests or stream requests, pushes the consumer's webhook took), and a consumer's dispute of them with the operator's decision" testid="deliveries">
      <Refused what="grants" l={g} />
      {g.state === 'ok' && (
        <Table
          testid="deliveries"
          columns={['Grant', 'Series', 'Listing', 'Consumer', num('Rights'), num('Delivered'), num('Refusals'), 'Issued (UTC)', 'Escrow']}
          rows={g.value.grants.map((x) => (
              <tr key={x.grant.grantId} data-grant-id={x.grant.grantId}>
                <td>{x.grant.grantId}</td>
                <td class="acct-series">
                  <SeriesLabel s={s} seriesId={x.grant.seriesId} />
                </td>
                <td>
                  #{x.grant.listingId} v{x.grant.listingVersion}
                </td>
                <td>{x.grant.consumer.slice(0, 10)}…</td>
                <td class="num">{x.grant.quantity}</td>
                <td class="num">{x.delivered}</td>
                <td class="num">{x.refusals}</td>
                <td>{date(x.issuedAtMs)}</td>
                <td class="acct-escrow" data-testid="escrow">
                  <EscrowSummary e={{ state: 'ok', value: x.escrow ?? null }} />
                </td>
              </tr>
            ))}
          empty="No grants yet: a consumer's exercise of your rights issues one."
          after={<Pager testid="deliveries" from={s.grantsOffset} shown={g.value.grants.length} total={g.value.total} totalCapped={g.value.totalCapped === true} older={g.value.next !== null} perPage={DELIVERIES_PER_PAGE} onPage={(from) => void s.loadGrants(from < s.grantsOffset ? 'newer' : 'older')} />}
        />
      )}
      </Section>
      <Section title="Payout statement" count={st.state === 'ok' ? st.value.entries.length : undefined} hint="your sales as settled on-chain, batch by batch (docs/settlement.md), with the proceeds each batch held in escrow, released to you and refunded to consumers (of it, what came from your free PAT beyond the held proceeds; the shortfall nobody paid): gross − fees − refunded = net for spot sales" testid="statement">
      <Refused what="statement" l={st} />
      {st.state === 'ok' && (
        <Table
          testid="statement"
          columns={['Batch', 'Settled (UTC)', num('Fills'), num('Rights'), num('Gross'), ...(statementFees ? [num('Fees')] : []), ...(statementEscrow ? [num('Held'), num('Released'), num('Refunded')] : []), ...(statementRefunds ? [num('Of it from free PAT'), num('Shortfall unpaid')] : []), num('Net'), 'Transaction']}
          rows={batchesPage.page.map((e) => (
              <tr key={e.batchId} data-batch-id={e.batchId}>
                <td data-testid="batch-id">{e.batchId}</td>
                <td>{date(e.settledAtMs)}</td>
                <td class="num">{e.fills}</td>
                <td class="num">{e.qty}</td>
                <td class="num" data-testid="batch-gross">{pat(e.grossMicros)}</td>
                {statementFees && <td class="num" data-testid="batch-fees">{pat(e.feesMicros ?? 0)}</td>}
                {statementEscrow && <td class="num" data-testid="batch-held">{pat(e.escrow?.heldMicros ?? 0)}</td>}
                {statementEscrow && <td class="num" data-testid="batch-released">{pat(e.escrow?.releasedMicros ?? 0)}</td>}
                {statementEscrow && <td class="num" data-testid="batch-refunded">{pat(e.escrow?.refundedMicros ?? 0)}</td>}
                {statementRefunds && <td class="num" data-testid="batch-refunded-from-free">{e.escrow !== undefined && e.escrow.refundedFromFreeMicros === undefined ? '-' : pat(e.escrow?.refundedFromFreeMicros ?? 0)}</td>}
                {statementRefunds && <td class="num" data-testid="batch-shortfall">{pat(e.escrow?.shortfallMicros ?? 0)}</td>}
                <td class="num" data-testid="batch-net">{patOfWei(e.netWei)}</td>
                <td class="prov-hash">{e.txHash.slice(0, 12)}…</td>
              </tr>
            ))}
          empty="No settled batch with your sales yet."
          after={
            <>
              {batchesPage.pager}
              <p class="hint">{st.value.redemptions.length} redemption(s) of your rights listed with the statement.</p>
            </>
          }
        />
      )}
      {st.state === 'ok' && st.value.months !== undefined && (
        <>
          <h3>
            By month <span class="hint">UTC calendar months: sales settled, rights redeemed, withdrawals paid, and what settled while your payouts were held</span>
          </h3>
          <Table
            testid="statement-months"
            columns={['Month', num('Batches'), num('Rights sold'), num('Gross'), ...(monthsRefunds ? [num('Fees'), num('Refunded')] : []), num('Net'), num('Redeemed'), num('Withdrawn'), num('Held')]}
            rows={monthsPage.page.map((m) => (
                <tr key={m.month} data-month={m.month}>
                  <td>{m.month}</td>
                  <td class="num">{m.batches}</td>
                  <td class="num">{m.sales.qty}</td>
                  <td class="num">{pat(m.sales.grossMicros + m.sales.forwardGrossMicros)}</td>
                  {monthsRefunds && <td class="num" data-testid="month-fees">{pat(m.feesMicros ?? 0)}</td>}
                  {monthsRefunds && <td class="num" data-testid="month-refunded">{pat(m.refunds?.refundedMicros ?? 0)}</td>}
                  <td class="num">{patOfWei(m.netWei)}</td>
                  <td class="num">{m.redemptions.qty}</td>
                  <td class="num">{patOfWei(m.withdrawals.amountWei)}</td>
                  <td class="num" data-testid="month-held">{patOfWei(m.heldWei)}</td>
                </tr>
              ))}
            empty="Nothing settled yet."
            after={monthsPage.pager}
          />
        </>
      )}
      </Section>
    </section>
  );
}

export function ProviderPage() {
  return <SessionPage slot={slot} signIn={(onSession) => <SignIn text={SIGN_IN} signIn={(how) => ProviderSession.signIn(how)} onSession={onSession} />} signed={(s, onSignOut) => <Signed s={s} onSignOut={onSignOut} />} />;
}
