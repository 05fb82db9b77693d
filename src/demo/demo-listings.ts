/**
 * The demo's listings (`npm start`): the demo provider (dev wallet 5) lists the
 * data behind each demo segment, with a generated sample (CSV, fresh timestamps),
 * and the operator approves them, so /v1/listings and /v1/scores show measured
 * quality and trust from the first minute and the broker's pricing reads the
 * segments' trust. Only on a data directory whose catalog is empty: a restart
 * changes nothing.
 */
import { Wallet } from 'ethers';
import { CommandKind, EventType, Role, SYSTEM_ACTOR, type Engine, type Sequencer } from '../engine/index.js';
import type { Catalog } from '../catalog/index.js';
import { HARDHAT_KEYS } from '../settlement/index.js';
import type { Logger } from '../runtime/log.js';
import type { ConfidenceBand } from '../provider-server/options.js';

/** The demo provider's key (dev wallet 5, public knowledge): it lists, mints, and runs the reference provider server. */
export const DEMO_PROVIDER_KEY = HARDHAT_KEYS[5]!;
const PROVIDER_ADDRESS = new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase();
const ROWS = 200;

interface DemoSegment {
  segment: string;
  title: string;
  description: string;
  columns: { name: string; type: 'string' | 'integer' | 'number' | 'boolean' | 'timestamp'; description: string; unit?: string }[];
  /** Record `i` stamped at or before `nowMs`, its score (the last column) within `band`. */
  row: (i: number, nowMs: number, band: ConfidenceBand) => (string | number)[];
  /** The band its scores fall in when nothing names one (the listing's sample, a request outside any contract). */
  natural: ConfidenceBand;
}

/** A score drawn from `u` in [0, 1) within `band`, to 4 decimals: what a contract of that band delivers. */
function scoreIn(u: number, band: ConfidenceBand): number {
  return (band.loBps + Math.floor((band.hiBps - band.loBps) * u)) / 10_000;
}

/** A small deterministic generator, so every fresh start lists the same samples (up to their timestamps). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

const MAKES = ['toyota', 'vw', 'ford', 'tesla', 'bmw', 'kia'];
const CITIES = ['lisbon', 'tokyo', 'new-york', 'cape-town', 'oslo', 'lima'];
const REGIONS = ['north', 'south', 'east', 'west'];

const SEGMENTS: DemoSegment[] = [
  {
    segment: 'AUTO_INTENT',
    title: 'Car-purchase intent signals (EU, hashed)',
    description: 'Households showing in-market signals for a car purchase within 90 days: configurator sessions, dealer-locator searches and finance-calculator use, scored 0-1. Identifiers are salted hashes; no raw personal data leaves the provider.',
    columns: [
      { name: 'event_time', type: 'timestamp', description: 'when the signal was observed (UTC)' },
      { name: 'household_hash', type: 'string', description: 'salted SHA-256 of the household id' },
      { name: 'make', type: 'string', description: 'brand the household researched' },
      { name: 'region', type: 'string', description: 'coarse region' },
      { name: 'intent_score', type: 'number', description: 'probability of purchase within 90 days', unit: 'probability' },
    ],
    row: (i, now, band) => {
      const r = lcg(i + 1);
      return [new Date(now - Math.floor(r() * 6 * 3_600_000)).toISOString(), `h${(i * 2654435761 >>> 0).toString(16)}`, MAKES[Math.floor(r() * MAKES.length)]!, REGIONS[Math.floor(r() * REGIONS.length)]!, scoreIn(r(), band)];
    },
    natural: { loBps: 7_000, hiBps: 10_000 },
  },
  {
    segment: 'TRAVEL_INTENT',
    title: 'Long-haul travel intent (weeks ahead)',
    description: 'Travellers researching long-haul trips: destination, planned departure week and a 0-1 confidence from search and price-alert behaviour. Aggregated per hashed traveller; refreshed daily.',
    columns: [
      { name: 'event_time', type: 'timestamp', description: 'when the signal was observed (UTC)' },
      { name: 'traveller_hash', type: 'string', description: 'salted SHA-256 of the traveller id' },
      { name: 'destination', type: 'string', description: 'destination city' },
      { name: 'depart_week', type: 'integer', description: 'ISO week of the planned departure' },
      { name: 'confidence', type: 'number', description: 'confidence the trip is booked', unit: 'probability' },
    ],
    row: (i, now, band) => {
      const r = lcg(1_000 + i);
      return [new Date(now - Math.floor(r() * 20 * 3_600_000)).toISOString(), `t${(i * 40503 >>> 0).toString(16)}`, CITIES[Math.floor(r() * CITIES.length)]!, 1 + Math.floor(r() * 52), scoreIn(r(), band)];
    },
    natural: { loBps: 6_000, hiBps: 8_000 },
  },
  {
    segment: 'HOME_INTENT',
    title: 'Home-buying intent by postcode area',
    description: 'Mortgage-calculator and listing-alert activity per hashed household, with the postcode area and price band searched, scored 0-1.',
    columns: [
      { name: 'event_time', type: 'timestamp', description: 'when the signal was observed (UTC)' },
      { name: 'household_hash', type: 'string', description: 'salted SHA-256 of the household id' },
      { name: 'postcode_area', type: 'string', description: 'first three characters of the postcode' },
      { name: 'price_band', type: 'integer', description: 'price band searched', unit: 'k EUR' },
      { name: 'intent_score', type: 'number', description: 'probability of an offer within 60 days', unit: 'probability' },
    ],
    row: (i, now, band) => {
      const r = lcg(2_000 + i);
      return [new Date(now - Math.floor(r() * 12 * 3_600_000)).toISOString(), `h${(i * 2246822519 >>> 0).toString(16)}`, `P${10 + Math.floor(r() * 80)}`, 100 * (2 + Math.floor(r() * 8)), scoreIn(r(), band)];
    },
    natural: { loBps: 7_500, hiBps: 9_000 },
  },
];

/**
 * Deterministic records of a demo segment, as the reference provider server delivers
 * them: record `i` of the sequence starting at `first`, stamped `atMs` or before, its score
 * within `band` (the confidence band of the contract the right was bought in: a right of
 * `AUTO_INTENT|7D|0.70-0.85` delivers scores from 0.70 to under 0.85), else within the segment's own range.
 * Undefined for a segment the demo does not list.
 */
export function demoRecords(segment: string, first: number, count: number, atMs: number, band?: ConfidenceBand): Record<string, string | number>[] | undefined {
  const seg = SEGMENTS.find((s) => s.segment === segment);
  if (seg === undefined) return undefined;
  return Array.from({ length: count }, (_, k) => Object.fromEntries(seg.row(first + k, atMs, band ?? seg.natural).map((v, c) => [seg.columns[c]!.name, v])));
}

function csv(seg: DemoSegment, nowMs: number): string {
  const lines = [seg.columns.map((c) => c.name).join(',')];
  for (let i = 0; i < ROWS; i++) lines.push(seg.row(i, nowMs, seg.natural).join(','));
  return `${lines.join('\n')}\n`;
}

/** Opens the demo provider's account if need be (the same one the demo market logs in as). */
async function providerAccount(engine: Engine, sequencer: Sequencer): Promise<number> {
  const existing = engine.accountIdByAddress.get(PROVIDER_ADDRESS);
  if (existing !== undefined) return existing;
  const result = await sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: PROVIDER_ADDRESS });
  const opened = result.events.find((e) => e.type === EventType.ACCOUNT_OPENED);
  if (opened === undefined) throw new Error('the demo provider account was not opened');
  return opened.accountId;
}

/** Lists, submits and approves the demo segments' listings; returns how many it published. */
/** Where the demo listings send consumers by default: `npm start`'s reference provider server (src/provider-server/). */
export const DEMO_DELIVERY_ENDPOINT = 'http://127.0.0.1:8490/records';

function demoListingInput(seg: DemoSegment, nowMs: number, deliveryEndpoint: string, changeLog: string): object {
  return {
    segment: seg.segment,
    title: seg.title,
    description: seg.description,
    schema: { columns: seg.columns.map((c) => ({ ...c, nullable: false })), timestampColumn: 'event_time', keyColumns: [seg.columns[1]!.name, 'event_time'] },
    provenance: { source: 'first-party web and app events of partner sites', collectionMethod: 'tagged page events, aggregated hourly', legalBasis: 'consent', personalData: true, sensitiveCategories: ['none'] },
    licence: { permittedUses: ['analytics', 'advertising', 'model-training'], retentionDays: 30, redistribution: false },
    cadence: 'daily',
    deliveryEndpoint,
    changeLog,
    sample: { format: 'csv', base64: Buffer.from(csv(seg, nowMs)).toString('base64') },
  };
}

/**
 * Lists, submits and approves the demo segments' listings on an empty catalog; returns how many it
 * published. `deliveryEndpoint`: the reference provider server's records URL (https under TLS, the
 * port it bound, or its public URL). On a catalog that has them already, a demo listing whose live
 * endpoint is another (the server was started on another port) gets a version naming this one,
 * approved as the demo's operator: a delivery endpoint is a material change (docs/catalog.md).
 */
export async function publishDemoListings(catalog: Catalog, engine: Engine, sequencer: Sequencer, clock: () => number, log: Logger, deliveryEndpoint = DEMO_DELIVERY_ENDPOINT): Promise<number> {
  if (catalog.all().length > 0) {
    await followDeliveryEndpoint(catalog, clock, log, deliveryEndpoint);
    return 0;
  }
  const provider = await providerAccount(engine, sequencer);
  let published = 0;
  for (const seg of SEGMENTS) {
    const listing = await catalog.create(provider, demoListingInput(seg, clock(), deliveryEndpoint, 'first version'));
    catalog.submit(listing.id, provider);
    catalog.publish(listing.id, 'demo');
    published++;
    log.info({ listingId: listing.id, segment: seg.segment, trust: catalog.summary(listing).trust }, 'demo listing published');
  }
  await catalog.publishSegmentTrust();
  await catalog.syncProviderListings(); // the demo provider mints in these segments from its first turn
  return published;
}

/**
 * A version of the demo provider's published listing of `segment` selling on these licence terms
 * (docs/catalog.md, "Terms"; e.g. `{usage: {unit: 'records', perRight: 100}}`), approved as the
 * demo's operator (terms are material), and told to the engine: rights exercised from now are
 * usage grants. Returns the listing id.
 */
export async function setDemoListingTerms(catalog: Catalog, segment: string, terms: object, clock: () => number): Promise<number> {
  const listing = catalog.all().find((l) => l.segment === segment && l.providerAddress === PROVIDER_ADDRESS && l.status === 'published');
  const seg = SEGMENTS.find((s) => s.segment === segment);
  const live = listing?.versions[listing.publishedVersion - 1];
  if (listing === undefined || seg === undefined || live === undefined) throw new Error(`the demo provider has no published listing of ${segment}`);
  await catalog.update(listing.id, listing.providerAccountId, { ...demoListingInput(seg, clock(), live.deliveryEndpoint, 'licence terms'), terms });
  if (catalog.find(listing.id)?.pending !== undefined) catalog.approveVersion(listing.id, 'demo');
  await catalog.syncProviderListings();
  return listing.id;
}

/**
 * The licence terms the running demo offers beside one-time rights (issue 81; docs/catalog.md,
 * "Terms"), so a new user meets each in the README's tour: AUTO_INTENT's listing sells two
 * subscription tiers over its weekly spot contracts (`retail`: the first, every window; `pro`: the
 * first two, at most 5% over the ask), and HOME_INTENT's sells usage (100 records a right,
 * metered at the gate). Contracts come from the exchange's own list (the sandbox's differ); a
 * segment with none gets no tiers. Only on a fresh catalog: a restart keeps what was offered.
 */
export async function offerDemoTerms(catalog: Catalog, contracts: readonly string[], clock: () => number, log: Logger): Promise<void> {
  const auto = contracts.filter((c) => c.startsWith('AUTO_INTENT|'));
  if (auto.length >= 2) {
    const tiers = [
      { name: 'retail', contracts: [auto[0]!], seats: 100, price: { rule: 'ask' } },
      { name: 'pro', contracts: auto.slice(0, 2), seats: 10, price: { rule: 'ask-capped', capBps: 500 } },
    ];
    const id = await setDemoListingTerms(catalog, 'AUTO_INTENT', { tiers }, clock);
    log.info({ listingId: id, tiers: tiers.map((t) => t.name) }, 'demo listing offers subscription tiers');
  }
  if (contracts.some((c) => c.startsWith('HOME_INTENT|'))) {
    const id = await setDemoListingTerms(catalog, 'HOME_INTENT', { usage: { unit: 'records', perRight: 100 } }, clock);
    log.info({ listingId: id }, 'demo listing sells usage: 100 records a right');
  }
}

/** Moves the demo provider's published demo listings to `deliveryEndpoint`; returns how many moved. */
async function followDeliveryEndpoint(catalog: Catalog, clock: () => number, log: Logger, deliveryEndpoint: string): Promise<number> {
  let moved = 0;
  for (const listing of catalog.all()) {
    const seg = SEGMENTS.find((s) => s.segment === listing.segment);
    const live = listing.versions[listing.publishedVersion - 1];
    if (seg === undefined || listing.providerAddress !== PROVIDER_ADDRESS || listing.status !== 'published' || live === undefined || live.deliveryEndpoint === deliveryEndpoint) continue;
    // Its terms stay what they were: only the endpoint moves.
    const input = demoListingInput(seg, clock(), deliveryEndpoint, `the reference provider server moved from ${live.deliveryEndpoint}`);
    await catalog.update(listing.id, listing.providerAccountId, live.terms === undefined ? input : { ...input, terms: live.terms });
    catalog.approveVersion(listing.id, 'demo');
    moved++;
    log.info({ listingId: listing.id, segment: seg.segment, from: live.deliveryEndpoint, to: deliveryEndpoint }, 'demo listing follows the provider server');
  }
  if (moved > 0) await catalog.syncProviderListings();
  return moved;
}
