/**
 * The read-only tools: the catalog (search, one listing's disclosures and sample preview) and
 * the market (series, a series' quote and book top, a window's option chain). They read the
 * exchange's public routes only, so they need no key: `patx mcp` serves them with or without
 * a wallet, and the gateway's /mcp endpoint serves only these (and the resources).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { seriesView, type PublicReads, type SeriesView } from './exchange-reads.js';
import { patOfMicros } from './pat.js';
import { asTool, okBody, ToolRefusal } from './refusal.js';
import { registerTierReadTools } from './tier-tools.js';

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

const id = (what: string) => z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe(what);
const unit = (what: string) => z.number().min(0).max(1).optional().describe(what);

/** A series' quote in PAT: the best bid and ask (the broker's quotes are the book's), reference, last, the book's top levels. */
export function quoteOf(s: SeriesView, levels = 5): Record<string, unknown> {
  const level = (l: { priceMicros: number; qty: number } | undefined) => (l === undefined ? null : { price: patOfMicros(l.priceMicros), priceMicros: l.priceMicros, qty: l.qty });
  return {
    seriesId: s.seriesId,
    contract: s.contract,
    kind: s.kind,
    status: s.status,
    window: { opensAt: new Date(s.openAtMs).toISOString(), closesAt: new Date(s.closeAtMs).toISOString() },
    ...(s.strikeMicros !== undefined && s.strikeMicros > 0 ? { strike: patOfMicros(s.strikeMicros) } : {}),
    ...(s.spotSeriesId !== undefined && s.spotSeriesId > 0 ? { spotSeriesId: s.spotSeriesId } : {}),
    bestBid: level(s.book.bids[0]),
    bestAsk: level(s.book.asks[0]),
    reference: s.referencePriceMicros > 0 ? patOfMicros(s.referencePriceMicros) : null,
    lastTrade: s.lastTradeMicros > 0 ? patOfMicros(s.lastTradeMicros) : null,
    terms: { tick: patOfMicros(s.tickMicros), lotSize: s.lotSize, maxOrderQty: s.maxOrderQty, marketOrderBandBps: s.bandBps },
    book: { bids: s.book.bids.slice(0, levels).map(level), asks: s.book.asks.slice(0, levels).map(level) },
  };
}

/** Registers the read-only tools on `server`, reading through `reads`: the catalog's, then the market's. */
export function registerReadTools(server: McpServer, reads: PublicReads): void {
  registerCatalogTools(server, reads);
  registerMarketTools(server, reads);
  registerTierReadTools(server, reads); // list_tiers, quote_bundle
}

/** search_listings, get_listing. */
function registerCatalogTools(server: McpServer, reads: PublicReads): void {
  server.registerTool(
    'search_listings',
    {
      title: 'Search data listings',
      description:
        "Search the catalog of published data listings (what each contract's rights deliver): datasets, and model feeds (a model's signals, proven by their outcomes). Every filter is optional and all must hold: words, kind, segment, a contract window or confidence band, a permitted use, a minimum trust score and minimum measured quality, and the discovery filters (capacity, risk band, disclosure completeness, stability, all from what the exchange verified). Returns each listing's id, segment, title, trust (0-1), quality metrics, permitted uses and discovery facts; read one with get_listing, and its market with list_series (segment or listing_id).",
      inputSchema: {
        q: z.string().max(200).optional().describe('words in the title, description or segment, e.g. "car"'),
        kind: z.enum(['dataset', 'model-feed']).optional().describe("'dataset', or 'model-feed' (a model's signals; get_listing shows its model card, backtest and live performance)"),
        segment: z.string().max(48).optional().describe('one segment, e.g. AUTO_INTENT'),
        window: z.string().regex(/^[1-9][0-9]{0,3}[hDW]$/).optional().describe("listings whose segment has a live contract of this window, e.g. '7D', '1h'"),
        band: z.string().regex(/^[01]\.[0-9]{2,4}-[01]\.[0-9]{2,4}$/).optional().describe("a confidence band, e.g. '0.70-0.85'"),
        use: z.string().max(48).optional().describe('a permitted use the licence must grant (e.g. analytics, advertising)'),
        min_trust: unit('a minimum trust score, 0-1'),
        min_completeness: unit('a minimum completeness, 0-1'),
        min_validity: unit('a minimum validity, 0-1'),
        min_timeliness: unit('a minimum timeliness, 0-1'),
        min_accuracy: unit('a minimum accuracy, 0-1'),
        min_capacity: z.number().min(0).max(1e15).optional().describe("a minimum capacity in rights, as the exchange measured it: a dataset's rights delivered, a model feed's capacity estimate"),
        risk_band: z.string().regex(/^(low|medium|high|unrated)(,(low|medium|high|unrated)){0,3}$/).optional().describe("risk bands, comma-separated, e.g. 'low,medium' (from delivery and conformance records, or a feed's exchange-checked outcomes)"),
        min_disclosure: unit('a minimum disclosure completeness (share of disclosure checks passed), 0-1'),
        min_stability: unit("a minimum stability, 0-1: a dataset's cadence adherence, a model feed's share of positive days"),
        sort: z.enum(['trust', 'updated', 'title']).optional().describe('order (default trust, best first)'),
        offset: z.number().int().min(0).max(1_000_000_000).optional().describe('matches to skip'),
        limit: z.number().int().min(1).max(200).optional().describe('at most this many (default 50)'),
      },
      annotations: { title: 'Search data listings', ...READ_ONLY },
    },
    (a) => asTool(async () => okBody<Record<string, unknown>>(await reads('/v1/listings', { ...a }))),
  );

  server.registerTool(
    'get_listing',
    {
      title: "Read a listing's disclosures and sample",
      description:
        "One published listing in full: schema with column statistics, the sample preview (its first rows), measured quality, trust score and its components, reviews, seats; and its disclosures: provenance (how and where the data was collected, legal basis), licence and permitted uses, licence terms (what a right buys: one delivery, or usage: records or requests a right, the unused part refunded), lineage, the provider's delivery endpoint, version history. A model feed adds its model card, backtest and live performance (net of the price paid, against the backtest). Read it before buying rights to a segment.",
      inputSchema: { listing_id: id('the listing id (search_listings returns it)') },
      annotations: { title: "Read a listing's disclosures and sample", ...READ_ONLY },
    },
    ({ listing_id }) =>
      asTool(async () => {
        const listing = okBody<Record<string, unknown>>(await reads(`/v1/listings/${listing_id}`));
        const disclosures = okBody<Record<string, unknown>>(await reads(`/v1/listings/${listing_id}/disclosures`));
        if (listing.kind !== 'model-feed') return { listing, disclosures };
        // A model feed: its live record against its backtest is what an agent weighs before buying.
        return { listing, disclosures, performance: okBody<Record<string, unknown>>(await reads(`/v1/listings/${listing_id}/performance`)) };
      }),
  );
}

/** list_series, get_quote, get_option_chain. */
function registerMarketTools(server: McpServer, reads: PublicReads): void {
  server.registerTool(
    'list_series',
    {
      title: 'List tradable series',
      description:
        'The live series (one contract, SEGMENT|WINDOW|LO-HI, for one window) with their kind, status, window, reference and last price, filtered: by contract, segment, a listing (its segment), window, kind (SPOT rights to data; FORWARD a future window; SYNTHETIC, CALL, PUT cash-settled) or status. Spot series are what buy rights to receive data. Prices are µPAT (1 PAT = 1,000,000 µPAT); get_quote shows one series in PAT with its book.',
      inputSchema: {
        contract: z.string().max(200).optional().describe("one contract, e.g. 'AUTO_INTENT|7D|0.70-0.85'"),
        segment: z.string().regex(/^[A-Z][A-Z0-9_]{0,47}$/).optional().describe('the contracts of one segment'),
        listing_id: id("the series of this published listing's segment").optional(),
        window: z.string().regex(/^[1-9][0-9]{0,3}[hDW]$/).optional().describe("one window, e.g. '7D'"),
        kind: z.array(z.enum(['SPOT', 'FORWARD', 'SYNTHETIC', 'CALL', 'PUT'])).min(1).optional().describe('series kinds'),
        status: z.enum(['TRADING', 'HALTED']).optional(),
        offset: z.number().int().min(0).max(1_000_000_000).optional(),
        limit: z.number().int().min(1).max(1_000).optional().describe('at most this many (default 100)'),
      },
      annotations: { title: 'List tradable series', ...READ_ONLY },
    },
    (a) =>
      asTool(async () =>
        okBody<Record<string, unknown>>(
          await reads('/v1/series', { contract: a.contract, segment: a.segment, listing: a.listing_id, window: a.window, kind: a.kind?.join(','), status: a.status, offset: a.offset, limit: a.limit ?? 100 }),
        ),
      ),
  );

  server.registerTool(
    'get_quote',
    {
      title: "A series' quote and book",
      description:
        "One series' quote in PAT: best bid and best ask with their quantities (the broker sells at its ask, buys at its bid), reference and last trade price, the book's top levels, its window and trading terms (tick, lot, maximum order size, a market order's protection band). Check the ask here before place_order.",
      inputSchema: { series_id: id('the series id (list_series returns it)'), levels: z.number().int().min(1).max(10).optional().describe('book levels a side (default 5)') },
      annotations: { title: "A series' quote and book", ...READ_ONLY },
    },
    ({ series_id, levels }) => asTool(async () => quoteOf(await seriesView(reads, series_id), levels)),
  );

  server.registerTool(
    'get_option_chain',
    {
      title: "A window's option chain",
      description:
        "The calls and puts (phase 4, cash-settled in PAT at the window's settlement index) on one spot series' window: a row per strike with the call's and the put's series id, bid and ask in PAT, and the window's latest index mark. Empty before the options phase is voted. Buy an option with place_order on its series id.",
      inputSchema: { spot_series_id: id("the spot series whose window the options settle on") },
      annotations: { title: "A window's option chain", ...READ_ONLY },
    },
    ({ spot_series_id }) => asTool(async () => optionChain(reads, spot_series_id)),
  );
}

/** The calls and puts on a spot window, by strike, with their top of book. At most this many options are read. */
const MAX_CHAIN_OPTIONS = 80;

async function optionChain(reads: PublicReads, spotSeriesId: number): Promise<Record<string, unknown>> {
  const spot = await seriesView(reads, spotSeriesId);
  // Options settle on a spot window: another kind has no chain (it was answered as one, with no strikes).
  if (spot.kind !== 'SPOT') throw new ToolRefusal('NOT_A_SPOT_SERIES', `series ${spotSeriesId} is a ${spot.kind} series: options are on a spot window (list_series with kind SPOT names them)`);
  const page = okBody<{ series: { seriesId: number; kind: string; strikeMicros?: number }[] }>(await reads('/v1/series', { spotSeriesId, kind: 'CALL,PUT', limit: MAX_CHAIN_OPTIONS }));
  const views = await Promise.all(page.series.map((s) => seriesView(reads, s.seriesId)));
  const rows = new Map<number, { strike: string; strikeMicros: number; call: unknown; put: unknown }>();
  for (const v of views) {
    const strikeMicros = v.strikeMicros ?? 0;
    const row = rows.get(strikeMicros) ?? { strike: patOfMicros(strikeMicros), strikeMicros, call: null, put: null };
    const side = { seriesId: v.seriesId, status: v.status, bid: v.book.bids[0] === undefined ? null : patOfMicros(v.book.bids[0].priceMicros), ask: v.book.asks[0] === undefined ? null : patOfMicros(v.book.asks[0].priceMicros) };
    if (v.kind === 'CALL') row.call = side;
    else row.put = side;
    rows.set(strikeMicros, row);
  }
  let mark: unknown = null;
  const first = views[0];
  if (first !== undefined) {
    const settlement = await reads(`/v1/series/${first.seriesId}/settlement`);
    if (settlement.status === 200) mark = (settlement.body as { mark?: unknown }).mark ?? null;
  }
  return {
    spotSeriesId,
    contract: spot.contract,
    window: { opensAt: new Date(spot.openAtMs).toISOString(), closesAt: new Date(spot.closeAtMs).toISOString() },
    indexMark: mark,
    strikes: [...rows.values()].sort((a, b) => a.strikeMicros - b.strikeMicros),
  };
}
