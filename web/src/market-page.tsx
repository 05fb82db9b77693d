/**
 * Every live series, grouped by contract and, within a contract, by kind (spot first); a
 * window's options are one line that opens its chain (#/chain/SPOT_ID). Filters: contract,
 * kind, and text in the contract. Bid/ask, last, reference and change per series; a row
 * opens the series' page.
 */
import { useState } from 'preact/hooks';
import { market, type SeriesRow } from './market.js';
import { change, date, pat, price } from './format.js';
import { groupByContract, KIND_ORDER, type ChainLine } from './series-groups.js';
import { usePhoneWidth } from './phone-width.js';

/** The table's columns, and those a phone shows (series, bid, ask: the others are class "wide"). */
const COLUMNS = 7;
const PHONE_COLUMNS = 3;

const KIND_CHOICES = ['all', 'SPOT', 'FORWARD', 'SYNTHETIC', 'OPTIONS'] as const;
type KindChoice = (typeof KIND_CHOICES)[number];

function kindMatches(choice: KindChoice, kind: string): boolean {
  if (choice === 'all') return true;
  if (choice === 'OPTIONS') return kind === 'CALL' || kind === 'PUT';
  return kind === choice;
}

export function MarketPage() {
  const [contract, setContract] = useState('all');
  const [kind, setKind] = useState<KindChoice>('all');
  const [text, setText] = useState('');
  const live = [...market.series.values()].filter((r) => r.status !== 'EXPIRED');
  const contracts = [...new Set(live.map((r) => r.contract))].sort();
  const needle = text.trim().toUpperCase();
  const shown = live.filter((r) => (contract === 'all' || r.contract === contract) && kindMatches(kind, r.kind) && (needle === '' || r.contract.toUpperCase().includes(needle)));
  const groups = groupByContract(shown);
  // A chain line spans the columns shown: a span over the phone's hidden ones would add empty columns to its table.
  const phone = usePhoneWidth();
  const counts = KIND_ORDER.map((k) => `${live.filter((r) => r.kind === k).length} ${k.toLowerCase()}`).join(', ');
  return (
    <section>
      <h1>Market</h1>
      <p class="hint" data-testid="market-counts">
        {live.length} live series ({counts}) in {contracts.length} contracts. A window's calls and puts are one line: its option chain. Change: the last trade against the broker's reference price.
      </p>
      <div class="filters" data-testid="market-filters">
        <label>
          Contract
          <select data-testid="filter-contract" value={contract} onChange={(e) => setContract((e.target as HTMLSelectElement).value)}>
            <option value="all">All contracts</option>
            {contracts.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select data-testid="filter-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as KindChoice)}>
            {KIND_CHOICES.map((k) => (
              <option key={k} value={k}>
                {k === 'all' ? 'All kinds' : k === 'OPTIONS' ? 'Options (calls and puts)' : k.charAt(0) + k.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search
          <input data-testid="filter-text" placeholder="e.g. AUTO_INTENT" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      {groups.length === 0 && <p class="hint">{market.series.size === 0 ? 'Loading…' : 'No live series match.'}</p>}
      {groups.map((g) => (
        <div key={g.contract} class="contract-group" data-testid="contract-group" data-contract={g.contract}>
          <h2>
            {g.contract} <span class="muted">{g.seriesCount} series</span>
          </h2>
          <div class="table-wrap">
            <table class="series-table phone-fit" data-testid="series-table">
              <thead>
                <tr>
                  <th>Series</th>
                  <th class="wide">Status</th>
                  <th class="num">Bid</th>
                  <th class="num">Ask</th>
                  <th class="num wide">Last</th>
                  <th class="num wide">Reference</th>
                  <th class="num wide">Change</th>
                </tr>
              </thead>
              <tbody>{g.lines.map((l) => (l.line === 'series' ? <SeriesLine key={l.row.seriesId} r={l.row} /> : <ChainSummary key={`chain-${l.spotSeriesId}`} c={l} columns={phone ? PHONE_COLUMNS : COLUMNS} />))}</tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}

function SeriesLine({ r }: { r: SeriesRow }) {
  const c = change(r.lastMicros, r.referenceMicros);
  return (
    <tr data-series-id={r.seriesId} data-kind={r.kind} onClick={() => (location.hash = `#/series/${r.seriesId}`)}>
      <td class="series-cell">
        <span class={`kind kind-${r.kind}`}>{r.kind}</span> <a href={`#/series/${r.seriesId}`}>{date(r.openAtMs)}</a>
        <span class="sid">
          #{r.seriesId} · to {date(r.closeAtMs)}
        </span>
      </td>
      <td class="wide">{r.status}</td>
      <td class="num bid" data-testid="bid">{price(r.bidMicros)}</td>
      <td class="num ask" data-testid="ask">{price(r.askMicros)}</td>
      <td class="num wide">{price(r.lastMicros)}</td>
      <td class="num wide">{price(r.referenceMicros)}</td>
      <td class={`num wide change-${c.direction}`}>{c.text}</td>
    </tr>
  );
}

/** A window's options in one line: how many, the strikes' range, and the link to its chain. */
export function ChainSummary({ c, columns }: { c: ChainLine; columns: number }) {
  const lo = c.strikesMicros[0] ?? 0;
  const hi = c.strikesMicros.at(-1) ?? 0;
  return (
    <tr class="chain-line" data-chain={c.spotSeriesId} onClick={() => (location.hash = `#/chain/${c.spotSeriesId}`)}>
      <td colSpan={columns}>
        <span class="kind kind-CALL">OPTIONS</span>{' '}
        <a href={`#/chain/${c.spotSeriesId}`} data-testid="chain-link">
          Option chain, expiry {date(c.expiryMs)}
        </a>
        <span class="sid">
          {c.calls.length} calls, {c.puts.length} puts · {c.strikesMicros.length} strikes {pat(lo)}–{pat(hi)} PAT · on spot #{c.spotSeriesId}
        </span>
      </td>
    </tr>
  );
}
