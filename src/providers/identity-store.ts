/**
 * Providers' identities (docs/providers.md): what the operator recorded when it verified a
 * provider (legal name, jurisdiction, payout address, the KYC vendor's case reference) and
 * every change to it, with who, when and why. LMDB under `<dataDir>/providers`, created 600
 * in a 700 directory like every file of the data dir (src/data-dir-mode.ts). The journal
 * and the engine never see these fields: the engine keeps only the `verified` flag
 * (SET_PROVIDER_VERIFIED), which is all anyone outside the operator's risk role learns.
 *
 * Writes are synchronous, the record and its audit row in one transaction.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';

/** The private fields, as the operator gives them. */
export interface IdentityFields {
  legalName: string;
  /** ISO 3166-1 alpha-2, optionally with a subdivision (`DE`, `US-DE`). */
  jurisdiction: string;
  /** Lower-case `0x` address; the provider's own wallet (the vault pays an account's own address only). */
  payoutAddress: string;
  /** The KYC vendor's case id, to find the file there: the documents themselves are never stored here. */
  kycReference: string;
}

export const IDENTITY_FIELDS = ['legalName', 'jurisdiction', 'payoutAddress', 'kycReference'] as const satisfies readonly (keyof IdentityFields)[];

export interface ProviderIdentity extends IdentityFields {
  accountId: number;
  verified: boolean;
  verifiedAtMs: number;
  verifiedBy: string;
  updatedAtMs: number;
  updatedBy: string;
  /** Set while revoked: when, by whom, why. */
  revokedAtMs?: number;
  revokedBy?: string;
  revokeReason?: string;
}

export type IdentityAction = 'verify' | 'update' | 'revoke';

/** One change of a record: the audit row. `changes` holds the private values; the API shows them to the risk role only. */
export interface IdentityAuditEntry {
  id: number;
  atMs: number;
  operator: string;
  accountId: number;
  action: IdentityAction;
  reason: string;
  changes: Array<{ field: keyof IdentityFields; from: string | null; to: string }>;
}

export class IdentityStore {
  private nextAuditId: number;
  /** Changes run one after another: each reads the record and the engine as the previous left them. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly env: RootDatabase,
    private readonly records: Database<ProviderIdentity, number>,
    private readonly auditRows: Database<IdentityAuditEntry, number>,
  ) {
    let last = 0;
    for (const key of auditRows.getKeys({ reverse: true, limit: 1 })) last = key;
    this.nextAuditId = last + 1;
  }

  static open(dataDir: string): IdentityStore {
    const dir = join(dataDir, 'providers');
    mkdirSync(dir, { recursive: true });
    const env = open({ path: dir, maxDbs: 2 });
    return new IdentityStore(env, env.openDB<ProviderIdentity, number>({ name: 'identity' }), env.openDB<IdentityAuditEntry, number>({ name: 'audit' }));
  }

  /** Runs `change` after every change queued before it (a refusal or undo of one never clobbers another's write). */
  exclusive<T>(change: () => Promise<T>): Promise<T> {
    const run = this.queue.then(change, change);
    this.queue = run.catch(() => undefined);
    return run;
  }

  get(accountId: number): ProviderIdentity | undefined {
    return this.records.get(accountId);
  }

  all(): ProviderIdentity[] {
    return [...this.records.getRange()].map((e) => e.value);
  }

  /** Writes the new record and its audit row together; returns the row. */
  write(record: ProviderIdentity, row: Omit<IdentityAuditEntry, 'id'>): IdentityAuditEntry {
    const entry = { ...row, id: this.nextAuditId };
    this.env.transactionSync(() => {
      void this.records.put(record.accountId, record);
      void this.auditRows.put(entry.id, entry);
    });
    this.nextAuditId++;
    return entry;
  }

  /** Undoes a write the engine then refused: the record as it was (or none), the row gone. */
  undo(entry: IdentityAuditEntry, previous: ProviderIdentity | undefined): void {
    this.env.transactionSync(() => {
      if (previous === undefined) void this.records.remove(entry.accountId);
      else void this.records.put(previous.accountId, previous);
      void this.auditRows.remove(entry.id);
    });
  }

  /** Audit rows from `fromId`, oldest first, optionally one account's. */
  audit(fromId: number, limit: number, accountId?: number): IdentityAuditEntry[] {
    const out: IdentityAuditEntry[] = [];
    for (const { value } of this.auditRows.getRange({ start: fromId })) {
      if (accountId !== undefined && value.accountId !== accountId) continue;
      out.push(value);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Whether `accountId` was verified at a time, from its audit rows (for the statement's held
   * payouts): the rows are read once, and the returned check asks them for each time.
   */
  verifiedAt(accountId: number): (atMs: number) => boolean {
    const changes = this.audit(1, Number.MAX_SAFE_INTEGER, accountId).filter((r) => r.action !== 'update');
    return (atMs) => {
      let verified = false;
      for (const row of changes) {
        if (row.atMs > atMs) break;
        verified = row.action === 'verify';
      }
      return verified;
    };
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}
