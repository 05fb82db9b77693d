/**
 * Every order of every account but the broker's, live or ended, with its current or final state
 * (GET /v1/orders, GET /v1/orders/{id}, the WebSocket OrderStatusQuery; docs/protocol.md, "Order
 * status"): what a trader reads back about an order that is no longer live, as FIX's
 * OrderStatusRequest, Binance's GET /api/v3/order and Deribit's get_order_state answer. Derived from
 * the journal as the account fills are (journal-read-model.ts), kept in LMDB under <dataDir>/orders
 * (order-history-store.ts), so it answers the same after a restart, and a new store is built from
 * the journal at its first open.
 *
 * The broker's orders and quotes (most of the journal) are skipped by one comparison an event. On
 * the release path an order's events only move its row in memory (order-rows.ts): a slab of float64
 * rows, a slot an order, reused, and a map from order id to slot while the order lives or has ended
 * since its flush was committed. Nothing is written per event: a flush (before a listing, before the
 * model saves its progress, at close, or once MAX_DIRTY rows changed) copies the changed rows into one
 * buffer (the one MAX_DIRTY starts, a few rows a turn, a row about to change copied first) and hands it
 * to the writer thread (order-history-writer.ts, order-history-flush.ts), which
 * writes, in one transaction, each account's orders that opened and closed since the flush before as
 * one batch, and the orders live at it (or ended after one) one row each; retention runs there,
 * within a budget. Until the thread says a flush is committed, its rows stay in memory and the reads
 * find them there (then the store answers; its ended rows leave memory a few a turn); a listing (read from the store)
 * waits for the commit.
 *
 * A turn at or below the last seq a flush wrote is skipped: everything it did is in the store (the
 * flush writes its seq with its rows), so a tail replayed after a crash adds nothing twice. The
 * progress the model saves never passes the last commit (JournalReadModel.flushWith).
 */
import { EventType, Side, type Command, type EngineEvent, type Fill, type OrderAmended, type OrderCanceled, type OrderExpired, type ReadTurn } from '../engine/index.js';
import { IntMap } from '../collections/index.js';
import { JournalReadModel, type DerivedStoreOptions } from '../read-models/journal-read-model.js';
import type { ReplayedTurn } from '../read-models/replay.js';
import { metricLines } from '../runtime/prometheus-text.js';
import { Disposition, FLUSH_HEADER, FLUSH_ROW, flushFloats } from './order-history-flush.js';
import { OrderHistoryStore, type OrderRetention, type Row } from './order-history-store.js';
import { MAX_FLUSHES_IN_FLIGHT, OrderHistoryWriter, type OrderHistoryWriterOptions } from './order-history-writer.js';
import {
  applyAmended,
  applyCanceled,
  applyExpired,
  applyFill,
  F,
  foldTurn,
  isClosedStatus,
  keepsRejection,
  openAccepted,
  openRejected,
  openUnseen,
  recordOf,
  ROW_FIELDS,
  type OrderKey,
  type OrderRecord,
} from './order-rows.js';

/** The store's layout (a store of another is derived again from the journal). */
const ORDERS_VERSION = 1;
/**
 * Rows changed in memory before a flush hands them over anyway. 16,384, not 4,096: fewer orders live across a flush
 * (each such is written alone, twice, where one that opens and ends between two flushes joins its account's batch): the
 * writer thread's CPU at 100k orders/s halved (bench/RESULTS.md, 2026-12-02 15:00–15:40).
 */
export const MAX_DIRTY = 16_384;
/** A slot of the writer's ring: a flush past MAX_DIRTY takes the rows of the turn that crossed it too (a larger one goes in a buffer of its own). */
const FLUSH_SLOT_FLOATS = flushFloats(MAX_DIRTY + 4_096);
/** A slot: a row, its flags, the flush it waits for and its place there (memory only). */
const SLOT = ROW_FIELDS + 3;
const FLAGS = ROW_FIELDS;
/**
 * The generation of the flush the row's change waits for (`dirtyGen` while it gathers, then being copied), 0: none;
 * an ended row copied: minus the number of the flush that writes it (once that is committed, the store answers for it,
 * its retention included, until the row leaves memory).
 */
const GEN = ROW_FIELDS + 1;
/** The row's place in that flush (its index in the dirty list). */
const POS = ROW_FIELDS + 2;
/** The row is in the store as a single (it was live at a flush). */
const STORED = 2;
/** The row goes to the store as a single even if it ends before a flush: an order the history never saw accepted (its id may be below its account's last batch's). */
const ALONE = 4;
/**
 * Rows a turn copies into the flush being handed over, and slots of committed flushes it frees. A flush copied and
 * settled at once held the engine's thread 3–4 ms and 2–4 ms (16,384 rows, each a few cache misses), three times a
 * second at 50k orders/s: the wire's p99 (bench/RESULTS.md, 2026-12-04 15:55–16:31). A row changed before its copy is copied
 * first, so the flush still holds every row as of its seq.
 */
const ROWS_PER_TURN = 512;
/** The fewest ms between two flushes listings force (order-history.ts `written`). */
const LISTING_FLUSH_MS = 50;
/** The most orders one page lists, and the most rows one listing looks at (the rest on the next page). */
export const MAX_ORDERS_PER_PAGE = 1_000;
export const MAX_ORDERS_SCANNED = 20_000;

export const DEFAULT_ORDER_RETENTION: OrderRetention = { retentionMs: 30 * 86_400_000, maxClosedPerAccount: 10_000 };

/** An event that names one live order of one account. */
type OrderChange = OrderCanceled | OrderExpired | OrderAmended;

/** A flush handed to the writer thread and not yet committed: its seq, and its slots (the ended ones leave memory at its commit). */
interface InFlight {
  no: number;
  seq: number;
  closed: number[];
  live: number[];
}

/** A flush being copied, a few rows a turn: its generation, the number it will be handed over as, buffer, rows (by place) and how far the copy is. */
interface Copying {
  gen: number;
  no: number;
  seq: number;
  buffer: Float64Array;
  slots: number[];
  next: number;
  closed: number[];
  live: number[];
}

export interface OrderPageQuery {
  limit: number;
  /** Orders below this id (the previous page's `next`). */
  beforeOrderId?: number | undefined;
  seriesId?: number | undefined;
  /** Live orders only (true), ended only (false), or both. */
  open?: boolean | undefined;
}

export class OrderHistory {
  private slab = new Float64Array(SLOT * 256);
  private slotsUsed = 0;
  private readonly freeSlots: number[] = [];
  /**
   * Slot by order id: orders live, or ended since the last commit. An IntMap, not a Map: at 100k orders/s a Map's
   * tables, rehashed as tens of thousands of ids come and go each flush, were 94% of what the service promoted and
   * held its thread in 130–175 ms mark-compacts (bench/RESULTS.md, 2026-12-02 15:00–15:40).
   */
  private slots = new IntMap<number>(8_192);
  /** Slots changed since the last flush, in the order they first changed (so a batch's rows are in id order). */
  private dirty: number[] = [];
  /** The generation of the flush the slots in `dirty` wait for. */
  private dirtyGen = 1;
  /** The flush being copied, a few rows a turn (`ROWS_PER_TURN`), and the one that was when the progress was last saved. */
  private copying: Copying | undefined;
  private copyingAtSave: Copying | undefined;
  /** Flushes handed over, oldest first, until committed. */
  private readonly inFlight: InFlight[] = [];
  /** The last flush `settleCommitted` took as committed (the store's read view is renewed as of it). */
  private settledNo = 0;
  /** Committed flushes' ended slots, freed a few a turn; `releasedTo`: how many of the first list are freed. */
  private readonly releasing: number[][] = [];
  private releasedTo = 0;
  /** The last seq the store holds everything of (committed), the last handed over, and the last taken. */
  private writtenThroughSeq: number;
  private handedSeq: number;
  private takenSeq: number;
  private lastTimeMs = 0;
  /** The highest order id seen: a refusal's sort id is this and a half. */
  private lastOrderId: number;
  private readonly writer: OrderHistoryWriter;
  /** Set when the writer stopped: the history keeps nothing more and answers with the writer's failure. */
  private stopped = false;
  private closed = false;
  /** The flush the listings waiting now share, and when the last such began (performance.now()). */
  private listingFlush: Promise<void> | undefined;
  private lastListingFlushAt = Number.NEGATIVE_INFINITY;

  private constructor(
    readonly model: JournalReadModel,
    private readonly store: OrderHistoryStore,
    /** The broker's account: its orders are not kept. */
    private readonly brokerId: () => number,
    retention: OrderRetention,
    writerOptions: OrderHistoryWriterOptions,
  ) {
    this.writtenThroughSeq = store.stateOf('writtenThroughSeq');
    this.handedSeq = this.writtenThroughSeq;
    this.takenSeq = this.writtenThroughSeq;
    this.lastOrderId = store.stateOf('lastOrderId');
    this.writer = new OrderHistoryWriter({ dir: model.dir, maxDbs: model.maxDbs, flags: model.flags, retention, slotFloats: FLUSH_SLOT_FLOATS }, () => this.settleCommitted(), writerOptions);
  }

  static create(dataDir: string, brokerId: () => number, retention: OrderRetention = DEFAULT_ORDER_RETENTION, options: DerivedStoreOptions = {}, writerOptions: OrderHistoryWriterOptions = {}): OrderHistory {
    const model = new JournalReadModel(dataDir, 'orders', OrderHistoryStore.DBS, ORDERS_VERSION, { ...options, writableMap: true }); // written by its own thread
    const history = new OrderHistory(model, new OrderHistoryStore(model.env, retention), brokerId, retention, writerOptions);
    model.recordWith((turn) => history.record(turn));
    model.flushWith(
      () => history.flushForProgress(),
      () => history.writtenThroughSeq,
    );
    void history.writer.start(); // while the rest of the service opens
    return history;
  }

  /** The last journal seq taken: every answer is as of it. */
  get seq(): number {
    return this.model.seq;
  }

  /** The furthest seq the store holds anything of (a flush's rows may be ahead of the progress saved after them): past the journal's end, the store is derived again (rebuiltIfAhead). */
  get storedSeq(): number {
    return Math.max(this.model.seq, this.writtenThroughSeq);
  }

  private record(turn: ReplayedTurn): void {
    if (turn.lastSeq > this.takenSeq) this.takenSeq = turn.lastSeq;
    this.lastTimeMs = turn.timeMs;
    if (turn.lastSeq <= this.writtenThroughSeq || this.stopped) return; // written before a crash, its progress not saved; or nothing is written now
    const brokerId = this.brokerId();
    const events = turn.events;
    // Indexed, not for-of: the release path (trade-history.ts says why).
    for (let k = 0; k < events.length; k++) {
      const e = events[k]!;
      switch (e.type) {
        case EventType.ORDER_ACCEPTED:
          if (e.orderId > this.lastOrderId) this.lastOrderId = e.orderId;
          if (e.accountId !== brokerId && !e.isQuote) this.opened(e, turn);
          break;
        // The slot before the slab: finding it may grow the slab (an order read back from the store).
        case EventType.FILL:
          if (e.makerAccountId !== brokerId) {
            const at = this.slotOf(e, true) * SLOT;
            applyFill(this.slab, at, e, true, turn.timeMs);
          }
          if (e.takerAccountId !== brokerId) {
            const at = this.slotOf(e, false) * SLOT;
            applyFill(this.slab, at, e, false, turn.timeMs);
          }
          break;
        case EventType.ORDER_CANCELED:
          if (e.accountId !== brokerId) {
            const at = this.slotOf(e) * SLOT;
            applyCanceled(this.slab, at, e, turn.timeMs);
          }
          break;
        case EventType.ORDER_EXPIRED:
          if (e.accountId !== brokerId) {
            const at = this.slotOf(e) * SLOT;
            applyExpired(this.slab, at, e, turn.timeMs);
          }
          break;
        case EventType.ORDER_AMENDED:
          if (e.accountId !== brokerId) {
            const at = this.slotOf(e) * SLOT;
            applyAmended(this.slab, at, e, turn.timeMs);
          }
          break;
        case EventType.ORDER_REJECTED:
          if (e.accountId !== brokerId && keepsRejection(e)) this.refused(e, turn);
          break;
        default:
      }
    }
    if (this.dirty.length >= MAX_DIRTY) this.beginFlush();
    if (this.copying !== undefined) this.copyRows(ROWS_PER_TURN);
    // More a turn while several committed flushes wait (a replay's writer commits in bursts): memory stays bounded.
    if (this.releasing.length > 0) this.release(ROWS_PER_TURN * this.releasing.length);
  }

  private opened(e: Extract<EngineEvent, { type: typeof EventType.ORDER_ACCEPTED }>, turn: ReplayedTurn): void {
    const slot = this.allocate();
    openAccepted(this.slab, slot * SLOT, e, turn.commands, turn.firstSeq, turn.timeMs);
    this.slab[slot * SLOT + FLAGS] = 0;
    this.markDirty(slot);
    this.slots.set(e.orderId, slot);
  }

  private refused(e: Extract<EngineEvent, { type: typeof EventType.ORDER_REJECTED }>, turn: { commands: readonly Command[]; firstSeq: number; timeMs: number }): void {
    const slot = this.allocate();
    if (!openRejected(this.slab, slot * SLOT, e, this.lastOrderId + 0.5, turn.commands, turn.firstSeq, turn.timeMs)) {
      this.freeSlots.push(slot);
      return;
    }
    this.slab[slot * SLOT + FLAGS] = 0;
    this.markDirty(slot);
  }

  /** The slot joins the next flush, once (a new slot's GEN may be a stale one's: set here, never read first). */
  private markDirty(slot: number): void {
    const at = slot * SLOT;
    this.slab[at + GEN] = this.dirtyGen;
    this.slab[at + POS] = this.dirty.length;
    this.dirty.push(slot);
  }

  /** The slot of the order an event names (a fill: its maker's or taker's), marked changed; one the history has not in memory is read from the store, or started from the event. */
  private slotOf(e: OrderChange | Fill, maker = false): number {
    const fill = e.type === EventType.FILL;
    const orderId = fill ? (maker ? e.makerOrderId : e.takerOrderId) : e.orderId;
    let slot = this.slots.get(orderId);
    if (slot === undefined) slot = this.unheld(e, orderId, maker);
    const gen = this.slab[slot * SLOT + GEN]!;
    if (gen !== this.dirtyGen) {
      // Still to be copied into the flush being handed over: copied as it is before the event changes it.
      if (this.copying !== undefined && gen === this.copying.gen) this.copyRow(this.copying, slot);
      this.markDirty(slot);
    }
    return slot;
  }

  /** An order not in memory: live at a flush before a restart (in the store), else opened before the store began. */
  private unheld(e: OrderChange | Fill, orderId: number, maker: boolean): number {
    const slot = this.allocate();
    const at = slot * SLOT;
    this.slab[at + GEN] = 0;
    if (e.type === EventType.FILL) {
      const accountId = maker ? e.makerAccountId : e.takerAccountId;
      if (this.store.singleInto(accountId, orderId, this.slab, at)) this.slab[at + FLAGS] = STORED;
      else {
        const side = !maker ? e.takerSide : e.takerSide === Side.BUY ? Side.SELL : Side.BUY;
        openUnseen(this.slab, at, orderId, accountId, maker ? e.makerClientOrderId : e.takerClientOrderId, e.seriesId, side, maker ? e.priceMicros : 0, maker ? e.makerOrderQty : e.takerOrderQty);
        this.slab[at + FLAGS] = ALONE;
      }
    } else if (this.store.singleInto(e.accountId, orderId, this.slab, at)) this.slab[at + FLAGS] = STORED;
    else {
      openUnseen(this.slab, at, orderId, e.accountId, e.clientOrderId, e.seriesId, e.side, e.priceMicros, e.orderQty);
      this.slab[at + FLAGS] = ALONE;
    }
    this.slots.set(orderId, slot);
    return slot;
  }

  private allocate(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    if ((this.slotsUsed + 1) * SLOT > this.slab.length) {
      const bigger = new Float64Array(this.slab.length * 2);
      bigger.set(this.slab);
      this.slab = bigger;
    }
    return this.slotsUsed++;
  }

  /**
   * Hands what changed since the last flush to the writer thread, as one buffer, now (before a listing, before the
   * model saves its progress, at close): each row with where it goes (its account's batch if it opened and closed
   * since, else its own row). Live rows are from now on in the store as singles (STORED); ended ones stay in memory, for
   * the reads, until the thread commits them (settleCommitted).
   */
  flush(): void {
    this.beginFlush();
    if (this.copying !== undefined) this.copyRows(Number.POSITIVE_INFINITY);
  }

  /**
   * Before the model saves its progress (every few seconds; the progress never passes the last commit): starts a flush
   * the turns copy, so a save under load holds the thread for no copy (a full copy was 3 ms at 50k orders/s). One the
   * turns have not moved since the last save (an idle exchange) is finished now.
   */
  private flushForProgress(): void {
    if (this.copying === undefined) this.beginFlush();
    else if (this.copying === this.copyingAtSave) this.copyRows(Number.POSITIVE_INFINITY);
    this.copyingAtSave = this.copying;
  }

  /** Starts a flush of what changed since the last (one still being copied is finished first); its rows are copied a few a turn. */
  private beginFlush(): void {
    this.settleCommitted();
    if (this.copying !== undefined) this.copyRows(Number.POSITIVE_INFINITY);
    if (this.closed || this.stopped) return;
    if (this.dirty.length === 0 && this.takenSeq === this.handedSeq) return;
    const rows = this.dirty.length;
    const buffer = this.writer.buffer(flushFloats(rows));
    if (this.writer.failed !== undefined) {
      // It stopped while the thread waited for room (a writer that committed nothing for too long): no flush is handed over.
      this.settleCommitted();
      return;
    }
    buffer[0] = this.takenSeq;
    buffer[1] = this.lastTimeMs;
    buffer[2] = this.lastOrderId;
    buffer[3] = rows;
    this.copying = { gen: this.dirtyGen, no: this.writer.handedOverCount + 1, seq: this.takenSeq, buffer, slots: this.dirty, next: 0, closed: [], live: [] };
    this.dirty = [];
    this.dirtyGen++;
    this.handedSeq = this.takenSeq;
  }

  /** Copies up to `budget` more rows of the flush being copied; hands it to the writer thread once all are. */
  private copyRows(budget: number): void {
    const c = this.copying!;
    const end = Math.min(c.slots.length, c.next + budget);
    for (; c.next < end; c.next++) {
      const slot = c.slots[c.next]!;
      if (this.slab[slot * SLOT + GEN] === c.gen) this.copyRow(c, slot); // else copied already, before a change
    }
    if (c.next < c.slots.length) return;
    const no = this.writer.handOver(c.buffer); // c.no: nothing else is handed over while a flush is copied
    this.inFlight.push({ no, seq: c.seq, closed: c.closed, live: c.live });
    this.copying = undefined;
  }

  /** One row into its place in the flush being copied, as it stands. */
  private copyRow(c: Copying, slot: number): void {
    const r = this.slab;
    const at = slot * SLOT;
    const to = FLUSH_HEADER + r[at + POS]! * FLUSH_ROW;
    const flags = r[at + FLAGS]!;
    const ended = isClosedStatus(r[at + F.STATUS]!);
    const flush = c.buffer;
    flush[to] = ended && (flags & (STORED | ALONE)) === 0 ? Disposition.BATCH : (flags & STORED) === 0 ? Disposition.SINGLE_FIRST : Disposition.SINGLE;
    for (let k = 0; k < ROW_FIELDS; k++) flush[to + 1 + k] = r[at + k]!; // no view per row
    r[at + GEN] = ended ? -c.no : 0;
    if (ended) {
      c.closed.push(slot);
      r[at + FLAGS] = 0;
    } else {
      c.live.push(slot);
      r[at + FLAGS] = STORED;
    }
  }

  /** The flushes the thread committed leave memory: their ended orders' slots are freed, and the store is read afresh. A writer that stopped: everything goes. */
  private settleCommitted(): void {
    const failed = this.writer.failed;
    if (failed !== undefined && !this.stopped) {
      this.stopped = true;
      this.slots = new IntMap<number>();
      this.freeSlots.length = 0;
      this.slotsUsed = 0;
      this.slab = new Float64Array(SLOT * 256);
      this.dirty.length = 0;
      this.copying = undefined;
      this.inFlight.length = 0;
      this.releasing.length = 0;
      this.releasedTo = 0;
      return;
    }
    const committed = this.writer.committedNo;
    if (this.inFlight.length === 0 || this.inFlight[0]!.no > committed) return;
    while (this.inFlight.length > 0 && this.inFlight[0]!.no <= committed) {
      const f = this.inFlight.shift()!;
      this.releasing.push(f.closed); // their rows, in the store now, stay readable in memory until freed
      this.writtenThroughSeq = f.seq;
      this.settledNo = f.no;
    }
    this.store.readAfresh();
  }

  /** Frees up to `budget` slots of committed flushes' ended orders. */
  private release(budget: number): void {
    while (budget > 0 && this.releasing.length > 0) {
      const closed = this.releasing[0]!;
      const end = Math.min(closed.length, this.releasedTo + budget);
      budget -= end - this.releasedTo;
      for (; this.releasedTo < end; this.releasedTo++) {
        const slot = closed[this.releasedTo]!;
        const orderId = this.slab[slot * SLOT + F.ORDER_ID]!;
        if (orderId > 0) this.slots.delete(orderId);
        this.freeSlots.push(slot);
      }
      if (this.releasedTo < closed.length) return;
      this.releasing.shift();
      this.releasedTo = 0;
    }
  }

  /**
   * Everything taken when it was called is committed (a listing reads the store). Listings share flushes: at most one
   * every LISTING_FLUSH_MS, the ones in between waiting for the next, so many accounts listing at their request limit
   * cost the writer thread a few transactions a second, not one each (a listing waits that much longer at most).
   */
  private written(): Promise<void> {
    this.listingFlush ??= this.flushForListings();
    return this.listingFlush;
  }

  private async flushForListings(): Promise<void> {
    const wait = this.lastListingFlushAt + LISTING_FLUSH_MS - performance.now();
    // Never in the caller's turn: the listings joining this flush must be the ones that came before it.
    await (wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve());
    this.listingFlush = undefined; // a listing from now on needs a later flush
    this.lastListingFlushAt = performance.now();
    this.flush();
    const last = this.inFlight.at(-1);
    if (last !== undefined) await this.writer.whenCommitted(last.no).catch(() => undefined);
    this.settleCommitted();
    if (this.stopped) throw this.writer.failed!; // the thread's own words once its message is heard
  }

  private available(): void {
    this.settleCommitted();
    if (this.stopped) throw this.writer.failed!; // the thread's own words once its message is heard
  }

  // ------------------------------------------------------------ reads (the engine's thread)

  /** An account's order by id, or its newest with a client id, as of the last turn taken; undefined: none (another account's is none too). */
  orderOf(accountId: number, key: OrderKey): OrderRecord | undefined {
    this.available();
    const row = this.rowOf(accountId, key);
    return row === undefined ? undefined : recordOf(row, 0);
  }

  /**
   * The same, as of a read's place in the turn being released (Sequencer.readInTurn): what the history holds, moved
   * through the events the turn's commands before the read made (the history takes the turn only after its reads heard).
   */
  orderInTurn(accountId: number, key: OrderKey, turn: ReadTurn, eventsBefore: number): OrderRecord | undefined {
    this.available();
    if (accountId === this.brokerId()) return undefined;
    const row = foldTurn(this.rowOf(accountId, key), accountId, key, turn, eventsBefore);
    return row === undefined ? undefined : recordOf(row, 0);
  }

  /** A copy of the row, from memory (changed since the last commit) or the store. */
  private rowOf(accountId: number, key: OrderKey): Row | undefined {
    if (accountId === this.brokerId()) return undefined;
    if (key.orderId > 0) {
      const slot = this.heldSlot(key.orderId);
      if (slot !== undefined) return this.slab[slot * SLOT + F.ACCOUNT_ID] === accountId ? this.slab.slice(slot * SLOT, slot * SLOT + ROW_FIELDS) : undefined;
      return this.store.rowById(accountId, key.orderId);
    }
    // By client id: the newest of what changed since the last commit (new orders, refusals) and of what the store holds.
    let held = this.newestIn(this.dirty, accountId, key.clientOrderId, undefined);
    if (this.copying !== undefined) held = this.newestIn(this.copying.slots, accountId, key.clientOrderId, held);
    for (const f of this.inFlight) held = this.newestIn(f.live, accountId, key.clientOrderId, this.newestIn(f.closed, accountId, key.clientOrderId, held));
    const stored = this.store.newestByClientId(accountId, key.clientOrderId);
    if (held !== undefined && (stored === undefined || this.slab[held + F.SORT_ID]! >= stored[F.SORT_ID]!)) return this.slab.slice(held, held + ROW_FIELDS);
    if (stored === undefined) return undefined;
    // The store's row may be older than memory's (a live order changed since the flush).
    const slot = stored[F.ORDER_ID]! > 0 ? this.heldSlot(stored[F.ORDER_ID]!) : undefined;
    return slot === undefined ? stored : this.slab.slice(slot * SLOT, slot * SLOT + ROW_FIELDS);
  }

  /**
   * The order's slot if memory answers for it: not an ended one whose flush is committed and settled (the store does,
   * retention and all; settled, not merely committed: the store's read view is renewed as of the last settle).
   */
  private heldSlot(orderId: number): number | undefined {
    const slot = this.slots.get(orderId);
    if (slot === undefined) return undefined;
    const gen = this.slab[slot * SLOT + GEN]!;
    return gen < 0 && -gen <= this.settledNo ? undefined : slot;
  }

  /** Of `slots`, where the newest row of the account with the client id starts, if newer than `held`'s. */
  private newestIn(slots: readonly number[], accountId: number, clientOrderId: number, held: number | undefined): number | undefined {
    for (const slot of slots) {
      const at = slot * SLOT;
      if (this.slab[at + F.ACCOUNT_ID] !== accountId || this.slab[at + F.CLIENT_ORDER_ID] !== clientOrderId) continue;
      if (held === undefined || this.slab[at + F.SORT_ID]! > this.slab[held + F.SORT_ID]!) held = at;
    }
    return held;
  }

  /**
   * A page of the account's orders, newest (highest order id) first: at most `limit`, below `beforeOrderId`, in one
   * series, live or ended only, as asked; `next`, the `beforeOrderId` of the following page (null: none). Looks at no
   * more than MAX_ORDERS_SCANNED rows (a narrow filter over a long history stops there, `next` saying where). Read from
   * the store once everything taken is committed: as of `asOfSeq`.
   */
  async pageOf(accountId: number, q: OrderPageQuery): Promise<{ orders: OrderRecord[]; next: number | null; asOfSeq: number }> {
    await this.written();
    const orders: OrderRecord[] = [];
    const asOfSeq = this.writtenThroughSeq;
    if (accountId === this.brokerId()) return { orders, next: null, asOfSeq };
    const wanted = Math.min(q.limit, MAX_ORDERS_PER_PAGE);
    let scanned = 0;
    let next: number | null = null;
    this.store.forEachBelow(accountId, q.beforeOrderId ?? Number.MAX_SAFE_INTEGER, (row) => {
      const orderId = row[F.ORDER_ID]!;
      if (orders.length === wanted) {
        next = orders.at(-1)!.orderId;
        return false;
      }
      if (++scanned > MAX_ORDERS_SCANNED) {
        next = orderId + 1;
        return false;
      }
      if (q.seriesId !== undefined && row[F.SERIES_ID] !== q.seriesId) return true;
      if (q.open !== undefined && q.open === isClosedStatus(row[F.STATUS]!)) return true;
      orders.push(recordOf(row, 0));
      return true;
    });
    return { orders, next, asOfSeq };
  }

  /** Resolves once the writer thread has opened the store. */
  ready(): Promise<void> {
    return this.writer.start();
  }

  /** Ms the engine's thread waited for the writer thread to make room (a replay faster than the disk). */
  get waitedForWriterMs(): number {
    return this.writer.waitedMs;
  }

  /** Flushes handed to the writer thread since the start. */
  get flushes(): number {
    return this.writer.handedOverCount;
  }

  /** Flushes handed to the writer thread and not yet committed (at most MAX_FLUSHES_IN_FLIGHT). */
  get uncommittedFlushes(): number {
    return this.writer.uncommitted;
  }

  /** Prometheus lines: how far the writer thread is behind, and what waiting for it cost the engine's thread. */
  metricsText(): string {
    return [
      ...metricLines('counter', 'patx_order_history_flushes_total', `The order history's flushes handed to its writer thread (every ${MAX_DIRTY.toLocaleString('en-US')} changed rows, before a listing at most every ${LISTING_FLUSH_MS} ms, before its progress is saved).`, this.writer.handedOverCount),
      ...metricLines('gauge', 'patx_order_history_uncommitted_flushes', `The order history's flushes handed to its writer thread and not yet committed (the engine's thread waits at ${MAX_FLUSHES_IN_FLIGHT}).`, this.writer.uncommitted),
      ...metricLines('counter', 'patx_order_history_writer_wait_seconds_total', "Time the engine's thread waited for the order history's writer thread to make room.", this.writer.waitedMs / 1000),
      ...metricLines('gauge', 'patx_order_history_rows_in_memory', "Orders the order history holds in memory (live, or ended and not yet freed: a committed flush's ended orders leave a few a turn).", this.slots.size),
    ].join('\n') + '\n';
  }

  /** What the store keeps, for tests and metrics. */
  async sizes(): Promise<{ batchRows: number; singles: number; closed: number; inMemory: number }> {
    await this.written();
    return { ...this.store.sizes(), inMemory: this.slots.size };
  }

  /** Hands over what is left, waits for the thread to commit it and end, then saves the progress and closes the store. */
  async close(): Promise<void> {
    this.flush();
    await this.writer.close();
    this.settleCommitted();
    this.closed = true;
    await this.model.close();
  }
}
