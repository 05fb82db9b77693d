/**
 * The demo model feed (docs/catalog.md, "The demo"): a model-feed listing in its own segment
 * (AUTO_SIGNAL, src/app/demo-contracts.ts) by its own provider (dev wallet 10), whose signals are
 * positions on the demo's car-intent spot series, made by the momentum model of feed-model.ts
 * from the exchange's public prices. Its disclosures are computed, not typed in: the lineage
 * hashes from the model's definition, the backtest by running the model over a generated
 * history at the feed's own pace. Listed only on a fresh catalog, and published by the operator
 * like the other demo listings once its reference model's signals span the burn-in
 * (docs/catalog.md, "Burn-in"): at once where the burn-in is off, else by publishAfterBurnIn.
 */
import { Wallet } from 'ethers';
import { CommandKind, EventType, parseContractKey, Role, SYSTEM_ACTOR, type ContractSpec, type Engine, type Sequencer } from '../engine/index.js';
import { CatalogError, type Catalog } from '../catalog/index.js';
import type { Logger } from '../runtime/log.js';
import { WELL_KNOWN_DEV_KEYS } from '../settlement/index.js';
import { backtest, BACKTEST_FEES_BPS, FEED_MODEL_ID, feedLineage, generatedHistory, INDICATOR_SET, MODEL_CONFIG, positionOf, type Backtest } from './feed-model.js';

/** The feed's segment: a model feed never shares one with a dataset (rights in a series are fungible). */
export const FEED_SEGMENT = 'AUTO_SIGNAL';
/** The segment whose spot series the model takes positions on. */
export const FEED_TARGET_SEGMENT = 'AUTO_INTENT';
/** The model-feed provider's key (dev wallet 10, public knowledge): no other demo role uses it. */
export const FEED_PROVIDER_KEY = WELL_KNOWN_DEV_KEYS[10]!;
export const FEED_PROVIDER_ADDRESS = new Wallet(FEED_PROVIDER_KEY).address.toLowerCase();
/** Each right's signals are sized for this much capital. */
export const FEED_NOTIONAL_PAT = '100';
/** Outcomes are accepted for a day after the horizon (the contract's grace). */
export const FEED_OUTCOME_GRACE_MS = 86_400_000;
/** Days of generated minutes the backtest runs over. */
const BACKTEST_DAYS = 14;

const MINUTE_MS = 60_000;

export interface FeedPace {
  /** A signal on each target series this often. */
  periodMs: number;
  /** Its outcome: the return over this long after the signal. */
  horizonMs: number;
}

/**
 * The feed's pace from its contract's window: about 288 signals a window (every 5 minutes on a
 * day), in whole minutes from 1 to 5, the horizon three periods. The sandbox's 10-minute window:
 * a signal a minute, outcomes 3 minutes later.
 */
export function feedPace(contracts: readonly ContractSpec[]): FeedPace | undefined {
  const spec = contracts.find((c) => c.contract.startsWith(`${FEED_SEGMENT}|`));
  if (spec === undefined) return undefined;
  const minutes = Math.max(1, Math.min(5, Math.round(parseContractKey(spec.contract).windowMs / 288 / MINUTE_MS)));
  return { periodMs: minutes * MINUTE_MS, horizonMs: 3 * minutes * MINUTE_MS };
}

/** The model-feed block of the listing: the model card, lineage, target, horizon and the backtest run now. */
export function feedDisclosures(pace: FeedPace, nowMs: number): { modelFeed: Record<string, unknown>; backtest: Backtest } {
  const minutes = BACKTEST_DAYS * 1_440;
  // The history ends a minute before now: the backtest's toMs is before the version is created. Its steps are whole minutes.
  const toMinutes = (ms: number): number => Math.max(1, Math.round(ms / MINUTE_MS));
  const bt = backtest(generatedHistory(minutes), nowMs - MINUTE_MS, toMinutes(pace.periodMs), toMinutes(pace.horizonMs), BACKTEST_FEES_BPS);
  const c = MODEL_CONFIG;
  return {
    backtest: bt,
    modelFeed: {
      modelCard: {
        modelId: FEED_MODEL_ID,
        summary: `Short-horizon momentum on the price of PATX's own car-intent access rights (${FEED_TARGET_SEGMENT} spot series): a position from -1 (short) to +1 (long) every ${pace.periodMs / MINUTE_MS} min on each series trading, for traders and market makers of those rights.`,
        method: `Log returns of the last trade price over ${c.shortMinutes} and ${c.longMinutes} minutes, weighted ${c.shortWeight}/${c.longWeight} and divided by the per-minute volatility (at least ${c.volFloor}); the position is tanh(${c.gain} x score), rounded to 0.01, flat below 0.05. No fitted parameters: fixed before the backtest's history was generated, so every backtest signal is out of sample; the backtest is walk-forward (a signal reads only prices up to its minute).`,
        inputs: `The exchange's public market data only, point-in-time: GET /v1/series (the ${FEED_TARGET_SEGMENT} spot series trading) and GET /v1/candles?interval=1m (their last ${c.longMinutes + 1} minutes). The price of a minute: the ${INDICATOR_SET.price}.`,
        limitations: `A demo: the backtest runs over ${BACKTEST_DAYS} days of generated prices with a little momentum built in, not over real history; live, the demo's right prices follow the broker's freshness curve and the demo traders' turns, which the model does not know. Thin series move in ticks: a position on a series that does not trade earns nothing.`,
        riskStatement: 'Past and simulated performance does not guarantee future results. Signals are information, not advice; acting on them can lose the whole notional. Returns are stated net of the fees assumed, not of the price paid for the feed.',
      },
      lineage: feedLineage(),
      target: { kind: 'patx-series' },
      horizonMs: pace.horizonMs,
      outcomeGraceMs: FEED_OUTCOME_GRACE_MS,
      notionalPat: FEED_NOTIONAL_PAT,
      backtest: bt,
    },
  };
}

/** The feed's records' columns: the four every model feed has, and the model config each came from. */
const COLUMNS = [
  { name: 'signal_id', type: 'string', description: 'the signal: <series id>-<period start, Unix ms>' },
  { name: 'signal_time', type: 'timestamp', description: "the exchange's receive time of the signal (UTC): it cannot be backdated" },
  { name: 'instrument', type: 'string', description: 'the PATX series id the position is on' },
  { name: 'position', type: 'number', description: 'recommended exposure: +1 long, -1 short', unit: 'fraction of notional' },
  { name: 'model_config_sha', type: 'string', description: "SHA-256 of the model config that made it (the listing's lineage)" },
] as const;

/** A sample in the records' shape: the model's positions over the last generated hours, stamped up to now. */
function sampleCsv(pace: FeedPace, nowMs: number, instrument: string): string {
  const prices = generatedHistory(BACKTEST_DAYS * 1_440);
  const step = Math.max(1, Math.round(pace.periodMs / MINUTE_MS));
  const rows: string[] = [];
  const sha = feedLineage().modelConfigSha;
  for (let i = prices.length - 1; i >= MODEL_CONFIG.longMinutes && rows.length < 200; i -= step) {
    const position = positionOf(prices.slice(i - MODEL_CONFIG.longMinutes, i + 1));
    if (position === undefined) continue;
    const atMs = nowMs - (prices.length - 1 - i) * MINUTE_MS;
    const periodStart = Math.floor(atMs / pace.periodMs) * pace.periodMs;
    if (rows.some((r) => r.startsWith(`${instrument}-${periodStart},`))) continue;
    rows.push([`${instrument}-${periodStart}`, new Date(atMs).toISOString(), instrument, position, sha].join(','));
  }
  return `${COLUMNS.map((c) => c.name).join(',')}\n${rows.reverse().join('\n')}\n`;
}

/** The listing's input (POST /v1/provider/listings body): a model-feed version. */
export function feedListingInput(pace: FeedPace, nowMs: number, deliveryEndpoint: string, changeLog: string, instrument: string, modelFeed?: unknown): object {
  return {
    segment: FEED_SEGMENT,
    kind: 'model-feed',
    title: 'Car-intent rights momentum: model signals on PATX spot prices',
    description: `A model feed: every ${pace.periodMs / MINUTE_MS} min, a position in [-1, 1] on each ${FEED_TARGET_SEGMENT} spot series trading, from the exchange's own public prices. Outcomes (the series' return over ${pace.horizonMs / MINUTE_MS} min) are checked by the exchange against its own trades. A right is one download of the newest signals of its window.`,
    schema: { columns: COLUMNS.map((c) => ({ ...c, nullable: false })), timestampColumn: 'signal_time', keyColumns: ['signal_id'] },
    provenance: { source: "a momentum model over PATX's public trades (GET /v1/candles)", collectionMethod: 'computed live from public market data; each signal stamped by the exchange on receipt', legalBasis: 'public-data', personalData: false, sensitiveCategories: ['none'] },
    licence: { permittedUses: ['analytics', 'research'], retentionDays: 30, redistribution: false },
    cadence: 'hourly',
    // 20 holders at once: the feed's capacity is 20 × the notional (its signals move thin series).
    seats: 20,
    deliveryEndpoint,
    changeLog,
    sample: { format: 'csv', base64: Buffer.from(sampleCsv(pace, nowMs, instrument)).toString('base64') },
    modelFeed: modelFeed ?? feedDisclosures(pace, nowMs).modelFeed,
  };
}

/** Opens the feed provider's account if need be. */
async function feedProviderAccount(engine: Engine, sequencer: Sequencer): Promise<number> {
  const existing = engine.accountIdByAddress.get(FEED_PROVIDER_ADDRESS);
  if (existing !== undefined) return existing;
  const result = await sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: FEED_PROVIDER_ADDRESS });
  const opened = result.events.find((e) => e.type === EventType.ACCOUNT_OPENED);
  if (opened === undefined) throw new Error('the demo feed provider account was not opened');
  return opened.accountId;
}

/** The demo feed's listing in this catalog, if any (the feed provider's, in the feed's segment). */
export function findFeedListing(catalog: Catalog): ReturnType<Catalog['all']>[number] | undefined {
  return catalog.all().find((l) => l.segment === FEED_SEGMENT && l.providerAddress === FEED_PROVIDER_ADDRESS);
}

/**
 * Lists, submits and approves the demo feed at `pace` (feedPace: its contract's) when `fresh`
 * (the catalog was empty before the demo listings): its id, or undefined when there is none to
 * signal on (not fresh and none there). Where the burn-in is on, the feed stays submitted (its
 * id is returned: its reference model builds the burn-in) until publishAfterBurnIn publishes it.
 * On a catalog that has it, a live endpoint other than `deliveryEndpoint` gets a version naming
 * this one (its model-feed block as it was), approved as the demo's operator when published.
 */
export async function publishDemoModelFeed(catalog: Catalog, engine: Engine, sequencer: Sequencer, pace: FeedPace, clock: () => number, log: Logger, deliveryEndpoint: string, fresh: boolean): Promise<number | undefined> {
  const target = engine.series.find((s) => s !== undefined && s.segment === FEED_TARGET_SEGMENT);
  const instrument = String(target?.id ?? 1);
  const existing = findFeedListing(catalog);
  if (existing !== undefined) {
    // Published: its live version; still in its burn-in (submitted): its latest.
    const burningIn = existing.status === 'submitted';
    const live = existing.versions[(burningIn ? existing.versions.length : existing.publishedVersion) - 1] as (typeof existing.versions)[number] & { modelFeed?: unknown };
    if ((existing.status !== 'published' && !burningIn) || live === undefined) return undefined;
    if (live.deliveryEndpoint === deliveryEndpoint) return existing.id;
    await catalog.update(existing.id, existing.providerAccountId, feedListingInput(pace, clock(), deliveryEndpoint, `the reference provider server moved from ${live.deliveryEndpoint}`, instrument, live.modelFeed));
    // A submitted listing's new version is what the operator will publish: nothing to approve.
    if (!burningIn) catalog.approveVersion(existing.id, 'demo');
    await catalog.syncProviderListings();
    log.info({ listingId: existing.id, from: live.deliveryEndpoint, to: deliveryEndpoint }, 'demo model feed follows the provider server');
    return existing.id;
  }
  if (!fresh) return undefined;
  const provider = await feedProviderAccount(engine, sequencer);
  const listing = await catalog.create(provider, feedListingInput(pace, clock(), deliveryEndpoint, 'first version: the momentum model 1.0.0', instrument));
  catalog.submit(listing.id, provider);
  if (await publishAfterBurnIn(catalog, listing.id, log)) return listing.id;
  log.info({ listingId: listing.id, segment: FEED_SEGMENT, burnInMs: catalog.feeds.burnIn(listing).requiredMs }, 'demo model feed submitted: published once its signals span the burn-in');
  return listing.id;
}

/**
 * The demo's operator publishes the submitted demo feed if its live signals span the burn-in:
 * whether it is published now (false: still burning in, or not submitted).
 */
export async function publishAfterBurnIn(catalog: Catalog, listingId: number, log: Logger): Promise<boolean> {
  const listing = catalog.find(listingId);
  if (listing === undefined || listing.status !== 'submitted') return listing?.status === 'published';
  try {
    catalog.publish(listingId, 'demo');
  } catch (error) {
    if (error instanceof CatalogError && error.code === 'BURN_IN_PENDING') return false;
    throw error;
  }
  await catalog.publishSegmentTrust();
  await catalog.syncProviderListings();
  log.info({ listingId, segment: FEED_SEGMENT, burnIn: catalog.feeds.burnIn(listing) }, 'demo model feed published');
  return true;
}
