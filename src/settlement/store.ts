/**
 * The settlement store: one LMDB environment per deployment (chain id and vault
 * address) under `<dataDir>/settlement/`, separate from the journal. It holds
 *   - the outbox: every batch, written (and fsynced) before it is sent, with its
 *     state: cut -> sent -> confirmed -> recorded;
 *   - the payout ledger: each provider's sales per batch, with the transaction;
 *   - the chain watcher's cursor (the last block whose deposits were credited);
 *   - deposits that could not be credited (no account has the depositor's address).
 * Values are JSON (bigints as decimal strings) so that tools outside lmdb-js can read them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
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

const pad = (n: number): string => n.toString().padStart(16, '0');

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
  /** Wei of the deposits waiting for an account, by depositor: read once from disk, then kept with each put and remove. */
  private waitingWei: Map<string, bigint> | undefined;

  private constructor(
    private readonly env: RootDatabase,
    private readonly db: Database<string, string>,
  ) {}

  static open(dir: string, options: { readOnly?: boolean } = {}): SettlementStore {
    if (options.readOnly !== true) mkdirSync(dir, { recursive: true });
    const env = open({ path: dir, readOnly: options.readOnly ?? false, maxDbs: 2 });
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

  unmatchedDeposits(): UnmatchedDeposit[] {
    const out: UnmatchedDeposit[] = [];
    for (const { key, value } of this.db.getRange({ start: 'unmatched/', end: 'unmatched/\uffff' })) out.push(fromJson<UnmatchedDeposit>(key, value));
    return out;
  }

  /**
   * Wei waiting for an account from `depositor` (lower case), its deposits together: a look-up, not a walk (a login
   * refused an opening asks it, and deposits from wallets that never log in stay waiting).
   */
  unmatchedWeiFrom(depositor: string): bigint {
    return this.waiting().get(depositor) ?? 0n;
  }

  async putUnmatched(d: UnmatchedDeposit): Promise<void> {
    this.waiting(); // read from disk before this one is on it
    const key = `unmatched/${d.ref}`;
    const known = this.db.get(key) !== undefined;
    await this.db.put(key, toJson(d));
    if (!known) this.addWaiting(d.depositor, d.amountWei);
  }

  async removeUnmatched(ref: string): Promise<void> {
    this.waiting();
    const d = this.get<UnmatchedDeposit>(`unmatched/${ref}`);
    await this.db.remove(`unmatched/${ref}`);
    if (d !== undefined) this.addWaiting(d.depositor, -d.amountWei);
  }

  private waiting(): Map<string, bigint> {
    if (this.waitingWei === undefined) {
      this.waitingWei = new Map();
      for (const d of this.unmatchedDeposits()) this.waitingWei.set(d.depositor, (this.waitingWei.get(d.depositor) ?? 0n) + d.amountWei);
    }
    return this.waitingWei;
  }

  private addWaiting(depositor: string, wei: bigint): void {
    const map = this.waiting();
    const left = (map.get(depositor) ?? 0n) + wei;
    if (left > 0n) map.set(depositor, left);
    else map.delete(depositor);
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}
