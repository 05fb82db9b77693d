/**
 * `patx provider serve --records FILE`: a data provider's own records at the delivery endpoint its
 * listings name, through the reference provider server (src/provider-server/: the gate, its metering
 * in LMDB, the signed delivery statements, the delivery reports and the exchange's revocations).
 * Serve only: it never mints, declares capacity or sells (`patx provider capacity|mint`, `patx sell`
 * do), so a gate that stopped comes back with this alone. docs/providers.md, "Serving your data".
 *
 *   patx provider serve --records rows.csv --port 8492 --score-field score --key-file provider.key
 *
 * The records: FILE is JSON Lines (`.jsonl`, `.ndjson`: an object a line) or CSV with a header row
 * (`.csv`, csv-parse), at most MAX_RECORDS_FILE_BYTES and MAX_RECORDS_ROWS rows, read once at start and
 * held in memory. A right's records are the file's rows from the position the server gives it (a
 * grant's own start, then on through the rights it used before), wrapping round to the first row at
 * the end: a grant that asks for more rows than the file has gets rows again. With --score-field, a
 * numeric column of scores from 0 to 1: a right is served only rows whose score lies in the band of
 * the contract it was bought in (`AUTO_INTENT|7D|0.70-0.85`: 0.70 up to, not including, 0.85; 1.00
 * included in a band ending at 1.00), its position counted among those rows; a band no row falls in is
 * answered NOT_READY (425, nothing counted, nothing reported), as a window with no records yet is.
 *
 * Its listings: every listing of the wallet's that is published, or that it unpublished (a grant issued
 * while it was published is still owed), read wallet-signed (GET /v1/provider/listings, then each one's
 * versions) at start, every LISTINGS_REFRESH_MS, and at once when a grant names a listing it does not
 * serve by what it read (not known yet, a newer version, published since): such a request is answered
 * NOT_READY meanwhile (nothing counted or reported; the consumer asks again), and LISTING_NOT_SERVED only
 * once a read begun after it still does not serve the listing. Each version's terms (usage grants) and the current version's schema (files: `?format=csv`)
 * come from there; CSV cells of a column the schema types as a number are served as numbers.
 * Bands: each series' contract, GET /v1/series at start and GET /v1/series/{id} for one not seen yet.
 *
 * Only commander and wallet-options load with `patx`; the server, csv-parse and the client load when
 * the command runs.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { acting } from './command-output.js';
import { cliPlaces } from './places.js';
import { addWalletOptions, connectWallet, WalletCommandError, type WalletOptions } from './wallet-options.js';
import { PUSH_PERIOD_MS, type ConfidenceBand } from '../provider-server/options.js';
import { LISTINGS_REFRESH_MS, ServedListings, type KnownListing } from '../provider-server/served-listings.js';
import { PENDING_BAND, SeriesBands } from '../provider-server/series-bands.js';
import type { Cadence } from '../catalog/listing.js';
import type { ProviderServer } from '../provider-server/server.js';
import type { GrantDomain } from '../grants/grant.js';

type Act = ReturnType<typeof acting>;

/** The largest records file it loads: the whole file is held in memory (its rows about 2–3× its size). */
export const MAX_RECORDS_FILE_BYTES = 200 * 1024 * 1024;
/** The most rows it loads. */
export const MAX_RECORDS_ROWS = 5_000_000;
/** Where it serves when --port is not given (examples/provider-bot.ts's default too). */
export const DEFAULT_PROVIDER_PORT = 8492;
/** A row without a score in 0..1 (or any row, without --score-field). */
const NO_SCORE = -1;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

type Row = Record<string, string | number>;

/** The records file as loaded: its rows, and each one's score in bps when --score-field names a column. */
export interface RecordFile {
  path: string;
  format: 'csv' | 'jsonl';
  rows: number;
  /** Row `i` (0-based) as the file has it: a JSON Lines object, or a CSV row by its header's names (cells as text). */
  row(i: number): Row;
  /** Each row's score in bps (0–10,000), NO_SCORE for a row without one in 0..1; only with a score field. */
  scores?: Int16Array;
  /** Rows with a score in 0..1. */
  scored: number;
}

const usage = (message: string): WalletCommandError => new WalletCommandError('USAGE', message);

/** A cell or value as a score in bps: a number (or numeric text) from 0 to 1; NO_SCORE otherwise. */
function scoreBps(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && NUMBER_TEXT.test(v.trim()) ? Number(v.trim()) : Number.NaN;
  return Number.isFinite(n) && n >= 0 && n <= 1 ? Math.round(n * 10_000) : NO_SCORE;
}

/**
 * Reads FILE (JSON Lines or CSV by its extension), checked: not too big, parsable, at least one row,
 * and, with `scoreField`, at least one row scored from 0 to 1 in it. Throws USAGE naming the problem.
 */
export async function loadRecordFile(path: string, scoreField?: string): Promise<RecordFile> {
  const ext = extname(path).toLowerCase();
  const format = ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : undefined;
  if (format === undefined) throw usage(`--records ${path}: a .csv (with a header row), .jsonl or .ndjson file`);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw usage(`--records ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (size > MAX_RECORDS_FILE_BYTES) throw usage(`--records ${path}: ${size} bytes; it is held in memory whole, so at most ${MAX_RECORDS_FILE_BYTES} (split the data across listings and gates)`);
  const bytes = readFileSync(path);
  const file = format === 'csv' ? await csvFile(path, bytes) : jsonLinesFile(path, bytes);
  if (file.rows === 0) throw usage(`--records ${path} has no rows: nothing to serve`);
  if (file.rows > MAX_RECORDS_ROWS) throw usage(`--records ${path}: ${file.rows} rows; at most ${MAX_RECORDS_ROWS}`);
  if (scoreField === undefined) return { path, format, rows: file.rows, row: file.row, scored: 0 };
  const scores = new Int16Array(file.rows);
  let scored = 0;
  let present = 0;
  let aboveOne = 0;
  for (let i = 0; i < file.rows; i++) {
    const v = file.value(i, scoreField);
    if (v !== undefined && v !== null && v !== '') present++;
    const s = scoreBps(v);
    scores[i] = s;
    if (s !== NO_SCORE) scored++;
    else if (typeof v === 'number' ? v > 1 : typeof v === 'string' && Number(v) > 1) aboveOne++;
  }
  if (present === 0) throw usage(`--score-field ${scoreField}: no row of ${path} has that column`);
  if (scored === 0) {
    const hint = aboveOne > 0 ? ' (scores are read as fractions, 0.85, not basis points or percent)' : '';
    throw usage(`--score-field ${scoreField}: no row of ${path} has a number from 0 to 1 there${hint}`);
  }
  return { path, format, rows: file.rows, row: file.row, scores, scored };
}

interface ParsedFile {
  rows: number;
  row(i: number): Row;
  value(i: number, field: string): unknown;
}

/** CSV with a header row (csv-parse, as the catalog reads samples): the rows' cells as text. */
async function csvFile(path: string, bytes: Buffer): Promise<ParsedFile> {
  const { parse } = await import('csv-parse/sync');
  let records: string[][];
  try {
    records = parse(bytes, { bom: true, skip_empty_lines: true, relax_column_count: false, max_record_size: 1_000_000 }) as string[][];
  } catch (error) {
    throw usage(`--records ${path} is not CSV: ${(error as Error).message}`);
  }
  const header = records[0];
  if (header === undefined) throw usage(`--records ${path} is empty: nothing to serve`);
  if (header.some((h) => h.trim() === '') || new Set(header).size !== header.length) throw usage(`--records ${path}: its first row is the header, column names each once and none empty`);
  const column = new Map(header.map((h, c) => [h, c]));
  return {
    rows: records.length - 1,
    row: (i) => {
      const cells = records[i + 1]!;
      const out: Row = {};
      for (let c = 0; c < header.length; c++) out[header[c]!] = cells[c]!;
      return out;
    },
    value: (i, field) => {
      const c = column.get(field);
      return c === undefined ? undefined : records[i + 1]![c];
    },
  };
}

/** JSON Lines: each line that is not blank an object. Kept as the lines' text (parsed again when served: less memory than the objects). */
function jsonLinesFile(path: string, bytes: Buffer): ParsedFile {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines: string[] = [];
  const parsed: Array<Record<string, unknown> | undefined> = [];
  let n = 0;
  for (const raw of text.split('\n')) {
    n++;
    const line = raw.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw usage(`--records ${path}: line ${n} is not JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usage(`--records ${path}: line ${n} is not a JSON object`);
    lines.push(line);
    parsed.push(value as Record<string, unknown>);
    if (lines.length > MAX_RECORDS_ROWS) throw usage(`--records ${path}: more than ${MAX_RECORDS_ROWS} rows`);
  }
  return {
    rows: lines.length,
    row: lineReader(lines),
    // Only while loading (the scores): the objects are let go after.
    value: (i, field) => parsed[i]?.[field],
  };
}

/** Row `i` parsed from its line again. Made here, not beside `value`: closures made in one scope share what they hold, and this one must not keep the parsed objects. */
function lineReader(lines: readonly string[]): (i: number) => Row {
  return (i) => JSON.parse(lines[i]!) as Row;
}

/** A band key's rows (indices into the file), and the bands asked for so far (bounded: bands are few). */
export class BandRows {
  private readonly cache = new Map<string, Int32Array>();
  constructor(private readonly scores: Int16Array) {}

  of(band: ConfidenceBand): Int32Array {
    const key = `${band.loBps}-${band.hiBps}`;
    let rows = this.cache.get(key);
    if (rows === undefined) {
      const picked: number[] = [];
      for (let i = 0; i < this.scores.length; i++) {
        const s = this.scores[i]!;
        if (s !== NO_SCORE && s >= band.loBps && (s < band.hiBps || (s === 10_000 && band.hiBps === 10_000))) picked.push(i);
      }
      rows = Int32Array.from(picked);
      if (this.cache.size >= 256) this.cache.clear();
      this.cache.set(key, rows);
    }
    return rows;
  }
}

/**
 * `count` rows from position `first` (wrapping round), among the rows in `band` when the file has
 * scores; undefined when no row falls in the band (or the band is not known yet): the gate answers
 * NOT_READY and counts nothing.
 */
export function pickRows(file: RecordFile, bands: BandRows | undefined, first: number, count: number, band: ConfidenceBand | undefined): Row[] | undefined {
  if (band === PENDING_BAND) return undefined;
  const inBand = bands !== undefined && band !== undefined ? bands.of(band) : undefined;
  const n = inBand?.length ?? file.rows;
  if (n === 0) return undefined;
  const out: Row[] = [];
  for (let k = 0; k < count; k++) {
    const at = (first + k) % n;
    out.push(file.row(inBand === undefined ? at : inBand[at]!));
  }
  return out;
}

interface ServeOptions extends WalletOptions {
  records: string;
  port: number;
  host: string;
  publicUrl?: string;
  scoreField?: string;
  dataDir?: string;
}

const portNumber = (text: string): number => {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65_535) throw new InvalidArgumentError('expected a TCP port, 1–65535');
  return Number(text);
};

export function addProviderServeCommand(program: Command, act: Act): void {
  const provider = program.commands.find((c) => c.name() === 'provider');
  if (provider === undefined) throw new Error('addProviderServeCommand: the provider command is added first (addProviderCommands)');
  addWalletOptions(
    provider
      .command('serve')
      .description("serve your records (a JSON Lines or CSV file) at your listings' delivery endpoint until Ctrl-C: the gate only, it never mints or sells (docs/providers.md, \"Serving your data\")")
      .requiredOption('--records <file>', 'the records: .jsonl/.ndjson (an object a line) or .csv (a header row); loaded in memory, at most 200 MB')
      .addOption(new Option('--port <n>', 'the port it listens on').argParser(portNumber).default(DEFAULT_PROVIDER_PORT))
      .option('--host <host>', 'the address it listens on (plaintext off loopback only with PATX_ALLOW_PLAINTEXT=1 behind a TLS proxy, or TLS from PATX_TLS_CERT and PATX_TLS_KEY)', '127.0.0.1')
      .option('--public-url <url>', 'its base URL as consumers reach it (a proxy, a name): the endpoint is <url>/records (default http://<host>:<port>)')
      .option('--score-field <name>', "a column of scores from 0 to 1: a right gets only rows in its contract's band (0.70-0.85)")
      .option('--data-dir <dir>', "the gate's state (metering, delivery reports waiting for the exchange): keep it across restarts (default <data>/provider-gate-<address>)"),
  ).action((o: ServeOptions, cmd: Command) => act(() => serve(o, cmd.optsWithGlobals<{ json?: boolean }>().json === true)));
}

/** Refusals of the exchange's calls as the command's one line (the provider has no account, a consumer's wallet). */
function providerRefusal(error: unknown, address: string): unknown {
  const e = error as { name?: unknown; code?: unknown; detail?: unknown };
  if (e.name === 'PatxHttpError' && e.code === 'UNKNOWN_ACCOUNT') return new WalletCommandError('NO_ACCOUNT', `${address} has no account at this exchange: a data provider opens one (patx provider open), lists its data and sells before it serves`);
  return error;
}

async function serve(o: ServeOptions, json: boolean): Promise<{ value: unknown; text: () => string }> {
  if (o.publicUrl !== undefined) {
    if (!/^https?:\/\/[^/]+/.test(o.publicUrl)) throw usage(`--public-url ${o.publicUrl}: an http(s) URL`);
    if (/\/records\/*$/.test(o.publicUrl)) throw usage(`--public-url ${o.publicUrl}: the base URL; the endpoint is that URL's /records (leave /records off)`);
  }
  // TLS as the service takes it (docs/security.md, "TLS"): both PEM files, or neither.
  const certFile = process.env.PATX_TLS_CERT?.trim() || undefined;
  const keyFile = process.env.PATX_TLS_KEY?.trim() || undefined;
  if ((certFile === undefined) !== (keyFile === undefined)) throw usage('set both PATX_TLS_CERT and PATX_TLS_KEY (PEM files), or neither');
  const security = { tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined, allowPlaintext: process.env.PATX_ALLOW_PLAINTEXT === '1' };
  const file = await loadRecordFile(o.records, o.scoreField);
  const [{ startProviderServer }, calls, { GateError }, { gateEndpoint }, { parseContractKey }, { pino }, { grantUseAtStart }] = await Promise.all([
    import('../provider-server/server.js'),
    import('../client/provider.js'),
    import('../gate/index.js'),
    import('../grants/gate-request.js'),
    import('../engine/core/contract-key.js'),
    import('pino'),
    import('./grant-use.js'),
  ]);
  const http = await connectWallet(o);
  const address = http.wallet.address;
  const signerAnswer = await fetch(`${http.url}/v1/grants/signer`).catch((error: unknown) => {
    throw new WalletCommandError('UNREACHABLE', `no PATX gateway at ${http.url} (${(error as Error).message})`);
  });
  if (signerAnswer.status !== 200) throw new WalletCommandError('NO_GRANTS', `the exchange issues no access grants (GET /v1/grants/signer: ${signerAnswer.status}): there is nothing to serve until it does`);
  const { domain, signer } = (await signerAnswer.json()) as { domain: GrantDomain; signer: string };

  // The provider's listings, read now and again: what it serves, under which terms and schema.
  const warn = (line: string): void => void process.stderr.write(`patx: warning: ${line}\n`);
  const listings = new ServedListings({ http, listOwnListings: calls.listOwnListings, getOwnListing: calls.getOwnListing, gateEndpoint, notReady: (message) => new GateError('NOT_READY', message), warn });
  try {
    await listings.first();
  } catch (error) {
    throw providerRefusal(error, address);
  }
  // Each series' band (its contract), for --score-field.
  const bands = file.scores === undefined ? undefined : new SeriesBands(http.url, (contract) => {
    const k = parseContractKey(contract);
    return { loBps: k.confidenceLoBps, hiBps: k.confidenceHiBps };
  }, warn);
  await bands?.readAll();
  const bandRows = file.scores === undefined ? undefined : new BandRows(file.scores);
  const dir = o.dataDir ?? join(cliPlaces().dataDir, `provider-gate-${address.toLowerCase()}`);
  // The gate's files are its owner's alone (directories 700, files 600), as the exchange keeps its own.
  try {
    process.umask(0o077);
  } catch {
    // a worker thread cannot set it: the directory's own mode stands
  }
  let server: ProviderServer;
  try {
    server = await startProviderServer({
      providerKey: http.wallet.privateKey,
      domain,
      exchangeSigner: signer,
      // Any version of a listing of its own it serves; one not known yet is read first (NOT_READY meanwhile).
      // A grant is issued under a published listing: one this gate does not serve by what it read (not known, an older
      // version, not published then) is read again before it is refused (NOT_READY meanwhile).
      serves: (listingId, version) => listings.serves(listingId, version),
      // The "segment" the server hands back to records(): the listing's id, so its rows are typed by that listing's schema.
      segmentOf: (listingId) => (listings.listingOf(listingId) === undefined ? undefined : String(listingId)),
      records: (segment, first, count, _atMs, band) => {
        const rows = pickRows(file, bandRows, first, count, band);
        const numeric = listings.listingOf(Number(segment))?.numeric;
        if (rows === undefined || file.format !== 'csv' || numeric === undefined || numeric.size === 0) return rows;
        return rows.map((r) => {
          for (const c of numeric) {
            const v = r[c];
            if (typeof v === 'string' && NUMBER_TEXT.test(v.trim())) r[c] = Number(v.trim());
          }
          return r;
        });
      },
      ...(bands === undefined ? {} : { bandOf: (seriesId: number) => bands.bandOf(seriesId) }),
      // A file's columns: the listing's current schema, as GET /v1/listings/{id} shows it to the consumer reading the file.
      schemaOf: (listingId) => listings.listingOf(listingId)?.versions.at(-1)?.schema,
      // The usage a version sells (its terms, fixed per version): a grant under it is metered in records or requests.
      usageOf: (listingId, version) => listings.listingOf(listingId)?.versions[version - 1]?.terms?.usage,
      dir,
      host: o.host,
      port: o.port,
      ...(o.publicUrl === undefined ? {} : { publicUrl: o.publicUrl }),
      security,
      exchangeUrl: http.url,
      // The gate starts from the exchange's counts: a new store (another directory) does not serve again what consumers took.
      usedAtStart: () => grantUseAtStart(http, calls.listOwedGrants, Date.now()),
      // Pushes at the listing version's cadence; webhooks to global addresses only.
      push: { periodMs: (grant) => PUSH_PERIOD_MS[(listings.listingOf(grant.listingId)?.versions[grant.listingVersion - 1]?.cadence ?? 'hourly') as Cadence] ?? PUSH_PERIOD_MS.hourly },
      log: pino({ level: 'warn', base: { service: 'patx-provider-serve' } }, pino.destination({ dest: 2, sync: true })),
    });
  } catch (error) {
    throw bindRefusal(error, o);
  }
  const endpoint = server.endpoint;
  const here = listings.servingAt(endpoint);
  if (here.length === 0) warn(`no listing of yours names ${endpoint} as its delivery endpoint yet: consumers are sent to the endpoint their listing names (patx provider listings; a listing's deliveryEndpoint)`);
  const refresh = setInterval(() => void listings.readNow(), LISTINGS_REFRESH_MS);
  refresh.unref();

  const started = {
    serving: endpoint,
    provider: address,
    records: { file: file.path, format: file.format, rows: file.rows, ...(o.scoreField === undefined ? {} : { scoreField: o.scoreField, scoredRows: file.scored }) },
    listings: here.map(([id, l]) => ({ id, segment: l.segment, version: l.versions.length, status: l.status })),
    dataDir: dir,
    mints: false,
  };
  const interrupted = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  console.log(json ? JSON.stringify(started) : startedText(file, o.scoreField, endpoint, address, here, dir));
  const signal = await interrupted;
  clearInterval(refresh);
  const queued = server.reports.queued;
  await server.close();
  await listings.pending;
  const value = { stopped: true, signal, serving: endpoint, reportsQueued: queued, dataDir: dir };
  return { value, text: () => `stopped serving at ${endpoint}${queued === 0 ? '' : `; ${queued} delivery report(s) wait in ${dir} and go to the exchange at the next start`}` };
}

/** The server could not bind or start: its refusal as the command's one line. */
function bindRefusal(error: unknown, o: ServeOptions): unknown {
  const e = error as { code?: unknown; message?: string };
  if (e.code === 'EADDRINUSE') return new WalletCommandError('PORT_TAKEN', `port ${o.port} on ${o.host} is taken: stop what uses it, or serve on the port your listing names (--port)`);
  if (e.code === 'EACCES') return new WalletCommandError('PORT_REFUSED', `port ${o.port} on ${o.host} may not be bound by this user: pick a port above 1023 (--port)`);
  if (typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code) && e.message !== undefined) return new WalletCommandError(e.code, e.message.replace(`${e.code}: `, ''));
  return error;
}

/** What it prints once it serves (text; --json prints the object). */
function startedText(file: RecordFile, scoreField: string | undefined, endpoint: string, address: string, here: ReadonlyArray<[number, KnownListing]>, dir: string): string {
  const scores = scoreField === undefined ? "every right gets the file's rows, whatever its contract's band" : `scores from column '${scoreField}' (0 to 1; ${file.scored} of ${file.rows} rows have one): a right gets only rows in its contract's band`;
  return [
    `serving at ${endpoint} for ${address}`,
    `records: ${file.rows} row(s) of ${file.path} (${file.format === 'csv' ? 'CSV' : 'JSON Lines'}), held in memory; rows repeat when a grant asks for more than there are; ${scores}`,
    `listings naming this endpoint: ${here.length === 0 ? 'none yet' : here.map(([id, l]) => `${id} (${l.segment}, version ${l.versions.length}, ${l.status})`).join(', ')}`,
    `it only serves rights already sold: it never mints, declares capacity or sells`,
    `gate state (metering, delivery reports waiting for the exchange): ${dir}`,
    'Ctrl-C stops it',
  ].join('\n');
}
