/**
 * The washing guard (issue 73, docs/delivery.md "Washing"): a receipt or a rating by a consumer
 * related on-chain to the provider (relation.ts) does not count toward the listing's trust. It
 * is kept and shown, marked with why; the operator sees a flag (GET /operator/wash-flags and
 * the `wash-suspected` alarm on the operator page).
 *
 * Two ways in. As evidence arrives: the grant ledger asks before counted rights move a
 * listing's delivery, the catalog before a rating counts. And as links arrive (the transfer
 * watcher): a relation found after a receipt or a rating (a consumer that withdraws and sends
 * the PAT on to the provider) takes back what already counted.
 *
 * Only evidence that raises trust is left out. A failure or an undelivered right still counts
 * against the provider, and a rating of RATING_ALWAYS_COUNTS_AT_MOST stars or fewer still
 * counts: a washer gains nothing by them, and a provider cannot silence a critic by sending
 * PAT to its wallet.
 */
import type { Database } from 'lmdb';
import type { AlarmSink } from '../runtime/health.js';
import { NO_ALARMS } from '../runtime/health.js';
import type { GrantRecord, NotCounted } from '../grants/index.js';
import { candidateWallets, relationOf, type Relation, type RelationKind } from './relation.js';
import type { WalletLinks } from './wallet-links.js';

/** A rating with at most this many stars counts even from a related account (it cannot buy trust). */
export const RATING_ALWAYS_COUNTS_AT_MOST = 2;
/** Grant ids and listing ids a flag keeps (the latest). */
const FLAG_IDS_KEPT = 20;
/**
 * Grants of one consumer read at a time when a relation is found later, newest first, page after
 * page until the oldest (only the first page was read: a receipted grant behind 1,000 newer ones
 * kept counting; an outside audit, 2026-12-06). Each page starts after the last grant of the page
 * before (a cursor), so n grants cost about n key reads: by offset, each page counted all and
 * skipped the pages before, n²/1,000 on the engine's thread. A grant issued while it pages is newer
 * than the cursor: the guard asks about its receipts as they arrive.
 */
const RETRO_GRANTS_PAGE = 1_000;
/** Candidate wallets looked at per touched address. */
const MAX_CANDIDATES = 1_024;

export const WASHING_REASON = 'washing';

/** The exchange's accounts by wallet and back (src/settlement/participants.ts). */
export interface AccountWallets {
  addressOf(accountId: number): string | undefined;
  accountOf(address: string): number | undefined;
}

/** What the guard asks of the grant ledger when a relation is found later. */
export interface WashLedger {
  /** The consumer's grants newest first after the cursor `after` (the last grant id of the page before), and the next page's cursor (GrantLedger.grantsBefore). */
  grantsBefore(who: 'consumer', accountId: number, after: number | undefined, limit: number): Promise<{ grants: GrantRecord[]; next: number | undefined }>;
  excludeFromListing(grantId: number, notCounted: NotCounted): Promise<GrantRecord | undefined>;
}

/** What the guard asks of the catalog when a relation is found later. */
export interface WashCatalog {
  listingsOf(providerAccountId: number): ReadonlyArray<{ id: number; ratings: ReadonlyArray<{ consumerAccountId: number; status: string; stars: number; notCounted?: unknown }> }>;
  excludeRating(listingId: number, consumerAccountId: number, notCounted: NotCounted): boolean;
}

/** One flag per (provider, consumer): what relates them and what did not count. */
export interface WashFlag {
  providerAccountId: number;
  consumerAccountId: number;
  sharedAddress: string;
  kind: RelationKind;
  why: string;
  /** Transfers that show it (`txHash:logIndex`). */
  refs: string[];
  firstAtMs: number;
  lastAtMs: number;
  /** What was left out: grants, their rights, ratings. */
  excluded: { grants: number; rights: number; ratings: number };
  /** The latest grants and rated listings left out. */
  grantIds: number[];
  listingIds: number[];
}

export class WashGuard {
  private readonly flags: Database<WashFlag, [number, number]>;
  private readonly common: ReadonlySet<string>;
  private readonly alarms: AlarmSink;
  private readonly clock: () => number;
  private writes: Promise<unknown> = Promise.resolve();
  /** Flags written and not yet committed: the next note reads them (an LMDB read sees committed data only). */
  private readonly pending = new Map<string, WashFlag>();
  private ledger: WashLedger | undefined;
  private catalog: WashCatalog | undefined;

  constructor(
    private readonly links: WalletLinks,
    private readonly accounts: AccountWallets,
    deps: { commonAddresses: readonly string[]; clock: () => number; alarms?: AlarmSink },
  ) {
    this.flags = links.root.openDB<WashFlag, [number, number]>({ name: 'flags' });
    this.common = new Set(['0x0000000000000000000000000000000000000000', ...deps.commonAddresses.map((a) => a.toLowerCase())]);
    this.clock = deps.clock;
    this.alarms = deps.alarms ?? NO_ALARMS;
  }

  /** Raises the kept flags again (the board starts empty at a restart). */
  raiseKept(): void {
    for (const { value } of this.flags.getRange()) this.raise(value);
  }

  /** The ledger and the catalog, for taking back what counted before a relation was known. */
  attach(ledger: WashLedger, catalog: WashCatalog): void {
    this.ledger = ledger;
    this.catalog = catalog;
  }

  /** How the consumer is related to the provider on-chain, or undefined. */
  relation(consumerAccountId: number, providerAccountId: number): Relation | undefined {
    if (consumerAccountId === providerAccountId) return undefined;
    const c = this.accounts.addressOf(consumerAccountId);
    const p = this.accounts.addressOf(providerAccountId);
    if (c === undefined || p === undefined) return undefined;
    return relationOf(this.links, this.common, { wallet: c, name: `consumer #${consumerAccountId}` }, { wallet: p, name: `provider #${providerAccountId}` });
  }

  /** The grant ledger's filter (setListingCountFilter): rights of a related consumer's grant do not count for the listing. */
  readonly grantFilter = (r: GrantRecord, qty: number): NotCounted | undefined => {
    const rel = this.relation(r.consumerAccountId, r.providerAccountId);
    if (rel === undefined) return undefined;
    this.note(r.providerAccountId, r.consumerAccountId, rel, { grantId: r.signed.grant.grantId, rights: qty, newGrant: r.notCountedForListing === undefined });
    return this.notCounted(rel);
  };

  /** The catalog's filter (setRatingFilter): a related consumer's rating above RATING_ALWAYS_COUNTS_AT_MOST stars does not count. */
  readonly ratingFilter = (r: { listingId: number; providerAccountId: number; consumerAccountId: number; stars: number }): NotCounted | undefined => {
    if (r.stars <= RATING_ALWAYS_COUNTS_AT_MOST) return undefined;
    const rel = this.relation(r.consumerAccountId, r.providerAccountId);
    if (rel === undefined) return undefined;
    this.note(r.providerAccountId, r.consumerAccountId, rel, { listingId: r.listingId });
    return this.notCounted(rel);
  };

  private notCounted(rel: Relation): NotCounted {
    return { reason: WASHING_REASON, why: rel.why, atMs: this.clock() };
  }

  /**
   * The addresses of transfers just recorded (WalletLinks.add), and the transfers: for the accounts whose wallets they are,
   * every account now related to them has what counted between them taken back (idempotent: a range
   * read again takes nothing more). The accounts related are looked for among each address's links
   * (candidateWallets), and, for a transfer between two accounts' wallets, the other: a wallet full of
   * counterparties keeps no link, and when both were full neither did. Returns the grants and ratings taken back.
   */
  async linksAdded(addresses: readonly string[], transfers: readonly { from: string; to: string }[] = []): Promise<{ grants: number; ratings: number }> {
    const done = { grants: 0, ratings: 0 };
    const seen = new Set<string>();
    const pairOf = async (a: number, b: number): Promise<void> => {
      for (const [consumer, provider] of [[a, b], [b, a]] as const) {
        const key = `${consumer}:${provider}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const more = await this.takeBack(consumer, provider);
        done.grants += more.grants;
        done.ratings += more.ratings;
      }
    };
    for (const t of transfers) {
      const a = this.accounts.accountOf(t.from.toLowerCase());
      const b = this.accounts.accountOf(t.to.toLowerCase());
      if (a !== undefined && b !== undefined && a !== b) await pairOf(a, b);
    }
    for (const address of new Set(addresses.map((a) => a.toLowerCase()))) {
      const a = this.accounts.accountOf(address);
      if (a === undefined) continue;
      for (const wallet of candidateWallets(this.links, this.common, address, MAX_CANDIDATES)) {
        const b = this.accounts.accountOf(wallet);
        if (b !== undefined && b !== a) await pairOf(a, b);
      }
    }
    return done;
  }

  /** What counted between a consumer and a provider now known related: taken back and flagged. */
  private async takeBack(consumer: number, provider: number): Promise<{ grants: number; ratings: number }> {
    const rel = this.relation(consumer, provider);
    if (rel === undefined) return { grants: 0, ratings: 0 };
    const grants = this.ledger === undefined ? 0 : await this.takeBackGrants(this.ledger, consumer, provider, rel);
    let ratings = 0;
    if (this.catalog !== undefined) {
      for (const listing of this.catalog.listingsOf(provider)) {
        const r = listing.ratings.find((x) => x.consumerAccountId === consumer && x.status === 'visible' && x.notCounted === undefined);
        if (r === undefined || r.stars <= RATING_ALWAYS_COUNTS_AT_MOST) continue;
        if (!this.catalog.excludeRating(listing.id, consumer, this.notCounted(rel))) continue;
        ratings++;
        this.note(provider, consumer, rel, { listingId: listing.id });
      }
    }
    return { grants, ratings };
  }

  /** The pair's grants that counted, taken back: every grant of the consumer's read once, a page after the other. */
  private async takeBackGrants(ledger: WashLedger, consumer: number, provider: number, rel: Relation): Promise<number> {
    let grants = 0;
    let after: number | undefined;
    do {
      const page = await ledger.grantsBefore('consumer', consumer, after, RETRO_GRANTS_PAGE);
      for (const g of page.grants) {
        if (g.providerAccountId !== provider || g.counted === 0 || g.notCountedForListing !== undefined || g.signed.grant.listingId === 0) continue;
        const updated = await ledger.excludeFromListing(g.signed.grant.grantId, this.notCounted(rel));
        if (updated === undefined) continue;
        grants++;
        this.note(provider, consumer, rel, { grantId: g.signed.grant.grantId, rights: g.counted, newGrant: true });
      }
      after = page.next;
    } while (after !== undefined);
    return grants;
  }

  /** Records what was left out on the pair's flag, and raises its alarm. */
  private note(provider: number, consumer: number, rel: Relation, what: { grantId: number; rights: number; newGrant: boolean } | { listingId: number }): void {
    const now = this.clock();
    const key = `${provider}:${consumer}`;
    const was = this.pending.get(key) ?? this.flags.get([provider, consumer]);
    const flag: WashFlag = was ?? { providerAccountId: provider, consumerAccountId: consumer, sharedAddress: rel.sharedAddress, kind: rel.kind, why: rel.why, refs: rel.refs, firstAtMs: now, lastAtMs: now, excluded: { grants: 0, rights: 0, ratings: 0 }, grantIds: [], listingIds: [] };
    const excluded = { ...flag.excluded };
    let grantIds = flag.grantIds;
    let listingIds = flag.listingIds;
    if ('grantId' in what) {
      excluded.rights += what.rights;
      if (what.newGrant && !grantIds.includes(what.grantId)) {
        excluded.grants++;
        grantIds = [...grantIds, what.grantId].slice(-FLAG_IDS_KEPT);
      }
    } else if (!listingIds.includes(what.listingId)) {
      excluded.ratings++;
      listingIds = [...listingIds, what.listingId].slice(-FLAG_IDS_KEPT);
    }
    const next: WashFlag = { ...flag, lastAtMs: now, excluded, grantIds, listingIds };
    this.pending.set(key, next);
    this.writes = this.flags.put([provider, consumer], next).then(() => {
      if (this.pending.get(key) === next) this.pending.delete(key);
    });
    this.raise(next);
  }

  private raise(f: WashFlag): void {
    this.alarms.raise('wash-suspected', {
      subject: `provider #${f.providerAccountId}, consumer #${f.consumerAccountId}`,
      summary: `${f.why}: ${f.excluded.grants} grants (${f.excluded.rights} rights) and ${f.excluded.ratings} ratings do not count toward trust`,
      details: { providerAccountId: f.providerAccountId, consumerAccountId: f.consumerAccountId, sharedAddress: f.sharedAddress, kind: f.kind, grants: f.excluded.grants, rights: f.excluded.rights, ratings: f.excluded.ratings },
    });
  }

  /** The flags, newest first; `provider` for one provider's only. */
  async list(opts: { provider?: number; limit?: number } = {}): Promise<{ total: number; flags: WashFlag[] }> {
    await this.writes;
    const all: WashFlag[] = [];
    const range = opts.provider === undefined ? this.flags.getRange() : this.flags.getRange({ start: [opts.provider, 0], end: [opts.provider + 1, 0] });
    for (const { value } of range) all.push(value);
    all.sort((a, b) => b.lastAtMs - a.lastAtMs);
    return { total: all.length, flags: all.slice(0, opts.limit ?? 100) };
  }

  flushed(): Promise<unknown> {
    return this.writes.catch(() => undefined);
  }
}
