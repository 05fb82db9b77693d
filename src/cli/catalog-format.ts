/**
 * The catalog's output for people (`patx catalog`, `patx listing`): the listings one can buy as a
 * table, one listing in full (its schema, sample rows, licence, delivery endpoint, trust, and the
 * spot contracts of its segment trading now with their best bid and ask). Pure: the API's values
 * in, text out; `--json` prints those values instead (src/cli/catalog.ts).
 */
import { table } from '../operator/cli-format.js';
import type { Disclosures, ListingDetail, ListingPage, PerformanceReport, QualitySummary } from '../client/catalog.js';
import type { SeriesWithBook } from '../client/market.js';
import type { ListingTerms } from '../catalog/terms.js';
import { pat, utc } from './trading-format.js';

/** A score in [0, 1] with 4 decimals, or '-' with no evidence. */
export const score = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : x.toFixed(4));

/** The mean of a sample's measured quality metrics (the trust score's quality component, src/catalog/trust.ts's qualityComponent). */
export function qualityOf(q: QualitySummary): number {
  const parts = [q.completeness, q.validity, q.uniqueness, q.consistency];
  if (q.timeliness !== null) parts.push(q.timeliness);
  if (q.accuracy !== null) parts.push(q.accuracy);
  return parts.reduce((a, b) => a + b, 0) / parts.length;
}

/** A page of the catalog, each listing with the spot contracts of its segment trading now. */
export interface CatalogView {
  total: number;
  listings: (ListingPage['listings'][number] & { contracts: string[] })[];
}

export function catalogText(page: CatalogView, offset: number): string {
  if (page.listings.length === 0) return page.total === 0 ? 'no published listing matches (patx catalog with no query lists them all)' : `no listing at offset ${offset} (${page.total} match)`;
  const rows = page.listings.map((l) => ({
    ID: l.id,
    SEGMENT: l.segment,
    TITLE: l.title,
    KIND: l.kind,
    PROVIDER: `${l.providerAccountId}${l.verifiedProvider ? ' ✓' : ''}`,
    TRUST: score(l.trust),
    QUALITY: score(qualityOf(l.quality)),
    CONTRACTS: l.contracts.length === 0 ? '(none trading)' : l.contracts.join(' '),
    STATUS: l.status,
  }));
  const shown = page.listings.length;
  const more = offset + shown < page.total ? `; patx catalog --offset ${offset + shown} for more` : '';
  const first = page.listings[0]!;
  return [table(rows), `${shown} of ${page.total} listing(s)${more}; ✓: the operator verified the provider`, `next: patx listing ${first.id}`].join('\n');
}

/** A spot contract of the listing's segment trading now: its current series and the top of its book. */
export interface ContractQuote {
  seriesId: number;
  contract: string;
  closeAtMs: number;
  bidMicros: number | null;
  askMicros: number | null;
  lastTradeMicros: number;
}

export function quoteOf(s: SeriesWithBook): ContractQuote {
  return { seriesId: s.seriesId, contract: s.contract, closeAtMs: s.closeAtMs, bidMicros: s.book.bids[0]?.priceMicros ?? null, askMicros: s.book.asks[0]?.priceMicros ?? null, lastTradeMicros: s.lastTradeMicros };
}

/** One listing as `patx listing` prints it with --json: the API's three answers, and the contracts trading now. */
export interface ListingView {
  listing: ListingDetail;
  /** The API's disclosures, with the live version's licence terms (absent: one-time only). */
  disclosures: Disclosures & { terms?: ListingTerms };
  /** A model feed's live performance (null for a dataset). */
  performance: PerformanceReport | null;
  contracts: ContractQuote[];
}

function licenceText(d: Disclosures): string {
  const l = d.licence;
  return `permitted uses: ${l.permittedUses.join(', ')}; kept at most ${l.retentionDays} days; ${l.redistribution ? 'may be redistributed' : 'no redistribution'}`;
}

function seatsText(s: ListingDetail['seats']): string {
  const offered = s.offered ?? s.segmentOffered;
  return offered === null ? `no limit, ${s.taken} taken` : `${s.taken} of ${offered} taken`;
}

/** The listing in full; `rows`: how many of the sample's first rows to show; `terms`: its licence terms in words (src/catalog/terms.ts's termsText). */
export function listingText(v: ListingView, rows: number, terms: string): string {
  const l = v.listing;
  const s = l.score;
  const lines = [
    `listing ${l.id}  ${l.segment}  ${l.title}`,
    `${l.kind}, version ${l.version}, ${l.cadence}, ${l.status}; provider account ${l.providerAccountId}${l.verifiedProvider ? ' (verified by the operator)' : ' (not verified)'}`,
    `trust ${score(s.trust)}: quality ${score(s.quality)}, rating ${score(s.rating)} (${s.ratings} rating${s.ratings === 1 ? '' : 's'}), reliability ${score(s.reliability)}, disclosure ${score(s.disclosure)}${s.performance === undefined ? '' : `, performance ${score(s.performance)}`}`,
    '',
    l.description,
    '',
    `licence: ${licenceText(v.disclosures)}`,
    `terms: ${terms}${l.kind === 'model-feed' ? '' : ` (patx tiers ${l.id} for its tiers)`}`,
    `delivery endpoint: ${v.disclosures.deliveryEndpoint}`,
    `seats: ${seatsText(l.seats)}`,
  ];
  if (v.performance !== null) {
    const p = v.performance;
    lines.push(`performance: ${p.outcomes} outcome(s) of ${p.signals} signal(s), score ${score(p.performanceScore)}, stability ${score(p.stability)}, drift ${p.drift.status}`);
  }
  const keys = l.schema.keyColumns === undefined || l.schema.keyColumns.length === 0 ? '' : `, key ${l.schema.keyColumns.join(' + ')}`;
  const time = l.schema.timestampColumn === undefined ? '' : `, time in ${l.schema.timestampColumn}`;
  lines.push('', `schema (${l.schema.columns.length} column${l.schema.columns.length === 1 ? '' : 's'}${time}${keys}):`);
  lines.push(table(l.schema.columns.map((c) => ({ COLUMN: c.name, TYPE: c.type, UNIT: c.unit ?? '', NULLABLE: c.nullable === false ? 'no' : 'yes', DESCRIPTION: c.description ?? '' }))));
  const q = l.quality;
  const sample = `sample: ${l.sample.format}, ${l.sample.bytes} bytes, ${q.rows} rows; completeness ${score(q.completeness)}, validity ${score(q.validity)}, uniqueness ${score(q.uniqueness)}, timeliness ${score(q.timeliness)}, consistency ${score(q.consistency)}, accuracy ${score(q.accuracy)}`;
  lines.push('', sample);
  const preview = l.preview?.rows ?? [];
  if (rows > 0 && preview.length > 0) {
    lines.push(`its first ${Math.min(rows, preview.length)} row(s):`, table(preview.slice(0, rows).map((r) => Object.fromEntries(Object.entries(r).map(([k, x]) => [k, x ?? 'null'])))));
  }
  lines.push('');
  if (v.contracts.length === 0) {
    lines.push(`no spot contract of ${l.segment} is trading now`);
    return lines.join('\n');
  }
  lines.push(`spot contracts of ${l.segment} trading now:`);
  lines.push(
    table(
      v.contracts.map((c) => ({
        SERIES: c.seriesId,
        CONTRACT: c.contract,
        'WINDOW CLOSES': utc(c.closeAtMs),
        'BID PAT': c.bidMicros === null ? '-' : pat(c.bidMicros),
        'ASK PAT': c.askMicros === null ? '-' : pat(c.askMicros),
        'LAST PAT': c.lastTradeMicros > 0 ? pat(c.lastTradeMicros) : '-',
      })),
    ),
  );
  const buy = v.contracts.find((c) => c.askMicros !== null) ?? v.contracts[0]!;
  lines.push(`next: patx buy '${buy.contract}' 1 (a right at the broker's ask, with your wallet: --dev-key N or --key-file FILE); patx book '${buy.contract}' shows its book`);
  return lines.join('\n');
}
