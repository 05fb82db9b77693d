/**
 * The dashboards' figures over time (issue 81, item 3), derived from the journal and kept in LMDB
 * under `<dataDir>/dashboards` (journal-read-model.ts): what each provider sold, what was redeemed
 * from it, delivered and evidenced, what its escrow released and what claims took back, per listing
 * and in all; what each account bought, spent, exercised, had delivered and was refunded, and what
 * its subscriptions did. One record per (account, listing, hour) that moved: a read of N hours reads
 * at most N records per listing asked, whatever the traffic was.
 *
 * A record remembers the last journal seq it took: a turn taken again after a crash (its figures on
 * disk, the model's saved seq behind them) adds nothing twice. What turns add is gathered in memory
 * and written in one go: before a read, before the model saves its progress (so the saved seq never
 * runs ahead of the figures), at close, or when many records wait; not once per turn, which cost the
 * engine's thread a tenth of its time at 20k orders/s (issue 79). Records written and not yet
 * committed stay in `pending` until their put commits (lmdb-js reads see only committed writes), so
 * the next gathering starts from what was written, not from what is on disk.
 *
 * Which listing a figure belongs to comes from the journal too: a series' segment (SERIES_LISTED's
 * contract), a provider's listing of a segment (PROVIDER_LISTING_SET), a grant's listing (the
 * exercise's redemption). They are kept in the same store, so a restart that replays from the middle
 * of the journal still knows them.
 */
import type { Database, Key } from 'lmdb';
import { EventType, ReleaseReason, Side, type EngineEvent } from '../engine/index.js';
import { JournalReadModel, type DerivedStoreOptions } from '../read-models/journal-read-model.js';
import type { ReplayedTurn } from '../read-models/replay.js';

export const HOUR_MS = 3_600_000;
/**
 * The store's layout and meaning (another version is built again from the journal). 2: a consumer's refundMicros is
 * what was paid back (2026-12-02); version 1 kept what was due at its price, beside the paid figures of later hours.
 */
const FIGURES_VERSION = 2;
/** The listing slot of a provider's figures over all its listings (listing ids start at 1). */
export const ALL_LISTINGS = 0;

/** A provider's figures in one bucket, by name (µPAT for money, rights for quantities). */
export const PROVIDER_FIELDS = ['soldQty', 'soldMicros', 'redeemedQty', 'deliveredQty', 'evidencedQty', 'deliveries', 'releasedMicros', 'refundedMicros'] as const;
/** An account's figures as a buyer in one bucket. */
export const CONSUMER_FIELDS = ['boughtQty', 'spentMicros', 'exercisedQty', 'evidencedQty', 'refundMicros', 'subscriptionFills', 'subscriptionQty', 'subscriptionCostMicros', 'subscriptionSkips', 'subscriptionExercisedQty'] as const;

export type ProviderField = (typeof PROVIDER_FIELDS)[number];
export type ConsumerField = (typeof CONSUMER_FIELDS)[number];
const PROVIDER_INDEX = Object.fromEntries(PROVIDER_FIELDS.map((f, i) => [f, i])) as Record<ProviderField, number>;
const CONSUMER_INDEX = Object.fromEntries(CONSUMER_FIELDS.map((f, i) => [f, i])) as Record<ConsumerField, number>;
export type ProviderFigures = Record<ProviderField, number>;
export type ConsumerFigures = Record<ConsumerField, number>;

type ProviderKey = [accountId: number, listingId: number, hourMs: number];
type ConsumerKey = [accountId: number, hourMs: number];

/** Writes not committed yet, by key text, so the next turn reads them back (reads see committed writes only). */
class PendingWrites<K extends Key, V> {
  private readonly pending = new Map<string, V>();
  constructor(private readonly db: Database<V, K>) {}

  get(key: K): V | undefined {
    return this.pending.get(JSON.stringify(key)) ?? this.db.get(key);
  }

  put(key: K, value: V): Promise<boolean> {
    const text = JSON.stringify(key);
    this.pending.set(text, value);
    const written = this.db.put(key, value);
    void written.then(() => {
      if (this.pending.get(text) === value) this.pending.delete(text);
    });
    return written;
  }
}

/**
 * A small table read on the order path (a sale's listing), kept whole in memory: every write goes
 * through here, so what is remembered, found or not, is what the store holds or will.
 */
class RememberedValues<K extends Key, V> {
  private readonly known = new Map<string, V | undefined>();
  constructor(
    private readonly writes: PendingWrites<K, V>,
    private readonly text: (key: K) => string,
  ) {}

  get(key: K): V | undefined {
    const text = this.text(key);
    if (this.known.has(text)) return this.known.get(text);
    const value = this.writes.get(key);
    this.known.set(text, value);
    return value;
  }

  put(key: K, value: V): Promise<boolean> {
    this.known.set(this.text(key), value);
    return this.writes.put(key, value);
  }
}

export class DashboardFigures {
  /** Resolves once every write made so far is committed (a read waits for it: read your own fills). */
  private lastWrite: Promise<unknown> = Promise.resolve();
  /** Writes the figures gathered since the last write (TurnRecorder.flush). */
  private flush: () => void = () => undefined;

  private constructor(
    /** How far it has read the journal, and `take` for each turn (src/read-models/journal-following.ts). */
    readonly model: JournalReadModel,
    private readonly providers: Database<Buffer, ProviderKey>,
    private readonly consumers: Database<Buffer, ConsumerKey>,
  ) {}

  /** Opens the store under the data directory; it takes turns through `model.take` (JournalModels feeds it). */
  static create(dataDir: string, options: DerivedStoreOptions = {}): DashboardFigures {
    const model = new JournalReadModel(dataDir, 'dashboards', 5, FIGURES_VERSION, options);
    const env = model.env;
    const providers = env.openDB<Buffer, ProviderKey>({ name: 'provider-hours', encoding: 'binary' });
    const consumers = env.openDB<Buffer, ConsumerKey>({ name: 'consumer-hours', encoding: 'binary' });
    const figures = new DashboardFigures(model, providers, consumers);
    const recorder = new TurnRecorder(
      new PendingWrites(providers),
      new PendingWrites(consumers),
      new RememberedValues(new PendingWrites(env.openDB<string, number>({ name: 'series-segments' })), String),
      new RememberedValues(new PendingWrites(env.openDB<number, [number, string]>({ name: 'provider-listings' })), ([accountId, segment]) => `${accountId}|${segment}`),
      new PendingWrites(env.openDB<number, number>({ name: 'grant-listings' })),
      (written) => (figures.lastWrite = written),
    );
    model.recordWith((turn) => recorder.record(turn));
    // What is gathered is written before the model saves how far it has read: a saved seq never runs ahead of its figures.
    model.flushWith(() => recorder.flush());
    figures.flush = () => recorder.flush();
    return figures;
  }

  /** A provider's hourly records of one listing (ALL_LISTINGS: every listing) in [fromMs, toMs), oldest first. */
  async providerHours(accountId: number, listingId: number, fromMs: number, toMs: number): Promise<Array<{ hourMs: number; figures: ProviderFigures }>> {
    this.flush();
    await this.lastWrite;
    const out: Array<{ hourMs: number; figures: ProviderFigures }> = [];
    for (const { key, value } of this.providers.getRange({ start: [accountId, listingId, fromMs], end: [accountId, listingId, toMs] })) {
      out.push({ hourMs: key[2], figures: named(PROVIDER_FIELDS, value) });
    }
    return out;
  }

  /** An account's hourly records as a buyer in [fromMs, toMs), oldest first. */
  async consumerHours(accountId: number, fromMs: number, toMs: number): Promise<Array<{ hourMs: number; figures: ConsumerFigures }>> {
    this.flush();
    await this.lastWrite;
    const out: Array<{ hourMs: number; figures: ConsumerFigures }> = [];
    for (const { key, value } of this.consumers.getRange({ start: [accountId, fromMs], end: [accountId, toMs] })) {
      out.push({ hourMs: key[1], figures: named(CONSUMER_FIELDS, value) });
    }
    return out;
  }

  close(): Promise<void> {
    return this.model.close();
  }
}

function named<F extends string>(fields: readonly F[], value: Buffer): Record<F, number> {
  const out = {} as Record<F, number>;
  fields.forEach((f, i) => (out[f] = value.readDoubleLE(i * 8)));
  return out;
}

/**
 * One record's figures as gathered since the last flush: what the store held at its first touch
 * (with the seq it had taken, `storedSeq`) plus what later turns added, its last slot the last
 * seq taken. Written once per flush, not once per turn.
 */
interface Gathered {
  kind: 'p' | 'c';
  key: ProviderKey | ConsumerKey;
  sums: Float64Array;
  storedSeq: number;
}

/** The most records gathered before they are written anyway (a bound on the memory between flushes). */
const MAX_GATHERED = 4_096;

/**
 * Turns events into hourly figures. What a turn adds is gathered in memory, record by record,
 * and written when asked (`flush`: before a read, before the model saves its progress, at close)
 * or once MAX_GATHERED records wait: an LMDB read and write per record per turn, and their
 * transaction, were a tenth of the engine thread's time at 20k orders/s (issue 79).
 */
class TurnRecorder {
  private readonly gathered = new Map<string, Gathered>();
  /**
   * The consumers' records of the turn's hour by account, beside `gathered`: building a text key
   * per fill (two per fill) was most of this model's time at 50k orders/s (issue 79).
   */
  private readonly consumersOfHour = new Map<number, Gathered>();
  private consumersHourMs = -1;
  /** The turn being taken: its hour and last seq. */
  private hourMs = 0;
  private lastSeq = 0;

  constructor(
    private readonly providers: PendingWrites<ProviderKey, Buffer>,
    private readonly consumers: PendingWrites<ConsumerKey, Buffer>,
    private readonly seriesSegments: RememberedValues<number, string>,
    private readonly providerListings: RememberedValues<[number, string], number>,
    private readonly grantListings: PendingWrites<number, number>,
    private readonly wrote: (written: Promise<unknown>) => void,
  ) {}

  record(turn: ReplayedTurn): void {
    this.hourMs = Math.floor(turn.timeMs / HOUR_MS) * HOUR_MS;
    this.lastSeq = turn.lastSeq;
    // Indexed, not for-of: unoptimized, for-of allocates an iterator result per event (issue 79).
    for (let k = 0; k < turn.events.length; k++) this.take(turn.events[k]!);
    if (this.gathered.size >= MAX_GATHERED) this.flush();
  }

  /** Writes what was gathered (lmdb-js commits it in order, before any write made after this). */
  flush(): void {
    let last: Promise<unknown> | undefined;
    for (const g of this.gathered.values()) {
      const bytes = Buffer.from(g.sums.buffer);
      last = g.kind === 'p' ? this.providers.put(g.key as ProviderKey, bytes) : this.consumers.put(g.key as ConsumerKey, bytes);
    }
    this.gathered.clear();
    this.consumersOfHour.clear();
    if (last !== undefined) this.wrote(last);
  }

  private provider(accountId: number, listingId: number, field: ProviderField, amount: number): void {
    const i = PROVIDER_INDEX[field];
    this.add(this.gather('p', accountId, ALL_LISTINGS), i, amount);
    if (listingId !== ALL_LISTINGS) this.add(this.gather('p', accountId, listingId), i, amount);
  }

  private consumer(accountId: number, field: ConsumerField, amount: number): void {
    if (this.consumersHourMs !== this.hourMs) {
      this.consumersOfHour.clear();
      this.consumersHourMs = this.hourMs;
    }
    let g = this.consumersOfHour.get(accountId);
    if (g === undefined) {
      g = this.gather('c', accountId, ALL_LISTINGS);
      this.consumersOfHour.set(accountId, g);
    }
    this.add(g, CONSUMER_INDEX[field], amount);
  }

  /** A record of the turn's hour as gathered (a consumer's has no listing): read from the store at its first touch. */
  private gather(kind: 'p' | 'c', accountId: number, listingId: number): Gathered {
    const text = kind === 'p' ? `p${accountId},${listingId},${this.hourMs}` : `c${accountId},${this.hourMs}`;
    let g = this.gathered.get(text);
    if (g === undefined) {
      const size = (kind === 'p' ? PROVIDER_FIELDS.length : CONSUMER_FIELDS.length) + 1;
      const sums = new Float64Array(size);
      const key: ProviderKey | ConsumerKey = kind === 'p' ? [accountId, listingId, this.hourMs] : [accountId, this.hourMs];
      const stored = kind === 'p' ? this.providers.get(key as ProviderKey) : this.consumers.get(key as ConsumerKey);
      if (stored !== undefined) for (let i = 0; i < size; i++) sums[i] = stored.readDoubleLE(i * 8);
      g = { kind, key, sums, storedSeq: sums[size - 1]! };
      this.gathered.set(text, g);
    }
    return g;
  }

  /** Adds to a record's figures, unless it took this turn already (a replay after a crash). */
  private add(g: Gathered, index: number, amount: number): void {
    // Turns come in seq order: the record took this one before (and wrote it) only if its stored seq reaches it.
    if (g.storedSeq >= this.lastSeq) return;
    g.sums[index]! += amount;
    g.sums[g.sums.length - 1] = this.lastSeq;
  }

  private listingOf(accountId: number, seriesId: number): number {
    const segment = this.seriesSegments.get(seriesId);
    return segment === undefined ? ALL_LISTINGS : (this.providerListings.get([accountId, segment]) ?? ALL_LISTINGS);
  }

  private grantListing(grantId: number, accountId: number, seriesId: number): number {
    const listing = grantId === 0 ? undefined : this.grantListings.get(grantId);
    return listing === undefined || listing === ALL_LISTINGS ? this.listingOf(accountId, seriesId) : listing;
  }

  private take(e: EngineEvent): void {
    switch (e.type) {
      case EventType.SERIES_LISTED:
        void this.seriesSegments.put(e.seriesId, e.contract.split('|')[0]!);
        return;
      case EventType.PROVIDER_LISTING_SET:
        void this.providerListings.put([e.accountId, e.segment], e.listingId);
        return;
      case EventType.FILL: {
        const buyerTook = e.takerSide === Side.BUY;
        const buyer = buyerTook ? e.takerAccountId : e.makerAccountId;
        this.consumer(buyer, 'boughtQty', e.qty);
        // With the fee it paid (docs/fees.md; absent under a zero schedule), as a subscription's costMicros has it.
        this.consumer(buyer, 'spentMicros', e.qty * e.priceMicros + ((buyerTook ? e.takerFeeMicros : e.makerFeeMicros) ?? 0));
        return;
      }
      case EventType.SALE_PROCEEDS_HELD: {
        const listing = this.listingOf(e.accountId, e.seriesId);
        this.provider(e.accountId, listing, 'soldQty', e.qty);
        this.provider(e.accountId, listing, 'soldMicros', e.heldMicros);
        return;
      }
      case EventType.RIGHTS_EXERCISED:
        this.consumer(e.accountId, 'exercisedQty', e.qty);
        for (const r of e.redemptions) {
          const listing = r.listingId === 0 ? this.listingOf(r.providerAccountId, e.seriesId) : r.listingId;
          void this.grantListings.put(r.grantId, listing);
          this.provider(r.providerAccountId, listing, 'redeemedQty', r.qty);
        }
        return;
      case EventType.ESCROW_RELEASED: {
        const listing = this.grantListing(e.grantId, e.accountId, e.seriesId);
        if (e.reason === ReleaseReason.DELIVERED) this.provider(e.accountId, listing, 'deliveredQty', e.qty);
        this.provider(e.accountId, listing, 'releasedMicros', e.releasedMicros);
        return;
      }
      case EventType.DELIVERY_EVIDENCED: {
        const listing = this.grantListing(e.grantId, e.providerAccountId, e.seriesId);
        this.provider(e.providerAccountId, listing, 'evidencedQty', e.qty);
        this.provider(e.providerAccountId, listing, 'deliveries', 1);
        this.consumer(e.consumerAccountId, 'evidencedQty', e.qty);
        return;
      }
      case EventType.CLAIM_RESOLVED: {
        const listing = this.grantListing(e.grantId, e.providerAccountId, e.seriesId);
        this.provider(e.providerAccountId, listing, 'refundedMicros', e.fromHeldMicros + e.fromProviderMicros);
        this.provider(e.providerAccountId, listing, 'releasedMicros', e.releasedMicros);
        // What the consumer was paid back, not what was due at its price: the shortfall (the broker's spread and the
        // provider's fees, above what the grant held) is not refunded (docs/delivery.md).
        this.consumer(e.consumerAccountId, 'refundMicros', e.fromHeldMicros + e.fromProviderMicros);
        return;
      }
      case EventType.USAGE_SETTLED: {
        // A usage grant's unused units refunded at its end (its used share was the ESCROW_RELEASED before).
        const listing = this.grantListing(e.grantId, e.providerAccountId, e.seriesId);
        this.provider(e.providerAccountId, listing, 'refundedMicros', e.refundMicros);
        this.consumer(e.consumerAccountId, 'refundMicros', e.refundMicros);
        return;
      }
      case EventType.SUBSCRIPTION_FILLED:
        this.consumer(e.accountId, 'subscriptionFills', 1);
        this.consumer(e.accountId, 'subscriptionQty', e.qty);
        this.consumer(e.accountId, 'subscriptionCostMicros', e.costMicros);
        return;
      case EventType.SUBSCRIPTION_SKIPPED:
        this.consumer(e.accountId, 'subscriptionSkips', 1);
        return;
      case EventType.SUBSCRIPTION_EXERCISED:
        this.consumer(e.accountId, 'subscriptionExercisedQty', e.qty);
        return;
      default:
        return;
    }
  }
}
