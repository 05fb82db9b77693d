/**
 * The dashboards' figures over time (issue 81, item 3), derived from the journal and kept in LMDB
 * under `<dataDir>/dashboards` (journal-read-model.ts): what each provider sold, what was redeemed
 * from it, delivered and evidenced, what its escrow released and what claims took back, per listing
 * and in all; what each account bought, spent, exercised, had delivered and was refunded, and what
 * its subscriptions did. One record per (account, listing, hour) that moved: a read of N hours reads
 * at most N records per listing asked, whatever the traffic was.
 *
 * A record remembers the last journal seq it took: a turn taken again after a crash (its figures on
 * disk, the model's saved seq behind them) adds nothing twice. Records written and not yet committed
 * stay in `pending` until their put commits (lmdb-js reads see only committed writes), so the next
 * turn adds to what it wrote, not to what is on disk.
 *
 * Which listing a figure belongs to comes from the journal too: a series' segment (SERIES_LISTED's
 * contract), a provider's listing of a segment (PROVIDER_LISTING_SET), a grant's listing (the
 * exercise's redemption). They are kept in the same store, so a restart that replays from the middle
 * of the journal still knows them.
 */
import type { Database, Key } from 'lmdb';
import { EventType, ReleaseReason, Side, type EngineEvent } from '../engine/index.js';
import { JournalReadModel } from '../read-models/journal-read-model.js';
import type { ReplayedTurn } from '../read-models/replay.js';

export const HOUR_MS = 3_600_000;
/** The store's layout (another version is built again from the journal). */
const FIGURES_VERSION = 1;
/** The listing slot of a provider's figures over all its listings (listing ids start at 1). */
export const ALL_LISTINGS = 0;

/** A provider's figures in one bucket, by name (µPAT for money, rights for quantities). */
export const PROVIDER_FIELDS = ['soldQty', 'soldMicros', 'redeemedQty', 'deliveredQty', 'evidencedQty', 'deliveries', 'releasedMicros', 'refundedMicros'] as const;
/** An account's figures as a buyer in one bucket. */
export const CONSUMER_FIELDS = ['boughtQty', 'spentMicros', 'exercisedQty', 'evidencedQty', 'refundMicros', 'subscriptionFills', 'subscriptionQty', 'subscriptionCostMicros', 'subscriptionSkips', 'subscriptionExercisedQty'] as const;

export type ProviderField = (typeof PROVIDER_FIELDS)[number];
export type ConsumerField = (typeof CONSUMER_FIELDS)[number];
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

export class DashboardFigures {
  /** Resolves once every write made so far is committed (a read waits for it: read your own fills). */
  private lastWrite: Promise<unknown> = Promise.resolve();

  private constructor(
    /** How far it has read the journal, and `take` for each turn (src/read-models/journal-following.ts). */
    readonly model: JournalReadModel,
    private readonly providers: Database<Buffer, ProviderKey>,
    private readonly consumers: Database<Buffer, ConsumerKey>,
  ) {}

  /** Opens the store under the data directory; it takes turns through `model.take` (JournalModels feeds it). */
  static create(dataDir: string): DashboardFigures {
    const model = new JournalReadModel(dataDir, 'dashboards', 5, FIGURES_VERSION);
    const env = model.env;
    const providers = env.openDB<Buffer, ProviderKey>({ name: 'provider-hours', encoding: 'binary' });
    const consumers = env.openDB<Buffer, ConsumerKey>({ name: 'consumer-hours', encoding: 'binary' });
    const figures = new DashboardFigures(model, providers, consumers);
    const recorder = new TurnRecorder(
      new PendingWrites(providers),
      new PendingWrites(consumers),
      new PendingWrites(env.openDB<string, number>({ name: 'series-segments' })),
      new PendingWrites(env.openDB<number, [number, string]>({ name: 'provider-listings' })),
      new PendingWrites(env.openDB<number, number>({ name: 'grant-listings' })),
      (written) => (figures.lastWrite = written),
    );
    model.recordWith((turn) => recorder.record(turn));
    return figures;
  }

  /** A provider's hourly records of one listing (ALL_LISTINGS: every listing) in [fromMs, toMs), oldest first. */
  async providerHours(accountId: number, listingId: number, fromMs: number, toMs: number): Promise<Array<{ hourMs: number; figures: ProviderFigures }>> {
    await this.lastWrite;
    const out: Array<{ hourMs: number; figures: ProviderFigures }> = [];
    for (const { key, value } of this.providers.getRange({ start: [accountId, listingId, fromMs], end: [accountId, listingId, toMs] })) {
      out.push({ hourMs: key[2], figures: named(PROVIDER_FIELDS, value) });
    }
    return out;
  }

  /** An account's hourly records as a buyer in [fromMs, toMs), oldest first. */
  async consumerHours(accountId: number, fromMs: number, toMs: number): Promise<Array<{ hourMs: number; figures: ConsumerFigures }>> {
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

/** A turn's additions to one record, before they are written. */
interface Addition {
  fields: Float64Array;
  write(record: Buffer): Promise<boolean>;
  stored(): Buffer | undefined;
}

/** Turns events into hourly additions and writes them, each record once per turn. */
class TurnRecorder {
  constructor(
    private readonly providers: PendingWrites<ProviderKey, Buffer>,
    private readonly consumers: PendingWrites<ConsumerKey, Buffer>,
    private readonly seriesSegments: PendingWrites<number, string>,
    private readonly providerListings: PendingWrites<[number, string], number>,
    private readonly grantListings: PendingWrites<number, number>,
    private readonly wrote: (written: Promise<unknown>) => void,
  ) {}

  record(turn: ReplayedTurn): void {
    const hourMs = Math.floor(turn.timeMs / HOUR_MS) * HOUR_MS;
    const additions = new Map<string, Addition>();
    const add = (kind: 'p' | 'c', key: ProviderKey | ConsumerKey, index: number, amount: number): void => {
      const text = `${kind}${JSON.stringify(key)}`;
      let a = additions.get(text);
      if (a === undefined) {
        const size = (kind === 'p' ? PROVIDER_FIELDS.length : CONSUMER_FIELDS.length) + 1;
        a =
          kind === 'p'
            ? { fields: new Float64Array(size), write: (r) => this.providers.put(key as ProviderKey, r), stored: () => this.providers.get(key as ProviderKey) }
            : { fields: new Float64Array(size), write: (r) => this.consumers.put(key as ConsumerKey, r), stored: () => this.consumers.get(key as ConsumerKey) };
        additions.set(text, a);
      }
      a.fields[index]! += amount;
    };
    const provider = (accountId: number, listingId: number, field: ProviderField, amount: number): void => {
      const i = PROVIDER_FIELDS.indexOf(field);
      add('p', [accountId, ALL_LISTINGS, hourMs], i, amount);
      if (listingId !== ALL_LISTINGS) add('p', [accountId, listingId, hourMs], i, amount);
    };
    const consumer = (accountId: number, field: ConsumerField, amount: number): void => add('c', [accountId, hourMs], CONSUMER_FIELDS.indexOf(field), amount);
    for (const e of turn.events) this.take(e, provider, consumer);
    let last: Promise<unknown> | undefined;
    for (const a of additions.values()) last = this.write(a, turn.lastSeq) ?? last;
    if (last !== undefined) this.wrote(last);
  }

  /** Adds a turn's figures to what the record holds, unless it took this turn already (a replay after a crash). */
  private write(a: Addition, lastSeq: number): Promise<boolean> | undefined {
    const size = a.fields.length;
    const stored = a.stored();
    const sum = new Float64Array(size);
    if (stored !== undefined) {
      for (let i = 0; i < size; i++) sum[i] = stored.readDoubleLE(i * 8);
      if (sum[size - 1]! >= lastSeq) return undefined;
    }
    for (let i = 0; i < size - 1; i++) sum[i]! += a.fields[i]!;
    sum[size - 1] = lastSeq;
    return a.write(Buffer.from(sum.buffer));
  }

  private listingOf(accountId: number, seriesId: number): number {
    const segment = this.seriesSegments.get(seriesId);
    return segment === undefined ? ALL_LISTINGS : (this.providerListings.get([accountId, segment]) ?? ALL_LISTINGS);
  }

  private grantListing(grantId: number, accountId: number, seriesId: number): number {
    const listing = grantId === 0 ? undefined : this.grantListings.get(grantId);
    return listing === undefined || listing === ALL_LISTINGS ? this.listingOf(accountId, seriesId) : listing;
  }

  private take(e: EngineEvent, provider: (accountId: number, listingId: number, field: ProviderField, amount: number) => void, consumer: (accountId: number, field: ConsumerField, amount: number) => void): void {
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
        consumer(buyer, 'boughtQty', e.qty);
        // With the fee it paid (docs/fees.md; absent under a zero schedule), as a subscription's costMicros has it.
        consumer(buyer, 'spentMicros', e.qty * e.priceMicros + ((buyerTook ? e.takerFeeMicros : e.makerFeeMicros) ?? 0));
        return;
      }
      case EventType.SALE_PROCEEDS_HELD: {
        const listing = this.listingOf(e.accountId, e.seriesId);
        provider(e.accountId, listing, 'soldQty', e.qty);
        provider(e.accountId, listing, 'soldMicros', e.heldMicros);
        return;
      }
      case EventType.RIGHTS_EXERCISED:
        consumer(e.accountId, 'exercisedQty', e.qty);
        for (const r of e.redemptions) {
          const listing = r.listingId === 0 ? this.listingOf(r.providerAccountId, e.seriesId) : r.listingId;
          void this.grantListings.put(r.grantId, listing);
          provider(r.providerAccountId, listing, 'redeemedQty', r.qty);
        }
        return;
      case EventType.ESCROW_RELEASED: {
        const listing = this.grantListing(e.grantId, e.accountId, e.seriesId);
        if (e.reason === ReleaseReason.DELIVERED) provider(e.accountId, listing, 'deliveredQty', e.qty);
        provider(e.accountId, listing, 'releasedMicros', e.releasedMicros);
        return;
      }
      case EventType.DELIVERY_EVIDENCED: {
        const listing = this.grantListing(e.grantId, e.providerAccountId, e.seriesId);
        provider(e.providerAccountId, listing, 'evidencedQty', e.qty);
        provider(e.providerAccountId, listing, 'deliveries', 1);
        consumer(e.consumerAccountId, 'evidencedQty', e.qty);
        return;
      }
      case EventType.CLAIM_RESOLVED: {
        const listing = this.grantListing(e.grantId, e.providerAccountId, e.seriesId);
        provider(e.providerAccountId, listing, 'refundedMicros', e.fromHeldMicros + e.fromProviderMicros);
        provider(e.providerAccountId, listing, 'releasedMicros', e.releasedMicros);
        consumer(e.consumerAccountId, 'refundMicros', e.refundMicros);
        return;
      }
      case EventType.USAGE_SETTLED: {
        // A usage grant's unused units refunded at its end (its used share was the ESCROW_RELEASED before).
        const listing = this.grantListing(e.grantId, e.providerAccountId, e.seriesId);
        provider(e.providerAccountId, listing, 'refundedMicros', e.refundMicros);
        consumer(e.consumerAccountId, 'refundMicros', e.refundMicros);
        return;
      }
      case EventType.SUBSCRIPTION_FILLED:
        consumer(e.accountId, 'subscriptionFills', 1);
        consumer(e.accountId, 'subscriptionQty', e.qty);
        consumer(e.accountId, 'subscriptionCostMicros', e.costMicros);
        return;
      case EventType.SUBSCRIPTION_SKIPPED:
        consumer(e.accountId, 'subscriptionSkips', 1);
        return;
      case EventType.SUBSCRIPTION_EXERCISED:
        consumer(e.accountId, 'subscriptionExercisedQty', e.qty);
        return;
      default:
        return;
    }
  }
}
