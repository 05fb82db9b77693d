/**
 * A data provider's listing and supply from the shell (docs/providers.md, docs/catalog.md): what the
 * console's provider page and examples/provider-bot.ts do, one step a command.
 *
 *   patx provider listing template SEGMENT > listing.json     a listing to fill in (every field the exchange asks for)
 *   patx provider listing create --file listing.json --sample rows.csv [--submit]
 *   patx provider listing update ID --file listing.json --sample rows.csv     a new version (the exchange takes it whole, sample included)
 *   patx provider listing submit ID                             for the operator's review
 *   patx provider listing unpublish ID                          take it out of the catalog (rights already sold stay yours to deliver)
 *   patx provider listing delete ID                             a draft never published, its sample's bytes freed
 *   patx provider listings                                      your listings, their state and version
 *   patx provider capacity SERIES QTY                           the rights you can deliver in a window
 *   patx provider mint SERIES QTY                               rights within it (a published listing of the segment first)
 *
 * Listings go over wallet-signed HTTP (POST/PUT/DELETE /v1/provider/listings), capacity and mints over the
 * trading socket, logged in as the provider (an account that exists: these open none).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { acting } from './command-output.js';
import { table } from '../operator/cli-format.js';
import { resolveSeries, seriesRef, type SeriesRef } from './series-arg.js';
import { listingTemplate } from '../catalog/listing-template.js';
import type * as ProviderCalls from '../client/provider.js';
import { addWalletOptions, connectTrading, connectWallet, gatewayUrl, walletArgs, WalletCommandError, type WalletOptions } from './wallet-options.js';
import { utc } from './trading-format.js';

type Act = ReturnType<typeof acting>;

/** A sample's format by its file's extension, as the exchange names it (docs/catalog.md: CSV with a header row, JSON Lines, Parquet). */
const SAMPLE_FORMATS: Readonly<Record<string, string>> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.parquet': 'parquet' };

/** A listing as the provider's calls answer it (src/client/provider.ts): the list's rows, or one whole with why it was refused. */
type OwnListing = ProviderCalls.OwnListing & { reason?: string };

const wholeNumber = (what: string) => (text: string): number => {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) throw new InvalidArgumentError(`expected ${what} (a whole number >= 1)`);
  return Number(text);
};

const NO_SAMPLE = 'a listing carries a sample of its data: --sample FILE (.csv, .jsonl or .parquet)';

/** The listing file (JSON, the fields of docs/catalog.md's table) with the sample file in it, base64 (or the file's own `sample`, if it has one). */
function listingBody(file: string, sample: string | undefined): ProviderCalls.ListingInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new WalletCommandError('USAGE', `--file ${file}: ${e.code !== undefined ? `cannot read it (${e.code})` : `not JSON (${e.message})`}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new WalletCommandError('USAGE', `--file ${file}: a JSON object, the listing's fields (patx provider listing template SEGMENT writes one)`);
  const body = { ...(parsed as Record<string, unknown>) };
  if (sample !== undefined) {
    const format = SAMPLE_FORMATS[extname(sample).toLowerCase()];
    if (format === undefined) throw new WalletCommandError('USAGE', `--sample ${sample}: a .csv, .jsonl or .parquet file`);
    let bytes: Buffer;
    try {
      bytes = readFileSync(sample);
    } catch (error) {
      throw new WalletCommandError('USAGE', `--sample ${sample}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    body.sample = { format, base64: bytes.toString('base64') };
  }
  // A file's fields as given: the exchange checks them against the listing's schema and names what is wrong (refusalOf).
  return body as ProviderCalls.ListingInput;
}

/** The exchange's refusal of a provider's call in one line, its field problems named; a wallet with no account told what opens one. */
function refusalOf(error: unknown, address: string): unknown {
  const e = error as { name?: unknown; code?: unknown; detail?: unknown; details?: { issues?: Array<{ path?: unknown[]; message?: string }> } };
  if (e.name !== 'PatxHttpError' || typeof e.code !== 'string') return error;
  if (e.code === 'UNKNOWN_ACCOUNT') return new WalletCommandError('NO_ACCOUNT', `${address} has no account at this exchange yet: a data provider opens one with patx provider open first`);
  const issues = (e.details?.issues ?? []).slice(0, 5).map((i) => `${(i.path ?? []).join('.') || '(body)'}: ${i.message ?? ''}`);
  return new WalletCommandError(e.code, `${typeof e.detail === 'string' && e.detail !== '' ? e.detail : 'the exchange refused it'}${issues.length === 0 ? '' : ` (${issues.join('; ')})`}`);
}

/** One of the provider's calls (src/client/provider.ts) as this wallet, its refusal in one line. */
export async function asProvider<T>(o: WalletOptions, call: (calls: typeof ProviderCalls, http: Awaited<ReturnType<typeof connectWallet>>) => Promise<T>): Promise<T> {
  const [calls, http] = await Promise.all([import('../client/provider.js'), connectWallet(o)]);
  try {
    return await call(calls, http);
  } catch (error) {
    throw refusalOf(error, http.wallet.address);
  }
}

/** `patx provider listings` for people: a row each, then the reason of each version the operator refused. */
export function ownListingsText(own: readonly OwnListing[]): string {
  if (own.length === 0) return 'no listings yet: patx provider listing template SEGMENT > listing.json, fill it in, then patx provider listing create --file listing.json --sample rows.csv --submit';
  const rows = own.map((l) => ({ ID: l.id, SEGMENT: l.segment, TITLE: l.title.length > 40 ? `${l.title.slice(0, 39)}…` : l.title, STATE: l.status, VERSION: versionText(l), NEXT: nextStep(l) }));
  // A version the operator refused while another stays live: its reason, which the table has no room for (only --json had it).
  const refused = own.filter((l) => l.rejectedVersion !== undefined).map((l) => `listing ${l.id}: version ${l.rejectedVersion!.version} rejected ${utc(l.rejectedVersion!.atMs)}: ${l.rejectedVersion!.reason}`);
  return [table(rows), ...refused].join('\n');
}

/** The live version, and one in review or the last one the operator refused. */
function versionText(l: OwnListing): string | number {
  if (l.pendingReview !== undefined) return `${l.version} (${l.pendingReview.version} in review)`;
  return l.rejectedVersion !== undefined ? `${l.version} (${l.rejectedVersion.version} rejected)` : l.version;
}

/** What a listing's state asks of the provider next. */
function nextStep(l: OwnListing): string {
  if (l.status === 'draft' || l.status === 'rejected' || l.status === 'unpublished') return `patx provider listing submit ${l.id}`;
  if (l.status === 'submitted') return `the operator's review (patx provider listings shows when it is published)`;
  if (l.status === 'published') return `patx provider capacity '${l.segment}|<WINDOW>|<LO-HI>' N, then patx provider mint (patx catalog lists the contracts of your segment)`;
  return 'none: a taken-down listing cannot change';
}

function listingLine(verb: string, l: OwnListing): string {
  const pending = l.pendingReview !== undefined ? `; version ${l.pendingReview.version} awaits the operator's review` : '';
  const why = l.reason !== undefined && l.reason !== '' && (l.status === 'rejected' || l.status === 'taken_down') ? ` (${l.reason})` : '';
  return `${verb} listing ${l.id} (${l.segment}, version ${l.version}): ${l.status}${why}${pending}\nnext: ${nextStep(l)}`;
}

/**
 * What unpublishing leaves owed: from engine rules 9 the rights sold under the listing are still granted under it
 * (docs/catalog.md, "Unpublishing while rights you sold are not yet exercised"), so the provider answers for them
 * until they are delivered or their dispute period ends.
 */
export const UNPUBLISH_WARNING =
  "rights you already sold stay yours to deliver: keep your gate serving until they are delivered or the window's dispute period ends; what is not delivered is refunded to consumers from your held proceeds (docs/catalog.md, \"Unpublishing while rights you sold are not yet exercised\")";

function unpublishedText(l: OwnListing): string {
  return `unpublished listing ${l.id} (${l.segment}, version ${l.version}): ${l.status}; no new mints under it (rights you minted before are still yours to sell, and delivered under it)\nwarning: ${UNPUBLISH_WARNING}\nnext: patx provider grants shows what you owe; patx provider listing submit ${l.id} sends it for review again`;
}

/** What `listing template` says on stderr: the fields a provider must change, and why two of them matter. */
export const TEMPLATE_HINTS = [
  'patx: fill in every field of this template before `patx provider listing create` (docs/catalog.md, "Listings"):',
  '  provenance.sensitiveCategories: ["none"] says the data holds no special category; name them instead (e.g. ["health"]) if it does. An empty list with personalData true fails a disclosure check of the trust score (docs/catalog.md, "Trust score").',
  '  deliveryEndpoint: the URL where your gate serves the records to consumers (patx provider serve; docs/providers.md, "Serving your data"): consumers download from there, and a grant they cannot fetch is claimed and refunded from your proceeds.',
].join('\n');


const SEGMENT = /^[A-Z][A-Z0-9_]{0,47}$/;

export function addProviderSupplyCommands(provider: Command, act: Act): void {
  const listing = provider.command('listing').description('your catalog listings: a template, create, update (a new version), submit for review, unpublish, delete a draft (docs/catalog.md)');
  listing
    .command('template')
    .argument('<segment>', 'the segment the data is of (AUTO_INTENT)', (t: string) => {
      if (!SEGMENT.test(t)) throw new InvalidArgumentError('a segment: A-Z, 0-9 and _, starting with a letter');
      return t;
    })
    .description("a listing file to fill in (JSON on stdout; what to change, on stderr): title, schema, provenance, licence, cadence, your gate's endpoint; the sample goes with --sample")
    .action((segment: string) =>
      act(async () => {
        // The JSON is sent as it is (the exchange refuses a field it does not know), so the hints go to stderr: `> listing.json` keeps the file clean.
        process.stderr.write(`${TEMPLATE_HINTS}\n`);
        return { value: listingTemplate(segment), text: () => JSON.stringify(listingTemplate(segment), null, 2) };
      }),
    );

  const fileOptions = (c: Command): Command =>
    c.requiredOption('--file <listing.json>', 'the listing: a JSON object of the fields in docs/catalog.md (patx provider listing template writes one)').option('--sample <file>', 'a sample of the data: .csv (a header row), .jsonl or .parquet, at most 10 MiB; measured on arrival');

  addWalletOptions(fileOptions(listing.command('create').description('a new listing (a draft) with its sample; --submit sends it for review at once')).option('--submit', 'submit it for the operator\'s review at once')).action(
    (o: WalletOptions & { file: string; sample?: string; submit?: boolean }) =>
      act(async () => {
        const body = listingBody(o.file, o.sample);
        if (body.sample === undefined) throw new WalletCommandError('USAGE', NO_SAMPLE);
        const l: OwnListing = await asProvider(o, async (c, http) => {
          const created = await c.createListing(http, body);
          return o.submit === true ? c.submitListing(http, created.id) : created;
        });
        return { value: l, text: () => listingLine('created', l) };
      }),
  );
  addWalletOptions(
    fileOptions(
      listing
        .command('update')
        .argument('<id>', 'your listing', wholeNumber('a listing id'))
        .description("a new version of your listing, sent whole with its sample (--sample FILE, or without it the newest version's sample again, read back from the exchange); one that changes something material waits for the operator's review"),
    ),
  ).action((id: number, o: WalletOptions & { file: string; sample?: string }) =>
    act(async () => {
      const body = listingBody(o.file, o.sample);
      const l: OwnListing = await asProvider(o, async (c, http) => {
        // No --sample (a title or description change): the newest version's sample again, as the exchange has it.
        if (body.sample === undefined) {
          const kept = await c.getOwnListingSample(http, id);
          body.sample = { format: kept.format, base64: kept.base64 };
        }
        return c.updateListing(http, id, body);
      });
      return { value: l, text: () => listingLine('updated', l) };
    }),
  );
  addWalletOptions(listing.command('submit').argument('<id>', 'your listing', wholeNumber('a listing id')).description("submit a draft (or a rejected or unpublished listing) for the operator's review")).action((id: number, o: WalletOptions) =>
    act(async () => {
      const l: OwnListing = await asProvider(o, (c, http) => c.submitListing(http, id));
      return { value: l, text: () => listingLine('submitted', l) };
    }),
  );
  addWalletOptions(
    listing
      .command('unpublish')
      .argument('<id>', 'your listing', wholeNumber('a listing id'))
      .description(`take a published (or submitted) listing out of the catalog: no new mints under it (rights minted before can still be sold). ${UNPUBLISH_WARNING}`),
  ).action((id: number, o: WalletOptions) =>
    act(async () => {
      // The warning is in the answer (unpublishedText): said before it was sent, a refused unpublish (another's listing) warned its sender too.
      const l: OwnListing = await asProvider(o, (c, http) => c.unpublishListing(http, id));
      return { value: l, text: () => unpublishedText(l) };
    }),
  );
  addWalletOptions(listing.command('delete').argument('<id>', 'your draft', wholeNumber('a listing id')).description('delete a draft never published (a published one is unpublished instead): its sample bytes are freed against your quota')).action(
    (id: number, o: WalletOptions) =>
      act(async () => {
        const done = await asProvider(o, (c, http) => c.deleteDraftListing(http, id));
        const u = done.usage;
        const q = done.quotas;
        return { value: done, text: () => `deleted draft listing ${id}; you store ${u.sampleBytes} of ${q.sampleBytes} sample bytes, ${u.drafts} of ${q.drafts} drafts, ${u.listings} of ${q.listings} listings` };
      }),
  );
  addWalletOptions(provider.command('listings').description('your listings: segment, title, state, version, and what each waits for')).action((o: WalletOptions) =>
    act(async () => {
      const own: OwnListing[] = await asProvider(o, (c, http) => c.listOwnListings(http));
      return { value: own, text: () => ownListingsText(own) };
    }),
  );

  addSupplyCommand(provider, act, 'capacity', 'declare how many rights of a spot series you can deliver in its window (at least what you minted; mints stay within it)', 'the rights you can deliver', async (client, seriesId, qty) => client.declareCapacity(seriesId, qty), (seriesId, qty, args) => `capacity ${qty} declared in series ${seriesId}; next: patx provider mint ${seriesId} N${args} (within it)`);
  addSupplyCommand(provider, act, 'mint', 'mint rights of a spot series within your declared capacity (needs a published listing of its segment); then sell them: patx sell', 'rights to mint', async (client, seriesId, qty) => client.mint(seriesId, qty), (seriesId, qty, args) => `minted ${qty} right(s) in series ${seriesId}; next: patx sell ${seriesId} ${qty}${args} (at the broker's bid now), or with --limit PRICE to rest an ask`);
}

type SupplyClient = Awaited<ReturnType<typeof connectTrading>>['client'];

/** Why the exchange refused a capacity or a mint, in words beside its reason's name. */
const SUPPLY_REFUSALS: Readonly<Record<string, string>> = {
  NO_PUBLISHED_LISTING: 'minting needs a published listing of the series\' segment: patx provider listings shows yours',
  CAPACITY_EXCEEDED: 'more than the capacity you declared in the series, less what you minted: patx provider capacity first',
  ROLE_NOT_ALLOWED: "only a data provider's account declares capacity and mints (patx provider open, with a wallet of its own)",
  INVALID_QUANTITY: 'capacity is at least what you minted already, at most 10^9',
  POSITION_LIMIT: 'over the position limit of the series',
  SERIES_EXPIRED: "the series' window has closed",
  UNKNOWN_SERIES: 'no such series',
};

function addSupplyCommand(provider: Command, act: Act, name: string, description: string, qtyWhat: string, send: (client: SupplyClient, seriesId: number, qty: number) => Promise<{ rejectReason?: number | null }>, done: (seriesId: number, qty: number, args: string) => string): void {
  addWalletOptions(
    provider
      .command(name)
      .argument('<series>', "a series id, or a contract: 'SEGMENT|WINDOW|LO-HI' (quoted; its current spot series)", seriesRef)
      .argument('<qty>', qtyWhat, wholeNumber(qtyWhat))
      .description(description),
  ).action((ref: SeriesRef, qty: number, o: WalletOptions) =>
    act(async () => {
      const s = await resolveSeries(gatewayUrl(o), ref);
      const [{ wire }, { client }] = await Promise.all([import('../proto/index.js'), connectTrading(o, { opens: 'none' })]);
      try {
        const ack = await send(client, s.seriesId, qty);
        const reason = ack.rejectReason ?? 0;
        if (reason !== 0) {
          const code = wire.RejectReason[reason] ?? String(reason);
          throw new WalletCommandError(code, `the exchange refused it: ${SUPPLY_REFUSALS[code] ?? 'nothing changed'}`);
        }
        const value = { seriesId: s.seriesId, contract: s.contract, [name === 'mint' ? 'minted' : 'capacity']: qty };
        return { value, text: () => done(s.seriesId, qty, walletArgs(o)) };
      } finally {
        await client.close().catch(() => undefined);
      }
    }),
  );
}
