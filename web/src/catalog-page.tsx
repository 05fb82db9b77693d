/**
 * The catalog (#/catalog, public): search published listings by text, segment, permitted
 * use, a minimum trust score and minimum quality metrics (GET /v1/listings; the search is
 * the server's), results with their trust and measured quality. A listing (#/catalog/ID):
 * its trust score and components, quality, schema with per-column sample statistics, the
 * sample preview, provenance and licence, version history with lineage, reviews, and the
 * live market series of its segment (links to #/series/ID). Every failed request shows its
 * reason by name.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  bytes,
  formOf,
  getJson,
  PERMITTED_USES,
  QUALITY_METRICS,
  queryOf,
  RISK_BANDS,
  type Discovery,
  ratio,
  segmentOf,
  type Disclosures,
  type ListingDetail,
  type ListingSummary,
  type Quality,
  type SearchForm,
  termsWords,
  formProblem,
} from './catalog-api.js';
import { date, pat, price } from './format.js';
import { groupByContract } from './series-groups.js';
import { ChainSummary } from './market-page.js';
import { market } from './market.js';
import { fromPrice } from './listing-price.js';
import { FeedBadges, ModelFeedSection } from './model-feed-panel.js';
import { ListingTiersPanel } from './listing-tiers.js';
import { TRUST_WEIGHTS, type FeedFields } from './model-feed-api.js';
import './catalog.css';

export function CatalogPage() {
  const m = /^#\/catalog\/(\d+)$/.exec(location.hash);
  return m !== null ? <ListingPage id={Number(m[1])} key={m[1]} /> : <SearchPage />;
}

// ------------------------------------------------------------------ search

function hashQuery(): URLSearchParams {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : location.hash.slice(i + 1));
}

/** Short column headings for the quality metrics (the full name is the heading's title), so the results fit 1280 px. */
const METRIC_HEAD: Record<(typeof QUALITY_METRICS)[number], string> = { completeness: 'Complete', validity: 'Valid', uniqueness: 'Unique', timeliness: 'Timely', consistency: 'Consistent', accuracy: 'Accurate' };

/** Segments with a live series (the market), plus any a result names. */
function knownSegments(results: ListingSummary[]): string[] {
  const out = new Set<string>();
  for (const s of market.series.values()) out.add(segmentOf(s.contract));
  for (const l of results) out.add(l.segment);
  return [...out].filter((s) => s !== '').sort();
}

function SearchPage() {
  const [form, setForm] = useState<SearchForm>(() => formOf(hashQuery()));
  const [result, setResult] = useState<{ total: number; listings: Result[] } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const query = queryOf(form).toString();
  const problem = formProblem(form);

  useEffect(() => {
    if (problem !== undefined) {
      // Not sent: the results shown are not this search's.
      setResult(undefined);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setLoading(true);
      history.replaceState(null, '', `#/catalog${query === '' ? '' : `?${query}`}`);
      void getJson<{ total: number; listings: Result[] }>(`/v1/listings?${query}${query === '' ? '' : '&'}limit=200`).then((r) => {
        if (!live) return;
        setLoading(false);
        if (r.ok) {
          setResult(r.body);
          setError(undefined);
        } else setError(r.reason);
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, problem]);

  const set = (patch: Partial<SearchForm>): void => setForm({ ...form, ...patch });
  const setMin = (metric: (typeof QUALITY_METRICS)[number], value: string): void => setForm({ ...form, min: { ...form.min, [metric]: value } });
  const listings = result?.listings ?? [];
  const segments = knownSegments(listings);
  if (form.segment !== '' && !segments.includes(form.segment)) segments.push(form.segment);

  return (
    <section class="cat">
      <h1>Catalog</h1>
      <p class="hint">
        Published listings of the data behind each segment's contracts. Trust = 0.40·quality + 0.20·rating + 0.20·reliability + 0.20·disclosure; quality metrics are
        measured on each sample (0–1; accuracy only against a reference sample).
      </p>
      <form class="panel cat-filters" data-testid="catalog-filters" onSubmit={(e) => e.preventDefault()}>
        <label class="cat-wide">
          Search
          <input type="search" data-testid="filter-q" placeholder="words of the title, description or segment" value={form.q} onInput={(e) => set({ q: e.currentTarget.value })} />
        </label>
        <label>
          Segment
          <select data-testid="filter-segment" value={form.segment} onChange={(e) => set({ segment: e.currentTarget.value })}>
            <option value="">any</option>
            {segments.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select data-testid="filter-kind" value={form.kind} onChange={(e) => set({ kind: e.currentTarget.value as SearchForm['kind'] })}>
            <option value="">any</option>
            <option value="dataset">dataset</option>
            <option value="model-feed">model feed</option>
          </select>
        </label>
        <label>
          Permitted use
          <select data-testid="filter-use" value={form.use} onChange={(e) => set({ use: e.currentTarget.value })}>
            <option value="">any</option>
            {PERMITTED_USES.map((u) => (
              <option key={u} value={u}>{u}</option>
            ))}
          </select>
        </label>
        <label>
          Sort
          <select data-testid="filter-sort" value={form.sort} onChange={(e) => set({ sort: e.currentTarget.value as SearchForm['sort'] })}>
            <option value="trust">trust</option>
            <option value="updated">updated</option>
            <option value="title">title</option>
          </select>
        </label>
        <label>
          Min trust
          <input type="number" min="0" max="1" step="0.01" data-testid="filter-min-trust" placeholder="0–1" value={form.minTrust} onInput={(e) => set({ minTrust: e.currentTarget.value })} />
        </label>
        {QUALITY_METRICS.map((m) => (
          <label key={m}>
            Min {m}
            <input type="number" min="0" max="1" step="0.01" data-testid={`filter-min-${m}`} placeholder="0–1" value={form.min[m]} onInput={(e) => setMin(m, e.currentTarget.value)} />
          </label>
        ))}
        <label title="rights the exchange saw delivered under a dataset; a model feed's capacity estimate from the exchange's own trades">
          Min capacity
          <input type="number" min="0" step="1" data-testid="filter-min-capacity" placeholder="rights" value={form.minCapacity} onInput={(e) => set({ minCapacity: e.currentTarget.value })} />
        </label>
        <label title="share of disclosure checks passed">
          Min disclosure
          <input type="number" min="0" max="1" step="0.01" data-testid="filter-min-disclosure" placeholder="0–1" value={form.minDisclosure} onInput={(e) => set({ minDisclosure: e.currentTarget.value })} />
        </label>
        <label title="a dataset's cadence adherence; a model feed's share of positive days over exchange-checked outcomes">
          Min stability
          <input type="number" min="0" max="1" step="0.01" data-testid="filter-min-stability" placeholder="0–1" value={form.minStability} onInput={(e) => set({ minStability: e.currentTarget.value })} />
        </label>
        <fieldset class="cat-bands" data-testid="filter-risk-band">
          <legend title="from delivery and conformance records, or a model feed's exchange-checked outcomes; none ticked: any">Risk band</legend>
          {RISK_BANDS.map((b) => (
            <label key={b}>
              <input type="checkbox" data-testid={`filter-risk-${b}`} checked={form.riskBands.includes(b)} onChange={(e) => set({ riskBands: e.currentTarget.checked ? [...form.riskBands, b] : form.riskBands.filter((x) => x !== b) })} /> {b}
            </label>
          ))}
        </fieldset>
      </form>
      {problem !== undefined && (
        <div class="banner" role="alert" data-testid="catalog-form-problem">
          {problem}
        </div>
      )}
      {problem === undefined && error !== undefined && (
        <div class="banner" role="alert" data-testid="catalog-error">
          {error}
        </div>
      )}
      <p class="hint" data-testid="catalog-count">
        {result === undefined ? (problem !== undefined ? 'not searched: the filter above is not a number it takes' : error !== undefined ? 'no answer' : 'Loading…') : `${result.total} listing${result.total === 1 ? '' : 's'}${loading ? ' (updating…)' : ''}`}
      </p>
      <div class="table-wrap">
        <table class="cat-results phone-fit" data-testid="catalog-results">
          <thead>
            <tr>
              <th>Listing</th>
              <th class="num">Trust</th>
              {QUALITY_METRICS.map((m) => (
                <th key={m} class="num cat-metric" title={m}>{METRIC_HEAD[m]}</th>
              ))}
              <th class="cat-disc" title="risk band · capacity (rights) · disclosure · stability, from what the exchange verified">Discovery</th>
              <th class="cat-seg">Market</th>
            </tr>
          </thead>
          <tbody>
            {listings.map((l) => (
              <ResultRow key={l.id} l={l} />
            ))}
          </tbody>
        </table>
      </div>
      {result !== undefined && listings.length === 0 && <p class="hint">No published listing matches these filters.</p>}
    </section>
  );
}

/** A search result: a summary with its discovery facts (absent from a server older than the console). */
type Result = ListingSummary & { discovery?: Discovery };

function ResultRow({ l }: { l: Result & FeedFields }) {
  const series = [...market.series.values()].filter((s) => s.status !== 'EXPIRED' && segmentOf(s.contract) === l.segment);
  const from = fromPrice(series);
  const fromText = from === undefined ? undefined : `from ${pat(from.micros)} PAT`;
  const fromTitle = from?.basis === 'ask' ? 'the lowest ask of its live spot series' : 'no ask now: the lowest reference price of its live spot series';
  return (
    <tr data-listing-id={l.id} data-segment={l.segment} data-kind={l.kind ?? 'dataset'} onClick={() => (location.hash = `#/catalog/${l.id}`)}>
      <td class="cat-title">
        <a href={`#/catalog/${l.id}`}>{l.title}</a> <FeedBadges l={l} />
        <span class="sid">
          #{l.id} · v{l.version} · provider #{l.providerAccountId} <VerifiedBadge verified={l.verifiedProvider} />
        </span>
        <span class="sid">
          {l.segment} · {l.cadence} · {l.quality.rows.toLocaleString('en-US')} sample rows · updated {date(l.updatedAtMs)}
        </span>
        {/* The Market column is hidden on a phone: the price stays in the row. */}
        {fromText !== undefined && (
          <span class="sid cat-from-phone" title={fromTitle}>
            {fromText}
          </span>
        )}
      </td>
      <td class="num" data-testid="trust">
        <TrustBadge trust={l.trust} />
      </td>
      {QUALITY_METRICS.map((m) => (
        <td key={m} class="num cat-metric" data-metric={m} title={l.quality[m] === null ? (m === 'accuracy' ? 'unverified: no reference sample' : 'not measured') : undefined}>
          {ratio(l.quality[m])}
        </td>
      ))}
      <td class="cat-disc" data-testid="discovery">
        {l.discovery === undefined ? '—' : <DiscoveryCell d={l.discovery} />}
      </td>
      <td class="cat-seg">
        {series.length === 0 ? '—' : `${series.length} series`}
        {fromText !== undefined && (
          <span class="sid" data-testid="from-price" data-basis={from!.basis} title={fromTitle}>
            {fromText}
          </span>
        )}
      </td>
    </tr>
  );
}

function DiscoveryCell({ d }: { d: Discovery }) {
  return (
    <span class="sid">
      <span class={`risk risk-${d.riskBand}`} data-testid="risk-band">{d.riskBand}</span> · cap {d.capacityRights === null ? '—' : d.capacityRights.toLocaleString('en-US')} · disc {ratio(d.disclosure)} · stab {ratio(d.stability)}
    </span>
  );
}

/** The operator verified the provider's identity (docs/providers.md); nothing else of it is public. */
function VerifiedBadge({ verified }: { verified: boolean }) {
  return verified ? (
    <span class="verified" data-testid="verified-provider" title="the exchange verified this provider's identity (KYC)">
      ✓ verified provider
    </span>
  ) : null;
}

function TrustBadge({ trust }: { trust: number }) {
  const level = trust >= 0.8 ? 'high' : trust >= 0.6 ? 'mid' : 'low';
  return <span class={`trust trust-${level}`}>{trust.toFixed(3)}</span>;
}

// ------------------------------------------------------------------ one listing

type Loaded = { listing: ListingDetail & FeedFields; disclosures: Disclosures } | { error: string } | undefined;

function ListingPage({ id }: { id: number }) {
  const [loaded, setLoaded] = useState<Loaded>(undefined);
  useEffect(() => {
    let live = true;
    void Promise.all([getJson<ListingDetail>(`/v1/listings/${id}`), getJson<Disclosures>(`/v1/listings/${id}/disclosures`)]).then(([l, d]) => {
      if (!live) return;
      if (!l.ok) setLoaded({ error: l.reason });
      else if (!d.ok) setLoaded({ error: d.reason });
      else setLoaded({ listing: l.body, disclosures: d.body });
    });
    return () => {
      live = false;
    };
  }, [id]);

  const back = (
    <p>
      <a href="#/catalog">← Catalog</a>
    </p>
  );
  if (loaded === undefined) return <section class="cat">{back}<p class="hint">Loading listing {id}…</p></section>;
  if ('error' in loaded) {
    return (
      <section class="cat">
        {back}
        <div class="banner" role="alert" data-testid="listing-error">
          Listing {id}: {loaded.error}
        </div>
      </section>
    );
  }
  const { listing: l, disclosures: d } = loaded;
  const s = l.score;
  return (
    <section class="cat" data-testid="listing" data-listing-id={l.id}>
      {back}
      <h1 data-testid="listing-title">{l.title}</h1>
      <p class="hint">
        Listing #{l.id} · {l.segment} · {l.status} · version {l.version} · {l.cadence} · provider #{l.providerAccountId} <VerifiedBadge verified={l.verifiedProvider} /> · updated {date(l.updatedAtMs)} UTC
      </p>
      <div class={`stats cat-stats${s.performance === undefined ? '' : ' cat-stats-feed'}`} data-testid="score">
        <Stat label="Trust" value={s.trust.toFixed(3)} testid="score-trust" />
        <Stat label={`Quality ×${weight(s, 'quality')}`} value={ratio(s.quality, 3)} />
        <Stat label={`Rating ×${weight(s, 'rating')} (${s.ratings} review${s.ratings === 1 ? '' : 's'})`} value={ratio(s.rating, 3)} />
        <Stat label={`Reliability ×${weight(s, 'reliability')}`} value={ratio(s.reliability, 3)} />
        <Stat label={`Disclosure ×${weight(s, 'disclosure')}`} value={ratio(s.disclosure, 3)} />
        {s.performance !== undefined && <Stat label={`Performance ×${weight(s, 'performance')}`} value={ratio(s.performance, 3)} testid="score-performance" />}
      </div>
      {l.description !== '' && <p class="cat-desc">{l.description}</p>}
      {l.kind === 'model-feed' && <ModelFeedSection id={l.id} listing={l} versions={d.versions} currentVersion={l.version} />}
      <ListingTiersPanel id={l.id} />

      <div class="grid">
        <div class="panel">
          <h2>Measured quality <span class="muted">(version {l.version})</span></h2>
          <QualityTable q={l.quality} />
        </div>
        <div class="panel">
          <h2>Market <span class="muted">(live series of {l.segment})</span></h2>
          <SegmentMarket segment={l.segment} />
        </div>
      </div>

      <h2>Schema <span class="muted">({l.schema.columns.length} columns; statistics over the whole sample)</span></h2>
      <div class="table-wrap">
        <table data-testid="schema">
          <thead>
            <tr>
              <th>Column</th>
              <th>Type</th>
              <th>Nullable</th>
              <th>Unit</th>
              <th class="num">Nulls</th>
              <th class="num">Distinct</th>
              <th class="num">Min</th>
              <th class="num">Max</th>
              <th class="num">Mean</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {l.schema.columns.map((c) => {
              const st = l.preview?.columns.find((x) => x.name === c.name);
              const marks = [l.schema.timestampColumn === c.name ? 'timestamp' : '', l.schema.keyColumns?.includes(c.name) === true ? 'key' : ''].filter((x) => x !== '');
              return (
                <tr key={c.name} data-column={c.name}>
                  <td class="cat-col">
                    <code>{c.name}</code>
                    {marks.map((m) => (
                      <span key={m} class="cat-mark">{m}</span>
                    ))}
                  </td>
                  <td>{c.type}</td>
                  <td>{c.nullable === false ? 'no' : 'yes'}</td>
                  <td>{c.unit ?? ''}</td>
                  <td class="num">{st?.nulls ?? '—'}</td>
                  <td class="num">{st === undefined ? '—' : st.distinct >= 1000 ? '≥1,000' : st.distinct}</td>
                  <td class="num">{stat(st?.min)}</td>
                  <td class="num">{stat(st?.max)}</td>
                  <td class="num">{stat(st?.mean)}</td>
                  <td class="cat-text">{c.description ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>
        Sample preview{' '}
        <span class="muted">
          (first {l.preview?.rows.length ?? 0} of {l.quality.rows.toLocaleString('en-US')} rows · {l.sample.format} · {bytes(l.sample.bytes)} · SHA-256 <code title={l.sample.sha256}>{l.sample.sha256.slice(0, 12)}…</code>)
        </span>
      </h2>
      {l.preview === undefined ? (
        <p class="hint">The sample is not available.</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="sample" class="cat-sample">
            <thead>
              <tr>
                {l.schema.columns.map((c) => (
                  <th key={c.name}>{c.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {l.preview.rows.map((row, i) => (
                <tr key={i}>
                  {l.schema.columns.map((c) => (
                    <td key={c.name} class={row[c.name] === null ? 'muted' : ''}>{row[c.name] ?? 'null'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div class="grid">
        <div class="panel" data-testid="provenance">
          <h2>Provenance</h2>
          <dl class="cat-dl">
            <dt>Source</dt>
            <dd>{d.provenance.source}</dd>
            <dt>Collection</dt>
            <dd>{d.provenance.collectionMethod}</dd>
            <dt>Legal basis</dt>
            <dd>{d.provenance.legalBasis}</dd>
            <dt>Personal data</dt>
            <dd>{d.provenance.personalData ? 'yes' : 'no'}</dd>
            <dt>Sensitive categories</dt>
            <dd>{d.provenance.sensitiveCategories.length === 0 ? '—' : d.provenance.sensitiveCategories.join(', ')}</dd>
            <dt>Delivery</dt>
            <dd class="cat-text"><code>{d.deliveryEndpoint}</code></dd>
          </dl>
        </div>
        <div class="panel" data-testid="licence">
          <h2>Licence</h2>
          <dl class="cat-dl">
            <dt>Permitted uses</dt>
            <dd>
              {d.licence.permittedUses.map((u) => (
                <span key={u} class="cat-use">{u}</span>
              ))}
            </dd>
            <dt>Retention</dt>
            <dd>{d.licence.retentionDays} days</dd>
            <dt>Redistribution</dt>
            <dd>{d.licence.redistribution ? 'allowed' : 'not allowed'}</dd>
            <dt>Terms</dt>
            <dd data-testid="terms">{termsWords(d.terms)}</dd>
            <dt>Lineage</dt>
            <dd class="cat-text">
              version <code>{d.lineage.versionSha256.slice(0, 16)}…</code>
              <br />
              schema <code>{d.lineage.schemaSha256.slice(0, 16)}…</code>
            </dd>
          </dl>
        </div>
      </div>

      <h2>Version history <span class="muted">({d.versions.length})</span></h2>
      <div class="table-wrap">
        <table data-testid="history">
          <thead>
            <tr>
              <th>Version</th>
              <th>Created (UTC)</th>
              <th>Change log</th>
              <th class="num">Rows</th>
              <th class="num">Completeness</th>
              <th class="num">Validity</th>
              <th class="num">Uniqueness</th>
              <th>Version SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {[...d.versions].reverse().map((v) => (
              <tr key={v.version} data-version={v.version}>
                <td>v{v.version}{v.version === l.version ? <span class="cat-mark">current</span> : null}</td>
                <td class="window">{date(v.createdAtMs)}</td>
                <td class="cat-text">{v.changeLog === '' ? <span class="muted">—</span> : v.changeLog}</td>
                <td class="num">{v.quality.rows.toLocaleString('en-US')}</td>
                <td class="num">{ratio(v.quality.completeness)}</td>
                <td class="num">{ratio(v.quality.validity)}</td>
                <td class="num">{ratio(v.quality.uniqueness)}</td>
                <td><code title={v.lineage.versionSha256}>{v.lineage.versionSha256.slice(0, 12)}…</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Reviews <span class="muted">({reviewsShown(l)}; only consumers who exercised rights in {l.segment} may rate)</span></h2>
      <div data-testid="reviews">
        {l.reviews === undefined ? (
          <p class="hint">This server does not publish reviews.</p>
        ) : l.reviews.length === 0 ? (
          <p class="hint">No reviews yet: the rating component is the prior, {ratio(s.rating, 3)}.</p>
        ) : (
          l.reviews.map((r, i) => (
            <div key={i} class="panel cat-review" data-testid="review">
              <span class="cat-stars" title={`${r.stars} of 5`}>{'★'.repeat(r.stars)}{'☆'.repeat(5 - r.stars)}</span>
              <span class="muted"> v{r.version} · {date(r.atMs)} UTC</span>
              {r.review !== '' && <p class="cat-text">{r.review}</p>}
            </div>
          ))
        )}
      </div>
    </section>
  );
}

/** How many reviews there are, and how many of them the page shows when not all. */
function reviewsShown(l: ListingDetail): string {
  const shown = (l.reviews ?? []).length;
  const total = l.reviewCount ?? shown;
  return total > shown ? `the newest ${shown} of ${total}` : String(total);
}

function weight(s: { performance?: number }, component: keyof (typeof TRUST_WEIGHTS)['dataset']): string {
  return (s.performance === undefined ? TRUST_WEIGHTS.dataset : TRUST_WEIGHTS.modelFeed)[component].toFixed(2);
}

function stat(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 1e9 ? date(v) : Number.isInteger(v) ? String(v) : v.toFixed(3);
}

function Stat({ label, value, testid }: { label: string; value: string; testid?: string }) {
  return (
    <div class="stat">
      <div class="label">{label}</div>
      <div class="value" data-testid={testid}>{value}</div>
    </div>
  );
}

function QualityTable({ q }: { q: Quality }) {
  return (
    <table class="phone-fit" data-testid="quality">
      <tbody>
        {QUALITY_METRICS.map((m) => (
          <tr key={m} data-metric={m}>
            <td>{m}</td>
            <td class="num">{q[m] === null ? <span class="muted">{m === 'accuracy' ? 'unverified' : 'not measured'}</span> : ratio(q[m], 3)}</td>
            <td class="cat-bar-cell">{q[m] !== null && <span class="cat-bar" style={{ width: `${Math.round((q[m] ?? 0) * 100)}%` }} />}</td>
          </tr>
        ))}
        {q.accuracyCoverage !== undefined && (
          <tr>
            <td>accuracy coverage</td>
            <td class="num">{ratio(q.accuracyCoverage, 3)}</td>
            <td />
          </tr>
        )}
        <tr>
          <td>sample</td>
          <td class="num" colSpan={2}>
            {q.rows.toLocaleString('en-US')} rows × {q.columns} columns
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** The segment's live series: by contract, spot first, then forwards and synthetics; a window's options one line, its chain. */
function SegmentMarket({ segment }: { segment: string }) {
  const groups = groupByContract([...market.series.values()].filter((s) => s.status !== 'EXPIRED' && segmentOf(s.contract) === segment));
  if (groups.length === 0) return <p class="hint">{market.series.size === 0 ? 'Loading the market…' : 'No live series of this segment.'}</p>;
  return (
    <div class="cat-market">
      <table class="phone-fit" data-testid="segment-series">
        <thead>
          <tr>
            <th>Series</th>
            <th class="num">Bid (PAT)</th>
            <th class="num">Ask (PAT)</th>
            <th class="num">Last (PAT)</th>
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g.contract}>
            <tr class="cat-contract">
              <th colSpan={4}>{g.contract.split('|').slice(1).join(' · ')}</th>
            </tr>
            {g.lines.map((l) =>
              l.line === 'chain' ? (
                <ChainSummary key={`chain-${l.spotSeriesId}`} c={l} columns={4} />
              ) : (
                <tr key={l.row.seriesId} data-series-id={l.row.seriesId} data-kind={l.row.kind}>
                  <td class="cat-text">
                    <span class={`kind kind-${l.row.kind}`}>{l.row.kind}</span> <a href={`#/series/${l.row.seriesId}`}>{date(l.row.openAtMs)}</a>
                    <span class="sid">
                      #{l.row.seriesId} · to {date(l.row.closeAtMs)} · {l.row.status}
                    </span>
                  </td>
                  <td class="num bid">{price(l.row.bidMicros)}</td>
                  <td class="num ask">{price(l.row.askMicros)}</td>
                  <td class="num">{price(l.row.lastMicros)}</td>
                </tr>
              ),
            )}
          </tbody>
        ))}
      </table>
    </div>
  );
}
