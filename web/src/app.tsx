/** The console: a hash router (#/ the market, #/series/ID a series, #/chain/SPOT_ID a window's option chain) over the live market store. */
import { useEffect, useState } from 'preact/hooks';
import { market } from './market.js';
import { MarketPage } from './market-page.js';
import { AccountPage } from './account-page.js';
import { OperatorPage } from './operator-page.js';
import { ProviderPage } from './provider-page.js';
import { SeriesPage } from './series-page.js';
import { ChainPage } from './chain-page.js';
import { CatalogPage } from './catalog-page.js';
import { ConsumerDashboardPage, ProviderDashboardPage } from './dashboard-page.js';
import { OrganisationPage } from './organisation-page.js';

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = (): void => setHash(location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

/** Re-renders the caller whenever the market changes (at most once per frame). */
export function useMarket(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => market.subscribe(() => setVersion((v) => v + 1)), []);
  return version;
}

/** A top-level page: its hash route, its title in the navigation, and what it shows. One line each here; each page lives in its own file. */
interface Page {
  hash: string;
  title: string;
  render(): preact.JSX.Element;
}

const PAGES: readonly Page[] = [
  { hash: '#/', title: 'Market', render: () => <MarketPage /> },
  { hash: '#/catalog', title: 'Catalog', render: () => <CatalogPage /> },
  { hash: '#/account', title: 'Account', render: () => <AccountPage /> },
  { hash: '#/provider', title: 'Provider', render: () => <ProviderPage /> },
  { hash: '#/operator', title: 'Operator', render: () => <OperatorPage /> },
  { hash: '#/organisation', title: 'Organisation', render: () => <OrganisationPage /> },
];

/** The browser tab's title for a route: the page's name first, so tabs of several pages read apart ("Catalog · PATX"). */
export function tabTitle(hash: string): string {
  const series = /^#\/series\/(\d+)$/.exec(hash)?.[1];
  const chain = /^#\/chain\/(\d+)$/.exec(hash)?.[1];
  const dashboard = /^#\/(provider|account)\/dashboard$/.exec(hash)?.[1];
  const listing = /^#\/catalog\/(\d+)$/.exec(hash)?.[1];
  const name =
    series !== undefined ? `Series ${series}` : chain !== undefined ? `Option chain ${chain}` : dashboard !== undefined ? `${dashboard === 'provider' ? 'Provider' : 'Account'} dashboard` : listing !== undefined ? `Listing ${listing}` : (PAGES.find((p) => p.hash !== '#/' && hash.startsWith(p.hash)) ?? PAGES[0]!).title;
  return `${name} · PATX`;
}

/** "Skip to content": the hash is the router's, so the link moves focus to <main> itself rather than to #main. */
function SkipLink() {
  return (
    <a
      class="skip-link"
      href="#main"
      data-testid="skip-link"
      onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}
    >
      Skip to content
    </a>
  );
}

export function App() {
  const hash = useHash();
  useMarket();
  const seriesMatch = /^#\/series\/(\d+)$/.exec(hash);
  const chainMatch = /^#\/chain\/(\d+)$/.exec(hash);
  // A dashboard is a page of its own under the page whose session it shows (its tab stays lit).
  const dashboard = /^#\/(provider|account)\/dashboard$/.exec(hash)?.[1];
  const page = PAGES.find((p) => p.hash !== '#/' && hash.startsWith(p.hash)) ?? PAGES[0]!;
  useEffect(() => {
    document.title = tabTitle(hash);
  }, [hash]);
  return (
    <div class="shell">
      <SkipLink />
      <header class="top">
        <a class="brand" href="#/">PATX</a>
        <nav>
          {PAGES.map((p) => (
            <a key={p.hash} href={p.hash} class={page === p ? 'active' : ''}>
              {p.title}
            </a>
          ))}
        </nav>
        <span class={`feed feed-${market.state}`} data-testid="feed-state">{market.state === 'live' ? 'live' : market.state}</span>
      </header>
      {market.error !== undefined && <div class="banner" role="alert">{market.error}</div>}
      <main id="main" tabIndex={-1}>{seriesMatch !== null ? <SeriesPage seriesId={Number(seriesMatch[1])} /> : chainMatch !== null ? <ChainPage spotSeriesId={Number(chainMatch[1])} /> : dashboard === 'provider' ? <ProviderDashboardPage /> : dashboard === 'account' ? <ConsumerDashboardPage /> : page.render()}</main>
      <footer>Prices in PAT. Data: GET /v1/series, /v1/trades and /v1/candles, then the market-data feed (snapshot, then sequenced deltas).</footer>
    </div>
  );
}
