/**
 * The gateway's own HTTP operations (handled in http-api.ts): health, metrics, series, the
 * account view, where the WebSocket endpoints listen, and this API's reference. Rows of the
 * route registry (operations.ts).
 */
import { z } from 'zod';
import { field, type Operation } from '../http-registry/index.js';
import { isContractKey } from '../engine/index.js';

export const SERIES_KINDS = ['SPOT', 'FORWARD', 'SYNTHETIC', 'CALL', 'PUT'] as const;
export const SERIES_STATUSES = ['TRADING', 'HALTED', 'EXPIRED'] as const;

/** The most series one page of GET /v1/series holds. */
export const MAX_SERIES_PAGE = 1_000;

/** GET /v1/series's filters and page: each filter narrows; without `limit`, every match (as before paging existed). */
export const seriesQuery = z.object({
  // A key that is no contract is refused by name (market data refuses it so too), not answered with no series.
  contract: field.text(200, "one contract, 'SEGMENT|WINDOW|LO-HI' (e.g. AUTO_INTENT|7D|0.70-0.85)").refine(isContractKey, "a contract key: 'SEGMENT|WINDOW|LO-HI', e.g. AUTO_INTENT|7D|0.70-0.85").optional(),
  segment: z.string().regex(/^[A-Z][A-Z0-9_]{0,47}$/, 'a segment: A-Z, 0-9 and _').meta({ description: "the contracts of one segment (a listing's segment: GET /v1/listings/{id} names it)" }).optional(),
  listing: field.id('the series of this published listing\'s segment (none when the listing is unknown or not published)').optional(),
  window: z.string().regex(/^[1-9][0-9]{0,3}[hDW]$/, "a contract window such as '7D', '1h' or '2W'").meta({ description: "the contracts of one window, e.g. '7D'" }).optional(),
  kind: z
    .string()
    .regex(new RegExp(`^(${SERIES_KINDS.join('|')})(,(${SERIES_KINDS.join('|')}))*$`), `kind: one or more of ${SERIES_KINDS.join(', ')}, comma-separated`)
    .meta({ description: `series kinds, comma-separated: ${SERIES_KINDS.join(', ')}` })
    .optional(),
  status: field.oneOf(['TRADING', 'HALTED'], 'TRADING or HALTED (expired series are never listed here: GET /v1/series/{id} shows one)').optional(),
  spotSeriesId: field.id("the cash-settled series (SYNTHETIC, CALL, PUT) of this spot series' window").optional(),
  offset: field.int(0, 1_000_000_000, 'matches to skip', 0).optional(),
  limit: field.int(1, MAX_SERIES_PAGE, `at most this many (default and at most ${MAX_SERIES_PAGE}: follow next for more)`).optional(),
});

const seriesId = z.object({ id: field.id('a series id') });

const seriesSchema = z
  .object({
    seriesId: z.number().int(),
    contract: z.string(),
    kind: z.enum(SERIES_KINDS),
    status: z.enum(SERIES_STATUSES),
    openAtMs: z.number().int(),
    closeAtMs: z.number().int(),
    tickMicros: z.number().int(),
    lotSize: z.number().int(),
    minPriceMicros: z.number().int(),
    maxPriceMicros: z.number().int(),
    maxOrderQty: z.number().int().meta({ description: 'the largest order the exchange takes in the series: its own limit, or risk.maxOrderQty when that is lower (ORDER_SIZE_LIMIT above it)' }),
    referencePriceMicros: z.number().int(),
    lastTradeMicros: z.number().int(),
    delivery: z.string().optional().meta({ description: "a forward's delivery state (DELIVERY_PENDING ... DELIVERED)" }),
    strikeMicros: z.number().int().optional(),
    strike: z.string().optional().meta({ description: "an option's strike in PAT" }),
    spotSeriesId: z.number().int().optional().meta({ description: "a cash-settled series' spot series" }),
  })
  .meta({ description: 'A series: the terms of one contract for one window' });

const level = z.object({ priceMicros: z.number().int(), qty: z.number().int() });

const feeRow = z.object({
  kind: z.enum(SERIES_KINDS),
  phase: z.number().int(),
  makerBps: z.number().int(),
  takerBps: z.number().int(),
  issuanceBps: z.number().int(),
  takeRateBps: z.number().int(),
});
const feeReportSchema = z
  .object({
    phase: z.number().int().meta({ description: 'the governance phase the rates in force are for' }),
    rounding: z.string(),
    exempt: z.string(),
    current: z.array(feeRow).meta({ description: 'the rates in force, one row per kind' }),
    rows: z.array(feeRow).meta({ description: 'every (kind, phase) row' }),
  })
  .meta({ description: 'The fee schedule (docs/fees.md)' });

export const GATEWAY_OPERATIONS: readonly Operation[] = [
  {
    method: 'GET',
    path: '/healthz',
    operationId: 'getLiveness',
    summary: 'Liveness: every component with its state; 503 only when the sequencer or journal failed',
    tags: ['health'],
    security: 'public',
    responses: { 200: { description: '{status, components, role, seq}' } },
    errors: { 503: 'the sequencer or journal failed: restart the process (the same report)' },
  },
  {
    method: 'GET',
    path: '/readyz',
    operationId: 'getReadiness',
    summary: 'Readiness: the same report, 503 when any component is degraded, failed or starting',
    tags: ['health'],
    security: 'public',
    responses: { 200: { description: '{status, components, role, seq}' } },
    errors: { 503: 'a component is not ok (the same report)' },
  },
  {
    method: 'GET',
    path: '/metrics',
    operationId: 'getMetrics',
    summary: "Prometheus text: public market figures, the service's health, the process (docs/metrics.md); rendered at most once a second",
    tags: ['health'],
    security: 'public',
    weight: 10, // ~19 KB, rendered on the engine's thread: ten of the address's requests
    responses: { 200: { description: 'Prometheus text exposition format 0.0.4', contentType: 'text/plain' } },
  },
  {
    method: 'GET',
    path: '/v1/endpoints',
    operationId: 'getEndpoints',
    summary: 'Where the WebSocket endpoints listen (paths and ports) and the chain id signed requests name',
    tags: ['health'],
    security: 'public',
    responses: { 200: { description: '{trade: {path, port}, marketData: {path, port}, chainId}' } },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document: OpenAPI 3.1 of every HTTP route',
    tags: ['health'],
    security: 'public',
    weight: 10, // ~200 KB each: ten of the address's requests
    responses: { 200: { description: 'the OpenAPI document' } },
  },
  {
    method: 'GET',
    path: '/docs',
    operationId: 'getApiReference',
    summary: 'The reference page: every operation by tag, with its parameters, body and responses (HTML, no scripts)',
    tags: ['health'],
    security: 'public',
    weight: 10, // ~200 KB each: ten of the address's requests
    responses: { 200: { description: 'an HTML page', contentType: 'text/html' } },
  },
  {
    method: 'GET',
    path: '/v1/series',
    operationId: 'listSeries',
    summary: 'Live series (not expired) with their terms, kind, status, reference and last trade price; filtered and paged',
    description:
      'Filters narrow the list (all must hold); a listing filter that names no published listing matches nothing. Without `limit` every match is returned (the behaviour before paging); with it, `next` is the `offset` of the following page, null on the last. Ordered by series id.',
    tags: ['market data'],
    security: 'public',
    query: seriesQuery,
    responses: {
      200: {
        description: 'a page of series',
        schema: z.object({
          series: z.array(seriesSchema),
          total: z.number().int().meta({ description: 'matches in all (every page)' }),
          offset: z.number().int(),
          next: z.number().int().nullable().meta({ description: 'the offset of the following page; null on the last' }),
        }),
      },
    },
  },
  {
    method: 'GET',
    path: '/v1/series/{id}',
    operationId: 'getSeries',
    summary: 'One series (expired ones too) with its top 10 levels a side',
    tags: ['market data'],
    security: 'public',
    params: seriesId,
    responses: { 200: { description: 'the series and its book', schema: seriesSchema.extend({ bandBps: z.number().int().meta({ description: "a market order's protection: how far past the best opposite price (bps) it may trade" }), priceBandBps: z.number().int().meta({ description: 'the risk band (risk.priceBandBps): a limit buy above the reference price × (1 + this/10,000), or a sell below × (1 − this/10,000), is refused PRICE_OUTSIDE_BAND; 0: off' }), priceBandMinMicros: z.number().int().meta({ description: 'the risk band is at least this many µPAT either side of the reference (5 ticks from engine rules 11, 0 before): a limit within it is never refused PRICE_OUTSIDE_BAND' }), book: z.object({ bids: z.array(level), asks: z.array(level), waiting: z.object({ bids: z.array(level), asks: z.array(level) }).optional().meta({ description: "a spot or forward series' customers' resting orders, which only the broker takes (consumers' bids wait for its ask, providers' asks for its bid); bids and asks above are what an order can take: the broker's" }) }).meta({ description: 'the best 10 levels a side an order on the other side can take' }) }) } },
    errors: { 404: 'UNKNOWN_SERIES: no series has this id' },
  },
  {
    method: 'GET',
    path: '/v1/series/{id}/settlement',
    operationId: 'getSeriesSettlement',
    summary: "A cash-settled series' latest mark and, once expired, its settlement index with every input and intermediate",
    tags: ['market data'],
    security: 'public',
    params: seriesId,
    responses: { 200: { description: '{mark, settlementIndex?} (docs/settlement-index.md)' } },
    errors: { 404: 'UNKNOWN_SERIES, or NOT_A_SYNTHETIC: a spot or forward series' },
  },
  {
    method: 'GET',
    path: '/v1/fees',
    operationId: 'getFees',
    summary: 'The fee schedule: maker, taker, issuance and take-rate bps per product kind, in force now and per phase (docs/fees.md)',
    description: 'A fee is ceil(notional × bps / 10000) µPAT. A buy holds its fee with its notional; a sale pays out of its proceeds; the broker pays none. The default schedule is all zeros.',
    tags: ['market data'],
    security: 'public',
    responses: { 200: { description: 'the schedule', schema: feeReportSchema } },
  },
  {
    method: 'GET',
    path: '/v1/account',
    operationId: 'getAccount',
    summary: 'An account: balances (wei and PAT), open orders, positions; its owner (wallet-signed) or the operator with ?account=',
    tags: ['account'],
    security: 'wallet-or-operator',
    query: z.object({ account: field.id('the account to read (operator only)').optional() }),
    responses: { 200: { description: 'the account view (docs/protocol.md, "HTTP")' } },
    errors: { 400: 'INVALID_FIELD: an operator names ?account=<id>; BODY_HASH_MISMATCH', 403: 'OPERATOR_ONLY: ?account= on a wallet-signed request', 404: 'UNKNOWN_ACCOUNT' },
  },
];
