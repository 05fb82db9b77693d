/**
 * The read models derived from the journal, opened before replication: a standby feeds them every
 * record it applies, so they are current when it leads and a takeover replays nothing (docs/replication.md).
 * One replay here brings them all up to the journal's end, each from its own saved progress.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { PurchaseLedger, PURCHASE_PROGRESS_SAVE_MS, PURCHASES_LAYOUT, type CatalogStore } from '../../catalog/index.js';
import { DashboardFigures } from '../../dashboards/index.js';
import { SeriesKind, type Engine, type Journal } from '../../engine/index.js';
import { AccountFills, AccountStatement, OrderHistory, PublishedIndexes, StatementThread, TradeHistory, type FollowedStatement } from '../../gateway/index.js';
import { GRANT_PROGRESS_SAVE_MS, type GrantDomain, type GrantLedger } from '../../grants/index.js';
import { AuditTrail } from '../../operator/index.js';
import { QuoterEstimatesModel } from '../../quoting/index.js';
import { MarketHistory } from '../../phase-readiness/index.js';
import { DEFAULT_QUOTING_PARAMS } from '../../quoting/params.js';
import { JournalModels } from '../../read-models/journal-following.js';
import { engineAt } from '../../read-models/replay.js';
import { rebuiltIfAheadOrCut } from '../../read-models/rebuilt-if-ahead-or-cut.js';
import type { DerivedStoreOptions } from '../../read-models/journal-read-model.js';
import type { DataFileShortfall } from '../../runtime/lmdb-file.js';
import type { Logger } from '../../runtime/log.js';
import { SubscriptionLedger } from '../../subscriptions/index.js';
import { STATEMENT_AUTO_CORES, statementOn, type Config } from '../config.js';
import { openGrantLedger } from './grant-ledger.js';

export interface ReadModels {
  /** The set, fed as one (src/read-models/journal-following.ts): their seqs and what they replayed. */
  readonly models: JournalModels;
  readonly audit: AuditTrail;
  readonly purchases: PurchaseLedger;
  /** Settlement indexes with their computation (GET /v1/series/{id}/settlement), derived from the journal. */
  readonly publishedIndexes: PublishedIndexes;
  /** Every trade (GET /v1/trades), derived from the journal. */
  readonly trades: TradeHistory;
  /** Each account's own fills and cash settlements (GET /v1/fills, /v1/settlements), derived from the journal. */
  readonly accountFills: AccountFills;
  /** Every non-broker order's current or final state (GET /v1/orders, OrderStatusQuery), derived from the journal. */
  readonly orders: OrderHistory;
  /**
   * Each account's statement, the fee account's and the broker's too (GET /v1/statement), derived from the journal by
   * a thread of its own (statement-thread.ts); absent when it is not kept (`statement.enabled`: statementOn).
   */
  readonly statement: FollowedStatement | undefined;
  /** The broker's quoted spread and the volume per series and hour (the phase-readiness report), derived from the journal. */
  readonly marketHistory: MarketHistory;
  readonly subscriptions: SubscriptionLedger;
  /** Providers' and consumers' figures by the hour (GET /v1/dashboard/*), derived from the journal. */
  readonly dashboards: DashboardFigures;
  readonly estimates: QuoterEstimatesModel | undefined;
  /** The grant ledger when it follows the journal already: opened here where its domain is known before leading. */
  readonly grantsAhead: GrantLedger | undefined;
  /** A grant ledger opened later (its domain came with settlement's deployment): caught up now, closed with the others. */
  addGrants(grants: GrantLedger): void;
  close(): Promise<void>;
}

export interface ReadModelsDeps {
  config: Config;
  logger: Logger;
  log: Logger;
  journal: Journal;
  engine: Engine;
  catalogStore: CatalogStore;
  clock: () => number;
  /** Known before leading where it does not wait for settlement's deployment (grantDomainAhead). */
  grantDomain: GrantDomain | undefined;
}

export async function openReadModels(d: ReadModelsDeps): Promise<ReadModels> {
  const { config, journal, engine, log } = d;
  let audit: AuditTrail | undefined;
  let publishedIndexes: PublishedIndexes | undefined;
  let tradeHistory: TradeHistory | undefined;
  let accountFills: AccountFills | undefined;
  let orders: OrderHistory | undefined;
  let statement: AccountStatement | undefined;
  let statementThread: StatementThread | undefined;
  let marketHistory: MarketHistory | undefined;
  let dashboards: DashboardFigures | undefined;
  let estimates: QuoterEstimatesModel | undefined;
  let grants: GrantLedger | undefined;
  let subscriptionLedger: SubscriptionLedger | undefined;
  // The engine was recovered from the journal: its seq is where the journal ends.
  const journalSeq = engine.lastSeq;
  // The wholly derived stores are no more durable than the journal they follow (rebuiltIfAheadOrCut covers a store left ahead of it).
  const derived: DerivedStoreOptions = { noSync: config.durability === 'commit' };
  const ahead =
    (store: string) =>
    (storeSeq: number): void =>
      log.warn({ store, storeSeq, journalSeq }, `the ${store} store holds turns past the journal's end (a tail set aside, or lost to a power cut): derived again from the journal`);
  // A derived store's data file cut short (a disk or copy that lost its end) is derived again too: level 50, the disk damaged it.
  const told = (store: string): { ahead: (storeSeq: number) => void; cutShort: (shortfall: DataFileShortfall) => void } => ({
    ahead: ahead(store),
    cutShort: (shortfall) => log.error({ store, ...shortfall }, `the ${store} store's data file is cut short (${shortfall.size} bytes of ${shortfall.needed ?? 'at least two pages'}): derived again from the journal; check the disk under the data directory`),
  });
  const aheadKept = (store: string, storeSeq: number): void =>
    log.error({ store, storeSeq, journalSeq }, `the ${store} store holds turns past the journal's end (a tail set aside, or lost to a power cut) and is kept: what it says of those seqs is not the journal's`);
  if (d.catalogStore.purchasesThroughSeq() > journalSeq) {
    ahead('purchase ledger')(d.catalogStore.purchasesThroughSeq());
    d.catalogStore.clearPurchases(); // in the catalog's store, beside what is not derived: only its own records go
  }
  if (d.catalogStore.purchasesOfLayout(PURCHASES_LAYOUT)) log.info({ layout: PURCHASES_LAYOUT }, 'purchases stored under an earlier layout: derived again from the journal');
  const purchases = new PurchaseLedger({ store: d.catalogStore, engine });
  const models = new JournalModels(journal, engine.limits);
  // The ledgers save their progress on a timer (the others on their own), a standby's too: its restart then replays little.
  const saveLedgers = setInterval(() => {
    void purchases.saveProgress().catch((error: unknown) => log.warn({ err: error }, 'purchase ledger progress not saved'));
    void grants?.saveProgress().catch((error: unknown) => log.warn({ err: error }, 'grant ledger progress not saved'));
  }, Math.min(PURCHASE_PROGRESS_SAVE_MS, GRANT_PROGRESS_SAVE_MS));
  const close = async (): Promise<void> => {
    clearInterval(saveLedgers);
    await purchases.saveProgress();
    await publishedIndexes?.close();
    await tradeHistory?.close();
    await accountFills?.close();
    await orders?.close();
    await statementThread?.close();
    await statement?.close();
    await marketHistory?.close();
    await dashboards?.close();
    await estimates?.close();
    await grants?.close();
    await subscriptionLedger?.close();
    await audit?.close();
  };
  try {
    const at = (name: string): string => join(config.dataDir, name);
    audit = await rebuiltIfAheadOrCut(() => AuditTrail.create(config.dataDir, derived), (a) => a.seq, at('audit'), journalSeq, told('audit trail'));
    publishedIndexes = await rebuiltIfAheadOrCut(() => PublishedIndexes.create(config.dataDir, derived), (p) => p.model.seq, at('settlement-indexes'), journalSeq, told('settlement index'));
    tradeHistory = await rebuiltIfAheadOrCut(() => TradeHistory.create(config.dataDir, derived), (t) => t.model.seq, at('trades'), journalSeq, told('trade history'));
    const isOption = (seriesId: number): boolean => {
      const kind = engine.seriesById(seriesId)?.spec.kind;
      return kind === SeriesKind.CALL || kind === SeriesKind.PUT;
    };
    accountFills = await rebuiltIfAheadOrCut(() => AccountFills.create(config.dataDir, isOption, () => engine.brokerId, derived), (f) => f.model.seq, at('fills'), journalSeq, told('account fills'));
    const retention = { retentionMs: config.orderHistory.retentionDays * 86_400_000, maxClosedPerAccount: config.orderHistory.maxClosedPerAccount };
    orders = await rebuiltIfAheadOrCut(() => OrderHistory.create(config.dataDir, () => engine.brokerId, retention, derived), (o) => o.storedSeq, at('orders'), journalSeq, told('order history'));
    // Read here, written by its thread: its own engine, rebuilt from the journal as of its seq, follows the journal's records (statement-thread.ts).
    const keepStatement = statementOn(config);
    if (config.statement.enabled === 'auto') log.info({ cores: availableParallelism(), kept: keepStatement }, keepStatement ? 'account statement kept (statement.enabled auto: a core to spare)' : `account statement off on a host of fewer than ${STATEMENT_AUTO_CORES} cores (statement.enabled auto; PATX_STATEMENT=on keeps it)`);
    if (keepStatement) {
      statement = await rebuiltIfAheadOrCut(() => AccountStatement.create(config.dataDir, (seq) => engineAt(journal, seq, engine.limits), derived), (s) => s.model.seq, at('statement'), journalSeq, told('account statement'));
      statementThread = new StatementThread({ dataDir: config.dataDir, durability: config.durability, limits: engine.limits, noSync: derived.noSync === true });
      await statementThread.start();
    }
    marketHistory = await rebuiltIfAheadOrCut(() => MarketHistory.create(config.dataDir, derived), (m) => m.model.seq, at('market-history'), journalSeq, told('market history'));
    dashboards = await rebuiltIfAheadOrCut(() => DashboardFigures.create(config.dataDir, derived), (f) => f.model.seq, at('dashboards'), journalSeq, told('dashboard figures'));
    // Not emptied: its couriers' hand-offs done would be handed again. Said, for the operator.
    subscriptionLedger = SubscriptionLedger.create(config.dataDir);
    if (subscriptionLedger.model.seq > journalSeq) aheadKept('subscription ledger', subscriptionLedger.model.seq);
    if (config.quoting.enabled) estimates = QuoterEstimatesModel.open(config.dataDir, journal, DEFAULT_QUOTING_PARAMS, engine.brokerId, d.logger.child({ module: 'quoting' }));
    // Signed while following only where the domain is known before leading (settlement off, or its contracts configured).
    if (d.grantDomain !== undefined) grants = openGrantLedger(config, engine, d.clock, d.grantDomain, log);
    // Not emptied: it keeps what is not derived from the journal beside its grants (receipts, evidence, decisions). Said, for the operator.
    if (grants !== undefined && grants.seq > journalSeq) aheadKept('grant ledger', grants.seq);
    const startedMs = performance.now();
    const replayed = models.open({
      audit,
      purchases,
      publishedIndexes: publishedIndexes.model,
      trades: tradeHistory.model,
      accountFills: accountFills.model,
      orders: orders.model,
      marketHistory: marketHistory.model,
      dashboards: dashboards.model,
      subscriptions: subscriptionLedger.model,
      ...(estimates === undefined ? {} : { quoterEstimates: estimates }),
      ...(grants === undefined ? {} : { grants }),
    });
    log.info({ seq: engine.lastSeq, replayed, elapsedMs: Math.round(performance.now() - startedMs) }, 'read models caught up with the journal');
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return {
    models,
    audit,
    purchases,
    publishedIndexes,
    trades: tradeHistory,
    accountFills,
    orders,
    statement: statement === undefined || statementThread === undefined ? undefined : { reads: statement, thread: statementThread },
    marketHistory,
    dashboards,
    subscriptions: subscriptionLedger,
    estimates,
    grantsAhead: grants,
    addGrants(ledger) {
      grants = ledger;
      const replayed = models.open({ grants: ledger });
      log.info({ seq: engine.lastSeq, replayed }, 'grant ledger caught up with the journal');
    },
    close,
  };
}
