/**
 * The demo feed's reference model at work (docs/catalog.md, "The demo"), as any model-feed
 * provider would run it, through the exchange's public doors only:
 *
 * - every period it reads the car-intent spot series trading (GET /v1/series) and their last
 *   minutes (GET /v1/candles), runs the model (feed-model.ts) and POSTs the positions it takes
 *   as signals (wallet-signed as the feed's provider). A signal's id is its series and period,
 *   written to its own store before the POST (feed-signals.ts): after a restart the same
 *   signal is sent again with the same content (the exchange's idempotent retry), never a second;
 * - once a signal's horizon has passed it POSTs the outcome: the log return of the series' mark
 *   (the geometric mean of its last buyer's and last seller's trade) from the signal's time to its
 *   horizon, read from GET /v1/trades, the same trades and rule the exchange checks it against
 *   (src/catalog/feed-prices.ts);
 * - once the feed is published (after its burn-in: docs/catalog.md, "Burn-in"), it mints rights in
 *   the feed's own series and sells some to the broker's bid, so the broker asks and consumers
 *   can buy a right of the feed.
 *
 * Each step that fails is logged and tried again at the next turn.
 */
import { patFromMicros } from '../operator/cli-format.js';
import { Wallet } from 'ethers';
import { ackOutcome, signedRequest, TradingClient, wire } from '../client/index.js';
import { MARK_LOOKBACK_TRADES } from '../catalog/feed-prices.js';
import type { Logger } from '../runtime/log.js';
import { FEED_PROVIDER_KEY, FEED_SEGMENT, FEED_TARGET_SEGMENT, type FeedPace } from './demo-model-feed.js';
import { MODEL_CONFIG, positionOf, returnBps } from './feed-model.js';
import type { FeedSignal, FeedSignalStore } from './feed-signals.js';
import { everyTurn } from './turns.js';

export interface ReferenceModelOptions {
  httpUrl: string;
  tradeUrl: string;
  signInDomain?: string;
  chainId?: number;
  listingId: number;
  pace: FeedPace;
  store: FeedSignalStore;
  /** A turn this often: signals when a new period has begun, outcomes when due, a sale of rights. */
  turnMs: number;
  log: Logger;
  /** The minutes of trading a series needs before the model signals on it (default the model's short lookback). */
  minHistoryMinutes?: number;
  /** The model (default feed-model.ts's positionOf); a test's may take a position on any prices. */
  positionOf?: (prices: readonly number[]) => number | undefined;
}

export interface ReferenceModel {
  /** One turn now (tests): signals, outcomes, a sale. */
  turn(): Promise<void>;
  stop(): Promise<void>;
}

const MINUTE_MS = 60_000;
const MINT_QTY = 20;
const MAX_TRADE_PAGES = 50;

interface SeriesRow {
  seriesId: number;
  contract: string;
  kind: string;
  status: string;
}

interface Candle {
  startMs: number;
  openMicros: number;
  closeMicros: number;
}

interface Trade {
  tradeId: number;
  timeMs: number;
  priceMicros: number;
  takerSide: 'BUY' | 'SELL';
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * The minute prices the model reads at `nowMs`: the last trade price at the end of each of the
 * last longMinutes + 1 minutes (the current one so far), the previous carried over a minute
 * that did not trade, and the first trade's price over the minutes before it (a series that
 * just opened); undefined when its first trade is less than `minHistoryMinutes` old.
 */
export function minutePrices(candles: readonly Candle[], nowMs: number, minHistoryMinutes: number = MODEL_CONFIG.shortMinutes): number[] | undefined {
  const current = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const first = candles[0];
  if (first === undefined || first.startMs > current - minHistoryMinutes * MINUTE_MS) return undefined;
  const prices: number[] = [];
  for (let m = current - MODEL_CONFIG.longMinutes * MINUTE_MS; m <= current; m += MINUTE_MS) {
    let last: Candle | undefined;
    for (const c of candles) if (c.startMs <= m) last = c;
    prices.push(last === undefined ? first.openMicros : last.closeMicros);
  }
  return prices;
}

export async function startReferenceModel(o: ReferenceModelOptions): Promise<ReferenceModel> {
  const wallet = new Wallet(FEED_PROVIDER_KEY);
  const trader = await TradingClient.connect(o.tradeUrl, { wallet, role: wire.Role.PROVIDER, signInDomain: o.signInDomain });
  const signed = <T>(path: string, body: unknown) => signedRequest<T>(o.httpUrl, wallet, 'POST', path, body, o.chainId === undefined ? {} : { chainId: o.chainId });
  let clientOrderId = Date.now();
  const model = o.positionOf ?? positionOf;

  const trading = async (segment: string): Promise<SeriesRow[]> =>
    (await getJson<{ series: SeriesRow[] }>(`${o.httpUrl}/v1/series?segment=${segment}&kind=SPOT&status=TRADING`)).series;

  /** POSTs meant signals the exchange has not committed yet (this turn's, or a crash's). */
  const sendSignals = async (): Promise<void> => {
    const waiting = o.store.uncommitted().slice(0, 1_000);
    if (waiting.length === 0) return;
    const answer = await signed<{ signals?: { signalId: string; atMs: number; seq: number }[]; error?: string; message?: string }>(`/v1/provider/listings/${o.listingId}/signals`, {
      signals: waiting.map((s) => ({ signalId: s.signalId, instrument: s.instrument, position: s.position })),
    });
    if (answer.status !== 200 || answer.body.signals === undefined) {
      o.log.warn({ status: answer.status, error: answer.body.error, message: answer.body.message, signals: waiting.length }, 'the exchange refused the demo feed signals; sent again next turn');
      return;
    }
    for (const c of answer.body.signals) o.store.commit(c.signalId, c.atMs, c.seq);
    o.log.info({ listingId: o.listingId, signals: waiting.map((s) => `${s.signalId}:${s.position}`) }, 'demo feed: signals committed');
  };

  /** This period's signal on each target series trading, unless meant already. */
  const makeSignals = async (nowMs: number): Promise<void> => {
    const periodStart = Math.floor(nowMs / o.pace.periodMs) * o.pace.periodMs;
    for (const s of await trading(FEED_TARGET_SEGMENT)) {
      const signalId = `${s.seriesId}-${periodStart}`;
      if (o.store.get(signalId) !== undefined) continue;
      const { candles } = await getJson<{ candles: Candle[] }>(`${o.httpUrl}/v1/candles?seriesId=${s.seriesId}&interval=1m&limit=60`);
      const prices = minutePrices(candles, nowMs, o.minHistoryMinutes);
      const position = prices === undefined ? undefined : model(prices);
      if (position !== undefined) o.store.intend({ signalId, instrument: String(s.seriesId), position });
    }
  };

  /** The series' mark at or before `timeMs` (µPAT): √(last buyer's price × last seller's price) among its last MARK_LOOKBACK_TRADES trades then, from its public trades. */
  const markAt = async (seriesId: number, timeMs: number): Promise<number | undefined> => {
    let before: number | null | undefined;
    let bought: number | undefined;
    let sold: number | undefined;
    let seen = 0;
    for (let page = 0; page < MAX_TRADE_PAGES; page++) {
      const r = await getJson<{ trades: Trade[]; next: number | null }>(`${o.httpUrl}/v1/trades?seriesId=${seriesId}&limit=1000${before == null ? '' : `&before=${before}`}`);
      for (const t of r.trades) {
        if (t.timeMs > timeMs) continue;
        if (seen++ >= MARK_LOOKBACK_TRADES) return undefined;
        if (t.takerSide === 'BUY') bought ??= t.priceMicros;
        else sold ??= t.priceMicros;
        if (bought !== undefined && sold !== undefined) return Math.sqrt(bought * sold);
      }
      if (r.next === null) return undefined;
      before = r.next;
    }
    return undefined;
  };

  const postOutcome = async (s: FeedSignal): Promise<void> => {
    const from = await markAt(Number(s.instrument), s.atMs!);
    const to = await markAt(Number(s.instrument), s.atMs! + o.pace.horizonMs);
    if (from === undefined || to === undefined) {
      o.store.gaveUp(s.signalId, "no mark (a buyer's and a seller's trade) at the signal or its horizon: the exchange voids it");
      return;
    }
    const outcomeBps = Math.round(returnBps(from, to) * 100) / 100;
    const answer = await signed<{ error?: string; message?: string }>(`/v1/provider/listings/${o.listingId}/outcomes`, { outcomes: [{ signalId: s.signalId, outcomeBps }] });
    const code = answer.body.error;
    if (answer.status === 200 || code === 'OUTCOME_POSTED') o.store.outcomePosted(s.signalId, outcomeBps);
    else if (code === 'OUTCOME_TOO_LATE' || code === 'OUTCOME_MISMATCH') o.store.gaveUp(s.signalId, `${code}: ${answer.body.message ?? ''}`);
    if (answer.status !== 200) o.log.warn({ signalId: s.signalId, outcomeBps, status: answer.status, code, message: answer.body.message }, 'the exchange refused a demo feed outcome');
    else o.log.info({ signalId: s.signalId, outcomeBps }, 'demo feed: outcome posted');
  };

  const postOutcomes = async (nowMs: number): Promise<void> => {
    for (const s of o.store.pendingOutcomes()) if (s.atMs! + o.pace.horizonMs <= nowMs) await postOutcome(s);
  };

  /** Mints in the feed's own spot series and sells a few rights to the broker's bid. */
  const sellRights = async (): Promise<void> => {
    // Before publication the public does not see the feed, and the engine knows no listing of its provider to mint under.
    const listing = await fetch(`${o.httpUrl}/v1/listings/${o.listingId}`, { headers: { accept: 'application/json' } });
    await listing.body?.cancel();
    if (listing.status === 404) return;
    for (const s of await trading(FEED_SEGMENT)) {
      const position = (await trader.account()).positions?.find((p) => Number(p.seriesId) === s.seriesId);
      const minted = Number(position?.minted ?? 0);
      if (Number(position?.capacity ?? 0) < minted + MINT_QTY) await trader.declareCapacity(s.seriesId, minted + MINT_QTY * 10);
      if (Number(position?.available ?? 0) < MINT_QTY) await trader.mint(s.seriesId, MINT_QTY);
      const book = await getJson<{ book: { bids: { priceMicros: number; qty: number }[] } }>(`${o.httpUrl}/v1/series/${s.seriesId}`);
      const bid = book.book.bids[0];
      if (bid === undefined || bid.qty === 0) continue;
      const ack = await trader.newOrder({ seriesId: s.seriesId, clientOrderId: clientOrderId++, side: wire.Side.SELL, timeInForce: wire.TimeInForce.IOC, priceMicros: bid.priceMicros, qty: Math.min(bid.qty, 2) });
      o.log.info({ seriesId: s.seriesId, price: patFromMicros(bid.priceMicros), outcome: ackOutcome(ack) }, 'demo feed provider sold rights to the broker');
    }
  };

  let stopped = false;
  const turn = async (): Promise<void> => {
    for (const [what, step] of [
      ['signals', async () => { await sendSignals(); await makeSignals(Date.now()); await sendSignals(); }],
      ['outcomes', () => postOutcomes(Date.now())],
      ['sales', sellRights],
    ] as const) {
      if (stopped) return;
      try {
        await step();
      } catch (error) {
        if (!stopped) o.log.warn({ err: error }, `demo feed ${what} failed; tried again next turn`);
      }
    }
  };
  const pending = o.store.pendingOutcomes().length;
  o.log.info({ listingId: o.listingId, periodMs: o.pace.periodMs, horizonMs: o.pace.horizonMs, committed: o.store.committed().length, pendingOutcomes: pending }, 'demo feed: the reference model runs');
  const turns = everyTurn(turn, o.turnMs);
  return {
    turn,
    async stop() {
      stopped = true;
      await turns.stop();
      await trader.close();
    },
  };
}
