/**
 * The order history (src/gateway/order-history.ts) fed turns as the journal's replay and the sequencer feed it: each
 * order's current and final state by id and by client id, live or ended, across flushes and a restart; refusals kept
 * by client id; the broker's orders never kept; retention by the per-account cap and by age, oldest first; a page
 * merging orders written one by one and in batches; a read folded into its turn (Sequencer.readInTurn). The service's
 * case, over HTTP and WebSocket, is test/gateway/order-history.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CancelReason, CommandKind, EventType, OrderType, RejectReason, SelfTradePrevention, Side, TimeInForce, type Command, type EngineEvent } from '../../src/engine/index.js';
import { MAX_DIRTY, OrderHistory } from '../../src/gateway/order-history.js';
import { MAX_FLUSHES_IN_FLIGHT, OrderHistoryUnavailable } from '../../src/gateway/order-history-writer.js';
import { orderHistoryRoutes } from '../../src/gateway/order-history-routes.js';
import { OrderStatus } from '../../src/gateway/order-rows.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const BROKER = 1;
const ALICE = 5;
const BOB = 6;
const SERIES = 10;
const DAY = 86_400_000;

const newOrder = (actor: number, clientOrderId: number, tif: TimeInForce = TimeInForce.GTC, expireAtMs = 0, orderType: OrderType = OrderType.LIMIT): Command => ({
  kind: CommandKind.NEW_ORDER, actor, seriesId: SERIES, clientOrderId, side: Side.BUY, orderType, tif, priceMicros: 500_000, qty: 10, expireAtMs, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST,
});
const accepted = (seq: number, orderId: number, accountId: number, clientOrderId: number, qty = 10, isQuote = false): EngineEvent => ({
  type: EventType.ORDER_ACCEPTED, seq, orderId, accountId, clientOrderId, seriesId: SERIES, side: Side.BUY, priceMicros: 500_000, orderQty: qty, isQuote,
});
let tradeId = 0;
const filled = (seq: number, takerOrderId: number, taker: number, qty: number, cumQty: number, orderQty = 10, priceMicros = 490_000): EngineEvent => ({
  type: EventType.FILL, seq, seriesId: SERIES, tradeId: ++tradeId, priceMicros, qty, takerSide: Side.BUY,
  makerOrderId: 9_000 + tradeId, makerAccountId: BROKER, makerClientOrderId: 0, makerOrderQty: qty, makerCumQty: qty, makerLeavesQty: 0,
  takerOrderId, takerAccountId: taker, takerClientOrderId: 0, takerOrderQty: orderQty, takerCumQty: cumQty, takerLeavesQty: orderQty - cumQty, takerFeeMicros: 100,
});
const canceled = (seq: number, orderId: number, accountId: number, clientOrderId: number, cumQty: number, reason: CancelReason = CancelReason.USER): EngineEvent => ({
  type: EventType.ORDER_CANCELED, seq, orderId, accountId, clientOrderId, seriesId: SERIES, side: Side.BUY, priceMicros: 500_000, orderQty: 10, cumQty, canceledQty: 10 - cumQty, reason,
});
const turn = (seq: number, events: EngineEvent[], commands: Command[] = [], timeMs = 1_000 * seq) => ({ firstSeq: seq, lastSeq: seq + Math.max(commands.length, 1) - 1, timeMs, commands, events });

describe('the order history', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) removeDir(dir);
  });
  const open = (retention?: { retentionMs: number; maxClosedPerAccount: number }): OrderHistory => OrderHistory.create(dir!, () => BROKER, retention);

  it('keeps each order from its acceptance to its end, by id and by client id, across flushes and a restart; refusals by client id; no broker order', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-model-'));
    let h = open();
    // 1: Alice's GTD order rests (live across the flush below); 2: her IOC fills 4 of 10 and the rest is cancelled; the broker's quote.
    h.model.take(turn(1, [accepted(1, 101, ALICE, 7)], [newOrder(ALICE, 7, TimeInForce.GTD, 99_000)]));
    h.model.take(turn(2, [accepted(2, 102, ALICE, 8), filled(2, 102, ALICE, 4, 4), canceled(2, 102, ALICE, 8, 4, CancelReason.IOC_REMAINDER), accepted(2, 103, BROKER, 0, 5, true)], [newOrder(ALICE, 8, TimeInForce.IOC)]));
    expect(h.orderOf(ALICE, { orderId: 101, clientOrderId: 0 })).toMatchObject({ orderId: 101, status: OrderStatus.NEW, timeInForce: TimeInForce.GTD, expireAtMs: 99_000, leavesQty: 10, createdSeq: 1, createdAtMs: 1_000 });
    expect(h.orderOf(ALICE, { orderId: 102, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.CANCELED, reason: CancelReason.IOC_REMAINDER, cumQty: 4, leavesQty: 0, filledNotionalMicros: 4 * 490_000, feeMicros: 100, timeInForce: TimeInForce.IOC });
    expect(h.orderOf(BROKER, { orderId: 103, clientOrderId: 0 })).toBeUndefined();
    expect((await h.pageOf(ALICE, { limit: 10 })).orders.map((o) => o.orderId)).toEqual([102, 101]); // flushed: 101 a single, 102 in a batch
    // 3: 101 fills partly; Bob is refused (kept, by client id) and resends a duplicate of a live id (not kept); 4: 101 cancelled on disconnect.
    h.model.take(turn(3, [filled(3, 101, ALICE, 3, 3)]));
    h.model.take(turn(4, [{ type: EventType.ORDER_REJECTED, seq: 4, accountId: BOB, clientOrderId: 70, seriesId: SERIES, reason: RejectReason.INSUFFICIENT_BALANCE }], [newOrder(BOB, 70)]));
    h.model.take(turn(5, [{ type: EventType.ORDER_REJECTED, seq: 5, accountId: ALICE, clientOrderId: 7, seriesId: SERIES, reason: RejectReason.DUPLICATE_CLIENT_ORDER_ID }], [newOrder(ALICE, 7)]));
    expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 7 })).toMatchObject({ orderId: 101, status: OrderStatus.PARTIALLY_FILLED, cumQty: 3, leavesQty: 7 });
    h.model.take(turn(6, [canceled(6, 101, ALICE, 7, 3, CancelReason.CANCEL_ON_DISCONNECT)]));
    await h.close();

    h = open();
    expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 7 })).toMatchObject({ orderId: 101, status: OrderStatus.CANCELED, reason: CancelReason.CANCEL_ON_DISCONNECT, cumQty: 3, updatedSeq: 6, updatedAtMs: 6_000 });
    expect(h.orderOf(BOB, { orderId: 0, clientOrderId: 70 })).toMatchObject({ orderId: 0, status: OrderStatus.REJECTED, reason: RejectReason.INSUFFICIENT_BALANCE, orderQty: 10, priceMicros: 500_000 });
    expect(h.orderOf(ALICE, { orderId: 102, clientOrderId: 0 })).toMatchObject({ orderId: 102, status: OrderStatus.CANCELED, cumQty: 4 }); // from its batch
    expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 8 })).toMatchObject({ orderId: 102 });
    // Another account's order is no order; an unknown one neither.
    expect(h.orderOf(BOB, { orderId: 101, clientOrderId: 0 })).toBeUndefined();
    expect(h.orderOf(ALICE, { orderId: 999, clientOrderId: 0 })).toBeUndefined();
    expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 70 })).toBeUndefined();
    // A turn taken again after a crash (replayed before its progress was saved) adds nothing twice.
    h.model.take(turn(3, [filled(3, 101, ALICE, 3, 3)]));
    expect(h.orderOf(ALICE, { orderId: 101, clientOrderId: 0 })!.filledNotionalMicros).toBe(3 * 490_000);
    // A client id used again (the engine forgot it): the newest order answers.
    h.model.take(turn(7, [accepted(7, 104, ALICE, 7)], [newOrder(ALICE, 7)]));
    expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 7 })).toMatchObject({ orderId: 104, status: OrderStatus.NEW });
    await h.close();
  });

  it('listings share flushes: many at once cost one, and each sees every order taken before it', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-listings-'));
    const h = open();
    await h.ready();
    h.model.take(turn(1, [accepted(1, 1, ALICE, 1)], [newOrder(ALICE, 1)]));
    const before = h.flushes;
    const pages = await Promise.all(Array.from({ length: 20 }, () => h.pageOf(ALICE, { limit: 10 })));
    expect(h.flushes - before).toBe(1);
    expect(pages.every((p) => p.orders.length === 1 && p.asOfSeq === 1)).toBe(true);
    // Right after, within the 50 ms: a listing still sees an order taken just before it (it waits for the next flush).
    h.model.take(turn(2, [accepted(2, 2, ALICE, 2)], [newOrder(ALICE, 2)]));
    const [a, b] = await Promise.all([h.pageOf(ALICE, { limit: 10 }), h.pageOf(BOB, { limit: 10 })]);
    expect(a.orders.map((o) => o.orderId)).toEqual([2, 1]);
    expect(b.orders).toEqual([]);
    expect(h.flushes - before).toBe(2);
    await h.close();
  });

  it('pages newest first, merging rows written one by one and in batches, by series and state, below an id', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-page-'));
    const h = open();
    let seq = 0;
    for (let i = 1; i <= 30; i++) {
      seq++;
      const live = i % 3 === 0;
      h.model.take(turn(seq, live ? [accepted(seq, i, ALICE, i)] : [accepted(seq, i, ALICE, i), canceled(seq, i, ALICE, i, 0)], [newOrder(ALICE, i)]));
      if (i % 7 === 0) h.flush();
    }
    expect((await h.pageOf(ALICE, { limit: 100 })).orders.map((o) => o.orderId)).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
    const open1 = await h.pageOf(ALICE, { limit: 4, open: true });
    expect(open1.orders.map((o) => o.orderId)).toEqual([30, 27, 24, 21]);
    expect(open1.next).toBe(21);
    expect((await h.pageOf(ALICE, { limit: 100, open: true, beforeOrderId: 21 })).orders.map((o) => o.orderId)).toEqual([18, 15, 12, 9, 6, 3]);
    expect(await h.pageOf(ALICE, { limit: 3, open: false, beforeOrderId: 10 })).toMatchObject({ orders: [{ orderId: 8 }, { orderId: 7 }, { orderId: 5 }], next: 5 });
    expect((await h.pageOf(ALICE, { limit: 10, seriesId: SERIES + 1 })).orders).toEqual([]);
    await h.close();
  });

  it('retention: an account over its cap loses its oldest closed orders, keeping at least the cap; a flush older than the retention loses what it wrote; live orders stay', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-retention-'));
    const h = open({ retentionMs: 2 * DAY, maxClosedPerAccount: 100 });
    // A live order first, then 300 of Alice's IOC orders, a flush every 50 (each a batch of 50 at a time).
    h.model.take(turn(1, [accepted(1, 1, ALICE, 1)], [newOrder(ALICE, 1)], 0));
    let seq = 1;
    for (let i = 2; i <= 301; i++) {
      seq++;
      h.model.take(turn(seq, [accepted(seq, i, ALICE, i), canceled(seq, i, ALICE, i, 0, CancelReason.IOC_REMAINDER)], [newOrder(ALICE, i, TimeInForce.IOC)], 0));
      if (i % 50 === 1) h.flush();
    }
    const sizes = await h.sizes();
    expect(sizes.closed).toBeGreaterThanOrEqual(100);
    expect(sizes.closed).toBeLessThanOrEqual(150);
    expect(h.orderOf(ALICE, { orderId: 301, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.CANCELED });
    expect(h.orderOf(ALICE, { orderId: 2, clientOrderId: 0 })).toBeUndefined();
    expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 2 })).toBeUndefined();
    expect(h.orderOf(ALICE, { orderId: 1, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.NEW });
    const kept = (await h.pageOf(ALICE, { limit: 1000, open: false })).orders.map((o) => o.orderId);
    expect(kept[0]).toBe(301);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 301 - i)); // the newest, contiguous
    // Bob's one order, three days later: everything written before the cutoff goes, Alice's live order stays.
    h.model.take(turn(seq + 1, [accepted(seq + 1, 400, BOB, 1), canceled(seq + 1, 400, BOB, 1, 0)], [newOrder(BOB, 1)], 3 * DAY));
    h.flush();
    expect(await h.sizes()).toMatchObject({ closed: 1, batchRows: 1, singles: 1 });
    expect(h.orderOf(ALICE, { orderId: 301, clientOrderId: 0 })).toBeUndefined();
    expect(h.orderOf(ALICE, { orderId: 1, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.NEW });
    expect(h.orderOf(BOB, { orderId: 0, clientOrderId: 1 })).toMatchObject({ orderId: 400, status: OrderStatus.CANCELED });
    await h.close();
  });

  it('a cap lowered at a restart: the next flush prunes many batches and closed singles at once, oldest first, down to the cap', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-cap-lowered-'));
    let h = open({ retentionMs: 30 * DAY, maxClosedPerAccount: 1_000_000 });
    // 90 of Alice's orders, a flush every 3: two in each go as its batch, the third rests across the flush and is
    // cancelled in the next turn (a closed single). 30 batches and 30 closed singles' records, 90 closed orders.
    let seq = 0;
    for (let i = 1; i <= 90; i += 3) {
      for (const id of [i, i + 1]) {
        seq++;
        h.model.take(turn(seq, [accepted(seq, id, ALICE, id), canceled(seq, id, ALICE, id, 0, CancelReason.IOC_REMAINDER)], [newOrder(ALICE, id, TimeInForce.IOC)]));
      }
      seq++;
      h.model.take(turn(seq, [accepted(seq, i + 2, ALICE, i + 2)], [newOrder(ALICE, i + 2)]));
      h.flush();
      seq++;
      h.model.take(turn(seq, [canceled(seq, i + 2, ALICE, i + 2, 0)], [{ kind: CommandKind.CANCEL_ORDER, actor: ALICE, orderId: i + 2, clientOrderId: 0 }]));
    }
    h.flush();
    expect((await h.sizes()).closed).toBe(90);
    await h.close();
    h = open({ retentionMs: 30 * DAY, maxClosedPerAccount: 20 });
    seq++;
    h.model.take(turn(seq, [accepted(seq, 91, ALICE, 91), canceled(seq, 91, ALICE, 91, 0, CancelReason.IOC_REMAINDER)], [newOrder(ALICE, 91, TimeInForce.IOC)]));
    h.flush();
    const closed = (await h.sizes()).closed;
    expect(closed).toBeGreaterThanOrEqual(20);
    expect(closed).toBeLessThan(20 + 3); // no record kept that could go: each holds at most 2 orders
    const kept = (await h.pageOf(ALICE, { limit: 1000, open: false })).orders.map((o) => o.orderId);
    expect(kept).toEqual(Array.from({ length: closed }, (_, i) => 91 - i)); // the newest, contiguous
    expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 3 })).toBeUndefined(); // an old closed single's client id is gone too
    await h.close();
  });

  it('an order whose acceptance it never saw (a store begun after it) is kept from its later events, beside the batches around it', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-unseen-'));
    const h = open();
    h.model.take(turn(1, [accepted(1, 50, ALICE, 1), canceled(1, 50, ALICE, 1, 0)], [newOrder(ALICE, 1)]));
    h.flush(); // a batch holding order 50
    h.model.take(turn(2, [accepted(2, 60, ALICE, 2), canceled(2, 60, ALICE, 2, 0), canceled(2, 7, ALICE, 9, 0, CancelReason.MASS_CANCEL)], [newOrder(ALICE, 2)]));
    h.flush(); // order 7 ends unseen: on its own, not in the batch of 60
    expect(h.orderOf(ALICE, { orderId: 7, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.CANCELED, reason: CancelReason.MASS_CANCEL, createdSeq: 0, orderType: OrderType.LIMIT });
    expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 9 })).toMatchObject({ orderId: 7 });
    for (const id of [50, 60]) expect(h.orderOf(ALICE, { orderId: id, clientOrderId: 0 })).toMatchObject({ orderId: id, status: OrderStatus.CANCELED });
    expect((await h.pageOf(ALICE, { limit: 10 })).orders.map((o) => o.orderId)).toEqual([60, 50, 7]);
    await h.close();
  });

  it('after a restart, live orders read back from the store as their events come, past the slab it started with', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-reload-'));
    let h = open();
    const ids = Array.from({ length: 600 }, (_, i) => 1_000 + i);
    h.model.take(turn(1, ids.map((id) => accepted(1, id, ALICE, id)), [newOrder(ALICE, 0)]));
    await h.close(); // all live: written one by one
    h = open();
    h.model.take(turn(2, ids.map((id) => filled(2, id, ALICE, 10, 10))));
    for (const id of [ids[0]!, ids[300]!, ids.at(-1)!]) expect(h.orderOf(ALICE, { orderId: id, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.FILLED, cumQty: 10, filledNotionalMicros: 10 * 490_000, createdSeq: 1 });
    expect((await h.pageOf(ALICE, { limit: 1000, open: true })).orders).toEqual([]);
    await h.close();
  });

  it('folds the events of a read\'s turn before it into what it holds: an order made, filled or cancelled earlier in the turn', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-fold-'));
    const h = open();
    h.model.take(turn(1, [accepted(1, 1, ALICE, 11)], [newOrder(ALICE, 11)]));
    // The turn being released: Alice's order 1 cancelled, then her new IOC 2 filled; the read sits between them.
    const events = [canceled(2, 1, ALICE, 11, 0), accepted(3, 2, ALICE, 12), filled(3, 2, ALICE, 10, 10)];
    const released = { firstSeq: 2, timeMs: 2_000, commands: [{ kind: CommandKind.CANCEL_ORDER, actor: ALICE, orderId: 1, clientOrderId: 0 } as Command, newOrder(ALICE, 12, TimeInForce.IOC)], events };
    expect(h.orderInTurn(ALICE, { orderId: 1, clientOrderId: 0 }, released, 1)).toMatchObject({ status: OrderStatus.CANCELED, reason: CancelReason.USER });
    expect(h.orderInTurn(ALICE, { orderId: 0, clientOrderId: 12 }, released, 1)).toBeUndefined();
    expect(h.orderInTurn(ALICE, { orderId: 0, clientOrderId: 12 }, released, 3)).toMatchObject({ orderId: 2, status: OrderStatus.FILLED, cumQty: 10, timeInForce: TimeInForce.IOC });
    expect(h.orderInTurn(BOB, { orderId: 1, clientOrderId: 0 }, released, 3)).toBeUndefined();
    // The history itself has not taken the turn: it still says live.
    expect(h.orderOf(ALICE, { orderId: 1, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.NEW });
    await h.close();
  });

  describe('its writer thread (order-history-writer.ts)', () => {
    // worker-boot.mjs refuses an entry the build PATX_SERVICE_DIST names lacks (test/support/build-service.ts sets it): the faulty thread is the tests' own.
    const serviceDist = process.env.PATX_SERVICE_DIST;
    beforeAll(() => {
      delete process.env.PATX_SERVICE_DIST;
    });
    afterAll(() => {
      if (serviceDist !== undefined) process.env.PATX_SERVICE_DIST = serviceDist;
    });
    const faulty = (query: string, roomTimeoutMs?: number): OrderHistory =>
      OrderHistory.create(dir!, () => BROKER, { retentionMs: 30 * DAY, maxClosedPerAccount: 1_000_000 }, {}, {
        entry: new URL(`../support/order-history-worker-faulty.ts?${query}`, import.meta.url).href,
        ...(roomTimeoutMs === undefined ? {} : { roomTimeoutMs }),
      });

    it('answers from memory what it handed over and the thread has not committed yet; a page waits for the commit', async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-inflight-'));
      const h = faulty('holdMs=400');
      // Alice's order 1 ends (a batch row), 2 stays live (a single); handed over, held 400 ms by the thread.
      h.model.take(turn(1, [accepted(1, 1, ALICE, 21), canceled(1, 1, ALICE, 21, 0), accepted(1, 2, ALICE, 22)], [newOrder(ALICE, 21), newOrder(ALICE, 22)]));
      h.flush();
      expect(h.uncommittedFlushes).toBe(1);
      expect(h.orderOf(ALICE, { orderId: 1, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.CANCELED });
      expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 21 })).toMatchObject({ orderId: 1, status: OrderStatus.CANCELED });
      expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 22 })).toMatchObject({ orderId: 2, status: OrderStatus.NEW });
      // While the first is held, order 2 fills and ends: the next flush writes its single again, closed.
      h.model.take(turn(3, [filled(3, 2, ALICE, 10, 10)]));
      h.flush();
      expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 22 })).toMatchObject({ orderId: 2, status: OrderStatus.FILLED });
      const page = await h.pageOf(ALICE, { limit: 10 });
      expect(h.uncommittedFlushes).toBe(0);
      expect(page).toMatchObject({ asOfSeq: 3, orders: [{ orderId: 2, status: OrderStatus.FILLED }, { orderId: 1, status: OrderStatus.CANCELED }] });
      // Committed: read from the store; they leave memory a few a turn (the next turn here).
      h.model.take(turn(4, []));
      expect((await h.sizes()).inMemory).toBe(0);
      expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 22 })).toMatchObject({ orderId: 2, status: OrderStatus.FILLED });
      expect(h.orderOf(ALICE, { orderId: 0, clientOrderId: 21 })).toMatchObject({ orderId: 1, status: OrderStatus.CANCELED });
      await h.close();
    });

    it('holds at most MAX_FLUSHES_IN_FLIGHT flushes uncommitted: a replay faster than the disk waits for it', async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-bound-'));
      const h = faulty('holdMs=30');
      let most = 0;
      let id = 0;
      // Twelve flushes' worth of orders that open and end, taken without a pause (as a replay at start takes them).
      for (let seq = 1; seq <= 12; seq++) {
        const events: EngineEvent[] = [];
        for (let k = 0; k < MAX_DIRTY; k++) events.push(accepted(seq, ++id, ALICE, id), canceled(seq, id, ALICE, id, 0));
        h.model.take(turn(seq, events, [newOrder(ALICE, 0)]));
        most = Math.max(most, h.uncommittedFlushes);
      }
      // The ring's fourth slot holds the flush being copied: three handed over, then the engine's thread waits.
      expect(most).toBe(MAX_FLUSHES_IN_FLIGHT - 1);
      expect(h.waitedForWriterMs).toBeGreaterThan(0);
      expect((await h.pageOf(ALICE, { limit: 1 })).orders).toMatchObject([{ orderId: id }]);
      expect((await h.sizes()).batchRows).toBe(id);
      await h.close();
    });

    it('a flush is copied a few rows a turn; a row changed before its copy goes over as it stood at the flush\'s seq, so a restart replays the change once', async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-copying-'));
      let h = faulty('failAt=2');
      // Turn 1: MAX_DIRTY live orders: a flush begins, through seq 1; a turn copies only a few of its rows.
      const events: EngineEvent[] = [];
      for (let id = 1; id <= MAX_DIRTY; id++) events.push(accepted(1, id, ALICE, id));
      h.model.take(turn(1, events, [newOrder(ALICE, 0)]));
      // Turn 2: the last order, not copied yet, fills 4: copied first as it stood (new), the fill left for the next flush.
      h.model.take(turn(2, [filled(2, MAX_DIRTY, ALICE, 4, 4)]));
      expect(h.flushes).toBe(0);
      expect(h.orderOf(ALICE, { orderId: MAX_DIRTY, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.PARTIALLY_FILLED, cumQty: 4 });
      // Turns without events finish the copy; flush 1 is committed, flush 2 (the fill, at close) fails: a crash after flush 1.
      for (let seq = 3; h.flushes === 0; seq++) h.model.take(turn(seq, []));
      await until(() => h.uncommittedFlushes === 0, 'flush 1 committed', 5_000);
      await h.close();
      h = open();
      expect(h.model.seq).toBe(1);
      expect(h.orderOf(ALICE, { orderId: MAX_DIRTY, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.NEW, cumQty: 0, filledNotionalMicros: 0 });
      // Rows copied in the turns after (each at its place in the flush), not only the first turn's.
      for (const id of [1, MAX_DIRTY / 2, MAX_DIRTY - 1]) expect(h.orderOf(ALICE, { orderId: id, clientOrderId: 0 })).toMatchObject({ orderId: id, clientOrderId: id, status: OrderStatus.NEW });
      // The journal's tail, replayed: the fill counts once.
      h.model.take(turn(2, [filled(2, MAX_DIRTY, ALICE, 4, 4)]));
      expect(h.orderOf(ALICE, { orderId: MAX_DIRTY, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.PARTIALLY_FILLED, cumQty: 4, filledNotionalMicros: 4 * 490_000 });
      await h.close();
    });

    it('a save of its progress starts a flush the turns copy, not a copy on the spot; one no turn moved is finished at the next save', async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-save-'));
      const h = faulty('holdMs=0');
      const events: EngineEvent[] = [];
      for (let id = 1; id <= 1_000; id++) events.push(accepted(1, id, ALICE, id));
      h.model.take(turn(1, events, [newOrder(ALICE, 0)]));
      h.model.saveNow();
      expect(h.flushes).toBe(0); // begun, nothing copied yet
      h.model.take(turn(2, []));
      expect(h.flushes).toBe(0); // a turn's few rows
      h.model.take(turn(3, []));
      expect(h.flushes).toBe(1);
      // Idle: the next save begins one, the save after it (no turn between) finishes it.
      h.model.take(turn(4, [canceled(4, 1, ALICE, 1, 0)]));
      h.model.saveNow();
      expect(h.flushes).toBe(1);
      h.model.saveNow();
      expect(h.flushes).toBe(2);
      await until(() => h.uncommittedFlushes === 0, 'both committed', 5_000);
      expect(h.orderOf(ALICE, { orderId: 1, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.CANCELED });
      await h.close();
    });

    it('a writer that makes no room in time stops the history: the flush that waited is not handed over (its ring slot is an uncommitted flush\'s)', async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-room-'));
      const h = faulty('holdMs=800', 200);
      let id = 0;
      // Each turn crosses MAX_DIRTY: the fifth finds four flushes uncommitted and waits 200 ms for room, in vain.
      for (let seq = 1; seq <= 5; seq++) {
        const events: EngineEvent[] = [];
        for (let k = 0; k < MAX_DIRTY; k++) events.push(accepted(seq, ++id, ALICE, id));
        h.model.take(turn(seq, events, [newOrder(ALICE, 0)]));
      }
      expect(h.flushes).toBe(MAX_FLUSHES_IN_FLIGHT);
      expect(() => h.orderOf(ALICE, { orderId: 1, clientOrderId: 0 })).toThrow(OrderHistoryUnavailable);
      for (let seq = 6; seq <= 80; seq++) h.model.take(turn(seq, []));
      expect(h.flushes).toBe(MAX_FLUSHES_IN_FLIGHT);
      await h.close();
    });

    it('a flush larger than a slot of the shared ring goes over in a buffer of its own, in order with the flushes around it', async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-large-'));
      const h = faulty('holdMs=20');
      let id = 0;
      const live = (seq: number, n: number): void => {
        const events: EngineEvent[] = [];
        for (let k = 0; k < n; k++) events.push(accepted(seq, ++id, ALICE, id));
        h.model.take(turn(seq, events, [newOrder(ALICE, 0)]));
        h.flush();
      };
      live(1, 3); // a ring slot
      live(2, 2 * MAX_DIRTY + 7); // more rows than a slot holds: a buffer of its own
      live(3, 5); // a ring slot again, while the large one may still be uncommitted
      const page = await h.pageOf(ALICE, { limit: 1_000, open: true });
      expect(page.asOfSeq).toBe(3);
      expect(page.orders[0]).toMatchObject({ orderId: id, status: OrderStatus.NEW });
      expect((await h.sizes()).singles).toBe(id);
      expect(h.orderOf(ALICE, { orderId: 3 + MAX_DIRTY, clientOrderId: 0 })).toMatchObject({ orderId: 3 + MAX_DIRTY, status: OrderStatus.NEW, createdSeq: 2 });
      await h.close();
    });

    it('a flush that cannot be written stops it: reads say ORDER_HISTORY_UNAVAILABLE, nothing past the last commit is taken as saved, and a restart derives the rest again', async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orders-failed-'));
      let h = faulty('failAt=2');
      h.model.take(turn(1, [accepted(1, 1, ALICE, 31)], [newOrder(ALICE, 31)]));
      await h.pageOf(ALICE, { limit: 1 }); // flush 1 committed
      h.model.take(turn(2, [canceled(2, 1, ALICE, 31, 0), accepted(2, 2, ALICE, 32)], [newOrder(ALICE, 32)]));
      await expect(h.pageOf(ALICE, { limit: 10 })).rejects.toThrow(OrderHistoryUnavailable);
      expect(() => h.orderOf(ALICE, { orderId: 1, clientOrderId: 0 })).toThrow(OrderHistoryUnavailable);
      // In the thread's own words once its message is heard (the shared counter may say it failed a moment before).
      const said = (): string => {
        try {
          h.orderOf(ALICE, { orderId: 1, clientOrderId: 0 });
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      };
      await until(() => /could not write flush 2 \(MDB_MAP_FULL/.test(said()), 'the writer thread says why it stopped', 5_000);
      // Over HTTP: a 503 that names it, not a 500.
      const routes = orderHistoryRoutes(() => h, () => undefined, () => undefined);
      const reply = await routes[0]!.handle({ accountId: ALICE, params: { id: '1' }, query: new URLSearchParams() } as never);
      expect(reply).toMatchObject({ status: 503, body: { error: 'ORDER_HISTORY_UNAVAILABLE' } });
      // Turns after the failure are not kept, and the progress saved stops at the last commit.
      h.model.take(turn(3, [accepted(3, 3, ALICE, 33)], [newOrder(ALICE, 33)]));
      await h.close();
      h = open();
      expect(h.model.seq).toBe(1);
      expect(h.orderOf(ALICE, { orderId: 1, clientOrderId: 0 })).toMatchObject({ status: OrderStatus.NEW });
      // The journal's tail, replayed: everything is there once.
      h.model.take(turn(2, [canceled(2, 1, ALICE, 31, 0), accepted(2, 2, ALICE, 32)], [newOrder(ALICE, 32)]));
      h.model.take(turn(3, [accepted(3, 3, ALICE, 33)], [newOrder(ALICE, 33)]));
      expect((await h.pageOf(ALICE, { limit: 10 })).orders.map((o) => [o.orderId, o.status])).toEqual([[3, OrderStatus.NEW], [2, OrderStatus.NEW], [1, OrderStatus.CANCELED]]);
      await h.close();
    });
  });
});
