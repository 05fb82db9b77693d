/**
 * The settlement store: one LMDB environment per deployment (chain id and vault
 * address) under `<dataDir>/settlement/`, separate from the journal. It holds
 *   - the outbox: every batch, written (and fsynced) before it is sent, with its
 *     state: cut -> sent -> confirmed -> recorded;
 *   - the payout ledger: each provider's sales per batch, with the transaction;
 *   - the payout statement's totals per (provider, UTC month), per (payee address, UTC month) of
 *     the withdrawals paid, each provider's net PAT summed by time (its held PAT between two times),
 *     and each recorded batch by its throughSeq: written in the transaction
 *     that records the batch (recordBatch), built once from the entries and batches at open for a
 *     store written before them (MONTH_TOTALS_VERSION), so a statement reads its months, not history;
 *   - the chain watcher's cursor (the last block whose deposits were credited);
 *   - deposits that could not be credited (no account has the depositor's address): each kept
 *     one by one up to a bound, the rest counted and summed in one aggregate (watcher.ts).
 * Values are JSON (bigints as decimal strings) so that tools outside lmdb-js can read them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import type { SettlementBatch } from './batch.js';
import type { ProviderStatement } from './netting.js';
import { OutboxCorruptError } from './errors.js';
import type { Deployment } from './deploy.js';

export type OutboxState = 'cut' | 'sent' | 'confirmed' | 'recorded';

export interface OutboxRecord {
  batchId: number;
  /** keccak-256 of the ABI-encoded batch, as the vault records it. */
  contentHash: string;
  state: OutboxState;
  batch: SettlementBatch;
  /** Engine account per balance change, same order as batch.balances. */
  balanceAccounts: number[];
  statements: ProviderStatement[];
  fills: number;
  /** Withdrawals left out because their account has no address. */
  unpayableWithdrawalIds: number[];
  cutAtMs: number;
  /** The last transaction sent for the batch (a resend replaces it). */
  txHash?: string;
  /** Block of the transaction that applied the batch. */
  blockNumber?: number;
  confirmedAtMs?: number;
  recordedAtMs?: number;
}

export interface PayoutEntry extends ProviderStatement {
  batchId: number;
  txHash: string;
  blockNumber: number;
  /** The provider's net PAT change in the batch (its sales, less anything it bought), in wei. */
  netWei: bigint;
  settledAtMs: number;
}

export interface UnmatchedDeposit {
  ref: string;
  depositor: string;
  amountWei: bigint;
  blockNumber: number;
}

/**
 * Unmatched deposits not kept one by one: below the least kept, or the smallest when the most are kept. Their PAT is
 * in the vault under their depositors' addresses (the chain's Deposited logs name each); the operator credits one by
 * its ref once its wallet has an account (ChainWatcher.creditAggregated), which takes it out of here.
 */
export interface AggregatedDeposits {
  deposits: number;
  amountWei: bigint;
  /** The watcher's cursor when the aggregate was last written: a deposit up to it, neither kept nor credited, is in it. */
  throughBlock?: number;
}

/** Which unmatched deposits are kept one by one: from `minKeptWei` on, at most `maxKept` of them. */
export interface UnmatchedLimits {
  minKeptWei: bigint;
  maxKept: number;
}

/** What keeping a range's unmatched deposits did: those kept one by one, and those aggregated (kept ones pushed out too). */
export interface UnmatchedOutcome {
  kept: UnmatchedDeposit[];
  aggregated: UnmatchedDeposit[];
}

/** A kept unmatched deposit as the store remembers it in memory (its record is on disk). */
interface KeptEntry {
  ref: string;
  depositor: string;
  amountWei: bigint;
}

const AGGREGATE_KEY = 'unmatched-aggregate';

/** The statement's totals (month rows, paid-month rows, the throughSeq index): the version a store's were built to. */
export const MONTH_TOTALS_VERSION = 1;
const MONTH_TOTALS_KEY = 'meta/month-totals';

/**
 * One provider's payout entries in one UTC month (of their `settledAtMs`), summed as they are written: what the
 * statement's `months` row takes from them. `firstBatchId`..`lastBatchId` span the month's entries, so the few months
 * whose held PAT needs entry by entry (a verification changed in them: handlers.ts) are read without walking others.
 */
export interface PayoutMonth {
  month: string;
  batches: number;
  fills: number;
  qty: number;
  grossMicros: number;
  forwardGrossMicros: number;
  feesMicros: number;
  refundedMicros: number;
  fromFreeMicros: number;
  shortfallMicros: number;
  netWei: bigint;
  firstBatchId: number;
  lastBatchId: number;
}

/** Withdrawals paid to one address in recorded batches of one UTC month (the batch's recordedAtMs, else confirmedAtMs, else cutAtMs). */
export interface PaidMonth {
  month: string;
  count: number;
  amountWei: bigint;
}

/** A recorded batch as its throughSeq finds it: the batch, and the throughSeq of the batch before it (0 for the first). */
export interface RecordedThrough {
  batchId: number;
  throughSeq: number;
  afterSeq: number;
}

/** The UTC calendar month of a time, YYYY-MM: how statements are grouped (payout-statement.ts gives it to its callers). */
export function utcMonth(atMs: number): string {
  return new Date(atMs).toISOString().slice(0, 7);
}

/** The month a recorded batch's withdrawals count in. */
const paidAtMs = (r: OutboxRecord): number => r.recordedAtMs ?? r.confirmedAtMs ?? r.cutAtMs;

export function emptyPayoutMonth(month: string, batchId: number): PayoutMonth {
  return { month, batches: 0, fills: 0, qty: 0, grossMicros: 0, forwardGrossMicros: 0, feesMicros: 0, refundedMicros: 0, fromFreeMicros: 0, shortfallMicros: 0, netWei: 0n, firstBatchId: batchId, lastBatchId: batchId };
}

/** Adds one payout entry to its month's row (the sums the statement once made walking every entry; the CLI's `payouts --months` too). */
export function addEntry(m: PayoutMonth, e: PayoutEntry): void {
  m.batches++;
  m.fills += e.fills;
  m.qty += e.qty;
  m.grossMicros += e.grossMicros;
  m.forwardGrossMicros += e.forward?.grossMicros ?? 0;
  m.feesMicros += e.feesMicros ?? 0;
  m.refundedMicros += e.escrow?.refundedMicros ?? 0;
  m.fromFreeMicros += e.escrow?.refundedFromFreeMicros ?? 0;
  m.shortfallMicros += e.escrow?.shortfallMicros ?? 0;
  m.netWei += e.netWei;
  m.firstBatchId = Math.min(m.firstBatchId, e.batchId);
  m.lastBatchId = Math.max(m.lastBatchId, e.batchId);
}
/** A month's paid withdrawals with `p`'s (of the same address and month) added. */
function withPaid(sum: PaidMonth | undefined, p: PaidMonth): PaidMonth {
  return sum === undefined ? p : { month: p.month, count: sum.count + p.count, amountWei: sum.amountWei + p.amountWei };
}
const NO_AGGREGATE: AggregatedDeposits = { deposits: 0, amountWei: 0n };

const pad = (n: number): string => n.toString().padStart(16, '0');

/** Where `amountWei` goes in `kept` (ascending by amount): before every equal one, so the newest of the smallest is first. */
function insertionIndex(kept: readonly KeptEntry[], amountWei: bigint): number {
  let lo = 0;
  let hi = kept.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (kept[mid]!.amountWei < amountWei) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

function fromJson<T>(key: string, text: string): T {
  try {
    return JSON.parse(text, (_k, v: unknown) => {
      if (v !== null && typeof v === 'object' && '$bigint' in v && typeof (v as { $bigint: unknown }).$bigint === 'string') {
        return BigInt((v as { $bigint: string }).$bigint);
      }
      return v;
    }) as T;
  } catch (error) {
    throw new OutboxCorruptError(key, (error as Error).message);
  }
}

/** Where a deployment's store lives. */
export function storeDir(dataDir: string, deployment: Pick<Deployment, 'chainId' | 'vault'>): string {
  return join(dataDir, 'settlement', `${deployment.chainId}-${deployment.vault.toLowerCase()}`);
}

export class SettlementStore {
  /**
   * The kept unmatched deposits, ascending by amount, and their wei by depositor: read once from disk, then kept with
   * each change (so neither a login's look-up nor a poll's retry walks the records).
   */
  private unmatched: { kept: KeptEntry[]; weiByDepositor: Map<string, bigint> } | undefined;
  /** The aggregate as last written (read once from disk). */
  private aggregate: AggregatedDeposits | undefined;

  private constructor(
    private readonly env: RootDatabase,
    private readonly db: Database<string, string>,
  ) {}

  static open(dir: string, options: { readOnly?: boolean } = {}): SettlementStore {
    if (options.readOnly !== true) mkdirSync(dir, { recursive: true });
    const env = openStore({ path: dir, readOnly: options.readOnly ?? false, maxDbs: 2 });
    const db = env.openDB<string, string>({ name: 'settlement', encoding: 'string' });
    const store = new SettlementStore(env, db);
    if (options.readOnly !== true) store.buildMonthTotals();
    return store;
  }

  /**
   * A store written before the statement's totals were kept (or by an older version of them): its month rows, paid
   * months and throughSeq index built once from every payout entry and recorded batch, in one transaction with the
   * version, so it runs once (a crash before its commit leaves nothing, and it runs again at the next open).
   */
  private buildMonthTotals(): void {
    if (this.get<{ version: number }>(MONTH_TOTALS_KEY)?.version === MONTH_TOTALS_VERSION) return;
    this.env.transactionSync(() => {
      for (const prefix of ['month/', 'paid-month/', 'through/', 'net/']) {
        for (const key of this.db.getKeys({ start: prefix, end: prefix + '\uffff' })) this.db.removeSync(key);
      }
      const months = new Map<string, PayoutMonth>();
      for (const { key, value } of this.db.getRange({ start: 'payout/', end: 'payout/\uffff' })) {
        const e = fromJson<PayoutEntry>(key, value);
        const k = this.monthKey(e.accountId, utcMonth(e.settledAtMs));
        let m = months.get(k);
        if (m === undefined) months.set(k, (m = emptyPayoutMonth(utcMonth(e.settledAtMs), e.batchId)));
        addEntry(m, e);
      }
      for (const [k, m] of months) this.db.putSync(k, toJson(m));
      this.buildNetIndex();
      const paid = new Map<string, PaidMonth>();
      let afterSeq = 0;
      for (const r of this.outboxFrom(1)) {
        if (r.state === 'recorded') {
          for (const [k, p] of this.paidOf(r)) {
            paid.set(k, withPaid(paid.get(k), p));
          }
          const k = typeof r.batch.throughSeq === 'number' ? this.throughKey(r.batch.throughSeq) : undefined;
          if (k !== undefined && this.db.get(k) === undefined) this.db.putSync(k, toJson({ batchId: r.batchId, throughSeq: r.batch.throughSeq, afterSeq }));
        }
        afterSeq = r.batch.throughSeq ?? afterSeq;
      }
      for (const [k, p] of paid) this.db.putSync(k, toJson(p));
      this.db.putSync(MONTH_TOTALS_KEY, toJson({ version: MONTH_TOTALS_VERSION }));
    });
  }

  /** The net index (netKey) of every payout entry, one provider at a time: its entries sorted by time, summed in that order. */
  private buildNetIndex(): void {
    let account: number | undefined;
    let entries: Array<{ atMs: number; batchId: number; netWei: bigint }> = [];
    const flush = (): void => {
      entries.sort((a, b) => a.atMs - b.atMs || a.batchId - b.batchId);
      let sum = 0n;
      for (const e of entries) this.db.putSync(this.netKey(account!, e.atMs, e.batchId), toJson({ netWei: (sum += e.netWei) }));
      entries = [];
    };
    for (const { key, value } of this.db.getRange({ start: 'payout/', end: 'payout/\uffff' })) {
      const e = fromJson<PayoutEntry>(key, value);
      if (account !== undefined && e.accountId !== account) flush();
      account = e.accountId;
      entries.push({ atMs: e.settledAtMs, batchId: e.batchId, netWei: e.netWei });
    }
    if (account !== undefined) flush();
  }

  /**
   * A provider's net PAT through each of its entries, by (settledAtMs, batchId): `net/<account>/<atMs>/<batchId>` holds the
   * sum of its entries' netWei up to and including that one, so what settled between two times is two reads (netBefore).
   */
  private netKey(accountId: number, atMs: number, batchId: number): string {
    return `net/${pad(accountId)}/${pad(Math.max(0, atMs))}/${pad(batchId)}`;
  }

  /** Adds an entry to its provider's net index (in a write transaction): after the last one, or (a clock set back) before later ones, which move by it. */
  private addToNetIndex(e: PayoutEntry): void {
    const key = this.netKey(e.accountId, e.settledAtMs, e.batchId);
    const prefix = `net/${pad(e.accountId)}/`;
    let before = 0n;
    for (const { key: k, value } of this.db.getRange({ start: key, end: prefix, reverse: true, limit: 1 })) before = fromJson<{ netWei: bigint }>(k, value).netWei;
    void this.db.put(key, toJson({ netWei: before + e.netWei }));
    for (const { key: k, value } of this.db.getRange({ start: key + '\u0000', end: prefix + '\uffff' })) {
      void this.db.put(k, toJson({ netWei: fromJson<{ netWei: bigint }>(k, value).netWei + e.netWei }));
    }
  }

  /** A provider's net PAT over its entries settled before `atMs` (one read of the net index). */
  netBefore(accountId: number, atMs: number): bigint {
    const prefix = `net/${pad(accountId)}/`;
    for (const { key, value } of this.db.getRange({ start: prefix + pad(Math.max(0, atMs)), end: prefix, reverse: true, limit: 1 })) return fromJson<{ netWei: bigint }>(key, value).netWei;
    return 0n;
  }

  private monthKey(accountId: number, month: string): string {
    return `month/${pad(accountId)}/${month}`;
  }

  private paidKey(address: string, month: string): string {
    return `paid-month/${address.toLowerCase()}/${month}`;
  }

  private throughKey(throughSeq: number): string {
    return `through/${pad(throughSeq)}`;
  }

  /** A recorded batch's withdrawals by (address, month) key: counted and summed. */
  private paidOf(r: OutboxRecord): Map<string, PaidMonth> {
    const month = utcMonth(paidAtMs(r));
    const out = new Map<string, PaidMonth>();
    for (const w of r.batch.withdrawals ?? []) {
      const k = this.paidKey(w.to, month);
      const p = out.get(k) ?? { month, count: 0, amountWei: 0n };
      out.set(k, { month, count: p.count + 1, amountWei: p.amountWei + w.amountWei });
    }
    return out;
  }

  private get<T>(key: string): T | undefined {
    const text = this.db.get(key);
    return text === undefined ? undefined : fromJson<T>(key, text);
  }

  // ----------------------------------------------------------- outbox

  outbox(batchId: number): OutboxRecord | undefined {
    return this.get<OutboxRecord>(`outbox/${pad(batchId)}`);
  }

  /** The newest outbox record, if any. */
  lastOutbox(): OutboxRecord | undefined {
    for (const { key, value } of this.db.getRange({ start: 'outbox/\uffff', end: 'outbox/', reverse: true, limit: 1 })) {
      return fromJson<OutboxRecord>(key, value);
    }
    return undefined;
  }

  /** Outbox records from `fromBatchId` on, oldest first. */
  *outboxFrom(fromBatchId: number): IterableIterator<OutboxRecord> {
    for (const { key, value } of this.db.getRange({ start: `outbox/${pad(fromBatchId)}`, end: 'outbox/\uffff' })) {
      yield fromJson<OutboxRecord>(key, value);
    }
  }

  /** Writes a record durably (the promise resolves after the commit is on disk). */
  async putOutbox(record: OutboxRecord): Promise<void> {
    await this.db.put(`outbox/${pad(record.batchId)}`, toJson(record));
  }

  /**
   * Marks a batch recorded and writes its payout entries, in one transaction, with the statement's totals: each entry
   * added to its provider's month row, the batch's withdrawals to their addresses' paid months, the batch to the
   * throughSeq index. A batch found recorded already (written again) adds nothing again.
   */
  async recordBatch(record: OutboxRecord, payouts: PayoutEntry[]): Promise<void> {
    await this.db.transaction(() => {
      const key = `outbox/${pad(record.batchId)}`;
      const before = this.get<OutboxRecord>(key);
      void this.db.put(key, toJson(record));
      const counted = new Set<string>();
      for (const p of payouts) {
        const payoutKey = `payout/${pad(p.accountId)}/${pad(p.batchId)}`;
        const known = before?.state === 'recorded' || this.db.get(payoutKey) !== undefined || counted.has(payoutKey);
        counted.add(payoutKey);
        void this.db.put(payoutKey, toJson(p));
        if (known) continue;
        const mk = this.monthKey(p.accountId, utcMonth(p.settledAtMs));
        const m = this.get<PayoutMonth>(mk) ?? emptyPayoutMonth(utcMonth(p.settledAtMs), p.batchId);
        addEntry(m, p);
        void this.db.put(mk, toJson(m));
        this.addToNetIndex(p);
      }
      if (before?.state === 'recorded' || record.state !== 'recorded') return;
      for (const [k, p] of this.paidOf(record)) {
        void this.db.put(k, toJson(withPaid(this.get<PaidMonth>(k), p)));
      }
      if (typeof record.batch.throughSeq !== 'number') return; // a record without its seq range (a test's): nothing to index
      const tk = this.throughKey(record.batch.throughSeq);
      if (this.db.get(tk) === undefined) {
        const afterSeq = record.batchId > 1 ? (this.outbox(record.batchId - 1)?.batch.throughSeq ?? 0) : 0;
        void this.db.put(tk, toJson({ batchId: record.batchId, throughSeq: record.batch.throughSeq, afterSeq }));
      }
    });
  }

  // ----------------------------------------------------------- the statement's totals

  /** A provider's month rows, newest first, at most `limit` (a read of that many rows). */
  payoutMonths(accountId: number, limit: number): PayoutMonth[] {
    const prefix = `month/${pad(accountId)}/`;
    const out: PayoutMonth[] = [];
    for (const { key, value } of this.db.getRange({ start: prefix + '\uffff', end: prefix, reverse: true, limit })) out.push(fromJson<PayoutMonth>(key, value));
    return out;
  }

  /** A provider's row of one month, if it has entries then. */
  payoutMonth(accountId: number, month: string): PayoutMonth | undefined {
    return this.get<PayoutMonth>(this.monthKey(accountId, month));
  }

  /** Withdrawals paid to an address, per month, newest first, at most `limit`. */
  paidMonths(address: string, limit: number): PaidMonth[] {
    if (address === '') return [];
    const prefix = `paid-month/${address.toLowerCase()}/`;
    const out: PaidMonth[] = [];
    for (const { key, value } of this.db.getRange({ start: prefix + '\uffff', end: prefix, reverse: true, limit })) out.push(fromJson<PaidMonth>(key, value));
    return out;
  }

  /** Withdrawals paid to an address in one month. */
  paidMonth(address: string, month: string): PaidMonth | undefined {
    return address === '' ? undefined : this.get<PaidMonth>(this.paidKey(address, month));
  }

  /**
   * The first recorded batch whose throughSeq reaches `seq` (the one that settled it), or undefined while none has: one
   * read of the index, where a walk of the outbox read every batch. Batches are recorded in order, so every batch but
   * the newest few (cut, sent, confirmed) is recorded, and the first recorded one to reach `seq` is the first to.
   */
  recordedThrough(seq: number): RecordedThrough | undefined {
    for (const { key, value } of this.db.getRange({ start: this.throughKey(seq), end: 'through/\uffff', limit: 1 })) return fromJson<RecordedThrough>(key, value);
    return undefined;
  }

  // ----------------------------------------------------------- payouts

  payouts(accountId: number, fromBatchId = 1, limit = 100): PayoutEntry[] {
    const out: PayoutEntry[] = [];
    const prefix = `payout/${pad(accountId)}/`;
    for (const { key, value } of this.db.getRange({ start: prefix + pad(fromBatchId), end: prefix + '\uffff', limit })) {
      out.push(fromJson<PayoutEntry>(key, value));
    }
    return out;
  }

  // ----------------------------------------------------------- watcher

  watcherCursor(): number | undefined {
    return this.get<{ lastBlock: number }>('watcher')?.lastBlock;
  }

  async setWatcherCursor(lastBlock: number): Promise<void> {
    await this.db.put('watcher', toJson({ lastBlock }));
  }

  /** Every kept unmatched deposit (at most the limit's `maxKept`, and the few the engine refused: watcher.ts). */
  unmatchedDeposits(): UnmatchedDeposit[] {
    const out: UnmatchedDeposit[] = [];
    for (const { key, value } of this.db.getRange({ start: 'unmatched/', end: 'unmatched/\uffff' })) out.push(fromJson<UnmatchedDeposit>(key, value));
    return out;
  }

  /** The kept unmatched deposits whose depositor `matches`: read from disk only for those (the rest are walked in memory). */
  unmatchedDepositsOf(matches: (depositor: string) => boolean): UnmatchedDeposit[] {
    const out: UnmatchedDeposit[] = [];
    for (const e of this.memory().kept) {
      if (!matches(e.depositor)) continue;
      const d = this.get<UnmatchedDeposit>(`unmatched/${e.ref}`);
      if (d !== undefined) out.push(d);
    }
    return out;
  }

  /** Kept unmatched deposits: how many, and their wei together. */
  keptUnmatched(): AggregatedDeposits {
    const { kept } = this.memory();
    return { deposits: kept.length, amountWei: kept.reduce((sum, e) => sum + e.amountWei, 0n) };
  }

  /** Unmatched deposits counted and summed, not kept one by one (AggregatedDeposits). */
  aggregatedDeposits(): AggregatedDeposits {
    return (this.aggregate ??= this.storedAggregate());
  }

  /** The aggregate on disk: read inside a write transaction, it is the latest whoever wrote it. */
  private storedAggregate(): AggregatedDeposits {
    return this.get<AggregatedDeposits>(AGGREGATE_KEY) ?? NO_AGGREGATE;
  }

  /**
   * Wei waiting for an account from `depositor` (lower case), its kept deposits together: a look-up, not a walk (a login
   * refused an opening asks it, and deposits from wallets that never log in stay waiting).
   */
  unmatchedWeiFrom(depositor: string): bigint {
    return this.memory().weiByDepositor.get(depositor) ?? 0n;
  }

  /** Keeps one unmatched deposit as it is, whatever the limits (one the engine refused to credit to an account); once per ref. */
  async putUnmatched(d: UnmatchedDeposit): Promise<void> {
    this.memory(); // read from disk before this one is on it
    const key = `unmatched/${d.ref}`;
    const known = this.db.get(key) !== undefined;
    await this.db.put(key, toJson(d));
    if (!known) this.remember(d);
  }

  /**
   * A range's deposits that no account has, in chain order, with the watcher's cursor moved to `lastBlock`, in one
   * transaction: a deposit below `minKeptWei` is aggregated; one more than `maxKept` pushes the smallest (itself, when it
   * is not larger than every kept one) into the aggregate. Atomic with the cursor, so a range read again after a crash
   * is not counted twice. A ref kept already is left as it is. Called by the watcher's one loop, never concurrently.
   */
  async keepUnmatched(deposits: readonly UnmatchedDeposit[], lastBlock: number, limits: UnmatchedLimits): Promise<UnmatchedOutcome> {
    const kept = [...this.memory().kept];
    const keptRefs = new Set(kept.map((e) => e.ref));
    // Read again (a cursor set back): what the aggregate holds already is not counted twice.
    const through = this.aggregatedDeposits().throughBlock ?? -1;
    const added = new Map<string, UnmatchedDeposit>();
    const aggregated: UnmatchedDeposit[] = [];
    const evicted: string[] = [];
    for (const d of deposits) {
      if (keptRefs.has(d.ref) || d.blockNumber <= through) continue;
      if (d.amountWei < limits.minKeptWei) {
        aggregated.push(d);
        continue;
      }
      const entry = { ref: d.ref, depositor: d.depositor, amountWei: d.amountWei };
      kept.splice(insertionIndex(kept, d.amountWei), 0, entry);
      keptRefs.add(d.ref);
      added.set(d.ref, d);
      // Over the most: the smallest goes (of equal ones the newest), so a flood of small deposits cannot push out a larger one.
      while (kept.length > limits.maxKept) {
        const out = kept.shift()!;
        keptRefs.delete(out.ref);
        const fresh = added.get(out.ref);
        if (fresh !== undefined) {
          added.delete(out.ref);
          aggregated.push(fresh);
        } else {
          evicted.push(out.ref);
        }
      }
    }
    const pushedOut = evicted.flatMap((ref) => this.get<UnmatchedDeposit>(`unmatched/${ref}`) ?? []);
    let written: AggregatedDeposits | undefined;
    await this.db.transaction(() => {
      for (const d of added.values()) void this.db.put(`unmatched/${d.ref}`, toJson(d));
      for (const ref of evicted) void this.db.remove(`unmatched/${ref}`);
      const sum = [...aggregated, ...pushedOut].reduce((a, d) => ({ deposits: a.deposits + 1, amountWei: a.amountWei + d.amountWei }), this.storedAggregate());
      if (sum.deposits > 0) void this.db.put(AGGREGATE_KEY, toJson((written = { deposits: sum.deposits, amountWei: sum.amountWei, throughBlock: lastBlock })));
      void this.db.put('watcher', toJson({ lastBlock }));
    });
    // Memory follows once the transaction is on disk, kept and aggregated together: a reader never sees a deposit in both or neither.
    for (const d of added.values()) this.remember(d);
    for (const d of pushedOut) this.forget(d);
    if (written !== undefined) this.aggregate = written;
    return { kept: [...added.values()], aggregated: [...aggregated, ...pushedOut] };
  }

  /** An aggregated deposit credited at last (by its ref, ChainWatcher.creditAggregated): out of the aggregate. */
  async takeAggregated(amountWei: bigint): Promise<void> {
    let left: AggregatedDeposits | undefined;
    await this.db.transaction(() => {
      const now = this.storedAggregate();
      // Never below nothing: a deposit credited this way was aggregated, but the sum is not the place to find out otherwise.
      left = { ...now, deposits: Math.max(0, now.deposits - 1), amountWei: now.amountWei > amountWei ? now.amountWei - amountWei : 0n };
      void this.db.put(AGGREGATE_KEY, toJson(left));
    });
    this.aggregate = left;
  }

  async removeUnmatched(ref: string): Promise<void> {
    this.memory();
    const d = this.get<UnmatchedDeposit>(`unmatched/${ref}`);
    await this.db.remove(`unmatched/${ref}`);
    if (d !== undefined) this.forget(d);
  }

  /** Whether a deposit is kept unmatched one by one. */
  keepsUnmatched(ref: string): boolean {
    return this.db.get(`unmatched/${ref}`) !== undefined;
  }

  private memory(): { kept: KeptEntry[]; weiByDepositor: Map<string, bigint> } {
    if (this.unmatched === undefined) {
      this.unmatched = { kept: [], weiByDepositor: new Map() };
      for (const d of this.unmatchedDeposits()) this.remember(d);
    }
    return this.unmatched;
  }

  private remember(d: UnmatchedDeposit): void {
    const m = this.memory();
    m.kept.splice(insertionIndex(m.kept, d.amountWei), 0, { ref: d.ref, depositor: d.depositor, amountWei: d.amountWei });
    m.weiByDepositor.set(d.depositor, (m.weiByDepositor.get(d.depositor) ?? 0n) + d.amountWei);
  }

  private forget(d: UnmatchedDeposit): void {
    const m = this.memory();
    const at = m.kept.findIndex((e) => e.ref === d.ref);
    if (at >= 0) m.kept.splice(at, 1);
    const left = (m.weiByDepositor.get(d.depositor) ?? 0n) - d.amountWei;
    if (left > 0n) m.weiByDepositor.set(d.depositor, left);
    else m.weiByDepositor.delete(d.depositor);
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}
