/**
 * The read models derived from the journal, opened before replication: a standby feeds them every
 * record it applies, so they are current when it leads and a takeover replays nothing (docs/replication.md).
 * One replay here brings them all up to the journal's end, each from its own saved progress.
 */
import { PurchaseLedger, PURCHASE_PROGRESS_SAVE_MS, PURCHASES_LAYOUT, type CatalogStore } from '../../catalog/index.js';
import type { Engine, Journal } from '../../engine/index.js';
import type { AccountFills, FollowedStatement, OrderHistory, PublishedIndexes, TradeHistory } from '../../gateway/index.js';
import { GRANT_PROGRESS_SAVE_MS, type GrantDomain, type GrantLedger } from '../../grants/index.js';
import type { AuditTrail } from '../../operator/index.js';
import { QuoterEstimatesModel } from '../../quoting/index.js';
import type { MarketHistory } from '../../phase-readiness/index.js';
import type { DashboardFigures } from '../../dashboards/index.js';
import { DEFAULT_QUOTING_PARAMS } from '../../quoting/params.js';
import { JournalModels } from '../../read-models/journal-following.js';
import type { Logger } from '../../runtime/log.js';
import { SubscriptionLedger } from '../../subscriptions/index.js';
import type { Config } from '../config.js';
import { openGrantLedger } from './grant-ledger.js';
import { closeOpened, openDerivedStores, storeNotices, type DerivedStores, type OpenedStores, type StoreNotices } from './read-model-stores.js';

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
  const { journal, engine, log } = d;
  // The engine was recovered from the journal: its seq is where the journal ends.
  const journalSeq = engine.lastSeq;
  const notices = storeNotices(log, journalSeq);
  const purchases = openPurchaseLedger(d.catalogStore, engine, journalSeq, notices, log);
  const models = new JournalModels(journal, engine.limits);
  const opened: OpenedStores = {};
  const saveLedgers = savingLedgerProgress(purchases, () => opened.grants, log);
  const close = async (): Promise<void> => {
    clearInterval(saveLedgers);
    await purchases.saveProgressAtStop();
    await closeOpened(opened);
  };
  let stores: DerivedStores;
  let ledgers: Ledgers;
  try {
    stores = await openDerivedStores(d, journalSeq, notices, opened);
    ledgers = openLedgers(d, journalSeq, notices, opened);
    catchUp(models, purchases, stores, ledgers, engine, log);
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return {
    models,
    purchases,
    ...stores,
    subscriptions: ledgers.subscriptions,
    estimates: ledgers.estimates,
    grantsAhead: ledgers.grants,
    addGrants(ledger) {
      opened.grants = ledger;
      const replayed = models.open({ grants: ledger });
      log.info({ seq: engine.lastSeq, replayed }, 'grant ledger caught up with the journal');
    },
    close,
  };
}

/** The purchase ledger, in the catalog's store: its purchases derived again when ahead of the journal or of an earlier layout. */
function openPurchaseLedger(catalogStore: CatalogStore, engine: Engine, journalSeq: number, notices: StoreNotices, log: Logger): PurchaseLedger {
  if (catalogStore.purchasesThroughSeq() > journalSeq) {
    notices.ahead('purchase ledger')(catalogStore.purchasesThroughSeq());
    catalogStore.clearPurchases(); // in the catalog's store, beside what is not derived: only its own records go
  }
  if (catalogStore.purchasesOfLayout(PURCHASES_LAYOUT)) log.info({ layout: PURCHASES_LAYOUT }, 'purchases stored under an earlier layout: derived again from the journal');
  return new PurchaseLedger({ store: catalogStore, engine });
}

/** The ledgers save their progress on a timer (the others on their own), a standby's too: its restart then replays little. */
function savingLedgerProgress(purchases: PurchaseLedger, grants: () => GrantLedger | undefined, log: Logger): ReturnType<typeof setInterval> {
  return setInterval(() => {
    void purchases.saveProgress().catch((error: unknown) => log.warn({ err: error }, 'purchase ledger progress not saved'));
    void grants()?.saveProgress().catch((error: unknown) => log.warn({ err: error }, 'grant ledger progress not saved'));
  }, Math.min(PURCHASE_PROGRESS_SAVE_MS, GRANT_PROGRESS_SAVE_MS));
}

/** The read models that keep more than the journal says: not emptied when ahead of it, but said. */
interface Ledgers {
  subscriptions: SubscriptionLedger;
  estimates: QuoterEstimatesModel | undefined;
  grants: GrantLedger | undefined;
}

function openLedgers(d: ReadModelsDeps, journalSeq: number, notices: StoreNotices, opened: OpenedStores): Ledgers {
  const { config, engine, log } = d;
  // Not emptied: its couriers' hand-offs done would be handed again. Said, for the operator.
  const subscriptions = (opened.subscriptions = SubscriptionLedger.create(config.dataDir));
  if (subscriptions.model.seq > journalSeq) notices.aheadKept('subscription ledger', subscriptions.model.seq);
  if (config.quoting.enabled) opened.estimates = QuoterEstimatesModel.open(config.dataDir, d.journal, DEFAULT_QUOTING_PARAMS, engine.brokerId, d.logger.child({ module: 'quoting' }));
  // Signed while following only where the domain is known before leading (settlement off, or its contracts configured).
  if (d.grantDomain !== undefined) opened.grants = openGrantLedger(config, engine, d.clock, d.grantDomain, log);
  // Not emptied: it keeps what is not derived from the journal beside its grants (receipts, evidence, decisions). Said, for the operator.
  if (opened.grants !== undefined && opened.grants.seq > journalSeq) notices.aheadKept('grant ledger', opened.grants.seq);
  return { subscriptions, estimates: opened.estimates, grants: opened.grants };
}

/** One replay brings every model up to the journal's end, each from its own saved progress. */
function catchUp(models: JournalModels, purchases: PurchaseLedger, stores: DerivedStores, ledgers: Ledgers, engine: Engine, log: Logger): void {
  const startedMs = performance.now();
  const replayed = models.open({
    audit: stores.audit,
    purchases,
    publishedIndexes: stores.publishedIndexes.model,
    trades: stores.trades.model,
    accountFills: stores.accountFills.model,
    orders: stores.orders.model,
    marketHistory: stores.marketHistory.model,
    dashboards: stores.dashboards.model,
    subscriptions: ledgers.subscriptions.model,
    ...(ledgers.estimates === undefined ? {} : { quoterEstimates: ledgers.estimates }),
    ...(ledgers.grants === undefined ? {} : { grants: ledgers.grants }),
  });
  log.info({ seq: engine.lastSeq, replayed, elapsedMs: Math.round(performance.now() - startedMs) }, 'read models caught up with the journal');
}
