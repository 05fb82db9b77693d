/**
 * The read models' stores as the start opens them (read-models.ts): each wholly derived store rebuilt from the journal
 * when it holds turns past the journal's end or its data file is cut short, what is said of each, and what has opened
 * so far, closed in one order at shutdown or when the start fails half way.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DashboardFigures } from '../../dashboards/index.js';
import { SeriesKind, type Engine, type Journal } from '../../engine/index.js';
import { AccountFills, AccountStatement, OrderHistory, PublishedIndexes, StatementThread, TradeHistory, type FollowedStatement } from '../../gateway/index.js';
import type { GrantLedger } from '../../grants/index.js';
import { AuditTrail } from '../../operator/index.js';
import { MarketHistory } from '../../phase-readiness/index.js';
import type { QuoterEstimatesModel } from '../../quoting/index.js';
import type { DerivedStoreOptions } from '../../read-models/journal-read-model.js';
import { rebuiltIfAheadOrCut, type AheadStore, type CarriedAcross } from '../../read-models/rebuilt-if-ahead-or-cut.js';
import { engineAt } from '../../read-models/replay.js';
import type { DataFileShortfall } from '../../runtime/lmdb-file.js';
import type { Logger } from '../../runtime/log.js';
import type { SubscriptionLedger } from '../../subscriptions/index.js';
import { STATEMENT_AUTO_CORES, statementOn, type Config } from '../config.js';

/** What is said of a store that is not the journal's: derived again (ahead, cut short), or kept though ahead. */
export interface StoreNotices {
  ahead(store: string): (storeSeq: number) => void;
  told(store: string): { ahead: (storeSeq: number) => void; cutShort: (shortfall: DataFileShortfall) => void };
  /** For the stores not emptied when ahead (they keep what the journal does not say): said, for the operator. */
  aheadKept(store: string, storeSeq: number): void;
}

export function storeNotices(log: Logger, journalSeq: number): StoreNotices {
  const ahead =
    (store: string) =>
    (storeSeq: number): void =>
      log.warn({ store, storeSeq, journalSeq }, `the ${store} store holds turns past the journal's end (a tail set aside, or lost to a power cut): derived again from the journal`);
  return {
    ahead,
    // A derived store's data file cut short (a disk or copy that lost its end) is derived again too: level 50, the disk damaged it.
    told: (store) => ({
      ahead: ahead(store),
      cutShort: (shortfall) => log.error({ store, ...shortfall }, `the ${store} store's data file is cut short (${shortfall.size} bytes of ${shortfall.needed ?? 'at least two pages'}): derived again from the journal; check the disk under the data directory`),
    }),
    aheadKept: (store, storeSeq) => log.error({ store, storeSeq, journalSeq }, `the ${store} store holds turns past the journal's end (a tail set aside, or lost to a power cut) and is kept: what it says of those seqs is not the journal's`),
  };
}

/** What has opened so far; each is set as it opens, so a start that fails half way closes only those (closeOpened). */
export interface OpenedStores {
  audit?: AuditTrail;
  publishedIndexes?: PublishedIndexes;
  trades?: TradeHistory;
  accountFills?: AccountFills;
  orders?: OrderHistory;
  statement?: AccountStatement;
  statementThread?: StatementThread;
  marketHistory?: MarketHistory;
  dashboards?: DashboardFigures;
  estimates?: QuoterEstimatesModel;
  grants?: GrantLedger;
  subscriptions?: SubscriptionLedger;
}

export async function closeOpened(o: OpenedStores): Promise<void> {
  // Not the reverse of the opening: the audit trail closes last, the grant ledger before the subscriptions.
  const inOrder = [o.publishedIndexes, o.trades, o.accountFills, o.orders, o.statementThread, o.statement, o.marketHistory, o.dashboards, o.estimates, o.grants, o.subscriptions, o.audit];
  for (const store of inOrder) await store?.close();
}

/** The stores wholly derived from the journal (the ledgers keep more than it says: read-models.ts opens them). */
export interface DerivedStores {
  audit: AuditTrail;
  publishedIndexes: PublishedIndexes;
  trades: TradeHistory;
  accountFills: AccountFills;
  orders: OrderHistory;
  statement: FollowedStatement | undefined;
  marketHistory: MarketHistory;
  dashboards: DashboardFigures;
}

export interface DerivedStoreDeps {
  config: Config;
  log: Logger;
  journal: Journal;
  engine: Engine;
}

/** A derived store opened under the data dir, derived again from the journal when it is ahead of it or cut short. */
type OpenDerived = <T extends AheadStore, K = undefined>(create: () => T, seqOf: (store: T) => number, dirName: string, store: string, carry?: CarriedAcross<T, K>) => Promise<T>;

export async function openDerivedStores(d: DerivedStoreDeps, journalSeq: number, notices: StoreNotices, opened: OpenedStores): Promise<DerivedStores> {
  const { config, engine } = d;
  // The wholly derived stores are no more durable than the journal they follow (rebuiltIfAheadOrCut covers a store left ahead of it).
  const derived: DerivedStoreOptions = { noSync: config.durability === 'commit' };
  const open: OpenDerived = (create, seqOf, dirName, store, carry) => rebuiltIfAheadOrCut(create, seqOf, join(config.dataDir, dirName), journalSeq, notices.told(store), carry);
  // Operators' actions noted before they were journaled (2026-12-06) are in the trail alone: kept when it is derived again.
  const audit = (opened.audit = await open(() => AuditTrail.create(config.dataDir, derived), (a) => a.seq, 'audit', 'audit trail', { take: (a) => a.notesBeforeJournaled(), put: (a, notes) => a.keepNotesBeforeJournaled(notes) }));
  const publishedIndexes = (opened.publishedIndexes = await open(() => PublishedIndexes.create(config.dataDir, derived), (p) => p.model.seq, 'settlement-indexes', 'settlement index'));
  const trades = (opened.trades = await open(() => TradeHistory.create(config.dataDir, derived), (t) => t.model.seq, 'trades', 'trade history'));
  const isOption = (seriesId: number): boolean => {
    const kind = engine.seriesById(seriesId)?.spec.kind;
    return kind === SeriesKind.CALL || kind === SeriesKind.PUT;
  };
  const accountFills = (opened.accountFills = await open(() => AccountFills.create(config.dataDir, isOption, () => engine.brokerId, derived), (f) => f.model.seq, 'fills', 'account fills'));
  const retention = { retentionMs: config.orderHistory.retentionDays * 86_400_000, maxClosedPerAccount: config.orderHistory.maxClosedPerAccount };
  const orders = (opened.orders = await open(() => OrderHistory.create(config.dataDir, () => engine.brokerId, retention, derived), (o) => o.storedSeq, 'orders', 'order history'));
  const statement = await openStatement(d, derived, open, opened);
  const marketHistory = (opened.marketHistory = await open(() => MarketHistory.create(config.dataDir, derived), (m) => m.model.seq, 'market-history', 'market history'));
  const dashboards = (opened.dashboards = await open(() => DashboardFigures.create(config.dataDir, derived), (f) => f.model.seq, 'dashboards', 'dashboard figures'));
  return { audit, publishedIndexes, trades, accountFills, orders, statement, marketHistory, dashboards };
}

/**
 * Each account's statement, when it is kept (statementOn): read here, written by its thread: its own engine, rebuilt
 * from the journal as of its seq, follows the journal's records (statement-thread.ts).
 */
async function openStatement(d: DerivedStoreDeps, derived: DerivedStoreOptions, open: OpenDerived, opened: OpenedStores): Promise<FollowedStatement | undefined> {
  const { config, journal, engine, log } = d;
  const keepStatement = statementOn(config);
  if (config.statement.enabled === 'auto') log.info({ cores: availableParallelism(), kept: keepStatement }, keepStatement ? 'account statement kept (statement.enabled auto: a core to spare)' : `account statement off on a host of fewer than ${STATEMENT_AUTO_CORES} cores (statement.enabled auto; PATX_STATEMENT=on keeps it)`);
  if (!keepStatement) return undefined;
  const reads = (opened.statement = await open(() => AccountStatement.create(config.dataDir, (seq) => engineAt(journal, seq, engine.limits), derived), (s) => s.model.seq, 'statement', 'account statement'));
  const thread = (opened.statementThread = new StatementThread({ dataDir: config.dataDir, durability: config.durability, limits: engine.limits, noSync: derived.noSync === true }));
  await thread.start();
  return { reads, thread };
}
