/**
 * The catalog's storage: LMDB under `<dataDir>/catalog`. Listings by id, samples
 * content-addressed by SHA-256 (an identical sample is stored once), and the
 * catalog's own audit log (who moved which listing where, and why), all written
 * synchronously: a catalog change is acknowledged only once it is on disk.
 * Consumers' purchases (which listing versions stood behind each right bought) are
 * derived from the journal, so they are written asynchronously with the journal
 * seq they reach, by a thread of their own (purchase-writer.ts): after a crash they
 * are caught up from there.
 *
 * In a replicated group (docs/replication.md) the leader's store tells a hook of every
 * write (`replicateTo`), which ships it to the catalog stream; a standby's store takes
 * the same writes with `applyReplicated`, which is idempotent (listings by id, audit
 * entries by seq, samples by content, the next listing id as a maximum).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import type { Listing } from './listing.js';
import type { SignalRecord } from './model-feed.js';
import type { Purchase } from './purchase.js';
import { purchasesIn, purchasesThrough, readPurchaseBlock } from './purchase-blocks.js';
import { decodePurchase, purchasedSeries } from './purchase-record.js';
import { PurchaseWriter } from './purchase-writer.js';
import { PURCHASE_DBS } from './purchase-writer-messages.js';

/** Signals per catalog write when a whole store is shipped (allWrites). */
const SIGNAL_WRITE_BATCH = 1_000;

export interface CatalogAuditEntry {
  seq: number;
  atMs: number;
  listingId: number;
  /** 'provider:<accountId>', 'operator:<name>' or 'system'. */
  actor: string;
  action: 'create' | 'submit' | 'publish' | 'reject' | 'update' | 'unpublish' | 'take_down' | 'rate' | 'hide_rating' | 'attach_reference' | 'delete' | 'purge' | 'submit_version' | 'approve_version' | 'reject_version' | 'conformance_divergence' | 'dismiss_conformance' | 'model_feed_drift' | 'dismiss_drift' | 'rating_not_counted';
  fromStatus: string;
  toStatus: string;
  /** The version live (or current, unpublished) after the action: what a purchase at that time bought. */
  version: number;
  /** submit_version and reject_version: the version awaiting review the row is about. */
  pendingVersion?: number;
  reason?: string;
}

/** One catalog write as it travels to a standby; purchases are not among them (they are derived from the journal). */
export type CatalogWrite =
  | { kind: 'listing'; listing: Listing }
  | { kind: 'sample'; sha256: string; bytes: Uint8Array }
  | { kind: 'audit'; entry: CatalogAuditEntry }
  | { kind: 'next-listing-id'; nextListingId: number }
  | { kind: 'listing-deleted'; id: number }
  | { kind: 'sample-deleted'; sha256: string }
  /** A model feed's signals, new or with their outcome: upserted by (listing, seq). */
  | { kind: 'signals'; listingId: number; signals: SignalRecord[] }
  /** A model feed's signal records below `beforeSeq` removed (folded into its daily aggregates first). */
  | { kind: 'signals-pruned'; listingId: number; beforeSeq: number };

/** Where a leader's store sends its writes (the catalog shipper), and when they are safely elsewhere. */
export interface CatalogReplication {
  /** Called right after each write is stored here, in the order they were stored. */
  wrote(write: CatalogWrite): void;
  /** Resolves once every write told so far is held by the replicated stream. */
  replicated(): Promise<void>;
}

export class CatalogStore {
  private replication: CatalogReplication | undefined;
  private readonly purchaseWriter: PurchaseWriter;

  private constructor(
    private readonly env: RootDatabase,
    private readonly listings: Database<Listing, number>,
    private readonly samples: Database<Buffer, string>,
    private readonly audit: Database<CatalogAuditEntry, number>,
    private readonly meta: Database<number, string>,
    /** Blocks by [consumer account, first trade id] (purchase-blocks.ts): one consumer's purchases are one ordered range. */
    private readonly purchases: Database<Uint8Array, [number, number]>,
    /** Model feeds' signals by [listing, seq]: one feed's signals are one ordered range. */
    private readonly signals: Database<SignalRecord, [number, number]>,
    /** A signal's seq by [listing, signal id] (idempotent posts, outcomes by id). */
    private readonly signalIds: Database<number, [number, string]>,
    dir: string,
  ) {
    this.purchaseWriter = new PurchaseWriter(dir);
  }

  static open(dataDir: string): CatalogStore {
    const dir = join(dataDir, 'catalog');
    mkdirSync(dir, { recursive: true });
    const env = openStore({ path: dir, maxDbs: PURCHASE_DBS.maxDbs });
    return new CatalogStore(
      env,
      env.openDB<Listing, number>({ name: 'listings' }),
      env.openDB<Buffer, string>({ name: 'samples', encoding: 'binary' }),
      env.openDB<CatalogAuditEntry, number>({ name: 'audit' }),
      env.openDB<number, string>({ name: PURCHASE_DBS.meta }),
      env.openDB<Uint8Array, [number, number]>({ name: PURCHASE_DBS.purchases, encoding: 'binary' }),
      env.openDB<SignalRecord, [number, number]>({ name: 'signals' }),
      env.openDB<number, [number, string]>({ name: 'signal-ids' }),
      dir,
    );
  }

  *allListings(): IterableIterator<Listing> {
    for (const { value } of this.listings.getRange()) yield value;
  }

  /** From now on every write is also told to `replication` (the leader of a replicated group). */
  replicateTo(replication: CatalogReplication): void {
    this.replication = replication;
  }

  /**
   * Every replicated write this store holds, as writes: what the first leader on an empty
   * catalog stream ships (a catalog kept before replication was turned on). Samples first,
   * so a listing never arrives before its sample.
   */
  *allWrites(): IterableIterator<CatalogWrite> {
    for (const { key, value } of this.samples.getRange()) yield { kind: 'sample', sha256: key, bytes: value };
    for (const listing of this.allListings()) yield { kind: 'listing', listing };
    for (const entry of this.allAudit()) yield { kind: 'audit', entry };
    let batch: SignalRecord[] = [];
    let batchListing = 0;
    for (const { key, value } of this.signals.getRange()) {
      if (key[0] !== batchListing || batch.length >= SIGNAL_WRITE_BATCH) {
        if (batch.length > 0) yield { kind: 'signals', listingId: batchListing, signals: batch };
        batch = [];
        batchListing = key[0];
      }
      batch.push(value);
    }
    if (batch.length > 0) yield { kind: 'signals', listingId: batchListing, signals: batch };
    yield { kind: 'next-listing-id', nextListingId: this.meta.get('nextListingId') ?? 1 };
  }

  /** Resolves once the writes made so far are replicated; at once without replication. */
  replicated(): Promise<void> {
    return this.replication?.replicated() ?? Promise.resolve();
  }

  nextListingId(): number {
    const id = (this.meta.get('nextListingId') ?? 1);
    this.meta.putSync('nextListingId', id + 1);
    this.replication?.wrote({ kind: 'next-listing-id', nextListingId: id + 1 });
    return id;
  }

  putListing(listing: Listing): void {
    this.listings.putSync(listing.id, listing);
    this.replication?.wrote({ kind: 'listing', listing });
  }

  /** Many listings in one transaction (imports, benches); ids must be below the next one handed out. */
  importListings(listings: readonly Listing[]): void {
    this.env.transactionSync(() => {
      for (const l of listings) this.listings.putSync(l.id, l);
      const next = listings.reduce((n, l) => Math.max(n, l.id + 1), this.meta.get('nextListingId') ?? 1);
      this.meta.putSync('nextListingId', next);
    });
    for (const listing of listings) this.replication?.wrote({ kind: 'listing', listing });
    this.replication?.wrote({ kind: 'next-listing-id', nextListingId: this.meta.get('nextListingId') ?? 1 });
  }

  /**
   * Stores a sample (once per content). Written asynchronously: LMDB copies and commits a
   * 10 MiB value on its own write thread, not the engine's; the caller awaits it before it
   * stores the listing that names the sample.
   */
  async putSample(sha256: string, bytes: Uint8Array): Promise<void> {
    if (this.samples.doesExist(sha256)) return;
    await this.samples.put(sha256, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.replication?.wrote({ kind: 'sample', sha256, bytes });
  }

  /**
   * A model feed's signals, new or with their outcome, in one transaction (synchronous: a post
   * is acknowledged only once on disk).
   */
  putSignals(listingId: number, signals: readonly SignalRecord[]): void {
    if (signals.length === 0) return;
    this.env.transactionSync(() => this.writeSignals(listingId, signals));
    this.replication?.wrote({ kind: 'signals', listingId, signals: [...signals] });
  }

  private writeSignals(listingId: number, signals: readonly SignalRecord[]): void {
    for (const s of signals) {
      void this.signals.put([listingId, s.seq], s);
      void this.signalIds.put([listingId, s.signalId], s.seq);
    }
  }

  /** A signal by its id, if kept. */
  signalById(listingId: number, signalId: string): SignalRecord | undefined {
    const seq = this.signalIds.get([listingId, signalId]);
    return seq === undefined ? undefined : this.signals.get([listingId, seq]);
  }

  /** A kept signal by its seq. */
  signal(listingId: number, seq: number): SignalRecord | undefined {
    return this.signals.get([listingId, seq]);
  }

  /** A model feed's kept signals from `fromSeq`, oldest first. */
  *signalsOf(listingId: number, fromSeq = 0): IterableIterator<SignalRecord> {
    for (const { value } of this.signals.getRange({ start: [listingId, fromSeq], end: [listingId, Number.MAX_SAFE_INTEGER] })) yield value;
  }

  /** Removes a model feed's signal records below `beforeSeq` (their ids too: a pruned id may not be posted again, the feed's aggregates remember it). */
  pruneSignals(listingId: number, beforeSeq: number): void {
    this.env.transactionSync(() => this.removeSignals(listingId, beforeSeq));
    this.replication?.wrote({ kind: 'signals-pruned', listingId, beforeSeq });
  }

  private removeSignals(listingId: number, beforeSeq: number): void {
    for (const { key, value } of this.signals.getRange({ start: [listingId, 0], end: [listingId, beforeSeq] })) {
      void this.signals.remove(key);
      void this.signalIds.remove([listingId, value.signalId]);
    }
  }

  /** Removes a listing (a draft its provider deleted, or the operator purged). */
  deleteListing(id: number): void {
    this.removeSignals(id, Number.MAX_SAFE_INTEGER);
    this.listings.removeSync(id);
    this.replication?.wrote({ kind: 'listing-deleted', id });
  }

  /** Removes a sample no listing names any more. */
  async deleteSample(sha256: string): Promise<void> {
    await this.samples.remove(sha256);
    this.replication?.wrote({ kind: 'sample-deleted', sha256 });
  }

  sample(sha256: string): Buffer | undefined {
    return this.samples.get(sha256);
  }

  appendAudit(entry: Omit<CatalogAuditEntry, 'seq'>): CatalogAuditEntry {
    const seq = this.meta.get('nextAuditSeq') ?? 1;
    const full = { seq, ...entry };
    this.audit.putSync(seq, full);
    this.meta.putSync('nextAuditSeq', seq + 1);
    this.replication?.wrote({ kind: 'audit', entry: full });
    return full;
  }

  /**
   * A write the leader made, taken from the catalog stream (a standby), together with the
   * stream seq it ends at, in one transaction: a restart resumes after that seq. Applying
   * a write again changes nothing.
   */
  applyReplicated(write: CatalogWrite, streamSeq: number): void {
    this.env.transactionSync(() => {
      if (write.kind === 'listing') this.listings.putSync(write.listing.id, write.listing);
      else if (write.kind === 'sample') {
        if (!this.samples.doesExist(write.sha256)) this.samples.putSync(write.sha256, Buffer.from(write.bytes));
      } else if (write.kind === 'listing-deleted') {
        this.removeSignals(write.id, Number.MAX_SAFE_INTEGER);
        this.listings.removeSync(write.id);
      }
      else if (write.kind === 'sample-deleted') this.samples.removeSync(write.sha256);
      else if (write.kind === 'signals') this.writeSignals(write.listingId, write.signals);
      else if (write.kind === 'signals-pruned') this.removeSignals(write.listingId, write.beforeSeq);
      else if (write.kind === 'audit') {
        this.audit.putSync(write.entry.seq, write.entry);
        this.meta.putSync('nextAuditSeq', Math.max(this.meta.get('nextAuditSeq') ?? 1, write.entry.seq + 1));
      } else this.meta.putSync('nextListingId', Math.max(this.meta.get('nextListingId') ?? 1, write.nextListingId));
      this.meta.putSync('replicatedStreamSeq', streamSeq);
    });
  }

  /** A record of the catalog stream that is not the store's (the named operators) was applied through `streamSeq`. */
  markReplicated(streamSeq: number): void {
    this.meta.putSync('replicatedStreamSeq', streamSeq);
  }

  /** The catalog stream seq of the end of a grant ledger's seed, as this node applied or wrote it (src/replication/grant-ledger-seeding.ts). */
  markGrantLedgerSeeded(streamSeq: number): void {
    this.meta.putSync('grantLedgerSeededStreamSeq', streamSeq);
  }

  /** Where this node last saw a grant ledger seed end on the catalog stream (0: never). */
  grantLedgerSeededStreamSeq(): number {
    return this.meta.get('grantLedgerSeededStreamSeq') ?? 0;
  }

  /** The catalog stream seq this store has applied through (0: none); a standby resumes after it. */
  replicatedStreamSeq(): number {
    return this.meta.get('replicatedStreamSeq') ?? 0;
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

  /**
   * Purchases and the journal seq they reach, in one transaction (so a stored seq implies its
   * purchases), written on the purchase writer's thread; resolves once committed.
   */
  recordPurchases(purchases: readonly Purchase[], throughSeq: number): Promise<unknown> {
    // The ledger's progress alone (its 5 s save) in a service that has sold nothing since its start: the writer's thread
    // would start only for it (a thread's start, ~0.1-0.25 s of CPU, and its polls for the rest of the run).
    if (purchases.length === 0 && !this.purchaseWriter.started) return this.putPurchaseProgress(throughSeq);
    return this.purchaseWriter.record(purchases, throughSeq);
  }

  /** Whether the purchase writer's thread runs (it starts with the first purchase to write). */
  get purchaseThreadStarted(): boolean {
    return this.purchaseWriter.started;
  }

  /**
   * The seq the purchases reach, with none to write: put in an asynchronous transaction (lmdb's own write, not the
   * engine's thread), never below the seq stored, so that one the writer's thread, started meanwhile, committed with
   * its purchases is never moved back.
   */
  private putPurchaseProgress(throughSeq: number): Promise<unknown> {
    return this.env.transaction(() => {
      if ((this.meta.get(PURCHASE_DBS.throughSeqKey) ?? 0) < throughSeq) void this.meta.put(PURCHASE_DBS.throughSeqKey, throughSeq);
    });
  }

  /**
   * The purchase ledger's last save, at the service's stop (the engine's thread stopped): the seq it reaches, committed
   * now. When the writer's thread never started (nothing bought since this start, the service up less than the ledger's
   * 5 s save) the seq is put here, synchronously, so no write of the thread's can be ordered around it: starting the
   * thread only for it cost each such stop a thread's start (~0.25 s of CPU) and up to its 250 ms poll. Else the thread
   * commits it with what it holds at once, not at its next poll.
   */
  recordPurchasesAtStop(throughSeq: number): Promise<unknown> {
    if (!this.purchaseWriter.started) {
      this.meta.putSync(PURCHASE_DBS.throughSeqKey, throughSeq);
      return Promise.resolve();
    }
    const committed = this.purchaseWriter.record([], throughSeq);
    this.purchaseWriter.hurry();
    return committed;
  }

  /** The purchases recorded and not yet committed are committed now, not at the writer's next poll (a read waits for them). */
  hurryPurchases(): void {
    this.purchaseWriter.hurry();
  }

  /** Forgets every purchase and the seq they reached: the ledger is derived again from the journal (read-models/rebuilt-if-ahead-or-cut.ts). */
  clearPurchases(): void {
    this.purchases.clearSync();
    this.meta.removeSync(PURCHASE_DBS.throughSeqKey);
  }

  /**
   * Forgets the purchases when they were stored under another layout (PURCHASES_LAYOUT): the ledger
   * derives them again from the journal. Returns whether it did.
   */
  purchasesOfLayout(layout: number): boolean {
    const stored = this.meta.get(PURCHASE_DBS.layoutKey) ?? 1;
    if (stored === layout) return false;
    const had = this.purchasesThroughSeq() > 0;
    this.clearPurchases();
    this.meta.putSync(PURCHASE_DBS.layoutKey, layout);
    return had;
  }

  /** The journal seq the stored purchases reach (0: none yet). */
  purchasesThroughSeq(): number {
    return this.meta.get(PURCHASE_DBS.throughSeqKey) ?? 0;
  }

  /**
   * One consumer's purchases, newest first, optionally of one series only. Unfiltered, only the page's blocks are
   * decoded (those before it are skipped by their headers' counts) and the total is the newest block's.
   */
  purchasesOf(consumerAccountId: number, offset: number, limit: number, seriesId?: number): { total: number; purchases: Purchase[] } {
    const all = { start: [consumerAccountId, Number.MAX_SAFE_INTEGER], end: [consumerAccountId, -1], reverse: true };
    const out: Purchase[] = [];
    let total = 0;
    if (seriesId === undefined) {
      let skip = offset;
      for (const { value } of this.purchases.getRange(all)) {
        if (total === 0) total = purchasesThrough(value);
        if (out.length >= limit) break;
        const count = purchasesIn(value);
        if (skip >= count) {
          skip -= count;
          continue;
        }
        const { records } = readPurchaseBlock(value);
        for (let i = records.length - 1 - skip; i >= 0 && out.length < limit; i--) out.push(decodePurchase(consumerAccountId, records[i]!));
        skip = 0;
      }
      return { total, purchases: out };
    }
    for (const { value } of this.purchases.getRange(all)) {
      const { records } = readPurchaseBlock(value);
      for (let i = records.length - 1; i >= 0; i--) {
        if (purchasedSeries(records[i]!) !== seriesId) continue;
        if (total >= offset && out.length < limit) out.push(decodePurchase(consumerAccountId, records[i]!));
        total++;
      }
    }
    return { total, purchases: out };
  }

  async close(): Promise<void> {
    await this.purchaseWriter.close();
    await this.env.close();
  }
}
