/**
 * One window's option chain (#/chain/SPOT_ID): strikes down the middle, calls' bid/ask on
 * the left, puts' on the right, live from the market-data feed; the settlement index's
 * latest mark on top (GET /v1/series/{option}/settlement, read every 10 s: the mark is the
 * window's index, the same for every option on it), strikes in the money shaded against it.
 * Tabs for the contract's other expiries. Each price opens its series' page.
 */
import { useEffect, useState } from 'preact/hooks';
import { market, type SeriesRow } from './market.js';
import { date, pat, price, time } from './format.js';
import { chainRows, expiriesOf, optionsOn } from './series-groups.js';

interface Mark {
  markMicros: number;
  markAtMs: number;
}

interface SettlementView {
  mark: Mark | null;
  settlementIndex: { indexMicros: number } | null;
}

const MARK_READ_MS = 10_000;

/** The window's index mark, read from one of its options' settlement view (undefined until read; null: no mark yet). */
function useIndexMark(optionSeriesId: number | undefined): { mark: Mark | null | undefined; indexMicros: number | undefined } {
  const [view, setView] = useState<SettlementView | undefined>(undefined);
  useEffect(() => {
    if (optionSeriesId === undefined) return;
    let stopped = false;
    const read = async (): Promise<void> => {
      try {
        const r = await fetch(`/v1/series/${optionSeriesId}/settlement`);
        if (r.ok && !stopped) setView((await r.json()) as SettlementView);
      } catch {
        // Kept as it was; the next read tries again.
      }
    };
    void read();
    const timer = setInterval(() => void read(), MARK_READ_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [optionSeriesId]);
  return { mark: view === undefined ? undefined : view.mark, indexMicros: view?.settlementIndex?.indexMicros };
}

export function ChainPage({ spotSeriesId }: { spotSeriesId: number }) {
  const options = optionsOn(market.series.values(), spotSeriesId);
  const spot = market.series.get(spotSeriesId);
  const { mark, indexMicros } = useIndexMark(options[0]?.seriesId);
  if (options.length === 0) {
    return (
      <section>
        <p><a href="#/">← Market</a></p>
        <p class="hint">{market.series.size === 0 ? 'Loading…' : `No live options on spot series ${spotSeriesId}.`}</p>
      </section>
    );
  }
  const contract = options[0]!.contract;
  const expiryMs = options[0]!.closeAtMs;
  const rows = chainRows(options);
  const markMicros = indexMicros ?? mark?.markMicros;
  return (
    <section class="chain">
      <p><a href="#/">← Market</a></p>
      <h1 class="series-title">
        {contract} <span class="kind kind-CALL">OPTIONS</span>
      </h1>
      <p class="hint">
        Expiry {date(expiryMs)} UTC · cash-settled in PAT on the window's settlement index (spot series{' '}
        <a href={`#/series/${spotSeriesId}`}>#{spotSeriesId}</a>): a call pays max(index − strike, 0), a put max(strike − index, 0) per unit.
      </p>
      <nav class="expiries" data-testid="expiries">
        {expiriesOf(market.series.values(), contract).map((e) => (
          <a key={e.spotSeriesId} href={`#/chain/${e.spotSeriesId}`} class={e.spotSeriesId === spotSeriesId ? 'active' : ''}>
            {date(e.expiryMs).slice(5)}
          </a>
        ))}
      </nav>
      <div class="stats chain-stats">
        <div class="stat">
          <div class="label">{indexMicros !== undefined ? 'Settlement index' : 'Index mark'}</div>
          <div class="value" data-testid="index-mark">{markMicros === undefined ? '—' : pat(markMicros)}</div>
        </div>
        <div class="stat">
          <div class="label">Marked at (UTC)</div>
          <div class="value">{mark === undefined ? '…' : mark === null ? 'no mark yet' : time(mark.markAtMs)}</div>
        </div>
        <div class="stat">
          <div class="label">Spot bid / ask</div>
          <div class="value">
            {price(spot?.bidMicros)} / {price(spot?.askMicros)}
          </div>
        </div>
        <div class="stat">
          <div class="label">Strikes</div>
          <div class="value">{rows.length}</div>
        </div>
      </div>
      <div class="table-wrap">
        <table class="chain-table phone-fit" data-testid="option-chain" data-spot-series-id={spotSeriesId}>
          <thead>
            <tr>
              <th colSpan={2} class="side-head">Calls</th>
              <th class="strike-head" />
              <th colSpan={2} class="side-head">Puts</th>
            </tr>
            <tr>
              <th class="num">Bid</th>
              <th class="num">Ask</th>
              <th class="num strike-head">Strike</th>
              <th class="num">Bid</th>
              <th class="num">Ask</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const callIn = markMicros !== undefined && r.strikeMicros < markMicros;
              const putIn = markMicros !== undefined && r.strikeMicros > markMicros;
              return (
                <tr key={r.strikeMicros} data-strike-micros={r.strikeMicros}>
                  <Quote s={r.call} side="bid" itm={callIn} />
                  <Quote s={r.call} side="ask" itm={callIn} />
                  <td class="num strike" data-testid="strike">{pat(r.strikeMicros)}</td>
                  <Quote s={r.put} side="bid" itm={putIn} />
                  <Quote s={r.put} side="ask" itm={putIn} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="hint">Prices in PAT per unit (the premium); shaded: in the money at the index mark. A price opens its series: book, trades, chart.</p>
    </section>
  );
}

function Quote({ s, side, itm }: { s: SeriesRow | undefined; side: 'bid' | 'ask'; itm: boolean }) {
  if (s === undefined) return <td class="num muted">—</td>;
  const micros = side === 'bid' ? s.bidMicros : s.askMicros;
  return (
    <td class={`num ${side}${itm ? ' itm' : ''}`} data-testid={`${s.kind.toLowerCase()}-${side}`} data-series-id={s.seriesId}>
      <a href={`#/series/${s.seriesId}`}>{price(micros)}</a>
    </td>
  );
}
