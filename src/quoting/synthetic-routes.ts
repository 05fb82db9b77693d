/**
 * The broker's synthetic pricing, public over HTTP (issue 77: "prices explain themselves"): per
 * live SYNTHETIC series the forward it quotes around (F, the settlement index it expects at the
 * close, docs/pricing.md "Synthetics") beside the engine's latest mark (the index over the
 * trailing hour) and its best bid and ask, so a page can say why the quote sits where it does.
 * The broker's position, P&L and margin stay on the operator's views.
 *
 *   GET /v1/synthetics          every synthetic the quoter prices, by series id
 *   GET /v1/synthetics/{id}     one (404 UNKNOWN_SERIES when the quoter does not price it)
 */
import { z } from 'zod';
import { field, type HttpReply, type HttpRequestInfo, type MountedRoute, type Operation } from '../http-registry/index.js';
import type { QuotingService, SyntheticView } from './service.js';

/** What anyone may read of a synthetic's view: `forwardMicros` is its expected index (the name the options' pricing uses for the same F). */
export interface SyntheticPricing {
  seriesId: number;
  contract: string;
  spotSeriesId: number;
  /** F: the settlement index the broker expects at the close, on the synthetic's tick (its reference price), µPAT. */
  forwardMicros: number;
  /** The engine's latest mark (the index over the trailing hour), µPAT; 0 before the first. */
  markMicros: number;
  bidMicros: number;
  askMicros: number;
}

export function syntheticPricing(v: SyntheticView): SyntheticPricing {
  return { seriesId: v.seriesId, contract: v.contract, spotSeriesId: v.spotSeriesId, forwardMicros: v.expectedIndexMicros, markMicros: v.markMicros, bidMicros: v.bidMicros, askMicros: v.askMicros };
}

export const SYNTHETIC_OPERATIONS: readonly Operation[] = [
  {
    method: 'GET',
    path: '/v1/synthetics',
    operationId: 'listSyntheticPricing',
    summary: "The broker's pricing of every live SYNTHETIC the quoter prices: the forward (expected index at the close), the index mark, bid/ask",
    tags: ['market data'],
    security: 'public',
    responses: { 200: { description: '{synthetics: [...]} (docs/synthetics.md)' } },
    errors: { 503: 'QUOTING_UNAVAILABLE: the quoter is not running' },
  },
  {
    method: 'GET',
    path: '/v1/synthetics/{id}',
    operationId: 'getSyntheticPricing',
    summary: "The broker's pricing of one synthetic series",
    tags: ['market data'],
    security: 'public',
    params: z.object({ id: field.id('a synthetic series id') }),
    responses: { 200: { description: 'the pricing (docs/synthetics.md)' } },
    errors: { 404: 'UNKNOWN_SERIES: not a synthetic the quoter prices', 503: 'QUOTING_UNAVAILABLE: the quoter is not running' },
  },
];

/** The public route; `quoting` is undefined when the service runs without the quoter. */
export function syntheticRoutes(quoting: () => QuotingService | undefined): MountedRoute {
  return {
    operations: SYNTHETIC_OPERATIONS,
    handle: (req: HttpRequestInfo): Promise<HttpReply> => Promise.resolve(answer(req, quoting())),
  };
}

function answer(req: HttpRequestInfo, quoting: QuotingService | undefined): HttpReply {
  if (req.method !== 'GET') return { status: 405, body: { error: 'METHOD_NOT_ALLOWED', message: 'GET only' } };
  if (quoting === undefined) return { status: 503, body: { error: 'QUOTING_UNAVAILABLE', message: 'the quoter is not running' } };
  if (req.path === '/v1/synthetics' || req.path === '/v1/synthetics/') return { status: 200, body: { synthetics: quoting.syntheticViews().map(syntheticPricing) } };
  const m = /^\/v1\/synthetics\/(\d{1,16})$/.exec(req.path);
  if (m === null) return { status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.path}` } };
  const view = quoting.syntheticView(Number(m[1]));
  if (view === undefined) return { status: 404, body: { error: 'UNKNOWN_SERIES', message: `the quoter prices no synthetic ${m[1]}` } };
  return { status: 200, body: syntheticPricing(view) };
}
