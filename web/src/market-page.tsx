/** Every series: kind, status, bid/ask, last, reference and change; a row opens the series' page. */
import { market, type SeriesRow } from './market.js';
import { change, date, price } from './format.js';

const KIND_ORDER: Record<string, number> = { SPOT: 0, FORWARD: 1, SYNTHETIC: 2, CALL: 3, PUT: 4 };

function sorted(rows: Iterable<SeriesRow>): SeriesRow[] {
  return [...rows].sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.contract.localeCompare(b.contract) || a.openAtMs - b.openAtMs || a.seriesId - b.seriesId);
}

export function MarketPage() {
  const rows = sorted(market.series.values()).filter((r) => r.status !== 'EXPIRED');
  return (
    <section>
      <h1>Market</h1>
      <p class="hint">{rows.length} live series. Change: the last trade against the broker's reference price. Click a series for its book, trades and chart.</p>
      <div class="table-wrap">
        <table class="series-table" data-testid="series-table">
          <thead>
            <tr>
              <th>Series</th>
              <th>Kind</th>
              <th>Window</th>
              <th>Status</th>
              <th class="num">Bid</th>
              <th class="num">Ask</th>
              <th class="num">Last</th>
              <th class="num">Reference</th>
              <th class="num">Change</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const c = change(r.lastMicros, r.referenceMicros);
              return (
                <tr key={r.seriesId} data-series-id={r.seriesId} onClick={() => (location.hash = `#/series/${r.seriesId}`)}>
                  <td class="contract">
                    <a href={`#/series/${r.seriesId}`}>{r.contract}</a>
                    <span class="sid">#{r.seriesId}<span class="sid-kind"> · {r.kind}</span>{r.strike !== undefined ? ` · strike ${r.strike}` : ''}</span>
                  </td>
                  <td><span class={`kind kind-${r.kind}`}>{r.kind}</span></td>
                  <td class="window">{date(r.openAtMs)} → {date(r.closeAtMs)}</td>
                  <td>{r.status}</td>
                  <td class="num bid" data-testid="bid">{price(r.bidMicros)}</td>
                  <td class="num ask" data-testid="ask">{price(r.askMicros)}</td>
                  <td class="num">{price(r.lastMicros)}</td>
                  <td class="num">{price(r.referenceMicros)}</td>
                  <td class={`num change-${c.direction}`}>{c.text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
