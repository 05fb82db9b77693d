/**
 * The catalog from the command line (docs/cli.md, "The catalog"; docs/catalog.md): the data one can
 * buy, public, no wallet:
 *
 *   patx catalog [query] [--segment S] [--window 7D] [--band 0.70-0.85] [--kind K] [--use U] [--min-trust X] [--limit N]
 *                                    published listings (GET /v1/listings), each with the spot contracts of its segment trading now
 *   patx listing <id> [--rows N]     one listing in full: description, licence, terms, delivery endpoint, trust, schema,
 *                                    sample rows, and its segment's spot contracts with their best bid and ask
 *
 * Through the client's calls (src/client/catalog.ts, src/client/market.ts). A bad option exits 2 with
 * nothing sent (the same bounds as the route's query schema, src/catalog/operations.ts); a refusal
 * (UNKNOWN_LISTING) is one line, exit 1.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { acting } from './command-output.js';
import { addGatewayOption, gatewayUrl, WalletCommandError, type GatewayOptions } from './wallet-options.js';
import { catalogText, listingText, quoteOf, type CatalogView, type ContractQuote, type ListingView } from './catalog-format.js';
import { currentSpot } from './series-arg.js';

/** The licence's permitted uses a search may name (src/catalog/listing.ts's PERMITTED_USES; a test holds them equal). */
export const SEARCH_USES = ['analytics', 'model-training', 'advertising', 'personalization', 'research', 'resale'] as const;

/** How many listings a page of the catalog holds at most (the route's own limit). */
const MAX_LIMIT = 200;

/** A positive whole id (a listing's, a provider's account). */
export function positiveId(text: string): number {
  if (!/^[1-9]\d{0,14}$/.test(text)) throw new InvalidArgumentError('expected a positive whole number (e.g. 1)');
  return Number(text);
}

/** A whole number from `min` to `max`. */
export function wholeIn(min: number, max: number): (text: string) => number {
  return (text) => {
    if (!/^\d{1,10}$/.test(text) || Number(text) < min || Number(text) > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return Number(text);
  };
}

/** A pattern the value must match, said in words when it does not. */
function matching(re: RegExp, what: string): (text: string) => string {
  return (text) => {
    if (!re.test(text)) throw new InvalidArgumentError(`expected ${what}`);
    return text;
  };
}

function scoreArg(text: string): number {
  if (!/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/.test(text)) throw new InvalidArgumentError('expected a score from 0 to 1 (e.g. 0.8)');
  return Number(text);
}

interface CatalogOptions extends GatewayOptions {
  segment?: string;
  window?: string;
  band?: string;
  kind?: 'dataset' | 'model-feed';
  use?: string;
  provider?: number;
  minTrust?: number;
  sort?: 'trust' | 'updated' | 'title';
  limit: number;
  offset: number;
}

/** The distinct spot contracts trading now in each segment named (one public read a segment). */
async function contractsBySegment(url: string, segments: readonly string[]): Promise<Map<string, string[]>> {
  const { listSeries } = await import('../client/market.js');
  const pairs = await Promise.all(
    [...new Set(segments)].map(async (segment) => {
      const page = await listSeries({ url }, { segment, kind: 'SPOT', status: 'TRADING', limit: 200 });
      return [segment, [...new Set(page.series.map((s) => s.contract))]] satisfies [string, string[]];
    }),
  );
  return new Map(pairs);
}

/** The current spot series of each contract of the listing's segment, with the top of its book. */
async function quotesOf(url: string, listingId: number): Promise<ContractQuote[]> {
  const { listSeries, getSeries } = await import('../client/market.js');
  const series = (await listSeries({ url }, { listing: listingId, kind: 'SPOT', status: 'TRADING', limit: 200 })).series;
  const now = Date.now();
  const current = [...new Set(series.map((s) => s.contract))].flatMap((contract) => {
    const s = currentSpot(series.filter((x) => x.contract === contract), now);
    return s === undefined ? [] : [s];
  });
  return Promise.all(current.map(async (s) => quoteOf(await getSeries({ url }, s.seriesId))));
}

/** The listing's three public answers (a model feed's performance too) and its contracts trading now; UNKNOWN_LISTING when none is published under the id. */
async function listingView(url: string, listingId: number): Promise<ListingView> {
  const c = await import('../client/catalog.js');
  let listing: ListingView['listing'];
  try {
    listing = await c.getListing({ url }, listingId);
  } catch (error) {
    const e = error as { code?: unknown };
    if (e.code === 'UNKNOWN_LISTING') throw new WalletCommandError('UNKNOWN_LISTING', `no published listing ${listingId} (patx catalog lists them)`);
    throw error;
  }
  const [disclosures, performance, contracts] = await Promise.all([
    c.getListingDisclosures({ url }, listingId) as Promise<ListingView['disclosures']>,
    listing.kind === 'model-feed' ? c.getListingPerformance({ url }, listingId) : Promise.resolve(null),
    quotesOf(url, listingId),
  ]);
  return { listing, disclosures, performance, contracts };
}

/** Adds `catalog` and `listing` (public: no wallet). */
export function addCatalogCommands(program: Command, act: ReturnType<typeof acting>): void {
  addGatewayOption(
    program
      .command('catalog')
      .argument('[query]', 'words the title, description or segment must hold (e.g. car)')
      .description('the data you can buy: published listings with their trust, quality and the spot contracts of their segment trading now (GET /v1/listings); public, no wallet')
      .option('--segment <segment>', 'one segment (e.g. AUTO_INTENT)', matching(/^\S{1,48}$/, 'a segment name (e.g. AUTO_INTENT)'))
      .option('--window <window>', "segments with a live contract of this window (e.g. 7D, 1h, 2W)", matching(/^[1-9][0-9]{0,3}[hDW]$/, "a contract window such as '7D', '1h' or '2W'"))
      .option('--band <band>', 'segments with a live contract of this confidence band (e.g. 0.70-0.85)', matching(/^[01]\.[0-9]{2,4}-[01]\.[0-9]{2,4}$/, "a confidence band such as '0.70-0.85'"))
      .addOption(new Option('--kind <kind>', 'listings of one kind only').choices(['dataset', 'model-feed']))
      .addOption(new Option('--use <use>', 'a permitted use the licence must grant').choices(SEARCH_USES))
      .option('--provider <accountId>', "one provider's listings (its account id)", positiveId)
      .option('--min-trust <score>', 'a minimum trust score, 0 to 1', scoreArg)
      .addOption(new Option('--sort <order>', 'order (default: trust, highest first)').choices(['trust', 'updated', 'title']))
      .option('--limit <n>', `at most this many (1 to ${MAX_LIMIT})`, wholeIn(1, MAX_LIMIT), 50)
      .option('--offset <n>', 'matches to skip', wholeIn(0, 1_000_000_000), 0),
  ).action((query: string | undefined, o: CatalogOptions) =>
    act(async () => {
      if (query !== undefined && (query.trim() === '' || query.length > 200)) throw new WalletCommandError('USAGE', 'the query: 1 to 200 characters of words (e.g. car)');
      const url = gatewayUrl(o);
      const { searchListings } = await import('../client/catalog.js');
      const page = await searchListings(
        { url },
        { q: query, segment: o.segment, window: o.window, band: o.band, kind: o.kind, use: o.use, provider: o.provider, minTrust: o.minTrust, sort: o.sort, limit: o.limit, offset: o.offset },
      );
      const contracts = await contractsBySegment(url, page.listings.map((l) => l.segment));
      const view: CatalogView = { total: page.total, listings: page.listings.map((l) => ({ ...l, contracts: contracts.get(l.segment) ?? [] })) };
      return { value: view, text: () => catalogText(view, o.offset) };
    }),
  );

  addGatewayOption(
    program
      .command('listing')
      .argument('<id>', 'a published listing (patx catalog lists them)', positiveId)
      .description("one listing in full: description, licence and terms, delivery endpoint, trust, schema, sample rows, and its segment's spot contracts trading now with their best bid and ask; public, no wallet")
      .option('--rows <n>', "the sample's first rows to show (0 to 10)", wholeIn(0, 10), 5),
  ).action((listingId: number, o: GatewayOptions & { rows: number }) =>
    act(async () => {
      const view = await listingView(gatewayUrl(o), listingId);
      const { termsText, termsOf } = await import('../catalog/terms.js'); // zod behind it: loaded by the command that needs it
      return { value: view, text: () => listingText(view, o.rows, termsText(termsOf(view.disclosures))) };
    }),
  );
}
