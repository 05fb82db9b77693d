/**
 * The purchase ledger: for every right a consumer (or institution) buys (spot, or forward: data
 * rights; a synthetic's or an option's fills are in GET /v1/fills), which
 * catalog listings of the series' segment were live at that moment, and at which
 * version. That is what the consumer bought: the schema, sample, licence and
 * provenance of those versions (GET /v1/purchases; docs/catalog.md).
 *
 * Derived, never decided here: fills come from the journal's released turns, and
 * "live at t" from the catalog's audit log (the version a listing showed after its
 * last transition at or before t). So the ledger is a deterministic function of the
 * journal and the audit log; it is stored under `<dataDir>/catalog` with the seq it
 * reaches, and caught up from the journal at start.
 */
import { EventType, Role, SeriesKind, Side, type Engine, type EngineEvent, type Journal, type Sequencer } from '../engine/index.js';
import { followTurns } from '../read-models/replay.js';
import type { JournalFollowing } from '../read-models/journal-following.js';
import type { Purchase, PurchasedVersion } from './purchase.js';
import type { CatalogStore } from './store.js';

export interface TurnEvents {
  firstSeq: number;
  timeMs: number;
  events: readonly EngineEvent[];
}

export interface PurchaseLedgerDeps {
  store: CatalogStore;
  engine: Engine;
  /**
   * The segment's listings live at a time, with their versions (Catalog.liveVersionsAt). Absent
   * on a standby, which has no Catalog: its purchases wait for `resolveListings` at takeover.
   */
  liveVersionsAt?: LiveVersionsAt;
}

export type LiveVersionsAt = (segment: string, atMs: number) => PurchasedVersion[];

/** How often the seq the ledger reaches is saved when no purchase moved it (a restart replays from there). */
export const PURCHASE_PROGRESS_SAVE_MS = 5_000;

export class PurchaseLedger implements JournalFollowing {
  private throughSeq: number;
  private savedSeq: number;
  private writes: Promise<unknown> = Promise.resolve();
  private liveVersionsAt: LiveVersionsAt | undefined;
  /**
   * Purchases taken on a standby, without their listings: a standby's catalog follows its own
   * stream, which may run behind the journal, so which listings were live is asked only once
   * the catalog is complete (at takeover). Progress is saved only up to the first of them.
   */
  private readonly unresolved: Array<{ purchase: Purchase; segment: string }> = [];

  constructor(private readonly deps: PurchaseLedgerDeps) {
    this.throughSeq = deps.store.purchasesThroughSeq();
    this.savedSeq = this.throughSeq;
    this.liveVersionsAt = deps.liveVersionsAt;
  }

  /** Purchases waiting for `resolveListings` (a standby's). */
  get unresolvedCount(): number {
    return this.unresolved.length;
  }

  take(turn: TurnEvents & { lastSeq: number }): void {
    this.record(turn);
  }

  saveNow(): void {
    void this.saveProgress();
  }

  /**
   * From now on purchases name the listings live at their time from `liveVersionsAt` (the
   * leader's Catalog, built once the catalog stream is applied to its end); those a standby
   * took meanwhile get theirs now, and are saved.
   */
  resolveListings(liveVersionsAt: LiveVersionsAt): void {
    this.liveVersionsAt = liveVersionsAt;
    if (this.unresolved.length === 0) return;
    const purchases = this.unresolved.splice(0).map(({ purchase, segment }) => ({ ...purchase, listings: liveVersionsAt(segment, purchase.atMs) }));
    this.save(purchases);
  }

  /** The journal seq the ledger has seen. */
  get seq(): number {
    return this.throughSeq;
  }

  /** The purchases in one turn's events (pure: reads only account roles and series). */
  purchasesIn(turn: TurnEvents): Purchase[] {
    return this.purchasesWithSegments(turn).map(({ purchase }) => purchase);
  }

  private purchasesWithSegments(turn: TurnEvents): Array<{ purchase: Purchase; segment: string }> {
    const out: Array<{ purchase: Purchase; segment: string }> = [];
    const live = this.liveVersionsAt;
    for (const e of turn.events) {
      if (e.type !== EventType.FILL) continue;
      const buyer = e.takerSide === Side.BUY ? e.takerAccountId : e.makerAccountId;
      const role = this.deps.engine.account(buyer)?.role;
      if (role !== Role.CONSUMER && role !== Role.INSTITUTION) continue;
      const series = this.deps.engine.seriesById(e.seriesId);
      // Data rights only (spot, and forwards delivered into spot): a synthetic or an option is a position in PAT,
      // not something bought under a listing (GET /v1/fills lists those; PURCHASES_LAYOUT 2).
      if (series === undefined || (series.spec.kind !== SeriesKind.SPOT && series.spec.kind !== SeriesKind.FORWARD)) continue;
      const feeMicros = (e.takerSide === Side.BUY ? e.takerFeeMicros : e.makerFeeMicros) ?? 0;
      const purchase: Purchase = {
        tradeId: e.tradeId,
        seq: e.seq,
        atMs: turn.timeMs,
        consumerAccountId: buyer,
        seriesId: e.seriesId,
        contract: series.spec.contract,
        qty: e.qty,
        priceMicros: e.priceMicros,
        feeMicros: feeMicros === 0 ? undefined : feeMicros,
        listings: live === undefined ? [] : live(series.segment, turn.timeMs),
      };
      out.push({ purchase, segment: series.segment });
    }
    return out;
  }

  /** Takes one released (or replayed) turn; turns the ledger has already seen are skipped. */
  record(turn: TurnEvents & { lastSeq: number }): void {
    if (turn.lastSeq <= this.throughSeq) return;
    const purchases = this.purchasesWithSegments(turn);
    this.throughSeq = turn.lastSeq;
    if (purchases.length === 0) return;
    if (this.liveVersionsAt === undefined) this.unresolved.push(...purchases);
    else this.save(purchases.map(({ purchase }) => purchase));
  }

  /** Saves the seq reached, if it moved since the last save (timer and stop). */
  saveProgress(): Promise<unknown> {
    if (this.savedSeq !== this.throughSeq) this.save([]);
    return this.writes;
  }

  /** As saveProgress, at the service's stop: committed at once, without waiting for the writer's next poll (CatalogStore.recordPurchasesAtStop). */
  saveProgressAtStop(): Promise<unknown> {
    if (this.savedSeq === this.throughSeq) {
      this.deps.store.hurryPurchases();
      return this.writes;
    }
    this.savedSeq = this.throughSeq;
    this.writes = this.deps.store.recordPurchasesAtStop(this.seqToSave());
    return this.writes;
  }

  private save(purchases: Purchase[]): void {
    this.savedSeq = this.throughSeq;
    this.writes = this.deps.store.recordPurchases(purchases, this.seqToSave());
  }

  /** The seq reached, but not past a purchase still without its listings: a restart takes it again from the journal. */
  private seqToSave(): number {
    const first = this.unresolved[0]?.purchase.seq;
    return first === undefined ? this.throughSeq : Math.min(this.throughSeq, first - 1);
  }

  /** One consumer's purchases, newest first, once every purchase released so far is on disk (read your own fills). */
  async purchasesOf(consumerAccountId: number, offset: number, limit: number, seriesId?: number): Promise<{ total: number; purchases: Purchase[] }> {
    this.deps.store.hurryPurchases();
    await this.writes;
    return this.deps.store.purchasesOf(consumerAccountId, offset, limit, seriesId);
  }
}

/**
 * The ledger, caught up from the journal after the seq it had stored (the whole
 * journal on a first start), then following every released turn.
 */
export function startPurchaseLedger(deps: PurchaseLedgerDeps & { liveVersionsAt: LiveVersionsAt; journal: Journal; sequencer: Sequencer }): PurchaseLedger {
  const ledger = new PurchaseLedger(deps);
  followTurns(deps.journal, deps.sequencer, ledger.seq, deps.engine.limits, (turn) => ledger.record(turn));
  return ledger;
}
