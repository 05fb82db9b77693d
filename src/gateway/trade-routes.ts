/**
 * A series' trades and candles over HTTP (docs/protocol.md):
 *
 *   GET /v1/trades?seriesId=N[&limit=100][&before=TRADE_ID]
 *   GET /v1/candles?seriesId=N&interval=1m|5m|15m|1h|4h|1d[&limit=100][&endMs=MS]
 *
 * 200 `{ seriesId, trades: [{ tradeId, seq, timeMs, priceMicros, qty, takerSide }], next }`,
 * `next` the `before` of the following page (null on the last); 400 INVALID_FIELD; 404
 * UNKNOWN_SERIES for a series never listed. Candles: 200 `{ seriesId, interval, candles: [{
 * startMs, openMicros, highMicros, lowMicros, closeMicros, volume, trades }] }`, oldest first,
 * the newest `limit` intervals that began before `endMs` and traded; at most 30 days' worth a
 * read. Read from the trade history (trade-history.ts), which a trade reaches within
 * milliseconds of its release.
 */
import { z } from 'zod';
import { Side } from '../engine/index.js';
import { field, type HttpReply, type HttpRequestInfo, type MountedRoute, type Operation } from '../http-registry/index.js';
import { MAX_MINUTES_PER_READ, MAX_TRADES_PER_READ, MINUTE_MS, type TradeHistory } from './trade-history.js';

const DEFAULT_LIMIT = 100;
/** The candle intervals, by name. */
const INTERVALS = new Map<string, number>([['1m', MINUTE_MS], ['5m', 5 * MINUTE_MS], ['15m', 15 * MINUTE_MS], ['1h', 60 * MINUTE_MS], ['4h', 240 * MINUTE_MS], ['1d', 1_440 * MINUTE_MS]]);

type History = Pick<TradeHistory, 'recent' | 'candles'>;

const seriesIdField = field.id('the series to read');

export const TRADE_OPERATIONS = {
  trades: {
    method: 'GET',
    path: '/v1/trades',
    operationId: 'listTrades',
    summary: "A series' trades, newest first, paged by trade id",
    description: 'Every trade since the first, derived from the journal; `next` is the `before` of the following page, null on the last.',
    tags: ['market data'],
    security: 'public',
    query: z.object({
      seriesId: seriesIdField,
      limit: field.int(1, MAX_TRADES_PER_READ, 'at most this many', DEFAULT_LIMIT).optional(),
      before: field.id("trades before this trade id (the previous page's next)").optional(),
    }),
    responses: { 200: { description: '{seriesId, trades: [{tradeId, seq, timeMs, priceMicros, qty, takerSide}], next}' } },
    errors: { 404: 'UNKNOWN_SERIES: never listed' },
  },
  candles: {
    method: 'GET',
    path: '/v1/candles',
    operationId: 'listCandles',
    summary: "A series' candles, oldest first: the newest `limit` intervals that began before `endMs` and traded",
    description: 'At most 30 days of minutes a read: `limit` is at most 1000 and at most 30 days\' worth (1d: 30, 4h: 180, 1h: 720).',
    tags: ['market data'],
    security: 'public',
    query: z.object({
      seriesId: seriesIdField,
      interval: field.oneOf(['1m', '5m', '15m', '1h', '4h', '1d'], 'the candle interval'),
      limit: field.int(1, MAX_TRADES_PER_READ, 'at most this many intervals', DEFAULT_LIMIT).optional(),
      endMs: field.id('candles that began before this time, Unix ms').optional(),
    }),
    responses: { 200: { description: '{seriesId, interval, candles: [{startMs, openMicros, highMicros, lowMicros, closeMicros, volume, trades}]}' } },
    errors: { 404: 'UNKNOWN_SERIES: never listed' },
  },
} as const satisfies Record<string, Operation>;

export function tradeRoutes(history: History, seriesListed: (seriesId: number) => boolean): MountedRoute[] {
  const route = (operation: Operation, answer: (req: HttpRequestInfo, seriesId: number) => HttpReply): MountedRoute => ({
    operations: [operation],
    handle: (req) => {
      const seriesId = positiveInteger(req.query.get('seriesId'));
      if (seriesId === undefined) return Promise.resolve(invalid('seriesId: a positive integer, the series to read'));
      if (!seriesListed(seriesId)) return Promise.resolve({ status: 404, body: { error: 'UNKNOWN_SERIES', message: `no series ${seriesId}` } });
      return Promise.resolve(answer(req, seriesId));
    },
  });
  return [route(TRADE_OPERATIONS.trades, (req, seriesId) => trades(req, seriesId, history)), route(TRADE_OPERATIONS.candles, (req, seriesId) => candles(req, seriesId, history))];
}

/** The query's `limit`: its default when absent, undefined when not an integer in [1, max]. */
function limitOf(req: HttpRequestInfo, max: number): number | undefined {
  const text = req.query.get('limit');
  const limit = text === null ? Math.min(DEFAULT_LIMIT, max) : positiveInteger(text);
  return limit === undefined || limit > max ? undefined : limit;
}

function candles(req: HttpRequestInfo, seriesId: number, history: History): HttpReply {
  const interval = req.query.get('interval') ?? '';
  const intervalMs = INTERVALS.get(interval); // a Map: no inherited names ('constructor') to find
  if (intervalMs === undefined) return invalid(`interval: one of ${[...INTERVALS.keys()].join(', ')}`);
  const most = Math.min(MAX_TRADES_PER_READ, (MAX_MINUTES_PER_READ * MINUTE_MS) / intervalMs); // at most 30 days a read
  const limit = limitOf(req, most);
  if (limit === undefined) return invalid(`limit: an integer in [1, ${most}] for interval ${interval} (at most 30 days a read)`);
  const endText = req.query.get('endMs');
  const endMs = endText === null ? undefined : positiveInteger(endText);
  if (endText !== null && endMs === undefined) return invalid('endMs: a positive integer, Unix ms (candles that began before it)');
  return { status: 200, body: { seriesId, interval, candles: history.candles(seriesId, intervalMs, limit, endMs) } };
}

function trades(req: HttpRequestInfo, seriesId: number, history: History): HttpReply {
  const limit = limitOf(req, MAX_TRADES_PER_READ);
  if (limit === undefined) return invalid(`limit: an integer in [1, ${MAX_TRADES_PER_READ}]`);
  const beforeText = req.query.get('before');
  const before = beforeText === null ? undefined : positiveInteger(beforeText);
  if (beforeText !== null && before === undefined) return invalid('before: a positive integer, a trade id (the previous page\'s next)');
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
