/**
 * The account page's panels that reach past the trading session: the on-chain deposit
 * (account-deposit.ts), every right bought (GET /v1/purchases, paged), the ratings of
 * the listings whose records were received (POST /v1/ratings/{id}), and a grant's escrow
 * (also on the provider page).
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { AccountSession, DISPUTE_REASON_TEXT, DISPUTES_SCAN, parsePat, patOfWei, PURCHASES_PER_PAGE, type GrantDispute, type GrantEscrow, type Loaded } from './account-session.js';
import type { DepositState } from './account-deposit.js';
import { num, Table } from './session-ui.js';
import { date, pat, price } from './format.js';
import { refundPaidMicros } from '../../src/client/grants.js';

const short = (hex: string): string => `${hex.slice(0, 10)}…${hex.slice(-4)}`;
const stars = (n: number): string => '★'.repeat(n) + '☆'.repeat(5 - n);

function DepositStatus({ d, confirmations }: { d: DepositState; confirmations: number }) {
  switch (d.state) {
    case 'idle':
      return null;
    case 'sending':
      return (
        <p class="hint" data-testid="deposit-state">
          {d.step === 'approve' ? `Approving the vault for ${patOfWei(String(d.amountWei))} PAT…` : `Depositing ${patOfWei(String(d.amountWei))} PAT…`} (confirm in your wallet)
        </p>
      );
    case 'pending':
      return (
        <p class="acct-pending" data-testid="deposit-state">
          <b data-testid="deposit-pending">{patOfWei(String(d.amountWei))} PAT pending</b>: transaction {short(d.txHash)} in block {d.blockNumber}, <span data-testid="deposit-confirmations">{Math.min(d.confirmations, confirmations)}</span> of {confirmations} confirmation(s); the exchange credits it after the last.
        </p>
      );
    case 'credited':
      return (
        <p class="acct-ok" data-testid="deposit-state">
          <b data-testid="deposit-credited">{patOfWei(String(d.amountWei))} PAT credited</b> (transaction {short(d.txHash)}).
        </p>
      );
    case 'failed':
      return (
        <p class="acct-error" data-testid="deposit-state">
          Deposit failed: <b data-testid="deposit-reason">{d.reason}</b> {d.message}
        </p>
      );
  }
}

/** PAT from the wallet into the vault; the exchange credits it after the chain's confirmations. */
export function DepositForm({ s }: { s: AccountSession }) {
  const desk = s.deposits;
  const [amountText, setAmountText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const busy = desk.deposit.state === 'sending' || desk.deposit.state === 'pending';
  if (desk.chain.state === 'loading') {
    return (
      <div class="panel acct-form" data-testid="deposit-form">
        <h2>Deposit PAT</h2>
        <p class="muted">reading the chain…</p>
      </div>
    );
  }
  if (desk.chain.state === 'unavailable') {
    return (
      <div class="panel acct-form" data-testid="deposit-form">
        <h2>Deposit PAT</h2>
        <p class="acct-error" data-testid="deposit-unavailable">
          <b>{desk.chain.reason}</b> {desk.chain.message}
        </p>
        <p class="hint">
          PAT enters an account by a deposit to the vault on the chain the exchange settles on. This exchange runs without on-chain settlement (settlement.enabled is false), so no deposit can be made or credited here.
        </p>
      </div>
    );
  }
  const chain = desk.chain.chain;
  const submit = (e: Event): void => {
    e.preventDefault();
    const micros = parsePat(amountText);
    if (micros === undefined || micros <= 0) return setError('amount: a positive number of PAT, at most 6 decimals');
    setError(undefined);
    void desk.send(BigInt(micros) * 10n ** 12n);
  };
  return (
    <form class="panel acct-form" data-testid="deposit-form" onSubmit={submit}>
      <h2>Deposit PAT</h2>
      <p class="hint">
        From your {s.via} on chain {chain.chainId} into the vault {short(chain.vault)}: an approval of the PAT token, then the deposit. Credited after {chain.confirmations} confirmation(s).
      </p>
      <p class="hint">
        In your wallet: <span data-testid="wallet-pat">{desk.walletWei === undefined ? '—' : patOfWei(String(desk.walletWei))}</span> PAT
      </p>
      <label>
        Amount (PAT)
        <input data-testid="deposit-amount" inputMode="decimal" placeholder="100" value={amountText} onInput={(e) => setAmountText((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit" data-testid="deposit-submit" disabled={busy}>
        Deposit
      </button>
      {error !== undefined && <div class="acct-error">{error}</div>}
      <DepositStatus d={desk.deposit} confirmations={chain.confirmations} />
    </form>
  );
}

/** A page with a fee in it shows the fee column; under the default schedule (no fees) the table is as it was. */
function anyFee(purchases: ReadonlyArray<{ feeMicros?: number }>): boolean {
  return purchases.some((x) => (x.feeMicros ?? 0) > 0);
}

/** Every right this account bought, a page at a time, with the listing versions live at the time. */
export function Purchases({ s, label }: { s: AccountSession; label: (seriesId: number) => JSX.Element }) {
  const p = s.purchases;
  const from = s.purchasesOffset;
  return (
    <>
      <h2>
        Purchases <span class="hint">every right bought by this account, newest first, with the listing versions you bought</span>{' '}
        <button type="button" class="linkish" data-testid="purchases-reload" onClick={() => void s.loadPurchases()}>
          reload
        </button>
      </h2>
      {p.state === 'loading' && <p class="muted">loading…</p>}
      {p.state === 'refused' && (
        <p class="acct-error" data-testid="purchases-refused">
          <b>{p.reason}</b> {p.message}
        </p>
      )}
      {p.state === 'ok' && (
        <Table
          testid="purchases"
          columns={['Time (UTC)', 'Trade', 'Series', 'Listings', num('Qty'), num('Price'), num('Value'), ...(anyFee(p.value.purchases) ? [num('Fee')] : [])]}
          rows={p.value.purchases.map((x) => (
            <tr key={x.tradeId} data-trade-id={x.tradeId}>
              <td>{date(x.atMs)}</td>
              <td>{x.tradeId}</td>
              <td class="acct-series">{label(x.seriesId)}</td>
              <td class="acct-series">
                {x.listings.length === 0
                  ? <span class="muted">none live</span>
                  : x.listings.map((l) => (
                      <a key={l.listingId} href={`#/catalog/${l.listingId}`} title={`licensed for ${l.licence.permittedUses.join(', ')} · ${l.cadence}`}>
                        {l.title} v{l.version}{' '}
                      </a>
                    ))}
              </td>
              <td class="num">{x.qty}</td>
              <td class="num">{price(x.priceMicros)}</td>
              <td class="num">{pat(x.priceMicros * x.qty)}</td>
              {anyFee(p.value.purchases) && <td class="num" data-testid="purchase-fee">{pat(x.feeMicros ?? 0)}</td>}
            </tr>
          ))}
          empty="No purchases yet."
          after={
            p.value.total > 0 && (
              <p class="hint acct-pager">
                <span data-testid="purchases-range">
                  {from + 1}–{from + p.value.purchases.length} of {p.value.total}
                </span>{' '}
                <button type="button" data-testid="purchases-newer" disabled={from === 0} onClick={() => void s.loadPurchases(Math.max(0, from - PURCHASES_PER_PAGE))}>
                  Newer
                </button>{' '}
                <button type="button" data-testid="purchases-older" disabled={from + PURCHASES_PER_PAGE >= p.value.total} onClick={() => void s.loadPurchases(from + PURCHASES_PER_PAGE)}>
                  Older
                </button>
              </p>
            )
          }
        />
      )}
    </>
  );
}

function RateListing({ s, listingId, title }: { s: AccountSession; listingId: number; title: string }) {
  const [starsGiven, setStars] = useState(5);
  const [review, setReview] = useState('');
  const [busy, setBusy] = useState(false);
  const r = s.ratings.get(listingId);
  const done = r?.state === 'rated' ? r.stars : undefined;
  return (
    <div class="acct-rate" data-testid="rate" data-listing-id={listingId}>
      <div>
        <a href={`#/catalog/${listingId}`}>{title}</a>
      </div>
      {done !== undefined ? (
        <p class="hint" data-testid="rated">
          You gave <span class="acct-stars">{stars(done)}</span>: <a href={`#/catalog/${listingId}`}>see it on the listing's page</a>.
        </p>
      ) : (
        <div class="acct-row">
          <select data-testid="rate-stars" value={starsGiven} onChange={(e) => setStars(Number((e.target as HTMLSelectElement).value))} aria-label="stars">
            {[5, 4, 3, 2, 1].map((n) => (
              <option key={n} value={n}>
                {stars(n)} ({n})
              </option>
            ))}
          </select>
          <input data-testid="rate-review" aria-label="A review (optional)" placeholder="A review (optional)" maxLength={2000} value={review} onInput={(e) => setReview((e.target as HTMLInputElement).value)} />
          <button
            type="button"
            data-testid="rate-submit"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void s.rate(listingId, starsGiven, review).finally(() => setBusy(false));
            }}
          >
            Rate
          </button>
        </div>
      )}
      {r?.state === 'refused' && (
        <p class="acct-error" data-testid="rate-refused">
          <b data-testid="rate-reason">{r.reason}</b> {r.message}
        </p>
      )}
    </div>
  );
}

/**
 * A rating form per listing this account bought from (the purchase history's page) or received
 * records of (this session's downloads). The exchange decides who may rate: consumers whose
 * grants name the listing (NOT_ELIGIBLE_TO_RATE otherwise, shown by name); one rating per
 * listing, which rating again replaces.
 */
export function Ratings({ s }: { s: AccountSession }) {
  // Named by the purchase history's title where it has one; records received this session say so.
  const listings = new Map<number, string>();
  if (s.purchases.state === 'ok') for (const p of s.purchases.value.purchases) for (const l of p.listings) if (!listings.has(l.listingId)) listings.set(l.listingId, `${l.title} · #${l.listingId} v${l.version} bought`);
  for (const g of s.grants) {
    if (g.download.state !== 'received') continue;
    const { listingId, listingVersion } = g.signed.grant;
    const name = listings.get(listingId) ?? `listing #${listingId} v${listingVersion}`;
    if (!name.endsWith('records received')) listings.set(listingId, `${name} · records received`);
  }
  if (listings.size === 0) return null;
  return (
    <div class="panel" data-testid="ratings">
      <h2>
        Rate the data <span class="hint">1–5 stars and a review, once per listing (rating again replaces it), once your grants name it and not all their rights were claimed or refunded; shown on the listing's page and part of its trust score</span>
      </h2>
      {[...listings].map(([id, title]) => (
        <RateListing key={id} s={s} listingId={id} title={title} />
      ))}
    </div>
  );
}

/**
 * A dispute of an evidenced delivery (rules 5): what the consumer said was wrong, and, once the
 * operator decided, how many rights were refunded and how many upheld as delivered (and any
 * charge to the provider's free PAT) and the operator's reason; open, nothing moves until then.
 */
export function DisputeLine({ d }: { d: GrantDispute }) {
  const said = `disputed ${date(d.filedAtMs)} UTC: ${DISPUTE_REASON_TEXT[d.reason] ?? d.reason} (${d.evidencedQty} right(s) evidenced)`;
  const x = d.decision;
  return (
    <span class="sid" data-testid="escrow-dispute" data-state={x === undefined ? 'open' : 'decided'}>
      {said}
      {x === undefined
        ? ': the operator decides, nothing is refunded or released before'
        : `; decided ${date(x.atMs)} UTC: ${x.refundQty} right(s) refunded, ${x.upheldQty} upheld as delivered${x.chargeProviderMicros > 0 ? `, ${pat(x.chargeProviderMicros)} PAT charged to the provider` : ''}${x.note === undefined ? '' : `. The operator's reason: ${x.note.text}`}`}
    </span>
  );
}

/**
 * A grant's escrow (docs/delivery.md, "Escrow, claims and refunds"): the provider's sale proceeds
 * held behind it until its rights are delivered (a receipt), its dispute window ends with no
 * claim, or a claim refunds the consumer; the rights the provider holds evidence of delivering,
 * the claim (unless `claimShown` by the page already), the dispute and its decision, and the
 * refund when there are.
 */
export function EscrowSummary({ e, claimShown = false }: { e: Loaded<GrantEscrow | null>; claimShown?: boolean }) {
  if (e.state === 'loading') return <span class="muted">reading…</span>;
  if (e.state === 'refused') {
    return (
      <span class="acct-error" data-testid="escrow-refused">
        <b>{e.reason}</b> {e.message}
      </span>
    );
  }
  const x = e.value;
  if (x === null) {
    return (
      <span class="muted" data-testid="escrow-state" data-state="none">
        none (issued before escrow)
      </span>
    );
  }
  return (
    <span>
      <b data-testid="escrow-state" data-state={x.state}>
        {x.state}
      </b>{' '}
      <span data-testid="escrow-amount" title="what the provider was paid for these rights, held until delivery: you bought at the broker's ask, the broker bought from the provider at its bid (the spread is the broker's)">
        {x.state === 'held' ? `${pat(x.heldMicros)} PAT` : x.state === 'refunded' ? `${pat(x.refund === null ? 0 : refundPaidMicros(x.refund))} PAT to the consumer` : `${pat(x.releasedMicros)} PAT released to the provider`}
      </span>
      {x.state === 'held' && (
        <span class="sid" data-testid="escrow-window">
          {x.confirmedQty > 0 ? `${x.confirmedQty} right(s) delivered · ` : ''}claims until {date(x.disputeEndsAtMs)} UTC
        </span>
      )}
      {x.evidencedQty > 0 && (x.state === 'held' || x.dispute !== null) && (
        <span class="sid" data-testid="escrow-evidence" title="the provider's signed statement of what it served with your signed request or stream request, a push your webhook took (2xx), or your receipt">
          {x.evidencedQty} right(s) evidenced as delivered
        </span>
      )}
      {x.claim !== null && x.state === 'held' && !claimShown && (
        <span class="sid" data-testid="escrow-claim">
          claimed {x.claim.undeliveredQty} right(s):{' '}
          {x.evidencedQty > 0
            ? `the ones nothing evidences (${x.evidencedQty} evidenced so far) are refunded ${date(x.claim.dueAtMs)} UTC unless delivered`
            : `refund due ${date(x.claim.dueAtMs)} UTC unless delivered`}
        </span>
      )}
      {x.dispute !== null && <DisputeLine d={x.dispute} />}
      {x.refund !== null && (
        <span class="sid" data-testid="escrow-refund">
          for {x.refund.undeliveredQty} undelivered right(s){x.refund.shortfallMicros > 0 ? ` of ${pat(x.refund.refundMicros)} PAT due at the price paid: ${pat(x.refund.shortfallMicros)} PAT not refunded, above what the provider was paid` : ''}
          {x.releasedMicros > 0 ? ` · ${pat(x.releasedMicros)} PAT released to the provider` : ''}
          {(x.revokedQty ?? 0) > 0 ? ` · ${x.revokedQty} right(s) withdrawn from the provider's gate` : ''}
        </span>
      )}
    </span>
  );
}

/**
 * This account's disputes of evidenced deliveries, whichever session filed them (the grants table
 * shows this session's grants only): read when asked, from its newest grants, each with its
 * escrow and the operator's decision once made.
 */
export function MyDisputes({ s }: { s: AccountSession }) {
  const d = s.disputes;
  return (
    <div class="panel" data-testid="my-disputes">
      <h2>
        Disputes <span class="hint">your disputes of deliveries the provider evidenced, from any session (your newest {DISPUTES_SCAN} grants), and the operator's decisions</span>{' '}
        <button type="button" class="linkish" data-testid="my-disputes-load" onClick={() => void s.loadDisputes()}>
          {d === undefined ? 'show' : 'reload'}
        </button>
      </h2>
      {d?.state === 'loading' && <p class="muted">loading…</p>}
      {d?.state === 'refused' && (
        <p class="acct-error" data-testid="my-disputes-refused">
          <b>{d.reason}</b> {d.message}
        </p>
      )}
      {d?.state === 'ok' && (
        <Table
          testid="my-disputes-table"
          columns={['Grant', 'Listing', num('Rights'), 'Escrow']}
          rows={d.value.map((g) => (
            <tr key={g.grant.grantId} data-grant-id={g.grant.grantId}>
              <td>{g.grant.grantId}</td>
              <td>
                <a href={`#/catalog/${g.grant.listingId}`}>#{g.grant.listingId}</a> v{g.grant.listingVersion}
              </td>
              <td class="num">{g.grant.quantity}</td>
              <td class="acct-escrow">
                <EscrowSummary e={{ state: 'ok', value: g.escrow }} />
              </td>
            </tr>
          ))}
          empty="No disputes."
        />
      )}
    </div>
  );
}
