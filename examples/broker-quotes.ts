/**
 * Which series the broker quotes, and at what: the examples trade with the broker, so each
 * picks a series where the broker quotes the side it needs (a provider sells to its bid, a
 * consumer buys at its ask) before it mints, deposits or orders anything.
 */
import { wire, type MarketDataClient, type patx, type SeriesInfo } from '../src/client/index.js';

export interface BrokerQuote {
  bidMicros: number;
  bidQty: number;
  askMicros: number;
  askQty: number;
}

export type QuoteSide = 'bid' | 'ask';

/** The broker's best bid and ask in each series, from the QUOTES channel's snapshots (waits up to `waitMs` for them). */
export async function brokerQuotes(market: MarketDataClient, seriesIds: readonly number[], waitMs = 3_000): Promise<Map<number, BrokerQuote>> {
  const wanted = new Set(seriesIds);
  const quotes = new Map<number, BrokerQuote>();
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const onQuotes = (q: patx.v1.IQuoteLadder): void => {
    const id = Number(q.seriesId);
    if (!wanted.has(id)) return;
    quotes.set(id, {
      bidMicros: Number(q.bids?.[0]?.priceMicros ?? 0),
      bidQty: Number(q.bids?.[0]?.qty ?? 0),
      askMicros: Number(q.asks?.[0]?.priceMicros ?? 0),
      askQty: Number(q.asks?.[0]?.qty ?? 0),
    });
    if (quotes.size === wanted.size) done();
  };
  market.on('quotes', onQuotes);
  for (const id of wanted) await market.subscribe(id, [wire.Channel.QUOTES]);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
  market.off('quotes', onQuotes);
  return quotes;
}

/** The size the broker quotes on a side (0: it does not quote that side). */
export function quotedQty(q: BrokerQuote | undefined, side: QuoteSide): number {
  return q === undefined ? 0 : side === 'bid' ? q.bidQty : q.askQty;
}

/** The broker's price on a side (0: none). */
export function quotedPrice(q: BrokerQuote | undefined, side: QuoteSide): number {
  return q === undefined ? 0 : side === 'bid' ? q.bidMicros : q.askMicros;
}

/**
 * Of `candidates`, the series where the broker quotes `side`: a window open now first (its rights can be exercised
 * at once; the next week's window is listed a day before it opens, and a buyer there waited a day to exercise), then
 * the one whose window closes last (rights bought or sold there stay usable longest); undefined when it quotes none.
 */
export async function seriesQuoted(market: MarketDataClient, candidates: readonly SeriesInfo[], side: QuoteSide, nowMs = Date.now()): Promise<{ series: SeriesInfo; quote: BrokerQuote } | undefined> {
  const quotes = await brokerQuotes(market, candidates.map((s) => Number(s.seriesId)));
  const openNow = (s: SeriesInfo): number => (Number(s.openAtMs) <= nowMs ? 1 : 0);
  const quoted = candidates
    .filter((s) => quotedQty(quotes.get(Number(s.seriesId)), side) > 0)
    .sort((a, b) => openNow(b) - openNow(a) || Number(b.closeAtMs) - Number(a.closeAtMs));
  const series = quoted[0];
  return series === undefined ? undefined : { series, quote: quotes.get(Number(series.seriesId))! };
}
