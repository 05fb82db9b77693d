/**
 * The market as the console sees it: the series list from GET /v1/series, then every
 * series live from the market-data feed through the project's client
 * (src/client/market-data-client.ts: snapshot, then deltas checked by sequence number
 * (each names the seq before it: prev_seq) and checksum, resubscribing on a gap). The feed's URL comes from GET /v1/endpoints (endpoints.ts);
 * the host is the one this page was loaded from.
 */
import { MarketDataClient } from '../../src/client/market-data-client.js';
import type { LocalBook } from '../../src/client/local-book.js';
import { wire } from '../../src/proto/index.js';
import { socketUrls } from './endpoints.js';

export interface SeriesRow {
  seriesId: number;
  contract: string;
  kind: string;
  status: string;
  openAtMs: number;
  closeAtMs: number;
  strike?: string;
  /** A CALL's or PUT's strike, µPAT (0 for other kinds). */
  strikeMicros: number;
  /** The spot series (the window) a cash-settled series (SYNTHETIC, CALL, PUT) settles on; 0 for spot and forwards. */
  spotSeriesId: number;
  referenceMicros: number;
  lastMicros: number;
  bidMicros: number;
  askMicros: number;
  /** Book update seq (the feed's: the journal seq of the last command that changed the book), -1 before the snapshot. */
  bookSeq: number;
}

/** A trade as the console lists it (no seq: the feed's is the trade id, GET /v1/trades' the command's journal seq). */
export interface TradeRow {
  tradeId: number;
  priceMicros: number;
  qty: number;
  takerSide: number;
  timeMs: number;
}

/** A one-minute candle from GET /v1/candles, in µPAT. */
export interface CandleRow {
  startMs: number;
  openMicros: number;
  highMicros: number;
  lowMicros: number;
  closeMicros: number;
  volume: number;
}

export type FeedState = 'connecting' | 'live' | 'reconnecting';

const CHANNELS = [wire.Channel.BOOK, wire.Channel.TRADES, wire.Channel.REFERENCE, wire.Channel.STATUS];
const MAX_TRADES = 200;
/** Minutes of candles the series page charts. */
const CHART_MINUTES = 240;

export class Market {
  readonly series = new Map<number, SeriesRow>();
  readonly trades = new Map<number, TradeRow[]>();
  private readonly tradesLoaded = new Set<number>();
  /** One-minute candles by series, as GET /v1/candles last answered (oldest first). */
  readonly candles = new Map<number, CandleRow[]>();
  private readonly candlesReading = new Set<number>();
  private readonly candlesAgain = new Set<number>();
  state: FeedState = 'connecting';
  error: string | undefined;
  resyncs = 0;
  private client: MarketDataClient | undefined;
  private readonly subscribed = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private notifyPending = false;
  private refreshTimer: ReturnType<typeof setInterval> | undefined;

  /** Called (at most once per animation frame) whenever something changed. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  book(seriesId: number): LocalBook | undefined {
    return this.client?.book(seriesId);
  }

  /** Reads the series' latest one-minute candles again (the server keeps them); asked during a read, it reads once more after it. */
  async loadCandles(seriesId: number): Promise<void> {
    if (this.candlesReading.has(seriesId)) {
      this.candlesAgain.add(seriesId);
      return;
    }
    this.candlesReading.add(seriesId);
    try {
      const r = await fetch(`/v1/candles?seriesId=${seriesId}&interval=1m&limit=${CHART_MINUTES}`);
      if (!r.ok) return;
      const body = (await r.json()) as { candles: CandleRow[] };
      this.candles.set(seriesId, body.candles);
      this.notify();
    } catch {
      // Kept as it was; the next read tries again.
    } finally {
      this.candlesReading.delete(seriesId);
      if (this.candlesAgain.delete(seriesId)) void this.loadCandles(seriesId);
    }
  }

  /**
   * The series' trades before this page saw any (GET /v1/trades; the TRADES channel has no
   * snapshot), merged with those the feed brought meanwhile: by trade id, newest first. Once
   * per series; a failed read is tried again on the next call.
   */
  async loadTrades(seriesId: number): Promise<void> {
    if (this.tradesLoaded.has(seriesId)) return;
    this.tradesLoaded.add(seriesId);
    try {
      const r = await fetch(`/v1/trades?seriesId=${seriesId}&limit=${MAX_TRADES}`);
      if (!r.ok) throw new Error(`GET /v1/trades: ${r.status}`);
      const body = (await r.json()) as { trades: Array<{ tradeId: number; timeMs: number; priceMicros: number; qty: number; takerSide: string }> };
      const byId = new Map<number, TradeRow>();
      for (const t of body.trades) {
        byId.set(t.tradeId, { tradeId: t.tradeId, priceMicros: t.priceMicros, qty: t.qty, timeMs: t.timeMs, takerSide: t.takerSide === 'BUY' ? wire.Side.BUY : wire.Side.SELL });
      }
      for (const t of this.trades.get(seriesId) ?? []) byId.set(t.tradeId, t);
      this.trades.set(seriesId, [...byId.values()].sort((a, b) => b.tradeId - a.tradeId).slice(0, MAX_TRADES));
      this.notify();
    } catch {
      this.tradesLoaded.delete(seriesId);
    }
  }

  async start(): Promise<void> {
    this.refreshTimer = setInterval(() => void this.loadSeries().then(() => this.subscribeAll()).catch(() => undefined), 30_000);
    await this.loadSeriesRetrying();
    await this.connect();
  }

  /**
   * The first load of the series, tried again (1 s, 2 s, … 15 s apart) until it answers, each failure said: one
   * failed request at page load left the console on "Loading…" for good, its error unseen (it was set, not notified).
   */
  private async loadSeriesRetrying(): Promise<void> {
    for (let waitMs = 1_000; ; waitMs = Math.min(waitMs * 2, 15_000)) {
      try {
        await this.loadSeries();
        this.error = undefined;
        this.notify();
        return;
      } catch (error) {
        this.error = `could not load the market (${error instanceof Error ? error.message : String(error)}); trying again in ${waitMs / 1000} s`;
        this.notify();
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  stop(): void {
    if (this.refreshTimer !== undefined) clearInterval(this.refreshTimer);
    void this.client?.close();
  }

  private async loadSeries(): Promise<void> {
    // A page at a time (at most 1,000 a page): every live series.
    const series: Array<Record<string, unknown>> = [];
    for (let offset: number | null = 0; offset !== null; ) {
      const r = await fetch(offset === 0 ? '/v1/series' : `/v1/series?offset=${offset}`);
      if (!r.ok) throw new Error(`GET /v1/series: ${r.status}`);
      const body = (await r.json()) as { series: Array<Record<string, unknown>>; next: number | null };
      series.push(...body.series);
      offset = body.next;
    }
    for (const s of series) {
      const id = Number(s.seriesId);
      const old = this.series.get(id);
      this.series.set(id, {
        seriesId: id,
        contract: String(s.contract ?? ''),
        kind: String(s.kind ?? ''),
        status: old?.status ?? String(s.status ?? ''),
        openAtMs: Number(s.openAtMs ?? 0),
        closeAtMs: Number(s.closeAtMs ?? 0),
        ...(typeof s.strike === 'string' ? { strike: s.strike } : {}),
        strikeMicros: Number(s.strikeMicros ?? 0),
        spotSeriesId: Number(s.spotSeriesId ?? 0),
        referenceMicros: old?.referenceMicros ?? Number(s.referencePriceMicros ?? 0),
        lastMicros: old?.lastMicros ?? Number(s.lastTradeMicros ?? 0),
        bidMicros: old?.bidMicros ?? 0,
        askMicros: old?.askMicros ?? 0,
        bookSeq: old?.bookSeq ?? -1,
      });
    }
    this.notify();
  }

  private async connect(): Promise<void> {
    try {
      const client = await MarketDataClient.connect((await socketUrls()).marketData);
      this.client = client;
      this.subscribed.clear();
      client.on('book', (book) => {
        const row = this.series.get(book.seriesId);
        if (row === undefined) return;
        row.bidMicros = book.bids(1)[0]?.priceMicros ?? 0;
        row.askMicros = book.asks(1)[0]?.priceMicros ?? 0;
        row.bookSeq = book.seq;
        this.notify();
      });
      client.on('trade', (t) => {
        const id = Number(t.seriesId);
        const list = this.trades.get(id) ?? [];
        list.unshift({ tradeId: Number(t.tradeId), priceMicros: Number(t.priceMicros), qty: Number(t.qty), takerSide: t.takerSide ?? 0, timeMs: Number(t.timeMs) });
        if (list.length > MAX_TRADES) list.length = MAX_TRADES;
        this.trades.set(id, list);
        const row = this.series.get(id);
        if (row !== undefined) row.lastMicros = Number(t.priceMicros);
        this.notify();
      });
      client.on('reference', (p) => {
        const row = this.series.get(Number(p.seriesId));
        if (row !== undefined) row.referenceMicros = Number(p.priceMicros ?? 0);
        this.notify();
      });
      client.on('status', (s) => {
        const row = this.series.get(Number(s.seriesId));
        if (row !== undefined) row.status = wire.SeriesStatus[s.status ?? 0] ?? String(s.status);
        this.notify();
      });
      client.on('resync', () => {
        this.resyncs++;
        this.notify();
      });
      client.on('closed', (code, reason) => {
        this.state = 'reconnecting';
        this.error = `market data closed (${code}${reason ? `: ${reason}` : ''}); reconnecting`;
        this.notify();
        setTimeout(() => void this.connect(), 2_000);
      });
      this.state = 'live';
      this.error = undefined;
      await this.subscribeAll();
    } catch (error) {
      this.state = 'reconnecting';
      this.error = `market data unavailable (${error instanceof Error ? error.message : String(error)}); retrying`;
      this.notify();
      setTimeout(() => void this.connect(), 2_000);
    }
  }

  private async subscribeAll(): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    for (const row of this.series.values()) {
      if (this.subscribed.has(row.seriesId) || row.status === 'EXPIRED') continue;
      this.subscribed.add(row.seriesId);
      await client.subscribe(row.seriesId, CHANNELS).catch(() => this.subscribed.delete(row.seriesId));
    }
  }

  private notify(): void {
    if (this.notifyPending) return;
    this.notifyPending = true;
    requestAnimationFrame(() => {
      this.notifyPending = false;
      for (const l of this.listeners) l();
    });
  }
}

export const market = new Market();
