/**
 * Providers' identities (docs/providers.md): what the operator recorded when it verified a
 * provider (legal name, jurisdiction, payout address, the KYC vendor's case reference, the
 * payee the payouts are reported for, the sanctions/PEP screening) and every change to it,
 * with who, when and why. LMDB under `<dataDir>/providers`, created 600 in a 700 directory
 * like every file of the data dir (src/app/data-dir-mode.ts). The journal and the engine never
 * see these fields: the engine keeps only the `verified` flag (SET_PROVIDER_VERIFIED),
 * which is all anyone outside the operator's risk role learns.
 *
 * Writes are synchronous, the record and its audit row in one transaction. In a replicated
 * group the leader's store tells a hook of every write (`replicateTo`: the catalog shipper),
 * and a standby's store takes them with `applyReplicated` (docs/replication.md), so a new
 * leader holds the records the old one had.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress } from 'ethers';
import type { Database, RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import { z } from 'zod';

/** The private fields, as the operator gives them. */
export interface IdentityFields {
  legalName: string;
  /** ISO 3166-1 alpha-2, optionally with a subdivision (`DE`, `US-DE`). */
  jurisdiction: string;
  /** EIP-55 checksummed `0x` address; the provider's own wallet (the vault pays an account's own address only). */
  payoutAddress: string;
  /** The KYC vendor's case id, to find the file there: the documents themselves are never stored here. */
  kycReference: string;
}

export const IDENTITY_FIELDS = ['legalName', 'jurisdiction', 'payoutAddress', 'kycReference'] as const satisfies readonly (keyof IdentityFields)[];

export const PAYEE_TYPES = ['individual', 'business'] as const;
export type PayeeType = (typeof PAYEE_TYPES)[number];

/** Who the payouts are paid to and reported for (a marketplace's seller reporting: name, TIN, address, residence). */
export interface Payee {
  /** The beneficiary's legal name, as on its tax registration. */
  name: string;
  type: PayeeType;
  /** ISO 3166-1 alpha-2 country of tax residence. */
  taxResidence: string;
  /** The tax identification number (TIN, VAT id) as issued there. */
  taxId: string;
  /** The registered (business) or residential (individual) postal address, as one text. */
  address: string;
}

export const PAYEE_FIELDS = ['name', 'type', 'taxResidence', 'taxId', 'address'] as const satisfies readonly (keyof Payee)[];

export const SCREENING_STATUSES = ['pending', 'clear', 'flagged', 'rejected'] as const;
export type ScreeningStatus = (typeof SCREENING_STATUSES)[number];

/** The sanctions/PEP screening as the operator last set it: what, when, by whom, and its note. */
export interface Screening {
  status: ScreeningStatus;
  atMs: number;
  by: string;
  note: string;
  /** The screening vendor's case id, when there is one. */
  reference?: string;
}

/** A flagged or rejected screening holds payouts as an unverified provider's are (docs/providers.md, "Screening"). */
export function screeningHolds(status: ScreeningStatus): boolean {
  return status === 'flagged' || status === 'rejected';
}

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
  /** Null until the operator records it (records verified before payee fields existed have none). */
  payee: Payee | null;
  screening: Screening;
}

/** What the engine's flag should say for this record: verified, and no screening that holds payouts. */
export function payable(record: ProviderIdentity): boolean {
  return record.verified && !screeningHolds(record.screening.status);
}

/** What the engine's freeze should say for this record (rules 19): a screening that holds freezes its own deposits too. */
export function frozen(record: ProviderIdentity): boolean {
  return screeningHolds(record.screening.status);
}

export type IdentityAction = 'verify' | 'update' | 'revoke' | 'screen';

/** A field an audit row names: the identity fields, the payee's (`payee.taxId`) and the screening status. */
export type IdentityAuditField = keyof IdentityFields | `payee.${keyof Payee}` | 'screening';

/** One change of a record: the audit row. `changes` holds the private values; the API shows them to the risk role only. */
export interface IdentityAuditEntry {
  id: number;
  atMs: number;
  operator: string;
  accountId: number;
  action: IdentityAction;
  reason: string;
  changes: Array<{ field: IdentityAuditField; from: string | null; to: string }>;
}

/**
 * One write of the store as it travels to a standby: the account's record as it now is
 * (`null`: removed; absent: unchanged) and an audit row added or removed. Applying one
 * again changes nothing.
 */
export interface IdentityWrite {
  accountId: number;
  record?: ProviderIdentity | null;
  audit?: IdentityAuditEntry;
  removedAuditId?: number;
}

/** Where a leader's store sends its writes (the catalog shipper), and when they are safely elsewhere. */
export interface IdentityReplication {
  /** Called right after each write is stored here, in the order they were stored. */
  identityChanged(write: IdentityWrite): void;
  /** Resolves once every write told so far is held by the replicated stream. */
  replicated(): Promise<void>;
}

// What a standby accepts from the stream: the shapes above, nothing else (a malformed record stops the follower).
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const ms = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const payeeSchema = z.strictObject({ name: z.string(), type: z.enum(PAYEE_TYPES), taxResidence: z.string(), taxId: z.string(), address: z.string() });
const screeningSchema = z.strictObject({ status: z.enum(SCREENING_STATUSES), atMs: ms, by: z.string(), note: z.string(), reference: z.string().optional() });
const recordSchema = z.strictObject({
  accountId: id,
  legalName: z.string(),
  jurisdiction: z.string(),
  payoutAddress: z.string(),
  kycReference: z.string(),
  verified: z.boolean(),
  verifiedAtMs: ms,
  verifiedBy: z.string(),
  updatedAtMs: ms,
  updatedBy: z.string(),
  revokedAtMs: ms.optional(),
  revokedBy: z.string().optional(),
  revokeReason: z.string().optional(),
  payee: payeeSchema.nullable(),
  screening: screeningSchema,
});
const auditSchema = z.strictObject({
  id,
  atMs: ms,
  operator: z.string(),
  accountId: id,
  action: z.enum(['verify', 'update', 'revoke', 'screen']),
  reason: z.string(),
  changes: z.array(z.strictObject({ field: z.string(), from: z.string().nullable(), to: z.string() })),
});
const writeSchema = z
  .strictObject({ accountId: id, record: recordSchema.nullable().optional(), audit: auditSchema.optional(), removedAuditId: id.optional() })
  .refine((w) => (w.record == null || w.record.accountId === w.accountId) && (w.audit === undefined || w.audit.accountId === w.accountId), 'a record or audit row of another account');

/**
 * A record as the routes use it: one stored before payee and screening existed reads with
 * no payee and a pending screening since its verification, and its payout address checksummed.
 */
function current(stored: ProviderIdentity): ProviderIdentity {
  const partial = stored as Omit<ProviderIdentity, 'payee' | 'screening'> & Partial<Pick<ProviderIdentity, 'payee' | 'screening'>>;
  const payoutAddress = /^0x[0-9a-fA-F]{40}$/.test(stored.payoutAddress) ? getAddress(stored.payoutAddress.toLowerCase()) : stored.payoutAddress;
  if (partial.payee !== undefined && partial.screening !== undefined && payoutAddress === stored.payoutAddress) return stored;
  return { ...partial, payoutAddress, payee: partial.payee ?? null, screening: partial.screening ?? { status: 'pending', atMs: stored.verifiedAtMs, by: stored.verifiedBy, note: '' } };
}

/** The audit index's version, kept under INDEX_VERSION_KEY in it (no account is 0). */
const AUDIT_INDEX_VERSION = 1;
const INDEX_VERSION_KEY: [number, number] = [0, 0];

export class IdentityStore {
  private nextAuditId: number;
  /** Changes run one after another: each reads the record and the engine as the previous left them. */
  private queue: Promise<unknown> = Promise.resolve();
  private replication: IdentityReplication | undefined;

  private constructor(
    private readonly env: RootDatabase,
    private readonly records: Database<ProviderIdentity, number>,
    private readonly auditRows: Database<IdentityAuditEntry, number>,
    /**
     * The audit rows' ids by [accountId, id]: one provider's history (its page, and its statement's held payouts, read
     * per statement) was found by reading every provider's rows. Written with each row; built once for a store from
     * before it (AUDIT_INDEX_VERSION under INDEX_VERSION_KEY).
     */
    private readonly auditByAccount: Database<number, [number, number]>,
  ) {
    let last = 0;
    for (const key of auditRows.getKeys({ reverse: true, limit: 1 })) last = key;
    this.nextAuditId = last + 1;
    if (auditByAccount.get(INDEX_VERSION_KEY) !== AUDIT_INDEX_VERSION) {
      env.transactionSync(() => {
        for (const { value } of auditRows.getRange()) void auditByAccount.put([value.accountId, value.id], value.id);
        void auditByAccount.put(INDEX_VERSION_KEY, AUDIT_INDEX_VERSION);
      });
    }
  }

  static open(dataDir: string): IdentityStore {
    const dir = join(dataDir, 'providers');
    mkdirSync(dir, { recursive: true });
    const env = openStore({ path: dir, maxDbs: 3 });
    return new IdentityStore(
      env,
      env.openDB<ProviderIdentity, number>({ name: 'identity' }),
      env.openDB<IdentityAuditEntry, number>({ name: 'audit' }),
      env.openDB<number, [number, number]>({ name: 'audit-by-account' }),
    );
  }

  /** From now on every write is also told to `replication` (the leader of a replicated group). */
  replicateTo(replication: IdentityReplication): void {
    this.replication = replication;
  }

  /** Resolves once the writes made so far are replicated; at once without replication. */
  replicated(): Promise<void> {
    return this.replication?.replicated() ?? Promise.resolve();
  }

  /** Runs `change` after every change queued before it (a refusal or undo of one never clobbers another's write). */
  exclusive<T>(change: () => Promise<T>): Promise<T> {
    const run = this.queue.then(change, change);
    this.queue = run.catch(() => undefined);
    return run;
  }

  get(accountId: number): ProviderIdentity | undefined {
    const stored = this.records.get(accountId);
    return stored === undefined ? undefined : current(stored);
  }

  all(): ProviderIdentity[] {
    return [...this.records.getRange()].map((e) => current(e.value));
  }

  /** Writes the new record and its audit row together; returns the row. */
  write(record: ProviderIdentity, row: Omit<IdentityAuditEntry, 'id'>): IdentityAuditEntry {
    const entry = { ...row, id: this.nextAuditId };
    this.env.transactionSync(() => {
      void this.records.put(record.accountId, record);
      void this.auditRows.put(entry.id, entry);
      void this.auditByAccount.put([entry.accountId, entry.id], entry.id);
    });
    this.nextAuditId++;
    this.replication?.identityChanged({ accountId: record.accountId, record, audit: entry });
    return entry;
  }

  /** Undoes a write the engine then refused: the record as it was (or none), the row gone. */
  undo(entry: IdentityAuditEntry, previous: ProviderIdentity | undefined): void {
    this.env.transactionSync(() => {
      if (previous === undefined) void this.records.remove(entry.accountId);
      else void this.records.put(previous.accountId, previous);
      void this.auditRows.remove(entry.id);
      void this.auditByAccount.remove([entry.accountId, entry.id]);
    });
    this.replication?.identityChanged({ accountId: entry.accountId, record: previous ?? null, removedAuditId: entry.id });
  }

  /**
   * A write the leader made, taken from the catalog stream (a standby). Validated first: a
   * malformed one throws and changes nothing (the follower stops on it). Idempotent: records
   * by account, audit rows by id.
   */
  applyReplicated(write: unknown): void {
    const w = writeSchema.parse(write) as IdentityWrite;
    this.env.transactionSync(() => {
      if (w.record === null) void this.records.remove(w.accountId);
      else if (w.record !== undefined) void this.records.put(w.accountId, w.record);
      if (w.audit !== undefined) {
        void this.auditRows.put(w.audit.id, w.audit);
        void this.auditByAccount.put([w.audit.accountId, w.audit.id], w.audit.id);
      }
      if (w.removedAuditId !== undefined) {
        const removed = this.auditRows.get(w.removedAuditId);
        void this.auditRows.remove(w.removedAuditId);
        if (removed !== undefined) void this.auditByAccount.remove([removed.accountId, removed.id]);
      }
    });
    // The leader never reuses an id it handed out: nor does this node once it leads.
    const top = Math.max(w.audit?.id ?? 0, w.removedAuditId ?? 0);
    if (top >= this.nextAuditId) this.nextAuditId = top + 1;
  }

  /** Every record and audit row as writes: what the first leader on an empty catalog stream ships. */
  *allWrites(): IterableIterator<IdentityWrite> {
    for (const { key, value } of this.records.getRange()) yield { accountId: key, record: current(value) };
    for (const { value } of this.auditRows.getRange()) yield { accountId: value.accountId, audit: value };
  }

  /** Audit rows from `fromId`, oldest first, optionally one account's. */
  audit(fromId: number, limit: number, accountId?: number): IdentityAuditEntry[] {
    const out: IdentityAuditEntry[] = [];
    if (accountId === undefined) {
      for (const { value } of this.auditRows.getRange({ start: fromId, limit })) out.push(value);
      return out;
    }
    for (const id of this.auditByAccount.getRange({ start: [accountId, fromId], end: [accountId + 1, 0], limit }).map(({ value }) => value)) {
      const row = this.auditRows.get(id);
      if (row !== undefined) out.push(row);
    }
    return out;
  }

  /**
   * Whether `accountId` was paid out at a time (for the statement's held payouts), from its
   * audit rows: verified, and no screening that holds payouts. The rows are read once, and
   * the returned check asks them for each time; `changesAtMs` are those rows' times.
   */
  verifiedAt(accountId: number): ((atMs: number) => boolean) & { readonly changesAtMs: readonly number[] } {
    const changes = this.audit(1, Number.MAX_SAFE_INTEGER, accountId).filter((r) => r.action !== 'update');
    // The times its answer may change: the same between two of them (the statement's held PAT reads its months by them).
    return Object.assign((atMs: number) => {
      let verified = false;
      let held = false;
      for (const row of changes) {
        if (row.atMs > atMs) break;
        if (row.action === 'screen') {
          const to = row.changes.find((c) => c.field === 'screening')?.to;
          held = to === 'flagged' || to === 'rejected';
        } else verified = row.action === 'verify';
      }
      return verified && !held;
    }, { changesAtMs: changes.map((r) => r.atMs) });
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}
