/**
 * One window's option chain (#/chain/SPOT_ID): strikes down the middle, calls' bid/ask on
 * the left, puts' on the right, live from the market-data feed. On top, F, the settlement index
 * the broker expects at the close and prices every option on (GET /v1/options, the same F for
 * every option of the window), beside the index's latest mark (GET /v1/series/{option}/settlement:
 * the index over the past hour), with one line saying why they differ (web/src/forward-note.tsx).
 * Strikes in the money are shaded against F, what the options pay on (against the mark only while
 * the quoter prices none). Both are read every 10 s. Tabs for the contract's other expiries. Each
 * price opens its series' page.
 */
import { useEffect, useState } from 'preact/hooks';
import { market, type SeriesRow } from './market.js';
import { date, pat, price, time } from './format.js';
import { chainRows, expiriesOf, optionsOn } from './series-groups.js';
import { forwardReason, intrinsicMicros, usePolled, type Pricing } from './forward-note.js';
import { neverListed, useSeriesLookup, type SeriesLookup } from './series-terms.js';

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

/** Why a window shows no chain: closed (its options expired with it), never listed, or live with no options listed on it. */
function noChain(spotSeriesId: number, lookup: SeriesLookup | undefined): string {
  if (lookup?.state === 'unknown') return neverListed(spotSeriesId);
  if (lookup?.state === 'found' && lookup.terms.status === 'EXPIRED') {
    const t = lookup.terms;
    return `The window of ${t.contract} (spot series ${spotSeriesId}) closed at ${date(t.closeAtMs)} UTC: its options expired with it and no longer trade; each settled on the window's index (its series page says at what).`;
  }
  return `No live options on spot series ${spotSeriesId}.`;
}

export function ChainPage({ spotSeriesId }: { spotSeriesId: number }) {
  const options = optionsOn(market.series.values(), spotSeriesId);
  const spot = market.series.get(spotSeriesId);
  const { mark, indexMicros } = useIndexMark(options[0]?.seriesId);
  const pricing = useWindowPricing(spotSeriesId);
  // A window not in the live list: read what became of it, so a closed one is not taken for one never listed.
  const spotLookup = useSeriesLookup(spot === undefined && market.series.size > 0 ? spotSeriesId : undefined);
  const forward = pricing[0];
  if (options.length === 0) {
    return (
      <section>
        <p><a href="#/">← Market</a></p>
        <p class="hint" data-testid="chain-none">{market.series.size === 0 ? 'Loading…' : noChain(spotSeriesId, spot === undefined ? spotLookup : undefined)}</p>
      </section>
    );
  }
  const contract = options[0]!.contract;
  const expiryMs = options[0]!.closeAtMs;
  const rows = chainRows(options);
  const markMicros = indexMicros ?? mark?.markMicros;
  // Moneyness is judged where the options pay: at the close, on F; the settled index once published; the mark only without either.
  const forwardMicros = indexMicros === undefined ? forward?.forwardMicros : undefined;
  const basisMicros = indexMicros ?? forwardMicros ?? markMicros;
  const basis = indexMicros !== undefined ? 'settlement index' : forwardMicros !== undefined ? 'forward F' : 'index mark';
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
          <div class="label">Forward F (index expected at the close)</div>
          <div class="value" data-testid="forward">{forwardMicros === undefined ? (indexMicros !== undefined ? 'settled' : '—') : pat(forwardMicros)}</div>
        </div>
        <div class="stat">
          <div class="label">{indexMicros !== undefined ? 'Settlement index' : `Index mark (past hour${mark ? `, ${time(mark.markAtMs)} UTC` : ''})`}</div>
          <div class="value" data-testid="index-mark">{markMicros === undefined ? (mark === null ? 'no mark yet' : '—') : pat(markMicros)}</div>
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
      {forwardMicros !== undefined ? (
        <p class="hint" data-testid="forward-reason">
          {forwardReason(forwardMicros, markMicros)} {premiumExample(pricing, rows, markMicros)}
        </p>
      ) : null}
      <div class="table-wrap">
        <table class="chain-table phone-fit" data-testid="option-chain" data-spot-series-id={spotSeriesId} data-moneyness-micros={basisMicros ?? ''}>
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
              const callIn = basisMicros !== undefined && r.strikeMicros < basisMicros;
              const putIn = basisMicros !== undefined && r.strikeMicros > basisMicros;
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
      <p class="hint">Prices in PAT per unit (the premium); shaded: in the money at the {basis}. A price opens its series: book, trades, chart.</p>
    </section>
  );
}

/** The broker's pricing of this window's options (GET /v1/options): they share one F, the window's forecast. */
function useWindowPricing(spotSeriesId: number): Pricing[] {
  const all = usePolled<{ options: Pricing[] }>('/v1/options');
  return all?.options.filter((o) => o.spotSeriesId === spotSeriesId && o.forwardMicros > 0) ?? [];
}

/**
 * The premium's parts for the chain's lowest-strike call (the one that looks the most wrong against the mark):
 * its model value is intrinsic at F plus time value; intrinsic at the mark is what it is not priced on.
 */
function premiumExample(pricing: readonly Pricing[], rows: ReturnType<typeof chainRows>, markMicros: number | undefined): string {
  const call = rows.find((r) => r.call !== undefined && pricing.some((p) => p.seriesId === r.call!.seriesId));
  const model = pricing.find((p) => p.seriesId === call?.call?.seriesId);
  if (call === undefined || model === undefined) return '';
  const strike = call.strikeMicros;
  const intrinsic = intrinsicMicros(true, strike, model.forwardMicros);
  const value = Math.round(model.valueMicros ?? intrinsic);
  const shown = `The ${pat(strike)} call is worth ${pat(value)} = intrinsic at F ${pat(intrinsic)} + time value ${pat(value - intrinsic)}, quoted ${price(call.call!.bidMicros)} / ${price(call.call!.askMicros)}`;
  return markMicros === undefined ? `${shown}.` : `${shown}, not its ${pat(intrinsicMicros(true, strike, markMicros))} intrinsic at the mark.`;
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
