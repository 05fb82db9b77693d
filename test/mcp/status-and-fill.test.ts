/**
 * `patx mcp`'s spending limit counts a fill exactly when it arrives in the same network chunk as the status
 * answer that settles its order (src/mcp/early-reports.ts). The client reads every frame of a chunk at once
 * (`ws` emits them synchronously), so the fill reached the session before the code awaiting the status ran:
 * the order was not counted yet, the fill was dropped, and the order stayed counted at its worst.
 *
 * Real service (LMDB, uWS on 127.0.0.1), real frames: the broker's sale is queued right behind the session's
 * status query, so both are in one turn of the sequencer; the gateway flushes a connection's frames once per
 * event-loop turn under one cork, so the status answer and the fill report leave in one write and arrive in
 * one chunk. The test checks that the fill reached the session while the order was still unsettled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wire } from '../../src/client/index.js';
import { Side, TimeInForce, type CommandResult } from '../../src/engine/index.js';
import { EarlyReports, MAX_EARLY_REPORTS } from '../../src/mcp/early-reports.js';
import { httpReads } from '../../src/mcp/exchange-reads.js';
import { SpendingLimit } from '../../src/mcp/spending-limit.js';
import { WalletSession } from '../../src/mcp/wallet-session.js';
import { limitOrder } from '../support/exchange-fixture.js';
import { PAT_MICROS, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const PRICE_MICROS = 1_000_000;
let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture();
  await fx.stockBroker(5, PRICE_MICROS);
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

describe('WalletSession: a fill in the same chunk as the status answer of its unanswered order', () => {
  it('is counted: the order counts what its fill paid and its rest at its worst, not all of it at its worst', { timeout: 60_000 }, async () => {
    const wallet = testWallet(975);
    const other = await fx.connect(wallet); // the "dropped" session the order went out on
    const limit = new SpendingLimit(100 * PAT_MICROS);
    const session = new WalletSession({ gatewayUrl: fx.httpUrl, wallet, limit, reads: httpReads(fx.httpUrl) });
    try {
      await fx.fund(other.accountId, 100);
      await session.countRestingOrdersOnce(); // the session's order entry is open; nothing rests yet
      // A buy of 2 sent and not answered: held at a worst the test chooses (over what a fill can pay).
      const perUnitMicros = 2 * PRICE_MICROS;
      limit.commit(2 * perUnitMicros, 'a buy');
      limit.holdUnsettled({ clientOrderId: 81, side: 'buy', seriesId: fx.seriesId, qty: 2, priceMicros: PRICE_MICROS, perUnitMicros, worstMicros: 2 * perUnitMicros, sentOn: other });
      const rests = await other.newOrder({ seriesId: fx.seriesId, clientOrderId: 81, side: wire.Side.BUY, priceMicros: PRICE_MICROS, qty: 2 });
      expect(rests.reports!.at(-1)!.ordStatus).toBe(wire.OrdStatus.ORDER_NEW);

      // Whether the order was still unsettled when its fill reached the session (this listener runs after the limit's).
      const unsettledAtFill: number[] = [];
      (await session.trader('existing')).onReport((r) => {
        if (r.execType === wire.ExecType.EXEC_TRADE) unsettledAtFill.push(limit.unsettledOrders().length);
      });
      // The broker sells 1 into the buy in the same turn as the session's status query (queued right behind it).
      const sequencer = fx.service.sequencer;
      const readInTurn = sequencer.readInTurn.bind(sequencer);
      let sold: Promise<CommandResult> | undefined;
      sequencer.readInTurn = ((capture, deliver, fail) => {
        sequencer.readInTurn = readInTurn;
        readInTurn(capture, deliver, fail);
        sold = fx.submit(limitOrder(fx.service.engine.brokerId, fx.seriesId, Side.SELL, PRICE_MICROS, 1, TimeInForce.IOC));
      }) as typeof sequencer.readInTurn;

      await session.settleUnansweredOrders();
      await sold;
      expect(unsettledAtFill).toEqual([1]); // the fill came before the status answer was acted on
      expect(limit.unsettledOrders()).toEqual([]);
      const status = await other.orderStatus({ clientOrderId: 81 });
      expect([Number(status.cumQty), Number(status.leavesQty)]).toEqual([1, 1]);
      // Exact: what the fill paid (fee included) and the rest at its worst. It was 2 × the worst before.
      expect(limit.committedMicros).toBe(Number(status.filledNotionalMicros) + Number(status.feeMicros) + perUnitMicros);
    } finally {
      await other.close();
      await session.close();
    }
  });
});

describe('SpendingLimit.heard: reports of an order not counted yet', () => {
  const fill = (orderId: number, seq: number, qty = 1) => ({ orderId, seq, kind: 'fill' as const, qty, priceMicros: 500_000, feeMicros: 0 });

  it('are counted once the order is, when after the seq it was counted as of; those in its answer are not counted twice', () => {
    const limit = new SpendingLimit(10_000_000);
    limit.commit(4 * 900_000, 'buying 4 at 0.9');
    limit.holdUnsettled({ clientOrderId: 5, side: 'buy', seriesId: 1, qty: 4, priceMicros: 900_000, perUnitMicros: 900_000, worstMicros: 3_600_000, sentOn: undefined });
    limit.heard(fill(7, 10)); // in the status below (as of seq 11)
    limit.heard(fill(7, 12)); // after it
    limit.heard({ orderId: 7, seq: 13, kind: 'end', qty: 1, priceMicros: 0, feeMicros: 0 }); // after it: 1 cancelled
    limit.settleUnsettled(5, { orderId: 7, filledQty: 1, paidMicros: 500_000, leavesQty: 3, asOfSeq: 11 });
    expect(limit.committedMicros).toBe(500_000 + 500_000 + 1 * 900_000);
    limit.heard(fill(7, 11)); // a report the answer was as of: in it already
    expect(limit.committedMicros).toBe(1_900_000);
    limit.heard(fill(7, 14)); // a later fill of the last one resting
    expect(limit.committedMicros).toBe(1_500_000);
  });

  it('are held at most MAX_EARLY_REPORTS, the oldest pushed out', () => {
    const early = new EarlyReports();
    for (let i = 0; i <= MAX_EARLY_REPORTS; i++) early.hold(fill(i, 100 + i));
    expect(early.size).toBe(MAX_EARLY_REPORTS);
    expect(early.takeAfter(0, 0)).toEqual([]);
    expect(early.takeAfter(1, 0)).toEqual([fill(1, 101)]);
    expect(early.size).toBe(MAX_EARLY_REPORTS - 1);
  });
});
