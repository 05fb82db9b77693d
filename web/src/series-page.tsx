/** One series: its order book (depth chart and levels; a price clicked goes to the trade ticket), the trade ticket (trade-ticket.tsx), recent trades and a price chart, live. */
import { useEffect, useRef } from 'preact/hooks';
import { CandlestickSeries, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { BookLevel } from '../../src/client/local-book.js';
import { market, type CandleRow, type TradeRow } from './market.js';
import { change, date, pat, PAT_DECIMALS, price, sideName, time } from './format.js';
import { pickLevel, TradeTicket } from './trade-ticket.js';
import { ForwardNote } from './forward-note.js';
import { SeriesNotLive } from './series-closed.js';

const LEVELS = 10;

export function SeriesPage({ seriesId }: { seriesId: number }) {
  useEffect(() => void market.loadTrades(seriesId), [seriesId]);
  const trades = market.trades.get(seriesId) ?? [];
  // The candles: read at open, again when a trade comes, and every 10 s (a minute may close without one).
  useEffect(() => {
    void market.loadCandles(seriesId);
    const timer = setInterval(() => void market.loadCandles(seriesId), 10_000);
    return () => clearInterval(timer);
  }, [seriesId]);
  useEffect(() => {
    // A moment after the trade: the server records it within milliseconds of its release.
    const timer = setTimeout(() => void market.loadCandles(seriesId), 250);
    return () => clearTimeout(timer);
  }, [seriesId, trades[0]?.tradeId]);
  const row = market.series.get(seriesId);
  if (row === undefined) return <SeriesNotLive seriesId={seriesId} />;
  const book = market.book(seriesId);
  const bids = book?.bids(LEVELS) ?? [];
  const asks = book?.asks(LEVELS) ?? [];
  const c = change(row.lastMicros, row.referenceMicros);
  const spread = bids[0] !== undefined && asks[0] !== undefined ? asks[0].priceMicros - bids[0].priceMicros : undefined;
  return (
    <section>
      <p><a href="#/">← Market</a></p>
      <h1 class="series-title">{row.contract} <span class={`kind kind-${row.kind}`}>{row.kind}</span></h1>
      <p class="hint">
        Series #{row.seriesId} · {row.status} · window {date(row.openAtMs)} → {date(row.closeAtMs)} UTC{row.strike !== undefined ? ` · strike ${row.strike} PAT` : ''}
      </p>
      <div class="stats">
        <Stat label="Bid" value={price(row.bidMicros)} cls="bid" />
        <Stat label="Ask" value={price(row.askMicros)} cls="ask" />
        <Stat label="Spread" value={spread === undefined ? '—' : pat(spread)} />
        <Stat label="Last" value={price(row.lastMicros)} />
        <Stat label="Reference" value={price(row.referenceMicros)} />
        <Stat label="Change" value={c.text} cls={`change-${c.direction}`} />
      </div>
      <ForwardNote row={row} />
      <div class="grid">
        <div class="stack">
          <div class="panel">
            <h2>Order book <span class="muted" data-testid="book-seq">seq {book?.seq ?? '—'}</span></h2>
            <DepthChart bids={bids} asks={asks} />
            <BookTable bids={bids} asks={asks} onPick={(level, p) => pickLevel(row.seriesId, level, p)} />
          </div>
          <TradeTicket row={row} />
        </div>
        <div class="panel">
          <h2>Price (one-minute candles)</h2>
          <PriceChart candles={market.candles.get(seriesId) ?? []} />
          <h2>Recent trades</h2>
          <TradesTable trades={trades} />
        </div>
      </div>
    </section>
  );
}

function Stat({ label, value, cls = '' }: { label: string; value: string; cls?: string }) {
  return (
    <div class={`stat ${cls}`}>
      <div class="label">{label}</div>
      <div class="value">{value}</div>
    </div>
  );
}

/** The book's levels; a price clicked goes to the trade ticket (`onPick`). */
function BookTable({ bids, asks, onPick }: { bids: BookLevel[]; asks: BookLevel[]; onPick: (level: 'bid' | 'ask', priceMicros: number) => void }) {
  const rows = Math.max(bids.length, asks.length);
  if (rows === 0) return <p class="hint">The book is empty.</p>;
  return (
    <table class="book phone-fit" data-testid="book">
      <thead>
        <tr><th class="num">Bid qty</th><th class="num">Bid (PAT)</th><th class="num">Ask (PAT)</th><th class="num">Ask qty</th></tr>
      </thead>
      <tbody>
        {Array.from({ length: rows }, (_, i) => (
          <tr key={i}>
            <td class="num">{bids[i]?.qty ?? ''}</td>
            <td class="num bid">{bids[i] !== undefined ? <LevelPrice level="bid" priceMicros={bids[i].priceMicros} onPick={onPick} /> : ''}</td>
            <td class="num ask">{asks[i] !== undefined ? <LevelPrice level="ask" priceMicros={asks[i].priceMicros} onPick={onPick} /> : ''}</td>
            <td class="num">{asks[i]?.qty ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LevelPrice({ level, priceMicros, onPick }: { level: 'bid' | 'ask'; priceMicros: number; onPick: (level: 'bid' | 'ask', priceMicros: number) => void }) {
  return (
    <button type="button" class="level-pick" title="Trade at this price" onClick={() => onPick(level, priceMicros)}>
      {pat(priceMicros)}
    </button>
  );
}

/** Cumulative quantity by price, bids left and asks right (SVG steps). */
function DepthChart({ bids, asks }: { bids: BookLevel[]; asks: BookLevel[] }) {
  if (bids.length === 0 && asks.length === 0) return null;
  const W = 400;
  const H = 120;
  const cum = (levels: BookLevel[]): Array<{ p: number; q: number }> => {
    let q = 0;
    return levels.map((l) => ({ p: l.priceMicros, q: (q += l.qty) }));
  };
  const b = cum(bids);
  const a = cum(asks);
  const prices = [...b, ...a].map((x) => x.p);
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  const maxQ = Math.max(1, ...[...b, ...a].map((x) => x.q));
  const x = (p: number): number => (hi === lo ? W / 2 : ((p - lo) / (hi - lo)) * (W - 8) + 4);
  const y = (q: number): number => H - 4 - (q / maxQ) * (H - 12);
  const steps = (pts: Array<{ p: number; q: number }>): string => {
    if (pts.length === 0) return '';
    let d = `M${x(pts[0]!.p)},${H - 4}`;
    let prevQ = 0;
    for (const pt of pts) d += ` L${x(pt.p)},${y(prevQ)} L${x(pt.p)},${y((prevQ = pt.q))}`;
    return `${d} L${x(pts.at(-1)!.p)},${H - 4} Z`;
  };
  return (
    <svg class="depth" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label="depth chart">
      <path d={steps(b)} class="depth-bid" />
      <path d={steps(a)} class="depth-ask" />
      <text x="4" y="12" class="depth-label">{pat(lo)}</text>
      <text x={W - 4} y="12" class="depth-label" text-anchor="end">{pat(hi)}</text>
    </svg>
  );
}

function PriceChart({ candles }: { candles: CandleRow[] }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<{ chart: IChartApi; bars: ISeriesApi<'Candlestick'> } | undefined>(undefined);
  useEffect(() => {
    if (el.current === null) return;
    const c = createChart(el.current, {
      autoSize: true,
      height: 220,
      layout: { background: { color: 'transparent' }, textColor: '#475569', attributionLogo: false },
      grid: { vertLines: { color: '#eef2f7' }, horzLines: { color: '#eef2f7' } },
      timeScale: { timeVisible: true, secondsVisible: false, rightOffset: 4, barSpacing: 8 },
      localization: { priceFormatter: (p: number) => p.toFixed(PAT_DECIMALS) },
    });
    // The library lays the chart out in a <table>: marked phone-fit so the phone's card-per-row table style (styles.css) leaves it a table, its price axis beside the panes.
    el.current.querySelector('table')?.classList.add('phone-fit');
    const bars = c.addSeries(CandlestickSeries, { upColor: '#15803d', downColor: '#b91c1c', borderVisible: false, wickUpColor: '#15803d', wickDownColor: '#b91c1c' });
    chart.current = { chart: c, bars };
    return () => {
      c.remove();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    const c = chart.current;
    if (c === undefined) return;
    c.bars.setData(candles.map((k) => ({ time: (k.startMs / 1000) as UTCTimestamp, open: k.openMicros / 1e6, high: k.highMicros / 1e6, low: k.lowMicros / 1e6, close: k.closeMicros / 1e6 })));
    // A few candles spread over the width; many scroll, the newest at the right.
    if (candles.length < 40) c.chart.timeScale().fitContent();
  }, [candles]);
  return <div class="chart" ref={el} data-testid="price-chart" data-candles={candles.length} />;
}

function TradesTable({ trades }: { trades: TradeRow[] }) {
  if (trades.length === 0) return <p class="hint">No trades yet.</p>;
  return (
    <table class="trades phone-fit" data-testid="trades">
      <thead>
        <tr><th>Time (UTC)</th><th class="num">Price (PAT)</th><th class="num">Qty</th><th>Taker</th></tr>
      </thead>
      <tbody>
        {trades.slice(0, 30).map((t) => (
          <tr key={t.tradeId}>
            <td>{time(t.timeMs)}</td>
            <td class="num">{pat(t.priceMicros)}</td>
            <td class="num">{t.qty}</td>
            <td class={sideName(t.takerSide) === 'BUY' ? 'bid' : 'ask'}>{sideName(t.takerSide)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
