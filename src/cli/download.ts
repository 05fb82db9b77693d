/**
 * `patx download <grant>` (or `--series S`, or a contract as the argument): the records a
 * signed access grant entitles the wallet to, received at the provider's gate with a request
 * the wallet signs here (src/client/delivery.ts downloadWithGrant, which checks the provider's
 * signed delivery statement and sends the receipt). The grants are the wallet's own, read from
 * GET /v1/grants/mine (src/client/grants.ts, as the console and the MCP tools read them): an
 * exercise's grants are there once it is acknowledged.
 *
 * The records go to --out FILE or stdout, one JSON object a line; a summary line per grant on
 * stderr (JSON with --json), so `patx download 7 > records.jsonl` keeps the data clean.
 *
 * With --format csv|ndjson|parquet the gate serves a file, typed by the listing's schema, which
 * is checked against the provider's signed statement and written (src/client/delivery-file.ts):
 * --out FILE, or grant-<id>.<ext> here; a grant after the first gets -grant-<id> before the
 * extension. The statement is in a Parquet file's metadata, beside the others as
 * FILE.statement.json. `patx download --check FILE` checks a file and its statement again.
 */
import { statSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { leftToUse, nothingLeft, type GrantView } from '../client/grants.js';
import type { FileDownload } from '../client/delivery-file.js';
import { FILE_FORMATS, type FileFormat } from '../gate/record-format.js';
import { resolveSeries, seriesRef, type SeriesRef } from './series-arg.js';
import { addWalletOptions, connectWallet, gatewayUrl, WalletCommandError, type WalletOptions } from './wallet-options.js';
import { failure } from './command-output.js';

type Run = (code: Promise<number> | number) => void;

/** The argument: a grant id (digits), or a contract (its current spot series' grants). */
function grantOrSeries(text: string): { grantId: number } | SeriesRef {
  if (/^\d{1,15}$/.test(text.trim())) {
    if (Number(text) < 1) throw new InvalidArgumentError('expected a grant id >= 1');
    return { grantId: Number(text) };
  }
  return seriesRef(text);
}

function positive(text: string): number {
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1) throw new InvalidArgumentError('expected a whole number of rights >= 1');
  return Number(text);
}

function fileFormat(text: string): FileFormat {
  const format = FILE_FORMATS.find((f) => f === text);
  if (format === undefined) throw new InvalidArgumentError(`expected one of ${FILE_FORMATS.join(', ')} (without --format: JSON lines)`);
  return format;
}

interface DownloadOptions extends WalletOptions {
  out?: string;
  qty?: number;
  series?: SeriesRef;
  format?: FileFormat;
  check?: string;
  org?: boolean;
  /** commander's `--no-receipt`: false when given. */
  receipt?: boolean;
}

/** Where grant `grantId`'s file goes: --out for the first grant, --out with -grant-<id> before its extension for the next, else grant-<id>.<ext>. */
function filePath(out: string | undefined, format: FileFormat, grantId: number, first: boolean): string {
  if (out === undefined) return `grant-${grantId}.${format}`;
  if (first) return out;
  const ext = extname(out);
  return `${out.slice(0, out.length - ext.length)}-grant-${grantId}${ext === '' ? `.${format}` : ext}`;
}

/** The summary's receipt under --no-receipt: what the consumer may still do, and until when. */
function withheld(view: GrantView): string {
  // A grant before escrow: its reports' dispute time while it is open, not once it ended (the view keeps that past time).
  const ends = view.escrow?.disputeEndsAtMs ?? (view.disputeWindow === 'ended' ? null : view.disputeEndsAtMs);
  const until = ends === null || ends === undefined ? '' : ` until ${new Date(ends).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `not sent (--no-receipt): patx claim ${view.grant.grantId} --reason nonconforming|missing-records disputes it${until}; otherwise the provider is paid when that window ends`;
}

/** One grant's download, as the summary says it. */
interface Downloaded {
  grantId: number;
  listing: string;
  rightsUsed: number;
  records: number;
  remaining: number;
  /** A usage grant's unit ('records' or 'requests'): rightsUsed and remaining count it, and usedUnits and units say where the grant stands (issue 81). */
  unit?: string;
  usedUnits?: number;
  units?: number;
  endpoint: string;
  receipt: string;
  /** With --format: the file written, and its statement beside it (none for Parquet: it is in the file). */
  file?: string;
  statement?: string;
}

async function download(target: { grantId: number } | SeriesRef | undefined, o: DownloadOptions, json: boolean): Promise<number> {
  if ((target === undefined) === (o.series === undefined)) throw new WalletCommandError('USAGE', 'name a grant id, or a series: patx download 7, or patx download --series 3');
  const [{ listMyGrants, getMyGrant }, { downloadWithGrant }, { downloadRecordFile }, org, { PatxHttpError }, http] = await Promise.all([
    import('../client/grants.js'),
    import('../client/delivery.js'),
    import('../client/delivery-file.js'),
    import('../client/organisations.js'),
    import('../client/http.js'),
    connectWallet(o),
  ]);
  // The organisation's grants (docs/organisations.md): the same view, listed for every member; used with the exchange's membership statement.
  const organisationGrants = async (): Promise<GrantView[]> => (await org.listOrganisationGrants(http, { limit: 200 })).grants as unknown as GrantView[];
  let fromOrganisation = o.org === true;
  let grants: GrantView[];
  if (target !== undefined && 'grantId' in target) {
    const id = target.grantId;
    const own = fromOrganisation ? undefined : await getMyGrant(http, id).catch((error: unknown) => {
      // Not the wallet's own: its organisation's, when it is a member (else the exchange's refusal stands). A grant the
      // wallet has no part in is UNKNOWN_GRANT, as an id that names none (NOT_YOUR_GRANT from exchanges before 2026-12).
      if (error instanceof PatxHttpError && (error.code === 'UNKNOWN_GRANT' || error.code === 'NOT_YOUR_GRANT')) return undefined;
      throw error;
    });
    // A member reads its organisation's grant by id too: the grant's consumer says whose it is.
    if (own === undefined || own.grant.consumer.toLowerCase() !== http.wallet.address.toLowerCase()) fromOrganisation = true;
    const found = own ?? (await organisationGrants().catch(() => [])).find((g) => g.grant.grantId === id);
    if (found === undefined) throw new WalletCommandError('UNKNOWN_GRANT', `no grant ${id} is yours or your organisation's`);
    grants = [found];
  } else {
    const seriesId = (await resolveSeries(gatewayUrl(o), (target as SeriesRef | undefined) ?? o.series!)).seriesId;
    const listed = fromOrganisation ? await organisationGrants() : (await listMyGrants(http, { limit: 200 })).grants;
    grants = listed.filter((g) => g.grant.seriesId === seriesId && leftToUse(g) > 0).reverse(); // oldest first
    if (grants.length === 0) throw new WalletCommandError('NO_GRANT', `no grant of series ${seriesId} with rights left: patx exercise ${seriesId} <qty>${fromOrganisation ? ' --org' : ''} makes one`);
  }
  // A member signs its own request and shows the exchange's statement; the receipt goes as a holder's does.
  const membership = fromOrganisation ? { membership: await org.getOrganisationMembership(http) } : {};
  let wanted = o.qty;
  const lines: string[] = [];
  const done: Downloaded[] = [];
  /** The listings the downloaded records come from (several providers may have sold the contract's rights). */
  const listingIds = new Set<number>();
  // A grant that fails after others were downloaded (its provider down, its gate refusing) must not lose theirs: they
  // are receipted, so they cannot be fetched again. What came is written, then the failure is told.
  let failed: unknown;
  try {
    for (const view of grants) {
      const left = leftToUse(view);
      const none = nothingLeft(view);
      if (none !== undefined) throw new WalletCommandError(none.code, none.message);
      // A usage grant by requests takes one request at a time; by records, --qty records (all left by default).
      const use = view.usage?.unit === 'requests' ? 1 : Math.min(left, wanted ?? left);
      const signed = { grant: view.grant, signature: view.signature };
      const path = o.format === undefined ? undefined : filePath(o.out, o.format, view.grant.grantId, done.length === 0);
      // --no-receipt: the records are checked against the provider's statement, but the exchange is not told they are accepted.
      const report = o.receipt !== false;
      const d =
        o.format === undefined || path === undefined
          ? await downloadWithGrant(http.url, http.wallet, signed, use, { chainId: http.chainId, report, ...membership })
          : await downloadRecordFile(http.url, http.wallet, signed, use, { chainId: http.chainId, format: o.format, path, report, ...membership });
      const g = view.grant;
      if (d.outcome === 'no-listing') throw new WalletCommandError('UNKNOWN_LISTING', `listing ${g.listingId} of grant ${g.grantId} is not published (${d.status}): its delivery endpoint is unknown`);
      if (d.outcome === 'no-signer') throw new WalletCommandError('GRANTS_UNAVAILABLE', `the exchange names no grant signer (${d.status})`);
      if (d.outcome === 'refused') throw new WalletCommandError(d.error, `the provider's gate at ${d.endpoint} refused grant ${g.grantId}: ${d.message}`);
      if (d.outcome === 'unreachable') throw new WalletCommandError('PROVIDER_UNREACHABLE', `the provider's endpoint ${d.endpoint} did not deliver (${d.reason}: ${d.message}); reported to the exchange (${d.report.state}); patx claim ${g.grantId} claims it: refunded unless the provider delivers within the grace`);
      const written = (d as FileDownload).written;
      if (o.format === undefined) for (const r of d.records) lines.push(JSON.stringify(r));
      const receipt = !report ? withheld(view) : d.receipt.state === 'refused' ? `refused: ${d.receipt.error}` : d.receipt.state === 'skipped' ? `skipped: ${d.receipt.reason}` : d.receipt.state;
      const usage = 'usage' in d && d.usage !== undefined ? d.usage : undefined;
      const units = usage === undefined ? {} : { unit: usage.unit, usedUnits: usage.usedUnits, units: usage.units };
      listingIds.add(g.listingId);
      done.push({ grantId: g.grantId, listing: `${g.listingId} v${g.listingVersion}`, rightsUsed: use, records: d.records.length, remaining: d.remaining, ...units, endpoint: d.endpoint, receipt, ...(written === undefined ? {} : { file: written.path, ...(written.statementPath === undefined ? {} : { statement: written.statementPath }) }) });
      if (wanted !== undefined) {
        wanted -= use;
        if (wanted <= 0) break;
      }
    }
  } catch (error) {
    if (done.length === 0) throw error;
    failed = error;
  }
  writeDownloaded(done, lines, listingIds, o, json);
  if (failed !== undefined) throw failed;
  return 0;
}

/** The records (JSON lines to --out or stdout; a --format file is written already) and each grant's summary on stderr. */
function writeDownloaded(done: readonly Downloaded[], lines: readonly string[], listingIds: ReadonlySet<number>, o: DownloadOptions, json: boolean): void {
  if (o.format === undefined) {
    const text = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
    if (o.out !== undefined) writeFileSync(o.out, text);
    else process.stdout.write(text);
  }
  for (const d of done) {
    const into = d.file !== undefined ? ` into ${d.file}${d.statement === undefined ? ' (its signed statement inside)' : ` (its signed statement in ${d.statement})`}` : o.out === undefined ? '' : ` into ${o.out}`;
    const what = d.unit ?? 'right(s)';
    const usage = d.unit === undefined ? '' : ` (usage: ${d.usedUnits} of ${d.units} ${d.unit} used)`;
    process.stderr.write(json ? `${JSON.stringify(d)}\n` : `grant ${d.grantId}: ${d.records} record(s) of listing ${d.listing} for ${d.rightsUsed} ${what} from ${d.endpoint}${into}; ${d.remaining} ${what} left${usage}; receipt ${d.receipt}\n`);
  }
  // A contract's rights may come from several providers' listings, each with its own schema: one stream of lines mixes them.
  if (o.format === undefined && listingIds.size > 1 && !json) {
    process.stderr.write(`note: these records come from ${listingIds.size} listings (${[...listingIds].join(', ')}), each with its own schema, in one stream: --format ndjson writes a file per grant (docs/cli.md)\n`);
  }
}

/** `patx download --check FILE`: the file against its provider's signed statement, offline. */
async function checkFile(path: string, json: boolean): Promise<number> {
  // A file that is not there is the command's mistake, said as `--file` and `--sample` say it (exit 2), not a raw ENOENT.
  try {
    if (!statSync(path).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (error) {
    throw new WalletCommandError('USAGE', `--check ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const { checkRecordFile } = await import('../client/delivery-file.js');
  const c = await checkRecordFile(path);
  if (!c.ok) throw new WalletCommandError('FILE_NOT_VERIFIED', c.problem);
  process.stdout.write(json ? `${JSON.stringify(c)}\n` : `${path}: ${c.records} record(s) of grant ${c.grantId}, as the provider ${c.provider} signed for consumer ${c.consumer}\n`);
  return 0;
}

/** Adds `download` to the program. */
export function addDownloadCommand(program: Command, run: Run, json: () => boolean): void {
  addWalletOptions(
    program
      .command('download')
      .argument('[grant]', "a grant id (patx exercise prints it), or a contract: its current spot series' grants", grantOrSeries)
      .description("receive the records of your access grants at the provider's gate (JSON lines to --out or stdout, or a CSV, NDJSON or Parquet file with --format; a summary on stderr); the receipt is sent to the exchange unless --no-receipt")
      .option('--series <series>', 'every grant of yours in this series with rights left (an id or a contract)', seriesRef)
      .option('--out <file>', 'write the records here (JSON lines, or the --format file) instead of stdout')
      .option('--format <format>', 'a file typed by the listing\'s schema: csv, ndjson or parquet (the provider\'s signed statement in a Parquet file, beside the others as <file>.statement.json)', fileFormat)
      .option('--check <file>', 'check a downloaded file against its provider\'s signed statement (offline), and download nothing')
      .option('--qty <n>', 'rights to use (a usage grant by records: records; default: every one left)', positive)
      .option('--no-receipt', "do not tell the exchange you accept the records (a receipt confirms the delivery and pays the provider; without one you may dispute it until the grant's dispute window ends)")
      .option('--org', "your organisation's grants (a member of any role), with the exchange's membership statement; a grant id that is not yours is looked up there anyway"),
  ).action((target: { grantId: number } | SeriesRef | undefined, o: DownloadOptions) =>
    run(
      (o.check !== undefined ? checkFile(o.check, json()) : download(target, o, json())).catch((error: unknown) => {
        const f = failure(error);
        console.error(json() ? JSON.stringify({ error: f.code, message: f.message }) : `patx: ${f.code}: ${f.message}`);
        return f.code === 'USAGE' ? 2 : 1;
      }),
    ),
  );
}
