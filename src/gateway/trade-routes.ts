/**
 * A series' trades over HTTP, newest first, paged by trade id (docs/protocol.md):
 *
 *   GET /v1/trades?seriesId=N[&limit=100][&before=TRADE_ID]
 *
 * 200 `{ seriesId, trades: [{ tradeId, seq, timeMs, priceMicros, qty, takerSide }], next }`,
 * `next` the `before` of the following page (null on the last); 400 INVALID_FIELD; 404
 * UNKNOWN_SERIES for a series never listed. Read from the trade history (trade-history.ts),
 * which a trade reaches within milliseconds of its release.
 */
import { Side } from '../engine/index.js';
import type { HttpReply, HttpRequestInfo, MountedRoute } from './http-api.js';
import { MAX_TRADES_PER_READ, type TradeHistory } from './trade-history.js';

const DEFAULT_LIMIT = 100;

export function tradeRoutes(history: Pick<TradeHistory, 'recent'>, seriesListed: (seriesId: number) => boolean): MountedRoute {
  return {
    prefix: '/v1/trades',
    auth: 'public',
    handle: (req: HttpRequestInfo): Promise<HttpReply> => Promise.resolve(answer(req, history, seriesListed)),
  };
}

function answer(req: HttpRequestInfo, history: Pick<TradeHistory, 'recent'>, seriesListed: (seriesId: number) => boolean): HttpReply {
  if (req.method !== 'GET') return { status: 405, body: { error: 'METHOD_NOT_ALLOWED', message: 'GET only' } };
  if (req.path !== '/v1/trades') return { status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.path}` } };
  const seriesId = positiveInteger(req.query.get('seriesId'));
  if (seriesId === undefined) return invalid('seriesId: a positive integer, the series whose trades to read');
  const limitText = req.query.get('limit');
  const limit = limitText === null ? DEFAULT_LIMIT : positiveInteger(limitText);
  if (limit === undefined || limit > MAX_TRADES_PER_READ) return invalid(`limit: an integer in [1, ${MAX_TRADES_PER_READ}]`);
  const beforeText = req.query.get('before');
  const before = beforeText === null ? undefined : positiveInteger(beforeText);
  if (beforeText !== null && before === undefined) return invalid('before: a positive integer, a trade id (the previous page\'s next)');
  if (!seriesListed(seriesId)) return { status: 404, body: { error: 'UNKNOWN_SERIES', message: `no series ${seriesId}` } };
  const trades = history.recent(seriesId, limit, before);
  return {
    status: 200,
    body: {
      seriesId,
      trades: trades.map((t) => ({ tradeId: t.tradeId, seq: t.seq, timeMs: t.timeMs, priceMicros: t.priceMicros, qty: t.qty, takerSide: t.takerSide === Side.BUY ? 'BUY' : 'SELL' })),
      next: trades.length === limit ? trades[trades.length - 1]!.tradeId : null,
    },
  };
}

function positiveInteger(text: string | null): number | undefined {
  if (text === null || !/^\d{1,15}$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}

function invalid(message: string): HttpReply {
  return { status: 400, body: { error: 'INVALID_FIELD', message } };
}
