/**
 * The catalog's storage: LMDB under `<dataDir>/catalog`. Listings by id, samples
 * content-addressed by SHA-256 (an identical sample is stored once), and the
 * catalog's own audit log (who moved which listing where, and why), all written
 * synchronously: a catalog change is acknowledged only once it is on disk.
 * Consumers' purchases (which listing versions stood behind each right bought) are
 * derived from the journal, so they are written asynchronously with the journal
 * seq they reach: after a crash they are caught up from there.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { Listing } from './listing.js';
import type { Purchase } from './purchases.js';

export interface CatalogAuditEntry {
  seq: number;
  atMs: number;
  listingId: number;
  /** 'provider:<accountId>', 'operator:<name>' or 'system'. */
  actor: string;
  action: 'create' | 'submit' | 'publish' | 'reject' | 'update' | 'unpublish' | 'take_down' | 'rate' | 'hide_rating' | 'attach_reference';
  fromStatus: string;
  toStatus: string;
  version: number;
  reason?: string;
}

export class CatalogStore {
  private constructor(
    private readonly env: RootDatabase,
    private readonly listings: Database<Listing, number>,
    private readonly samples: Database<Buffer, string>,
    private readonly audit: Database<CatalogAuditEntry, number>,
    private readonly meta: Database<number, string>,
    /** By [consumer account, trade id]: one consumer's purchases are one ordered range. */
    private readonly purchases: Database<Purchase, [number, number]>,
  ) {}

  static open(dataDir: string): CatalogStore {
    const dir = join(dataDir, 'catalog');
    mkdirSync(dir, { recursive: true });
    const env = open({ path: dir, maxDbs: 8 });
    return new CatalogStore(
      env,
      env.openDB<Listing, number>({ name: 'listings' }),
      env.openDB<Buffer, string>({ name: 'samples', encoding: 'binary' }),
      env.openDB<CatalogAuditEntry, number>({ name: 'audit' }),
      env.openDB<number, string>({ name: 'meta' }),
      env.openDB<Purchase, [number, number]>({ name: 'purchases' }),
    );
  }

  *allListings(): IterableIterator<Listing> {
    for (const { value } of this.listings.getRange()) yield value;
  }

  nextListingId(): number {
    const id = (this.meta.get('nextListingId') ?? 1);
    this.meta.putSync('nextListingId', id + 1);
    return id;
  }

  putListing(listing: Listing): void {
    this.listings.putSync(listing.id, listing);
  }

  /** Many listings in one transaction (imports, benches); ids must be below the next one handed out. */
  importListings(listings: readonly Listing[]): void {
    this.env.transactionSync(() => {
      for (const l of listings) this.listings.putSync(l.id, l);
      const next = listings.reduce((n, l) => Math.max(n, l.id + 1), this.meta.get('nextListingId') ?? 1);
      this.meta.putSync('nextListingId', next);
    });
  }

  putSample(sha256: string, bytes: Uint8Array): void {
    if (this.samples.doesExist(sha256)) return;
    this.samples.putSync(sha256, Buffer.from(bytes));
  }

  sample(sha256: string): Buffer | undefined {
    return this.samples.get(sha256);
  }

  appendAudit(entry: Omit<CatalogAuditEntry, 'seq'>): CatalogAuditEntry {
    const seq = this.meta.get('nextAuditSeq') ?? 1;
    const full = { seq, ...entry };
    this.audit.putSync(seq, full);
    this.meta.putSync('nextAuditSeq', seq + 1);
    return full;
  }

  auditPage(fromSeq: number, limit: number, listingId?: number): CatalogAuditEntry[] {
    const out: CatalogAuditEntry[] = [];
    for (const { value } of this.audit.getRange({ start: fromSeq })) {
      if (listingId !== undefined && value.listingId !== listingId) continue;
      out.push(value);
      if (out.length >= limit) break;
    }
    return out;
  }

  *allAudit(): IterableIterator<CatalogAuditEntry> {
    for (const { value } of this.audit.getRange()) yield value;
  }

  /** Purchases and the journal seq they reach, in one transaction (so a stored seq implies its purchases). */
  recordPurchases(purchases: readonly Purchase[], throughSeq: number): Promise<unknown> {
    return this.env.transaction(() => {
      for (const p of purchases) void this.purchases.put([p.consumerAccountId, p.tradeId], p);
      void this.meta.put('purchasesThroughSeq', throughSeq);
    });
  }

  /** The journal seq the stored purchases reach (0: none yet). */
  purchasesThroughSeq(): number {
    return this.meta.get('purchasesThroughSeq') ?? 0;
  }

  /** One consumer's purchases, newest first, optionally of one series only. */
  purchasesOf(consumerAccountId: number, offset: number, limit: number, seriesId?: number): { total: number; purchases: Purchase[] } {
    const out: Purchase[] = [];
    let total = 0;
    const range = this.purchases.getRange({ start: [consumerAccountId, Number.MAX_SAFE_INTEGER], end: [consumerAccountId, -1], reverse: true });
    for (const { value } of range) {
      if (seriesId !== undefined && value.seriesId !== seriesId) continue;
      if (total >= offset && out.length < limit) out.push(value);
      total++;
    }
    return { total, purchases: out };
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}
