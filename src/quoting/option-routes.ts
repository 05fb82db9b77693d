/**
 * The broker's option pricing, public over HTTP (issue 22: "Greeks for options" on market
 * data): per live CALL or PUT series the forward (the expected settlement index), the
 * volatility, the time to expiry, the Black-76 value, the Greeks and the broker's quote, as
 * the quoter last computed them. The broker's own position, P&L and margin stay on the
 * operator's views.
 *
 *   GET /v1/options          every option the quoter prices, by series id
 *   GET /v1/options/{id}     one (404 UNKNOWN_SERIES when the quoter does not price it)
 */
import { z } from 'zod';
import { field, type HttpReply, type HttpRequestInfo, type MountedRoute, type Operation } from '../http-registry/index.js';
import type { OptionView, QuotingService } from './service.js';

/** The fields of an option view anyone may read (no broker position, P&L, margin or back-off state). */
const PUBLIC_FIELDS = [
  'seriesId', 'contract', 'right', 'strikeMicros', 'spotSeriesId', 'closeAtMs', 'pricedAtMs', 'forwardMicros', 'forwardExactMicros', 'markMicros',
  'sigmaAnnual', 'sigmaMarketAnnual', 'timeYears', 'valueMicros', 'delta', 'gamma', 'vega', 'theta', 'bidMicros', 'askMicros',
] as const satisfies ReadonlyArray<keyof OptionView>;

export type OptionPricing = Pick<OptionView, (typeof PUBLIC_FIELDS)[number]>;

export function optionPricing(v: OptionView): OptionPricing {
  return Object.fromEntries(PUBLIC_FIELDS.map((k) => [k, v[k]])) as OptionPricing; // exactly the listed keys of v
}

export const OPTION_OPERATIONS: readonly Operation[] = [
  {
    method: 'GET',
    path: '/v1/options',
    operationId: 'listOptionPricing',
    summary: "The broker's pricing of every live CALL and PUT the quoter prices: forward, volatility, Black-76 value, Greeks, bid/ask",
    tags: ['market data'],
    security: 'public',
    responses: { 200: { description: '{options: [...]} (docs/options.md)' } },
    errors: { 503: 'QUOTING_UNAVAILABLE: the quoter is not running' },
  },
  {
    method: 'GET',
    path: '/v1/options/{id}',
    operationId: 'getOptionPricing',
    summary: "The broker's pricing of one option series",
    tags: ['market data'],
    security: 'public',
    params: z.object({ id: field.id('an option series id') }),
    responses: { 200: { description: 'the pricing (docs/options.md)' } },
    errors: { 404: 'UNKNOWN_SERIES: not an option the quoter prices', 503: 'QUOTING_UNAVAILABLE: the quoter is not running' },
  },
];

/** The public route; `quoting` is undefined when the service runs without the quoter. */
export function optionRoutes(quoting: () => QuotingService | undefined): MountedRoute {
  return {
    operations: OPTION_OPERATIONS,
    handle: (req: HttpRequestInfo): Promise<HttpReply> => Promise.resolve(answer(req, quoting())),
  };
}

function answer(req: HttpRequestInfo, quoting: QuotingService | undefined): HttpReply {
  if (req.method !== 'GET') return { status: 405, body: { error: 'METHOD_NOT_ALLOWED', message: 'GET only' } };
  if (quoting === undefined) return { status: 503, body: { error: 'QUOTING_UNAVAILABLE', message: 'the quoter is not running' } };
  if (req.path === '/v1/options' || req.path === '/v1/options/') return { status: 200, body: { options: quoting.optionViews().map(optionPricing) } };
  const m = /^\/v1\/options\/(\d{1,16})$/.exec(req.path);
  if (m === null) return { status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.path}` } };
  const view = quoting.optionView(Number(m[1]));
  if (view === undefined) return { status: 404, body: { error: 'UNKNOWN_SERIES', message: `the quoter prices no option ${m[1]}` } };
  return { status: 200, body: optionPricing(view) };
}
