/**
 * The settlement store: one LMDB environment per deployment (chain id and vault
 * address) under `<dataDir>/settlement/`, separate from the journal. It holds
 *   - the outbox: every batch, written (and fsynced) before it is sent, with its
 *     state: cut -> sent -> confirmed -> recorded;
 *   - the payout ledger: each provider's sales per batch, with the transaction;
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
    return new SettlementStore(env, db);
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

  /** Marks a batch recorded and writes its payout entries, in one transaction. */
  async recordBatch(record: OutboxRecord, payouts: PayoutEntry[]): Promise<void> {
    await this.db.transaction(() => {
      void this.db.put(`outbox/${pad(record.batchId)}`, toJson(record));
      for (const p of payouts) void this.db.put(`payout/${pad(p.accountId)}/${pad(p.batchId)}`, toJson(p));
    });
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
