/**
 * The dashboards (issue 81, item 3; docs/dashboards.md): #/provider/dashboard, a provider's sales,
 * rights redeemed, delivered and evidenced, deliveries, PAT released and refunded, ratings and trust
 * over time, per listing or all of them (GET /v1/dashboard/provider); #/account/dashboard, an
 * account's purchases, spend, usage against what it bought and its subscriptions' runs (GET
 * /v1/dashboard/consumer). Hour or day buckets over a window the reader picks; each chart with its
 * data as a table beside it. Signed in with the provider page's or the account page's session.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ConsumerDashboard, ProviderDashboard } from '../../src/client/dashboards.js';
import type { AccountSession, Loaded } from './account-session.js';
import { FigureChart, type ChartRow, type Figure } from './dashboard-chart.js';
import { pat } from './format.js';
import { ProviderSession } from './provider-session.js';
import { PROVIDER_SIGN_IN, providerSlot } from './provider-slot.js';
import { SessionPage, SignIn, Stat } from './session-ui.js';
import { AccountGate } from './account-gate.js';
import './account.css';
import './dashboard.css';

type Bucket = 'hour' | 'day';
type ProviderBoard = ProviderDashboard;
type ConsumerBoard = ConsumerDashboard;

/** The windows a reader picks from, per bucket size: how many buckets back from now. */
const WINDOWS: Record<Bucket, Array<{ label: string; buckets: number }>> = {
  hour: [
    { label: 'last 24 hours', buckets: 24 },
    { label: 'last 48 hours', buckets: 48 },
    { label: 'last 7 days', buckets: 168 },
  ],
  day: [
    { label: 'last 30 days', buckets: 30 },
    { label: 'last 90 days', buckets: 90 },
    { label: 'last 365 days', buckets: 365 },
  ],
};

const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };
const rights = (v: number): string => String(v);
const patFigure = (v: number): string => pat(v * 1e6);
const share = (v: number): string => v.toFixed(3);

/** The query of a window: `buckets` of `bucket` ending with the one `nowMs` is in. */
function windowQuery(bucket: Bucket, buckets: number, nowMs: number): string {
  return `bucket=${bucket}&from=${nowMs - (buckets - 1) * BUCKET_MS[bucket]}&to=${nowMs}`;
}

function WindowPicker({ bucket, buckets, onChange }: { bucket: Bucket; buckets: number; onChange: (bucket: Bucket, buckets: number) => void }) {
  return (
    <div class="dash-controls">
      <label>
        Bucket
        <select data-testid="dash-bucket" value={bucket} onChange={(e) => {
          const b = (e.target as HTMLSelectElement).value as Bucket;
          onChange(b, WINDOWS[b][0]!.buckets);
        }}>
          <option value="hour">hour</option>
          <option value="day">day</option>
        </select>
      </label>
      <label>
        Window
        <select data-testid="dash-window" value={buckets} onChange={(e) => onChange(bucket, Number((e.target as HTMLSelectElement).value))}>
          {WINDOWS[bucket].map((w) => (
            <option key={w.buckets} value={w.buckets}>
              {w.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function Refused({ l }: { l: Loaded<unknown> }) {
  if (l.state === 'loading') return <p class="muted" data-testid="dash-loading">loading…</p>;
  if (l.state === 'ok') return null;
  return (
    <p class="acct-error" data-testid="dash-refused">
      <b data-testid="route-reason">{l.reason}</b> {l.message}
    </p>
  );
}

/**
 * Loads `path` signed for the window `query(nowMs)` whenever it changes; `reload` reads it again up to
 * now. The window's end is held, not read at each render: a query that changed with every render
 * would load for ever.
 */
function useBoard<T>(account: AccountSession, path: string, query: (nowMs: number) => string): [Loaded<T>, () => void] {
  const [board, setBoard] = useState<Loaded<T>>({ state: 'loading' });
  const [nowMs, setNowMs] = useState(() => Date.now());
  const text = query(nowMs);
  useEffect(() => {
    let current = true;
    setBoard({ state: 'loading' });
    void account.signedRequest<T>('GET', `${path}?${text}`).then((b) => current && setBoard(b));
    return () => {
      current = false;
    };
  }, [account, path, text]);
  return [board, () => setNowMs(Date.now())];
}

function Header({ title, account, onSignOut, onReload }: { title: string; account: AccountSession; onSignOut: () => void; onReload: () => void }) {
  return (
    <>
      <h1>
        {title} <span class="muted" data-testid="account-id">#{String(account.account?.accountId ?? account.client.accountId)}</span>
      </h1>
      <p class="hint">
        <span data-testid="account-address">{account.address}</span> · figures from the exchange's journal, in UTC buckets ·{' '}
        <button type="button" class="linkish" data-testid="dash-reload" onClick={onReload}>
          reload
        </button>{' '}
        <button type="button" class="linkish" data-testid="signout" onClick={onSignOut}>
          sign out
        </button>
      </p>
    </>
  );
}

const SALES: Figure[] = [{ label: 'Rights sold', color: '#2563eb', kind: 'bars', format: rights }];
const MONEY: Figure[] = [
  { label: 'Sales (PAT)', color: '#2563eb', kind: 'line', format: patFigure },
  { label: 'Released to you (PAT)', color: '#15803d', kind: 'line', format: patFigure },
  { label: 'Refunded (PAT)', color: '#b91c1c', kind: 'line', format: patFigure },
];
const DELIVERY: Figure[] = [
  { label: 'Redeemed', color: '#7c3aed', kind: 'line', format: rights },
  { label: 'Delivered', color: '#15803d', kind: 'line', format: rights },
  { label: 'Evidenced', color: '#0891b2', kind: 'line', format: rights },
  { label: 'Downloads', color: '#f59e0b', kind: 'bars', left: true, format: rights },
];
const RATINGS: Figure[] = [
  { label: 'Ratings', color: '#94a3b8', kind: 'bars', format: rights },
  { label: 'Mean stars', color: '#f59e0b', kind: 'line', left: true, format: (v) => v.toFixed(2) },
];
const TRUST: Figure[] = [
  { label: 'Trust', color: '#0f172a', kind: 'line', format: share },
  { label: 'Quality', color: '#2563eb', kind: 'line', format: share },
  { label: 'Rating', color: '#f59e0b', kind: 'line', format: share },
  { label: 'Reliability', color: '#15803d', kind: 'line', format: share },
  { label: 'Disclosure', color: '#7c3aed', kind: 'line', format: share },
];

/** One chart's rows: `f` picks the figures of each bucket. */
function rowsOf<B extends { startMs: number }>(buckets: B[], f: (x: B) => Array<number | null>): ChartRow[] {
  return buckets.map((x) => ({ startMs: x.startMs, values: f(x) }));
}

function providerRows(b: ProviderBoard): Record<'sales' | 'money' | 'delivery' | 'ratings' | 'trust', ChartRow[]> {
  const rows = (f: (x: ProviderBoard['buckets'][number]) => Array<number | null>): ChartRow[] => rowsOf(b.buckets, f);
  return {
    sales: rows((x) => [x.soldQty!]),
    money: rows((x) => [x.soldMicros! / 1e6, x.releasedMicros! / 1e6, x.refundedMicros! / 1e6]),
    delivery: rows((x) => [x.redeemedQty!, x.deliveredQty!, x.evidencedQty!, x.deliveries!]),
    ratings: rows((x) => [x.ratings, x.meanStars]),
    trust: rows((x) => (x.trust === null ? [null, null, null, null, null] : [x.trust.trust, x.trust.quality, x.trust.rating, x.trust.reliability, x.trust.disclosure])),
  };
}

function ProviderSigned({ s, onSignOut }: { s: ProviderSession; onSignOut: () => void }) {
  const [bucket, setBucket] = useState<Bucket>('hour');
  const [buckets, setBuckets] = useState(48);
  const [listing, setListing] = useState<number | undefined>();
  const [board, reload] = useBoard<ProviderBoard>(s.account, '/v1/dashboard/provider', (nowMs) => `${windowQuery(bucket, buckets, nowMs)}${listing === undefined ? '' : `&listing=${listing}`}`);
  const rows = useMemo(() => (board.state === 'ok' ? providerRows(board.value) : undefined), [board]);
  const [listings, setListings] = useState<ProviderBoard['listings']>([]);
  useEffect(() => {
    if (board.state === 'ok') setListings(board.value.listings);
  }, [board]);
  const t = board.state === 'ok' ? board.value.totals : undefined;
  return (
    <section class="acct dash" data-testid="provider-dashboard">
      <Header title="Provider dashboard" account={s.account} onSignOut={onSignOut} onReload={reload} />
      <p class="hint">
        <a href="#/provider">back to the provider page</a>
      </p>
      <div class="dash-controls">
        <label>
          Listing
          <select data-testid="dash-listing" value={listing ?? ''} onChange={(e) => {
            const v = (e.target as HTMLSelectElement).value;
            setListing(v === '' ? undefined : Number(v));
          }}>
            <option value="">all listings</option>
            {listings.map((l) => (
              <option key={l.id} value={l.id}>
                #{l.id} {l.title} ({l.segment})
              </option>
            ))}
          </select>
        </label>
        <WindowPicker bucket={bucket} buckets={buckets} onChange={(b, n) => (setBucket(b), setBuckets(n))} />
      </div>
      <Refused l={board} />
      {t !== undefined && board.state === 'ok' && rows !== undefined && (
        <>
          <div class="stats acct-stats" data-testid="dash-totals">
            <Stat label="Rights sold" testid="total-sold">{t.soldQty}</Stat>
            <Stat label="Sales (PAT)" testid="total-sales">{pat(t.soldMicros)}</Stat>
            <Stat label="Delivered / redeemed" testid="total-delivered">{t.deliveredQty} / {t.redeemedQty}</Stat>
            <Stat label="Downloads" testid="total-downloads">{t.deliveries}</Stat>
            <Stat label="Released to you (PAT)" testid="total-released">{pat(t.releasedMicros)}</Stat>
            <Stat label="Ratings" testid="total-ratings">{t.ratings}</Stat>
            {board.value.trustNow !== null && <Stat label="Trust now" testid="trust-now">{board.value.trustNow.trust?.toFixed(3)}</Stat>}
          </div>
          <FigureChart title="Sales" hint="rights sold to the broker" testid="dash-sales" figures={SALES} rows={rows.sales} bucketMs={board.value.bucketMs} />
          <FigureChart title="PAT" hint="held from sales, released to your free PAT (delivered, dispute window over), refunded by claims" testid="dash-money" figures={MONEY} rows={rows.money} bucketMs={board.value.bucketMs} />
          <FigureChart title="Delivery" hint="rights redeemed by exercises, confirmed delivered, evidenced; downloads evidenced (left scale)" testid="dash-delivery" figures={DELIVERY} rows={rows.delivery} bucketMs={board.value.bucketMs} />
          <FigureChart title="Ratings" hint="ratings given in each bucket; their mean stars (left scale)" testid="dash-ratings" figures={RATINGS} rows={rows.ratings} bucketMs={board.value.bucketMs} />
          <FigureChart title="Trust" hint={listing === undefined ? 'the mean over your listings, sampled every 10 minutes (docs/catalog.md, "Trust score")' : 'sampled every 10 minutes (docs/catalog.md, "Trust score")'} testid="dash-trust" figures={TRUST} rows={rows.trust} bucketMs={board.value.bucketMs} />
        </>
      )}
    </section>
  );
}

const PURCHASES: Figure[] = [
  { label: 'Rights bought', color: '#2563eb', kind: 'bars', format: rights },
  // A line over the bars: two histograms in one bucket would hide each other.
  { label: 'Rights exercised', color: '#7c3aed', kind: 'line', format: rights },
];
const SPEND: Figure[] = [
  { label: 'Spent (PAT)', color: '#2563eb', kind: 'line', format: patFigure },
  { label: 'Refunded (PAT)', color: '#15803d', kind: 'line', format: patFigure },
];
const USAGE: Figure[] = [
  { label: 'Bought (total)', color: '#2563eb', kind: 'line', format: rights },
  { label: 'Exercised (total)', color: '#7c3aed', kind: 'line', format: rights },
  { label: 'Delivered (total)', color: '#15803d', kind: 'line', format: rights },
];
const SUBSCRIPTIONS: Figure[] = [
  { label: 'Windows bought', color: '#2563eb', kind: 'bars', format: rights },
  { label: 'Windows skipped', color: '#b91c1c', kind: 'bars', format: rights },
  { label: 'Rights exercised', color: '#15803d', kind: 'line', left: true, format: rights },
];

function consumerRows(b: ConsumerBoard): Record<'purchases' | 'spend' | 'usage' | 'subscriptions', ChartRow[]> {
  const rows = (f: (x: ConsumerBoard['buckets'][number]) => number[]): ChartRow[] => rowsOf(b.buckets, f);
  // Usage against entitlements: running totals over the window, so the gap between the lines is what is bought and not yet used.
  let bought = 0;
  let exercised = 0;
  let delivered = 0;
  const usage = b.buckets.map((x) => {
    bought += x.boughtQty!;
    exercised += x.exercisedQty!;
    delivered += x.evidencedQty!;
    return { startMs: x.startMs, values: [bought, exercised, delivered] };
  });
  return {
    purchases: rows((x) => [x.boughtQty!, x.exercisedQty!]),
    spend: rows((x) => [x.spentMicros! / 1e6, x.refundMicros! / 1e6]),
    usage,
    subscriptions: rows((x) => [x.subscriptionFills!, x.subscriptionSkips!, x.subscriptionExercisedQty!]),
  };
}

function ConsumerSigned({ s, onSignOut }: { s: AccountSession; onSignOut: () => void }) {
  const [bucket, setBucket] = useState<Bucket>('hour');
  const [buckets, setBuckets] = useState(48);
  const [board, reload] = useBoard<ConsumerBoard>(s, '/v1/dashboard/consumer', (nowMs) => windowQuery(bucket, buckets, nowMs));
  const rows = useMemo(() => (board.state === 'ok' ? consumerRows(board.value) : undefined), [board]);
  const t = board.state === 'ok' ? board.value.totals : undefined;
  return (
    <section class="acct dash" data-testid="consumer-dashboard">
      <Header title="Account dashboard" account={s} onSignOut={onSignOut} onReload={reload} />
      <p class="hint">
        <a href="#/account">back to the account page</a>
      </p>
      <WindowPicker bucket={bucket} buckets={buckets} onChange={(b, n) => (setBucket(b), setBuckets(n))} />
      <Refused l={board} />
      {t !== undefined && board.state === 'ok' && rows !== undefined && (
        <>
          <div class="stats acct-stats" data-testid="dash-totals">
            <Stat label="Rights bought" testid="total-bought">{t.boughtQty}</Stat>
            <Stat label="Spent (PAT)" testid="total-spent">{pat(t.spentMicros)}</Stat>
            <Stat label="Exercised / bought" testid="total-used">{t.exercisedQty} / {t.boughtQty}</Stat>
            <Stat label="Delivered" testid="total-delivered">{t.evidencedQty}</Stat>
            <Stat label="Held now" testid="held-now">{board.value.rightsHeldNow}</Stat>
            <Stat label="Subscription windows" testid="total-sub-windows">{t.subscriptionFills} bought · {t.subscriptionSkips} skipped</Stat>
          </div>
          <FigureChart title="Purchases" hint="rights bought and exercised" testid="dash-purchases" figures={PURCHASES} rows={rows.purchases} bucketMs={board.value.bucketMs} />
          <FigureChart title="Spend" hint="PAT paid for rights; refunds of claims" testid="dash-spend" figures={SPEND} rows={rows.spend} bucketMs={board.value.bucketMs} />
          <FigureChart title="Usage against entitlements" hint="running totals over the window: rights bought, exercised into grants, delivered with evidence" testid="dash-usage" figures={USAGE} rows={rows.usage} bucketMs={board.value.bucketMs} />
          <FigureChart title="Subscriptions" hint="windows bought and skipped; rights exercised (left scale)" testid="dash-subscriptions" figures={SUBSCRIPTIONS} rows={rows.subscriptions} bucketMs={board.value.bucketMs} />
        </>
      )}
    </section>
  );
}

export function ProviderDashboardPage() {
  return <SessionPage slot={providerSlot} signIn={(onSession) => <SignIn text={PROVIDER_SIGN_IN} signIn={(how) => ProviderSession.signIn(how)} onSession={onSession} />} signed={(s, onSignOut) => <ProviderSigned s={s} onSignOut={onSignOut} />} />;
}

export function ConsumerDashboardPage() {
  return <AccountGate signed={(s, onSignOut) => <ConsumerSigned s={s} onSignOut={onSignOut} />} />;
}
