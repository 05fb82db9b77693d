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
 */
import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import type { GrantView } from '../client/grants.js';
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

interface DownloadOptions extends WalletOptions {
  out?: string;
  qty?: number;
  series?: SeriesRef;
}

/** One grant's download, as the summary says it. */
interface Downloaded {
  grantId: number;
  listing: string;
  rightsUsed: number;
  records: number;
  remaining: number;
  endpoint: string;
  receipt: string;
}

async function download(target: { grantId: number } | SeriesRef | undefined, o: DownloadOptions, json: boolean): Promise<number> {
  if ((target === undefined) === (o.series === undefined)) throw new WalletCommandError('USAGE', 'name a grant id, or a series: patx download 7, or patx download --series 3');
  const [{ listMyGrants, getMyGrant }, { downloadWithGrant }, http] = await Promise.all([import('../client/grants.js'), import('../client/delivery.js'), connectWallet(o)]);
  let grants: GrantView[];
  if (target !== undefined && 'grantId' in target) {
    grants = [await getMyGrant(http, target.grantId)];
  } else {
    const seriesId = (await resolveSeries(gatewayUrl(o), (target as SeriesRef | undefined) ?? o.series!)).seriesId;
    grants = (await listMyGrants(http, { limit: 200 })).grants.filter((g) => g.grant.seriesId === seriesId && g.grant.quantity - g.delivered > 0).reverse(); // oldest first
    if (grants.length === 0) throw new WalletCommandError('NO_GRANT', `no grant of series ${seriesId} with rights left: patx exercise ${seriesId} <qty> makes one`);
  }
  let wanted = o.qty;
  const lines: string[] = [];
  const done: Downloaded[] = [];
  for (const view of grants) {
    const left = view.grant.quantity - view.delivered;
    if (left <= 0) throw new WalletCommandError('GRANT_USED', `grant ${view.grant.grantId}'s ${view.grant.quantity} right(s) are all used: exercise more rights for another grant`);
    const use = Math.min(left, wanted ?? left);
    const d = await downloadWithGrant(http.url, http.wallet, { grant: view.grant, signature: view.signature }, use, { chainId: http.chainId });
    const g = view.grant;
    if (d.outcome === 'no-listing') throw new WalletCommandError('UNKNOWN_LISTING', `listing ${g.listingId} of grant ${g.grantId} is not published (${d.status}): its delivery endpoint is unknown`);
    if (d.outcome === 'no-signer') throw new WalletCommandError('GRANTS_UNAVAILABLE', `the exchange names no grant signer (${d.status})`);
    if (d.outcome === 'refused') throw new WalletCommandError(d.error, `the provider's gate at ${d.endpoint} refused grant ${g.grantId}: ${d.message}`);
    if (d.outcome === 'unreachable') throw new WalletCommandError('PROVIDER_UNREACHABLE', `the provider's endpoint ${d.endpoint} did not deliver (${d.reason}: ${d.message}); reported to the exchange (${d.report.state}), which refunds an undelivered grant after a claim`);
    for (const r of d.records) lines.push(JSON.stringify(r));
    done.push({ grantId: g.grantId, listing: `${g.listingId} v${g.listingVersion}`, rightsUsed: use, records: d.records.length, remaining: d.remaining, endpoint: d.endpoint, receipt: d.receipt.state === 'refused' ? `refused: ${d.receipt.error}` : d.receipt.state });
    if (wanted !== undefined) {
      wanted -= use;
      if (wanted <= 0) break;
    }
  }
  const text = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  if (o.out !== undefined) writeFileSync(o.out, text);
  else process.stdout.write(text);
  for (const d of done) {
    process.stderr.write(
      json
        ? `${JSON.stringify(d)}\n`
        : `grant ${d.grantId}: ${d.records} record(s) of listing ${d.listing} for ${d.rightsUsed} right(s) from ${d.endpoint}${o.out === undefined ? '' : ` into ${o.out}`}; ${d.remaining} right(s) left; receipt ${d.receipt}\n`,
    );
  }
  return 0;
}

/** Adds `download` to the program. */
export function addDownloadCommand(program: Command, run: Run, json: () => boolean): void {
  addWalletOptions(
    program
      .command('download')
      .argument('[grant]', "a grant id (patx exercise prints it), or a contract: its current spot series' grants", grantOrSeries)
      .description("receive the records of your access grants at the provider's gate (JSON lines to --out or stdout; a summary on stderr); the receipt is sent to the exchange")
      .option('--series <series>', 'every grant of yours in this series with rights left (an id or a contract)', seriesRef)
      .option('--out <file>', 'write the records here (JSON lines) instead of stdout')
      .option('--qty <n>', 'rights to use (default: every right left)', positive),
  ).action((target: { grantId: number } | SeriesRef | undefined, o: DownloadOptions) =>
    run(
      download(target, o, json()).catch((error: unknown) => {
        const f = failure(error);
        console.error(json() ? JSON.stringify({ error: f.code, message: f.message }) : `patx: ${f.code}: ${f.message}`);
        return f.code === 'USAGE' ? 2 : 1;
      }),
    ),
  );
}
